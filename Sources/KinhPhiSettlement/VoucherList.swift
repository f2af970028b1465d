import Foundation
import KinhPhiCore
import KinhPhiAppraisal
import KinhPhiJournal

// The voucher list (bảng kê chứng từ thanh toán, Treasury style; docs/settlement-csv.md): every record that
// counts in the actual figure — payments, clearings (positive) and refunds (negative) — not reversed, in
// date order (voucher date, then journal order) or in journal order. Its total equals the settlement's
// actual total (checked by the exporter before anything is written). Streamed: a million vouchers never sit
// in memory at once — the date order is planned from the ledger's compact dates (`VoucherOrdering`).

public struct VoucherListEntry: Sendable {
    public let stt: Int
    public let seq: Int
    public let voucher: Voucher
    public let budgetCode: String
    /// Signed: refunds are negative.
    public let amount: Money
}

public enum VoucherList {
    /// Every effective record, decoded, in date order (voucher date, then journal order) or journal order,
    /// numbered in that order; returns them with the list's total. For documents (a list a person reads);
    /// the CSV export streams instead.
    public static func entries(_ journal: Journal, ledger: Ledger, order: VoucherOrder) throws -> (entries: [VoucherListEntry], total: Money) {
        var all: [VoucherListEntry] = []
        let total = try forEach(journal, ledger: ledger) { all.append($0) }
        if order == .date {
            all = all.enumerated().sorted { a, b in
                let da = a.element.voucher.date, db = b.element.voucher.date
                return da != db ? da < db : a.offset < b.offset
            }.map(\.element)
        }
        return (all.enumerated().map { i, e in VoucherListEntry(stt: i + 1, seq: e.seq, voucher: e.voucher, budgetCode: e.budgetCode, amount: e.amount) }, total)
    }

    /// Calls `body` for each effective record in order; returns the list's total.
    @discardableResult
    public static func forEach(_ journal: Journal, ledger: Ledger, _ body: (VoucherListEntry) throws -> Void) throws -> Money {
        var stt = 0
        var total = Money.zero
        try journal.forEachRecord { r in
            guard ledger.isEffective(r.seq), case .voucher(let v) = r.body else { return }
            let signed = v.kind == .refund ? -v.amount : v.amount
            stt += 1
            total = try total + signed
            try body(VoucherListEntry(stt: stt, seq: r.seq, voucher: v, budgetCode: ledger.line(v.line)?.line.budgetCode ?? "", amount: signed))
        }
        return total
    }

    /// An advance and, when it was cleared (and the clearing not reversed), its clearing.
    public struct AdvanceWithClearing: Sendable {
        public let advanceSeq: Int
        public let advance: Voucher
        public let clearing: (seq: Int, voucher: Voucher)?
    }

    /// The advance (not reversed) whose voucher number is `number` — or the advance a clearing numbered
    /// `number` clears —, with its clearing when there is one. Numbers compare after trimming, ignoring case.
    public static func advance(_ journal: Journal, number: String) throws -> AdvanceWithClearing {
        func key(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespaces).uppercased() } }
        let wanted = key(number)
        var advances: [Int: Voucher] = [:]
        var clearings: [Int: (Int, Voucher)] = [:]          // by the advance's seq
        var reversed = Set<Int>()
        var named: [Int] = []                               // advances named by the number, directly or through a clearing
        try journal.forEachRecord { r in
            switch r.body {
            case .voucher(let v) where v.kind == .advance:
                advances[r.seq] = v
                if key(v.voucherNumber) == wanted { named.append(r.seq) }
            case .voucher(let v) where v.kind == .clearing:
                if let a = v.clears {
                    clearings[a] = (r.seq, v)
                    if key(v.voucherNumber) == wanted { named.append(a) }
                }
            case .reversal(let of, _): reversed.insert(of)
            default: break
            }
        }
        guard let seq = named.last(where: { !reversed.contains($0) }), let v = advances[seq] else { throw SettlementError.unknownAdvance(number) }
        let c = clearings[seq].flatMap { reversed.contains($0.0) ? nil : $0 }
        return AdvanceWithClearing(advanceSeq: seq, advance: v, clearing: c.map { (seq: $0.0, voucher: $0.1) })
    }

    /// The records behind one line's actual figure (`kinhphi explain`): every record on the line, with
    /// whether it counts, and the reversals that cancel the ones that do not.
    public struct Explained: Sendable {
        public let record: JournalRecord
        public let counts: Bool
        /// Signed contribution to the line's actual figure (0 for advances, reversals and reversed records).
        public let contribution: Money
        public let reversedBy: Int?
    }

    public static func explain(_ journal: Journal, ledger: Ledger, line code: String) throws -> [Explained] {
        guard ledger.line(code) != nil else { throw SettlementError.unknownLine(code) }
        var onLine: [JournalRecord] = []
        var seqs = Set<Int>()
        var reversedBy: [Int: Int] = [:]
        var reversals: [JournalRecord] = []
        try journal.forEachRecord { r in
            switch r.body {
            case .voucher(let v) where v.line == code:
                onLine.append(r); seqs.insert(r.seq)
            case .reversal(let of, _) where seqs.contains(of):
                reversedBy[of] = r.seq; reversals.append(r)
            default: break
            }
        }
        var out: [Explained] = []
        for r in (onLine + reversals).sorted(by: { $0.seq < $1.seq }) {
            let counts = ledger.isEffective(r.seq)
            var contribution = Money.zero
            if counts, case .voucher(let v) = r.body { contribution = v.kind == .refund ? -v.amount : v.amount }
            out.append(Explained(record: r, counts: counts, contribution: contribution, reversedBy: reversedBy[r.seq]))
        }
        return out
    }
}

// MARK: - Streaming (the CSV export of a million vouchers)

/// One entry of the voucher list seen in place, for the CSV export: valid only during the call.
public struct VoucherListRow {
    /// 1, 2, 3 … in the list's order.
    public let stt: Int
    /// The record (seq, line index, text fields as bytes).
    public let record: RecordView
    /// Signed: refunds are negative.
    public let amount: Int64
}

/// Receives the entries of one part of the journal, on a worker thread (`VoucherList.stream`).
public protocol VoucherListSink: AnyObject {
    func take(_ row: VoucherListRow)
}

/// The order of the voucher list.
public enum VoucherOrder: String, Sendable, CaseIterable {
    /// By voucher date, then journal order (the Treasury's list; the default).
    case date
    /// As recorded.
    case journal
}

/// Where each effective record goes in the list, planned from the ledger alone (no pass over the journal).
///
/// The journal is nearly in date order: vouchers are recorded about when they are dated. A record is
/// **late** when an earlier effective record has a later date (it was recorded after a later-dated voucher:
/// a correction, a voucher found later). Leaving the late records out, the others are in (date, seq) order
/// already; the late ones, usually a handful, are sorted on their own and merged in: that gives every
/// record its number in the list (`stt`) before anything is read. The export then streams the journal once
/// and writes each row as soon as every row numbered before it is written, holding back only the rows
/// that arrive before a late row they must follow (`maxHeldBack` of them at most). When that could be
/// many (a voucher dated far back, recorded long after), it makes two passes instead: the late rows first,
/// kept aside, then the others — never holding the list in memory.
public struct VoucherOrdering: Sendable {
    /// Per seq (index = seq): the record's number in the list (1, 2, 3 …), 0 when it is not in it.
    public let stt: [Int32]
    /// Per seq: whether the record is late (written from the first pass).
    public let isLate: [Bool]
    /// The late records' seqs in list order.
    public let late: [Int32]
    public let count: Int
    /// The most rows a single streamed pass holds back at once: rows that arrive before a late row they
    /// must follow (an upper bound: the late row's place in the journal minus its place in the list).
    public let maxHeldBack: Int

    public init(_ ledger: Ledger, order: VoucherOrder) {
        let n = ledger.recordCount
        var stt = [Int32](repeating: 0, count: n + 1)
        var isLate = [Bool](repeating: false, count: n + 1)
        var late: [(date: Int32, seq: Int32)] = []
        var count: Int32 = 0
        var maxDate: Int32 = 0
        for seq in stride(from: 1, through: n, by: 1) where ledger.isEffective(seq) {
            count += 1
            let d = ledger.packedDate(seq)
            if order == .date && d < maxDate {
                isLate[seq] = true
                late.append((d, Int32(seq)))
            } else {
                maxDate = max(maxDate, d)
            }
        }
        if late.isEmpty {
            var k: Int32 = 0
            for seq in stride(from: 1, through: n, by: 1) where ledger.isEffective(seq) { k += 1; stt[seq] = k }
        } else {
            late.sort { $0.date != $1.date ? $0.date < $1.date : $0.seq < $1.seq }
            // Merge the in-order records with the sorted late ones by (date, seq).
            var k: Int32 = 0, j = 0
            for seq in stride(from: 1, through: n, by: 1) where ledger.isEffective(seq) && !isLate[seq] {
                let d = ledger.packedDate(seq)
                while j < late.count && (late[j].date < d || (late[j].date == d && Int(late[j].seq) < seq)) {
                    k += 1; stt[Int(late[j].seq)] = k; j += 1
                }
                k += 1; stt[seq] = k
            }
            while j < late.count { k += 1; stt[Int(late[j].seq)] = k; j += 1 }
        }
        // Held back when late record j arrives: at most (its place among the effective records in journal
        // order) − (its number in the list).
        var held = 0
        if !late.isEmpty {
            var place = 0
            for seq in stride(from: 1, through: n, by: 1) where ledger.isEffective(seq) {
                place += 1
                if isLate[seq] { held = max(held, place - Int(stt[seq])) }
            }
        }
        self.stt = stt
        self.isLate = isLate
        self.late = late.map(\.seq)
        self.count = Int(count)
        self.maxHeldBack = held
    }
}

/// Which records a pass streams.
public enum VoucherPass: Sendable {
    /// Every effective record.
    case all
    /// Only the late ones (`VoucherOrdering.isLate`).
    case late
    /// All but the late ones.
    case inOrder
}

extension VoucherList {
    /// The entries streamed on all cores without decoding records (`Journal.streamRecords`), numbered by
    /// `ordering`, in journal order, restricted to `pass`: `makeSink` is called once per core, `drain`
    /// gets the sinks in journal order and must empty them. For a journal that has passed `verify` (the
    /// ledger is the verified one); returns the total of the records streamed.
    @discardableResult
    public static func stream<S: VoucherListSink>(_ journal: Journal, ledger: Ledger, ordering: VoucherOrdering, pass: VoucherPass = .all,
                                                  threads: Int? = nil, makeSink: () -> S, drain: (S) throws -> Void) throws -> Money {
        var total: Int64 = 0
        var overflow = false
        try journal.streamRecords(threads: threads, makeSink: { VoucherListFilter(inner: makeSink(), ledger: ledger, ordering: ordering, pass: pass) }) { f in
            let (s, o) = total.addingReportingOverflow(f.sum)
            total = s
            overflow = overflow || o || f.overflow
            f.sum = 0
            try drain(f.inner)
        }
        guard !overflow, let money = try? Money(dong: total) else { throw SettlementError.money(.overflow(operation: "Σ voucher list")) }
        return money
    }

    /// Journal order, every entry (as before the date order existed).
    @discardableResult
    public static func stream<S: VoucherListSink>(_ journal: Journal, ledger: Ledger, threads: Int? = nil,
                                                  makeSink: () -> S, drain: (S) throws -> Void) throws -> Money {
        try stream(journal, ledger: ledger, ordering: VoucherOrdering(ledger, order: .journal), threads: threads, makeSink: makeSink, drain: drain)
    }
}

/// Keeps the records that count in the actual figure and numbers them (one per worker).
final class VoucherListFilter<S: VoucherListSink>: RecordStreamSink, @unchecked Sendable {
    let inner: S
    let ledger: Ledger
    let stt: [Int32]
    let isLate: [Bool]
    let pass: VoucherPass
    var sum: Int64 = 0
    var overflow = false

    init(inner: S, ledger: Ledger, ordering: VoucherOrdering, pass: VoucherPass) {
        self.inner = inner; self.ledger = ledger; self.stt = ordering.stt; self.isLate = ordering.isLate; self.pass = pass
    }

    func take(_ r: RecordView) {
        guard r.seq < stt.count, ledger.isEffective(r.seq), let kind = r.kind else { return }
        switch pass {
        case .all: break
        case .late: guard isLate[r.seq] else { return }
        case .inOrder: guard !isLate[r.seq] else { return }
        }
        let signed = kind == .refund ? -r.amount : r.amount
        let (s, o) = sum.addingReportingOverflow(signed)
        sum = s
        if o { overflow = true }
        inner.take(VoucherListRow(stt: Int(stt[r.seq]), record: r, amount: signed))
    }
}
