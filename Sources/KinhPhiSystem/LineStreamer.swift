/// Streams the complete lines of a byte range of a file (the journal's readers).
public enum LineStreamer {
    public struct End: Sendable {
        /// Bytes after the last newline of the range.
        public let partialBytes: Int64
        /// Whether the body asked to stop.
        public let stopped: Bool
        @inlinable public init(partialBytes: Int64, stopped: Bool) { self.partialBytes = partialBytes; self.stopped = stopped }
    }

    /// Calls `body(block, offset)` with runs of whole newline-terminated lines in [from, to) (newlines
    /// included) and the file offset of the run, until `body` returns false. The memory is valid only
    /// during the call. `partialBytes` counts the bytes after the last newline.
    @inlinable
    public static func forEachBlock(fd: Int32, path: String, from: Int64, to: Int64, bufferSize: Int = 1 << 22,
                                    _ body: (UnsafeRawBufferPointer, Int64) -> Bool) throws(SystemError) -> End {
        // Never larger than the range (a small journal read in 8 MiB rounds would otherwise zero 8 MiB per
        // read); the buffer still grows below when a line is longer than it.
        var buf = [UInt8](repeating: 0, count: Int(min(Int64(max(bufferSize, 1)), max(1, to - from))))
        var have = 0
        var bufOffset = from
        var readOffset = from
        while readOffset < to {
            if have == buf.count { buf += [UInt8](repeating: 0, count: buf.count) }
            let want = min(buf.count - have, Int(to - readOffset))
            let h = have, ro = readOffset
            var failure: SystemError? = nil
            let n = buf.withUnsafeMutableBytes { p -> Int in
                do throws(SystemError) { return try FileIO.pread(fd, p.baseAddress! + h, want, at: ro, path: path) } catch { failure = error; return 0 }
            }
            if let failure { throw failure }
            if n == 0 { break }
            readOffset += Int64(n)
            have += n
            let total = have
            let base = bufOffset
            var consumed = 0
            var stopped = false
            buf.withUnsafeBytes { p in
                // Up to the last newline.
                var last = total
                while last > 0 && p[last - 1] != 10 { last -= 1 }
                if last > 0 {
                    if !body(UnsafeRawBufferPointer(rebasing: p[0..<last]), base) { stopped = true }
                    consumed = last
                }
            }
            if stopped { return End(partialBytes: 0, stopped: true) }
            if consumed > 0 {
                let rest = have - consumed
                if rest > 0 {
                    let c = consumed
                    buf.withUnsafeMutableBytes { p in Bytes.move(p.baseAddress!, p.baseAddress! + c, count: rest) }
                }
                have = rest
                bufOffset += Int64(consumed)
            }
        }
        return End(partialBytes: Int64(have), stopped: false)
    }

    /// Calls `body(line, offset)` for each newline-terminated line in [from, to) (the line without its
    /// newline, and the file offset where it starts) until `body` returns false.
    @inlinable
    public static func forEach(fd: Int32, path: String, from: Int64, to: Int64, bufferSize: Int = 1 << 22,
                               _ body: (UnsafeRawBufferPointer, Int64) -> Bool) throws(SystemError) -> End {
        try forEachBlock(fd: fd, path: path, from: from, to: to, bufferSize: bufferSize) { block, offset in
            let start = block.baseAddress!
            var pos = 0
            while pos < block.count {
                let idx = pos + Bytes.find(10, in: start + pos, count: block.count - pos)!
                if !body(UnsafeRawBufferPointer(start: start + pos, count: idx - pos), offset + Int64(pos)) { return false }
                pos = idx + 1
            }
            return true
        }
    }
}
