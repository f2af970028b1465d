import KinhPhiCore

// The ledger: where each approved line stands, from one pass over the journal. Settlement and status read
// it. Arithmetic (docs/journal.md §Ledger):
//   paid                = payments + clearings − refunds            (reversed records left out)
//   advancedOutstanding = advances not cleared                       (reversed records left out)
//   remaining           = approved − paid − advancedOutstanding      (negative = over the approved amount)
// A clearing clears its advance entirely; the clearing's amount is the actual expense.
// Money drawn from the Treasury (docs/settlement-csv.md §Drawn; the settlement's to repay and to cancel):
//   drawn               = payments + advances + what a clearing paid beyond its advance   (reversed left out)
//   returned            = refunds (money already paid back to the budget)
//   advanceUnspent      = Σ over cleared advances of max(0, advance − clearing)
// so that drawn − returned − paid = advanceUnspent + advancedOutstanding.

/// One approved line's position.
public struct LedgerLine: Sendable {
    public let line: ApprovedLine
    public let paid: Money
    public let advancedOutstanding: Money
    public let remaining: Money
    /// Effective payments, clearings and refunds on the line.
    public let voucherCount: Int
    /// Their seqs, in journal order: the records behind `paid`.
    public let records: [Int]
    /// Money drawn for the line: payments, advances (open or cleared), and what a clearing paid beyond its
    /// advance. Reversed records left out.
    public let drawn: Money
    /// Refunds: money already paid back to the budget.
    public let returned: Money
    /// The unspent part of the cleared advances: Σ max(0, advance − clearing).
    public let advanceUnspent: Money

    public var code: String { line.code }
    public var approved: Money { line.approved }
    /// paid + advances not cleared.
    public var used: Money { (try? paid + advancedOutstanding) ?? paid }
    /// used / approved, in %, rounded by rule R3 (nil when nothing was approved).
    public var usedPercent: Quantity? { Rounding.percent(used, of: line.approved) }
    public var isOver: Bool { remaining.isNegative }
}

/// An advance not yet cleared.
public struct OpenAdvance: Sendable, Hashable {
    public let seq: Int
    public let date: CivilDate
    public let lineCode: String
    public let payee: String
    public let voucherNumber: String?
    public let contractNumber: String?
    public let amount: Money
    /// The last day to clear it: the end of the month after the advance; nil for an advance on a contract
    /// (cleared on the contract's acceptance).
    public let deadline: CivilDate?

    /// Whether it is past its deadline on `date`.
    public func isOverdue(asOf date: CivilDate) -> Bool { deadline.map { date > $0 } ?? false }
}

public struct Ledger: Sendable {
    public let budget: ApprovedBudget
    /// In the approved budget's order.
    public let lines: [LedgerLine]
    public let approved: Money
    public let paid: Money
    public let advancedOutstanding: Money
    public let remaining: Money
    /// Oldest first.
    public let openAdvances: [OpenAdvance]
    /// Records in the journal (vouchers and reversals).
    public let recordCount: Int
    /// Hash of the last record (of approved.json when the journal is empty).
    public let lastHash: SHA256Digest
    /// Per seq: 1 when the record counts in `paid` (an effective payment, clearing or refund).
    private let effective: [Bool]
    /// Per seq: the voucher date as yyyymmdd (0 for a reversal).
    private let dates: [Int32]
    private let lineByCode: [String: Int]

    public var used: Money { (try? paid + advancedOutstanding) ?? paid }
    public var usedPercent: Quantity? { Rounding.percent(used, of: approved) }
    public var voucherCount: Int { lines.reduce(0) { $0 + $1.voucherCount } }

    /// Whether record `seq` counts in the lines' paid amounts (payments, clearings, refunds not reversed).
    public func isEffective(_ seq: Int) -> Bool { seq >= 1 && seq <= effective.count && effective[seq - 1] }

    /// Record `seq`'s voucher date as yyyymmdd (0 for a reversal or a seq out of range).
    public func packedDate(_ seq: Int) -> Int32 { seq >= 1 && seq <= dates.count ? dates[seq - 1] : 0 }

    public func line(_ code: String) -> LedgerLine? { lineByCode[code].map { lines[$0] } }

    /// Open advances past their deadline on `date`.
    public func overdueAdvances(asOf date: CivilDate) -> [OpenAdvance] { openAdvances.filter { $0.isOverdue(asOf: date) } }

    /// Warnings for the status report: overdue advances (ADVANCE-OVERDUE) and lines over their approved
    /// amount (LINE-OVER, possible under the warn and ignore policies).
    public func findings(asOf date: CivilDate) -> [Finding] {
        var out: [Finding] = []
        for a in openAdvances {
            if let f = AdvanceOverdue().check(a, asOf: date) { out.append(f) }
        }
        for l in lines where l.isOver {
            out.append(Finding(ruleID: "LINE-OVER", severity: .warning, lineCode: l.code,
                message: Bilingual(vi: "dòng \(l.code) đã dùng \(vnd(l.used)), vượt dự toán được duyệt \(vnd(l.approved)) là \(vnd(-l.remaining)) (chế độ \(l.line.policy.rawValue))",
                                   en: "line \(l.code) has used \(eng(l.used)), \(eng(-l.remaining)) over the approved \(eng(l.approved)) (policy \(l.line.policy.rawValue))"),
                basis: RecordingRules.budgetLawBasis))
        }
        return out
    }

    init(state: JournalState) throws(JournalError) {
        let b = state.budget
        budget = b
        func money(_ v: Int64) throws(JournalError) -> Money {
            do { return try Money(dong: v) } catch {
                throw .broken(BadRecord(line: state.lastSeq, problem: .totalsExceedLimit))
            }
        }
        var recordsByLine = [[Int]](repeating: [], count: b.lines.count)
        var effective = [Bool](repeating: false, count: state.records.count)
        var dates = [Int32](repeating: 0, count: state.records.count)
        var drawn = [Int64](repeating: 0, count: b.lines.count)
        var returned = drawn, unspent = drawn
        for (i, r) in state.records.enumerated() {
            dates[i] = r.date
            guard !r.reversed else { continue }
            switch r.kind {
            case KindCode.payment:
                effective[i] = true
                recordsByLine[Int(r.line)].append(i + 1)
                drawn[Int(r.line)] &+= r.amount
            case KindCode.clearing, KindCode.refund:
                effective[i] = true
                recordsByLine[Int(r.line)].append(i + 1)
                if r.kind == KindCode.refund { returned[Int(r.line)] &+= r.amount }
            case KindCode.advance:
                // Open: the advance is drawn. Cleared (link = the clearing's seq): the larger of the two is.
                let cleared = r.link == 0 ? nil : state.records[Int(r.link) - 1].amount
                drawn[Int(r.line)] &+= Swift.max(r.amount, cleared ?? 0)
                if let c = cleared, r.amount > c { unspent[Int(r.line)] &+= r.amount - c }
            default: break
            }
        }
        var lines: [LedgerLine] = []
        var tp: Int64 = 0, ta: Int64 = 0
        for (i, l) in b.lines.enumerated() {
            let paid = try money(state.paid[i]), adv = try money(state.advanced[i])
            let remaining = try money(l.approved.dong - state.paid[i] - state.advanced[i])
            lines.append(LedgerLine(line: l, paid: paid, advancedOutstanding: adv, remaining: remaining,
                                    voucherCount: state.counts[i], records: recordsByLine[i],
                                    drawn: try money(drawn[i]), returned: try money(returned[i]), advanceUnspent: try money(unspent[i])))
            tp &+= state.paid[i]; ta &+= state.advanced[i]
        }
        self.lines = lines
        approved = b.total
        paid = try money(tp)
        advancedOutstanding = try money(ta)
        remaining = try money(b.total.dong - tp - ta)
        var open: [OpenAdvance] = []
        for (seq, d) in state.advanceDetails.sorted(by: { $0.key < $1.key }) {
            let r = state.records[Int(seq) - 1]
            guard !r.reversed, r.link == 0 else { continue }
            open.append(OpenAdvance(seq: Int(seq), date: d.date, lineCode: b.lines[Int(r.line)].code, payee: d.payee,
                                    voucherNumber: d.voucherNumber, contractNumber: d.contractNumber, amount: try money(r.amount),
                                    deadline: d.contractNumber == nil ? d.date.endOfFollowingMonth : nil))
        }
        openAdvances = open
        recordCount = state.records.count
        lastHash = state.lastHash
        self.effective = effective
        self.dates = dates
        lineByCode = Dictionary(uniqueKeysWithValues: b.lines.enumerated().map { ($1.code, $0) })
    }
}

/// ADVANCE-OVERDUE: an advance without a contract is cleared by the end of the month after it.
public struct AdvanceOverdue: Sendable {
    public init() {}
    public let id = "ADVANCE-OVERDUE"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Tạm ứng quá hạn thanh toán", en: "Advance overdue")
    public let basis = "TT 17/2024/TT-BTC: tạm ứng không có hợp đồng thanh toán chậm nhất ngày cuối tháng sau tháng tạm ứng (tạm tính, cần xác minh điều khoản)"

    public func check(_ a: OpenAdvance, asOf date: CivilDate) -> Finding? {
        guard let deadline = a.deadline, date > deadline else { return nil }
        let no = a.voucherNumber.map { " \($0)" } ?? ""
        return Finding(ruleID: id, severity: severity, lineCode: a.lineCode,
            message: Bilingual(
                vi: "tạm ứng\(no) (bản ghi \(a.seq)) ngày \(a.date) cho \(a.payee), \(vnd(a.amount)): quá hạn thanh toán \(deadline) (tính đến \(date))",
                en: "advance\(no) (record \(a.seq)) of \(a.date) to \(a.payee), \(eng(a.amount)): not cleared by \(deadline) (as of \(date))"),
            basis: basis, provisional: true)
    }
}
