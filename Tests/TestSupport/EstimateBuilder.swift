// In-memory estimates for rule tests, and the real catalogue from fixtures/catalogue.

import Foundation
import KinhPhi

public enum Fixtures {
    /// The repository root, found from this file's path (Tests/TestSupport/EstimateBuilder.swift).
    public static let repoRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    public static var normsPath: String { repoRoot + "/fixtures/catalogue/norms.csv" }
    public static var budgetCodesPath: String { repoRoot + "/fixtures/catalogue/budget-codes.csv" }

    /// The real catalogue (loaded once).
    public static let catalogue: Catalogue = {
        do {
            return try CatalogueLoader.load(normsPath: normsPath, budgetCodesPath: budgetCodesPath,
                                            normsName: "norms.csv", budgetCodesName: "budget-codes.csv")
        } catch {
            fatalError("fixtures/catalogue does not load: \(error)")
        }
    }()
}

/// A date literal: `date(20, 11, 2025)`.
public func date(_ day: Int, _ month: Int, _ year: Int) -> CivilDate {
    guard let d = CivilDate(year: year, month: month, day: day) else { fatalError("bad test date \(day)/\(month)/\(year)") }
    return d
}

/// Builds an `Estimate` in memory. The default conference mirrors the seed plan: 150 delegates (50 not on
/// a state payroll), 1 half-day session, 10 papers, 20/11/2025 in a state hall in the inner city, organised
/// by Sở Khoa học và Công nghệ, fiscal year 2025, no budget cap and no stated total.
public struct EstimateBuilder {
    public static let organiser = "Sở Khoa học và Công nghệ"

    public var conference: Conference
    public var sections: [EstimateSection] = []

    public init() {
        conference = Conference(
            name: "Hội nghị gặp mặt chuyên gia, nhà khoa học năm 2025", organiser: EstimateBuilder.organiser,
            eventDate: date(20, 11, 2025), sessions: 1, place: "Hội trường tầng 1, 9 Ngô Quyền", stateVenue: true,
            area: .city, delegates: 150, delegatesNonPayroll: 50, papersPlanned: 10, budgetCap: nil,
            fundingSource: "Ngân sách Thành phố giao Sở KH&CN năm 2025", fiscalYear: 2025,
            adjustmentPeriodEnd: date(31, 1, 2026), statedTotal: nil, source: "conference.csv")
    }

    /// Changes the conference facts: `.conference { $0.delegates = 100 }`.
    public func conference(_ change: (inout Conference) -> Void) -> EstimateBuilder {
        var b = self
        change(&b.conference)
        return b
    }

    /// Adds a section of lines, with an optional stated subtotal.
    public func section(_ title: String, subtotal: Int64? = nil, _ lines: [EstimateLine]) -> EstimateBuilder {
        var b = self
        b.sections.append(EstimateSection(title: title, lines: lines, statedSubtotal: subtotal.map { Money($0) },
                                          subtotalSource: subtotal.map { _ in SourceLocation(file: "estimate.csv") }))
        return b
    }

    /// Adds lines to a single section "I".
    public func lines(_ lines: EstimateLine...) -> EstimateBuilder { section("I", lines) }

    public func build() -> Estimate { Estimate(conference: conference, sections: sections, file: "estimate.csv") }

    /// A line. Defaults: kind `documents` under the code that fits the kind in fixtures/catalogue,
    /// quantity 1, no persons or sessions, no norm, no evidence, assigned to the organiser. When `amount`
    /// is nil it is the plain product of the factors (which must then be whole) and the unit price.
    public static func line(_ code: String, kind: ItemKind = .documents, budgetCode: String? = nil, unit: String = "cái",
                            quantity: Quantity = .one, persons: Quantity? = nil, sessions: Quantity? = nil,
                            unitPrice: Int64, amount: Int64? = nil, norm: String? = nil, assignedTo: String = "",
                            evidence: String = "", sourceLine: Int = 2) -> EstimateLine {
        let stated: Int64
        if let amount { stated = amount } else {
            let factors = [quantity, persons ?? .one, sessions ?? .one]
            guard factors.allSatisfy({ $0.scale == 0 }) else { fatalError("give `amount:` for fractional quantities") }
            stated = factors.reduce(unitPrice) { $0 * $1.mantissa }
        }
        return EstimateLine(code: code, description: "Nội dung \(code)", kind: kind,
                            budgetCode: budgetCode ?? fittingCode[kind] ?? "6699", unit: unit,
                            quantity: quantity, persons: persons, sessions: sessions,
                            unitPrice: Money(unitPrice), statedAmount: Money(stated), normID: norm, basis: "",
                            assignedTo: assignedTo, evidence: evidence,
                            source: SourceLocation(file: "estimate.csv", line: sourceLine))
    }

    /// A budget code that fits each kind in fixtures/catalogue/budget-codes.csv (written out by hand).
    public static let fittingCode: [ItemKind: String] = [
        .documents: "6651", .invitations: "6651", .stationery: "6651", .speakerFee: "6652", .paper: "6652",
        .travel: "6653", .lodging: "6654", .hallRent: "6655", .transport: "6655", .interpreting: "6656",
        .decoration: "6657", .soundLight: "6657", .artProgramme: "6657", .showcase: "6657", .hiredService: "6657",
        .meals: "6658", .refreshments: "6699", .secretariat: "6699", .other: "6699", .reward: "6202",
        .media: "6606", .gift: "7761", .guestReception: "7761",
    ]
}

/// Runs the appraiser over an estimate with the fixture catalogue (default: every rule).
public func appraise(_ estimate: Estimate, rules: [any AppraisalRule] = AppraisalRules.all) -> Appraisal {
    do { return try Appraiser.appraise(estimate, catalogue: Fixtures.catalogue, rules: rules) }
    catch { fatalError("appraisal overflowed: \(error)") }
}

/// The findings one rule reports on an estimate (with the fixture catalogue).
public func findings(_ rule: any AppraisalRule, _ estimate: Estimate) -> [Finding] {
    rule.check(AppraisalContext(estimate: estimate, catalogue: Fixtures.catalogue))
}
