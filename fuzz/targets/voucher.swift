// Fuzz target `voucher`: the voucher CSV reader — `kinhphi import` end to end (Journal.importCSV: the
// streaming CSV reader, VoucherInput, every recording rule, the chain writer and the commit) on an
// approved copy of the fixture conference (fuzz/support/JournalWorkspace.swift).
//
// Input: the voucher file. Its length picks the situation (so the fuzzer explores all four):
//   bit 0 of the length — 0: no journal yet; 1: a journal of 4 records already there (a payment with an
//                          invoice, an advance TU-01, a paper fee, a reversal), so duplicates, clearings of
//                          TU-01 and reversed records are in play;
//   bit 1 of the length — 1: tiny in-memory limit, so the batch spills to the scratch file
//                          (.journal.kp.import) and is committed by rename / append.
//
// Checks (besides "never traps, never hangs"):
//   • all or nothing: when nothing is committed, journal.kp is byte for byte what it was and no scratch
//     file is left; when committed, every row read was recorded;
//   • every listed problem names a row within the file (the header is row 1);
//   • after a commit: verify() is OK with the old records + the new ones, ledger() and forEachRecord read
//     the same number of records, and the ledger adds up; the effective parts of every invoice (split over
//     lines, issue 14) stay within its total, no total without an invoice number, no negative net.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KinhPhiCore
@testable import KinhPhiJournal

let baseJournal = FuzzWorkspace.baseJournal
let baseRecords = FuzzWorkspace.baseRecords

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVoucher(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let w = FuzzWorkspace.self
    let withBase = size & 1 == 1, spill = size & 2 == 2
    let base = withBase ? baseJournal : nil
    w.setJournal(base)
    let csv = FuzzPaths.scratch + "/vouchers.csv"
    FuzzPaths.write(input, to: csv)
    let spoolPath = w.workspace.file(Journal.spoolName)
    let physicalLines = input.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }

    let out: ImportOutcome
    do {
        out = spill ? try w.journal.importCSV(path: csv, displayName: "vouchers.csv", memoryLimit: 512, spillSize: 256)
                    : try w.journal.importCSV(path: csv, displayName: "vouchers.csv")
    } catch {
        note("import threw: \(error.message(.en))")
        _ = error.message(.vi); _ = error.message(.en)
        FuzzFail.check(w.journalBytes() == base, "import threw (\(error.message(.en))) and changed journal.kp")
        FuzzFail.check(!FileManager.default.fileExists(atPath: spoolPath), "import threw and left \(Journal.spoolName)")
        if case .input(let e) = error, let l = e.location.line {
            FuzzFail.check(l >= 1 && l <= physicalLines, "error on line \(l) of \(physicalLines)")
        }
        return 0
    }
    note("base \(withBase), spill \(spill): \(out.rows) rows, \(out.recorded) recorded, \(out.errorCount) errors, \(out.warningCount) warnings"
         + out.errors.prefix(5).map { " | row \($0.row) \($0.ruleID ?? $0.column ?? ""): \($0.message.en)" }.joined())
    FuzzFail.check(!FileManager.default.fileExists(atPath: spoolPath), "import left \(Journal.spoolName) behind")
    for p in out.errors + out.warnings {
        FuzzFail.check(p.row >= 2 && p.row <= physicalLines, "problem on row \(p.row) of \(physicalLines): \(p.message.en)")
        _ = p.message.vi
    }
    FuzzFail.check(out.errorCount >= out.errors.count && out.warningCount >= out.warnings.count, "problem counts")
    if !out.committed {
        FuzzFail.check(out.recorded == 0, "refused import says \(out.recorded) recorded")
        FuzzFail.check(out.errorCount > 0, "an import refused without any error")
        FuzzFail.check(w.journalBytes() == base, "a refused import changed journal.kp")
        return 0
    }
    FuzzFail.check(out.errorCount == 0, "a committed import with \(out.errorCount) errors")
    FuzzFail.check(out.recorded == out.rows, "committed \(out.recorded) of \(out.rows) rows")
    let old = withBase ? baseRecords : 0
    FuzzFail.check(out.firstSeq == old + 1 && out.lastSeq == old + out.recorded, "seqs \(String(describing: out.firstSeq))…\(String(describing: out.lastSeq))")
    do {
        let v = try w.journal.verify()
        FuzzFail.check(v.isOK && v.records == old + out.recorded, "after import: \(v.message(.en))")
        let ledger = try w.journal.ledger()
        FuzzFail.check(ledger.recordCount == old + out.recorded, "ledger has \(ledger.recordCount) records")
        var n = 0
        // Issue 14: what was committed keeps the invoices within their totals (REC-INVOICE-TOTAL) and an
        // individual's net within the gross (the parts of one invoice over several lines, by its key).
        var vouchers: [(Int, Voucher)] = []
        let again = try w.journal.forEachRecord { r in
            n += 1
            if case .voucher(let v) = r.body { vouchers.append((r.seq, v)) }
        }
        FuzzFail.check(n == old + out.recorded && again.recordCount == n, "forEachRecord read \(n) records")
        var parts: [[UInt8]: (sum: Int64, total: Int64?)] = [:]
        for (seq, v) in vouchers where again.isEffective(seq) && v.kind != .refund {
            FuzzFail.check(v.invoiceTotal == nil || v.invoiceNumber != nil, "record \(seq): an invoice total without its number")
            FuzzFail.check(!v.net.isNegative, "record \(seq): net below zero")
            var key: [UInt8] = []
            guard InvoiceKey.append(v, to: &key) else { continue }
            var e = parts[key] ?? (0, nil)
            e.sum &+= v.amount.dong
            if let t = v.invoiceTotal?.dong { e.total = e.total ?? t }
            parts[key] = e
        }
        for (_, e) in parts { if let t = e.total { FuzzFail.check(e.sum <= t, "an invoice's parts add up to \(e.sum), above its total \(t)") } }
        w.checkLedger(ledger, context: "after import")
    } catch {
        FuzzFail.check(false, "a committed import cannot be read back: \(error)")
    }
    return 0
}
