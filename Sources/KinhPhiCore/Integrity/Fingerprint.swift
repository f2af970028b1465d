// A fast fingerprint of a file's bytes, to recognise a voucher file imported before (the same bytes):
// 128 bits from two independent multiply–rotate lanes over 8-byte words, finished with the length and
// MurmurHash3's 64-bit finaliser. About one instruction a byte — SHA-256 costs about thirty, which on a
// million-voucher import would be a fifth of its time (docs/performance.md).
//
// It is NOT a cryptographic hash: two different files can be made to share it on purpose. That does no
// harm here — it only decides whether `kinhphi import` asks for `--again` — and the records themselves are
// protected by the journal's SHA-256 chain. Written `<size>-<32 hex digits>` (e.g. in the witness file).

public struct ContentFingerprint: Sendable {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0
    /// Bytes of a partial word waiting for more input (at most 7).
    private var pending: UInt64 = 0
    private var pendingCount = 0

    static let k1: UInt64 = 0x87C3_7B91_1142_53D5
    static let k2: UInt64 = 0x4CF5_AD43_2745_937F

    public init() {}

    @inline(__always)
    private mutating func word(_ w: UInt64) {
        if length & 8 == 0 {
            a = ((a ^ (w &* ContentFingerprint.k1)) << 31 | (a ^ (w &* ContentFingerprint.k1)) >> 33) &* ContentFingerprint.k2
        } else {
            b = ((b ^ (w &* ContentFingerprint.k2)) << 29 | (b ^ (w &* ContentFingerprint.k2)) >> 35) &* ContentFingerprint.k1
        }
        length &+= 8
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while pendingCount > 0 && i < n {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1; i += 1
            if pendingCount == 8 { let w = pending; pending = 0; pendingCount = 0; word(w) }
        }
        while i + 8 <= n {
            word(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        while i < n {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1; i += 1
        }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    static func fmix(_ k0: UInt64) -> UInt64 {
        var k = k0
        k ^= k >> 33; k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33; k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    /// `<size>-<32 hex digits>`.
    public func finalize() -> String {
        var x = self
        let total = x.length &+ UInt64(x.pendingCount)
        if x.pendingCount > 0 { x.word(x.pending ^ (UInt64(x.pendingCount) << 56)) }
        var h1 = x.a ^ total, h2 = x.b ^ (total &* ContentFingerprint.k1)
        h1 &+= h2; h2 &+= h1
        h1 = ContentFingerprint.fmix(h1); h2 = ContentFingerprint.fmix(h2)
        h1 &+= h2; h2 &+= h1
        func hex(_ v: UInt64) -> String { let s = String(v, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        return "\(total)-" + hex(h1) + hex(h2)
    }
}
