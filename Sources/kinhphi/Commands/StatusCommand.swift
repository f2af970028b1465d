import Foundation
import KinhPhi

/// `kinhphi status <workspace> [--as-of <date>] [--format text|csv|json] [--lang vi|en]`
enum StatusCommand: Command {
    static let name = "status"
    static let summary = Bilingual(vi: "tình hình thực hiện dự toán theo từng dòng", en: "where each approved line stands")
    static let about = Bilingual(
        vi: """
            Theo từng dòng và tổng cộng, tính đến hết ngày --as-of: số được duyệt (theo quyết định, hay quyết định \
            điều chỉnh, có hiệu lực ngày đó), đã chi, đã tạm ứng chưa thanh toán, còn lại, tỷ lệ đã dùng; các khoản \
            tạm ứng chưa thanh toán; cảnh báo tạm ứng quá hạn, dòng chi vượt số được duyệt, dòng duyệt cao hơn số \
            thẩm định, và conference.csv hay estimate.csv đã khác lúc duyệt. Không ghi tệp nào.
            """,
        en: """
            Per line and in total, up to the end of the --as-of day: approved (by the decision, or the adjustment \
            decision, in force that day), paid, advanced and not yet cleared, remaining, % used; the open advances; \
            warnings for advances past their deadline, lines over their approved amount, lines approved above the \
            appraisal, and a conference.csv or estimate.csv that differs from the approval. Writes nothing.
            """)
    static let exits = Bilingual(vi: "0 · 2 đầu vào không dùng được (chưa duyệt, nhật ký hỏng hoặc ghi dở).",
                                 en: "0 · 2 unusable input (no approval, a torn or broken journal).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let asOf = Option("as-of", .date, help: Bilingual(
            vi: "tính đến hết ngày này: chỉ chứng từ ghi ngày đến đó được tính, theo dự toán có hiệu lực ngày đó; tạm ứng quá hạn xét vào ngày đó (mặc định: hôm nay theo giờ Hà Nội, hoặc ngày của KINHPHI_CLOCK)",
            en: "up to the end of this day: only vouchers dated up to it count, under the budget in force that day; overdue advances are judged on it (default: today in Hà Nội, or the date of KINHPHI_CLOCK)"))
        let format = Shared.format
        let width = Shared.width
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let format = try args[\.format]
        let settings = try JournalCLI.settings()
        let asOf = try args[\.asOf] ?? settings.today
        let journal = try Journal.open(ws, settings: settings)
        let ledger = try journal.ledger(asOf: asOf)
        let sources = journal.sourceChanges(against: ledger.latest)
        return CommandResult(stdout: StatusReport.render(ledger, asOf: asOf, format: format, lang: args.lang, width: try args[\.width], sources: sources))
    }
}
