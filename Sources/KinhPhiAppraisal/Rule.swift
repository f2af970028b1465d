import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

/// One appraisal rule: an ID, a severity, its legal basis and a pure check.
public protocol AppraisalRule: Sendable {
    var id: String { get }
    var severity: Severity { get }
    var title: Bilingual { get }
    var basis: String { get }
    func check(_ ctx: AppraisalContext) -> [Finding]
}

extension AppraisalRule {
    func finding(_ line: EstimateLine?, vi: String, en: String, provisional: Bool = false, cap: Money? = nil, basis: String? = nil) -> Finding {
        Finding(ruleID: id, severity: severity, lineCode: line?.code, message: Bilingual(vi: vi, en: en),
                basis: basis ?? self.basis, provisional: provisional, cap: cap)
    }
}

/// Everything a rule may look at, computed once: the estimate, the catalogue, each line's computed
/// amount and its norm resolved on the event date.
public struct AppraisalContext: Sendable {
    public let estimate: Estimate
    public let catalogue: Catalogue
    /// quantity factors × unit price per line code; nil when the product overflows.
    public let computed: [String: Money]
    /// The norm each line cites, resolved on the event date; absent when not cited or not in force.
    public let resolvedNorms: [String: ResolvedNorm]
    /// Only for rules that run after the lines are appraised (BUDGET-CAP): the appraised grand total.
    public let appraisedTotal: Money?

    public init(estimate: Estimate, catalogue: Catalogue, appraisedTotal: Money? = nil) {
        self.estimate = estimate
        self.catalogue = catalogue
        var computed: [String: Money] = [:]
        var norms: [String: ResolvedNorm] = [:]
        for line in estimate.lines {
            if let m = try? line.computedAmount() { computed[line.code] = m }
            if let id = line.normID, let r = try? catalogue.resolve(id, on: estimate.conference.eventDate) { norms[line.code] = r }
        }
        self.computed = computed
        self.resolvedNorms = norms
        self.appraisedTotal = appraisedTotal
    }

    func with(appraisedTotal: Money) -> AppraisalContext {
        AppraisalContext(estimate: estimate, catalogue: catalogue, computed: computed, resolvedNorms: resolvedNorms, appraisedTotal: appraisedTotal)
    }

    private init(estimate: Estimate, catalogue: Catalogue, computed: [String: Money], resolvedNorms: [String: ResolvedNorm], appraisedTotal: Money?) {
        self.estimate = estimate; self.catalogue = catalogue; self.computed = computed
        self.resolvedNorms = resolvedNorms; self.appraisedTotal = appraisedTotal
    }

    public var conference: Conference { estimate.conference }
}

/// Rules that judge the appraised totals; the appraiser runs them after the line rules.
public protocol TotalsRule: AppraisalRule {}

/// Formatting helpers for messages.
func vnd(_ m: Money) -> String { VietnameseNumberFormat.money(m) }
func en(_ m: Money) -> String { VietnameseNumberFormat.moneyEnglish(m) }
func factorsText(_ line: EstimateLine, _ lang: Language) -> String {
    (line.factors.map { VietnameseNumberFormat.quantity($0, lang: lang) } + [VietnameseNumberFormat.money(line.unitPrice, lang)]).joined(separator: " × ")
}
