import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// Approval versions (docs/journal.md §Adjustments). Version 1 is approved.json, written once by `approve`.
// Each adjustment (điều chỉnh dự toán, `kinhphi adjust`) writes a new file approved-<n>.json (n = 2, 3 …)
// beside it — every line in force under that version, the decision, the SHA-256 of the version before —
// and appends a journal record `kind=adjustment` naming n and the new file's SHA-256. approved.json is never
// rewritten (its SHA-256 anchors the chain); each later version is covered by the chain through the record
// that put it in force. A voucher is checked against the version in force on its date: the last version
// recorded whose decision date is on or before it.

/// One version of the approved budget.
public struct ApprovalVersion: Sendable, Equatable {
    /// 1 = approved.json; 2, 3 … = the adjustments, in order.
    public let number: Int
    public let decisionNumber: String
    /// In force for vouchers dated from this day.
    public let decisionDate: CivilDate
    /// Why the budget was adjusted (nil for version 1).
    public let reason: String?
    /// The file, relative to the workspace: approved.json, approved-2.json …
    public let file: String
    public let sha256: SHA256Digest
    /// The version before's file SHA-256 (nil for version 1).
    public let previousSHA256: SHA256Digest?
    /// Every line in force under this version, in order (the estimate's, then lines added by adjustments).
    public let lines: [ApprovedLine]
    public let total: Money
    /// conference.csv and estimate.csv when this version was made (what `verify` and `status` watch).
    public let sources: SourceDigests
    /// The decision's amounts file, when one was given.
    public let amounts: DecisionAmountsSource?
    /// The approved amount of each changed line under the version before (an added line: absent).
    public let previousAmounts: [String: Money]
    /// When the version was made.
    public let madeAt: Timestamp
    /// The journal record that put it in force (nil for version 1, or a version read outside a journal).
    public internal(set) var seq: Int?

    private let indexByCode: [String: Int]

    public func line(_ code: String) -> ApprovedLine? { indexByCode[code].map { lines[$0] } }
    func lineIndexByCode(_ code: String) -> Int? { indexByCode[code] }

    /// The lines this version changed: (line, the amount before — nil for an added line).
    public var changes: [(line: ApprovedLine, before: Money?)] {
        guard number > 1 else { return [] }
        return lines.compactMap { l in
            if let b = previousAmounts[l.code] { return (l, b) }
            return added.contains(l.code) ? (l, nil) : nil
        }
    }
    /// Lines added by this version.
    public let added: Set<String>

    init(number: Int, decisionNumber: String, decisionDate: CivilDate, reason: String?, file: String, sha256: SHA256Digest,
         previousSHA256: SHA256Digest?, lines: [ApprovedLine], total: Money, sources: SourceDigests,
         amounts: DecisionAmountsSource?, previousAmounts: [String: Money], added: Set<String>, madeAt: Timestamp, seq: Int?) {
        self.number = number; self.decisionNumber = decisionNumber; self.decisionDate = decisionDate; self.reason = reason
        self.file = file; self.sha256 = sha256; self.previousSHA256 = previousSHA256; self.lines = lines; self.total = total
        self.sources = sources; self.amounts = amounts; self.previousAmounts = previousAmounts; self.added = added
        self.madeAt = madeAt; self.seq = seq
        indexByCode = Dictionary(lines.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Version 1: approved.json.
    public init(base b: ApprovedBudget) {
        self.init(number: 1, decisionNumber: b.decisionNumber, decisionDate: b.decisionDate, reason: nil, file: ApprovedBudget.fileName,
                  sha256: b.fileSHA256, previousSHA256: nil, lines: b.lines, total: b.total, sources: b.sources,
                  amounts: b.decisionAmounts, previousAmounts: [:], added: [], madeAt: b.approvedAt, seq: nil)
    }

    // MARK: The file

    public static let formatName = "kinhphi-approval-version"
    public static let formatVersion = 1

    /// approved-<n>.json.
    public static func fileName(_ number: Int) -> String { "approved-\(number).json" }

    /// The JSON text of version `number` following `previous`: `lines` in force (in order), with each line's
    /// amount under `previous` kept as `previous` when it changed. Pure.
    static func document(number: Int, previous: ApprovalVersion, decisionNumber: String, decisionDate: CivilDate, reason: String?,
                         lines: [ApprovedLine], amounts: DecisionAmountsSource?, sources: SourceDigests, madeAt: Timestamp) throws(MoneyError) -> String {
        var total = Money.zero
        for l in lines { total = try total + l.approved }
        var j = JSONText()
        j.raw("{\n")
        j.field("format", formatName, indent: 2); j.raw(",\n")
        j.key("format_version", indent: 2); j.raw(String(formatVersion)); j.raw(",\n")
        j.key("number", indent: 2); j.raw(String(number)); j.raw(",\n")
        j.field("previous_sha256", previous.sha256.hex, indent: 2); j.raw(",\n")
        j.field("decision_number", decisionNumber, indent: 2); j.raw(",\n")
        j.field("decision_date", decisionDate.iso, indent: 2); j.raw(",\n")
        if let reason { j.field("reason", reason, indent: 2); j.raw(",\n") }
        j.field("made_at", madeAt.iso, indent: 2); j.raw(",\n")
        if let amounts {
            j.key("amounts", indent: 2)
            j.raw("{"); j.field("file", amounts.file); j.raw(", "); j.field("sha256", amounts.sha256.hex); j.raw("},\n")
        }
        j.key("sources", indent: 2)
        j.raw("{"); j.field("conference_sha256", sources.conference.hex); j.raw(", ")
        j.field("estimate_sha256", sources.estimate.hex); j.raw("},\n")
        j.key("lines", indent: 2); j.raw("[\n")
        for (i, l) in lines.enumerated() {
            j.raw("    {")
            j.field("code", l.code); j.raw(", ")
            j.field("section", l.section); j.raw(", ")
            j.field("description", l.description); j.raw(", ")
            j.field("kind", l.kind.rawValue); j.raw(", ")
            j.field("budget_code", l.budgetCode); j.raw(", ")
            j.key("requested"); j.raw(String(l.requested.dong)); j.raw(", ")
            j.key("appraised"); j.raw(String(l.appraised.dong)); j.raw(", ")
            j.key("approved"); j.raw(String(l.approved.dong)); j.raw(", ")
            j.field("policy", l.policy.rawValue)
            if let before = previous.line(l.code)?.approved, before != l.approved { j.raw(", "); j.key("previous"); j.raw(String(before.dong)) }
            j.raw(i + 1 < lines.count ? "},\n" : "}\n")
        }
        j.raw("  ],\n")
        j.key("total", indent: 2); j.raw(String(total.dong)); j.raw("\n")
        j.raw("}\n")
        return j.text
    }

    private struct FileJSON: Decodable {
        struct Line: Decodable {
            let code: String; let section: String; let description: String; let kind: String; let budget_code: String
            let requested: Int64; let appraised: Int64; let approved: Int64; let policy: String; let previous: Int64?
        }
        struct Amounts: Decodable { let file: String; let sha256: String }
        struct Sources: Decodable { let conference_sha256: String; let estimate_sha256: String }
        let format: String; let format_version: Int; let number: Int; let previous_sha256: String
        let decision_number: String; let decision_date: String; let reason: String?; let made_at: String
        let amounts: Amounts?; let sources: Sources; let lines: [Line]; let total: Int64
    }

    /// Reads a version file's bytes (`file`: how messages name it); `previous` is the version it must
    /// follow. Every inconsistency is an InputError naming the field.
    static func parse(_ bytes: [UInt8], file: String, previous: ApprovalVersion) throws(InputError) -> ApprovalVersion {
        func bad(_ field: String, vi: String, en: String) -> InputError {
            InputError(SourceLocation(file: file, field: field), .inconsistent(Bilingual(vi: vi, en: en)))
        }
        let f: FileJSON
        do { f = try JSONDecoder().decode(FileJSON.self, from: Data(bytes)) } catch {
            throw bad("", vi: "không đọc được tệp phiên bản dự toán (JSON sai hoặc thiếu trường): \(error)",
                      en: "the approval version file cannot be read (invalid JSON or a missing field): \(error)")
        }
        guard f.format == formatName, f.format_version == formatVersion else {
            throw bad("format", vi: "không phải tệp phiên bản dự toán của KinhPhi", en: "not a KinhPhi approval version file")
        }
        guard f.number == previous.number + 1 else {
            throw bad("number", vi: "là phiên bản \(f.number), phải là \(previous.number + 1)", en: "is version \(f.number), expected \(previous.number + 1)")
        }
        func digest(_ field: String, _ s: String) throws(InputError) -> SHA256Digest {
            guard let d = SHA256Digest(hex: s) else { throw bad(field, vi: "không phải SHA-256 (64 chữ số hex)", en: "not a SHA-256 (64 hex digits)") }
            return d
        }
        let prev = try digest("previous_sha256", f.previous_sha256)
        guard prev == previous.sha256 else {
            throw bad("previous_sha256", vi: "không nối vào phiên bản \(previous.number) (\(previous.file) có SHA-256 \(previous.sha256.hex))",
                      en: "does not follow version \(previous.number) (\(previous.file) has SHA-256 \(previous.sha256.hex))")
        }
        guard let date = CivilDate.parse(f.decision_date) else { throw InputError(SourceLocation(file: file, field: "decision_date"), .badDate(text: f.decision_date)) }
        guard let madeAt = Timestamp.parse(f.made_at) else { throw InputError(SourceLocation(file: file, field: "made_at"), .badDate(text: f.made_at)) }
        var lines: [ApprovedLine] = []
        var seen = Set<String>()
        var total = Money.zero
        var previousAmounts: [String: Money] = [:]
        var added = Set<String>()
        for l in f.lines {
            let field = "lines[\(l.code)]"
            guard let kind = ItemKind.byID[l.kind] else { throw InputError(SourceLocation(file: file, field: field), .badValue(text: l.kind, expected: ItemKind.expected)) }
            guard let policy = OverBudgetPolicy(rawValue: l.policy) else {
                throw InputError(SourceLocation(file: file, field: field), .badValue(text: l.policy, expected: OverBudgetPolicy.expected))
            }
            guard !l.code.isEmpty, seen.insert(l.code).inserted else {
                throw InputError(SourceLocation(file: file, field: field), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: l.code, firstLine: nil))
            }
            let approved: Money, requested: Money, appraised: Money
            do {
                approved = try Money(dong: l.approved); requested = try Money(dong: l.requested); appraised = try Money(dong: l.appraised)
                total = try total + approved
            } catch { throw InputError(SourceLocation(file: file, field: field), .badMoney(error)) }
            guard !approved.isNegative, !requested.isNegative, !appraised.isNegative else { throw bad(field, vi: "số tiền âm", en: "negative amount") }
            // Every line of the version before stays (at some amount): a line is never dropped.
            let before = previous.line(l.code)?.approved
            if before == nil { added.insert(l.code) }
            if let p = l.previous {
                guard let before, p == before.dong, before != approved else {
                    throw bad(field, vi: "\"previous\" không khớp số được duyệt của phiên bản \(previous.number)", en: "\"previous\" does not match version \(previous.number)'s approved amount")
                }
                previousAmounts[l.code] = before
            } else if let before, before != approved {
                throw bad(field, vi: "số thay đổi so với phiên bản \(previous.number) mà không ghi \"previous\"", en: "changed from version \(previous.number) without \"previous\"")
            }
            lines.append(ApprovedLine(code: l.code, section: l.section, description: l.description, kind: kind, budgetCode: l.budget_code,
                                      requested: requested, approved: approved, policy: policy, appraised: appraised))
        }
        for l in previous.lines where !seen.contains(l.code) {
            throw bad("lines", vi: "thiếu dòng \(l.code) của phiên bản \(previous.number)", en: "line \(l.code) of version \(previous.number) is missing")
        }
        guard total.dong == f.total else {
            throw bad("total", vi: "tổng \(f.total) khác tổng các dòng \(total.dong)", en: "total \(f.total) differs from the lines' sum \(total.dong)")
        }
        let sources = SourceDigests(conference: try digest("sources.conference_sha256", f.sources.conference_sha256),
                                    estimate: try digest("sources.estimate_sha256", f.sources.estimate_sha256))
        let amounts = try f.amounts.map { (a) throws(InputError) in DecisionAmountsSource(file: a.file, sha256: try digest("amounts.sha256", a.sha256)) }
        return ApprovalVersion(number: f.number, decisionNumber: f.decision_number, decisionDate: date, reason: f.reason, file: fileName(f.number),
                               sha256: SHA256.hash(bytes), previousSHA256: prev, lines: lines, total: total, sources: sources, amounts: amounts,
                               previousAmounts: previousAmounts, added: added, madeAt: madeAt, seq: nil)
    }
}

/// The version files found beside approved.json, read when a journal is opened: the lines any of them
/// defines (so that the readers' line index knows a line an adjustment added), and their bytes, checked
/// against the journal's adjustment records while it is read (`JournalState.applyAdjustment`).
struct ApprovalFiles: Sendable {
    /// Bytes of approved-<n>.json by n (2, 3 … up to the first missing).
    let bytes: [Int: [UInt8]]
    /// Every line any version knows: approved.json's, then the lines added by the version files, in order.
    let allLines: [ApprovedLine]

    /// Reads approved-2.json, approved-3.json … up to the first missing. A file that cannot be read or
    /// parsed adds no line: the record that names it finds it wanting.
    static func load(_ ws: Workspace, base: ApprovedBudget) throws(JournalError) -> ApprovalFiles {
        var bytes: [Int: [UInt8]] = [:]
        var lines = base.lines
        var known = Set(lines.map(\.code))
        var previous = ApprovalVersion(base: base)
        var chained = true
        var n = 2
        while true {
            let path = ws.file(ApprovalVersion.fileName(n))
            guard IO.exists(path) else { break }
            let b = try IO.readFile(path)
            bytes[n] = b
            if chained, let v = try? ApprovalVersion.parse(b, file: path, previous: previous) {
                for l in v.lines where known.insert(l.code).inserted { lines.append(l) }
                previous = v
            } else {
                chained = false
            }
            n += 1
        }
        return ApprovalFiles(bytes: bytes, allLines: lines)
    }

    /// Only approved.json (a journal made in code, or before any adjustment).
    init(base: ApprovedBudget) { bytes = [:]; allLines = base.lines }

    init(bytes: [Int: [UInt8]], allLines: [ApprovedLine]) { self.bytes = bytes; self.allLines = allLines }
}
