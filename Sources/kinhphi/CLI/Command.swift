import KinhPhi

/// What a command hands back; only main.swift writes it out.
struct CommandResult {
    var stdout: String = ""
    var stderr: String = ""
    var exitCode: Int32 = 0
}

/// Exit codes (docs/cli.md): 0 = done, no error findings; 1 = done, with error findings (or a refusal the
/// user can act on, e.g. settlement with an uncleared advance); 2 = unusable input or usage.
enum ExitCode {
    static let ok: Int32 = 0
    static let findings: Int32 = 1
    static let badInput: Int32 = 2
}

protocol Command: Sendable {
    static var name: String { get }
    static var summary: Bilingual { get }
    /// Usage text (English and Vietnamese) shown by --help.
    static var usage: String { get }
    static var options: [OptionSpec] { get }
    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult
}

/// Options every command accepts.
let commonOptions = [OptionSpec(name: "lang", takesValue: true), OptionSpec(name: "help", takesValue: false)]

extension Command {
    /// The workspace folder: the first positional argument.
    static func workspace(_ args: ParsedArguments) throws -> Workspace {
        guard let path = args.positionals.first else {
            throw UsageError(message: Bilingual(vi: "thiếu thư mục hồ sơ (workspace)\n\(usage)", en: "missing workspace folder\n\(usage)"))
        }
        return try Workspace(path: path)
    }

    static func expectPositionals(_ args: ParsedArguments, _ n: Int) throws {
        if args.positionals.count != n {
            throw UsageError(message: Bilingual(
                vi: "cần \(n) tham số, có \(args.positionals.count)\n\(usage)",
                en: "expected \(n) argument(s), got \(args.positionals.count)\n\(usage)"))
        }
    }
}
