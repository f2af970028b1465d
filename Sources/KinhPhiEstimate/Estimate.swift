import Foundation
import KinhPhiCore
import KinhPhiCatalogue

// The estimate (dự toán): the conference facts and the line items, as the preparer stated them.
// Nothing here judges; the appraisal layer does. Format: docs/formats.md §Estimate.

/// Where the conference takes place, which selects the meal-support norm (TT 40/2017 Art. 12(4)).
public enum VenueArea: String, Sendable, Codable {
    case city, province, commune
}

public struct Conference: Sendable {
    public var name: String
    public var organiser: String
    public var eventDate: CivilDate
    /// Number of half-day sessions (buổi).
    public var sessions: Int64
    public var place: String
    /// The venue is a state-owned hall (no rent is appraisable).
    public var stateVenue: Bool
    public var area: VenueArea
    public var delegates: Int64
    /// Delegates not on a state payroll (meal support applies to them only).
    public var delegatesNonPayroll: Int64
    public var papersPlanned: Int64
    public var budgetCap: Money?
    public var fundingSource: String
    public var fiscalYear: Int
    /// Last day on which work done in the fiscal year may still be paid (thời gian chỉnh lý quyết toán).
    public var adjustmentPeriodEnd: CivilDate
    /// The grand total as the preparer stated it, if they did.
    public var statedTotal: Money?
    public var source: String
    /// The conference is (part of) a science and technology task: TT 03/2023/TT-BTC rates may be cited.
    public var stTask: Bool
    /// Who owns the venue ("Văn phòng Thành ủy", a hotel…); blank = not stated. Equal to the organiser = the
    /// organiser's own hall (no rent at all).
    public var venueOwner: String
    /// The plan the conference carries out, as it should be cited ("Kế hoạch số …/KH-UBND ngày …"); blank =
    /// none given, and rule texts then cite no plan.
    public var plan: String
    /// The plan's thrift requirement, quoted (e.g. "mục I.2: trang trọng, thiết thực, tiết kiệm…"); blank = none.
    public var planThrift: String
    /// Who appraises (default "Sở Tài chính"): the report is issued in its name.
    public var appraiser: String
    /// The appraisal notice's number and date, when issued (optional facts printed on the report).
    public var appraisalNotice: String
    public var appraisalDate: CivilDate?
    /// Signers, superior body, place of issue, numbers, budget classification: what printed documents need.
    public var documents = DocumentFacts()

    public init(name: String, organiser: String, eventDate: CivilDate, sessions: Int64, place: String, stateVenue: Bool,
                area: VenueArea, delegates: Int64, delegatesNonPayroll: Int64, papersPlanned: Int64, budgetCap: Money?,
                fundingSource: String, fiscalYear: Int, adjustmentPeriodEnd: CivilDate, statedTotal: Money?, source: String,
                stTask: Bool = false, venueOwner: String = "", plan: String = "", planThrift: String = "",
                appraiser: String = Conference.defaultAppraiser, appraisalNotice: String = "", appraisalDate: CivilDate? = nil) {
        self.name = name; self.organiser = organiser; self.eventDate = eventDate; self.sessions = sessions
        self.place = place; self.stateVenue = stateVenue; self.area = area; self.delegates = delegates
        self.delegatesNonPayroll = delegatesNonPayroll; self.papersPlanned = papersPlanned; self.budgetCap = budgetCap
        self.fundingSource = fundingSource; self.fiscalYear = fiscalYear; self.adjustmentPeriodEnd = adjustmentPeriodEnd
        self.statedTotal = statedTotal; self.source = source
        self.stTask = stTask; self.venueOwner = venueOwner; self.plan = plan; self.planThrift = planThrift
        self.appraiser = appraiser; self.appraisalNotice = appraisalNotice; self.appraisalDate = appraisalDate
    }

    public static let defaultAppraiser = "Sở Tài chính"

    /// The venue is the organiser's own hall.
    public var ownVenue: Bool { !venueOwner.isEmpty && Conference.sameUnit(venueOwner, organiser) }

    /// Two unit names are the same unit (compared without case and surrounding spaces).
    public static func sameUnit(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespaces).lowercased() == b.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

public struct EstimateLine: Sendable {
    /// The line's code, unique in the estimate (e.g. "1.2").
    public var code: String
    public var description: String
    public var kind: ItemKind
    public var budgetCode: String
    public var unit: String
    /// Quantity factors; a blank column counts as 1.
    public var quantity: Quantity
    public var persons: Quantity?
    public var sessions: Quantity?
    public var unitPrice: Money
    /// The amount as the preparer stated it (Thành tiền).
    public var statedAmount: Money
    public var normID: String?
    public var basis: String
    /// The unit the plan assigns this work to (blank = the organiser).
    public var assignedTo: String
    /// A quote, contract or other evidence for the price (blank = none).
    public var evidence: String
    public var source: SourceLocation
    /// Who is paid (a person, a team, a unit), when the preparer says; blank = not stated.
    public var payee: String

    public init(code: String, description: String, kind: ItemKind, budgetCode: String, unit: String, quantity: Quantity,
                persons: Quantity?, sessions: Quantity?, unitPrice: Money, statedAmount: Money, normID: String?,
                basis: String, assignedTo: String, evidence: String, source: SourceLocation, payee: String = "") {
        self.code = code; self.description = description; self.kind = kind; self.budgetCode = budgetCode; self.unit = unit
        self.quantity = quantity; self.persons = persons; self.sessions = sessions; self.unitPrice = unitPrice
        self.statedAmount = statedAmount; self.normID = normID; self.basis = basis; self.assignedTo = assignedTo
        self.evidence = evidence; self.source = source; self.payee = payee
    }

    /// All quantity factors, in order: quantity × persons × sessions.
    public var factors: [Quantity] { [quantity] + [persons, sessions].compactMap { $0 } }

    /// quantity × persons × sessions × unit price, rounded by rule R1 (Rounding.halfUpToDong).
    public func computedAmount() throws(MoneyError) -> Money {
        try Rounding.amount(unitPrice: unitPrice, factors: factors)
    }
}

public struct EstimateSection: Sendable {
    public var title: String
    public var lines: [EstimateLine]
    /// The subtotal as the preparer stated it (a `subtotal` row), if any.
    public var statedSubtotal: Money?
    public var subtotalSource: SourceLocation?

    public init(title: String, lines: [EstimateLine], statedSubtotal: Money? = nil, subtotalSource: SourceLocation? = nil) {
        self.title = title; self.lines = lines; self.statedSubtotal = statedSubtotal; self.subtotalSource = subtotalSource
    }
}

public struct Estimate: Sendable {
    public var conference: Conference
    public var sections: [EstimateSection]
    public var file: String

    public init(conference: Conference, sections: [EstimateSection], file: String) {
        self.conference = conference; self.sections = sections; self.file = file
    }

    public var lines: [EstimateLine] { sections.flatMap(\.lines) }
}
