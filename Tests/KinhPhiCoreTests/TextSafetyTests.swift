import XCTest
@testable import KinhPhiCore
import TestSupport

/// The one rule for refused characters and the one escape for printing (issue 11, item 7).
final class TextSafetyTests: XCTestCase {
    func testWhatIsRefused() {
        for v: UInt32 in [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0x61C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029] {
            XCTAssertTrue(TextSafety.isForbidden(v), String(v, radix: 16))
            let s = "a" + String(Unicode.Scalar(v)!) + "b"
            XCTAssertEqual(TextSafety.forbidden(in: s)?.value, v, String(v, radix: 16))
        }
        for s in ["Nguyễn Văn An", "“Hội nghị” – 2025", "Café Thu Hà", "HĐ-01", "€ ₫ ½", "日本", "a\u{200B}b", "\u{A0}"] {
            XCTAssertNil(TextSafety.forbidden(in: s), s)
        }
        XCTAssertEqual(TextSafety.describe(Unicode.Scalar(0x0A)!).vi, "dấu xuống dòng (U+000A)")
        XCTAssertEqual(TextSafety.describe(Unicode.Scalar(0x202E)!).en, "the bidirectional control U+202E")
        XCTAssertEqual(TextSafety.describe(Unicode.Scalar(0x1B)!).en, "the control character U+001B")
    }

    /// The byte scanner (8 bytes at a time) agrees with a scalar-by-scalar reference on random text built
    /// from refused and accepted characters at every position (seed in the failure message).
    func testTheByteScannerAgreesWithTheScalars() {
        var g = SeededRandom(seed: 1130)
        let pool: [UInt32] = [0x41, 0x20, 0xE9, 0x1EC5, 0x201C, 0x2013, 0x20AB, 0x0A, 0x1B, 0x7F, 0x85, 0x9C, 0x61C, 0x62C, 0x200B, 0x200E, 0x202E, 0x2028, 0x2030, 0x2066, 0x2070, 0x1F600]
        for i in 0..<5000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<g.below(40) {
                // Mostly accepted characters, now and then a refused one.
                let v = g.below(6) == 0 ? pool[g.below(pool.count)] : pool[g.below(7)]
                s.append(Unicode.Scalar(v)!)
            }
            let text = String(s)
            let reference = text.unicodeScalars.first { TextSafety.isForbidden($0.value) }?.value
            XCTAssertEqual(TextSafety.forbidden(in: text)?.value, reference, "case \(i) (seed 1130): \(text.debugDescription)")
        }
    }

    func testVisibleEscapesWhatWouldActOnTheTerminalOrHide() {
        XCTAssertEqual(TextSafety.visible("Nguyễn\u{1B}[2J An"), "Nguyễn\\x1B[2J An")
        XCTAssertEqual(TextSafety.visible("An\u{202E}gnp.exe"), "An\\u{202E}gnp.exe")
        XCTAssertEqual(TextSafety.visible("a\nb\tc\r"), "a\\x0Ab\\x09c\\x0D")
        XCTAssertEqual(TextSafety.visible("PC-0\u{200B}1"), "PC-0\\u{200B}1")
        XCTAssertEqual(TextSafety.visible("Hội nghị"), "Hội nghị")
    }

    func testTerminalSafeKeepsTheLayoutAndEscapesTheRest() {
        XCTAssertEqual(TextSafety.terminalSafe("a,b\r\nc\td\n"), "a,b\r\nc\td\n")
        XCTAssertEqual(TextSafety.terminalSafe("x\ry\n"), "x\\x0Dy\n")
        XCTAssertEqual(TextSafety.terminalSafe("payee \u{1B}]0;owned\u{07}\n"), "payee \\x1B]0;owned\\x07\n")
        XCTAssertEqual(TextSafety.terminalSafe("\u{FEFF}Mã dòng\r\n1.1 “x” \u{202E}exe\n"), "\u{FEFF}Mã dòng\r\n1.1 “x” \\u{202E}exe\n")
        XCTAssertEqual(TextSafety.terminalSafe("end\r"), "end\\x0D")
    }
}

/// The fast file fingerprint: same bytes, same fingerprint, however they are fed; any change, another.
final class FingerprintTests: XCTestCase {
    func fp(_ b: [UInt8]) -> String { var f = ContentFingerprint(); f.update(b); return f.finalize() }

    func testSameBytesSameFingerprintWhateverTheBlocks() {
        var g = SeededRandom(seed: 7)
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4097] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            let whole = fp(bytes)
            XCTAssertTrue(whole.hasPrefix("\(n)-"), whole)
            XCTAssertEqual(whole.count, "\(n)-".count + 32)
            var f = ContentFingerprint()
            var i = 0
            while i < n { let k = min(n - i, 1 + g.below(13)); f.update(Array(bytes[i..<(i + k)])); i += k }
            XCTAssertEqual(f.finalize(), whole, "n \(n)")
        }
    }

    func testAnyChangeChangesIt() {
        var g = SeededRandom(seed: 8)
        let base = (0..<300).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        let f0 = fp(base)
        var seen: Set<String> = [f0]
        for pos in stride(from: 0, to: 300, by: 7) {
            for bit in [0, 3, 7] {
                var b = base
                b[pos] ^= UInt8(1 << bit)
                let f = fp(b)
                XCTAssertFalse(seen.contains(f), "flip of bit \(bit) at \(pos) collides")
                seen.insert(f)
            }
        }
        XCTAssertNotEqual(fp(base), fp(base + [0]), "a trailing zero byte changes it")
        XCTAssertNotEqual(fp([1, 2]), fp([2, 1]))
    }
}
