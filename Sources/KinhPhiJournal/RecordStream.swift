import Foundation
import KinhPhiCore
import KinhPhiSystem

// Streaming the journal's records in place, on all cores, for exports of a million records (the
// settlement's voucher list): no JournalRecord, no String per field. The file is read in large batches of
// whole lines; each batch is cut at line starts into one part per core, each part's records are handed to
// that core's sink on a worker thread, and the sinks are then drained in journal order on the caller's
// thread. Each line's syntax, its seq (= its line number), kind, amount, date and line code are checked;
// hashes, prev links and the records' meaning are `verify`'s job — call it first (settle does).

/// One record seen in place: its fields are the line's own bytes, valid only during the call that hands
/// the view out.
public struct RecordView {
    /// The text fields an export may need.
    public enum Field: Sendable {
        case line, payee, taxCode, description, voucherNo, ref, invoiceSeries, invoiceNo, contractNo, reason

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
            }
        }
    }

    public let seq: Int
    /// nil for a reversal.
    public let kind: VoucherKind?
    /// The record's line in the approved budget (`budget.lines` index); -1 for a reversal.
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

    /// Appends the field's text (escapes undone) to `out`; nothing when absent.
    public func appendText(_ f: Field, to out: inout [UInt8]) {
        let r = fields.raw(f.key)
        guard r.count > 0 else { return }
        if !Bytes.contains(92, in: r) { out.append(contentsOf: r); return }
        var i = 0
        while i < r.count {
            let b = r[i]
            if b == 92, i + 1 < r.count {
                switch r[i + 1] {
                case 116: out.append(9)
                case 110: out.append(10)
                case 114: out.append(13)
                default: out.append(r[i + 1])
                }
                i += 2
            } else {
                out.append(b); i += 1
            }
        }
    }

    /// The voucher date as dd/mm/yyyy (`CivilDate.description`), appended to `out`.
    public func appendDate(to out: inout [UInt8]) {
        let r = fields.raw(.date)
        guard r.count == 10 else { return }
        out.append(r[8]); out.append(r[9]); out.append(47)
        out.append(r[5]); out.append(r[6]); out.append(47)
        out.append(r[0]); out.append(r[1]); out.append(r[2]); out.append(r[3])
    }
}

/// Receives the records of one part of a batch, on a worker thread.
public protocol RecordStreamSink: AnyObject {
    func take(_ record: RecordView)
}

/// A part's work as the worker threads see it (without the sink's type).
protocol StreamPartWork: AnyObject, Sendable {
    func run()
}

/// One part of a batch: a range of whole lines handed to one sink.
final class StreamPart<S: RecordStreamSink>: StreamPartWork, @unchecked Sendable {
    let sink: S
    let lineIndex: ByteKeyIndex
    var fields = RecordFields()
    var base: UnsafePointer<UInt8>? = nil
    var from = 0, to = 0
    var firstSeq: Int64 = 0, lastSeq: Int64 = 0, count = 0
    var error: (offset: Int, reason: Bilingual)? = nil

    init(sink: S, lineIndex: ByteKeyIndex) { self.sink = sink; self.lineIndex = lineIndex }

    /// Streams the whole lines of base[from..<to] (each ends with a newline) into the sink.
    func run() {
        firstSeq = 0; lastSeq = 0; count = 0; error = nil
        guard let base, from < to else { return }
        var fields = self.fields
        let sink = self.sink, lineIndex = self.lineIndex
        var pos = from
        var last: Int64 = 0
        var n = 0
        var failure: (offset: Int, reason: Bilingual)? = nil
        while pos < to {
            guard let nl = Bytes.find(10, in: base + pos, count: to - pos) else { break }
            let end = pos + nl
            let line = UnsafeRawBufferPointer(start: base + pos, count: end - pos)
            if let why = fields.split(line) { failure = (pos, why); break }
            guard let seq = fields.uint(.seq), seq > 0, n == 0 || seq == last + 1 else {
                failure = (pos, Bilingual(vi: "seq không liền sau bản ghi trước", en: "seq does not follow the record before")); break
            }
            if n == 0 { firstSeq = seq }
            let (kind, known) = fields.kind()
            guard known else { failure = (pos, Bilingual(vi: "loại bản ghi (kind) không hợp lệ", en: "invalid record kind")); break }
            var li = -1
            var amount: Int64 = 0
            var date: Int32 = 0
            if kind != nil {
                let code = fields.raw(.line)
                let found: Int32?
                if Bytes.contains(92, in: code) {
                    found = RecordFields.unescape(code).flatMap { $0.withUnsafeBytes { lineIndex.value($0) } }
                } else {
                    found = lineIndex.value(code)
                }
                guard let found else {
                    failure = (pos, Bilingual(vi: "dòng không có trong dự toán được duyệt", en: "the line is not in the approved budget")); break
                }
                li = Int(found)
                guard let a = fields.uint(.amount), a > 0, a <= Money.limit else {
                    failure = (pos, Bilingual(vi: "số tiền (amount) không hợp lệ", en: "invalid amount")); break
                }
                amount = a
                date = fields.packedDate(.date)
                guard date != 0 else { failure = (pos, Bilingual(vi: "ngày (date) không hợp lệ", en: "invalid date")); break }
            }
            sink.take(RecordView(seq: Int(seq), kind: kind, lineIndex: li, amount: amount, packedDate: date, fields: fields))
            last = seq
            n += 1
            pos = end + 1
        }
        lastSeq = last
        count = n
        error = failure
        self.fields = fields
    }
}

extension Journal {
    /// Streams every complete record in journal order (see the top of this file): `makeSink` is called
    /// once per part (one per core); `drain` gets the sinks in journal order after each batch, on this
    /// thread, and must empty them. Under a shared lock. A line that is not a well-formed record, or out
    /// of sequence, throws `JournalError.broken` before its batch is drained. Returns the records streamed.
    @discardableResult
    public func streamRecords<S: RecordStreamSink>(threads: Int? = nil, batchBytes: Int = 8 << 20,
                                                   makeSink: () -> S, drain: (S) throws -> Void) throws -> Int {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        guard let size = try IO.size(path), size > 0 else { return 0 }
        let fd = try IO.open(path, .readOnly)
        defer { IO.close(fd) }
        let cores = threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var lineIndex = ByteKeyIndex(capacity: budget.lines.count)
        for (i, l) in budget.lines.enumerated() { lineIndex.set(Array(l.code.utf8), Int32(i)) }
        let parts = (0..<cores).map { _ in StreamPart(sink: makeSink(), lineIndex: lineIndex) }
        let work: [any StreamPartWork] = parts

        var capacity = max(batchBytes, 1 << 16)
        var buf = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buf.deallocate() }
        var have = 0
        var readOffset: Int64 = 0
        var expected: Int64 = 1       // the next seq
        while readOffset < size {
            if have == capacity {     // one line longer than the buffer
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buf, count: have)
                buf.deallocate()
                buf = bigger
                capacity *= 2
            }
            let n = try IO.pread(fd, buf + have, min(capacity - have, Int(size - readOffset)), at: readOffset, path: path)
            if n == 0 { break }
            readOffset += Int64(n)
            have += n
            // Whole lines only.
            var last = have
            while last > 0 && buf[last - 1] != 10 { last -= 1 }
            if last == 0 { continue }
            // One part per core, cut at line starts; each part is whole lines, newlines included.
            var start = 0
            for (k, p) in parts.enumerated() {
                var end = last
                if k < parts.count - 1 {
                    let target = max(start, last * (k + 1) / parts.count)
                    if target == 0 { end = 0 } else if let nl = Bytes.find(10, in: buf + target - 1, count: last - target + 1) {
                        end = target - 1 + nl + 1
                    }
                }
                p.base = UnsafePointer(buf)
                p.from = start
                p.to = max(start, end)
                start = p.to
            }
            if work.count == 1 { work[0].run() } else { DispatchQueue.concurrentPerform(iterations: work.count) { work[$0].run() } }
            for p in parts {
                if p.count > 0 {
                    guard p.firstSeq == expected else {
                        throw JournalError.broken(BadRecord(line: Int(expected), reason: Bilingual(
                            vi: "seq là \(p.firstSeq), phải là \(expected) (thiếu, thừa hoặc đảo thứ tự bản ghi)",
                            en: "seq is \(p.firstSeq), expected \(expected) (a record missing, added or moved)")))
                    }
                    expected = p.lastSeq + 1
                }
                if let e = p.error { throw JournalError.broken(BadRecord(line: Int(expected), reason: e.reason)) }
            }
            for p in parts { try drain(p.sink) }
            let rest = have - last
            Bytes.move(buf, buf + last, count: rest)
            have = rest
        }
        return Int(expected - 1)
    }
}
