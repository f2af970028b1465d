import KinhPhiCore
import KinhPhiEstimate

// Watched sources (docs/journal.md §Watched sources): the SHA-256 of conference.csv and estimate.csv are
// kept by every approval version (approved.json's `sources`, approved-<n>.json's). `verify` and `status`
// compare the files in the workspace with the version in force: an estimate edited after approval does not
// change what was approved — the settlement keeps the approved figures — but it is reported (verify exits
// 1), because the paper the figures rest on no longer says what was approved.

/// A source file that differs from what the approval version in force recorded.
public struct SourceChange: Sendable, Equatable {
    /// conference.csv or estimate.csv.
    public let file: String
    public let expected: SHA256Digest
    /// nil: the file is missing or cannot be read.
    public let found: SHA256Digest?
    /// The version whose record it differs from (1 = approved.json).
    public let version: Int
    public let versionFile: String

    public func message(_ lang: Language) -> String {
        let now = found.map { lang == .vi ? "SHA-256 hiện tại \($0.hex)" : "its SHA-256 is now \($0.hex)" }
            ?? (lang == .vi ? "tệp không còn đọc được" : "the file can no longer be read")
        return lang == .vi
            ? "\(file) đã khác với lúc duyệt (\(versionFile) ghi SHA-256 \(expected.hex); \(now)): số liệu vẫn theo dự toán được duyệt; nếu dự toán thay đổi thật thì cần quyết định điều chỉnh (kinhphi adjust), nếu không thì khôi phục tệp"
            : "\(file) differs from what was approved (\(versionFile) recorded SHA-256 \(expected.hex); \(now)): the figures stay the approved ones; if the estimate really changed it takes an adjustment decision (kinhphi adjust), otherwise restore the file"
    }
}

extension SourceChange {
    /// SOURCE-CHANGED, for the status report's warnings.
    public var finding: Finding {
        Finding(ruleID: "SOURCE-CHANGED", severity: .warning, lineCode: nil, message: Bilingual(vi: message(.vi), en: message(.en)),
                basis: "Quyết định phê duyệt dự toán (\(versionFile)): số liệu chỉ thay đổi bằng quyết định điều chỉnh")
    }
}

extension Journal {
    /// conference.csv and estimate.csv compared with what `version` recorded (in that order; empty when both
    /// are as approved).
    public func sourceChanges(against version: ApprovalVersion) -> [SourceChange] {
        var out: [SourceChange] = []
        for (name, expected) in [(Workspace.conferenceFile, version.sources.conference), (Workspace.estimateFile, version.sources.estimate)] {
            let path = workspace.file(name)
            let found = (try? FileInput.readBytes(path: path, displayName: path)).map { SHA256.hash($0) }
            if found != expected {
                out.append(SourceChange(file: name, expected: expected, found: found, version: version.number, versionFile: version.file))
            }
        }
        return out
    }
}
