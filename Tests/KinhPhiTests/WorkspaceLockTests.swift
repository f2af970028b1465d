import XCTest
import Foundation
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// The workspace lock (journal.lock): writers exclusive, readers shared, a bounded wait. The CLI side (a
/// second writer failing clearly, 4 writers × N records) is in KinhPhiCLITests; these pin the waiting.
final class WorkspaceLockTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    private func acquire(_ exclusive: Bool, timeout: Double) throws -> WorkspaceLock {
        try WorkspaceLock.acquire(folder: tmp.path, exclusive: exclusive, timeout: timeout)
    }

    func testReadersShareAndAWriterExcludes() throws {
        let a = try acquire(false, timeout: 0), b = try acquire(false, timeout: 0)
        XCTAssertThrowsError(try acquire(true, timeout: 0)) { XCTAssertEqual($0 as? JournalError, .lockTimeout(seconds: 0, lockFile: self.tmp.file("journal.lock"))) }
        a.release(); b.release()
        let w = try acquire(true, timeout: 0)
        XCTAssertThrowsError(try acquire(false, timeout: 0))
        w.release()
    }

    func testAWaitingWriterGetsTheLockWhenTheHolderLetsGo() throws {
        // The holder is another open of journal.lock (as another process would be), let go of in 0,2 s.
        let fd = open(tmp.file("journal.lock"), O_RDWR | O_CREAT, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        let released = Date(timeIntervalSinceNow: 0.2)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { _ = flock(fd, LOCK_UN); close(fd) }
        // Waits (up to 30 s, far more than needed) and gets it once the holder has let go, not before.
        let second = try acquire(true, timeout: 30)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(released), -0.01)
        second.release()
    }

    func testAWriterThatGaveUpDoesNotKeepTheLock() throws {
        let holder = try acquire(true, timeout: 0)
        // Gives up after 0,1 s; its waiting thread is still queued for the lock…
        XCTAssertThrowsError(try acquire(true, timeout: 0.1)) {
            XCTAssertEqual($0 as? JournalError, .lockTimeout(seconds: 0.1, lockFile: self.tmp.file("journal.lock")))
        }
        holder.release()
        // …and when it gets the lock it drops it at once: the next writer gets it, whichever of the two
        // the kernel wakes first; and the one after it too (had the abandoned waiter kept the lock after
        // its turn, one of these would time out).
        try acquire(true, timeout: 30).release()
        try acquire(true, timeout: 30).release()
    }
}
