import Foundation
import KinhPhi

/// `kinhphi import <workspace> <file.csv>`: all or nothing.
enum ImportCommand: Command {
    static let name = "import"
    static let summary = Bilingual(vi: "nhập một tệp chứng từ CSV (tất cả hoặc không)", en: "import a CSV file of vouchers (all or nothing)")
    static let about = Bilingual(
        vi: """
            Đọc một tệp CSV: dòng tiêu đề, rồi mỗi dòng một chứng từ (các cột: docs/journal.md, mục Import; bắt \
            buộc Ngày, Dòng, Người nhận, Nội dung, Số tiền, Hình thức thanh toán, Loại — hoặc date, line, payee, \
            description, amount, method, kind). Tệp phân cách bằng dấu phẩy, chấm phẩy (Excel trên máy định dạng \
            Việt Nam) hay Tab đều được. Mỗi dòng được kiểm tra như khi dùng \
            kinhphi record, và thấy các dòng trước nó. Nếu có dòng không đạt thì không ghi gì và liệt kê mọi dòng \
            không đạt (số dòng, cột, lý do); nếu tất cả đạt thì ghi cả tệp thành một lô, đồng bộ xuống đĩa.
            """,
        en: """
            Reads a CSV file: a header row, then one voucher per row (columns: docs/journal.md, section Import; \
            required date, line, payee, description, amount, method, kind — or their Vietnamese names: Ngày, \
            Dòng, Người nhận, Nội dung, Số tiền, Hình thức thanh toán, Loại). Comma-, semicolon- (Excel on a \
            Vietnamese-locale PC) or tab-separated. Every row is checked as by kinhphi \
            record, each seeing the rows before it. If any row fails, nothing is recorded and every failing row \
            is listed (line number, column, reason); otherwise all rows are appended as one durable batch.
            """)
    static let exits = Bilingual(vi: "0 đã nhập · 1 có dòng bị quy tắc từ chối · 2 đầu vào không dùng được (ô sai, tệp hỏng).",
                                 en: "0 imported · 1 some rows refused by a rule · 2 unusable input (bad cells, bad file).")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let file = Argument("file", ValueReader.file.shown(as: Bilingual(vi: "<tệp.csv>", en: "<file.csv>")), help: Bilingual(
            vi: "tệp chứng từ, lưu dạng CSV UTF-8", en: "the voucher file, saved as CSV UTF-8"))
        let again = Flag("again", help: Bilingual(
            vi: "nhập cả khi đúng tệp này (cùng nội dung từng byte) đã được nhập trước đây",
            en: "import even if this very file (the same bytes) was imported before"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let ws = try Workspace(path: try args[\.workspace])
        let file = try args[\.file]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        let outcome: ImportOutcome
        do { outcome = try journal.importCSV(path: file, displayName: file, again: args[\.again]) }
        catch { if case .alreadyImported = error { throw Refusal(error) }; throw error }
        let vi = lang == .vi
        var warnings: [String] = []
        for w in outcome.warnings { warnings += JournalText.importProblemLines(w, file: file, lang) }
        if outcome.warningCount > outcome.warnings.count {
            warnings.append(vi ? "  … và \(outcome.warningCount - outcome.warnings.count) cảnh báo khác" : "  … and \(outcome.warningCount - outcome.warnings.count) more warnings")
        }
        if !outcome.committed {
            var lines = [vi ? "Không nhập: \(outcome.errorCount) lỗi trong \(outcome.rows) dòng chứng từ; nhật ký không thay đổi."
                            : "Nothing imported: \(outcome.errorCount) problems in \(outcome.rows) voucher rows; the journal is unchanged."]
            for p in outcome.errors { lines += JournalText.importProblemLines(p, file: file, lang) }
            if outcome.errorCount > outcome.errors.count {
                lines.append(vi ? "  … và \(outcome.errorCount - outcome.errors.count) lỗi khác" : "  … and \(outcome.errorCount - outcome.errors.count) more problems")
            }
            if !warnings.isEmpty { lines.append(vi ? "Cảnh báo:" : "Warnings:"); lines += warnings }
            return CommandResult(stderr: lines.joined(separator: "\n") + "\n",
                                 exitCode: outcome.hasInputErrors ? .badInput : .findings)
        }
        var lines = [vi ? "Đã nhập \(outcome.recorded) chứng từ từ \(file): bản ghi \(outcome.firstSeq ?? 0)–\(outcome.lastSeq ?? 0)."
                        : "Imported \(outcome.recorded) vouchers from \(file): records \(outcome.firstSeq ?? 0)–\(outcome.lastSeq ?? 0)."]
        if !warnings.isEmpty { lines.append(vi ? "Cảnh báo:" : "Warnings:"); lines += warnings }
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }
}
