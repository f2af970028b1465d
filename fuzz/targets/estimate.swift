// Fuzz target `estimate`: the estimate reader — conference.csv + estimate.csv through EstimateLoader.load
// (a workspace on disk: the loader has no in-memory entry point), then the appraisal of what loads.
//
// Input: `conference.csv 0xFF estimate.csv`; without a 0xFF the whole input is estimate.csv and
// conference.csv is the fixture's (fixtures/hoi-nghi-chuyen-gia-2025). Both are written into a per-process
// workspace <tmp>/ws next to a copy of fixtures/catalogue (<tmp>/catalogue), so the fixture's references
// `../catalogue/norms.csv` resolve. Paths to devices or /proc are skipped (a real file is not fuzz input).
//
// Checks (besides "never traps, never hangs"): every InputError names a file, and its line (if any) is
// within that file; a loaded estimate has sections with lines, each line has a source line within
// estimate.csv; the appraisal never traps, its appraised total is never negative, never above what was
// requested, and equals the sum of its sections.

#if canImport(Glibc)
import Glibc
#endif
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiAppraisal

let fixtureConference = FuzzPaths.read(FuzzPaths.fixture("hoi-nghi-chuyen-gia-2025/conference.csv"))

let workspaceDir: String = {
    let cat = FuzzPaths.scratch + "/catalogue"
    FuzzPaths.mkdir(cat)
    FuzzPaths.write(FuzzPaths.read(FuzzPaths.fixture("catalogue/norms.csv")), to: cat + "/norms.csv")
    FuzzPaths.write(FuzzPaths.read(FuzzPaths.fixture("catalogue/budget-codes.csv")), to: cat + "/budget-codes.csv")
    let ws = FuzzPaths.scratch + "/ws"
    FuzzPaths.mkdir(ws)
    return ws
}()

func lineCount(_ b: [UInt8]) -> Int { b.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

func mentionsSpecialPath(_ b: [UInt8]) -> Bool {
    let s = String(decoding: b, as: UTF8.self)
    return s.contains("/dev") || s.contains("/proc") || s.contains("/sys")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEstimate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (first, second) = splitInput(bytes(data, size))
    let conference = second == nil ? fixtureConference : first
    let estimate = second ?? first
    if mentionsSpecialPath(conference) { return -1 }
    let confPath = workspaceDir + "/conference.csv", estPath = workspaceDir + "/estimate.csv"
    FuzzPaths.write(conference, to: confPath)
    FuzzPaths.write(estimate, to: estPath)

    let ws: Workspace
    do { ws = try Workspace(path: workspaceDir) } catch { FuzzFail.check(false, "workspace: \(error)"); return 0 }
    let loaded: LoadedEstimate
    do { loaded = try EstimateLoader.load(ws) } catch {
        note("refused: \(error.message(.en))")
        _ = error.message(.vi); _ = error.message(.en)
        let file = error.location.file
        FuzzFail.check(!file.isEmpty, "an InputError without a file")
        if let l = error.location.line {
            if file == confPath { FuzzFail.check(l >= 1 && l <= lineCount(conference), "conference.csv line \(l) of \(lineCount(conference))") }
            if file == estPath { FuzzFail.check(l >= 1 && l <= lineCount(estimate), "estimate.csv line \(l) of \(lineCount(estimate))") }
        }
        return 0
    }
    let e = loaded.estimate
    FuzzFail.check(!e.sections.isEmpty, "an estimate without sections")
    for s in e.sections {
        FuzzFail.check(!s.lines.isEmpty, "section \(s.title.debugDescription) without lines")
        for l in s.lines {
            let at = l.source.line ?? 0
            FuzzFail.check(at >= 2 && at <= lineCount(estimate), "line \(l.code) at estimate.csv line \(at)")
        }
    }
    appraiseAndCheck(e, loaded.catalogue)
    return 0
}

func appraiseAndCheck(_ e: Estimate, _ catalogue: Catalogue) {
    let a: Appraisal
    do { a = try Appraiser.appraise(e, catalogue: catalogue) } catch { note("appraisal: \(error.message(.en))"); return }
    note("appraised \(a.appraised.dong) of \(a.requested.dong), \(a.allFindings.count) findings")
    FuzzFail.check(!a.appraised.isNegative, "negative appraised total \(a.appraised.dong)")
    FuzzFail.check(a.appraised <= a.requested || a.requested.isNegative, "appraised \(a.appraised.dong) above requested \(a.requested.dong)")
    FuzzFail.check((try? Money.sum(a.sections.map(\.appraised))) == a.appraised, "sections do not add up to the appraised total")
    for l in a.lines {
        FuzzFail.check(!l.appraised.isNegative, "line \(l.line.code): negative appraised amount")
        FuzzFail.check(l.appraised <= Money.max(l.requested, .zero), "line \(l.line.code): appraised above requested")
        for f in l.findings { _ = f.message.vi; _ = f.message.en }
    }
    _ = a.difference
    _ = a.hasErrors
    for f in a.allFindings { _ = f.message.text(.vi) }
}
