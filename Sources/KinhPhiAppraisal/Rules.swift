import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// The appraisal rules, one type each, mirroring what the Finance Department (Sở Tài chính) checks when it
// appraises (thẩm định) a conference estimate. docs/rules.md lists them with an example finding each and
// their basis per period. Each rule cites an id of the dated legal-basis table (basisID); `basis` is the
// text printed without that table. Nothing here quotes a particular conference's plan: plan facts (the
// plan's reference, papers planned, who is assigned what, the thrift requirement) come from conference.csv
// and estimate.csv. Order matters only for the order findings are reported in.

public enum AppraisalRules {
    /// Every rule, in the order they run. BudgetCap is a TotalsRule and runs after lines are appraised.
    public static let all: [any AppraisalRule] = [
        ArithmeticLine(), ArithmeticSection(), ArithmeticTotal(),
        NormInForce(), NormKind(), NormSTTask(), NormCeiling(), NormArea(), NormScope(), NormProvisional(), PriceEvidence(),
        QuantityDelegates(), QuantityPapers(), QuantityHandout(),
        KindMismatch(), GiftNotAllowed(), LeisureNotAllowed(), RewardFund(), ContingencyNotAllowed(),
        StateHallRent(), OwnHallRent(), ConditionalItem(), StaffFee(),
        BudgetCodeFits(), FiscalYear(), PersonalIncomeTax(), OtherUnitTask(), LumpSum(),
        BudgetCap(),
    ]
}

let basisArithmetic = "Luật Kế toán 2015 (88/2015/QH13) Điều 11; kiểm tra số học khi thẩm định dự toán"
let basisArt11 = "TT 40/2017/TT-BTC Điều 11"

/// The amount of a line with its factors at `price`: quantity × persons × sessions × price (R1).
func amount(_ line: EstimateLine, at price: Money) -> Money {
    (try? Rounding.amount(unitPrice: price, factors: line.factors)) ?? .zero
}

// MARK: Arithmetic

/// ARITH-LINE: Thành tiền = quantity × persons × sessions × unit price, to the đồng.
public struct ArithmeticLine: AppraisalRule {
    public init() {}
    public let id = "ARITH-LINE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Thành tiền = số lượng × đơn giá", en: "Amount = quantity × unit price")
    public let basis = basisArithmetic
    public let basisID: String? = "arithmetic"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let computed = ctx.computed[line.code] else {
                return finding(line, ctx, vi: "không tính được thành tiền: vượt giới hạn số tiền", en: "the amount cannot be computed: it exceeds the money limit", cap: .zero)
            }
            guard computed != line.statedAmount else { return nil }
            return finding(line, ctx,
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
    public let basisID: String? = "arithmetic"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.sections.compactMap { s in
            guard let stated = s.statedSubtotal, let sum = try? Money.sum(s.lines.map(\.statedAmount)), sum != stated else { return nil }
            return finding(nil, ctx, vi: "cộng mục \"\(s.title)\" ghi \(vnd(stated)) nhưng tổng các dòng là \(vnd(sum))",
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
    public let basisID: String? = "arithmetic"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard let stated = ctx.conference.statedTotal, let sum = try? Money.sum(ctx.estimate.lines.map(\.statedAmount)), sum != stated else { return [] }
        return [finding(nil, ctx, vi: "tổng cộng ghi \(vnd(stated)) nhưng tổng các dòng là \(vnd(sum))",
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
    public let basisID: String? = "norm-in-force"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let id = line.normID, ctx.resolvedNorms[line.code] == nil else { return nil }
            return finding(line, ctx, vi: "định mức \"\(id)\" không có mức nào hiệu lực vào ngày \(ctx.conference.eventDate)",
                           en: "norm \"\(id)\" has no level in force on \(ctx.conference.eventDate)")
        }
    }
}

/// The replacement for a citation that does not fit: the line's kind's default norm for this conference.
/// Returns the cap (when the price is above it) and the words for the message.
func appraiseByKind(_ line: EstimateLine, _ ctx: AppraisalContext) -> (choice: KindNormChoice?, cap: Money?, vi: String, en: String) {
    let c = ctx.conference
    guard let d = ctx.catalogue.defaultNorm(for: line.kind, area: c.area.rawValue, stTask: c.stTask, on: c.eventDate) else {
        return (nil, nil, "loại \"\(line.kind.rawValue)\" chưa có định mức áp dụng: giữ số đề nghị, cần báo giá, hợp đồng hoặc căn cứ giá",
                "kind \"\(line.kind.rawValue)\" has no norm that applies: the requested amount stands; provide a quote, contract or price basis")
    }
    let cut = line.unitPrice > d.resolved.ceiling
    let r = d.resolved
    return (d, cut ? amount(line, at: r.ceiling) : nil,
            "loại \"\(line.kind.rawValue)\" theo định mức \"\(r.norm.id)\" \(vnd(r.ceiling)) \(r.norm.unit.vi)" + (cut ? "; thẩm định theo định mức này" : ""),
            "kind \"\(line.kind.rawValue)\" follows norm \"\(r.norm.id)\" of \(en(r.ceiling)) \(r.norm.unit.en)" + (cut ? "; appraised at that norm" : ""))
}

/// NORM-KIND: the cited norm does not cap the line's kind (kind-norms.csv has no such pair): a meal line
/// citing a guest-reception rate, a secretariat line citing a paper rate. The line is appraised by its
/// kind's norm, if one applies.
public struct NormKind: AppraisalRule {
    public init() {}
    public let id = "NORM-KIND"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Định mức phù hợp nội dung chi", en: "Norm fits the item's kind")
    public let basis = "TT 40/2017/TT-BTC Điều 12; định mức theo nội dung chi (danh mục kind-norms)"
    public let basisID: String? = "norm-kind"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard !ctx.catalogue.kindNorms.isEmpty else { return [] }
        return ctx.estimate.lines.compactMap { line in
            guard let id = line.normID, ctx.catalogue.hasNorm(id), ctx.catalogue.pair(kind: line.kind, norm: id) == nil else { return nil }
            let by = appraiseByKind(line, ctx)
            return finding(line, ctx,
                vi: "định mức \"\(id)\" không dùng cho \(line.kind.name.vi); \(by.vi)",
                en: "norm \"\(id)\" does not apply to \(line.kind.name.en); \(by.en)",
                provisional: by.choice?.resolved.provisional ?? false, cap: by.cap,
                basis: by.choice.map { joinBases(citation(ctx), $0.resolved.basis) })
        }
    }
}

/// NORM-ST-TASK: TT 03/2023/TT-BTC rates (kind-norms.csv `st_task` = yes) are for science and technology
/// tasks; a conference that is not one (conference.csv `st_task` = no, the default) may not cite them. The
/// line is appraised by the Hanoi level for its kind, if the catalogue has one.
public struct NormSTTask: AppraisalRule {
    public init() {}
    public let id = "NORM-ST-TASK"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Định mức nhiệm vụ KH&CN chỉ cho nhiệm vụ KH&CN", en: "S&T task rates only for S&T tasks")
    public let basis = "TT 03/2023/TT-BTC Điều 1, Điều 4 khoản 4 (hội thảo khoa học thuộc nhiệm vụ KH&CN)"
    public let basisID: String? = "st-task-rates"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard !ctx.conference.stTask else { return [] }
        return ctx.estimate.lines.compactMap { line in
            guard let id = line.normID, let p = ctx.catalogue.pair(kind: line.kind, norm: id), p.stTaskOnly else { return nil }
            let by = appraiseByKind(line, ctx)
            return finding(line, ctx,
                vi: "định mức \"\(id)\" chỉ áp dụng cho nhiệm vụ khoa học và công nghệ; hội nghị này không phải nhiệm vụ KH&CN (st_task = no); \(by.vi)",
                en: "norm \"\(id)\" applies to science and technology tasks only; this conference is not one (st_task = no); \(by.en)",
                provisional: by.choice?.resolved.provisional ?? false, cap: by.cap,
                basis: by.choice.map { joinBases(citation(ctx), $0.resolved.basis) })
        }
    }
}

/// NORM-CEILING: the unit price does not exceed the norm the line is held to on the event date — the one
/// it cites, or, when its `norm` cell is blank, its kind's norm; above it, the line is appraised at it.
public struct NormCeiling: AppraisalRule {
    public init() {}
    public let id = "NORM-CEILING"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Đơn giá không vượt định mức", en: "Unit price within the norm")
    public let basis = "TT 40/2017/TT-BTC Điều 12; định mức theo danh mục"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let h = ctx.held(line), line.unitPrice > h.resolved.ceiling else { return nil }
            let r = h.resolved
            let how = h.cited ? "" : " (dòng không ghi định mức: áp dụng định mức của \(line.kind.name.vi))"
            let howEn = h.cited ? "" : " (the line cites no norm: its kind's norm applies)"
            return finding(line, ctx,
                vi: "đơn giá \(vnd(line.unitPrice)) vượt định mức \"\(r.norm.id)\" \(vnd(r.ceiling)) \(r.norm.unit.vi)\(how); thẩm định theo định mức",
                en: "unit price \(en(line.unitPrice)) exceeds norm \"\(r.norm.id)\" of \(en(r.ceiling)) \(r.norm.unit.en)\(howEn); appraised at the norm",
                provisional: r.provisional, cap: amount(line, at: r.ceiling), basis: r.basis)
        }
    }
}

/// NORM-AREA: a level set per area (meal support: inner city of a centrally-run city, provincial city or
/// district, commune — TT 40/2017 Art. 12(4)) follows where the meeting is held. A line citing another
/// area's level is appraised at the level of the conference's `area` (the same `family` in kind-norms.csv).
public struct NormArea: AppraisalRule {
    public init() {}
    public let id = "NORM-AREA"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Mức theo địa bàn tổ chức", en: "Level of the venue's area")
    public let basis = "TT 40/2017/TT-BTC Điều 12 khoản 4"

    /// The level the conference's area calls for, when the line cites another area's level.
    static func applicable(_ line: EstimateLine, _ ctx: AppraisalContext) -> ResolvedNorm? {
        let c = ctx.conference
        guard let id = line.normID else { return nil }
        let pairs = ctx.catalogue.kindNorms.filter { $0.kind == line.kind && $0.normID == id }
        // The citation fits when one of its pairs is for any area or for this one.
        guard let p = pairs.first, !pairs.contains(where: { $0.area == nil || $0.area == c.area.rawValue }),
              let right = ctx.catalogue.sameFamily(as: p, area: c.area.rawValue, stTask: true, on: c.eventDate) else { return nil }
        return right.resolved
    }

    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let right = NormArea.applicable(line, ctx), let cited = line.normID else { return nil }
            let cut = line.unitPrice > right.ceiling
            return finding(line, ctx,
                vi: "dẫn định mức \"\(cited)\" nhưng hội nghị tổ chức tại địa bàn \"\(ctx.conference.area.rawValue)\": áp dụng \"\(right.norm.id)\" \(vnd(right.ceiling)) \(right.norm.unit.vi)" + (cut ? "; thẩm định theo mức này" : ""),
                en: "cites norm \"\(cited)\" but the conference is held in area \"\(ctx.conference.area.rawValue)\": \"\(right.norm.id)\" of \(en(right.ceiling)) \(right.norm.unit.en) applies" + (cut ? "; appraised at that level" : ""),
                provisional: right.provisional, cap: cut ? amount(line, at: right.ceiling) : nil, basis: right.basis)
        }
    }
}

/// NORM-SCOPE: the norm the line is held to carries a scope note (norms.csv `scope_vi`): who it is for.
/// Whether the line is within it is an appraisal question, reported rather than assumed.
public struct NormScope: AppraisalRule {
    public init() {}
    public let id = "NORM-SCOPE"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Phạm vi áp dụng định mức", en: "Scope of the norm")
    public let basis = "Danh mục định mức: cột scope_vi"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.held(line)?.resolved, let scope = r.norm.scope else { return nil }
            return finding(line, ctx, vi: "định mức \"\(r.norm.id)\": \(scope.vi)", en: "norm \"\(r.norm.id)\": \(scope.en)",
                           provisional: r.provisional, basis: r.basis)
        }
    }
}

/// NORM-PROVISIONAL: the line is priced by a norm (cited, or its kind's) that is or rests on a provisional
/// figure. The appraisal holds, but the figure must be checked against the text in force before approval.
public struct NormProvisional: AppraisalRule {
    public init() {}
    public let id = "NORM-PROVISIONAL"
    public let severity = Severity.info
    public let title = Bilingual(vi: "Định mức tạm tính", en: "Provisional norm")
    public let basis = "Danh mục định mức: cột status = provisional"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.held(line)?.resolved, r.provisional else { return nil }
            let ids = r.chain.filter { $0.status == .provisional }.map(\.id).joined(separator: ", ")
            return finding(line, ctx, vi: "định mức \"\(r.norm.id)\" (\(vnd(r.ceiling)) \(r.norm.unit.vi)) dựa trên số liệu tạm tính: \(ids)",
                           en: "norm \"\(r.norm.id)\" (\(en(r.ceiling)) \(r.norm.unit.en)) rests on provisional figures: \(ids)",
                           provisional: true, basis: r.basis)
        }
    }
}

/// PRICE-EVIDENCE: a line whose kind has no norm in force (hall rent, equipment, interpreting, printing,
/// fees without a Hanoi level…), that cites none and carries no evidence, needs the quote or contract its
/// price rests on. Lump sums are LUMP-SUM's; items not payable at all are cut by their ITEM-* rule.
public struct PriceEvidence: AppraisalRule {
    public init() {}
    public let id = "PRICE-EVIDENCE"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khoản chi không có định mức cần báo giá", en: "Item without a norm needs a quote")
    public let basis = "TT 40/2017/TT-BTC Điều 11; Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2 điểm b (chi đúng chế độ, tiêu chuẩn, định mức)"
    public let basisID: String? = "price-evidence"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard line.normID == nil, ctx.impliedNorms[line.code] == nil, line.evidence.isEmpty,
                  !LumpSum.isLumpSum(line.unit), !ctx.effectiveKind(line).isNotPayable,
                  !(ctx.effectiveKind(line) == .hallRent && (ctx.conference.ownVenue || OwnHallRent.paysOrganiser(line, ctx.conference)))
            else { return nil }
            return finding(line, ctx,
                vi: "\(line.kind.name.vi) không có định mức hiệu lực: cần báo giá, hợp đồng hoặc căn cứ giá (cột Báo giá — evidence)",
                en: "\(line.kind.name.en) has no norm in force: provide the quote, contract or price basis (column Báo giá — evidence)")
        }
    }
}

// MARK: Quantities

/// The unit price a quantity cap is computed at: the stated price, but never above the norm the line is
/// held to, nor above a replacement for a citation that does not fit. The appraiser keeps the smallest
/// cap, so a line over both a norm and the event's size needs one cap applying both cuts
/// (150 × 40.000, not min(160 × 40.000, 150 × 50.000)).
func priceWithinNorm(_ line: EstimateLine, _ ctx: AppraisalContext) -> Money {
    var price = line.unitPrice
    if let h = ctx.held(line) { price = Money.min(price, h.resolved.ceiling) }
    if let a = NormArea.applicable(line, ctx) { price = Money.min(price, a.ceiling) }
    if let id = line.normID, ctx.catalogue.hasNorm(id), !ctx.catalogue.kindNorms.isEmpty {
        let p = ctx.catalogue.pair(kind: line.kind, norm: id)
        if p == nil || (p!.stTaskOnly && !ctx.conference.stTask), let d = appraiseByKind(line, ctx).choice {
            price = Money.min(price, d.resolved.ceiling)
        }
    }
    return price
}

/// "<plan> (what)" or "what of the conference" for texts that quote the plan.
func planBasis(_ ctx: AppraisalContext, vi: String) -> String {
    ctx.plan.isEmpty ? "Hồ sơ hội nghị (conference.csv): \(vi)" : "\(ctx.plan): \(vi)"
}

/// QTY-DELEGATES: per-person lines count at most the delegates — for meal support, the delegates not on
/// the payroll of a state body, a public service unit or an enterprise — per-session lines at most the
/// conference's half-day sessions.
public struct QuantityDelegates: AppraisalRule {
    public init() {}
    public let id = "QTY-DELEGATES"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Số người, số buổi phù hợp quy mô hội nghị", en: "Persons and sessions fit the event")
    public let basis = "TT 40/2017/TT-BTC Điều 12 khoản 4"
    public let basisID: String? = "meal-eligibility"
    static func isPerPerson(_ unit: String) -> Bool {
        let u = unit.lowercased()
        return u.hasPrefix("người") || u.hasPrefix("đại biểu") || u.hasPrefix("suất")
    }
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        let size = planBasis(ctx, vi: "\(c.delegates) đại biểu, trong đó \(c.delegatesNonPayroll) không trong danh sách trả lương; \(c.sessions) buổi")
        return ctx.estimate.lines.compactMap { line in
            let personLimit = line.kind == .meals ? c.delegatesNonPayroll : c.delegates
            // A per-person unit ("người", "đại biểu") with no persons column counts heads in `quantity`.
            let headsInQuantity = line.persons == nil && QuantityDelegates.isPerPerson(line.unit)
            var persons = headsInQuantity ? line.quantity : line.persons
            var sessions = line.sessions
            var vi: [String] = [], en: [String] = []
            if let p = persons, p > Quantity(whole: personLimit) {
                vi.append(line.kind == .meals
                          ? "\(p) người vượt số đại biểu không trong danh sách trả lương của cơ quan nhà nước, đơn vị sự nghiệp công lập, doanh nghiệp (\(personLimit))"
                          : "\(p) người vượt số đại biểu (\(personLimit))")
                en.append(line.kind == .meals
                          ? "\(p) persons exceed the delegates not on the payroll of a state body, a public service unit or an enterprise (\(personLimit))"
                          : "\(p) persons exceed the delegates (\(personLimit))")
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
            return finding(line, ctx, vi: vi.joined(separator: "; ") + "; thẩm định theo quy mô hội nghị",
                           en: en.joined(separator: "; ") + "; appraised at the conference's size", cap: cap ?? .zero,
                           basis: joinBases(size, line.kind == .meals ? citation(ctx) : ""))
        }
    }
}

/// QTY-PAPERS: commissioned papers, counted over every paper line together, at most the number the
/// conference provides for (conference.csv `papers_planned`). That number is allotted to the paper lines in
/// estimate order; a line that gets fewer papers than it asks for is appraised at the papers it got.
public struct QuantityPapers: AppraisalRule {
    public init() {}
    public let id = "QTY-PAPERS"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Số tham luận không vượt số dự kiến", en: "Papers within the number planned")
    public let basis = "Hồ sơ hội nghị: số tham luận dự kiến (papers_planned)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let planned = Quantity(whole: ctx.conference.papersPlanned)
        let citation = planBasis(ctx, vi: "số tham luận dự kiến \(planned)")
        var left = planned
        var out: [Finding] = []
        for line in ctx.estimate.lines where line.kind == .paper {
            guard let count = try? line.quantity * (line.persons ?? .one) else { continue }
            let allowed = count < left ? count : left
            left = Self.subtract(left, allowed)
            guard allowed < count else { continue }
            let cap = try? Rounding.amount(unitPrice: priceWithinNorm(line, ctx), factors: [allowed] + [line.sessions].compactMap { $0 })
            out.append(finding(line, ctx, vi: "tổng số tham luận vượt số dự kiến (\(planned)); dòng này được \(allowed)/\(count) bài",
                               en: "papers in all exceed the \(planned) planned; this line gets \(allowed) of \(count)", cap: cap ?? .zero,
                               basis: citation))
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

/// QTY-HANDOUT: items handed to each delegate (documents, stationery, badges, folders — counted in bộ,
/// cuốn, quyển, cái, phần, chiếc, tập) number at most the delegates plus a reserve (the catalogue's bare
/// rate `handout-reserve`); above it the line is appraised at that number. Silent without that rate.
public struct QuantityHandout: AppraisalRule {
    public init() {}
    public let id = "QTY-HANDOUT"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Tài liệu, văn phòng phẩm theo số đại biểu", en: "Handouts fit the delegates")
    public let basis = basisArt11
    public let basisID: String? = "conference-costs"
    /// Units of one item per delegate (the unit's first word, case-insensitive).
    public static let handoutUnits: Set<String> = ["bộ", "cuốn", "quyển", "cái", "phần", "chiếc", "tập"]

    static func isHandoutUnit(_ unit: String) -> Bool {
        guard let first = unit.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" }).first else { return false }
        return handoutUnits.contains(String(first))
    }

    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        guard let (rate, reserveNorm) = ctx.catalogue.rate("handout-reserve", on: c.eventDate) else { return [] }
        // Limit: delegates × (1 + reserve), whole items, rounded down.
        guard let extra = try? Quantity(whole: c.delegates) * rate else { return [] }
        let limit = Quantity(whole: c.delegates + Self.floor(extra))
        let pct = (try? rate * Quantity(whole: 100)).map { VietnameseNumberFormat.quantity($0) } ?? ""
        return ctx.estimate.lines.compactMap { line in
            guard line.kind.isHandout, Self.isHandoutUnit(line.unit),
                  let count = try? line.quantity * (line.persons ?? .one), count > limit else { return nil }
            let cap = try? Rounding.amount(unitPrice: priceWithinNorm(line, ctx), factors: [limit] + [line.sessions].compactMap { $0 })
            return finding(line, ctx,
                vi: "\(count) \(line.unit) vượt số đại biểu (\(c.delegates)) cộng dự phòng \(pct)% (\(limit)); thẩm định theo \(limit)",
                en: "\(count) \(line.unit) exceed the delegates (\(c.delegates)) plus a \(pct)% reserve (\(limit)); appraised at \(limit)",
                provisional: reserveNorm.status == .provisional, cap: cap ?? .zero,
                basis: joinBases(citation(ctx), reserveNorm.basis))
        }
    }

    /// The whole part of a non-negative quantity.
    static func floor(_ q: Quantity) -> Int64 {
        var m = q.mantissa
        for _ in 0..<q.scale { m /= 10 }
        return m
    }
}

// MARK: What the line is

/// KIND-MISMATCH: the description reads as an item conference funds do not pay for (description-patterns
/// .csv: a gift, sightseeing, a banquet, a contingency, a cash reward) while the declared kind says
/// otherwise. The line is appraised as what it is: its ITEM-* rule cuts it.
public struct KindMismatch: AppraisalRule {
    public init() {}
    public let id = "KIND-MISMATCH"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Nội dung chi khác loại kê khai", en: "Description differs from the declared kind")
    public let basis = basisArt11
    public let basisID: String? = "conference-costs"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard let r = ctx.readings[line.code], r.kind != line.kind else { return nil }
            return finding(line, ctx,
                vi: "nội dung \"\(r.pattern.pattern)\" là \(r.kind.name.vi) (\(r.kind.rawValue)), kê khai là \(line.kind.name.vi) (\(line.kind.rawValue)): thẩm định theo \(r.kind.name.vi)",
                en: "the description (\"\(r.pattern.pattern)\") is \(r.kind.name.en) (\(r.kind.rawValue)), declared as \(line.kind.name.en) (\(line.kind.rawValue)): appraised as \(r.kind.name.en)")
        }
    }
}

/// ITEM-GIFT: gifts and souvenirs are not payable from conference funds (declared or read as such).
public struct GiftNotAllowed: AppraisalRule {
    public init() {}
    public let id = "ITEM-GIFT"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không chi quà tặng, quà lưu niệm", en: "No gifts or souvenirs")
    public let basis = "TT 40/2017/TT-BTC Điều 11; TT 71/2018/TT-BTC Điều 4 khoản 2 điểm b"
    public let basisID: String? = "no-gifts"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard ctx.effectiveKind(line) == .gift else { return nil }
            return finding(line, ctx, vi: "quà tặng, quà lưu niệm không được chi từ kinh phí hội nghị",
                           en: "gifts and souvenirs may not be paid from conference funds", cap: .zero)
        }
    }
}

/// ITEM-LEISURE: sightseeing, trips, banquets and parties are not payable from conference funds.
public struct LeisureNotAllowed: AppraisalRule {
    public init() {}
    public let id = "ITEM-LEISURE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không chi tham quan, tiệc chiêu đãi", en: "No sightseeing or banquets")
    public let basis = basisArt11
    public let basisID: String? = "no-leisure"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            let k = ctx.effectiveKind(line)
            guard k == .sightseeing || k == .banquet else { return nil }
            return finding(line, ctx, vi: "\(k.name.vi) không được chi từ kinh phí hội nghị",
                           en: "\(k.name.en) may not be paid from conference funds", cap: .zero)
        }
    }
}

/// ITEM-REWARD-FUND: the money that goes with a Bằng khen or Giấy khen is paid by whoever decides the award
/// from the emulation and reward fund it manages (Luật Thi đua, khen thưởng 2022): a reward line in a
/// conference estimate is an error, appraised at 0.
public struct RewardFund: AppraisalRule {
    public init() {}
    public let id = "ITEM-REWARD-FUND"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Tiền thưởng chi từ quỹ thi đua, khen thưởng", en: "Rewards come from the reward fund")
    public let basis = "Luật Thi đua, khen thưởng 2022 (06/2022/QH15) Điều 11 khoản 4"
    public let basisID: String? = "reward-fund"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard ctx.effectiveKind(line) == .reward else { return nil }
            return finding(line, ctx,
                vi: "tiền thưởng kèm Bằng khen, Giấy khen do người ra quyết định khen thưởng chi từ quỹ thi đua, khen thưởng do cấp mình quản lý, không bố trí trong dự toán hội nghị",
                en: "reward money (Bằng khen, Giấy khen) is paid by whoever decides the award from the reward fund it manages, not from the conference estimate",
                cap: .zero)
        }
    }
}

/// ITEM-CONTINGENCY: a contingency (dự phòng, phát sinh) line is not appraisable in a unit's estimate.
public struct ContingencyNotAllowed: AppraisalRule {
    public init() {}
    public let id = "ITEM-CONTINGENCY"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không bố trí dự phòng", en: "No contingency line")
    public let basis = "Luật NSNN 2015 (83/2015/QH13) Điều 10; TT 40/2017/TT-BTC Điều 11"
    public let basisID: String? = "no-contingency"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            guard ctx.effectiveKind(line) == .contingency else { return nil }
            return finding(line, ctx, vi: "khoản dự phòng, phát sinh không được thẩm định trong dự toán hội nghị",
                           en: "a contingency line is not appraisable in a conference estimate", cap: .zero)
        }
    }
}

// MARK: Venue and conditional items

/// ITEM-STATE-HALL: hall rent at a hall of another state body is a question, not an automatic cut: the
/// owner may charge for services (electricity, staff, equipment). A warning; the line is appraised as
/// requested, with the owner's charge notice or contract as evidence.
public struct StateHallRent: AppraisalRule {
    public init() {}
    public let id = "ITEM-STATE-HALL"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Thuê hội trường của cơ quan nhà nước", en: "Rent for a state body's hall")
    public let basis = basisArt11
    public let basisID: String? = "hall-rent"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        guard c.stateVenue, !c.ownVenue else { return [] }
        let owner = c.venueOwner.isEmpty ? "" : " (\(c.venueOwner))"
        return ctx.estimate.lines.compactMap { line in
            guard ctx.effectiveKind(line) == .hallRent, !OwnHallRent.paysOrganiser(line, c) else { return nil }
            return finding(line, ctx,
                vi: "hội trường \"\(c.place)\" của cơ quan nhà nước\(owner): chỉ chi phần chi phí dịch vụ đơn vị quản lý thu; cần văn bản, hợp đồng của đơn vị quản lý hội trường" + (line.evidence.isEmpty ? " (chưa có)" : ""),
                en: "the hall \"\(c.place)\" belongs to a state body\(owner): only the services its manager charges for are payable; attach the manager's notice or contract" + (line.evidence.isEmpty ? " (none yet)" : ""))
        }
    }
}

/// ITEM-OWN-HALL: no rent for the organiser's own hall (conference.csv `venue_owner` = the organiser) or a
/// hall-rent line paid to the organiser itself (`payee` = the organiser): appraised at 0.
public struct OwnHallRent: AppraisalRule {
    public init() {}
    public let id = "ITEM-OWN-HALL"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không thuê hội trường của chính đơn vị", en: "No rent for the organiser's own hall")
    public let basis = basisArt11
    public let basisID: String? = "hall-rent"
    static func paysOrganiser(_ line: EstimateLine, _ c: Conference) -> Bool {
        !line.payee.isEmpty && Conference.sameUnit(line.payee, c.organiser)
    }
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        return ctx.estimate.lines.compactMap { line in
            guard ctx.effectiveKind(line) == .hallRent, c.ownVenue || Self.paysOrganiser(line, c) else { return nil }
            return finding(line, ctx, vi: "hội trường, phòng họp của chính \(c.organiser): không thẩm định tiền thuê",
                           en: "a hall or meeting room of \(c.organiser) itself: no rent is appraisable", cap: .zero)
        }
    }
}

/// ITEM-CONDITIONAL: hall rent, equipment hire (sound, light, screens, projectors) and transport hire are
/// payable only when the unit (or the hall) has none suitable; items outside TT 40/2017 Art. 11's list
/// ("other") need their basis.
public struct ConditionalItem: AppraisalRule {
    public init() {}
    public let id = "ITEM-CONDITIONAL"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khoản chi có điều kiện hoặc ngoài danh mục", en: "Conditional or unlisted item")
    public let basis = basisArt11
    public let basisID: String? = "hall-rent"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            switch ctx.effectiveKind(line) {
            case .hallRent where !ctx.conference.stateVenue:
                return finding(line, ctx, vi: "chỉ thuê hội trường khi đơn vị không có địa điểm phù hợp: cần giải trình", en: "hall rent only if the unit has no suitable venue: explain")
            case .soundLight:
                return finding(line, ctx, vi: "chỉ thuê thiết bị (âm thanh, ánh sáng, màn hình, máy chiếu) khi đơn vị, hội trường không có hoặc không đáp ứng: cần giải trình",
                               en: "equipment hire (sound, light, screens, projectors) only if the unit or the hall has none suitable: explain")
            case .transport:
                return finding(line, ctx, vi: "chỉ thuê phương tiện khi đơn vị không có: cần giải trình", en: "transport hire only if the unit has none: explain")
            case .other:
                return finding(line, ctx, vi: "nội dung chi không thuộc danh mục chi hội nghị: cần giải trình căn cứ", en: "item not on the list of conference costs: state its basis")
            default:
                return nil
            }
        }
    }
}

/// STAFF-FEE: the organiser's own staff are not paid presenter, paper or secretary rates for their own
/// duties: an honorarium line whose `payee` or `assigned_to` is the organiser is appraised at 0.
public struct StaffFee: AppraisalRule {
    public init() {}
    public let id = "STAFF-FEE"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Không chi thù lao cho cán bộ đơn vị tổ chức", en: "No fees to the organiser's own staff")
    public let basis = basisArt11
    public let basisID: String? = "staff-fee"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        return ctx.estimate.lines.compactMap { line in
            guard line.kind.isHonorarium else { return nil }
            let who = [line.payee, line.assignedTo].first { !$0.isEmpty && Conference.sameUnit($0, c.organiser) }
            guard who != nil else { return nil }
            return finding(line, ctx,
                vi: "người nhận là cán bộ của \(c.organiser) (đơn vị tổ chức): không chi thù lao báo cáo viên, tham luận, thư ký cho nhiệm vụ của chính đơn vị",
                en: "the payee is \(c.organiser)'s own staff (the organiser): no presenter, paper or secretary fee for the unit's own duties",
                cap: .zero)
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
    public let basisID: String? = "budget-codes"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        ctx.estimate.lines.compactMap { line in
            let fitting = ctx.catalogue.budgetCodes.values.filter { $0.kinds.contains(line.kind) }.map(\.code).sorted()
            let hint = fitting.isEmpty ? "" : fitting.joined(separator: ", ")
            guard let code = ctx.catalogue.budgetCodes[line.budgetCode] else {
                return finding(line, ctx, vi: "mã \"\(line.budgetCode)\" không có trong danh mục mục/tiểu mục" + (hint.isEmpty ? "" : "; phù hợp: \(hint)"),
                               en: "code \"\(line.budgetCode)\" is not in the budget-code list" + (hint.isEmpty ? "" : "; fitting: \(hint)"), provisional: true)
            }
            guard !code.kinds.contains(line.kind) else { return nil }
            return finding(line, ctx,
                vi: "mã \(code.code) (\(code.name.vi)) không dùng cho \(line.kind.name.vi)" + (hint.isEmpty ? "" : "; phù hợp: \(hint)"),
                en: "code \(code.code) (\(code.name.en)) does not fit \(line.kind.name.en)" + (hint.isEmpty ? "" : "; fitting: \(hint)"),
                provisional: code.status == .provisional)
        }
    }
}

/// FISCAL-YEAR: the event falls in the budget year; the year's money is spent by 31/12 and not carried
/// over. The budget law cited is the one governing that budget year.
public struct FiscalYear: AppraisalRule {
    public init() {}
    public let id = "FISCAL-YEAR"
    public let severity = Severity.error
    public let title = Bilingual(vi: "Thời gian tổ chức trong năm ngân sách", en: "Event within the budget year")
    public let basis = "Luật NSNN 2015 (83/2015/QH13): năm ngân sách từ 01/01 đến 31/12; kinh phí không chuyển năm sau"
    public let basisID: String? = "budget-year"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        guard c.eventDate.year != c.fiscalYear else { return [] }
        return [finding(nil, ctx, vi: "ngày tổ chức \(c.eventDate) ngoài năm ngân sách \(c.fiscalYear); kinh phí năm \(c.fiscalYear) phải chi trước 31/12/\(c.fiscalYear)",
                        en: "event date \(c.eventDate) is outside budget year \(c.fiscalYear); \(c.fiscalYear) money must be spent by 31/12/\(c.fiscalYear)",
                        basis: ctx.budgetYearBasis("budget-year", fallback: basis))]
    }
}

// MARK: Payment notes

/// PIT-HONORARIUM: an honorarium to one person of at least the threshold per payment → PIT withheld at
/// payment. Threshold and rate are catalogue data (pit-threshold, pit-rate), dated.
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
            return finding(line, ctx,
                vi: "mỗi người nhận \(vnd(perPayee)) ≥ \(vnd(threshold.ceiling)): khấu trừ \(rateText)thuế TNCN khi chi trả",
                en: "each payee receives \(en(perPayee)) ≥ \(en(threshold.ceiling)): withhold \(rateText)PIT at payment",
                provisional: threshold.provisional, basis: threshold.basis)
        }
    }
}

/// OTHER-UNIT: a line for work the conference's files give to another unit (`assigned_to`): who pays must
/// be confirmed.
public struct OtherUnitTask: AppraisalRule {
    public init() {}
    public let id = "OTHER-UNIT"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Nhiệm vụ của đơn vị khác", en: "Another unit's task")
    public let basis = "Phân công thực hiện (dự toán, cột Đơn vị thực hiện — assigned_to)"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let citation = planBasis(ctx, vi: "phân công thực hiện")
        return ctx.estimate.lines.compactMap { line in
            let unit = line.assignedTo
            guard !unit.isEmpty, !Conference.sameUnit(unit, ctx.conference.organiser) else { return nil }
            return finding(line, ctx, vi: "nhiệm vụ này được giao cho \(unit): cần xác định nguồn kinh phí (đơn vị nào chi)",
                           en: "this task is assigned to \(unit): confirm the funding source (who pays)", basis: citation)
        }
    }
}

/// LUMP-SUM: a lump sum with neither a quote/contract nor a norm needs one (thrift).
public struct LumpSum: AppraisalRule {
    public init() {}
    public let id = "LUMP-SUM"
    public let severity = Severity.warning
    public let title = Bilingual(vi: "Khoán trọn gói cần báo giá", en: "Lump sum needs a quote")
    public let basis = basisArt11
    public let basisID: String? = "thrift"
    /// Units that mean "the whole job for one price".
    public static let lumpSumUnits: Set<String> = ["trọn gói", "gói", "tg", "khoán", "lump sum"]
    static func isLumpSum(_ unit: String) -> Bool { lumpSumUnits.contains(unit.lowercased()) }
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        let c = ctx.conference
        let thrift = c.planThrift.isEmpty ? "" : (c.plan.isEmpty ? c.planThrift : "\(c.plan), \(c.planThrift)")
        return ctx.estimate.lines.compactMap { line in
            guard LumpSum.isLumpSum(line.unit), line.normID == nil, ctx.impliedNorms[line.code] == nil, line.evidence.isEmpty else { return nil }
            return finding(line, ctx, vi: "khoán trọn gói \(vnd(line.statedAmount)) không có báo giá, hợp đồng hay định mức: cần bổ sung",
                           en: "lump sum of \(en(line.statedAmount)) without a quote, contract or norm: provide one",
                           basis: joinBases(thrift, citation(ctx)))
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
    public let basis = "Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2 (chỉ chi khi có trong dự toán được giao)"
    public let basisID: String? = "within-estimate"
    public func check(_ ctx: AppraisalContext) -> [Finding] {
        guard let cap = ctx.conference.budgetCap, let total = ctx.appraisedTotal, total > cap else { return [] }
        let source = ctx.conference.fundingSource.isEmpty ? "" : "Kinh phí được bố trí: \(ctx.conference.fundingSource)"
        return [finding(nil, ctx, vi: "tổng thẩm định \(vnd(total)) vượt kinh phí được bố trí \(vnd(cap))",
                        en: "appraised total \(en(total)) exceeds the allocated \(en(cap))",
                        basis: joinBases(source, ctx.budgetYearBasis("within-estimate", fallback: basis)))]
    }
}
