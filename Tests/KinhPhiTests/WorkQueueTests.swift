import XCTest
import Foundation
@testable import KinhPhiJournal

/// The hand-over between the import's threads (ChainWriter, SpoolWriter). The import tests cover the
/// happy path end to end; these cover what a disk error in the middle of a big import relies on: order,
/// the bound, a worker's failure reaching the producer, and cancel.
final class WorkQueueTests: XCTestCase {

    /// A worker thread that handles items with `handle` (false = fail with ENOSPC and stop handling) and
    /// records what it handled.
    private final class Worker: @unchecked Sendable {
        let queue: WorkQueue<Int>
        private let lock = NSLock()
        private var seen: [Int] = []
        var handled: [Int] { lock.lock(); defer { lock.unlock() }; return seen }

        init(_ queue: WorkQueue<Int>, handle: @escaping @Sendable (Int) -> Bool) {
            self.queue = queue
            Thread.detachNewThread { [self] in
                var failed = false
                while let item = queue.take() {
                    if failed { continue }
                    if handle(item) {
                        lock.lock(); seen.append(item); lock.unlock()
                    } else {
                        failed = true
                        queue.fail(.io(operation: "write", path: "scratch", errno: ENOSPC))
                    }
                    queue.giveBack(-item)
                }
            }
        }
    }

    func testItemsArriveInOrderAndFinishWaitsForAllOfThem() throws {
        let q = WorkQueue<Int>(capacity: 2)
        let w = Worker(q) { _ in true }
        for i in 0..<1_000 { XCTAssertTrue(q.submit(i)) }
        try q.finish()
        // finish returned only after the worker took the last item: all 1.000, in order.
        XCTAssertEqual(w.handled, Array(0..<1_000))
    }

    func testTheWorkersFailureStopsTheProducerAndIsThrownByFinish() {
        let q = WorkQueue<Int>(capacity: 2)
        let w = Worker(q) { $0 != 5 }       // item 5 fails (a full disk)
        var refusedAt: Int? = nil
        for i in 0..<1_000 where refusedAt == nil {
            if !q.submit(i) { refusedAt = i }
        }
        // The producer is told soon: at most `capacity` items (and the one being handled) after item 5.
        XCTAssertNotNil(refusedAt)
        if let r = refusedAt { XCTAssertLessThanOrEqual(r, 5 + 2 + 1 + 1) }
        XCTAssertEqual(q.failed, .io(operation: "write", path: "scratch", errno: ENOSPC))
        XCTAssertThrowsError(try q.finish()) { e in
            XCTAssertEqual(e as? JournalError, .io(operation: "write", path: "scratch", errno: ENOSPC))
        }
        XCTAssertEqual(w.handled, [0, 1, 2, 3, 4])   // nothing after the failure is handled
    }

    func testCancelDropsWhatIsQueuedAndWaitsForTheWorker() {
        let q = WorkQueue<Int>(capacity: 4)
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let w = Worker(q) { i in
            if i == 0 { started.signal(); gate.wait() }   // the worker is busy with item 0…
            return true
        }
        q.submit(0)
        started.wait()
        for i in 1...3 { q.submit(i) }                    // …while 1–3 wait in the queue
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { gate.signal() }
        q.cancel()
        // cancel returned after the worker finished item 0; items 1–3 were dropped.
        XCTAssertEqual(w.handled, [0])
    }

    func testGivenBackItemsAreReused() throws {
        let q = WorkQueue<Int>(capacity: 2)
        XCTAssertNil(q.recycled())
        _ = Worker(q) { _ in true }                       // gives back -item after each
        q.submit(7)
        try q.finish()
        XCTAssertEqual(q.recycled(), -7)
        XCTAssertNil(q.recycled())
    }
}
