import XCTest
import KinhPhiCore
import TestSupport

final class CSVReaderTests: XCTestCase {

    private func parse(_ text: String) throws -> [CSVRecord] {
        try CSVReader.parse(Array(text.utf8), file: "t.csv")
    }

    func testSimpleLF() throws {
        XCTAssertEqual(try parse("a,b\n1,2\n"), [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
    }

    func testCRLF() throws {
        XCTAssertEqual(try parse("a,b\r\n1,2\r\n"), [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
    }

    func testLastLineWithoutLineEnd() throws {
        XCTAssertEqual(try parse("a,b\n1,2"), [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        XCTAssertEqual(try parse("a,b,\n"), [CSVRecord(line: 1, fields: ["a", "b", ""])])   // trailing empty cell kept
    }

    func testBOMIsDropped() throws {
        let records = try CSVReader.parse([0xEF, 0xBB, 0xBF] + Array("id,x\n".utf8), file: "t.csv")
        XCTAssertEqual(records, [CSVRecord(line: 1, fields: ["id", "x"])])
    }

    func testQuotedCommaAndQuote() throws {
        XCTAssertEqual(try parse("\"Hà Nội, Việt Nam\",\"say \"\"hi\"\"\",\"\"\n"),
                       [CSVRecord(line: 1, fields: ["Hà Nội, Việt Nam", "say \"hi\"", ""])])
    }

    func testQuotedNewlineKeepsLaterLineNumbers() throws {
        // line 1: header; lines 2–4: one record whose first cell spans three lines; line 5: next record.
        let text = "a,b\n\"first\nsecond\nthird\",x\nnext,y\n"
        XCTAssertEqual(try parse(text), [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 2, fields: ["first\nsecond\nthird", "x"]),
            CSVRecord(line: 5, fields: ["next", "y"]),
        ])
    }

    func testQuotedCRLFNewlineInCRLFFile() throws {
        let text = "a,b\r\n\"x\r\ny\",1\r\nz,2\r\n"
        let records = try parse(text)
        XCTAssertEqual(records.map(\.line), [1, 2, 4])
        XCTAssertEqual(records[1].fields, ["x\r\ny", "1"])
    }

    func testBlankAndAllCommaRowsAreSkipped() throws {
        // line 2 empty, line 3 ",,", line 4 spaces only, line 5 " , " (cells are read trimmed), line 7 ","
        let text = "a,b\n\n,,\n   \n , \n1,2\n,\n"
        XCTAssertEqual(try parse(text), [
            CSVRecord(line: 1, fields: ["a", "b"]),
            CSVRecord(line: 6, fields: ["1", "2"]),
        ])
        XCTAssertEqual(try parse("a\r\n\r\n,,,\r\nb\r\n").map(\.line), [1, 4])
    }

    func testUnterminatedQuoteNamesItsLine() {
        let text = "a,b\n1,2\n3,\"never closed\n4,5\n"
        assertThrowsInputError(try parse(text), inFile: "t.csv", atLine: 3, field: nil, problem: .unterminatedQuote)
    }

    func testNotUTF8NamesLineAndOffset() {
        // bytes: "a,b\n" (0–3) "1,2\n" (4–7) "3," (8–9) then 0xFF at offset 10, on line 3.
        let bytes = Array("a,b\n1,2\n3,".utf8) + [0xFF] + Array("\n".utf8)
        assertThrowsInputError(try CSVReader.parse(bytes, file: "t.csv"), inFile: "t.csv", atLine: 3, field: nil,
                               problem: .notUTF8(byteOffset: 10))
    }

    func testLatin1AccentIsNotUTF8() {
        // "Hà" saved as Windows-1252: H (0) then 0xE0 (1) followed by ASCII — an invalid lead byte sequence.
        let bytes: [UInt8] = [0x48, 0xE0, 0x2C, 0x31, 0x0A]
        assertThrowsInputError(try CSVReader.parse(bytes, file: "t.csv"), atLine: 1, field: nil, problem: .notUTF8(byteOffset: 1))
    }

    /// `UTF8Validation.firstInvalid` over an array.
    private func firstInvalid(_ b: [UInt8]) -> Int? { b.withUnsafeBytes { UTF8Validation.firstInvalid($0) } }

    func testOverlongAndSurrogateEncodingsRejected() {
        XCTAssertEqual(firstInvalid([0xC0, 0xAF]), 0)               // overlong "/"
        XCTAssertEqual(firstInvalid([0x41, 0xED, 0xA0, 0x80]), 1)   // U+D800
        XCTAssertEqual(firstInvalid([0xF4, 0x90, 0x80, 0x80]), 0)   // > U+10FFFF
        XCTAssertEqual(firstInvalid([0xE1, 0xBA]), 0)               // truncated
        XCTAssertNil(firstInvalid(Array("Sở Khoa học và Công nghệ".utf8)))
    }

    func testUTF16ByteOrderMarksAreNamed() {
        // "d" in UTF-16 LE with BOM: FF FE 64 00; in UTF-16 BE with BOM: FE FF 00 64. Both are named as
        // UTF-16 on line 1, also after a UTF-8 BOM (then they are garbage, but the same message helps).
        assertThrowsInputError(try CSVReader.parse([0xFF, 0xFE, 0x64, 0x00], file: "t.csv"), atLine: 1, field: nil, problem: .utf16BOM)
        assertThrowsInputError(try CSVReader.parse([0xFE, 0xFF, 0x00, 0x64], file: "t.csv"), atLine: 1, field: nil, problem: .utf16BOM)
        assertThrowsInputError(try CSVReader.parse([0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x64, 0x00], file: "t.csv"),
                               atLine: 1, field: nil, problem: .utf16BOM)
    }

    func testNULByteIsRefusedWhereverItIs() {
        // UTF-16 BE without a BOM: "da" = 00 64 00 61 → the NUL at offset 0.
        assertThrowsInputError(try CSVReader.parse([0x00, 0x64, 0x00, 0x61], file: "t.csv"), atLine: 1, field: nil, problem: .nulByte(byteOffset: 0))
        // A NUL at every offset of a 20-byte line "a,b\n" + 16 × "x" (so before, inside and after the
        // 8-byte ASCII skip), on line 2 from offset 4 on; with a UTF-8 BOM first the offset counts it.
        for k in 0..<20 {
            var bytes = Array("a,b\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 16)
            bytes[k] = 0
            assertThrowsInputError(try CSVReader.parse(bytes, file: "t.csv"), atLine: k < 4 ? 1 : 2, field: nil,
                                   problem: .nulByte(byteOffset: k))
            assertThrowsInputError(try CSVReader.parse([0xEF, 0xBB, 0xBF] + bytes, file: "t.csv"), atLine: k < 4 ? 1 : 2, field: nil,
                                   problem: .nulByte(byteOffset: k + 3))
        }
        // The first problem wins: invalid UTF-8 (0xE0 at 1) before a NUL (at 3), and the other way round.
        assertThrowsInputError(try CSVReader.parse([0x48, 0xE0, 0x2C, 0x00], file: "t.csv"), atLine: 1, field: nil, problem: .notUTF8(byteOffset: 1))
        assertThrowsInputError(try CSVReader.parse([0x48, 0x00, 0x2C, 0xE0], file: "t.csv"), atLine: 1, field: nil, problem: .nulByte(byteOffset: 1))
        // The journal's validator (firstInvalid) is plain UTF-8: a NUL is valid there (its codec refuses
        // control characters itself).
        XCTAssertNil(firstInvalid([0x41, 0x00, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x00]))
    }

    func testEmptyInputHasNoRecords() throws {
        XCTAssertEqual(try CSVReader.parse([], file: "t.csv"), [])
        XCTAssertEqual(try CSVReader.parse([0xEF, 0xBB, 0xBF], file: "t.csv"), [])
    }

    // MARK: Files

    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    func testEmptyFile() {
        let p = tmp.write("empty.csv", "")
        assertThrowsInputError(try CSVReader.read(path: p, displayName: "empty.csv"), inFile: "empty.csv", atLine: nil, field: nil,
                               problem: .emptyFile)
    }

    func testMissingFileAndFolder() {
        assertThrowsInputError(try CSVReader.read(path: tmp.file("nope.csv"), displayName: "nope.csv"), inFile: "nope.csv",
                               atLine: nil, field: nil, problem: .fileNotFound)
        assertThrowsInputError(try CSVReader.read(path: tmp.path, displayName: "dir"), inFile: "dir", atLine: nil, field: nil,
                               problem: .notAFile)
    }

    func testErrorsNameThePathWhenNoDisplayName() {
        let p = tmp.write("bad.csv", bytes: [0x61, 0x0A, 0xFF])
        assertThrowsInputError(try CSVReader.read(path: p), inFile: p, atLine: 2, field: nil, problem: .notUTF8(byteOffset: 2))
    }
}

final class CSVTableTests: XCTestCase {

    private func table(_ text: String, required: [String]) throws -> CSVTable {
        try CSVTable(records: CSVReader.parse(Array(text.utf8), file: "t.csv"), file: "t.csv", required: required)
    }

    func testReadsByColumnNameCaseInsensitively() throws {
        let t = try table(" ID , Amount ,note\nx1, 1.500.000 ,\n", required: ["id", "amount"])
        XCTAssertEqual(t.header, ["id", "amount", "note"])
        XCTAssertEqual(t.headerLine, 1)
        XCTAssertEqual(t.rows.count, 1)
        let r = t.rows[0]
        XCTAssertEqual(t.cell(r, "id"), "x1")
        assertMoney(try t.money(r, "amount"), 1_500_000)
        XCTAssertNil(try t.optionalMoney(r, "note"))
        XCTAssertEqual(t.cell(r, "absent"), "")
        XCTAssertTrue(t.has("note"))
        XCTAssertFalse(t.has("absent"))
    }

    func testShortRowReadsMissingCellsAsEmpty() throws {
        let t = try table("a,b,c\n1\n", required: ["a"])
        XCTAssertEqual(t.cell(t.rows[0], "c"), "")
        assertThrowsInputError(try t.required(t.rows[0], "c"), inFile: "t.csv", atLine: 2, field: "c", problem: .required)
    }

    func testMissingColumnNamesIt() {
        assertThrowsInputError(try table("id,amount\n", required: ["id", "unit_price"]), inFile: "t.csv", atLine: 1,
                               field: "unit_price", problem: .missingColumn("unit_price"))
    }

    func testHeaderLineAfterBlankLines() {
        assertThrowsInputError(try table("\n\nid\n", required: ["amount"]), atLine: 3, field: "amount", problem: .missingColumn("amount"))
    }

    func testDuplicateColumn() {
        assertThrowsInputError(try table("id,Amount,amount \n", required: ["id"]), inFile: "t.csv", atLine: 1, field: "amount",
                               problem: .duplicateColumn("amount"))
    }

    func testNoRecordsIsAnEmptyFile() {
        assertThrowsInputError(try table("\n,,\n", required: ["id"]), inFile: "t.csv", atLine: nil, field: nil, problem: .emptyFile)
    }

    func testTypedCellsNameLineAndColumn() throws {
        let t = try table("id,n,q,d,s\nx,1.50,\"1,5\",31/02/2025,maybe\n", required: ["id"])
        let r = t.rows[0]
        assertThrowsInputError(try t.money(r, "n"), atLine: 2, field: "n", problem: .badNumber(.badGrouping, text: "1.50"))
        assertQuantity(try t.quantity(r, "q"), mantissa: 15, scale: 1)
        assertThrowsInputError(try t.date(r, "d"), atLine: 2, field: "d", problem: .badDate(text: "31/02/2025"))
        let expected = Bilingual(vi: "có hoặc không", en: "yes or no")
        assertThrowsInputError(try t.choice(r, "s", ["yes": true, "no": false], expected: expected), atLine: 2, field: "s",
                               problem: .badValue(text: "maybe", expected: expected))
        XCTAssertEqual(try t.choice(r, "id", ["x": 7], expected: expected), 7)
    }

    func testMessagesNameFileLineAndColumn() {
        let e = InputError(SourceLocation(file: "estimate.csv", line: 7, field: "unit_price"), .missingColumn("unit_price"))
        XCTAssertEqual(e.message(.en), "estimate.csv, line 7, column \"unit_price\": required column \"unit_price\" is missing")
        XCTAssertEqual(e.message(.vi), "estimate.csv, dòng 7, cột \"unit_price\": thiếu cột bắt buộc \"unit_price\"")
    }
}
