import KinhPhiCore
import KinhPhiSystem

// Finding the workspaces under the folders given to `kinhphi report` (docs/year-report.md §Which folders).
//
//   • A folder holding a file `conference.csv` is a workspace. It is not searched further: what lies below
//     it (a backup copy, an old version) is not a second event.
//   • Other folders are searched down to `maxDepth` levels below the folder given (a department's folder,
//     then a year, then the events: 3 levels; a city's: one more per department). What lies deeper is not
//     searched and the report says how many folders were left at the limit.
//   • Symbolic links are never followed below a folder given (a link back up would loop, a link elsewhere
//     would count a workspace twice or one that is not the department's): each is named in the report. A
//     folder given on the command line is taken as it is, link or not (the user named it).
//   • Hidden entries (a name starting with ".": .git, .Trash) are skipped.
//   • A folder reached twice (the same device and inode: overlapping folders given, a bind mount) is
//     searched once.
//   • The order is the folders given, then the entries' names byte by byte: the same tree always gives the
//     same list.

public struct FoundWorkspaces: Sendable, Equatable {
    /// The workspaces, in the order found.
    public var workspaces: [String] = []
    /// Symbolic links met below a folder given, not followed.
    public var linksNotFollowed: [String] = []
    /// Folders at the depth limit whose subfolders were not searched.
    public var notSearched: [String] = []
    /// Folders that could not be listed (permission denied…), with the reason.
    public var unreadable: [String: String] = [:]

    public init() {}
}

public enum WorkspaceFinder {
    /// How many levels below a folder given are searched.
    public static let maxDepth = 6

    /// Finds the workspaces under `roots`. A root that does not exist or is not a folder is an input error
    /// (nothing is reported for the others: the command line is wrong).
    public static func find(_ roots: [String], maxDepth: Int = maxDepth) throws(InputError) -> FoundWorkspaces {
        var out = FoundWorkspaces()
        var seen = Set<UInt64Pair>()
        for given in roots {
            let root = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
            let st: FileStatus?
            do { st = try FileIO.status(root) } catch { throw InputError(SourceLocation(file: given), .unreadable(error.description)) }
            guard let st else { throw InputError(SourceLocation(file: given), .folderNotFound) }
            guard st.kind == .directory else { throw InputError(SourceLocation(file: given), .notAFolder) }
            walk(root, depth: 0, identity: UInt64Pair(st.device, st.inode), maxDepth: maxDepth, seen: &seen, into: &out)
        }
        return out
    }

    struct UInt64Pair: Hashable {
        let a: UInt64, b: UInt64
        init(_ a: UInt64, _ b: UInt64) { self.a = a; self.b = b }
    }

    static func walk(_ folder: String, depth: Int, identity: UInt64Pair, maxDepth: Int, seen: inout Set<UInt64Pair>, into out: inout FoundWorkspaces) {
        guard seen.insert(identity).inserted else { return }
        let entries: [FolderEntry]
        do { entries = try Folders.list(folder) } catch {
            out.unreadable[folder] = SystemError.describe(error.code)
            return
        }
        if entries.contains(where: { $0.name == "conference.csv" && $0.kind != .directory }) {
            out.workspaces.append(folder)
            return
        }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var deeper = false
        for e in entries where !e.name.hasPrefix(".") {
            switch e.kind {
            case .symbolicLink:
                out.linksNotFollowed.append(prefix + e.name)
            case .directory:
                if depth >= maxDepth { deeper = true; continue }
                let path = prefix + e.name
                guard let st = try? FileIO.status(path, followLinks: false), st.kind == .directory else { continue }
                walk(path, depth: depth + 1, identity: UInt64Pair(st.device, st.inode), maxDepth: maxDepth, seen: &seen, into: &out)
            case .regular, .other:
                continue
            }
        }
        if deeper { out.notSearched.append(folder) }
    }
}
