// Strict parsing of money and quantities, written by hand: the whole string or an error.
//
// Foundation's Decimal-from-string initialiser is NOT used: it accepts a valid prefix ("12abc" → 12, "1,5" → 1).
// Accepted, after trimming spaces at both ends:
//   money     123 · 1500000 · 1.500.000 · -5 (only where negatives are allowed)
//   quantity  the same, plus a decimal comma: 0,5 · 1,5 · 1.234,25
// Rejected: empty text, letters or symbols ("12abc", "1e5", "đ"), non-ASCII digits ("١٢", "１２"),
// a dot not followed by exactly three digits ("1.50", "1..000", ".5"), mixed grouping ("1.5000"),
// more than one comma ("1,5,0"), a decimal comma in money ("1,5"), English grouping ("1,500,000"),
// more than `Quantity.maxScale` decimals, and anything over the money / quantity limit.

public enum NumberSyntaxError: Error, Equatable, Sendable {
    case empty
    case invalidCharacter(Character)
    case nonASCIIDigit(Character)
    case badGrouping
    case decimalInMoney
    case multipleDecimalCommas
    case negativeNotAllowed
    case notWhole
    case tooManyDecimals
    case tooLarge
    /// `10,000` or `1,500,000` where a whole amount or count is expected: English thousands commas. The
    /// payload is the number written the Vietnamese way (`10.000`).
    case thousandsComma(suggested: String)
    /// `1.5` or `0.25` where a quantity is expected: an English decimal point. Payload: `1,5`.
    case decimalPoint(suggested: String)
    /// `1 500 000`: groups of digits separated by spaces. Payload: `1.500.000`.
    case spacedGroups(suggested: String)
}

extension NumberSyntaxError: Localized {
    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .empty: return vi ? "ô trống, cần một số" : "the cell is empty; a number is required"
        case .invalidCharacter(let c):
            return vi ? "ký tự không hợp lệ \"\(c)\" (chỉ dùng chữ số, dấu chấm phân cách hàng nghìn, dấu phẩy thập phân)"
                      : "invalid character \"\(c)\" (use digits, a dot between thousands and a comma for decimals)"
        case .nonASCIIDigit(let c):
            return vi ? "chữ số \"\(c)\" không phải chữ số 0–9" : "\"\(c)\" is not one of the digits 0–9"
        case .badGrouping:
            return vi ? "dấu chấm phân cách hàng nghìn đặt sai chỗ (viết 1.500.000 hoặc 1500000)"
                      : "misplaced thousands dot (write 1.500.000 or 1500000)"
        case .decimalInMoney:
            return vi ? "số tiền phải là số đồng chẵn, không có phần thập phân" : "money must be whole đồng, without decimals"
        case .multipleDecimalCommas:
            return vi ? "có nhiều hơn một dấu phẩy thập phân" : "more than one decimal comma"
        case .negativeNotAllowed:
            return vi ? "không được là số âm" : "must not be negative"
        case .notWhole:
            return vi ? "phải là số nguyên (số người, số buổi, số bài…)" : "must be a whole number (persons, sessions, papers…)"
        case .tooManyDecimals:
            return vi ? "quá \(Quantity.maxScale) chữ số thập phân" : "more than \(Quantity.maxScale) decimal places"
        case .tooLarge:
            return vi ? "số quá lớn (tối đa 999.999.999.999.999)" : "number too large (at most 999.999.999.999.999)"
        case .thousandsComma(let s):
            return vi ? "dấu phẩy ngăn cách hàng nghìn? viết \(s) (dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)"
                      : "a comma between thousands? write \(s) (a dot between thousands; the comma is only for decimals)"
        case .decimalPoint(let s):
            return vi ? "dấu chấm thập phân? viết \(s) (dấu phẩy cho phần thập phân, dấu chấm ngăn cách hàng nghìn)"
                      : "a decimal point? write \(s) (a comma for decimals, a dot between thousands)"
        case .spacedGroups(let s):
            return vi ? "khoảng trắng ngăn cách hàng nghìn? viết \(s) hoặc viết liền không cách"
                      : "spaces between thousands? write \(s), or the digits without spaces"
        }
    }
}

public enum NumberParser {
    /// Parses whole đồng. `1.500.000` and `1500000` are the same amount.
    public static func money(_ text: String, allowNegative: Bool = false) throws(NumberSyntaxError) -> Money {
        let (negative, intDigits, fracDigits): (Bool, [UInt8], [UInt8]?)
        do { (negative, intDigits, fracDigits) = try split(text, allowNegative: allowNegative) } catch { throw slip(text, whole: true) ?? error }
        if fracDigits != nil { throw slip(text, whole: true) ?? .decimalInMoney }
        var v: Int64 = 0
        for d in intDigits {
            v = v * 10 + Int64(d)
            if v > Money.limit { throw .tooLarge }
        }
        return Money(uncheckedDong: negative ? -v : v)
    }

    /// Parses a non-negative (or, if allowed, signed) decimal quantity with a decimal comma.
    public static func quantity(_ text: String, allowNegative: Bool = false) throws(NumberSyntaxError) -> Quantity {
        let (negative, intDigits, fracDigits): (Bool, [UInt8], [UInt8]?)
        do { (negative, intDigits, fracDigits) = try split(text, allowNegative: allowNegative) } catch { throw slip(text, whole: false) ?? error }
        let frac = fracDigits ?? []
        if frac.count > Quantity.maxScale { throw .tooManyDecimals }
        var whole: Int64 = 0
        for d in intDigits {
            whole = whole * 10 + Int64(d)
            if whole > Quantity.limit { throw .tooLarge }
        }
        var m = whole
        for d in frac { m = m * 10 + Int64(d) }
        do { return try Quantity(mantissa: negative ? -m : m, scale: frac.count) } catch { throw .tooLarge }
    }

    /// Parses a whole count (persons, sessions, papers): a quantity without a fraction.
    public static func count(_ text: String) throws(NumberSyntaxError) -> Int64 {
        if let slip = slip(text, whole: true) { throw slip }
        let q = try quantity(text)
        guard let w = q.wholeValue else { throw .notWhole }
        return w
    }

    /// The usual slips of a number typed or exported the English way, looked for when the strict parse
    /// fails (and, for a count, before it: `1,000` would read as 1), so that the message says what was
    /// probably meant:
    /// - where a whole number is expected (money, counts), `d{1,3}(,ddd)+` — `10,000`, `1,500,000` — is
    ///   thousands commas (a quantity keeps reading `1,500` as the decimal 1,5: a decimal comma is valid
    ///   there, and rewriting it would break the round trip of a formatted quantity);
    /// - where a quantity is expected, `d+.d{1,2}` or `d+.d{4,}` (one dot not followed by exactly three
    ///   digits) — `1.5`, `0.25` — is a decimal point;
    /// - anywhere, `d{1,3}( ddd)+` — `1 500 000`, with spaces or no-break spaces — is spaced groups.
    static func slip(_ raw: String, whole: Bool) -> NumberSyntaxError? {
        var text = Array(trimSpaces(raw).unicodeScalars)
        if text.first == "-" { text.removeFirst() }
        func isDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 48 && u.value <= 57 }
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\u{00A0}" || u == "\u{202F}" }
        /// Digit groups split at `sep`: first 1–3 digits, the others exactly 3, at least two groups.
        func groups(_ sep: (Unicode.Scalar) -> Bool) -> [String]? {
            var out: [String] = [], cur = ""
            for u in text {
                if isDigit(u) { cur.unicodeScalars.append(u) } else if sep(u) { out.append(cur); cur = "" } else { return nil }
            }
            out.append(cur)
            guard out.count >= 2, (1...3).contains(out[0].count), out.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            return out
        }
        let sign = trimSpaces(raw).hasPrefix("-") ? "-" : ""
        if whole, let g = groups({ $0 == "," }) { return .thousandsComma(suggested: sign + g.joined(separator: ".")) }
        if let g = groups(isSpace) { return .spacedGroups(suggested: sign + g.joined(separator: ".")) }
        if !whole, text.filter({ $0 == "." }).count == 1, text.allSatisfy({ isDigit($0) || $0 == "." }),
           let dot = text.firstIndex(of: "."), dot > 0, text.count - dot - 1 != 3, dot + 1 < text.count {
            var s = String.UnicodeScalarView(text)
            s.replaceSubrange(s.index(s.startIndex, offsetBy: dot)...s.index(s.startIndex, offsetBy: dot), with: [","])
            return .decimalPoint(suggested: sign + String(s))
        }
        return nil
    }

    /// Splits into sign, integer digits and fraction digits, validating the grouping.
    private static func split(_ raw: String, allowNegative: Bool) throws(NumberSyntaxError) -> (Bool, [UInt8], [UInt8]?) {
        let text = trimSpaces(raw)
        var scalars = Array(text.unicodeScalars)
        if scalars.isEmpty { throw .empty }
        var negative = false
        if scalars[0] == "-" {
            guard allowNegative else { throw .negativeNotAllowed }
            negative = true
            scalars.removeFirst()
            if scalars.isEmpty { throw .empty }
        }
        var intDigits: [UInt8] = []
        var fracDigits: [UInt8]? = nil
        var groupSizes: [Int] = []
        var current = 0
        var sawDot = false
        for s in scalars {
            switch s {
            case "0"..."9":
                let d = UInt8(s.value - 48)
                if fracDigits != nil { fracDigits!.append(d) } else { intDigits.append(d); current += 1 }
            case ".":
                if fracDigits != nil { throw .badGrouping }
                if current == 0 { throw .badGrouping }
                groupSizes.append(current); current = 0; sawDot = true
            case ",":
                if fracDigits != nil { throw .multipleDecimalCommas }
                if current == 0 { throw .badGrouping }
                fracDigits = []
            default:
                let c = Character(s)
                if c.isNumber { throw .nonASCIIDigit(c) }
                throw .invalidCharacter(c)
            }
        }
        if fracDigits != nil && fracDigits!.isEmpty { throw .badGrouping }
        if sawDot {
            // First group 1–3 digits, every later group exactly 3.
            groupSizes.append(current)
            guard let first = groupSizes.first, (1...3).contains(first),
                  groupSizes.dropFirst().allSatisfy({ $0 == 3 }) else { throw .badGrouping }
        }
        if intDigits.isEmpty { throw .empty }
        return (negative, intDigits, fracDigits)
    }

    /// `s` without leading and trailing spaces, tabs and no-break spaces.
    public static func trimSpaces(_ s: String) -> Substring {
        // By Unicode scalar, not by Character: a space followed by a combining mark is one grapheme
        // cluster, and trimming Characters would keep that space where the import reader (StreamingCSV,
        // which trims bytes) drops it — the two readers must read a cell the same (csv fuzz finding,
        // FuzzRegressionTests.testSpaceBeforeACombiningMarkIsTrimmedByBothReaders).
        let scalars = s.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return Substring(scalars[start..<end])
    }

    /// The spaces `trimSpaces` removes: space, tab and no-break space (U+00A0, common in text pasted from
    /// spreadsheets); the same three as `StreamingCSV.trim`.
    @inline(__always)
    static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\u{00A0}" }
}
