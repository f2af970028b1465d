import KinhPhiCore
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi pit`: the register of income paid to individuals and the PIT withheld (PITRegister), as a text
// report to read and sign, and as CSV for the PIT return (UTF-8 with BOM, CRLF, RFC 4180, amounts as
// integers, like the settlement CSV: docs/settlement-csv.md § CSV conventions).

public enum PITReport {
    // MARK: Text

    /// Per person: number, name, identifier, gross, PIT, net, payments; under each person the vouchers
    /// behind the figures; the totals, the journal's PIT total beside them, the staff apart; signatures.
    public static func text(_ r: PITRegister, budget: ApprovedBudget, asOf: CivilDate, lang: Language,
                            width asked: Int = TextLayout.defaultWidth) -> String {
        let vi = lang == .vi
        let all = r.people + r.staff
        let figures = all.flatMap { [$0.gross, $0.pit, $0.net] } + [r.gross, r.pit, r.net, r.staffGross, r.staffPIT]
        let money = TextLayout.columnWidth(figures.map { TextLayout.money($0, lang) }, header: vi ? "Thực nhận" : "Net", minimum: 9)
        let idCol = TextLayout.columnWidth(all.map { $0.id ?? "" }, header: vi ? "MST/CCCD" : "Tax/ID no.", minimum: 10)
        let count = TextLayout.columnWidth(all.map { String($0.payments.count) } + [String(r.paymentCount)], header: vi ? "Lần" : "Paid", minimum: 4)
        let stt = max(3, String(all.count).count)
        let w = TextLayout.fit([stt, nil, idCol, money, money, money, count], total: asked, minimum: 14)
        let cols = [TextLayout.Column(w[0], .right), .init(w[1]), .init(w[2])] + w[3...].map { TextLayout.Column($0, .right) }
        let width = TextLayout.tableWidth(cols)
        let totalCols = [TextLayout.Column(w[0] + 1 + w[1] + 1 + w[2])] + w[3...].map { TextLayout.Column($0, .right) }
        var out: [String] = []
        out.append(budget.organiser.uppercased())
        out.append(vi ? "BẢNG KÊ THU NHẬP TRẢ CHO CÁ NHÂN VÀ THUẾ THU NHẬP CÁ NHÂN ĐÃ KHẤU TRỪ"
                      : "INCOME PAID TO INDIVIDUALS AND PERSONAL INCOME TAX WITHHELD")
        out.append(budget.conferenceName)
        let period = r.year.map { vi ? "Năm chi trả \($0)" : "Payments of \($0)" } ?? (vi ? "Mọi năm chi trả trong nhật ký" : "Every year of payment in the journal")
        out.append((vi ? "Dự toán được duyệt: Quyết định số \(budget.decisionNumber) · " : "Approved budget: decision no. \(budget.decisionNumber) · ")
                   + period + (vi ? " · Lập ngày \(asOf)" : " · Prepared \(asOf)"))
        out.append(vi ? "Nhật ký: \(r.anchor.prefix { $0 != ":" }) bản ghi; neo nhật ký (kinhphi verify --anchor):"
                      : "Journal: \(r.anchor.prefix { $0 != ":" }) records; anchor (kinhphi verify --anchor):")
        out.append("  " + r.anchor)
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out = TextLayout.fitLines(out, width: max(asked, width))
        out += TextLayout.wideNote(width, asked: asked, lang)
        out.append("")
        let heads = vi ? ["STT", "Họ và tên", "MST/CCCD", "Thu nhập", "Thuế TNCN", "Thực nhận", "Lần"]
                       : ["No.", "Name", "Tax/ID no.", "Income", "PIT", "Net", "Paid"]
        func table(_ people: [PITPerson], from first: Int) -> [String] {
            var lines: [String] = []
            for (i, p) in people.enumerated() {
                lines += TextLayout.row([String(first + i), p.name, p.id ?? (vi ? "(chưa có)" : "(none)"), TextLayout.money(p.gross, lang),
                                         TextLayout.money(p.pit, lang), TextLayout.money(p.net, lang), String(p.payments.count)], cols)
                for pay in p.payments {
                    let what = (vi ? "bản ghi \(pay.seq)" : "record \(pay.seq)") + (pay.voucherNumber.map { " · \($0)" } ?? "")
                        + " · \(pay.date) · " + (vi ? "dòng \(pay.line)" : "line \(pay.line)") + " · " + TextLayout.money(pay.gross, lang)
                        + (pay.pit.isZero ? "" : (vi ? " · thuế " : " · PIT ") + TextLayout.money(pay.pit, lang))
                    lines += TextLayout.indented(what, indent: w[0] + 1, width: width)
                }
            }
            return lines
        }
        out.append(vi ? "I. CÁ NHÂN KHÔNG KÝ HỢP ĐỒNG LAO ĐỘNG VỚI ĐƠN VỊ (khấu trừ 10%)"
                      : "I. INDIVIDUALS WITHOUT A LABOUR CONTRACT WITH THE UNIT (10 % withheld)")
        out += TextLayout.row(heads, cols)
        out.append(TextLayout.rule(width, "="))
        out += table(r.people, from: 1)
        if r.people.isEmpty { out.append(vi ? "(không có)" : "(none)") }
        out.append(TextLayout.rule(width))
        out += TextLayout.row([vi ? "Cộng" : "Total", TextLayout.money(r.gross, lang), TextLayout.money(r.pit, lang),
                               TextLayout.money(r.net, lang), String(r.paymentCount)], totalCols)
        if !r.staff.isEmpty {
            out.append("")
            out.append(vi ? "II. CÁN BỘ CỦA ĐƠN VỊ (thu nhập kê khai cùng tiền lương, tiền công; không khấu trừ 10%)"
                          : "II. THE UNIT'S OWN STAFF (income declared with salaries; no flat 10 %)")
            out += TextLayout.row(heads, cols)
            out.append(TextLayout.rule(width, "="))
            out += table(r.staff, from: r.people.count + 1)
            out.append(TextLayout.rule(width))
            out += TextLayout.row([vi ? "Cộng" : "Total", TextLayout.money(r.staffGross, lang), TextLayout.money(r.staffPIT, lang),
                                   TextLayout.money((try? r.staffGross - r.staffPIT) ?? r.staffGross, lang),
                                   String(r.staff.reduce(0) { $0 + $1.payments.count })], totalCols)
        }
        out.append("")
        var closing: [String] = []
        closing.append((vi ? "Tổng thuế TNCN đã khấu trừ: " : "Total PIT withheld: ") + TextLayout.money(r.pit, lang))
        closing.append((vi ? "  Bằng chữ: " : "  In words: ") + TextLayout.inWords(r.pit, lang))
        let listed = (try? r.pit + r.staffPIT) ?? r.pit
        if listed == r.journalPIT {
            closing.append(vi ? "Khớp với tổng thuế TNCN khấu trừ trong nhật ký: \(TextLayout.money(r.journalPIT, lang))."
                              : "Equals the PIT withheld in the journal: \(TextLayout.money(r.journalPIT, lang)).")
        } else {
            closing.append(vi ? "CHÚ Ý: tổng thuế TNCN trong nhật ký là \(TextLayout.money(r.journalPIT, lang)), khác bảng kê (\(TextLayout.money(listed, lang))): có khoản khấu trừ ngoài thu nhập của cá nhân."
                              : "NOTE: the journal's PIT total is \(TextLayout.money(r.journalPIT, lang)), not the register's (\(TextLayout.money(listed, lang))): some PIT was withheld outside an individual's income.")
        }
        let noID = r.people.filter { $0.id == nil }.count
        if noID > 0 {
            closing.append(vi ? "\(noID) người chưa có mã số thuế hoặc số định danh (payee_id): bổ sung trước khi kê khai."
                              : "\(noID) people have no tax code or ID number (payee_id): complete them before filing.")
        }
        out += TextLayout.fitLines(closing, width: width)
        out.append("")
        out += TextLayout.signatureBlock(lang, width: width)
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: CSV

    static let keys = ["stt", "payee_id", "name", "staff", "gross", "pit", "net", "payments", "vouchers"]
    static let vi = ["STT", "Mã số thuế/Số định danh", "Họ và tên", "Cán bộ của đơn vị", "Tổng thu nhập", "Thuế TNCN đã khấu trừ",
                     "Thực nhận", "Số lần chi trả", "Chứng từ"]

    /// One row per person (the individuals, then the staff), the vouchers behind each in the last cell
    /// ("TL-01 (bản ghi 12, 20/11/2025); …"), then one TOTAL row over the individuals and the journal's
    /// ANCHOR row ("Neo nhật ký": record count and head hash, as the settlement CSV).
    public static func csv(_ r: PITRegister, header: CSVHeaderStyle) -> String {
        let k = header == .keys
        var w = CSVWriter()
        w.textRow(k ? keys : vi)
        for (i, p) in (r.people + r.staff).enumerated() {
            let vouchers = p.payments.map { pay in
                (pay.voucherNumber ?? "") + " (" + (k ? "record \(pay.seq), \(pay.date.iso)" : "bản ghi \(pay.seq), \(pay.date)") + ")"
            }.joined(separator: "; ")
            w.row([.int(i + 1), .text(p.id ?? ""), .text(p.name), .text(p.staff ? (k ? "yes" : "có") : (k ? "no" : "không")),
                   .money(p.gross), .money(p.pit), .money(p.net), .int(p.payments.count), .text(vouchers)])
        }
        w.row([.text(k ? "TOTAL" : "Tổng cộng"), .text(""), .text(k ? "individuals without a labour contract" : "cá nhân không ký hợp đồng lao động"),
               .text(k ? "no" : "không"), .money(r.gross), .money(r.pit), .money(r.net), .int(r.paymentCount), .text("")])
        var anchor = [CSVCell](repeating: .text(""), count: keys.count)
        anchor[0] = .text(k ? "ANCHOR" : "Neo nhật ký")
        anchor[2] = .text(r.anchor)
        w.row(anchor)
        return w.output
    }
}
