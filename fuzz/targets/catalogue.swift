// Fuzz target `catalogue`: the catalogue reader — norms.csv and budget-codes.csv read in memory exactly as
// CatalogueLoader.load reads them from disk (CSVReader.parse → CSVTable with the loader's required columns
// → CatalogueLoader.norms / budgetCodes → Catalogue(norms:budgetCodes:) validation), then norm resolution
// on a few dates, then — when the catalogue is valid — both fixture estimates loaded against it
// (EstimateLoader.load with --norms/--budget-codes overrides) and appraised.
//
// Input: `norms.csv 0xFF budget-codes.csv`; without a 0xFF the whole input is norms.csv and
// budget-codes.csv is the fixture's.
//
// Checks (besides "never traps, never hangs"): an error's line is within its file; every loaded norm has
// its source line in norms.csv and every version list is sorted without overlaps; resolving any norm on
// any date never traps and gives a non-negative ceiling; the appraisal never traps and never appraises
// above what was requested.

import KinhPhiCore
@testable import KinhPhiCatalogue
import KinhPhiEstimate
import KinhPhiAppraisal

let fixtureCodes = FuzzPaths.read(FuzzPaths.fixture("catalogue/budget-codes.csv"))
let probeDates: [CivilDate] = [(1, 1, 1900), (1, 7, 2017), (20, 11, 2024), (20, 11, 2025), (31, 12, 9999)]
    .compactMap { CivilDate(year: $0.2, month: $0.1, day: $0.0) }
let fixtureWorkspaces = ["hoi-nghi-chuyen-gia-2025", "hoi-nghi-chuyen-gia-2025-loi"].map { FuzzPaths.fixture($0) }

func lines(_ b: [UInt8]) -> Int { b.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

func checkError(_ e: InputError, _ files: [String: [UInt8]]) {
    _ = e.message(.vi); _ = e.message(.en)
    if let l = e.location.line, let b = files[e.location.file] {
        FuzzFail.check(l >= 1 && l <= lines(b), "\(e.location.file) line \(l) of \(lines(b)): \(e.message(.en))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalogue(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (first, second) = splitInput(bytes(data, size))
    let normsBytes = first, codesBytes = second ?? fixtureCodes
    let files = ["norms.csv": normsBytes, "budget-codes.csv": codesBytes]
    let catalogue: Catalogue
    do {
        let normsTable = try CSVTable(records: CSVReader.parse(normsBytes, file: "norms.csv"), file: "norms.csv",
                                      required: CatalogueLoader.normRequired)
        let codesTable = try CSVTable(records: CSVReader.parse(codesBytes, file: "budget-codes.csv"), file: "budget-codes.csv",
                                      required: CatalogueLoader.budgetRequired)
        let norms = try CatalogueLoader.norms(normsTable)
        for n in norms {
            let l = n.source.line ?? 0
            FuzzFail.check(l >= 2 && l <= lines(normsBytes), "norm \(n.id) at line \(l)")
        }
        let codes = try CatalogueLoader.budgetCodes(codesTable)
        catalogue = try Catalogue(norms: norms, budgetCodes: codes)
    } catch {
        note("catalogue refused: \(error.message(.en))")
        checkError(error, files)
        return 0
    }
    note("catalogue: \(catalogue.norms.count) norms, \(catalogue.budgetCodes.count) budget codes")
    for (id, versions) in catalogue.norms {
        for (a, b) in zip(versions, versions.dropFirst()) {
            FuzzFail.check(a.effectiveFrom < b.effectiveFrom, "norm \(id): versions out of order")
            FuzzFail.check(a.effectiveTo.map { $0 < b.effectiveFrom } ?? false, "norm \(id): versions overlap")
        }
        for d in probeDates {
            if let r = try? catalogue.resolve(id, on: d) {
                FuzzFail.check(!r.ceiling.isNegative, "norm \(id) resolves to a negative ceiling \(r.ceiling.dong)")
                FuzzFail.check(!r.chain.isEmpty && r.chain.count <= 8, "norm \(id): chain of \(r.chain.count)")
                _ = r.basis
            }
            _ = catalogue.rate(id, on: d)
        }
    }
    appraiseFixtures(normsBytes, codesBytes)
    return 0
}

/// The fixture estimates, loaded against the fuzzed catalogue (written to disk: the loader reads files).
func appraiseFixtures(_ normsBytes: [UInt8], _ codesBytes: [UInt8]) {
    let normsPath = FuzzPaths.scratch + "/norms.csv", codesPath = FuzzPaths.scratch + "/budget-codes.csv"
    FuzzPaths.write(normsBytes, to: normsPath)
    FuzzPaths.write(codesBytes, to: codesPath)
    for dir in fixtureWorkspaces {
        guard let ws = try? Workspace(path: dir) else { FuzzFail.check(false, "fixture \(dir) missing"); return }
        let loaded: LoadedEstimate
        do { loaded = try EstimateLoader.load(ws, normsPath: normsPath, budgetCodesPath: codesPath) } catch {
            note("estimate refused: \(error.message(.en))"); continue
        }
        let a: Appraisal
        do { a = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue) } catch { _ = error.message(.en); continue }
        note("appraised \(a.appraised.dong) of \(a.requested.dong), \(a.allFindings.count) findings")
        FuzzFail.check(!a.appraised.isNegative && a.appraised <= a.requested, "appraised \(a.appraised.dong) vs requested \(a.requested.dong)")
        for l in a.lines {
            FuzzFail.check(!l.appraised.isNegative && l.appraised <= l.requested, "line \(l.line.code): appraised \(l.appraised.dong) vs requested \(l.requested.dong)")
        }
        for f in a.allFindings { _ = f.text(.vi); _ = f.text(.en) }
    }
}
