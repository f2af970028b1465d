import KinhPhi

/// `kinhphi appraise <workspace> [--format text|csv|json] [--norms F] [--budget-codes F] [--lang vi|en]`
enum AppraiseCommand: Command {
    static let name = "appraise"
    static let summary = Bilingual(vi: "thẩm định dự toán như Sở Tài chính", en: "appraise the estimate as the Finance Department would")
    static let about = Bilingual(
        vi: """
            Đọc <hồ sơ>/conference.csv, danh mục định mức và mã mục, tiểu mục, rồi estimate.csv; chạy mọi quy tắc \
            thẩm định và in bảng thẩm định: số đề nghị và số thẩm định của từng dòng, lý do kèm căn cứ pháp lý, \
            các tổng cộng và số tiền bằng chữ, kết luận và phần ký. Không ghi tệp nào.
            """,
        en: """
            Reads <workspace>/conference.csv, the norms and budget-code catalogue, then estimate.csv; runs every \
            appraisal rule and prints the appraisal table: requested vs appraised per line, the reasons with \
            their legal basis, the totals and their amounts in words, the conclusion and the signature block. \
            Writes nothing.
            """)
    static let exits = Bilingual(vi: "0 không có phát hiện mức lỗi · 1 có phát hiện mức lỗi · 2 đầu vào không dùng được.",
                                 en: "0 no error findings · 1 error findings · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let format = Shared.format
        let width = Shared.width
        let norms = Shared.norms
        let budgetCodes = Shared.budgetCodes
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let loaded = try EstimateLoader.load(ws, normsPath: try args[\.norms], budgetCodesPath: try args[\.budgetCodes])
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        return CommandResult(stdout: AppraisalReport.render(appraisal, format: try args[\.format], lang: args.lang, width: try args[\.width]),
                             exitCode: appraisal.hasErrors ? .findings : .ok)
    }
}
