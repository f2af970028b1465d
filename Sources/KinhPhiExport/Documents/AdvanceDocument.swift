import KinhPhiCore
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi print <ws> advance --voucher <no>`: Giấy đề nghị tạm ứng — the request for an advance (the
// accounting voucher of the unit's regime, TT 107/2017/TT-BTC's "C42-HD" as one secondary source names it,
// not read: docs/documents.md) — and, once the advance is cleared, on a second page, Giấy thanh toán tạm
// ứng: the advance, what was spent (the clearing), and the difference, either unspent (to be paid back) or
// spent beyond the advance (to be paid to the person). Portrait A4. Each page has the unit's masthead, the
// amounts in words and its signatures; the journal's anchor closes the document.

public enum AdvanceDocument {
    public static let orientation = PageOrientation.portrait

    public static func render(_ p: VoucherList.AdvanceWithClearing, settlement s: Settlement, conference c: Conference, lang: Language) throws -> String {
        let vi = lang == .vi
        let f = c.documents
        let a = p.advance
        var body: [HTML] = []
        // Page 1: the request.
        body.append(DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser,
                                                                  number: a.voucherNumber.map { .given($0) }),
                                           place: f.issuePlace, date: .on(a.date), lang: lang))
        body += DocumentParts.title(vi ? "GIẤY ĐỀ NGHỊ TẠM ỨNG" : "REQUEST FOR AN ADVANCE", subject: [])
        let head = f.head.title.isEmpty ? (vi ? "Thủ trưởng đơn vị" : "Head of unit") : f.head.title
        let deadline: String
        if let contract = a.contractNumber {
            deadline = vi ? "khi nghiệm thu, thanh lý hợp đồng \(contract)" : "on acceptance of contract \(contract)"
        } else {
            deadline = a.date.endOfFollowingMonth.description
        }
        var lines: [HTML] = [
            .el("p", cls: "recipient", text: (vi ? "Kính gửi: " : "To: ") + head + " " + c.organiser),
            .el("p", text: (vi ? "Tên tôi là: " : "My name: ") + a.payee),
            .el("p", text: (vi ? "Bộ phận (hoặc địa chỉ): " : "Department (or address): ") + (a.payeeType == .business ? (a.taxCode.map { (vi ? "MST " : "tax code ") + $0 } ?? "") : "")),
            .el("p", [.text(vi ? "Đề nghị cho tạm ứng số tiền: " : "I ask for an advance of: "), .el("b", text: DocumentParts.money(a.amount, lang) + (vi ? " đồng" : " dong"))]),
            DocumentParts.inWordsLine(vi ? "Viết bằng chữ" : "In words", a.amount, lang),
            .el("p", text: (vi ? "Lý do tạm ứng: " : "Purpose: ") + a.description),
            .el("p", text: (vi ? "Dòng dự toán: " : "Estimate line: ") + a.line + (s.approvedLine(a.line).map { " – " + $0.description + " (" + (vi ? "tiểu mục " : "budget code ") + $0.budgetCode + ")" } ?? "")),
            .el("p", text: (vi ? "Thời hạn thanh toán: " : "To be cleared by: ") + deadline),
        ]
        if let contract = a.contractNumber {
            lines.append(.el("p", text: (vi ? "Hợp đồng: " : "Contract: ") + contract + (a.contractValue.map { (vi ? ", giá trị " : ", value ") + DocumentParts.money($0, lang) } ?? "")))
        }
        lines.append(.el("p", text: (vi ? "Hình thức: " : "Method: ") + SettlementReport.methodName(a.method).text(lang)))
        body.append(.el("div", cls: "form-lines", lines))
        let hint = vi ? "(Ký, họ tên)" : "(Signature, full name)"
        let unit = DocumentParts.unitSignatures(f, lang)
        body.append(.el("div", cls: "closing", [
            DocumentParts.signatures([unit[2], unit[1], SignatureColumn(title: vi ? "Người đề nghị tạm ứng" : "Requested by", hint: hint, name: a.payee)]),
        ]))
        // Page 2: the clearing, once there is one.
        if let (_, cl) = p.clearing {
            body.append(.el("div", cls: "page-break", [
                DocumentParts.masthead(issuer: DocumentIssuer(superiorBody: f.superiorBody, unit: c.organiser, number: cl.voucherNumber.map { .given($0) }),
                                       place: f.issuePlace, date: .on(cl.date), lang: lang),
            ]))
            body += DocumentParts.title(vi ? "GIẤY THANH TOÁN TẠM ỨNG" : "CLEARING OF AN ADVANCE", subject: [])
            body.append(.el("div", cls: "form-lines", [
                .el("p", text: (vi ? "Họ và tên người thanh toán: " : "Name: ") + cl.payee),
                .el("p", text: (vi ? "Bộ phận (hoặc địa chỉ): " : "Department (or address): ")),
                .el("p", text: (vi ? "Số tiền tạm ứng được thanh toán theo bảng dưới đây:" : "The advance is cleared as follows:")),
            ]))
            let unspent = Money.max(try a.amount - cl.amount, .zero), beyond = Money.max(try cl.amount - a.amount, .zero)
            let w = DocumentParts.amountWidth([a.amount, cl.amount], lang: lang, minimum: 40)
            let widths = [orientation.contentWidthMM - w, w]
            let no = a.voucherNumber.map { (vi ? " số " : " no. ") + $0 } ?? ""
            let clNo = cl.voucherNumber.map { (vi ? " số " : " no. ") + $0 } ?? ""
            let rows: [HTML] = [
                .el("tr", cls: "section", [DocumentParts.td(vi ? "I. Số tiền tạm ứng" : "I. Advanced"), DocumentParts.tdAmount(a.amount, lang)]),
                .el("tr", [DocumentParts.td(vi ? "1. Số tạm ứng các kỳ trước chưa chi hết" : "1. Earlier advances not spent"), DocumentParts.tdAmount(.zero, lang)]),
                .el("tr", [DocumentParts.td((vi ? "2. Số tạm ứng kỳ này: chứng từ" : "2. This advance: voucher") + no + (vi ? " ngày " : " of ") + a.date.description),
                           DocumentParts.tdAmount(a.amount, lang)]),
                .el("tr", cls: "section", [DocumentParts.td(vi ? "II. Số tiền đã chi" : "II. Spent"), DocumentParts.tdAmount(cl.amount, lang)]),
                .el("tr", [DocumentParts.td((vi ? "1. Chứng từ" : "1. Voucher") + clNo + (vi ? " ngày " : " of ") + cl.date.description + ": " + cl.description),
                           DocumentParts.tdAmount(cl.amount, lang)]),
                .el("tr", cls: "section", [DocumentParts.td(vi ? "III. Chênh lệch" : "III. Difference"), DocumentParts.td("")]),
                .el("tr", [DocumentParts.td(vi ? "1. Số tạm ứng chi không hết (I − II)" : "1. Advanced and not spent (I − II)"), DocumentParts.tdAmount(unspent, lang)]),
                .el("tr", [DocumentParts.td(vi ? "2. Chi quá số tạm ứng (II − I)" : "2. Spent beyond the advance (II − I)"), DocumentParts.tdAmount(beyond, lang)]),
            ]
            body.append(.el("p", cls: "unit-of-measure", text: vi ? "Đơn vị tính: đồng" : "Unit: dong"))
            body.append(DocumentParts.grid(widths: widths, head: [DocumentParts.headRow(vi ? ["Diễn giải", "Số tiền"] : ["Item", "Amount"])], rows: rows))
            var closing: [HTML] = []
            if !unspent.isZero { closing.append(DocumentParts.inWordsLine(vi ? "Số chi không hết, phải nộp lại, bằng chữ" : "Not spent, to pay back, in words", unspent, lang)) }
            if !beyond.isZero { closing.append(DocumentParts.inWordsLine(vi ? "Số chi quá tạm ứng, được thanh toán thêm, bằng chữ" : "Spent beyond the advance, to pay, in words", beyond, lang)) }
            if unspent.isZero && beyond.isZero { closing.append(.el("p", text: vi ? "Số đã chi bằng số tạm ứng." : "The amount spent equals the advance.")) }
            closing.append(DocumentParts.anchorNote(records: s.recordCount, anchor: s.anchor, lang))
            closing.append(DocumentParts.signatures([unit[2], unit[1], SignatureColumn(title: vi ? "Người đề nghị thanh toán" : "Cleared by", hint: hint, name: cl.payee)]))
            body.append(.el("div", cls: "closing", closing))
        } else {
            body.append(.el("p", cls: "note", text: vi ? "Khoản tạm ứng chưa được thanh toán: Giấy thanh toán tạm ứng in được khi đã ghi khoản thanh toán tạm ứng."
                                                       : "The advance is not cleared yet: the clearing prints once it is recorded."))
            body.append(DocumentParts.anchorNote(records: s.recordCount, anchor: s.anchor, lang))
        }
        return DocumentPage.render(title: (vi ? "Giấy đề nghị tạm ứng — " : "Advance — ") + (a.voucherNumber ?? "#\(p.advanceSeq)"), lang: lang,
                                   orientation: orientation, body: body)
    }
}
