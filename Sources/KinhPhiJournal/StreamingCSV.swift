import KinhPhiCore
import KinhPhiSystem

// A streaming RFC 4180 reader for large voucher files: the same rules as KinhPhiCore's CSVReader (UTF-8
// with an optional BOM, CRLF or LF, quoted cells with "" and line breaks, rows of blank cells skipped,
// cells trimmed of spaces, errors naming the physical line) but it reads the file in blocks and hands out
// one record at a time, so a file of a million rows never sits in memory. Buffers are raw memory owned by
// the reader (no copy-on-write or exclusivity checks on the hot path).

final class StreamingCSV {
    let file: String
    private let fd: Int32
    private var buf: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0      // first unconsumed byte
    private var end = 0        // end of valid data
    private var eof = false
    private var fileOffset: Int64 = 0   // file offset of buf[0]
    private var physicalLine = 1
    /// Physical line on which the current record starts.
    private(set) var line = 0
    /// Field spans of the current record: start, end (exclusive), flags (1 = "" to undo, 2 = text after the closing quote).
    private var fStart: UnsafeMutablePointer<Int>
    private var fEnd: UnsafeMutablePointer<Int>
    private var fFlags: UnsafeMutablePointer<UInt8>
    /// For flag 2: closing quote index and the start of the text after it.
    private var fQuoteEnd: UnsafeMutablePointer<Int>
    private var fAfter: UnsafeMutablePointer<Int>
    private var fCapacity = 64
    private(set) var fieldCount = 0
    private var nextStart = 0
    private var linesInRecord = 0
    private var scratch: [UInt8] = []

    init(path: String, displayName: String, blockSize: Int = 1 << 22) throws(InputError) {
        file = displayName
        let st: FileStatus?
        do { st = try FileIO.status(path) } catch { throw InputError(SourceLocation(file: displayName), .unreadable(SystemError.describe(error.code))) }
        guard let st else { throw InputError(SourceLocation(file: displayName), .fileNotFound) }
        if st.kind == .directory { throw InputError(SourceLocation(file: displayName), .notAFile) }
        if st.size == 0 { throw InputError(SourceLocation(file: displayName), .emptyFile) }
        do { fd = try FileIO.open(path, .readOnly) } catch { throw InputError(SourceLocation(file: displayName), .unreadable(SystemError.describe(error.code))) }
        // At least 4 bytes, so that the first block always holds a whole BOM (found by the csv fuzz target
        // with 2-byte blocks; the default is 4 MiB).
        capacity = max(blockSize, 4)
        buf = .allocate(capacity: capacity)
        fStart = .allocate(capacity: fCapacity); fEnd = .allocate(capacity: fCapacity); fFlags = .allocate(capacity: fCapacity)
        fQuoteEnd = .allocate(capacity: fCapacity); fAfter = .allocate(capacity: fCapacity)
        try fill()
        if end - start >= 3 && buf[start] == 0xEF && buf[start + 1] == 0xBB && buf[start + 2] == 0xBF { start += 3 }
        if UTF8Validation.startsWithUTF16BOM(UnsafeBufferPointer(start: buf + start, count: end - start)) {
            throw InputError(SourceLocation(file: displayName, line: 1), .utf16BOM)
        }
    }

    deinit {
        FileIO.close(fd)
        buf.deallocate(); fStart.deallocate(); fEnd.deallocate(); fFlags.deallocate(); fQuoteEnd.deallocate(); fAfter.deallocate()
    }

    /// Reads more bytes after `end`, moving the unconsumed part to the front (growing the buffer when one
    /// record does not fit).
    private func fill() throws(InputError) {
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
        do { n = try FileIO.read(fd, buf + end, capacity - end, path: file) } catch { throw InputError(SourceLocation(file: file), .unreadable(SystemError.describe(error.code))) }
        if n == 0 { eof = true }
        end += n
    }

    /// Advances to the next record that has a non-blank cell. Returns false at the end of the file.
    func next() throws(InputError) -> Bool {
        while true {
            if start >= end {
                if eof { return false }
                try fill()
                continue
            }
            switch scan() {
            case .incomplete:
                // The record from `start` is not finished: past the limit, stop before reading more of it.
                if end - start > CSVLimits.maxRecordBytes { throw CSVLimits.recordTooLong(file: file, line: physicalLine) }
                try fill()
                continue
            case .unterminatedQuote(let l):
                throw InputError(SourceLocation(file: file, line: l), .unterminatedQuote)
            case .complete:
                if try finishRecord() { return true }
            }
        }
    }

    private enum ScanResult { case complete, incomplete, unterminatedQuote(Int) }

    private func addField(_ s: Int, _ e: Int, _ flags: UInt8, _ qEnd: Int = 0, _ after: Int = 0) {
        if fieldCount == fCapacity {
            let c = fCapacity * 2
            func grow<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
                let q = UnsafeMutablePointer<T>.allocate(capacity: c)
                q.moveInitialize(from: p, count: fCapacity)
                p.deallocate()
                return q
            }
            fStart = grow(fStart); fEnd = grow(fEnd); fFlags = grow(fFlags); fQuoteEnd = grow(fQuoteEnd); fAfter = grow(fAfter)
            fCapacity = c
        }
        fStart[fieldCount] = s; fEnd[fieldCount] = e; fFlags[fieldCount] = flags
        fQuoteEnd[fieldCount] = qEnd; fAfter[fieldCount] = after
        fieldCount += 1
    }

    /// Scans one record from `start`; at the end of the data before EOF it asks for more.
    private func scan() -> ScanResult {
        fieldCount = 0
        let b = buf, end = self.end, eof = self.eof
        var lines = 0
        var i = start
        var fs = i
        var doubled = false
        var atFieldStart = true
        var quoted = false
        var qStart = 0, qEnd = 0
        while i < end {
            let c = b[i]
            if atFieldStart && c == 0x22 {
                let quoteLine = physicalLine + lines
                var j = i + 1
                var closed = false
                var hasDouble = false
                while j < end {
                    let d = b[j]
                    if d == 0x22 {
                        if j + 1 < end && b[j + 1] == 0x22 { hasDouble = true; j += 2; continue }
                        if j + 1 >= end && !eof { return .incomplete } // maybe a doubled quote across the refill
                        closed = true; break
                    }
                    if d == 0x0A { lines += 1 }
                    j += 1
                }
                if !closed { return eof ? .unterminatedQuote(quoteLine) : .incomplete }
                qStart = i + 1; qEnd = j
                doubled = hasDouble
                quoted = true
                atFieldStart = false
                i = j + 1
                fs = i
                continue
            }
            if c == 0x2C || c == 0x0A {
                var fe = i
                if c == 0x0A && fe > fs && b[fe - 1] == 0x0D { fe -= 1 }
                if quoted {
                    if fe > fs { addField(qStart, fe, 2, qEnd, fs) }   // text after the closing quote (kept, as CSVReader does)
                    else { addField(qStart, qEnd, doubled ? 1 : 0) }
                } else {
                    addField(fs, fe, 0)
                }
                doubled = false; quoted = false; atFieldStart = true
                i += 1
                fs = i
                if c == 0x0A {
                    lines += 1
                    nextStart = i
                    linesInRecord = lines
                    return .complete
                }
                continue
            }
            atFieldStart = false
            i += 1
        }
        guard eof else { return .incomplete }
        // The end of the data ends the last record.
        if quoted {
            if end > fs { addField(qStart, end, 2, qEnd, fs) } else { addField(qStart, qEnd, doubled ? 1 : 0) }
        } else {
            var fe = end
            if fe > fs && b[fe - 1] == 0x0D { fe -= 1 }
            addField(fs, fe, 0)
        }
        nextStart = end
        linesInRecord = lines
        return .complete
    }

    /// Checks the record's UTF-8 and moves past it. Returns false for a blank record.
    private func finishRecord() throws(InputError) -> Bool {
        line = physicalLine
        let s = start, e = nextStart
        if e - s > CSVLimits.maxRecordBytes { throw CSVLimits.recordTooLong(file: file, line: physicalLine) }
        if let bad = UTF8Validation.firstTextProblem(UnsafeRawBufferPointer(start: buf + s, count: e - s)) {
            var l = physicalLine
            for k in s..<(s + bad.offset) where buf[k] == 0x0A { l += 1 }
            throw UTF8Validation.error(bad.problem, offset: Int(fileOffset) + s + bad.offset, file: file, line: l)
        }
        physicalLine += linesInRecord
        start = nextStart
        for k in 0..<fieldCount where !isBlank(k) { return true }
        return false
    }

    private func isBlank(_ k: Int) -> Bool {
        // A quoted cell ("" or " ") is judged by its text, as CSVReader does (found by the csv fuzz target).
        if fFlags[k] != 0 { return cell(k).isEmpty }
        var i = fStart[k]
        let e = fEnd[k]
        while i < e {
            let c = buf[i]
            if c == 0x20 || c == 0x09 { i += 1; continue }
            if c == 0xC2 && i + 1 < e && buf[i + 1] == 0xA0 { i += 2; continue }
            return false
        }
        return true
    }

    /// The cell's text, trimmed of spaces, tabs and no-break spaces ("" when the column is absent).
    func cell(_ k: Int) -> String {
        guard k >= 0, k < fieldCount else { return "" }
        var s = fStart[k], e = fEnd[k]
        let flags = fFlags[k]
        if flags != 0 {
            scratch.removeAll(keepingCapacity: true)
            let qe = flags == 2 ? fQuoteEnd[k] : e
            var i = s
            while i < qe {
                let c = buf[i]
                scratch.append(c)
                i += (c == 0x22 && i + 1 < qe && buf[i + 1] == 0x22) ? 2 : 1
            }
            if flags == 2 { scratch.append(contentsOf: UnsafeBufferPointer(start: buf + fAfter[k], count: e - fAfter[k])) }
            return String(decoding: Self.trim(scratch[...]), as: UTF8.self)
        }
        while s < e && (buf[s] == 0x20 || buf[s] == 0x09) { s += 1 }
        while e > s && (buf[e - 1] == 0x20 || buf[e - 1] == 0x09) { e -= 1 }
        if s == e { return "" }
        if buf[s] == 0xC2 || buf[e - 1] == 0xA0 {
            return String(decoding: Self.trim(Array(UnsafeBufferPointer(start: buf + s, count: e - s))[...]), as: UTF8.self)
        }
        return String(decoding: UnsafeBufferPointer(start: buf + s, count: e - s), as: UTF8.self)
    }

    /// The cell's trimmed bytes (empty when absent), valid during the call.
    func withCellBytes<R>(_ k: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        guard k >= 0, k < fieldCount else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        var s = fStart[k], e = fEnd[k]
        if fFlags[k] == 0 {
            while s < e && (buf[s] == 0x20 || buf[s] == 0x09) { s += 1 }
            while e > s && (buf[e - 1] == 0x20 || buf[e - 1] == 0x09) { e -= 1 }
            if s == e || (buf[s] != 0xC2 && buf[e - 1] != 0xA0) {
                return body(UnsafeRawBufferPointer(start: buf + s, count: e - s))
            }
        }
        let bytes = Array(cell(k).utf8)
        return bytes.withUnsafeBytes(body)
    }

    static func trim(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = b.startIndex, e = b.endIndex
        while true {
            if s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1; continue }
            if s + 1 < e && b[s] == 0xC2 && b[s + 1] == 0xA0 { s += 2; continue }
            break
        }
        while true {
            if e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1; continue }
            if e - 1 > s && b[e - 2] == 0xC2 && b[e - 1] == 0xA0 { e -= 2; continue }
            break
        }
        return b[s..<e]
    }
}

