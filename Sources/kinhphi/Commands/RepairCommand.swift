import Foundation
import KinhPhi

/// `kinhphi repair <workspace>`
enum RepairCommand: Command {
    static let name = "repair"
    static let summary = Bilingual(vi: "cắt bản ghi cuối bị ghi dở (giữ bản sao lưu)", en: "cut a torn last record (keeps a backup)")
    static let about = Bilingual(
        vi: """
            Chỉ dùng khi bản ghi cuối bị ghi dở (mất điện hoặc lệnh bị ngắt khi đang ghi): sao journal.kp thành \
            journal.kp.bak-<giờ UTC>, rồi cắt bản ghi dở (hoặc lô nhập chưa hoàn tất). Hư hỏng khác — bản ghi bị \
            sửa, bị mất hoặc sai chỗ — thì từ chối.
            """,
        en: """
            Only for a torn tail (a write cut off by a power failure or an interrupted command): copies \
            journal.kp to journal.kp.bak-<UTC time>, then cuts the unfinished record (or the unfinished import \
            batch). Anything else — an edited, missing or misplaced record — is refused.
            """)
    static let exits = Bilingual(vi: "0 đã sửa, hoặc không có gì để sửa · 1 từ chối (hư hỏng không phải ghi dở) · 2 đầu vào không dùng được.",
                                 en: "0 repaired, or nothing to repair · 1 refused (damage that is not a torn tail) · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let accept = Flag("accept", help: Bilingual(
            vi: "ghi nhận vào tệp chứng kiến rằng nhật ký (chuỗi SHA-256 nguyên vẹn, sau khi cắt phần ghi dở nếu có) được chấp nhận như hiện có, khi nhật ký không khớp tệp chứng kiến và đã rõ nguyên nhân (khôi phục bản sao lưu, người khác ghi bằng tệp chứng kiến khác); kinhphi verify vẫn luôn nêu việc này",
            en: "record in the witness that the journal (its SHA-256 chain intact, after cutting a torn tail if any) is accepted as it is, when it disagrees with its witness for a known cause (a backup restored, someone writing with another witness); kinhphi verify always shows it"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let ws = try Workspace(path: try args[\.workspace])
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        let vi = lang == .vi
        let r: RepairOutcome
        do { r = try journal.repair(accept: args[\.accept]) } catch {
            switch error {
            case .intact(let n): return CommandResult(stdout: JournalError.intact(records: n).message(lang) + "\n")
            case .nothingToRepair(let why): throw Refusal(why)
            default: throw error
            }
        }
        var lines: [String] = []
        if !r.backupPath.isEmpty {
            lines.append(vi ? "Đã sao lưu nhật ký vào \(r.backupPath)." : "Backed up the journal to \(r.backupPath).")
            lines.append(vi ? "Đã cắt \(r.removedBytes) byte ở cuối" + (r.partialLine ? " (bản ghi ghi dở)" : "")
                              + (r.removedRecords > 0 ? " gồm \(r.removedRecords) bản ghi của lô nhập chưa hoàn tất" : "") + "; còn \(r.keptRecords) bản ghi."
                            : "Cut \(r.removedBytes) bytes at the end" + (r.partialLine ? " (a torn record)" : "")
                              + (r.removedRecords > 0 ? " including \(r.removedRecords) records of an unfinished import batch" : "") + "; \(r.keptRecords) records remain.")
        }
        if r.accepted {
            lines.append(vi ? "Đã ghi vào tệp chứng kiến: nhật ký \(r.keptRecords) bản ghi được chấp nhận như hiện có, bỏ qua: "
                            : "Recorded in the witness: the journal of \(r.keptRecords) records is accepted as it is, setting aside: ")
            lines += r.setAside.map { "  " + $0.message(lang) }
        }
        if !r.backupPath.isEmpty {
            lines.append(vi ? "Nhập lại phần bị cắt nếu cần, rồi chạy kinhphi verify." : "Record the cut part again if needed, then run kinhphi verify.")
        }
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }
}
