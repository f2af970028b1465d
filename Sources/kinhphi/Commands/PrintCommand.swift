import Foundation
import KinhPhi

/// `kinhphi print <workspace> <document> [--out F] [--date D] [--voucher NO] [--line L] [--draft] [--norms F] [--budget-codes F] [--lang vi|en]`
/// `kinhphi print <folder>… report [--year YYYY] [--out F] [--date D] [--lang vi|en]`
enum PrintCommand: Command {
    static let name = "print"
    static let summary = Bilingual(vi: "in văn bản của hồ sơ ra tệp HTML khổ A4 (mở bằng trình duyệt, in)",
                                   en: "print a document of the file as an A4 HTML page (open in a browser, print)")
    static let about = Bilingual(
        vi: """
            Lập một văn bản của hồ sơ thành một tệp HTML trọn vẹn (UTF-8, không cần mạng, không có mã chạy), để mở \
            bằng trình duyệt và in trên giấy A4: quốc hiệu, tiêu ngữ, cơ quan ban hành, địa danh và ngày, tên văn \
            bản, số tiền và số tiền bằng chữ, chữ ký với chức danh và họ tên (ghi trong conference.csv; để trống \
            thì chừa chỗ ký tay). Văn bản: \(documentList(.vi)).
            Không có --out thì ghi vào <hồ sơ>/<văn bản>.html (tiếng Anh: <văn bản>.en.html); --out - in ra màn \
            hình. Tệp được ghi trọn vẹn hoặc không ghi. Bố cục và mẫu: docs/documents.md.
            report nhận một hoặc nhiều thư mục (như kinhphi report) và năm ngân sách --year; với một thư mục, tệp \
            mặc định là <thư mục>/report.html, với nhiều thư mục cần --out.
            """,
        en: """
            Makes one document of the file as a self-contained HTML file (UTF-8, no network, no scripts) to open \
            in a browser and print on A4: national title and motto, issuing unit, place and date, title, amounts \
            and their words, signatures with titles and names (from conference.csv; blank lines for a hand \
            signature when absent). Documents: \(documentList(.en)).
            Without --out it is written to <workspace>/<document>.html (English: <document>.en.html); --out - \
            prints it to standard output. The file is written whole or not at all. Layouts and forms: \
            docs/documents.md.
            report takes one or more folders (as kinhphi report does) and the budget year --year; with one folder \
            the default file is <folder>/report.html, with several --out is needed.
            """)
    static let exits = Bilingual(vi: "0 đã ghi · 1 từ chối (settlement khi còn tạm ứng chưa thanh toán, không có --draft), hoặc report đã ghi nhưng có hồ sơ không tính vào tổng hay hóa đơn trùng giữa các hội nghị · 2 đầu vào không dùng được (hồ sơ, mẫu văn bản, nhật ký không qua kiểm tra, số chứng từ, dòng, đường dẫn tệp xuất).",
                                 en: "0 written · 1 refused (settlement while advances are open, without --draft), or report written with a workspace left out of the totals or an invoice paid in two events · 2 unusable input (workspace, template, a journal that fails verify, voucher number, line, output path).")

    static func documentList(_ lang: Language) -> String {
        DocumentKind.allCases.map { "\($0.rawValue) (\($0.summary.text(lang)))" }.joined(separator: ", ")
    }

    struct Options: CommandOptions {
        let workspace = VariadicArgument("workspace", ValueReader.file.shown(as: Bilingual(vi: "<hồ sơ>", en: "<workspace>")), help: Bilingual(
            vi: "thư mục hồ sơ của hội nghị; với report: một hoặc nhiều thư mục chứa các hồ sơ",
            en: "the conference's workspace folder; for report: one or more folders holding workspaces"))
        let document = Argument("document", ValueReader.choice(DocumentKind.self).shown(as: Bilingual(vi: "<văn bản>", en: "<document>")),
                                help: Bilingual(vi: "văn bản cần in: " + DocumentKind.allCases.map(\.rawValue).joined(separator: ", "),
                                                en: "the document to print: " + DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")))
        let out = Option("out", ValueReader.file, help: Bilingual(
            vi: "tệp HTML cần ghi (- là in ra màn hình); mặc định <hồ sơ>/<văn bản>.html",
            en: "the HTML file to write (- prints to standard output); default <workspace>/<document>.html"))
        let date = Option("date", .date, help: Bilingual(
            vi: "ngày ghi trên văn bản; mặc định ngày ghi trong conference.csv (submission_date, appraisal_date), nếu không có thì để trống ngày, tháng cho văn thư điền",
            en: "the date printed on the document; default the date in conference.csv (submission_date, appraisal_date), else blanks for the day and month"))
        let voucher = Option("voucher", .text(Bilingual(vi: "<số>", en: "<no>"), expected: Bilingual(vi: "số chứng từ của khoản tạm ứng", en: "the advance's voucher number")),
                             help: Bilingual(vi: "advance: số chứng từ của khoản tạm ứng (hoặc của khoản thanh toán tạm ứng)",
                                             en: "advance: the voucher number of the advance (or of its clearing)"))
        let line = Option("line", .text(Bilingual(vi: "<mã dòng>", en: "<line>"), expected: Bilingual(vi: "mã dòng của dự toán được duyệt", en: "a line of the approved estimate")),
                          help: Bilingual(vi: "payees: chỉ in một dòng của dự toán (mặc định: cả hội nghị)",
                                          en: "payees: only this line of the estimate (default: the whole event)"))
        let draft = Flag("draft", help: Bilingual(vi: "settlement: lập bản dự thảo dù còn tạm ứng chưa thanh toán",
                                                  en: "settlement: produce a draft even while advances are open"))
        let year = Option("year", .year, help: Bilingual(
            vi: "report: năm ngân sách (mặc định: năm của các hồ sơ tìm thấy nếu chỉ có một năm)",
            en: "report: the budget year (default: the year of the workspaces found, when there is one)"))
        let norms = Shared.norms
        let budgetCodes = Shared.budgetCodes
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let kind = try args[\.document]
        let outPath = try args[\.out]
        let givenDate = try args[\.date]
        let paths = try args[\.workspace]
        if kind.spansWorkspaces { return try report(args, paths: paths, outPath: outPath, givenDate: givenDate) }
        guard paths.count == 1 else {
            throw UsageError(message: Bilingual(vi: "\(kind.rawValue) in cho một hồ sơ, có \(paths.count) thư mục (chỉ report nhận nhiều thư mục)",
                                                en: "\(kind.rawValue) prints one workspace, got \(paths.count) folders (only report takes several)"), showUsage: true)
        }
        let ws = try Workspace(path: paths[0])
        let settings = try JournalCLI.settings()
        let loaded = try EstimateLoader.load(ws, normsPath: try args[\.norms], budgetCodesPath: try args[\.budgetCodes])
        let c = loaded.estimate.conference
        func date(_ own: CivilDate?) -> DocumentDate {
            if let d = givenDate ?? own { return .on(d) }
            return .blank(year: settings.today.year)
        }
        let html: String
        switch kind {
        case .estimate:
            html = try EstimateDocument.render(loaded, date: date(c.documents.submissionDate), lang: lang)
        case .submission:
            let template = try submissionTemplate(ws, c, lang)
            html = try SubmissionDocument.render(loaded, template: template, date: date(c.documents.submissionDate), lang: lang)
        case .appraisal:
            let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
            html = AppraisalDocument.render(appraisal, date: date(c.appraisalDate), lang: lang)
        case .payees, .advance, .vouchers, .settlement:
            html = try journalDocument(kind, args, ws: ws, conference: c, date: date(nil), settings: settings)
        case .report:
            html = ""   // (handled above)
        }
        let path = outPath ?? ws.file(kind.defaultFileName(lang))
        // Never over the workspace's own files or this command's inputs (OutputPaths).
        var protected = OutputPaths.workspaceFiles(ws, settings: settings)
        protected.append(OutputPaths.input(loaded.catalogue.normsFile, Bilingual(vi: "danh mục định mức đang dùng", en: "the norms catalogue in use")))
        protected.append(OutputPaths.input(loaded.catalogue.budgetCodesFile, Bilingual(vi: "danh mục mục, tiểu mục đang dùng", en: "the budget-code list in use")))
        if !c.documents.templates.isEmpty {
            let folder = ws.file(c.documents.templates)
            for l in ["vi", "en"] {
                protected.append(OutputPaths.input((folder.hasSuffix("/") ? folder : folder + "/") + "submission.\(l).txt",
                                                   Bilingual(vi: "mẫu tờ trình", en: "the submission template")))
            }
        }
        if path != "-" { try OutputPaths.check([(args.declared.out.spec.name, path)], protected: protected, workspace: ws, lang: lang) }
        return try write(html, kind: kind, to: path, lang: lang)
    }

    static func write(_ html: String, kind: DocumentKind, to path: String, lang: Language, exitCode: ExitCode = .ok) throws -> CommandResult {
        if path == "-" { return CommandResult(stdout: html, exitCode: exitCode) }
        let file = try AtomicFileWriter(path: path)
        try file.write(html)
        try file.commit()
        let orientation = kind.orientation == .portrait ? (lang == .vi ? "A4 dọc" : "A4 portrait") : (lang == .vi ? "A4 ngang" : "A4 landscape")
        return CommandResult(stdout: (lang == .vi ? "Đã ghi \(path) (\(kind.summary.vi), \(orientation))\n"
                                                  : "Wrote \(path) (\(kind.summary.en), \(orientation))\n"), exitCode: exitCode)
    }

    /// `print <folder>… report`: the year's summary (`kinhphi report`'s figures) as an A4 document. When every
    /// event is one unit's, the unit is printed with the superior body, place and signers of the latest event
    /// whose conference.csv names its signers (else of the latest giving any of these facts); otherwise the unit
    /// and the names are left blank for the hand. Exit 1 (the file written) when a workspace is left
    /// out of the totals or an invoice is paid in two events, as `report`.
    static func report(_ args: Arguments<Options>, paths: [String], outPath: String?, givenDate: CivilDate?) throws -> CommandResult {
        let lang = args.lang
        if paths.count > 1 && outPath == nil {
            throw UsageError(message: Bilingual(vi: "report với nhiều thư mục cần --out <tệp> (không có thư mục mặc định nào để ghi vào)",
                                                en: "report over several folders needs --out <file> (there is no default folder to write it to)"), showUsage: true)
        }
        let settings = try JournalCLI.settings()
        let r = try ReportCommand.build(folders: paths, year: try args[\.year], date: givenDate, pit: false)
        let units = YearReportRender.units(r)
        var unit = "", facts = DocumentFacts()
        if units.count == 1 {
            unit = units[0]
            // The unit's facts are the same for each of its events: those of the latest event that names its
            // signers, else of the latest that gives any.
            var some: DocumentFacts? = nil
            for e in r.events.reversed() {
                guard let ws = try? Workspace(path: e.path), let c = try? EstimateLoader.conference(ws) else { continue }
                let d = c.documents
                if !(d.preparer.name.isEmpty && d.chiefAccountant.name.isEmpty && d.head.name.isEmpty) { some = d; break }
                if some == nil && !(d.superiorBody.isEmpty && d.issuePlace.isEmpty) { some = d }
            }
            facts = some ?? DocumentFacts()
        }
        let date: DocumentDate = givenDate.map { .on($0) } ?? .blank(year: settings.today.year)
        let html = YearDocument.render(r, unit: unit, facts: facts, date: date, lang: lang)
        let folder = paths[0].hasSuffix("/") ? paths[0] : paths[0] + "/"
        let path = outPath ?? folder + DocumentKind.report.defaultFileName(lang)
        // Never over a file of a workspace reported (OutputPaths), nor the witness.
        try OutputPaths.check([(args.declared.out.spec.name, path)], protected: OutputPaths.reportFiles(r.found.workspaces, settings: settings),
                              workspaces: r.found.workspaces, lang: lang)
        return try write(html, kind: .report, to: path, lang: lang, exitCode: r.hasProblems ? .findings : .ok)
    }

    /// The documents made from the journal: verified first (a journal that fails verify is never printed
    /// from), then the ledger and the settlement of the same read give the figures and the anchor.
    static func journalDocument(_ kind: DocumentKind, _ args: Arguments<Options>, ws: Workspace, conference c: Conference,
                                date: DocumentDate, settings: JournalSettings) throws -> String {
        let lang = args.lang
        let voucher = try args[\.voucher], line = try args[\.line]
        if kind == .advance && voucher == nil {
            throw args.problem(\.voucher, .inconsistent(Bilingual(vi: "cần --voucher <số> để in giấy đề nghị tạm ứng", en: "advance needs --voucher <no>")))
        }
        let journal = try Journal.open(ws, settings: settings)
        let (check, verified) = try journal.verifyWithLedger()
        guard check.isOK, let ledger = verified else { throw VerifyFailed(result: check) }
        if let line, ledger.line(line) == nil { throw SettlementError.unknownLine(line) }
        let draft = kind == .settlement ? args[\.draft] : !ledger.openAdvances.isEmpty
        let settlement: Settlement
        do throws(SettlementError) { settlement = try Settlement.build(ledger, draft: draft) }
        catch {
            if case .openAdvances = error { throw Refusal(error) }
            throw error
        }
        switch kind {
        case .settlement:
            return SettlementDocument.render(settlement, conference: c, date: date, lang: lang)
        case .advance:
            let pair = try VoucherList.advance(journal, number: voucher ?? "")
            return try AdvanceDocument.render(pair, settlement: settlement, conference: c, lang: lang)
        default:
            let (entries, total) = try VoucherList.entries(journal, ledger: ledger, order: .date)
            guard total == settlement.total.actual else {
                throw SettlementError.invariant(Bilingual(vi: "tổng bảng kê \(total) khác tổng thực chi \(settlement.total.actual)",
                                                          en: "voucher list total \(total) differs from the actual total \(settlement.total.actual)"))
            }
            if kind == .vouchers { return try VouchersDocument.render(entries, settlement: settlement, conference: c, date: date, lang: lang) }
            return try PayeesDocument.render(entries, settlement: settlement, line: line, conference: c, date: date, lang: lang)
        }
    }

    /// `<templates>/submission.<lang>.txt`, the folder named by conference.csv's `templates` row.
    static func submissionTemplate(_ ws: Workspace, _ c: Conference, _ lang: Language) throws(InputError) -> DocumentTemplate {
        guard !c.documents.templates.isEmpty else {
            throw InputError(SourceLocation(file: c.source, field: "templates"), .inconsistent(Bilingual(
                vi: "cần dòng templates (thư mục chứa mẫu submission.\(lang.rawValue).txt) để in tờ trình",
                en: "the templates row (the folder holding submission.\(lang.rawValue).txt) is needed to print the submission")))
        }
        let folder = ws.file(c.documents.templates)
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + "submission.\(lang.rawValue).txt"
        return try DocumentTemplate.load(path: path, displayName: path)
    }
}
