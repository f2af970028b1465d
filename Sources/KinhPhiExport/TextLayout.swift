import KinhPhiCore

// Plain-text layout for terminal reports: fixed-width columns measured in Characters (Vietnamese
// precomposed letters are one column wide), right-aligned amounts, and word wrapping.

public enum TextLayout {
    public static func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    public static func padLeft(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : String(repeating: " ", count: width - n) + s
    }

    /// Wraps at spaces to lines of at most `width` characters. Words are never cut, except a single word
    /// longer than the whole width (a long reference or path), which is split into pieces of `width`.
    public static func wrap(_ s: String, _ width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = ""
        for w in s.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(w)
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if word.isEmpty { continue }
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    // MARK: tables that fit a width

    /// The width text reports fit by default (a terminal, or an A4 page printed in a monospaced font).
    public static let defaultWidth = 80

    public enum Align: Sendable { case left, right }

    public struct Column: Sendable, Equatable {
        public var width: Int
        public var align: Align
        public init(_ width: Int, _ align: Align = .left) { self.width = width; self.align = align }
    }

    /// The widest of some texts and of the words of a header (a header wraps at its spaces; a figure does not).
    public static func columnWidth(_ values: [String], header: String, minimum: Int = 1) -> Int {
        max(minimum, values.map(\.count).max() ?? 0, header.split(separator: " ").map(\.count).max() ?? 0)
    }

    /// Gives the flexible column (`nil` in `fixed`) what `total` leaves after the others and the one-space
    /// gaps, but at least `minimum`: then the table is wider than `total` (the report says so).
    public static func fit(_ fixed: [Int?], total: Int, minimum: Int) -> [Int] {
        let used = fixed.compactMap { $0 }.reduce(0, +) + max(0, fixed.count - 1)
        let flexible = max(minimum, total - used)
        return fixed.map { $0 ?? flexible }
    }

    public static func tableWidth(_ columns: [Column]) -> Int { columns.map(\.width).reduce(0, +) + max(0, columns.count - 1) }

    /// One table row: each cell wrapped at its spaces to its column (figures right-aligned), columns one
    /// space apart, as many lines as its tallest cell, trailing spaces dropped.
    public static func row(_ cells: [String], _ columns: [Column]) -> [String] {
        let wrapped = zip(cells, columns).map { cell, col in cell.isEmpty ? [""] : wrap(cell, col.width) }
        let height = wrapped.map(\.count).max() ?? 1
        var lines: [String] = []
        for i in 0..<height {
            var parts: [String] = []
            for (cell, col) in zip(wrapped, columns) {
                let text = i < cell.count ? cell[i] : ""
                parts.append(col.align == .left ? pad(text, col.width) : padLeft(text, col.width))
            }
            lines.append(trimTrailing(parts.joined(separator: " ")))
        }
        return lines
    }

    /// A line with an indent, wrapped to `width` (each continuation indented the same).
    public static func indented(_ s: String, indent: Int, width: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        return wrap(s, max(20, width - indent)).map { pad + $0 }
    }

    /// Wraps every line longer than `width` at its spaces, keeping its indentation (header lines: the
    /// conference's name, place, funding source).
    public static func fitLines(_ lines: [String], width: Int) -> [String] {
        lines.flatMap { line -> [String] in
            guard line.count > width else { return [line] }
            let indent = line.prefix { $0 == " " }.count
            return indented(String(line.dropFirst(indent)), indent: indent, width: width)
        }
    }

    /// "Báo cáo rộng 92 cột: …" — said above a table that cannot fit the width asked for.
    public static func wideNote(_ actual: Int, asked: Int, _ lang: Language) -> [String] {
        guard actual > asked else { return [] }
        return fitLines([lang == .vi ? "(Bảng rộng \(actual) cột, hơn --width \(asked): số tiền quá dài để vừa; dùng --width \(actual) trở lên.)"
                            : "(The table is \(actual) columns wide, more than --width \(asked): the amounts are too long to fit; use --width \(actual) or more.)"], width: actual)
    }

    public static func rule(_ width: Int, _ ch: Character = "-") -> String { String(repeating: ch, count: width) }

    /// Signature block on every document: Người lập biểu · Kế toán trưởng · Thủ trưởng đơn vị, in three
    /// equal columns across `width`.
    public static func signatureBlock(_ lang: Language, width: Int = defaultWidth) -> [String] {
        let titles = lang == .vi ? ["NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"] : ["PREPARED BY", "CHIEF ACCOUNTANT", "HEAD OF UNIT"]
        let hint = lang == .vi ? "(Ký, họ tên)" : "(Signature, full name)"
        let hintHead = lang == .vi ? "(Ký, họ tên, đóng dấu)" : "(Signature, name, seal)"
        let cell = max(12, width / 3)
        var out: [String] = []
        for texts in [titles, [hint, hint, hintHead]] {
            // A text longer than its third of the line wraps inside it (a narrow --width).
            let wrapped = texts.map { wrap($0, cell) }
            for i in 0..<(wrapped.map(\.count).max() ?? 1) {
                out.append(trimTrailing(wrapped.map { center(i < $0.count ? $0[i] : "", cell) }.joined()))
            }
        }
        return out
    }

    public static func trimTrailing(_ s: String) -> String {
        var out = Substring(s)
        while out.last == " " { out.removeLast() }
        return String(out)
    }

    public static func center(_ s: String, _ width: Int) -> String {
        let n = s.count
        guard n < width else { return s }
        let left = (width - n) / 2
        return String(repeating: " ", count: left) + s + String(repeating: " ", count: width - n - left)
    }

    public static func money(_ m: Money, _ lang: Language) -> String { VietnameseNumberFormat.money(m, lang) }

    /// A percentage for reports: `87,35` (vi) / `87.35` (en); "—" when there is none (nothing approved).
    public static func percent(_ q: Quantity?, _ lang: Language) -> String {
        q.map { VietnameseNumberFormat.percent($0, decimal: lang == .vi ? "," : ".") } ?? "—"
    }

    /// "Bằng chữ: Một triệu … đồng" / "In words: One million … dong".
    public static func inWords(_ m: Money, _ lang: Language) -> String {
        let words = (lang == .vi ? AmountInWords.vietnamese(m.dong) : AmountInWords.english(m.dong)) ?? ""
        return words
    }
}
