import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// `kinhphi adjust`: an adjustment decision (quyết định điều chỉnh dự toán) puts a new approval version in
// force. Under the workspace lock: the journal is read, the decision's amounts are checked against it (a
// line is never lowered below what it has used — paid plus advances not cleared —, a line not yet approved
// is added with its description, kind and budget code, the decision is dated on or after the one in force
// and not after today nor after the adjustment period), the version's file approved-<n>.json is written
// atomically, and a journal record `kind=adjustment` naming n and the file's SHA-256 is appended durably,
// so that the chain covers the new version. docs/journal.md §Adjustments.

/// What `adjust` did.
public struct AdjustOutcome: Sendable {
    /// The version put in force (nil when refused).
    public let version: ApprovalVersion?
    /// The adjustment record written (nil when refused).
    public let record: JournalRecord?
    /// Why it was refused (errors), or notes.
    public let findings: [Finding]
    public var refused: Bool { findings.contains { $0.severity == .error } }
}

extension Journal {
    /// The article number is cited from memory (not found in the texts searched): docs/decisions.md.
    public static let adjustmentBasis = "Luật NSNN 2015 (83/2015/QH13) Điều 52 (điều chỉnh dự toán; số điều chưa xác minh); quyết định điều chỉnh của UBND Thành phố"

    /// The section of a line an adjustment adds without naming one.
    public static let addedLinesSection = "Nội dung bổ sung theo quyết định điều chỉnh"

    /// Puts a new approval version in force: the version in force with `amounts` applied (changed lines at
    /// their new amounts, new lines added at the end). Refused (findings, nothing written) when a line would
    /// fall below what it has used, when nothing changes, or when the date is before the decision in force,
    /// after today or after the adjustment period.
    public func adjust(decisionNumber: String, date: CivilDate, amounts: DecisionAmounts, reason: String?) throws(JournalError) -> AdjustOutcome {
        let number = String(NumberParser.trimSpaces(decisionNumber))
        guard !number.isEmpty else { throw .input(InputError(SourceLocation(file: "--decision"), .required)) }
        let why = reason.map { String(NumberParser.trimSpaces($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        let lock = try self.lock(exclusive: true)
        defer { lock.release() }
        let state = try loadState(withIndexes: false)
        let cur = state.current.version
        var findings: [Finding] = []
        func refuse(_ id: String, _ line: String?, vi: String, en: String) {
            findings.append(Finding(ruleID: id, severity: .error, lineCode: line, message: Bilingual(vi: vi, en: en), basis: Journal.adjustmentBasis))
        }
        let today = settings.today
        if date < cur.decisionDate {
            refuse("ADJ-DATE", nil, vi: "quyết định điều chỉnh ngày \(date) trước quyết định đang áp dụng (\(cur.decisionNumber) ngày \(cur.decisionDate))",
                   en: "the adjustment decision of \(date) is dated before the decision in force (\(cur.decisionNumber) of \(cur.decisionDate))")
        }
        if date > today {
            refuse("ADJ-DATE", nil, vi: "ngày quyết định \(date) sau hôm nay (\(today))", en: "the decision date \(date) is after today (\(today))")
        }
        if date > budget.adjustmentPeriodEnd {
            refuse("ADJ-DATE", nil, vi: "ngày quyết định \(date) sau thời gian chỉnh lý quyết toán (đến \(budget.adjustmentPeriodEnd)): dự toán năm \(budget.fiscalYear) không điều chỉnh nữa",
                   en: "the decision date \(date) is after the adjustment period (to \(budget.adjustmentPeriodEnd)): the \(budget.fiscalYear) budget can no longer be adjusted")
        }
        var lines = cur.lines
        var added: [ApprovedLine] = []
        var changed = 0
        for r in amounts.rows {
            if let i = lines.firstIndex(where: { $0.code == r.line }) {
                let old = lines[i]
                if r.amount == old.approved { continue }
                // Never below what the line has used: paid plus advances not yet cleared.
                if let si = state.lineIndex(of: r.line) {
                    let used = state.committed(si)
                    if r.amount.dong < used {
                        refuse("ADJ-BELOW-USED", r.line,
                               vi: "số điều chỉnh \(vnd(r.amount)) thấp hơn số đã dùng \(vnd(used)) (đã chi cộng tạm ứng chưa thanh toán; \(amounts.file), dòng \(r.row))",
                               en: "the adjusted \(eng(r.amount)) is below the \(eng(used)) already used (paid plus advances not cleared; \(amounts.file), line \(r.row))")
                        continue
                    }
                }
                lines[i] = old.with(approved: r.amount)
                changed += 1
            } else {
                // A line the decision adds: what it pays for must be said.
                func need(_ v: String?, _ column: String) throws(JournalError) -> String {
                    guard let v, !v.isEmpty else {
                        throw .input(InputError(SourceLocation(file: amounts.file, line: r.row, field: column), .inconsistent(Bilingual(
                            vi: "dòng \(r.line) chưa có trong dự toán được duyệt: để bổ sung dòng mới, ghi cả các cột description (nội dung chi), kind (loại chi) và budget_code (tiểu mục)",
                            en: "line \(r.line) is not in the approved budget: to add a line, give its description, kind and budget_code too"))))
                    }
                    return v
                }
                let description = try need(r.description, "description")
                guard let kind = r.kind else { _ = try need(nil, "kind"); continue }
                let code = try need(r.budgetCode, "budget_code")
                guard budget.catalogue.budgetCodes[code] != nil else {
                    throw .input(InputError(SourceLocation(file: amounts.file, line: r.row, field: "budget_code"),
                                            .unknownReference(kind: Bilingual(vi: "tiểu mục", en: "budget code"), id: code)))
                }
                added.append(ApprovedLine(code: r.line, section: r.section ?? Journal.addedLinesSection, description: description, kind: kind,
                                          budgetCode: code, requested: .zero, approved: r.amount, policy: r.policy ?? .stop, appraised: .zero))
                changed += 1
            }
        }
        if changed == 0 && findings.isEmpty {
            refuse("ADJ-NO-CHANGE", nil, vi: "\(amounts.file) không thay đổi dòng nào của dự toán đang áp dụng (phiên bản \(cur.number))",
                   en: "\(amounts.file) changes no line of the budget in force (version \(cur.number))")
        }
        if !findings.isEmpty { return AdjustOutcome(version: nil, record: nil, findings: findings) }
        lines += added
        // The sources as they are now: an estimate edited to match the decision is what `verify` watches from here.
        let sources: SourceDigests
        do {
            sources = SourceDigests(
                conference: SHA256.hash(try FileInput.readBytes(path: workspace.file(Workspace.conferenceFile), displayName: workspace.file(Workspace.conferenceFile))),
                estimate: SHA256.hash(try FileInput.readBytes(path: workspace.file(Workspace.estimateFile), displayName: workspace.file(Workspace.estimateFile))))
        } catch { throw .input(error) }
        let next = cur.number + 1
        let text: String
        do {
            text = try ApprovalVersion.document(number: next, previous: cur, decisionNumber: number, decisionDate: date, reason: why,
                                                lines: lines, amounts: amounts.source, sources: sources, madeAt: settings.now)
        } catch { throw .input(InputError(SourceLocation(file: amounts.file), .badMoney(error))) }
        let bytes = Array(text.utf8)
        // A file of this number not named by the journal is what an adjustment cut off before its record
        // left: it is replaced.
        try IO.writeAtomically(bytes, to: workspace.file(ApprovalVersion.fileName(next)))
        // Read again with the new file among the versions (still under the lock), then the record.
        let body = RecordBody.adjustment(ApprovalAdjustment(version: next, date: date, sha256: SHA256.hash(bytes), reason: why))
        let state2 = try loadState(withIndexes: false)
        let out = try appendLocked([body], state: state2)
        if out.refused { return AdjustOutcome(version: nil, record: nil, findings: out.findings) }
        return AdjustOutcome(version: state2.current.version, record: out.records.first, findings: out.findings)
    }
}
