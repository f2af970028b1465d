import Foundation
import KinhPhiCore
import KinhPhiEstimate
import KinhPhiSystem

// The spending journal: <workspace>/journal.kp, append-only, one record per line, chained by SHA-256 and
// anchored to approved.json. Writers (record, import, reverse, repair) take the workspace lock
// exclusively and re-read the journal after taking it; readers take it shared. Format, durability and
// locking: docs/journal.md.

/// What `append` did.
public struct AppendOutcome: Sendable {
    /// The records written (empty when refused).
    public let records: [JournalRecord]
    /// Every finding: errors are why nothing was written; warnings were recorded anyway.
    public let findings: [Finding]
    public var refused: Bool { findings.contains { $0.severity == .error } }
}

public struct Journal: Sendable {
    public static let fileName = "journal.kp"

    public let workspace: Workspace
    public let budget: ApprovedBudget
    public let settings: JournalSettings

    public var path: String { workspace.file(Journal.fileName) }

    /// Opens a workspace's journal: loads approved.json (the journal may not exist yet).
    public static func open(_ ws: Workspace, settings: JournalSettings) throws(JournalError) -> Journal {
        guard IO.exists(ws.file(ApprovedBudget.fileName)) else { throw .notApproved(workspace: ws.path) }
        let budget: ApprovedBudget
        do { budget = try ApprovedBudget.load(ws) } catch { throw .input(error) }
        return Journal(workspace: ws, budget: budget, settings: settings)
    }

    /// Opens with the settings of the process environment (KINHPHI_CLOCK, KINHPHI_LOCK_TIMEOUT).
    public static func open(_ ws: Workspace) throws(JournalError) -> Journal {
        try open(ws, settings: .fromEnvironment(ProcessInfo.processInfo.environment))
    }

    init(workspace: Workspace, budget: ApprovedBudget, settings: JournalSettings) {
        self.workspace = workspace; self.budget = budget; self.settings = settings
    }

    func lock(exclusive: Bool) throws(JournalError) -> WorkspaceLock {
        try WorkspaceLock.acquire(folder: workspace.path, exclusive: exclusive, timeout: settings.lockTimeout)
    }

    // MARK: Reading

    /// Splits a line and checks its seq and `prev` link. Returns the problem, or nil.
    static func checkLink(_ fields: inout RecordFields, _ line: UnsafeRawBufferPointer, expectedSeq n: Int, prevHex: [UInt8], budget: ApprovedBudget) -> JournalError? {
        if let why = fields.split(line) { return .broken(BadRecord(line: n, reason: why)) }
        guard let seq = fields.uint(.seq), seq == Int64(n) else {
            return .broken(BadRecord(line: n, reason: Bilingual(
                vi: "seq là \(fields.uint(.seq).map(String.init) ?? "?"), phải là \(n) (thiếu, thừa hoặc đảo thứ tự bản ghi)",
                en: "seq is \(fields.uint(.seq).map(String.init) ?? "?"), expected \(n) (a record missing, added or moved)")))
        }
        if !bytesEqual(fields.prevHex, prevHex) {
            let found = String(decoding: fields.prevHex, as: UTF8.self)
            if n == 1 { return .approvalChanged(expected: found, found: budget.fileSHA256.hex) }
            return .broken(BadRecord(line: n, reason: Bilingual(
                vi: "prev không khớp hash của bản ghi \(n - 1) (bản ghi trước bị sửa, xóa hoặc chèn)",
                en: "prev does not match the hash of record \(n - 1) (a record before it was changed, removed or inserted)")))
        }
        return nil
    }

    static func bytesEqual(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return b.withUnsafeBytes { Bytes.equal(a.baseAddress!, $0.baseAddress!, count: a.count) }
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

    /// Every record in order, fully decoded, in one pass under a shared lock; returns the ledger built in
    /// the same pass. Seq, `prev` links, meaning and the torn tail are checked as on every read (and every
    /// hash up to `fullCheckLimit`; above it only `verify` recomputes them). If the journal turns out torn or broken, the error is thrown after the
    /// records before the problem were handed out: discard what you collected when it throws.
    @discardableResult
    public func forEachRecord(_ body: (JournalRecord) throws -> Void) throws -> Ledger {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        let state = JournalState(budget: budget, withIndexes: false)
        guard let size = try IO.size(path), size > 0 else { return try Ledger(state: state) }
        let fd = try IO.open(path, .readOnly)
        defer { IO.close(fd) }
        var fields = RecordFields()
        var failure: Error? = nil
        var failureOffset: Int64 = -1
        var committedEnd: Int64 = 0
        var committedRecords = 0
        var lastMore = false
        let small = size <= Journal.fullCheckLimit
        let end = try IO.forEachLine(fd: fd, path: path, from: 0, to: size) { line, offset in
            let n = state.lastSeq + 1
            if let why = Journal.checkLink(&fields, line, expectedSeq: n, prevHex: state.lastHashHex, budget: budget) {
                failure = why; failureOffset = offset; return false
            }
            if small && !SHA256.hash(fields.hashedPart).matchesHex(fields.hashHex) {
                failure = JournalError.broken(BadRecord(line: n, reason: Bilingual(
                    vi: "hash không khớp nội dung (bản ghi bị sửa sau khi ghi)",
                    en: "the hash does not match the content (the record was changed after it was written)")))
                failureOffset = offset; return false
            }
            let record: JournalRecord
            switch RecordDecoder.decode(fields) {
            case .success(let r): record = r
            case .failure(let why): failure = JournalError.broken(BadRecord(line: n, reason: why.text)); failureOffset = offset; return false
            }
            let problem: Bilingual?
            switch record.body {
            case .voucher(let v): problem = state.applyVoucher(seq: n, v)
            case .reversal(let of, _): problem = state.applyReversal(seq: n, of: of)
            }
            if let problem { failure = JournalError.broken(BadRecord(line: n, reason: problem)); failureOffset = offset; return false }
            state.chainAdvanced(seq: n, hex: Array(fields.hashHex))
            lastMore = record.more
            if !lastMore { committedEnd = offset + Int64(line.count) + 1; committedRecords = n }
            do { try body(record) } catch { failure = error; return false }
            return true
        }
        let torn = TornTail(validBytes: committedEnd, tornBytes: size - committedEnd, uncommittedRecords: state.lastSeq - committedRecords,
                            partialLine: end.partialBytes > 0 || failureOffset >= 0, records: committedRecords)
        if let failure {
            if case .broken = failure as? JournalError, try Journal.damageIsTorn(fd: fd, path: path, from: failureOffset, size: size) {
                throw JournalError.tornTail(torn)
            }
            throw failure
        }
        if end.partialBytes > 0 || lastMore { throw JournalError.tornTail(torn) }
        return try Ledger(state: state)
    }

    /// Per-line totals, open advances and the effective records (under a shared lock, one pass).
    public func ledger() throws(JournalError) -> Ledger {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        return try Ledger(state: loadState(withIndexes: false))
    }

    // MARK: Writing

    /// Records `bodies` as one durable batch: under the exclusive lock, re-reads the journal, runs every
    /// check on every body (each seeing the ones before it), and writes nothing if any check refuses.
    /// Otherwise one write of all the lines, then fsync (and the folder's fsync when the file is new).
    public func append(_ bodies: [RecordBody]) throws(JournalError) -> AppendOutcome {
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        let state = try loadState(withIndexes: true)
        let norms = NormCache(budget.catalogue)
        var findings: [Finding] = []
        var accepted: [(Int, RecordBody)] = []
        var refused = false
        for body in bodies {
            let seq = state.records.count + 1
            switch body {
            case .voucher(let given):
                let v = Journal.resolveClearing(given, state)
                let fs = Journal.check(v, state: state, norms: norms)
                findings += fs
                if fs.contains(where: { $0.severity == .error }) { refused = true; continue }
                if let why = state.applyPrepared(seq: seq, v) {
                    findings.append(Finding(ruleID: "REC-APPLY", severity: .error, lineCode: v.line, message: why, basis: RecordingRules.budgetLawBasis))
                    refused = true; continue
                }
                accepted.append((seq, .voucher(v)))
            case .reversal(let of, let reason):
                let fs = ReversalRules.check(of: of, reason: reason, state: state)
                findings += fs
                if !fs.isEmpty { refused = true; continue }
                if let why = state.applyReversal(seq: seq, of: of) {
                    findings.append(Finding(ruleID: ReversalRules.targetID, severity: .error, lineCode: nil, message: why, basis: ReversalRules.basis))
                    refused = true; continue
                }
                accepted.append((seq, .reversal(of: of, reason: String(NumberParser.trimSpaces(reason)))))
            }
        }
        if refused || accepted.isEmpty { return AppendOutcome(records: [], findings: findings) }
        var out: [UInt8] = []
        var records: [JournalRecord] = []
        var prevHex = state.lastHashHex
        var prev = SHA256Digest(hex: prevHex) ?? .zero
        let at = settings.now.isoBytes
        for (i, (seq, body)) in accepted.enumerated() {
            let start = out.count
            let more = i + 1 < accepted.count
            RecordEncoder.appendBody(seq: seq, at: at, more: more, body: body, to: &out)
            let digest = RecordEncoder.appendChainTail(prevHex: prevHex, lineStart: start, to: &out)
            records.append(JournalRecord(seq: seq, recordedAt: settings.now, more: more, body: body, prevHash: prev, hash: digest))
            prevHex = Array(out[(out.count - 65)..<(out.count - 1)])
            prev = digest
        }
        try durableAppend(out)
        return AppendOutcome(records: records, findings: findings)
    }

    /// Records one voucher.
    public func record(_ v: Voucher) throws(JournalError) -> AppendOutcome { try append([.voucher(v)]) }

    /// Reverses record `seq`.
    public func reverse(_ seq: Int, reason: String) throws(JournalError) -> AppendOutcome { try append([.reversal(of: seq, reason: reason)]) }

    /// A clearing that names its advance by voucher number (`ref`) gets the advance's seq.
    static func resolveClearing(_ v: Voucher, _ state: JournalState) -> Voucher {
        guard v.kind == .clearing, v.clears == nil, let r = v.ref, let seq = state.voucherHolder(r),
              state.record(seq)?.kind == KindCode.advance else { return v }
        var out = v
        out.clears = seq
        return out
    }

    /// Every recording check on a voucher, in the order of `RecordingRules.all` (called directly, without
    /// existential dispatch: this runs once per voucher of an import).
    static func check(_ v: Voucher, state: JournalState, norms: NormCache) -> [Finding] {
        state.prepare(v)
        let ctx = RecordingContext(state: state, norms: norms.on(v.date), lineIndex: state.preparedLine,
                                   invoiceHolder: state.preparedInvoiceHolder, voucherHolder: state.preparedVoucherHolder)
        var out: [Finding] = []
        let r = RecordingRules.concrete
        if let f = r.0.check(v, ctx) { out.append(f) }
        if let f = r.1.check(v, ctx) { out.append(f) }
        if let f = r.2.check(v, ctx) { out.append(f) }
        if let f = r.3.check(v, ctx) { out.append(f) }
        if let f = r.4.check(v, ctx) { out.append(f) }
        if let f = r.5.check(v, ctx) { out.append(f) }
        if let f = r.6.check(v, ctx) { out.append(f) }
        if let f = r.7.check(v, ctx) { out.append(f) }
        if let f = r.8.check(v, ctx) { out.append(f) }
        if let f = r.9.check(v, ctx) { out.append(f) }
        if let f = r.10.check(v, ctx) { out.append(f) }
        if let f = r.11.check(v, ctx) { out.append(f) }
        if let f = r.12.check(v, ctx) { out.append(f) }
        if let f = r.13.check(v, ctx) { out.append(f) }
        return out
    }

    /// Appends bytes to journal.kp durably; on a failed write the file is cut back to its old length.
    func durableAppend(_ bytes: [UInt8]) throws(JournalError) {
        let oldSize = try IO.size(path)
        let fd = try IO.open(path, [.writeOnly, .append, .create])
        defer { IO.close(fd) }
        do {
            try IO.writeAll(fd, bytes, path: path)
            try IO.fsync(fd, path: path)
        } catch {
            IO.rollBack(fd, to: oldSize ?? 0)
            throw error
        }
        // The folder too, on every append: a writer that created journal.kp may have died before its own
        // folder fsync, and a later writer cannot tell (one extra fsync per command).
        try IO.fsyncDirectory(workspace.path)
    }
}
