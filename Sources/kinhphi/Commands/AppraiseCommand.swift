import KinhPhi

/// `kinhphi appraise <workspace> [--format text|csv|json] [--lang vi|en] [--norms F] [--budget-codes F]`
enum AppraiseCommand: Command {
    static let name = "appraise"
    static let summary = Bilingual(vi: "thẩm định dự toán như Sở Tài chính", en: "appraise the estimate as the Finance Department would")
    static let usage = """
        kinhphi appraise <workspace> [--format text|csv|json] [--lang vi|en] [--norms <file>] [--budget-codes <file>]
          Reads <workspace>/conference.csv and estimate.csv, runs every appraisal rule and prints the table:
          requested vs appraised per line, the reasons with their legal basis, totals in words.
          Exit: 0 no error findings · 1 error findings · 2 unusable input.
        """
    static let options = [OptionSpec(name: "format", takesValue: true), OptionSpec(name: "norms", takesValue: true),
                          OptionSpec(name: "budget-codes", takesValue: true)]

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let format = try args.format()
        let ws = try workspace(args)
        let loaded = try EstimateLoader.load(ws, normsPath: args.value("norms"), budgetCodesPath: args.value("budget-codes"))
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        return CommandResult(stdout: AppraisalReport.render(appraisal, format: format, lang: lang),
                             exitCode: appraisal.hasErrors ? ExitCode.findings : ExitCode.ok)
    }
}
