import KinhPhiCore

// The legal basis each rule cites, as effective-dated data (fixtures/catalogue/legal-bases.csv), like the
// norms: one row per version of a citation, so that a rule prints the law in force on the date it judges
// (the 2015 State Budget Law for budget years up to 2025, the 2025 law from budget year 2026). A rule names
// its citation by id; `Catalogue.basis(_:on:)` returns the text in force that day.

public struct LegalBasis: Sendable, Hashable {
    public let id: String
    public let text: String
    public let effectiveFrom: CivilDate
    /// Last day in force; nil = open-ended.
    public let effectiveTo: CivilDate?
    public let status: NormStatus
    public let source: SourceLocation

    public init(id: String, text: String, effectiveFrom: CivilDate, effectiveTo: CivilDate?, status: NormStatus, source: SourceLocation) {
        self.id = id; self.text = text; self.effectiveFrom = effectiveFrom; self.effectiveTo = effectiveTo
        self.status = status; self.source = source
    }

    public func isInForce(on date: CivilDate) -> Bool {
        effectiveFrom <= date && (effectiveTo.map { date <= $0 } ?? true)
    }

    /// The text as printed: a provisional citation says so.
    public var printed: String { status == .provisional ? text + " (căn cứ tạm tính, cần xác minh)" : text }
}

extension Catalogue {
    /// The citation `id` in force on a date (nil if the table has no version in force that day).
    public func legalBasis(_ id: String, on date: CivilDate) -> LegalBasis? {
        legalBases[id]?.first { $0.isInForce(on: date) }
    }

    /// The printed text of citation `id` on a date; `fallback` when the table has none in force (a catalogue
    /// without legal-bases.csv, e.g. one rebuilt from an older approval snapshot).
    public func basis(_ id: String, on date: CivilDate, fallback: String) -> String {
        legalBasis(id, on: date)?.printed ?? fallback
    }
}
