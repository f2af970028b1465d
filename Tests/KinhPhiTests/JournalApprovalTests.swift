import Foundation
import XCTest
import KinhPhi
import TestSupport

/// approved.json: what approve freezes, that it cannot be redone, and that a changed snapshot is noticed.
final class JournalApprovalTests: XCTestCase {
    func testApprovalFreezesLinesPoliciesConferenceAndCatalogue() throws {
        let t = try JournalTestWorkspace(policies: ["3.2": .warn, "4.1": .ignore])
        let b = try ApprovedBudget.load(t.ws)
        XCTAssertEqual(b.decisionNumber, "99/QĐ-STC")
        XCTAssertEqual(b.decisionDate, date(30, 10, 2025))
        XCTAssertEqual(b.approvedAt, JournalTestWorkspace.now)
        XCTAssertEqual(b.conferenceName, "Hội nghị thử nghiệm ghi chi")
        XCTAssertEqual(b.organiser, "Sở Khoa học và Công nghệ")
        XCTAssertEqual(b.fiscalYear, 2025)
        XCTAssertEqual(b.adjustmentPeriodEnd, date(31, 1, 2026))
        XCTAssertEqual(b.lines.map(\.code), ["1.1", "2.1", "3.1", "3.2", "4.1"])
        XCTAssertEqual(b.lines.map(\.policy), [.stop, .stop, .stop, .warn, .ignore])
        XCTAssertEqual(b.lines.map(\.approved.dong), [8_000_000, 30_000_000, 60_000_000, 12_000_000, 6_000_000])
        XCTAssertEqual(b.line("2.1")?.kind, .paper)
        XCTAssertEqual(b.line("2.1")?.budgetCode, "6652")
        XCTAssertEqual(b.line("3.2")?.section, "III. Hậu cần")
        assertMoney(b.total, 116_000_000)
        // The snapshot answers the spending norms by date without the catalogue files.
        assertMoney(try b.catalogue.resolve("pit-threshold", on: date(20, 11, 2025))?.ceiling, 2_000_000)
        assertMoney(try b.catalogue.resolve("cash-limit", on: date(20, 11, 2025))?.ceiling, 5_000_000)
        assertMoney(try b.catalogue.resolve("treasury-contract-threshold", on: date(20, 11, 2025))?.ceiling, 50_000_000)
        XCTAssertNotNil(b.catalogue.rate("advance-cap", on: date(20, 11, 2025)))
        let norms = try String(contentsOfFile: Fixtures.normsPath, encoding: .utf8)
        XCTAssertEqual(b.catalogueSnapshot.normsCSV, norms)
        XCTAssertEqual(b.catalogueSnapshot.normsSHA256, SHA256.hash(norms))
        // The file's own hash anchors the journal.
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: t.ws.file("approved.json")))
        XCTAssertEqual(b.fileSHA256, SHA256.hash([UInt8](bytes)))
    }

    func testSecondApprovalRefused() throws {
        let t = try JournalTestWorkspace()
        let before = FileManager.default.contents(atPath: t.ws.file("approved.json"))
        let loaded = try EstimateLoader.load(t.ws)
        let a = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        XCTAssertThrowsError(try ApprovedBudget.approve(t.ws, appraisal: a, decisionNumber: "100/QĐ", decisionDate: date(1, 11, 2025),
                                                        defaultPolicy: .warn, settings: t.settings)) { e in
            guard case JournalError.alreadyApproved = e else { return XCTFail("\(e)") }
        }
        XCTAssertEqual(FileManager.default.contents(atPath: t.ws.file("approved.json")), before)
    }

    func testApprovalAtTheAppraisedFiguresWhenTheAppraisalHasErrors() throws {
        // A gift line: ITEM-GIFT cuts it to 0 (an error finding); the approval still goes through, at 0.
        let t = try JournalTestWorkspace(extraLines: "V. Khác,5.1,Quà tặng đại biểu,gift,7761,phần,10,,,500.000,5.000.000,,,,Báo giá")
        let b = try ApprovedBudget.load(t.ws)
        XCTAssertGreaterThan(b.appraisalErrors, 0)
        assertMoney(b.line("5.1")?.requested, 5_000_000)
        assertMoney(b.line("5.1")?.approved, 0)
        assertMoney(b.requestedTotal, 121_000_000)
        assertMoney(b.total, 116_000_000)
        // Nothing can be spent on it under the default stop policy.
        let out = try t.journal().record(voucher(line: "5.1", amount: 100_000))
        XCTAssertEqual(findings(out, "REC-OVER-BUDGET").first?.severity, .error)
    }

    func testLinePolicyForAnUnknownLineRefused() throws {
        XCTAssertThrowsError(try JournalTestWorkspace(policies: ["9.9": .warn])) { e in
            guard case JournalError.input(let ie) = e, case .unknownReference = ie.problem else { return XCTFail("\(e)") }
        }
    }

    func testLinePolicyParsing() throws {
        XCTAssertEqual(try OverBudgetPolicy.parseLinePolicies("3.2=warn, 4.1=IGNORE"), ["3.2": .warn, "4.1": .ignore])
        XCTAssertThrowsError(try OverBudgetPolicy.parseLinePolicies("3.2=maybe"))
        XCTAssertThrowsError(try OverBudgetPolicy.parseLinePolicies("3.2"))
        XCTAssertThrowsError(try OverBudgetPolicy.parseLinePolicies("3.2=warn,3.2=stop"))
    }

    func testChangedSnapshotIsNoticed() throws {
        let t = try JournalTestWorkspace()
        let path = t.ws.file("approved.json")
        // Raise the cash limit inside the frozen norms text without updating its SHA-256.
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "amount,5.000.000,,đồng/khoản chi", with: "amount,9.000.000,,đồng/khoản chi")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ApprovedBudget.load(t.ws)) { e in
            guard let ie = e as? InputError else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.location.field, "catalogue.norms_csv")
        }
    }

    /// The snapshot cache `kinhphi report` shares between workspaces: the same snapshot bytes are rebuilt once;
    /// other bytes, or the same bytes under another recorded hash, are checked and rebuilt as without it.
    func testSnapshotCacheReusesOnlyTheSameBytes() throws {
        let cache = CatalogueSnapshotCache()
        let a = try JournalTestWorkspace(), b = try JournalTestWorkspace()
        let first = try ApprovedBudget.load(a.ws, snapshots: cache)
        XCTAssertEqual(cache.count, 1)
        _ = try ApprovedBudget.load(b.ws, snapshots: cache)
        XCTAssertEqual(cache.count, 1, "the same catalogue bytes: nothing new kept")

        // A third approval whose frozen norms say a cash limit of 9.000.000 đ, with its hash recorded correctly:
        // another catalogue, never the cached one (which says 5.000.000 đ).
        let c = try JournalTestWorkspace()
        let path = c.ws.file("approved.json")
        let oldNorms = first.catalogueSnapshot.normsCSV
        let newNorms = oldNorms.replacingOccurrences(of: "amount,5.000.000,,đồng/khoản chi", with: "amount,9.000.000,,đồng/khoản chi")
        XCTAssertNotEqual(newNorms, oldNorms)
        let json = try String(contentsOfFile: path, encoding: .utf8)
        let consistent = json.replacingOccurrences(of: "amount,5.000.000,,đồng/khoản chi", with: "amount,9.000.000,,đồng/khoản chi")
            .replacingOccurrences(of: SHA256.hash(oldNorms).hex, with: SHA256.hash(newNorms).hex)
        try consistent.write(toFile: path, atomically: true, encoding: .utf8)
        let changed = try ApprovedBudget.load(c.ws, snapshots: cache)
        assertMoney(try changed.catalogue.resolve("cash-limit", on: date(20, 11, 2025))?.ceiling, 9_000_000)
        assertMoney(try first.catalogue.resolve("cash-limit", on: date(20, 11, 2025))?.ceiling, 5_000_000)
        XCTAssertEqual(cache.count, 2)
        // And loaded again, it is the 9.000.000 đ one that is found.
        assertMoney(try ApprovedBudget.load(c.ws, snapshots: cache).catalogue.resolve("cash-limit", on: date(20, 11, 2025))?.ceiling, 9_000_000)

        // Edited text under the recorded hash of a cached snapshot: refused, as without the cache.
        let d = try JournalTestWorkspace()
        let dPath = d.ws.file("approved.json")
        let edited = try String(contentsOfFile: dPath, encoding: .utf8).replacingOccurrences(of: "amount,5.000.000,,đồng/khoản chi", with: "amount,9.000.000,,đồng/khoản chi")
        try edited.write(toFile: dPath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ApprovedBudget.load(d.ws, snapshots: cache)) { e in
            XCTAssertEqual((e as? InputError)?.location.field, "catalogue.norms_csv", "\(e)")
        }
        // The cached bytes under another recorded hash: refused too (the hashes are compared, not only the bytes).
        let e = try JournalTestWorkspace()
        let ePath = e.ws.file("approved.json")
        let wrongHash = try String(contentsOfFile: ePath, encoding: .utf8)
            .replacingOccurrences(of: SHA256.hash(oldNorms).hex, with: SHA256.hash(newNorms).hex)
        try wrongHash.write(toFile: ePath, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ApprovedBudget.load(e.ws, snapshots: cache)) { err in
            XCTAssertEqual((err as? InputError)?.location.field, "catalogue.norms_csv", "\(err)")
        }
        XCTAssertEqual(cache.count, 2, "nothing refused is kept")
    }

    func testMissingApprovalIsExplained() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let ws = try Workspace(path: dir.path)
        XCTAssertThrowsError(try Journal.open(ws, settings: JournalSettings(now: JournalTestWorkspace.now))) { e in
            guard case JournalError.notApproved = e else { return XCTFail("\(e)") }
            XCTAssertTrue((e as! JournalError).message(.vi).contains("kinhphi approve"))
        }
    }

    func testSettingsFromTheEnvironment() throws {
        let s = try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": "2025-11-20T15:30:00+07:00", "KINHPHI_LOCK_TIMEOUT": "0.5"])
        XCTAssertEqual(s.now.iso, "2025-11-20T08:30:00Z")
        XCTAssertEqual(s.lockTimeout, 0.5)
        XCTAssertEqual(s.today, date(20, 11, 2025))
        // 23:30 UTC is already the next day in Hà Nội.
        XCTAssertEqual(try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": "2025-11-20T23:30:00Z"]).today, date(21, 11, 2025))
        XCTAssertThrowsError(try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": "20/11/2025"]))
        XCTAssertThrowsError(try JournalSettings.fromEnvironment(["KINHPHI_LOCK_TIMEOUT": "soon"]))
    }

    /// Issue 11, item 5: a clock outside 2000–2099 (UTC) and a lock timeout outside 0…3600 s are refused
    /// when read, before anything is written. Bounds by hand: 2000-01-01T00:00:00Z is 946.684.800 s after
    /// 1970, 2099-12-31T23:59:59Z is 4.102.444.799 s.
    func testClockAndLockTimeoutOutsideTheirBoundsAreRefused() throws {
        XCTAssertEqual(try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": "2000-01-01T00:00:00Z"]).now.secondsSinceEpoch, 946_684_800)
        XCTAssertEqual(try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": "2099-12-31T23:59:59Z"]).now.secondsSinceEpoch, 4_102_444_799)
        for bad in ["1999-12-31T23:59:59Z", "1970-01-01", "2100-01-01T00:00:00Z", "2099-12-31T23:00:00-07:00", "9999-12-31T23:00:00-07:00",
                    "2000-01-01T06:00:00+07:00"] {
            XCTAssertThrowsError(try JournalSettings.fromEnvironment(["KINHPHI_CLOCK": bad]), bad) { e in
                guard case JournalError.clockOutOfRange(bad?, _) = e else { return XCTFail("\(bad): \(e)") }
            }
        }
        XCTAssertEqual(try JournalSettings.fromEnvironment(["KINHPHI_LOCK_TIMEOUT": "3600"]).lockTimeout, 3600)
        XCTAssertEqual(try JournalSettings.fromEnvironment(["KINHPHI_LOCK_TIMEOUT": "0"]).lockTimeout, 0)
        for bad in ["3600.5", "1e300", "-1", "inf", "nan"] {
            XCTAssertThrowsError(try JournalSettings.fromEnvironment(["KINHPHI_LOCK_TIMEOUT": bad]), bad)
        }
        XCTAssertTrue(JournalError.clockOutOfRange(given: "9999-12-31T23:00:00-07:00", at: 253_402_322_800).message(.vi).contains("năm 10000"))
    }
}
