import KinhPhiCore
import KinhPhiAppraisal
import KinhPhiJournal

// The voucher list (bảng kê chứng từ thanh toán, Treasury style; NĐ 11/2020/NĐ-CP Annex II form 07 is the
// model — its exact column layout is an open question, docs/settlement.md): every record that counts in
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
