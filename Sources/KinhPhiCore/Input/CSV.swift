import KinhPhiSystem

// CSV files by record and by column name, on top of the one tokenizer (CSVTokenizer.swift: RFC 4180, UTF-8
// with an optional BOM, CRLF or LF, quoted cells with "" and line breaks, blank rows skipped, errors naming
// the physical line). Every record remembers the physical line it starts on, so errors can name it.

public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]
    public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
}

/// Size limits for every CSV KinhPhi reads (docs/formats.md §Common conventions): a hostile or wrong file
/// (a 100 MB line, a database dump) fails at once with a clear message instead of being held in memory
/// and, for a voucher file, written into the journal.
public enum CSVLimits {
    /// The longest record (one row, quoted line breaks included) any reader accepts: 1 MiB.
    public static let maxRecordBytes = 1 << 20
    /// The largest file read whole (conference, estimate, catalogue, approved.json): 64 MiB. Voucher
    /// files for `import` are streamed and have no size limit, only the record limit.
    public static let maxFileBytes = 64 << 20

    public static func recordTooLong(file: String, line: Int) -> InputError {
        InputError(SourceLocation(file: file, line: line), .inconsistent(Bilingual(
            vi: "dòng dài hơn 1 MiB (1.048.576 byte), quá dài cho một dòng CSV: tệp có đúng là CSV không?",
            en: "a line longer than 1 MiB (1,048,576 bytes), too long for a CSV row: is this really a CSV file?")))
    }

    public static func fileTooLarge(file: String, bytes: Int64) -> InputError {
        InputError(SourceLocation(file: file), .inconsistent(Bilingual(
            vi: "tệp lớn hơn 64 MiB (\(VietnameseNumberFormat.group(bytes, separator: ".")) byte), quá lớn cho tệp này",
            en: "the file is larger than 64 MiB (\(VietnameseNumberFormat.group(bytes, separator: ",")) bytes), too large for this file")))
    }
}

/// Whole CSV files as records (the conference, the estimate, the catalogue): `CSVTokenizer` underneath, each
/// record's fields kept as written (quotes undone, not trimmed; `CSVTable` trims them). The separator is
/// detected from the header row unless one is given (`CSVTokenizer`, docs/formats.md §Common conventions).
public enum CSVReader {
    /// Reads a file (at most `CSVLimits.maxFileBytes`). `displayName` is how errors name it.
    public static func read(path: String, displayName: String? = nil, separator: CSVSeparator? = nil) throws(InputError) -> [CSVRecord] {
        try readFile(path: path, displayName: displayName, separator: separator).records
    }

    /// The records and the separator they were read with.
    public static func readFile(path: String, displayName: String? = nil, separator: CSVSeparator? = nil) throws(InputError) -> (records: [CSVRecord], separator: CSVSeparator) {
        let name = displayName ?? path
        let t = try CSVTokenizer(path: path, displayName: name, separator: separator,
                                 maxFileBytes: Int64(CSVLimits.maxFileBytes))
        return (try records(t), t.separator)
    }

    /// Parses bytes already in memory.
    public static func parse(_ input: [UInt8], file: String, separator: CSVSeparator? = nil) throws(InputError) -> [CSVRecord] {
        try parseBytes(input, file: file, separator: separator).records
    }

    /// The records of bytes in memory and the separator they were read with.
    public static func parseBytes(_ input: [UInt8], file: String, separator: CSVSeparator? = nil) throws(InputError) -> (records: [CSVRecord], separator: CSVSeparator) {
        let t = try CSVTokenizer(bytes: input, file: file, separator: separator)
        return (try records(t), t.separator)
    }

    static func records(_ t: CSVTokenizer) throws(InputError) -> [CSVRecord] {
        var out: [CSVRecord] = []
        while try t.next() {
            out.append(CSVRecord(line: t.line, fields: (0..<t.fieldCount).map { t.field($0) }))
        }
        return out
    }
}

/// Writing a CSV cell: RFC 4180 quoting (a cell holding the separator, a quote, CR or LF is wrapped in
/// quotes, quotes doubled). The one quoting rule, for the files KinhPhi writes (exports, `init`'s
/// templates, the merged catalogue snapshot).
public enum CSVText {
    public static func quote(_ s: String, separator: CSVSeparator = .comma) -> String {
        let sep = separator.rawValue
        var needs = false
        for u in s.utf8 where u == sep || u == 0x22 || u == 0x0A || u == 0x0D { needs = true; break }
        guard needs else { return s }
        var out = "\""
        for ch in s.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        return out + "\""
    }

    /// One record: the cells quoted, joined by the separator, ended by `lineEnd` (LF, or CRLF for a file
    /// a spreadsheet opens).
    public static func record(_ cells: [String], separator: CSVSeparator = .comma, lineEnd: String = "\n") -> String {
        cells.map { quote($0, separator: separator) }.joined(separator: String(UnicodeScalar(separator.rawValue))) + lineEnd
    }
}

/// Strict UTF-8 validation that reports where the first bad byte is (overlong forms, surrogates and
/// code points above U+10FFFF are invalid), with an 8-bytes-at-a-time ASCII fast path. The one validator
/// for every reader (CSV files, import batches, journal lines).
public enum UTF8Validation {
    /// The offset of the first invalid byte in `b`, or nil when it is all valid UTF-8 (the lead byte of a
    /// bad sequence: overlong forms, surrogates and values above U+10FFFF are invalid). ASCII is skipped
    /// eight bytes at a time, or up to the next non-ASCII byte; each multi-byte sequence is checked by its
    /// lead byte's range (RFC 3629 §4).
    public static func firstInvalid(_ b: UnsafeRawBufferPointer) -> Int? {
        scan(b, rejectingNUL: false)?.offset
    }

    /// What is wrong with a CSV file's bytes.
    public enum TextProblem: Sendable, Equatable { case notUTF8, nul }

    /// The first byte of `b` that makes it unusable as CSV text: invalid UTF-8 (as `firstInvalid`) or a
    /// NUL byte (UTF-16 without a byte-order mark, or a binary file). Both CSV readers use it.
    public static func firstTextProblem(_ b: UnsafeRawBufferPointer) -> (offset: Int, problem: TextProblem)? {
        scan(b, rejectingNUL: true)
    }

    /// True when `b` starts with a UTF-16 byte-order mark (FF FE little-endian, FE FF big-endian): Excel's
    /// "Unicode Text". Neither is valid UTF-8, so this is checked first to give the clearer message.
    public static func startsWithUTF16BOM<C: Collection>(_ b: C) -> Bool where C.Element == UInt8 {
        var it = b.makeIterator()
        guard let b0 = it.next(), let b1 = it.next() else { return false }
        return (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)
    }

    /// The reader error for a problem found by `firstTextProblem`, at `offset` in the file.
    public static func error(_ problem: TextProblem, offset: Int, file: String, line: Int) -> InputError {
        InputError(SourceLocation(file: file, line: line), problem == .nul ? .nulByte(byteOffset: offset) : .notUTF8(byteOffset: offset))
    }

    @inline(__always)
    private static func scan(_ b: UnsafeRawBufferPointer, rejectingNUL: Bool) -> (offset: Int, problem: TextProblem)? {
        let n = b.count
        guard n > 0 else { return nil }
        let p = b.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = 0
        while i < n {
            if i + 8 <= n {
                // Eight ASCII bytes are skipped at once; otherwise the ASCII bytes before the first
                // non-ASCII one (its position from the trailing zero bits of the high-bit mask).
                // With `rejectingNUL`, a zero byte also stops the skip (the classic has-zero-byte test:
                // exact for the first zero byte, which is all that matters here).
                let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                var m = x & 0x8080_8080_8080_8080
                if rejectingNUL { m |= (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 }
                if m == 0 { i += 8; continue }
                i += m.trailingZeroBitCount >> 3
            }
            let c = p[i]
            if c == 0 && rejectingNUL { return (i, .nul) }
            if c < 0x80 { i += 1; continue }
            if c < 0xC2 { return (i, .notUTF8) }                       // a continuation byte, or an overlong C0/C1
            if c < 0xE0 {                                              // C2–DF 80–BF
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return (i, .notUTF8) }
                i += 2; continue
            }
            if c < 0xF0 {                                              // E0 A0–BF · E1–EC, EE–EF 80–BF · ED 80–9F
                guard i + 2 < n else { return (i, .notUTF8) }
                let c1 = p[i + 1], c2 = p[i + 2]
                guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return (i, .notUTF8) }
                if (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) { return (i, .notUTF8) }
                i += 3; continue
            }
            if c < 0xF5 {                                              // F0 90–BF · F1–F3 80–BF · F4 80–8F
                guard i + 3 < n else { return (i, .notUTF8) }
                let c1 = p[i + 1], c2 = p[i + 2], c3 = p[i + 3]
                guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80, c3 & 0xC0 == 0x80 else { return (i, .notUTF8) }
                if (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F) { return (i, .notUTF8) }
                i += 4; continue
            }
            return (i, .notUTF8)
        }
        return nil
    }
}

/// Reading whole files with errors a finance officer understands (the files approved.json snapshots,
/// whose bytes are hashed as well as parsed).
public enum FileInput {
    public static func readBytes(path: String, displayName: String) throws(InputError) -> [UInt8] {
        let place = SourceLocation(file: displayName)
        let st: FileStatus?
        do { st = try FileIO.status(path) } catch { throw InputError(place, .unreadable(SystemError.describe(error.code))) }
        guard let st else { throw InputError(place, .fileNotFound) }
        if st.kind == .directory { throw InputError(place, .notAFile) }
        if st.size > Int64(CSVLimits.maxFileBytes) { throw CSVLimits.fileTooLarge(file: displayName, bytes: st.size) }
        let bytes: [UInt8]
        do { bytes = try FileIO.readFile(path) } catch { throw InputError(place, .unreadable(SystemError.describe(error.code))) }
        if bytes.count > CSVLimits.maxFileBytes { throw CSVLimits.fileTooLarge(file: displayName, bytes: Int64(bytes.count)) }
        if bytes.isEmpty { throw InputError(place, .emptyFile) }
        return bytes
    }
}

/// A CSV file with a header row, read by column name.
///
/// With a `NameTable` (what every loader passes) a header cell is matched to its canonical key by the
/// table — case-, accent- and spacing-insensitive, Vietnamese names or the English key (InputNames) — and
/// errors name a column as its header is written. Without one, a header is its own key, compared
/// lower-cased and trimmed. Unknown headers are ignored (notes); a key given by two headers, or a required
/// key no header gives, is an error — the latter saying which names are accepted, which headers were not
/// recognised, and whether the file looks read with the wrong separator.
public struct CSVTable: Sendable {
    public let file: String
    /// The canonical key of each column (the folded header when the table does not know it).
    public let header: [String]
    public let headerLine: Int
    public let rows: [CSVRecord]
    private let indexByName: [String: Int]
    /// Each key's header as written in the file (trimmed).
    private let written: [String: String]

    /// Builds a table from parsed records; the first record is the header. Throws when a required column is
    /// missing. `separator`: what the file was read with (for the message when it looks wrong).
    public init(records: [CSVRecord], file: String, required: [String], names: NameTable? = nil,
                separator: CSVSeparator = .comma) throws(InputError) {
        guard let first = records.first else { throw InputError(SourceLocation(file: file), .emptyFile) }
        self.file = file
        self.headerLine = first.line
        var keys: [String] = []
        var idx: [String: Int] = [:]
        var written: [String: String] = [:]
        var unknown: [String] = []
        for (i, cell) in first.fields.enumerated() {
            let text = String(NumberParser.trimSpaces(cell))
            let key: String
            if let names {
                if let k = names.key(for: text) { key = k } else {
                    key = InputNames.fold(text)
                    if !text.isEmpty { unknown.append(text) }
                }
            } else {
                key = CSVTable.normalise(text)
            }
            keys.append(key)
            if key.isEmpty { continue }
            if let j = idx[key] {
                let a = written[key] ?? "", b = text
                let hint: Bilingual? = names == nil || a == b ? nil : Bilingual(
                    vi: "cột \"\(a)\" (cột \(j + 1)) và cột \"\(b)\" (cột \(i + 1)) cùng là \"\(names!.label(key))\" (\(key)): giữ một cột",
                    en: "column \"\(a)\" (column \(j + 1)) and column \"\(b)\" (column \(i + 1)) both name \"\(names!.label(key))\" (\(key)): keep one")
                throw InputError(SourceLocation(file: file, line: first.line, field: text), .duplicateColumn(text), hint: hint)
            }
            idx[key] = i
            written[key] = text
        }
        self.header = keys
        self.indexByName = idx
        self.written = written
        for r in required where idx[r] == nil {
            throw InputError(SourceLocation(file: file, line: first.line, field: r), .missingColumn(r),
                             hint: CSVTable.missingHint(r, names: names, unknown: unknown, header: first.fields, separator: separator))
        }
        self.rows = Array(records.dropFirst())
    }

    /// Reads the file at `path` (the separator detected from its header row).
    public init(path: String, displayName: String? = nil, required: [String], names: NameTable? = nil) throws(InputError) {
        let name = displayName ?? path
        let (records, sep) = try CSVReader.readFile(path: path, displayName: name)
        try self.init(records: records, file: name, required: required, names: names, separator: sep)
    }

    /// Parses bytes in memory (the separator detected from the header row).
    public init(bytes: [UInt8], file: String, required: [String], names: NameTable? = nil) throws(InputError) {
        let (records, sep) = try CSVReader.parseBytes(bytes, file: file)
        try self.init(records: records, file: file, required: required, names: names, separator: sep)
    }

    /// What to say about a required column no header gives: the names it may have, the headers that were
    /// not recognised, and a header that is one cell holding another separator (a file read with the wrong
    /// one — saved by Excel with ";" or as tab-separated text). Also used by the voucher import, which reads
    /// its header itself (streamed).
    public static func missingHint(_ key: String, names: NameTable?, unknown: [String], header: [String], separator: CSVSeparator) -> Bilingual? {
        var vi: [String] = [], en: [String] = []
        // A header cell holding another separator: the file was read with the wrong one (a header row
        // with as many commas as semicolons, or a separator given).
        let cells = header.map { String(NumberParser.trimSpaces($0)) }.filter { !$0.isEmpty }
        let misread = cells.lazy.compactMap { cell -> (String, CSVSeparator)? in
            CSVSeparator.allCases.first { $0 != separator && cell.utf8.contains($0.rawValue) }.map { (cell, $0) }
        }.first
        if let (cell, other) = misread {
            let oneColumn = cells.count == 1
            let sepLine = "sep=" + (other == .tab ? "<TAB>" : String(UnicodeScalar(other.rawValue)))
            let shownVi = oneColumn ? "dòng tiêu đề được đọc thành một cột duy nhất" : "cột tiêu đề"
            let shownEn = oneColumn ? "the header row was read as one column" : "the header cell"
            vi.append(shownVi + " \"" + InputError.visible(cell) + "\": tệp dùng dấu " + other.name(.vi) + " để ngăn cột nhưng được đọc bằng dấu "
                      + separator.name(.vi) + "; lưu lại tệp bằng Excel (CSV UTF-8) hoặc thêm dòng đầu tiên " + sepLine)
            en.append(shownEn + " \"" + InputError.visible(cell) + "\": the file separates columns with " + other.name(.en) + " but was read with "
                      + separator.name(.en) + "; save it again from Excel (CSV UTF-8) or add the first line " + sepLine)
        }
        if let names {
            let accepted = names.names(key).map { "\"\($0)\"" }.joined(separator: ", ")
            vi.append("tên cột được nhận: " + accepted)
            en.append("accepted column names: " + accepted)
            if !unknown.isEmpty {
                let list = unknown.prefix(12).map { "\"\(InputError.visible($0))\"" }.joined(separator: ", ") + (unknown.count > 12 ? ", …" : "")
                vi.append("các cột không nhận ra: " + list)
                en.append("columns not recognised: " + list)
            }
        }
        return vi.isEmpty ? nil : Bilingual(vi: vi.joined(separator: "; "), en: en.joined(separator: "; "))
    }

    static func normalise(_ s: String) -> String {
        String(NumberParser.trimSpaces(s)).lowercased()
    }

    /// The header of `column` as written in the file (the key itself when the file has no such column).
    public func written(_ column: String) -> String { written[column] ?? column }

    public func has(_ column: String) -> Bool { indexByName[column] != nil }

    public func cell(_ record: CSVRecord, _ column: String) -> String {
        guard let i = indexByName[column], i < record.fields.count else { return "" }
        return String(NumberParser.trimSpaces(record.fields[i]))
    }

    public func location(_ record: CSVRecord, _ column: String) -> SourceLocation {
        SourceLocation(file: file, line: record.line, field: written(column))
    }

    public func required(_ record: CSVRecord, _ column: String) throws(InputError) -> String {
        let v = cell(record, column)
        if v.isEmpty { throw InputError(location(record, column), .required) }
        return v
    }

    public func money(_ record: CSVRecord, _ column: String, allowNegative: Bool = false) throws(InputError) -> Money {
        let text = try required(record, column)
        do { return try NumberParser.money(text, allowNegative: allowNegative) }
        catch { throw InputError(location(record, column), .badNumber(error, text: text)) }
    }

    public func optionalMoney(_ record: CSVRecord, _ column: String) throws(InputError) -> Money? {
        cell(record, column).isEmpty ? nil : try money(record, column)
    }

    public func quantity(_ record: CSVRecord, _ column: String) throws(InputError) -> Quantity {
        let text = try required(record, column)
        do { return try NumberParser.quantity(text) }
        catch { throw InputError(location(record, column), .badNumber(error, text: text)) }
    }

    public func optionalQuantity(_ record: CSVRecord, _ column: String) throws(InputError) -> Quantity? {
        cell(record, column).isEmpty ? nil : try quantity(record, column)
    }

    public func date(_ record: CSVRecord, _ column: String) throws(InputError) -> CivilDate {
        let text = try required(record, column)
        guard let d = CivilDate.parse(text) else { throw InputError(location(record, column), .badDate(text: text)) }
        return d
    }

    public func optionalDate(_ record: CSVRecord, _ column: String) throws(InputError) -> CivilDate? {
        cell(record, column).isEmpty ? nil : try date(record, column)
    }

    /// A value from a fixed vocabulary (case-insensitive).
    public func choice<T>(_ record: CSVRecord, _ column: String, _ options: [String: T], expected: Bilingual) throws(InputError) -> T {
        let text = try required(record, column)
        guard let v = options[text.lowercased()] else {
            throw InputError(location(record, column), .badValue(text: text, expected: expected))
        }
        return v
    }

    /// A value named by a `NameTable` of values (its key, or any of its names, case- and accent-insensitive),
    /// turned into `T` by `make` (nil = not a value of `T`).
    public func named<T>(_ record: CSVRecord, _ column: String, _ names: NameTable, expected: Bilingual, _ make: (String) -> T?) throws(InputError) -> T {
        let text = try required(record, column)
        guard let key = names.key(for: text), let v = make(key) else {
            throw InputError(location(record, column), .badValue(text: text, expected: expected))
        }
        return v
    }

    /// A yes/no cell (`InputNames.yesNo`): `defaultValue` when blank, or required when there is none.
    public func yesNo(_ record: CSVRecord, _ column: String, default defaultValue: Bool? = nil) throws(InputError) -> Bool {
        if let defaultValue, cell(record, column).isEmpty { return defaultValue }
        let text = try required(record, column)
        guard let v = InputNames.yesNo(text) else {
            throw InputError(location(record, column), .badValue(text: text, expected: InputNames.yesNoExpected))
        }
        return v
    }
}
