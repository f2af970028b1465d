// The one place that calls the C library (SQLite's "one OS layer"). Every other module reaches files,
// locks, clocks and raw byte searches through the types of KinhPhiSystem, so the package compiles on
// Linux (Glibc) and macOS (Darwin) from one set of wrappers. Nothing here knows about journals or
// conferences: errors are `SystemError` (operation, path, errno), which each layer above turns into its
// own typed error with a message for people.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#else
#error("KinhPhiSystem supports Linux (Glibc) and macOS (Darwin)")
#endif

/// A failed system call: what was attempted, on which path, and the errno it left.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A verb for messages: "open", "read", "write", "fsync", "rename", "lock", "stat", "truncate", …
    public let operation: String
    public let path: String
    public let code: Int32

    public init(operation: String, path: String, code: Int32) {
        self.operation = operation; self.path = path; self.code = code
    }

    /// The error of the last failed call (reads `errno`).
    @usableFromInline static func last(_ operation: String, _ path: String) -> SystemError {
        SystemError(operation: operation, path: path, code: errno)
    }

    /// The C library's text for an errno, with the number: "No such file or directory (errno 2)".
    public static func describe(_ code: Int32) -> String {
        guard let s = strerror(code) else { return "errno \(code)" }
        return String(cString: s) + " (errno \(code))"
    }

    public var description: String { "\(operation) \(path): \(SystemError.describe(code))" }

    public static let codeNotFound = ENOENT
    public static let codeIsDirectory = EISDIR
    public static let codeInvalid = EINVAL
    public static let codeExists = EEXIST

    /// The file or folder does not exist.
    public var isNotFound: Bool { code == ENOENT }
    /// Permission denied or a read-only file system (a reader may then go on without a lock).
    public var isDeniedOrReadOnly: Bool { code == EACCES || code == EROFS || code == EPERM }
    /// The path exists and O_EXCL refused it.
    public var isAlreadyExists: Bool { code == EEXIST }
    /// A symbolic link where O_NOFOLLOW refused one.
    public var isSymbolicLink: Bool { code == ELOOP }
}

/// What a path names (without following a final symbolic link when asked).
public enum FileKind: Sendable, Equatable {
    case regular, directory, symbolicLink, other
}

/// Status of a path: kind, size and identity (device + inode, to tell whether two paths are one file).
public struct FileStatus: Sendable, Equatable {
    public let kind: FileKind
    public let size: Int64
    public let device: UInt64
    public let inode: UInt64
    /// Owner's write permission bits are not needed by callers; the mode is kept for messages.
    public let mode: UInt32
    /// Hard links to the file (names it has in the file system).
    public var links: UInt64 = 1
}

/// Files by descriptor: open, read, write, fsync, rename, truncate — each retrying EINTR and short writes,
/// each failure a `SystemError`. Descriptors are opened close-on-exec.
public enum FileIO {
    /// Open flags without the C constants (callers do not import the C library).
    public struct Flags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = Flags([])
        public static let writeOnly = Flags(rawValue: 1 << 0)
        public static let readWrite = Flags(rawValue: 1 << 1)
        public static let create = Flags(rawValue: 1 << 2)
        /// With `create`: fail if the path exists (also for a dangling symbolic link).
        public static let exclusive = Flags(rawValue: 1 << 3)
        public static let truncate = Flags(rawValue: 1 << 4)
        public static let append = Flags(rawValue: 1 << 5)
        public static let directory = Flags(rawValue: 1 << 6)
        /// Fail (ELOOP) if the last component is a symbolic link.
        public static let noFollow = Flags(rawValue: 1 << 7)

        var posix: Int32 {
            var f: Int32 = O_CLOEXEC
            if contains(.readWrite) { f |= O_RDWR } else if contains(.writeOnly) { f |= O_WRONLY } else { f |= O_RDONLY }
            if contains(.create) { f |= O_CREAT }
            if contains(.exclusive) { f |= O_EXCL }
            if contains(.truncate) { f |= O_TRUNC }
            if contains(.append) { f |= O_APPEND }
            if contains(.directory) { f |= O_DIRECTORY }
            if contains(.noFollow) { f |= O_NOFOLLOW }
            return f
        }
    }

    public static func open(_ path: String, _ flags: Flags, mode: UInt32 = 0o644, op: String = "open") throws(SystemError) -> Int32 {
        while true {
            let fd = c_open(path, flags.posix, mode_t(mode))
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw .last(op, path)
        }
    }

    public static func close(_ fd: Int32) {
        if fd >= 0 { _ = c_close(fd) }
    }

    /// Reads up to `count` bytes into `p`; 0 at end of file.
    public static func read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int, path: String) throws(SystemError) -> Int {
        while true {
            let n = c_read(fd, p, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .last("read", path)
        }
    }

    /// Reads up to `count` bytes (default: the whole array) into `buf[offset...]`; 0 at end of file.
    public static func read(_ fd: Int32, into buf: inout [UInt8], at offset: Int = 0, count: Int? = nil, path: String) throws(SystemError) -> Int {
        let want = count ?? (buf.count - offset)
        var failure: SystemError? = nil
        let n = buf.withUnsafeMutableBytes { p -> Int in
            do throws(SystemError) { return try read(fd, p.baseAddress! + offset, want, path: path) } catch { failure = error; return 0 }
        }
        if let failure { throw failure }
        return n
    }

    /// Reads up to `count` bytes at `offset` into `p`; 0 at end of file.
    public static func pread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int, at offset: Int64, path: String) throws(SystemError) -> Int {
        while true {
            let n = c_pread(fd, p, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .last("read", path)
        }
    }

    /// Writes every byte (retrying short writes and EINTR).
    public static func writeAll(_ fd: Int32, _ p: UnsafeRawBufferPointer, path: String) throws(SystemError) {
        var off = 0
        while off < p.count {
            let n = c_write(fd, p.baseAddress! + off, p.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw .last("write", path)
            }
            off += n
        }
    }

    public static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(SystemError) {
        var failure: SystemError? = nil
        bytes.withUnsafeBytes { p in
            do throws(SystemError) { try writeAll(fd, p, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
        try writeAll(fd, bytes[...], path: path)
    }

    public static func fsync(_ fd: Int32, path: String) throws(SystemError) {
        while c_fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .last("fsync", path)
        }
    }

    /// Makes a created, renamed or removed entry of `folder` durable.
    public static func fsyncDirectory(_ folder: String) throws(SystemError) {
        let fd = try open(folder.isEmpty ? "." : folder, [.readOnly, .directory], op: "open folder")
        defer { close(fd) }
        try fsync(fd, path: folder)
    }

    public static func truncate(_ fd: Int32, to length: Int64, path: String) throws(SystemError) {
        while c_ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw .last("truncate", path)
        }
    }

    /// Cuts a file back to `length` after a failed append and makes the cut durable, as far as it can:
    /// a second failure here leaves the error of the first to the caller.
    public static func rollBack(_ fd: Int32, to length: Int64) {
        _ = c_ftruncate(fd, off_t(length))
        _ = c_fsync(fd)
    }

    public static func rename(_ from: String, _ to: String) throws(SystemError) {
        if c_rename(from, to) != 0 { throw .last("rename", from + " → " + to) }
    }

    public static func unlinkIfPresent(_ path: String) {
        _ = c_unlink(path)
    }

    /// The status of `path` (following symbolic links unless `followLinks` is false); nil when it does not
    /// exist.
    public static func status(_ path: String, followLinks: Bool = true) throws(SystemError) -> FileStatus? {
        var st = stat()
        let rc = followLinks ? c_stat(path, &st) : c_lstat(path, &st)
        if rc != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .last("stat", path)
        }
        return FileStatus(st)
    }

    /// The status of an open descriptor.
    public static func status(_ fd: Int32, path: String) throws(SystemError) -> FileStatus {
        var st = stat()
        if c_fstat(fd, &st) != 0 { throw .last("stat", path) }
        return FileStatus(st)
    }

    /// The canonical absolute path of an existing file or folder (symbolic links, `.` and `..` resolved),
    /// or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let p = c_realpath(path) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The canonical path `path` would have: the real path of its folder and its own name (which need not
    /// exist). nil when the folder does not exist.
    public static func realPathOfNew(_ path: String) -> String? {
        if let r = realPath(path), (try? status(path, followLinks: false))??.kind != .symbolicLink { return r }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty, base != ".", base != "..", let d = realPath(dir.isEmpty ? "/" : dir) else { return nil }
        return (d == "/" ? "" : d) + "/" + base
    }

    /// Creates a folder and the folders above it that are missing (mode 0700 for the ones created).
    public static func makeFolders(_ path: String) throws(SystemError) {
        if let st = try status(path) {
            if st.kind == .directory { return }
            throw SystemError(operation: "create folder", path: path, code: EEXIST)
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeFolders(String(path[..<slash]))
        }
        if c_mkdir(path, 0o700) != 0 && errno != EEXIST { throw .last("create folder", path) }
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return c_stat(path, &st) == 0
    }

    /// Size in bytes, or nil when the file does not exist.
    public static func size(_ path: String) throws(SystemError) -> Int64? {
        try status(path)?.size
    }

    /// Reads a whole (small) file.
    public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = try open(path, .readOnly)
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try read(fd, into: &chunk, path: path)
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    /// Creates the new file `path` with `bytes` (O_EXCL | O_NOFOLLOW: fails with EEXIST if anything is
    /// there, so nothing is ever replaced), fsyncs it and its folder. On a failure after creating it, the
    /// file is removed.
    public static func createNew(_ path: String, bytes: [UInt8]) throws(SystemError) {
        let fd = try open(path, [.writeOnly, .create, .exclusive, .noFollow], op: "create")
        do {
            try writeAll(fd, bytes, path: path)
            try fsync(fd, path: path)
        } catch {
            close(fd)
            unlinkIfPresent(path)
            throw error
        }
        close(fd)
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        try fsyncDirectory(folder.isEmpty ? "/" : folder)
    }

    /// Copies `from` to a new file `to` (fails if `to` exists) and makes it durable.
    public static func copyFile(_ from: String, to: String, folder: String) throws(SystemError) {
        let src = try open(from, .readOnly)
        defer { close(src) }
        let dst = try open(to, [.writeOnly, .create, .exclusive, .noFollow], op: "create")
        defer { close(dst) }
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try read(src, into: &buf, path: from)
            if n == 0 { break }
            try writeAll(dst, buf[0..<n], path: to)
        }
        try fsync(dst, path: to)
        try fsyncDirectory(folder)
    }

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

    /// Starts writing a range of a file to disk without waiting (SYNC_FILE_RANGE_WRITE), so that a final
    /// fsync has little left to do. A no-op where unavailable (macOS).
    public static func startWriteback(_ fd: Int32, offset: Int64, length: Int64) {
        _ = writeback.fn?(fd, offset, length, 2)
    }
}

extension FileStatus {
    init(_ st: stat) {
        let fmt = UInt32(st.st_mode) & UInt32(S_IFMT)
        let kind: FileKind
        if fmt == UInt32(S_IFREG) { kind = .regular }
        else if fmt == UInt32(S_IFDIR) { kind = .directory }
        else if fmt == UInt32(S_IFLNK) { kind = .symbolicLink }
        else { kind = .other }
        self.init(kind: kind, size: Int64(st.st_size), device: UInt64(truncatingIfNeeded: st.st_dev),
                  inode: UInt64(truncatingIfNeeded: st.st_ino), mode: UInt32(st.st_mode),
                  links: UInt64(truncatingIfNeeded: st.st_nlink))
    }
}

/// Searches and compares raw bytes with the C library's vectorised routines (inlined into callers: these
/// sit on the hottest loops of the journal reader and the CSV writer).
public enum Bytes {
    /// The offset of the first `byte` in `p[0..<count]`, or nil.
    @inlinable @inline(__always)
    public static func find(_ byte: UInt8, in p: UnsafeRawPointer, count: Int) -> Int? {
        guard count > 0, let hit = memchr(p, Int32(byte), count) else { return nil }
        return p.distance(to: UnsafeRawPointer(hit))
    }

    /// Whether `byte` occurs in the buffer.
    @inlinable @inline(__always)
    public static func contains(_ byte: UInt8, in b: UnsafeRawBufferPointer) -> Bool {
        guard let base = b.baseAddress, b.count > 0 else { return false }
        return memchr(base, Int32(byte), b.count) != nil
    }

    /// Whether `count` bytes at `a` and `b` are equal.
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        count == 0 || memcmp(a, b, count) == 0
    }

    /// Copies `count` bytes (the ranges may overlap).
    @inlinable @inline(__always)
    public static func move(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, count: Int) {
        if count > 0 { memmove(dst, src, count) }
    }
}

/// The process and the clock.
/// One entry of a folder: its name and what it is, without following a symbolic link.
public struct FolderEntry: Sendable, Equatable {
    public let name: String
    public let kind: FileKind
}

public enum Folders {
    /// The entries of a folder (not "." and ".."), sorted by the bytes of their names so that every run
    /// lists them in the same order; each entry's kind is its own (a symbolic link is `.symbolicLink`, never
    /// what it points to). Names that are not valid UTF-8 are listed with U+FFFD in place of bad bytes.
    public static func list(_ path: String) throws(SystemError) -> [FolderEntry] {
        guard let dir = c_opendir(path) else { throw .last("opendir", path) }
        defer { _ = c_closedir(dir) }
        var out: [FolderEntry] = []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        while true {
            errno = 0
            guard let e = c_readdir(dir) else {
                if errno != 0 { throw .last("readdir", path) }
                break
            }
            let name = withUnsafeBytes(of: &e.pointee.d_name) { raw -> String in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var kind: FileKind
            switch Int32(e.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_UNKNOWN):
                // Some file systems do not say: ask without following a link.
                var st = stat()
                guard c_lstat(prefix + name, &st) == 0 else { continue }
                kind = FileStatus(st).kind
            default: kind = .other
            }
            out.append(FolderEntry(name: name, kind: kind))
        }
        out.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return out
    }
}

public enum SystemClock {
    /// Seconds since 1970-01-01T00:00:00Z.
    public static func secondsSinceEpoch() -> Int64 { Int64(time(nil)) }
}

public enum CurrentProcess {
    public static var id: Int32 { getpid() }
}

// MARK: - The calls themselves, named once (Glibc and Darwin spell them the same; a qualified name is
// needed where a Swift function of this module has the same name).

@usableFromInline func c_open(_ p: String, _ f: Int32, _ m: mode_t) -> Int32 { open(p, f, m) }
@usableFromInline func c_close(_ fd: Int32) -> Int32 { close(fd) }
@usableFromInline func c_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
@usableFromInline func c_pread(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int, _ o: off_t) -> Int { pread(fd, p, n, o) }
@usableFromInline func c_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@usableFromInline func c_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
@usableFromInline func c_ftruncate(_ fd: Int32, _ l: off_t) -> Int32 { ftruncate(fd, l) }
@usableFromInline func c_rename(_ a: String, _ b: String) -> Int32 { rename(a, b) }
@usableFromInline func c_unlink(_ p: String) -> Int32 { unlink(p) }
@usableFromInline func c_stat(_ p: String, _ st: inout stat) -> Int32 { stat(p, &st) }
@usableFromInline func c_lstat(_ p: String, _ st: inout stat) -> Int32 { lstat(p, &st) }
@usableFromInline func c_fstat(_ fd: Int32, _ st: inout stat) -> Int32 { fstat(fd, &st) }
@usableFromInline func c_realpath(_ p: String) -> UnsafeMutablePointer<CChar>? { realpath(p, nil) }
@usableFromInline func c_mkdir(_ p: String, _ m: mode_t) -> Int32 { mkdir(p, m) }
@usableFromInline func c_flock(_ fd: Int32, _ op: Int32) -> Int32 { flock(fd, op) }
#if canImport(Glibc)
@usableFromInline typealias DirHandle = OpaquePointer
#else
@usableFromInline typealias DirHandle = UnsafeMutablePointer<DIR>
#endif
@usableFromInline func c_opendir(_ p: String) -> DirHandle? { opendir(p) }
@usableFromInline func c_closedir(_ d: DirHandle) -> Int32 { closedir(d) }
@usableFromInline func c_readdir(_ d: DirHandle) -> UnsafeMutablePointer<dirent>? { readdir(d) }
