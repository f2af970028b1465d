import Foundation
import KinhPhi

/// `kinhphi import <workspace> <file.csv>`: all or nothing.
enum ImportCommand: Command {
    static let name = "import"
    static let summary = Bilingual(vi: "nhập một tệp chứng từ CSV (tất cả hoặc không)", en: "import a CSV file of vouchers (all or nothing)")
    static let usage = """
        kinhphi import <workspace> <file.csv> [--lang vi|en]
          Reads a header row and one voucher per row (columns: docs/journal.md §Import; required date, line,
          payee, description, amount, method, kind). Every row is checked as by `record`, each seeing the rows
          before it. If any row fails, nothing is recorded and every failing row is listed with its line
          number, column and reason; otherwise all rows are appended as one durable batch.
          Exit: 0 imported · 1 some rows refused by a rule · 2 unusable input (bad cells, bad file).
        """
    static let options: [OptionSpec] = []

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 2)
        let ws = try workspace(args)
        let file = args.positionals[1]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let outcome = try journal.importCSV(path: file, displayName: file)
        let vi = lang == .vi
        var warnings: [String] = []
        for w in outcome.warnings { warnings += JournalText.importProblemLines(w, file: file, lang) }
        if outcome.warningCount > outcome.warnings.count {
            warnings.append(vi ? "  … và \(outcome.warningCount - outcome.warnings.count) cảnh báo khác" : "  … and \(outcome.warningCount - outcome.warnings.count) more warnings")
        }
        if !outcome.committed {
            var lines = [vi ? "Không nhập: \(outcome.errorCount) lỗi trong \(outcome.rows) dòng chứng từ; nhật ký không thay đổi."
                            : "Nothing imported: \(outcome.errorCount) problems in \(outcome.rows) voucher rows; the journal is unchanged."]
            for p in outcome.errors { lines += JournalText.importProblemLines(p, file: file, lang) }
            if outcome.errorCount > outcome.errors.count {
                lines.append(vi ? "  … và \(outcome.errorCount - outcome.errors.count) lỗi khác" : "  … and \(outcome.errorCount - outcome.errors.count) more problems")
            }
            if !warnings.isEmpty { lines.append(vi ? "Cảnh báo:" : "Warnings:"); lines += warnings }
            return CommandResult(stderr: lines.joined(separator: "\n") + "\n",
                                 exitCode: outcome.hasInputErrors ? ExitCode.badInput : ExitCode.findings)
        }
        var lines = [vi ? "Đã nhập \(outcome.recorded) chứng từ từ \(file): bản ghi \(outcome.firstSeq ?? 0)–\(outcome.lastSeq ?? 0)."
                        : "Imported \(outcome.recorded) vouchers from \(file): records \(outcome.firstSeq ?? 0)–\(outcome.lastSeq ?? 0)."]
        if !warnings.isEmpty { lines.append(vi ? "Cảnh báo:" : "Warnings:"); lines += warnings }
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }
}
