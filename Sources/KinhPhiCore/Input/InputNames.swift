// The names people write in the files KinhPhi reads (issue 13): one table per kind of file, giving for each
// canonical column (or field, or value) the Vietnamese names accepted besides the canonical English key.
// Every loader — conference, estimate, catalogue, voucher files — resolves its headers here, so a name is
// defined once. Matching is by `InputNames.fold`: case-, accent- and spacing-insensitive (NFC and NFD
// alike, đ read as d, punctuation and text in brackets ignored), so "Đơn giá", "ĐƠN GIÁ", "don gia",
// "Đơn giá (đồng)" and "unit_price" all name `unit_price`. The names are documented with their accents
// (docs/formats.md, docs/huong-dan.md); a test checks that no two keys of one table share a folded name.

/// For each canonical key of one kind of file, the names accepted for it (the documented, accented forms;
/// the key itself is always accepted too).
public struct NameTable: Sendable {
    /// The keys in order, each with its names (Vietnamese first, as documented).
    public let entries: [(key: String, names: [String])]
    private let byFolded: [String: String]

    public init(_ entries: [(key: String, names: [String])]) {
        self.entries = entries
        var map: [String: String] = [:]
        for (key, names) in entries {
            for n in [key] + names {
                let f = InputNames.fold(n)
                // A name shared by two keys would make a header mean two things: the first key keeps it
                // (the table test fails on any such collision).
                if map[f] == nil { map[f] = key }
            }
        }
        byFolded = map
    }

    /// The canonical key a header (or field name, or value) stands for; nil when it names none.
    public func key(for name: String) -> String? {
        let f = InputNames.fold(name)
        return f.isEmpty ? nil : byFolded[f]
    }

    /// The names accepted for `key`: its documented names, then the key itself.
    public func names(_ key: String) -> [String] {
        (entries.first { $0.key == key }?.names ?? []) + [key]
    }

    /// The first documented name of `key` (its Vietnamese name), or the key itself.
    public func label(_ key: String) -> String {
        entries.first { $0.key == key }?.names.first ?? key
    }

    /// Pairs of keys that share a folded name (must be empty; checked by a test).
    public var collisions: [(String, String, String)] {
        var seen: [String: String] = [:]
        var out: [(String, String, String)] = []
        for (key, names) in entries {
            for n in Set(([key] + names).map(InputNames.fold)) {
                if let other = seen[n], other != key { out.append((other, key, n)) } else { seen[n] = key }
            }
        }
        return out
    }
}

public enum InputNames {
    // MARK: Folding

    /// Precomposed Vietnamese letters (lower case) and the base letter each folds to. Decomposed (NFD)
    /// input needs no table: its combining marks (U+0300–U+036F) are dropped.
    private static let baseLetters: [Unicode.Scalar: Unicode.Scalar] = {
        var m: [Unicode.Scalar: Unicode.Scalar] = [:]
        let groups: [(Unicode.Scalar, String)] = [
            ("a", "àáảãạăằắẳẵặâầấẩẫậ"), ("e", "èéẻẽẹêềếểễệ"), ("i", "ìíỉĩị"),
            ("o", "òóỏõọôồốổỗộơờớởỡợ"), ("u", "ùúủũụưừứửữự"), ("y", "ỳýỷỹỵ"), ("d", "đ"),
        ]
        for (base, letters) in groups { for u in letters.unicodeScalars { m[u] = base } }
        return m
    }()

    /// A name as it is compared: lower case, diacritics removed (đ → d), text in round brackets dropped,
    /// every run of characters that are not letters or digits (spaces, `_`, `-`, `/`, `,`, `.`, `&`…) made
    /// one space, trimmed. "Đơn giá (đồng)" → "don gia"; "budget_code" → "budget code"; "Số TT" → "so tt".
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var depth = 0
        var pendingSpace = false
        for u in s.lowercased().unicodeScalars {
            if u == "(" { depth += 1; pendingSpace = true; continue }
            if u == ")" { if depth > 0 { depth -= 1 }; pendingSpace = true; continue }
            if depth > 0 { continue }
            if (0x300...0x36F).contains(u.value) { continue }          // a combining mark (NFD)
            let c = baseLetters[u] ?? u
            // Invisible format characters (a second byte-order mark U+FEFF, a zero-width space) are kept, so
            // that a header holding one matches nothing and is named, rather than matched unseen.
            let keep = (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x30 && c.value <= 0x39)
                || (c.value >= 0x80 && (c.properties.isAlphabetic || c.properties.numericType != nil
                                        || c.properties.generalCategory == .format))
            if keep {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(c)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    // MARK: Yes / no

    /// `yes`/`no` facts (state_venue, st_task, the catalogue's yes/no columns): true for có, yes, x, phải,
    /// đúng, y, true; false for không, no, không phải, sai, n, false — case- and accent-insensitive. Nil
    /// for anything else (a blank cell is the caller's to decide: a default, or "required").
    public static func yesNo(_ text: String) -> Bool? {
        let f = fold(text)
        if yesWords.contains(f) { return true }
        if noWords.contains(f) { return false }
        return nil
    }
    static let yesWords: Set<String> = ["co", "yes", "y", "x", "phai", "dung", "true"]
    static let noWords: Set<String> = ["khong", "no", "n", "khong phai", "sai", "false"]
    public static let yesNoExpected = Bilingual(
        vi: "có hoặc không (cũng nhận: yes/no, x, phải/không phải, đúng/sai)",
        en: "yes or no (also accepted: có/không, x, phải/không phải, đúng/sai)")

    // MARK: Files

    /// estimate.csv (EstimateLoader.lineColumns).
    public static let estimate = NameTable([
        ("section", ["Mục", "Phần", "Mục dự toán"]),
        ("line", ["STT", "TT", "Số TT", "Số thứ tự", "Mã dòng"]),
        ("description", ["Nội dung chi", "Nội dung", "Diễn giải"]),
        ("kind", ["Loại chi", "Loại", "Loại nội dung chi"]),
        ("budget_code", ["Tiểu mục", "Mã tiểu mục", "TM"]),
        ("unit", ["ĐVT", "Đơn vị tính"]),
        ("quantity", ["Số lượng", "SL"]),
        ("persons", ["Số người"]),
        ("sessions", ["Số buổi"]),
        ("unit_price", ["Đơn giá"]),
        ("amount", ["Thành tiền", "Số tiền"]),
        ("norm", ["Định mức", "Mã định mức"]),
        ("basis", ["Căn cứ", "Căn cứ/Ghi chú", "Căn cứ pháp lý"]),
        ("assigned_to", ["Đơn vị thực hiện", "Đơn vị được giao"]),
        ("evidence", ["Báo giá", "Chứng cứ"]),
        ("payee", ["Người nhận", "Đối tượng nhận"]),
    ])

    /// The two columns of conference.csv.
    public static let conferenceColumns = NameTable([
        ("field", ["Trường", "Thông tin"]),
        ("value", ["Giá trị"]),
    ])

    /// The rows (fields) of conference.csv: the conference's facts, the catalogue it uses, and the facts
    /// printed documents need.
    public static let conferenceFields = NameTable([
        ("name", ["Tên hội nghị"]),
        ("organiser", ["Đơn vị tổ chức"]),
        ("event_date", ["Ngày tổ chức", "Ngày hội nghị"]),
        ("sessions", ["Số buổi"]),
        ("place", ["Địa điểm"]),
        ("state_venue", ["Hội trường của cơ quan nhà nước", "Hội trường nhà nước"]),
        ("venue_owner", ["Đơn vị quản lý hội trường", "Chủ hội trường"]),
        ("area", ["Khu vực", "Địa bàn"]),
        ("delegates", ["Số đại biểu"]),
        ("delegates_non_payroll", ["Số đại biểu không hưởng lương", "Đại biểu không trong danh sách trả lương"]),
        ("papers_planned", ["Số tham luận", "Số tham luận theo kế hoạch"]),
        ("budget_cap", ["Kinh phí được giao", "Dự toán được giao"]),
        ("funding_source", ["Nguồn kinh phí"]),
        ("fiscal_year", ["Năm ngân sách"]),
        ("adjustment_period_end", ["Hết thời gian chỉnh lý quyết toán", "Hạn chỉnh lý quyết toán"]),
        ("stated_total", ["Tổng dự toán", "Tổng cộng"]),
        ("plan", ["Kế hoạch"]),
        ("plan_thrift", ["Yêu cầu tiết kiệm"]),
        ("st_task", ["Nhiệm vụ khoa học và công nghệ", "Nhiệm vụ KH&CN"]),
        ("appraiser", ["Cơ quan thẩm định"]),
        ("appraisal_notice", ["Số thông báo thẩm định"]),
        ("appraisal_date", ["Ngày thẩm định", "Ngày thông báo thẩm định"]),
        ("norms", ["Tệp định mức"]),
        ("budget_codes", ["Tệp mục lục", "Tệp mục lục ngân sách"]),
        ("norms_override", ["Tệp định mức riêng"]),
        ("budget_codes_override", ["Tệp mục lục riêng"]),
        ("kind_norms", ["Tệp định mức theo loại chi"]),
        ("legal_bases", ["Tệp căn cứ pháp lý"]),
        ("description_patterns", ["Tệp từ khóa nội dung chi"]),
        ("superior_body", ["Cơ quan chủ quản"]),
        ("unit_symbol", ["Ký hiệu đơn vị"]),
        ("issue_place", ["Địa danh"]),
        ("preparer_name", ["Người lập biểu"]),
        ("chief_accountant_name", ["Kế toán trưởng"]),
        ("head_name", ["Thủ trưởng đơn vị"]),
        ("head_title", ["Chức danh thủ trưởng"]),
        ("head_authority", ["Thẩm quyền ký"]),
        ("submission_number", ["Số tờ trình"]),
        ("submission_date", ["Ngày tờ trình"]),
        ("appraiser_superior_body", ["Cơ quan chủ quản của cơ quan thẩm định"]),
        ("appraiser_signer_name", ["Người ký thẩm định"]),
        ("appraiser_signer_title", ["Chức danh người ký thẩm định"]),
        ("appraiser_signer_authority", ["Thẩm quyền ký thẩm định"]),
        ("budget_unit_code", ["Mã ĐVQHNS", "Mã đơn vị quan hệ ngân sách"]),
        ("budget_chapter", ["Chương"]),
        ("budget_sector", ["Loại khoản", "Loại - khoản"]),
        ("budget_source", ["Mã nguồn", "Mã nguồn ngân sách"]),
        ("templates", ["Thư mục mẫu văn bản"]),
    ])

    /// A decision's amounts (`approve --amounts`, `adjust --amounts`: DecisionAmounts.columns): the line and
    /// its approved amount; for a line an adjustment adds, what it pays for.
    public static let decisionAmounts = NameTable([
        ("line", ["STT", "TT", "Số TT", "Mã dòng", "Dòng"]),
        ("approved", ["Số được duyệt", "Được duyệt", "Dự toán được duyệt", "Số duyệt", "Phê duyệt", "Số sau điều chỉnh",
                      "Sau điều chỉnh", "Dự toán sau điều chỉnh", "Thành tiền", "Số tiền"]),
        ("section", ["Mục", "Phần"]),
        ("description", ["Nội dung chi", "Nội dung"]),
        ("kind", ["Loại chi"]),
        ("budget_code", ["Tiểu mục", "Mã tiểu mục"]),
        ("policy", ["Xử lý vượt dự toán"]),
    ])

    /// The voucher files of `kinhphi import` (VoucherColumn's raw values) and the flags of `record`.
    public static let vouchers = NameTable([
        ("date", ["Ngày", "Ngày chứng từ"]),
        ("voucher_no", ["Số chứng từ", "Số CT"]),
        ("line", ["Dòng", "Mã dòng", "Dòng dự toán"]),
        ("kind", ["Loại", "Loại chứng từ", "Nghiệp vụ"]),
        ("payee", ["Người nhận", "Đối tượng", "Đơn vị nhận"]),
        ("payee_type", ["Loại đối tượng"]),
        ("tax_code", ["Mã số thuế", "MST"]),
        ("description", ["Nội dung", "Nội dung chi", "Diễn giải"]),
        ("amount", ["Số tiền"]),
        ("vat", ["Thuế GTGT", "VAT"]),
        ("pit_withheld", ["Thuế TNCN", "Thuế TNCN khấu trừ"]),
        ("method", ["Hình thức", "Hình thức thanh toán"]),
        ("invoice_series", ["Ký hiệu hóa đơn"]),
        ("invoice_no", ["Số hóa đơn"]),
        ("invoice_date", ["Ngày hóa đơn"]),
        ("contract_no", ["Số hợp đồng"]),
        ("contract_value", ["Giá trị hợp đồng"]),
        ("ref", ["Chứng từ tạm ứng", "Số CT tạm ứng"]),
        ("work_date", ["Ngày hoàn thành công việc", "Ngày hoàn thành"]),
        ("payee_id", ["Số định danh", "Số định danh cá nhân", "Số CCCD", "CCCD", "Mã số thuế cá nhân", "MST cá nhân"]),
        ("staff", ["Cán bộ của đơn vị", "Cán bộ đơn vị", "Cán bộ"]),
        ("invoice_total", ["Tổng tiền hóa đơn", "Tổng tiền thanh toán của hóa đơn"]),
        ("invoice_vat", ["Thuế GTGT của hóa đơn", "Thuế GTGT hóa đơn"]),
        ("net", ["Thực nhận", "Số thực nhận", "Số tiền thực nhận"]),
    ])

    /// Values of the voucher columns `kind`, `method` and `payee_type` (keys: the English values).
    public static let voucherKinds = NameTable([
        ("payment", ["thanh toán"]),
        ("advance", ["tạm ứng"]),
        ("clearing", ["thanh toán tạm ứng", "quyết toán tạm ứng"]),
        ("refund", ["nộp trả", "hoàn trả"]),
    ])
    public static let paymentMethods = NameTable([
        ("cash", ["tiền mặt", "TM"]),
        ("transfer", ["chuyển khoản", "CK"]),
    ])
    public static let payeeTypes = NameTable([
        ("individual", ["cá nhân"]),
        ("business", ["tổ chức", "doanh nghiệp", "đơn vị"]),
    ])

    /// The catalogue files (CatalogueLoader's columns).
    public static let norms = NameTable([
        ("id", ["Mã", "Mã định mức"]),
        ("name_vi", ["Tên", "Tên định mức"]),
        ("name_en", ["Tên tiếng Anh"]),
        ("kind", ["Cách tính"]),
        ("ceiling", ["Mức", "Mức chi", "Mức tối đa"]),
        ("of", ["Tính trên"]),
        ("unit_vi", ["Đơn vị tính", "ĐVT"]),
        ("unit_en", ["Đơn vị tính tiếng Anh"]),
        ("document", ["Văn bản"]),
        ("article", ["Điều khoản"]),
        ("effective_from", ["Hiệu lực từ", "Từ ngày"]),
        ("effective_to", ["Hiệu lực đến", "Đến ngày"]),
        ("status", ["Tình trạng", "Trạng thái"]),
        ("rounding", ["Làm tròn"]),
        ("scope_vi", ["Phạm vi áp dụng", "Phạm vi"]),
        ("scope_en", ["Phạm vi áp dụng tiếng Anh"]),
    ])
    public static let budgetCodes = NameTable([
        ("code", ["Mã", "Tiểu mục", "Mã số"]),
        ("group", ["Mục"]),
        ("name_vi", ["Tên", "Tên gọi"]),
        ("name_en", ["Tên tiếng Anh"]),
        ("kinds", ["Loại chi"]),
        ("status", ["Tình trạng", "Trạng thái"]),
    ])
    public static let kindNorms = NameTable([
        ("kind", ["Loại chi"]),
        ("norm", ["Định mức", "Mã định mức"]),
        ("family", ["Nhóm"]),
        ("area", ["Khu vực", "Địa bàn"]),
        ("st_task", ["Nhiệm vụ KH&CN", "Nhiệm vụ khoa học và công nghệ"]),
        ("default", ["Mặc định"]),
        ("status", ["Tình trạng", "Trạng thái"]),
    ])
    public static let legalBases = NameTable([
        ("id", ["Mã"]),
        ("text", ["Nội dung", "Căn cứ"]),
        ("effective_from", ["Hiệu lực từ", "Từ ngày"]),
        ("effective_to", ["Hiệu lực đến", "Đến ngày"]),
        ("status", ["Tình trạng", "Trạng thái"]),
    ])
    public static let descriptionPatterns = NameTable([
        ("kind", ["Loại chi"]),
        ("pattern", ["Cụm từ", "Từ khóa"]),
        ("position", ["Vị trí"]),
        ("except", ["Trừ khi có", "Ngoại trừ"]),
    ])

    // MARK: Values

    /// `confirmed` / `provisional` (status columns of the catalogue).
    public static let statuses = NameTable([
        ("confirmed", ["đã xác nhận", "xác nhận", "chính thức"]),
        ("provisional", ["tạm tính"]),
    ])
    /// How a norm's ceiling is expressed (norms.csv `kind`).
    public static let normKinds = NameTable([
        ("amount", ["số tiền"]),
        ("percent", ["tỷ lệ", "phần trăm"]),
        ("coefficient", ["hệ số"]),
    ])
    /// Where the meeting is held (conference.csv `area`, kind-norms.csv `area`; TT 40/2017 Art. 12(4)).
    public static let areas = NameTable([
        ("city", ["nội thành", "thành phố trực thuộc trung ương"]),
        ("province", ["tỉnh", "huyện", "thị xã", "thành phố thuộc tỉnh"]),
        ("commune", ["xã", "phường", "thị trấn"]),
    ])

    /// What an estimate line pays for (keys: ItemKind's ids), and `subtotal` for a section's subtotal row.
    public static let itemKinds = NameTable([
        ("documents", ["tài liệu", "in tài liệu", "in, mua tài liệu"]),
        ("invitations", ["giấy mời"]),
        ("stationery", ["văn phòng phẩm"]),
        ("speaker-fee", ["bồi dưỡng báo cáo viên", "báo cáo viên", "bồi dưỡng báo cáo viên, chủ trì"]),
        ("paper", ["tham luận", "bài tham luận"]),
        ("travel", ["vé tàu xe", "vé máy bay", "vé tàu xe, máy bay"]),
        ("lodging", ["thuê phòng nghỉ", "phòng nghỉ"]),
        ("per-diem", ["phụ cấp lưu trú"]),
        ("hall-rent", ["thuê hội trường"]),
        ("transport", ["thuê xe", "thuê phương tiện", "thuê phương tiện đưa đón"]),
        ("interpreting", ["phiên dịch", "biên dịch", "phiên dịch, biên dịch"]),
        ("decoration", ["trang trí", "khánh tiết", "trang trí, khánh tiết"]),
        ("sound-light", ["âm thanh", "âm thanh, ánh sáng", "âm thanh, ánh sáng, màn hình"]),
        ("art-programme", ["văn nghệ", "chương trình văn nghệ"]),
        ("showcase", ["trưng bày", "trưng bày, quảng bá sản phẩm"]),
        ("hired-service", ["thuê mướn khác", "thuê mướn khác phục vụ hội nghị"]),
        ("meals", ["tiền ăn", "hỗ trợ tiền ăn"]),
        ("refreshments", ["nước uống", "giải khát", "giải khát giữa giờ", "nước uống, giải khát giữa giờ"]),
        ("secretariat", ["thư ký", "tổ thư ký", "tổ thư ký, tổng hợp, biên bản"]),
        ("media", ["tuyên truyền", "đưa tin", "tuyên truyền, đưa tin"]),
        ("reward", ["tiền thưởng", "khen thưởng", "tiền thưởng, khen thưởng"]),
        ("gift", ["quà tặng", "quà lưu niệm", "quà tặng, quà lưu niệm"]),
        ("sightseeing", ["tham quan", "tham quan, du lịch, nghỉ mát"]),
        ("banquet", ["tiệc", "chiêu đãi", "liên hoan", "tiệc, chiêu đãi, liên hoan"]),
        ("guest-reception", ["tiếp khách"]),
        ("contingency", ["dự phòng"]),
        ("other", ["chi khác"]),
        ("subtotal", ["cộng", "cộng mục", "cộng phần"]),
    ])
}
