import XCTest
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// One test (or a few) per rule: it FIRES on a crafted line, with its ID, severity, line code and — where
/// the rule sets one — a cap computed by hand; and it stays SILENT on a clean line. The default conference
/// (EstimateBuilder): 150 delegates, 50 not on a payroll, 1 session, 10 papers, 20/11/2025, state hall.
final class AppraisalRuleTests: XCTestCase {

    /// The refreshment line of the seed estimate: 1 × 150 persons × 1 session × 40.000 = 6.000.000.
    private func refreshments(_ code: String = "1", persons: Int64 = 150, sessions: Int64 = 1, price: Int64 = 40_000,
                              amount: Int64? = nil) -> EstimateLine {
        B.line(code, kind: .refreshments, unit: "người/buổi", persons: Quantity(whole: persons), sessions: Quantity(whole: sessions),
               unitPrice: price, amount: amount, norm: "refreshments")
    }

    func testEveryRuleIsRegisteredOnce() {
        XCTAssertEqual(AppraisalRules.all.map(\.id), [
            "ARITH-LINE", "ARITH-SECTION", "ARITH-TOTAL", "NORM-IN-FORCE", "NORM-KIND", "NORM-ST-TASK", "NORM-CEILING", "NORM-AREA",
            "NORM-SCOPE", "NORM-PROVISIONAL", "PRICE-EVIDENCE", "QTY-DELEGATES", "QTY-PAPERS", "QTY-HANDOUT",
            "KIND-MISMATCH", "ITEM-GIFT", "ITEM-LEISURE", "ITEM-REWARD-FUND", "ITEM-CONTINGENCY", "ITEM-STATE-HALL", "ITEM-OWN-HALL",
            "ITEM-CONDITIONAL", "STAFF-FEE", "BUDGET-CODE", "FISCAL-YEAR", "PIT-HONORARIUM", "OTHER-UNIT", "LUMP-SUM", "BUDGET-CAP",
        ])
        for rule in AppraisalRules.all {
            XCTAssertFalse(rule.basis.isEmpty, rule.id)
            XCTAssertFalse(rule.title.vi.isEmpty, rule.id)
        }
    }

    // MARK: ARITH-LINE

    func testArithLineFiresOnOverstatedAmountAndCapsAtTheProduct() {
        let e = B().lines(refreshments(amount: 6_100_000)).build()
        let f = assertFinding(findings(ArithmeticLine(), e), rule: "ARITH-LINE", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 6_000_000)                       // 1 × 150 × 1 × 40.000 = 6.000.000 < 6.100.000 stated
        XCTAssertTrue(f?.message.vi.contains("6.000.000") ?? false)
    }

    func testArithLineFiresOnUnderstatedAmountWithoutCap() {
        let e = B().lines(refreshments(amount: 5_900_000)).build()
        let f = assertFinding(findings(ArithmeticLine(), e), rule: "ARITH-LINE", severity: .error, lineCode: "1")
        XCTAssertNil(f?.cap)                                 // 6.000.000 computed > 5.900.000 stated: nothing to cut
    }

    func testArithLineRoundsHalfUpToTheDong() {
        // 0,5 × 3 persons × 3 đ = 4,5 → 5 đ (R1)
        let right = B.line("1", quantity: qty(5, scale: 1), persons: Quantity(whole: 3), unitPrice: 3, amount: 5)
        let wrong = B.line("2", quantity: qty(5, scale: 1), persons: Quantity(whole: 3), unitPrice: 3, amount: 4)
        let found = findings(ArithmeticLine(), B().lines(right, wrong).build())
        assertNoFinding(found, rule: "ARITH-LINE", lineCode: "1")
        assertFinding(found, rule: "ARITH-LINE", severity: .error, lineCode: "2")
    }

    func testArithLineOverflowCutsToZero() {
        // 2 × 999.999.999.999.999 cannot be computed
        let line = B.line("1", quantity: Quantity(whole: 2), unitPrice: 999_999_999_999_999, amount: 999_999_999_999_999)
        let f = assertFinding(findings(ArithmeticLine(), B().lines(line).build()), rule: "ARITH-LINE", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 0)
    }

    func testArithLineSilentWhenAmountIsRight() {
        assertNoFinding(findings(ArithmeticLine(), B().lines(refreshments(amount: 6_000_000)).build()), rule: "ARITH-LINE")
    }

    // MARK: ARITH-SECTION / ARITH-TOTAL

    private func twoLines() -> [EstimateLine] {
        [B.line("1", quantity: Quantity(whole: 150), unitPrice: 20_000),     // 150 × 20.000 = 3.000.000
         refreshments("2")]                                                    // 6.000.000
    }

    func testArithSectionFiresWhenSubtotalIsOff() {
        let e = B().section("I", subtotal: 9_000_001, twoLines()).build()    // lines add up to 9.000.000
        let f = assertFinding(findings(ArithmeticSection(), e), rule: "ARITH-SECTION", severity: .error, lineCode: nil)
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.vi.contains("9.000.000") ?? false)
    }

    func testArithSectionSilentWhenSubtotalAddsUpOrIsAbsent() {
        assertNoFinding(findings(ArithmeticSection(), B().section("I", subtotal: 9_000_000, twoLines()).build()), rule: "ARITH-SECTION")
        assertNoFinding(findings(ArithmeticSection(), B().section("I", twoLines()).build()), rule: "ARITH-SECTION")
    }

    func testArithTotalFiresWhenGrandTotalIsOff() {
        let e = B().section("I", [twoLines()[0]]).section("II", [twoLines()[1]]).conference { $0.statedTotal = Money(9_500_000) }.build()
        assertFinding(findings(ArithmeticTotal(), e), rule: "ARITH-TOTAL", severity: .error, lineCode: nil)   // 3.000.000 + 6.000.000 ≠ 9.500.000
    }

    func testArithTotalSilentWhenGrandTotalAddsUpOrIsAbsent() {
        let right = B().section("I", [twoLines()[0]]).section("II", [twoLines()[1]]).conference { $0.statedTotal = Money(9_000_000) }.build()
        assertNoFinding(findings(ArithmeticTotal(), right), rule: "ARITH-TOTAL")
        assertNoFinding(findings(ArithmeticTotal(), B().lines(twoLines()[0]).build()), rule: "ARITH-TOTAL")
    }

    // MARK: NORM-IN-FORCE

    func testNormInForceFiresWhenNoVersionCoversTheEventDate() {
        // award-certificate (NĐ 152/2025) is in force from 01/07/2025; the event is on 15/06/2025.
        let line = B.line("5.1", kind: .reward, quantity: Quantity(whole: 2), unitPrice: 710_000, norm: "award-certificate")
        let e = B().lines(line).conference { $0.eventDate = date(15, 6, 2025) }.build()
        let f = assertFinding(findings(NormInForce(), e), rule: "NORM-IN-FORCE", severity: .error, lineCode: "5.1")
        XCTAssertNil(f?.cap)
    }

    func testNormInForceSilentOnTheEventDateAndWithoutNorm() {
        let line = B.line("5.1", kind: .reward, quantity: Quantity(whole: 2), unitPrice: 710_000, norm: "award-certificate")
        assertNoFinding(findings(NormInForce(), B().lines(line, B.line("2", unitPrice: 1_000)).build()), rule: "NORM-IN-FORCE")
    }

    // MARK: NORM-CEILING

    func testNormCeilingCapsAtTheProvisionalRefreshmentRate() {
        let e = B().lines(refreshments(price: 50_000)).build()               // 150 × 1 × 50.000 = 7.500.000 requested
        let f = assertFinding(findings(NormCeiling(), e), rule: "NORM-CEILING", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 6_000_000)                                        // 150 × 1 × 40.000 = 6.000.000
        XCTAssertEqual(f?.provisional, true)                                  // the refreshment rate is provisional
        XCTAssertTrue(f?.basis.contains("NQ 09/2017/NQ-HĐND Thành phố Hà Nội") ?? false)
        XCTAssertTrue(f?.text(.en).contains("provisional") ?? false)
    }

    func testNormCeilingOnAConfirmedNormIsNotProvisional() {
        let meals = B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: 50), unitPrice: 250_000, norm: "meal-support-city")
        let f = assertFinding(findings(NormCeiling(), B().lines(meals).build()), rule: "NORM-CEILING", severity: .error, lineCode: "3.8")
        assertMoney(f?.cap, 10_000_000)                                       // 50 × 200.000 = 10.000.000 (12.500.000 requested)
        XCTAssertEqual(f?.provisional, false)
    }

    func testNormCeilingOnACoefficientNorm() {
        // Giấy khen: 0,3 × 2.340.000 = 702.000 → 710.000; 3 × 800.000 requested → 3 × 710.000 = 2.130.000
        let award = B.line("5.1", kind: .reward, quantity: Quantity(whole: 3), unitPrice: 800_000, norm: "award-certificate")
        let f = assertFinding(findings(NormCeiling(), B().lines(award).build()), rule: "NORM-CEILING", severity: .error, lineCode: "5.1")
        assertMoney(f?.cap, 2_130_000)
        XCTAssertEqual(f?.provisional, true)
    }

    func testNormCeilingOnAPercentNorm() {
        // collective meals: 130 % × 200.000 = 260.000. 260.000 passes; 270.000 × 50 is cut to 50 × 260.000 = 13.000.000.
        let ok = B.line("1", kind: .meals, persons: Quantity(whole: 50), unitPrice: 260_000, norm: "meal-collective-city")
        let over = B.line("2", kind: .meals, persons: Quantity(whole: 50), unitPrice: 270_000, norm: "meal-collective-city")
        let found = findings(NormCeiling(), B().lines(ok, over).build())
        assertNoFinding(found, rule: "NORM-CEILING", lineCode: "1")
        assertMoney(assertFinding(found, rule: "NORM-CEILING", severity: .error, lineCode: "2")?.cap, 13_000_000)
    }

    func testNormCeilingSilentAtOrBelowTheCeiling() {
        let found = findings(NormCeiling(), B().lines(refreshments("1", price: 40_000), refreshments("2", price: 35_000)).build())
        assertNoFinding(found, rule: "NORM-CEILING")
    }

    // MARK: NORM-SCOPE

    func testNormScopeWarnsOnThePerDiemScopeNote() {
        // per-diem carries a scope note (paid by the sending body): reported, not cut.
        let perDiem = B.line("3.12", kind: .perDiem, unit: "người/ngày", quantity: Quantity(whole: 4), unitPrice: 300_000, norm: "per-diem")
        let f = assertFinding(findings(NormScope(), B().lines(perDiem).build()), rule: "NORM-SCOPE", severity: .warning, lineCode: "3.12")
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.en.contains("sending body") ?? false)
    }

    func testNormScopeSilentOnUnrestrictedNorms() {
        assertNoFinding(findings(NormScope(), B().lines(refreshments()).build()), rule: "NORM-SCOPE")
    }

    // MARK: NORM-PROVISIONAL

    func testNormProvisionalNotesTheRefreshmentRate() {
        let f = assertFinding(findings(NormProvisional(), B().lines(refreshments()).build()), rule: "NORM-PROVISIONAL",
                              severity: .info, lineCode: "1")
        XCTAssertNil(f?.cap)                                                  // a note, not a cut
        XCTAssertEqual(f?.provisional, true)
        XCTAssertTrue(f?.message.vi.contains("40.000") ?? false)
    }

    func testNormProvisionalNamesTheProvisionalLinkOfAChain() {
        // award-city-merit (provisional) rests on base-salary (confirmed): only the first is named.
        let award = B.line("5.1", kind: .reward, quantity: Quantity(whole: 6), unitPrice: 3_510_000, norm: "award-city-merit")
        let f = assertFinding(findings(NormProvisional(), B().lines(award).build()), rule: "NORM-PROVISIONAL", severity: .info, lineCode: "5.1")
        XCTAssertTrue(f?.message.en.hasSuffix(": award-city-merit") ?? false, f?.message.en ?? "")
        XCTAssertTrue(f?.message.en.contains("3,510,000") ?? false)          // 1,5 × 2.340.000
    }

    func testNormProvisionalSilentOnConfirmedNorms() {
        let meals = B.line("1", kind: .meals, persons: Quantity(whole: 50), unitPrice: 200_000, norm: "meal-support-city")
        let collective = B.line("2", kind: .meals, persons: Quantity(whole: 50), unitPrice: 260_000, norm: "meal-collective-cap")
        let plain = B.line("3", unitPrice: 1_000)
        assertNoFinding(findings(NormProvisional(), B().lines(meals, collective, plain).build()), rule: "NORM-PROVISIONAL")
    }

    // MARK: QTY-DELEGATES

    func testQuantityDelegatesCapsPersonsAtTheDelegates() {
        let e = B().lines(refreshments(persons: 160)).build()                // 160 × 40.000 = 6.400.000 requested
        let f = assertFinding(findings(QuantityDelegates(), e), rule: "QTY-DELEGATES", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 6_000_000)                                        // 150 × 1 × 40.000
    }

    func testQuantityDelegatesCapsSessionsAtTheConferenceSessions() {
        let e = B().lines(refreshments(sessions: 2)).build()                 // 150 × 2 × 40.000 = 12.000.000 requested
        let f = assertFinding(findings(QuantityDelegates(), e), rule: "QTY-DELEGATES", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 6_000_000)                                        // 150 × 1 × 40.000
    }

    func testQuantityDelegatesLimitsMealsToNonPayrollDelegates() {
        // 100 persons ≤ 150 delegates, but only 50 are not on a state payroll (TT 40/2017 Art. 12(4)).
        let meals = B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: 100), unitPrice: 200_000, norm: "meal-support-city")
        let f = assertFinding(findings(QuantityDelegates(), B().lines(meals).build()), rule: "QTY-DELEGATES", severity: .error, lineCode: "3.8")
        assertMoney(f?.cap, 10_000_000)                                       // 50 × 200.000
        XCTAssertTrue(f?.message.en.contains("not on the payroll of a state body, a public service unit or an enterprise") ?? false)
    }

    func testQuantityDelegatesCapAlsoRespectsTheNorm() {
        // 160 persons at 50.000 (norm 40.000): the cap applies both cuts, 150 × 40.000 = 6.000.000 (not 150 × 50.000).
        let f = assertFinding(findings(QuantityDelegates(), B().lines(refreshments(persons: 160, price: 50_000)).build()),
                              rule: "QTY-DELEGATES", severity: .error, lineCode: "1")
        assertMoney(f?.cap, 6_000_000)
    }

    func testQuantityDelegatesSilentWithinThePlan() {
        let meals = B.line("2", kind: .meals, persons: Quantity(whole: 50), unitPrice: 200_000, norm: "meal-support-city")
        let docs = B.line("3", quantity: Quantity(whole: 500), unitPrice: 1_000)   // no persons column: not a per-person line
        assertNoFinding(findings(QuantityDelegates(), B().lines(refreshments("1"), meals, docs).build()), rule: "QTY-DELEGATES")
    }

    // MARK: QTY-PAPERS

    func testQuantityPapersCapsAtThePlan() {
        let paper = B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 12), unitPrice: 1_500_000)   // 18.000.000
        let f = assertFinding(findings(QuantityPapers(), B().lines(paper).build()), rule: "QTY-PAPERS", severity: .error, lineCode: "2.1")
        assertMoney(f?.cap, 15_000_000)                                       // 10 × 1.500.000
    }

    func testQuantityPapersCountsPersonsToo() {
        // 3 × 4 persons = 12 papers > 10
        let paper = B.line("2.1", kind: .paper, quantity: Quantity(whole: 3), persons: Quantity(whole: 4), unitPrice: 1_000_000)
        let f = assertFinding(findings(QuantityPapers(), B().lines(paper).build()), rule: "QTY-PAPERS", severity: .error, lineCode: "2.1")
        assertMoney(f?.cap, 10_000_000)                                       // 10 × 1.000.000
    }

    func testQuantityPapersSilentWithinThePlanAndOnOtherKinds() {
        let paper = B.line("2.1", kind: .paper, quantity: Quantity(whole: 10), unitPrice: 3_000_000)
        let docs = B.line("1.3", quantity: Quantity(whole: 12), unitPrice: 80_000)
        assertNoFinding(findings(QuantityPapers(), B().lines(paper, docs).build()), rule: "QTY-PAPERS")
    }

    // MARK: ITEM-GIFT / ITEM-CONTINGENCY / ITEM-STATE-HALL / ITEM-CONDITIONAL

    func testGiftIsCutToZero() {
        let gift = B.line("5.3", kind: .gift, unit: "suất", quantity: Quantity(whole: 6), unitPrice: 2_000_000)
        let f = assertFinding(findings(GiftNotAllowed(), B().lines(gift).build()), rule: "ITEM-GIFT", severity: .error, lineCode: "5.3")
        assertMoney(f?.cap, 0)
    }

    func testRewardIsNotAGift() {
        let reward = B.line("5.1", kind: .reward, quantity: Quantity(whole: 6), unitPrice: 3_510_000, norm: "award-city-merit")
        assertNoFinding(findings(GiftNotAllowed(), B().lines(reward).build()), rule: "ITEM-GIFT")
    }

    func testRewardIsCutToZero() {
        // Reward money is paid by whoever decides the award, from its reward fund: an error, appraised at 0.
        let reward = B.line("5.1", kind: .reward, quantity: Quantity(whole: 6), unitPrice: 3_510_000, norm: "award-city-merit")
        let f = assertFinding(findings(RewardFund(), B().lines(reward).build()), rule: "ITEM-REWARD-FUND", severity: .error, lineCode: "5.1")
        assertMoney(f?.cap, 0)
        XCTAssertTrue(f?.basis.contains("Điều 11 khoản 4") ?? false, f?.basis ?? "")
    }

    func testRewardFundSilentOnFlowers() {
        let flowers = B.line("5.2", kind: .decoration, unit: "bó", quantity: Quantity(whole: 6), unitPrice: 500_000, evidence: "Báo giá")
        assertNoFinding(findings(RewardFund(), B().lines(flowers).build()), rule: "ITEM-REWARD-FUND")
    }

    func testContingencyIsCutToZero() {
        let c = B.line("7.1", kind: .contingency, unit: "khoản", unitPrice: 10_867_000)
        let f = assertFinding(findings(ContingencyNotAllowed(), B().lines(c).build()), rule: "ITEM-CONTINGENCY", severity: .error, lineCode: "7.1")
        assertMoney(f?.cap, 0)
        assertNoFinding(findings(ContingencyNotAllowed(), B().lines(B.line("1", unitPrice: 10_000)).build()), rule: "ITEM-CONTINGENCY")
    }

    func testStateHallRentIsAQuestionNotACut() {
        // Another state body's hall: the owner may charge for services. A warning, appraised as requested.
        let rent = B.line("3.6", kind: .hallRent, unit: "buổi", unitPrice: 15_000_000, evidence: "Thông báo giá dịch vụ hội trường")
        let e = B().lines(rent).conference { $0.venueOwner = "Văn phòng Thành ủy" }.build()
        let f = assertFinding(findings(StateHallRent(), e), rule: "ITEM-STATE-HALL", severity: .warning, lineCode: "3.6")
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.vi.contains("Văn phòng Thành ủy") ?? false)
        assertMoney(appraise(e).lines.first?.appraised, 15_000_000)
    }

    func testHallRentElsewhereIsNotAStateHallFinding() {
        let rent = B.line("3.6", kind: .hallRent, unit: "buổi", unitPrice: 15_000_000)
        assertNoFinding(findings(StateHallRent(), B().lines(rent).conference { $0.stateVenue = false }.build()), rule: "ITEM-STATE-HALL")
    }

    func testConditionalItemsNeedAnExplanation() {
        let rent = B.line("1", kind: .hallRent, unitPrice: 15_000_000)
        let transport = B.line("2", kind: .transport, quantity: Quantity(whole: 2), unitPrice: 2_500_000)
        let other = B.line("3", kind: .other, unitPrice: 1_000_000)
        let docs = B.line("4", unitPrice: 1_000_000)
        let found = findings(ConditionalItem(), B().lines(rent, transport, other, docs).conference { $0.stateVenue = false }.build())
        for code in ["1", "2", "3"] {
            XCTAssertNil(assertFinding(found, rule: "ITEM-CONDITIONAL", severity: .warning, lineCode: code)?.cap)
        }
        assertNoFinding(found, rule: "ITEM-CONDITIONAL", lineCode: "4")
    }

    func testConditionalSilentOnHallRentInAStateHall() {
        // a state hall's rent is ITEM-STATE-HALL's (cut), not a question
        let rent = B.line("1", kind: .hallRent, unitPrice: 15_000_000)
        assertNoFinding(findings(ConditionalItem(), B().lines(rent).build()), rule: "ITEM-CONDITIONAL")
    }

    // MARK: BUDGET-CODE

    func testBudgetCodeUnknown() {
        let meals = B.line("1", kind: .meals, budgetCode: "9999", persons: Quantity(whole: 50), unitPrice: 200_000)
        let f = assertFinding(findings(BudgetCodeFits(), B().lines(meals).build()), rule: "BUDGET-CODE", severity: .error, lineCode: "1")
        XCTAssertEqual(f?.provisional, true)
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.en.contains("6658") ?? false)                // suggests the code that fits meals
    }

    func testBudgetCodeMisfit() {
        // 6651 is for documents, invitations and stationery; a typo'd 6551 is unknown (see the error fixture).
        let meals = B.line("1", kind: .meals, budgetCode: "6651", persons: Quantity(whole: 50), unitPrice: 200_000)
        let f = assertFinding(findings(BudgetCodeFits(), B().lines(meals).build()), rule: "BUDGET-CODE", severity: .error, lineCode: "1")
        XCTAssertEqual(f?.provisional, true)                                  // the codes are provisional data
        XCTAssertTrue(f?.message.vi.contains("6658") ?? false)
    }

    func testBudgetCodeSilentWhenItFits() {
        let lines = [B.line("1", kind: .meals, budgetCode: "6658", unitPrice: 1),
                     B.line("2", kind: .invitations, budgetCode: "6603", unitPrice: 1),     // postage: a second code fits invitations
                     B.line("3", kind: .showcase, budgetCode: "6606", unitPrice: 1)]
        assertNoFinding(findings(BudgetCodeFits(), B().section("I", lines).build()), rule: "BUDGET-CODE")
    }

    // MARK: FISCAL-YEAR

    func testFiscalYearFiresWhenTheEventIsOutsideTheBudgetYear() {
        let e = B().lines(refreshments()).conference { $0.eventDate = date(20, 11, 2024) }.build()
        let f = assertFinding(findings(FiscalYear(), e), rule: "FISCAL-YEAR", severity: .error, lineCode: nil)
        XCTAssertTrue(f?.message.vi.contains("31/12/2025") ?? false)
        let next = B().lines(refreshments()).conference { $0.eventDate = date(2, 1, 2026) }.build()
        assertFinding(findings(FiscalYear(), next), rule: "FISCAL-YEAR", severity: .error, lineCode: nil)
    }

    func testFiscalYearSilentWithinTheYear() {
        assertNoFinding(findings(FiscalYear(), B().lines(refreshments()).build()), rule: "FISCAL-YEAR")
        assertNoFinding(findings(FiscalYear(), B().lines(refreshments()).conference { $0.eventDate = date(31, 12, 2025) }.build()),
                        rule: "FISCAL-YEAR")
    }

    // MARK: PIT-HONORARIUM

    func testPITAtTheThreshold() {
        let chair = B.line("2.0", kind: .speakerFee, unit: "người", unitPrice: 2_000_000)   // 2.000.000 ≥ 2.000.000
        let f = assertFinding(findings(PersonalIncomeTax(), B().lines(chair).build()), rule: "PIT-HONORARIUM", severity: .info, lineCode: "2.0")
        XCTAssertNil(f?.cap)                                                 // a payment note, not a cut
        XCTAssertEqual(f?.provisional, false)                                // 2.000.000 (TT 111/2013) is confirmed
        XCTAssertTrue(f?.message.vi.contains("10%") ?? false)
        XCTAssertEqual(f?.basis, "TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i")
    }

    func testPITCountsSessionsPerPayee() {
        // 1.000.000 per session × 2 sessions = 2.000.000 to one person
        let chair = B.line("1", kind: .speakerFee, persons: Quantity(whole: 3), sessions: Quantity(whole: 2), unitPrice: 1_000_000)
        assertFinding(findings(PersonalIncomeTax(), B().lines(chair).build()), rule: "PIT-HONORARIUM", severity: .info, lineCode: "1")
    }

    func testPITSilentBelowTheThresholdAndOnNonHonoraria() {
        let below = B.line("1", kind: .paper, quantity: Quantity(whole: 10), unitPrice: 1_999_999)
        let secretary = B.line("2", kind: .secretariat, persons: Quantity(whole: 4), sessions: Quantity(whole: 1), unitPrice: 500_000)
        let docs = B.line("3", kind: .documents, unitPrice: 5_000_000)                          // paid to a firm: not an honorarium
        assertNoFinding(findings(PersonalIncomeTax(), B().lines(below, secretary, docs).build()), rule: "PIT-HONORARIUM")
    }

    func testPITThresholdFrom1July2026() {
        // From 01/07/2026 the threshold is 5.000.000 (provisional): a 3.000.000 paper no longer triggers it.
        let later = { (b: EstimateBuilder) in b.conference { $0.eventDate = date(1, 7, 2026); $0.fiscalYear = 2026 } }
        let paper = B.line("1", kind: .paper, quantity: Quantity(whole: 10), unitPrice: 3_000_000)
        assertNoFinding(findings(PersonalIncomeTax(), later(B().lines(paper)).build()), rule: "PIT-HONORARIUM")
        let big = B.line("2", kind: .speakerFee, unitPrice: 5_000_000)
        let f = assertFinding(findings(PersonalIncomeTax(), later(B().lines(big)).build()), rule: "PIT-HONORARIUM", severity: .info, lineCode: "2")
        XCTAssertEqual(f?.provisional, true)
    }

    // MARK: OTHER-UNIT

    func testOtherUnitWarns() {
        let art = B.line("4.1", kind: .artProgramme, unit: "trọn gói", unitPrice: 25_000_000, assignedTo: "Sở Văn hóa và Thể thao", evidence: "Dự toán")
        let f = assertFinding(findings(OtherUnitTask(), B().lines(art).build()), rule: "OTHER-UNIT", severity: .warning, lineCode: "4.1")
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.vi.contains("Sở Văn hóa và Thể thao") ?? false)
    }

    func testOtherUnitSilentForTheOrganiser() {
        let blank = B.line("1", unitPrice: 1_000)
        let same = B.line("2", unitPrice: 1_000, assignedTo: "sở khoa học và công nghệ")       // case does not matter
        assertNoFinding(findings(OtherUnitTask(), B().lines(blank, same).build()), rule: "OTHER-UNIT")
    }

    // MARK: LUMP-SUM

    func testLumpSumWithoutQuoteWarns() {
        let backdrop = B.line("3.2", kind: .decoration, unit: "Trọn gói", unitPrice: 16_500_000)
        let f = assertFinding(findings(LumpSum(), B().lines(backdrop).build()), rule: "LUMP-SUM", severity: .warning, lineCode: "3.2")
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.vi.contains("16.500.000") ?? false)
    }

    func testLumpSumSilentWithEvidenceNormOrUnitPrice() {
        let quoted = B.line("1", kind: .decoration, unit: "trọn gói", unitPrice: 16_500_000, evidence: "Báo giá số 27/BG-2025")
        let normed = B.line("2", kind: .refreshments, unit: "gói", unitPrice: 40_000, norm: "refreshments")
        let priced = B.line("3", kind: .decoration, unit: "lẵng", quantity: Quantity(whole: 6), unitPrice: 700_000)
        assertNoFinding(findings(LumpSum(), B().lines(quoted, normed, priced).build()), rule: "LUMP-SUM")
    }

    // MARK: BUDGET-CAP

    func testBudgetCapFiresWhenTheAppraisedTotalExceedsIt() {
        let e = B().lines(refreshments()).conference { $0.budgetCap = Money(5_000_000) }.build()    // 6.000.000 > 5.000.000
        let a = appraise(e, rules: [BudgetCap()])
        assertFinding(a.estimateFindings, rule: "BUDGET-CAP", severity: .error, lineCode: nil)
        XCTAssertNil(a.estimateFindings.first?.cap)
    }

    func testBudgetCapJudgesTheAppraisedNotTheRequestedTotal() {
        // requested 6.000.000 + 500.000 gift = 6.500.000 > 6.000.000 cap; appraised 6.000.000 + 0 fits exactly.
        let gift = B.line("2", kind: .gift, unitPrice: 500_000)
        let e = B().lines(refreshments(), gift).conference { $0.budgetCap = Money(6_000_000) }.build()
        assertNoFinding(appraise(e, rules: [GiftNotAllowed(), BudgetCap()]).allFindings, rule: "BUDGET-CAP")
        // Without the appraised total (a plain check), the rule says nothing.
        assertNoFinding(findings(BudgetCap(), e), rule: "BUDGET-CAP")
    }

    func testBudgetCapSilentWithoutACap() {
        assertNoFinding(appraise(B().lines(refreshments()).build(), rules: [BudgetCap()]).allFindings, rule: "BUDGET-CAP")
    }
}
