import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiJournal

// The year being summed while the workers read the workspaces (one lock; each worker adds one event at a
// time, which is quick beside reading it), then put in order, checked and finished: the findings across
// events confirmed on their exact keys.

final class YearAccumulator: @unchecked Sendable {
    private let lock = NSLock()
    let pit: Bool
    private(set) var events: [YearEvent] = []
    private(set) var excluded: [ExcludedWorkspace] = []
    /// Workspaces of other years left out of the PIT list (their journal fails verify).
    private(set) var excludedFromPIT: [ExcludedWorkspace] = []
    /// Budget year → workspaces included (every event when no year was asked for).
    private(set) var years: [Int: Int] = [:]
    private(set) var otherYears: [Int: Int] = [:]
    private var total = SettlementFigures.zero
    /// Per tiểu mục / mục: figures, its mục, its name (from the event found first: the lowest index), events.
    private var codes: [String: GroupSum] = [:]
    private var groups: [String: GroupSum] = [:]
    private var keys: [KeyEntry] = []
    private var persons: [PersonKey: (PersonSum, events: Set<Int>, first: Int)] = [:]
    private var overflow: MoneyError? = nil

    struct GroupSum {
        var group: String
        var name: Bilingual
        var nameFrom: Int
        var figures: SettlementFigures
        var events: Int
    }

    init(pit: Bool) { self.pit = pit }

    func add(_ outcome: EventOutcome) {
        lock.lock(); defer { lock.unlock() }
        switch outcome {
        case .included(let e, let parts):
            events.append(e)
            years[e.fiscalYear, default: 0] += 1
            do {
                total = try total + e.figures
                for (code, group, name, f) in parts.codes { try add(&codes, code, group: group, name: name, f, event: e.index) }
                for (code, name, f) in parts.groups { try add(&groups, code, group: code, name: name, f, event: e.index) }
            } catch {
                overflow = error
            }
            keys += parts.keys
            merge(parts.persons, event: e.index)
        case .excluded(let w):
            excluded.append(w)
        case .otherYear(let y, let ps, let failed):
            otherYears[y, default: 0] += 1
            if var failed { failed.otherYear = true; excludedFromPIT.append(failed) }
            merge(ps, event: -1)
        }
    }

    private func add(_ table: inout [String: GroupSum], _ code: String, group: String, name: Bilingual, _ f: SettlementFigures,
                     event: Int) throws(MoneyError) {
        if var g = table[code] {
            g.figures = try g.figures + f
            g.events += 1
            if event < g.nameFrom { g.name = name; g.nameFrom = event; g.group = group }
            table[code] = g
        } else {
            table[code] = GroupSum(group: group, name: name, nameFrom: event, figures: f, events: 1)
        }
    }

    /// `event` is the index of an event of the year, or -1 for one of another budget year (its payments
    /// count for the person, not as an event of the report).
    private func merge(_ ps: [PersonKey: PersonSum], event: Int) {
        for (k, v) in ps {
            let order = event < 0 ? Int.max : event
            if var p = persons[k] {
                p.0.gross += v.gross; p.0.pit += v.pit; p.0.payments += v.payments
                if order < p.first { p.0.name = v.name; p.first = order }
                if event >= 0 { p.events.insert(event) }
                persons[k] = p
            } else {
                persons[k] = (v, event >= 0 ? [event] : [], order)
            }
        }
    }

    // MARK: finishing

    func finish(year: Int, found: FoundWorkspaces, roots: [String], _ o: YearReport.Options) throws(YearReportError) -> YearReport {
        if let e = overflow { throw .money(e) }
        // With no year asked for, every event was read: keep the year's (all of them, when there is one).
        let inYear = events.filter { $0.fiscalYear == year }
        var others = otherYears
        for e in events where e.fiscalYear != year { others[e.fiscalYear, default: 0] += 1 }
        let sorted = inYear.sorted { a, b in
            if a.eventDate != b.eventDate { return a.eventDate < b.eventDate }
            if a.name != b.name { return a.name < b.name }
            return a.path < b.path
        }
        let codeList = codes.keys.sorted().map { k in
            let g = codes[k]!
            return YearGroup(key: k, group: g.group, name: g.name, figures: g.figures, events: g.events)
        }
        let groupList = groups.keys.sorted().map { k in
            let g = groups[k]!
            return YearGroup(key: k, group: k, name: g.name, figures: g.figures, events: g.events)
        }
        // Σ events = Σ tiểu mục = Σ mục = the total, for every figure.
        do {
            var byEvents = SettlementFigures.zero, byCodes = SettlementFigures.zero, byGroups = SettlementFigures.zero
            for e in sorted { byEvents = try byEvents + e.figures }
            for g in codeList { byCodes = try byCodes + g.figures }
            for g in groupList { byGroups = try byGroups + g.figures }
            guard byEvents == total, byCodes == total, byGroups == total else {
                throw YearReportError.invariant(Bilingual(vi: "tổng theo hội nghị, theo tiểu mục và theo mục không bằng nhau",
                                                          en: "the totals by event, by tiểu mục and by mục differ"))
            }
            for f in [total] {
                guard try f.actual + f.outstanding + f.toRepay + f.toCancel == (try f.approved + f.beyond) else {
                    throw YearReportError.invariant(Bilingual(vi: "thực chi + tạm ứng + nộp trả + hủy dự toán ≠ dự toán được duyệt",
                                                              en: "actual + open advances + to repay + to cancel ≠ approved"))
                }
            }
        } catch let e as YearReportError { throw e } catch let e as MoneyError { throw .money(e) } catch {
            throw .invariant(Bilingual(vi: "\(error)", en: "\(error)"))
        }
        let findings = CrossEventCheck.findings(keys, events: sorted, o)
        var people: [PersonYear]? = nil
        if pit {
            var list: [(String, PersonYear)] = []
            let order = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.index, $0) })
            for (k, v) in persons where k.year == year {
                let evs = v.events.filter { order[$0] != nil }.sorted { order[$0]! < order[$1]! }
                guard let gross = try? Money(dong: v.0.gross), let p = try? Money(dong: v.0.pit) else { throw .money(.overflow(operation: "Σ PIT")) }
                list.append((k.name, PersonYear(name: v.0.name, byName: v.0.id == nil, payeeID: v.0.id, gross: gross, pit: p, payments: v.0.payments, events: evs)))
            }
            people = list.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let excludedAll = (excluded + excludedFromPIT).sorted { $0.index < $1.index }
        return YearReport(year: year, date: o.date, roots: roots, found: found, events: sorted, excluded: excludedAll,
                          otherYears: others, budgetCodes: codeList, budgetGroups: groupList, total: total, findings: findings, people: people)
    }
}
