import XCTest
import KinhPhiCore

final class AmountInWordsTests: XCTestCase {

    // Expectations hand-written from the domain brief §6 conventions (bằng chữ): mốt/tư only after tens ≥ 2,
    // lăm after any tens ≥ 1, linh after a hundreds position, non-leading groups read with all three digits,
    // zero groups skipped, tỷ read recursively above 10^12. None of these strings were produced by the code.
    private static let vietnameseCases: [(Int64, String)] = [
        // 0–20
        (0, "Không đồng"),
        (1, "Một đồng"),
        (2, "Hai đồng"),
        (3, "Ba đồng"),
        (4, "Bốn đồng"),
        (5, "Năm đồng"),
        (6, "Sáu đồng"),
        (7, "Bảy đồng"),
        (8, "Tám đồng"),
        (9, "Chín đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (12, "Mười hai đồng"),
        (13, "Mười ba đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (16, "Mười sáu đồng"),
        (17, "Mười bảy đồng"),
        (18, "Mười tám đồng"),
        (19, "Mười chín đồng"),
        (20, "Hai mươi đồng"),
        // tens
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (31, "Ba mươi mốt đồng"),
        (44, "Bốn mươi tư đồng"),
        (55, "Năm mươi lăm đồng"),
        (90, "Chín mươi đồng"),
        (95, "Chín mươi lăm đồng"),
        (99, "Chín mươi chín đồng"),
        // hundreds
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (111, "Một trăm mười một đồng"),
        (114, "Một trăm mười bốn đồng"),
        (115, "Một trăm mười lăm đồng"),
        (121, "Một trăm hai mươi mốt đồng"),
        (500, "Năm trăm đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
        // thousands
        (1_000, "Một nghìn đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (1_015, "Một nghìn không trăm mười lăm đồng"),
        (1_100, "Một nghìn một trăm đồng"),
        (1_234, "Một nghìn hai trăm ba mươi tư đồng"),
        (5_000, "Năm nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (250_000, "Hai trăm năm mươi nghìn đồng"),
        (999_999, "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"),
        // millions, with and without zero middle groups
        (1_000_000, "Một triệu đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2_010_000, "Hai triệu không trăm mười nghìn đồng"),
        (12_345_678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng"),
        (150_000_000, "Một trăm năm mươi triệu đồng"),
        // tỷ
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
        (3_000_021_000, "Ba tỷ không trăm hai mươi mốt nghìn đồng"),
        // nghìn tỷ
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_001_000_000_000, "Một nghìn không trăm linh một tỷ đồng"),
        (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
        (1_000_001_000_000, "Một nghìn tỷ không trăm linh một triệu đồng"),
        (25_000_000_000_000, "Hai mươi lăm nghìn tỷ đồng"),
        // the maximum
        (999_999_999_999_999, "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"),
        // negatives
        (-1, "Âm một đồng"),
        (-21, "Âm hai mươi mốt đồng"),
        (-1_005_000, "Âm một triệu không trăm linh năm nghìn đồng"),
        (-999_999_999_999_999, "Âm chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng"),
    ]

    // Hand-written as well: short scale, hyphenated tens, no "and".
    private static let englishCases: [(Int64, String)] = [
        (0, "Zero dong"),
        (1, "One dong"),
        (13, "Thirteen dong"),
        (21, "Twenty-one dong"),
        (40, "Forty dong"),
        (105, "One hundred five dong"),
        (118, "One hundred eighteen dong"),
        (1_000_005, "One million five dong"),
        (1_005_000, "One million five thousand dong"),
        (1_234_567, "One million two hundred thirty-four thousand five hundred sixty-seven dong"),
        (150_000_000, "One hundred fifty million dong"),
        (1_000_000_000, "One billion dong"),
        (1_001_000_000_000, "One trillion one billion dong"),
        (999_999_999_999_999, "Nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine dong"),
        (-21, "Minus twenty-one dong"),
    ]

    private static let outOfRange: [Int64] = [
        AmountInWords.maximum + 1,
        -(AmountInWords.maximum + 1),
        Int64.max,
        Int64.min,
        Int64.min + 1,
    ]

    func testVietnameseTable() {
        XCTAssertGreaterThanOrEqual(Self.vietnameseCases.count, 45)
        for (amount, expected) in Self.vietnameseCases {
            XCTAssertEqual(AmountInWords.vietnamese(amount), expected, "vietnamese(\(amount))")
        }
    }

    func testVietnameseOutputIsPrecomposed() {
        // Swift's == compares canonically, so check the scalars themselves: no combining marks (U+0300–U+036F),
        // and byte-for-byte equal to the precomposed literal.
        for (amount, expected) in Self.vietnameseCases {
            guard let words = AmountInWords.vietnamese(amount) else {
                XCTFail("vietnamese(\(amount)) returned nil")
                continue
            }
            XCTAssertFalse(words.unicodeScalars.contains { (0x300...0x36F).contains($0.value) },
                           "vietnamese(\(amount)) contains a combining mark")
            XCTAssertEqual(Array(words.utf8), Array(expected.utf8), "vietnamese(\(amount)) is not NFC")
        }
    }

    func testVietnameseNumberIsBareAndLowerCase() {
        let cases: [(Int64, String)] = [
            (0, "không"),
            (5, "năm"),
            (21, "hai mươi mốt"),
            (105, "một trăm linh năm"),
            (1_005_000, "một triệu không trăm linh năm nghìn"),
            (-4, "âm bốn"),
        ]
        for (n, expected) in cases {
            XCTAssertEqual(AmountInWords.vietnameseNumber(n), expected, "vietnameseNumber(\(n))")
        }
    }

    func testEnglishTable() {
        for (amount, expected) in Self.englishCases {
            XCTAssertEqual(AmountInWords.english(amount), expected, "english(\(amount))")
        }
    }

    func testOutOfRangeIsNil() {
        for amount in Self.outOfRange {
            XCTAssertNil(AmountInWords.vietnamese(amount), "vietnamese(\(amount))")
            XCTAssertNil(AmountInWords.vietnameseNumber(amount), "vietnameseNumber(\(amount))")
            XCTAssertNil(AmountInWords.english(amount), "english(\(amount))")
        }
    }

    func testMaximumIsReadable() {
        XCTAssertEqual(AmountInWords.maximum, 999_999_999_999_999)
        XCTAssertNotNil(AmountInWords.vietnamese(AmountInWords.maximum))
        XCTAssertNotNil(AmountInWords.vietnamese(-AmountInWords.maximum))
        XCTAssertNotNil(AmountInWords.english(-AmountInWords.maximum))
    }
}
