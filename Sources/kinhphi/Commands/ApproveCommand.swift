import Foundation
import KinhPhi

/// `kinhphi approve <workspace> --decision <number> --date <dd/mm/yyyy> [--amounts <csv>] [--notice <number>] [--notice-date <date>]
///  [--policy stop|warn|ignore] [--line-policy CODE=POLICY,...]`
enum ApproveCommand: Command {
    static let name = "approve"
    static let summary = Bilingual(vi: "ghi quyết định phê duyệt dự toán (approved.json)", en: "record the decision approving the estimate (writes approved.json)")
    static let about = Bilingual(
        vi: """
            Chạy thẩm định rồi ghi quyết định phê duyệt dự toán của UBND Thành phố vào <hồ sơ>/approved.json: số \
            và ngày quyết định, số thông báo thẩm định của Sở Tài chính, số được duyệt của từng dòng, chế độ xử \
            lý chứng từ vượt dự toán của từng dòng, và bản chụp danh mục định mức (kèm SHA-256).
            Số được duyệt: theo tệp --amounts (số của quyết định, cột line và approved — "STT", "Số được duyệt" \
            …) cho các dòng tệp nêu; các dòng khác theo số thẩm định. Dòng được duyệt cao hơn số thẩm định được \
            ghi lại thành cảnh báo.
            Chỉ duyệt một lần: approved.json không sửa được về sau; thay đổi sau đó là điều chỉnh dự toán \
            (kinhphi adjust).
            """,
        en: """
            Runs the appraisal and records the city People's Committee's decision approving the estimate in \
            <workspace>/approved.json: the decision's number and date, the Finance Department's appraisal \
            notice, each line's approved amount, each line's over-budget policy, and a snapshot of the norms \
            catalogue (with its SHA-256).
            Approved amounts: from the --amounts file (the decision's figures, columns line and approved) for \
            the lines it names; the other lines at their appraised amounts. A line approved above the appraised \
            amount is kept as a warning.
            Once only: approved.json cannot be changed afterwards; a later change is an adjustment (kinhphi \
            adjust).
            """)
    static let exits = Bilingual(vi: "0 đã duyệt · 2 đầu vào không dùng được, hoặc đã duyệt rồi.",
                                 en: "0 approved · 2 unusable input, or already approved.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let decision = RequiredOption("decision", .text(Bilingual(vi: "<số quyết định>", en: "<number>"),
                                                        expected: Bilingual(vi: "số quyết định, ví dụ 1234/QĐ-UBND", en: "the decision's number, e.g. 1234/QĐ-UBND")),
                                      help: Bilingual(vi: "số của quyết định phê duyệt dự toán, ví dụ 1234/QĐ-UBND",
                                                      en: "the number of the decision approving the estimate, e.g. 1234/QĐ-UBND"))
        let date = RequiredOption("date", .date, help: Bilingual(vi: "ngày của quyết định", en: "the decision's date"))
        let amounts = Option("amounts", ValueReader.file, help: Bilingual(
            vi: "tệp CSV số được duyệt theo quyết định: cột line (mã dòng, STT) và approved (số được duyệt); không có: theo số thẩm định",
            en: "CSV file of the decision's approved amounts: columns line and approved; without it: the appraised amounts"))
        let notice = Option("notice", .text(Bilingual(vi: "<số thông báo>", en: "<number>"),
                                            expected: Bilingual(vi: "số thông báo thẩm định, ví dụ 1234/STC-QLNS", en: "the appraisal notice's number, e.g. 1234/STC-QLNS")),
                            help: Bilingual(vi: "số thông báo thẩm định của Sở Tài chính (mặc định: appraisal_notice của conference.csv)",
                                            en: "the Finance Department's appraisal notice number (default: conference.csv's appraisal_notice)"))
        let noticeDate = Option("notice-date", .date, help: Bilingual(vi: "ngày thông báo thẩm định (mặc định: appraisal_date của conference.csv)",
                                                                       en: "the appraisal notice's date (default: conference.csv's appraisal_date)"))
        let policy = DefaultedOption("policy", .choice(OverBudgetPolicy.self), default: .stop, help: Bilingual(
            vi: "xử lý chứng từ làm một dòng vượt số được duyệt, cho mọi dòng: stop (từ chối), warn (ghi kèm cảnh báo) hoặc ignore (ghi, không cảnh báo)",
            en: "what to do with a voucher that takes a line over its approved amount, for every line: stop (refuse), warn (record it with a warning) or ignore (record it silently)"))
        let linePolicy = RepeatedOption("line-policy", .linePolicies, help: Bilingual(
            vi: "chế độ riêng cho một số dòng, cách nhau bằng dấu phẩy: --line-policy 3.2=warn,4.1=ignore; một dòng chỉ được nêu một lần",
            en: "a policy for particular lines, comma-separated: --line-policy 3.2=warn,4.1=ignore; a line may be named once"))
        let norms = Shared.norms
        let budgetCodes = Shared.budgetCodes
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let ws = try Workspace(path: try args[\.workspace])
        let decision = try args[\.decision]
        let date = try args[\.date]
        let policy = try args[\.policy]
        var linePolicies: [String: OverBudgetPolicy] = [:]
        for given in try args[\.linePolicy] {
            for (code, p) in given.sorted(by: { $0.key < $1.key }) {
                if linePolicies[code] != nil {
                    throw args.problem(\.linePolicy, .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: code, firstLine: nil))
                }
                linePolicies[code] = p
            }
        }
        let settings = try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey])
        let amounts = try (try args[\.amounts]).map { (p) throws(InputError) in try DecisionAmounts.read(path: p) }
        let loaded = try EstimateLoader.load(ws, normsPath: try args[\.norms], budgetCodesPath: try args[\.budgetCodes])
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        let codes = Set(appraisal.sections.flatMap { $0.lines.map(\.line.code) })
        for code in linePolicies.keys.sorted() where !codes.contains(code) {
            throw args.problem(\.linePolicy, .unknownReference(kind: Bilingual(vi: "dòng dự toán", en: "estimate line"), id: code))
        }
        // Sở Tài chính's notice: the options, else what conference.csv says.
        let c = loaded.estimate.conference
        let noticeNumber = try args[\.notice] ?? c.appraisalNotice
        let noticeDate = try args[\.noticeDate] ?? c.appraisalDate
        let notice = noticeNumber.isEmpty && noticeDate == nil ? nil : AppraisalNotice(number: noticeNumber, date: noticeDate, appraiser: c.appraiser)
        let budget = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: decision, decisionDate: date,
                                                defaultPolicy: policy, linePolicies: linePolicies, amounts: amounts, notice: notice,
                                                settings: settings)
        let vi = lang == .vi
        var out: [String] = []
        out.append(vi ? "Đã phê duyệt dự toán: Quyết định số \(budget.decisionNumber) ngày \(budget.decisionDate)."
                      : "Budget approved: decision no. \(budget.decisionNumber) of \(budget.decisionDate).")
        out.append(vi ? "\(budget.lines.count) dòng; được duyệt \(TextLayout.money(budget.total, lang)) đồng (đơn vị đề nghị \(TextLayout.money(budget.requestedTotal, lang)))."
                      : "\(budget.lines.count) lines; approved \(TextLayout.money(budget.total, lang)) dong (requested \(TextLayout.money(budget.requestedTotal, lang))).")
        out.append((vi ? "Bằng chữ: " : "In words: ") + TextLayout.inWords(budget.total, lang))
        if let n = budget.appraisalNotice {
            let what = (n.number.isEmpty ? "" : (vi ? " số \(n.number)" : " no. \(n.number)")) + (n.date.map { vi ? " ngày \($0)" : " of \($0)" } ?? "")
            out.append(vi ? "Căn cứ thông báo thẩm định\(what) của \(n.appraiser)." : "On the appraisal notice\(what) of \(n.appraiser).")
        }
        if let a = amounts {
            let differ = budget.lines.filter { $0.approved != $0.appraised }.count
            out.append(vi ? "Số được duyệt theo \(a.file): \(a.rows.count) dòng, \(differ) dòng khác số thẩm định (thẩm định \(TextLayout.money(appraisal.appraised, lang)) đồng); các dòng còn lại theo số thẩm định."
                          : "Approved amounts from \(a.file): \(a.rows.count) lines, \(differ) differing from the appraisal (appraised \(TextLayout.money(appraisal.appraised, lang)) dong); the other lines at their appraised amounts.")
        }
        for l in budget.aboveAppraised {
            out.append((vi ? "Cảnh báo: " : "Warning: ") + Ledger.aboveAppraisal(l, decision: budget.decisionNumber).message.text(lang))
        }
        if budget.appraisalErrors > 0 {
            out.append(vi ? "Thẩm định có \(budget.appraisalErrors) lỗi, \(budget.appraisalWarnings) cảnh báo: các dòng được duyệt theo số thẩm định (kinhphi appraise để xem lý do)."
                          : "The appraisal has \(budget.appraisalErrors) errors and \(budget.appraisalWarnings) warnings: lines are approved at the appraised figures (kinhphi appraise shows why).")
        }
        let special = budget.lines.filter { $0.policy != policy }.map { "\($0.code)=\($0.policy.rawValue)" }
        out.append((vi ? "Xử lý vượt dự toán: \(policy.rawValue) cho mọi dòng" : "Over-budget policy: \(policy.rawValue) for every line")
                   + (special.isEmpty ? "" : (vi ? ", trừ " : ", except ") + special.joined(separator: ", ")) + ".")
        out.append((vi ? "Đã ghi " : "Written to ") + ws.file(ApprovedBudget.fileName) + " (SHA-256 \(budget.fileSHA256.hex)).")
        return CommandResult(stdout: out.joined(separator: "\n") + "\n")
    }
}

extension ValueReader where Value == [String: OverBudgetPolicy] {
    /// `3.2=warn,4.1=ignore` (`OverBudgetPolicy.parseLinePolicies`).
    static let linePolicies = ValueReader(placeholder: Bilingual(vi: "<dòng>=<chế độ>[,…]", en: "<line>=<policy>[,…]"),
                                          show: { $0.map { "\($0.key)=\($0.value.rawValue)" }.sorted().joined(separator: ",") }) {
        (s: String) throws(BadValue) -> [String: OverBudgetPolicy] in
        let policies: [String: OverBudgetPolicy]
        do throws(InputError) { policies = try OverBudgetPolicy.parseLinePolicies(s) } catch { throw BadValue(problem: error.problem) }
        guard !policies.isEmpty else {
            throw BadValue(problem: .badValue(text: s, expected: Bilingual(vi: "MÃ_DÒNG=stop|warn|ignore, ví dụ 3.2=warn", en: "LINE=stop|warn|ignore, e.g. 3.2=warn")))
        }
        return policies
    }
}
