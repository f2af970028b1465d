import XCTest
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// A rule that reports fixed findings, to test the appraiser's arithmetic in isolation.
private struct StubRule: AppraisalRule {
    let id: String
    let severity: Severity
    let title = Bilingual(vi: "thử", en: "stub")
    let basis = "test"
    /// (line code or nil for the estimate, cap)
    let caps: [(String?, Int64?)]

    init(_ id: String = "STUB", _ severity: Severity = .error, caps: [(String?, Int64?)]) {
        self.id = id; self.severity = severity; self.caps = caps
    }

    func check(_ ctx: AppraisalContext) -> [Finding] {
        caps.map { code, cap in
            Finding(ruleID: id, severity: severity, lineCode: code, message: Bilingual(vi: "x", en: "x"), basis: basis,
                    cap: cap.map { Money($0) })
        }
    }
}

final class AppraiserTests: XCTestCase {

    /// Section I: line 1 = 1.000.000, line 2 = 500.000; section II: line 3 = 2.000.000. Requested 3.500.000.
    private let estimate = B()
        .section("I", [B.line("1", unitPrice: 1_000_000), B.line("2", unitPrice: 500_000)])
        .section("II", [B.line("3", unitPrice: 2_000_000)])
        .build()

    func testAppraisedIsTheSmallestCap() {
        let a = appraise(estimate, rules: [StubRule("A", .error, caps: [("1", 800_000)]), StubRule("B", .error, caps: [("1", 600_000)])])
        assertMoney(a.lines[0].requested, 1_000_000)
        assertMoney(a.lines[0].appraised, 600_000)            // min(1.000.000, 800.000, 600.000)
        assertMoney(a.lines[0].difference, -400_000)          // 600.000 − 1.000.000
        XCTAssertEqual(a.lines[0].findings.map(\.ruleID), ["A", "B"])
    }

    func testCapAboveRequestedDoesNotRaiseTheLine() {
        let a = appraise(estimate, rules: [StubRule(caps: [("1", 1_200_000)])])
        assertMoney(a.lines[0].appraised, 1_000_000)
        assertMoney(a.lines[0].difference, 0)
    }

    func testAppraisedIsNeverNegative() {
        let a = appraise(estimate, rules: [StubRule(caps: [("1", -5)])])
        assertMoney(a.lines[0].appraised, 0)
        assertMoney(a.lines[0].difference, -1_000_000)
    }

    func testFindingWithoutCapDoesNotCut() {
        let a = appraise(estimate, rules: [StubRule("W", .warning, caps: [("2", nil)])])
        assertMoney(a.lines[1].appraised, 500_000)
        XCTAssertEqual(a.lines[1].findings.count, 1)
    }

    func testSectionAndGrandTotalsAddUp() {
        let a = appraise(estimate, rules: [StubRule(caps: [("1", 600_000), ("3", 0)])])
        XCTAssertEqual(a.sections.map(\.title), ["I", "II"])
        assertMoney(a.sections[0].requested, 1_500_000)       // 1.000.000 + 500.000
        assertMoney(a.sections[0].appraised, 1_100_000)       // 600.000 + 500.000
        assertMoney(a.sections[0].difference, -400_000)
        assertMoney(a.sections[1].requested, 2_000_000)
        assertMoney(a.sections[1].appraised, 0)
        assertMoney(a.requested, 3_500_000)                   // 1.500.000 + 2.000.000
        assertMoney(a.appraised, 1_100_000)                   // 1.100.000 + 0
        assertMoney(a.difference, -2_400_000)
    }

    func testEstimateLevelFindingsAreKeptApart() {
        let a = appraise(estimate, rules: [StubRule("TOTAL", .error, caps: [(nil, 0)])])
        XCTAssertEqual(a.estimateFindings.map(\.ruleID), ["TOTAL"])
        XCTAssertTrue(a.lines.allSatisfy { $0.findings.isEmpty })
        assertMoney(a.appraised, 3_500_000)                   // an estimate-level cap cuts no line
    }

    func testHasErrorsAndCounts() {
        let warningsOnly = appraise(estimate, rules: [StubRule("W", .warning, caps: [("1", nil), (nil, nil)]), StubRule("I", .info, caps: [("2", nil)])])
        XCTAssertFalse(warningsOnly.hasErrors)
        XCTAssertEqual(warningsOnly.count(.warning), 2)
        XCTAssertEqual(warningsOnly.count(.info), 1)
        XCTAssertEqual(warningsOnly.count(.error), 0)
        XCTAssertEqual(warningsOnly.allFindings.count, 3)

        XCTAssertTrue(appraise(estimate, rules: [StubRule("E", .error, caps: [("3", nil)])]).hasErrors)
        XCTAssertTrue(appraise(estimate, rules: [StubRule("E", .error, caps: [(nil, nil)])]).hasErrors)
        XCTAssertFalse(appraise(estimate, rules: []).hasErrors)
    }

    func testSeverityOrder() {
        XCTAssertEqual([Severity.info, .error, .warning].sorted(), [.error, .warning, .info])
    }

    // MARK: Every rule together

    func testCleanEstimateHasNoFindings() {
        // Only confirmed norms, within the plan, with fitting codes and a quote for the priced item.
        let e = B()
            .section("I", subtotal: 13_000_000, [
                B.line("1.1", kind: .documents, unit: "bộ", quantity: Quantity(whole: 150), unitPrice: 20_000, evidence: "Báo giá số 18"),   // 3.000.000
                B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: 50), unitPrice: 200_000, norm: "meal-support-city"),  // 10.000.000
            ])
            .section("II", [
                B.line("7.1", kind: .stationery, unit: "bộ", quantity: Quantity(whole: 20), unitPrice: 30_000,
                       evidence: "Báo giá văn phòng phẩm"),                                                                      // 600.000
            ])
            .conference { $0.statedTotal = Money(13_600_000); $0.budgetCap = Money(13_600_000) }   // 13.000.000 + 600.000
            .build()
        let a = appraise(e)
        XCTAssertEqual(a.allFindings.map { "\($0.ruleID)@\($0.lineCode ?? "-")" }, [])
        assertMoney(a.requested, 13_600_000)
        assertMoney(a.appraised, 13_600_000)
        assertMoney(a.difference, 0)
    }

    func testEveryRuleTogether() {
        // A meeting room of the organiser itself, rent paid to the organiser: ITEM-OWN-HALL cuts it to 0.
        var ownHall = B.line("5", kind: .hallRent, unit: "buổi", unitPrice: 10_000_000)
        ownHall.payee = EstimateBuilder.organiser
        let e = B()
            .section("I", [
                B.line("1", kind: .documents, unit: "bộ", quantity: Quantity(whole: 150), unitPrice: 20_000, evidence: "Báo giá"),   // 3.000.000
                // 160 persons × 50.000 = 8.000.000: over the delegates AND over the 40.000 norm → 150 × 40.000 = 6.000.000
                B.line("2", kind: .refreshments, unit: "người/buổi", persons: Quantity(whole: 160), sessions: Quantity(whole: 1),
                       unitPrice: 50_000, norm: "refreshments"),
                B.line("3", kind: .gift, unit: "suất", quantity: Quantity(whole: 30), unitPrice: 500_000),                          // 15.000.000 → 0
            ])
            .section("II", [
                // 12 papers × 3.500.000 = 42.000.000: over the plan AND over the 3.000.000 norm → 10 × 3.000.000 = 30.000.000
                B.line("4", kind: .paper, unit: "bài", quantity: Quantity(whole: 12), unitPrice: 3_500_000, norm: "ws-paper-presented"),
                ownHall,                                                                                                               // the organiser's own room → 0
            ])
            .conference { $0.stTask = true }
            .build()
        let a = appraise(e)
        XCTAssertEqual(a.lines.map(\.appraised.dong), [3_000_000, 6_000_000, 0, 30_000_000, 0])
        assertMoney(a.sections[0].requested, 26_000_000)      // 3.000.000 + 8.000.000 + 15.000.000
        assertMoney(a.sections[0].appraised, 9_000_000)       // 3.000.000 + 6.000.000 + 0
        assertMoney(a.sections[1].requested, 52_000_000)      // 42.000.000 + 10.000.000
        assertMoney(a.sections[1].appraised, 30_000_000)
        assertMoney(a.requested, 78_000_000)
        assertMoney(a.appraised, 39_000_000)
        assertMoney(a.difference, -39_000_000)
        XCTAssertTrue(a.hasErrors)

        let line2 = a.lines[1].findings.map(\.ruleID).sorted()
        XCTAssertEqual(line2, ["NORM-CEILING", "NORM-PROVISIONAL", "QTY-DELEGATES"])
        let line4 = a.lines[3].findings.map(\.ruleID).sorted()
        XCTAssertEqual(line4, ["NORM-CEILING", "PIT-HONORARIUM", "QTY-PAPERS"])   // an S&T task: TT 03/2023 may be cited
        XCTAssertEqual(a.lines[2].findings.map(\.ruleID), ["ITEM-GIFT"])
        XCTAssertEqual(a.lines[4].findings.map(\.ruleID), ["ITEM-OWN-HALL"])
    }

    func testBudgetCapSeesTheAppraisedTotal() {
        let e = B().lines(B.line("1", unitPrice: 1_000_000), B.line("2", kind: .gift, unitPrice: 500_000))
            .conference { $0.budgetCap = Money(1_200_000) }.build()
        // requested 1.500.000 > 1.200.000, appraised 1.000.000 + 0 ≤ 1.200.000
        let a = appraise(e)
        assertNoFinding(a.allFindings, rule: "BUDGET-CAP")
        let tight = appraise(B().lines(B.line("1", unitPrice: 1_000_000)).conference { $0.budgetCap = Money(999_999) }.build())
        assertFinding(tight.estimateFindings, rule: "BUDGET-CAP", severity: .error, lineCode: nil)
    }
}
