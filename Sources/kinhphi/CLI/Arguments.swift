import KinhPhi

// A small argument parser (no dependencies allowed): positionals, `--name value`, `--name=value`, and
// boolean flags. Each command declares what it accepts; anything else is a usage error (exit 2).

struct UsageError: Error {
    let message: Bilingual
}

struct OptionSpec {
    let name: String
    let takesValue: Bool
}

struct ParsedArguments {
    var positionals: [String] = []
    /// Every value given for each option, in order (an option may be repeated).
    var allValues: [String: [String]] = [:]
    var flags: Set<String> = []

    /// The last value given for an option.
    func value(_ name: String) -> String? { allValues[name]?.last }
    func values(_ name: String) -> [String] { allValues[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// `--lang vi|en`
    func language() throws(UsageError) -> Language {
        guard let v = value("lang") else { return .vi }
        guard let l = Language(rawValue: v.lowercased()) else {
            throw UsageError(message: Bilingual(vi: "--lang nhận vi hoặc en, không phải \"\(v)\"", en: "--lang takes vi or en, not \"\(v)\""))
        }
        return l
    }

    /// `--format text|csv|json`
    func format(allowed: [ReportFormat] = ReportFormat.allCases) throws(UsageError) -> ReportFormat {
        guard let v = value("format") else { return .text }
        guard let f = ReportFormat(rawValue: v.lowercased()), allowed.contains(f) else {
            let list = allowed.map(\.rawValue).joined(separator: "|")
            throw UsageError(message: Bilingual(vi: "--format nhận \(list), không phải \"\(v)\"", en: "--format takes \(list), not \"\(v)\""))
        }
        return f
    }
}

enum ArgumentParser {
    static func parse(_ args: [String], options: [OptionSpec]) throws(UsageError) -> ParsedArguments {
        var out = ParsedArguments()
        let specs = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            if onlyPositionals || !a.hasPrefix("--") || a == "-" {
                out.positionals.append(a); i += 1; continue
            }
            if a == "--" { onlyPositionals = true; i += 1; continue }
            var name = String(a.dropFirst(2))
            var inline: String? = nil
            if let eq = name.firstIndex(of: "=") { inline = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
            guard let spec = specs[name] else {
                throw UsageError(message: Bilingual(vi: "không có tùy chọn --\(name) (xem --help)", en: "unknown option --\(name) (see --help)"))
            }
            if spec.takesValue {
                if let inline { out.allValues[name, default: []].append(inline); i += 1; continue }
                guard i + 1 < args.count else {
                    throw UsageError(message: Bilingual(vi: "--\(name) cần một giá trị", en: "--\(name) needs a value"))
                }
                out.allValues[name, default: []].append(args[i + 1]); i += 2
            } else {
                if inline != nil { throw UsageError(message: Bilingual(vi: "--\(name) không nhận giá trị", en: "--\(name) takes no value")) }
                out.flags.insert(name); i += 1
            }
        }
        return out
    }
}
