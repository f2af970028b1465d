import Foundation
import KinhPhi

/// `kinhphi reverse <workspace> <record> --reason <text>` (a record number, or a voucher number)
enum ReverseCommand: Command {
    static let name = "reverse"
    static let summary = Bilingual(vi: "đảo một bản ghi (không sửa, không xóa)", en: "reverse a record (nothing is edited or deleted)")
    static let about = Bilingual(
        vi: """
            Ghi thêm một bút toán đảo của bản ghi <bản ghi>: số tiền của nó ra khỏi số liệu của dòng. <bản ghi> là \
            số chứng từ (UNC-02, PC-01…) hoặc số thứ tự bản ghi (12, hay #12). Một số vừa là số thứ tự của một bản \
            ghi vừa là số chứng từ của bản ghi khác thì bị từ chối, nêu cả hai: viết #<số> để chọn. Sửa một chứng \
            từ sai là đảo nó rồi ghi chứng từ đúng. Không đảo được một bút toán đảo hay một điều chỉnh dự toán; \
            khoản tạm ứng đã có thanh toán tạm ứng (hay thu hồi) chỉ đảo được sau khi đảo chứng từ đó.
            """,
        en: """
            Appends a reversal of record <record>: its amount leaves the line's figures. <record> is a voucher \
            number (UNC-02, PC-01…) or a record number (12, or #12). A number that is one record's number and \
            another record's voucher number is refused, naming both: write #<number> to choose. A correction is a \
            reversal plus a new record. A reversal or a budget adjustment cannot be reversed; an advance that has \
            a clearing (or a recovery) can be reversed only after it.
            """)
    static let exits = Bilingual(vi: "0 đã ghi · 1 bị từ chối · 2 đầu vào không dùng được.", en: "0 recorded · 1 refused · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let record = Argument("record", .text(Bilingual(vi: "<bản ghi>", en: "<record>"),
                                              expected: Bilingual(vi: "số chứng từ hoặc số thứ tự bản ghi", en: "a voucher number or a record number")),
                              help: Bilingual(
            vi: "số chứng từ cần đảo (UNC-02), hoặc số thứ tự bản ghi trong nhật ký (12 hay #12; kinhphi explain cho biết)",
            en: "the voucher number to reverse (UNC-02), or the journal record's number (12 or #12; kinhphi explain shows it)"))
        let reason = RequiredOption("reason", .text(Bilingual(vi: "<lý do>", en: "<reason>"),
                                                    expected: Bilingual(vi: "lý do đảo", en: "why the record is reversed")),
                                    help: Bilingual(vi: "lý do đảo, ghi vào nhật ký", en: "why the record is reversed, kept in the journal"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let target = try args[\.record]
        let reason = try args[\.reason]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        return JournalCLI.report(try journal.reverse(target, reason: reason), lang: args.lang)
    }
}
