// Errors about input files: every one names the file, the line (record) and the field, in words a
// finance officer understands. The CLI maps them to exit code 2.

/// Where in the input something is.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user named it (or a short name such as "conference.csv").
    public var file: String
    /// 1-based physical line of the record's start; nil for whole-file problems.
    public var line: Int?
    /// The column (header name) or field.
    public var field: String?

    public init(file: String, line: Int? = nil, field: String? = nil) {
        self.file = file; self.line = line; self.field = field
    }

    public func describe(_ lang: Language) -> String {
        var parts = [file]
        if let line { parts.append(lang == .vi ? "dòng \(line)" : "line \(line)") }
        if let field { parts.append(lang == .vi ? "cột \"\(field)\"" : "column \"\(field)\"") }
        return parts.joined(separator: ", ")
    }

    public var description: String { describe(.en) }
}

/// Why a piece of input cannot be used.
public enum InputProblem: Sendable, Equatable {
    case fileNotFound
    case notAFile
    case folderNotFound
    case notAFolder
    case unreadable(String)
    case emptyFile
    case notUTF8(byteOffset: Int)
    /// The file starts with a UTF-16 byte-order mark (FF FE or FE FF): Excel's "Unicode Text".
    case utf16BOM
    /// A NUL byte (0x00): never in a CSV file; UTF-16 without a BOM, or a binary file.
    case nulByte(byteOffset: Int)
    case unterminatedQuote
    case missingColumn(String)
    case duplicateColumn(String)
    case badNumber(NumberSyntaxError, text: String)
    case badMoney(MoneyError)
    case badDate(text: String)
    case badValue(text: String, expected: Bilingual)
    case required
    case unknownReference(kind: Bilingual, id: String)
    case duplicate(kind: Bilingual, id: String, firstLine: Int?)
    case inconsistent(Bilingual)
}

/// A problem with input, at a place. Nothing is recorded when one is thrown.
public struct InputError: Error, Sendable, Equatable, Localized {
    public var location: SourceLocation
    public var problem: InputProblem
    /// What was probably meant, or how to put it right, when the reader can tell (the names a missing
    /// column may have, where a missing file's path came from, a file read as one column): printed after
    /// the problem, "; " between.
    public var hint: Bilingual?

    public init(_ location: SourceLocation, _ problem: InputProblem) {
        self.location = location; self.problem = problem; self.hint = nil
    }

    public init(_ location: SourceLocation, _ problem: InputProblem, hint: Bilingual?) {
        self.location = location; self.problem = problem; self.hint = hint
    }

    /// The same error with a hint added (after any it has).
    public func hinted(_ more: Bilingual?) -> InputError {
        guard let more else { return self }
        var e = self
        e.hint = hint.map { Bilingual(vi: $0.vi + "; " + more.vi, en: $0.en + "; " + more.en) } ?? more
        return e
    }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        let place = location.describe(lang)
        let what: String
        switch problem {
        case .fileNotFound: what = vi ? "không tìm thấy tệp" : "file not found"
        case .notAFile: what = vi ? "đây là thư mục, không phải tệp" : "this is a folder, not a file"
        case .folderNotFound: what = vi ? "không tìm thấy thư mục hồ sơ (workspace)" : "workspace folder not found"
        case .notAFolder: what = vi ? "đây là một tệp, không phải thư mục hồ sơ (workspace)" : "this is a file, not a workspace folder"
        case .unreadable(let why): what = (vi ? "không đọc được tệp: " : "cannot read the file: ") + why
        case .emptyFile: what = vi ? "tệp rỗng" : "the file is empty"
        case .notUTF8(let off):
            what = vi ? "tệp không phải văn bản UTF-8 (byte lỗi ở vị trí \(off)); hãy lưu lại dạng \"CSV UTF-8\""
                      : "the file is not UTF-8 text (bad byte at offset \(off)); save it as \"CSV UTF-8\""
        case .utf16BOM:
            what = vi ? "tệp là văn bản UTF-16 (\"Unicode Text\" của Excel), không phải UTF-8; hãy lưu lại dạng \"CSV UTF-8\""
                      : "the file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; save it as \"CSV UTF-8\""
        case .nulByte(let off):
            what = vi ? "tệp có byte 0 (NUL) ở vị trí \(off), không phải văn bản UTF-8 (có lẽ là UTF-16 hoặc tệp nhị phân); hãy lưu lại dạng \"CSV UTF-8\""
                      : "the file holds a NUL byte at offset \(off), so it is not UTF-8 text (UTF-16 or a binary file?); save it as \"CSV UTF-8\""
        case .unterminatedQuote: what = vi ? "dấu ngoặc kép mở mà không đóng" : "a quoted cell is never closed"
        case .missingColumn(let c): what = vi ? "thiếu cột bắt buộc \"\(c)\"" : "required column \"\(c)\" is missing"
        case .duplicateColumn(let c): what = vi ? "cột \"\(c)\" xuất hiện hai lần" : "column \"\(c)\" appears twice"
        case .badNumber(let e, let text0):
            let text = InputError.visible(text0)
            what = (vi ? "số \"\(text)\" không hợp lệ: " : "invalid number \"\(text)\": ") + e.message(lang)
        case .badMoney(let e): what = e.message(lang)
        case .badDate(let text0):
            let text = InputError.visible(text0)
            what = vi ? "ngày \"\(text)\" không hợp lệ (viết dd/mm/yyyy, ví dụ 15/11/2025)"
                      : "invalid date \"\(text)\" (write dd/mm/yyyy, e.g. 15/11/2025)"
        case .badValue(let text0, let expected):
            let text = InputError.visible(text0)
            what = vi ? "giá trị \"\(text)\" không hợp lệ; cần \(expected.vi)" : "invalid value \"\(text)\"; expected \(expected.en)"
        case .required: what = vi ? "ô bắt buộc nhưng để trống" : "required cell is empty"
        case .unknownReference(let kind, let id0):
            let id = InputError.visible(id0)
            what = vi ? "không có \(kind.vi) \"\(id)\"" : "unknown \(kind.en) \"\(id)\""
        case .duplicate(let kind, let id0, let first):
            let id = InputError.visible(id0)
            let firstText = first.map { vi ? " (đã có ở dòng \($0))" : " (already on line \($0))" } ?? ""
            what = vi ? "\(kind.vi) \"\(id)\" bị trùng\(firstText)" : "duplicate \(kind.en) \"\(id)\"\(firstText)"
        case .inconsistent(let b): what = b.text(lang)
        }
        if let hint { return "\(place): \(what); \(hint.text(lang))" }
        return "\(place): \(what)"
    }

    /// User text as a message may show it: control characters (C0, DEL, C1 — which could move the cursor
    /// or rewrite a terminal when the message is printed), bidirectional controls, line separators and
    /// invisible characters (a byte-order mark U+FEFF inside the text, zero-width spaces) are written as
    /// `\xNN` / `\u{NNNN}` (`TextSafety.visible`, the one escape).
    public static func visible(_ s: String) -> String { TextSafety.visible(s) }
}
