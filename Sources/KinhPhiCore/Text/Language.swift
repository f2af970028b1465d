/// The language of a report or message. Vietnamese is the default (the finance office's language).
public enum Language: String, Sendable, Codable, CaseIterable {
    case vi, en
}

/// Anything that can explain itself to a finance officer in either language.
public protocol Localized {
    func message(_ lang: Language) -> String
}

/// A pair of texts, Vietnamese and English.
public struct Bilingual: Sendable, Hashable, Codable {
    public let vi: String
    public let en: String
    public init(vi: String, en: String) { self.vi = vi; self.en = en }
    public func text(_ lang: Language) -> String { lang == .vi ? vi : en }
}
