#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KinhPhiCore

// Writes a file atomically: a temp file beside the target, written in chunks, fsync'ed, renamed over the
// target, then the folder fsync'ed. A failure at any point removes the temp file: a failed export leaves
// no half file and the old file (if any) untouched.

public enum ExportError: Error, Sendable, Localized {
    case folderMissing(path: String)
    case isFolder(path: String)
    case cannotWrite(path: String, reason: String)

    public func message(_ lang: Language) -> String {
        switch self {
        case .folderMissing(let p):
            return lang == .vi ? "\(p): thư mục chứa tệp xuất không tồn tại" : "\(p): the folder for this output file does not exist"
        case .isFolder(let p):
            return lang == .vi ? "\(p): đường dẫn tệp xuất là một thư mục, không phải tệp" : "\(p): the output path is a folder, not a file"
        case .cannotWrite(let p, let r):
            return lang == .vi ? "\(p): không ghi được tệp (\(r))" : "\(p): cannot write the file (\(r))"
        }
    }
}

public final class AtomicFileWriter {
    public let path: String
    let tempPath: String
    let folder: String
    var fd: Int32
    var buffer: [UInt8] = []
    var finished = false

    /// Opens a temp file next to `path`. Throws when the folder is missing or not writable.
    public init(path: String) throws(ExportError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        folder = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        if base.isEmpty { throw .cannotWrite(path: path, reason: "no file name") }
        var st = stat()
        guard stat(folder.isEmpty ? "/" : folder, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { throw .folderMissing(path: path) }
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw .isFolder(path: path)
        }
        tempPath = (folder.isEmpty ? "" : folder + "/") + ".\(base).tmp-\(getpid())"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if !finished { abandon() } }

    public func write(_ s: String) throws(ExportError) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Bytes as they are (the streamed voucher list); a large run is written straight from `bytes`.
    public func write(bytes: [UInt8]) throws(ExportError) {
        if bytes.count < 1 << 20 {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
            return
        }
        try flush()
        var failure: ExportError? = nil
        bytes.withUnsafeBytes { p in
            do throws(ExportError) { try writeAll(p) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func flush() throws(ExportError) {
        var failure: ExportError? = nil
        buffer.withUnsafeBytes { p in
            do throws(ExportError) { try writeAll(p) } catch { failure = error }
        }
        if let failure { throw failure }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ p: UnsafeRawBufferPointer) throws(ExportError) {
        var off = 0
        while off < p.count {
            let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                abandon()
                throw .cannotWrite(path: path, reason: reason)
            }
            off += n
        }
    }

    /// Flushes, fsyncs, renames over the target and fsyncs the folder.
    public func commit() throws(ExportError) {
        try flush()
        if fsync(fd) != 0 { let r = String(cString: strerror(errno)); abandon(); throw .cannotWrite(path: path, reason: r) }
        close(fd); fd = -1
        if rename(tempPath, path) != 0 { let r = String(cString: strerror(errno)); abandon(); throw .cannotWrite(path: path, reason: r) }
        finished = true
        let dfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Removes the temp file; the target is left as it was.
    public func abandon() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(tempPath)
        finished = true
    }
}
