import Foundation
import KinhPhi

/// `kinhphi approve <workspace> --decision <number> --date <dd/mm/yyyy> [--policy stop|warn|ignore] [--line-policy CODE=POLICY,...]`
enum ApproveCommand: Command {
    static let name = "approve"
    static let summary = Bilingual(vi: "phê duyệt dự toán theo số thẩm định (ghi approved.json)", en: "approve the estimate at the appraised figures (writes approved.json)")
    static let about = Bilingual(
        vi: """
            Chạy thẩm định rồi chốt kết quả thành dự toán được duyệt trong <hồ sơ>/approved.json: số và ngày quyết \
            định, mọi dòng theo số thẩm định, chế độ xử lý chứng từ vượt dự toán của từng dòng, và bản chụp danh \
            mục định mức (kèm SHA-256). Dự toán có phát hiện mức lỗi vẫn được duyệt theo số thẩm định.
            Chỉ duyệt một lần: approved.json không sửa được về sau.
            """,
        en: """
            Runs the appraisal and freezes it as the approved budget in <workspace>/approved.json: the decision's \
            number and date, every line at its appraised amount, each line's over-budget policy, and a snapshot \
            of the norms catalogue (with its SHA-256). An appraisal with error findings is approved at the \
            appraised figures.
            Once only: approved.json cannot be changed afterwards.
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
        let loaded = try EstimateLoader.load(ws, normsPath: try args[\.norms], budgetCodesPath: try args[\.budgetCodes])
        let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
        let codes = Set(appraisal.sections.flatMap { $0.lines.map(\.line.code) })
        for code in linePolicies.keys.sorted() where !codes.contains(code) {
            throw args.problem(\.linePolicy, .unknownReference(kind: Bilingual(vi: "dòng dự toán", en: "estimate line"), id: code))
        }
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
