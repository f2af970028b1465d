import Foundation
import KinhPhi

/// `kinhphi reverse <workspace> <seq> --reason <text>`
enum ReverseCommand: Command {
    static let name = "reverse"
    static let summary = Bilingual(vi: "đảo một bản ghi (không sửa, không xóa)", en: "reverse a record (nothing is edited or deleted)")
    static let usage = """
        kinhphi reverse <workspace> <seq> --reason <text> [--lang vi|en]
          Appends a reversal of record <seq>: its amount leaves the line's figures. A correction is a reversal
          plus a new record. A reversal cannot be reversed; an advance that has a clearing can be reversed
          only after its clearing.
          Exit: 0 recorded · 1 refused · 2 unusable input.
        """
    static let options = [OptionSpec(name: "reason", takesValue: true)]

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 2)
        let ws = try workspace(args)
        let text = args.positionals[1]
        guard let seq = Int(text), seq > 0 else {
            throw InputError(SourceLocation(file: lang == .vi ? "tham số" : "argument", field: "seq"),
                             .badValue(text: text, expected: Bilingual(vi: "số thứ tự bản ghi (1, 2, 3…)", en: "a record number (1, 2, 3…)")))
        }
        guard let reason = args.value("reason"), !NumberParser.trimSpaces(reason).isEmpty else {
            throw UsageError(message: Bilingual(vi: "thiếu --reason <lý do đảo>\n\(usage)", en: "missing --reason <why>\n\(usage)"))
        }
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        return JournalCLI.report(try journal.reverse(seq, reason: reason), lang: lang)
    }
}
