import KinhPhi

/// `kinhphi words <amount>`: the amount in words (bằng chữ).
enum WordsCommand: Command {
    static let name = "words"
    static let summary = Bilingual(vi: "đọc số tiền bằng chữ", en: "read an amount in words")
    static let about = Bilingual(
        vi: """
            In số tiền bằng chữ, viết hoa chữ đầu, kết thúc bằng "đồng": kinhphi words 1.005.000 → Một triệu không \
            trăm linh năm nghìn đồng. Số âm đọc với "Âm". Không cần hồ sơ.
            """,
        en: """
            Prints the amount in words, capitalised, ending in "dong" (with --lang en): kinhphi words 1.005.000 \
            --lang en → One million five thousand dong. A negative amount is read with "Minus". Needs no workspace.
            """)
    static let exits = Bilingual(vi: "0 · 2 số không đọc được.", en: "0 · 2 an amount that cannot be read.")

    struct Options: CommandOptions {
        let amount = Argument("amount", .signedMoney, help: Bilingual(
            vi: "số tiền, đồng chẵn: 1005000 hoặc 1.005.000 (tối đa 999.999.999.999.999)",
            en: "the amount in whole đồng: 1005000 or 1.005.000 (at most 999.999.999.999.999)"))
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let m = try args[\.amount]
        let words = (args.lang == .vi ? AmountInWords.vietnamese(m.dong) : AmountInWords.english(m.dong)) ?? ""
        return CommandResult(stdout: words + "\n")
    }
}
