
// Findings: what a rule says about a line or the whole estimate. Modelled on beancount's
// ops/validation.py: each check is a small pure function returning a list of findings.

public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    /// The line is cut or the estimate is returned for correction.
    case error
    /// The preparer must explain.
    case warning
    /// For information (e.g. a tax to withhold at payment).
    case info

    var rank: Int { switch self { case .error: 0; case .warning: 1; case .info: 2 } }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var label: Bilingual {
        switch self {
        case .error: return Bilingual(vi: "lỗi", en: "error")
        case .warning: return Bilingual(vi: "cảnh báo", en: "warning")
        case .info: return Bilingual(vi: "lưu ý", en: "info")
        }
    }
}

public struct Finding: Sendable, Hashable {
    public let ruleID: String
    public let severity: Severity
    /// The line it is about; nil for the whole estimate (totals, dates, budget cap).
    public let lineCode: String?
    public let message: Bilingual
    /// The legal basis the finding rests on.
    public let basis: String
    /// True when it rests on a provisional norm or code: reports say so.
    public let provisional: Bool
    /// The most this line may be appraised at because of this finding (nil = no cut).
    public let cap: Money?

    public init(ruleID: String, severity: Severity, lineCode: String?, message: Bilingual, basis: String,
                provisional: Bool = false, cap: Money? = nil) {
        self.ruleID = ruleID; self.severity = severity; self.lineCode = lineCode; self.message = message
        self.basis = basis; self.provisional = provisional; self.cap = cap
    }

    /// The message with the provisional note when it applies.
    public func text(_ lang: Language) -> String {
        let m = message.text(lang)
        guard provisional else { return m }
        return m + (lang == .vi ? " (căn cứ định mức/mã tạm tính, cần xác minh)" : " (rests on a provisional norm or code; to be verified)")
    }
}
