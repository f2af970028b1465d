import KinhPhiCore

// A norm (định mức): a ceiling in force over a date range, with its legal basis and its status.
// Every figure is data (fixtures/catalogue/norms.csv); none is a constant in code.

public enum NormStatus: String, Sendable, Codable {
    /// Seen in the legal text or in two independent sources.
    case confirmed
    /// From a secondary source or memory: reports say so next to any finding that rests on it.
    case provisional
}

/// How the ceiling is expressed.
public enum NormCeiling: Sendable, Hashable {
    /// A money amount per unit (200.000 đ/person/day).
    case amount(Money)
    /// A percentage of another norm (130 % of the meal-support rate).
    case percent(Quantity, of: String)
    /// A coefficient times another norm (1,5 × base salary).
    case coefficient(Quantity, of: String)
}

public struct Norm: Sendable, Hashable {
    public let id: String
    public let name: Bilingual
    public let ceiling: NormCeiling
    public let unit: Bilingual
    /// Legal document, e.g. "TT 40/2017/TT-BTC".
    public let document: String
    /// Article, e.g. "Điều 12 khoản 4".
    public let article: String
    public let effectiveFrom: CivilDate
    /// Last day in force; nil = open-ended.
    public let effectiveTo: CivilDate?
    public let status: NormStatus
    public let rounding: RoundingRule
    /// A scope restriction an appraiser must weigh (e.g. TT 03/2023 applies to S&T tasks); empty if none.
    public let scope: Bilingual?
    /// Where it was read from.
    public let source: SourceLocation

    public init(id: String, name: Bilingual, ceiling: NormCeiling, unit: Bilingual, document: String, article: String,
                effectiveFrom: CivilDate, effectiveTo: CivilDate?, status: NormStatus, rounding: RoundingRule,
                scope: Bilingual?, source: SourceLocation) {
        self.id = id; self.name = name; self.ceiling = ceiling; self.unit = unit; self.document = document
        self.article = article; self.effectiveFrom = effectiveFrom; self.effectiveTo = effectiveTo
        self.status = status; self.rounding = rounding; self.scope = scope; self.source = source
    }

    public func isInForce(on date: CivilDate) -> Bool {
        effectiveFrom <= date && (effectiveTo.map { date <= $0 } ?? true)
    }

    /// "TT 40/2017/TT-BTC Điều 12 khoản 4".
    public var basis: String { article.isEmpty ? document : "\(document) \(article)" }
}

/// A norm resolved to money on a date, following percent / coefficient references.
public struct ResolvedNorm: Sendable, Hashable {
    public let norm: Norm
    public let ceiling: Money
    /// True when this norm, or any norm it is computed from, is provisional.
    public let provisional: Bool
    /// The norms it rests on, outermost first (e.g. award-city-merit, base-salary).
    public let chain: [Norm]

    /// "TT 40/2017/TT-BTC Điều 12 khoản 4" plus the bases it is computed from.
    public var basis: String { chain.map(\.basis).joined(separator: "; ") }
}
