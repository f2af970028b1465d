import KinhPhi

/// `kinhphi words <amount>`: the amount in words (bằng chữ).
enum WordsCommand: Command {
    static let name = "words"
    static let summary = Bilingual(vi: "đọc số tiền bằng chữ", en: "read an amount in words")
    static let usage = """
        kinhphi words <amount> [--lang vi|en]
          <amount> in whole đồng: 1005000 or 1.005.000 → Một triệu không trăm linh năm nghìn đồng
        """
    static let options: [OptionSpec] = []

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let text = args.positionals[0]
        let m: Money
        do { m = try NumberParser.money(text, allowNegative: true) }
        catch { throw InputError(SourceLocation(file: lang == .vi ? "tham số" : "argument", field: "amount"), .badNumber(error, text: text)) }
        let words = (lang == .vi ? AmountInWords.vietnamese(m.dong) : AmountInWords.english(m.dong)) ?? ""
        return CommandResult(stdout: words + "\n")
    }
}
