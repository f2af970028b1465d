import Foundation
import XCTest
import KinhPhiCore

/// The fast path of `Identifier.normalizeKey` for precomposed Vietnamese letters (issue 14: payee names are
/// compared as identifiers, and almost every name is Vietnamese) gives what the Unicode path gives. The
/// expected key is computed independently here: Foundation's NFKC then Swift's lower-casing, spaces
/// collapsed — the definition at the top of Identifier.swift for text without invisible characters, dashes
/// or look-alike letters.
final class IdentifierVietnameseTests: XCTestCase {
    static func expected(_ s: String) -> String {
        let folded = s.precomposedStringWithCompatibilityMapping.lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").precomposedStringWithCompatibilityMapping
    }

    /// Every precomposed letter Vietnamese uses, upper and lower case, alone and inside a name.
    func testEveryVietnameseLetterKeysAsTheUnicodePathDoes() {
        var letters: [Unicode.Scalar] = []
        for v: UInt32 in [0xC0, 0xC1, 0xC2, 0xC3, 0xC8, 0xC9, 0xCA, 0xCC, 0xCD, 0xD2, 0xD3, 0xD4, 0xD5, 0xD9, 0xDA, 0xDD,
                          0x102, 0x110, 0x128, 0x168, 0x1A0, 0x1AF] {
            letters.append(Unicode.Scalar(v)!); letters.append(Unicode.Scalar(String(Unicode.Scalar(v)!).lowercased().unicodeScalars.first!.value)!)
        }
        for v: UInt32 in 0x1EA0...0x1EF9 { letters.append(Unicode.Scalar(v)!) }
        XCTAssertEqual(letters.count, 44 + 90)
        for u in letters {
            let s = "Ng" + String(u) + "  Văn" + String(u)
            XCTAssertEqual(Identifier.key(s), Self.expected(s), "U+\(String(u.value, radix: 16, uppercase: true))")
            XCTAssertEqual(Identifier.key(String(u)), Self.expected(String(u)))
        }
    }

    /// Names as people type them: title, case, doubled spaces; and the same name typed decomposed (NFD),
    /// which takes the Unicode path, meets the fast path's key.
    func testNamesWrittenOtherwiseAreOnePerson() {
        let forms = ["TS. Ngô Thanh Sơn", "ts.  NGÔ THANH SƠN", " Ts. Ngô Thanh  Sơn ", "TS. Ngô Thanh Sơn".decomposedStringWithCanonicalMapping]
        for f in forms { XCTAssertEqual(Identifier.key(f), "ts. ngô thanh sơn", f.debugDescription) }
        XCTAssertEqual(Identifier.key("ĐẶNG HỮU PHÚC"), "đặng hữu phúc")
        XCTAssertNotEqual(Identifier.key("Lê Hoa"), Identifier.key("Lê Hòa"))
        // A letter outside the fast path (a German ß, a non-breaking space) still keys as defined.
        XCTAssertEqual(Identifier.key("Nguyễn\u{00A0}Straße"), "nguyễn strasse")
    }
}
