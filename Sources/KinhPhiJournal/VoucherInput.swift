import KinhPhiCore
import KinhPhiSystem

// Turning text cells into a voucher: the same code for a CSV row (`kinhphi import`) and for command-line
// flags (`kinhphi record`), so both accept exactly the same input. Every unusable cell is an InputError
// naming its column; all of a row's problems are reported together.

/// The columns of a voucher file (docs/journal.md §Import) — also the `record` flags (`--payee-type` …).
public enum VoucherColumn: String, CaseIterable, Sendable {
    case date, line, payee, description, amount, method, kind
    case payeeType = "payee_type", taxCode = "tax_code", vat, pitWithheld = "pit_withheld"
    case invoiceSeries = "invoice_series", invoiceNo = "invoice_no", invoiceDate = "invoice_date"
    case contractNo = "contract_no", contractValue = "contract_value", voucherNo = "voucher_no", ref
    case workDate = "work_date"
    case payeeId = "payee_id", staff, invoiceTotal = "invoice_total", invoiceVat = "invoice_vat", net

    public static let required: [VoucherColumn] = [.date, .line, .payee, .description, .amount, .method, .kind]

    /// The command-line flag: `--payee-type`.
    public var flag: String { rawValue.replacingOccurrences(of: "_", with: "-") }

    /// Position in `allCases` (for array-indexed lookups on hot paths).
    public var ordinal: Int {
        switch self {
        case .date: return 0
        case .line: return 1
        case .payee: return 2
        case .description: return 3
        case .amount: return 4
        case .method: return 5
        case .kind: return 6
        case .payeeType: return 7
        case .taxCode: return 8
        case .vat: return 9
        case .pitWithheld: return 10
        case .invoiceSeries: return 11
        case .invoiceNo: return 12
        case .invoiceDate: return 13
        case .contractNo: return 14
        case .contractValue: return 15
        case .voucherNo: return 16
        case .ref: return 17
        case .workDate: return 18
        case .payeeId: return 19
        case .staff: return 20
        case .invoiceTotal: return 21
        case .invoiceVat: return 22
        case .net: return 23
        }
    }
}

extension VoucherKind {
    static func parse(_ s: String) -> VoucherKind? {
        switch s {
        case "payment": return .payment
        case "advance": return .advance
        case "clearing": return .clearing
        case "refund": return .refund
        default: return options[s.lowercased()] ?? InputNames.voucherKinds.key(for: s).flatMap(VoucherKind.init(rawValue:))
        }
    }
}

extension PaymentMethod {
    static func parse(_ s: String) -> PaymentMethod? {
        switch s {
        case "transfer": return .transfer
        case "cash": return .cash
        default: return options[s.lowercased()] ?? InputNames.paymentMethods.key(for: s).flatMap(PaymentMethod.init(rawValue:))
        }
    }
}

extension PayeeType {
    static func parse(_ s: String) -> PayeeType? {
        switch s {
        case "business": return .business
        case "individual": return .individual
        default: return options[s.lowercased()] ?? InputNames.payeeTypes.key(for: s).flatMap(PayeeType.init(rawValue:))
        }
    }
}

/// Where the cells of one voucher come from: a CSV row, or command-line flags.
public protocol VoucherCells {
    /// The cell's text, trimmed ("" when empty or absent).
    func text(_ c: VoucherColumn) -> String
    /// The cell's trimmed bytes (empty when empty or absent), valid during the call.
    func withBytes<R>(_ c: VoucherColumn, _ body: (UnsafeRawBufferPointer) -> R) -> R
}

/// Cells given as strings (the `record` flags).
public struct StringCells: VoucherCells {
    let get: (VoucherColumn) -> String
    public init(_ get: @escaping (VoucherColumn) -> String) { self.get = get }
    public func text(_ c: VoucherColumn) -> String { get(c) }
    public func withBytes<R>(_ c: VoucherColumn, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var s = get(c)
        return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

/// A cell read from its bytes in one pass: empty, parsed by the fast path, or left to the general parser.
enum FastCell<T> { case empty, value(T), slow }

public enum VoucherInput {
    /// Builds a voucher from trimmed text cells ("" = empty). Returns the voucher, or every problem.
    public static func parse(_ cell: @escaping (VoucherColumn) -> String, location: (VoucherColumn) -> SourceLocation) -> (Voucher?, [InputError]) {
        parse(StringCells(cell), location: location)
    }

    /// Builds a voucher from cells. Numbers, dates and choices are read from the bytes (no String is
    /// made for them unless they need the general parser); text cells become Strings.
    public static func parse<C: VoucherCells>(_ cells: C, location: (VoucherColumn) -> SourceLocation) -> (Voucher?, [InputError]) {
        var errors: [InputError] = []
        func isEmpty(_ c: VoucherColumn) -> Bool { cells.withBytes(c) { $0.count == 0 } }
        func missing(_ c: VoucherColumn, _ isRequired: Bool) { if isRequired { errors.append(InputError(location(c), .required)) } }
        func text(_ c: VoucherColumn, required isRequired: Bool) -> String? {
            let v = cells.text(c)
            if v.isEmpty { missing(c, isRequired); return nil }
            if let bad = refused(v) {
                let what = TextSafety.describe(bad)
                errors.append(InputError(location(c), .badValue(text: v, expected: Bilingual(
                    vi: "văn bản một dòng, không có \(what.vi)", en: "one line of text without \(what.en)"))))
                return nil
            }
            if VoucherInput.isIdentifier(c), let p = Identifier.problem(v) {
                errors.append(InputError(location(c), .inconsistent(Bilingual(vi: "\"\(InputError.visible(v))\": " + p.message.vi,
                                                                               en: "\"\(InputError.visible(v))\": " + p.message.en))))
                return nil
            }
            return v
        }
        func fast<T>(_ c: VoucherColumn, _ f: (UnsafeRawBufferPointer) -> T?) -> FastCell<T> {
            cells.withBytes(c) { b in b.count == 0 ? .empty : (f(b).map { .value($0) } ?? .slow) }
        }
        func money(_ c: VoucherColumn, required isRequired: Bool, positive: Bool) -> Money? {
            var m: Money
            switch fast(c, fastMoney) {
            case .empty: missing(c, isRequired); return nil
            case .value(let v): m = v
            case .slow:
                let v = cells.text(c)
                do { m = try NumberParser.money(v) } catch {
                    errors.append(InputError(location(c), .badNumber(error, text: v))); return nil
                }
            }
            if positive && m.dong == 0 {
                errors.append(InputError(location(c), .badValue(text: cells.text(c), expected: Bilingual(vi: "số tiền lớn hơn 0", en: "an amount greater than 0"))))
                return nil
            }
            return m
        }
        func date(_ c: VoucherColumn, required isRequired: Bool) -> CivilDate? {
            switch fast(c, fastDate) {
            case .empty: missing(c, isRequired); return nil
            case .value(let d): return d
            case .slow:
                let v = cells.text(c)
                guard let d = CivilDate.parse(v) else { errors.append(InputError(location(c), .badDate(text: v))); return nil }
                return d
            }
        }
        func choice<T>(_ c: VoucherColumn, _ f: (UnsafeRawBufferPointer) -> T?, _ parse: (String) -> T?, _ expected: Bilingual, required isRequired: Bool) -> T? {
            switch fast(c, f) {
            case .empty: missing(c, isRequired); return nil
            case .value(let t): return t
            case .slow:
                let v = cells.text(c)
                guard let t = parse(v) else {
                    errors.append(InputError(location(c), .badValue(text: v, expected: expected))); return nil
                }
                return t
            }
        }
        func present(_ c: VoucherColumn, required isRequired: Bool) -> Bool {
            if !isEmpty(c) { return true }
            missing(c, isRequired)
            return false
        }

        let kind = choice(.kind, { b in
            equal(b, "payment") ? .payment : equal(b, "advance") ? .advance : equal(b, "clearing") ? .clearing : equal(b, "refund") ? VoucherKind.refund : nil
        }, VoucherKind.parse, VoucherKind.expected, required: true)
        let vDate = date(.date, required: true)
        let workDate = date(.workDate, required: false)
        let line = text(.line, required: true)
        let payee = text(.payee, required: true)
        let description = text(.description, required: true)
        let amount = money(.amount, required: true, positive: true)
        let method = choice(.method, { b in equal(b, "transfer") ? .transfer : equal(b, "cash") ? PaymentMethod.cash : nil },
                            PaymentMethod.parse, PaymentMethod.expected, required: true)
        var taxCode: String? = nil
        if present(.taxCode, required: false) {
            if cells.withBytes(.taxCode, { isTaxCode($0) }) { taxCode = cells.text(.taxCode) } else {
                errors.append(InputError(location(.taxCode), .badValue(text: cells.text(.taxCode), expected: Bilingual(
                    vi: "mã số thuế gồm 10 hoặc 12 chữ số, có thể thêm -3 chữ số (0101234567, 0101234567-001)",
                    en: "a tax code of 10 or 12 digits, optionally -3 digits (0101234567, 0101234567-001)"))))
            }
        }
        let payeeType = choice(.payeeType, { b in equal(b, "business") ? .business : equal(b, "individual") ? PayeeType.individual : nil },
                               PayeeType.parse, PayeeType.expected, required: false)
            ?? (isEmpty(.taxCode) ? .individual : .business)
        var payeeID: String? = nil
        if present(.payeeId, required: false) {
            let text = cells.text(.payeeId)
            if let problem = cells.withBytes(.payeeId, { PayeeID.problem($0) }) {
                switch problem {
                case .notAnID: errors.append(InputError(location(.payeeId), .badValue(text: text, expected: PayeeID.expected)))
                case .wrong(let why):
                    errors.append(InputError(location(.payeeId), .inconsistent(Bilingual(vi: "\"\(text)\": " + why.vi, en: "\"\(text)\": " + why.en))))
                }
            } else if payeeType == .business {
                errors.append(InputError(location(.payeeId), .inconsistent(Bilingual(
                    vi: "payee_id chỉ ghi cho cá nhân; mã số thuế của tổ chức ghi ở tax_code",
                    en: "payee_id is for an individual; a business's tax code goes in tax_code"))))
            } else {
                payeeID = text
            }
        }
        var staff = false
        if present(.staff, required: false) {
            let text = cells.text(.staff)
            // Core's yes/no spellings (có/không, yes/no, x, …), as every yes/no column.
            if let b = InputNames.yesNo(text) { staff = b } else {
                errors.append(InputError(location(.staff), .badValue(text: text, expected: Bilingual(
                    vi: "có (cán bộ của đơn vị tổ chức) hoặc không — " + InputNames.yesNoExpected.vi,
                    en: "yes (the organiser's own staff) or no — " + InputNames.yesNoExpected.en))))
            }
        }
        if staff && payeeType == .business {
            errors.append(InputError(location(.staff), .inconsistent(Bilingual(
                vi: "staff = yes chỉ dành cho cá nhân (cán bộ của đơn vị tổ chức)", en: "staff = yes is for an individual (the organiser's own staff)"))))
        }
        let vat = money(.vat, required: false, positive: false) ?? .zero
        let pit = money(.pitWithheld, required: false, positive: false) ?? .zero
        let series = text(.invoiceSeries, required: false)
        let invoiceNo = text(.invoiceNo, required: false)
        let invoiceDate = date(.invoiceDate, required: false)
        let contractNo = text(.contractNo, required: false)
        let contractValue = money(.contractValue, required: false, positive: true)
        let voucherNo = text(.voucherNo, required: false)
        let ref = text(.ref, required: false)
        let invoiceTotal = money(.invoiceTotal, required: false, positive: true)
        let invoiceVAT = money(.invoiceVat, required: false, positive: false)
        let net = money(.net, required: false, positive: false)
        if let invoiceTotal, let invoiceVAT, invoiceVAT > invoiceTotal {
            errors.append(InputError(location(.invoiceVat), .inconsistent(Bilingual(
                vi: "thuế GTGT của hóa đơn \(VietnameseNumberFormat.money(invoiceVAT)) lớn hơn tổng tiền hóa đơn \(VietnameseNumberFormat.money(invoiceTotal))",
                en: "the invoice's VAT \(VietnameseNumberFormat.moneyEnglish(invoiceVAT)) exceeds its total \(VietnameseNumberFormat.moneyEnglish(invoiceTotal))"))))
        }
        if let amount, let invoiceTotal, amount > invoiceTotal {
            errors.append(InputError(location(.invoiceTotal), .inconsistent(Bilingual(
                vi: "số tiền \(VietnameseNumberFormat.money(amount)) lớn hơn tổng tiền hóa đơn \(VietnameseNumberFormat.money(invoiceTotal))",
                en: "the amount \(VietnameseNumberFormat.moneyEnglish(amount)) exceeds the invoice total \(VietnameseNumberFormat.moneyEnglish(invoiceTotal))"))))
        }
        if let amount {
            if vat > amount {
                errors.append(InputError(location(.vat), .inconsistent(Bilingual(
                    vi: "thuế GTGT \(VietnameseNumberFormat.money(vat)) lớn hơn số tiền \(VietnameseNumberFormat.money(amount))",
                    en: "VAT \(VietnameseNumberFormat.moneyEnglish(vat)) exceeds the amount \(VietnameseNumberFormat.moneyEnglish(amount))"))))
            }
            if pit > amount {
                errors.append(InputError(location(.pitWithheld), .inconsistent(Bilingual(
                    vi: "thuế TNCN khấu trừ \(VietnameseNumberFormat.money(pit)) lớn hơn số tiền \(VietnameseNumberFormat.money(amount))",
                    en: "PIT withheld \(VietnameseNumberFormat.moneyEnglish(pit)) exceeds the amount \(VietnameseNumberFormat.moneyEnglish(amount))"))))
            }
        }
        if invoiceNo == nil && (series != nil || invoiceDate != nil || invoiceTotal != nil || invoiceVAT != nil) && errors.isEmpty {
            errors.append(InputError(location(.invoiceNo), .inconsistent(Bilingual(
                vi: "có ký hiệu, ngày, tổng tiền hoặc thuế GTGT của hóa đơn nhưng thiếu số hóa đơn (invoice_no)",
                en: "an invoice series, date, total or VAT without the invoice number (invoice_no)"))))
        }
        guard errors.isEmpty, let kind, let vDate, let line, let payee, let description, let amount, let method else {
            return (nil, errors)
        }
        return (Voucher(kind: kind, date: vDate, workDate: workDate == vDate ? nil : workDate, line: line, payee: payee,
                        payeeType: payeeType, taxCode: taxCode, description: description, amount: amount, vat: vat,
                        pitWithheld: pit, method: method, invoiceSeries: series, invoiceNumber: invoiceNo,
                        invoiceDate: invoiceDate, contractNumber: contractNo, contractValue: contractValue,
                        voucherNumber: voucherNo, ref: ref, payeeID: payeeID, staff: staff,
                        invoiceTotal: invoiceTotal, invoiceVAT: invoiceVAT, statedNet: net), [])
    }

    @inline(__always) static func equal(_ b: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        b.count == literal.utf8CodeUnitCount && Bytes.equal(b.baseAddress!, literal.utf8Start, count: b.count)
    }

    /// Plain digits (no grouping) up to 15 digits: the common case, without the general parser.
    static func fastMoney(_ u: UnsafeRawBufferPointer) -> Money? {
        guard u.count > 0, u.count <= 15 else { return nil }
        var v: Int64 = 0
        for b in u {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int64(b - 48)
        }
        return try? Money(dong: v)
    }

    /// dd/mm/yyyy or yyyy-mm-dd with two-digit day and month.
    static func fastDate(_ u: UnsafeRawBufferPointer) -> CivilDate? {
        guard u.count == 10 else { return nil }
        func d(_ i: Int) -> Int? { let c = u[i]; return c >= 48 && c <= 57 ? Int(c - 48) : nil }
        if u[2] == 47 && u[5] == 47 {
            guard let a = d(0), let b = d(1), let c = d(3), let e = d(4), let y0 = d(6), let y1 = d(7), let y2 = d(8), let y3 = d(9) else { return nil }
            return CivilDate(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: c * 10 + e, day: a * 10 + b)
        }
        if u[4] == 45 && u[7] == 45 {
            guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), let c = d(5), let e = d(6), let a = d(8), let b = d(9) else { return nil }
            return CivilDate(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: c * 10 + e, day: a * 10 + b)
        }
        return nil
    }

    /// The columns that are identifiers, compared as people read them for duplicates (`Identifier`): a
    /// value mixing scripts or holding an invisible character is refused. (A switch, not a Set: no hashing
    /// per cell.)
    @inline(__always)
    static func isIdentifier(_ c: VoucherColumn) -> Bool {
        switch c {
        case .voucherNo, .invoiceSeries, .invoiceNo, .contractNo, .ref, .taxCode: return true
        default: return false
        }
    }

    /// The first refused character of a text cell (`TextSafety`: control characters — TAB and line breaks
    /// included —, bidirectional controls, line separators), if any.
    static func refused(_ s: String) -> Unicode.Scalar? { TextSafety.forbidden(in: s) }

    /// 10 or 12 digits, optionally followed by "-" and 3 digits (branch tax codes).
    /// (A business's tax code: its check digit is not verified — docs/decisions.md.)
    static func isTaxCode(_ u: UnsafeRawBufferPointer) -> Bool {
        var digits = 0
        var i = 0
        while i < u.count && u[i] >= 48 && u[i] <= 57 { digits += 1; i += 1 }
        guard digits == 10 || digits == 12 else { return false }
        if i == u.count { return true }
        guard u[i] == 45, u.count - i - 1 == 3 else { return false }
        for j in (i + 1)..<u.count where !(u[j] >= 48 && u[j] <= 57) { return false }
        return true
    }
}

/// An individual's identifier (`payee_id`): the 12-digit personal identification number of the citizen ID
/// card (căn cước công dân, which is also the person's tax code from 01/07/2025), or a 10-digit personal
/// tax code (mã số thuế cá nhân) whose tenth digit is its check digit. A 13-digit code (10 digits, "-", 3
/// digits) belongs to an organisation's dependent unit, never to a person. docs/decisions.md gives the
/// sources.
enum PayeeID {
    static let expected = Bilingual(
        vi: "số định danh cá nhân (CCCD) 12 chữ số hoặc mã số thuế cá nhân 10 chữ số, chỉ gồm chữ số",
        en: "a 12-digit personal identification number (citizen ID) or a 10-digit personal tax code, digits only")

    /// What is wrong with a cell that is not an identifier.
    enum Problem: Equatable {
        /// Not the shape of one: say what is expected.
        case notAnID
        /// The shape of something else (a branch tax code, an old ID card number) or a wrong check digit.
        case wrong(Bilingual)
    }

    /// What is wrong with the cell, or nil when it is an identifier.
    static func problem(_ u: UnsafeRawBufferPointer) -> Problem? {
        let need = Bilingual(vi: "; cần " + expected.vi, en: "; expected " + expected.en)
        for b in u where !(b >= 48 && b <= 57) {
            if b == 45 && u.count == 14 {
                return .wrong(Bilingual(vi: "mã số thuế 13 số (có -3 chữ số) là của đơn vị phụ thuộc của tổ chức, không phải của cá nhân" + need.vi,
                                        en: "a 13-digit tax code (with -3 digits) belongs to an organisation's dependent unit, not to a person" + need.en))
            }
            return .notAnID
        }
        switch u.count {
        case 12: return nil
        case 10:
            return taxCodeCheckDigitOK(u) ? nil : .wrong(Bilingual(
                vi: "mã số thuế cá nhân 10 chữ số này có chữ số kiểm tra (chữ số thứ 10) không khớp: kiểm tra lại từng chữ số",
                en: "this 10-digit personal tax code's check digit (the 10th) does not match: check each digit"))
        case 13:
            return .wrong(Bilingual(vi: "mã số thuế 13 số là của đơn vị phụ thuộc của tổ chức, không phải của cá nhân" + need.vi,
                                    en: "a 13-digit tax code belongs to an organisation's dependent unit, not to a person" + need.en))
        case 9:
            return .wrong(Bilingual(vi: "số CMND 9 chữ số không còn dùng: ghi số định danh cá nhân (CCCD) 12 chữ số",
                                    en: "a 9-digit old identity card number is no longer used: give the 12-digit personal identification number"))
        default: return .notAnID
        }
    }

    /// The check digit of a 10-digit tax code: weights 31 29 23 19 17 13 7 5 3 on the first nine digits,
    /// check = 10 − (Σ mod 11) (python-stdnum `stdnum.vn.mst`, docs/decisions.md).
    static func taxCodeCheckDigitOK(_ u: UnsafeRawBufferPointer) -> Bool {
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        var total = 0
        for i in 0..<9 { total += weights[i] * Int(u[i] - 48) }
        return 10 - total % 11 == Int(u[9] - 48)
    }
}
