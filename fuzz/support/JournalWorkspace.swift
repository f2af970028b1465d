// Shared by the `voucher` and `journal` targets (compiled into both by fuzz/run.sh): an approved
// workspace in this process's scratch folder.
//
// <scratch>/catalogue/  a copy of fixtures/catalogue
// <scratch>/ws/         conference.csv + estimate.csv of fixtures/hoi-nghi-chuyen-gia-2025, approved with
//                       decision 99/QĐ-STC of 30/10/2025; over-budget policy `stop`, except 3.2 `warn` and
//                       4.1 `ignore` (so every policy is exercised). The clock is fixed (2025-11-25T03:00:00Z).

import Foundation
import KinhPhiCore
import KinhPhiEstimate
import KinhPhiAppraisal
import KinhPhiJournal

enum FuzzWorkspace {
    static let now = Timestamp.parse("2025-11-25T03:00:00Z")!
    static let settings = JournalSettings(now: now, lockTimeout: 5)

    /// The workspace folder; set up on first use.
    static let path: String = {
        let cat = FuzzPaths.scratch + "/catalogue"
        FuzzPaths.mkdir(cat)
        for f in ["norms.csv", "budget-codes.csv"] {
            FuzzPaths.write(FuzzPaths.read(FuzzPaths.fixture("catalogue/" + f)), to: cat + "/" + f)
        }
        let ws = FuzzPaths.scratch + "/ws"
        FuzzPaths.mkdir(ws)
        for f in ["conference.csv", "estimate.csv"] {
            FuzzPaths.write(FuzzPaths.read(FuzzPaths.fixture("hoi-nghi-chuyen-gia-2025/" + f)), to: ws + "/" + f)
        }
        do {
            let w = try Workspace(path: ws)
            let loaded = try EstimateLoader.load(w)
            let appraisal = try Appraiser.appraise(loaded.estimate, catalogue: loaded.catalogue)
            _ = try ApprovedBudget.approve(w, appraisal: appraisal, decisionNumber: "99/QĐ-STC",
                                           decisionDate: CivilDate(year: 2025, month: 10, day: 30)!,
                                           defaultPolicy: .stop, linePolicies: ["3.2": .warn, "4.1": .ignore], settings: settings)
        } catch {
            eprint("fuzz: cannot approve the fixture workspace: \(error)\n"); exit(2)
        }
        return ws
    }()

    static let workspace: Workspace = try! Workspace(path: path)

    static let journal: Journal = {
        do { return try Journal.open(workspace, settings: settings) } catch {
            eprint("fuzz: cannot open the journal: \(error)\n"); exit(2)
        }
    }()

    static var journalPath: String { workspace.file(Journal.fileName) }

    static func journalBytes() -> [UInt8]? {
        FileManager.default.contents(atPath: journalPath).map { [UInt8]($0) }
    }

    static func setJournal(_ bytes: [UInt8]?) {
        if let bytes { FuzzPaths.write(bytes, to: journalPath) } else { FuzzPaths.remove(journalPath) }
    }

    /// A journal of 4 records, made once: a payment with an invoice (1.1), an advance TU-01 (3.2), a paper
    /// fee (2.1) and the reversal of that fee.
    static let baseRecords = 4
    static let baseJournal: [UInt8] = {
        setJournal(nil)
        let out = importText(baseCSV)
        guard out.committed else { eprint("fuzz: the base voucher file was refused\n"); exit(2) }
        do {
            let r = try journal.reverse(3, reason: "Nhập nhầm")
            guard !r.refused else { eprint("fuzz: the base reversal was refused: \(r.findings.map { $0.message.en })\n"); exit(2) }
        } catch { eprint("fuzz: cannot reverse: \(error)\n"); exit(2) }
        return journalBytes()!
    }()

    static let voucherHeader = "date,line,payee,payee_type,tax_code,description,amount,vat,pit_withheld,method,kind,invoice_series,invoice_no,invoice_date,contract_no,contract_value,voucher_no,ref,work_date"
    static let baseCSV = voucherHeader + """

        20/11/2025,1.1,Công ty TNHH In Hà Nội,business,0101234567,In giấy mời,1.080.000,80.000,,transfer,payment,1C25TAA,0000123,20/11/2025,,,UNC-01,,
        10/11/2025,3.2,Trần Thị Bình,individual,,Tạm ứng mua vật tư,2.000.000,,,cash,advance,,,,,,TU-01,,
        20/11/2025,2.1,Nguyễn Văn An,individual,,Thù lao tham luận,3.000.000,,300.000,transfer,payment,,,,,,TL-01,,

        """

    /// Imports a voucher file given as text into the current journal (setup only: a failure ends the process).
    static func importText(_ text: String) -> ImportOutcome {
        _ = path
        let csv = FuzzPaths.scratch + "/setup.csv"
        FuzzPaths.write(Array(text.utf8), to: csv)
        do { return try journal.importCSV(path: csv, displayName: "setup.csv") } catch {
            eprint("fuzz: setup import failed: \(error)\n"); exit(2)
        }
    }

    /// Removes repair's backups (journal.kp.bak-…) and an import's scratch file.
    static func tidy() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for n in names where n.hasPrefix(Journal.fileName + ".bak-") { FuzzPaths.remove(path + "/" + n) }
    }

    /// Checks that a readable journal makes sense: the ledger adds up and every derived figure is computable.
    static func checkLedger(_ l: Ledger, context: String) {
        var paid = Money.zero, outstanding = Money.zero, approved = Money.zero
        for line in l.lines {
            _ = line.usedPercent
            _ = line.isOver
            FuzzFail.check(!line.advancedOutstanding.isNegative, "\(context): line \(line.code) has negative outstanding advances")
            let rem = try? line.approved - line.paid - line.advancedOutstanding
            FuzzFail.check(rem == nil || rem == line.remaining, "\(context): line \(line.code) remaining \(line.remaining.dong) ≠ approved − paid − advanced")
            paid = (try? paid + line.paid) ?? paid
            outstanding = (try? outstanding + line.advancedOutstanding) ?? outstanding
            approved = (try? approved + line.approved) ?? approved
        }
        FuzzFail.check(paid == l.paid && outstanding == l.advancedOutstanding && approved == l.approved,
                       "\(context): ledger totals are not the sum of its lines")
        _ = l.usedPercent
        for f in l.findings(asOf: CivilDate(year: 2026, month: 3, day: 1)!) { _ = f.text(.vi) }
        _ = l.overdueAdvances(asOf: CivilDate(year: 2025, month: 12, day: 31)!)
    }
}
