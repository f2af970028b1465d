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
    public static func render(_ ledger: Ledger, asOf: CivilDate, format: ReportFormat, lang: Language) -> String {
        switch format {
        case .text: return text(ledger, asOf: asOf, lang: lang)
        case .csv: return csv(ledger, lang: lang)
        case .json: return json(ledger, asOf: asOf)
        }
    }

    // MARK: text

    static let wCode = 6, wDesc = 34, wMoney = 14, wPct = 8

    static func pct(_ q: Quantity?, _ lang: Language) -> String { TextLayout.percent(q, lang) }

    static func row(_ code: String, _ desc: String, _ a: Money, _ p: Money, _ adv: Money, _ rem: Money, _ q: Quantity?, _ lang: Language) -> String {
        TextLayout.pad(code, wCode) + " " + TextLayout.pad(desc, wDesc) + " "
            + [a, p, adv, rem].map { TextLayout.padLeft(TextLayout.money($0, lang), wMoney) }.joined(separator: " ")
            + " " + TextLayout.padLeft(pct(q, lang), wPct)
    }

    public static func text(_ ledger: Ledger, asOf: CivilDate, lang: Language) -> String {
        let vi = lang == .vi
        let b = ledger.budget
        let width = wCode + 1 + wDesc + 4 * (1 + wMoney) + 1 + wPct
        var out: [String] = []
        out.append(b.organiser.uppercased())
        out.append(vi ? "TÌNH HÌNH THỰC HIỆN DỰ TOÁN KINH PHÍ" : "BUDGET EXECUTION STATUS")
        out.append(b.conferenceName)
        out.append(vi ? "Dự toán được duyệt: Quyết định số \(b.decisionNumber) ngày \(b.decisionDate) · Tính đến ngày \(asOf)"
                      : "Approved budget: decision no. \(b.decisionNumber) of \(b.decisionDate) · As of \(asOf)")
        out.append(vi ? "Nhật ký: \(ledger.recordCount) bản ghi, \(ledger.voucherCount) chứng từ có hiệu lực · hash cuối \(String(ledger.lastHash.hex.prefix(16)))…"
                      : "Journal: \(ledger.recordCount) records, \(ledger.voucherCount) effective vouchers · last hash \(String(ledger.lastHash.hex.prefix(16)))…")
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out.append("")
        out.append(TextLayout.pad(vi ? "Mã" : "Line", wCode) + " " + TextLayout.pad(vi ? "Nội dung chi" : "Item", wDesc) + " "
                   + (vi ? ["Được duyệt", "Đã chi", "Tạm ứng chưa TT", "Còn lại"] : ["Approved", "Paid", "Advanced, open", "Remaining"])
                       .map { TextLayout.padLeft($0, wMoney) }.joined(separator: " ")
                   + " " + TextLayout.padLeft(vi ? "% dùng" : "% used", wPct))
        out.append(TextLayout.rule(width, "="))
        var section: String? = nil
        for l in ledger.lines {
            if l.line.section != section {
                section = l.line.section
                out.append(l.line.section)
            }
            let desc = TextLayout.wrap(l.line.description, wDesc)
            out.append(row(l.code, desc[0], l.approved, l.paid, l.advancedOutstanding, l.remaining, l.usedPercent, lang))
            for more in desc.dropFirst() { out.append(String(repeating: " ", count: wCode + 1) + more) }
        }
        out.append(TextLayout.rule(width))
        out.append(row("", vi ? "TỔNG CỘNG" : "TOTAL", ledger.approved, ledger.paid, ledger.advancedOutstanding, ledger.remaining, ledger.usedPercent, lang))
        out.append(TextLayout.rule(width, "="))
        out.append((vi ? "Còn lại bằng chữ: " : "Remaining, in words: ") + TextLayout.inWords(ledger.remaining, lang))
        if !ledger.openAdvances.isEmpty {
            out.append("")
            out.append(vi ? "Tạm ứng chưa thanh toán (\(ledger.openAdvances.count)):" : "Advances not yet cleared (\(ledger.openAdvances.count)):")
            for a in ledger.openAdvances.prefix(listLimit) {
                let no = a.voucherNumber ?? "#\(a.seq)"
                let due = a.deadline.map { (vi ? "hạn thanh toán " : "clear by ") + $0.description + (a.isOverdue(asOf: asOf) ? (vi ? " (QUÁ HẠN)" : " (OVERDUE)") : "") }
                    ?? (vi ? "theo hợp đồng \(a.contractNumber ?? "")" : "under contract \(a.contractNumber ?? "")")
                out.append("  \(no) (" + (vi ? "bản ghi" : "record") + " \(a.seq)) \(a.date) · \(a.payee) · "
                           + (vi ? "dòng " : "line ") + a.lineCode + " · " + TextLayout.money(a.amount, lang) + " · " + due)
            }
            if ledger.openAdvances.count > listLimit { out.append(more(ledger.openAdvances.count - listLimit, lang)) }
        }
        let findings = ledger.findings(asOf: asOf)
        if !findings.isEmpty {
            out.append("")
            out.append(vi ? "Cảnh báo (\(findings.count)):" : "Warnings (\(findings.count)):")
            for f in findings.prefix(listLimit) { out += JournalText.findingLines(f, lang, indent: 2) }
            if findings.count > listLimit { out.append(more(findings.count - listLimit, lang)) }
        }
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
    struct JStatus: Encodable {
        let conference: String; let decision_number: String; let decision_date: String; let as_of: String
        let records: Int; let vouchers: Int; let last_hash: String
        let approved: Int64; let paid: Int64; let advanced_not_cleared: Int64; let remaining: Int64; let used_pct: String?
        let lines: [JLine]; let open_advances: [JAdvance]; let warnings: [JFinding]
    }

    public static func json(_ ledger: Ledger, asOf: CivilDate) -> String {
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
            warnings: ledger.findings(asOf: asOf).map { f in
                JFinding(rule: f.ruleID, severity: f.severity.rawValue, line: f.lineCode, message_vi: f.text(.vi), message_en: f.text(.en),
                         basis: f.basis, provisional: f.provisional) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(s)) ?? Data(), as: UTF8.self) + "\n"
    }
}

/// Shared wording for journal command output (record, import, reverse, verify, repair).
public enum JournalText {
    /// "[lỗi] REC-CASH-LIMIT: … / Căn cứ: …", wrapped.
    public static func findingLines(_ f: Finding, _ lang: Language, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let head = "[\(f.severity.label.text(lang))] \(f.ruleID)" + (f.lineCode.map { lang == .vi ? " (dòng \($0))" : " (line \($0))" } ?? "") + ": "
        let body = TextLayout.wrap(head + f.text(lang), max(40, 100 - indent))
        let basis = (lang == .vi ? "Căn cứ: " : "Basis: ") + f.basis
        return body.map { pad + $0 } + TextLayout.wrap(basis, max(40, 96 - indent)).map { pad + "    " + $0 }
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
        case .reversal(let of, let reason):
            return "\(r.seq): " + (vi ? "đảo bản ghi \(of) — \(reason)" : "reversal of record \(of) — \(reason)")
        }
    }
}
