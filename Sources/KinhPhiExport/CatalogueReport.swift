import KinhPhiCore
import KinhPhiCatalogue

// `kinhphi norms` and `kinhphi budget-codes`: what the catalogue holds, as a finance officer checks it —
// the norms in force on a date (optionally only those that cap one item kind) with their ceiling, status
// and basis; the budget codes with the kinds each may carry. Text (80 columns by default, `--width`) or CSV
// (UTF-8 with BOM, CRLF, plain integers, Vietnamese titles or, with --lang en, stable keys).

/// The formats of a listing.
public enum ListFormat: String, Sendable, CaseIterable {
    case text, csv
}

public enum CatalogueReport {
    // MARK: Norms

    /// One norm in force, as listed.
    struct NormRow {
        let norm: Norm
        /// The money ceiling it resolves to on the date (nil: a bare rate, or not resolvable).
        let resolved: Money?
        /// The kind–norm pairs that made it listed (with --kind).
        let pairs: [KindNorm]
    }

    static func normRows(_ c: Catalogue, on date: CivilDate, kind: ItemKind?) -> [NormRow] {
        var rows: [NormRow] = []
        for (id, _) in c.norms {
            guard let n = c.norm(id, on: date) else { continue }
            var pairs: [KindNorm] = []
            if let kind {
                pairs = c.kindNorms.filter { $0.kind == kind && $0.normID == id }
                if pairs.isEmpty { continue }
            }
            let resolved = (try? c.resolve(id, on: date)).flatMap { $0?.ceiling }
            rows.append(NormRow(norm: n, resolved: resolved, pairs: pairs))
        }
        // File order (the built-in table groups related norms), override rows after.
        return rows.sorted { ($0.norm.source.file, $0.norm.source.line ?? 0, $0.norm.id) < ($1.norm.source.file, $1.norm.source.line ?? 0, $1.norm.id) }
    }

    static func status(_ s: NormStatus, _ lang: Language) -> String {
        switch (s, lang) {
        case (.confirmed, .vi): return "đã xác nhận"
        case (.provisional, .vi): return "tạm tính"
        case (.confirmed, .en): return "confirmed"
        case (.provisional, .en): return "provisional"
        }
    }

    /// The ceiling as printed: money, or a bare rate's percentage.
    static func ceiling(_ r: NormRow, _ lang: Language) -> String {
        if let m = r.resolved { return TextLayout.money(m, lang) }
        switch r.norm.ceiling {
        case .percent(let p, _): return VietnameseNumberFormat.quantity(p, lang: lang) + "%"
        case .coefficient(let k, _): return "×" + VietnameseNumberFormat.quantity(k, lang: lang)
        case .amount(let m): return TextLayout.money(m, lang)
        }
    }

    /// How the ceiling is computed, when it is not a plain amount: "130% của meal-support-city".
    static func computed(_ n: Norm, _ lang: Language) -> String? {
        switch n.ceiling {
        case .amount: return nil
        case .percent(let p, let of) where !of.isEmpty:
            return VietnameseNumberFormat.quantity(p, lang: lang) + (lang == .vi ? "% của " : "% of ") + of
        case .percent: return lang == .vi ? "tỷ lệ" : "a rate"
        case .coefficient(let k, let of): return VietnameseNumberFormat.quantity(k, lang: lang) + " × " + of
        }
    }

    static func source(_ c: Catalogue, norms: Bool, _ lang: Language) -> String {
        let vi = lang == .vi
        let file = norms ? c.origin.norms : c.origin.budgetCodes
        let over = norms ? c.origin.normsOverride : c.origin.budgetCodesOverride
        var s = file.map { (vi ? "Nguồn: tệp " : "Source: file ") + $0 }
            ?? (vi ? "Nguồn: danh mục có sẵn trong chương trình" : "Source: the catalogue built into the program")
        if let over { s += vi ? ", các dòng cùng mã được thay bằng tệp \(over)" : ", rows with the same id replaced by the file \(over)" }
        return s
    }

    public static func norms(_ c: Catalogue, on date: CivilDate, kind: ItemKind?, format: ListFormat, lang: Language,
                             width: Int = TextLayout.defaultWidth) -> String {
        let rows = normRows(c, on: date, kind: kind)
        return format == .csv ? normsCSV(rows, kind: kind, lang: lang) : normsText(c, rows, on: date, kind: kind, lang: lang, width: width)
    }

    static func normsText(_ c: Catalogue, _ rows: [NormRow], on date: CivilDate, kind: ItemKind?, lang: Language, width asked: Int) -> String {
        let vi = lang == .vi
        var out: [String] = [vi ? "DANH MỤC ĐỊNH MỨC CÓ HIỆU LỰC NGÀY \(date)" : "NORMS IN FORCE ON \(date)", source(c, norms: true, lang)]
        if let kind {
            out.append((vi ? "Loại chi: " : "Item kind: ") + "\(kind.name.text(lang)) (\(kind.rawValue))")
        }
        out = TextLayout.fitLines(out, width: asked)
        out.append("")
        if rows.isEmpty {
            out += TextLayout.fitLines([kind != nil
                ? (vi ? "Không có định mức nào áp dụng cho loại chi này vào ngày đó: đơn giá theo báo giá, hợp đồng (cột Báo giá của dự toán)."
                      : "No norm caps this kind on that date: the price rests on a quote or contract (the estimate's evidence column).")
                : (vi ? "Không có định mức nào có hiệu lực vào ngày đó." : "No norm is in force on that date.")], width: asked)
            return out.joined(separator: "\n") + "\n"
        }
        let h = vi ? ["Mã / nội dung", "Mức", "Tình trạng"] : ["Id / item", "Ceiling", "Status"]
        let amount = TextLayout.columnWidth(rows.map { ceiling($0, lang) }, header: h[1])
        let st = TextLayout.columnWidth(rows.map { status($0.norm.status, lang) }, header: h[2], minimum: h[2].count)
        let w = TextLayout.fit([nil, amount, st], total: asked, minimum: max(24, rows.map(\.norm.id.count).max() ?? 0))
        let cols = [TextLayout.Column(w[0]), TextLayout.Column(w[1], .right), TextLayout.Column(w[2])]
        let tableWidth = TextLayout.tableWidth(cols)
        out += TextLayout.wideNote(tableWidth, asked: asked, lang)
        out += TextLayout.row(h, cols)
        out.append(cols.map { TextLayout.rule($0.width) }.joined(separator: " "))
        let indent = 2
        for r in rows {
            let n = r.norm
            out += TextLayout.row([n.id, ceiling(r, lang), status(n.status, lang)], cols)
            out += TextLayout.indented(n.name.text(lang), indent: indent, width: max(asked, tableWidth))
            var notes: [String] = []
            var unit = (vi ? "Đơn vị: " : "Unit: ") + n.unit.text(lang)
            if let how = computed(n, lang) { unit += " · " + how }
            notes.append(unit)
            let basis = [n.document, n.article].filter { !$0.isEmpty }.joined(separator: " ")
            var effective = (vi ? "hiệu lực từ " : "in force from ") + n.effectiveFrom.description
            if let to = n.effectiveTo { effective += (vi ? " đến " : " to ") + to.description }
            notes.append((vi ? "Căn cứ: " : "Basis: ") + basis + "; " + effective)
            if let scope = n.scope { notes.append((vi ? "Phạm vi: " : "Scope: ") + scope.text(lang)) }
            for p in r.pairs {
                var parts: [String] = []
                parts.append(p.area.map { (vi ? "khu vực " : "area ") + areaName($0, lang) } ?? (vi ? "mọi khu vực" : "any area"))
                if p.stTaskOnly { parts.append(vi ? "chỉ nhiệm vụ KH&CN" : "S&T tasks only") }
                parts.append(p.isDefault ? (vi ? "áp dụng khi dòng không ghi định mức" : "applies when a line cites no norm")
                                         : (vi ? "chỉ khi dòng ghi định mức này" : "only when a line cites it"))
                notes.append((vi ? "Áp dụng: " : "Applies: ") + parts.joined(separator: ", "))
            }
            for note in notes { out += TextLayout.indented(note, indent: indent, width: max(asked, tableWidth)) }
        }
        out.append("")
        let provisional = rows.filter { $0.norm.status == .provisional }.count
        out += TextLayout.fitLines([vi ? "\(rows.count) định mức, trong đó \(provisional) tạm tính (cần xác minh với văn bản hiện hành)."
                                       : "\(rows.count) norms, \(provisional) of them provisional (to be checked against the text in force)."], width: asked)
        return out.joined(separator: "\n") + "\n"
    }

    static func areaName(_ a: String, _ lang: Language) -> String {
        guard lang == .vi else { return a }
        return InputNames.areas.label(a)
    }

    static func normsCSV(_ rows: [NormRow], kind: ItemKind?, lang: Language) -> String {
        let vi = lang == .vi
        var w = CSVWriter()
        var header = vi ? ["Mã", "Tên", "Cách tính", "Mức", "Tính trên", "Mức tính ra (đồng)", "Đơn vị tính", "Văn bản", "Điều khoản",
                           "Hiệu lực từ", "Hiệu lực đến", "Tình trạng", "Phạm vi áp dụng"]
                        : ["id", "name", "kind", "ceiling", "of", "resolved", "unit", "document", "article", "effective_from",
                           "effective_to", "status", "scope"]
        if kind != nil { header += vi ? ["Khu vực", "Mặc định"] : ["area", "default"] }
        w.textRow(header)
        for r in rows {
            let n = r.norm
            let (kindName, value, of): (String, CSVCell, String)
            switch n.ceiling {
            case .amount(let m): (kindName, value, of) = ("amount", .money(m), "")
            case .percent(let p, let o): (kindName, value, of) = ("percent", .number(VietnameseNumberFormat.quantity(p, grouping: false, lang: .en)), o)
            case .coefficient(let k, let o): (kindName, value, of) = ("coefficient", .number(VietnameseNumberFormat.quantity(k, grouping: false, lang: .en)), o)
            }
            var cells: [CSVCell] = [.text(n.id), .text(n.name.text(lang)), .text(kindName), value, .text(of),
                                    r.resolved.map { .money($0) } ?? .text(""), .text(n.unit.text(lang)), .text(n.document), .text(n.article),
                                    .text(n.effectiveFrom.description), .text(n.effectiveTo?.description ?? ""), .text(n.status.rawValue),
                                    .text(n.scope?.text(lang) ?? "")]
            if kind != nil {
                if r.pairs.isEmpty { cells += [.text(""), .text("")] }
                for (i, p) in r.pairs.enumerated() {
                    let row = cells + [.text(p.area ?? ""), .text(p.isDefault ? "yes" : "no")]
                    if i == r.pairs.count - 1 { cells = row } else { w.row(row) }
                }
            }
            w.row(cells)
        }
        return w.output
    }

    // MARK: Budget codes

    public static func budgetCodes(_ c: Catalogue, kind: ItemKind?, format: ListFormat, lang: Language,
                                   width: Int = TextLayout.defaultWidth) -> String {
        let codes = c.budgetCodes.values.filter { kind == nil || $0.kinds.contains(kind!) }.sorted { $0.code < $1.code }
        let vi = lang == .vi
        func kinds(_ b: BudgetCode) -> [ItemKind] { ItemKind.allCases.filter { b.kinds.contains($0) } }
        if format == .csv {
            var w = CSVWriter()
            w.textRow(vi ? ["Mã", "Mục", "Tên", "Tên tiếng Anh", "Loại chi", "Tình trạng"] : ["code", "group", "name_vi", "name_en", "kinds", "status"])
            for b in codes {
                w.row([.text(b.code), .text(b.group), .text(b.name.vi), .text(b.name.en),
                       .text(kinds(b).map(\.rawValue).joined(separator: ";")), .text(b.status.rawValue)])
            }
            return w.output
        }
        var out: [String] = [vi ? "MỤC LỤC NGÂN SÁCH: MỤC, TIỂU MỤC VÀ LOẠI CHI" : "BUDGET CODES: MỤC, TIỂU MỤC AND ITEM KINDS",
                             source(c, norms: false, lang)]
        if let kind { out.append((vi ? "Loại chi: " : "Item kind: ") + "\(kind.name.text(lang)) (\(kind.rawValue))") }
        out = TextLayout.fitLines(out, width: width)
        out.append("")
        if codes.isEmpty {
            out += TextLayout.fitLines([vi ? "Không có tiểu mục nào nhận loại chi này: dòng chi loại này luôn bị ghi nhận sai mã (BUDGET-CODE)."
                                           : "No budget code carries this kind: a line of this kind always draws BUDGET-CODE."], width: width)
            return out.joined(separator: "\n") + "\n"
        }
        let h = vi ? ["Mã", "Mục", "Tên", "Tình trạng"] : ["Code", "Mục", "Name", "Status"]
        let st = TextLayout.columnWidth(codes.map { status($0.status, lang) }, header: h[3], minimum: h[3].count)
        let w = TextLayout.fit([4, 4, nil, st], total: width, minimum: 20)
        let cols = w.map { TextLayout.Column($0) }
        out += TextLayout.row(h, cols)
        out.append(cols.map { TextLayout.rule($0.width) }.joined(separator: " "))
        for b in codes {
            let name = lang == .en && !b.name.en.isEmpty ? b.name.en : b.name.vi
            out += TextLayout.row([b.code, b.group, name, status(b.status, lang)], cols)
            let ks = kinds(b)
            let note = ks.isEmpty ? (vi ? "Mục (dùng cho dòng cộng theo mục; không dòng chi nào ghi mã này)" : "A mục (names the per-mục subtotals; no line is coded to it)")
                                  : (vi ? "Loại chi: " : "Item kinds: ") + ks.map { "\($0.name.text(lang)) (\($0.rawValue))" }.joined(separator: ", ")
            out += TextLayout.indented(note, indent: 10, width: max(width, TextLayout.tableWidth(cols)))
        }
        out.append("")
        let provisional = codes.filter { $0.status == .provisional }.count
        out += TextLayout.fitLines([vi ? "\(codes.count) mã, trong đó \(provisional) tạm tính (cần xác minh với TT 324/2016/TT-BTC)."
                                       : "\(codes.count) codes, \(provisional) of them provisional (to be checked against TT 324/2016/TT-BTC)."], width: width)
        return out.joined(separator: "\n") + "\n"
    }
}
