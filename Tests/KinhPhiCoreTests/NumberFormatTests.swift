import XCTest
import KinhPhiCore
import TestSupport

/// Document formatting: dot between thousands, comma for decimals (Luật Kế toán 2015 Art. 11).
final class NumberFormatTests: XCTestCase {

    func testMoney() {
        let cases: [(Int64, String)] = [
            (0, "0"), (7, "7"), (999, "999"), (1_000, "1.000"), (40_000, "40.000"),
            (1_500_000, "1.500.000"), (-1_500_000, "-1.500.000"), (-999, "-999"),
            (999_999_999_999_999, "999.999.999.999.999"), (-999_999_999_999_999, "-999.999.999.999.999"),
        ]
        for (dong, text) in cases {
            XCTAssertEqual(VietnameseNumberFormat.money(Money(dong)), text)
            XCTAssertEqual(Money(dong).description, text)
        }
    }

    func testMoneyEnglish() {
        XCTAssertEqual(VietnameseNumberFormat.moneyEnglish(Money(1_500_000)), "1,500,000")
        XCTAssertEqual(VietnameseNumberFormat.money(Money(-1_500_000), .en), "-1,500,000")
        XCTAssertEqual(VietnameseNumberFormat.money(Money(1_500_000), .vi), "1.500.000")
    }

    func testQuantity() {
        let cases: [(Quantity, String)] = [
            (qty(5, scale: 1), "0,5"),
            (qty(15, scale: 1), "1,5"),
            (qty(123_425, scale: 2), "1.234,25"),
            (qty(5, scale: 2), "0,05"),
            (qty(1, scale: 6), "0,000001"),
            (Quantity(whole: 1_500), "1.500"),
            (Quantity(whole: 150), "150"),
            (Quantity.zero, "0"),
            (qty(-5, scale: 1), "-0,5"),
            (qty(-123_425, scale: 2), "-1.234,25"),
        ]
        for (q, text) in cases {
            XCTAssertEqual(VietnameseNumberFormat.quantity(q), text)
            XCTAssertEqual(q.description, text)
        }
    }

    func testQuantityWithoutGroupingAndInEnglish() {
        XCTAssertEqual(VietnameseNumberFormat.quantity(qty(123_425, scale: 2), grouping: false), "1234,25")
        XCTAssertEqual(VietnameseNumberFormat.quantity(qty(123_425, scale: 2), lang: .en), "1,234.25")
        XCTAssertEqual(VietnameseNumberFormat.quantity(qty(5, scale: 1), lang: .en), "0.5")
    }

    func testQuantityCodableUsesMachineForm() throws {
        let data = try JSONEncoder().encode([qty(123_425, scale: 2)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"1234,25\"]")
        XCTAssertEqual(try JSONDecoder().decode([Quantity].self, from: data), [qty(123_425, scale: 2)])
    }

    func testPercent() {
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(8_735, scale: 2), decimal: ","), "87,35")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(8_735, scale: 2), decimal: "."), "87.35")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(125, scale: 1), decimal: ","), "12,50")   // two decimals always
        XCTAssertEqual(VietnameseNumberFormat.percent(Quantity(whole: 100), decimal: ","), "100,00")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(1, scale: 2), decimal: ","), "0,01")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(5, scale: 2), decimal: ","), "0,05")
        XCTAssertEqual(VietnameseNumberFormat.percent(Quantity.zero, decimal: ","), "0,00")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(-6_667, scale: 2), decimal: ","), "-66,67")
        XCTAssertEqual(VietnameseNumberFormat.percent(qty(-5, scale: 1), decimal: ","), "-0,50")
    }
}
