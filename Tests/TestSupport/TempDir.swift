// A fresh temporary folder per test: create in setUp, `remove()` in tearDown.

import Foundation

public final class TempDir {
    public let url: URL
    public var path: String { url.path }

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-test-" + UUID().uuidString, isDirectory: true)
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        catch { fatalError("cannot create \(url.path): \(error)") }
    }

    /// Writes UTF-8 text; returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    /// Writes raw bytes (for encoding tests); returns the file's path.
    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        let p = file(name)
        guard FileManager.default.createFile(atPath: p, contents: Data(bytes)) else { fatalError("cannot write \(p)") }
        return p
    }

    /// Copies a file in; returns the new path.
    @discardableResult
    public func copy(_ source: String, as name: String) -> String {
        let p = file(name)
        do { try FileManager.default.copyItem(atPath: source, toPath: p) } catch { fatalError("cannot copy \(source): \(error)") }
        return p
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
