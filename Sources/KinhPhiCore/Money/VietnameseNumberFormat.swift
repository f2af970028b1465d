// Number formatting for documents: dot between thousands, comma for decimals
// (Luật Kế toán 2015 Art. 11): 1.500.000 · 0,5 · 87,35.

public enum VietnameseNumberFormat {
    /// `1500000` → `1.500.000`; negative → `-1.500.000`.
    public static func money(_ m: Money) -> String { group(m.dong, separator: ".") }

    /// English-style grouping for `--lang en` reports: `1,500,000`.
    public static func moneyEnglish(_ m: Money) -> String { group(m.dong, separator: ",") }

    public static func money(_ m: Money, _ lang: Language) -> String { lang == .vi ? money(m) : moneyEnglish(m) }

    /// `0,5`, `1.500`, `1,5`; with `grouping: false` the integer part has no dots (for machine files).
    public static func quantity(_ q: Quantity, grouping: Bool = true, lang: Language = .vi) -> String {
        let thousands = lang == .vi ? "." : ","
        let decimal = lang == .vi ? "," : "."
        let negative = q.mantissa < 0
        let mag = negative ? UInt64(-q.mantissa) : UInt64(q.mantissa)
        var digits = String(mag)
        if digits.count <= q.scale { digits = String(repeating: "0", count: q.scale - digits.count + 1) + digits }
        let intPart = String(digits.dropLast(q.scale))
        let fracPart = String(digits.suffix(q.scale))
        var out = grouping ? group(Int64(intPart)!, separator: thousands) : intPart
        if q.scale > 0 { out += decimal + fracPart }
        return (negative ? "-" : "") + out
    }

    /// A percentage with exactly two decimals: `87,35` (vi) / `87.35` (en, and machine CSV).
    public static func percent(_ q: Quantity, decimal: String) -> String {
        let negative = q.mantissa < 0
        var cents = Int128(q.mantissa)
        if q.scale < 2 { for _ in q.scale..<2 { cents *= 10 } }
        if q.scale > 2 { for _ in 2..<q.scale { cents /= 10 } }
        if negative { cents = -cents }
        let whole = cents / 100, frac = cents % 100
        return (negative ? "-" : "") + "\(whole)" + decimal + (frac < 10 ? "0" : "") + "\(frac)"
    }

    static func group(_ value: Int64, separator: String) -> String {
        let negative = value < 0
        let digits = Array(String(value.magnitude))
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(ch)
        }
        return (negative ? "-" : "") + out
    }
}
