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
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let ws = try Workspace(path: try args[\.workspace])
        let journal = try Journal.open(ws, settings: try JournalCLI.settings())
        let vi = lang == .vi
        do {
            let r = try journal.repair()
            var lines = [vi ? "Đã sao lưu nhật ký vào \(r.backupPath)." : "Backed up the journal to \(r.backupPath)."]
            lines.append(vi ? "Đã cắt \(r.removedBytes) byte ở cuối" + (r.partialLine ? " (bản ghi ghi dở)" : "")
                              + (r.removedRecords > 0 ? " gồm \(r.removedRecords) bản ghi của lô nhập chưa hoàn tất" : "") + "; còn \(r.keptRecords) bản ghi."
                            : "Cut \(r.removedBytes) bytes at the end" + (r.partialLine ? " (a torn record)" : "")
                              + (r.removedRecords > 0 ? " including \(r.removedRecords) records of an unfinished import batch" : "") + "; \(r.keptRecords) records remain.")
            lines.append(vi ? "Nhập lại phần bị cắt nếu cần, rồi chạy kinhphi verify." : "Record the cut part again if needed, then run kinhphi verify.")
            return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
        } catch JournalError.intact(let n) {
            return CommandResult(stdout: JournalError.intact(records: n).message(lang) + "\n")
        } catch JournalError.nothingToRepair(let why) {
            throw Refusal(why)
        }
    }
}
