import KinhPhiCore
import KinhPhiSystem

// The exact keys of the journal's two indexes — invoices (REC-DUP-INVOICE) and voucher numbers
// (REC-VOUCHER-NO, and a clearing's `ref`) — built one way whether the voucher comes from a command or from
// a line of journal.kp. Keys are bytes compared exactly (ByteKeyIndex), never hashes alone. Every part of a
// key is an identifier as people read it (`Identifier.normalizeKey` in Core: invisible characters removed,
// NFKC, case folded, look-alike letters as Latin); the record keeps what the user typed.

/// An invoice's key: the seller's tax code, the series and the number, each as an identifier key
/// (`Identifier`), the number without leading zeros when it is all digits (`0000123` = `123`), separated by
/// 0x1F (a byte no text field holds). A missing tax code or series is empty.
enum InvoiceKey {
    /// Appends the key of an invoice given as text bytes (escapes already undone).
    static func append(taxCode: UnsafeRawBufferPointer, series: UnsafeRawBufferPointer, number: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        IndexKey.appendKey(taxCode, &out)
        out.append(0x1F)
        IndexKey.appendKey(series, &out)
        out.append(0x1F)
        let start = out.count
        IndexKey.appendKey(number, &out)
        stripLeadingZeros(&out, from: start)
    }

    /// Appends the key of a voucher's invoice; false (nothing appended) when it has no invoice number.
    static func append(_ v: Voucher, to out: inout [UInt8]) -> Bool {
        guard var number = v.invoiceNumber else { return false }
        var tax = v.taxCode ?? "", series = v.invoiceSeries ?? ""
        tax.withUTF8 { t in series.withUTF8 { s in number.withUTF8 { n in
            append(taxCode: UnsafeRawBufferPointer(t), series: UnsafeRawBufferPointer(s), number: UnsafeRawBufferPointer(n), to: &out)
        } } }
        return true
    }

    /// Appends the key of the invoice on a journal line; false (nothing appended) when it has none.
    static func append(_ f: RecordFields, to out: inout [UInt8]) throws(RecordProblem) -> Bool {
        guard f.has(.invoiceNo) else { return false }
        try IndexKey.appendKey(f, .taxCode, &out)
        out.append(0x1F)
        try IndexKey.appendKey(f, .invoiceSeries, &out)
        out.append(0x1F)
        let start = out.count
        try IndexKey.appendKey(f, .invoiceNo, &out)
        stripLeadingZeros(&out, from: start)
        return true
    }

    static func stripLeadingZeros(_ out: inout [UInt8], from start: Int) {
        guard start < out.count else { return }
        for i in start..<out.count where !(out[i] >= 48 && out[i] <= 57) { return }
        var firstNonZero = start
        while firstNonZero < out.count - 1 && out[firstNonZero] == 48 { firstNonZero += 1 }
        if firstNonZero > start { out.removeSubrange(start..<firstNonZero) }
    }
}

/// A voucher number's key: its identifier key (`pc-01` = `PC-01` = `ＰＣ－０１`).
enum VoucherNumberKey {
    static func append(_ number: String, to out: inout [UInt8]) {
        var n = number
        n.withUTF8 { IndexKey.appendKey(UnsafeRawBufferPointer($0), &out) }
    }

    /// Appends the key of the voucher number on a journal line; false when it has none.
    static func append(_ f: RecordFields, to out: inout [UInt8]) throws(RecordProblem) -> Bool {
        guard f.has(.voucherNo) else { return false }
        try IndexKey.appendKey(f, .voucherNo, &out)
        return true
    }
}

enum IndexKey {
    /// Appends the identifier key of UTF-8 text (`Identifier.normalizeKey`).
    @inline(__always) static func appendKey(_ u: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: u)
        Identifier.normalizeKey(&out, from: start)
    }

    /// Appends the identifier key of a journal field's text (escapes undone).
    @inline(__always) static func appendKey(_ f: RecordFields, _ k: RecordKey, _ out: inout [UInt8]) throws(RecordProblem) {
        let start = out.count
        try f.appendUnescaped(k, to: &out)
        Identifier.normalizeKey(&out, from: start)
    }
}

/// The journal's keys for callers outside it (the checks across events, `kinhphi report`): the same bytes the
/// journal's own duplicate checks compare, so that two events are compared exactly as two records of one
/// event are. Built from a decoded `Voucher` here, from a journal line by `RecordView.appendInvoiceKey` and
/// `appendVoucherNumberKey`; both give the same bytes.
public enum RecordKeys {
    /// The invoice key of a voucher (seller's tax code, series, number), nil when it has no invoice.
    public static func invoice(_ v: Voucher) -> [UInt8]? {
        var out: [UInt8] = []
        return InvoiceKey.append(v, to: &out) ? out : nil
    }

    /// The voucher-number key of a number.
    public static func voucherNumber(_ number: String) -> [UInt8] {
        var out: [UInt8] = []
        VoucherNumberKey.append(number, to: &out)
        return out
    }

    /// The 64-bit hash the journal's exact indexes use (FNV-1a with a final avalanche), for callers that keep
    /// many keys as fingerprints and confirm a match on the bytes afterwards.
    public static func fingerprint(_ key: UnsafeRawBufferPointer) -> UInt64 { ByteKeyIndex.hash(key) }

    public static func fingerprint(_ key: [UInt8]) -> UInt64 { key.withUnsafeBytes { ByteKeyIndex.hash($0) } }
}

// MARK: - Payees as people (issue 14)

/// How two names are compared: as identifiers (`Identifier.normalizeKey` in Core, the one normalisation every
/// duplicate check uses: invisible characters removed, NFKC, case folded, white space collapsed, look-alike
/// letters as Latin), so that "Nguyễn  Văn An", "NGUYỄN VĂN AN" and the same name typed decomposed (NFD)
/// are one person. Nothing else in the journal normalises a name.
enum NameKey {
    /// Appends the comparison form of a name given as UTF-8 bytes.
    @inline(__always) static func append(_ name: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        IndexKey.appendKey(name, &out)
    }

    /// The name of a voucher.
    static func append(_ name: String, to out: inout [UInt8]) {
        var n = name
        n.withUTF8 { append(UnsafeRawBufferPointer($0), to: &out) }
    }
}

/// Who a voucher pays, as one key for every check that sees payees across records (PIT per person and
/// day, a likely double payment, the parts of one voucher): an individual is their `payee_id` when given,
/// else their name; a business its tax code when given, else its name. Names are compared by `NameKey`. A
/// leading tag keeps the kinds apart: `I` an individual's ID, `T` a tax code, `N` a name.
enum PayeeKey {
    static func append(_ v: Voucher, to out: inout [UInt8]) {
        if v.payeeType == .individual, let id = v.payeeID {
            out.append(73); var s = id; s.withUTF8 { IndexKey.appendKey(UnsafeRawBufferPointer($0), &out) }
        } else if v.payeeType == .business, let t = v.taxCode {
            out.append(84); var s = t; s.withUTF8 { IndexKey.appendKey(UnsafeRawBufferPointer($0), &out) }
        } else {
            out.append(78); NameKey.append(v.payee, to: &out)
        }
    }

    /// The same from a journal line.
    static func append(_ f: RecordFields, to out: inout [UInt8], scratch: inout [UInt8]) throws(RecordProblem) {
        let individual = f.equals(.payeeType, "individual")
        if individual && f.has(.payeeId) {
            out.append(73); try IndexKey.appendKey(f, .payeeId, &out)
        } else if !individual && f.has(.taxCode) {
            out.append(84); try IndexKey.appendKey(f, .taxCode, &out)
        } else {
            out.append(78); try IndexKey.appendKey(f, .payee, &out)
        }
    }
}

/// A contract's key: its number as an identifier key (`Identifier`).
enum ContractKey {
    static func append(_ number: String, to out: inout [UInt8]) {
        var n = number
        n.withUTF8 { IndexKey.appendKey(UnsafeRawBufferPointer($0), &out) }
    }
    static func append(_ f: RecordFields, to out: inout [UInt8]) throws(RecordProblem) -> Bool {
        guard f.has(.contractNo) else { return false }
        try IndexKey.appendKey(f, .contractNo, &out)
        return true
    }
}

extension Voucher {
    /// Who an individual is, for everything that counts a person's income (the PIT on their day, the PIT
    /// register, the year's report): `I` + their `payee_id`, else `N` + their name, each as an identifier key
    /// (`Identifier`) — the bytes `PayeeKey` gives an individual. The one definition (issue 14).
    public static func personKey(payeeID: String?, name: String) -> String {
        var out: [UInt8] = []
        if let id = payeeID {
            out.append(73); var s = id; s.withUTF8 { IndexKey.appendKey(UnsafeRawBufferPointer($0), &out) }
        } else {
            out.append(78); NameKey.append(name, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A name in the form the journal's checks compare names (`NameKey`: case, white space and Unicode
    /// composition normalised): two payees are one person when these are equal.
    public static func comparableName(_ name: String) -> String {
        var out: [UInt8] = []
        NameKey.append(name, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
