import Foundation
import KinhPhi

/// `kinhphi verify <workspace>`
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = Bilingual(vi: "kiểm tra toàn vẹn nhật ký (chuỗi SHA-256)", en: "check the journal's integrity (SHA-256 chain)")
    static let about = Bilingual(
        vi: """
            Đọc lại mọi bản ghi, tính lại SHA-256, kiểm tra số thứ tự và chuỗi liên kết từ approved.json đến bản \
            ghi cuối, và ý nghĩa của các bản ghi. Nêu bản ghi hỏng đầu tiên, hoặc báo bản ghi cuối bị ghi dở (khi \
            đó chạy kinhphi repair <hồ sơ>).
            """,
        en: """
            Re-reads every record, recomputes its SHA-256, checks seq and the prev links from approved.json to \
            the last record, and the records' meaning. Names the first bad record, or says the tail is torn \
            (then run kinhphi repair <workspace>).
            """)
    static let exits = Bilingual(vi: "0 nguyên vẹn · 1 bản ghi cuối ghi dở hoặc có bản ghi hỏng · 2 đầu vào không dùng được.",
                                 en: "0 intact · 1 torn tail or a bad record · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let result = try journal.verify()
        guard result.isOK else { throw Refusal(Bilingual(vi: result.message(.vi), en: result.message(.en))) }
        return CommandResult(stdout: result.message(args.lang) + "\n")
    }
}
