import XCTest
import KinhPhiCore
import TestSupport

/// Rounding rules R1 (half-up to the đồng), R2 (up to 10.000 đ) and R3 (percent, two decimals).
final class RoundingTests: XCTestCase {

    private func amount(_ price: Int64, _ factors: Quantity..., rule: RoundingRule = .halfUpToDong) throws -> Money {
        try Rounding.amount(unitPrice: Money(price), factors: factors, rule: rule)
    }

    // MARK: R1

    func testR1HalfRoundsUp() throws {
        assertMoney(try amount(3, qty(5, scale: 1)), 2)          // 0,5 × 3 = 1,5 → 2
        assertMoney(try amount(1, qty(5, scale: 1)), 1)          // 0,5 × 1 = 0,5 → 1
        assertMoney(try amount(1, qty(25, scale: 2), Quantity(whole: 2)), 1)  // 0,25 × 2 × 1 = 0,5 → 1
    }

    func testR1BelowHalfRoundsDown() throws {
        assertMoney(try amount(7, qty(3, scale: 1)), 2)          // 0,3 × 7 = 2,1 → 2
        assertMoney(try amount(1, qty(49, scale: 2)), 0)         // 0,49 → 0
        assertMoney(try amount(1, qty(499_999, scale: 6)), 0)    // 0,499999 → 0
        assertMoney(try amount(3, qty(15, scale: 1), qty(5, scale: 1)), 2)   // 1,5 × 0,5 × 3 = 2,25 → 2
    }

    func testR1AboveHalfRoundsUp() throws {
        assertMoney(try amount(3, qty(333_333, scale: 6)), 1)    // 0,999999 → 1
        assertMoney(try amount(7, qty(3, scale: 1), qty(5, scale: 1)), 1)  // 0,3 × 0,5 × 7 = 1,05 → 1
        assertMoney(try amount(9, qty(3, scale: 1), qty(5, scale: 1)), 1)  // 0,3 × 0,5 × 9 = 1,35 → 1
        assertMoney(try amount(11, qty(3, scale: 1), qty(5, scale: 1)), 2) // 0,3 × 0,5 × 11 = 1,65 → 2
    }

    func testR1ExactProducts() throws {
        assertMoney(try amount(2_340_000, qty(15, scale: 1)), 3_510_000)   // 1,5 × 2.340.000 = 3.510.000
        assertMoney(try amount(40_000, Quantity(whole: 1), Quantity(whole: 150), Quantity(whole: 1)), 6_000_000)  // 1 × 150 × 1 × 40.000
        assertMoney(try amount(200_000, Quantity(whole: 130), qty(1, scale: 2)), 260_000)  // 130 × 0,01 × 200.000
        assertMoney(try amount(500_000), 500_000)                          // no factors: the unit price
    }

    func testR1RoundsOnceAtTheEnd() throws {
        // 0,5 × 0,5 × 3 = 0,75 → 1
        assertMoney(try amount(3, qty(5, scale: 1), qty(5, scale: 1)), 1)
        // 0,3 × 0,3 × 5 = 0,45 → 0 (a rounding after the first step, 1,5 → 2, would give 0,6 → 1)
        assertMoney(try amount(5, qty(3, scale: 1), qty(3, scale: 1)), 0)
    }

    func testR1NegativeHalfAwayFromZero() throws {
        assertMoney(try amount(-3, qty(5, scale: 1)), -2)        // −1,5 → −2
        assertMoney(try amount(-7, qty(3, scale: 1)), -2)        // −2,1 → −2
    }

    // MARK: R2

    func testR2UpToTenThousand() throws {
        assertMoney(try amount(2_340_000, qty(3, scale: 1), rule: .upToTenThousand), 710_000)   // 0,3 × 2.340.000 = 702.000 → 710.000
        assertMoney(try amount(2_340_000, qty(15, scale: 1), rule: .upToTenThousand), 3_510_000) // 3.510.000 stays
        assertMoney(try amount(10_001, rule: .upToTenThousand), 20_000)
        assertMoney(try amount(1, qty(5, scale: 1), rule: .upToTenThousand), 10_000)            // 0,5 đ: any fraction counts
        assertMoney(try amount(33_333, qty(3, scale: 1), rule: .upToTenThousand), 10_000)       // 9.999,9 → 10.000
        assertMoney(try amount(0, rule: .upToTenThousand), 0)
        assertMoney(try amount(-15_000, rule: .upToTenThousand), -10_000)                       // up = towards +∞
    }

    func testRoundingRuleRawValuesAreTheCatalogueWords() {
        XCTAssertEqual(RoundingRule(rawValue: "dong"), .halfUpToDong)
        XCTAssertEqual(RoundingRule(rawValue: "up-10000"), .upToTenThousand)
    }

    // MARK: Overflow

    func testHugeFactorsThrowRatherThanTrap() {
        let limit: Int64 = 999_999_999_999_999
        let big = Quantity(whole: 999_999_999_999)
        assertOverflow(try amount(limit, Quantity(whole: 2)))                 // 2 × limit
        assertOverflow(try amount(limit, big))                                 // ≈ 10^27: fits Int128, not Money
        assertOverflow(try amount(limit, big, big, big))                       // beyond Int128
        assertOverflow(try amount(limit, Quantity(whole: 1), rule: .upToTenThousand))  // rounds up past the limit
        XCTAssertNoThrow(try amount(limit, Quantity(whole: 1)))
    }

    // MARK: R3

    func testPercentHalfUpTwoDecimals() throws {
        assertQuantity(Rounding.percent(Money(1), of: Money(3)), mantissa: 3_333, scale: 2)        // 33,333… → 33,33
        assertQuantity(Rounding.percent(Money(2), of: Money(3)), mantissa: 6_667, scale: 2)        // 66,666… → 66,67
        assertQuantity(Rounding.percent(Money(1), of: Money(8)), mantissa: 125, scale: 1)          // 12,5
        assertQuantity(Rounding.percent(Money(6_000_000), of: Money(6_000_000)), mantissa: 100, scale: 0)
        assertQuantity(Rounding.percent(Money(1), of: Money(20_000)), mantissa: 1, scale: 2)       // 0,005 → 0,01
        assertQuantity(Rounding.percent(Money(1), of: Money(30_000)), mantissa: 0, scale: 0)       // 0,0033 → 0
        assertQuantity(Rounding.percent(Money(-2), of: Money(3)), mantissa: -6_667, scale: 2)      // −66,67
        assertQuantity(Rounding.percent(Money(5_351_000), of: Money(6_126_000)), mantissa: 8_735, scale: 2) // 87,349… → 87,35
    }

    func testPercentOfZeroIsNil() {
        XCTAssertNil(Rounding.percent(Money(1), of: .zero))
        XCTAssertNil(Rounding.percent(.zero, of: .zero))
    }
}
