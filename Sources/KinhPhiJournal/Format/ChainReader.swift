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

/// One part of a round: a run of whole lines checked on one thread.
final class ChainPart<S: ChainSink>: @unchecked Sendable {
    /// The part's sink. Taken out while a block is checked (and while it is drained), so that the local
    /// copy is the only reference to its buffers: appending to it then never copies them.
    private var sink: S?
    var from: Int64 = 0, to: Int64 = 0
    // What the part found since `reset`.
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
    // Scratch kept from block to block.
    private var fields = RecordFields()
    private var lineStarts: [Int] = [], lineEnds: [Int] = []
    private var messages: [UnsafeRawBufferPointer] = []
    private var digests: [SHA256Digest] = []

    init(sink: S) { self.sink = sink }

    /// Hands the sink to `body` (the reader's drain).
    func drain(_ body: (inout S) -> DrainResult) -> DrainResult {
        guard var s = sink.take() else { return .next }
        defer { sink = s }
        return body(&s)
    }

    func reset() {
        count = 0; headSeen = false; firstSeq = 0; lastSeq = 0; lastMore = false; partial = 0; failure = nil; ioError = nil
    }

    /// Reads and checks the part's range of the file (one round for the whole file: each part reads its own).
    func run(fd: Int32, path: String, checks: ChainChecks) {
        reset()
        do {
            let end = try IO.forEachBlock(fd: fd, path: path, from: from, to: to, bufferSize: Int(min(Int64(1 << 22), max(1 << 16, to - from)))) { block, offset in
                process(block, offset, checks: checks)
            }
            partial = end.partialBytes
        } catch {
            ioError = error
        }
    }

    /// Checks the whole lines of `block` (at file offset `offset`) and hands the good records to the sink;
    /// false at the first bad line.
    func process(_ block: UnsafeRawBufferPointer, _ offset: Int64, checks: ChainChecks) -> Bool {
        // Everything in locals: the non-escaping line closure then pays no dynamic exclusivity checks.
        guard var sink = self.sink.take() else { return false }
        var fields = self.fields
        var count = self.count, headSeen = self.headSeen, firstSeq = self.firstSeq, firstPrev = self.firstPrev
        var lastSeq = self.lastSeq, lastHash = self.lastHash, lastMore = self.lastMore
        var failure: (index: Int, offset: Int64, problem: RecordProblem)? = nil
        var lineStarts = self.lineStarts, lineEnds = self.lineEnds, messages = self.messages, digests = self.digests
        self.lineStarts = []; self.lineEnds = []; self.messages = []; self.digests = []
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
        var ok = true
        if let start = block.baseAddress {
            lineStarts.removeAll(keepingCapacity: true); lineEnds.removeAll(keepingCapacity: true)
            var pos = 0
            while pos < block.count, let nl = Bytes.find(10, in: start + pos, count: block.count - pos) {
                lineStarts.append(pos); lineEnds.append(pos + nl)
                pos += nl + 1
            }
            if checks.hashes {
                // The SHA-256 of every line of the block, four at a time, before the lines are checked.
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
                if !check(line, offset + Int64(lineStarts[i])) { ok = false; break }
            }
        }
        self.sink = sink; self.fields = fields
        self.count = count; self.headSeen = headSeen; self.firstSeq = firstSeq; self.firstPrev = firstPrev
        self.lastSeq = lastSeq; self.lastHash = lastHash; self.lastMore = lastMore
        if let failure { self.failure = failure }
        self.lineStarts = lineStarts; self.lineEnds = lineEnds; self.messages = messages; self.digests = digests
        return ok
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

    /// A journal smaller than this is read by one thread (tests lower it to cut small journals into parts).
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
    ///
    /// Without `roundBytes`, the file is one round: each part reads its own range (reads in parallel, no
    /// buffer of the whole file). With it, this thread streams the file in blocks of whole lines of about
    /// `roundBytes` (one buffer for the whole read), and each block, cut into parts in memory, is a round.
    func read<S: ChainSink>(makeSink: () -> S, drain: (inout S) -> DrainResult) throws(JournalError) -> Outcome {
        guard let size = try IO.size(path), size > 0 else { return .intact(records: 0, lastHashHex: genesisHex) }
        let fd = try IO.open(path, .readOnly)
        defer { IO.close(fd) }
        let cores = threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var parts: [ChainPart<S>] = []
        func ensure(_ n: Int) { while parts.count < n { parts.append(ChainPart(sink: makeSink())) } }
        var join = Join(expectedPrev: genesisHex)
        var ended = End.stopped

        if let roundBytes {
            var stopped = false
            let streamed = try IO.forEachBlock(fd: fd, path: path, from: 0, to: size, bufferSize: Int(max(roundBytes, 1 << 12))) { block, offset in
                let n = size < parallelFrom ? 1 : cores
                ensure(n)
                // Cut the block (whole lines) into n parts at line starts.
                let base = block.baseAddress!
                var from = 0
                for k in 0..<n {
                    var to = block.count
                    if k < n - 1 {
                        let target = max(from, block.count * (k + 1) / n)
                        to = target == 0 ? 0 : target >= block.count ? block.count
                            : target + (Bytes.find(10, in: base + target - 1, count: block.count - target + 1) ?? (block.count - target))
                        to = min(max(to, from), block.count)
                    }
                    parts[k].from = Int64(from); parts[k].to = Int64(to)
                    from = to
                }
                let round = parts, checks = self.checks, bytes = SendableBytes(block)
                @Sendable func work(_ k: Int) {
                    let p = round[k]
                    p.reset()
                    _ = p.process(UnsafeRawBufferPointer(rebasing: bytes.block[Int(p.from)..<Int(p.to)]), offset + p.from, checks: checks)
                    p.from += offset; p.to += offset
                }
                if n == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: work) }
                switch join.round(parts, n, drain: drain) {
                case .next: return true
                case .end(let e): ended = e; stopped = true; return false
                }
            }
            if !stopped { ended = join.finish(partial: streamed.partialBytes) }
        } else {
            let n = size < parallelFrom ? 1 : cores
            ensure(n)
            var from: Int64 = 0
            for k in 0..<n {
                var to = size
                if k < n - 1 { to = min(size, max(from, try ChainReader.nextLineStart(fd: fd, path: path, after: size * Int64(k + 1) / Int64(n), size: size))) }
                parts[k].from = from; parts[k].to = to
                from = to
            }
            if n == 1 { parts[0].run(fd: fd, path: path, checks: checks) } else {
                let round = parts, checks = self.checks
                DispatchQueue.concurrentPerform(iterations: n) { round[$0].run(fd: fd, path: path, checks: checks) }
            }
            for k in 0..<n { if let e = parts[k].ioError { throw e } }
            switch join.round(parts, n, drain: drain) {
            case .next:
                // Only a part that ends at the end of the file can end in a partial line (cuts are line starts).
                ended = join.finish(partial: parts[0..<n].reduce(0) { max($0, $1.partial) })
            case .end(let e): ended = e
            }
        }
        switch ended {
        case .approvalChanged(let a): return .approvalChanged(anchoredTo: a)
        case .stopped: return .stopped
        case .problem(let seq, let offset, let why): return try decide(fd: fd, size: size, seq: seq, offset: offset, why)
        case .cutOff(let records, let partial):
            // A cut-off write: the last line has no newline, or the last batch never got its last record.
            let at = try locate(fd: fd, size: size, seq: records + 1, before: size - partial)
            return .torn(TornTail(validBytes: at.committedEnd, tornBytes: size - at.committedEnd, uncommittedRecords: records - at.committedRecords,
                                  partialLine: partial > 0, records: at.committedRecords), lastHashHex: at.committedHash)
        case .intact(let records, let last):
            return .intact(records: records, lastHashHex: last)
        }
    }

    /// A block of the file handed to the parts' threads (read-only while they run).
    struct SendableBytes: @unchecked Sendable {
        let block: UnsafeRawBufferPointer
        init(_ block: UnsafeRawBufferPointer) { self.block = block }
    }

    /// How a read ended, before the torn-or-broken decision.
    enum End {
        case intact(records: Int, last: [UInt8])
        /// The file ends in a partial line or an unfinished batch.
        case cutOff(records: Int, partial: Int64)
        /// The first problem: record `seq`, its line's offset when known.
        case problem(seq: Int, offset: Int64?, RecordProblem)
        case approvalChanged(String)
        case stopped
    }

    /// The parts of the rounds joined in order: seq and prev across the cuts, then the sinks drained.
    struct Join {
        var records = 0
        var expected: Int64 = 1
        var expectedPrev: [UInt8]
        var lastMore = false

        init(expectedPrev: [UInt8]) { self.expectedPrev = expectedPrev }

        enum Step { case next, end(End) }

        /// Joins the first `n` parts of a round and drains their sinks; the round's first problem (or a
        /// record whose meaning is wrong, found by the drain) ends the read.
        mutating func round<S>(_ parts: [ChainPart<S>], _ n: Int, drain: (inout S) -> DrainResult) -> Step {
            var problem: (seq: Int, offset: Int64, problem: RecordProblem)? = nil
            var drained = n
            for k in 0..<n {
                let p = parts[k]
                if p.headSeen {
                    if p.firstSeq != expected {
                        problem = (records + 1, p.from, .seqOutOfOrder(found: p.firstSeq, expected: expected)); drained = k; break
                    }
                    if p.firstPrev != expectedPrev {
                        if records == 0 { return .end(.approvalChanged(String(decoding: p.firstPrev, as: UTF8.self))) }
                        problem = (records + 1, p.from, .prevMismatch(previous: expected - 1)); drained = k; break
                    }
                }
                if p.count > 0 {
                    expected = p.lastSeq + 1
                    expectedPrev = p.lastHash
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
                switch parts[k].drain(drain) {
                case .next: continue
                case .stop: return .end(.stopped)
                case .bad(let seq, let why): return .end(.problem(seq: seq, offset: nil, why))
                }
            }
            if let problem { return .end(.problem(seq: problem.seq, offset: problem.offset, problem.problem)) }
            return .next
        }

        /// How a read that met no problem ends.
        func finish(partial: Int64) -> End {
            partial > 0 || lastMore ? .cutOff(records: records, partial: partial) : .intact(records: records, last: expectedPrev)
        }
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
