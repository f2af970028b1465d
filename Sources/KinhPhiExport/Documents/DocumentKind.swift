import KinhPhiCore

/// The documents `kinhphi print` makes. Each has its own file in this folder (`<Name>Document.swift`) with a
/// `render` function that returns the whole HTML file. The first three are made from the workspace's
/// files; the next four from the verified journal (`needsJournal`); the year report (`report`) from every
/// workspace under the folders given (`spansWorkspaces`).
public enum DocumentKind: String, Sendable, CaseIterable {
    /// Dự toán kinh phí (the organiser's estimate).
    case estimate
    /// Tờ trình đề nghị thẩm định dự toán (the organiser's cover letter to the appraiser).
    case submission
    /// Kết quả thẩm định dự toán (in the appraiser's name).
    case appraisal
    /// Danh sách chi tiền / ký nhận (payments to individuals, with a column to sign).
    case payees
    /// Giấy đề nghị tạm ứng and, once cleared, Giấy thanh toán tạm ứng (`--voucher <no>`).
    case advance
    /// Bảng kê chứng từ thanh toán (the Treasury's list, in date order).
    case vouchers
    /// Báo cáo quyết toán kinh phí (to repay and to cancel, with the budget classification).
    case settlement
    /// Báo cáo tổng hợp kinh phí hội nghị, hội thảo năm … (every workspace under the folders given).
    case report

    /// Made from several workspaces (`print <folder>… report`); every other document from one.
    public var spansWorkspaces: Bool { self == .report }

    /// Made from the journal (verified first).
    public var needsJournal: Bool {
        switch self {
        case .estimate, .submission, .appraisal: return false
        case .payees, .advance, .vouchers, .settlement, .report: return true
        }
    }

    public var orientation: PageOrientation {
        switch self {
        case .estimate: return EstimateDocument.orientation
        case .submission: return SubmissionDocument.orientation
        case .appraisal: return AppraisalDocument.orientation
        case .payees: return PayeesDocument.orientation
        case .advance: return AdvanceDocument.orientation
        case .vouchers: return VouchersDocument.orientation
        case .settlement: return SettlementDocument.orientation
        case .report: return YearDocument.orientation
        }
    }

    /// The file written in the workspace when `--out` is not given: `estimate.html` (Vietnamese),
    /// `estimate.en.html` (English).
    public func defaultFileName(_ lang: Language) -> String {
        rawValue + (lang == .vi ? "" : "." + lang.rawValue) + ".html"
    }

    public var summary: Bilingual {
        switch self {
        case .estimate: return Bilingual(vi: "dự toán kinh phí", en: "the cost estimate")
        case .submission: return Bilingual(vi: "tờ trình đề nghị thẩm định dự toán", en: "the submission asking for the appraisal")
        case .appraisal: return Bilingual(vi: "kết quả thẩm định dự toán, đứng tên cơ quan thẩm định", en: "the appraisal result, in the appraiser's name")
        case .payees: return Bilingual(vi: "danh sách chi tiền, ký nhận của cá nhân (--line cho một dòng)", en: "the list of payments to individuals, to sign (--line for one line)")
        case .advance: return Bilingual(vi: "giấy đề nghị tạm ứng, thanh toán tạm ứng (--voucher <số>)", en: "the advance request and its clearing (--voucher <no>)")
        case .vouchers: return Bilingual(vi: "bảng kê chứng từ thanh toán, theo ngày", en: "the list of payment vouchers, by date")
        case .settlement: return Bilingual(vi: "báo cáo quyết toán kinh phí: nộp trả, hủy dự toán", en: "the settlement: to repay, to cancel")
        case .report: return Bilingual(vi: "báo cáo tổng hợp kinh phí của các hội nghị trong năm (một hoặc nhiều thư mục, --year)",
                                       en: "the year's summary of the events under one or more folders (--year)")
        }
    }
}
