import KinhPhi

// Where a command writes files, checked before anything is written (docs/threat-model.md, Output paths):
//   • an output that is one of the workspace's own files — journal.kp, approved.json, journal.lock, the
//     import's scratch file, a journal backup —, one of the command's inputs (conference.csv, estimate.csv,
//     the catalogue files, a template), the witness or its key, is refused: the same file by device and
//     inode (a hard or symbolic link to it included), or the same real path (for a file not created yet);
//   • the same file for two outputs is refused before either is written;
//   • `-` is standard output (at most one output may be `-`);
//   • a target that is a folder, a device, a FIFO or a socket is refused by the one atomic writer
//     (`AtomicFile`), which also creates its temporary file with O_EXCL | O_NOFOLLOW and an unpredictable name.

/// An output path that must not be written.
struct OutputPathError: Error, Localized {
    enum Why {
        /// The output is `what` (a file the command or the workspace needs).
        case protected(what: String)
        /// Two options name the same file.
        case twice(other: String)
    }
    let option: String
    let path: String
    let why: Why

    func message(_ lang: Language) -> String {
        let vi = lang == .vi
        let p = InputError.visible(path)
        switch why {
        case .protected(let what):
            return vi ? "--\(option) \(p): đây là \(what), không phải chỗ ghi tệp xuất; không ghi gì (chọn tên tệp khác)"
                      : "--\(option) \(p): this is \(what), not a place for an output file; nothing written (choose another file name)"
        case .twice(let other):
            return vi ? "--\(option) và --\(other) cùng chỉ một tệp (\(p)): không ghi tệp nào"
                      : "--\(option) and --\(other) name the same file (\(p)): neither is written"
        }
    }
}

enum OutputPaths {
    /// A file that must not be overwritten, and how a message names it.
    struct Protected {
        let path: String
        let what: Bilingual
    }

    /// The workspace's own files (the journal, its approval, its lock, the import's scratch file), its
    /// inputs (conference.csv, estimate.csv) and the witness and key of `settings`.
    static func workspaceFiles(_ ws: Workspace, settings: JournalSettings?) -> [Protected] {
        var out: [Protected] = [
            Protected(path: ws.file("journal.kp"), what: Bilingual(vi: "nhật ký chi của hồ sơ (journal.kp)", en: "the workspace's spending journal (journal.kp)")),
            Protected(path: ws.file("approved.json"), what: Bilingual(vi: "dự toán được duyệt của hồ sơ (approved.json)", en: "the workspace's approved budget (approved.json)")),
            Protected(path: ws.file("journal.lock"), what: Bilingual(vi: "tệp khóa của hồ sơ (journal.lock)", en: "the workspace's lock file (journal.lock)")),
            Protected(path: ws.file(".journal.kp.import"), what: Bilingual(vi: "tệp tạm của lệnh nhập", en: "the import's scratch file")),
            Protected(path: ws.file(Workspace.conferenceFile), what: Bilingual(vi: "tệp thông tin hội nghị (conference.csv)", en: "the conference file (conference.csv)")),
            Protected(path: ws.file(Workspace.estimateFile), what: Bilingual(vi: "tệp dự toán (estimate.csv)", en: "the estimate (estimate.csv)")),
        ]
        if let w = settings?.witness {
            out.append(Protected(path: w.path, what: Bilingual(vi: "tệp chứng kiến", en: "the witness file")))
            if let k = w.keyPath { out.append(Protected(path: k, what: Bilingual(vi: "tệp khóa của tệp chứng kiến", en: "the witness key file"))) }
        }
        return out
    }

    /// An input file of the command.
    static func input(_ path: String, _ what: Bilingual) -> Protected { Protected(path: path, what: what) }

    /// Checks the outputs (option name, path; nil when not given) against the protected files and each
    /// other; throws the first problem. `folder`: the workspace, whose journal backups are protected too.
    static func check(_ outputs: [(String, String?)], protected: [Protected], workspace: Workspace, lang: Language) throws(OutputPathError) {
        try check(outputs, protected: protected, workspaces: [workspace.path], lang: lang)
    }

    /// The files of every workspace a report over many reads (`report --csv`, `print … report`): their own
    /// files and inputs, and their journal backups.
    static func reportFiles(_ workspaces: [String], settings: JournalSettings?) -> [Protected] {
        workspaces.flatMap { path in (try? Workspace(path: path)).map { workspaceFiles($0, settings: settings) } ?? [] }
    }

    /// `check` for outputs that must not be any of several workspaces' files (their journal backups included).
    static func check(_ outputs: [(String, String?)], protected: [Protected], workspaces: [String], lang: Language) throws(OutputPathError) {
        struct Seen { let option: String; let real: String?; let id: (UInt64, UInt64)? }
        func identity(_ p: String) -> (UInt64, UInt64)? {
            guard let st = try? FileIO.status(p) else { return nil }
            return (st.device, st.inode)
        }
        let guarded = protected.map { ($0, FileIO.realPathOfNew($0.path), identity($0.path)) }
        let wsReals = Set(workspaces.compactMap { FileIO.realPath($0) })
        var seen: [Seen] = []
        for (option, path) in outputs {
            guard let path else { continue }
            if path == "-" {
                if let other = seen.first(where: { $0.real == "-" }) { throw OutputPathError(option: option, path: path, why: .twice(other: other.option)) }
                seen.append(Seen(option: option, real: "-", id: nil))
                continue
            }
            let real = FileIO.realPathOfNew(path), id = identity(path)
            for (p, pReal, pID) in guarded {
                let sameFile = id != nil && pID != nil && id! == pID!
                if sameFile || (real != nil && real == pReal) {
                    throw OutputPathError(option: option, path: path, why: .protected(what: p.what.text(lang)))
                }
            }
            if let real, let slash = real.lastIndex(of: "/"), real[real.index(after: slash)...].hasPrefix("journal.kp.bak-"),
               wsReals.contains(String(real[..<slash])) {
                throw OutputPathError(option: option, path: path, why: .protected(what: lang == .vi ? "bản sao lưu nhật ký của hồ sơ" : "a backup of the workspace's journal"))
            }
            // An adjusted approval (approved-<n>.json, `kinhphi adjust`): chained into the journal like approved.json.
            if let real, let slash = real.lastIndex(of: "/"), real[real.index(after: slash)...].hasPrefix("approved-"), real.hasSuffix(".json"),
               wsReals.contains(String(real[..<slash])) {
                throw OutputPathError(option: option, path: path, why: .protected(what: lang == .vi ? "dự toán điều chỉnh của hồ sơ (\(real.split(separator: "/").last ?? ""))" : "the workspace's adjusted budget (\(real.split(separator: "/").last ?? ""))"))
            }
            for s in seen where (id != nil && s.id != nil && id! == s.id!) || (real != nil && real == s.real) {
                throw OutputPathError(option: option, path: path, why: .twice(other: s.option))
            }
            seen.append(Seen(option: option, real: real, id: id))
        }
    }
}
