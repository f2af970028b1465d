// THE one place where KinhPhi rounds.
//
// Rule R1 — `halfUpToDong`: a product of money and quantities (unit price × persons × sessions, 1,5 × base
// salary, 130 % of a rate) is computed exactly in 128-bit integers and rounded once, at the end, to whole
// đồng, half away from zero (phần lẻ từ 0,5 đồng trở lên làm tròn lên). Money is whole đồng by
// Luật Kế toán 2015 Art. 11; amounts in this domain are non-negative, so this is ordinary half-up.
//
// Rule R2 — `upToTenThousand`: reward amounts (tiền thưởng kèm Bằng khen, Giấy khen) are rounded UP to the
// next 10.000 đ (NĐ 98/2023/NĐ-CP Art. 57; whether NĐ 152/2025/NĐ-CP keeps it is provisional — the rule is
// chosen per norm in the catalogue, column `rounding`, so it is data, not code).
//
// Rule R3 — `percent`: a ratio shown as a percentage (% executed) is rounded half-up to two decimals.
//
// Every operation throws `MoneyError.overflow` instead of wrapping or trapping.

public enum RoundingRule: String, Sendable, Codable, CaseIterable {
    /// R1: to the đồng, half away from zero.
    case halfUpToDong = "dong"
    /// R2: up (towards +∞ for positive amounts) to a multiple of 10.000 đ.
    case upToTenThousand = "up-10000"
}

public enum Rounding {
    /// Divides `numerator` by 10^`scale`, rounding half away from zero.
    static func divideHalfUp(_ numerator: Int128, scale: Int) -> Int128 {
        if scale == 0 { return numerator }
        let d = Quantity.pow10(scale)
        let q = numerator / d
        let r = numerator % d
        let twice = (r < 0 ? -r : r) * 2
        if twice >= d { return numerator < 0 ? q - 1 : q + 1 }
        return q
    }

    /// unit price × factor₁ × factor₂ × … , exact, then rounded by `rule`.
    public static func amount(unitPrice: Money, factors: [Quantity], rule: RoundingRule = .halfUpToDong) throws(MoneyError) -> Money {
        var numerator = Int128(unitPrice.dong)
        var scale = 0
        for f in factors {
            let (p, o) = numerator.multipliedReportingOverflow(by: Int128(f.mantissa))
            guard !o else { throw .overflow(operation: "\(unitPrice) × …") }
            numerator = p
            scale += f.scale
            // Keep the scale bounded: drop exact trailing zeros.
            while scale > 0 && numerator % 10 == 0 { numerator /= 10; scale -= 1 }
            guard scale <= 30 else { throw .overflow(operation: "scale") }
        }
        let rounded: Int128
        switch rule {
        case .halfUpToDong:
            rounded = divideHalfUp(numerator, scale: scale)
        case .upToTenThousand:
            // Ceiling to the đồng first (any fraction counts), then up to 10.000.
            let d = Quantity.pow10(scale)
            var dong = numerator / d
            if numerator % d > 0 { dong += 1 }
            let r = dong % 10_000
            if r > 0 { dong += 10_000 - r } else if r < 0 { dong -= r }
            rounded = dong
        }
        return try Money(wide: rounded)
    }

    /// `part / whole × 100`, half-up to two decimals, as a quantity (e.g. 87,35). Zero whole, or a ratio
    /// too large for a quantity (e.g. 999.999.999.999.999 of 1 đ), → nil.
    public static func percent(_ part: Money, of whole: Money) -> Quantity? {
        guard whole.dong != 0 else { return nil }
        // hundredths of a percent = part × 10000 / whole, half away from zero
        let n = Int128(part.dong) * 10_000
        let d = Int128(whole.dong)
        var q = n / d
        let r = n % d
        let twice = (r < 0 ? -r : r) * 2
        let dm = d < 0 ? -d : d
        if twice >= dm { q += ((n < 0) != (d < 0)) ? -1 : 1 }
        guard let m = Int64(exactly: q) else { return nil } // fuzz: Int64(q) trapped above ~9,2·10^16 %
        return try? Quantity(mantissa: m, scale: 2)
    }
}
