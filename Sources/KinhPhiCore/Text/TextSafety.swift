// What text KinhPhi accepts and how it shows text it did not write: one rule for every text field and
// command-line value (`TextSafety.forbidden`), one escape for every message and report printed
// (`TextSafety.visible`, `TextSafety.terminalSafe`). docs/threat-model.md, docs/decisions.md.
//
// Refused on input, shown escaped on output:
//   • C0 controls U+0000–U+001F (TAB, LF and CR included: every field is one line), DEL U+007F and the C1
//     controls U+0080–U+009F — they move a terminal's cursor, clear it, or break a CSV line;
//   • the bidirectional formatting characters U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 —
//     they reorder what is displayed ("Trojan Source"), so that a payee or an amount reads differently from
//     what is stored;
//   • the line and paragraph separators U+2028, U+2029, which some programs treat as line breaks.

public enum TextSafety {
    /// Whether a scalar is refused in text (see the top of this file).
    @inline(__always)
    public static func isForbidden(_ v: UInt32) -> Bool {
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            || v == 0x2028 || v == 0x2029
    }

    /// The first refused scalar of `s`, if any.
    public static func forbidden(in s: String) -> Unicode.Scalar? {
        var t = s
        return t.withUTF8 { firstForbidden(UnsafeRawBufferPointer($0)) }.flatMap(Unicode.Scalar.init)
    }

    /// The first refused scalar (its code point) of valid UTF-8 text, if any. Eight bytes at a time while
    /// no byte can begin one (below 0x20, DEL, or the lead bytes 0xC2, 0xD8, 0xE2 of the refused scalars
    /// above U+007F); from there byte by byte.
    @inline(__always)
    public static func firstForbidden(_ u: UnsafeRawBufferPointer) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func has(_ w: UInt64, _ b: UInt64) -> UInt64 { let x = w ^ (ones &* b); return (x &- ones) & ~x }
        var i = 0
        let n = u.count
        while i + 8 <= n {
            let w = u.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (w &- ones &* 0x20) & ~w
            if (below | has(w, 0x7F) | has(w, 0xC2) | has(w, 0xD8) | has(w, 0xE2)) & high != 0 { break }
            i += 8
        }
        while i < n {
            let b = u[i]
            if b < 0x20 || b == 0x7F { return UInt32(b) }
            if b == 0xC2, i + 1 < n, u[i + 1] >= 0x80, u[i + 1] <= 0x9F { return UInt32(u[i + 1]) }
            if b == 0xD8, i + 1 < n, u[i + 1] == 0x9C { return 0x61C }
            if b == 0xE2, i + 2 < n {
                let v = (UInt32(b & 0x0F) << 12) | (UInt32(u[i + 1] & 0x3F) << 6) | UInt32(u[i + 2] & 0x3F)
                if isForbidden(v) { return v }
            }
            i += 1
        }
        return nil
    }

    /// A refused scalar named for a message: `U+202E`, with what it is.
    public static func describe(_ u: Unicode.Scalar) -> Bilingual {
        let code = "U+" + hex(u.value, width: 4)
        let v = u.value
        if v == 0x09 { return Bilingual(vi: "dấu TAB (\(code))", en: "a TAB (\(code))") }
        if v == 0x0A || v == 0x0D { return Bilingual(vi: "dấu xuống dòng (\(code))", en: "a line break (\(code))") }
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return Bilingual(vi: "ký tự điều khiển \(code)", en: "the control character \(code)") }
        if v == 0x2028 || v == 0x2029 { return Bilingual(vi: "ký tự ngắt dòng \(code)", en: "the line separator \(code)") }
        return Bilingual(vi: "ký tự đảo chiều hiển thị \(code)", en: "the bidirectional control \(code)")
    }

    /// Text as a message may show it: every refused scalar (see the top of this file) written as `\xNN`
    /// (below U+0100) or `\u{NNNN}`, so that nothing it holds can act on the terminal or reorder the line.
    /// Invisible characters (`Identifier.isInvisible`: ZERO WIDTH SPACE, SOFT HYPHEN…) are shown the same way,
    /// so that a message says what the text really holds.
    public static func visible(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return s }
        guard s.unicodeScalars.contains(where: { isForbidden($0.value) || Identifier.isInvisible($0) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isForbidden(u.value) || Identifier.isInvisible(u) { out += escape(u.value) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// A whole output (a report, a message, a CSV file printed to the terminal) made safe to print: as
    /// `visible`, but LF, TAB and the CR of a CRLF line end are kept (the output's own layout).
    public static func terminalSafe(_ s: String) -> String {
        // Fast path: nothing refused but TAB, LF and the CR of a CRLF (the byte scanner, then a look at each
        // control it finds).
        var t = s
        let clean = t.withUTF8 { u -> Bool in
            var rest = UnsafeRawBufferPointer(u)
            while let v = firstForbidden(rest) {
                guard v == 0x09 || v == 0x0A || v == 0x0D else { return false }
                let at = rest.firstIndex(of: UInt8(v))!
                if v == 0x0D && (at + 1 >= rest.count || rest[at + 1] != 0x0A) { return false }
                rest = UnsafeRawBufferPointer(rebasing: rest[(at + 1)...])
            }
            return true
        }
        if clean { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            let v = u.value
            let kept = v == 0x09 || v == 0x0A || (v == 0x0D && i + 1 < scalars.count && scalars[i + 1].value == 0x0A)
            if !kept && isForbidden(v) { out += escape(v) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    static func escape(_ v: UInt32) -> String {
        v < 0x100 ? "\\x" + hex(v, width: 2) : "\\u{" + hex(v, width: 4) + "}"
    }

    static func hex(_ v: UInt32, width: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }
}
