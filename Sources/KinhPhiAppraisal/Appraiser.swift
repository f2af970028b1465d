import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// Runs every rule and turns findings into appraised amounts: per line,
//   appraised = min(requested, every cap the line's findings set), never below zero;
//   difference = appraised − requested (negative = cut).

public struct LineAppraisal: Sendable {
    public let line: EstimateLine
    public let requested: Money
    public let appraised: Money
    public let findings: [Finding]
    /// The norm the line is held to by its kind when its `norm` cell is blank (kind-norms.csv), if any.
    public var impliedNormID: String? = nil
    public var difference: Money { (try? appraised - requested) ?? .zero }
}

public struct SectionAppraisal: Sendable {
    public let title: String
    public let lines: [LineAppraisal]
    public let requested: Money
    public let appraised: Money
    public var difference: Money { (try? appraised - requested) ?? .zero }
}

public struct Appraisal: Sendable {
    public let estimate: Estimate
    public let catalogue: Catalogue
    public let sections: [SectionAppraisal]
    /// Findings about the whole estimate (totals, dates, budget cap).
    public let estimateFindings: [Finding]
    public let requested: Money
    public let appraised: Money
    public var difference: Money { (try? appraised - requested) ?? .zero }

    public var lines: [LineAppraisal] { sections.flatMap(\.lines) }
    public var allFindings: [Finding] { lines.flatMap(\.findings) + estimateFindings }
    public var hasErrors: Bool { allFindings.contains { $0.severity == .error } }
    public func count(_ s: Severity) -> Int { allFindings.filter { $0.severity == s }.count }
}

public enum Appraiser {
    public static func appraise(_ estimate: Estimate, catalogue: Catalogue,
                                rules: [any AppraisalRule] = AppraisalRules.all) throws(MoneyError) -> Appraisal {
        let ctx = AppraisalContext(estimate: estimate, catalogue: catalogue)
        var byLine: [String: [Finding]] = [:]
        var estimateLevel: [Finding] = []
        let lineRules = rules.filter { !($0 is any TotalsRule) }
        let totalsRules = rules.filter { $0 is any TotalsRule }
        for rule in lineRules {
            for f in rule.check(ctx) {
                if let code = f.lineCode { byLine[code, default: []].append(f) } else { estimateLevel.append(f) }
            }
        }
        var sections: [SectionAppraisal] = []
        for s in estimate.sections {
            var lines: [LineAppraisal] = []
            for line in s.lines {
                let findings = byLine[line.code] ?? []
                var appraised = line.statedAmount
                for f in findings { if let cap = f.cap { appraised = Money.min(appraised, cap) } }
                appraised = Money.max(appraised, .zero)
                lines.append(LineAppraisal(line: line, requested: line.statedAmount, appraised: appraised, findings: findings,
                                           impliedNormID: ctx.impliedNorms[line.code]?.pair.normID))
            }
            sections.append(SectionAppraisal(title: s.title, lines: lines,
                                             requested: try Money.sum(lines.map(\.requested)),
                                             appraised: try Money.sum(lines.map(\.appraised))))
        }
        let requested = try Money.sum(sections.map(\.requested))
        let appraised = try Money.sum(sections.map(\.appraised))
        let totalsCtx = ctx.with(appraisedTotal: appraised)
        for rule in totalsRules { estimateLevel += rule.check(totalsCtx) }
        return Appraisal(estimate: estimate, catalogue: catalogue, sections: sections, estimateFindings: estimateLevel,
                         requested: requested, appraised: appraised)
    }
}
