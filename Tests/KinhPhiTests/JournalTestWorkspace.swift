import Foundation
import XCTest
import KinhPhi
import TestSupport

/// A small approved conference in a temporary folder, for the journal tests.
///
/// Lines (all approved as requested; figures by hand):
///   1.1 documents    100 × 80.000       =  8.000.000  policy stop
///   2.1 paper         10 × 3.000.000    = 30.000.000  policy stop  (honorarium: PIT rule applies)
///   3.1 decoration     1 × 60.000.000   = 60.000.000  policy stop  (above the 50.000.000 Treasury threshold)
///   3.2 sound-light    1 × 12.000.000   = 12.000.000  policy warn
///   4.1 refreshments   1 × 150 × 40.000 =  6.000.000  policy ignore
///   total                                 116.000.000
/// Fiscal year 2025, adjustment period to 31/01/2026, catalogue = fixtures/catalogue (or a changed copy).
final class JournalTestWorkspace {
    let dir = TempDir()
    let ws: Workspace
    var settings: JournalSettings

    static let now = Timestamp.parse("2025-11-25T03:00:00Z")!

    init(policies: [String: OverBudgetPolicy] = ["3.2": .warn, "4.1": .ignore], normsCSV: String? = nil,
         extraLines: String = "", amountsCSV: String? = nil, notice: AppraisalNotice? = nil, fiscalYear: Int = 2025) throws {
        var normsPath = Fixtures.normsPath
        if let normsCSV { normsPath = dir.write("norms.csv", normsCSV) }
        dir.write("conference.csv", ConferenceCSV.text(
            changing: ["name": "Hội nghị thử nghiệm ghi chi", "delegates_non_payroll": "60", "event_date": "20/11/\(fiscalYear)"],
            extra: [("fiscal_year", String(fiscalYear)), ("adjustment_period_end", "31/01/\(fiscalYear + 1)"),
                    ("norms", normsPath), ("budget_codes", Fixtures.budgetCodesPath)]))
        dir.write("estimate.csv", """
            section,line,description,kind,budget_code,unit,quantity,persons,sessions,unit_price,amount,norm,basis,assigned_to,evidence
            I. Tài liệu,1.1,In tài liệu hội nghị,documents,6651,cuốn,100,,,80.000,8.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 1
            II. Tham luận,2.1,Tham luận trình bày tại hội nghị,paper,6652,bài,10,,,3.000.000,30.000.000,ws-paper-presented,TT 03/2023/TT-BTC,,
            III. Hậu cần,3.1,Trang trí khánh tiết toàn bộ hội trường,decoration,6657,gói,1,,,60.000.000,60.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 2
            III. Hậu cần,3.2,Âm thanh ánh sáng,sound-light,6657,gói,1,,,12.000.000,12.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 3
            III. Hậu cần,4.1,Nước uống giữa giờ,refreshments,6699,người/buổi,1,150,1,40.000,6.000.000,refreshments,TT 40/2017/TT-BTC Điều 12,,
            \(extraLines)
            """)
        ws = try Workspace(path: dir.path)
        settings = JournalSettings(now: JournalTestWorkspace.now, lockTimeout: 5)
        let loaded = try EstimateLoader.load(ws)
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        let amounts = try amountsCSV.map { try DecisionAmounts.read(path: dir.write("quyet-dinh.csv", $0)) }
        _ = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: "99/QĐ-STC", decisionDate: CivilDate(year: fiscalYear, month: 10, day: 30)!,
                                       defaultPolicy: .stop, linePolicies: policies, amounts: amounts, notice: notice, settings: settings)
    }

    deinit { dir.remove() }

    func journal() throws -> Journal { try Journal.open(ws, settings: settings) }

    var journalPath: String { ws.file(Journal.fileName) }

    /// The journal's bytes (empty when it does not exist yet).
    var journalBytes: [UInt8] { (FileManager.default.contents(atPath: journalPath)).map { [UInt8]($0) } ?? [] }

    func writeJournal(_ bytes: [UInt8]) {
        _ = FileManager.default.createFile(atPath: journalPath, contents: Data(bytes))
    }

    /// The journal's lines (without newlines).
    var lines: [String] {
        String(decoding: journalBytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    func ledger() throws -> Ledger { try journal().ledger() }

    /// Records, failing the test if refused.
    @discardableResult
    func record(_ v: Voucher, file: StaticString = #filePath, line: UInt = #line) throws -> AppendOutcome {
        let out = try journal().record(v)
        XCTAssertFalse(out.refused, "refused: " + out.findings.map { "\($0.ruleID): \($0.message.en)" }.joined(separator: " | "), file: file, line: line)
        return out
    }

    /// A CSV file in the workspace folder.
    func csv(_ name: String, _ text: String) -> String { dir.write(name, text) }
}

/// A voucher with sensible defaults: a business payment by transfer, 20/11/2025, line 1.1.
func voucher(_ kind: VoucherKind = .payment, line: String = "1.1", amount: Int64, date: CivilDate = date(20, 11, 2025),
             payee: String = "Công ty TNHH Sự kiện Hà Nội", payeeType: PayeeType = .business, taxCode: String? = "0101234567",
             method: PaymentMethod = .transfer, vat: Int64 = 0, pit: Int64 = 0, invoiceSeries: String? = nil, invoiceNo: String? = nil,
             contractNo: String? = nil, contractValue: Int64? = nil, voucherNo: String? = nil, ref: String? = nil,
             workDate: CivilDate? = nil, description: String = "Chi hội nghị") -> Voucher {
    Voucher(kind: kind, date: date, workDate: workDate, line: line, payee: payee, payeeType: payeeType,
            taxCode: payeeType == .business ? taxCode : nil, description: description, amount: Money(amount), vat: Money(vat),
            pitWithheld: Money(pit), method: method, invoiceSeries: invoiceSeries, invoiceNumber: invoiceNo,
            invoiceDate: invoiceNo == nil ? nil : date, contractNumber: contractNo, contractValue: contractValue.map { Money($0) },
            voucherNumber: voucherNo, ref: ref)
}

/// An individual's voucher (no tax code). `staff`: the organiser's own staff (an advance to buy something,
/// its clearing), whose payments carry no flat-rate PIT.
func personal(_ kind: VoucherKind = .payment, staff: Bool = false, line: String, amount: Int64, pit: Int64 = 0,
              method: PaymentMethod = .cash, date: CivilDate = date(20, 11, 2025), voucherNo: String? = nil, ref: String? = nil,
              payee: String = "Nguyễn Văn An", payeeID: String? = nil, vat: Int64 = 0) -> Voucher {
    var v = voucher(kind, line: line, amount: amount, date: date, payee: payee, payeeType: .individual, taxCode: nil, method: method,
                    vat: vat, pit: pit, voucherNo: voucherNo, ref: ref, description: "Chi cho cá nhân")
    v.staff = staff
    v.payeeID = payeeID
    return v
}

/// The findings of one rule.
func findings(_ out: AppendOutcome, _ rule: String) -> [Finding] { out.findings.filter { $0.ruleID == rule } }
