#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An advisory lock on a file (`flock`): exclusive for writers, shared for readers, waited for at most a
/// bounded time. The lock goes with the process: a crashed holder never leaves it taken.
public final class FileLock {
    public enum Failure: Error, Sendable, Equatable {
        /// Another process held the lock for longer than the bounded wait.
        case timeout(seconds: Double, path: String)
        case system(SystemError)
    }

    private var fd: Int32
    /// False for a reader that could not open the lock file in a read-only place and reads without it.
    public var isHeld: Bool { fd >= 0 }

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// Releases the lock (also done when the value is dropped or the process ends).
    public func release() {
        if fd >= 0 { _ = flock(fd, LOCK_UN); close(fd); fd = -1 }
    }

    /// Takes the lock on `path` (created if missing), waiting at most `timeout` seconds. A shared lock in a
    /// place the process cannot write to (read-only fixtures) is granted without a lock file.
    /// `followLinks` false: a symbolic link at `path` is refused (ELOOP) rather than followed.
    public static func acquire(path: String, exclusive: Bool, timeout: Double, followLinks: Bool = true) throws(Failure) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW), 0o644)
        if fd < 0 {
            let e = SystemError(operation: "open", path: path, code: errno)
            if !exclusive && e.isDeniedOrReadOnly { return FileLock(fd: -1) }
            throw .system(e)
        }
        let op = exclusive ? LOCK_EX : LOCK_SH
        // The usual case: the lock is free; no thread, no wait.
        if flock(fd, op | LOCK_NB) == 0 { return FileLock(fd: fd) }
        let code = errno
        if code != EWOULDBLOCK && code != EINTR {
            close(fd)
            throw .system(SystemError(operation: "lock", path: path, code: code))
        }
        // Otherwise wait in the kernel's queue of waiters (a blocking flock, woken when the holder lets go)
        // rather than polling with a back-off, which a steady stream of other writers can starve (a writer
        // once lost the race for 26 s: docs/faults.md). The blocking call runs on a thread of its own so
        // that the wait stays bounded; a waiter that gives up leaves that thread the descriptor, to close
        // as soon as its flock returns.
        let waiter = LockWaiter(fd: fd, op: op)
        switch waiter.wait(seconds: max(0, timeout)) {
        case .some(0):
            return FileLock(fd: fd)
        case .some(let failure):
            close(fd)
            throw .system(SystemError(operation: "lock", path: path, code: failure))
        case .none:
            throw .timeout(seconds: timeout, path: path)
        }
    }
}

/// A blocking `flock` on a thread of its own, waited for with a time limit (FileLock.acquire).
private final class LockWaiter: @unchecked Sendable {
    private let cond = NSCondition()
    private let fd: Int32, op: Int32
    /// 0 once the lock is taken, an errno if flock failed; nil while waiting.
    private var result: Int32? = nil
    private var abandoned = false

    init(fd: Int32, op: Int32) {
        self.fd = fd; self.op = op
        Thread.detachNewThread { [self] in self.run() }
    }

    private func run() {
        var rc: Int32
        repeat { rc = flock(fd, op) == 0 ? 0 : errno } while rc == EINTR
        cond.lock()
        if abandoned {
            cond.unlock()
            if rc == 0 { _ = flock(fd, LOCK_UN) }
            close(fd)
            return
        }
        result = rc
        cond.broadcast()
        cond.unlock()
    }

    /// 0 (taken), an errno, or nil after `seconds` (then the descriptor belongs to the waiting thread).
    func wait(seconds: Double) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        cond.lock()
        defer { cond.unlock() }
        while result == nil && cond.wait(until: deadline) {}
        if result == nil { abandoned = true }
        return result
    }
}
