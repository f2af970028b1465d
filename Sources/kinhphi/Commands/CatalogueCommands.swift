import Foundation
import KinhPhi

/// The options `norms` and `budget-codes` share: which catalogue (a workspace's, or the built-in one).
enum CatalogueCLI {
    static let workspace = Option("workspace", ValueReader.file.shown(as: Bilingual(vi: "<hồ sơ>", en: "<workspace>")), help: Bilingual(
        vi: "liệt kê danh mục mà hồ sơ này dùng (tệp riêng, dòng thay thế ghi trong conference.csv của nó); mặc định: danh mục có sẵn trong chương trình",
        en: "list the catalogue this workspace uses (its own files, override rows named in its conference.csv); default: the catalogue built into the program"))

    /// The workspace's catalogue (and the workspace), or the built-in one.
    static func catalogue(_ path: String?) throws -> (Catalogue, Workspace?) {
        guard let path else { return (try BuiltInCatalogue.load(), nil) }
        let ws = try Workspace(path: path)
        return (try EstimateLoader.catalogue(ws), ws)
    }
}

/// `kinhphi norms [--date d] [--kind k] [--format text|csv] [--workspace ws]`
enum NormsCommand: Command {
    static let name = "norms"
    static let summary = Bilingual(vi: "liệt kê định mức chi có hiệu lực (mức, tình trạng, căn cứ)",
                                   en: "list the norms in force (ceiling, status, basis)")
    static let about = Bilingual(
        vi: """
            Liệt kê các định mức chi có hiệu lực vào một ngày: mã (ghi ở cột Định mức của dự toán), nội dung, \
            mức tối đa, đơn vị tính, tình trạng (đã xác nhận, hoặc tạm tính: cần xác minh với văn bản) và căn \
            cứ pháp lý. Với --kind: chỉ những định mức áp dụng cho loại chi đó, kèm khu vực và việc áp dụng khi \
            dòng chi không ghi định mức.
            Mặc định là danh mục có sẵn trong chương trình; --workspace cho danh mục mà một hồ sơ dùng (ngày \
            mặc định khi đó là ngày tổ chức hội nghị).
            """,
        en: """
            Lists the norms in force on a date: the id (written in the estimate's norm column), what it is, \
            the ceiling, the unit, the status (confirmed, or provisional: to be checked against the text) and \
            the legal basis. With --kind: only the norms that cap that item kind, with their area and whether \
            they apply to a line that cites no norm.
            By default the catalogue built into the program; --workspace lists the one a workspace uses (the \
            default date is then the conference's date).
            """)
    static let exits = Bilingual(vi: "0 đã liệt kê · 2 tùy chọn sai hoặc danh mục không đọc được.",
                                 en: "0 listed · 2 a bad option, or a catalogue that cannot be read.")

    struct Options: CommandOptions {
        let date = Option("date", .date, help: Bilingual(
            vi: "ngày xét hiệu lực; mặc định hôm nay (với --workspace: ngày tổ chức hội nghị)",
            en: "the date the norms are in force on; default today (with --workspace: the conference's date)"))
        let kind = Option("kind", .itemKind, help: Bilingual(
            vi: "chỉ định mức áp dụng cho loại chi này (mã hoặc tên tiếng Việt: refreshments, giải khát…)",
            en: "only the norms that cap this item kind (its id or Vietnamese name: refreshments, giải khát…)"))
        let format = DefaultedOption("format", .choice(ListFormat.self), default: .text, help: Bilingual(
            vi: "định dạng: text (bảng để đọc) hoặc csv (mở bằng Excel)", en: "output format: text (a table to read) or csv (for Excel)"))
        let width = Shared.width
        let workspace = CatalogueCLI.workspace
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let given = try args[\.date]
        let kind = try args[\.kind]
        let format = try args[\.format]
        let width = try args[\.width]
        let (catalogue, ws) = try CatalogueCLI.catalogue(try args[\.workspace])
        let date: CivilDate
        if let given { date = given } else if let ws { date = try EstimateLoader.load(ws).estimate.conference.eventDate }
        else { date = try JournalCLI.settings().today }
        return CommandResult(stdout: CatalogueReport.norms(catalogue, on: date, kind: kind, format: format, lang: args.lang, width: width))
    }
}

/// `kinhphi budget-codes [--kind k] [--format text|csv] [--workspace ws]`
enum BudgetCodesCommand: Command {
    static let name = "budget-codes"
    static let summary = Bilingual(vi: "liệt kê mục, tiểu mục và loại chi mỗi tiểu mục nhận",
                                   en: "list the budget codes and the item kinds each carries")
    static let about = Bilingual(
        vi: """
            Liệt kê mục lục ngân sách dùng để thẩm định và quyết toán: mã tiểu mục (ghi ở cột Tiểu mục của dự \
            toán), mục, tên, tình trạng (đã xác nhận hoặc tạm tính) và các loại chi mỗi tiểu mục nhận. Với \
            --kind: chỉ những tiểu mục nhận loại chi đó. Mặc định là danh mục có sẵn; --workspace cho danh mục \
            mà một hồ sơ dùng.
            """,
        en: """
            Lists the budget classification used to appraise and settle: the tiểu mục code (written in the \
            estimate's budget_code column), its mục, name, status (confirmed or provisional) and the item kinds \
            it may carry. With --kind: only the codes that carry that kind. By default the built-in catalogue; \
            --workspace lists the one a workspace uses.
            """)
    static let exits = Bilingual(vi: "0 đã liệt kê · 2 tùy chọn sai hoặc danh mục không đọc được.",
                                 en: "0 listed · 2 a bad option, or a catalogue that cannot be read.")

    struct Options: CommandOptions {
        let kind = Option("kind", .itemKind, help: Bilingual(
            vi: "chỉ các tiểu mục nhận loại chi này (mã hoặc tên tiếng Việt)", en: "only the codes that carry this item kind (its id or Vietnamese name)"))
        let format = DefaultedOption("format", .choice(ListFormat.self), default: .text, help: Bilingual(
            vi: "định dạng: text (bảng để đọc) hoặc csv (mở bằng Excel)", en: "output format: text (a table to read) or csv (for Excel)"))
        let width = Shared.width
        let workspace = CatalogueCLI.workspace
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let kind = try args[\.kind]
        let format = try args[\.format]
        let width = try args[\.width]
        let (catalogue, _) = try CatalogueCLI.catalogue(try args[\.workspace])
        return CommandResult(stdout: CatalogueReport.budgetCodes(catalogue, kind: kind, format: format, lang: args.lang, width: width))
    }
}
