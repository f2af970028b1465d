import Foundation
import KinhPhi

// Dispatch and error mapping: library errors are typed; here they become one clear message on stderr and
// an exit code. Never a stack trace.

enum Runner {
    static func run(_ argv: [String]) -> CommandResult {
        // The language for messages is known before anything else can fail.
        var lang = Language.vi
        if let i = argv.firstIndex(of: "--lang"), i + 1 < argv.count, let l = Language(rawValue: argv[i + 1].lowercased()) { lang = l }
        if let a = argv.first(where: { $0.hasPrefix("--lang=") }), let l = Language(rawValue: String(a.dropFirst(7)).lowercased()) { lang = l }

        guard let name = argv.first else {
            // No command: usage goes to stderr with exit 2, like every other usage error.
            return CommandResult(stderr: topHelp(lang), exitCode: ExitCode.badInput)
        }
        if name == "--help" || name == "-h" || name == "help" { return CommandResult(stdout: topHelp(lang)) }
        if name == "--version" { return CommandResult(stdout: "kinhphi 0.1.0\n") }
        guard let command = allCommands.first(where: { $0.name == name }) else {
            return fail(lang == .vi ? "không có lệnh \"\(name)\" (xem kinhphi --help)" : "unknown command \"\(name)\" (see kinhphi --help)")
        }
        let rest = Array(argv.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            return CommandResult(stdout: command.summary.text(lang) + "\n\n" + command.usage + "\n")
        }
        do {
            let parsed = try ArgumentParser.parse(rest, options: command.options + commonOptions)
            return try command.run(parsed, lang: try parsed.language())
        } catch let e as UsageError {
            return fail(e.message.text(lang))
        } catch let e as InputError {
            return fail(e.message(lang))
        } catch let e as MoneyError {
            return fail(e.message(lang))
        } catch let e as any Localized {
            return fail(e.message(lang))
        } catch {
            return fail((lang == .vi ? "lỗi: " : "error: ") + String(describing: error))
        }
    }

    static func fail(_ message: String, code: Int32 = ExitCode.badInput) -> CommandResult {
        CommandResult(stderr: "kinhphi: " + message + "\n", exitCode: code)
    }

    static func topHelp(_ lang: Language) -> String {
        var out = lang == .vi
            ? "kinhphi — kinh phí hội nghị: lập dự toán, thẩm định, ghi chi, quyết toán\n\nCách dùng: kinhphi <lệnh> <thư mục hồ sơ> [tùy chọn]\n\nCác lệnh:\n"
            : "kinhphi — conference funds: estimate, appraisal, spending, settlement\n\nUsage: kinhphi <command> <workspace> [options]\n\nCommands:\n"
        for c in allCommands { out += "  " + TextLayout.pad(c.name, 10) + " " + c.summary.text(lang) + "\n" }
        out += lang == .vi ? "\nMỗi lệnh có --help. Tùy chọn chung: --lang vi|en.\n" : "\nEvery command has --help. Common option: --lang vi|en.\n"
        return out
    }
}
