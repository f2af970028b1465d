import Foundation
import XCTest
import KinhPhi
import TestSupport

/// Issue 11 through the binary, beyond the bad-input catalogue (rows 110–145): the witness of every test run
/// stays in a temporary folder, anchors, `-` as an output, one lock for two paths to one folder, and older
/// records printed escaped. docs/threat-model.md.
final class SecurityCommandTests: XCTestCase {
    /// A workspace approved (policy ignore) and its 34 vouchers imported (32 rows, the advance TU-03 on two lines).
    func spent() throws -> URL {
        let ws = try CLI.fixtureCopy(for: self)
        try CLI.approve(ws, policy: "ignore")
        let imp = try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: CLI.clock)
        XCTAssertEqual(imp.code, 0, imp.stderr)
        return ws
    }

    func lastHash(_ ws: URL) -> String {
        let last = String(decoding: CLI.bytes(CLI.journal(ws)), as: UTF8.self).split(separator: "\n").last ?? ""
        return String(last.components(separatedBy: "\thash=").last ?? "")
    }

    func testEveryRunOfTheTestsKeepsItsWitnessInATemporaryFolder() throws {
        let home = ProcessInfo.processInfo.environment["HOME"].map { WitnessSettings.defaultPath(["HOME": $0]) } ?? nil
        let homeBefore = home.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
        let ws = try spent()
        let witness = CLI.witness(for: ws)
        XCTAssertTrue(witness.path.hasPrefix(FileManager.default.temporaryDirectory.path), witness.path)
        let lines = String(decoding: CLI.bytes(witness), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "approved, begin, done")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("kinhphi-witness=1\t") })
        if let home {
            XCTAssertEqual(homeBefore, try? FileManager.default.attributesOfItem(atPath: home)[.size] as? Int, "the user's own witness was not touched")
        }
    }

    /// The count and head hash printed by verify, as written on paper, checked later.
    func testVerifyAnchorThroughTheCLI() throws {
        let ws = try spent()
        let head = lastHash(ws)
        let ok = try CLI.run(["verify", ws.path, "--anchor", "34:" + head, "--anchor", "34:" + head.prefix(16)], env: CLI.clock)
        XCTAssertEqual(ok.code, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("hash \(head)"), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("mốc 34:\(head.prefix(16)): khớp"), ok.stdout)
        // A record voided and recorded again: the anchor on the old 34 records still holds (the prefix is
        // untouched); an anchor with a wrong hash does not.
        let rev = try CLI.run(["reverse", ws.path, "5", "--reason", "nhầm số tiền"], env: CLI.clock)
        XCTAssertEqual(rev.code, 0, rev.stderr)
        XCTAssertEqual(try CLI.run(["verify", ws.path, "--anchor", "34:" + head], env: CLI.clock).code, 0)
        let wrong = try CLI.run(["verify", ws.path, "--anchor", "33:" + head], env: CLI.clock)
        XCTAssertEqual(wrong.code, 1)
        XCTAssertTrue(wrong.stderr.contains("mốc 33:\(head): KHÔNG khớp"), wrong.stderr)
        let bad = try CLI.run(["verify", ws.path, "--anchor", "32:abc"], env: CLI.clock)
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.contains("--anchor"), bad.stderr)
    }

    /// `-` is standard output: the settlement CSV there is the file `--csv F` writes, byte for byte.
    func testSettleWritesACSVToStandardOutputForADash() throws {
        let ws = try spent()
        let file = ws.deletingLastPathComponent().appendingPathComponent("qt.csv")
        XCTAssertEqual(try CLI.run(["settle", ws.path, "--csv", file.path], env: CLI.clock).code, 0)
        let out = try CLI.run(["settle", ws.path, "--csv", "-"], env: CLI.clock)
        XCTAssertEqual(out.code, 0, out.stderr)
        XCTAssertEqual(out.stdoutBytes, CLI.bytes(file))
        let both = try CLI.run(["settle", ws.path, "--csv", "-", "--vouchers-csv", "-"], env: CLI.clock)
        XCTAssertEqual(both.code, 2)
        XCTAssertTrue(both.stderr.contains("cùng chỉ một tệp"), both.stderr)
    }

    /// Two paths to one folder (a symbolic link to it): one lock file, so a writer through one path waits
    /// for a writer through the other — here held by this process through the first path.
    func testTwoPathsToOneFolderShareOneLock() throws {
        let ws = try spent()
        let other = ws.deletingLastPathComponent().appendingPathComponent("loi-tat")
        try FileManager.default.createSymbolicLink(at: other, withDestinationURL: ws)
        let lock = try WorkspaceLock.acquire(folder: ws.path, exclusive: true, timeout: 1)
        defer { lock.release() }
        let env = CLI.clock.merging(["KINHPHI_LOCK_TIMEOUT": "0.3", "KINHPHI_WITNESS": CLI.witness(for: ws).path]) { $1 }
        let r = try CLI.run(["record", other.path, "--date", "20/11/2025", "--line", "6.1", "--payee", "An", "--description", "Nước",
                             "--amount", "1.000", "--method", "cash", "--kind", "payment"], env: env)
        XCTAssertEqual(r.code, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("đang ghi vào hồ sơ này"), r.stderr)
    }

    /// What an older record holds and new input may not (a right-to-left override: the format reads it) is
    /// printed escaped, never sent to the terminal as it is.
    func testOlderRecordsArePrintedEscaped() throws {
        let ws = try spent()
        try Forgery.rechain(ws) { lines in
            lines[1] = lines[1].replacingOccurrences(of: "payee=Bưu điện Trung tâm 1 Hà Nội", with: "payee=Bưu điện\u{202E}gnp.exe")
        }
        let ex = try CLI.run(["explain", ws.path, "1.2"], env: CLI.clock)
        XCTAssertEqual(ex.code, 0, ex.stderr)
        XCTAssertTrue(ex.stdout.contains("Bưu điện\\u{202E}gnp.exe"), ex.stdout)
        XCTAssertFalse(ex.stdout.unicodeScalars.contains { $0.value == 0x202E })
    }

    /// A record made of what a person typed stays what they typed; only the comparison key is normalised.
    func testTheJournalKeepsTheIdentifierAsTyped() throws {
        let ws = try CLI.fixtureCopy(for: self)
        try CLI.approve(ws, policy: "ignore")
        let r = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "6.1", "--payee", "An", "--description", "Nước",
                             "--amount", "1.000", "--method", "cash", "--kind", "payment", "--voucher-no", "ＰＣ－０１"], env: CLI.clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(String(decoding: CLI.bytes(CLI.journal(ws)), as: UTF8.self).contains("\tvoucher_no=ＰＣ－０１\t"))
        let again = try CLI.run(["record", ws.path, "--date", "20/11/2025", "--line", "6.1", "--payee", "An", "--description", "Nước",
                                 "--amount", "1.000", "--method", "cash", "--kind", "payment", "--voucher-no", "pc-01"], env: CLI.clock)
        XCTAssertEqual(again.code, 1)
        XCTAssertTrue(again.stderr.contains("REC-VOUCHER-NO"), again.stderr)
    }

    /// `print --out` over an input is refused like settle's outputs; the default output is still written.
    func testPrintRefusesItsInputsAsOutput() throws {
        let ws = try CLI.fixtureCopy(for: self)
        let before = CLI.bytes(ws.appendingPathComponent("estimate.csv"))
        let r = try CLI.run(["print", ws.path, "estimate", "--out", ws.appendingPathComponent("estimate.csv").path], env: CLI.clock)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("tệp dự toán (estimate.csv)"), r.stderr)
        XCTAssertEqual(CLI.bytes(ws.appendingPathComponent("estimate.csv")), before)
        let norms = ws.deletingLastPathComponent().appendingPathComponent("catalogue/norms.csv")
        let n = try CLI.run(["print", ws.path, "estimate", "--out", norms.path], env: CLI.clock)
        XCTAssertEqual(n.code, 2)
        XCTAssertTrue(n.stderr.contains("danh mục định mức"), n.stderr)
        XCTAssertEqual(try CLI.run(["print", ws.path, "estimate"], env: CLI.clock).code, 0)
    }
}
