import XCTest
import KinhPhiCore
import TestSupport

/// Files as accountants make them (issue 13): the separator detected from the header row (`,` `;` TAB,
/// Excel's `sep=` line), headers by name in Vietnamese, and what is said when a required column is missing.
final class CSVSeparatorTests: XCTestCase {
    private func detect(_ text: String) throws -> (records: [CSVRecord], separator: CSVSeparator) {
        try CSVReader.parseBytes(Array(text.utf8), file: "t.csv")
    }

    func testCommaSemicolonAndTabAreDetectedFromTheHeader() throws {
        let comma = try detect("a,b,c\n1,2,3\n")
        XCTAssertEqual(comma.separator, .comma)
        XCTAssertEqual(comma.records[1].fields, ["1", "2", "3"])

        // Excel on a Vietnamese-locale PC: ";" between cells, the decimal comma unquoted.
        let semi = try detect("Mục;STT;Số lượng;Đơn giá\nI;1.1;0,5;1.500.000\n")
        XCTAssertEqual(semi.separator, .semicolon)
        XCTAssertEqual(semi.records[1].fields, ["I", "1.1", "0,5", "1.500.000"])

        let tab = try detect("Mục\tSTT\tNội dung chi, ghi chú\nI\t1.1\tIn, mua\n")
        XCTAssertEqual(tab.separator, .tab)
        XCTAssertEqual(tab.records[1].fields, ["I", "1.1", "In, mua"])
    }

    func testTheMostFrequentSeparatorOutsideQuotesWinsTiesGoToCommaThenSemicolon() throws {
        // Two ";" against one "," (inside a header cell): ";".
        XCTAssertEqual(try detect("STT;Nội dung chi, ghi chú;Thành tiền\n1;a, b;5\n").separator, .semicolon)
        // Separators inside quotes do not count: one "," outside, three ";" inside.
        XCTAssertEqual(try detect("\"a;b;c;d\",e\n1,2\n").separator, .comma)
        // A tie: comma, then semicolon.
        XCTAssertEqual(try detect("a,b;c\n").separator, .comma)
        XCTAssertEqual(try detect("a;b\tc\n").separator, .semicolon)
        // One column: comma (a cell may then hold anything).
        XCTAssertEqual(try detect("id\n1\n").separator, .comma)
    }

    func testBlankLinesBeforeTheHeaderAreSkipped() throws {
        // Excel leaves rows of separators; they are blank, and the header decides.
        let r = try detect(";;;\n\r\n  \nfield;value\nname;Hội nghị\n")
        XCTAssertEqual(r.separator, .semicolon)
        XCTAssertEqual(r.records.map(\.line), [4, 5])
        XCTAssertEqual(r.records[1].fields, ["name", "Hội nghị"])
    }

    func testExcelsSepLineNamesTheSeparatorAndIsSkipped() throws {
        let r = try detect("sep=;\r\nfield,x;value\nname,y;Hội nghị\n")
        XCTAssertEqual(r.separator, .semicolon)
        XCTAssertEqual(r.records, [CSVRecord(line: 2, fields: ["field,x", "value"]), CSVRecord(line: 3, fields: ["name,y", "Hội nghị"])])
        XCTAssertEqual(try detect("sep=\t\na\tb\n").separator, .tab)
        // With a BOM before it, as Excel writes.
        let bom = try CSVReader.parseBytes([0xEF, 0xBB, 0xBF] + Array("sep=,\na,b\n".utf8), file: "t.csv")
        XCTAssertEqual(bom.separator, .comma)
        XCTAssertEqual(bom.records, [CSVRecord(line: 2, fields: ["a", "b"])])
    }

    func testAGivenSeparatorIsNotDetected() throws {
        let r = try CSVReader.parseBytes(Array("a;b\n1;2\n".utf8), file: "t.csv", separator: .comma)
        XCTAssertEqual(r.separator, .comma)
        XCTAssertEqual(r.records[0].fields, ["a;b"])
    }

    /// A streamed file whose header line spans several reads is detected the same.
    func testDetectionAcrossBlocks() throws {
        let tmp = TempDir()
        defer { tmp.remove() }
        let header = (0..<200).map { "cột \($0)" }.joined(separator: "\t")
        let path = tmp.write("t.tsv", header + "\n" + (0..<200).map(String.init).joined(separator: "\t") + "\n")
        let t = try CSVTokenizer(path: path, displayName: "t.tsv", separator: nil, blockSize: 7)
        XCTAssertTrue(try t.next())
        XCTAssertEqual(t.separator, .tab)
        XCTAssertEqual(t.fieldCount, 200)
        XCTAssertTrue(try t.next())
        XCTAssertEqual(t.cell(199), "199")
    }

    // MARK: Columns by name

    private func table(_ text: String, required: [String], names: NameTable? = InputNames.estimate) throws -> CSVTable {
        let (records, sep) = try CSVReader.parseBytes(Array(text.utf8), file: "estimate.csv")
        return try CSVTable(records: records, file: "estimate.csv", required: required, names: names, separator: sep)
    }

    func testVietnameseHeadersWithAndWithoutAccentsInAnyCase() throws {
        for header in ["Mục,STT,Đơn giá,Thành tiền", "MUC,stt,DON GIA,thanh tien", "mục , Stt ,Đơn giá (đồng),Thành tiền (đ)",
                       "section,line,unit_price,amount"] {
            let t = try table(header + "\nI,1.1,40.000,80.000\n", required: ["section", "line", "unit_price", "amount"])
            let r = t.rows[0]
            XCTAssertEqual(t.cell(r, "section"), "I", header)
            XCTAssertEqual(t.cell(r, "line"), "1.1", header)
            assertMoney(try t.money(r, "unit_price"), 40_000)
            assertMoney(try t.money(r, "amount"), 80_000)
        }
    }

    func testErrorsNameTheColumnAsWritten() throws {
        let t = try table("Mục,STT,Đơn giá\nI,1.1,40.00\n", required: ["unit_price"])
        let e = assertThrowsInputError(try t.money(t.rows[0], "unit_price"), atLine: 2, field: "Đơn giá",
                                       problem: .badNumber(.badGrouping, text: "40.00"))
        XCTAssertTrue(e?.message(.vi).hasPrefix("estimate.csv, dòng 2, cột \"Đơn giá\": ") == true)
    }

    func testAMissingColumnListsTheAcceptedNamesAndTheHeadersNotRecognised() throws {
        let e = assertThrowsInputError(try table("Mục,STT,Nội dung,Giá\nI,1,a,5\n", required: ["section", "unit_price"]),
                                       atLine: 1, field: "unit_price", problem: .missingColumn("unit_price"))
        XCTAssertEqual(e?.message(.vi), "estimate.csv, dòng 1, cột \"unit_price\": thiếu cột bắt buộc \"unit_price\"; "
                       + "tên cột được nhận: \"Đơn giá\", \"unit_price\"; các cột không nhận ra: \"Giá\"")
        XCTAssertEqual(e?.message(.en), "estimate.csv, line 1, column \"unit_price\": required column \"unit_price\" is missing; "
                       + "accepted column names: \"Đơn giá\", \"unit_price\"; columns not recognised: \"Giá\"")
    }

    /// A header read with the wrong separator (given, or a tie) says so and how to fix it.
    func testAFileReadAsOneColumnSaysSo() throws {
        let records = try CSVReader.parse(Array("field;value\nname;Hội nghị\n".utf8), file: "conference.csv", separator: .comma)
        let e = assertThrowsInputError(try CSVTable(records: records, file: "conference.csv", required: ["field", "value"],
                                                    names: InputNames.conferenceColumns, separator: .comma),
                                       atLine: 1, field: "field", problem: .missingColumn("field"))
        XCTAssertEqual(e?.hint?.vi, "dòng tiêu đề được đọc thành một cột duy nhất \"field;value\": tệp dùng dấu chấm phẩy \";\" để ngăn cột "
                       + "nhưng được đọc bằng dấu phẩy \",\"; lưu lại tệp bằng Excel (CSV UTF-8) hoặc thêm dòng đầu tiên sep=;; "
                       + "tên cột được nhận: \"Trường\", \"Thông tin\", \"field\"; các cột không nhận ra: \"field;value\"")
        // A tie read with ","; the cell holding ";" is named.
        let tie = try CSVReader.parseBytes(Array("Trường;Giá trị, ghi chú\n".utf8), file: "c.csv")
        XCTAssertEqual(tie.separator, .comma)
        let e2 = assertThrowsInputError(try CSVTable(records: tie.records, file: "c.csv", required: ["field", "value"],
                                                     names: InputNames.conferenceColumns, separator: tie.separator),
                                        atLine: 1, field: "field", problem: .missingColumn("field"))
        XCTAssertTrue(e2?.hint?.vi.hasPrefix("cột tiêu đề \"Trường;Giá trị\": tệp dùng dấu chấm phẩy") == true, e2?.hint?.vi ?? "")
    }

    func testTwoHeadersForOneColumnAreRefusedNamingBoth() throws {
        let e = assertThrowsInputError(try table("Thành tiền,Số tiền\n1,2\n", required: []), atLine: 1, field: "Số tiền",
                                       problem: .duplicateColumn("Số tiền"))
        XCTAssertEqual(e?.hint?.vi, "cột \"Thành tiền\" (cột 1) và cột \"Số tiền\" (cột 2) cùng là \"Thành tiền\" (amount): giữ một cột")
    }

    func testYesNoCells() throws {
        let t = try table("a,b\nx,\nKhông phải,có\n", required: [], names: nil)
        XCTAssertTrue(try t.yesNo(t.rows[0], "a"))
        XCTAssertFalse(try t.yesNo(t.rows[0], "b", default: false))      // blank: the default
        assertThrowsInputError(try t.yesNo(t.rows[0], "b"), atLine: 2, field: "b", problem: .required)
        XCTAssertFalse(try t.yesNo(t.rows[1], "a"))
        XCTAssertTrue(try t.yesNo(t.rows[1], "b"))
    }
}
