import Foundation
import XCTest
import KinhPhi
#if canImport(Glibc)
import Glibc
#endif

// Crash consistency (issue 6, item 2; docs/faults.md): `kinhphi import` (a few hundred vouchers per batch)
// and `kinhphi record` run in a child process that is killed with SIGKILL at a seeded random moment
// between 0 and the command's measured typical duration. After every kill:
//   - `kinhphi verify` passes, or reports a torn tail that `kinhphi repair` cuts (then verify passes);
//   - the journal, decoded through the library (`Journal.forEachRecord`), is exactly the records of the
//     submissions that reached it, in order: the journal before the attempt plus either the whole
//     attempted batch or none of it — never a partial, reordered or duplicated record — and byte for
//     byte the old journal plus, at most, the batch's lines.
// A submission that did not reach the journal is run again to the end right after (as a user would), so
// the journal is always a prefix, at batch granularity, of one logical stream of submissions; those runs
// also keep the measured typical duration up to date as the journal grows.
//
// CI count: 20 trials. Full count: KINHPHI_FAULT_TRIALS=200 (tools/faults/run-full.sh). Seed:
// KINHPHI_FAULT_SEED (default fixed). The summary is printed as a line starting with "FAULTS crash".

final class CrashConsistencyTests: XCTestCase {
    /// One logical submission: an import batch or one `record`.
    struct Submission {
        /// The voucher file of an import; nil for a `record`.
        let csv: String?
        /// What it must put in the journal, in order.
        let vouchers: [FaultKit.Expected]
        var isImport: Bool { csv != nil }
        func args(_ ws: URL) -> [String] {
            if let csv { return ["import", ws.path, csv] }
            return FaultKit.recordArgs(vouchers[0], ws: ws.path)
        }
    }

    func testKilledImportsAndRecordsLeaveAPrefixOfWhatWasSubmitted() throws {
        let trials = FaultKit.count("KINHPHI_FAULT_TRIALS", default: 20)
        // Trials per workspace: the journal grows by a batch a trial, and reading it is what a command
        // spends its time on, so a fresh workspace now and then keeps the run short.
        let perWorkspace = FaultKit.count("KINHPHI_FAULT_PER_WORKSPACE", default: 5)
        let seed = FaultKit.seed()
        var rng = FaultKit.Random(seed: seed)
        let batches = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-faults-batches-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: batches, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: batches) }

        var made = 0          // vouchers generated so far (voucher numbers and amounts derive from it)
        func next(importBatch: Bool) throws -> Submission {
            if importBatch {
                let n = 200 + rng.below(201)   // 200…400 vouchers
                let vs = (0..<n).map { _ -> FaultKit.Expected in made += 1; return FaultKit.voucher(made, prefix: "B") }
                let csv = batches.appendingPathComponent("batch-\(made).csv").path
                try FaultKit.csv(vs).write(toFile: csv, atomically: true, encoding: .utf8)
                return Submission(csv: csv, vouchers: vs)
            }
            made += 1
            return Submission(csv: nil, vouchers: [FaultKit.voucher(made, prefix: "R")])
        }

        // The typical duration of each command, measured by running it to the end: one import and one
        // record at the start of the first workspace, and every submission that a kill kept out of the journal
        // is run again to the end (as a user would) and measured too. The kill delay is drawn between 0 and
        // T = the median of the last five runs of the same command, so it follows the journal as it grows.
        var ws = URL(fileURLWithPath: "/")
        var expected: [FaultKit.Expected] = []
        var importTimes: [Double] = [], recordTimes: [Double] = []
        func runToTheEnd(_ s: Submission, _ context: String) throws {
            let before = FaultKit.bytes(FaultKit.journal(ws))
            let t0 = FaultKit.now()
            let r = try FaultKit.spawn(s.args(ws), env: FaultKit.clock).wait()
            let dt = FaultKit.now() - t0
            XCTAssertEqual(r.exitCode, 0, "\(context): \(r)")
            let after = FaultKit.bytes(FaultKit.journal(ws))
            XCTAssertTrue(after.count > before.count && after.prefix(before.count) == before, context + ": not appended")
            if s.isImport { importTimes.append(dt) } else { recordTimes.append(dt) }
            expected += s.vouchers
        }

        var stats = FaultKit.CrashStats()
        var workspaces = 0
        for trial in 0..<trials {
            if trial % perWorkspace == 0 {
                if trial > 0 { try checkEnd(ws, expected) }
                ws = try FaultKit.workspace(self, policy: "ignore").ws
                workspaces += 1
                expected = []
                // Measured in the first workspace; the later ones start with the kill on an empty journal
                // (the command creates journal.kp), timed by the runs so far.
                if trial == 0 {
                    try runToTheEnd(try next(importBatch: true), "measuring import")
                    try runToTheEnd(try next(importBatch: false), "measuring record")
                }
            }
            let s = try next(importBatch: rng.below(10) < 7)
            let typical = FaultKit.median(Array((s.isImport ? importTimes : recordTimes).suffix(5)))
            // Half the kills anywhere in [0, T], half in the last fifth [0.8 T, T]: every command ends with
            // its write and fsync, and a kill there is the case that matters most.
            let delay = (rng.below(2) == 0 ? rng.unit() : 0.8 + 0.2 * rng.unit()) * typical
            let before = FaultKit.bytes(FaultKit.journal(ws))
            let hadJournal = FileManager.default.fileExists(atPath: FaultKit.journal(ws).path)
            let child = try FaultKit.spawn(s.args(ws), env: FaultKit.clock)
            FaultKit.sleep(delay)
            _ = kill(child.pid, SIGKILL)
            let status = child.wait()
            let context = "trial \(trial) (seed \(seed), \(s.isImport ? "import of \(s.vouchers.count)" : "record") after \(expected.count) records, kill after \(Int(delay * 1000)) ms of ~\(Int(typical * 1000)) ms, \(status))"

            // The command either finished before the signal (exit 0) or was killed by it; nothing else.
            if status.signal == nil { XCTAssertEqual(status.exitCode, 0, context) }
            else { XCTAssertEqual(status.signal, SIGKILL, context) }

            // verify: intact, or a torn tail that repair cuts.
            var torn = false
            let v = try CLI.run(["verify", ws.path], env: FaultKit.clock)
            if v.code != 0 {
                torn = true
                XCTAssertEqual(v.code, 1, context + ": " + v.stderr)
                XCTAssertTrue(v.stderr.contains("nhật ký kết thúc dở dang"), context + ": not a torn tail: " + v.stderr)
                let rep = try CLI.run(["repair", ws.path], env: FaultKit.clock)
                XCTAssertEqual(rep.code, 0, context + ": repair: " + rep.stderr)
                let v2 = try CLI.run(["verify", ws.path], env: FaultKit.clock)
                XCTAssertEqual(v2.code, 0, context + ": verify after repair: " + v2.stderr)
            }

            // The records present: the old ones, then all of the batch or none of it.
            let after = FaultKit.bytes(FaultKit.journal(ws))
            let found = try FaultKit.records(ws)
            let landed: Bool
            if found == expected {
                landed = false
                XCTAssertEqual(after, before, context + ": the journal changed but holds no new record")
            } else if found == expected + s.vouchers {
                landed = true
                XCTAssertTrue(after.count > before.count && after.prefix(before.count) == before,
                              context + ": the old journal is not a byte prefix of the new one")
            } else {
                XCTFail(context + ": the journal is not a prefix of what was submitted: " + FaultKit.describeMismatch(found, expected, s.vouchers))
                return
            }
            if status.signal == nil { XCTAssertTrue(landed, context + ": exit 0 but the batch is not in the journal") }
            stats.count(finished: status.signal == nil, landed: landed, torn: torn, isImport: s.isImport)
            if !hadJournal {
                stats.onEmptyWorkspace += 1
                if !landed && FileManager.default.fileExists(atPath: FaultKit.journal(ws).path) { stats.emptyJournalLeft += 1 }
            }
            // Not there: submitted again, to the end (the next trial's decoding checks it is there whole).
            if landed { expected += s.vouchers } else { try runToTheEnd(s, context + ", run again") }
            if (testRun?.totalFailureCount ?? 0) > 0 { return }
        }
        try checkEnd(ws, expected)
        print("FAULTS crash: seed \(seed), trials \(trials) in \(workspaces) workspaces, typical import \(Int(FaultKit.median(importTimes) * 1000)) ms (\(Int((importTimes.min() ?? 0) * 1000))–\(Int((importTimes.max() ?? 0) * 1000))), typical record \(Int(FaultKit.median(recordTimes) * 1000)) ms, \(stats)")
    }

    /// At the end of a workspace's sequence: the chain is intact and holds exactly what was submitted.
    func checkEnd(_ ws: URL, _ expected: [FaultKit.Expected]) throws {
        let final = try CLI.run(["verify", ws.path], env: FaultKit.clock)
        XCTAssertEqual(final.code, 0, final.stderr)
        XCTAssertTrue(final.stdout.contains("nhật ký nguyên vẹn: \(expected.count) bản ghi"), final.stdout)
        XCTAssertEqual(try FaultKit.records(ws), expected)
    }

    /// A power cut (not a kill) can leave any prefix of the written bytes, or a block of zeros after them.
    /// Each case: a batch is appended, the journal is cut inside the new bytes (at a random byte, or right
    /// after a whole line of the batch), sometimes padded with zeros; verify must report a torn tail,
    /// repair must bring back exactly the journal before the batch, and the batch can then be imported again.
    func testPowerCutInsideABatchIsATornTailThatRepairUndoes() throws {
        let cases = FaultKit.count("KINHPHI_FAULT_CUTS", default: 10)
        let seed = FaultKit.seed()
        var rng = FaultKit.Random(seed: seed ^ 0x5EED)
        let (root, ws) = try FaultKit.workspace(self, policy: "ignore")
        var made = 0
        var expected: [FaultKit.Expected] = []
        var zeroPadded = 0, atLineEnd = 0
        for c in 0..<cases {
            let n = 2 + rng.below(60)
            let vs = (0..<n).map { _ -> FaultKit.Expected in made += 1; return FaultKit.voucher(made, prefix: "P") }
            let csv = root.appendingPathComponent("cut-\(c).csv").path
            try FaultKit.csv(vs).write(toFile: csv, atomically: true, encoding: .utf8)
            let before = FaultKit.bytes(FaultKit.journal(ws))
            let imp = try CLI.run(["import", ws.path, csv], env: FaultKit.clock)
            XCTAssertEqual(imp.code, 0, imp.stderr)
            let full = FaultKit.bytes(FaultKit.journal(ws))
            let added = full.suffix(from: before.count)
            // Where to cut: inside the added bytes (never 0 bytes, never all of them).
            var cut: Int
            if rng.below(3) == 0 {
                let ends = added.indices.filter { added[$0] == 10 }.map { $0 - before.count + 1 }.dropLast()
                cut = ends.randomElement(using: &rng) ?? 1
                atLineEnd += 1
            } else {
                cut = 1 + rng.below(added.count - 1)
            }
            var torn = Data(full.prefix(before.count + cut))
            if rng.below(4) == 0 { torn.append(Data(count: 4096 - torn.count % 4096)); zeroPadded += 1 }
            try torn.write(to: FaultKit.journal(ws))
            let context = "case \(c) (seed \(seed)): \(n) records, cut after \(cut) of \(added.count) new bytes"
            let v = try CLI.run(["verify", ws.path], env: FaultKit.clock)
            XCTAssertEqual(v.code, 1, context + ": " + v.stdout + v.stderr)
            XCTAssertTrue(v.stderr.contains("nhật ký kết thúc dở dang"), context + ": " + v.stderr)
            if c % 4 == 0 {
                let s = try CLI.run(["status", ws.path], env: FaultKit.clock)
                XCTAssertEqual(s.code, 2, context + ": status must refuse a torn journal")
            }
            let rep = try CLI.run(["repair", ws.path], env: FaultKit.clock)
            XCTAssertEqual(rep.code, 0, context + ": " + rep.stderr)
            XCTAssertEqual(FaultKit.bytes(FaultKit.journal(ws)), before, context + ": repair did not restore the journal before the batch")
            // Submit it again: now it is recorded whole.
            let again = try CLI.run(["import", ws.path, csv], env: FaultKit.clock)
            XCTAssertEqual(again.code, 0, context + ": " + again.stderr)
            expected += vs
            XCTAssertEqual(FaultKit.bytes(FaultKit.journal(ws)), full, context + ": the batch imported again is not the same bytes")
            if (testRun?.totalFailureCount ?? 0) > 0 { break }
        }
        XCTAssertEqual(try CLI.run(["verify", ws.path], env: FaultKit.clock).code, 0)
        XCTAssertEqual(try FaultKit.records(ws), expected)
        print("FAULTS power-cut: seed \(seed), cases \(cases), cut at a line end \(atLineEnd), zero-padded \(zeroPadded), records \(expected.count)")
    }
}

// MARK: - Shared by the fault tests (crash, concurrency, bad input)

enum FaultKit {
    static let clock = ["KINHPHI_CLOCK": "2026-01-10T03:00:00Z"]

    /// A count from the environment (full runs), or the CI default.
    static func count(_ variable: String, default d: Int) -> Int {
        if let s = ProcessInfo.processInfo.environment[variable], let n = Int(s), n > 0 { return n }
        return d
    }

    static func seed() -> UInt64 {
        if let s = ProcessInfo.processInfo.environment["KINHPHI_FAULT_SEED"], let n = UInt64(s) { return n }
        return 20251120
    }

    /// A copy of the bundled conference and its catalogue in a temp tree, approved with `policy` for every
    /// line (nil: not approved). Removed when the test ends.
    static func workspace(_ test: XCTestCase, policy: String?, name: String = "hoi-nghi-chuyen-gia-2025") throws -> (root: URL, ws: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kinhphi-faults-\(UUID().uuidString)")
        let fixtures = root.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/catalogue"), to: fixtures.appendingPathComponent("catalogue"))
        let ws = fixtures.appendingPathComponent(name)
        try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025"), to: ws)
        for f in ["approved.json", "journal.kp", "journal.lock"] { try? FileManager.default.removeItem(at: ws.appendingPathComponent(f)) }
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        if let policy {
            let a = try CLI.run(["approve", ws.path, "--decision", "2156/QĐ-STC", "--date", "24/10/2025", "--policy", policy], env: clock)
            XCTAssertEqual(a.code, 0, a.stderr)
        }
        return (root, ws)
    }

    static func journal(_ ws: URL) -> URL { ws.appendingPathComponent("journal.kp") }
    static func bytes(_ url: URL) -> Data { FileManager.default.contents(atPath: url.path) ?? Data() }

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

    struct Status: CustomStringConvertible {
        let exitCode: Int32?
        let signal: Int32?
        var description: String { signal.map { "killed by signal \($0)" } ?? "exit \(exitCode ?? -1)" }
    }

    struct Child {
        let pid: pid_t
        func wait() -> Status {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let sig = status & 0x7f
            if sig == 0 { return Status(exitCode: (status >> 8) & 0xff, signal: nil) }
            return Status(exitCode: nil, signal: sig)
        }
    }

    /// Starts `kinhphi args…` (posix_spawn: no Foundation machinery between the spawn and a kill), with
    /// stdin, stdout and stderr on /dev/null.
    static func spawn(_ args: [String], env: [String: String]) throws -> Child {
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        let binary = CLI.binary.path
        var argv: [UnsafeMutablePointer<CChar>?] = ([binary] + args).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, &argv, &envp)
        guard rc == 0 else { throw NSError(domain: "posix_spawn", code: Int(rc)) }
        return Child(pid: pid)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        while nanosleep(&ts, &rest) != 0 && errno == EINTR { ts = rest }
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[s.count / 2]
    }

    /// SplitMix64: small, seeded, the same sequence on every platform.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// 0 ..< n
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        /// [0, 1)
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// Where the kills landed.
    struct CrashStats: CustomStringConvertible {
        var finishedBeforeKill = 0, killedBeforeWrite = 0, killedDuringWrite = 0, killedAfterWrite = 0, tornRepaired = 0
        var imports = 0, records = 0
        /// Kills of a command that had to create journal.kp, and how many left it there, empty.
        var onEmptyWorkspace = 0, emptyJournalLeft = 0
        mutating func count(finished: Bool, landed: Bool, torn: Bool, isImport: Bool) {
            if isImport { imports += 1 } else { records += 1 }
            if torn { tornRepaired += 1 }
            if finished { finishedBeforeKill += 1 }
            else if torn { killedDuringWrite += 1 }
            else if landed { killedAfterWrite += 1 }
            else { killedBeforeWrite += 1 }
        }
        var description: String {
            "attempts: \(imports) imports, \(records) records; finished before the kill \(finishedBeforeKill), killed before the write \(killedBeforeWrite), during the write \(killedDuringWrite), after the write \(killedAfterWrite); torn tails repaired \(tornRepaired); on a workspace without a journal \(onEmptyWorkspace) (an empty journal.kp left by \(emptyJournalLeft))"
        }
    }
}
