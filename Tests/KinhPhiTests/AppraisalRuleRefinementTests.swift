import XCTest
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// Refinements found in review: papers counted across lines, heads counted in `quantity`, whole counts,
/// rates that cannot be a base. Figures computed by hand in the comments.
final class AppraisalRuleRefinementTests: XCTestCase {

    func testPapersAreCountedOverEveryPaperLine() {
        // Plan: 10 papers. 8 presented at 3.000.000 + 4 written at 1.500.000 = 12 papers.
        // Allotted in order: line 2.1 gets 8 (silent), line 2.2 gets the remaining 2 → cap 2 × 1.500.000 = 3.000.000.
        let presented = B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 8), unitPrice: 3_000_000)
        let written = B.line("2.2", kind: .paper, unit: "bài", quantity: Quantity(whole: 4), unitPrice: 1_500_000)
        let fs = findings(QuantityPapers(), B().lines(presented, written).build())
        XCTAssertEqual(fs.map(\.lineCode), ["2.2"])
        assertMoney(fs.first?.cap, 3_000_000)
    }

    func testPapersWithinThePlanAcrossLinesAreSilent() {
        // 6 + 4 = 10 papers = the plan.
        let a = B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 6), unitPrice: 3_000_000)
        let b = B.line("2.2", kind: .paper, unit: "bài", quantity: Quantity(whole: 4), unitPrice: 1_500_000)
        XCTAssertTrue(findings(QuantityPapers(), B().lines(a, b).build()).isEmpty)
    }

    func testHeadsCountedInQuantityAreCheckedAgainstDelegates() {
        // Unit "người", no persons column: 160 heads > 150 delegates → cap 150 × 40.000 = 6.000.000.
        let line = B.line("3.1", kind: .refreshments, unit: "người", quantity: Quantity(whole: 160), unitPrice: 40_000)
        let f = assertFinding(findings(QuantityDelegates(), B().lines(line).build()), rule: "QTY-DELEGATES", severity: .error, lineCode: "3.1")
        assertMoney(f?.cap, 6_000_000)
    }

    func testNonPersonUnitsInQuantityAreNotHeads() {
        // 170 booklets for 150 delegates (spares for guests and the press) are not persons.
        let line = B.line("1.3", kind: .documents, unit: "cuốn", quantity: Quantity(whole: 170), unitPrice: 80_000)
        XCTAssertTrue(findings(QuantityDelegates(), B().lines(line).build()).isEmpty)
    }

    func testCountsMustBeWhole() {
        XCTAssertThrowsError(try NumberParser.count("2,5")) { XCTAssertEqual($0 as? NumberSyntaxError, .notWhole) }
        XCTAssertEqual(NumberSyntaxError.notWhole.message(.en), "must be a whole number (persons, sessions, papers…)")
    }

    func testPercentOfABareRateIsRejectedOnLoad() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let header = "id,name_vi,name_en,kind,ceiling,of,unit_vi,unit_en,document,article,effective_from,effective_to,status,rounding,scope_vi,scope_en\n"
        let norms = header
            + "pit-rate,Tỷ lệ,Rate,percent,10,,%,%,TT 111/2013/TT-BTC,,01/07/2013,,confirmed,dong,,\n"
            + "half-rate,Nửa tỷ lệ,Half,percent,50,pit-rate,%,%,X,,01/07/2013,,confirmed,dong,,\n"
        let n = dir.write("norms.csv", norms)
        let c = dir.write("codes.csv", "code,group,name_vi,name_en,kinds,status\n6651,6650,In,Print,documents,provisional\n")
        XCTAssertThrowsError(try CatalogueLoader.load(normsPath: n, budgetCodesPath: c)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.location.line, 3)       // the half-rate row
            XCTAssertEqual(e?.location.field, "of")
        }
    }

    func testNormsWithoutEnglishNameColumnLoad() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let n = dir.write("norms.csv", "id,name_vi,kind,ceiling,unit_vi,document,effective_from,status\nrefreshments,Giải khát,amount,40.000,đồng/người,TT 40/2017/TT-BTC,01/07/2017,provisional\n")
        let c = dir.write("codes.csv", "code,group,name_vi,kinds,status\n6699,6650,Khác,refreshments,provisional\n")
        let cat = try CatalogueLoader.load(normsPath: n, budgetCodesPath: c)
        let r = try XCTUnwrap(try cat.resolve("refreshments", on: date(20, 11, 2025)))
        assertMoney(r.ceiling, 40_000)
        XCTAssertEqual(r.norm.name.en, "Giải khát")   // falls back to the Vietnamese name
    }

    // MARK: NORM-AREA

    private func meals(_ norm: String, price: Int64, persons: Int64 = 40) -> EstimateLine {
        B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: persons), unitPrice: price, norm: norm)
    }

    func testNormAreaCutsToTheVenuesLevel() {
        // Meeting in a provincial city: meal-support-province = 150.000. The line cites the city level at 200.000:
        // cap = 40 persons × 150.000 = 6.000.000.
        let e = B().conference { $0.area = .province }.lines(meals("meal-support-city", price: 200_000)).build()
        let f = assertFinding(findings(NormArea(), e), rule: "NORM-AREA", severity: .error, lineCode: "3.8")
        assertMoney(f?.cap, 6_000_000)
        // With the delegates rule too, the smaller cap applies both cuts: 40 ≤ 50 non-payroll, so 6.000.000.
        assertMoney(appraise(e).lines.first?.appraised, 6_000_000)
    }

    func testNormAreaWithoutCutWhenThePriceIsWithinTheRightLevel() {
        // City meeting citing the province level at 150.000 ≤ the city's 200.000: the citation is wrong, nothing to cut.
        let e = B().lines(meals("meal-support-province", price: 150_000)).build()
        let f = assertFinding(findings(NormArea(), e), rule: "NORM-AREA", severity: .error, lineCode: "3.8")
        XCTAssertNil(f?.cap)
    }

    func testNormAreaSilentWhenTheLevelMatches() {
        let e = B().lines(meals("meal-support-city", price: 200_000)).build()
        XCTAssertTrue(findings(NormArea(), e).isEmpty)
    }

    func testDelegateCapUsesTheVenuesLevel() {
        // Province meeting, 60 persons > 50 non-payroll, city level cited at 200.000:
        // QTY-DELEGATES cap = 50 × min(200.000, 150.000) = 7.500.000.
        let e = B().conference { $0.area = .province }.lines(meals("meal-support-city", price: 200_000, persons: 60)).build()
        let f = assertFinding(findings(QuantityDelegates(), e), rule: "QTY-DELEGATES", severity: .error, lineCode: "3.8")
        assertMoney(f?.cap, 7_500_000)
    }
}
