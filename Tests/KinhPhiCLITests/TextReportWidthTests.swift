import Foundation
import XCTest

/// The text reports of `appraise`, `status` and `settle` fit 80 columns (a terminal, an A4 printout in a
/// monospaced font), or the width given with --width; a table that cannot fit says how wide it is; and
/// budget-code names are wrapped at their spaces, never cut inside a word. The layouts themselves are
/// pinned by the golden files (appraise-*.txt, settle-*.txt, status-good.vi.txt).
final class TextReportWidthTests: XCTestCase {
    let clock = ["KINHPHI_CLOCK": "2026-01-10T03:00:00Z"]

    func spentWorkspace() throws -> URL {
        let ws = try CLI.fixtureCopy(for: self)
        XCTAssertEqual(try CLI.run(["approve", ws.path, "--decision", "2156/QĐ-STC", "--date", "24/10/2025"], env: clock).code, 0)
        XCTAssertEqual(try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock).code, 0)
        return ws
    }

    /// Lines longer than `width` characters (Vietnamese precomposed letters count one each), and lines
    /// with trailing spaces.
    func overlong(_ text: String, _ width: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { $0.count > width || $0.hasSuffix(" ") }
    }

    func testEveryTextReportFits80ColumnsByDefault() throws {
        let ws = try spentWorkspace()
        let loi = try CLI.fixtureCopy("hoi-nghi-chuyen-gia-2025-loi", for: self)
        let runs: [[String]] = [
            ["appraise", ws.path], ["appraise", loi.path], ["status", ws.path, "--as-of", "10/01/2026"],
            ["settle", ws.path, "--date", "10/01/2026"], ["pit", ws.path, "--as-of", "10/01/2026"],
        ]
        for args in runs {
            for lang in ["vi", "en"] {
                let r = try CLI.run(args + ["--lang", lang], env: clock)
                XCTAssertTrue(r.code == 0 || r.code == 1, "\(args): \(r.stderr)")
                XCTAssertEqual(overlong(r.stdout, 80), [], "\(args) \(lang)")
                XCTAssertFalse(r.stdout.contains("--width"), "\(args) \(lang): fits, so no note")
            }
        }
    }

    func testWidthOptionWidensTheTable() throws {
        let ws = try spentWorkspace()
        for args in [["appraise", ws.path], ["status", ws.path, "--as-of", "10/01/2026"], ["settle", ws.path, "--date", "10/01/2026"],
                     ["pit", ws.path, "--as-of", "10/01/2026"]] {
            let narrow = try CLI.run(args, env: clock).stdout
            let wide = try CLI.run(args + ["--width", "132"], env: clock).stdout
            XCTAssertEqual(overlong(wide, 132), [], "\(args)")
            // The rules are as wide as the table, and the table takes the width given.
            XCTAssertTrue(wide.contains("\n" + String(repeating: "=", count: 132) + "\n"), "\(args)")
            XCTAssertTrue(narrow.contains("\n" + String(repeating: "=", count: 80) + "\n"), "\(args)")
            // Wider descriptions: fewer lines.
            XCTAssertLessThan(wide.split(separator: "\n").count, narrow.split(separator: "\n").count, "\(args)")
        }
        let bad = try CLI.run(["status", ws.path, "--width", "40"], env: clock)
        XCTAssertEqual(bad.code, 2)
        XCTAssertEqual(bad.stderr, "kinhphi: --width: giá trị \"40\" không hợp lệ; cần số cột từ 60 đến 400 (ví dụ 80, 132)\n")
    }

    /// At 60 columns the flawed estimate's table (line code 4 — "3.12" —, description at least 16, budget
    /// code 4, three amounts of 12 — "-127.564.500" —: 4 + 16 + 4 + 36 + 5 gaps = 65) cannot fit: the
    /// report says so, and its rows are 65 wide.
    func testATableThatCannotFitSaysHowWideItIs() throws {
        let loi = try CLI.fixtureCopy("hoi-nghi-chuyen-gia-2025-loi", for: self)
        let r = try CLI.run(["appraise", loi.path, "--width", "60"], env: clock)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stdout.replacingOccurrences(of: "\n", with: " ").contains("(Bảng rộng 65 cột, hơn --width 60: số tiền quá dài để vừa; dùng --width 65 trở lên.)"), r.stdout)
        XCTAssertEqual(overlong(r.stdout, 65), [])
        XCTAssertTrue(r.stdout.contains("\n" + String(repeating: "=", count: 65) + "\n"))
    }

    /// Budget-code names in the settlement's tables by tiểu mục and mục are wrapped at spaces: every word
    /// printed in the name column is a whole word of a name in the catalogue.
    func testBudgetCodeNamesAreNeverCutInsideAWord() throws {
        let ws = try spentWorkspace()
        let csv = try String(contentsOf: CLI.repoRoot.appendingPathComponent("fixtures/catalogue/budget-codes.csv"), encoding: .utf8)
        // Every word of the catalogue (names are quoted when they hold a comma), and of the tables' headers.
        var words = Set(csv.split(whereSeparator: { " ,\"\r\n".contains($0) }).map(String.init))
        words.formUnion(["Mã", "Tên", "Dự", "toán", "duyệt", "Code", "Name", "%", "TH", "exec", "Số", "CT", "Vouch.", "Approved", "Actual", "Difference",
                         "Thực", "chi", "Chênh", "lệch", "Nội", "dung", "Item", "Đã", "rút", "Nộp", "trả", "Hủy", "DT", "Drawn", "To", "repay", "cancel"])
        // The tables by tiểu mục and mục (approved, actual), and the same for what is to repay and to cancel.
        let regions = [("vi", "THEO MỤC LỤC NGÂN SÁCH (TIỂU MỤC)", "SỐ NỘP TRẢ VÀ HỦY DỰ TOÁN THEO DÒNG"), ("vi", "\nTHEO TIỂU MỤC\n", "Tổng dự toán"),
                       ("en", "BY BUDGET CODE (TIỂU MỤC)", "TO REPAY AND TO CANCEL, BY LINE"), ("en", "\nBY TIỂU MỤC\n", "Total approved")]
        for (lang, title, end) in regions {
            for width in ["80", "60", "100"] {
                let out = try CLI.run(["settle", ws.path, "--date", "10/01/2026", "--lang", lang, "--width", width], env: clock).stdout
                let tables = out.components(separatedBy: title)[1].components(separatedBy: end)[0]
                var checked = 0
                for line in tables.split(separator: "\n") where line.first == " " || line.first?.isNumber == true {
                    // The name column starts after the code (5 columns: 4 digits and a space).
                    let rest = line.dropFirst(5)
                    for token in rest.split(separator: " ") where !token.contains(where: \.isNumber) && token != "—" {
                        XCTAssertTrue(words.contains(String(token).trimmingCharacters(in: CharacterSet(charactersIn: ",;"))), "width \(width) \(lang): \"\(token)\" is not a whole word of a name: \(line)")
                        checked += 1
                    }
                }
                XCTAssertGreaterThan(checked, 20, "\(lang) \(title)")
            }
        }
    }

    func testStatusTextIsPinned() throws {
        let ws = try spentWorkspace()
        let r = try CLI.run(["status", ws.path, "--as-of", "10/01/2026"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "status-good.vi.txt")
    }
}
