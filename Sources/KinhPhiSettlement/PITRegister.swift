import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiJournal

// The register of income paid to individuals and the personal income tax withheld from it (`kinhphi pit`):
// per person, the gross income, the PIT withheld, the net paid, the number of payments and the vouchers
// behind them — the figures of the unit's PIT return (tờ khai khấu trừ thuế TNCN) and of the withholding
// certificates (chứng từ khấu trừ thuế) it gives each person. docs/journal.md § The PIT register.
//
// Which records: every effective (not reversed) payment and clearing to an individual on a line that pays
// income (every kind but a cost the budget bears for the person: travel, lodging, per diem, meal support),
// and any other payment or clearing to an individual from which PIT was withheld — so that the register's
// PIT total is the journal's (REC-PIT refuses PIT anywhere else). People are told apart as the recording
// checks tell them apart (`payee_id` when given, else the name after normalising case, spaces and Unicode
// composition); the organiser's own staff are listed apart: their income is declared with their salaries,
// not under the flat 10 %.

/// One payment behind a person's figures.
public struct PITPayment: Sendable, Hashable {
    public let seq: Int
    public let date: CivilDate
    public let voucherNumber: String?
    public let line: String
    public let kind: VoucherKind
    public let gross: Money
    public let pit: Money
    public var net: Money { (try? gross - pit) ?? gross }
}

/// One person's income and tax.
public struct PITPerson: Sendable {
    /// payee_id (citizen ID number or personal tax code); nil when the vouchers gave none.
    public let id: String?
    /// The name as first written.
    public let name: String
    /// The organiser's own staff.
    public let staff: Bool
    public let payments: [PITPayment]
    public let gross: Money
    public let pit: Money
    public var net: Money { (try? gross - pit) ?? gross }
}

public struct PITRegister: Sendable {
    /// The calendar year of payment the register covers (nil: every year of the journal).
    public let year: Int?
    /// Individuals who are not the organiser's staff: the 10 % withholding return. In the order of their
    /// first payment.
    public let people: [PITPerson]
    /// The organiser's own staff paid income (declared with their salaries).
    public let staff: [PITPerson]
    /// Σ over `people` and over `staff`.
    public let gross: Money, pit: Money
    public let staffGross: Money, staffPIT: Money
    /// Σ PIT withheld over every effective record of the journal in `year` (any payee, any line): equals
    /// `pit + staffPIT` for a journal recorded under the recording checks.
    public let journalPIT: Money
    /// The journal's anchor the figures were drawn from: "<records>:<hash of the last record>"
    /// (`kinhphi verify --anchor`), as on the settlement.
    public let anchor: String
    public var net: Money { (try? gross - pit) ?? gross }
    public var paymentCount: Int { people.reduce(0) { $0 + $1.payments.count } }

    /// Builds the register from the journal (one read; effective records only).
    public static func build(_ journal: Journal, year: Int? = nil) throws -> PITRegister {
        struct Candidate { let seq: Int; let voucher: Voucher }
        var candidates: [Candidate] = []
        var pitSeqs: [(Int, Int64)] = []
        let budget = journal.budget
        let ledger = try journal.forEachRecord { r in
            guard case .voucher(let v) = r.body, year.map({ v.date.year == $0 }) ?? true else { return }
            if v.pitWithheld.dong > 0 { pitSeqs.append((r.seq, v.pitWithheld.dong)) }
            let income = Voucher.paysIncome(kind: v.kind, individual: v.payeeType == .individual, staff: false,
                                            onContract: v.contractNumber != nil,
                                            incomeLine: budget.line(v.line).map { $0.kind.paysForWork } ?? true)
            // Staff are listed apart (their income, not withheld at 10 %); PIT withheld anywhere else too.
            guard income || (v.payeeType == .individual && v.pitWithheld.dong > 0) else { return }
            candidates.append(Candidate(seq: r.seq, voucher: v))
        }
        var journalPIT = Money.zero
        for (seq, p) in pitSeqs where ledger.isEffective(seq) { journalPIT = try journalPIT + Money(dong: p) }
        struct Group { var id: String?; var name: String; var staff: Bool; var payments: [PITPayment] }
        var order: [String] = []
        var groups: [String: Group] = [:]
        for c in candidates where ledger.isEffective(c.seq) {
            let v = c.voucher
            let key = (v.staff ? "S" : "P") + PITRegister.personKey(v)
            let p = PITPayment(seq: c.seq, date: v.date, voucherNumber: v.voucherNumber, line: v.line, kind: v.kind,
                               gross: v.amount, pit: v.pitWithheld)
            if groups[key] == nil {
                order.append(key)
                groups[key] = Group(id: v.payeeID, name: v.payee, staff: v.staff, payments: [])
            }
            groups[key]!.payments.append(p)
        }
        var people: [PITPerson] = [], staff: [PITPerson] = []
        var gross = Money.zero, pit = Money.zero, staffGross = Money.zero, staffPIT = Money.zero
        for key in order {
            let g = groups[key]!
            var pg = Money.zero, pp = Money.zero
            for p in g.payments { pg = try pg + p.gross; pp = try pp + p.pit }
            let person = PITPerson(id: g.id, name: g.name, staff: g.staff, payments: g.payments, gross: pg, pit: pp)
            if g.staff {
                staff.append(person); staffGross = try staffGross + pg; staffPIT = try staffPIT + pp
            } else {
                people.append(person); gross = try gross + pg; pit = try pit + pp
            }
        }
        return PITRegister(year: year, people: people, staff: staff, gross: gross, pit: pit,
                           staffGross: staffGross, staffPIT: staffPIT, journalPIT: journalPIT,
                           anchor: "\(ledger.recordCount):\(ledger.lastHash.hex)")
    }

    /// How the register tells people apart: as the recording checks do (`Voucher.personKey`).
    static func personKey(_ v: Voucher) -> String { Voucher.personKey(payeeID: v.payeeID, name: v.payee) }
}
