import Foundation
import KinhPhi

/// `kinhphi repair <workspace>`
enum RepairCommand: Command {
    static let name = "repair"
    static let summary = Bilingual(vi: "cắt bản ghi cuối bị ghi dở (giữ bản sao lưu)", en: "cut a torn last record (keeps a backup)")
    static let usage = """
        kinhphi repair <workspace> [--lang vi|en]
          Only for a torn tail (a write cut off by a power failure or an interrupted command): copies
          journal.kp to journal.kp.bak-<UTC time>, then cuts the unfinished record (or the unfinished import
          batch). Anything else — an edited, missing or misplaced record — is refused.
          Exit: 0 repaired, or nothing to repair · 1 refused (damage that is not a torn tail) · 2 unusable input.
        """
    static let options: [OptionSpec] = []

    static func run(_ args: ParsedArguments, lang: Language) throws -> CommandResult {
        try expectPositionals(args, 1)
        let ws = try workspace(args)
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
            return CommandResult(stderr: "kinhphi: " + why.text(lang) + "\n", exitCode: ExitCode.findings)
        }
    }
}
