// The KinhPhi library: every layer, re-exported. See docs/architecture.md.
@_exported import KinhPhiSystem
@_exported import KinhPhiCore
@_exported import KinhPhiCatalogue
@_exported import KinhPhiEstimate
@_exported import KinhPhiAppraisal
@_exported import KinhPhiJournal
@_exported import KinhPhiSettlement
@_exported import KinhPhiExport
