import KinhPhiCore
import KinhPhiSystem

// The journal line's fields, as one table (docs/journal.md §The journal file): each key's name, the kind of
// value it holds, whether each class of record requires, allows or refuses it, and its bounds. Reading
// (`RecordCodec.validate`, verify's hot path, and `RecordCodec.decode`), the typed getters the readers'
// sinks use (`RecordFields.bounded`) and the writer's own check (`RecordCodec.unwritable`) all read this
// table, so the rules cannot drift apart. Adding a field: a case of `RecordKey` (in line order), a row in
// `FieldTable.rules`, a line in `RecordEncoder.appendBody`, a property of `Voucher`, and docs/journal.md.

/// Every key a journal line may carry, in the order they must appear. (`prev` and `hash` end every line at
/// fixed offsets: `LineTail`.)
enum RecordKey: Int, CaseIterable, Sendable {
    case seq, at, more, kind
    case date, workDate, line, payee, payeeType, taxCode, payeeId, staff, description, amount, vat, pitWithheld, method
    case invoiceSeries, invoiceNo, invoiceDate, invoiceTotal, invoiceVat, contractNo, contractValue, voucherNo, ref, clears
    case of, reason
    /// An adjustment (điều chỉnh dự toán): the approval version it puts in force and its file's SHA-256.
    case version, sha256

    var name: String {
        switch self {
        case .seq: return "seq"
        case .at: return "at"
        case .more: return "more"
        case .kind: return "kind"
        case .date: return "date"
        case .workDate: return "work_date"
        case .line: return "line"
        case .payee: return "payee"
        case .payeeType: return "payee_type"
        case .taxCode: return "tax_code"
        case .payeeId: return "payee_id"
        case .staff: return "staff"
        case .description: return "description"
        case .amount: return "amount"
        case .vat: return "vat"
        case .pitWithheld: return "pit_withheld"
        case .method: return "method"
        case .invoiceSeries: return "invoice_series"
        case .invoiceNo: return "invoice_no"
        case .invoiceDate: return "invoice_date"
        case .invoiceTotal: return "invoice_total"
        case .invoiceVat: return "invoice_vat"
        case .contractNo: return "contract_no"
        case .contractValue: return "contract_value"
        case .voucherNo: return "voucher_no"
        case .ref: return "ref"
        case .clears: return "clears"
        case .of: return "of"
        case .reason: return "reason"
        case .version: return "version"
        case .sha256: return "sha256"
        }
    }

    static let count = RecordKey.allCases.count
    /// "\tname=" for every key, as bytes (the first field, seq, is written without the TAB).
    static let prefixes: [[UInt8]] = RecordKey.allCases.map { Array(("\t" + $0.name + "=").utf8) }
    static let names: [[UInt8]] = RecordKey.allCases.map { Array($0.name.utf8) }

    /// The key's bit in a set of keys (`RecordFields.present`): 64 bits, room for keys to come.
    @inline(__always) var bit: UInt64 { 1 &<< UInt64(truncatingIfNeeded: rawValue) }
}

/// A record's class, for the presence rules: a voucher (payment, advance, refund), a clearing (a voucher that
/// names the advance it closes: a clearing, or a refund that recovers the advance), a reversal, or an
/// adjustment (a new approval version put in force).
enum RecordClass: Int, Sendable {
    case voucher = 0, clearing = 1, reversal = 2, adjustment = 3
}

/// Whether a class of record requires, allows or refuses a field.
enum Presence: UInt8, Sendable {
    case forbidden, optional, required
}

/// The syntax of a field's value.
enum FieldKind: UInt8, Sendable {
    /// Plain digits, no leading zero, at most 18 digits (seq, clears, of).
    case count
    /// The same, in đồng, within `min`…the upper bound (amount, vat, pit_withheld, contract_value).
    case money
    /// yyyy-mm-dd, a real date from 1900 to 9999.
    case date
    /// yyyy-mm-ddThh:mm:ssZ, UTC.
    case time
    /// UTF-8 text, escaped: no raw byte below 0x20, no DEL, no C1 control (U+0080–U+009F); `\` only in the
    /// escapes `\\` `\t` `\n` `\r` (so after unescaping the only control characters are TAB, LF and CR).
    case text
    /// One word of a closed list (`Choices`).
    case choice
    /// Exactly `1` (more, staff): written only when set.
    case flag
    /// 64 lower-case hex digits (an adjustment's `sha256`).
    case hex64
}

/// The closed lists of words a choice field takes.
enum Choices: UInt8, Sendable {
    case none
    /// payment, advance, clearing, refund, reversal, adjustment.
    case kind
    /// individual, business.
    case payeeType
    /// cash, transfer.
    case method

    /// The word's position in the list, or nil.
    @inline(__always) func index(_ r: UnsafeRawBufferPointer) -> Int? {
        func eq(_ s: StaticString) -> Bool {
            r.count == s.utf8CodeUnitCount && Bytes.equal(r.baseAddress!, s.utf8Start, count: r.count)
        }
        switch self {
        case .none: return nil
        case .kind:
            switch r.count {
            case 7: return eq("payment") ? 0 : eq("advance") ? 1 : nil
            case 8: return eq("clearing") ? 2 : eq("reversal") ? 4 : nil
            case 6: return eq("refund") ? 3 : nil
            case 10: return eq("adjustment") ? 5 : nil
            default: return nil
            }
        case .payeeType: return eq("individual") ? 0 : eq("business") ? 1 : nil
        case .method: return eq("cash") ? 0 : eq("transfer") ? 1 : nil
        }
    }
}

/// An upper bound of a number, which may depend on the record.
enum UpperBound: UInt8, Sendable {
    /// 18 digits.
    case none
    /// `Money.limit` (999.999.999.999.999 đ).
    case moneyLimit
    /// Below the record's own seq (a record names an earlier one).
    case belowSeq
    /// At most the record's amount (taxes inside the gross amount).
    case atMostAmount
}

/// One row of the table.
struct FieldRule: Sendable {
    let key: RecordKey
    let kind: FieldKind
    /// By `RecordClass`: voucher, clearing, reversal, adjustment.
    let voucher: Presence, clearing: Presence, reversal: Presence, adjustment: Presence
    /// Numbers: the smallest value allowed.
    let min: Int64
    let max: UpperBound
    let choices: Choices

    init(_ key: RecordKey, _ kind: FieldKind, _ voucher: Presence, _ clearing: Presence, _ reversal: Presence,
         _ adjustment: Presence, min: Int64 = 0, max: UpperBound = .none, choices: Choices = .none) {
        self.key = key; self.kind = kind; self.voucher = voucher; self.clearing = clearing; self.reversal = reversal
        self.adjustment = adjustment; self.min = min; self.max = max; self.choices = choices
    }

    func presence(_ c: RecordClass) -> Presence {
        switch c {
        case .voucher: return voucher
        case .clearing: return clearing
        case .reversal: return reversal
        case .adjustment: return adjustment
        }
    }
}

enum FieldTable {
    /// Every field's rule, indexed by `RecordKey.rawValue`.
    static let rules: [FieldRule] = {
        let r: [FieldRule] = [
            //        key             kind     voucher    clearing   reversal   adjustment
            FieldRule(.seq,           .count,  .required, .required, .required, .required, min: 1),
            FieldRule(.at,            .time,   .required, .required, .required, .required),
            FieldRule(.more,          .flag,   .optional, .optional, .optional, .optional),
            FieldRule(.kind,          .choice, .required, .required, .required, .required, choices: .kind),
            FieldRule(.date,          .date,   .required, .required, .forbidden, .required),
            FieldRule(.workDate,      .date,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.line,          .text,   .required, .required, .forbidden, .forbidden),
            FieldRule(.payee,         .text,   .required, .required, .forbidden, .forbidden),
            FieldRule(.payeeType,     .choice, .required, .required, .forbidden, .forbidden, choices: .payeeType),
            FieldRule(.taxCode,       .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.payeeId,       .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.staff,         .flag,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.description,   .text,   .required, .required, .forbidden, .forbidden),
            FieldRule(.amount,        .money,  .required, .required, .forbidden, .forbidden, min: 1, max: .moneyLimit),
            FieldRule(.vat,           .money,  .optional, .optional, .forbidden, .forbidden, min: 1, max: .atMostAmount),
            FieldRule(.pitWithheld,   .money,  .optional, .optional, .forbidden, .forbidden, min: 1, max: .atMostAmount),
            FieldRule(.method,        .choice, .required, .required, .forbidden, .forbidden, choices: .method),
            FieldRule(.invoiceSeries, .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.invoiceNo,     .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.invoiceDate,   .date,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.invoiceTotal,  .money,  .optional, .optional, .forbidden, .forbidden, min: 1, max: .moneyLimit),
            FieldRule(.invoiceVat,    .money,  .optional, .optional, .forbidden, .forbidden, min: 1, max: .moneyLimit),
            FieldRule(.contractNo,    .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.contractValue, .money,  .optional, .optional, .forbidden, .forbidden, min: 1, max: .moneyLimit),
            FieldRule(.voucherNo,     .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.ref,           .text,   .optional, .optional, .forbidden, .forbidden),
            FieldRule(.clears,        .count,  .forbidden, .required, .forbidden, .forbidden, min: 1, max: .belowSeq),
            FieldRule(.of,            .count,  .forbidden, .forbidden, .required, .forbidden, min: 1, max: .belowSeq),
            FieldRule(.reason,        .text,   .forbidden, .forbidden, .required, .optional),
            FieldRule(.version,       .count,  .forbidden, .forbidden, .forbidden, .required, min: 2),
            FieldRule(.sha256,        .hex64,  .forbidden, .forbidden, .forbidden, .required),
        ]
        precondition(r.count == RecordKey.count && r.enumerated().allSatisfy { $0.offset == $0.element.key.rawValue },
                     "FieldTable.rules must have one row per RecordKey, in order")
        return r
    }()

    /// The same table as bit sets, for checking a whole line's presence rules at once (verify's hot path):
    /// by class, the keys it requires and the keys it refuses; and the keys of each value kind.
    static let masks: Masks = Masks(rules)

    struct Masks: Sendable {
        let required: (UInt64, UInt64, UInt64, UInt64)
        let forbidden: (UInt64, UInt64, UInt64, UInt64)
        let text: UInt64, money: UInt64, count: UInt64, date: UInt64, choice: UInt64, hex64: UInt64, flag: UInt64
        /// count and money, but seq (checked first, on its own).
        let number: UInt64

        init(_ rules: [FieldRule]) {
            func set(_ p: (FieldRule) -> Bool) -> UInt64 { rules.filter(p).reduce(0) { $0 | $1.key.bit } }
            precondition(rules.count <= 32, "RecordFields keeps the keys present as bits of a UInt64: at most 32 keys")
            required = (set { $0.voucher == .required }, set { $0.clearing == .required }, set { $0.reversal == .required },
                        set { $0.adjustment == .required })
            forbidden = (set { $0.voucher == .forbidden }, set { $0.clearing == .forbidden }, set { $0.reversal == .forbidden },
                         set { $0.adjustment == .forbidden })
            text = set { $0.kind == .text }
            money = set { $0.kind == .money }
            count = set { $0.kind == .count }
            date = set { $0.kind == .date }
            choice = set { $0.kind == .choice }
            hex64 = set { $0.kind == .hex64 }
            flag = set { $0.kind == .flag }
            number = set { ($0.kind == .count || $0.kind == .money) && $0.key != .seq }
        }

        @inline(__always) func required(_ c: RecordClass) -> UInt64 {
            switch c { case .voucher: return required.0; case .clearing: return required.1; case .reversal: return required.2; case .adjustment: return required.3 }
        }
        @inline(__always) func forbidden(_ c: RecordClass) -> UInt64 {
            switch c { case .voucher: return forbidden.0; case .clearing: return forbidden.1; case .reversal: return forbidden.2; case .adjustment: return forbidden.3 }
        }
    }

    /// The text fields, in line order.
    static let textKeys: [RecordKey] = rules.filter { $0.kind == .text }.map(\.key)
}
