import XCTest
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// Legal basis as dated data (issue 12, item 4) and plan facts from the conference's files (item 5): the
/// citation printed on either side of 01/01/2026 (State Budget Law 2015 → 2025) and of 01/07/2026 (PIT
/// threshold), the fallback without a table, and rule texts that quote no plan unless the conference has one.
final class AppraisalRuleBasisTests: XCTestCase {
    let catalogue = Fixtures.catalogue

    func testTheBudgetLawChangesOn1January2026() throws {
        let before = try XCTUnwrap(catalogue.legalBasis("within-estimate", on: date(31, 12, 2025)))
        let after = try XCTUnwrap(catalogue.legalBasis("within-estimate", on: date(1, 1, 2026)))
        XCTAssertTrue(before.text.contains("83/2015/QH13"), before.text)
        XCTAssertEqual(before.status, .confirmed)
        XCTAssertTrue(after.text.contains("89/2025/QH15"), after.text)
        XCTAssertEqual(after.status, .provisional)                         // the number and article are not confirmed
        XCTAssertTrue(after.printed.hasSuffix("(căn cứ tạm tính, cần xác minh)"))
    }

    private func withCap(on day: CivilDate) -> Estimate {
        B().lines(B.line("1", unitPrice: 2_000_000, evidence: "Báo giá"))
            .conference { $0.eventDate = day; $0.fiscalYear = day.year; $0.budgetCap = Money(1_000_000) }.build()
    }

    func testBudgetCapCitesTheLawOfItsBudgetYear() {
        let f2025 = assertFinding(appraise(withCap(on: date(31, 12, 2025))).estimateFindings, rule: "BUDGET-CAP", severity: .error, lineCode: nil)
        let f2026 = assertFinding(appraise(withCap(on: date(1, 1, 2026))).estimateFindings, rule: "BUDGET-CAP", severity: .error, lineCode: nil)
        XCTAssertTrue(f2025?.basis.contains("Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2") ?? false, f2025?.basis ?? "")
        XCTAssertTrue(f2026?.basis.contains("Luật NSNN 2025 (89/2025/QH15)") ?? false, f2026?.basis ?? "")
        XCTAssertFalse(f2026?.basis.contains("83/2015") ?? true)
    }

    func testLineRulesCiteTheTextInForceOnTheEventDate() {
        for (day, law) in [(date(31, 12, 2025), "83/2015/QH13"), (date(1, 1, 2026), "89/2025/QH15")] {
            let c = B.line("7.1", kind: .contingency, unit: "khoản", unitPrice: 1_000_000)
            let i = B.line("2.2", kind: .interpreting, unit: "buổi", unitPrice: 3_000_000)
            let e = B().lines(c, i).conference { $0.eventDate = day; $0.fiscalYear = day.year }.build()
            let found = appraise(e).allFindings
            XCTAssertTrue(assertFinding(found, rule: "ITEM-CONTINGENCY", severity: .error, lineCode: "7.1")?.basis.contains(law) ?? false, "\(day)")
            XCTAssertTrue(assertFinding(found, rule: "PRICE-EVIDENCE", severity: .warning, lineCode: "2.2")?.basis.contains(law) ?? false, "\(day)")
        }
    }

    func testFiscalYearCitesTheLawOfTheBudgetYearNotOfTheEvent() {
        // Budget year 2025, event typed in January 2026: the 2025 budget is governed by the 2015 law.
        let e = B().lines(B.line("1", unitPrice: 1_000, evidence: "x")).conference { $0.eventDate = date(5, 1, 2026) }.build()
        let f = assertFinding(appraise(e).estimateFindings, rule: "FISCAL-YEAR", severity: .error, lineCode: nil)
        XCTAssertTrue(f?.basis.contains("83/2015/QH13") ?? false, f?.basis ?? "")
    }

    func testWithoutALegalBasisTableRulesPrintTheirOwnBasis() throws {
        let base = catalogue
        let bare = try Catalogue(norms: base.norms.values.flatMap { $0 }, budgetCodes: Array(base.budgetCodes.values))
        let e = B().lines(B.line("7.1", kind: .contingency, unit: "khoản", unitPrice: 1_000_000)).build()
        let a = try Appraiser.appraise(e, catalogue: bare)
        XCTAssertEqual(a.lines[0].findings.first { $0.ruleID == "ITEM-CONTINGENCY" }?.basis, ContingencyNotAllowed().basis)
    }

    func testOverlappingVersionsOfACitationAreRefused() {
        let dir = TempDir()
        defer { dir.remove() }
        let n = dir.write("norms.csv", "id,name_vi,kind,ceiling,unit_vi,document,effective_from,status\nrefreshments,Giải khát,amount,40.000,đồng,TT,01/07/2017,provisional\n")
        let c = dir.write("codes.csv", "code,group,name_vi,kinds,status\n6699,6650,Khác,refreshments,provisional\n")
        dir.write("legal-bases.csv", "id,text,effective_from,effective_to,status\nx,Luật A,01/01/2017,31/12/2025,confirmed\nx,Luật B,31/12/2025,,provisional\n")
        XCTAssertThrowsError(try CatalogueLoader.load(normsPath: n, budgetCodesPath: c)) { e in
            XCTAssertEqual((e as? InputError)?.location.line, 3)
            XCTAssertEqual((e as? InputError)?.location.field, "effective_from")
        }
    }

    func testThePITThresholdChangesOn1July2026() {
        // 2 sessions × 2.000.000 = 4.000.000 per speaker: ≥ 2.000.000 until 30/06/2026, < 5.000.000 from 01/07/2026.
        let speaker = B.line("2.1", kind: .speakerFee, unit: "người/buổi", persons: Quantity(whole: 2), sessions: Quantity(whole: 2),
                             unitPrice: 2_000_000, evidence: "Quy chế chi tiêu nội bộ")
        let june = B().lines(speaker).conference { $0.eventDate = date(30, 6, 2026); $0.fiscalYear = 2026; $0.sessions = 2 }.build()
        let july = B().lines(speaker).conference { $0.eventDate = date(1, 7, 2026); $0.fiscalYear = 2026; $0.sessions = 2 }.build()
        assertFinding(findings(PersonalIncomeTax(), june), rule: "PIT-HONORARIUM", severity: .info, lineCode: "2.1")
        assertNoFinding(findings(PersonalIncomeTax(), july), rule: "PIT-HONORARIUM")
    }

    func testTT71AndTT111StartOnTheReviewedDates() throws {
        XCTAssertNil(catalogue.norm("guest-meal", on: date(31, 10, 2018)))
        XCTAssertNotNil(catalogue.norm("guest-meal", on: date(1, 11, 2018)))
        XCTAssertNil(catalogue.norm("pit-threshold", on: date(30, 9, 2013)))
        XCTAssertNotNil(catalogue.norm("pit-threshold", on: date(1, 10, 2013)))
    }

    // MARK: Plan facts come from the conference

    /// An estimate that trips the rules that used to quote the seed plan.
    private func planEstimate(plan: String, thrift: String) -> Estimate {
        B().lines(
            B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 12), unitPrice: 1_000_000, evidence: "x"),
            B.line("3.1", kind: .refreshments, unit: "người/buổi", persons: Quantity(whole: 160), sessions: Quantity(whole: 1), unitPrice: 40_000),
            B.line("4.1", kind: .artProgramme, unit: "trọn gói", unitPrice: 25_000_000, assignedTo: "Sở Văn hóa và Thể thao"),
            B.line("5.1", kind: .decoration, unit: "trọn gói", unitPrice: 5_000_000))
            .conference { $0.plan = plan; $0.planThrift = thrift; $0.budgetCap = Money(1_000_000); $0.fundingSource = "Ngân sách năm 2025" }
            .build()
    }

    func testWithoutAPlanNoRuleQuotesOne() {
        let found = appraise(planEstimate(plan: "", thrift: "")).allFindings
        XCTAssertEqual(Set(found.map(\.ruleID)).intersection(["QTY-PAPERS", "QTY-DELEGATES", "OTHER-UNIT", "LUMP-SUM", "BUDGET-CAP"]).count, 5)
        for f in found {
            for text in [f.message.vi, f.message.en, f.basis] {
                for word in ["Kế hoạch", "II.6", "8–10", "I.2", "nhà khoa học nữ", "women scientists", "Sở KH&CN"] {
                    XCTAssertFalse(text.contains(word), "\(f.ruleID) quotes \"\(word)\": \(text)")
                }
            }
        }
    }

    func testWithAPlanTheRulesQuoteIt() {
        let plan = "Kế hoạch số 45/KH-SKHCN ngày 15/07/2026"
        let found = appraise(planEstimate(plan: plan, thrift: "mục I.2: tiết kiệm")).allFindings
        XCTAssertTrue(assertFinding(found, rule: "QTY-PAPERS", severity: .error, lineCode: "2.1")?.basis.contains("\(plan): số tham luận dự kiến 10") ?? false)
        XCTAssertTrue(assertFinding(found, rule: "OTHER-UNIT", severity: .warning, lineCode: "4.1")?.basis.contains(plan) ?? false)
        XCTAssertTrue(assertFinding(found, rule: "LUMP-SUM", severity: .warning, lineCode: "5.1")?.basis.hasPrefix("\(plan), mục I.2: tiết kiệm") ?? false)
        XCTAssertTrue(assertFinding(found, rule: "QTY-DELEGATES", severity: .error, lineCode: "3.1")?.basis.contains(plan) ?? false)
    }
}
