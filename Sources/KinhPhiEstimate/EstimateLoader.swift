import Foundation
import KinhPhiCore
import KinhPhiCatalogue

// Reads a workspace folder: conference.csv (field,value) and estimate.csv (one row per line item, plus
// optional `subtotal` rows), and the catalogue they point to. Every problem is an InputError naming the
// file, the line and the column; nothing is guessed.

public struct Workspace: Sendable {
    /// The folder as the user typed it (errors name files relative to it).
    public let path: String

    public init(path: String) throws(InputError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw InputError(SourceLocation(file: path), .folderNotFound)
        }
        guard isDir.boolValue else { throw InputError(SourceLocation(file: path), .notAFolder) }
        self.path = path
    }

    /// A file named relative to the workspace (an absolute path is taken as it is).
    public func file(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path.hasSuffix("/") ? path + name : path + "/" + name
    }

    public static let conferenceFile = "conference.csv"
    public static let estimateFile = "estimate.csv"
}

public struct LoadedEstimate: Sendable {
    public let estimate: Estimate
    public let catalogue: Catalogue
}

public enum EstimateLoader {
    public static let lineColumns = ["section", "line", "description", "kind", "budget_code", "unit", "quantity",
                                     "persons", "sessions", "unit_price", "amount", "norm", "basis", "assigned_to", "evidence", "payee"]
    static let lineRequired = ["section", "line", "description", "kind", "budget_code", "unit", "quantity", "unit_price", "amount"]

    /// Loads conference facts, catalogue and estimate. `normsPath` / `budgetCodesPath` override the
    /// conference file's `norms` / `budget_codes` entries (CLI `--norms`, `--budget-codes`).
    public static func load(_ ws: Workspace, normsPath: String? = nil, budgetCodesPath: String? = nil) throws(InputError) -> LoadedEstimate {
        let (conference, refs) = try loadConference(ws)
        let normsFile: String
        if let normsPath { normsFile = normsPath } else {
            guard let n = refs.norms else {
                throw InputError(SourceLocation(file: conference.source, field: "norms"), .required)
            }
            normsFile = ws.file(n)
        }
        let codesFile: String
        if let budgetCodesPath { codesFile = budgetCodesPath } else {
            guard let c = refs.budgetCodes else {
                throw InputError(SourceLocation(file: conference.source, field: "budget_codes"), .required)
            }
            codesFile = ws.file(c)
        }
        let catalogue = try CatalogueLoader.load(normsPath: normsFile, budgetCodesPath: codesFile,
                                                 kindNormsPath: refs.kindNorms.map(ws.file), legalBasesPath: refs.legalBases.map(ws.file),
                                                 patternsPath: refs.patterns.map(ws.file))
        let estimate = try loadLines(ws, conference: conference, catalogue: catalogue)
        return LoadedEstimate(estimate: estimate, catalogue: catalogue)
    }

    struct CatalogueRefs { var norms: String?; var budgetCodes: String?; var kindNorms: String?; var legalBases: String?; var patterns: String? }

    static let conferenceFields: Set<String> = [
        "name", "organiser", "event_date", "sessions", "place", "state_venue", "area", "delegates",
        "delegates_non_payroll", "papers_planned", "budget_cap", "funding_source", "fiscal_year",
        "adjustment_period_end", "stated_total", "norms", "budget_codes", "st_task", "venue_owner", "plan", "plan_thrift",
        "appraiser", "appraisal_notice", "appraisal_date", "kind_norms", "legal_bases", "description_patterns"]

    static func loadConference(_ ws: Workspace) throws(InputError) -> (Conference, CatalogueRefs) {
        let file = ws.file(Workspace.conferenceFile)
        let t = try CSVTable(path: file, required: ["field", "value"])
        var values: [String: (String, CSVRecord)] = [:]
        for r in t.rows {
            let key = try t.required(r, "field").lowercased()
            guard conferenceFields.contains(key) || DocumentFacts.fields.contains(key) else {
                let known = conferenceFields.union(DocumentFacts.fields).sorted().joined(separator: ", ")
                throw InputError(t.location(r, "field"), .badValue(text: key, expected: Bilingual(
                    vi: "một trong: " + known, en: "one of: " + known)))
            }
            if let prev = values[key] {
                throw InputError(t.location(r, "field"), .duplicate(kind: Bilingual(vi: "trường", en: "field"), id: key, firstLine: prev.1.line))
            }
            values[key] = (t.cell(r, "value"), r)
        }
        func loc(_ key: String) -> SourceLocation {
            SourceLocation(file: file, line: values[key]?.1.line, field: key)
        }
        func text(_ key: String) throws(InputError) -> String {
            guard let v = values[key]?.0, !v.isEmpty else { throw InputError(loc(key), .required) }
            return v
        }
        func optionalText(_ key: String) -> String? {
            guard let v = values[key]?.0, !v.isEmpty else { return nil }
            return v
        }
        func count(_ key: String) throws(InputError) -> Int64 {
            let s = try text(key)
            do { return try NumberParser.count(s) } catch { throw InputError(loc(key), .badNumber(error, text: s)) }
        }
        func money(_ key: String) throws(InputError) -> Money? {
            guard let s = optionalText(key) else { return nil }
            do { return try NumberParser.money(s) } catch { throw InputError(loc(key), .badNumber(error, text: s)) }
        }
        func date(_ key: String) throws(InputError) -> CivilDate {
            let s = try text(key)
            guard let d = CivilDate.parse(s) else { throw InputError(loc(key), .badDate(text: s)) }
            return d
        }
        func flag(_ key: String, default value: Bool? = nil) throws(InputError) -> Bool {
            if let value, optionalText(key) == nil { return value }
            let v = try text(key).lowercased()
            guard ["yes", "no", "có", "không"].contains(v) else {
                throw InputError(loc(key), .badValue(text: v, expected: Bilingual(vi: "yes hoặc no", en: "yes or no")))
            }
            return v == "yes" || v == "có"
        }
        let stateVenue = try flag("state_venue")
        let stTask = try flag("st_task", default: false)
        let areaText = optionalText("area") ?? "city"
        guard let area = VenueArea(rawValue: areaText.lowercased()) else {
            throw InputError(loc("area"), .badValue(text: areaText, expected: Bilingual(vi: "city, province hoặc commune", en: "city, province or commune")))
        }
        let eventDate = try date("event_date")
        let fiscalYear = optionalText("fiscal_year") == nil ? eventDate.year : Int(try count("fiscal_year"))
        let adjustmentEnd: CivilDate
        if optionalText("adjustment_period_end") != nil { adjustmentEnd = try date("adjustment_period_end") }
        else { adjustmentEnd = CivilDate(year: fiscalYear + 1, month: 1, day: 31) ?? eventDate }
        let delegates = try count("delegates")
        // Required, even when 0: a missing figure would silently cut every meal-support line to nothing.
        let nonPayroll = try count("delegates_non_payroll")
        if nonPayroll > delegates {
            throw InputError(loc("delegates_non_payroll"), .inconsistent(Bilingual(
                vi: "số đại biểu không hưởng lương (\(nonPayroll)) lớn hơn tổng số đại biểu (\(delegates))",
                en: "non-payroll delegates (\(nonPayroll)) exceed all delegates (\(delegates))")))
        }
        var conference = Conference(
            name: try text("name"), organiser: try text("organiser"), eventDate: eventDate,
            sessions: try count("sessions"), place: try text("place"), stateVenue: stateVenue,
            area: area, delegates: delegates, delegatesNonPayroll: nonPayroll,
            papersPlanned: try count("papers_planned"),
            budgetCap: try money("budget_cap"), fundingSource: optionalText("funding_source") ?? "",
            fiscalYear: fiscalYear, adjustmentPeriodEnd: adjustmentEnd, statedTotal: try money("stated_total"),
            source: file, stTask: stTask, venueOwner: optionalText("venue_owner") ?? "", plan: optionalText("plan") ?? "",
            planThrift: optionalText("plan_thrift") ?? "", appraiser: optionalText("appraiser") ?? Conference.defaultAppraiser,
            appraisalNotice: optionalText("appraisal_notice") ?? "",
            appraisalDate: optionalText("appraisal_date") == nil ? nil : try date("appraisal_date"))
        conference.documents = try DocumentFacts.read(value: optionalText, location: loc)
        return (conference, CatalogueRefs(norms: optionalText("norms"), budgetCodes: optionalText("budget_codes"),
                                          kindNorms: optionalText("kind_norms"), legalBases: optionalText("legal_bases"),
                                          patterns: optionalText("description_patterns")))
    }

    static func loadLines(_ ws: Workspace, conference: Conference, catalogue: Catalogue) throws(InputError) -> Estimate {
        let file = ws.file(Workspace.estimateFile)
        let t = try CSVTable(path: file, required: lineRequired)
        if t.rows.isEmpty {
            throw InputError(SourceLocation(file: file), .inconsistent(Bilingual(vi: "dự toán không có dòng nội dung chi nào", en: "the estimate has no line items")))
        }
        var sections: [EstimateSection] = []
        var seen: [String: Int] = [:]
        for r in t.rows {
            let title = try t.required(r, "section")
            if sections.last?.title != title {
                if sections.contains(where: { $0.title == title }) {
                    throw InputError(t.location(r, "section"), .inconsistent(Bilingual(
                        vi: "các dòng của mục \"\(title)\" phải liền nhau", en: "the lines of section \"\(title)\" must be consecutive")))
                }
                sections.append(EstimateSection(title: title, lines: []))
            }
            let kindText = try t.required(r, "kind").lowercased()
            if kindText == "subtotal" {
                if sections[sections.count - 1].statedSubtotal != nil {
                    throw InputError(t.location(r, "kind"), .duplicate(kind: Bilingual(vi: "dòng cộng mục", en: "subtotal row"), id: title, firstLine: sections[sections.count - 1].subtotalSource?.line))
                }
                sections[sections.count - 1].statedSubtotal = try t.money(r, "amount")
                sections[sections.count - 1].subtotalSource = t.location(r, "amount")
                continue
            }
            let code = try t.required(r, "line")
            if let first = seen[code] {
                throw InputError(t.location(r, "line"), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: code, firstLine: first))
            }
            seen[code] = r.line
            guard let kind = ItemKind.byID[kindText] else {
                throw InputError(t.location(r, "kind"), .badValue(text: kindText, expected: ItemKind.expected))
            }
            let normID = t.cell(r, "norm")
            if !normID.isEmpty && !catalogue.hasNorm(normID) {
                throw InputError(t.location(r, "norm"), .unknownReference(kind: Bilingual(vi: "định mức", en: "norm"), id: normID))
            }
            let line = EstimateLine(
                code: code, description: try t.required(r, "description"), kind: kind,
                budgetCode: try t.required(r, "budget_code"), unit: try t.required(r, "unit"),
                quantity: try t.quantity(r, "quantity"),
                persons: try t.optionalQuantity(r, "persons"), sessions: try t.optionalQuantity(r, "sessions"),
                unitPrice: try t.money(r, "unit_price"), statedAmount: try t.money(r, "amount"),
                normID: normID.isEmpty ? nil : normID, basis: t.cell(r, "basis"),
                assignedTo: t.cell(r, "assigned_to"), evidence: t.cell(r, "evidence"),
                source: SourceLocation(file: file, line: r.line), payee: t.cell(r, "payee"))
            sections[sections.count - 1].lines.append(line)
        }
        if let empty = sections.first(where: { $0.lines.isEmpty }) {
            throw InputError(empty.subtotalSource ?? SourceLocation(file: file), .inconsistent(Bilingual(
                vi: "mục \"\(empty.title)\" không có dòng nội dung chi", en: "section \"\(empty.title)\" has no line items")))
        }
        return Estimate(conference: conference, sections: sections, file: file)
    }
}
