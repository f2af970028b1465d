import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate

// `kinhphi print <ws> estimate`: Dự toán kinh phí — the organiser's estimate as it is submitted: per
// section its lines (STT = the line's code, Nội dung chi, ĐVT, the quantity factors, Đơn giá, Thành tiền,
// Tiểu mục, Căn cứ = the basis column, Ghi chú = the evidence, the unit the plan assigns the work to and
// the norm cited), the section subtotals, the total and its words, and the unit's three signatures.
// Landscape A4. The amounts are the preparer's (requested) amounts; the subtotals and the total are their
// sums, so the printed table always adds up (an arithmetic slip is the appraisal's finding, not hidden).

public enum EstimateDocument {
    public static let orientation = PageOrientation.landscape

    public static func render(_ loaded: LoadedEstimate, date: DocumentDate, lang: Language) throws(MoneyError) -> String {
        let vi = lang == .vi
        let e = loaded.estimate
        let c = e.conference
        let f = c.documents
        let hasPersons = e.lines.contains { $0.persons != nil }
        let hasSessions = e.lines.contains { $0.sessions != nil }
        let subtotals = try e.sections.map { s throws(MoneyError) in try Money.sum(s.lines.map(\.statedAmount)) }
        let total = try Money.sum(subtotals)

        // Column widths (mm): fixed ones, the amounts as wide as their longest figure, the description the rest.
        let wPrice = DocumentParts.amountWidth(e.lines.map(\.unitPrice), lang: lang, minimum: 19)
        let wAmount = DocumentParts.amountWidth([total], lang: lang, minimum: 22)
        var titles = [vi ? "STT" : "No.", vi ? "Nội dung chi" : "Item", vi ? "ĐVT" : "Unit", vi ? "Số lượng" : "Qty"]
        var widths = [11, 0, 14, 13]
        if hasPersons { titles.append(vi ? "Số người" : "Persons"); widths.append(14) }
        if hasSessions { titles.append(vi ? "Số buổi" : "Sess."); widths.append(12) }
        titles += [vi ? "Đơn giá" : "Unit price", vi ? "Thành tiền" : "Amount", vi ? "Tiểu mục" : "Budget code",
                   vi ? "Căn cứ" : "Basis", vi ? "Ghi chú" : "Notes"]
        widths += [wPrice, wAmount, 13, 40, 38]
        widths[1] = max(30, orientation.contentWidthMM - widths.reduce(0, +))
        let factorColumns = 1 + (hasPersons ? 1 : 0) + (hasSessions ? 1 : 0)
        let amountColumn = 3 + factorColumns + 1   // index of Thành tiền (STT, Nội dung, ĐVT, factors, Đơn giá)

        var rows: [HTML] = []
        for (s, subtotal) in zip(e.sections, subtotals) {
            rows.append(.el("tr", cls: "section", [DocumentParts.tdSpan(amountColumn, [.text(s.title)]),
                                                   DocumentParts.tdAmount(subtotal, lang)] + Array(repeating: DocumentParts.td(""), count: 3)))
            for l in s.lines {
                var cells: [HTML] = [DocumentParts.tdCenter(l.code), DocumentParts.td(l.description), DocumentParts.tdCenter(l.unit),
                                     .el("td", cls: "n", text: DocumentParts.quantity(l.quantity, lang))]
                if hasPersons { cells.append(.el("td", cls: "n", text: l.persons.map { DocumentParts.quantity($0, lang) } ?? "")) }
                if hasSessions { cells.append(.el("td", cls: "n", text: l.sessions.map { DocumentParts.quantity($0, lang) } ?? "")) }
                cells += [DocumentParts.tdAmount(l.unitPrice, lang), DocumentParts.tdAmount(l.statedAmount, lang),
                          DocumentParts.tdCenter(l.budgetCode), DocumentParts.td(l.basis), .el("td", notes(l, loaded.catalogue, on: c.eventDate, lang))]
                rows.append(.el("tr", cells))
            }
        }
        let totalRow = HTML.el("tr", cls: "total", [DocumentParts.tdSpan(amountColumn, [.text(vi ? "TỔNG CỘNG" : "TOTAL")], cls: "c"),
                                                    DocumentParts.tdAmount(total, lang)] + Array(repeating: DocumentParts.td(""), count: 3))

        var body: [HTML] = []
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: nil),
                                           place: f.issuePlace, date: date, lang: lang))
        var subject = [c.name]
        if !f.submissionNumber.isEmpty {
            let when = f.submissionDate.map { (vi ? " ngày " : " of ") + $0.description } ?? ""
            subject.append(vi ? "(Kèm theo Tờ trình số \(f.submissionNumber)\(when) của \(c.organiser))"
                              : "(Attached to submission no. \(f.submissionNumber)\(when) of \(c.organiser))")
        }
        body += DocumentParts.title(vi ? "DỰ TOÁN KINH PHÍ" : "COST ESTIMATE", subject: subject)
        body += facts(c, lang)
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        let index = (1...titles.count).map { "(\($0))" }
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows))
        body.append(.el("div", cls: "closing", [
            DocumentParts.closingTotals(widths: widths, rows: [totalRow]),
            DocumentParts.inWordsLine(vi ? "Tổng kinh phí đề nghị bằng chữ" : "Total requested, in words", total, lang),
            DocumentParts.signatures(DocumentParts.unitSignatures(f, lang)),
        ]))
        return DocumentPage.render(title: (vi ? "Dự toán kinh phí — " : "Cost estimate — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }

    /// Time, place, delegates and funding under the title.
    static func facts(_ c: Conference, _ lang: Language) -> [HTML] {
        let vi = lang == .vi
        var out: [HTML] = []
        out.append(.el("p", cls: "facts", text: vi
            ? "Thời gian: \(c.eventDate) (\(c.sessions) buổi) · Địa điểm: \(c.place)"
            : "Date: \(c.eventDate) (\(c.sessions) half-day session\(c.sessions == 1 ? "" : "s")) · Place: \(c.place)"))
        var line = vi ? "Số đại biểu: \(c.delegates)" : "Delegates: \(c.delegates)"
        if !c.fundingSource.isEmpty { line += (vi ? " · Nguồn kinh phí: " : " · Funding: ") + c.fundingSource }
        out.append(.el("p", cls: "facts", text: line))
        return out
    }

    /// Ghi chú: the evidence (quote, contract), the unit the plan assigns the work to, and the norm cited.
    static func notes(_ l: EstimateLine, _ catalogue: Catalogue, on date: CivilDate, _ lang: Language) -> [HTML] {
        let vi = lang == .vi
        var parts: [String] = []
        if !l.evidence.isEmpty { parts.append(l.evidence) }
        if !l.assignedTo.isEmpty { parts.append((vi ? "Đơn vị thực hiện: " : "Carried out by: ") + l.assignedTo) }
        if let id = l.normID {
            let name = catalogue.norm(id, on: date)?.name.text(lang) ?? id
            parts.append((vi ? "Định mức: " : "Norm: ") + name)
        }
        return [HTML.join(parts.map { HTML.el("div", text: $0) })]
    }
}
