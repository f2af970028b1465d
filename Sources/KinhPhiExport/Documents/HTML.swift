// A small HTML builder for the printable documents. Markup can only be made here: element and attribute
// names are constants in the document code, and every piece of text — conference facts, descriptions,
// template text, numbers — enters through `HTML.text`, which escapes it. So nothing a user types can open a
// tag, close one or add an attribute: `<script>` in a description prints as the characters `<script>`.

public struct HTML: Sendable, Equatable {
    /// The markup. Only this file builds it from strings; everything else composes `HTML` values.
    public private(set) var markup: String

    fileprivate init(markup: String) { self.markup = markup }

    public static let empty = HTML(markup: "")

    /// Text, escaped: `&`, `<`, `>`, `"`, `'` become entities; C0 control characters other than TAB, LF
    /// and CR (which a browser would treat as parse errors) become U+FFFD.
    public static func text(_ s: String) -> HTML { HTML(markup: escape(s)) }

    /// Text whose line breaks are kept (`<br>` between lines): multi-line cells such as a two-line title.
    public static func lines(_ s: String) -> HTML {
        let parts = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        return join(parts.map { text(String($0)) }, separator: HTML(markup: "<br>"))
    }

    public static func join(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(markup: parts.map(\.markup).joined(separator: separator.markup))
    }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(markup: a.markup + b.markup) }

    /// `<tag class="…" attr="…">children</tag>`; `tag`, attribute names and `cls` come from the document
    /// code (never from data); attribute values are escaped.
    public static func el(_ tag: StaticString, cls: StaticString? = nil, attrs attributes: [(StaticString, String)] = [],
                          _ children: [HTML] = []) -> HTML {
        var m = "<\(tag)"
        if let cls { m += " class=\"\(cls)\"" }
        for (name, value) in attributes { m += " \(name)=\"\(escape(value))\"" }
        m += ">"
        for c in children { m += c.markup }
        m += "</\(tag)>"
        // A line break after block-level rows and tables keeps the files readable and their diffs one row
        // per line (whitespace between these elements is not rendered).
        if lineBreakAfter.contains(tag.description) { m += "\n" }
        return HTML(markup: m)
    }

    /// An element with one text child.
    public static func el(_ tag: StaticString, cls: StaticString? = nil, attrs attributes: [(StaticString, String)] = [],
                          text: String) -> HTML {
        el(tag, cls: cls, attrs: attributes, [HTML.text(text)])
    }

    static let lineBreakAfter: Set<String> = ["table", "colgroup", "thead", "tbody", "tr", "p", "h1", "ul", "li"]

    /// A void element (`<br>`, `<col …>`, `<meta …>`).
    public static func void(_ tag: StaticString, _ attributes: [(StaticString, String)] = []) -> HTML {
        var m = "<\(tag)"
        for (name, value) in attributes { m += " \(name)=\"\(escape(value))\"" }
        return HTML(markup: m + ">")
    }

    /// A style sheet written in the document code (a constant: no data ever reaches it).
    static func style(_ css: String) -> HTML { HTML(markup: "<style>\n" + css + "</style>") }

    /// The whole file: doctype, `<html lang>`, `<head>` with charset, title and style, `<body>`.
    static func document(lang: String, title: String, css: String, body: [HTML]) -> String {
        var m = "<!DOCTYPE html>\n<html lang=\"\(escape(lang))\">\n<head>\n<meta charset=\"utf-8\">\n"
        m += "<meta name=\"generator\" content=\"kinhphi\">\n"
        m += "<title>" + escape(title) + "</title>\n" + style(css).markup + "\n</head>\n<body>\n"
        for b in body { m += b.markup + "\n" }
        return m + "</body>\n</html>\n"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
