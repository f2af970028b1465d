import Foundation
import XCTest
import KinhPhi
import TestSupport

/// `kinhphi report` and `kinhphi print <folder>… report` (issue 16) on a department's folder made once for
/// the class (`Tree`), with the real binary:
///
///   fixtures/a, fixtures/b   two copies of the bundled conference, each after the README tour (approve —
///                            decisions 1234 and 1235/QĐ-UBND —, import its spending, the postage
///                            correction): the same invoices and voucher numbers in both
///   fixtures/c               a third event of 2025 made with `init` (80 delegates, 2 sessions), approved,
///                            with a printing invoice, a paper and an advance still open
///   fixtures/d               a third copy of the tour whose journal was then edited: fails verify
///   fixtures/e               a fourth event made with `init` (60 delegates, 1 session), approved, nothing spent
///   fixtures/hoi-nghi-chuyen-gia-2025-loi   the flawed estimate, never approved (estimate only, 2025)
///   fixtures/hoi-nghi-tap-huan-2026         the 2026 training conference, never approved (budget year 2026)
///   fixtures/catalogue, fixtures/templates  not workspaces
///
/// By hand (docs/settlement-csv.md, the tour): a and b each approved 174.080.000, actual 172.086.000, to
/// repay 150.000, to cancel 1.844.000. c: approved 25.060.000 (the init estimate for 80 delegates and 2
/// sessions: 960.000 + 4.000.000 + 5.000.000 + 6.400.000 + 7.500.000 + 1.200.000), actual 960.000 + 1.500.000
/// = 2.460.000, an open advance of 3.000.000 on line 2.2, to repay 0, to cancel 25.060.000 − 2.460.000 −
/// 3.000.000 = 19.600.000.
final class ReportCommandTests: XCTestCase {
    /// 10/01/2026, and one witness for the whole tree (as a user's default witness holds every workspace of
    /// theirs), so that `report` verifies each journal against it through its one read of the witness.
    static let witness = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-year-witness-\(UUID().uuidString)")
    static let clock = CLI.clock.merging(["KINHPHI_WITNESS": witness.path]) { $1 }

    /// The folder tree above, made once (about three tours' time) and removed after the class.
    final class Tree: @unchecked Sendable {
        let root: URL
        var fixtures: URL { root.appendingPathComponent("fixtures") }
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-year-\(UUID().uuidString)")
            let fm = FileManager.default
            try fm.createDirectory(at: root.appendingPathComponent("fixtures"), withIntermediateDirectories: true)
            for name in ["catalogue", "templates", "hoi-nghi-chuyen-gia-2025-loi", "hoi-nghi-tap-huan-2026"] {
                try fm.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/\(name)"), to: fixtures.appendingPathComponent(name))
            }
            // Each copy approved by its own decision: their approved.json differ, so that nothing (the witness of
            // branch security among others) takes them for one workspace.
            for (name, decision) in [("a", "1234/QĐ-UBND"), ("b", "1235/QĐ-UBND"), ("d", "1236/QĐ-UBND")] {
                let ws = fixtures.appendingPathComponent(name)
                try fm.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025"), to: ws)
                try Tree.run(["approve", ws.path, "--decision", decision, "--date", "10/11/2025"])
                try Tree.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path])
                try Tree.run(["reverse", ws.path, "2", "--reason", "Sai số tiền: hóa đơn 0004512 là 2.106.000 đ"])
                try Tree.run(["record", ws.path, "--date", "03/11/2025", "--line", "1.2", "--payee", "Bưu điện Trung tâm 1 Hà Nội",
                              "--payee-type", "business", "--tax-code", "0106213579",
                              "--description", "Cước chuyển phát 86 giấy mời và phiếu xác nhận tham dự", "--amount", "2.106.000",
                              "--vat", "191.455", "--method", "cash", "--kind", "payment", "--invoice-series", "1C25BDH",
                              "--invoice-no", "0004512", "--invoice-date", "03/11/2025", "--voucher-no", "PC-01"])
            }
            // d: an amount edited in place after the fact.
            let dj = fixtures.appendingPathComponent("d/journal.kp")
            let text = try String(contentsOf: dj, encoding: .utf8)
            XCTAssertTrue(text.contains("amount=2040000"))
            try text.replacingOccurrences(of: "amount=2040000", with: "amount=2040001").write(to: dj, atomically: false, encoding: .utf8)

            let c = fixtures.appendingPathComponent("c"), e = fixtures.appendingPathComponent("e")
            try Tree.run(["init", c.path, "--name", "Hội thảo chuyển đổi số trong quản lý khoa học năm 2025", "--date", "12/12/2025",
                          "--delegates", "80", "--sessions", "2"])
            try Tree.run(["approve", c.path, "--decision", "2301/QĐ-UBND", "--date", "01/12/2025"])
            try Tree.run(["record", c.path, "--date", "02/12/2025", "--line", "1.1", "--payee", "Công ty TNHH In Hà Nội", "--payee-type", "business",
                          "--tax-code", "0101234567", "--description", "In 80 bộ giấy mời", "--amount", "960.000", "--vat", "71.111",
                          "--method", "transfer", "--kind", "payment", "--invoice-series", "1C25IHN", "--invoice-no", "0000045",
                          "--invoice-date", "02/12/2025", "--voucher-no", "UNC-101"])
            try Tree.run(["record", c.path, "--date", "10/12/2025", "--line", "2.2", "--payee", "Nguyễn Thị Lan", "--payee-type", "individual",
                          "--description", "Tạm ứng mua nước uống, giải khát giữa giờ", "--amount", "3.000.000", "--method", "cash",
                          "--kind", "advance", "--voucher-no", "TU-101"])
            try Tree.run(["record", c.path, "--date", "12/12/2025", "--line", "3.1", "--payee", "TS. Lê Quang Huy", "--payee-type", "individual",
                          "--description", "Thù lao tham luận bài số 01", "--amount", "1.500.000", "--method", "cash", "--kind", "payment",
                          "--voucher-no", "TL-101"])
            try Tree.run(["init", e.path, "--name", "Hội nghị sơ kết công tác quản lý khoa học năm 2025", "--date", "18/12/2025",
                          "--delegates", "60", "--sessions", "1"])
            try Tree.run(["approve", e.path, "--decision", "2350/QĐ-UBND", "--date", "05/12/2025"])
        }

        static func run(_ args: [String]) throws {
            let r = try CLI.run(args, env: ReportCommandTests.clock)
            XCTAssertEqual(r.code, 0, "\(args[0]): \(r.stdout)\(r.stderr)")
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    nonisolated(unsafe) static var shared: Tree?

    static func tree() throws -> Tree {
        if let t = shared { return t }
        let t = try Tree()
        shared = t
        return t
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: witness)
        shared?.remove()
        shared = nil
        super.tearDown()
    }

    /// `kinhphi args…` run in the tree's root, so the paths it prints are `fixtures/…`.
    func run(_ args: [String]) throws -> CLIRun {
        try CLI.run(args, cwd: try ReportCommandTests.tree().root, env: ReportCommandTests.clock)
    }

    /// An RFC 4180 file (BOM dropped), rows as dictionaries by the header's keys.
    func rows(_ url: URL) throws -> [[String: String]] {
        let bytes = try Data(contentsOf: url)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "BOM")
        let table = try RFC4180.parse(String(decoding: bytes.dropFirst(3), as: UTF8.self))
        return table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(table[0], $0)) }
    }

    static let figureKeys = ["approved", "actual", "difference", "vouchers", "drawn", "to_repay", "to_cancel", "open_advances"]

    /// The "Done when" of issue 16: the report's totals — per event, per tiểu mục, per mục and in all — equal the
    /// sums of the events' own settlements (`kinhphi settle --csv --subtotals`, read back independently), and
    /// the hand-computed figures above.
    func testTheYearIsTheSumOfTheEventsOwnSettlements() throws {
        let t = try ReportCommandTests.tree()
        let out = t.root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var settled: [String: [[String: String]]] = [:]
        for name in ["a", "b", "c", "e"] {
            let f = out.appendingPathComponent("\(name).csv")
            let r = try run(["settle", "fixtures/\(name)", "--csv", f.path, "--header", "keys", "--subtotals"] + (name == "c" ? ["--draft"] : []))
            XCTAssertEqual(r.code, 0, r.stderr)
            settled[name] = try rows(f)
        }
        let year = out.appendingPathComponent("year.csv")
        let r = try run(["report", "fixtures", "--year", "2025", "--csv", year.path, "--header", "keys"])
        XCTAssertEqual(r.code, 1, "d fails verify and a, b share invoices: " + r.stderr)
        let report = try rows(year)
        func n(_ row: [String: String]?, _ k: String) -> Int64 { Int64(row?[k] ?? "") ?? Int64.min }

        // Per event: its row is its settlement's TOTAL row.
        for name in ["a", "b", "c", "e"] {
            let mine = report.first { $0["workspace"] == "fixtures/\(name)" }
            let total = settled[name]!.first { $0["line"] == "TOTAL" }
            for k in ReportCommandTests.figureKeys { XCTAssertEqual(n(mine, k), n(total, k), "\(name) \(k)") }
        }
        // The TOTAL row is the sum of the four settlements' TOTAL rows.
        let total = report.first { $0["row"] == "TOTAL" }
        for k in ReportCommandTests.figureKeys {
            let sum = ["a", "b", "c", "e"].map { n(settled[$0]!.first { $0["line"] == "TOTAL" }, k) }.reduce(0, +)
            XCTAssertEqual(n(total, k), sum, k)
        }
        // Per tiểu mục and per mục: the sums of the settlements' SUBTOTAL rows.
        var byCode: [String: [String: Int64]] = [:], byGroup: [String: [String: Int64]] = [:]
        for name in ["a", "b", "c", "e"] {
            for row in settled[name]! where row["line"] == "SUBTOTAL" {
                for k in ReportCommandTests.figureKeys {
                    byCode[row["budget_code"]!, default: [:]][k, default: 0] += n(row, k)
                    byGroup[row["budget_group"]!, default: [:]][k, default: 0] += n(row, k)
                }
            }
        }
        let subtotals = report.filter { $0["row"] == "SUBTOTAL" }, groups = report.filter { $0["row"] == "GROUP" }
        XCTAssertEqual(Set(subtotals.map { $0["budget_code"]! }), Set(byCode.keys))
        XCTAssertEqual(Set(groups.map { $0["budget_group"]! }), Set(byGroup.keys))
        for row in subtotals { for k in ReportCommandTests.figureKeys { XCTAssertEqual(n(row, k), byCode[row["budget_code"]!]![k], "\(row["budget_code"]!) \(k)") } }
        for row in groups { for k in ReportCommandTests.figureKeys { XCTAssertEqual(n(row, k), byGroup[row["budget_group"]!]![k], "\(row["budget_group"]!) \(k)") } }
        // And by hand: a + b + c + e.
        XCTAssertEqual(n(total, "approved"), 2 * 174_080_000 + 25_060_000 + n(report.first { $0["workspace"] == "fixtures/e" }, "approved"))
        XCTAssertEqual(n(total, "actual"), 2 * 172_086_000 + 2_460_000)
        XCTAssertEqual(n(total, "to_repay"), 2 * 150_000)
        XCTAssertEqual(n(report.first { $0["workspace"] == "fixtures/c" }, "open_advances"), 3_000_000)
        XCTAssertEqual(n(report.first { $0["workspace"] == "fixtures/c" }, "to_cancel"), 19_600_000)
        // The loi estimate is an event with no figures; d is left out; the 2026 event is not of this year.
        let loi = report.first { $0["workspace"] == "fixtures/hoi-nghi-chuyen-gia-2025-loi" }
        XCTAssertEqual(loi?["state"], "estimate")
        XCTAssertEqual(n(loi, "approved"), 0)
        XCTAssertEqual(report.filter { $0["row"] == "EXCLUDED" }.map { $0["workspace"] }, ["fixtures/d"])
        XCTAssertNil(report.first { $0["workspace"] == "fixtures/hoi-nghi-tap-huan-2026" })
    }

    /// Every invoice and every voucher number the two copies share is reported, naming both events and records;
    /// nothing of c or e is; the same person paid on the same day for a paper or the minutes is, the member of
    /// staff who cleared an advance for refreshments is not.
    func testEveryInvoiceAndVoucherNumberTheCopiesShareIsReported() throws {
        let r = try run(["report", "fixtures", "--year", "2025", "--format", "json"])
        XCTAssertEqual(r.code, 1)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        func keys(_ kind: String) -> [String] { findings.filter { $0["kind"] as? String == kind }.compactMap { $0["key"] as? String } }
        // From the bundled spending.csv, read independently: every voucher number; every invoice of a payment
        // or a clearing (seller's tax code · series · number as written).
        let csv = try RFC4180.parse(String(decoding: try Data(contentsOf: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025/spending.csv")), as: UTF8.self))
        let head = csv[0], body = csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(head, $0)) }
        let numbers = Set(body.compactMap { $0["voucher_no"] }.filter { !$0.isEmpty })
        let invoices = Set(body.filter { ["payment", "clearing"].contains($0["kind"]) && !($0["invoice_no"] ?? "").isEmpty }
                            .map { "\($0["tax_code"]!) · \($0["invoice_series"]!) · \($0["invoice_no"]!)" })
        XCTAssertEqual(numbers.count, 32)
        XCTAssertEqual(Set(keys("voucher-number")), numbers)
        XCTAssertEqual(keys("voucher-number").count, numbers.count, "each once")
        XCTAssertEqual(Set(keys("invoice")), invoices)
        XCTAssertEqual(keys("invoice").count, invoices.count)
        for f in findings {
            let occ = try XCTUnwrap(f["occurrences"] as? [[String: Any]])
            XCTAssertEqual(occ.compactMap { $0["workspace"] as? String }, ["fixtures/a", "fixtures/b"], "\(f["key"] ?? "")")
            XCTAssertEqual(Set(occ.compactMap { $0["seq"] as? Int }).count, 1, "the same record in each copy")
        }
        // PC-01 was corrected: the record still in force is 36 (34 imported + the reversal), not the reversed 2.
        let pc01 = findings.first { $0["kind"] as? String == "voucher-number" && $0["key"] as? String == "PC-01" }
        XCTAssertEqual((pc01?["occurrences"] as? [[String: Any]])?.compactMap { $0["seq"] as? Int }, [36, 36])
        let people = keys("person-day")
        XCTAssertTrue(people.contains("GS.TS. Trần Văn Minh · 20/11/2025"))
        XCTAssertTrue(people.contains("Nguyễn Hoàng Nam · 20/11/2025"))
        XCTAssertFalse(people.contains { $0.hasPrefix("Nguyễn Thị Lan") }, "an advance cleared for refreshments is not paid work")
        XCTAssertEqual(findings.filter { $0["kind"] as? String == "invoice" }.compactMap { $0["severity"] as? String }.first, "error")
    }

    func testABrokenWorkspaceIsListedAndLeftOut() throws {
        let r = try run(["report", "fixtures", "--year", "2025"])
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stdout.contains("V. HỒ SƠ KHÔNG TÍNH VÀO TỔNG\n- fixtures/d · Hội nghị gặp mặt"), r.stdout)
        let flat = r.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(flat.contains("nhật ký không qua kiểm tra — nhật ký hỏng — bản ghi ở dòng 1 của journal.kp: hash không khớp nội dung"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\n     fixtures/d "), "d is not among the events")
        // Only d's journal differs from a's; reported over a alone and over a with d, the totals are a's.
        let alone = try run(["report", "fixtures/a", "--format", "csv", "--header", "keys"])
        let withD = try run(["report", "fixtures/a", "fixtures/d", "--format", "csv", "--header", "keys"])
        XCTAssertEqual(alone.code, 0, alone.stderr)
        XCTAssertEqual(withD.code, 1)
        func totalRow(_ s: String) -> Substring? { s.split(separator: "\r\n").first { $0.hasPrefix("TOTAL,") } }
        XCTAssertEqual(totalRow(alone.stdout), totalRow(withD.stdout))
    }

    /// A journal rewritten with every hash recomputed (what `sha256sum` lets anyone do) verifies by its chain
    /// alone; the shared witness catches it, and the report leaves it out — while an untouched copy of the same
    /// event, in another folder, is counted.
    func testAJournalRewrittenWithItsHashesIsLeftOutByTheWitness() throws {
        let t = try ReportCommandTests.tree()
        let fm = FileManager.default
        let dir = t.root.appendingPathComponent("viet-lai")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["a", "f"] { try fm.copyItem(at: t.fixtures.appendingPathComponent("a"), to: dir.appendingPathComponent(name)) }
        try Forgery.rechain(dir.appendingPathComponent("f")) { lines in
            guard let i = lines.firstIndex(where: { $0.contains("amount=2040000") }) else { return XCTFail("no such record") }
            lines[i] = lines[i].replacingOccurrences(of: "amount=2040000", with: "amount=2040001")
        }
        let chainOnly = try CLI.run(["verify", dir.appendingPathComponent("f").path],
                                    env: CLI.clock.merging(["KINHPHI_WITNESS": t.root.appendingPathComponent("empty.witness").path]) { $1 })
        XCTAssertEqual(chainOnly.code, 0, "the chain alone holds: \(chainOnly.stdout)\(chainOnly.stderr)")
        let r = try run(["report", "viet-lai", "--year", "2025", "--format", "csv", "--header", "keys"])
        XCTAssertEqual(r.code, 1, r.stderr)
        let rows = r.stdout.split(separator: "\r\n").map(String.init)
        XCTAssertTrue(rows.contains { $0.hasPrefix("EXCLUDED,viet-lai/f,") && $0.contains("witness") || $0.hasPrefix("EXCLUDED,viet-lai/f,") && $0.contains("chứng kiến") },
                      r.stdout)
        XCTAssertTrue(rows.contains { $0.hasPrefix("1,viet-lai/a,") }, r.stdout)
        XCTAssertFalse(rows.contains { $0.hasPrefix("2,") }, "f is not among the events: \(r.stdout)")
        let text = try run(["report", "viet-lai", "--year", "2025"])
        XCTAssertTrue(text.stdout.contains("- viet-lai/f"), text.stdout)
        try? fm.removeItem(at: dir)
    }

    /// The CSV and the A4 document are never written over a file of a workspace reported (issue 11's output
    /// paths): refused, exit 2, the file unchanged; another file is written.
    func testTheOutputsAreNeverAWorkspacesFiles() throws {
        let root = try ReportCommandTests.tree().fixtures
        for (args, file) in [(["report", "fixtures", "--year", "2025", "--csv", "fixtures/b/journal.kp"], "b/journal.kp"),
                             (["report", "fixtures", "--year", "2025", "--csv", "fixtures/c/conference.csv"], "c/conference.csv"),
                             (["print", "fixtures", "report", "--year", "2025", "--out", "fixtures/e/approved.json"], "e/approved.json")] {
            let before = try Data(contentsOf: root.appendingPathComponent(file))
            let r = try run(args)
            XCTAssertEqual(r.code, 2, "\(args): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stderr.contains("không phải chỗ ghi tệp xuất"), r.stderr)
            XCTAssertEqual(r.stdout, "")
            XCTAssertEqual(try Data(contentsOf: root.appendingPathComponent(file)), before, file)
        }
        let out = try ReportCommandTests.tree().root.appendingPathComponent("nam-2025.csv")
        XCTAssertEqual(try run(["report", "fixtures", "--year", "2025", "--csv", out.path]).code, 1, "written; d is left out")
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path))
    }

    func testTheYearIsChosenOrAskedFor() throws {
        let none = try run(["report", "fixtures"])
        XCTAssertEqual(none.code, 2)
        XCTAssertEqual(none.stderr, "kinhphi: các hồ sơ thuộc nhiều năm ngân sách (2025: 5, 2026: 1): chọn một năm bằng --year\n")
        let y2026 = try run(["report", "fixtures", "--year", "2026", "--format", "json"])
        XCTAssertEqual(y2026.code, 0, "d is of 2025: not this report's business")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: y2026.stdoutBytes) as? [String: Any])
        let events = try XCTUnwrap(json["events"] as? [[String: Any]])
        XCTAssertEqual(events.compactMap { $0["workspace"] as? String }, ["fixtures/hoi-nghi-tap-huan-2026"])
        XCTAssertEqual(events.first?["state"] as? String, "estimate")
        XCTAssertEqual(json["other_years"] as? [String: Int], ["2025": 6])
        let y2024 = try run(["report", "fixtures", "--year", "2024"])
        XCTAssertEqual(y2024.code, 0)
        XCTAssertTrue(y2024.stdout.contains("(không có hội nghị nào của năm 2024)"))
        // One workspace of one year needs no --year.
        XCTAssertEqual(try run(["report", "fixtures/a"]).code, 0)
        // Usage.
        XCTAssertEqual(try run(["report", "khong-co"]).stderr, "kinhphi: khong-co: không tìm thấy thư mục hồ sơ (workspace)\n")
        XCTAssertEqual(try run(["report", "fixtures/catalogue"]).stderr,
                       "kinhphi: không tìm thấy hồ sơ hội nghị nào (thư mục có conference.csv) trong fixtures/catalogue\n")
        XCTAssertEqual(try run(["report", "fixtures", "--year", "25"]).code, 2)
    }

    func testTheReportIsPinned() throws {
        let t = try ReportCommandTests.tree()
        let args = ["report", "fixtures", "--year", "2025", "--date", "15/02/2026"]
        let vi = try run(args + ["--pit"])
        XCTAssertEqual(vi.code, 1)
        CLI.assertGolden(vi.stdoutBytes, "report-year.vi.txt")
        let en = try run(args + ["--lang", "en", "--width", "100"])
        CLI.assertGolden(en.stdoutBytes, "report-year.en.txt")
        let csv = t.root.appendingPathComponent("year.vi.csv")
        let withCSV = try run(args + ["--csv", csv.path])
        XCTAssertTrue(withCSV.stdout.hasSuffix("Đã ghi \(csv.path) (--csv)\n"))
        CLI.assertGolden(try Data(contentsOf: csv), "report-year.vi.csv")
        CLI.assertGolden(try run(args + ["--format", "csv", "--header", "keys"]).stdoutBytes, "report-year.keys.csv")
        CLI.assertGolden(try run(args + ["--format", "json", "--pit"]).stdoutBytes, "report-year.json")
    }

    func testTheYearPrintsOnA4() throws {
        let t = try ReportCommandTests.tree()
        let doc = try run(["print", "fixtures", "report", "--year", "2025", "--date", "15/02/2026", "--out", "-"])
        XCTAssertEqual(doc.code, 1, doc.stderr)
        CLI.assertGolden(doc.stdoutBytes, "print-report.vi.html")
        for needle in ["BÁO CÁO TỔNG HỢP KINH PHÍ HỘI NGHỊ, HỘI THẢO", "Năm ngân sách 2025", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                       "Nguyễn Thị Lan", "Trần Văn Bình", "Lê Minh Hoàng", "HỒ SƠ KHÔNG TÍNH VÀO TỔNG"] {
            XCTAssertTrue(doc.stdout.contains(needle), needle)
        }
        // One folder: the default file is in it; several: --out is needed; other documents take one workspace.
        let one = try run(["print", "fixtures/a", "report"])
        XCTAssertEqual(one.code, 0, one.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: t.fixtures.appendingPathComponent("a/report.html").path))
        let two = try run(["print", "fixtures/a", "fixtures/b", "report"])
        XCTAssertEqual(two.code, 2)
        XCTAssertTrue(two.stderr.hasPrefix("kinhphi: report với nhiều thư mục cần --out <tệp>"), two.stderr)
        let estimate = try run(["print", "fixtures/a", "fixtures/b", "estimate"])
        XCTAssertEqual(estimate.code, 2)
        XCTAssertTrue(estimate.stderr.hasPrefix("kinhphi: estimate in cho một hồ sơ, có 2 thư mục"), estimate.stderr)
    }
}
