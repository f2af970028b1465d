import Foundation
import KinhPhi

/// `kinhphi reverse <workspace> <seq> --reason <text>`
enum ReverseCommand: Command {
    static let name = "reverse"
    static let summary = Bilingual(vi: "đảo một bản ghi (không sửa, không xóa)", en: "reverse a record (nothing is edited or deleted)")
    static let about = Bilingual(
        vi: """
            Ghi thêm một bút toán đảo của bản ghi <số bản ghi>: số tiền của nó ra khỏi số liệu của dòng. Sửa một \
            chứng từ sai là đảo nó rồi ghi chứng từ đúng. Không đảo được một bút toán đảo; khoản tạm ứng đã có \
            thanh toán tạm ứng chỉ đảo được sau khi đảo thanh toán đó.
            """,
        en: """
            Appends a reversal of record <seq>: its amount leaves the line's figures. A correction is a reversal \
            plus a new record. A reversal cannot be reversed; an advance that has a clearing can be reversed only \
            after its clearing.
            """)
    static let exits = Bilingual(vi: "0 đã ghi · 1 bị từ chối · 2 đầu vào không dùng được.", en: "0 recorded · 1 refused · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let seq = Argument("seq", .recordNumber, help: Bilingual(
            vi: "số thứ tự của bản ghi cần đảo trong nhật ký (1, 2, 3…; kinhphi explain cho biết)",
            en: "the number of the journal record to reverse (1, 2, 3…; kinhphi explain shows it)"))
        let reason = RequiredOption("reason", .text(Bilingual(vi: "<lý do>", en: "<reason>"),
                                                    expected: Bilingual(vi: "lý do đảo", en: "why the record is reversed")),
                                    help: Bilingual(vi: "lý do đảo, ghi vào nhật ký", en: "why the record is reversed, kept in the journal"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let seq = try args[\.seq]
        let reason = try args[\.reason]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        return JournalCLI.report(try journal.reverse(seq, reason: reason), lang: args.lang)
    }
}
