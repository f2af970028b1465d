import XCTest
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// Every crash the fuzzers (fuzz/run.sh, fuzz/README.md) found, as the smallest call that trapped, with the
/// fuzzer's input inline as bytes. Each test failed (the process trapped) before its fix.
final class FuzzRegressionTests: XCTestCase {

    /// Splits a fuzz input at the first byte `separator` (the targets' convention: '|' for money, 0xFF for files).
    private func split(_ input: [UInt8], at separator: UInt8) -> (String, String) {
        let i = input.firstIndex(of: separator)!
        return (String(decoding: input[..<i], as: UTF8.self), String(decoding: input[(i + 1)...], as: UTF8.self))
    }

    // MARK: money target

    /// fuzz/money crash-ba0ffd37 ("999.999.999.999.999|1"): Rounding.percent(part, of: whole) converted the
    /// hundredths of a percent to Int64 with a trapping `Int64(_:)`; 999.999.999.999.999 of 1 đ is
    /// 9,99·10^18 hundredths. Reachable from Ledger/Settlement `usedPercent` / `executedPercent` when a line
    /// approved at a few đồng is overspent. Fix: Sources/KinhPhiCore/Money/Rounding.swift returns nil (as it
    /// already did for any ratio beyond Quantity.limit).
    func testPercentOfAHugeRatioIsNilNotATrap() throws {
        let input: [UInt8] = [0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e, 0x39, 0x39, 0x39, 0x2e,
                              0x39, 0x39, 0x39, 0x7c, 0x31]
        let (a, b) = split(input, at: 0x7C)
        let part = try NumberParser.money(a, allowNegative: true)
        let whole = try NumberParser.money(b, allowNegative: true)
        XCTAssertNil(Rounding.percent(part, of: whole))
        XCTAssertNil(Rounding.percent(-part, of: whole))
        XCTAssertNil(Rounding.percent(Money(Money.limit), of: Money(-1)))
        XCTAssertNil(Rounding.percent(Money(9_999_999_999_999), of: Money(1)))   // fits Int64, not a quantity: nil as before
        // Still exact where a quantity can hold it (whole part ≤ Quantity.limit).
        XCTAssertEqual(Rounding.percent(Money(9_999_999_999), of: Money(1)), try Quantity(mantissa: 99_999_999_990_000, scale: 2))
        XCTAssertEqual(Rounding.percent(Money(1), of: Money(3)), try Quantity(mantissa: 3333, scale: 2))
    }

    /// fuzz/money crash-5af72833 ("\t31/12/9999"): CivilDate.endOfFollowingMonth force-unwrapped a date in
    /// year 10000 for any day of December 9999. Reachable from Ledger (the clearing deadline of an advance)
    /// — see the next test. Fix: Sources/KinhPhiCore/Input/CivilDate.swift saturates at 31/12/9999.
    func testEndOfFollowingMonthOfDecember9999DoesNotTrap() throws {
        let input: [UInt8] = [0x09, 0x33, 0x31, 0x2f, 0x31, 0x32, 0x2f, 0x39, 0x39, 0x39, 0x39]
        let d = try XCTUnwrap(CivilDate.parse(String(decoding: input, as: UTF8.self)))
        XCTAssertEqual(d.endOfFollowingMonth, CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 9999, month: 12, day: 1)?.endOfFollowingMonth, CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 9999, month: 11, day: 5)?.endOfFollowingMonth, CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(CivilDate(year: 2025, month: 12, day: 5)?.endOfFollowingMonth, CivilDate(year: 2026, month: 1, day: 31))
    }

    /// The same trap through the journal: a well-chained journal.kp holding an advance dated 05/12/9999
    /// passes verify, and reading its ledger computed the advance's deadline and trapped.
    func testLedgerOfAnAdvanceDatedDecember9999DoesNotTrap() throws {
        let t = try JournalTestWorkspace()
        let body = "seq=1\tat=2025-11-25T03:00:00Z\tkind=advance\tdate=9999-12-05\tline=3.2\tpayee=Trần Thị Bình"
            + "\tpayee_type=individual\tdescription=Tạm ứng\tamount=1000\tmethod=cash\tvoucher_no=TU-99"
        t.writeJournal(chained([body], anchor: try t.journal().budget.fileSHA256))
        XCTAssertTrue(try t.journal().verify().isOK)
        let ledger = try t.ledger()
        XCTAssertEqual(ledger.openAdvances.first?.deadline, CivilDate(year: 9999, month: 12, day: 31))
        XCTAssertEqual(ledger.overdueAdvances(asOf: CivilDate(year: 9999, month: 12, day: 31)!).count, 0)
    }

    /// Journal lines from record bodies, with the `prev` / `hash` chain the fuzz target `journal` adds.
    private func chained(_ bodies: [String], anchor: SHA256Digest) -> [UInt8] {
        var out: [UInt8] = []
        var prev = anchor.hex
        for b in bodies {
            let line = b + "\tprev=" + prev
            let h = SHA256.hash(Array(line.utf8)).hex
            out += Array((line + "\thash=" + h + "\n").utf8)
            prev = h
        }
        return out
    }

    /// Found by the csv target: a file ending in a lone CR. The import reader took it as a line end while
    /// CSVReader kept it in the last cell, so "1.500.000\r" was an amount for one reader and not the other.
    func testLoneCRAtTheEndOfAFileEndsTheRecord() throws {
        let records = try CSVReader.parse(Array("a,b\r\n1,1.500.000\r".utf8), file: "x.csv")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["1", "1.500.000"]])
        // A CR inside a line is still kept in the cell (only CRLF and a final lone CR end a record).
        XCTAssertEqual(try CSVReader.parse(Array("a\rb,c\n".utf8), file: "x.csv").map(\.fields), [["a\rb", "c"]])
        // …and a final lone CR after a field that began quoted stays in it, as the import reader keeps it
        // (found by the csv target right after the fix above).
        XCTAssertEqual(try CSVReader.parse(Array("a,\"q\"x\r".utf8), file: "x.csv").map(\.fields), [["a", "qx\r"]])
    }

    /// Found by the csv target (second 10-minute run): a row holding only a quoted empty cell and a space
    /// (`"" `) is blank for CSVReader (skipped) but was a record for StreamingCSV, the import reader.
    func testQuotedEmptyCellRowIsBlankForBothReaders() throws {
        let bytes = Array("a,b\n\"\" \n1,2\n".utf8)
        XCTAssertEqual(try CSVReader.parse(bytes, file: "x.csv").map(\.fields), [["a", "b"], ["1", "2"]])
        let tmp = TempDir()
        defer { tmp.remove() }
        let path = tmp.write("x.csv", bytes: bytes)
        XCTAssertEqual(try StreamingCSVTests.rows(path, blockSize: 4), [["a", "b"], ["1", "2"]])
    }

    /// Found by the csv target (third run): with blocks smaller than the BOM, StreamingCSV kept the BOM in
    /// the first cell.
    func testBOMIsDroppedWhateverTheBlockSize() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("date,x\n1,2\n".utf8)
        let tmp = TempDir()
        defer { tmp.remove() }
        let path = tmp.write("x.csv", bytes: bytes)
        for block in 1...5 {
            let s = try StreamingCSV(path: path, displayName: "x.csv", blockSize: block)
            XCTAssertTrue(try s.next())
            XCTAssertEqual(s.cell(0), "date", "block \(block)")
        }
    }

    /// fuzz/findings/csv-space-before-combining-mark (fourth csv run): a text cell " \u{05BC}doanh" — a space,
    /// then a combining mark (Hebrew dagesh). A space plus a combining mark is one grapheme cluster, so
    /// NumberParser.trimSpaces, which trimmed Swift Characters, kept the space for CSVReader/CSVTable while
    /// StreamingCSV (which trims bytes) dropped it. Fix: trimSpaces trims Unicode scalars.
    func testSpaceBeforeACombiningMarkIsTrimmedByBothReaders() throws {
        // Expected by hand: the leading space (and the trailing space / no-break space) go, the combining
        // mark U+05BC stays as the cell's first scalar; the accented "é" (e + U+0301) keeps its mark.
        let cell = "\u{05BC}doanh"
        XCTAssertEqual(Array(NumberParser.trimSpaces(" \u{05BC}doanh ").unicodeScalars), Array(cell.unicodeScalars))
        XCTAssertEqual(Array(NumberParser.trimSpaces("\u{00A0}\te\u{0301} \u{00A0}").unicodeScalars),
                       Array("e\u{0301}".unicodeScalars))
        let bytes = Array("payee,amount\n \u{05BC}doanh ,1\n".utf8)
        let table = try CSVTable(records: CSVReader.parse(bytes, file: "x.csv"), file: "x.csv", required: ["payee"])
        XCTAssertEqual(table.rows.count, 1)
        let fromTable = table.cell(table.rows[0], "payee")
        XCTAssertEqual(Array(fromTable.unicodeScalars), Array(cell.unicodeScalars))
        let tmp = TempDir()
        defer { tmp.remove() }
        let path = tmp.write("x.csv", bytes: bytes)
        let rows = try StreamingCSVTests.rows(path, blockSize: 4)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(Array(rows[1][0].unicodeScalars), Array(cell.unicodeScalars))
    }

    /// Found by the csv target once it checked the one tokenizer against a reference (issue 10;
    /// fuzz/findings/csv-long-built-cell, a norms file of 4 KiB): the first cell longer than 256 bytes that
    /// had to be built from its quotes (it held a doubled quote) grew the tokenizer's scratch buffer after
    /// the pointer to the old buffer had been taken — a read after free (AddressSanitizer). Fix:
    /// CSVTokenizer builds the cell first, then takes the pointer. Here a short built cell, then one of
    /// 763 bytes, then a short one again; without the fix the long cell reads freed memory.
    func testLongCellBuiltFromQuotesAfterAShortOne() throws {
        let long = String(repeating: "Hỗ trợ tiền ăn ", count: 40)   // 40 × 19 bytes = 760 bytes
        let text = "\"a \"\"b\"\"\",\"" + long + "\"\"x\"\"\",\"c\"\"\"\n"
        // Expected by hand: "" undone in each cell; nothing to trim (each starts and ends with a letter or a quote).
        let expected = ["a \"b\"", long + "\"x\"", "c\""]
        XCTAssertEqual(try CSVReader.parse(Array(text.utf8), file: "x.csv").map(\.fields), [expected])
        let t = try CSVTokenizer(bytes: Array(text.utf8), file: "x.csv")
        XCTAssertTrue(try t.next())
        XCTAssertEqual((0..<t.fieldCount).map { t.cell($0) }, expected)
        XCTAssertEqual(t.withCellBytes(1) { String(decoding: $0, as: UTF8.self) }, expected[1])
    }
}
