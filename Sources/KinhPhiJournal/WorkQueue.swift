import Foundation

/// The hand-over between two threads of a large import (docs/journal.md, "Import"): the importing side
/// `submit`s work in order, one worker thread `take`s it, and emptied items go back for reuse so that the
/// big buffers are allocated once. At most `capacity` items wait, so a slow worker slows the producer
/// instead of filling memory. The worker's first failure is kept; `finish` throws it.
///
/// Used by both pipeline stages after the row parser: ChainWriter (chunks of record bodies to chain) and
/// SpoolWriter (chained lines to write to the scratch file).
final class WorkQueue<Item>: @unchecked Sendable {
    private let cond = NSCondition()
    private var queue: [Item] = []
    private var free: [Item] = []
    private var closed = false
    private var done = false
    private var failure: JournalError? = nil
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    // MARK: producer side

    /// Queues `item`, waiting while `capacity` items wait. False (the item dropped) once the worker has
    /// failed: the failure is thrown by `finish` (or read with `failed`).
    @discardableResult
    func submit(_ item: Item) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        while queue.count >= capacity && failure == nil { cond.wait() }
        if failure != nil { return false }
        queue.append(item)
        cond.broadcast()
        return true
    }

    /// An emptied item given back by the worker, or nil (then the producer makes a new one).
    func recycled() -> Item? {
        cond.lock()
        defer { cond.unlock() }
        return free.popLast()
    }

    /// The worker's failure, if it has failed.
    var failed: JournalError? {
        cond.lock()
        defer { cond.unlock() }
        return failure
    }

    /// No more items: waits until the worker has taken and handled every queued item, then throws its
    /// failure, if any.
    func finish() throws(JournalError) {
        cond.lock()
        closed = true
        cond.broadcast()
        while !done { cond.wait() }
        let f = failure
        cond.unlock()
        if let f { throw f }
    }

    /// No more items, and the queued ones are dropped: waits until the worker has stopped.
    func cancel() {
        cond.lock()
        closed = true
        queue.removeAll()
        cond.broadcast()
        while !done { cond.wait() }
        cond.unlock()
    }

    // MARK: worker side

    /// The next item in order, waiting for one; nil once the queue is closed and empty (the worker then
    /// returns, and `finish` / `cancel` stop waiting).
    func take() -> Item? {
        cond.lock()
        defer { cond.unlock() }
        while queue.isEmpty && !closed { cond.wait() }
        if queue.isEmpty {
            done = true
            cond.broadcast()
            return nil
        }
        let item = queue.removeFirst()
        cond.broadcast()
        return item
    }

    /// Gives an emptied item back for reuse (a few are kept; the rest are freed).
    func giveBack(_ item: Item) {
        cond.lock()
        defer { cond.unlock() }
        if free.count < capacity + 1 { free.append(item) }
    }

    /// Records the worker's failure (the first one is kept); queued items are still taken, and dropped.
    func fail(_ error: JournalError) {
        cond.lock()
        defer { cond.unlock() }
        if failure == nil { failure = error }
        cond.broadcast()
    }
}
