import XCTest
import KinhPhi
@testable import KinhPhiJournal
import TestSupport

/// `kinhphi import` reads voucher files as accountants make them (issue 13, item 3, wired after the journal
/// restructuring): Vietnamese headers and values (with and without accents, any case) through InputNames,
/// `;` and TAB detected from the header row; the same vouchers as the English file, to the byte of the
/// journal's records (their `at` aside, all written under one clock).
final class VietnameseVoucherImportTests: XCTestCase {
    /// The English file: a payment, an advance and its clearing (lines of JournalTestWorkspace).
    static let english = """
        date,line,payee,payee_type,tax_code,description,amount,vat,method,kind,invoice_series,invoice_no,invoice_date,voucher_no,ref
        20/11/2025,1.1,Công ty TNHH In Hà Nội,business,0101234567,"In tài liệu, bìa màu",1.080.000,80.000,transfer,payment,1C25TAA,0000123,20/11/2025,UNC-01,
        10/11/2025,3.2,Trần Thị Bình,individual,,Tạm ứng mua vật tư,2.000.000,,cash,advance,,,,TU-01,
        25/11/2025,3.2,Trần Thị Bình,individual,,Thanh toán tạm ứng,1.900.000,,cash,clearing,,,,TT-01,TU-01

        """

    /// The records an import wrote, as canonical journal lines without their hash-chain fields.
    private func importRecords(_ text: [UInt8], _ name: String) throws -> [String] {
        let t = try JournalTestWorkspace()
        let path = t.dir.write(name, bytes: text)
        let out = try t.journal().importCSV(path: path, displayName: name)
        XCTAssertTrue(out.committed, out.errors.map { "\($0.row) \($0.column ?? "") \($0.message.vi)" }.joined(separator: " | "))
        var bodies: [String] = []
        _ = try t.journal().forEachRecord { r in
            let v = r.body.voucher
            bodies.append([v?.kind.rawValue, v?.date.description, v?.line, v?.payee, v?.payeeType.rawValue, v?.taxCode, v?.description,
                           v.map { String($0.amount.dong) }, v.map { String($0.vat.dong) }, v?.method.rawValue, v?.invoiceSeries,
                           v?.invoiceNumber, v?.voucherNumber, v?.ref].map { $0 ?? "-" }.joined(separator: "|"))
        }
        return bodies
    }

    func testVietnameseHeadersAndValuesInASemicolonFileImportAsTheEnglishOne() throws {
        let english = try importRecords(Array(Self.english.utf8), "en.csv")
        XCTAssertEqual(english.count, 3)
        let vietnamese = """
            Ngày;Dòng;Người nhận;Loại đối tượng;Mã số thuế;Nội dung;Số tiền;Thuế GTGT;Hình thức thanh toán;Loại;Ký hiệu hóa đơn;Số hóa đơn;Ngày hóa đơn;Số chứng từ;Chứng từ tạm ứng;Ghi chú
            20/11/2025;1.1;Công ty TNHH In Hà Nội;Tổ chức;0101234567;In tài liệu, bìa màu;1.080.000;80.000;Chuyển khoản;Thanh toán;1C25TAA;0000123;20/11/2025;UNC-01;;bìa màu
            10/11/2025;3.2;Trần Thị Bình;Cá nhân;;Tạm ứng mua vật tư;2.000.000;;Tiền mặt;Tạm ứng;;;;TU-01;;
            25/11/2025;3.2;Trần Thị Bình;cá nhân;;Thanh toán tạm ứng;1.900.000;;TIỀN MẶT;Thanh toán tạm ứng;;;;TT-01;TU-01;

            """.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(try importRecords([0xEF, 0xBB, 0xBF] + Array(vietnamese.utf8), "vi.csv"), english)
    }

    func testUnaccentedHeadersInATabFile() throws {
        let english = try importRecords(Array(Self.english.utf8), "en.csv")
        let tab = """
            NGAY\tDONG\tNGUOI NHAN\tLOAI DOI TUONG\tMST\tNOI DUNG CHI\tSO TIEN\tVAT\tHINH THUC\tLOAI CHUNG TU\tKY HIEU HOA DON\tSO HOA DON\tNGAY HOA DON\tSO CT\tSO CT TAM UNG
            20/11/2025\t1.1\tCông ty TNHH In Hà Nội\tto chuc\t0101234567\tIn tài liệu, bìa màu\t1.080.000\t80.000\tchuyen khoan\tthanh toan\t1C25TAA\t0000123\t20/11/2025\tUNC-01\t
            10/11/2025\t3.2\tTrần Thị Bình\tca nhan\t\tTạm ứng mua vật tư\t2.000.000\t\ttien mat\ttam ung\t\t\t\tTU-01\t
            25/11/2025\t3.2\tTrần Thị Bình\tindividual\t\tThanh toán tạm ứng\t1.900.000\t\tcash\tclearing\t\t\t\tTT-01\tTU-01

            """
        XCTAssertEqual(try importRecords(Array(tab.utf8), "tab.tsv"), english)
    }

    /// Row errors name the column as its header is written; a missing column lists its names.
    func testMessagesNameTheVietnameseHeader() throws {
        let t = try JournalTestWorkspace()
        let bad = t.dir.write("bad.csv", """
            Ngày;Dòng;Người nhận;Nội dung;Số tiền;Hình thức;Loại
            20/11/2025;1.1;Công ty A;Hàng;10,000;chuyển khoản;thanh toán
            20/11/2025;1.1;Công ty A;Hàng;10.000;séc;thanh toán

            """)
        let out = try t.journal().importCSV(path: bad, displayName: "bad.csv")
        XCTAssertFalse(out.committed)
        XCTAssertEqual(out.errors.map(\.row), [2, 3])
        XCTAssertEqual(out.errors.map(\.column), ["Số tiền", "Hình thức"])
        XCTAssertEqual(out.errors[0].message.vi, "số \"10,000\" không hợp lệ: dấu phẩy ngăn cách hàng nghìn? viết 10.000 "
                       + "(dấu chấm ngăn cách hàng nghìn, dấu phẩy chỉ dùng cho phần thập phân)")
        XCTAssertEqual(out.errors[1].message.vi, "giá trị \"séc\" không hợp lệ; cần cash (tiền mặt) hoặc transfer (chuyển khoản)")

        let missing = t.dir.write("missing.csv", "Ngày;Dòng;Người nhận;Nội dung;Giá;Hình thức;Loại\n20/11/2025;1.1;A;B;1;cash;payment\n")
        XCTAssertThrowsError(try t.journal().importCSV(path: missing, displayName: "missing.csv")) { e in
            guard case JournalError.input(let ie) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.problem, .missingColumn("amount"))
            XCTAssertEqual(ie.hint?.vi, "tên cột được nhận: \"Số tiền\", \"amount\"; các cột không nhận ra: \"Giá\"")
        }
        let twice = t.dir.write("twice.csv", "date,Ngày,line,payee,description,amount,method,kind\n")
        XCTAssertThrowsError(try t.journal().importCSV(path: twice, displayName: "twice.csv")) { e in
            guard case JournalError.input(let ie) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.problem, .duplicateColumn("Ngày"))
            XCTAssertEqual(ie.hint?.vi, "cột \"date\" (cột 1) và cột \"Ngày\" (cột 2) cùng là \"Ngày\" (date): giữ một cột")
        }
        XCTAssertEqual(t.journalBytes, [])
    }

    /// The record flags accept the same Vietnamese values (one parser for a row and for the flags).
    func testVietnameseValuesThroughTheFlagsParser() {
        let cells: [VoucherColumn: String] = [.date: "20/11/2025", .line: "1.1", .payee: "Công ty A", .description: "Hàng",
                                              .amount: "100.000", .method: "Chuyển khoản", .kind: "Thanh toán", .payeeType: "tổ chức"]
        let (v, errors) = VoucherInput.parse({ cells[$0] ?? "" }, location: { SourceLocation(file: "--" + $0.flag) })
        XCTAssertEqual(errors, [])
        XCTAssertEqual(v?.kind, .payment)
        XCTAssertEqual(v?.method, .transfer)
        XCTAssertEqual(v?.payeeType, .business)
    }
}
