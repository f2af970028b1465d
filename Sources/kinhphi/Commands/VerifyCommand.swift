import Foundation
import KinhPhi

/// `kinhphi verify <workspace>`
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = Bilingual(vi: "kiểm tra toàn vẹn nhật ký (chuỗi SHA-256)", en: "check the journal's integrity (SHA-256 chain)")
    static let about = Bilingual(
        vi: """
            Đọc lại mọi bản ghi, tính lại SHA-256, kiểm tra số thứ tự và chuỗi liên kết từ approved.json đến bản \
            ghi cuối, và ý nghĩa của các bản ghi; mỗi phiên bản dự toán điều chỉnh (approved-<n>.json) phải khớp \
            SHA-256 ghi ở bản ghi điều chỉnh của nó. Nêu bản ghi hỏng đầu tiên, hoặc báo bản ghi cuối bị ghi dở \
            (khi đó chạy kinhphi repair <hồ sơ>). Báo cả khi conference.csv hay estimate.csv đã khác lúc duyệt.
            """,
        en: """
            Re-reads every record, recomputes its SHA-256, checks seq and the prev links from approved.json to \
            the last record, and the records' meaning; each adjusted budget version (approved-<n>.json) must \
            match the SHA-256 its adjustment record names. Names the first bad record, or says the tail is torn \
            (then run kinhphi repair <workspace>). Also reports a conference.csv or estimate.csv that differs \
            from what was approved.
            """)
    static let exits = Bilingual(vi: "0 nguyên vẹn · 1 bản ghi cuối ghi dở, có bản ghi hỏng, hoặc conference.csv/estimate.csv khác lúc duyệt · 2 đầu vào không dùng được.",
                                 en: "0 intact · 1 torn tail, a bad record, or conference.csv/estimate.csv differing from the approval · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let anchor = RepeatedOption("anchor", .anchor, help: Bilingual(
            vi: "mốc ghi trên giấy (số bản ghi:hash, như in trên bản quyết toán): kiểm tra nhật ký vẫn giữ đúng các bản ghi đến mốc đó; có thể nêu nhiều lần",
            en: "an anchor written on paper (records:hash, as printed on the settlement): checks that the journal still holds exactly the records up to it; may be repeated"))
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let anchors = try args[\.anchor]
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        let result = try journal.verify(anchors: anchors)
        func sources(_ lang: Language) -> String { result.sources.map { "; " + $0.message(lang) }.joined() }
        guard result.isOK else { throw Refusal(Bilingual(vi: result.report(.vi) + sources(.vi), en: result.report(.en) + sources(.en))) }
        guard result.isClean else {
            // The chain holds; the files the approval rests on do not (exit 1, one message: what changed,
            // then that the journal itself is intact).
            func text(_ lang: Language) -> String { result.sources.map { $0.message(lang) }.joined(separator: "; ") + " — " + result.report(lang) }
            throw Refusal(Bilingual(vi: text(.vi), en: text(.en)))
        }
        return CommandResult(stdout: result.report(args.lang) + "\n")
    }
}

extension ValueReader where Value == JournalAnchor {
    /// `<records>:<hash>` — the record count and (at least the first 16 hex digits of) the head hash.
    static let anchor = ValueReader(placeholder: Bilingual(vi: "<số bản ghi>:<hash>", en: "<records>:<hash>"), show: { "\($0.seq):\($0.hashPrefix)" }) {
        (s: String) throws(BadValue) -> JournalAnchor in
        guard let a = JournalAnchor.parse(s) else {
            throw BadValue(problem: .badValue(text: s, expected: Bilingual(
                vi: "số bản ghi, dấu hai chấm, rồi hash của bản ghi đó (ít nhất 16 chữ số hex), ví dụ 40:6d1c0be2a4f3e19c",
                en: "a record count, a colon, then that record's hash (16 hex digits at least), e.g. 40:6d1c0be2a4f3e19c")))
        }
        return a
    }
}
