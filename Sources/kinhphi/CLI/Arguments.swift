import KinhPhi

// A small argument parser (no dependencies allowed), driven by the declarations (Declarations.swift):
// positionals, `--name value`, `--name=value`, flags, `--` (everything after it is positional) and `-`
// (a positional). `--help`/`-h` counts only as an option of its own: not after `--`, and not where another
// option's value is expected. Anything the command does not declare is a usage error (exit 2).

/// A command line that cannot be used: exit 2, one message `kinhphi: …`; with `showUsage` the command's
/// usage line follows.
struct UsageError: Error {
    let message: Bilingual
    var showUsage = false

    /// `--date: ngày "31/02/2025" không hợp lệ (viết dd/mm/yyyy, …)`: the option (or positional) and the
    /// problem, in the library's words for a bad cell (the option's name stands where a cell's file and
    /// column would).
    static func badValue(_ spec: DeclarationSpec, _ problem: InputProblem) -> UsageError {
        UsageError(message: Bilingual(vi: InputError(SourceLocation(file: spec.subject(.vi)), problem).message(.vi),
                                      en: InputError(SourceLocation(file: spec.subject(.en)), problem).message(.en)))
    }

    /// Problems the library reported for values given by options (an `InputError` whose location is the
    /// option's name, e.g. from `VoucherInput` or `OverBudgetPolicy.parseLinePolicies`), one per line.
    static func badValues(_ errors: [InputError]) -> UsageError {
        UsageError(message: Bilingual(vi: errors.map { $0.message(.vi) }.joined(separator: "\n  "),
                                      en: errors.map { $0.message(.en) }.joined(separator: "\n  ")))
    }
}

/// What the parser found, before the values are read.
enum ParseOutcome<O: CommandOptions> {
    case help(Language)
    case run(Arguments<O>)
}

/// A parsed command line, read through the command's declarations: `args[\.csv]`, `args[\.draft]`.
struct Arguments<O: CommandOptions> {
    let declared: O
    /// `--lang` (default Vietnamese).
    let lang: Language
    fileprivate let values: [String: [String]]
    fileprivate let flags: Set<String>
    fileprivate let positionals: [String: String]
    fileprivate let variadic: [String]

    fileprivate func last(_ spec: DeclarationSpec) -> String? { values[spec.name]?.last }

    fileprivate func read<V>(_ spec: DeclarationSpec, _ reader: ValueReader<V>, _ text: String) throws(UsageError) -> V {
        do throws(BadValue) { return try reader.read(text) } catch { throw UsageError.badValue(spec, error.problem) }
    }

    subscript<V>(_ key: KeyPath<O, Argument<V>>) -> V {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            guard let text = positionals[d.spec.name] else {
                throw UsageError(message: Bilingual(vi: "thiếu \(d.spec.placeholder.vi)", en: "missing \(d.spec.placeholder.en)"), showUsage: true)
            }
            return try read(d.spec, d.reader, text)
        }
    }

    subscript<V>(_ key: KeyPath<O, VariadicArgument<V>>) -> [V] {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            var out: [V] = []
            for text in variadic { out.append(try read(d.spec, d.reader, text)) }
            return out
        }
    }

    subscript<V>(_ key: KeyPath<O, Option<V>>) -> V? {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            guard let text = last(d.spec) else { return nil }
            return try read(d.spec, d.reader, text)
        }
    }

    subscript<V>(_ key: KeyPath<O, DefaultedOption<V>>) -> V {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            guard let text = last(d.spec) else { return d.defaultValue }
            return try read(d.spec, d.reader, text)
        }
    }

    subscript<V>(_ key: KeyPath<O, RequiredOption<V>>) -> V {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            guard let text = last(d.spec) else { throw ArgumentParser.missing([d.spec]) }
            return try read(d.spec, d.reader, text)
        }
    }

    subscript<V>(_ key: KeyPath<O, RepeatedOption<V>>) -> [V] {
        get throws(UsageError) {
            let d = declared[keyPath: key]
            var out: [V] = []
            for text in values[d.spec.name] ?? [] { out.append(try read(d.spec, d.reader, text)) }
            return out
        }
    }

    subscript(_ key: KeyPath<O, Flag>) -> Bool { flags.contains(declared[keyPath: key].spec.name) }

    /// A value that read but cannot be used (found later, e.g. a line the estimate does not have), named by
    /// its declaration like a value that does not read.
    func problem<D: Declaration>(_ key: KeyPath<O, D>, _ problem: InputProblem) -> UsageError {
        UsageError.badValue(declared[keyPath: key].spec, problem)
    }

    /// The last text given for each option of a group (`record`'s voucher flags), by name.
    func texts<G: DeclarationGroup>(_ key: KeyPath<O, G>) -> [String: String] {
        var out: [String: String] = [:]
        for spec in declared[keyPath: key].specs { if let t = last(spec) { out[spec.name] = t } }
        return out
    }
}

enum ArgumentParser {
    /// One word of the command line, as the declarations read it.
    enum Token {
        case option(DeclarationSpec, String?)
        case positional(String)
        case help
        case problem(UsageError)
    }

    /// A word that stands for an option, so it is never taken as another option's value.
    static func looksLikeOption(_ s: String) -> Bool { s.hasPrefix("--") || s == "-h" }

    /// Reads the words left to right. Never fails: problems are tokens, so the language and `--help` can
    /// still be found on a line that has one.
    static func tokenize(_ argv: [String], _ specs: [DeclarationSpec]) -> [Token] {
        let byName = Dictionary(specs.filter { !$0.isPositional }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let help = CommonOptions().help.spec
        var out: [Token] = []
        var i = 0
        var onlyPositionals = false
        while i < argv.count {
            let a = argv[i]
            i += 1
            if onlyPositionals { out.append(.positional(a)); continue }
            if a == "--" { onlyPositionals = true; continue }
            if let s = help.short, a == "-\(s)" { out.append(.help); continue }
            // "-", "-5000" and every other word are positionals.
            guard a.hasPrefix("--") else { out.append(.positional(a)); continue }
            var name = String(a.dropFirst(2))
            var inline: String? = nil
            if let eq = name.firstIndex(of: "=") { inline = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
            guard let spec = byName[name] else {
                out.append(.problem(UsageError(message: Bilingual(vi: "không có tùy chọn --\(name) (xem --help)", en: "unknown option --\(name) (see --help)"))))
                continue
            }
            if !spec.takesValue {
                if inline != nil {
                    out.append(.problem(UsageError(message: Bilingual(vi: "--\(name) không nhận giá trị", en: "--\(name) takes no value"))))
                } else {
                    out.append(spec.name == help.name ? .help : .option(spec, nil))
                }
                continue
            }
            if let inline { out.append(.option(spec, inline)); continue }
            guard i < argv.count else {
                out.append(.problem(UsageError(message: Bilingual(vi: "--\(name) cần một giá trị", en: "--\(name) needs a value"))))
                continue
            }
            let next = argv[i]
            i += 1
            if looksLikeOption(next) {
                // `--reason --help`: the option's value is missing, and the word that stands there is used
                // up by this problem (it is neither the value nor a request for help).
                out.append(.problem(UsageError(message: Bilingual(
                    vi: "--\(name) cần một giá trị; \"\(next)\" là một tùy chọn (nếu đó đúng là giá trị, viết --\(name)=\(next))",
                    en: "--\(name) needs a value; \"\(next)\" is an option (if it is the value, write --\(name)=\(next))"))))
            } else {
                out.append(.option(spec, next))
            }
        }
        return out
    }

    /// `--lang`, as far as it can be read from a line that may hold other problems (the last usable value);
    /// Vietnamese if none.
    static func language(_ argv: [String], _ specs: [DeclarationSpec]) -> Language {
        let option = CommonOptions().lang
        var lang = option.defaultValue
        for case .option(let spec, let value?) in tokenize(argv, specs) where spec.name == option.spec.name {
            if let l = try? option.reader.read(value) { lang = l }
        }
        return lang
    }

    /// No value on the command line may hold a control character (TAB and line breaks included), a
    /// bidirectional control or a line separator (`TextSafety`, the rule of every text field): `--decision`,
    /// `--reason`, a path… — what it would put in approved.json, the journal or a message could not be
    /// read as it looks.
    static func refused(_ value: String) -> InputProblem? {
        guard let bad = TextSafety.forbidden(in: value) else { return nil }
        let what = TextSafety.describe(bad)
        return .badValue(text: value, expected: Bilingual(vi: "văn bản một dòng, không có \(what.vi)", en: "one line of text without \(what.en)"))
    }

    /// `thiếu --decision <số quyết định>` (several: comma-separated), with the usage line.
    static func missing(_ specs: [DeclarationSpec]) -> UsageError {
        UsageError(message: Bilingual(vi: "thiếu " + specs.map { $0.label(.vi) }.joined(separator: ", "),
                                      en: "missing " + specs.map { $0.label(.en) }.joined(separator: ", ")), showUsage: true)
    }

    /// Parses a command's words: `--help` (given as an option of its own, anywhere) wins; otherwise the
    /// first problem in order, then every value checked in order, the number of positionals, and the
    /// required options.
    static func parse<O: CommandOptions>(_ argv: [String], as: O.Type) throws(UsageError) -> ParseOutcome<O> {
        let declared = O()
        let own = declared.declarations
        let specs = own + CommonOptions().declarations
        let tokens = tokenize(argv, specs)
        let lang = language(argv, specs)
        if tokens.contains(where: { if case .help = $0 { return true } else { return false } }) { return .help(lang) }
        var values: [String: [String]] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        for t in tokens {
            switch t {
            case .problem(let e): throw e
            case .help: break
            case .positional(let s): positionals.append(s)
            case .option(let spec, nil): flags.insert(spec.name)
            case .option(let spec, let value?):
                if let p = ArgumentParser.refused(value) ?? spec.check(value) { throw UsageError.badValue(spec, p) }
                values[spec.name, default: []].append(value)
            }
        }
        let expected = own.filter(\.isPositional)
        var byKey: [String: String] = [:]
        var many: [String] = []
        if let v = expected.firstIndex(where: { $0.role == .variadic }) {
            // The fixed positionals before and after the variadic one take the first and last words.
            let before = Array(expected[..<v]), after = Array(expected[(v + 1)...])
            guard positionals.count >= expected.count else {
                throw UsageError(message: Bilingual(vi: "cần ít nhất \(expected.count) tham số, có \(positionals.count)",
                                                    en: "expected at least \(expected.count) argument(s), got \(positionals.count)"), showUsage: true)
            }
            let middle = positionals.count - after.count
            let assigned = zip(before, positionals[..<before.count]).map { ($0, $1) }
                + positionals[before.count..<middle].map { (expected[v], $0) }
                + zip(after, positionals[middle...]).map { ($0, $1) }
            for (spec, text) in assigned {
                if let p = ArgumentParser.refused(text) ?? spec.check(text) { throw UsageError.badValue(spec, p) }
                if spec.role == .variadic { many.append(text) } else { byKey[spec.name] = text }
            }
        } else {
            guard positionals.count == expected.count else {
                throw UsageError(message: Bilingual(vi: "cần \(expected.count) tham số, có \(positionals.count)",
                                                    en: "expected \(expected.count) argument(s), got \(positionals.count)"), showUsage: true)
            }
            for (spec, text) in zip(expected, positionals) {
                if let p = ArgumentParser.refused(text) ?? spec.check(text) { throw UsageError.badValue(spec, p) }
                byKey[spec.name] = text
            }
        }
        let missing = own.filter { $0.role == .required && values[$0.name] == nil }
        if !missing.isEmpty { throw ArgumentParser.missing(missing) }
        // `--lang` was checked with the other values above, so this is the language asked for.
        return .run(Arguments(declared: declared, lang: lang, values: values, flags: flags, positionals: byKey, variadic: many))
    }
}
