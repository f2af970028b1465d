import KinhPhiCore
import KinhPhiCatalogue

// The checks run on every voucher before it is recorded, one type per rule, in the style of the appraisal
// rules: an ID, a severity, the legal basis, and a pure check that looks only at the voucher and the
// context (the approved budget, the norms in force on the voucher date from the approval's catalogue
// snapshot, and the journal so far). Every check is O(1). An `error` finding refuses the voucher; a
// `warning` is reported and the voucher is recorded. docs/journal.md lists them with their bases.

/// One recording check.
public protocol RecordingRule: Sendable {
    var id: String { get }
    var severity: Severity { get }
    var title: Bilingual { get }
    var basis: String { get }
    func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding?
}

extension RecordingRule {
    func finding(_ ctx: RecordingContext, _ v: Voucher, vi: String, en: String, severity: Severity? = nil,
                 basis: String? = nil, provisional: Bool = false) -> Finding {
        Finding(ruleID: id, severity: severity ?? self.severity, lineCode: v.line, message: Bilingual(vi: vi, en: en),
                basis: basis ?? self.basis, provisional: provisional)
    }
}

/// The norms a recording check may need, in force on one date, read from the approval's snapshot.
final class DateNorms {
    let pitThreshold: ResolvedNorm?
    let pitRate: (Quantity, Norm)?
    let cashLimit: ResolvedNorm?
    let contractThreshold: ResolvedNorm?
    let advanceCap: (Quantity, Norm)?

    /// Norm ids (the values are data in the catalogue, effective-dated).
    static let pitThresholdID = "pit-threshold", pitRateID = "pit-rate", cashLimitID = "cash-limit"
    static let contractThresholdID = "treasury-contract-threshold", advanceCapID = "advance-cap"

    init(_ c: Catalogue, _ d: CivilDate) {
        pitThreshold = (try? c.resolve(Self.pitThresholdID, on: d)) ?? nil
        pitRate = c.rate(Self.pitRateID, on: d)
        cashLimit = (try? c.resolve(Self.cashLimitID, on: d)) ?? nil
        contractThreshold = (try? c.resolve(Self.contractThresholdID, on: d)) ?? nil
        advanceCap = c.rate(Self.advanceCapID, on: d)
    }
}

/// Norms by date, resolved once per distinct voucher date.
final class NormCache {
    let catalogue: Catalogue
    private var byDate: [Int32: DateNorms] = [:]
    private var lastKey: Int32 = 0
    private var last: DateNorms? = nil
    init(_ catalogue: Catalogue) { self.catalogue = catalogue }
    func on(_ d: CivilDate) -> DateNorms {
        let key = RecordFields.pack(d)
        if key == lastKey, let last { return last }
        lastKey = key
        if let n = byDate[key] { last = n; return n }
        let n = DateNorms(catalogue, d)
        byDate[key] = n
        last = n
        return n
    }
}

/// Everything a recording check may look at.
public struct RecordingContext {
    let state: JournalState
    let norms: DateNorms
    /// The voucher's line in the state's index, when the version in force on its date has it.
    let lineIndex: Int?
    /// The effective record already holding the voucher's invoice / voucher number (index lookups done once).
    let invoiceHolder: Int?
    let voucherHolder: Int?
    public var budget: ApprovedBudget { state.budget }
    // (The version in force on the voucher date and today are kept by the state, set once per voucher or
    // per command, so that this context stays as small as it was: the rules' specialisations pass it
    // exploded, in registers.)
    /// The voucher's approved line under the version in force on its date (nil when the code is not in it).
    public var line: ApprovedLine? { lineIndex.flatMap { state.preparedVersion.line($0) } }
    /// The approval version in force on the voucher date.
    public var approval: ApprovalVersion { state.preparedVersion.version }
    /// Today in Hà Nội, by the clock (KINHPHI_CLOCK in tests).
    public var today: CivilDate { state.today }
}

extension RecordingContext {
    /// How a finding names record `seq`: "bản ghi 12", or "dòng 5 của tệp này" when it is a row of the
    /// import under way (not in the journal yet: if the import is refused, record `seq` never exists).
    func name(of seq: Int) -> Bilingual {
        if let row = state.batchRow(of: seq) { return Bilingual(vi: "dòng \(row) của tệp này", en: "row \(row) of this file") }
        return Bilingual(vi: "bản ghi \(seq)", en: "record \(seq)")
    }
}

func vnd(_ m: Money) -> String { VietnameseNumberFormat.money(m) }
func eng(_ m: Money) -> String { VietnameseNumberFormat.moneyEnglish(m) }
func vnd(_ d: Int64) -> String { VietnameseNumberFormat.money((try? Money(dong: d)) ?? .zero) }
func eng(_ d: Int64) -> String { VietnameseNumberFormat.moneyEnglish((try? Money(dong: d)) ?? .zero) }

/// An ordered list of recording rules, built as a generic composition — `NoRecordingRules().then(A()).then(B())…`
/// has the type `RecordingRuleLink<RecordingRuleLink<NoRecordingRules, A>, B>` — so that checking a voucher
/// calls every rule's `check` directly, specialised and inlined, with no dynamic dispatch. Measured on the
/// import of 100.000 vouchers (callgrind, docs/performance.md): this list 4.668,5 M instructions, the same
/// rules as an array of existentials 4.751,2 M, as a parameter pack 4.753,3 M (Swift 6.3 does not
/// specialise the pack's iteration): dispatch costs 1,8 % of the import, so the composition it is.
public protocol RecordingRuleChain: Sendable {
    /// Every rule's finding on the voucher, in order, appended to `out`.
    func check(_ v: Voucher, _ ctx: RecordingContext, into out: inout [Finding])
    /// The rules, in order, appended to `all`.
    func appendRules(to all: inout [any RecordingRule])
}

extension RecordingRuleChain {
    /// This list with `rule` checked after every rule already in it.
    public func then<R: RecordingRule>(_ rule: R) -> RecordingRuleLink<Self, R> { RecordingRuleLink(previous: self, rule: rule) }

    /// The rules, in order.
    public var rules: [any RecordingRule] {
        var all: [any RecordingRule] = []
        appendRules(to: &all)
        return all
    }
}

/// The empty list.
public struct NoRecordingRules: RecordingRuleChain {
    public init() {}
    @inline(__always) public func check(_ v: Voucher, _ ctx: RecordingContext, into out: inout [Finding]) {}
    public func appendRules(to all: inout [any RecordingRule]) {}
}

/// A list and one more rule, checked after it.
public struct RecordingRuleLink<Previous: RecordingRuleChain, Rule: RecordingRule>: RecordingRuleChain {
    let previous: Previous
    let rule: Rule

    @inline(__always) public func check(_ v: Voucher, _ ctx: RecordingContext, into out: inout [Finding]) {
        previous.check(v, ctx, into: &out)
        if let f = rule.check(v, ctx) { out.append(f) }
    }

    public func appendRules(to all: inout [any RecordingRule]) {
        previous.appendRules(to: &all)
        all.append(rule)
    }
}

public enum RecordingRules {
    /// Every voucher check, in the order findings are reported: the list `record` and `import` run (through
    /// `Journal.check`, its only caller). Adding a rule: a type below, one `.then` here, a row in
    /// docs/journal.md (Recording checks) and docs/rules.md, and a voucher that trips it in
    /// `JournalRulesTests.trips` (the test fails until it has one).
    static let list = NoRecordingRules()
        .then(AmountsConsistent())
        .then(LineInBudget())
        .then(FiscalYearDate())
        .then(NotInFuture())
        .then(BusinessTaxCode())
        .then(VoucherNumberUnique())
        .then(AdvanceHasNumber())
        .then(ClearingNamesAdvance())
        .then(RefundWithinSpent())
        .then(AdvanceRecovery())
        .then(DuplicateInvoice())
        .then(CashLimit())
        .then(HonorariumIncomeTax())
        .then(ContractReference())
        .then(AdvanceCap())
        .then(OverBudget())

    /// The same rules, as values, in the same order (reports, tests).
    public static let all: [any RecordingRule] = list.rules

    static let budgetLawBasis = "Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2 (chỉ chi khi có trong dự toán được giao)"
}

// MARK: - Rules

/// REC-AMOUNTS: amount > 0; VAT and PIT withheld within the gross amount; only a clearing names an advance.
public struct AmountsConsistent: RecordingRule {
    public init() {}
    public var id: String { "REC-AMOUNTS" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Số tiền trên chứng từ nhất quán", en: "Voucher amounts consistent") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (nội dung chứng từ: số tiền)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        if v.amount.dong <= 0 {
            return finding(ctx, v, vi: "số tiền phải lớn hơn 0", en: "the amount must be greater than 0")
        }
        if v.vat.isNegative || v.vat > v.amount || v.pitWithheld.isNegative || v.pitWithheld > v.amount {
            return finding(ctx, v, vi: "thuế GTGT và thuế TNCN khấu trừ phải từ 0 đến số tiền \(vnd(v.amount))",
                           en: "VAT and PIT withheld must lie between 0 and the amount \(eng(v.amount))")
        }
        if let c = v.contractValue, c.dong <= 0 {
            return finding(ctx, v, vi: "giá trị hợp đồng phải lớn hơn 0", en: "the contract value must be greater than 0")
        }
        if v.kind != .clearing && v.kind != .refund && v.clears != nil {
            return finding(ctx, v, vi: "chỉ chứng từ thanh toán tạm ứng (hoặc nộp trả thu hồi tạm ứng) mới dẫn chiếu khoản tạm ứng",
                           en: "only a clearing (or a refund recovering an advance) names an advance")
        }
        return nil
    }
}

/// REC-LINE: the voucher's line exists in the approved budget.
public struct LineInBudget: RecordingRule {
    public init() {}
    public var id: String { "REC-LINE" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Dòng có trong dự toán được duyệt", en: "Line in the approved budget") }
    public var basis: String { RecordingRules.budgetLawBasis }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard ctx.lineIndex == nil else { return nil }
        // A line an adjustment added exists from that decision's date.
        if let i = ctx.state.lineIndex(of: v.line), let from = ctx.state.versions.first(where: { $0.line(i) != nil })?.version, from.number > 1 {
            return finding(ctx, v, vi: "dòng \"\(v.line)\" chỉ có trong dự toán từ quyết định điều chỉnh \(from.decisionNumber) ngày \(from.decisionDate); chứng từ ghi ngày \(v.date)",
                           en: "line \"\(v.line)\" is in the budget only from the adjustment decision \(from.decisionNumber) of \(from.decisionDate); the voucher is dated \(v.date)")
        }
        return finding(ctx, v, vi: "dòng \"\(v.line)\" không có trong dự toán được duyệt (QĐ \(ctx.approval.decisionNumber))",
                       en: "line \"\(v.line)\" is not in the approved budget (decision \(ctx.approval.decisionNumber))")
    }
}

/// REC-FISCAL-YEAR: the voucher date lies in the budget year; after 31/12 and until the end of the
/// adjustment period only payments (and clearings) for work done by 31/12, and refunds.
public struct FiscalYearDate: RecordingRule {
    public init() {}
    public var id: String { "REC-FISCAL-YEAR" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Chi trong năm ngân sách", en: "Spent within the budget year") }
    public var basis: String { "Luật NSNN 2015 (83/2015/QH13) Điều 14 (năm ngân sách 01/01–31/12); Điều 64 khoản 2–3 (thời gian chỉnh lý quyết toán; kinh phí chưa chi hết không chuyển năm sau)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        let fy = ctx.budget.fiscalYear
        guard let first = CivilDate(year: fy, month: 1, day: 1), let last = CivilDate(year: fy, month: 12, day: 31) else { return nil }
        let adj = ctx.budget.adjustmentPeriodEnd
        if v.date < first {
            return finding(ctx, v, vi: "ngày chứng từ \(v.date) trước năm ngân sách \(fy)", en: "voucher date \(v.date) is before budget year \(fy)")
        }
        if v.date <= last { return nil }
        // Recovering an advance (a refund naming it) brings money back: never too late (a conference can
        // always be settled).
        if v.kind == .refund && v.clears != nil { return nil }
        if v.date > adj {
            return finding(ctx, v, vi: "ngày chứng từ \(v.date) sau thời gian chỉnh lý quyết toán (đến \(adj)): kinh phí năm \(fy) không chi tiếp",
                           en: "voucher date \(v.date) is after the adjustment period (to \(adj)): \(fy) money can no longer be spent")
        }
        switch v.kind {
        case .refund:
            return nil
        case .advance:
            return finding(ctx, v, vi: "không tạm ứng kinh phí năm \(fy) sau 31/12/\(fy) (ngày \(v.date))",
                           en: "no advance of \(fy) money after 31/12/\(fy) (dated \(v.date))")
        case .payment, .clearing:
            let work = v.effectiveWorkDate
            if work <= last && work >= first { return nil }
            return finding(ctx, v,
                vi: "chi trong thời gian chỉnh lý (\(v.date)) chỉ cho công việc đã thực hiện đến 31/12/\(fy); ngày thực hiện \(work)" + (v.workDate == nil ? " (ghi work_date nếu khác ngày chứng từ)" : ""),
                en: "payments in the adjustment period (\(v.date)) only for work done by 31/12/\(fy); work date \(work)" + (v.workDate == nil ? " (give work_date if it differs from the voucher date)" : ""))
        }
    }
}

/// REC-TAX-CODE: a business payee carries its tax code.
public struct BusinessTaxCode: RecordingRule {
    public init() {}
    public var id: String { "REC-TAX-CODE" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Đơn vị nhận tiền có mã số thuế", en: "Business payee has a tax code") }
    public var basis: String { "NĐ 123/2020/NĐ-CP Điều 10 (nội dung hóa đơn: mã số thuế người bán)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.payeeType == .business, v.taxCode == nil, v.kind != .refund else { return nil }
        return finding(ctx, v, vi: "\"\(v.payee)\" là tổ chức/doanh nghiệp: cần mã số thuế (tax_code)",
                       en: "\"\(v.payee)\" is a business: its tax code (tax_code) is required")
    }
}

/// REC-VOUCHER-NO: a voucher number is used by one effective record only.
public struct VoucherNumberUnique: RecordingRule {
    public init() {}
    public var id: String { "REC-VOUCHER-NO" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Số chứng từ không trùng", en: "Voucher number not reused") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (số hiệu chứng từ kế toán)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.voucherNumber, let holder = ctx.voucherHolder else { return nil }
        let who = ctx.name(of: holder)
        // A row of the same import is corrected in the file; a record in the journal only by reversing it.
        let fix = ctx.state.batchRow(of: holder) != nil
            ? Bilingual(vi: "sửa một trong hai dòng", en: "correct one of the two rows")
            : Bilingual(vi: "muốn sửa: đảo bản ghi đó rồi ghi lại", en: "to correct it: reverse that record, then record again")
        return finding(ctx, v, vi: "số chứng từ \"\(n)\" đã dùng ở \(who.vi) (\(fix.vi))",
                       en: "voucher number \"\(n)\" is already used by \(who.en) (\(fix.en))")
    }
}

/// REC-ADVANCE-NO: an advance carries a voucher number, by which its clearing names it.
public struct AdvanceHasNumber: RecordingRule {
    public init() {}
    public var id: String { "REC-ADVANCE-NO" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Tạm ứng có số chứng từ", en: "Advance has a voucher number") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16; thanh toán tạm ứng dẫn chiếu khoản tạm ứng (TT 17/2024/TT-BTC)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .advance, v.voucherNumber == nil else { return nil }
        return finding(ctx, v, vi: "khoản tạm ứng cần số chứng từ (voucher_no) để chứng từ thanh toán tạm ứng dẫn chiếu",
                       en: "an advance needs a voucher number (voucher_no) for its clearing to name it")
    }
}

/// REC-CLEARING: a clearing names (ref = the advance's voucher number) an advance that is recorded, not
/// reversed, not yet cleared, on the same line.
public struct ClearingNamesAdvance: RecordingRule {
    public init() {}
    public var id: String { "REC-CLEARING" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Thanh toán tạm ứng dẫn chiếu khoản tạm ứng còn mở", en: "Clearing names an open advance") }
    public var basis: String { "TT 17/2024/TT-BTC (thanh toán tạm ứng)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .clearing else { return nil }
        guard let seq = v.clears else {
            if let r = v.ref {
                return finding(ctx, v, vi: "không có khoản tạm ứng còn hiệu lực với số chứng từ \"\(r)\"", en: "no effective advance has voucher number \"\(r)\"")
            }
            return finding(ctx, v, vi: "chứng từ thanh toán tạm ứng phải ghi ref = số chứng từ của khoản tạm ứng", en: "a clearing must give ref = the advance's voucher number")
        }
        let advance = ctx.name(of: seq)
        guard let a = ctx.state.record(seq), a.kind == KindCode.advance, !a.reversed else {
            return finding(ctx, v, vi: "\(advance.vi) không phải khoản tạm ứng còn hiệu lực", en: "\(advance.en) is not an effective advance")
        }
        if a.link != 0 {
            let by = ctx.name(of: Int(a.link))
            return finding(ctx, v, vi: "khoản tạm ứng (\(advance.vi)) đã được thanh toán ở \(by.vi)", en: "the advance (\(advance.en)) was already cleared by \(by.en)")
        }
        if let li = ctx.lineIndex, Int(a.line) != li {
            let other = ctx.state.allLines[Int(a.line)].code
            // "dòng" is both a budget line and a file row in Vietnamese: the budget line is "dòng dự toán" here.
            return finding(ctx, v, vi: "khoản tạm ứng (\(advance.vi)) thuộc dòng dự toán \(other), không phải dòng dự toán \(v.line)",
                           en: "the advance (\(advance.en)) is on line \(other), not \(v.line)")
        }
        return nil
    }
}

/// REC-REFUND: a refund returns at most what the line has spent.
public struct RefundWithinSpent: RecordingRule {
    public init() {}
    public var id: String { "REC-REFUND" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Nộp trả không vượt số đã chi", en: "Refund within what was spent") }
    public var basis: String { "Luật NSNN 2015 (83/2015/QH13); quyết toán theo số thực chi" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .refund, v.clears == nil, let li = ctx.lineIndex else { return nil }
        let spent = ctx.state.paid[li]
        guard v.amount.dong > spent else { return nil }
        return finding(ctx, v, vi: "nộp trả \(vnd(v.amount)) lớn hơn số dòng \(v.line) đã chi \(vnd(spent))",
                       en: "refund of \(eng(v.amount)) exceeds the \(eng(spent)) spent on line \(v.line)")
    }
}

/// REC-DUP-INVOICE: an invoice (seller's tax code + series + number) is paid once.
public struct DuplicateInvoice: RecordingRule {
    public init() {}
    public var id: String { "REC-DUP-INVOICE" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Hóa đơn không thanh toán hai lần", en: "Invoice not paid twice") }
    public var basis: String { "NĐ 123/2020/NĐ-CP Điều 10 (ký hiệu, số hóa đơn); Luật Kế toán 2015 Điều 16" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.invoiceNumber, let holder = ctx.invoiceHolder else { return nil }
        let what = [v.taxCode, v.invoiceSeries, n].compactMap { $0 }.joined(separator: " / ")
        let who = ctx.name(of: holder)
        return finding(ctx, v, vi: "hóa đơn \(what) đã được ghi ở \(who.vi)", en: "invoice \(what) is already recorded as \(who.en)")
    }
}

/// REC-CASH-LIMIT: a payment to a business above the cash limit goes by transfer.
public struct CashLimit: RecordingRule {
    public init() {}
    public var id: String { "REC-CASH-LIMIT" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Chi cho tổ chức trên hạn mức phải chuyển khoản", en: "Business payments above the cash limit by transfer") }
    public var basis: String { "TT 13/2017/TT-BTC" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.method == .cash, v.payeeType == .business, v.kind != .refund else { return nil }
        guard let limit = ctx.norms.cashLimit else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có \"\(DateNorms.cashLimitID)\" hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no \"\(DateNorms.cashLimitID)\" in force on \(v.date): cannot check")
        }
        guard v.amount > limit.ceiling else { return nil }
        return finding(ctx, v, vi: "chi tiền mặt \(vnd(v.amount)) cho tổ chức \"\(v.payee)\" vượt \(vnd(limit.ceiling)): phải chuyển khoản",
                       en: "cash payment of \(eng(v.amount)) to the business \"\(v.payee)\" exceeds \(eng(limit.ceiling)): pay by transfer",
                       basis: limit.basis, provisional: limit.provisional)
    }
}

/// REC-PIT: an honorarium (line kind speaker fee, paper, secretariat) of at least the threshold to an
/// individual has exactly the PIT rate withheld (rounded by rule R1).
public struct HonorariumIncomeTax: RecordingRule {
    public init() {}
    public var id: String { "REC-PIT" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Khấu trừ thuế TNCN khi chi thù lao", en: "PIT withheld on honoraria") }
    public var basis: String { "TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.payeeType == .individual, v.kind == .payment || v.kind == .clearing,
              let line = ctx.line, line.kind.isHonorarium else { return nil }
        guard let threshold = ctx.norms.pitThreshold, let (rate, rateNorm) = ctx.norms.pitRate else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có pit-threshold/pit-rate hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no pit-threshold/pit-rate in force on \(v.date): cannot check")
        }
        guard v.amount >= threshold.ceiling else { return nil }
        guard let due = try? Rounding.amount(unitPrice: v.amount, factors: [rate]) else { return nil }
        guard v.pitWithheld != due else { return nil }
        let pct = VietnameseNumberFormat.quantity((try? rate * Quantity(whole: 100)) ?? rate)
        return finding(ctx, v,
            vi: "thù lao \(vnd(v.amount)) cho cá nhân ≥ \(vnd(threshold.ceiling)): phải khấu trừ \(pct)% thuế TNCN = \(vnd(due)), chứng từ ghi \(vnd(v.pitWithheld))",
            en: "honorarium of \(eng(v.amount)) to an individual ≥ \(eng(threshold.ceiling)): \(pct)% PIT = \(eng(due)) must be withheld, the voucher has \(eng(v.pitWithheld))",
            basis: threshold.basis + (rateNorm.basis == threshold.norm.basis ? "" : "; " + rateNorm.basis),
            provisional: threshold.provisional || rateNorm.status == .provisional)
    }
}

/// REC-CONTRACT: a payment or advance on a contract above the Treasury threshold (or itself above it)
/// carries the contract number.
public struct ContractReference: RecordingRule {
    public init() {}
    public var id: String { "REC-CONTRACT" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Hợp đồng trên ngưỡng có số hợp đồng", en: "Contract above the threshold referenced") }
    public var basis: String { "TT 17/2024/TT-BTC Điều 5" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind != .refund, v.contractNumber == nil else { return nil }
        let value = v.contractValue ?? v.amount
        guard let t = ctx.norms.contractThreshold else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có \"\(DateNorms.contractThresholdID)\" hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no \"\(DateNorms.contractThresholdID)\" in force on \(v.date): cannot check")
        }
        guard value > t.ceiling else { return nil }
        return finding(ctx, v,
            vi: "giá trị \(vnd(value)) vượt \(vnd(t.ceiling)): hợp đồng gửi Kho bạc kiểm soát, chứng từ phải ghi số hợp đồng (contract_no)",
            en: "value \(eng(value)) exceeds \(eng(t.ceiling)): the contract goes to the Treasury and the voucher must give its number (contract_no)",
            basis: t.basis, provisional: t.provisional)
    }
}

/// REC-ADVANCE-CAP: advances on a contract add up to at most the cap (50 %) of its value.
public struct AdvanceCap: RecordingRule {
    public init() {}
    public var id: String { "REC-ADVANCE-CAP" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Tạm ứng hợp đồng trong mức cho phép", en: "Contract advance within the cap") }
    public var basis: String { "TT 17/2024/TT-BTC Điều 6" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .advance, let contract = v.contractNumber else { return nil }
        guard let value = v.contractValue else {
            return finding(ctx, v, vi: "tạm ứng theo hợp đồng \(contract): cần giá trị hợp đồng (contract_value) để kiểm tra mức tạm ứng",
                           en: "advance on contract \(contract): the contract value (contract_value) is needed to check the cap")
        }
        guard let (rate, norm) = ctx.norms.advanceCap else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có \"\(DateNorms.advanceCapID)\" hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no \"\(DateNorms.advanceCapID)\" in force on \(v.date): cannot check")
        }
        guard let cap = try? Rounding.amount(unitPrice: value, factors: [rate]) else { return nil }
        let before = ctx.state.advancedOnContract(contract)
        let after = before &+ v.amount.dong
        guard after > cap.dong else { return nil }
        let pct = VietnameseNumberFormat.quantity((try? rate * Quantity(whole: 100)) ?? rate)
        return finding(ctx, v,
            vi: "tạm ứng hợp đồng \(contract) lên \(vnd(after)) (đã tạm ứng \(vnd(before))) vượt \(pct)% giá trị \(vnd(value)) = \(vnd(cap))",
            en: "advances on contract \(contract) would reach \(eng(after)) (already \(eng(before))), above \(pct)% of its value \(eng(value)) = \(eng(cap))",
            basis: norm.basis, provisional: norm.status == .provisional)
    }
}

/// REC-OVER-BUDGET: paid + advances not cleared stay within the line's approved amount; beyond it the line's
/// policy decides (stop = refused, warn = warning, ignore = nothing).
public struct OverBudget: RecordingRule {
    public init() {}
    public var id: String { "REC-OVER-BUDGET" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Không vượt dự toán được duyệt của dòng", en: "Within the line's approved amount") }
    public var basis: String { RecordingRules.budgetLawBasis + "; chế độ xử lý vượt dự toán của dòng ghi trong approved.json" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let li = ctx.lineIndex, let line = ctx.line else { return nil }
        let effect: Int64
        switch v.kind {
        case .payment, .advance: effect = v.amount.dong
        case .clearing:
            guard let a = v.clears.flatMap({ ctx.state.record($0) }) else { return nil }
            effect = v.amount.dong - a.amount
        case .refund: return nil
        }
        guard effect > 0 else { return nil }
        let before = ctx.state.committed(li)
        let (after, overflow) = before.addingReportingOverflow(effect)
        if overflow || after > Money.limit {
            return finding(ctx, v, vi: "tổng số chi của dòng \(line.code) sẽ thành \(overflow ? "quá" : vnd(after)), vượt giới hạn số tiền 999.999.999.999.999 đ: không ghi (sổ sẽ không cộng được)",
                           en: "line \(line.code)'s total would become \(overflow ? "too large" : eng(after)), beyond the money limit of 999,999,999,999,999 dong: not recorded (the books could not add up)")
        }
        // The whole journal's total too: each line may fit while their sum does not (status and settle
        // would then call the journal broken).
        let (total, totalOverflow) = ctx.state.totalCommitted.addingReportingOverflow(effect)
        if totalOverflow || total > Money.limit {
            return finding(ctx, v, vi: "tổng số chi của cả nhật ký sẽ vượt giới hạn số tiền 999.999.999.999.999 đ: không ghi (sổ sẽ không cộng được)",
                           en: "the whole journal's total would exceed the money limit of 999,999,999,999,999 dong: not recorded (the books could not add up)")
        }
        guard after > line.approved.dong else { return nil }
        let sev: Severity
        switch line.policy {
        case .stop: sev = .error
        case .warn: sev = .warning
        case .ignore: return nil
        }
        let over = after - line.approved.dong
        return finding(ctx, v,
            vi: "dòng \(line.code) đã dùng \(vnd(before)) (chi + tạm ứng chưa thanh toán); thêm \(vnd(effect)) thành \(vnd(after)), vượt dự toán được duyệt \(vnd(line.approved)) là \(vnd(over)) (chế độ: \(line.policy.rawValue))",
            en: "line \(line.code) has used \(eng(before)) (paid + advances not cleared); \(eng(effect)) more makes \(eng(after)), \(eng(over)) over the approved \(eng(line.approved)) (policy: \(line.policy.rawValue))",
            severity: sev)
    }
}

/// REC-FUTURE-DATE: a voucher is not dated after today (the clock: KINHPHI_CLOCK in tests).
public struct NotInFuture: RecordingRule {
    public init() {}
    public var id: String { "REC-FUTURE-DATE" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Chứng từ không ghi ngày tương lai", en: "Voucher not dated in the future") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (chứng từ lập khi nghiệp vụ phát sinh)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.date > ctx.today else { return nil }
        return finding(ctx, v, vi: "ngày chứng từ \(v.date) sau hôm nay (\(ctx.today)): chỉ ghi chứng từ đã phát sinh (kiểm tra ngày, tháng, năm)",
                       en: "voucher date \(v.date) is after today (\(ctx.today)): only vouchers that have happened are recorded (check the day, month and year)")
    }
}

/// REC-RECOVERY: a refund that names an advance (ref = its voucher number) recovers it whole: the advance is
/// open (not cleared, not recovered, not reversed), on the same line, and the refund is of its amount. The
/// advance is then closed with nothing spent (thu hồi tạm ứng) — how an advance still open after the
/// adjustment period is closed, so that the conference can be settled.
public struct AdvanceRecovery: RecordingRule {
    public init() {}
    public var id: String { "REC-RECOVERY" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Thu hồi tạm ứng trả lại đủ khoản tạm ứng còn mở", en: "A recovery returns an open advance whole") }
    public var basis: String { "TT 17/2024/TT-BTC (thu hồi tạm ứng); Luật NSNN 2015 (83/2015/QH13) Điều 64 (kinh phí chưa sử dụng nộp trả ngân sách)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .refund, let seq = v.clears else { return nil }
        let advance = ctx.name(of: seq)
        guard let a = ctx.state.record(seq), a.kind == KindCode.advance, !a.reversed else {
            return finding(ctx, v, vi: "\(advance.vi) không phải khoản tạm ứng còn hiệu lực", en: "\(advance.en) is not an effective advance")
        }
        if a.link != 0 {
            let by = ctx.name(of: Int(a.link))
            return finding(ctx, v,
                vi: "khoản tạm ứng (\(advance.vi)) đã được thanh toán hoặc thu hồi ở \(by.vi): phần chưa chi đã trở lại dòng dự toán, không nộp trả theo khoản tạm ứng nữa",
                en: "the advance (\(advance.en)) was already cleared or recovered by \(by.en): its unspent part is back on the line; no refund names it any more")
        }
        if let li = ctx.lineIndex, Int(a.line) != li {
            let other = ctx.state.allLines[Int(a.line)].code
            return finding(ctx, v, vi: "khoản tạm ứng (\(advance.vi)) thuộc dòng dự toán \(other), không phải dòng dự toán \(v.line)",
                           en: "the advance (\(advance.en)) is on line \(other), not \(v.line)")
        }
        guard v.amount.dong == a.amount else {
            return finding(ctx, v,
                vi: "thu hồi tạm ứng (\(advance.vi)) phải bằng số tạm ứng \(vnd(a.amount)), chứng từ ghi \(vnd(v.amount)); phần việc đã làm được thanh toán bằng chứng từ thanh toán tạm ứng (clearing)",
                en: "recovering the advance (\(advance.en)) returns its whole \(eng(a.amount)), the voucher says \(eng(v.amount)); work done is paid by a clearing instead")
        }
        return nil
    }
}

// MARK: - Reversals

/// Checks on a reversal of record `of`.
public enum ReversalRules {
    public static let targetID = "REV-TARGET"
    public static let clearedID = "REV-ADVANCE-CLEARED"
    public static let reasonID = "REV-REASON"
    public static let basis = "Luật Kế toán 2015 (88/2015/QH13), sửa chữa sổ kế toán bằng bút toán đảo (ghi số âm), không tẩy xóa"

    static func check(of target: Int, reason: String, state: JournalState) -> [Finding] {
        var out: [Finding] = []
        let rec = state.record(target)
        let lineCode = rec.flatMap { $0.line >= 0 ? state.allLines[Int($0.line)].code : nil }
        func f(_ id: String, vi: String, en: String) -> Finding {
            Finding(ruleID: id, severity: .error, lineCode: lineCode, message: Bilingual(vi: vi, en: en), basis: basis)
        }
        if NumberParser.trimSpaces(reason).isEmpty {
            out.append(f(reasonID, vi: "cần ghi lý do đảo bút toán", en: "a reversal needs a reason"))
        }
        guard let rec else {
            out.append(f(targetID, vi: "không có bản ghi số \(target) (nhật ký có \(state.records.count) bản ghi)",
                         en: "there is no record \(target) (the journal has \(state.records.count))"))
            return out
        }
        if rec.kind == KindCode.adjustment {
            out.append(f(targetID, vi: "bản ghi \(target) là điều chỉnh dự toán: không đảo được (điều chỉnh lại bằng một quyết định mới: kinhphi adjust)",
                         en: "record \(target) is a budget adjustment: it cannot be reversed (adjust again by a new decision: kinhphi adjust)"))
        } else if rec.kind == KindCode.reversal {
            out.append(f(targetID, vi: "bản ghi \(target) là bút toán đảo: không đảo một bút toán đảo (ghi lại chứng từ gốc nếu cần)",
                         en: "record \(target) is a reversal: a reversal is not reversed (record the voucher again instead)"))
        } else if rec.reversed {
            out.append(f(targetID, vi: "bản ghi \(target) đã bị đảo", en: "record \(target) has already been reversed"))
        } else if rec.kind == KindCode.advance && rec.link != 0 {
            out.append(f(clearedID, vi: "khoản tạm ứng \(target) đã được thanh toán ở bản ghi \(rec.link): đảo bản ghi \(rec.link) trước",
                         en: "advance \(target) was cleared by record \(rec.link): reverse record \(rec.link) first"))
        }
        return out
    }

    /// What `reverse <target>` names: `#12` is record 12; digits are a record number — or a voucher number,
    /// and when they are both (of two different records) the reversal is refused naming both; anything else
    /// is a voucher number (compared as REC-VOUCHER-NO compares them). A voucher number no record carries is
    /// refused.
    enum Target { case record(Int), refused(Finding) }

    static func resolve(_ target: String, state: JournalState) -> Target {
        let t = String(NumberParser.trimSpaces(target))
        func refuse(vi: String, en: String) -> Target {
            .refused(Finding(ruleID: targetID, severity: .error, lineCode: nil, message: Bilingual(vi: vi, en: en), basis: basis))
        }
        func describe(_ seq: Int) -> Bilingual {
            guard let r = state.record(seq) else { return Bilingual(vi: "bản ghi \(seq)", en: "record \(seq)") }
            let what: Bilingual
            switch r.kind {
            case KindCode.reversal: what = Bilingual(vi: "bút toán đảo", en: "a reversal")
            case KindCode.adjustment: what = Bilingual(vi: "điều chỉnh dự toán", en: "a budget adjustment")
            default:
                let k = KindCode.voucherKind(r.kind)?.name ?? Bilingual(vi: "", en: "")
                let line = r.line >= 0 ? state.allLines[Int(r.line)].code : ""
                let d = RecordFields.unpack(r.date).map(\.description) ?? ""
                what = Bilingual(vi: "\(k.vi) dòng \(line) ngày \(d), \(vnd(r.amount))", en: "\(k.en) on line \(line) of \(d), \(eng(r.amount))")
            }
            return Bilingual(vi: "bản ghi \(seq) (\(what.vi))", en: "record \(seq) (\(what.en))")
        }
        if t.hasPrefix("#"), let n = Int(t.dropFirst()), n > 0 { return .record(n) }
        let digits = !t.isEmpty && t.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let byNumber = t.isEmpty ? nil : state.voucherRecord(t)
        if digits, let n = Int(t) {
            guard let v = byNumber, v != n else { return .record(n) }
            guard state.record(n) != nil else { return .record(v) }
            let a = describe(n), b = describe(v)
            return refuse(vi: "\"\(t)\" vừa là số của \(a.vi), vừa là số chứng từ của \(b.vi): viết #\(n) hoặc #\(v) để chọn",
                          en: "\"\(t)\" is both the number of \(a.en) and the voucher number of \(b.en): write #\(n) or #\(v) to choose")
        }
        guard let v = byNumber else {
            return refuse(vi: "không có chứng từ số \"\(t)\" trong nhật ký (số thứ tự bản ghi: kinhphi explain <hồ sơ> <dòng>)",
                          en: "no voucher numbered \"\(t)\" in the journal (record numbers: kinhphi explain <workspace> <line>)")
        }
        return .record(v)
    }
}
