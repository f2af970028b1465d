import Testing
import KinhPhiCore

/// Swift Testing, parameterised: Vietnamese formatting and strict parsing agree on every amount below
/// (format → parse gives the amount back), and the formatted text is the one written by hand.
@Suite("Money text round trip")
struct MoneyRoundTripTests {
    static let cases: [(Int64, String)] = [
        (0, "0"), (5, "5"), (999, "999"), (1_000, "1.000"), (40_000, "40.000"), (1_500_000, "1.500.000"),
        (195_140_000, "195.140.000"), (999_999_999_999_999, "999.999.999.999.999"), (-200_000, "-200.000"),
    ]

    @Test("formats as written by hand and parses back", arguments: cases)
    func roundTrip(_ c: (Int64, String)) throws {
        let m = Money(c.0)
        #expect(VietnameseNumberFormat.money(m) == c.1)
        #expect(try NumberParser.money(c.1, allowNegative: true) == m)
    }

    @Test("English grouping is a different text for the same amount")
    func english() {
        #expect(VietnameseNumberFormat.moneyEnglish(Money(1_500_000)) == "1,500,000")
        // Refused, saying what was meant: the same amount written the Vietnamese way (issue 13).
        #expect(throws: NumberSyntaxError.thousandsComma(suggested: "1.500.000")) { try NumberParser.money("1,500,000") }
    }
}
