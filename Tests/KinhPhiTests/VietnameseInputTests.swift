import Foundation
import XCTest
import KinhPhi
import TestSupport

/// Files as accountants make them (issue 13, item 3): conference.csv and estimate.csv with Vietnamese
/// headers and field names (with and without accents, any case), saved with ";" or TAB, item kinds and
/// yes/no facts in Vietnamese — each loads to the same conference and lines as the English file. And the
/// one name table agrees with every loader's columns (a column added to a loader without a name fails).
final class VietnameseInputTests: XCTestCase {
    var tmp: TempDir!
    override func setUp() { tmp = TempDir() }
    override func tearDown() { tmp.remove() }

    /// The English workspace every variant must equal.
    static let englishConference = """
        field,value
        name,Hội nghị thử
        organiser,Sở Khoa học và Công nghệ
        event_date,20/11/2025
        sessions,2
        place,"Hội trường A, 9 Ngô Quyền"
        state_venue,no
        area,province
        delegates,120
        delegates_non_payroll,20
        papers_planned,4
        st_task,yes
        budget_cap,90.000.000

        """
    static let englishEstimate = """
        section,line,description,kind,budget_code,unit,quantity,persons,sessions,unit_price,amount,norm,basis,assigned_to,evidence
        I. Tài liệu,1.1,In tài liệu,documents,6651,cuốn,120,,,50.000,6.000.000,,TT 40/2017,,Báo giá số 1
        I. Tài liệu,,Cộng mục I,subtotal,,,,,,,6.000.000,,,,
        II. Hậu cần,2.1,"Nước uống, giải khát",refreshments,6699,người/buổi,1,120,2,40.000,9.600.000,refreshments,TT 40/2017,,
        II. Hậu cần,2.2,Văn nghệ chào mừng,art-programme,6657,trọn gói,1,,,"10.000.000","10.000.000",,,Sở Văn hóa và Thể thao,Dự toán số 2

        """

    private func load(_ conference: String, _ estimate: String, bom: Bool = false) throws -> LoadedEstimate {
        let prefix: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        tmp.write("conference.csv", bytes: prefix + Array(conference.utf8))
        tmp.write("estimate.csv", bytes: prefix + Array(estimate.utf8))
        return try EstimateLoader.load(Workspace(path: tmp.path))
    }

    /// The facts and lines two loads must share.
    private func assertSame(_ a: LoadedEstimate, _ b: LoadedEstimate, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let x = a.estimate.conference, y = b.estimate.conference
        XCTAssertEqual(x.name, y.name, what, file: file, line: line)
        XCTAssertEqual(x.organiser, y.organiser, what, file: file, line: line)
        XCTAssertEqual(x.eventDate, y.eventDate, what, file: file, line: line)
        XCTAssertEqual(x.sessions, y.sessions, what, file: file, line: line)
        XCTAssertEqual(x.place, y.place, what, file: file, line: line)
        XCTAssertEqual(x.stateVenue, y.stateVenue, what, file: file, line: line)
        XCTAssertEqual(x.area, y.area, what, file: file, line: line)
        XCTAssertEqual(x.delegates, y.delegates, what, file: file, line: line)
        XCTAssertEqual(x.delegatesNonPayroll, y.delegatesNonPayroll, what, file: file, line: line)
        XCTAssertEqual(x.papersPlanned, y.papersPlanned, what, file: file, line: line)
        XCTAssertEqual(x.stTask, y.stTask, what, file: file, line: line)
        XCTAssertEqual(x.budgetCap, y.budgetCap, what, file: file, line: line)
        XCTAssertEqual(a.estimate.sections.map(\.title), b.estimate.sections.map(\.title), what, file: file, line: line)
        XCTAssertEqual(a.estimate.sections.map(\.statedSubtotal), b.estimate.sections.map(\.statedSubtotal), what, file: file, line: line)
        let l = a.estimate.lines, m = b.estimate.lines
        XCTAssertEqual(l.map(\.code), m.map(\.code), what, file: file, line: line)
        XCTAssertEqual(l.map(\.description), m.map(\.description), what, file: file, line: line)
        XCTAssertEqual(l.map(\.kind), m.map(\.kind), what, file: file, line: line)
        XCTAssertEqual(l.map(\.budgetCode), m.map(\.budgetCode), what, file: file, line: line)
        XCTAssertEqual(l.map(\.unit), m.map(\.unit), what, file: file, line: line)
        XCTAssertEqual(l.map(\.factors), m.map(\.factors), what, file: file, line: line)
        XCTAssertEqual(l.map(\.unitPrice), m.map(\.unitPrice), what, file: file, line: line)
        XCTAssertEqual(l.map(\.statedAmount), m.map(\.statedAmount), what, file: file, line: line)
        XCTAssertEqual(l.map(\.normID), m.map(\.normID), what, file: file, line: line)
        XCTAssertEqual(l.map(\.basis), m.map(\.basis), what, file: file, line: line)
        XCTAssertEqual(l.map(\.assignedTo), m.map(\.assignedTo), what, file: file, line: line)
        XCTAssertEqual(l.map(\.evidence), m.map(\.evidence), what, file: file, line: line)
    }

    func testTheEnglishWorkspaceLoadsAsWritten() throws {
        let e = try load(Self.englishConference, Self.englishEstimate)
        XCTAssertEqual(e.estimate.conference.area, .province)
        XCTAssertFalse(e.estimate.conference.stateVenue)
        XCTAssertEqual(e.estimate.lines.map(\.kind), [.documents, .refreshments, .artProgramme])
        assertMoney(e.estimate.sections[0].statedSubtotal, 6_000_000)
    }

    /// Vietnamese field names, values and headers, written as an accountant would — accents, capitals, a
    /// third column of notes, heading rows — in a ";" file saved by Excel (BOM, CRLF).
    func testVietnameseNamesInASemicolonFile() throws {
        let conference = """
            Trường;Giá trị;Ghi chú
            ;;THÔNG TIN CHUNG
            Tên hội nghị;Hội nghị thử;tên như trong kế hoạch
            ĐƠN VỊ TỔ CHỨC;Sở Khoa học và Công nghệ;
            Ngày tổ chức;20/11/2025;dd/mm/yyyy
            Số buổi;2;
            Địa điểm;Hội trường A, 9 Ngô Quyền;
            Hội trường của cơ quan nhà nước;Không phải;
            Khu vực;Tỉnh;
            Số đại biểu;120;
            số đại biểu không hưởng lương;20;
            Số tham luận;4;
            Nhiệm vụ KH&CN;x;
            Kinh phí được giao;90.000.000;

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let estimate = """
            Mục;STT;Nội dung chi;Loại chi;Tiểu mục;ĐVT;Số lượng;Số người;Số buổi;Đơn giá;Thành tiền;Định mức;Căn cứ;Đơn vị thực hiện;Báo giá;Ghi chú
            I. Tài liệu;1.1;In tài liệu;Tài liệu;6651;cuốn;120;;;50.000;6.000.000;;TT 40/2017;;Báo giá số 1;ghi chú riêng
            I. Tài liệu;;Cộng mục I;Cộng;;;;;;;6.000.000;;;;;
            II. Hậu cần;2.1;Nước uống, giải khát;Giải khát;6699;người/buổi;1;120;2;40.000;9.600.000;refreshments;TT 40/2017;;;
            II. Hậu cần;2.2;Văn nghệ chào mừng;văn nghệ;6657;trọn gói;1;;;10.000.000;10.000.000;;;Sở Văn hóa và Thể thao;Dự toán số 2;

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let english = try load(Self.englishConference, Self.englishEstimate)
        let vietnamese = try load(conference, estimate, bom: true)
        assertSame(vietnamese, english, "semicolon, Vietnamese")
    }

    /// The same without accents and in capitals, tab-separated.
    func testUnaccentedCapitalisedNamesInATabFile() throws {
        let conference = """
            TRUONG\tGIA TRI
            TEN HOI NGHI\tHội nghị thử
            don vi to chuc\tSở Khoa học và Công nghệ
            Ngay to chuc\t20/11/2025
            SO BUOI\t2
            dia diem\tHội trường A, 9 Ngô Quyền
            hoi truong nha nuoc\tkhong
            khu vuc\tthị xã
            so dai bieu\t120
            So dai bieu khong huong luong\t20
            so tham luan\t4
            nhiem vu khoa hoc va cong nghe\tco
            kinh phi duoc giao\t90.000.000

            """
        let estimate = """
            MUC\tSTT\tNOI DUNG CHI\tLOAI CHI\tTIEU MUC\tDVT\tSO LUONG\tSO NGUOI\tSO BUOI\tDON GIA\tTHANH TIEN\tDINH MUC\tCAN CU\tDON VI THUC HIEN\tCHUNG CU
            I. Tài liệu\t1.1\tIn tài liệu\tin, mua tai lieu\t6651\tcuốn\t120\t\t\t50.000\t6.000.000\t\tTT 40/2017\t\tBáo giá số 1
            I. Tài liệu\t\tCộng mục I\tcong muc\t\t\t\t\t\t\t6.000.000\t\t\t\t
            II. Hậu cần\t2.1\tNước uống, giải khát\tNUOC UONG\t6699\tngười/buổi\t1\t120\t2\t40.000\t9.600.000\trefreshments\tTT 40/2017\t\t
            II. Hậu cần\t2.2\tVăn nghệ chào mừng\tchuong trinh van nghe\t6657\ttrọn gói\t1\t\t\t10.000.000\t10.000.000\t\t\tSở Văn hóa và Thể thao\tDự toán số 2

            """
        let english = try load(Self.englishConference, Self.englishEstimate)
        let vietnamese = try load(conference, estimate)
        assertSame(vietnamese, english, "tab, unaccented")
    }

    /// Messages name a Vietnamese field or column as it is written.
    func testErrorsNameTheVietnameseHeader() throws {
        let conference = Self.englishConference.replacingOccurrences(of: "delegates,120", with: "Số đại biểu,\"1,200\"")
        let e = assertThrowsInputError(try load(conference, Self.englishEstimate), inFile: tmp.path + "/conference.csv", atLine: 9,
                                       field: "Số đại biểu", problem: .badNumber(.thousandsComma(suggested: "1.200"), text: "1,200"))
        XCTAssertEqual(e?.message(.vi), "\(tmp.path)/conference.csv, dòng 9, cột \"Số đại biểu\": số \"1,200\" không hợp lệ: "
                       + "dấu phẩy ngăn cách hàng nghìn? viết 1.200 (dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)")
        let estimate = Self.englishEstimate.replacingOccurrences(of: "section,line,", with: "Mục,STT,")
            .replacingOccurrences(of: ",unit_price,", with: ",Đơn giá,").replacingOccurrences(of: "40.000,9.600.000", with: "40.000đ,9.600.000")
        assertThrowsInputError(try load(Self.englishConference, estimate), inFile: tmp.path + "/estimate.csv", atLine: 4,
                               field: "Đơn giá", problem: .badNumber(.invalidCharacter("đ"), text: "40.000đ"))
    }

    func testYesNoSpellingsInConferenceFacts() throws {
        for (text, expected) in [("có", true), ("Có", true), ("x", true), ("yes", true), ("không", false), ("Không phải", false),
                                 ("no", false), ("KHONG", false)] {
            let conference = Self.englishConference.replacingOccurrences(of: "state_venue,no", with: "state_venue,\(text)")
            XCTAssertEqual(try load(conference, Self.englishEstimate).estimate.conference.stateVenue, expected, text)
        }
        // state_venue has no default: blank stays "required"; st_task's blank is its default, no.
        let blank = Self.englishConference.replacingOccurrences(of: "state_venue,no", with: "state_venue,")
        assertThrowsInputError(try load(blank, Self.englishEstimate), inFile: tmp.path + "/conference.csv", atLine: 7,
                               field: "state_venue", problem: .required)
        let noTask = Self.englishConference.replacingOccurrences(of: "st_task,yes", with: "st_task,")
        XCTAssertFalse(try load(noTask, Self.englishEstimate).estimate.conference.stTask)
        let bad = Self.englishConference.replacingOccurrences(of: "state_venue,no", with: "state_venue,có lẽ")
        assertThrowsInputError(try load(bad, Self.englishEstimate), inFile: tmp.path + "/conference.csv", atLine: 7,
                               field: "state_venue", problem: .badValue(text: "có lẽ", expected: InputNames.yesNoExpected))
    }

    func testAMissingVietnameseRowIsNamedInVietnamese() throws {
        let conference = Self.englishConference.replacingOccurrences(of: "delegates,120\n", with: "")
        let e = assertThrowsInputError(try load(conference, Self.englishEstimate), inFile: tmp.path + "/conference.csv", atLine: nil,
                                       field: "delegates", problem: .required)
        XCTAssertEqual(e?.hint?.vi, "thiếu dòng \"Số đại biểu\" (delegates)")
    }

    func testTwoSpellingsOfOneFieldAreRefused() throws {
        let conference = Self.englishConference + "Số đại biểu,130\n"
        let e = assertThrowsInputError(try load(conference, Self.englishEstimate), inFile: tmp.path + "/conference.csv", atLine: 14,
                                       field: "field", problem: .duplicate(kind: Bilingual(vi: "trường", en: "field"), id: "Số đại biểu", firstLine: 9))
        XCTAssertEqual(e?.hint?.vi, "\"delegates\" và \"Số đại biểu\" cùng là delegates")
    }

    // MARK: The table and the loaders agree

    func testTheNameTablesCoverEveryLoadersColumns() {
        XCTAssertEqual(InputNames.estimate.entries.map(\.key), EstimateLoader.lineColumns)
        XCTAssertEqual(InputNames.norms.entries.map(\.key), CatalogueLoader.normColumns)
        XCTAssertEqual(InputNames.budgetCodes.entries.map(\.key), CatalogueLoader.budgetCodeColumns)
        XCTAssertEqual(InputNames.kindNorms.entries.map(\.key), CatalogueLoader.kindNormColumns)
        XCTAssertEqual(InputNames.legalBases.entries.map(\.key), CatalogueLoader.legalBasisColumns)
        XCTAssertEqual(InputNames.descriptionPatterns.entries.map(\.key), CatalogueLoader.patternColumns)
        XCTAssertEqual(InputNames.decisionAmounts.entries.map(\.key), DecisionAmounts.columns)
        let fields = Set(InputNames.conferenceFields.entries.map(\.key))
        XCTAssertTrue(DocumentFacts.fields.isSubset(of: fields), "\(DocumentFacts.fields.subtracting(fields))")
        // The voucher names are defined now, for the import to use once the journal restructuring lands.
        XCTAssertEqual(Set(InputNames.vouchers.entries.map(\.key)), Set(VoucherColumn.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(InputNames.voucherKinds.entries.map(\.key)), Set(VoucherKind.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(InputNames.paymentMethods.entries.map(\.key)), Set(PaymentMethod.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(InputNames.payeeTypes.entries.map(\.key)), Set(PayeeType.allCases.map(\.rawValue)))
        XCTAssertEqual(Set(InputNames.itemKinds.entries.map(\.key)), Set(ItemKind.allCases.map(\.rawValue) + ["subtotal"]))
        XCTAssertEqual(Set(InputNames.areas.entries.map(\.key)), ["city", "province", "commune"])
    }

    /// Every kind's Vietnamese display name (ItemKind.name.vi, what reports print) is accepted as the kind.
    func testItemKindsByTheirVietnameseNames() {
        for k in ItemKind.allCases {
            XCTAssertEqual(ItemKind.parse(k.rawValue), k)
            XCTAssertEqual(ItemKind.parse(k.rawValue.uppercased()), k)
            XCTAssertEqual(ItemKind.parse(k.name.vi), k, k.name.vi)
            XCTAssertEqual(ItemKind.parse(InputNames.fold(k.name.vi)), k, InputNames.fold(k.name.vi))
        }
        XCTAssertNil(ItemKind.parse("subtotal"))        // a row type, not a kind
        XCTAssertNil(ItemKind.parse("lễ tân"))
    }
}
