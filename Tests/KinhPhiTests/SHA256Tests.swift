import XCTest
import KinhPhi

/// SHA-256 against the FIPS 180-2 Appendix B vectors, and the batch (four-lane) paths against the
/// one-message path.
final class SHA256Tests: XCTestCase {
    func testFIPSVectorABC() {
        // FIPS 180-2 Appendix B.1: "abc"
        XCTAssertEqual(SHA256.hash("abc").hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testEmptyMessage() {
        // SHA-256 of the empty string (FIPS 180-2 padding of a zero-length message)
        XCTAssertEqual(SHA256.hash("").hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testFIPSVector448Bits() {
        // FIPS 180-2 Appendix B.2: the 448-bit (56-byte) message, which needs a second padding block
        XCTAssertEqual(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex,
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testFIPSVectorMillionA() {
        // FIPS 180-2 Appendix B.3: one million "a", fed in uneven pieces through the incremental API
        var h = SHA256()
        let piece = [UInt8](repeating: 0x61, count: 997)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, piece.count)
            h.update(piece[0..<n])
            left -= n
        }
        XCTAssertEqual(h.finalize().hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalEqualsOneShot() {
        let text = String(repeating: "Hội nghị gặp mặt chuyên gia 2025 · ", count: 40)
        var h = SHA256()
        for part in text.split(separator: "·", omittingEmptySubsequences: false).enumerated().map({ ($0.offset == 0 ? "" : "·") + $0.element }) {
            h.update(String(part))
        }
        XCTAssertEqual(h.finalize(), SHA256.hash(text))
    }

    func testHexRoundTrip() {
        let d = SHA256.hash("abc")
        XCTAssertEqual(SHA256Digest(hex: d.hex), d)
        XCTAssertEqual(SHA256Digest(hex: d.hex.uppercased()), d)
        XCTAssertNil(SHA256Digest(hex: String(d.hex.dropLast())))
        XCTAssertNil(SHA256Digest(hex: String(d.hex.dropLast()) + "g"))
        var bytes = Array(d.hex.utf8)
        XCTAssertTrue(bytes.withUnsafeBytes { d.matchesHex($0) })
        bytes[10] = bytes[10] == 48 ? 49 : 48
        XCTAssertFalse(bytes.withUnsafeBytes { d.matchesHex($0) })
    }

    /// hashMany (four lanes, messages of every length from 0 to 300 bytes, so lanes finish at different
    /// blocks) must agree with the one-message function.
    func testBatchEqualsSingle() {
        var data: [UInt8] = []
        var seed: UInt32 = 12345
        for _ in 0..<50_000 { seed = seed &* 1103515245 &+ 12345; data.append(UInt8(truncatingIfNeeded: seed >> 16)) }
        var ranges: [Range<Int>] = []
        var pos = 0
        for len in 0...300 { ranges.append(pos..<(pos + len)); pos += len + 1 }
        data.withUnsafeBytes { p in
            let messages = ranges.map { UnsafeRawBufferPointer(rebasing: p[$0]) }
            var out = [SHA256Digest](repeating: .zero, count: messages.count)
            messages.withUnsafeBufferPointer { m in out.withUnsafeMutableBufferPointer { SHA256.hashMany(m, into: $0) } }
            for (i, m) in messages.enumerated() {
                XCTAssertEqual(out[i], SHA256.hash(m), "message of \(m.count) bytes")
            }
        }
    }

    func testFinishFromMidstate() {
        let message = Array("The quick brown fox jumps over the lazy dog, again and again and again, 2025.".utf8) + [UInt8](repeating: 7, count: 130)
        message.withUnsafeBytes { p in
            let whole = p.count / 64 * 64 - 64 // leave more than one block for finish
            var mid = [SHA256Digest](repeating: .zero, count: 1)
            [UnsafeRawBufferPointer(rebasing: p[0..<whole])].withUnsafeBufferPointer { m in mid.withUnsafeMutableBufferPointer { SHA256.midstates(m, into: $0) } }
            let d = SHA256.finish(from: mid[0], tail: UnsafeRawBufferPointer(rebasing: p[whole...]), totalLength: p.count)
            XCTAssertEqual(d, SHA256.hash(p))
        }
    }
}
