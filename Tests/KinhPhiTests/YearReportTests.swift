import Foundation
import XCTest
@testable import KinhPhiSettlement
import KinhPhi
import TestSupport

/// The year over many workspaces (`YearReport`, issue 16), through the library: which folders are searched,
/// the checks across events on their exact keys, people and their PIT. The figures against `settle` and the
/// outputs are in the CLI's `ReportCommandTests`.
final class YearReportTests: XCTestCase {
    var root: TempDir!

    override func setUp() { root = TempDir() }
    override func tearDown() { root.remove() }

    static let settings = JournalSettings(now: Timestamp.parse("2026-01-10T03:00:00Z")!, lockTimeout: 5)
    static let estimate = """
        section,line,description,kind,budget_code,unit,quantity,persons,sessions,unit_price,amount,norm,basis,assigned_to,evidence
        I. Tài liệu,1.1,In tài liệu hội nghị,documents,6651,cuốn,100,,,80.000,8.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 1
        II. Tham luận,2.1,Tham luận trình bày tại hội nghị,paper,6652,bài,10,,,3.000.000,30.000.000,ws-paper-presented,TT 03/2023/TT-BTC,,
        III. Hậu cần,4.1,Nước uống giữa giờ,refreshments,6699,người/buổi,1,150,1,40.000,6.000.000,refreshments,TT 40/2017/TT-BTC Điều 12,,
        """

    /// An approved workspace `root/<name>` of `organiser`, budget year `year` (event 20/11 of that year).
    @discardableResult
    func workspace(_ name: String, organiser: String = "Sở Khoa học và Công nghệ", year: Int = 2025, approve: Bool = true) throws -> Journal? {
        let dir = root.file(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/conference.csv", contents: Data(ConferenceCSV.text(
            changing: ["name": "Hội nghị \(name)", "organiser": organiser, "event_date": "20/11/\(year)"],
            extra: [("fiscal_year", "\(year)"), ("adjustment_period_end", "31/01/\(year + 1)"),
                    ("norms", Fixtures.normsPath), ("budget_codes", Fixtures.budgetCodesPath)]).utf8))
        FileManager.default.createFile(atPath: dir + "/estimate.csv", contents: Data(YearReportTests.estimate.utf8))
        guard approve else { return nil }
        let ws = try Workspace(path: dir)
        let loaded = try EstimateLoader.load(ws)
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        _ = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: "99/QĐ-STC", decisionDate: date(30, 10, year),
                                       defaultPolicy: .stop, linePolicies: [:], settings: YearReportTests.settings)
        return try Journal.open(ws, settings: YearReportTests.settings)
    }

    func record(_ j: Journal?, _ v: Voucher, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try XCTUnwrap(j).record(v)
        XCTAssertFalse(out.refused, out.findings.map { "\($0.ruleID): \($0.message.en)" }.joined(separator: " | "), file: file, line: line)
    }

    func report(_ roots: [String]? = nil, year: Int? = 2025, pit: Bool = false) throws -> YearReport {
        try YearReport.build(roots: roots ?? [root.path], YearReport.Options(year: year, date: date(10, 1, 2026), pit: pit,
                                                                              settings: YearReportTests.settings, threads: 2))
    }

    // MARK: which folders

    func testTheFinderFollowsNoLinkSkipsHiddenFoldersStopsInsideAWorkspaceAndAtTheDepthLimit() throws {
        let fm = FileManager.default
        func mk(_ path: String, workspace: Bool = false) throws {
            try fm.createDirectory(atPath: root.file(path), withIntermediateDirectories: true)
            if workspace { fm.createFile(atPath: root.file(path) + "/conference.csv", contents: Data("field,value\n".utf8)) }
        }
        try mk("so-a/2025/hn-1", workspace: true)
        try mk("so-a/2025/hn-1/ban-cu", workspace: true)          // inside a workspace: not a second event
        try mk("so-a/2025/hn-2", workspace: true)
        try mk("so-b/hn-3", workspace: true)
        try mk(".thung-rac/hn-4", workspace: true)                // hidden
        try mk("1/2/3/4/5/6/hn-sau", workspace: true)             // depth 7 below the root: 6 levels searched
        try mk("1/2/3/4/5/hn-5", workspace: true)                 // depth 6: found
        try fm.createSymbolicLink(atPath: root.file("lien-ket"), withDestinationPath: root.file("so-b"))
        try fm.createSymbolicLink(atPath: root.file("so-b/vong"), withDestinationPath: root.path)
        let found = try WorkspaceFinder.find([root.path, root.file("so-a")])   // so-a twice: searched once
        let rel = { (p: String) in String(p.dropFirst(self.root.path.count + 1)) }
        XCTAssertEqual(found.workspaces.map(rel), ["1/2/3/4/5/hn-5", "so-a/2025/hn-1", "so-a/2025/hn-2", "so-b/hn-3"])
        XCTAssertEqual(found.linksNotFollowed.map(rel), ["lien-ket", "so-b/vong"])
        XCTAssertEqual(found.notSearched.map(rel), ["1/2/3/4/5/6"])
        // A workspace given itself is that one workspace; a file or a missing folder is an input error.
        XCTAssertEqual(try WorkspaceFinder.find([root.file("so-b/hn-3")]).workspaces, [root.file("so-b/hn-3")])
        _ = fm.createFile(atPath: root.file("tep.txt"), contents: Data())
        XCTAssertThrowsError(try WorkspaceFinder.find([root.file("tep.txt")])) { XCTAssertEqual(($0 as? InputError)?.problem, .notAFolder) }
        XCTAssertThrowsError(try WorkspaceFinder.find([root.file("khong-co")])) { XCTAssertEqual(($0 as? InputError)?.problem, .folderNotFound) }
    }

    // MARK: checks across events

    func testTheSameInvoiceAndVoucherNumberAcrossEventsAsTheJournalComparesThem() throws {
        let a = try workspace("a"), b = try workspace("b"), c = try workspace("c", organiser: "Sở Văn hóa và Thể thao")
        // a and b: one invoice written two ways (case, leading zeros) and one voucher number (case): the
        // journal's own keys make them equal.
        try record(a, voucher(amount: 2_000_000, invoiceSeries: "1C25AA", invoiceNo: "0000012", voucherNo: "PC-01"))
        try record(b, voucher(amount: 2_000_000, invoiceSeries: "1c25aa", invoiceNo: "12", voucherNo: "pc-01"))
        // c, another unit, also numbers a voucher PC-01: not the same voucher. Its invoice is another seller's.
        try record(c, voucher(amount: 1_000_000, taxCode: "0109999999", invoiceSeries: "1C25AA", invoiceNo: "12", voucherNo: "PC-01"))
        // An invoice in a, and the same in b reversed: no longer paid twice.
        try record(a, voucher(amount: 500_000, invoiceSeries: "1C25AA", invoiceNo: "99", voucherNo: "PC-02"))
        try record(b, voucher(amount: 500_000, invoiceSeries: "1C25AA", invoiceNo: "99", voucherNo: "PC-09"))
        XCTAssertFalse(try XCTUnwrap(b).reverse(2, reason: "Ghi nhầm hội nghị").refused)

        let r = try report()
        XCTAssertEqual(r.events.map(\.name), ["Hội nghị a", "Hội nghị b", "Hội nghị c"])
        let invoices = r.findings.filter { $0.kind == .invoice }, numbers = r.findings.filter { $0.kind == .voucherNumber }
        XCTAssertEqual(invoices.count, 1)
        XCTAssertEqual(invoices.first?.label, "0101234567 · 1C25AA · 0000012")
        XCTAssertEqual(invoices.first?.occurrences.map { r.event($0.event)?.name }, ["Hội nghị a", "Hội nghị b"])
        XCTAssertEqual(invoices.first?.occurrences.map(\.seq), [1, 1])
        XCTAssertEqual(numbers.count, 1)
        XCTAssertEqual(numbers.first?.occurrences.map { r.event($0.event)?.name }, ["Hội nghị a", "Hội nghị b"], "c is another unit")
        XCTAssertTrue(r.hasProblems, "an invoice paid twice is an error")
        XCTAssertEqual(CrossEventFinding.Kind.invoice.severity, .error)
        XCTAssertEqual(CrossEventFinding.Kind.voucherNumber.severity, .warning)
    }

    /// Fingerprints only nominate: two different invoices given the same fingerprint make no finding.
    func testAFingerprintCollisionMakesNoFinding() throws {
        let a = try workspace("a"), b = try workspace("b")
        try record(a, voucher(amount: 2_000_000, invoiceSeries: "1C25AA", invoiceNo: "1"))
        try record(b, voucher(amount: 2_000_000, invoiceSeries: "1C25AA", invoiceNo: "2"))
        let r = try report()
        XCTAssertTrue(r.findings.isEmpty)
        let options = YearReport.Options(year: 2025, date: date(10, 1, 2026), settings: YearReportTests.settings)
        XCTAssertEqual(MemoryLayout<KeyEntry>.stride, 16, "16 bytes a key: the memory of the year (docs/architecture.md)")
        let k = KeyEntry(fingerprint: .max, event: (1 << 30) - 1, seq: .max, kind: KeyKind.personDay.rawValue)
        XCTAssertEqual([UInt64(k.event), UInt64(k.seq), UInt64(k.kind), k.fingerprint], [(1 << 30) - 1, UInt64(UInt32.max), 2, .max])
        let forged = r.events.map { KeyEntry(fingerprint: 42, event: UInt32($0.index), seq: 1, kind: KeyKind.invoice.rawValue) }
        XCTAssertTrue(CrossEventCheck.findings(forged, events: r.events, options).isEmpty)
        // The control: the same entries with the same invoice do make one.
        try record(b, voucher(amount: 2_000_000, invoiceSeries: "1C25AA", invoiceNo: "1"))
        let again = try report()
        XCTAssertEqual(again.findings.filter { $0.kind == .invoice }.count, 1)
        let real = again.events.map { KeyEntry(fingerprint: 42, event: UInt32($0.index), seq: $0.name.hasSuffix("b") ? 2 : 1, kind: KeyKind.invoice.rawValue) }
        XCTAssertEqual(CrossEventCheck.findings(real, events: again.events, options).count, 1)
    }

    /// One person paid on the same day for the same kind of work in two events (names compared after case,
    /// spacing and Unicode composition); not for a purchase made through them; their PIT over the calendar
    /// year, payments of the previous budget year's events dated in it (its adjustment period) included.
    func testThePersonOnTheSameDayAndTheirPITOverTheYear() throws {
        let a = try workspace("a"), b = try workspace("b"), previous = try workspace("nam-truoc", year: 2024)
        func paper(_ name: String, _ amount: Int64, pit: Int64, on d: CivilDate = date(20, 11, 2025), line: String = "2.1",
                   work: CivilDate? = nil) -> Voucher {
            voucher(line: line, amount: amount, date: d, payee: name, payeeType: .individual, taxCode: nil, method: .cash, pit: pit, workDate: work)
        }
        try record(a, paper("TS. Nguyễn Văn An", 3_000_000, pit: 300_000))
        // The same name in another composition (NFD) and case, with doubled spaces.
        try record(b, paper("ts.  NGUYE\u{0302}\u{0303}N Văn An", 3_000_000, pit: 300_000))
        // Refreshments bought through a person: neither work nor income.
        try record(a, paper("TS. Nguyễn Văn An", 1_000_000, pit: 0, line: "4.1"))
        try record(b, paper("TS. Nguyễn Văn An", 1_000_000, pit: 0, line: "4.1"))
        // A 2024 event pays them on 15/01/2025, in its adjustment period, for work done in December 2024:
        // income of 2025, counted in 2025's PIT, but not an event of 2025.
        try record(previous, paper("TS. Nguyễn Văn An", 1_500_000, pit: 0, on: date(15, 1, 2025), work: date(20, 12, 2024)))
        let r = try report(pit: true)
        let days = r.findings.filter { $0.kind == .personDay }
        XCTAssertEqual(days.count, 1)
        XCTAssertEqual(days.first?.label, "TS. Nguyễn Văn An · 20/11/2025")
        XCTAssertEqual(days.first?.workKind, .paper)
        XCTAssertTrue(days.first?.byName ?? false)
        XCTAssertFalse(r.hasProblems, "a warning only")
        let people = try XCTUnwrap(r.people)
        XCTAssertEqual(people.count, 1)
        // 3.000.000 + 3.000.000 + 1.500.000 = 7.500.000; PIT 300.000 × 2 = 600.000; net 6.900.000.
        XCTAssertEqual(people.first?.gross, Money(7_500_000))
        XCTAssertEqual(people.first?.pit, Money(600_000))
        XCTAssertEqual(people.first?.net, Money(6_900_000))
        XCTAssertEqual(people.first?.payments, 3)
        XCTAssertEqual(people.first?.events.count, 2, "the 2024 event is not an event of this report")
        XCTAssertEqual(r.otherYears, [2024: 1])
        XCTAssertEqual(r.events.count, 2)
    }

    /// Issue 14: the year's PIT per person is the journal's — one person by their payee_id however the name is
    /// written (two names, one ID: one person, not by name), a purchase through them not counted, a staff
    /// member's fee not in the list of individuals withheld from… By hand: 3.000.000 (PIT 300.000) in a and
    /// 1.500.000 (PIT 0) in b = 4.500.000, PIT 300.000, 2 payments.
    func testThePersonIsTheirPayeeIDAcrossEvents() throws {
        let a = try workspace("a"), b = try workspace("b")
        var first = voucher(line: "2.1", amount: 3_000_000, date: date(20, 11, 2025), payee: "TS. Nguyễn Văn An", payeeType: .individual,
                            taxCode: nil, method: .cash, pit: 300_000)
        first.payeeID = "001080012345"
        var second = voucher(line: "2.1", amount: 1_500_000, date: date(21, 11, 2025), payee: "Nguyễn V. An", payeeType: .individual,
                             taxCode: nil, method: .cash, pit: 0)
        second.payeeID = "001080012345"
        try record(a, first)
        try record(b, second)
        let people = try XCTUnwrap(try report(pit: true).people)
        XCTAssertEqual(people.count, 1)
        XCTAssertEqual(people.first?.payeeID, "001080012345")
        XCTAssertEqual(people.first?.byName, false)
        XCTAssertEqual(people.first?.gross, Money(4_500_000))
        XCTAssertEqual(people.first?.pit, Money(300_000))
        XCTAssertEqual(people.first?.payments, 2)
    }

    /// A line an adjustment added (issue 13) is known to the checks across events: the same person paid for a
    /// paper on the same day on it and on another event's paper line is found, with its kind of work.
    func testALineAnAdjustmentAddedCountsForThePersonAndDay() throws {
        let a = try workspace("a"), b = try workspace("b")
        let csv = root.file("dieu-chinh.csv")
        try "line,approved,section,description,kind,budget_code\n5.1,3.000.000,V. Bổ sung,Tham luận bổ sung,paper,6652\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let adjusted = try XCTUnwrap(b).adjust(decisionNumber: "3456/QĐ-UBND", date: date(15, 11, 2025),
                                               amounts: try DecisionAmounts.read(path: csv), reason: "Bổ sung tham luận")
        XCTAssertFalse(adjusted.refused)
        func paper(_ line: String) -> Voucher {
            voucher(line: line, amount: 3_000_000, date: date(20, 11, 2025), payee: "TS. Lê Văn Bình", payeeType: .individual,
                    taxCode: nil, method: .cash, pit: 300_000)
        }
        try record(a, paper("2.1"))
        try record(Journal.open(try Workspace(path: root.file("b")), settings: YearReportTests.settings), paper("5.1"))
        let days = try report().findings.filter { $0.kind == .personDay }
        XCTAssertEqual(days.count, 1)
        XCTAssertEqual(days.first?.label, "TS. Lê Văn Bình · 20/11/2025")
        XCTAssertEqual(days.first?.workKind, .paper)
        XCTAssertEqual(days.first?.occurrences.map(\.line), ["2.1", "5.1"])
    }

    /// An event whose estimate.csv was edited after approval (issue 13's watched sources) is still counted —
    /// its figures come from the journal — and says which file differs, as `settle` notes it.
    func testAnEventWhoseSourcesChangedSaysSo() throws {
        let a = try workspace("a"), b = try workspace("b")
        try record(a, voucher(amount: 1_000_000))
        try record(b, voucher(amount: 2_000_000, voucherNo: "PC-02"))
        let est = root.file("b/estimate.csv")
        try (try String(contentsOfFile: est, encoding: .utf8) + "\n").write(toFile: est, atomically: true, encoding: .utf8)
        let r = try report()
        XCTAssertEqual(r.events.count, 2)
        XCTAssertTrue(r.excluded.isEmpty)
        XCTAssertEqual(r.events.first { $0.path.hasSuffix("/a") }?.sourcesChanged, [])
        XCTAssertEqual(r.events.first { $0.path.hasSuffix("/b") }?.sourcesChanged, ["estimate.csv"])
        // 1.000.000 + 2.000.000: b's figures count.
        XCTAssertEqual(r.total.actual, Money(3_000_000))
        let text = YearReportRender.text(r, lang: .vi)
        XCTAssertTrue(text.contains("Lưu ý: estimate.csv đã khác với lúc duyệt"), text)
        XCTAssertTrue(YearReportRender.json(r).contains("\"sources_changed\" : [\n        \"estimate.csv\""), YearReportRender.json(r))
    }

    /// The year's figures are the events' settlements, summed; states; a broken journal left out.
    func testFiguresStatesAndABrokenJournal() throws {
        let a = try workspace("a"), b = try workspace("b"), c = try workspace("c")
        try workspace("d", approve: false)
        try record(a, voucher(amount: 8_000_000))
        try record(b, personal(.advance, line: "4.1", amount: 6_000_000, date: date(15, 11, 2025), voucherNo: "TU-01"))
        try record(c, voucher(amount: 1_000_000))
        // c's journal edited: an amount changed in place.
        let path = root.file("c/journal.kp")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "amount=1000000", with: "amount=1000001")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let r = try report()
        XCTAssertEqual(r.events.map(\.state), [.spending, .spending, .estimate])
        XCTAssertEqual(r.excluded.map(\.why), [.failsVerify])
        XCTAssertEqual(r.excluded.first?.path, root.file("c"))
        // a: 44.000.000 approved, 8.000.000 actual, drawn 8.000.000, to cancel 36.000.000; b: 44.000.000
        // approved, an open advance of 6.000.000, to cancel 38.000.000; d: an estimate, nothing.
        XCTAssertEqual(r.total.approved, Money(88_000_000))
        XCTAssertEqual(r.total.actual, Money(8_000_000))
        XCTAssertEqual(r.total.outstanding, Money(6_000_000))
        XCTAssertEqual(r.total.toCancel, Money(74_000_000))
        XCTAssertEqual(r.total.toRepay, .zero)
        XCTAssertEqual(r.budgetCodes.map(\.key), ["6651", "6652", "6699"])
        XCTAssertEqual(r.budgetCodes.map(\.figures.approved), [Money(16_000_000), Money(60_000_000), Money(12_000_000)])
        XCTAssertEqual(r.budgetGroups.map(\.key), ["6650"])
        // After the adjustment period, with no open advance: settled.
        let later = try YearReport.build(roots: [root.path], YearReport.Options(year: 2025, date: date(1, 2, 2026), settings: YearReportTests.settings))
        XCTAssertEqual(later.events.map(\.state), [.settled, .spending, .estimate])
    }
}
