import KinhPhiCore
import KinhPhiCatalogue

// The spending journal's vocabulary: vouchers (chứng từ) and the records that carry them.
// Format and rules: docs/journal.md.

/// What a voucher does to a budget line.
public enum VoucherKind: String, Sendable, Hashable, CaseIterable {
    /// A payment for work done or goods delivered (thanh toán): counts as spent.
    case payment
    /// An advance (tạm ứng): money out but not yet spent; cleared later by a `clearing`.
    case advance
    /// Clearing of an advance (thanh toán tạm ứng): names its advance; its amount is the actual expense and
    /// the advance stops being outstanding.
    case clearing
    /// Money returned to the budget (nộp trả): reduces what the line has spent.
    case refund

    public var name: Bilingual {
        switch self {
        case .payment: return Bilingual(vi: "thanh toán", en: "payment")
        case .advance: return Bilingual(vi: "tạm ứng", en: "advance")
        case .clearing: return Bilingual(vi: "thanh toán tạm ứng", en: "advance clearing")
        case .refund: return Bilingual(vi: "nộp trả ngân sách", en: "refund to the budget")
        }
    }

    static let options: [String: VoucherKind] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
    static let expected = Bilingual(vi: "payment (thanh toán), advance (tạm ứng), clearing (thanh toán tạm ứng) hoặc refund (nộp trả)",
                                   en: "payment, advance, clearing or refund (thanh toán, tạm ứng, thanh toán tạm ứng, nộp trả)")
}

/// Who is paid.
public enum PayeeType: String, Sendable, Hashable, CaseIterable {
    /// A person (cá nhân): honoraria, paper fees; personal income tax may apply.
    case individual
    /// An organisation or business (tổ chức, doanh nghiệp): has a tax code, issues invoices.
    case business

    static let options: [String: PayeeType] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
    static let expected = Bilingual(vi: "individual (cá nhân) hoặc business (tổ chức)", en: "individual or business (cá nhân, tổ chức)")
}

/// How the money moves.
public enum PaymentMethod: String, Sendable, Hashable, CaseIterable {
    case cash
    case transfer

    static let options: [String: PaymentMethod] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
    static let expected = Bilingual(vi: "cash (tiền mặt) hoặc transfer (chuyển khoản)", en: "cash or transfer (tiền mặt, chuyển khoản)")
}

/// One voucher as recorded. Amounts are whole đồng; `amount` is the gross amount (what the budget spends),
/// `net` is what the payee received (gross − PIT withheld).
public struct Voucher: Sendable, Hashable {
    public var kind: VoucherKind
    /// Voucher date (ngày chứng từ).
    public var date: CivilDate
    /// When the work was done, if different from `date` (adjustment-period rule). nil = `date`.
    public var workDate: CivilDate?
    /// The approved line's code (e.g. "2.1").
    public var line: String
    public var payee: String
    public var payeeType: PayeeType
    /// Tax code (mã số thuế) — required for a business.
    public var taxCode: String?
    public var description: String
    /// Gross amount.
    public var amount: Money
    /// VAT included in the gross amount (information for the invoice; not added again).
    public var vat: Money
    /// Personal income tax withheld (khấu trừ thuế TNCN).
    public var pitWithheld: Money
    public var method: PaymentMethod
    public var invoiceSeries: String?
    public var invoiceNumber: String?
    public var invoiceDate: CivilDate?
    public var contractNumber: String?
    public var contractValue: Money?
    /// Voucher number (số chứng từ), e.g. "PC-012", "TU-03".
    public var voucherNumber: String?
    /// Free reference; for a clearing: the voucher number of the advance it clears.
    public var ref: String?
    /// For a clearing: the seq of the advance it clears (resolved from `ref` when recorded).
    public var clears: Int?
    /// An individual's identifier (payee_id): the 12-digit personal identification number of the citizen ID
    /// card (CCCD) or a 10-digit personal tax code. What the PIT return and certificates name the person by.
    public var payeeID: String?
    /// The payee is the organiser's own staff (on its payroll): their income is taxed with their salary,
    /// not by the flat 10 % withheld from casual income.
    public var staff: Bool
    /// The whole invoice's total (tổng tiền thanh toán) when the voucher pays one part of it (an invoice
    /// split over several lines): the parts may not add up to more.
    public var invoiceTotal: Money?
    /// The whole invoice's VAT, likewise.
    public var invoiceVAT: Money?
    /// The net amount as written on the voucher (`net` column): checked against gross − PIT when recorded
    /// (REC-NET), **not stored** in the journal (it is `net`, derived).
    public var statedNet: Money?

    public init(kind: VoucherKind, date: CivilDate, workDate: CivilDate? = nil, line: String, payee: String,
                payeeType: PayeeType, taxCode: String? = nil, description: String, amount: Money,
                vat: Money = .zero, pitWithheld: Money = .zero, method: PaymentMethod,
                invoiceSeries: String? = nil, invoiceNumber: String? = nil, invoiceDate: CivilDate? = nil,
                contractNumber: String? = nil, contractValue: Money? = nil, voucherNumber: String? = nil,
                ref: String? = nil, clears: Int? = nil, payeeID: String? = nil, staff: Bool = false,
                invoiceTotal: Money? = nil, invoiceVAT: Money? = nil, statedNet: Money? = nil) {
        self.kind = kind; self.date = date; self.workDate = workDate; self.line = line; self.payee = payee
        self.payeeType = payeeType; self.taxCode = taxCode; self.description = description; self.amount = amount
        self.vat = vat; self.pitWithheld = pitWithheld; self.method = method; self.invoiceSeries = invoiceSeries
        self.invoiceNumber = invoiceNumber; self.invoiceDate = invoiceDate; self.contractNumber = contractNumber
        self.contractValue = contractValue; self.voucherNumber = voucherNumber; self.ref = ref; self.clears = clears
        self.payeeID = payeeID; self.staff = staff; self.invoiceTotal = invoiceTotal; self.invoiceVAT = invoiceVAT
        self.statedNet = statedNet
    }

    /// Whether a record pays income to an individual from which PIT is withheld (REC-PIT, the person's day,
    /// `kinhphi pit`): a payment — or the clearing of an advance on a contract with that individual (a
    /// clearing without a contract settles what a staff member bought for the unit, on sellers' invoices:
    /// not their income) — to an individual who is not the organiser's staff, on a line that pays for a
    /// service (`ItemKind.paysForWork`: not a cost borne for the person, not goods bought from or through them). The one definition:
    /// docs/decisions.md (issue 14).
    @inline(__always)
    public static func paysIncome(kind: VoucherKind, individual: Bool, staff: Bool, onContract: Bool, incomeLine: Bool) -> Bool {
        (kind == .payment || (kind == .clearing && onContract)) && individual && !staff && incomeLine
    }

    /// What the payee received: gross − PIT withheld.
    public var net: Money { Money(uncheckedNet: amount.dong - pitWithheld.dong) }

    /// The date the work was done (for the adjustment-period rule): `workDate` or the voucher date.
    public var effectiveWorkDate: CivilDate { workDate ?? date }
}

extension Money {
    /// gross − pit with 0 ≤ pit ≤ gross ≤ limit: always in range.
    init(uncheckedNet dong: Int64) { self = (try? Money(dong: dong)) ?? .zero }
}

/// An adjustment of the approved budget (điều chỉnh dự toán) as the journal records it: the approval version
/// it puts in force (2, 3 … — version 1 is approved.json), the decision's date (the version is in force for
/// vouchers dated from it), the SHA-256 of the version's file `approvals/version-<n>.json`, and why.
public struct ApprovalAdjustment: Sendable, Hashable {
    public let version: Int
    public let date: CivilDate
    public let sha256: SHA256Digest
    public let reason: String?

    public init(version: Int, date: CivilDate, sha256: SHA256Digest, reason: String?) {
        self.version = version; self.date = date; self.sha256 = sha256; self.reason = reason
    }
}

/// What a journal record carries.
public enum RecordBody: Sendable, Hashable {
    case voucher(Voucher)
    /// Cancels record `of` (which must be a voucher, not yet reversed), with a reason.
    case reversal(of: Int, reason: String)
    /// Puts a new approval version in force (`kinhphi adjust`).
    case adjustment(ApprovalAdjustment)

    public var voucher: Voucher? {
        if case .voucher(let v) = self { return v }
        return nil
    }
}

/// One line of the journal.
public struct JournalRecord: Sendable, Hashable {
    /// 1, 2, 3 … without gaps.
    public let seq: Int
    public let recordedAt: Timestamp
    /// True when another record of the same batch (one import) follows this one.
    public let more: Bool
    public let body: RecordBody
    /// The previous record's hash (for record 1: the SHA-256 of approved.json).
    public let prevHash: SHA256Digest
    /// SHA-256 of the line up to (not including) "\thash=".
    public let hash: SHA256Digest

    public init(seq: Int, recordedAt: Timestamp, more: Bool, body: RecordBody, prevHash: SHA256Digest, hash: SHA256Digest) {
        self.seq = seq; self.recordedAt = recordedAt; self.more = more; self.body = body; self.prevHash = prevHash; self.hash = hash
    }
}
