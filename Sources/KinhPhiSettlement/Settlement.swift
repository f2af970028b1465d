import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiAppraisal
import KinhPhiJournal

// The settlement (quyết toán): per approved line, approved vs actual vs difference, subtotals per section
// and per budget code (tiểu mục and its mục), grand totals, and the amount to return to the budget.
//
// Decisions (docs/settlement-csv.md, docs/decisions.md):
//   actual      = payments + cleared advances (the clearing's amount) − refunds, reversals netted (Ledger.paid)
//   difference  = approved − actual (positive = unspent)
//   to return   = Σ over lines of max(0, approved − actual): the unspent approved money goes back to the
//                 budget (nộp trả ngân sách); savings on one line do not cover an overrun on another without
//                 an adjustment decision.
//   overrun     = Σ over lines of max(0, actual − approved): not settled from the approved budget.
//   Where no line is overrun, to return = approved − actual in total (checked as an invariant).
// While an advance is open the settlement is refused unless it is a draft.

public struct SettlementLine: Sendable {
    public let line: ApprovedLine
    public let actual: Money
    public let voucherCount: Int
    public var approved: Money { line.approved }
    public let difference: Money
    public let toReturn: Money
    public let overrun: Money
    /// actual / approved in %, rule R3 (nil when nothing was approved).
    public var executedPercent: Quantity? { Rounding.percent(actual, of: line.approved) }
}

/// A subtotal: a section, a tiểu mục, a mục, or the grand total.
public struct SettlementGroup: Sendable {
    public let key: String
    public let name: Bilingual
    public let approved: Money
    public let actual: Money
    public let difference: Money
    public let toReturn: Money
    public let overrun: Money
    public let voucherCount: Int
    public var executedPercent: Quantity? { Rounding.percent(actual, of: approved) }
}

public enum SettlementError: Error, Sendable, Localized {
    /// Advances not yet cleared: settlement refused (run with --draft to see a draft).
    case openAdvances([OpenAdvance])
    /// An internal check failed (Σ lines ≠ totals, actual ≠ Σ voucher list, …): nothing is written.
    case invariant(Bilingual)
    case money(MoneyError)
    /// `explain` on a line code that is not in the approved budget.
    case unknownLine(String)

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .openAdvances(let list):
            let items = list.prefix(5).map { a in
                "#\(a.seq) \(a.voucherNumber ?? "") \(a.date) \(a.payee) \(VietnameseNumberFormat.money(a.amount, lang))"
            }.joined(separator: "; ")
            return vi
                ? "chưa quyết toán được: còn \(list.count) khoản tạm ứng chưa thanh toán (\(items)). Thanh toán tạm ứng trước, hoặc chạy với --draft để xem bản dự thảo."
                : "cannot settle: \(list.count) advance(s) not yet cleared (\(items)). Clear them first, or run with --draft for a draft."
        case .invariant(let b): return (vi ? "kiểm tra nội bộ không khớp: " : "internal check failed: ") + b.text(lang)
        case .money(let e): return e.message(lang)
        case .unknownLine(let code):
            return vi ? "không có dòng \"\(code)\" trong dự toán được duyệt" : "no line \"\(code)\" in the approved budget"
        }
    }
}

public struct Settlement: Sendable {
    public let budget: ApprovedBudget
    public let lines: [SettlementLine]
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

    public var toReturn: Money { total.toReturn }

    /// Builds the settlement from the ledger (one pass over the lines). Refuses while an advance is open,
    /// unless `draft`.
    public static func build(_ ledger: Ledger, draft: Bool) throws(SettlementError) -> Settlement {
        if !draft && !ledger.openAdvances.isEmpty { throw .openAdvances(ledger.openAdvances) }
        do {
            var lines: [SettlementLine] = []
            lines.reserveCapacity(ledger.lines.count)
            for l in ledger.lines {
                let diff = try l.approved - l.paid
                lines.append(SettlementLine(line: l.line, actual: l.paid, voucherCount: l.voucherCount, difference: diff,
                                            toReturn: Money.max(diff, .zero), overrun: Money.max(-diff, .zero)))
            }
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
            let s = Settlement(budget: ledger.budget, lines: lines, sections: sections, budgetCodes: codes, budgetGroups: mucs, total: total,
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

    static func group(_ key: String, _ name: Bilingual, _ members: [SettlementLine]) throws(MoneyError) -> SettlementGroup {
        var approved = Money.zero, actual = Money.zero, toReturn = Money.zero, overrun = Money.zero
        var count = 0
        for m in members {
            approved = try approved + m.approved
            actual = try actual + m.actual
            toReturn = try toReturn + m.toReturn
            overrun = try overrun + m.overrun
            count += m.voucherCount
        }
        return SettlementGroup(key: key, name: name, approved: approved, actual: actual, difference: try approved - actual,
                               toReturn: toReturn, overrun: overrun, voucherCount: count)
    }

    /// Σ lines = every grouping's total = the ledger's totals; approved − actual = to return − overrun;
    /// with no overrun, approved − actual = to return.
    func checkInvariants(_ ledger: Ledger) throws {
        func same(_ groups: [SettlementGroup], _ what: String) throws {
            let a = try Money.sum(groups.map(\.approved)), x = try Money.sum(groups.map(\.actual))
            let c = groups.reduce(0) { $0 + $1.voucherCount }
            guard a == total.approved, x == total.actual, c == total.voucherCount else {
                throw SettlementError.invariant(Bilingual(vi: "tổng theo \(what) khác tổng cộng", en: "the \(what) subtotals do not add up to the total"))
            }
        }
        try same(sections, "phần/section")
        try same(budgetCodes, "tiểu mục/budget code")
        try same(budgetGroups, "mục/budget group")
        guard total.approved == ledger.approved, total.actual == ledger.paid else {
            throw SettlementError.invariant(Bilingual(vi: "tổng quyết toán khác sổ theo dõi", en: "settlement totals differ from the ledger"))
        }
        guard total.difference == (try total.toReturn - total.overrun) else {
            throw SettlementError.invariant(Bilingual(vi: "chênh lệch ≠ nộp trả − vượt", en: "difference ≠ to return − overrun"))
        }
        if total.overrun.isZero && total.difference != total.toReturn {
            throw SettlementError.invariant(Bilingual(vi: "dự toán − thực chi ≠ số nộp trả", en: "approved − actual ≠ amount to return"))
        }
    }
}
