import Foundation

// The generated workload: a year of a city's conference programme as one approved estimate of L lines,
// and N vouchers against it.
//
// - Lines cycle through 15 templates built from the bundled conference (fixtures/hoi-nghi-chuyen-gia-2025):
//   valid kinds and budget codes from fixtures/catalogue, unit prices within the cited norms, persons and
//   sessions within the event's size, quotes as evidence for lump sums. The appraisal finds no error (only
//   NORM-SCOPE warnings on the TT 03/2023 workshop rates and PIT-HONORARIUM infos, as on the bundled one).
// - Each line's quantity is sized (pass 1 of the generator) so that its vouchers fit with ~3 % to spare:
//   the stream is recorded under the strictest policy (`stop`) without a single over-budget refusal.
// - Vouchers, in date order over 02/01–31/12/2025: payments (business payees with a tax code, a unique
//   invoice per seller, VAT 8 % or 10 % inside the gross amount, cash only up to the 5.000.000 đ limit,
//   a contract number above 50.000.000 đ; honoraria to individuals named by a 12-digit payee_id with 10 %
//   PIT withheld from 2.000.000 đ — a person is paid at most once in any 4 days, so that the day's income
//   is the voucher's and no payment looks like a double one), 2 % advances to staff (staff = yes; cash
//   only up to 5.000.000 đ), each cleared in a later row within its deadline (the end of the month
//   after), and 0,5 % refunds (at most what the line has paid).
// - Handout lines (documents, stationery) are priced by the lot ("lô"), not per copy: their quantities
//   are the year's programme, far above one event's delegates (QTY-HANDOUT counts copies per delegate).
// Everything is integer arithmetic on whole đồng, driven by SplitMix64 from the seed.

enum Payees {
    case business(lo: Int64, hi: Int64)
    /// Honoraria to individuals: one of these amounts.
    case honorarium([Int64])
}

struct LineTemplate {
    let title: String
    let kind: String
    let budgetCode: String
    let unit: String
    let unitPrice: Int64
    let norm: String?
    let persons: Int64?
    let sessions: Int64?
    /// Quantity 1, unit price = the line's amount (trọn gói, with a quote as evidence).
    let lumpSum: Bool
    let evidence: String
    let payees: Payees
    /// A voucher's description (may hold commas: the CSV quotes it).
    let voucherText: String
    /// The trade of the businesses paid on such a line (index in `PayeePool.trades`).
    var trade: Int = 0

    var isHonorarium: Bool { if case .honorarium = payees { return true } else { return false } }
}

enum Templates {
    static let quote = "Báo giá số %/BG-2025 (03 báo giá so sánh)"
    /// Templates with the trade of their business payees (PayeePool.trades).
    static let all: [LineTemplate] = zip(base, [0, 9, 0, 2, 6, 6, 6, 5, 7, 4, 1, 1, 8, 6, 6]).map { t, trade in
        var t = t
        t.trade = trade
        return t
    }
    static let base: [LineTemplate] = [
        LineTemplate(title: "In giấy mời kèm phong bì", kind: "invitations", budgetCode: "6651", unit: "bộ", unitPrice: 12_000,
                     norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 500_000, hi: 15_000_000), voucherText: "In giấy mời kèm phong bì (hóa đơn GTGT)"),
        LineTemplate(title: "Chuyển phát giấy mời và phiếu xác nhận tham dự qua bưu điện", kind: "invitations", budgetCode: "6603", unit: "bì",
                     unitPrice: 25_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: "Bảng giá cước chuyển phát nội tỉnh năm 2025",
                     payees: .business(lo: 100_000, hi: 4_000_000), voucherText: "Cước chuyển phát giấy mời, phiếu xác nhận tham dự"),
        LineTemplate(title: "In tài liệu hội nghị (chương trình, tham luận; bìa màu)", kind: "documents", budgetCode: "6651", unit: "lô",
                     unitPrice: 80_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 1_000_000, hi: 40_000_000), voucherText: "In tài liệu hội nghị, bìa màu, đóng quyển"),
        LineTemplate(title: "Văn phòng phẩm cho đại biểu (cặp tài liệu, sổ, bút)", kind: "stationery", budgetCode: "6651", unit: "lô",
                     unitPrice: 35_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 200_000, hi: 8_000_000), voucherText: "Mua văn phòng phẩm: cặp tài liệu, sổ, bút"),
        LineTemplate(title: "Tham luận của chuyên gia, nhà khoa học trình bày tại hội nghị", kind: "paper", budgetCode: "6652", unit: "bài",
                     unitPrice: 3_000_000, norm: "ws-paper-presented", persons: nil, sessions: nil, lumpSum: false, evidence: "",
                     payees: .honorarium([3_000_000]), voucherText: "Thù lao tham luận trình bày tại hội nghị; khấu trừ 10% thuế TNCN"),
        LineTemplate(title: "Thư ký ghi biên bản, tổng hợp ý kiến tại hội nghị", kind: "secretariat", budgetCode: "6699", unit: "người/buổi",
                     unitPrice: 500_000, norm: "ws-secretary", persons: 4, sessions: 1, lumpSum: false, evidence: "",
                     payees: .honorarium([500_000, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]),
                     voucherText: "Bồi dưỡng thư ký ghi biên bản, tổng hợp ý kiến"),
        LineTemplate(title: "Nước uống, giải khát giữa giờ", kind: "refreshments", budgetCode: "6699", unit: "người/buổi",
                     unitPrice: 40_000, norm: "refreshments", persons: 150, sessions: 1, lumpSum: false, evidence: "",
                     payees: .business(lo: 500_000, hi: 9_000_000), voucherText: "Nước uống, giải khát giữa giờ cho đại biểu"),
        LineTemplate(title: "Hoa tươi trang trí sân khấu, bục phát biểu, bàn chủ tọa", kind: "decoration", budgetCode: "6657", unit: "lẵng",
                     unitPrice: 700_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: "Báo giá hoa tươi số %/BG-2025",
                     payees: .business(lo: 300_000, hi: 5_000_000), voucherText: "Hoa tươi trang trí sân khấu, bục phát biểu"),
        LineTemplate(title: "Thuê màn hình LED P3 trong nhà", kind: "sound-light", budgetCode: "6657", unit: "m²",
                     unitPrice: 400_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 2_000_000, hi: 45_000_000), voucherText: "Thuê màn hình LED P3, lắp đặt và vận hành"),
        LineTemplate(title: "Thuê âm thanh, ánh sáng sân khấu và kỹ thuật viên vận hành", kind: "sound-light", budgetCode: "6657", unit: "trọn gói",
                     unitPrice: 0, norm: nil, persons: nil, sessions: nil, lumpSum: true, evidence: quote,
                     payees: .business(lo: 2_000_000, hi: 45_000_000), voucherText: "Thuê âm thanh, ánh sáng, kỹ thuật viên"),
        LineTemplate(title: "Chương trình văn nghệ chào mừng", kind: "art-programme", budgetCode: "6657", unit: "trọn gói",
                     unitPrice: 0, norm: nil, persons: nil, sessions: nil, lumpSum: true, evidence: "Dự toán chương trình nghệ thuật số %/DT-2025",
                     payees: .business(lo: 5_000_000, hi: 45_000_000), voucherText: "Dàn dựng chương trình văn nghệ chào mừng"),
        LineTemplate(title: "Dựng gian trưng bày, quảng bá sản phẩm KH&CN tiêu biểu", kind: "showcase", budgetCode: "6657", unit: "gian",
                     unitPrice: 4_000_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 2_000_000, hi: 30_000_000), voucherText: "Dựng gian trưng bày: khung, bàn, standee, vận chuyển, lắp đặt"),
        LineTemplate(title: "Sản xuất video clip giới thiệu kết quả KH&CN của Thủ đô", kind: "media", budgetCode: "6606", unit: "clip",
                     unitPrice: 15_000_000, norm: nil, persons: nil, sessions: nil, lumpSum: false, evidence: quote,
                     payees: .business(lo: 3_000_000, hi: 45_000_000), voucherText: "Sản xuất video clip giới thiệu, trình chiếu tại hội nghị"),
        LineTemplate(title: "Xây dựng báo cáo tổng hợp ý kiến tham vấn", kind: "secretariat", budgetCode: "6699", unit: "báo cáo",
                     unitPrice: 1_500_000, norm: "ws-paper-written", persons: nil, sessions: nil, lumpSum: false, evidence: "",
                     payees: .honorarium([1_500_000]), voucherText: "Thù lao xây dựng báo cáo tổng hợp ý kiến tham vấn"),
        LineTemplate(title: "Chủ trì phiên thảo luận chuyên đề", kind: "speaker-fee", budgetCode: "6652", unit: "người/buổi",
                     unitPrice: 2_000_000, norm: "ws-chair", persons: 1, sessions: 1, lumpSum: false, evidence: "",
                     payees: .honorarium([2_000_000]), voucherText: "Thù lao chủ trì phiên thảo luận; khấu trừ 10% thuế TNCN"),
    ]
}

/// Names, tax codes and invoice series (each pre-encoded as a CSV cell).
struct PayeePool {
    struct Business { let name: String; let csvName: [UInt8]; let taxCode: [UInt8]; let series: [UInt8]; let vatRate: Int64 }
    struct Person { let name: String; let csvName: [UInt8]; var id: [UInt8] = [] }
    let businesses: [Business]
    static let trades = ["In và Quảng cáo", "Tổ chức Sự kiện", "Văn phòng phẩm", "Truyền thông", "Âm thanh, Ánh sáng",
                         "Hoa tươi", "Dịch vụ Hội nghị", "Thiết bị Trình chiếu", "Sản xuất Phim", "Bưu chính"]
    /// Businesses of trade t: indices 4 × (t + 10 k) + j, k < 10, j < 4 (40 per trade).
    static func business(trade t: Int, _ pick: Int) -> Int { 4 * (t + 10 * (pick / 4 % 10)) + pick % 4 }
    let people: [Person]
    let staff: [Person]
    /// Individuals paid honoraria (enough that each is paid at most once in any 4 days at a million vouchers).
    static let peopleCount = 20_000

    /// `personOffset` > 0 gives each event of the year benchmark its own experts (names further along the same
    /// lists, with the event's number); 0 is the pool every other run uses.
    init(personOffset: Int = 0) {
        let forms = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Công ty TNHH Thương mại và Dịch vụ"]
        let names = ["Thăng Long", "Hồng Hà", "Sao Mai", "Phương Nam", "Đại Việt", "An Phát", "Bình Minh", "Hà Thành",
                     "Kim Liên", "Trường An", "Hoàng Gia", "Việt Tiến", "Tân Á", "Minh Khang", "Đông Đô", "Ngọc Khánh",
                     "Thành Công", "Hưng Thịnh", "Tây Hồ", "Long Biên"]
        let trades = PayeePool.trades
        var b: [Business] = []
        for i in 0..<400 {
            let name = "\(forms[i % forms.count]) \(trades[(i / 4) % trades.count]) \(names[(i / 40 + i) % names.count])"
            let code = 100_000_000 + (i * 7_919) % 89_999_999    // "01" + 8 digits: 10 digits, unique per payee
            let letters = [UInt8(65 + i % 26), UInt8(65 + (i / 26) % 26)]
            b.append(Business(name: name, csvName: Array(Fmt.csv(name).utf8), taxCode: Array("0\(code)".utf8),
                              series: Array("1C25T".utf8) + letters, vatRate: i % 3 == 0 ? 8 : 10))
        }
        businesses = b
        let titles = ["GS.TS.", "PGS.TS.", "TS.", "ThS.", "Ông", "Bà"]
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
        let middles = ["Văn", "Thị", "Minh", "Đức", "Thu", "Hữu", "Thanh", "Quốc"]
        let givens = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai",
                      "Minh", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn"]
        var p: [Person] = []
        for k in 0..<PayeePool.peopleCount {
            let i = k + personOffset
            // (The names cycle after a few events: an event's own experts also carry its number.)
            let n = "\(titles[i % titles.count]) \(families[(i / 6) % families.count]) \(middles[(i / 7) % middles.count]) \(givens[(i * 7) % givens.count])"
                + (personOffset > 0 ? " (\(personOffset / 300))" : "")
            // A 12-digit personal identification number: province 001 (Hà Nội), century/sex digit, year of
            // birth, then a serial (unique per person, and per event of the year benchmark).
            let serial = (k + (personOffset / 300) * PayeePool.peopleCount) % 1_000_000
            let id = "001" + String(i % 2) + String(format: "%02d", 50 + i % 40) + String(format: "%06d", serial)
            p.append(Person(name: n, csvName: Array(Fmt.csv(n).utf8), id: Array(id.utf8)))
        }
        people = p
        var s: [Person] = []
        for i in 0..<24 {
            let n = "\(families[i % families.count]) \(middles[(i + 3) % middles.count]) \(givens[(i * 5) % givens.count]) (Văn phòng Sở)"
            s.append(Person(name: n, csvName: Array(Fmt.csv(n).utf8)))
        }
        staff = s
    }
}

/// One approved line of the generated estimate.
struct PlannedLine {
    let code: String
    let section: String
    let template: LineTemplate
    let description: String
    var quantity: Int64 = 1
    var unitPrice: Int64 = 0
    var amount: Int64 { quantity * unitPrice * (template.persons ?? 1) * (template.sessions ?? 1) }
}

enum RowKind { case payment, advance, clearing, refund }

/// One generated voucher, as numbers (formatted only when written).
struct Row {
    var kind: RowKind
    var day: Int            // day of 2025, 0 = 01/01
    var line: Int
    var amount: Int64
    var vat: Int64 = 0
    var pit: Int64 = 0
    var cash = false
    var business = -1       // index in PayeePool.businesses
    var person = -1         // index in PayeePool.people
    var staff = -1          // index in PayeePool.staff (advances and clearings)
    var invoice = 0         // invoice number, 0 = none
    var contract = 0        // contract number, 0 = none
    var serial = 0          // voucher number
    var refSerial = 0       // clearing: the advance's voucher number
}

/// Dates of 2025.
enum Year2025 {
    static let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    /// (month, day) of each day of the year.
    static let days: [(Int, Int)] = {
        var out: [(Int, Int)] = []
        for (m, n) in monthLengths.enumerated() { for d in 1...n { out.append((m + 1, d)) } }
        return out
    }()
    static let firstDayOfMonth: [Int] = {
        var out: [Int] = [], acc = 0
        for n in monthLengths { out.append(acc); acc += n }
        return out
    }()
    /// The last day of the month after the one holding `day` (an advance's clearing deadline).
    static func endOfFollowingMonth(_ day: Int) -> Int {
        let m = days[day].0            // 1…12
        if m >= 11 { return 364 }      // (advances stop at 31/10; keep within the year anyway)
        return firstDayOfMonth[m] + monthLengths[m] - 1
    }
    static let firstNovember = firstDayOfMonth[10]
}

/// The voucher stream: deterministic for a seed, O(1) memory per row (a bucket of pending clearings per day).
struct VoucherStream {
    let count: Int
    let lines: [PlannedLine]
    private var rng: SplitMix64
    private(set) var produced = 0
    private var pending: [[Row]] = Array(repeating: [], count: 366)
    private var pendingCount = 0
    private var pendingDay = 0
    private var paid: [Int64]
    private var serial = 0, invoice = 0, contract = 0
    private let nonHonorarium: [Int]
    private let poolSizes: (Int, Int, Int)
    /// The day each person was last paid (-100: never): a person is paid at most once in any 4 days.
    private var lastPaid: [Int]
    /// Rows of each kind so far.
    private(set) var kinds = [0, 0, 0, 0]

    static let firstDay = 1         // 02/01/2025 (the decision is dated 02/01)

    init(count: Int, lines: [PlannedLine], seed: UInt64, pool: PayeePool) {
        self.count = count
        self.lines = lines
        rng = SplitMix64(seed: seed)
        paid = Array(repeating: 0, count: lines.count)
        nonHonorarium = lines.indices.filter { !lines[$0].template.isHonorarium }
        poolSizes = (pool.businesses.count, pool.people.count, pool.staff.count)
        lastPaid = Array(repeating: -100, count: pool.people.count)
    }

    /// An amount in lo…hi, rounded down to 1.000 đ, skewed towards the small end (min of two draws).
    private mutating func amount(_ lo: Int64, _ hi: Int64) -> Int64 {
        let a = rng.between(lo, hi), b = rng.between(lo, hi)
        return max(lo, min(a, b) / 1000 * 1000)
    }

    mutating func next() -> Row? {
        guard produced < count else { return nil }
        let remaining = count - produced
        let today = VoucherStream.firstDay + Int(Int64(produced) * Int64(365 - VoucherStream.firstDay) / Int64(count))
        produced += 1
        if pendingCount > 0 {
            while pending[pendingDay].isEmpty { pendingDay += 1 }
            if pendingDay <= today || pendingCount >= remaining {
                let r = pending[pendingDay].removeFirst()
                pendingCount -= 1
                paid[r.line] += r.amount
                kinds[2] += 1
                return r
            }
        }
        let draw = rng.below(1000)
        if draw < 20 && today < Year2025.firstNovember && pendingCount + 2 <= remaining && !nonHonorarium.isEmpty {
            // An advance to a member of staff, cleared later (85–100 % spent, the rest back to the fund).
            let line = nonHonorarium[rng.below(nonHonorarium.count)]
            serial += 1
            let advAmount = amount(2_000_000, 20_000_000)
            let adv = Row(kind: .advance, day: today, line: line, amount: advAmount,
                          cash: rng.chance(500) && advAmount <= 5_000_000, staff: rng.below(poolSizes.2), serial: serial)
            serial += 1
            let spent = max(1000, adv.amount * Int64(rng.between(850, 1000)) / 1000 / 1000 * 1000)
            let day = min(today + Int(rng.between(10, 45)), Year2025.endOfFollowingMonth(today), 364)
            let clr = Row(kind: .clearing, day: day, line: line, amount: spent, cash: adv.cash, staff: adv.staff,
                          serial: serial, refSerial: adv.serial)
            pending[day].append(clr)
            pendingCount += 1
            if day < pendingDay { pendingDay = day }
            kinds[1] += 1
            return adv
        }
        if draw < 25 {
            let line = rng.below(lines.count)
            if paid[line] >= 100_000 {
                let amt = min(amount(100_000, 2_000_000), paid[line] / 1000 * 1000)
                paid[line] -= amt
                serial += 1
                kinds[3] += 1
                return Row(kind: .refund, day: today, line: line, amount: amt,
                           business: PayeePool.business(trade: lines[line].template.trade, rng.below(40)), serial: serial)
            }
        }
        // A payment.
        let line = rng.below(lines.count)
        serial += 1
        var r = Row(kind: .payment, day: today, line: line, amount: 0, serial: serial)
        switch lines[line].template.payees {
        case .business(let lo, let hi):
            r.business = PayeePool.business(trade: lines[line].template.trade, rng.below(40))
            if rng.chance(5) {
                // A contract above the Treasury threshold, paid in one go by transfer.
                r.amount = amount(50_001_000, 150_000_000)
                contract += 1
                r.contract = contract
            } else {
                r.amount = amount(lo, hi)
                r.cash = r.amount <= 5_000_000 && rng.chance(400)
            }
            let rate: Int64 = r.business % 3 == 0 ? 8 : 10
            r.vat = r.amount * rate / (100 + rate)
            invoice += 1
            r.invoice = invoice
        case .honorarium(let amounts):
            r.person = rng.below(poolSizes.1)
            while today - lastPaid[r.person] <= 3 { r.person = rng.below(poolSizes.1) }
            lastPaid[r.person] = today
            r.amount = amounts[rng.below(amounts.count)]
            if r.amount >= 2_000_000 { r.pit = r.amount / 10 }   // 10 %: exact on whole hundreds of thousands
            r.cash = r.amount <= 5_000_000 && rng.chance(300)
        }
        paid[line] += r.amount
        kinds[0] += 1
        return r
    }
}

/// The estimate and the voucher stream of one run.
struct Workload {
    let vouchers: Int
    let lineCount: Int
    let seed: UInt64
    /// 0: the one-workspace benchmark. > 0 (the year benchmark, one tag per event): voucher and invoice
    /// numbers start at tag × 10.000.000 and the experts are the event's own, so that events share no
    /// voucher, invoice or person by accident; the conference's name carries the tag.
    let tag: Int
    let pool: PayeePool
    /// Added to the conference's name (the year benchmark's copies: another event, hence another approval and
    /// another witness identity, with the same vouchers).
    var nameNote = ""
    var numberBase: Int { tag * 10_000_000 }
    private(set) var lines: [PlannedLine] = []
    /// Σ payments and advances per line (pass 1): what the approved amount must cover.
    private(set) var needed: [Int64] = []
    private(set) var papersPlanned: Int64 = 0

    static let eventDate = "20/11/2025"
    static let decisionDate = "02/01/2025"
    static let sectionThemes = ["CHUẨN BỊ VÀ TÀI LIỆU", "THAM LUẬN VÀ TỔNG HỢP Ý KIẾN", "HẬU CẦN TỔ CHỨC", "VĂN NGHỆ VÀ TRƯNG BÀY",
                                "TUYÊN TRUYỀN", "HỘI THẢO CHUYÊN ĐỀ", "TỌA ĐÀM DOANH NGHIỆP", "DIỄN ĐÀN ĐỔI MỚI SÁNG TẠO"]
    static let linesPerSection = 15

    init(vouchers: Int, lines: Int, seed: UInt64, tag: Int = 0) {
        self.vouchers = vouchers
        self.lineCount = lines
        self.seed = seed
        self.tag = tag
        pool = PayeePool(personOffset: tag * 300)
        var planned: [PlannedLine] = []
        for i in 0..<lines {
            let s = i / Workload.linesPerSection, k = i % Workload.linesPerSection
            let t = Templates.all[(i + s) % Templates.all.count]
            let section = "\(Fmt.roman(s + 1)). \(Workload.sectionThemes[s % Workload.sectionThemes.count]) — CHƯƠNG TRÌNH \(s + 1)"
            planned.append(PlannedLine(code: "\(s + 1).\(k + 1)", section: section, template: t,
                                       description: "\(t.title) (chương trình \(s + 1))"))
        }
        self.lines = planned
        sizeLines()
    }

    /// Pass 1: runs the stream once to learn what each line needs, then sizes quantities (+3 %).
    private mutating func sizeLines() {
        var need = Array(repeating: Int64(0), count: lines.count)
        var s = VoucherStream(count: vouchers, lines: lines, seed: seed, pool: pool)
        while let r = s.next() {
            switch r.kind {
            case .payment, .advance: need[r.line] += r.amount   // a clearing never exceeds its advance
            case .clearing, .refund: break
            }
        }
        needed = need
        papersPlanned = 0
        for i in lines.indices {
            let t = lines[i].template
            let target = need[i] + need[i] * 3 / 100 + 1_000_000
            if t.lumpSum {
                lines[i].quantity = 1
                lines[i].unitPrice = (target + 99_999) / 100_000 * 100_000
            } else {
                let unit = t.unitPrice * (t.persons ?? 1) * (t.sessions ?? 1)
                lines[i].unitPrice = t.unitPrice
                lines[i].quantity = max(1, (target + unit - 1) / unit)
            }
            if t.kind == "paper" { papersPlanned += lines[i].quantity * (t.persons ?? 1) }
        }
    }

    var total: Int64 { lines.reduce(0) { $0 + $1.amount } }

    // MARK: files

    func writeConference(to path: String, normsFile: String, budgetCodesFile: String) throws {
        let w = try ByteWriter(path: path)
        let rows: [(String, String)] = [
            ("name", "Chương trình hội nghị, hội thảo khoa học và công nghệ năm 2025 (\(lineCount) dòng, \(vouchers) chứng từ, dữ liệu sinh cho kiểm thử hiệu năng)"
                + (tag > 0 ? " — sự kiện \(tag)" : "") + nameNote),
            ("organiser", "Sở Khoa học và Công nghệ"),
            ("event_date", Workload.eventDate),
            ("sessions", "1"),
            ("place", "Hội trường tầng 1, trụ sở Thành ủy Hà Nội, số 9 Ngô Quyền, phường Hoàn Kiếm"),
            ("state_venue", "yes"),
            ("area", "city"),
            // Large enough for the handout lines of a million vouchers (QTY-HANDOUT caps handouts at the delegates + 20 %).
            ("delegates", "10.000.000"),
            ("delegates_non_payroll", "60"),
            ("papers_planned", Fmt.dotted(papersPlanned)),
            ("budget_cap", Fmt.dotted(total)),
            ("funding_source", "Ngân sách Thành phố giao Sở KH&CN năm 2025"),
            ("fiscal_year", "2025"),
            ("stated_total", Fmt.dotted(total)),
            ("norms", normsFile),
            ("budget_codes", budgetCodesFile),
        ]
        w.text("field,value\n")
        for (k, v) in rows { w.text(k + "," + Fmt.csv(v) + "\n") }
        try w.close()
    }

    func writeEstimate(to path: String) throws {
        let w = try ByteWriter(path: path)
        w.text(EstimateColumns.header + "\n")
        var section: String? = nil
        var subtotal: Int64 = 0
        func closeSection() {
            guard let s = section else { return }
            w.text(Fmt.csv(s) + ",,Cộng mục,,,,,,\(Fmt.dotted(subtotal)),,,subtotal,,,\n")
        }
        for (i, l) in lines.enumerated() {
            if l.section != section { closeSection(); section = l.section; subtotal = 0 }
            let t = l.template
            let evidence = t.evidence.replacingOccurrences(of: "%", with: String(i + 1))
            let cells: [String] = [
                l.section, l.code, l.description, t.unit, Fmt.dotted(l.quantity), t.persons.map(String.init) ?? "",
                t.sessions.map(String.init) ?? "", Fmt.dotted(l.unitPrice), Fmt.dotted(l.amount), t.norm ?? "",
                "TT 40/2017/TT-BTC; TT 03/2023/TT-BTC (vận dụng); báo giá", t.kind, t.budgetCode, "", evidence,
            ]
            w.text(cells.map(Fmt.csv).joined(separator: ",") + "\n")
            subtotal += l.amount
        }
        closeSection()
        try w.close()
    }

    /// Pass 2: the voucher CSV and, optionally, the same vouchers as a ledger-cli journal (one transaction
    /// per voucher that counts in the actual figure: payments, clearings, refunds) with a `~ yearly`
    /// budget of the approved amounts. Returns the stream (its counts).
    func writeVouchers(csvPath: String, ledgerPath: String?) throws -> (rows: Int, kinds: [Int], bytes: Int64, ledgerTransactions: Int) {
        let w = try ByteWriter(path: csvPath)
        let lw = try ledgerPath.map { try ByteWriter(path: $0) }
        w.text("date,voucher_no,line,kind,payee,payee_type,tax_code,description,amount,vat,pit_withheld,method,invoice_series,invoice_no,invoice_date,contract_no,contract_value,ref,work_date,payee_id,staff\n")
        let codes = lines.map { Array($0.code.utf8) }
        let texts = lines.map { Array($0.template.voucherText.utf8) }   // no quote in any template text
        let ledgerAccounts = lines.map { Array("    Expenses:\($0.code)".utf8) }
        if let lw {
            lw.text("; KinhPhi benchmark workload: seed \(seed), \(vouchers) vouchers over \(lineCount) lines.\n")
            lw.text("; One transaction per voucher that counts in the actual figure; the budget is the approved estimate.\n\n")
            lw.text("~ yearly\n")
            for (i, l) in lines.enumerated() {
                lw.bytes(ledgerAccounts[i]); lw.text("    "); lw.int(l.amount); lw.text(" VND\n")
            }
            lw.text("    Assets:Budget\n\n")
        }
        let dates: [[UInt8]] = Year2025.days.map { (m, d) in Array(String(format: "%02d/%02d/2025", d, m).utf8) }
        let ledgerDates: [[UInt8]] = Year2025.days.map { (m, d) in Array(String(format: "2025/%02d/%02d", m, d).utf8) }
        let width = max(7, String(vouchers * 2).count)
        var transactions = 0
        var s = VoucherStream(count: vouchers, lines: lines, seed: seed, pool: pool)
        while let r = s.next() {
            let l = lines[r.line]
            // date, voucher_no, line, kind
            w.bytes(dates[r.day]); w.byte(44)
            switch r.kind {
            case .payment: w.text(r.cash ? "PC-" : "UNC-")
            case .advance: w.text("TU-")
            case .clearing: w.text("TTTU-")
            case .refund: w.text("NT-")
            }
            w.padded(r.serial + numberBase, width); w.byte(44)
            w.bytes(codes[r.line]); w.byte(44)
            switch r.kind {
            case .payment: w.text("payment,")
            case .advance: w.text("advance,")
            case .clearing: w.text("clearing,")
            case .refund: w.text("refund,")
            }
            // payee, payee_type, tax_code
            let payeeName: String
            if r.business >= 0 {
                let b = pool.businesses[r.business]
                payeeName = b.name
                w.bytes(b.csvName); w.text(",business,"); w.bytes(b.taxCode); w.byte(44)
            } else if r.person >= 0 {
                payeeName = pool.people[r.person].name
                w.bytes(pool.people[r.person].csvName); w.text(",individual,,")
            } else {
                payeeName = pool.staff[r.staff].name
                w.bytes(pool.staff[r.staff].csvName); w.text(",individual,,")
            }
            // description
            switch r.kind {
            case .payment:
                if r.serial % 1009 == 0 {
                    // Now and then what real spreadsheets hold: quotes, a dash, backslashes. (No line break or TAB
                    // inside a cell any more: a text cell is one line, issue 11.)
                    w.text("\"Thanh toán theo hợp đồng \"\"Hội nghị chuyên đề\"\" (dòng \(l.code)) – (đợt \(r.serial % 97 + 1)), đính kèm C:\\hoso\\\(r.serial)\"")
                } else if r.serial % 100_003 == 0 {
                    // A formula: the CSV exports must neutralise it.
                    w.text("\"=HYPERLINK(\"\"http://example.invalid\"\") (dòng \(l.code))\"")
                } else {
                    w.byte(34); w.bytes(texts[r.line])
                    w.text(" (dòng \(l.code), lần "); w.int(Int64(r.serial % 97 + 1)); w.text(")\"")
                }
            case .advance:
                w.text("\"Tạm ứng cho \(pool.staff[r.staff].name): \(l.template.title), dòng \(l.code)\"")
            case .clearing:
                w.text("\"Thanh toán tạm ứng TU-"); w.padded(r.refSerial + numberBase, width); w.text(", dòng \(l.code); hoàn lại quỹ phần chi không hết\"")
            case .refund:
                w.text("\"Nộp trả ngân sách khoản chi thừa, dòng \(l.code) (đơn vị cung cấp hoàn trả)\"")
            }
            w.byte(44)
            // amount, vat, pit_withheld, method
            w.int(r.amount); w.byte(44)
            if r.vat > 0 { w.int(r.vat) }
            w.byte(44)
            if r.pit > 0 { w.int(r.pit) }
            w.byte(44)
            w.text(r.cash ? "cash," : "transfer,")
            // invoice_series, invoice_no, invoice_date
            if r.invoice > 0 {
                w.bytes(pool.businesses[r.business].series); w.byte(44)
                w.padded(r.invoice + numberBase, width); w.byte(44)
                w.bytes(dates[r.day]); w.byte(44)
            } else {
                w.text(",,,")
            }
            // contract_no, contract_value, ref, work_date
            if r.contract > 0 {
                w.text("HĐ "); w.padded(r.contract, 5); w.text("/2025/HĐ-DV,"); w.int(r.amount); w.byte(44)
            } else {
                w.text(",,")
            }
            if r.kind == .clearing { w.text("TU-"); w.padded(r.refSerial + numberBase, width) }
            // work_date, payee_id, staff
            w.text(",,")
            if r.person >= 0 { w.bytes(pool.people[r.person].id) }
            w.text(r.staff >= 0 ? ",yes\n" : ",\n")
            try w.maybeFlush()

            if let lw, r.kind != .advance {
                lw.bytes(ledgerDates[r.day]); lw.text(" * (")
                switch r.kind {
                case .payment: lw.text(r.cash ? "PC-" : "UNC-")
                case .clearing: lw.text("TTTU-")
                default: lw.text("NT-")
                }
                lw.padded(r.serial, width); lw.text(") "); lw.text(payeeName); lw.byte(10)
                lw.bytes(ledgerAccounts[r.line]); lw.text("    ")
                lw.int(r.kind == .refund ? -r.amount : r.amount); lw.text(" VND\n    Assets:Budget\n\n")
                transactions += 1
                try lw.maybeFlush()
            }
        }
        try w.close()
        try lw?.close()
        return (s.produced, s.kinds, w.written, transactions)
    }
}

enum EstimateColumns {
    static let header = "section,line,description,unit,quantity,persons,sessions,unit_price,amount,norm,basis,kind,budget_code,assigned_to,evidence"
}
