import XCTest
import KinhPhi
import TestSupport

/// Loading a workspace folder (conference.csv, estimate.csv, the catalogue) from a fresh temp directory.
final class EstimateLoaderTests: XCTestCase {
    // Lines: 1 header, 2 name, 3 organiser, 4 event_date, 5 sessions, 6 place, 7 state_venue, 8 area,
    // 9 delegates, 10 delegates_non_payroll, 11 papers_planned, 12 budget_cap, 13 funding_source, 14 norms,
    // 15 budget_codes.
    static let conference = ConferenceCSV.text(extra: [
        ("budget_cap", "150.000.000"), ("funding_source", "Ngân sách Thành phố năm 2025"),
        ("norms", "norms.csv"), ("budget_codes", "budget-codes.csv")])

    static let header = "section,line,description,kind,budget_code,unit,quantity,persons,sessions,unit_price,amount,norm,basis,assigned_to,evidence\n"
    // Lines: 2, 3, 4 (subtotal of I), 5, 6.
    static let estimate = header + """
        I. Chuẩn bị,1,In tài liệu,documents,6651,bộ,150,,,20.000,3.000.000,,,,Báo giá số 12
        I. Chuẩn bị,2,"Nước uống, giải khát giữa giờ",refreshments,6699,người/buổi,1,150,1,40.000,6.000.000,refreshments,TT 40/2017,,
        I. Chuẩn bị,,Cộng mục I,subtotal,,,,,,,9.000.000,,,,
        II. Hội nghị,3,Tham luận,paper,6652,bài,10,,,1.500.000,15.000.000,ws-paper-written,,,
        II. Hội nghị,4,Thư ký nửa buổi,secretariat,6699,người,"0,5",2,,500.000,500.000,,,Văn phòng UBND,

        """

    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    var estimateFile: String { tmp.path + "/estimate.csv" }
    var conferenceFile: String { tmp.path + "/conference.csv" }

    /// Writes the workspace; the catalogue comes from fixtures/catalogue (overriding the conference's entries).
    private func load(conference: String = conference, estimate: String) throws -> LoadedEstimate {
        tmp.write("conference.csv", conference)
        tmp.write("estimate.csv", estimate)
        return try EstimateLoader.load(Workspace(path: tmp.path), normsPath: Fixtures.normsPath, budgetCodesPath: Fixtures.budgetCodesPath)
    }

    /// The estimate with one row replaced.
    private func estimate(replacing old: String, with new: String) -> String {
        precondition(Self.estimate.contains(old))
        return Self.estimate.replacingOccurrences(of: old, with: new)
    }

    // MARK: Happy path

    func testLoadsConferenceFacts() throws {
        let c = try load(estimate: Self.estimate).estimate.conference
        XCTAssertEqual(c.name, "Hội nghị gặp mặt chuyên gia năm 2025")
        XCTAssertEqual(c.organiser, "Sở Khoa học và Công nghệ")
        XCTAssertEqual(c.eventDate, date(20, 11, 2025))
        XCTAssertEqual(c.sessions, 1)
        XCTAssertEqual(c.place, "Hội trường tầng 1, 9 Ngô Quyền")
        XCTAssertTrue(c.stateVenue)
        XCTAssertEqual(c.area, .city)
        XCTAssertEqual(c.delegates, 150)
        XCTAssertEqual(c.delegatesNonPayroll, 50)
        XCTAssertEqual(c.papersPlanned, 10)
        assertMoney(c.budgetCap, 150_000_000)
        XCTAssertEqual(c.fiscalYear, 2025)                          // defaults to the event's year
        XCTAssertEqual(c.adjustmentPeriodEnd, date(31, 1, 2026))   // defaults to 31/01 of the next year
        XCTAssertNil(c.statedTotal)
        XCTAssertEqual(c.source, conferenceFile)
    }

    func testLoadsSectionsAndLines() throws {
        let e = try load(estimate: Self.estimate).estimate
        XCTAssertEqual(e.sections.map(\.title), ["I. Chuẩn bị", "II. Hội nghị"])
        XCTAssertEqual(e.lines.map(\.code), ["1", "2", "3", "4"])
        assertMoney(e.sections[0].statedSubtotal, 9_000_000)
        XCTAssertEqual(e.sections[0].subtotalSource, SourceLocation(file: estimateFile, line: 4, field: "amount"))
        XCTAssertNil(e.sections[1].statedSubtotal)

        let refreshments = e.lines[1]
        XCTAssertEqual(refreshments.description, "Nước uống, giải khát giữa giờ")
        XCTAssertEqual(refreshments.kind, .refreshments)
        XCTAssertEqual(refreshments.budgetCode, "6699")
        XCTAssertEqual(refreshments.quantity, Quantity(whole: 1))
        XCTAssertEqual(refreshments.persons, Quantity(whole: 150))
        XCTAssertEqual(refreshments.sessions, Quantity(whole: 1))
        assertMoney(refreshments.unitPrice, 40_000)
        assertMoney(refreshments.statedAmount, 6_000_000)
        XCTAssertEqual(refreshments.normID, "refreshments")
        XCTAssertEqual(refreshments.basis, "TT 40/2017")
        XCTAssertEqual(refreshments.source, SourceLocation(file: estimateFile, line: 3))

        let documents = e.lines[0]
        XCTAssertNil(documents.persons)
        XCTAssertNil(documents.normID)
        XCTAssertEqual(documents.evidence, "Báo giá số 12")

        let secretary = e.lines[3]
        assertQuantity(secretary.quantity, mantissa: 5, scale: 1)   // 0,5
        XCTAssertEqual(secretary.assignedTo, "Văn phòng UBND")
        XCTAssertEqual(secretary.source.line, 6)
        assertMoney(try secretary.computedAmount(), 500_000)        // 0,5 × 2 × 500.000
    }

    func testCatalogueFromTheConferenceFile() throws {
        tmp.copy(Fixtures.normsPath, as: "norms.csv")
        tmp.copy(Fixtures.budgetCodesPath, as: "budget-codes.csv")
        tmp.write("conference.csv", Self.conference)
        tmp.write("estimate.csv", Self.estimate)
        let loaded = try EstimateLoader.load(Workspace(path: tmp.path))
        assertMoney(try loaded.catalogue.resolve("refreshments", on: date(20, 11, 2025))?.ceiling, 40_000)
        XCTAssertEqual(loaded.catalogue.normsFile, tmp.path + "/norms.csv")
    }

    func testAbsoluteCataloguePathsInTheConferenceFile() throws {
        let conf = Self.conference
            .replacingOccurrences(of: "norms,norms.csv\n", with: "norms,\(Fixtures.normsPath)\n")
            .replacingOccurrences(of: "budget_codes,budget-codes.csv\n", with: "budget_codes,\(Fixtures.budgetCodesPath)\n")
        tmp.write("conference.csv", conf)
        tmp.write("estimate.csv", Self.estimate)
        let loaded = try EstimateLoader.load(Workspace(path: tmp.path))
        XCTAssertEqual(loaded.catalogue.normsFile, Fixtures.normsPath)
    }

    func testWorkspacePathWithTrailingSlash() throws {
        tmp.write("conference.csv", Self.conference)
        tmp.write("estimate.csv", Self.estimate)
        let ws = try Workspace(path: tmp.path + "/")
        XCTAssertEqual(ws.file("estimate.csv"), tmp.path + "/estimate.csv")
        XCTAssertEqual(try EstimateLoader.load(ws, normsPath: Fixtures.normsPath, budgetCodesPath: Fixtures.budgetCodesPath)
            .estimate.lines.count, 4)
    }

    func testCRLFAndBOMFromASpreadsheet() throws {
        tmp.write("conference.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(Self.conference.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        tmp.write("estimate.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(Self.estimate.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        let e = try EstimateLoader.load(Workspace(path: tmp.path), normsPath: Fixtures.normsPath, budgetCodesPath: Fixtures.budgetCodesPath).estimate
        XCTAssertEqual(e.conference.delegates, 150)
        XCTAssertEqual(e.lines.map(\.source.line), [2, 3, 5, 6])
    }

    // MARK: Estimate errors

    func testMalformedUnitPrice() {
        let bad = estimate(replacing: "người/buổi,1,150,1,40.000,", with: "người/buổi,1,150,1,40.00,")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 3, field: "unit_price",
                               problem: .badNumber(.badGrouping, text: "40.00"))
    }

    func testEnglishGroupedAmount() {
        let bad = estimate(replacing: "20.000,3.000.000", with: "20.000,\"3,000,000\"")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 2, field: "amount",
                               problem: .badNumber(.thousandsComma(suggested: "3.000.000"), text: "3,000,000"))
    }

    func testMalformedQuantity() {
        let bad = estimate(replacing: "người,\"0,5\",2", with: "người,0.5,2")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 6, field: "quantity",
                               problem: .badNumber(.decimalPoint(suggested: "0,5"), text: "0.5"))
    }

    func testMissingColumn() {
        let noPrice = Self.estimate.replacingOccurrences(of: "unit_price,", with: "price,")
        assertThrowsInputError(try load(estimate: noPrice), inFile: estimateFile, atLine: 1, field: "unit_price",
                               problem: .missingColumn("unit_price"))
    }

    func testUnknownNormID() {
        let bad = estimate(replacing: "6.000.000,refreshments,", with: "6.000.000,refreshment,")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 3, field: "norm",
                               problem: .unknownReference(kind: Bilingual(vi: "định mức", en: "norm"), id: "refreshment"))
    }

    func testUnknownKind() {
        let bad = estimate(replacing: "In tài liệu,documents,", with: "In tài liệu,Reception,")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 2, field: "kind",
                               problem: .badValue(text: "Reception", expected: ItemKind.expected))
    }

    func testDuplicateLineCode() {
        let bad = estimate(replacing: "II. Hội nghị,3,", with: "II. Hội nghị,1,")
        let e = assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 5, field: "line")
        guard case .duplicate(_, let id, let firstLine)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(id, "1")
        XCTAssertEqual(firstLine, 2)
    }

    func testNonUTF8Bytes() {
        tmp.write("conference.csv", Self.conference)
        // "Tham lu" + 0xE2 (a lead byte of "ậ" without its continuation bytes) on line 5 — what a Windows-1258 file looks like.
        let text = Self.estimate
        let cut = text.range(of: "Tham luận")!
        let before = Array(text[..<cut.lowerBound].utf8) + Array("Tham lu".utf8)
        let bytes = before + [0xE2, 0x6E] + Array(text[cut.upperBound...].utf8)
        tmp.write("estimate.csv", bytes: bytes)
        assertThrowsInputError(try EstimateLoader.load(Workspace(path: tmp.path), normsPath: Fixtures.normsPath,
                                                       budgetCodesPath: Fixtures.budgetCodesPath),
                               inFile: estimateFile, atLine: 5, field: nil, problem: .notUTF8(byteOffset: before.count))
    }

    func testEmptyEstimateFile() {
        assertThrowsInputError(try load(estimate: ""), inFile: estimateFile, atLine: nil, field: nil, problem: .emptyFile)
    }

    func testHeaderOnlyEstimate() {
        let e = assertThrowsInputError(try load(estimate: Self.header), inFile: estimateFile, atLine: nil, field: nil)
        guard case .inconsistent? = e?.problem else { return XCTFail("\(String(describing: e))") }
    }

    func testEmptyRequiredCell() {
        let bad = estimate(replacing: "I. Chuẩn bị,1,In tài liệu,", with: "I. Chuẩn bị,1,,")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 2, field: "description", problem: .required)
    }

    func testSectionsMustBeConsecutive() {
        let bad = Self.estimate + "I. Chuẩn bị,9,Thêm,documents,6651,bộ,1,,,1.000,1.000,,,,\n"
        let e = assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 7, field: "section")
        guard case .inconsistent? = e?.problem else { return XCTFail("\(String(describing: e))") }
    }

    func testSecondSubtotalInASection() {
        let bad = estimate(replacing: "I. Chuẩn bị,,Cộng mục I,subtotal,,,,,,,9.000.000,,,,\n",
                           with: "I. Chuẩn bị,,Cộng mục I,subtotal,,,,,,,9.000.000,,,,\nI. Chuẩn bị,,Cộng,subtotal,,,,,,,1,,,,\n")
        assertThrowsInputError(try load(estimate: bad), inFile: estimateFile, atLine: 5, field: "kind")
    }

    // MARK: Workspace and conference errors

    func testMissingWorkspaceFolder() {
        let missing = tmp.path + "/no-such-folder"
        assertThrowsInputError(try Workspace(path: missing), inFile: missing, atLine: nil, field: nil, problem: .folderNotFound)
        let file = tmp.write("conference.csv", Self.conference)
        assertThrowsInputError(try Workspace(path: file), inFile: file, atLine: nil, field: nil, problem: .notAFolder)      // a file is not a workspace
    }

    func testMissingConferenceFile() {
        tmp.write("estimate.csv", Self.estimate)
        assertThrowsInputError(try EstimateLoader.load(Workspace(path: tmp.path)), inFile: conferenceFile, atLine: nil, field: nil,
                               problem: .fileNotFound)
    }

    func testMissingCatalogueFile() {
        tmp.write("conference.csv", Self.conference)   // names norms.csv, which is not in the folder
        tmp.write("estimate.csv", Self.estimate)
        let e = assertThrowsInputError(try EstimateLoader.load(Workspace(path: tmp.path)), inFile: tmp.path + "/norms.csv",
                                       atLine: nil, field: nil, problem: .fileNotFound)
        // Where the path came from (row 14 of conference.csv, relative to the workspace) and how to use the
        // built-in catalogue instead.
        XCTAssertEqual(e?.message(.vi), "\(tmp.path)/norms.csv: không tìm thấy tệp; đường dẫn lấy từ \(conferenceFile), dòng 14, "
                       + "trường \"norms\" (norms.csv), tính từ thư mục hồ sơ; để dùng danh mục có sẵn trong chương trình, để trống giá trị này (hoặc xóa dòng)")
        XCTAssertTrue(e?.message(.en).contains("line 14, field \"norms\"") == true, e?.message(.en) ?? "")
    }

    func testMissingCatalogueFileNamedByAnOption() {
        tmp.write("conference.csv", Self.conference)
        tmp.write("estimate.csv", Self.estimate)
        let e = assertThrowsInputError(try EstimateLoader.load(Workspace(path: tmp.path), normsPath: "khong-co/norms.csv"),
                                       inFile: "khong-co/norms.csv", atLine: nil, field: nil, problem: .fileNotFound)
        XCTAssertEqual(e?.hint?.vi, "đường dẫn lấy từ tùy chọn --norms, tính từ thư mục hiện tại; bỏ --norms (và để trống trường norms "
                       + "của conference.csv) để dùng danh mục có sẵn trong chương trình")
    }

    /// Without norms and budget_codes rows the built-in catalogue is used: the same tables as
    /// fixtures/catalogue (their text is compiled in), named built-in:… .
    func testNoCatalogueEntriesUseTheBuiltInCatalogue() throws {
        let conf = Self.conference.replacingOccurrences(of: "norms,norms.csv\n", with: "").replacingOccurrences(of: "budget_codes,budget-codes.csv\n", with: "")
        tmp.write("conference.csv", conf)
        tmp.write("estimate.csv", Self.estimate)
        let loaded = try EstimateLoader.load(Workspace(path: tmp.path))
        XCTAssertEqual(loaded.catalogue.normsFile, "built-in:norms.csv")
        XCTAssertEqual(loaded.catalogue.budgetCodesFile, "built-in:budget-codes.csv")
        XCTAssertEqual(loaded.catalogue.origin, CatalogueOrigin())
        XCTAssertEqual(loaded.catalogue.normsText, Array(try String(contentsOfFile: Fixtures.normsPath, encoding: .utf8).utf8))
        XCTAssertEqual(Set(loaded.catalogue.norms.keys), Set(Fixtures.catalogue.norms.keys))
        XCTAssertEqual(loaded.catalogue.kindNorms.count, Fixtures.catalogue.kindNorms.count)
        XCTAssertFalse(loaded.catalogue.kindNorms.isEmpty)
        XCTAssertFalse(loaded.catalogue.legalBases.isEmpty)
        XCTAssertFalse(loaded.catalogue.descriptionPatterns.isEmpty)
        // refreshments, cited by line 2, is found in it.
        XCTAssertEqual(loaded.estimate.lines[1].normID, "refreshments")
    }

    func testMalformedDelegates() {
        let conf = Self.conference.replacingOccurrences(of: "delegates,150\n", with: "delegates,150 người\n")
        assertThrowsInputError(try load(conference: conf, estimate: Self.estimate), inFile: conferenceFile, atLine: 9,
                               field: "delegates", problem: .badNumber(.invalidCharacter(" "), text: "150 người"))
    }

    func testMissingEventDate() {
        let conf = Self.conference.replacingOccurrences(of: "event_date,20/11/2025\n", with: "")
        assertThrowsInputError(try load(conference: conf, estimate: Self.estimate), inFile: conferenceFile, atLine: nil,
                               field: "event_date", problem: .required)
    }

    func testPapersPlannedIsRequired() {
        let conf = Self.conference.replacingOccurrences(of: "papers_planned,10\n", with: "")
        assertThrowsInputError(try load(conference: conf, estimate: Self.estimate), inFile: conferenceFile, atLine: nil,
                               field: "papers_planned", problem: .required)
    }

    func testBadEventDate() {
        let conf = Self.conference.replacingOccurrences(of: "event_date,20/11/2025\n", with: "event_date,31/11/2025\n")
        assertThrowsInputError(try load(conference: conf, estimate: Self.estimate), inFile: conferenceFile, atLine: 4,
                               field: "event_date", problem: .badDate(text: "31/11/2025"))
    }

    func testNonPayrollAboveDelegates() {
        let conf = Self.conference.replacingOccurrences(of: "delegates_non_payroll,50\n", with: "delegates_non_payroll,151\n")
        let e = assertThrowsInputError(try load(conference: conf, estimate: Self.estimate), inFile: conferenceFile, atLine: 10,
                                       field: "delegates_non_payroll")
        guard case .inconsistent? = e?.problem else { return XCTFail("\(String(describing: e))") }
    }

    func testBadStateVenueAndArea() {
        let venue = Self.conference.replacingOccurrences(of: "state_venue,yes\n", with: "state_venue,maybe\n")
        assertThrowsInputError(try load(conference: venue, estimate: Self.estimate), atLine: 7, field: "state_venue")
        let area = Self.conference.replacingOccurrences(of: "area,city\n", with: "area,suburb\n")
        assertThrowsInputError(try load(conference: area, estimate: Self.estimate), atLine: 8, field: "area")
    }

    func testVietnameseYesNo() throws {
        let conf = Self.conference.replacingOccurrences(of: "state_venue,yes\n", with: "state_venue,Không\n")
        XCTAssertFalse(try load(conference: conf, estimate: Self.estimate).estimate.conference.stateVenue)
    }

    func testUnknownAndDuplicateConferenceFields() {
        let unknown = Self.conference + "venue,9 Ngô Quyền\n"
        assertThrowsInputError(try load(conference: unknown, estimate: Self.estimate), inFile: conferenceFile, atLine: 16, field: "field")
        let twice = Self.conference + "delegates,120\n"
        let e = assertThrowsInputError(try load(conference: twice, estimate: Self.estimate), inFile: conferenceFile, atLine: 16, field: "field")
        guard case .duplicate(_, let id, let firstLine)? = e?.problem else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(id, "delegates")
        XCTAssertEqual(firstLine, 9)
    }

    // MARK: Plan facts, S&T task, venue owner, appraiser (issue 12)

    func testPlanFactsAndAppraiserAreConferenceFields() throws {
        let conf = ConferenceCSV.text(extra: [
            ("plan", "\"Kế hoạch số 45/KH-SKHCN ngày 15/07/2026\""), ("plan_thrift", "\"mục I.2: tiết kiệm, hiệu quả\""),
            ("st_task", "yes"), ("venue_owner", "Văn phòng Thành ủy"), ("appraisal_notice", "1234/TB-STC"),
            ("appraisal_date", "05/10/2026")])
        let c = try load(conference: conf, estimate: Self.estimate).estimate.conference
        XCTAssertEqual(c.plan, "Kế hoạch số 45/KH-SKHCN ngày 15/07/2026")
        XCTAssertEqual(c.planThrift, "mục I.2: tiết kiệm, hiệu quả")
        XCTAssertTrue(c.stTask)
        XCTAssertEqual(c.venueOwner, "Văn phòng Thành ủy")
        XCTAssertFalse(c.ownVenue)
        XCTAssertEqual(c.appraiser, "Sở Tài chính")                      // the default
        XCTAssertEqual(c.appraisalNotice, "1234/TB-STC")
        XCTAssertEqual(c.appraisalDate, date(5, 10, 2026))
    }

    func testDefaultsWithoutTheNewFields() throws {
        let c = try load(estimate: Self.estimate).estimate.conference
        XCTAssertFalse(c.stTask)                                          // an ordinary conference unless stated
        XCTAssertEqual(c.plan, "")
        XCTAssertEqual(c.venueOwner, "")
        XCTAssertNil(c.appraisalDate)
    }

    func testBadStTaskAndAppraisalDate() {
        assertThrowsInputError(try load(conference: ConferenceCSV.text(extra: [("st_task", "maybe")]), estimate: Self.estimate),
                               inFile: conferenceFile, atLine: 12, field: "st_task",
                               problem: .badValue(text: "maybe", expected: InputNames.yesNoExpected))
        assertThrowsInputError(try load(conference: ConferenceCSV.text(extra: [("appraisal_date", "31/02/2026")]), estimate: Self.estimate),
                               inFile: conferenceFile, atLine: 12, field: "appraisal_date", problem: .badDate(text: "31/02/2026"))
    }

    func testPayeeColumnIsRead() throws {
        let text = Self.estimate.replacingOccurrences(of: "assigned_to,evidence\n", with: "assigned_to,evidence,payee\n")
            .replacingOccurrences(of: ",,Báo giá số 12\n", with: ",,Báo giá số 12,Công ty In Hà Nội\n")
        let lines = try load(estimate: text).estimate.lines
        XCTAssertEqual(lines[0].payee, "Công ty In Hà Nội")
        XCTAssertEqual(lines[1].payee, "")
    }
}
