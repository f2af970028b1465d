import Foundation
import KinhPhiCore
import KinhPhiSystem

// Reading the journal fast: the file is cut into as many ranges as there are cores, at line starts; each
// range is split and checked on its own thread (syntax, seq and prev links inside the range; with
// `verify`, every SHA-256 and every field too) and reduced to compact records (~24 bytes each). The ranges
// are then joined (seq and prev across the cuts, first prev = SHA-256 of approved.json) and folded in order
// into the state (reversals, clearings, lines, indexes) — the only sequential part, and a cheap one.

/// One record reduced to what the state needs.
struct ScannedRecord {
    var amount: Int64
    /// clearing: the advance's seq; reversal: the reversed seq.
    var link: Int32
    var line: Int32
    var date: Int32
    var kind: UInt8
}

final class ScanWorker: @unchecked Sendable {
    let fd: Int32, path: String, from: Int64, to: Int64
    let verify: Bool, indexes: Bool
    let lineIndex: ByteKeyIndex

    private(set) var records: [ScannedRecord] = []
    /// (index in `records`, details) of every advance.
    private(set) var advances: [(Int, AdvanceDetail)] = []
    /// Index keys: (index in `records`, 0 = invoice / 1 = voucher number, end offset in `keyArena`).
    private(set) var keyArena: [UInt8] = []
    private(set) var keyEntries: [(Int, UInt8, Int)] = []
    private(set) var count = 0
    private(set) var firstSeq: Int64? = nil
    private(set) var firstPrev: [UInt8] = []
    private(set) var lastSeq: Int64 = 0
    private(set) var lastHash: [UInt8] = []
    private(set) var lastMore = false
    private(set) var committedEnd: Int64? = nil
    private(set) var committedCount = 0
    private(set) var error: (index: Int, offset: Int64, reason: Bilingual)? = nil
    private(set) var ioError: JournalError? = nil
    private(set) var partial: Int64 = 0

    init(fd: Int32, path: String, from: Int64, to: Int64, verify: Bool, indexes: Bool, lineIndex: ByteKeyIndex) {
        self.fd = fd; self.path = path; self.from = from; self.to = to
        self.verify = verify; self.indexes = indexes; self.lineIndex = lineIndex
    }

    /// Frees what the fold has consumed (keeps the peak memory of a big journal down).
    func drop() { records = []; advances = []; keyArena = []; keyEntries = [] }

    func run() {
        // Everything in locals: the non-escaping line closure then pays no dynamic exclusivity checks.
        var fields = RecordFields()
        var records: [ScannedRecord] = []
        records.reserveCapacity(Int((to - from) / 300) + 16)
        var advances: [(Int, AdvanceDetail)] = []
        var keyArena: [UInt8] = []
        var keyEntries: [(Int, UInt8, Int)] = []
        var count = 0
        var firstSeq: Int64? = nil
        var firstPrev: [UInt8] = []
        var lastSeq: Int64 = 0
        var lastHash = [UInt8](repeating: 0, count: 64)
        var lastMore = false
        var committedEnd: Int64? = nil
        var committedCount = 0
        var error: (index: Int, offset: Int64, reason: Bilingual)? = nil
        let verify = self.verify, indexes = self.indexes, lineIndex = self.lineIndex
        var scratch: [UInt8] = []
        // verify: the SHA-256 of every line of a block, computed four at a time before the lines are checked.
        var lineStarts: [Int] = [], lineEnds: [Int] = []
        var messages: [UnsafeRawBufferPointer] = []
        var digests: [SHA256Digest] = []
        var lineNo = 0
        func check(_ line: UnsafeRawBufferPointer, _ offset: Int64) -> Bool {
                count += 1
                if let why = fields.split(line) { error = (count, offset, why); return false }
                guard let seq = fields.uint(.seq) else { error = (count, offset, Bilingual(vi: "seq không hợp lệ", en: "invalid seq")); return false }
                if count == 1 {
                    firstSeq = seq
                    firstPrev = Array(fields.prevHex)
                } else {
                    if seq != lastSeq + 1 {
                        error = (count, offset, Bilingual(vi: "seq là \(seq), phải là \(lastSeq + 1) (thiếu, thừa hoặc đảo thứ tự bản ghi)",
                                                          en: "seq is \(seq), expected \(lastSeq + 1) (a record missing, added or moved)"))
                        return false
                    }
                    if !Journal.bytesEqual(fields.prevHex, lastHash) {
                        error = (count, offset, Bilingual(vi: "prev không khớp hash của bản ghi \(lastSeq) (bản ghi trước bị sửa, xóa hoặc chèn)",
                                                          en: "prev does not match the hash of record \(lastSeq) (a record before it was changed, removed or inserted)"))
                        return false
                    }
                }
                if verify {
                    if !digests[lineNo].matchesHex(fields.hashHex) {
                        error = (count, offset, Bilingual(vi: "hash không khớp nội dung (bản ghi bị sửa sau khi ghi)",
                                                          en: "the hash does not match the content (the record was changed after it was written)"))
                        return false
                    }
                    if let why = RecordDecoder.validate(fields) { error = (count, offset, why); return false }
                }
                // Reduce.
                let (kind, known) = fields.kind()
                guard known else { error = (count, offset, Bilingual(vi: "loại bản ghi (kind) không hợp lệ", en: "invalid record kind")); return false }
                if let kind {
                    let lineBytes = fields.raw(.line)
                    let li: Int32?
                    if Bytes.contains(92, in: lineBytes) {
                        li = (RecordFields.unescape(lineBytes) ?? []).withUnsafeBytes { lineIndex.value($0) }
                    } else {
                        li = lineIndex.value(lineBytes)
                    }
                    guard let li else {
                        let code = fields.text(.line) ?? "?"
                        error = (count, offset, Bilingual(vi: "dòng \"\(code)\" không có trong dự toán được duyệt", en: "line \"\(code)\" is not in the approved budget"))
                        return false
                    }
                    guard let amount = fields.uint(.amount), amount > 0, amount <= Money.limit else {
                        error = (count, offset, Bilingual(vi: "số tiền (amount) không hợp lệ", en: "invalid amount")); return false
                    }
                    let date = fields.packedDate(.date)
                    guard date != 0 else { error = (count, offset, Bilingual(vi: "ngày (date) không hợp lệ", en: "invalid date")); return false }
                    var link: Int32 = 0
                    if kind == .clearing {
                        guard let c = fields.uint(.clears), c > 0, c < seq else { error = (count, offset, Bilingual(vi: "thiếu clears", en: "missing clears")); return false }
                        link = Int32(c)
                    }
                    records.append(ScannedRecord(amount: amount, link: link, line: li, date: date, kind: KindCode.of(kind)))
                    if kind == .advance {
                        advances.append((records.count - 1, AdvanceDetail(date: JournalState.unpack(date)!, payee: fields.text(.payee) ?? "",
                                                                          voucherNumber: fields.text(.voucherNo), contractNumber: fields.text(.contractNo))))
                    }
                    if indexes {
                        if fields.has(.invoiceNo) {
                            scratch.removeAll(keepingCapacity: true)
                            JournalState.appendUpperRaw(fields, .taxCode, &scratch)
                            scratch.append(0x1F)
                            JournalState.appendUpperRaw(fields, .invoiceSeries, &scratch)
                            scratch.append(0x1F)
                            let s = scratch.count
                            JournalState.appendUpperRaw(fields, .invoiceNo, &scratch)
                            JournalState.stripLeadingZeros(&scratch, from: s)
                            keyArena += scratch
                            keyEntries.append((records.count - 1, 0, keyArena.count))
                        }
                        if fields.has(.voucherNo) {
                            JournalState.appendUpperRaw(fields, .voucherNo, &keyArena)
                            keyEntries.append((records.count - 1, 1, keyArena.count))
                        }
                    }
                } else {
                    guard let of = fields.uint(.of), of > 0, of < seq else {
                        error = (count, offset, Bilingual(vi: "trường of (bản ghi bị đảo) không hợp lệ", en: "invalid of (the record reversed)")); return false
                    }
                    records.append(ScannedRecord(amount: 0, link: Int32(of), line: -1, date: 0, kind: KindCode.reversal))
                }
                lastSeq = seq
                let hh = fields.hashHex
                lastHash.withUnsafeMutableBytes { Bytes.move($0.baseAddress!, hh.baseAddress!, count: 64) }
                lastMore = fields.has(.more)
                if !lastMore { committedEnd = offset + Int64(line.count) + 1; committedCount = count }
                return true
        }
        do {
            let end = try IO.forEachBlock(fd: fd, path: path, from: from, to: to) { block, offset in
                let start = block.baseAddress!
                lineStarts.removeAll(keepingCapacity: true); lineEnds.removeAll(keepingCapacity: true)
                var pos = 0
                while pos < block.count {
                    let idx = pos + Bytes.find(10, in: start + pos, count: block.count - pos)!
                    lineStarts.append(pos); lineEnds.append(idx)
                    pos = idx + 1
                }
                if verify {
                    messages.removeAll(keepingCapacity: true)
                    for i in 0..<lineStarts.count {
                        let len = lineEnds[i] - lineStarts[i]
                        messages.append(UnsafeRawBufferPointer(start: start + lineStarts[i], count: max(0, len - LineTail.hashPart)))
                    }
                    if digests.count < messages.count { digests = [SHA256Digest](repeating: .zero, count: messages.count) }
                    messages.withUnsafeBufferPointer { m in
                        digests.withUnsafeMutableBufferPointer { d in SHA256.hashMany(m, into: d) }
                    }
                }
                for i in 0..<lineStarts.count {
                    lineNo = i
                    let line = UnsafeRawBufferPointer(start: start + lineStarts[i], count: lineEnds[i] - lineStarts[i])
                    if !check(line, offset + Int64(lineStarts[i])) { return false }
                }
                return true
            }
            partial = end.partialBytes
        } catch {
            ioError = error
        }
        self.records = records; self.advances = advances; self.keyArena = keyArena; self.keyEntries = keyEntries
        self.count = count; self.firstSeq = firstSeq; self.firstPrev = firstPrev; self.lastSeq = lastSeq
        self.lastHash = lastSeq > 0 ? lastHash : []; self.lastMore = lastMore; self.committedEnd = committedEnd
        self.committedCount = committedCount; self.error = error
    }
}

/// What a scan found.
enum ScanResult {
    case ok(JournalState)
    /// Intact up to a torn tail; `lastHashHex` of the last committed record.
    case torn(TornTail)
    case broken(BadRecord)
    case approvalChanged(anchoredTo: String)
}

extension Journal {
    /// Reads and checks the whole journal (call under the lock). `verify` adds every SHA-256 and a full
    /// field check; `indexes` builds the invoice and voucher-number indexes writers need. `upTo` scans only
    /// the first bytes of the file (repair checks the part it keeps).
    func scan(verify: Bool, indexes: Bool, threads: Int? = nil, upTo limit: Int64? = nil) throws(JournalError) -> ScanResult {
        let state = JournalState(budget: budget, withIndexes: indexes)
        guard let fullSize = try IO.size(path), fullSize > 0 else { return .ok(state) }
        let size = min(fullSize, limit ?? fullSize)
        guard size > 0 else { return .ok(state) }
        let fd = try IO.open(path, .readOnly)
        defer { IO.close(fd) }
        let cores = threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let parts = size < (8 << 20) ? 1 : cores
        var bounds: [Int64] = [0]
        for k in 1..<max(parts, 1) {
            let b = try Journal.nextLineStart(fd: fd, path: path, after: size * Int64(k) / Int64(parts), size: size)
            bounds.append(max(b, bounds.last!))
        }
        bounds.append(size)
        let workers = (0..<(bounds.count - 1)).map {
            ScanWorker(fd: fd, path: path, from: bounds[$0], to: bounds[$0 + 1], verify: verify, indexes: indexes, lineIndex: state.lineIndex)
        }
        if workers.count == 1 { workers[0].run() } else {
            DispatchQueue.concurrentPerform(iterations: workers.count) { workers[$0].run() }
        }
        for w in workers { if let e = w.ioError { throw e } }

        // Join the ranges.
        var genesis: [UInt8] = []
        budget.fileSHA256.appendHex(to: &genesis)
        var line = 0
        var prevSeq: Int64 = 0
        var prevHash = genesis
        var committedEnd: Int64 = 0
        var committedRecords = 0
        var lastMore = false
        var bad: (line: Int, offset: Int64, reason: Bilingual)? = nil
        for w in workers {
            if let first = w.firstSeq {
                if first != prevSeq + 1 {
                    bad = (line + 1, w.from, Bilingual(vi: "seq là \(first), phải là \(prevSeq + 1) (thiếu, thừa hoặc đảo thứ tự bản ghi)",
                                                      en: "seq is \(first), expected \(prevSeq + 1) (a record missing, added or moved)"))
                    break
                }
                if w.firstPrev != prevHash {
                    if line == 0 { return .approvalChanged(anchoredTo: String(decoding: w.firstPrev, as: UTF8.self)) }
                    bad = (line + 1, w.from, Bilingual(vi: "prev không khớp hash của bản ghi \(prevSeq) (bản ghi trước bị sửa, xóa hoặc chèn)",
                                                      en: "prev does not match the hash of record \(prevSeq) (a record before it was changed, removed or inserted)"))
                    break
                }
            }
            if let ce = w.committedEnd { committedEnd = ce; committedRecords = line + w.committedCount }
            if let e = w.error { bad = (line + e.index, e.offset, e.reason); break }
            if w.count > 0 { prevSeq = w.lastSeq; prevHash = w.lastHash; lastMore = w.lastMore }
            line += w.count
        }
        if let bad {
            if try Journal.damageIsTorn(fd: fd, path: path, from: bad.offset, size: size) {
                return .torn(TornTail(validBytes: committedEnd, tornBytes: size - committedEnd,
                                      uncommittedRecords: max(0, bad.line - 1 - committedRecords), partialLine: true, records: committedRecords))
            }
            return .broken(BadRecord(line: bad.line, reason: bad.reason))
        }
        let partial = workers.last!.partial
        if partial > 0 || lastMore {
            return .torn(TornTail(validBytes: committedEnd, tornBytes: size - committedEnd, uncommittedRecords: line - committedRecords,
                                  partialLine: partial > 0, records: committedRecords))
        }
        if let why = state.fold(workers) { return .broken(why) }
        return .ok(state)
    }

    /// Journals up to this size are fully re-verified (every SHA-256) by every command that reads them;
    /// above it (about 150.000 records) only `verify` recomputes the hashes and the others check syntax,
    /// seq, prev links and meaning, so that status stays under a second at a million records.
    static let fullCheckLimit: Int64 = 64 << 20

    /// Replays the journal into a state (call under the lock): every record's syntax, seq, prev link and
    /// meaning are checked, and every hash too up to `fullCheckLimit`. A torn tail or a bad record throws.
    func loadState(withIndexes: Bool) throws(JournalError) -> JournalState {
        let small = (try IO.size(path) ?? 0) <= Journal.fullCheckLimit
        switch try scan(verify: small, indexes: withIndexes) {
        case .ok(let s): return s
        case .torn(let t): throw .tornTail(t)
        case .broken(let b): throw .broken(b)
        case .approvalChanged(let a): throw .approvalChanged(expected: a, found: budget.fileSHA256.hex)
        }
    }
}

extension JournalState {
    /// Folds the workers' records, in order, into the state. Returns the first record that does not make
    /// sense (a reversal of nothing, a clearing of no open advance…), or nil.
    func fold(_ workers: [ScanWorker]) -> BadRecord? {
        var seq = records.count
        records.reserveCapacity(records.count + workers.reduce(0) { $0 + $1.records.count })
        for w in workers {
            var adv = 0
            var key = 0
            var keyStart = 0
            let entries = w.keyEntries
            let arena = w.keyArena
            for (i, r) in w.records.enumerated() {
                seq += 1
                if r.kind == KindCode.reversal {
                    if let why = applyReversal(seq: seq, of: Int(r.link)) { return BadRecord(line: seq, reason: why) }
                } else {
                    let kind: VoucherKind = r.kind == KindCode.payment ? .payment : r.kind == KindCode.advance ? .advance : r.kind == KindCode.clearing ? .clearing : .refund
                    if let why = applyRaw(seq: seq, kind: kind, line: Int(r.line), amount: r.amount, date: r.date, clears: r.link == 0 ? nil : Int(r.link)) {
                        return BadRecord(line: seq, reason: why)
                    }
                    if kind == .advance, adv < w.advances.count, w.advances[adv].0 == i {
                        let d = w.advances[adv].1
                        adv += 1
                        if let c = d.contractNumber { contractAdvanced[JournalState.contractKey(c), default: 0] &+= r.amount }
                        advanceDetails[Int32(seq)] = d
                    }
                }
                while key < entries.count && entries[key].0 == i {
                    let (_, which, end) = entries[key]
                    arena.withUnsafeBytes { a in
                        let k = UnsafeRawBufferPointer(rebasing: a[keyStart..<end])
                        if which == 0 { invoices.set(k, Int32(seq)) } else { vouchers.set(k, Int32(seq)) }
                    }
                    keyStart = end
                    key += 1
                }
            }
            if w.count > 0 { chainAdvanced(seq: seq, hex: w.lastHash) }
            w.drop()
        }
        return nil
    }
}
