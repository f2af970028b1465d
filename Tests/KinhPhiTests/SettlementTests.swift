import XCTest
import KinhPhi
import TestSupport

/// Settlement arithmetic on a small conference, every figure computed by hand below.
///
/// Estimate (all within norms, appraised = requested):
///   I.  1.1 documents     6651  100 × 50.000           =  5.000.000
///       1.2 refreshments  6699  150 persons × 40.000   =  6.000.000
///   II. 2.1 papers        6652  10 × 3.000.000          = 30.000.000      total approved 41.000.000
/// Journal:
///   #1 payment 1.1  4.800.000 (business, transfer, invoice)
///   #2 payment 2.1  3.000.000 (individual, PIT 300.000)
///   #3 payment 2.1  3.000.000
///   #4 payment 2.1  3.000.000
///   #5 advance 1.2  6.000.000 (TU01)
///   #6 clearing 1.2 5.500.000 (ref TU01)
///   #7 refund 1.1     200.000
///   #8 reversal of #4
/// Actual: 1.1 = 4.800.000 − 200.000 = 4.600.000; 1.2 = 5.500.000; 2.1 = 3.000.000 × 2 = 6.000.000.
/// Total actual 16.100.000; difference 41.000.000 − 16.100.000 = 24.900.000. Vouchers that count: #1, #7,
/// #6, #2, #3 = 5.
/// Drawn (payments + advances at the larger of advance and clearing − refunds):
///   1.1 = 4.800.000 − 200.000 = 4.600.000; 1.2 = max(6.000.000, 5.500.000) = 6.000.000; 2.1 = 6.000.000.
/// To repay (drawn, not spent) = the advance's unspent 500.000 on 1.2; to cancel (never drawn) =
///   1.1: 5.000.000 − 4.600.000 = 400.000; 1.2: 0; 2.1: 30.000.000 − 6.000.000 = 24.000.000 → 24.400.000.
/// Check: 16.100.000 + 500.000 + 24.400.000 = 41.000.000.
final class SettlementTests: XCTestCase {
    var dir: TempDir!
    var ws: Workspace!
    let settings = JournalSettings(now: Timestamp.parse("2025-12-01T02:00:00Z")!, lockTimeout: 5)

    override func setUpWithError() throws {
        dir = TempDir()
        let conference = """
            field,value
            name,Hội nghị thử
            organiser,Sở Khoa học và Công nghệ
            event_date,20/11/2025
            sessions,1
            place,Hội trường
            state_venue,yes
            delegates,150
            delegates_non_payroll,60
            papers_planned,10
            norms,\(Fixtures.normsPath)
            budget_codes,\(Fixtures.budgetCodesPath)

            """
        let estimate = """
            section,line,description,kind,budget_code,unit,quantity,persons,sessions,unit_price,amount,norm
            I,1.1,Tài liệu,documents,6651,cuốn,100,,,50.000,5.000.000,
            I,1.2,Giải khát,refreshments,6699,người/buổi,1,150,1,40.000,6.000.000,refreshments
            II,2.1,Tham luận,paper,6652,bài,10,,,3.000.000,30.000.000,ws-paper-presented

            """
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("ws"), withIntermediateDirectories: true)
        _ = dir.write("ws/conference.csv", conference)
        _ = dir.write("ws/estimate.csv", estimate)
        ws = try Workspace(path: dir.url.appendingPathComponent("ws").path)
    }

    override func tearDown() { dir.remove() }

    func approve(_ policies: [String: OverBudgetPolicy] = [:]) throws -> Journal {
        let loaded = try EstimateLoader.load(ws)
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        _ = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: "12/QĐ", decisionDate: date(5, 11, 2025),
                                       linePolicies: policies, settings: settings)
        return try Journal.open(ws, settings: settings)
    }

    func v(_ kind: VoucherKind, _ line: String, _ amount: Int64, _ d: Int, payee: String = "Nguyễn Văn A", type: PayeeType = .individual,
           pit: Int64 = 0, method: PaymentMethod = .cash, no: String? = nil, ref: String? = nil, tax: String? = nil,
           series: String? = nil, invoice: String? = nil, staff: Bool = false) -> Voucher {
        Voucher(kind: kind, date: date(d, 11, 2025), line: line, payee: payee, payeeType: type, taxCode: tax, description: "\(kind) \(line)",
                amount: Money(amount), pitWithheld: Money(pit), method: method, invoiceSeries: series, invoiceNumber: invoice,
                voucherNumber: no, ref: ref, staff: staff)
    }

    func record(_ j: Journal, _ vs: [Voucher]) throws {
        let out = try j.append(vs.map { .voucher($0) })
        XCTAssertFalse(out.refused, out.findings.map { $0.text(.en) }.joined(separator: "; "))
    }

    func standardJournal() throws -> Journal {
        let j = try approve()
        try record(j, [
            v(.payment, "1.1", 4_800_000, 10, payee: "Công ty In", type: .business, method: .transfer, no: "PC01", tax: "0101234567", series: "C25T", invoice: "1"),
            v(.payment, "2.1", 3_000_000, 20, pit: 300_000, no: "PC02"),
            v(.payment, "2.1", 3_000_000, 20, payee: "Trần Thị B", pit: 300_000, no: "PC03"),
            v(.payment, "2.1", 3_000_000, 20, payee: "Lê Văn C", pit: 300_000, no: "PC04"),
            v(.advance, "1.2", 6_000_000, 15, no: "TU01", staff: true),       // a member of staff buys the refreshments
            v(.clearing, "1.2", 5_500_000, 25, no: "TT01", ref: "TU01", staff: true),
            v(.refund, "1.1", 200_000, 28, method: .transfer, no: "NT01"),
        ])
        XCTAssertFalse(try j.reverse(4, reason: "chi trùng").refused)
        return j
    }

    func testSettlementFiguresByLineSectionAndCode() throws {
        let j = try standardJournal()
        let s = try Settlement.build(try j.ledger(), draft: false)
        XCTAssertEqual(s.lines.map(\.actual.dong), [4_600_000, 5_500_000, 6_000_000])
        XCTAssertEqual(s.lines.map(\.difference.dong), [400_000, 500_000, 24_000_000])
        XCTAssertEqual(s.lines.map(\.voucherCount), [2, 1, 2])
        XCTAssertEqual(s.sections.map(\.approved.dong), [11_000_000, 30_000_000])
        XCTAssertEqual(s.sections.map(\.actual.dong), [10_100_000, 6_000_000])
        XCTAssertEqual(s.budgetCodes.map(\.key), ["6651", "6652", "6699"])
        XCTAssertEqual(s.budgetCodes.map(\.actual.dong), [4_600_000, 6_000_000, 5_500_000])
        XCTAssertEqual(s.budgetGroups.map(\.key), ["6650"])
        XCTAssertEqual(s.budgetGroups.first?.name.vi, "Hội nghị")
        assertMoney(s.total.approved, 41_000_000)
        assertMoney(s.total.actual, 16_100_000)
        assertMoney(s.total.difference, 24_900_000)
        assertMoney(s.total.overrun, 0)
        XCTAssertEqual(s.lines.map(\.figures.drawn.dong), [4_600_000, 6_000_000, 6_000_000])
        XCTAssertEqual(s.lines.map(\.toRepay.dong), [0, 500_000, 0])
        XCTAssertEqual(s.lines.map(\.toCancel.dong), [400_000, 0, 24_000_000])
        assertMoney(s.total.figures.returned, 200_000)
        assertMoney(s.total.toRepay, 500_000)
        assertMoney(s.total.toCancel, 24_400_000)
        XCTAssertEqual(s.budgetCodes.map(\.toCancel.dong), [400_000, 24_000_000, 0])     // 6651, 6652, 6699
        XCTAssertEqual(s.budgetCodes.map(\.toRepay.dong), [0, 0, 500_000])
        XCTAssertEqual(s.total.voucherCount, 5)
        // 16.100.000 / 41.000.000 = 39,2682…% → 39,27 (R3)
        XCTAssertEqual(s.total.executedPercent.map { VietnameseNumberFormat.percent($0, decimal: ",") }, "39,27")
    }

    func testVoucherListTotalsTheActualFigure() throws {
        let j = try standardJournal()
        let ledger = try j.ledger()
        var seqs: [Int] = [], amounts: [Int64] = []
        let total = try VoucherList.forEach(j, ledger: ledger) { e in seqs.append(e.seq); amounts.append(e.amount.dong) }
        XCTAssertEqual(seqs, [1, 2, 3, 6, 7])                              // #4 reversed, #5 an advance, #8 a reversal
        XCTAssertEqual(amounts, [4_800_000, 3_000_000, 3_000_000, 5_500_000, -200_000])
        assertMoney(total, 16_100_000)
    }

    func testOpenAdvanceRefusesUnlessDraft() throws {
        let j = try approve()
        try record(j, [v(.advance, "1.2", 6_000_000, 15, no: "TU01")])
        XCTAssertThrowsError(try Settlement.build(try j.ledger(), draft: false)) { e in
            guard case .openAdvances(let list)? = e as? SettlementError else { return XCTFail("\(e)") }
            XCTAssertEqual(list.map(\.seq), [1])
        }
        let draft = try Settlement.build(try j.ledger(), draft: true)
        XCTAssertTrue(draft.isDraft)
        assertMoney(draft.total.actual, 0)                                 // an advance is not an expense until cleared
        // The open advance is drawn and not yet settled: neither to repay nor to cancel.
        // 0 + 6.000.000 open + 0 to repay + (5.000.000 + 30.000.000) to cancel = 41.000.000.
        assertMoney(draft.total.figures.outstanding, 6_000_000)
        assertMoney(draft.total.toRepay, 0)
        assertMoney(draft.total.toCancel, 35_000_000)
    }

    func testOverrunIsNotCoveredBySavingsElsewhere() throws {
        // 1.1 under "warn": paid 5.300.000 against 5.000.000 → overrun 300.000; nothing else spent.
        let j = try approve(["1.1": .warn])
        try record(j, [v(.payment, "1.1", 5_300_000, 10, payee: "Công ty In", type: .business, method: .transfer, tax: "0101234567", series: "C25T", invoice: "9")])
        let s = try Settlement.build(try j.ledger(), draft: false)
        assertMoney(s.lines[0].overrun, 300_000)
        assertMoney(s.lines[0].toCancel, 0)
        // to cancel = 0 + 6.000.000 + 30.000.000 = 36.000.000; difference = 41.000.000 − 5.300.000 = 35.700.000;
        // drawn beyond the approved amount 300.000: 5.300.000 + 0 + 36.000.000 = 41.000.000 + 300.000.
        assertMoney(s.total.toCancel, 36_000_000)
        assertMoney(s.total.toRepay, 0)
        assertMoney(s.total.difference, 35_700_000)
        assertMoney(s.total.overrun, 300_000)
        assertMoney(s.total.figures.beyond, 300_000)
    }

    /// An advance cleared for more than it (the rest paid on clearing) leaves nothing to repay; a clearing
    /// reversed leaves its advance open again (drawn, not settled).
    func testDrawnFollowsAdvancesAndTheirClearings() throws {
        let j = try approve()
        try record(j, [
            v(.advance, "2.1", 12_500_000, 10, no: "TU02"),
            v(.clearing, "2.1", 25_000_000, 24, pit: 2_500_000, no: "TT02", ref: "TU02"),
            v(.advance, "1.2", 6_000_000, 15, no: "TU01"),
            v(.clearing, "1.2", 5_850_000, 21, no: "TT01", ref: "TU01"),
        ])
        var s = try Settlement.build(try j.ledger(), draft: false)
        // 2.1: drawn max(12.500.000, 25.000.000) = 25.000.000 = actual: nothing to repay, 5.000.000 to cancel.
        // 1.2: drawn 6.000.000, actual 5.850.000: 150.000 to repay, nothing to cancel. 1.1: 5.000.000 to cancel.
        XCTAssertEqual(s.lines.map(\.figures.drawn.dong), [0, 6_000_000, 25_000_000])
        XCTAssertEqual(s.lines.map(\.toRepay.dong), [0, 150_000, 0])
        XCTAssertEqual(s.lines.map(\.toCancel.dong), [5_000_000, 0, 5_000_000])
        // 30.850.000 + 150.000 + 10.000.000 = 41.000.000
        assertMoney(s.total.actual, 30_850_000)
        assertMoney(s.total.toRepay, 150_000)
        assertMoney(s.total.toCancel, 10_000_000)
        XCTAssertFalse(try j.reverse(4, reason: "thanh toán tạm ứng ghi nhầm").refused)
        XCTAssertThrowsError(try Settlement.build(try j.ledger(), draft: false))
        s = try Settlement.build(try j.ledger(), draft: true)
        // 1.2's advance is open again: 6.000.000 drawn, not settled; nothing to repay there.
        XCTAssertEqual(s.lines[1].figures.outstanding.dong, 6_000_000)
        XCTAssertEqual(s.lines[1].toRepay.dong, 0)
        assertMoney(s.total.actual, 25_000_000)
    }

    /// The voucher list in date order: a voucher recorded after later-dated ones takes its place by date,
    /// and the streamed CSV is byte for byte the reference made by decoding and sorting every record.
    func testVoucherListInDateOrderEqualsTheReference() throws {
        let j = try approve()
        try record(j, [
            v(.payment, "2.1", 3_000_000, 20, pit: 300_000, no: "PC20"),
            v(.payment, "2.1", 3_000_000, 25, payee: "Trần Thị B", pit: 300_000, no: "PC25"),
            v(.payment, "1.1", 1_000_000, 10, payee: "Công ty In", type: .business, method: .transfer, no: "PC10", tax: "0101234567", series: "C25T", invoice: "1"),
            v(.payment, "1.1", 500_000, 25, payee: "Công ty In", type: .business, method: .transfer, no: "PC25b", tax: "0101234567", series: "C25T", invoice: "2"),
            v(.payment, "1.1", 700_000, 5, payee: "Công ty In", type: .business, method: .transfer, no: "PC05", tax: "0101234567", series: "C25T", invoice: "3"),
            v(.refund, "1.1", 100_000, 28, method: .transfer, no: "NT28"),
        ])
        let ledger = try j.ledger()
        // Dates 20, 25, 10, 25, 5, 28 → late: #3 (10 < 25) and #5 (5 < 25); order by (date, seq): #5, #3, #1, #2, #4, #6.
        let ordering = VoucherOrdering(ledger, order: .date)
        XCTAssertEqual(ordering.late, [5, 3])
        XCTAssertEqual(Array(ordering.stt[1...6]), [3, 4, 2, 5, 1, 6])
        XCTAssertEqual(Array(VoucherOrdering(ledger, order: .journal).stt[1...6]), [1, 2, 3, 4, 5, 6])
        let s = try Settlement.build(ledger, draft: false)
        for order in VoucherOrder.allCases {
            // One pass holding back the rows that arrive before a late row, and the two-pass way (forced).
            for maxHeldBack in [SettlementReport.maxHeldBackRows, 0] {
                let path = dir.url.appendingPathComponent("v-\(order)-\(maxHeldBack).csv").path
                let file = try AtomicFileWriter(path: path)
                let totals = try SettlementReport.writeVoucherCSV(j, ledger: ledger, settlement: s, to: file, header: .keys, order: order,
                                                                  maxHeldBack: maxHeldBack)
                try file.commit()
                XCTAssertEqual(totals.passes, order == .date && maxHeldBack == 0 ? 2 : 1)
                // #1 (3rd), #2 (4th), #3 (2nd) and #4 (5th) arrive before #5, the 1st: four held back, as planned
                // (#5 is 5th in the journal, 1st in the list).
                if order == .date && maxHeldBack > 0 { XCTAssertEqual(totals.heldBack, 4) }
                if order == .date { XCTAssertEqual(VoucherOrdering(ledger, order: .date).maxHeldBack, 4) }
                // 3.000.000 × 2 + 1.000.000 + 500.000 + 700.000 − 100.000 = 8.100.000; PIT 600.000; net 7.500.000.
                assertMoney(totals.gross, 8_100_000)
                XCTAssertEqual(totals.pit, 600_000)
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                XCTAssertEqual(bytes, Data(try SettlementReport.referenceVoucherCSV(j, ledger: ledger, settlement: s, header: .keys, order: order).utf8), "\(order)")
                let written = String(decoding: bytes, as: UTF8.self)
                let nos = written.split(separator: "\r\n").dropFirst().prefix(6).map { $0.split(separator: ",")[1] }
                XCTAssertEqual(nos, order == .date ? ["PC05", "PC10", "PC20", "PC25", "PC25b", "NT28"] : ["PC20", "PC25", "PC10", "PC25b", "PC05", "NT28"])
            }
        }
    }

    func testExplainListsTheRecordsBehindALine() throws {
        let j = try standardJournal()
        let items = try VoucherList.explain(j, ledger: try j.ledger(), line: "2.1")
        XCTAssertEqual(items.map(\.record.seq), [2, 3, 4, 8])
        XCTAssertEqual(items.map(\.counts), [true, true, false, false])
        XCTAssertEqual(items.first { $0.record.seq == 4 }?.reversedBy, 8)
        XCTAssertEqual(items.reduce(Int64(0)) { $0 + $1.contribution.dong }, 6_000_000)   // = the line's actual
        XCTAssertThrowsError(try VoucherList.explain(j, ledger: try j.ledger(), line: "9.9"))
    }
}
