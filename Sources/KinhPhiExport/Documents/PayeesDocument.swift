import KinhPhiCore
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi print <ws> payees [--line L]`: Danh sách chi tiền / ký nhận — the list the people paid sign when
// they receive their money (honoraria, paper fees, allowances): every effective payment to an individual,
// per approved line (a heading and a subtotal each) or for one line; per person the name, the unit they
// work for (the organiser for its own staff, `staff`; otherwise not in the journal: written by hand), the
// ID (`payee_id`: citizen ID number or personal tax code; a tax code when only that was given), the
// content, the gross amount, the PIT withheld (TT 111/2013 Art. 25(1)(i)), the net received and a column to
// sign. Totals with the net in words, the journal's anchor and the unit's signatures. Landscape A4.

public enum PayeesDocument {
    public static let orientation = PageOrientation.landscape

    /// Payments to individuals among `entries` (the list's entries, in date order), on `line` when given.
    public static func payments(_ entries: [VoucherListEntry], line: String?) -> [VoucherListEntry] {
        entries.filter { $0.voucher.kind == .payment && $0.voucher.payeeType == .individual && (line == nil || $0.voucher.line == line) }
    }

    public static func render(_ entries: [VoucherListEntry], settlement s: Settlement, line: String?, conference c: Conference,
                              date: DocumentDate, lang: Language) throws -> String {
        let vi = lang == .vi
        let f = c.documents
        let paid = payments(entries, line: line)
        let total = try Money.sum(paid.map(\.amount)), pit = try Money.sum(paid.map(\.voucher.pitWithheld))
        let wMoney = DocumentParts.amountWidth([total], lang: lang, minimum: 24)
        var widths = [10, 42, 30, 26, 0, wMoney, 22, wMoney, 34]
        widths[4] = max(40, orientation.contentWidthMM - widths.reduce(0, +))
        let titles = vi ? ["STT", "Họ và tên", "Đơn vị công tác", "Số định danh / mã số thuế", "Nội dung", "Số tiền", "Thuế TNCN khấu trừ",
                           "Số tiền thực nhận", "Ký nhận"]
                        : ["No.", "Full name", "Unit", "ID / tax code", "Content", "Amount", "PIT withheld", "Net received", "Signature"]
        let index = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8) = (6) − (7)", "(9)"]

        var rows: [HTML] = []
        var closing: [HTML] = []
        // Per line in the approved budget's order (a heading and a subtotal), people in date order.
        let codes = s.lines.map(\.line.code).filter { code in paid.contains { $0.voucher.line == code } }
        var n = 0
        for code in codes {
            let group = paid.filter { $0.voucher.line == code }
            let desc = s.approvedLine(code)?.description ?? ""
            rows.append(.el("tr", cls: "section", [DocumentParts.tdSpan(9, [.text((vi ? "Dòng " : "Line ") + code + ": " + desc)])]))
            for e in group {
                n += 1
                let v = e.voucher
                rows.append(.el("tr", [
                    DocumentParts.tdCenter(String(n)), DocumentParts.td(v.payee), DocumentParts.td(v.staff ? c.organiser : ""),
                    DocumentParts.tdCenter(v.payeeID ?? v.taxCode ?? ""),
                    .el("td", [.el("div", text: v.description), .el("div", cls: "note", text: (v.voucherNumber.map { $0 + " · " } ?? "") + v.date.description)]),
                    DocumentParts.tdAmount(v.amount, lang), DocumentParts.tdAmount(v.pitWithheld, lang), DocumentParts.tdAmount(v.net, lang),
                    .el("td", cls: "sign", text: ""),
                ]))
            }
            if codes.count > 1 {
                let g = try Money.sum(group.map(\.amount)), p = try Money.sum(group.map(\.voucher.pitWithheld))
                rows.append(.el("tr", cls: "sub", [DocumentParts.tdSpan(5, [.text((vi ? "Cộng dòng " : "Subtotal, line ") + code)]),
                                                   DocumentParts.tdAmount(g, lang), DocumentParts.tdAmount(p, lang),
                                                   DocumentParts.tdAmount(try g - p, lang), DocumentParts.td("")]))
            }
        }
        let net = try total - pit
        closing.append(DocumentParts.closingTotals(widths: widths, rows: [
            .el("tr", cls: "total", [DocumentParts.tdSpan(5, [.text((vi ? "TỔNG CỘNG (" : "TOTAL (") + "\(n) " + (vi ? "người nhận)" : "payments)"))], cls: "c"),
                                     DocumentParts.tdAmount(total, lang), DocumentParts.tdAmount(pit, lang), DocumentParts.tdAmount(net, lang), DocumentParts.td("")]),
        ]))
        closing.append(DocumentParts.inWordsLine(vi ? "Tổng số tiền thực nhận bằng chữ" : "Net received, in words", net, lang))
        closing.append(DocumentParts.anchorNote(records: s.recordCount, anchor: s.anchor, lang))
        closing.append(DocumentParts.signatures(DocumentParts.unitSignatures(f, lang)))

        var body: [HTML] = []
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: nil),
                                           place: f.issuePlace, date: date, lang: lang))
        var subject = [c.name]
        if let line, let l = s.approvedLine(line) { subject.append((vi ? "Dòng " : "Line ") + line + ": " + l.description) }
        body += DocumentParts.title(vi ? "DANH SÁCH CHI TIỀN VÀ KÝ NHẬN" : "LIST OF PAYMENTS AND RECEIPTS", subject: subject)
        body.append(.el("p", cls: "facts", text: (vi ? "Thời gian: " : "Date: ") + c.eventDate.description + (vi ? " · Địa điểm: " : " · Place: ") + c.place))
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows))
        body.append(.el("div", cls: "closing", closing))
        return DocumentPage.render(title: (vi ? "Danh sách chi tiền — " : "List of payments — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }
}
