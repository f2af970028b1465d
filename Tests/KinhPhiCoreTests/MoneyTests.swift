import XCTest
import KinhPhiCore
import TestSupport

/// Money and Quantity arithmetic: exact, and every way out of range throws rather than wraps or traps.
final class MoneyTests: XCTestCase {
    let limit: Int64 = 999_999_999_999_999

    func testLimitIsTheAmountInWordsLimit() {
        XCTAssertEqual(Money.limit, 999_999_999_999_999)
    }

    func testAdditionAndSubtraction() throws {
        assertMoney(try Money(1_500_000) + Money(200_000), 1_700_000)   // 1.500.000 + 200.000
        assertMoney(try Money(200_000) - Money(1_500_000), -1_300_000)  // differences may be negative
        var m = Money(40_000)
        try m += Money(60_000)
        assertMoney(m, 100_000)
        try m -= Money(100_000)
        assertMoney(m, 0)
    }

    func testAdditionAtTheLimit() throws {
        assertMoney(try Money(limit - 1) + Money(1), limit)              // exactly the limit is fine
        assertOverflow(try Money(limit) + Money(1))                      // one đồng over
        assertOverflow(try Money(-limit) + Money(-1))
        assertOverflow(try Money(limit) + Money(limit))
    }

    func testSubtractionAtTheLimit() throws {
        assertMoney(try Money(-limit + 1) - Money(1), -limit)
        assertOverflow(try Money(-limit) - Money(1))
        assertOverflow(try Money(limit) - Money(-1))
        assertOverflow(try Money(limit) - Money(-limit))
    }

    func testCompoundAssignmentLeavesValueOnOverflow() {
        var m = Money(limit)
        XCTAssertThrowsError(try m += Money(1))
        assertMoney(m, limit)
    }

    func testTimes() throws {
        assertMoney(try Money(40_000).times(150), 6_000_000)            // 40.000 × 150
        assertMoney(try Money(3_000_000).times(0), 0)
        assertMoney(try Money(333_333_333_333_333).times(3), limit)      // 999.999.999.999.999
        assertOverflow(try Money(500_000_000_000_000).times(2))          // 10^15 > limit
        assertOverflow(try Money(limit).times(2))
        assertOverflow(try Money(2).times(Int64.max))                    // would overflow Int64 itself
        assertOverflow(try Money(-2).times(Int64.max))
        assertOverflow(try Money(1).times(Int64.min))
    }

    func testCheckedInitialiser() throws {
        assertMoney(try Money(dong: limit), limit)
        assertMoney(try Money(dong: -limit), -limit)
        assertOverflow(try Money(dong: limit + 1))
        assertOverflow(try Money(dong: -limit - 1))
        assertOverflow(try Money(dong: Int64.max))
        assertOverflow(try Money(dong: Int64.min))
        assertOverflow(try Money(wide: Int128(Int64.max) * 4))
    }

    func testSum() throws {
        assertMoney(try Money.sum([Money(6_000_000), Money(3_510_000), Money(710_000)]), 10_220_000)  // 6.000.000 + 3.510.000 + 710.000
        assertMoney(try Money.sum([Money]()), 0)
        assertOverflow(try Money.sum([Money(limit), Money(1)]))
        assertOverflow(try Money.sum(Array(repeating: Money(400_000_000_000_000), count: 3)))  // 1,2 × 10^15
    }

    func testNegationMagnitudeMinMax() {
        assertMoney(-Money(5), -5)
        assertMoney(Money(-5).magnitude, 5)
        assertMoney(Money.min(Money(3), Money(7)), 3)
        assertMoney(Money.max(Money(3), Money(7)), 7)
        XCTAssertTrue(Money(-1).isNegative)
        XCTAssertTrue(Money.zero.isZero)
        XCTAssertLessThan(Money(-1), Money(0))
    }

    func testCodableRoundTripAndRange() throws {
        let data = try JSONEncoder().encode([Money(1_500_000)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[1500000]")
        XCTAssertEqual(try JSONDecoder().decode([Money].self, from: data), [Money(1_500_000)])
        XCTAssertThrowsError(try JSONDecoder().decode([Money].self, from: Data("[1000000000000000]".utf8)))
    }

    func testOverflowMessageInBothLanguages() {
        let e = MoneyError.overflow(operation: "x")
        XCTAssertTrue(e.message(.vi).contains("999.999.999.999.999"))
        XCTAssertTrue(e.message(.en).contains("999,999,999,999,999"))
    }

    // MARK: Quantity

    func testQuantityNormalisesAndCompares() throws {
        let half = try Quantity(mantissa: 50, scale: 2)                    // 0,50 → 0,5
        assertQuantity(half, mantissa: 5, scale: 1)
        XCTAssertEqual(half, qty(5, scale: 1))
        XCTAssertLessThan(qty(5, scale: 1), qty(6, scale: 1))
        XCTAssertLessThan(qty(15, scale: 1), Quantity(whole: 2))           // 1,5 < 2
        XCTAssertGreaterThan(Quantity(whole: 151), Quantity(whole: 150))
        XCTAssertFalse(qty(15, scale: 1).isWhole)
        XCTAssertNil(qty(15, scale: 1).wholeValue)
        XCTAssertEqual(qty(30, scale: 1).wholeValue, 3)
    }

    func testQuantityInitialiserRange() {
        assertOverflow(try Quantity(mantissa: 1, scale: 7))                // more than six decimals
        assertOverflow(try Quantity(mantissa: 1, scale: -1))
        assertOverflow(try Quantity(mantissa: 1_000_000_000_000, scale: 0)) // limit + 1
        XCTAssertNoThrow(try Quantity(mantissa: 1_000_000_000_000, scale: 1)) // 100.000.000.000,0
    }

    func testQuantityProduct() throws {
        assertQuantity(try qty(15, scale: 1) * qty(5, scale: 1), mantissa: 75, scale: 2)   // 1,5 × 0,5 = 0,75
        assertQuantity(try qty(5, scale: 1) * Quantity(whole: 4), mantissa: 2, scale: 0)   // 0,5 × 4 = 2
        assertQuantity(try qty(1, scale: 3) * qty(1, scale: 3), mantissa: 1, scale: 6)     // 0,001² = 0,000001
    }

    func testQuantityProductOverflow() {
        let big = Quantity(whole: 999_999_999_999)
        assertOverflow(try big * big)                                      // ≈ 10^24: beyond Int64
        assertOverflow(try Quantity(whole: 1_000_000) * Quantity(whole: 10_000_000))  // 10^13 > Quantity.limit
        assertOverflow(try qty(1, scale: 6) * qty(1, scale: 6))           // 10^-12 needs twelve decimals
    }
}
