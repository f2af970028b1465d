import KinhPhiCore

// Budget codes (Mục lục ngân sách nhà nước, TT 324/2016/TT-BTC Annex III): mục (group) and tiểu mục
// (sub-item). Kept as data (fixtures/catalogue/budget-codes.csv) because the brief marks them provisional.

public struct BudgetCode: Sendable, Hashable {
    /// Tiểu mục, e.g. "6651" (or a mục, e.g. "6650", when used as a group).
    public let code: String
    /// Its mục, e.g. "6650"; equal to `code` for a mục itself.
    public let group: String
    public let name: Bilingual
    /// The item kinds this code may carry.
    public let kinds: Set<ItemKind>
    public let status: NormStatus
    public let source: SourceLocation

    public init(code: String, group: String, name: Bilingual, kinds: Set<ItemKind>, status: NormStatus, source: SourceLocation) {
        self.code = code; self.group = group; self.name = name; self.kinds = kinds; self.status = status; self.source = source
    }
}
