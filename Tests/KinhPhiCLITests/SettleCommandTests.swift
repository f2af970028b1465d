import Foundation
import XCTest
import KinhPhi
import TestSupport

/// `kinhphi settle` and `explain` end to end on the bundled conference: appraise → approve → import →
/// reverse → settle → CSV. The CSV files are pinned byte for byte (BOM, CRLF, quoting) by golden files,
/// and read back with an independent RFC 4180 reader (below, not the library's) to re-add the columns.
final class SettleCommandTests: XCTestCase {
    let clock = ["KINHPHI_CLOCK": "2026-01-10T03:00:00Z"]

    /// A copy of the good fixture and the catalogue in a temp tree, approved and with the fixture's
    /// spending imported.
    func preparedWorkspace(reverse: Bool = true) throws -> URL {
        let ws = try CLI.fixtureCopy(for: self)
        let a = try CLI.run(["approve", ws.path, "--decision", "1234/QĐ-UBND", "--date", "10/11/2025"], env: clock)
        XCTAssertEqual(a.code, 0, a.stderr)
        let i = try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock)
        XCTAssertEqual(i.code, 0, i.stdout + i.stderr)
        if reverse {
            // The README tour's correction: the postage voucher (record 2, PC-01) was 2.106.000 đ, not
            // 2.160.000 — it is reversed, never edited, and recorded again.
            let r = try CLI.run(["reverse", ws.path, "2", "--reason", "Sai số tiền: hóa đơn 0004512 là 2.106.000 đ"], env: clock)
            XCTAssertEqual(r.code, 0, r.stdout + r.stderr)
            let again = try CLI.run(["record", ws.path, "--date", "03/11/2025", "--line", "1.2", "--payee", "Bưu điện Trung tâm 1 Hà Nội",
                                     "--payee-type", "business", "--tax-code", "0106213579",
                                     "--description", "Cước chuyển phát 86 giấy mời và phiếu xác nhận tham dự", "--amount", "2.106.000",
                                     "--vat", "191.455", "--method", "cash", "--kind", "payment", "--invoice-series", "1C25BDH",
                                     "--invoice-no", "0004512", "--invoice-date", "03/11/2025", "--voucher-no", "PC-01"], env: clock)
            XCTAssertEqual(again.code, 0, again.stdout + again.stderr)
        }
        return ws
    }

    func testSettlementCSVAndVoucherCSVArePinned() throws {
        let ws = try preparedWorkspace()
        let out = ws.deletingLastPathComponent()
        let s = out.appendingPathComponent("quyet-toan.csv").path, v = out.appendingPathComponent("bang-ke.csv").path
        let r = try CLI.run(["settle", ws.path, "--csv", s, "--vouchers-csv", v, "--date", "10/01/2026"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(try Data(contentsOf: URL(fileURLWithPath: s)), "settle-good.vi.csv")
        CLI.assertGolden(try Data(contentsOf: URL(fileURLWithPath: v)), "settle-good-vouchers.vi.csv")
        let k = out.appendingPathComponent("keys.csv").path, kv = out.appendingPathComponent("keys-v.csv").path
        let rk = try CLI.run(["settle", ws.path, "--csv", k, "--vouchers-csv", kv, "--header", "keys", "--date", "10/01/2026"], env: clock)
        XCTAssertEqual(rk.code, 0, rk.stderr)
        CLI.assertGolden(try Data(contentsOf: URL(fileURLWithPath: k)), "settle-good.keys.csv")
        CLI.assertGolden(try Data(contentsOf: URL(fileURLWithPath: kv)), "settle-good-vouchers.keys.csv")
        // The statement on the terminal, pinned too (the path lines name the temp folder: drop them).
        let statement = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Đã ghi ") }.joined(separator: "\n")
        CLI.assertGolden(Data(statement.utf8), "settle-good.vi.txt")
    }

    func testEnglishStatementIsPinned() throws {
        let ws = try preparedWorkspace()
        let r = try CLI.run(["settle", ws.path, "--date", "10/01/2026", "--lang", "en"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "settle-good.en.txt")
    }

    func testCSVReadBackIndependentlyAddsUp() throws {
        let ws = try preparedWorkspace()
        let out = ws.deletingLastPathComponent()
        let s = out.appendingPathComponent("s.csv").path, v = out.appendingPathComponent("v.csv").path
        let r = try CLI.run(["settle", ws.path, "--csv", s, "--vouchers-csv", v, "--header", "keys"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        let sBytes = try Data(contentsOf: URL(fileURLWithPath: s))
        XCTAssertEqual(Array(sBytes.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 BOM")
        let text = String(decoding: sBytes.dropFirst(3), as: UTF8.self)
        let rows = try RFC4180.parse(text)
        // Every record ends in CRLF (no description in this fixture holds a line break).
        XCTAssertEqual(text.components(separatedBy: "\r\n").count - 1, rows.count)
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let header = rows[0]
        for key in ["line", "description", "budget_code", "approved", "actual", "difference", "executed_pct", "vouchers"] {
            XCTAssertTrue(header.contains(key), "settlement CSV has the column \(key)")
        }
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        let body = rows.dropFirst().filter { !["TOTAL", "ANCHOR", "SUBTOTAL"].contains($0[col("line")]) }
        let total = try XCTUnwrap(rows.first { $0[col("line")] == "TOTAL" })
        // The last row is the journal's anchor: "<records>:<hash of the last record>".
        XCTAssertEqual(rows.last?[col("line")], "ANCHOR")
        XCTAssertNotNil(rows.last?[col("description")].range(of: #"^36:[0-9a-f]{64}$"#, options: .regularExpression), rows.last?.description ?? "")
        for key in ["approved", "actual", "difference", "vouchers", "drawn", "to_repay", "to_cancel", "open_advances"] {
            let sum = body.reduce(Int64(0)) { $0 + Int64($1[col(key)])! }
            XCTAssertEqual(sum, Int64(total[col(key)]), "column \(key) adds up to the TOTAL row")
        }
        for row in body {
            // difference = approved − actual on every line; percentages with a dot and two decimals.
            XCTAssertEqual(Int64(row[col("approved")])! - Int64(row[col("actual")])!, Int64(row[col("difference")])!)
            // What is left is to repay (drawn, not spent) or to cancel (never drawn): nothing else.
            XCTAssertEqual(Int64(row[col("actual")])! + Int64(row[col("to_repay")])! + Int64(row[col("to_cancel")])!, Int64(row[col("approved")])!, row[0])
            XCTAssertNotNil(row[col("executed_pct")].range(of: #"^\d+\.\d\d$"#, options: .regularExpression), row[col("executed_pct")])
        }
        // By hand (docs/settlement-csv.md): 150.000 to repay (the advance TU-01 cleared at 5.850.000), 1.844.000
        // to cancel (144.000 + 1.500.000 + 200.000), 172.086.000 actual: 174.080.000 in all.
        XCTAssertEqual(total[col("to_repay")], "150000")
        XCTAssertEqual(total[col("to_cancel")], "1844000")
        // The voucher list adds up to the settlement's actual total; net = gross − PIT on every row; in date order.
        let vText = String(decoding: try Data(contentsOf: URL(fileURLWithPath: v)).dropFirst(3), as: UTF8.self)
        let vRows = try RFC4180.parse(vText)
        func vcol(_ name: String) -> Int { vRows[0].firstIndex(of: name)! }
        let vBody = vRows.dropFirst().filter { !["TOTAL", "ANCHOR"].contains($0[0]) }
        let vTotal = try XCTUnwrap(vRows.first { $0[0] == "TOTAL" })
        XCTAssertEqual(vBody.reduce(Int64(0)) { $0 + Int64($1[vcol("gross")])! }, Int64(total[col("actual")]))
        XCTAssertEqual(Int64(vTotal[vcol("gross")]), Int64(total[col("actual")]))
        XCTAssertEqual(vBody.count, Int(total[col("vouchers")]))
        for key in ["vat", "pit", "net"] {
            XCTAssertEqual(vBody.reduce(Int64(0)) { $0 + Int64($1[vcol(key)])! }, Int64(vTotal[vcol(key)]), key)
        }
        // 9 paper fees with 300.000 withheld each, and TS. Ngô Thanh Sơn's day (paper 1.500.000 + minutes
        // 500.000 = 2.000.000 ≥ the threshold: 10 % = 200.000, withheld on the second voucher TK-04):
        // 2.700.000 + 200.000 = 2.900.000 PIT.
        XCTAssertEqual(vTotal[vcol("pit")], "2900000")
        for row in vBody { XCTAssertEqual(Int64(row[vcol("gross")])! - Int64(row[vcol("pit")])!, Int64(row[vcol("net")])!) }
        let dates = vBody.map { r -> String in let d = r[vcol("date")].split(separator: "/"); return "\(d[2])\(d[1])\(d[0])" }
        XCTAssertEqual(dates, dates.sorted(), "date order")
        XCTAssertEqual(vBody.map { Int($0[0])! }, Array(1...vBody.count))
        XCTAssertEqual(vRows.last?[0], "ANCHOR")
        XCTAssertEqual(vRows.last?[vcol("description")], rows.last?[col("description")], "the same anchor in both files")
    }

    /// `--subtotals` adds one row per tiểu mục (they add up to the total too); `--order journal` lists the
    /// vouchers as recorded (the corrected postage voucher, record 36, comes last).
    func testSubtotalRowsAndJournalOrder() throws {
        let ws = try preparedWorkspace()
        let out = ws.deletingLastPathComponent()
        let s = out.appendingPathComponent("s.csv").path, v = out.appendingPathComponent("v.csv").path
        let r = try CLI.run(["settle", ws.path, "--csv", s, "--vouchers-csv", v, "--header", "keys", "--subtotals", "--order", "journal"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        let rows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: s)).dropFirst(3), as: UTF8.self))
        func col(_ name: String) -> Int { rows[0].firstIndex(of: name)! }
        let subtotals = rows.filter { $0[col("line")] == "SUBTOTAL" }
        XCTAssertEqual(subtotals.map { $0[col("budget_code")] }, ["6603", "6606", "6651", "6652", "6657", "6699"])
        let total = try XCTUnwrap(rows.first { $0[col("line")] == "TOTAL" })
        for key in ["approved", "actual", "to_repay", "to_cancel"] {
            XCTAssertEqual(subtotals.reduce(Int64(0)) { $0 + Int64($1[col(key)])! }, Int64(total[col(key)]), key)
        }
        let vRows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: v)).dropFirst(3), as: UTF8.self))
        let seqs = vRows.dropFirst().filter { !["TOTAL", "ANCHOR"].contains($0[0]) }.map { Int($0[vRows[0].firstIndex(of: "seq")!])! }
        XCTAssertEqual(seqs, seqs.sorted())
        XCTAssertEqual(seqs.last, 36)
    }

    func testOpenAdvanceRefusesWithExitOneUnlessDraft() throws {
        let ws = try preparedWorkspace(reverse: false)
        // A new advance that is not cleared (3.1: 5.850.000 spent of 6.000.000; 100.000 more fits).
        let rec = try CLI.run(["record", ws.path, "--date", "01/12/2025", "--line", "3.1", "--payee", "Phạm Thị Hoa", "--payee-type", "individual",
                               "--description", "Tạm ứng bổ sung", "--amount", "100.000", "--method", "cash", "--kind", "advance", "--voucher-no", "TU-BS"], env: clock)
        XCTAssertEqual(rec.code, 0, rec.stdout + rec.stderr)
        let out = ws.deletingLastPathComponent().appendingPathComponent("refused.csv")
        let r = try CLI.run(["settle", ws.path, "--csv", out.path], env: clock)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.contains("TU-BS"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "no file when refused")
        let d = try CLI.run(["settle", ws.path, "--csv", out.path, "--draft"], env: clock)
        XCTAssertEqual(d.code, 0, d.stderr)
        XCTAssertTrue(d.stdout.contains("DỰ THẢO / DRAFT"))
        XCTAssertTrue(try String(contentsOf: out, encoding: .utf8).contains("DỰ THẢO / DRAFT"))
    }

    func testUnwritableOutputLeavesNoFile() throws {
        let ws = try preparedWorkspace()
        let missing = ws.deletingLastPathComponent().appendingPathComponent("khong-co/quyet-toan.csv").path
        let r = try CLI.run(["settle", ws.path, "--csv", missing], env: clock)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("khong-co/quyet-toan.csv"), r.stderr)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.deletingLastPathComponent().path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testBrokenJournalIsRefusedWithExitTwo() throws {
        let ws = try preparedWorkspace()
        let journal = ws.appendingPathComponent("journal.kp")
        var text = try String(contentsOf: journal, encoding: .utf8)
        // Edit an amount in the middle of the journal: the chain must catch it.
        let r = try XCTUnwrap(text.range(of: "2040000"))
        text.replaceSubrange(r, with: "2940000")
        try text.write(to: journal, atomically: true, encoding: .utf8)
        let s = try CLI.run(["settle", ws.path], env: clock)
        XCTAssertEqual(s.code, 2, s.stdout)
        XCTAssertEqual(s.stdout, "")
        XCTAssertFalse(s.stderr.isEmpty)
    }

    func testMissingWorkspace() throws {
        let r = try CLI.run(["settle", "fixtures/khong-co"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("fixtures/khong-co"))
    }

    func testExplainSumsToTheLinesActual() throws {
        let ws = try preparedWorkspace()
        let r = try CLI.run(["explain", ws.path, "2.1", "--lang", "en"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Total counted:"), r.stdout)
        let unknown = try CLI.run(["explain", ws.path, "9.9"], env: clock)
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.stderr.contains("9.9"))
    }
}
