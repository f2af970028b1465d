import Foundation
import KinhPhiCore
import KinhPhiSystem

// The journal's readers, each a sink of the one chain reader (Format/ChainReader.swift):
//   • the state (`StateSink` → `JournalState.fold`): record, import, reverse, status, and verify;
//   • every record decoded (`DecodingSink`): `forEachRecord`, hence explain and the reference voucher list;
//   • every record in place (`ViewSink` → a `RecordStreamSink`): the settlement's voucher list CSV.
// The reader checks each line's shape, seq, prev link and escapes (and, when asked, hashes and every field);
// the sinks read the fields they need through the table's typed getters (`RecordFields.core`).

/// What every sink needs of a record, read with the table's rules: its kind, the index of its line in the
/// approved budget, its amount, its date and its link (a clearing's advance, a reversal's target).
struct RecordCore {
    var kind: UInt8
    /// -1 for a reversal.
    var line: Int32
    /// 0 for a reversal.
    var amount: Int64
    /// yyyymmdd; 0 for a reversal.
    var date: Int32
    /// clears (clearing) or of (reversal); 0 otherwise.
    var link: Int32
}

extension RecordFields {
    /// The record's core (`RecordCore`); `lines` maps approved line codes to their index, `scratch` holds
    /// an escaped line code while it is looked up.
    @inline(__always)
    func core(seq: Int64, lines: ByteKeyIndex, scratch: inout [UInt8]) -> Result<RecordCore, RecordProblem> {
        let kind: VoucherKind
        switch self.kind() {
        case nil: return .failure(.invalidField(RecordKey.kind.name))
        case .reversal:
            guard let of = bounded(.of, seq: seq) else { return .failure(.invalidField(RecordKey.of.name)) }
            return .success(RecordCore(kind: KindCode.reversal, line: -1, amount: 0, date: 0, link: Int32(truncatingIfNeeded: of)))
        case .adjustment:
            let date = packedDate(.date)
            guard date != 0 else { return .failure(.invalidField(RecordKey.date.name)) }
            guard let v = bounded(.version), v <= Int64(Int32.max) else { return .failure(.invalidField(RecordKey.version.name)) }
            guard isHex64(.sha256) else { return .failure(.invalidField(RecordKey.sha256.name)) }
            return .success(RecordCore(kind: KindCode.adjustment, line: -1, amount: 0, date: date, link: Int32(v)))
        case .voucher(let k):
            kind = k
        }
        let code = raw(.line)
        guard code.count > 0 else { return .failure(.invalidField(RecordKey.line.name)) }
        let li: Int32?
        if Bytes.contains(92, in: code) {
            scratch.removeAll(keepingCapacity: true)
            guard JournalText.unescape(code, into: &scratch) else { return .failure(.badEscape(field: RecordKey.line.name)) }
            li = scratch.withUnsafeBytes { lines.value($0) }
        } else {
            li = lines.value(code)
        }
        guard let li else { return .failure(.lineNotInBudget(text(.line) ?? "?")) }
        guard let amount = bounded(.amount) else { return .failure(.invalidField(RecordKey.amount.name)) }
        let date = packedDate(.date)
        guard date != 0 else { return .failure(.invalidField(RecordKey.date.name)) }
        var link: Int32 = 0
        if kind == .clearing || (kind == .refund && has(.clears)) {
            guard let c = bounded(.clears, seq: seq) else { return .failure(.invalidField(RecordKey.clears.name)) }
            link = Int32(truncatingIfNeeded: c)
        }
        return .success(RecordCore(kind: KindCode.of(kind), line: li, amount: amount, date: date, link: link))
    }
}

// MARK: - The state

/// One record reduced to what the state needs (~24 bytes).
struct ScannedRecord {
    var amount: Int64
    /// clearing: the advance's seq; reversal: the reversed seq.
    var link: Int32
    var line: Int32
    var date: Int32
    var kind: UInt8
}

/// The state's sink: one part's records reduced to compact records, the advances' details and, for the
/// writers (`indexes`), each record's keys (`KeyedRecord`, parallel to `records`), folded into the state
/// in order by `JournalState.fold`.
struct StateSink: ChainSink {
    let lines: ByteKeyIndex
    let indexes: Bool
    var records: [ScannedRecord] = []
    /// (index in `records`, details) of every advance.
    var advances: [(Int, AdvanceDetail)] = []
    /// (index in `records`, the sha256 field's 64 hex bytes) of every adjustment.
    var adjustments: [(Int, [UInt8])] = []
    /// The keys of every record (indexes only), laid out in `keyArena`.
    var keyArena: [UInt8] = []
    var keyed: [KeyedRecord] = []
    private var scratch: [UInt8] = []

    init(lines: ByteKeyIndex, indexes: Bool, reserving n: Int = 0) {
        self.lines = lines
        self.indexes = indexes
        records.reserveCapacity(n)
        if indexes { keyed.reserveCapacity(n) }
    }

    mutating func take(_ f: RecordFields, seq: Int64) -> RecordProblem? {
        let c: RecordCore
        switch f.core(seq: seq, lines: lines, scratch: &scratch) {
        case .success(let v): c = v
        case .failure(let p): return p
        }
        let n = records.count, arena = keyArena.count
        do throws(RecordProblem) {
            if c.kind == KindCode.advance {
                advances.append((n, AdvanceDetail(date: RecordFields.unpack(c.date)!, payee: try f.checkedText(.payee) ?? "",
                                                  voucherNumber: try f.checkedText(.voucherNo), contractNumber: try f.checkedText(.contractNo))))
            }
            if c.kind == KindCode.adjustment { adjustments.append((n, Array(f.raw(.sha256)))) }
            if indexes {
                keyed.append(c.kind == KindCode.reversal || c.kind == KindCode.adjustment ? KeyedRecord()
                             : try KeyedRecord.make(f, kind: c.kind, into: &keyArena, scratch: &scratch))
            }
        } catch {
            // The record is not taken: undo what it added.
            if advances.last?.0 == n { advances.removeLast() }
            if adjustments.last?.0 == n { adjustments.removeLast() }
            keyArena.removeSubrange(arena...)
            if keyed.count > n { keyed.removeLast() }
            return error
        }
        records.append(ScannedRecord(amount: c.amount, link: c.link, line: c.line, date: c.date, kind: c.kind))
        return nil
    }

    /// Empties the sink, giving its memory back (a big journal's parts are folded one after the other).
    mutating func drop() { records = []; advances = []; adjustments = []; keyArena = []; keyed = [] }
}

extension Journal {
    /// Reads the whole journal into a state (call under the lock) with the given checks; `indexes` builds
    /// the invoice and voucher-number indexes writers need. The state is complete when the outcome is
    /// `.intact`. `threads`, `parallelFrom` and `roundBytes` change how the file is cut (tests).
    func scan(checks: ChainChecks, indexes: Bool, threads: Int? = nil, parallelFrom: Int64? = nil,
              roundBytes: Int64? = nil) throws(JournalError) -> (ChainReader.Outcome, JournalState) {
        let state = JournalState(budget: budget, files: try approvalFiles(), withIndexes: indexes)
        let size = try IO.size(path) ?? 0
        var reader = ChainReader(path: path, genesisHex: state.lastHashHex, checks: checks, threads: threads, roundBytes: roundBytes)
        if let parallelFrom { reader.parallelFrom = parallelFrom }
        let perPart = Int(size / 300 / Int64(max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount))) + 16
        let lines = state.lineIndex
        let outcome = try reader.read(makeSink: { StateSink(lines: lines, indexes: indexes, reserving: perPart) },
                                      drain: { state.fold(&$0) })
        if case .intact(let n, let hex) = outcome { state.chainAdvanced(seq: n, hex: hex) }
        return (outcome, state)
    }

    /// Journals up to this size are fully re-verified (every SHA-256 and every field) by every command that
    /// reads them; above it (about 150.000 records) only `verify` recomputes the hashes and checks every
    /// field, and the others check the shape, seq, prev links, the fields they use, and meaning, so that
    /// status stays under a second at a million records.
    static let fullCheckLimit: Int64 = 64 << 20

    /// Replays the journal into a state (call under the lock): every record's shape, seq, prev link, the
    /// fields the state uses and meaning are checked, and every hash and field too up to `fullCheckLimit`.
    /// A torn tail or a bad record throws.
    func loadState(withIndexes: Bool) throws(JournalError) -> JournalState {
        let small = (try IO.size(path) ?? 0) <= Journal.fullCheckLimit
        let (outcome, state) = try scan(checks: small ? .full : .links, indexes: withIndexes)
        try outcome.throwUnlessIntact(approvalHash: budget.fileSHA256.hex)
        return state
    }
}

extension ChainReader.Outcome {
    /// The error every command but verify stops with.
    func throwUnlessIntact(approvalHash: String) throws(JournalError) {
        switch self {
        case .intact, .stopped: return
        case .torn(let t, _): throw .tornTail(t)
        case .broken(let b, _): throw .broken(b)
        case .approvalChanged(let a): throw .approvalChanged(expected: a, found: approvalHash)
        }
    }
}

// MARK: - Every record decoded

/// Decodes every record (`RecordCodec.decode`: every field checked) and reduces it for the state.
struct DecodingSink: ChainSink {
    var state: StateSink
    var decoded: [JournalRecord] = []

    mutating func take(_ f: RecordFields, seq: Int64) -> RecordProblem? {
        let r: JournalRecord
        switch RecordCodec.decode(f) {
        case .success(let v): r = v
        case .failure(let p): return p
        }
        if let p = state.take(f, seq: seq) { return p }
        decoded.append(r)
        return nil
    }
}

extension Journal {
    /// Every record in order, fully decoded, under a shared lock; returns the ledger built in the same
    /// pass. Shape, seq, `prev` links, every field, meaning and the torn tail are checked as on every read
    /// (and every hash up to `fullCheckLimit`; above it only `verify` recomputes them). If the journal
    /// turns out torn or broken, the error is thrown after the records before the problem were handed out:
    /// discard what you collected when it throws.
    @discardableResult
    public func forEachRecord(_ body: (JournalRecord) throws -> Void) throws -> Ledger {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        let state = JournalState(budget: budget, files: try approvalFiles(), withIndexes: false)
        let small = (try IO.size(path) ?? 0) <= Journal.fullCheckLimit
        // `decode` checks every field: the reader need not.
        let reader = ChainReader(path: path, genesisHex: state.lastHashHex, checks: ChainChecks(hashes: small, fields: false),
                                 roundBytes: 8 << 20)
        let lines = state.lineIndex
        var failure: Error? = nil
        let outcome = try reader.read(makeSink: { DecodingSink(state: StateSink(lines: lines, indexes: false)) }) { sink in
            let folded = state.fold(&sink.state)
            var upTo = Int.max
            if case .bad(let seq, _) = folded { upTo = seq }
            for r in sink.decoded where r.seq < upTo {
                do { try body(r) } catch { failure = error; return .stop }
            }
            sink.decoded.removeAll(keepingCapacity: true)
            return folded
        }
        if case .stopped = outcome, let failure { throw failure }
        try outcome.throwUnlessIntact(approvalHash: budget.fileSHA256.hex)
        if case .intact(let n, let hex) = outcome { state.chainAdvanced(seq: n, hex: hex) }
        return try Ledger(state: state)
    }
}

// MARK: - Every record in place (exports)

/// One record seen in place: its fields are the line's own bytes, valid only during the call that hands
/// the view out.
public struct RecordView {
    /// The text fields an export may need.
    public enum Field: Sendable {
        case line, payee, taxCode, description, voucherNo, ref, invoiceSeries, invoiceNo, contractNo, reason, payeeId

        var key: RecordKey {
            switch self {
            case .line: return .line
            case .payee: return .payee
            case .taxCode: return .taxCode
            case .description: return .description
            case .voucherNo: return .voucherNo
            case .ref: return .ref
            case .invoiceSeries: return .invoiceSeries
            case .invoiceNo: return .invoiceNo
            case .contractNo: return .contractNo
            case .reason: return .reason
            case .payeeId: return .payeeId
            }
        }
    }

    public let seq: Int
    /// nil for a reversal or an adjustment.
    public let kind: VoucherKind?
    /// The record's line (`Ledger.knownLines` index: approved.json's lines, then lines adjustments added);
    /// -1 for a reversal or an adjustment.
    public let lineIndex: Int
    /// The gross amount in đồng (0 for a reversal).
    public let amount: Int64
    /// The voucher date as yyyymmdd (0 for a reversal).
    public let packedDate: Int32
    let fields: RecordFields

    /// Whether the field is present.
    public func has(_ f: Field) -> Bool { fields.has(f.key) }

    /// The field's bytes as stored in the journal, escapes and all (docs/journal.md §The journal file);
    /// empty when absent.
    public func raw(_ f: Field) -> UnsafeRawBufferPointer { fields.raw(f.key) }

    /// Appends the field's text, escapes undone (the journal's one unescape), to `out`; nothing when
    /// absent. False at an invalid escape (`\` not followed by `\`, `t`, `n` or `r`): the record is broken
    /// (`problem(badEscapeIn:)`), and what was appended is not to be used.
    public func appendText(_ f: Field, to out: inout [UInt8]) -> Bool {
        do { try fields.appendUnescaped(f.key, to: &out); return true } catch { return false }
    }

    /// What to report when `appendText` failed on field `f` of this record.
    public func badEscape(in f: Field) -> JournalError {
        .broken(BadRecord(line: seq, problem: .badEscape(field: f.key.name)))
    }

    /// The taxes inside the gross amount (0 when absent).
    public enum TaxField: Sendable { case vat, pitWithheld }

    /// VAT or PIT withheld in đồng, 0 when absent (the reader has checked the bounds: `verify` runs first).
    public func tax(_ f: TaxField) -> Int64 { fields.uint(f == .vat ? .vat : .pitWithheld) ?? 0 }

    /// Whether the payee is the organiser's own staff (`staff`), and whether the record names a contract —
    /// what `Voucher.paysIncome` needs besides the kind, the line and `isIndividual` (issue 14).
    public var isStaff: Bool { fields.has(.staff) }
    public var hasContract: Bool { fields.has(.contractNo) }

    /// Whether the money moved by transfer (else cash).
    public var isTransfer: Bool { fields.equals(.method, "transfer") }

    /// Whether the payee is a person (payee_type individual).
    public var isIndividual: Bool { fields.equals(.payeeType, "individual") }

    /// Appends the record's invoice key — the journal's own (`RecordKeys.invoice`: the duplicate-invoice
    /// check's) — to `out`; false (nothing usable appended) when it has no invoice or a bad escape.
    public func appendInvoiceKey(to out: inout [UInt8]) -> Bool {
        let start = out.count
        do {
            if try InvoiceKey.append(fields, to: &out) { return true }
        } catch {}
        out.removeSubrange(start...)
        return false
    }

    /// Appends the record's voucher-number key (`RecordKeys.voucherNumber`) to `out`; false when it has none.
    public func appendVoucherNumberKey(to out: inout [UInt8]) -> Bool {
        let start = out.count
        do {
            if try VoucherNumberKey.append(fields, to: &out) { return true }
        } catch {}
        out.removeSubrange(start...)
        return false
    }

    /// The dates a voucher may carry.
    public enum DateField: Sendable { case date, invoiceDate }

    /// The voucher date as dd/mm/yyyy (`CivilDate.description`), appended to `out`.
    public func appendDate(to out: inout [UInt8]) { appendDate(.date, to: &out) }

    /// A date field as dd/mm/yyyy, appended to `out`; nothing when absent.
    public func appendDate(_ f: DateField, to out: inout [UInt8]) {
        let r = fields.raw(f == .date ? .date : .invoiceDate)
        guard r.count == 10 else { return }
        out.append(r[8]); out.append(r[9]); out.append(47)
        out.append(r[5]); out.append(r[6]); out.append(47)
        out.append(r[0]); out.append(r[1]); out.append(r[2]); out.append(r[3])
    }
}

/// Receives the records of one part of the journal, on a worker thread (`Journal.streamRecords`).
public protocol RecordStreamSink: AnyObject {
    func take(_ record: RecordView)
}

/// Hands each record to an export's sink as a `RecordView`. Not generic over the export's sink type: the
/// reader's loop is then compiled (specialised) here, in the journal module, and only the call to the
/// export's `take` crosses into the caller's module.
struct ViewSink: ChainSink {
    let sink: any RecordStreamSink
    /// Which of the caller's sinks (the order `makeSink` made them in).
    let index: Int
    let lines: ByteKeyIndex
    private var scratch: [UInt8] = []

    init(sink: any RecordStreamSink, index: Int, lines: ByteKeyIndex) { self.sink = sink; self.index = index; self.lines = lines }

    mutating func take(_ f: RecordFields, seq: Int64) -> RecordProblem? {
        switch f.core(seq: seq, lines: lines, scratch: &scratch) {
        case .failure(let p): return p
        case .success(let c):
            sink.take(RecordView(seq: Int(seq), kind: KindCode.voucherKind(c.kind), lineIndex: Int(c.line), amount: c.amount,
                                 packedDate: c.date, fields: f))
            return nil
        }
    }
}

extension Journal {
    /// Streams every record in journal order, on all cores, without decoding them (the settlement's
    /// voucher list): the journal is read in rounds of `batchBytes`, each cut into one part per core;
    /// `makeSink` is called once per part, and `drain` gets the sinks in journal order after each round,
    /// on this thread, and must empty them. Under a shared lock. Each line's shape, seq, prev link, escapes,
    /// kind, line, amount and date are checked; hashes and every other field are `verify`'s job — call it
    /// first (settle does). A torn or broken journal throws its `JournalError` (after the rounds before the
    /// problem were drained). Returns the records streamed.
    @discardableResult
    public func streamRecords<S: RecordStreamSink>(threads: Int? = nil, batchBytes: Int = 8 << 20,
                                                   makeSink: () -> S, drain: (S) throws -> Void) throws -> Int {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        var genesis: [UInt8] = []
        budget.fileSHA256.appendHex(to: &genesis)
        let files = try approvalFiles()
        var lines = ByteKeyIndex(capacity: files.allLines.count)
        for (i, l) in files.allLines.enumerated() { lines.set(Array(l.code.utf8), Int32(i)) }
        let reader = ChainReader(path: path, genesisHex: genesis, checks: .links, threads: threads, roundBytes: Int64(max(batchBytes, 1 << 16)))
        var failure: Error? = nil
        var made: [S] = []
        let outcome = try reader.read(makeSink: { () -> ViewSink in
            made.append(makeSink())
            return ViewSink(sink: made[made.count - 1], index: made.count - 1, lines: lines)
        }) { v in
            do { try drain(made[v.index]); return .next } catch { failure = error; return .stop }
        }
        if case .stopped = outcome, let failure { throw failure }
        try outcome.throwUnlessIntact(approvalHash: budget.fileSHA256.hex)
        if case .intact(let n, _) = outcome { return n }
        return 0
    }
}
