import Foundation
import KinhPhi

/// `kinhphi approve <workspace> --decision <number> --date <dd/mm/yyyy> [--policy stop|warn|ignore] [--line-policy CODE=POLICY,...]`
enum ApproveCommand: Command {
    static let name = "approve"
    static let summary = Bilingual(vi: "phê duyệt dự toán theo số thẩm định (ghi approved.json)", en: "approve the estimate at the appraised figures (writes approved.json)")
    static let usage = """
        kinhphi approve <workspace> --decision <number> --date <dd/mm/yyyy> [--policy stop|warn|ignore]
                        [--line-policy <line>=<policy>[,<line>=<policy>...]] [--norms <file>] [--budget-codes <file>] [--lang vi|en]
          Runs the appraisal and freezes it as the approved budget in <workspace>/approved.json: the decision
          number and date, every line at its appraised amount, the over-budget policy of each line
          (stop = refuse a voucher that would exceed the line — the default; warn = record it with a warning;
          ignore), and a snapshot of the norms catalogue (with its SHA-256). An appraisal with error findings
          is approved at the appraised figures. The approval cannot be changed afterwards.
          --line-policy may be repeated or comma-separated: --line-policy 3.2=warn,4.1=ignore
          Exit: 0 approved · 2 unusable input, or already approved.
        """
    static let options = [OptionSpec(name: "decision", takesValue: true), OptionSpec(name: "date", takesValue: true),
                          OptionSpec(name: "policy", takesValue: true), OptionSpec(name: "line-policy", takesValue: true),
                          OptionSpec(name: "norms", takesValue: true), OptionSpec(name: "budget-codes", takesValue: true)]

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let ws = try workspace(args)
        guard let decision = args.value("decision"), !NumberParser.trimSpaces(decision).isEmpty else {
            throw UsageError(message: Bilingual(vi: "thiếu --decision <số quyết định>\n\(usage)", en: "missing --decision <number>\n\(usage)"))
        }
        guard let dateText = args.value("date") else {
            throw UsageError(message: Bilingual(vi: "thiếu --date <dd/mm/yyyy> (ngày quyết định)\n\(usage)", en: "missing --date <dd/mm/yyyy> (decision date)\n\(usage)"))
        }
        guard let date = CivilDate.parse(dateText) else { throw InputError(SourceLocation(file: "--date"), .badDate(text: dateText)) }
        var policy = OverBudgetPolicy.stop
        if let p = args.value("policy") {
            guard let v = OverBudgetPolicy(rawValue: p.lowercased()) else {
                throw UsageError(message: Bilingual(vi: "--policy nhận stop, warn hoặc ignore, không phải \"\(p)\"", en: "--policy takes stop, warn or ignore, not \"\(p)\""))
            }
            policy = v
        }
        var linePolicies: [String: OverBudgetPolicy] = [:]
        for text in linePolicyValues(args) {
            for (k, v) in try OverBudgetPolicy.parseLinePolicies(text) {
                if linePolicies[k] != nil {
                    throw InputError(SourceLocation(file: "--line-policy"), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: k, firstLine: nil))
                }
                linePolicies[k] = v
            }
        }
        let settings = try JournalCLI.settings()
        let loaded = try EstimateLoader.load(ws, normsPath: args.value("norms"), budgetCodesPath: args.value("budget-codes"))
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        let budget = try ApprovedBudget.approve(ws, appraisal: appraisal, decisionNumber: decision, decisionDate: date,
                                                defaultPolicy: policy, linePolicies: linePolicies, settings: settings)
        let vi = lang == .vi
        var out: [String] = []
        out.append(vi ? "Đã phê duyệt dự toán: Quyết định số \(budget.decisionNumber) ngày \(budget.decisionDate)."
                      : "Budget approved: decision no. \(budget.decisionNumber) of \(budget.decisionDate).")
        out.append(vi ? "\(budget.lines.count) dòng; được duyệt \(TextLayout.money(budget.total, lang)) đồng (đơn vị đề nghị \(TextLayout.money(budget.requestedTotal, lang)))."
                      : "\(budget.lines.count) lines; approved \(TextLayout.money(budget.total, lang)) dong (requested \(TextLayout.money(budget.requestedTotal, lang))).")
        out.append((vi ? "Bằng chữ: " : "In words: ") + TextLayout.inWords(budget.total, lang))
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

    /// Every --line-policy value (the option may be repeated).
    static func linePolicyValues(_ args: ParsedArguments) -> [String] { args.values("line-policy") }
}
