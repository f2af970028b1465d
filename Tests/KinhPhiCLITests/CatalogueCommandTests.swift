import Foundation
import XCTest
import KinhPhi
import TestSupport

/// `kinhphi norms` and `kinhphi budget-codes` (issue 13, item 2): what is in force on a date, by kind, with
/// status and basis, from the built-in catalogue or a workspace's. Expected figures are read by hand from
/// fixtures/catalogue/norms.csv and budget-codes.csv (the brief §3 and §5).
final class CatalogueCommandTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    /// The ids listed by a text listing (a line that starts at column 0 with an id, then the ceiling).
    static func ids(_ out: String) -> [String] {
        out.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let first = words.first, !line.hasPrefix(" "), first.first?.isLowercase == true,
                  first.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), words.count >= 3 else { return nil }
            return String(first)
        }
    }

    /// The text with wrapped lines joined (a line break and the indent of its continuation read as one space).
    static func flat(_ out: String) -> String {
        var s = out
        while s.contains("\n   ") { s = s.replacingOccurrences(of: "\n   ", with: "\n  ") }
        return s.replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// The row of a listing that starts with `id` (its ceiling and status follow).
    static func row(_ out: String, _ id: String) -> String? {
        out.split(separator: "\n").first { $0.hasPrefix(id + " ") }.map { String($0) }
    }

    func testNormsInForceOnADate() throws {
        // per-diem: 200.000 until 03/05/2025, 300.000 (TT 12/2025, provisional) from 04/05/2025.
        let before = try CLI.run(["norms", "--date", "03/05/2025"])
        XCTAssertEqual(before.code, 0, before.stderr)
        XCTAssertTrue(before.stdout.hasPrefix("DANH MỤC ĐỊNH MỨC CÓ HIỆU LỰC NGÀY 03/05/2025\nNguồn: danh mục có sẵn trong chương trình\n"), before.stdout)
        XCTAssertEqual(Self.row(before.stdout, "per-diem")?.hasSuffix(" 200.000 đã xác nhận"), true, before.stdout)
        let after = try CLI.run(["norms", "--date", "04/05/2025"])
        XCTAssertEqual(Self.row(after.stdout, "per-diem")?.hasSuffix(" 300.000 tạm tính"), true, after.stdout)
        XCTAssertTrue(Self.flat(after.stdout).contains(" Căn cứ: TT 12/2025/TT-BTC sửa đổi TT 40/2017/TT-BTC Điều 5; hiệu lực từ 04/05/2025 "), after.stdout)
        // pit-threshold: 2.000.000 until 30/06/2026, 5.000.000 from 01/07/2026.
        XCTAssertEqual(Self.row(try CLI.run(["norms", "--date", "30/06/2026"]).stdout, "pit-threshold")?.contains(" 2.000.000 "), true)
        XCTAssertEqual(Self.row(try CLI.run(["norms", "--date", "01/07/2026"]).stdout, "pit-threshold")?.contains(" 5.000.000 "), true)
        // Computed ceilings: 130 % of 200.000 = 260.000; 0,3 × 2.340.000 = 702.000 → up to 710.000 (R2).
        XCTAssertEqual(Self.row(after.stdout, "meal-collective-city")?.hasSuffix(" 260.000 đã xác nhận"), true)
        XCTAssertTrue(after.stdout.contains("  Đơn vị: đồng/người/ngày · 130% của meal-support-city\n"), after.stdout)
        XCTAssertEqual(Self.row(try CLI.run(["norms", "--date", "20/11/2025"]).stdout, "award-certificate")?.contains(" 710.000 "), true)
        // A norm before its first day is not listed: the TT 03/2023 rows start in 2023.
        XCTAssertNil(Self.row(try CLI.run(["norms", "--date", "01/01/2023"]).stdout, "ws-chair"))
        XCTAssertNotNil(Self.row(after.stdout, "ws-chair"))
        // The closing count: every line is in the 80 columns.
        XCTAssertTrue(after.stdout.contains(" định mức, trong đó "), after.stdout)
        for line in after.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
    }

    func testNormsByKindInVietnamese() throws {
        let r = try CLI.run(["norms", "--kind", "giải khát", "--date", "20/11/2025"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Loại chi: nước uống, giải khát giữa giờ (refreshments)\n"), r.stdout)
        XCTAssertEqual(Self.ids(r.stdout), ["refreshments"])
        XCTAssertTrue(r.stdout.contains("  Áp dụng: mọi khu vực, áp dụng khi dòng không ghi định mức\n"), r.stdout)
        // Meals: the three meal-support levels by area (default) and the three collective levels (not).
        let meals = try CLI.run(["norms", "--kind", "meals", "--date", "20/11/2025"])
        XCTAssertEqual(Self.ids(meals.stdout), ["meal-support-city", "meal-support-province", "meal-support-commune",
                                                "meal-collective-city", "meal-collective-province", "meal-collective-commune"])
        XCTAssertTrue(meals.stdout.contains("  Áp dụng: khu vực nội thành, áp dụng khi dòng không ghi định mức\n"), meals.stdout)
        XCTAssertTrue(meals.stdout.contains("  Áp dụng: khu vực xã, chỉ khi dòng ghi định mức này\n"), meals.stdout)
        // A kind no norm caps says so.
        let hall = try CLI.run(["norms", "--kind", "thuê hội trường", "--date", "20/11/2025"])
        XCTAssertEqual(hall.code, 0)
        XCTAssertTrue(hall.stdout.contains("Không có định mức nào áp dụng cho loại chi này"), hall.stdout)
        // An unknown kind is a bad value.
        let bad = try CLI.run(["norms", "--kind", "lễ tân"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("kinhphi: --kind: giá trị \"lễ tân\" không hợp lệ; cần một loại nội dung chi, mã hoặc tên tiếng Việt: documents (tài liệu)"), bad.stderr)
    }

    func testNormsAsCSV() throws {
        let r = try CLI.run(["norms", "--date", "20/11/2025", "--format", "csv", "--lang", "en"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(Array(r.stdoutBytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let rows = try RFC4180.parse(String(decoding: r.stdoutBytes.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        XCTAssertEqual(rows[0], ["id", "name", "kind", "ceiling", "of", "resolved", "unit", "document", "article", "effective_from",
                                 "effective_to", "status", "scope"])
        let byID = Dictionary(rows.dropFirst().map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byID["refreshments"]?[3], "40000")
        XCTAssertEqual(byID["refreshments"]?[11], "provisional")
        XCTAssertEqual(byID["meal-collective-city"].map { [$0[2], $0[3], $0[4], $0[5]] }, ["percent", "130", "meal-support-city", "260000"])
        XCTAssertEqual(byID["award-city-merit"].map { [$0[2], $0[3], $0[5]] }, ["coefficient", "1.5", "3510000"])
        XCTAssertEqual(byID["pit-rate"].map { [$0[2], $0[3], $0[5]] }, ["percent", "10", ""])      // a bare rate: no money
        XCTAssertEqual(byID["per-diem"]?[9], "04/05/2025")
        // Every norm in force on the date, once: the 26 ids of the table (2 of them with two versions).
        XCTAssertEqual(rows.count - 1, Set(Fixtures.catalogue.norms.keys).count)
    }

    func testBudgetCodes() throws {
        let all = try CLI.run(["budget-codes"])
        XCTAssertEqual(all.code, 0, all.stderr)
        let codes = all.stdout.split(separator: "\n").compactMap { l -> String? in
            let w = l.split(separator: " ")
            return w.count >= 3 && w[0].count == 4 && w[0].allSatisfy(\.isNumber) && !l.hasPrefix(" ") ? String(w[0]) : nil
        }
        XCTAssertEqual(codes, Fixtures.catalogue.budgetCodes.keys.sorted())
        XCTAssertTrue(all.stdout.contains("6651 6650 In, mua tài liệu"), all.stdout)
        XCTAssertTrue(Self.flat(all.stdout).contains("6651 6650 In, mua tài liệu" + String(repeating: " ", count: 44) + "tạm tính "
                                                     + "Loại chi: in, mua tài liệu (documents), giấy mời (invitations), văn phòng phẩm (stationery) "), all.stdout)
        let meals = try CLI.run(["budget-codes", "--kind", "tiền ăn"])
        XCTAssertTrue(meals.stdout.contains("6658 6650 Chi bù tiền ăn"), meals.stdout)
        XCTAssertEqual(meals.stdout.split(separator: "\n").filter { $0.hasPrefix("66") || $0.hasPrefix("67") || $0.hasPrefix("77") }.count, 1)
        // Sightseeing: no code carries it (a line of that kind always draws BUDGET-CODE).
        XCTAssertTrue(try CLI.run(["budget-codes", "--kind", "sightseeing"]).stdout.contains("Không có tiểu mục nào nhận loại chi này"))
        let csv = try CLI.run(["budget-codes", "--format", "csv", "--lang", "en"])
        let rows = try RFC4180.parse(String(decoding: csv.stdoutBytes.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        XCTAssertEqual(rows[0], ["code", "group", "name_vi", "name_en", "kinds", "status"])
        XCTAssertEqual(rows.first { $0[0] == "6651" }?[4], "documents;invitations;stationery")
        XCTAssertEqual(rows.count - 1, Fixtures.catalogue.budgetCodes.count)
    }

    /// --workspace lists what a workspace uses: its override rows, on its event date by default.
    func testAWorkspacesCatalogue() throws {
        let ws = tmp.file("hn")
        XCTAssertEqual(try CLI.run(["init", ws, "--date", "01/05/2025"]).code, 0)
        try "Mã,Tên,Cách tính,Mức,Đơn vị tính,Văn bản,Hiệu lực từ,Tình trạng\nrefreshments,Nước uống (mức riêng),số tiền,50.000,đồng/người/buổi,NQ riêng,01/01/2025,tạm tính\n"
            .write(toFile: ws + "/dinh-muc-rieng.csv", atomically: false, encoding: .utf8)
        var conference = try String(contentsOfFile: ws + "/conference.csv", encoding: .utf8)
        conference = conference.replacingOccurrences(of: "Tệp định mức riêng,,", with: "Tệp định mức riêng,dinh-muc-rieng.csv,")
        try conference.write(toFile: ws + "/conference.csv", atomically: false, encoding: .utf8)
        let r = try CLI.run(["norms", "--workspace", ws])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("DANH MỤC ĐỊNH MỨC CÓ HIỆU LỰC NGÀY 01/05/2025\n"), r.stdout)     // the event date
        XCTAssertTrue(r.stdout.contains("Nguồn: danh mục có sẵn trong chương trình, các dòng cùng mã được thay bằng tệp\n\(ws)/dinh-muc-rieng.csv\n"), r.stdout)
        XCTAssertEqual(Self.row(r.stdout, "refreshments")?.hasSuffix(" 50.000 tạm tính"), true, r.stdout)
        XCTAssertEqual(Self.row(r.stdout, "per-diem")?.hasSuffix(" 200.000 đã xác nhận"), true, r.stdout)   // before 04/05/2025
        // The appraisal holds the line to the override's level: 40.000 asked, within 50.000.
        let a = try CLI.run(["appraise", ws])
        XCTAssertEqual(a.code, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("(50.000 đồng/người/buổi)"), a.stdout)
    }

    func testEnglish() throws {
        let r = try CLI.run(["norms", "--date", "20/11/2025", "--lang", "en", "--kind", "refreshments"])
        XCTAssertTrue(r.stdout.hasPrefix("NORMS IN FORCE ON 20/11/2025\nSource: the catalogue built into the program\nItem kind: refreshments (refreshments)\n"), r.stdout)
        XCTAssertEqual(Self.row(r.stdout, "refreshments")?.hasSuffix(" 40,000 provisional"), true, r.stdout)
    }
}
