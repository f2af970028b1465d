import KinhPhiCore
import KinhPhiEstimate

// The parts every printed document shares, laid out as a Vietnamese administrative document is (NĐ 30/2020/
// NĐ-CP Annex I): the masthead — issuing unit under its superior body on the left, the national title and
// motto on the right —, the number, the place and date, the title, amounts in Vietnamese format with their
// words, and the signature block with titles and names.

/// The date printed on a document: a given day, or blanks for the day and month that the clerk fills in
/// when the document is registered (the usual draft: "Hà Nội, ngày    tháng    năm 2025").
public enum DocumentDate: Sendable, Equatable {
    case on(CivilDate)
    case blank(year: Int)
}

/// A document's number line: "Số: 125/TTr-SKHCN" once registered, or a blank for the number before the
/// symbol ("Số:      /TTr-SKHCN") while it is a draft.
public enum DocumentNumber: Sendable, Equatable {
    case given(String)
    case blank(symbol: String)
}

/// Who issues a document: the superior body (may be blank) and the unit, with the document's number line.
public struct DocumentIssuer: Sendable, Equatable {
    public var superiorBody: String
    public var unit: String
    /// nil = no number line (an attachment such as the estimate table).
    public var number: DocumentNumber?

    public init(superiorBody: String, unit: String, number: DocumentNumber?) {
        self.superiorBody = superiorBody; self.unit = unit; self.number = number
    }
}

/// One signature column: an optional date line, the authority ("KT. GIÁM ĐỐC"), the title, the hint
/// "(Ký, họ tên)", room for the signature, and the name (a blank line when it is not known).
public struct SignatureColumn: Sendable, Equatable {
    public var authority: String
    public var title: String
    public var hint: String
    public var name: String

    public init(authority: String = "", title: String, hint: String, name: String) {
        self.authority = authority; self.title = title; self.hint = hint; self.name = name
    }
}

public enum DocumentParts {
    // MARK: masthead

    static func nationalTitle(_ lang: Language) -> String {
        lang == .vi ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" : "SOCIALIST REPUBLIC OF VIET NAM"
    }

    static func motto(_ lang: Language) -> String {
        lang == .vi ? "Độc lập - Tự do - Hạnh phúc" : "Independence - Freedom - Happiness"
    }

    /// Upper case as Vietnamese documents print unit names and titles (precomposed letters keep their marks).
    static func upper(_ s: String) -> String { s.uppercased() }

    /// The two-column masthead: issuer (superior body, unit, rule, number) and the national title, motto,
    /// place and date.
    public static func masthead(issuer: DocumentIssuer, place: String, date: DocumentDate, lang: Language) -> HTML {
        var left: [HTML] = []
        if !issuer.superiorBody.isEmpty { left.append(.el("div", cls: "superior", text: upper(issuer.superiorBody))) }
        left.append(.el("div", cls: "unit", text: upper(issuer.unit)))
        left.append(.el("div", cls: "unit-rule"))
        let label = lang == .vi ? "Số: " : "No.: "
        switch issuer.number {
        case .given(let n)?: left.append(.el("div", cls: "number", text: label + n))
        case .blank(let symbol)?: left.append(.el("div", cls: "number", [.text(label), .el("span", cls: "blank"), .text(symbol)]))
        case nil: break
        }
        let right: [HTML] = [
            .el("div", cls: "nation", text: nationalTitle(lang)),
            .el("div", [.el("span", cls: "motto", text: motto(lang))]),
            .el("div", cls: "place-date", [placeDate(place: place, date: date, lang: lang)]),
        ]
        return .el("table", cls: "masthead", [.el("tr", [.el("td", cls: "issuer", left), .el("td", cls: "national", right)])])
    }

    /// "Hà Nội, ngày 05 tháng 01 năm 2026" — the day and the months January and February with a leading
    /// zero (NĐ 30/2020 Annex I); blanks for day and month when the date is not yet known. English:
    /// "Hà Nội, 05 January 2026".
    public static func placeDate(place: String, date: DocumentDate, lang: Language) -> HTML {
        let blank = HTML.el("span", cls: "blank")
        let prefix = place.isEmpty ? "" : place + ", "
        switch (date, lang) {
        case (.on(let d), .vi):
            let day = d.day < 10 ? "0\(d.day)" : "\(d.day)"
            let month = d.month < 3 ? "0\(d.month)" : "\(d.month)"
            return .text(prefix + (place.isEmpty ? "Ngày" : "ngày") + " \(day) tháng \(month) năm \(d.year)")
        case (.blank(let year), .vi):
            return .join([.text(prefix + (place.isEmpty ? "Ngày " : "ngày ")), blank, .text(" tháng "), blank, .text(" năm \(year)")])
        case (.on(let d), .en):
            let day = d.day < 10 ? "0\(d.day)" : "\(d.day)"
            return .text(prefix + "\(day) \(monthNames[d.month - 1]) \(d.year)")
        case (.blank(let year), .en):
            return .join([.text(prefix), blank, .text(" "), blank, .text(" \(year)")])
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// The title (tên loại, bold capitals) and the lines under it (trích yếu), with the short rule.
    public static func title(_ title: String, subject: [String]) -> [HTML] {
        var out: [HTML] = [.el("h1", text: title)]
        for s in subject { out.append(.el("p", cls: "subject", text: s)) }
        out.append(.el("div", cls: "subject-rule"))
        return out
    }

    // MARK: amounts

    public static func money(_ m: Money, _ lang: Language) -> String { VietnameseNumberFormat.money(m, lang) }

    public static func words(_ m: Money, _ lang: Language) -> String {
        (lang == .vi ? AmountInWords.vietnamese(m.dong) : AmountInWords.english(m.dong)) ?? ""
    }

    /// "Bằng chữ: Một trăm … đồng." / "In words: One hundred … dong."
    public static func inWordsLine(_ label: String, _ m: Money, _ lang: Language) -> HTML {
        .el("p", cls: "words", [.el("b", text: label + ": "), .el("i", text: words(m, lang) + ".")])
    }

    public static func quantity(_ q: Quantity, _ lang: Language) -> String { VietnameseNumberFormat.quantity(q, lang: lang) }

    // MARK: tables

    /// A table with fixed column widths in millimetres, its header repeated on every page.
    public static func grid(widths: [Int], head: [HTML], rows: [HTML], cls: StaticString = "grid") -> HTML {
        let cols = HTML.el("colgroup", widths.map { HTML.void("col", [("style", "width: \($0)mm")]) })
        return .el("table", cls: cls, [cols, .el("thead", head), .el("tbody", rows)])
    }

    /// A table of the same widths with no header: the totals that open a document's closing block.
    public static func closingTotals(widths: [Int], rows: [HTML], cls: StaticString = "grid closing-total") -> HTML {
        let cols = HTML.el("colgroup", widths.map { HTML.void("col", [("style", "width: \($0)mm")]) })
        return .el("table", cls: cls, [cols, .el("tbody", rows)])
    }

    /// The width in millimetres of an amount column of a table printed small (`grid small`, 9,5 pt): about
    /// 1,8 mm per character plus the cell's padding, never below `minimum`.
    public static func smallAmountWidth(_ amounts: [Money], lang: Language, minimum: Int) -> Int {
        let longest = amounts.map { money($0, lang).count }.max() ?? 1
        return max(minimum, (longest * 18 + 9) / 10 + 3)
    }

    /// A row of header cells.
    public static func headRow(_ titles: [String]) -> HTML { .el("tr", titles.map { .el("th", text: $0) }) }

    /// The row of column numbers under the header, as finance forms print them: (1) (2) (3) …
    public static func indexRow(_ labels: [String]) -> HTML {
        .el("tr", cls: "index", labels.map { .el("td", text: $0) })
    }

    /// A plain cell, a centred cell, a right-aligned amount.
    public static func td(_ s: String) -> HTML { .el("td", text: s) }
    public static func tdCenter(_ s: String) -> HTML { .el("td", cls: "c", text: s) }
    public static func tdAmount(_ m: Money?, _ lang: Language) -> HTML { .el("td", cls: "n", text: m.map { money($0, lang) } ?? "") }
    public static func tdSpan(_ n: Int, _ children: [HTML], cls: StaticString? = nil) -> HTML {
        .el("td", cls: cls, attrs: [("colspan", String(n))], children)
    }

    /// The width in millimetres an amount column needs for `m` (and its header), at the table's font size:
    /// about 2,1 mm per character at 11–12 pt plus the cell's padding, never below `minimum`.
    public static func amountWidth(_ amounts: [Money], lang: Language, minimum: Int) -> Int {
        let longest = amounts.map { money($0, lang).count }.max() ?? 1
        return max(minimum, (longest * 21 + 9) / 10 + 3)
    }

    // MARK: signatures

    /// The signatures side by side: a row of titles, then a row with the room to sign and the names, so that
    /// the names line up even when one title has an extra authority line.
    public static func signatures(_ columns: [SignatureColumn]) -> HTML {
        .el("table", cls: "signatures", [.el("tr", columns.map(titleCell)), .el("tr", columns.map(nameCell))])
    }

    /// A signature table whose first cell is something else (the "Nơi nhận" list of a letter).
    public static func signatures(leading: HTML, _ columns: [SignatureColumn]) -> HTML {
        .el("table", cls: "signatures", [
            .el("tr", [.el("td", cls: "copies", attrs: [("rowspan", "2")], [leading])] + columns.map(titleCell)),
            .el("tr", columns.map(nameCell)),
        ])
    }

    static func titleCell(_ c: SignatureColumn) -> HTML {
        var parts: [HTML] = []
        if !c.authority.isEmpty { parts.append(.el("div", cls: "sign-title", text: upper(c.authority))) }
        parts.append(.el("div", cls: "sign-title", [.lines(upper(c.title))]))
        if !c.hint.isEmpty { parts.append(.el("div", cls: "sign-hint", text: c.hint)) }
        return .el("td", parts)
    }

    static func nameCell(_ c: SignatureColumn) -> HTML {
        .el("td", [.el("div", cls: "sign-space"), .el("div", cls: "sign-name", text: c.name)])
    }

    /// The unit's three signatures on its financial documents: Người lập biểu · Kế toán trưởng · Thủ trưởng
    /// đơn vị (the head's own title and authority when conference.csv gives them), with their names.
    public static func unitSignatures(_ facts: DocumentFacts, _ lang: Language) -> [SignatureColumn] {
        let vi = lang == .vi
        let hint = vi ? "(Ký, họ tên)" : "(Signature, full name)"
        let seal = vi ? "(Ký, họ tên, đóng dấu)" : "(Signature, full name, seal)"
        return [
            SignatureColumn(title: vi ? "Người lập biểu" : "Prepared by", hint: hint, name: facts.preparer.name),
            SignatureColumn(title: vi ? "Kế toán trưởng" : "Chief accountant", hint: hint, name: facts.chiefAccountant.name),
            headSignature(facts, lang, hint: seal),
        ]
    }

    /// The organiser's head: "THỦ TRƯỞNG ĐƠN VỊ" unless conference.csv names the title.
    public static func headSignature(_ facts: DocumentFacts, _ lang: Language, hint: String) -> SignatureColumn {
        SignatureColumn(authority: facts.head.authority,
                        title: facts.head.title.isEmpty ? (lang == .vi ? "Thủ trưởng đơn vị" : "Head of unit") : facts.head.title,
                        hint: hint, name: facts.head.name)
    }
}

// MARK: documents drawn from the journal

extension DocumentParts {
    /// "Mã ĐVQHNS: … · Chương: … · Loại – khoản: … · Mã nguồn: …" — the budget classification the finance
    /// office files by (conference facts), each part printed when given; nil when none is.
    public static func classification(_ b: BudgetClassification, _ lang: Language) -> HTML? {
        let vi = lang == .vi
        var parts: [String] = []
        if !b.unitCode.isEmpty { parts.append((vi ? "Mã ĐVQHNS: " : "Budget relation code: ") + b.unitCode) }
        if !b.chapter.isEmpty { parts.append((vi ? "Chương: " : "Chapter: ") + b.chapter) }
        if !b.sector.isEmpty { parts.append((vi ? "Loại – khoản: " : "Sector (loại – khoản): ") + b.sector) }
        if !b.source.isEmpty { parts.append((vi ? "Mã nguồn: " : "Funding source code: ") + b.source) }
        return parts.isEmpty ? nil : .el("p", cls: "facts", text: parts.joined(separator: " · "))
    }

    /// The journal's anchor under a document made from it: the record count and the hash of the last
    /// record, known after the verified read (`kinhphi verify --anchor <count>:<hash>`).
    public static func anchorNote(records: Int, anchor: String, _ lang: Language) -> HTML {
        .el("p", cls: "anchor", text: lang == .vi
            ? "Lập từ nhật ký chi tiêu đã kiểm tra: \(records) bản ghi; neo nhật ký (kinhphi verify --anchor): \(anchor)"
            : "Made from the verified spending journal: \(records) records; journal anchor (kinhphi verify --anchor): \(anchor)")
    }

    /// The draft banner of a document made while advances are open.
    public static func draftBanner(_ lang: Language) -> HTML {
        .el("p", cls: "draft", text: lang == .vi ? "DỰ THẢO — còn khoản tạm ứng chưa thanh toán" : "DRAFT — advances are not yet cleared")
    }

    /// "dd/mm/yyyy" or blank.
    public static func date(_ d: CivilDate?) -> String { d?.description ?? "" }
}
