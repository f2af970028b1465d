import XCTest
import KinhPhi
import TestSupport

/// The real catalogue in fixtures/catalogue: every figure below is from the domain brief §3, computed by hand.
final class CatalogueTests: XCTestCase {
    let catalogue = Fixtures.catalogue
    let eventDay = date(20, 11, 2025)

    private func ceiling(_ id: String, on day: CivilDate) throws -> ResolvedNorm? {
        try catalogue.resolve(id, on: day)
    }

    func testLoadsEveryNormAndCode() {
        for id in ["meal-support-city", "meal-support-province", "meal-support-commune", "meal-collective-city", "meal-collective-province",
                   "meal-collective-commune", "refreshments", "lodging-city", "lodging-province", "handout-reserve",
                   "guest-refreshments", "guest-meal", "per-diem", "ws-chair", "ws-secretary", "ws-paper-presented",
                   "ws-paper-written", "ws-member", "base-salary", "award-city-merit", "award-certificate",
                   "pit-threshold", "pit-rate"] {
            XCTAssertTrue(catalogue.hasNorm(id), id)
        }
        XCTAssertEqual(catalogue.norms["per-diem"]?.count, 2)          // two effective-dated versions
        XCTAssertEqual(catalogue.budgetCodes.count, 23)                // 17 tiểu mục + 6 mục rows in budget-codes.csv
        XCTAssertEqual(catalogue.budgetCodes["6650"]?.kinds, [])       // a mục carries no item kind itself
        XCTAssertEqual(catalogue.budgetCodes["6658"]?.kinds, [.meals])
        XCTAssertEqual(catalogue.budgetCodes["6658"]?.group, "6650")
        XCTAssertEqual(catalogue.budgetCodes["6657"]?.kinds.count, 5)  // decoration; sound-light; art-programme; showcase; hired-service
        XCTAssertEqual(catalogue.normsFile, "norms.csv")
    }

    func testNormCarriesItsBasisAndSource() throws {
        let n = try XCTUnwrap(catalogue.norm("meal-support-city", on: eventDay))
        XCTAssertEqual(n.basis, "TT 40/2017/TT-BTC Điều 12 khoản 4")
        XCTAssertEqual(n.status, .confirmed)
        XCTAssertEqual(n.source, SourceLocation(file: "norms.csv", line: 2))
        XCTAssertEqual(n.effectiveFrom, date(1, 7, 2017))
        XCTAssertNil(n.effectiveTo)
    }

    func testAmountNorms() throws {
        assertMoney(try ceiling("meal-support-city", on: eventDay)?.ceiling, 200_000)
        let r = try XCTUnwrap(ceiling("refreshments", on: eventDay))
        assertMoney(r.ceiling, 40_000)
        XCTAssertTrue(r.provisional)                                   // the Hanoi level is provisional
        XCTAssertNil(r.norm.scope)
        XCTAssertNil(try ceiling("ws-paper-presented", on: eventDay)?.norm.scope)      // TT 03/2023's restriction is kind-norms.csv st_task now
        XCTAssertNotNil(try ceiling("per-diem", on: eventDay)?.norm.scope)             // paid by the sending body
    }

    func testMealCollectiveCapIsPercentOfMealSupport() throws {
        let r = try XCTUnwrap(ceiling("meal-collective-city", on: eventDay))
        assertMoney(r.ceiling, 260_000)                                // 130 % × 200.000 = 260.000
        XCTAssertFalse(r.provisional)                                  // both confirmed
        XCTAssertEqual(r.chain.map(\.id), ["meal-collective-city", "meal-support-city"])
        XCTAssertEqual(r.basis, "TT 40/2017/TT-BTC Điều 12 khoản 5; TT 40/2017/TT-BTC Điều 12 khoản 4")
        // Each area's collective level is 130 % of that area's rate: 130 % × 150.000 = 195.000; 130 % × 100.000 = 130.000.
        assertMoney(try ceiling("meal-collective-province", on: eventDay)?.ceiling, 195_000)
        assertMoney(try ceiling("meal-collective-commune", on: eventDay)?.ceiling, 130_000)
    }

    func testAwardCityMerit() throws {
        let r = try XCTUnwrap(ceiling("award-city-merit", on: eventDay))
        assertMoney(r.ceiling, 3_510_000)                              // 1,5 × 2.340.000 = 3.510.000, already a multiple of 10.000
        XCTAssertTrue(r.provisional)
        XCTAssertEqual(r.norm.rounding, .upToTenThousand)
        XCTAssertEqual(r.chain.map(\.id), ["award-city-merit", "base-salary"])
    }

    func testAwardCertificateRoundsUpToTenThousand() throws {
        let r = try XCTUnwrap(ceiling("award-certificate", on: eventDay))
        assertMoney(r.ceiling, 710_000)                                // 0,3 × 2.340.000 = 702.000 → up to 710.000
        XCTAssertTrue(r.provisional)
    }

    func testAwardsNotInForceBeforeNĐ152() throws {
        XCTAssertNil(try ceiling("award-city-merit", on: date(30, 6, 2025)))   // NĐ 152/2025 from 01/07/2025
        XCTAssertNotNil(try ceiling("award-city-merit", on: date(1, 7, 2025)))
    }

    func testPerDiemIsEffectiveDated() throws {
        let late = try XCTUnwrap(ceiling("per-diem", on: eventDay))
        assertMoney(late.ceiling, 300_000)                             // TT 12/2025 from 04/05/2025
        XCTAssertTrue(late.provisional)
        let early = try XCTUnwrap(ceiling("per-diem", on: date(1, 1, 2025)))
        assertMoney(early.ceiling, 200_000)                            // TT 40/2017 until 03/05/2025
        XCTAssertFalse(early.provisional)
        assertMoney(try ceiling("per-diem", on: date(3, 5, 2025))?.ceiling, 200_000)   // last day of the old level
        assertMoney(try ceiling("per-diem", on: date(4, 5, 2025))?.ceiling, 300_000)   // first day of the new level
    }

    func testPITThresholdChangesOn1July2026() throws {
        assertMoney(try ceiling("pit-threshold", on: eventDay)?.ceiling, 2_000_000)
        assertMoney(try ceiling("pit-threshold", on: date(30, 6, 2026))?.ceiling, 2_000_000)
        let later = try XCTUnwrap(ceiling("pit-threshold", on: date(1, 7, 2026)))
        assertMoney(later.ceiling, 5_000_000)
        XCTAssertTrue(later.provisional)
    }

    func testBareRate() throws {
        let (rate, norm) = try XCTUnwrap(catalogue.rate("pit-rate", on: eventDay))
        assertQuantity(rate, mantissa: 1, scale: 1)                   // 10 % = 0,1
        XCTAssertEqual(norm.id, "pit-rate")
        XCTAssertNil(try ceiling("pit-rate", on: eventDay))            // a rate is not a money ceiling
        XCTAssertNil(catalogue.rate("base-salary", on: eventDay))      // an amount is not a rate
    }

    func testUnknownOrNotYetInForce() throws {
        XCTAssertNil(try ceiling("no-such-norm", on: eventDay))
        XCTAssertFalse(catalogue.hasNorm("no-such-norm"))
        XCTAssertNil(try ceiling("meal-support-city", on: date(30, 6, 2017)))  // before TT 40/2017
        XCTAssertNil(catalogue.norm("ws-chair", on: date(28, 2, 2023)))
    }
}

/// Catalogue validation: each problem is an InputError naming the file, line and column.
final class CatalogueValidationTests: XCTestCase {
    static let normsHeader = "id,name_vi,name_en,kind,ceiling,of,unit_vi,unit_en,document,article,effective_from,effective_to,status,rounding,scope_vi,scope_en\n"
    static let codesHeader = "code,group,name_vi,name_en,kinds,status\n"
    static let goodCodes = codesHeader + "6658,6650,Chi bù tiền ăn,Meal support,meals,provisional\n"
    static let baseSalary = "base-salary,Lương cơ sở,Base salary,amount,2.340.000,,đ/tháng,,NĐ 73/2024,,01/07/2024,,confirmed,,,\n"

    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    private func load(norms: String, codes: String = goodCodes) throws -> Catalogue {
        try CatalogueLoader.load(normsPath: tmp.write("norms.csv", norms), budgetCodesPath: tmp.write("budget-codes.csv", codes),
                                 normsName: "norms.csv", budgetCodesName: "budget-codes.csv")
    }

    func testMinimalCatalogueLoads() throws {
        let c = try load(norms: Self.normsHeader + Self.baseSalary)
        assertMoney(try c.resolve("base-salary", on: date(20, 11, 2025))?.ceiling, 2_340_000)
        XCTAssertEqual(c.norm("base-salary", on: date(20, 11, 2025))?.unit.en, "đ/tháng")   // blank unit_en falls back to unit_vi
        XCTAssertEqual(c.norm("base-salary", on: date(20, 11, 2025))?.rounding, .halfUpToDong)  // blank rounding = dong
    }

    func testOverlappingEffectiveRanges() {
        let norms = Self.normsHeader
            + "x,X,X,amount,100,,đ,,TT 1,,01/01/2025,,confirmed,,,\n"            // line 2: open-ended
            + "x,X,X,amount,200,,đ,,TT 2,,01/06/2025,,confirmed,,,\n"            // line 3: starts inside line 2's range
        let e = assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 3, field: "effective_from")
        guard case .inconsistent(let text)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertTrue(text.en.contains("line 2"), text.en)
    }

    func testOverlapOnTheSameDay() {
        // line 3 starts the day line 2 ends: one day with two levels. Listed newest first to check sorting.
        let norms = Self.normsHeader
            + "x,X,X,amount,200,,đ,,TT 2,,31/05/2025,,confirmed,,,\n"
            + "x,X,X,amount,100,,đ,,TT 1,,01/01/2025,31/05/2025,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 2, field: "effective_from")
    }

    func testAdjacentRangesAreFine() throws {
        let norms = Self.normsHeader
            + "x,X,X,amount,100,,đ,,TT 1,,01/01/2025,31/05/2025,confirmed,,,\n"
            + "x,X,X,amount,200,,đ,,TT 2,,01/06/2025,,confirmed,,,\n"
        let c = try load(norms: norms)
        assertMoney(try c.resolve("x", on: date(31, 5, 2025))?.ceiling, 100)
        assertMoney(try c.resolve("x", on: date(1, 6, 2025))?.ceiling, 200)
    }

    func testEffectiveToBeforeFrom() {
        let norms = Self.normsHeader + "x,X,X,amount,100,,đ,,TT 1,,01/06/2025,31/05/2025,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 2, field: "effective_to")
    }

    func testPercentReferringToUnknownID() {
        let norms = Self.normsHeader + Self.baseSalary
            + "cap,Cap,Cap,percent,130,meal-support-town,%,,TT 40,,01/07/2017,,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 3, field: "of",
                               problem: .unknownReference(kind: Bilingual(vi: "định mức", en: "norm"), id: "meal-support-town"))
    }

    func testCoefficientReferringToUnknownID() {
        let norms = Self.normsHeader
            + "award,Award,Award,coefficient,\"1,5\",base-salry,đ,,NĐ 152,,01/07/2025,,provisional,up-10000,,\n"
        let e = assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 2, field: "of")
        guard case .unknownReference(_, let id)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(id, "base-salry")
    }

    func testReferenceToItself() {
        let norms = Self.normsHeader + "loop,L,L,percent,50,loop,%,,TT,,01/01/2025,,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), atLine: 2, field: "of")
    }

    func testCoefficientNeedsABase() {
        let norms = Self.normsHeader + "award,Award,Award,coefficient,\"1,5\",,đ,,NĐ 152,,01/07/2025,,provisional,,,\n"
        assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 2, field: "of", problem: .required)
    }

    func testBadCeilingNumber() {
        let norms = Self.normsHeader + Self.baseSalary + "x,X,X,amount,200.00,,đ,,TT 1,,01/01/2025,,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 3, field: "ceiling",
                               problem: .badNumber(.badGrouping, text: "200.00"))
    }

    func testDecimalCeilingForAnAmount() {
        let norms = Self.normsHeader + "x,X,X,amount,\"40.000,5\",,đ,,TT 1,,01/01/2025,,confirmed,,,\n"
        assertThrowsInputError(try load(norms: norms), atLine: 2, field: "ceiling", problem: .badNumber(.decimalInMoney, text: "40.000,5"))
    }

    func testBadStatus() {
        let norms = Self.normsHeader + "x,X,X,amount,100,,đ,,TT 1,,01/01/2025,,tentative,,,\n"
        let e = assertThrowsInputError(try load(norms: norms), inFile: "norms.csv", atLine: 2, field: "status")
        guard case .badValue(let text, _)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(text, "tentative")
    }

    func testBadKindRoundingDateAndID() {
        assertThrowsInputError(try load(norms: Self.normsHeader + "x,X,X,money,100,,đ,,TT,,01/01/2025,,confirmed,,,\n"),
                               atLine: 2, field: "kind")
        assertThrowsInputError(try load(norms: Self.normsHeader + "x,X,X,amount,100,,đ,,TT,,01/01/2025,,confirmed,down,,\n"),
                               atLine: 2, field: "rounding")
        assertThrowsInputError(try load(norms: Self.normsHeader + "x,X,X,amount,100,,đ,,TT,,31/02/2025,,confirmed,,,\n"),
                               atLine: 2, field: "effective_from", problem: .badDate(text: "31/02/2025"))
        assertThrowsInputError(try load(norms: Self.normsHeader + "Meal_City,X,X,amount,100,,đ,,TT,,01/01/2025,,confirmed,,,\n"),
                               atLine: 2, field: "id")
    }

    func testMissingNormColumn() {
        let header = "id,name_vi,name_en,kind,ceiling,of,unit_vi,document,effective_from\n"
        assertThrowsInputError(try load(norms: header), inFile: "norms.csv", atLine: 1, field: "status", problem: .missingColumn("status"))
    }

    func testDuplicateBudgetCode() {
        let codes = Self.codesHeader
            + "6651,6650,In tài liệu,Documents,documents,provisional\n"
            + "6658,6650,Chi bù tiền ăn,Meal support,meals,provisional\n"
            + "6651,6650,In tài liệu (lặp),Documents,stationery,provisional\n"
        let e = assertThrowsInputError(try load(norms: Self.normsHeader + Self.baseSalary, codes: codes),
                                       inFile: "budget-codes.csv", atLine: 4, field: "code")
        guard case .duplicate(_, let id, let firstLine)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(id, "6651")
        XCTAssertEqual(firstLine, 2)
    }

    func testUnknownKindInBudgetCodes() {
        let codes = Self.codesHeader + "6658,6650,Chi bù tiền ăn,Meal support,meals; catering,provisional\n"
        assertThrowsInputError(try load(norms: Self.normsHeader + Self.baseSalary, codes: codes), inFile: "budget-codes.csv",
                               atLine: 2, field: "kinds", problem: .badValue(text: "catering", expected: ItemKind.expected))
    }

    func testBudgetCodeMustBeFourDigits() {
        let codes = Self.codesHeader + "665,6650,X,X,meals,provisional\n"
        assertThrowsInputError(try load(norms: Self.normsHeader + Self.baseSalary, codes: codes), atLine: 2, field: "code")
        let group = Self.codesHeader + "6658,66A0,X,X,meals,provisional\n"
        assertThrowsInputError(try load(norms: Self.normsHeader + Self.baseSalary, codes: group), atLine: 2, field: "group")
    }
}
