import Foundation
import KinhPhi

/// `kinhphi report <folder|workspace>... [--year YYYY] [--format text|csv|json] [--csv F] [--header vi|keys] [--pit] [--date D] [--lang vi|en]`
enum ReportCommand: Command {
    static let name = "report"
    static let summary = Bilingual(vi: "tổng hợp kinh phí cả năm của nhiều hội nghị, kiểm tra trùng lặp giữa các hội nghị",
                                   en: "a year's conference funds over many workspaces, with the checks across events")
    static let about = Bilingual(
        vi: """
            Tìm mọi hồ sơ hội nghị (thư mục có conference.csv) trong các thư mục đã cho — tối đa \(WorkspaceFinder.maxDepth) cấp \
            bên dưới, không theo liên kết tượng trưng, không tìm bên trong một hồ sơ — rồi lập báo cáo của năm ngân \
            sách (--year; mặc định: năm của các hồ sơ tìm thấy, nếu chỉ có một năm). Mỗi hội nghị: tên, ngày, quyết \
            định duyệt, số được duyệt, thực chi, số phải nộp trả, số đề nghị hủy dự toán, tỷ lệ thực hiện, trạng thái \
            (chưa duyệt · đã duyệt, chưa chi · đang chi · đã chốt: không còn tạm ứng và đã hết thời gian chỉnh lý) và \
            nhật ký đã kiểm tra hay chưa; rồi tổng theo tiểu mục, theo mục và tổng cộng, có số tiền bằng chữ. Mỗi số \
            bằng tổng các số trong báo cáo quyết toán của từng hội nghị (kinhphi settle; hội nghị còn tạm ứng tính \
            như bản dự thảo).
            Hồ sơ có nhật ký không qua kiểm tra, hoặc không đọc được, được liệt kê riêng và không tính vào tổng.
            Kiểm tra giữa các hội nghị: cùng một hóa đơn (MST người bán, ký hiệu, số) ở hai hội nghị; cùng số chứng \
            từ ở hai hội nghị của một đơn vị; cùng một người được chi cùng ngày cho cùng loại việc ở hai hội nghị (so \
            theo họ tên). --pit thêm bảng thu nhập và thuế TNCN theo người trong năm (theo ngày chi, kể cả khoản chi \
            trong năm của hội nghị thuộc năm ngân sách khác).
            --csv ghi bảng số liệu (UTF-8 có BOM, CRLF; bố cục ở docs/year-report.md). In khổ A4: kinhphi print \
            <thư mục>… report.
            """,
        en: """
            Finds every conference workspace (a folder holding conference.csv) under the folders given — at most \
            \(WorkspaceFinder.maxDepth) levels down, symbolic links not followed, never inside a workspace — and reports the \
            budget year (--year; default: the year of the workspaces found, when there is only one). Per event: \
            name, date, approval decision, approved, actual, to repay, to cancel, % executed, state (estimate only · \
            approved · spending · settled: no open advance and the adjustment period over) and whether its journal \
            verified; then the totals per tiểu mục, per mục and in all, with the amounts in words. Every figure is \
            the sum of the events' own settlements (kinhphi settle; an event with open advances counts as a draft).
            A workspace whose journal fails verify, or that cannot be read, is listed apart and left out of the totals.
            Checks across events: the same invoice (seller's tax code, series, number) in two events; the same \
            voucher number in two events of one unit; the same person paid on the same day for the same kind of \
            work in two events (matched by name). --pit adds income and PIT per person over the calendar year (by \
            date paid, including payments in the year by events of another budget year).
            --csv writes the figures (UTF-8 with BOM, CRLF; layout in docs/year-report.md). On A4 paper: kinhphi \
            print <folder>… report.
            """)
    static let exits = Bilingual(
        vi: "0 báo cáo lập xong · 1 báo cáo lập xong nhưng có hồ sơ không tính vào tổng hoặc có hóa đơn trùng giữa các hội nghị · 2 không dùng được (thư mục không có, không có hồ sơ nào, nhiều năm ngân sách mà không có --year, tệp xuất không ghi được).",
        en: "0 report made · 1 report made, but a workspace is left out of the totals or an invoice is paid in two events · 2 unusable (a folder missing, no workspace found, several budget years without --year, an unwritable output file).")

    struct Options: CommandOptions {
        let folders = VariadicArgument("folders", ValueReader.file.shown(as: Bilingual(vi: "<thư mục>", en: "<folder>")), help: Bilingual(
            vi: "thư mục chứa các hồ sơ hội nghị (hoặc chính một hồ sơ)", en: "a folder holding conference workspaces (or a workspace itself)"))
        let year = Option("year", .year, help: Bilingual(
            vi: "năm ngân sách cần báo cáo (fiscal_year của hội nghị); mặc định: năm của các hồ sơ tìm thấy nếu chỉ có một năm",
            en: "the budget year to report (the events' fiscal_year); default: the year of the workspaces found, when there is one"))
        let format = Shared.format
        let csv = Option("csv", ValueReader.file, help: Bilingual(vi: "ghi thêm bảng số liệu (CSV) vào tệp này",
                                                                  en: "also write the figures (CSV) to this file"))
        let header = DefaultedOption("header", .choice(CSVHeaderStyle.self), default: .vi, help: Bilingual(
            vi: "tiêu đề cột của CSV: vi (tiếng Việt) hoặc keys (khóa cố định cho máy đọc)",
            en: "CSV column titles: vi (Vietnamese) or keys (stable machine keys)"))
        let pit = Flag("pit", help: Bilingual(vi: "thêm bảng thu nhập trả cho cá nhân và thuế TNCN đã khấu trừ trong năm, theo người",
                                              en: "add income paid to individuals and PIT withheld in the year, per person"))
        let date = Option("date", .date, help: Bilingual(
            vi: "ngày lập báo cáo, cũng là ngày xét trạng thái (mặc định: hôm nay theo giờ Hà Nội, hoặc ngày của KINHPHI_CLOCK)",
            en: "the day the report is made, on which states are judged (default: today in Hà Nội, or the date of KINHPHI_CLOCK)"))
        let width = Shared.width
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let format = try args[\.format]
        let csvPath = try args[\.csv]
        let header = try args[\.header]
        let report = try build(folders: try args[\.folders], year: try args[\.year], date: try args[\.date], pit: args[\.pit])
        // Never over a file of a workspace reported (OutputPaths), nor the witness.
        if let csvPath {
            try OutputPaths.check([(args.declared.csv.spec.name, csvPath)], protected: OutputPaths.reportFiles(report.found.workspaces, settings: try JournalCLI.settings()),
                                  workspaces: report.found.workspaces, lang: lang)
        }
        // Opened before anything is rendered: a bad path fails first.
        let file = try csvPath.map { p throws(ExportError) in try AtomicFileWriter(path: p) }
        var out: String
        switch format {
        case .text: out = YearReportRender.text(report, lang: lang, width: try args[\.width])
        case .csv: out = YearReportRender.csv(report, header: header)
        case .json: out = YearReportRender.json(report)
        }
        if let file {
            try file.write(YearReportRender.csv(report, header: header))
            try file.commit()
            if format == .text, let csvPath { out += (lang == .vi ? "Đã ghi \(csvPath) (--csv)\n" : "Wrote \(csvPath) (--csv)\n") }
        }
        return CommandResult(stdout: out, exitCode: report.hasProblems ? .findings : .ok)
    }

    /// The year's report as `report` and `print … report` make it.
    static func build(folders: [String], year: Int?, date: CivilDate?, pit: Bool) throws -> YearReport {
        let settings = try JournalCLI.settings()
        return try YearReport.build(roots: folders, YearReport.Options(year: year, date: date ?? settings.today, pit: pit, settings: settings))
    }
}
