import KinhPhi

// The usage line and the `--help` text of a command, and the list of `kinhphi --help`, generated from the
// declarations: Vietnamese by default, English with `--lang en` (the `LANG` environment variable is not
// read; docs/decisions.md).

enum Help {
    /// Lines are wrapped to this many characters (the width of the text reports).
    static let width = 100

    /// `kinhphi approve <hồ sơ> --decision <số quyết định> … [--lang vi|en]` after `prefix`, wrapped at
    /// `width`; continuation lines start under the first argument.
    static func synopsis<C: Command>(_ command: C.Type, _ lang: Language, prefix: String) -> [String] {
        let head = prefix + "kinhphi \(C.name)"
        var items: [String] = []
        let specs = C.Options().declarations + CommonOptions().declarations
        for s in specs where s.isPositional { items.append(s.label(lang)) }
        for s in specs where !s.isPositional && s.short == nil {
            switch s.role {
            case .required: items.append(s.label(lang))
            case .repeated: items.append("[\(s.label(lang))]…")
            case .single, .flag, .positional, .variadic: items.append("[\(s.label(lang))]")
            }
        }
        let indent = String(repeating: " ", count: head.count + 1)
        var lines: [String] = []
        var current = head
        for item in items {
            if current.count + 1 + item.count > width && current.count > indent.count {
                lines.append(current)
                current = indent + item
            } else {
                current += " " + item
            }
        }
        lines.append(current)
        return lines
    }

    /// What follows a usage error that shows the usage: the usage line and where the whole help is.
    static func usageFooter<C: Command>(_ command: C.Type, _ lang: Language) -> String {
        var lines = synopsis(command, lang, prefix: lang == .vi ? "Cách dùng: " : "Usage: ")
        lines.append(lang == .vi ? "Hướng dẫn đầy đủ: kinhphi \(C.name) --help" : "Full help: kinhphi \(C.name) --help --lang en")
        return lines.joined(separator: "\n")
    }

    /// The whole `kinhphi <command> --help`.
    static func text<C: Command>(_ command: C.Type, _ lang: Language) -> String {
        let vi = lang == .vi
        var out: [String] = ["kinhphi \(C.name) — \(C.summary.text(lang))", "", vi ? "Cách dùng:" : "Usage:"]
        out += synopsis(command, lang, prefix: "  ")
        for paragraph in C.about.text(lang).split(separator: "\n") {
            out.append("")
            out += TextLayout.wrap(String(paragraph), width - 2).map { "  " + $0 }
        }
        let specs = C.Options().declarations
        let positionals = specs.filter(\.isPositional)
        let options = specs.filter { !$0.isPositional } + CommonOptions().declarations
        if !positionals.isEmpty {
            out += ["", vi ? "Tham số:" : "Arguments:"]
            out += table(positionals, lang)
        }
        out += ["", vi ? "Tùy chọn:" : "Options:"]
        out += table(options, lang)
        out.append("")
        out += TextLayout.wrap((vi ? "Mã thoát: " : "Exit codes: ") + C.exits.text(lang), width)
        return out.joined(separator: "\n") + "\n"
    }

    /// Two columns: the label, and what it means (wrapped under itself).
    static func table(_ specs: [DeclarationSpec], _ lang: Language) -> [String] {
        let vi = lang == .vi
        let column = min(specs.map { $0.label(lang).count }.max() ?? 0, 30) + 4
        var out: [String] = []
        for s in specs {
            var meaning = s.help.text(lang)
            if s.role == .required { meaning = (vi ? "bắt buộc: " : "required: ") + meaning }
            if s.role == .repeated { meaning += vi ? "; dùng được nhiều lần" : "; may be repeated" }
            if s.role == .variadic { meaning += vi ? "; một hoặc nhiều" : "; one or more" }
            if let d = s.defaultText { meaning += vi ? "; mặc định: \(d)" : "; default: \(d)" }
            let label = "  " + s.label(lang)
            let wrapped = TextLayout.wrap(meaning, width - column)
            let pad = String(repeating: " ", count: column)
            if label.count + 2 > column {
                out.append(label)
                out += wrapped.map { pad + $0 }
            } else {
                out.append(TextLayout.pad(label, column) + wrapped[0])
                out += wrapped.dropFirst().map { pad + $0 }
            }
        }
        return out
    }

    /// `kinhphi --help`: the commands, in the registry's order.
    static func top(_ lang: Language) -> String {
        var out = lang == .vi
            ? "kinhphi — kinh phí hội nghị: lập dự toán, thẩm định, ghi chi, quyết toán\n\nCách dùng: kinhphi <lệnh> <thư mục hồ sơ> [tùy chọn]\n\nCác lệnh:\n"
            : "kinhphi — conference funds: estimate, appraisal, spending, settlement\n\nUsage: kinhphi <command> <workspace> [options]\n\nCommands:\n"
        let column = (allCommands.map { $0.name.count }.max() ?? 10) + 1
        for c in allCommands { out += "  " + TextLayout.pad(c.name, column) + " " + c.summary.text(lang) + "\n" }
        out += lang == .vi
            ? "\nMỗi lệnh có --help (kinhphi <lệnh> --help). Tùy chọn chung: --lang vi|en (mặc định vi).\n"
            : "\nEvery command has --help (kinhphi <command> --help). Common option: --lang vi|en (default vi).\n"
        return out
    }
}
