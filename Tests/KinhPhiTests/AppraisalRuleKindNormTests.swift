import XCTest
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// Norms by kind (issue 12, item 1) and the corrections of item 3: every kind→norm pair of
/// fixtures/catalogue/kind-norms.csv, the kind's norm applied to a line with a blank `norm` cell, a cited
/// norm that does not fit the kind, TT 03/2023 rates outside S&T tasks, a kind with no norm and no evidence,
/// handouts against the delegates, the organiser's own staff and hall. Ceilings written out by hand from
/// the brief §3 and the catalogue rows (20/11/2025).
final class AppraisalRuleKindNormTests: XCTestCase {

    /// kind, norm, area (nil = any), S&T task only, ceiling on 20/11/2025 (hand-computed).
    static let pairs: [(ItemKind, String, String?, Bool, Int64)] = [
        (.meals, "meal-support-city", "city", false, 200_000),
        (.meals, "meal-support-province", "province", false, 150_000),
        (.meals, "meal-support-commune", "commune", false, 100_000),
        (.meals, "meal-collective-city", "city", false, 260_000),          // 130 % × 200.000
        (.meals, "meal-collective-province", "province", false, 195_000),  // 130 % × 150.000
        (.meals, "meal-collective-commune", "commune", false, 130_000),    // 130 % × 100.000
        (.refreshments, "refreshments", nil, false, 40_000),
        (.paper, "ws-paper-presented", nil, true, 3_000_000),
        (.paper, "ws-paper-written", nil, true, 1_500_000),
        (.secretariat, "ws-secretary", nil, true, 500_000),
        (.speakerFee, "ws-chair", nil, true, 2_000_000),
        (.perDiem, "per-diem", nil, false, 300_000),                        // TT 12/2025 level from 04/05/2025
        (.lodging, "lodging-city", "city", false, 1_000_000),
        (.lodging, "lodging-province", "province", false, 700_000),
        (.lodging, "lodging-province", "commune", false, 700_000),
        (.guestReception, "guest-refreshments", nil, false, 30_000),
        (.guestReception, "guest-meal", nil, false, 300_000),
        (.reward, "award-city-merit", nil, false, 3_510_000),               // 1,5 × 2.340.000
        (.reward, "award-certificate", nil, false, 710_000),                // 0,3 × 2.340.000 = 702.000 → up to 710.000
    ]

    func testTheTableAboveIsTheCatalogue() {
        let inCatalogue = Set(Fixtures.catalogue.kindNorms.map { "\($0.kind.rawValue)|\($0.normID)|\($0.area ?? "")|\($0.stTaskOnly)" })
        let here = Set(Self.pairs.map { "\($0.0.rawValue)|\($0.1)|\($0.2 ?? "")|\($0.3)" })
        XCTAssertEqual(inCatalogue, here, "every pair of kind-norms.csv has a row in this test")
    }

    func testEveryPairCapsItsKind() {
        for (kind, norm, area, st, ceiling) in Self.pairs {
            // One unit at one đồng above the ceiling: cut to the ceiling, and the citation fits (no NORM-KIND / NORM-AREA).
            let line = B.line("1", kind: kind, unit: "lần", unitPrice: ceiling + 1, norm: norm)
            let e = B().lines(line).conference {
                $0.area = VenueArea(rawValue: area ?? "city")!
                $0.stTask = st
            }.build()
            let a = appraise(e)
            let ids = a.allFindings.map(\.ruleID)
            XCTAssertTrue(ids.contains("NORM-CEILING"), "\(kind.rawValue) → \(norm): \(ids)")
            XCTAssertFalse(ids.contains("NORM-KIND") || ids.contains("NORM-AREA") || ids.contains("NORM-ST-TASK"), "\(kind.rawValue) → \(norm): \(ids)")
            if !kind.isNotPayable { assertMoney(a.lines[0].appraised, ceiling) }
        }
    }

    func testABlankNormCellIsHeldToTheKindsNorm() {
        // kind, area, S&T task, default ceiling (the lowest default pair in force).
        let cases: [(ItemKind, VenueArea, Bool, Int64)] = [
            (.meals, .city, false, 200_000), (.meals, .province, false, 150_000), (.meals, .commune, false, 100_000),
            (.refreshments, .city, false, 40_000), (.perDiem, .city, false, 300_000),
            (.lodging, .city, false, 1_000_000), (.lodging, .province, false, 700_000), (.lodging, .commune, false, 700_000),
            (.guestReception, .city, false, 30_000),
            (.paper, .city, true, 3_000_000), (.secretariat, .city, true, 500_000), (.speakerFee, .city, true, 2_000_000),
        ]
        for (kind, area, st, ceiling) in cases {
            let line = B.line("1", kind: kind, unit: "lần", quantity: Quantity(whole: 2), unitPrice: ceiling + 10_000, evidence: "Báo giá")
            let e = B().lines(line).conference { $0.area = area; $0.stTask = st }.build()
            let f = assertFinding(findings(NormCeiling(), e), rule: "NORM-CEILING", severity: .error, lineCode: "1")
            assertMoney(f?.cap, 2 * ceiling)
            XCTAssertTrue(f?.message.en.contains("cites no norm") ?? false, "\(kind.rawValue)")
        }
    }

    func testAMealLineAt300000WithABlankNormIsCut() {
        // The review's example: meal support priced at 300.000 with the norm cell blank used to pass.
        // 40 non-payroll delegates × 300.000 = 12.000.000 → 40 × 200.000 = 8.000.000.
        let meals = B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: 40), unitPrice: 300_000)
        assertMoney(appraise(B().lines(meals).build()).lines[0].appraised, 8_000_000)
    }

    func testKindsWithoutANormAskForEvidence() {
        let interpreting = B.line("1", kind: .interpreting, unit: "buổi", quantity: Quantity(whole: 2), unitPrice: 3_000_000)
        let withQuote = B.line("2", kind: .interpreting, unit: "buổi", unitPrice: 3_000_000, evidence: "Hợp đồng 01/2026")
        let lump = B.line("3", kind: .decoration, unit: "trọn gói", unitPrice: 6_000_000)         // LUMP-SUM's, not this rule's
        let gift = B.line("4", kind: .gift, unit: "suất", unitPrice: 500_000)                     // cut anyway
        let paper = B.line("5", kind: .paper, unit: "bài", unitPrice: 2_000_000)                  // no Hanoi level, not an S&T task
        let found = findings(PriceEvidence(), B().lines(interpreting, withQuote, lump, gift, paper).build())
        XCTAssertNil(assertFinding(found, rule: "PRICE-EVIDENCE", severity: .warning, lineCode: "1")?.cap)
        assertFinding(found, rule: "PRICE-EVIDENCE", severity: .warning, lineCode: "5")
        for code in ["2", "3", "4"] { assertNoFinding(found, rule: "PRICE-EVIDENCE", lineCode: code) }
    }

    // MARK: NORM-KIND

    func testACitedNormThatDoesNotFitTheKindIsCutToTheKindsNorm() {
        // Meal support citing the guest-reception meal (300.000): 10 × 300.000 → 10 × 200.000 = 2.000.000.
        let meals = B.line("3.8", kind: .meals, unit: "người/ngày", persons: Quantity(whole: 10), unitPrice: 300_000, norm: "guest-meal")
        let f = assertFinding(findings(NormKind(), B().lines(meals).build()), rule: "NORM-KIND", severity: .error, lineCode: "3.8")
        assertMoney(f?.cap, 2_000_000)
        XCTAssertTrue(f?.message.vi.contains("meal-support-city") ?? false)
        assertMoney(appraise(B().lines(meals).build()).lines[0].appraised, 2_000_000)
    }

    func testNormKindWithoutAReplacementKeepsTheAmount() {
        // A secretariat line citing a paper rate, ordinary conference: no norm applies to secretariat → no cap.
        let s = B.line("2.3", kind: .secretariat, unit: "báo cáo", unitPrice: 1_500_000, norm: "ws-paper-written")
        let f = assertFinding(findings(NormKind(), B().lines(s).build()), rule: "NORM-KIND", severity: .error, lineCode: "2.3")
        XCTAssertNil(f?.cap)
    }

    func testNormKindSilentWhenThePairExists() {
        let meals = B.line("3.8", kind: .meals, persons: Quantity(whole: 10), unitPrice: 200_000, norm: "meal-support-city")
        assertNoFinding(findings(NormKind(), B().lines(meals).build()), rule: "NORM-KIND")
    }

    // MARK: NORM-ST-TASK

    func testTT03RatesOutsideAnSTTaskAreAnError() {
        let paper = B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 10), unitPrice: 3_000_000, norm: "ws-paper-presented")
        let f = assertFinding(findings(NormSTTask(), B().lines(paper).build()), rule: "NORM-ST-TASK", severity: .error, lineCode: "2.1")
        XCTAssertNil(f?.cap)                                         // the bundled catalogue has no Hanoi level for papers
        assertNoFinding(findings(NormSTTask(), B().lines(paper).conference { $0.stTask = true }.build()), rule: "NORM-ST-TASK")
    }

    func testTT03RatesAreAppraisedByTheHanoiLevelWhenOneExists() throws {
        // A catalogue with a (made-up, test-only) Hanoi paper level of 2.000.000 as the default for papers:
        // 10 × 3.000.000 citing TT 03/2023 at an ordinary conference → 10 × 2.000.000 = 20.000.000.
        let base = Fixtures.catalogue
        let src = SourceLocation(file: "test")
        let hn = Norm(id: "hn-paper", name: Bilingual(vi: "Tham luận (mức Thành phố)", en: "Paper (city level)"),
                      ceiling: .amount(Money(2_000_000)), unit: Bilingual(vi: "đồng/bài", en: "dong/paper"), document: "NQ thử",
                      article: "", effectiveFrom: date(1, 1, 2018), effectiveTo: nil, status: .provisional, rounding: .halfUpToDong,
                      scope: nil, source: src)
        let cat = try Catalogue(norms: base.norms.values.flatMap { $0 } + [hn], budgetCodes: Array(base.budgetCodes.values),
                                kindNorms: base.kindNorms + [KindNorm(kind: .paper, normID: "hn-paper", family: "hn-paper", area: nil,
                                                                       stTaskOnly: false, isDefault: true, status: .provisional, source: src)])
        let paper = B.line("2.1", kind: .paper, unit: "bài", quantity: Quantity(whole: 10), unitPrice: 3_000_000, norm: "ws-paper-presented")
        let a = try Appraiser.appraise(B().lines(paper).build(), catalogue: cat)
        let f = assertFinding(a.lines[0].findings, rule: "NORM-ST-TASK", severity: .error, lineCode: "2.1")
        assertMoney(f?.cap, 20_000_000)
        assertMoney(a.lines[0].appraised, 20_000_000)
    }

    // MARK: QTY-HANDOUT

    func testHandoutsAreLimitedToTheDelegatesPlusTheReserve() {
        // 150 delegates + 20 % (provisional) = 180. 200 booklets × 80.000 → 180 × 80.000 = 14.400.000.
        let docs = B.line("1.3", kind: .documents, unit: "cuốn", quantity: Quantity(whole: 200), unitPrice: 80_000)
        let f = assertFinding(findings(QuantityHandout(), B().lines(docs).build()), rule: "QTY-HANDOUT", severity: .error, lineCode: "1.3")
        assertMoney(f?.cap, 14_400_000)
        XCTAssertEqual(f?.provisional, true)
        // A fractional reserve rounds down: 101 delegates × 20 % = 20,2 → 121.
        let small = B().lines(B.line("1", kind: .stationery, unit: "bộ", quantity: Quantity(whole: 122), unitPrice: 10_000))
            .conference { $0.delegates = 101; $0.delegatesNonPayroll = 0 }.build()
        assertMoney(assertFinding(findings(QuantityHandout(), small), rule: "QTY-HANDOUT", severity: .error, lineCode: "1")?.cap, 1_210_000)
    }

    func testHandoutsWithinTheLimitOrOtherUnitsAreSilent() {
        let atLimit = B.line("1", kind: .documents, unit: "cuốn", quantity: Quantity(whole: 180), unitPrice: 80_000)
        let invitations = B.line("2", kind: .invitations, unit: "bộ", quantity: Quantity(whole: 500), unitPrice: 12_000)
        let pages = B.line("3", kind: .documents, unit: "trang", quantity: Quantity(whole: 5_000), unitPrice: 500)
        assertNoFinding(findings(QuantityHandout(), B().lines(atLimit, invitations, pages).build()), rule: "QTY-HANDOUT")
    }

    // MARK: STAFF-FEE, ITEM-OWN-HALL, ITEM-STATE-HALL, ITEM-CONDITIONAL

    func testTheOrganisersOwnStaffAreNotPaidPresenterOrSecretaryRates() {
        var secretary = B.line("2.2", kind: .secretariat, unit: "người/buổi", persons: Quantity(whole: 4), unitPrice: 500_000)
        secretary.payee = "sở khoa học và công nghệ"                    // case does not matter
        let paper = B.line("2.1", kind: .paper, unit: "bài", unitPrice: 2_000_000, assignedTo: EstimateBuilder.organiser)
        var outsider = B.line("2.3", kind: .secretariat, unit: "báo cáo", unitPrice: 1_500_000)
        outsider.payee = "Chuyên gia ngoài Sở"
        var printing = B.line("1.1", unitPrice: 1_000_000)
        printing.payee = EstimateBuilder.organiser                       // not an honorarium
        let found = findings(StaffFee(), B().lines(secretary, paper, outsider, printing).build())
        assertMoney(assertFinding(found, rule: "STAFF-FEE", severity: .error, lineCode: "2.2")?.cap, 0)
        assertMoney(assertFinding(found, rule: "STAFF-FEE", severity: .error, lineCode: "2.1")?.cap, 0)
        assertNoFinding(found, rule: "STAFF-FEE", lineCode: "2.3")
        assertNoFinding(found, rule: "STAFF-FEE", lineCode: "1.1")
    }

    func testNoRentForTheOrganisersOwnHall() {
        let rent = B.line("3.6", kind: .hallRent, unit: "buổi", unitPrice: 15_000_000)
        let own = B().lines(rent).conference { $0.venueOwner = EstimateBuilder.organiser }.build()
        assertMoney(assertFinding(findings(OwnHallRent(), own), rule: "ITEM-OWN-HALL", severity: .error, lineCode: "3.6")?.cap, 0)
        assertNoFinding(findings(StateHallRent(), own), rule: "ITEM-STATE-HALL")
        let other = B().lines(rent).conference { $0.venueOwner = "Văn phòng Thành ủy" }.build()
        assertNoFinding(findings(OwnHallRent(), other), rule: "ITEM-OWN-HALL")
    }

    func testEquipmentHireIsConditionalLikeHallRent() {
        let screens = B.line("3.4", kind: .soundLight, unit: "m²", quantity: Quantity(whole: 24), unitPrice: 400_000, evidence: "Báo giá")
        let f = assertFinding(findings(ConditionalItem(), B().lines(screens).build()), rule: "ITEM-CONDITIONAL", severity: .warning, lineCode: "3.4")
        XCTAssertNil(f?.cap)
        XCTAssertTrue(f?.message.en.contains("projectors") ?? false)
    }

    // MARK: Meal-support eligibility

    func testMealSupportIsForDelegatesNotOnAnyPayroll() throws {
        let n = try XCTUnwrap(Fixtures.catalogue.norm("meal-support-city", on: date(20, 11, 2025)))
        XCTAssertTrue(n.name.vi.contains("không trong danh sách trả lương của cơ quan nhà nước, đơn vị sự nghiệp công lập, doanh nghiệp"))
        XCTAssertTrue(n.name.en.contains("not on the payroll of a state body, a public service unit or an enterprise"))
    }
}
