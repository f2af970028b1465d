#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KinhPhiCore

// Thin POSIX wrappers: every write that matters is followed by fsync (and the folder's fsync when a file
// is created or renamed), so that "recorded" means "on disk". Errors become JournalError.io.

enum IO {
    static func describe(_ code: Int32) -> String {
        guard let s = strerror(code) else { return "errno \(code)" }
        return String(cString: s) + " (errno \(code))"
    }

    static func fail(_ op: String, _ path: String) -> JournalError { .io(operation: op, path: path, errno: errno) }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Size in bytes, or nil when the file does not exist.
    static func size(_ path: String) throws(JournalError) -> Int64? {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT { return nil }
            throw fail("stat", path)
        }
        return Int64(st.st_size)
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644, op: String = "open") throws(JournalError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw fail(op, path)
        }
    }

    /// Writes every byte (retrying short writes and EINTR).
    static func writeAll(_ fd: Int32, _ p: UnsafeRawBufferPointer, path: String) throws(JournalError) {
        var off = 0
        while off < p.count {
            let n = write(fd, p.baseAddress! + off, p.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            off += n
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(JournalError) {
        try writeAll(fd, bytes[...], path: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(JournalError) {
        var failure: JournalError? = nil
        bytes.withUnsafeBytes { p in
            do throws(JournalError) { try writeAll(fd, p, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads into a byte array (`buf[0..<count]`), returning how many bytes were read.
    static func read(_ fd: Int32, into buf: inout [UInt8], at offset: Int = 0, count: Int, path: String) throws(JournalError) -> Int {
        var failure: JournalError? = nil
        let n = buf.withUnsafeMutableBytes { p -> Int in
            do throws(JournalError) { return try read(fd, p.baseAddress! + offset, count, path: path) } catch { failure = error; return 0 }
        }
        if let failure { throw failure }
        return n
    }

    /// Reads up to `count` bytes into `p`; 0 at end of file.
    static func read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int, path: String) throws(JournalError) -> Int {
        while true {
            let n = Glibc.read(fd, p, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw fail("read", path)
        }
    }

    static func pread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int, at offset: Int64, path: String) throws(JournalError) -> Int {
        while true {
            let n = Glibc.pread(fd, p, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw fail("read", path)
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(JournalError) {
        while Glibc.fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw fail("fsync", path)
        }
    }

    /// Makes a created, renamed or removed entry of `dir` durable.
    static func fsyncDirectory(_ dir: String) throws(JournalError) {
        let fd = try open(dir, O_RDONLY | O_DIRECTORY, op: "open folder")
        defer { close(fd) }
        try fsync(fd, path: dir)
    }

    static func rename(_ from: String, _ to: String) throws(JournalError) {
        if Glibc.rename(from, to) != 0 { throw fail("rename", from + " → " + to) }
    }

    static func unlinkIfPresent(_ path: String) {
        _ = unlink(path)
    }

    static func truncate(_ fd: Int32, to length: Int64, path: String) throws(JournalError) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw fail("truncate", path)
        }
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String) throws(JournalError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try read(fd, into: &chunk, count: chunk.count, path: path)
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename, folder fsync.
    static func writeAtomically(_ bytes: [UInt8], to path: String, folder: String) throws(JournalError) {
        let tmp = path + ".tmp-\(getpid())"
        let fd = try open(tmp, O_WRONLY | O_CREAT | O_TRUNC, op: "create")
        do {
            try writeAll(fd, bytes, path: tmp)
            try fsync(fd, path: tmp)
        } catch {
            close(fd); unlinkIfPresent(tmp); throw error
        }
        close(fd)
        do { try rename(tmp, path) } catch { unlinkIfPresent(tmp); throw error }
        try fsyncDirectory(folder)
    }

    /// Copies `from` to a new file `to` (fails if `to` exists) and makes it durable.
    static func copyFile(_ from: String, to: String, folder: String) throws(JournalError) {
        let src = try open(from, O_RDONLY)
        defer { close(src) }
        let dst = try open(to, O_WRONLY | O_CREAT | O_EXCL, op: "create")
        defer { close(dst) }
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try read(src, into: &buf, count: buf.count, path: from)
            if n == 0 { break }
            try writeAll(dst, buf[0..<n], path: to)
        }
        try fsync(dst, path: to)
        try fsyncDirectory(folder)
    }
}

/// The workspace lock: `flock` on `<workspace>/journal.lock`, exclusive for writers (record, import,
/// reverse, repair, approve), shared for readers (status, verify, settlement). A second writer waits at
/// most the bounded time, then fails with a clear message. The lock goes with the process: a crashed
/// writer never leaves the workspace locked.
public final class WorkspaceLock {
    public static let fileName = "journal.lock"
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    /// Releases the lock (also done when the value is dropped or the process ends).
    public func release() {
        if fd >= 0 { _ = flock(fd, LOCK_UN); close(fd); fd = -1 }
    }

    /// Takes the lock, waiting at most `timeout` seconds. A reader in a folder it cannot write to
    /// (read-only fixtures) reads without a lock.
    public static func acquire(folder: String, exclusive: Bool, timeout: Double) throws(JournalError) -> WorkspaceLock {
        let path = folder.hasSuffix("/") ? folder + fileName : folder + "/" + fileName
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 {
            let code = errno
            if !exclusive && (code == EACCES || code == EROFS || code == EPERM) { return WorkspaceLock(fd: -1) }
            throw .io(operation: "open", path: path, errno: code)
        }
        let op = exclusive ? LOCK_EX : LOCK_SH
        // The usual case: the lock is free; no thread, no wait.
        if flock(fd, op | LOCK_NB) == 0 { return WorkspaceLock(fd: fd) }
        let code = errno
        if code != EWOULDBLOCK && code != EINTR {
            close(fd)
            throw .io(operation: "lock", path: path, errno: code)
        }
        // Otherwise wait in the kernel's queue of waiters (a blocking flock, woken when the holder lets go)
        // rather than polling with a back-off, which a steady stream of other writers can starve (a writer
        // once lost the race for 26 s: docs/faults.md). The blocking call runs on a thread of its own so
        // that the wait stays bounded; a waiter that gives up leaves that thread the descriptor, to close
        // as soon as its flock returns.
        let waiter = LockWaiter(fd: fd, op: op)
        switch waiter.wait(seconds: max(0, timeout)) {
        case .some(0):
            return WorkspaceLock(fd: fd)
        case .some(let failure):
            close(fd)
            throw .io(operation: "lock", path: path, errno: failure)
        case .none:
            throw .lockTimeout(seconds: timeout, lockFile: path)
        }
    }
}

/// A blocking `flock` on a thread of its own, waited for with a time limit (WorkspaceLock.acquire).
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

extension IO {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private struct Writeback: @unchecked Sendable { let fn: SyncFileRange? }
    /// Linux's sync_file_range (not exported by the Glibc module), looked up once.
    private static let writeback: Writeback = {
        #if os(Linux)
        if let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") {
            return Writeback(fn: unsafeBitCast(sym, to: SyncFileRange.self))
        }
        #endif
        return Writeback(fn: nil)
    }()

    /// Starts writing a range of a file to disk without waiting (SYNC_FILE_RANGE_WRITE), so that the final
    /// fsync of a large import has little left to do. A no-op where unavailable.
    static func startWriteback(_ fd: Int32, offset: Int64, length: Int64) {
        _ = writeback.fn?(fd, offset, length, 2)
    }
}
