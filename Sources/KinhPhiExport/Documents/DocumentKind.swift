import KinhPhiCore

/// The documents `kinhphi print` makes. Each has its own file in this folder (`<Name>Document.swift`) with a
/// `render` function that returns the whole HTML file; the journal-based ones (payees, advance, vouchers,
/// settlement) and the year report join this list as one case and one file each.
public enum DocumentKind: String, Sendable, CaseIterable {
    /// Dự toán kinh phí (the organiser's estimate).
    case estimate
    /// Tờ trình đề nghị thẩm định dự toán (the organiser's cover letter to the appraiser).
    case submission
    /// Kết quả thẩm định dự toán (in the appraiser's name).
    case appraisal

    public var orientation: PageOrientation {
        switch self {
        case .estimate: return EstimateDocument.orientation
        case .submission: return SubmissionDocument.orientation
        case .appraisal: return AppraisalDocument.orientation
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
        }
    }
}
