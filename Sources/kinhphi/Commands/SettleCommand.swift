import Foundation
import KinhPhi

/// `kinhphi settle <workspace> [--csv F] [--vouchers-csv F] [--header vi|keys] [--order date|journal] [--subtotals] [--draft] [--date D] [--lang vi|en]`
enum SettleCommand: Command {
    static let name = "settle"
    static let summary = Bilingual(vi: "quyết toán kinh phí và xuất CSV cho cơ quan tài chính", en: "settle the budget and export CSV for the finance office")
    static let about = Bilingual(
        vi: """
            Kiểm tra toàn bộ nhật ký trước (nhật ký không qua kiểm tra thì không quyết toán), rồi in báo cáo quyết \
            toán: số được duyệt, thực chi và chênh lệch theo từng dòng, phần, tiểu mục và mục; số đã rút chưa chi \
            phải nộp trả ngân sách và số dự toán chưa rút đề nghị hủy, mỗi số có bằng chữ; neo nhật ký (số bản ghi \
            và hash cuối); phần ký. --csv ghi bảng quyết toán theo dòng, --vouchers-csv ghi bảng kê chứng từ theo \
            ngày (UTF-8 có BOM, CRLF, RFC 4180; bố cục ở docs/settlement-csv.md); mỗi tệp được ghi trọn vẹn hoặc \
            không ghi.
            Còn khoản tạm ứng chưa thanh toán thì từ chối quyết toán, trừ khi có --draft (mọi kết quả khi đó ghi \
            "DỰ THẢO / DRAFT"). Khoản tạm ứng không còn thanh toán được (hết thời gian chỉnh lý) thì thu hồi: \
            chứng từ nộp trả (refund) có ref là số chứng từ tạm ứng, đúng bằng số tạm ứng.
            Số dự toán là số của phiên bản dự toán được duyệt cuối cùng (kể cả điều chỉnh); conference.csv hay \
            estimate.csv đã sửa sau khi duyệt được ghi chú, không làm thay đổi số quyết toán.
            """,
        en: """
            Verifies the whole journal first (a journal that fails verify is never settled), then prints the \
            settlement statement: approved vs actual vs difference per line, section, tiểu mục and mục; what was \
            drawn and not spent (to repay to the budget) and the appropriation never drawn (to cancel), each in \
            words; the journal's anchor (record count and head hash); the signature block. --csv writes the \
            settlement by line, --vouchers-csv the voucher list in date order (UTF-8 with BOM, CRLF, RFC 4180; \
            layout in docs/settlement-csv.md), each written whole or not at all.
            While an advance is not cleared the settlement is refused unless --draft, which marks every output \
            "DỰ THẢO / DRAFT". An advance that can no longer be cleared (after the adjustment period) is \
            recovered: a refund whose ref is the advance's voucher number, of the advance's whole amount.
            The approved figures are the last approval version's (adjustments included); a conference.csv or \
            estimate.csv edited after approval is noted and does not change the settled figures.
            """)
    static let exits = Bilingual(
        vi: "0 đã quyết toán · 1 từ chối (còn tạm ứng chưa thanh toán) · 2 đầu vào không dùng được (chưa duyệt, nhật ký không qua kiểm tra, đường dẫn tệp xuất không ghi được).",
        en: "0 settled · 1 refused (open advances) · 2 unusable input (no approval, a journal that fails verify, an unwritable output path).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let csv = Option("csv", ValueReader.file, help: Bilingual(vi: "ghi thêm bảng quyết toán theo dòng (CSV) vào tệp này",
                                                                  en: "also write the settlement by line (CSV) to this file"))
        let vouchersCSV = Option("vouchers-csv", ValueReader.file, help: Bilingual(vi: "ghi thêm bảng kê chứng từ (CSV) vào tệp này",
                                                                                   en: "also write the voucher list (CSV) to this file"))
        let header = DefaultedOption("header", .choice(CSVHeaderStyle.self), default: .vi, help: Bilingual(
            vi: "tiêu đề cột của hai tệp CSV: vi (tiếng Việt) hoặc keys (khóa cố định cho máy đọc)",
            en: "column titles of both CSV files: vi (Vietnamese) or keys (stable machine keys)"))
        let order = DefaultedOption("order", .choice(VoucherOrder.self), default: .date, help: Bilingual(
            vi: "thứ tự của bảng kê chứng từ: date (theo ngày chứng từ, rồi thứ tự ghi sổ) hoặc journal (thứ tự ghi sổ)",
            en: "order of the voucher list: date (by voucher date, then as recorded) or journal (as recorded)"))
        let subtotals = Flag("subtotals", help: Bilingual(vi: "thêm dòng cộng theo từng tiểu mục vào bảng quyết toán (--csv)",
                                                          en: "add a subtotal row per tiểu mục to the settlement CSV (--csv)"))
        let draft = Flag("draft", help: Bilingual(vi: "lập bản dự thảo dù còn tạm ứng chưa thanh toán",
                                                  en: "produce a draft even while advances are open"))
        let date = Option("date", .date, help: Bilingual(
            vi: "ngày lập báo cáo quyết toán (dòng \"Lập ngày\"), không trước ngày chứng từ cuối cùng (mặc định: hôm nay theo giờ Hà Nội — hoặc ngày của KINHPHI_CLOCK —, hay ngày chứng từ cuối cùng nếu muộn hơn)",
            en: "the date the statement is prepared (\"Prepared\"), not before the last voucher's (default: today in Hà Nội — or the date of KINHPHI_CLOCK —, or the last voucher's date if later)"))
        let width = Shared.width
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let header = try args[\.header]
        let draft = args[\.draft]
        let csvPath = try args[\.csv], vouchersPath = try args[\.vouchersCSV]
        let ws = try Workspace(path: try args[\.workspace])
        let settings = try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey])
        // Output paths before anything is read or written (OutputPaths: never the journal, its approval, an
        // input or the witness; never one file for both; `-` is standard output).
        try OutputPaths.check([(args.declared.csv.spec.name, csvPath), (args.declared.vouchersCSV.spec.name, vouchersPath)],
                              protected: OutputPaths.workspaceFiles(ws, settings: settings), workspace: ws, lang: lang)
        let given = try args[\.date]
        let journal = try Journal.open(ws, settings: settings)
        // Verify the whole chain first: a settlement is never made from a journal that fails verify.
        // One read of the file gives both the verification and the ledger.
        let (check, verifiedLedger) = try journal.verifyWithLedger()
        guard check.isOK, let ledger = verifiedLedger else { throw VerifyFailed(result: check) }
        // Dated on or after the last voucher it lists: by default the later of today and that date.
        let last = ledger.lastDate
        if let given, let last, given < last {
            throw args.problem(\.date, .inconsistent(Bilingual(
                vi: "ngày lập \(given) trước ngày chứng từ cuối cùng trong nhật ký (\(last)): báo cáo quyết toán lập sau các chứng từ nó liệt kê",
                en: "\(given) is before the journal's last voucher (\(last)): a settlement is prepared after the vouchers it lists")))
        }
        let asOf = given ?? max(settings.today, last ?? settings.today)
        let settlement: Settlement
        do throws(SettlementError) { settlement = try Settlement.build(ledger, draft: draft) }
        catch {
            if case .openAdvances = error { throw Refusal(error) }
            throw error
        }
        // Open both output files before writing either, so a bad path fails before anything is written.
        func open(_ p: String) throws(ExportError) -> any ExportOutput { p == "-" ? MemoryOutput() : try AtomicFileWriter(path: p) }
        let settlementFile = try csvPath.map { p throws(ExportError) in try open(p) }
        let voucherFile = try vouchersPath.map { p throws(ExportError) in try open(p) }
        func abandon() { for f in [settlementFile, voucherFile] { (f as? AtomicFileWriter)?.abandon() } }
        if let f = settlementFile { try f.write(SettlementReport.settlementCSV(settlement, header: header, subtotals: args[\.subtotals])) }
        if let f = voucherFile {
            let total = try SettlementReport.writeVoucherCSV(journal, ledger: ledger, settlement: settlement, to: f, header: header,
                                                             order: try args[\.order]).gross
            guard total == settlement.total.actual else {
                abandon()
                throw SettlementError.invariant(Bilingual(vi: "tổng bảng kê \(total) khác tổng thực chi \(settlement.total.actual)",
                                                          en: "voucher list total \(total) differs from the actual total \(settlement.total.actual)"))
            }
        }
        try (settlementFile as? AtomicFileWriter)?.commit()
        try (voucherFile as? AtomicFileWriter)?.commit()
        // `-`: that file is what standard output carries (the statement is then not printed).
        if let m = (settlementFile as? MemoryOutput) ?? (voucherFile as? MemoryOutput) { return CommandResult(stdout: m.text) }
        var out = SettlementReport.text(settlement, asOf: asOf, lang: lang, width: try args[\.width], sources: check.sources)
        for (spec, path) in [(args.declared.csv.spec, csvPath), (args.declared.vouchersCSV.spec, vouchersPath)] {
            if let path { out += (lang == .vi ? "Đã ghi \(path) (--\(spec.name))\n" : "Wrote \(path) (--\(spec.name))\n") }
        }
        return CommandResult(stdout: out)
    }
}

/// `kinhphi explain <workspace> <line>`: the records behind a line's actual figure.
enum ExplainCommand: Command {
    static let name = "explain"
    static let summary = Bilingual(vi: "liệt kê các bản ghi tạo nên số thực chi của một dòng", en: "list the records behind a line's actual figure")
    static let about = Bilingual(
        vi: """
            Mọi bản ghi của dòng trong nhật ký, theo thứ tự: khoản tính vào thực chi (thanh toán, thanh toán tạm \
            ứng, nộp trả ghi số âm), khoản tạm ứng (chỉ tính khi đã thanh toán), bản ghi đã bị đảo và bút toán đảo \
            của chúng, và tổng tính vào thực chi (bằng số thực chi của dòng). Không ghi tệp nào.
            """,
        en: """
            Every journal record on the line, in order: what counts in the actual figure (payments, clearings, \
            refunds as negatives), advances (counted only when cleared), reversed records and the reversals that \
            cancel them, and the total counted (the line's actual figure). Writes nothing.
            """)
    static let exits = Bilingual(vi: "0 · 2 đầu vào không dùng được (chưa duyệt, không có dòng này, nhật ký hỏng).",
                                 en: "0 · 2 unusable input (no approval, no such line, a broken journal).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let line = Argument("line", .text(Bilingual(vi: "<mã dòng>", en: "<line>"),
                                          expected: Bilingual(vi: "mã dòng của dự toán được duyệt (ví dụ 3.1)", en: "a line of the approved estimate (e.g. 3.1)")),
                            help: Bilingual(vi: "dòng của dự toán được duyệt (ví dụ 3.1)", en: "the approved estimate's line (e.g. 3.1)"))
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let code = try args[\.line]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let ledger = try journal.ledger()
        guard let line = ledger.line(code) else { throw SettlementError.unknownLine(code) }
        let items = try VoucherList.explain(journal, ledger: ledger, line: code)
        return CommandResult(stdout: SettlementReport.explainText(items, line: line, lang: args.lang))
    }
}

/// A journal that fails `verify`: the settlement is not made (exit 2).
struct VerifyFailed: Error, Localized {
    let result: VerifyResult
    func message(_ lang: Language) -> String {
        (lang == .vi ? "không quyết toán từ nhật ký không qua kiểm tra: " : "no settlement from a journal that fails verify: ") + result.report(lang)
    }
}
