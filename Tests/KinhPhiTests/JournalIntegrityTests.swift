import Foundation
import XCTest
import KinhPhi
import TestSupport

/// The chain (an edited, removed or moved record is caught), the torn tail (detected on open, cut by
/// repair with a backup kept), and the anchor to approved.json.
final class JournalIntegrityTests: XCTestCase {
    var t: JournalTestWorkspace!

    override func setUpWithError() throws {
        t = try JournalTestWorkspace()
        // Five records: 1–3 by `record`, 4–5 one import batch.
        try t.record(voucher(amount: 1_000_000, voucherNo: "PC-01"))
        try t.record(voucher(amount: 2_000_000, voucherNo: "PC-02"))
        try t.record(voucher(line: "3.2", amount: 3_000_000, voucherNo: "PC-03"))
        let csv = t.csv("batch.csv", JournalImportTests.header + "\n"
            + "21/11/2025,3.2,Công ty A,business,0101234567,Hàng 4,400.000,,,transfer,payment,,,,,,PC-04,,\n"
            + "21/11/2025,3.2,Công ty A,business,0101234567,Hàng 5,500.000,,,transfer,payment,,,,,,PC-05,,\n")
        XCTAssertTrue(try t.journal().importCSV(path: csv).committed)
    }

    override func tearDown() { t = nil }

    func testIntactJournalVerifies() throws {
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .ok)
        XCTAssertEqual(v.records, 5)
        XCTAssertEqual(v.lastHash.hex, String(t.lines[4].suffix(64)))
    }

    func testVerifyWithLedgerGivesTheSameLedger() throws {
        let (v, ledger) = try t.journal().verifyWithLedger()
        XCTAssertTrue(v.isOK)
        let plain = try t.ledger()
        XCTAssertEqual(ledger?.paid, plain.paid)
        XCTAssertEqual(ledger?.lines.map(\.records), plain.lines.map(\.records))
        var lines = t.lines
        lines[1] = lines[1].replacingOccurrences(of: "amount=2000000", with: "amount=2900000")
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let (bad, none) = try t.journal().verifyWithLedger()
        XCTAssertEqual(bad.status, .broken)
        XCTAssertNil(none)
    }

    func testHashIsTheSHA256OfTheLineBeforeTheHashField() throws {
        // Independent of the code under test's parser: cut the text at "\thash=" and hash it.
        for (i, line) in t.lines.enumerated() {
            let cut = try XCTUnwrap(line.range(of: "\thash="))
            XCTAssertEqual(SHA256.hash(String(line[..<cut.lowerBound])).hex, String(line[cut.upperBound...]), "line \(i + 1)")
        }
        // Record 1's prev is the SHA-256 of approved.json's bytes.
        let approved = try XCTUnwrap(FileManager.default.contents(atPath: t.ws.file("approved.json")))
        XCTAssertTrue(t.lines[0].contains("\tprev=" + SHA256.hash([UInt8](approved)).hex + "\t"))
        XCTAssertTrue(t.lines[1].contains("\tprev=" + String(t.lines[0].suffix(64)) + "\t"))
    }

    func testEditedMiddleRecordIsCaught() throws {
        // Change record 2's amount from 2000000 to 2900000 in the file.
        var lines = t.lines
        lines[1] = lines[1].replacingOccurrences(of: "amount=2000000", with: "amount=2900000")
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 2)
        XCTAssertTrue(v.bad?.reason.en.contains("hash does not match") ?? false, v.message(.en))
        XCTAssertEqual(v.records, 1)
        // Every other command refuses the journal rather than work on it.
        XCTAssertThrowsError(try t.ledger()) { e in
            guard case JournalError.broken = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try t.journal().repair()) { e in
            guard case JournalError.nothingToRepair = e else { return XCTFail("\(e)") }
        }
    }

    func testEditedRecordWithItsHashRecomputedBreaksTheNextLink() throws {
        var lines = t.lines
        let edited = lines[1].replacingOccurrences(of: "amount=2000000", with: "amount=2900000")
        let cut = edited.range(of: "\thash=")!
        let body = String(edited[..<cut.lowerBound])
        lines[1] = body + "\thash=" + SHA256.hash(body).hex
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 3)
        XCTAssertTrue(v.bad?.reason.en.contains("prev does not match the hash of record 2") ?? false, v.message(.en))
    }

    func testRemovedMiddleRecordIsCaught() throws {
        var lines = t.lines
        lines.remove(at: 2)
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 3)
        XCTAssertTrue(v.bad?.reason.en.contains("seq is 4, expected 3") ?? false, v.message(.en))
    }

    func testSwappedRecordsAreCaught() throws {
        var lines = t.lines
        lines.swapAt(1, 2)
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 2)
    }

    func testEditedLastRecordIsNotATornTail() throws {
        var lines = t.lines
        lines[4] = lines[4].replacingOccurrences(of: "amount=500000", with: "amount=5000000")
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad?.line, 5)
        XCTAssertThrowsError(try t.journal().repair())
    }

    func testTornLastRecordIsDetectedAndRepairedWithABackup() throws {
        let full = t.journalBytes
        // Cut the last line (record 5) halfway: a power cut during its write.
        let lastStart = full.dropLast().lastIndex(of: 10)! + 1
        let torn = Array(full[..<(lastStart + 40)])
        t.writeJournal(torn)
        XCTAssertThrowsError(try t.ledger()) { e in
            guard case JournalError.tornTail(let tail) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(tail.partialLine)
            XCTAssertTrue(tail.message(.en).contains("kinhphi repair"))
            // Record 4 was the first of a two-record batch: without record 5 the batch never committed.
            XCTAssertEqual(tail.records, 3)
            XCTAssertEqual(tail.uncommittedRecords, 1)
        }
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .torn)
        XCTAssertEqual(v.records, 3)
        let r = try t.journal().repair()
        // The backup holds exactly the torn bytes; the journal is cut back to records 1–3.
        XCTAssertEqual(FileManager.default.contents(atPath: r.backupPath).map { [UInt8]($0) }, torn)
        XCTAssertTrue(r.backupPath.hasPrefix(t.journalPath + ".bak-20251125T030000Z"))
        XCTAssertEqual(r.keptRecords, 3)
        XCTAssertEqual(r.removedRecords, 1)
        let firstThree = full[..<(full.indices.filter { full[$0] == 10 }[2] + 1)]
        XCTAssertEqual(t.journalBytes, Array(firstThree))
        XCTAssertTrue(try t.journal().verify().isOK)
        XCTAssertEqual(try t.ledger().recordCount, 3)
        // Writing goes on from record 4.
        let out = try t.record(voucher(line: "3.2", amount: 100_000))
        XCTAssertEqual(out.records.first?.seq, 4)
    }

    func testTornSingleRecordIsCutAlone() throws {
        try t.record(voucher(line: "3.2", amount: 600_000, voucherNo: "PC-06"))      // record 6, a batch of one
        let full = t.journalBytes
        t.writeJournal(Array(full.dropLast(10)))
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .torn)
        XCTAssertEqual(v.torn?.records, 5)
        XCTAssertEqual(v.torn?.uncommittedRecords, 0)
        _ = try t.journal().repair()
        XCTAssertEqual(try t.ledger().recordCount, 5)
    }

    func testUnfinishedBatchWithWholeLinesIsATornTail() throws {
        // The file ends right after record 4 (more=1): the import of 4–5 never finished.
        let full = t.journalBytes
        let ends = full.indices.filter { full[$0] == 10 }
        t.writeJournal(Array(full[...ends[3]]))
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1))) { e in
            guard case JournalError.tornTail(let tail) = e else { return XCTFail("\(e)") }
            XCTAssertFalse(tail.partialLine)
            XCTAssertEqual(tail.uncommittedRecords, 1)
        }
        let r = try t.journal().repair()
        XCTAssertEqual(r.keptRecords, 3)
        XCTAssertEqual(try t.journal().verify().records, 3)
    }

    func testGarbageAfterTheLastRecordIsATornTail() throws {
        t.writeJournal(t.journalBytes + [0, 0, 0, 0, 0, 0])   // zero-filled blocks after a crash
        XCTAssertEqual(try t.journal().verify().status, .torn)
        XCTAssertEqual(try t.journal().repair().keptRecords, 5)
        XCTAssertTrue(try t.journal().verify().isOK)
    }

    func testRepairOfAnIntactJournalChangesNothing() throws {
        let before = t.journalBytes
        XCTAssertThrowsError(try t.journal().repair()) { e in
            guard case JournalError.intact(let n) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(n, 5)
        }
        XCTAssertEqual(t.journalBytes, before)
        let backups = try FileManager.default.contentsOfDirectory(atPath: t.dir.path).filter { $0.contains(".bak-") }
        XCTAssertEqual(backups, [])
    }

    func testChangedApprovalIsCaught() throws {
        let path = t.ws.file("approved.json")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"approved\": 8000000", with: "\"approved\": 9000000")
            .replacingOccurrences(of: "\"total\": 116000000", with: "\"total\": 117000000")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .approvalChanged)
        XCTAssertThrowsError(try t.ledger()) { e in
            guard case JournalError.approvalChanged = e else { return XCTFail("\(e)") }
        }
    }

    func testReadingChangesNothing() throws {
        let before = t.journalBytes
        _ = try t.ledger()
        _ = try t.journal().verify()
        try t.journal().forEachRecord { _ in }
        XCTAssertEqual(t.journalBytes, before)
    }

    func testVerifyAcrossManyRangesAgreesWithOneRange() throws {
        // A journal big enough to be checked on several threads (over 8 MiB), then a record edited far in.
        var text = JournalImportTests.header + "\n"
        for i in 0..<100 {
            text += "22/11/2025,3.1,Công ty TNHH Trang trí Hà Nội,business,0101234567,Trang trí đợt \(i),100,,,transfer,payment,,,,,,TT-\(i),,\n"
        }
        XCTAssertTrue(try t.journal().importCSV(path: t.csv("more.csv", text)).committed)
        XCTAssertTrue(try t.journal().verify().isOK)
        var lines = t.lines
        lines[80] = lines[80].replacingOccurrences(of: "đợt 75", with: "đợt 57")
        t.writeJournal(Array((lines.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(try t.journal().verify().bad?.line, 81)
    }

    /// Found by the journal fuzzer: a torn tail behind a record whose hashes hold but whose meaning does not
    /// (a clearing that "clears" a payment). Repair must not cut such a journal: it is broken, not torn.
    /// The first problem in the file decides (docs/journal.md, Torn tail): record 2's meaning comes before
    /// the cut-off record 5, and record 2 is a committed record, so the journal is broken at line 2.
    func testRepairRefusesWhenARecordBeforeTheTornTailIsBroken() throws {
        var lines = t.lines
        // Record 2 becomes a clearing of record 1 (a payment): meaningless, then every hash is re-chained so
        // that only the replay of meanings can catch it.
        lines[1] = lines[1].replacingOccurrences(of: "\tkind=payment\t", with: "\tkind=clearing\t")
            .replacingOccurrences(of: "\tprev=", with: "\tclears=1\tprev=")
        var prev = SHA256.hash([UInt8](FileManager.default.contents(atPath: t.ws.path + "/approved.json")!)).hex
        for k in lines.indices {
            let head = lines[k][..<lines[k].range(of: "\tprev=")!.lowerBound]
            let body = head + "\tprev=" + prev
            lines[k] = body + "\thash=" + SHA256.hash(String(body)).hex
            prev = SHA256.hash(String(body)).hex
        }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        bytes.removeLast(30)                                   // and the last record is torn
        t.writeJournal(bytes)
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .broken)
        XCTAssertEqual(v.bad, BadRecord(line: 2, problem: .notAnOpenAdvance(clears: 1)))
        XCTAssertEqual(v.records, 1)
        XCTAssertThrowsError(try t.ledger()) { e in
            guard case JournalError.broken(let b) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(b.line, 2)
        }
        XCTAssertThrowsError(try t.journal().repair()) { e in
            guard case JournalError.nothingToRepair(let why) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(why.en.contains("not a torn last record"), why.en)
            XCTAssertTrue(why.en.contains("record on line 2 of journal.kp: clears=1 is not an open advance"), why.en)
        }
        XCTAssertEqual(t.journalBytes, bytes, "a refused repair changes nothing")
        let backups = try FileManager.default.contentsOfDirectory(atPath: t.ws.path).filter { $0.contains(".bak-") }
        XCTAssertEqual(backups, [], "no backup either: nothing was done")
    }
}
