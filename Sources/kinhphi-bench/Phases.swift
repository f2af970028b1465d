import Foundation
import KinhPhi

// The timed phases. Each makes the same library calls as the matching `kinhphi` command
// (Sources/kinhphi/Commands), in the same order, and checks the outcome; the rendered report is built
// (as the CLI builds it) and only its size is kept.

struct PhaseResult {
    let phase: String
    let records: Int
    let seconds: Double
    /// user + sys CPU of the whole process (every thread) during the phase.
    var cpuSeconds: Double = 0
    /// Sub-steps, in order (name, seconds).
    var steps: [(String, Double)] = []
    /// Notes printed under the table.
    var notes: [String] = []
}

enum Phase: String, CaseIterable {
    case approve, `import`, status, settle, verify
    /// Not timed: the voucher list CSV against the reference path (`--check`).
    case check
    /// `--year`: `kinhphi report` over a tree of events (YearBench.swift).
    case report

    static let timed: [Phase] = [.approve, .import, .status, .settle, .verify]
}

struct PhaseContext {
    let workspace: String
    let vouchersCSV: String
    /// The fixed clock of the run (KINHPHI_CLOCK), so reports and journal timestamps are reproducible.
    static let clock = "2026-01-10T03:00:00Z"
    static let asOf = CivilDate(year: 2026, month: 1, day: 10)!

    /// The clock fixed; a witness only when the bench's own environment names one (KINHPHI_WITNESS: the year
    /// benchmark sets it for its tree, as every CLI user has one), never the user's default.
    func settings() throws -> JournalSettings {
        var env = ["KINHPHI_CLOCK": PhaseContext.clock]
        if let w = ProcessInfo.processInfo.environment[WitnessSettings.variable], !w.isEmpty { env[WitnessSettings.variable] = w }
        return try JournalSettings.fromEnvironment(env)
    }
}

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// A file's size in bytes (0 when it cannot be read).
func fileSize(_ path: String) -> Int64 {
    var st = stat()
    return stat(path, &st) == 0 ? Int64(st.st_size) : 0
}

/// user + sys CPU seconds of this process so far (every thread).
func cpuNow() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

/// Times `body`, appending the step to `steps`.
func step<T>(_ name: String, _ steps: inout [(String, Double)], _ body: () throws -> T) rethrows -> T {
    let t0 = now()
    let r = try body()
    steps.append((name, now() - t0))
    return r
}

enum Phases {
    static func run(_ p: Phase, _ ctx: PhaseContext) throws -> PhaseResult {
        let c0 = cpuNow()
        var r: PhaseResult
        switch p {
        case .approve: r = try approve(ctx)
        case .import: r = try importVouchers(ctx)
        case .status: r = try status(ctx)
        case .settle: r = try settle(ctx)
        case .verify: r = try verify(ctx)
        case .check: r = try checkVoucherCSV(ctx)
        case .report: r = try yearReport(ctx)
        }
        r.cpuSeconds = cpuNow() - c0
        return r
    }

    /// `kinhphi approve <ws> --decision … --date 02/01/2025` (policy stop: the lines are sized to fit).
    static func approve(_ ctx: PhaseContext) throws -> PhaseResult {
        var steps: [(String, Double)] = []
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let settings = try ctx.settings()
        let loaded = try step("load estimate + catalogue", &steps) { try EstimateLoader.load(ws) }
        let appraisal = try step("appraise", &steps) { try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue) }
        let budget = try step("write approved.json", &steps) {
            try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: "0001/QĐ-STC", decisionDate: CivilDate(year: 2025, month: 1, day: 2)!,
                                       defaultPolicy: .stop, settings: settings)
        }
        let secs = now() - t0
        guard !appraisal.hasErrors else {
            let first = appraisal.allFindings.first { $0.severity == .error }
            throw BenchError("the generated estimate has appraisal errors (first: \(first.map { "\($0.ruleID) \($0.lineCode ?? "") \($0.message.vi)" } ?? "?"))")
        }
        guard appraisal.appraised == appraisal.requested else { throw BenchError("the appraisal cut the generated estimate") }
        return PhaseResult(phase: "approve", records: budget.lines.count, seconds: secs, steps: steps,
                           notes: ["approve: \(budget.lines.count) lines, approved \(Fmt.dotted(budget.total.dong)) đ; appraisal \(appraisal.count(.error)) errors, \(appraisal.count(.warning)) warnings, \(appraisal.count(.info)) infos"])
    }

    /// `kinhphi import <ws> <file.csv>`: every check, one durable batch.
    static func importVouchers(_ ctx: PhaseContext) throws -> PhaseResult {
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let journal = try Journal.open(ws, settings: try ctx.settings())
        let outcome = try journal.importCSV(path: ctx.vouchersCSV, displayName: ctx.vouchersCSV)
        let secs = now() - t0
        guard outcome.committed, outcome.recorded == outcome.rows, outcome.errorCount == 0 else {
            let first = outcome.errors.first.map { "row \($0.row) \($0.ruleID ?? $0.column ?? ""): \($0.message.vi)" } ?? "?"
            throw BenchError("the import was refused: \(outcome.errorCount) problems in \(outcome.rows) rows (first: \(first))")
        }
        var notes: [String] = []
        if outcome.warningCount > 0 { notes.append("import: \(outcome.warningCount) warnings") }
        notes.append("import: records \(outcome.firstSeq ?? 0)–\(outcome.lastSeq ?? 0); journal.kp \(Fmt.dotted(fileSize(journal.path) / 1_000_000)) MB")
        return PhaseResult(phase: "import", records: outcome.recorded, seconds: secs, notes: notes)
    }

    /// `kinhphi status <ws> --as-of 10/01/2026`: the ledger and the text report.
    static func status(_ ctx: PhaseContext) throws -> PhaseResult {
        var steps: [(String, Double)] = []
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let journal = try Journal.open(ws, settings: try ctx.settings())
        let ledger = try step("Journal.ledger", &steps) { try journal.ledger() }
        let text = step("StatusReport.render", &steps) { StatusReport.render(ledger, asOf: PhaseContext.asOf, format: .text, lang: .vi) }
        let secs = now() - t0
        guard ledger.recordCount > 0, !text.isEmpty else { throw BenchError("status: empty ledger") }
        return PhaseResult(phase: "status", records: ledger.recordCount, seconds: secs, steps: steps)
    }

    /// `kinhphi settle <ws> --csv … --vouchers-csv …`: verify + ledger in one read, settlement, both CSV files written
    /// atomically (the voucher list streamed, its total checked against the actual total), the statement.
    static func settle(_ ctx: PhaseContext) throws -> PhaseResult {
        var steps: [(String, Double)] = []
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let journal = try Journal.open(ws, settings: try ctx.settings())
        // One read of the file gives both the verification and the ledger (as SettleCommand does).
        let (check, verified) = try step("Journal.verifyWithLedger", &steps) { try journal.verifyWithLedger() }
        guard check.isOK, let ledger = verified else { throw BenchError("settle: the journal fails verify: \(check.message(.en))") }
        let settlement = try step("Settlement.build", &steps) { try Settlement.build(ledger, draft: false) }
        let settlementFile = try AtomicFileWriter(path: ws.file("quyet-toan.csv"))
        let voucherFile = try AtomicFileWriter(path: ws.file("bang-ke.csv"))
        try step("settlement CSV", &steps) { try settlementFile.write(SettlementReport.settlementCSV(settlement, header: .vi)) }
        let totals = try step("voucher list CSV (stream, date order)", &steps) {
            try SettlementReport.writeVoucherCSV(journal, ledger: ledger, settlement: settlement, to: voucherFile, header: .vi, order: .date)
        }
        let total = totals.gross
        guard total == settlement.total.actual else {
            voucherFile.abandon(); settlementFile.abandon()
            throw BenchError("settle: voucher list total \(total) differs from the actual total \(settlement.total.actual)")
        }
        try step("commit (fsync, rename)", &steps) {
            try settlementFile.commit()
            try voucherFile.commit()
        }
        let text = step("statement text", &steps) { SettlementReport.text(settlement, asOf: PhaseContext.asOf, lang: .vi) }
        let secs = now() - t0
        guard !text.isEmpty else { throw BenchError("settle: empty statement") }
        return PhaseResult(phase: "settle + CSV", records: settlement.total.voucherCount, seconds: secs, steps: steps,
                           notes: ["settle: actual \(Fmt.dotted(settlement.total.actual.dong)) đ of \(Fmt.dotted(settlement.total.approved.dong)) đ approved; to repay \(Fmt.dotted(settlement.total.toRepay.dong)) đ, to cancel \(Fmt.dotted(settlement.total.toCancel.dong)) đ; bang-ke.csv \(Fmt.dotted(fileSize(ws.file("bang-ke.csv")) / 1_000_000)) MB; date order: \(Fmt.dotted(Int64(totals.late))) rows out of journal order, at most \(Fmt.dotted(Int64(totals.heldBack))) held back, \(totals.passes) pass(es)"])
    }

    /// `kinhphi verify <ws>`: every SHA-256, the chain, every field, the records' meaning.
    static func verify(_ ctx: PhaseContext) throws -> PhaseResult {
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let journal = try Journal.open(ws, settings: try ctx.settings())
        let result = try journal.verify()
        let secs = now() - t0
        guard result.isOK else { throw BenchError("verify: \(result.message(.en))") }
        return PhaseResult(phase: "verify", records: result.records, seconds: secs)
    }

    /// The voucher list written by `settle` against the reference path — every record decoded
    /// (`VoucherList.forEach`) and every cell through `CSVWriter` — byte for byte.
    static func checkVoucherCSV(_ ctx: PhaseContext) throws -> PhaseResult {
        let t0 = now()
        let ws = try Workspace(path: ctx.workspace)
        let journal = try Journal.open(ws, settings: try ctx.settings())
        let ledger = try journal.ledger()
        let written = try Data(contentsOf: URL(fileURLWithPath: ws.file("bang-ke.csv")))
        let settlement = try Settlement.build(ledger, draft: false)
        let reference = Data(try SettlementReport.referenceVoucherCSV(journal, ledger: ledger, settlement: settlement, header: .vi, order: .date).utf8)
        let count = settlement.total.voucherCount
        guard reference == written else {
            var at = 0
            while at < min(reference.count, written.count) && reference[at] == written[at] { at += 1 }
            throw BenchError("check: bang-ke.csv differs from the reference path at byte \(at) (\(written.count) vs \(reference.count) bytes)")
        }
        return PhaseResult(phase: "check", records: count, seconds: now() - t0,
                           notes: ["check: bang-ke.csv (\(count) rows) is byte for byte what the reference path (every record decoded, CSVWriter) writes"])
    }
}
