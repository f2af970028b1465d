import Foundation
import XCTest
import KinhPhi
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// Concurrency (issue 6, item 3; docs/faults.md): 4 writers at the same time, each running its own
// sequence of separate `kinhphi` processes — writers 0 and 2 call `kinhphi record`, writers 1 and 3
// `kinhphi import` of a one-voucher file — so that every voucher is one process that must take the
// workspace lock, re-read the journal and append. Meanwhile a reader runs `kinhphi verify` in a loop
// (shared lock): it must always find the journal intact, never half-written.
// Afterwards: exactly 4 × N records, `verify` passes, seq 1…4N without gap or duplicate, every submitted
// voucher present exactly once with its own amount, line, payee and text, and each writer's vouchers in
// the order it submitted them. And the test checks that it tested concurrency at all: the writers'
// processes must have run at the same time (their run intervals intersect, for at least half of them),
// the journal must show the writers taking turns, and `verify` runs must have overlapped the writes.
//
// CI count: N = 25 per writer. Full count: KINHPHI_FAULT_RECORDS=500 (4 × 500 = 2.000 processes;
// tools/faults/run-full.sh). The over-budget policy is `ignore`, so no voucher can be refused; the lock
// wait is raised to 120 s (KINHPHI_LOCK_TIMEOUT) so that a slow machine does not turn a wait into a
// failure — the longest a single process took is printed.

final class ConcurrencyTests: XCTestCase {
    func testFourWritersAtOnceLoseNothingAndNeverInterleave() throws {
        let perWriter = FaultKit.count("KINHPHI_FAULT_RECORDS", default: 25)
        let writers = 4
        let (root, ws) = try FaultKit.workspace(self, policy: "ignore")
        let env = FaultKit.clock.merging(["KINHPHI_LOCK_TIMEOUT": "120"]) { $1 }

        // Every writer's vouchers, and for the import writers one file per voucher (written beforehand).
        var submitted: [[FaultKit.Expected]] = []
        for w in 0..<writers {
            let vs = (0..<perWriter).map { i in FaultKit.voucher(w * perWriter + i + 1, prefix: "C\(w)") }
            submitted.append(vs)
            if w % 2 == 1 {
                for (i, v) in vs.enumerated() {
                    try FaultKit.csv([v]).write(toFile: root.appendingPathComponent("w\(w)-\(i).csv").path, atomically: true, encoding: .utf8)
                }
            }
        }

        final class Outcome: @unchecked Sendable {
            let lock = NSLock()
            var failures: [String] = []
            var runs: [Run] = []
            func fail(_ s: String) { lock.lock(); failures.append(s); lock.unlock() }
            func ran(_ r: Run) { lock.lock(); runs.append(r); lock.unlock() }
        }
        let outcome = Outcome()
        let start = monotonicSeconds()
        let plan = submitted
        let threads = (0..<writers).map { w in
            Thread {
                for (i, v) in plan[w].enumerated() {
                    let args = w % 2 == 1 ? ["import", ws.path, root.appendingPathComponent("w\(w)-\(i).csv").path]
                                          : FaultKit.recordArgs(v, ws: ws.path)
                    let t0 = monotonicSeconds()
                    do {
                        let status = try FaultKit.spawn(args, env: env).wait()
                        outcome.ran(Run(writer: w, start: t0, end: monotonicSeconds()))
                        if status != .exit(0) { outcome.fail("writer \(w), voucher \(i) (\(v.voucherNo)): \(status)") }
                    } catch { outcome.fail("writer \(w): cannot start kinhphi: \(error)") }
                }
            }
        }
        for t in threads { t.stackSize = 1 << 20; t.start() }
        // The reader: verify while the writers write.
        var readerFailures: [String] = []
        var verifies: [Run] = []
        while threads.contains(where: { !$0.isFinished }) {
            let t0 = monotonicSeconds()
            let v = try CLI.run(["verify", ws.path], env: env)
            verifies.append(Run(writer: -1, start: t0, end: monotonicSeconds()))
            if v.code != 0 { readerFailures.append("verify during the writes: exit \(v.code): \(v.stderr)") }
            if monotonicSeconds() - start > 3600 { XCTFail("the writers did not finish within an hour"); return }
        }
        let elapsed = monotonicSeconds() - start
        XCTAssertEqual(outcome.failures, [], "every process must exit 0")
        XCTAssertEqual(readerFailures, [], "a reader must never see a half-written journal")

        let total = writers * perWriter
        let v = try CLI.run(["verify", ws.path], env: env)
        XCTAssertEqual(v.code, 0, v.stderr)
        XCTAssertTrue(v.stdout.contains("nhật ký nguyên vẹn: \(total) bản ghi"), v.stdout)
        let lines = FaultKit.bytes(FaultKit.journal(ws)).split(separator: 10)
        XCTAssertEqual(lines.count, total)

        let records = try FaultKit.decoded(ws)
        XCTAssertEqual(records.map(\.0), Array(1...total), "seq 1…\(total), no gap, no duplicate")
        // Every submitted voucher exactly once, as submitted.
        var byNumber: [String: [FaultKit.Expected]] = [:]
        for (_, r) in records { byNumber[r.voucherNo, default: []].append(r) }
        for vs in submitted {
            for v in vs {
                XCTAssertEqual(byNumber[v.voucherNo] ?? [], [v], "voucher \(v.voucherNo) must be there exactly once, unchanged")
            }
        }
        XCTAssertEqual(byNumber.count, total, "nothing but the submitted vouchers")
        // Each writer's vouchers in its own order (its processes ran one after the other).
        for w in 0..<writers {
            let mine = records.map(\.1).filter { $0.voucherNo.hasPrefix("C\(w)-") }
            XCTAssertEqual(mine, submitted[w], "writer \(w)'s vouchers out of order")
        }
        // That it was concurrent at all. Run intervals: a writer process that ran while a process of another
        // writer was running; with the writers one after another there is none.
        let overlap = Self.overlap(outcome.runs)
        let owners = records.map { $0.1.voucherNo.prefix(2) }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        let readersDuring = verifies.filter { v in outcome.runs.contains { $0.start < v.end && v.start < $0.end } }.count
        let longest = outcome.runs.map { $0.end - $0.start }.max() ?? 0
        let summary = "\(writers) writers × \(perWriter) = \(total) records in \(String(format: "%.1f", elapsed)) s, longest single process \(String(format: "%.2f", longest)) s; \(overlap); writer switches in the journal \(switches) (one after another: \(writers - 1)); verify runs \(verifies.count), \(readersDuring) of them while a writer ran, all intact"
        print("FAULTS concurrency: " + summary)
        XCTAssertEqual(outcome.runs.count, total)
        XCTAssertGreaterThanOrEqual(overlap.overlapping * 2, total,
                                    "the writers did not run together: only \(overlap.overlapping) of \(total) processes ran while a process of another writer was running (\(summary))")
        XCTAssertGreaterThan(switches, writers - 1,
                             "the journal holds each writer's records in one block: the writers did not take turns (\(summary))")
        XCTAssertGreaterThan(readersDuring, 0, "no verify ran while a writer was running (\(summary))")
    }

    /// One process's run: from just before its spawn to just after its exit (writer -1: a reader).
    struct Run { let writer: Int; let start: Double; let end: Double }

    /// How the writers' runs overlapped in time.
    struct Overlap: CustomStringConvertible, Equatable {
        /// Runs that intersect a run of another writer.
        var overlapping = 0
        /// The most runs alive at one moment.
        var peak = 0
        /// Seconds during which runs of two writers or more were alive.
        var together = 0.0
        var description: String {
            "\(overlapping) processes ran while another writer's did, at most \(peak) at once, \(String(format: "%.1f", together)) s with two writers or more"
        }
    }

    static func overlap(_ runs: [Run]) -> Overlap {
        var o = Overlap()
        for r in runs where runs.contains(where: { $0.writer != r.writer && $0.start < r.end && r.start < $0.end }) { o.overlapping += 1 }
        // Sweep over the starts (+1) and ends (−1), ends first at the same instant.
        let events = runs.flatMap { [($0.start, 1, $0.writer), ($0.end, -1, $0.writer)] }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var alive: [Int: Int] = [:], count = 0, last = events.first?.0 ?? 0
        for (t, delta, writer) in events {
            if alive.values.filter({ $0 > 0 }).count >= 2 { o.together += t - last }
            last = t
            alive[writer, default: 0] += delta
            count += delta
            o.peak = max(o.peak, count)
        }
        return o
    }

    /// The overlap measure itself, on runs made up by hand: writers one after another overlap nowhere;
    /// two writers whose runs interleave do.
    func testOverlapSeesWritersOneAfterAnotherAsNotOverlapping() {
        let inTurn = [Run(writer: 0, start: 0, end: 1), Run(writer: 0, start: 1, end: 2), Run(writer: 1, start: 2, end: 3), Run(writer: 1, start: 3, end: 4)]
        XCTAssertEqual(Self.overlap(inTurn), Overlap(overlapping: 0, peak: 1, together: 0))
        // 0: [0,2) [2,4); 1: [1,3). Every run meets one of the other writer; two alive during [1,3).
        let together = [Run(writer: 0, start: 0, end: 2), Run(writer: 0, start: 2, end: 4), Run(writer: 1, start: 1, end: 3)]
        XCTAssertEqual(Self.overlap(together), Overlap(overlapping: 3, peak: 2, together: 2))
    }
}
