import KinhPhiCore

// The facts a printed document needs beyond the estimate itself: who signs, the unit's superior body, the
// place of issue, the document numbers, the budget classification the finance office files by, and where
// the document templates are. Every field is optional (a blank line is left for what is not given); all
// are rows of conference.csv (docs/formats.md §conference.csv, "Facts for printed documents").

/// One person who signs: the authority line ("KT. GIÁM ĐỐC"), the title ("PHÓ GIÁM ĐỐC") and the name.
public struct Signer: Sendable, Equatable {
    /// Signing on someone's behalf: "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC", "TUQ. …"; blank = in one's own right.
    public var authority: String
    /// The title printed above the signature; blank = the document's default title for this signer.
    public var title: String
    /// The full name printed under the signature; blank = a blank line for the name written by hand.
    public var name: String

    public init(authority: String = "", title: String = "", name: String = "") {
        self.authority = authority; self.title = title; self.name = name
    }
}

/// The budget classification facts of the unit and the allocation (printed on the settlement).
public struct BudgetClassification: Sendable, Equatable {
    /// Mã số đơn vị có quan hệ với ngân sách (mã ĐVQHNS).
    public var unitCode: String
    /// Chương.
    public var chapter: String
    /// Loại – khoản.
    public var sector: String
    /// Mã nguồn ngân sách nhà nước.
    public var source: String

    public init(unitCode: String = "", chapter: String = "", sector: String = "", source: String = "") {
        self.unitCode = unitCode; self.chapter = chapter; self.sector = sector; self.source = source
    }

    public var isEmpty: Bool { unitCode.isEmpty && chapter.isEmpty && sector.isEmpty && source.isEmpty }
}

public struct DocumentFacts: Sendable, Equatable {
    /// The organiser's superior body (cơ quan chủ quản), e.g. "Ủy ban nhân dân Thành phố Hà Nội".
    public var superiorBody: String
    /// The organiser's short symbol used in document numbers, e.g. "SKHCN" (…/TTr-SKHCN).
    public var unitSymbol: String
    /// The place of issue (địa danh) printed before the date: "Hà Nội".
    public var issuePlace: String
    /// Người lập biểu.
    public var preparer: Signer
    /// Kế toán trưởng (or the person in charge of accounting).
    public var chiefAccountant: Signer
    /// Thủ trưởng đơn vị: the organiser's head (or deputy signing on the head's behalf).
    public var head: Signer
    /// The submission's (tờ trình) number and date, when it has been registered.
    public var submissionNumber: String
    public var submissionDate: CivilDate?
    /// The appraiser's superior body; blank = the organiser's (both departments of the same city).
    public var appraiserSuperiorBody: String
    /// Who signs the appraisal for the appraiser.
    public var appraiserSigner: Signer
    public var budget: BudgetClassification
    /// The folder of the document templates (relative to the workspace, or absolute); blank = none given.
    public var templates: String

    public init(superiorBody: String = "", unitSymbol: String = "", issuePlace: String = "", preparer: Signer = Signer(),
                chiefAccountant: Signer = Signer(), head: Signer = Signer(), submissionNumber: String = "",
                submissionDate: CivilDate? = nil, appraiserSuperiorBody: String = "", appraiserSigner: Signer = Signer(),
                budget: BudgetClassification = BudgetClassification(), templates: String = "") {
        self.superiorBody = superiorBody; self.unitSymbol = unitSymbol; self.issuePlace = issuePlace
        self.preparer = preparer; self.chiefAccountant = chiefAccountant; self.head = head
        self.submissionNumber = submissionNumber; self.submissionDate = submissionDate
        self.appraiserSuperiorBody = appraiserSuperiorBody; self.appraiserSigner = appraiserSigner
        self.budget = budget; self.templates = templates
    }

    /// The rows of conference.csv these facts are read from (all optional).
    public static let fields: Set<String> = [
        "superior_body", "unit_symbol", "issue_place",
        "preparer_name", "chief_accountant_name", "head_name", "head_title", "head_authority",
        "submission_number", "submission_date",
        "appraiser_superior_body", "appraiser_signer_name", "appraiser_signer_title", "appraiser_signer_authority",
        "budget_unit_code", "budget_chapter", "budget_sector", "budget_source",
        "templates",
    ]

    /// Reads the facts from conference.csv's values: `value(key)` is the trimmed cell or nil when the row
    /// is absent or blank, `location(key)` where a bad value is.
    public static func read(value: (String) -> String?, location: (String) -> SourceLocation) throws(InputError) -> DocumentFacts {
        func t(_ key: String) -> String { value(key) ?? "" }
        var date: CivilDate? = nil
        if let s = value("submission_date") {
            guard let d = CivilDate.parse(s) else { throw InputError(location("submission_date"), .badDate(text: s)) }
            date = d
        }
        return DocumentFacts(
            superiorBody: t("superior_body"), unitSymbol: t("unit_symbol"), issuePlace: t("issue_place"),
            preparer: Signer(name: t("preparer_name")), chiefAccountant: Signer(name: t("chief_accountant_name")),
            head: Signer(authority: t("head_authority"), title: t("head_title"), name: t("head_name")),
            submissionNumber: t("submission_number"), submissionDate: date,
            appraiserSuperiorBody: t("appraiser_superior_body"),
            appraiserSigner: Signer(authority: t("appraiser_signer_authority"), title: t("appraiser_signer_title"),
                                    name: t("appraiser_signer_name")),
            budget: BudgetClassification(unitCode: t("budget_unit_code"), chapter: t("budget_chapter"),
                                         sector: t("budget_sector"), source: t("budget_source")),
            templates: t("templates"))
    }
}
