import KinhPhiCore
import KinhPhiSystem

// What the writers' checks see across records (issue 14): invoices and vouchers split over several lines,
// contracts over several records, payees as people. Kept only when the journal is read to write to it
// (`JournalState.withIndexes`); every lookup and every update is O(1): exact hash indexes over byte keys
// (ByteKeyIndex) and small entries, no scan of earlier records.
//
//   invoice          seller's tax code + series + number           → InvoiceEntry (parts, Σ amount, Σ VAT, total, VAT)
//   invoice + line   the same, on one approved line                 → the seq holding it there (same invoice twice on a
//                    line; used only for the parts beyond the first line: the entry holds its first line's record)
//   voucher          voucher number                                 → VoucherEntry (the document: payee, date, kind, parts)
//   voucher + line   the same, on one approved line                 → the seq holding it there (a clearing's advance;
//                    likewise only beyond the first line)
//   person + day     an individual (payee_id, else name) + date     → PersonDay (Σ income, Σ PIT withheld that day)
//   payee id         payee_id                                       → the first name recorded under it
//   payment          payee + line + amount                          → the latest payment (a likely double payment)
//   contract         contract number                                → ContractEntry (Σ advances, value)
//
// Every record's links to its entries are kept (`RecordExtra`) so that a reversal takes its part back out.

/// An invoice paid in parts (one part per line; usually one part).
struct InvoiceEntry {
    /// Effective parts (records not reversed). When it falls to 0 the invoice is free again.
    var parts: Int32 = 0
    /// Σ gross amount and Σ VAT of the effective parts.
    var sum: Int64 = 0
    var vatSum: Int64 = 0
    /// The whole invoice's total and VAT as first given by a part (`invoice_total`, `invoice_vat`); 0 = not given.
    var total: Int64 = 0
    var vat: Int64 = 0
    /// The record that gave them.
    var totalSeq: Int32 = 0
    var vatSeq: Int32 = 0
    /// The line of the first part and the latest record on it (most invoices have one line: the
    /// `invoice + line` index is used only once a part lies on another line: `multi`).
    var line: Int32 = -1
    var lineSeq: Int32 = 0
    var multi = false
}

/// One voucher (a document with a number): its parts on several lines share the number, the payee, the
/// date and the kind.
struct VoucherEntry {
    var parts: Int32 = 0
    /// ByteKeyIndex.hash of the payee's key (PayeeKey).
    var payee: UInt64 = 0
    /// yyyymmdd.
    var date: Int32 = 0
    var kind: UInt8 = 0
    /// The latest part.
    var seq: Int32 = 0
    /// As in InvoiceEntry: the first part's line, the latest record on it, and whether parts lie elsewhere.
    var line: Int32 = -1
    var lineSeq: Int32 = 0
    var multi = false
}

/// What one person was paid on one day (income to an individual who is not the organiser's staff).
public struct PersonDay: Sendable {
    /// Σ gross amount and Σ PIT withheld of the effective payments and clearings.
    public internal(set) var gross: Int64 = 0
    public internal(set) var pit: Int64 = 0
    public internal(set) var count: Int32 = 0
    /// The latest of them.
    public internal(set) var seq: Int32 = 0
}

/// A payee_id and the name first recorded with it.
struct PayeeIDEntry {
    /// ByteKeyIndex.hash of the name's NameKey.
    var name: UInt64
    var seq: Int32
}

/// A contract across its records.
struct ContractEntry {
    /// Effective records naming the contract; at 0 its value is forgotten (all were reversed).
    var records: Int32 = 0
    /// Σ effective advances on it (all lines).
    var advanced: Int64 = 0
    /// Its value as first given; 0 = not given.
    var value: Int64 = 0
    var valueSeq: Int32 = 0
}

/// Per record, its links to the entries (entry index + 1; 0 = none) and what it added to them.
struct RecordExtra {
    var vat: Int64 = 0
    var pit: Int64 = 0
    var invoice: Int32 = 0
    var voucher: Int32 = 0
    var person: Int32 = 0
    var contract: Int32 = 0
}

/// One record's base keys, back to back in a byte buffer from `start` (lengths -1 = absent), and the
/// numbers the entries keep. Built from a voucher (`make(_:into:)`) or from a journal line (the state's
/// sink), so that both paths update the indexes with the same code.
struct KeyedRecord {
    var start = 0
    var invoiceLen: Int32 = -1
    var voucherLen: Int32 = -1
    var payeeLen: Int32 = 0
    var payeeIDLen: Int32 = -1
    var contractLen: Int32 = -1
    /// NameKey hash of the payee's name, for an individual with a payee_id (0 otherwise).
    var nameHash: UInt64 = 0
    var vat: Int64 = 0
    var pit: Int64 = 0
    var invoiceTotal: Int64 = 0
    var invoiceVat: Int64 = 0
    var contractValue: Int64 = 0
    var individual = false
    var staff = false

    /// The keys of a voucher, appended to `buf`.
    static func make(_ v: Voucher, into buf: inout [UInt8]) -> KeyedRecord {
        var k = KeyedRecord()
        k.start = buf.count
        var at = buf.count
        if v.kind != .refund, InvoiceKey.append(v, to: &buf) { k.invoiceLen = Int32(buf.count - at) }
        at = buf.count
        if let n = v.voucherNumber { VoucherNumberKey.append(n, to: &buf); k.voucherLen = Int32(buf.count - at) }
        at = buf.count
        PayeeKey.append(v, to: &buf); k.payeeLen = Int32(buf.count - at)
        at = buf.count
        if v.payeeType == .individual, let id = v.payeeID {
            var s = id; s.withUTF8 { buf.append(contentsOf: $0) }
            k.payeeIDLen = Int32(buf.count - at)
            let nameStart = buf.count
            NameKey.append(v.payee, to: &buf)
            k.nameHash = buf.withUnsafeBytes { ByteKeyIndex.hash(UnsafeRawBufferPointer(rebasing: $0[nameStart...])) }
            buf.removeSubrange(nameStart...)
        }
        at = buf.count
        if let c = v.contractNumber { ContractKey.append(c, to: &buf); k.contractLen = Int32(buf.count - at) }
        k.vat = v.vat.dong; k.pit = v.pitWithheld.dong
        k.invoiceTotal = v.invoiceTotal?.dong ?? 0; k.invoiceVat = v.invoiceVAT?.dong ?? 0
        k.contractValue = v.contractValue?.dong ?? 0
        k.individual = v.payeeType == .individual
        k.staff = v.staff
        return k
    }

    /// The same from a journal line (`kind` its record kind), appended to `arena`; `scratch` is work space.
    static func make(_ f: RecordFields, kind: UInt8, into arena: inout [UInt8], scratch: inout [UInt8]) throws(RecordProblem) -> KeyedRecord {
        var k = KeyedRecord()
        k.start = arena.count
        var at = arena.count
        if kind != KindCode.refund, try InvoiceKey.append(f, to: &arena) { k.invoiceLen = Int32(arena.count - at) }
        at = arena.count
        if try VoucherNumberKey.append(f, to: &arena) { k.voucherLen = Int32(arena.count - at) }
        at = arena.count
        try PayeeKey.append(f, to: &arena, scratch: &scratch); k.payeeLen = Int32(arena.count - at)
        k.individual = f.equals(.payeeType, "individual")
        at = arena.count
        if k.individual && f.has(.payeeId) {
            try f.appendUnescaped(.payeeId, to: &arena)
            k.payeeIDLen = Int32(arena.count - at)
            scratch.removeAll(keepingCapacity: true)
            try f.appendUnescaped(.payee, to: &scratch)
            var name: [UInt8] = []
            scratch.withUnsafeBytes { NameKey.append($0, to: &name) }
            k.nameHash = name.withUnsafeBytes { ByteKeyIndex.hash($0) }
        }
        at = arena.count
        if try ContractKey.append(f, to: &arena) { k.contractLen = Int32(arena.count - at) }
        let amount = f.uint(.amount) ?? .max
        k.vat = f.bounded(.vat, amount: amount) ?? 0
        k.pit = f.bounded(.pitWithheld, amount: amount) ?? 0
        k.invoiceTotal = f.bounded(.invoiceTotal) ?? 0
        k.invoiceVat = f.bounded(.invoiceVat) ?? 0
        k.contractValue = f.bounded(.contractValue) ?? 0
        k.staff = f.has(.staff)
        return k
    }
}

/// The keys of one record for the indexes (base keys, and base key + line, date or amount) with their
/// hashes, in one reused buffer (a class: no copy, no uniqueness check on the hot path). The `invoice +
/// line` and `voucher + line` keys are made only when needed (`lineKey`).
/// (One thread uses it, on every record: its stored properties are read and written without exclusivity
/// checks, as the state's per-line totals are.)
final class ComposedKeys {
    enum Slot: Int, CaseIterable { case invoice, voucher, personDay, payeeID, payment, contract }
    static let slots = Slot.allCases.count
    @exclusivity(unchecked) var bytes: [UInt8] = []
    private let start = UnsafeMutablePointer<Int>.allocate(capacity: ComposedKeys.slots)
    private let end = UnsafeMutablePointer<Int>.allocate(capacity: ComposedKeys.slots)
    private let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: ComposedKeys.slots)
    /// ByteKeyIndex.hash of the payee key (a voucher's parts must agree on it).
    @exclusivity(unchecked) var payeeHash: UInt64 = 0
    /// The record's approved line (index).
    @exclusivity(unchecked) var line: Int32 = -1
    /// Scratch for a `key + line` key.
    @exclusivity(unchecked) private var lineKeyBytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(512)
        lineKeyBytes.reserveCapacity(128)
        end.initialize(repeating: -1, count: ComposedKeys.slots)
        start.initialize(repeating: 0, count: ComposedKeys.slots)
        hashes.initialize(repeating: 0, count: ComposedKeys.slots)
    }
    deinit { start.deallocate(); end.deallocate(); hashes.deallocate() }

    @inline(__always) func has(_ s: Slot) -> Bool { end[s.rawValue] >= 0 }

    @inline(__always) private func close(_ s: Slot, from: Int) {
        start[s.rawValue] = from
        end[s.rawValue] = bytes.count
        hashes[s.rawValue] = bytes.withUnsafeBytes { ByteKeyIndex.hash(UnsafeRawBufferPointer(rebasing: $0[from...])) }
    }

    @inline(__always) private func appendInt32(_ v: Int32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Builds every key the record takes part in. `base` holds the record's base keys (`kr`).
    func compose(_ kr: KeyedRecord, base: UnsafeRawBufferPointer, kind: UInt8, line: Int32, date: Int32,
                 amount: Int64, incomeLine: Bool) {
        bytes.removeAll(keepingCapacity: true)
        for i in 0..<ComposedKeys.slots { end[i] = -1 }
        self.line = line
        var at = kr.start
        @inline(__always) func take(_ len: Int32) -> UnsafeRawBufferPointer? {
            guard len >= 0 else { return nil }
            let r = UnsafeRawBufferPointer(rebasing: base[at..<(at + Int(len))])
            at += Int(len)
            return r
        }
        let invoice = take(kr.invoiceLen), voucher = take(kr.voucherLen), payee = take(kr.payeeLen)
        let payeeID = take(kr.payeeIDLen), contract = take(kr.contractLen)
        payeeHash = payee.map { ByteKeyIndex.hash($0) } ?? 0
        var from = 0
        if let invoice { from = bytes.count; bytes.append(contentsOf: invoice); close(.invoice, from: from) }
        if let voucher { from = bytes.count; bytes.append(contentsOf: voucher); close(.voucher, from: from) }
        let payingIncome = Voucher.paysIncome(kind: KindCode.voucherKind(kind) ?? .refund,
                                              individual: kr.individual, staff: kr.staff, onContract: kr.contractLen >= 0, incomeLine: incomeLine)
        if payingIncome, let payee {
            from = bytes.count; bytes.append(contentsOf: payee); bytes.append(0x1E); appendInt32(date); close(.personDay, from: from)
        }
        if let payeeID { from = bytes.count; bytes.append(contentsOf: payeeID); close(.payeeID, from: from) }
        if kind == KindCode.payment, let payee {
            from = bytes.count
            bytes.append(contentsOf: payee); bytes.append(0x1E); appendInt32(line)
            withUnsafeBytes(of: amount.littleEndian) { bytes.append(contentsOf: $0) }
            close(.payment, from: from)
        }
        if let contract { from = bytes.count; bytes.append(contentsOf: contract); close(.contract, from: from) }
    }

    /// Calls `body` with the slot's key and hash, when the record has that key.
    @inline(__always) func key<R>(_ s: Slot, _ body: (UnsafeRawBufferPointer, UInt64) -> R) -> R? {
        guard has(s) else { return nil }
        let i = s.rawValue
        return bytes.withUnsafeBytes { b in body(UnsafeRawBufferPointer(rebasing: b[start[i]..<end[i]]), hashes[i]) }
    }

    /// Calls `body` with the slot's key followed by the record's line (`invoice + line`, `voucher + line`).
    func lineKey<R>(_ s: Slot, _ body: (UnsafeRawBufferPointer, UInt64) -> R) -> R? {
        guard has(s) else { return nil }
        lineKeyBytes.removeAll(keepingCapacity: true)
        bytes.withUnsafeBytes { b in lineKeyBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[start[s.rawValue]..<end[s.rawValue]])) }
        lineKeyBytes.append(0x1E)
        withUnsafeBytes(of: line.littleEndian) { lineKeyBytes.append(contentsOf: $0) }
        return lineKeyBytes.withUnsafeBytes { body($0, ByteKeyIndex.hash($0)) }
    }
}

/// What the checks of the voucher under way found in the indexes (`CrossIndexes.look`).
struct CrossLookup {
    /// The invoice's entry (with effective parts), and the effective record holding it on this line.
    var invoice: InvoiceEntry? = nil
    var invoiceOnLine: Int? = nil
    /// The voucher number's entry (with effective parts), and the effective record holding it on this line.
    var voucher: VoucherEntry? = nil
    var voucherOnLine: Int? = nil
    /// The payee's income so far that day (when this voucher pays income to an individual).
    var personDay: PersonDay? = nil
    var paysIncome = false
    /// The name first recorded under the voucher's payee_id, when it is another name.
    var otherNameSeq: Int? = nil
    /// The latest effective payment of the same payee, line and amount.
    var samePayment: Int? = nil
    /// The contract's entry.
    var contract: ContractEntry? = nil
    /// The voucher's payee key hash.
    var payeeHash: UInt64 = 0
}

/// The writers' cross-record indexes (see the top of this file).
final class CrossIndexes {
    @exclusivity(unchecked) var invoices = ByteKeyIndex()
    @exclusivity(unchecked) var invoiceLines = ByteKeyIndex()
    @exclusivity(unchecked) var vouchers = ByteKeyIndex()
    @exclusivity(unchecked) var voucherLines = ByteKeyIndex()
    @exclusivity(unchecked) var personDays = ByteKeyIndex()
    @exclusivity(unchecked) var payeeIDs = ByteKeyIndex()
    @exclusivity(unchecked) var payments = ByteKeyIndex()
    @exclusivity(unchecked) var contracts = ByteKeyIndex()
    @exclusivity(unchecked) var invoiceEntries: [InvoiceEntry] = []
    @exclusivity(unchecked) var voucherEntries: [VoucherEntry] = []
    @exclusivity(unchecked) var personEntries: [PersonDay] = []
    @exclusivity(unchecked) var payeeIDEntries: [PayeeIDEntry] = []
    @exclusivity(unchecked) var contractEntries: [ContractEntry] = []
    /// Parallel to the state's records.
    @exclusivity(unchecked) var extras: [RecordExtra] = []

    func reserve(_ n: Int) {
        extras.reserveCapacity(extras.count + n)
        invoices.reserve(invoices.count + n)
        vouchers.reserve(vouchers.count + n, keyBytes: 12)
        payments.reserve(payments.count + n, keyBytes: 28)
    }

    /// What the checks need to know about a voucher whose keys are composed (`record(_:)` reads the state's
    /// records to tell an effective holder from a reversed one).
    func look(_ c: ComposedKeys, record: (Int) -> RecordInfo?, nameHash: UInt64, paysIncome: Bool) -> CrossLookup {
        var l = CrossLookup()
        l.payeeHash = c.payeeHash
        l.paysIncome = paysIncome
        func effective(_ s: Int32?) -> Int? {
            guard let s, s > 0, let r = record(Int(s)), !r.reversed else { return nil }
            return Int(s)
        }
        if let e = c.key(.invoice, { k, h in invoices.value(k, hash: h) }) ?? nil {
            let ie = invoiceEntries[Int(e)]
            if ie.parts > 0 { l.invoice = ie }
            if ie.line == c.line { l.invoiceOnLine = effective(ie.lineSeq) }
            else if ie.multi { l.invoiceOnLine = effective(c.lineKey(.invoice) { k, h in invoiceLines.value(k, hash: h) } ?? nil) }
        }
        if let e = c.key(.voucher, { k, h in vouchers.value(k, hash: h) }) ?? nil {
            let ve = voucherEntries[Int(e)]
            if ve.parts > 0 { l.voucher = ve }
            if ve.line == c.line { l.voucherOnLine = effective(ve.lineSeq) }
            else if ve.multi { l.voucherOnLine = effective(c.lineKey(.voucher) { k, h in voucherLines.value(k, hash: h) } ?? nil) }
        }
        if let e = c.key(.personDay, { k, h in personDays.value(k, hash: h) }) ?? nil { l.personDay = personEntries[Int(e)] }
        if let e = c.key(.payeeID, { k, h in payeeIDs.value(k, hash: h) }) ?? nil, payeeIDEntries[Int(e)].name != nameHash {
            l.otherNameSeq = Int(payeeIDEntries[Int(e)].seq)
        }
        l.samePayment = effective(c.key(.payment) { k, h in payments.value(k, hash: h) } ?? nil)
        if let e = c.key(.contract, { k, h in contracts.value(k, hash: h) }) ?? nil { l.contract = contractEntries[Int(e)] }
        return l
    }

    /// The effective record holding voucher number `number` on line `line`, else the latest part of that
    /// voucher on any line (for a clearing naming its advance).
    func voucherHolder(_ number: String, line: Int?, record: (Int) -> RecordInfo?) -> Int? {
        var key: [UInt8] = []
        VoucherNumberKey.append(number, to: &key)
        func effective(_ s: Int32?) -> Int? {
            guard let s, s > 0, let r = record(Int(s)), !r.reversed else { return nil }
            return Int(s)
        }
        guard let e = vouchers.value(key) else { return nil }
        let ve = voucherEntries[Int(e)]
        if let line {
            if ve.line == Int32(line), let s = effective(ve.lineSeq) { return s }
            if ve.multi {
                key.append(0x1E)
                withUnsafeBytes(of: Int32(line).littleEndian) { key.append(contentsOf: $0) }
                if let s = effective(key.withUnsafeBytes({ voucherLines.value($0) })) { return s }
            }
        }
        guard ve.parts > 0 else { return nil }
        return effective(ve.seq)
    }

    /// Adds record `seq` (already appended to the state's records) to every index it takes part in.
    func insert(seq: Int, kind: UInt8, amount: Int64, date: Int32, _ kr: KeyedRecord, _ c: ComposedKeys) {
        var x = RecordExtra(vat: kr.vat, pit: kr.pit)
        let s32 = Int32(truncatingIfNeeded: seq)
        let line = c.line
        if let e = c.key(.invoice, { k, h in invoices.valueOrInsert(k, hash: h, Int32(invoiceEntries.count)) }) {
            let i: Int
            if let e { i = Int(e) } else { invoiceEntries.append(InvoiceEntry()); i = invoiceEntries.count - 1 }
            var ie = invoiceEntries[i]
            if ie.parts == 0 { ie = InvoiceEntry(line: line, lineSeq: s32, multi: ie.multi) }
            else if ie.line == line { ie.lineSeq = s32 }
            else { ie.multi = true; _ = c.lineKey(.invoice) { k, h in invoiceLines.set(k, hash: h, s32) } }
            ie.parts += 1; ie.sum &+= amount; ie.vatSum &+= kr.vat
            if ie.total == 0 && kr.invoiceTotal > 0 { ie.total = kr.invoiceTotal; ie.totalSeq = s32 }
            if ie.vat == 0 && kr.invoiceVat > 0 { ie.vat = kr.invoiceVat; ie.vatSeq = s32 }
            invoiceEntries[i] = ie
            x.invoice = Int32(i + 1)
        }
        if let e = c.key(.voucher, { k, h in vouchers.valueOrInsert(k, hash: h, Int32(voucherEntries.count)) }) {
            let i: Int
            if let e { i = Int(e) } else { voucherEntries.append(VoucherEntry()); i = voucherEntries.count - 1 }
            var ve = voucherEntries[i]
            if ve.parts == 0 { ve = VoucherEntry(parts: 0, payee: c.payeeHash, date: date, kind: kind, seq: s32, line: line, lineSeq: s32, multi: ve.multi) }
            else if ve.line == line { ve.lineSeq = s32 }
            else { ve.multi = true; _ = c.lineKey(.voucher) { k, h in voucherLines.set(k, hash: h, s32) } }
            ve.parts += 1; ve.seq = s32
            voucherEntries[i] = ve
            x.voucher = Int32(i + 1)
        }
        if let e = c.key(.personDay, { k, h in personDays.valueOrInsert(k, hash: h, Int32(personEntries.count)) }) {
            let i: Int
            if let e { i = Int(e) } else { personEntries.append(PersonDay()); i = personEntries.count - 1 }
            personEntries[i].gross &+= amount; personEntries[i].pit &+= kr.pit; personEntries[i].count += 1; personEntries[i].seq = s32
            x.person = Int32(i + 1)
        }
        if let e = c.key(.payeeID, { k, h in payeeIDs.valueOrInsert(k, hash: h, Int32(payeeIDEntries.count)) }), e == nil {
            payeeIDEntries.append(PayeeIDEntry(name: kr.nameHash, seq: s32))
        }
        _ = c.key(.payment) { k, h in payments.set(k, hash: h, s32) }
        if let e = c.key(.contract, { k, h in contracts.valueOrInsert(k, hash: h, Int32(contractEntries.count)) }) {
            let i: Int
            if let e { i = Int(e) } else { contractEntries.append(ContractEntry()); i = contractEntries.count - 1 }
            var ce = contractEntries[i]
            if ce.records == 0 { ce.value = 0; ce.valueSeq = 0 }
            ce.records += 1
            if kind == KindCode.advance { ce.advanced &+= amount }
            if ce.value == 0 && kr.contractValue > 0 { ce.value = kr.contractValue; ce.valueSeq = s32 }
            contractEntries[i] = ce
            x.contract = Int32(i + 1)
        }
        extras.append(x)
    }

    /// A reversal record (it takes part in nothing).
    /// A record in no index (a reversal, an adjustment): its empty entry keeps `extras` one per record.
    func insertEmpty() { extras.append(RecordExtra()) }

    /// The last record that carried this voucher number, effective or reversed since; nil when none did.
    func voucherRecord(_ number: String) -> Int? {
        var key: [UInt8] = []
        VoucherNumberKey.append(number, to: &key)
        guard let e = vouchers.value(key) else { return nil }
        let s = voucherEntries[Int(e)].seq
        return s > 0 ? Int(s) : nil
    }

    /// Takes reversed record `target` (of `kind` and `amount`) back out of the entries.
    func reverse(_ target: Int, kind: UInt8, amount: Int64) {
        guard target >= 1 && target <= extras.count else { return }
        let x = extras[target - 1]
        if x.invoice > 0 {
            let e = Int(x.invoice - 1)
            invoiceEntries[e].parts -= 1; invoiceEntries[e].sum &-= amount; invoiceEntries[e].vatSum &-= x.vat
        }
        if x.voucher > 0 { voucherEntries[Int(x.voucher - 1)].parts -= 1 }
        if x.person > 0 {
            let e = Int(x.person - 1)
            personEntries[e].gross &-= amount; personEntries[e].pit &-= x.pit; personEntries[e].count -= 1
        }
        if x.contract > 0 {
            let e = Int(x.contract - 1)
            contractEntries[e].records -= 1
            if kind == KindCode.advance { contractEntries[e].advanced &-= amount }
        }
    }
}
