import Foundation
import XCTest
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// approve · record · import · reverse · status · verify · repair, end to end through the built `kinhphi`
/// binary: exit codes, messages, the journal byte for byte unchanged on bad input, the torn-tail path, and
/// concurrent writers.
final class JournalCommandTests: XCTestCase {
    let clock = CLI.clock

    /// A copy of the bundled conference (and its catalogue) in a temp tree; approved unless told not to.
    func workspace(approve: Bool = true) throws -> URL {
        let ws = try CLI.fixtureCopy(for: self)
        if approve { try CLI.approve(ws) }
        return ws
    }


    // MARK: The whole path on the bundled conference

    func testApproveImportStatusReverseVerify() throws {
        let ws = try workspace()
        let approved = try String(contentsOf: ws.appendingPathComponent("approved.json"), encoding: .utf8)
        XCTAssertTrue(approved.contains("\"decision_number\": \"2156/QĐ-STC\""))
        XCTAssertTrue(approved.contains("\"norms_sha256\": "))

        let i = try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock)
        XCTAssertEqual(i.code, 0, i.stderr)
        XCTAssertTrue(i.stdout.contains("Đã nhập 34 chứng từ"), i.stdout)

        // By hand from spending.csv: paid 172.140.000 of 174.080.000 (172.140.000 / 174.080.000 = 98,886… % → 98,89); 3.1 used 5.850.000 of 6.000.000; 3.3
        // 4.200.000 − 200.000 refunded = 4.000.000; every advance cleared.
        let s = try CLI.run(["status", ws.path, "--as-of", "10/01/2026"], env: clock)
        XCTAssertEqual(s.code, 0, s.stderr)
        XCTAssertTrue(s.stdout.contains("TỔNG CỘNG             174.080.000 172.140.000           0   1.940.000  98,89"), s.stdout)
        XCTAssertTrue(s.stdout.contains("Quyết định số 2156/QĐ-STC ngày 24/10/2025"))
        XCTAssertTrue(s.stdout.contains("Còn lại bằng chữ: Một triệu chín trăm bốn mươi nghìn đồng"), s.stdout)
        let csv = try CLI.run(["status", ws.path, "--format", "csv", "--lang", "en"], env: clock)
        XCTAssertTrue(csv.stdout.contains("\r\nIII. HẬU CẦN TỔ CHỨC HỘI NGHỊ,3.3,\"Hoa tươi trang trí sân khấu, bục phát biểu, bàn chủ tọa\",6657,4200000,4000000,0,200000,95.24,2,stop\r\n"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains(",TOTAL,,,174080000,172140000,0,1940000,98.89,"), csv.stdout)
        let json = try CLI.run(["status", ws.path, "--format", "json"], env: clock)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        XCTAssertEqual((obj["remaining"] as? NSNumber)?.int64Value, 1_940_000)
        XCTAssertEqual(obj["records"] as? Int, 34)   // 32 rows + the advance TU-03 on two lines (issue 14)

        // The tour's correction: the postage voucher (record 2, PC-01) was 2.106.000, not 2.160.000.
        let r = try CLI.run(["reverse", ws.path, "2", "--reason", "Sai số tiền: hóa đơn 0004512 là 2.106.000 đ"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Đã ghi bản ghi 35: đảo bản ghi 2"), r.stdout)
        let again = try CLI.run(["record", ws.path, "--date", "03/11/2025", "--line", "1.2", "--payee", "Bưu điện Trung tâm 1 Hà Nội",
                                 "--tax-code", "0106213579", "--description", "Cước chuyển phát 86 giấy mời và phiếu xác nhận tham dự",
                                 "--amount", "2.106.000", "--vat", "191.455", "--method", "cash", "--kind", "payment",
                                 "--invoice-series", "1C25BDH", "--invoice-no", "0004512", "--invoice-date", "03/11/2025", "--voucher-no", "PC-01"], env: clock)
        XCTAssertEqual(again.code, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Đã ghi bản ghi 36"), again.stdout)
        let s2 = try CLI.run(["status", ws.path, "--format", "json"], env: clock)
        let obj2 = try XCTUnwrap(JSONSerialization.jsonObject(with: s2.stdoutBytes) as? [String: Any])
        XCTAssertEqual((obj2["paid"] as? NSNumber)?.int64Value, 172_086_000)   // 172.140.000 − 2.160.000 + 2.106.000

        let v = try CLI.run(["verify", ws.path, "--lang", "en"], env: clock)
        XCTAssertEqual(v.code, 0, v.stderr)
        XCTAssertTrue(v.stdout.contains("the journal is intact: 36 records"), v.stdout)

        // An approval cannot be redone.
        let a2 = try CLI.run(["approve", ws.path, "--decision", "1/QĐ", "--date", "01/11/2025", "--policy", "warn"], env: clock)
        XCTAssertEqual(a2.code, 2)
        XCTAssertTrue(a2.stderr.contains("đã có"), a2.stderr)
    }

    func testApprovePoliciesRepeatedAndCommaSeparated() throws {
        let ws = try workspace(approve: false)
        let a = try CLI.run(["approve", ws.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--policy", "stop",
                             "--line-policy", "3.1=warn,3.3=ignore", "--line-policy", "6.1=warn"], env: clock)
        XCTAssertEqual(a.code, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("3.1=warn, 3.3=ignore, 6.1=warn"), a.stdout)
        let bad = try workspace(approve: false)
        let b = try CLI.run(["approve", bad.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--line-policy", "9.9=warn"], env: clock)
        XCTAssertEqual(b.code, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad.appendingPathComponent("approved.json").path))
    }

    // MARK: Bad input: exit 2, a clear message, the journal unchanged

    func testBadInputExitsTwoAndLeavesTheJournalUnchanged() throws {
        let ws = try workspace()
        XCTAssertEqual(try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock).code, 0)
        let before = CLI.bytes(CLI.journal(ws))
        XCTAssertFalse(before.isEmpty)

        let amount = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "1.1", "--payee", "A", "--description", "B",
                                  "--amount", "12abc", "--method", "cash", "--kind", "payment"], env: clock)
        XCTAssertEqual(amount.code, 2)
        XCTAssertTrue(amount.stderr.contains("--amount") && amount.stderr.contains("12abc"), amount.stderr)

        let missing = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "1.1", "--amount", "100"], env: clock)
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.stderr.contains("--payee"), missing.stderr)

        let badCSV = ws.appendingPathComponent("bad.csv")
        try """
            date,line,payee,description,amount,method,kind,voucher_no
            20/11/2025,2.1,A,B,100,cash,payment,X-1
            20/11/2025,2.1,A,B,"1,5",cash,payment,X-2
            32/11/2025,2.1,A,B,100,cash,payment,X-3
            20/11/2025,2.1,A,B,100,cash,payment,X-4

            """.write(to: badCSV, atomically: true, encoding: .utf8)
        let imp = try CLI.run(["import", ws.path, badCSV.path, "--lang", "en"], env: clock)
        XCTAssertEqual(imp.code, 2)
        XCTAssertTrue(imp.stderr.contains("Nothing imported: 2 problems in 4 voucher rows"), imp.stderr)
        XCTAssertTrue(imp.stderr.contains("bad.csv, line 3, column \"amount\""), imp.stderr)
        XCTAssertTrue(imp.stderr.contains("bad.csv, line 4, column \"date\""), imp.stderr)

        let notThere = try CLI.run(["import", ws.path, ws.appendingPathComponent("khong-co.csv").path], env: clock)
        XCTAssertEqual(notThere.code, 2)

        // "abc" is read as a voucher number: none carries it (a refusal, exit 1).
        let seq = try CLI.run(["reverse", ws.path, "abc", "--reason", "x"], env: clock)
        XCTAssertEqual(seq.code, 1)
        XCTAssertTrue(seq.stderr.contains("không có chứng từ số \"abc\""), seq.stderr)
        let reason = try CLI.run(["reverse", ws.path, "3"], env: clock)
        XCTAssertEqual(reason.code, 2)
        let asOf = try CLI.run(["status", ws.path, "--as-of", "2025/13/01"], env: clock)
        XCTAssertEqual(asOf.code, 2)
        let option = try CLI.run(["record", ws.path, "--colour", "red"], env: clock)
        XCTAssertEqual(option.code, 2)
        let badClock = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "1.1", "--payee", "A", "--description", "B",
                                    "--amount", "100", "--method", "cash", "--kind", "payment"], env: ["KINHPHI_CLOCK": "hôm nay"])
        XCTAssertEqual(badClock.code, 2)
        XCTAssertTrue(badClock.stderr.contains("KINHPHI_CLOCK"), badClock.stderr)

        XCTAssertEqual(CLI.bytes(CLI.journal(ws)), before, "bad input must leave the journal byte for byte unchanged")
    }

    func testRuleRefusalExitsOneAndLeavesTheJournalUnchanged() throws {
        let ws = try workspace()
        let before = CLI.bytes(CLI.journal(ws))
        // 6.000.000 in cash to a business: over the 5.000.000 cash limit.
        let r = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "3.2", "--payee", "Công ty A", "--tax-code", "0101234567",
                             "--description", "Backdrop", "--amount", "6.000.000", "--method", "cash", "--kind", "payment"], env: clock)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.contains("REC-CASH-LIMIT"), r.stderr)
        XCTAssertTrue(r.stderr.contains("TT 13/2017/TT-BTC"), r.stderr)
        let rows = ws.appendingPathComponent("over.csv")
        try "date,line,payee,description,amount,method,kind\n20/11/2025,1.1,Nguyễn Văn A,Quá dự toán,3.000.000,cash,payment\n"
            .write(to: rows, atomically: true, encoding: .utf8)
        let i = try CLI.run(["import", ws.path, rows.path], env: clock)
        XCTAssertEqual(i.code, 1)
        XCTAssertTrue(i.stderr.contains("REC-OVER-BUDGET"), i.stderr)
        XCTAssertEqual(CLI.bytes(CLI.journal(ws)), before)
    }

    func testWithoutApprovalNothingIsRecorded() throws {
        let ws = try workspace(approve: false)
        let r = try CLI.run(["status", ws.path], env: clock)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("kinhphi approve"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: CLI.journal(ws).path))
    }

    // MARK: Torn tail

    func testTornTailIsReportedAndRepaired() throws {
        let ws = try workspace()
        XCTAssertEqual(try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock).code, 0)
        let r1 = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "3.2", "--payee", "Công ty A", "--tax-code", "0101234567",
                              "--description", "x", "--amount", "0", "--method", "cash", "--kind", "payment"], env: clock)
        XCTAssertEqual(r1.code, 2)   // amount 0 is unusable
        // A record written halfway when the power went off.
        let full = CLI.bytes(CLI.journal(ws))
        let handle = try FileHandle(forWritingTo: CLI.journal(ws))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("seq=39\tat=2026-01-10T03:00:00Z\tkind=payment\tdate=2025-".utf8))
        try handle.close()
        let s = try CLI.run(["status", ws.path], env: clock)
        XCTAssertEqual(s.code, 2)
        XCTAssertTrue(s.stderr.contains("kinhphi repair"), s.stderr)
        let v = try CLI.run(["verify", ws.path, "--lang", "en"], env: clock)
        XCTAssertEqual(v.code, 1)
        XCTAssertTrue(v.stderr.contains("unfinished write"), v.stderr)
        let rep = try CLI.run(["repair", ws.path], env: clock)
        XCTAssertEqual(rep.code, 0, rep.stderr)
        XCTAssertTrue(rep.stdout.contains("journal.kp.bak-20260110T030000Z"), rep.stdout)
        XCTAssertEqual(CLI.bytes(CLI.journal(ws)), full)
        XCTAssertEqual(try CLI.run(["verify", ws.path], env: clock).code, 0)
        let nothing = try CLI.run(["repair", ws.path], env: clock)
        XCTAssertEqual(nothing.code, 0)
        XCTAssertTrue(nothing.stdout.contains("không có gì để sửa"), nothing.stdout)
    }

    func testRepairRefusesAnEditedRecord() throws {
        let ws = try workspace()
        XCTAssertEqual(try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock).code, 0)
        var text = try String(contentsOf: CLI.journal(ws), encoding: .utf8)
        text = text.replacingOccurrences(of: "amount=13600000", with: "amount=13900000")
        try text.write(to: CLI.journal(ws), atomically: true, encoding: .utf8)
        let edited = CLI.bytes(CLI.journal(ws))
        let v = try CLI.run(["verify", ws.path, "--lang", "en"], env: clock)
        XCTAssertEqual(v.code, 1)
        XCTAssertTrue(v.stderr.contains("record on line 5 of journal.kp"), v.stderr)
        let r = try CLI.run(["repair", ws.path], env: clock)
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(CLI.bytes(CLI.journal(ws)), edited)
    }

    // MARK: Concurrent writers

    func testConcurrentWritersNeitherInterleaveNorLoseRecords() throws {
        let ws = try workspace()
        // Two imports of N rows each and two loops of single records, all at once, on line 6.1 (15.000.000).
        let n = 150
        var files: [String] = []
        for w in 0..<2 {
            var text = "date,line,payee,payee_type,description,amount,method,kind,voucher_no\n"
            for i in 0..<n { text += "20/11/2025,6.1,Nguyễn Văn \(w),individual,Chi thử \(w)-\(i),1000,cash,payment,W\(w)-\(i)\n" }
            let f = ws.appendingPathComponent("w\(w).csv").path
            try text.write(toFile: f, atomically: true, encoding: .utf8)
            files.append(f)
        }
        let env = clock.merging(["KINHPHI_LOCK_TIMEOUT": "60"]) { $1 }
        var procs = try files.map { try FaultKit.spawn(["import", ws.path, $0], env: env) }
        let singles = 6
        let loops = (0..<2).map { w in
            Thread {
                for i in 0..<singles {
                    let r = try? CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "6.1", "--payee", "Trần Văn \(w)",
                                          "--description", "Chi lẻ \(w)-\(i)", "--amount", "1000", "--method", "cash", "--kind", "payment",
                                          "--voucher-no", "R\(w)-\(i)"], env: env)
                    XCTAssertEqual(r?.code, 0, r?.stderr ?? "")
                }
            }
        }
        for t in loops { t.start() }
        for p in procs { XCTAssertEqual(p.wait(), .exit(0)) }
        procs.removeAll()
        let deadline = Date().addingTimeInterval(120)
        while loops.contains(where: { !$0.isFinished }) && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(loops.contains { !$0.isFinished }, "the record loops did not finish")

        let total = 2 * n + 2 * singles
        let lines = try String(contentsOf: CLI.journal(ws), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, total)
        let seqs = lines.map { line -> Int in Int(line.split(separator: "\t")[0].dropFirst(4)) ?? -1 }
        XCTAssertEqual(seqs, Array(1...total), "seq 1…\(total) in order, no gap, no duplicate")
        let v = try CLI.run(["verify", ws.path], env: clock)
        XCTAssertEqual(v.code, 0, v.stderr)
        // Each import stays one contiguous batch.
        for w in 0..<2 {
            let mine = lines.enumerated().filter { $0.element.contains("voucher_no=W\(w)-") }.map(\.offset)
            XCTAssertEqual(mine.count, n)
            XCTAssertEqual(mine.last! - mine.first!, n - 1, "import \(w) interleaved with another writer")
        }
    }

    func testSecondWriterWaitsABoundedTimeThenFailsClearly() throws {
        let ws = try workspace()
        let lockPath = ws.appendingPathComponent("journal.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        defer { flock(fd, LOCK_UN); close(fd) }
        let start = Date()
        let r = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "6.1", "--payee", "A", "--description", "B",
                             "--amount", "1000", "--method", "cash", "--kind", "payment", "--lang", "en"],
                            env: clock.merging(["KINHPHI_LOCK_TIMEOUT": "0.3"]) { $1 })
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("another kinhphi command is writing to this workspace"), r.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: CLI.journal(ws).path))
    }
}
