import Foundation
import XCTest
import KinhPhi
import TestSupport

/// The catalogue built into the program (issue 13, item 2) and what is compiled in with it: the text equals
/// the repository's files byte for byte (so they cannot drift: an edited CSV fails here until
/// tools/embed/run.sh is run), a workspace naming no catalogue uses it, a workspace's override rows replace
/// built-in rows by id (norms) or code (budget codes), and an approval keeps the text it was judged by.
final class BuiltInCatalogueTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    static func file(_ path: String) throws -> [UInt8] {
        Array(try XCTUnwrap(FileManager.default.contents(atPath: Fixtures.repoRoot + "/" + path)))
    }

    // MARK: Drift

    func testEveryCompiledInTableEqualsItsFileByteForByte() throws {
        for t in BuiltInCatalogue.Table.allCases {
            let bytes = try Self.file("fixtures/catalogue/" + t.fileName)
            XCTAssertFalse(bytes.isEmpty)
            // Compared whole (a message of hashes, not of bytes).
            XCTAssertTrue(BuiltInCatalogue.bytes(t) == bytes, "\(t.fileName) differs from its compiled-in copy: run tools/embed/run.sh")
            XCTAssertEqual(SHA256.hash(BuiltInCatalogue.bytes(t)).hex, SHA256.hash(bytes).hex, t.fileName)
        }
        // The five files are all there is in fixtures/catalogue: a new table must be compiled in too.
        let listed = try FileManager.default.contentsOfDirectory(atPath: Fixtures.repoRoot + "/fixtures/catalogue").filter { $0.hasSuffix(".csv") }
        XCTAssertEqual(Set(listed), Set(BuiltInCatalogue.Table.allCases.map(\.fileName)))
    }

    func testTheInitTemplatesEqualTheirFilesByteForByte() throws {
        let pairs: [(String, String)] = [
            ("fixtures/init/conference.csv", WorkspaceTemplate.conferenceCSV), ("fixtures/init/estimate.csv", WorkspaceTemplate.estimateCSV),
            ("fixtures/templates/submission.vi.txt", WorkspaceTemplate.submissionVi),
            ("fixtures/templates/submission.en.txt", WorkspaceTemplate.submissionEn),
        ]
        for (path, text) in pairs {
            XCTAssertTrue(Array(text.utf8) == (try Self.file(path)), "\(path) differs from its compiled-in copy: run tools/embed/run.sh")
        }
    }

    // MARK: Loading

    func testTheBuiltInCatalogueIsTheBundledOne() throws {
        let b = try BuiltInCatalogue.load()
        let f = Fixtures.catalogue
        XCTAssertEqual(b.normsFile, "built-in:norms.csv")
        XCTAssertEqual(b.budgetCodesFile, "built-in:budget-codes.csv")
        XCTAssertEqual(Set(b.norms.keys), Set(f.norms.keys))
        XCTAssertEqual(Set(b.budgetCodes.keys), Set(f.budgetCodes.keys))
        for (id, versions) in f.norms {
            XCTAssertEqual(b.norms[id]?.map(\.ceiling), versions.map(\.ceiling), id)
            XCTAssertEqual(b.norms[id]?.map(\.effectiveFrom), versions.map(\.effectiveFrom), id)
        }
        XCTAssertEqual(b.kindNorms.count, f.kindNorms.count)
        // fixtures/catalogue's legal bases and patterns sit beside norms.csv, so Fixtures.catalogue has them too.
        XCTAssertEqual(b.legalBases.keys.sorted(), f.legalBases.keys.sorted())
        XCTAssertEqual(b.descriptionPatterns.map(\.pattern), f.descriptionPatterns.map(\.pattern))
        XCTAssertEqual(b.normsText, try Self.file("fixtures/catalogue/norms.csv"))
        XCTAssertEqual(b.budgetCodesText, try Self.file("fixtures/catalogue/budget-codes.csv"))
        // Figures by hand from the brief §3: refreshments 40.000, per diem 300.000 from 04/05/2025.
        assertMoney(try b.resolve("refreshments", on: date(20, 11, 2025))?.ceiling, 40_000)
        assertMoney(try b.resolve("per-diem", on: date(20, 11, 2025))?.ceiling, 300_000)
        assertMoney(try b.resolve("per-diem", on: date(1, 5, 2025))?.ceiling, 200_000)
    }

    // MARK: Overrides

    /// A workspace's norms file of two rows: refreshments raised to 50.000 (a newer Hanoi level, say), and a
    /// new norm; every other norm stays built in. Headers in Vietnamese, as an accountant writes them.
    static let normsOverride = """
        Mã,Tên,Cách tính,Mức,Đơn vị tính,Văn bản,Điều khoản,Hiệu lực từ,Tình trạng
        refreshments,Chi nước uống (mức riêng),số tiền,50.000,đồng/đại biểu/buổi,NQ thử nghiệm,Điều 1,01/01/2025,đã xác nhận
        print-page,In tài liệu (mức riêng),số tiền,1.000,đồng/trang,Quy chế chi tiêu nội bộ,,01/01/2025,tạm tính

        """

    func testOverrideRowsReplaceBuiltInRowsWithTheSameId() throws {
        let path = tmp.write("dinh-muc-rieng.csv", Self.normsOverride)
        let c = try CatalogueLoader.load(CatalogueSources(normsOverride: CatalogueFile(path: path)))
        // Replaced: every version of refreshments is the override's one.
        XCTAssertEqual(c.norms["refreshments"]?.count, 1)
        assertMoney(try c.resolve("refreshments", on: date(20, 11, 2025))?.ceiling, 50_000)
        XCTAssertNil(c.norm("refreshments", on: date(31, 12, 2024)))     // the override starts 01/01/2025
        XCTAssertEqual(c.norm("refreshments", on: date(20, 11, 2025))?.status, .confirmed)
        XCTAssertEqual(c.norm("refreshments", on: date(20, 11, 2025))?.source, SourceLocation(file: path, line: 2))
        // Added.
        assertMoney(try c.resolve("print-page", on: date(20, 11, 2025))?.ceiling, 1_000)
        XCTAssertEqual(c.norm("print-page", on: date(20, 11, 2025))?.status, .provisional)
        // Kept: everything else, by the built-in table (the kind-norms pairs still find refreshments).
        XCTAssertEqual(c.norms.count, Fixtures.catalogue.norms.count + 1)
        assertMoney(try c.resolve("meal-support-city", on: date(20, 11, 2025))?.ceiling, 200_000)
        XCTAssertTrue(c.kindNorms.contains { $0.normID == "refreshments" })
        XCTAssertEqual(c.normsFile, "built-in:norms.csv + " + path)
        XCTAssertEqual(c.origin, CatalogueOrigin(normsOverride: path))
    }

    func testBudgetCodeOverridesReplaceByCode() throws {
        let path = tmp.write("muc-luc-rieng.csv", """
            Mã;Mục;Tên;Loại chi;Tình trạng
            6699;6650;Chi phí khác (sửa);"refreshments;secretariat;trang trí";đã xác nhận
            7001;7000;Mã thử;chi khác;tạm tính

            """)
        let c = try CatalogueLoader.load(CatalogueSources(budgetCodesOverride: CatalogueFile(path: path)))
        XCTAssertEqual(c.budgetCodes["6699"]?.name.vi, "Chi phí khác (sửa)")
        XCTAssertEqual(c.budgetCodes["6699"]?.kinds, [.refreshments, .secretariat, .decoration])   // Vietnamese kind names read
        XCTAssertEqual(c.budgetCodes["6699"]?.status, .confirmed)
        XCTAssertEqual(c.budgetCodes["7001"]?.kinds, [.other])
        XCTAssertEqual(c.budgetCodes["6651"]?.name.vi, "In, mua tài liệu")                       // kept
        XCTAssertEqual(c.budgetCodes.count, Fixtures.catalogue.budgetCodes.count + 1)
    }

    /// The merged table an approval keeps reads back as the same norms (and is the built-in text minus the
    /// replaced rows, plus the override's rows, under the canonical header).
    func testTheMergedSnapshotReadsBackAsTheSameCatalogue() throws {
        let path = tmp.write("dinh-muc-rieng.csv", Self.normsOverride)
        let c = try CatalogueLoader.load(CatalogueSources(normsOverride: CatalogueFile(path: path)))
        let text = try XCTUnwrap(c.normsText)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, CatalogueLoader.normColumns.joined(separator: ","))
        XCTAssertFalse(lines.contains { $0.hasPrefix("refreshments,Chi nước uống, giải khát") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("refreshments,Chi nước uống (mức riêng),,số tiền,50.000,") })
        let t = try CSVTable(bytes: text, file: "snapshot", required: ["id"])
        let back = try Catalogue(norms: CatalogueLoader.norms(t), budgetCodes: [])
        XCTAssertEqual(Set(back.norms.keys), Set(c.norms.keys))
        for (id, versions) in c.norms {
            XCTAssertEqual(back.norms[id]?.map(\.ceiling), versions.map(\.ceiling), id)
            XCTAssertEqual(back.norms[id]?.map(\.status), versions.map(\.status), id)
            XCTAssertEqual(back.norms[id]?.map(\.effectiveTo), versions.map(\.effectiveTo), id)
        }
    }

    func testAMissingOverrideFileSaysWhereItsPathCameFrom() throws {
        tmp.write("conference.csv", ConferenceCSV.text(extra: [("Tệp định mức riêng", "khong-co.csv")]))
        tmp.write("estimate.csv", "section,line,description,kind,budget_code,unit,quantity,unit_price,amount\nI,1,In,documents,6651,cuốn,1,10.000,10.000\n")
        let e = assertThrowsInputError(try EstimateLoader.load(Workspace(path: tmp.path)), inFile: tmp.path + "/khong-co.csv",
                                       atLine: nil, field: nil, problem: .fileNotFound)
        XCTAssertEqual(e?.hint?.vi, "đường dẫn lấy từ \(tmp.path)/conference.csv, dòng 12, trường \"Tệp định mức riêng\" (khong-co.csv), "
                       + "tính từ thư mục hồ sơ; để trống giá trị này nếu không cần")
    }

    // MARK: Approval

    /// approved.json keeps the catalogue a workspace was judged by, built in or overridden, as it keeps a
    /// file: its text and SHA-256; the journal reads its norms from there.
    func testAnApprovalSnapshotsTheBuiltInAndTheOverriddenCatalogue() throws {
        for override in [false, true] {
            let dir = TempDir()
            defer { dir.remove() }
            var extra: [(String, String)] = []
            if override { dir.write("rieng.csv", Self.normsOverride); extra.append(("norms_override", "rieng.csv")) }
            dir.write("conference.csv", ConferenceCSV.text(extra: extra))
            dir.write("estimate.csv", """
                Mục,STT,Nội dung chi,Loại chi,Tiểu mục,ĐVT,Số lượng,Số người,Số buổi,Đơn giá,Thành tiền,Định mức
                I. Hậu cần,1,Nước uống giữa giờ,giải khát,6699,người/buổi,1,150,1,40.000,6.000.000,refreshments

                """)
            let ws = try Workspace(path: dir.path)
            let loaded = try EstimateLoader.load(ws)
            let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
            let settings = JournalSettings(now: Timestamp.parse("2025-11-25T03:00:00Z")!, lockTimeout: 5)
            let b = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: "1/QĐ-UBND", decisionDate: date(1, 11, 2025),
                                               settings: settings)
            let expected = override ? try XCTUnwrap(loaded.catalogue.normsText) : try Self.file("fixtures/catalogue/norms.csv")
            XCTAssertEqual(Array(b.catalogueSnapshot.normsCSV.utf8), expected, "override \(override)")
            XCTAssertEqual(b.catalogueSnapshot.normsSHA256, SHA256.hash(expected))
            XCTAssertEqual(Array(b.catalogueSnapshot.budgetCodesCSV.utf8), try Self.file("fixtures/catalogue/budget-codes.csv"))
            XCTAssertEqual(b.catalogueSnapshot.normsFile, override ? "built-in:norms.csv + " + dir.path + "/rieng.csv" : "built-in:norms.csv")
            // The journal's norms come from the snapshot: the override's level when there was one.
            assertMoney(try b.catalogue.resolve("refreshments", on: date(20, 11, 2025))?.ceiling, override ? 50_000 : 40_000)
            assertMoney(try b.catalogue.resolve("pit-threshold", on: date(20, 11, 2025))?.ceiling, 2_000_000)
            XCTAssertEqual(b.lines.map(\.code), ["1"])
            XCTAssertEqual(b.lines[0].kind, .refreshments)
        }
    }
}
