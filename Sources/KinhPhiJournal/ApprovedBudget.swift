import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiAppraisal

// The approved budget (dự toán được duyệt): the appraised estimate frozen by the Finance Department's
// decision, with each line's over-budget policy and a snapshot of the norms catalogue it was judged by.
// Written once by `kinhphi approve` to <workspace>/approved.json (atomically), read by every later step.
// The journal's chain is anchored to it: record 1's `prev` is the SHA-256 of approved.json's bytes.

/// What recording does when a voucher would take a line over its approved amount.
public enum OverBudgetPolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse the voucher (the default).
    case stop
    /// Record it with a warning.
    case warn
    /// Record it silently.
    case ignore

    static let expected = Bilingual(vi: "stop, warn hoặc ignore", en: "stop, warn or ignore")

    /// Parses `1.1=warn,2.3=ignore` (spaces allowed around the parts). `source` names the option in errors.
    public static func parseLinePolicies(_ text: String, source: String = "--line-policy") throws(InputError) -> [String: OverBudgetPolicy] {
        var out: [String: OverBudgetPolicy] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let item = String(NumberParser.trimSpaces(String(part)))
            if item.isEmpty { continue }
            let pieces = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let code = pieces.count == 2 ? String(NumberParser.trimSpaces(String(pieces[0]))) : ""
            let value = pieces.count == 2 ? String(NumberParser.trimSpaces(String(pieces[1]))).lowercased() : ""
            guard !code.isEmpty, let p = OverBudgetPolicy(rawValue: value) else {
                throw InputError(SourceLocation(file: source), .badValue(text: item, expected: Bilingual(
                    vi: "MÃ_DÒNG=stop|warn|ignore, ví dụ 3.2=warn", en: "LINE=stop|warn|ignore, e.g. 3.2=warn")))
            }
            if out[code] != nil {
                throw InputError(SourceLocation(file: source), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: code, firstLine: nil))
            }
            out[code] = p
        }
        return out
    }
}

/// One approved line.
public struct ApprovedLine: Sendable, Hashable {
    public let code: String
    public let section: String
    public let description: String
    public let kind: ItemKind
    public let budgetCode: String
    /// What the unit asked for.
    public let requested: Money
    /// The approved amount: the decision's own figure (`approve --amounts`), else the appraised one; under
    /// an adjustment, the adjusted figure.
    public let approved: Money
    public let policy: OverBudgetPolicy
    /// The appraised amount (Sở Tài chính's figure): equal to `approved` unless the decision gave its own.
    /// For a line added by an adjustment: 0 (it was never appraised).
    public let appraised: Money

    public init(code: String, section: String, description: String, kind: ItemKind, budgetCode: String,
                requested: Money, approved: Money, policy: OverBudgetPolicy, appraised: Money? = nil) {
        self.code = code; self.section = section; self.description = description; self.kind = kind
        self.budgetCode = budgetCode; self.requested = requested; self.approved = approved; self.policy = policy
        self.appraised = appraised ?? approved
    }

    /// The same line at another approved amount (an adjustment).
    public func with(approved: Money) -> ApprovedLine {
        ApprovedLine(code: code, section: section, description: description, kind: kind, budgetCode: budgetCode,
                     requested: requested, approved: approved, policy: policy, appraised: appraised)
    }

    /// The decision approved more than Sở Tài chính appraised (a warning kept in approved.json).
    public var isAboveAppraised: Bool { approved > appraised }
}

/// The appraisal notice (thông báo thẩm định) of Sở Tài chính the decision rests on.
public struct AppraisalNotice: Sendable, Hashable {
    /// Its number, e.g. 1234/STC-QLNS; empty when only the date is known.
    public let number: String
    public let date: CivilDate?
    /// Who appraised (default Sở Tài chính).
    public let appraiser: String

    public init(number: String, date: CivilDate?, appraiser: String) {
        self.number = number; self.date = date; self.appraiser = appraiser
    }
}

/// The decision's own amounts per line (`approve --amounts`, `adjust --amounts`): the file they came from,
/// its SHA-256, and the amount given for each line code.
public struct DecisionAmountsSource: Sendable, Hashable {
    public let file: String
    public let sha256: SHA256Digest
    public init(file: String, sha256: SHA256Digest) { self.file = file; self.sha256 = sha256 }
}

/// SHA-256 of the workspace's two source files when an approval version was made.
public struct SourceDigests: Sendable, Hashable {
    public let conference: SHA256Digest
    public let estimate: SHA256Digest
    public init(conference: SHA256Digest, estimate: SHA256Digest) { self.conference = conference; self.estimate = estimate }
}

/// The catalogue files as they were when the budget was approved, with their SHA-256.
public struct CatalogueSnapshot: Sendable, Hashable {
    public let normsFile: String
    public let normsCSV: String
    public let normsSHA256: SHA256Digest
    public let budgetCodesFile: String
    public let budgetCodesCSV: String
    public let budgetCodesSHA256: SHA256Digest
    /// The dated legal-basis table (legal-bases.csv) the recording checks cite, when the catalogue had one
    /// (approvals made before issue 14 have none: the checks then print their built-in citations).
    public let legalBasesFile: String?
    public let legalBasesCSV: String?
    public let legalBasesSHA256: SHA256Digest?
}

public struct ApprovedBudget: Sendable {
    public static let fileName = "approved.json"
    public static let formatName = "kinhphi-approved-budget"
    public static let formatVersion = 1

    public let decisionNumber: String
    public let decisionDate: CivilDate
    /// When `approve` ran.
    public let approvedAt: Timestamp
    public let conferenceName: String
    public let organiser: String
    public let eventDate: CivilDate
    public let fiscalYear: Int
    /// Last day on which work done by 31/12 may still be paid.
    public let adjustmentPeriodEnd: CivilDate
    /// In the estimate's order.
    public let lines: [ApprovedLine]
    /// Σ approved.
    public let total: Money
    /// Σ requested.
    public let requestedTotal: Money
    /// Error and warning findings of the appraisal the approval rests on.
    public let appraisalErrors: Int
    public let appraisalWarnings: Int
    /// The norms and budget codes the estimate was judged by, rebuilt from the snapshot.
    public let catalogue: Catalogue
    public let catalogueSnapshot: CatalogueSnapshot
    /// SHA-256 of conference.csv and estimate.csv at approval.
    public let conferenceSHA256: SHA256Digest
    public let estimateSHA256: SHA256Digest
    /// Sở Tài chính's appraisal notice, when given (`approve --notice`, or conference.csv's
    /// `appraisal_notice`/`appraisal_date`).
    public let appraisalNotice: AppraisalNotice?
    /// Where the decision's own amounts came from (`approve --amounts`); nil: every line at its appraised
    /// amount.
    public let decisionAmounts: DecisionAmountsSource?
    /// Lines the decision approved above the appraised amount (warnings kept in approved.json).
    public var aboveAppraised: [ApprovedLine] { lines.filter(\.isAboveAppraised) }
    /// The two source files' digests.
    public var sources: SourceDigests { SourceDigests(conference: conferenceSHA256, estimate: estimateSHA256) }
    /// SHA-256 of approved.json's bytes: the `prev` of journal record 1.
    public let fileSHA256: SHA256Digest

    private let indexByCode: [String: Int]

    /// The line with this code.
    public func line(_ code: String) -> ApprovedLine? { indexByCode[code].map { lines[$0] } }
    public func lineIndex(_ code: String) -> Int? { indexByCode[code] }

    // MARK: Making an approval

    /// The JSON text of an approval of `appraisal`: lines at the decision's amounts (`amounts`) where given,
    /// else at their appraised amounts. Pure.
    public static func document(appraisal: Appraisal, decisionNumber: String, decisionDate: CivilDate,
                                defaultPolicy: OverBudgetPolicy, linePolicies: [String: OverBudgetPolicy],
                                approvedAt: Timestamp, normsFile: String, normsCSV: [UInt8],
                                budgetCodesFile: String, budgetCodesCSV: [UInt8],
                                conferenceCSV: [UInt8], estimateCSV: [UInt8],
                                amounts: DecisionAmounts? = nil, notice: AppraisalNotice? = nil,
                                legalBasesFile: String? = nil, legalBasesCSV: [UInt8]? = nil) throws(InputError) -> String {
        let codes = Set(appraisal.lines.map(\.line.code))
        for code in linePolicies.keys.sorted() where !codes.contains(code) {
            throw InputError(SourceLocation(file: "--line-policy"), .unknownReference(kind: Bilingual(vi: "dòng dự toán", en: "estimate line"), id: code))
        }
        var decided: [String: Money] = [:]
        if let amounts {
            // The decision approves the estimate's lines: a line it names must be one of them (a line is added
            // later, by an adjustment).
            for r in amounts.rows {
                guard codes.contains(r.line) else {
                    throw InputError(SourceLocation(file: amounts.file, line: r.row, field: amounts.lineColumn),
                                     .unknownReference(kind: Bilingual(vi: "dòng dự toán", en: "estimate line"), id: r.line))
                }
                decided[r.line] = r.amount
            }
        }
        let number = String(NumberParser.trimSpaces(decisionNumber))
        guard !number.isEmpty else { throw InputError(SourceLocation(file: "--decision"), .required) }
        let c = appraisal.estimate.conference
        var j = JSONText()
        j.raw("{\n")
        j.field("format", formatName, indent: 2); j.raw(",\n")
        j.key("version", indent: 2); j.raw(String(formatVersion)); j.raw(",\n")
        j.field("decision_number", number, indent: 2); j.raw(",\n")
        j.field("decision_date", decisionDate.iso, indent: 2); j.raw(",\n")
        j.field("approved_at", approvedAt.iso, indent: 2); j.raw(",\n")
        j.key("conference", indent: 2); j.raw("{\n")
        j.field("name", c.name, indent: 4); j.raw(",\n")
        j.field("organiser", c.organiser, indent: 4); j.raw(",\n")
        j.field("event_date", c.eventDate.iso, indent: 4); j.raw(",\n")
        j.key("fiscal_year", indent: 4); j.raw(String(c.fiscalYear)); j.raw(",\n")
        j.field("adjustment_period_end", c.adjustmentPeriodEnd.iso, indent: 4); j.raw("\n  },\n")
        j.key("appraisal", indent: 2)
        j.raw("{\"requested\": \(appraisal.requested.dong), \"appraised\": \(appraisal.appraised.dong), \"errors\": \(appraisal.count(.error)), \"warnings\": \(appraisal.count(.warning))")
        if let notice {
            j.raw(", "); j.field("appraiser", notice.appraiser)
            if !notice.number.isEmpty { j.raw(", "); j.field("notice", notice.number) }
            if let d = notice.date { j.raw(", "); j.field("notice_date", d.iso) }
        }
        j.raw("},\n")
        j.key("lines", indent: 2); j.raw("[\n")
        let all = appraisal.sections.flatMap { s in s.lines.map { (s.title, $0) } }
        var total = Money.zero
        var above: [String] = []
        for (i, (section, l)) in all.enumerated() {
            let policy = linePolicies[l.line.code] ?? defaultPolicy
            let approved = decided[l.line.code] ?? l.appraised
            do { total = try total + approved } catch { throw InputError(SourceLocation(file: amounts?.file ?? ""), .badMoney(error)) }
            if approved > l.appraised { above.append(l.line.code) }
            j.raw("    {")
            j.field("code", l.line.code); j.raw(", ")
            j.field("section", section); j.raw(", ")
            j.field("description", l.line.description); j.raw(", ")
            j.field("kind", l.line.kind.rawValue); j.raw(", ")
            j.field("budget_code", l.line.budgetCode); j.raw(", ")
            j.key("requested"); j.raw(String(l.requested.dong)); j.raw(", ")
            j.key("approved"); j.raw(String(approved.dong)); j.raw(", ")
            j.field("policy", policy.rawValue)
            // The appraised amount, when the decision's differs from it.
            if approved != l.appraised { j.raw(", "); j.key("appraised"); j.raw(String(l.appraised.dong)) }
            j.raw(i + 1 < all.count ? "},\n" : "}\n")
        }
        j.raw("  ],\n")
        j.key("total", indent: 2); j.raw(String(total.dong)); j.raw(",\n")
        if let amounts {
            j.key("decision_amounts", indent: 2)
            j.raw("{"); j.field("file", amounts.file); j.raw(", "); j.field("sha256", amounts.sha256.hex); j.raw("},\n")
        }
        if !above.isEmpty {
            j.key("above_appraised", indent: 2)
            j.raw("[" + above.map(JSONText.quoted).joined(separator: ", ") + "],\n")
        }
        j.key("sources", indent: 2)
        j.raw("{"); j.field("conference_sha256", SHA256.hash(conferenceCSV).hex); j.raw(", ")
        j.field("estimate_sha256", SHA256.hash(estimateCSV).hex); j.raw("},\n")
        j.key("catalogue", indent: 2); j.raw("{\n")
        j.field("norms_file", normsFile, indent: 4); j.raw(",\n")
        j.field("norms_sha256", SHA256.hash(normsCSV).hex, indent: 4); j.raw(",\n")
        j.field("budget_codes_file", budgetCodesFile, indent: 4); j.raw(",\n")
        j.field("budget_codes_sha256", SHA256.hash(budgetCodesCSV).hex, indent: 4); j.raw(",\n")
        j.field("norms_csv", String(decoding: normsCSV, as: UTF8.self), indent: 4); j.raw(",\n")
        j.field("budget_codes_csv", String(decoding: budgetCodesCSV, as: UTF8.self), indent: 4)
        if let legalBasesFile, let legalBasesCSV {
            // Written only when the catalogue has the table, after the older keys (issue 14).
            j.raw(",\n")
            j.field("legal_bases_file", legalBasesFile, indent: 4); j.raw(",\n")
            j.field("legal_bases_sha256", SHA256.hash(legalBasesCSV).hex, indent: 4); j.raw(",\n")
            j.field("legal_bases_csv", String(decoding: legalBasesCSV, as: UTF8.self), indent: 4)
        }
        j.raw("\n  }\n")
        j.raw("}\n")
        return j.text
    }

    /// Approves the appraised estimate: writes <workspace>/approved.json atomically (temporary file, fsync,
    /// rename, folder fsync) under the workspace lock. Refuses when an approval exists already.
    public static func approve(_ ws: Workspace, appraisal: Appraisal, decisionNumber: String, decisionDate: CivilDate,
                               defaultPolicy: OverBudgetPolicy = .stop, linePolicies: [String: OverBudgetPolicy] = [:],
                               amounts: DecisionAmounts? = nil, notice: AppraisalNotice? = nil,
                               settings: JournalSettings) throws(JournalError) -> ApprovedBudget {
        let cat = appraisal.catalogue
        let normsBytes: [UInt8], codesBytes: [UInt8], confBytes: [UInt8], estBytes: [UInt8]
        var basesBytes: [UInt8]? = nil
        do {
            // The text the catalogue was built from (a file's bytes, the built-in table, or the merged table
            // of a workspace's overrides); a catalogue made in code has none: its files are read.
            if let t = cat.normsText { normsBytes = t } else { normsBytes = try FileInput.readBytes(path: cat.normsFile, displayName: cat.normsFile) }
            if let t = cat.budgetCodesText { codesBytes = t } else { codesBytes = try FileInput.readBytes(path: cat.budgetCodesFile, displayName: cat.budgetCodesFile) }
            if let t = cat.legalBasesText { basesBytes = t } else if let b = cat.legalBasesFile { basesBytes = try FileInput.readBytes(path: b, displayName: b) }
            confBytes = try FileInput.readBytes(path: ws.file(Workspace.conferenceFile), displayName: ws.file(Workspace.conferenceFile))
            estBytes = try FileInput.readBytes(path: ws.file(Workspace.estimateFile), displayName: ws.file(Workspace.estimateFile))
        } catch { throw .input(error) }
        let text: String
        do {
            text = try document(appraisal: appraisal, decisionNumber: decisionNumber, decisionDate: decisionDate,
                                defaultPolicy: defaultPolicy, linePolicies: linePolicies, approvedAt: settings.now,
                                normsFile: relativeName(cat.normsFile, to: ws), normsCSV: normsBytes,
                                budgetCodesFile: relativeName(cat.budgetCodesFile, to: ws), budgetCodesCSV: codesBytes,
                                conferenceCSV: confBytes, estimateCSV: estBytes, amounts: amounts, notice: notice,
                                legalBasesFile: cat.legalBasesFile.map { relativeName($0, to: ws) }, legalBasesCSV: basesBytes)
        } catch { throw .input(error) }
        try Journal.checkFiles(ws)
        let lock = try WorkspaceLock.acquire(folder: ws.path, exclusive: true, timeout: settings.lockTimeout)
        defer { lock.release() }
        let path = ws.file(fileName)
        if IO.exists(path) { throw .alreadyApproved(path: path) }
        if let size = try IO.size(ws.file(Journal.fileName)), size > 0 {
            throw .input(InputError(SourceLocation(file: ws.file(Journal.fileName)), .inconsistent(Bilingual(
                vi: "đã có nhật ký chi mà không có approved.json: không duyệt lại trên nhật ký cũ",
                en: "a spending journal exists without approved.json: refusing to approve over it"))))
        }
        let bytes = Array(text.utf8)
        // The witness learns the approval first (its SHA-256 is the workspace's identity): an approval is
        // never on disk without it. (An entry for a write that then fails names an approval that never
        // existed, which verify never looks for.)
        if let log = try WitnessLog.open(settings.witness, workspace: ws.path) {
            let genesis = SHA256.hash(bytes).hex
            try log.append(log.entry(genesis: genesis, .approved, from: 0, to: 0, head: genesis, now: settings.now))
        }
        try IO.writeAtomically(bytes, to: path)
        do { return try load(ws) } catch { throw .input(error) }
    }

    static func relativeName(_ path: String, to ws: Workspace) -> String {
        let prefix = ws.path.hasSuffix("/") ? ws.path : ws.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    // MARK: Loading

    private struct FileJSON: Decodable {
        struct Conf: Decodable { let name: String; let organiser: String; let event_date: String; let fiscal_year: Int; let adjustment_period_end: String }
        struct Appr: Decodable { let requested: Int64; let appraised: Int64; let errors: Int; let warnings: Int; let appraiser: String?; let notice: String?; let notice_date: String? }
        struct Line: Decodable { let code: String; let section: String; let description: String; let kind: String; let budget_code: String; let requested: Int64; let approved: Int64; let policy: String; let appraised: Int64? }
        struct Amounts: Decodable { let file: String; let sha256: String }
        struct Sources: Decodable { let conference_sha256: String; let estimate_sha256: String }
        struct Cat: Decodable {
            let norms_file: String; let norms_sha256: String; let budget_codes_file: String; let budget_codes_sha256: String; let norms_csv: String; let budget_codes_csv: String
            let legal_bases_file: String?; let legal_bases_sha256: String?; let legal_bases_csv: String?
        }
        let format: String; let version: Int; let decision_number: String; let decision_date: String; let approved_at: String
        let conference: Conf; let appraisal: Appr; let lines: [Line]; let total: Int64; let sources: Sources; let catalogue: Cat
        let decision_amounts: Amounts?; let above_appraised: [String]?
    }

    /// Reads <workspace>/approved.json. Every inconsistency (unknown kind or policy, amounts that do not add
    /// up, a catalogue snapshot whose SHA-256 does not match) is an InputError naming the field.
    public static func load(_ ws: Workspace, snapshots: CatalogueSnapshotCache? = nil) throws(InputError) -> ApprovedBudget {
        let path = ws.file(fileName)
        let bytes = try FileInput.readBytes(path: path, displayName: path)
        return try parse(bytes, file: path, snapshots: snapshots)
    }

    /// `snapshots`: catalogues already rebuilt from a snapshot by this process (`kinhphi report` reads many
    /// approvals, most made with the same catalogue): reused when the snapshot's bytes are the same.
    public static func parse(_ bytes: [UInt8], file: String, snapshots: CatalogueSnapshotCache? = nil) throws(InputError) -> ApprovedBudget {
        func bad(_ field: String, vi: String, en: String) -> InputError {
            InputError(SourceLocation(file: file, field: field), .inconsistent(Bilingual(vi: vi, en: en)))
        }
        let f: FileJSON
        do { f = try JSONDecoder().decode(FileJSON.self, from: Data(bytes)) } catch {
            throw bad("", vi: "không đọc được approved.json (JSON sai hoặc thiếu trường): \(error)",
                      en: "approved.json cannot be read (invalid JSON or a missing field): \(error)")
        }
        guard f.format == formatName, f.version == formatVersion else {
            throw bad("format", vi: "không phải approved.json phiên bản \(formatVersion)", en: "not an approved.json of version \(formatVersion)")
        }
        func date(_ field: String, _ s: String) throws(InputError) -> CivilDate {
            guard let d = CivilDate.parse(s) else { throw InputError(SourceLocation(file: file, field: field), .badDate(text: s)) }
            return d
        }
        func money(_ field: String, _ v: Int64) throws(InputError) -> Money {
            do { return try Money(dong: v) } catch { throw InputError(SourceLocation(file: file, field: field), .badMoney(error)) }
        }
        func digest(_ field: String, _ s: String) throws(InputError) -> SHA256Digest {
            guard let d = SHA256Digest(hex: s) else { throw bad(field, vi: "không phải SHA-256 (64 chữ số hex)", en: "not a SHA-256 (64 hex digits)") }
            return d
        }
        guard let approvedAt = Timestamp.parse(f.approved_at) else {
            throw InputError(SourceLocation(file: file, field: "approved_at"), .badDate(text: f.approved_at))
        }
        var lines: [ApprovedLine] = []
        var index: [String: Int] = [:]
        var total = Money.zero, requested = Money.zero
        for l in f.lines {
            let field = "lines[\(l.code)]"
            guard let kind = ItemKind.byID[l.kind] else { throw InputError(SourceLocation(file: file, field: field), .badValue(text: l.kind, expected: ItemKind.expected)) }
            guard let policy = OverBudgetPolicy(rawValue: l.policy) else {
                throw InputError(SourceLocation(file: file, field: field), .badValue(text: l.policy, expected: OverBudgetPolicy.expected))
            }
            guard index[l.code] == nil, !l.code.isEmpty else {
                throw InputError(SourceLocation(file: file, field: field), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: l.code, firstLine: nil))
            }
            let approved = try money(field, l.approved), req = try money(field, l.requested)
            let appraised = try l.appraised.map { (v) throws(InputError) in try money(field, v) } ?? approved
            guard !approved.isNegative, !req.isNegative, !appraised.isNegative else { throw bad(field, vi: "số tiền âm", en: "negative amount") }
            index[l.code] = lines.count
            lines.append(ApprovedLine(code: l.code, section: l.section, description: l.description, kind: kind,
                                      budgetCode: l.budget_code, requested: req, approved: approved, policy: policy, appraised: appraised))
            do { total = try total + approved; requested = try requested + req } catch {
                throw InputError(SourceLocation(file: file, field: field), .badMoney(error))
            }
        }
        guard !lines.isEmpty else { throw bad("lines", vi: "không có dòng nào", en: "no lines") }
        guard total.dong == f.total else {
            throw bad("total", vi: "tổng \(f.total) khác tổng các dòng \(total.dong)", en: "total \(f.total) differs from the lines' sum \(total.dong)")
        }
        // The lines said to be above the appraised amount are exactly those whose approved amount is above it.
        let above = lines.filter(\.isAboveAppraised).map(\.code)
        guard (f.above_appraised ?? []) == above else {
            throw bad("above_appraised", vi: "danh sách dòng duyệt cao hơn số thẩm định không khớp các dòng", en: "the list of lines approved above the appraisal does not match the lines")
        }
        var notice: AppraisalNotice? = nil
        if let who = f.appraisal.appraiser {
            notice = AppraisalNotice(number: f.appraisal.notice ?? "", date: try f.appraisal.notice_date.map { (s) throws(InputError) in try date("appraisal.notice_date", s) }, appraiser: who)
        }
        let decisionAmounts = try f.decision_amounts.map { (a) throws(InputError) in
            DecisionAmountsSource(file: a.file, sha256: try digest("decision_amounts.sha256", a.sha256))
        }
        let normsBytes = Array(f.catalogue.norms_csv.utf8), codesBytes = Array(f.catalogue.budget_codes_csv.utf8)
        let normsHash = try digest("catalogue.norms_sha256", f.catalogue.norms_sha256)
        let codesHash = try digest("catalogue.budget_codes_sha256", f.catalogue.budget_codes_sha256)
        let normsName = file + " (catalogue.norms_csv)", codesName = file + " (catalogue.budget_codes_csv)"
        // The legal-basis table, when the approval has one (all three keys, its hash checked like the others;
        // issue 14: the recording checks cite the law in force on the voucher date).
        var basesBytes: [UInt8] = []
        var basesHash: SHA256Digest? = nil
        let basesName = file + " (catalogue.legal_bases_csv)"
        if f.catalogue.legal_bases_csv != nil || f.catalogue.legal_bases_sha256 != nil || f.catalogue.legal_bases_file != nil {
            guard let text = f.catalogue.legal_bases_csv, let hex = f.catalogue.legal_bases_sha256, f.catalogue.legal_bases_file != nil else {
                throw bad("catalogue.legal_bases_csv", vi: "bản chụp căn cứ pháp lý thiếu tệp, nội dung hoặc SHA-256", en: "the legal-basis snapshot lacks its file, text or SHA-256")
            }
            let h = try digest("catalogue.legal_bases_sha256", hex)
            basesBytes = Array(text.utf8)
            guard SHA256.hash(basesBytes) == h else {
                throw bad("catalogue.legal_bases_csv", vi: "bản chụp căn cứ pháp lý không khớp SHA-256 đã ghi (bị sửa?)", en: "the legal-basis snapshot does not match its recorded SHA-256 (edited?)")
            }
            basesHash = h
        }
        let catalogue: Catalogue
        if let known = snapshots?.catalogue(norms: normsBytes, normsHash: normsHash, codes: codesBytes, codesHash: codesHash, bases: basesBytes) {
            // The same bytes, already checked against the same recorded hashes and rebuilt.
            catalogue = known
        } else {
            guard SHA256.hash(normsBytes) == normsHash else {
                throw bad("catalogue.norms_csv", vi: "bản chụp định mức không khớp SHA-256 đã ghi (bị sửa?)", en: "the norms snapshot does not match its recorded SHA-256 (edited?)")
            }
            guard SHA256.hash(codesBytes) == codesHash else {
                throw bad("catalogue.budget_codes_csv", vi: "bản chụp mục lục không khớp SHA-256 đã ghi (bị sửa?)", en: "the budget-code snapshot does not match its recorded SHA-256 (edited?)")
            }
            let normsTable = try CSVTable(records: CSVReader.parse(normsBytes, file: normsName), file: normsName, required: ["id", "kind", "ceiling", "effective_from", "status"])
            let codesTable = try CSVTable(records: CSVReader.parse(codesBytes, file: codesName), file: codesName, required: ["code", "group", "kinds", "status"])
            var bases: [LegalBasis] = []
            if basesHash != nil {
                let table = try CSVTable(records: CSVReader.parse(basesBytes, file: basesName), file: basesName, required: ["id", "text", "effective_from", "status"])
                bases = try CatalogueLoader.legalBases(table)
            }
            catalogue = try Catalogue(norms: CatalogueLoader.norms(normsTable), budgetCodes: CatalogueLoader.budgetCodes(codesTable),
                                      normsFile: normsName, budgetCodesFile: codesName, legalBases: bases,
                                      legalBasesFile: basesHash == nil ? nil : basesName)
            snapshots?.keep(catalogue, norms: normsBytes, normsHash: normsHash, codes: codesBytes, codesHash: codesHash, bases: basesBytes)
        }
        return ApprovedBudget(
            decisionNumber: f.decision_number, decisionDate: try date("decision_date", f.decision_date), approvedAt: approvedAt,
            conferenceName: f.conference.name, organiser: f.conference.organiser,
            eventDate: try date("conference.event_date", f.conference.event_date), fiscalYear: f.conference.fiscal_year,
            adjustmentPeriodEnd: try date("conference.adjustment_period_end", f.conference.adjustment_period_end),
            lines: lines, total: total, requestedTotal: requested,
            appraisalErrors: f.appraisal.errors, appraisalWarnings: f.appraisal.warnings,
            catalogue: catalogue,
            catalogueSnapshot: CatalogueSnapshot(normsFile: f.catalogue.norms_file, normsCSV: f.catalogue.norms_csv, normsSHA256: normsHash,
                                                 budgetCodesFile: f.catalogue.budget_codes_file, budgetCodesCSV: f.catalogue.budget_codes_csv,
                                                 budgetCodesSHA256: codesHash, legalBasesFile: f.catalogue.legal_bases_file,
                                                 legalBasesCSV: f.catalogue.legal_bases_csv, legalBasesSHA256: basesHash),
            conferenceSHA256: try digest("sources.conference_sha256", f.sources.conference_sha256),
            estimateSHA256: try digest("sources.estimate_sha256", f.sources.estimate_sha256),
            appraisalNotice: notice, decisionAmounts: decisionAmounts,
            fileSHA256: SHA256.hash(bytes), indexByCode: index)
    }
}

/// A tiny JSON writer with a fixed key order (approved.json, status --format json).
struct JSONText {
    var text = ""

    mutating func raw(_ s: String) { text += s }

    mutating func key(_ k: String, indent: Int = 0) {
        text += String(repeating: " ", count: indent)
        text += "\"" + k + "\": "
    }

    mutating func field(_ k: String, _ value: String, indent: Int = 0) {
        key(k, indent: indent)
        text += JSONText.quoted(value)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// Catalogues rebuilt from approval snapshots, kept by a process that reads many approvals (`kinhphi
/// report`): a snapshot whose bytes and recorded SHA-256 are those of one already checked and rebuilt gives
/// the same catalogue, so it is neither hashed nor parsed again. Invalidated by content: compared on the
/// bytes themselves and both recorded hashes, never on the hashes alone, and kept only for the life of the
/// object (nothing on disk, nothing timed). A catalogue found here names, in its norms' source locations, the
/// approval it was first rebuilt from: only errors found while rebuilding would print them, and a snapshot
/// found here has none. Thread-safe; holds a few catalogues (a department uses one or two versions a year).
public final class CatalogueSnapshotCache: @unchecked Sendable {
    private struct Entry {
        let norms: [UInt8], normsHash: SHA256Digest, codes: [UInt8], codesHash: SHA256Digest
        /// The legal-basis table's bytes (issue 14; empty when the approval has none), checked before lookup.
        let bases: [UInt8]
        let catalogue: Catalogue
    }
    private let lock = NSLock()
    private var entries: [Entry] = []
    /// At most this many kept (the first ones met).
    public let capacity: Int

    public init(capacity: Int = 16) { self.capacity = capacity }

    /// Catalogues kept.
    public var count: Int { lock.lock(); defer { lock.unlock() }; return entries.count }

    func catalogue(norms: [UInt8], normsHash: SHA256Digest, codes: [UInt8], codesHash: SHA256Digest, bases: [UInt8] = []) -> Catalogue? {
        lock.lock(); defer { lock.unlock() }
        for e in entries where e.normsHash == normsHash && e.codesHash == codesHash && e.norms == norms && e.codes == codes && e.bases == bases {
            return e.catalogue
        }
        return nil
    }

    func keep(_ c: Catalogue, norms: [UInt8], normsHash: SHA256Digest, codes: [UInt8], codesHash: SHA256Digest, bases: [UInt8] = []) {
        lock.lock(); defer { lock.unlock() }
        guard entries.count < capacity else { return }
        entries.append(Entry(norms: norms, normsHash: normsHash, codes: codes, codesHash: codesHash, bases: bases, catalogue: c))
    }
}
