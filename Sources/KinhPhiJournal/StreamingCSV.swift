import KinhPhiCore

// The reader of `kinhphi import` is KinhPhiCore's one CSV tokenizer (CSVTokenizer.swift), streamed from the
// file in 4 MiB blocks; this name is kept for Import.swift (`next()`, `line`, `fieldCount`, `cell(_:)`,
// `withCellBytes(_:_:)`).
typealias StreamingCSV = CSVTokenizer
