import Foundation
import KinhPhi

/// `kinhphi record <workspace> --date … --line … --payee … --description … --amount … --method … --kind … [more]`
enum RecordCommand: Command {
    static let name = "record"
    static let summary = Bilingual(vi: "ghi một chứng từ chi vào nhật ký", en: "record one voucher in the journal")
    static let usage = """
        kinhphi record <workspace> --date <dd/mm/yyyy> --line <code> --payee <name> --description <text>
                       --amount <gross> --method cash|transfer --kind payment|advance|clearing|refund
                       [--payee-type individual|business] [--tax-code <mst>] [--vat <amount>] [--pit-withheld <amount>]
                       [--invoice-series <s>] [--invoice-no <n>] [--invoice-date <date>] [--contract-no <n>]
                       [--contract-value <amount>] [--voucher-no <n>] [--ref <advance voucher no, for a clearing>]
                       [--work-date <date>] [--lang vi|en]
          Checks the voucher against the approved budget and the recording rules (docs/journal.md), then
          appends it to <workspace>/journal.kp and fsyncs before saying it is recorded.
          Amounts in whole đồng: 1.500.000 or 1500000. payee-type defaults to business when a tax code is
          given, individual otherwise.
          Exit: 0 recorded (warnings printed) · 1 refused by a rule (nothing written) · 2 unusable input.
        """
    static let options = VoucherColumn.allCases.map { OptionSpec(name: $0.flag, takesValue: true) }

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let ws = try workspace(args)
        let (voucher, errors) = VoucherInput.parse(
            { c in String(NumberParser.trimSpaces(args.value(c.flag) ?? "")) },
            location: { c in SourceLocation(file: "--" + c.flag) })
        guard let voucher else {
            return Runner.fail(errors.map { $0.message(lang) }.joined(separator: "\n  "))
        }
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        return JournalCLI.report(try journal.record(voucher), lang: lang)
    }
}

/// Helpers shared by the journal commands.
enum JournalCLI {
    static func settings() throws(JournalError) -> JournalSettings {
        try JournalSettings.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// What record and reverse print: the records written and the warnings, or why nothing was written.
    static func report(_ outcome: AppendOutcome, lang: Language) -> CommandResult {
        let vi = lang == .vi
        if outcome.refused {
            var lines = [vi ? "Không ghi: chứng từ bị từ chối (nhật ký không thay đổi)." : "Not recorded: the voucher is refused (the journal is unchanged)."]
            for f in outcome.findings { lines += JournalText.findingLines(f, lang, indent: 2) }
            return CommandResult(stderr: lines.joined(separator: "\n") + "\n", exitCode: ExitCode.findings)
        }
        var lines: [String] = []
        for r in outcome.records {
            lines.append((vi ? "Đã ghi bản ghi " : "Recorded record ") + JournalText.describe(r, lang))
            lines.append("  hash \(r.hash.hex)")
        }
        for f in outcome.findings { lines += JournalText.findingLines(f, lang, indent: 2) }
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }

    /// `--as-of dd/mm/yyyy`, default today in Hà Nội from the clock.
    static func asOf(_ args: ParsedArguments, settings: JournalSettings) throws -> CivilDate {
        guard let t = args.value("as-of") else { return settings.today }
        guard let d = CivilDate.parse(t) else { throw InputError(SourceLocation(file: "--as-of"), .badDate(text: t)) }
        return d
    }
}
