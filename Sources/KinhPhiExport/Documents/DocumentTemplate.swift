import KinhPhiCore

// The wording of a letter-like document (the submission, tờ trình) is data, not code: a UTF-8 text file
// per language in the folder conference.csv names in its `templates` row (the bundled ones are
// fixtures/templates/submission.vi.txt and submission.en.txt). Format (docs/documents.md §Templates):
//
//   # a comment line
//   [title]            the document type, printed in bold capitals: TỜ TRÌNH
//   [subject]          the lines under it (trích yếu), one per line
//   [recipient]        "Kính gửi: …", one per line
//   [body]             paragraphs separated by blank lines; a paragraph that is only {sections} is the
//                      table of section totals
//   [copies]           the "Nơi nhận" list: the first line is its heading, each further line an item
//
// {name} in any text is replaced by a fact (the names are listed in `placeholders`); an unknown {name} is
// refused with the file and line, so a misspelt placeholder never prints as it is. Every replaced value and
// every template text is HTML-escaped when printed.

public struct DocumentTemplate: Sendable, Equatable {
    public var sections: [String: [TemplateLine]]
    public let file: String

    public struct TemplateLine: Sendable, Equatable {
        public let text: String
        public let line: Int
    }

    public static let sectionNames = ["title", "subject", "recipient", "body", "copies"]

    public static func load(path: String, displayName: String) throws(InputError) -> DocumentTemplate {
        let bytes = try FileInput.readBytes(path: path, displayName: displayName)
        if let (offset, problem) = bytes.withUnsafeBytes({ UTF8Validation.firstTextProblem($0) }) {
            let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw UTF8Validation.error(problem, offset: offset, file: displayName, line: line)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parse(text, file: displayName)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> DocumentTemplate {
        var sections: [String: [TemplateLine]] = [:]
        var current: String? = nil
        var number = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = String(NumberParser.trimSpaces(line))
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).lowercased()
                guard sectionNames.contains(name) else {
                    throw InputError(SourceLocation(file: file, line: number), .badValue(text: trimmed, expected: Bilingual(
                        vi: "một trong: " + sectionNames.map { "[\($0)]" }.joined(separator: ", "),
                        en: "one of: " + sectionNames.map { "[\($0)]" }.joined(separator: ", "))))
                }
                if sections[name] != nil {
                    throw InputError(SourceLocation(file: file, line: number), .duplicate(kind: Bilingual(vi: "phần", en: "section"), id: trimmed, firstLine: nil))
                }
                sections[name] = []
                current = name
                continue
            }
            guard let current else {
                if trimmed.isEmpty { continue }
                throw InputError(SourceLocation(file: file, line: number), .inconsistent(Bilingual(
                    vi: "văn bản trước phần đầu tiên (mở đầu bằng [title], [body]…)", en: "text before the first section ([title], [body]…)")))
            }
            sections[current, default: []].append(TemplateLine(text: trimmed, line: number))
        }
        for required in ["title", "body"] where (sections[required] ?? []).allSatisfy({ $0.text.isEmpty }) {
            throw InputError(SourceLocation(file: file), .inconsistent(Bilingual(
                vi: "thiếu phần [\(required)] hoặc phần này trống", en: "the [\(required)] section is missing or empty")))
        }
        return DocumentTemplate(sections: sections, file: file)
    }

    /// The non-blank lines of a section, placeholders filled.
    public func lines(_ section: String, _ values: [String: String]) throws(InputError) -> [String] {
        var out: [String] = []
        for l in sections[section] ?? [] where !l.text.isEmpty { out.append(try fill(l, values)) }
        return out
    }

    /// A paragraph of the body: text, or the place of the table of section totals (`{sections}` alone).
    public enum Paragraph: Sendable, Equatable {
        case text(String)
        case sectionsTable
    }

    public static let sectionsPlaceholder = "{sections}"

    /// The paragraphs of a section (lines joined by spaces, blank lines between paragraphs), filled.
    public func paragraphs(_ section: String, _ values: [String: String]) throws(InputError) -> [Paragraph] {
        var out: [Paragraph] = []
        var current: [String] = []
        func flush() { if !current.isEmpty { out.append(.text(current.joined(separator: " "))); current = [] } }
        for l in sections[section] ?? [] {
            if l.text.isEmpty { flush() }
            else if l.text == DocumentTemplate.sectionsPlaceholder { flush(); out.append(.sectionsTable) }
            else { current.append(try fill(l, values)) }
        }
        flush()
        return out
    }

    /// Replaces every {name} with its value.
    func fill(_ l: TemplateLine, _ values: [String: String]) throws(InputError) -> String {
        var out = ""
        var rest = Substring(l.text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw InputError(SourceLocation(file: file, line: l.line), .inconsistent(Bilingual(
                    vi: "dấu { không có dấu } đóng", en: "a { without its closing }")))
            }
            let name = String(rest[rest.index(after: open)..<close])
            if let v = values[name] { out += v }
            else if "{\(name)}" == DocumentTemplate.sectionsPlaceholder {
                throw InputError(SourceLocation(file: file, line: l.line), .inconsistent(Bilingual(
                    vi: "{sections} (bảng tổng hợp theo phần) phải đứng riêng một dòng trong [body]",
                    en: "{sections} (the table of section totals) must stand on a line of its own in [body]")))
            } else {
                let known = values.keys.sorted().map { "{\($0)}" }.joined(separator: ", ")
                throw InputError(SourceLocation(file: file, line: l.line), .badValue(text: "{\(name)}", expected: Bilingual(
                    vi: "một trong: " + known, en: "one of: " + known)))
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
