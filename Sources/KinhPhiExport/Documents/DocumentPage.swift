import KinhPhiCore

// One printable document = one self-contained HTML file: UTF-8, inline CSS, no script, no external asset.
// The page is A4 with the margins of NĐ 30/2020/NĐ-CP Annex I (portrait: top and bottom 20 mm, left 30 mm,
// right 15 mm — inside the 20–25 / 30–35 / 15–20 mm ranges), Times New Roman (with metric-compatible
// fallbacks), page numbers from page 2 centred in the top margin (CSS @page margin boxes: Chromium 131+
// prints them; a browser without margin boxes prints no number), table headers repeated on every page, no
// row split across pages, and the closing block (totals, words, signatures) kept on one page.
// docs/documents.md describes every document and what headless Chromium prints.

public enum PageOrientation: String, Sendable {
    case portrait, landscape

    /// Width of the text area in millimetres (A4 is 210 × 297 mm).
    public var contentWidthMM: Int {
        switch self {
        case .portrait: return 210 - DocumentPage.marginLeftPortrait - DocumentPage.marginRight
        case .landscape: return 297 - DocumentPage.marginLeftLandscape - DocumentPage.marginRight
        }
    }
}

public enum DocumentPage {
    static let marginTop = 20, marginBottom = 20, marginRight = 15
    static let marginLeftPortrait = 30
    /// A landscape page is bound on its top edge, so its left margin need not leave room for binding.
    static let marginLeftLandscape = 20

    /// The whole HTML file.
    public static func render(title: String, lang: Language, orientation: PageOrientation, body: [HTML]) -> String {
        HTML.document(lang: lang.rawValue, title: title, css: css(orientation), body: body)
    }

    static func css(_ o: PageOrientation) -> String {
        let left = o == .portrait ? marginLeftPortrait : marginLeftLandscape
        // Body text 13 pt on portrait pages (NĐ 30: 13–14 pt); tables 11 pt on landscape pages, 12 pt on
        // portrait ones (a table is not body text; the estimate's ten columns need the room).
        let tableSize = o == .portrait ? "12pt" : "11pt"
        return """
            @page {
              size: A4 \(o.rawValue);
              margin: \(marginTop)mm \(marginRight)mm \(marginBottom)mm \(left)mm;
              @top-center { content: counter(page); font-family: "Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", serif; font-size: 13pt; vertical-align: middle; }
            }
            @page :first { @top-center { content: none; } }
            html { font-family: "Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.25; color: #000; background: #fff; }
            body { margin: 0; }
            @media screen { body { max-width: \(o.contentWidthMM)mm; margin: 10mm auto; } }
            p { margin: 0 0 6pt 0; }
            .masthead { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 6pt; }
            .masthead td { vertical-align: top; text-align: center; padding: 0; }
            .masthead td.issuer { width: 42%; }
            .superior { font-size: 12pt; }
            .unit { font-size: 12pt; font-weight: bold; }
            .unit-rule { width: 30%; margin: 1pt auto 4pt auto; border-top: 0.75pt solid #000; }
            .number { font-size: 13pt; }
            .nation { font-size: 12pt; font-weight: bold; white-space: nowrap; }
            .motto { display: inline-block; font-size: 13pt; font-weight: bold; white-space: nowrap; border-bottom: 0.75pt solid #000; padding-bottom: 1pt; }
            .place-date { font-style: italic; margin-top: 6pt; }
            .blank { display: inline-block; width: 9mm; }
            h1 { font-size: 14pt; font-weight: bold; text-align: center; margin: 10pt 0 2pt 0; }
            .subject { font-size: 14pt; font-weight: bold; text-align: center; margin: 0; }
            .subject-rule { width: 25%; margin: 3pt auto 8pt auto; border-top: 0.75pt solid #000; }
            .recipient { text-align: center; margin: 6pt 0 10pt 0; }
            .facts { text-align: center; margin: 2pt 0; }
            .unit-of-measure { text-align: right; font-style: italic; margin: 4pt 0 2pt 0; }
            .body table.grid { margin: 4pt 0 8pt 0; }
            .body p { text-align: justify; text-indent: 10mm; font-size: 14pt; line-height: 1.35; }
            table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: \(tableSize); }
            table.grid th, table.grid td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: top; overflow-wrap: anywhere; }
            table.grid th { font-weight: bold; text-align: center; vertical-align: middle; overflow-wrap: normal; }
            table.grid thead { display: table-header-group; }
            table.grid tr { break-inside: avoid; page-break-inside: avoid; }
            table.grid td.c { text-align: center; }
            table.grid td.n { text-align: right; white-space: nowrap; }
            table.grid tr.section td { font-weight: bold; }
            table.grid tr.total td { font-weight: bold; }
            table.grid tr.index td { text-align: center; font-style: italic; font-size: 10pt; padding: 0 3pt; }
            table.grid .finding { margin: 0 0 2pt 0; }
            table.grid .basis { font-style: italic; }
            table.closing-total { margin-top: -0.75pt; }
            .closing { break-inside: avoid; page-break-inside: avoid; }
            .words { margin: 6pt 0 2pt 0; }
            .summary p { margin: 0 0 3pt 0; }
            .note { font-style: italic; font-size: 11pt; }
            .anchor { font-size: 9pt; font-style: italic; overflow-wrap: anywhere; margin: 4pt 0 0 0; }
            .page-break { break-before: page; page-break-before: always; }
            .form-lines p { margin: 0 0 5pt 0; }
            table.grid td.sign { height: 9mm; }
            table.grid tr.sub td { font-style: italic; }
            table.grid.small { font-size: 9.5pt; }
            table.grid.small .note { font-size: 9pt; }
            .draft { text-align: center; font-weight: bold; border: 1pt solid #000; padding: 2pt; margin: 0 0 6pt 0; }
            table.signatures { width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 10pt; }
            table.signatures td { vertical-align: top; text-align: center; padding: 0 4pt; }
            .sign-date { font-style: italic; }
            .sign-title { font-weight: bold; }
            .sign-hint { font-style: italic; font-size: 11pt; }
            .sign-space { height: 24mm; }
            .sign-name { font-weight: bold; min-height: 1.25em; }
            table.signatures td.copies { text-align: left; font-size: 12pt; }
            .copies .copies-title { font-weight: bold; font-style: italic; }
            .copies ul { list-style: none; margin: 0; padding: 0; font-size: 11pt; }

            """
    }
}
