import XCTest
import KinhPhiCore

/// The one table of names people write (InputNames): folding, every table free of collisions, the
/// Vietnamese names of each file kind found with and without accents, in any case, NFC or NFD, and the
/// yes/no spellings. Every expected key is written here by hand from docs/formats.md.
final class InputNamesTests: XCTestCase {
    func testFold() {
        XCTAssertEqual(InputNames.fold("Đơn giá"), "don gia")
        XCTAssertEqual(InputNames.fold("ĐƠN GIÁ"), "don gia")
        XCTAssertEqual(InputNames.fold("  don   gia "), "don gia")
        XCTAssertEqual(InputNames.fold("Đơn giá (đồng)"), "don gia")                 // text in brackets ignored
        XCTAssertEqual(InputNames.fold("Thành tiền (đ)"), "thanh tien")
        XCTAssertEqual(InputNames.fold("budget_code"), "budget code")
        XCTAssertEqual(InputNames.fold("Căn cứ/Ghi chú"), "can cu ghi chu")
        XCTAssertEqual(InputNames.fold("Nhiệm vụ KH&CN"), "nhiem vu kh cn")
        XCTAssertEqual(InputNames.fold("Số TT"), "so tt")
        XCTAssertEqual(InputNames.fold("ĐVT"), "dvt")
        // Decomposed (NFD: base letter + combining marks, as some Mac and web tools write) folds the same.
        let nfd = "Nội dung chi".decomposedForTest
        XCTAssertNotEqual(Array(nfd.unicodeScalars), Array("Nội dung chi".unicodeScalars))
        XCTAssertEqual(InputNames.fold(nfd), "noi dung chi")
        // Every Vietnamese vowel with every tone folds to its base letter.
        XCTAssertEqual(InputNames.fold("àáảãạăằắẳẵặâầấẩẫậ"), "aaaaaaaaaaaaaaaaa")
        XCTAssertEqual(InputNames.fold("ƯỪỨỬỮỰ ơờớởỡợ"), "uuuuuu oooooo")
        XCTAssertEqual(InputNames.fold(""), "")
        XCTAssertEqual(InputNames.fold("(ghi chú)"), "")
    }

    /// No two keys of a table share a name once folded (a header would mean two columns).
    func testNoTableHasACollision() {
        let tables: [(String, NameTable)] = [
            ("estimate", InputNames.estimate), ("conferenceColumns", InputNames.conferenceColumns),
            ("conferenceFields", InputNames.conferenceFields), ("vouchers", InputNames.vouchers),
            ("voucherKinds", InputNames.voucherKinds), ("paymentMethods", InputNames.paymentMethods),
            ("payeeTypes", InputNames.payeeTypes), ("norms", InputNames.norms), ("budgetCodes", InputNames.budgetCodes),
            ("kindNorms", InputNames.kindNorms), ("legalBases", InputNames.legalBases),
            ("descriptionPatterns", InputNames.descriptionPatterns), ("statuses", InputNames.statuses),
            ("normKinds", InputNames.normKinds), ("areas", InputNames.areas), ("itemKinds", InputNames.itemKinds),
            ("decisionAmounts", InputNames.decisionAmounts),
        ]
        for (name, t) in tables {
            XCTAssertTrue(t.collisions.isEmpty, "\(name): \(t.collisions)")
            XCTAssertEqual(Set(t.entries.map(\.key)).count, t.entries.count, "\(name): a key twice")
            for (key, names) in t.entries {
                XCTAssertEqual(t.key(for: key), key, "\(name): the key \(key) names itself")
                for n in names { XCTAssertEqual(t.key(for: n), key, "\(name): \(n)") }
            }
        }
    }

    /// The headers issue 13 lists, each with accents, without, and in capitals.
    func testEstimateHeaders() {
        let t = InputNames.estimate
        let cases: [(String, String)] = [
            ("STT", "line"), ("Mục", "section"), ("Phần", "section"), ("Nội dung chi", "description"),
            ("Loại chi", "kind"), ("Tiểu mục", "budget_code"), ("ĐVT", "unit"), ("Số lượng", "quantity"),
            ("Số người", "persons"), ("Số buổi", "sessions"), ("Đơn giá", "unit_price"), ("Thành tiền", "amount"),
            ("Định mức", "norm"), ("Căn cứ", "basis"), ("Đơn vị thực hiện", "assigned_to"), ("Báo giá", "evidence"),
            ("Chứng cứ", "evidence"),
        ]
        for (header, key) in cases {
            XCTAssertEqual(t.key(for: header), key, header)
            XCTAssertEqual(t.key(for: header.uppercased()), key, header.uppercased())
            XCTAssertEqual(t.key(for: InputNames.fold(header)), key, InputNames.fold(header))   // typed without accents
        }
        XCTAssertEqual(t.key(for: "so luong"), "quantity")
        XCTAssertEqual(t.key(for: "DON GIA"), "unit_price")
        XCTAssertEqual(t.key(for: "Unit_Price"), "unit_price")
        XCTAssertEqual(t.key(for: "unit price"), "unit_price")
        XCTAssertNil(t.key(for: "Ghi chú"))            // left to the preparer's notes: not basis
        XCTAssertNil(t.key(for: "Mục lục"))
        XCTAssertNil(t.key(for: ""))
        XCTAssertEqual(t.label("unit_price"), "Đơn giá")
        XCTAssertEqual(t.names("unit_price"), ["Đơn giá", "unit_price"])
    }

    func testConferenceFieldsAndColumns() {
        XCTAssertEqual(InputNames.conferenceColumns.key(for: "Trường"), "field")
        XCTAssertEqual(InputNames.conferenceColumns.key(for: "GIA TRI"), "value")
        XCTAssertNil(InputNames.conferenceColumns.key(for: "Ghi chú"))   // the meaning column is ignored
        let f = InputNames.conferenceFields
        XCTAssertEqual(f.key(for: "Tên hội nghị"), "name")
        XCTAssertEqual(f.key(for: "ngay to chuc"), "event_date")
        XCTAssertEqual(f.key(for: "SỐ ĐẠI BIỂU"), "delegates")
        XCTAssertEqual(f.key(for: "Số đại biểu không hưởng lương"), "delegates_non_payroll")
        XCTAssertEqual(f.key(for: "Hội trường của cơ quan nhà nước"), "state_venue")
        XCTAssertEqual(f.key(for: "Mã ĐVQHNS"), "budget_unit_code")
        XCTAssertEqual(f.key(for: "Tệp định mức riêng"), "norms_override")
    }

    func testVoucherNames() {
        let t = InputNames.vouchers
        let cases: [(String, String)] = [
            ("Ngày", "date"), ("Số chứng từ", "voucher_no"), ("Dòng", "line"), ("Loại", "kind"), ("Người nhận", "payee"),
            ("Mã số thuế", "tax_code"), ("MST", "tax_code"), ("Nội dung", "description"), ("Số tiền", "amount"),
            ("Thuế GTGT", "vat"), ("Thuế TNCN", "pit_withheld"), ("Hình thức thanh toán", "method"),
            ("Ký hiệu hóa đơn", "invoice_series"), ("Số hóa đơn", "invoice_no"), ("Ngày hóa đơn", "invoice_date"),
            ("Số hợp đồng", "contract_no"), ("Giá trị hợp đồng", "contract_value"), ("Chứng từ tạm ứng", "ref"),
            ("Ngày hoàn thành công việc", "work_date"), ("Loại đối tượng", "payee_type"),
        ]
        for (header, key) in cases { XCTAssertEqual(t.key(for: header), key, header); XCTAssertEqual(t.key(for: header.lowercased()), key) }
        XCTAssertEqual(InputNames.voucherKinds.key(for: "Tạm ứng"), "advance")
        XCTAssertEqual(InputNames.voucherKinds.key(for: "thanh toan tam ung"), "clearing")
        XCTAssertEqual(InputNames.voucherKinds.key(for: "Thanh toán"), "payment")
        XCTAssertEqual(InputNames.voucherKinds.key(for: "nộp trả"), "refund")
        XCTAssertEqual(InputNames.paymentMethods.key(for: "Tiền mặt"), "cash")
        XCTAssertEqual(InputNames.paymentMethods.key(for: "chuyen khoan"), "transfer")
        XCTAssertEqual(InputNames.payeeTypes.key(for: "Cá nhân"), "individual")
        XCTAssertEqual(InputNames.payeeTypes.key(for: "Doanh nghiệp"), "business")
    }

    func testValues() {
        XCTAssertEqual(InputNames.statuses.key(for: "Tạm tính"), "provisional")
        XCTAssertEqual(InputNames.statuses.key(for: "đã xác nhận"), "confirmed")
        XCTAssertEqual(InputNames.areas.key(for: "Nội thành"), "city")
        XCTAssertEqual(InputNames.areas.key(for: "tinh"), "province")
        XCTAssertEqual(InputNames.areas.key(for: "Xã"), "commune")
        XCTAssertEqual(InputNames.itemKinds.key(for: "Giải khát"), "refreshments")
        XCTAssertEqual(InputNames.itemKinds.key(for: "nuoc uong"), "refreshments")
        XCTAssertEqual(InputNames.itemKinds.key(for: "IN, MUA TÀI LIỆU"), "documents")
        XCTAssertEqual(InputNames.itemKinds.key(for: "speaker fee"), "speaker-fee")
        XCTAssertEqual(InputNames.itemKinds.key(for: "Cộng mục"), "subtotal")
    }

    /// Issue 13: có/không, yes/no, x/blank; "Không phải" (refused before) is no.
    func testYesNo() {
        for yes in ["có", "Có", "CÓ", "co", "yes", "Yes", "YES", "y", "x", "X", "phải", "Đúng", "true"] {
            XCTAssertEqual(InputNames.yesNo(yes), true, yes)
        }
        for no in ["không", "Không", "KHONG", "no", "No", "n", "Không phải", "khong phai", "sai", "false"] {
            XCTAssertEqual(InputNames.yesNo(no), false, no)
        }
        for neither in ["", "maybe", "có thể", "1", "0", "-", "xx"] {
            XCTAssertNil(InputNames.yesNo(neither), neither)
        }
        XCTAssertTrue(InputNames.yesNoExpected.vi.contains("có hoặc không"))
    }
}

extension String {
    /// "ộ" written decomposed (o, combining circumflex U+0302, combining dot below U+0323), the only
    /// precomposed letter of "Nội dung chi"; built by hand (KinhPhiCore has no Foundation).
    var decomposedForTest: String {
        var out = String.UnicodeScalarView()
        let table: [Unicode.Scalar: [Unicode.Scalar]] = ["ộ": ["o", "\u{0302}", "\u{0323}"]]
        for u in unicodeScalars { out.append(contentsOf: table[u] ?? [u]) }
        return String(out)
    }
}
