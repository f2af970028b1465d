import Foundation
import KinhPhi

/// `kinhphi adjust <workspace> --decision <number> --date <dd/mm/yyyy> --amounts <csv> [--reason <text>]`
enum AdjustCommand: Command {
    static let name = "adjust"
    static let summary = Bilingual(vi: "ghi quyết định điều chỉnh dự toán (phiên bản dự toán mới)", en: "record a decision adjusting the budget (a new approval version)")
    static let about = Bilingual(
        vi: """
            Ghi quyết định điều chỉnh dự toán: số được duyệt mới của các dòng nêu trong tệp --amounts (cột line và \\
            approved); dòng chưa có trong dự toán được bổ sung (ghi thêm các cột description, kind, budget_code, \\
            có thể có section, policy). Phiên bản mới ghi vào <hồ sơ>/approved-<n>.json và một bản ghi điều chỉnh \\
            vào nhật ký (chuỗi SHA-256 bao cả tệp đó); approved.json và các phiên bản trước giữ nguyên. Chứng từ \\
            được kiểm tra theo phiên bản có hiệu lực vào ngày chứng từ.
            Từ chối (không ghi gì) khi một dòng bị giảm thấp hơn số đã dùng (đã chi cộng tạm ứng chưa thanh \\
            toán), khi không dòng nào thay đổi, hoặc khi ngày quyết định trước quyết định đang áp dụng, sau hôm nay \\
            hay sau thời gian chỉnh lý quyết toán.
            """,
        en: """
            Records a decision adjusting the budget: the new approved amounts of the lines the --amounts file \\
            names (columns line and approved); a line not in the budget is added (give its description, kind and \\
            budget_code too, and optionally section and policy). The new version is written to \\
            <workspace>/approved-<n>.json and an adjustment record to the journal (the SHA-256 chain covers \\
            that file); approved.json and the earlier versions are kept as they are. Vouchers are checked against \\
            the version in force on their date.
            Refused (nothing written) when a line would fall below what it has used (paid plus advances not \\
            cleared), when no line changes, or when the decision is dated before the one in force, after today or \\
            after the adjustment period.
            """)
    static let exits = Bilingual(vi: "0 đã ghi · 1 bị từ chối (không ghi gì) · 2 đầu vào không dùng được (chưa duyệt, tệp số liệu sai, nhật ký hỏng).",
                                 en: "0 recorded · 1 refused (nothing written) · 2 unusable input (no approval, a bad amounts file, a broken journal).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let decision = RequiredOption("decision", .text(Bilingual(vi: "<số quyết định>", en: "<number>"),
                                                        expected: Bilingual(vi: "số quyết định điều chỉnh, ví dụ 3456/QĐ-UBND", en: "the adjustment decision's number, e.g. 3456/QĐ-UBND")),
                                      help: Bilingual(vi: "số của quyết định điều chỉnh dự toán", en: "the number of the decision adjusting the budget"))
        let date = RequiredOption("date", .date, help: Bilingual(vi: "ngày của quyết định: phiên bản mới áp dụng cho chứng từ từ ngày này",
                                                                 en: "the decision's date: the new version applies to vouchers from that day"))
        let amounts = RequiredOption("amounts", ValueReader.file, help: Bilingual(
            vi: "tệp CSV các dòng điều chỉnh: cột line (mã dòng) và approved (số được duyệt sau điều chỉnh)",
            en: "CSV file of the adjusted lines: columns line and approved (the amount approved after the adjustment)"))
        let reason = Option("reason", .text(Bilingual(vi: "<lý do>", en: "<reason>"), expected: Bilingual(vi: "lý do điều chỉnh", en: "why the budget is adjusted")),
                            help: Bilingual(vi: "lý do điều chỉnh, ghi vào nhật ký", en: "why the budget is adjusted, kept in the journal"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let vi = lang == .vi
        let ws = try Workspace(path: try args[\.workspace])
        let decision = try args[\.decision]
        let date = try args[\.date]
        let amounts = try DecisionAmounts.read(path: try args[\.amounts])
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        let out = try journal.adjust(decisionNumber: decision, date: date, amounts: amounts, reason: try args[\.reason])
        guard let v = out.version, let record = out.record else {
            var lines = [vi ? "Không ghi: điều chỉnh bị từ chối (dự toán và nhật ký không thay đổi)." : "Not recorded: the adjustment is refused (the budget and the journal are unchanged)."]
            for f in out.findings { lines += JournalText.findingLines(f, lang, indent: 2) }
            return CommandResult(stderr: lines.joined(separator: "\n") + "\n", exitCode: .findings)
        }
        var lines: [String] = []
        lines.append(vi ? "Đã điều chỉnh dự toán: Quyết định số \(v.decisionNumber) ngày \(v.decisionDate) — phiên bản \(v.number), áp dụng cho chứng từ từ ngày \(v.decisionDate)."
                        : "Budget adjusted: decision no. \(v.decisionNumber) of \(v.decisionDate) — version \(v.number), in force for vouchers from \(v.decisionDate).")
        for (l, before) in v.changes {
            let to = TextLayout.money(l.approved, lang)
            if let before {
                lines.append("  " + (vi ? "dòng " : "line ") + l.code + ": " + TextLayout.money(before, lang) + " → " + to)
            } else {
                lines.append("  " + (vi ? "dòng " : "line ") + l.code + (vi ? " (bổ sung): " : " (added): ") + to + " — " + l.description)
            }
        }
        lines.append((vi ? "Tổng dự toán được duyệt: " : "Total approved: ") + TextLayout.money(v.total, lang) + (vi ? " đồng." : " dong."))
        lines.append((vi ? "Đã ghi " : "Written to ") + ws.file(v.file) + " (SHA-256 \(v.sha256.hex))"
                     + (vi ? " và bản ghi \(record.seq) của nhật ký." : " and journal record \(record.seq)."))
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }
}
