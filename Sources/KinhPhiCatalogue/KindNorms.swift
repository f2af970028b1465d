import KinhPhiCore

// Which norms cap which item kinds (fixtures/catalogue/kind-norms.csv). One row per pair: a line of `kind`
// may cite `norm`; where `default` is yes, a line of that kind whose `norm` cell is blank is still held to
// it. `area` restricts the pair to conferences held in that area (city, province, commune; blank = any);
// `st_task` = yes restricts it to conferences that are science and technology tasks (TT 03/2023/TT-BTC).
// `family` names the same level across areas (meal-support-city / -province / -commune), so that a line
// citing another area's level can be pointed at the right one. Format: docs/formats.md.

public struct KindNorm: Sendable, Hashable {
    public let kind: ItemKind
    public let normID: String
    /// The level this pair belongs to across areas (defaults to the norm id).
    public let family: String
    /// "city", "province", "commune", or nil for any area.
    public let area: String?
    /// Only for conferences that are S&T tasks.
    public let stTaskOnly: Bool
    /// A line of this kind with a blank `norm` cell is held to this norm.
    public let isDefault: Bool
    public let status: NormStatus
    public let source: SourceLocation

    public init(kind: ItemKind, normID: String, family: String, area: String?, stTaskOnly: Bool, isDefault: Bool,
                status: NormStatus, source: SourceLocation) {
        self.kind = kind; self.normID = normID; self.family = family; self.area = area; self.stTaskOnly = stTaskOnly
        self.isDefault = isDefault; self.status = status; self.source = source
    }

    /// The pair applies to a conference in `area`, S&T task or not.
    public func fits(area: String, stTask: Bool) -> Bool {
        (self.area == nil || self.area == area) && (!stTaskOnly || stTask)
    }
}

/// The norm a line is held to when it cites none, or the one that replaces a citation that does not fit.
public struct KindNormChoice: Sendable {
    public let pair: KindNorm
    public let resolved: ResolvedNorm
}

extension Catalogue {
    /// Every pair for a kind (any area, any condition).
    public func pairs(for kind: ItemKind) -> [KindNorm] { kindNorms.filter { $0.kind == kind } }

    /// The pair that lets a line of `kind` cite `normID`, if any (any area, any condition).
    public func pair(kind: ItemKind, norm normID: String) -> KindNorm? {
        kindNorms.first { $0.kind == kind && $0.normID == normID }
    }

    /// The norm a line of `kind` is held to by default at a conference in `area` (S&T task or not) on a date:
    /// among the default pairs that fit and whose norm resolves to money that day, the lowest ceiling
    /// (a provincial level is set within the national ceiling, so the lower one binds).
    public func defaultNorm(for kind: ItemKind, area: String, stTask: Bool, on date: CivilDate) -> KindNormChoice? {
        var best: KindNormChoice?
        for p in kindNorms where p.kind == kind && p.isDefault && p.fits(area: area, stTask: stTask) {
            guard let r = try? resolve(p.normID, on: date) else { continue }
            if best == nil || r.ceiling < best!.resolved.ceiling { best = KindNormChoice(pair: p, resolved: r) }
        }
        return best
    }

    /// The pair of the same family as `pair` for another area (NORM-AREA), resolved on a date.
    public func sameFamily(as pair: KindNorm, area: String, stTask: Bool, on date: CivilDate) -> KindNormChoice? {
        for p in kindNorms where p.kind == pair.kind && p.family == pair.family && p.fits(area: area, stTask: stTask) {
            if let r = try? resolve(p.normID, on: date) { return KindNormChoice(pair: p, resolved: r) }
        }
        return nil
    }
}
