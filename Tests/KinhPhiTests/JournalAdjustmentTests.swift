import Foundation
import XCTest
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// Issue 13, items 4–6 in the library: the decision's own amounts, adjustments (approval versions chained
/// into the journal), the version in force on a voucher's date, the ledger as of a day, recovering an
/// advance, reversing by voucher number, and the watched sources.
///
/// The workspace (JournalTestWorkspace): 1.1 = 8.000.000, 2.1 = 30.000.000, 3.1 = 60.000.000,
/// 3.2 = 12.000.000 (warn), 4.1 = 6.000.000 (ignore); total 116.000.000; approved 30/10/2025; budget year
/// 2025, adjustment period to 31/01/2026.
final class JournalAdjustmentTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    func at(_ iso: String) { t.settings.now = Timestamp.parse(iso)! }

    func adjust(_ csv: String, on d: CivilDate, decision: String = "3456/QĐ-UBND", reason: String? = "Bổ sung kỷ yếu") throws -> AdjustOutcome {
        let amounts = try DecisionAmounts.read(path: t.dir.write("dieu-chinh-\(UUID().uuidString).csv", csv))
        return try t.journal().adjust(decisionNumber: decision, date: d, amounts: amounts, reason: reason)
    }

    func fileBytes(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: t.ws.file(name)).map { [UInt8]($0) } }

    // MARK: The decision's own amounts (approve --amounts)

    func testApprovalTakesTheDecisionsAmountsAndKeepsTheAppraisedOnes() throws {
        t = try JournalTestWorkspace(amountsCSV: "line,approved\n1.1,7.000.000\n3.2,13.000.000\n",
                                     notice: AppraisalNotice(number: "1234/STC-QLNS", date: date(20, 10, 2025), appraiser: "Sở Tài chính"))
        let b = try ApprovedBudget.load(t.ws)
        let l11 = try XCTUnwrap(b.line("1.1")), l32 = try XCTUnwrap(b.line("3.2")), l21 = try XCTUnwrap(b.line("2.1"))
        assertMoney(l11.approved, 7_000_000); assertMoney(l11.appraised, 8_000_000)
        assertMoney(l32.approved, 13_000_000); assertMoney(l32.appraised, 12_000_000)
        assertMoney(l21.approved, 30_000_000); assertMoney(l21.appraised, 30_000_000)   // not in the file: appraised
        // 116.000.000 − 1.000.000 + 1.000.000
        assertMoney(b.total, 116_000_000)
        XCTAssertEqual(b.aboveAppraised.map(\.code), ["3.2"])
        XCTAssertEqual(b.appraisalNotice, AppraisalNotice(number: "1234/STC-QLNS", date: date(20, 10, 2025), appraiser: "Sở Tài chính"))
        XCTAssertEqual(b.decisionAmounts?.file.hasSuffix("quyet-dinh.csv"), true)
        let text = String(decoding: try XCTUnwrap(fileBytes("approved.json")), as: UTF8.self)
        XCTAssertTrue(text.contains("\"above_appraised\": [\"3.2\"]"), text)
        XCTAssertTrue(text.contains("\"notice\": \"1234/STC-QLNS\", \"notice_date\": \"2025-10-20\""), text)
        // The warning kept in the record is what status lists.
        let w = try t.ledger().findings(asOf: date(25, 11, 2025)).filter { $0.ruleID == "DECISION-ABOVE-APPRAISAL" }
        XCTAssertEqual(w.map(\.lineCode), ["3.2"])
        XCTAssertTrue(w[0].message.vi.contains("13.000.000") && w[0].message.vi.contains("12.000.000"), w[0].message.vi)
        // Recording checks use the decision's figure: 7.000.000 on 1.1, not 8.000.000.
        let over = try t.journal().record(voucher(amount: 7_000_001))
        XCTAssertEqual(findings(over, "REC-OVER-BUDGET").count, 1)
    }

    func testWithoutAmountsTheApprovalFileIsAsBefore() throws {
        let text = String(decoding: try XCTUnwrap(fileBytes("approved.json")), as: UTF8.self)
        for key in ["\"appraised\": 8000000", "above_appraised", "decision_amounts", "\"notice\"", "\"appraiser\""] {
            XCTAssertFalse(text.contains(key), key)
        }
        XCTAssertTrue(try ApprovedBudget.load(t.ws).aboveAppraised.isEmpty)
    }

    func testDecisionAmountsNamingALineTheEstimateLacksAreRefused() throws {
        XCTAssertThrowsError(try JournalTestWorkspace(amountsCSV: "line,approved\n9.9,1.000\n")) { e in
            guard case JournalError.input(let i) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(i.location.line, 2)
            XCTAssertTrue(i.message(.vi).contains("9.9"), i.message(.vi))
        }
        XCTAssertThrowsError(try JournalTestWorkspace(amountsCSV: "line,approved\n1.1,1.000\n1.1,2.000\n"))
    }

    func testAnEditedAboveAppraisedListIsRefused() throws {
        let path = t.ws.file("approved.json")
        let text = String(decoding: try XCTUnwrap(fileBytes("approved.json")), as: UTF8.self)
            .replacingOccurrences(of: "  \"sources\"", with: "  \"above_appraised\": [\"1.1\"],\n  \"sources\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ApprovedBudget.load(t.ws))
    }

    // MARK: Adjustments

    func testARaisedLineAppliesFromTheDecisionsDate() throws {
        at("2025-12-10T03:00:00Z")
        try t.record(voucher(amount: 7_000_000))                                   // 1: 1.1, 20/11
        let out = try adjust("line,approved\n1.1,10.000.000\n", on: date(1, 12, 2025))
        XCTAssertFalse(out.refused, "\(out.findings)")
        let v = try XCTUnwrap(out.version)
        XCTAssertEqual(v.number, 2)
        XCTAssertEqual(v.file, "approved-2.json")
        XCTAssertEqual(out.record?.seq, 2)
        XCTAssertEqual(v.previousAmounts["1.1"], Money(8_000_000))
        assertMoney(v.total, 118_000_000)                                          // 116.000.000 + 2.000.000
        XCTAssertEqual(v.sha256, SHA256.hash(try XCTUnwrap(fileBytes("approved-2.json"))))
        // Dated 30/11: the approval of 30/10 is in force (8.000.000): 7.000.000 + 2.000.000 is over.
        XCTAssertEqual(findings(try t.journal().record(voucher(amount: 2_000_000, date: date(30, 11, 2025))), "REC-OVER-BUDGET").count, 1)
        // Dated 02/12: the adjustment is (10.000.000).
        try t.record(voucher(amount: 2_000_000, date: date(2, 12, 2025)))         // 3
        let l = try t.ledger()
        XCTAssertEqual(l.approval.number, 2)
        XCTAssertEqual(l.versions.map(\.number), [1, 2])
        assertMoney(l.approved, 118_000_000)
        let l11 = try XCTUnwrap(l.line("1.1"))
        assertMoney(l11.approved, 10_000_000); assertMoney(l11.paid, 9_000_000); assertMoney(l11.remaining, 1_000_000)
        // As of 30/11: the first version, and the voucher of 02/12 left out.
        let before = try t.journal().ledger(asOf: date(30, 11, 2025))
        XCTAssertEqual(before.approval.number, 1)
        assertMoney(try XCTUnwrap(before.line("1.1")).approved, 8_000_000)
        assertMoney(try XCTUnwrap(before.line("1.1")).paid, 7_000_000)
        XCTAssertEqual(before.leftOut, 1)
    }

    func testAnAddedLineExistsFromTheDecision() throws {
        at("2025-12-10T03:00:00Z")
        let out = try adjust("line,approved,section,description,kind,budget_code\n5.1,2.500.000,V. Bổ sung,In kỷ yếu hội nghị,documents,6651\n",
                             on: date(1, 12, 2025))
        let v = try XCTUnwrap(out.version, "\(out.findings)")
        XCTAssertEqual(v.added, ["5.1"])
        XCTAssertEqual(v.changes.map(\.line.code), ["5.1"])
        XCTAssertNil(v.changes[0].before)
        assertMoney(v.line("5.1")!.appraised, 0)
        // Before the decision the line does not exist.
        let early = try t.journal().record(voucher(line: "5.1", amount: 2_500_000, date: date(28, 11, 2025)))
        let refused = findings(early, "REC-LINE")
        XCTAssertEqual(refused.count, 1)
        XCTAssertTrue(refused[0].message.vi.contains("3456/QĐ-UBND") && refused[0].message.vi.contains("01/12/2025"), refused[0].message.vi)
        try t.record(voucher(line: "5.1", amount: 2_500_000, date: date(2, 12, 2025)))
        let l = try t.ledger()
        XCTAssertEqual(l.lines.last?.code, "5.1")
        XCTAssertEqual(l.lines.last?.line.section, "V. Bổ sung")
        assertMoney(try XCTUnwrap(l.line("5.1")).paid, 2_500_000)
        let s = try Settlement.build(l, draft: false)
        assertMoney(s.total.approved, 118_500_000)                                 // 116.000.000 + 2.500.000
        assertMoney(s.total.actual, 2_500_000)
        XCTAssertEqual(s.versions.count, 2)
        // The voucher list names the added line's budget code.
        var codes: [String] = []
        try VoucherList.forEach(t.journal(), ledger: l) { codes.append($0.budgetCode) }
        XCTAssertEqual(codes, ["6651"])
        // The export stream finds the added line too.
        var seen = 0
        final class Sink: RecordStreamSink { var lines: [Int] = []; func take(_ r: RecordView) { lines.append(r.lineIndex) } }
        try t.journal().streamRecords(makeSink: { Sink() }, drain: { s in seen += s.lines.count; XCTAssertTrue(s.lines.allSatisfy { $0 == -1 || l.knownLines[$0].code == "5.1" }) })
        XCTAssertEqual(seen, 2)
    }

    func testAdjustmentsThatAreRefusedWriteNothing() throws {
        at("2025-12-10T03:00:00Z")
        try t.record(voucher(amount: 6_000_000))
        try t.record(personal(.advance, line: "1.1", amount: 500_000, voucherNo: "TU-01"))   // used: 6.500.000
        let before = t.journalBytes
        func refusedWith(_ id: String, _ csv: String, on d: CivilDate, line: UInt = #line) throws {
            let out = try adjust(csv, on: d)
            XCTAssertTrue(out.refused, line: line)
            XCTAssertEqual(out.findings.map(\.ruleID), [id], line: line)
            XCTAssertNil(out.version, line: line)
            XCTAssertEqual(t.journalBytes, before, line: line)
            XCTAssertNil(fileBytes("approved-2.json"), line: line)
        }
        try refusedWith("ADJ-BELOW-USED", "line,approved\n1.1,6.499.999\n", on: date(1, 12, 2025))
        try refusedWith("ADJ-NO-CHANGE", "line,approved\n1.1,8.000.000\n", on: date(1, 12, 2025))
        try refusedWith("ADJ-DATE", "line,approved\n1.1,9.000.000\n", on: date(29, 10, 2025))     // before the approval
        try refusedWith("ADJ-DATE", "line,approved\n1.1,9.000.000\n", on: date(11, 12, 2025))     // after today
        // A new line must say what it pays for; its budget code must exist.
        XCTAssertThrowsError(try adjust("line,approved,description\n5.1,1.000,Kỷ yếu\n", on: date(1, 12, 2025)))
        XCTAssertThrowsError(try adjust("line,approved,description,kind,budget_code\n5.1,1.000,Kỷ yếu,documents,9999\n", on: date(1, 12, 2025)))
        XCTAssertEqual(t.journalBytes, before)
        // Down to exactly what is used is allowed.
        XCTAssertFalse(try adjust("line,approved\n1.1,6.500.000\n", on: date(1, 12, 2025)).refused)
    }

    func testTheAdjustmentRecordAndItsChain() throws {
        at("2025-12-10T03:00:00Z")
        _ = try XCTUnwrap(try adjust("line,approved\n1.1,9.000.000\n", on: date(1, 12, 2025)).version)
        let v2 = try XCTUnwrap(fileBytes("approved-2.json"))
        let approved = try XCTUnwrap(fileBytes("approved.json"))
        // The line, built here: the version's SHA-256 in `sha256`, anchored to approved.json as record 1.
        let body = "seq=1\tat=2025-12-10T03:00:00Z\tkind=adjustment\tdate=2025-12-01\treason=Bổ sung kỷ yếu\tversion=2\tsha256="
            + SHA256.hash(v2).hex + "\tprev=" + SHA256.hash(approved).hex
        XCTAssertEqual(t.lines, [body + "\thash=" + SHA256.hash(Array(body.utf8)).hex])
        // The version file names approved.json as the version before.
        XCTAssertTrue(String(decoding: v2, as: UTF8.self).contains("\"previous_sha256\": \"\(SHA256.hash(approved).hex)\""))
        // A second adjustment follows the first.
        let v3 = try XCTUnwrap(try adjust("line,approved\n1.1,9.500.000\n", on: date(5, 12, 2025)).version)
        XCTAssertEqual(v3.number, 3)
        XCTAssertEqual(v3.previousSHA256, SHA256.hash(v2))
        XCTAssertTrue(t.lines[1].contains("\tversion=3\tsha256=" + SHA256.hash(try XCTUnwrap(fileBytes("approved-3.json"))).hex))
        // Every reader decodes it.
        var bodies: [RecordBody] = []
        try t.journal().forEachRecord { bodies.append($0.body) }
        XCTAssertEqual(bodies, [.adjustment(ApprovalAdjustment(version: 2, date: date(1, 12, 2025), sha256: SHA256.hash(v2), reason: "Bổ sung kỷ yếu")),
                                .adjustment(ApprovalAdjustment(version: 3, date: date(5, 12, 2025), sha256: v3.sha256, reason: "Bổ sung kỷ yếu"))])
        let r = try t.journal().verify()
        XCTAssertTrue(r.isClean, r.message(.en))
        XCTAssertEqual(r.versions.map(\.number), [1, 2, 3])
        XCTAssertTrue(r.message(.vi).contains("approved-3.json"), r.message(.vi))
        // An adjustment is not reversed.
        XCTAssertEqual(findings(try t.journal().reverse(1, reason: "nhầm"), ReversalRules.targetID).count, 1)
        // An adjustment dated before the one in force is refused.
        XCTAssertEqual(try adjust("line,approved\n1.1,9.700.000\n", on: date(2, 12, 2025)).findings.map(\.ruleID), ["ADJ-DATE"])
    }

    func testAVersionFileChangedOrMissingBreaksTheJournal() throws {
        at("2025-12-10T03:00:00Z")
        try t.record(voucher(amount: 1_000_000))
        _ = try XCTUnwrap(try adjust("line,approved\n1.1,9.000.000\n", on: date(1, 12, 2025)).version)
        try t.record(voucher(amount: 1_000_000, date: date(2, 12, 2025)))
        let path = t.ws.file("approved-2.json")
        let good = try XCTUnwrap(fileBytes("approved-2.json"))
        // One figure changed (9.000.000 → 9.900.000, the total left): the record's SHA-256 no longer matches.
        try Data(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"approved\": 9000000", with: "\"approved\": 9900000").utf8)
            .write(to: URL(fileURLWithPath: path))
        var r = try t.journal().verify()
        XCTAssertEqual(r.status, .broken)
        XCTAssertEqual(r.bad?.line, 2)
        guard case .badAdjustment(let n, let why)? = r.bad?.problem else { return XCTFail("\(String(describing: r.bad))") }
        XCTAssertEqual(n, 2)
        XCTAssertTrue(why.vi.contains("đã bị sửa"), why.vi)
        XCTAssertThrowsError(try t.ledger())
        // Missing.
        try FileManager.default.removeItem(atPath: path)
        r = try t.journal().verify()
        XCTAssertEqual(r.status, .broken)
        XCTAssertTrue(r.message(.vi).contains("không có tệp approved-2.json"), r.message(.vi))
        // Restored: intact again.
        try Data(good).write(to: URL(fileURLWithPath: path))
        XCTAssertTrue(try t.journal().verify().isClean)
    }

    func testAVersionFileTheJournalDoesNotNameIsReplaced() throws {
        at("2025-12-10T03:00:00Z")
        // What an adjustment cut off between its file and its record leaves behind.
        _ = t.dir.write("approved-2.json", "{\"format\": \"kinhphi-approval-version\"}")
        XCTAssertTrue(try t.journal().verify().isClean)
        let v = try XCTUnwrap(try adjust("line,approved\n1.1,9.000.000\n", on: date(1, 12, 2025)).version)
        XCTAssertEqual(v.sha256, SHA256.hash(try XCTUnwrap(fileBytes("approved-2.json"))))
        XCTAssertTrue(try t.journal().verify().isClean)
    }

    // MARK: Watched sources

    func testSourcesAreWatchedAgainstTheVersionInForce() throws {
        at("2025-12-10T03:00:00Z")
        let j = try t.journal()
        XCTAssertEqual(j.sourceChanges(against: try j.ledger().latest), [])
        let estimate = t.ws.file("estimate.csv")
        let original = try String(contentsOfFile: estimate, encoding: .utf8)
        try (original + "\n").write(toFile: estimate, atomically: true, encoding: .utf8)
        let changed = j.sourceChanges(against: try j.ledger().latest)
        XCTAssertEqual(changed.map(\.file), ["estimate.csv"])
        XCTAssertEqual(changed[0].expected, try ApprovedBudget.load(t.ws).estimateSHA256)
        XCTAssertEqual(changed[0].found, SHA256.hash(Array((original + "\n").utf8)))
        let r = try j.verify()
        XCTAssertTrue(r.isOK)
        XCTAssertFalse(r.isClean)
        // An adjustment records the files as they are then: from it on they are what is watched.
        _ = try XCTUnwrap(try adjust("line,approved\n1.1,9.000.000\n", on: date(1, 12, 2025)).version)
        XCTAssertTrue(try t.journal().verify().isClean)
        try FileManager.default.removeItem(atPath: t.ws.file("conference.csv"))
        let gone = try t.journal().verify().sources
        XCTAssertEqual(gone.map(\.file), ["conference.csv"])
        XCTAssertNil(gone[0].found)
    }

    // MARK: The ledger as of a day

    func testAsOfIsACutOffByVoucherDate() throws {
        try t.record(personal(.advance, line: "1.1", amount: 1_000_000, date: date(5, 11, 2025), voucherNo: "TU-01"))   // 1
        try t.record(voucher(amount: 2_000_000, date: date(10, 11, 2025), voucherNo: "PC-01"))                          // 2
        try t.record(voucher(amount: 3_000_000, date: date(20, 11, 2025), voucherNo: "PC-02"))                          // 3
        try t.record(personal(.clearing, line: "1.1", amount: 900_000, date: date(22, 11, 2025), voucherNo: "TT-01", ref: "TU-01"))  // 4
        XCTAssertFalse(try t.journal().reverse("PC-01", reason: "ghi nhầm").refused)                                    // 5
        let j = try t.journal()
        // 15/11: PC-01 was reversed (a reversal follows its voucher), PC-02 and TT-01 come later: the advance is open.
        var l = try j.ledger(asOf: date(15, 11, 2025))
        assertMoney(l.paid, 0); assertMoney(l.advancedOutstanding, 1_000_000)
        XCTAssertEqual(l.openAdvances.map(\.seq), [1])
        XCTAssertEqual(l.leftOut, 2)
        XCTAssertFalse(l.isEffective(3))
        // 21/11: PC-02 counts, the clearing does not yet.
        l = try j.ledger(asOf: date(21, 11, 2025))
        assertMoney(l.paid, 3_000_000); assertMoney(l.advancedOutstanding, 1_000_000); XCTAssertEqual(l.leftOut, 1)
        // 25/11 (today) and no cut-off agree: 3.000.000 + 900.000, nothing advanced.
        for x in [try j.ledger(asOf: date(25, 11, 2025)), try j.ledger()] {
            assertMoney(x.paid, 3_900_000); assertMoney(x.advancedOutstanding, 0); XCTAssertEqual(x.leftOut, 0)
            XCTAssertTrue(x.openAdvances.isEmpty)
            assertMoney(try XCTUnwrap(x.line("1.1")).remaining, 4_100_000)          // 8.000.000 − 3.900.000
        }
        // 04/11: nothing yet.
        l = try j.ledger(asOf: date(4, 11, 2025))
        assertMoney(l.paid, 0); assertMoney(l.advancedOutstanding, 0); XCTAssertEqual(l.leftOut, 3)
    }

    // MARK: Recovering an advance

    func testARefundNamingAnOpenAdvanceRecoversIt() throws {
        at("2026-02-20T03:00:00Z")     // after the adjustment period (31/01/2026)
        try t.record(voucher(.advance, line: "3.1", amount: 20_000_000, contractNo: "HĐ 12/2025", contractValue: 55_000_000, voucherNo: "TU-01"))
        XCTAssertThrowsError(try Settlement.build(t.ledger(), draft: false))
        // A plain refund after the adjustment period is still refused…
        XCTAssertEqual(findings(try t.journal().record(voucher(.refund, line: "3.1", amount: 1_000, date: date(15, 2, 2026))), "REC-FISCAL-YEAR").count, 1)
        // …a recovery is not: it names the advance and returns it whole.
        let out = try t.record(voucher(.refund, line: "3.1", amount: 20_000_000, date: date(15, 2, 2026), voucherNo: "NT-01", ref: "TU-01"))
        XCTAssertEqual(out.records.first?.body.voucher?.clears, 1)
        XCTAssertTrue(t.lines[1].contains("\tkind=refund\t") && t.lines[1].contains("\tclears=1\t"), t.lines[1])
        var l = try t.ledger()
        let l31 = try XCTUnwrap(l.line("3.1"))
        assertMoney(l31.paid, 0); assertMoney(l31.advancedOutstanding, 0); XCTAssertEqual(l31.voucherCount, 0)
        XCTAssertTrue(l.openAdvances.isEmpty)
        XCTAssertFalse(l.isEffective(2))
        let s = try Settlement.build(l, draft: false)
        assertMoney(s.total.actual, 0)
        XCTAssertTrue(try t.journal().verify().isClean)
        // Reversing the recovery opens the advance again.
        XCTAssertFalse(try t.journal().reverse(2, reason: "nhầm").refused)
        l = try t.ledger()
        XCTAssertEqual(l.openAdvances.map(\.seq), [1])
        XCTAssertEqual(try t.journal().reverse(1, reason: "x").findings.map(\.ruleID), [], "the advance is open again: it can be reversed")
    }

    func testARecoveryMustBeTheWholeOpenAdvance() throws {
        try t.record(personal(.advance, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"))
        XCTAssertEqual(findings(try t.journal().record(personal(.refund, line: "1.1", amount: 999_999, voucherNo: "NT-01", ref: "TU-01")), "REC-RECOVERY").count, 1)
        XCTAssertEqual(findings(try t.journal().record(personal(.refund, line: "3.2", amount: 1_000_000, voucherNo: "NT-01", ref: "TU-01")), "REC-RECOVERY").count, 1)
        try t.record(personal(.clearing, line: "1.1", amount: 900_000, voucherNo: "TT-01", ref: "TU-01"))
        let cleared = try t.journal().record(personal(.refund, line: "1.1", amount: 100_000, voucherNo: "NT-02", ref: "TU-01"))
        XCTAssertTrue(findings(cleared, "REC-RECOVERY").first?.message.vi.contains("đã được thanh toán hoặc thu hồi") ?? false, "\(cleared.findings)")
        // A refund naming a payment's voucher number is a plain refund.
        try t.record(voucher(amount: 500_000, voucherNo: "PC-01"))
        let plain = try t.record(voucher(.refund, amount: 100_000, voucherNo: "NT-03", ref: "PC-01"))
        XCTAssertNil(plain.records.first?.body.voucher?.clears)
        assertMoney(try XCTUnwrap(t.ledger().line("1.1")).paid, 1_300_000)      // 900.000 + 500.000 − 100.000
    }

    // MARK: Reversing by voucher number

    func testReverseByVoucherNumber() throws {
        try t.record(voucher(amount: 100_000, voucherNo: "UNC-01"))
        try t.record(voucher(amount: 200_000, voucherNo: "UNC-02"))
        let out = try t.journal().reverse("unc-02", reason: "Sai số tiền")
        XCTAssertEqual(out.records.first?.body, .reversal(of: 2, reason: "Sai số tiền"))
        // Reversed: the number names a reversed voucher.
        XCTAssertEqual(try t.journal().reverse("UNC-02", reason: "x").findings.first?.message.vi, "bản ghi 2 đã bị đảo")
        XCTAssertEqual(try t.journal().reverse("UNC-99", reason: "x").findings.map(\.ruleID), [ReversalRules.targetID])
    }

    func testANumberThatIsBothARecordAndAVoucherNumberIsRefused() throws {
        try t.record(voucher(amount: 100_000, voucherNo: "2"))     // record 1, voucher number "2"
        try t.record(voucher(amount: 200_000, voucherNo: "PC-9"))  // record 2
        try t.record(voucher(amount: 300_000, voucherNo: "7"))     // record 3, voucher number "7": no record 7
        let before = t.journalBytes
        let out = try t.journal().reverse("2", reason: "nhầm")
        XCTAssertTrue(out.refused)
        XCTAssertEqual(t.journalBytes, before)
        let m = try XCTUnwrap(out.findings.first).message.vi
        XCTAssertTrue(m.contains("bản ghi 2 (thanh toán dòng 1.1 ngày 20/11/2025, 200.000)") && m.contains("bản ghi 1 (thanh toán dòng 1.1 ngày 20/11/2025, 100.000)")
                      && m.contains("#2") && m.contains("#1"), m)
        XCTAssertEqual(try t.journal().reverse("#2", reason: "nhầm").records.first?.body, .reversal(of: 2, reason: "nhầm"))
        XCTAssertEqual(try t.journal().reverse("7", reason: "nhầm").records.first?.body, .reversal(of: 3, reason: "nhầm"))
        XCTAssertEqual(try t.journal().reverse("1", reason: "nhầm").records.first?.body, .reversal(of: 1, reason: "nhầm"))
    }
}
