import Foundation
import XCTest
import KinhPhi
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
// the order it submitted them.
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
            var longest = 0.0
            func fail(_ s: String) { lock.lock(); failures.append(s); lock.unlock() }
            func took(_ t: Double) { lock.lock(); longest = max(longest, t); lock.unlock() }
        }
        let outcome = Outcome()
        let start = FaultKit.now()
        let plan = submitted
        let threads = (0..<writers).map { w in
            Thread {
                for (i, v) in plan[w].enumerated() {
                    let args = w % 2 == 1 ? ["import", ws.path, root.appendingPathComponent("w\(w)-\(i).csv").path]
                                          : FaultKit.recordArgs(v, ws: ws.path)
                    let t0 = FaultKit.now()
                    do {
                        let status = try FaultKit.spawn(args, env: env).wait()
                        outcome.took(FaultKit.now() - t0)
                        if status.exitCode != 0 { outcome.fail("writer \(w), voucher \(i) (\(v.voucherNo)): \(status)") }
                    } catch { outcome.fail("writer \(w): cannot start kinhphi: \(error)") }
                }
            }
        }
        for t in threads { t.stackSize = 1 << 20; t.start() }
        // The reader: verify while the writers write.
        var readerFailures: [String] = []
        var verifies = 0
        while threads.contains(where: { !$0.isFinished }) {
            let v = try CLI.run(["verify", ws.path], env: env)
            verifies += 1
            if v.code != 0 { readerFailures.append("verify during the writes: exit \(v.code): \(v.stderr)") }
            if FaultKit.now() - start > 3600 { XCTFail("the writers did not finish within an hour"); return }
        }
        let elapsed = FaultKit.now() - start
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
        // Spread: how often the writers took turns (a run of one writer's records is broken by another's).
        let owners = records.map { $0.1.voucherNo.prefix(2) }
        let switches = zip(owners, owners.dropFirst()).filter { $0 != $1 }.count
        print("FAULTS concurrency: \(writers) writers × \(perWriter) = \(total) records in \(String(format: "%.1f", elapsed)) s, writer switches \(switches), longest single process \(String(format: "%.2f", outcome.longest)) s, verify runs during the writes \(verifies), all intact")
    }
}
