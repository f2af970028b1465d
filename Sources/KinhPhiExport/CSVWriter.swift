import KinhPhiCore

// CSV for spreadsheets (docs/settlement-csv.md): UTF-8 with BOM, CRLF line ends, RFC 4180 quoting
// (a cell holding a comma, quote, CR or LF is quoted, quotes doubled), amounts as plain integers.
// CSV injection: a TEXT cell that begins with = + - @ TAB or CR is prefixed with an apostrophe so a
// spreadsheet shows it as text instead of running it as a formula. Numeric cells are written as they are.

public enum CSVCell: Sendable, Equatable {
    case text(String)
    case number(String)

    public static func money(_ m: Money) -> CSVCell { .number(String(m.dong)) }
    public static func int(_ n: Int) -> CSVCell { .number(String(n)) }
}

public struct CSVWriter: Sendable {
    public private(set) var output: String
    public init(bom: Bool = true) { output = bom ? "\u{FEFF}" : "" }

    public mutating func row(_ cells: [CSVCell]) {
        var first = true
        for c in cells {
            if !first { output += "," }
            first = false
            switch c {
            case .number(let s): output += s
            case .text(let s): output += CSVWriter.quote(CSVWriter.neutralise(s))
            }
        }
        output += "\r\n"
    }

    public mutating func textRow(_ cells: [String]) { row(cells.map { .text($0) }) }

    /// Prefixes formula-like text with an apostrophe (OWASP "CSV injection").
    public static func neutralise(_ s: String) -> String {
        guard let f = s.unicodeScalars.first else { return s }
        switch f {
        case "=", "+", "-", "@", "\t", "\r": return "'" + s
        default: return s
        }
    }

    /// RFC 4180 quoting (`CSVText.quote`, the one rule in Core).
    public static func quote(_ s: String) -> String { CSVText.quote(s) }
}
