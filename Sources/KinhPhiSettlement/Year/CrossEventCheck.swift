import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiJournal

// The checks across events: fingerprints found in two or more events are candidates; the events involved
// are read again (only those), the candidate records decoded and their exact keys compared, so that only
// keys equal byte for byte make a finding (a 64-bit collision never does). Each finding names every event
// holding the key and, in each, the first record holding it and how many do.

enum CrossEventCheck {
    struct Wanted: Hashable {
        let event: Int
        let seq: Int
        let kind: UInt8
    }

    struct Detail {
        let key: [UInt8]
        let voucher: Voucher
        let lineKind: ItemKind?
    }

    static func findings(_ entries: [KeyEntry], events: [YearEvent], _ o: YearReport.Options) -> [CrossEventFinding] {
        guard !entries.isEmpty else { return [] }
        let keys = entries.sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
            if a.event != b.event { return a.event < b.event }
            return a.seq < b.seq
        }
        // Runs of one fingerprint held by two or more events: (kind, [(event, first seq, records)]).
        var candidates: [(UInt8, [(Int, Int, Int)])] = []
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count && keys[j].kind == keys[i].kind && keys[j].fingerprint == keys[i].fingerprint { j += 1 }
            if keys[j - 1].event != keys[i].event {
                var per: [(Int, Int, Int)] = []
                for k in i..<j {
                    if let last = per.last, last.0 == Int(keys[k].event) { per[per.count - 1].2 += 1 }
                    else { per.append((Int(keys[k].event), Int(keys[k].seq), 1)) }
                }
                candidates.append((keys[i].kind, per))
            }
            i = j
        }
        guard !candidates.isEmpty else { return [] }
        // Read the events involved again, decoding only the records wanted.
        var wantedBuild: [Int: [Int: Set<UInt8>]] = [:]
        for (kind, per) in candidates { for (e, seq, _) in per { wantedBuild[e, default: [:]][seq, default: []].insert(kind) } }
        let wanted = wantedBuild
        let byIndex = Dictionary(uniqueKeysWithValues: events.map { ($0.index, $0) })
        let involved = wanted.keys.sorted()
        let details = DetailTable()
        let next = Counter()
        let threads = max(1, min(o.threads ?? ProcessInfo.processInfo.activeProcessorCount, involved.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let n = next.take(below: involved.count) {
                let e = involved[n]
                guard let ev = byIndex[e], let want = wanted[e] else { continue }
                details.add(read(ev, want, o), event: e)
            }
        }
        // Confirm on the exact keys.
        let order = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($1.index, $0) })
        var out: [(Int, CrossEventFinding)] = []
        for (kind, per) in candidates {
            var groups: [[UInt8]: [(Int, Int, Int, Detail)]] = [:]
            for (e, seq, n) in per {
                guard let d = details.get(Wanted(event: e, seq: seq, kind: kind)) else { continue }
                groups[d.key, default: []].append((e, seq, n, d))
            }
            for (_, occ) in groups {
                let evs = Set(occ.map(\.0))
                guard evs.count >= 2, let k = KeyKind(rawValue: kind) else { continue }
                let sortedOcc = occ.sorted { (order[$0.0] ?? Int.max, $0.1) < (order[$1.0] ?? Int.max, $1.1) }
                let first = sortedOcc[0].3
                let finding = CrossEventFinding(
                    kind: k.findingKind, label: label(k, first), workKind: k == .personDay ? first.lineKind : nil, byName: k == .personDay && first.voucher.payeeID == nil,
                    occurrences: sortedOcc.map { e, seq, n, d in
                        FindingOccurrence(event: e, seq: seq, records: n, voucherNumber: d.voucher.voucherNumber, date: d.voucher.date,
                                          payee: d.voucher.payee, line: d.voucher.line, kind: d.voucher.kind, amount: d.voucher.amount)
                    })
                out.append((order[sortedOcc[0].0] ?? Int.max, finding))
            }
        }
        let kindOrder: [CrossEventFinding.Kind: Int] = [.invoice: 0, .voucherNumber: 1, .personDay: 2]
        return out.sorted { a, b in
            let ka = kindOrder[a.1.kind]!, kb = kindOrder[b.1.kind]!
            if ka != kb { return ka < kb }
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1.occurrences[0].seq != b.1.occurrences[0].seq { return a.1.occurrences[0].seq < b.1.occurrences[0].seq }
            return a.1.label < b.1.label
        }.map(\.1)
    }

    /// The key as people read it, from the first occurrence's voucher as recorded.
    static func label(_ k: KeyKind, _ d: Detail) -> String {
        let v = d.voucher
        switch k {
        case .invoice: return [v.taxCode ?? "", v.invoiceSeries ?? "", v.invoiceNumber ?? ""].joined(separator: " · ")
        case .voucherNumber: return v.voucherNumber ?? ""
        case .personDay: return "\(v.payee) · \(v.date)"
        }
    }

    /// The wanted records of one event, decoded, with their exact keys.
    static func read(_ ev: YearEvent, _ want: [Int: Set<UInt8>], _ o: YearReport.Options) -> [Wanted: Detail] {
        var out: [Wanted: Detail] = [:]
        guard let ws = try? Workspace(path: ev.path), let journal = try? Journal.open(ws, settings: o.settings, snapshots: o.snapshots) else { return out }
        let unit = KeyCollector.unitPrefix(journal.budget.organiser)
        // Every line any approval version knows (a line an adjustment added included), by code.
        var kindOf: [String: ItemKind] = [:]
        for l in journal.budget.lines { kindOf[l.code] = l.kind }
        if want.values.contains(where: { $0.contains(KeyKind.personDay.rawValue) }), let ledger = try? journal.ledger() {
            for l in ledger.knownLines { kindOf[l.code] = l.kind }
        }
        _ = try? journal.forEachRecord { r in
            guard let kinds = want[r.seq], case .voucher(let v) = r.body else { return }
            let lineKind = kindOf[v.line]
            for kind in kinds {
                var key: [UInt8]? = nil
                switch KeyKind(rawValue: kind) {
                case .invoice?: key = RecordKeys.invoice(v)
                case .voucherNumber?: key = v.voucherNumber.map { unit + RecordKeys.voucherNumber($0) }
                case .personDay?:
                    if let lk = lineKind {
                        var k: [UInt8] = []
                        KeyCollector.personDayKey(payeeID: v.payeeType == .individual ? v.payeeID : nil, name: v.payee,
                                                  packedDate: KeyCollector.packed(v.date), kind: lk, into: &k)
                        key = k
                    }
                case nil: break
                }
                if let key { out[Wanted(event: ev.index, seq: r.seq, kind: kind)] = Detail(key: key, voucher: v, lineKind: lineKind) }
            }
        }
        return out
    }

    final class DetailTable: @unchecked Sendable {
        private let lock = NSLock()
        private var table: [Wanted: Detail] = [:]
        func add(_ d: [Wanted: Detail], event: Int) {
            lock.lock(); defer { lock.unlock() }
            table.merge(d) { a, _ in a }
        }
        func get(_ w: Wanted) -> Detail? {
            lock.lock(); defer { lock.unlock() }
            return table[w]
        }
    }
}
