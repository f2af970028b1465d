// Fuzz target `journal`: the journal reader — journal.kp as found on disk, read by verify(), ledger(),
// forEachRecord and repair(), on an approved copy of the fixture conference
// (fuzz/support/JournalWorkspace.swift).
//
// Input: one mode byte, then the data.
//   mode 0 — the data is journal.kp, byte for byte (damage, torn tails, random bytes).
//   mode 1 — the data is record bodies, one per line (`seq=1<TAB>at=…<TAB>kind=payment<TAB>…`): the target
//            appends each line's `<TAB>prev=…<TAB>hash=…` with the real chain (from approved.json's SHA-256),
//            so the fuzzer gets past the hashes to the fields, their meaning and the batch (`more=1`) rules.
//   mode 2 — as 1, but the last line is left without its newline (a cut-off write).
//   mode 3 — a good journal of 4 records followed by the data (what a crash mid-append leaves, or worse).
//   (mode = first byte mod 4.)
//
// Checks (besides "never traps, never hangs"):
//   • the one chain reader gives the same outcome however the file is cut: read whole on one thread, in
//     parts on three threads, and in rounds of a few hundred bytes (the cut taken from the input);
//   • verify() OK ⇒ ledger(), forEachRecord and streamRecords read the same number of records without
//     error, the ledger adds up, and one more voucher recorded on top leaves verify() OK with one record more;
//   • verify() torn ⇒ ledger() and streamRecords refuse it; repair() succeeds; afterwards verify() is OK
//     with the records it said were committed;
//   • verify() broken / approval changed ⇒ ledger() refuses (and forEachRecord, for a changed approval),
//     repair() refuses and leaves journal.kp as it was.
//
// KINHPHI_FUZZ_MAKE_SEEDS=<dir>: writes seed inputs (from journals the current code writes) and exits.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KinhPhiCore
@testable import KinhPhiJournal

let genesisHex: [UInt8] = {
    var out: [UInt8] = []
    FuzzWorkspace.journal.budget.fileSHA256.appendHex(to: &out)
    return out
}()

/// Appends `<TAB>prev=<hex><TAB>hash=<hex>` to every body, chaining from approved.json.
func chain(_ bodies: [ArraySlice<UInt8>], finalNewline: Bool) -> [UInt8] {
    var out: [UInt8] = []
    var prev = genesisHex
    for (i, body) in bodies.enumerated() {
        var line = Array(body)
        line += Array("\tprev=".utf8) + prev
        let digest = SHA256.hash(line)
        line += Array("\thash=".utf8)
        prev.removeAll(keepingCapacity: true)
        digest.appendHex(to: &prev)
        line += prev
        out += line
        if finalNewline || i + 1 < bodies.count { out.append(0x0A) }
    }
    return out
}

/// The bodies of a journal's lines (each without `<TAB>prev=…` and the newline).
func bodies(of journal: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for line in journal.split(separator: 0x0A) where line.count > 140 {
        out += line.dropLast(140)
        out.append(0x0A)
    }
    return out
}

func makeSeeds(_ dir: String) {
    let w = FuzzWorkspace.self
    let base = w.baseJournal
    // An import batch of 4 (more=1 on the first three) on an empty journal.
    w.setJournal(nil)
    let batch = w.importText(w.voucherHeader + "\n"
        + "20/11/2025,1.3,Công ty In,business,0101234567,In tài liệu,1.080.000,80.000,,transfer,payment,1C25TAA,0000777,20/11/2025,,,UNC-07,,\n"
        + "10/11/2025,3.4,Trần Thị Bình,individual,,Tạm ứng,2.000.000,,,cash,advance,,,,,,TU-07,,\n"
        + "25/11/2025,3.4,Trần Thị Bình,individual,,Thanh toán tạm ứng,1.900.000,,,cash,clearing,,,,,,TT-07,TU-07,\n"
        + "05/11/2025,6.1,Báo Hà Nội Mới,business,010123456789,Tạm ứng hợp đồng,5.000.000,,,transfer,advance,,,,HĐ-07,15.000.000,TU-08,,\n")
    guard batch.committed, let batchJournal = w.journalBytes() else { eprint("fuzz: seed batch refused\n"); exit(2) }
    let seeds: [(String, [UInt8])] = [
        ("raw-base", [0] + base),
        ("raw-batch", [0] + batchJournal),
        ("raw-base-cut", [0] + base.dropLast(37)),
        ("raw-batch-cut-after-2", [0] + Array(batchJournal.split(separator: 0x0A).prefix(2).joined(separator: [0x0A])) + [0x0A]),
        ("chained-base", [1] + bodies(of: base)),
        ("chained-batch", [1] + bodies(of: batchJournal)),
        ("chained-base-partial", [2] + bodies(of: base)),
        ("chained-batch-first-2", [1] + Array(bodies(of: batchJournal).split(separator: 0x0A).prefix(2).joined(separator: [0x0A])) + [0x0A]),
        ("base-then-batch-bytes", [3] + batchJournal),
        ("base-then-zeros", [3] + [UInt8](repeating: 0, count: 64)),
        ("base-then-partial", [3] + Array(batchJournal.prefix(100))),
        ("empty", [0]),
    ]
    FuzzPaths.mkdir(dir)
    for (name, b) in seeds { FuzzPaths.write(b, to: dir + "/seed-" + name) }
    w.setJournal(nil)
}

let oneMore = Voucher(kind: .payment, date: CivilDate(year: 2025, month: 11, day: 21)!, line: "1.4", payee: "Công ty TNHH In Hà Nội",
                      payeeType: .business, taxCode: "0101234567", description: "In thẻ đại biểu", amount: Money(1_000),
                      method: .transfer, voucherNumber: "UNC-FUZZ")

let once: Void = {
    if let dir = ProcessInfo.processInfo.environment["KINHPHI_FUZZ_MAKE_SEEDS"], !dir.isEmpty {
        makeSeeds(dir)
        try? FileManager.default.removeItem(atPath: FuzzPaths.scratch)
        _exit(0) // not exit(): libFuzzer reports an exit() from the target as a failure
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJournal(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = once
    let input = bytes(data, size)
    let w = FuzzWorkspace.self
    let j = w.journal
    let mode = input.first.map { $0 % 4 } ?? 0
    let rest = input.dropFirst()
    let file: [UInt8]
    switch mode {
    case 1, 2:
        var lines = rest.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        file = chain(lines, finalNewline: mode == 1)
    case 3: file = w.baseJournal + rest
    default: file = Array(rest)
    }
    w.setJournal(file)
    defer { w.tidy() }

    let v: VerifyResult
    do { v = try j.verify() } catch {
        FuzzFail.check(false, "verify() threw on a readable file: \(error.message(.en))"); return 0
    }
    _ = v.message(.vi); _ = v.message(.en)
    note("mode \(mode): \(file.count) bytes → \(v.message(.en))")
    let ledger = Result { () throws(JournalError) -> Ledger in try j.ledger() }
    var n = 0
    let each = Result { () throws -> Ledger in try j.forEachRecord { _ in n += 1 } }
    let streamed = Result { () throws -> Int in try j.streamRecords(makeSink: { CountingSink() }, drain: { _ in }) }

    // The same reader, cut three ways: one outcome.
    let round = Int64(64 + (input.count > 1 ? Int(input[1]) * 8 : 0))
    var outcomes: [String] = []
    for (threads, parallelFrom, rounds) in [(1, Int64?.none, Int64?.none), (3, Int64?.some(0), Int64?.none), (3, Int64?.some(0), Int64?.some(round))] {
        do {
            let (o, state) = try j.scan(checks: .full, indexes: true, threads: threads, parallelFrom: parallelFrom, roundBytes: rounds)
            outcomes.append(describe(o) + (outcomeIsIntact(o) ? " \(state.records.count) \(state.invoices.count) \(state.vouchers.count)" : ""))
        } catch {
            FuzzFail.check(false, "scan threw on a readable file: \(error.message(.en))"); return 0
        }
    }
    FuzzFail.check(Set(outcomes).count == 1, "the reader's outcome depends on how the file is cut:\n" + outcomes.joined(separator: "\n"))

    switch v.status {
    case .ok:
        guard case .success(let l) = ledger else {
            if case .failure(let e) = ledger { FuzzFail.check(false, "verify OK but ledger() throws: \(e.message(.en))") }
            return 0
        }
        FuzzFail.check(l.recordCount == v.records, "verify read \(v.records) records, ledger \(l.recordCount)")
        switch each {
        case .success(let l2):
            FuzzFail.check(n == v.records && l2.recordCount == v.records, "verify read \(v.records) records, forEachRecord \(n)")
        case .failure(let e):
            FuzzFail.check(false, "verify OK but forEachRecord throws: \((e as? JournalError)?.message(.en) ?? "\(e)")")
        }
        FuzzFail.check((try? streamed.get()) == v.records, "verify read \(v.records) records, streamRecords \(String(describing: try? streamed.get()))")
        FuzzFail.check(l.lastHash == v.lastHash, "verify and ledger disagree on the last hash")
        w.checkLedger(l, context: "verified journal")
        do {
            let out = try j.record(oneMore)
            if !out.refused {
                let again = try j.verify()
                FuzzFail.check(again.isOK && again.records == v.records + 1, "after recording one more: \(again.message(.en))")
            } else {
                FuzzFail.check(w.journalBytes() == file, "a refused voucher changed journal.kp")
            }
        } catch {
            FuzzFail.check(false, "verify OK but recording one more voucher throws: \(error.message(.en))")
        }
    case .torn:
        if case .failure(let e) = ledger, case .tornTail = e {} else {
            FuzzFail.check(false, "verify says torn, ledger() says \(ledgerText(ledger))")
        }
        FuzzFail.check((try? each.get()) == nil, "verify says torn, forEachRecord reads it")
        FuzzFail.check((try? streamed.get()) == nil, "verify says torn, streamRecords reads it")
        let t = v.torn!
        do {
            let r = try j.repair()
            FuzzFail.check(r.keptRecords == t.records, "repair kept \(r.keptRecords), verify said \(t.records) committed")
            let after = try j.verify()
            FuzzFail.check(after.isOK && after.records == t.records, "after repair: \(after.message(.en)) (was: \(v.message(.en)))")
        } catch {
            FuzzFail.check(false, "verify says torn but repair() throws: \(error.message(.en))")
        }
    case .broken, .approvalChanged:
        FuzzFail.check((try? ledger.get()) == nil, "verify says \(v.status), ledger() reads it")
        // forEachRecord does not recompute hashes (by design: only verify and, up to 64 MiB, ledger do), so
        // it may read a journal whose only damage is a hash; the chain anchor it does check.
        if v.status == .approvalChanged { FuzzFail.check((try? each.get()) == nil, "verify says approval changed, forEachRecord reads it") }
        do {
            _ = try j.repair()
            FuzzFail.check(false, "repair() repaired a journal that verify calls \(v.status)")
        } catch {
            FuzzFail.check(w.journalBytes() == file, "a refused repair changed journal.kp")
        }
    }
    return 0
}

func ledgerText(_ r: Result<Ledger, JournalError>) -> String {
    switch r {
    case .success(let l): return "OK with \(l.recordCount) records"
    case .failure(let e): return e.message(.en)
    }
}

final class CountingSink: RecordStreamSink {
    var count = 0
    func take(_ record: RecordView) { count += 1 }
}

func outcomeIsIntact(_ o: ChainReader.Outcome) -> Bool {
    if case .intact = o { return true }
    return false
}

func describe(_ o: ChainReader.Outcome) -> String {
    switch o {
    case .intact(let n, let h): return "intact \(n) \(String(decoding: h, as: UTF8.self))"
    case .torn(let t, let h): return "torn \(t) \(String(decoding: h, as: UTF8.self))"
    case .broken(let b, let h): return "broken \(b) \(String(decoding: h, as: UTF8.self))"
    case .approvalChanged(let a): return "approval changed \(a)"
    case .stopped: return "stopped"
    }
}
