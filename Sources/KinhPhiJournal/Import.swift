import Foundation
import KinhPhiCore
import KinhPhiSystem

// kinhphi import: a whole voucher file, all or nothing.
//
// Under the exclusive lock the journal is replayed, then the file is read as a stream: each row is parsed
// (VoucherInput, on a reading thread a few batches ahead: RowParser), checked (RecordingRules, seeing every
// row before it, in file order on the importing thread) and applied to the in-memory state.
// While no row has failed, the rows are encoded to canonical lines and handed to a second thread that
// chains them (prev/hash) into an output buffer; past 16 MiB the output spills, through a third thread, to a
// scratch file in the workspace (.journal.kp.import) whose write-back to disk starts right away. If any row fails, nothing
// touches journal.kp (the scratch file is deleted) and every failing row is listed. Otherwise the batch is
// committed: kept in memory → one write + fsync; spilled → into a new journal by rename (fsync, rename,
// folder fsync), or appended to an existing one and fsync'ed. Every record but the last of a batch carries
// more=1, so a batch cut off by a crash is recognised as a torn tail and `repair` removes all of it.

/// A row that could not be recorded, or a warning about one that will be.
public struct ImportProblem: Sendable, Hashable {
    /// Physical line in the file (the header is line 1).
    public let row: Int
    /// The column, for unusable input.
    public let column: String?
    public let severity: Severity
    /// The recording rule; nil for unusable input (bad number, date, missing cell…).
    public let ruleID: String?
    public let message: Bilingual
    public let basis: String?
    public let provisional: Bool

    public var isInputError: Bool { ruleID == nil }
}

public struct ImportOutcome: Sendable {
    public let file: String
    /// Voucher rows read (blank rows not counted).
    public let rows: Int
    /// Records written (0 when anything failed).
    public let recorded: Int
    public let firstSeq: Int?
    public let lastSeq: Int?
    /// The failing rows (at most `listLimit`; `errorCount` counts them all).
    public let errors: [ImportProblem]
    public let errorCount: Int
    /// Warnings on rows that were recorded (at most `listLimit`).
    public let warnings: [ImportProblem]
    public let warningCount: Int

    public static let listLimit = 10_000
    public var committed: Bool { recorded > 0 }
    /// Whether some row is unusable input (as opposed to refused by a recording rule).
    public var hasInputErrors: Bool { errors.contains { $0.isInputError } }
}

extension Journal {
    /// The scratch file of an import that spills to disk.
    static let spoolName = ".journal.kp.import"

    /// Imports a voucher file, all or nothing (see the top of this file).
    /// With a witness, a file whose bytes were imported before is refused (`JournalError.alreadyImported`)
    /// unless `again`.
    public func importCSV(path csvPath: String, displayName: String? = nil, again: Bool = false) throws(JournalError) -> ImportOutcome {
        try importCSV(path: csvPath, displayName: displayName, again: again, memoryLimit: ChainWriter.memoryLimit, spillSize: ChainWriter.spillSize)
    }

    /// The same, with the in-memory limit and spill size given (tests make the scratch-file path cheap).
    func importCSV(path csvPath: String, displayName: String?, again: Bool = false, memoryLimit: Int, spillSize: Int) throws(JournalError) -> ImportOutcome {
        let name = displayName ?? csvPath
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        let spool = workspace.file(Journal.spoolName)
        IO.unlinkIfPresent(spool) // left by an interrupted import
        let state = try loadState(withIndexes: true)
        let witness = try witnessBeforeWriting(state)
        let recordsBefore = state.records.count
        let csv: StreamingCSV
        // The separator is detected from the header row (`,`, `;` from Excel on a Vietnamese-locale PC, TAB).
        do { csv = try StreamingCSV(path: csvPath, displayName: name, separator: nil) } catch { throw .input(error) }
        // The file's fingerprint, read on a thread of its own while the rows are checked (with a witness:
        // it is kept in the witness, and a file imported before is recognised).
        let fingerprint = witness.map { _ in FileFingerprinter(path: csvPath) }
        fingerprint?.start()
        defer { fingerprint?.wait() }
        let expectedRows = (try? IO.size(csvPath)).map { Int(min($0 / 150, 20_000_000)) } ?? 0
        state.reserve(expectedRows)
        state.beginBatch(reserving: expectedRows)

        // Header: each cell named by the voucher names of InputNames (the English column, or a Vietnamese
        // name, case- and accent-insensitive); headers it does not know are ignored.
        let hasHeader: Bool
        do { hasHeader = try csv.next() } catch { throw .input(error) }
        guard hasHeader else { throw .input(InputError(SourceLocation(file: name), .emptyFile)) }
        var columnAt: [String: Int] = [:]
        var written: [String: String] = [:]
        var header: [String] = [], unknown: [String] = []
        for k in 0..<csv.fieldCount {
            let text = csv.cell(k)
            header.append(text)
            if text.isEmpty { continue }
            let key: String
            if let known = InputNames.vouchers.key(for: text) { key = known } else { key = InputNames.fold(text); unknown.append(text) }
            if let j = columnAt[key] {
                let first = written[key] ?? ""
                throw .input(InputError(SourceLocation(file: name, line: csv.line, field: text), .duplicateColumn(text), hint: first == text ? nil : Bilingual(
                    vi: "cột \"\(first)\" (cột \(j + 1)) và cột \"\(text)\" (cột \(k + 1)) cùng là \"\(InputNames.vouchers.label(key))\" (\(key)): giữ một cột",
                    en: "column \"\(first)\" (column \(j + 1)) and column \"\(text)\" (column \(k + 1)) both name \"\(InputNames.vouchers.label(key))\" (\(key)): keep one")))
            }
            columnAt[key] = k
            written[key] = text
        }
        for c in VoucherColumn.required where columnAt[c.rawValue] == nil {
            throw .input(InputError(SourceLocation(file: name, line: csv.line, field: c.rawValue), .missingColumn(c.rawValue),
                                    hint: CSVTable.missingHint(c.rawValue, names: InputNames.vouchers, unknown: unknown, header: header, separator: csv.separator)))
        }
        let index: [Int] = VoucherColumn.allCases.map { columnAt[$0.rawValue] ?? -1 }
        // Row errors name a column as its header is written.
        let columnNames: [String] = VoucherColumn.allCases.map { written[$0.rawValue] ?? $0.rawValue }

        let writer = ChainWriter(prevHex: state.lastHashHex, spoolPath: spool, memoryLimit: memoryLimit, spillSize: spillSize)
        writer.start()
        var committed = false
        defer { if !committed { writer.cancel() } }

        let norms = NormCache(budget)
        let today = settings.today
        let at = settings.now.isoBytes
        var errors: [ImportProblem] = [], warnings: [ImportProblem] = []
        var errorCount = 0, warningCount = 0
        var rows = 0
        var failed = false
        var pending: (Int, Voucher)? = nil
        var firstSeq: Int? = nil
        var chunk = ChainWriter.Chunk()
        let chunkLimit = min(ChainWriter.chunkSize, spillSize)

        func emit(_ seq: Int, _ v: Voucher, more: Bool) {
            RecordEncoder.appendBody(seq: seq, at: at, more: more, body: .voucher(v), to: &chunk.bytes)
            chunk.ends.append(chunk.bytes.count)
            if chunk.bytes.count >= chunkLimit {
                writer.submit(chunk)
                chunk = writer.recycled()
            }
        }
        func problem(_ p: ImportProblem) {
            if p.severity == .error {
                errorCount += 1
                if errors.count < ImportOutcome.listLimit { errors.append(p) }
            } else {
                warningCount += 1
                if warnings.count < ImportOutcome.listLimit { warnings.append(p) }
            }
        }

        // Rows are read and parsed on a thread of their own, a batch ahead of the checks (RowParser).
        let parser = RowParser(csv: csv, index: index, columnNames: columnNames, name: name)
        parser.start()
        defer { parser.stop() }
        var reading = true
        while reading {
            let batch = parser.next()
            for item in batch.items {
            rows += 1
            let row = item.row
            guard let parsed = item.voucher else {
                failed = true
                for e in item.errors {
                    let full = e.message(.vi), place = e.location.describe(.vi)
                    let fullEn = e.message(.en), placeEn = e.location.describe(.en)
                    problem(ImportProblem(row: row, column: e.location.field, severity: .error, ruleID: nil,
                                          message: Bilingual(vi: String(full.dropFirst(place.count + 2)), en: String(fullEn.dropFirst(placeEn.count + 2))),
                                          basis: nil, provisional: false))
                }
                continue
            }
            let v = Journal.resolveClearing(parsed, state)
            let findings = Journal.check(v, state: state, norms: norms, today: today)
            var refused = false
            for f in findings {
                if f.severity == .error { refused = true }
                problem(ImportProblem(row: row, column: nil, severity: f.severity, ruleID: f.ruleID, message: f.message,
                                      basis: f.basis, provisional: f.provisional))
            }
            if refused { failed = true; continue }
            let seq = state.records.count + 1
            if let why = state.applyPrepared(seq: seq, v) {
                failed = true
                problem(ImportProblem(row: row, column: nil, severity: .error, ruleID: "REC-APPLY", message: why.message, basis: nil, provisional: false))
                continue
            }
            state.noteBatchRow(row)
            if firstSeq == nil { firstSeq = seq }
            if !failed {
                if let (ps, pv) = pending { emit(ps, pv, more: true) }
                pending = (seq, v)
            }
            }
            if let f = batch.failure { throw .input(f) }
            reading = !batch.end
        }
        if rows == 0 {
            throw .input(InputError(SourceLocation(file: name), .inconsistent(Bilingual(
                vi: "tệp không có dòng chứng từ nào (chỉ có dòng tiêu đề)", en: "the file has no voucher rows (only the header)"))))
        }
        let source = fingerprint?.wait()
        if let witness, let source, !again, let earlier = Journal.earlierImport(of: source, in: witness.read, records: recordsBefore, head: state.lastHashHex) {
            throw .alreadyImported(file: name, from: earlier.from + 1, to: earlier.to, at: earlier.at)
        }
        if failed {
            return ImportOutcome(file: name, rows: rows, recorded: 0, firstSeq: nil, lastSeq: nil, errors: errors,
                                 errorCount: errorCount, warnings: warnings, warningCount: warningCount)
        }
        if let (ps, pv) = pending { emit(ps, pv, more: false) }
        if !chunk.ends.isEmpty { writer.submit(chunk) }
        try writer.finish()
        try witnessedAppend(witness, from: recordsBefore, to: state.records.count, head: writer.headHex, source: source) { () throws(JournalError) in
            try writer.commit(to: self)
        }
        committed = true
        return ImportOutcome(file: name, rows: rows, recorded: rows, firstSeq: firstSeq, lastSeq: state.records.count,
                             errors: [], errorCount: 0, warnings: warnings, warningCount: warningCount)
    }
}

extension Journal {
    /// The witnessed import of the file with this fingerprint still in the journal, if any: a `done`
    /// entry, or a `begin` whose write completed (the journal ends at its head).
    static func earlierImport(of source: String, in read: WitnessRead, records: Int, head: [UInt8]) -> WitnessEntry? {
        let h = String(decoding: head, as: UTF8.self)
        return read.entries.last { e in
            e.source == source && (e.phase == .done || (e.phase == .begin && e.to == records && e.head == h)) && e.to <= records
        }
    }
}

/// Reads a file on a thread of its own and fingerprints its bytes (`ContentFingerprint`).
final class FileFingerprinter: @unchecked Sendable {
    private let path: String
    private let cond = NSCondition()
    private var done = false
    private var result: String? = nil

    init(path: String) { self.path = path }

    func start() { Thread.detachNewThread { [self] in self.run() } }

    private func run() {
        var fp = ContentFingerprint()
        var ok = true
        do {
            let fd = try FileIO.open(path, .readOnly)
            defer { FileIO.close(fd) }
            var buf = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = try FileIO.read(fd, into: &buf, path: path)
                if n == 0 { break }
                buf.withUnsafeBytes { fp.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            }
        } catch { ok = false }
        cond.lock()
        result = ok ? fp.finalize() : nil
        done = true
        cond.broadcast()
        cond.unlock()
    }

    /// The fingerprint (nil if the file could not be read), once the thread has read it all.
    @discardableResult
    func wait() -> String? {
        cond.lock()
        defer { cond.unlock() }
        while !done { cond.wait() }
        return result
    }
}

/// The first stage of an import: reads the voucher file and parses each row into a voucher (or its input
/// errors) on a thread of its own, handing rows over in batches, in file order, a few batches ahead of the
/// checks (which must stay in order on the importing thread). A CSV error that stops the reading ends the
/// last batch. `stop` ends the thread (at its next batch) and waits for it.
final class RowParser: @unchecked Sendable {
    struct Item {
        let row: Int
        let voucher: Voucher?
        let errors: [InputError]
    }
    struct Batch {
        var items: [Item] = []
        var end = false
        var failure: InputError? = nil
    }

    static let batchRows = 512
    static let maxQueued = 8

    private let csv: StreamingCSV
    private let index: [Int]
    private let columnNames: [String]
    private let name: String
    private let cond = NSCondition()
    private var queue: [Batch] = []
    private var stopping = false
    private var finished = false

    init(csv: StreamingCSV, index: [Int], columnNames: [String], name: String) {
        self.csv = csv; self.index = index; self.columnNames = columnNames; self.name = name
    }

    func start() { Thread.detachNewThread { [self] in self.run() } }

    /// The next batch, in file order (waits for it).
    func next() -> Batch {
        cond.lock()
        while queue.isEmpty { cond.wait() }
        let b = queue.removeFirst()
        cond.broadcast()
        cond.unlock()
        return b
    }

    /// Ends the reading thread and waits until it has let go of the file.
    func stop() {
        cond.lock()
        stopping = true
        cond.broadcast()
        while !finished { cond.wait() }
        cond.unlock()
    }

    private func run() {
        let csv = self.csv, index = self.index, name = self.name, columnNames = self.columnNames
        var batch = Batch()
        batch.items.reserveCapacity(RowParser.batchRows)
        while true {
            let more: Bool
            do { more = try csv.next() } catch { batch.failure = error; batch.end = true; _ = push(batch); break }
            if !more { batch.end = true; _ = push(batch); break }
            let row = csv.line
            let (parsed, errors) = VoucherInput.parse(CSVCells(csv: csv, index: index),
                                                      location: { c in SourceLocation(file: name, line: row, field: columnNames[c.ordinal]) })
            batch.items.append(Item(row: row, voucher: errors.isEmpty ? parsed : nil, errors: errors))
            if batch.items.count == RowParser.batchRows {
                if !push(batch) { break }
                batch = Batch()
                batch.items.reserveCapacity(RowParser.batchRows)
            }
        }
        cond.lock()
        finished = true
        cond.broadcast()
        cond.unlock()
    }

    /// Queues a batch (waits while the queue is full); false when stopping.
    private func push(_ b: Batch) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        while queue.count >= RowParser.maxQueued && !stopping { cond.wait() }
        if stopping { return false }
        queue.append(b)
        cond.broadcast()
        return true
    }
}

/// The cells of the current CSV row, by column.
struct CSVCells: VoucherCells {
    let csv: StreamingCSV
    let index: [Int]
    func text(_ c: VoucherColumn) -> String { csv.cell(index[c.ordinal]) }
    func withBytes<R>(_ c: VoucherColumn, _ body: (UnsafeRawBufferPointer) -> R) -> R { csv.withCellBytes(index[c.ordinal], body) }
}

/// The second thread of an import: chains encoded bodies into lines and spills them to the scratch file.
final class ChainWriter: @unchecked Sendable {
    struct Chunk {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        init() { bytes.reserveCapacity(ChainWriter.chunkSize + 4096); ends.reserveCapacity(8192) }
    }

    static let chunkSize = 1 << 20
    static let maxQueued = 4
    /// Output kept in memory up to this size; beyond it, spilled to the scratch file.
    static let memoryLimit = 16 << 20
    static let spillSize = 8 << 20

    private let work = WorkQueue<Chunk>(capacity: ChainWriter.maxQueued)
    /// Set on the chaining thread when a spill fails (the failure itself is in `work`).
    private var failed = false
    private var prevHex: [UInt8]
    private var out: [UInt8] = []
    private let spoolPath: String
    private var spoolFD: Int32 = -1
    private var spooled: Int64 = 0

    private let memoryLimit: Int, spillSize: Int

    init(prevHex: [UInt8], spoolPath: String, memoryLimit: Int = ChainWriter.memoryLimit, spillSize: Int = ChainWriter.spillSize) {
        self.prevHex = prevHex
        self.spoolPath = spoolPath
        self.memoryLimit = memoryLimit
        self.spillSize = spillSize
        out.reserveCapacity(1 << 20)
    }

    func start() {
        Thread.detachNewThread { [self] in self.run() }
    }

    /// Hands a chunk of encoded bodies over (waits while the queue is full). After a failure of the
    /// chaining thread the chunk is dropped; `finish` throws the failure.
    func submit(_ c: Chunk) { work.submit(c) }

    /// An emptied chunk to fill again (its memory is reused), or a new one.
    func recycled() -> Chunk { work.recycled() ?? Chunk() }

    /// Waits until every submitted chunk is chained.
    func finish() throws(JournalError) { try work.finish() }

    /// The hash (hex) of the last line chained (after `finish`).
    var headHex: [UInt8] { prevHex }

    /// Stops and deletes the scratch file (nothing reaches the journal).
    func cancel() {
        work.cancel()
        if let w = spoolWriter { try? w.finish(); spoolWriter = nil }
        if spoolFD >= 0 { IO.close(spoolFD); spoolFD = -1 }
        IO.unlinkIfPresent(spoolPath)
    }

    private func run() {
        while var c = work.take() {
            if !failed { process(c) }
            c.bytes.removeAll(keepingCapacity: true)
            c.ends.removeAll(keepingCapacity: true)
            work.giveBack(c)
        }
    }

    private var messages: [UnsafeRawBufferPointer] = []
    private var mids: [SHA256Digest] = []
    private var tail: [UInt8] = []

    /// Chains a chunk: the whole 64-byte blocks of every body are hashed four at a time (they do not depend
    /// on the chain); then, in order, each line's last bytes + "\tprev=" + the previous hash finish it.
    private func process(_ c: Chunk) {
        // Work on locals (no exclusivity checks in the loop); the properties are emptied so that the
        // buffers stay uniquely referenced and are not copied.
        var mids = self.mids, messages = self.messages, tail = self.tail, prevHex = self.prevHex, out = self.out
        self.mids = []; self.messages = []; self.tail = []; self.prevHex = []; self.out = []
        if mids.count < c.ends.count { mids = [SHA256Digest](repeating: .zero, count: c.ends.count) }
        c.bytes.withUnsafeBytes { body in
            messages.removeAll(keepingCapacity: true)
            var start = 0
            for end in c.ends {
                messages.append(UnsafeRawBufferPointer(rebasing: body[start..<(start + (end - start) / 64 * 64)]))
                start = end
            }
            messages.withUnsafeBufferPointer { m in mids.withUnsafeMutableBufferPointer { SHA256.midstates(m, into: $0) } }
            start = 0
            for (i, end) in c.ends.enumerated() {
                let whole = (end - start) / 64 * 64
                tail.removeAll(keepingCapacity: true)
                tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: body[(start + whole)..<end]))
                tail += LineTail.prevTag
                tail += prevHex
                let digest = tail.withUnsafeBytes { SHA256.finish(from: mids[i], tail: $0, totalLength: whole + $0.count) }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: body[start..<end]))
                out += LineTail.prevTag
                out += prevHex
                out += LineTail.hashTag
                prevHex.removeAll(keepingCapacity: true)
                digest.appendHex(to: &prevHex)
                out += prevHex
                out.append(10)
                start = end
            }
        }
        self.mids = mids; self.messages = messages; self.tail = tail; self.prevHex = prevHex; self.out = out
        if out.count >= (spoolFD >= 0 ? spillSize : memoryLimit) {
            do { try spill() } catch { failed = true; work.fail(error) }
        }
    }

    private var spoolWriter: SpoolWriter? = nil

    /// Hands the chained lines to the spool writer (opening the scratch file the first time).
    private func spill() throws(JournalError) {
        if spoolFD < 0 {
            IO.unlinkIfPresent(spoolPath)
            spoolFD = try IO.open(spoolPath, [.writeOnly, .create, .exclusive, .noFollow], op: "create")
            let w = SpoolWriter(fd: spoolFD, path: spoolPath)
            w.start()
            spoolWriter = w
        }
        spooled += Int64(out.count)
        try spoolWriter!.submit(&out)
    }

    /// Makes the chained batch part of the journal, durably (after `finish`).
    func commit(to journal: Journal) throws(JournalError) {
        let path = journal.path
        if spoolFD < 0 {
            try journal.durableAppend(out)
            return
        }
        if !out.isEmpty { try spill() }
        try spoolWriter?.finish()
        spoolWriter = nil
        let oldSize = try IO.size(path) ?? 0
        if oldSize == 0 {
            try IO.fsync(spoolFD, path: spoolPath)
            IO.close(spoolFD); spoolFD = -1
            try IO.rename(spoolPath, path)
            try IO.fsyncDirectory(journal.workspace.path)
            return
        }
        IO.close(spoolFD); spoolFD = -1
        let src = try IO.open(spoolPath, .readOnly)
        defer { IO.close(src); IO.unlinkIfPresent(spoolPath) }
        let dst = try IO.open(path, [.writeOnly, .append, .noFollow])
        defer { IO.close(dst) }
        try Journal.checkOpened(dst, path: path)
        var buf = [UInt8](repeating: 0, count: 8 << 20)
        do {
            while true {
                let n = try IO.read(src, into: &buf, count: buf.count, path: spoolPath)
                if n == 0 { break }
                try IO.writeAll(dst, buf[0..<n], path: path)
            }
            try IO.fsync(dst, path: path)
        } catch {
            IO.rollBack(dst, to: oldSize)
            throw error
        }
        // As in durableAppend: the folder is fsync'ed on every append, not only when the file is new.
        try IO.fsyncDirectory(journal.workspace.path)
    }
}

/// The third thread of a large import: writes the chained lines to the scratch file and starts their
/// write-back to disk, so that the kernel's throttling of writers never stalls the chaining.
final class SpoolWriter: @unchecked Sendable {
    private let work = WorkQueue<[UInt8]>(capacity: SpoolWriter.maxQueued)
    private let fd: Int32
    private let path: String
    private var written: Int64 = 0
    static let maxQueued = 3

    init(fd: Int32, path: String) { self.fd = fd; self.path = path }

    func start() { Thread.detachNewThread { [self] in self.run() } }

    /// Queues `buffer` for writing and gives back an empty one (waits while the queue is full).
    func submit(_ buffer: inout [UInt8]) throws(JournalError) {
        if !work.submit(buffer), let f = work.failed { throw f }
        buffer = work.recycled() ?? []   // emptied by the writing thread, capacity kept
    }

    /// Waits until everything queued is written.
    func finish() throws(JournalError) { try work.finish() }

    private func run() {
        var failed = false
        while var b = work.take() {
            if !failed {
                do {
                    try IO.writeAll(fd, b, path: path)
                    IO.startWriteback(fd, offset: written, length: Int64(b.count))
                    written += Int64(b.count)
                } catch {
                    failed = true
                    work.fail(error)
                }
            }
            b.removeAll(keepingCapacity: true)
            work.giveBack(b)
        }
    }
}
