import Foundation
import XCTest
import KinhPhi
import TestSupport

/// The whole path of a new conference as docs/huong-dan.md walks it, with the commands that exist today
/// (issue 13, first part): `init` in an empty temporary folder, the two files re-saved the way Excel saves
/// them on a Vietnamese-locale PC (";" between cells, BOM, CRLF), appraise, approve, a ";"-separated voucher
/// file with Vietnamese headers and values, a reversal and a corrected record, verify, settle. Every figure
/// is computed by hand in the comments.
final class WorkflowTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    func testFromInitToASettledConference() throws {
        let ws = tmp.file("hoi-nghi-2025")
        let env = ["KINHPHI_CLOCK": "2025-10-01T03:00:00Z"]
        XCTAssertEqual(try CLI.run(["init", ws, "--name", "Hội nghị chuyên gia năm 2025", "--date", "20/11/2025", "--delegates", "150"], env: env).code, 0)
        try CLI.resaveWithSemicolons(ws + "/conference.csv")
        try CLI.resaveWithSemicolons(ws + "/estimate.csv")
        XCTAssertTrue(try String(contentsOfFile: ws + "/estimate.csv", encoding: .utf8).contains("Mục;STT;Nội dung chi;"))

        // Appraisal: warnings only. 150 × 12.000 + 150 × 50.000 + 5.000.000 + 1 × 150 × 1 × 40.000
        // + 5 × 1.500.000 + 2 × 1 × 300.000 = 1.800.000 + 7.500.000 + 5.000.000 + 6.000.000 + 7.500.000 + 600.000
        // = 28.400.000.
        let a = try CLI.run(["appraise", ws])
        XCTAssertEqual(a.code, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("28.400.000 28.400.000"), a.stdout)

        let approve = try CLI.run(["approve", ws, "--decision", "2156/QĐ-UBND", "--date", "24/10/2025"], env: env)
        XCTAssertEqual(approve.code, 0, approve.stderr)

        // The vouchers, saved by Excel with ";" and Vietnamese headers and values; the people paid income carry
        // their ID ("Số định danh": payee_id, issue 14) — without it each would be warned (REC-PAYEE-ID).
        let vouchers = """
            Ngày;Số chứng từ;Dòng;Loại;Người nhận;Loại đối tượng;Mã số thuế;Nội dung;Số tiền;Thuế GTGT;Hình thức thanh toán;Ký hiệu hóa đơn;Số hóa đơn;Ngày hóa đơn;Chứng từ tạm ứng;Số định danh
            05/11/2025;UNC-01;1.1;Thanh toán;Công ty TNHH In Thăng Long;Tổ chức;0105987654;In 150 bộ giấy mời;1.800.000;133.333;Chuyển khoản;1C25TTL;0000128;05/11/2025;;
            10/11/2025;UNC-02;1.2;Thanh toán;Công ty TNHH In Thăng Long;Tổ chức;0105987654;In 150 cuốn tài liệu;7.500.000;555.556;Chuyển khoản;1C25TTL;0000141;10/11/2025;;
            12/11/2025;TU-01;2.1;Tạm ứng;Nguyễn Thị Lan;Cá nhân;;Tạm ứng mua hoa, trang trí;5.000.000;;Tiền mặt;;;;;
            21/11/2025;TTTU-01;2.1;Thanh toán tạm ứng;Nguyễn Thị Lan;Cá nhân;;Thanh toán tạm ứng trang trí;4.850.000;;Tiền mặt;;;;TU-01;
            20/11/2025;UNC-03;2.2;Thanh toán;Công ty CP Dịch vụ Hội nghị Hà Nội;Tổ chức;0101234567;Nước uống 150 đại biểu;6.000.000;444.444;Chuyển khoản;1C25HNH;0000077;20/11/2025;;
            20/11/2025;PC-01;3.1;Thanh toán;Trần Văn Minh;Cá nhân;;Tham luận số 1;1.500.000;;Tiền mặt;;;;;001058003127
            20/11/2025;PC-02;3.1;Thanh toán;Lê Thị Hoa;Cá nhân;;Tham luận số 2;1.500.000;;Tiền mặt;;;;;001171003386
            20/11/2025;PC-03;3.2;Thanh toán;Phạm Văn Nam;Cá nhân;;Ghi biên bản;300.000;;Tiền mặt;;;;;001090011472

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let file = tmp.write("chung-tu.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(vouchers.utf8))
        let spend = ["KINHPHI_CLOCK": "2025-12-05T03:00:00Z"]
        let imported = try CLI.run(["import", ws, file], env: spend)
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "Đã nhập 8 chứng từ từ \(file): bản ghi 1–8.\n")

        // PC-03 should have been 600.000 (two people): reverse record 8, record the right voucher.
        let reverse = try CLI.run(["reverse", ws, "8", "--reason", "Sai số tiền: PC-03 là 600.000 đ"], env: spend)
        XCTAssertEqual(reverse.code, 0, reverse.stderr)
        let record = try CLI.run(["record", ws, "--date", "20/11/2025", "--line", "3.2", "--payee", "Phạm Văn Nam",
                                  "--description", "Ghi biên bản (2 người)", "--amount", "600.000", "--method", "tiền mặt",
                                  "--kind", "thanh toán", "--voucher-no", "PC-04", "--payee-id", "001090011472"], env: spend)
        XCTAssertEqual(record.code, 0, record.stderr)
        XCTAssertTrue(record.stdout.hasPrefix("Đã ghi bản ghi 10: thanh toán 600.000 đ, dòng 3.2"), record.stdout)

        let verify = try CLI.run(["verify", ws], env: spend)
        XCTAssertEqual(verify.code, 0, verify.stderr)
        XCTAssertTrue(verify.stdout.hasPrefix("nhật ký nguyên vẹn: 10 bản ghi"), verify.stdout)

        // Actual: 1.800.000 + 7.500.000 + 4.850.000 (the clearing) + 6.000.000 + 3.000.000 + 600.000 = 23.750.000.
        // Drawn and not spent (to repay): the advance TU-01 5.000.000 cleared at 4.850.000 → 150.000 on 2.1.
        // Never drawn (to cancel): 3.1 approved 7.500.000, drawn 3.000.000 → 4.500.000; every other line is
        // drawn in full (PC-03 was reversed: it draws nothing). 23.750.000 + 150.000 + 4.500.000 = 28.400.000.
        let csv = tmp.file("quyet-toan.csv"), list = tmp.file("bang-ke.csv")
        let settle = try CLI.run(["settle", ws, "--csv", csv, "--vouchers-csv", list], env: spend)
        XCTAssertEqual(settle.code, 0, settle.stderr)
        XCTAssertTrue(settle.stdout.contains("Tổng dự toán được duyệt: 28.400.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Tổng thực chi đề nghị quyết toán: 23.750.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("  Bằng chữ: Hai mươi ba triệu bảy trăm năm mươi nghìn đồng\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Số đã rút chưa chi, phải nộp trả ngân sách: 150.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Số dự toán chưa rút, đề nghị hủy dự toán: 4.500.000\n"), settle.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: csv))
        // The voucher list: the seven vouchers that count (the advance is counted through its clearing; PC-03
        // and its reversal do not count).
        let rows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: list)).dropFirst(3), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n"))
        XCTAssertEqual(rows.count, 1 + 7 + 1 + 1, "header, seven vouchers, the total, the journal's anchor")
    }
}
