import KinhPhiCore
import KinhPhiSystem

// The canonical line format of journal.kp (docs/journal.md §Format):
//
//   seq=3<TAB>at=2025-11-21T02:10:00Z<TAB>kind=payment<TAB>date=2025-11-20<TAB>line=2.1<TAB>…<TAB>prev=<64 hex><TAB>hash=<64 hex>\n
//
// • one record per line, UTF-8, fields separated by one TAB, each `key=value`;
// • keys always in the order of `RecordKey`; optional fields are omitted when empty (or zero for vat and
//   pit_withheld); no other key may appear;
// • numbers are plain digits without grouping or leading zeros, dates are yyyy-mm-dd;
// • text escapes `\` as `\\`, TAB as `\t`, LF as `\n`, CR as `\r` (other control characters are refused on
//   input);
// • the line always ends with `prev=` and `hash=` (64 lower-case hex digits each): `hash` is the SHA-256 of
//   every byte of the line before "<TAB>hash=", so it covers the previous hash and the whole body.
//
// Writing is by hand into a byte buffer; reading splits the line in place and only builds Strings for the
// fields asked for. No JSON, no Foundation.

enum RecordKey: Int, CaseIterable {
    case seq, at, more, kind
    case date, workDate, line, payee, payeeType, taxCode, description, amount, vat, pitWithheld, method
    case invoiceSeries, invoiceNo, invoiceDate, contractNo, contractValue, voucherNo, ref, clears
    case of, reason

    var name: String {
        switch self {
        case .seq: return "seq"
        case .at: return "at"
        case .more: return "more"
        case .kind: return "kind"
        case .date: return "date"
        case .workDate: return "work_date"
        case .line: return "line"
        case .payee: return "payee"
        case .payeeType: return "payee_type"
        case .taxCode: return "tax_code"
        case .description: return "description"
        case .amount: return "amount"
        case .vat: return "vat"
        case .pitWithheld: return "pit_withheld"
        case .method: return "method"
        case .invoiceSeries: return "invoice_series"
        case .invoiceNo: return "invoice_no"
        case .invoiceDate: return "invoice_date"
        case .contractNo: return "contract_no"
        case .contractValue: return "contract_value"
        case .voucherNo: return "voucher_no"
        case .ref: return "ref"
        case .clears: return "clears"
        case .of: return "of"
        case .reason: return "reason"
        }
    }

    static let count = RecordKey.allCases.count
    /// "\tname=" for every key, as bytes (the first field, seq, is written without the TAB).
    static let prefixes: [[UInt8]] = RecordKey.allCases.map { Array(("\t" + $0.name + "=").utf8) }
    static let names: [[UInt8]] = RecordKey.allCases.map { Array($0.name.utf8) }
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

// MARK: - Writing

enum RecordEncoder {
    static let kindBytes: [VoucherKind: [UInt8]] = Dictionary(uniqueKeysWithValues: VoucherKind.allCases.map { ($0, Array($0.rawValue.utf8)) })
    static let reversalBytes: [UInt8] = Array("reversal".utf8)

    /// Appends the body of a record (everything before "\tprev="): seq, at, more, kind and the fields.
    static func appendBody(seq: Int, at: [UInt8], more: Bool, body: RecordBody, to out: inout [UInt8]) {
        append("seq=", &out)
        appendInt(Int64(seq), to: &out)
        key(.at, &out); out += at
        if more { key(.more, &out); out.append(49) }
        switch body {
        case .voucher(let v):
            key(.kind, &out)
            switch v.kind {
            case .payment: append("payment", &out)
            case .advance: append("advance", &out)
            case .clearing: append("clearing", &out)
            case .refund: append("refund", &out)
            }
            appendVoucherFields(v, to: &out)
        case .reversal(let of, let reason):
            key(.kind, &out); append("reversal", &out)
            key(.of, &out); appendInt(Int64(of), to: &out)
            key(.reason, &out); appendText(reason, to: &out)
        }
    }

    static func appendVoucherFields(_ v: Voucher, to out: inout [UInt8]) {
        key(.date, &out); appendDate(v.date, to: &out)
        if let w = v.workDate { key(.workDate, &out); appendDate(w, to: &out) }
        key(.line, &out); appendText(v.line, to: &out)
        key(.payee, &out); appendText(v.payee, to: &out)
        key(.payeeType, &out); append(v.payeeType == .individual ? "individual" : "business", &out)
        if let t = v.taxCode { key(.taxCode, &out); appendText(t, to: &out) }
        key(.description, &out); appendText(v.description, to: &out)
        key(.amount, &out); appendInt(v.amount.dong, to: &out)
        if v.vat.dong != 0 { key(.vat, &out); appendInt(v.vat.dong, to: &out) }
        if v.pitWithheld.dong != 0 { key(.pitWithheld, &out); appendInt(v.pitWithheld.dong, to: &out) }
        key(.method, &out); append(v.method == .cash ? "cash" : "transfer", &out)
        if let s = v.invoiceSeries { key(.invoiceSeries, &out); appendText(s, to: &out) }
        if let n = v.invoiceNumber { key(.invoiceNo, &out); appendText(n, to: &out) }
        if let d = v.invoiceDate { key(.invoiceDate, &out); appendDate(d, to: &out) }
        if let c = v.contractNumber { key(.contractNo, &out); appendText(c, to: &out) }
        if let c = v.contractValue { key(.contractValue, &out); appendInt(c.dong, to: &out) }
        if let n = v.voucherNumber { key(.voucherNo, &out); appendText(n, to: &out) }
        if let r = v.ref { key(.ref, &out); appendText(r, to: &out) }
        if let c = v.clears { key(.clears, &out); appendInt(Int64(c), to: &out) }
    }

    static let individualBytes: [UInt8] = Array("individual".utf8)
    static let businessBytes: [UInt8] = Array("business".utf8)
    static let cashBytes: [UInt8] = Array("cash".utf8)
    static let transferBytes: [UInt8] = Array("transfer".utf8)

    /// Appends "\tprev=<hex>", hashes the line so far (from `lineStart`), appends "\thash=<hex>\n".
    static func appendChainTail(prevHex: [UInt8], lineStart: Int, to out: inout [UInt8]) -> SHA256Digest {
        out += LineTail.prevTag
        out += prevHex
        let digest = out.withUnsafeBytes { p in SHA256.hash(UnsafeRawBufferPointer(rebasing: p[lineStart...])) }
        out += LineTail.hashTag
        digest.appendHex(to: &out)
        out.append(10)
        return digest
    }

    /// "\tname=" of every key, back to back in raw memory (no array of arrays to retain per field).
    nonisolated(unsafe) static let prefixTable: (bytes: UnsafePointer<UInt8>, offset: UnsafePointer<Int>, length: UnsafePointer<Int>) = {
        let all = RecordKey.prefixes
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: all.reduce(0) { $0 + $1.count })
        let offset = UnsafeMutablePointer<Int>.allocate(capacity: all.count)
        let length = UnsafeMutablePointer<Int>.allocate(capacity: all.count)
        var o = 0
        for (i, p) in all.enumerated() {
            offset[i] = o; length[i] = p.count
            for (j, b) in p.enumerated() { bytes[o + j] = b }
            o += p.count
        }
        return (UnsafePointer(bytes), UnsafePointer(offset), UnsafePointer(length))
    }()

    @inline(__always) static func key(_ k: RecordKey, _ out: inout [UInt8]) {
        let t = prefixTable
        out.append(contentsOf: UnsafeRawBufferPointer(start: t.bytes + t.offset[k.rawValue], count: t.length[k.rawValue]))
    }

    @inline(__always) static func append(_ literal: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 { out.append(48); return }
        var v = value.magnitude
        if value < 0 { out.append(45) }
        // Digits written from the end of a small buffer, then appended in one go.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var i = 24
            while v > 0 { i -= 1; d[i] = UInt8(48 + v % 10); v /= 10 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[i..<24]))
        }
    }

    static func appendDate(_ d: CivilDate, to out: inout [UInt8]) {
        let y = d.year
        var b: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (UInt8(48 + y / 1000 % 10), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 45,
             UInt8(48 + d.month / 10), UInt8(48 + d.month % 10), 45, UInt8(48 + d.day / 10), UInt8(48 + d.day % 10))
        withUnsafeBytes(of: &b) { out.append(contentsOf: $0) }
    }

    /// Whether text needs no escape: no `\\`, TAB, LF or CR (eight bytes at a time while no byte is below
    /// 0x20 or a backslash — exact SWAR tests —, then byte by byte).
    @inline(__always) static func isPlain(_ u: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = u.count
        while i + 8 <= n {
            let w = u.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
            let x = w ^ 0x5C5C_5C5C_5C5C_5C5C
            let slash = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            if below | slash != 0 { break }
            i += 8
        }
        while i < n {
            let b = u[i]
            if b == 92 || b == 9 || b == 10 || b == 13 { return false }
            i += 1
        }
        return true
    }

    /// Appends text with `\` `TAB` `LF` `CR` escaped.
    static func appendText(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            if isPlain(UnsafeRawBufferPointer(u)) { out.append(contentsOf: u); return }
            for b in u {
                switch b {
                case 92: out.append(92); out.append(92)
                case 9: out.append(92); out.append(116)
                case 10: out.append(92); out.append(110)
                case 13: out.append(92); out.append(114)
                default: out.append(b)
                }
            }
        }
    }
}

// MARK: - Reading

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

/// Splits one line into its fields, in place, without allocating. A value type so that hot loops pay no
/// dynamic exclusivity checks; the slots live in a small shared buffer.
struct RecordFields {
    private let slots = FieldSlots()
    private let keys = KeyTable.shared
    private(set) var base: UnsafePointer<UInt8>? = nil
    /// The line's length without the newline.
    private(set) var length = 0

    init() {}

    /// Splits `line` (without its newline). Returns why it is not a well-formed record, or nil.
    /// The line's memory must stay valid while the fields are read.
    mutating func split(_ line: UnsafeRawBufferPointer) -> Bilingual? {
        let starts = slots.start, ends = slots.end
        for i in 0..<RecordKey.count { starts[i] = -1 }
        length = line.count
        guard let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self), length > LineTail.length else {
            base = nil
            return Bilingual(vi: "dòng quá ngắn, không phải một bản ghi", en: "the line is too short to be a record")
        }
        base = UnsafePointer(p)
        let tailStart = length - LineTail.length
        let hashTagAt = length - LineTail.hashPart
        if !(p[tailStart] == 9 && p[tailStart + 1] == 112 && p[tailStart + 2] == 114 && p[tailStart + 3] == 101 && p[tailStart + 4] == 118 && p[tailStart + 5] == 61) {
            return Bilingual(vi: "thiếu trường prev ở cuối dòng", en: "the prev field is missing at the end of the line")
        }
        if !(p[hashTagAt] == 9 && p[hashTagAt + 1] == 104 && p[hashTagAt + 2] == 97 && p[hashTagAt + 3] == 115 && p[hashTagAt + 4] == 104 && p[hashTagAt + 5] == 61) {
            return Bilingual(vi: "thiếu trường hash ở cuối dòng", en: "the hash field is missing at the end of the line")
        }
        if !RecordFields.isLowerHex(p + tailStart + 6) || !RecordFields.isLowerHex(p + length - 64) {
            return Bilingual(vi: "prev/hash phải là 64 chữ số hex thường", en: "prev/hash must be 64 lower-case hex digits")
        }
        let kb = keys.bytes, ko = keys.offset, kl = keys.length
        let klo = keys.lo, klm = keys.loMask, khi = keys.hi, khm = keys.hiMask
        var pos = 0
        var nextKey = 0
        let bodyEnd = tailStart
        while pos < bodyEnd {
            if pos > 0 {
                guard p[pos] == 9 else { return Bilingual(vi: "thiếu dấu TAB giữa các trường", en: "fields must be separated by one TAB") }
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
                guard eq < bodyEnd, p[eq] == 61 else { return Bilingual(vi: "trường không có dạng khóa=giá trị", en: "a field is not key=value") }
                let klen = eq - pos
                k = nextKey
                while k < RecordKey.count {
                    if kl[k] == klen && kb[ko[k]] == p[pos] && Bytes.equal(kb + ko[k], p + pos, count: klen) { break }
                    k += 1
                }
                guard k < RecordKey.count else {
                    let key = String(decoding: UnsafeRawBufferPointer(start: p + pos, count: klen), as: UTF8.self)
                    return Bilingual(vi: "khóa \"\(key)\" không hợp lệ hoặc sai thứ tự", en: "key \"\(key)\" is unknown or out of order")
                }
            }
            // The value runs to the next TAB (Bytes.find, memchr: values are most of the line's bytes).
            var fieldEnd = bodyEnd
            if eq + 1 < bodyEnd, let tab = Bytes.find(9, in: p + eq + 1, count: bodyEnd - eq - 1) {
                fieldEnd = eq + 1 + tab
            }
            guard eq + 1 < fieldEnd else {
                return Bilingual(vi: "trường \(RecordKey.names[k].string) để trống", en: "field \(RecordKey.names[k].string) is empty")
            }
            starts[k] = eq + 1
            ends[k] = fieldEnd
            nextKey = k + 1
            pos = fieldEnd
        }
        if starts[RecordKey.seq.rawValue] != 4 {
            return Bilingual(vi: "dòng phải bắt đầu bằng seq=", en: "the line must start with seq=")
        }
        return nil
    }

    @inline(__always) private static func isLowerHex(_ p: UnsafePointer<UInt8>) -> Bool {
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

    @inline(__always) func has(_ k: RecordKey) -> Bool { slots.start[k.rawValue] >= 0 }

    /// The raw (escaped) bytes of a field; empty when absent.
    @inline(__always) func raw(_ k: RecordKey) -> UnsafeRawBufferPointer {
        let s = slots.start[k.rawValue]
        guard s >= 0, let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + s, count: slots.end[k.rawValue] - s)
    }

    /// The bytes the hash covers: everything before "\thash=".
    var hashedPart: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length - LineTail.hashPart) }
    var prevHex: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base! + (length - LineTail.length + 6), count: 64) }
    var hashHex: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base! + (length - 64), count: 64) }
    /// The whole line.
    var line: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    /// A plain non-negative integer: digits only, no leading zero, at most 18 digits.
    func uint(_ k: RecordKey) -> Int64? {
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

    func money(_ k: RecordKey) -> Money? {
        guard let v = uint(k), v <= Money.limit else { return nil }
        return try? Money(dong: v)
    }

    /// yyyy-mm-dd.
    func date(_ k: RecordKey) -> CivilDate? {
        let v = packedDate(k)
        return v == 0 ? nil : JournalState.unpack(v)
    }

    /// Packed yyyymmdd of a valid yyyy-mm-dd date field; 0 when absent or invalid.
    func packedDate(_ k: RecordKey) -> Int32 {
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

    /// The text of a field, unescaped; nil when absent or when an escape is invalid.
    func text(_ k: RecordKey) -> String? {
        let r = raw(k)
        guard r.count > 0 else { return nil }
        if !Bytes.contains(92, in: r) { return String(decoding: r, as: UTF8.self) }
        guard let u = RecordFields.unescape(r) else { return nil }
        return String(decoding: u, as: UTF8.self)
    }

    /// Whether a present text field's escapes are valid (`\\`, `\t`, `\n`, `\r` only).
    func escapesValid(_ k: RecordKey) -> Bool {
        let r = raw(k)
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

    static func unescape(_ r: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = 0
        while i < r.count {
            let b = r[i]
            if b == 92 {
                guard i + 1 < r.count else { return nil }
                switch r[i + 1] {
                case 92: out.append(92)
                case 116: out.append(9)
                case 110: out.append(10)
                case 114: out.append(13)
                default: return nil
                }
                i += 2
            } else {
                out.append(b); i += 1
            }
        }
        return out
    }

    /// Compares a field's raw bytes with a literal.
    func equals(_ k: RecordKey, _ literal: StaticString) -> Bool {
        let r = raw(k)
        guard r.count == literal.utf8CodeUnitCount else { return false }
        return Bytes.equal(r.baseAddress!, literal.utf8Start, count: r.count)
    }

    /// The record kind: (nil, true) = reversal; (nil, false) = unknown.
    func kind() -> (VoucherKind?, Bool) {
        let r = raw(.kind)
        switch r.count {
        case 7 where equals(.kind, "payment"): return (.payment, true)
        case 7 where equals(.kind, "advance"): return (.advance, true)
        case 8 where equals(.kind, "clearing"): return (.clearing, true)
        case 6 where equals(.kind, "refund"): return (.refund, true)
        case 8 where equals(.kind, "reversal"): return (nil, true)
        default: return (nil, false)
        }
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

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

// MARK: - Full decoding

enum RecordDecoder {
    static let voucherOnly: [RecordKey] = [.date, .workDate, .line, .payee, .payeeType, .taxCode, .description, .amount, .vat,
                                           .pitWithheld, .method, .invoiceSeries, .invoiceNo, .invoiceDate, .contractNo,
                                           .contractValue, .voucherNo, .ref, .clears]

    /// Checks the fields of a split line and builds the record. `strictText` also checks UTF-8 and escapes.
    static func decode(_ f: RecordFields) -> Result<JournalRecord, BadReason> {
        guard let seq = f.uint(.seq), seq > 0 else { return .failure(.init(vi: "seq không hợp lệ", en: "invalid seq")) }
        guard f.timestampValid(), let atText = f.text(.at), let at = Timestamp.parse(atText) else {
            return .failure(.init(vi: "thời điểm ghi (at) không hợp lệ", en: "invalid recording time (at)"))
        }
        var more = false
        if f.has(.more) {
            guard f.equals(.more, "1") else { return .failure(.init(vi: "more chỉ nhận 1", en: "more must be 1")) }
            more = true
        }
        guard let prev = SHA256Digest(hexBytes: f.prevHex), let hash = SHA256Digest(hexBytes: f.hashHex) else {
            return .failure(.init(vi: "prev/hash không hợp lệ", en: "invalid prev/hash"))
        }
        let (kindOpt, known) = f.kind()
        guard known else { return .failure(.init(vi: "loại bản ghi (kind) không hợp lệ", en: "invalid record kind")) }
        let body: RecordBody
        if let kind = kindOpt {
            switch voucher(f, kind: kind) {
            case .success(let v): body = .voucher(v)
            case .failure(let e): return .failure(e)
            }
        } else {
            for k in voucherOnly where f.has(k) {
                return .failure(.init(vi: "bản ghi đảo (reversal) không được có trường \(k.name)", en: "a reversal may not carry \(k.name)"))
            }
            guard let of = f.uint(.of), of > 0, of < seq else {
                return .failure(.init(vi: "trường of (bản ghi bị đảo) không hợp lệ", en: "invalid of (the record reversed)"))
            }
            guard let reason = f.text(.reason) else { return .failure(.init(vi: "thiếu lý do đảo (reason)", en: "missing reason")) }
            body = .reversal(of: Int(of), reason: reason)
        }
        return .success(JournalRecord(seq: Int(seq), recordedAt: at, more: more, body: body, prevHash: prev, hash: hash))
    }

    /// Checks every field of a split line without building anything (verify's hot path): the same rules as
    /// `decode`, plus no control characters and valid UTF-8 on the line.
    static func validate(_ f: RecordFields) -> Bilingual? {
        func bad(_ vi: String, _ en: String) -> Bilingual { Bilingual(vi: vi, en: en) }
        func missing(_ k: RecordKey) -> Bilingual { bad("thiếu hoặc sai trường \(k.name)", "missing or invalid field \(k.name)") }
        let line = f.line
        if UTF8Validation.firstInvalid(line) != nil { return bad("dòng không phải UTF-8 hợp lệ", "the line is not valid UTF-8") }
        // Escapes need a look only when the line has a backslash at all.
        let escapes = Bytes.contains(92, in: line)
        guard let seq = f.uint(.seq), seq > 0 else { return missing(.seq) }
        guard f.timestampValid() else { return missing(.at) }
        if f.has(.more) && !f.equals(.more, "1") { return missing(.more) }
        let (kindOpt, known) = f.kind()
        guard known else { return missing(.kind) }
        guard let kind = kindOpt else {
            for k in voucherOnly where f.has(k) { return bad("bản ghi đảo (reversal) không được có trường \(k.name)", "a reversal may not carry \(k.name)") }
            guard let of = f.uint(.of), of > 0, of < seq else { return missing(.of) }
            guard f.has(.reason), !escapes || f.escapesValid(.reason) else { return missing(.reason) }
            return nil
        }
        if f.has(.of) || f.has(.reason) { return bad("chứng từ không được có trường of/reason", "a voucher may not carry of/reason") }
        guard f.packedDate(.date) != 0 else { return missing(.date) }
        if f.has(.workDate) && f.packedDate(.workDate) == 0 { return missing(.workDate) }
        if !f.has(.line) { return missing(.line) }
        if !f.has(.payee) { return missing(.payee) }
        if !f.has(.description) { return missing(.description) }
        if escapes {
            for k in [RecordKey.line, .payee, .description, .taxCode, .invoiceSeries, .invoiceNo, .contractNo, .voucherNo, .ref] where f.has(k) && !f.escapesValid(k) {
                return missing(k)
            }
        }
        guard f.equals(.payeeType, "individual") || f.equals(.payeeType, "business") else { return missing(.payeeType) }
        guard let amount = f.uint(.amount), amount > 0, amount <= Money.limit else { return missing(.amount) }
        if f.has(.vat) { guard let v = f.uint(.vat), v > 0, v <= amount else { return missing(.vat) } }
        if f.has(.pitWithheld) { guard let v = f.uint(.pitWithheld), v > 0, v <= amount else { return missing(.pitWithheld) } }
        guard f.equals(.method, "cash") || f.equals(.method, "transfer") else { return missing(.method) }
        if f.has(.invoiceDate) && f.packedDate(.invoiceDate) == 0 { return missing(.invoiceDate) }
        if f.has(.contractValue) { guard let c = f.uint(.contractValue), c > 0, c <= Money.limit else { return missing(.contractValue) } }
        if kind == .clearing {
            guard let c = f.uint(.clears), c > 0, c < seq else { return missing(.clears) }
        } else if f.has(.clears) {
            return bad("chỉ bản ghi clearing mới có trường clears", "only a clearing carries clears")
        }
        return nil
    }

    static func voucher(_ f: RecordFields, kind: VoucherKind) -> Result<Voucher, BadReason> {
        if f.has(.of) || f.has(.reason) {
            return .failure(.init(vi: "chứng từ không được có trường of/reason", en: "a voucher may not carry of/reason"))
        }
        func missing(_ k: RecordKey) -> BadReason { .init(vi: "thiếu hoặc sai trường \(k.name)", en: "missing or invalid field \(k.name)") }
        guard let date = f.date(.date) else { return .failure(missing(.date)) }
        var workDate: CivilDate? = nil
        if f.has(.workDate) { guard let w = f.date(.workDate) else { return .failure(missing(.workDate)) }; workDate = w }
        guard let line = f.text(.line) else { return .failure(missing(.line)) }
        guard let payee = f.text(.payee) else { return .failure(missing(.payee)) }
        let payeeType: PayeeType
        if f.equals(.payeeType, "individual") { payeeType = .individual }
        else if f.equals(.payeeType, "business") { payeeType = .business }
        else { return .failure(missing(.payeeType)) }
        var taxCode: String? = nil
        if f.has(.taxCode) { guard let t = f.text(.taxCode) else { return .failure(missing(.taxCode)) }; taxCode = t }
        guard let description = f.text(.description) else { return .failure(missing(.description)) }
        guard let amount = f.money(.amount), amount.dong > 0 else { return .failure(missing(.amount)) }
        var vat = Money.zero, pit = Money.zero
        if f.has(.vat) { guard let v = f.money(.vat), v.dong > 0, v <= amount else { return .failure(missing(.vat)) }; vat = v }
        if f.has(.pitWithheld) { guard let v = f.money(.pitWithheld), v.dong > 0, v <= amount else { return .failure(missing(.pitWithheld)) }; pit = v }
        let method: PaymentMethod
        if f.equals(.method, "cash") { method = .cash }
        else if f.equals(.method, "transfer") { method = .transfer }
        else { return .failure(missing(.method)) }
        func optText(_ k: RecordKey) -> String?? { f.has(k) ? (f.text(k).map { .some($0) } ?? nil) : .some(nil) }
        guard let series = optText(.invoiceSeries) else { return .failure(missing(.invoiceSeries)) }
        guard let number = optText(.invoiceNo) else { return .failure(missing(.invoiceNo)) }
        var invoiceDate: CivilDate? = nil
        if f.has(.invoiceDate) { guard let d = f.date(.invoiceDate) else { return .failure(missing(.invoiceDate)) }; invoiceDate = d }
        guard let contractNo = optText(.contractNo) else { return .failure(missing(.contractNo)) }
        var contractValue: Money? = nil
        if f.has(.contractValue) { guard let c = f.money(.contractValue), c.dong > 0 else { return .failure(missing(.contractValue)) }; contractValue = c }
        guard let voucherNo = optText(.voucherNo) else { return .failure(missing(.voucherNo)) }
        guard let ref = optText(.ref) else { return .failure(missing(.ref)) }
        var clears: Int? = nil
        if kind == .clearing {
            guard let c = f.uint(.clears), c > 0 else { return .failure(missing(.clears)) }
            clears = Int(c)
        } else if f.has(.clears) {
            return .failure(.init(vi: "chỉ bản ghi clearing mới có trường clears", en: "only a clearing carries clears"))
        }
        return .success(Voucher(kind: kind, date: date, workDate: workDate, line: line, payee: payee, payeeType: payeeType,
                                taxCode: taxCode, description: description, amount: amount, vat: vat, pitWithheld: pit,
                                method: method, invoiceSeries: series, invoiceNumber: number, invoiceDate: invoiceDate,
                                contractNumber: contractNo, contractValue: contractValue, voucherNumber: voucherNo,
                                ref: ref, clears: clears))
    }
}

/// A reason a record is bad (an Error so it can travel in a Result).
struct BadReason: Error {
    let text: Bilingual
    init(vi: String, en: String) { text = Bilingual(vi: vi, en: en) }
    init(_ b: Bilingual) { text = b }
}
