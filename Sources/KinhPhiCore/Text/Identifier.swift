import Foundation

// Identifiers compared as people read them: voucher numbers, invoice series and numbers, contract numbers,
// tax codes and payee IDs. One function gives the key every duplicate check compares (`Identifier.key`,
// `Identifier.appendKey`); one gives why an identifier typed now is refused (`Identifier.problem`). The
// record keeps what the user typed; only the key is normalised, so the journal's format does not change.
// docs/decisions.md (Identifiers compared as people read them), docs/threat-model.md.
//
// The key of an identifier:
//   1. invisible characters are removed (format characters such as ZERO WIDTH SPACE U+200B, ZERO WIDTH
//      JOINER, SOFT HYPHEN, WORD JOINER, the byte order mark, variation selectors, Hangul fillers…);
//   2. Unicode NFKC (compatibility composition: fullwidth `ＰＣ－０１` = `PC-01`, ligatures, superscripts);
//   3. case folded (Unicode lower case, ß = ss, final sigma = sigma);
//   4. every dash (U+2010…U+2015, MINUS SIGN…) is `-`; every run of white space is one space, none at
//      either end;
//   5. the Cyrillic and Greek letters that look like Latin ones are the Latin letter (`РС-01` in Cyrillic
//      = `PC-01`), then NFKC again.
// An identifier made of ASCII and precomposed Vietnamese letters only (names typed on a Vietnamese keyboard:
// payees are compared as identifiers, issue 14) takes a fast path with the same result (lower case, spaces
// collapsed).
//
// Refused when typed (`problem`): an invisible character (step 1 would remove it: two identifiers that
// look the same would be stored differently), or letters of more than one script among Latin, Greek,
// Cyrillic and the others (`PC-0l` with a Cyrillic `С`), digits other than 0–9 counting as another script.

public enum IdentifierProblem: Sendable, Equatable {
    /// A character that is not seen when printed (its code point).
    case invisible(UInt32)
    /// Letters from several scripts (their names, in English: "Latin", "Cyrillic", …).
    case mixedScripts([String])

    public var message: Bilingual {
        switch self {
        case .invisible(let v):
            let code = "U+" + TextSafety.hex(v, width: 4)
            return Bilingual(vi: "mã có ký tự vô hình \(code) (không thấy khi in, làm hai mã trông giống nhau thành khác nhau); hãy gõ lại mã",
                             en: "the identifier holds the invisible character \(code) (not seen when printed: two identifiers that look alike would differ); type it again")
        case .mixedScripts(let names):
            let vi = names.map { Identifier.vietnameseScriptName($0) }.joined(separator: " và ")
            return Bilingual(vi: "mã trộn chữ của nhiều bảng chữ cái (\(vi)), ví dụ chữ С Kirin trông như C Latinh; hãy gõ lại mã bằng bàn phím tiếng Việt",
                             en: "the identifier mixes letters of several scripts (\(names.joined(separator: " and "))), e.g. a Cyrillic С that looks like a Latin C; type it again with a Latin keyboard")
        }
    }
}

public enum Identifier {
    // MARK: The key

    /// The comparison key of an identifier (see the top of this file).
    public static func key(_ s: String) -> String {
        var out: [UInt8] = []
        var t = s
        t.withUTF8 { appendKey(UnsafeRawBufferPointer($0), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the key of the UTF-8 identifier `u` to `out`.
    @inline(__always)
    public static func appendKey(_ u: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: u)
        normalizeKey(&out, from: start)
    }

    /// Whether every byte is ASCII (eight at a time).
    @inline(__always)
    public static func isASCII(_ u: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = u.count
        var acc: UInt64 = 0
        while i + 8 <= n { acc |= u.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
        while i < n { acc |= UInt64(u[i]); i += 1 }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// Replaces the UTF-8 identifier in `out[start...]` by its key: in place while it is ASCII or
    /// precomposed Vietnamese letters (lower case, white space collapsed and trimmed); from the first byte
    /// that is neither, by the Unicode path on what is left (the part already done is its own key there too).
    @inline(__always)
    public static func normalizeKey(_ out: inout [UInt8], from start: Int) {
        let end = out.count
        let (w, r, pendingSpace) = out.withUnsafeMutableBufferPointer { o -> (Int, Int, Bool) in
            var w = start, r = start
            var pendingSpace = false
            while r < end {
                var b = o[r]
                if b >= 0x80 {
                    // A precomposed Vietnamese letter (names, descriptions typed on a Vietnamese keyboard):
                    // its key is its lower case, the same number of bytes, written in place — what the
                    // Unicode path gives for it (NFC and NFKC leave it as it is; not invisible, no dash, no
                    // look-alike). Anything else goes to the Unicode path.
                    guard let len = vietnameseLetterLowered(o, at: r, end: end) else { break }
                    if pendingSpace { o[w] = 0x20; w += 1; pendingSpace = false }
                    for k in 0..<len { o[w + k] = o[r + k] }
                    w += len; r += len
                    continue
                }
                r += 1
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) { pendingSpace = w > start; continue }
                if pendingSpace { o[w] = 0x20; w += 1; pendingSpace = false }
                if b &- 65 < 26 { b |= 0x20 }
                o[w] = b
                w += 1
            }
            return (w, r, pendingSpace)
        }
        if r == end {
            if w < end { out.removeSubrange(w...) }
            return
        }
        var text = String(decoding: out[start..<w], as: UTF8.self)
        if pendingSpace { text += " " }
        text += String(decoding: out[r...], as: UTF8.self)
        out.removeSubrange(start...)
        out.append(contentsOf: unicodeKey(text).utf8)
    }

    /// When `o[r...]` starts with a precomposed Vietnamese letter (À–ỹ: the Latin-1 and Latin Extended-A
    /// letters Vietnamese uses, Ơ Ư, and U+1EA0…U+1EF9), lower-cases it in place and returns its length in
    /// bytes (2 or 3, unchanged by lower-casing); nil for anything else.
    @inline(__always)
    static func vietnameseLetterLowered(_ o: UnsafeMutableBufferPointer<UInt8>, at r: Int, end: Int) -> Int? {
        let b0 = o[r]
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard r + 1 < end else { return nil }
            let b1 = o[r + 1]
            guard b1 & 0xC0 == 0x80 else { return nil }
            let v = UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F)
            let lower: UInt32
            switch v {
            case 0xC0...0xC3, 0xC8...0xCA, 0xCC, 0xCD, 0xD2...0xD5, 0xD9, 0xDA, 0xDD: lower = v + 0x20  // À Á Â Ã È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý
            case 0xE0...0xE3, 0xE8...0xEA, 0xEC, 0xED, 0xF2...0xF5, 0xF9, 0xFA, 0xFD: lower = v
            case 0x102, 0x110, 0x128, 0x168, 0x1A0: lower = v + 1                                       // Ă Đ Ĩ Ũ Ơ
            case 0x103, 0x111, 0x129, 0x169, 0x1A1, 0x1B0: lower = v
            case 0x1AF: lower = 0x1B0                                                                   // Ư
            default: return nil
            }
            o[r] = UInt8(0xC0 | lower >> 6); o[r + 1] = UInt8(0x80 | lower & 0x3F)
            return 2
        }
        if b0 == 0xE1 {
            guard r + 2 < end else { return nil }
            let b1 = o[r + 1], b2 = o[r + 2]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
            let v = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
            guard v >= 0x1EA0 && v <= 0x1EF9 else { return nil }
            let lower = v | 1                                                                            // Ạ ạ … Ỹ ỹ: even upper, odd lower
            o[r + 1] = UInt8(0x80 | lower >> 6 & 0x3F); o[r + 2] = UInt8(0x80 | lower & 0x3F)
            return 3
        }
        return nil
    }

    static func unicodeKey(_ s: String) -> String {
        var visible = String.UnicodeScalarView()
        for u in s.unicodeScalars where !isInvisible(u) { visible.append(u) }
        let folded = String(visible).precomposedStringWithCompatibilityMapping.lowercased()
        var mapped = String.UnicodeScalarView()
        var pendingSpace = false
        for u in folded.unicodeScalars {
            if u.properties.isWhitespace { pendingSpace = !mapped.isEmpty; continue }
            if pendingSpace { mapped.append(" "); pendingSpace = false }
            if u.properties.generalCategory == .dashPunctuation || u.value == 0x2212 { mapped.append("-"); continue }
            switch u.value {
            case 0xDF: mapped.append("s"); mapped.append("s")            // ß
            case 0x3C2: mapped.append(Unicode.Scalar(0x3C3)!)           // ς → σ
            default:
                if let latin = lookAlike[u.value] { mapped.append(latin) } else { mapped.append(u) }
            }
        }
        return String(mapped).precomposedStringWithCompatibilityMapping
    }

    /// Lower-case Cyrillic and Greek letters drawn like a Latin letter (after case folding), and that letter.
    static let lookAlike: [UInt32: Unicode.Scalar] = {
        let pairs: [(UInt32, Character)] = [
            // Cyrillic
            (0x430, "a"), (0x432, "b"), (0x435, "e"), (0x451, "e"), (0x43A, "k"), (0x43C, "m"), (0x43D, "h"), (0x43E, "o"),
            (0x440, "p"), (0x441, "c"), (0x442, "t"), (0x443, "y"), (0x445, "x"), (0x456, "i"), (0x458, "j"), (0x455, "s"),
            (0x501, "d"), (0x51B, "q"), (0x51D, "w"), (0x4BB, "h"), (0x475, "v"), (0x4CF, "l"), (0x457, "i"),
            // Greek
            (0x3B1, "a"), (0x3B2, "b"), (0x3B5, "e"), (0x3B6, "z"), (0x3B7, "h"), (0x3B9, "i"), (0x3BA, "k"), (0x3BC, "m"),
            (0x3BD, "v"), (0x3BF, "o"), (0x3C1, "p"), (0x3C4, "t"), (0x3C5, "u"), (0x3C7, "x"), (0x3B3, "y"),
        ]
        var m: [UInt32: Unicode.Scalar] = [:]
        for (v, c) in pairs { m[v] = c.unicodeScalars.first! }
        return m
    }()

    // MARK: What is refused

    /// Why an identifier typed now is refused, or nil. (Control characters, bidirectional controls and
    /// line separators are refused in every text by `TextSafety` first.)
    public static func problem(_ s: String) -> IdentifierProblem? {
        var t = s
        if t.withUTF8({ isASCII(UnsafeRawBufferPointer($0)) }) { return nil }
        for u in s.unicodeScalars where isInvisible(u) { return .invisible(u.value) }
        var scripts: [String] = []
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars {
            guard let name = script(u), !scripts.contains(name) else { continue }
            scripts.append(name)
        }
        return scripts.count > 1 ? .mixedScripts(scripts) : nil
    }

    /// Characters not seen when printed: Unicode's format characters (Cf: ZERO WIDTH SPACE, the joiners,
    /// SOFT HYPHEN, WORD JOINER, BOM, …) and the other default-ignorable code points (variation selectors,
    /// COMBINING GRAPHEME JOINER, Hangul fillers, Mongolian free variation selectors, tag characters).
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0xAD { return false }
        if u.properties.generalCategory == .format { return true }
        return v == 0x34F || v == 0x115F || v == 0x1160 || v == 0x17B4 || v == 0x17B5 || (v >= 0x180B && v <= 0x180F)
            || v == 0x3164 || (v >= 0xFE00 && v <= 0xFE0F) || v == 0xFFA0 || (v >= 0xE0000 && v <= 0xE0FFF)
            || (v >= 0x1D173 && v <= 0x1D17A) || v == 0x2800
    }

    /// The script of a letter or digit for the mixed-script rule: "Latin", "Greek", "Cyrillic" or "other";
    /// nil for what belongs to no script (ASCII digits, punctuation, spaces, combining marks).
    static func script(_ u: Unicode.Scalar) -> String? {
        let v = u.value
        let cat = u.properties.generalCategory
        switch cat {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: break
        case .decimalNumber: return v >= 0x30 && v <= 0x39 ? nil : "other"
        default: return nil
        }
        if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0xAA || v == 0xBA || (v >= 0xC0 && v <= 0x2AF)
            || (v >= 0x1D00 && v <= 0x1D25) || (v >= 0x1D2C && v <= 0x1D5C) || (v >= 0x1D62 && v <= 0x1D65) || (v >= 0x1D6B && v <= 0x1D77)
            || (v >= 0x1D79 && v <= 0x1DBE) || (v >= 0x1E00 && v <= 0x1EFF) || v == 0x2071 || v == 0x207F || (v >= 0x2090 && v <= 0x209C)
            || (v >= 0x2C60 && v <= 0x2C7F) || (v >= 0xA720 && v <= 0xA7FF) || (v >= 0xAB30 && v <= 0xAB6F) || (v >= 0xFB00 && v <= 0xFB06)
            || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A) {
            return "Latin"
        }
        if (v >= 0x370 && v <= 0x3FF) || (v >= 0x1F00 && v <= 0x1FFF) || (v >= 0x1D26 && v <= 0x1D2A) || (v >= 0x1D5D && v <= 0x1D61) {
            return "Greek"
        }
        if (v >= 0x400 && v <= 0x52F) || (v >= 0x1C80 && v <= 0x1C8F) || (v >= 0x2DE0 && v <= 0x2DFF) || (v >= 0xA640 && v <= 0xA69F) || v == 0x1D2B || v == 0x1D78 {
            return "Cyrillic"
        }
        return "other"
    }

    static func vietnameseScriptName(_ name: String) -> String {
        switch name {
        case "Latin": return "Latinh"
        case "Greek": return "Hy Lạp"
        case "Cyrillic": return "Kirin"
        default: return "khác"
        }
    }
}
