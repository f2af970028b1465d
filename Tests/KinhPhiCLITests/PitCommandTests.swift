import Foundation
import XCTest
import KinhPhi
import TestSupport

/// `kinhphi pit` (issue 14) end to end on the README tour of the bundled conference: the register of income
/// paid to individuals and the PIT withheld, as text (Vietnamese, English) and CSV (Vietnamese titles, keys),
/// pinned byte for byte by golden files, read back with the independent RFC 4180 reader and checked against
/// figures computed by hand from fixtures/hoi-nghi-chuyen-gia-2025/spending.csv and against the journal's
/// own PIT total (the voucher list's PIT column, written by `settle`).
///
/// By hand (the tour: spending.csv imported, PC-01 reversed and recorded again — a business, not in here):
///   TL-01…TL-09: nine people × 3.000.000, PIT 300.000 each          27.000.000   2.700.000
///   TL-10 + TK-04: TS. Ngô Thanh Sơn, 1.500.000 + 500.000 on 20/11/2025 = 2.000.000 ≥ 2.000.000 (the 2025
///     threshold): 10 % of the day = 200.000, withheld on TK-04         2.000.000     200.000
///   TK-01…TK-03: three people × 500.000                                 1.500.000           0
///   UNC-10 (08/01/2026): TS. Lê Quang Huy (also TL-03), 1.500.000 < threshold 1.500.000           0
///   ─────────────────────────────────────────────────────────────────────────────────────────────────
///   13 people, 15 payments                                              32.000.000   2.900.000, net 29.100.000
///   --year 2025: 13 people, 14 payments, 30.500.000, PIT 2.900.000; --year 2026: 1 person, 1.500.000, PIT 0.
///   Not in the register: Nguyễn Thị Lan (staff; her clearing settles goods bought for the unit), businesses.
final class PitCommandTests: XCTestCase {
    let clock = ["KINHPHI_CLOCK": "2026-01-10T03:00:00Z"]

    func testTheRegisterIsPinnedAndAddsUpByHand() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        let out = ws.deletingLastPathComponent()
        let csvVi = out.appendingPathComponent("thue-tncn.csv").path, csvKeys = out.appendingPathComponent("pit-keys.csv").path
        let vi = try CLI.run(["pit", ws.path, "--csv", csvVi], env: clock)
        XCTAssertEqual(vi.code, 0, vi.stderr)
        XCTAssertTrue(vi.stdout.hasSuffix("Đã ghi \(csvVi) (--csv)\n"), vi.stdout)
        CLI.assertGolden(Data(vi.stdout.replacingOccurrences(of: "Đã ghi \(csvVi) (--csv)\n", with: "").utf8), "pit-good.vi.txt")
        let en = try CLI.run(["pit", ws.path, "--lang", "en", "--csv", csvKeys, "--header", "keys"], env: clock)
        XCTAssertEqual(en.code, 0, en.stderr)
        CLI.assertGolden(Data(en.stdout.replacingOccurrences(of: "Wrote \(csvKeys) (--csv)\n", with: "").utf8), "pit-good.en.txt")
        let viBytes = try Data(contentsOf: URL(fileURLWithPath: csvVi)), keyBytes = try Data(contentsOf: URL(fileURLWithPath: csvKeys))
        CLI.assertGolden(viBytes, "pit-good.vi.csv")
        CLI.assertGolden(keyBytes, "pit-good.keys.csv")

        // The CSV conventions of the settlement CSV: BOM, CRLF after every record, integer amounts.
        XCTAssertEqual(Array(keyBytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: keyBytes.dropFirst(3), as: UTF8.self)
        let rows = try RFC4180.parse(text)
        XCTAssertEqual(text.components(separatedBy: "\r\n").count - 1, rows.count)
        func col(_ name: String) -> Int { rows[0].firstIndex(of: name)! }
        let people = rows.dropFirst().filter { !["TOTAL", "ANCHOR"].contains($0[0]) }
        let total = try XCTUnwrap(rows.first { $0[0] == "TOTAL" })
        XCTAssertEqual(people.count, 13)
        XCTAssertEqual(total[col("gross")], "32000000")
        XCTAssertEqual(total[col("pit")], "2900000")
        XCTAssertEqual(total[col("net")], "29100000")
        XCTAssertEqual(total[col("payments")], "15")
        for key in ["gross", "pit", "net", "payments"] {
            XCTAssertEqual(people.reduce(Int64(0)) { $0 + Int64($1[col(key)])! }, Int64(total[col(key)]), key)
        }
        for p in people {
            XCTAssertNotNil(p[col("gross")].range(of: #"^\d+$"#, options: .regularExpression), "integer amounts")
            XCTAssertEqual(Int64(p[col("gross")])! - Int64(p[col("pit")])!, Int64(p[col("net")])!)
        }
        // The person paid twice on one day: one row, both vouchers, the day's 10 %.
        let son = try XCTUnwrap(people.first { $0[col("name")] == "TS. Ngô Thanh Sơn" })
        XCTAssertEqual([son[col("payee_id")], son[col("gross")], son[col("pit")], son[col("payments")]], ["001084002608", "2000000", "200000", "2"])
        XCTAssertTrue(son[col("vouchers")].contains("TL-10") && son[col("vouchers")].contains("TK-04"), son[col("vouchers")])
        XCTAssertFalse(people.contains { $0[col("name")] == "Nguyễn Thị Lan" }, "a staff member's clearing of goods is not income")
        XCTAssertEqual(rows.last?[0], "ANCHOR")
        XCTAssertNotNil(rows.last?[2].range(of: #"^36:[0-9a-f]{64}$"#, options: .regularExpression))

        // The totals equal the journal's: the voucher list's PIT column (every effective voucher) adds up to
        // the register's PIT.
        let vouchers = out.appendingPathComponent("bang-ke.csv").path
        let settle = try CLI.run(["settle", ws.path, "--vouchers-csv", vouchers, "--header", "keys"], env: clock)
        XCTAssertEqual(settle.code, 0, settle.stderr)
        let vRows = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: vouchers)).dropFirst(3), as: UTF8.self))
        let vTotal = try XCTUnwrap(vRows.first { $0[0] == "TOTAL" })
        XCTAssertEqual(vTotal[vRows[0].firstIndex(of: "pit")!], total[col("pit")])
        XCTAssertTrue(vi.stdout.contains("Khớp với tổng thuế TNCN khấu trừ trong nhật ký: 2.900.000."), vi.stdout)
        XCTAssertTrue(vi.stdout.contains("Bằng chữ: Hai triệu chín trăm nghìn đồng"), vi.stdout)
    }

    func testYearKeepsThePaymentsOfThatYear() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        let out = ws.deletingLastPathComponent()
        func register(_ year: String) throws -> [[String]] {
            let path = out.appendingPathComponent("pit-\(year).csv").path
            let r = try CLI.run(["pit", ws.path, "--year", year, "--csv", path, "--header", "keys"], env: clock)
            XCTAssertEqual(r.code, 0, r.stderr)
            return try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).dropFirst(3), as: UTF8.self))
        }
        // 2025: 27.000.000 + 2.000.000 + 1.500.000 = 30.500.000, 14 payments; 2026: UNC-10 alone.
        let y25 = try register("2025"), y26 = try register("2026")
        let t25 = try XCTUnwrap(y25.first { $0[0] == "TOTAL" }), t26 = try XCTUnwrap(y26.first { $0[0] == "TOTAL" })
        XCTAssertEqual([t25[4], t25[5], t25[7]], ["30500000", "2900000", "14"])
        XCTAssertEqual([t26[4], t26[5], t26[7]], ["1500000", "0", "1"])
        XCTAssertEqual(y26.dropFirst().filter { !["TOTAL", "ANCHOR"].contains($0[0]) }.map { $0[2] }, ["TS. Lê Quang Huy"])
    }

    func testFailuresWriteNothing() throws {
        let ws = try CLI.fixtureCopy(for: self)
        let unapproved = try CLI.run(["pit", ws.path], env: clock)
        XCTAssertEqual(unapproved.code, 2)
        XCTAssertTrue(unapproved.stdout.isEmpty)
        XCTAssertTrue(unapproved.stderr.hasPrefix("kinhphi: "), unapproved.stderr)
        let toured = try CLI.touredWorkspace(for: self, env: clock)
        let missing = toured.deletingLastPathComponent().appendingPathComponent("khong-co/pit.csv").path
        let r = try CLI.run(["pit", toured.path, "--csv", missing], env: clock)
        XCTAssertEqual(r.code, 2, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        // Never over the workspace's own files (OutputPaths, issue 11).
        let journal = toured.appendingPathComponent("journal.kp")
        let before = try Data(contentsOf: journal)
        let over = try CLI.run(["pit", toured.path, "--csv", journal.path], env: clock)
        XCTAssertEqual(over.code, 2, over.stderr)
        XCTAssertTrue(over.stderr.contains("journal.kp"), over.stderr)
        XCTAssertEqual(try Data(contentsOf: journal), before)
    }

    /// `--csv -` writes the CSV alone on standard output: the same bytes as the file.
    func testCSVToStandardOutput() throws {
        let ws = try CLI.touredWorkspace(for: self, env: clock)
        let r = try CLI.run(["pit", ws.path, "--csv", "-", "--header", "keys", "--lang", "en"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "pit-good.keys.csv")
    }
}
