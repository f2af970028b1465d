// Fuzz target `money`: the strict number and date parsers of KinhPhiCore, and money arithmetic on what
// they accept.
//
// Input: UTF-8-ish text (invalid bytes become U+FFFD, as a CSV cell never holds them). If it contains a
// '|' the two sides are also parsed as a pair (a | b) for the arithmetic checks.
//
// Checks (besides "never traps, never hangs"):
//   • money: an accepted amount is within ±Money.limit, non-negative unless allowed; its Vietnamese
//     formatting (1.500.000) parses back to the same amount; it can be read in words; allowing negatives
//     never changes an accepted value; an amount ≤ Quantity.limit is accepted as the same quantity.
//   • quantity: formatting (grouped and ungrouped) parses back to the same quantity; count accepts exactly
//     the whole quantities; percent formatting never traps.
//   • date: an accepted date prints as dd/mm/yyyy and yyyy-mm-dd, and both parse back to it.
//   • pairs: a + b, a − b, a × n, Rounding.amount (both rules) and Rounding.percent never trap
//     (they throw or return nil instead).

import KinhPhiCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMoney(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    checkOne(text)
    if let bar = input.firstIndex(of: 0x7C) {
        let a = String(decoding: input[..<bar], as: UTF8.self)
        let b = String(decoding: input[(bar + 1)...], as: UTF8.self)
        checkPair(a, b)
    }
    return 0
}

func checkOne(_ text: String) {
    // money
    let plain = try? NumberParser.money(text)
    let signed = try? NumberParser.money(text, allowNegative: true)
    if let m = plain {
        FuzzFail.check(m.dong >= 0 && m.dong <= Money.limit, "money out of range: \(m.dong) from \(text.debugDescription)")
        FuzzFail.check(signed == m, "allowNegative changed \(text.debugDescription): \(m.dong) vs \(String(describing: signed?.dong))")
    }
    if let m = signed {
        FuzzFail.check(m.dong >= -Money.limit && m.dong <= Money.limit, "money out of range: \(m.dong)")
        let shown = VietnameseNumberFormat.money(m)
        let back = try? NumberParser.money(shown, allowNegative: true)
        FuzzFail.check(back == m, "money \(text.debugDescription) → \(m.dong) → \(shown.debugDescription) → \(String(describing: back?.dong))")
        FuzzFail.check(m.description == shown, "Money.description differs from VietnameseNumberFormat.money")
        _ = VietnameseNumberFormat.moneyEnglish(m)
        FuzzFail.check(AmountInWords.vietnamese(m.dong) != nil, "no words for \(m.dong)")
        FuzzFail.check(AmountInWords.english(m.dong) != nil, "no English words for \(m.dong)")
        if m.dong >= -Quantity.limit && m.dong <= Quantity.limit {
            let q = try? NumberParser.quantity(text, allowNegative: true)
            FuzzFail.check(q == Quantity(whole: m.dong), "money \(text.debugDescription) = \(m.dong) but quantity = \(String(describing: q))")
        }
    }

    // quantity
    for allowNegative in [false, true] {
        guard let q = try? NumberParser.quantity(text, allowNegative: allowNegative) else { continue }
        if !allowNegative { FuzzFail.check(!q.isNegative, "negative quantity accepted: \(text.debugDescription)") }
        FuzzFail.check(q.scale >= 0 && q.scale <= Quantity.maxScale, "scale \(q.scale)")
        for grouping in [true, false] {
            let shown = VietnameseNumberFormat.quantity(q, grouping: grouping)
            let back = try? NumberParser.quantity(shown, allowNegative: true)
            FuzzFail.check(back == q, "quantity \(text.debugDescription) → \(q.mantissa)e-\(q.scale) → \(shown.debugDescription) → \(String(describing: back))")
        }
        _ = VietnameseNumberFormat.quantity(q, grouping: true, lang: .en)
        _ = VietnameseNumberFormat.percent(q, decimal: ",")
        if !allowNegative {
            let c = try? NumberParser.count(text)
            // A count is a whole quantity, except that "1,000" (read as the quantity 1) is refused as
            // thousands commas (issue 13).
            var thousandsComma = false
            do { _ = try NumberParser.count(text) } catch { if case .thousandsComma = error { thousandsComma = true } }
            FuzzFail.check((c != nil) == (q.isWhole && !thousandsComma), "count/quantity disagree on \(text.debugDescription)")
            if let c { FuzzFail.check(c == q.mantissa, "count \(c) vs quantity \(q.mantissa)") }
        }
        _ = try? q * q
        _ = q < Quantity.one
    }

    // date
    if let d = CivilDate.parse(text) {
        FuzzFail.check(CivilDate.parse(d.description) == d, "date \(text.debugDescription) → \(d.description) does not parse back")
        FuzzFail.check(CivilDate.parse(d.iso) == d, "date \(text.debugDescription) → \(d.iso) does not parse back")
        _ = d.endOfFollowingMonth
    }
}

func checkPair(_ a: String, _ b: String) {
    guard let x = try? NumberParser.money(a, allowNegative: true) else { return }
    if let y = try? NumberParser.money(b, allowNegative: true) {
        _ = try? x + y
        _ = try? x - y
        _ = try? x.times(y.dong)
        _ = try? Money.sum([x, y, x])
        if let p = Rounding.percent(x, of: y) {
            _ = VietnameseNumberFormat.percent(p, decimal: ",")
        }
        _ = Money.min(x, y).magnitude
    }
    if let q = try? NumberParser.quantity(b, allowNegative: true) {
        for rule in RoundingRule.allCases {
            if let r = try? Rounding.amount(unitPrice: x, factors: [q, q], rule: rule) {
                FuzzFail.check(r.dong >= -Money.limit && r.dong <= Money.limit, "rounded amount out of range")
            }
        }
    }
}
