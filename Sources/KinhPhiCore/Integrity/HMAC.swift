// HMAC-SHA256 (RFC 2104, FIPS 198-1) over the package's own SHA-256: the keyed form of the journal's
// witness entries (docs/threat-model.md). Checked against the test vectors of RFC 4231
// (Tests/KinhPhiCoreTests/HMACTests.swift).

/// HMAC-SHA256 with a fixed key: `HMACSHA256(key: k).authenticate(message)`.
public struct HMACSHA256: Sendable {
    /// The key padded to the block (64 bytes) and XOR-ed with ipad / opad, already absorbed into a SHA-256
    /// state each, so that each message costs only its own blocks and the two finishing ones.
    private let inner: SHA256
    private let outer: SHA256

    public static let blockSize = 64

    public init(key: [UInt8]) {
        // A key longer than the block is hashed first (RFC 2104 §2).
        var k = key.count > HMACSHA256.blockSize ? SHA256.hash(key).bytes : key
        k += [UInt8](repeating: 0, count: HMACSHA256.blockSize - k.count)
        var i = SHA256(), o = SHA256()
        i.update(k.map { $0 ^ 0x36 })
        o.update(k.map { $0 ^ 0x5c })
        inner = i
        outer = o
    }

    /// HMAC(key, message).
    public func authenticate(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        var i = inner
        i.update(message)
        var o = outer
        o.update(i.finalize().bytes)
        return o.finalize()
    }

    public func authenticate(_ message: [UInt8]) -> SHA256Digest { message.withUnsafeBytes { authenticate($0) } }

    public func authenticate(_ text: String) -> SHA256Digest {
        var t = text
        return t.withUTF8 { authenticate(UnsafeRawBufferPointer($0)) }
    }

    /// Compares two digests in time that does not depend on where they differ.
    public static func equal(_ a: SHA256Digest, _ b: SHA256Digest) -> Bool {
        var diff: UInt32 = 0
        for (x, y) in zip(a.words, b.words) { diff |= x ^ y }
        return diff == 0
    }
}
