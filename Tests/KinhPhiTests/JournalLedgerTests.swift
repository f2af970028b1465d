import XCTest
import KinhPhi
import TestSupport

/// The ledger's arithmetic: payments, advances, clearings, refunds and reversals, per line and in total.
final class JournalLedgerTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    func line(_ code: String) throws -> LedgerLine { try XCTUnwrap(t.ledger().line(code)) }

    func testEmptyJournal() throws {
        let l = try t.ledger()
        assertMoney(l.approved, 116_000_000)
        assertMoney(l.paid, 0)
        assertMoney(l.remaining, 116_000_000)
        XCTAssertEqual(l.recordCount, 0)
        XCTAssertEqual(l.lastHash, l.budget.fileSHA256)
    }

    func testPaymentsAdvancesClearingsRefunds() throws {
        try t.record(voucher(amount: 3_000_000))                                                     // 1: 1.1 paid 3.000.000
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 2_000_000, voucherNo: "TU-01"))           // 2: 1.1 advanced 2.000.000
        try t.record(voucher(line: "3.2", amount: 5_000_000))                                          // 3: 3.2 paid 5.000.000
        var l = try line("1.1")
        assertMoney(l.paid, 3_000_000)
        assertMoney(l.advancedOutstanding, 2_000_000)
        assertMoney(l.remaining, 3_000_000)          // 8.000.000 − 3.000.000 − 2.000.000
        assertQuantity(l.usedPercent, mantissa: 625, scale: 1)   // 5.000.000 / 8.000.000 = 62,50 %
        try t.record(personal(.clearing, staff: true, line: "1.1", amount: 1_800_000, voucherNo: "TT-01", ref: "TU-01"))  // 4
        l = try line("1.1")
        assertMoney(l.paid, 4_800_000)               // 3.000.000 + 1.800.000
        assertMoney(l.advancedOutstanding, 0)        // the clearing clears the whole advance
        assertMoney(l.remaining, 3_200_000)          // the unspent 200.000 of the advance is available again
        XCTAssertEqual(l.voucherCount, 2)
        XCTAssertEqual(l.records, [1, 4])
        try t.record(voucher(.refund, amount: 300_000))                                                // 5
        l = try line("1.1")
        assertMoney(l.paid, 4_500_000)
        assertMoney(l.remaining, 3_500_000)
        XCTAssertEqual(l.records, [1, 4, 5])
        let total = try t.ledger()
        assertMoney(total.paid, 9_500_000)           // 4.500.000 + 5.000.000
        assertMoney(total.advancedOutstanding, 0)
        assertMoney(total.remaining, 106_500_000)    // 116.000.000 − 9.500.000
        XCTAssertTrue(total.isEffective(1))
        XCTAssertFalse(total.isEffective(2))         // the cleared advance is behind the clearing, not in paid
        XCTAssertTrue(total.isEffective(4))
    }

    func testReversalOfAPayment() throws {
        try t.record(voucher(amount: 3_000_000))
        try t.record(voucher(amount: 1_000_000))
        let out = try t.journal().reverse(1, reason: "ghi nhầm số tiền")
        XCTAssertFalse(out.refused)
        XCTAssertEqual(out.records.first?.body, .reversal(of: 1, reason: "ghi nhầm số tiền"))
        let l = try line("1.1")
        assertMoney(l.paid, 1_000_000)
        assertMoney(l.remaining, 7_000_000)
        XCTAssertEqual(l.records, [2])
        XCTAssertEqual(try t.ledger().recordCount, 3)
        XCTAssertFalse(try t.ledger().isEffective(1))
    }

    func testReversalOfAReversalOrTwiceOrNothingRefused() throws {
        try t.record(voucher(amount: 3_000_000))
        XCTAssertFalse(try t.journal().reverse(1, reason: "sai").refused)
        let again = try t.journal().reverse(1, reason: "sai")
        XCTAssertEqual(findings(again, ReversalRules.targetID).count, 1)
        let ofReversal = try t.journal().reverse(2, reason: "sai")
        XCTAssertEqual(findings(ofReversal, ReversalRules.targetID).count, 1)
        let missing = try t.journal().reverse(9, reason: "sai")
        XCTAssertEqual(findings(missing, ReversalRules.targetID).count, 1)
        let noReason = try t.journal().reverse(1, reason: "  ")
        XCTAssertEqual(findings(noReason, ReversalRules.reasonID).count, 1)
        XCTAssertEqual(t.lines.count, 2)
    }

    func testAdvanceWithClearingCannotBeReversedFirst() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 5_000_000, voucherNo: "TU-01"))           // 1
        try t.record(personal(.clearing, staff: true, line: "1.1", amount: 4_000_000, voucherNo: "TT-01", ref: "TU-01"))  // 2
        let refused = try t.journal().reverse(1, reason: "sai")
        XCTAssertEqual(findings(refused, ReversalRules.clearedID).count, 1)
        // Reverse the clearing: the advance is outstanding again.
        XCTAssertFalse(try t.journal().reverse(2, reason: "chứng từ thanh toán sai").refused)           // 3
        var l = try line("1.1")
        assertMoney(l.paid, 0)
        assertMoney(l.advancedOutstanding, 5_000_000)
        XCTAssertEqual(try t.ledger().openAdvances.map(\.seq), [1])
        // Now the advance itself can go.
        XCTAssertFalse(try t.journal().reverse(1, reason: "hủy tạm ứng").refused)                       // 4
        l = try line("1.1")
        assertMoney(l.advancedOutstanding, 0)
        assertMoney(l.remaining, 8_000_000)
        XCTAssertTrue(try t.ledger().openAdvances.isEmpty)
    }

    func testReversalOfARefundRestoresThePaidAmount() throws {
        try t.record(voucher(amount: 3_000_000))
        try t.record(voucher(.refund, amount: 1_000_000))
        assertMoney(try line("1.1").paid, 2_000_000)
        XCTAssertFalse(try t.journal().reverse(2, reason: "nộp trả ghi nhầm").refused)
        assertMoney(try line("1.1").paid, 3_000_000)
    }

    func testCorrectionIsAReversalPlusANewRecord() throws {
        try t.record(voucher(amount: 3_000_000, voucherNo: "PC-01"))
        XCTAssertFalse(try t.journal().reverse(1, reason: "sai số tiền, đúng là 2.800.000").refused)
        try t.record(voucher(amount: 2_800_000, voucherNo: "PC-01"))
        let l = try line("1.1")
        assertMoney(l.paid, 2_800_000)
        XCTAssertEqual(l.records, [3])
    }

    func testOpenAdvancesAndTheirDeadline() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, date: date(10, 11, 2025), voucherNo: "TU-01"))
        try t.record(voucher(.advance, line: "3.1", amount: 20_000_000, date: date(10, 11, 2025), contractNo: "HĐ 12/2025",
                             contractValue: 55_000_000, voucherNo: "TU-02"))
        let l = try t.ledger()
        XCTAssertEqual(l.openAdvances.map(\.seq), [1, 2])
        // An advance of 10/11/2025 without a contract is cleared by the end of December.
        XCTAssertEqual(l.openAdvances[0].deadline, date(31, 12, 2025))
        XCTAssertNil(l.openAdvances[1].deadline)            // on a contract: cleared on acceptance
        XCTAssertTrue(l.findings(asOf: date(31, 12, 2025)).filter { $0.ruleID == "ADVANCE-OVERDUE" }.isEmpty)
        let overdue = l.findings(asOf: date(1, 1, 2026)).filter { $0.ruleID == "ADVANCE-OVERDUE" }
        XCTAssertEqual(overdue.count, 1)
        XCTAssertEqual(overdue.first?.severity, .warning)
        XCTAssertEqual(overdue.first?.lineCode, "1.1")
        XCTAssertEqual(l.overdueAdvances(asOf: date(1, 1, 2026)).map(\.seq), [1])
    }

    func testLinesOverTheirAmountAreWarnedInStatus() throws {
        try t.record(voucher(line: "3.2", amount: 13_000_000))    // warn policy: recorded 1.000.000 over
        let l = try t.ledger()
        assertMoney(try XCTUnwrap(l.line("3.2")).remaining, -1_000_000)
        XCTAssertEqual(l.findings(asOf: date(1, 12, 2025)).filter { $0.ruleID == "LINE-OVER" }.map(\.lineCode), ["3.2"])
    }

    func testForEachRecordGivesEveryRecordAndTheLedger() throws {
        try t.record(voucher(amount: 3_000_000, voucherNo: "PC-01"))
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"))
        XCTAssertFalse(try t.journal().reverse(1, reason: "sai").refused)
        var seen: [JournalRecord] = []
        let ledger = try t.journal().forEachRecord { seen.append($0) }
        XCTAssertEqual(seen.map(\.seq), [1, 2, 3])
        XCTAssertEqual(seen[0].body.voucher?.voucherNumber, "PC-01")
        XCTAssertEqual(seen[0].recordedAt, JournalTestWorkspace.now)
        XCTAssertEqual(seen[1].prevHash, seen[0].hash)
        XCTAssertEqual(seen[0].prevHash, ledger.budget.fileSHA256)
        assertMoney(ledger.paid, 0)
        assertMoney(ledger.advancedOutstanding, 1_000_000)
    }

    func testStatusReportFormats() throws {
        try t.record(voucher(amount: 3_000_000))
        let l = try t.ledger()
        let text = StatusReport.render(l, asOf: date(1, 12, 2025), format: .text, lang: .vi)
        XCTAssertTrue(text.contains("TÌNH HÌNH THỰC HIỆN DỰ TOÁN"))
        XCTAssertTrue(text.contains("3.000.000"))
        XCTAssertTrue(text.contains("37,50"))          // 3.000.000 / 8.000.000
        let en = StatusReport.render(l, asOf: date(1, 12, 2025), format: .text, lang: .en)
        XCTAssertTrue(en.contains("3,000,000"))
        let csv = StatusReport.render(l, asOf: date(1, 12, 2025), format: .csv, lang: .en)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}section,line,description,budget_code,approved,paid,advanced_not_cleared,remaining,used_pct,vouchers,policy\r\n"))
        XCTAssertTrue(csv.contains("\r\nI. Tài liệu,1.1,In tài liệu hội nghị,6651,8000000,3000000,0,5000000,37.50,1,stop\r\n"))
        XCTAssertTrue(csv.contains(",TOTAL,,,116000000,3000000,0,113000000,2.59,1,\r\n"))   // 3.000.000 / 116.000.000 = 2,586… %
        let json = StatusReport.render(l, asOf: date(1, 12, 2025), format: .json, lang: .vi)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual((obj["paid"] as? NSNumber)?.int64Value, 3_000_000)
        XCTAssertEqual(obj["as_of"] as? String, "2025-12-01")
    }
}
