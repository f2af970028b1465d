import XCTest
import KinhPhiCore
import TestSupport

/// The strict parser: the whole string or an error. Every expected value and error is written by hand
/// from the rules in the domain brief §6 (dot between thousands, comma for decimals, money in whole đồng).
final class NumberParserTests: XCTestCase {

    enum Expect {
        case ok(Int64)
        case fails(NumberSyntaxError)
    }

    // MARK: Money

    static let moneyCases: [(String, Expect)] = [
        // valid
        ("1.500.000", .ok(1_500_000)),               // grouped
        ("1500000", .ok(1_500_000)),                 // ungrouped, same amount
        (" 200.000 ", .ok(200_000)),                 // spaces trimmed at both ends
        ("\t300\t", .ok(300)),                       // tabs trimmed
        ("\u{00A0}40.000\u{00A0}", .ok(40_000)),     // no-break spaces (spreadsheets) trimmed
        ("0", .ok(0)),
        ("007", .ok(7)),                             // leading zeros are harmless
        ("12.345", .ok(12_345)),                     // first group of two digits
        ("1.000", .ok(1_000)),
        ("999", .ok(999)),
        ("999.999.999.999.999", .ok(999_999_999_999_999)),   // the limit itself
        ("999999999999999", .ok(999_999_999_999_999)),
        // invalid: characters
        ("12abc", .fails(.invalidCharacter("a"))),   // no valid prefix accepted
        ("1e5", .fails(.invalidCharacter("e"))),
        ("200.000đ", .fails(.invalidCharacter("đ"))),
        ("+5", .fails(.invalidCharacter("+"))),
        ("1 000", .fails(.spacedGroups(suggested: "1.000"))),   // an inner space is not a separator: said so
        ("1\u{00A0}500\u{00A0}000", .fails(.spacedGroups(suggested: "1.500.000"))),   // no-break spaces (Excel, French-style)
        ("1 00", .fails(.invalidCharacter(" "))),    // not groups of three: just a bad character
        ("150 người", .fails(.invalidCharacter(" "))),
        ("5-", .fails(.invalidCharacter("-"))),
        ("١٢", .fails(.nonASCIIDigit("١"))),          // Arabic-Indic digits
        ("１２", .fails(.nonASCIIDigit("１"))),        // full-width digits
        // invalid: empty
        ("", .fails(.empty)),
        ("   ", .fails(.empty)),
        // invalid: sign
        ("-5", .fails(.negativeNotAllowed)),
        // invalid: grouping
        ("1.50", .fails(.badGrouping)),              // a dot needs exactly three digits after it
        ("1..000", .fails(.badGrouping)),
        (".5", .fails(.badGrouping)),
        ("1.5000", .fails(.badGrouping)),            // mixed grouping
        ("1000.000", .fails(.badGrouping)),          // first group of four digits
        ("1.000.", .fails(.badGrouping)),            // trailing dot
        ("1.000,", .fails(.badGrouping)),            // comma with nothing after it
        (",5", .fails(.badGrouping)),
        // invalid: decimals in money
        ("1,5", .fails(.decimalInMoney)),
        ("1.500,00", .fails(.decimalInMoney)),       // even a zero fraction
        ("1,500", .fails(.thousandsComma(suggested: "1.500"))),   // English grouping: said what was meant
        ("10,000", .fails(.thousandsComma(suggested: "10.000"))),
        ("1,50", .fails(.decimalInMoney)),           // two decimals: not a thousands comma
        ("1,5,0", .fails(.multipleDecimalCommas)),
        ("1,500,000", .fails(.thousandsComma(suggested: "1.500.000"))),   // English grouping
        ("1,5000,000", .fails(.multipleDecimalCommas)),  // not English grouping either
        ("1,500.000", .fails(.badGrouping)),        // mixed: no guess
        // invalid: size
        ("1.000.000.000.000.000", .fails(.tooLarge)),     // limit + 1
        ("1000000000000000", .fails(.tooLarge)),
        ("99999999999999999999999", .fails(.tooLarge)),   // would overflow Int64: must not trap
    ]

    func testMoneyTable() {
        XCTAssertGreaterThanOrEqual(Self.moneyCases.count, 30)
        for (text, expect) in Self.moneyCases {
            let result = Result { () throws(NumberSyntaxError) -> Money in try NumberParser.money(text) }
            switch (expect, result) {
            case (.ok(let dong), .success(let m)):
                XCTAssertEqual(m.dong, dong, "money(\"\(text)\")")
            case (.fails(let e), .failure(let got)):
                XCTAssertEqual(got, e, "money(\"\(text)\")")
            default:
                XCTFail("money(\"\(text)\"): expected \(expect), got \(result)")
            }
        }
    }

    func testNegativeMoneyWhenAllowed() throws {
        assertMoney(try NumberParser.money("-5", allowNegative: true), -5)
        assertMoney(try NumberParser.money("-1.500.000", allowNegative: true), -1_500_000)
        assertMoney(try NumberParser.money(" -200.000 ", allowNegative: true), -200_000)
        XCTAssertThrowsError(try NumberParser.money("-", allowNegative: true)) { XCTAssertEqual($0 as? NumberSyntaxError, .empty) }
        XCTAssertThrowsError(try NumberParser.money("--5", allowNegative: true)) {
            XCTAssertEqual($0 as? NumberSyntaxError, .invalidCharacter("-"))
        }
        XCTAssertThrowsError(try NumberParser.money("-1.000.000.000.000.000", allowNegative: true)) {
            XCTAssertEqual($0 as? NumberSyntaxError, .tooLarge)
        }
    }

    // MARK: Quantity

    /// (text, expected mantissa, expected scale) or an error. Quantities are normalised: 2,50 is 25 × 10⁻¹.
    static let quantityCases: [(String, Result<(Int64, Int), NumberSyntaxError>)] = [
        ("0,5", .success((5, 1))),
        ("1,5", .success((15, 1))),
        ("1.234,25", .success((123_425, 2))),
        ("150", .success((150, 0))),
        ("2,50", .success((25, 1))),                 // trailing zero dropped
        ("1,000000", .success((1, 0))),              // six decimals allowed, all zero
        ("0,000001", .success((1, 6))),              // the smallest step
        ("1,234567", .success((1_234_567, 6))),
        (" 0,3 ", .success((3, 1))),
        ("999.999.999.999", .success((999_999_999_999, 0))),   // Quantity.limit
        ("999.999.999.999,999999", .success((999_999_999_999_999_999, 6))),
        ("1,2345678", .failure(.tooManyDecimals)),   // seven decimals
        ("1.5", .failure(.decimalPoint(suggested: "1,5"))),   // English decimal point: said what was meant
        ("0.5", .failure(.decimalPoint(suggested: "0,5"))),
        ("0.25", .failure(.decimalPoint(suggested: "0,25"))),
        ("1.500", .success((1500, 0))),              // three digits after the dot: thousands, as always
        ("1,500", .success((15, 1))),                // a quantity keeps the decimal comma (1,5)
        ("1 500", .failure(.spacedGroups(suggested: "1.500"))),
        ("1.234.5", .failure(.badGrouping)),
        ("1,", .failure(.badGrouping)),
        (",5", .failure(.badGrouping)),
        ("1,5.000", .failure(.badGrouping)),         // dot after the decimal comma
        ("1,5,0", .failure(.multipleDecimalCommas)),
        ("-0,5", .failure(.negativeNotAllowed)),
        ("1/2", .failure(.invalidCharacter("/"))),
        ("½", .failure(.nonASCIIDigit("½"))),
        ("", .failure(.empty)),
        ("1.000.000.000.000", .failure(.tooLarge)),  // Quantity.limit + 1
    ]

    func testQuantityTable() {
        for (text, expect) in Self.quantityCases {
            let result = Result { () throws(NumberSyntaxError) -> Quantity in try NumberParser.quantity(text) }
            switch (expect, result) {
            case (.success(let (m, s)), .success(let q)):
                XCTAssertEqual(q.mantissa, m, "quantity(\"\(text)\") mantissa")
                XCTAssertEqual(q.scale, s, "quantity(\"\(text)\") scale")
            case (.failure(let e), .failure(let got)):
                XCTAssertEqual(got, e, "quantity(\"\(text)\")")
            default:
                XCTFail("quantity(\"\(text)\"): expected \(expect), got \(result)")
            }
        }
    }

    func testNormalisedQuantitiesAreEqual() throws {
        XCTAssertEqual(try NumberParser.quantity("2,50"), try NumberParser.quantity("2,5"))
        XCTAssertEqual(try NumberParser.quantity("1.500"), try NumberParser.quantity("1500"))
        XCTAssertEqual(try NumberParser.quantity("3,0"), Quantity(whole: 3))
    }

    func testNegativeQuantityWhenAllowed() throws {
        assertQuantity(try NumberParser.quantity("-0,5", allowNegative: true), mantissa: -5, scale: 1)
    }

    func testCount() throws {
        XCTAssertEqual(try NumberParser.count("150"), 150)
        XCTAssertEqual(try NumberParser.count("1.500"), 1_500)
        XCTAssertEqual(try NumberParser.count("2,0"), 2)         // a zero fraction is still whole
        XCTAssertThrowsError(try NumberParser.count("2,5"))      // half a person is not a count
        XCTAssertThrowsError(try NumberParser.count("-1")) { XCTAssertEqual($0 as? NumberSyntaxError, .negativeNotAllowed) }
        // A count never reads "1,000" as 1 (it would as a quantity): thousands commas are refused with the
        // Vietnamese spelling — the 150 delegates of a file exported the English way must not become 1.
        XCTAssertThrowsError(try NumberParser.count("1,000")) { XCTAssertEqual($0 as? NumberSyntaxError, .thousandsComma(suggested: "1.000")) }
        XCTAssertThrowsError(try NumberParser.count("1,500")) { XCTAssertEqual($0 as? NumberSyntaxError, .thousandsComma(suggested: "1.500")) }
        XCTAssertEqual(try NumberParser.count("1,0"), 1)             // one decimal: still the decimal comma
    }

    /// The slip messages say what was probably meant, in words (brief §6: 1.500.000, 0,5).
    func testSlipMessagesSayWhatWasMeant() {
        XCTAssertEqual(NumberSyntaxError.thousandsComma(suggested: "10.000").message(.vi),
                       "dấu phẩy ngăn cách hàng nghìn? viết 10.000 (dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)")
        XCTAssertEqual(NumberSyntaxError.decimalPoint(suggested: "0,5").message(.vi),
                       "dấu chấm thập phân? viết 0,5 (dấu phẩy cho phần thập phân, dấu chấm ngăn cách hàng nghìn)")
        XCTAssertEqual(NumberSyntaxError.spacedGroups(suggested: "1.500.000").message(.vi),
                       "khoảng trắng ngăn cách hàng nghìn? viết 1.500.000 hoặc viết liền không cách")
        XCTAssertTrue(NumberSyntaxError.thousandsComma(suggested: "10.000").message(.en).contains("write 10.000"))
        // Through a cell: the message a user sees.
        let e = InputError(SourceLocation(file: "estimate.csv", line: 4, field: "Thành tiền"),
                           .badNumber(.thousandsComma(suggested: "10.000"), text: "10,000"))
        XCTAssertEqual(e.message(.vi), "estimate.csv, dòng 4, cột \"Thành tiền\": số \"10,000\" không hợp lệ: dấu phẩy ngăn cách hàng nghìn? "
                       + "viết 10.000 (dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)")
    }

    func testErrorsExplainThemselvesInBothLanguages() {
        let e = NumberSyntaxError.badGrouping
        XCTAssertTrue(e.message(.vi).contains("1.500.000"))
        XCTAssertTrue(e.message(.en).contains("1.500.000"))
        XCTAssertNotEqual(e.message(.vi), e.message(.en))
    }
}
