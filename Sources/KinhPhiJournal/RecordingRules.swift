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
    /// The citation printed when the approval's catalogue has no legal-basis table (or no row in force).
    var basis: String { get }
    /// The citation's id in the dated legal-basis table (legal-bases.csv, frozen in approved.json), looked
    /// up on the voucher date — or on 01/01 of the budget year when `basisByBudgetYear` (the State Budget
    /// Law governs by budget year: a 2025 budget spent in January 2026 is still under the 2015 law). nil: the
    /// rule prints the basis of the norm it used, or `basis`.
    var basisID: String? { get }
    var basisByBudgetYear: Bool { get }
    func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding?
}

extension RecordingRule {
    public var basisID: String? { nil }
    public var basisByBudgetYear: Bool { false }

    func finding(_ ctx: RecordingContext, _ v: Voucher, vi: String, en: String, severity: Severity? = nil,
                 basis: String? = nil, provisional: Bool = false) -> Finding {
        Finding(ruleID: id, severity: severity ?? self.severity, lineCode: v.line, message: Bilingual(vi: vi, en: en),
                basis: basis ?? ctx.citation(of: self, v), provisional: provisional)
    }
}

/// The norms a recording check may need, in force on one date, read from the approval's snapshot.
final class DateNorms {
    let pitThreshold: ResolvedNorm?
    let pitRate: (Quantity, Norm)?
    let cashLimit: ResolvedNorm?
    let cashLimitIndividual: ResolvedNorm?
    let contractThreshold: ResolvedNorm?
    let advanceCap: (Quantity, Norm)?

    /// Norm ids (the values are data in the catalogue, effective-dated).
    static let pitThresholdID = "pit-threshold", pitRateID = "pit-rate", cashLimitID = "cash-limit"
    static let cashLimitIndividualID = "cash-limit-individual"
    static let contractThresholdID = "treasury-contract-threshold", advanceCapID = "advance-cap"

    init(_ c: Catalogue, _ d: CivilDate) {
        pitThreshold = (try? c.resolve(Self.pitThresholdID, on: d)) ?? nil
        pitRate = c.rate(Self.pitRateID, on: d)
        cashLimit = (try? c.resolve(Self.cashLimitID, on: d)) ?? nil
        cashLimitIndividual = (try? c.resolve(Self.cashLimitIndividualID, on: d)) ?? nil
        contractThreshold = (try? c.resolve(Self.contractThresholdID, on: d)) ?? nil
        advanceCap = c.rate(Self.advanceCapID, on: d)
    }
}

/// Norms by date, resolved once per distinct voucher date.
final class NormCache {
    let catalogue: Catalogue
    /// 01/01 of the budget year: the day the State Budget Law citations are looked up on.
    let budgetYearStart: CivilDate
    private var byDate: [Int32: DateNorms] = [:]
    private var lastKey: Int32 = 0
    private var last: DateNorms? = nil
    init(_ catalogue: Catalogue, fiscalYear: Int) {
        self.catalogue = catalogue
        budgetYearStart = CivilDate(year: fiscalYear, month: 1, day: 1) ?? CivilDate(year: 1900, month: 1, day: 1)!
    }
    convenience init(_ budget: ApprovedBudget) { self.init(budget.catalogue, fiscalYear: budget.fiscalYear) }
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
    let cache: NormCache
    /// What the cross-record indexes hold about the voucher (index lookups done once: `JournalState.prepare`).
    var lookup: CrossLookup { state.lookup }
    var catalogue: Catalogue { cache.catalogue }
    var budgetYearStart: CivilDate { cache.budgetYearStart }
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

    /// The citation a rule prints: its row of the dated legal-basis table in force on the voucher date (or
    /// on 01/01 of the budget year), else its built-in text.
    func citation(of rule: some RecordingRule, _ v: Voucher) -> String {
        guard let id = rule.basisID else { return rule.basis }
        return catalogue.basis(id, on: rule.basisByBudgetYear ? budgetYearStart : v.date, fallback: rule.basis)
    }
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
        .then(PayeeIdentified())
        .then(VoucherNumberUnique())
        .then(AdvanceHasNumber())
        .then(ClearingNamesAdvance())
        .then(RefundWithinSpent())
        .then(AdvanceRecovery())
        .then(DuplicateInvoice())
        .then(InvoiceWithinTotal())
        .then(IndividualVAT())
        .then(CashLimit())
        .then(IndividualCash())
        .then(IncomeTax())
        .then(StaffIncome())
        .then(NetPaid())
        .then(LikelyDoublePayment())
        .then(ContractReference())
        .then(AdvanceCap())
        .then(OverBudget())

    /// The same rules, as values, in the same order (reports, tests).
    public static let all: [any RecordingRule] = list.rules

    /// The built-in citation of the State Budget Law's "spend only what the estimate gives" (used when the
    /// approval's catalogue has no legal-basis table).
    static let budgetLawBasis = "Luật NSNN 2015 (83/2015/QH13) Điều 12 khoản 2 (chỉ chi khi có trong dự toán được giao)"

    /// A likely double payment: the same payee paid the same amount on the same line within this many days
    /// (REC-DOUBLE-PAY). Not a legal figure: a reviewer's habit (docs/decisions.md).
    public static let doublePaymentDays = 3
}

// MARK: - Rules

/// REC-AMOUNTS: amount > 0; VAT and PIT withheld within the gross amount; an invoice's VAT within its
/// total, and both only with an invoice number; only a clearing names an advance.
public struct AmountsConsistent: RecordingRule {
    public init() {}
    public var id: String { "REC-AMOUNTS" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Số tiền trên chứng từ nhất quán", en: "Voucher amounts consistent") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (nội dung chứng từ: số tiền)" }
    public var basisID: String? { "accounting-voucher" }
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
        if (v.invoiceTotal != nil || v.invoiceVAT != nil) && v.invoiceNumber == nil {
            return finding(ctx, v, vi: "có tổng tiền hoặc thuế GTGT của hóa đơn nhưng không có số hóa đơn (invoice_no)",
                           en: "an invoice total or VAT without the invoice number (invoice_no)")
        }
        if let t = v.invoiceTotal, t.dong <= 0 {
            return finding(ctx, v, vi: "tổng tiền hóa đơn phải lớn hơn 0", en: "the invoice total must be greater than 0")
        }
        if let t = v.invoiceTotal, let iv = v.invoiceVAT, iv.isNegative || iv > t {
            return finding(ctx, v, vi: "thuế GTGT của hóa đơn \(vnd(iv)) phải từ 0 đến tổng tiền hóa đơn \(vnd(t))",
                           en: "the invoice's VAT \(eng(iv)) must lie between 0 and its total \(eng(t))")
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
    public var basisID: String? { "within-estimate" }
    public var basisByBudgetYear: Bool { true }
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
    public var basisID: String? { "year-end" }
    public var basisByBudgetYear: Bool { true }
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
    public var basisID: String? { "invoice-content" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.payeeType == .business, v.taxCode == nil, v.kind != .refund else { return nil }
        return finding(ctx, v, vi: "\"\(v.payee)\" là tổ chức/doanh nghiệp: cần mã số thuế (tax_code)",
                       en: "\"\(v.payee)\" is a business: its tax code (tax_code) is required")
    }
}

/// REC-PAYEE-ID (warning): an individual paid income carries an identifier (payee_id) the PIT return and
/// the withholding certificate name them by; an identifier already recorded under another name is pointed
/// out (names compared after normalising case, spaces and Unicode composition).
public struct PayeeIdentified: RecordingRule {
    public init() {}
    public var id: String { "REC-PAYEE-ID" }
    public var severity: Severity { Severity.warning }
    public var title: Bilingual { Bilingual(vi: "Cá nhân nhận thu nhập có số định danh hoặc mã số thuế", en: "Individual paid income identified") }
    public var basis: String { "TT 111/2013/TT-BTC Điều 25 khoản 2 (chứng từ khấu trừ thuế); quyết toán thuế TNCN theo mã số thuế, số định danh cá nhân" }
    public var basisID: String? { "pit-payee-id" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        if let other = ctx.lookup.otherNameSeq, let id = v.payeeID {
            let who = ctx.name(of: other)
            return finding(ctx, v, vi: "payee_id \(id) đã ghi ở \(who.vi) với tên khác: kiểm tra \"\(v.payee)\" có đúng người đó không",
                           en: "payee_id \(id) was recorded by \(who.en) under another name: check that \"\(v.payee)\" is that person")
        }
        guard ctx.lookup.paysIncome, v.payeeID == nil else { return nil }
        return finding(ctx, v, vi: "trả thu nhập cho cá nhân \"\(v.payee)\" không có payee_id (số CCCD 12 chữ số hoặc mã số thuế cá nhân 10 chữ số): cần để khai thuế TNCN và cấp chứng từ khấu trừ",
                       en: "income paid to the individual \"\(v.payee)\" without payee_id (12-digit citizen ID number or 10-digit personal tax code): needed for the PIT return and the withholding certificate")
    }
}

/// REC-VOUCHER-NO: a voucher number names one voucher. Its parts on several lines share it (same payee,
/// date and kind; one part per line); any other reuse by an effective record is refused.
public struct VoucherNumberUnique: RecordingRule {
    public init() {}
    public var id: String { "REC-VOUCHER-NO" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Số chứng từ không trùng", en: "Voucher number not reused") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (số hiệu chứng từ kế toán)" }
    public var basisID: String? { "voucher-number" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.voucherNumber else { return nil }
        func fix(_ holder: Int) -> Bilingual {
            // A row of the same import is corrected in the file; a record in the journal only by reversing it.
            ctx.state.batchRow(of: holder) != nil
                ? Bilingual(vi: "sửa một trong hai dòng", en: "correct one of the two rows")
                : Bilingual(vi: "muốn sửa: đảo bản ghi đó rồi ghi lại", en: "to correct it: reverse that record, then record again")
        }
        if let holder = ctx.lookup.voucherOnLine {
            let who = ctx.name(of: holder), f = fix(holder)
            return finding(ctx, v, vi: "số chứng từ \"\(n)\" đã dùng ở \(who.vi) (\(f.vi))",
                           en: "voucher number \"\(n)\" is already used by \(who.en) (\(f.en))")
        }
        if let e = ctx.lookup.voucher, e.kind != KindCode.of(v.kind) || e.date != RecordFields.pack(v.date) || e.payee != ctx.lookup.payeeHash {
            let who = ctx.name(of: Int(e.seq)), f = fix(Int(e.seq))
            return finding(ctx, v,
                vi: "số chứng từ \"\(n)\" đã dùng ở \(who.vi) cho chứng từ khác (các phần của một chứng từ trên nhiều dòng cùng người nhận, ngày và loại) (\(f.vi))",
                en: "voucher number \"\(n)\" is already used by \(who.en) for another voucher (the parts of one voucher on several lines share the payee, date and kind) (\(f.en))")
        }
        return nil
    }
}

/// REC-ADVANCE-NO: an advance carries a voucher number, by which its clearing names it.
public struct AdvanceHasNumber: RecordingRule {
    public init() {}
    public var id: String { "REC-ADVANCE-NO" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Tạm ứng có số chứng từ", en: "Advance has a voucher number") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16; thanh toán tạm ứng dẫn chiếu khoản tạm ứng (TT 17/2024/TT-BTC)" }
    public var basisID: String? { "advance-clearing" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .advance, v.voucherNumber == nil else { return nil }
        return finding(ctx, v, vi: "khoản tạm ứng cần số chứng từ (voucher_no) để chứng từ thanh toán tạm ứng dẫn chiếu",
                       en: "an advance needs a voucher number (voucher_no) for its clearing to name it")
    }
}

/// REC-CLEARING: a clearing names (by `ref`) an effective advance, not yet cleared, on its own line (an
/// advance split over several lines shares one voucher number: the part on the clearing's line).
public struct ClearingNamesAdvance: RecordingRule {
    public init() {}
    public var id: String { "REC-CLEARING" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Thanh toán tạm ứng dẫn chiếu khoản tạm ứng còn mở", en: "Clearing names an open advance") }
    public var basis: String { "TT 17/2024/TT-BTC (thanh toán tạm ứng)" }
    public var basisID: String? { "advance-clearing" }
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
    public var basisID: String? { "actual-spending" }
    public var basisByBudgetYear: Bool { true }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .refund, v.clears == nil, let li = ctx.lineIndex else { return nil }
        let spent = ctx.state.paid[li]
        guard v.amount.dong > spent else { return nil }
        return finding(ctx, v, vi: "nộp trả \(vnd(v.amount)) lớn hơn số dòng \(v.line) đã chi \(vnd(spent))",
                       en: "refund of \(eng(v.amount)) exceeds the \(eng(spent)) spent on line \(v.line)")
    }
}

/// REC-DUP-INVOICE: an invoice (seller's tax code + series + number) is paid once on a line. One invoice
/// may be split over several lines (one part per line: REC-INVOICE-TOTAL keeps the parts within it).
public struct DuplicateInvoice: RecordingRule {
    public init() {}
    public var id: String { "REC-DUP-INVOICE" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Hóa đơn không thanh toán hai lần trên một dòng", en: "Invoice not paid twice on a line") }
    public var basis: String { "NĐ 123/2020/NĐ-CP Điều 10 (ký hiệu, số hóa đơn); Luật Kế toán 2015 Điều 16" }
    public var basisID: String? { "invoice-content" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.invoiceNumber, v.kind != .refund, let holder = ctx.lookup.invoiceOnLine else { return nil }
        let what = [v.taxCode, v.invoiceSeries, n].compactMap { $0 }.joined(separator: " / ")
        let who = ctx.name(of: holder)
        return finding(ctx, v, vi: "hóa đơn \(what) đã được ghi ở \(who.vi) trên cùng dòng dự toán \(v.line)",
                       en: "invoice \(what) is already recorded as \(who.en) on the same line \(v.line)")
    }
}

/// REC-INVOICE-TOTAL: the parts of an invoice split over several lines never add up to more than the
/// invoice (its `invoice_total`, and its VAT `invoice_vat`, when a part gives them), and the parts agree on
/// those figures.
public struct InvoiceWithinTotal: RecordingRule {
    public init() {}
    public var id: String { "REC-INVOICE-TOTAL" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Các phần của hóa đơn không vượt tổng hóa đơn", en: "Invoice parts within the invoice") }
    public var basis: String { "NĐ 123/2020/NĐ-CP Điều 10 (tổng số tiền thanh toán, thuế GTGT trên hóa đơn)" }
    public var basisID: String? { "invoice-content" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.invoiceNumber, v.kind != .refund else { return nil }
        var what: String { [v.taxCode, v.invoiceSeries, n].compactMap { $0 }.joined(separator: " / ") }
        let e = ctx.lookup.invoice
        if let t = v.invoiceTotal, let e, e.total != 0, e.total != t.dong {
            let who = ctx.name(of: Int(e.totalSeq))
            return finding(ctx, v, vi: "tổng tiền hóa đơn \(what) ghi \(vnd(t)), \(who.vi) đã ghi \(vnd(e.total))",
                           en: "invoice \(what) total given as \(eng(t)); \(who.en) gave \(eng(e.total))")
        }
        if let iv = v.invoiceVAT, let e, e.vat != 0, e.vat != iv.dong {
            let who = ctx.name(of: Int(e.vatSeq))
            return finding(ctx, v, vi: "thuế GTGT của hóa đơn \(what) ghi \(vnd(iv)), \(who.vi) đã ghi \(vnd(e.vat))",
                           en: "invoice \(what) VAT given as \(eng(iv)); \(who.en) gave \(eng(e.vat))")
        }
        let sum = (e?.sum ?? 0) &+ v.amount.dong, vatSum = (e?.vatSum ?? 0) &+ v.vat.dong, parts = Int(e?.parts ?? 0) + 1
        let total = e.flatMap { $0.total == 0 ? nil : $0.total } ?? v.invoiceTotal?.dong
        if let total, sum > total {
            return finding(ctx, v,
                vi: "\(parts) phần của hóa đơn \(what) cộng \(vnd(sum)), vượt tổng tiền hóa đơn \(vnd(total)) là \(vnd(sum - total))",
                en: "the \(parts) parts of invoice \(what) add up to \(eng(sum)), \(eng(sum - total)) above its total \(eng(total))")
        }
        let vatTotal = e.flatMap { $0.vat == 0 ? nil : $0.vat } ?? v.invoiceVAT?.dong
        if let vatTotal, vatSum > vatTotal {
            return finding(ctx, v,
                vi: "thuế GTGT của \(parts) phần hóa đơn \(what) cộng \(vnd(vatSum)), vượt thuế GTGT của hóa đơn \(vnd(vatTotal))",
                en: "the VAT of the \(parts) parts of invoice \(what) adds up to \(eng(vatSum)), above the invoice's VAT \(eng(vatTotal))")
        }
        return nil
    }
}

/// REC-VAT-INDIVIDUAL: VAT on a payment to an individual needs the invoice it is written on; an
/// individual's honorarium or fee carries no VAT.
public struct IndividualVAT: RecordingRule {
    public init() {}
    public var id: String { "REC-VAT-INDIVIDUAL" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Không ghi thuế GTGT khi trả cho cá nhân không có hóa đơn", en: "No VAT on an individual without an invoice") }
    public var basis: String { "NĐ 123/2020/NĐ-CP Điều 8, Điều 10 (thuế GTGT ghi trên hóa đơn giá trị gia tăng của người bán)" }
    public var basisID: String? { "vat-invoice" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.payeeType == .individual, v.vat.dong > 0, v.invoiceNumber == nil else { return nil }
        return finding(ctx, v, vi: "ghi thuế GTGT \(vnd(v.vat)) khi trả cho cá nhân \"\(v.payee)\" mà không có hóa đơn: thù lao, tiền công của cá nhân không có thuế GTGT (ghi số hóa đơn nếu có)",
                       en: "VAT of \(eng(v.vat)) on a payment to the individual \"\(v.payee)\" without an invoice: an individual's fee carries no VAT (give the invoice number if there is one)")
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

/// REC-CASH-INDIVIDUAL (warning): cash to an individual above `cash-limit-individual` is allowed (TT
/// 13/2017 lets payments to individuals be made in cash) but pointed out — only where the catalogue has
/// that norm in force; without it the rule is silent. A clearing counts only the cash beyond its advance.
public struct IndividualCash: RecordingRule {
    public init() {}
    public var id: String { "REC-CASH-INDIVIDUAL" }
    public var severity: Severity { Severity.warning }
    public var title: Bilingual { Bilingual(vi: "Chi tiền mặt lớn cho cá nhân", en: "Large cash payment to an individual") }
    public var basis: String { "TT 13/2017/TT-BTC Điều 6 khoản 1 (chi cho cá nhân bằng tiền mặt)" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.method == .cash, v.payeeType == .individual, v.kind != .refund,
              let limit = ctx.norms.cashLimitIndividual, v.amount > limit.ceiling else { return nil }
        // A clearing hands over in cash only what the advance did not cover (the advance was warned itself).
        var cash = v.amount.dong
        if v.kind == .clearing, let s = v.clears, let a = ctx.state.record(s) { cash = v.amount.dong &- a.amount }
        guard cash > limit.ceiling.dong else { return nil }
        return finding(ctx, v, vi: "chi tiền mặt \(vnd(cash)) cho cá nhân \"\(v.payee)\" trên \(vnd(limit.ceiling)): được phép, nên chuyển khoản",
                       en: "cash payment of \(eng(cash)) to the individual \"\(v.payee)\" above \(eng(limit.ceiling)): allowed, a transfer is preferable",
                       basis: limit.basis, provisional: limit.provisional)
    }
}

/// REC-PIT: personal income tax on income paid to an individual who is not the organiser's staff, on any
/// line but a cost the budget bears for them (travel, lodging, per diem, meal support): what one person is
/// paid on one day is one payment for the threshold (TT 111/2013 Art. 25(1)(i), "từ 2.000.000 đồng/lần":
/// splitting it does not avoid the tax). When the day's income reaches `pit-threshold`, `pit-rate` of the
/// day's income (R1) is due; each voucher withholds what is due minus what that day's earlier vouchers
/// withheld. Below it nothing is withheld. PIT is withheld only from a payment or clearing of income to an
/// individual who is not staff.
public struct IncomeTax: RecordingRule {
    public init() {}
    public var id: String { "REC-PIT" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Khấu trừ thuế TNCN trên thu nhập trả cho cá nhân", en: "PIT withheld on income paid to individuals") }
    public var basis: String { "TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        let paying = v.kind == .payment || v.kind == .clearing
        if v.pitWithheld.dong > 0 {
            if !paying || v.payeeType != .individual {
                return finding(ctx, v, vi: "thuế TNCN chỉ khấu trừ khi trả thu nhập (thanh toán) cho cá nhân; chứng từ ghi \(vnd(v.pitWithheld))",
                               en: "PIT is withheld only when income is paid to an individual; the voucher has \(eng(v.pitWithheld))")
            }
            if v.staff {
                return finding(ctx, v, vi: "\"\(v.payee)\" là cán bộ của đơn vị: không khấu trừ 10% thuế TNCN tại đây (thu nhập tính cùng tiền lương, tiền công); chứng từ ghi \(vnd(v.pitWithheld))",
                               en: "\"\(v.payee)\" is the organiser's staff: no flat 10 % PIT here (the income is taxed with their salary); the voucher has \(eng(v.pitWithheld))")
            }
            if let line = ctx.line, line.kind.isCostSupport {
                return finding(ctx, v, vi: "khoản chi \(line.kind.name.vi) không phải thu nhập của cá nhân: không khấu trừ thuế TNCN; chứng từ ghi \(vnd(v.pitWithheld))",
                               en: "\(line.kind.name.en) is not income of the individual: no PIT is withheld; the voucher has \(eng(v.pitWithheld))")
            }
        }
        guard ctx.lookup.paysIncome || Voucher.paysIncome(kind: v.kind, individual: v.payeeType == .individual, staff: v.staff,
                                                          onContract: v.contractNumber != nil,
                                                          incomeLine: ctx.line.map { $0.kind.paysForWork } ?? false) else { return nil }
        guard let threshold = ctx.norms.pitThreshold, let (rate, rateNorm) = ctx.norms.pitRate else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có pit-threshold/pit-rate hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no pit-threshold/pit-rate in force on \(v.date): cannot check")
        }
        let before = ctx.lookup.personDay
        let earlier = before?.gross ?? 0, withheld = before?.pit ?? 0, count = Int(before?.count ?? 0)
        let (day, overflow) = earlier.addingReportingOverflow(v.amount.dong)
        guard !overflow, let dayMoney = try? Money(dong: day) else { return nil }
        let required: Int64
        var due = Money.zero
        if dayMoney >= threshold.ceiling {
            guard let d = try? Rounding.amount(unitPrice: dayMoney, factors: [rate]) else { return nil }
            due = d
            required = max(0, d.dong - withheld)
        } else {
            required = 0
        }
        guard v.pitWithheld.dong != required else { return nil }
        let pct = VietnameseNumberFormat.quantity((try? rate * Quantity(whole: 100)) ?? rate)
        let basis = threshold.basis + (rateNorm.basis == threshold.norm.basis ? "" : "; " + rateNorm.basis)
        let provisional = threshold.provisional || rateNorm.status == .provisional
        let req = vnd(required), reqEn = eng(required)
        if count == 0 {
            if dayMoney >= threshold.ceiling {
                return finding(ctx, v,
                    vi: "thu nhập \(vnd(v.amount)) trả cho cá nhân ≥ \(vnd(threshold.ceiling)): phải khấu trừ \(pct)% thuế TNCN = \(req), chứng từ ghi \(vnd(v.pitWithheld))",
                    en: "income of \(eng(v.amount)) paid to an individual ≥ \(eng(threshold.ceiling)): \(pct)% PIT = \(reqEn) must be withheld, the voucher has \(eng(v.pitWithheld))",
                    basis: basis, provisional: provisional)
            }
            return finding(ctx, v,
                vi: "thu nhập \(vnd(v.amount)) dưới \(vnd(threshold.ceiling)): không khấu trừ thuế TNCN, chứng từ ghi \(vnd(v.pitWithheld))",
                en: "income of \(eng(v.amount)) below \(eng(threshold.ceiling)): no PIT is withheld, the voucher has \(eng(v.pitWithheld))",
                basis: basis, provisional: provisional)
        }
        let sameDay = "cùng ngày \(v.date) đã trả cho \"\(v.payee)\" \(vnd(earlier)) ở \(count) khoản (đã khấu trừ \(vnd(withheld)))"
        let sameDayEn = "on \(v.date) \"\(v.payee)\" was already paid \(eng(earlier)) in \(count) payment(s) (\(eng(withheld)) withheld)"
        if dayMoney >= threshold.ceiling {
            return finding(ctx, v,
                vi: "\(sameDay); cộng khoản này \(vnd(dayMoney)) ≥ \(vnd(threshold.ceiling)): thuế \(pct)% trên cả ngày là \(vnd(due)), khoản này phải khấu trừ \(req), chứng từ ghi \(vnd(v.pitWithheld))",
                en: "\(sameDayEn); with this one \(eng(dayMoney)) ≥ \(eng(threshold.ceiling)): \(pct)% of the day's income is \(eng(due)), this voucher must withhold \(reqEn), it has \(eng(v.pitWithheld))",
                basis: basis, provisional: provisional)
        }
        return finding(ctx, v,
            vi: "\(sameDay); cộng khoản này \(vnd(dayMoney)) dưới \(vnd(threshold.ceiling)): không khấu trừ, chứng từ ghi \(vnd(v.pitWithheld))",
            en: "\(sameDayEn); with this one \(eng(dayMoney)) is below \(eng(threshold.ceiling)): nothing is withheld, the voucher has \(eng(v.pitWithheld))",
            basis: basis, provisional: provisional)
    }
}

/// REC-STAFF-INCOME (warning): an honorarium (speaker fee, paper, secretariat) paid to the organiser's own
/// staff: not taxed at the flat 10 % here, and not paid for the organiser's own duties.
public struct StaffIncome: RecordingRule {
    public init() {}
    public var id: String { "REC-STAFF-INCOME" }
    public var severity: Severity { Severity.warning }
    public var title: Bilingual { Bilingual(vi: "Thù lao trả cho cán bộ của đơn vị tổ chức", en: "Honorarium paid to the organiser's staff") }
    public var basis: String { "TT 111/2013/TT-BTC Điều 25 khoản 1 điểm b (thu nhập của người có hợp đồng lao động: khấu trừ theo biểu lũy tiến); TT 40/2017/TT-BTC Điều 11" }
    public var basisID: String? { "pit-staff" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.staff, v.payeeType == .individual, v.kind == .payment || v.kind == .clearing,
              let line = ctx.line, line.kind.isHonorarium else { return nil }
        return finding(ctx, v,
            vi: "\"\(v.payee)\" là cán bộ của đơn vị tổ chức: không khấu trừ 10% thuế TNCN tại đây, khoản này tính vào thu nhập tiền lương, tiền công; cán bộ không hưởng thù lao \(line.kind.name.vi) cho nhiệm vụ của chính đơn vị",
            en: "\"\(v.payee)\" is the organiser's staff: no flat 10 % PIT here, the amount counts with their salary; staff are not paid \(line.kind.name.en) for the organiser's own duties")
    }
}

/// REC-NET: the net amount written on the voucher (`net`) is gross − PIT withheld.
public struct NetPaid: RecordingRule {
    public init() {}
    public var id: String { "REC-NET" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Số thực nhận bằng số tiền trừ thuế TNCN", en: "Net paid = gross − PIT") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16 (nội dung chứng từ: số tiền)" }
    public var basisID: String? { "accounting-voucher" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard let n = v.statedNet, n != v.net else { return nil }
        return finding(ctx, v, vi: "số thực nhận ghi \(vnd(n)), nhưng \(vnd(v.amount)) − thuế TNCN \(vnd(v.pitWithheld)) = \(vnd(v.net))",
                       en: "net paid given as \(eng(n)), but \(eng(v.amount)) − PIT \(eng(v.pitWithheld)) = \(eng(v.net))")
    }
}

/// REC-DOUBLE-PAY (warning): the same payee paid the same amount on the same line within a few days
/// (`RecordingRules.doublePaymentDays`) — a likely double payment.
public struct LikelyDoublePayment: RecordingRule {
    public init() {}
    public var id: String { "REC-DOUBLE-PAY" }
    public var severity: Severity { Severity.warning }
    public var title: Bilingual { Bilingual(vi: "Có thể chi trùng", en: "Likely double payment") }
    public var basis: String { "Luật Kế toán 2015 (88/2015/QH13) Điều 16; kiểm soát chi, tránh chi trùng" }
    public var basisID: String? { "double-payment" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .payment, let s = ctx.lookup.samePayment, let r = ctx.state.record(s),
              let d = RecordFields.unpack(r.date) else { return nil }
        let gap = v.date.dayNumber - d.dayNumber
        guard abs(gap) <= RecordingRules.doublePaymentDays else { return nil }
        let who = ctx.name(of: s)
        return finding(ctx, v,
            vi: "\"\(v.payee)\" đã được chi \(vnd(v.amount)) trên dòng \(v.line) ngày \(d) (\(who.vi)): có thể chi trùng, kiểm tra lại",
            en: "\"\(v.payee)\" was already paid \(eng(v.amount)) on line \(v.line) on \(d) (\(who.en)): possibly paid twice, check")
    }
}

/// REC-CONTRACT: a payment or advance on a contract above the Treasury threshold (or itself above it)
/// carries the contract number; the records of one contract agree on its value.
public struct ContractReference: RecordingRule {
    public init() {}
    public var id: String { "REC-CONTRACT" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Hợp đồng trên ngưỡng có số hợp đồng", en: "Contract above the threshold referenced") }
    public var basis: String { "TT 17/2024/TT-BTC Điều 5" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        if let c = v.contractNumber, let value = v.contractValue, let e = ctx.lookup.contract, e.records > 0, e.value != 0, e.value != value.dong {
            let who = ctx.name(of: Int(e.valueSeq))
            return finding(ctx, v, vi: "hợp đồng \(c) ghi giá trị \(vnd(value)), \(who.vi) đã ghi \(vnd(e.value))",
                           en: "contract \(c) given a value of \(eng(value)); \(who.en) gave \(eng(e.value))",
                           basis: ctx.norms.contractThreshold?.basis)
        }
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

/// REC-ADVANCE-CAP: advances on a contract — on every line it spans — add up to at most the cap (50 %) of
/// its value.
public struct AdvanceCap: RecordingRule {
    public init() {}
    public var id: String { "REC-ADVANCE-CAP" }
    public var severity: Severity { Severity.error }
    public var title: Bilingual { Bilingual(vi: "Tạm ứng hợp đồng trong mức cho phép", en: "Contract advance within the cap") }
    public var basis: String { "TT 17/2024/TT-BTC Điều 6" }
    public func check(_ v: Voucher, _ ctx: RecordingContext) -> Finding? {
        guard v.kind == .advance, let contract = v.contractNumber else { return nil }
        let known = ctx.lookup.contract.flatMap { $0.records > 0 && $0.value != 0 ? try? Money(dong: $0.value) : nil }
        guard let value = v.contractValue ?? known else {
            return finding(ctx, v, vi: "tạm ứng theo hợp đồng \(contract): cần giá trị hợp đồng (contract_value) để kiểm tra mức tạm ứng",
                           en: "advance on contract \(contract): the contract value (contract_value) is needed to check the cap")
        }
        guard let (rate, norm) = ctx.norms.advanceCap else {
            return finding(ctx, v, vi: "danh mục định mức được duyệt không có \"\(DateNorms.advanceCapID)\" hiệu lực ngày \(v.date): không kiểm tra được",
                           en: "the approved catalogue has no \"\(DateNorms.advanceCapID)\" in force on \(v.date): cannot check")
        }
        guard let cap = try? Rounding.amount(unitPrice: value, factors: [rate]) else { return nil }
        let before = ctx.lookup.contract?.advanced ?? 0
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
    public var basis: String { RecordingRules.budgetLawBasis + OverBudget.policyNote }
    public var basisID: String? { "within-estimate" }
    public var basisByBudgetYear: Bool { true }
    static let policyNote = "; chế độ xử lý vượt dự toán của dòng ghi trong approved.json"
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
        var citation: String { ctx.catalogue.basis("within-estimate", on: ctx.budgetYearStart, fallback: RecordingRules.budgetLawBasis) + OverBudget.policyNote }
        if overflow || after > Money.limit {
            return finding(ctx, v, vi: "tổng số chi của dòng \(line.code) sẽ thành \(overflow ? "quá" : vnd(after)), vượt giới hạn số tiền 999.999.999.999.999 đ: không ghi (sổ sẽ không cộng được)",
                           en: "line \(line.code)'s total would become \(overflow ? "too large" : eng(after)), beyond the money limit of 999,999,999,999,999 dong: not recorded (the books could not add up)", basis: citation)
        }
        // The whole journal's total too: each line may fit while their sum does not (status and settle
        // would then call the journal broken).
        let (total, totalOverflow) = ctx.state.totalCommitted.addingReportingOverflow(effect)
        if totalOverflow || total > Money.limit {
            return finding(ctx, v, vi: "tổng số chi của cả nhật ký sẽ vượt giới hạn số tiền 999.999.999.999.999 đ: không ghi (sổ sẽ không cộng được)",
                           en: "the whole journal's total would exceed the money limit of 999,999,999,999,999 dong: not recorded (the books could not add up)", basis: citation)
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
            severity: sev, basis: citation)
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
