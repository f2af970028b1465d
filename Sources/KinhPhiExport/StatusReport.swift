import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiAppraisal
import KinhPhiJournal

// `kinhphi status`: where each approved line stands — approved, paid, advanced and not yet cleared,
// remaining, % used — with the open advances and the warnings (overdue advances, lines over their approved
// amount). Text (Vietnamese by default, English), CSV (UTF-8 with BOM, CRLF, plain integers, percentages
// with a dot) and JSON (fixed key order, amounts as integers).

public enum StatusReport {
    /// `sources`: conference.csv / estimate.csv differing from the approval (SourceWatch), listed with the
    /// warnings.
    public static func render(_ ledger: Ledger, asOf: CivilDate, format: ReportFormat, lang: Language,
                              width: Int = TextLayout.defaultWidth, sources: [SourceChange] = []) -> String {
        switch format {
        case .text: return text(ledger, asOf: asOf, lang: lang, width: width, sources: sources)
        case .csv: return csv(ledger, lang: lang)
        case .json: return json(ledger, asOf: asOf, sources: sources)
        }
    }

    /// The warnings: the ledger's, then the changed sources.
    static func warnings(_ ledger: Ledger, asOf: CivilDate, sources: [SourceChange]) -> [Finding] {
        ledger.findings(asOf: asOf) + sources.map(\.finding)
    }

    /// "Dự toán được duyệt: Quyết định số … ngày …", and each adjustment in force on the day.
    public static func approvalText(_ ledger: Ledger, lang: Language) -> String {
        let vi = lang == .vi
        let b = ledger.budget
        var text = vi ? "Dự toán được duyệt: Quyết định số \(b.decisionNumber) ngày \(b.decisionDate)"
                      : "Approved budget: decision no. \(b.decisionNumber) of \(b.decisionDate)"
        for v in ledger.versions where v.number > 1 {
            text += vi ? "; điều chỉnh lần \(v.number - 1): Quyết định số \(v.decisionNumber) ngày \(v.decisionDate)"
                       : "; adjustment \(v.number - 1): decision no. \(v.decisionNumber) of \(v.decisionDate)"
        }
        return text
    }

    // MARK: text

    static func pct(_ q: Quantity?, _ lang: Language) -> String { TextLayout.percent(q, lang) }

    /// Code, description (what is left of `width`, at least 16), four amounts as wide as the longest figure
    /// or header word, and the percentage.
    static func columns(_ ledger: Ledger, lang: Language, width: Int) -> [TextLayout.Column] {
        let vi = lang == .vi
        let figures = (ledger.lines.flatMap { [$0.approved, $0.paid, $0.advancedOutstanding, $0.remaining] }
                       + [ledger.approved, ledger.paid, ledger.advancedOutstanding, ledger.remaining]).map { TextLayout.money($0, lang) }
        let money = TextLayout.columnWidth(figures, header: vi ? "Được duyệt" : "Remaining")
        let code = TextLayout.columnWidth(ledger.lines.map(\.code), header: vi ? "Mã" : "Line", minimum: 3)
        let percent = TextLayout.columnWidth((ledger.lines.map(\.usedPercent) + [ledger.usedPercent]).map { pct($0, lang) },
                                            header: vi ? "% dùng" : "% used", minimum: 6)
        let w = TextLayout.fit([code, nil, money, money, money, money, percent], total: width, minimum: 16)
        return [.init(w[0]), .init(w[1])] + w[2...].map { TextLayout.Column($0, .right) }
    }

    static func row(_ code: String, _ desc: String, _ a: Money, _ p: Money, _ adv: Money, _ rem: Money, _ q: Quantity?,
                    _ lang: Language, _ cols: [TextLayout.Column]) -> [String] {
        TextLayout.row([code, desc] + [a, p, adv, rem].map { TextLayout.money($0, lang) } + [pct(q, lang)], cols)
    }

    public static func text(_ ledger: Ledger, asOf: CivilDate, lang: Language, width asked: Int = TextLayout.defaultWidth,
                            sources: [SourceChange] = []) -> String {
        let vi = lang == .vi
        let b = ledger.budget
        let cols = columns(ledger, lang: lang, width: asked)
        let width = TextLayout.tableWidth(cols)
        var out: [String] = []
        out.append(b.organiser.uppercased())
        out.append(vi ? "TÌNH HÌNH THỰC HIỆN DỰ TOÁN KINH PHÍ" : "BUDGET EXECUTION STATUS")
        out.append(b.conferenceName)
        out.append(approvalText(ledger, lang: lang) + (vi ? " · Tính đến ngày \(asOf)" : " · As of \(asOf)"))
        out.append(vi ? "Nhật ký: \(ledger.recordCount) bản ghi, \(ledger.voucherCount) chứng từ có hiệu lực · hash cuối \(String(ledger.lastHash.hex.prefix(16)))…"
                      : "Journal: \(ledger.recordCount) records, \(ledger.voucherCount) effective vouchers · last hash \(String(ledger.lastHash.hex.prefix(16)))…")
        if ledger.leftOut > 0 {
            out.append(vi ? "Không tính \(ledger.leftOut) chứng từ ghi ngày sau \(asOf)." : "\(ledger.leftOut) vouchers dated after \(asOf) are left out.")
        }
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out = TextLayout.fitLines(out, width: max(asked, width))
        out += TextLayout.wideNote(width, asked: asked, lang)
        out.append("")
        out += TextLayout.row(vi ? ["Mã", "Nội dung chi", "Được duyệt", "Đã chi", "Tạm ứng chưa TT", "Còn lại", "% dùng"]
                                 : ["Line", "Item", "Approved", "Paid", "Advanced, open", "Remaining", "% used"], cols)
        out.append(TextLayout.rule(width, "="))
        var section: String? = nil
        for l in ledger.lines {
            if l.line.section != section {
                section = l.line.section
                out += TextLayout.indented(l.line.section, indent: 0, width: width)
            }
            out += row(l.code, l.line.description, l.approved, l.paid, l.advancedOutstanding, l.remaining, l.usedPercent, lang, cols)
        }
        out.append(TextLayout.rule(width))
        out += row("", vi ? "TỔNG CỘNG" : "TOTAL", ledger.approved, ledger.paid, ledger.advancedOutstanding, ledger.remaining, ledger.usedPercent, lang, cols)
        out.append(TextLayout.rule(width, "="))
        var tail: [String] = []
        tail.append((vi ? "Còn lại bằng chữ: " : "Remaining, in words: ") + TextLayout.inWords(ledger.remaining, lang))
        if !ledger.openAdvances.isEmpty {
            tail.append("")
            tail.append(vi ? "Tạm ứng chưa thanh toán (\(ledger.openAdvances.count)):" : "Advances not yet cleared (\(ledger.openAdvances.count)):")
            for a in ledger.openAdvances.prefix(listLimit) {
                let no = a.voucherNumber ?? "#\(a.seq)"
                let due = a.deadline.map { (vi ? "hạn thanh toán " : "clear by ") + $0.description + (a.isOverdue(asOf: asOf) ? (vi ? " (QUÁ HẠN)" : " (OVERDUE)") : "") }
                    ?? (vi ? "theo hợp đồng \(a.contractNumber ?? "")" : "under contract \(a.contractNumber ?? "")")
                tail.append("  \(no) (" + (vi ? "bản ghi" : "record") + " \(a.seq)) \(a.date) · \(a.payee) · "
                            + (vi ? "dòng " : "line ") + a.lineCode + " · " + TextLayout.money(a.amount, lang) + " · " + due)
            }
            if ledger.openAdvances.count > listLimit { tail.append(more(ledger.openAdvances.count - listLimit, lang)) }
        }
        let findings = warnings(ledger, asOf: asOf, sources: sources)
        if !findings.isEmpty {
            tail.append("")
            tail.append(vi ? "Cảnh báo (\(findings.count)):" : "Warnings (\(findings.count)):")
            for f in findings.prefix(listLimit) { tail += JournalText.findingLines(f, lang, indent: 2, width: width) }
            if findings.count > listLimit { tail.append(more(findings.count - listLimit, lang)) }
        }
        out += TextLayout.fitLines(tail, width: width)
        return out.joined(separator: "\n") + "\n"
    }

    /// The text report lists at most this many open advances and warnings (the JSON lists all).
    public static let listLimit = 200

    static func more(_ n: Int, _ lang: Language) -> String {
        lang == .vi ? "  … và \(n) mục khác (--format json liệt kê đầy đủ)" : "  … and \(n) more (--format json lists them all)"
    }

    // MARK: csv

    public static let csvKeys = ["section", "line", "description", "budget_code", "approved", "paid", "advanced_not_cleared",
                                 "remaining", "used_pct", "vouchers", "policy"]

    public static func csv(_ ledger: Ledger, lang: Language) -> String {
        var w = CSVWriter()
        w.textRow(lang == .vi
            ? ["Mục", "Mã dòng", "Nội dung chi", "Mã mục lục", "Được duyệt", "Đã chi", "Tạm ứng chưa thanh toán", "Còn lại", "% sử dụng", "Số chứng từ", "Xử lý vượt dự toán"]
            : csvKeys)
        func p(_ q: Quantity?) -> CSVCell { q.map { .number(VietnameseNumberFormat.percent($0, decimal: ".")) } ?? .text("") }
        for l in ledger.lines {
            w.row([.text(l.line.section), .text(l.code), .text(l.line.description), .text(l.line.budgetCode), .money(l.approved),
                   .money(l.paid), .money(l.advancedOutstanding), .money(l.remaining), p(l.usedPercent), .int(l.voucherCount),
                   .text(l.line.policy.rawValue)])
        }
        w.row([.text(""), .text(lang == .vi ? "TỔNG CỘNG" : "TOTAL"), .text(""), .text(""), .money(ledger.approved), .money(ledger.paid),
               .money(ledger.advancedOutstanding), .money(ledger.remaining), p(ledger.usedPercent), .int(ledger.voucherCount), .text("")])
        return w.output
    }

    // MARK: json

    struct JLine: Encodable {
        let line: String; let section: String; let description: String; let budget_code: String; let policy: String
        let approved: Int64; let paid: Int64; let advanced_not_cleared: Int64; let remaining: Int64; let used_pct: String?; let vouchers: Int
    }
    struct JAdvance: Encodable {
        let seq: Int; let voucher_no: String?; let date: String; let line: String; let payee: String; let amount: Int64
        let contract_no: String?; let deadline: String?; let overdue: Bool
    }
    struct JFinding: Encodable {
        let rule: String; let severity: String; let line: String?; let message_vi: String; let message_en: String; let basis: String; let provisional: Bool
    }
    struct JAdjustment: Encodable {
        let version: Int; let decision_number: String; let decision_date: String; let file: String; let sha256: String; let record: Int?
        let reason: String?
    }
    struct JStatus: Encodable {
        let conference: String; let decision_number: String; let decision_date: String; let as_of: String
        let records: Int; let vouchers: Int; let last_hash: String
        let approved: Int64; let paid: Int64; let advanced_not_cleared: Int64; let remaining: Int64; let used_pct: String?
        let lines: [JLine]; let open_advances: [JAdvance]; let warnings: [JFinding]
        /// Only when the budget was adjusted / vouchers were left out (absent otherwise).
        let adjustments: [JAdjustment]?; let left_out: Int?
    }

    public static func json(_ ledger: Ledger, asOf: CivilDate, sources: [SourceChange] = []) -> String {
        func p(_ q: Quantity?) -> String? { q.map { VietnameseNumberFormat.percent($0, decimal: ".") } }
        let b = ledger.budget
        let s = JStatus(
            conference: b.conferenceName, decision_number: b.decisionNumber, decision_date: b.decisionDate.iso, as_of: asOf.iso,
            records: ledger.recordCount, vouchers: ledger.voucherCount, last_hash: ledger.lastHash.hex,
            approved: ledger.approved.dong, paid: ledger.paid.dong, advanced_not_cleared: ledger.advancedOutstanding.dong,
            remaining: ledger.remaining.dong, used_pct: p(ledger.usedPercent),
            lines: ledger.lines.map { l in
                JLine(line: l.code, section: l.line.section, description: l.line.description, budget_code: l.line.budgetCode,
                      policy: l.line.policy.rawValue, approved: l.approved.dong, paid: l.paid.dong,
                      advanced_not_cleared: l.advancedOutstanding.dong, remaining: l.remaining.dong, used_pct: p(l.usedPercent),
                      vouchers: l.voucherCount) },
            open_advances: ledger.openAdvances.map { a in
                JAdvance(seq: a.seq, voucher_no: a.voucherNumber, date: a.date.iso, line: a.lineCode, payee: a.payee,
                         amount: a.amount.dong, contract_no: a.contractNumber, deadline: a.deadline?.iso, overdue: a.isOverdue(asOf: asOf)) },
            warnings: warnings(ledger, asOf: asOf, sources: sources).map { f in
                JFinding(rule: f.ruleID, severity: f.severity.rawValue, line: f.lineCode, message_vi: f.text(.vi), message_en: f.text(.en),
                         basis: f.basis, provisional: f.provisional) },
            adjustments: ledger.versions.count > 1 ? ledger.versions.dropFirst().map { v in
                JAdjustment(version: v.number, decision_number: v.decisionNumber, decision_date: v.decisionDate.iso, file: v.file,
                            sha256: v.sha256.hex, record: v.seq, reason: v.reason) } : nil,
            left_out: ledger.leftOut > 0 ? ledger.leftOut : nil)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(s)) ?? Data(), as: UTF8.self) + "\n"
    }
}

/// Shared wording for journal command output (record, import, reverse, verify, repair).
public enum JournalText {
    /// "[lỗi] REC-CASH-LIMIT: … / Căn cứ: …", wrapped.
    /// `width` is the whole line's: 100 for the journal commands' messages, the report's width in `status`.
    public static func findingLines(_ f: Finding, _ lang: Language, indent: Int, width: Int = 100) -> [String] {
        let head = "[\(f.severity.label.text(lang))] \(f.ruleID)" + (f.lineCode.map { lang == .vi ? " (dòng \($0))" : " (line \($0))" } ?? "") + ": "
        let basis = (lang == .vi ? "Căn cứ: " : "Basis: ") + f.basis
        return TextLayout.indented(head + f.text(lang), indent: indent, width: max(40 + indent, width))
            + TextLayout.indented(basis, indent: indent + 4, width: max(40 + indent, width))
    }

    /// One line per import problem: "spending.csv, dòng 5, cột "amount": …" or "…, dòng 7: [lỗi] REC-…: …".
    public static func importProblemLines(_ p: ImportProblem, file: String, _ lang: Language) -> [String] {
        let vi = lang == .vi
        var place = "\(file), " + (vi ? "dòng \(p.row)" : "line \(p.row)")
        if let c = p.column { place += vi ? ", cột \"\(c)\"" : ", column \"\(c)\"" }
        if p.isInputError { return ["  " + place + ": " + p.message.text(lang)] }
        var text = p.message.text(lang)
        if p.provisional { text += vi ? " (căn cứ định mức tạm tính, cần xác minh)" : " (rests on a provisional norm; to be verified)" }
        var lines = ["  " + place + ": [\(p.severity.label.text(lang))] \(p.ruleID ?? ""): " + text]
        if let b = p.basis { lines.append("      " + (vi ? "Căn cứ: " : "Basis: ") + b) }
        return lines
    }

    /// "thanh toán 3.000.000 đ, dòng 2.1, Nguyễn Văn An" — a record in one line.
    public static func describe(_ r: JournalRecord, _ lang: Language) -> String {
        let vi = lang == .vi
        switch r.body {
        case .voucher(let v):
            return "\(r.seq): \(v.kind.name.text(lang)) \(TextLayout.money(v.amount, lang)) đ, " + (vi ? "dòng " : "line ") + v.line
                + ", \(v.payee), \(v.date)" + (v.voucherNumber.map { ", \($0)" } ?? "")
                + (v.kind == .refund ? v.clears.map { vi ? " — thu hồi tạm ứng (bản ghi \($0))" : " — recovers the advance (record \($0))" } ?? "" : "")
        case .reversal(let of, let reason):
            return "\(r.seq): " + (vi ? "đảo bản ghi \(of) — \(reason)" : "reversal of record \(of) — \(reason)")
        case .adjustment(let a):
            return "\(r.seq): " + (vi ? "điều chỉnh dự toán: phiên bản \(a.version) từ ngày \(a.date)" : "budget adjustment: version \(a.version) from \(a.date)")
                + (a.reason.map { " — \($0)" } ?? "")
        }
    }
}
