import KinhPhiCore

// Why a journal record is bad — one enum for every reader (the chain reader, its sinks, the codec) and one
// place for the messages, in Vietnamese and English. `BadRecord` names the first bad record of a journal,
// `TornTail` the end a cut-off write left behind.

/// What is wrong with one record of journal.kp.
public enum RecordProblem: Error, Sendable, Hashable {
    // The line's shape (RecordFields.split).
    /// Shorter than the fixed `prev`/`hash` tail.
    case tooShort
    /// `prev=` (or, when false, `hash=`) is not where the line's tail must hold it.
    case tailFieldMissing(prev: Bool)
    /// prev or hash is not 64 lower-case hex digits.
    case badChainHex
    /// Two fields not separated by exactly one TAB.
    case fieldsNotSeparated
    /// A field without `=`.
    case notKeyValue
    /// A key that is not in the table, or not in its place.
    case unknownKey(String)
    /// `key=` with nothing after it (empty values are left out, never written).
    case emptyField(String)
    /// The line does not begin with `seq=`.
    case mustStartWithSeq

    // The text.
    /// The line is not valid UTF-8.
    case notUTF8
    /// A text field holds a control character (its code point), raw or after unescaping, other than the
    /// TAB, LF and CR its escapes stand for.
    case controlCharacter(field: String, code: UInt32)
    /// A backslash that is not one of the escapes `\\` `\t` `\n` `\r`.
    case badEscape(field: String)

    // The fields, by the table.
    /// Missing where required, or not of its kind, or out of its bounds.
    case invalidField(String)
    /// A field a reversal does not carry.
    case notInReversal(String)
    /// A field a voucher does not carry (`clears`: a field only a clearing or a recovery carries).
    case notInVoucher(String)
    /// A field an adjustment does not carry.
    case notInAdjustment(String)

    // The chain.
    /// seq is not the line number (`found` nil: not a number).
    case seqOutOfOrder(found: Int64?, expected: Int64)
    /// prev is not the hash of record `previous`.
    case prevMismatch(previous: Int64)
    /// The SHA-256 of the line is not its `hash`.
    case hashMismatch

    // The meaning (the state, replayed record by record).
    /// The voucher's line is not in the approved budget.
    case lineNotInBudget(String)
    /// A clearing whose `clears` is not an open advance on its line.
    case notAnOpenAdvance(clears: Int)
    /// A reversal of a record that is missing, a reversal, or already reversed.
    case cannotReverse(Int)
    /// A reversal of an advance that has a clearing.
    case advanceCleared(Int, by: Int)
    /// A record applied out of order (writers only: the reader checks seq first).
    case seqDoesNotFollow(Int, after: Int)
    /// The totals leave the money limit.
    case totalsExceedLimit
    /// A refund that recovers advance `advance` (it names it in `clears`) is not of the advance's amount.
    case recoveryAmount(advance: Int, expected: Int64, found: Int64)
    /// An adjustment that cannot be put in force: its version does not follow, its file is missing, changed
    /// or does not chain to the version before it, or its date is before that version's.
    case badAdjustment(version: Int, why: Bilingual)

    public var message: Bilingual {
        switch self {
        case .tooShort:
            return Bilingual(vi: "dòng quá ngắn, không phải một bản ghi", en: "the line is too short to be a record")
        case .tailFieldMissing(let prev):
            return prev ? Bilingual(vi: "thiếu trường prev ở cuối dòng", en: "the prev field is missing at the end of the line")
                        : Bilingual(vi: "thiếu trường hash ở cuối dòng", en: "the hash field is missing at the end of the line")
        case .badChainHex:
            return Bilingual(vi: "prev/hash phải là 64 chữ số hex thường", en: "prev/hash must be 64 lower-case hex digits")
        case .fieldsNotSeparated:
            return Bilingual(vi: "thiếu dấu TAB giữa các trường", en: "fields must be separated by one TAB")
        case .notKeyValue:
            return Bilingual(vi: "trường không có dạng khóa=giá trị", en: "a field is not key=value")
        case .unknownKey(let k):
            return Bilingual(vi: "khóa \"\(k)\" không hợp lệ hoặc sai thứ tự", en: "key \"\(k)\" is unknown or out of order")
        case .emptyField(let k):
            return Bilingual(vi: "trường \(k) để trống", en: "field \(k) is empty")
        case .mustStartWithSeq:
            return Bilingual(vi: "dòng phải bắt đầu bằng seq=", en: "the line must start with seq=")
        case .notUTF8:
            return Bilingual(vi: "dòng không phải UTF-8 hợp lệ", en: "the line is not valid UTF-8")
        case .controlCharacter(let k, let code):
            return Bilingual(vi: "trường \(k) có ký tự điều khiển (mã \(code))", en: "field \(k) holds a control character (code \(code))")
        case .badEscape(let k):
            return Bilingual(vi: "trường \(k) có dấu \\ không thuộc \\\\ \\t \\n \\r", en: "field \(k) has a backslash that is not one of \\\\ \\t \\n \\r")
        case .invalidField(let k):
            return Bilingual(vi: "thiếu hoặc sai trường \(k)", en: "missing or invalid field \(k)")
        case .notInReversal(let k):
            return Bilingual(vi: "bản ghi đảo (reversal) không được có trường \(k)", en: "a reversal may not carry \(k)")
        case .notInAdjustment(let k):
            return Bilingual(vi: "bản ghi điều chỉnh dự toán (adjustment) không được có trường \(k)", en: "an adjustment may not carry \(k)")
        case .notInVoucher(let k):
            if k == RecordKey.clears.name {
                return Bilingual(vi: "chỉ bản ghi clearing (hoặc refund thu hồi tạm ứng) mới có trường clears",
                                 en: "only a clearing (or a refund recovering an advance) carries clears")
            }
            return Bilingual(vi: "chứng từ không được có trường \(k)", en: "a voucher may not carry \(k)")
        case .seqOutOfOrder(let found, let expected):
            let f = found.map(String.init) ?? "?"
            return Bilingual(vi: "seq là \(f), phải là \(expected) (thiếu, thừa hoặc đảo thứ tự bản ghi)",
                             en: "seq is \(f), expected \(expected) (a record missing, added or moved)")
        case .prevMismatch(let p):
            return Bilingual(vi: "prev không khớp hash của bản ghi \(p) (bản ghi trước bị sửa, xóa hoặc chèn)",
                             en: "prev does not match the hash of record \(p) (a record before it was changed, removed or inserted)")
        case .hashMismatch:
            return Bilingual(vi: "hash không khớp nội dung (bản ghi bị sửa sau khi ghi)",
                             en: "the hash does not match the content (the record was changed after it was written)")
        case .lineNotInBudget(let code):
            return Bilingual(vi: "dòng \"\(code)\" không có trong dự toán được duyệt", en: "line \"\(code)\" is not in the approved budget")
        case .notAnOpenAdvance(let c):
            return Bilingual(vi: "clears=\(c) không phải một khoản tạm ứng còn mở trên cùng dòng", en: "clears=\(c) is not an open advance on the same line")
        case .cannotReverse(let t):
            return Bilingual(vi: "bản ghi \(t) không đảo được (không có, là bút toán đảo, hoặc đã bị đảo)",
                             en: "record \(t) cannot be reversed (missing, a reversal, or already reversed)")
        case .advanceCleared(let t, let by):
            return Bilingual(vi: "khoản tạm ứng \(t) đã được thanh toán (bản ghi \(by))", en: "advance \(t) has been cleared (record \(by))")
        case .seqDoesNotFollow(let s, let after):
            return Bilingual(vi: "seq \(s) không liền sau \(after)", en: "seq \(s) does not follow \(after)")
        case .totalsExceedLimit:
            return Bilingual(vi: "tổng số tiền vượt giới hạn", en: "totals exceed the money limit")
        case .recoveryAmount(let a, let expected, let found):
            return Bilingual(vi: "thu hồi tạm ứng (bản ghi \(a)) phải bằng số tạm ứng \(expected) đồng, ghi \(found)",
                             en: "the recovery of advance \(a) must equal its amount \(expected), found \(found)")
        case .badAdjustment(let v, let why):
            return Bilingual(vi: "điều chỉnh dự toán lần \(v - 1) (phiên bản \(v)): " + why.vi,
                             en: "budget adjustment to version \(v): " + why.en)
        }
    }
}

/// The first record that is not what it should be.
public struct BadRecord: Sendable, Equatable {
    /// 1-based line number in journal.kp (equal to the expected seq).
    public let line: Int
    /// What is wrong.
    public let problem: RecordProblem

    public init(line: Int, problem: RecordProblem) { self.line = line; self.problem = problem }

    /// Why, in words: does not parse, wrong seq, prev does not match, hash does not match, refers to nothing…
    public var reason: Bilingual { problem.message }

    public func message(_ lang: Language) -> String {
        (lang == .vi ? "bản ghi ở dòng \(line) của journal.kp: " : "record on line \(line) of journal.kp: ") + reason.text(lang)
    }
}

/// The end of a journal that a cut-off write left behind.
public struct TornTail: Sendable, Equatable {
    /// Bytes of the journal that are complete and committed (repair truncates to this length).
    public let validBytes: Int64
    /// Bytes after `validBytes` (a partial line and/or the records of an unfinished batch).
    public let tornBytes: Int64
    /// Complete records of an unfinished import batch that repair will drop (their batch never committed).
    public let uncommittedRecords: Int
    /// Whether the file ends in a partial line (no final newline).
    public let partialLine: Bool
    /// Committed records before the torn part.
    public let records: Int

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        var what: [String] = []
        if partialLine { what.append(vi ? "bản ghi cuối bị cắt dở" : "the last record is cut off") }
        if uncommittedRecords > 0 {
            what.append(vi ? "lô nhập cuối chưa ghi xong (\(uncommittedRecords) bản ghi chưa hoàn tất lô)"
                           : "the last import batch is unfinished (\(uncommittedRecords) records of an incomplete batch)")
        }
        return (vi ? "nhật ký kết thúc dở dang (mất điện hoặc lệnh bị ngắt khi đang ghi): " : "the journal ends in an unfinished write (power cut or interrupted command): ")
            + what.joined(separator: "; ")
            + (vi ? "; \(tornBytes) byte sau bản ghi \(records). Chạy: kinhphi repair <hồ sơ> (giữ bản sao lưu, cắt phần dở)"
                  : "; \(tornBytes) bytes after record \(records). Run: kinhphi repair <workspace> (keeps a backup, cuts the unfinished part)")
    }
}
