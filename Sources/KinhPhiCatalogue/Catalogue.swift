import Foundation
import KinhPhiCore

// The catalogue: norms and budget codes, loaded from CSV and validated on load.
// Format: docs/formats.md §Catalogue. Validation: unknown column values, bad numbers and dates, a budget
// code listed twice, an id whose effective ranges overlap, a percent/coefficient norm that refers to an
// unknown id or to itself — each a clear InputError naming file, line and column.

public struct Catalogue: Sendable {
    /// Every version of every norm, by id, ordered by effective date.
    public let norms: [String: [Norm]]
    public let budgetCodes: [String: BudgetCode]
    public let normsFile: String
    public let budgetCodesFile: String
    /// Which norms cap which item kinds (kind-norms.csv); empty when the catalogue has no such file.
    public let kindNorms: [KindNorm]
    /// Every version of every citation the rules print, by id, ordered by effective date (legal-bases.csv).
    public let legalBases: [String: [LegalBasis]]
    /// The path legal-bases.csv was read from (nil when the catalogue has no such table): the approval
    /// copies it into its snapshot, so that recording checks cite the law in force on the voucher date.
    public let legalBasesFile: String?
    /// The description vocabulary, in file order (description-patterns.csv).
    public let descriptionPatterns: [DescriptionPattern]
    /// The text of the norms and budget-code tables this catalogue was built from, as an approval keeps it
    /// (approved.json's snapshot): the file's bytes, the built-in table's, or — when a workspace overrides
    /// rows — the merged table written out (`CatalogueLoader`). Nil for a catalogue built in code.
    public var normsText: [UInt8]? = nil
    public var budgetCodesText: [UInt8]? = nil
    /// Likewise the legal-basis table's text (nil when the catalogue has none).
    public var legalBasesText: [UInt8]? = nil
    /// Where the norms and budget codes came from (for listings: the built-in tables, a file, overrides).
    public var origin = CatalogueOrigin()

    public init(norms: [Norm], budgetCodes: [BudgetCode], normsFile: String = "norms.csv",
                budgetCodesFile: String = "budget-codes.csv", kindNorms: [KindNorm] = [], legalBases: [LegalBasis] = [],
                descriptionPatterns: [DescriptionPattern] = [], legalBasesFile: String? = nil) throws(InputError) {
        var byID: [String: [Norm]] = [:]
        for n in norms { byID[n.id, default: []].append(n) }
        for (id, versions) in byID {
            let sorted = versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                // Overlap: the earlier one is open-ended or ends on/after the later one's start.
                if a.effectiveTo.map({ $0 >= b.effectiveFrom }) ?? true {
                    throw InputError(SourceLocation(file: b.source.file, line: b.source.line, field: "effective_from"),
                        .inconsistent(Bilingual(
                            vi: "định mức \"\(id)\" có hiệu lực chồng lên dòng \(a.source.line ?? 0) (mỗi ngày chỉ được một mức)",
                            en: "norm \"\(id)\" overlaps the effective range on line \(a.source.line ?? 0) (one level per day)")))
                }
            }
            byID[id] = sorted
        }
        for versions in byID.values {
            for n in versions {
                switch n.ceiling {
                case .amount: break
                case .percent(_, let of) where of.isEmpty:
                    break // a bare rate (e.g. pit-rate 10 %)
                case .percent(_, let of), .coefficient(_, let of):
                    if of == n.id || byID[of] == nil {
                        throw InputError(SourceLocation(file: n.source.file, line: n.source.line, field: "of"),
                                         .unknownReference(kind: Bilingual(vi: "định mức", en: "norm"), id: of))
                    }
                    // The base must be money (an amount, or computed from one), not a bare rate.
                    if byID[of]!.contains(where: { if case .percent(_, let o) = $0.ceiling { return o.isEmpty }; return false }) {
                        throw InputError(SourceLocation(file: n.source.file, line: n.source.line, field: "of"),
                                         .inconsistent(Bilingual(vi: "định mức \"\(of)\" là một tỷ lệ, không phải số tiền để tính \"\(n.id)\"",
                                                                 en: "norm \"\(of)\" is a bare rate, not an amount \"\(n.id)\" can be computed from")))
                    }
                }
            }
        }
        var codes: [String: BudgetCode] = [:]
        for c in budgetCodes {
            if let first = codes[c.code] {
                throw InputError(SourceLocation(file: c.source.file, line: c.source.line, field: "code"),
                                 .duplicate(kind: Bilingual(vi: "mã mục/tiểu mục", en: "budget code"), id: c.code, firstLine: first.source.line))
            }
            codes[c.code] = c
        }
        var seenPairs: [String: KindNorm] = [:]
        for p in kindNorms {
            guard byID[p.normID] != nil else {
                throw InputError(SourceLocation(file: p.source.file, line: p.source.line, field: "norm"),
                                 .unknownReference(kind: Bilingual(vi: "định mức", en: "norm"), id: p.normID))
            }
            let key = p.kind.rawValue + "|" + p.normID + "|" + (p.area ?? "")
            if let first = seenPairs[key] {
                throw InputError(SourceLocation(file: p.source.file, line: p.source.line, field: "norm"),
                                 .duplicate(kind: Bilingual(vi: "cặp loại–định mức", en: "kind–norm pair"), id: "\(p.kind.rawValue) → \(p.normID)", firstLine: first.source.line))
            }
            seenPairs[key] = p
        }
        var bases: [String: [LegalBasis]] = [:]
        for b in legalBases { bases[b.id, default: []].append(b) }
        for (id, versions) in bases {
            let sorted = versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.effectiveTo.map({ $0 >= b.effectiveFrom }) ?? true {
                throw InputError(SourceLocation(file: b.source.file, line: b.source.line, field: "effective_from"),
                    .inconsistent(Bilingual(
                        vi: "căn cứ \"\(id)\" có hiệu lực chồng lên dòng \(a.source.line ?? 0) (mỗi ngày chỉ được một văn bản)",
                        en: "citation \"\(id)\" overlaps the effective range on line \(a.source.line ?? 0) (one text per day)")))
            }
            bases[id] = sorted
        }
        self.norms = byID
        self.budgetCodes = codes
        self.normsFile = normsFile
        self.budgetCodesFile = budgetCodesFile
        self.kindNorms = kindNorms
        self.legalBases = bases
        self.legalBasesFile = legalBasesFile
        self.descriptionPatterns = descriptionPatterns
    }

    /// The version of a norm in force on a date (nil if the id exists but none is in force).
    public func norm(_ id: String, on date: CivilDate) -> Norm? {
        norms[id]?.first { $0.isInForce(on: date) }
    }

    public func hasNorm(_ id: String) -> Bool { norms[id] != nil }

    /// A bare rate in force on a date as a fraction (pit-rate 10 % → 0,1), with its norm.
    public func rate(_ id: String, on date: CivilDate) -> (Quantity, Norm)? {
        guard let n = norm(id, on: date), case .percent(let p, let of) = n.ceiling, of.isEmpty,
              let q = try? p * Quantity(mantissa: 1, scale: 2) else { return nil }
        return (q, n)
    }

    /// Resolves a norm to a money ceiling on a date; nil when it (or one it rests on) is not in force.
    public func resolve(_ id: String, on date: CivilDate) throws(MoneyError) -> ResolvedNorm? {
        try resolve(id, on: date, depth: 0)
    }

    private func resolve(_ id: String, on date: CivilDate, depth: Int) throws(MoneyError) -> ResolvedNorm? {
        guard depth < 8, let n = norm(id, on: date) else { return nil }
        switch n.ceiling {
        case .amount(let m):
            return ResolvedNorm(norm: n, ceiling: m, provisional: n.status == .provisional, chain: [n])
        case .percent(_, let of) where of.isEmpty:
            return nil // a bare rate has no money ceiling: use `rate(_:on:)`
        case .percent(let p, let of):
            guard let base = try resolve(of, on: date, depth: depth + 1) else { return nil }
            let hundredth = try Quantity(mantissa: 1, scale: 2)
            let m = try Rounding.amount(unitPrice: base.ceiling, factors: [p, hundredth], rule: n.rounding)
            return ResolvedNorm(norm: n, ceiling: m, provisional: n.status == .provisional || base.provisional, chain: [n] + base.chain)
        case .coefficient(let k, let of):
            guard let base = try resolve(of, on: date, depth: depth + 1) else { return nil }
            let m = try Rounding.amount(unitPrice: base.ceiling, factors: [k], rule: n.rounding)
            return ResolvedNorm(norm: n, ceiling: m, provisional: n.status == .provisional || base.provisional, chain: [n] + base.chain)
        }
    }
}

// MARK: - Loading

public enum CatalogueLoader {
    public static let normColumns = ["id", "name_vi", "name_en", "kind", "ceiling", "of", "unit_vi", "unit_en",
                                     "document", "article", "effective_from", "effective_to", "status", "rounding",
                                     "scope_vi", "scope_en"]
    static let normRequired = ["id", "name_vi", "kind", "ceiling", "unit_vi", "document", "effective_from", "status"]
    public static let budgetCodeColumns = ["code", "group", "name_vi", "name_en", "kinds", "status"]
    static let budgetRequired = ["code", "group", "name_vi", "kinds", "status"]

    static let statusExpected = Bilingual(vi: "confirmed (đã xác nhận) hoặc provisional (tạm tính)", en: "confirmed or provisional (đã xác nhận, tạm tính)")
    /// A status cell: `confirmed`/`provisional` or their Vietnamese names.
    static func status(_ t: CSVTable, _ r: CSVRecord) throws(InputError) -> NormStatus {
        try t.named(r, "status", InputNames.statuses, expected: statusExpected) { NormStatus(rawValue: $0) }
    }

    public static let kindNormColumns = ["kind", "norm", "family", "area", "st_task", "default", "status"]
    static let kindNormRequired = ["kind", "norm", "default", "status"]
    public static let legalBasisColumns = ["id", "text", "effective_from", "effective_to", "status"]
    static let legalBasisRequired = ["id", "text", "effective_from", "status"]
    public static let patternColumns = ["kind", "pattern", "position", "except"]
    static let patternRequired = ["kind", "pattern", "position"]

    /// File names of the optional catalogue tables, looked for beside the norms file.
    public static let kindNormsFileName = "kind-norms.csv"
    public static let legalBasesFileName = "legal-bases.csv"
    public static let patternsFileName = "description-patterns.csv"

    /// The file `name` in the folder of `path` (a path without a folder: the current folder).
    public static func sibling(of path: String, _ name: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return name }
        return String(path[...slash]) + name
    }

    /// Loads norms and budget codes, and the optional tables (kind → norm pairs, legal bases, description
    /// patterns) from the given paths, or — when a path is nil — from the file of that name beside the norms
    /// file, if there is one. A table that is named but missing is an error; one looked for and absent is empty.
    public static func load(normsPath: String, budgetCodesPath: String,
                            normsName: String? = nil, budgetCodesName: String? = nil,
                            kindNormsPath: String? = nil, legalBasesPath: String? = nil,
                            patternsPath: String? = nil) throws(InputError) -> Catalogue {
        try load(CatalogueSources(
            norms: CatalogueFile(path: normsPath, displayName: normsName),
            budgetCodes: CatalogueFile(path: budgetCodesPath, displayName: budgetCodesName),
            kindNorms: kindNormsPath.map { CatalogueFile(path: $0) }, legalBases: legalBasesPath.map { CatalogueFile(path: $0) },
            descriptionPatterns: patternsPath.map { CatalogueFile(path: $0) }))
    }

    /// Loads a catalogue from its sources (docs/formats.md §The catalogue a workspace uses):
    /// - norms, budget codes: the file given, or the built-in table (`BuiltInCatalogue`) when none is;
    /// - kind-norms, legal bases, description patterns: the file given; else, beside a norms *file*, the
    ///   file of that name if there is one (absent: the table is empty); else (built-in norms) the built-in
    ///   table;
    /// - overrides: the rows of `normsOverride` replace every version of the norms with the same id (and
    ///   add new ids), the rows of `budgetCodesOverride` the budget codes with the same code.
    /// A file given and missing is an error naming where its path came from (`CatalogueFile.origin`).
    public static func load(_ sources: CatalogueSources) throws(InputError) -> Catalogue {
        let normsBase = try table(sources.norms, .norms, normRequired, InputNames.norms)
        let codesBase = try table(sources.budgetCodes, .budgetCodes, budgetRequired, InputNames.budgetCodes)
        let normsOver = try sources.normsOverride.map { f throws(InputError) in try table(f, normRequired, InputNames.norms) }
        let codesOver = try sources.budgetCodesOverride.map { f throws(InputError) in try table(f, budgetRequired, InputNames.budgetCodes) }

        var normList = try norms(normsBase.table)
        var normsText = normsBase.bytes
        var normsName = normsBase.table.file
        if let over = normsOver {
            let replaced = try norms(over.table)
            let ids = Set(replaced.map(\.id))
            normList = normList.filter { !ids.contains($0.id) } + replaced
            normsText = merged(normsBase.table, over.table, columns: normColumns, keyColumn: "id", replacing: ids)
            normsName = normsBase.table.file + " + " + over.table.file
        }
        var codeList = try budgetCodes(codesBase.table)
        var codesText = codesBase.bytes
        var codesName = codesBase.table.file
        if let over = codesOver {
            let replaced = try budgetCodes(over.table)
            let codes = Set(replaced.map(\.code))
            codeList = codeList.filter { !codes.contains($0.code) } + replaced
            codesText = merged(codesBase.table, over.table, columns: budgetCodeColumns, keyColumn: "code", replacing: codes)
            codesName = codesBase.table.file + " + " + over.table.file
        }

        /// An optional table: given, beside a norms file, or built in.
        func optional(_ given: CatalogueFile?, _ builtIn: BuiltInCatalogue.Table, _ required: [String], _ names: NameTable) throws(InputError) -> (table: CSVTable, bytes: [UInt8])? {
            if let given { return try table(given, required, names) }
            if let normsFile = sources.norms {
                let path = sibling(of: normsFile.path, builtIn.fileName)
                guard FileManager.default.fileExists(atPath: path) else { return nil }
                return try table(CatalogueFile(path: path, displayName: sibling(of: normsFile.displayName, builtIn.fileName)), required, names)
            }
            return try table(nil, builtIn, required, names)
        }
        let kn = try optional(sources.kindNorms, .kindNorms, kindNormRequired, InputNames.kindNorms)?.table
        let lbFound = try optional(sources.legalBases, .legalBases, legalBasisRequired, InputNames.legalBases)
        let lb = lbFound?.table
        let dp = try optional(sources.descriptionPatterns, .descriptionPatterns, patternRequired, InputNames.descriptionPatterns)?.table
        var catalogue = try Catalogue(norms: normList, budgetCodes: codeList,
                                      normsFile: normsName, budgetCodesFile: codesName,
                                      kindNorms: kn.map { t throws(InputError) in try kindNorms(t) } ?? [],
                                      legalBases: lb.map { t throws(InputError) in try legalBases(t) } ?? [],
                                      descriptionPatterns: dp.map { t throws(InputError) in try patterns(t) } ?? [],
                                      legalBasesFile: lb?.file)
        // The approval keeps the legal-basis table's text (issue 14: recording checks cite the law in force).
        catalogue.legalBasesText = lbFound?.bytes
        catalogue.normsText = normsText
        catalogue.budgetCodesText = codesText
        catalogue.origin = CatalogueOrigin(norms: sources.norms?.displayName, normsOverride: normsOver?.table.file,
                                           budgetCodes: sources.budgetCodes?.displayName, budgetCodesOverride: codesOver?.table.file)
        return catalogue
    }

    /// A table and the bytes it was read from: the file's, or the built-in table's when `file` is nil.
    static func table(_ file: CatalogueFile?, _ builtIn: BuiltInCatalogue.Table, _ required: [String], _ names: NameTable) throws(InputError) -> (table: CSVTable, bytes: [UInt8]) {
        if let file { return try table(file, required, names) }
        let bytes = BuiltInCatalogue.bytes(builtIn)
        return (try CSVTable(bytes: bytes, file: BuiltInCatalogue.displayName(builtIn), required: required, names: names), bytes)
    }

    static func table(_ file: CatalogueFile, _ required: [String], _ names: NameTable) throws(InputError) -> (table: CSVTable, bytes: [UInt8]) {
        let bytes: [UInt8]
        do { bytes = try FileInput.readBytes(path: file.path, displayName: file.displayName) } catch {
            switch error.problem {
            case .fileNotFound, .notAFile: throw error.hinted(file.origin)
            default: throw error
            }
        }
        return (try CSVTable(bytes: bytes, file: file.displayName, required: required, names: names), bytes)
    }

    /// The base table's rows whose key is not replaced, then the override's rows, under the canonical
    /// header, comma-separated: what an approval keeps when a workspace overrides rows.
    static func merged(_ base: CSVTable, _ over: CSVTable, columns: [String], keyColumn: String, replacing keys: Set<String>) -> [UInt8] {
        var text = CSVText.record(columns)
        for r in base.rows where !keys.contains(base.cell(r, keyColumn)) { text += CSVText.record(columns.map { base.cell(r, $0) }) }
        for r in over.rows { text += CSVText.record(columns.map { over.cell(r, $0) }) }
        return Array(text.utf8)
    }


    public static func kindNorms(_ t: CSVTable) throws(InputError) -> [KindNorm] {
        var out: [KindNorm] = []
        for r in t.rows {
            let kind = try t.named(r, "kind", InputNames.itemKinds, expected: ItemKind.expected) { ItemKind(rawValue: $0) }
            let norm = try t.required(r, "norm")
            let areaText = t.cell(r, "area")
            var area: String? = nil
            if !areaText.isEmpty {
                area = try t.named(r, "area", InputNames.areas, expected: Bilingual(
                    vi: "city (nội thành), province (tỉnh), commune (xã) hoặc để trống", en: "city, province, commune or blank")) { $0 }
            }
            let st = try t.yesNo(r, "st_task", default: false)
            let family = t.cell(r, "family")
            out.append(KindNorm(kind: kind, normID: norm, family: family.isEmpty ? norm : family,
                                area: area, stTaskOnly: st,
                                isDefault: try t.yesNo(r, "default"),
                                status: try status(t, r),
                                source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    public static func legalBases(_ t: CSVTable) throws(InputError) -> [LegalBasis] {
        var out: [LegalBasis] = []
        for r in t.rows {
            let id = try t.required(r, "id")
            guard isIdentifier(id) else {
                throw InputError(t.location(r, "id"), .badValue(text: id, expected: Bilingual(
                    vi: "mã gồm chữ thường, số và dấu gạch ngang", en: "an id of lower-case letters, digits and hyphens")))
            }
            let from = try t.date(r, "effective_from")
            let to = try t.optionalDate(r, "effective_to")
            if let to, to < from {
                throw InputError(t.location(r, "effective_to"), .inconsistent(Bilingual(
                    vi: "ngày hết hiệu lực \(to) trước ngày có hiệu lực \(from)", en: "effective_to \(to) is before effective_from \(from)")))
            }
            out.append(LegalBasis(id: id, text: try t.required(r, "text"), effectiveFrom: from, effectiveTo: to,
                                  status: try status(t, r),
                                  source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    public static func patterns(_ t: CSVTable) throws(InputError) -> [DescriptionPattern] {
        var out: [DescriptionPattern] = []
        for r in t.rows {
            let kind = try t.named(r, "kind", InputNames.itemKinds, expected: ItemKind.expected) { ItemKind(rawValue: $0) }
            let pattern = try t.required(r, "pattern")
            guard !DescriptionWords.split(pattern).isEmpty else {
                throw InputError(t.location(r, "pattern"), .badValue(text: pattern, expected: Bilingual(
                    vi: "một cụm từ có chữ", en: "a phrase with letters")))
            }
            let position = try t.choice(r, "position", ["start": PatternPosition.start, "word": .word],
                                        expected: Bilingual(vi: "start hoặc word", en: "start or word"))
            let except = t.cell(r, "except").split(separator: ";").map { String(NumberParser.trimSpaces(String($0))) }.filter { !$0.isEmpty }
            out.append(DescriptionPattern(kind: kind, pattern: pattern, position: position, except: except,
                                          source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    public static func norms(_ t: CSVTable) throws(InputError) -> [Norm] {
        var out: [Norm] = []
        for r in t.rows {
            let id = try t.required(r, "id")
            guard isIdentifier(id) else {
                throw InputError(t.location(r, "id"), .badValue(text: id, expected: Bilingual(
                    vi: "mã gồm chữ thường, số và dấu gạch ngang", en: "an id of lower-case letters, digits and hyphens")))
            }
            let kind = try t.named(r, "kind", InputNames.normKinds,
                                   expected: Bilingual(vi: "amount (số tiền), percent (tỷ lệ) hoặc coefficient (hệ số)", en: "amount, percent or coefficient")) {
                ["amount": 0, "percent": 1, "coefficient": 2][$0]
            }
            let ceiling: NormCeiling
            if kind == 0 {
                ceiling = .amount(try t.money(r, "ceiling"))
            } else {
                let q = try t.quantity(r, "ceiling")
                // A percent may stand alone (a rate such as pit-rate); a coefficient needs its base.
                let of = kind == 1 ? t.cell(r, "of") : try t.required(r, "of")
                ceiling = kind == 1 ? .percent(q, of: of) : .coefficient(q, of: of)
            }
            let from = try t.date(r, "effective_from")
            let to = try t.optionalDate(r, "effective_to")
            if let to, to < from {
                throw InputError(t.location(r, "effective_to"), .inconsistent(Bilingual(
                    vi: "ngày hết hiệu lực \(to) trước ngày có hiệu lực \(from)", en: "effective_to \(to) is before effective_from \(from)")))
            }
            let rounding: RoundingRule
            if t.cell(r, "rounding").isEmpty { rounding = .halfUpToDong } else {
                rounding = try t.choice(r, "rounding", Dictionary(uniqueKeysWithValues: RoundingRule.allCases.map { ($0.rawValue, $0) }),
                                        expected: Bilingual(vi: "dong hoặc up-10000", en: "dong or up-10000"))
            }
            let scopeVi = t.cell(r, "scope_vi"), scopeEn = t.cell(r, "scope_en")
            out.append(Norm(
                id: id,
                name: Bilingual(vi: try t.required(r, "name_vi"), en: t.cell(r, "name_en").isEmpty ? t.cell(r, "name_vi") : t.cell(r, "name_en")),
                ceiling: ceiling,
                unit: Bilingual(vi: try t.required(r, "unit_vi"), en: t.cell(r, "unit_en").isEmpty ? t.cell(r, "unit_vi") : t.cell(r, "unit_en")),
                document: try t.required(r, "document"),
                article: t.cell(r, "article"),
                effectiveFrom: from, effectiveTo: to,
                status: try status(t, r),
                rounding: rounding,
                scope: scopeVi.isEmpty && scopeEn.isEmpty ? nil : Bilingual(vi: scopeVi, en: scopeEn.isEmpty ? scopeVi : scopeEn),
                source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    public static func budgetCodes(_ t: CSVTable) throws(InputError) -> [BudgetCode] {
        var out: [BudgetCode] = []
        for r in t.rows {
            let code = try t.required(r, "code")
            let group = try t.required(r, "group")
            for (col, v) in [("code", code), ("group", group)] where !(v.count == 4 && v.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }) {
                throw InputError(t.location(r, col), .badValue(text: v, expected: Bilingual(vi: "mã 4 chữ số", en: "a 4-digit code")))
            }
            var kinds = Set<ItemKind>()
            for k in t.cell(r, "kinds").split(separator: ";") {
                let key = String(NumberParser.trimSpaces(String(k)))
                guard let kind = ItemKind.parse(key) else {
                    throw InputError(t.location(r, "kinds"), .badValue(text: key, expected: ItemKind.expected))
                }
                kinds.insert(kind)
            }
            out.append(BudgetCode(code: code, group: group,
                                  name: Bilingual(vi: try t.required(r, "name_vi"), en: t.cell(r, "name_en")),
                                  kinds: kinds,
                                  status: try status(t, r),
                                  source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}


/// One catalogue file a workspace or an option names.
public struct CatalogueFile: Sendable {
    /// The path to open.
    public let path: String
    /// How messages name it.
    public let displayName: String
    /// Where the path was given and how to do without it (said when the file is missing): "the norms row of
    /// conference.csv, line 21; leave it blank to use the built-in catalogue".
    public let origin: Bilingual?

    public init(path: String, displayName: String? = nil, origin: Bilingual? = nil) {
        self.path = path; self.displayName = displayName ?? path; self.origin = origin
    }
}

/// Where each table of a catalogue comes from; nil = the built-in table (norms, budget codes) or the usual
/// place (the optional tables: beside a norms file, else built in). `CatalogueLoader.load(_:)`.
public struct CatalogueSources: Sendable {
    public var norms: CatalogueFile?
    public var budgetCodes: CatalogueFile?
    public var kindNorms: CatalogueFile?
    public var legalBases: CatalogueFile?
    public var descriptionPatterns: CatalogueFile?
    /// Rows that replace the norms with the same id (every version of it) and add new ids.
    public var normsOverride: CatalogueFile?
    /// Rows that replace the budget codes with the same code and add new codes.
    public var budgetCodesOverride: CatalogueFile?

    public init(norms: CatalogueFile? = nil, budgetCodes: CatalogueFile? = nil, kindNorms: CatalogueFile? = nil,
                legalBases: CatalogueFile? = nil, descriptionPatterns: CatalogueFile? = nil,
                normsOverride: CatalogueFile? = nil, budgetCodesOverride: CatalogueFile? = nil) {
        self.norms = norms; self.budgetCodes = budgetCodes; self.kindNorms = kindNorms; self.legalBases = legalBases
        self.descriptionPatterns = descriptionPatterns; self.normsOverride = normsOverride; self.budgetCodesOverride = budgetCodesOverride
    }
}

/// Where a loaded catalogue's norms and budget codes came from: nil = the built-in table.
public struct CatalogueOrigin: Sendable, Equatable {
    public var norms: String?
    public var normsOverride: String?
    public var budgetCodes: String?
    public var budgetCodesOverride: String?

    public init(norms: String? = nil, normsOverride: String? = nil, budgetCodes: String? = nil, budgetCodesOverride: String? = nil) {
        self.norms = norms; self.normsOverride = normsOverride; self.budgetCodes = budgetCodes; self.budgetCodesOverride = budgetCodesOverride
    }
}
