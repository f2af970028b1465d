// SHA-256 (FIPS 180-4, identical to FIPS 180-2 for this function), written by hand: Foundation on Linux has
// no hash function, and KinhPhi takes no package dependencies. Used for the journal's hash chain and the
// fingerprint of the norms catalogue frozen into an approval.
//
// Verified in Tests/KinhPhiTests/SHA256Tests.swift against the FIPS 180-2 Appendix B vectors ("abc", the
// 448-bit message "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", one million "a") and "".
//
// Speed matters (the journal of 1.000.000 vouchers is re-hashed by `verify`): blocks are read straight from
// the caller's buffer, the 64 rounds run on local variables, and the message schedule lives in a small
// fixed buffer that is reused.

/// A SHA-256 digest: 32 bytes, shown as 64 lower-case hex digits.
public struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    public var h0, h1, h2, h3, h4, h5, h6, h7: UInt32

    public init(_ h0: UInt32, _ h1: UInt32, _ h2: UInt32, _ h3: UInt32, _ h4: UInt32, _ h5: UInt32, _ h6: UInt32, _ h7: UInt32) {
        self.h0 = h0; self.h1 = h1; self.h2 = h2; self.h3 = h3; self.h4 = h4; self.h5 = h5; self.h6 = h6; self.h7 = h7
    }

    /// The all-zero digest (the `prev` of the first record in a chain).
    public static let zero = SHA256Digest(0, 0, 0, 0, 0, 0, 0, 0)

    public var words: [UInt32] { [h0, h1, h2, h3, h4, h5, h6, h7] }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in words { out += [UInt8(w >> 24), UInt8((w >> 16) & 0xFF), UInt8((w >> 8) & 0xFF), UInt8(w & 0xFF)] }
        return out
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The 8 lower-case hex digits of `w`, most significant first, as the bytes of a little-endian word:
    /// the nibbles are spread one per byte, then 0x30 is added, and 0x27 more to those above 9.
    @inline(__always) static func hex8(_ w: UInt32) -> UInt64 {
        var n = UInt64(w)
        n = ((n & 0xFFFF_0000) << 16) | (n & 0xFFFF)
        n = ((n << 8) | n) & 0x00FF_00FF_00FF_00FF
        n = ((n << 4) | n) & 0x0F0F_0F0F_0F0F_0F0F
        n = n.byteSwapped
        let letters = ((n &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return n &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
    }

    /// Appends the 64 lower-case hex digits to `out`.
    public func appendHex(to out: inout [UInt8]) {
        var t = (SHA256Digest.hex8(h0), SHA256Digest.hex8(h1), SHA256Digest.hex8(h2), SHA256Digest.hex8(h3),
                 SHA256Digest.hex8(h4), SHA256Digest.hex8(h5), SHA256Digest.hex8(h6), SHA256Digest.hex8(h7))
        withUnsafeBytes(of: &t) { out.append(contentsOf: $0) }
    }

    /// 64 lower-case hex digits.
    public var hex: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        appendHex(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    /// Parses exactly 64 hex digits (either case).
    public init?<C: Collection>(hex: C) where C.Element == UInt8 {
        guard hex.count == 64 else { return nil }
        let bytes = Array(hex)
        guard let d = bytes.withUnsafeBytes({ SHA256Digest(hexBytes: $0) }) else { return nil }
        self = d
    }

    /// Parses exactly 64 hex digits (either case) from raw bytes, without allocating.
    public init?(hexBytes p: UnsafeRawBufferPointer) {
        guard p.count == 64 else { return nil }
        var w: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &w) { raw -> Bool in
            let words = raw.bindMemory(to: UInt32.self)
            for i in 0..<8 {
                var v: UInt32 = 0
                for j in 0..<8 {
                    let c = p[i * 8 + j]
                    let d: UInt32
                    switch c {
                    case 48...57: d = UInt32(c &- 48)
                    case 97...102: d = UInt32(c &- 87)
                    case 65...70: d = UInt32(c &- 55)
                    default: return false
                    }
                    v = (v << 4) | d
                }
                words[i] = v
            }
            return true
        }
        guard ok else { return nil }
        self.init(w.0, w.1, w.2, w.3, w.4, w.5, w.6, w.7)
    }

    /// Whether `p` holds exactly this digest's 64 lower-case hex digits (no allocation).
    public func matchesHex(_ p: UnsafeRawBufferPointer) -> Bool {
        guard p.count == 64 else { return false }
        return p.loadUnaligned(fromByteOffset: 0, as: UInt64.self) == SHA256Digest.hex8(h0)
            && p.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == SHA256Digest.hex8(h1)
            && p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) == SHA256Digest.hex8(h2)
            && p.loadUnaligned(fromByteOffset: 24, as: UInt64.self) == SHA256Digest.hex8(h3)
            && p.loadUnaligned(fromByteOffset: 32, as: UInt64.self) == SHA256Digest.hex8(h4)
            && p.loadUnaligned(fromByteOffset: 40, as: UInt64.self) == SHA256Digest.hex8(h5)
            && p.loadUnaligned(fromByteOffset: 48, as: UInt64.self) == SHA256Digest.hex8(h6)
            && p.loadUnaligned(fromByteOffset: 56, as: UInt64.self) == SHA256Digest.hex8(h7)
    }

    public init?(hex: String) { self.init(hex: Array(hex.utf8)) }
}

/// Incremental SHA-256. `var h = SHA256(); h.update(bytes); let d = h.finalize()`.
public struct SHA256: Sendable {
    private var state: SHA256Digest
    /// Bytes of a partial block waiting for more input (at most 63).
    private var pending: [UInt8]
    private var totalBytes: UInt64

    public init() {
        state = SHA256.initial
        pending = []
        pending.reserveCapacity(64)
        totalBytes = 0
    }

    static let initial = SHA256Digest(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        let n = bytes.count
        if !pending.isEmpty {
            let take = Swift.min(64 - pending.count, n)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBytes { SHA256.compress(&state, $0.baseAddress!, blocks: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let whole = (n - offset) / 64
        if whole > 0 {
            SHA256.compress(&state, base + offset, blocks: whole)
            offset += whole * 64
        }
        if offset < n {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: n - offset))
        }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }
    public mutating func update(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { update($0) } }
    public mutating func update(_ text: String) {
        var t = text
        t.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything given so far. (The value can still be updated afterwards: a copy is finished.)
    public func finalize() -> SHA256Digest {
        var st = state
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = totalBytes &* 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        tail.withUnsafeBytes { SHA256.compress(&st, $0.baseAddress!, blocks: tail.count / 64) }
        return st
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        hashOneShot(bytes)
    }

    public static func hash(_ bytes: [UInt8]) -> SHA256Digest { bytes.withUnsafeBytes { hashOneShot($0) } }

    public static func hash(_ text: String) -> SHA256Digest {
        var t = text
        return t.withUTF8 { hashOneShot(UnsafeRawBufferPointer($0)) }
    }

    /// One-shot hash without any heap allocation for messages up to 4 KiB (the journal's records): the
    /// padded tail is built in a stack buffer.
    static func hashOneShot(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var st = initial
        let n = bytes.count
        let whole = n / 64
        if whole > 0 { compress(&st, bytes.baseAddress!, blocks: whole) }
        let rest = n - whole * 64
        // rest bytes + 0x80 + zeros + 8 length bytes: one or two blocks.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            let tailBlocks = rest + 9 <= 64 ? 1 : 2
            let size = tailBlocks * 64
            if rest > 0 {
                tail.baseAddress!.initialize(from: (bytes.baseAddress! + whole * 64).assumingMemoryBound(to: UInt8.self), count: rest)
            }
            tail[rest] = 0x80
            for i in (rest + 1)..<size { tail[i] = 0 }
            let bits = UInt64(n) &* 8
            for i in 0..<8 { tail[size - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
            compress(&st, UnsafeRawPointer(tail.baseAddress!), blocks: tailBlocks)
        }
        return st
    }

    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// One round with the working variables renamed instead of moved (the caller rotates the roles).
    @inline(__always) static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32,
                                        _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d = d &+ t1
        h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
    }

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `p`.
    static func compress(_ state: inout SHA256Digest, _ p: UnsafeRawPointer, blocks: Int) {
        k.withUnsafeBufferPointer { kp in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var h0 = state.h0, h1 = state.h1, h2 = state.h2, h3 = state.h3
                var h4 = state.h4, h5 = state.h5, h6 = state.h6, h7 = state.h7
                var block = p
                for _ in 0..<blocks {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    var t = 0
                    while t < 64 {
                        round(a, b, c, &d, e, f, g, &h, kp[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, kp[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, kp[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, kp[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, kp[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, kp[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, kp[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, kp[t + 7] &+ w[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    block += 64
                }
                state = SHA256Digest(h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }

    // MARK: Many messages at once

    /// Finishes a hash whose first `totalLength - tail.count` bytes (a whole number of blocks) are already
    /// compressed into `state`: compresses `tail` and the padding.
    public static func finish(from state: SHA256Digest, tail: UnsafeRawBufferPointer, totalLength: Int) -> SHA256Digest {
        var st = state
        let whole = tail.count / 64
        if whole > 0 { compress(&st, tail.baseAddress!, blocks: whole) }
        let r = tail.count - whole * 64
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buf in
            let tailBlocks = r + 9 <= 64 ? 1 : 2
            let size = tailBlocks * 64
            if r > 0 { buf.baseAddress!.initialize(from: (tail.baseAddress! + whole * 64).assumingMemoryBound(to: UInt8.self), count: r) }
            buf[r] = 0x80
            for i in (r + 1)..<size { buf[i] = 0 }
            let bits = UInt64(totalLength) &* 8
            for i in 0..<8 { buf[size - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
            compress(&st, UnsafeRawPointer(buf.baseAddress!), blocks: tailBlocks)
        }
        return st
    }

    /// The round constants in raw memory (read by the four-lane loops without any array access).
    nonisolated(unsafe) static let kTable: UnsafePointer<UInt32> = {
        let p = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
        p.initialize(from: k, count: 64)
        return UnsafePointer(p)
    }()

    /// The lanes' bookkeeping and buffers, in raw memory: the block loop of `midstates` and `hashMany`
    /// then pays no exclusivity check or reference counting per block (captured Swift variables mutated
    /// from nested functions would be checked dynamically on every access).
    struct LaneWork {
        /// Per lane (index 0…3): message index (-1 = idle); at 4…7 the next block; at 8…11 the whole
        /// blocks of the message; at 12…15 its blocks with the padding.
        let book: UnsafeMutablePointer<Int>
        let st: UnsafeMutablePointer<Lanes>
        let w: UnsafeMutablePointer<SIMD4<UInt32>>
        /// 128 bytes per lane for the padded last block(s); 64 zero bytes for idle lanes.
        let tails: UnsafeMutableRawPointer
        let zero: UnsafeMutableRawPointer

        init(_ iv: SHA256Digest) {
            book = .allocate(capacity: 16)
            book.initialize(repeating: 0, count: 16)
            for l in 0..<4 { book[l] = -1 }
            st = .allocate(capacity: 1)
            st.initialize(to: Lanes(iv))
            w = .allocate(capacity: 64)
            w.initialize(repeating: SIMD4(repeating: 0), count: 64)
            tails = .allocate(byteCount: 4 * 128, alignment: 16)
            zero = .allocate(byteCount: 64, alignment: 16)
            zero.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
        }

        func free() {
            book.deallocate(); st.deinitialize(count: 1); st.deallocate(); w.deallocate(); tails.deallocate(); zero.deallocate()
        }

        var busy: Bool { book[0] >= 0 || book[1] >= 0 || book[2] >= 0 || book[3] >= 0 }

        /// Lane `l`'s current block: from the message, then from its padded tail (`hashMany`).
        @inline(__always) func block(_ l: Int, _ messages: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> UnsafeRawPointer {
            let m = book[l]
            guard m >= 0 else { return UnsafeRawPointer(zero) }
            let b = book[4 + l], whole = book[8 + l]
            return b < whole ? messages[m].baseAddress! + b * 64 : UnsafeRawPointer(tails + l * 128 + (b - whole) * 64)
        }
    }

    /// The state after compressing each message's whole 64-byte blocks (the bytes after the last whole
    /// block are left for `finish`). Four messages go through the compression function side by side in
    /// SIMD lanes, which roughly doubles the throughput of independent hashes (verify, import).
    public static func midstates(_ messages: UnsafeBufferPointer<UnsafeRawBufferPointer>, into out: UnsafeMutableBufferPointer<SHA256Digest>) {
        precondition(out.count >= messages.count)
        let iv = initial
        let lw = LaneWork(iv)
        defer { lw.free() }
        var next = 0
        for lane in 0..<4 { next = takeWhole(lane, messages, next, out, lw, iv) }
        let kp = kTable
        while lw.busy {
            compress4(&lw.st.pointee, lw.block(0, messages), lw.block(1, messages), lw.block(2, messages), lw.block(3, messages), kp, lw.w)
            for l in 0..<4 where lw.book[l] >= 0 {
                lw.book[4 + l] += 1
                if lw.book[4 + l] == lw.book[12 + l] {
                    out[lw.book[l]] = lw.st.pointee.get(l)
                    next = takeWhole(l, messages, next, out, lw, iv)
                }
            }
        }
    }

    /// Puts the next message with at least one whole block on lane `l` (messages shorter than a block are
    /// done at once: their midstate is the IV). Returns the new `next`.
    @inline(__always) static func takeWhole(_ l: Int, _ messages: UnsafeBufferPointer<UnsafeRawBufferPointer>, _ next: Int,
                                            _ out: UnsafeMutableBufferPointer<SHA256Digest>, _ lw: LaneWork, _ iv: SHA256Digest) -> Int {
        var next = next
        let n = messages.count
        while next < n && messages[next].count < 64 { out[next] = iv; next += 1 }
        lw.st.pointee.set(l, iv)
        guard next < n else { lw.book[l] = -1; return next }
        let whole = messages[next].count / 64
        lw.book[l] = next; lw.book[4 + l] = 0; lw.book[8 + l] = whole; lw.book[12 + l] = whole
        return next + 1
    }

    /// SHA-256 of many independent messages, four at a time in SIMD lanes (whole blocks straight from the
    /// messages, the padded last block(s) from a small buffer per lane).
    public static func hashMany(_ messages: UnsafeBufferPointer<UnsafeRawBufferPointer>, into out: UnsafeMutableBufferPointer<SHA256Digest>) {
        precondition(out.count >= messages.count)
        let iv = initial
        let lw = LaneWork(iv)
        defer { lw.free() }
        var next = 0
        for lane in 0..<4 { next = takePadded(lane, messages, next, lw, iv) }
        let kp = kTable
        while lw.busy {
            compress4(&lw.st.pointee, lw.block(0, messages), lw.block(1, messages), lw.block(2, messages), lw.block(3, messages), kp, lw.w)
            for l in 0..<4 where lw.book[l] >= 0 {
                lw.book[4 + l] += 1
                if lw.book[4 + l] == lw.book[12 + l] {
                    out[lw.book[l]] = lw.st.pointee.get(l)
                    next = takePadded(l, messages, next, lw, iv)
                }
            }
        }
    }

    /// Puts the next message on lane `l` with its padded tail built in the lane's buffer. Returns the new `next`.
    @inline(__always) static func takePadded(_ l: Int, _ messages: UnsafeBufferPointer<UnsafeRawBufferPointer>, _ next: Int,
                                             _ lw: LaneWork, _ iv: SHA256Digest) -> Int {
        lw.st.pointee.set(l, iv)
        guard next < messages.count else { lw.book[l] = -1; return next }
        let m = messages[next]
        let w = m.count / 64
        let r = m.count - w * 64
        let tailBlocks = r + 9 <= 64 ? 1 : 2
        let t = (lw.tails + l * 128).assumingMemoryBound(to: UInt8.self)
        if r > 0 { t.initialize(from: (m.baseAddress! + w * 64).assumingMemoryBound(to: UInt8.self), count: r) }
        t[r] = 0x80
        let size = tailBlocks * 64
        for i in (r + 1)..<size { t[i] = 0 }
        let bits = UInt64(m.count) &* 8
        for i in 0..<8 { t[size - 1 - i] = UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8)) }
        lw.book[l] = next; lw.book[4 + l] = 0; lw.book[8 + l] = w; lw.book[12 + l] = w + tailBlocks
        return next + 1
    }

    /// The eight working variables of four lanes.
    struct Lanes {
        var a, b, c, d, e, f, g, h: SIMD4<UInt32>
        init(_ s: SHA256Digest) {
            a = SIMD4(repeating: s.h0); b = SIMD4(repeating: s.h1); c = SIMD4(repeating: s.h2); d = SIMD4(repeating: s.h3)
            e = SIMD4(repeating: s.h4); f = SIMD4(repeating: s.h5); g = SIMD4(repeating: s.h6); h = SIMD4(repeating: s.h7)
        }
        mutating func set(_ l: Int, _ s: SHA256Digest) {
            a[l] = s.h0; b[l] = s.h1; c[l] = s.h2; d[l] = s.h3; e[l] = s.h4; f[l] = s.h5; g[l] = s.h6; h[l] = s.h7
        }
        func get(_ l: Int) -> SHA256Digest { SHA256Digest(a[l], b[l], c[l], d[l], e[l], f[l], g[l], h[l]) }
    }

    // Σ and σ written as separate shifts and XORs (not as rotations): SSE2 has no vector rotate, and a
    // rotation pattern would be turned back into four scalar rotates.
    @inline(__always) static func compress4(_ st: inout Lanes, _ p0: UnsafeRawPointer, _ p1: UnsafeRawPointer, _ p2: UnsafeRawPointer,
                                            _ p3: UnsafeRawPointer, _ k: UnsafePointer<UInt32>, _ w: UnsafeMutablePointer<SIMD4<UInt32>>) {
        for t in 0..<16 {
            let o = t * 4
            w[t] = SIMD4(UInt32(bigEndian: p0.loadUnaligned(fromByteOffset: o, as: UInt32.self)),
                         UInt32(bigEndian: p1.loadUnaligned(fromByteOffset: o, as: UInt32.self)),
                         UInt32(bigEndian: p2.loadUnaligned(fromByteOffset: o, as: UInt32.self)),
                         UInt32(bigEndian: p3.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
        }
        for t in 16..<64 {
            let x = w[t - 15], y = w[t - 2]
            let s0 = ((x &>> 7) ^ (x &>> 18) ^ (x &>> 3)) ^ ((x &<< 25) ^ (x &<< 14))
            let s1 = ((y &>> 17) ^ (y &>> 19) ^ (y &>> 10)) ^ ((y &<< 15) ^ (y &<< 13))
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var a = st.a, b = st.b, c = st.c, d = st.d, e = st.e, f = st.f, g = st.g, h = st.h
        for t in 0..<64 {
            let S1 = ((e &>> 6) ^ (e &>> 11) ^ (e &>> 25)) ^ ((e &<< 26) ^ (e &<< 21) ^ (e &<< 7))
            let ch = g ^ (e & (f ^ g))
            let t1 = h &+ S1 &+ ch &+ SIMD4(repeating: k[t]) &+ w[t]
            let S0 = ((a &>> 2) ^ (a &>> 13) ^ (a &>> 22)) ^ ((a &<< 30) ^ (a &<< 19) ^ (a &<< 10))
            let maj = (a & b) | (c & (a | b))
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ S0 &+ maj
        }
        st.a &+= a; st.b &+= b; st.c &+= c; st.d &+= d; st.e &+= e; st.f &+= f; st.g &+= g; st.h &+= h
    }
}
