import Foundation
import KinhPhi

/// `kinhphi init <folder> [--name …] [--date dd/mm/yyyy] [--delegates N] [--sessions N]`
enum InitCommand: Command {
    static let name = "init"
    static let summary = Bilingual(vi: "tạo hồ sơ mới cho một hội nghị (conference.csv, estimate.csv mẫu)",
                                   en: "make a new workspace for a conference (sample conference.csv, estimate.csv)")
    static let about = Bilingual(
        vi: """
            Tạo thư mục hồ sơ <thư mục> (hoặc dùng thư mục đó nếu đang trống) với: conference.csv — mọi thông \
            tin của hội nghị, mỗi dòng một trường, cột Ghi chú giải thích ý nghĩa; estimate.csv — dự toán mẫu \
            với các mục thường có của một hội nghị, tiêu đề cột tiếng Việt, thành tiền đã tính sẵn; và \
            mau-van-ban/ — mẫu lời văn tờ trình. Không cần danh mục định mức: chương trình có sẵn (kinhphi norms).
            Hồ sơ vừa tạo thẩm định được ngay (kinhphi appraise <thư mục>). Mở hai tệp CSV bằng Excel, sửa \
            theo hội nghị của mình, lưu lại dạng CSV. Không ghi đè gì: thư mục đã có tệp thì không tạo.
            """,
        en: """
            Makes the workspace folder <folder> (or uses it if it is empty) with: conference.csv — every fact \
            of the conference, one field per row, a Ghi chú column saying what each means; estimate.csv — a \
            sample estimate with the usual sections of a conference, Vietnamese column titles and computed \
            amounts; and mau-van-ban/ — the submission's wording. No catalogue is needed: the program has one \
            built in (kinhphi norms).
            The new workspace appraises at once (kinhphi appraise <folder>). Open the two CSV files in Excel, \
            edit them for your conference and save them as CSV. Nothing is overwritten: a folder that holds \
            anything is refused.
            """)
    static let exits = Bilingual(vi: "0 đã tạo · 2 thư mục đã có tệp, không tạo được, hoặc tùy chọn sai.",
                                 en: "0 made · 2 the folder holds files, cannot be made, or a bad option.")

    struct Options: CommandOptions {
        let folder = Argument("folder", ValueReader.file.shown(as: Bilingual(vi: "<thư mục>", en: "<folder>")), help: Bilingual(
            vi: "thư mục hồ sơ cần tạo (chưa có, hoặc đang trống); thư mục chứa nó phải có sẵn",
            en: "the workspace folder to make (new, or empty); the folder it is in must exist"))
        let conferenceName = DefaultedOption("name", ValueReader.text(Bilingual(vi: "<tên hội nghị>", en: "<name>"),
                                                                      expected: Bilingual(vi: "tên hội nghị", en: "the conference's name")),
                                             default: "Tên hội nghị (sửa trong conference.csv)", help: Bilingual(
            vi: "tên hội nghị ghi vào conference.csv", en: "the conference's name, written into conference.csv"))
        let date = Option("date", .date, help: Bilingual(
            vi: "ngày tổ chức hội nghị; mặc định hôm nay", en: "the conference's date; default today"))
        let delegates = DefaultedOption("delegates", .positiveCount, default: 100, help: Bilingual(
            vi: "số đại biểu dự kiến (dùng cho các dòng mẫu: giấy mời, tài liệu, giải khát)",
            en: "the delegates expected (used by the sample lines: invitations, documents, refreshments)"))
        let sessions = DefaultedOption("sessions", .positiveCount, default: 1, help: Bilingual(
            vi: "số buổi họp (nửa ngày)", en: "the number of half-day sessions"))
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let lang = args.lang
        let folder = try args[\.folder]
        let date: CivilDate
        if let d = try args[\.date] { date = d } else { date = try JournalCLI.settings().today }
        let values = WorkspaceTemplate.Values(name: try args[\.conferenceName], date: date,
                                              delegates: Int64(try args[\.delegates]), sessions: Int64(try args[\.sessions]))
        let written = try WorkspaceTemplate.create(at: folder, values)
        let vi = lang == .vi
        var out: [String] = []
        out.append(vi ? "Đã tạo hồ sơ \(folder):" : "Made the workspace \(folder):")
        for p in written { out.append("  " + p) }
        out.append("")
        out += (vi ? [
            "Tiếp theo:",
            "  1. Mở conference.csv bằng Excel, sửa cột Giá trị (tên, ngày, địa điểm, số đại biểu…); lưu dạng CSV.",
            "  2. Mở estimate.csv, sửa và thêm các dòng chi của hội nghị; lưu dạng CSV.",
            "  3. kinhphi appraise \(folder)      (thẩm định; mã thoát 0 hoặc 1)",
            "Hướng dẫn đầy đủ: docs/huong-dan.md.",
        ] : [
            "Next:",
            "  1. Open conference.csv in Excel, edit the Giá trị column (name, date, place, delegates…); save as CSV.",
            "  2. Open estimate.csv, edit and add the conference's lines; save as CSV.",
            "  3. kinhphi appraise \(folder) --lang en      (appraisal; exit 0 or 1)",
            "The whole guide (Vietnamese): docs/huong-dan.md.",
        ])
        return CommandResult(stdout: out.joined(separator: "\n") + "\n")
    }
}

extension ValueReader where Value == Int {
    /// A whole number from 1 to 100.000 (delegates, sessions).
    static let positiveCount = ValueReader(placeholder: Bilingual(vi: "<số>", en: "<number>")) {
        (s: String) throws(BadValue) -> Int in
        let n: Int64
        do throws(NumberSyntaxError) { n = try NumberParser.count(s) } catch { throw BadValue(problem: .badNumber(error, text: s)) }
        guard (1...100_000).contains(n) else {
            throw BadValue(problem: .badValue(text: s, expected: Bilingual(vi: "một số nguyên từ 1 đến 100.000", en: "a whole number from 1 to 100,000")))
        }
        return Int(n)
    }
}

extension ValueReader where Value == ItemKind {
    /// An item kind: its id or a Vietnamese name (`refreshments`, `giải khát`).
    static let itemKind = ValueReader(placeholder: Bilingual(vi: "<loại chi>", en: "<kind>"), show: \.rawValue) {
        (s: String) throws(BadValue) -> ItemKind in
        guard let k = ItemKind.parse(s) else { throw BadValue(problem: .badValue(text: s, expected: ItemKind.expected)) }
        return k
    }
}
