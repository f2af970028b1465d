import Foundation
import KinhPhi

/// `kinhphi settle <workspace> [--csv F] [--vouchers-csv F] [--header vi|keys] [--draft] [--as-of D] [--lang vi|en]`
enum SettleCommand: Command {
    static let name = "settle"
    static let summary = Bilingual(vi: "quyết toán kinh phí và xuất CSV cho cơ quan tài chính", en: "settle the budget and export CSV for the finance office")
    static let usage = """
        kinhphi settle <workspace> [--csv <file>] [--vouchers-csv <file>] [--header vi|keys] [--draft] [--as-of <dd/mm/yyyy>] [--lang vi|en]
          Prints the settlement statement (approved vs actual vs difference per line, per section, per budget
          code; the amount to return to the budget, in words; the signature block). With --csv writes the
          settlement by line, with --vouchers-csv the voucher list (UTF-8 with BOM, CRLF, RFC 4180; layout in
          docs/settlement-csv.md), each written atomically.
          While an advance is not cleared the settlement is refused (exit 1) unless --draft, which marks every
          output "DỰ THẢO / DRAFT".
          Exit: 0 settled · 1 refused (open advances) · 2 unusable input (no approval, a journal that fails
          verify, an unwritable output path).
        """
    static let options = [OptionSpec(name: "csv", takesValue: true), OptionSpec(name: "vouchers-csv", takesValue: true),
                          OptionSpec(name: "header", takesValue: true), OptionSpec(name: "draft", takesValue: false),
                          OptionSpec(name: "as-of", takesValue: true)]

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        var header = CSVHeaderStyle.vi
        if let h = args.value("header") {
            guard let s = CSVHeaderStyle(rawValue: h.lowercased()) else {
                throw UsageError(message: Bilingual(vi: "--header nhận vi hoặc keys, không phải \"\(h)\"", en: "--header takes vi or keys, not \"\(h)\""))
            }
            header = s
        }
        let ws = try workspace(args)
        let settings = try JournalCLI.settings()
        let asOf = try JournalCLI.asOf(args, settings: settings)
        let draft = args.has("draft")
        let journal = try Journal.open(ws, settings: settings)
        // Verify the whole chain first: a settlement is never made from a journal that fails verify.
        // One read of the file gives both the verification and the ledger.
        let (check, verifiedLedger) = try journal.verifyWithLedger()
        guard check.isOK, let ledger = verifiedLedger else { throw VerifyFailed(result: check) }
        let settlement: Settlement
        do throws(SettlementError) { settlement = try Settlement.build(ledger, draft: draft) }
        catch {
            if case .openAdvances = error { return CommandResult(stderr: "kinhphi: " + error.message(lang) + "\n", exitCode: ExitCode.findings) }
            throw error
        }
        // Open both output files before writing either, so a bad path fails before anything is written.
        let settlementFile = try args.value("csv").map { p throws(ExportError) in try AtomicFileWriter(path: p) }
        let voucherFile = try args.value("vouchers-csv").map { p throws(ExportError) in try AtomicFileWriter(path: p) }
        if let f = settlementFile { try f.write(SettlementReport.settlementCSV(settlement, header: header)) }
        if let f = voucherFile {
            let total = try SettlementReport.writeVoucherCSV(journal, ledger: ledger, to: f, header: header, draft: draft)
            guard total == settlement.total.actual else {
                f.abandon(); settlementFile?.abandon()
                throw SettlementError.invariant(Bilingual(vi: "tổng bảng kê \(total) khác tổng thực chi \(settlement.total.actual)",
                                                          en: "voucher list total \(total) differs from the actual total \(settlement.total.actual)"))
            }
        }
        try settlementFile?.commit()
        try voucherFile?.commit()
        var out = SettlementReport.text(settlement, asOf: asOf, lang: lang)
        for (flag, path) in [("csv", args.value("csv")), ("vouchers-csv", args.value("vouchers-csv"))] {
            if let path { out += (lang == .vi ? "Đã ghi \(path) (--\(flag))\n" : "Wrote \(path) (--\(flag))\n") }
        }
        return CommandResult(stdout: out)
    }
}

/// `kinhphi explain <workspace> <line>`: the records behind a line's actual figure.
enum ExplainCommand: Command {
    static let name = "explain"
    static let summary = Bilingual(vi: "liệt kê các bản ghi tạo nên số thực chi của một dòng", en: "list the records behind a line's actual figure")
    static let usage = """
        kinhphi explain <workspace> <line> [--lang vi|en]
          Every journal record on the line, in order: what counts in the actual figure (payments, clearings,
          refunds as negatives), advances, reversed records and the reversals that cancel them.
        """
    static let options: [OptionSpec] = []

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 2)
        let ws = try workspace(args)
        let code = args.positionals[1]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let ledger = try journal.ledger()
        let items = try VoucherList.explain(journal, ledger: ledger, line: code)
        return CommandResult(stdout: SettlementReport.explainText(items, line: ledger.line(code)!, lang: lang))
    }
}

/// A journal that fails `verify`: the settlement is not made (exit 2).
struct VerifyFailed: Error, Localized {
    let result: VerifyResult
    func message(_ lang: Language) -> String {
        (lang == .vi ? "không quyết toán từ nhật ký không qua kiểm tra: " : "no settlement from a journal that fails verify: ") + result.message(lang)
    }
}
