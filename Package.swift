// swift-tools-version:6.0
// KinhPhi — the money side of a government conference, from estimate to settlement.
// No package dependencies: Foundation, XCTest and Swift Testing only.
//
// The targets are the architecture (docs/architecture.md); each layer imports only the ones before it:
//   KinhPhiSystem (the only code that calls the C library: files, fsync, locks, atomic writes, line streaming)
//   → KinhPhiCore (money, quantities, words, CSV, dates, source locations)
//   → KinhPhiCatalogue (norms, budget codes)
//   → KinhPhiEstimate (conference facts, line items)
//   → KinhPhiAppraisal (rules, findings, appraised amounts)
//   → KinhPhiJournal (approved budget, append-only voucher journal, recording checks)
//   → KinhPhiSettlement (settlement statement, voucher list)
//   → KinhPhiExport (text / CSV / JSON renderings of every report)
// KinhPhi re-exports all of them; the `kinhphi` CLI is the only code that prints.
import PackageDescription

let package = Package(
    name: "KinhPhi",
    // Linux (tested in CI) and macOS (built by most Swift users): the C library is reached only through
    // KinhPhiSystem, which compiles against Glibc or Darwin.
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "KinhPhi", targets: ["KinhPhi"]),
        .executable(name: "kinhphi", targets: ["kinhphi"]),
        .executable(name: "kinhphi-bench", targets: ["kinhphi-bench"]),
    ],
    targets: [
        .target(name: "KinhPhiSystem"),
        .target(name: "KinhPhiCore", dependencies: ["KinhPhiSystem"]),
        .target(name: "KinhPhiCatalogue", dependencies: ["KinhPhiSystem", "KinhPhiCore"]),
        .target(name: "KinhPhiEstimate", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue"]),
        .target(name: "KinhPhiAppraisal", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue", "KinhPhiEstimate"]),
        .target(name: "KinhPhiJournal", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue", "KinhPhiEstimate", "KinhPhiAppraisal"]),
        .target(name: "KinhPhiSettlement", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue", "KinhPhiEstimate", "KinhPhiAppraisal", "KinhPhiJournal"]),
        .target(name: "KinhPhiExport", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue", "KinhPhiEstimate", "KinhPhiAppraisal", "KinhPhiJournal", "KinhPhiSettlement"]),
        .target(name: "KinhPhi", dependencies: ["KinhPhiSystem", "KinhPhiCore", "KinhPhiCatalogue", "KinhPhiEstimate", "KinhPhiAppraisal", "KinhPhiJournal", "KinhPhiSettlement", "KinhPhiExport"]),
        .executableTarget(name: "kinhphi", dependencies: ["KinhPhi"]),
        .executableTarget(name: "kinhphi-bench", dependencies: ["KinhPhi"]),
        .target(name: "TestSupport", dependencies: ["KinhPhi"], path: "Tests/TestSupport"),
        .testTarget(name: "KinhPhiCoreTests", dependencies: ["KinhPhiSystem", "KinhPhiCore", "TestSupport"]),
        .testTarget(name: "KinhPhiTests", dependencies: ["KinhPhi", "TestSupport"], resources: []),
        .testTarget(name: "KinhPhiCLITests", dependencies: ["KinhPhi", "TestSupport", "kinhphi"], exclude: ["Golden"]),
    ]
)
