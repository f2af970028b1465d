import Foundation
import XCTest
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// Issue 14: invoices and contracts across lines, payees as people, PIT on a person's day, and the checks
/// people ask for at record time. Figures by hand in the comments; thresholds from fixtures/catalogue
/// (pit-threshold 2.000.000 until 30/06/2026, pit-rate 10 %, advance-cap 50 %, cash-limit-individual
/// 5.000.000).
final class JournalPayeeTests: XCTestCase {
    /// The journal test workspace plus a hotel's lines, an art programme and a cost line:
    ///   5.1 hall-rent      1 × 20.000.000 = 20.000.000   5.2 meals  60 × 200.000 = 12.000.000
    ///   6.1 art-programme  1 × 20.000.000 = 20.000.000   6.2 travel  1 × 10.000.000 = 10.000.000
    static let lines = """
        V. Khách sạn,5.1,Thuê hội trường khách sạn,hall-rent,6655,ngày,1,,,20.000.000,20.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 4
        V. Khách sạn,5.2,Ăn trưa đại biểu không hưởng lương,meals,6658,người/ngày,1,60,1,200.000,12.000.000,,TT 40/2017/TT-BTC Điều 12,,
        VI. Văn nghệ,6.1,Biểu diễn văn nghệ chào mừng,art-programme,6657,trọn gói,1,,,20.000.000,20.000.000,,TT 40/2017/TT-BTC Điều 11,,Báo giá số 5
        VI. Văn nghệ,6.2,Vé tàu xe cho chuyên gia,travel,6653,lượt,1,,,10.000.000,10.000.000,,TT 40/2017/TT-BTC Điều 11,,Giá vé
        """

    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace(extraLines: Self.lines) }
    override func tearDown() { t = nil }

    func refused(_ v: Voucher, _ rule: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = t.journalBytes
        let out = try t.journal().record(v)
        XCTAssertTrue(out.refused, "expected \(rule) to refuse", file: file, line: line)
        XCTAssertEqual(findings(out, rule).first?.severity, .error,
                       "no \(rule) error in " + out.findings.map { "\($0.ruleID): \($0.message.en)" }.joined(separator: " | "), file: file, line: line)
        XCTAssertEqual(t.journalBytes, before, "a refused voucher must not change the journal", file: file, line: line)
    }

    @discardableResult
    func accepted(_ v: Voucher, without rule: String, file: StaticString = #filePath, line: UInt = #line) throws -> AppendOutcome {
        let out = try t.journal().record(v)
        XCTAssertFalse(out.refused, out.findings.map { "\($0.ruleID): \($0.message.en)" }.joined(separator: " | "), file: file, line: line)
        XCTAssertTrue(findings(out, rule).isEmpty, "\(rule) fired", file: file, line: line)
        return out
    }

    // MARK: Invoices across lines

    /// One part of the hotel's invoice 1C25KSM 789: total 50.000.000, VAT 4.000.000, paid by voucher UNC-11.
    func hotel(line: String, amount: Int64, vat: Int64, voucherNo: String = "UNC-11", total: Int64? = 50_000_000) -> Voucher {
        var v = voucher(line: line, amount: amount, payee: "Khách sạn Sao Mai", taxCode: "0100233488", vat: vat,
                        invoiceSeries: "1C25KSM", invoiceNo: "0000789", voucherNo: voucherNo, description: "Dịch vụ hội nghị theo hóa đơn 789")
        v.invoiceTotal = total.map { Money($0) }
        v.invoiceVAT = total == nil ? nil : Money(4_000_000)
        return v
    }

    func testInvoiceSplitOverFourLinesAcceptedFifthPartBeyondItsTotalRefusedSameLineTwiceRefused() throws {
        // Four parts on four lines, one voucher number: 20.000.000 + 10.000.000 + 6.000.000 + 12.000.000
        // = 48.000.000 ≤ 50.000.000; VAT 1.600.000 + 800.000 + 480.000 + 960.000 = 3.840.000 ≤ 4.000.000.
        try accepted(hotel(line: "5.1", amount: 20_000_000, vat: 1_600_000), without: "REC-DUP-INVOICE")
        try accepted(hotel(line: "3.2", amount: 10_000_000, vat: 800_000), without: "REC-DUP-INVOICE")
        try accepted(hotel(line: "4.1", amount: 6_000_000, vat: 480_000), without: "REC-DUP-INVOICE")
        try accepted(hotel(line: "5.2", amount: 12_000_000, vat: 960_000, total: nil), without: "REC-INVOICE-TOTAL")  // total given by the others
        // A fifth part: 48.000.000 + 2.000.001 = 50.000.001 > 50.000.000.
        try refused(hotel(line: "1.1", amount: 2_000_001, vat: 160_000), "REC-INVOICE-TOTAL")
        // The same invoice again on a line that has a part, under another voucher: a duplicate.
        try refused(hotel(line: "3.2", amount: 1_000_000, vat: 0, voucherNo: "UNC-12"), "REC-DUP-INVOICE")
        // Exactly what is left (2.000.000, VAT 160.000: Σ VAT 4.000.000) is a good fifth part.
        try accepted(hotel(line: "1.1", amount: 2_000_000, vat: 160_000), without: "REC-INVOICE-TOTAL")
        XCTAssertEqual(try t.ledger().recordCount, 5)
    }

    func testInvoicePartsAgreeOnTheTotalAndVATWithinTheInvoiceVAT() throws {
        try t.record(hotel(line: "5.1", amount: 20_000_000, vat: 1_600_000))
        var other = hotel(line: "3.2", amount: 1_000_000, vat: 80_000)
        other.invoiceTotal = Money(60_000_000)
        try refused(other, "REC-INVOICE-TOTAL")                            // 60.000.000 against 50.000.000 given before
        // VAT: 1.600.000 + 2.400.001 = 4.000.001 > 4.000.000.
        try refused(hotel(line: "3.2", amount: 10_000_000, vat: 2_400_001), "REC-INVOICE-TOTAL")
    }

    func testAReversedPartLeavesTheInvoiceAndCanBeRecordedAgain() throws {
        try t.record(hotel(line: "5.1", amount: 20_000_000, vat: 1_600_000))
        try t.record(hotel(line: "3.2", amount: 30_000_000, vat: 2_400_000, voucherNo: "UNC-12"))       // Σ 50.000.000
        try refused(hotel(line: "4.1", amount: 1, vat: 0, voucherNo: "UNC-13"), "REC-INVOICE-TOTAL")
        XCTAssertFalse(try t.journal().reverse(2, reason: "sai số tiền").refused)
        // Without record 2: 20.000.000 + 10.000.000 on 3.2 again is within the total.
        try accepted(hotel(line: "3.2", amount: 10_000_000, vat: 800_000, voucherNo: "UNC-12"), without: "REC-INVOICE-TOTAL")
    }

    func testTheSameInvoiceInOneImportSplitOverLines() throws {
        // The apply path of an import (each row sees the rows before it) agrees with the records one by one.
        let text = "date,line,payee,payee_type,tax_code,description,amount,vat,method,kind,invoice_series,invoice_no,invoice_date,invoice_total,invoice_vat,voucher_no\n"
            + "20/11/2025,5.1,Khách sạn Sao Mai,business,0100233488,Hội trường,20.000.000,1.600.000,transfer,payment,1C25KSM,789,20/11/2025,50.000.000,4.000.000,UNC-11\n"
            + "20/11/2025,3.2,Khách sạn Sao Mai,business,0100233488,Âm thanh,10.000.000,800.000,transfer,payment,1C25KSM,789,20/11/2025,50.000.000,4.000.000,UNC-11\n"
            + "20/11/2025,4.1,Khách sạn Sao Mai,business,0100233488,Giải khát,21.000.000,480.000,transfer,payment,1C25KSM,789,20/11/2025,,,UNC-11\n"
        let out = try t.journal().importCSV(path: t.csv("hotel.csv", text))
        XCTAssertFalse(out.committed)
        // 20.000.000 + 10.000.000 + 21.000.000 = 51.000.000 > 50.000.000 (row 4, the third part).
        XCTAssertEqual(out.errors.map(\.row), [4])
        XCTAssertEqual(out.errors.map(\.ruleID), ["REC-INVOICE-TOTAL"])
    }

    // MARK: Vouchers and contracts across lines

    func testAVoucherNumberIsSharedOnlyByThePartsOfOneVoucher() throws {
        try t.record(hotel(line: "5.1", amount: 20_000_000, vat: 1_600_000))
        // Another payee under UNC-11, on another line: another voucher.
        try refused(voucher(line: "3.2", amount: 1_000_000, payee: "Công ty khác", taxCode: "0101234567", voucherNo: "unc-11"), "REC-VOUCHER-NO")
        // Another date: another voucher.
        try refused(voucher(line: "3.2", amount: 1_000_000, date: date(21, 11, 2025), payee: "Khách sạn Sao Mai", taxCode: "0100233488",
                            voucherNo: "UNC-11"), "REC-VOUCHER-NO")
        // The same voucher's part on the same line twice.
        try refused(voucher(line: "5.1", amount: 1_000_000, payee: "Khách sạn Sao Mai", taxCode: "0100233488", voucherNo: "UNC-11"), "REC-VOUCHER-NO")
        // A part on another line: accepted.
        try accepted(voucher(line: "3.2", amount: 1_000_000, payee: "Khách sạn Sao Mai", taxCode: "0100233488", voucherNo: "UNC-11"),
                     without: "REC-VOUCHER-NO")
    }

    func testAContractAdvanceSplitOverLinesIsClearedLineByLineAndCappedOnTheWholeContract() throws {
        // Contract HĐ 35/2025, 40.000.000 over three lines: cap 50 % = 20.000.000 for all its advances.
        func advance(_ line: String, _ amount: Int64, value: Int64? = 40_000_000) -> Voucher {
            voucher(.advance, line: line, amount: amount, date: date(10, 11, 2025), payee: "Khách sạn Sao Mai", taxCode: "0100233488",
                    contractNo: "HĐ 35/2025", contractValue: value, voucherNo: "TU-05")
        }
        try t.record(advance("5.1", 10_000_000))                           // 1
        try t.record(advance("3.2", 5_000_000, value: nil))                // 2: the value is known from record 1
        // 15.000.000 + 5.000.001 = 20.000.001 > 20.000.000.
        try refused(advance("5.2", 5_000_001), "REC-ADVANCE-CAP")
        try refused(advance("5.2", 1_000_000, value: 45_000_000), "REC-CONTRACT")   // another value for the same contract
        try t.record(advance("5.2", 5_000_000))                            // 3: exactly 20.000.000
        // Clearings name TU-05; each clears the part on its own line.
        func clearing(_ line: String, _ amount: Int64) -> Voucher {
            voucher(.clearing, line: line, amount: amount, date: date(25, 11, 2025), payee: "Khách sạn Sao Mai", taxCode: "0100233488",
                    contractNo: "HĐ 35/2025", voucherNo: "TTTU-05", ref: "TU-05")
        }
        XCTAssertEqual(try t.record(clearing("3.2", 9_000_000)).records.first?.body.voucher?.clears, 2)
        XCTAssertEqual(try t.record(clearing("5.1", 19_000_000)).records.first?.body.voucher?.clears, 1)
        XCTAssertEqual(try t.ledger().openAdvances.map(\.seq), [3])
        // A clearing on a line where TU-05 has no part names the part on another line: refused.
        try refused(clearing("4.1", 1_000_000), "REC-CLEARING")
    }

    // MARK: PIT on a person's day

    func testPITOnThePersonsDayCrossesTheThresholdOnlyWhenBothPaymentsAreCounted() throws {
        let id = "001085012345"
        // 1.500.000 < 2.000.000: no PIT.
        try accepted(personal(line: "2.1", amount: 1_500_000, method: .transfer, payee: "PGS.TS. Lê Văn Hùng", payeeID: id), without: "REC-PIT")
        // The same day, 1.000.000 < 2.000.000 on its own — but the day's income is 2.500.000 ≥ 2.000.000:
        // 10 % × 2.500.000 = 250.000 is due, none withheld yet, so this voucher withholds 250.000.
        try refused(personal(line: "6.1", amount: 1_000_000, method: .transfer, payee: "PGS.TS. Lê Văn Hùng", payeeID: id), "REC-PIT")
        try refused(personal(line: "6.1", amount: 1_000_000, pit: 100_000, method: .transfer, payee: "PGS.TS. Lê Văn Hùng", payeeID: id), "REC-PIT")
        try accepted(personal(line: "6.1", amount: 1_000_000, pit: 250_000, method: .transfer, payee: "PGS.TS. Lê Văn Hùng", payeeID: id),
                     without: "REC-PIT")
        // The next day the same 1.000.000 is a day of its own: nothing to withhold.
        try accepted(personal(line: "6.1", amount: 1_000_000, method: .transfer, date: date(21, 11, 2025), payee: "PGS.TS. Lê Văn Hùng", payeeID: id),
                     without: "REC-PIT")
        // Another person the same day: their own day.
        try accepted(personal(line: "6.1", amount: 1_000_000, method: .transfer, payee: "TS. Trần Thị Mai", payeeID: "001190054321"),
                     without: "REC-PIT")
    }

    func testAThirdPaymentThatDayWithholdsWhatTheDayStillOwes() throws {
        // 5.000.000 (500.000 withheld), then 4.000.000: 10 % × 9.000.000 = 900.000 − 500.000 = 400.000.
        let id = "001085012345"
        try t.record(personal(line: "2.1", amount: 5_000_000, pit: 500_000, method: .transfer, payee: "GS. Phạm Quang", payeeID: id))
        try refused(personal(line: "6.1", amount: 4_000_000, pit: 500_000, method: .transfer, payee: "GS. Phạm Quang", payeeID: id), "REC-PIT")
        try accepted(personal(line: "6.1", amount: 4_000_000, pit: 400_000, method: .transfer, payee: "GS. Phạm Quang", payeeID: id), without: "REC-PIT")
        // A reversal takes its income and its PIT out of the day: without the 4.000.000 the day is 5.000.000
        // again, so 1.000.000 more makes 6.000.000: 600.000 − 500.000 = 100.000.
        XCTAssertFalse(try t.journal().reverse(2, reason: "chi nhầm").refused)
        try accepted(personal(line: "6.1", amount: 1_000_000, pit: 100_000, method: .transfer, payee: "GS. Phạm Quang", payeeID: id), without: "REC-PIT")
    }

    func testAPersonWithoutAnIDIsTheirNameAfterNormalising() throws {
        try t.record(personal(line: "2.1", amount: 1_500_000, payee: "Nguyễn Văn An"))
        // Upper case, extra spaces and decomposed letters (NFD): the same person, the same day → 250.000.
        let nfd = "  NGUYỄN   văn  AN ".decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(nfd.utf8), Array("NGUYỄN văn AN".utf8))
        try refused(personal(line: "6.1", amount: 1_000_000, payee: nfd), "REC-PIT")
        try accepted(personal(line: "6.1", amount: 1_000_000, pit: 250_000, payee: nfd), without: "REC-PIT")
    }

    func testAPerformerPaidAsAnIndividualOnAnArtProgrammeLineIsChecked() throws {
        // 3.000.000 to a singer on the art-programme line: 10 % = 300.000.
        try refused(personal(line: "6.1", amount: 3_000_000, method: .transfer, payee: "Ca sĩ Hoàng Thu", payeeID: "001192000111"), "REC-PIT")
        try accepted(personal(line: "6.1", amount: 3_000_000, pit: 300_000, method: .transfer, payee: "Ca sĩ Hoàng Thu", payeeID: "001192000111"),
                     without: "REC-PIT")
    }

    func testStaffAreFlaggedNotTaxedAtTheFlatRate() throws {
        let paid = try accepted(personal(staff: true, line: "2.1", amount: 3_000_000), without: "REC-PIT")
        XCTAssertEqual(findings(paid, "REC-STAFF-INCOME").first?.severity, .warning)
        try refused(personal(staff: true, line: "2.1", amount: 3_000_000, pit: 300_000, date: date(21, 11, 2025)), "REC-PIT")
        // A staff member's clearing of an advance for refreshments: neither taxed nor flagged.
        try t.record(personal(.advance, staff: true, line: "4.1", amount: 3_000_000, date: date(18, 11, 2025), voucherNo: "TU-01"))
        let cleared = try accepted(personal(.clearing, staff: true, line: "4.1", amount: 2_900_000, voucherNo: "TT-01", ref: "TU-01"), without: "REC-PIT")
        XCTAssertTrue(findings(cleared, "REC-STAFF-INCOME").isEmpty)
    }

    func testACostTheBudgetBearsIsNotIncome() throws {
        // Train tickets reimbursed to an expert (travel): no PIT; PIT withheld there is refused.
        try accepted(personal(line: "6.2", amount: 3_000_000, payee: "TS. Đỗ Minh", payeeID: "001085099999"), without: "REC-PIT")
        try refused(personal(line: "6.2", amount: 3_000_000, pit: 300_000, date: date(22, 11, 2025), payee: "TS. Đỗ Minh", payeeID: "001085099999"),
                    "REC-PIT")
        // PIT on a business, or on an advance: refused.
        try refused(voucher(line: "3.2", amount: 3_000_000, pit: 300_000), "REC-PIT")
        try refused(personal(.advance, line: "6.1", amount: 3_000_000, pit: 300_000, voucherNo: "TU-09"), "REC-PIT")
    }

    // MARK: VAT, net, cash, double payments, identifiers

    func testVATOnAnIndividualWithoutAnInvoiceIsRefused() throws {
        try refused(personal(line: "2.1", amount: 1_000_000, payeeID: "001085012345", vat: 100_000), "REC-VAT-INDIVIDUAL")
        var withInvoice = personal(line: "2.1", amount: 1_000_000, payeeID: "001085012345", vat: 100_000)
        withInvoice.invoiceNumber = "0000045"
        try accepted(withInvoice, without: "REC-VAT-INDIVIDUAL")
    }

    func testNetPaidIsGrossMinusPIT() throws {
        var v = personal(line: "2.1", amount: 3_000_000, pit: 300_000, payeeID: "001085012345")
        v.statedNet = Money(2_750_000)
        try refused(v, "REC-NET")
        v.statedNet = Money(2_700_000)                                      // 3.000.000 − 300.000
        try accepted(v, without: "REC-NET")
    }

    func testCashToAnIndividualAboveTheCatalogueLevelIsWarned() throws {
        let big = try accepted(personal(line: "6.1", amount: 6_000_000, pit: 600_000, payee: "Ca sĩ A", payeeID: "001192000111"),
                               without: "REC-CASH-LIMIT")
        XCTAssertEqual(findings(big, "REC-CASH-INDIVIDUAL").first?.severity, .warning)
        let atLevel = try accepted(personal(line: "6.1", amount: 5_000_000, pit: 500_000, date: date(22, 11, 2025), payee: "Ca sĩ B", payeeID: "001192000222"),
                                   without: "REC-CASH-INDIVIDUAL")
        XCTAssertTrue(findings(atLevel, "REC-CASH-INDIVIDUAL").isEmpty)
    }

    func testSamePayeeSameAmountSameLineWithinThreeDaysIsALikelyDoublePayment() throws {
        try t.record(voucher(line: "3.2", amount: 1_200_000, date: date(16, 11, 2025)))
        let again = try accepted(voucher(line: "3.2", amount: 1_200_000, date: date(19, 11, 2025)), without: "REC-VOUCHER-NO")
        XCTAssertEqual(findings(again, "REC-DOUBLE-PAY").first?.severity, .warning)
        // Four days after the latest: not flagged; another amount or another line: not flagged.
        try accepted(voucher(line: "3.2", amount: 1_200_000, date: date(23, 11, 2025)), without: "REC-DOUBLE-PAY")
        try accepted(voucher(line: "3.2", amount: 1_200_001, date: date(23, 11, 2025)), without: "REC-DOUBLE-PAY")
        try accepted(voucher(line: "1.1", amount: 1_200_000, date: date(23, 11, 2025)), without: "REC-DOUBLE-PAY")
        // The correction flow — reverse, record again — is not a double payment.
        let n = try t.ledger().recordCount
        XCTAssertFalse(try t.journal().reverse(n, reason: "sai dòng").refused)
        try accepted(voucher(line: "1.1", amount: 1_200_000, date: date(23, 11, 2025)), without: "REC-DOUBLE-PAY")
    }

    func testIncomeToAnIndividualWithoutAnIDIsWarnedAndAnIDUnderAnotherNameIsPointedOut() throws {
        let noID = try accepted(personal(line: "2.1", amount: 1_000_000), without: "REC-PIT")
        XCTAssertEqual(findings(noID, "REC-PAYEE-ID").first?.severity, .warning)
        try t.record(personal(line: "2.1", amount: 1_000_000, date: date(21, 11, 2025), payee: "TS. Lê Hoa", payeeID: "001190011111"))
        // The same ID, the same name written otherwise: silent; another name: pointed out.
        let same = try accepted(personal(line: "2.1", amount: 1_000_000, date: date(25, 11, 2025), payee: "ts.  LÊ HOA", payeeID: "001190011111"),
                                without: "REC-PAYEE-ID")
        XCTAssertTrue(same.findings.isEmpty, same.findings.map(\.ruleID).joined(separator: ","))
        let other = try accepted(personal(line: "2.1", amount: 1_000_000, date: date(24, 11, 2025), payee: "TS. Lê Hòa", payeeID: "001190011111"),
                                 without: "REC-PIT")
        XCTAssertEqual(findings(other, "REC-PAYEE-ID").first?.severity, .warning)
    }

    /// One person however the name is typed; the ID, when given, decides (and two IDs are two people).
    func testPersonKeyIsTheIDElseTheNameAsAnIdentifier() {
        XCTAssertEqual(Voucher.personKey(payeeID: nil, name: "TS. Ngô Thanh Sơn"), Voucher.personKey(payeeID: nil, name: " ts.  NGÔ THANH SƠN"))
        XCTAssertEqual(Voucher.personKey(payeeID: nil, name: "Lê Hoa"), "N" + "lê hoa")
        XCTAssertNotEqual(Voucher.personKey(payeeID: nil, name: "Lê Hoa"), Voucher.personKey(payeeID: nil, name: "Lê Hòa"))
        XCTAssertEqual(Voucher.personKey(payeeID: "001084002608", name: "A"), Voucher.personKey(payeeID: "001084002608", name: "B"))
        XCTAssertNotEqual(Voucher.personKey(payeeID: "001084002608", name: "A"), Voucher.personKey(payeeID: nil, name: "A"))
    }

    func testPayeeIDFormat() {
        func problem(_ s: String) -> Bool {
            var s = s
            return s.withUTF8 { PayeeID.problem(UnsafeRawBufferPointer($0)) } != nil
        }
        XCTAssertFalse(problem("001085012345"))     // 12 digits
        XCTAssertFalse(problem("0100233488"))       // 10 digits, check digit 8: 0·31+1·29+0+0+2·17+3·13+3·7+4·5+8·3 = 167; 167 mod 11 = 2; 10 − 2 = 8
        XCTAssertTrue(problem("0100233480"))        // wrong check digit
        XCTAssertTrue(problem("0314409058-002"))    // a dependent unit's 13-digit code
        XCTAssertTrue(problem("0314409058002"))
        XCTAssertTrue(problem("012345678"))         // an old 9-digit identity card
        XCTAssertTrue(problem("00108501234A"))
        XCTAssertTrue(problem("001 085 012 345"))
    }

    func testPayeeIDAndStaffColumnsThroughTheVoucherInput() {
        func parse(_ cells: [VoucherColumn: String]) -> (Voucher?, [InputError]) {
            let base: [VoucherColumn: String] = [.date: "20/11/2025", .line: "2.1", .payee: "Lê Hoa", .description: "Thù lao",
                                                 .amount: "1.000.000", .method: "transfer", .kind: "payment"]
            let all = base.merging(cells) { $1 }
            return VoucherInput.parse({ all[$0] ?? "" }, location: { SourceLocation(file: "t.csv", line: 2, field: $0.rawValue) })
        }
        XCTAssertEqual(parse([.payeeId: "001190011111", .staff: "không"]).0?.payeeID, "001190011111")
        XCTAssertEqual(parse([.staff: "có"]).0?.staff, true)
        XCTAssertEqual(parse([.staff: "yes"]).0?.staff, true)
        XCTAssertEqual(parse([.payeeId: "0314409058-002"]).1.first?.location.field, "payee_id")
        XCTAssertEqual(parse([.payeeId: "001190011111", .payeeType: "business", .taxCode: "0100233488"]).1.first?.location.field, "payee_id")
        XCTAssertEqual(parse([.staff: "có lẽ"]).1.first?.location.field, "staff")
        XCTAssertEqual(parse([.net: "900.000"]).0?.statedNet, Money(900_000))
        XCTAssertEqual(parse([.invoiceTotal: "900.000", .invoiceNo: "12"]).1.first?.location.field, "invoice_total")   // amount above the total
        XCTAssertEqual(parse([.invoiceTotal: "2.000.000"]).1.first?.location.field, "invoice_no")                        // a total needs the number
        XCTAssertEqual(parse([.invoiceTotal: "2.000.000", .invoiceVat: "2.000.001", .invoiceNo: "12"]).1.first?.location.field, "invoice_vat")
    }

    // MARK: The law in force on the date

    func testRecordingRulesCiteTheDatedLegalBasis() throws {
        // A 2025 budget: the 2015 State Budget Law, also for a voucher of January 2026 (the budget year decides).
        let out = try t.journal().record(voucher(line: "9.9", amount: 100_000, date: date(15, 1, 2026), workDate: date(20, 11, 2025)))
        XCTAssertTrue(findings(out, "REC-LINE").first?.basis.contains("83/2015/QH13") ?? false, findings(out, "REC-LINE").first?.basis ?? "")
        // A 2026 budget: the 2025 law (provisional).
        t = try JournalTestWorkspace(extraLines: Self.lines, fiscalYear: 2026)
        let out26 = try t.journal().record(voucher(line: "9.9", amount: 100_000, date: date(20, 11, 2026)))
        let basis = findings(out26, "REC-LINE").first?.basis ?? ""
        XCTAssertTrue(basis.contains("89/2025/QH15") && basis.contains("căn cứ tạm tính"), basis)
        // PIT by the voucher date: from 01/07/2026 the threshold is 5.000.000 (provisional), so 3.000.000 on
        // 20/11/2026 withholds nothing, and withholding is refused citing the new rows.
        let pit = try t.journal().record(personal(line: "2.1", amount: 3_000_000, pit: 300_000, date: date(20, 11, 2026), payeeID: "001085012345"))
        XCTAssertTrue(findings(pit, "REC-PIT").first?.message.vi.contains("dưới 5.000.000") ?? false, findings(pit, "REC-PIT").first?.message.vi ?? "")
        XCTAssertTrue(findings(pit, "REC-PIT").first?.provisional ?? false)
    }

    func testAnApprovalSnapshotsTheLegalBasisTable() throws {
        let budget = try ApprovedBudget.load(t.ws)
        XCTAssertNotNil(budget.catalogueSnapshot.legalBasesCSV)
        XCTAssertEqual(budget.catalogue.basis("within-estimate", on: date(1, 1, 2025), fallback: "?"),
                       "Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2 (chỉ chi khi có trong dự toán được giao)")
        // Edited without its hash: refused when loaded.
        let path = t.ws.file(ApprovedBudget.fileName)
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "chỉ chi khi có trong dự toán được giao)\\\",01/01/2017",
                                                                                          with: "chi thoải mái)\\\",01/01/2017")
        XCTAssertTrue(text.contains("chi thoải mái"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ApprovedBudget.load(t.ws))
    }
}
