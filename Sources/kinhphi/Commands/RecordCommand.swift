import Foundation
import KinhPhi

/// `kinhphi record <workspace> --date … --line … --payee … --description … --amount … --method … --kind … [more]`
enum RecordCommand: Command {
    static let name = "record"
    static let summary = Bilingual(vi: "ghi một chứng từ chi vào nhật ký", en: "record one voucher in the journal")
    static let about = Bilingual(
        vi: """
            Kiểm tra chứng từ theo dự toán được duyệt và các quy tắc ghi sổ (docs/journal.md), rồi ghi thêm vào \
            <hồ sơ>/journal.kp và đồng bộ xuống đĩa (fsync) trước khi báo đã ghi. Chứng từ bị từ chối thì nhật ký \
            không thay đổi.
            Các tùy chọn là các cột của tệp nhập chứng từ (kinhphi import), dấu _ viết thành -. Số tiền tính bằng \
            đồng chẵn: 1.500.000 hoặc 1500000.
            """,
        en: """
            Checks the voucher against the approved budget and the recording rules (docs/journal.md), then \
            appends it to <workspace>/journal.kp and fsyncs before saying it is recorded. A refused voucher \
            leaves the journal unchanged.
            The options are the columns of the voucher import file (kinhphi import) with _ written -. Amounts in \
            whole đồng: 1.500.000 or 1500000.
            """)
    static let exits = Bilingual(vi: "0 đã ghi (in kèm cảnh báo nếu có) · 1 bị quy tắc từ chối (không ghi gì) · 2 đầu vào không dùng được.",
                                 en: "0 recorded (warnings printed) · 1 refused by a rule (nothing written) · 2 unusable input.")

    struct Options: CommandOptions {
        let workspace = Shared.workspace
        let voucher = VoucherFlags()
        let witness = Shared.witness
        let witnessKey = Shared.witnessKey
    }

    static func run(_ args: Arguments<Options>) throws -> CommandResult {
        let ws = try Workspace(path: try args[\.workspace])
        let texts = args.texts(\.voucher)
        let (voucher, errors) = VoucherInput.parse(
            { c in String(NumberParser.trimSpaces(texts[c.flag] ?? "")) },
            location: { c in SourceLocation(file: "--" + c.flag) })
        guard let voucher else { throw UsageError.badValues(errors) }
        let journal = try Journal.open(ws, settings: try JournalCLI.settings(witness: try args[\.witness], key: try args[\.witnessKey]))
        return JournalCLI.report(try journal.record(voucher), lang: args.lang)
    }
}

/// `record`'s options: one per voucher column (`VoucherColumn.flag`), read by the same code as an import
/// row (`VoucherInput`), which checks their values; here only that a value given is not blank.
struct VoucherFlags: DeclarationGroup {
    var specs: [DeclarationSpec] {
        VoucherColumn.allCases.map { c in
            let (placeholder, help) = VoucherFlags.describe(c)
            let reader = ValueReader.text(placeholder, expected: help)
            let role: DeclarationSpec.Role = VoucherColumn.required.contains(c) ? .required : .single
            return DeclarationSpec(name: c.flag, role: role, placeholder: placeholder, help: help, defaultText: nil, short: nil,
                                   check: DeclarationSpec.checker(reader))
        }
    }

    static func choices<T: RawRepresentable & CaseIterable>(_ t: T.Type) -> Bilingual where T.RawValue == String {
        let names = T.allCases.map(\.rawValue).joined(separator: "|")
        return Bilingual(vi: names, en: names)
    }

    /// How each column's flag is written and what it means.
    static func describe(_ c: VoucherColumn) -> (Bilingual, Bilingual) {
        let date = Bilingual(vi: "<dd/mm/yyyy>", en: "<dd/mm/yyyy>")
        let amount = Bilingual(vi: "<số tiền>", en: "<amount>")
        let number = Bilingual(vi: "<số>", en: "<number>")
        switch c {
        case .date: return (date, Bilingual(vi: "ngày chứng từ", en: "the voucher's date"))
        case .line: return (Bilingual(vi: "<mã dòng>", en: "<line>"),
                            Bilingual(vi: "dòng của dự toán được duyệt (ví dụ 3.1)", en: "the approved estimate's line (e.g. 3.1)"))
        case .payee: return (Bilingual(vi: "<tên>", en: "<name>"), Bilingual(vi: "người hoặc đơn vị nhận tiền", en: "the person or business paid"))
        case .description: return (Bilingual(vi: "<nội dung>", en: "<text>"), Bilingual(vi: "nội dung chi", en: "what is paid for"))
        case .amount: return (amount, Bilingual(vi: "số tiền của chứng từ (gồm cả thuế), lớn hơn 0", en: "the voucher's gross amount (taxes included), above 0"))
        case .method: return (choices(PaymentMethod.self), Bilingual(vi: "cash (tiền mặt) hoặc transfer (chuyển khoản)", en: "cash or transfer (bank transfer)"))
        case .kind: return (choices(VoucherKind.self), Bilingual(
            vi: "payment (thanh toán), advance (tạm ứng), clearing (thanh toán tạm ứng) hoặc refund (nộp trả ngân sách)",
            en: "payment, advance, clearing (of an advance) or refund (to the budget)"))
        case .payeeType: return (choices(PayeeType.self), Bilingual(
            vi: "individual (cá nhân) hoặc business (tổ chức); không ghi thì là business nếu có mã số thuế, individual nếu không",
            en: "individual or business; when left out, business if a tax code is given, individual otherwise"))
        case .taxCode: return (Bilingual(vi: "<mst>", en: "<tax code>"), Bilingual(
            vi: "mã số thuế của người nhận: 10 hoặc 12 chữ số, có thể thêm -3 chữ số", en: "the payee's tax code: 10 or 12 digits, optionally -3 digits"))
        case .vat: return (amount, Bilingual(vi: "thuế GTGT có trong số tiền", en: "VAT included in the amount"))
        case .pitWithheld: return (amount, Bilingual(vi: "thuế TNCN đã khấu trừ", en: "personal income tax withheld"))
        case .invoiceSeries: return (Bilingual(vi: "<ký hiệu>", en: "<series>"), Bilingual(vi: "ký hiệu hóa đơn", en: "the invoice's series"))
        case .invoiceNo: return (number, Bilingual(vi: "số hóa đơn", en: "the invoice's number"))
        case .invoiceDate: return (date, Bilingual(vi: "ngày hóa đơn", en: "the invoice's date"))
        case .contractNo: return (number, Bilingual(vi: "số hợp đồng", en: "the contract's number"))
        case .contractValue: return (amount, Bilingual(vi: "giá trị hợp đồng", en: "the contract's value"))
        case .voucherNo: return (number, Bilingual(vi: "số chứng từ (phiếu chi, ủy nhiệm chi…)", en: "the voucher's number"))
        case .ref: return (Bilingual(vi: "<số chứng từ>", en: "<voucher no>"), Bilingual(
            vi: "tham chiếu; với clearing: số chứng từ của khoản tạm ứng được thanh toán", en: "a reference; for a clearing: the voucher number of the advance it clears"))
        case .workDate: return (date, Bilingual(vi: "ngày làm công việc được trả, nếu khác ngày chứng từ", en: "when the work paid for was done, if not the voucher's date"))
        case .payeeId: return (Bilingual(vi: "<số định danh>", en: "<id>"), Bilingual(
            vi: "cá nhân nhận tiền: số định danh cá nhân (CCCD) 12 chữ số hoặc mã số thuế cá nhân 10 chữ số",
            en: "an individual payee: the 12-digit personal identification number (citizen ID) or the 10-digit personal tax code"))
        case .staff: return (Bilingual(vi: "yes|no", en: "yes|no"), Bilingual(
            vi: "yes nếu người nhận là cán bộ của đơn vị tổ chức (không khấu trừ 10% thuế TNCN tại đây)",
            en: "yes when the payee is the organiser's own staff (no flat 10 % PIT here)"))
        case .invoiceTotal: return (amount, Bilingual(vi: "tổng tiền của cả hóa đơn, khi chứng từ trả một phần hóa đơn chia cho nhiều dòng",
                                                      en: "the whole invoice's total, when the voucher pays one part of an invoice split over several lines"))
        case .invoiceVat: return (amount, Bilingual(vi: "thuế GTGT của cả hóa đơn", en: "the whole invoice's VAT"))
        case .net: return (amount, Bilingual(vi: "số thực nhận ghi trên chứng từ (kiểm tra = số tiền − thuế TNCN; không lưu)",
                                             en: "the net paid as written on the voucher (checked = amount − PIT; not stored)"))
        }
    }
}

/// Helpers shared by the journal commands.
enum JournalCLI {
    static func settings() throws(JournalError) -> JournalSettings {
        try JournalSettings.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// The settings of a command that writes the journal or checks it against its witness: `--witness`
    /// and `--witness-key` over the environment; there must be a witness.
    static func settings(witness: String?, key: String?) throws(JournalError) -> JournalSettings {
        var s = try settings()
        if let witness { s.witness = WitnessSettings(path: witness, keyPath: key ?? s.witness?.keyPath) }
        else if let key { s.witness?.keyPath = key }
        guard s.witness != nil else { throw .witness(.noLocation) }
        return s
    }

    /// What record and reverse print: the records written and the warnings, or why nothing was written.
    static func report(_ outcome: AppendOutcome, lang: Language) -> CommandResult {
        let vi = lang == .vi
        if outcome.refused {
            var lines = [vi ? "Không ghi: chứng từ bị từ chối (nhật ký không thay đổi)." : "Not recorded: the voucher is refused (the journal is unchanged)."]
            for f in outcome.findings { lines += JournalText.findingLines(f, lang, indent: 2) }
            return CommandResult(stderr: lines.joined(separator: "\n") + "\n", exitCode: .findings)
        }
        var lines: [String] = []
        for r in outcome.records {
            lines.append((vi ? "Đã ghi bản ghi " : "Recorded record ") + JournalText.describe(r, lang))
            lines.append("  hash \(r.hash.hex)")
        }
        for f in outcome.findings { lines += JournalText.findingLines(f, lang, indent: 2) }
        return CommandResult(stdout: lines.joined(separator: "\n") + "\n")
    }
}
