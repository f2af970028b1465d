import KinhPhiCore

// The ledger: where each approved line stands, from one pass over the journal. Settlement and status read
// it. Arithmetic (docs/journal.md §Ledger):
//   paid                = payments + clearings − refunds            (reversed records left out)
//   advancedOutstanding = advances not cleared                       (reversed records left out)
//   remaining           = approved − paid − advancedOutstanding      (negative = over the approved amount)
// A clearing clears its advance entirely; the clearing's amount is the actual expense.
// Money drawn from the Treasury (docs/settlement-csv.md §Drawn; the settlement's to repay and to cancel):
//   drawn               = payments + advances + what a clearing paid beyond its advance   (reversed left out)
//   returned            = refunds (money already paid back to the budget), recoveries of advances included
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
    /// The approval version whose figures the ledger shows: the one in force at the end of the journal, or
    /// on the `asOf` day.
    public let approval: ApprovalVersion
    /// Every version put in force up to then, in order (approved.json first).
    public let versions: [ApprovalVersion]
    /// The last version recorded in the journal (what the sources are watched against), whatever `asOf`.
    public let latest: ApprovalVersion
    /// In the approval version's order.
    public let lines: [LedgerLine]
    public let approved: Money
    public let paid: Money
    public let advancedOutstanding: Money
    public let remaining: Money
    /// Oldest first.
    public let openAdvances: [OpenAdvance]
    /// Records in the journal (vouchers, reversals and adjustments).
    public let recordCount: Int
    /// Hash of the last record (of approved.json when the journal is empty).
    public let lastHash: SHA256Digest
    /// The latest date of a voucher or an adjustment in the journal (nil when it has none).
    public let lastDate: CivilDate?
    /// The cut-off: only vouchers dated up to this day count (nil: every record).
    public let asOf: CivilDate?
    /// Vouchers (not reversed) dated after `asOf`, left out.
    public let leftOut: Int
    /// Every line any version knows, by the journal's line index (`RecordView.lineIndex`): approved.json's
    /// lines, then the lines adjustments added.
    public let knownLines: [ApprovedLine]
    /// Per seq: 1 when the record counts in `paid` (an effective payment, clearing or refund).
    private let effective: [Bool]
    /// Per seq: a voucher of any kind (payment, advance, clearing, refund), not reversed, not after the cut-off.
    private let live: [Bool]
    /// Per seq: the voucher date as yyyymmdd (0 for a reversal).
    private let dates: [Int32]
    private let lineByCode: [String: Int]

    public var used: Money { (try? paid + advancedOutstanding) ?? paid }
    public var usedPercent: Quantity? { Rounding.percent(used, of: approved) }
    public var voucherCount: Int { lines.reduce(0) { $0 + $1.voucherCount } }

    /// Whether record `seq` counts in the lines' paid amounts (payments, clearings, refunds not reversed
    /// and not after the cut-off; a refund that recovers an advance does not).
    public func isEffective(_ seq: Int) -> Bool { seq >= 1 && seq <= effective.count && effective[seq - 1] }

    /// Whether record `seq` is a voucher of any kind (payment, advance, clearing, refund) that was not
    /// reversed: what the checks across events look at (a voucher number or an invoice still in use).
    public func isLive(_ seq: Int) -> Bool { seq >= 1 && seq <= live.count && live[seq - 1] }

    /// Record `seq`'s voucher date as yyyymmdd (0 for a reversal or a seq out of range).
    public func packedDate(_ seq: Int) -> Int32 { seq >= 1 && seq <= dates.count ? dates[seq - 1] : 0 }

    public func line(_ code: String) -> LedgerLine? { lineByCode[code].map { lines[$0] } }

    /// Open advances past their deadline on `date`.
    public func overdueAdvances(asOf date: CivilDate) -> [OpenAdvance] { openAdvances.filter { $0.isOverdue(asOf: date) } }

    /// Warnings for the status report: overdue advances (ADVANCE-OVERDUE), lines over their approved
    /// amount (LINE-OVER, possible under the warn and ignore policies), and lines the decision approved above
    /// the appraised amount (DECISION-ABOVE-APPRAISAL, kept in approved.json).
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
        for l in budget.aboveAppraised { out.append(Ledger.aboveAppraisal(l, decision: budget.decisionNumber)) }
        return out
    }

    /// DECISION-ABOVE-APPRAISAL: the decision approved a line above Sở Tài chính's appraised amount.
    public static func aboveAppraisal(_ l: ApprovedLine, decision: String) -> Finding {
        Finding(ruleID: "DECISION-ABOVE-APPRAISAL", severity: .warning, lineCode: l.code,
                message: Bilingual(vi: "dòng \(l.code): quyết định \(decision) duyệt \(vnd(l.approved)), cao hơn số thẩm định \(vnd(l.appraised)) là \(vnd(l.approved.dong - l.appraised.dong))",
                                   en: "line \(l.code): decision \(decision) approves \(eng(l.approved)), \(eng(l.approved.dong - l.appraised.dong)) above the appraised \(eng(l.appraised))"),
                basis: "Quyết định phê duyệt dự toán của UBND Thành phố trên cơ sở thẩm định của Sở Tài chính (approved.json: above_appraised)")
    }

    /// The ledger at the end of the journal.
    init(state: JournalState) throws(JournalError) {
        try self.init(state: state, asOf: nil)
    }

    /// The ledger as of a day: only vouchers dated up to `asOf` count (a reversal follows the voucher it
    /// reverses: a voucher reversed later is left out whatever the reversal's time), and the approval
    /// version is the one in force that day. nil: every record, the last version.
    init(state: JournalState, asOf: CivilDate?) throws(JournalError) {
        let b = state.budget
        budget = b
        knownLines = state.allLines
        func money(_ v: Int64) throws(JournalError) -> Money {
            do { return try Money(dong: v) } catch {
                throw .broken(BadRecord(line: state.lastSeq, problem: .totalsExceedLimit))
            }
        }
        let cut = asOf.map(RecordFields.pack) ?? Int32.max
        let active = asOf == nil ? state.current : state.version(on: cut)
        approval = active.version
        latest = state.current.version
        versions = state.versions.prefix { $0.dateKey <= cut || $0.version.number == 1 }.map(\.version)
        self.asOf = asOf
        let n = state.allLines.count
        var effective = [Bool](repeating: false, count: state.records.count)
        var live = effective
        var recordsByLine = [[Int]](repeating: [], count: n)
        // Per known line, from the records in one pass that also finds the effective ones (the state's own
        // totals are the same without a cut-off): paid, advanced, counts, and the money drawn, returned and
        // left unspent of cleared advances.
        var paidBy = [Int64](repeating: 0, count: n), advancedBy = [Int64](repeating: 0, count: n), countBy = [Int](repeating: 0, count: n)
        var drawn = [Int64](repeating: 0, count: n)
        var returned = drawn, unspent = drawn
        var dates = [Int32](repeating: 0, count: state.records.count)
        var leftOut = 0
        var latest: Int32 = 0
        let records = state.records
        for (i, r) in records.enumerated() {
            dates[i] = r.date
            if r.date > latest { latest = r.date }
            guard !r.reversed && r.kind <= KindCode.refund else { continue }
            if r.date > cut { leftOut += 1; continue }
            live[i] = true
            let line = Int(r.line)
            switch r.kind {
            case KindCode.payment:
                effective[i] = true
                recordsByLine[line].append(i + 1)
                paidBy[line] &+= r.amount; countBy[line] += 1
                drawn[line] &+= r.amount
            case KindCode.clearing:
                effective[i] = true
                recordsByLine[line].append(i + 1)
                paidBy[line] &+= r.amount; countBy[line] += 1
            case KindCode.refund:
                // Money paid back: a plain refund (less spent) or the recovery of an advance (nothing spent).
                returned[line] &+= r.amount
                if r.link == 0 {
                    effective[i] = true
                    recordsByLine[line].append(i + 1)
                    paidBy[line] &-= r.amount; countBy[line] += 1
                }
            case KindCode.advance:
                // Open at the cut-off (not cleared or recovered, or only after it): drawn and outstanding.
                // Closed by then: the larger of the advance and its clearing is drawn (a recovery is of the
                // advance's whole amount, and comes back as `returned`).
                if r.link != 0, records[Int(r.link) - 1].date <= cut {
                    let c = records[Int(r.link) - 1].amount
                    drawn[line] &+= Swift.max(r.amount, c)
                    if r.amount > c { unspent[line] &+= r.amount - c }
                } else {
                    drawn[line] &+= r.amount
                    advancedBy[line] &+= r.amount
                }
            default: break
            }
        }
        /// Whether an advance is open at the cut-off.
        func isOpen(_ r: RecordInfo) -> Bool {
            r.link == 0 || records[Int(r.link) - 1].date > cut
        }
        self.leftOut = leftOut
        var lines: [LedgerLine] = []
        var tp: Int64 = 0, ta: Int64 = 0
        for l in active.version.lines {
            guard let i = state.lineIndex(of: l.code) else { continue }
            let paid = try money(paidBy[i]), adv = try money(advancedBy[i])
            let remaining = try money(l.approved.dong - paidBy[i] - advancedBy[i])
            lines.append(LedgerLine(line: l, paid: paid, advancedOutstanding: adv, remaining: remaining,
                                    voucherCount: countBy[i], records: recordsByLine[i],
                                    drawn: try money(drawn[i]), returned: try money(returned[i]), advanceUnspent: try money(unspent[i])))
            tp &+= paidBy[i]; ta &+= advancedBy[i]
        }
        self.lines = lines
        approved = active.version.total
        paid = try money(tp)
        advancedOutstanding = try money(ta)
        remaining = try money(active.version.total.dong - tp - ta)
        var open: [OpenAdvance] = []
        for (seq, d) in state.advanceDetails.sorted(by: { $0.key < $1.key }) {
            let r = state.records[Int(seq) - 1]
            guard !r.reversed, r.date <= cut, isOpen(r) else { continue }
            open.append(OpenAdvance(seq: Int(seq), date: d.date, lineCode: state.allLines[Int(r.line)].code, payee: d.payee,
                                    voucherNumber: d.voucherNumber, contractNumber: d.contractNumber, amount: try money(r.amount),
                                    deadline: d.contractNumber == nil ? d.date.endOfFollowingMonth : nil))
        }
        openAdvances = open
        recordCount = state.records.count
        lastHash = state.lastHash
        lastDate = latest == 0 ? nil : RecordFields.unpack(latest)
        self.effective = effective
        self.live = live
        self.dates = dates
        lineByCode = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1.code, $0) })
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
