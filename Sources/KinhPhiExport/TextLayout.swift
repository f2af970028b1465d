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

    /// Wraps at spaces to lines of at most `width` characters (a longer word gets a line of its own).
    public static func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    public static func rule(_ width: Int, _ ch: Character = "-") -> String { String(repeating: ch, count: width) }

    /// Signature block on every document: Người lập biểu · Kế toán trưởng · Thủ trưởng đơn vị.
    public static func signatureBlock(_ lang: Language) -> [String] {
        let titles = lang == .vi ? ["NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"] : ["PREPARED BY", "CHIEF ACCOUNTANT", "HEAD OF UNIT"]
        let hint = lang == .vi ? "(Ký, họ tên)" : "(Signature, full name)"
        let hintHead = lang == .vi ? "(Ký, họ tên, đóng dấu)" : "(Signature, name, seal)"
        return [
            trimTrailing(titles.map { center($0, 30) }.joined()),
            trimTrailing([hint, hint, hintHead].map { center($0, 30) }.joined()),
        ]
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
