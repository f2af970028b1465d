import XCTest
import TestSupport

/// The tests' own RFC 4180 reader (Tests/TestSupport/RFC4180.swift), the oracle the CLI tests read the
/// exported CSV files with: it must read what RFC 4180 allows and refuse what it does not.
final class RFC4180ReaderTests: XCTestCase {
    func testReadsQuotedFieldsCRLFAndDropsTheBOM() throws {
        let text = "\u{FEFF}a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",,\"\"\r\nlast,x"
        XCTAssertEqual(try RFC4180.parse(text), [["a", "b, c", "say \"hi\""], ["two\r\nlines", "", ""], ["last", "x"]])
        // A lone LF ends a record too; a CR that is not before LF is text; no empty record at the end.
        XCTAssertEqual(try RFC4180.parse("a,b\nc\rd,e\n"), [["a", "b"], ["c\rd", "e"]])
        XCTAssertEqual(try RFC4180.parse(""), [])
    }

    func testRefusesWhatIsNotRFC4180() {
        for (text, record, field) in [("a,b\"c\",d\r\n", 1, 2), ("\"a\"b,c\r\n", 1, 1), ("x\r\n\"open,c\r\n", 2, 1)] {
            XCTAssertThrowsError(try RFC4180.parse(text), text.debugDescription) { error in
                let e = error as? RFC4180.Malformed
                XCTAssertEqual(e?.record, record, text.debugDescription)
                XCTAssertEqual(e?.field, field, text.debugDescription)
            }
        }
    }
}
