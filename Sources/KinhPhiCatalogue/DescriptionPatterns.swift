import Foundation
import KinhPhiCore

// The description vocabulary (fixtures/catalogue/description-patterns.csv): phrases that make a line read
// as an item conference funds do not pay for — a gift or souvenir, sightseeing, a banquet or party, a
// contingency, a cash reward — whatever kind the preparer declared. Matching is by whole words, case- and
// Unicode-normalisation-insensitive (NFC and NFD alike); a pattern written without diacritics matches the
// description with its diacritics removed (so "qua luu niem" matches "Quà lưu niệm" and "Qua luu niem").
// `position` = `start`: the description must begin with the phrase (a line that IS a contingency: "Dự
// phòng phí", "Phát sinh khác"), so the same words inside a genuine description ("In 20 cuốn dự phòng",
// "In bổ sung tài liệu phát sinh") do not hit; `word`: the phrase anywhere. `except`: phrases separated by
// `;` that cancel the hit ("tham quan" except "trưng bày": delegates visiting the showcase at the venue).

public enum PatternPosition: String, Sendable {
    case start, word
}

public struct DescriptionPattern: Sendable, Hashable {
    public let kind: ItemKind
    public let pattern: String
    public let position: PatternPosition
    public let except: [String]
    public let source: SourceLocation

    public init(kind: ItemKind, pattern: String, position: PatternPosition, except: [String], source: SourceLocation) {
        self.kind = kind; self.pattern = pattern; self.position = position; self.except = except; self.source = source
    }
}

/// A description, split into lower-case words twice: as typed and with diacritics removed.
public struct DescriptionWords: Sendable {
    public let words: [String]
    public let folded: [String]

    public init(_ text: String) {
        words = DescriptionWords.split(text.lowercased())
        folded = DescriptionWords.split(DescriptionWords.fold(text.lowercased()))
    }

    /// Words: maximal runs of letters and digits (Character-wise, so a letter with a combining mark is one).
    static func split(_ s: String) -> [String] {
        var out: [String] = [], cur = ""
        for ch in s {
            if ch.isLetter || ch.isNumber { cur.append(ch) } else if !cur.isEmpty { out.append(cur); cur = "" }
        }
        if !cur.isEmpty { out.append(cur) }
        // One canonical form per word, so that NFC and NFD spellings compare equal as strings and hashes.
        return out.map { $0.precomposedStringWithCanonicalMapping }
    }

    /// Diacritics removed: decompose, drop combining marks, đ → d.
    static func fold(_ s: String) -> String {
        var scalars = String.UnicodeScalarView()
        for u in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if u.properties.generalCategory == .nonspacingMark { continue }
            if u == "đ" { scalars.append("d") } else if u == "Đ" { scalars.append("D") } else { scalars.append(u) }
        }
        return String(scalars)
    }

    /// True when the phrase is written without any diacritic (then it is matched against `folded`).
    static func isPlain(_ phrase: String) -> Bool { phrase.unicodeScalars.allSatisfy { $0.isASCII } }

    /// The phrase occurs as whole words (anywhere, or at the start).
    public func contains(_ phrase: String, atStart: Bool = false) -> Bool {
        let p = DescriptionWords.split(phrase.lowercased())
        guard !p.isEmpty else { return false }
        let hay = DescriptionWords.isPlain(phrase) ? folded : words
        guard hay.count >= p.count else { return false }
        let last = atStart ? 0 : hay.count - p.count
        for i in 0...last where Array(hay[i..<(i + p.count)]) == p { return true }
        return false
    }
}

extension DescriptionPattern {
    /// Does this pattern read `description` (already split)?
    public func matches(_ d: DescriptionWords) -> Bool {
        guard d.contains(pattern, atStart: position == .start) else { return false }
        return !except.contains { d.contains($0) }
    }
}

/// What a description reads as, and the pattern that said so.
public struct DescriptionReading: Sendable, Hashable {
    public let kind: ItemKind
    public let pattern: DescriptionPattern
}

extension Catalogue {
    /// The first pattern (in file order) that reads the description, if any.
    public func read(description: String) -> DescriptionReading? {
        guard !descriptionPatterns.isEmpty else { return nil }
        let d = DescriptionWords(description)
        for p in descriptionPatterns where p.matches(d) { return DescriptionReading(kind: p.kind, pattern: p) }
        return nil
    }
}
