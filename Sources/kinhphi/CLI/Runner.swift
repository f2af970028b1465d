import Foundation
import KinhPhi

// Dispatch and the one failure path: every error a command throws becomes one message on stderr,
// `kinhphi: <message>`, and an exit code (`ExitCode`). Never a stack trace.

/// What may stand before a command: `kinhphi --help`, `kinhphi --version`, with `--lang`.
struct TopLevelOptions: CommandOptions {
    let version = Flag("version", help: Bilingual(vi: "in số phiên bản", en: "print the version"))
}

enum Runner {
    static let version = "kinhphi 0.1.0"

    static func run(_ argv: [String]) -> CommandResult {
        guard let first = argv.first else {
            // No command: the list goes to stderr with exit 2, like every other usage error.
            return CommandResult(stderr: Help.top(.vi), exitCode: .badInput)
        }
        if first.hasPrefix("-") { return topLevel(argv) }
        if first == "help" { return help(Array(argv.dropFirst())) }
        guard let command = allCommands.first(where: { $0.name == first }) else {
            return failure(unknownCommand(first), lang: ArgumentParser.language(argv, CommonOptions().declarations))
        }
        return run(command, Array(argv.dropFirst()))
    }

    /// Parses the command's words against its declarations and runs it (or prints its help).
    static func run<C: Command>(_ command: C.Type, _ argv: [String]) -> CommandResult {
        let lang = ArgumentParser.language(argv, C.Options().declarations + CommonOptions().declarations)
        do {
            switch try ArgumentParser.parse(argv, as: C.Options.self) {
            case .help(let l): return CommandResult(stdout: Help.text(command, l))
            case .run(let args): return try C.run(args)
            }
        } catch {
            return failure(error, lang: lang, usage: { Help.usageFooter(command, lang) })
        }
    }

    /// `kinhphi --help`, `kinhphi -h`, `kinhphi --version` (each with `--lang`).
    static func topLevel(_ argv: [String]) -> CommandResult {
        let specs = TopLevelOptions().declarations + CommonOptions().declarations
        let lang = ArgumentParser.language(argv, specs)
        let tokens = ArgumentParser.tokenize(argv, specs)
        if tokens.contains(where: { if case .help = $0 { return true } else { return false } }) { return CommandResult(stdout: Help.top(lang)) }
        var wantsVersion = false
        for t in tokens {
            switch t {
            case .problem(let e): return failure(e, lang: lang)
            case .positional:
                return failure(UsageError(message: Bilingual(vi: "tên lệnh đứng đầu: kinhphi <lệnh> <thư mục hồ sơ> [tùy chọn] (xem kinhphi --help)",
                                                             en: "the command comes first: kinhphi <command> <workspace> [options] (see kinhphi --help)")),
                               lang: lang)
            case .option(let spec, _): if spec.name == TopLevelOptions().version.spec.name { wantsVersion = true }
            case .help: break
            }
        }
        if wantsVersion { return CommandResult(stdout: version + "\n") }
        return CommandResult(stderr: Help.top(lang), exitCode: .badInput)
    }

    /// `kinhphi help [<command>]`: the list, or one command's help.
    static func help(_ argv: [String]) -> CommandResult {
        let specs = CommonOptions().declarations
        let lang = ArgumentParser.language(argv, specs)
        var names: [String] = []
        for t in ArgumentParser.tokenize(argv, specs) {
            switch t {
            case .problem(let e): return failure(e, lang: lang)
            case .positional(let s): names.append(s)
            case .option, .help: break
            }
        }
        guard let name = names.first else { return CommandResult(stdout: Help.top(lang)) }
        guard names.count == 1 else {
            return failure(UsageError(message: Bilingual(vi: "kinhphi help nhận một tên lệnh, có \(names.count)",
                                                         en: "kinhphi help takes one command name, got \(names.count)")), lang: lang)
        }
        guard let command = allCommands.first(where: { $0.name == name }) else { return failure(unknownCommand(name), lang: lang) }
        return CommandResult(stdout: Help.text(command, lang))
    }

    static func unknownCommand(_ name: String) -> UsageError {
        UsageError(message: Bilingual(vi: "không có lệnh \"\(InputError.visible(name))\" (xem kinhphi --help)",
                                      en: "unknown command \"\(InputError.visible(name))\" (see kinhphi --help)"))
    }

    /// The one failure path: `kinhphi: <message>` on stderr. Usage errors and unusable input exit 2; a
    /// refusal the user can act on exits 1.
    static func failure(_ error: any Error, lang: Language, usage: () -> String = { "" }) -> CommandResult {
        var code = ExitCode.badInput
        let message: String
        switch error {
        case let e as UsageError:
            let footer = e.showUsage ? usage() : ""
            message = e.message.text(lang) + (footer.isEmpty ? "" : "\n" + footer)
        case let e as Refusal:
            message = e.message.text(lang)
            code = .findings
        case let e as any Localized:
            message = e.message(lang)
        default:
            message = (lang == .vi ? "lỗi: " : "error: ") + String(describing: error)
        }
        return CommandResult(stderr: "kinhphi: " + message + "\n", exitCode: code)
    }
}
