import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiAppraisal

// The appraisal report (bảng thẩm định dự toán) in three formats. Layout pinned by golden files in
// Tests/KinhPhiCLITests/Golden. Columns follow the brief §2: Đơn vị đề nghị (requested), Thẩm định
// (appraised), Chênh lệch (appraised − requested; negative = cut), Lý do (rule ID, text, basis).

public enum ReportFormat: String, Sendable, CaseIterable {
    case text, csv, json
}

public enum AppraisalReport {
    public static func render(_ a: Appraisal, format: ReportFormat, lang: Language, width: Int = TextLayout.defaultWidth) -> String {
        switch format {
        case .text: return text(a, lang: lang, width: width)
        case .csv: return csv(a, lang: lang)
        case .json: return json(a)
        }
    }

    // MARK: text

    /// The table's columns for `width`: code, description (what is left, at least 16), budget code, and
    /// three amounts as wide as the longest figure.
    static func columns(_ a: Appraisal, lang: Language, width: Int) -> [TextLayout.Column] {
        let vi = lang == .vi
        let figures = (a.lines.flatMap { [$0.requested, $0.appraised, $0.difference] } + [a.requested, a.appraised, a.difference]
                       + a.sections.flatMap { [$0.requested, $0.appraised, $0.difference] }).map { TextLayout.money($0, lang) }
        let money = TextLayout.columnWidth(figures, header: vi ? "Chênh lệch" : "Difference")
        let code = TextLayout.columnWidth(a.lines.map(\.line.code), header: vi ? "Mã" : "Line", minimum: 3)
        let budget = TextLayout.columnWidth(a.lines.map(\.line.budgetCode), header: vi ? "Mục" : "Code", minimum: 4)
        let w = TextLayout.fit([code, nil, budget, money, money, money], total: width, minimum: 16)
        return [.init(w[0]), .init(w[1]), .init(w[2]), .init(w[3], .right), .init(w[4], .right), .init(w[5], .right)]
    }

    public static func text(_ a: Appraisal, lang: Language, width asked: Int = TextLayout.defaultWidth) -> String {
        let vi = lang == .vi
        let c = a.estimate.conference
        var out: [String] = []
        let cols = columns(a, lang: lang, width: asked)
        let width = TextLayout.tableWidth(cols)
        let wCode = cols[0].width
        // Columns merged for labels: code+description+budget code (totals), description+budget code (subtotals).
        let totalCols = [TextLayout.Column(cols[0].width + 1 + cols[1].width + 1 + cols[2].width)] + cols[3...]
        let subtotalCols = [cols[0], TextLayout.Column(cols[1].width + 1 + cols[2].width)] + cols[3...]
        // The appraisal is the appraiser's document (Sở Tài chính), in its name; its notice number and date
        // are optional facts of conference.csv.
        out.append(c.appraiser.uppercased())
        if !c.appraisalNotice.isEmpty || c.appraisalDate != nil {
            var ref = c.appraisalNotice.isEmpty ? "" : (vi ? "Số: " : "No.: ") + c.appraisalNotice
            if let d = c.appraisalDate { ref += (ref.isEmpty ? "" : " · ") + (vi ? "Ngày " : "Date: ") + d.description }
            out.append(ref)
        }
        out.append(vi ? "BẢNG THẨM ĐỊNH DỰ TOÁN KINH PHÍ" : "ESTIMATE APPRAISAL")
        out.append(c.name)
        out.append((vi ? "Đơn vị đề nghị: " : "Requesting unit: ") + c.organiser)
        out.append((vi ? "Ngày tổ chức: " : "Event date: ") + c.eventDate.description
                   + (vi ? " · Địa điểm: " : " · Place: ") + c.place)
        out.append((vi ? "Đại biểu: \(c.delegates) (không trong danh sách trả lương: \(c.delegatesNonPayroll))" : "Delegates: \(c.delegates) (not on a state, public-unit or enterprise payroll: \(c.delegatesNonPayroll))")
                   + (vi ? " · Số buổi: \(c.sessions) · Tham luận dự kiến: \(c.papersPlanned)" : " · Sessions: \(c.sessions) · Papers planned: \(c.papersPlanned)"))
        if let cap = c.budgetCap {
            out.append((vi ? "Kinh phí được bố trí: " : "Allocated budget: ") + TextLayout.money(cap, lang)
                       + (c.fundingSource.isEmpty ? "" : " (\(c.fundingSource))"))
        }
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out = TextLayout.fitLines(out, width: max(asked, width))
        out += TextLayout.wideNote(width, asked: asked, lang)
        out.append("")
        out += TextLayout.row(vi ? ["Mã", "Nội dung chi", "Mục", "Đề nghị", "Thẩm định", "Chênh lệch"]
                                 : ["Line", "Item", "Code", "Requested", "Appraised", "Difference"], cols)
        out.append(TextLayout.rule(width, "="))
        for s in a.sections {
            out += TextLayout.indented(s.title, indent: 0, width: width)
            for l in s.lines {
                out += TextLayout.row([l.line.code, l.line.description, l.line.budgetCode] + amounts(l.requested, l.appraised, l.difference, lang), cols)
                let detail = (vi ? "ĐVT: " : "Unit: ") + l.line.unit + " · " + factors(l.line, lang)
                    + (l.line.normID.map { (vi ? " · định mức: " : " · norm: ") + $0 } ?? "")
                    + (l.impliedNormID.map { (vi ? " · định mức theo loại: " : " · norm of its kind: ") + $0 } ?? "")
                out += TextLayout.indented(detail, indent: wCode + 1, width: width)
                for f in l.findings { out += findingLines(f, lang, indent: wCode + 1, width: width) }
            }
            out += TextLayout.row(["", (vi ? "Cộng: " : "Subtotal: ") + s.title] + amounts(s.requested, s.appraised, s.difference, lang), subtotalCols)
            out.append(TextLayout.rule(width))
        }
        out += TextLayout.row([vi ? "TỔNG CỘNG" : "TOTAL"] + amounts(a.requested, a.appraised, a.difference, lang), totalCols)
        out.append(TextLayout.rule(width, "="))
        var closing: [String] = []
        if !a.estimateFindings.isEmpty {
            closing.append(vi ? "Ý kiến về toàn bộ dự toán:" : "Findings on the whole estimate:")
            for f in a.estimateFindings { closing += findingLines(f, lang, indent: 2, width: width) }
        }
        closing.append((vi ? "Số tiền đơn vị đề nghị bằng chữ: " : "Requested, in words: ") + TextLayout.inWords(a.requested, lang))
        closing.append((vi ? "Số tiền thẩm định bằng chữ: " : "Appraised, in words: ") + TextLayout.inWords(a.appraised, lang))
        let e = a.count(.error), w = a.count(.warning), i = a.count(.info)
        closing.append(vi ? "Kết quả: \(e) lỗi, \(w) cảnh báo, \(i) lưu ý."
                          : "Result: \(plural(e, "error")), \(plural(w, "warning")), \(plural(i, "note")).")
        closing.append(vi
            ? (e > 0 ? "Kết luận: dự toán có lỗi, cần điều chỉnh theo số thẩm định." : "Kết luận: dự toán đủ điều kiện trình phê duyệt; giải trình các cảnh báo.")
            : (e > 0 ? "Conclusion: the estimate has errors and must be corrected to the appraised figures." : "Conclusion: the estimate can go for approval; explain the warnings."))
        let date = a.estimate.conference.eventDate
        let restsOnProvisional = a.estimate.lines.contains { l in
            l.normID.flatMap { try? a.catalogue.resolve($0, on: date) }?.provisional == true
        }
        if a.allFindings.contains(where: \.provisional) || restsOnProvisional {
            closing.append(vi ? "Ghi chú: một số định mức, mã mục lục là số liệu tạm tính (provisional), cần xác minh với văn bản hiện hành."
                              : "Note: some norms and budget codes are provisional figures; verify them against the texts in force.")
        }
        out += TextLayout.fitLines(closing, width: width)
        out.append("")
        out += TextLayout.signatureBlock(lang, width: width)
        return out.joined(separator: "\n") + "\n"
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)" + (n == 1 ? "" : "s") }

    static func amounts(_ r: Money, _ ap: Money, _ d: Money, _ lang: Language) -> [String] {
        [r, ap, d].map { TextLayout.money($0, lang) }
    }

    static func factors(_ l: EstimateLine, _ lang: Language) -> String {
        (l.factors.map { VietnameseNumberFormat.quantity($0, lang: lang) } + [TextLayout.money(l.unitPrice, lang)]).joined(separator: " × ")
    }

    static func findingLines(_ f: Finding, _ lang: Language, indent: Int, width: Int) -> [String] {
        let head = "[\(f.severity.label.text(lang))] \(f.ruleID): "
        let basis = (lang == .vi ? "Căn cứ: " : "Basis: ") + f.basis
        return TextLayout.indented(head + f.text(lang), indent: indent, width: width)
            + TextLayout.indented(basis, indent: indent + 4, width: width)
    }

    // MARK: csv

    public static func csv(_ a: Appraisal, lang: Language) -> String {
        let vi = lang == .vi
        var w = CSVWriter()
        w.textRow(vi ? ["Mục", "Mã dòng", "Nội dung chi", "Mã mục lục", "ĐVT", "Số lượng × đơn giá", "Đơn giá", "Đơn vị đề nghị", "Thẩm định", "Chênh lệch", "Mức độ", "Quy tắc", "Lý do", "Căn cứ"]
                     : ["section", "line", "description", "budget_code", "unit", "factors", "unit_price", "requested", "appraised", "difference", "severity", "rules", "reasons", "basis"])
        for s in a.sections {
            for l in s.lines {
                let worst = l.findings.map(\.severity).min()
                w.row([.text(s.title), .text(l.line.code), .text(l.line.description), .text(l.line.budgetCode), .text(l.line.unit),
                       .text(factors(l.line, lang)), .money(l.line.unitPrice), .money(l.requested), .money(l.appraised), .money(l.difference),
                       .text(worst?.label.text(lang) ?? ""), .text(l.findings.map(\.ruleID).joined(separator: " ")),
                       .text(l.findings.map { "\($0.ruleID): \($0.text(lang))" }.joined(separator: " | ")),
                       .text(uniqued(l.findings.map(\.basis)).joined(separator: " | "))])
            }
        }
        for f in a.estimateFindings {
            w.row([.text(""), .text(""), .text(vi ? "Toàn bộ dự toán" : "Whole estimate"), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""), .text(""),
                   .text(f.severity.label.text(lang)), .text(f.ruleID), .text("\(f.ruleID): \(f.text(lang))"), .text(f.basis)])
        }
        w.row([.text(""), .text(vi ? "TỔNG CỘNG" : "TOTAL"), .text(TextLayout.inWords(a.appraised, lang)), .text(""), .text(""), .text(""), .text(""),
               .money(a.requested), .money(a.appraised), .money(a.difference), .text(""), .text(""), .text(""), .text("")])
        return w.output
    }

    static func uniqued(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }

    // MARK: json

    struct JFinding: Encodable { let rule: String; let severity: String; let message_vi: String; let message_en: String; let basis: String; let provisional: Bool; let cap: Int64? }
    struct JLine: Encodable { let line: String; let description: String; let budget_code: String; let kind: String; let requested: Int64; let appraised: Int64; let difference: Int64; let findings: [JFinding] }
    struct JSection: Encodable { let title: String; let requested: Int64; let appraised: Int64; let lines: [JLine] }
    struct JReport: Encodable {
        let appraiser: String; let appraisal_notice: String; let appraisal_date: String; let organiser: String
        let conference: String; let event_date: String; let requested: Int64; let appraised: Int64; let difference: Int64
        let requested_in_words: String; let appraised_in_words: String
        let errors: Int; let warnings: Int; let infos: Int
        let sections: [JSection]; let estimate_findings: [JFinding]
    }

    static func jf(_ f: Finding) -> JFinding {
        JFinding(rule: f.ruleID, severity: f.severity.rawValue, message_vi: f.text(.vi), message_en: f.text(.en), basis: f.basis, provisional: f.provisional, cap: f.cap?.dong)
    }

    public static func json(_ a: Appraisal) -> String {
        let c = a.estimate.conference
        let r = JReport(
            appraiser: c.appraiser, appraisal_notice: c.appraisalNotice, appraisal_date: c.appraisalDate?.iso ?? "",
            organiser: c.organiser,
            conference: a.estimate.conference.name, event_date: a.estimate.conference.eventDate.iso,
            requested: a.requested.dong, appraised: a.appraised.dong, difference: a.difference.dong,
            requested_in_words: AmountInWords.vietnamese(a.requested.dong) ?? "", appraised_in_words: AmountInWords.vietnamese(a.appraised.dong) ?? "",
            errors: a.count(.error), warnings: a.count(.warning), infos: a.count(.info),
            sections: a.sections.map { s in JSection(title: s.title, requested: s.requested.dong, appraised: s.appraised.dong, lines: s.lines.map { l in
                JLine(line: l.line.code, description: l.line.description, budget_code: l.line.budgetCode, kind: l.line.kind.rawValue,
                      requested: l.requested.dong, appraised: l.appraised.dong, difference: l.difference.dong, findings: l.findings.map(jf)) }) },
            estimate_findings: a.estimateFindings.map(jf))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(r)) ?? Data(), as: UTF8.self) + "\n"
    }
}
