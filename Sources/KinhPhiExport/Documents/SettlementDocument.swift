import KinhPhiCore
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi print <ws> settlement`: Báo cáo quyết toán kinh phí — the organiser's settlement of the
// conference's approved budget, for the finance office: the budget classification it files by (mã ĐVQHNS,
// chương, loại – khoản, mã nguồn: conference facts, printed when given), per line the approved amount, the
// actual spending, the money drawn, what is to be repaid (drawn and not spent) and to be cancelled (never
// drawn), with section subtotals; then the same per mục and tiểu mục; the totals with the actual, the amount
// to repay and the amount to cancel in words, the check that they add up to the approved total; the
// journal's anchor; the unit's three signatures. Landscape A4. The figures are `kinhphi settle`'s (the same
// `Settlement`). No national form was found for a conference's settlement: the columns follow the brief
// (§2, §8) and the finance office's terms; docs/documents.md says so.

public enum SettlementDocument {
    public static let orientation = PageOrientation.landscape

    public static func render(_ s: Settlement, conference c: Conference, date: DocumentDate, lang: Language) -> String {
        let vi = lang == .vi
        let f = c.documents
        let all = (s.lines.map(\.figures) + s.sections.map(\.figures) + [s.total.figures])
        let wMoney = DocumentParts.amountWidth(all.flatMap { [$0.approved, $0.actual, $0.drawn, $0.toRepay, $0.toCancel] }, lang: lang, minimum: 25)
        var widths = [11, 0, 14, wMoney, wMoney, wMoney, wMoney, wMoney, 19]
        widths[1] = max(40, orientation.contentWidthMM - widths.reduce(0, +))
        let titles = vi ? ["STT", "Nội dung chi", "Tiểu mục", "Dự toán được duyệt", "Thực chi đề nghị quyết toán", "Kinh phí đã rút",
                           "Số phải nộp trả ngân sách", "Số đề nghị hủy dự toán", "Tỷ lệ thực hiện (%)"]
                        : ["No.", "Item", "Budget code", "Approved", "Actual, for settlement", "Drawn", "To repay to the budget",
                           "To cancel (never drawn)", "Executed (%)"]
        let index = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", vi ? "(7) = (6) − (5)" : "(7) = (6) − (5)", vi ? "(8) = (4) − (6)" : "(8) = (4) − (6)", "(9)"]

        func cells(_ x: SettlementFigures) -> [HTML] {
            [DocumentParts.tdAmount(x.approved, lang), DocumentParts.tdAmount(x.actual, lang), DocumentParts.tdAmount(x.drawn, lang),
             DocumentParts.tdAmount(x.toRepay, lang), DocumentParts.tdAmount(x.toCancel, lang),
             .el("td", cls: "n", text: x.executedPercent.map { VietnameseNumberFormat.percent($0, decimal: vi ? "," : ".") } ?? "")]
        }
        var rows: [HTML] = []
        var sectionIndex = 0
        var current: String? = nil
        for l in s.lines {
            if l.line.section != current {
                current = l.line.section
                let g = s.sections[sectionIndex]
                sectionIndex += 1
                rows.append(.el("tr", cls: "section", [DocumentParts.tdSpan(3, [.text(g.key)])] + cells(g.figures)))
            }
            var item: [HTML] = [.el("div", text: l.line.description)]
            var notes: [String] = []
            if !l.figures.returned.isZero { notes.append((vi ? "Đã nộp trả trong năm: " : "Paid back in the year: ") + DocumentParts.money(l.figures.returned, lang)) }
            if !l.figures.outstanding.isZero { notes.append((vi ? "Tạm ứng chưa thanh toán: " : "Advances not cleared: ") + DocumentParts.money(l.figures.outstanding, lang)) }
            if !l.figures.overrun.isZero { notes.append((vi ? "Chi vượt dự toán: " : "Overrun: ") + DocumentParts.money(l.figures.overrun, lang)) }
            for n in notes { item.append(.el("div", cls: "note", text: n)) }
            rows.append(.el("tr", [DocumentParts.tdCenter(l.line.code), .el("td", item), DocumentParts.tdCenter(l.line.budgetCode)] + cells(l.figures)))
        }
        let totalRow = HTML.el("tr", cls: "total", [DocumentParts.tdSpan(3, [.text(vi ? "TỔNG CỘNG" : "TOTAL")], cls: "c")] + cells(s.total.figures))

        // Per mục, with its tiểu mục under it.
        var codeRows: [HTML] = []
        for g in s.budgetGroups {
            codeRows.append(.el("tr", cls: "section", [DocumentParts.tdCenter(g.key), DocumentParts.tdSpan(2, [.text(g.name.text(lang))])] + cells(g.figures)))
            for t in s.budgetCodes where (s.budget.catalogue.budgetCodes[t.key]?.group ?? t.key) == g.key {
                codeRows.append(.el("tr", [DocumentParts.td(""), DocumentParts.tdCenter(t.key), DocumentParts.td(t.name.text(lang))] + cells(t.figures)))
            }
        }
        let codeWidths = [11, 14, widths[1]] + widths[3...]
        let codeTitles = vi ? ["Mục", "Tiểu mục", "Tên"] : ["Mục", "Tiểu mục", "Name"]

        var body: [HTML] = []
        if s.isDraft { body.append(DocumentParts.draftBanner(lang)) }
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: nil),
                                           place: f.issuePlace, date: date, lang: lang))
        let b = s.budget
        body += DocumentParts.title(vi ? "BÁO CÁO QUYẾT TOÁN KINH PHÍ" : "SETTLEMENT OF THE APPROVED BUDGET", subject: [c.name])
        body.append(.el("p", cls: "facts", text: vi
            ? "Dự toán được duyệt theo Quyết định số \(b.decisionNumber) ngày \(b.decisionDate) · Năm ngân sách \(b.fiscalYear)"
            : "Budget approved by decision no. \(b.decisionNumber) of \(b.decisionDate) · Budget year \(b.fiscalYear)"))
        if let cl = DocumentParts.classification(f.budget, lang) { body.append(cl) }
        if !c.fundingSource.isEmpty { body.append(.el("p", cls: "facts", text: (vi ? "Nguồn kinh phí: " : "Funding: ") + c.fundingSource)) }
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows))
        body.append(DocumentParts.closingTotals(widths: widths, rows: [totalRow]))
        body.append(.el("p", cls: "facts", [.el("b", text: vi ? "TỔNG HỢP THEO MỤC LỤC NGÂN SÁCH NHÀ NƯỚC" : "BY BUDGET CODE (MỤC, TIỂU MỤC)")]))
        body.append(DocumentParts.grid(widths: codeWidths, head: [DocumentParts.headRow(codeTitles + titles[3...])], rows: codeRows))

        let t = s.total.figures
        var summary: [HTML] = [
            DocumentParts.inWordsLine(vi ? "Tổng thực chi đề nghị quyết toán bằng chữ" : "Actual, for settlement, in words", t.actual, lang),
            DocumentParts.inWordsLine(vi ? "Số đã rút chưa chi, phải nộp trả ngân sách: \(DocumentParts.money(t.toRepay, lang)) đồng; bằng chữ"
                                         : "Drawn and not spent, to repay to the budget: \(DocumentParts.money(t.toRepay, lang)) dong; in words", t.toRepay, lang),
            DocumentParts.inWordsLine(vi ? "Số dự toán chưa rút, đề nghị hủy dự toán: \(DocumentParts.money(t.toCancel, lang)) đồng; bằng chữ"
                                         : "Never drawn, appropriation to cancel: \(DocumentParts.money(t.toCancel, lang)) dong; in words", t.toCancel, lang),
        ]
        var check = [DocumentParts.money(t.actual, lang)]
        if !t.outstanding.isZero { check.append(DocumentParts.money(t.outstanding, lang)) }
        check += [DocumentParts.money(t.toRepay, lang), DocumentParts.money(t.toCancel, lang)]
        var right = DocumentParts.money(t.approved, lang)
        if !t.beyond.isZero { right += " + " + DocumentParts.money(t.beyond, lang) }
        summary.append(.el("p", text: (vi ? "Thực chi" + (t.outstanding.isZero ? "" : " + tạm ứng chưa thanh toán") + " + nộp trả + hủy dự toán = dự toán được duyệt"
                                          : "Actual" + (t.outstanding.isZero ? "" : " + open advances") + " + to repay + to cancel = approved")
                                     + (t.beyond.isZero ? "" : (vi ? " + số rút vượt dự toán" : " + drawn beyond the approved amount"))
                                     + ": " + check.joined(separator: " + ") + " = " + right + "."))
        if !t.returned.isZero {
            summary.append(.el("p", cls: "note", text: vi
                ? "Số đã nộp trả ngân sách trong năm \(DocumentParts.money(t.returned, lang)) đồng đã được tính giảm thực chi và kinh phí đã rút."
                : "The \(DocumentParts.money(t.returned, lang)) dong paid back to the budget in the year lowers both the actual and the drawn amounts."))
        }
        summary.append(DocumentParts.anchorNote(records: s.recordCount, anchor: s.anchor, lang))
        body.append(.el("div", cls: "closing", [
            .el("div", cls: "summary", summary),
            DocumentParts.signatures(DocumentParts.unitSignatures(f, lang)),
        ]))
        if s.isDraft { body.append(DocumentParts.draftBanner(lang)) }
        return DocumentPage.render(title: (vi ? "Báo cáo quyết toán kinh phí — " : "Settlement — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }
}
