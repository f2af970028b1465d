import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiAppraisal
import KinhPhiJournal

// The settlement (quyết toán): per approved line, approved vs actual vs difference, subtotals per section
// and per budget code (tiểu mục and its mục), grand totals, and what is left of the approved budget split
// the way the finance office settles it (brief §8; docs/settlement-csv.md §What is left; decisions.md):
//
//   actual      = payments + cleared advances (the clearing's amount) − refunds, reversals netted (Ledger.paid)
//   difference  = approved − actual (positive = unspent)
//   drawn       = money drawn from the Treasury for the line: payments + advances (at the larger of the
//                 advance and its clearing once cleared) − refunds (a refund is money already paid back, in
//                 the budget year: it restores the appropriation)                  (LedgerLine.drawn − returned)
//   to repay    = drawn and not spent, to be paid back to the budget (nộp trả ngân sách): the unspent part of
//                 the cleared advances, Σ max(0, advance − clearing)               (LedgerLine.advanceUnspent)
//   to cancel   = appropriation never drawn (hủy dự toán): max(0, approved − drawn)
//   outstanding = advances not yet cleared (only in a draft): drawn, not yet settled
//   overrun     = max(0, actual − approved): not settled from the approved budget
//   beyond      = max(0, drawn − approved): drawn beyond the approved amount (includes the overrun)
//
// Per line: actual + outstanding + to repay + to cancel = approved + beyond (checked); with nothing drawn
// beyond the approved amount — always so under the `block` policy — actual + to repay + to cancel =
// approved in a final settlement. Savings on one line never cover another line (no adjustment is modelled).
// While an advance is open the settlement is refused unless it is a draft.

/// The figures every row of the settlement carries (a line, a subtotal or the total).
public struct SettlementFigures: Sendable, Equatable {
    public var approved: Money
    public var actual: Money
    public var drawn: Money
    public var returned: Money
    public var toRepay: Money
    public var toCancel: Money
    public var outstanding: Money
    public var overrun: Money
    public var beyond: Money
    public var voucherCount: Int

    public static let zero = SettlementFigures(approved: .zero, actual: .zero, drawn: .zero, returned: .zero, toRepay: .zero,
                                               toCancel: .zero, outstanding: .zero, overrun: .zero, beyond: .zero, voucherCount: 0)

    /// approved − actual (positive = unspent).
    public var difference: Money { Money(uncheckedDifference: approved.dong - actual.dong) }
    /// actual / approved in %, rule R3 (nil when nothing was approved).
    public var executedPercent: Quantity? { Rounding.percent(actual, of: approved) }
    /// What is left of the approved amount: to repay + to cancel (+ the open advances in a draft).
    public var left: Money { Money(uncheckedDifference: toRepay.dong + toCancel.dong + outstanding.dong) }

    static func + (a: SettlementFigures, b: SettlementFigures) throws(MoneyError) -> SettlementFigures {
        SettlementFigures(approved: try a.approved + b.approved, actual: try a.actual + b.actual, drawn: try a.drawn + b.drawn,
                          returned: try a.returned + b.returned, toRepay: try a.toRepay + b.toRepay, toCancel: try a.toCancel + b.toCancel,
                          outstanding: try a.outstanding + b.outstanding, overrun: try a.overrun + b.overrun, beyond: try a.beyond + b.beyond,
                          voucherCount: a.voucherCount + b.voucherCount)
    }
}

extension Money {
    /// a − b for two amounts within the limit: the result may exceed it only for values no journal holds;
    /// clamped to zero then (never reached: the settlement's invariants would fail first).
    init(uncheckedDifference dong: Int64) { self = (try? Money(dong: dong)) ?? .zero }
}

public struct SettlementLine: Sendable {
    public let line: ApprovedLine
    public let figures: SettlementFigures
    public var approved: Money { line.approved }
    public var actual: Money { figures.actual }
    public var voucherCount: Int { figures.voucherCount }
    public var difference: Money { figures.difference }
    public var toRepay: Money { figures.toRepay }
    public var toCancel: Money { figures.toCancel }
    public var overrun: Money { figures.overrun }
    /// actual / approved in %, rule R3 (nil when nothing was approved).
    public var executedPercent: Quantity? { figures.executedPercent }
}

/// A subtotal: a section, a tiểu mục, a mục, or the grand total.
public struct SettlementGroup: Sendable {
    public let key: String
    public let name: Bilingual
    public let figures: SettlementFigures
    public var approved: Money { figures.approved }
    public var actual: Money { figures.actual }
    public var difference: Money { figures.difference }
    public var toRepay: Money { figures.toRepay }
    public var toCancel: Money { figures.toCancel }
    public var overrun: Money { figures.overrun }
    public var voucherCount: Int { figures.voucherCount }
    public var executedPercent: Quantity? { figures.executedPercent }
}

public enum SettlementError: Error, Sendable, Localized {
    /// Advances not yet cleared: settlement refused (run with --draft to see a draft).
    case openAdvances([OpenAdvance])
    /// An internal check failed (Σ lines ≠ totals, actual ≠ Σ voucher list, …): nothing is written.
    case invariant(Bilingual)
    case money(MoneyError)
    /// `explain` on a line code that is not in the approved budget.
    case unknownLine(String)
    /// `print advance --voucher` with a number that names no advance (or clearing of one) not reversed.
    case unknownAdvance(String)

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .openAdvances(let list):
            let items = list.prefix(5).map { a in
                "#\(a.seq) \(a.voucherNumber ?? "") \(a.date) \(a.payee) \(VietnameseNumberFormat.money(a.amount, lang))"
            }.joined(separator: "; ")
            return vi
                ? "chưa quyết toán được: còn \(list.count) khoản tạm ứng chưa thanh toán (\(items)). Thanh toán tạm ứng trước (hoặc thu hồi: chứng từ nộp trả có ref là số chứng từ tạm ứng, đúng số tạm ứng), hoặc chạy với --draft để xem bản dự thảo."
                : "cannot settle: \(list.count) advance(s) not yet cleared (\(items)). Clear them first (or recover them: a refund whose ref is the advance's voucher number, of its whole amount), or run with --draft for a draft."
        case .invariant(let b): return (vi ? "kiểm tra nội bộ không khớp: " : "internal check failed: ") + b.text(lang)
        case .money(let e): return e.message(lang)
        case .unknownAdvance(let no):
            return vi ? "không có khoản tạm ứng (hoặc thanh toán tạm ứng) số \"\(no)\" trong nhật ký (chưa bị đảo)"
                      : "no advance (or clearing of one) numbered \"\(no)\" in the journal (not reversed)"
        case .unknownLine(let code):
            return vi ? "không có dòng \"\(code)\" trong dự toán được duyệt" : "no line \"\(code)\" in the approved budget"
        }
    }
}

public struct Settlement: Sendable {
    public let budget: ApprovedBudget
    /// The approval versions the settlement's approved figures come from (approved.json first, then each
    /// adjustment); the last one's figures are the ones settled.
    public let versions: [ApprovalVersion]
    public let lines: [SettlementLine]
    /// The approved line of this code as settled (under the last approval version: a line an adjustment
    /// added included).
    public func approvedLine(_ code: String) -> ApprovedLine? { lines.first { $0.line.code == code }?.line }
    /// In the approved budget's section order.
    public let sections: [SettlementGroup]
    /// Per tiểu mục, by code.
    public let budgetCodes: [SettlementGroup]
    /// Per mục (group of tiểu mục), by code.
    public let budgetGroups: [SettlementGroup]
    public let total: SettlementGroup
    public let openAdvances: [OpenAdvance]
    public let isDraft: Bool
    public let recordCount: Int
    public let lastHash: SHA256Digest

    /// The journal's anchor: its record count and the hash of its last record, known after the verified read
    /// (`kinhphi verify --anchor <count>:<hash>` checks a journal against it).
    public var anchor: String { "\(recordCount):\(lastHash.hex)" }

    /// Builds the settlement from the ledger (one pass over the lines). Refuses while an advance is open,
    /// unless `draft`.
    public static func build(_ ledger: Ledger, draft: Bool) throws(SettlementError) -> Settlement {
        if !draft && !ledger.openAdvances.isEmpty { throw .openAdvances(ledger.openAdvances) }
        do {
            var lines: [SettlementLine] = []
            lines.reserveCapacity(ledger.lines.count)
            for l in ledger.lines { lines.append(SettlementLine(line: l.line, figures: try figures(l))) }
            let catalogue = ledger.budget.catalogue
            func groups(_ key: (SettlementLine) -> String, name: (String) -> Bilingual, sorted: Bool) throws(MoneyError) -> [SettlementGroup] {
                var order: [String] = []
                var members: [String: [SettlementLine]] = [:]
                for l in lines {
                    let k = key(l)
                    if members[k] == nil { order.append(k) }
                    members[k, default: []].append(l)
                }
                if sorted { order.sort() }
                var out: [SettlementGroup] = []
                for k in order { out.append(try group(k, name(k), members[k]!)) }
                return out
            }
            let sections = try groups({ $0.line.section }, name: { Bilingual(vi: $0, en: $0) }, sorted: false)
            let codes = try groups({ $0.line.budgetCode }, name: { catalogue.budgetCodes[$0]?.name ?? Bilingual(vi: "", en: "") }, sorted: true)
            let mucs = try groups({ catalogue.budgetCodes[$0.line.budgetCode]?.group ?? $0.line.budgetCode },
                                  name: { catalogue.budgetCodes[$0]?.name ?? Bilingual(vi: "", en: "") }, sorted: true)
            let total = try group("TOTAL", Bilingual(vi: "Tổng cộng", en: "Total"), lines)
            let s = Settlement(budget: ledger.budget, versions: ledger.versions, lines: lines, sections: sections, budgetCodes: codes, budgetGroups: mucs, total: total,
                               openAdvances: ledger.openAdvances, isDraft: draft, recordCount: ledger.recordCount, lastHash: ledger.lastHash)
            try s.checkInvariants(ledger)
            return s
        } catch let e as MoneyError {
            throw .money(e)
        } catch let e as SettlementError {
            throw e
        } catch {
            throw .invariant(Bilingual(vi: "\(error)", en: "\(error)"))
        }
    }

    /// One line's figures from its ledger position.
    static func figures(_ l: LedgerLine) throws(MoneyError) -> SettlementFigures {
        let drawn = try l.drawn - l.returned
        let diff = try l.approved - l.paid
        let left = try l.approved - drawn
        return SettlementFigures(approved: l.approved, actual: l.paid, drawn: drawn, returned: l.returned, toRepay: l.advanceUnspent,
                                 toCancel: Money.max(left, .zero), outstanding: l.advancedOutstanding,
                                 overrun: Money.max(-diff, .zero), beyond: Money.max(-left, .zero), voucherCount: l.voucherCount)
    }

    static func group(_ key: String, _ name: Bilingual, _ members: [SettlementLine]) throws(MoneyError) -> SettlementGroup {
        var f = SettlementFigures.zero
        for m in members { f = try f + m.figures }
        return SettlementGroup(key: key, name: name, figures: f)
    }

    /// Σ lines = every grouping's total = the ledger's totals; per line and in total, drawn − actual = to
    /// repay + outstanding (the ledger's two ways of counting agree) and actual + outstanding + to repay + to
    /// cancel = approved + beyond.
    func checkInvariants(_ ledger: Ledger) throws {
        func same(_ groups: [SettlementGroup], _ what: String) throws {
            var f = SettlementFigures.zero
            for g in groups { f = try f + g.figures }
            guard f == total.figures else {
                throw SettlementError.invariant(Bilingual(vi: "tổng theo \(what) khác tổng cộng", en: "the \(what) subtotals do not add up to the total"))
            }
        }
        try same(sections, "phần/section")
        try same(budgetCodes, "tiểu mục/budget code")
        try same(budgetGroups, "mục/budget group")
        guard total.approved == ledger.approved, total.actual == ledger.paid, total.figures.outstanding == ledger.advancedOutstanding else {
            throw SettlementError.invariant(Bilingual(vi: "tổng quyết toán khác sổ theo dõi", en: "settlement totals differ from the ledger"))
        }
        for f in lines.map(\.figures) + [total.figures] {
            guard try f.drawn - f.actual == (try f.toRepay + f.outstanding) else {
                throw SettlementError.invariant(Bilingual(vi: "đã rút − thực chi ≠ nộp trả + tạm ứng chưa thanh toán",
                                                          en: "drawn − actual ≠ to repay + open advances"))
            }
            guard try f.actual + f.outstanding + f.toRepay + f.toCancel == (try f.approved + f.beyond) else {
                throw SettlementError.invariant(Bilingual(vi: "thực chi + nộp trả + hủy dự toán ≠ dự toán được duyệt",
                                                          en: "actual + to repay + to cancel ≠ approved"))
            }
        }
    }
}
