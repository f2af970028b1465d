import KinhPhiCore
import KinhPhiSystem

/// Why a journal command cannot go on. Every case explains itself in Vietnamese and English; the CLI prints
/// the message and exits 2. (A recording check that refuses a voucher is not an error: it is a finding in
/// the command's outcome, and the CLI exits 1.)
public enum JournalError: Error, Sendable, Equatable, Localized {
    /// approved.json is missing: `kinhphi approve` first.
    case notApproved(workspace: String)
    /// approved.json exists already: an approval (and its over-budget policies) cannot change.
    case alreadyApproved(path: String)
    /// approved.json (or another input) cannot be used.
    case input(InputError)
    /// The first record's `prev` is not the SHA-256 of approved.json: the approval was changed after
    /// spending was recorded.
    case approvalChanged(expected: String, found: String)
    /// KINHPHI_CLOCK is not an ISO 8601 time.
    case badClock(String)
    /// KINHPHI_LOCK_TIMEOUT is not a number of seconds from 0 to 3600.
    case badLockTimeout(String)
    /// The clock (KINHPHI_CLOCK when `given`, else the system's) is outside 2000–2099 (`Clock.earliest`…`latest`).
    case clockOutOfRange(given: String?, at: Int64)
    /// The witness cannot be used, or the journal does not agree with it (docs/threat-model.md).
    case witness(WitnessError)
    /// journal.kp, approved.json or journal.lock is a symbolic link, or journal.kp has another name (a hard
    /// link): two folders could then share one journal under two locks. Refused by every command.
    case unsafeFile(path: String, why: UnsafeFile)
    /// The same voucher file (same bytes) was imported before; `--again` imports it anyway.
    case alreadyImported(file: String, from: Int, to: Int, at: String)
    /// Another kinhphi process held the workspace lock for longer than the bounded wait.
    case lockTimeout(seconds: Double, lockFile: String)
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// The journal ends in an incomplete record or batch (a write was cut off): `kinhphi repair`.
    case tornTail(TornTail)
    /// A record cannot be read or does not chain: `kinhphi verify` names it; repair does not touch it.
    case broken(BadRecord)
    /// `repair` found damage that is not a torn tail: it refuses.
    case nothingToRepair(Bilingual)
    /// `repair` found the journal intact.
    case intact(records: Int)
    /// A voucher or reversal built through the library holds what the journal format cannot carry (an empty
    /// text, a control character): it would be written but never read back. Nothing is written.
    /// (`kinhphi record` and `import` refuse such cells before: VoucherInput uses the same rule.)
    case unwritable(RecordProblem)

    public enum UnsafeFile: Sendable, Equatable { case symbolicLink, hardLinked(links: UInt64), notRegular }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .notApproved(let ws):
            return vi ? "\(ws): chưa có dự toán được duyệt (approved.json); chạy trước: kinhphi approve \(ws) --decision <số> --date <dd/mm/yyyy>"
                      : "\(ws): no approved budget (approved.json) yet; first run: kinhphi approve \(ws) --decision <number> --date <dd/mm/yyyy>"
        case .alreadyApproved(let path):
            return vi ? "\(path) đã có: dự toán đã được duyệt, không duyệt lại và không đổi được chế độ xử lý vượt dự toán"
                      : "\(path) exists: the budget is already approved; it cannot be approved again nor its over-budget policies changed"
        case .input(let e):
            return e.message(lang)
        case .approvalChanged(let expected, let found):
            return vi ? "approved.json đã bị sửa sau khi ghi chi: SHA-256 hiện tại \(found), chuỗi nhật ký neo vào \(expected)"
                      : "approved.json was changed after spending was recorded: its SHA-256 is \(found), the journal chain is anchored to \(expected)"
        case .badClock(let text):
            return vi ? "biến môi trường KINHPHI_CLOCK=\"\(text)\" không phải thời điểm ISO 8601 (ví dụ 2025-11-20T08:00:00Z)"
                      : "KINHPHI_CLOCK=\"\(text)\" is not an ISO 8601 time (e.g. 2025-11-20T08:00:00Z)"
        case .badLockTimeout(let text):
            return vi ? "biến môi trường KINHPHI_LOCK_TIMEOUT=\"\(InputError.visible(text))\" phải là số giây từ 0 đến 3600 (ví dụ 10 hoặc 0.5)"
                      : "KINHPHI_LOCK_TIMEOUT=\"\(InputError.visible(text))\" must be a number of seconds from 0 to 3600 (e.g. 10 or 0.5)"
        case .clockOutOfRange(let given, let at):
            let when = Timestamp(secondsSinceEpoch: at)
            let year = when.components(offsetSeconds: 0).0
            if let given {
                return vi ? "biến môi trường KINHPHI_CLOCK=\"\(InputError.visible(given))\" là năm \(year) (giờ UTC), ngoài khoảng 2000–2099 KinhPhi nhận: không ghi gì"
                          : "KINHPHI_CLOCK=\"\(InputError.visible(given))\" is in the year \(year) (UTC), outside the years 2000–2099 KinhPhi accepts: nothing written"
            }
            return vi ? "đồng hồ của máy đang chỉ năm \(year), ngoài khoảng 2000–2099: hãy chỉnh lại ngày giờ của máy (không ghi gì)"
                      : "the computer's clock says the year \(year), outside 2000–2099: set the date and time right (nothing written)"
        case .witness(let w):
            return w.message(lang)
        case .unsafeFile(let path, let why):
            switch why {
            case .symbolicLink:
                return vi ? "\(path) là liên kết tượng trưng (symlink): không dùng, vì hai thư mục hồ sơ có thể ghi chung một nhật ký mà không khóa chung; hãy để tệp thật trong thư mục hồ sơ"
                          : "\(path) is a symbolic link: refused, since two workspace folders could then write one journal under two locks; keep the real file in the workspace folder"
            case .hardLinked(let n):
                return vi ? "\(path) có \(n) tên (liên kết cứng): không dùng, vì thư mục khác có thể ghi cùng nhật ký mà không khóa chung; hãy sao thành tệp riêng"
                          : "\(path) has \(n) names (hard links): refused, since another folder could write the same journal under another lock; make it a file of its own"
            case .notRegular:
                return vi ? "\(path) không phải tệp thường" : "\(path) is not a regular file"
            }
        case .alreadyImported(let file, let from, let to, let at):
            return vi ? "\(file): tệp này (cùng nội dung từng byte) đã được nhập lúc \(at) thành bản ghi \(from)–\(to); không nhập lại. Nếu thật sự muốn nhập lần nữa, thêm --again"
                      : "\(file): this file (the same bytes) was imported at \(at) as records \(from)–\(to); not imported again. To import it once more all the same, add --again"
        case .lockTimeout(let s, let file):
            let secs = s == s.rounded() ? String(Int(s)) : String(s)
            return vi ? "một lệnh kinhphi khác đang ghi vào hồ sơ này (khóa \(file)); đã chờ \(secs) giây. Hãy thử lại khi lệnh kia kết thúc."
                      : "another kinhphi command is writing to this workspace (lock \(file)); waited \(secs) s. Try again when it has finished."
        case .io(let op, let path, let code):
            return vi ? "lỗi hệ thống khi \(op) \(path): \(SystemError.describe(code))" : "system error while trying to \(op) \(path): \(SystemError.describe(code))"
        case .tornTail(let t):
            return t.message(lang)
        case .broken(let b):
            return (vi ? "nhật ký hỏng: " : "the journal is broken: ") + b.message(lang)
                + (vi ? " (kinhphi verify nêu chi tiết; không tự sửa được)" : " (kinhphi verify gives details; this cannot be repaired automatically)")
        case .nothingToRepair(let why):
            return why.text(lang)
        case .intact(let n):
            return vi ? "nhật ký nguyên vẹn (\(n) bản ghi): không có gì để sửa" : "the journal is intact (\(n) records): nothing to repair"
        case .unwritable(let p):
            return (vi ? "không ghi vào nhật ký: " : "not written to the journal: ") + p.message.text(lang)
        }
    }
}
