import Foundation
import XCTest

/// How the command line is read (docs/cli.md § General usage): unknown options, missing values, `--`,
/// `--help` where it is and is not help, repeated options, the `=` form, positionals, required options;
/// and a bad value for every option that takes one, for every command the program lists.
final class OptionParsingTests: XCTestCase {
    let good = "fixtures/hoi-nghi-chuyen-gia-2025"
    let clock = CLI.clock

    /// Asserts a usage error: exit 2, nothing on stdout, and stderr's first line exactly `first`.
    func assertUsageError(_ args: [String], _ first: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLI.run(args, env: clock)
        XCTAssertEqual(r.code, 2, "\(args): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", "\(args)", file: file, line: line)
        XCTAssertEqual(r.stderr.components(separatedBy: "\n").first, first, "\(args)", file: file, line: line)
    }

    // MARK: Options the command does not have, values that are missing

    func testUnknownOptionIsAUsageErrorInEitherForm() throws {
        try assertUsageError(["appraise", good, "--colour"], "kinhphi: không có tùy chọn --colour (xem --help)")
        try assertUsageError(["appraise", good, "--colour=red"], "kinhphi: không có tùy chọn --colour (xem --help)")
        // The message is in the language asked for, wherever --lang stands.
        try assertUsageError(["appraise", good, "--colour", "--lang", "en"], "kinhphi: unknown option --colour (see --help)")
        // An option of another command is unknown here.
        try assertUsageError(["words", "5", "--draft"], "kinhphi: không có tùy chọn --draft (xem --help)")
    }

    func testMissingValue() throws {
        try assertUsageError(["status", good, "--as-of"], "kinhphi: --as-of cần một giá trị")
        // A word that stands for an option is not taken as a value; it is used up by the problem (so this
        // --lang does not count, and the message stays Vietnamese).
        try assertUsageError(["status", good, "--as-of", "--lang", "en"],
                             "kinhphi: --as-of cần một giá trị; \"--lang\" là một tùy chọn (nếu đó đúng là giá trị, viết --as-of=--lang)")
        try assertUsageError(["status", good, "--lang", "en", "--as-of", "--format"],
                             "kinhphi: --as-of needs a value; \"--format\" is an option (if it is the value, write --as-of=--format)")
        // A flag takes no value.
        try assertUsageError(["settle", good, "--draft=yes"], "kinhphi: --draft không nhận giá trị")
        try assertUsageError(["appraise", good, "--help=yes"], "kinhphi: --help không nhận giá trị")
    }

    func testAValueGivenMustNotBeBlank() throws {
        try assertUsageError(["appraise", good, "--norms", ""], "kinhphi: --norms: giá trị \"\" không hợp lệ; cần đường dẫn một tệp")
        try assertUsageError(["appraise", good, "--norms=  "], "kinhphi: --norms: giá trị \"  \" không hợp lệ; cần đường dẫn một tệp")
        try assertUsageError(["approve", good, "--decision", " ", "--date", "24/10/2025"],
                             "kinhphi: --decision: giá trị \" \" không hợp lệ; cần số quyết định, ví dụ 1234/QĐ-UBND")
        try assertUsageError(["approve", good, "--decision", "1/QĐ", "--date", "24/10/2025", "--line-policy", ","],
                             "kinhphi: --line-policy: giá trị \",\" không hợp lệ; cần MÃ_DÒNG=stop|warn|ignore, ví dụ 3.2=warn")
    }

    // MARK: --help: only as an option of its own

    func testHelpAnywhereAmongTheOptionsIsHelp() throws {
        let help = try CLI.run(["record", "--help"]).stdout
        for args in [["record", "ws", "--date", "20/11/2025", "--help"], ["record", "--colour", "-h"], ["record", "-h", "--colour"],
                     ["record", "--help", "--date"]] {
            let r = try CLI.run(args)
            XCTAssertEqual(r.code, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, help, "\(args)")
        }
    }

    func testHelpAfterDoubleDashIsAPositional() throws {
        // `words -- --help` reads "--help" as the amount.
        try assertUsageError(["words", "--", "--help"],
                             "kinhphi: <số tiền>: số \"--help\" không hợp lệ: ký tự không hợp lệ \"-\" (chỉ dùng chữ số, dấu chấm phân cách hàng nghìn, dấu phẩy thập phân)")
        try assertUsageError(["appraise", "--", "-h"], "kinhphi: -h: không tìm thấy thư mục hồ sơ (workspace)")
        // After `--` an option is a positional too: one too many here.
        try assertUsageError(["appraise", good, "--", "--lang"], "kinhphi: cần 1 tham số, có 2")
        // A word starting with one dash is a positional without `--` as well (a negative amount).
        let negative = try CLI.run(["words", "-5000"])
        XCTAssertEqual(negative.code, 0, negative.stderr)
        XCTAssertEqual(negative.stdout, "Âm năm nghìn đồng\n")
        XCTAssertEqual(try CLI.run(["words", "--", "-5000"]).stdout, "Âm năm nghìn đồng\n")
        // "-" alone is a positional: here a workspace folder named "-".
        try assertUsageError(["verify", "-"], "kinhphi: -: không tìm thấy thư mục hồ sơ (workspace)")
    }

    /// `--reason --help` is refused (not help, and no reason "--help"); `--reason=--help` records it.
    func testHelpAsTheValueOfAnotherOption() throws {
        let ws = try CLI.fixtureCopy(for: self)
        try CLI.approve(ws)
        XCTAssertEqual(try CLI.run(["import", ws.path, ws.appendingPathComponent("spending.csv").path], env: clock).code, 0)
        let journal = ws.appendingPathComponent("journal.kp")
        let before = try Data(contentsOf: journal)
        try assertUsageError(["reverse", ws.path, "2", "--reason", "--help"],
                             "kinhphi: --reason cần một giá trị; \"--help\" là một tùy chọn (nếu đó đúng là giá trị, viết --reason=--help)")
        try assertUsageError(["reverse", ws.path, "2", "--reason", "-h"],
                             "kinhphi: --reason cần một giá trị; \"-h\" là một tùy chọn (nếu đó đúng là giá trị, viết --reason=-h)")
        XCTAssertEqual(try Data(contentsOf: journal), before, "nothing written")
        let r = try CLI.run(["reverse", ws.path, "2", "--reason=--help"], env: clock)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Đã ghi bản ghi 35: đảo bản ghi 2"), r.stdout)   // after the fixture's 34 vouchers
        let last = try XCTUnwrap(String(decoding: try Data(contentsOf: journal), as: UTF8.self).split(separator: "\n").last)
        XCTAssertTrue(last.contains("\treason=--help\t"), String(last))
    }

    // MARK: Repeated options and the `=` form

    func testRepeatedOptionKeepsTheLastValue() throws {
        let text = try CLI.run(["appraise", good])
        let csv = try CLI.run(["appraise", good, "--format", "csv"])
        XCTAssertNotEqual(text.stdout, csv.stdout)
        XCTAssertEqual(try CLI.run(["appraise", good, "--format", "json", "--format", "text"]).stdout, text.stdout)
        XCTAssertEqual(try CLI.run(["appraise", good, "--format=text", "--format=csv"]).stdout, csv.stdout)
        XCTAssertEqual(try CLI.run(["appraise", good, "--format=CSV"]).stdout, csv.stdout, "choices are read case-insensitively")
        XCTAssertEqual(try CLI.run(["words", "5", "--lang", "en", "--lang", "vi"]).stdout, "Năm đồng\n")
        XCTAssertEqual(try CLI.run(["words", "5", "--lang=vi", "--lang=en"]).stdout, "Five dong\n")
        // A bad value is refused even when a later one would be good.
        try assertUsageError(["appraise", good, "--format", "xml", "--format", "text"],
                             "kinhphi: --format: giá trị \"xml\" không hợp lệ; cần text, csv hoặc json")
    }

    func testRepeatedLinePolicyCountsEveryValueAndRefusesALineTwice() throws {
        let ws = try CLI.fixtureCopy(for: self)
        // `=` inside an `=` value: the first `=` ends the option's name.
        let a = try CLI.run(["approve", ws.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--line-policy=3.1=warn",
                             "--line-policy", "6.1=ignore"], env: clock)
        XCTAssertEqual(a.code, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("Xử lý vượt dự toán: stop cho mọi dòng, trừ 3.1=warn, 6.1=ignore."), a.stdout)
        let twice = try CLI.fixtureCopy(for: self)
        try assertUsageError(["approve", twice.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--line-policy", "3.1=warn",
                              "--line-policy", "3.1=stop"], "kinhphi: --line-policy: mã dòng \"3.1\" bị trùng")
        try assertUsageError(["approve", twice.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--line-policy", "3.1"],
                             "kinhphi: --line-policy: giá trị \"3.1\" không hợp lệ; cần MÃ_DÒNG=stop|warn|ignore, ví dụ 3.2=warn")
        try assertUsageError(["approve", twice.path, "--decision", "7/QĐ", "--date", "24/10/2025", "--line-policy", "9.9=warn", "--lang", "en"],
                             "kinhphi: --line-policy: unknown estimate line \"9.9\"")
        XCTAssertFalse(FileManager.default.fileExists(atPath: twice.appendingPathComponent("approved.json").path))
    }

    // MARK: Positionals and required options

    func testPositionalsAndRequiredOptions() throws {
        let verify = try CLI.run(["verify", "a", "b"])
        XCTAssertEqual(verify.code, 2)
        XCTAssertEqual(verify.stderr, """
            kinhphi: cần 1 tham số, có 2
            Cách dùng: kinhphi verify <hồ sơ> [--anchor <số bản ghi>:<hash>]… [--witness <tệp>]
                                      [--witness-key <tệp>] [--lang vi|en]
            Hướng dẫn đầy đủ: kinhphi verify --help

            """)
        let en = try CLI.run(["verify", "--lang", "en"])
        XCTAssertEqual(en.stderr, """
            kinhphi: expected 1 argument(s), got 0
            Usage: kinhphi verify <workspace> [--anchor <records>:<hash>]… [--witness <file>]
                                  [--witness-key <file>] [--lang vi|en]
            Full help: kinhphi verify --help --lang en

            """)
        try assertUsageError(["approve", good], "kinhphi: thiếu --decision <số quyết định>, --date <dd/mm/yyyy>")
        try assertUsageError(["approve", good, "--date", "24/10/2025", "--lang", "en"], "kinhphi: missing --decision <number>")
        // A voucher number is a record's name too (reverse UNC-02): only the reason is missing.
        try assertUsageError(["reverse", good, "x"], "kinhphi: thiếu --reason <lý do>")
        try assertUsageError(["reverse", good, "x", "--lang", "en"], "kinhphi: missing --reason <reason>")
    }

    func testTopLevelOptionsComeBeforeNoCommand() throws {
        try assertUsageError(["--lang", "en", "appraise", good],
                             "kinhphi: the command comes first: kinhphi <command> <workspace> [options] (see kinhphi --help)")
        try assertUsageError(["--colour"], "kinhphi: không có tùy chọn --colour (xem --help)")
        try assertUsageError(["xoa", "--lang", "en"], "kinhphi: unknown command \"xoa\" (see kinhphi --help)")
    }

    // MARK: A bad value for every option, of every command the program lists

    /// A value every option with a value refuses (blank), and, by what the help says the option takes, a
    /// value of the wrong kind: a date that does not exist, a choice not offered, an amount with a letter.
    /// Each gives exit 2, nothing on stdout, and one message that names the option and quotes the value.
    func testABadValueForEveryOptionNamesTheOption() throws {
        let ws = try CLI.fixtureCopy(for: self)
        var checked = 0
        for (name, _) in try HelpTests.listedCommands("vi") {
            let help = try CLI.run([name, "--help"]).stdout
            let arguments = HelpTests.section(help, "Tham số:").filter { $0.hasPrefix("  <") && !$0.hasPrefix("   ") }
            let options = HelpTests.options(help, lang: "vi")
            // The rest of the line is usable: the workspace (when the command has one) and every required
            // option with a value of its kind, so that the bad value is the only fault, whichever step
            // checks it.
            var base: [String] = arguments.contains { $0.hasPrefix("  <hồ sơ>") } ? [ws.path] : []
            for o in options where o.meaning.hasPrefix("bắt buộc:") { base += [o.name, OptionParsingTests.sample(o.placeholder ?? "", good: true)] }
            for o in options {
                guard let placeholder = o.placeholder else { continue }
                var bad = [""]
                let wrongKind = OptionParsingTests.sample(placeholder, good: false)
                if !wrongKind.isEmpty { bad.append(wrongKind) }
                for value in bad {
                    var args = [name] + base
                    if let i = args.firstIndex(of: o.name) { args.removeSubrange(i...(i + 1)) }
                    args += [o.name, value]
                    let r = try CLI.run(args, env: clock)
                    XCTAssertEqual(r.code, 2, "\(args): \(r.stdout) \(r.stderr)")
                    XCTAssertEqual(r.stdout, "", "\(args)")
                    XCTAssertTrue(r.stderr.hasPrefix("kinhphi: \(o.name): "), "\(args): \(r.stderr)")
                    XCTAssertTrue(r.stderr.contains("\"\(value)\""), "\(args): the message quotes the value: \(r.stderr)")
                    XCTAssertEqual(r.stderr.components(separatedBy: "\n").count, 2, "\(args): one line: \(r.stderr)")
                    checked += 1
                }
            }
        }
        // Every command has --lang; the journal commands and record add many more.
        XCTAssertGreaterThan(checked, 40)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.appendingPathComponent("approved.json").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.appendingPathComponent("journal.kp").path))
    }

    /// A value of the kind a placeholder names: usable (`good`) or not; "" when the kind has no wrong value
    /// worth trying (free text, a path).
    static func sample(_ placeholder: String, good: Bool) -> String {
        if placeholder == "<dd/mm/yyyy>" { return good ? "20/11/2025" : "31/02/2025" }
        if placeholder == "<số tiền>" { return good ? "1.000" : "12abc" }
        if placeholder.contains("|") { return good ? String(placeholder.split(separator: "|")[0]) : "khong-co" }
        return good ? "x" : ""
    }
}
