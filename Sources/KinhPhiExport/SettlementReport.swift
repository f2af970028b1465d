import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiAppraisal
import KinhPhiJournal
import KinhPhiSettlement

// The settlement statement (báo cáo quyết toán kinh phí) on the terminal, and the two CSV files for the
// finance office (docs/settlement-csv.md): the settlement by line and the voucher list.

public enum CSVHeaderStyle: String, Sendable, CaseIterable {
    /// Vietnamese column titles (the default: the finance office's language).
    case vi
    /// Stable machine keys.
    case keys
}

public enum SettlementReport {
    static let draftBanner = "DỰ THẢO / DRAFT"

    // MARK: text statement

    static func pct(_ q: Quantity?, _ lang: Language) -> String { TextLayout.percent(q, lang) }

    static func figures(_ a: Money, _ x: Money, _ d: Money, _ q: Quantity?, _ n: Int, _ lang: Language) -> [String] {
        [a, x, d].map { TextLayout.money($0, lang) } + [pct(q, lang), String(n)]
    }

    /// Code, description (what is left of `width`, at least 16), tiểu mục, three amounts as wide as the
    /// longest figure or header word, % executed and the voucher count.
    static func columns(_ s: Settlement, lang: Language, width: Int) -> [TextLayout.Column] {
        let vi = lang == .vi
        let groups = s.sections + s.budgetCodes + s.budgetGroups + [s.total]
        let amounts = (s.lines.flatMap { [$0.approved, $0.actual, $0.difference] } + groups.flatMap { [$0.approved, $0.actual, $0.difference] })
            .map { TextLayout.money($0, lang) }
        let money = TextLayout.columnWidth(amounts, header: vi ? "Chênh lệch" : "Difference")
        let code = TextLayout.columnWidth(s.lines.map(\.line.code) + s.budgetCodes.map(\.key) + s.budgetGroups.map(\.key),
                                         header: vi ? "Mã" : "Line", minimum: 4)
        let codeCol = TextLayout.columnWidth(s.lines.map(\.line.budgetCode), header: vi ? "T.mục" : "Code", minimum: 4)
        let percent = TextLayout.columnWidth((s.lines.map(\.executedPercent) + groups.map(\.executedPercent)).map { pct($0, lang) },
                                            header: vi ? "% TH" : "% exec", minimum: 5)
        let count = TextLayout.columnWidth((s.lines.map(\.voucherCount) + [s.total.voucherCount]).map(String.init),
                                          header: vi ? "Số CT" : "Vouch.", minimum: 5)
        let w = TextLayout.fit([code, nil, codeCol, money, money, money, percent, count], total: width, minimum: 16)
        return [.init(w[0]), .init(w[1]), .init(w[2])] + w[3...].map { TextLayout.Column($0, .right) }
    }

    public static func text(_ s: Settlement, asOf: CivilDate, lang: Language, width asked: Int = TextLayout.defaultWidth) -> String {
        let vi = lang == .vi
        let b = s.budget
        let cols = columns(s, lang: lang, width: asked)
        let width = TextLayout.tableWidth(cols)
        // Description and tiểu mục merged: subtotal labels and the names of the budget codes.
        let merged = [cols[0], TextLayout.Column(cols[1].width + 1 + cols[2].width)] + cols[3...]
        let totalCols = [TextLayout.Column(cols[0].width + 1 + cols[1].width + 1 + cols[2].width)] + cols[3...]
        var out: [String] = []
        if s.isDraft { out.append(TextLayout.center("*** \(draftBanner) ***", width)) }
        out.append(b.organiser.uppercased())
        out.append(vi ? "BÁO CÁO QUYẾT TOÁN KINH PHÍ" : "SETTLEMENT STATEMENT")
        out.append(b.conferenceName)
        out.append(vi ? "Dự toán được duyệt: Quyết định số \(b.decisionNumber) ngày \(b.decisionDate) · Năm ngân sách \(b.fiscalYear) · Lập ngày \(asOf)"
                      : "Approved budget: decision no. \(b.decisionNumber) of \(b.decisionDate) · Budget year \(b.fiscalYear) · Prepared \(asOf)")
        out.append(vi ? "Nhật ký: \(s.recordCount) bản ghi · hash cuối \(String(s.lastHash.hex.prefix(16)))…"
                      : "Journal: \(s.recordCount) records · last hash \(String(s.lastHash.hex.prefix(16)))…")
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out = TextLayout.fitLines(out, width: max(asked, width))
        out += TextLayout.wideNote(width, asked: asked, lang)
        out.append("")
        let moneyHeads = vi ? ["Dự toán duyệt", "Thực chi", "Chênh lệch"] : ["Approved", "Actual", "Difference"]
        let tail = [vi ? "% TH" : "% exec", vi ? "Số CT" : "Vouch."]
        out += TextLayout.row([vi ? "Mã" : "Line", vi ? "Nội dung chi" : "Item", vi ? "T.mục" : "Code"] + moneyHeads + tail, cols)
        out.append(TextLayout.rule(width, "="))
        var sectionIndex = 0
        var current: String? = nil
        func closeSection() {
            guard current != nil else { return }
            let g = s.sections[sectionIndex]
            out += TextLayout.row(["", vi ? "Cộng phần" : "Section subtotal"] + figures(g.approved, g.actual, g.difference, g.executedPercent, g.voucherCount, lang), merged)
            out.append(TextLayout.rule(width))
            sectionIndex += 1
        }
        for l in s.lines {
            if l.line.section != current {
                closeSection()
                current = l.line.section
                out += TextLayout.indented(l.line.section, indent: 0, width: width)
            }
            out += TextLayout.row([l.line.code, l.line.description, l.line.budgetCode]
                                  + figures(l.approved, l.actual, l.difference, l.executedPercent, l.voucherCount, lang), cols)
            if !l.overrun.isZero {
                out += TextLayout.indented((vi ? "Vượt dự toán được duyệt: " : "Over the approved amount: ") + TextLayout.money(l.overrun, lang),
                                           indent: cols[0].width + 1, width: width)
            }
        }
        closeSection()
        out += TextLayout.row([vi ? "TỔNG CỘNG" : "TOTAL"] + figures(s.total.approved, s.total.actual, s.total.difference, s.total.executedPercent, s.total.voucherCount, lang), totalCols)
        out.append(TextLayout.rule(width, "="))
        out.append("")
        out += groupTable(vi ? "THEO MỤC LỤC NGÂN SÁCH (TIỂU MỤC)" : "BY BUDGET CODE (TIỂU MỤC)", s.budgetCodes, lang, merged)
        out.append("")
        out += groupTable(vi ? "THEO MỤC" : "BY MỤC", s.budgetGroups, lang, merged)
        out.append("")
        var closing: [String] = []
        closing.append((vi ? "Tổng dự toán được duyệt: " : "Total approved: ") + TextLayout.money(s.total.approved, lang))
        closing.append((vi ? "Tổng thực chi đề nghị quyết toán: " : "Total actual, for settlement: ") + TextLayout.money(s.total.actual, lang))
        closing.append((vi ? "  Bằng chữ: " : "  In words: ") + TextLayout.inWords(s.total.actual, lang))
        closing.append((vi ? "Số kinh phí nộp trả ngân sách: " : "Amount to return to the budget: ") + TextLayout.money(s.toReturn, lang))
        closing.append((vi ? "  Bằng chữ: " : "  In words: ") + TextLayout.inWords(s.toReturn, lang))
        if !s.total.overrun.isZero {
            closing.append((vi ? "Số chi vượt dự toán không được quyết toán: " : "Overrun not settled from the approved budget: ") + TextLayout.money(s.total.overrun, lang))
        }
        if !s.openAdvances.isEmpty {
            closing.append("")
            closing.append(vi ? "Tạm ứng chưa thanh toán (bản dự thảo):" : "Advances not yet cleared (draft):")
            for a in s.openAdvances {
                closing.append("  #\(a.seq) \(a.voucherNumber ?? "") \(a.date) · \(a.lineCode) · \(a.payee) · \(TextLayout.money(a.amount, lang))")
            }
        }
        out += TextLayout.fitLines(closing, width: width)
        out.append("")
        out += TextLayout.signatureBlock(lang, width: width)
        if s.isDraft { out.append(""); out.append(TextLayout.center("*** \(draftBanner) ***", width)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// Code, name (wrapped at its spaces, never cut mid-word), and the figures.
    static func groupTable(_ title: String, _ groups: [SettlementGroup], _ lang: Language, _ cols: [TextLayout.Column]) -> [String] {
        let vi = lang == .vi
        var out = [title]
        out += TextLayout.row([vi ? "Mã" : "Code", vi ? "Tên" : "Name"]
                              + (vi ? ["Dự toán duyệt", "Thực chi", "Chênh lệch"] : ["Approved", "Actual", "Difference"])
                              + [vi ? "% TH" : "% exec", vi ? "Số CT" : "Vouch."], cols)
        for g in groups {
            out += TextLayout.row([g.key, g.name.text(lang)] + figures(g.approved, g.actual, g.difference, g.executedPercent, g.voucherCount, lang), cols)
        }
        return out
    }

    // MARK: CSV

    static let settlementKeys = ["line", "section", "description", "budget_code", "budget_group", "approved", "actual",
                                 "difference", "executed_pct", "vouchers", "to_return"]
    static let settlementVi = ["Mã dòng", "Phần", "Nội dung chi", "Tiểu mục", "Mục", "Dự toán được duyệt", "Thực chi",
                               "Chênh lệch", "Tỷ lệ thực hiện (%)", "Số chứng từ", "Số nộp trả"]

    static func pctCSV(_ q: Quantity?) -> CSVCell { .number(q.map { VietnameseNumberFormat.percent($0, decimal: ".") } ?? "") }

    /// The settlement by line, then one TOTAL row (`line` = TOTAL with keys, "Tổng cộng" with Vietnamese titles).
    public static func settlementCSV(_ s: Settlement, header: CSVHeaderStyle) -> String {
        var w = CSVWriter()
        w.textRow(header == .keys ? settlementKeys : settlementVi)
        let groups = s.budget.catalogue.budgetCodes
        for l in s.lines {
            w.row([.text(l.line.code), .text(l.line.section), .text(l.line.description), .text(l.line.budgetCode),
                   .text(groups[l.line.budgetCode]?.group ?? ""), .money(l.approved), .money(l.actual), .money(l.difference),
                   pctCSV(l.executedPercent), .int(l.voucherCount), .money(l.toReturn)])
        }
        let t = s.total
        let words = AmountInWords.vietnamese(t.actual.dong) ?? ""
        let desc = (s.isDraft ? draftBanner + " — " : "") + (header == .keys ? "actual in words: " : "Thực chi bằng chữ: ") + words
        w.row([.text(header == .keys ? "TOTAL" : "Tổng cộng"), .text(""), .text(desc), .text(""), .text(""),
               .money(t.approved), .money(t.actual), .money(t.difference), pctCSV(t.executedPercent), .int(t.voucherCount), .money(t.toReturn)])
        return w.output
    }

    static let voucherKeys = ["stt", "seq", "voucher_no", "date", "description", "line", "budget_code", "payee", "kind", "amount"]
    static let voucherVi = ["STT", "Số bản ghi", "Số chứng từ", "Ngày chứng từ", "Nội dung", "Mã dòng", "Tiểu mục", "Đối tượng nhận", "Loại", "Số tiền"]

    /// Streams the voucher list into `file`; returns its total. The caller compares it with the settlement.
    /// The rows are formatted from the journal's bytes on all cores (`VoucherList.stream`, `VoucherCSVSink`)
    /// and written in journal order; the bytes are those `CSVWriter` gives for the same cells.
    public static func writeVoucherCSV(_ journal: Journal, ledger: Ledger, to file: AtomicFileWriter, header: CSVHeaderStyle, draft: Bool) throws -> Money {
        var w = CSVWriter()
        w.textRow(header == .keys ? voucherKeys : voucherVi)
        try file.write(w.output)
        let layout = VoucherCSVLayout(ledger: ledger, header: header)
        var count = 0
        let total = try VoucherList.stream(journal, ledger: ledger, makeSink: { VoucherCSVSink(layout) }) { sink in
            if let f = sink.failure { throw f }
            try file.write(bytes: sink.out)
            count += sink.count
            sink.reset()
        }
        let desc = (draft ? draftBanner + " — " : "") + "\(count) " + (header == .keys ? "vouchers" : "chứng từ")
        w = CSVWriter(bom: false)
        w.row([.text(header == .keys ? "TOTAL" : "Tổng cộng"), .text(""), .text(""), .text(""), .text(desc), .text(""), .text(""), .text(""), .text(""), .money(total)])
        try file.write(w.output)
        return total
    }

    // MARK: explain

    public static func explainText(_ items: [VoucherList.Explained], line: LedgerLine, lang: Language) -> String {
        let vi = lang == .vi
        var out: [String] = []
        out.append((vi ? "Dòng " : "Line ") + line.code + ": " + line.line.description)
        out.append((vi ? "Dự toán được duyệt: " : "Approved: ") + TextLayout.money(line.approved, lang)
                   + (vi ? " · Thực chi: " : " · Actual: ") + TextLayout.money(line.paid, lang)
                   + (vi ? " · Tạm ứng chưa thanh toán: " : " · Advances open: ") + TextLayout.money(line.advancedOutstanding, lang))
        out.append("")
        out.append(TextLayout.padLeft("#", 7) + " " + TextLayout.pad(vi ? "Ngày" : "Date", 10) + " " + TextLayout.pad(vi ? "Loại" : "Kind", 20) + " "
                   + TextLayout.pad(vi ? "Số CT" : "Voucher", 12) + " " + TextLayout.padLeft(vi ? "Tính vào thực chi" : "Counts", 18) + "  " + (vi ? "Đối tượng · nội dung" : "Payee · description"))
        var sum = Money.zero
        for e in items {
            let r = e.record
            switch r.body {
            case .voucher(let v):
                let counted = e.counts ? TextLayout.money(e.contribution, lang) : (vi ? "không" : "no")
                sum = (try? sum + e.contribution) ?? sum
                var note = "\(v.payee) · \(v.description)"
                if let by = e.reversedBy { note += vi ? " (đã đảo bởi #\(by))" : " (reversed by #\(by))" }
                else if v.kind == .advance { note += vi ? " (tạm ứng: tính khi thanh toán)" : " (advance: counts when cleared)" }
                out.append(TextLayout.padLeft("#\(r.seq)", 7) + " " + TextLayout.pad(v.date.description, 10) + " " + TextLayout.pad(v.kind.name.text(lang), 20) + " "
                           + TextLayout.pad(v.voucherNumber ?? "", 12) + " " + TextLayout.padLeft(counted, 18) + "  " + note)
            case .reversal(let of, let reason):
                out.append(TextLayout.padLeft("#\(r.seq)", 7) + " " + TextLayout.pad(r.recordedAt.civilDate().description, 10) + " "
                           + TextLayout.pad(vi ? "bút toán đảo" : "reversal", 20) + " " + TextLayout.pad("", 12) + " " + TextLayout.padLeft(vi ? "không" : "no", 18)
                           + "  " + (vi ? "đảo #\(of): " : "reverses #\(of): ") + reason)
            }
        }
        out.append((vi ? "Cộng tính vào thực chi: " : "Total counted: ") + TextLayout.money(sum, lang))
        return out.joined(separator: "\n") + "\n"
    }
}
