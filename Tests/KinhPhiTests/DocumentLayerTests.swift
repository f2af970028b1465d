import XCTest
import KinhPhi

/// The pieces of the printable documents on their own: escaping, templates, the date line.
final class DocumentLayerTests: XCTestCase {
    // MARK: HTML

    func testTextIsEscaped() {
        XCTAssertEqual(HTML.text("a & b < c > d \"e\" 'f'").markup, "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;")
        // Already-escaped text is escaped again: it prints as typed.
        XCTAssertEqual(HTML.text("&amp;").markup, "&amp;amp;")
        // C0 controls other than TAB, LF, CR (parse errors in HTML) become U+FFFD; Vietnamese is kept as is.
        XCTAssertEqual(HTML.text("x\u{1}y\u{7F}z\tđồng\n").markup, "x\u{FFFD}y\u{FFFD}z\tđồng\n")
    }

    func testLinesAndAttributes() {
        XCTAssertEqual(HTML.lines("KT. GIÁM ĐỐC\nPHÓ <GĐ>").markup, "KT. GIÁM ĐỐC<br>PHÓ &lt;GĐ&gt;")
        XCTAssertEqual(HTML.el("td", cls: "n", attrs: [("colspan", "2\" onclick=\"x")], text: "<b>").markup,
                       "<td class=\"n\" colspan=\"2&quot; onclick=&quot;x\">&lt;b&gt;</td>")
        XCTAssertEqual(HTML.el("tr", [HTML.el("td", text: "1")]).markup, "<tr><td>1</td></tr>\n")
    }

    // MARK: date line (NĐ 30/2020: a leading zero for days below 10 and for January and February)

    func testPlaceAndDate() throws {
        func line(_ d: DocumentDate, _ lang: Language, place: String = "Hà Nội") -> String {
            DocumentParts.placeDate(place: place, date: d, lang: lang).markup
        }
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2026, month: 1, day: 5))), .vi), "Hà Nội, ngày 05 tháng 01 năm 2026")
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2026, month: 2, day: 28))), .vi), "Hà Nội, ngày 28 tháng 02 năm 2026")
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2025, month: 3, day: 9))), .vi), "Hà Nội, ngày 09 tháng 3 năm 2025")
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2025, month: 11, day: 20))), .vi), "Hà Nội, ngày 20 tháng 11 năm 2025")
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2025, month: 11, day: 20))), .vi, place: ""), "Ngày 20 tháng 11 năm 2025")
        XCTAssertEqual(line(.on(try XCTUnwrap(CivilDate(year: 2025, month: 11, day: 20))), .en), "Hà Nội, 20 November 2025")
        XCTAssertEqual(line(.blank(year: 2025), .vi),
                       "Hà Nội, ngày <span class=\"blank\"></span> tháng <span class=\"blank\"></span> năm 2025")
    }

    // MARK: templates

    let template = """
        # a comment
        [title]
        TỜ TRÌNH
        [subject]
        Về việc {what}
        [body]
        Căn cứ {basis};
        dòng hai của đoạn đầu.

        {sections}

        Đoạn cuối.
        [copies]
        Nơi nhận:
        - Như trên;
        """

    func testTemplateSectionsPlaceholdersAndParagraphs() throws {
        let t = try DocumentTemplate.parse(template, file: "t.txt")
        let values = ["what": "thẩm định", "basis": "<TT 40/2017>"]
        XCTAssertEqual(try t.lines("title", values), ["TỜ TRÌNH"])
        XCTAssertEqual(try t.lines("subject", values), ["Về việc thẩm định"])
        XCTAssertEqual(try t.paragraphs("body", values),
                       [.text("Căn cứ <TT 40/2017>; dòng hai của đoạn đầu."), .sectionsTable, .text("Đoạn cuối.")])
        XCTAssertEqual(try t.lines("copies", values), ["Nơi nhận:", "- Như trên;"])
        XCTAssertEqual(try t.lines("recipient", values), [])
    }

    func testTemplateMistakesNameTheLine() throws {
        func problem(_ text: String, _ values: [String: String] = ["basis": "x", "what": "y"]) -> String {
            do {
                let t = try DocumentTemplate.parse(text, file: "t.txt")
                _ = try t.paragraphs("body", values)
                _ = try t.lines("subject", values)
                return "no error"
            } catch { return error.message(.en) }
        }
        XCTAssertEqual(problem(template.replacingOccurrences(of: "{basis}", with: "{bassis}")),
                       "t.txt, line 7: invalid value \"{bassis}\"; expected one of: {basis}, {what}")
        XCTAssertEqual(problem(template.replacingOccurrences(of: "[copies]", with: "[cc]")),
                       "t.txt, line 13: invalid value \"[cc]\"; expected one of: [title], [subject], [recipient], [body], [copies]")
        XCTAssertEqual(problem("hello\n" + template), "t.txt, line 1: text before the first section ([title], [body]…)")
        XCTAssertEqual(problem("[title]\nX\n"), "t.txt: the [body] section is missing or empty")
        XCTAssertEqual(problem(template.replacingOccurrences(of: "Đoạn cuối.", with: "Đoạn {cuối.")),
                       "t.txt, line 12: a { without its closing }")
        XCTAssertEqual(problem(template.replacingOccurrences(of: "Đoạn cuối.", with: "Xem {sections}.")),
                       "t.txt, line 12: {sections} (the table of section totals) must stand on a line of its own in [body]")
        XCTAssertEqual(problem(template + "\n[title]\nY\n"), "t.txt, line 16: duplicate section \"[title]\"")
    }
}
