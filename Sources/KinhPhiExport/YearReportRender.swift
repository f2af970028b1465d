import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiJournal
import KinhPhiSettlement

// `kinhphi report`: the year's summary over many workspaces (`YearReport`) as a text report, as CSV for the
// finance office (the settlement CSV's conventions: BOM, CRLF, RFC 4180, integer amounts, a TOTAL row;
// docs/year-report.md) and as JSON. The A4 document is Documents/YearDocument.swift.

public enum YearReportRender {
    // MARK: wording shared by the three forms and the document

    /// "Sở Khoa học và Công nghệ", or "3 đơn vị" when the events are several units'.
    public static func units(_ r: YearReport) -> [String] {
        var seen: [String] = []
        for e in r.events where !seen.contains(where: { Conference.sameUnit($0, e.organiser) }) { seen.append(e.organiser) }
        return seen
    }

    public static func verifiedText(_ e: YearEvent, _ lang: Language) -> String {
        let vi = lang == .vi
        guard e.verified else { return vi ? "chưa có nhật ký" : "no journal yet" }
        return vi ? "nhật ký đã kiểm tra: \(e.records) bản ghi" : "journal verified: \(e.records) records"
    }

    /// "QĐ số 1234/QĐ-UBND ngày 10/11/2025" / "decision 1234/QĐ-UBND of 10/11/2025", or "chưa có quyết định duyệt".
    public static func decisionText(_ e: YearEvent, _ lang: Language) -> String {
        let vi = lang == .vi
        guard let n = e.decisionNumber, let d = e.decisionDate else { return vi ? "chưa có quyết định duyệt" : "not yet approved" }
        return vi ? "QĐ số \(n) ngày \(d)" : "decision \(n) of \(d)"
    }

    public static func whyText(_ w: ExcludedWorkspace, _ lang: Language) -> String {
        let vi = lang == .vi
        let what: String
        switch w.why {
        case .failsVerify: what = vi ? "nhật ký không qua kiểm tra" : "the journal fails verify"
        case .unreadable: what = vi ? "không đọc được hồ sơ" : "the workspace cannot be read"
        }
        let scope = w.otherYear
            ? (vi ? " (năm ngân sách \(w.fiscalYear.map(String.init) ?? "?"): chỉ thiếu trong bảng thuế TNCN)" : " (budget year \(w.fiscalYear.map(String.init) ?? "?"): missing from the PIT list only)")
            : ""
        return what + scope + " — " + w.reason.text(lang)
    }

    public static func findingTitle(_ f: CrossEventFinding, _ lang: Language) -> String {
        let vi = lang == .vi
        let n = Set(f.occurrences.map(\.event)).count
        switch f.kind {
        case .invoice:
            return vi ? "cùng một hóa đơn (MST người bán · ký hiệu · số) \(f.label) được thanh toán ở \(n) hội nghị"
                      : "the same invoice (seller's tax code · series · number) \(f.label) is paid in \(n) events"
        case .voucherNumber:
            return vi ? "cùng số chứng từ \(f.label) của một đơn vị ở \(n) hội nghị"
                      : "the same voucher number \(f.label) of one unit in \(n) events"
        case .personDay:
            let work = f.workKind.map { " · " + $0.name.text(lang) } ?? ""
            // Matched by payee_id when the vouchers record it (issue 14), else by name.
            let how = f.byName ? (vi ? " (so theo họ tên: chưa ghi số định danh, có thể là hai người trùng tên)" : " (matched by name: no personal ID recorded; may be two people of one name)")
                               : (vi ? " (so theo số định danh)" : " (matched by personal ID)")
            return vi ? "cùng một người được chi cùng ngày cho cùng loại việc ở \(n) hội nghị: \(f.label)\(work)" + how
                      : "the same person paid on the same day for the same kind of work in \(n) events: \(f.label)\(work)" + how
        }
    }

    /// "hội nghị 2 (fixtures/b): bản ghi 1 · UNC-01 · 28/10/2025 · Công ty … · 2.040.000 (và 1 bản ghi khác)".
    public static func occurrenceText(_ o: FindingOccurrence, _ r: YearReport, number: Int?, _ lang: Language) -> String {
        let vi = lang == .vi
        let ev = r.event(o.event)
        let head = (number.map { vi ? "hội nghị \($0)" : "event \($0)" } ?? "") + " (\(ev?.path ?? "?"))"
        var s = head + ": " + (vi ? "bản ghi \(o.seq)" : "record \(o.seq)")
        if let no = o.voucherNumber { s += " · " + no }
        s += " · \(o.date) · " + (vi ? "dòng \(o.line)" : "line \(o.line)") + " · \(o.payee) · " + VietnameseNumberFormat.money(o.amount, lang)
        if o.records > 1 { s += vi ? " (\(o.records) bản ghi)" : " (\(o.records) records)" }
        return s
    }

    /// The event's number in the report (1, 2, 3 … in report order).
    static func numbers(_ r: YearReport) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: r.events.enumerated().map { ($1.index, $0 + 1) })
    }

    // MARK: text

    static func pct(_ q: Quantity?, _ lang: Language) -> String { TextLayout.percent(q, lang) }

    public static func text(_ r: YearReport, lang: Language, width asked: Int = TextLayout.defaultWidth) -> String {
        let vi = lang == .vi
        let groups = r.budgetCodes + r.budgetGroups
        let all = r.events.map(\.figures) + groups.map(\.figures) + [r.total]
        let amounts = all.flatMap { [$0.approved, $0.actual, $0.toRepay, $0.toCancel] }.map { TextLayout.money($0, lang) }
        let money = TextLayout.columnWidth(amounts, header: vi ? "Thực chi" : "To cancel", minimum: 9)
        let no = max(4, String(r.events.count).count, r.budgetCodes.map(\.key.count).max() ?? 0, r.budgetGroups.map(\.key.count).max() ?? 0)
        let percent = TextLayout.columnWidth(all.map { pct($0.executedPercent, lang) }, header: vi ? "% TH" : "% exec", minimum: 5)
        let w = TextLayout.fit([no, nil, money, money, money, money, percent], total: asked, minimum: 16)
        let cols = [TextLayout.Column(w[0]), .init(w[1])] + w[2...].map { TextLayout.Column($0, .right) }
        let width = TextLayout.tableWidth(cols)
        let totalCols = [TextLayout.Column(w[0] + 1 + w[1])] + w[2...].map { TextLayout.Column($0, .right) }
        let heads = (vi ? ["Dự toán duyệt", "Thực chi", "Nộp trả", "Hủy dự toán"] : ["Approved", "Actual", "To repay", "To cancel"]) + [vi ? "% TH" : "% exec"]
        func figures(_ f: SettlementFigures) -> [String] {
            [f.approved, f.actual, f.toRepay, f.toCancel].map { TextLayout.money($0, lang) } + [pct(f.executedPercent, lang)]
        }
        let numbers = numbers(r)
        var out: [String] = []
        let u = units(r)
        if u.count == 1 { out.append(u[0].uppercased()) }
        out.append(vi ? "BÁO CÁO TỔNG HỢP KINH PHÍ HỘI NGHỊ, HỘI THẢO — NĂM NGÂN SÁCH \(r.year)"
                      : "CONFERENCE FUNDS OF THE YEAR — BUDGET YEAR \(r.year)")
        if u.count > 1 { out.append(vi ? "Của \(u.count) đơn vị: " + u.joined(separator: "; ") : "Of \(u.count) units: " + u.joined(separator: "; ")) }
        out.append((vi ? "Lập ngày \(r.date) · Thư mục: " : "Prepared \(r.date) · Folders: ") + r.roots.joined(separator: ", "))
        out.append(foundLine(r, lang))
        out.append(vi ? "Đơn vị tính: đồng" : "Unit: dong")
        out = TextLayout.fitLines(out, width: max(asked, width))
        out += TextLayout.wideNote(width, asked: asked, lang)
        out.append("")

        out.append(vi ? "I. THEO HỘI NGHỊ" : "I. BY EVENT")
        out += TextLayout.row([vi ? "STT" : "No.", vi ? "Hội nghị" : "Event"] + heads, cols)
        out.append(TextLayout.rule(width, "="))
        if r.events.isEmpty { out.append(vi ? "(không có hội nghị nào của năm \(r.year))" : "(no event of \(r.year))") }
        // Each event: its name over the whole width, then its state with the figures, then its folder and facts.
        for e in r.events {
            let name = TextLayout.wrap(e.name, width - w[0] - 1)
            out.append(TextLayout.trimTrailing(TextLayout.pad(String(numbers[e.index] ?? 0), w[0]) + " " + name[0]))
            out += name.dropFirst().map { String(repeating: " ", count: w[0] + 1) + $0 }
            out += TextLayout.row(["", e.state.name.text(lang)] + figures(e.figures), cols)
            var facts = [e.path, e.eventDate.description, decisionText(e, lang), verifiedText(e, lang)]
            if u.count > 1 { facts.insert(e.organiser, at: 0) }
            out += TextLayout.indented(facts.joined(separator: " · "), indent: w[0] + 1, width: width)
            if !e.figures.outstanding.isZero {
                out += TextLayout.indented((vi ? "Tạm ứng chưa thanh toán (\(e.openAdvances) khoản): " : "Advances not cleared (\(e.openAdvances)): ")
                                           + TextLayout.money(e.figures.outstanding, lang), indent: w[0] + 1, width: width)
            }
            if !e.figures.overrun.isZero {
                out += TextLayout.indented((vi ? "Chi vượt dự toán: " : "Overrun: ") + TextLayout.money(e.figures.overrun, lang), indent: w[0] + 1, width: width)
            }
            if !e.sourcesChanged.isEmpty {
                let files = e.sourcesChanged.joined(separator: ", ")
                out += TextLayout.indented(vi ? "Lưu ý: \(files) đã khác với lúc duyệt (kinhphi verify báo chi tiết); số liệu lấy từ nhật ký"
                                              : "Note: \(files) differ from what was approved (kinhphi verify gives the details); the figures come from the journal",
                                           indent: w[0] + 1, width: width)
            }
        }
        out.append(TextLayout.rule(width))
        out += TextLayout.row([vi ? "TỔNG CỘNG" : "TOTAL"] + figures(r.total), totalCols)
        out.append(TextLayout.rule(width, "="))
        out.append("")
        for (title, list) in [(vi ? "II. THEO TIỂU MỤC" : "II. BY TIỂU MỤC", r.budgetCodes), (vi ? "III. THEO MỤC" : "III. BY MỤC", r.budgetGroups)] {
            out.append(title)
            out += TextLayout.row([vi ? "Mã" : "Code", vi ? "Tên" : "Name"] + heads, cols)
            out.append(TextLayout.rule(width))
            if list.isEmpty { out.append(vi ? "(không có)" : "(none)") }
            for g in list { out += TextLayout.row([g.key, g.name.text(lang)] + figures(g.figures), cols) }
            out.append("")
        }
        out.append(vi ? "IV. TỔNG HỢP" : "IV. TOTALS")
        out += TextLayout.fitLines(closingLines(r, lang), width: width)
        out.append("")
        out.append(vi ? "V. HỒ SƠ KHÔNG TÍNH VÀO TỔNG" : "V. WORKSPACES LEFT OUT OF THE TOTALS")
        if r.excluded.isEmpty { out.append(vi ? "(không có)" : "(none)") }
        for x in r.excluded {
            let name = x.name.map { " · " + $0 } ?? ""
            out += TextLayout.indented("- " + x.path + name + ": " + whyText(x, lang), indent: 0, width: width).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
        }
        out.append("")
        out.append(vi ? "VI. KIỂM TRA GIỮA CÁC HỘI NGHỊ" : "VI. CHECKS ACROSS EVENTS")
        if r.findings.isEmpty { out.append(vi ? "(không phát hiện trùng lặp)" : "(nothing found twice)") }
        for f in r.findings {
            let head = "[\(f.kind.severity.label.text(lang))] \(f.kind.ruleID): " + findingTitle(f, lang)
            out += TextLayout.indented(head, indent: 0, width: width).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
            for o in f.occurrences {
                out += TextLayout.indented("- " + occurrenceText(o, r, number: numbers[o.event], lang), indent: 4, width: width)
            }
        }
        if let people = r.people {
            out.append("")
            out += pitLines(r, people, lang, width: width, money: money)
        }
        if !r.found.linksNotFollowed.isEmpty || !r.found.notSearched.isEmpty || !r.found.unreadable.isEmpty {
            out.append("")
            out += TextLayout.fitLines(searchNotes(r, lang), width: width)
        }
        out.append("")
        out += TextLayout.signatureBlock(lang, width: width)
        return out.joined(separator: "\n") + "\n"
    }

    /// "Tìm thấy 4 hồ sơ: 3 thuộc năm ngân sách 2025, 1 năm khác (2026: 1), 0 không đọc được".
    static func foundLine(_ r: YearReport, _ lang: Language) -> String {
        let vi = lang == .vi
        let other = r.otherYears.values.reduce(0, +)
        let bad = r.excluded.filter { !$0.otherYear }.count
        var s = vi ? "Tìm thấy \(r.found.workspaces.count) hồ sơ: \(r.events.count) của năm \(r.year)"
                   : "Found \(r.found.workspaces.count) workspaces: \(r.events.count) of \(r.year)"
        if bad > 0 { s += vi ? ", \(bad) không tính vào tổng (mục V)" : ", \(bad) left out of the totals (part V)" }
        if other > 0 {
            let list = r.otherYears.keys.sorted().map { "\($0): \(r.otherYears[$0]!)" }.joined(separator: ", ")
            s += vi ? ", \(other) của năm khác (\(list))" : ", \(other) of other years (\(list))"
        }
        return s
    }

    static func searchNotes(_ r: YearReport, _ lang: Language) -> [String] {
        let vi = lang == .vi
        var out: [String] = []
        for l in r.found.linksNotFollowed {
            out.append((vi ? "Liên kết tượng trưng không theo (không tìm hồ sơ trong đó): " : "Symbolic link not followed (not searched): ") + l)
        }
        for f in r.found.notSearched {
            out.append((vi ? "Thư mục quá sâu, không tìm tiếp bên dưới (giới hạn \(WorkspaceFinder.maxDepth) cấp): "
                           : "Folder at the depth limit, not searched below (\(WorkspaceFinder.maxDepth) levels): ") + f)
        }
        for (f, why) in r.found.unreadable.sorted(by: { $0.key < $1.key }) {
            out.append((vi ? "Không đọc được thư mục: " : "Folder cannot be read: ") + f + " (\(why))")
        }
        return out
    }

    /// The totals with their words and the check that they add up.
    static func closingLines(_ r: YearReport, _ lang: Language) -> [String] {
        let vi = lang == .vi
        let t = r.total
        func m(_ x: Money) -> String { TextLayout.money(x, lang) }
        func words(_ x: Money) -> String { (vi ? "  Bằng chữ: " : "  In words: ") + TextLayout.inWords(x, lang) }
        var out: [String] = []
        out.append((vi ? "Tổng dự toán được duyệt: " : "Total approved: ") + m(t.approved))
        out.append(words(t.approved))
        out.append((vi ? "Kinh phí đã rút: " : "Drawn from the Treasury: ") + m(t.drawn)
                   + (t.returned.isZero ? "" : (vi ? " (đã trừ \(m(t.returned)) đã nộp trả trong năm)" : " (net of \(m(t.returned)) already paid back)")))
        out.append((vi ? "Tổng thực chi: " : "Total actual: ") + m(t.actual))
        out.append(words(t.actual))
        out.append((vi ? "Số đã rút chưa chi, phải nộp trả ngân sách: " : "Drawn and not spent, to repay to the budget: ") + m(t.toRepay))
        out.append(words(t.toRepay))
        out.append((vi ? "Số dự toán chưa rút, đề nghị hủy dự toán: " : "Never drawn, appropriation to cancel: ") + m(t.toCancel))
        out.append(words(t.toCancel))
        if !t.outstanding.isZero {
            out.append((vi ? "Tạm ứng chưa thanh toán (đã rút, chưa quyết toán): " : "Advances not yet cleared (drawn, not settled): ") + m(t.outstanding))
        }
        if !t.beyond.isZero { out.append((vi ? "Số đã rút vượt dự toán được duyệt: " : "Drawn beyond the approved amount: ") + m(t.beyond)) }
        let terms = [m(t.actual)] + (t.outstanding.isZero ? [] : [m(t.outstanding)]) + [m(t.toRepay), m(t.toCancel)]
        let right = m(t.approved) + (t.beyond.isZero ? "" : " + " + m(t.beyond))
        out.append((vi ? "Thực chi" + (t.outstanding.isZero ? "" : " + tạm ứng") + " + nộp trả + hủy dự toán = dự toán được duyệt"
                       : "Actual" + (t.outstanding.isZero ? "" : " + open advances") + " + to repay + to cancel = approved")
                   + (t.beyond.isZero ? "" : (vi ? " + số rút vượt" : " + drawn beyond")) + ":")
        out.append("  " + terms.joined(separator: " + ") + " = " + right)
        out.append(vi ? "Mỗi số bằng tổng các số của từng hội nghị trong báo cáo quyết toán của chính nó (kinhphi settle)."
                      : "Each figure is the sum of the events' own settlements (kinhphi settle).")
        return out
    }

    static func pitLines(_ r: YearReport, _ people: [PersonYear], _ lang: Language, width: Int, money: Int) -> [String] {
        let vi = lang == .vi
        let numbers = numbers(r)
        var out: [String] = [vi ? "VII. THU NHẬP TRẢ CHO CÁ NHÂN VÀ THUẾ TNCN ĐÃ KHẤU TRỪ, NĂM \(r.year) (theo ngày chi)"
                                : "VII. INCOME PAID TO INDIVIDUALS AND PIT WITHHELD IN \(r.year) (by date paid)"]
        // People are told apart as `kinhphi pit` tells them (issue 14): by payee_id when recorded, else by name.
        if people.contains(where: \.byName) {
            out += TextLayout.fitLines([vi ? "Người chưa ghi số định danh được so theo họ tên: hai người trùng tên được cộng chung; một người ghi tên khác nhau được tách riêng."
                                           : "People without a recorded personal ID are matched by name: two people of one name are added together; one person written two ways is listed twice."], width: width)
        }
        let all = people.flatMap { [$0.gross, $0.pit, $0.net] }.map { TextLayout.money($0, lang) }
        let mw = max(money, TextLayout.columnWidth(all, header: vi ? "Thực nhận" : "Net", minimum: 9))
        let w = TextLayout.fit([4, nil, mw, mw, mw, 5], total: width, minimum: 14)
        let cols = [TextLayout.Column(w[0]), .init(w[1])] + w[2...].map { TextLayout.Column($0, .right) }
        out += TextLayout.row([vi ? "STT" : "No.", vi ? "Họ và tên (hội nghị)" : "Name (events)",
                               vi ? "Thu nhập" : "Income", vi ? "Thuế TNCN" : "PIT", vi ? "Thực nhận" : "Net", vi ? "Lần" : "Paid"], cols)
        out.append(TextLayout.rule(width))
        if people.isEmpty { out.append(vi ? "(không có)" : "(none)") }
        var gross = Money.zero, pit = Money.zero, n = 0
        for (i, p) in people.enumerated() {
            let evs = p.events.compactMap { numbers[$0] }.map(String.init).joined(separator: ", ")
            out += TextLayout.row([String(i + 1), p.name + (p.payeeID.map { " · " + $0 } ?? "") + (evs.isEmpty ? "" : " (" + evs + ")"), TextLayout.money(p.gross, lang),
                                   TextLayout.money(p.pit, lang), TextLayout.money(p.net, lang), String(p.payments)], cols)
            gross = (try? gross + p.gross) ?? gross; pit = (try? pit + p.pit) ?? pit; n += p.payments
        }
        out.append(TextLayout.rule(width))
        let totalCols = [TextLayout.Column(w[0] + 1 + w[1])] + w[2...].map { TextLayout.Column($0, .right) }
        out += TextLayout.row([vi ? "Cộng" : "Total", TextLayout.money(gross, lang), TextLayout.money(pit, lang),
                               TextLayout.money(Money(uncheckedPositive: gross.dong - pit.dong), lang), String(n)], totalCols)
        return out
    }

    // MARK: CSV

    static let keys = ["row", "workspace", "event", "organiser", "event_date", "decision_number", "decision_date", "state", "verified",
                       "budget_code", "budget_group", "approved", "actual", "difference", "executed_pct", "vouchers", "drawn", "to_repay",
                       "to_cancel", "open_advances", "records", "anchor"]
    static let titlesVi = ["Dòng", "Thư mục hồ sơ", "Hội nghị", "Đơn vị", "Ngày tổ chức", "Số quyết định duyệt", "Ngày quyết định",
                           "Trạng thái", "Nhật ký đã kiểm tra", "Tiểu mục", "Mục", "Dự toán được duyệt", "Thực chi", "Chênh lệch",
                           "Tỷ lệ thực hiện (%)", "Số chứng từ", "Kinh phí đã rút", "Số phải nộp trả ngân sách", "Số đề nghị hủy dự toán",
                           "Tạm ứng chưa thanh toán", "Số bản ghi", "Neo nhật ký"]

    /// One row per event (in report order), one per workspace left out (`EXCLUDED`, no figures), one per
    /// tiểu mục (`SUBTOTAL`), one per mục (`GROUP`), and the `TOTAL` row with the actual total in words.
    /// Each set of rows — events, tiểu mục, mục — adds up to the TOTAL row, column by column.
    public static func csv(_ r: YearReport, header: CSVHeaderStyle) -> String {
        let k = header == .keys
        var w = CSVWriter()
        w.textRow(k ? keys : titlesVi)
        func figures(_ f: SettlementFigures) -> [CSVCell] {
            [.money(f.approved), .money(f.actual), .money(f.difference),
             .number(f.executedPercent.map { VietnameseNumberFormat.percent($0, decimal: ".") } ?? ""), .int(f.voucherCount),
             .money(f.drawn), .money(f.toRepay), .money(f.toCancel), .money(f.outstanding)]
        }
        let blank = [CSVCell](repeating: .text(""), count: 9)
        let numbers = numbers(r)
        for e in r.events {
            w.row([.int(numbers[e.index] ?? 0), .text(e.path), .text(e.name), .text(e.organiser), .text(e.eventDate.description),
                   .text(e.decisionNumber ?? ""), .text(e.decisionDate?.description ?? ""),
                   .text(k ? e.state.rawValue : e.state.name.vi), .text(e.verified ? (k ? "yes" : "có") : ""), .text(""), .text("")]
                  + figures(e.figures) + [.int(e.records), .text(e.anchor ?? "")])
        }
        for x in r.excluded {
            w.row([.text(k ? "EXCLUDED" : "Không tính"), .text(x.path), .text((x.name.map { $0 + " — " } ?? "") + whyText(x, .vi)), .text(""), .text(""),
                   .text(""), .text(""), .text(""), .text(k ? "no" : "không"), .text(""), .text("")] + blank + [.text(""), .text("")])
        }
        for g in r.budgetCodes {
            w.row([.text(k ? "SUBTOTAL" : "Cộng tiểu mục"), .text(""), .text(g.name.vi), .text(""), .text(""), .text(""), .text(""), .text(""),
                   .text(""), .text(g.key), .text(g.group)] + figures(g.figures) + [.text(""), .text("")])
        }
        for g in r.budgetGroups {
            w.row([.text(k ? "GROUP" : "Cộng mục"), .text(""), .text(g.name.vi), .text(""), .text(""), .text(""), .text(""), .text(""),
                   .text(""), .text(""), .text(g.key)] + figures(g.figures) + [.text(""), .text("")])
        }
        let words = AmountInWords.vietnamese(r.total.actual.dong) ?? ""
        w.row([.text(k ? "TOTAL" : "Tổng cộng"), .text(""), .text((k ? "actual in words: " : "Thực chi bằng chữ: ") + words), .text(""), .text(""),
               .text(""), .text(""), .text(""), .text(""), .text(""), .text("")] + figures(r.total)
              + [.int(r.events.reduce(0) { $0 + $1.records }), .text("")])
        return w.output
    }

    // MARK: JSON

    struct JFigures: Encodable {
        let approved: Int64; let actual: Int64; let difference: Int64; let executed_pct: String?; let vouchers: Int
        let drawn: Int64; let returned: Int64; let to_repay: Int64; let to_cancel: Int64; let open_advances: Int64; let overrun: Int64; let beyond: Int64
        init(_ f: SettlementFigures) {
            approved = f.approved.dong; actual = f.actual.dong; difference = f.difference.dong
            executed_pct = f.executedPercent.map { VietnameseNumberFormat.percent($0, decimal: ".") }; vouchers = f.voucherCount
            drawn = f.drawn.dong; returned = f.returned.dong; to_repay = f.toRepay.dong; to_cancel = f.toCancel.dong
            open_advances = f.outstanding.dong; overrun = f.overrun.dong; beyond = f.beyond.dong
        }
    }
    struct JEvent: Encodable {
        let number: Int; let workspace: String; let name: String; let organiser: String; let event_date: String; let fiscal_year: Int
        let decision_number: String?; let decision_date: String?; let adjustment_period_end: String; let state: String
        let verified: Bool; let records: Int; let anchor: String?; let open_advance_count: Int; let figures: JFigures
        let sources_changed: [String]
    }
    struct JExcluded: Encodable {
        let workspace: String; let why: String; let other_year: Bool; let name: String?; let fiscal_year: Int?; let reason_vi: String; let reason_en: String
    }
    struct JGroup: Encodable { let code: String; let group: String; let name_vi: String; let name_en: String; let events: Int; let figures: JFigures }
    struct JOccurrence: Encodable {
        let event: Int; let workspace: String; let seq: Int; let records: Int; let voucher_no: String?; let date: String
        let payee: String; let line: String; let kind: String; let amount: Int64
    }
    struct JFinding: Encodable {
        let rule: String; let severity: String; let kind: String; let key: String; let work_kind: String?; let by_name: Bool
        let message_vi: String; let message_en: String; let occurrences: [JOccurrence]
    }
    struct JPerson: Encodable { let name: String; let payee_id: String?; let by_name: Bool; let gross: Int64; let pit: Int64; let net: Int64; let payments: Int; let events: [Int] }
    struct JSearch: Encodable { let links_not_followed: [String]; let not_searched: [String]; let unreadable: [String: String] }
    struct JReport: Encodable {
        let budget_year: Int; let date: String; let folders: [String]; let workspaces_found: Int; let other_years: [String: Int]
        let events: [JEvent]; let excluded: [JExcluded]; let budget_codes: [JGroup]; let budget_groups: [JGroup]; let total: JFigures
        let total_actual_words: String; let findings: [JFinding]; let pit: [JPerson]?; let search: JSearch
    }

    public static func json(_ r: YearReport) -> String {
        let numbers = numbers(r)
        let doc = JReport(
            budget_year: r.year, date: r.date.iso, folders: r.roots, workspaces_found: r.found.workspaces.count,
            other_years: Dictionary(uniqueKeysWithValues: r.otherYears.map { (String($0.key), $0.value) }),
            events: r.events.map { e in
                JEvent(number: numbers[e.index] ?? 0, workspace: e.path, name: e.name, organiser: e.organiser, event_date: e.eventDate.iso,
                       fiscal_year: e.fiscalYear, decision_number: e.decisionNumber, decision_date: e.decisionDate?.iso,
                       adjustment_period_end: e.adjustmentPeriodEnd.iso, state: e.state.rawValue, verified: e.verified, records: e.records,
                       anchor: e.anchor, open_advance_count: e.openAdvances, figures: JFigures(e.figures), sources_changed: e.sourcesChanged)
            },
            excluded: r.excluded.map { x in
                JExcluded(workspace: x.path, why: x.why.rawValue, other_year: x.otherYear, name: x.name, fiscal_year: x.fiscalYear,
                          reason_vi: x.reason.vi, reason_en: x.reason.en)
            },
            budget_codes: r.budgetCodes.map { JGroup(code: $0.key, group: $0.group, name_vi: $0.name.vi, name_en: $0.name.en, events: $0.events, figures: JFigures($0.figures)) },
            budget_groups: r.budgetGroups.map { JGroup(code: $0.key, group: $0.group, name_vi: $0.name.vi, name_en: $0.name.en, events: $0.events, figures: JFigures($0.figures)) },
            total: JFigures(r.total), total_actual_words: AmountInWords.vietnamese(r.total.actual.dong) ?? "",
            findings: r.findings.map { f in
                JFinding(rule: f.kind.ruleID, severity: f.kind.severity.rawValue, kind: f.kind.rawValue, key: f.label, work_kind: f.workKind?.rawValue, by_name: f.byName,
                         message_vi: findingTitle(f, .vi), message_en: findingTitle(f, .en),
                         occurrences: f.occurrences.map { o in
                             JOccurrence(event: numbers[o.event] ?? 0, workspace: r.event(o.event)?.path ?? "", seq: o.seq, records: o.records,
                                         voucher_no: o.voucherNumber, date: o.date.iso, payee: o.payee, line: o.line, kind: o.kind.rawValue,
                                         amount: o.amount.dong)
                         })
            },
            pit: r.people.map { ps in ps.map { p in
                JPerson(name: p.name, payee_id: p.payeeID, by_name: p.byName, gross: p.gross.dong, pit: p.pit.dong, net: p.net.dong, payments: p.payments,
                        events: p.events.compactMap { numbers[$0] })
            } },
            search: JSearch(links_not_followed: r.found.linksNotFollowed, not_searched: r.found.notSearched, unreadable: r.found.unreadable))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(doc)) ?? Data(), as: UTF8.self) + "\n"
    }
}

extension Money {
    /// a − b for a ≥ b ≥ 0 within the limit (gross − PIT): always in range.
    init(uncheckedPositive dong: Int64) { self = (try? Money(dong: dong)) ?? .zero }
}
