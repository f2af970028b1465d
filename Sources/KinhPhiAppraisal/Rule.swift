import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

/// One appraisal rule: an ID, a severity, its citation and a pure check. The citation is `basisID`, an id
/// of the catalogue's dated legal-basis table (legal-bases.csv), so a finding prints the text in force on
/// the conference's date; `basis` is the text printed when the catalogue has no such table.
public protocol AppraisalRule: Sendable {
    var id: String { get }
    var severity: Severity { get }
    var title: Bilingual { get }
    /// The citation used when the catalogue has no legal-basis table (or no version in force).
    var basis: String { get }
    /// The id of the citation in the catalogue's legal-basis table; nil = always `basis`.
    var basisID: String? { get }
    func check(_ ctx: AppraisalContext) -> [Finding]
}

extension AppraisalRule {
    public var basisID: String? { nil }

    /// The citation this rule prints for a conference: from the dated table, else `basis`.
    public func citation(_ ctx: AppraisalContext) -> String {
        guard let basisID else { return basis }
        return ctx.basis(basisID, fallback: basis)
    }

    func finding(_ line: EstimateLine?, _ ctx: AppraisalContext, vi: String, en: String, provisional: Bool = false,
                 cap: Money? = nil, basis: String? = nil) -> Finding {
        Finding(ruleID: id, severity: severity, lineCode: line?.code, message: Bilingual(vi: vi, en: en),
                basis: basis ?? citation(ctx), provisional: provisional, cap: cap)
    }
}

/// The norm a line is held to: the one it cites (when that fits its kind, area and the conference), or —
/// when its `norm` cell is blank — its kind's default norm (kind-norms.csv).
public struct HeldNorm: Sendable {
    public let resolved: ResolvedNorm
    /// True when the line cites it; false when it comes from the line's kind.
    public let cited: Bool
}

/// Everything a rule may look at, computed once: the estimate, the catalogue, each line's computed
/// amount, its norm resolved on the event date, the norm its kind holds it to, and what its description
/// reads as.
public struct AppraisalContext: Sendable {
    public let estimate: Estimate
    public let catalogue: Catalogue
    /// quantity factors × unit price per line code; nil when the product overflows.
    public let computed: [String: Money]
    /// The norm each line cites, resolved on the event date; absent when not cited or not in force.
    public let resolvedNorms: [String: ResolvedNorm]
    /// The norm each line is held to by its kind when it cites none (kind-norms.csv, `default` pairs).
    public let impliedNorms: [String: KindNormChoice]
    /// What each line's description reads as (description-patterns.csv), when it reads as something.
    public let readings: [String: DescriptionReading]
    /// Only for rules that run after the lines are appraised (BUDGET-CAP): the appraised grand total.
    public let appraisedTotal: Money?

    public init(estimate: Estimate, catalogue: Catalogue, appraisedTotal: Money? = nil) {
        self.estimate = estimate
        self.catalogue = catalogue
        let c = estimate.conference
        var computed: [String: Money] = [:]
        var norms: [String: ResolvedNorm] = [:]
        var implied: [String: KindNormChoice] = [:]
        var readings: [String: DescriptionReading] = [:]
        for line in estimate.lines {
            if let m = try? line.computedAmount() { computed[line.code] = m }
            if let id = line.normID {
                if let r = try? catalogue.resolve(id, on: c.eventDate) { norms[line.code] = r }
            } else if let d = catalogue.defaultNorm(for: line.kind, area: c.area.rawValue, stTask: c.stTask, on: c.eventDate) {
                implied[line.code] = d
            }
            if let r = catalogue.read(description: line.description) { readings[line.code] = r }
        }
        self.computed = computed
        self.resolvedNorms = norms
        self.impliedNorms = implied
        self.readings = readings
        self.appraisedTotal = appraisedTotal
    }

    func with(appraisedTotal: Money) -> AppraisalContext {
        AppraisalContext(estimate: estimate, catalogue: catalogue, computed: computed, resolvedNorms: resolvedNorms,
                         impliedNorms: impliedNorms, readings: readings, appraisedTotal: appraisedTotal)
    }

    private init(estimate: Estimate, catalogue: Catalogue, computed: [String: Money], resolvedNorms: [String: ResolvedNorm],
                 impliedNorms: [String: KindNormChoice], readings: [String: DescriptionReading], appraisedTotal: Money?) {
        self.estimate = estimate; self.catalogue = catalogue; self.computed = computed
        self.resolvedNorms = resolvedNorms; self.impliedNorms = impliedNorms; self.readings = readings
        self.appraisedTotal = appraisedTotal
    }

    public var conference: Conference { estimate.conference }

    /// The kind the line is appraised as: what its description reads as, else its declared kind.
    public func effectiveKind(_ line: EstimateLine) -> ItemKind { readings[line.code]?.kind ?? line.kind }

    /// The norm the line is held to (cited, or its kind's default), if any.
    public func held(_ line: EstimateLine) -> HeldNorm? {
        if let r = resolvedNorms[line.code] { return HeldNorm(resolved: r, cited: true) }
        if let d = impliedNorms[line.code] { return HeldNorm(resolved: d.resolved, cited: false) }
        return nil
    }

    /// A citation from the dated legal-basis table, in force on the event date.
    public func basis(_ id: String, fallback: String) -> String {
        catalogue.basis(id, on: conference.eventDate, fallback: fallback)
    }

    /// A citation in force on 01/01 of the budget year (the State Budget Law governs by budget year).
    public func budgetYearBasis(_ id: String, fallback: String) -> String {
        let start = CivilDate(year: conference.fiscalYear, month: 1, day: 1) ?? conference.eventDate
        return catalogue.basis(id, on: start, fallback: fallback)
    }

    /// "<plan>" or "", for rule texts that quote the conference's plan.
    public var plan: String { conference.plan }
}

/// Rules that judge the appraised totals; the appraiser runs them after the line rules.
public protocol TotalsRule: AppraisalRule {}

/// Formatting helpers for messages.
func vnd(_ m: Money) -> String { VietnameseNumberFormat.money(m) }
func en(_ m: Money) -> String { VietnameseNumberFormat.moneyEnglish(m) }
func factorsText(_ line: EstimateLine, _ lang: Language) -> String {
    (line.factors.map { VietnameseNumberFormat.quantity($0, lang: lang) } + [VietnameseNumberFormat.money(line.unitPrice, lang)]).joined(separator: " × ")
}

/// "a; b" without empty parts.
func joinBases(_ parts: String...) -> String { parts.filter { !$0.isEmpty }.joined(separator: "; ") }
