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
/// Total actual 16.100.000; difference 41.000.000 − 16.100.000 = 24.900.000 = to return
/// (400.000 + 500.000 + 24.000.000). Vouchers that count: #1, #7, #6, #2, #3 = 5.
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
           series: String? = nil, invoice: String? = nil) -> Voucher {
        Voucher(kind: kind, date: date(d, 11, 2025), line: line, payee: payee, payeeType: type, taxCode: tax, description: "\(kind) \(line)",
                amount: Money(amount), pitWithheld: Money(pit), method: method, invoiceSeries: series, invoiceNumber: invoice,
                voucherNumber: no, ref: ref)
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
            v(.advance, "1.2", 6_000_000, 15, no: "TU01"),
            v(.clearing, "1.2", 5_500_000, 25, no: "TT01", ref: "TU01"),
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
        assertMoney(s.toReturn, 24_900_000)
        assertMoney(s.total.overrun, 0)
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
    }

    func testOverrunIsNotCoveredBySavingsElsewhere() throws {
        // 1.1 under "warn": paid 5.300.000 against 5.000.000 → overrun 300.000; nothing else spent.
        let j = try approve(["1.1": .warn])
        try record(j, [v(.payment, "1.1", 5_300_000, 10, payee: "Công ty In", type: .business, method: .transfer, tax: "0101234567", series: "C25T", invoice: "9")])
        let s = try Settlement.build(try j.ledger(), draft: false)
        assertMoney(s.lines[0].overrun, 300_000)
        assertMoney(s.lines[0].toReturn, 0)
        // to return = 0 + 6.000.000 + 30.000.000 = 36.000.000; difference = 41.000.000 − 5.300.000 = 35.700.000
        assertMoney(s.toReturn, 36_000_000)
        assertMoney(s.total.difference, 35_700_000)
        assertMoney(s.total.overrun, 300_000)
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
