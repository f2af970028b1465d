import Foundation
import KinhPhi

/// `kinhphi status <workspace> [--as-of <date>] [--format text|csv|json] [--lang vi|en]`
enum StatusCommand: Command {
    static let name = "status"
    static let summary = Bilingual(vi: "tình hình thực hiện dự toán theo từng dòng", en: "where each approved line stands")
    static let usage = """
        kinhphi status <workspace> [--as-of <dd/mm/yyyy>] [--format text|csv|json] [--lang vi|en]
          Per line and in total: approved, paid, advanced and not yet cleared, remaining, % used; the open
          advances; warnings for advances past their deadline on the --as-of date (default: today in Hà Nội,
          or the date of KINHPHI_CLOCK) and for lines over their approved amount.
          Exit: 0 · 2 unusable input (no approval, a torn or broken journal).
        """
    static let options = [OptionSpec(name: "as-of", takesValue: true), OptionSpec(name: "format", takesValue: true)]

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let format = try args.format()
        let ws = try workspace(args)
        let settings = try JournalCLI.settings()
        let asOf = try JournalCLI.asOf(args, settings: settings)
        let journal = try Journal.open(ws, settings: settings)
        let ledger = try journal.ledger()
        return CommandResult(stdout: StatusReport.render(ledger, asOf: asOf, format: format, lang: lang))
    }
}
