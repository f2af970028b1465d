import Foundation
import XCTest
@testable import KinhPhiJournal
import KinhPhi
import TestSupport

/// The witness, the anchors and the keyed chain through the library (issue 11, items 1 and 2). Each attack is
/// what someone who can write the workspace — not the witness — does with `sha256sum`: the chain alone
/// verifies (shown first, without a witness), the witness does not. The CLI side is in the bad-input
/// catalogue (rows 110–117) and `WitnessCommandTests`.
final class JournalWitnessTests: XCTestCase {
    var t: JournalTestWorkspace!
    var outside: TempDir!

    override func setUpWithError() throws {
        t = try JournalTestWorkspace()
        outside = TempDir()
        t.settings.witness = WitnessSettings(path: outside.file("witness"))
    }

    override func tearDown() { outside.remove(); t = nil }

    var witnessLines: [String] {
        ((try? String(contentsOfFile: outside.file("witness"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The value of `key=` in a TAB-separated line.
    func field(_ line: String, _ key: String) -> String? {
        line.split(separator: "\t").first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// What `sha256sum` lets anyone do: edit lines, then recompute every prev and hash.
    func rechain(_ edit: (inout [String]) -> Void) {
        var lines = t.lines
        edit(&lines)
        var prev = SHA256.hash(Array(FileManager.default.contents(atPath: t.ws.file("approved.json"))!)).hex
        var out = ""
        for l in lines {
            let body = l.components(separatedBy: "\tprev=")[0] + "\tprev=" + prev
            prev = SHA256.hash(body).hex
            out += body + "\thash=" + prev + "\n"
        }
        t.writeJournal(Array(out.utf8))
    }

    func chainOnly() throws -> VerifyResult {
        var s = t.settings
        s.witness = nil
        return try Journal.open(t.ws, settings: s).verify()
    }

    func recordThree() throws {
        try t.record(voucher(amount: 1_000_000, voucherNo: "PC-01"))
        try t.record(voucher(amount: 2_000_000, voucherNo: "PC-02"))
        try t.record(voucher(amount: 3_000_000, voucherNo: "PC-03"))
    }

    // MARK: Every write

    func testEveryWriteAppendsABeginAndADoneNamingItsHead() throws {
        try recordThree()
        let w = witnessLines
        XCTAssertEqual(w.count, 6)
        let approval = SHA256.hash(Array(FileManager.default.contents(atPath: t.ws.file("approved.json"))!)).hex
        for (i, line) in w.enumerated() {
            XCTAssertTrue(line.hasPrefix("kinhphi-witness=1\tws=\(approval)\t"), line)
            XCTAssertEqual(field(line, "phase"), i % 2 == 0 ? "begin" : "done")
            XCTAssertEqual(field(line, "from"), String(i / 2))
            XCTAssertEqual(field(line, "to"), String(i / 2 + 1))
            // head = the hash field of that record in journal.kp.
            XCTAssertEqual(field(line, "head"), field(t.lines[i / 2], "hash"))
            XCTAssertEqual(field(line, "at"), "2025-11-25T03:00:00Z")
            XCTAssertNil(field(line, "mac"))
        }
        let v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.problems, [])
        XCTAssertEqual(v.witness?.confirmedRecords, 3)
        XCTAssertEqual(v.witness?.notes, [])
        XCTAssertEqual(v.head, JournalHead(records: 3, hash: SHA256Digest(hex: field(t.lines[2], "hash")!)!))
        XCTAssertEqual(try t.journal().head(), v.head)
    }

    func testAJournalFromBeforeTheWitnessKeepsVerifyingAndIsWitnessedFromItsFirstWrite() throws {
        t.settings.witness = nil
        try t.record(voucher(amount: 1_000_000, voucherNo: "PC-01"))
        try t.record(voucher(amount: 2_000_000, voucherNo: "PC-02"))
        t.settings.witness = WitnessSettings(path: outside.file("witness"))
        var v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.notes, [.notWitnessed])
        try t.record(voucher(amount: 3_000_000, voucherNo: "PC-03"))
        v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.notes, [.legacy(records: 2)])
        XCTAssertEqual(field(witnessLines[0], "from"), "2")
    }

    /// A folder's name is one field of a witness line: written with the journal's text escape and read back
    /// by its unescape (a backslash, TAB, LF and CR in a name; an invalid escape is not a name).
    func testAFolderNameWithEscapesRoundTripsThroughTheWitnessLine() {
        let name = "/srv/hồ sơ\\2025\tA\nB\rC"
        let escaped = WitnessEntry.escape(name)
        XCTAssertEqual(escaped, "/srv/hồ sơ\\\\2025\\tA\\nB\\rC")
        XCTAssertEqual(WitnessEntry.unescape(Substring(escaped)), name)
        XCTAssertNil(WitnessEntry.unescape("a\\x"))
        XCTAssertNil(WitnessEntry.unescape("a\\"))
    }

    // MARK: Attacks the chain alone does not see

    func testARewrittenJournalVerifiesWithoutTheWitnessAndFailsWithIt() throws {
        try recordThree()
        rechain { $0[1] = $0[1].replacingOccurrences(of: "amount=2000000", with: "amount=2500000") }
        XCTAssertTrue(try chainOnly().isOK, "the chain alone cannot see it")
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .ok)
        XCTAssertFalse(v.isOK)
        XCTAssertEqual(v.witness?.problems, [.diverges(seq: 2, at: "2025-11-25T03:00:00Z")])
        // The first witnessed point that differs: record 2 (its head was witnessed by the second write).
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-04"))) { e in
            guard case JournalError.witness(.disagrees) = e else { return XCTFail("\(e)") }
        }
    }

    func testRecordsCutOffAtALineEndAreLostRecordsNotATidyJournal() throws {
        try recordThree()
        let lines = t.lines
        t.writeJournal(Array((lines[0] + "\n").utf8))
        XCTAssertTrue(try chainOnly().isOK, "the chain alone cannot see it")
        let v = try t.journal().verify()
        XCTAssertEqual(v.witness?.problems, [.shorter(witnessed: 3, head: field(lines[2], "hash")!, at: "2025-11-25T03:00:00Z", has: 1, fileMissing: false)])
        XCTAssertThrowsError(try t.journal().repair()) { e in
            guard case JournalError.nothingToRepair = e else { return XCTFail("\(e)") }
        }
    }

    func testRecordsAddedOutsideKinhPhiAreNotWitnessedAndWritersRefuseToBuildOnThem() throws {
        try recordThree()
        let before = t.journalBytes
        rechain { lines in
            lines.append(lines[2].replacingOccurrences(of: "seq=3\t", with: "seq=4\t").replacingOccurrences(of: "voucher_no=PC-03", with: "voucher_no=PC-99"))
        }
        XCTAssertTrue(try chainOnly().isOK, "the chain alone cannot see it")
        XCTAssertEqual(try t.journal().verify().witness?.problems, [.unwitnessed(from: 4, to: 4)])
        let grown = t.journalBytes
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-05")))
        XCTAssertEqual(t.journalBytes, grown, "nothing written")
        XCTAssertNotEqual(before, grown)
    }

    func testADeletedJournalIsReportedNotTakenForANewOne() throws {
        try recordThree()
        try FileManager.default.removeItem(atPath: t.journalPath)
        XCTAssertTrue(try chainOnly().isOK, "without a witness: an approved workspace with no spending")
        let v = try t.journal().verify()
        guard case .shorter(3, _, _, 0, true)? = v.witness?.problems.first else { return XCTFail(v.report(.en)) }
        XCTAssertTrue(v.report(.vi).contains("không còn tệp journal.kp"), v.report(.vi))
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-05")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.journalPath), "a writer does not start a new journal")
    }

    /// One witness serves many workspaces: the lines of others are passed over, a line that does not read
    /// is counted (a note), and an append after a cut-off line starts on a line of its own.
    func testOtherWorkspacesLinesAndBrokenLinesInASharedWitness() throws {
        try t.record(voucher(amount: 1_000_000, voucherNo: "PC-01"))
        let other = "kinhphi-witness=1\tws=" + String(repeating: "ab", count: 32) + "\tphase=done\tfrom=0\tto=7\thead="
            + String(repeating: "cd", count: 32) + "\tat=2025-11-25T03:00:00Z\tdir=/srv/hoso/khac"
        var w = witnessLines
        w.insert(other, at: 0)
        w.insert("rác không phải dòng chứng kiến", at: 1)
        try (w.joined(separator: "\n") + "\n" + "kinhphi-witness=1\tws=" + String(repeating: "ab", count: 10))   // cut off, no newline
            .write(toFile: outside.file("witness"), atomically: true, encoding: .utf8)
        let v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.notes, [.unreadable(lines: 2)])
        XCTAssertEqual(v.witness?.entries, 2)
        try t.record(voucher(amount: 2_000_000, voucherNo: "PC-02"))
        XCTAssertEqual(field(witnessLines.last!, "phase"), "done")
        XCTAssertEqual(field(witnessLines[witnessLines.count - 2], "phase"), "begin", "the begin is on a line of its own after the cut-off one")
        XCTAssertTrue(try t.journal().verify().isOK)
    }

    /// `kinhphi report` reads a shared witness once (`WitnessSnapshot`) and verifies every workspace from it:
    /// the same answer as reading the file, for an intact journal among other workspaces' and broken lines,
    /// for a rewritten one, and when the snapshot is older than the journal (the file decides then).
    func testAWitnessSnapshotGivesWhatTheFileGives() throws {
        try recordThree()
        let other = "kinhphi-witness=1\tws=" + String(repeating: "ab", count: 32) + "\tphase=done\tfrom=0\tto=7\thead="
            + String(repeating: "cd", count: 32) + "\tat=2025-11-25T03:00:00Z\tdir=/srv/hoso/khac"
        var w = witnessLines
        w.insert(other, at: 0)
        w.insert("rác không phải dòng chứng kiến", at: 2)
        try (w.joined(separator: "\n") + "\n" + "kinhphi-witness=1\tws=" + String(repeating: "ab", count: 10))
            .write(toFile: outside.file("witness"), atomically: true, encoding: .utf8)
        func both() throws -> (file: VerifyResult, snapshot: VerifyResult) {
            var s = t.settings
            s.witnessSnapshot = WitnessSnapshot.read(s.witness)
            XCTAssertNotNil(s.witnessSnapshot)
            return (try t.journal().verify(), try Journal.open(t.ws, settings: s).verify())
        }
        var (file, snap) = try both()
        XCTAssertTrue(file.isOK, file.report(.en))
        XCTAssertEqual(file.witness?.notes, [.unreadable(lines: 2)])
        XCTAssertEqual(snap.report(.en), file.report(.en))
        XCTAssertEqual(snap.witness?.notes, file.witness?.notes)
        XCTAssertEqual(snap.witness?.entries, file.witness?.entries)
        XCTAssertEqual(snap.witness?.confirmedRecords, 3)

        // Older than the journal: a snapshot taken before a fourth record still verifies it (from the file).
        var s = t.settings
        s.witnessSnapshot = WitnessSnapshot.read(s.witness)
        try t.record(voucher(amount: 1_500_000, voucherNo: "PC-04"))
        let stale = try Journal.open(t.ws, settings: s).verify()
        XCTAssertTrue(stale.isOK, stale.report(.en))
        XCTAssertEqual(stale.report(.en), try t.journal().verify().report(.en))

        // A rewritten journal fails either way, with the same findings.
        rechain { $0[1] = $0[1].replacingOccurrences(of: "amount=2000000", with: "amount=2500000") }
        (file, snap) = try both()
        XCTAssertFalse(file.isOK)
        XCTAssertEqual(file.witness?.problems, [.diverges(seq: 2, at: "2025-11-25T03:00:00Z")])
        XCTAssertEqual(snap.report(.en), file.report(.en))
        XCTAssertFalse(try Journal.open(t.ws, settings: s).verify().isOK, "the stale snapshot does not hide it either")
    }

    // MARK: Interrupted writes are benign

    /// A `begin` entry with no `done` (a crash between the witness and the journal, or after the journal's
    /// write): verify says so in a note and nothing more, whichever side of the write it stopped.
    func testABeginWithoutItsDoneIsAnInterruptedWriteNotTampering() throws {
        try recordThree()
        var w = witnessLines
        // Crash after the journal's write, before `done`: drop the last `done`.
        w.removeLast()
        try (w.joined(separator: "\n") + "\n").write(toFile: outside.file("witness"), atomically: true, encoding: .utf8)
        var v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.notes, [.unconfirmed(to: 3, at: "2025-11-25T03:00:00Z")])
        // Crash before the journal's write: the journal does not hold record 3 (cut it), and the witness has
        // its `begin` only.
        t.writeJournal(Array((t.lines[0...1].joined(separator: "\n") + "\n").utf8))
        v = try t.journal().verify()
        XCTAssertTrue(v.isOK, v.report(.en))
        XCTAssertEqual(v.witness?.notes, [.interrupted(from: 2, to: 3, at: "2025-11-25T03:00:00Z")])
        // Writers go on from there.
        try t.record(voucher(amount: 4_000_000, voucherNo: "PC-04"))
        XCTAssertTrue(try t.journal().verify().isOK)
        // A torn tail the interrupted write left is cut by repair.
        var bytes = t.journalBytes
        bytes += Array("seq=4\tat=2025-11-25T03:00:00Z\tkind=pay".utf8)
        t.writeJournal(bytes)
        v = try t.journal().verify()
        XCTAssertEqual(v.status, .torn)
        XCTAssertEqual(v.witness?.problems, [])
        XCTAssertEqual(try t.journal().repair().keptRecords, 3)
        XCTAssertEqual(field(witnessLines.last!, "phase"), "repaired")
    }

    /// An import cut at a line end inside its batch reads like an interrupted import (the last record says
    /// more=1); the witness saw it finish, so it is corruption and repair does not cut further.
    func testAnImportCutAtALineEndIsCorruptionWhenTheWitnessSawItFinish() throws {
        let file = t.csv("v.csv", """
            date,line,payee,payee_type,description,amount,method,kind,voucher_no
            20/11/2025,1.1,An,individual,Giấy,10.000,cash,payment,A-1
            20/11/2025,1.1,An,individual,Bút,20.000,cash,payment,A-2
            20/11/2025,1.1,An,individual,Mực,30.000,cash,payment,A-3

            """)
        XCTAssertEqual(try t.journal().importCSV(path: file).recorded, 3)
        t.writeJournal(Array((t.lines[0...1].joined(separator: "\n") + "\n").utf8))   // both say more=1
        var s = t.settings
        s.witness = nil
        XCTAssertEqual(try Journal.open(t.ws, settings: s).verify().status, .torn, "without the witness: an interrupted import")
        let v = try t.journal().verify()
        XCTAssertEqual(v.status, .torn)
        XCTAssertFalse(v.isOK)
        XCTAssertTrue(v.report(.en).contains("losing committed records"), v.report(.en))
        let before = t.journalBytes
        XCTAssertThrowsError(try t.journal().repair())
        XCTAssertEqual(t.journalBytes, before, "repair cut nothing")
        // Once the cause is known: --accept cuts the torn part and records the acceptance.
        let r = try t.journal().repair(accept: true)
        XCTAssertTrue(r.accepted)
        XCTAssertEqual(r.keptRecords, 0)
        let after = try t.journal().verify()
        XCTAssertTrue(after.isOK, after.report(.en))
        guard case .accepted(0, _, let aside)? = after.witness?.notes.last else { return XCTFail(after.report(.en)) }
        XCTAssertFalse(aside.isEmpty)
    }

    // MARK: Re-import

    func testTheSameFileIsNotImportedTwiceUnlessAskedTo() throws {
        let file = t.csv("v.csv", """
            date,line,payee,payee_type,description,amount,method,kind
            20/11/2025,1.1,An,individual,Giấy,10.000,cash,payment

            """)
        XCTAssertEqual(try t.journal().importCSV(path: file).recorded, 1)
        XCTAssertThrowsError(try t.journal().importCSV(path: file)) { e in
            guard case JournalError.alreadyImported(_, 1, 1, _) = e else { return XCTFail("\(e)") }
        }
        XCTAssertEqual(t.lines.count, 1)
        XCTAssertEqual(try t.journal().importCSV(path: file, again: true).recorded, 1)
        XCTAssertEqual(t.lines.count, 2)
        // One byte more is another file.
        let other = t.csv("v2.csv", String(decoding: FileManager.default.contents(atPath: file)!, as: UTF8.self) + "\n")
        XCTAssertEqual(try t.journal().importCSV(path: other).recorded, 1)
        XCTAssertEqual(witnessLines.compactMap { field($0, "src") }.count, 6)
    }

    // MARK: Anchors

    func testAnAnchorHoldsUntilThePrefixChanges() throws {
        try recordThree()
        let h2 = field(t.lines[1], "hash")!
        let anchors = [JournalAnchor(seq: 2, hashPrefix: h2)!, JournalAnchor(seq: 2, hashPrefix: String(h2.prefix(16)))!,
                       JournalAnchor(seq: 0, hashPrefix: SHA256.hash(Array(FileManager.default.contents(atPath: t.ws.file("approved.json"))!)).hex)!]
        var v = try t.journal().verify(anchors: anchors)
        XCTAssertEqual(v.anchors.map(\.outcome), [.holds, .holds, .holds])
        XCTAssertTrue(v.isOK)
        XCTAssertEqual(try t.journal().verify(anchors: [JournalAnchor(seq: 9, hashPrefix: h2)!]).anchors.map(\.outcome), [.beyondEnd(records: 3)])
        // Record 1 rewritten and everything rechained: the anchor on record 2 no longer holds.
        rechain { $0[0] = $0[0].replacingOccurrences(of: "amount=1000000", with: "amount=1500000") }
        v = try chainOnlyJournal().verify(anchors: anchors)
        XCTAssertEqual(v.status, .ok, "the chain holds")
        XCTAssertEqual(v.anchors.map(\.outcome), [.differs(found: field(t.lines[1], "hash")!), .differs(found: field(t.lines[1], "hash")!), .holds])
        XCTAssertFalse(v.isOK)
        XCTAssertNil(JournalAnchor.parse("2:abc"), "fewer than 16 hex digits")
        XCTAssertNil(JournalAnchor.parse("x:" + h2))
        XCTAssertEqual(JournalAnchor.parse("2:" + h2.uppercased())?.hashPrefix, h2)
    }

    func chainOnlyJournal() throws -> Journal {
        var s = t.settings
        s.witness = nil
        return try Journal.open(t.ws, settings: s)
    }

    // MARK: The keyed chain

    func testKeyedEntriesCannotBeForgedWithoutTheKey() throws {
        let key = outside.write("key", "0123456789abcdef0123456789abcdef")
        t.settings.witness = WitnessSettings(path: outside.file("witness"), keyPath: key)
        try recordThree()
        XCTAssertTrue(witnessLines.allSatisfy { field($0, "mac")?.count == 64 })
        // The MAC is HMAC-SHA256 of the line before "\tmac=" under the key file's bytes.
        let first = witnessLines[0]
        XCTAssertEqual(field(first, "mac"), HMACSHA256(key: Array("0123456789abcdef0123456789abcdef".utf8))
                        .authenticate(first.components(separatedBy: "\tmac=")[0]).hex)
        XCTAssertTrue(try t.journal().verify().isOK)

        // Whoever can write the workspace and the witness, but not read the key: rewrite the journal and
        // append a `done` entry for the new head, with a made-up MAC — or with none.
        rechain { $0[1] = $0[1].replacingOccurrences(of: "amount=2000000", with: "amount=2500000") }
        let newHead = field(t.lines[2], "hash")!
        var forged = witnessLines.last!.replacingOccurrences(of: field(witnessLines.last!, "head")!, with: newHead)
        forged = forged.components(separatedBy: "\tmac=")[0]
        let w = witnessLines
        try ((w + [forged + "\tmac=" + String(repeating: "a", count: 64), forged]).joined(separator: "\n") + "\n")
            .write(toFile: outside.file("witness"), atomically: true, encoding: .utf8)
        let v = try t.journal().verify()
        XCTAssertEqual(v.witness?.problems.filter { if case .badMac = $0 { return true }; return false }, [.badMac(line: 7)])
        XCTAssertTrue(v.witness?.problems.contains(.unkeyed(line: 8)) ?? false, v.report(.en))
        // Without the key, verify says it could not check the MACs; a writer refuses (it would break the chain).
        t.settings.witness = WitnessSettings(path: outside.file("witness"))
        XCTAssertTrue(try t.journal().verify().witness?.notes.contains(.keyNotGiven(entries: 7)) ?? false)
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-09"))) { e in
            guard case JournalError.witness(.disagrees(let r)) = e, r.problems.contains(.keyRequired) else { return XCTFail("\(e)") }
        }
    }

    // MARK: Where the witness may be

    func testTheWitnessAndItsKeyMustBeOutsideTheWorkspace() throws {
        t.settings.witness = WitnessSettings(path: t.ws.file("witness"))
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-01"))) { e in
            guard case JournalError.witness(.insideWorkspace(.witness, _)) = e else { return XCTFail("\(e)") }
        }
        t.settings.witness = WitnessSettings(path: outside.file("witness"), keyPath: t.dir.write("key", "0123456789abcdef0123"))
        XCTAssertThrowsError(try t.journal().record(voucher(amount: 1, voucherNo: "PC-01"))) { e in
            guard case JournalError.witness(.insideWorkspace(.key, _)) = e else { return XCTFail("\(e)") }
        }
        XCTAssertTrue(t.journalBytes.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.ws.file("witness")))
    }

    func testTheDefaultWitnessIsInTheUsersStateFolder() {
        #if os(Linux)
        XCTAssertEqual(WitnessSettings.defaultPath(["HOME": "/home/ke-toan"]), "/home/ke-toan/.local/state/kinhphi/witness")
        XCTAssertEqual(WitnessSettings.defaultPath(["HOME": "/home/ke-toan", "XDG_STATE_HOME": "/srv/state"]), "/srv/state/kinhphi/witness")
        #endif
        XCTAssertNil(WitnessSettings.defaultPath([:]))
        XCTAssertEqual(WitnessSettings.fromEnvironment(["KINHPHI_WITNESS": "/srv/chung/witness", "HOME": "/h"]),
                       WitnessSettings(path: "/srv/chung/witness"))
        XCTAssertEqual(WitnessSettings.fromEnvironment(["HOME": "/h", "KINHPHI_WITNESS_KEY": "/k"])?.keyPath, "/k")
    }
}
