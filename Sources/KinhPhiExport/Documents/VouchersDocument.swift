import KinhPhiCore
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi print <ws> vouchers`: Bảng kê chứng từ thanh toán — the list of the vouchers behind the actual
// spending that goes to the State Treasury with the payment file (NĐ 11/2020/NĐ-CP, Art. 7: the Treasury
// checks each payment's dossier; the list's exact annex layout could not be read, docs/documents.md): in
// date order, per voucher its number and date, content, tiểu mục, payee and tax code, invoice series, number
// and date, the gross amount, VAT, PIT withheld, the net paid and the method; refunds as negatives; then the
// totals per tiểu mục and overall with the total in words, the journal's anchor and the unit's signatures.
// Landscape A4. The figures are those of `settle --vouchers-csv` (the same entries, the same total).

public enum VouchersDocument {
    public static let orientation = PageOrientation.landscape

    public static func render(_ entries: [VoucherListEntry], settlement s: Settlement, conference c: Conference, date: DocumentDate,
                              lang: Language) throws -> String {
        let vi = lang == .vi
        let f = c.documents
        struct Sums { var gross: Int64 = 0, vat: Int64 = 0, pit: Int64 = 0 }
        func sign(_ e: VoucherListEntry) -> Int64 { e.voucher.kind == .refund ? -1 : 1 }
        var byCode: [String: Sums] = [:]
        var total = Sums()
        for e in entries {
            let k = sign(e)
            byCode[e.budgetCode, default: Sums()].gross += e.amount.dong
            byCode[e.budgetCode, default: Sums()].vat += e.voucher.vat.dong * k
            byCode[e.budgetCode, default: Sums()].pit += e.voucher.pitWithheld.dong * k
            total.gross += e.amount.dong; total.vat += e.voucher.vat.dong * k; total.pit += e.voucher.pitWithheld.dong * k
        }
        func m(_ v: Int64) throws -> Money { try Money(dong: v) }
        // A dense list: printed at 9,5 pt (`grid small`).
        let wMoney = DocumentParts.smallAmountWidth([try m(total.gross)], lang: lang, minimum: 20)
        let wTax = DocumentParts.smallAmountWidth([try m(total.vat), try m(total.pit)], lang: lang, minimum: 17)
        var widths = [9, 17, 20, 0, 12, 34, 24, wMoney, wTax, wTax, wMoney, 17]
        widths[3] = max(30, orientation.contentWidthMM - widths.reduce(0, +))
        let titles = vi ? ["STT", "Số chứng từ", "Ngày chứng từ", "Nội dung chi", "Tiểu mục", "Đối tượng nhận, mã số thuế",
                           "Hóa đơn (ký hiệu, số, ngày)", "Số tiền", "Thuế GTGT", "Thuế TNCN khấu trừ", "Số tiền thực trả", "Hình thức"]
                        : ["No.", "Voucher", "Date", "Content", "Budget code", "Payee, tax code", "Invoice (series, number, date)",
                           "Amount", "VAT", "PIT withheld", "Net paid", "Method"]
        let index = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11) = (8) − (10)", "(12)"]

        var rows: [HTML] = []
        for e in entries {
            let v = e.voucher
            let k = sign(e)
            var payee: [HTML] = [.el("div", text: v.payee)]
            if let t = v.taxCode { payee.append(.el("div", cls: "note", text: (vi ? "MST: " : "Tax code: ") + t)) }
            // An individual's ID (issue 14), as the Treasury's list names the payee and its code.
            else if let id = v.payeeID { payee.append(.el("div", cls: "note", text: (vi ? "Số định danh: " : "ID: ") + id)) }
            var content: [HTML] = [.el("div", text: v.description)]
            if v.kind != .payment { content.append(.el("div", cls: "note", text: "(" + v.kind.name.text(lang) + ")")) }
            let invoice = [v.invoiceSeries, v.invoiceNumber, v.invoiceDate?.description].compactMap { $0 }.joined(separator: " · ")
            let method = SettlementReport.methodName(v.method).text(lang)
            rows.append(.el("tr", [
                DocumentParts.tdCenter(String(e.stt)), DocumentParts.tdCenter(v.voucherNumber ?? ""), DocumentParts.tdCenter(v.date.description),
                .el("td", content), DocumentParts.tdCenter(e.budgetCode), .el("td", payee), DocumentParts.td(invoice),
                DocumentParts.tdAmount(e.amount, lang), DocumentParts.tdAmount(try m(v.vat.dong * k), lang),
                DocumentParts.tdAmount(try m(v.pitWithheld.dong * k), lang), DocumentParts.tdAmount(try m(e.amount.dong - v.pitWithheld.dong * k), lang),
                DocumentParts.tdCenter(method),
            ]))
        }
        func sumCells(_ x: Sums) throws -> [HTML] {
            [DocumentParts.tdAmount(try m(x.gross), lang), DocumentParts.tdAmount(try m(x.vat), lang),
             DocumentParts.tdAmount(try m(x.pit), lang), DocumentParts.tdAmount(try m(x.gross - x.pit), lang), DocumentParts.td("")]
        }
        var closingRows: [HTML] = []
        for code in byCode.keys.sorted() {
            let name = s.budget.catalogue.budgetCodes[code]?.name.text(lang) ?? ""
            closingRows.append(.el("tr", cls: "sub", [DocumentParts.tdSpan(7, [.text((vi ? "Cộng tiểu mục " : "Subtotal, tiểu mục ") + code + (name.isEmpty ? "" : " – " + name))])]
                                   + (try sumCells(byCode[code]!))))
        }
        closingRows.append(.el("tr", cls: "total", [DocumentParts.tdSpan(7, [.text((vi ? "TỔNG CỘNG (" : "TOTAL (") + "\(entries.count) " + (vi ? "chứng từ)" : "vouchers)"))], cls: "c")]
                                + (try sumCells(total))))

        var body: [HTML] = []
        if s.isDraft { body.append(DocumentParts.draftBanner(lang)) }
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: nil),
                                           place: f.issuePlace, date: date, lang: lang))
        body += DocumentParts.title(vi ? "BẢNG KÊ CHỨNG TỪ THANH TOÁN" : "LIST OF PAYMENT VOUCHERS", subject: [c.name])
        let b = s.budget
        body.append(.el("p", cls: "facts", text: vi
            ? "Dự toán được duyệt theo Quyết định số \(b.decisionNumber) ngày \(b.decisionDate) · Năm ngân sách \(b.fiscalYear)"
            : "Budget approved by decision no. \(b.decisionNumber) of \(b.decisionDate) · Budget year \(b.fiscalYear)"))
        if let cl = DocumentParts.classification(f.budget, lang) { body.append(cl) }
        body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
        body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(titles), DocumentParts.indexRow(index)], rows: rows, cls: "grid small"))
        body.append(.el("div", cls: "closing", [
            DocumentParts.closingTotals(widths: widths, rows: closingRows, cls: "grid small closing-total"),
            DocumentParts.inWordsLine(vi ? "Tổng số tiền bằng chữ" : "Total, in words", try m(total.gross), lang),
            DocumentParts.anchorNote(records: s.recordCount, anchor: s.anchor, lang),
            DocumentParts.signatures(DocumentParts.unitSignatures(f, lang)),
        ]))
        return DocumentPage.render(title: (vi ? "Bảng kê chứng từ thanh toán — " : "List of payment vouchers — ") + c.name, lang: lang,
                                   orientation: orientation, body: body)
    }
}
