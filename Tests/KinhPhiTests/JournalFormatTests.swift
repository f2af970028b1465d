import XCTest
import KinhPhi
import TestSupport

/// The canonical line: field order, omitted empty fields, escaping, and that a record reads back as written.
final class JournalFormatTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    func testPaymentLineIsCanonical() throws {
        var v = personal(line: "2.1", amount: 3_000_000, pit: 300_000, method: .transfer, voucherNo: "TL-01")
        v.description = "Thù lao tham luận"
        try t.record(v)
        let line = try XCTUnwrap(t.lines.first)
        let approvedHash = try ApprovedBudget.load(t.ws).fileSHA256.hex
        let expectedBody = "seq=1\tat=2025-11-25T03:00:00Z\tkind=payment\tdate=2025-11-20\tline=2.1\tpayee=Nguyễn Văn An"
            + "\tpayee_type=individual\tdescription=Thù lao tham luận\tamount=3000000\tpit_withheld=300000\tmethod=transfer"
            + "\tvoucher_no=TL-01\tprev=" + approvedHash
        XCTAssertEqual(line, expectedBody + "\thash=" + SHA256.hash(expectedBody).hex)
    }

    func testTextIsEscapedAndReadsBack() throws {
        // New text holds no TAB, LF or CR (TextSafety, issue 11): the writer escapes the backslash; an older
        // record's escaped TAB, LF and CR still read back (JournalCodecTests.testTheWriterRefusesWhatCannotBeReadBack).
        var v = voucher(amount: 100_000, voucherNo: "PC\\01")
        v.description = "Dòng 1 \\ Dòng 2 \\hết"
        v.payee = "Công ty \"A\" = B"
        try t.record(v)
        let line = try XCTUnwrap(t.lines.first)
        XCTAssertTrue(line.contains("\tdescription=Dòng 1 \\\\ Dòng 2 \\\\hết\t"), line)
        XCTAssertTrue(line.contains("\tpayee=Công ty \"A\" = B\t"), line)
        XCTAssertTrue(line.contains("\tvoucher_no=PC\\\\01\t"), line)
        var back: [JournalRecord] = []
        try t.journal().forEachRecord { back.append($0) }
        XCTAssertEqual(back.first?.body.voucher?.description, v.description)
        XCTAssertEqual(back.first?.body.voucher?.payee, v.payee)
        XCTAssertEqual(back.first?.body.voucher?.voucherNumber, "PC\\01")
        XCTAssertTrue(try t.journal().verify().isOK)
    }

    func testEveryFieldRoundTrips() throws {
        try t.record(voucher(.advance, line: "3.1", amount: 20_000_000, date: date(10, 11, 2025), contractNo: "HĐ 12/2025",
                             contractValue: 55_000_000, voucherNo: "TU-01"))
        let v = Voucher(kind: .clearing, date: date(25, 11, 2025), workDate: date(22, 11, 2025), line: "3.1", payee: "Công ty TNHH Sự kiện Hà Nội",
                        payeeType: .business, taxCode: "0101234567-001", description: "Thanh toán tạm ứng", amount: Money(21_600_000),
                        vat: Money(1_600_000), pitWithheld: .zero, method: .transfer, invoiceSeries: "1C25TAA", invoiceNumber: "0000456",
                        invoiceDate: date(24, 11, 2025), contractNumber: "HĐ 12/2025", contractValue: Money(55_000_000),
                        voucherNumber: "TT-01", ref: "TU-01")
        try t.record(v)
        XCTAssertFalse(try t.journal().reverse(2, reason: "thanh toán nhầm \\ số").refused)
        var back: [JournalRecord] = []
        try t.journal().forEachRecord { back.append($0) }
        var expected = v
        expected.clears = 1
        XCTAssertEqual(back[1].body, .voucher(expected))
        XCTAssertEqual(back[2].body, .reversal(of: 2, reason: "thanh toán nhầm \\ số"))
        XCTAssertEqual(back.map(\.recordedAt.iso), ["2025-11-25T03:00:00Z", "2025-11-25T03:00:00Z", "2025-11-25T03:00:00Z"])
        XCTAssertTrue(t.lines[1].contains("\tclears=1\t"))
        XCTAssertTrue(t.lines[2].contains("\tkind=reversal\tof=2\treason=thanh toán nhầm \\\\ số\tprev="))
    }

    func testUnknownOrMisorderedKeyIsABrokenRecord() throws {
        try t.record(voucher(amount: 100_000))
        try t.record(voucher(amount: 200_000))
        // Swap two keys in record 2 and re-hash it so that only the format is wrong.
        var lines = t.lines
        var body = String(lines[1][..<lines[1].range(of: "\thash=")!.lowerBound])
        body = body.replacingOccurrences(of: "\tline=1.1\tpayee=", with: "\tpayee=X\tline=1.1\tpayee2=")
        lines[1] = body + "\thash=" + SHA256.hash(body).hex
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 2)
    }

    func testTimestamps() {
        let t = Timestamp.parse("2025-11-20T08:15:30Z")!
        XCTAssertEqual(t.iso, "2025-11-20T08:15:30Z")
        XCTAssertEqual(Timestamp.parse("2025-11-20T15:15:30+07:00"), t)
        XCTAssertEqual(Timestamp.parse("2024-02-29")?.iso, "2024-02-29T00:00:00Z")
        XCTAssertEqual(t.compact, "20251120T081530Z")
        XCTAssertNil(Timestamp.parse("2025-02-29T00:00:00Z"))
        XCTAssertNil(Timestamp.parse("2025-11-20 08:15:30"))
        XCTAssertEqual(Timestamp(secondsSinceEpoch: 0).iso, "1970-01-01T00:00:00Z")
    }
}
