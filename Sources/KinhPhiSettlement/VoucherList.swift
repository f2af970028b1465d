import KinhPhiCore
import KinhPhiAppraisal
import KinhPhiJournal

// The voucher list (bảng kê chứng từ thanh toán, Treasury style; NĐ 11/2020/NĐ-CP Annex II form 07 is the
// model — its exact column layout is an open question, docs/settlement-csv.md): every record that counts in
// the actual figure — payments, clearings (positive) and refunds (negative) — not reversed, in journal
// order. Its total equals the settlement's actual total (checked by the exporter before anything is
// written). Streamed: a million vouchers never sit in memory at once.

public struct VoucherListEntry: Sendable {
    public let stt: Int
    public let seq: Int
    public let voucher: Voucher
    public let budgetCode: String
    /// Signed: refunds are negative.
    public let amount: Money
}

public enum VoucherList {
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
            try body(VoucherListEntry(stt: stt, seq: r.seq, voucher: v, budgetCode: ledger.budget.line(v.line)?.budgetCode ?? "", amount: signed))
        }
        return total
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
    /// 1, 2, 3 … in journal order.
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

extension VoucherList {
    /// The same entries as `forEach`, streamed on all cores without decoding records (`Journal.streamRecords`):
    /// `makeSink` is called once per core, `drain` gets the sinks in journal order and must empty them.
    /// For a journal that has passed `verify` (the ledger is the verified one); returns the list's total.
    @discardableResult
    public static func stream<S: VoucherListSink>(_ journal: Journal, ledger: Ledger, threads: Int? = nil,
                                                  makeSink: () -> S, drain: (S) throws -> Void) throws -> Money {
        // stt of each effective record, by seq (computed once: the parts run side by side).
        var stt = [Int32](repeating: 0, count: ledger.recordCount + 1)
        var n: Int32 = 0
        for seq in stride(from: 1, through: ledger.recordCount, by: 1) where ledger.isEffective(seq) {
            n += 1
            stt[seq] = n
        }
        var total: Int64 = 0
        var overflow = false
        try journal.streamRecords(threads: threads, makeSink: { VoucherListFilter(inner: makeSink(), ledger: ledger, stt: stt) }) { f in
            let (s, o) = total.addingReportingOverflow(f.sum)
            total = s
            overflow = overflow || o || f.overflow
            f.sum = 0
            try drain(f.inner)
        }
        guard !overflow, let money = try? Money(dong: total) else { throw SettlementError.money(.overflow(operation: "Σ voucher list")) }
        return money
    }
}

/// Keeps the records that count in the actual figure and numbers them (one per worker).
final class VoucherListFilter<S: VoucherListSink>: RecordStreamSink, @unchecked Sendable {
    let inner: S
    let ledger: Ledger
    let stt: [Int32]
    var sum: Int64 = 0
    var overflow = false

    init(inner: S, ledger: Ledger, stt: [Int32]) { self.inner = inner; self.ledger = ledger; self.stt = stt }

    func take(_ r: RecordView) {
        guard r.seq < stt.count, ledger.isEffective(r.seq), let kind = r.kind else { return }
        let signed = kind == .refund ? -r.amount : r.amount
        let (s, o) = sum.addingReportingOverflow(signed)
        sum = s
        if o { overflow = true }
        inner.take(VoucherListRow(stt: Int(stt[r.seq]), record: r, amount: signed))
    }
}
