import Foundation
import KinhPhi

/// `kinhphi pit <workspace> [--csv FILE] [--year YYYY] [--header vi|keys] [--as-of D] [--width N] [--lang vi|en]`
enum PitCommand: Command {
    static let name = "pit"
    static let summary = Bilingual(vi: "bảng kê thu nhập trả cho cá nhân và thuế TNCN đã khấu trừ", en: "income paid to individuals and the PIT withheld")
    static let about = Bilingual(
        vi: """
            Theo từng người (mã số thuế hoặc số định danh, họ tên): tổng thu nhập đã trả, thuế TNCN đã khấu trừ, \
            số thực nhận, số lần chi trả và các chứng từ của từng lần — số liệu cho tờ khai khấu trừ thuế TNCN và \
            chứng từ khấu trừ thuế cấp cho từng người. Cán bộ của đơn vị được liệt kê riêng (thu nhập kê khai cùng \
            tiền lương). Chỉ tính chứng từ còn hiệu lực (không bị đảo); tổng thuế bằng tổng thuế TNCN trong nhật \
            ký. --year chỉ lấy các khoản chi trả trong năm đó; --csv ghi thêm bảng kê (UTF-8 có BOM, CRLF). Không \
            ghi gì vào hồ sơ.
            """,
        en: """
            Per person (tax code or ID number, name): the gross income paid, the PIT withheld, the net paid, the \
            number of payments and the vouchers behind them — the figures for the unit's PIT return and the \
            withholding certificates. The organiser's own staff are listed apart (declared with salaries). \
            Effective (not reversed) vouchers only; the tax total equals the journal's. --year keeps the \
            payments of that year; --csv also writes the register (UTF-8 with BOM, CRLF). Writes nothing in the \
            workspace.
            """)
    static let exits = Bilingual(vi: "0 · 2 đầu vào không dùng được (chưa duyệt, nhật ký hỏng, tệp CSV không ghi được).",
                                 en: "0 · 2 unusable input (no approval, a broken journal, an unwritable CSV path).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let csv = Option("csv", ValueReader.file, help: Bilingual(vi: "ghi thêm bảng kê (CSV) vào tệp này (- : chỉ in CSV ra màn hình)",
                                                                  en: "also write the register (CSV) to this file (-: the CSV alone on standard output)"))
        let year = Option("year", .year, help: Bilingual(vi: "chỉ các khoản chi trả trong năm này (năm của ngày chứng từ)",
                                                        en: "only the payments of this year (the year of the voucher date)"))
        let header = DefaultedOption("header", .choice(CSVHeaderStyle.self), default: .vi, help: Bilingual(
            vi: "tiêu đề cột của tệp CSV: vi (tiếng Việt) hoặc keys (khóa cố định cho máy đọc)",
            en: "column titles of the CSV file: vi (Vietnamese) or keys (stable machine keys)"))
        let asOf = Option("as-of", .date, help: Bilingual(
            vi: "ngày ghi ở dòng \"Lập ngày\" (mặc định: hôm nay theo giờ Hà Nội, hoặc ngày của KINHPHI_CLOCK)",
            en: "the date printed as \"Prepared\" (default: today in Hà Nội, or the date of KINHPHI_CLOCK)"))
        let width = Shared.width
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let ws = try Workspace(path: try args[\.workspace])
        let csvPath = try args[\.csv]
        let settings = try JournalCLI.settings()
        // The output path before anything is read or written (OutputPaths: never the journal, its approval,
        // an input or the witness; `-` is standard output).
        try OutputPaths.check([(args.declared.csv.spec.name, csvPath)], protected: OutputPaths.workspaceFiles(ws, settings: settings),
                              workspace: ws, lang: lang)
        let asOf = try args[\.asOf] ?? settings.today
        let journal = try Journal.open(ws, settings: settings)
        let toStdout = csvPath == "-"
        let file = try csvPath.flatMap { p throws(ExportError) in p == "-" ? nil : try AtomicFileWriter(path: p) }
        let register = try PITRegister.build(journal, year: try args[\.year])
        if let file {
            try file.write(PITReport.csv(register, header: try args[\.header]))
            try file.commit()
        }
        // `--csv -`: the CSV alone on standard output (for a pipe), no text report.
        if toStdout { return CommandResult(stdout: PITReport.csv(register, header: try args[\.header])) }
        var out = PITReport.text(register, budget: journal.budget, asOf: asOf, lang: lang, width: try args[\.width])
        if let csvPath { out += (lang == .vi ? "Đã ghi \(csvPath) (--csv)\n" : "Wrote \(csvPath) (--csv)\n") }
        return CommandResult(stdout: out)
    }
}
