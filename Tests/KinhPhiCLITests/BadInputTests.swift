import Foundation
import XCTest
import KinhPhi
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

// The bad-input catalogue (issue 6, item 4): docs/bad-inputs.md is the one table. This test READS that
// table (rows `| n | class | `command` | exit | output | workspace |`) and runs every row against the
// bench built below (the files each row names are described in the doc), in a temporary folder that is
// the current directory, so every message names relative paths and is compared exactly.
// For every row it asserts: the exit code; the output (stderr for a failure — every line, in order,
// exactly; for exit 0 the listed lines must be lines of stdout); and the workspace: every file under the
// bench is hashed (SHA-256) before and after, and nothing may change, appear or disappear — except, for a
// row whose workspace column says `+N`, that workspace's journal.kp grew by exactly N records.
//
// CSV injection (item 5): testFormulaTextIsNeutralisedInEveryCSVExport, below.

final class BadInputTests: XCTestCase {
    static let clock = CLI.clock

    // MARK: The catalogue

    func testEveryRowOfTheBadInputCatalogue() throws {
        let rows = try BadInputCatalogue.load(CLI.repoRoot.appendingPathComponent("docs/bad-inputs.md"))
        XCTAssertGreaterThanOrEqual(rows.count, 40, "docs/bad-inputs.md lists at least 40 classes")
        XCTAssertEqual(rows.map(\.number), Array(1...rows.count), "rows are numbered 1, 2, 3 … in order")
        for c in ["appraise", "approve", "import", "record", "reverse", "settle", "words"] {
            XCTAssertTrue(rows.contains { $0.args.first == c }, "no row for kinhphi \(c)")
        }
        let bench = try BadInputBench(self)
        let t0 = Date()
        for row in rows {
            let before = try bench.snapshot()
            let r = try CLI.run(row.args, cwd: bench.root, env: bench.witness(row.args).merging(BadInputTests.clock.merging(row.env) { $1 }) { $1 })
            let after = try bench.snapshot()
            var problems: [String] = []
            if r.code != row.exit { problems.append("exit \(r.code), expected \(row.exit)") }
            let out = r.code == 0 ? r.stdout : r.stderr
            let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast(out.hasSuffix("\n") ? 1 : 0)
            if r.code == 0 {
                if !r.stderr.isEmpty { problems.append("stderr is not empty") }
                for l in row.output where !lines.contains(l) { problems.append("stdout has no line \"\(l)\"") }
            } else {
                if !r.stdout.isEmpty { problems.append("stdout is not empty") }
                if row.moreLines {
                    if lines.count <= row.output.count || Array(lines.prefix(row.output.count)) != row.output { problems.append("stderr differs") }
                } else if Array(lines) != row.output {
                    problems.append("stderr differs")
                }
            }
            problems += bench.compare(before, after, allowed: row.growth)
            if !problems.isEmpty {
                XCTFail("""
                    docs/bad-inputs.md row \(row.number) (\(row.title)): \(problems.joined(separator: "; "))
                      command: kinhphi \(row.args.joined(separator: " "))
                      exit \(r.code)
                      stdout: \(r.stdout.split(separator: "\n").prefix(8).joined(separator: "\n              "))
                      stderr: \(r.stderr.split(separator: "\n").prefix(8).joined(separator: "\n              "))
                    """)
            }
        }
        print("FAULTS bad-input: \(rows.count) rows in \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")
    }

    // MARK: CSV injection

    /// Text that a spreadsheet would run as a formula (= + - @, and a leading TAB or CR) is written with a
    /// leading apostrophe in every CSV export — the appraisal, the status, the settlement by line and the
    /// voucher list — while amounts (negative ones too) stay plain numbers.
    func testFormulaTextIsNeutralisedInEveryCSVExport() throws {
        let (root, ws) = try FaultKit.workspace(self, policy: nil)
        // Line descriptions and a section title that look like formulas (they reach the appraisal, status
        // and settlement CSV files).
        let estimatePath = ws.appendingPathComponent("estimate.csv")
        var estimate = try String(contentsOf: estimatePath, encoding: .utf8)
        estimate = estimate.replacingOccurrences(of: ",1.1,In giấy mời kèm phong bì,", with: ",1.1,=HYPERLINK(\"http://x.example\";\"In giấy mời\"),")
            .replacingOccurrences(of: ",1.4,\"In thẻ đại biểu,", with: ",1.4,\"+In thẻ đại biểu,")
            .replacingOccurrences(of: "VI. TUYÊN TRUYỀN,", with: "-VI. TUYÊN TRUYỀN,")
            .replacingOccurrences(of: ",2.2,Tổ tổng hợp", with: ",2.2,@Tổ tổng hợp")
        try estimate.write(to: estimatePath, atomically: true, encoding: .utf8)
        let appraisal = try CLI.run(["appraise", ws.path, "--format", "csv"], env: BadInputTests.clock)
        XCTAssertEqual(appraisal.code, 0, appraisal.stderr)
        let a = try RFC4180.parse(appraisal.stdout)
        XCTAssertTrue(a.contains { $0.contains("'=HYPERLINK(\"http://x.example\";\"In giấy mời\")") }, appraisal.stdout)
        XCTAssertTrue(a.contains { $0.contains { $0.hasPrefix("'+In thẻ đại biểu") } }, appraisal.stdout)
        XCTAssertTrue(a.contains { $0.contains("'-VI. TUYÊN TRUYỀN") }, appraisal.stdout)
        XCTAssertTrue(a.contains { $0.contains { $0.hasPrefix("'@Tổ tổng hợp") } }, appraisal.stdout)
        try CLI.approve(ws, policy: "ignore")

        // Vouchers whose payee and description start with = + - @ and TAB (a TAB at the start of a cell is
        // trimmed on input like a space, so that payee arrives as "=…"). A CR inside a cell is refused on
        // input (TextSafety, issue 11): that row is imported on its own below and must fail.
        let vouchers = """
            date,line,payee,payee_type,description,amount,method,kind,voucher_no
            20/11/2025,6.1,=HYPERLINK("http://x.example";"Bấm vào"),individual,=1+2,1.000,cash,payment,INJ-1
            20/11/2025,6.1,+84 912 345 678,individual,+SUM(A1:A9),2.000,cash,payment,INJ-2
            20/11/2025,6.1,-Nguyễn Văn An,individual,-2+3,3.000,cash,payment,INJ-3
            20/11/2025,6.1,@Trần Thị Bình,individual,@SUM(1),4.000,cash,payment,INJ-4
            20/11/2025,6.1,"\t=cmd|' /C calc'!A0",individual,"\t+tab",5.000,cash,payment,INJ-5
            20/11/2025,6.1,Phạm Văn Dũng,individual,Chi thường,7.000,cash,payment,INJ-7
            21/11/2025,6.1,-Nguyễn Văn An,individual,=nộp trả,1.500,cash,refund,INJ-8

            """
        let file = root.appendingPathComponent("inj.csv")
        try vouchers.write(to: file, atomically: true, encoding: .utf8)
        let imp = try CLI.run(["import", ws.path, file.path], env: BadInputTests.clock)
        XCTAssertEqual(imp.code, 0, imp.stderr)
        XCTAssertTrue(imp.stdout.contains("Đã nhập 7 chứng từ"), imp.stdout)
        let crFile = root.appendingPathComponent("inj-cr.csv")
        try "date,line,payee,payee_type,description,amount,method,kind,voucher_no\n20/11/2025,6.1,\"\r=Lê Văn Cường\",individual,\"\r-cr\",6.000,cash,payment,INJ-6\n"
            .write(to: crFile, atomically: true, encoding: .utf8)
        let cr = try CLI.run(["import", ws.path, crFile.path], env: BadInputTests.clock)
        XCTAssertEqual(cr.code, 2, "a CR in a cell is refused: " + cr.stderr)

        // The voucher list: payee and description neutralised, the amount a plain (negative) number.
        let s = root.appendingPathComponent("qt.csv").path, v = root.appendingPathComponent("bk.csv").path
        let settle = try CLI.run(["settle", ws.path, "--csv", s, "--vouchers-csv", v, "--header", "keys"], env: BadInputTests.clock)
        XCTAssertEqual(settle.code, 0, settle.stderr)
        let list = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: v)), as: UTF8.self))
        let header = list[0]
        func col(_ k: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: k), k) }
        let (payee, description, amount, voucherNo) = (try col("payee"), try col("description"), try col("gross"), try col("voucher_no"))
        func row(_ no: String) throws -> [String] { try XCTUnwrap(list.first { $0[voucherNo] == no }, no) }
        let expected: [(String, String, String, String)] = [
            ("INJ-1", "'=HYPERLINK(\"http://x.example\";\"Bấm vào\")", "'=1+2", "1000"),
            ("INJ-2", "'+84 912 345 678", "'+SUM(A1:A9)", "2000"),
            ("INJ-3", "'-Nguyễn Văn An", "'-2+3", "3000"),
            ("INJ-4", "'@Trần Thị Bình", "'@SUM(1)", "4000"),
            ("INJ-5", "'=cmd|' /C calc'!A0", "'+tab", "5000"),
            ("INJ-7", "Phạm Văn Dũng", "Chi thường", "7000"),
            ("INJ-8", "'-Nguyễn Văn An", "'=nộp trả", "-1500"),
        ]
        for (no, p, d, amt) in expected {
            let r = try row(no)
            XCTAssertEqual(r[payee], p, no)
            XCTAssertEqual(r[description], d, no)
            XCTAssertEqual(r[amount], amt, no + ": an amount stays a plain number")
        }
        // No text cell anywhere in the list starts with a formula character; every amount is an integer (the
        // last row is the journal's anchor, no amount).
        XCTAssertEqual(list.last?[0], "ANCHOR")
        for r in list.dropFirst().dropLast() {
            for cell in r where cell.first.map({ "=+-@\t\r".contains($0) }) == true {
                XCTAssertTrue(Int(cell) != nil, "unneutralised text cell \(cell.debugDescription) in the voucher list")
            }
            XCTAssertNotNil(Int(r[amount]), "amount \(r[amount])")
        }
        // The settlement by line and the status CSV: the line descriptions and the section neutralised.
        let byLine = try RFC4180.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: s)), as: UTF8.self))
        let status = try CLI.run(["status", ws.path, "--format", "csv", "--lang", "en"], env: BadInputTests.clock)
        XCTAssertEqual(status.code, 0, status.stderr)
        let st = try RFC4180.parse(status.stdout)
        for (name, table) in [("settlement CSV", byLine), ("status CSV", st)] {
            XCTAssertTrue(table.contains { $0.contains("'=HYPERLINK(\"http://x.example\";\"In giấy mời\")") }, name)
            XCTAssertTrue(table.contains { $0.contains { $0.hasPrefix("'+In thẻ đại biểu") } }, name)
            XCTAssertTrue(table.contains { $0.contains("'-VI. TUYÊN TRUYỀN") }, name)
            XCTAssertTrue(table.contains { $0.contains { $0.hasPrefix("'@Tổ tổng hợp") } }, name)
            for r in table.dropFirst() {
                for cell in r where cell.first.map({ "=+-@\t\r".contains($0) }) == true {
                    XCTAssertTrue(Int(cell) != nil || Double(cell) != nil, "\(name): unneutralised text cell \(cell.debugDescription)")
                }
            }
        }
        // Line 6.1 in the status CSV: paid 1.000 + 2.000 + 3.000 + 4.000 + 5.000 + 7.000 − 1.500 = 20.500
        // (numbers, no apostrophe).
        let l61 = try XCTUnwrap(st.first { $0.count > 1 && $0[1] == "6.1" })
        XCTAssertEqual(Array(l61[4...5]), ["15000000", "20500"], l61.description)
        // The writer itself, for what inputs cannot carry (a cell that starts with TAB: inputs are trimmed; a
        // CR: refused on input, but an older journal may hold one).
        XCTAssertEqual(CSVWriter.neutralise("\t=1"), "'\t=1")
        XCTAssertEqual(CSVWriter.neutralise("\r@x"), "'\r@x")
        XCTAssertEqual(CSVWriter.neutralise("Nguyễn = An"), "Nguyễn = An")
        var w = CSVWriter(bom: false)
        w.row([.text("-5"), .money(try Money(dong: -5)), .text("\tx")])
        XCTAssertEqual(w.output, "'-5,-5,'\tx\r\n")
    }
}

// MARK: - The table in docs/bad-inputs.md

struct BadInputCatalogue {
    struct Row {
        let number: Int
        let title: String
        let env: [String: String]
        let args: [String]
        let exit: Int32
        /// stderr lines (failure), or lines that stdout must contain (exit 0).
        let output: [String]
        /// The output column ends in `…`: more lines follow (a command's usage text) and are not compared.
        let moreLines: Bool
        /// `+N records ws` in the workspace column: (ws, N records added); `unchanged but the lock file ws`:
        /// (ws, 0) — only an empty ws/journal.lock may appear; nil = unchanged.
        let growth: (String, Int)?
    }

    /// The rows of the table under "## The catalogue". Cells: `| n | class | `command` | exit | output |
    /// workspace |`; output is code spans separated by `<br>`, `\|` is a literal bar.
    static func load(_ url: URL) throws -> [Row] {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: "\n## The catalogue\n") else { throw Failure("docs/bad-inputs.md has no \"## The catalogue\" section") }
        var rows: [Row] = []
        for line in text[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| "), let first = line.dropFirst(2).first, first.isNumber else { continue }
            let cells = splitCells(String(line))
            guard cells.count == 6, let n = Int(cells[0]), let exit = Int32(cells[3]) else {
                throw Failure("docs/bad-inputs.md: cannot read the row \(line)")
            }
            var words = try tokens(codeSpans(cells[2]).first ?? "")
            var env: [String: String] = [:]
            while let w = words.first, let eq = w.firstIndex(of: "="), w.prefix(upTo: eq).allSatisfy({ $0.isUppercase || $0 == "_" }) {
                env[String(w[..<eq])] = String(w[w.index(after: eq)...]); words.removeFirst()
            }
            guard words.first == "kinhphi" else { throw Failure("row \(n): the command must start with kinhphi") }
            let outputCell = cells[4].trimmingCharacters(in: .whitespaces)
            let more = outputCell.hasSuffix("<br>…")
            var growth: (String, Int)? = nil
            let ws = cells[5].trimmingCharacters(in: .whitespaces)
            if ws.hasPrefix("+") {
                let parts = ws.dropFirst().split(separator: " ")
                guard let k = Int(parts.first ?? ""), let name = parts.last, parts.count >= 2 else { throw Failure("row \(n): workspace cell \(ws)") }
                growth = (String(name.trimmingCharacters(in: CharacterSet(charactersIn: "`"))), k)
            } else if ws.hasPrefix("unchanged but the lock file ") {
                growth = (String(ws.dropFirst("unchanged but the lock file ".count).trimmingCharacters(in: CharacterSet(charactersIn: "` "))), 0)
            } else if ws != "unchanged" {
                throw Failure("row \(n): the workspace cell is \"unchanged\", \"unchanged but the lock file `ws`\" or \"+N records `ws`\", not \(ws)")
            }
            rows.append(Row(number: n, title: cells[1], env: env, args: Array(words.dropFirst()), exit: exit,
                            output: codeSpans(outputCell), moreLines: more, growth: growth))
        }
        return rows
    }

    struct Failure: Error, CustomStringConvertible { let description: String; init(_ s: String) { description = s } }

    /// Splits a table row at `|` not escaped as `\|`, unescaping them.
    static func splitCells(_ line: String) -> [String] {
        var cells: [String] = [], cur = ""
        var it = Array(line.dropFirst().dropLast(line.hasSuffix("|") ? 1 : 0))[...]
        while let c = it.popFirst() {
            if c == "\\", it.first == "|" { cur.append("|"); it.removeFirst(); continue }
            if c == "|" { cells.append(cur.trimmingCharacters(in: .whitespaces)); cur = ""; continue }
            cur.append(c)
        }
        cells.append(cur.trimmingCharacters(in: .whitespaces))
        return cells
    }

    /// The contents of the `code spans` of a cell, in order (a span may hold a literal backtick only as
    /// the doubled-backtick form `` ` ``, not used here).
    static func codeSpans(_ cell: String) -> [String] {
        var out: [String] = [], cur = "", inside = false
        for c in cell {
            if c == "`" { if inside { out.append(cur); cur = "" }; inside.toggle(); continue }
            if inside { cur.append(c) }
        }
        return out
    }

    /// Shell-like words: spaces separate, "…" groups (no escapes inside), and `$'…'` groups with the escapes
    /// `\n`, `\r`, `\t`, `\\`, `\'` and `\u{HHHH}` (bash's ANSI-C quoting: a character a row cannot show).
    static func tokens(_ s: String) throws -> [String] {
        var out: [String] = [], cur = "", quoted = false, has = false
        var chars = Array(s)[...]
        while let c = chars.popFirst() {
            if c == "$" && !quoted && chars.first == "'" {
                chars.removeFirst(); has = true
                var closed = false
                while let d = chars.popFirst() {
                    if d == "'" { closed = true; break }
                    guard d == "\\", let e = chars.popFirst() else { cur.append(d); continue }
                    switch e {
                    case "n": cur.append("\n")
                    case "r": cur.append("\r")
                    case "t": cur.append("\t")
                    case "u":
                        guard chars.popFirst() == "{", let close = chars.firstIndex(of: "}"),
                              let v = UInt32(String(chars[..<close]), radix: 16), let u = Unicode.Scalar(v) else { throw Failure("bad \\u{…} in \(s)") }
                        cur.unicodeScalars.append(u)
                        chars = chars[(close + 1)...]
                    default: cur.append(e)
                    }
                }
                if !closed { throw Failure("unclosed $' in \(s)") }
                continue
            }
            if c == "\"" { quoted.toggle(); has = true; continue }
            if c == " " && !quoted { if has { out.append(cur) }; cur = ""; has = false; continue }
            cur.append(c); has = true
        }
        if quoted { throw Failure("unclosed quote in \(s)") }
        if has { out.append(cur) }
        return out
    }
}

// MARK: - The bench the rows run in

/// A temporary folder, the current directory of every row:
///   catalogue/            the bundled norms and budget codes
///   hoso/                 the bundled conference, approved (policy stop), its 34 vouchers imported
///   chua-duyet/           the bundled conference, not approved
///   nhap/                 approved with policy ignore, empty journal (rows that are accepted write here)
///   rach/                 like hoso, then a record cut off halfway (a torn tail)
///   hong/                 like hoso, then one amount edited in the journal (broken)
///   tam-ung/              approved, one advance not cleared
///   mo-coi/               a journal but no approved.json
///   du-toan-sua/          like hoso, then estimate.csv edited after approval
///   dt-*/, hn-*/          workspaces whose estimate.csv / conference.csv is damaged (see docs/bad-inputs.md)
///   in/                   the input files
final class BadInputBench {
    let root: URL
    /// Records in each journal.kp content seen by `snapshot` (by its SHA-256).
    private(set) var lineCounts: [String: Int] = [:]

    static let header = "date,line,payee,payee_type,description,amount,method,kind,voucher_no\n"
    static let good = "20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước uống bổ sung,10.000,cash,payment,BI-1\n"

    /// The witnesses of the bench's workspaces (`chung-kien/<workspace>`): inside the bench, so that messages
    /// name them by a short relative path, outside every workspace, and left out of the bench's snapshots.
    static let witnesses = "chung-kien"

    /// KINHPHI_WITNESS for a command: `chung-kien/<the workspace it names>` (`chung-kien/khac` otherwise).
    func witness(_ args: [String]) -> [String: String] {
        let ws = args.dropFirst().first { !$0.hasPrefix("-") } ?? ""
        var isDir: ObjCBool = false
        let known = !ws.isEmpty && !ws.contains("/") && FileManager.default.fileExists(atPath: root.appendingPathComponent(ws).path, isDirectory: &isDir) && isDir.boolValue
        return ["KINHPHI_WITNESS": BadInputBench.witnesses + "/" + (known ? ws : "khac")]
    }

    init(_ test: XCTestCase) throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("kinhphi-bad-inputs-\(UUID().uuidString)")
        let root = self.root
        try fm.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(BadInputBench.witnesses), withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        try fm.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/catalogue"), to: root.appendingPathComponent("catalogue"))
        let clock = BadInputTests.clock
        func copy(_ name: String) throws {
            let ws = root.appendingPathComponent(name)
            try fm.copyItem(at: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025"), to: ws)
            for f in ["approved.json", "journal.kp", "journal.lock"] { try? fm.removeItem(at: ws.appendingPathComponent(f)) }
        }
        func run(_ args: [String]) throws {
            let r = try CLI.run(args, cwd: root, env: witness(args).merging(clock) { $1 })
            guard r.code == 0 else { throw BadInputCatalogue.Failure("bench: kinhphi \(args.joined(separator: " ")): \(r.stderr)") }
        }
        func approve(_ ws: String, _ extra: [String] = []) throws {
            try run(["approve", ws, "--decision", "2156/QĐ-STC", "--date", "24/10/2025"] + extra)
        }
        func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }
        func write(_ path: String, _ bytes: [UInt8]) throws {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }

        for ws in ["hoso", "chua-duyet", "nhap", "rach", "hong", "tam-ung", "mo-coi", "du-toan-sua"] { try copy(ws) }
        for ws in ["hoso", "rach", "hong", "du-toan-sua"] { try approve(ws); try run(["import", ws, ws + "/spending.csv"]) }
        // du-toan-sua: the estimate edited after approval.
        let edited = root.appendingPathComponent("du-toan-sua/estimate.csv")
        try String(contentsOf: edited, encoding: .utf8).replacingOccurrences(of: ",170,", with: ",180,").write(to: edited, atomically: true, encoding: .utf8)
        try approve("nhap", ["--policy", "ignore"])
        try approve("tam-ung")
        try write("tam-ung/tam-ung.csv", BadInputBench.header + "05/11/2025,3.1,Nguyễn Thị Lan,individual,Tạm ứng mua nước uống,1.000.000,cash,advance,TU-09\n")
        try run(["import", "tam-ung", "tam-ung/tam-ung.csv"])
        // rach: a record cut off by a power failure.
        let torn = try FileHandle(forWritingTo: root.appendingPathComponent("rach/journal.kp"))
        try torn.seekToEnd()
        try torn.write(contentsOf: Data("seq=39\tat=2026-01-10T03:00:00Z\tkind=payment\tdate=2025-".utf8))
        try torn.close()
        // hong: an amount edited after it was written.
        let hong = root.appendingPathComponent("hong/journal.kp")
        try String(contentsOf: hong, encoding: .utf8).replacingOccurrences(of: "amount=13600000", with: "amount=13900000")
            .write(to: hong, atomically: true, encoding: .utf8)
        // mo-coi: a journal left without its approval.
        try fm.copyItem(at: root.appendingPathComponent("hoso/journal.kp"), to: root.appendingPathComponent("mo-coi/journal.kp"))

        // Issue 11: what someone who can write the workspace (not the witness) does. Each is approved and its
        // spending imported through the CLI (its own witness: CLI.withWitness), then changed by hand.
        func spent(_ name: String) throws -> URL {
            try copy(name); try approve(name); try run(["import", name, name + "/spending.csv"])
            return root.appendingPathComponent(name)
        }
        // gia-mao: record 5's amount edited and every hash recomputed (sha256sum): the chain holds.
        try Forgery.rechain(try spent("gia-mao")) { $0[4] = $0[4].replacingOccurrences(of: "amount=13600000", with: "amount=13900000") }
        // them-ngoai: a record added at the end with its hash recomputed.
        try Forgery.rechain(try spent("them-ngoai")) { Forgery.appendCopy(of: 34, &$0) }
        // cat-duoi: two vouchers recorded after the import, then both cut off (the journal ends on a
        // complete, committed record).
        let catDuoi = try spent("cat-duoi")
        for (n, amount) in [("CD-1", "10.000"), ("CD-2", "20.000")] {
            try run(["record", "cat-duoi", "--date", "20/11/2025", "--line", "3.1", "--payee", "Nguyễn Văn An", "--description", "Mua nước",
                     "--amount", amount, "--method", "cash", "--kind", "payment", "--voucher-no", n])
        }
        try Forgery.keep(catDuoi, records: 34)
        // cat-lo: the import's last two records cut off: what is left ends on a record marked more=1, as an
        // interrupted import would — but the import had finished.
        try Forgery.keep(try spent("cat-lo"), records: 32)
        // mat-nhat-ky: journal.kp deleted.
        try fm.removeItem(at: try spent("mat-nhat-ky").appendingPathComponent("journal.kp"))
        // doi-duyet: approved.json edited (another decision number) and the journal rechained from it.
        let doiDuyet = try spent("doi-duyet")
        let approved = doiDuyet.appendingPathComponent("approved.json")
        try String(contentsOf: approved, encoding: .utf8).replacingOccurrences(of: "2156/QĐ-STC", with: "2157/QĐ-STC").write(to: approved, atomically: true, encoding: .utf8)
        try Forgery.rechain(doiDuyet) { _ in }
        // lien-ket: journal.kp a symbolic link to hoso's; lien-ket-cung: a hard link (approved.json copied).
        try copy("lien-ket"); try approve("lien-ket")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("lien-ket/journal.kp").path, withDestinationPath: "../hoso/journal.kp")
        _ = try spent("goc-cung")
        try copy("lien-ket-cung")
        try fm.copyItem(at: root.appendingPathComponent("goc-cung/approved.json"), to: root.appendingPathComponent("lien-ket-cung/approved.json"))
        try fm.linkItem(at: root.appendingPathComponent("goc-cung/journal.kp"), to: root.appendingPathComponent("lien-ket-cung/journal.kp"))
        // tran-so: approved with policy ignore, for totals at the money limit.
        try copy("tran-so"); try approve("tran-so", ["--policy", "ignore"])
        // in/lk-nhat-ky.csv: a symbolic link to hoso's journal, as an output path.
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("in/lk-nhat-ky.csv").path, withDestinationPath: "../hoso/journal.kp")
        // in/khoa-ngan: a witness key of 8 bytes.
        try write("in/khoa-ngan", "12345678")

        // Damaged estimates and conferences.
        let estimate = try String(contentsOf: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025/estimate.csv"), encoding: .utf8)
        let conference = try String(contentsOf: CLI.repoRoot.appendingPathComponent("fixtures/hoi-nghi-chuyen-gia-2025/conference.csv"), encoding: .utf8)
        func damaged(_ name: String, estimate e: String? = nil, conference c: String? = nil) throws {
            try copy(name)
            if let e { try write(name + "/estimate.csv", e) }
            if let c { try write(name + "/conference.csv", c) }
        }
        try damaged("dt-utf16", estimate: nil)
        try write("dt-utf16/estimate.csv", BadInputBench.utf16(estimate, bigEndian: false, bom: true))
        try damaged("dt-cp1258")
        // "I. CHUẨN BỊ" in Windows-1258: Ẩ = Â (C2) + hook (D2), Ị = I + dot below (F2).
        try write("dt-cp1258/estimate.csv", Array((estimate.split(separator: "\n")[0] + "\n").utf8) + Array("I. CHU".utf8) + [0xC2, 0xD2]
                  + Array("N B".utf8) + [0x49, 0xF2] + Array(",1.1,In giay moi,bo,170,,,12.000,2.040.000,,TT 40/2017/TT-BTC,invitations,6651,,\n".utf8))
        try damaged("dt-trung-ma", estimate: estimate.replacingOccurrences(of: ",1.2,Chuyển phát", with: ",1.1,Chuyển phát"))
        try damaged("dt-so-lon", estimate: estimate.replacingOccurrences(of: ",170,,,12.000,2.040.000,", with: ",170,,,1.000.000.000.000.000,2.040.000,"))
        try damaged("dt-dinh-muc", estimate: estimate.replacingOccurrences(of: ",refreshments,TT", with: ",nuoc-uong-vip,TT"))
        try damaged("dt-ngay-am", estimate: estimate.replacingOccurrences(of: ",170,,,12.000,2.040.000,", with: ",-170,,,12.000,2.040.000,"))
        try copy("dt-thu-muc")
        try fm.removeItem(at: root.appendingPathComponent("dt-thu-muc/estimate.csv"))
        try fm.createDirectory(at: root.appendingPathComponent("dt-thu-muc/estimate.csv"), withIntermediateDirectories: false)
        try damaged("dt-rong", estimate: "")
        try copy("dt-100mb")
        try fm.removeItem(at: root.appendingPathComponent("dt-100mb/estimate.csv"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("dt-100mb/estimate.csv").path, withDestinationPath: "../in/dong-100mb.csv")
        try damaged("hn-trung", conference: conference + "delegates,200\n")
        try damaged("hn-ngay", conference: conference.replacingOccurrences(of: "event_date,20/11/2025", with: "event_date,31/02/2025"))
        try damaged("hn-khong-danh-muc", conference: conference.replacingOccurrences(of: "norms,../catalogue/norms.csv", with: "norms,../catalogue/khong-co.csv"))
        // dt-tong-lon: lines 1.1 and 1.2 of 600.000.000.000.000 each (their sum is beyond the money limit).
        try damaged("dt-tong-lon", estimate: estimate.replacingOccurrences(of: ",170,,,12.000,2.040.000,", with: ",1,,,600.000.000.000.000,600.000.000.000.000,")
            .replacingOccurrences(of: ",90,,,25.000,2.250.000,", with: ",1,,,600.000.000.000.000,600.000.000.000.000,"))

        // Voucher files.
        let h = BadInputBench.header, g = BadInputBench.good
        func voucherRow(_ cells: String) -> String { h + cells + "\n" }
        // Issue 14: one person paid twice on one day, the day's total reaching the threshold and nothing
        // withheld (1.000.000 + 1.000.000 = 2.000.000 ≥ 2.000.000: 200.000 due on the second); a hotel invoice
        // over two lines whose parts pass its total (600.000 + 500.000 > 1.000.000).
        let h14 = "date,line,payee,payee_type,payee_id,description,amount,pit_withheld,method,kind,voucher_no,tax_code,invoice_series,invoice_no,invoice_total\n"
        try write("in/tncn-ngay.csv", h14
                  + "20/11/2025,2.2,TS. Trần Bình,individual,001080012345,Ghi biên bản buổi sáng,1.000.000,,cash,payment,BB-1,,,,\n"
                  + "20/11/2025,2.3,TS. Trần Bình,individual,001080012345,Góp ý báo cáo tổng hợp,1.000.000,,cash,payment,BB-2,,,,\n")
        try write("in/hd-nhieu-dong.csv", h14
                  + "20/11/2025,3.1,Khách sạn Sao Mai,business,,Nước uống (hóa đơn chung),600.000,,transfer,payment,KS-1,0100233488,1C25KSM,789,1.000.000\n"
                  + "20/11/2025,3.3,Khách sạn Sao Mai,business,,Hoa trang trí (hóa đơn chung),500.000,,transfer,payment,KS-1,0100233488,1C25KSM,789,\n")
        try write("in/utf16le-bom.csv", BadInputBench.utf16(h + g, bigEndian: false, bom: true))
        try write("in/utf16be.csv", BadInputBench.utf16(h + g, bigEndian: true, bom: false))
        // "Nguyễn Văn An" in Windows-1258: ễ = ê (EA) + combining tilde (DE), ă = E3.
        try write("in/windows-1258.csv", Array(h.utf8) + Array("20/11/2025,3.1,Nguy".utf8) + [0xEA, 0xDE] + Array("n V".utf8) + [0xE3]
                  + Array("n An,individual,Mua nuoc,10.000,cash,payment,BI-1\n".utf8))
        // "Café Thu Hà" in Latin-1: é = E9, à = E0.
        try write("in/latin1.csv", Array(h.utf8) + Array("20/11/2025,3.1,Caf".utf8) + [0xE9] + Array(" Thu H".utf8) + [0xE0]
                  + Array(",individual,Mua nuoc,10.000,cash,payment,BI-1\n".utf8))
        try write("in/bom.csv", [0xEF, 0xBB, 0xBF] + Array((h + "20/11/2025,6.1,Công ty có BOM,individual,Tệp có BOM,1.000,cash,payment,OK-BOM\n").utf8))
        try write("in/bom-kep.csv", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array((h + g).utf8))
        // A quoted cell with a CRLF in an extra column (ignored): a line break in a cell the voucher uses is
        // refused (in/xuong-dong.csv).
        try write("in/crlf-lf.csv", (h.replacingOccurrences(of: "voucher_no\n", with: "voucher_no,ghi_chu\r\n")
                                     + "20/11/2025,6.1,Dòng CRLF,individual,Dòng CRLF,1.000,cash,payment,OK-CRLF,\"Ô có\r\nxuống dòng\"\r\n"
                                     + "20/11/2025,6.1,Dòng LF,individual,Dòng LF,1.000,cash,payment,OK-LF,\n"))
        try write("in/cr.csv", (h + g).replacingOccurrences(of: "\n", with: "\r"))
        try write("in/utf8-cut.csv", Array((h + g).utf8) + Array("20/11/2025,3.1,Nguy".utf8) + [0xE1, 0xBB])
        try write("in/nul.csv", Array(h.utf8) + Array("20/11/2025,3.1,Nguyễn".utf8) + [0] + Array(" Văn An,individual,Mua nước,10.000,cash,payment,BI-1\n".utf8))
        try write("in/esc.csv", voucherRow("20/11/2025,3.1,Nguyễn\u{1B}[2J Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/ngoac-mo.csv", voucherRow("20/11/2025,3.1,\"Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/rong.csv", "")
        try write("in/chi-tieu-de.csv", h)
        try write("in/dong-trong.csv", h + "\n,,,,,,,,\n   ,  \n")
        try fm.createDirectory(at: root.appendingPathComponent("in/thu-muc.csv"), withIntermediateDirectories: false)
        try write("in/qd-dong-la.csv", "line,approved\n1.1,2.000.000\n9.9,1.000.000\n")
        try write("in/dc-giam.csv", "line,approved\n6.1,1.000\n")
        try write("in/dc-dong-moi.csv", "line,approved\n7.1,3.000.000\n")
        try write("in/dc-tang.csv", "line,approved\n3.1,7.000.000\n")
        try write("in/thieu-cot.csv", "date,line,payee,payee_type,description,method,kind,voucher_no\n20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,cash,payment,BI-1\n")
        try write("in/cot-trung.csv", "date,line,payee,payee_type,description,amount,method,kind,Amount\n20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,10.000\n")
        try write("in/so-0.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,0,cash,payment,BI-1"))
        try write("in/so-am.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,-10.000,cash,payment,BI-1"))
        try write("in/so-qua-lon.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,1.000.000.000.000.000,cash,payment,BI-1"))
        try write("in/so-40-chu-so.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,1234567890123456789012345678901234567890,cash,payment,BI-1"))
        try write("in/so-thap-phan.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,\"10.000,5\",cash,payment,BI-1"))
        try write("in/so-kieu-anh.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,\"10,000\",cash,payment,BI-1"))
        try write("in/so-mu.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,1e4,cash,payment,BI-1"))
        try write("in/vat-lon.csv", "date,line,payee,payee_type,description,amount,vat,method,kind,voucher_no\n20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,20.000,cash,payment,BI-1\n")
        try write("in/ngay-31-02.csv", voucherRow("31/02/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/ngay-thang-13.csv", voucherRow("2025-13-01,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/ngay-nam-2-so.csv", voucherRow("20/11/25,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/ngay-ngoai-nam.csv", voucherRow("15/03/2024,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/dong-9-9.csv", voucherRow("20/11/2025,9.9,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,BI-1"))
        try write("in/trung-so-ct.csv", h + g + "20/11/2025,3.1,Trần Văn Bình,individual,Mua thêm nước,10.000,cash,payment,bi-1\n")
        try write("in/trung-so-ct-nhat-ky.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,PC-01"))
        try write("in/trung-hoa-don.csv", "date,line,payee,tax_code,description,amount,method,kind,voucher_no,invoice_series,invoice_no\n"
                  + "20/11/2025,1.2,Bưu điện Trung tâm 1 Hà Nội,0106213579,Cước chuyển phát bổ sung,10.000,cash,payment,BI-1,1c25bdh,4512\n")
        try write("in/loai-sai.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,chi,BI-1"))
        try write("in/hinh-thuc-sai.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,séc,payment,BI-1"))
        try write("in/mst-sai.csv", "date,line,payee,tax_code,description,amount,method,kind,voucher_no\n20/11/2025,3.1,Công ty A,01012345,Mua nước,10.000,cash,payment,BI-1\n")
        try write("in/tien-mat-lon.csv", "date,line,payee,tax_code,description,amount,method,kind,voucher_no\n20/11/2025,3.2,Công ty TNHH Quảng cáo Ánh Dương,0101234567,Backdrop bổ sung,6.000.000,cash,payment,BI-1\n")
        // Identifiers written another way (issue 11): PC-01 is record 2's voucher number, 1C25BDH/0004512 of
        // tax code 0106213579 its invoice.
        try write("in/ct-toan-goc.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,ＰＣ－０１"))
        try write("in/ct-kirin.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,\u{420}\u{421}-01"))
        try write("in/ct-tron.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,P\u{421}-01"))
        try write("in/ct-vo-hinh.csv", voucherRow("20/11/2025,3.1,Nguyễn Văn An,individual,Mua nước,10.000,cash,payment,PC-0\u{200B}1"))
        try write("in/hd-toan-goc.csv", "date,line,payee,tax_code,description,amount,method,kind,voucher_no,invoice_series,invoice_no\n"
                  + "20/11/2025,1.2,Bưu điện Trung tâm 1 Hà Nội,0106213579,Cước chuyển phát bổ sung,10.000,cash,payment,BI-1,１Ｃ２５ＢＤＨ,０００４５１２\n")
        try write("in/xuong-dong.csv", voucherRow("20/11/2025,6.1,Nguyễn Văn An,individual,\"Mua nước\nDòng thứ hai\",1.000,cash,payment,BI-1"))
        try write("in/bidi.csv", voucherRow("20/11/2025,6.1,Nguyễn Văn An\u{202E}gnp.exe,individual,Mua nước,1.000,cash,payment,BI-1"))
        try write("in/vuot-du-toan.csv", voucherRow("20/11/2025,6.1,Nguyễn Văn An,individual,Thêm một clip,10.000,transfer,payment,BI-1"))
        try write("in/tt-tam-ung-sai.csv", "date,line,payee,payee_type,description,amount,method,kind,voucher_no,ref\n20/11/2025,3.1,Nguyễn Văn An,individual,Thanh toán tạm ứng,10.000,cash,clearing,BI-1,TU-99\n")
        try write("in/cong-thuc.csv", h + "20/11/2025,6.1,=HYPERLINK(\"http://x.example\";\"Bấm\"),individual,=1+2,1.000,cash,payment,OK-EQ\n"
                  + "20/11/2025,6.1,+84 912 345 678,individual,+SUM(A1:A2),1.000,cash,payment,OK-PLUS\n"
                  + "20/11/2025,6.1,-Nguyễn Văn An,individual,-2+3,1.000,cash,payment,OK-MINUS\n"
                  + "20/11/2025,6.1,@Trần Thị Bình,individual,@SUM(1),1.000,cash,payment,OK-AT\n")
        // A 100 MB single line: a voucher row whose description is 100 MiB of "x" (no line break in it).
        var big = Array((h + "20/11/2025,3.1,Nguyễn Văn An,individual,").utf8)
        big.reserveCapacity(big.count + (100 << 20) + 64)
        big += [UInt8](repeating: 0x78, count: 100 << 20)
        big += Array(",10.000,cash,payment,BI-1\n".utf8)
        try write("in/dong-100mb.csv", big)
    }

    static func utf16(_ s: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in s.utf16 { out += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        return out
    }

    enum Entry: Equatable { case dir, link(String), file(Int64, String) }

    /// Every entry under the bench: folders, links (by target) and files (size and SHA-256; a file over
    /// 8 MiB — the 100 MB input — by size and modification time, read only when they differ).
    func snapshot() throws -> [String: Entry] {
        var out: [String: Entry] = [:]
        let fm = FileManager.default
        func walk(_ rel: String) throws {
            let path = rel.isEmpty ? root.path : root.path + "/" + rel
            for name in try fm.contentsOfDirectory(atPath: path) {
                let r = rel.isEmpty ? name : rel + "/" + name
                if r == BadInputBench.witnesses { continue }   // the witnesses: outside every workspace, written by the accepted rows
                let full = path + "/" + name
                var st = stat()
                guard lstat(full, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: out[r] = .dir; try walk(r)
                case S_IFLNK: out[r] = .link((try? fm.destinationOfSymbolicLink(atPath: full)) ?? "?")
                default:
                    if st.st_size > 8 << 20 {
                        out[r] = .file(Int64(st.st_size), "mtime \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)")
                    } else {
                        let bytes = [UInt8](fm.contents(atPath: full) ?? Data())
                        let hex = SHA256.hash(bytes).hex
                        out[r] = .file(Int64(st.st_size), hex)
                        if name == "journal.kp" { lineCounts[hex] = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
                    }
                }
            }
        }
        try walk("")
        return out
    }

    /// What changed between two snapshots, as problems. `allowed` (ws, N): ws/journal.kp grew by exactly N
    /// records (N = 0: it did not change) and an empty ws/journal.lock may have appeared; nothing else.
    func compare(_ a: [String: Entry], _ b: [String: Entry], allowed: (String, Int)?) -> [String] {
        var problems: [String] = []
        let emptyFile = Entry.file(0, SHA256.hash([UInt8]()).hex)
        for k in Set(a.keys).union(b.keys).sorted() where a[k] != b[k] {
            if let (ws, n) = allowed {
                if k == ws + "/journal.lock" && a[k] == nil && b[k] == emptyFile { continue }
                if k == ws + "/journal.kp" && n > 0 { continue }
            }
            problems.append(a[k] == nil ? "\(k) appeared" : b[k] == nil ? "\(k) disappeared" : "\(k) changed")
        }
        if let (ws, n) = allowed, n > 0 {
            let before = journalLines(ws, a), after = journalLines(ws, b)
            if after != before + n { problems.append("\(ws)/journal.kp has \(after) records, expected \(before) + \(n)") }
        }
        return problems
    }

    /// Records in ws/journal.kp for a snapshot taken now (`after`) — or, for the snapshot before, the
    /// count remembered when it was taken.
    func journalLines(_ ws: String, _ s: [String: Entry]) -> Int {
        guard case .file(_, let key)? = s[ws + "/journal.kp"] else { return 0 }
        return lineCounts[key] ?? 0
    }
}
