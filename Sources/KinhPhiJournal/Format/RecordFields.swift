import KinhPhiCore
import KinhPhiSystem

// Reading one journal line in place: `RecordFields` splits it into its fields without allocating and hands
// out each field's bytes and typed values, the values checked against the field table (FieldTable.swift).
// `JournalText` holds the one unescape and the one rule about control characters in text, shared by the
// reader, the writer's check and the voucher input (VoucherInput).

/// The key names laid out for fast matching (shared, read-only).
final class KeyTable: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let offset: UnsafeMutablePointer<Int>
    let length: UnsafeMutablePointer<Int>
    /// Each name as two little-endian words (bytes 0..<8 and 8..<16, zero-padded) with the masks of its
    /// bytes: a key is matched with two loads instead of a byte loop (names are at most 16 bytes).
    let lo: UnsafeMutablePointer<UInt64>, loMask: UnsafeMutablePointer<UInt64>
    let hi: UnsafeMutablePointer<UInt64>, hiMask: UnsafeMutablePointer<UInt64>
    static let shared = KeyTable()

    private init() {
        let names = RecordKey.names
        let total = names.reduce(0) { $0 + $1.count }
        bytes = .allocate(capacity: total)
        offset = .allocate(capacity: names.count)
        length = .allocate(capacity: names.count)
        lo = .allocate(capacity: names.count); loMask = .allocate(capacity: names.count)
        hi = .allocate(capacity: names.count); hiMask = .allocate(capacity: names.count)
        var o = 0
        for (i, n) in names.enumerated() {
            offset[i] = o; length[i] = n.count
            for (j, b) in n.enumerated() { bytes[o + j] = b }
            o += n.count
            precondition(n.count <= 16)
            var padded = n + [UInt8](repeating: 0, count: 16 - n.count)
            padded.withUnsafeMutableBytes { w in
                lo[i] = w.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                hi[i] = w.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            }
            loMask[i] = n.count >= 8 ? ~0 : (UInt64(1) << UInt64(8 * n.count)) &- 1
            hiMask[i] = n.count <= 8 ? 0 : (n.count >= 16 ? ~0 : (UInt64(1) << UInt64(8 * (n.count - 8))) &- 1)
        }
    }
}

/// Where each field's value lies in the current line (reused from line to line).
final class FieldSlots {
    let start: UnsafeMutablePointer<Int>
    let end: UnsafeMutablePointer<Int>
    init() {
        start = .allocate(capacity: RecordKey.count)
        end = .allocate(capacity: RecordKey.count)
        start.initialize(repeating: -1, count: RecordKey.count)
        end.initialize(repeating: -1, count: RecordKey.count)
    }
    deinit { start.deallocate(); end.deallocate() }
}

/// Fixed layout of a line's end: "\tprev=" + 64 hex + "\thash=" + 64 hex.
enum LineTail {
    static let prevTag: [UInt8] = Array("\tprev=".utf8)
    static let hashTag: [UInt8] = Array("\thash=".utf8)
    /// Bytes from the start of "\tprev=" to the end of the line (without the newline).
    static let length = 6 + 64 + 6 + 64
    /// Bytes from the start of "\thash=" to the end of the line.
    static let hashPart = 6 + 64
}

/// The word of a record's `kind`.
enum RecordKindWord: Equatable {
    case voucher(VoucherKind)
    case reversal
    case adjustment
}

/// Splits one line into its fields, in place, without allocating. A value type so that hot loops pay no
/// dynamic exclusivity checks; the slots live in a small shared buffer.
struct RecordFields {
    private let slots = FieldSlots()
    private let keys = KeyTable.shared
    private(set) var base: UnsafePointer<UInt8>? = nil
    /// The line's length without the newline.
    private(set) var length = 0
    /// The keys present on the line (`RecordKey.bit`).
    private(set) var present: UInt64 = 0

    init() {}

    /// Splits `line` (without its newline): the shape of a record — `key=value` fields separated by one TAB,
    /// known keys in table order, no empty value, `seq` first, the `prev`/`hash` tail. Returns what is wrong,
    /// or nil. The line's memory must stay valid while the fields are read.
    mutating func split(_ line: UnsafeRawBufferPointer) -> RecordProblem? {
        let starts = slots.start, ends = slots.end
        for i in 0..<RecordKey.count { starts[i] = -1 }
        present = 0
        length = line.count
        guard let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self), length > LineTail.length else {
            base = nil
            return .tooShort
        }
        base = UnsafePointer(p)
        let tailStart = length - LineTail.length
        let hashTagAt = length - LineTail.hashPart
        if !(p[tailStart] == 9 && p[tailStart + 1] == 112 && p[tailStart + 2] == 114 && p[tailStart + 3] == 101 && p[tailStart + 4] == 118 && p[tailStart + 5] == 61) {
            return .tailFieldMissing(prev: true)
        }
        if !(p[hashTagAt] == 9 && p[hashTagAt + 1] == 104 && p[hashTagAt + 2] == 97 && p[hashTagAt + 3] == 115 && p[hashTagAt + 4] == 104 && p[hashTagAt + 5] == 61) {
            return .tailFieldMissing(prev: false)
        }
        if !RecordFields.isLowerHex(p + tailStart + 6) || !RecordFields.isLowerHex(p + length - 64) {
            return .badChainHex
        }
        let kb = keys.bytes, ko = keys.offset, kl = keys.length
        let klo = keys.lo, klm = keys.loMask, khi = keys.hi, khm = keys.hiMask
        var pos = 0
        var nextKey = 0
        var found: UInt64 = 0
        let bodyEnd = tailStart
        while pos < bodyEnd {
            if pos > 0 {
                guard p[pos] == 9 else { return .fieldsNotSeparated }
                pos += 1
            }
            // The keys come in a fixed order: try the expected ones directly (name, then "="), which is
            // what every well-formed line needs; only a line that matches none is scanned for its key, to
            // name the problem.
            // (Reading 16 bytes from `pos` stays inside the line: the prev/hash tail follows the body.)
            var k = nextKey
            var eq = -1
            let w0 = UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self)
            let w1 = UnsafeRawPointer(p + pos + 8).loadUnaligned(as: UInt64.self)
            while k < RecordKey.count {
                let len = kl[k]
                if w0 & klm[k] == klo[k] && w1 & khm[k] == khi[k] && pos + len < bodyEnd && p[pos + len] == 61 { eq = pos + len; break }
                k += 1
            }
            if eq < 0 {
                eq = pos
                while eq < bodyEnd && p[eq] != 61 && p[eq] != 9 { eq += 1 }
                guard eq < bodyEnd, p[eq] == 61 else { return .notKeyValue }
                let klen = eq - pos
                k = nextKey
                while k < RecordKey.count {
                    if kl[k] == klen && kb[ko[k]] == p[pos] && Bytes.equal(kb + ko[k], p + pos, count: klen) { break }
                    k += 1
                }
                guard k < RecordKey.count else {
                    return .unknownKey(String(decoding: UnsafeRawBufferPointer(start: p + pos, count: klen), as: UTF8.self))
                }
            }
            // The value runs to the next TAB (Bytes.find, memchr: values are most of the line's bytes).
            var fieldEnd = bodyEnd
            if eq + 1 < bodyEnd, let tab = Bytes.find(9, in: p + eq + 1, count: bodyEnd - eq - 1) {
                fieldEnd = eq + 1 + tab
            }
            guard eq + 1 < fieldEnd else { return .emptyField(RecordKey.allCases[k].name) }
            starts[k] = eq + 1
            ends[k] = fieldEnd
            found |= 1 &<< UInt64(truncatingIfNeeded: k)
            nextKey = k + 1
            pos = fieldEnd
        }
        present = found
        if starts[RecordKey.seq.rawValue] != 4 { return .mustStartWithSeq }
        return nil
    }

    @inline(__always) static func isLowerHex(_ p: UnsafePointer<UInt8>) -> Bool {
        // Eight bytes at a time: every byte ASCII, and each either 0-9 (0x2F < b < 0x3A) or a-f
        // (0x60 < b < 0x67). Per byte, bit 7 of (127 + n − b) & (b + 127 − m) is set exactly when m < b < n
        // (no carry or borrow crosses bytes when every byte is below 0x80).
        let hi: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        let raw = UnsafeRawPointer(p)
        for i in stride(from: 0, to: 64, by: 8) {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & hi != 0 { return false }
            let digit = (ones &* (127 + 0x3A) &- w) & (w &+ ones &* (127 - 0x2F)) & hi
            let af = (ones &* (127 + 0x67) &- w) & (w &+ ones &* (127 - 0x60)) & hi
            if digit | af != hi { return false }
        }
        return true
    }

    @inline(__always) func has(_ k: RecordKey) -> Bool { present & k.bit != 0 }

    /// The raw (escaped) bytes of a field; empty when absent.
    @inline(__always) func raw(_ k: RecordKey) -> UnsafeRawBufferPointer {
        let s = slots.start[k.rawValue]
        guard s >= 0, let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + s, count: slots.end[k.rawValue] - s)
    }

    var prevHex: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base! + (length - LineTail.length + 6), count: 64) }
    var hashHex: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base! + (length - 64), count: 64) }
    /// The whole line.
    var line: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    // MARK: Typed values (each checked as the table says)

    /// A plain non-negative integer: digits only, no leading zero, at most 18 digits.
    @inline(__always) func uint(_ k: RecordKey) -> Int64? {
        let r = raw(k)
        guard r.count > 0, r.count <= 18 else { return nil }
        if r.count > 1 && r[0] == 48 { return nil }
        var v: Int64 = 0
        for b in r {
            guard b >= 48 && b <= 57 else { return nil }
            v = v &* 10 &+ Int64(b &- 48)
        }
        return v
    }

    /// A count or money field within its table bounds (`seq` for the fields that name an earlier record,
    /// `amount` for the taxes inside it); nil when absent or out of bounds.
    @inline(__always) func bounded(_ k: RecordKey, seq: Int64 = .max, amount: Int64 = .max) -> Int64? {
        guard let v = uint(k) else { return nil }
        return FieldTable.rules[k.rawValue].admits(v, seq: seq, amount: amount) ? v : nil
    }

    /// A money field within its bounds.
    func money(_ k: RecordKey, amount: Int64 = .max) -> Money? {
        guard let v = bounded(k, amount: amount) else { return nil }
        return try? Money(dong: v)
    }

    /// yyyy-mm-dd.
    func date(_ k: RecordKey) -> CivilDate? {
        let v = packedDate(k)
        return v == 0 ? nil : RecordFields.unpack(v)
    }

    /// Packed yyyymmdd of a valid yyyy-mm-dd date field; 0 when absent or invalid.
    @inline(__always) func packedDate(_ k: RecordKey) -> Int32 {
        let r = raw(k)
        guard r.count == 10, r[4] == 45, r[7] == 45 else { return 0 }
        var v: Int32 = 0
        for i in [0, 1, 2, 3, 5, 6, 8, 9] {
            let c = r[i]
            guard c >= 48 && c <= 57 else { return 0 }
            v = v &* 10 &+ Int32(c &- 48)
        }
        let y = Int(v / 10000), m = Int(v / 100 % 100), d = Int(v % 100)
        guard y >= 1900, m >= 1, m <= 12, d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return 0 }
        return v
    }

    static func pack(_ d: CivilDate) -> Int32 { Int32(d.year * 10000 + d.month * 100 + d.day) }
    static func unpack(_ v: Int32) -> CivilDate? { CivilDate(year: Int(v / 10000), month: Int(v / 100 % 100), day: Int(v % 100)) }

    /// The text of a field, unescaped; nil when absent or when an escape is invalid.
    func text(_ k: RecordKey) -> String? {
        let r = raw(k)
        guard r.count > 0 else { return nil }
        if !Bytes.contains(92, in: r) { return String(decoding: r, as: UTF8.self) }
        var u: [UInt8] = []
        u.reserveCapacity(r.count)
        guard JournalText.unescape(r, into: &u) else { return nil }
        return String(decoding: u, as: UTF8.self)
    }

    /// The text of a field, unescaped (nil when absent); an invalid escape is the record's problem. What a
    /// sink uses for the text it keeps when the reader has not validated every field.
    func checkedText(_ k: RecordKey) throws(RecordProblem) -> String? {
        guard has(k) else { return nil }
        guard let t = text(k) else { throw .badEscape(field: k.name) }
        return t
    }

    /// Appends a field's text with its escapes undone; an invalid escape is the record's problem.
    @inline(__always) func appendUnescaped(_ k: RecordKey, to out: inout [UInt8]) throws(RecordProblem) {
        let r = raw(k)
        if !Bytes.contains(92, in: r) { out.append(contentsOf: r); return }
        guard JournalText.unescape(r, into: &out) else { throw .badEscape(field: k.name) }
    }

    /// What is wrong with a present text field as stored: a raw control character, or (when the line has
    /// a backslash at all: `escapes`) an invalid escape. nil when it is good. `delOrC1`: whether the line
    /// holds a DEL byte or a 0xC2 byte (the lead byte of the C1 controls) anywhere — rare, so the caller
    /// finds it with two memchr over the line and this checks each field only for bytes below 0x20.
    @inline(__always) func textProblem(_ k: RecordKey, escapes: Bool, delOrC1: Bool) -> RecordProblem? {
        let r = raw(k)
        // A field lies inside a split line, which has the 140-byte prev/hash tail after it: the 8-byte loads
        // of `hasC0` stay inside the line.
        if delOrC1 || JournalText.hasC0(r.baseAddress!, count: r.count),
           let c = JournalText.firstControl(r, allowingTabAndLineBreaks: false) { return .controlCharacter(field: k.name, code: c) }
        if escapes && !JournalText.escapesValid(r) { return .badEscape(field: k.name) }
        return nil
    }

    /// Compares a field's raw bytes with a literal.
    func equals(_ k: RecordKey, _ literal: StaticString) -> Bool {
        let r = raw(k)
        guard r.count == literal.utf8CodeUnitCount else { return false }
        return Bytes.equal(r.baseAddress!, literal.utf8Start, count: r.count)
    }

    /// The record kind; nil when the word is unknown.
    @inline(__always) func kind() -> RecordKindWord? {
        switch Choices.kind.index(raw(.kind)) {
        case 0: return .voucher(.payment)
        case 1: return .voucher(.advance)
        case 2: return .voucher(.clearing)
        case 3: return .voucher(.refund)
        case 4: return .reversal
        case 5: return .adjustment
        default: return nil
        }
    }

    /// The record's class for the presence rules (FieldTable): a clearing, or a refund that names the
    /// advance it recovers (`clears` present), is a `.clearing`; nil when the kind is unknown.
    @inline(__always) func recordClass() -> RecordClass? {
        switch kind() {
        case .voucher(.clearing): return .clearing
        case .voucher(.refund): return has(.clears) ? .clearing : .voucher
        case .voucher: return .voucher
        case .reversal: return .reversal
        case .adjustment: return .adjustment
        case nil: return nil
        }
    }

    /// A 64-digit lower-case hex field (an adjustment's `sha256`).
    func isHex64(_ k: RecordKey) -> Bool {
        let r = raw(k)
        guard r.count == 64 else { return false }
        return RecordFields.isLowerHex(r.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// `at`: exactly yyyy-mm-ddThh:mm:ssZ.
    func timestampValid() -> Bool {
        let r = raw(.at)
        guard r.count == 20, r[4] == 45, r[7] == 45, r[10] == 84, r[13] == 58, r[16] == 58, r[19] == 90 else { return false }
        func n(_ i: Int) -> Int? { let a = r[i], b = r[i + 1]; return a >= 48 && a <= 57 && b >= 48 && b <= 57 ? Int(a - 48) * 10 + Int(b - 48) : nil }
        guard let y0 = n(0), let y1 = n(2), let mo = n(5), let d = n(8), let h = n(11), let mi = n(14), let s = n(17) else { return false }
        return CivilDate(year: y0 * 100 + y1, month: mo, day: d) != nil && h < 24 && mi < 60 && s < 60
    }
}

extension FieldRule {
    /// Whether a number is within this field's bounds.
    @inline(__always) func admits(_ v: Int64, seq: Int64, amount: Int64) -> Bool {
        guard v >= min else { return false }
        switch max {
        case .none: return true
        case .moneyLimit: return v <= Money.limit
        case .belowSeq: return v < seq
        case .atMostAmount: return v <= amount
        }
    }
}

/// Text in the journal: the one unescape, and the one rule about control characters.
///
/// Stored text escapes `\` as `\\`, TAB as `\t`, LF as `\n`, CR as `\r`; no other backslash sequence exists.
/// Text may hold no control character other than TAB, LF and CR: no other C0 control (U+0000–U+001F), no
/// DEL (U+007F), no C1 control (U+0080–U+009F). As stored in journal.kp, text holds no byte below 0x20 at
/// all (TAB, LF and CR are written as their escapes).
enum JournalText {
    /// Whether every backslash starts one of the four escapes.
    static func escapesValid(_ r: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < r.count {
            if r[i] == 92 {
                guard i + 1 < r.count else { return false }
                let c = r[i + 1]
                guard c == 92 || c == 116 || c == 110 || c == 114 else { return false }
                i += 2
            } else { i += 1 }
        }
        return true
    }

    /// Appends the text with its escapes undone; false (having appended part of it) at an invalid escape.
    @discardableResult
    static func unescape(_ r: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        guard r.count > 0 else { return true }
        let base = r.baseAddress!
        var start = 0
        while start < r.count, let s = Bytes.find(92, in: base + start, count: r.count - start) {
            let at = start + s
            out.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: at - start))
            guard at + 1 < r.count else { return false }
            switch r[at + 1] {
            case 92: out.append(92)
            case 116: out.append(9)
            case 110: out.append(10)
            case 114: out.append(13)
            default: return false
            }
            start = at + 2
        }
        out.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: r.count - start))
        return true
    }

    /// Whether `count` bytes at `p` hold a byte below 0x20 (a C0 control). Eight bytes at a time, the last
    /// word masked to the bytes that belong: it reads up to 7 bytes past the end, which the caller
    /// guarantees are readable.
    @inline(__always)
    static func hasC0(_ p: UnsafeRawPointer, count n: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var hit: UInt64 = 0
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            hit |= (w &- ones &* 0x20) & ~w
            i += 8
        }
        if i < n {
            // Bytes past the end are masked off (a borrow only moves towards higher bytes, so the bytes kept
            // are tested exactly).
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            hit |= ((w &- ones &* 0x20) & ~w) & ((1 &<< UInt64(truncatingIfNeeded: 8 * (n - i))) &- 1)
        }
        return hit & high != 0
    }

    /// The first control character of UTF-8 text (its code point), if any: a C0 control (below U+0020) —
    /// except TAB, LF and CR when `allowingTabAndLineBreaks` —, DEL, or a C1 control (U+0080–U+009F, the
    /// UTF-8 bytes C2 80…C2 9F). The text is assumed valid UTF-8.
    @inline(__always)
    static func firstControl(_ u: UnsafeRawBufferPointer, allowingTabAndLineBreaks: Bool) -> UInt32? {
        // Eight bytes at a time while none is below 0x20, DEL or 0xC2 (exact SWAR tests: bit 7 of a byte's
        // result is set only if some byte of the word matches); the rest, from the first word that has one,
        // byte by byte.
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        let n = u.count
        while i + 8 <= n {
            let w = u.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (w &- ones &* 0x20) & ~w
            let x = w ^ (ones &* 0x7F)
            let del = (x &- ones) & ~x
            let y = w ^ (ones &* 0xC2)
            let c2 = (y &- ones) & ~y
            if (below | del | c2) & high != 0 { break }
            i += 8
        }
        while i < n {
            let b = u[i]
            if b < 0x20 {
                if !(allowingTabAndLineBreaks && (b == 9 || b == 10 || b == 13)) { return UInt32(b) }
            } else if b == 0x7F {
                return 0x7F
            } else if b == 0xC2, i + 1 < n, u[i + 1] >= 0x80, u[i + 1] <= 0x9F {
                return UInt32(u[i + 1])
            }
            i += 1
        }
        return nil
    }
}
