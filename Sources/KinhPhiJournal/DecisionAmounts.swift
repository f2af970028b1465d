import KinhPhiCore
import KinhPhiCatalogue

// The decision's own amounts per line: the CSV file given to `kinhphi approve --amounts` (the approval
// decision's figures, when UBND Thành phố did not simply take Sở Tài chính's appraised ones) and to
// `kinhphi adjust --amounts` (the lines an adjustment decision changes or adds). docs/journal.md
// §Approval, §Adjustments.
//
//   line,approved                       (Vietnamese headers too: STT / Mã dòng, Số được duyệt / Thành tiền …:
//   1.1,2.040.000                        InputNames.decisionAmounts; `;` or TAB separators detected as in every
//   3.1,6.500.000                        file)
//
// Rows without a line code (section titles, subtotals, the total of a decision's annex) are skipped. A line
// given twice is refused. For `adjust`, a line that is not yet approved is added, and its row must also give
// `description`, `kind` and `budget_code` (and may give `section` and `policy`).

/// One line of a decision's amounts file.
public struct DecisionAmountRow: Sendable, Hashable {
    public let line: String
    public let amount: Money
    /// 1-based line of the file.
    public let row: Int
    // Only for a line an adjustment adds.
    public let section: String?
    public let description: String?
    public let kind: ItemKind?
    public let budgetCode: String?
    public let policy: OverBudgetPolicy?
}

public struct DecisionAmounts: Sendable {
    /// How errors name the file (the path as given).
    public let file: String
    public let sha256: SHA256Digest
    public let rows: [DecisionAmountRow]
    /// The header of the line and amount columns as written (for messages naming a cell).
    public let lineColumn: String
    public let amountColumn: String

    public func row(_ line: String) -> DecisionAmountRow? { rows.first { $0.line == line } }

    /// The canonical column keys (InputNames.decisionAmounts names them in Vietnamese too).
    public static let lineKey = "line", amountKey = "approved"
    public static let columns = ["line", "approved", "section", "description", "kind", "budget_code", "policy"]

    /// Reads the file. Every cell is checked; the first problem is thrown, naming file, line and column.
    public static func read(path: String, displayName: String? = nil) throws(InputError) -> DecisionAmounts {
        let name = displayName ?? path
        let bytes = try FileInput.readBytes(path: path, displayName: name)
        return try parse(bytes, file: name)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> DecisionAmounts {
        let table = try CSVTable(bytes: bytes, file: file, required: [lineKey, amountKey], names: InputNames.decisionAmounts)
        var rows: [DecisionAmountRow] = []
        var firstRow: [String: Int] = [:]
        for r in table.rows {
            let code = table.cell(r, lineKey)
            if code.isEmpty { continue }
            if let first = firstRow[code] {
                throw InputError(table.location(r, lineKey), .duplicate(kind: Bilingual(vi: "mã dòng", en: "line code"), id: code, firstLine: first))
            }
            firstRow[code] = r.line
            let amount = try table.money(r, amountKey)
            func text(_ k: String) -> String? { let v = table.cell(r, k); return v.isEmpty ? nil : v }
            var kind: ItemKind? = nil
            if let k = text("kind") {
                guard let v = ItemKind.parse(k) else { throw InputError(table.location(r, "kind"), .badValue(text: k, expected: ItemKind.expected)) }
                kind = v
            }
            var policy: OverBudgetPolicy? = nil
            if let p = text("policy") {
                guard let v = OverBudgetPolicy(rawValue: p.lowercased()) else {
                    throw InputError(table.location(r, "policy"), .badValue(text: p, expected: OverBudgetPolicy.expected))
                }
                policy = v
            }
            rows.append(DecisionAmountRow(line: code, amount: amount, row: r.line, section: text("section"), description: text("description"),
                                          kind: kind, budgetCode: text("budget_code"), policy: policy))
        }
        guard !rows.isEmpty else {
            throw InputError(SourceLocation(file: file), .inconsistent(Bilingual(vi: "không có dòng nào có mã dòng và số tiền", en: "no row gives a line code and an amount")))
        }
        return DecisionAmounts(file: file, sha256: SHA256.hash(bytes), rows: rows, lineColumn: table.written(lineKey), amountColumn: table.written(amountKey))
    }

    /// The source recorded in an approval version.
    public var source: DecisionAmountsSource { DecisionAmountsSource(file: file, sha256: sha256) }
}
