import Foundation
import XCTest
import KinhPhi
import TestSupport

/// The documents drawn from the journal — `settlement`, `vouchers`, `payees`, `advance` — after the README
/// tour of the bundled conference: each pinned by golden files, and their figures cross-checked with the
/// settlement's CSV files and statement, the appraisal and the hand-computed figures below.
///
/// By hand (fixtures/hoi-nghi-chuyen-gia-2025/spending.csv, after the postage correction):
///   approved 174.080.000; actual 172.086.000 (docs/settlement-csv.md).
///   Drawn: every payment, the advance TU-01 (6.000.000, cleared at 5.850.000: 150.000 unspent) and TU-02
///   (12.500.000, cleared at 25.000.000: the clearing paid the rest), less the refund NT-01 (200.000, paid
///   back in the year) → 172.236.000 = actual + 150.000.
///   To repay (drawn, not spent) 150.000; to cancel (never drawn) 174.080.000 − 172.236.000 = 1.844.000
///   (1.2: 144.000; 2.1: 1.500.000; 3.3: 200.000). 172.086.000 + 150.000 + 1.844.000 = 174.080.000.
///   Payments to individuals: 9 papers × 3.000.000 + 1 × 1.500.000 + 4 × 500.000 + UNC-10 1.500.000 =
///   32.000.000, PIT 9 × 300.000 + 200.000 (TS. Ngô Thanh Sơn, paid 1.500.000 + 500.000 on 20/11/2025) =
///   2.900.000, net 29.100.000 (the clearing TTTU-01 is not a payment to its payee: it settles her advance).
///   The advance TU-03 (issue 14: 4.800.000 on 3.4 + 6.000.000 on 3.5, one voucher number) is cleared in full
///   by TTTU-03 on both lines (9.600.000 + 12.000.000): drawn on 3.4 and 3.5 is what was spent.
final class JournalDocumentTests: XCTestCase {
    let clock = ["KINHPHI_CLOCK": "2026-01-10T10:00:00+07:00"]

    func print(_ ws: URL, _ document: String, _ more: [String] = []) throws -> CLIRun {
        try CLI.run(["print", ws.path, document, "--out", "-"] + more, env: clock)
    }

    func testJournalDocumentsArePinned() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        let cases: [(String, [String], String)] = [
            ("settlement", [], "print-settlement.vi.html"), ("settlement", ["--lang", "en"], "print-settlement.en.html"),
            ("vouchers", [], "print-vouchers.vi.html"), ("vouchers", ["--lang", "en"], "print-vouchers.en.html"),
            ("payees", [], "print-payees.vi.html"), ("payees", ["--line", "2.2"], "print-payees-2.2.vi.html"),
            ("advance", ["--voucher", "TU-01"], "print-advance-TU-01.vi.html"), ("advance", ["--voucher", "TU-02", "--lang", "en"], "print-advance-TU-02.en.html"),
        ]
        for (document, more, golden) in cases {
            let r = try print(ws, document, more)
            XCTAssertEqual(r.code, 0, "\(document) \(more): \(r.stderr)")
            XCTAssertEqual(r.stderr, "")
            CLI.assertGolden(r.stdoutBytes, golden)
        }
    }

    /// All eight documents print for the bundled conference (the year report over this one workspace), and
    /// their figures agree with each other, with the appraisal, with `settle`'s CSV files and statement, and
    /// with the figures computed by hand above.
    func testAllDocumentsPrintAndTheirFiguresAgree() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        var html: [String: String] = [:]
        for document in DocumentKind.allCases.map(\.rawValue) {
            let r = try print(ws, document, document == "advance" ? ["--voucher", "TU-01"] : [])
            XCTAssertEqual(r.code, 0, "\(document): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), document)
            html[document] = r.stdout
        }
        XCTAssertEqual(html.count, 8)

        // settle: the CSV files (keys) and the statement.
        let out = ws.deletingLastPathComponent()
        let s = out.appendingPathComponent("s.csv").path, v = out.appendingPathComponent("v.csv").path
        let settled = try CLI.run(["settle", ws.path, "--csv", s, "--vouchers-csv", v, "--header", "keys"], env: clock)
        XCTAssertEqual(settled.code, 0, settled.stderr)
        let sRows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: s)).dropFirst(3), as: UTF8.self))
        let vRows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: v)).dropFirst(3), as: UTF8.self))
        func row(_ rows: [[String]], _ first: String) -> [String: Int64] {
            guard let r = rows.first(where: { $0[0] == first }) else { XCTFail("no \(first) row"); return [:] }
            var out: [String: Int64] = [:]
            for (k, cell) in zip(rows[0], r) { if let n = Int64(cell) { out[k] = n } }
            return out
        }
        let total = row(sRows, "TOTAL"), vTotal = row(vRows, "TOTAL")
        XCTAssertEqual(total["approved"], 174_080_000)
        XCTAssertEqual(total["actual"], 172_086_000)
        XCTAssertEqual(total["drawn"], 172_236_000)
        XCTAssertEqual(total["to_repay"], 150_000)
        XCTAssertEqual(total["to_cancel"], 1_844_000)
        XCTAssertEqual(total["actual"]! + total["to_repay"]! + total["to_cancel"]!, total["approved"])
        XCTAssertEqual(vTotal["gross"], total["actual"])
        let anchor = try XCTUnwrap(sRows.last?[2])
        XCTAssertTrue(settled.stdout.contains(anchor), "the statement prints the CSV's anchor")
        for needle in ["Tổng thực chi đề nghị quyết toán: 172.086.000", "phải nộp trả ngân sách: 150.000", "đề nghị hủy dự toán: 1.844.000",
                       "Một trăm năm mươi nghìn đồng", "Một triệu tám trăm bốn mươi tư nghìn đồng"] {
            XCTAssertTrue(settled.stdout.contains(needle), needle)
        }

        // The appraisal's appraised total is the settlement's approved total.
        XCTAssertEqual(dong(rowCells(html["appraisal"]!, startingWith: "TỔNG CỘNG")[2]), total["approved"])
        // status: the same paid total as actual, and nothing left open.
        let status = try CLI.run(["status", ws.path], env: clock)
        XCTAssertTrue(status.stdout.contains("174.080.000 172.086.000           0   1.994.000"), status.stdout)

        // settlement: the total row (approved, actual, drawn, to repay, to cancel), the words, the anchor.
        let settlement = html["settlement"]!
        let t = rowCells(settlement, startingWith: "TỔNG CỘNG").dropFirst().prefix(5).map(dong)
        XCTAssertEqual(t, [total["approved"], total["actual"], total["drawn"], total["to_repay"], total["to_cancel"]].map { $0! })
        for words in ["Một trăm năm mươi nghìn đồng", "Một triệu tám trăm bốn mươi tư nghìn đồng",
                      "Một trăm bảy mươi hai triệu không trăm tám mươi sáu nghìn đồng"] {
            XCTAssertTrue(settlement.contains(words), words)
        }
        XCTAssertTrue(settlement.contains("172.086.000 + 150.000 + 1.844.000 = 174.080.000"))
        // Per line: the settlement CSV's line rows and the document's rows agree.
        for r in sRows.dropFirst() where !["TOTAL", "ANCHOR", "SUBTOTAL"].contains(r[0]) {
            let cells = rowCells(settlement, startingWith: r[0])
            let csv = row(sRows, r[0])
            XCTAssertEqual(Array(cells[3...7].map(dong)), [csv["approved"], csv["actual"], csv["drawn"], csv["to_repay"], csv["to_cancel"]].map { $0! }, r[0])
        }

        // report (the year of this one workspace): approved, actual, open advances, to repay, to cancel.
        let year = rowCells(html["report"]!, startingWith: "TỔNG CỘNG").dropFirst().prefix(5).map(dong)
        XCTAssertEqual(year, [total["approved"], total["actual"], 0, total["to_repay"], total["to_cancel"]].map { $0! })

        // vouchers: as many rows as the CSV, the same totals (gross, VAT, PIT, net).
        let vouchers = html["vouchers"]!
        let vt = rowCells(vouchers, startingWith: "TỔNG CỘNG (30 chứng từ)").dropFirst().prefix(4).map(dong)
        XCTAssertEqual(vt, [vTotal["gross"], vTotal["vat"], vTotal["pit"], vTotal["net"]].map { $0! })
        for r in vRows.dropFirst() where !["TOTAL", "ANCHOR"].contains(r[0]) {
            let cells = rowCells(vouchers, startingWith: r[0])
            XCTAssertEqual(cells[1], r[1], "voucher no of row \(r[0])")
            XCTAssertEqual(dong(cells[7]), Int64(r[12]), "gross of row \(r[0])")
        }

        // payees: the payments to individuals, by hand.
        let payees = rowCells(html["payees"]!, startingWith: "TỔNG CỘNG (15 người nhận)").dropFirst().prefix(3).map(dong)
        // 10 paper fees 28.500.000 + 4 minutes 2.000.000 + the report 1.500.000 = 32.000.000; PIT 9 × 300.000 +
        // 200.000 (TS. Ngô Thanh Sơn's day: 1.500.000 + 500.000 reaches 2.000.000) = 2.900.000; net 29.100.000.
        XCTAssertEqual(payees, [32_000_000, 2_900_000, 29_100_000])
        XCTAssertTrue(html["payees"]!.contains("Hai mươi chín triệu một trăm nghìn đồng"))

        // advance TU-01: 6.000.000 advanced, 5.850.000 spent, 150.000 unspent = the settlement's to repay.
        let advance = html["advance"]!
        XCTAssertEqual(dong(rowCells(advance, startingWith: "I. Số tiền tạm ứng")[1]), 6_000_000)
        XCTAssertEqual(dong(rowCells(advance, startingWith: "II. Số tiền đã chi")[1]), 5_850_000)
        XCTAssertEqual(dong(rowCells(advance, startingWith: "1. Số tạm ứng chi không hết (I − II)")[1]), total["to_repay"])
        XCTAssertTrue(advance.contains("Sáu triệu đồng"))

        // Every document made from the journal carries the same anchor.
        for document in ["settlement", "vouchers", "payees", "advance"] {
            XCTAssertTrue(html[document]!.contains(anchor), "\(document) carries the anchor \(anchor)")
        }
    }

    /// The budget classification the finance office files by is printed on the settlement when
    /// conference.csv gives it, each part only when given (test values, not the unit's real codes).
    func testTheSettlementPrintsTheBudgetClassificationGiven() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock, conferenceRows: "budget_unit_code,1234567\nbudget_chapter,417\nbudget_source,13\n")
        let html = try print(ws, "settlement").stdout
        XCTAssertTrue(html.contains("<p class=\"facts\">Mã ĐVQHNS: 1234567 · Chương: 417 · Mã nguồn: 13</p>"), html)
        XCTAssertFalse(html.contains("Loại – khoản"))
        let en = try print(ws, "settlement", ["--lang", "en"]).stdout
        XCTAssertTrue(en.contains("Budget relation code: 1234567 · Chapter: 417 · Funding source code: 13"))
        // Without them (the bundled conference), no classification line at all.
        let plain = try print(try CLI.touredWorkspace(for: self, env: clock), "settlement").stdout
        XCTAssertFalse(plain.contains("Mã ĐVQHNS"))
    }

    func testFailuresNameTheirCause() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        let none = try print(ws, "advance", ["--voucher", "TU-99"])
        XCTAssertEqual(none.code, 2)
        XCTAssertTrue(none.stderr.contains("TU-99"), none.stderr)
        let missing = try print(ws, "advance")
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stderr.contains("--voucher"), missing.stderr)
        let line = try print(ws, "payees", ["--line", "9.9"])
        XCTAssertEqual(line.code, 2)
        XCTAssertTrue(line.stderr.contains("9.9"), line.stderr)
        // The advance's own clearing number finds it too.
        XCTAssertEqual(try print(ws, "advance", ["--voucher", "tttu-01"]).code, 0)
        // An open advance: the settlement is refused (exit 1) unless --draft, which marks it.
        let rec = try CLI.run(["record", ws.path, "--date", "01/12/2025", "--line", "3.1", "--payee", "Phạm Thị Hoa", "--payee-type", "individual",
                               "--description", "Tạm ứng bổ sung", "--amount", "100.000", "--method", "cash", "--kind", "advance", "--voucher-no", "TU-BS"], env: clock)
        XCTAssertEqual(rec.code, 0, rec.stdout + rec.stderr)
        XCTAssertEqual(try print(ws, "settlement").code, 1)
        let draft = try print(ws, "settlement", ["--draft"])
        XCTAssertEqual(draft.code, 0, draft.stderr)
        XCTAssertTrue(draft.stdout.contains("DỰ THẢO"))
        // Its advance request prints, with no clearing page yet.
        let open = try print(ws, "advance", ["--voucher", "TU-BS"])
        XCTAssertEqual(open.code, 0, open.stderr)
        XCTAssertFalse(open.stdout.contains("GIẤY THANH TOÁN TẠM ỨNG"))
        // A journal that fails verify is never printed from.
        let journal = ws.appendingPathComponent("journal.kp")
        var text = try String(contentsOf: journal, encoding: .utf8)
        text.replaceSubrange(try XCTUnwrap(text.range(of: "2040000")), with: "2940000")
        try text.write(to: journal, atomically: true, encoding: .utf8)
        let broken = try print(ws, "vouchers")
        XCTAssertEqual(broken.code, 2)
        XCTAssertEqual(broken.stdout, "")
    }

    // MARK: helpers

    /// The text of each cell of the first table row whose first cell is `first` (tags removed).
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
}
