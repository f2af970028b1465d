import Foundation
import XCTest

/// `--help` of every command the program lists — the list is read from the binary's own `kinhphi --help`,
/// never written here — in Vietnamese (the default) and in English (`--lang en`).
final class HelpTests: XCTestCase {
    /// The command names and summaries under "Các lệnh:" / "Commands:" of `kinhphi --help`.
    static func listedCommands(_ lang: String) throws -> [(name: String, summary: String)] {
        let r = try CLI.run(["--help", "--lang", lang])
        XCTAssertEqual(r.code, 0, r.stderr)
        let lines = r.stdout.components(separatedBy: "\n")
        let title = lang == "vi" ? "Các lệnh:" : "Commands:"
        guard let start = lines.firstIndex(of: title) else {
            XCTFail("kinhphi --help --lang \(lang) has no \"\(title)\" section:\n\(r.stdout)")
            return []
        }
        var out: [(String, String)] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            let trimmed = line.drop { $0 == " " }
            guard let space = trimmed.firstIndex(of: " ") else { XCTFail("command line without a summary: \(line)"); continue }
            out.append((String(trimmed[..<space]), String(trimmed[space...].drop { $0 == " " })))
        }
        return out
    }

    /// The sections of a command's help: the lines under a heading, up to the next blank line.
    static func section(_ help: String, _ heading: String) -> [String] {
        let lines = help.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    /// The options of a command's help table, in order: name, placeholder (nil for a flag) and meaning.
    static func options(_ help: String, lang: String) -> [(name: String, placeholder: String?, meaning: String)] {
        var out: [(name: String, placeholder: String?, meaning: String)] = []
        for line in section(help, lang == "vi" ? "Tùy chọn:" : "Options:") {
            // A label starts two spaces in; the lines that continue a meaning are indented further.
            guard line.hasPrefix("  -"), !line.hasPrefix("   ") else {
                if let last = out.popLast() {
                    let more = line.trimmingCharacters(in: .whitespaces)
                    out.append((last.name, last.placeholder, last.meaning.isEmpty ? more : last.meaning + " " + more))
                }
                continue
            }
            var label = String(line.dropFirst(2)), meaning = ""
            if let gap = label.range(of: "  ") {
                meaning = label[gap.upperBound...].trimmingCharacters(in: .whitespaces)
                label = String(label[..<gap.lowerBound])
            }
            if label.hasPrefix("-h, ") { label = String(label.dropFirst(4)) }
            if let space = label.firstIndex(of: " ") {
                out.append((String(label[..<space]), String(label[label.index(after: space)...]), meaning))
            } else {
                out.append((label, nil, meaning))
            }
        }
        return out
    }

    func testTheListIsTheSameInBothLanguagesAndNotEmpty() throws {
        let vi = try HelpTests.listedCommands("vi"), en = try HelpTests.listedCommands("en")
        XCTAssertFalse(vi.isEmpty)
        XCTAssertEqual(vi.map(\.name), en.map(\.name))
        XCTAssertEqual(Set(vi.map(\.name)).count, vi.count, "a command listed twice")
        // A summary is in its language: the Vietnamese and English lists differ line by line.
        for (v, e) in zip(vi, en) { XCTAssertNotEqual(v.summary, e.summary, v.name) }
    }

    func testEveryListedCommandHasItsHelpInVietnameseByDefaultAndInEnglish() throws {
        for lang in ["vi", "en"] {
            let vi = lang == "vi"
            for (name, summary) in try HelpTests.listedCommands(lang) {
                let args = [name, "--help"] + (vi ? [] : ["--lang", "en"])
                let r = try CLI.run(args)
                XCTAssertEqual(r.code, 0, "\(args): \(r.stderr)")
                XCTAssertEqual(r.stderr, "", "\(args)")
                let lines = r.stdout.components(separatedBy: "\n")
                XCTAssertEqual(lines.first, "kinhphi \(name) — \(summary)", "\(args): the summary of the list heads the help")
                for heading in vi ? ["Cách dùng:", "Tùy chọn:"] : ["Usage:", "Options:"] {
                    XCTAssertTrue(lines.contains(heading), "\(args) has no \(heading)")
                }
                let usage = HelpTests.section(r.stdout, vi ? "Cách dùng:" : "Usage:")
                XCTAssertTrue(usage.first?.hasPrefix("  kinhphi \(name) ") == true, "\(args): usage line \(usage)")
                XCTAssertTrue(lines.contains { $0.hasPrefix(vi ? "Mã thoát: 0" : "Exit codes: 0") }, "\(args) lists its exit codes")
                // No heading or word of the help's frame in the other language.
                let foreign = vi ? ["Usage:", "Options:", "Arguments:", "Exit codes:", "required:", "default:", "print this help"]
                                 : ["Cách dùng:", "Tùy chọn:", "Tham số:", "Mã thoát:", "bắt buộc:", "mặc định:", "in hướng dẫn này"]
                for word in foreign { XCTAssertFalse(r.stdout.contains(word), "\(args) contains \"\(word)\"") }
                // Every line fits the 100 columns of the reports.
                for line in lines { XCTAssertLessThanOrEqual(line.count, 100, "\(args): \(line)") }
                // -h and `kinhphi help <command>` say the same.
                let short = try CLI.run([name, "-h"] + (vi ? [] : ["--lang", "en"]))
                XCTAssertEqual(short.stdout, r.stdout, "\(name) -h")
                let viaHelp = try CLI.run(["help", name] + (vi ? [] : ["--lang", "en"]))
                XCTAssertEqual(viaHelp.code, 0)
                XCTAssertEqual(viaHelp.stdout, r.stdout, "kinhphi help \(name)")
            }
        }
    }

    func testTheTwoLanguagesOfEachHelpDiffer() throws {
        for (name, _) in try HelpTests.listedCommands("vi") {
            let vi = try CLI.run([name, "--help"]), en = try CLI.run([name, "--help", "--lang", "en"])
            XCTAssertNotEqual(vi.stdout, en.stdout, name)
            // The same options in the same order in both (only their words are translated).
            XCTAssertEqual(HelpTests.options(vi.stdout, lang: "vi").map(\.name), HelpTests.options(en.stdout, lang: "en").map(\.name), name)
            // `--lang=en`, `--lang EN` and `--lang en` before `--help` say the same.
            XCTAssertEqual(try CLI.run([name, "--lang=en", "--help"]).stdout, en.stdout, name)
            XCTAssertEqual(try CLI.run([name, "--lang", "EN", "-h"]).stdout, en.stdout, name)
        }
    }

    /// The options the help lists are the ones the command accepts, and the usage line names them all.
    func testEveryOptionTheHelpListsIsAcceptedAndInTheUsageLine() throws {
        for (name, _) in try HelpTests.listedCommands("vi") {
            let help = try CLI.run([name, "--help"]).stdout
            let options = HelpTests.options(help, lang: "vi")
            XCTAssertTrue(options.contains { $0.name == "--lang" && $0.placeholder == "vi|en" }, "\(name) has --lang vi|en")
            XCTAssertTrue(options.contains { $0.name == "--help" && $0.placeholder == nil }, "\(name) has -h, --help")
            XCTAssertEqual(Set(options.map(\.name)).count, options.count, "\(name): an option listed twice")
            let usage = HelpTests.section(help, "Cách dùng:").joined(separator: " ")
            for o in options where o.name != "--help" {
                let shown = o.placeholder.map { "\(o.name) \($0)" } ?? o.name
                XCTAssertTrue(usage.contains(shown), "\(name): the usage line lacks \(shown)")
                // Given with a value (or none, for a flag), the option is known: any complaint is about
                // something else than an unknown option.
                let r = try CLI.run([name, o.placeholder == nil ? o.name : o.name + "=x"])
                XCTAssertFalse(r.stderr.contains("không có tùy chọn"), "\(name) \(o.name): \(r.stderr)")
            }
            // The usage line names no option the table lacks.
            let named = Set(usage.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]…")) }.filter { $0.hasPrefix("--") })
            XCTAssertEqual(named, Set(options.map(\.name)).subtracting(["--help"]), name)
            // The control: an option no command has is refused as unknown.
            let unknown = try CLI.run([name, "--khong-co-tuy-chon-nay"])
            XCTAssertEqual(unknown.code, 2)
            XCTAssertEqual(unknown.stderr, "kinhphi: không có tùy chọn --khong-co-tuy-chon-nay (xem --help)\n", name)
        }
    }

    /// docs/cli.md shows each listed command's usage line as the binary prints it in English.
    func testDocsShowEveryCommandsUsageLine() throws {
        let doc = try String(contentsOf: CLI.repoRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        for (name, _) in try HelpTests.listedCommands("en") {
            let help = try CLI.run([name, "--help", "--lang", "en"]).stdout
            let usage = HelpTests.section(help, "Usage:").map { String($0.dropFirst(2)) }.joined(separator: "\n")
            XCTAssertTrue(doc.contains("### `\(name)`"), "docs/cli.md has no section for \(name)")
            XCTAssertTrue(doc.contains("```\n" + usage + "\n```"), "docs/cli.md does not show the usage of \(name):\n\(usage)")
        }
    }

    func testTopLevelHelp() throws {
        let vi = try CLI.run(["--help"])
        XCTAssertEqual(vi.code, 0)
        XCTAssertTrue(vi.stdout.hasPrefix("kinhphi — kinh phí hội nghị"), vi.stdout)
        XCTAssertEqual(try CLI.run(["-h"]).stdout, vi.stdout)
        XCTAssertEqual(try CLI.run(["help"]).stdout, vi.stdout)
        let en = try CLI.run(["--help", "--lang", "en"])
        XCTAssertEqual(en.code, 0)
        XCTAssertTrue(en.stdout.hasPrefix("kinhphi — conference funds"), en.stdout)
        XCTAssertEqual(try CLI.run(["--lang", "en", "--help"]).stdout, en.stdout)
        XCTAssertEqual(try CLI.run(["help", "--lang=en"]).stdout, en.stdout)
        // No command at all: the list on stderr, exit 2.
        let none = try CLI.run([])
        XCTAssertEqual(none.code, 2)
        XCTAssertEqual(none.stdout, "")
        XCTAssertEqual(none.stderr, vi.stdout)
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.code, 0)
        XCTAssertEqual(version.stdout, "kinhphi 0.1.0\n")
        let unknown = try CLI.run(["help", "xoa"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertEqual(unknown.stderr, "kinhphi: không có lệnh \"xoa\" (xem kinhphi --help)\n")
    }
}
