import XCTest
@testable import KinhPhiCore
import TestSupport

/// Identifiers compared as people read them (issue 11, item 6): the one key every duplicate check uses,
/// and what is refused when typed. Expected keys are written out by hand.
final class IdentifierTests: XCTestCase {
    func testWaysOfWritingTheSameVoucherNumberHaveOneKey() {
        let same = [
            "PC-01", "pc-01", "Pc-01",
            "ＰＣ－０１",                 // fullwidth letters, digits and hyphen (NFKC)
            "PC\u{2011}01",              // NON-BREAKING HYPHEN
            "PC\u{2013}01",              // EN DASH
            "PC\u{2212}01",              // MINUS SIGN
            "\u{420}\u{421}-01",         // Cyrillic ЕР С, drawn like Latin P C
            "\u{3A1}C-01",               // Greek capital rho
            "PC-0\u{200B}1",             // ZERO WIDTH SPACE
            "P\u{00AD}C-01",             // SOFT HYPHEN
            "\u{FEFF}PC-01",             // a byte order mark in front
            " PC-01 ",
        ]
        for s in same { XCTAssertEqual(Identifier.key(s), "pc-01", s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")) }
    }

    func testWhiteSpaceRunsAreOneSpaceAndCaseFoldingIsFull() {
        XCTAssertEqual(Identifier.key("HĐ  số\t12"), "hđ số 12")
        XCTAssertEqual(Identifier.key("HĐ\u{00A0}SỐ 12"), "hđ số 12")     // NO-BREAK SPACE
        XCTAssertEqual(Identifier.key("STRASSE"), Identifier.key("straße"))  // ß = ss
        XCTAssertEqual(Identifier.key("ﬁ-1"), "fi-1")                       // ligature (NFKC)
        XCTAssertEqual(Identifier.key("Đ01"), "đ01")                          // Đ is its own letter, not D
        XCTAssertNotEqual(Identifier.key("Đ01"), Identifier.key("D01"))
        XCTAssertNotEqual(Identifier.key("PC-01"), Identifier.key("PC-02"))
        XCTAssertNotEqual(Identifier.key("PC-01"), Identifier.key("PC01"))
    }

    func testDecomposedAndComposedVietnameseHaveOneKey() {
        // "Ế" precomposed (U+1EBE) and as E + circumflex + acute.
        XCTAssertEqual(Identifier.key("HĐ-\u{1EBE}"), Identifier.key("HĐ-E\u{302}\u{301}"))
        XCTAssertEqual(Identifier.key("HĐ-\u{1EBE}"), "hđ-\u{1EBF}")
    }

    /// The ASCII fast path and the Unicode path give the same key (the fast path is taken for ASCII only:
    /// compare it with the general path on random ASCII identifiers; seed named in failures).
    func testASCIIFastPathAgreesWithTheUnicodePath() {
        var g = SeededRandom(seed: 20251130)
        let alphabet = Array("ABCxyz019-/ .\t_")
        for i in 0..<3000 {
            let s = String((0..<Int(g.next() % 12)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
            XCTAssertEqual(Identifier.key(s), Identifier.unicodeKey(s), "case \(i) (seed 20251130): \(s.debugDescription)")
        }
    }

    /// A key is built the same whether the bytes start ASCII and turn Unicode part way.
    func testAKeyThatTurnsUnicodePartWayIsTheWholeKey() {
        XCTAssertEqual(Identifier.key("AB  CD-ＰＣ"), Identifier.unicodeKey("AB  CD-ＰＣ"))
        XCTAssertEqual(Identifier.key("AB  CD-ＰＣ"), "ab cd-pc")
    }

    func testMixedScriptsAndInvisibleCharactersAreRefusedWhenTyped() {
        XCTAssertNil(Identifier.problem("PC-01"))
        XCTAssertNil(Identifier.problem("HĐ-2025/Sở KH&CN"))           // Vietnamese is Latin
        XCTAssertNil(Identifier.problem("ＰＣ－０１"))                    // fullwidth Latin: one script
        XCTAssertNil(Identifier.problem("\u{41F}\u{421}-01"))           // all Cyrillic: one script (its key is a look-alike)
        XCTAssertEqual(Identifier.problem("P\u{421}-01"), .mixedScripts(["Latin", "Cyrillic"]))
        XCTAssertEqual(Identifier.problem("\u{3A1}C-01"), .mixedScripts(["Greek", "Latin"]))
        XCTAssertEqual(Identifier.problem("PC-\u{661}\u{662}"), .mixedScripts(["Latin", "other"]))   // Arabic-Indic digits
        XCTAssertEqual(Identifier.problem("PC-0\u{200B}1"), .invisible(0x200B))
        XCTAssertEqual(Identifier.problem("PC-01\u{FE0F}"), .invisible(0xFE0F))
        XCTAssertEqual(Identifier.problem("P\u{00AD}C"), .invisible(0xAD))
        XCTAssertTrue(IdentifierProblem.invisible(0x200B).message.vi.contains("U+200B"))
        XCTAssertTrue(IdentifierProblem.mixedScripts(["Latin", "Cyrillic"]).message.vi.contains("Latinh và Kirin"))
    }

    func testNormalizeKeyInPlaceKeepsWhatIsBeforeTheStart() {
        var out = Array("x\u{1F}".utf8)
        Identifier.appendKey(UnsafeRawBufferPointer(start: nil, count: 0), to: &out)
        XCTAssertEqual(out, Array("x\u{1F}".utf8))
        "  PC- 01 ".utf8CString.withUnsafeBytes { b in Identifier.appendKey(UnsafeRawBufferPointer(rebasing: b.dropLast()), to: &out) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "x\u{1F}pc- 01")
    }
}
