// Exact decimal quantities: 0,5 session, 1,5 × base salary, 130 %.
//
// A quantity is `mantissa / 10^scale` with 0 ≤ scale ≤ `Quantity.maxScale`. It is normalised (no trailing
// zero in the fraction), so equal values are equal structs. Products with money go through `Rounding`.

public struct Quantity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let mantissa: Int64
    public let scale: Int

    /// At most six digits after the decimal comma.
    public static let maxScale = 6
    /// Quantities are bounded so that products with money stay within 128 bits.
    public static let limit: Int64 = 999_999_999_999

    public static let one = Quantity(whole: 1)
    public static let zero = Quantity(whole: 0)

    public init(whole: Int64) {
        precondition(whole <= Quantity.limit && whole >= -Quantity.limit, "Quantity out of range")
        self.mantissa = whole
        self.scale = 0
    }

    /// `Quantity(mantissa: 15, scale: 1)` is 1,5. Throws when out of range.
    public init(mantissa: Int64, scale: Int) throws(MoneyError) {
        guard scale >= 0, scale <= Quantity.maxScale else { throw .overflow(operation: "scale \(scale)") }
        var m = mantissa, s = scale
        while s > 0 && m % 10 == 0 { m /= 10; s -= 1 }
        // The whole part must stay within the limit.
        var whole = m
        for _ in 0..<s { whole /= 10 }
        guard whole <= Quantity.limit, whole >= -Quantity.limit else { throw .overflow(operation: "quantity \(mantissa)e-\(scale)") }
        self.mantissa = m
        self.scale = s
    }

    public var isWhole: Bool { scale == 0 }
    public var isNegative: Bool { mantissa < 0 }

    /// The whole value if the quantity has no fraction.
    public var wholeValue: Int64? { scale == 0 ? mantissa : nil }

    static func pow10(_ n: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        let s = Swift.max(lhs.scale, rhs.scale)
        return Int128(lhs.mantissa) * pow10(s - lhs.scale) < Int128(rhs.mantissa) * pow10(s - rhs.scale)
    }

    /// Exact product; throws when the result needs more than `maxScale` decimals or leaves the range.
    public static func * (lhs: Quantity, rhs: Quantity) throws(MoneyError) -> Quantity {
        let m = Int128(lhs.mantissa) * Int128(rhs.mantissa)
        var s = lhs.scale + rhs.scale
        var mm = m
        while s > maxScale && mm % 10 == 0 { mm /= 10; s -= 1 }
        guard s <= maxScale, mm <= Int128(Int64.max), mm >= Int128(Int64.min) else {
            throw .overflow(operation: "\(lhs) × \(rhs)")
        }
        return try Quantity(mantissa: Int64(mm), scale: s)
    }

    /// Vietnamese formatting: `0,5`, `1.500`, `1,5`.
    public var description: String { VietnameseNumberFormat.quantity(self) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try NumberParser.quantity(text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad quantity \(text)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(VietnameseNumberFormat.quantity(self, grouping: false))
    }
}
