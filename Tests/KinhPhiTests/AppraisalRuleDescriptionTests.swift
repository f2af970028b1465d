import XCTest
import Foundation
import KinhPhi
import TestSupport

private typealias B = EstimateBuilder

/// Reading the description (issue 12, item 2): every pattern of fixtures/catalogue/description-patterns.csv
/// with a true hit, hand-written false hits, NFC/NFD, case, text without diacritics, and the appraisal of a
/// line by what it is (KIND-MISMATCH, then the ITEM-* rule that cuts it).
final class AppraisalRuleDescriptionTests: XCTestCase {
    let catalogue = Fixtures.catalogue

    private func reads(_ description: String) -> ItemKind? { catalogue.read(description: description)?.kind }

    func testEveryPatternHasATrueHit() {
        XCTAssertGreaterThan(catalogue.descriptionPatterns.count, 30)
        for p in catalogue.descriptionPatterns {
            // A start pattern begins the description; a word pattern sits inside one.
            let text = p.position == .start ? p.pattern.capitalized + " cho Hội nghị" : "Chi " + p.pattern + " cho đại biểu"
            XCTAssertNotNil(reads(text), "pattern \"\(p.pattern)\" (line \(p.source.line ?? 0)) does not read \"\(text)\"")
        }
    }

    func testEveryPatternHasAFalseHit() {
        for p in catalogue.descriptionPatterns {
            // A start pattern inside a description, a word pattern whose last word runs on, and each exception:
            // none may read the line.
            let misses = [p.position == .start ? "In tài liệu " + p.pattern : "In tài liệu " + p.pattern + "x"]
                + p.except.map { "Chi " + p.pattern + " " + $0 }
            for text in misses {
                XCTAssertNil(reads(text), "pattern \"\(p.pattern)\" (line \(p.source.line ?? 0)) reads \"\(text)\"")
            }
        }
    }

    func testHandWrittenTrueHits() {
        let cases: [(String, ItemKind)] = [
            ("Quà lưu niệm cho đại biểu", .gift),
            ("Mua kỷ niệm chương tặng đại biểu", .gift),
            ("Phần quà cho nhà khoa học nữ", .gift),
            ("Qua luu niem cho dai bieu", .gift),                      // typed without diacritics
            ("Tham quan Làng văn hóa các dân tộc Việt Nam", .sightseeing),
            ("Thuê xe đưa đại biểu đi du lịch Hạ Long", .sightseeing),
            ("Nghỉ mát kết hợp hội nghị", .sightseeing),
            ("Tiệc chiêu đãi đại biểu sau Hội nghị", .banquet),
            ("Liên hoan tổng kết", .banquet),
            ("Dự phòng phí (5% tổng chi phí)", .contingency),
            ("Phát sinh khác", .contingency),
            ("Chi phí phát sinh", .contingency),
            ("Các khoản phát sinh trong quá trình tổ chức", .contingency),
            ("Kinh phí dự phòng", .contingency),
            ("Tiền thưởng kèm Bằng khen", .reward),
            ("Chi khen thưởng nhà khoa học nữ tiêu biểu", .reward),
        ]
        for (text, kind) in cases { XCTAssertEqual(reads(text), kind, text) }
    }

    func testFalseHitsDoNotCutGenuineLines() {
        // Each is a payable line a preparer really writes; none may read as gift, leisure, contingency or reward.
        let genuine = [
            "In bổ sung tài liệu phát sinh theo chương trình buổi chiều",   // "phát sinh" inside a printing line
            "In 20 cuốn tài liệu dự phòng cho khách mời",                   // spare copies
            "In tài liệu Hội nghị, dự phòng 10 cuốn",
            "Dựng gian trưng bày sản phẩm để đại biểu tham quan",           // visiting the showcase at the venue
            "Tiệc trà giữa giờ",                                            // a tea break is refreshments
            "Thiết kế backdrop chiều dài 12 m",                             // "chiều dài" folds to "chieu dai"
            "Hoa quả, bánh ngọt giải khát giữa giờ",                        // "quả" is not "quà"
            "Tham luận về phát triển du lịch Thủ đô",
            "Liên hoan văn nghệ chào mừng Hội nghị",
            "Hoa tươi tặng nhà khoa học nữ",                                // flowers to congratulate are a conference cost
            "In khung Bằng khen",                                           // not "tiền thưởng"
            "Nước uống, giải khát giữa giờ",
        ]
        for text in genuine { XCTAssertNil(reads(text), text) }
    }

    func testNFCAndNFDAndCaseReadAlike() {
        let nfc = "Quà lưu niệm cho đại biểu".precomposedStringWithCanonicalMapping
        let nfd = "Quà lưu niệm cho đại biểu".decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(nfc.unicodeScalars).count, Array(nfd.unicodeScalars).count)   // really two spellings
        XCTAssertEqual(reads(nfc), .gift)
        XCTAssertEqual(reads(nfd), .gift)
        XCTAssertEqual(reads("QUÀ TẶNG ĐẠI BIỂU"), .gift)
        XCTAssertEqual(reads("Dự phòng phí".decomposedStringWithCanonicalMapping), .contingency)
        XCTAssertEqual(reads("DU PHONG PHI"), .contingency)
    }

    func testAnExceptionCancelsAHit() {
        XCTAssertEqual(reads("Tham quan Văn Miếu"), .sightseeing)
        XCTAssertNil(reads("Tham quan khu trưng bày"))
        XCTAssertEqual(reads("Tiệc tối"), .banquet)
        XCTAssertNil(reads("Tiệc trà"))
    }

    // MARK: Appraised by what it is

    func testAGiftDeclaredAsOtherIsCut() {
        // The review's example: "Quà lưu niệm cho đại biểu" as kind `other` used to get a mild warning.
        let line = B.line("3.10", kind: .other, unit: "phần", quantity: Quantity(whole: 150), unitPrice: 150_000, evidence: "Báo giá")
        var l = line; l.description = "Quà lưu niệm cho đại biểu"
        let a = appraise(B().lines(l).build())
        let ids = a.lines[0].findings.map(\.ruleID)
        XCTAssertEqual(ids, ["KIND-MISMATCH", "ITEM-GIFT"])             // not ITEM-CONDITIONAL: it is appraised as a gift
        let m = a.lines[0].findings[0]
        XCTAssertEqual(m.severity, .error)
        XCTAssertTrue(m.message.vi.contains("gift") && m.message.vi.contains("other"), m.message.vi)
        assertMoney(a.lines[0].appraised, 0)                            // 22.500.000 requested
    }

    func testEachNonPayableReadingIsCutByItsRule() {
        let cases: [(String, ItemKind, String)] = [
            ("Tham quan Hoàng thành Thăng Long", .transport, "ITEM-LEISURE"),
            ("Tiệc chiêu đãi", .hiredService, "ITEM-LEISURE"),
            ("Phát sinh khác", .other, "ITEM-CONTINGENCY"),
            ("Tiền thưởng cho tập thể", .decoration, "ITEM-REWARD-FUND"),
        ]
        for (text, declared, rule) in cases {
            var l = B.line("1", kind: declared, unitPrice: 1_000_000, evidence: "x")
            l.description = text
            let a = appraise(B().lines(l).build())
            let ids = a.lines[0].findings.map(\.ruleID)
            XCTAssertTrue(ids.contains("KIND-MISMATCH") && ids.contains(rule), "\(text): \(ids)")
            assertMoney(a.lines[0].appraised, 0)
        }
    }

    func testNoMismatchWhenTheKindIsDeclaredRight() {
        var l = B.line("5.3", kind: .gift, unit: "suất", unitPrice: 2_000_000)
        l.description = "Quà tặng nhà khoa học nữ"
        let ids = appraise(B().lines(l).build()).lines[0].findings.map(\.ruleID)
        XCTAssertFalse(ids.contains("KIND-MISMATCH"))
        XCTAssertTrue(ids.contains("ITEM-GIFT"))
    }

    // MARK: Loading

    func testPatternFileIsValidatedOnLoad() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let n = dir.write("norms.csv", "id,name_vi,kind,ceiling,unit_vi,document,effective_from,status\nrefreshments,Giải khát,amount,40.000,đồng,TT,01/07/2017,provisional\n")
        let c = dir.write("codes.csv", "code,group,name_vi,kinds,status\n6699,6650,Khác,refreshments,provisional\n")
        dir.write("description-patterns.csv", "kind,pattern,position,except\ngift,quà,anywhere,\n")
        XCTAssertThrowsError(try CatalogueLoader.load(normsPath: n, budgetCodesPath: c)) { e in
            XCTAssertEqual((e as? InputError)?.location.field, "position")
            XCTAssertEqual((e as? InputError)?.location.line, 2)
        }
        dir.write("description-patterns.csv", "kind,pattern,position,except\nparty,tiệc,word,\n")
        XCTAssertThrowsError(try CatalogueLoader.load(normsPath: n, budgetCodesPath: c)) { e in
            XCTAssertEqual((e as? InputError)?.location.field, "kind")
        }
        // Without the file beside the norms, nothing is read as anything.
        try FileManager.default.removeItem(atPath: dir.file("description-patterns.csv"))
        XCTAssertTrue(try CatalogueLoader.load(normsPath: n, budgetCodesPath: c).descriptionPatterns.isEmpty)
    }
}
