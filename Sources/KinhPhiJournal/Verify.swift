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

    public var isOK: Bool { status == .ok }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch status {
        case .ok:
            return vi ? "nhật ký nguyên vẹn: \(records) bản ghi, chuỗi SHA-256 khớp từ approved.json đến bản ghi cuối (hash \(lastHash.hex))"
                      : "the journal is intact: \(records) records, the SHA-256 chain holds from approved.json to the last record (hash \(lastHash.hex))"
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
    public let backupPath: String
    public let removedBytes: Int64
    /// Complete records of an unfinished batch that were cut.
    public let removedRecords: Int
    public let partialLine: Bool
    public let keptRecords: Int
}

extension Journal {
    /// Checks the whole journal (under a shared lock). Throws only when it cannot be read at all.
    public func verify() throws(JournalError) -> VerifyResult {
        let lock = try self.lock(exclusive: false)
        defer { lock.release() }
        return try verifyUnlocked()
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

    func verifyUnlocked(threads: Int? = nil, keeping kept: inout JournalState?) throws(JournalError) -> VerifyResult {
        func result(_ s: VerifyResult.Status, records: Int, last: [UInt8], bad: BadRecord? = nil, torn: TornTail? = nil, anchoredTo: String? = nil) -> VerifyResult {
            VerifyResult(status: s, records: records, lastHash: SHA256Digest(hex: last) ?? .zero, bad: bad, torn: torn, anchoredTo: anchoredTo,
                         approvalHash: budget.fileSHA256.hex)
        }
        let (outcome, state) = try scan(checks: .full, indexes: false, threads: threads)
        switch outcome {
        case .intact(let n, let last):
            kept = state
            return result(.ok, records: n, last: last)
        case .torn(let t, let last):
            return result(.torn, records: t.records, last: last, torn: t)
        case .broken(let b, let last):
            return result(.broken, records: b.line - 1, last: last, bad: b)
        case .approvalChanged(let a):
            var genesis: [UInt8] = []
            budget.fileSHA256.appendHex(to: &genesis)
            return result(.approvalChanged, records: 0, last: genesis, anchoredTo: a)
        case .stopped:   // (the state's drain never stops the reading)
            return result(.broken, records: 0, last: [])
        }
    }

    /// Cuts a torn tail: copies journal.kp to journal.kp.bak-<UTC time>, then truncates it to the last
    /// committed record. Refuses anything that is not a torn tail.
    public func repair() throws(JournalError) -> RepairOutcome {
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        let r = try verifyUnlocked()
        switch r.status {
        case .ok:
            throw .intact(records: r.records)
        case .broken, .approvalChanged:
            throw .nothingToRepair(Bilingual(vi: "không sửa: đây không phải bản ghi cuối bị cắt dở. " + r.message(.vi),
                                             en: "not repaired: this is not a torn last record. " + r.message(.en)))
        case .torn:
            guard let t = r.torn else { throw .nothingToRepair(Bilingual(vi: "không có phần dở dang", en: "no torn part")) }
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
            return RepairOutcome(backupPath: backup, removedBytes: t.tornBytes, removedRecords: t.uncommittedRecords,
                                 partialLine: t.partialLine, keptRecords: t.records)
        }
    }
}
