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
    /// `snapshots`: catalogues already rebuilt by this process, reused for an approval made with the same
    /// catalogue (`CatalogueSnapshotCache`; a report over many workspaces).
    public static func open(_ ws: Workspace, settings: JournalSettings, snapshots: CatalogueSnapshotCache? = nil) throws(JournalError) -> Journal {
        guard IO.exists(ws.file(ApprovedBudget.fileName)) else { throw .notApproved(workspace: ws.path) }
        try checkFiles(ws)
        let budget: ApprovedBudget
        do { budget = try ApprovedBudget.load(ws, snapshots: snapshots) } catch { throw .input(error) }
        return Journal(workspace: ws, budget: budget, settings: settings)
    }

    /// Opens with the settings of the process environment (KINHPHI_CLOCK, KINHPHI_LOCK_TIMEOUT).
    public static func open(_ ws: Workspace) throws(JournalError) -> Journal {
        try open(ws, settings: .fromEnvironment(ProcessInfo.processInfo.environment))
    }

    /// One journal, one lock: journal.kp, approved.json and journal.lock must be files of this folder —
    /// not symbolic links, and journal.kp with no other name (hard link) — or two folders could write
    /// one journal under two locks (docs/decisions.md, One lock per journal).
    static func checkFiles(_ ws: Workspace) throws(JournalError) {
        for name in [Journal.fileName, ApprovedBudget.fileName, WorkspaceLock.fileName] {
            let path = ws.file(name)
            guard let st = try IO.mapped({ () throws(SystemError) in try FileIO.status(path, followLinks: false) }) else { continue }
            switch st.kind {
            case .symbolicLink: throw .unsafeFile(path: path, why: .symbolicLink)
            case .regular: if name == Journal.fileName && st.links > 1 { throw .unsafeFile(path: path, why: .hardLinked(links: st.links)) }
            default: throw .unsafeFile(path: path, why: .notRegular)
            }
        }
    }

    init(workspace: Workspace, budget: ApprovedBudget, settings: JournalSettings) {
        self.workspace = workspace; self.budget = budget; self.settings = settings
    }

    /// The approval version files beside approved.json (approved-2.json …). Read under the lock, with the
    /// journal: an adjustment writes its file and its record under the exclusive lock, so a reader sees both
    /// or neither.
    func approvalFiles() throws(JournalError) -> ApprovalFiles { try ApprovalFiles.load(workspace, base: budget) }

    func lock(exclusive: Bool) throws(JournalError) -> WorkspaceLock {
        try WorkspaceLock.acquire(folder: workspace.path, exclusive: exclusive, timeout: settings.lockTimeout)
    }

    // MARK: Reading (JournalRead.swift: the state, forEachRecord, streamRecords)

    /// Per-line totals, open advances and the effective records (under a shared lock, one pass). With
    /// `asOf`, only vouchers dated up to that day count, under the approval version in force that day.
    public func ledger(asOf: CivilDate? = nil) throws(JournalError) -> Ledger {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        return try Ledger(state: loadState(withIndexes: false), asOf: asOf)
    }

    // MARK: Writing

    /// Records `bodies` as one durable batch: under the exclusive lock, re-reads the journal, runs every
    /// check on every body (each seeing the ones before it), and writes nothing if any check refuses.
    /// Otherwise one write of all the lines, then fsync (and the folder's fsync when the file is new).
    public func append(_ bodies: [RecordBody]) throws(JournalError) -> AppendOutcome {
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        return try appendLocked(bodies, state: try loadState(withIndexes: true))
    }

    /// `append` under the lock, on the state just read.
    func appendLocked(_ bodies: [RecordBody], state: JournalState) throws(JournalError) -> AppendOutcome {
        let witness = try witnessBeforeWriting(state)
        let norms = NormCache(budget)
        let today = settings.today
        var findings: [Finding] = []
        var accepted: [(Int, RecordBody)] = []
        var refused = false
        for body in bodies {
            let seq = state.records.count + 1
            switch body {
            case .voucher(let given):
                let v = Journal.resolveClearing(given, state)
                let fs = Journal.check(v, state: state, norms: norms, today: today)
                findings += fs
                if fs.contains(where: { $0.severity == .error }) { refused = true; continue }
                if let why = state.applyPrepared(seq: seq, v) {
                    findings.append(Finding(ruleID: "REC-APPLY", severity: .error, lineCode: v.line, message: why.message, basis: RecordingRules.budgetLawBasis))
                    refused = true; continue
                }
                accepted.append((seq, .voucher(v)))
            case .reversal(let of, let reason):
                let fs = ReversalRules.check(of: of, reason: reason, state: state)
                findings += fs
                if !fs.isEmpty { refused = true; continue }
                if let why = state.applyReversal(seq: seq, of: of) {
                    findings.append(Finding(ruleID: ReversalRules.targetID, severity: .error, lineCode: nil, message: why.message, basis: ReversalRules.basis))
                    refused = true; continue
                }
                accepted.append((seq, .reversal(of: of, reason: String(NumberParser.trimSpaces(reason)))))
            case .adjustment(let a):
                var hex: [UInt8] = []
                a.sha256.appendHex(to: &hex)
                if let why = state.applyAdjustment(seq: seq, number: a.version, shaHex: hex, date: RecordFields.pack(a.date)) {
                    findings.append(Finding(ruleID: "ADJ-VERSION", severity: .error, lineCode: nil, message: why.message, basis: RecordingRules.budgetLawBasis))
                    refused = true; continue
                }
                accepted.append((seq, body))
            }
        }
        if refused || accepted.isEmpty { return AppendOutcome(records: [], findings: findings) }
        // What the format cannot carry is not written (a library caller's voucher; the commands' input is
        // checked by the same rule in VoucherInput).
        for (_, body) in accepted { if let p = RecordCodec.unwritable(body) { throw .unwritable(p) } }
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
        try witnessedAppend(witness, from: state.records.count - accepted.count, to: state.records.count,
                            head: Array(prevHex), source: nil) { () throws(JournalError) in try durableAppend(out) }
        return AppendOutcome(records: records, findings: findings)
    }

    /// Records one voucher.
    public func record(_ v: Voucher) throws(JournalError) -> AppendOutcome { try append([.voucher(v)]) }

    /// Reverses record `seq`.
    public func reverse(_ seq: Int, reason: String) throws(JournalError) -> AppendOutcome { try append([.reversal(of: seq, reason: reason)]) }

    /// Reverses the record `target` names: a record number (`12`, or `#12`), or a voucher number
    /// (`UNC-02`). A number that is both a record's and another record's voucher number is refused, naming
    /// both (REV-TARGET): `#12` says the record.
    public func reverse(_ target: String, reason: String) throws(JournalError) -> AppendOutcome {
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        let state = try loadState(withIndexes: true)
        switch ReversalRules.resolve(target, state: state) {
        case .record(let seq): return try appendLocked([.reversal(of: seq, reason: reason)], state: state)
        case .refused(let f): return AppendOutcome(records: [], findings: [f])
        }
    }

    /// A clearing that names its advance by voucher number (`ref`) gets the advance's seq; so does a refund
    /// whose `ref` is an advance's voucher number (it recovers the advance: REC-RECOVERY).
    @inline(__always)
    static func resolveClearing(_ v: Voucher, _ state: JournalState) -> Voucher {
        guard v.kind == .clearing || v.kind == .refund, v.clears == nil, let r = v.ref,
              let seq = state.voucherHolder(r, line: v.kind == .clearing ? state.lineIndex(of: v.line) : nil),
              state.record(seq)?.kind == KindCode.advance else { return v }
        var out = v
        out.clears = seq
        return out
    }

    /// Every recording check on a voucher: the rules of `RecordingRules.list`, in order. `today` is the
    /// clock's day in Hà Nội (a voucher dated after it is refused).
    static func check(_ v: Voucher, state: JournalState, norms: NormCache, today: CivilDate) -> [Finding] {
        state.prepare(v)
        // The line as the version in force on the voucher date has it (a line added by a later adjustment
        // is not yet in the budget).
        let version = state.version(on: v.date)
        state.preparedVersion = version
        state.today = today
        let lineIndex = state.preparedLine.flatMap { version.byIndex[$0] < 0 ? nil : $0 }
        let ctx = RecordingContext(state: state, norms: norms.on(v.date), lineIndex: lineIndex, cache: norms)
        var out: [Finding] = []
        RecordingRules.list.check(v, ctx, into: &out)
        return out
    }

    /// Appends bytes to journal.kp durably; on a failed write the file is cut back to its old length.
    func durableAppend(_ bytes: [UInt8]) throws(JournalError) {
        let oldSize = try IO.size(path)
        let fd = try IO.open(path, [.writeOnly, .append, .create, .noFollow])
        defer { IO.close(fd) }
        try Journal.checkOpened(fd, path: path)
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

    /// The journal file just opened is one file of this folder (no other name appeared since it was checked).
    static func checkOpened(_ fd: Int32, path: String) throws(JournalError) {
        let st = try IO.mapped { () throws(SystemError) in try FileIO.status(fd, path: path) }
        if st.kind != .regular { throw .unsafeFile(path: path, why: .notRegular) }
        if st.links > 1 { throw .unsafeFile(path: path, why: .hardLinked(links: st.links)) }
    }

    // MARK: The witness (Witness.swift)

    /// The genesis: SHA-256 of approved.json, hex.
    var genesisHex: String { budget.fileSHA256.hex }

    /// Opens the witness and checks that the journal agrees with it before anything is written (writers
    /// refuse to build on a journal that is shorter than, diverges from or runs past its witness). nil
    /// without a witness.
    func witnessBeforeWriting(_ state: JournalState) throws(JournalError) -> WitnessGate? {
        guard let log = try WitnessLog.open(settings.witness, workspace: workspace.path) else { return nil }
        let read = try log.read(genesis: genesisHex)
        let count = state.records.count, head = String(decoding: state.lastHashHex, as: UTF8.self), genesis = genesisHex
        let facts = WitnessFacts(count: count, exists: IO.exists(path), hashAt: { $0 == count ? head : $0 == 0 ? genesis : nil })
        let report = WitnessCheck.evaluate(read, genesis: genesisHex, facts: facts, keyGiven: log.key != nil, forWriting: true, path: log.path)
        if !report.isClean { throw .witness(.disagrees(report)) }
        return WitnessGate(log: log, read: read)
    }

    /// A write between its two witness entries: `begin` (durable before the journal is touched), the
    /// write, then `done`. A failure to write `done` is not reported: the write is in the journal, and the
    /// `begin` already names its head (verify then says the write was not confirmed).
    func witnessedAppend(_ gate: WitnessGate?, from: Int, to: Int, head: [UInt8], source: String?, _ write: () throws(JournalError) -> Void) throws(JournalError) {
        guard let log = gate?.log else { try write(); return }
        let h = String(decoding: head, as: UTF8.self)
        try log.append(log.entry(genesis: genesisHex, .begin, from: from, to: to, head: h, now: settings.now, source: source))
        try write()
        try? log.append(log.entry(genesis: genesisHex, .done, from: from, to: to, head: h, now: settings.now, source: source))
    }
}

/// A writer's witness: the file and what it said about this workspace before the write.
struct WitnessGate {
    let log: WitnessLog
    let read: WitnessRead
}
