import KinhPhiSystem

// The one CSV tokenizer (issue 10, item 3). Every CSV file KinhPhi reads goes through it: the conference,
// the estimate and the catalogue (through `CSVReader` / `CSVTable`, CSV.swift), the catalogue snapshot of
// approved.json (bytes already in memory), and the voucher files of `kinhphi import` (streamed: a million
// rows never sit in memory). It reads blocks through KinhPhiSystem's `FileIO` into one buffer of raw memory
// it owns, and hands out one record at a time as field spans over that buffer: no allocation per record or
// per cell unless a cell holds a doubled quote or text after its closing quote.
//
// It is written for the import's hot path (a million rows): the properties are exempt from dynamic
// exclusivity checks (only this class touches them, one call at a time), the scan looks for the separator,
// the quote and the line end eight bytes at a time, and `withCellBytes` is inlined into the caller.
//
// The rules (docs/formats.md §Common conventions; the fuzz target `csv` checks them against a reference
// written separately in fuzz/targets/csv.swift):
//
// • UTF-8, a leading BOM (EF BB BF) dropped; a UTF-16 byte-order mark (FF FE / FE FF) right after it, or
//   at the start, refuses the file by name; any invalid UTF-8 or NUL byte refuses it at its file offset.
// • Records end at a LF outside quotes; a CR right before that LF is dropped, and so is a CR that is the
//   file's very last byte when the last field did not begin with a quote. Any other CR is kept.
// • A field that begins with `"` is quoted: `""` inside it is one `"`, separators and line breaks inside
//   it are text; text after the closing quote, up to the next separator or line end, is kept as it is.
//   A `"` anywhere else is an ordinary character.
// • The separator is a parameter (`CSVSeparator`: `,`, `;` — Excel on a PC whose list separator is `;` —
//   or TAB), or detected from the header row (`separator: nil`, what every whole-file reader does): a
//   first line `sep=;` (Excel's own hint) names it and is skipped; otherwise, on the first line that is not
//   blank, the one of the three found most often outside quotes wins, ties going to `,` then `;`, and a
//   line with none of them (one column) is read with `,`. Nothing below compares with a comma.
// • Records whose cells are all blank after trimming are skipped. `cell` trims space, tab and no-break
//   space (U+00A0) at both ends, by Unicode scalar; `field` gives the text untrimmed.
// • `line` is the physical line (1-based, counting every LF) on which the record starts.
// • Problems, in file order: for each record (the bytes from its first byte through its LF, or to the end
//   of the file — a quote never closed runs to the end), first a record longer than the limit (1 MiB:
//   refused as soon as that much is buffered), then the first byte that is not UTF-8 text (named by its
//   own line and file offset), then a quote never closed (named by the line of the opening quote).
//   A file read whole (`maxFileBytes`) larger than 64 MiB is refused before it is read.

/// The byte that separates the fields of a record.
public enum CSVSeparator: UInt8, Sendable, CaseIterable {
    case comma = 0x2C
    /// Excel on a PC whose list separator is `;` (Vietnamese and most European locales).
    case semicolon = 0x3B
    /// Tab-separated text.
    case tab = 0x09

    /// How a message names it: `","` (dấu phẩy), …
    public func name(_ lang: Language) -> String {
        switch (self, lang) {
        case (.comma, .vi): return "phẩy \",\""
        case (.comma, .en): return "a comma \",\""
        case (.semicolon, .vi): return "chấm phẩy \";\""
        case (.semicolon, .en): return "a semicolon \";\""
        case (.tab, .vi): return "TAB"
        case (.tab, .en): return "TAB"
        }
    }
}

public final class CSVTokenizer {
    /// How errors name the file.
    public let file: String
    /// The separator used: the one given, or the one detected from the header row.
    @exclusivity(unchecked) public private(set) var separator: CSVSeparator
    /// How the separator was chosen (for messages about a file read as one column).
    public private(set) var separatorChoice: SeparatorChoice
    public enum SeparatorChoice: Sendable, Equatable { case given, detected, sepLine }

    /// Physical line on which the current record starts (0 before the first `next()`).
    @exclusivity(unchecked) public private(set) var line = 0
    /// Number of fields of the current record.
    @exclusivity(unchecked) public private(set) var fieldCount = 0

    private let fd: Int32              // -1: the bytes were given in memory
    private let readSize: Int          // bytes asked of one read
    private let recordLimit: Int
    private let fileLimit: Int64?
    @exclusivity(unchecked) private var buf: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var start = 0              // first unconsumed byte (the current record's first byte while scanning)
    @exclusivity(unchecked) private var end = 0                // end of valid data
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private var fileOffset: Int64 = 0  // file offset of buf[0]
    @exclusivity(unchecked) private var bytesRead: Int64 = 0
    @exclusivity(unchecked) private var physicalLine = 1       // line of `start`

    /// A field of the current record. Its text is `buf[s..<q]` (with `""` undone when `doubled`) followed by
    /// `buf[a..<e]` (text after a closing quote). Unquoted: q = a = e.
    private struct Span {
        var s: Int, q: Int, a: Int, e: Int
        var doubled: Bool
        /// The text is one run of the buffer (no quote to undo, no text after a closing quote).
        @inline(__always) var contiguous: Bool { !doubled && a == e }
    }
    @exclusivity(unchecked) private var spans: UnsafeMutablePointer<Span>
    @exclusivity(unchecked) private var spanCapacity = 32
    @exclusivity(unchecked) private var nextStart = 0          // first byte after the scanned record
    @exclusivity(unchecked) private var linesInRecord = 0      // LFs in the scanned record
    @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var scratchCapacity = 256

    // MARK: Opening

    /// Streams the file at `path` in blocks of `blockSize` bytes. `displayName` is how errors name it.
    /// `maxFileBytes`: refuse a larger file before reading it (`CSVLimits.maxFileBytes` for files read
    /// whole; nil for voucher files, which have no size limit).
    /// `separator`: nil = detected from the header row (see the top of this file).
    public convenience init(path: String, displayName: String, separator: CSVSeparator? = .comma,
                            maxFileBytes: Int64? = nil, blockSize: Int = 1 << 22) throws(InputError) {
        try self.init(path: path, displayName: displayName, separator: separator, maxFileBytes: maxFileBytes,
                      blockSize: blockSize, recordLimit: CSVLimits.maxRecordBytes)
    }

    /// The same with another record limit (the fuzz target uses small ones, to reach the limit's paths).
    init(path: String, displayName: String, separator: CSVSeparator?, maxFileBytes: Int64?, blockSize: Int,
         recordLimit: Int) throws(InputError) {
        file = displayName
        self.separator = separator ?? .comma
        separatorChoice = separator == nil ? .detected : .given
        readSize = max(blockSize, 1)
        self.recordLimit = recordLimit
        fileLimit = maxFileBytes
        let place = SourceLocation(file: displayName)
        let st: FileStatus?
        do { st = try FileIO.status(path) } catch { throw InputError(place, .unreadable(SystemError.describe(error.code))) }
        guard let st else { throw InputError(place, .fileNotFound) }
        if st.kind == .directory { throw InputError(place, .notAFile) }
        if let maxFileBytes, st.size > maxFileBytes { throw CSVLimits.fileTooLarge(file: displayName, bytes: st.size) }
        if st.size == 0 { throw InputError(place, .emptyFile) }
        do { fd = try FileIO.open(path, .readOnly) } catch { throw InputError(place, .unreadable(SystemError.describe(error.code))) }
        // A small file gets a buffer its size (the catalogue, the estimate), a large one blocks of readSize.
        capacity = Int(min(max(st.size + 1, 64), Int64(max(readSize, 64))))
        buf = .allocate(capacity: capacity)
        spans = .allocate(capacity: spanCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        try begin()
        if separator == nil { try detectSeparator() }
    }

    /// Reads bytes already in memory (the catalogue snapshot of approved.json). `separator`: nil = detected.
    public convenience init(bytes: [UInt8], file: String, separator: CSVSeparator? = .comma) throws(InputError) {
        try self.init(bytes: bytes, file: file, separator: separator, recordLimit: CSVLimits.maxRecordBytes)
    }

    init(bytes: [UInt8], file: String, separator: CSVSeparator?, recordLimit: Int) throws(InputError) {
        self.file = file
        self.separator = separator ?? .comma
        separatorChoice = separator == nil ? .detected : .given
        fd = -1
        readSize = 0
        self.recordLimit = recordLimit
        fileLimit = nil
        capacity = max(bytes.count, 1)
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { if let p = $0.baseAddress { b.update(from: p, count: $0.count) } }
        buf = b
        end = bytes.count
        bytesRead = Int64(bytes.count)
        eof = true
        spans = .allocate(capacity: spanCapacity)
        scratch = .allocate(capacity: scratchCapacity)
        try begin()
        if separator == nil { try detectSeparator() }
    }

    deinit {
        if fd >= 0 { FileIO.close(fd) }
        buf.deallocate(); spans.deallocate(); scratch.deallocate()
    }

    /// Drops a UTF-8 BOM and refuses a UTF-16 one (read enough bytes first, whatever the block size).
    private func begin() throws(InputError) {
        while end - start < 5 && !eof { try fill() }
        if end - start >= 3 && buf[start] == 0xEF && buf[start + 1] == 0xBB && buf[start + 2] == 0xBF { start += 3 }
        if UTF8Validation.startsWithUTF16BOM(UnsafeBufferPointer(start: buf + start, count: end - start)) {
            throw InputError(SourceLocation(file: file, line: 1), .utf16BOM)
        }
    }

    /// Reads more bytes after `end`, first moving the unconsumed part to the front (and growing the buffer
    /// when one record does not fit).
    private func fill() throws(InputError) {
        if fd < 0 { eof = true; return }
        if start > 0 {
            let n = end - start
            Bytes.move(buf, buf + start, count: n)
            fileOffset += Int64(start)
            end = n
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buf, count: end)
            buf.deallocate()
            buf = bigger
            capacity *= 2
        }
        let n: Int
        do { n = try FileIO.read(fd, buf + end, min(capacity - end, readSize), path: file) }
        catch { throw InputError(SourceLocation(file: file), .unreadable(SystemError.describe(error.code))) }
        if n == 0 { eof = true; return }
        end += n
        bytesRead += Int64(n)
        if let fileLimit, bytesRead > fileLimit { throw CSVLimits.fileTooLarge(file: file, bytes: bytesRead) }
    }

    // MARK: The separator

    /// Chooses the separator from the header row (the top of this file): reads until the first line that
    /// is not blank is buffered (or the record limit, or the end), then counts. A `sep=X` first line is
    /// consumed here.
    private func detectSeparator() throws(InputError) {
        // Excel's "sep=;" line: the whole first line, before anything else.
        while true {
            let n = end - start
            let lf = Self.find(0x0A, or: 0x0A, in: UnsafePointer(buf), from: start, to: end)
            if lf < end || eof || n > recordLimit {
                var e = lf
                if e > start && buf[e - 1] == 0x0D { e -= 1 }
                if e - start == 5, buf[start] == 0x73, buf[start + 1] == 0x65, buf[start + 2] == 0x70, buf[start + 3] == 0x3D,
                   let sep = CSVSeparator(rawValue: buf[start + 4]) {
                    separator = sep
                    separatorChoice = .sepLine
                    start = min(lf + 1, end)
                    physicalLine += 1
                    return
                }
                break
            }
            try fill()
        }
        while true {
            var counts = [0, 0, 0]          // , ; TAB
            var content = false
            var inQuotes = false
            var i = start
            var done = false
            while i < end {
                let c = buf[i]
                if c == 0x22 { inQuotes.toggle(); i += 1; continue }
                if !inQuotes {
                    switch c {
                    case 0x0A:
                        if content { done = true } else { counts = [0, 0, 0] }
                    case 0x2C: counts[0] += 1
                    case 0x3B: counts[1] += 1
                    case 0x09: counts[2] += 1
                    case 0x20, 0x0D: break
                    default: content = true
                    }
                    if done { break }
                } else {
                    content = true
                }
                i += 1
            }
            if done || eof || end - start > recordLimit {
                let best = counts.max() ?? 0
                separator = best == 0 || counts[0] == best ? .comma : counts[1] == best ? .semicolon : .tab
                return
            }
            try fill()
        }
    }

    // MARK: Records

    /// Advances to the next record that has a non-blank cell. Returns false at the end of the file.
    public func next() throws(InputError) -> Bool {
        while true {
            if start >= end {
                if eof { return false }
                try fill()
                continue
            }
            switch scan() {
            case .incomplete:
                // The record from `start` is not finished: past the limit, stop before reading more of it.
                if end - start > recordLimit { throw CSVLimits.recordTooLong(file: file, line: physicalLine) }
                try fill()
            case .unterminatedQuote(let quoteLine):
                // Runs to the end of the file: its length, then its text, then the quote.
                nextStart = end
                try check()
                throw InputError(SourceLocation(file: file, line: quoteLine), .unterminatedQuote)
            case .complete:
                try check()
                line = physicalLine
                physicalLine += linesInRecord
                start = nextStart
                if !isBlankRecord() { return true }
            }
        }
    }

    /// The scanned record `buf[start..<nextStart]`: not longer than the limit, and text.
    @inline(__always)
    private func check() throws(InputError) {
        let s = start, e = nextStart
        if e - s > recordLimit { throw CSVLimits.recordTooLong(file: file, line: physicalLine) }
        if let bad = UTF8Validation.firstTextProblem(UnsafeRawBufferPointer(start: buf + s, count: e - s)) {
            var l = physicalLine
            var k = s
            while k < s + bad.offset { if buf[k] == 0x0A { l += 1 }; k += 1 }
            throw UTF8Validation.error(bad.problem, offset: Int(fileOffset) + s + bad.offset, file: file, line: l)
        }
    }

    private enum ScanResult { case complete, incomplete, unterminatedQuote(Int) }

    @inline(__always)
    private func append(_ span: Span, _ count: inout Int) {
        if count == spanCapacity {
            let bigger = UnsafeMutablePointer<Span>.allocate(capacity: spanCapacity * 2)
            bigger.moveInitialize(from: spans, count: count)
            spans.deallocate()
            spans = bigger
            spanCapacity *= 2
        }
        (spans + count).initialize(to: span)
        count += 1
    }

    /// Cuts one record from `start` into spans; at the end of the data before the end of the file, asks
    /// for more (the record is scanned again from its start after the refill).
    private func scan() -> ScanResult {
        let b = UnsafePointer(buf), end = self.end, eof = self.eof
        let sep = separator.rawValue
        var count = 0
        defer { fieldCount = count }
        var lines = 0
        var i = start
        while true {
            // At the start of a field.
            var span: Span
            let fs: Int            // where unquoted text (or text after a closing quote) begins
            let quoted = b[i] == 0x22
            if quoted {
                let quoteLine = physicalLine + lines
                var j = i + 1
                var doubled = false
                while true {
                    j = Self.find(0x22, or: 0x0A, in: b, from: j, to: end)
                    guard j < end else { return eof ? .unterminatedQuote(quoteLine) : .incomplete }
                    if b[j] == 0x0A { lines += 1; j += 1; continue }
                    if j + 1 < end {
                        if b[j + 1] == 0x22 { doubled = true; j += 2; continue }
                    } else if !eof {
                        return .incomplete   // maybe a doubled quote across the refill
                    }
                    break
                }
                span = Span(s: i + 1, q: j, a: j + 1, e: j + 1, doubled: doubled)
                fs = j + 1
            } else {
                span = Span(s: i, q: i, a: i, e: i, doubled: false)
                fs = i
            }
            // Up to the separator or the line end.
            let k = Self.find(sep, or: 0x0A, in: b, from: fs, to: end)
            if k == end {
                guard eof else { return .incomplete }
                // The end of the file ends the last record; a lone CR as its last byte goes with it, unless
                // the field began with a quote (then it is text after the closing quote).
                var fe = end
                if !quoted && fe > fs && b[fe - 1] == 0x0D { fe -= 1 }
                if quoted { span.e = fe } else { span.q = fe; span.a = fe; span.e = fe }
                append(span, &count)
                nextStart = end
                linesInRecord = lines
                return .complete
            }
            let c = b[k]
            var fe = k
            if c == 0x0A && fe > fs && b[fe - 1] == 0x0D { fe -= 1 }
            if quoted { span.e = fe } else { span.q = fe; span.a = fe; span.e = fe }
            append(span, &count)
            if c == 0x0A {
                nextStart = k + 1
                linesInRecord = lines + 1
                return .complete
            }
            i = k + 1
            if i == end {
                // A separator as the last byte read: the next field is empty if the file ends here.
                guard eof else { return .incomplete }
                append(Span(s: end, q: end, a: end, e: end, doubled: false), &count)
                nextStart = end
                linesInRecord = lines
                return .complete
            }
        }
    }

    /// The index of the first byte `x` or `y` in `b[from..<to]`, or `to`. Eight bytes at a time: a byte
    /// equal to `x` is a zero byte of `word ^ xxxxxxxx`, found by the classic has-zero-byte test, which is
    /// exact for the lowest zero byte (its false positives only sit above a true one).
    @inline(__always)
    private static func find(_ x: UInt8, or y: UInt8, in b: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let mx = UInt64(x) &* ones, my = UInt64(y) &* ones
        var i = from
        while i + 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self))
            let vx = w ^ mx, vy = w ^ my
            let z = (((vx &- ones) & ~vx) | ((vy &- ones) & ~vy)) & highs
            if z != 0 { return i + z.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let c = b[i]
            if c == x || c == y { return i }
            i += 1
        }
        return end
    }

    // MARK: Cells

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Trims space, tab and no-break space (C2 A0) off both ends of valid UTF-8 `p[s..<e]`.
    @inline(__always)
    private static func trim(_ p: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int) -> (Int, Int) {
        var s = s0, e = e0
        while s < e {
            if isSpace(p[s]) { s += 1 } else if p[s] == 0xC2 && s + 1 < e && p[s + 1] == 0xA0 { s += 2 } else { break }
        }
        while e > s {
            if isSpace(p[e - 1]) { e -= 1 } else if p[e - 1] == 0xA0 && e - 2 >= s && p[e - 2] == 0xC2 { e -= 2 } else { break }
        }
        return (s, e)
    }

    /// The text of a field that is not one run of the buffer, built in `scratch` (valid until the next
    /// call); its length.
    private func unquote(_ sp: Span) -> Int {
        let need = (sp.q - sp.s) + (sp.e - sp.a)
        if need > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(need, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        var n = 0
        var i = sp.s
        while i < sp.q {
            let c = buf[i]
            scratch[n] = c; n += 1
            i += c == 0x22 ? 2 : 1   // inside the quotes a `"` only comes doubled
        }
        Bytes.move(scratch + n, buf + sp.a, count: sp.e - sp.a)
        return n + (sp.e - sp.a)
    }

    /// Field `k`'s bytes (trimmed or not) when they are one run of the buffer — the usual case — or empty
    /// when the record has no field `k`; nil when the text must be built (a doubled quote, or text after
    /// the closing quote). Valid until the next `next()`.
    @usableFromInline
    func run(_ k: Int, trimmed: Bool) -> UnsafeRawBufferPointer? {
        guard k >= 0, k < fieldCount else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let sp = spans[k]
        guard sp.contiguous else { return nil }
        let (s, e) = trimmed ? Self.trim(buf, sp.s, sp.q) : (sp.s, sp.q)
        return UnsafeRawBufferPointer(start: buf + s, count: e - s)
    }

    /// Field `k`'s text (trimmed or not), built in `scratch`: valid until the next call.
    private func built(_ k: Int, trimmed: Bool) -> UnsafeRawBufferPointer {
        let n = unquote(spans[k])
        let (s, e) = trimmed ? Self.trim(scratch, 0, n) : (0, n)
        return UnsafeRawBufferPointer(start: scratch + s, count: e - s)
    }

    /// A copy of field `k`'s trimmed text, for the rare field that is not one run of the buffer.
    @usableFromInline
    func builtCell(_ k: Int) -> [UInt8] { Array(built(k, trimmed: true)) }

    /// Field `k`'s text trimmed of spaces, tabs and no-break spaces, valid during the call (empty when the
    /// record has no field `k`, e.g. an absent column).
    @inlinable
    public func withCellBytes<R>(_ k: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let r = run(k, trimmed: true) { return body(r) }
        return builtCell(k).withUnsafeBytes(body)
    }

    /// Field `k`'s text, trimmed ("" when the record has no field `k`).
    public func cell(_ k: Int) -> String {
        String(decoding: run(k, trimmed: true) ?? built(k, trimmed: true), as: UTF8.self)
    }

    /// Field `k`'s text as written (quotes undone, not trimmed).
    public func field(_ k: Int) -> String {
        String(decoding: run(k, trimmed: false) ?? built(k, trimmed: false), as: UTF8.self)
    }

    /// Whether every cell of the scanned record is blank.
    private func isBlankRecord() -> Bool {
        for k in 0..<fieldCount where (run(k, trimmed: true) ?? built(k, trimmed: true)).count != 0 { return false }
        return true
    }
}
