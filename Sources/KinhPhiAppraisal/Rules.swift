import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// The appraisal rules, one type each, mirroring what the Finance Department (Sở Tài chính) checks when it
// appraises (thẩm định) a conference estimate. docs/rules.md lists them with an example finding each.
// Order matters only for the order findings are reported in.

public enum AppraisalRules {
    /// Every rule, in the order they run. BudgetCap is a TotalsRule and runs after lines are appraised.
    public static let all: [any AppraisalRule] = [
        ArithmeticLine(), ArithmeticSection(), ArithmeticTotal(),
        NormInForce(), NormCeiling(), NormArea(), NormScope(), NormProvisional(),
        QuantityDelegates(), QuantityPapers(),
        GiftNotAllowed(), RewardFund(), ContingencyNotAllowed(), StateHallRent(), ConditionalItem(),
        BudgetCodeFits(), FiscalYear(), PersonalIncomeTax(), OtherUnitTask(), LumpSum(),
        BudgetCap(),
    ]
}

let basisArithmetic = "Luật Kế toán 2015 (88/2015/QH13) Điều 11; kiểm tra số học khi thẩm định dự toán"
let basisArt11 = "TT 40/2017/TT-BTC Điều 11"

// MARK: Arithmetic

/// ARITH-LINE: Thành tiền = quantity × persons × sessions × unit price, to the đồng.
public struct ArithmeticLine: AppraisalRule {
    public init() {}
    public let id = "ARITH-LINE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Thành tiền = số lượng × đơn giá", en: "Amount = quantity × unit price")
    public let basis = basisArithmetic
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let computed = ctx.computed[line.code] else {
                return finding(line, vi: "không tính được thành tiền: vượt giới hạn số tiền", en: "the amount cannot be computed: it exceeds the money limit", cap: .zero)
            }
            guard computed != line.statedAmount else { return nil }
            return finding(line,
                vi: "thành tiền ghi \(vnd(line.statedAmount)) nhưng \(factorsText(line, .vi)) = \(vnd(computed))",
                en: "stated amount \(en(line.statedAmount)) but \(factorsText(line, .en)) = \(en(computed))",
                cap: computed < line.statedAmount ? computed : nil)
        }
    }
}

/// ARITH-SECTION: a stated section subtotal equals the sum of its lines' stated amounts.
public struct ArithmeticSection: AppraisalRule {
    public init() {}
    public let id = "ARITH-SECTION"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Cộng mục bằng tổng các dòng", en: "Section subtotal adds up")
    public let basis = basisArithmetic
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.sections.compactMap { s in
            guard let stated = s.statedSubtotal, let sum = try? Money.sum(s.lines.map(\.statedAmount)), sum != stated else { return nil }
            return finding(nil, vi: "cộng mục \"\(s.title)\" ghi \(vnd(stated)) nhưng tổng các dòng là \(vnd(sum))",
                           en: "subtotal of \"\(s.title)\" is stated as \(en(stated)) but its lines add up to \(en(sum))")
        }
    }
}

/// ARITH-TOTAL: the stated grand total equals the sum of all lines.
public struct ArithmeticTotal: AppraisalRule {
    public init() {}
    public let id = "ARITH-TOTAL"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Tổng cộng bằng tổng các dòng", en: "Grand total adds up")
    public let basis = basisArithmetic
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard let stated = ctx.conference.statedTotal, let sum = try? Money.sum(ctx.estimate.lines.map(\.statedAmount)), sum != stated else { return [] }
        return [finding(nil, vi: "tổng cộng ghi \(vnd(stated)) nhưng tổng các dòng là \(vnd(sum))",
                        en: "grand total is stated as \(en(stated)) but the lines add up to \(en(sum))")]
    }
}

// MARK: Norms

/// NORM-IN-FORCE: the cited norm has a version in force on the event date.
public struct NormInForce: AppraisalRule {
    public init() {}
    public let id = "NORM-IN-FORCE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Định mức còn hiệu lực vào ngày tổ chức", en: "Norm in force on the event date")
    public let basis = "Định mức áp dụng theo văn bản còn hiệu lực tại ngày phát sinh (danh mục định mức: effective_from/effective_to)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let id = line.normID, ctx.resolvedNorms[line.code] == nil else { return nil }
            return finding(line, vi: "định mức \"\(id)\" không có mức nào hiệu lực vào ngày \(ctx.conference.eventDate)",
                           en: "norm \"\(id)\" has no level in force on \(ctx.conference.eventDate)")
        }
    }
}

/// NORM-CEILING: the unit price does not exceed the norm in force on the event date; above it, the line
/// is appraised at the ceiling.
public struct NormCeiling: AppraisalRule {
    public init() {}
    public let id = "NORM-CEILING"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Đơn giá không vượt định mức", en: "Unit price within the norm")
    public let basis = "TT 40/2017/TT-BTC Điều 12; định mức theo danh mục"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.resolvedNorms[line.code], line.unitPrice > r.ceiling else { return nil }
            let cap = try? Rounding.amount(unitPrice: r.ceiling, factors: line.factors)
            return finding(line,
                vi: "đơn giá \(vnd(line.unitPrice)) vượt định mức \"\(r.norm.id)\" \(vnd(r.ceiling)) \(r.norm.unit.vi); thẩm định theo định mức",
                en: "unit price \(en(line.unitPrice)) exceeds norm \"\(r.norm.id)\" of \(en(r.ceiling)) \(r.norm.unit.en); appraised at the norm",
                provisional: r.provisional, cap: cap ?? .zero, basis: r.basis)
        }
    }
}

/// NORM-SCOPE: the cited norm is restricted in scope (TT 03/2023 rates are for S&T tasks); whether it
/// applies here is an appraisal question, reported rather than assumed.
public struct NormScope: AppraisalRule {
    public init() {}
    public let id = "NORM-SCOPE"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Phạm vi áp dụng định mức", en: "Scope of the norm")
    public let basis = "TT 03/2023/TT-BTC Điều 4 khoản 4"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.resolvedNorms[line.code], let scope = r.norm.scope else { return nil }
            return finding(line, vi: "định mức \"\(r.norm.id)\": \(scope.vi)", en: "norm \"\(r.norm.id)\": \(scope.en)",
                           provisional: r.provisional, basis: r.basis)
        }
    }
}

// MARK: Quantities

/// The unit price a quantity cap is computed at: the stated price, but never above the cited norm's ceiling.
/// The appraiser keeps the smallest cap, so a line over both the norm and the plan's size must have one cap
/// that applies both cuts (150 × 40.000, not min(160 × 40.000, 150 × 50.000)).
func priceWithinNorm(_ line: EstimateLine, _ ctx: AppraisalContext) -> Money {
    guard let r = ctx.resolvedNorms[line.code] else { return line.unitPrice }
    var price = Money.min(line.unitPrice, r.ceiling)
    if let a = NormArea.applicable(line, ctx) { price = Money.min(price, a.ceiling) }
    return price
}

/// QTY-DELEGATES: per-person lines count at most the delegates (the non-payroll delegates for meal
/// support), per-session lines at most the conference's half-day sessions.
public struct QuantityDelegates: AppraisalRule {
    public init() {}
    public let id = "QTY-DELEGATES"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Số người, số buổi phù hợp quy mô hội nghị", en: "Persons and sessions fit the event")
    public let basis = "Kế hoạch tổ chức Hội nghị (số đại biểu, số buổi); TT 40/2017/TT-BTC Điều 12 khoản 4"
    static func isPerPerson(_ unit: String) -> Bool {
        let u = unit.lowercased()
        return u.hasPrefix("người") || u.hasPrefix("đại biểu") || u.hasPrefix("suất")
    }
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        return ctx.estimate.lines.compactMap { line in
            let personLimit = line.kind == .meals ? c.delegatesNonPayroll : c.delegates
            // A per-person unit ("người", "đại biểu") with no persons column counts heads in `quantity`.
            let headsInQuantity = line.persons == nil && QuantityDelegates.isPerPerson(line.unit)
            var persons = headsInQuantity ? line.quantity : line.persons
            var sessions = line.sessions
            var vi: [String] = [], en: [String] = []
            if let p = persons, p > Quantity(whole: personLimit) {
                vi.append(line.kind == .meals ? "\(p) người vượt số đại biểu không hưởng lương (\(personLimit))" : "\(p) người vượt số đại biểu (\(personLimit))")
                en.append(line.kind == .meals ? "\(p) persons exceed the non-payroll delegates (\(personLimit))" : "\(p) persons exceed the delegates (\(personLimit))")
                persons = Quantity(whole: personLimit)
            }
            if let s = sessions, s > Quantity(whole: c.sessions) {
                vi.append("\(s) buổi vượt số buổi hội nghị (\(c.sessions))")
                en.append("\(s) sessions exceed the conference's sessions (\(c.sessions))")
                sessions = Quantity(whole: c.sessions)
            }
            guard !vi.isEmpty else { return nil }
            let factors = (headsInQuantity ? [] : [line.quantity]) + [persons, sessions].compactMap { $0 }
            let cap = try? Rounding.amount(unitPrice: priceWithinNorm(line, ctx), factors: factors)
            return finding(line, vi: vi.joined(separator: "; ") + "; thẩm định theo quy mô kế hoạch",
                           en: en.joined(separator: "; ") + "; appraised at the plan's size", cap: cap ?? .zero)
        }
    }
}

/// QTY-PAPERS: commissioned papers, counted over every paper line together, at most the number the plan
/// provides for. The plan's number is allotted to the paper lines in estimate order; a line that gets
/// fewer papers than it asks for is appraised at the papers it got.
public struct QuantityPapers: AppraisalRule {
    public init() {}
    public let id = "QTY-PAPERS"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Số tham luận không vượt kế hoạch", en: "Papers within the plan")
    public let basis = "Kế hoạch tổ chức Hội nghị, mục II.6 (dự kiến 8–10 tham luận)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let planned = Quantity(whole: ctx.conference.papersPlanned)
        var left = planned
        var out: [Finding] = []
        for line in ctx.estimate.lines where line.kind == .paper {
            guard let count = try? line.quantity * (line.persons ?? .one) else { continue }
            let allowed = count < left ? count : left
            left = Self.subtract(left, allowed)
            guard allowed < count else { continue }
            let cap = try? Rounding.amount(unitPrice: priceWithinNorm(line, ctx), factors: [allowed] + [line.sessions].compactMap { $0 })
            out.append(finding(line, vi: "tổng số tham luận vượt số kế hoạch dự kiến (\(planned)); dòng này được \(allowed)/\(count) bài",
                               en: "papers in all exceed the \(planned) the plan provides for; this line gets \(allowed) of \(count)", cap: cap ?? .zero))
        }
        return out
    }

    static func subtract(_ a: Quantity, _ b: Quantity) -> Quantity {
        // Exact a − b for non-negative quantities with a ≥ b.
        let s = max(a.scale, b.scale)
        var am = Int64(a.mantissa), bm = Int64(b.mantissa)
        for _ in a.scale..<s { am *= 10 }
        for _ in b.scale..<s { bm *= 10 }
        return (try? Quantity(mantissa: am - bm, scale: s)) ?? .zero
    }
}

// MARK: Allowed items

/// ITEM-GIFT: gifts to domestic guests may not be paid from the budget; honouring women scientists
/// belongs to the reward fund (amounts by coefficient × base salary), not to gifts.
public struct GiftNotAllowed: AppraisalRule {
    public init() {}
    public let id = "ITEM-GIFT"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không chi quà tặng từ ngân sách", en: "No gifts from the budget")
    public let basis = "TT 71/2018/TT-BTC Điều 4 khoản 2 điểm b; Luật Thi đua, khen thưởng 2022"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard line.kind == .gift else { return nil }
            return finding(line, vi: "quà tặng không được chi từ ngân sách; tôn vinh nhà khoa học nữ chi từ quỹ thi đua, khen thưởng theo mức khen thưởng",
                           en: "gifts may not be paid from the budget; honouring women scientists belongs to the reward fund, at the reward levels", cap: .zero)
        }
    }
}

/// ITEM-CONTINGENCY: a contingency (dự phòng) line is not appraisable in a unit's activity estimate.
public struct ContingencyNotAllowed: AppraisalRule {
    public init() {}
    public let id = "ITEM-CONTINGENCY"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không bố trí dự phòng", en: "No contingency line")
    public let basis = "Luật NSNN 2015 (83/2015/QH13) Điều 10; TT 40/2017/TT-BTC Điều 11"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard line.kind == .contingency else { return nil }
            return finding(line, vi: "khoản dự phòng không được thẩm định trong dự toán hội nghị", en: "a contingency line is not appraisable in a conference estimate", cap: .zero)
        }
    }
}

/// ITEM-STATE-HALL: no rent for a state-owned hall.
public struct StateHallRent: AppraisalRule {
    public init() {}
    public let id = "ITEM-STATE-HALL"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không thuê hội trường của cơ quan nhà nước", en: "No rent for a state hall")
    public let basis = basisArt11
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard ctx.conference.stateVenue else { return [] }
        return ctx.estimate.lines.compactMap { line in
            guard line.kind == .hallRent else { return nil }
            return finding(line, vi: "hội trường \"\(ctx.conference.place)\" là của cơ quan nhà nước: không thẩm định tiền thuê",
                           en: "the hall \"\(ctx.conference.place)\" is state-owned: no rent is appraisable", cap: .zero)
        }
    }
}

/// ITEM-CONDITIONAL: hall rent and transport hire are allowed only when the unit has no suitable venue or
/// vehicle; items outside TT 40/2017 Art. 11's list ("other") need an explanation.
public struct ConditionalItem: AppraisalRule {
    public init() {}
    public let id = "ITEM-CONDITIONAL"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khoản chi có điều kiện hoặc ngoài danh mục", en: "Conditional or unlisted item")
    public let basis = basisArt11
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            switch line.kind {
            case .hallRent where !ctx.conference.stateVenue:
                return finding(line, vi: "chỉ thuê hội trường khi đơn vị không có địa điểm phù hợp: cần giải trình", en: "hall rent only if the unit has no suitable venue: explain")
            case .transport:
                return finding(line, vi: "chỉ thuê phương tiện khi đơn vị không có: cần giải trình", en: "transport hire only if the unit has none: explain")
            case .other:
                return finding(line, vi: "nội dung chi không thuộc danh mục chi hội nghị: cần giải trình căn cứ", en: "item not on the list of conference costs: state its basis")
            default:
                return nil
            }
        }
    }
}

// MARK: Classification and period

/// BUDGET-CODE: every line carries a known economic code (mục/tiểu mục) that fits its kind.
public struct BudgetCodeFits: AppraisalRule {
    public init() {}
    public let id = "BUDGET-CODE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Mã mục/tiểu mục phù hợp nội dung chi", en: "Budget code fits the item")
    public let basis = "TT 324/2016/TT-BTC Phụ lục III (Mục lục NSNN)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            let fitting = ctx.catalogue.budgetCodes.values.filter { $0.kinds.contains(line.kind) }.map(\.code).sorted()
            let hint = fitting.isEmpty ? "" : fitting.joined(separator: ", ")
            guard let code = ctx.catalogue.budgetCodes[line.budgetCode] else {
                return finding(line, vi: "mã \"\(line.budgetCode)\" không có trong danh mục mục/tiểu mục" + (hint.isEmpty ? "" : "; phù hợp: \(hint)"),
                               en: "code \"\(line.budgetCode)\" is not in the budget-code list" + (hint.isEmpty ? "" : "; fitting: \(hint)"), provisional: true)
            }
            guard !code.kinds.contains(line.kind) else { return nil }
            return finding(line,
                vi: "mã \(code.code) (\(code.name.vi)) không dùng cho \(line.kind.name.vi)" + (hint.isEmpty ? "" : "; phù hợp: \(hint)"),
                en: "code \(code.code) (\(code.name.en)) does not fit \(line.kind.name.en)" + (hint.isEmpty ? "" : "; fitting: \(hint)"),
                provisional: code.status == .provisional)
        }
    }
}

/// FISCAL-YEAR: the event falls in the budget year; the year's money is spent by 31/12 and not carried over.
public struct FiscalYear: AppraisalRule {
    public init() {}
    public let id = "FISCAL-YEAR"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Thời gian tổ chức trong năm ngân sách", en: "Event within the budget year")
    public let basis = "Luật NSNN 2015 (83/2015/QH13): năm ngân sách từ 01/01 đến 31/12; kinh phí không chuyển năm sau"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        guard c.eventDate.year != c.fiscalYear else { return [] }
        return [finding(nil, vi: "ngày tổ chức \(c.eventDate) ngoài năm ngân sách \(c.fiscalYear); kinh phí năm \(c.fiscalYear) phải chi trước 31/12/\(c.fiscalYear)",
                        en: "event date \(c.eventDate) is outside budget year \(c.fiscalYear); \(c.fiscalYear) money must be spent by 31/12/\(c.fiscalYear)")]
    }
}

// MARK: Payment notes

/// PIT-HONORARIUM: an honorarium to one person of at least the threshold per payment → 10 % PIT
/// withheld at payment. Threshold and rate are catalogue data (pit-threshold, pit-rate).
public struct PersonalIncomeTax: AppraisalRule {
    public init() {}
    public let id = "PIT-HONORARIUM"
    public let severity = Severity.info
    public let title = Bilingual(vi: "Khấu trừ thuế TNCN khi chi thù lao", en: "Withhold PIT on honoraria")
    public let basis = "TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let date = ctx.conference.eventDate
        guard let threshold = try? ctx.catalogue.resolve("pit-threshold", on: date) else { return [] }
        // The rate is data (pit-rate); without it the finding still names the threshold.
        let rateText = ctx.catalogue.rate("pit-rate", on: date)
            .flatMap { try? $0.0 * Quantity(whole: 100) }
            .map { VietnameseNumberFormat.quantity($0) + "% " } ?? ""
        return ctx.estimate.lines.compactMap { line in
            // What one payee receives: the unit price for each session they serve.
            guard line.kind.isHonorarium,
                  let perPayee = try? Rounding.amount(unitPrice: line.unitPrice, factors: [line.sessions ?? .one]),
                  perPayee >= threshold.ceiling else { return nil }
            return finding(line,
                vi: "mỗi người nhận \(vnd(perPayee)) ≥ \(vnd(threshold.ceiling)): khấu trừ \(rateText)thuế TNCN khi chi trả",
                en: "each payee receives \(en(perPayee)) ≥ \(en(threshold.ceiling)): withhold \(rateText)PIT at payment",
                provisional: threshold.provisional, basis: threshold.basis)
        }
    }
}

/// OTHER-UNIT: a line for work the plan gives to another unit: who pays must be confirmed.
public struct OtherUnitTask: AppraisalRule {
    public init() {}
    public let id = "OTHER-UNIT"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Nhiệm vụ của đơn vị khác", en: "Another unit's task")
    public let basis = "Kế hoạch tổ chức Hội nghị, phần III (phân công thực hiện)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            let unit = line.assignedTo
            guard !unit.isEmpty, unit.lowercased() != ctx.conference.organiser.lowercased() else { return nil }
            return finding(line, vi: "kế hoạch giao nhiệm vụ này cho \(unit): cần xác định nguồn kinh phí (đơn vị nào chi)",
                           en: "the plan gives this task to \(unit): confirm the funding source (who pays)")
        }
    }
}

/// LUMP-SUM: a lump sum with neither a quote/contract nor a norm needs one (thrift, plan I.2).
public struct LumpSum: AppraisalRule {
    public init() {}
    public let id = "LUMP-SUM"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khoán trọn gói cần báo giá", en: "Lump sum needs a quote")
    public let basis = "Kế hoạch tổ chức Hội nghị, mục I.2 (tiết kiệm, tránh lãng phí); TT 40/2017/TT-BTC Điều 11"
    /// Units that mean "the whole job for one price".
    public static let lumpSumUnits: Set<String> = ["trọn gói", "gói", "tg", "khoán", "lump sum"]
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard LumpSum.lumpSumUnits.contains(line.unit.lowercased()), line.normID == nil, line.evidence.isEmpty else { return nil }
            return finding(line, vi: "khoán trọn gói \(vnd(line.statedAmount)) không có báo giá, hợp đồng hay định mức: cần bổ sung",
                           en: "lump sum of \(en(line.statedAmount)) without a quote, contract or norm: provide one")
        }
    }
}

// MARK: Totals

/// BUDGET-CAP: the appraised total fits within the budget allocated for the conference.
public struct BudgetCap: TotalsRule {
    public init() {}
    public let id = "BUDGET-CAP"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Tổng thẩm định trong dự toán được giao", en: "Appraised total within the allocation")
    public let basis = "Dự toán ngân sách Thành phố giao Sở KH&CN năm 2025 (Kế hoạch, phần IV)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard let cap = ctx.conference.budgetCap, let total = ctx.appraisedTotal, total > cap else { return [] }
        return [finding(nil, vi: "tổng thẩm định \(vnd(total)) vượt kinh phí được bố trí \(vnd(cap))",
                        en: "appraised total \(en(total)) exceeds the allocated \(en(cap))")]
    }
}

// MARK: Funding source of rewards

/// ITEM-REWARD-FUND: rewards (honouring women scientists) are paid from the emulation and reward fund
/// (quỹ thi đua, khen thưởng) at the reward levels, not from conference funds: the funding source must be
/// confirmed before the line is approved with the conference.
public struct RewardFund: AppraisalRule {
    public init() {}
    public let id = "ITEM-REWARD-FUND"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khen thưởng chi từ quỹ thi đua, khen thưởng", en: "Rewards come from the reward fund")
    public let basis = "Luật Thi đua, khen thưởng 2022; NĐ 152/2025/NĐ-CP"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard line.kind == .reward else { return nil }
            return finding(line, vi: "tiền thưởng chi từ quỹ thi đua, khen thưởng theo quyết định khen thưởng, không từ kinh phí hội nghị: xác nhận nguồn kinh phí",
                           en: "rewards are paid from the emulation and reward fund under the award decision, not from conference funds: confirm the funding source")
        }
    }
}

/// NORM-PROVISIONAL: the line is priced by a norm that is (or rests on) a provisional figure — the
/// Hanoi-specific levels the brief could not confirm. The appraisal holds, but the figure must be checked
/// against the text in force before approval.
public struct NormProvisional: AppraisalRule {
    public init() {}
    public let id = "NORM-PROVISIONAL"
    public let severity = Severity.info
    public let title = Bilingual(vi: "Định mức tạm tính", en: "Provisional norm")
    public let basis = "Danh mục định mức: cột status = provisional"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.resolvedNorms[line.code], r.provisional else { return nil }
            let ids = r.chain.filter { $0.status == .provisional }.map(\.id).joined(separator: ", ")
            return finding(line, vi: "định mức \"\(r.norm.id)\" (\(vnd(r.ceiling)) \(r.norm.unit.vi)) dựa trên số liệu tạm tính: \(ids)",
                           en: "norm \"\(r.norm.id)\" (\(en(r.ceiling)) \(r.norm.unit.en)) rests on provisional figures: \(ids)",
                           provisional: true, basis: r.basis)
        }
    }
}

/// NORM-AREA: meal support follows where the meeting is held (TT 40/2017 Art. 12(4): inner city of a
/// centrally-run city, provincial city or district, commune). A line citing the meal-support level of
/// another area is appraised at the level of the conference's `area`. The levels are the catalogue norms
/// `meal-support-city`, `meal-support-province`, `meal-support-commune`.
public struct NormArea: AppraisalRule {
    public init() {}
    public let id = "NORM-AREA"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Mức hỗ trợ tiền ăn theo địa bàn tổ chức", en: "Meal-support level of the venue's area")
    public let basis = "TT 40/2017/TT-BTC Điều 12 khoản 4"
    static let prefix = "meal-support-"

    /// The meal-support level the conference's area calls for, when the line cites another area's level.
    static func applicable(_ line: EstimateLine, _ ctx: AppraisalContext) -> ResolvedNorm? {
        guard let id = line.normID, id.hasPrefix(prefix), id != prefix + ctx.conference.area.rawValue,
              let r = try? ctx.catalogue.resolve(prefix + ctx.conference.area.rawValue, on: ctx.conference.eventDate) else { return nil }
        return r
    }

    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let right = NormArea.applicable(line, ctx), let cited = line.normID else { return nil }
            let cut = line.unitPrice > right.ceiling
            let cap = cut ? ((try? Rounding.amount(unitPrice: right.ceiling, factors: line.factors)) ?? .zero) : nil
            return finding(line,
                vi: "dẫn định mức \"\(cited)\" nhưng hội nghị tổ chức tại địa bàn \"\(ctx.conference.area.rawValue)\": áp dụng \"\(right.norm.id)\" \(vnd(right.ceiling)) \(right.norm.unit.vi)" + (cut ? "; thẩm định theo mức này" : ""),
                en: "cites norm \"\(cited)\" but the conference is held in area \"\(ctx.conference.area.rawValue)\": \"\(right.norm.id)\" of \(en(right.ceiling)) \(right.norm.unit.en) applies" + (cut ? "; appraised at that level" : ""),
                provisional: right.provisional, cap: cap, basis: right.basis)
        }
    }
}
