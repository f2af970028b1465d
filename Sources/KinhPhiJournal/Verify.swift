import Foundation
import KinhPhiCore
import KinhPhiSystem

// verify: reads every record with the chain reader (Format/ChainReader.swift) at its strictest — every
// SHA-256, seq and the prev links from approved.json to the last record, every field against the table —
// and replays the records' meaning into a state (reversals, clearings, lines). The hashing runs on all
// cores: the file is cut into parts at line starts, each part is checked on its own, and the parts are
// joined afterwards (a record's expected hash depends only on its own bytes, which include the previous
// record's hash as `prev`).
//
// With a witness (Witness.swift), verify also compares the journal with what the witness saw; with anchors
// (`verify --anchor <seq>:<hash>`, the record count and head hash printed on the settlement's papers), it
// checks that the journal still holds that exact prefix. Both read the hashes they need from the same pass
// (`VerifySink`). docs/threat-model.md.
//
// repair: only for a torn tail (a partial last line and/or an import batch that never finished). It copies
// the journal to journal.kp.bak-<UTC time> first, then cuts the file back to the last committed record.

public struct VerifyResult: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Every record is intact and chained.
        case ok
        /// Intact up to a torn tail: `kinhphi repair` cuts it.
        case torn
        /// A record is damaged, edited, removed or out of place: `bad` names the first one.
        case broken
        /// Record 1's prev is not the SHA-256 of approved.json: the approval was changed.
        case approvalChanged
    }
    public let status: Status
    /// Committed records that verified.
    public let records: Int
    /// Hash of the last verified committed record (of approved.json when there is none).
    public let lastHash: SHA256Digest
    public let bad: BadRecord?
    public let torn: TornTail?
    /// For approvalChanged: what record 1 is anchored to, and what approved.json hashes to now.
    public let anchoredTo: String?
    public let approvalHash: String
    /// What the witness says (nil without a witness, or when the chain itself is broken).
    public var witness: WitnessReport? = nil
    /// The anchors asked for, checked.
    public var anchors: [AnchorCheck] = []
    /// The approval versions in force (approved.json first; the adjustments read up to the first problem).
    public var versions: [ApprovalVersion] = []
    /// conference.csv / estimate.csv differing from what the version in force recorded (SourceWatch.swift).
    public var sources: [SourceChange] = []

    /// The chain is intact, the witness agrees and every anchor holds (a settlement may be made from it).
    public var isOK: Bool { status == .ok && (witness?.isClean ?? true) && anchors.allSatisfy(\.holds) }
    /// Intact, and the sources are as approved: what `verify` exits 0 on.
    public var isClean: Bool { isOK && sources.isEmpty }

    /// The record count and the hash of the last record verified: what the settlement's papers print.
    public var head: JournalHead { JournalHead(records: records, hash: lastHash) }

    /// The chain's verdict, then one line per witness problem or note and per anchor (the changed sources
    /// are the command's to place: VerifyCommand).
    public func report(_ lang: Language) -> String {
        ([message(lang)] + (witness?.lines(lang) ?? []) + anchors.map { $0.message(lang) }).joined(separator: "\n")
    }

    /// "; dự toán điều chỉnh 1 lần: phiên bản 2 (approved-2.json, QĐ …) đang áp dụng" — empty without adjustments.
    func versionsNote(_ lang: Language) -> String {
        guard let last = versions.last, last.number > 1 else { return "" }
        return lang == .vi
            ? "; dự toán đã điều chỉnh \(last.number - 1) lần, phiên bản \(last.number) (\(last.file), QĐ \(last.decisionNumber) ngày \(last.decisionDate)) khớp SHA-256 ở bản ghi \(last.seq ?? 0)"
            : "; the budget was adjusted \(last.number - 1) time(s), version \(last.number) (\(last.file), decision \(last.decisionNumber) of \(last.decisionDate)) matches the SHA-256 in record \(last.seq ?? 0)"
    }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch status {
        case .ok where !(witness?.isClean ?? true):
            return vi ? "chuỗi SHA-256 của nhật ký khớp (\(records) bản ghi) nhưng nhật ký KHÔNG khớp tệp chứng kiến \(witness?.path ?? ""):"
                      : "the journal's SHA-256 chain holds (\(records) records) but the journal does NOT agree with the witness \(witness?.path ?? ""):"
        case .ok:
            return (vi ? "nhật ký nguyên vẹn: \(records) bản ghi, chuỗi SHA-256 khớp từ approved.json đến bản ghi cuối (hash \(lastHash.hex))"
                       : "the journal is intact: \(records) records, the SHA-256 chain holds from approved.json to the last record (hash \(lastHash.hex))")
                + versionsNote(lang)
        case .torn where witness?.problems.contains(where: { if case .shorter = $0 { return true }; return false }) ?? false:
            // What looks like an interrupted write holds records the witness saw committed: the journal was
            // cut (tail truncation is corruption), and repair refuses to cut further.
            return vi ? "nhật ký bị cắt mất bản ghi đã ghi xong (phần cuối trông như ghi dở nhưng tệp chứng kiến \(witness?.path ?? "") đã thấy các bản ghi đó được ghi xong); kinhphi repair không cắt tiếp. Đối chiếu với bản sao lưu:"
                      : "the journal was cut, losing committed records (its end looks like an interrupted write but the witness \(witness?.path ?? "") saw those records committed); kinhphi repair will not cut further. Compare with a backup:"
        case .torn:
            return torn?.message(lang) ?? ""
        case .broken:
            return (vi ? "nhật ký hỏng — " : "the journal is broken — ") + (bad?.message(lang) ?? "")
                + (vi ? ". Các bản ghi trước đó (\(records)) nguyên vẹn. Không sửa tự động được: đối chiếu với bản sao lưu."
                      : ". The \(records) records before it are intact. This cannot be repaired automatically: compare with a backup.")
        case .approvalChanged:
            return JournalError.approvalChanged(expected: anchoredTo ?? "", found: approvalHash).message(lang)
        }
    }
}

public struct RepairOutcome: Sendable, Equatable {
    /// The copy of the journal before the cut ("" when nothing was cut).
    public let backupPath: String
    public let removedBytes: Int64
    /// Complete records of an unfinished batch that were cut.
    public let removedRecords: Int
    public let partialLine: Bool
    public let keptRecords: Int
    /// `repair --accept`: the journal (as kept) was recorded in the witness as accepted.
    public var accepted = false
    /// What the acceptance set aside (the witness's problems at the time).
    public var setAside: [WitnessFinding] = []
}

/// The record count and the hash of the last record: a journal's head, as printed on paper.
public struct JournalHead: Sendable, Equatable, CustomStringConvertible {
    public let records: Int
    public let hash: SHA256Digest
    public init(records: Int, hash: SHA256Digest) { self.records = records; self.hash = hash }
    /// `<records>:<hash>`, the form `kinhphi verify --anchor` reads.
    public var description: String { "\(records):\(hash.hex)" }
}

/// A prefix of the journal written down elsewhere (on the settlement's papers): record `seq` had the hash
/// beginning with `hashPrefix` (16 to 64 hex digits; seq 0 is approved.json).
public struct JournalAnchor: Sendable, Equatable {
    public let seq: Int
    public let hashPrefix: String

    public init?(seq: Int, hashPrefix: String) {
        let h = hashPrefix.lowercased()
        guard seq >= 0, h.utf8.count >= 16, h.utf8.count <= 64, h.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.seq = seq; self.hashPrefix = h
    }

    /// `<seq>:<hex>`, e.g. `40:6d1c0b…` (the hash's first 16 digits at least).
    public static func parse(_ s: String) -> JournalAnchor? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 12, parts[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(parts[0]) else { return nil }
        return JournalAnchor(seq: n, hashPrefix: String(parts[1]))
    }
}

/// An anchor, checked.
public struct AnchorCheck: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Record `seq` has that hash: the journal still holds that exact prefix (the SHA-256 chain).
        case holds
        /// Record `seq` has another hash: the journal was rewritten at or before it.
        case differs(found: String)
        /// The journal has fewer records (`records`).
        case beyondEnd(records: Int)
        /// The journal is broken before `seq`.
        case unreadable
    }
    public let anchor: JournalAnchor
    public let outcome: Outcome
    public var holds: Bool { outcome == .holds }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        let a = "\(anchor.seq):\(anchor.hashPrefix)"
        let digits = anchor.hashPrefix.utf8.count
        switch outcome {
        case .holds:
            return vi ? "mốc \(a): khớp — nhật ký vẫn giữ đúng \(anchor.seq) bản ghi đầu như lúc ghi mốc (so \(digits) chữ số hex)"
                      : "anchor \(a): holds — the journal still holds exactly the first \(anchor.seq) records it had (\(digits) hex digits compared)"
        case .differs(let found):
            return vi ? "mốc \(a): KHÔNG khớp — bản ghi \(anchor.seq) nay có hash \(found): nhật ký đã bị viết lại từ bản ghi \(anchor.seq) trở về trước"
                      : "anchor \(a): does NOT hold — record \(anchor.seq) now has the hash \(found): the journal was rewritten at or before record \(anchor.seq)"
        case .beyondEnd(let n):
            return vi ? "mốc \(a): KHÔNG khớp — nhật ký chỉ còn \(n) bản ghi" : "anchor \(a): does NOT hold — the journal has only \(n) records"
        case .unreadable:
            return vi ? "mốc \(a): không kiểm tra được — nhật ký hỏng trước bản ghi \(anchor.seq)" : "anchor \(a): cannot be checked — the journal is broken before record \(anchor.seq)"
        }
    }
}

/// verify's sink: the state's, and the hashes of the records the witness and the anchors name.
struct VerifySink: ChainSink {
    var state: StateSink
    /// Seqs whose hash is wanted, ascending.
    let wanted: [Int64]
    private var next = -1
    var found: [(Int64, [UInt8])] = []

    init(state: StateSink, wanted: [Int64]) { self.state = state; self.wanted = wanted }

    mutating func take(_ f: RecordFields, seq: Int64) -> RecordProblem? {
        if let p = state.take(f, seq: seq) { return p }
        if !wanted.isEmpty {
            if next < 0 {
                var lo = 0, hi = wanted.count
                while lo < hi { let m = (lo + hi) / 2; if wanted[m] < seq { lo = m + 1 } else { hi = m } }
                next = lo
            }
            if next < wanted.count && wanted[next] == seq {
                found.append((seq, Array(f.hashHex)))
                next += 1
            }
        }
        return nil
    }
}

extension Journal {
    /// Checks the whole journal (under a shared lock): the chain, the witness (when the settings name one)
    /// and the anchors given. Throws only when it cannot be read at all.
    public func verify(anchors: [JournalAnchor] = []) throws(JournalError) -> VerifyResult {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        var state: JournalState? = nil
        return try verifyUnlocked(anchors: anchors, keeping: &state)
    }

    /// The record count and the hash of the last record (under a shared lock; the chain's links are
    /// checked on the way, and every hash up to `fullCheckLimit`). A torn or broken journal throws.
    public func head() throws(JournalError) -> JournalHead {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        let state = try loadState(withIndexes: false)
        return JournalHead(records: state.records.count, hash: state.lastHash)
    }

    /// `verify` and, when the journal is intact, the ledger built by the same pass (settlement needs both:
    /// one read of the file instead of two).
    public func verifyWithLedger() throws(JournalError) -> (VerifyResult, Ledger?) {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        var state: JournalState? = nil
        let r = try verifyUnlocked(keeping: &state)
        return (r, try state.map { (s) throws(JournalError) in try Ledger(state: s) })
    }

    func verifyUnlocked(threads: Int? = nil) throws(JournalError) -> VerifyResult {
        var state: JournalState? = nil
        return try verifyUnlocked(threads: threads, keeping: &state)
    }

    func verifyUnlocked(threads: Int? = nil, anchors: [JournalAnchor] = [], keeping kept: inout JournalState?,
                        snapshot: Bool = true) throws(JournalError) -> VerifyResult {
        func result(_ s: VerifyResult.Status, records: Int, last: [UInt8], bad: BadRecord? = nil, torn: TornTail? = nil, anchoredTo: String? = nil) -> VerifyResult {
            VerifyResult(status: s, records: records, lastHash: SHA256Digest(hex: last) ?? .zero, bad: bad, torn: torn, anchoredTo: anchoredTo,
                         approvalHash: budget.fileSHA256.hex)
        }
        let log = try WitnessLog.open(settings.witness, workspace: workspace.path)
        let read: WitnessRead?
        var fromSnapshot = false
        if snapshot, let log, let snap = settings.witnessSnapshot, snap.path == log.path {
            read = snap.read(genesis: genesisHex, folder: log.folder, key: log.key)
            fromSnapshot = true
        } else {
            read = try log?.read(genesis: genesisHex)
        }
        var wanted = Set(anchors.map { Int64($0.seq) })
        for e in read?.entries ?? [] { wanted.insert(Int64(e.to)) }
        wanted.remove(0)
        let (outcome, state, probes) = try scanProbing(wanted: wanted.sorted(), threads: threads)
        var r: VerifyResult
        switch outcome {
        case .intact(let n, let last):
            kept = state
            r = result(.ok, records: n, last: last)
        case .torn(let t, let last):
            r = result(.torn, records: t.records, last: last, torn: t)
        case .broken(let b, let last):
            r = result(.broken, records: b.line - 1, last: last, bad: b)
        case .approvalChanged(let a):
            var genesis: [UInt8] = []
            budget.fileSHA256.appendHex(to: &genesis)
            r = result(.approvalChanged, records: 0, last: genesis, anchoredTo: a)
        case .stopped:   // (the state's drain never stops the reading)
            r = result(.broken, records: 0, last: [])
        }
        // Hashes known: approved.json's (seq 0) and, up to the last record verified, those probed.
        let genesis = genesisHex, verified = r.records
        let hashAt: (Int) -> String? = { seq in
            if seq == 0 { return genesis }
            guard seq <= verified, let h = probes[Int64(seq)] else { return nil }
            return String(decoding: h, as: UTF8.self)
        }
        if let log, let read, r.status == .ok || r.status == .torn {
            let facts = WitnessFacts(count: verified, exists: IO.exists(path), hashAt: hashAt)
            r.witness = WitnessCheck.evaluate(read, genesis: genesisHex, facts: facts, keyGiven: log.key != nil, forWriting: false, path: log.path)
        }
        r.anchors = Journal.check(anchors, records: r.status == .approvalChanged ? nil : verified, hashAt: hashAt)
        // The approval versions (each checked against its adjustment record while the journal was read) and
        // the watched sources, against the version in force.
        r.versions = state.versions.map(\.version)
        r.sources = sourceChanges(against: state.current.version)
        if fromSnapshot && !r.isOK {
            // The witness read earlier by this command may be older than the journal: the file decides.
            kept = nil
            return try verifyUnlocked(threads: threads, anchors: anchors, keeping: &kept, snapshot: false)
        }
        return r
    }

    /// Checks each anchor against the hashes read (`records` verified; nil: none can be read).
    static func check(_ anchors: [JournalAnchor], records: Int?, hashAt: (Int) -> String?) -> [AnchorCheck] {
        anchors.map { a in
            guard let records else { return AnchorCheck(anchor: a, outcome: .unreadable) }
            if a.seq > records { return AnchorCheck(anchor: a, outcome: .beyondEnd(records: records)) }
            guard let h = hashAt(a.seq) else { return AnchorCheck(anchor: a, outcome: .unreadable) }
            return AnchorCheck(anchor: a, outcome: h.hasPrefix(a.hashPrefix) ? .holds : .differs(found: h))
        }
    }

    /// `scan` with verify's sink: every hash and field checked, and the hashes of the records in `wanted`.
    func scanProbing(wanted: [Int64], threads: Int?) throws(JournalError) -> (ChainReader.Outcome, JournalState, [Int64: [UInt8]]) {
        let state = JournalState(budget: budget, files: try approvalFiles(), withIndexes: false)
        let size = try IO.size(path) ?? 0
        let reader = ChainReader(path: path, genesisHex: state.lastHashHex, checks: .full, threads: threads)
        let perPart = Int(size / 300 / Int64(max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount))) + 16
        let lines = state.lineIndex
        var probes: [Int64: [UInt8]] = [:]
        let outcome = try reader.read(makeSink: { VerifySink(state: StateSink(lines: lines, indexes: false, reserving: perPart), wanted: wanted) },
                                      drain: { sink in
                                          for (s, h) in sink.found { probes[s] = h }
                                          sink.found.removeAll()
                                          return state.fold(&sink.state)
                                      })
        if case .intact(let n, let hex) = outcome { state.chainAdvanced(seq: n, hex: hex) }
        return (outcome, state, probes)
    }

    /// Cuts a torn tail: copies journal.kp to journal.kp.bak-<UTC time>, then truncates it to the last
    /// committed record. Refuses anything that is not a torn tail — and a "torn tail" whose records the
    /// witness saw committed (that is lost records, not an interrupted write). With `accept`, a journal
    /// whose chain is intact (after the cut, if torn) but that disagrees with its witness is recorded in
    /// the witness as accepted as it is — what the user does once the cause is known (a backup restored,
    /// records written with another witness); verify keeps showing it.
    public func repair(accept: Bool = false) throws(JournalError) -> RepairOutcome {
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        var none: JournalState? = nil
        let r = try verifyUnlocked(keeping: &none)
        let log = try WitnessLog.open(settings.witness, workspace: workspace.path)
        let disagreement = r.witness?.problems ?? []
        func witnessed(_ phase: WitnessEntry.Phase, from: Int) throws(JournalError) {
            guard let log else { return }
            try log.append(log.entry(genesis: genesisHex, phase, from: from, to: r.records, head: r.lastHash.hex, now: settings.now))
        }
        switch r.status {
        case .ok:
            guard !disagreement.isEmpty else { throw .intact(records: r.records) }
            guard accept else {
                throw .nothingToRepair(Bilingual(
                    vi: "không sửa: chuỗi SHA-256 của nhật ký khớp, nhưng nhật ký không khớp tệp chứng kiến (" + disagreement.map { $0.message(.vi) }.joined(separator: "; ")
                        + "). Đây không phải bản ghi cuối bị cắt dở. Nếu đã rõ nguyên nhân, chạy kinhphi repair <hồ sơ> --accept để ghi nhận nhật ký như hiện có.",
                    en: "not repaired: the journal's SHA-256 chain holds but the journal does not agree with its witness (" + disagreement.map { $0.message(.en) }.joined(separator: "; ")
                        + "). This is not a torn last record. Once the cause is known, kinhphi repair <workspace> --accept records the journal as it is."))
            }
            try witnessed(.accepted, from: r.witness?.confirmedRecords ?? 0)
            return RepairOutcome(backupPath: "", removedBytes: 0, removedRecords: 0, partialLine: false, keptRecords: r.records,
                                 accepted: true, setAside: disagreement)
        case .broken, .approvalChanged:
            throw .nothingToRepair(Bilingual(vi: "không sửa: đây không phải bản ghi cuối bị cắt dở. " + r.report(.vi),
                                             en: "not repaired: this is not a torn last record. " + r.report(.en)))
        case .torn:
            guard let t = r.torn else { throw .nothingToRepair(Bilingual(vi: "không có phần dở dang", en: "no torn part")) }
            if !disagreement.isEmpty && !accept {
                throw .nothingToRepair(Bilingual(
                    vi: "không sửa: phần cuối trông như ghi dở nhưng tệp chứng kiến cho biết: " + disagreement.map { $0.message(.vi) }.joined(separator: "; ")
                        + ". Cắt đi sẽ mất bản ghi đã ghi xong; đây là nhật ký bị cắt hoặc hỏng, không phải ghi dở. Đối chiếu với bản sao lưu; nếu đã rõ nguyên nhân, kinhphi repair <hồ sơ> --accept.",
                    en: "not repaired: the end looks like an interrupted write but the witness says: " + disagreement.map { $0.message(.en) }.joined(separator: "; ")
                        + ". Cutting it would lose committed records; the journal was cut or damaged, not interrupted. Compare with a backup; once the cause is known, kinhphi repair <workspace> --accept."))
            }
            // The first problem of the journal, of whatever kind, is in the torn part (ChainReader): every
            // record kept is good.
            var backup = path + ".bak-" + settings.now.compact
            var k = 2
            while IO.exists(backup) { backup = path + ".bak-" + settings.now.compact + "-\(k)"; k += 1 }
            try IO.copyFile(path, to: backup, folder: workspace.path)
            let fd = try IO.open(path, .writeOnly)
            defer { IO.close(fd) }
            try IO.truncate(fd, to: t.validBytes, path: path)
            try IO.fsync(fd, path: path)
            try IO.fsyncDirectory(workspace.path)
            try witnessed(disagreement.isEmpty ? .repaired : .accepted, from: r.witness?.confirmedRecords ?? t.records)
            return RepairOutcome(backupPath: backup, removedBytes: t.tornBytes, removedRecords: t.uncommittedRecords,
                                 partialLine: t.partialLine, keptRecords: t.records, accepted: !disagreement.isEmpty, setAside: disagreement)
        }
    }
}
