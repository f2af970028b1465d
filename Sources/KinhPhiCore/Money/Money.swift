// Money: whole Vietnamese đồng, exact, overflow-checked.
//
// Legal basis for whole đồng and the dot/comma convention: Luật Kế toán 2015 (88/2015/QH13) Art. 11
// (đơn vị tính là "đồng"; dấu chấm phân cách hàng nghìn, dấu phẩy phân cách thập phân).
//
// The representable range is ±999.999.999.999.999 đ — the range that can be read in words
// (AmountInWords.maximum). Any arithmetic that would leave it throws `MoneyError.overflow`; nothing wraps
// and nothing traps. No floating-point type is ever used on the way to or from a `Money`.

/// An exact amount of money in whole đồng (may be negative: differences, reversals, refunds).
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in đồng.
    public let dong: Int64

    /// The largest magnitude a `Money` may hold: 999.999.999.999.999 đ.
    public static let limit: Int64 = 999_999_999_999_999

    public static let zero = Money(uncheckedDong: 0)

    /// Creates an amount; throws when |dong| exceeds `Money.limit`.
    public init(dong: Int64) throws(MoneyError) {
        guard dong <= Money.limit, dong >= -Money.limit else { throw .overflow(operation: "\(dong)") }
        self.dong = dong
    }

    /// For literals in code and tests that are obviously in range (checked by a precondition).
    public init(_ dong: Int64) {
        precondition(dong <= Money.limit && dong >= -Money.limit, "Money literal out of range")
        self.dong = dong
    }

    init(uncheckedDong: Int64) { self.dong = uncheckedDong }

    /// Creates a money from a wide intermediate, checking the range.
    public init(wide value: Int128) throws(MoneyError) {
        guard value <= Int128(Money.limit), value >= -Int128(Money.limit) else {
            throw .overflow(operation: "\(value)")
        }
        self.dong = Int64(value)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.dong < rhs.dong }

    public static func + (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        // Both operands are within ±limit (< 2^50), so the Int64 sum cannot overflow; only the range can.
        let s = lhs.dong + rhs.dong
        guard s <= Money.limit, s >= -Money.limit else { throw .overflow(operation: "\(lhs.dong) + \(rhs.dong)") }
        return Money(uncheckedDong: s)
    }

    public static func - (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        let s = lhs.dong - rhs.dong
        guard s <= Money.limit, s >= -Money.limit else { throw .overflow(operation: "\(lhs.dong) - \(rhs.dong)") }
        return Money(uncheckedDong: s)
    }

    public static prefix func - (value: Money) -> Money { Money(uncheckedDong: -value.dong) }

    public static func += (lhs: inout Money, rhs: Money) throws(MoneyError) { lhs = try lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) throws(MoneyError) { lhs = try lhs - rhs }

    /// Multiplies by a whole count (persons, papers, vouchers).
    public func times(_ count: Int64) throws(MoneyError) -> Money {
        let (p, o) = dong.multipliedReportingOverflow(by: count)
        guard !o else { throw .overflow(operation: "\(dong) × \(count)") }
        return try Money(dong: p)
    }

    /// The sum of a sequence, overflow-checked.
    public static func sum<S: Sequence>(_ values: S) throws(MoneyError) -> Money where S.Element == Money {
        var total = Money.zero
        for v in values { total = try total + v }
        return total
    }

    public var isNegative: Bool { dong < 0 }
    public var isZero: Bool { dong == 0 }
    public var magnitude: Money { Money(uncheckedDong: dong < 0 ? -dong : dong) }

    public static func min(_ a: Money, _ b: Money) -> Money { a < b ? a : b }
    public static func max(_ a: Money, _ b: Money) -> Money { a < b ? b : a }

    /// Vietnamese grouping: `1.500.000`.
    public var description: String { VietnameseNumberFormat.money(self) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let v = try c.decode(Int64.self)
        do { try self.init(dong: v) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "amount out of range: \(v)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(dong)
    }
}

/// Arithmetic that would leave the representable range.
public enum MoneyError: Error, Equatable, Sendable {
    case overflow(operation: String)
}

extension MoneyError: Localized {
    public func message(_ lang: Language) -> String {
        switch self {
        case .overflow(let op):
            return lang == .vi
                ? "Số tiền vượt quá giới hạn 999.999.999.999.999 đồng (phép tính: \(op))."
                : "Amount exceeds the limit of 999,999,999,999,999 dong (operation: \(op))."
        }
    }
}
