import KinhPhiCore
import KinhPhiSystem

// The journal's codec: the canonical line of journal.kp (docs/journal.md §The journal file) written
// (`RecordEncoder`), checked (`RecordCodec.validate`, verify's hot path: no allocation) and decoded into a
// `JournalRecord` (`RecordCodec.decode` = validate, then build). Both readers follow the one field table
// (FieldTable.swift), and the writer's own check (`RecordCodec.unwritable`) applies the table's text rule,
// so nothing is written that would not read back.
//
//   seq=3<TAB>at=2025-11-21T02:10:00Z<TAB>kind=payment<TAB>date=2025-11-20<TAB>line=2.1<TAB>…<TAB>prev=<64 hex><TAB>hash=<64 hex>\n
//
// • one record per line, UTF-8, fields separated by one TAB, each `key=value`;
// • keys always in the order of `RecordKey`; optional fields are omitted when empty (or zero for vat and
//   pit_withheld); no other key may appear;
// • numbers are plain digits without grouping or leading zeros, dates are yyyy-mm-dd;
// • text escapes `\` as `\\`, TAB as `\t`, LF as `\n`, CR as `\r`; no other control character (C0, DEL, C1)
//   may appear in text (JournalText);
// • the line always ends with `prev=` and `hash=` (64 lower-case hex digits each): `hash` is the SHA-256 of
//   every byte of the line before "<TAB>hash=", so it covers the previous hash and the whole body.
//
// Writing is by hand into a byte buffer; reading splits the line in place (RecordFields) and only builds
// Strings for the fields asked for. No JSON, no Foundation.

// MARK: - Writing

enum RecordEncoder {
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
        case .adjustment(let a):
            key(.kind, &out); append("adjustment", &out)
            key(.date, &out); appendDate(a.date, to: &out)
            if let r = a.reason { key(.reason, &out); appendText(r, to: &out) }
            key(.version, &out); appendInt(Int64(a.version), to: &out)
            key(.sha256, &out); a.sha256.appendHex(to: &out)
        }
    }

    static func appendVoucherFields(_ v: Voucher, to out: inout [UInt8]) {
        key(.date, &out); appendDate(v.date, to: &out)
        if let w = v.workDate { key(.workDate, &out); appendDate(w, to: &out) }
        key(.line, &out); appendText(v.line, to: &out)
        key(.payee, &out); appendText(v.payee, to: &out)
        key(.payeeType, &out); append(v.payeeType == .individual ? "individual" : "business", &out)
        if let t = v.taxCode { key(.taxCode, &out); appendText(t, to: &out) }
        if let p = v.payeeID { key(.payeeId, &out); appendText(p, to: &out) }
        if v.staff { key(.staff, &out); out.append(49) }
        key(.description, &out); appendText(v.description, to: &out)
        key(.amount, &out); appendInt(v.amount.dong, to: &out)
        if v.vat.dong != 0 { key(.vat, &out); appendInt(v.vat.dong, to: &out) }
        if v.pitWithheld.dong != 0 { key(.pitWithheld, &out); appendInt(v.pitWithheld.dong, to: &out) }
        key(.method, &out); append(v.method == .cash ? "cash" : "transfer", &out)
        if let s = v.invoiceSeries { key(.invoiceSeries, &out); appendText(s, to: &out) }
        if let n = v.invoiceNumber { key(.invoiceNo, &out); appendText(n, to: &out) }
        if let d = v.invoiceDate { key(.invoiceDate, &out); appendDate(d, to: &out) }
        if let t = v.invoiceTotal { key(.invoiceTotal, &out); appendInt(t.dong, to: &out) }
        if let t = v.invoiceVAT { key(.invoiceVat, &out); appendInt(t.dong, to: &out) }
        if let c = v.contractNumber { key(.contractNo, &out); appendText(c, to: &out) }
        if let c = v.contractValue { key(.contractValue, &out); appendInt(c.dong, to: &out) }
        if let n = v.voucherNumber { key(.voucherNo, &out); appendText(n, to: &out) }
        if let r = v.ref { key(.ref, &out); appendText(r, to: &out) }
        if let c = v.clears { key(.clears, &out); appendInt(Int64(c), to: &out) }
    }

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

enum RecordCodec {
    /// Checks a split line against the field table without building anything (verify's hot path): valid
    /// UTF-8; seq, at, more, kind; every field required by the record's class present and every refused
    /// one absent; every present field of its kind and within its bounds — text without control characters
    /// and with valid escapes, numbers, dates, words. Returns the first problem in that order, or nil.
    static func validate(_ f: RecordFields) -> RecordProblem? {
        let line = f.line
        if UTF8Validation.firstInvalid(line) != nil { return .notUTF8 }
        guard let seq = f.bounded(.seq) else { return .invalidField(RecordKey.seq.name) }
        guard f.timestampValid() else { return .invalidField(RecordKey.at.name) }
        if f.has(.more) && !f.equals(.more, "1") { return .invalidField(RecordKey.more.name) }
        guard let cls = f.recordClass() else { return .invalidField(RecordKey.kind.name) }
        let masks = FieldTable.masks
        let present = f.present
        // Presence, for every field at once: a missing required field, then a refused one (the first in
        // line order).
        let missing = masks.required(cls) & ~present
        if missing != 0 { return .invalidField(RecordKey(rawValue: missing.trailingZeroBitCount)!.name) }
        let refused = masks.forbidden(cls) & present
        if refused != 0 {
            let name = RecordKey(rawValue: refused.trailingZeroBitCount)!.name
            switch cls {
            case .reversal: return .notInReversal(name)
            case .adjustment: return .notInAdjustment(name)
            case .voucher, .clearing: return .notInVoucher(name)
            }
        }
        // Every present field after kind, kind by kind (seq, at, more and kind are checked above): text,
        // numbers, dates, then words; in line order within each kind.
        let escapes = Bytes.contains(92, in: line)
        let delOrC1 = Bytes.contains(0x7F, in: line) || Bytes.contains(0xC2, in: line)
        var m = present & masks.text
        while m != 0 {
            let k = RecordKey(rawValue: m.trailingZeroBitCount).unsafelyUnwrapped
            m &= m &- 1
            if let p = f.textProblem(k, escapes: escapes, delOrC1: delOrC1) { return p }
        }
        let rules = FieldTable.rules
        let amount = f.uint(.amount) ?? 0
        m = present & masks.number
        while m != 0 {
            let i = m.trailingZeroBitCount
            m &= m &- 1
            let rule = rules[i]
            guard let v = f.uint(rule.key), rule.admits(v, seq: seq, amount: amount) else { return .invalidField(rule.key.name) }
        }
        m = present & masks.date
        while m != 0 {
            let k = RecordKey(rawValue: m.trailingZeroBitCount).unsafelyUnwrapped
            m &= m &- 1
            guard f.packedDate(k) != 0 else { return .invalidField(k.name) }
        }
        m = present & masks.hex64
        while m != 0 {
            let k = RecordKey(rawValue: m.trailingZeroBitCount).unsafelyUnwrapped
            m &= m &- 1
            guard f.isHex64(k) else { return .invalidField(k.name) }
        }
        m = present & masks.choice & ~RecordKey.kind.bit
        while m != 0 {
            let rule = rules[m.trailingZeroBitCount]
            m &= m &- 1
            guard rule.choices.index(f.raw(rule.key)) != nil else { return .invalidField(rule.key.name) }
        }
        m = present & masks.flag & ~RecordKey.more.bit
        while m != 0 {
            let k = RecordKey(rawValue: m.trailingZeroBitCount).unsafelyUnwrapped
            m &= m &- 1
            guard f.equals(k, "1") else { return .invalidField(k.name) }
        }
        return nil
    }

    /// Checks the fields of a split line (`validate`) and builds the record.
    static func decode(_ f: RecordFields) -> Result<JournalRecord, RecordProblem> {
        if let p = validate(f) { return .failure(p) }
        // Every field is known good from here on; a nil below would be a table/getter disagreement.
        func bad(_ k: RecordKey) -> Result<JournalRecord, RecordProblem> { .failure(.invalidField(k.name)) }
        guard let seq = f.uint(.seq) else { return bad(.seq) }
        guard let atText = f.text(.at), let at = Timestamp.parse(atText) else { return bad(.at) }
        guard let prev = SHA256Digest(hexBytes: f.prevHex), let hash = SHA256Digest(hexBytes: f.hashHex) else {
            return .failure(.badChainHex)
        }
        let body: RecordBody
        switch f.kind() {
        case nil:
            return bad(.kind)
        case .voucher(let kind):
            guard let date = f.date(.date) else { return bad(.date) }
            guard let line = f.text(.line) else { return bad(.line) }
            guard let payee = f.text(.payee) else { return bad(.payee) }
            guard let description = f.text(.description) else { return bad(.description) }
            guard let amount = f.money(.amount) else { return bad(.amount) }
            let v = Voucher(kind: kind, date: date, workDate: f.date(.workDate), line: line, payee: payee,
                            payeeType: f.equals(.payeeType, "individual") ? .individual : .business,
                            taxCode: f.text(.taxCode), description: description, amount: amount,
                            vat: f.money(.vat, amount: amount.dong) ?? .zero, pitWithheld: f.money(.pitWithheld, amount: amount.dong) ?? .zero,
                            method: f.equals(.method, "cash") ? .cash : .transfer,
                            invoiceSeries: f.text(.invoiceSeries), invoiceNumber: f.text(.invoiceNo), invoiceDate: f.date(.invoiceDate),
                            contractNumber: f.text(.contractNo), contractValue: f.money(.contractValue), voucherNumber: f.text(.voucherNo),
                            ref: f.text(.ref), clears: f.bounded(.clears, seq: seq).map { Int($0) },
                            payeeID: f.text(.payeeId), staff: f.has(.staff),
                            invoiceTotal: f.money(.invoiceTotal), invoiceVAT: f.money(.invoiceVat))
            body = .voucher(v)
        case .reversal:
            guard let of = f.bounded(.of, seq: seq), let reason = f.text(.reason) else { return bad(.of) }
            body = .reversal(of: Int(of), reason: reason)
        case .adjustment:
            guard let date = f.date(.date) else { return bad(.date) }
            guard let version = f.bounded(.version) else { return bad(.version) }
            guard let sha = f.text(.sha256), let digest = SHA256Digest(hex: sha) else { return bad(.sha256) }
            body = .adjustment(ApprovalAdjustment(version: Int(version), date: date, sha256: digest, reason: f.text(.reason)))
        }
        return .success(JournalRecord(seq: Int(seq), recordedAt: at, more: f.has(.more), body: body, prevHash: prev, hash: hash))
    }

    // MARK: - The writer's check

    /// What keeps a record body from being written so that it reads back (the table's text rule on the
    /// writer's side): a present text field that is empty or holds a control character other than TAB, LF
    /// and CR (which are escaped). Numbers, dates and choices always encode within their bounds (Money,
    /// CivilDate and the enums hold nothing else); amounts are the recording rules' business (REC-AMOUNTS).
    static func unwritable(_ body: RecordBody) -> RecordProblem? {
        func check(_ k: RecordKey, _ s: String?) -> RecordProblem? {
            guard var s else { return nil }
            if s.isEmpty { return .emptyField(k.name) }
            // New records are held to the input rule (TextSafety: no control character at all — TAB and
            // line breaks included —, no bidirectional control, no line separator); old records with an
            // escaped TAB/LF/CR or a bidirectional control still read (the format is unchanged).
            return s.withUTF8 { u in
                TextSafety.firstForbidden(UnsafeRawBufferPointer(u)).map { .controlCharacter(field: k.name, code: $0) }
            }
        }
        switch body {
        case .voucher(let v):
            for k in FieldTable.textKeys { if let p = check(k, v.text(k)) { return p } }
            return nil
        case .reversal(_, let reason):
            return check(.reason, reason)
        case .adjustment(let a):
            return check(.reason, a.reason)
        }
    }
}

extension Voucher {
    /// The voucher's text field stored under key `k` (nil for a key that is not one of its text fields).
    func text(_ k: RecordKey) -> String? {
        switch k {
        case .line: return line
        case .payee: return payee
        case .taxCode: return taxCode
        case .payeeId: return payeeID
        case .description: return description
        case .invoiceSeries: return invoiceSeries
        case .invoiceNo: return invoiceNumber
        case .contractNo: return contractNumber
        case .voucherNo: return voucherNumber
        case .ref: return ref
        default: return nil
        }
    }
}
