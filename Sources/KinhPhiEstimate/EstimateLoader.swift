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

    /// A folder not checked (one being made: `kinhphi init`).
    init(unchecked path: String) { self.path = path }

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
    /// conference file's `norms` / `budget_codes` entries (CLI `--norms`, `--budget-codes`); without either,
    /// the built-in table is used (docs/formats.md §The catalogue a workspace uses).
    public static func load(_ ws: Workspace, normsPath: String? = nil, budgetCodesPath: String? = nil) throws(InputError) -> LoadedEstimate {
        let (conference, refs) = try loadConference(ws)
        let catalogue = try CatalogueLoader.load(catalogueSources(ws, refs, normsPath: normsPath, budgetCodesPath: budgetCodesPath))
        let estimate = try loadLines(ws, conference: conference, catalogue: catalogue)
        return LoadedEstimate(estimate: estimate, catalogue: catalogue)
    }

    /// The catalogue a workspace uses: what its conference.csv names (relative to the workspace) and the
    /// options give (as typed), each file with where its path came from.
    public static func catalogue(_ ws: Workspace, normsPath: String? = nil, budgetCodesPath: String? = nil) throws(InputError) -> Catalogue {
        let (_, refs) = try loadConference(ws)
        return try CatalogueLoader.load(catalogueSources(ws, refs, normsPath: normsPath, budgetCodesPath: budgetCodesPath))
    }

    /// The conference facts alone (conference.csv), without the catalogue or the estimate: what a report over
    /// many workspaces needs of one that is not approved yet, or the signers of a printed document.
    public static func conference(_ ws: Workspace) throws(InputError) -> Conference {
        try loadConference(ws).0
    }

    static func catalogueSources(_ ws: Workspace, _ refs: CatalogueRefs, normsPath: String?, budgetCodesPath: String?) -> CatalogueSources {
        /// A row of conference.csv naming a file.
        func fromRow(_ ref: CatalogueRef?, builtInHint: Bool) -> CatalogueFile? {
            guard let ref else { return nil }
            let how = builtInHint
                ? Bilingual(vi: "; để dùng danh mục có sẵn trong chương trình, để trống giá trị này (hoặc xóa dòng)",
                            en: "; to use the catalogue built into the program, leave this value blank (or delete the row)")
                : Bilingual(vi: "; để trống giá trị này nếu không cần", en: "; leave this value blank if not needed")
            let row = ref.line.map { Bilingual(vi: ", dòng \($0)", en: ", line \($0)") } ?? Bilingual(vi: "", en: "")
            return CatalogueFile(path: ws.file(ref.value), displayName: ws.file(ref.value), origin: Bilingual(
                vi: "đường dẫn lấy từ \(ref.file)\(row.vi), trường \"\(ref.written)\" (\(ref.value)), tính từ thư mục hồ sơ\(how.vi)",
                en: "the path comes from \(ref.file)\(row.en), field \"\(ref.written)\" (\(ref.value)), relative to the workspace folder\(how.en)"))
        }
        func fromOption(_ path: String, _ option: String, _ row: String) -> CatalogueFile {
            CatalogueFile(path: path, origin: Bilingual(
                vi: "đường dẫn lấy từ tùy chọn --\(option), tính từ thư mục hiện tại; bỏ --\(option) (và để trống trường \(row) của conference.csv) để dùng danh mục có sẵn trong chương trình",
                en: "the path comes from the option --\(option), relative to the current folder; leave out --\(option) (and leave conference.csv's \(row) blank) to use the catalogue built into the program"))
        }
        return CatalogueSources(
            norms: normsPath.map { fromOption($0, "norms", "norms") } ?? fromRow(refs.norms, builtInHint: true),
            budgetCodes: budgetCodesPath.map { fromOption($0, "budget-codes", "budget_codes") } ?? fromRow(refs.budgetCodes, builtInHint: true),
            kindNorms: fromRow(refs.kindNorms, builtInHint: true),
            legalBases: fromRow(refs.legalBases, builtInHint: true),
            descriptionPatterns: fromRow(refs.patterns, builtInHint: true),
            normsOverride: fromRow(refs.normsOverride, builtInHint: false),
            budgetCodesOverride: fromRow(refs.budgetCodesOverride, builtInHint: false))
    }

    /// A conference.csv row naming a catalogue file: its value, line and the field as written.
    struct CatalogueRef { var value: String; var line: Int?; var written: String; var file: String }
    struct CatalogueRefs {
        var norms: CatalogueRef?; var budgetCodes: CatalogueRef?; var kindNorms: CatalogueRef?; var legalBases: CatalogueRef?
        var patterns: CatalogueRef?; var normsOverride: CatalogueRef?; var budgetCodesOverride: CatalogueRef?
    }

    /// Every field conference.csv may have (InputNames.conferenceFields: the conference's own, the
    /// catalogue's, and those of printed documents, DocumentFacts.fields).
    static let conferenceFields: Set<String> = Set(InputNames.conferenceFields.entries.map(\.key))

    static func loadConference(_ ws: Workspace) throws(InputError) -> (Conference, CatalogueRefs) {
        let file = ws.file(Workspace.conferenceFile)
        let t: CSVTable
        do { t = try CSVTable(path: file, required: ["field", "value"], names: InputNames.conferenceColumns) } catch {
            // A folder that is not (yet) a workspace: say how to make one.
            if error.problem == .fileNotFound {
                throw error.hinted(Bilingual(
                    vi: "thư mục \(ws.path) chưa phải hồ sơ hội nghị: tạo hồ sơ mới bằng kinhphi init <thư mục mới>, hoặc chép conference.csv và estimate.csv vào đây",
                    en: "the folder \(ws.path) is not a conference workspace yet: make one with kinhphi init <new folder>, or copy conference.csv and estimate.csv into it"))
            }
            throw error
        }
        let names = InputNames.conferenceFields
        var values: [String: (String, CSVRecord, String)] = [:]
        for r in t.rows {
            let written = t.cell(r, "field")
            // A row with neither field nor value is a heading or a note (in another column): skipped.
            if written.isEmpty && t.cell(r, "value").isEmpty { continue }
            if written.isEmpty { throw InputError(t.location(r, "field"), .required) }
            guard let key = names.key(for: written), conferenceFields.contains(key) else {
                let known = names.entries.map { "\($0.key) (\($0.names.first ?? $0.key))" }.joined(separator: ", ")
                throw InputError(t.location(r, "field"), .badValue(text: written, expected: Bilingual(
                    vi: "tên một trường, tiếng Việt hoặc tiếng Anh: " + known, en: "a field name, Vietnamese or English: " + known)))
            }
            if let prev = values[key] {
                throw InputError(t.location(r, "field"), .duplicate(kind: Bilingual(vi: "trường", en: "field"), id: written, firstLine: prev.1.line),
                                 hint: prev.2 == written ? nil : Bilingual(vi: "\"\(prev.2)\" và \"\(written)\" cùng là \(key)", en: "\"\(prev.2)\" and \"\(written)\" both name \(key)"))
            }
            values[key] = (t.cell(r, "value"), r, written)
        }
        func loc(_ key: String) -> SourceLocation {
            SourceLocation(file: file, line: values[key]?.1.line, field: values[key]?.2 ?? key)
        }
        func text(_ key: String) throws(InputError) -> String {
            guard let v = values[key]?.0, !v.isEmpty else {
                throw InputError(loc(key), .required, hint: values[key] != nil ? nil : Bilingual(
                    vi: "thiếu dòng \"\(names.label(key))\" (\(key))", en: "the row \"\(names.label(key))\" (\(key)) is missing"))
            }
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
            let v = try text(key)
            guard let b = InputNames.yesNo(v) else {
                throw InputError(loc(key), .badValue(text: v, expected: InputNames.yesNoExpected))
            }
            return b
        }
        func ref(_ key: String) -> CatalogueRef? {
            guard let v = optionalText(key) else { return nil }
            return CatalogueRef(value: v, line: values[key]?.1.line, written: values[key]?.2 ?? key, file: file)
        }
        let stateVenue = try flag("state_venue")
        let stTask = try flag("st_task", default: false)
        let area: VenueArea
        if let areaText = optionalText("area") {
            guard let a = InputNames.areas.key(for: areaText).flatMap(VenueArea.init(rawValue:)) else {
                throw InputError(loc("area"), .badValue(text: areaText, expected: Bilingual(
                    vi: "city (nội thành), province (tỉnh) hoặc commune (xã)", en: "city, province or commune (nội thành, tỉnh, xã)")))
            }
            area = a
        } else {
            area = .city
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
        return (conference, CatalogueRefs(norms: ref("norms"), budgetCodes: ref("budget_codes"),
                                          kindNorms: ref("kind_norms"), legalBases: ref("legal_bases"),
                                          patterns: ref("description_patterns"), normsOverride: ref("norms_override"),
                                          budgetCodesOverride: ref("budget_codes_override")))
    }

    static func loadLines(_ ws: Workspace, conference: Conference, catalogue: Catalogue) throws(InputError) -> Estimate {
        let file = ws.file(Workspace.estimateFile)
        let t = try CSVTable(path: file, required: lineRequired, names: InputNames.estimate)
        if t.rows.isEmpty {
            throw InputError(SourceLocation(file: file), .inconsistent(Bilingual(vi: "dự toán không có dòng nội dung chi nào", en: "the estimate has no line items")))
        }
        var sections: [EstimateSection] = []
        var seen: [String: Int] = [:]
        // The running total of the amounts: a sum beyond the money limit is named by the line that takes it
        // there (the appraisal's sums could otherwise only say that a sum overflowed).
        var running: Int64 = 0
        for r in t.rows {
            let title = try t.required(r, "section")
            if sections.last?.title != title {
                if sections.contains(where: { $0.title == title }) {
                    throw InputError(t.location(r, "section"), .inconsistent(Bilingual(
                        vi: "các dòng của mục \"\(title)\" phải liền nhau", en: "the lines of section \"\(title)\" must be consecutive")))
                }
                sections.append(EstimateSection(title: title, lines: []))
            }
            let kindText = try t.required(r, "kind")
            let kindKey = InputNames.itemKinds.key(for: kindText)
            if kindKey == "subtotal" {
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
            guard let kind = ItemKind.parse(kindText) else {
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
            let (sum, overflow) = running.addingReportingOverflow(line.statedAmount.dong)
            if overflow || sum > Money.limit {
                throw InputError(t.location(r, "amount"), .inconsistent(Bilingual(
                    vi: "cộng dòng này, tổng dự toán vượt giới hạn số tiền 999.999.999.999.999 đ",
                    en: "with this line the estimate's total exceeds the money limit of 999,999,999,999,999 dong")))
            }
            running = sum
            sections[sections.count - 1].lines.append(line)
        }
        if let empty = sections.first(where: { $0.lines.isEmpty }) {
            throw InputError(empty.subtotalSource ?? SourceLocation(file: file), .inconsistent(Bilingual(
                vi: "mục \"\(empty.title)\" không có dòng nội dung chi", en: "section \"\(empty.title)\" has no line items")))
        }
        return Estimate(conference: conference, sections: sections, file: file)
    }
}
