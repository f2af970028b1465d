import Foundation
import XCTest

// Runs the real `kinhphi` binary (built next to this test bundle) the way a user would, and compares
// whole outputs with golden files (hledger-style functional tests).
//
// Golden files live in Tests/KinhPhiCLITests/Golden. They were produced by the command, then read and
// checked by hand line by line against the fixture (docs/architecture.md §Tests); to regenerate after an
// intended layout change: KINHPHI_UPDATE_GOLDEN=1 swift test --filter KinhPhiCLITests, then review the diff.

struct CLIRun {
    let stdout: String
    let stderr: String
    let code: Int32
    let stdoutBytes: Data
}

enum CLI {
    /// The repository root (three levels above this file).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let goldenDir = repoRoot.appendingPathComponent("Tests/KinhPhiCLITests/Golden")

    /// The directory the test binary was built into; `kinhphi` is built there too.
    static var productsDir: URL {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // Inside an .xctest bundle (macOS layout): climb out of it.
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }

    static var binary: URL { productsDir.appendingPathComponent("kinhphi") }

    /// Runs `kinhphi args…` in `cwd` (default: the repository root), capturing both streams.
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: Data? = nil) throws -> CLIRun {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try out.close(); try err.close()
        let o = try Data(contentsOf: outURL), e = try Data(contentsOf: errURL)
        return CLIRun(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self), code: p.terminationStatus, stdoutBytes: o)
    }

    /// A fresh copy of a bundled fixture and the catalogue beside it, in a temp tree that `test` removes
    /// at teardown, without any approval or journal: `<tmp>/fixtures/<name>`.
    static func fixtureCopy(_ name: String = "hoi-nghi-chuyen-gia-2025", for test: XCTestCase) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-cli-\(UUID().uuidString)")
        let fixtures = root.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("fixtures/catalogue"), to: fixtures.appendingPathComponent("catalogue"))
        let ws = fixtures.appendingPathComponent(name)
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("fixtures/\(name)"), to: ws)
        for f in ["approved.json", "journal.kp", "journal.lock"] { try? FileManager.default.removeItem(at: ws.appendingPathComponent(f)) }
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return ws
    }

    /// Compares `actual` with the golden file byte for byte; with KINHPHI_UPDATE_GOLDEN=1 rewrites it.
    static func assertGolden(_ actual: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = goldenDir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KINHPHI_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: goldenDir, withIntermediateDirectories: true)
            try? actual.write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            XCTFail("golden file \(name) is missing (run with KINHPHI_UPDATE_GOLDEN=1 and review it)", file: file, line: line)
            return
        }
        if expected != actual {
            let e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
            let a = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
            let firstDiff = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            XCTFail("""
                output differs from golden file \(name) at line \(firstDiff + 1):
                  expected: \(firstDiff < e.count ? e[firstDiff] : "<end>")
                  actual:   \(firstDiff < a.count ? a[firstDiff] : "<end>")
                """, file: file, line: line)
        }
    }
}
