import Foundation
import KinhPhiSystem

/// Buffered output to a file, with the few formatters the generator needs (integers, zero-padded
/// integers, CSV cells). Written with write(2) in 4 MiB blocks; `close` flushes and fsyncs nothing —
/// the generated inputs are not part of any timed phase.
final class ByteWriter {
    let path: String
    private let fd: Int32
    private(set) var buffer: [UInt8] = []
    private(set) var written: Int64 = 0
    static let blockSize = 1 << 22

    init(path: String) throws {
        self.path = path
        do { fd = try FileIO.open(path, [.writeOnly, .create, .truncate], op: "create") } catch { throw BenchError("cannot \(error)") }
        buffer.reserveCapacity(ByteWriter.blockSize + 4096)
    }

    deinit { FileIO.close(fd) }

    @inline(__always) func byte(_ b: UInt8) { buffer.append(b) }
    @inline(__always) func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    func text(_ s: String) { buffer.append(contentsOf: s.utf8) }

    /// A non-negative or negative integer in plain digits.
    func int(_ v: Int64) {
        if v < 0 { buffer.append(45); int(-v); return }
        if v < 10 { buffer.append(48 + UInt8(v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 { d[n] = 48 + UInt8(x % 10); x /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// An integer padded with zeros to `width` digits.
    func padded(_ v: Int, _ width: Int) {
        var w = 1, p = 10
        while p <= v { w += 1; p *= 10 }
        for _ in w..<max(w, width) { buffer.append(48) }
        int(Int64(v))
    }

    /// An amount in Vietnamese grouping: 1.500.000.
    func dotted(_ v: Int64) { text(Fmt.dotted(v)) }

    /// Writes the buffer out when it holds a block.
    @inline(__always) func maybeFlush() throws { if buffer.count >= ByteWriter.blockSize { try flush() } }

    func flush() throws {
        do { try FileIO.writeAll(fd, buffer, path: path) } catch { throw BenchError("cannot \(error)") }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws { try flush() }
}

enum Fmt {
    /// 1500000 → "1.500.000".
    static func dotted(_ v: Int64) -> String {
        if v < 0 { return "-" + dotted(-v) }
        let s = String(v)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return out
    }

    /// A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break.
    static func csv(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func roman(_ n: Int) -> String {
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var n = n, out = ""
        for (v, s) in table { while n >= v { out += s; n -= v } }
        return out
    }

    /// Seconds with three decimals.
    static func seconds(_ s: Double) -> String { String(format: "%.3f", s) }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
