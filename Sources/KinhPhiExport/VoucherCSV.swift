import KinhPhiCore
import KinhPhiJournal
import KinhPhiSettlement
import KinhPhiSystem

// The voucher list's CSV rows written straight from the journal's bytes (docs/settlement-csv.md
// §--vouchers-csv): the same cells, quoting and injection guard as `CSVWriter`, without a String per cell,
// so that a million rows are formatted in a fraction of a second on the cores `VoucherList.stream` uses.

/// What every row shares: the cells of each approved line's code and budget code, of each kind and of each
/// payment method.
struct VoucherCSVLayout: @unchecked Sendable {
    let lineCells: [[UInt8]]
    let codeCells: [[UInt8]]
    /// By kind: payment, advance, clearing, refund.
    let kindCells: [[UInt8]]
    /// cash, transfer.
    let methodCells: [[UInt8]]

    init(ledger: Ledger, header: CSVHeaderStyle) {
        func cell(_ s: String) -> [UInt8] { Array(CSVWriter.quote(CSVWriter.neutralise(s)).utf8) }
        lineCells = ledger.knownLines.map { cell($0.code) }
        codeCells = ledger.knownLines.map { cell($0.budgetCode) }
        kindCells = [VoucherKind.payment, .advance, .clearing, .refund].map { cell(header == .keys ? $0.rawValue : $0.name.vi) }
        methodCells = [PaymentMethod.cash, .transfer].map { cell(header == .keys ? $0.rawValue : SettlementReport.methodName($0).vi) }
    }

    static func kindIndex(_ k: VoucherKind) -> Int {
        switch k { case .payment: return 0; case .advance: return 1; case .clearing: return 2; case .refund: return 3 }
    }
}

/// One core's rows (`VoucherList.stream`): the bytes, where each row ends and its number in the list (for
/// the merge of the late rows), and the sums of the tax columns.
final class VoucherCSVSink: VoucherListSink, @unchecked Sendable {
    let layout: VoucherCSVLayout
    private(set) var out: [UInt8] = []
    private(set) var count = 0
    /// Per row: its end offset in `out` and its number in the list.
    private(set) var rowEnds: [Int] = []
    private(set) var rowStt: [Int32] = []
    /// Σ VAT, Σ PIT (signed: a refund's are negative).
    private(set) var vat: Int64 = 0, pit: Int64 = 0
    private(set) var overflow = false
    /// The first record whose text had an invalid escape (the journal's one unescape refused it).
    private(set) var failure: JournalError? = nil
    private var scratch: [UInt8] = []

    init(_ layout: VoucherCSVLayout) {
        self.layout = layout
        out.reserveCapacity(4 << 20)
        scratch.reserveCapacity(256)
    }

    func reset() {
        out.removeAll(keepingCapacity: true); rowEnds.removeAll(keepingCapacity: true); rowStt.removeAll(keepingCapacity: true)
        count = 0; vat = 0; pit = 0
    }

    /// Columns (docs/settlement-csv.md §--vouchers-csv): stt, voucher_no, date, description, budget_code,
    /// line, payee, payee_id, tax_code, invoice_series, invoice_no, invoice_date, gross, vat, pit,
    /// net, method, kind, seq.
    func take(_ row: VoucherListRow) {
        let r = row.record
        var out = self.out
        self.out = []
        let sign: Int64 = row.amount < 0 ? -1 : 1
        let v = r.tax(.vat) * sign, p = r.tax(.pitWithheld) * sign
        VoucherCSVSink.appendInt(Int64(row.stt), &out); out.append(44)
        text(r, .voucherNo, &out); out.append(44)
        r.appendDate(to: &out); out.append(44)
        text(r, .description, &out); out.append(44)
        out.append(contentsOf: layout.codeCells[r.lineIndex]); out.append(44)
        out.append(contentsOf: layout.lineCells[r.lineIndex]); out.append(44)
        text(r, .payee, &out); out.append(44)
        text(r, .payeeId, &out); out.append(44)
        text(r, .taxCode, &out); out.append(44)
        text(r, .invoiceSeries, &out); out.append(44)
        text(r, .invoiceNo, &out); out.append(44)
        r.appendDate(.invoiceDate, to: &out); out.append(44)
        VoucherCSVSink.appendInt(row.amount, &out); out.append(44)
        VoucherCSVSink.appendInt(v, &out); out.append(44)
        VoucherCSVSink.appendInt(p, &out); out.append(44)
        VoucherCSVSink.appendInt(row.amount - p, &out); out.append(44)
        out.append(contentsOf: layout.methodCells[r.isTransfer ? 1 : 0]); out.append(44)
        out.append(contentsOf: layout.kindCells[VoucherCSVLayout.kindIndex(r.kind ?? .payment)]); out.append(44)
        VoucherCSVSink.appendInt(Int64(r.seq), &out)
        out.append(13); out.append(10)
        self.out = out
        rowEnds.append(out.count)
        rowStt.append(Int32(row.stt))
        let (a, o1) = vat.addingReportingOverflow(v), (b, o2) = pit.addingReportingOverflow(p)
        vat = a; pit = b
        if o1 || o2 { overflow = true }
        count += 1
    }

    /// A text cell: `CSVWriter.quote(CSVWriter.neutralise(text))`, on bytes (the stored bytes straight
    /// away when they hold no escape).
    private func text(_ r: RecordView, _ f: RecordView.Field, _ out: inout [UInt8]) {
        let raw = r.raw(f)
        if !VoucherCSVSink.contains(raw, 0x5C) { VoucherCSVSink.appendCell(raw, &out); return }
        scratch.removeAll(keepingCapacity: true)
        if !r.appendText(f, to: &scratch), failure == nil { failure = r.badEscape(in: f) }
        scratch.withUnsafeBytes { VoucherCSVSink.appendCell($0, &out) }
    }

    static let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080

    /// Bit 7 of each byte of `w` equal to `c` (exact when tested for zero).
    @inline(__always) static func equalBytes(_ w: UInt64, _ c: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(c))
        return (x &- ones) & ~x & high
    }

    static func contains(_ s: UnsafeRawBufferPointer, _ c: UInt8) -> Bool {
        var i = 0
        while i + 8 <= s.count {
            if equalBytes(s.loadUnaligned(fromByteOffset: i, as: UInt64.self), c) != 0 { return true }
            i += 8
        }
        while i < s.count { if s[i] == c { return true }; i += 1 }
        return false
    }

    /// Whether a cell needs quotes: a comma, a double quote, LF or CR (eight bytes at a time while none is
    /// a comma, a quote or below 0x20).
    static func needsQuotes(_ s: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 8 <= s.count {
            let w = s.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let below = (w &- ones &* 0x20) & ~w & high
            if equalBytes(w, 44) | equalBytes(w, 34) | below != 0 { break }
            i += 8
        }
        while i < s.count {
            let b = s[i]
            if b == 44 || b == 34 || b == 10 || b == 13 { return true }
            i += 1
        }
        return false
    }

    static func appendCell(_ s: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        guard s.count > 0 else { return }
        // = + - @ TAB CR: shown as text (OWASP "CSV injection").
        let first = s[0]
        let guardMark = first == 61 || first == 43 || first == 45 || first == 64 || first == 9 || first == 13
        if !needsQuotes(s) {
            if guardMark { out.append(39) }
            out.append(contentsOf: s)
            return
        }
        out.append(34)
        if guardMark { out.append(39) }
        // Runs between double quotes are copied whole; each quote is doubled.
        let base = s.baseAddress!
        var start = 0
        while start < s.count, let q = Bytes.find(34, in: base + start, count: s.count - start) {
            let at = start + q
            out.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: at + 1 - start))
            out.append(34)
            start = at + 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: s.count - start))
        out.append(34)
    }

    static func appendInt(_ value: Int64, _ out: inout [UInt8]) {
        if value == 0 { out.append(48); return }
        // Digits written from the right into a 24-byte buffer, then appended in one go.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var v = value.magnitude
            var i = 24
            while v > 0 { i -= 1; d[i] = UInt8(truncatingIfNeeded: 48 &+ v % 10); v /= 10 }
            if value < 0 { i -= 1; d[i] = 45 }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[i..<24]))
        }
    }
}
