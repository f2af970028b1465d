import Foundation
import KinhPhi

/// `kinhphi verify <workspace>`
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = Bilingual(vi: "kiểm tra toàn vẹn nhật ký (chuỗi SHA-256)", en: "check the journal's integrity (SHA-256 chain)")
    static let usage = """
        kinhphi verify <workspace> [--lang vi|en]
          Re-reads every record, recomputes its SHA-256, checks seq and the prev links from approved.json to
          the last record, and the records' meaning. Names the first bad record, or says the tail is torn
          (then: kinhphi repair <workspace>).
          Exit: 0 intact · 1 torn tail or a bad record · 2 unusable input.
        """
    static let options: [OptionSpec] = []

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let ws = try workspace(args)
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let result = try journal.verify()
        if result.isOK { return CommandResult(stdout: result.message(lang) + "\n") }
        return CommandResult(stderr: "kinhphi: " + result.message(lang) + "\n", exitCode: ExitCode.findings)
    }
}
