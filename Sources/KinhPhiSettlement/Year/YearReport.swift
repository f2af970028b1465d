import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSystem

// A department's year (`kinhphi report`, issue 16; docs/year-report.md): every workspace found under the
// folders given, each event's own settlement (the same `Settlement` `kinhphi settle` makes, as a draft when
// advances are open), summed per tiểu mục, per mục and in total, and the checks that only show across
// events (the same invoice or voucher number in two events, the same person paid on the same day for the
// same kind of work in two events) and, on request, the income and PIT per person over the calendar year.
//
// One pass over the workspaces, on every core: each worker reads one workspace at a time — approved.json,
// the verified journal and its ledger, the settlement, then the journal's records once more as views for the
// keys — and hands back a small summary: the event's facts and total figures (kept), its figures per tiểu
// mục and mục (added to the year's at once and dropped), and one 16-byte entry per key (invoice,
// voucher number, person and day). Memory is therefore a few hundred bytes per event plus 16 bytes per key,
// whatever the size of each journal; nothing of a journal is kept once its worker moves on. Fingerprints
// found in two events are confirmed on the exact keys by reading only those events again, so a hash
// collision can never make a finding (docs/architecture.md § The year over many workspaces).

/// Where an event stands.
public enum EventState: String, Sendable, CaseIterable {
    /// No approved.json: only the estimate exists.
    case estimate
    /// Approved, nothing recorded yet (or every voucher reversed).
    case approved
    /// Vouchers recorded, and advances still open or the budget year's adjustment period not yet over.
    case spending
    /// No open advance and the adjustment period over on the report's date: no voucher may be added for the
    /// year any more, the figures are final (docs/decisions.md, *When an event is settled*).
    case settled

    public var name: Bilingual {
        switch self {
        case .estimate: return Bilingual(vi: "chưa duyệt", en: "estimate only")
        case .approved: return Bilingual(vi: "đã duyệt, chưa chi", en: "approved")
        case .spending: return Bilingual(vi: "đang chi", en: "spending")
        case .settled: return Bilingual(vi: "đã chốt", en: "settled")
        }
    }
}

/// One event of the year: its facts and its own settlement's total figures.
public struct YearEvent: Sendable {
    /// Its position among the workspaces found (the order `WorkspaceFinder` gives).
    public let index: Int
    public let path: String
    public let name: String
    public let organiser: String
    public let eventDate: CivilDate
    public let fiscalYear: Int
    /// nil while only the estimate exists.
    public let decisionNumber: String?
    public let decisionDate: CivilDate?
    public let adjustmentPeriodEnd: CivilDate
    public let state: EventState
    /// The settlement's total figures (zero for an estimate).
    public let figures: SettlementFigures
    /// Journal records and the anchor `<records>:<hash>` (nil for an estimate).
    public let records: Int
    public let anchor: String?
    public let openAdvances: Int
    /// The watched source files (conference.csv, estimate.csv) that differ from what was approved: `verify`
    /// exits 1 on them and `settle` notes them; the figures, drawn from the journal, still count.
    public var sourcesChanged: [String] = []
    /// Verified in full (every SHA-256) for this report; false only for an estimate (no journal).
    public var verified: Bool { decisionNumber != nil }
}

/// A workspace left out of the totals, and why.
public struct ExcludedWorkspace: Sendable {
    public enum Why: String, Sendable {
        /// The journal fails `verify` (broken, torn, the approval changed).
        case failsVerify = "fails-verify"
        /// conference.csv or approved.json cannot be read, the journal cannot be opened, or its settlement
        /// cannot be made.
        case unreadable
    }
    public let index: Int
    public let path: String
    public let why: Why
    public let reason: Bilingual
    /// What could still be read of it (nil when nothing could).
    public let name: String?
    public let fiscalYear: Int?
    /// Of another budget year, listed only because the PIT list (`--pit`) could not read its payments.
    public var otherYear = false
}

/// A tiểu mục or a mục across all events.
public struct YearGroup: Sendable {
    public let key: String
    /// For a tiểu mục: its mục; for a mục: itself.
    public let group: String
    public let name: Bilingual
    public let figures: SettlementFigures
    /// Events with this code.
    public let events: Int
}

/// One place a key was found: an event and its first record holding it.
public struct FindingOccurrence: Sendable {
    public let event: Int
    public let seq: Int
    /// Records of that event holding the key (an invoice split over several lines counts once per record).
    public let records: Int
    public let voucherNumber: String?
    public let date: CivilDate
    public let payee: String
    public let line: String
    public let kind: VoucherKind
    public let amount: Money
}

/// What shows only across events.
public struct CrossEventFinding: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The same invoice (seller's tax code, series, number) paid in two events.
        case invoice
        /// The same voucher number in two events of the same unit.
        case voucherNumber = "voucher-number"
        /// The same person paid on the same day for the same kind of work in two events.
        case personDay = "person-day"

        public var ruleID: String {
            switch self {
            case .invoice: return "YEAR-DUP-INVOICE"
            case .voucherNumber: return "YEAR-DUP-VOUCHER-NO"
            case .personDay: return "YEAR-PERSON-DAY"
            }
        }

        public var severity: Severity { self == .invoice ? .error : .warning }
    }

    public let kind: Kind
    /// The key as people read it, as first recorded: "0105987654 · 1C25TTL · 0000128", "PC-01", "Nguyễn Văn An ·
    /// 20/11/2025" (with `workKind`).
    public let label: String
    /// For a person and day: the kind of work (the approved line's kind).
    public let workKind: ItemKind?
    /// A person told apart by name only (no payee ID recorded): the match may be two people of one name.
    public let byName: Bool
    /// Two or more, in event order.
    public let occurrences: [FindingOccurrence]
}

/// One person's income and PIT over the calendar year, across events (`--pit`).
public struct PersonYear: Sendable {
    /// The name as first written (in event order).
    public let name: String
    /// Told apart by name only (no payee ID in the journals).
    public let byName: Bool
    /// The payee_id the person is known by (issue 14), when the journals record it.
    public var payeeID: String? = nil
    public let gross: Money
    public let pit: Money
    public var net: Money { Money(uncheckedDifference: gross.dong - pit.dong) }
    public let payments: Int
    /// The events that paid them, in event order (indexes into `YearReport.events`' `index`).
    public let events: [Int]
}

public enum YearReportError: Error, Sendable, Localized {
    case input(InputError)
    /// No workspace under the folders given.
    case noWorkspace([String])
    /// Several budget years and no --year: the count of workspaces per year.
    case severalYears([Int: Int])
    case invariant(Bilingual)
    case money(MoneyError)

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .input(let e): return e.message(lang)
        case .noWorkspace(let roots):
            return vi ? "không tìm thấy hồ sơ hội nghị nào (thư mục có conference.csv) trong \(roots.joined(separator: ", "))"
                      : "no conference workspace (a folder holding conference.csv) under \(roots.joined(separator: ", "))"
        case .severalYears(let counts):
            let list = counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", ")
            return vi ? "các hồ sơ thuộc nhiều năm ngân sách (\(list)): chọn một năm bằng --year"
                      : "the workspaces belong to several budget years (\(list)): choose one with --year"
        case .invariant(let b): return (vi ? "kiểm tra nội bộ không khớp: " : "internal check failed: ") + b.text(lang)
        case .money(let e): return e.message(lang)
        }
    }
}

public struct YearReport: Sendable {
    /// The budget year reported.
    public let year: Int
    /// The day the report is made (states are judged on it).
    public let date: CivilDate
    public let roots: [String]
    public let found: FoundWorkspaces
    /// In date order (then name, then folder).
    public let events: [YearEvent]
    /// In the order found.
    public let excluded: [ExcludedWorkspace]
    /// Workspaces of other budget years: year → count.
    public let otherYears: [Int: Int]
    /// Per tiểu mục and per mục, by code.
    public let budgetCodes: [YearGroup]
    public let budgetGroups: [YearGroup]
    public let total: SettlementFigures
    /// Invoices first, then voucher numbers, then persons; each in event order.
    public let findings: [CrossEventFinding]
    /// With `pit`: per person, by name; the calendar year is `year`.
    public let people: [PersonYear]?

    public func event(_ index: Int) -> YearEvent? { eventByIndex[index].map { events[$0] } }
    private let eventByIndex: [Int: Int]

    /// Whether anything needs attention: a workspace left out, or a finding of severity error.
    public var hasProblems: Bool { !excluded.isEmpty || findings.contains { $0.kind.severity == .error } }

    public struct Options: Sendable {
        public var year: Int?
        public var date: CivilDate
        public var pit: Bool
        public var settings: JournalSettings
        public var threads: Int?
        public var maxDepth: Int
        /// Catalogues rebuilt from approval snapshots, shared by the workers (most events use the same).
        public let snapshots = CatalogueSnapshotCache()
        public init(year: Int?, date: CivilDate, pit: Bool = false, settings: JournalSettings, threads: Int? = nil,
                    maxDepth: Int = WorkspaceFinder.maxDepth) {
            self.year = year; self.date = date; self.pit = pit; self.settings = settings; self.threads = threads; self.maxDepth = maxDepth
        }
    }

    /// Finds the workspaces under `roots` and builds the year's report.
    public static func build(roots: [String], _ o: Options) throws(YearReportError) -> YearReport {
        let found: FoundWorkspaces
        do { found = try WorkspaceFinder.find(roots, maxDepth: o.maxDepth) } catch { throw .input(error) }
        guard !found.workspaces.isEmpty else { throw .noWorkspace(roots) }
        return try build(found, roots: roots, o)
    }

    /// Builds the report over workspaces already found.
    public static func build(_ found: FoundWorkspaces, roots: [String], _ options: Options) throws(YearReportError) -> YearReport {
        let paths = found.workspaces
        var withSnapshot = options
        // One read of a shared witness for every workspace (WitnessSnapshot), not one each.
        if withSnapshot.settings.witness != nil && withSnapshot.settings.witnessSnapshot == nil {
            withSnapshot.settings.witnessSnapshot = WitnessSnapshot.read(withSnapshot.settings.witness)
        }
        let o = withSnapshot
        let acc = YearAccumulator(pit: o.pit)
        let threads = max(1, min(o.threads ?? ProcessInfo.processInfo.activeProcessorCount, paths.count))
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let i = next.take(below: paths.count) {
                acc.add(EventReader.read(paths[i], index: i, o))
            }
        }
        let year: Int
        if let y = o.year { year = y } else {
            guard acc.years.count <= 1 else { throw .severalYears(acc.years) }
            year = acc.years.keys.first ?? o.date.year
        }
        return try acc.finish(year: year, found: found, roots: roots, o)
    }

    init(year: Int, date: CivilDate, roots: [String], found: FoundWorkspaces, events: [YearEvent], excluded: [ExcludedWorkspace],
         otherYears: [Int: Int], budgetCodes: [YearGroup], budgetGroups: [YearGroup], total: SettlementFigures,
         findings: [CrossEventFinding], people: [PersonYear]?) {
        self.year = year; self.date = date; self.roots = roots; self.found = found; self.events = events; self.excluded = excluded
        self.otherYears = otherYears; self.budgetCodes = budgetCodes; self.budgetGroups = budgetGroups; self.total = total
        self.findings = findings; self.people = people
        eventByIndex = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($1.index, $0) })
    }
}

/// Hands out 0, 1, 2 … to the workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < n else { return nil }
        value += 1
        return value - 1
    }
}

// MARK: - One workspace

/// What one workspace gives the year.
enum EventOutcome {
    case included(YearEvent, EventParts)
    case excluded(ExcludedWorkspace)
    /// Of another budget year: its payments to people (with `--pit`: they may fall in the calendar year),
    /// or, when its journal fails verify, the workspace the PIT list could not read.
    case otherYear(Int, persons: [PersonKey: PersonSum], failed: ExcludedWorkspace?)
}

/// What an included event adds to the year besides its own row: its figures per tiểu mục and mục, its key
/// fingerprints and its payments to people.
struct EventParts {
    /// (tiểu mục, its mục, name, figures).
    var codes: [(String, String, Bilingual, SettlementFigures)] = []
    var groups: [(String, Bilingual, SettlementFigures)] = []
    var keys: [KeyEntry] = []
    var persons: [PersonKey: PersonSum] = [:]
}

/// A key of one record as a fingerprint: which check, the hash of the exact key, the event and the record.
/// 16 bytes: the kind is kept in the top two bits of the event's number (events are counted in the 10⁵, the
/// limit is 2³⁰).
struct KeyEntry {
    var fingerprint: UInt64
    private var eventAndKind: UInt32
    var seq: UInt32

    init(fingerprint: UInt64, event: UInt32, seq: UInt32, kind: UInt8) {
        precondition(event < 1 << 30 && kind < 4)
        self.fingerprint = fingerprint; self.seq = seq
        eventAndKind = event | UInt32(kind) << 30
    }

    var event: UInt32 { eventAndKind & (1 << 30 - 1) }
    var kind: UInt8 { UInt8(eventAndKind >> 30) }
}

/// A person in a calendar year of payment: their key (`KeyCollector.personKey`: payee_id, else the name).
struct PersonKey: Hashable {
    var year: Int
    var name: String
}

struct PersonSum {
    var name: String
    /// The payee_id the person is known by (nil: told apart by name).
    var id: String? = nil
    var gross: Int64 = 0
    var pit: Int64 = 0
    var payments = 0
}

enum EventReader {
    static func read(_ path: String, index: Int, _ o: YearReport.Options) -> EventOutcome {
        func left(_ why: ExcludedWorkspace.Why, _ reason: Bilingual, name: String? = nil, year: Int? = nil) -> ExcludedWorkspace {
            ExcludedWorkspace(index: index, path: path, why: why, reason: reason, name: name, fiscalYear: year)
        }
        func text(_ e: some Localized) -> Bilingual { Bilingual(vi: e.message(.vi), en: e.message(.en)) }
        func other(_ year: Int) -> Bool { o.year.map { $0 != year } ?? false }
        let ws: Workspace
        do { ws = try Workspace(path: path) } catch { return .excluded(left(.unreadable, text(error))) }
        // Not approved: the estimate only (conference.csv gives the facts).
        guard FileIO.exists(ws.file(ApprovedBudget.fileName)) else {
            let c: Conference
            do { c = try EstimateLoader.conference(ws) } catch { return .excluded(left(.unreadable, text(error))) }
            if other(c.fiscalYear) { return .otherYear(c.fiscalYear, persons: [:], failed: nil) }
            let e = YearEvent(index: index, path: path, name: c.name, organiser: c.organiser, eventDate: c.eventDate, fiscalYear: c.fiscalYear,
                              decisionNumber: nil, decisionDate: nil, adjustmentPeriodEnd: c.adjustmentPeriodEnd, state: .estimate,
                              figures: .zero, records: 0, anchor: nil, openAdvances: 0)
            return .included(e, EventParts())
        }
        let journal: Journal
        do { journal = try Journal.open(ws, settings: o.settings, snapshots: o.snapshots) } catch {
            // The year, if conference.csv still says it, decides whether the failure belongs to this report.
            let c = try? EstimateLoader.conference(ws)
            let w = left(.unreadable, text(error), name: c?.name, year: c?.fiscalYear)
            if let c, other(c.fiscalYear) { return .otherYear(c.fiscalYear, persons: [:], failed: o.pit ? w : nil) }
            return .excluded(w)
        }
        let b = journal.budget
        let otherYear = other(b.fiscalYear)
        // Another budget year counts only for the PIT list (its payments may be dated in this calendar year).
        if otherYear && !o.pit { return .otherYear(b.fiscalYear, persons: [:], failed: nil) }
        func failed(_ w: ExcludedWorkspace) -> EventOutcome {
            otherYear ? .otherYear(b.fiscalYear, persons: [:], failed: w) : .excluded(w)
        }
        let verified: (VerifyResult, Ledger?)
        do { verified = try journal.verifyWithLedger() } catch {
            return failed(left(.unreadable, text(error), name: b.conferenceName, year: b.fiscalYear))
        }
        guard verified.0.isOK, let ledger = verified.1 else {
            return failed(left(.failsVerify, Bilingual(vi: verified.0.message(.vi), en: verified.0.message(.en)), name: b.conferenceName, year: b.fiscalYear))
        }
        var parts = EventParts()
        do {
            try KeyCollector.collect(journal, ledger: ledger, event: index, keys: !otherYear, persons: o.pit, into: &parts)
        } catch {
            return failed(left(.unreadable, Bilingual(vi: "\(error)", en: "\(error)"), name: b.conferenceName, year: b.fiscalYear))
        }
        if otherYear { return .otherYear(b.fiscalYear, persons: parts.persons, failed: nil) }
        let s: Settlement
        do { s = try Settlement.build(ledger, draft: true) } catch {
            return .excluded(left(.unreadable, text(error), name: b.conferenceName, year: b.fiscalYear))
        }
        let open = ledger.openAdvances.count
        let state: EventState
        if open == 0 && o.date > b.adjustmentPeriodEnd { state = .settled }
        else if ledger.voucherCount == 0 && open == 0 { state = .approved }
        else { state = .spending }
        let catalogue = b.catalogue
        parts.codes = s.budgetCodes.map { ($0.key, catalogue.budgetCodes[$0.key]?.group ?? $0.key, $0.name, $0.figures) }
        parts.groups = s.budgetGroups.map { ($0.key, $0.name, $0.figures) }
        var e = YearEvent(index: index, path: path, name: b.conferenceName, organiser: b.organiser, eventDate: b.eventDate, fiscalYear: b.fiscalYear,
                          decisionNumber: b.decisionNumber, decisionDate: b.decisionDate, adjustmentPeriodEnd: b.adjustmentPeriodEnd,
                          state: state, figures: s.total.figures, records: s.recordCount, anchor: s.anchor, openAdvances: open)
        e.sourcesChanged = verified.0.sources.map(\.file)
        return .included(e, parts)
    }
}
