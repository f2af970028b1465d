import Foundation
import KinhPhi

// kinhphi-bench: generates a deterministic workload (docs/performance.md) and times each phase the way the
// CLI runs it. Every timed phase runs in a child process of the bench (the same executable, `--child`),
// so each phase's peak RSS (VmHWM) is its own and each phase starts cold in memory, as a `kinhphi`
// command does; `--in-process` runs them in this process instead (peaks then reset with
// /proc/self/clear_refs where the kernel allows it).
//
//   swift run -c release --scratch-path .build-bench kinhphi-bench --vouchers 1000000 --lines 300
//
// The library never prints; this executable does.

struct Options {
    var vouchers = 100_000
    var lines = 300
    var seed: UInt64 = 2025
    var dir: String? = nil
    var keep = false
    var ledgerJournal: String? = nil
    var catalogue: String? = nil
    var inProcess = false
    var runs = 1
    var cold = false
    var results: String? = nil
    var generateOnly = false
    var check = false
    var child: Phase? = nil
    var csv: String? = nil
    var year = false
    var workspaces = 2000
    var vouchersGiven = false
    var linesGiven = false
    var big = 0
    var bigVouchers = 50_000
    var witness = true

    static let usage = """
        usage: kinhphi-bench [--vouchers N] [--lines L] [--seed S] [--dir PATH] [--keep] [--ledger-journal PATH]
                             [--catalogue DIR] [--runs R] [--in-process] [--cold] [--results FILE] [--generate-only] [--check]
          --vouchers N         voucher rows to generate and import (default 100000)
          --lines L            approved estimate lines (default 300)
          --seed S             PRNG seed (default 2025); the same seed gives byte-identical files
          --dir PATH           workspace folder (created; must be empty); default: a fresh folder in $TMPDIR
          --keep               keep the workspace afterwards (default: deleted)
          --ledger-journal P   also write the vouchers as a ledger-cli journal with a `~ yearly` budget
          --catalogue DIR      norms.csv and budget-codes.csv (default: fixtures/catalogue, found from the
                               current folder or the executable's)
          --runs R             run status, settle and verify R times each and report the median (default 1)
          --in-process         run the phases in this process instead of one child process each
          --cold               drop the page cache before each phase (root only; noted when refused)
          --results FILE       also write the table as TSV: phase, records, seconds, peak KiB
          --generate-only      write the workspace, the voucher CSV (and the ledger journal), then stop
          --check              afterwards, compare the voucher list CSV with the reference path (every record
                               decoded, every cell through CSVWriter) byte for byte (not timed; slow)

        usage: kinhphi-bench --year [--workspaces N] [--vouchers V] [--lines L] [--big B] [--big-vouchers BV]
                             [--seed S] [--dir PATH] [--keep] [--runs R] [--cold]
          --year               time `kinhphi report` over a tree of events (docs/performance.md)
          --workspaces N       small events (default 2000), of V vouchers (default 50) over L lines (default 15)
          --big B              large events too (default 0), of BV vouchers each (default 50000) over 300 lines
          --dir PATH           the tree's folder (reused when it holds the same tree); default: a fresh one
          --runs R, --cold     runs per cache state; --cold times a cold page cache first (root only)
          --no-witness         no witness file (by default every write of the tree goes to one shared witness,
                               <dir>/witness, as the CLI's default witness would hold them, and the report
                               reads it: runs are timed with it and, to show its cost, without it)
        """

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            guard i + 1 < args.count else { throw BenchError("\(args[i]) needs a value\n\(usage)") }
            i += 1
            return args[i]
        }
        func int(_ s: String) throws -> Int {
            guard let v = Int(s.replacingOccurrences(of: "_", with: "")), v > 0 else { throw BenchError("not a positive whole number: \(s)") }
            return v
        }
        while i < args.count {
            switch args[i] {
            case "--vouchers": o.vouchers = try int(try value()); o.vouchersGiven = true
            case "--lines": o.lines = try int(try value()); o.linesGiven = true
            case "--year": o.year = true
            case "--workspaces": o.workspaces = Int(try value()) ?? -1; guard o.workspaces >= 0 else { throw BenchError("--workspaces needs a whole number") }
            case "--big": o.big = Int(try value()) ?? -1; guard o.big >= 0 else { throw BenchError("--big needs a whole number") }
            case "--big-vouchers": o.bigVouchers = try int(try value())
            case "--no-witness": o.witness = false
            case "--seed":
                let s = try value()
                guard let v = UInt64(s) else { throw BenchError("not a seed: \(s)") }
                o.seed = v
            case "--dir": o.dir = try value()
            case "--keep": o.keep = true
            case "--ledger-journal": o.ledgerJournal = try value()
            case "--catalogue": o.catalogue = try value()
            case "--in-process": o.inProcess = true
            case "--runs": o.runs = try int(try value())
            case "--cold": o.cold = true
            case "--results": o.results = try value()
            case "--generate-only": o.generateOnly = true
            case "--check": o.check = true
            case "--child":
                let p = try value()
                guard let ph = Phase(rawValue: p) else { throw BenchError("unknown phase \(p)") }
                o.child = ph
            case "--csv": o.csv = try value()
            case "--help", "-h": print(usage); exit(0)
            default: throw BenchError("unknown option \(args[i])\n\(usage)")
            }
            i += 1
        }
        return o
    }
}

// MARK: child process

/// `--child PHASE --dir WS --csv FILE`: runs one phase and reports it on stdout, one line per fact.
func runChild(_ phase: Phase, _ o: Options) -> Never {
    do {
        guard let dir = o.dir else { throw BenchError("--child needs --dir") }
        let ctx = PhaseContext(workspace: dir, vouchersCSV: o.csv ?? dir + "/vouchers.csv")
        let baseline = ProcStatus.peakKiB
        let r = try Phases.run(phase, ctx)
        let peak = ProcStatus.peakKiB
        var out = "@@result\t\(r.phase)\t\(r.records)\t\(r.seconds)\t\(peak)\t\(baseline)\t\(r.cpuSeconds)\n"
        for (name, s) in r.steps { out += "@@step\t\(name)\t\(s)\n" }
        for n in r.notes { out += "@@note\t\(n)\n" }
        FileHandle.standardOutput.write(out.data(using: .utf8)!)
        exit(0)
    } catch {
        FileHandle.standardError.write("kinhphi-bench (\(phase.rawValue)): \(error)\n".data(using: .utf8)!)
        exit(2)
    }
}

struct Measured {
    var result: PhaseResult
    var peakKiB: Int
    var baselineKiB: Int
    var allSeconds: [Double]
}

func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func runInChild(_ phase: Phase, _ o: Options, workspace: String, csv: String) throws -> Measured {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executablePath())
    p.arguments = ["--child", phase.rawValue, "--dir", workspace, "--csv", csv]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.standardError
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw BenchError("phase \(phase.rawValue) failed (exit \(p.terminationStatus))") }
    var result: PhaseResult? = nil
    var peak = 0, baseline = 0
    var steps: [(String, Double)] = [], notes: [String] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        switch f.first {
        case "@@result" where f.count == 7:
            result = PhaseResult(phase: f[1], records: Int(f[2]) ?? 0, seconds: Double(f[3]) ?? 0, cpuSeconds: Double(f[6]) ?? 0)
            peak = Int(f[4]) ?? 0
            baseline = Int(f[5]) ?? 0
        case "@@step" where f.count == 3: steps.append((f[1], Double(f[2]) ?? 0))
        case "@@note" where f.count >= 2: notes.append(f[1...].joined(separator: "\t"))
        default: break
        }
    }
    guard var r = result else { throw BenchError("phase \(phase.rawValue) reported nothing") }
    r.steps = steps
    r.notes = notes
    return Measured(result: r, peakKiB: peak, baselineKiB: baseline, allSeconds: [r.seconds])
}

func runHere(_ phase: Phase, workspace: String, csv: String, resetWorks: inout Bool) throws -> Measured {
    resetWorks = ProcStatus.resetPeak() && resetWorks
    let baseline = ProcStatus.currentKiB
    let r = try Phases.run(phase, PhaseContext(workspace: workspace, vouchersCSV: csv))
    return Measured(result: r, peakKiB: ProcStatus.peakKiB, baselineKiB: baseline, allSeconds: [r.seconds])
}

// MARK: catalogue and workspace

func findCatalogue(_ given: String?) throws -> String {
    func ok(_ d: String) -> Bool {
        FileManager.default.fileExists(atPath: d + "/norms.csv") && FileManager.default.fileExists(atPath: d + "/budget-codes.csv")
    }
    if let given {
        guard ok(given) else { throw BenchError("\(given): no norms.csv and budget-codes.csv there") }
        return given
    }
    var starts = [FileManager.default.currentDirectoryPath]
    starts.append((executablePath() as NSString).deletingLastPathComponent)
    for start in starts {
        var d = start
        for _ in 0..<6 {
            if ok(d + "/fixtures/catalogue") { return d + "/fixtures/catalogue" }
            d = (d as NSString).deletingLastPathComponent
        }
    }
    throw BenchError("fixtures/catalogue not found from \(starts.joined(separator: " or ")); give --catalogue DIR")
}

func makeWorkspace(_ given: String?) throws -> (path: String, created: Bool) {
    let fm = FileManager.default
    if let given {
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: given, isDirectory: &isDir) {
            guard isDir.boolValue, (try fm.contentsOfDirectory(atPath: given)).isEmpty else {
                throw BenchError("\(given) exists and is not an empty folder")
            }
            return (given, false)
        }
        try fm.createDirectory(atPath: given, withIntermediateDirectories: true)
        return (given, true)
    }
    var template = Array((NSTemporaryDirectory() + "/kinhphi-bench-XXXXXX").utf8CString)
    guard let p = mkdtemp(&template) else { throw BenchError("mkdtemp failed") }
    return (String(cString: p), true)
}

// MARK: main

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
    let n = s.count
    if n >= w { return s }
    return left ? String(repeating: " ", count: w - n) + s : s + String(repeating: " ", count: w - n)
}

func grouped(_ v: Int) -> String {
    let s = String(v)
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

/// The issue's targets (at 1.000.000 vouchers).
func target(_ phase: String) -> Double? {
    switch phase {
    case "import": return 3
    case "status", "settle + CSV", "verify": return 1
    default: return nil
    }
}
let memoryTargetKiB = 300 * 1024

func main() throws {
    let o = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    if let phase = o.child { runChild(phase, o) }

    let catalogue = try findCatalogue(o.catalogue)
    if o.year { return try yearMain(o, catalogue: catalogue) }
    let (ws, created) = try makeWorkspace(o.dir)
    let fm = FileManager.default
    let removeAtEnd = !o.keep && !o.generateOnly
    func cleanUp() {
        guard removeAtEnd else { return }
        if created { try? fm.removeItem(atPath: ws) } else {
            for f in (try? fm.contentsOfDirectory(atPath: ws)) ?? [] { try? fm.removeItem(atPath: ws + "/" + f) }
        }
    }
    print("KinhPhi benchmark: \(grouped(o.vouchers)) vouchers over \(o.lines) lines, seed \(o.seed)")
    print("machine: \(Machine.cores) cores, \(Machine.cpuModel), \(String(format: "%.1f", Machine.memoryGiB)) GiB, Linux \(Machine.kernel)")
    print("workspace: \(ws)" + (removeAtEnd ? " (deleted at the end; --keep keeps it)" : ""))

    do {
        try runAll(o, ws: ws, catalogue: catalogue)
    } catch {
        print("workspace kept for inspection: \(ws)")
        throw error
    }
    cleanUp()
}

func runAll(_ o: Options, ws: String, catalogue: String) throws {
    let fm = FileManager.default
    // Generate.
    let t0 = now()
    try fm.createDirectory(atPath: ws + "/catalogue", withIntermediateDirectories: true)
    for f in ["norms.csv", "budget-codes.csv"] { try fm.copyItem(atPath: catalogue + "/" + f, toPath: ws + "/catalogue/" + f) }
    let workload = Workload(vouchers: o.vouchers, lines: o.lines, seed: o.seed)
    try workload.writeConference(to: ws + "/conference.csv", normsFile: "catalogue/norms.csv", budgetCodesFile: "catalogue/budget-codes.csv")
    try workload.writeEstimate(to: ws + "/estimate.csv")
    let csv = ws + "/vouchers.csv"
    let gen = try workload.writeVouchers(csvPath: csv, ledgerPath: o.ledgerJournal)
    let genSeconds = now() - t0
    print("generated in \(Fmt.seconds(genSeconds)) s: vouchers.csv \(grouped(Int(gen.bytes / 1_000_000))) MB — \(grouped(gen.kinds[0])) payments, "
          + "\(grouped(gen.kinds[1])) advances, \(grouped(gen.kinds[2])) clearings, \(grouped(gen.kinds[3])) refunds; "
          + "estimate total \(Fmt.dotted(workload.total)) đ"
          + (o.ledgerJournal.map { "; ledger journal \($0) (\(grouped(gen.ledgerTransactions)) transactions)" } ?? ""))
    if o.generateOnly { return }

    // Phases.
    var measured: [Measured] = []
    var resetWorks = true
    var coldRefused = false
    for phase in Phase.timed {
        let repeats = [.status, .settle, .verify].contains(phase) ? o.runs : 1
        var m: Measured? = nil
        for _ in 0..<repeats {
            if o.cold && !ProcStatus.dropCaches() { coldRefused = true }
            let one = o.inProcess ? try runHere(phase, workspace: ws, csv: csv, resetWorks: &resetWorks)
                                  : try runInChild(phase, o, workspace: ws, csv: csv)
            if var prev = m {
                prev.allSeconds += one.allSeconds
                prev.peakKiB = max(prev.peakKiB, one.peakKiB)
                if one.result.seconds <= median(prev.allSeconds) { prev.result = one.result }
                m = prev
            } else {
                m = one
            }
        }
        measured.append(m!)
    }

    // The table. "settle (CLI)" is what `kinhphi settle --csv --vouchers-csv` does: the full verification
    // and the ledger in one read (Journal.verifyWithLedger), then the settlement and both CSV files;
    // "settle + CSV" is the part after the verified ledger (Settlement.build, both CSV files written
    // atomically with the Σ check, the statement), which the issue's target names.
    print("")
    let head = pad("phase", 16) + pad("records", 12, left: true) + pad("seconds", 10, left: true) + pad("cpu s", 9, left: true)
        + pad("records/s", 13, left: true) + pad("peak RSS", 12, left: true) + "   target at 1M"
    print(head)
    print(String(repeating: "-", count: head.count + 10))
    func row(_ name: String, _ records: Int, _ secs: Double, _ cpu: Double?, _ peak: Int?, _ verdict: String) {
        print(pad(name, 16) + pad(grouped(records), 12, left: true) + pad(Fmt.seconds(secs), 10, left: true)
              + pad(cpu.map(Fmt.seconds) ?? "—", 9, left: true) + pad(grouped(Int(Double(records) / max(secs, 1e-9))), 13, left: true)
              + pad(peak.map(mib) ?? "—", 12, left: true) + "   " + verdict)
    }
    func verdict(_ phase: String, _ secs: Double, _ peak: Int?) -> String {
        var v = ""
        if let t = target(phase) {
            v = "≤ \(Int(t)) s"
            if o.vouchers >= 1_000_000 { v += secs <= t ? "  ok" : "  MISSED by \(Fmt.seconds(secs - t)) s" }
        }
        if o.vouchers >= 1_000_000, let p = peak { v += p > memoryTargetKiB ? "  memory MISSED" : (v.isEmpty ? "" : ", ") + "≤ 300 MiB ok" }
        return v
    }
    row("generate", o.vouchers, genSeconds, nil, nil, "(input files; not a target)")
    var tsv = "phase\trecords\tseconds\tcpu_seconds\tpeak_kib\n"
    tsv += "generate\t\(o.vouchers)\t\(genSeconds)\t\t\n"
    for m in measured {
        let secs = median(m.allSeconds)
        let r = m.result
        if r.phase == "settle + CSV" {
            let verifyPart = r.steps.first { $0.0 == "Journal.verifyWithLedger" }?.1 ?? 0
            row("settle (CLI)", r.records, secs, r.cpuSeconds, m.peakKiB, "verify + ledger + settle + CSV, as `kinhphi settle`")
            row("  settle + CSV", r.records, r.seconds - verifyPart, nil, nil, verdict(r.phase, r.seconds - verifyPart, nil) + " (after the verified ledger)")
            tsv += "settle (CLI)\t\(r.records)\t\(secs)\t\(r.cpuSeconds)\t\(m.peakKiB)\n"
            tsv += "settle + CSV\t\(r.records)\t\(r.seconds - verifyPart)\t\t\n"
        } else {
            row(r.phase, r.records, secs, r.cpuSeconds, m.peakKiB, verdict(r.phase, secs, m.peakKiB))
            tsv += "\(r.phase)\t\(r.records)\t\(secs)\t\(r.cpuSeconds)\t\(m.peakKiB)\n"
        }
    }
    print("")
    if o.runs > 1 { print("status, settle and verify: median of \(o.runs) runs (all: " + measured.filter { $0.allSeconds.count > 1 }.map { "\($0.result.phase) " + $0.allSeconds.map(Fmt.seconds).joined(separator: "/") }.joined(separator: "; ") + ")") }
    if o.inProcess {
        print("peak RSS: VmHWM of this process" + (resetWorks ? ", reset before each phase (/proc/self/clear_refs 5)" : " so far (clear_refs refused: cumulative)"))
    } else {
        print("peak RSS: VmHWM of each phase's own child process (baseline of an idle bench process \(mib(measured.first?.baselineKiB ?? 0)))")
    }
    if o.cold { print(coldRefused ? "--cold: dropping the page cache was refused; the runs are warm" : "page cache dropped before each phase") }
    else { print("page cache warm (the journal was just written, as after a real import)") }
    print("peak memory target: ≤ 300 MiB at 1.000.000 vouchers; max here \(mib(measured.map(\.peakKiB).max() ?? 0))")
    for m in measured where !m.result.steps.isEmpty {
        print("  \(m.result.phase): " + m.result.steps.map { "\($0.0) \(Fmt.seconds($0.1))" }.joined(separator: " · "))
    }
    for m in measured { for n in m.result.notes { print("  " + n) } }
    if o.check {
        let c = o.inProcess ? try runHere(.check, workspace: ws, csv: csv, resetWorks: &resetWorks) : try runInChild(.check, o, workspace: ws, csv: csv)
        for n in c.result.notes { print("  " + n) }
    }
    if let path = o.results { try tsv.write(toFile: path, atomically: true, encoding: .utf8) }
    if o.keep { print("kept: \(ws)") }
}

/// `--year`: the tree of events and the timed `report` (YearBench.swift).
func yearMain(_ o: Options, catalogue: String) throws {
    let y = YearBenchOptions(workspaces: o.workspaces, vouchers: o.vouchersGiven ? o.vouchers : 50, lines: o.linesGiven ? o.lines : 15,
                             big: o.big, bigVouchers: o.bigVouchers, seed: o.seed, witness: o.witness)
    let fm = FileManager.default
    var root: String
    var created = false
    if let d = o.dir {
        root = d
        if !fm.fileExists(atPath: d) { try fm.createDirectory(atPath: d, withIntermediateDirectories: true); created = true }
    } else {
        var template = Array((NSTemporaryDirectory() + "/kinhphi-year-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw BenchError("mkdtemp failed") }
        root = String(cString: p)
        created = true
    }
    if y.witness { setenv(WitnessSettings.variable, root + "/witness", 1) } else { unsetenv(WitnessSettings.variable) }
    print("KinhPhi year benchmark: \(y.signature)")
    print("machine: \(Machine.cores) cores, \(Machine.cpuModel), \(String(format: "%.1f", Machine.memoryGiB)) GiB, Linux \(Machine.kernel)")
    try YearBench.run(o, y, root: root, catalogue: catalogue)
    if !o.keep && created { try? fm.removeItem(atPath: root) } else { print("kept: \(root)") }
}

do {
    try main()
} catch {
    FileHandle.standardError.write("kinhphi-bench: \(error)\n".data(using: .utf8)!)
    exit(2)
}
