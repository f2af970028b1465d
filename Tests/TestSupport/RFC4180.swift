// A minimal, strict RFC 4180 reader written for the tests only, independent of the library's CSV code, so
// that what the exports write is read back by something that did not write it.

/// Reads CSV text as RFC 4180 describes it: fields separated by commas, records ended by CRLF (a lone LF
/// is accepted too), a field either plain or wholly in double quotes with `""` for a quote inside. A
/// leading UTF-8 byte order mark is dropped. A quote inside a plain field, anything but a comma or a
/// record end after a closing quote, or a quoted field left open throws `Malformed`.
public enum RFC4180 {
    public struct Malformed: Error, CustomStringConvertible {
        /// 1-based record and field where the text stops being RFC 4180.
        public let record: Int
        public let field: Int
        public let reason: String
        public var description: String { "not RFC 4180 at record \(record), field \(field): \(reason)" }
    }

    public static func parse(_ text: String) throws(Malformed) -> [[String]] {
        var scalars = Array(text.unicodeScalars)[...]
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var rows: [[String]] = [], row: [String] = [], cell = String.UnicodeScalarView()
        var quoted = false       // inside a quoted field
        var closed = false       // a quoted field has just been closed: only , or a record end may follow
        var fieldStart = true    // nothing of the current field read yet
        func fail(_ reason: String) -> Malformed { Malformed(record: rows.count + 1, field: row.count + 1, reason: reason) }
        func endField() { row.append(String(cell)); cell = String.UnicodeScalarView(); closed = false; fieldStart = true }
        func endRecord() { endField(); rows.append(row); row = [] }
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { cell.append("\""); scalars.removeFirst() } else { quoted = false; closed = true }
                } else { cell.append(c) }
                continue
            }
            switch c {
            case ",": endField()
            case "\r" where scalars.first == "\n": scalars.removeFirst(); endRecord()
            case "\n": endRecord()
            case "\"":
                guard fieldStart else { throw fail(closed ? "a quote right after a closing quote" : "a quote inside a field that does not start with one") }
                quoted = true; fieldStart = false
            default:
                if closed { throw fail("text after the closing quote") }
                cell.append(c); fieldStart = false
            }
        }
        if quoted { throw fail("a quoted field is not closed") }
        if !row.isEmpty || !cell.isEmpty || closed { endRecord() }
        return rows
    }
}
