import Foundation
import KinhPhiCore
import KinhPhiCatalogue
import KinhPhiJournal

// The keys of one event's records for the checks across events, and its payments to people, read from the
// verified journal in one streamed pass (`Journal.streamRecords`: the records' own bytes on every core,
// nothing decoded). Only records the verified ledger knows count (a writer's later append is ignored), and
// only vouchers still in force (`Ledger.isLive`: not reversed).
//
//   invoice         payments and clearings with an invoice: the journal's own invoice key (seller's tax
//                   code, series, number — `RecordKeys`, what REC-DUP-INVOICE compares inside one event)
//   voucher number  every voucher with a number, scoped by the organiser: two units each have their PC-01
//   person and day  income paid to an individual (`Voucher.paysIncome`, the journal's one definition, issue
//                   14): the person (`Voucher.personKey`: the payee_id when recorded, else the name — then
//                   `byName`), the voucher date and the line's kind of work
//
// The year's PIT per person (`--pit`) counts the same records and tells people apart the same way as the
// journal's REC-PIT and `kinhphi pit` (PITRegister), plus any voucher to an individual with PIT withheld.
//
// Each key is kept as a fingerprint (`RecordKeys.fingerprint`) with its event and record: 16 bytes (`KeyEntry`).

enum KeyKind: UInt8, CaseIterable {
    case invoice = 0, voucherNumber = 1, personDay = 2

    var findingKind: CrossEventFinding.Kind {
        switch self {
        case .invoice: return .invoice
        case .voucherNumber: return .voucherNumber
        case .personDay: return .personDay
        }
    }
}

enum KeyCollector {
    /// Whether a record pays income to an individual (`Voucher.paysIncome`: a payment, or a clearing of an
    /// advance on a contract, to an individual who is not the organiser's staff, on a line that pays for work:
    /// `ItemKind.paysForWork`).
    static func paysIncome(_ kind: VoucherKind, individual: Bool, staff: Bool, onContract: Bool, line: ItemKind) -> Bool {
        Voucher.paysIncome(kind: kind, individual: individual, staff: staff, onContract: onContract, incomeLine: line.paysForWork)
    }

    /// Who a person is (`Voucher.personKey`): their payee_id when recorded, else their name, each compared as
    /// every duplicate key of the journal is (`Identifier`).
    static func personKey(payeeID: String?, name: String) -> String { Voucher.personKey(payeeID: payeeID, name: name) }

    /// The exact person-and-day key: person key, 0x1F, the date as yyyymmdd (4 bytes), 0x1F, the kind of work.
    static func personDayKey(payeeID: String?, name: String, packedDate: Int32, kind: ItemKind, into out: inout [UInt8]) {
        personDayKey(nameKey: personKey(payeeID: payeeID, name: name), packedDate: packedDate, kind: kind, into: &out)
    }

    /// The same, from a name already through `personKey`.
    static func personDayKey(nameKey: String, packedDate: Int32, kind: ItemKind, into out: inout [UInt8]) {
        out.append(contentsOf: nameKey.utf8)
        out.append(0x1F)
        withUnsafeBytes(of: packedDate.littleEndian) { out.append(contentsOf: $0) }
        out.append(0x1F)
        out.append(contentsOf: kind.rawValue.utf8)
    }

    /// The organiser's part of a voucher-number key.
    static func unitPrefix(_ organiser: String) -> [UInt8] { Array(Identifier.key(organiser).utf8) + [0x1F] }

    static func packed(_ d: CivilDate) -> Int32 { Int32(d.year * 10_000 + d.month * 100 + d.day) }

    /// Streams the journal once; fills `parts.keys` (when `keys`) and `parts.persons` (when `persons`).
    static func collect(_ journal: Journal, ledger: Ledger, event: Int, keys: Bool, persons: Bool, into parts: inout EventParts) throws {
        guard keys || persons else { return }
        let context = Context(ledger: ledger, event: UInt32(event), unit: unitPrefix(journal.budget.organiser),
                              lineKinds: ledger.knownLines.map(\.kind), keys: keys, persons: persons)
        var collected = parts
        try journal.streamRecords(makeSink: { KeySink(context) }, drain: { (sink: KeySink) in
            collected.keys += sink.keys
            for (k, v) in sink.persons {
                if var p = collected.persons[k] {
                    p.gross += v.gross; p.pit += v.pit; p.payments += v.payments
                    collected.persons[k] = p
                } else {
                    collected.persons[k] = v
                }
            }
            sink.keys.removeAll(keepingCapacity: true)
            sink.persons.removeAll(keepingCapacity: true)
        })
        parts = collected
    }

    struct Context: @unchecked Sendable {
        let ledger: Ledger
        let event: UInt32
        let unit: [UInt8]
        let lineKinds: [ItemKind]
        let keys: Bool
        let persons: Bool
    }

    final class KeySink: RecordStreamSink {
        let c: Context
        var keys: [KeyEntry] = []
        var persons: [PersonKey: PersonSum] = [:]
        private var scratch: [UInt8] = []
        private var payee: [UInt8] = []
        /// Each payee's bytes as recorded (name, 0x1F, payee_id) → the name, the ID and their `personKey`. A name recurs on many records and
        /// the key's normalisation is Foundation string work (about 40 % of a large event's report before
        /// this, docs/performance.md § The year over many workspaces); bounded by the distinct names of the
        /// part the sink reads.
        private var names: [[UInt8]: (name: String, id: String?, key: String)] = [:]

        init(_ c: Context) { self.c = c }

        func add(_ kind: KeyKind, _ seq: Int) {
            keys.append(KeyEntry(fingerprint: RecordKeys.fingerprint(scratch), event: c.event, seq: UInt32(seq), kind: kind.rawValue))
        }

        func take(_ r: RecordView) {
            // Beyond the verified records (appended since), reversed, or a reversal: not counted.
            guard c.ledger.isLive(r.seq), let kind = r.kind else { return }
            let spends = kind == .payment || kind == .clearing
            if c.keys {
                scratch.removeAll(keepingCapacity: true)
                scratch += c.unit
                if r.appendVoucherNumberKey(to: &scratch) { add(.voucherNumber, r.seq) }
                if spends {
                    scratch.removeAll(keepingCapacity: true)
                    if r.appendInvoiceKey(to: &scratch) { add(.invoice, r.seq) }
                }
            }
            guard spends, r.isIndividual, r.lineIndex >= 0, r.lineIndex < c.lineKinds.count else { return }
            let work = KeyCollector.paysIncome(kind, individual: true, staff: r.isStaff, onContract: r.hasContract, line: c.lineKinds[r.lineIndex])
            let pit = r.tax(.pitWithheld)
            guard work || (c.persons && pit > 0) else { return }
            payee.removeAll(keepingCapacity: true)
            guard r.appendText(.payee, to: &payee) else { return }
            let nameEnd = payee.count
            payee.append(0x1F)
            guard r.appendText(.payeeId, to: &payee) else { return }
            let person: (name: String, id: String?, key: String)
            if let known = names[payee] { person = known } else {
                let name = String(decoding: payee[..<nameEnd], as: UTF8.self)
                let id = payee.count > nameEnd + 1 ? String(decoding: payee[(nameEnd + 1)...], as: UTF8.self) : nil
                person = (name, id, KeyCollector.personKey(payeeID: id, name: name))
                names[payee] = person
            }
            if c.keys && work {
                scratch.removeAll(keepingCapacity: true)
                KeyCollector.personDayKey(nameKey: person.key, packedDate: r.packedDate, kind: c.lineKinds[r.lineIndex], into: &scratch)
                add(.personDay, r.seq)
            }
            if c.persons {
                let key = PersonKey(year: Int(r.packedDate / 10_000), name: person.key)
                var p = persons[key] ?? PersonSum(name: person.name, id: person.id)
                p.gross += r.amount; p.pit += pit; p.payments += 1
                persons[key] = p
            }
        }
    }
}
