import Foundation
import XCTest
import KinhPhi
import TestSupport

/// Issue 13's "Done when", end to end through the built `kinhphi`: from `init` in an empty temporary folder
/// to a settled conference, the files re-saved with ";" as Excel saves them on a Vietnamese-locale PC, an
/// approval with the decision's own amounts (Vietnamese headers, ";"), a ";"-separated voucher file with
/// Vietnamese headers and values, one adjustment that raises a line, a reversal by voucher number, `verify`
/// clean — then `estimate.csv` edited and `verify` exits 1. Every figure is computed by hand in the comments.
final class ApprovalWorkflowTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    /// A file as Excel writes it on a Vietnamese-locale PC: BOM, ";" between cells, CRLF.
    func excelFile(_ name: String, _ text: String) -> String {
        tmp.write(name, bytes: [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    func testFromInitToASettledConferenceWithTheDecisionsAmountsAnAdjustmentAndAReversal() throws {
        let ws = tmp.file("hoi-nghi-2025")
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws))

        // 1. A new workspace; the two files re-saved by Excel with ";".
        let prepare = ["KINHPHI_CLOCK": "2025-10-25T03:00:00Z"]
        let made = try CLI.run(["init", ws, "--name", "Hội nghị chuyên gia năm 2025", "--date", "20/11/2025", "--delegates", "150"], env: prepare)
        XCTAssertEqual(made.code, 0, made.stderr)
        try CLI.resaveWithSemicolons(ws + "/conference.csv")
        try CLI.resaveWithSemicolons(ws + "/estimate.csv")

        // Appraised (init's sample lines, 150 delegates, one session): 1.1 150 × 12.000 = 1.800.000;
        // 1.2 150 × 50.000 = 7.500.000; 2.1 5.000.000; 2.2 150 × 1 × 40.000 = 6.000.000; 3.1 5 × 1.500.000 =
        // 7.500.000; 3.2 2 × 1 × 300.000 = 600.000. Total 28.400.000.
        let appraised = try CLI.run(["appraise", ws])
        XCTAssertEqual(appraised.code, 0, appraised.stderr)
        XCTAssertTrue(appraised.stdout.contains("28.400.000 28.400.000"), appraised.stdout)

        // 2. The decision (UBND Thành phố) on Sở Tài chính's notice, with its own amounts: 1.2 cut to
        // 7.000.000, 3.2 raised to 800.000 (above the appraisal: a warning kept). Its annex's total row has no
        // line code and is skipped. Approved: 1.800.000 + 7.000.000 + 5.000.000 + 6.000.000 + 7.500.000 +
        // 800.000 = 28.100.000.
        let decision = excelFile("quyet-dinh.csv", """
            STT;Nội dung chi;Số được duyệt
            1.1;In giấy mời;1.800.000
            1.2;In tài liệu;7.000.000
            2.1;Trang trí khánh tiết;5.000.000
            2.2;Nước uống, giải khát giữa giờ;6.000.000
            3.1;Tham luận;7.500.000
            3.2;Tổ thư ký;800.000
            ;Tổng cộng;28.100.000

            """)
        let approve = try CLI.run(["approve", ws, "--decision", "2156/QĐ-UBND", "--date", "24/10/2025", "--amounts", decision,
                                   "--notice", "1234/STC-QLNS", "--notice-date", "20/10/2025"], env: prepare)
        XCTAssertEqual(approve.code, 0, approve.stderr)
        XCTAssertTrue(approve.stdout.contains("6 dòng; được duyệt 28.100.000 đồng"), approve.stdout)
        XCTAssertTrue(approve.stdout.contains("Căn cứ thông báo thẩm định số 1234/STC-QLNS ngày 20/10/2025 của Sở Tài chính."), approve.stdout)
        XCTAssertTrue(approve.stdout.contains("6 dòng, 2 dòng khác số thẩm định"), approve.stdout)
        XCTAssertTrue(approve.stdout.contains("Cảnh báo: dòng 3.2: quyết định 2156/QĐ-UBND duyệt 800.000, cao hơn số thẩm định 600.000 là 200.000"),
                      approve.stdout)

        // 3. The vouchers, saved by Excel with ";" and Vietnamese headers and values. UNC-02 is wrong
        // (7.000.000; the invoice says 6.800.000). The people paid income carry their ID ("Số định danh":
        // payee_id, issue 14; without it each is warned, REC-PAYEE-ID).
        let vouchers = excelFile("chung-tu.csv", """
            Ngày;Số chứng từ;Dòng;Loại;Người nhận;Loại đối tượng;Mã số thuế;Nội dung;Số tiền;Hình thức thanh toán;Chứng từ tạm ứng;Số định danh
            05/11/2025;UNC-01;1.1;Thanh toán;Công ty TNHH In Thăng Long;Tổ chức;0105987654;In 150 bộ giấy mời;1.800.000;Chuyển khoản;;
            10/11/2025;UNC-02;1.2;Thanh toán;Công ty TNHH In Thăng Long;Tổ chức;0105987654;In 150 cuốn tài liệu;7.000.000;Chuyển khoản;;
            12/11/2025;TU-01;2.1;Tạm ứng;Nguyễn Thị Lan;Cá nhân;;Tạm ứng mua hoa, trang trí;5.000.000;Tiền mặt;;
            20/11/2025;UNC-03;2.2;Thanh toán;Công ty CP Dịch vụ Hội nghị Hà Nội;Tổ chức;0101234567;Nước uống 150 đại biểu;6.000.000;Chuyển khoản;;
            20/11/2025;PC-01;3.1;Thanh toán;Trần Văn Minh;Cá nhân;;Tham luận số 1;1.500.000;Tiền mặt;;001058003127
            20/11/2025;PC-02;3.1;Thanh toán;Lê Thị Hoa;Cá nhân;;Tham luận số 2;1.500.000;Tiền mặt;;001171003386
            21/11/2025;TTTU-01;2.1;Thanh toán tạm ứng;Nguyễn Thị Lan;Cá nhân;;Thanh toán tạm ứng trang trí;4.850.000;Tiền mặt;TU-01;
            22/11/2025;PC-03;3.2;Thanh toán;Phạm Văn Nam;Cá nhân;;Ghi biên bản, tổng hợp;800.000;Tiền mặt;;001090011472

            """)
        let spend = ["KINHPHI_CLOCK": "2025-11-25T03:00:00Z"]
        let imported = try CLI.run(["import", ws, vouchers], env: spend)
        XCTAssertEqual(imported.code, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, "Đã nhập 8 chứng từ từ \(vouchers): bản ghi 1–8.\n")
        // A voucher dated after today is refused.
        let early = try CLI.run(["record", ws, "--date", "26/11/2025", "--line", "2.2", "--payee", "Công ty CP Dịch vụ Hội nghị Hà Nội",
                                 "--tax-code", "0101234567", "--description", "Nước uống bổ sung", "--amount", "600.000",
                                 "--method", "chuyển khoản", "--kind", "thanh toán", "--voucher-no", "UNC-04"], env: spend)
        XCTAssertEqual(early.code, 1)
        XCTAssertTrue(early.stderr.contains("REC-FUTURE-DATE"), early.stderr)

        // 4. Fifteen more delegates came: 2.2 (6.000.000, all used) needs 600.000 more. Refused before the
        // adjustment; the adjustment decision of 01/12/2025 raises 2.2 to 6.600.000 (total 28.700.000); then
        // the voucher of 02/12/2025 goes through (record 10; the adjustment is record 9).
        let later = ["KINHPHI_CLOCK": "2025-12-05T03:00:00Z"]
        let more = ["record", ws, "--date", "02/12/2025", "--line", "2.2", "--payee", "Công ty CP Dịch vụ Hội nghị Hà Nội",
                    "--tax-code", "0101234567", "--description", "Nước uống bổ sung 15 đại biểu", "--amount", "600.000",
                    "--method", "chuyển khoản", "--kind", "thanh toán", "--voucher-no", "UNC-04"]
        let refused = try CLI.run(more, env: later)
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.stderr.contains("REC-OVER-BUDGET"), refused.stderr)
        let adjustment = excelFile("dieu-chinh.csv", """
            STT;Nội dung chi;Số sau điều chỉnh
            2.2;Nước uống, giải khát giữa giờ;6.600.000

            """)
        let adjust = try CLI.run(["adjust", ws, "--decision", "3456/QĐ-UBND", "--date", "01/12/2025", "--amounts", adjustment,
                                  "--reason", "Bổ sung nước uống cho 15 đại biểu"], env: later)
        XCTAssertEqual(adjust.code, 0, adjust.stderr)
        XCTAssertTrue(adjust.stdout.contains("  dòng 2.2: 6.000.000 → 6.600.000\n"), adjust.stdout)
        XCTAssertTrue(adjust.stdout.contains("Tổng dự toán được duyệt: 28.700.000 đồng."), adjust.stdout)
        XCTAssertTrue(adjust.stdout.contains("approved-2.json") && adjust.stdout.contains("bản ghi 9 của nhật ký"), adjust.stdout)
        let accepted = try CLI.run(more, env: later)
        XCTAssertEqual(accepted.code, 0, accepted.stderr)
        XCTAssertTrue(accepted.stdout.hasPrefix("Đã ghi bản ghi 10: thanh toán 600.000 đ, dòng 2.2"), accepted.stdout)

        // 5. UNC-02 was 6.800.000: reverse it by its voucher number (record 11), record it again (record 12).
        let reverse = try CLI.run(["reverse", ws, "UNC-02", "--reason", "Sai số tiền: hóa đơn là 6.800.000 đ"], env: later)
        XCTAssertEqual(reverse.code, 0, reverse.stderr)
        XCTAssertTrue(reverse.stdout.hasPrefix("Đã ghi bản ghi 11: đảo bản ghi 2 — Sai số tiền"), reverse.stdout)
        let again = try CLI.run(["record", ws, "--date", "10/11/2025", "--line", "1.2", "--payee", "Công ty TNHH In Thăng Long",
                                 "--tax-code", "0105987654", "--description", "In 150 cuốn tài liệu", "--amount", "6.800.000",
                                 "--method", "chuyển khoản", "--kind", "thanh toán", "--voucher-no", "UNC-02"], env: later)
        XCTAssertEqual(again.code, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("Đã ghi bản ghi 12:"), again.stdout)

        // 6. Status as of 30/11/2025: the first decision only, UNC-04 (02/12) left out; 2.2 approved 6.000.000.
        let asOf = try CLI.run(["status", ws, "--as-of", "30/11/2025", "--width", "200"], env: later)
        XCTAssertEqual(asOf.code, 0, asOf.stderr)
        XCTAssertTrue(asOf.stdout.contains("Dự toán được duyệt: Quyết định số 2156/QĐ-UBND ngày 24/10/2025 · Tính đến ngày 30/11/2025"), asOf.stdout)
        XCTAssertTrue(asOf.stdout.contains("Không tính 1 chứng từ ghi ngày sau 30/11/2025."), asOf.stdout)
        let now = try CLI.run(["status", ws, "--width", "200"], env: later)
        XCTAssertTrue(now.stdout.contains("; điều chỉnh lần 1: Quyết định số 3456/QĐ-UBND ngày 01/12/2025 · Tính đến ngày 05/12/2025"), now.stdout)
        XCTAssertTrue(now.stdout.contains("DECISION-ABOVE-APPRAISAL (dòng 3.2)"), now.stdout)
        XCTAssertFalse(now.stdout.contains("SOURCE-CHANGED"), now.stdout)

        // 7. verify: clean, the adjustment's file matching its record.
        let verify = try CLI.run(["verify", ws], env: later)
        XCTAssertEqual(verify.code, 0, verify.stderr)
        XCTAssertTrue(verify.stdout.hasPrefix("nhật ký nguyên vẹn: 12 bản ghi"), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("phiên bản 2 (approved-2.json, QĐ 3456/QĐ-UBND ngày 01/12/2025) khớp SHA-256 ở bản ghi 9"), verify.stdout)

        // 8. Settle. Approved (version 2): 1.800.000 + 7.000.000 + 5.000.000 + 6.600.000 + 7.500.000 + 800.000
        // = 28.700.000. Actual: 1.800.000 + 6.800.000 + 4.850.000 (the clearing) + 6.000.000 + 600.000 +
        // 3.000.000 + 800.000 = 23.850.000. Drawn and not spent (to repay): TU-01 5.000.000 cleared at
        // 4.850.000 → 150.000. Never drawn (to cancel): 1.2 7.000.000 − 6.800.000 = 200.000 (the reversed
        // UNC-02 draws nothing), 3.1 7.500.000 − 3.000.000 = 4.500.000 → 4.700.000.
        // 23.850.000 + 150.000 + 4.700.000 = 28.700.000. Dated by default the later of today (05/12/2025)
        // and the last voucher (02/12/2025); a date before the last voucher is refused.
        XCTAssertEqual(try CLI.run(["settle", ws, "--date", "01/12/2025"], env: later).code, 2)
        let csv = tmp.file("quyet-toan.csv")
        let settle = try CLI.run(["settle", ws, "--csv", csv, "--header", "keys", "--width", "200"], env: later)
        XCTAssertEqual(settle.code, 0, settle.stderr)
        XCTAssertTrue(settle.stdout.contains("Dự toán được duyệt: Quyết định số 2156/QĐ-UBND ngày 24/10/2025; điều chỉnh lần 1: Quyết định số 3456/QĐ-UBND ngày 01/12/2025 · Năm ngân sách 2025 · Lập ngày 05/12/2025"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Tổng dự toán được duyệt: 28.700.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Tổng thực chi đề nghị quyết toán: 23.850.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Số đã rút chưa chi, phải nộp trả ngân sách: 150.000\n"), settle.stdout)
        XCTAssertTrue(settle.stdout.contains("Số dự toán chưa rút, đề nghị hủy dự toán: 4.700.000\n"), settle.stdout)
        XCTAssertFalse(settle.stdout.contains("Lưu ý:"), settle.stdout)
        let rows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: csv)).dropFirst(3), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n"))
        func col(_ k: String) throws -> Int { try XCTUnwrap(rows[0].firstIndex(of: k), k) }
        let line22 = try XCTUnwrap(rows.first { $0[try col("line")] == "2.2" })
        XCTAssertEqual([line22[try col("approved")], line22[try col("actual")]], ["6600000", "6600000"])
        let total = try XCTUnwrap(rows.first { $0[try col("line")] == "TOTAL" })
        XCTAssertEqual([total[try col("approved")], total[try col("actual")], total[try col("to_repay")], total[try col("to_cancel")]],
                       ["28700000", "23850000", "150000", "4700000"])

        // 9. The estimate edited after approval: verify exits 1 naming the file; the settlement keeps the
        // approved figures and says so.
        let estimate = ws + "/estimate.csv"
        let edited = try String(contentsOfFile: estimate, encoding: .utf8).replacingOccurrences(of: "7.500.000", with: "9.000.000")
        try edited.write(toFile: estimate, atomically: true, encoding: .utf8)
        let changed = try CLI.run(["verify", ws], env: later)
        XCTAssertEqual(changed.code, 1)
        XCTAssertEqual(changed.stdout, "")
        XCTAssertTrue(changed.stderr.hasPrefix("kinhphi: estimate.csv đã khác với lúc duyệt (approved-2.json ghi SHA-256 "), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("nhật ký nguyên vẹn: 12 bản ghi"), changed.stderr)
        let still = try CLI.run(["settle", ws, "--width", "200"], env: later)
        XCTAssertEqual(still.code, 0, still.stderr)
        XCTAssertTrue(still.stdout.contains("Lưu ý: estimate.csv đã khác với lúc duyệt (approved-2.json): quyết toán theo số của dự toán được duyệt"), still.stdout)
        XCTAssertTrue(still.stdout.contains("Tổng dự toán được duyệt: 28.700.000\n"), still.stdout)
        XCTAssertTrue(try CLI.run(["status", ws], env: later).stdout.contains("SOURCE-CHANGED"))
    }
}
