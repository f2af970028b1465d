import XCTest
import KinhPhiCore
import TestSupport

final class CivilDateTests: XCTestCase {

    private func assertDate(_ text: String, _ y: Int, _ m: Int, _ d: Int, file: StaticString = #filePath, line: UInt = #line) {
        guard let date = CivilDate.parse(text) else { return XCTFail("\"\(text)\" did not parse", file: file, line: line) }
        XCTAssertEqual([date.year, date.month, date.day], [y, m, d], "\"\(text)\"", file: file, line: line)
    }

    func testValidDates() {
        assertDate("20/11/2025", 2025, 11, 20)
        assertDate("2025-11-20", 2025, 11, 20)            // ISO, for machine files
        assertDate("29/02/2024", 2024, 2, 29)             // 2024 is a leap year
        assertDate("29/02/2000", 2000, 2, 29)             // divisible by 400
        assertDate("1/7/2025", 2025, 7, 1)                // d/m/yyyy
        assertDate(" 31/12/2025 ", 2025, 12, 31)          // trimmed
        assertDate("30/04/2025", 2025, 4, 30)
    }

    func testInvalidDates() {
        for text in ["31/02/2025", "29/02/2025", "29/02/1900", "31/04/2025", "00/01/2025", "32/01/2025", "01/13/2025",
                     "2025-13-01", "2025-02-30", "2025-1-01", "20/11/25", "20-11-2025", "20.11.2025", "20/11/2025x",
                     "+1/01/2025", "", "01/01/1899", "2025/11/20", "２０/11/2025"] {
            XCTAssertNil(CivilDate.parse(text), "\"\(text)\" should not parse")
        }
    }

    func testValidatingInitialiser() {
        XCTAssertNil(CivilDate(year: 2025, month: 2, day: 31))
        XCTAssertNil(CivilDate(year: 2025, month: 0, day: 1))
        XCTAssertNil(CivilDate(year: 10_000, month: 1, day: 1))
        XCTAssertNotNil(CivilDate(year: 2024, month: 2, day: 29))
    }

    func testFormattingAndOrder() {
        let d = date(1, 7, 2025)
        XCTAssertEqual(d.description, "01/07/2025")
        XCTAssertEqual(d.iso, "2025-07-01")
        XCTAssertLessThan(date(30, 6, 2025), date(1, 7, 2025))
        XCTAssertLessThan(date(31, 12, 2024), date(1, 1, 2025))
        XCTAssertEqual(CivilDate.parse("2025-07-01"), CivilDate.parse("01/07/2025"))
    }

    func testEndOfFollowingMonth() {
        XCTAssertEqual(date(15, 1, 2025).endOfFollowingMonth, date(28, 2, 2025))    // February 2025 has 28 days
        XCTAssertEqual(date(31, 1, 2025).endOfFollowingMonth, date(28, 2, 2025))
        XCTAssertEqual(date(31, 1, 2024).endOfFollowingMonth, date(29, 2, 2024))    // leap year
        XCTAssertEqual(date(10, 12, 2025).endOfFollowingMonth, date(31, 1, 2026))   // across the year end
        XCTAssertEqual(date(20, 11, 2025).endOfFollowingMonth, date(31, 12, 2025))
        XCTAssertEqual(date(31, 3, 2025).endOfFollowingMonth, date(30, 4, 2025))    // April has 30
        XCTAssertEqual(date(1, 2, 2025).endOfFollowingMonth, date(31, 3, 2025))
    }

    func testCodableUsesISO() throws {
        let data = try JSONEncoder().encode([date(20, 11, 2025)])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "[\"2025-11-20\"]")
        XCTAssertEqual(try JSONDecoder().decode([CivilDate].self, from: Data("[\"20/11/2025\"]".utf8)), [date(20, 11, 2025)])
        XCTAssertThrowsError(try JSONDecoder().decode([CivilDate].self, from: Data("[\"31/02/2025\"]".utf8)))
    }
}
