import XCTest
@testable import KinhPhiCore
import TestSupport

/// The one CSV tokenizer (Sources/KinhPhiCore/Input/CSVTokenizer.swift) on its own: separators, cells
/// built from quotes, reading from a file in any block size, the record and file limits, and which problem
/// is reported when a file has several. CSVReader/CSVTable on top of it: CSVTests.swift; the import's use of
/// it: KinhPhiTests/StreamingCSVTests.swift; the fuzz target `csv` checks it against a reference.
final class CSVTokenizerTests: XCTestCase {

    /// Every record of `bytes` read from memory: (line, fields as written, cells trimmed).
    private func read(_ bytes: [UInt8], separator: CSVSeparator = .comma, recordLimit: Int = CSVLimits.maxRecordBytes) throws
        -> [(line: Int, fields: [String], cells: [String])] {
        let t = try CSVTokenizer(bytes: bytes, file: "t.csv", separator: separator, recordLimit: recordLimit)
        return try drain(t)
    }

    private func drain(_ t: CSVTokenizer) throws -> [(line: Int, fields: [String], cells: [String])] {
        var out: [(Int, [String], [String])] = []
        while try t.next() {
            out.append((t.line, (0..<t.fieldCount).map { t.field($0) }, (0..<t.fieldCount).map { t.cell($0) }))
        }
        return out
    }

    private func fields(_ text: String, separator: CSVSeparator = .comma) throws -> [[String]] {
        try read(Array(text.utf8), separator: separator).map(\.fields)
    }

    // MARK: Separators

    func testSemicolonAndTabFilesReadLikeACommaFile() throws {
        // The same table saved three ways; in the `;` and TAB files a comma is an ordinary character (the
        // decimal comma of "0,5" needs no quotes there), and a quoted cell may hold the separator.
        let comma = "line,quantity,note\r\n3.1,\"0,5\",\"a;b\"\r\n"
        let semicolon = "line;quantity;note\r\n3.1;0,5;\"a;b\"\r\n"
        let tab = "line\tquantity\tnote\r\n3.1\t0,5\t\"a\tb\"\r\n"
        XCTAssertEqual(try fields(comma), [["line", "quantity", "note"], ["3.1", "0,5", "a;b"]])
        XCTAssertEqual(try fields(semicolon, separator: .semicolon), [["line", "quantity", "note"], ["3.1", "0,5", "a;b"]])
        XCTAssertEqual(try fields(tab, separator: .tab), [["line", "quantity", "note"], ["3.1", "0,5", "a\tb"]])
        // Read with the wrong separator, a `;` file is one column.
        XCTAssertEqual(try fields("a;b\n1;2\n"), [["a;b"], ["1;2"]])
        // A row of separators only is blank, whatever the separator.
        XCTAssertEqual(try read(Array("a;b\n;;\n1;2\n".utf8), separator: .semicolon).map(\.line), [1, 3])
        XCTAssertEqual(try read(Array("a\tb\n\t\t\n1\t2\n".utf8), separator: .tab).map(\.line), [1, 3])
    }

    func testCSVReaderAndTableTakeTheSeparator() throws {
        let records = try CSVReader.parse(Array("id;amount\nx1; 1.500.000 \n".utf8), file: "t.csv", separator: .semicolon)
        let t = try CSVTable(records: records, file: "t.csv", required: ["id", "amount"])
        assertMoney(try t.money(t.rows[0], "amount"), 1_500_000)
    }

    // MARK: Cells

    func testCellsAreTrimmedFieldsAreNot() throws {
        // Space, tab and no-break space (U+00A0) go at both ends, also inside quotes; other spaces stay.
        let r = try read(Array(" a ,\"\u{00A0}b\t\",\t\u{2003}c\n".utf8))
        XCTAssertEqual(r[0].fields, [" a ", "\u{00A0}b\t", "\t\u{2003}c"])
        XCTAssertEqual(r[0].cells, ["a", "b", "\u{2003}c"])
    }

    func testAnAbsentFieldIsEmpty() throws {
        let t = try CSVTokenizer(bytes: Array("a,b\n1\n".utf8), file: "t.csv")
        XCTAssertTrue(try t.next())
        XCTAssertTrue(try t.next())
        XCTAssertEqual(t.fieldCount, 1)
        XCTAssertEqual(t.cell(1), "")
        XCTAssertEqual(t.cell(-1), "")
        XCTAssertEqual(t.withCellBytes(5) { $0.count }, 0)
        XCTAssertFalse(try t.next())
    }

    func testQuotedCellsWithDoubledQuotesOrTextAfterTheQuote() throws {
        // "say ""hi""" → say "hi"; "q"x → qx (text after the closing quote is kept); a quote inside an
        // unquoted cell is an ordinary character.
        let r = try read(Array("\"say \"\"hi\"\"\",\"q\" x ,a\"b\n".utf8))
        XCTAssertEqual(r[0].fields, ["say \"hi\"", "q x ", "a\"b"])
        XCTAssertEqual(r[0].cells, ["say \"hi\"", "q x", "a\"b"])
    }

    // MARK: Line ends

    func testCRIsALineEndOnlyBeforeLFOrAtTheVeryEnd() throws {
        // "a\r,b\r\n": the CR before a separator is text; before the LF it goes. "c\rd" keeps its CR.
        XCTAssertEqual(try fields("a\r,b\r\nc\rd,e\r"), [["a\r", "b"], ["c\rd", "e"]])
        // A CR inside quotes is text; one after the closing quote, before the LF, goes.
        XCTAssertEqual(try fields("\"x\r\ny\"\r\n\"z\"\r\r\n"), [["x\r\ny"], ["z\r"]])
    }

    // MARK: Reading a file in blocks

    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    func testAFileReadsTheSameInAnyBlockSize() throws {
        // Doubled quotes, quoted line breaks, CRLF, a BOM, blank rows, a final lone CR, Vietnamese text:
        // every cut of the file between two reads gives what reading it from memory gives.
        let text = "\u{FEFF}date,payee,description\r\n20/11/2025,\"Nguyễn Văn An\",\"Nước \"\"La Vie\"\"\r\nhai dòng\"\r\n"
            + ",,\r\n\r\n 21/11/2025 ,Trần Thị Bình,\"\"\"\"\r\n22/11/2025,x,\"y\"z\r"
        let bytes = Array(text.utf8)
        let expected = try read(bytes)
        XCTAssertEqual(expected.map(\.line), [1, 2, 6, 7])   // lines 4 (",,") and 5 (empty) are blank
        XCTAssertEqual(expected[1].cells, ["20/11/2025", "Nguyễn Văn An", "Nước \"La Vie\"\r\nhai dòng"])
        XCTAssertEqual(expected[3].cells, ["22/11/2025", "x", "yz\r"])
        let path = tmp.write("t.csv", bytes: bytes)
        for block in [1, 2, 3, 5, 8, 13, 64, 1 << 22] {
            let got = try drain(CSVTokenizer(path: path, displayName: "t.csv", blockSize: block))
            XCTAssertEqual(got.map(\.line), expected.map(\.line), "block \(block)")
            XCTAssertEqual(got.map(\.fields), expected.map(\.fields), "block \(block)")
        }
    }

    // MARK: Limits and problems

    func testARecordOfExactlyTheLimitIsReadOneByteMoreIsNot() throws {
        // The limit counts the record's bytes with its LF: "a,b\n" is 4 bytes.
        XCTAssertEqual(try read(Array("h\na,b\n".utf8), recordLimit: 4).count, 2)
        assertThrowsInputError(try read(Array("h\nab,c\n".utf8), recordLimit: 4), inFile: "t.csv", atLine: 2, field: nil,
                               problem: CSVLimits.recordTooLong(file: "t.csv", line: 2).problem)
        // At the real limit, from a file in small blocks (refused while incomplete, after refills).
        let header = Array("d\n".utf8)
        let exact = header + Array(repeating: UInt8(ascii: "x"), count: CSVLimits.maxRecordBytes - 1) + [0x0A]
        let path = tmp.write("big.csv", bytes: exact)
        XCTAssertEqual(try drain(CSVTokenizer(path: path, displayName: "big.csv", blockSize: 1 << 16)).map(\.line), [1, 2])
        // Line 3: 1 MiB of "y" and its LF, one byte too many.
        let over = tmp.write("over.csv", bytes: exact + Array(repeating: UInt8(ascii: "y"), count: CSVLimits.maxRecordBytes) + [0x0A])
        assertThrowsInputError(try drain(CSVTokenizer(path: over, displayName: "over.csv", blockSize: 1 << 16)).count, inFile: "over.csv",
                               atLine: 3, field: nil, problem: CSVLimits.recordTooLong(file: "", line: 0).problem)
    }

    func testAFileReadWholeHasASizeLimit() throws {
        let path = tmp.write("t.csv", "a,b\n1,2\n")   // 8 bytes
        XCTAssertEqual(try drain(CSVTokenizer(path: path, displayName: "t.csv", maxFileBytes: 8)).count, 2)
        let e = assertThrowsInputError(try CSVTokenizer(path: path, displayName: "t.csv", maxFileBytes: 7), inFile: "t.csv", atLine: nil, field: nil)
        XCTAssertEqual(e?.message(.vi), "t.csv: tệp lớn hơn 64 MiB (8 byte), quá lớn cho tệp này")
    }

    /// Several problems in one file: the first record that has one decides, and within a record its length
    /// comes first, then its text, then a quote never closed (docs/formats.md). The old whole-file reader
    /// (CSVReader before issue 10) checked the text of the whole file first; the import's reader went
    /// record by record, as all readers now do.
    func testTheFirstRecordWithAProblemDecides() {
        // Line 2 too long (limit 8), line 3 not UTF-8: too long, on line 2 (the old CSVReader said "not UTF-8").
        assertThrowsInputError(try read(Array("h\n123456789\nx".utf8) + [0xFF, 0x0A], recordLimit: 8), atLine: 2, field: nil,
                               problem: CSVLimits.recordTooLong(file: "", line: 0).problem)
        // A bad byte inside a record that is too long: too long.
        assertThrowsInputError(try read(Array("h\n1234".utf8) + [0xFF] + Array("56789\n".utf8), recordLimit: 8), atLine: 2, field: nil,
                               problem: CSVLimits.recordTooLong(file: "", line: 0).problem)
        // A quote opened on line 2 and never closed runs to the end: a bad byte on line 4 is in it, and
        // comes before the quote. Offsets: "h\n" 0–1, "\"ab\n" 2–5, "cd\n" 6–8, 0xFF at 9.
        assertThrowsInputError(try read(Array("h\n\"ab\ncd\n".utf8) + [0xFF]), atLine: 4, field: nil, problem: .notUTF8(byteOffset: 9))
        assertThrowsInputError(try read(Array("h\n\"ab\ncd\n".utf8)), atLine: 2, field: nil, problem: .unterminatedQuote)
        // An unclosed quote longer than the limit: too long, on the record's first line.
        assertThrowsInputError(try read(Array("h\nx,\"abcdefghij".utf8), recordLimit: 8), atLine: 2, field: nil,
                               problem: CSVLimits.recordTooLong(file: "", line: 0).problem)
    }
}
