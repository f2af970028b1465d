import KinhPhiCore

// What the recording checks and the ledger need to know about the journal so far, built in one streaming
// pass and kept compact (about 24 bytes per record plus the indexes), so that a journal of a million
// vouchers loads in well under a second and every check on a new voucher is O(1).

enum KindCode {
    static let payment: UInt8 = 0, advance: UInt8 = 1, clearing: UInt8 = 2, refund: UInt8 = 3, reversal: UInt8 = 4, adjustment: UInt8 = 5
    @inline(__always) static func of(_ k: VoucherKind) -> UInt8 {
        switch k { case .payment: return payment; case .advance: return advance; case .clearing: return clearing; case .refund: return refund }
    }
    /// nil for a reversal.
    @inline(__always) static func voucherKind(_ c: UInt8) -> VoucherKind? {
        switch c { case payment: return .payment; case advance: return .advance; case clearing: return .clearing; case refund: return .refund; default: return nil }
    }
}

/// One record, compactly. `link`: for a clearing (or a refund recovering an advance) the advance's seq; for
/// an advance the seq of its clearing or recovery (0 = open); for a reversal the reversed seq; for an
/// adjustment the version it put in force.
struct RecordInfo {
    var amount: Int64
    var link: Int32
    var line: Int32
    /// yyyymmdd of the voucher date.
    var date: Int32
    var kind: UInt8
    var reversed: Bool
}

/// An advance's details, kept for the list of open advances.
struct AdvanceDetail: Sendable {
    let date: CivilDate
    let payee: String
    let voucherNumber: String?
    let contractNumber: String?
}

/// An approval version in force from some record on, with each known line's place in it. A class: the
/// recording checks take the version in force on each voucher's date, and a reference costs one retain.
final class ActiveVersion: Sendable {
    let version: ApprovalVersion
    /// yyyymmdd of its decision date: it applies to vouchers dated from then.
    let dateKey: Int32
    /// By the state's line index (`JournalState.allLines`): the line's index in `version.lines`, -1 when the
    /// line is not in this version.
    let byIndex: [Int32]

    init(_ v: ApprovalVersion, allLines: [ApprovedLine]) {
        version = v
        dateKey = RecordFields.pack(v.decisionDate)
        byIndex = allLines.map { l in v.lineIndexByCode(l.code).map(Int32.init) ?? -1 }
    }

    /// The line at the state's index `i` under this version, or nil.
    func line(_ i: Int) -> ApprovedLine? {
        guard i >= 0, i < byIndex.count, byIndex[i] >= 0 else { return nil }
        return version.lines[Int(byIndex[i])]
    }
}

final class JournalState {
    let budget: ApprovedBudget
    /// The version files beside approved.json (checked against the adjustment records as they are read).
    let files: ApprovalFiles
    /// Every line any version knows, in the order of the state's line index (approved.json's first).
    let allLines: [ApprovedLine]
    /// The versions put in force so far, in order: approved.json first.
    private(set) var versions: [ActiveVersion]
    /// By line index: 1 when the line is in the version in force now (raw memory: read on every record).
    private let inForce: UnsafeMutablePointer<UInt8>
    /// The version in force on the date of the voucher being checked (`Journal.check`), and today: what the
    /// recording rules read through their context.
    var preparedVersion: ActiveVersion
    var today = CivilDate(year: 1970, month: 1, day: 1)!
    let withIndexes: Bool
    private(set) var lastSeq = 0
    /// Hex of the last record's hash (of approved.json before the first record): the next `prev`.
    private(set) var lastHashHex: [UInt8]
    var lastHash: SHA256Digest { SHA256Digest(hex: lastHashHex) ?? .zero }
    var records: [RecordInfo] = []
    /// Per approved line (raw memory: read and written on every voucher, without exclusivity checks).
    let paid: UnsafeMutablePointer<Int64>
    let advanced: UnsafeMutablePointer<Int64>
    let counts: UnsafeMutablePointer<Int>
    var lineIndex = ByteKeyIndex()
    /// Per line (`allLines`): whether a payment to an individual on it is income (not a cost the budget
    /// bears for them nor goods bought: `ItemKind.paysForWork`).
    let incomeLine: [Bool]
    var advanceDetails: [Int32: AdvanceDetail] = [:]
    /// The writers' cross-record indexes (CrossIndexes.swift): invoices, vouchers, people, contracts.
    let cross = CrossIndexes()
    /// The voucher being checked, prepared once by `prepare` for the checks and the apply.
    private(set) var preparedLine: Int? = nil
    @exclusivity(unchecked) private var keyBuffer: [UInt8] = []
    @exclusivity(unchecked) private var preparedKeys = KeyedRecord()
    private let composed = ComposedKeys()
    /// What the indexes hold about the prepared voucher.
    @exclusivity(unchecked) private(set) var lookup = CrossLookup()

    init(budget: ApprovedBudget, files: ApprovalFiles? = nil, withIndexes: Bool) {
        self.budget = budget
        let files = files ?? ApprovalFiles(base: budget)
        self.files = files
        allLines = files.allLines
        incomeLine = files.allLines.map { $0.kind.paysForWork }
        versions = [ActiveVersion(ApprovalVersion(base: budget), allLines: files.allLines)]
        preparedVersion = versions[0]
        self.withIndexes = withIndexes
        var hex: [UInt8] = []
        budget.fileSHA256.appendHex(to: &hex)
        lastHashHex = hex
        let n = max(1, allLines.count)
        paid = .allocate(capacity: n); paid.initialize(repeating: 0, count: n)
        advanced = .allocate(capacity: n); advanced.initialize(repeating: 0, count: n)
        counts = .allocate(capacity: n); counts.initialize(repeating: 0, count: n)
        inForce = .allocate(capacity: n); inForce.initialize(repeating: 0, count: n)
        for (i, l) in allLines.enumerated() { lineIndex.set(Array(l.code.utf8), Int32(i)) }
        for (i, b) in versions[0].byIndex.enumerated() where b >= 0 { inForce[i] = 1 }
    }

    // MARK: Approval versions

    /// The version in force now (the last recorded).
    var current: ActiveVersion { versions[versions.count - 1] }

    /// The version in force on a date (yyyymmdd): the last recorded whose decision date is on or before
    /// it; approved.json for a date before every adjustment.
    func version(on date: Int32) -> ActiveVersion {
        if versions.count == 1 { return versions[0] }
        var i = versions.count - 1
        while i > 0 && versions[i].dateKey > date { i -= 1 }
        return versions[i]
    }

    func version(on date: CivilDate) -> ActiveVersion { version(on: RecordFields.pack(date)) }

    /// Puts version `number` in force at record `seq` (an adjustment record read or written): its file
    /// approved-<number>.json must be there with the SHA-256 the record names (`shaHex`), follow the version
    /// in force, and be dated `date` (yyyymmdd), not before that version.
    func applyAdjustment(seq: Int, number: Int, shaHex: [UInt8], date: Int32) -> RecordProblem? {
        guard seq == records.count + 1 else { return .seqDoesNotFollow(seq, after: records.count) }
        let cur = current.version
        func bad(_ vi: String, _ en: String) -> RecordProblem { .badAdjustment(version: number, why: Bilingual(vi: vi, en: en)) }
        let name = ApprovalVersion.fileName(number)
        guard number == cur.number + 1 else {
            return bad("phiên bản đang áp dụng là \(cur.number), phải điều chỉnh thành phiên bản \(cur.number + 1)",
                       "version \(cur.number) is in force: the next is \(cur.number + 1)")
        }
        guard let bytes = files.bytes[number] else {
            return bad("không có tệp \(name) trong hồ sơ", "the file \(name) is missing from the workspace")
        }
        let digest = SHA256.hash(bytes)
        var hex: [UInt8] = []
        digest.appendHex(to: &hex)
        guard hex == shaHex else {
            return bad("tệp \(name) đã bị sửa sau khi ghi (SHA-256 hiện tại \(digest.hex), nhật ký ghi \(String(decoding: shaHex, as: UTF8.self)))",
                       "the file \(name) was changed after it was recorded (its SHA-256 is \(digest.hex), the journal says \(String(decoding: shaHex, as: UTF8.self)))")
        }
        var v: ApprovalVersion
        do { v = try ApprovalVersion.parse(bytes, file: name, previous: cur) } catch {
            return .badAdjustment(version: number, why: Bilingual(vi: error.message(.vi), en: error.message(.en)))
        }
        guard RecordFields.pack(v.decisionDate) == date else {
            return bad("ngày quyết định trong \(name) (\(v.decisionDate)) khác ngày của bản ghi", "the decision date in \(name) (\(v.decisionDate)) differs from the record's")
        }
        guard v.decisionDate >= cur.decisionDate else {
            return bad("quyết định điều chỉnh ngày \(v.decisionDate) trước quyết định đang áp dụng (\(cur.decisionDate))",
                       "the adjustment of \(v.decisionDate) is dated before the decision in force (\(cur.decisionDate))")
        }
        for l in v.lines where lineIndex(of: l.code) == nil {
            return bad("dòng \(l.code) không đọc được khi mở hồ sơ", "line \(l.code) was not known when the workspace was opened")
        }
        v.seq = seq
        let active = ActiveVersion(v, allLines: allLines)
        versions.append(active)
        for (i, b) in active.byIndex.enumerated() { inForce[i] = b >= 0 ? 1 : 0 }
        records.append(RecordInfo(amount: 0, link: Int32(number), line: -1, date: date, kind: KindCode.adjustment, reversed: false))
        if withIndexes { cross.insertEmpty() }
        return nil
    }

    deinit { paid.deallocate(); advanced.deallocate(); counts.deallocate(); inForce.deallocate() }

    func chainAdvanced(seq: Int, hex: [UInt8]) {
        lastSeq = seq
        lastHashHex = hex
    }

    /// Makes room for about `n` more records (an import's estimate), so that arrays and indexes do not grow
    /// (and copy) while it runs.
    func reserve(_ n: Int) {
        records.reserveCapacity(records.count + n)
        if withIndexes {
            cross.reserve(n)
        }
    }

    // MARK: The import under way

    /// The first record of the import under way (`Int.max` when none): records from it on are not in
    /// journal.kp yet and, if the import is refused, never will be. Findings name them by their row in the
    /// voucher file ("dòng 5 của tệp này"), not by a record number that may never exist.
    private var batchFrom = Int.max
    /// The file row of each record of the import under way, from `batchFrom` on.
    private var batchRows: [Int32] = []

    /// Starts an import: the records applied from now on are its rows.
    func beginBatch(reserving n: Int = 0) {
        batchFrom = records.count + 1
        batchRows.removeAll()
        batchRows.reserveCapacity(n)
    }

    /// Notes the file row of the record just applied (after `applyPrepared`).
    func noteBatchRow(_ row: Int) {
        if batchFrom != Int.max { batchRows.append(Int32(clamping: row)) }
    }

    /// The voucher-file row of record `seq` when it belongs to the import under way, else nil.
    func batchRow(of seq: Int) -> Int? {
        guard seq >= batchFrom else { return nil }
        let k = seq - batchFrom
        return k < batchRows.count ? Int(batchRows[k]) : nil
    }

    // MARK: Queries (O(1))

    func record(_ seq: Int) -> RecordInfo? { seq >= 1 && seq <= records.count ? records[seq - 1] : nil }

    func lineIndex(of code: String) -> Int? {
        var c = code
        return c.withUTF8 { u in lineIndex.value(UnsafeRawBufferPointer(u)).map(Int.init) }
    }

    /// Paid + advances not cleared, on a line.
    func committed(_ line: Int) -> Int64 { paid[line] &+ advanced[line] }

    /// Paid + advances not cleared, on every line together (REC-OVER-BUDGET keeps it within the money limit).
    /// (Unchecked exclusivity: read and written on every record, on one thread, like `paid` and `advanced`.)
    @exclusivity(unchecked) private(set) var totalCommitted: Int64 = 0

    /// The effective record carrying this voucher number on line `line` (index), else on any line.
    func voucherHolder(_ number: String, line: Int? = nil) -> Int? {
        cross.voucherHolder(number, line: line, record: { self.record($0) })
    }

    /// The record carrying this voucher number: the effective one, else the last that carried it (reversed
    /// since); nil when none did. (Needs the indexes.)
    func voucherRecord(_ number: String) -> Int? {
        voucherHolder(number) ?? cross.voucherRecord(number)
    }

    // MARK: Applying records

    /// Computes the voucher's line index, keys and lookups once (before its checks and its apply).
    func prepare(_ v: Voucher) {
        preparedLine = lineIndex(of: v.line)
        lookup = CrossLookup()
        guard withIndexes else { return }
        keyBuffer.removeAll(keepingCapacity: true)
        preparedKeys = KeyedRecord.make(v, into: &keyBuffer)
        let income = preparedLine.map { incomeLine[$0] } ?? false
        let kind = KindCode.of(v.kind)
        keyBuffer.withUnsafeBytes { b in
            composed.compose(preparedKeys, base: b, kind: kind, line: Int32(preparedLine ?? -1), date: RecordFields.pack(v.date),
                             amount: v.amount.dong, incomeLine: income)
        }
        lookup = cross.look(composed, record: { self.record($0) }, nameHash: preparedKeys.nameHash,
                            paysIncome: composed.has(.personDay))
    }

    /// Applies the prepared voucher (call right after `prepare(v)` and its checks).
    func applyPrepared(seq: Int, _ v: Voucher) -> RecordProblem? {
        guard let line = preparedLine else { return .lineNotInBudget(v.line) }
        if let why = applyCore(seq: seq, kind: v.kind, line: line, amount: v.amount.dong, date: RecordFields.pack(v.date), clears: v.clears) { return why }
        if v.kind == .advance {
            advanceDetails[Int32(seq)] = AdvanceDetail(date: v.date, payee: v.payee, voucherNumber: v.voucherNumber, contractNumber: v.contractNumber)
        }
        if withIndexes {
            cross.insert(seq: seq, kind: KindCode.of(v.kind), amount: v.amount.dong, date: RecordFields.pack(v.date), preparedKeys, composed)
        }
        return nil
    }

    /// The arithmetic of a voucher given by its parts (used when folding read records).
    @inline(__always)
    func applyRaw(seq: Int, kind: VoucherKind, line: Int, amount: Int64, date: Int32, clears: Int?) -> RecordProblem? {
        applyCore(seq: seq, kind: kind, line: line, amount: amount, date: date, clears: clears)
    }

    /// The arithmetic of a voucher on its line (shared by both paths).
    @inline(__always)
    private func applyCore(seq: Int, kind: VoucherKind, line: Int, amount: Int64, date: Int32, clears: Int?) -> RecordProblem? {
        guard seq == records.count + 1 else { return .seqDoesNotFollow(seq, after: records.count) }
        // A line an adjustment added exists only from the record that put it in force.
        guard inForce[line] != 0 else { return .lineNotInBudget(allLines[line].code) }
        var link: Int32 = 0
        if kind == .clearing || (kind == .refund && clears != nil) {
            guard let a = clears, let adv = record(a), adv.kind == KindCode.advance, !adv.reversed, adv.link == 0, Int(adv.line) == line else {
                return .notAnOpenAdvance(clears: clears ?? 0)
            }
            // A recovery returns the whole advance.
            if kind == .refund && amount != adv.amount { return .recoveryAmount(advance: a, expected: adv.amount, found: amount) }
            link = Int32(a)
        }
        records.append(RecordInfo(amount: amount, link: link, line: Int32(line), date: date, kind: KindCode.of(kind), reversed: false))
        switch kind {
        case .payment:
            paid[line] &+= amount; counts[line] += 1
            totalCommitted &+= amount
        case .advance:
            advanced[line] &+= amount
            totalCommitted &+= amount
        case .clearing:
            paid[line] &+= amount; counts[line] += 1
            records[Int(link) - 1].link = Int32(seq)
            advanced[line] &-= records[Int(link) - 1].amount
            totalCommitted &+= amount &- records[Int(link) - 1].amount
        case .refund:
            if link != 0 {
                // A recovery (thu hồi tạm ứng): the advance comes back whole; nothing was spent.
                records[Int(link) - 1].link = Int32(seq)
                advanced[line] &-= records[Int(link) - 1].amount
            } else {
                paid[line] &-= amount; counts[line] += 1
            }
            totalCommitted &-= amount
        }
        return nil
    }

    /// Applies a reversal of `target`. Returns why it cannot be applied, or nil.
    func applyReversal(seq: Int, of target: Int) -> RecordProblem? {
        guard seq == records.count + 1 else { return .seqDoesNotFollow(seq, after: records.count) }
        guard let t = record(target), t.kind != KindCode.reversal, t.kind != KindCode.adjustment, !t.reversed else { return .cannotReverse(target) }
        if t.kind == KindCode.advance && t.link != 0 { return .advanceCleared(target, by: Int(t.link)) }
        // Taking back a refund (or a clearing below its advance) raises what the line has used: never past
        // the money limit, on the line or in all.
        let raise: Int64 = t.kind == KindCode.refund ? t.amount
            : t.kind == KindCode.clearing ? records[Int(t.link) - 1].amount &- t.amount : 0
        if raise > 0 && (committed(Int(t.line)) > Money.limit - raise || totalCommitted > Money.limit - raise) { return .totalsExceedLimit }
        records.append(RecordInfo(amount: 0, link: Int32(target), line: -1, date: 0, kind: KindCode.reversal, reversed: false))
        records[target - 1].reversed = true
        if withIndexes {
            cross.reverse(target, kind: t.kind, amount: t.amount)
            cross.insertEmpty()
        }
        let line = Int(t.line)
        switch t.kind {
        case KindCode.payment:
            paid[line] &-= t.amount; counts[line] -= 1
            totalCommitted &-= t.amount
        case KindCode.advance:
            advanced[line] &-= t.amount
            totalCommitted &-= t.amount
        case KindCode.clearing:
            paid[line] &-= t.amount; counts[line] -= 1
            let a = Int(t.link)
            records[a - 1].link = 0
            advanced[line] &+= records[a - 1].amount
            totalCommitted &+= records[a - 1].amount &- t.amount
        default: // refund
            if t.link != 0 {
                // A recovery reversed: its advance is open again.
                let a = Int(t.link)
                records[a - 1].link = 0
                advanced[line] &+= records[a - 1].amount
            } else {
                paid[line] &+= t.amount; counts[line] -= 1
            }
            totalCommitted &+= t.amount
        }
        return nil
    }

    // MARK: Folding read records

    /// Folds one part's records (`StateSink`), in order, into the state and empties the sink. Stops at the
    /// first record that does not make sense (a reversal of nothing, a clearing of no open advance…).
    func fold(_ sink: inout StateSink) -> DrainResult {
        defer { sink.drop() }
        var seq = records.count
        records.reserveCapacity(records.count + sink.records.count)
        var adv = 0
        let keyed = sink.keyed
        let advances = sink.advances
        let arena = sink.keyArena
        var adj = 0
        let adjustments = sink.adjustments
        for (i, r) in sink.records.enumerated() {
            seq += 1
            if r.kind == KindCode.reversal {
                if let why = applyReversal(seq: seq, of: Int(r.link)) { return .bad(seq: seq, problem: why) }
            } else if r.kind == KindCode.adjustment {
                guard adj < adjustments.count, adjustments[adj].0 == i else { return .bad(seq: seq, problem: .invalidField(RecordKey.sha256.name)) }
                if let why = applyAdjustment(seq: seq, number: Int(r.link), shaHex: adjustments[adj].1, date: r.date) { return .bad(seq: seq, problem: why) }
                adj += 1
            } else {
                let kind = KindCode.voucherKind(r.kind) ?? .payment
                if let why = applyRaw(seq: seq, kind: kind, line: Int(r.line), amount: r.amount, date: r.date, clears: r.link == 0 ? nil : Int(r.link)) {
                    return .bad(seq: seq, problem: why)
                }
                if kind == .advance, adv < advances.count, advances[adv].0 == i {
                    let d = advances[adv].1
                    adv += 1
                    advanceDetails[Int32(seq)] = d
                }
            }
            if withIndexes && r.kind != KindCode.reversal && r.kind != KindCode.adjustment && i < keyed.count {
                let kr = keyed[i]
                arena.withUnsafeBytes { b in
                    composed.compose(kr, base: b, kind: r.kind, line: r.line, date: r.date, amount: r.amount, incomeLine: incomeLine[Int(r.line)])
                }
                cross.insert(seq: seq, kind: r.kind, amount: r.amount, date: r.date, kr, composed)
            }
        }
        return .next
    }
}
