import KinhPhiCore
import KinhPhiSystem

// Output files are written by the system layer's one atomic writer (KinhPhiSystem.AtomicFile: a temporary
// file beside the target, fsync, rename, folder fsync; nothing left behind on failure). This file only
// gives its failures the words an accountant reads.

public enum ExportError: Error, Sendable, Localized {
    case folderMissing(path: String)
    case isFolder(path: String)
    case notRegularFile(path: String)
    case cannotWrite(path: String, reason: String)

    public func message(_ lang: Language) -> String {
        switch self {
        case .folderMissing(let p):
            return lang == .vi ? "\(p): thư mục chứa tệp xuất không tồn tại" : "\(p): the folder for this output file does not exist"
        case .isFolder(let p):
            return lang == .vi ? "\(p): đường dẫn tệp xuất là một thư mục, không phải tệp" : "\(p): the output path is a folder, not a file"
        case .notRegularFile(let p):
            return lang == .vi ? "\(p): đường dẫn tệp xuất không phải tệp thường (thiết bị, FIFO hoặc socket): không ghi đè"
                               : "\(p): the output path is not a regular file (a device, FIFO or socket): not replaced"
        case .cannotWrite(let p, let r):
            return lang == .vi ? "\(p): không ghi được tệp (\(r))" : "\(p): cannot write the file (\(r))"
        }
    }

    init(_ f: AtomicFile.Failure, path: String) {
        switch f {
        case .folderMissing: self = .folderMissing(path: path)
        case .isFolder: self = .isFolder(path: path)
        case .notRegularFile: self = .notRegularFile(path: path)
        case .noFileName: self = .cannotWrite(path: path, reason: "no file name")
        case .system(let e): self = .cannotWrite(path: path, reason: SystemError.describe(e.code))
        }
    }
}

/// Where an export's bytes go: a file written atomically (`AtomicFileWriter`), or standard output
/// (`MemoryOutput`, which the CLI prints: `-` for a file name).
public protocol ExportOutput: AnyObject {
    func write(_ s: String) throws(ExportError)
    func write(bytes: [UInt8]) throws(ExportError)
    func write(bytes: ArraySlice<UInt8>) throws(ExportError)
}

/// Output kept in memory, for standard output.
public final class MemoryOutput: ExportOutput {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ s: String) throws(ExportError) { bytes.append(contentsOf: s.utf8) }
    public func write(bytes b: [UInt8]) throws(ExportError) { bytes.append(contentsOf: b) }
    public func write(bytes b: ArraySlice<UInt8>) throws(ExportError) { bytes.append(contentsOf: b) }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// An output file written atomically (see `AtomicFile`), with export errors.
public final class AtomicFileWriter: ExportOutput {
    public var path: String { file.path }
    private let file: AtomicFile

    /// Creates the temporary file next to `path`. Throws when the folder is missing or not writable, or
    /// the path is a folder or not a regular file.
    public init(path: String) throws(ExportError) {
        do { file = try AtomicFile(path: path) } catch { throw ExportError(error, path: path) }
    }

    public func write(_ s: String) throws(ExportError) {
        do { try file.write(s) } catch { throw ExportError(error, path: path) }
    }

    /// Bytes as they are (the streamed voucher list).
    public func write(bytes: [UInt8]) throws(ExportError) {
        do { try file.write(bytes: bytes) } catch { throw ExportError(error, path: path) }
    }

    public func write(bytes: ArraySlice<UInt8>) throws(ExportError) {
        do { try file.write(bytes: bytes) } catch { throw ExportError(error, path: path) }
    }

    /// Flushes, fsyncs, renames over the target and fsyncs the folder.
    public func commit() throws(ExportError) {
        do { try file.commit() } catch { throw ExportError(error, path: path) }
    }

    /// Removes the temporary file; the target is left as it was.
    public func abandon() { file.abandon() }
}
