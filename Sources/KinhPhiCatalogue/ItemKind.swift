import KinhPhiCore

// What an estimate line pays for. The list follows what TT 40/2017/TT-BTC Art. 11 allows conference funds
// to pay for, plus the kinds an appraiser must recognise to refuse them (gifts: TT 71/2018/TT-BTC
// Art. 4(2b); contingency) or to move them to another fund (rewards: Luật Thi đua, khen thưởng 2022).
// Which budget code (mục/tiểu mục) fits which kind is data: fixtures/catalogue/budget-codes.csv.

public enum ItemKind: String, Sendable, Codable, CaseIterable {
    case documents, invitations, stationery
    case speakerFee = "speaker-fee"
    case paper
    case travel, lodging
    case perDiem = "per-diem"
    case hallRent = "hall-rent"
    case transport, interpreting
    case decoration
    case soundLight = "sound-light"
    case artProgramme = "art-programme"
    case showcase
    case hiredService = "hired-service"
    case meals, refreshments
    case secretariat
    case media
    case reward
    case gift
    case sightseeing, banquet
    case guestReception = "guest-reception"
    case contingency
    case other

    public var name: Bilingual {
        switch self {
        case .documents: return Bilingual(vi: "in, mua tài liệu", en: "printing and buying documents")
        case .invitations: return Bilingual(vi: "giấy mời", en: "invitations")
        case .stationery: return Bilingual(vi: "văn phòng phẩm", en: "stationery")
        case .speakerFee: return Bilingual(vi: "bồi dưỡng báo cáo viên, chủ trì", en: "speaker and chair fees")
        case .paper: return Bilingual(vi: "tham luận", en: "commissioned papers")
        case .travel: return Bilingual(vi: "vé tàu xe, máy bay", en: "travel tickets")
        case .lodging: return Bilingual(vi: "thuê phòng nghỉ", en: "lodging")
        case .perDiem: return Bilingual(vi: "phụ cấp lưu trú", en: "travel per diem")
        case .hallRent: return Bilingual(vi: "thuê hội trường", en: "hall rent")
        case .transport: return Bilingual(vi: "thuê phương tiện đưa đón", en: "transport hire")
        case .interpreting: return Bilingual(vi: "phiên dịch, biên dịch", en: "interpreting and translation")
        case .decoration: return Bilingual(vi: "trang trí, khánh tiết", en: "decoration")
        case .soundLight: return Bilingual(vi: "âm thanh, ánh sáng, màn hình", en: "sound, light and screens")
        case .artProgramme: return Bilingual(vi: "chương trình văn nghệ", en: "art programme")
        case .showcase: return Bilingual(vi: "trưng bày, quảng bá sản phẩm", en: "product showcase")
        case .hiredService: return Bilingual(vi: "thuê mướn khác phục vụ hội nghị", en: "other hired services")
        case .meals: return Bilingual(vi: "hỗ trợ tiền ăn", en: "meal support")
        case .refreshments: return Bilingual(vi: "nước uống, giải khát giữa giờ", en: "refreshments")
        case .secretariat: return Bilingual(vi: "tổ thư ký, tổng hợp, biên bản", en: "secretariat, minutes and summary")
        case .media: return Bilingual(vi: "tuyên truyền, đưa tin", en: "media and publicity")
        case .reward: return Bilingual(vi: "tiền thưởng, khen thưởng", en: "cash rewards")
        case .gift: return Bilingual(vi: "quà tặng, quà lưu niệm", en: "gifts and souvenirs")
        case .sightseeing: return Bilingual(vi: "tham quan, du lịch, nghỉ mát", en: "sightseeing and leisure")
        case .banquet: return Bilingual(vi: "tiệc, chiêu đãi, liên hoan", en: "banquets and parties")
        case .guestReception: return Bilingual(vi: "tiếp khách", en: "guest reception")
        case .contingency: return Bilingual(vi: "dự phòng", en: "contingency")
        case .other: return Bilingual(vi: "chi khác", en: "other")
        }
    }

    /// Kinds whose payee is an individual paid a fee (honorarium): personal income tax applies.
    public var isHonorarium: Bool {
        switch self {
        case .speakerFee, .paper, .secretariat: return true
        default: return false
        }
    }

    /// Kinds that pay a cost the budget bears for a person (tickets, lodging, per diem, meal support) rather
    /// than income for a service: a payment to an individual on such a line is not income from which personal
    /// income tax is withheld (docs/decisions.md, issue 14). Every other kind paid to an individual is.
    public var isCostSupport: Bool {
        switch self {
        case .travel, .lodging, .perDiem, .meals: return true
        default: return false
        }
    }

    /// Kinds that pay a person for work — fees, papers, the secretariat, interpreting, performing, media
    /// production, hired services: income of an individual from which PIT is withheld (TT 111/2013 Art.
    /// 25(1)(i): *tiền công, tiền thù lao, tiền chi khác*), as opposed to a cost the budget bears for them
    /// (`isCostSupport`) or goods bought from or through them (documents, stationery, refreshments,
    /// flowers…: not their wage-like income). The one list (issue 14; the year report's person-and-day check
    /// uses it too): docs/decisions.md.
    public var paysForWork: Bool {
        switch self {
        case .speakerFee, .paper, .secretariat, .artProgramme, .interpreting, .media, .hiredService: return true
        default: return false
        }
    }

    /// Kinds conference funds never pay for: a line of such a kind (declared, or read from its description)
    /// is appraised at 0 by its ITEM-* rule.
    public var isNotPayable: Bool {
        switch self {
        case .gift, .sightseeing, .banquet, .contingency, .reward: return true
        default: return false
        }
    }

    /// Kinds a delegate receives one of (documents, stationery): their count is checked against the
    /// delegates plus a reserve (QTY-HANDOUT).
    public var isHandout: Bool { self == .documents || self == .stationery }

    public static let byID: [String: ItemKind] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// A kind as written in a file: its id (`refreshments`) or a Vietnamese name (`nước uống`, `Giải khát`;
    /// InputNames.itemKinds), case- and accent-insensitive. Nil for anything else — and for `subtotal`,
    /// which is a row type of the estimate, not a kind.
    public static func parse(_ text: String) -> ItemKind? {
        if let k = byID[text.lowercased()] { return k }
        return InputNames.itemKinds.key(for: text).flatMap { byID[$0] }
    }

    public static let expected = Bilingual(
        vi: "một loại nội dung chi, mã hoặc tên tiếng Việt: " + allCases.map { "\($0.rawValue) (\(InputNames.itemKinds.label($0.rawValue)))" }.joined(separator: ", "),
        en: "an item kind, its id or Vietnamese name: " + allCases.map { "\($0.rawValue) (\(InputNames.itemKinds.label($0.rawValue)))" }.joined(separator: ", "))
}
