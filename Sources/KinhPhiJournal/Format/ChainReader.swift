import Foundation
import KinhPhiCore
import KinhPhiSystem

// The one reader of journal.kp. Every command that reads the journal — the state of record/import/status,
// verify, the settlement's voucher list, explain — reads it here, with a sink that keeps what it needs.
//
// The file is read in rounds (one round for the whole file, or rounds of a given size for exports that
// must stay small in memory). Each round is cut at line starts into one part per core; each part is read
// and checked on its own thread — the line's shape (RecordFields.split), seq = its line number, `prev` =
// the previous record's hash, and, when asked, every SHA-256 and every field (RecordCodec.validate) — and
// each good record is handed to that part's sink, which checks the fields it reads as it reads them. The parts are then joined in order (seq and prev
// across the cuts; record 1's prev is the SHA-256 of approved.json) and their sinks drained in journal
// order on the caller's thread, where the sink's owner replays what the records mean.
//
// One rule decides the outcome: the first problem in file order — of any kind: shape, chain, hash, field,
// or meaning found while draining — is a torn tail when everything from it to the end of the file is what a
// cut-off write leaves (`damageIsTorn`), and a broken record otherwise; a file whose last line has no
// newline, or whose last record says `more=1`, ends in a torn tail.

/// What the reader checks on every line besides its shape, its seq and its prev link.
struct ChainChecks: Sendable {
    /// Recompute every SHA-256 (verify; every read of a journal up to `Journal.fullCheckLimit`).
    var hashes: Bool
    /// Check every field against the table (`RecordCodec.validate`).
    var fields: Bool

    static let links = ChainChecks(hashes: false, fields: false)
    static let full = ChainChecks(hashes: true, fields: true)
}

/// Receives the good records of one part, in order, on that part's thread. A value: it lives in a local
/// of the worker while the part is read (no dynamic exclusivity checks per record).
protocol ChainSink {
    /// A record whose shape, seq and prev link (and hash and fields, when checked) are good; `f` is valid
    /// during the call. A problem stops the part at this record (the record does not count as taken).
    mutating func take(_ f: RecordFields, seq: Int64) -> RecordProblem?
}

/// What the owner of the sinks does with a drained sink: go on, stop at the first record whose meaning is
/// wrong, or stop reading (its own failure, which it keeps).
enum DrainResult {
    case next
    case bad(seq: Int, problem: RecordProblem)
    case stop
}

/// One part of a round: a run of whole lines read and checked on one thread.
final class ChainPart<S: ChainSink>: @unchecked Sendable {
    var sink: S
    var from: Int64 = 0, to: Int64 = 0
    // What the last run found.
    /// Good records (those handed to the sink).
    private(set) var count = 0
    /// Whether the part's first line split and had a seq: `firstSeq` and `firstPrev` are its, and the
    /// reader joins them to the part before (in the order a line inside a part is checked: seq, prev,
    /// then hash and fields).
    private(set) var headSeen = false
    private(set) var firstSeq: Int64 = 0
    private(set) var firstPrev = [UInt8](repeating: 0, count: 64)
    private(set) var lastSeq: Int64 = 0
    private(set) var lastHash = [UInt8](repeating: 0, count: 64)
    private(set) var lastMore = false
    /// Bytes after the last newline (only the file's last part can have them).
    private(set) var partial: Int64 = 0
    /// The first bad line: its 1-based index in the part, its offset in the file, why.
    private(set) var failure: (index: Int, offset: Int64, problem: RecordProblem)? = nil
    private(set) var ioError: JournalError? = nil

    init(sink: S) { self.sink = sink }

    func run(fd: Int32, path: String, checks: ChainChecks) {
        // Everything in locals: the non-escaping line closure then pays no dynamic exclusivity checks.
        var sink = self.sink
        var fields = RecordFields()
        var count = 0
        var headSeen = false
        var firstSeq: Int64 = 0
        var firstPrev = self.firstPrev
        var lastSeq: Int64 = 0
        var lastHash = self.lastHash
        var lastMore = false
        var failure: (index: Int, offset: Int64, problem: RecordProblem)? = nil
        // With hashes: the SHA-256 of every line of a block, computed four at a time before the lines are checked.
        var lineStarts: [Int] = [], lineEnds: [Int] = []
        var messages: [UnsafeRawBufferPointer] = []
        var digests: [SHA256Digest] = []
        var lineNo = 0
        func check(_ line: UnsafeRawBufferPointer, _ offset: Int64) -> Bool {
            func fail(_ p: RecordProblem) -> Bool { failure = (count + 1, offset, p); return false }
            if let why = fields.split(line) { return fail(why) }
            guard let seq = fields.uint(.seq) else { return fail(.invalidField(RecordKey.seq.name)) }
            if count > 0 {
                if seq != lastSeq + 1 { return fail(.seqOutOfOrder(found: seq, expected: lastSeq + 1)) }
                if !lastHash.withUnsafeBytes({ Bytes.equal(fields.prevHex.baseAddress!, $0.baseAddress!, count: 64) }) {
                    return fail(.prevMismatch(previous: lastSeq))
                }
            } else {
                // The first line of a part is joined to the part before it by the reader.
                headSeen = true
                firstSeq = seq
                let ph = fields.prevHex
                firstPrev.withUnsafeMutableBytes { Bytes.move($0.baseAddress!, ph.baseAddress!, count: 64) }
            }
            if checks.hashes && !digests[lineNo].matchesHex(fields.hashHex) { return fail(.hashMismatch) }
            // Without `fields`, each sink checks the fields it reads as it reads them (RecordFields' getters;
            // an invalid escape where it unescapes text).
            if checks.fields, let why = RecordCodec.validate(fields) { return fail(why) }
            if let why = sink.take(fields, seq: seq) { return fail(why) }
            count += 1
            lastSeq = seq
            let hh = fields.hashHex
            lastHash.withUnsafeMutableBytes { Bytes.move($0.baseAddress!, hh.baseAddress!, count: 64) }
            lastMore = fields.has(.more)
            return true
        }
        var end: LineStreamer.End? = nil
        do {
            end = try IO.forEachBlock(fd: fd, path: path, from: from, to: to, bufferSize: Int(min(Int64(1 << 22), max(1 << 16, to - from)))) { block, offset in
                let start = block.baseAddress!
                lineStarts.removeAll(keepingCapacity: true); lineEnds.removeAll(keepingCapacity: true)
                var pos = 0
                while pos < block.count {
                    let idx = pos + Bytes.find(10, in: start + pos, count: block.count - pos)!
                    lineStarts.append(pos); lineEnds.append(idx)
                    pos = idx + 1
                }
                if checks.hashes {
                    messages.removeAll(keepingCapacity: true)
                    for i in 0..<lineStarts.count {
                        let len = lineEnds[i] - lineStarts[i]
                        messages.append(UnsafeRawBufferPointer(start: start + lineStarts[i], count: max(0, len - LineTail.hashPart)))
                    }
                    if digests.count < messages.count { digests = [SHA256Digest](repeating: .zero, count: messages.count) }
                    messages.withUnsafeBufferPointer { m in
                        digests.withUnsafeMutableBufferPointer { d in SHA256.hashMany(m, into: d) }
                    }
                }
                for i in 0..<lineStarts.count {
                    lineNo = i
                    let line = UnsafeRawBufferPointer(start: start + lineStarts[i], count: lineEnds[i] - lineStarts[i])
                    if !check(line, offset + Int64(lineStarts[i])) { return false }
                }
                return true
            }
            ioError = nil
        } catch {
            ioError = error
        }
        self.sink = sink
        self.count = count; self.headSeen = headSeen; self.firstSeq = firstSeq; self.firstPrev = firstPrev; self.lastSeq = lastSeq
        self.lastHash = lastHash; self.lastMore = lastMore; self.failure = failure
        self.partial = end?.partialBytes ?? 0
    }
}

/// Reads journal.kp (see the top of this file). Call it under the workspace lock.
struct ChainReader {
    let path: String
    /// The SHA-256 of approved.json, as hex: record 1's prev.
    let genesisHex: [UInt8]
    let checks: ChainChecks
    /// Threads (parts per round); default: the cores, at most 8.
    var threads: Int? = nil
    /// Bytes per round (each round's sinks are drained before the next is read); nil: the whole file.
    var roundBytes: Int64? = nil

    /// Below this size a round is read by one thread (tests lower it to cut small journals into parts).
    var parallelFrom: Int64 = 8 << 20

    enum Outcome {
        /// Every record good; the count and the last hash (hex; approved.json's for an empty journal).
        case intact(records: Int, lastHashHex: [UInt8])
        /// Good up to a torn tail; the hash (hex) of the last committed record.
        case torn(TornTail, lastHashHex: [UInt8])
        /// The first bad record; the hash (hex) of the record before it.
        case broken(BadRecord, lastHashHex: [UInt8])
        /// Record 1's prev is not the SHA-256 of approved.json (what it is anchored to instead).
        case approvalChanged(anchoredTo: String)
        /// The drain said `.stop`.
        case stopped
    }

    /// Reads the whole journal: `makeSink` is called once per part (one per thread); `drain` gets the
    /// sinks in journal order after each round, on this thread, and must empty them; it sees only records
    /// before the first problem of the round, and stops the reading at a record whose meaning is wrong.
    func read<S: ChainSink>(makeSink: () -> S, drain: (inout S) -> DrainResult) throws(JournalError) -> Outcome {
        guard let size = try IO.size(path), size > 0 else { return .intact(records: 0, lastHashHex: genesisHex) }
        let fd = try IO.open(path, .readOnly)
        defer { IO.close(fd) }
        let cores = threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var parts: [ChainPart<S>] = []
        var records = 0
        var expected: Int64 = 1
        var prevHex = genesisHex
        var lastMore = false
        var partial: Int64 = 0
        var pos: Int64 = 0
        while pos < size {
            let end = try roundBytes.map { (r) throws(JournalError) -> Int64 in
                min(size, try ChainReader.nextLineStart(fd: fd, path: path, after: pos + r, size: size))
            } ?? size
            let n = end - pos < parallelFrom ? 1 : cores
            while parts.count < n { parts.append(ChainPart(sink: makeSink())) }
            var from = pos
            for k in 0..<n {
                var to = end
                if k < n - 1 { to = min(end, max(from, try ChainReader.nextLineStart(fd: fd, path: path, after: pos + (end - pos) * Int64(k + 1) / Int64(n), size: size))) }
                parts[k].from = from; parts[k].to = to
                from = to
            }
            if n == 1 { parts[0].run(fd: fd, path: path, checks: checks) } else {
                let round = parts
                DispatchQueue.concurrentPerform(iterations: n) { round[$0].run(fd: fd, path: path, checks: checks) }
            }
            for k in 0..<n { if let e = parts[k].ioError { throw e } }

            // Join the parts; the first problem ends the round.
            var problem: (seq: Int, offset: Int64, problem: RecordProblem)? = nil
            var drained = n
            for k in 0..<n {
                let p = parts[k]
                if p.headSeen {
                    if p.firstSeq != expected {
                        problem = (records + 1, p.from, .seqOutOfOrder(found: p.firstSeq, expected: expected)); drained = k; break
                    }
                    if p.firstPrev != prevHex {
                        if records == 0 { return .approvalChanged(anchoredTo: String(decoding: p.firstPrev, as: UTF8.self)) }
                        problem = (records + 1, p.from, .prevMismatch(previous: expected - 1)); drained = k; break
                    }
                }
                if p.count > 0 {
                    expected = p.lastSeq + 1
                    prevHex = p.lastHash
                    lastMore = p.lastMore
                }
                if let f = p.failure {
                    problem = (records + f.index, f.offset, f.problem)
                    records += p.count
                    drained = k + 1
                    break
                }
                records += p.count
            }
            // Drain in order: the records before the problem, whose meaning may fail first.
            for k in 0..<drained {
                switch drain(&parts[k].sink) {
                case .next: continue
                case .stop: return .stopped
                case .bad(let seq, let why): return try decide(fd: fd, size: size, seq: seq, offset: nil, why)
                }
            }
            if let problem { return try decide(fd: fd, size: size, seq: problem.seq, offset: problem.offset, problem.problem) }
            // Only a part that ends at the end of the file can end in a partial line (cuts are line starts).
            partial = parts[0..<n].reduce(0) { max($0, $1.partial) }
            pos = end
        }
        if partial > 0 || lastMore {
            // A cut-off write: the last line has no newline, or the last batch never got its last record.
            let at = try locate(fd: fd, size: size, seq: records + 1, before: size - partial)
            return .torn(TornTail(validBytes: at.committedEnd, tornBytes: size - at.committedEnd, uncommittedRecords: records - at.committedRecords,
                                  partialLine: partial > 0, records: at.committedRecords), lastHashHex: at.committedHash)
        }
        return .intact(records: records, lastHashHex: prevHex)
    }

    /// The outcome of the first problem, at record `seq` (its line's offset when known).
    private func decide(fd: Int32, size: Int64, seq: Int, offset: Int64?, _ problem: RecordProblem) throws(JournalError) -> Outcome {
        let at = try locate(fd: fd, size: size, seq: seq, before: offset ?? size)
        if try ChainReader.damageIsTorn(fd: fd, path: path, from: at.offset, size: size) {
            return .torn(TornTail(validBytes: at.committedEnd, tornBytes: size - at.committedEnd, uncommittedRecords: max(0, seq - 1 - at.committedRecords),
                                  partialLine: true, records: at.committedRecords), lastHashHex: at.committedHash)
        }
        return .broken(BadRecord(line: seq, problem: problem), lastHashHex: at.previousHash)
    }

    /// Where record `seq` starts (or `before`, if sooner), and what precedes it: the end of the last
    /// committed record (no `more`) before it, how many records that is, its hash, and the hash of the
    /// record just before `seq` (approved.json's when there is none). Reads the lines before it again: only
    /// on the way to an error.
    private func locate(fd: Int32, size: Int64, seq: Int, before: Int64) throws(JournalError)
        -> (offset: Int64, committedEnd: Int64, committedRecords: Int, committedHash: [UInt8], previousHash: [UInt8]) {
        var fields = RecordFields()
        var line = 0
        var offset = before
        var committedEnd: Int64 = 0, committedRecords = 0
        var committedHash = genesisHex, previousHash = genesisHex
        _ = try IO.forEachLine(fd: fd, path: path, from: 0, to: size) { bytes, at in
            if line + 1 >= seq || at >= before { offset = at; return false }
            line += 1
            guard fields.split(bytes) == nil else { offset = at; return false }   // (lines before a problem are whole records)
            previousHash = Array(fields.hashHex)
            if !fields.has(.more) {
                committedEnd = at + Int64(bytes.count) + 1
                committedRecords = line
                committedHash = previousHash
            }
            return true
        }
        return (offset, committedEnd, committedRecords, committedHash, previousHash)
    }

    /// Whether damage found at `from` is a torn tail rather than corruption. What a cut-off write leaves
    /// behind: a last line without its newline, the whole records of a batch that never got its last
    /// record (all `more=1`), and blocks of zero bytes. So the damage is torn when, from it to the end,
    /// no complete line is a well-formed record closing a batch (no `more`), and no complete line is
    /// malformed text without zero bytes (that is an edit, not a crash).
    static func damageIsTorn(fd: Int32, path: String, from: Int64, size: Int64) throws(JournalError) -> Bool {
        var fields = RecordFields()
        var torn = true
        _ = try IO.forEachLine(fd: fd, path: path, from: from, to: size) { line, _ in
            if fields.split(line) == nil {
                if !fields.has(.more) { torn = false; return false }
            } else if !Bytes.contains(0, in: line) {
                torn = false; return false
            }
            return true
        }
        return torn
    }

    /// The offset just after the first newline at or after `after - 1` (a line start), or `size`.
    static func nextLineStart(fd: Int32, path: String, after: Int64, size: Int64) throws(JournalError) -> Int64 {
        var pos = max(0, after - 1)
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while pos < size {
            let p0 = pos
            var failure: JournalError? = nil
            let n = buf.withUnsafeMutableBytes { p -> Int in
                do throws(JournalError) { return try IO.pread(fd, p.baseAddress!, p.count, at: p0, path: path) } catch { failure = error; return 0 }
            }
            if let failure { throw failure }
            if n == 0 { break }
            if let i = buf[0..<n].firstIndex(of: 10) { return pos + Int64(i) + 1 }
            pos += Int64(n)
        }
        return size
    }
}
