import KinhPhiCore
import KinhPhiSystem

// The witness: a file outside the workspace that every write to a journal appends to, so that a journal
// rewritten, cut short or extended by someone who can write the workspace — but not the witness — no
// longer agrees with it. What it proves and what it cannot: docs/threat-model.md.
//
// One line per entry, UTF-8, fields separated by one TAB, always in this order:
//
//   kinhphi-witness=1  ws=<64 hex>  phase=<approved|begin|done|repaired|accepted>  from=<n>  to=<n>
//   head=<64 hex>  at=<UTC time>  dir=<the workspace's real path>  [src=<fingerprint>]  [mac=<64 hex>]
//
// • ws — the workspace's identity: the SHA-256 of its approved.json (the journal's genesis, record 1's prev);
// • a write to the journal is two entries: `begin` (fsync'ed before the journal is written: the records
//   from+1…to it is about to append and the hash `head` of record `to`), then `done` (after the journal's
//   fsync). A `begin` without its `done` is a write that was interrupted — benign: the journal then holds
//   either the records before it or the whole write (or a torn tail `repair` may cut);
// • `approved`: approve wrote approved.json (from = to = 0, head = ws); `repaired`: repair cut a torn tail
//   (to = the records kept); `accepted`: `repair --accept` took the journal as it is (to = its records)
//   after a disagreement the user has explained — verify keeps reporting it as a note;
// • src — an import's voucher file (`ContentFingerprint`): the same file is not imported twice unless asked;
// • mac — HMAC-SHA256 of every byte of the line before "<TAB>mac=", under the key file, when one is set
//   (the keyed chain: the witness's heads then cannot be forged without the key).
// A line that does not read (a torn append, an edit) is skipped and counted.

/// Where the witness is kept.
public struct WitnessSettings: Sendable, Equatable {
    /// The witness file (appended to by every write, read by writers and verify).
    public var path: String
    /// The key of the keyed chain (a file of at least 16 bytes outside the workspace); nil: entries carry no MAC.
    public var keyPath: String?
    /// The per-user default location: its folders are created when missing.
    public var isDefault: Bool

    public init(path: String, keyPath: String? = nil, isDefault: Bool = false) {
        self.path = path; self.keyPath = keyPath; self.isDefault = isDefault
    }

    public static let variable = "KINHPHI_WITNESS"
    public static let keyVariable = "KINHPHI_WITNESS_KEY"

    /// The per-user witness: `$XDG_STATE_HOME/kinhphi/witness`, else `~/.local/state/kinhphi/witness`
    /// (Linux); `~/Library/Application Support/KinhPhi/witness` (macOS). nil without HOME.
    public static func defaultPath(_ env: [String: String]) -> String? {
        #if os(macOS)
        guard let home = env["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/Library/Application Support/KinhPhi/witness"
        #else
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") { return (x.hasSuffix("/") ? x : x + "/") + "kinhphi/witness" }
        guard let home = env["HOME"], home.hasPrefix("/") else { return nil }
        return (home.hasSuffix("/") ? home : home + "/") + ".local/state/kinhphi/witness"
        #endif
    }

    /// KINHPHI_WITNESS (a shared witness), else the per-user default; KINHPHI_WITNESS_KEY the key file.
    public static func fromEnvironment(_ env: [String: String]) -> WitnessSettings? {
        let key = env[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        if let p = env[variable], !p.isEmpty { return WitnessSettings(path: p, keyPath: key) }
        guard let d = defaultPath(env) else { return nil }
        return WitnessSettings(path: d, keyPath: key, isDefault: true)
    }
}

/// One line of the witness.
public struct WitnessEntry: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable { case approved, begin, done, repaired, accepted }

    /// The workspace's identity: SHA-256 of approved.json (hex).
    public var workspace: String
    public var phase: Phase
    /// Records in the journal before the write.
    public var from: Int
    /// Records after it.
    public var to: Int
    /// Hash (hex) of record `to` (of approved.json when `to` is 0).
    public var head: String
    /// When (UTC, ISO 8601).
    public var at: String
    /// The workspace folder's real path, for people and for noticing an approval swapped in the same folder.
    public var dir: String
    /// An import's file fingerprint.
    public var source: String? = nil
    /// HMAC-SHA256 of the line before "\tmac=" (hex), when keyed.
    public var mac: String? = nil
    /// Line number in the witness file (1-based; 0 for an entry not read from it).
    public var line: Int = 0
    /// Whether the MAC checked out under the key given (nil: no MAC, or no key to check it).
    public var macValid: Bool? = nil

    public init(workspace: String, phase: Phase, from: Int, to: Int, head: String, at: String, dir: String, source: String? = nil) {
        self.workspace = workspace; self.phase = phase; self.from = from; self.to = to; self.head = head
        self.at = at; self.dir = dir; self.source = source
    }

    static let magic = "kinhphi-witness=1"

    /// The line before "\tmac=" (no newline).
    func body() -> [UInt8] {
        var s = WitnessEntry.magic + "\tws=" + workspace + "\tphase=" + phase.rawValue + "\tfrom=\(from)\tto=\(to)\thead=" + head
        s += "\tat=" + at + "\tdir=" + WitnessEntry.escape(dir)
        if let source { s += "\tsrc=" + source }
        return Array(s.utf8)
    }

    /// The whole line with its MAC (when keyed) and newline.
    func encoded(key: HMACSHA256?) -> [UInt8] {
        var out = body()
        if let key { out += Array(("\tmac=" + key.authenticate(out).hex).utf8) }
        out.append(10)
        return out
    }

    /// The journal's text escape (`\\`, `\t`, `\n`, `\r`: RecordEncoder.appendText), so a folder name is one field.
    static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        RecordEncoder.appendText(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The journal's unescape (JournalText.unescape); nil at an invalid escape.
    static func unescape(_ s: Substring) -> String? {
        var out: [UInt8] = []
        let ok = Array(s.utf8).withUnsafeBytes { JournalText.unescape($0, into: &out) }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    static func isHex64(_ s: Substring) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// Reads one line (without its newline); nil if it is not an entry. `key` checks the MAC.
    static func parse(_ bytes: ArraySlice<UInt8>, line: Int, key: HMACSHA256?) -> WitnessEntry? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let parts = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count >= 8, parts[0] == Substring(magic) else { return nil }
        func value(_ i: Int, _ k: String) -> Substring? {
            guard i < parts.count, parts[i].hasPrefix(k + "=") else { return nil }
            return parts[i].dropFirst(k.count + 1)
        }
        func number(_ s: Substring?) -> Int? {
            guard let s, !s.isEmpty, s.count <= 18, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(s)
        }
        guard let ws = value(1, "ws"), isHex64(ws), let ph = value(2, "phase"), let phase = Phase(rawValue: String(ph)),
              let from = number(value(3, "from")), let to = number(value(4, "to")), let head = value(5, "head"), isHex64(head),
              let at = value(6, "at"), !at.isEmpty, let dirText = value(7, "dir"), let dir = unescape(dirText) else { return nil }
        var e = WitnessEntry(workspace: String(ws), phase: phase, from: from, to: to, head: String(head), at: String(at), dir: dir)
        e.line = line
        var i = 8
        if let src = value(i, "src") { e.source = String(src); i += 1 }
        if let mac = value(i, "mac") {
            guard isHex64(mac) else { return nil }
            e.mac = String(mac); i += 1
        }
        guard i == parts.count else { return nil }
        if let key, let mac = e.mac {
            let bodyLength = text.utf8.count - 5 - 64   // "\tmac=" + 64 hex
            let computed = key.authenticate(Array(text.utf8.prefix(bodyLength)))
            e.macValid = SHA256Digest(hex: mac).map { HMACSHA256.equal($0, computed) } ?? false
        }
        return e
    }
}

/// What the witness says about one workspace, read once.
struct WitnessRead {
    /// Entries of this workspace (by its approval's SHA-256), in file order.
    var entries: [WitnessEntry] = []
    /// The last entry written for this workspace folder (whatever its approval).
    var latestForFolder: WitnessEntry? = nil
    /// Lines that are not entries (a torn append, an edit).
    var unreadable = 0
}

/// The witness file of one command.
final class WitnessLog {
    let settings: WitnessSettings
    let key: HMACSHA256?
    /// The workspace folder's real path.
    let folder: String

    /// Checks the witness and its key are outside the workspace and reads the key. nil without a witness.
    static func open(_ settings: WitnessSettings?, workspace: String) throws(JournalError) -> WitnessLog? {
        guard let settings else { return nil }
        return try WitnessLog(settings, workspace: workspace)
    }

    private init(_ settings: WitnessSettings, workspace: String) throws(JournalError) {
        self.settings = settings
        folder = FileIO.realPath(workspace) ?? workspace
        let inside = folder == "/" ? "/" : folder + "/"
        func outside(_ path: String, what: WitnessError.File) throws(JournalError) {
            if let real = FileIO.realPathOfNew(path), real.hasPrefix(inside) { throw .witness(.insideWorkspace(what, path: path)) }
        }
        try outside(settings.path, what: .witness)
        if let kp = settings.keyPath {
            try outside(kp, what: .key)
            let bytes: [UInt8]
            do { bytes = try FileIO.readFile(kp) } catch { throw .witness(.keyUnreadable(path: kp, reason: SystemError.describe(error.code))) }
            guard bytes.count >= 16 else { throw .witness(.keyTooShort(path: kp, bytes: bytes.count)) }
            key = HMACSHA256(key: bytes)
        } else {
            key = nil
        }
    }

    var path: String { settings.path }

    /// The entries of the workspace whose approval hashes to `genesis` (hex).
    func read(genesis: String) throws(JournalError) -> WitnessRead {
        let bytes: [UInt8]
        do { bytes = try FileIO.readFile(settings.path) } catch {
            if error.isNotFound { return WitnessRead() }
            throw .witness(.unreadable(path: settings.path, reason: SystemError.describe(error.code)))
        }
        // Only the lines of this workspace (by `ws=`) or of this folder (by `dir=`) are read in full: the
        // witness is shared by every workspace of a user or a unit, and each write reads it.
        var out = WitnessRead()
        let sel = Selector(genesis: genesis, folder: folder, key: key)
        var start = 0, line = 0
        while start < bytes.count, let nl = bytes[start...].firstIndex(of: 10) {
            line += 1
            defer { start = nl + 1 }
            if nl == start { continue }
            sel.take(bytes[start..<nl], line: line, countNotEntries: true, into: &out)
        }
        if start < bytes.count { out.unreadable += 1 }   // a last line without its newline: a torn append
        return out
    }

    /// Which lines of the witness are one workspace's, and what they say: the one rule for `read` and for
    /// `WitnessSnapshot` (which only narrows the lines it is shown).
    struct Selector {
        let prefix = Array((WitnessEntry.magic + "\tws=").utf8)
        let ws: [UInt8]
        let dirField: [UInt8]
        let genesis: String
        let folder: String
        let key: HMACSHA256?

        init(genesis: String, folder: String, key: HMACSHA256?) {
            ws = Array(genesis.utf8)
            dirField = Array(("\tdir=" + WitnessEntry.escape(folder)).utf8)
            self.genesis = genesis; self.folder = folder; self.key = key
        }

        /// One whole line (without its newline, not empty). `countNotEntries`: a line that does not start
        /// like an entry is counted unreadable here (false when the caller counted it already).
        func take(_ l: ArraySlice<UInt8>, line: Int, countNotEntries: Bool, into out: inout WitnessRead) {
            let mine = l.starts(with: prefix) && l.dropFirst(prefix.count).starts(with: ws)
            var here = false
            if !mine, let at = WitnessLog.find(dirField, in: l) {
                let after = at + dirField.count
                here = after == l.endIndex || l[after] == 9
            }
            if !l.starts(with: prefix) { if countNotEntries { out.unreadable += 1 }; return }
            guard mine || here else { return }
            guard let e = WitnessEntry.parse(l, line: line, key: key) else { out.unreadable += 1; return }
            if e.workspace == genesis { out.entries.append(e) }
            if e.dir == folder { out.latestForFolder = e }
        }
    }

    /// The index in `line`'s base of the first occurrence of `needle`, if any.
    static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, line.count >= needle.count else { return nil }
        var i = line.startIndex
        let last = line.endIndex - needle.count
        while i <= last {
            guard let j = line[i...last].firstIndex(of: first) else { return nil }
            if line[j..<(j + needle.count)].elementsEqual(needle) { return j }
            i = j + 1
        }
        return nil
    }

    /// Appends an entry durably: under an exclusive lock on the witness (several workspaces may share it),
    /// after a newline if the file does not end in one, then fsync (and the folder's when it is new).
    func append(_ e: WitnessEntry) throws(JournalError) {
        let path = settings.path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        func fail(_ error: SystemError) -> JournalError { .witness(.cannotWrite(path: path, reason: SystemError.describe(error.code))) }
        if settings.isDefault, !dir.isEmpty {
            do { try FileIO.makeFolders(dir) } catch { throw fail(error) }
        }
        let existed = FileIO.exists(path)
        let fd: Int32
        do { fd = try FileIO.open(path, [.readWrite, .append, .create], mode: 0o600) } catch { throw fail(error) }
        defer { FileIO.close(fd) }
        let lock: FileLock
        do { lock = try FileLock.acquire(path: path, exclusive: true, timeout: 30) } catch {
            switch error {
            case .system(let s): throw fail(s)
            case .timeout: throw .witness(.cannotWrite(path: path, reason: "lock"))
            }
        }
        defer { lock.release() }
        do {
            var bytes = e.encoded(key: key)
            let size = try FileIO.status(fd, path: path).size
            if size > 0 {
                var last: UInt8 = 10
                _ = try withUnsafeMutableBytes(of: &last) { (p) throws(SystemError) -> Int in try FileIO.pread(fd, p.baseAddress!, 1, at: size - 1, path: path) }
                if last != 10 { bytes.insert(10, at: 0) }
            }
            try FileIO.writeAll(fd, bytes, path: path)
            try FileIO.fsync(fd, path: path)
            if !existed { try FileIO.fsyncDirectory(dir.isEmpty ? "/" : dir) }
        } catch {
            throw fail(error)
        }
    }

    /// A new entry for this workspace, stamped with `now`.
    func entry(genesis: String, _ phase: WitnessEntry.Phase, from: Int, to: Int, head: String, now: Timestamp, source: String? = nil) -> WitnessEntry {
        WitnessEntry(workspace: genesis, phase: phase, from: from, to: to, head: head, at: now.iso, dir: folder, source: source)
    }
}

// MARK: - Errors

/// Why the witness cannot be used.
public enum WitnessError: Sendable, Equatable {
    public enum File: Sendable, Equatable { case witness, key }
    /// The witness (or its key) is inside the workspace: whoever can rewrite the journal could rewrite it too.
    case insideWorkspace(File, path: String)
    case unreadable(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case keyUnreadable(path: String, reason: String)
    case keyTooShort(path: String, bytes: Int)
    /// The journal does not agree with its witness: writing is refused until `kinhphi verify` has been read
    /// and the disagreement explained (`kinhphi repair --accept`).
    case disagrees(WitnessReport)
    /// No witness location (no HOME, no XDG_STATE_HOME, no KINHPHI_WITNESS).
    case noLocation

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .insideWorkspace(let f, let p):
            let what = f == .witness ? (vi ? "tệp chứng kiến" : "the witness file") : (vi ? "tệp khóa của tệp chứng kiến" : "the witness key file")
            return vi ? "\(p): \(what) nằm trong thư mục hồ sơ; phải để ngoài hồ sơ (người sửa được hồ sơ sẽ sửa được cả nó)"
                      : "\(p): \(what) is inside the workspace; it must be kept outside (whoever can change the workspace could change it too)"
        case .unreadable(let p, let r):
            return vi ? "\(p): không đọc được tệp chứng kiến (\(r))" : "\(p): cannot read the witness file (\(r))"
        case .cannotWrite(let p, let r):
            return vi ? "\(p): không ghi được tệp chứng kiến (\(r)); không ghi gì vào nhật ký"
                      : "\(p): cannot write the witness file (\(r)); nothing was written to the journal"
        case .keyUnreadable(let p, let r):
            return vi ? "\(p): không đọc được tệp khóa của tệp chứng kiến (\(r))" : "\(p): cannot read the witness key file (\(r))"
        case .keyTooShort(let p, let n):
            return vi ? "\(p): tệp khóa chỉ có \(n) byte; cần ít nhất 16 (ví dụ: head -c 32 /dev/urandom > \(p))"
                      : "\(p): the key file holds \(n) bytes; at least 16 are needed (e.g. head -c 32 /dev/urandom > \(p))"
        case .disagrees(let r):
            return (vi ? "nhật ký không khớp tệp chứng kiến \(r.path): " : "the journal does not agree with the witness \(r.path): ")
                + r.problems.map { $0.message(lang) }.joined(separator: "; ")
                + (vi ? ". Không ghi gì. Chạy kinhphi verify để xem chi tiết; nếu đã rõ nguyên nhân (khôi phục bản sao lưu, người khác ghi bằng tệp chứng kiến khác), kinhphi repair <hồ sơ> --accept ghi nhận nhật ký như hiện có."
                      : ". Nothing was written. Run kinhphi verify for details; once the cause is known (a backup restored, someone writing with another witness), kinhphi repair <workspace> --accept records the journal as it is.")
        case .noLocation:
            return vi ? "không biết để tệp chứng kiến ở đâu (không có HOME): đặt KINHPHI_WITNESS=<tệp> hoặc dùng --witness <tệp>"
                      : "no place for the witness file (no HOME): set KINHPHI_WITNESS=<file> or give --witness <file>"
        }
    }
}

// MARK: - What the witness says

/// One thing the witness says about a journal: a problem (verify exits 1, writers refuse, settle refuses)
/// or a note (printed, nothing refused).
public indirect enum WitnessFinding: Sendable, Equatable {
    // Notes.
    /// The witness has no entry for this approval: the journal was never written through it (a journal
    /// from before the witness, or kept with another witness).
    case notWitnessed
    /// Records 1…n were written before the first witnessed write (before the witness existed).
    case legacy(records: Int)
    /// A write of records from+1…to was begun and never finished; the journal does not hold it.
    case interrupted(from: Int, to: Int, at: String)
    /// A write finished (the journal holds it) but its `done` entry is missing (interrupted after the write).
    case unconfirmed(to: Int, at: String)
    /// `repair --accept` took the journal as it was at `at` (records 1…to), setting aside what is listed.
    case accepted(to: Int, at: String, setAside: [WitnessFinding])
    /// n entries carry a MAC that could not be checked: no key was given.
    case keyNotGiven(entries: Int)
    /// Lines of the witness that do not read.
    case unreadable(lines: Int)
    // Problems.
    /// The witness saw `witnessed` records (last hash `head`, at `at`); the journal has `has` (or no file).
    case shorter(witnessed: Int, head: String, at: String, has: Int, fileMissing: Bool)
    /// Record `seq` is not the record the witness saw at `at`: the journal was rewritten at or before it.
    case diverges(seq: Int, at: String)
    /// Records from…to were not written through this witness (added outside KinhPhi, or by someone using
    /// another witness).
    case unwitnessed(from: Int, to: Int)
    /// The witness saw this folder with another approval (approved.json replaced).
    case approvalReplaced(previous: String, at: String)
    /// The MAC of the witness's line `line` does not match: the entry was forged or changed.
    case badMac(line: Int)
    /// The witness's line `line` has no MAC although earlier entries of this workspace had one.
    case unkeyed(line: Int)
    /// Entries of this workspace are keyed and no key was given: writing would break the keyed chain.
    case keyRequired

    public var isProblem: Bool {
        switch self {
        case .notWitnessed, .legacy, .interrupted, .unconfirmed, .accepted, .keyNotGiven, .unreadable: return false
        default: return true
        }
    }

    public func message(_ lang: Language) -> String {
        let vi = lang == .vi
        switch self {
        case .notWitnessed:
            return vi ? "tệp chứng kiến chưa ghi nhận hồ sơ này (nhật ký có từ trước khi có tệp chứng kiến, hoặc được ghi bằng tệp chứng kiến khác): chưa đối chiếu được"
                      : "the witness has no entry for this workspace (a journal from before the witness, or written with another witness): nothing to compare"
        case .legacy(let n):
            return vi ? "bản ghi 1–\(n) có từ trước lần ghi đầu tiên được chứng kiến" : "records 1–\(n) predate the first witnessed write"
        case .interrupted(let from, let to, let at):
            return vi ? "lần ghi bản ghi \(from + 1)–\(to) lúc \(at) bị ngắt, không ghi được gì (không phải lỗi)"
                      : "the write of records \(from + 1)–\(to) at \(at) was interrupted and left nothing (not a problem)"
        case .unconfirmed(let to, let at):
            return vi ? "lần ghi đến bản ghi \(to) lúc \(at) đã xong nhưng chưa kịp xác nhận vào tệp chứng kiến (không phải lỗi)"
                      : "the write up to record \(to) at \(at) completed but was not confirmed in the witness (not a problem)"
        case .accepted(let to, let at, let aside):
            let what = aside.map { $0.message(lang) }.joined(separator: "; ")
            return vi ? "lúc \(at) nhật ký (\(to) bản ghi) đã được chấp nhận như đang có (kinhphi repair --accept)" + (what.isEmpty ? "" : ", bỏ qua: " + what)
                      : "at \(at) the journal (\(to) records) was accepted as it was (kinhphi repair --accept)" + (what.isEmpty ? "" : ", setting aside: " + what)
        case .keyNotGiven(let n):
            return vi ? "\(n) dòng của tệp chứng kiến có mã HMAC nhưng không có tệp khóa (KINHPHI_WITNESS_KEY, --witness-key): chưa kiểm tra mã"
                      : "\(n) witness entries carry an HMAC but no key file was given (KINHPHI_WITNESS_KEY, --witness-key): not checked"
        case .unreadable(let n):
            return vi ? "\(n) dòng của tệp chứng kiến không đọc được (bị cắt hoặc bị sửa)" : "\(n) lines of the witness do not read (cut off or edited)"
        case .shorter(let w, let head, let at, let has, let missing):
            let now = missing ? (vi ? "không còn tệp journal.kp" : "journal.kp is gone") : (vi ? "nhật ký chỉ còn \(has) bản ghi trọn vẹn" : "the journal has only \(has) complete records")
            _ = head
            return vi ? "tệp chứng kiến đã thấy nhật ký có \(w) bản ghi (lúc \(at)); \(now): bản ghi đã ghi xong bị mất hoặc bị xóa"
                      : "the witness saw the journal with \(w) records (at \(at)); \(now): committed records were lost or removed"
        case .diverges(let seq, let at):
            return vi ? "bản ghi \(seq) không phải bản ghi tệp chứng kiến đã thấy lúc \(at): nhật ký đã bị viết lại từ bản ghi \(seq) trở về trước"
                      : "record \(seq) is not the record the witness saw at \(at): the journal was rewritten at or before record \(seq)"
        case .unwitnessed(let from, let to):
            let r = from == to ? "\(from)" : "\(from)–\(to)"
            return vi ? "bản ghi \(r) không được ghi qua tệp chứng kiến này (thêm ngoài KinhPhi, hoặc người khác ghi bằng tệp chứng kiến khác)"
                      : "records \(r) were not written through this witness (added outside KinhPhi, or by someone using another witness)"
        case .approvalReplaced(_, let at):
            // (The earlier approval's SHA-256 is in the witness file, `ws=` of its entries.)
            return vi ? "tệp chứng kiến đã thấy thư mục này với một approved.json khác (lúc \(at)): approved.json đã bị thay"
                      : "the witness saw this folder with another approved.json (at \(at)): approved.json was replaced"
        case .badMac(let line):
            return vi ? "dòng \(line) của tệp chứng kiến có mã HMAC sai: dòng đó bị sửa hoặc giả" : "line \(line) of the witness has a wrong HMAC: it was changed or forged"
        case .unkeyed(let line):
            return vi ? "dòng \(line) của tệp chứng kiến không có mã HMAC dù các dòng trước của hồ sơ có: dòng đó được thêm không có khóa"
                      : "line \(line) of the witness has no HMAC although earlier entries of this workspace do: it was added without the key"
        case .keyRequired:
            return vi ? "các dòng chứng kiến của hồ sơ này có mã HMAC: cần tệp khóa (KINHPHI_WITNESS_KEY hoặc --witness-key) để ghi tiếp"
                      : "this workspace's witness entries carry an HMAC: the key file (KINHPHI_WITNESS_KEY or --witness-key) is needed to write"
        }
    }
}

/// What the witness says about a journal (verify, and every writer before it writes).
public struct WitnessReport: Sendable, Equatable {
    /// The witness file.
    public let path: String
    /// Entries of this workspace.
    public var entries = 0
    /// Entries with a MAC checked under the key.
    public var keyedEntries = 0
    public var problems: [WitnessFinding] = []
    public var notes: [WitnessFinding] = []
    /// The last state the witness confirmed: records and the hash of the last (hex).
    public var confirmedRecords: Int? = nil
    public var confirmedHead: String? = nil

    public init(path: String) { self.path = path }

    public var isClean: Bool { problems.isEmpty }

    /// One line per problem and note.
    public func lines(_ lang: Language) -> [String] {
        let vi = lang == .vi
        var out: [String] = []
        for p in problems { out.append("  " + p.message(lang)) }
        for n in notes { out.append((vi ? "  ghi chú: " : "  note: ") + n.message(lang)) }
        return out
    }
}

/// The journal as the witness check sees it.
struct WitnessFacts {
    /// Committed records (for a torn journal: the records before the torn part).
    var count: Int
    /// Whether journal.kp exists.
    var exists: Bool
    /// The hash (hex) of record `seq` (0: approved.json), or nil when not known (writers know only the last).
    var hashAt: (Int) -> String?
}

enum WitnessCheck {
    /// Compares the witness's entries of one workspace with its journal (docs/threat-model.md, The witness).
    /// `forWriting`: keyed entries without a key are a problem (a writer would break the keyed chain).
    static func evaluate(_ read: WitnessRead, genesis: String, facts: WitnessFacts, keyGiven: Bool, forWriting: Bool, path: String) -> WitnessReport {
        var r = WitnessReport(path: path)
        r.entries = read.entries.count
        if read.unreadable > 0 { r.notes.append(.unreadable(lines: read.unreadable)) }
        if let d = read.latestForFolder, d.workspace != genesis { r.problems.append(.approvalReplaced(previous: d.workspace, at: d.at)) }
        guard !read.entries.isEmpty else {
            r.notes.append(.notWitnessed)
            return r
        }
        // The keyed chain.
        let withMac = read.entries.filter { $0.mac != nil }.count
        if keyGiven {
            var keyed = false
            for e in read.entries {
                if e.mac != nil {
                    keyed = true
                    if e.macValid == true { r.keyedEntries += 1 } else { r.problems.append(.badMac(line: e.line)) }
                } else if keyed {
                    r.problems.append(.unkeyed(line: e.line))
                }
            }
        } else if withMac > 0 {
            if forWriting { r.problems.append(.keyRequired) } else { r.notes.append(.keyNotGiven(entries: withMac)) }
        }

        // The history, entry by entry: what the witness confirmed, in order. A problem found before an
        // `accepted` entry was set aside by it (a note, under the acceptance).
        struct Point { var seq: Int; var head: String; var at: String }
        var confirmed: Point? = nil
        var pending: WitnessEntry? = nil
        var claims: [(Point, Int)] = []
        var epoch = 0
        var found: [(WitnessFinding, Int)] = []
        func matches(_ seq: Int, _ head: String) -> Bool? { facts.hashAt(seq).map { $0 == head } }
        func confirm(_ p: Point) { confirmed = p; claims.append((p, epoch)) }
        /// A `begin` with no `done`: it completed if the journal holds its head (and what follows starts
        /// after it); otherwise it left nothing. When the hash at its end is not known here (a writer knows
        /// only the last), a next write that started exactly at its end completed it: that writer found
        /// the journal there, with this head, before it wrote.
        func settle(next: Int?) {
            guard let p = pending else { return }
            pending = nil
            let m = matches(p.to, p.head)
            if next.map({ $0 >= p.to }) ?? true, m == true || (m == nil && next == p.to) {
                confirm(Point(seq: p.to, head: p.head, at: p.at))
                if next == nil { r.notes.append(.unconfirmed(to: p.to, at: p.at)) }
            } else if next == nil {
                r.notes.append(.interrupted(from: p.from, to: p.to, at: p.at))
            }
        }
        for e in read.entries {
            switch e.phase {
            case .approved:
                settle(next: 0)
                confirm(Point(seq: 0, head: e.head, at: e.at))
            case .begin:
                settle(next: e.from)
                if let c = confirmed {
                    if e.from > c.seq { found.append((.unwitnessed(from: c.seq + 1, to: e.from), epoch)) }
                    else if e.from < c.seq { found.append((.shorter(witnessed: c.seq, head: c.head, at: c.at, has: e.from, fileMissing: false), epoch)) }
                } else if e.from > 0 {
                    r.notes.append(.legacy(records: e.from))
                }
                pending = e
            case .done:
                if let p = pending, p.to == e.to, p.head == e.head { pending = nil } else { settle(next: e.from) }
                confirm(Point(seq: e.to, head: e.head, at: e.at))
            case .repaired:
                pending = nil
                if let c = confirmed, e.to < c.seq {
                    found.append((.shorter(witnessed: c.seq, head: c.head, at: c.at, has: e.to, fileMissing: false), epoch))
                }
                confirm(Point(seq: e.to, head: e.head, at: e.at))
            case .accepted:
                settle(next: e.from)
                if let c = confirmed {
                    if e.to > c.seq { found.append((.unwitnessed(from: c.seq + 1, to: e.to), epoch)) }
                    else if e.to < c.seq { found.append((.shorter(witnessed: c.seq, head: c.head, at: c.at, has: e.to, fileMissing: false), epoch)) }
                    else if e.head != c.head { found.append((.diverges(seq: c.seq, at: c.at), epoch)) }
                }
                let aside = found.filter { $0.1 == epoch }.map(\.0)
                r.notes.append(.accepted(to: e.to, at: e.at, setAside: aside))
                found.removeAll { $0.1 == epoch }
                epoch += 1
                confirm(Point(seq: e.to, head: e.head, at: e.at))
            }
        }
        settle(next: nil)
        if let c = confirmed {
            r.confirmedRecords = c.seq
            r.confirmedHead = c.head
            if facts.count < c.seq {
                found.append((.shorter(witnessed: c.seq, head: c.head, at: c.at, has: facts.count, fileMissing: !facts.exists), epoch))
            } else if facts.count > c.seq {
                found.append((.unwitnessed(from: c.seq + 1, to: facts.count), epoch))
            }
        }
        // Every point the witness confirmed that the journal still reaches must be the same record (the
        // first that is not names where the rewrite is).
        for (p, ep) in claims.sorted(by: { $0.0.seq < $1.0.seq }) where ep == epoch && p.seq <= facts.count {
            if matches(p.seq, p.head) == false { found.append((.diverges(seq: p.seq, at: p.at), ep)); break }
        }
        r.problems += found.map(\.0)
        return r
    }
}

/// The witness read once by a command that verifies many workspaces (`kinhphi report`): a shared witness holds
/// the lines of every workspace, and reading the whole file for each would cost workspaces × file size
/// (6,3 s instead of 1,7 s for 2.000 events, docs/performance.md § The year over many workspaces). The lines
/// are indexed once by their `ws=` and by every `dir=` value; a workspace's read then looks only at its
/// candidate lines, in file order, through the same `WitnessLog.Selector` as a read of the file, so it gives
/// what reading the file at the snapshot's moment would. A journal written since can disagree with it: verify
/// then reads the file itself before saying anything (`verifyUnlocked`), so the snapshot can only make a
/// clean answer faster, never change one. Held in `JournalSettings.witnessSnapshot` for one command.
public final class WitnessSnapshot: Sendable {
    struct LineRef: Comparable {
        let start: Int, end: Int, line: Int
        static func < (a: LineRef, b: LineRef) -> Bool { a.line < b.line }
    }
    /// The witness file it was read from.
    public let path: String
    let bytes: [UInt8]
    let byWorkspace: [[UInt8]: [LineRef]]
    let byDir: [[UInt8]: [LineRef]]
    /// Lines that do not start like an entry, and a torn last line: unreadable for every workspace.
    let notEntries: Int

    /// Reads the witness of `settings`; nil when there is none or it cannot be read (each verify then reads
    /// it, and says why it cannot). A witness not written yet is empty.
    public static func read(_ settings: WitnessSettings?) -> WitnessSnapshot? {
        guard let settings else { return nil }
        do { return WitnessSnapshot(path: settings.path, bytes: try FileIO.readFile(settings.path)) } catch {
            return error.isNotFound ? WitnessSnapshot(path: settings.path, bytes: []) : nil
        }
    }

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        let prefix = Array((WitnessEntry.magic + "\tws=").utf8)
        let dirKey = Array("\tdir=".utf8)
        var byWorkspace: [[UInt8]: [LineRef]] = [:], byDir: [[UInt8]: [LineRef]] = [:]
        var notEntries = 0
        var start = 0, line = 0
        while start < bytes.count, let nl = bytes[start...].firstIndex(of: 10) {
            line += 1
            defer { start = nl + 1 }
            if nl == start { continue }
            let l = bytes[start..<nl]
            let ref = LineRef(start: start, end: nl, line: line)
            if l.starts(with: prefix) {
                let ws = l.dropFirst(prefix.count).prefix(64)
                if ws.count == 64 { byWorkspace[Array(ws), default: []].append(ref) }
            } else {
                notEntries += 1
            }
            // Every `\tdir=` value (up to the next TAB or the end): a superset of the lines the selector's
            // folder test accepts.
            var from = l.startIndex
            while let at = WitnessLog.find(dirKey, in: l[from...]) {
                let v = at + dirKey.count
                let stop = l[v...].firstIndex(of: 9) ?? l.endIndex
                byDir[Array(l[v..<stop]), default: []].append(ref)
                from = at + 1
            }
        }
        if start < bytes.count { notEntries += 1 }
        self.byWorkspace = byWorkspace; self.byDir = byDir; self.notEntries = notEntries
    }

    /// What `WitnessLog.read` would give for this workspace, from the snapshot's bytes.
    func read(genesis: String, folder: String, key: HMACSHA256?) -> WitnessRead {
        let sel = WitnessLog.Selector(genesis: genesis, folder: folder, key: key)
        var candidates = byWorkspace[sel.ws] ?? []
        if let d = byDir[Array(WitnessEntry.escape(folder).utf8)] { candidates += d }
        candidates.sort()
        var out = WitnessRead()
        out.unreadable = notEntries
        var last = -1
        for c in candidates where c.line != last {
            last = c.line
            sel.take(bytes[c.start..<c.end], line: c.line, countNotEntries: false, into: &out)
        }
        return out
    }
}
