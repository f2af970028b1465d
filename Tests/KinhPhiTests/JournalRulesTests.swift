import XCTest
import KinhPhi
import TestSupport

/// Every recording check, firing and not firing. Figures by hand in the comments; thresholds come from
/// fixtures/catalogue (pit-threshold 2.000.000, pit-rate 10 %, cash-limit 5.000.000,
/// treasury-contract-threshold 50.000.000, advance-cap 50 %).
final class JournalRulesTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    func refused(_ v: Voucher, _ rule: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = t.journalBytes
        let out = try t.journal().record(v)
        XCTAssertTrue(out.refused, "expected \(rule) to refuse", file: file, line: line)
        XCTAssertEqual(findings(out, rule).first?.severity, .error, "no \(rule) error in " + out.findings.map(\.ruleID).joined(separator: ","), file: file, line: line)
        XCTAssertEqual(t.journalBytes, before, "a refused voucher must not change the journal", file: file, line: line)
    }

    func accepted(_ v: Voucher, without rule: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try t.journal().record(v)
        XCTAssertFalse(out.refused, out.findings.map { "\($0.ruleID): \($0.message.en)" }.joined(separator: " | "), file: file, line: line)
        XCTAssertTrue(findings(out, rule).isEmpty, "\(rule) fired", file: file, line: line)
    }

    // MARK: REC-AMOUNTS

    func testAmountsVATAboveAmountRefused() throws {
        try refused(voucher(amount: 1_000_000, vat: 1_000_001), "REC-AMOUNTS")
    }

    func testAmountsConsistentAccepted() throws {
        // VAT 8 % inside 1.080.000 is 80.000.
        try accepted(voucher(amount: 1_080_000, vat: 80_000), without: "REC-AMOUNTS")
    }

    // MARK: REC-LINE

    func testUnknownLineRefused() throws { try refused(voucher(line: "9.9", amount: 100_000), "REC-LINE") }
    func testKnownLineAccepted() throws { try accepted(voucher(line: "1.1", amount: 100_000), without: "REC-LINE") }

    // MARK: REC-FISCAL-YEAR

    func testDateBeforeBudgetYearRefused() throws {
        try refused(voucher(amount: 100_000, date: date(31, 12, 2024)), "REC-FISCAL-YEAR")
    }

    func testAdjustmentPeriodNeedsWorkDoneByYearEnd() throws {
        // 15/01/2026 lies in the adjustment period (to 31/01/2026); the work date defaults to the voucher date.
        t.settings.now = Timestamp.parse("2026-01-31T03:00:00Z")!
        try refused(voucher(amount: 100_000, date: date(15, 1, 2026)), "REC-FISCAL-YEAR")
        try accepted(voucher(amount: 100_000, date: date(15, 1, 2026), workDate: date(20, 11, 2025)), without: "REC-FISCAL-YEAR")
    }

    func testAfterAdjustmentPeriodRefused() throws {
        try refused(voucher(amount: 100_000, date: date(1, 2, 2026), workDate: date(20, 11, 2025)), "REC-FISCAL-YEAR")
    }

    func testNoAdvanceAfterYearEnd() throws {
        try refused(voucher(.advance, amount: 100_000, date: date(5, 1, 2026), voucherNo: "TU-9"), "REC-FISCAL-YEAR")
    }

    func testRefundInAdjustmentPeriodAccepted() throws {
        t.settings.now = Timestamp.parse("2026-01-31T03:00:00Z")!
        try t.record(voucher(amount: 500_000))
        try accepted(voucher(.refund, amount: 100_000, date: date(20, 1, 2026)), without: "REC-FISCAL-YEAR")
    }

    func testLastDayOfYearAccepted() throws {
        t.settings.now = Timestamp.parse("2026-01-31T03:00:00Z")!
        try accepted(voucher(amount: 100_000, date: date(31, 12, 2025)), without: "REC-FISCAL-YEAR")
    }

    // MARK: REC-TAX-CODE

    func testBusinessWithoutTaxCodeRefused() throws {
        var v = voucher(amount: 100_000)
        v.taxCode = nil
        try refused(v, "REC-TAX-CODE")
    }

    func testIndividualWithoutTaxCodeAccepted() throws {
        try accepted(personal(line: "1.1", amount: 100_000), without: "REC-TAX-CODE")
    }

    // MARK: REC-VOUCHER-NO

    func testVoucherNumberReusedRefusedUntilReversed() throws {
        try t.record(voucher(amount: 100_000, voucherNo: "PC-01"))
        try refused(voucher(amount: 200_000, voucherNo: "pc-01"), "REC-VOUCHER-NO") // case-insensitive
        XCTAssertFalse(try t.journal().reverse(1, reason: "ghi sai số tiền").refused)
        try accepted(voucher(amount: 200_000, voucherNo: "PC-01"), without: "REC-VOUCHER-NO")
    }

    // MARK: REC-ADVANCE-NO

    func testAdvanceWithoutNumberRefused() throws {
        try refused(personal(.advance, staff: true, line: "1.1", amount: 1_000_000), "REC-ADVANCE-NO")
    }

    func testAdvanceWithNumberAccepted() throws {
        try accepted(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"), without: "REC-ADVANCE-NO")
    }

    // MARK: REC-CLEARING

    func testClearingNamingNoAdvanceRefused() throws {
        try refused(personal(.clearing, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TT-01", ref: "TU-77"), "REC-CLEARING")
        try refused(personal(.clearing, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TT-01"), "REC-CLEARING") // no ref at all
    }

    func testClearingOnAnotherLineRefused() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"))
        try refused(personal(.clearing, staff: true, line: "3.2", amount: 900_000, voucherNo: "TT-01", ref: "TU-01"), "REC-CLEARING")
    }

    func testSecondClearingOfTheSameAdvanceRefused() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"))
        try t.record(personal(.clearing, staff: true, line: "1.1", amount: 900_000, voucherNo: "TT-01", ref: "TU-01"))
        try refused(personal(.clearing, staff: true, line: "1.1", amount: 100_000, voucherNo: "TT-02", ref: "TU-01"), "REC-CLEARING")
    }

    func testClearingOfAPaymentNumberRefused() throws {
        try t.record(voucher(amount: 1_000_000, voucherNo: "PC-01"))
        try refused(personal(.clearing, staff: true, line: "1.1", amount: 100_000, voucherNo: "TT-02", ref: "PC-01"), "REC-CLEARING")
    }

    func testClearingResolvesItsAdvance() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 1_000_000, voucherNo: "TU-01"))
        let out = try t.record(personal(.clearing, staff: true, line: "1.1", amount: 900_000, voucherNo: "TT-01", ref: "TU-01"))
        XCTAssertEqual(out.records.first?.body.voucher?.clears, 1)
    }

    // MARK: REC-REFUND

    func testRefundAboveSpentRefused() throws {
        try t.record(voucher(amount: 500_000))
        try refused(voucher(.refund, amount: 500_001), "REC-REFUND")
    }

    func testRefundWithinSpentAccepted() throws {
        try t.record(voucher(amount: 500_000))
        try accepted(voucher(.refund, amount: 500_000), without: "REC-REFUND")
    }

    // MARK: REC-DUP-INVOICE

    func testDuplicateInvoiceRefused() throws {
        try t.record(voucher(amount: 1_000_000, invoiceSeries: "1C25TAA", invoiceNo: "0000123"))
        // Same seller, same series, same number written without the leading zeros and in lower case, on the
        // same line (on another line it is a part of the invoice: JournalPayeeTests).
        try refused(voucher(line: "1.1", amount: 2_000_000, invoiceSeries: "1c25taa", invoiceNo: "123"), "REC-DUP-INVOICE")
    }

    func testOtherInvoiceNumberOrSellerAccepted() throws {
        try t.record(voucher(amount: 1_000_000, invoiceSeries: "1C25TAA", invoiceNo: "0000123"))
        try accepted(voucher(amount: 1_000_000, invoiceSeries: "1C25TAA", invoiceNo: "0000124"), without: "REC-DUP-INVOICE")
        try accepted(voucher(line: "3.2", amount: 1_000_000, taxCode: "0109999999", invoiceSeries: "1C25TAA", invoiceNo: "0000123"), without: "REC-DUP-INVOICE")
    }

    func testInvoiceFreeAgainAfterReversal() throws {
        try t.record(voucher(amount: 1_000_000, invoiceSeries: "1C25TAA", invoiceNo: "0000123"))
        XCTAssertFalse(try t.journal().reverse(1, reason: "sai số tiền").refused)
        try accepted(voucher(line: "1.1", amount: 1_100_000, invoiceSeries: "1C25TAA", invoiceNo: "0000123"), without: "REC-DUP-INVOICE")
    }

    // MARK: REC-CASH-LIMIT

    func testCashAboveLimitToBusinessRefused() throws {
        // 5.000.001 > 5.000.000
        try refused(voucher(amount: 5_000_001, method: .cash), "REC-CASH-LIMIT")
    }

    func testCashAtLimitOrToIndividualAccepted() throws {
        try accepted(voucher(amount: 5_000_000, method: .cash), without: "REC-CASH-LIMIT")
        try accepted(personal(line: "3.2", amount: 6_000_000, pit: 600_000, method: .cash), without: "REC-CASH-LIMIT")
        try accepted(voucher(line: "3.2", amount: 6_000_000, method: .transfer), without: "REC-CASH-LIMIT")
    }

    func testCashLimitIsReadFromTheCatalogueSnapshot() throws {
        // The same catalogue with cash-limit lowered to 1.000.000: 2.000.000 in cash to a business is refused.
        let norms = try String(contentsOfFile: Fixtures.normsPath, encoding: .utf8)
            .replacingOccurrences(of: "amount,5.000.000,,đồng/khoản chi", with: "amount,1.000.000,,đồng/khoản chi")
        XCTAssertTrue(norms.contains("amount,1.000.000,,đồng/khoản chi"))
        t = try JournalTestWorkspace(normsCSV: norms)
        try refused(voucher(amount: 2_000_000, method: .cash), "REC-CASH-LIMIT")
    }

    // MARK: REC-PIT

    func testHonorariumWithoutPITRefused() throws {
        // 3.000.000 ≥ 2.000.000 to an individual on a paper line: 10 % = 300.000 must be withheld.
        try refused(personal(line: "2.1", amount: 3_000_000), "REC-PIT")
        try refused(personal(line: "2.1", amount: 3_000_000, pit: 299_999), "REC-PIT")
    }

    func testHonorariumAtThresholdNeedsPIT() throws {
        // Exactly 2.000.000 is "from 2.000.000": 200.000.
        try refused(personal(line: "2.1", amount: 2_000_000), "REC-PIT")
        try accepted(personal(line: "2.1", amount: 2_000_000, pit: 200_000), without: "REC-PIT")
    }

    func testHonorariumPITRoundedByRuleR1() throws {
        // 2.500.005 × 10 % = 250.000,5 → half up → 250.001.
        try refused(personal(line: "2.1", amount: 2_500_005, pit: 250_000), "REC-PIT")
        try accepted(personal(line: "2.1", amount: 2_500_005, pit: 250_001), without: "REC-PIT")
    }

    func testNoPITBelowThresholdForStaffOrBusinesses() throws {
        try accepted(personal(line: "2.1", amount: 1_999_999), without: "REC-PIT")
        try accepted(personal(staff: true, line: "3.2", amount: 3_000_000, date: date(22, 11, 2025)), without: "REC-PIT")  // own staff
        try accepted(voucher(line: "2.1", amount: 3_000_000), without: "REC-PIT")            // a business
    }

    // MARK: REC-CONTRACT

    func testPaymentAboveTreasuryThresholdWithoutContractRefused() throws {
        try refused(voucher(line: "3.1", amount: 55_000_000), "REC-CONTRACT")
        // A smaller payment on a contract above the threshold also needs the contract number.
        try refused(voucher(line: "3.1", amount: 10_000_000, contractValue: 55_000_000), "REC-CONTRACT")
    }

    func testContractReferencedOrAtThresholdAccepted() throws {
        try accepted(voucher(line: "3.1", amount: 55_000_000, contractNo: "HĐ 12/2025", contractValue: 55_000_000), without: "REC-CONTRACT")
        t = try JournalTestWorkspace()
        try accepted(voucher(line: "3.1", amount: 50_000_000), without: "REC-CONTRACT") // 50.000.000 is not above 50.000.000
    }

    // MARK: REC-ADVANCE-CAP

    func testAdvanceAboveHalfTheContractRefused() throws {
        // Cap: 55.000.000 × 50 % = 27.500.000.
        try refused(voucher(.advance, line: "3.1", amount: 27_500_001, contractNo: "HĐ 12/2025", contractValue: 55_000_000, voucherNo: "TU-01"), "REC-ADVANCE-CAP")
    }

    func testAdvancesAddUpAgainstTheCap() throws {
        try accepted(voucher(.advance, line: "3.1", amount: 27_500_000, contractNo: "HĐ 12/2025", contractValue: 55_000_000, voucherNo: "TU-01"), without: "REC-ADVANCE-CAP")
        try refused(voucher(.advance, line: "3.1", amount: 1, contractNo: "HĐ 12/2025", contractValue: 55_000_000, voucherNo: "TU-02"), "REC-ADVANCE-CAP")
    }

    func testContractAdvanceNeedsTheContractValue() throws {
        try refused(voucher(.advance, line: "3.1", amount: 1_000_000, contractNo: "HĐ 12/2025", voucherNo: "TU-01"), "REC-ADVANCE-CAP")
    }

    // MARK: REC-OVER-BUDGET

    func testStopPolicyRefusesBeyondTheLine() throws {
        try t.record(voucher(amount: 8_000_000))                   // 1.1 approved 8.000.000: exactly used up
        try refused(voucher(amount: 1), "REC-OVER-BUDGET")
    }

    func testAdvanceCountsAgainstTheLine() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 5_000_000, voucherNo: "TU-01"))
        try refused(voucher(amount: 3_000_001), "REC-OVER-BUDGET")    // 5.000.000 + 3.000.001 > 8.000.000
        try accepted(voucher(amount: 3_000_000), without: "REC-OVER-BUDGET")
    }

    func testClearingAboveItsAdvanceCountsTheDifference() throws {
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 5_000_000, voucherNo: "TU-01"))
        try t.record(voucher(amount: 2_000_000))
        // Committed 7.000.000; a clearing of 6.000.001 replaces the 5.000.000 advance: 8.000.001 > 8.000.000.
        try refused(personal(.clearing, staff: true, line: "1.1", amount: 6_000_001, voucherNo: "TT-01", ref: "TU-01"), "REC-OVER-BUDGET")
        try accepted(personal(.clearing, staff: true, line: "1.1", amount: 6_000_000, voucherNo: "TT-01", ref: "TU-01"), without: "REC-OVER-BUDGET")
    }

    func testWarnPolicyRecordsWithAWarning() throws {
        let out = try t.record(voucher(line: "3.2", amount: 13_000_000))  // 3.2 approved 12.000.000, policy warn
        XCTAssertEqual(findings(out, "REC-OVER-BUDGET").first?.severity, .warning)
        XCTAssertEqual(out.records.count, 1)
    }

    func testIgnorePolicyRecordsSilently() throws {
        let out = try t.record(personal(staff: true, line: "4.1", amount: 7_000_000))  // 4.1 approved 6.000.000, policy ignore
        XCTAssertTrue(findings(out, "REC-OVER-BUDGET").isEmpty)
        XCTAssertEqual(out.records.count, 1)
    }

    // MARK: Every rule is listed once, with a basis

    func testRuleListIsComplete() {
        let ids = RecordingRules.all.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(ids, ["REC-AMOUNTS", "REC-LINE", "REC-FISCAL-YEAR", "REC-FUTURE-DATE", "REC-TAX-CODE", "REC-PAYEE-ID", "REC-VOUCHER-NO",
                             "REC-ADVANCE-NO", "REC-CLEARING", "REC-REFUND", "REC-RECOVERY", "REC-DUP-INVOICE", "REC-INVOICE-TOTAL",
                             "REC-VAT-INDIVIDUAL", "REC-CASH-LIMIT", "REC-CASH-INDIVIDUAL", "REC-PIT", "REC-STAFF-INCOME", "REC-NET",
                             "REC-DOUBLE-PAY", "REC-CONTRACT", "REC-ADVANCE-CAP", "REC-OVER-BUDGET"])
        for r in RecordingRules.all { XCTAssertFalse(r.basis.isEmpty, r.id) }
    }

    // MARK: The list is what runs

    /// For every rule: what to record first, and a voucher that trips it (figures as in the tests above).
    static let trips: [String: (before: [Voucher], voucher: Voucher)] = [
        "REC-AMOUNTS": ([], voucher(amount: 1_000_000, vat: 1_000_001)),
        "REC-LINE": ([], voucher(line: "9.9", amount: 100_000)),
        "REC-FISCAL-YEAR": ([], voucher(amount: 100_000, date: date(31, 12, 2024))),
        "REC-TAX-CODE": ([], { var v = voucher(amount: 100_000); v.taxCode = nil; return v }()),
        "REC-VOUCHER-NO": ([voucher(amount: 100_000, voucherNo: "PC-01")], voucher(amount: 100_000, voucherNo: "pc-01")),
        "REC-ADVANCE-NO": ([], personal(.advance, staff: true, line: "1.1", amount: 100_000)),
        "REC-CLEARING": ([], personal(.clearing, staff: true, line: "1.1", amount: 100_000, voucherNo: "TT-01", ref: "TU-99")),
        "REC-REFUND": ([], voucher(.refund, amount: 100_000)),
        // The clock is 25/11/2025 (JournalTestWorkspace.now).
        "REC-FUTURE-DATE": ([], voucher(amount: 100_000, date: date(26, 11, 2025))),
        // A refund naming an open advance of 1.000.000 recovers it whole: 400.000 is not the advance.
        "REC-RECOVERY": ([personal(.advance, line: "1.1", amount: 1_000_000, voucherNo: "TU-01")],
                         personal(.refund, line: "1.1", amount: 400_000, voucherNo: "NT-01", ref: "TU-01")),
        "REC-DUP-INVOICE": ([voucher(amount: 100_000, invoiceSeries: "1C25TAA", invoiceNo: "0000123")],
                            voucher(amount: 200_000, invoiceSeries: "1c25taa", invoiceNo: "123")),
        "REC-CASH-LIMIT": ([], voucher(line: "3.2", amount: 6_000_000, method: .cash)),
        "REC-PIT": ([], personal(line: "2.1", amount: 3_000_000)),
        // Issue 14.
        "REC-PAYEE-ID": ([], personal(line: "2.1", amount: 1_000_000)),
        "REC-INVOICE-TOTAL": ([], { var v = voucher(amount: 2_000_000, invoiceSeries: "1C25TAA", invoiceNo: "123"); v.invoiceTotal = Money(1_999_999); return v }()),
        "REC-VAT-INDIVIDUAL": ([], personal(line: "2.1", amount: 1_000_000, vat: 100_000)),
        "REC-CASH-INDIVIDUAL": ([], personal(line: "3.2", amount: 6_000_000, pit: 600_000, payeeID: "001085012345")),
        "REC-STAFF-INCOME": ([], personal(staff: true, line: "2.1", amount: 3_000_000)),
        "REC-NET": ([], { var v = personal(line: "2.1", amount: 3_000_000, pit: 300_000); v.statedNet = Money(3_000_000); return v }()),
        "REC-DOUBLE-PAY": ([voucher(amount: 1_000_000, date: date(20, 11, 2025))], voucher(amount: 1_000_000, date: date(23, 11, 2025))),
        "REC-CONTRACT": ([], voucher(line: "3.1", amount: 55_000_000)),
        "REC-ADVANCE-CAP": ([], voucher(.advance, line: "3.1", amount: 27_500_001, contractNo: "HĐ 12/2025", contractValue: 55_000_000, voucherNo: "TU-01")),
        "REC-OVER-BUDGET": ([], voucher(amount: 8_000_001)),
    ]

    /// Every rule of the list runs when a voucher is recorded: each one trips on its voucher through
    /// `Journal.record` (the path record and import take). A rule added to the list without an entry in
    /// `trips`, or listed but not run, fails here.
    func testEveryRuleOfTheListRunsWhenAVoucherIsRecorded() throws {
        XCTAssertEqual(Set(Self.trips.keys), Set(RecordingRules.all.map(\.id)), "every rule of the list needs a voucher that trips it")
        for rule in RecordingRules.all {
            guard let (before, v) = Self.trips[rule.id] else { continue }
            t = try JournalTestWorkspace()
            for b in before { try t.record(b) }
            let out = try t.journal().record(v)
            XCTAssertEqual(findings(out, rule.id).count, 1, "\(rule.id) did not run: " + out.findings.map(\.ruleID).joined(separator: ","))
            XCTAssertEqual(findings(out, rule.id).first?.severity, rule.severity, rule.id)
        }
    }

    /// Findings come in the list's order: a voucher tripping five rules at once.
    func testFindingsComeInTheOrderOfTheList() throws {
        // VAT above the amount (REC-AMOUNTS), line 9.9 (REC-LINE), dated 2024 (REC-FISCAL-YEAR), a business
        // without a tax code (REC-TAX-CODE), an advance without a voucher number (REC-ADVANCE-NO).
        var v = voucher(.advance, line: "9.9", amount: 100_000, date: date(31, 12, 2024), vat: 200_000)
        v.taxCode = nil
        let ids = try t.journal().record(v).findings.map(\.ruleID)
        XCTAssertEqual(ids, ["REC-AMOUNTS", "REC-LINE", "REC-FISCAL-YEAR", "REC-TAX-CODE", "REC-ADVANCE-NO"])
        let order = RecordingRules.all.map(\.id)
        XCTAssertEqual(ids, ids.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
    }
}
