// Shared by every fuzz target (compiled into each target binary by fuzz/run.sh).
//
// • `FuzzFail.check(_:_:)` — an invariant; a violation aborts with a message, so libFuzzer saves the input
//   as a crash (exactly like a trap in the code under test).
// • `FuzzPaths` — where the repository (fixtures/) is, and a private temporary folder for this process
//   (removed at exit). run.sh sets KINHPHI_FUZZ_ROOT and KINHPHI_FUZZ_TMP; without them the repository is
//   found from this file's path and the folder goes under /dev/shm (or the system temporary folder).
// • `splitInput(_:)` — cuts an input in two at the first 0xFF byte (never part of valid UTF-8, so it cannot
//   be part of any CSV the readers accept).

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes to stderr (fd 2) without touching the C `stderr` global.
func eprint(_ text: String) {
    var t = text
    t.withUTF8 { u in _ = Glibc.write(2, u.baseAddress, u.count) }
}

/// KINHPHI_FUZZ_VERBOSE=1 (e.g. with `run.sh repro`): targets say what happened to each input.
let fuzzVerbose = getenv("KINHPHI_FUZZ_VERBOSE") != nil
func note(_ text: @autoclosure () -> String) { if fuzzVerbose { eprint("fuzz: " + text() + "\n") } }

enum FuzzFail {
    static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
        if !condition() {
            let text = "FUZZ INVARIANT VIOLATED (\(file):\(line)): \(message())\n"
            eprint(text)
            abort()
        }
    }
}

enum FuzzPaths {
    /// The repository root (the folder holding fixtures/).
    static let root: String = {
        if let r = ProcessInfo.processInfo.environment["KINHPHI_FUZZ_ROOT"], !r.isEmpty { return r }
        // fuzz/support/Support.swift → repository root
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ relative: String) -> String { root + "/fixtures/" + relative }

    static func read(_ path: String) -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else {
            eprint("fuzz: cannot read \(path)\n"); exit(2)
        }
        return [UInt8](d)
    }

    /// A fresh folder private to this process, removed at exit.
    static let scratch: String = {
        let env = ProcessInfo.processInfo.environment
        var base = env["KINHPHI_FUZZ_TMP"] ?? ""
        if base.isEmpty {
            var isDir: ObjCBool = false
            base = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
                ? "/dev/shm" : NSTemporaryDirectory()
        }
        let dir = (base.hasSuffix("/") ? base : base + "/") + "kinhphi-fuzz-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            eprint("fuzz: cannot create \(dir): \(error)\n"); exit(2)
        }
        scratchToRemove = strdup(dir)
        atexit { if let p = scratchToRemove { _ = try? FileManager.default.removeItem(atPath: String(cString: p)) } }
        return dir
    }()

    nonisolated(unsafe) static var scratchToRemove: UnsafeMutablePointer<CChar>? = nil

    static func write(_ bytes: [UInt8], to path: String) {
        let ok = bytes.withUnsafeBytes { p -> Bool in
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd < 0 { return false }
            defer { close(fd) }
            var off = 0
            while off < p.count {
                let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        if !ok { eprint("fuzz: cannot write \(path)\n"); exit(2) }
    }

    static func mkdir(_ path: String) {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    static func remove(_ path: String) { unlink(path) }
}

/// The input cut at the first 0xFF: (before, after); `after` is nil when there is no 0xFF.
func splitInput(_ b: [UInt8]) -> ([UInt8], [UInt8]?) {
    guard let i = b.firstIndex(of: 0xFF) else { return (b, nil) }
    return (Array(b[..<i]), Array(b[(i + 1)...]))
}

func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}
