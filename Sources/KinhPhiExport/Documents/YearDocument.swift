import KinhPhiCore
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi print <folder>… report`: Báo cáo tổng hợp kinh phí hội nghị, hội thảo năm … — the year's summary of
// the conferences found under the folders given (`YearReport`, the same figures as `kinhphi report`): per
// event its approved amount, actual spending, open advances, what is to be repaid and to be cancelled and the
// % executed, with the event's date, approval decision, folder, state and whether its journal verified; the
// total; the same per mục with its tiểu mục; the workspaces left out of the totals and why; the checks across
// events; the totals in words and the check that they add up; the unit's three signatures. Landscape A4.
// No national form exists for a department's year of conferences: the columns follow the settlement
// document's (docs/documents.md).

public enum YearDocument {
    public static let orientation = PageOrientation.landscape

    /// `facts` and `unit`: the signers, superior body and place of the unit issuing the report (from an event's
    /// conference.csv when the events are one unit's; blank lines otherwise).
    public static func render(_ r: YearReport, unit: String, facts f: DocumentFacts, date: DocumentDate, lang: Language) -> String {
        let vi = lang == .vi
        let numbers = Dictionary(uniqueKeysWithValues: r.events.enumerated().map { ($1.index, $0 + 1) })
        let all = r.events.map(\.figures) + r.budgetCodes.map(\.figures) + r.budgetGroups.map(\.figures) + [r.total]
        let wMoney = DocumentParts.amountWidth(all.flatMap { [$0.approved, $0.actual, $0.outstanding, $0.toRepay, $0.toCancel] },
                                               lang: lang, minimum: 25)
        var widths = [11, 0, wMoney, wMoney, wMoney, wMoney, wMoney, 17]
        widths[1] = max(50, orientation.contentWidthMM - widths.reduce(0, +))
        let titles = vi ? ["STT", "Hội nghị, hội thảo", "Dự toán được duyệt", "Thực chi", "Tạm ứng chưa thanh toán",
                           "Số phải nộp trả ngân sách", "Số đề nghị hủy dự toán", "Tỷ lệ thực hiện (%)"]
                        : ["No.", "Event", "Approved", "Actual", "Advances not cleared", "To repay to the budget",
                           "To cancel (never drawn)", "Executed (%)"]
        let index = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]
        func cells(_ x: SettlementFigures) -> [HTML] {
            [DocumentParts.tdAmount(x.approved, lang), DocumentParts.tdAmount(x.actual, lang), DocumentParts.tdAmount(x.outstanding, lang),
             DocumentParts.tdAmount(x.toRepay, lang), DocumentParts.tdAmount(x.toCancel, lang),
             .el("td", cls: "n", text: x.executedPercent.map { VietnameseNumberFormat.percent($0, decimal: vi ? "," : ".") } ?? "")]
        }
        let units = YearReportRender.units(r)
        var rows: [HTML] = []
        for e in r.events {
            var facts = [e.eventDate.description, YearReportRender.decisionText(e, lang), e.state.name.text(lang), YearReportRender.verifiedText(e, lang)]
            if units.count > 1 { facts.insert(e.organiser, at: 0) }
            var item: [HTML] = [.el("div", text: e.name), .el("div", cls: "note", text: facts.joined(separator: " · ")),
                                .el("div", cls: "note", text: (vi ? "Thư mục: " : "Folder: ") + e.path)]
            if !e.figures.overrun.isZero {
                item.append(.el("div", cls: "note", text: (vi ? "Chi vượt dự toán: " : "Overrun: ") + DocumentParts.money(e.figures.overrun, lang)))
            }
            rows.append(.el("tr", [DocumentParts.tdCenter(String(numbers[e.index] ?? 0)), .el("td", item)] + cells(e.figures)))
        }
        if r.events.isEmpty {
            rows.append(.el("tr", [DocumentParts.tdSpan(8, [.text(vi ? "Không có hội nghị nào của năm \(r.year)." : "No event of \(r.year).")])]))
        }
        let totalRow = HTML.el("tr", cls: "total", [DocumentParts.tdSpan(2, [.text(vi ? "TỔNG CỘNG" : "TOTAL")], cls: "c")] + cells(r.total))

        // Per mục, with its tiểu mục under it.
        var codeRows: [HTML] = []
        for g in r.budgetGroups {
            codeRows.append(.el("tr", cls: "section", [DocumentParts.tdCenter(g.key), .el("td", text: g.name.text(lang))] + cells(g.figures)))
            for t in r.budgetCodes where t.group == g.key {
                codeRows.append(.el("tr", [DocumentParts.tdCenter(t.key), .el("td", text: t.name.text(lang))] + cells(t.figures)))
            }
        }
        let codeTitles = vi ? ["Mục, tiểu mục", "Tên"] : ["Code", "Name"]

        var body: [HTML] = []
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: unit, number: nil),
                                           place: f.issuePlace, date: date, lang: lang))
        body += DocumentParts.title(vi ? "BÁO CÁO TỔNG HỢP KINH PHÍ HỘI NGHỊ, HỘI THẢO" : "CONFERENCE FUNDS OF THE YEAR",
                                    subject: [vi ? "Năm ngân sách \(r.year)" : "Budget year \(r.year)"])
        body.append(.el("p", cls: "facts", text: YearReportRender.foundLine(r, lang) + (vi ? " · Thư mục: " : " · Folders: ") + r.roots.joined(separator: ", ")))
        if units.count > 1 {
            body.append(.el("p", cls: "facts", text: (vi ? "Của \(units.count) đơn vị: " : "Of \(units.count) units: ") + units.joined(separator: "; ")))
        }
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows))
        body.append(DocumentParts.closingTotals(widths: widths, rows: [totalRow]))
        if !r.budgetGroups.isEmpty {
            body.append(.el("p", cls: "facts", [.el("b", text: vi ? "TỔNG HỢP THEO MỤC LỤC NGÂN SÁCH NHÀ NƯỚC" : "BY BUDGET CODE (MỤC, TIỂU MỤC)")]))
            body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow([codeTitles[0], codeTitles[1]] + titles[2...])], rows: codeRows))
        }
        if !r.excluded.isEmpty {
            body.append(.el("p", cls: "facts", [.el("b", text: vi ? "HỒ SƠ KHÔNG TÍNH VÀO TỔNG" : "WORKSPACES LEFT OUT OF THE TOTALS")]))
            let xRows = r.excluded.enumerated().map { i, x in
                HTML.el("tr", [DocumentParts.tdCenter(String(i + 1)),
                               .el("td", [.el("div", text: x.path + (x.name.map { " · " + $0 } ?? "")),
                                          .el("div", cls: "note", text: YearReportRender.whyText(x, lang))])])
            }
            body.append(DocumentParts.grid(widths: [11, orientation.contentWidthMM - 11],
                                           head: [DocumentParts.headRow(vi ? ["STT", "Hồ sơ và lý do"] : ["No.", "Workspace and reason"])], rows: xRows))
        }
        body.append(.el("p", cls: "facts", [.el("b", text: vi ? "KIỂM TRA GIỮA CÁC HỘI NGHỊ" : "CHECKS ACROSS EVENTS")]))
        if r.findings.isEmpty {
            body.append(.el("p", cls: "facts", text: vi ? "Không phát hiện hóa đơn, số chứng từ hay khoản chi cho cùng một người trùng giữa các hội nghị."
                                                        : "No invoice, voucher number or payment to one person found in two events."))
        } else {
            let fRows = r.findings.enumerated().map { i, f in
                HTML.el("tr", [DocumentParts.tdCenter(String(i + 1)),
                               .el("td", [.el("div", text: "[\(f.kind.severity.label.text(lang))] " + YearReportRender.findingTitle(f, lang))]
                                   + f.occurrences.map { .el("div", cls: "note", text: YearReportRender.occurrenceText($0, r, number: numbers[$0.event], lang)) })])
            }
            body.append(DocumentParts.grid(widths: [11, orientation.contentWidthMM - 11],
                                           head: [DocumentParts.headRow(vi ? ["STT", "Phát hiện và các chứng từ"] : ["No.", "Finding and the vouchers"])], rows: fRows))
        }

        let t = r.total
        var summary: [HTML] = [
            DocumentParts.inWordsLine(vi ? "Tổng dự toán được duyệt bằng chữ" : "Total approved, in words", t.approved, lang),
            DocumentParts.inWordsLine(vi ? "Tổng thực chi bằng chữ" : "Total actual, in words", t.actual, lang),
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
        summary.append(.el("p", cls: "note", text: vi
            ? "Mỗi số bằng tổng các số trong báo cáo quyết toán của từng hội nghị (kinhphi settle; hội nghị còn tạm ứng tính như bản dự thảo). Nhật ký của mọi hội nghị được tính đã được kiểm tra toàn bộ (SHA-256) khi lập báo cáo."
            : "Each figure is the sum of the events' own settlements (kinhphi settle; an event with open advances counts as a draft). The journal of every event counted was verified in full (SHA-256) when the report was made."))
        body.append(.el("div", cls: "closing", [
            .el("div", cls: "summary", summary),
            DocumentParts.signatures(DocumentParts.unitSignatures(f, lang)),
        ]))
        return DocumentPage.render(title: (vi ? "Báo cáo tổng hợp kinh phí hội nghị năm \(r.year)" : "Conference funds of \(r.year)"), lang: lang,
                                   orientation: orientation, body: body)
    }
}
