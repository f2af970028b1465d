import Foundation
import XCTest
import KinhPhi
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one atomic writer (KinhPhiSystem.AtomicFile) under issue 11, item 3: temporary files created with
/// O_EXCL | O_NOFOLLOW under an unpredictable name; a target that is not a regular file refused; a target
/// that is a symbolic link replaced as a link, never written through.
final class AtomicFileTests: XCTestCase {
    var dir: TempDir!
    override func setUp() { dir = TempDir() }
    override func tearDown() { dir.remove() }

    func temporaries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".qt.csv.tmp-") }.sorted()
    }

    func testTemporaryNamesAreUnpredictableAndLeftBehindByNoFailure() throws {
        let target = dir.file("qt.csv")
        let a = try AtomicFile(path: target), b = try AtomicFile(path: target)
        let names = try temporaries()
        XCTAssertEqual(names.count, 2)
        XCTAssertNotEqual(names[0], names[1])
        for n in names {
            // .qt.csv.tmp-<pid>-<16 hex digits: 64 random bits>
            let suffix = n.split(separator: "-").last ?? ""
            XCTAssertEqual(suffix.count, 16, n)
            XCTAssertTrue(suffix.allSatisfy(\.isHexDigit), n)
            XCTAssertTrue(n.contains("-\(getpid())-"), n)
        }
        try a.write("một")
        try a.commit()
        b.abandon()
        XCTAssertEqual(try temporaries(), [])
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "một")
    }

    func testATargetThatIsNotARegularFileIsRefused() throws {
        let fifo = dir.file("ong.csv")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try AtomicFile(path: fifo)) { e in XCTAssertEqual(e as? AtomicFile.Failure, .notRegularFile(path: fifo)) }
        XCTAssertThrowsError(try AtomicFile(path: "/dev/null")) { e in XCTAssertEqual(e as? AtomicFile.Failure, .notRegularFile(path: "/dev/null")) }
        XCTAssertThrowsError(try AtomicFile(path: dir.path)) { e in XCTAssertEqual(e as? AtomicFile.Failure, .isFolder(path: dir.path)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["ong.csv"])
    }

    /// A symbolic link at the target is replaced by the new file; the file it pointed to is not written.
    func testASymbolicLinkIsReplacedNotWrittenThrough() throws {
        let journal = dir.write("journal.kp", "seq=1…")
        let link = dir.file("qt.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: journal)
        try AtomicFile.write(Array("CSV".utf8), to: link)
        XCTAssertEqual(try String(contentsOfFile: journal, encoding: .utf8), "seq=1…")
        XCTAssertEqual(try String(contentsOfFile: link, encoding: .utf8), "CSV")
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: link))
    }
}
