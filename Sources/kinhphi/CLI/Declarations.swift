import KinhPhi

// What a command accepts is declared once, as typed values: an `Argument` (a positional), an `Option`
// (last value wins), a `RequiredOption`, a `DefaultedOption`, a `RepeatedOption` (every value counts) or a
// `Flag`. A command's declarations are the stored properties of its `Options` struct; the parser, the
// usage line, the `--help` text and the typed reads (`args[\.csv]`) all come from them, so what a command
// accepts and what its help says cannot disagree, and a misspelt option does not compile.

/// A value on the command line that cannot be used: the library's own description of the problem
/// (`InputProblem`), so a bad option value reads like a bad cell: `--date: ngày "31/02/2025" không hợp lệ …`.
struct BadValue: Error {
    let problem: InputProblem
}

/// How a value is written in the usage line and help, and how a text becomes a value.
struct ValueReader<Value: Sendable>: Sendable {
    /// `<dd/mm/yyyy>`, `text|csv|json`, `<tệp>` / `<file>`.
    let placeholder: Bilingual
    /// How a default value is shown in the help.
    let show: @Sendable (Value) -> String
    let read: @Sendable (String) throws(BadValue) -> Value

    init(placeholder: Bilingual, show: @escaping @Sendable (Value) -> String = { "\($0)" },
         read: @escaping @Sendable (String) throws(BadValue) -> Value) {
        self.placeholder = placeholder; self.show = show; self.read = read
    }

    /// The same text with another placeholder.
    func shown(as placeholder: Bilingual) -> ValueReader<Value> {
        ValueReader(placeholder: placeholder, show: show, read: read)
    }
}

extension ValueReader where Value == String {
    /// Any text that is not blank (a value given must say something; leave the option out instead).
    static func text(_ placeholder: Bilingual, expected: Bilingual) -> ValueReader<String> {
        ValueReader(placeholder: placeholder) { (s: String) throws(BadValue) -> String in
            guard !NumberParser.trimSpaces(s).isEmpty else { throw BadValue(problem: .badValue(text: s, expected: expected)) }
            return s
        }
    }

    /// A path to a file (its existence is checked by whoever opens it, who names the file).
    static let file = ValueReader.text(Bilingual(vi: "<tệp>", en: "<file>"),
                                       expected: Bilingual(vi: "đường dẫn một tệp", en: "the path of a file"))
}

extension ValueReader where Value == CivilDate {
    /// `dd/mm/yyyy` (also `d/m/yyyy` and ISO `yyyy-mm-dd`).
    static let date = ValueReader(placeholder: Bilingual(vi: "<dd/mm/yyyy>", en: "<dd/mm/yyyy>"), show: { $0.description }) {
        (s: String) throws(BadValue) -> CivilDate in
        guard let d = CivilDate.parse(s) else { throw BadValue(problem: .badDate(text: s)) }
        return d
    }
}

extension ValueReader where Value == Money {
    /// Whole đồng, `1.500.000` or `1500000`; negative allowed (`words` reads it with "Âm").
    static let signedMoney = ValueReader(placeholder: Bilingual(vi: "<số tiền>", en: "<amount>")) {
        (s: String) throws(BadValue) -> Money in
        do throws(NumberSyntaxError) { return try NumberParser.money(s, allowNegative: true) } catch { throw BadValue(problem: .badNumber(error, text: s)) }
    }
}

extension ValueReader where Value == Int {
    /// A budget year: 2000 to 2099.
    static let year = ValueReader(placeholder: Bilingual(vi: "<năm>", en: "<year>")) {
        (s: String) throws(BadValue) -> Int in
        guard let n = Int(s), (2000...2099).contains(n) else {
            throw BadValue(problem: .badValue(text: s, expected: Bilingual(vi: "một năm ngân sách từ 2000 đến 2099 (ví dụ 2025)", en: "a budget year from 2000 to 2099 (e.g. 2025)")))
        }
        return n
    }

    /// The width of a text report in columns (characters): 60 to 400.
    static let columns = ValueReader(placeholder: Bilingual(vi: "<số cột>", en: "<columns>")) {
        (s: String) throws(BadValue) -> Int in
        guard let n = Int(s), (60...400).contains(n) else {
            throw BadValue(problem: .badValue(text: s, expected: Bilingual(vi: "số cột từ 60 đến 400 (ví dụ 80, 132)", en: "a number of columns from 60 to 400 (e.g. 80, 132)")))
        }
        return n
    }
}

extension ValueReader {
    /// One of the cases of a string enum, case-insensitively: `text|csv|json`.
    static func choice(_ type: Value.Type) -> ValueReader<Value> where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        let expected = Bilingual(vi: ValueReader.list(names, "hoặc"), en: ValueReader.list(names, "or"))
        return ValueReader(placeholder: Bilingual(vi: names.joined(separator: "|"), en: names.joined(separator: "|")), show: \.rawValue) {
            (s: String) throws(BadValue) -> Value in
            guard let v = Value(rawValue: s.lowercased()) else { throw BadValue(problem: .badValue(text: s, expected: expected)) }
            return v
        }
    }

    /// "a, b hoặc c" / "a, b or c".
    static func list(_ names: [String], _ or: String) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " \(or) " + (names.last ?? "")
    }
}

// MARK: - Declarations

/// What the parser, the usage line and the help need to know of one declaration, whatever its type.
struct DeclarationSpec: Sendable {
    enum Role: Sendable, Equatable {
        /// A positional argument, in declaration order.
        case positional
        /// One or more positionals (at most one such declaration per command): the words the fixed
        /// positionals before and after it leave.
        case variadic
        /// No value: present or not.
        case flag
        /// `--name value`; the last one given counts.
        case single
        /// `--name value`, which must be given.
        case required
        /// `--name value`, every one given counts.
        case repeated
    }

    /// The option's name without `--` (`vouchers-csv`); a positional's key (`workspace`).
    let name: String
    let role: Role
    /// How the value is written (empty for a flag); for a positional, the whole of it: `<hồ sơ>`.
    let placeholder: Bilingual
    let help: Bilingual
    /// The default value as the help shows it.
    let defaultText: String?
    /// A one-letter alias (`-h`).
    let short: Character?
    /// Checks a value as given; nil when it can be used.
    let check: @Sendable (String) -> InputProblem?

    var takesValue: Bool { role == .single || role == .required || role == .repeated }

    /// A positional, fixed or variadic.
    var isPositional: Bool { role == .positional || role == .variadic }

    /// `--date <dd/mm/yyyy>`, `--draft`, `-h, --help`, `<hồ sơ>`.
    func label(_ lang: Language) -> String {
        switch role {
        case .positional: return placeholder.text(lang)
        case .variadic: return placeholder.text(lang) + "…"
        case .flag: return (short.map { "-\($0), " } ?? "") + "--" + name
        case .single, .required, .repeated: return "--\(name) \(placeholder.text(lang))"
        }
    }

    /// How the problem is named in a message: `--date`, `<số bản ghi>`.
    func subject(_ lang: Language) -> String { isPositional ? placeholder.text(lang) : "--" + name }

    static func checker<V>(_ reader: ValueReader<V>) -> @Sendable (String) -> InputProblem? {
        { (s: String) -> InputProblem? in
            do throws(BadValue) { _ = try reader.read(s); return nil } catch { return error.problem }
        }
    }
}

/// One declaration of a command (what the parser reads from a command's `Options`).
protocol Declaration: Sendable {
    var spec: DeclarationSpec { get }
}

/// Several declarations kept together (the `record` flags, one per voucher column).
protocol DeclarationGroup: Sendable {
    var specs: [DeclarationSpec] { get }
}

/// A positional argument: `args[\.workspace]` is its value.
struct Argument<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    init(_ key: String, _ reader: ValueReader<Value>, help: Bilingual) {
        self.reader = reader
        spec = DeclarationSpec(name: key, role: .positional, placeholder: reader.placeholder, help: help, defaultText: nil,
                               short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// One or more positionals: `args[\.folders]` is every one given, in order.
struct VariadicArgument<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    init(_ key: String, _ reader: ValueReader<Value>, help: Bilingual) {
        self.reader = reader
        spec = DeclarationSpec(name: key, role: .variadic, placeholder: reader.placeholder, help: help, defaultText: nil,
                               short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// `--name value`, optional; `args[\.csv]` is the last value given, or nil.
struct Option<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    init(_ name: String, _ reader: ValueReader<Value>, help: Bilingual) {
        self.reader = reader
        spec = DeclarationSpec(name: name, role: .single, placeholder: reader.placeholder, help: help, defaultText: nil,
                               short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// `--name value` with a default: `args[\.format]` is the last value given, or the default.
struct DefaultedOption<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    let defaultValue: Value
    init(_ name: String, _ reader: ValueReader<Value>, default defaultValue: Value, help: Bilingual) {
        self.reader = reader; self.defaultValue = defaultValue
        spec = DeclarationSpec(name: name, role: .single, placeholder: reader.placeholder, help: help,
                               defaultText: reader.show(defaultValue), short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// `--name value` that must be given: `args[\.decision]` is the last value given.
struct RequiredOption<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    init(_ name: String, _ reader: ValueReader<Value>, help: Bilingual) {
        self.reader = reader
        spec = DeclarationSpec(name: name, role: .required, placeholder: reader.placeholder, help: help, defaultText: nil,
                               short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// `--name value` that may be repeated: `args[\.linePolicy]` is every value, in order.
struct RepeatedOption<Value: Sendable>: Declaration {
    let spec: DeclarationSpec
    let reader: ValueReader<Value>
    init(_ name: String, _ reader: ValueReader<Value>, help: Bilingual) {
        self.reader = reader
        spec = DeclarationSpec(name: name, role: .repeated, placeholder: reader.placeholder, help: help, defaultText: nil,
                               short: nil, check: DeclarationSpec.checker(reader))
    }
}

/// `--name` without a value: `args[\.draft]` is whether it was given.
struct Flag: Declaration {
    let spec: DeclarationSpec
    init(_ name: String, short: Character? = nil, help: Bilingual) {
        spec = DeclarationSpec(name: name, role: .flag, placeholder: Bilingual(vi: "", en: ""), help: help, defaultText: nil,
                               short: short, check: { _ in nil })
    }
}

/// A command's declarations: the stored properties of a struct, in the order the usage line shows them.
protocol CommandOptions: Sendable {
    init()
}

extension CommandOptions {
    /// Every declaration, read from the stored properties (a group gives all of its own).
    var declarations: [DeclarationSpec] {
        Mirror(reflecting: self).children.flatMap { child -> [DeclarationSpec] in
            if let d = child.value as? any Declaration { return [d.spec] }
            if let g = child.value as? any DeclarationGroup { return g.specs }
            return []
        }
    }
}

/// The options every command accepts, after its own.
struct CommonOptions: CommandOptions {
    let lang = DefaultedOption("lang", .choice(Language.self), default: .vi, help: Bilingual(
        vi: "ngôn ngữ của báo cáo, thông báo và hướng dẫn này: vi (tiếng Việt) hoặc en (tiếng Anh)",
        en: "language of reports, messages and this help: vi (Vietnamese) or en (English)"))
    let help = Flag("help", short: "h", help: Bilingual(vi: "in hướng dẫn này", en: "print this help"))
}

// MARK: - Declarations several commands share

enum Shared {
    static let workspace = Argument("workspace", ValueReader.file.shown(as: Bilingual(vi: "<hồ sơ>", en: "<workspace>")), help: Bilingual(
        vi: "thư mục hồ sơ của hội nghị (chứa conference.csv, estimate.csv và, sau khi duyệt, approved.json, journal.kp)",
        en: "the conference's workspace folder (holding conference.csv, estimate.csv and, once approved, approved.json and journal.kp)"))
    static let format = DefaultedOption("format", .choice(ReportFormat.self), default: .text, help: Bilingual(
        vi: "định dạng: text (bảng để đọc và in), csv (mở bằng Excel) hoặc json",
        en: "output format: text (a table to read and print), csv (for Excel) or json"))
    static let width = DefaultedOption("width", .columns, default: TextLayout.defaultWidth, help: Bilingual(
        vi: "độ rộng báo cáo dạng text, tính bằng ký tự (cột): nội dung chi và lý do xuống dòng cho vừa; 132 cho giấy A4 ngang",
        en: "width of the text report in characters (columns): descriptions and reasons wrap to fit; 132 for landscape A4"))
    static let norms = Option("norms", ValueReader.file, help: Bilingual(
        vi: "danh mục định mức dùng thay cho tệp ghi ở dòng norms của conference.csv (đường dẫn tính từ thư mục hiện tại)",
        en: "the norms catalogue to use instead of the conference file's norms entry (a path from the current folder)"))
    static let budgetCodes = Option("budget-codes", ValueReader.file, help: Bilingual(
        vi: "danh mục mục, tiểu mục dùng thay cho tệp ghi ở dòng budget_codes của conference.csv",
        en: "the budget-code list to use instead of the conference file's budget_codes entry"))
    /// The witness outside the workspace (docs/threat-model.md); KINHPHI_WITNESS, else the per-user default.
    static let witness = Option("witness", ValueReader.file, help: Bilingual(
        vi: "tệp chứng kiến (ngoài hồ sơ) mà mỗi lần ghi nhật ký được ghi thêm vào; mặc định KINHPHI_WITNESS, nếu không có thì ~/.local/state/kinhphi/witness; nhiều người cùng ghi một hồ sơ thì dùng chung một tệp",
        en: "the witness file (outside the workspace) every journal write is appended to; default KINHPHI_WITNESS, else ~/.local/state/kinhphi/witness; people writing one workspace share one file"))
    static let witnessKey = Option("witness-key", ValueReader.file, help: Bilingual(
        vi: "tệp khóa (ít nhất 16 byte, ngoài hồ sơ) để ký HMAC-SHA256 các dòng của tệp chứng kiến; mặc định KINHPHI_WITNESS_KEY",
        en: "a key file (at least 16 bytes, outside the workspace) to sign the witness's entries with HMAC-SHA256; default KINHPHI_WITNESS_KEY"))
}
