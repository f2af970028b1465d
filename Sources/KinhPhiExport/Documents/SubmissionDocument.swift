import KinhPhiCore
import KinhPhiEstimate

// `kinhphi print <ws> submission`: Tờ trình đề nghị thẩm định dự toán — the organiser's letter to the
// appraiser (Sở Tài chính) asking it to appraise the estimate: a letter-type administrative document (NĐ
// 30/2020/NĐ-CP, a document with a type name): masthead with the number …/TTr-<unit symbol>, the title
// and subject, "Kính gửi", the body, the table of section totals, the "Nơi nhận" list and the head's
// signature. Its wording is a template in data (DocumentTemplate); the figures come from the estimate.
// Portrait A4.

public enum SubmissionDocument {
    public static let orientation = PageOrientation.portrait

    /// The facts a template may use, by name ({conference}, {requested}…).
    public static func values(_ loaded: LoadedEstimate, total: Money, lang: Language) -> [String: String] {
        let c = loaded.estimate.conference
        let f = c.documents
        return [
            "conference": c.name,
            // The plan as conference.csv cites it, or "the plan for <conference>" when it names none.
            "plan": c.plan.isEmpty ? (lang == .vi ? "Kế hoạch tổ chức " : "the plan for ") + c.name : c.plan,
            "organiser": c.organiser,
            "appraiser": c.appraiser,
            "event_date": c.eventDate.description,
            "place": c.place,
            "sessions": String(c.sessions),
            "delegates": String(c.delegates),
            "papers": String(c.papersPlanned),
            "funding_source": c.fundingSource,
            "fiscal_year": String(c.fiscalYear),
            "budget_cap": c.budgetCap.map { DocumentParts.money($0, lang) } ?? "",
            "requested": DocumentParts.money(total, lang),
            "requested_words": DocumentParts.words(total, lang),
            "sections_count": String(loaded.estimate.sections.count),
            "lines_count": String(loaded.estimate.lines.count),
            "issue_place": f.issuePlace,
            "superior_body": f.superiorBody,
        ]
    }

    public static func render(_ loaded: LoadedEstimate, template: DocumentTemplate, date: DocumentDate,
                              lang: Language) throws -> String {
        let vi = lang == .vi
        let e = loaded.estimate
        let c = e.conference
        let f = c.documents
        let subtotals = try e.sections.map { s throws(MoneyError) in try Money.sum(s.lines.map(\.statedAmount)) }
        let total = try Money.sum(subtotals)
        let values = values(loaded, total: total, lang: lang)

        let number: DocumentNumber = f.submissionNumber.isEmpty
            ? .blank(symbol: "/TTr" + (f.unitSymbol.isEmpty ? "" : "-" + f.unitSymbol)) : .given(f.submissionNumber)
        var body: [HTML] = []
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: number),
                                           place: f.issuePlace, date: date, lang: lang))
        body += DocumentParts.title(try template.lines("title", values).joined(separator: " "), subject: try template.lines("subject", values))
        for r in try template.lines("recipient", values) { body.append(.el("p", cls: "recipient", text: r)) }

        var paragraphs: [HTML] = []
        for p in try template.paragraphs("body", values) {
            switch p {
            case .text(let t): paragraphs.append(.el("p", text: t))
            case .sectionsTable: paragraphs.append(sectionsTable(e, subtotals: subtotals, total: total, lang: lang))
            }
        }
        // The last paragraph goes with the signature (never a signature alone on its page).
        let last = paragraphs.popLast()
        body.append(.el("div", cls: "body", paragraphs))

        let copies = try template.lines("copies", values)
        var leading: [HTML] = []
        if let heading = copies.first { leading.append(.el("div", cls: "copies-title", text: heading)) }
        if copies.count > 1 { leading.append(.el("ul", copies.dropFirst().map { .el("li", text: $0) })) }
        body.append(.el("div", cls: "closing", [
            .el("div", cls: "body", last.map { [$0] } ?? []),
            DocumentParts.signatures(leading: .join(leading), [DocumentParts.headSignature(f, lang, hint: "")]),
        ]))
        return DocumentPage.render(title: (vi ? "Tờ trình — " : "Submission — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }

    /// STT · Nội dung · Số tiền, one row per section, then the total: what the letter asks to appraise.
    static func sectionsTable(_ e: Estimate, subtotals: [Money], total: Money, lang: Language) -> HTML {
        let vi = lang == .vi
        let wAmount = DocumentParts.amountWidth([total], lang: lang, minimum: 32)
        let widths = [14, orientation.contentWidthMM - 14 - wAmount, wAmount]
        var rows: [HTML] = []
        for (i, (s, subtotal)) in zip(e.sections, subtotals).enumerated() {
            rows.append(.el("tr", [DocumentParts.tdCenter(String(i + 1)), DocumentParts.td(s.title), DocumentParts.tdAmount(subtotal, lang)]))
        }
        rows.append(.el("tr", cls: "total", [DocumentParts.tdSpan(2, [.text(vi ? "TỔNG CỘNG" : "TOTAL")], cls: "c"), DocumentParts.tdAmount(total, lang)]))
        return DocumentParts.grid(widths: widths, head: [DocumentParts.headRow([vi ? "STT" : "No.", vi ? "Nội dung" : "Item",
                                                                                  vi ? "Số tiền (đồng)" : "Amount (dong)"])], rows: rows)
    }
}
