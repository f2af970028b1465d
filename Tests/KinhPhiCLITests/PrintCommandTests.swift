import Foundation
import XCTest
import KinhPhi

/// `kinhphi print`: each document's whole HTML pinned by a golden file (Vietnamese and English), the
/// figures checked against the appraisal's own CSV, user text escaped, the file written whole in the
/// workspace or where --out says, and the failures named.
final class PrintCommandTests: XCTestCase {
    let clock = ["KINHPHI_CLOCK": "2025-11-30T09:00:00+07:00"]

    /// A fixture copy with the templates folder beside it (conference.csv says `templates,../templates`).
    func workspace(_ name: String = "hoi-nghi-chuyen-gia-2025") throws -> URL {
        let ws = try CLI.fixtureCopy(name, for: self)
        try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/templates"),
                                         to: ws.deletingLastPathComponent().appendingPathComponent("templates"))
        return ws
    }

    func print(_ ws: URL, _ document: String, _ more: [String] = []) throws -> CLIRun {
        try CLI.run(["print", ws.path, document, "--out", "-"] + more, env: clock)
    }

    // MARK: golden files

    func testEveryDocumentIsPinnedInBothLanguages() throws {
        let ws = try workspace()
        for document in ["estimate", "submission", "appraisal"] {
            for lang in ["vi", "en"] {
                let r = try print(ws, document, ["--lang", lang])
                XCTAssertEqual(r.code, 0, "\(document) \(lang): \(r.stderr)")
                XCTAssertEqual(r.stderr, "")
                CLI.assertGolden(r.stdoutBytes, "print-\(document).\(lang).html")
            }
        }
        // The flawed copy names no signers: the signature block keeps blank room for the names.
        let loi = try workspace("hoi-nghi-chuyen-gia-2025-loi")
        let r = try print(loi, "estimate")
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "print-estimate-loi.vi.html")
    }

    // MARK: what every document is

    func testEveryDocumentIsOneSelfContainedA4Page() throws {
        let ws = try workspace()
        let orientation = ["estimate": "landscape", "submission": "portrait", "appraisal": "landscape"]
        for (document, o) in orientation {
            let html = try print(ws, document).stdout
            XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"vi\">"), document)
            XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"), document)
            XCTAssertTrue(html.contains("size: A4 \(o);"), document)
            XCTAssertTrue(html.contains("thead { display: table-header-group; }"), document)
            XCTAssertTrue(html.contains("break-inside: avoid"), document)
            XCTAssertTrue(html.contains("@top-center { content: counter(page);"), document)
            // No script, no external asset, no link anywhere.
            for forbidden in ["<script", "<link", "src=", "href=", "http://", "https://", "url(", "@import"] {
                XCTAssertFalse(html.contains(forbidden), "\(document) contains \(forbidden)")
            }
            // The national title and motto, and the issuing unit.
            XCTAssertTrue(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), document)
            XCTAssertTrue(html.contains("Độc lập - Tự do - Hạnh phúc"), document)
            XCTAssertTrue(html.contains("UBND THÀNH PHỐ HÀ NỘI"), document)
            // The blank date of a draft, with the year of the clock.
            XCTAssertTrue(html.contains("Hà Nội, ngày <span class=\"blank\"></span> tháng <span class=\"blank\"></span> năm 2025"), document)
        }
    }

    func testTheDateOptionAndTheDocumentNumber() throws {
        let ws = try workspace()
        // NĐ 30/2020: days below 10 and the months 1 and 2 with a leading zero; March onwards without.
        let jan = try print(ws, "submission", ["--date", "5/1/2026"]).stdout
        XCTAssertTrue(jan.contains("Hà Nội, ngày 05 tháng 01 năm 2026"))
        XCTAssertTrue(jan.contains("Số: <span class=\"blank\"></span>/TTr-SKHCN"))
        let nov = try print(ws, "submission", ["--date", "20/11/2025", "--lang", "en"]).stdout
        XCTAssertTrue(nov.contains("Hà Nội, 20 November 2025"))
        XCTAssertTrue(try print(ws, "estimate", ["--date", "03/03/2026"]).stdout.contains("ngày 03 tháng 3 năm 2026"))
        // Once registered, the number and date come from conference.csv.
        try append(ws, "submission_number,125/TTr-SKHCN\nsubmission_date,15/10/2025\n")
        let registered = try print(ws, "submission").stdout
        XCTAssertTrue(registered.contains("Số: 125/TTr-SKHCN"))
        XCTAssertTrue(registered.contains("Hà Nội, ngày 15 tháng 10 năm 2025"))
        XCTAssertTrue(try print(ws, "estimate").stdout.contains("(Kèm theo Tờ trình số 125/TTr-SKHCN ngày 15/10/2025 của Sở Khoa học và Công nghệ)"))
    }

    // MARK: figures

    /// The estimate's and the appraisal's printed figures are those of `kinhphi appraise --format csv`:
    /// per line requested and appraised, and the totals; the printed lines add up to the printed total.
    func testPrintedFiguresEqualTheAppraisalCSV() throws {
        let ws = try workspace()
        let csv = try CLI.run(["appraise", ws.path, "--format", "csv", "--lang", "en"]).stdout
        var requested: [String: Int64] = [:], appraised: [String: Int64] = [:]
        var totalRequested: Int64 = 0, totalAppraised: Int64 = 0
        for row in csv.split(separator: "\r\n").dropFirst() {
            let cells = csvCells(String(row))
            if cells[1] == "TOTAL" { totalRequested = Int64(cells[7])!; totalAppraised = Int64(cells[8])!; continue }
            guard !cells[1].isEmpty else { continue }
            requested[cells[1]] = Int64(cells[7])!
            appraised[cells[1]] = Int64(cells[8])!
        }
        XCTAssertEqual(requested.count, 17)   // the 17 lines of fixtures/hoi-nghi-chuyen-gia-2025/estimate.csv

        // Estimate: a line row is <tr><td class="c">1.1</td>…; its 8th cell (Thành tiền) is the amount.
        let estimate = try print(ws, "estimate").stdout
        var sum: Int64 = 0
        for (code, amount) in requested {
            let cells = rowCells(estimate, startingWith: code)
            XCTAssertEqual(dong(cells[7]), amount, "estimate line \(code)")
            sum += dong(cells[7])
        }
        XCTAssertEqual(sum, totalRequested)
        XCTAssertTrue(estimate.contains("<td class=\"n\">\(VietnameseNumberFormat.money(try Money(dong: totalRequested)))</td>"))
        XCTAssertTrue(estimate.contains(AmountInWords.vietnamese(totalRequested)!))

        // Appraisal: the 4th and 5th cells are requested and appraised; the total row has both.
        let appraisal = try print(ws, "appraisal").stdout
        for (code, amount) in appraised {
            let cells = rowCells(appraisal, startingWith: code)
            XCTAssertEqual(dong(cells[3]), requested[code], "appraisal line \(code) requested")
            XCTAssertEqual(dong(cells[4]), amount, "appraisal line \(code) appraised")
            XCTAssertEqual(dong(cells[5]), amount - requested[code]!, "appraisal line \(code) difference")
        }
        let total = rowCells(appraisal, startingWith: "TỔNG CỘNG")
        XCTAssertEqual(dong(total[1]), totalRequested)
        XCTAssertEqual(dong(total[2]), totalAppraised)
        XCTAssertTrue(appraisal.contains(AmountInWords.vietnamese(totalAppraised)!))

        // Submission: the section totals add up to the same total.
        let submission = try print(ws, "submission").stdout
        XCTAssertTrue(submission.contains("tổng kinh phí đề nghị là \(VietnameseNumberFormat.money(try Money(dong: totalRequested))) đồng"))
        XCTAssertEqual(dong(rowCells(submission, startingWith: "TỔNG CỘNG")[1]), totalRequested)
    }

    // MARK: escaping

    /// Whatever a user types — in conference.csv, in the estimate, in a template — prints as text: the
    /// only tags in the output are the document's own.
    func testUserTextCannotInjectMarkup() throws {
        let ws = try workspace()
        let attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;"
        try setFact(ws, "head_name", "\"" + attack.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        let estimate = ws.appendingPathComponent("estimate.csv")
        var text = try String(contentsOf: estimate, encoding: .utf8)
        text = text.replacingOccurrences(of: "In giấy mời kèm phong bì", with: "In giấy mời <b onmouseover=x>kèm</b> phong bì </td></tr></table>")
        try text.write(to: estimate, atomically: true, encoding: .utf8)
        let template = ws.deletingLastPathComponent().appendingPathComponent("templates/submission.vi.txt")
        var t = try String(contentsOf: template, encoding: .utf8)
        t = t.replacingOccurrences(of: "(Chi tiết tại Dự toán kinh phí kèm theo.)", with: "<style>p</style><iframe>x</iframe> (Chi tiết)")
        try t.write(to: template, atomically: true, encoding: .utf8)
        let allowed: Set<String> = ["!DOCTYPE", "html", "head", "meta", "title", "style", "body", "table", "colgroup", "col", "thead",
                                    "tbody", "tr", "th", "td", "div", "span", "p", "h1", "b", "i", "br", "ul", "li"]
        for document in ["estimate", "submission", "appraisal"] {
            let r = try print(ws, document)
            XCTAssertEqual(r.code, 0, r.stderr)
            let html = r.stdout
            let tags = Set(html.matches(of: /<\/?([A-Za-z!][A-Za-z0-9]*)/).map { String($0.output.1) })
            XCTAssertTrue(tags.isSubset(of: allowed), "\(document): unexpected tags \(tags.subtracting(allowed))")
            XCTAssertFalse(html.contains("<script"), document)
            XCTAssertFalse(html.contains("<img"), document)
            XCTAssertEqual(html.components(separatedBy: "<style>").count, 2, "\(document): one style sheet only")
            XCTAssertEqual(html.components(separatedBy: "</table>").count - 1, html.components(separatedBy: "<table").count - 1, document)
        }
        let e = try print(ws, "estimate").stdout
        XCTAssertTrue(e.contains("In giấy mời &lt;b onmouseover=x&gt;kèm&lt;/b&gt; phong bì &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"))
        XCTAssertTrue(e.contains("&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;") || e.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;"))
        XCTAssertTrue(try print(ws, "submission").stdout.contains("&lt;style&gt;p&lt;/style&gt;&lt;iframe&gt;x&lt;/iframe&gt; (Chi tiết)"))
    }

    // MARK: signers

    func testSignersNamesAndTitlesFromConferenceFacts() throws {
        let good = try print(try workspace(), "estimate").stdout
        for text in ["NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                     "<div class=\"sign-name\">Nguyễn Thị Lan</div>", "<div class=\"sign-name\">Trần Văn Bình</div>",
                     "<div class=\"sign-name\">Lê Minh Hoàng</div>", "(Ký, họ tên, đóng dấu)"] {
            XCTAssertTrue(good.contains(text), text)
        }
        // Without names: the default titles and an empty name line under the room for the signature.
        let loi = try print(try workspace("hoi-nghi-chuyen-gia-2025-loi"), "estimate").stdout
        XCTAssertTrue(loi.contains("THỦ TRƯỞNG ĐƠN VỊ"))
        XCTAssertEqual(loi.components(separatedBy: "<div class=\"sign-space\"></div><div class=\"sign-name\"></div>").count - 1, 3)
        let appraisal = try print(try workspace(), "appraisal").stdout
        XCTAssertTrue(appraisal.contains("THỦ TRƯỞNG CƠ QUAN THẨM ĐỊNH"))
        XCTAssertTrue(appraisal.contains("<div class=\"unit\">SỞ TÀI CHÍNH</div>"))
    }

    // MARK: files and failures

    func testWithoutOutTheFileGoesIntoTheWorkspace() throws {
        let ws = try workspace()
        let r = try CLI.run(["print", ws.path, "estimate"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        let file = ws.appendingPathComponent("estimate.html")
        XCTAssertEqual(r.stdout, "Đã ghi \(file.path) (dự toán kinh phí, A4 ngang)\n")
        XCTAssertEqual(try Data(contentsOf: file), try print(ws, "estimate").stdoutBytes)
        let en = try CLI.run(["print", ws.path, "submission", "--lang", "en"], env: clock)
        XCTAssertEqual(en.stdout, "Wrote \(ws.appendingPathComponent("submission.en.html").path) (the submission asking for the appraisal, A4 portrait)\n")
        let out = ws.deletingLastPathComponent().appendingPathComponent("tham-dinh.html")
        XCTAssertEqual(try CLI.run(["print", ws.path, "appraisal", "--out", out.path], env: clock).code, 0)
        XCTAssertTrue(try String(contentsOf: out, encoding: .utf8).contains("KẾT QUẢ THẨM ĐỊNH DỰ TOÁN KINH PHÍ"))
    }

    func testFailuresNameTheirCauseAndWriteNothing() throws {
        let ws = try workspace()
        // An unknown document.
        let bad = try CLI.run(["print", ws.path, "budget"], env: clock)
        XCTAssertEqual(bad.code, 2)
        XCTAssertEqual(bad.stderr, "kinhphi: <văn bản>: giá trị \"budget\" không hợp lệ; cần estimate, submission, appraisal, payees, advance, vouchers, settlement hoặc report\n")
        // An output folder that does not exist.
        let missing = ws.appendingPathComponent("khong-co/du-toan.html").path
        let r = try CLI.run(["print", ws.path, "estimate", "--out", missing], env: clock)
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "kinhphi: \(missing): thư mục chứa tệp xuất không tồn tại\n")
        // A template with a misspelt placeholder: the file and line are named; no file written.
        let template = ws.deletingLastPathComponent().appendingPathComponent("templates/submission.vi.txt")
        var t = try String(contentsOf: template, encoding: .utf8)
        t = t.replacingOccurrences(of: "Kính gửi: {appraiser}.", with: "Kính gửi: {apraiser}.")
        try t.write(to: template, atomically: true, encoding: .utf8)
        let lineNo = t.components(separatedBy: "\n").firstIndex { $0.contains("{apraiser}") }! + 1
        let p = try CLI.run(["print", ws.path, "submission"], env: clock)
        XCTAssertEqual(p.code, 2)
        XCTAssertTrue(p.stderr.hasPrefix("kinhphi: \(ws.path)/../templates/submission.vi.txt, dòng \(lineNo): giá trị \"{apraiser}\" không hợp lệ; cần một trong: {appraiser}, "), p.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.appendingPathComponent("submission.html").path))
        // No templates row at all.
        let conference = ws.appendingPathComponent("conference.csv")
        let text = try String(contentsOf: conference, encoding: .utf8).replacingOccurrences(of: "templates,../templates\n", with: "")
        try text.write(to: conference, atomically: true, encoding: .utf8)
        let none = try CLI.run(["print", ws.path, "submission", "--lang", "en"], env: clock)
        XCTAssertEqual(none.code, 2)
        XCTAssertEqual(none.stderr, "kinhphi: \(conference.path), column \"templates\": the templates row (the folder holding submission.en.txt) is needed to print the submission\n")
        // A bad date among the document facts is a bad cell like any other.
        try append(ws, "submission_date,31/02/2025\n")
        let date = try CLI.run(["print", ws.path, "estimate"], env: clock)
        XCTAssertEqual(date.code, 2)
        XCTAssertTrue(date.stderr.contains("cột \"submission_date\""), date.stderr)
    }

    // MARK: helpers

    /// Replaces (or adds) one row of conference.csv; `cell` is written as it is (quote it yourself).
    func setFact(_ ws: URL, _ key: String, _ cell: String) throws {
        let url = ws.appendingPathComponent("conference.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").filter { !$0.hasPrefix(key + ",") && !$0.isEmpty }
        try (lines + [key + "," + cell]).map { $0 + "\n" }.joined().write(to: url, atomically: true, encoding: .utf8)
    }

    func append(_ ws: URL, _ rows: String) throws {
        let url = ws.appendingPathComponent("conference.csv")
        let h = try FileHandle(forWritingTo: url)
        try h.seekToEnd()
        try h.write(contentsOf: Data(rows.utf8))
        try h.close()
    }

    /// The text of each cell of the first table row whose first cell is `first` (tags removed, entities of
    /// the escaper undone).
    func rowCells(_ html: String, startingWith first: String) -> [String] {
        for row in html.components(separatedBy: "<tr").dropFirst() {
            let cells = row.components(separatedBy: "<td").dropFirst().map { cell -> String in
                let inner = cell.drop { $0 != ">" }.dropFirst()
                let content = inner.components(separatedBy: "</td>")[0]
                return content.replacing(/<[^>]*>/, with: "").replacingOccurrences(of: "&amp;", with: "&")
            }
            if cells.first == first { return cells }
        }
        XCTFail("no row starting with \(first)")
        return Array(repeating: "", count: 12)
    }

    /// "1.500.000" or "-200.000" → đồng.
    func dong(_ s: String) -> Int64 { Int64(s.replacingOccurrences(of: ".", with: "")) ?? Int64.min }

    /// An RFC 4180 row split by hand (quoted cells, doubled quotes): independent of the library's reader.
    func csvCells(_ row: String) -> [String] {
        var cells: [String] = [], cur = "", quoted = false
        var it = Array(row.replacingOccurrences(of: "\u{FEFF}", with: "")), i = 0
        while i < it.count {
            let ch = it[i]
            if quoted {
                if ch == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { cur.append("\""); i += 1 } else { quoted = false } }
                else { cur.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," { cells.append(cur); cur = "" }
            else { cur.append(ch) }
            i += 1
        }
        cells.append(cur)
        it.removeAll()
        return cells
    }
}
