/// The one atomic file writer: a new temporary file beside the target (an unpredictable name, created with
/// O_EXCL | O_NOFOLLOW, so nothing planted there is written through), written in chunks, fsync'ed, renamed
/// over the target, then the folder fsync'ed. Every failure is reported, none is ignored; a failure before
/// the rename removes the temporary file, so a failed write leaves no half file and the old file (if any)
/// untouched. Used for every file KinhPhi replaces: approved.json, the exports, the reports.
public final class AtomicFile {
    public enum Failure: Error, Sendable, Equatable {
        /// The folder that should hold the file does not exist (or is not a folder).
        case folderMissing(path: String)
        /// The target path is a folder.
        case isFolder(path: String)
        /// The target exists and is not a regular file (a device, a FIFO, a socket): not replaced.
        case notRegularFile(path: String)
        /// The path has no file name ("dir/").
        case noFileName(path: String)
        case system(SystemError)

        /// The failure as a system error (for layers that report only those).
        public var systemError: SystemError {
            switch self {
            case .folderMissing(let p): return SystemError(operation: "open folder", path: p, code: SystemError.codeNotFound)
            case .isFolder(let p): return SystemError(operation: "create", path: p, code: SystemError.codeIsDirectory)
            case .notRegularFile(let p), .noFileName(let p): return SystemError(operation: "create", path: p, code: SystemError.codeInvalid)
            case .system(let e): return e
            }
        }
    }

    public let path: String
    public let folder: String
    let tempPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var finished = false
    static let chunk = 1 << 20

    /// Creates the temporary file next to `path`. Throws when the folder is missing, the target is a
    /// folder or not a regular file, or the temporary file cannot be created.
    public init(path: String) throws(Failure) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        folder = dir.isEmpty ? "/" : dir
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if base.isEmpty { throw .noFileName(path: path) }
        let folderStatus: FileStatus?
        do { folderStatus = try FileIO.status(folder) } catch { throw .system(error) }
        guard folderStatus?.kind == .directory else { throw .folderMissing(path: path) }
        let target: FileStatus?
        do { target = try FileIO.status(path) } catch { throw .system(error) }
        switch target?.kind {
        case nil, .regular?: break
        case .directory?: throw .isFolder(path: path)
        default: throw .notRegularFile(path: path)
        }
        var created: (String, Int32)? = nil
        for _ in 0..<8 where created == nil {
            let candidate = (folder == "/" ? "/" : folder + "/") + ".\(base).tmp-\(CurrentProcess.id)-" + AtomicFile.randomSuffix()
            do {
                let fd = try FileIO.open(candidate, [.writeOnly, .create, .exclusive, .noFollow], op: "create")
                created = (candidate, fd)
            } catch {
                if !error.isAlreadyExists { throw .system(error) }
            }
        }
        guard let (temp, fd) = created else {
            throw .system(SystemError(operation: "create", path: path + " (temporary file)", code: SystemError.codeExists))
        }
        tempPath = temp
        self.fd = fd
        buffer.reserveCapacity(AtomicFile.chunk)
    }

    deinit { if !finished { abandon() } }

    static func randomSuffix() -> String {
        var g = SystemRandomNumberGenerator()
        let v = g.next() as UInt64
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public func write(_ s: String) throws(Failure) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= AtomicFile.chunk { try flush() }
    }

    /// Bytes as they are; a large run is written straight from `bytes`.
    public func write(bytes: [UInt8]) throws(Failure) { try write(bytes: bytes[...]) }

    /// Part of an array, without copying it first.
    public func write(bytes: ArraySlice<UInt8>) throws(Failure) {
        if bytes.count < AtomicFile.chunk {
            buffer.append(contentsOf: bytes)
            if buffer.count >= AtomicFile.chunk { try flush() }
            return
        }
        try flush()
        try writeOut(bytes)
    }

    private func flush() throws(Failure) {
        guard !buffer.isEmpty else { return }
        try writeOut(buffer[...])
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeOut(_ bytes: ArraySlice<UInt8>) throws(Failure) {
        do { try FileIO.writeAll(fd, bytes, path: tempPath) } catch { abandon(); throw .system(error) }
    }

    /// Flushes, fsyncs, renames over the target and fsyncs the folder. A failure before the rename
    /// abandons the write; a failed folder fsync after it is reported (the new file is in place but its
    /// name may not survive a power cut).
    public func commit() throws(Failure) {
        try flush()
        do { try FileIO.fsync(fd, path: tempPath) } catch { abandon(); throw .system(error) }
        FileIO.close(fd); fd = -1
        do { try FileIO.rename(tempPath, path) } catch { abandon(); throw .system(error) }
        finished = true
        do { try FileIO.fsyncDirectory(folder) } catch { throw .system(error) }
    }

    /// Removes the temporary file; the target is left as it was.
    public func abandon() {
        FileIO.close(fd); fd = -1
        if !finished { FileIO.unlinkIfPresent(tempPath) }
        finished = true
    }

    /// Writes `bytes` to `path` atomically in one call.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let f = try AtomicFile(path: path)
        try f.write(bytes: bytes)
        try f.commit()
    }
}
