import Foundation
import KinhPhi

/// `kinhphi status <workspace> [--as-of <date>] [--format text|csv|json] [--lang vi|en]`
enum StatusCommand: Command {
    static let name = "status"
    static let summary = Bilingual(vi: "tình hình thực hiện dự toán theo từng dòng", en: "where each approved line stands")
    static let about = Bilingual(
        vi: """
            Theo từng dòng và tổng cộng: số được duyệt, đã chi, đã tạm ứng chưa thanh toán, còn lại, tỷ lệ đã dùng; \
            các khoản tạm ứng chưa thanh toán; cảnh báo tạm ứng quá hạn vào ngày --as-of và dòng chi vượt số được \
            duyệt. Không ghi tệp nào.
            """,
        en: """
            Per line and in total: approved, paid, advanced and not yet cleared, remaining, % used; the open \
            advances; warnings for advances past their deadline on the --as-of date and for lines over their \
            approved amount. Writes nothing.
            """)
    static let exits = Bilingual(vi: "0 · 2 đầu vào không dùng được (chưa duyệt, nhật ký hỏng hoặc ghi dở).",
                                 en: "0 · 2 unusable input (no approval, a torn or broken journal).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let asOf = Option("as-of", .date, help: Bilingual(
            vi: "ngày xét tạm ứng quá hạn (mặc định: hôm nay theo giờ Hà Nội, hoặc ngày của KINHPHI_CLOCK)",
            en: "the day overdue advances are judged on (default: today in Hà Nội, or the date of KINHPHI_CLOCK)"))
        let format = Shared.format
        let width = Shared.width
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let format = try args[\.format]
        let settings = try JournalCLI.settings()
        let asOf = try args[\.asOf] ?? settings.today
        let journal = try Journal.open(ws, settings: settings)
        let ledger = try journal.ledger()
        return CommandResult(stdout: StatusReport.render(ledger, asOf: asOf, format: format, lang: args.lang, width: try args[\.width]))
    }
}
