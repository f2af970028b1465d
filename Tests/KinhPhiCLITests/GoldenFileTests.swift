import Foundation
import XCTest
import TestSupport

/// The golden-file comparison itself (`Golden` in CLIHarness.swift), on files in a scratch folder: a
/// comparison passes only on identical bytes; update mode (KINHPHI_UPDATE_GOLDEN=1) rewrites what differs,
/// says which files it rewrote, and never passes; a file it cannot write is a failure with the reason.
final class GoldenFileTests: XCTestCase {
    var dir: TempDir!
    override func setUp() { dir = TempDir() }
    override func tearDown() { dir.remove() }

    func url(_ name: String) -> URL { dir.url.appendingPathComponent(name) }

    func testComparingPassesOnlyOnTheSameBytes() throws {
        dir.write("a.txt", "dòng 1\ndòng 2\n")
        XCTAssertEqual(Golden.check(Data("dòng 1\ndòng 2\n".utf8), at: url("a.txt"), update: false), .same)
        XCTAssertNil(Golden.Outcome.same.failure("a.txt"))

        let differs = Golden.check(Data("dòng 1\ndòng hai\n".utf8), at: url("a.txt"), update: false)
        XCTAssertEqual(differs, .differs(line: 2, expected: "dòng 2", actual: "dòng hai"))
        XCTAssertEqual(differs.failure("a.txt"), """
            output differs from golden file a.txt at line 2:
              expected: dòng 2
              actual:   dòng hai
            """)
        // One more line at the end: the difference is at line 3, where the golden file has ended ("").
        XCTAssertEqual(Golden.check(Data("dòng 1\ndòng 2\nthêm\n".utf8), at: url("a.txt"), update: false),
                       .differs(line: 3, expected: "", actual: "thêm"))

        let missing = Golden.check(Data("x".utf8), at: url("none.txt"), update: false)
        XCTAssertEqual(missing, .missing)
        XCTAssertNotNil(missing.failure("none.txt"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: url("none.txt").path), "comparing never writes")
    }

    func testUpdateModeRewritesWhatDiffersAndNeverPasses() throws {
        dir.write("a.txt", "cũ\n")
        let rewrote = Golden.check(Data("mới\n".utf8), at: url("a.txt"), update: true)
        XCTAssertEqual(rewrote, .rewrote)
        XCTAssertEqual(try Data(contentsOf: url("a.txt")), Data("mới\n".utf8), "the golden file holds the new output")
        XCTAssertEqual(rewrote.failure("a.txt"),
                       "KINHPHI_UPDATE_GOLDEN=1: rewrote golden file a.txt; review the diff (git diff Tests/KinhPhiCLITests/Golden) and run again without KINHPHI_UPDATE_GOLDEN — an update run never passes")

        // The same bytes: nothing written (the modification time stays), and still a failure.
        let before = try FileManager.default.attributesOfItem(atPath: url("a.txt").path)[.modificationDate] as? Date
        let unchanged = Golden.check(Data("mới\n".utf8), at: url("a.txt"), update: true)
        XCTAssertEqual(unchanged, .unchanged)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: url("a.txt").path)[.modificationDate] as? Date, before)
        XCTAssertNotNil(unchanged.failure("a.txt"))

        // A missing golden file (and its folder) is written.
        let created = Golden.check(Data("mới\n".utf8), at: url("sub/b.txt"), update: true)
        XCTAssertEqual(created, .rewrote)
        XCTAssertEqual(try Data(contentsOf: url("sub/b.txt")), Data("mới\n".utf8))
    }

    func testAGoldenFileThatCannotBeWrittenIsAFailureWithTheReason() throws {
        // A regular file where the golden folder should be: no write can succeed (not even as root).
        dir.write("not-a-folder", "x")
        let outcome = Golden.check(Data("mới\n".utf8), at: url("not-a-folder/a.txt"), update: true)
        guard case .cannotWrite(let why) = outcome else { return XCTFail("expected cannotWrite, got \(outcome)") }
        XCTAssertFalse(why.isEmpty)
        XCTAssertEqual(outcome.failure("a.txt"), "KINHPHI_UPDATE_GOLDEN=1: cannot write golden file a.txt: \(why)")
    }

    func testTheUpdateReportListsEveryFileRewritten() {
        let report = Golden.Report(observes: false)
        report.note("b.txt", .rewrote)
        report.note("a.txt", .rewrote)
        report.note("c.txt", .unchanged)
        report.note("d.txt", .cannotWrite("Permission denied"))
        XCTAssertEqual(report.summary(),
                       "GOLDEN update mode (KINHPHI_UPDATE_GOLDEN=1), this run fails: rewrote 2 [\"a.txt\", \"b.txt\"]; unchanged 1; could not write 1 [\"d.txt (Permission denied)\"]")
    }
}
