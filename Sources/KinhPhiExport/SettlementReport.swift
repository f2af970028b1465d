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
        let amounts = (s.lines.map(\.figures) + groups.map(\.figures))
            .flatMap { [$0.approved, $0.actual, $0.difference, $0.drawn, $0.toRepay, $0.toCancel] }
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

    /// `sources`: conference.csv / estimate.csv differing from the approval: the statement says so (its
    /// figures stay the approved ones).
    public static func text(_ s: Settlement, asOf: CivilDate, lang: Language, width asked: Int = TextLayout.defaultWidth,
                            sources: [SourceChange] = []) -> String {
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
        var approval = vi ? "Dự toán được duyệt: Quyết định số \(b.decisionNumber) ngày \(b.decisionDate)" : "Approved budget: decision no. \(b.decisionNumber) of \(b.decisionDate)"
        for v in s.versions where v.number > 1 {
            approval += vi ? "; điều chỉnh lần \(v.number - 1): Quyết định số \(v.decisionNumber) ngày \(v.decisionDate)"
                           : "; adjustment \(v.number - 1): decision no. \(v.decisionNumber) of \(v.decisionDate)"
        }
        out.append(approval + (vi ? " · Năm ngân sách \(b.fiscalYear) · Lập ngày \(asOf)" : " · Budget year \(b.fiscalYear) · Prepared \(asOf)"))
        out.append(vi ? "Nhật ký: \(s.recordCount) bản ghi; neo nhật ký (kinhphi verify --anchor):"
                      : "Journal: \(s.recordCount) records; anchor (kinhphi verify --anchor):")
        out.append("  " + s.anchor)
        for c in sources {
            out.append(vi ? "Lưu ý: \(c.file) đã khác với lúc duyệt (\(c.versionFile)): quyết toán theo số của dự toán được duyệt, không theo tệp hiện tại."
                          : "Note: \(c.file) differs from what was approved (\(c.versionFile)): settled at the approved figures, not the file's.")
        }
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
        out += balanceTable(vi ? "SỐ NỘP TRẢ VÀ HỦY DỰ TOÁN THEO DÒNG" : "TO REPAY AND TO CANCEL, BY LINE",
                            s.lines.filter { !$0.figures.left.isZero }.map { ($0.line.code, $0.line.description, $0.figures) }, lang, merged)
        out.append("")
        out += balanceTable(vi ? "THEO TIỂU MỤC" : "BY TIỂU MỤC", s.budgetCodes.map { ($0.key, $0.name.text(lang), $0.figures) }, lang, merged)
        out.append("")
        out += balanceTable(vi ? "THEO MỤC" : "BY MỤC", s.budgetGroups.map { ($0.key, $0.name.text(lang), $0.figures) }, lang, merged)
        out.append("")
        out += TextLayout.fitLines(closingLines(s, lang), width: width)
        if !s.openAdvances.isEmpty {
            var open = [""]
            open.append(vi ? "Tạm ứng chưa thanh toán (bản dự thảo):" : "Advances not yet cleared (draft):")
            for a in s.openAdvances {
                open.append("  #\(a.seq) \(a.voucherNumber ?? "") \(a.date) · \(a.lineCode) · \(a.payee) · \(TextLayout.money(a.amount, lang))")
            }
            out += TextLayout.fitLines(open, width: width)
        }
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

    /// Code, name, then drawn (net of refunds), to repay and to cancel (the open advances of a draft under
    /// the name): what is left of each approved amount, in the finance office's terms.
    static func balanceTable(_ title: String, _ rows: [(String, String, SettlementFigures)], _ lang: Language, _ cols: [TextLayout.Column]) -> [String] {
        let vi = lang == .vi
        var out = [title]
        out += TextLayout.row([vi ? "Mã" : "Code", vi ? "Nội dung" : "Item"]
                              + (vi ? ["Đã rút", "Nộp trả", "Hủy DT"] : ["Drawn", "To repay", "To cancel"]) + ["", ""], cols)
        if rows.isEmpty { out.append(vi ? "(không có)" : "(none)") }
        for (code, name, f) in rows {
            out += TextLayout.row([code, name] + [f.drawn, f.toRepay, f.toCancel].map { TextLayout.money($0, lang) } + ["", ""], cols)
            if !f.outstanding.isZero {
                out += TextLayout.indented((vi ? "Tạm ứng chưa thanh toán: " : "Open advances: ") + TextLayout.money(f.outstanding, lang),
                                           indent: cols[0].width + 1, width: TextLayout.tableWidth(cols))
            }
        }
        return out
    }

    /// The totals at the foot of the statement: approved, drawn, actual, to repay and to cancel with their
    /// words, and the check that they add up.
    static func closingLines(_ s: Settlement, _ lang: Language) -> [String] {
        let vi = lang == .vi
        let t = s.total.figures
        func m(_ x: Money) -> String { TextLayout.money(x, lang) }
        func words(_ x: Money) -> String { (vi ? "  Bằng chữ: " : "  In words: ") + TextLayout.inWords(x, lang) }
        var out: [String] = []
        out.append((vi ? "Tổng dự toán được duyệt: " : "Total approved: ") + m(t.approved))
        out.append((vi ? "Kinh phí đã rút: " : "Drawn from the Treasury: ") + m(t.drawn)
                   + (t.returned.isZero ? "" : (vi ? " (đã trừ \(m(t.returned)) đã nộp trả trong năm)" : " (net of \(m(t.returned)) already paid back)")))
        out.append((vi ? "Tổng thực chi đề nghị quyết toán: " : "Total actual, for settlement: ") + m(t.actual))
        out.append(words(t.actual))
        out.append((vi ? "Số đã rút chưa chi, phải nộp trả ngân sách: " : "Drawn and not spent, to repay to the budget: ") + m(t.toRepay))
        out.append(words(t.toRepay))
        out.append((vi ? "Số dự toán chưa rút, đề nghị hủy dự toán: " : "Never drawn, appropriation to cancel: ") + m(t.toCancel))
        out.append(words(t.toCancel))
        if !t.outstanding.isZero {
            out.append((vi ? "Tạm ứng chưa thanh toán (đã rút, chưa quyết toán): " : "Advances not yet cleared (drawn, not settled): ") + m(t.outstanding))
        }
        if !t.beyond.isZero {
            out.append((vi ? "Số đã rút vượt dự toán được duyệt: " : "Drawn beyond the approved amount: ") + m(t.beyond))
        }
        if !t.overrun.isZero {
            out.append((vi ? "  trong đó chi vượt dự toán không được quyết toán: " : "  of which overrun not settled from the approved budget: ") + m(t.overrun))
        }
        var terms = [m(t.actual)] + (t.outstanding.isZero ? [] : [m(t.outstanding)]) + [m(t.toRepay), m(t.toCancel)]
        var right = m(t.approved)
        if !t.beyond.isZero { right += " + " + m(t.beyond) }
        let names = vi ? "Thực chi" + (t.outstanding.isZero ? "" : " + tạm ứng") + " + nộp trả + hủy dự toán"
                       : "Actual" + (t.outstanding.isZero ? "" : " + open advances") + " + to repay + to cancel"
        terms = [terms.joined(separator: " + ") + " = " + right]
        out.append(names + (vi ? " = dự toán được duyệt" : " = approved") + (t.beyond.isZero ? "" : (vi ? " + số rút vượt" : " + drawn beyond")) + ":")
        out.append("  " + terms[0])
        return out
    }

    // MARK: CSV

    static let settlementKeys = ["line", "section", "description", "budget_code", "budget_group", "approved", "actual",
                                 "difference", "executed_pct", "vouchers", "drawn", "to_repay", "to_cancel", "open_advances"]
    static let settlementVi = ["Mã dòng", "Phần", "Nội dung chi", "Tiểu mục", "Mục", "Dự toán được duyệt", "Thực chi",
                               "Chênh lệch", "Tỷ lệ thực hiện (%)", "Số chứng từ", "Kinh phí đã rút", "Số phải nộp trả ngân sách",
                               "Số đề nghị hủy dự toán", "Tạm ứng chưa thanh toán"]

    static func pctCSV(_ q: Quantity?) -> CSVCell { .number(q.map { VietnameseNumberFormat.percent($0, decimal: ".") } ?? "") }

    static func figureCells(_ f: SettlementFigures) -> [CSVCell] {
        [.money(f.approved), .money(f.actual), .money(f.difference), pctCSV(f.executedPercent), .int(f.voucherCount),
         .money(f.drawn), .money(f.toRepay), .money(f.toCancel), .money(f.outstanding)]
    }

    /// The row that carries the journal's anchor (record count and head hash, `verify --anchor`): the first
    /// cell says what it is, the `description` column holds `<count>:<hash>`.
    static func anchorRow(_ s: Settlement, header: CSVHeaderStyle, columns: Int, descriptionColumn: Int) -> [CSVCell] {
        var cells = [CSVCell](repeating: .text(""), count: columns)
        cells[0] = .text(header == .keys ? "ANCHOR" : "Neo nhật ký")
        cells[descriptionColumn] = .text(s.anchor)
        return cells
    }

    /// The settlement by line; with `subtotals`, one row per tiểu mục after the lines (`line` = SUBTOTAL /
    /// "Cộng tiểu mục"); then the TOTAL row (`line` = TOTAL / "Tổng cộng") and the anchor row (ANCHOR /
    /// "Neo nhật ký").
    public static func settlementCSV(_ s: Settlement, header: CSVHeaderStyle, subtotals: Bool = false) -> String {
        var w = CSVWriter()
        w.textRow(header == .keys ? settlementKeys : settlementVi)
        let groups = s.budget.catalogue.budgetCodes
        for l in s.lines {
            w.row([.text(l.line.code), .text(l.line.section), .text(l.line.description), .text(l.line.budgetCode),
                   .text(groups[l.line.budgetCode]?.group ?? "")] + figureCells(l.figures))
        }
        if subtotals {
            for g in s.budgetCodes {
                w.row([.text(header == .keys ? "SUBTOTAL" : "Cộng tiểu mục"), .text(""), .text(g.name.vi), .text(g.key),
                       .text(groups[g.key]?.group ?? "")] + figureCells(g.figures))
            }
        }
        let t = s.total
        let words = AmountInWords.vietnamese(t.actual.dong) ?? ""
        let desc = (s.isDraft ? draftBanner + " — " : "") + (header == .keys ? "actual in words: " : "Thực chi bằng chữ: ") + words
        w.row([.text(header == .keys ? "TOTAL" : "Tổng cộng"), .text(""), .text(desc), .text(""), .text("")] + figureCells(t.figures))
        w.row(anchorRow(s, header: header, columns: settlementKeys.count, descriptionColumn: 2))
        return w.output
    }

    static let voucherKeys = ["stt", "voucher_no", "date", "description", "budget_code", "line", "payee", "payee_id", "tax_code",
                              "invoice_series", "invoice_no", "invoice_date", "gross", "vat", "pit", "net", "method", "kind", "seq"]
    static let voucherVi = ["STT", "Số chứng từ", "Ngày chứng từ", "Nội dung", "Tiểu mục", "Mã dòng", "Đối tượng nhận",
                            "Số định danh cá nhân", "Mã số thuế", "Ký hiệu hóa đơn", "Số hóa đơn", "Ngày hóa đơn", "Số tiền",
                            "Thuế GTGT", "Thuế TNCN khấu trừ", "Số tiền thực nhận", "Hình thức thanh toán", "Loại", "Số bản ghi"]

    public static func methodName(_ m: PaymentMethod) -> Bilingual {
        m == .cash ? Bilingual(vi: "tiền mặt", en: "cash") : Bilingual(vi: "chuyển khoản", en: "transfer")
    }

    /// The voucher list's totals (its TOTAL row).
    public struct VoucherTotals: Sendable, Equatable {
        public var count = 0
        public var gross: Money = .zero
        public var vat: Int64 = 0
        public var pit: Int64 = 0
        /// Rows out of journal order (`VoucherOrdering.late`), the most rows held back at once, and the passes
        /// over the journal (1, or 2 when too many rows would be held back).
        public var late = 0
        public var heldBack = 0
        public var passes = 1
    }

    /// Above this many rows held back at once (`VoucherOrdering.maxHeldBack`; about 250 bytes each), the
    /// voucher list is written in two passes over the journal instead of one.
    public static let maxHeldBackRows = 200_000

    /// Streams the voucher list into `file` in `order`; returns its totals (the caller compares the gross with
    /// the settlement's actual). Rows are formatted from the journal's bytes on all cores (`VoucherCSVSink`).
    /// In date order the late rows (`VoucherOrdering`) are formatted in a first pass and kept aside — a few
    /// rows —, then the others are streamed in journal order and each late row is written where its number
    /// falls: the file is written front to back, the list is never held in memory.
    public static func writeVoucherCSV(_ journal: Journal, ledger: Ledger, settlement s: Settlement, to file: some ExportOutput,
                                       header: CSVHeaderStyle, order: VoucherOrder = .date, maxHeldBack: Int = maxHeldBackRows) throws -> VoucherTotals {
        var w = CSVWriter()
        w.textRow(header == .keys ? voucherKeys : voucherVi)
        try file.write(w.output)
        let layout = VoucherCSVLayout(ledger: ledger, header: header)
        let ordering = VoucherOrdering(ledger, order: order)
        var totals = VoucherTotals()
        var overflow = false
        func add(_ sink: VoucherCSVSink) throws {
            if let f = sink.failure { throw f }
            totals.count += sink.count
            let (a, o1) = totals.vat.addingReportingOverflow(sink.vat), (b, o2) = totals.pit.addingReportingOverflow(sink.pit)
            totals.vat = a; totals.pit = b
            overflow = overflow || o1 || o2 || sink.overflow
        }
        var lateTotal = Money.zero, inOrder = Money.zero
        if ordering.late.isEmpty || ordering.maxHeldBack <= maxHeldBack {
            // One pass: each row is written once every row numbered before it is; rows that arrive too early
            // (before a late row they follow) wait in `held`, by number.
            var next: Int32 = 1
            var held: [Int32: [UInt8]] = [:]
            totals.heldBack = 0
            inOrder = try VoucherList.stream(journal, ledger: ledger, ordering: ordering, pass: .all, makeSink: { VoucherCSVSink(layout) }) { sink in
                try add(sink)
                var run = 0..<0                               // rows of `sink.out` ready to be written in one go
                func flush() throws {
                    if !run.isEmpty { try file.write(bytes: sink.out[run]) }
                    run = run.upperBound..<run.upperBound
                }
                var start = 0
                for (end, stt) in zip(sink.rowEnds, sink.rowStt) {
                    if stt == next {
                        if run.upperBound != start { try flush(); run = start..<start }
                        run = run.lowerBound..<end
                        next += 1
                        if !held.isEmpty, held[next] != nil {
                            try flush()
                            while let bytes = held.removeValue(forKey: next) { try file.write(bytes: bytes); next += 1 }
                        }
                    } else {
                        try flush()
                        run = end..<end
                        held[stt] = Array(sink.out[start..<end])
                        totals.heldBack = max(totals.heldBack, held.count)
                    }
                    start = end
                }
                try flush()
                sink.reset()
            }
            guard held.isEmpty else { throw SettlementError.invariant(Bilingual(vi: "bảng kê: còn \(held.count) dòng chưa ghi", en: "voucher list: \(held.count) rows left unwritten")) }
        } else {
            // Two passes: the late rows, formatted and kept aside in list order (few), then the others in
            // journal order, each late row written before the first row numbered after it.
            totals.passes = 2
            var lateRows: [(stt: Int32, bytes: [UInt8])] = []
            lateTotal = try VoucherList.stream(journal, ledger: ledger, ordering: ordering, pass: .late, makeSink: { VoucherCSVSink(layout) }) { sink in
                try add(sink)
                var start = 0
                for (end, stt) in zip(sink.rowEnds, sink.rowStt) {
                    lateRows.append((stt, Array(sink.out[start..<end])))
                    start = end
                }
                sink.reset()
            }
            lateRows.sort { $0.stt < $1.stt }
            var next = 0
            inOrder = try VoucherList.stream(journal, ledger: ledger, ordering: ordering, pass: .inOrder, makeSink: { VoucherCSVSink(layout) }) { sink in
                try add(sink)
                // Write the sink's rows in runs, each late row before the first row numbered after it.
                var written = 0, start = 0
                for (end, stt) in zip(sink.rowEnds, sink.rowStt) {
                    if next < lateRows.count && lateRows[next].stt < stt {
                        if start > written { try file.write(bytes: sink.out[written..<start]) }
                        written = start
                        while next < lateRows.count && lateRows[next].stt < stt { try file.write(bytes: lateRows[next].bytes); next += 1 }
                    }
                    start = end
                }
                if sink.out.count > written { try file.write(bytes: sink.out[written...]) }
                sink.reset()
            }
            while next < lateRows.count { try file.write(bytes: lateRows[next].bytes); next += 1 }
        }
        totals.late = ordering.late.count
        guard !overflow, let gross = try? lateTotal + inOrder else { throw SettlementError.money(.overflow(operation: "Σ voucher list")) }
        totals.gross = gross
        let desc = (s.isDraft ? draftBanner + " — " : "") + "\(totals.count) " + (header == .keys ? "vouchers" : "chứng từ")
        var cells = [CSVCell](repeating: .text(""), count: voucherKeys.count)
        cells[0] = .text(header == .keys ? "TOTAL" : "Tổng cộng")
        cells[3] = .text(desc)
        cells[12] = .money(gross)
        cells[13] = .number(String(totals.vat))
        cells[14] = .number(String(totals.pit))
        cells[15] = .number(String(gross.dong - totals.pit))
        w = CSVWriter(bom: false)
        w.row(cells)
        w.row(anchorRow(s, header: header, columns: voucherKeys.count, descriptionColumn: 3))
        try file.write(w.output)
        return totals
    }

    /// The same file as `writeVoucherCSV`, made the slow and obvious way: every record decoded
    /// (`VoucherList.entries`, sorted in memory) and every cell through `CSVWriter`. The reference the
    /// streamed file is compared with byte for byte (tests, `kinhphi-bench --check`).
    public static func referenceVoucherCSV(_ journal: Journal, ledger: Ledger, settlement s: Settlement, header: CSVHeaderStyle,
                                           order: VoucherOrder) throws -> String {
        var w = CSVWriter()
        w.textRow(header == .keys ? voucherKeys : voucherVi)
        let (entries, total) = try VoucherList.entries(journal, ledger: ledger, order: order)
        var vat: Int64 = 0, pit: Int64 = 0
        for e in entries {
            let v = e.voucher
            let sign: Int64 = v.kind == .refund ? -1 : 1
            vat += v.vat.dong * sign; pit += v.pitWithheld.dong * sign
            w.row([.int(e.stt), .text(v.voucherNumber ?? ""), .text(v.date.description), .text(v.description), .text(e.budgetCode),
                   .text(v.line), .text(v.payee), .text(""), .text(v.taxCode ?? ""), .text(v.invoiceSeries ?? ""), .text(v.invoiceNumber ?? ""),
                   .text(v.invoiceDate?.description ?? ""), .money(e.amount), .number(String(v.vat.dong * sign)),
                   .number(String(v.pitWithheld.dong * sign)), .number(String(e.amount.dong - v.pitWithheld.dong * sign)),
                   .text(header == .keys ? v.method.rawValue : methodName(v.method).vi),
                   .text(header == .keys ? v.kind.rawValue : v.kind.name.vi), .int(e.seq)])
        }
        let desc = (s.isDraft ? draftBanner + " — " : "") + "\(entries.count) " + (header == .keys ? "vouchers" : "chứng từ")
        w.row([.text(header == .keys ? "TOTAL" : "Tổng cộng"), .text(""), .text(""), .text(desc)] + Array(repeating: CSVCell.text(""), count: 8)
              + [.money(total), .number(String(vat)), .number(String(pit)), .number(String(total.dong - pit)), .text(""), .text(""), .text("")])
        w.row(anchorRow(s, header: header, columns: voucherKeys.count, descriptionColumn: 3))
        return w.output
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
                else if v.kind == .refund, let a = v.clears { note += vi ? " (thu hồi tạm ứng #\(a))" : " (recovers advance #\(a))" }
                out.append(TextLayout.padLeft("#\(r.seq)", 7) + " " + TextLayout.pad(v.date.description, 10) + " " + TextLayout.pad(v.kind.name.text(lang), 20) + " "
                           + TextLayout.pad(v.voucherNumber ?? "", 12) + " " + TextLayout.padLeft(counted, 18) + "  " + note)
            case .reversal(let of, let reason):
                out.append(TextLayout.padLeft("#\(r.seq)", 7) + " " + TextLayout.pad(r.recordedAt.civilDate().description, 10) + " "
                           + TextLayout.pad(vi ? "bút toán đảo" : "reversal", 20) + " " + TextLayout.pad("", 12) + " " + TextLayout.padLeft(vi ? "không" : "no", 18)
                           + "  " + (vi ? "đảo #\(of): " : "reverses #\(of): ") + reason)
            case .adjustment:
                continue
            }
        }
        out.append((vi ? "Cộng tính vào thực chi: " : "Total counted: ") + TextLayout.money(sum, lang))
        return out.joined(separator: "\n") + "\n"
    }
}
