import Foundation
import XCTest
import KinhPhi
import TestSupport

/// `kinhphi init` (issue 13, item 1): a new workspace, in an empty temporary folder, that appraises at once
/// (exit 0 or 1, never 2) with the built-in catalogue, whose files an accountant can open in Excel, and
/// nothing ever overwritten. Every figure below is computed by hand from fixtures/init/estimate.csv.
final class InitCommandTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Every file in a folder, relative, sorted (what a command left behind).
    func listing(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    func testInitThenAppraiseWithTheDefaults() throws {
        let ws = tmp.file("hoi-nghi-moi")
        let r = try CLI.run(["init", ws], env: ["KINHPHI_CLOCK": "2026-03-02T03:00:00Z"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.hasPrefix("Đã tạo hồ sơ \(ws):\n  \(ws)/conference.csv\n  \(ws)/estimate.csv\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("kinhphi appraise \(ws)"))
        XCTAssertEqual(listing(ws), ["conference.csv", "estimate.csv", "mau-van-ban", "mau-van-ban/submission.en.txt",
                                     "mau-van-ban/submission.vi.txt"])
        let a = try CLI.run(["appraise", ws])
        XCTAssertTrue([0, 1].contains(a.code), "exit \(a.code): \(a.stderr)")
        XCTAssertEqual(a.code, 0, "the sample lines draw warnings only")
        XCTAssertEqual(a.stderr, "")
        // Defaults: today by the clock (02/03/2026 in Hà Nội), 100 delegates, 1 session.
        XCTAssertTrue(a.stdout.contains("Ngày tổ chức: 02/03/2026"), a.stdout)
        XCTAssertTrue(a.stdout.contains("Đại biểu: 100 "), a.stdout)
        // 100×12.000 + 100×50.000 + 5.000.000 + 1×100×1×40.000 + 5×1.500.000 + 2×1×300.000
        //  = 1.200.000 + 5.000.000 + 5.000.000 + 4.000.000 + 7.500.000 + 600.000 = 23.300.000
        XCTAssertTrue(a.stdout.contains("TỔNG CỘNG") && a.stdout.contains("23.300.000 23.300.000"), a.stdout)
        XCTAssertTrue(a.stdout.contains("Kết quả: 0 lỗi"), a.stdout)
    }

    func testTheOptionsAreFilledInAndTheAmountsAddUp() throws {
        let ws = tmp.file("hn")
        let name = "Hội nghị \"Gặp mặt\", năm 2026"
        let r = try CLI.run(["init", ws, "--name", name, "--date", "15/10/2026", "--delegates", "80", "--sessions", "2"])
        XCTAssertEqual(r.code, 0, r.stderr)
        let conference = try Data(contentsOf: URL(fileURLWithPath: ws + "/conference.csv"))
        XCTAssertEqual(Array(conference.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 with a BOM, for Excel")
        let rows = try RFC4180.parse(String(decoding: conference.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        XCTAssertEqual(rows.first, ["Trường", "Giá trị", "Ghi chú"])
        func value(_ field: String) -> String? { rows.first { $0.first == field }?[1] }
        XCTAssertEqual(value("Tên hội nghị"), name)                  // quoted and read back whole
        XCTAssertEqual(value("Ngày tổ chức"), "15/10/2026")
        XCTAssertEqual(value("Số đại biểu"), "80")
        XCTAssertEqual(value("Số buổi"), "2")
        // estimate.csv: amounts computed (delegates 80, sessions 2):
        //   1.1 80 × 12.000 = 960.000 · 1.2 80 × 50.000 = 4.000.000 · Cộng I 4.960.000
        //   2.1 1 × 5.000.000 · 2.2 1 × 80 × 2 × 40.000 = 6.400.000 · Cộng II 11.400.000
        //   3.1 5 × 1.500.000 = 7.500.000 · 3.2 2 × 2 × 300.000 = 1.200.000 · Cộng III 8.700.000
        //   total 25.060.000
        let estimate = try Data(contentsOf: URL(fileURLWithPath: ws + "/estimate.csv"))
        XCTAssertEqual(Array(estimate.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertTrue(String(decoding: estimate, as: UTF8.self).contains("\r\n"), "CRLF line ends")
        let lines = try RFC4180.parse(String(decoding: estimate.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        XCTAssertEqual(lines[0], ["Mục", "STT", "Nội dung chi", "ĐVT", "Số lượng", "Số người", "Số buổi", "Đơn giá", "Thành tiền",
                                  "Định mức", "Căn cứ", "Loại chi", "Tiểu mục", "Đơn vị thực hiện", "Báo giá"])
        XCTAssertEqual(lines.dropFirst().map { $0[8] }, ["960.000", "4.000.000", "4.960.000", "5.000.000", "6.400.000", "11.400.000",
                                                         "7.500.000", "1.200.000", "8.700.000"])
        XCTAssertEqual(lines.dropFirst().map { $0[4] }, ["80", "80", "", "1", "1", "", "5", "2", ""])
        let a = try CLI.run(["appraise", ws])
        XCTAssertEqual(a.code, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("25.060.000 25.060.000"), a.stdout)
        XCTAssertTrue(a.stdout.contains("Hội nghị \"Gặp mặt\", năm 2026"), a.stdout)
        XCTAssertTrue(a.stdout.contains("Số buổi: 2"), a.stdout)
    }

    /// Every field conference.csv may have is in the new file, once, with its meaning in the Ghi chú column.
    func testConferenceCSVHasEveryFieldWithItsMeaning() throws {
        let ws = tmp.file("hn")
        XCTAssertEqual(try CLI.run(["init", ws, "--date", "20/11/2025"]).code, 0)
        let table = try CSVTable(path: ws + "/conference.csv", required: ["field", "value"], names: InputNames.conferenceColumns)
        var seen: [String: Int] = [:]
        for r in table.rows where !table.cell(r, "field").isEmpty {
            let key = try XCTUnwrap(InputNames.conferenceFields.key(for: table.cell(r, "field")), table.cell(r, "field"))
            seen[key, default: 0] += 1
            XCTAssertFalse(table.cell(r, "ghi chu").isEmpty, "\(key) has no meaning")
            XCTAssertEqual(table.cell(r, "field"), InputNames.conferenceFields.label(key), "the documented name")
        }
        XCTAssertEqual(Set(seen.keys), Set(InputNames.conferenceFields.entries.map(\.key)))
        XCTAssertTrue(seen.values.allSatisfy { $0 == 1 })
        // Heading rows: blank field and value, the heading in Ghi chú.
        XCTAssertGreaterThanOrEqual(table.rows.filter { table.cell($0, "field").isEmpty }.count, 4)
    }

    /// The new workspace goes on: approved with the built-in catalogue snapshotted, and its documents
    /// printed (the submission's wording comes with it).
    func testTheNewWorkspaceApprovesAndPrints() throws {
        let ws = tmp.file("hn")
        XCTAssertEqual(try CLI.run(["init", ws, "--date", "20/11/2025", "--delegates", "150"]).code, 0)
        for doc in ["estimate", "submission", "appraisal"] {
            let p = try CLI.run(["print", ws, doc], env: CLI.clock)
            XCTAssertEqual(p.code, 0, "\(doc): \(p.stderr)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: ws + "/\(doc).html"), doc)
        }
        let a = try CLI.run(["approve", ws, "--decision", "12/QĐ-UBND", "--date", "05/11/2025"], env: CLI.clock)
        XCTAssertEqual(a.code, 0, a.stderr)
        // 150 delegates: 1.800.000 + 7.500.000 + 5.000.000 + 6.000.000 + 7.500.000 + 600.000 = 28.400.000
        XCTAssertTrue(a.stdout.contains("6 dòng; được duyệt 28.400.000 đồng"), a.stdout)
        let b = try ApprovedBudget.load(Workspace(path: ws))
        XCTAssertEqual(b.catalogueSnapshot.normsFile, "built-in:norms.csv")
        XCTAssertEqual(b.catalogueSnapshot.normsCSV, try text(Fixtures.normsPath))
        XCTAssertEqual(b.lines.map(\.kind), [.invitations, .documents, .decoration, .refreshments, .paper, .secretariat])
        XCTAssertEqual(try CLI.run(["verify", ws]).code, 0)
    }

    func testEnglishMessages() throws {
        let ws = tmp.file("hn")
        let r = try CLI.run(["init", ws, "--date", "20/11/2025", "--lang", "en"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Made the workspace \(ws):\n"), r.stdout)
    }

    // MARK: Nothing is overwritten

    func testAFolderThatHoldsAnythingIsRefusedAndLeftAsItWas() throws {
        let ws = tmp.file("co-san")
        try FileManager.default.createDirectory(atPath: ws, withIntermediateDirectories: false)
        try "ghi chú của tôi".write(toFile: ws + "/ghi-chu.txt", atomically: false, encoding: .utf8)
        let r = try CLI.run(["init", ws])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "kinhphi: \(ws): thư mục đã có 1 tệp hoặc thư mục (\"ghi-chu.txt\"): kinhphi init không ghi đè; "
                       + "chọn một thư mục mới hoặc thư mục trống\n")
        XCTAssertEqual(listing(ws), ["ghi-chu.txt"])
        XCTAssertEqual(try text(ws + "/ghi-chu.txt"), "ghi chú của tôi")
    }

    func testAnExistingWorkspaceIsNeverOverwritten() throws {
        let ws = tmp.file("hn")
        XCTAssertEqual(try CLI.run(["init", ws, "--date", "20/11/2025"]).code, 0)
        try "Trường,Giá trị\nđã sửa,x\n".write(toFile: ws + "/conference.csv", atomically: false, encoding: .utf8)
        let before = try text(ws + "/conference.csv")
        let r = try CLI.run(["init", ws, "--date", "21/11/2025", "--lang", "en"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.hasPrefix("kinhphi: \(ws): the folder already holds 3 files or folders (\"conference.csv\", \"estimate.csv\", \"mau-van-ban\")"), r.stderr)
        XCTAssertEqual(try text(ws + "/conference.csv"), before)
    }

    func testAFileOrAMissingParentIsRefused() throws {
        let file = tmp.write("tep.csv", "x")
        let r = try CLI.run(["init", file])
        XCTAssertEqual(r.code, 2)
        XCTAssertEqual(r.stderr, "kinhphi: \(file): đây là một tệp, không phải thư mục: kinhphi init không ghi đè\n")
        XCTAssertEqual(try text(file), "x")
        let deep = tmp.file("khong-co/hn")
        let d = try CLI.run(["init", deep])
        XCTAssertEqual(d.code, 2)
        XCTAssertEqual(d.stderr, "kinhphi: \(deep): không tìm thấy thư mục \(tmp.file("khong-co")) để tạo hồ sơ trong đó\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.file("khong-co")))
    }

    func testAnEmptyFolderIsUsed() throws {
        let ws = tmp.file("trong")
        try FileManager.default.createDirectory(atPath: ws, withIntermediateDirectories: false)
        XCTAssertEqual(try CLI.run(["init", ws, "--date", "20/11/2025"]).code, 0)
        XCTAssertEqual(listing(ws).count, 5)
    }

    func testBadOptionsWriteNothing() throws {
        let ws = tmp.file("hn")
        for (args, message) in [
            (["--delegates", "0"], "kinhphi: --delegates: giá trị \"0\" không hợp lệ; cần một số nguyên từ 1 đến 100.000\n"),
            (["--delegates", "1,500"], "kinhphi: --delegates: số \"1,500\" không hợp lệ: dấu phẩy ngăn cách hàng nghìn? viết 1.500 (dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)\n"),
            (["--date", "31/02/2026"], "kinhphi: --date: ngày \"31/02/2026\" không hợp lệ (viết dd/mm/yyyy, ví dụ 15/11/2025)\n"),
        ] {
            let r = try CLI.run(["init", ws] + args)
            XCTAssertEqual(r.code, 2, "\(args)")
            XCTAssertEqual(r.stderr, message)
            XCTAssertFalse(FileManager.default.fileExists(atPath: ws), "\(args)")
        }
    }
}
