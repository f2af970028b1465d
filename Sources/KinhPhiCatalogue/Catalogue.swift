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
    /// The description vocabulary, in file order (description-patterns.csv).
    public let descriptionPatterns: [DescriptionPattern]

    public init(norms: [Norm], budgetCodes: [BudgetCode], normsFile: String = "norms.csv",
                budgetCodesFile: String = "budget-codes.csv", kindNorms: [KindNorm] = [], legalBases: [LegalBasis] = [],
                descriptionPatterns: [DescriptionPattern] = []) throws(InputError) {
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

    static let statusOptions: [String: NormStatus] = ["confirmed": .confirmed, "provisional": .provisional]
    static let statusExpected = Bilingual(vi: "confirmed hoặc provisional", en: "confirmed or provisional")

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
        let normsTable = try CSVTable(path: normsPath, displayName: normsName, required: normRequired)
        let codesTable = try CSVTable(path: budgetCodesPath, displayName: budgetCodesName, required: budgetRequired)
        func optionalTable(_ given: String?, _ name: String, _ required: [String]) throws(InputError) -> CSVTable? {
            if let given { return try CSVTable(path: given, required: required) }
            let path = sibling(of: normsPath, name)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let display = normsName.map { sibling(of: $0, name) }
            return try CSVTable(path: path, displayName: display, required: required)
        }
        let kn = try optionalTable(kindNormsPath, kindNormsFileName, kindNormRequired)
        let lb = try optionalTable(legalBasesPath, legalBasesFileName, legalBasisRequired)
        let dp = try optionalTable(patternsPath, patternsFileName, patternRequired)
        return try Catalogue(norms: norms(normsTable), budgetCodes: budgetCodes(codesTable),
                             normsFile: normsTable.file, budgetCodesFile: codesTable.file,
                             kindNorms: kn.map { t throws(InputError) in try kindNorms(t) } ?? [],
                             legalBases: lb.map { t throws(InputError) in try legalBases(t) } ?? [],
                             descriptionPatterns: dp.map { t throws(InputError) in try patterns(t) } ?? [])
    }

    static let yesNo: [String: Bool] = ["yes": true, "no": false, "có": true, "không": false]
    static let yesNoExpected = Bilingual(vi: "yes hoặc no", en: "yes or no")
    static let areas: Set<String> = ["city", "province", "commune"]

    public static func kindNorms(_ t: CSVTable) throws(InputError) -> [KindNorm] {
        var out: [KindNorm] = []
        for r in t.rows {
            let kindText = try t.required(r, "kind").lowercased()
            guard let kind = ItemKind.byID[kindText] else {
                throw InputError(t.location(r, "kind"), .badValue(text: kindText, expected: ItemKind.expected))
            }
            let norm = try t.required(r, "norm")
            let areaText = t.cell(r, "area").lowercased()
            if !areaText.isEmpty && !areas.contains(areaText) {
                throw InputError(t.location(r, "area"), .badValue(text: areaText, expected: Bilingual(
                    vi: "city, province, commune hoặc để trống", en: "city, province, commune or blank")))
            }
            let st = t.cell(r, "st_task").isEmpty ? false : try t.choice(r, "st_task", yesNo, expected: yesNoExpected)
            let family = t.cell(r, "family")
            out.append(KindNorm(kind: kind, normID: norm, family: family.isEmpty ? norm : family,
                                area: areaText.isEmpty ? nil : areaText, stTaskOnly: st,
                                isDefault: try t.choice(r, "default", yesNo, expected: yesNoExpected),
                                status: try t.choice(r, "status", statusOptions, expected: statusExpected),
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
                                  status: try t.choice(r, "status", statusOptions, expected: statusExpected),
                                  source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    public static func patterns(_ t: CSVTable) throws(InputError) -> [DescriptionPattern] {
        var out: [DescriptionPattern] = []
        for r in t.rows {
            let kindText = try t.required(r, "kind").lowercased()
            guard let kind = ItemKind.byID[kindText] else {
                throw InputError(t.location(r, "kind"), .badValue(text: kindText, expected: ItemKind.expected))
            }
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
            let kind = try t.choice(r, "kind", ["amount": 0, "percent": 1, "coefficient": 2],
                                    expected: Bilingual(vi: "amount, percent hoặc coefficient", en: "amount, percent or coefficient"))
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
                status: try t.choice(r, "status", statusOptions, expected: statusExpected),
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
                guard let kind = ItemKind.byID[key] else {
                    throw InputError(t.location(r, "kinds"), .badValue(text: key, expected: ItemKind.expected))
                }
                kinds.insert(kind)
            }
            out.append(BudgetCode(code: code, group: group,
                                  name: Bilingual(vi: try t.required(r, "name_vi"), en: t.cell(r, "name_en")),
                                  kinds: kinds,
                                  status: try t.choice(r, "status", statusOptions, expected: statusExpected),
                                  source: SourceLocation(file: t.file, line: r.line)))
        }
        return out
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}

