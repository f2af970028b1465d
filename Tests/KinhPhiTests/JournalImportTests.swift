import XCTest
import KinhPhi
@testable import KinhPhiJournal
import TestSupport

/// `import`: all or nothing, every failing row listed, the journal byte for byte unchanged on failure.
final class JournalImportTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    static let header = "date,line,payee,payee_type,tax_code,description,amount,vat,pit_withheld,method,kind,invoice_series,invoice_no,invoice_date,contract_no,contract_value,voucher_no,ref,work_date"

    func testGoodFileImportsAsOneBatch() throws {
        // BOM, CRLF, a quoted description with a comma and a quote, both date forms, both amount forms,
        // an extra column (ignored), an advance and its clearing in the same file.
        let text = "\u{FEFF}" + Self.header + ",ghi_chu\r\n"
            + "20/11/2025,1.1,Công ty TNHH In Hà Nội,business,0101234567,\"In tài liệu, \"\"bìa màu\"\"\",1.080.000,80.000,,transfer,payment,1C25TAA,0000123,20/11/2025,,,UNC-01,,,x\r\n"
            + "2025-11-20,2.1,Nguyễn Văn An,individual,,Thù lao tham luận,3000000,,300.000,transfer,payment,,,,,,TL-01,,,\r\n"
            + ",,,,,,,,,,,,,,,,,,,\r\n"
            + "10/11/2025,3.2,Trần Thị Bình,,,Tạm ứng mua vật tư,2.000.000,,,cash,advance,,,,,,TU-01,,,\r\n"
            + "25/11/2025,3.2,Trần Thị Bình,,,Thanh toán tạm ứng,1.900.000,,,cash,clearing,,,,,,TT-01,TU-01,,\r\n"
        let path = t.csv("vouchers.csv", text)
        let out = try t.journal().importCSV(path: path, displayName: "vouchers.csv")
        XCTAssertTrue(out.committed, out.errors.map { "\($0.row) \($0.ruleID ?? "input") \($0.message.en)" }.joined(separator: " | "))
        XCTAssertEqual(out.rows, 4)                  // the blank row is skipped
        XCTAssertEqual(out.recorded, 4)
        XCTAssertEqual(out.firstSeq, 1)
        XCTAssertEqual(out.lastSeq, 4)
        var records: [JournalRecord] = []
        let ledger = try t.journal().forEachRecord { records.append($0) }
        XCTAssertEqual(records.first?.body.voucher?.description, "In tài liệu, \"bìa màu\"")
        XCTAssertEqual(records[3].body.voucher?.clears, 3)
        XCTAssertEqual(records.map(\.more), [true, true, true, false])   // one batch: every record but the last says more=1
        assertMoney(ledger.line("1.1")?.paid, 1_080_000)
        assertMoney(ledger.line("2.1")?.paid, 3_000_000)
        assertMoney(ledger.line("3.2")?.paid, 1_900_000)
        assertMoney(ledger.line("3.2")?.advancedOutstanding, 0)
        XCTAssertTrue(try t.journal().verify().isOK)
    }

    func testBadRowsInTheMiddleLeaveTheJournalUnchangedAndAreAllListed() throws {
        try t.record(voucher(amount: 100_000, voucherNo: "PC-00"))       // an existing journal to protect
        let before = t.journalBytes
        let text = Self.header + "\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng 1,200.000,,,transfer,payment,,,,,,PC-01,,\n"      // line 2: good
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng 2,12abc,,,transfer,payment,,,,,,PC-02,,\n"        // line 3: bad amount
            + "31/02/2025,1.1,Công ty A,business,0101234567,Hàng 3,100.000,,,transfer,payment,,,,,,PC-03,,\n"      // line 4: bad date
            + "20/11/2025,9.9,Công ty A,business,0101234567,Hàng 4,100.000,,,transfer,payment,,,,,,PC-04,,\n"      // line 5: unknown line
            + "20/11/2025,3.2,Công ty B,business,0109876543,Hàng 5,6.000.000,,,cash,payment,,,,,,PC-05,,\n"       // line 6: cash limit
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng 6,300.000,,,transfer,payment,,,,,,PC-06,,\n"      // line 7: good
        let path = t.csv("bad.csv", text)
        let out = try t.journal().importCSV(path: path, displayName: "bad.csv")
        XCTAssertFalse(out.committed)
        XCTAssertEqual(out.recorded, 0)
        XCTAssertEqual(t.journalBytes, before, "the journal must be byte for byte unchanged")
        XCTAssertEqual(out.errors.map(\.row), [3, 4, 5, 6])
        XCTAssertEqual(out.errors[0].column, "amount")
        XCTAssertTrue(out.errors[0].isInputError)
        XCTAssertEqual(out.errors[1].column, "date")
        XCTAssertEqual(out.errors[2].ruleID, "REC-LINE")
        XCTAssertEqual(out.errors[3].ruleID, "REC-CASH-LIMIT")
        XCTAssertTrue(out.hasInputErrors)
        XCTAssertEqual(out.errorCount, 4)
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.ws.file(".journal.kp.import")))
    }

    func testRuleRefusalsOnlyAreNotInputErrors() throws {
        let text = Self.header + "\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,9.000.000,,,transfer,payment,,,,,,PC-01,,\n"   // over 1.1's 8.000.000
        let out = try t.journal().importCSV(path: t.csv("over.csv", text))
        XCTAssertFalse(out.committed)
        XCTAssertFalse(out.hasInputErrors)
        XCTAssertEqual(out.errors.map(\.ruleID), ["REC-OVER-BUDGET"])
        XCTAssertEqual(t.journalBytes, [])
    }

    func testRowsSeeTheRowsBeforeThem() throws {
        // Two rows of 5.000.000 on line 1.1 (8.000.000): the second is over; the same invoice twice on one line:
        // duplicate (on another line it would be a part of the invoice: JournalPayeeTests).
        let text = Self.header + "\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,5.000.000,,,transfer,payment,1C25TAA,7,20/11/2025,,,PC-01,,\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,5.000.000,,,transfer,payment,1C25TAA,8,20/11/2025,,,PC-02,,\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,1.000.000,,,transfer,payment,1C25TAA,007,20/11/2025,,,PC-03,,\n"
        let out = try t.journal().importCSV(path: t.csv("seq.csv", text))
        XCTAssertEqual(out.errors.map(\.row), [3, 4])
        XCTAssertEqual(out.errors.map(\.ruleID), ["REC-OVER-BUDGET", "REC-DUP-INVOICE"])
    }

    func testFindingsNameARecordOfTheSameFileByItsRow() throws {
        // Record 1 is in the journal (PC-00). The import would make rows 2, 6 and 7 records 2, 3 and 4 —
        // but it is refused, so those records never exist: findings must name them by row.
        try t.record(voucher(amount: 100_000, voucherNo: "PC-00"))
        let before = t.journalBytes
        let text = Self.header + "\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100.000,,,transfer,payment,1C25TAA,7,20/11/2025,,,PC-01,,\n"   // 2: good
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100.000,,,transfer,payment,,,,,,PC-01,,\n"                   // 3: PC-01 = row 2
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100.000,,,transfer,payment,,,,,,PC-00,,\n"                   // 4: PC-00 = record 1
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100.000,,,transfer,payment,1C25TAA,7,20/11/2025,,,PC-02,,\n"   // 5: invoice = row 2
            + "10/11/2025,3.2,Trần Thị Bình,,,Tạm ứng,500.000,,,cash,advance,,,,,,TU-01,,,\n"                                  // 6: advance
            + "25/11/2025,3.2,Trần Thị Bình,,,Thanh toán tạm ứng,400.000,,,cash,clearing,,,,,,TT-01,TU-01,,\n"                 // 7: clears row 6
            + "25/11/2025,3.1,Trần Thị Bình,,,Thanh toán tạm ứng,100.000,,,cash,clearing,,,,,,TT-02,TU-01,,\n"                 // 8: again, other line
        let out = try t.journal().importCSV(path: t.csv("rows.csv", text))
        XCTAssertFalse(out.committed)
        XCTAssertEqual(t.journalBytes, before)
        let found = out.errors.map { "\($0.row) \($0.ruleID ?? "input"): \($0.message.vi)" }
        XCTAssertEqual(found, [
            "3 REC-VOUCHER-NO: số chứng từ \"PC-01\" đã dùng ở dòng 2 của tệp này (sửa một trong hai dòng)",
            "4 REC-VOUCHER-NO: số chứng từ \"PC-00\" đã dùng ở bản ghi 1 (muốn sửa: đảo bản ghi đó rồi ghi lại)",
            "5 REC-DUP-INVOICE: hóa đơn 0101234567 / 1C25TAA / 7 đã được ghi ở dòng 2 của tệp này trên cùng dòng dự toán 1.1",
            "8 REC-CLEARING: khoản tạm ứng (dòng 6 của tệp này) đã được thanh toán ở dòng 7 của tệp này",
        ], found.joined(separator: "\n"))
        XCTAssertEqual(out.errors.last?.message.en, "the advance (row 6 of this file) was already cleared by row 7 of this file")
    }

    func testMissingColumnIsUnusableInput() throws {
        let path = t.csv("cols.csv", "date,line,payee,description,amount,method\n20/11/2025,1.1,A,B,100,cash\n")
        XCTAssertThrowsError(try t.journal().importCSV(path: path, displayName: "cols.csv")) { e in
            guard case JournalError.input(let ie) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.problem, .missingColumn("kind"))
            XCTAssertEqual(ie.location.line, 1)
        }
        XCTAssertEqual(t.journalBytes, [])
    }

    func testHeaderOnlyAndNonUTF8AreUnusableInput() throws {
        XCTAssertThrowsError(try t.journal().importCSV(path: t.csv("empty.csv", Self.header + "\n")))
        var bytes = Array((Self.header + "\n20/11/2025,1.1,Công ty A,business,0101234567,H").utf8)
        bytes.append(0xFF)
        bytes += Array(",100,,,transfer,payment,,,,,,,,\n".utf8)
        let path = t.dir.write("latin1.csv", bytes: bytes)
        XCTAssertThrowsError(try t.journal().importCSV(path: path)) { e in
            guard case JournalError.input(let ie) = e, case .notUTF8 = ie.problem else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.location.line, 2)
        }
        XCTAssertEqual(t.journalBytes, [])
    }

    func testLargeImportSpillsAndStillCommitsAsOneBatch() throws {
        // 1.000 rows of 100 đồng on line 3.1 with an in-memory limit of 64 KiB: the chained lines spill to the
        // scratch file in 16 KiB pieces, and the batch is renamed into place as the new journal.
        func rows(_ range: Range<Int>) -> String {
            var text = Self.header + "\n"
            for i in range {
                text += "20/11/2025,3.1,Công ty TNHH Trang trí Hà Nội,business,0101234567,Trang trí đợt \(i),100,,,transfer,payment,1C25TAA,\(i + 1),20/11/2025,,,PC-\(i),,\n"
            }
            return text
        }
        let out = try t.journal().importCSV(path: t.csv("big.csv", rows(0..<1_000)), displayName: nil, memoryLimit: 64 << 10, spillSize: 16 << 10)
        XCTAssertEqual(out.recorded, 1_000)
        XCTAssertGreaterThan(t.journalBytes.count, 64 << 10)
        var v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.message(.en))
        XCTAssertEqual(v.records, 1_000)
        assertMoney(try t.ledger().line("3.1")?.paid, 100_000)    // 1.000 × 100
        // A second spilled import is appended to the existing journal.
        XCTAssertEqual(try t.journal().importCSV(path: t.csv("big2.csv", rows(1_000..<2_000)), displayName: nil,
                                                 memoryLimit: 64 << 10, spillSize: 16 << 10).recorded, 1_000)
        v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.message(.en))
        XCTAssertEqual(v.records, 2_000)
        XCTAssertEqual(t.lines.filter { $0.contains("\tmore=1\t") }.count, 1_998)    // all but the last of each batch
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.ws.file(".journal.kp.import")))
    }

    func testFailedSpilledImportLeavesNoScratchFile() throws {
        var text = Self.header + "\n"
        for i in 0..<600 {
            text += "20/11/2025,3.1,Công ty TNHH Trang trí Hà Nội,business,0101234567,Trang trí đợt \(i),100,,,transfer,payment,,,,,,PC-\(i),,\n"
        }
        text += "20/11/2025,3.1,Công ty TNHH Trang trí Hà Nội,business,0101234567,Hàng cuối,abc,,,transfer,payment,,,,,,PC-X,,\n"
        let out = try t.journal().importCSV(path: t.csv("late-bad.csv", text), displayName: nil, memoryLimit: 16 << 10, spillSize: 8 << 10)
        XCTAssertFalse(out.committed)
        XCTAssertEqual(out.errors.map(\.row), [602])
        XCTAssertEqual(t.journalBytes, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.ws.file(".journal.kp.import")))
    }

    func testInvoiceSeriesWithoutNumberIsUnusable() throws {
        let text = Self.header + "\n20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100,,,transfer,payment,1C25TAA,,,,,PC-1,,\n"
        let out = try t.journal().importCSV(path: t.csv("inv.csv", text))
        XCTAssertEqual(out.errors.first?.column, "invoice_no")
    }

    func testBadTaxCodeAndChoices() throws {
        let text = Self.header + "\n"
            + "20/11/2025,1.1,Công ty A,business,01234,Hàng,100,,,transfer,payment,,,,,,PC-1,,\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100,,,wire,payment,,,,,,PC-2,,\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,100,,,cash,gift,,,,,,PC-3,,\n"
            + "20/11/2025,1.1,Công ty A,business,0101234567,Hàng,0,,,cash,payment,,,,,,PC-4,,\n"
        let out = try t.journal().importCSV(path: t.csv("choices.csv", text))
        XCTAssertEqual(out.errors.map(\.column), ["tax_code", "method", "kind", "amount"])
    }
}
