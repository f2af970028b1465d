import Foundation
import KinhPhi

// kinhphi-bench --year: a department's (or a city's) year of events for `kinhphi report` (issue 16,
// docs/performance.md § The year over many workspaces).
//
//   kinhphi-bench --year --workspaces 2000 [--vouchers 50] [--lines 15] [--big 20 --big-vouchers 50000]
//                 [--dir PATH] [--keep] [--runs R] [--cold]
//
// Generates `--workspaces` small events of `--vouchers` vouchers each and `--big` large ones of
// `--big-vouchers` each, each approved and imported through the library exactly as `approve` and `import`
// do (every recording check), on every core; each event has its own voucher and invoice numbers and experts
// (`Workload.tag`), and one small event in 200 is a copy of the one before it, as a slip would make it, so
// that the checks across events find something and their confirmation pass is timed too. Then times
// `report` — the library calls `kinhphi report <folder> --year 2025` makes, text and CSV rendered — in a
// child process per run (its own peak RSS), warm, and cold when the page cache can be dropped (root).
// A folder given with --dir that already holds the same tree (`year-bench.txt`) is reused.

struct YearBenchOptions {
    var workspaces: Int
    var vouchers: Int
    var lines: Int
    var big: Int
    var bigVouchers: Int
    var seed: UInt64
    /// One witness shared by the whole tree (`<root>/witness`), written by every approve and import.
    var witness: Bool

    var signature: String { "workspaces=\(workspaces) vouchers=\(vouchers) lines=\(lines) big=\(big) big-vouchers=\(bigVouchers) seed=\(seed)" + (witness ? " witness" : "") }
}

enum YearBench {
    /// One event to make: its folder, workload and tag.
    struct Event { let folder: String; let vouchers: Int; let lines: Int; let seed: UInt64; let tag: Int; let copyOf: Int? }

    static func plan(_ y: YearBenchOptions, root: String) -> [Event] {
        var out: [Event] = []
        for i in 0..<y.workspaces {
            // Every 200th small event is a copy of the one before it (same seed, same numbers, same people).
            let copy = i % 200 == 199
            let tag = copy ? i : i + 1
            out.append(Event(folder: root + "/events/" + String(format: "su-kien-%05d", i + 1), vouchers: y.vouchers, lines: y.lines,
                             seed: y.seed &+ UInt64(copy ? i - 1 : i), tag: tag, copyOf: copy ? i : nil))
        }
        for i in 0..<y.big {
            let tag = y.workspaces + i + 1
            out.append(Event(folder: root + "/events/lon/" + String(format: "su-kien-lon-%02d", i + 1), vouchers: y.bigVouchers,
                             lines: 300, seed: y.seed &+ 1_000_000 &+ UInt64(i), tag: tag, copyOf: nil))
        }
        return out
    }

    /// Writes, approves and imports every event (on every core); returns the seconds it took.
    static func generate(_ y: YearBenchOptions, root: String, catalogue: String) throws -> Double {
        let fm = FileManager.default
        let marker = root + "/year-bench.txt"
        if let s = try? String(contentsOfFile: marker, encoding: .utf8), s == y.signature + "\n" {
            print("reusing the tree in \(root) (\(y.signature))")
            return 0
        }
        guard (try? fm.contentsOfDirectory(atPath: root))?.isEmpty ?? true else {
            throw BenchError("\(root) is not empty and holds no tree of these options (\(marker))")
        }
        try fm.createDirectory(atPath: root + "/catalogue", withIntermediateDirectories: true)
        for f in ["norms.csv", "budget-codes.csv"] { try fm.copyItem(atPath: catalogue + "/" + f, toPath: root + "/catalogue/" + f) }
        let events = plan(y, root: root)
        let t0 = now()
        let next = BenchCounter()
        let failure = BenchFailure()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while failure.error == nil, let i = next.take(below: events.count) {
                do { try make(events[i], root: root) } catch { failure.set("\(events[i].folder): \(error)") }
                if i > 0 && i % 500 == 0 { print("  … \(i) of \(events.count) events made (\(Fmt.seconds(now() - t0)) s)") }
            }
        }
        if let e = failure.error { throw BenchError(e) }
        try (y.signature + "\n").write(toFile: marker, atomically: true, encoding: .utf8)
        return now() - t0
    }

    static func make(_ e: Event, root: String) throws {
        try FileManager.default.createDirectory(atPath: e.folder, withIntermediateDirectories: true)
        var w = Workload(vouchers: e.vouchers, lines: e.lines, seed: e.seed, tag: e.tag)
        if e.copyOf != nil { w.nameNote = " (tổ chức lại)" }
        let depth = e.folder.dropFirst(root.count).split(separator: "/").count
        let up = String(repeating: "../", count: depth)
        try w.writeConference(to: e.folder + "/conference.csv", normsFile: up + "catalogue/norms.csv", budgetCodesFile: up + "catalogue/budget-codes.csv")
        try w.writeEstimate(to: e.folder + "/estimate.csv")
        let csv = e.folder + "/vouchers.csv"
        _ = try w.writeVouchers(csvPath: csv, ledgerPath: nil)
        let ctx = PhaseContext(workspace: e.folder, vouchersCSV: csv)
        _ = try Phases.approve(ctx)
        _ = try Phases.importVouchers(ctx)
        try FileManager.default.removeItem(atPath: csv)   // the input, not part of the workspace
    }

    /// Runs the report R times (child processes), warm or cold; prints the table.
    static func run(_ o: Options, _ y: YearBenchOptions, root: String, catalogue: String) throws {
        let gen = try generate(y, root: root, catalogue: catalogue)
        if gen > 0 { print("generated \(y.workspaces + y.big) events in \(Fmt.seconds(gen)) s") }
        let vouchers = y.workspaces * y.vouchers + y.big * y.bigVouchers
        var tree: Int64 = 0
        if let e = FileManager.default.enumerator(atPath: root + "/events") {
            while let f = e.nextObject() as? String { if f.hasSuffix("journal.kp") { tree += fileSize(root + "/events/" + f) } }
        }
        print("tree: \(root)/events — \(y.workspaces) events of \(y.vouchers) vouchers"
              + (y.big > 0 ? " and \(y.big) of \(grouped(y.bigVouchers))" : "") + "; \(grouped(vouchers)) vouchers; journals \(Fmt.dotted(tree / 1_000_000)) MB")
        if y.witness { print("witness: \(root)/witness, \(Fmt.dotted(fileSize(root + "/witness") / 1000)) kB (shared by every event)") }
        print("load: " + ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))
        print("")
        print(pad("run", 8) + pad("page cache", 12) + pad("seconds", 10, left: true) + pad("cpu s", 9, left: true) + pad("peak RSS", 12, left: true) + "   steps")
        var results: [(String, Measured)] = []
        let witnessPath = ProcessInfo.processInfo.environment[WitnessSettings.variable]
        for mode in (o.cold ? ["cold", "warm"] : ["warm"]) + (y.witness ? ["no witness"] : []) {
            for run in 0..<o.runs {
                var cache = mode
                if mode == "cold" && !ProcStatus.dropCaches() { cache = "warm (drop refused)" }
                // The last runs without the witness (warm): what reading it costs.
                if mode == "no witness" { unsetenv(WitnessSettings.variable) } else if let w = witnessPath { setenv(WitnessSettings.variable, w, 1) }
                let m = try runInChild(.report, o, workspace: root + "/events", csv: "")
                results.append((cache, m))
                let r = m.result
                print(pad("\(run + 1)", 8) + pad(cache, 12) + pad(Fmt.seconds(r.seconds), 10, left: true) + pad(Fmt.seconds(r.cpuSeconds), 9, left: true)
                      + pad(mib(m.peakKiB), 12, left: true) + "   " + r.steps.map { "\($0.0) \(Fmt.seconds($0.1))" }.joined(separator: " · "))
            }
        }
        if let last = results.last { for n in last.1.result.notes { print("  " + n) } }
        if y.workspaces >= 2000 && y.big == 0, let best = results.filter({ $0.0 == "warm" }).map(\.1.result.seconds).min() {
            // (With the witness when the tree has one: as `kinhphi report` runs for a user.)
            print("target: \(y.workspaces) small workspaces in ≤ 2 s — warm best \(Fmt.seconds(best)) s: " + (best <= 2 ? "ok" : "MISSED by \(Fmt.seconds(best - 2)) s"))
        }
    }
}

extension Phases {
    /// `kinhphi report <folder> --year 2025`: every workspace found, verified, settled and summed; the checks
    /// across events; the text report and the CSV rendered (as the CLI does; only their sizes are kept).
    static func yearReport(_ ctx: PhaseContext) throws -> PhaseResult {
        var steps: [(String, Double)] = []
        let t0 = now()
        let settings = try ctx.settings()
        let found = try step("find the workspaces", &steps) { try WorkspaceFinder.find([ctx.workspace]) }
        let r = try step("read, verify, settle, sum, check", &steps) {
            // KINHPHI_BENCH_REPORT_THREADS: workers other than the library's default (an experiment on cold reads).
            try YearReport.build(found, roots: [ctx.workspace], YearReport.Options(year: 2025, date: PhaseContext.asOf, settings: settings,
                                 threads: ProcessInfo.processInfo.environment["KINHPHI_BENCH_REPORT_THREADS"].flatMap { Int($0) }))
        }
        let text = step("text", &steps) { YearReportRender.text(r, lang: .vi) }
        let csv = step("CSV", &steps) { YearReportRender.csv(r, header: .vi) }
        let secs = now() - t0
        guard r.excluded.isEmpty else { throw BenchError("report: \(r.excluded.count) workspaces left out (first: \(r.excluded[0].path): \(r.excluded[0].reason.en))") }
        let kinds = Dictionary(grouping: r.findings, by: \.kind).mapValues(\.count)
        return PhaseResult(phase: "report", records: r.total.voucherCount, seconds: secs, steps: steps, notes: [
            "report: \(r.events.count) events, \(grouped(r.total.voucherCount)) vouchers in the actual figure; approved \(Fmt.dotted(r.total.approved.dong)) đ, actual \(Fmt.dotted(r.total.actual.dong)) đ",
            "report: findings across events — invoices \(kinds[.invoice] ?? 0), voucher numbers \(kinds[.voucherNumber] ?? 0), person and day \(kinds[.personDay] ?? 0); text \(grouped(text.utf8.count)) bytes, CSV \(grouped(csv.utf8.count)) bytes",
        ])
    }
}

final class BenchCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < n else { return nil }
        value += 1
        return value - 1
    }
}

final class BenchFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: String? = nil
    var error: String? { lock.lock(); defer { lock.unlock() }; return first }
    func set(_ s: String) { lock.lock(); defer { lock.unlock() }; if first == nil { first = s } }
}
