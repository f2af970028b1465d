import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiAppraisal

// `kinhphi print <ws> appraisal`: the appraisal in the appraiser's name (Sở Tài chính, brief §8: it
// appraises and advises the People's Committee, which decides): masthead of the appraiser under its
// superior body, with the notice's number and date when conference.csv gives them; per line the amount the
// organiser requested, the appraised amount, the difference (appraised − requested: negative = cut) and
// the reasons with their basis; section subtotals; findings on the whole estimate; the totals and their
// words, the result and conclusion; the appraiser's signature. Landscape A4. The figures are those of
// `kinhphi appraise` (the same `Appraisal`).

public enum AppraisalDocument {
    public static let orientation = PageOrientation.landscape

    public static func render(_ a: Appraisal, date: DocumentDate, lang: Language) -> String {
        let vi = lang == .vi
        let c = a.estimate.conference
        let f = c.documents
        let allAmounts = a.lines.flatMap { [$0.requested, $0.appraised, $0.difference] } + [a.requested, a.appraised, a.difference]
        let wMoney = DocumentParts.amountWidth(allAmounts, lang: lang, minimum: 22)
        var widths = [11, 0, 13, wMoney, wMoney, wMoney, 96]
        widths[1] = max(40, orientation.contentWidthMM - widths.reduce(0, +))
        let titles = vi ? ["STT", "Nội dung chi", "Tiểu mục", "Đơn vị đề nghị", "Thẩm định", "Chênh lệch", "Lý do, căn cứ"]
                        : ["No.", "Item", "Budget code", "Requested", "Appraised", "Difference", "Reasons and basis"]
        let index = vi ? ["(1)", "(2)", "(3)", "(4)", "(5)", "(6) = (5) − (4)", "(7)"]
                       : ["(1)", "(2)", "(3)", "(4)", "(5)", "(6) = (5) − (4)", "(7)"]

        var rows: [HTML] = []
        for s in a.sections {
            rows.append(.el("tr", cls: "section", [DocumentParts.tdSpan(3, [.text(s.title)]), DocumentParts.tdAmount(s.requested, lang),
                                                   DocumentParts.tdAmount(s.appraised, lang), DocumentParts.tdAmount(s.difference, lang),
                                                   DocumentParts.td("")]))
            for l in s.lines {
                let detail = (vi ? "ĐVT: " : "Unit: ") + l.line.unit + " · " + AppraisalReport.factors(l.line, lang)
                rows.append(.el("tr", [
                    DocumentParts.tdCenter(l.line.code),
                    .el("td", [.el("div", text: l.line.description), .el("div", cls: "note", text: detail)]),
                    DocumentParts.tdCenter(l.line.budgetCode),
                    DocumentParts.tdAmount(l.requested, lang), DocumentParts.tdAmount(l.appraised, lang), DocumentParts.tdAmount(l.difference, lang),
                    .el("td", l.findings.map { finding($0, lang) }),
                ]))
            }
        }
        if !a.estimateFindings.isEmpty {
            rows.append(.el("tr", [DocumentParts.td(""), .el("td", [.el("b", text: vi ? "Toàn bộ dự toán" : "The whole estimate")]),
                                   DocumentParts.td(""), DocumentParts.td(""), DocumentParts.td(""), DocumentParts.td(""),
                                   .el("td", a.estimateFindings.map { finding($0, lang) })]))
        }
        let totalRow = HTML.el("tr", cls: "total", [DocumentParts.tdSpan(3, [.text(vi ? "TỔNG CỘNG" : "TOTAL")], cls: "c"),
                                                    DocumentParts.tdAmount(a.requested, lang), DocumentParts.tdAmount(a.appraised, lang),
                                                    DocumentParts.tdAmount(a.difference, lang), DocumentParts.td("")])

        var body: [HTML] = []
        let number: DocumentNumber? = c.appraisalNotice.isEmpty ? nil : .given(c.appraisalNotice)
        let superior = f.appraiserSuperiorBody.isEmpty ? f.superiorBody : f.appraiserSuperiorBody
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: superior, unit: c.appraiser, number: number),
                                           place: f.issuePlace, date: date, lang: lang))
        var subject = [(vi ? "Dự toán kinh phí tổ chức " : "Cost estimate of ") + c.name]
        if !c.appraisalNotice.isEmpty {
            let when = c.appraisalDate.map { (vi ? " ngày " : " of ") + $0.description } ?? ""
            subject.append(vi ? "(Kèm theo Thông báo số \(c.appraisalNotice)\(when) của \(c.appraiser))"
                              : "(Attached to notice no. \(c.appraisalNotice)\(when) of \(c.appraiser))")
        }
        body += DocumentParts.title(vi ? "KẾT QUẢ THẨM ĐỊNH DỰ TOÁN KINH PHÍ" : "RESULT OF THE ESTIMATE APPRAISAL", subject: subject)
        body.append(.el("p", cls: "facts", text: (vi ? "Đơn vị đề nghị: " : "Requesting unit: ") + c.organiser
                        + (vi ? " · Thời gian: " : " · Date: ") + c.eventDate.description
                        + (vi ? " · Địa điểm: " : " · Place: ") + c.place))
        var line = vi ? "Số đại biểu: \(c.delegates) (không trong danh sách trả lương: \(c.delegatesNonPayroll)) · Số buổi: \(c.sessions)"
                      : "Delegates: \(c.delegates) (not on a state, public-unit or enterprise payroll: \(c.delegatesNonPayroll)) · Sessions: \(c.sessions)"
        if let cap = c.budgetCap {
            line += (vi ? " · Kinh phí được bố trí: " : " · Allocated budget: ") + DocumentParts.money(cap, lang)
                + (c.fundingSource.isEmpty ? "" : " (\(c.fundingSource))")
        }
        body.append(.el("p", cls: "facts", text: line))
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows))

        let e = a.count(.error), w = a.count(.warning), i = a.count(.info)
        var summary: [HTML] = [
            DocumentParts.inWordsLine(vi ? "Số đơn vị đề nghị bằng chữ" : "Requested, in words", a.requested, lang),
            DocumentParts.inWordsLine(vi ? "Số thẩm định bằng chữ" : "Appraised, in words", a.appraised, lang),
            .el("p", text: vi ? "Kết quả: \(e) lỗi, \(w) cảnh báo, \(i) lưu ý."
                              : "Result: \(AppraisalReport.plural(e, "error")), \(AppraisalReport.plural(w, "warning")), \(AppraisalReport.plural(i, "note")).")
        ]
        summary.append(.el("p", [.el("b", text: vi ? "Kết luận: " : "Conclusion: "), .text(vi
            ? (a.hasErrors ? "dự toán có lỗi, cần điều chỉnh theo số thẩm định." : "dự toán đủ điều kiện trình phê duyệt; đơn vị giải trình các cảnh báo.")
            : (a.hasErrors ? "the estimate has errors and must be corrected to the appraised figures." : "the estimate can go for approval; the unit explains the warnings."))]))
        let restsOnProvisional = a.estimate.lines.contains { l in
            l.normID.flatMap { try? a.catalogue.resolve($0, on: c.eventDate) }?.provisional == true
        }
        if a.allFindings.contains(where: \.provisional) || restsOnProvisional {
            summary.append(.el("p", cls: "note", text: vi
                ? "Ghi chú: một số định mức, mã mục lục là số liệu tạm tính (provisional), cần xác minh với văn bản hiện hành."
                : "Note: some norms and budget codes are provisional figures; verify them against the texts in force."))
        }
        let signer = SignatureColumn(authority: f.appraiserSigner.authority,
                                     title: f.appraiserSigner.title.isEmpty ? (vi ? "Thủ trưởng cơ quan thẩm định" : "Head of the appraising body") : f.appraiserSigner.title,
                                     hint: vi ? "(Ký, họ tên, đóng dấu)" : "(Signature, full name, seal)", name: f.appraiserSigner.name)
        body.append(.el("div", cls: "closing", [
            DocumentParts.closingTotals(widths: widths, rows: [totalRow]),
            .el("div", cls: "summary", summary),
            DocumentParts.signatures(leading: .empty, [signer]),
        ]))
        return DocumentPage.render(title: (vi ? "Kết quả thẩm định dự toán — " : "Appraisal — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }

    /// "[cảnh báo] NORM-SCOPE: …" then "Căn cứ: …" in italics.
    static func finding(_ f: Finding, _ lang: Language) -> HTML {
        .el("div", cls: "finding", [
            .el("b", text: "[\(f.severity.label.text(lang))] \(f.ruleID): "), .text(f.text(lang)),
            .el("div", cls: "basis", text: (lang == .vi ? "Căn cứ: " : "Basis: ") + f.basis),
        ])
    }
}
