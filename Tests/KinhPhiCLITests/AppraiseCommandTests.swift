import Foundation
import XCTest
import KinhPhi

/// `kinhphi appraise` end to end: whole outputs pinned by golden files, exit codes, and bad input.
final class AppraiseCommandTests: XCTestCase {
    let good = "fixtures/hoi-nghi-chuyen-gia-2025"
    let flawed = "fixtures/hoi-nghi-chuyen-gia-2025-loi"

    func testGoodFixtureTextIsPinnedAndExitsZero() throws {
        let r = try CLI.run(["appraise", good])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        CLI.assertGolden(r.stdoutBytes, "appraise-good.vi.txt")
    }

    func testGoodFixtureCSVIsPinned() throws {
        let r = try CLI.run(["appraise", good, "--format", "csv"])
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "appraise-good.vi.csv")
    }

    func testGoodFixtureEnglishTextIsPinned() throws {
        let r = try CLI.run(["appraise", good, "--lang", "en"])
        XCTAssertEqual(r.code, 0, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "appraise-good.en.txt")
    }

    func testFlawedFixtureTextIsPinnedAndExitsOne() throws {
        let r = try CLI.run(["appraise", flawed])
        XCTAssertEqual(r.code, 1, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "appraise-loi.vi.txt")
    }

    func testFlawedFixtureCSVIsPinned() throws {
        let r = try CLI.run(["appraise", flawed, "--format", "csv"])
        XCTAssertEqual(r.code, 1, r.stderr)
        CLI.assertGolden(r.stdoutBytes, "appraise-loi.vi.csv")
    }

    func test2026FixtureIsPinnedAndExitsZero() throws {
        // A training conference at a hotel, two sessions, 22/10/2026: appraised with the 2026 bases (State
        // Budget Law 2025, the PIT threshold from 01/07/2026).
        let r = try CLI.run(["appraise", "fixtures/hoi-nghi-tap-huan-2026"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("89/2025/QH15"), r.stdout)
        XCTAssertFalse(r.stdout.contains("83/2015/QH13"), r.stdout)
        XCTAssertFalse(r.stdout.contains("PIT-HONORARIUM"))            // 2 × 2.000.000 per speaker < 5.000.000
        CLI.assertGolden(r.stdoutBytes, "appraise-2026.vi.txt")
    }

    func testFlawedFixtureNamesEveryRule() throws {
        let r = try CLI.run(["appraise", flawed])
        for rule in AppraisalRules.all {
            XCTAssertTrue(r.stdout.contains(rule.id + ":"), "rule \(rule.id) does not fire on the flawed fixture")
        }
    }

    func testGoodFixtureHasWarningsButNoErrors() throws {
        let r = try CLI.run(["appraise", good, "--format", "json"])
        XCTAssertEqual(r.code, 0, r.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any])
        XCTAssertEqual(obj["errors"] as? Int, 0)
        XCTAssertGreaterThan(obj["warnings"] as? Int ?? 0, 0)
        // The JSON totals agree with the sum of its own lines (an internal-consistency check).
        let sections = try XCTUnwrap(obj["sections"] as? [[String: Any]])
        let lines = sections.flatMap { ($0["lines"] as? [[String: Any]]) ?? [] }
        let requested = lines.reduce(Int64(0)) { $0 + (($1["requested"] as? NSNumber)?.int64Value ?? 0) }
        XCTAssertEqual((obj["requested"] as? NSNumber)?.int64Value, requested)
    }

    func testWordsCommand() throws {
        let r = try CLI.run(["words", "1005000"])
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.stdout, "Một triệu không trăm linh năm nghìn đồng\n")
        let dotted = try CLI.run(["words", "1.005.000"])
        XCTAssertEqual(dotted.stdout, "Một triệu không trăm linh năm nghìn đồng\n")
        let bad = try CLI.run(["words", "12abc"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.stderr.contains("12abc"), bad.stderr)
    }

    func testUnknownOptionAndCommandExitTwo() throws {
        let r = try CLI.run(["appraise", good, "--colour"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("--colour"))
        let c = try CLI.run(["apprase", good])
        XCTAssertEqual(c.code, 2)
        XCTAssertTrue(c.stderr.contains("apprase"))
    }

    // MARK: Bad input: exit 2 and one clear message that names the place.

    /// A copy of the good fixture (and the catalogue beside it) that the test spoils.
    func spoiled(_ edit: (URL) throws -> Void) throws -> (URL, URL) {
        let ws = try CLI.fixtureCopy(for: self)
        try edit(ws)
        return (ws.deletingLastPathComponent().deletingLastPathComponent(), ws)
    }

    func replaceFirst(_ url: URL, _ old: String, _ new: String) throws {
        let s = try String(contentsOf: url, encoding: .utf8)
        let r = try XCTUnwrap(s.range(of: old), "fixture does not contain \(old)")
        try s.replacingCharacters(in: r, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func assertBadInput(_ ws: URL, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLI.run(["appraise", ws.path])
        XCTAssertEqual(r.code, 2, "stdout: \(r.stdout.prefix(200)) stderr: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one message: \(r.stderr)", file: file, line: line)
        for p in parts { XCTAssertTrue(r.stderr.contains(p), "message \(r.stderr) lacks \(p)", file: file, line: line) }
    }

    func testMalformedNumberNamesFileLineAndColumn() throws {
        let (_, ws) = try spoiled { ws in
            // Line 2 of estimate.csv is the first item line after the header (it has no quoted commas).
            var rows = try String(contentsOf: ws.appendingPathComponent("estimate.csv"), encoding: .utf8).components(separatedBy: "\n")
            var cells = rows[1].components(separatedBy: ",")
            let header = rows[0].components(separatedBy: ",")
            let col = try XCTUnwrap(header.firstIndex(of: "unit_price"))
            cells[col] = "12abc"
            rows[1] = cells.joined(separator: ",")
            try rows.joined(separator: "\n").write(to: ws.appendingPathComponent("estimate.csv"), atomically: true, encoding: .utf8)
        }
        try assertBadInput(ws, contains: ["estimate.csv", "dòng 2", "unit_price", "12abc"])
    }

    func testMissingColumn() throws {
        let (_, ws) = try spoiled { ws in try replaceFirst(ws.appendingPathComponent("estimate.csv"), "budget_code", "ma_muc") }
        try assertBadInput(ws, contains: ["estimate.csv", "dòng 1", "budget_code"])
    }

    func testUnknownNormID() throws {
        // "6.000.000,refreshments," is the amount cell followed by the norm cell of the refreshments line.
        let (_, ws) = try spoiled { ws in try replaceFirst(ws.appendingPathComponent("estimate.csv"), ",6.000.000,refreshments,", ",6.000.000,refreshment-typo,") }
        try assertBadInput(ws, contains: ["estimate.csv", "norm", "refreshment-typo"])
    }

    func testNonUTF8Bytes() throws {
        let (_, ws) = try spoiled { ws in
            var d = try Data(contentsOf: ws.appendingPathComponent("estimate.csv"))
            d.append(contentsOf: [0x0A, 0xC3, 0x28, 0x0A]) // an invalid 2-byte sequence on a new last line
            try d.write(to: ws.appendingPathComponent("estimate.csv"))
        }
        try assertBadInput(ws, contains: ["estimate.csv", "UTF-8"])
    }

    func testEmptyFile() throws {
        let (_, ws) = try spoiled { ws in try Data().write(to: ws.appendingPathComponent("conference.csv")) }
        try assertBadInput(ws, contains: ["conference.csv", "rỗng"])
    }

    func testMissingFolder() throws {
        let r = try CLI.run(["appraise", "fixtures/khong-co-thu-muc-nay"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("fixtures/khong-co-thu-muc-nay"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
    }

    func testEnglishMessages() throws {
        let r = try CLI.run(["appraise", "fixtures/no-such-folder", "--lang", "en"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.stderr.contains("workspace folder not found"), r.stderr)
    }
}
