import Foundation
import XCTest
import KinhPhi
import TestSupport
@testable import KinhPhiJournal

/// The journal's one codec and one chain reader: the field table, validate and decode agreeing, control
/// characters and escapes refused alike by every reader, the writer refusing what the reader refuses, the
/// one invoice key, and the reader giving the same answer however the file is cut into parts and rounds.
final class JournalCodecTests: XCTestCase {
    var t: JournalTestWorkspace!
    override func setUpWithError() throws { t = try JournalTestWorkspace() }
    override func tearDown() { t = nil }

    // MARK: Helpers

    /// Journal lines from record bodies, chained from approved.json (prev/hash computed here, independently
    /// of the code under test).
    func chained(_ bodies: [String]) throws -> [UInt8] {
        var out: [UInt8] = []
        var prev = SHA256.hash([UInt8](try XCTUnwrap(FileManager.default.contents(atPath: t.ws.file("approved.json"))))).hex
        for b in bodies {
            let line = b + "\tprev=" + prev
            let h = SHA256.hash(Array(line.utf8)).hex
            out += Array((line + "\thash=" + h + "\n").utf8)
            prev = h
        }
        return out
    }

    static let payment = "seq=1\tat=2025-11-25T03:00:00Z\tkind=payment\tdate=2025-11-20\tline=1.1\tpayee=Công ty A\tpayee_type=business"
        + "\ttax_code=0101234567\tdescription=In tài liệu\tamount=100000\tmethod=transfer\tvoucher_no=PC-01"

    /// What every reader says of the journal on disk: verify, the ledger (full checks: a small journal),
    /// forEachRecord and streamRecords. nil = read without a problem.
    func everyReader() throws -> (verify: RecordProblem?, ledger: RecordProblem?, each: RecordProblem?, stream: RecordProblem?) {
        func problem(_ body: () throws -> Void) -> RecordProblem? {
            do { try body(); return nil } catch JournalError.broken(let b) { return b.problem } catch {
                XCTFail("not a broken record: \(error)"); return nil
            }
        }
        let j = try t.journal()
        let v = try j.verify()
        return (v.bad?.problem, problem { _ = try j.ledger() }, problem { try j.forEachRecord { _ in } },
                problem { try j.streamRecords(makeSink: { CountingSink() }, drain: { _ in }) })
    }

    final class CountingSink: RecordStreamSink {
        var seqs: [Int] = []
        func take(_ record: RecordView) { seqs.append(record.seq) }
    }

    // MARK: The table

    func testFieldTableListsEveryKeyInLineOrder() {
        // docs/journal.md, "The journal file": the keys in the order a line carries them.
        XCTAssertEqual(FieldTable.rules.map(\.key.name), ["seq", "at", "more", "kind", "date", "work_date", "line", "payee", "payee_type",
            "tax_code", "payee_id", "staff", "description", "amount", "vat", "pit_withheld", "method", "invoice_series", "invoice_no",
            "invoice_date", "invoice_total", "invoice_vat", "contract_no", "contract_value", "voucher_no", "ref", "clears", "of", "reason", "version", "sha256"])
        XCTAssertEqual(FieldTable.textKeys.map(\.name), ["line", "payee", "tax_code", "payee_id", "description", "invoice_series", "invoice_no",
                                                         "contract_no", "voucher_no", "ref", "reason"])
        // Only a clearing (or a refund recovering an advance: the same class) carries clears; only a
        // reversal carries of, and no voucher field; only an adjustment carries version and sha256, and of the
        // voucher fields only date.
        let clears = FieldTable.rules[RecordKey.clears.rawValue]
        XCTAssertEqual([clears.voucher, clears.clearing, clears.reversal, clears.adjustment], [.forbidden, .required, .forbidden, .forbidden])
        for r in FieldTable.rules where r.key.rawValue >= RecordKey.date.rawValue && r.key.rawValue <= RecordKey.ref.rawValue {
            XCTAssertEqual(r.reversal, .forbidden, r.key.name)
            XCTAssertEqual(r.adjustment, r.key == .date ? .required : .forbidden, r.key.name)
        }
        for k in [RecordKey.version, .sha256] {
            let r = FieldTable.rules[k.rawValue]
            XCTAssertEqual([r.voucher, r.clearing, r.reversal, r.adjustment], [.forbidden, .forbidden, .forbidden, .required], k.name)
        }
        XCTAssertEqual(FieldTable.rules[RecordKey.reason.rawValue].adjustment, .optional)
    }

    /// `validate` (verify) and `decode` (forEachRecord) read through the same table: on thousands of damaged
    /// lines, a line passes one exactly when it passes the other, with the same problem.
    func testValidateAndDecodeAgreeOnDamagedLines() throws {
        try t.record(voucher(.advance, line: "3.1", amount: 20_000_000, date: date(10, 11, 2025), contractNo: "HĐ 12/2025",
                             contractValue: 55_000_000, voucherNo: "TU-01"))
        // An individual on the advance's contract (every optional field, the issue-14 ones too): 10 % PIT of
        // 21.600.000 = 2.160.000; VAT on an invoice (of the whole 43.200.000, VAT 3.200.000).
        var c = Voucher(kind: .clearing, date: date(25, 11, 2025), workDate: date(22, 11, 2025), line: "3.1", payee: "Ông \\ Sự kiện",
                        payeeType: .individual, taxCode: "0101234567-001", description: "Thanh toán tạm ứng đợt 1", amount: Money(21_600_000),
                        vat: Money(1_600_000), pitWithheld: Money(2_160_000), method: .transfer, invoiceSeries: "1C25TAA", invoiceNumber: "0000456",
                        invoiceDate: date(24, 11, 2025), contractNumber: "HĐ 12/2025", contractValue: Money(55_000_000),
                        voucherNumber: "TT-01", ref: "TU-01", payeeID: "001085012345",
                        invoiceTotal: Money(43_200_000), invoiceVAT: Money(3_200_000))
        c.clears = nil
        try t.record(c)
        XCTAssertFalse(try t.journal().reverse(2, reason: "nhầm\\số").refused)
        try t.record(personal(staff: true, line: "1.1", amount: 100_000, voucherNo: "PC-09"))   // staff=1
        // An adjustment record (kind=adjustment, version, sha256) among the lines mutated.
        let amounts = try DecisionAmounts.read(path: t.dir.write("dc.csv", "line,approved\n1.1,9.000.000\n"))
        XCTAssertFalse(try t.journal().adjust(decisionNumber: "3456/QĐ-UBND", date: date(25, 11, 2025), amounts: amounts, reason: "tăng dòng 1.1").refused)
        // An older record's escaped TAB and LF (new text cannot hold them: TextSafety), in the lines mutated.
        let good = t.lines.map { Array($0.replacingOccurrences(of: "description=Thanh toán tạm ứng đợt 1", with: "description=Thanh toán\\ttạm ứng\\nđợt 1").utf8) }
        // Mutations a byte at a time: a byte replaced by one of the format's own bytes, or removed.
        let alphabet: [UInt8] = Array("09=\t\\tnrx-:TZ.aé".utf8) + [0x00, 0x01, 0x7F, 0xC2, 0x85, 0x0D]
        var rng = SplitMix(seed: 10)
        var fields = RecordFields()
        var compared = 0, failed = 0
        for _ in 0..<6000 {
            var line = good[Int(rng.next() % UInt64(good.count))]
            let i = Int(rng.next() % UInt64(line.count - 140))   // the body: prev/hash are the chain's business
            if rng.next() % 4 == 0 { line.remove(at: i) } else { line[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            try line.withUnsafeBytes { b in
                guard fields.split(b) == nil else { return }
                compared += 1
                let v = RecordCodec.validate(fields)
                switch RecordCodec.decode(fields) {
                case .success: XCTAssertNil(v, "decode accepted what validate refuses: \(String(decoding: line, as: UTF8.self))")
                case .failure(let p):
                    failed += 1
                    XCTAssertEqual(v, p, String(decoding: line, as: UTF8.self))
                    _ = try XCTUnwrap(v)
                }
            }
        }
        // Sanity of the sample itself: most mutants still split, and both outcomes occur.
        XCTAssertGreaterThan(compared, 3000)
        XCTAssertGreaterThan(failed, 500)
        XCTAssertGreaterThan(compared - failed, 500)
    }

    // MARK: One rule for every reader

    /// The old decoder took any clears > 0; verify wanted clears < seq. Now both: a clearing must name an
    /// earlier record.
    func testClearsMustNameAnEarlierRecordForEveryReader() throws {
        let clearing = "seq=1\tat=2025-11-25T03:00:00Z\tkind=clearing\tdate=2025-11-20\tline=1.1\tpayee=A\tpayee_type=individual"
            + "\tdescription=Thanh toán tạm ứng\tamount=1000\tmethod=cash\tclears=1"
        t.writeJournal(try chained([clearing]))
        let r = try everyReader()
        XCTAssertEqual(r.verify, .invalidField("clears"))
        XCTAssertEqual(r.ledger, .invalidField("clears"))
        XCTAssertEqual(r.each, .invalidField("clears"))
        XCTAssertEqual(r.stream, .invalidField("clears"))
    }

    /// The old RecordStream turned `\x` into `x`; the old decoder refused it. Now there is one unescape, and
    /// it refuses: every reader that reads the field refuses the record.
    func testAnInvalidEscapeIsRefusedByEveryReaderThatReadsIt() throws {
        // In the line code, which every reader reads.
        t.writeJournal(try chained([Self.payment.replacingOccurrences(of: "line=1.1", with: "line=1\\x.1")]))
        var r = try everyReader()
        XCTAssertEqual(r.verify, .badEscape(field: "line"))
        XCTAssertEqual(r.ledger, .badEscape(field: "line"))
        XCTAssertEqual(r.each, .badEscape(field: "line"))
        XCTAssertEqual(r.stream, .badEscape(field: "line"))
        // In the description: verify and the full reads refuse it; the voucher list CSV, which writes it, too.
        let good = try chained([Self.payment])
        t.writeJournal(good)
        let ledger = try t.ledger()
        t.writeJournal(try chained([Self.payment.replacingOccurrences(of: "In tài liệu", with: "In\\x tài liệu")]))
        r = try everyReader()
        XCTAssertEqual(r.verify, .badEscape(field: "description"))
        XCTAssertEqual(r.ledger, .badEscape(field: "description"))
        XCTAssertEqual(r.each, .badEscape(field: "description"))
        XCTAssertNil(r.stream, "a sink that reads no text takes the record")
        let file = try AtomicFileWriter(path: t.dir.path + "/bang-ke.csv")
        let settlement = try Settlement.build(ledger, draft: false)
        XCTAssertThrowsError(try SettlementReport.writeVoucherCSV(try t.journal(), ledger: ledger, settlement: settlement, to: file, header: .keys)) { e in
            XCTAssertEqual(e as? JournalError, .broken(BadRecord(line: 1, problem: .badEscape(field: "description"))))
        }
        file.abandon()
    }

    /// Text holds no control character but TAB, LF and CR, and those only as escapes: a raw C0 byte (a
    /// raw CR included), DEL, and a C1 control (U+0085 NEXT LINE) are refused by verify and by the full
    /// reads; the escaped forms read back (JournalFormatTests.testTextIsEscapedAndReadsBack).
    func testControlCharactersInTextAreRefused() throws {
        for (text, code) in [("Công ty\u{01}A", UInt32(1)), ("Công ty\rA", 13), ("Công ty\u{1B}[2J", 27), ("Công ty\u{7F}", 127),
                             ("Công ty\u{85}A", 0x85), ("Công ty\u{9F}", 0x9F)] {
            t.writeJournal(try chained([Self.payment.replacingOccurrences(of: "payee=Công ty A", with: "payee=" + text)]))
            let r = try everyReader()
            XCTAssertEqual(r.verify, .controlCharacter(field: "payee", code: code), text.debugDescription)
            XCTAssertEqual(r.ledger, .controlCharacter(field: "payee", code: code), text.debugDescription)
            XCTAssertEqual(r.each, .controlCharacter(field: "payee", code: code), text.debugDescription)
        }
        // U+00A0 (no-break space, C2 A0) and U+00C2 (Â, C3 82) are text, not controls.
        t.writeJournal(try chained([Self.payment.replacingOccurrences(of: "payee=Công ty A", with: "payee=Công\u{A0}ty Â")]))
        let r = try everyReader()
        XCTAssertNil(r.verify); XCTAssertNil(r.ledger); XCTAssertNil(r.each); XCTAssertNil(r.stream)
    }

    func testTheOneUnescape() {
        func unescape(_ s: String) -> (Bool, String) {
            var out: [UInt8] = []
            let ok = Array(s.utf8).withUnsafeBytes { JournalText.unescape($0, into: &out) }
            return (ok, String(decoding: out, as: UTF8.self))
        }
        XCTAssertEqual(unescape("a\\tb\\\\c\\nd\\re").1, "a\tb\\c\nd\re")
        XCTAssertTrue(unescape("a\\tb\\\\c\\nd\\re").0)
        XCTAssertTrue(unescape("không thoát").0)
        XCTAssertFalse(unescape("a\\x").0)
        XCTAssertFalse(unescape("a\\").0)
    }

    // MARK: The writer refuses what the reader would refuse

    func testTheWriterRefusesWhatCannotBeReadBack() throws {
        let before = t.journalBytes
        var v = voucher(amount: 100_000)
        v.payee = "Công ty\u{85}A"
        XCTAssertThrowsError(try t.journal().record(v)) { e in
            XCTAssertEqual(e as? JournalError, .unwritable(.controlCharacter(field: "payee", code: 0x85)))
        }
        v.payee = "Công ty A"
        v.voucherNumber = ""
        XCTAssertThrowsError(try t.journal().record(v)) { e in XCTAssertEqual(e as? JournalError, .unwritable(.emptyField("voucher_no"))) }
        XCTAssertEqual(t.journalBytes, before)
        try t.record(voucher(amount: 100_000))
        let one = t.journalBytes
        XCTAssertThrowsError(try t.journal().reverse(1, reason: "sai\u{7F}")) { e in
            XCTAssertEqual(e as? JournalError, .unwritable(.controlCharacter(field: "reason", code: 0x7F)))
        }
        XCTAssertEqual(t.journalBytes, one)
        // TAB, LF and CR: refused in new text (TextSafety, issue 11) …
        v.voucherNumber = nil
        v.description = "a\tb\nc\rd"
        XCTAssertThrowsError(try t.journal().record(v)) { e in
            XCTAssertEqual(e as? JournalError, .unwritable(.controlCharacter(field: "description", code: 9)))
        }
        XCTAssertEqual(t.journalBytes, one)
        // … and still read in an older record, where they are escaped (the format is unchanged): record 1's
        // description given a TAB, LF and CR, its hash recomputed.
        let body = t.lines[0].components(separatedBy: "\thash=")[0].replacingOccurrences(of: "description=Chi hội nghị", with: "description=a\\tb\\nc\\rd")
        t.writeJournal(Array((body + "\thash=" + SHA256.hash(body).hex + "\n").utf8))
        XCTAssertTrue(try t.journal().verify().isOK)
        XCTAssertEqual(try t.journal().forEachRecordCollecting().first?.body.voucher?.description, "a\tb\nc\rd")
    }

    /// `kinhphi record` and `import` refuse the same characters before anything reaches the journal.
    func testVoucherInputRefusesTheSameControlCharacters() {
        for (payee, code) in [("Nguyễn\u{85}An", "U+0085"), ("Nguyễn\u{7F}", "U+007F"), ("Nguyễn\u{1B}", "U+001B"), ("An\tB", "U+0009"),
                              ("An\nB", "U+000A"), ("An\u{202E}B", "U+202E"), ("An\u{2028}B", "U+2028")] {
            let cells: [VoucherColumn: String] = [.date: "20/11/2025", .line: "1.1", .payee: payee, .description: "x", .amount: "1.000",
                                                  .method: "cash", .kind: "payment"]
            let (v, errors) = VoucherInput.parse({ cells[$0] ?? "" }, location: { SourceLocation(file: "x.csv", line: 2, field: $0.rawValue) })
            XCTAssertNil(v)
            XCTAssertEqual(errors.first?.location.field, "payee")
            XCTAssertTrue(errors.first?.message(.en).contains(code) ?? false, errors.first?.message(.en) ?? "")
        }
        let cells: [VoucherColumn: String] = [.date: "20/11/2025", .line: "1.1", .payee: "Nguyễn\u{A0}Văn Â", .description: "a “b” – c", .amount: "1.000",
                                              .method: "cash", .kind: "payment"]
        XCTAssertNotNil(VoucherInput.parse({ cells[$0] ?? "" }, location: { SourceLocation(file: "x.csv", line: 2, field: $0.rawValue) }).0)
    }

    // MARK: One invoice key, one voucher-number key

    func testInvoiceKeyOfAVoucherIsTheKeyOfItsLine() throws {
        func key(_ v: Voucher) -> [UInt8] { var k: [UInt8] = []; XCTAssertTrue(InvoiceKey.append(v, to: &k)); return k }
        func keyOfLine(_ line: String) throws -> [UInt8] {
            var f = RecordFields()
            var k: [UInt8] = []
            try Array(line.utf8).withUnsafeBytes { b in
                XCTAssertNil(f.split(b))
                XCTAssertTrue(try InvoiceKey.append(f, to: &k))
            }
            return k
        }
        // By hand: tax code, 0x1F, series as an identifier key (lower case), 0x1F, number as a key without
        // leading zeros. (The series holds a backslash and a "t": escaped in the line, the same key.)
        var v = voucher(amount: 100_000, invoiceSeries: "1C25\\tAA", invoiceNo: "000123")
        XCTAssertEqual(key(v), Array("0101234567\u{1F}1c25\\taa\u{1F}123".utf8))
        try t.record(v)
        XCTAssertEqual(try keyOfLine(t.lines[0]), key(v))
        v.invoiceNumber = "0000"
        XCTAssertEqual(key(v).suffix(2), [0x1F, 0x30])
        v.invoiceNumber = "AB0012"
        XCTAssertEqual(key(v).suffix(7), Array("\u{1F}ab0012".utf8))
        // Written another way, the same key (Identifier: NFKC, case folded, look-alikes).
        v.invoiceNumber = "ＡＢ００１２"
        XCTAssertEqual(key(v).suffix(7), Array("\u{1F}ab0012".utf8))
        var n: [UInt8] = []
        VoucherNumberKey.append("PC-01Đ", to: &n)
        XCTAssertEqual(n, Array("pc-01đ".utf8))
        n = []
        VoucherNumberKey.append("\u{420}\u{421}\u{2011}01\u{110}", to: &n)
        XCTAssertEqual(n, Array("pc-01đ".utf8))
    }

    // MARK: One reader, however the file is cut

    /// The same journal read in one part, in parts on three threads, and in small rounds: the same state,
    /// and, once a record is damaged, the same outcome — for damage anywhere.
    func testEveryCutOfTheFileGivesTheSameOutcome() throws {
        var text = JournalImportTests.header + "\n"
        for i in 0..<60 {
            text += "22/11/2025,3.2,Công ty A,business,0101234567,Âm thanh đợt \(i),10.000,,,transfer,payment,1C25TAA,\(1000 + i),22/11/2025,,,PC-\(i),,\n"
        }
        XCTAssertTrue(try t.journal().importCSV(path: t.csv("v.csv", text)).committed)
        try t.record(personal(.advance, staff: true, line: "1.1", amount: 500_000, voucherNo: "TU-01"))
        try t.record(personal(.clearing, staff: true, line: "1.1", amount: 400_000, voucherNo: "TT-01", ref: "TU-01"))
        XCTAssertFalse(try t.journal().reverse(5, reason: "nhầm").refused)
        let good = t.journalBytes
        typealias Cut = (threads: Int, parallelFrom: Int64?, rounds: Int64?)
        let cuts: [Cut] = [(1, nil, nil), (3, 0, nil), (2, 0, 2_000), (3, 0, 5_000), (1, nil, 700)]
        func outcomes() throws -> [String] {
            try cuts.map { c in
                let (o, s) = try t.journal().scan(checks: .full, indexes: true, threads: c.threads, parallelFrom: c.parallelFrom, roundBytes: c.rounds)
                switch o {
                case .intact(let n, let h): return "intact \(n) \(String(decoding: h, as: UTF8.self)) paid \(s.paid[1]) inv \(s.cross.invoices.count) vou \(s.cross.vouchers.count) ppl \(s.cross.personDays.count) pay \(s.cross.payments.count)"
                case .torn(let tt, let h): return "torn \(tt) \(String(decoding: h, as: UTF8.self))"
                case .broken(let b, let h): return "broken \(b) \(String(decoding: h, as: UTF8.self))"
                case .approvalChanged(let a): return "approval \(a)"
                case .stopped: return "stopped"
                }
            }
        }
        let intact = try outcomes()
        XCTAssertEqual(Set(intact).count, 1, intact.joined(separator: "\n"))
        XCTAssertTrue(intact[0].hasPrefix("intact 63 "), intact[0])
        // Damage at every 211th byte: one byte changed, or the file cut there.
        var rng = SplitMix(seed: 3)
        for at in stride(from: 5, to: good.count, by: 211) {
            var bad = good
            if rng.next() % 3 == 0 { bad.removeSubrange(at...) } else { bad[at] = bad[at] == 0x31 ? 0x32 : 0x31 }
            t.writeJournal(bad)
            let o = try outcomes()
            XCTAssertEqual(Set(o).count, 1, "damage at \(at):\n" + o.joined(separator: "\n"))
        }
    }
}

/// A small deterministic generator for the tests' samples.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Journal {
    /// Every record, decoded (`forEachRecord`), in an array.
    func forEachRecordCollecting() throws -> [JournalRecord] {
        var out: [JournalRecord] = []
        try forEachRecord { out.append($0) }
        return out
    }
}
