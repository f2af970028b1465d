import Foundation
import XCTest
import KinhPhi
import TestSupport

// The CLI tests' shared code: runs the real `kinhphi` binary (built next to this test bundle) the way a
// user would (`CLI`), compares whole outputs with golden files (`Golden`, hledger-style functional
// tests), and gives the fault tests their workspaces, vouchers and child processes (`FaultKit`).
//
// Golden files live in Tests/KinhPhiCLITests/Golden. They were produced by the command, then read and
// checked by hand line by line against the fixture (docs/architecture.md §Tests). After an intended layout
// change: `KINHPHI_UPDATE_GOLDEN=1 swift test --filter KinhPhiCLITests` rewrites the files that differ,
// lists them and fails; review the diff, then run again without the variable.

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

    /// The clock most CLI tests run under (KINHPHI_CLOCK): 10/01/2026, after the conference and its
    /// adjustment period.
    static let clock = ["KINHPHI_CLOCK": "2026-01-10T03:00:00Z"]

    static func journal(_ ws: URL) -> URL { ws.appendingPathComponent("journal.kp") }

    /// A file's bytes (empty when it does not exist).
    static func bytes(_ url: URL) -> Data { FileManager.default.contents(atPath: url.path) ?? Data() }

    /// `kinhphi approve` as the Finance Department's decision 2156/QĐ-STC of 24/10/2025, with the
    /// over-budget `policy` for every line (nil: the program's default); must succeed.
    static func approve(_ ws: URL, policy: String? = nil, env: [String: String] = clock,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try run(["approve", ws.path, "--decision", "2156/QĐ-STC", "--date", "24/10/2025"] + (policy.map { ["--policy", $0] } ?? []),
                        env: env)
        XCTAssertEqual(a.code, 0, "approve: " + a.stderr, file: file, line: line)
    }

    // MARK: The witness of every run

    /// Where the tests keep their witnesses: a folder of this test process in the temporary folder, never the
    /// user's home (docs/threat-model.md). One witness per workspace (`witness(for:)`): workspaces copied
    /// from one fixture and approved under one clock share an approval's SHA-256, which is a workspace's
    /// identity in a witness, so a shared witness would mix their histories.
    static let witnessRoot: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-witness-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// The witness file of a workspace folder (by its real path), in `witnessRoot`.
    static func witness(for ws: URL) -> URL {
        let real = ws.standardizedFileURL.resolvingSymlinksInPath().path
        let name = real.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) && $0.isASCII ? String($0) : "_" }.joined()
        return witnessRoot.appendingPathComponent(name + ".witness")
    }

    /// `env` with KINHPHI_WITNESS set, unless it sets it already: the witness of the workspace the command
    /// names (its first argument after the command, resolved from `cwd`), else one shared by the runs of
    /// this test process that name no workspace. KINHPHI_WITNESS_KEY is never inherited.
    static func withWitness(_ args: [String], cwd: URL, env: [String: String]) -> [String: String] {
        var e = env
        if e["KINHPHI_WITNESS"] == nil {
            let ws = args.dropFirst().first { !$0.hasPrefix("-") }.map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : cwd.appendingPathComponent($0) }
            var isDir: ObjCBool = false
            if let ws, FileManager.default.fileExists(atPath: ws.path, isDirectory: &isDir), isDir.boolValue {
                e["KINHPHI_WITNESS"] = witness(for: ws).path
            } else {
                e["KINHPHI_WITNESS"] = witnessRoot.appendingPathComponent("other.witness").path
            }
        }
        if e["KINHPHI_WITNESS_KEY"] == nil { e["KINHPHI_WITNESS_KEY"] = "" }
        return e
    }

    /// Runs `kinhphi args…` in `cwd` (default: the repository root), capturing both streams. The witness is
    /// always in a temporary folder (`withWitness`).
    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: Data? = nil) throws -> CLIRun {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in withWitness(args, cwd: cwd ?? repoRoot, env: env) { environment[k] = v }
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
    /// A CSV file `init` wrote (UTF-8 with BOM, CRLF) re-written with ";" between cells, as Excel saves it
    /// with a Vietnamese list separator.
    static func resaveWithSemicolons(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path), file: file, line: line)
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF], file: file, line: line)
        let rows = try RFC4180.parse(String(decoding: data.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        let text = rows.map { row in
            row.map { $0.contains(";") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ";")
        }.joined(separator: "\r\n") + "\r\n"
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
    }

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

    /// The README tour on a fresh copy of the bundled conference (with the templates folder beside it):
    /// approve, import its spending, and correct the postage voucher (record 2, PC-01: 2.106.000 đ, not
    /// 2.160.000) by a reversal and a new record. 36 records; settled: 172.086.000 đ actual.
    static func touredWorkspace(for test: XCTestCase, env: [String: String], conferenceRows: String = "") throws -> URL {
        let ws = try fixtureCopy(for: test)
        if !conferenceRows.isEmpty {
            let h = try FileHandle(forWritingTo: ws.appendingPathComponent("conference.csv"))
            try h.seekToEnd()
            try h.write(contentsOf: Data(conferenceRows.utf8))
            try h.close()
        }
        try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("fixtures/templates"),
                                         to: ws.deletingLastPathComponent().appendingPathComponent("templates"))
        let steps: [[String]] = [
            ["approve", ws.path, "--decision", "1234/QĐ-UBND", "--date", "10/11/2025"],
            ["import", ws.path, ws.appendingPathComponent("spending.csv").path],
            ["reverse", ws.path, "2", "--reason", "Sai số tiền: hóa đơn 0004512 là 2.106.000 đ"],
            ["record", ws.path, "--date", "03/11/2025", "--line", "1.2", "--payee", "Bưu điện Trung tâm 1 Hà Nội",
             "--payee-type", "business", "--tax-code", "0106213579",
             "--description", "Cước chuyển phát 86 giấy mời và phiếu xác nhận tham dự", "--amount", "2.106.000",
             "--vat", "191.455", "--method", "cash", "--kind", "payment", "--invoice-series", "1C25BDH",
             "--invoice-no", "0004512", "--invoice-date", "03/11/2025", "--voucher-no", "PC-01"],
        ]
        for args in steps {
            let r = try run(args, env: env)
            XCTAssertEqual(r.code, 0, "\(args[0]): \(r.stdout)\(r.stderr)")
        }
        return ws
    }

    /// Compares `actual` with the golden file `name` byte for byte. With KINHPHI_UPDATE_GOLDEN=1 it writes
    /// `actual` there instead when they differ — and fails either way, naming the file it rewrote (or left
    /// alone), so that an update run can never pass; the files rewritten are listed again at the end of
    /// the run. A golden file that cannot be written fails with the reason.
    static func assertGolden(_ actual: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let updating = ProcessInfo.processInfo.environment["KINHPHI_UPDATE_GOLDEN"] == "1"
        let outcome = Golden.check(actual, at: goldenDir.appendingPathComponent(name), update: updating)
        if updating { Golden.Report.shared.note(name, outcome) }
        if let message = outcome.failure(name) { XCTFail(message, file: file, line: line) }
    }
}

// MARK: - Golden files

enum Golden {
    /// What comparing (or, in update mode, rewriting) one golden file came to.
    enum Outcome: Equatable {
        /// The output is the golden file, byte for byte.
        case same
        /// The output differs from the golden file, first at `line` (1-based).
        case differs(line: Int, expected: String, actual: String)
        /// There is no golden file of that name.
        case missing
        /// Update mode: the golden file differed (or was missing) and now holds the output.
        case rewrote
        /// Update mode: the golden file already held the output; nothing written.
        case unchanged
        /// Update mode: the golden file could not be written.
        case cannotWrite(String)

        /// The failure message, or nil when this outcome passes (only `.same` does).
        func failure(_ name: String) -> String? {
            let update = "KINHPHI_UPDATE_GOLDEN=1: "
            let rerun = "review the diff (git diff Tests/KinhPhiCLITests/Golden) and run again without KINHPHI_UPDATE_GOLDEN — an update run never passes"
            switch self {
            case .same: return nil
            case .differs(let line, let expected, let actual):
                return """
                    output differs from golden file \(name) at line \(line):
                      expected: \(expected)
                      actual:   \(actual)
                    """
            case .missing: return "golden file \(name) is missing (write it with KINHPHI_UPDATE_GOLDEN=1, then check it by hand)"
            case .rewrote: return update + "rewrote golden file \(name); " + rerun
            case .unchanged: return update + "golden file \(name) unchanged; " + rerun
            case .cannotWrite(let why): return update + "cannot write golden file \(name): \(why)"
            }
        }
    }

    /// Compares `actual` with the file at `url`; with `update`, writes it there when it differs.
    static func check(_ actual: Data, at url: URL, update: Bool) -> Outcome {
        let expected = FileManager.default.contents(atPath: url.path)
        if update {
            if expected == actual { return .unchanged }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url)
            } catch {
                return .cannotWrite("\(error)")
            }
            return .rewrote
        }
        guard let expected else { return .missing }
        if expected == actual { return .same }
        let e = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let a = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let firstDiff = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        return .differs(line: firstDiff + 1, expected: firstDiff < e.count ? e[firstDiff] : "<end>",
                        actual: firstDiff < a.count ? a[firstDiff] : "<end>")
    }

    /// Update mode: what each golden assertion did, printed once when the test bundle finishes.
    final class Report: NSObject, XCTestObservation, @unchecked Sendable {
        static let shared = Report()
        /// Lists the outcomes at the end of the test bundle (only the shared report, in update mode).
        let observes: Bool
        init(observes: Bool = true) { self.observes = observes }
        private let lock = NSLock()
        private var outcomes: [(String, Outcome)] = []
        private var observing = false

        func note(_ name: String, _ outcome: Outcome) {
            lock.lock()
            defer { lock.unlock() }
            outcomes.append((name, outcome))
            if observes && !observing {
                observing = true
                XCTestObservationCenter.shared.addTestObserver(self)
            }
        }

        func testBundleDidFinish(_ testBundle: Bundle) { print(summary()) }

        /// One line: what the update run rewrote, left alone and could not write.
        func summary() -> String {
            lock.lock()
            defer { lock.unlock() }
            let rewrote = outcomes.filter { $0.1 == .rewrote }.map(\.0)
            let unchanged = outcomes.filter { $0.1 == .unchanged }.map(\.0)
            let failed = outcomes.compactMap { o -> String? in if case .cannotWrite(let why) = o.1 { return "\(o.0) (\(why))" }; return nil }
            return "GOLDEN update mode (KINHPHI_UPDATE_GOLDEN=1), this run fails: rewrote \(rewrote.count) \(rewrote.sorted()); unchanged \(unchanged.count); could not write \(failed.count) \(failed.sorted())"
        }
    }
}

// MARK: - Shared by the fault tests (crash, concurrency, bad input)

enum FaultKit {
    static let clock = CLI.clock

    /// A count from the environment (full runs), or the CI default.
    static func count(_ variable: String, default d: Int) -> Int {
        if let s = ProcessInfo.processInfo.environment[variable], let n = Int(s), n > 0 { return n }
        return d
    }

    static func seed() -> UInt64 {
        if let s = ProcessInfo.processInfo.environment["KINHPHI_FAULT_SEED"], let n = UInt64(s) { return n }
        return 20251120
    }

    /// A fresh copy of the bundled conference and its catalogue (`CLI.fixtureCopy`), approved with
    /// `policy` for every line (nil: not approved); `root` is the temp tree, for scratch files.
    static func workspace(_ test: XCTestCase, policy: String?) throws -> (root: URL, ws: URL) {
        let ws = try CLI.fixtureCopy(for: test)
        if let policy { try CLI.approve(ws, policy: policy) }
        return (ws.deletingLastPathComponent().deletingLastPathComponent(), ws)
    }

    static func journal(_ ws: URL) -> URL { CLI.journal(ws) }
    static func bytes(_ url: URL) -> Data { CLI.bytes(url) }

    // MARK: Vouchers

    /// What a submitted voucher must look like in the journal.
    struct Expected: Equatable, CustomStringConvertible {
        let voucherNo: String
        let line: String
        let payee: String
        let text: String
        let amount: Int64
        var description: String { "\(voucherNo) line \(line) \(amount) đ" }
    }

    static let lines = ["1.1", "3.2", "3.3", "4.2", "6.1"]

    /// Voucher number `n`: a cash payment to an individual (no rule can refuse it under the ignore policy).
    static func voucher(_ n: Int, prefix: String) -> Expected {
        Expected(voucherNo: "\(prefix)-\(n)", line: lines[n % lines.count], payee: "Nguyễn Văn \(n % 97), tổ \(n % 7)",
                 text: "Chi thử số \(n) \"lô\" kiểm tra", amount: Int64(1_000 + n))
    }

    static func csvCell(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func csv(_ vs: [Expected]) -> String {
        var t = "date,line,payee,payee_type,description,amount,method,kind,voucher_no\n"
        for v in vs {
            t += "20/11/2025,\(v.line),\(csvCell(v.payee)),individual,\(csvCell(v.text)),\(v.amount),cash,payment,\(v.voucherNo)\n"
        }
        return t
    }

    static func recordArgs(_ v: Expected, ws: String) -> [String] {
        ["record", ws, "--date", "20/11/2025", "--line", v.line, "--payee", v.payee, "--payee-type", "individual",
         "--description", v.text, "--amount", String(v.amount), "--method", "cash", "--kind", "payment", "--voucher-no", v.voucherNo]
    }

    /// The journal's vouchers, decoded through the library (seq, prev and hash checked on the way).
    static func records(_ ws: URL) throws -> [Expected] {
        try decoded(ws).map(\.1)
    }

    /// (seq, voucher) for every record.
    static func decoded(_ ws: URL) throws -> [(Int, Expected)] {
        let journal = try Journal.open(Workspace(path: ws.path), settings: JournalSettings(now: try Clock.now(environment: clock)))
        var out: [(Int, Expected)] = []
        try journal.forEachRecord { r in
            guard case .voucher(let v) = r.body else { out.append((r.seq, Expected(voucherNo: "reversal", line: "", payee: "", text: "", amount: 0))); return }
            out.append((r.seq, Expected(voucherNo: v.voucherNumber ?? "", line: v.line, payee: v.payee, text: v.description, amount: v.amount.dong)))
        }
        return out
    }

    static func describeMismatch(_ found: [Expected], _ before: [Expected], _ batch: [Expected]) -> String {
        let common = zip(found, before).prefix { $0.0 == $0.1 }.count
        return "\(found.count) records found, \(before.count) before the attempt, batch of \(batch.count); first difference at record \(common + 1): "
            + (common < found.count ? found[common].description : "<end>")
    }

    // MARK: Child processes

    /// Starts `kinhphi args…` (posix_spawn, streams on /dev/null or stderr on a pipe), optionally under a
    /// file-size limit.
    static func spawn(_ args: [String], env: [String: String], limit: ChildProcess.FileSizeLimit? = nil,
                      captureStderr: Bool = false) throws -> ChildProcess {
        try ChildProcess.spawn(CLI.binary.path, args, env: CLI.withWitness(args, cwd: CLI.repoRoot, env: env), limit: limit, captureStderr: captureStderr)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }
}

// MARK: - What an attacker does (issue 11)

/// What someone who can write the workspace does with `sha256sum`: journal.kp rewritten with every `prev`
/// and `hash` recomputed, so that the chain holds again (docs/threat-model.md). The tests use it to show
/// what the chain alone cannot catch, and what the witness and the anchors do.
enum Forgery {
    /// Reads journal.kp's lines, lets `edit` change them (whole lines; `prev`/`hash` are recomputed after),
    /// and writes the file back rechained from the SHA-256 of the workspace's approved.json.
    static func rechain(_ ws: URL, _ edit: (inout [String]) -> Void) throws {
        let journal = ws.appendingPathComponent("journal.kp")
        var lines = try String(contentsOf: journal, encoding: .utf8).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        edit(&lines)
        var prev = SHA256.hash(Array(try Data(contentsOf: ws.appendingPathComponent("approved.json")))).hex
        var out = ""
        for l in lines {
            let body = l.components(separatedBy: "\tprev=")[0] + "\tprev=" + prev
            let h = SHA256.hash(body).hex
            out += body + "\thash=" + h + "\n"
            prev = h
        }
        try Data(out.utf8).write(to: journal)
    }

    /// A copy of line `n` (1-based) as a new last record (its seq renumbered).
    static func appendCopy(of n: Int, _ lines: inout [String]) {
        var l = lines[n - 1]
        if let tab = l.firstIndex(of: "\t") { l = "seq=\(lines.count + 1)" + l[tab...] }
        lines.append(l.replacingOccurrences(of: "\tmore=1", with: ""))
    }

    /// Cuts journal.kp to its first `records` lines.
    static func keep(_ ws: URL, records: Int) throws {
        let journal = ws.appendingPathComponent("journal.kp")
        let lines = try String(contentsOf: journal, encoding: .utf8).components(separatedBy: "\n").prefix(records)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: journal)
    }
}
