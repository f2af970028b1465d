import KinhPhiCore
import KinhPhiSystem

// The journal's view of the system layer (KinhPhiSystem): the same calls, each failure turned into
// JournalError.io so that journal code keeps one typed error. Every write that matters is followed by fsync
// (and the folder's fsync when a file is created or renamed), so that "recorded" means "on disk".

extension JournalError {
    init(_ e: SystemError) { self = .io(operation: e.operation, path: e.path, errno: e.code) }
}

enum IO {
    typealias Flags = FileIO.Flags

    @inline(__always)
    static func mapped<T>(_ body: () throws(SystemError) -> T) throws(JournalError) -> T {
        do { return try body() } catch { throw JournalError(error) }
    }

    static func exists(_ path: String) -> Bool { FileIO.exists(path) }

    /// Size in bytes, or nil when the file does not exist.
    static func size(_ path: String) throws(JournalError) -> Int64? { try mapped { () throws(SystemError) in try FileIO.size(path) } }

    static func open(_ path: String, _ flags: Flags, op: String = "open") throws(JournalError) -> Int32 {
        try mapped { () throws(SystemError) in try FileIO.open(path, flags, op: op) }
    }

    static func close(_ fd: Int32) { FileIO.close(fd) }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.writeAll(fd, bytes, path: path) }
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.writeAll(fd, bytes, path: path) }
    }

    static func writeAll(_ fd: Int32, _ p: UnsafeRawBufferPointer, path: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.writeAll(fd, p, path: path) }
    }

    /// Reads into a byte array (`buf[offset..<offset + count]`), returning how many bytes were read.
    static func read(_ fd: Int32, into buf: inout [UInt8], at offset: Int = 0, count: Int, path: String) throws(JournalError) -> Int {
        do { return try FileIO.read(fd, into: &buf, at: offset, count: count, path: path) } catch { throw JournalError(error) }
    }

    static func pread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int, at offset: Int64, path: String) throws(JournalError) -> Int {
        try mapped { () throws(SystemError) in try FileIO.pread(fd, p, count, at: offset, path: path) }
    }

    static func fsync(_ fd: Int32, path: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.fsync(fd, path: path) }
    }

    static func fsyncDirectory(_ dir: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.fsyncDirectory(dir) }
    }

    static func rename(_ from: String, _ to: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.rename(from, to) }
    }

    static func unlinkIfPresent(_ path: String) { FileIO.unlinkIfPresent(path) }

    static func truncate(_ fd: Int32, to length: Int64, path: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.truncate(fd, to: length, path: path) }
    }

    static func rollBack(_ fd: Int32, to length: Int64) { FileIO.rollBack(fd, to: length) }

    static func readFile(_ path: String) throws(JournalError) -> [UInt8] {
        try mapped { () throws(SystemError) in try FileIO.readFile(path) }
    }

    /// Writes `bytes` to `path` atomically (the system layer's one atomic writer).
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(JournalError) {
        do { try AtomicFile.write(bytes, to: path) } catch { throw JournalError(error.systemError) }
    }

    static func copyFile(_ from: String, to: String, folder: String) throws(JournalError) {
        try mapped { () throws(SystemError) in try FileIO.copyFile(from, to: to, folder: folder) }
    }

    static func startWriteback(_ fd: Int32, offset: Int64, length: Int64) {
        FileIO.startWriteback(fd, offset: offset, length: length)
    }

    /// LineStreamer.forEachBlock with journal errors.
    @inline(__always)
    static func forEachBlock(fd: Int32, path: String, from: Int64, to: Int64, bufferSize: Int = 1 << 22,
                             _ body: (UnsafeRawBufferPointer, Int64) -> Bool) throws(JournalError) -> LineStreamer.End {
        try mapped { () throws(SystemError) in try LineStreamer.forEachBlock(fd: fd, path: path, from: from, to: to, bufferSize: bufferSize, body) }
    }

    /// LineStreamer.forEach with journal errors.
    @inline(__always)
    static func forEachLine(fd: Int32, path: String, from: Int64, to: Int64, bufferSize: Int = 1 << 22,
                            _ body: (UnsafeRawBufferPointer, Int64) -> Bool) throws(JournalError) -> LineStreamer.End {
        try mapped { () throws(SystemError) in try LineStreamer.forEach(fd: fd, path: path, from: from, to: to, bufferSize: bufferSize, body) }
    }
}

/// The workspace lock: the system layer's FileLock on `<workspace>/journal.lock`, exclusive for writers
/// (record, import, reverse, repair, approve), shared for readers (status, verify, settlement). A second
/// writer waits at most the bounded time, then fails with a clear message. A reader in a folder it cannot
/// write to (read-only fixtures) reads without a lock.
public final class WorkspaceLock {
    public static let fileName = "journal.lock"
    private let lock: FileLock

    private init(_ lock: FileLock) { self.lock = lock }

    /// Releases the lock (also done when the value is dropped or the process ends).
    public func release() { lock.release() }

    /// Takes the lock, waiting at most `timeout` seconds.
    public static func acquire(folder: String, exclusive: Bool, timeout: Double) throws(JournalError) -> WorkspaceLock {
        let path = folder.hasSuffix("/") ? folder + fileName : folder + "/" + fileName
        do {
            return WorkspaceLock(try FileLock.acquire(path: path, exclusive: exclusive, timeout: timeout, followLinks: false))
        } catch {
            switch error {
            case .timeout(let s, let p): throw .lockTimeout(seconds: s, lockFile: p)
            case .system(let e): throw JournalError(e)
            }
        }
    }
}
