// Fuzz target `csv`: KinhPhiCore's one CSV tokenizer (CSVTokenizer — under CSVReader/CSVTable and under
// `kinhphi import`), checked against `Reference` below: a plain, slow reading of the rules written in the
// header of Sources/KinhPhiCore/Input/CSVTokenizer.swift, sharing no code with it (its own UTF-8 table from
// RFC 3629 §4, its own state machine over an array, its own trimming by Unicode scalar).
//
// Each input is read
//   • by the reference, for each separator (comma, semicolon, tab), with the record limit of the run;
//   • by the tokenizer from memory (`CSVTokenizer(bytes:)`), for each separator, with the same limit;
//   • by the tokenizer streamed from a file in blocks of 1–13 bytes (so every refill boundary is hit),
//     with one separator picked by the input's length;
//   • by CSVReader.parse (comma, the real 1 MiB limit), and CSVTable over what it returns;
//   • by CSVReader with the separator detected from the header row, against the reference with that one.
// The record limit is the real 1 MiB for three inputs in four, and 16–112 bytes for the fourth, so that
// the limit's paths (refused while incomplete, after a refill, in an unclosed quote) are reached.
//
// Checks (besides "never traps, never hangs"):
//   • the tokenizer accepts exactly what the reference accepts, and refuses with exactly the same error
//     (problem, line, byte offset);
//   • it yields the same records: same physical line, same number of fields, each field's text as written
//     (`field`) and trimmed (`cell`, `withCellBytes`) byte for byte (String's == is canonical equivalence
//     and would hide a difference in normal form); an absent field reads as empty;
//   • the reference itself: records on strictly increasing lines within the file, none blank, and its
//     UTF-8 verdict agrees with the standard library's `String(validating:)`;
//   • writing the records back with every field quoted and reading that gives the same fields;
//   • CSVTable over the records (header = first record) never traps, whatever cell accessor is used.

@testable import KinhPhiCore

// MARK: - The reference

/// The rules of CSVTokenizer.swift, read the slow, obvious way: whole input in memory, one byte at a time,
/// every field an array.
enum Reference {
    struct Record: Equatable {
        var line: Int
        var fields: [[UInt8]]
    }

    enum Failure: Error, Equatable {
        case utf16BOM
        case notUTF8(offset: Int, line: Int)
        case nul(offset: Int, line: Int)
        case tooLong(line: Int)
        case unterminatedQuote(line: Int)
    }

    /// A record as cut from the input, before any check.
    struct Raw {
        var start: Int, end: Int      // its bytes, LF included (or up to the end of the input)
        var line: Int
        var fields: [[UInt8]]
        var unclosedQuoteLine: Int?
    }

    static func read(_ input: [UInt8], separator: UInt8, limit: Int) -> Result<[Record], Failure> {
        let n = input.count
        var p = 0
        if n >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { p = 3 }
        if n - p >= 2 && ((input[p] == 0xFF && input[p + 1] == 0xFE) || (input[p] == 0xFE && input[p + 1] == 0xFF)) {
            return .failure(.utf16BOM)
        }
        var out: [Record] = []
        for raw in cut(input, from: p, separator: separator) {
            if raw.end - raw.start > limit { return .failure(.tooLong(line: raw.line)) }
            if let (offset, isNUL) = firstTextProblem(input, raw.start, raw.end) {
                let line = raw.line + input[raw.start..<offset].filter { $0 == 0x0A }.count
                return .failure(isNUL ? .nul(offset: offset, line: line) : .notUTF8(offset: offset, line: line))
            }
            if let q = raw.unclosedQuoteLine { return .failure(.unterminatedQuote(line: q)) }
            if raw.fields.allSatisfy({ trim($0).isEmpty }) { continue }
            out.append(Record(line: raw.line, fields: raw.fields))
        }
        return .success(out)
    }

    /// Cuts the input into records: a state machine over the bytes.
    static func cut(_ input: [UInt8], from p0: Int, separator: UInt8) -> [Raw] {
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        let n = input.count
        var records: [Raw] = []
        var line = 1
        var p = p0
        while p < n {
            var raw = Raw(start: p, end: n, line: line, fields: [], unclosedQuoteLine: nil)
            var state = State.fieldStart
            var quotedPart: [UInt8] = []   // the text between the quotes, "" undone
            var tail: [UInt8] = []         // unquoted text, or the text after the closing quote
            var beganQuoted = false
            var openQuoteLine = 0
            var ended = false
            func endField() {
                raw.fields.append(quotedPart + tail)
                quotedPart = []; tail = []; beganQuoted = false; state = .fieldStart
            }
            while p < n && !ended {
                let c = input[p]
                switch state {
                case .quoted:
                    if c == 0x22 {
                        if p + 1 < n && input[p + 1] == 0x22 { quotedPart.append(0x22); p += 2; continue }
                        state = .afterQuote
                    } else {
                        if c == 0x0A { line += 1 }
                        quotedPart.append(c)
                    }
                    p += 1
                case .fieldStart, .unquoted, .afterQuote:
                    if state == .fieldStart && c == 0x22 {
                        state = .quoted; beganQuoted = true; openQuoteLine = line
                    } else if c == separator {
                        endField()
                    } else if c == 0x0A {
                        if tail.last == 0x0D { tail.removeLast() }   // CRLF: the CR goes with the line end
                        endField()
                        line += 1
                        ended = true
                    } else {
                        tail.append(c)
                        if state == .fieldStart { state = .unquoted }
                    }
                    p += 1
                }
            }
            if ended {
                raw.end = p
            } else {
                // The end of the input ends the record. A CR as the input's last byte goes with it unless the
                // field began with a quote; a quote still open is never closed.
                raw.end = n
                if state == .quoted {
                    raw.unclosedQuoteLine = openQuoteLine
                } else {
                    if !beganQuoted && tail.last == 0x0D { tail.removeLast() }
                    endField()
                }
            }
            records.append(raw)
        }
        return records
    }

    /// The first byte of input[s..<e] that is not UTF-8 text: the lead of an ill-formed sequence (RFC 3629
    /// §4's table), or a NUL.
    static func firstTextProblem(_ b: [UInt8], _ s: Int, _ e: Int) -> (Int, Bool)? {
        var i = s
        while i < e {
            let c = b[i]
            if c == 0 { return (i, true) }
            let len: Int
            let second: ClosedRange<UInt8>
            switch c {
            case 0x01...0x7F: i += 1; continue
            case 0xC2...0xDF: len = 2; second = 0x80...0xBF
            case 0xE0: len = 3; second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: len = 3; second = 0x80...0xBF
            case 0xED: len = 3; second = 0x80...0x9F
            case 0xF0: len = 4; second = 0x90...0xBF
            case 0xF1...0xF3: len = 4; second = 0x80...0xBF
            case 0xF4: len = 4; second = 0x80...0x8F
            default: return (i, false)
            }
            if i + len > e || !second.contains(b[i + 1]) { return (i, false) }
            for k in 2..<len where !(0x80...0xBF).contains(b[i + k]) { return (i, false) }
            i += len
        }
        return nil
    }

    /// Trimmed of space, tab and no-break space at both ends, by Unicode scalar.
    static func trim(_ field: [UInt8]) -> [UInt8] {
        var scalars = Array(String(decoding: field, as: UTF8.self).unicodeScalars)
        let space: Set<UInt32> = [0x20, 0x09, 0xA0]
        while let f = scalars.first, space.contains(f.value) { scalars.removeFirst() }
        while let l = scalars.last, space.contains(l.value) { scalars.removeLast() }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return Array(String(s).utf8)
    }

    /// The tokenizer's error for a reference failure.
    static func error(_ f: Failure, file: String) -> InputError {
        switch f {
        case .utf16BOM: return InputError(SourceLocation(file: file, line: 1), .utf16BOM)
        case .notUTF8(let o, let l): return InputError(SourceLocation(file: file, line: l), .notUTF8(byteOffset: o))
        case .nul(let o, let l): return InputError(SourceLocation(file: file, line: l), .nulByte(byteOffset: o))
        case .tooLong(let l): return CSVLimits.recordTooLong(file: file, line: l)
        case .unterminatedQuote(let l): return InputError(SourceLocation(file: file, line: l), .unterminatedQuote)
        }
    }
}

// MARK: - The target

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let physicalLines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    let limit = (size / 39) % 4 == 0 ? 16 + size % 97 : CSVLimits.maxRecordBytes
    let streamed = CSVSeparator.allCases[(size / 13) % 3]
    let blockSize = 1 + size % 13

    for sep in CSVSeparator.allCases {
        let expected = Reference.read(input, separator: sep.rawValue, limit: limit)
        checkReference(input, expected, physicalLines)
        let what = "separator 0x\(String(sep.rawValue, radix: 16)), limit \(limit)"
        compare(expected, { () throws(InputError) in try CSVTokenizer(bytes: input, file: "fuzz.csv", separator: sep, recordLimit: limit) },
                "memory, " + what)
        if sep == streamed && !input.isEmpty {   // a file of 0 bytes is refused before reading (emptyFile)
            let path = FuzzPaths.scratch + "/stream.csv"
            FuzzPaths.write(input, to: path)
            compare(expected, { () throws(InputError) in
                try CSVTokenizer(path: path, displayName: "fuzz.csv", separator: sep, maxFileBytes: nil,
                                 blockSize: blockSize, recordLimit: limit)
            }, "file in blocks of \(blockSize), " + what)
        }
    }

    // CSVReader and CSVTable, as the estimate and catalogue loaders use them.
    let parsed: Result<[CSVRecord], InputError>
    do { parsed = .success(try CSVReader.parse(input, file: "fuzz.csv", separator: .comma)) } catch { parsed = .failure(error) }
    switch (parsed, Reference.read(input, separator: CSVSeparator.comma.rawValue, limit: CSVLimits.maxRecordBytes)) {
    case (.failure(let e), .failure(let f)):
        FuzzFail.check(e == Reference.error(f, file: "fuzz.csv"), "CSVReader: \(e.message(.en)), reference: \(f)")
        _ = e.message(.vi)
    case (.success(let records), .success(let expected)):
        FuzzFail.check(records.map(\.line) == expected.map(\.line), "CSVReader lines differ from the reference")
        FuzzFail.check(records.map { $0.fields.map { Array($0.utf8) } } == expected.map(\.fields), "CSVReader fields differ from the reference")
        roundTrip(records)
        table(records)
    case (.failure(let e), .success):
        FuzzFail.check(false, "CSVReader refuses (\(e.message(.en))), the reference accepts")
    case (.success, .failure(let f)):
        FuzzFail.check(false, "CSVReader accepts, the reference refuses: \(f)")
    }
    // The separator detected from the header row (issue 13): what CSVReader reads by default is what the
    // reference reads with the separator it chose (a `sep=` first line aside: it is skipped).
    let head = Array(input.prefix(8))
    let sepLine = head.starts(with: Array("sep=".utf8)) || head.starts(with: [0xEF, 0xBB, 0xBF] + Array("sep".utf8))
    if !sepLine, let (records, sep) = try? CSVReader.parseBytes(input, file: "fuzz.csv") {
        switch Reference.read(input, separator: sep.rawValue, limit: CSVLimits.maxRecordBytes) {
        case .success(let expected):
            FuzzFail.check(records.map(\.line) == expected.map(\.line), "detected separator: lines differ from the reference")
            FuzzFail.check(records.map { $0.fields.map { Array($0.utf8) } } == expected.map(\.fields), "detected separator: fields differ from the reference")
        case .failure(let f):
            FuzzFail.check(false, "CSVReader with the detected separator accepts, the reference refuses: \(f)")
        }
    }
    return 0
}

/// The reference's own invariants.
func checkReference(_ input: [UInt8], _ r: Result<[Reference.Record], Reference.Failure>, _ physicalLines: Int) {
    // Its UTF-8 table agrees with the standard library's validation (NUL aside, which is valid UTF-8).
    let noNUL = input.map { $0 == 0 ? 0x20 : $0 }
    FuzzFail.check((Reference.firstTextProblem(noNUL, 0, noNUL.count) == nil) == (String(validating: noNUL, as: UTF8.self) != nil),
                   "the reference's UTF-8 verdict differs from String(validating:)")
    guard case .success(let records) = r else { return }
    var last = 0
    for rec in records {
        FuzzFail.check(rec.line > last && rec.line <= physicalLines, "reference record line \(rec.line) after \(last), of \(physicalLines)")
        FuzzFail.check(!rec.fields.isEmpty && !rec.fields.allSatisfy { Reference.trim($0).isEmpty }, "reference kept a blank record")
        last = rec.line
    }
}

/// The tokenizer made by `open` reads exactly what the reference read.
func compare(_ expected: Result<[Reference.Record], Reference.Failure>, _ open: () throws(InputError) -> CSVTokenizer, _ what: String) {
    var got: [Reference.Record] = []
    var failure: InputError? = nil
    do {
        let t = try open()
        while try t.next() {
            var fields: [[UInt8]] = []
            for k in 0..<t.fieldCount {
                let raw = Array(t.field(k).utf8)
                let trimmed = Array(t.cell(k).utf8)
                FuzzFail.check(t.withCellBytes(k, { Array($0) }) == trimmed, "\(what): withCellBytes differs from cell on line \(t.line)")
                FuzzFail.check(trimmed == Reference.trim(raw), "\(what): cell \(k) on line \(t.line) is not its field trimmed")
                fields.append(raw)
            }
            FuzzFail.check(t.cell(t.fieldCount).isEmpty && t.cell(-1).isEmpty && t.withCellBytes(t.fieldCount, { $0.count }) == 0,
                           "\(what): an absent field is not empty")
            got.append(Reference.Record(line: t.line, fields: fields))
        }
    } catch { failure = error }

    switch expected {
    case .failure(let f):
        let e = Reference.error(f, file: "fuzz.csv")
        FuzzFail.check(failure == e, "\(what): the reference refuses with \(e.message(.en)); the tokenizer "
                       + (failure.map { "with " + $0.message(.en) } ?? "accepts \(got.count) records"))
    case .success(let records):
        if let failure { FuzzFail.check(false, "\(what): the reference accepts, the tokenizer refuses: \(failure.message(.en))") }
        FuzzFail.check(got.count == records.count, "\(what): \(got.count) records, the reference \(records.count)")
        for (a, b) in zip(got, records) {
            FuzzFail.check(a.line == b.line, "\(what): record on line \(a.line), the reference's on line \(b.line)")
            FuzzFail.check(a.fields == b.fields, "\(what): line \(a.line): fields \(a.fields.map { String(decoding: $0, as: UTF8.self) }.debugDescription), "
                           + "the reference \(b.fields.map { String(decoding: $0, as: UTF8.self) }.debugDescription)")
        }
    }
}

/// Every field quoted, "" doubled, LF between records: must read back to the same fields.
func roundTrip(_ records: [CSVRecord]) {
    var out: [UInt8] = []
    for r in records {
        for (i, f) in r.fields.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(0x22)
            for b in f.utf8 { if b == 0x22 { out.append(0x22) }; out.append(b) }
            out.append(0x22)
        }
        out.append(0x0A)
    }
    let again: [CSVRecord]
    do { again = try CSVReader.parse(out, file: "again.csv") } catch {
        FuzzFail.check(false, "re-quoted records do not parse: \(error)"); return
    }
    FuzzFail.check(again.map(\.fields) == records.map(\.fields), "re-quoted records read back differently")
}

func table(_ records: [CSVRecord]) {
    guard let header = records.first else { return }
    let names = header.fields.map { String(NumberParser.trimSpaces($0)).lowercased() }
    guard let t = try? CSVTable(records: records, file: "fuzz.csv", required: Array(names.prefix(2)).filter { !$0.isEmpty }) else { return }
    for r in t.rows.prefix(64) {
        for c in names.prefix(16) where !c.isEmpty {
            _ = t.cell(r, c)
            _ = try? t.money(r, c)
            _ = try? t.money(r, c, allowNegative: true)
            _ = try? t.optionalQuantity(r, c)
            _ = try? t.optionalDate(r, c)
            _ = try? t.choice(r, c, ["a": 1], expected: Bilingual(vi: "a", en: "a"))
        }
        _ = t.cell(r, "no-such-column")
    }
}
