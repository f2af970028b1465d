// conference.csv text for tests that write a workspace, so the seed conference's facts are written once.

/// The seed plan's conference facts as conference.csv rows, and the text of such a file.
public enum ConferenceCSV {
    /// The facts every test workspace shares, in file order: with the header on line 1, `seed[k]` is on
    /// line k + 2 (name on 2, organiser 3, event_date 4, sessions 5, place 6, state_venue 7, area 8,
    /// delegates 9, delegates_non_payroll 10, papers_planned 11).
    public static let seed: [(field: String, value: String)] = [
        ("name", "Hội nghị gặp mặt chuyên gia năm 2025"),
        ("organiser", "Sở Khoa học và Công nghệ"),
        ("event_date", "20/11/2025"),
        ("sessions", "1"),
        ("place", "\"Hội trường tầng 1, 9 Ngô Quyền\""),
        ("state_venue", "yes"),
        ("area", "city"),
        ("delegates", "150"),
        ("delegates_non_payroll", "50"),
        ("papers_planned", "10"),
    ]

    /// "field,value", then `seed` with `changes` applied (same field, new value, same line), then `extra`,
    /// one row per line, each ended by LF. Values are written as given (quote them).
    public static func text(changing changes: [String: String] = [:], extra: [(String, String)]) -> String {
        let rows = seed.map { ($0.field, changes[$0.field] ?? $0.value) } + extra
        return "field,value\n" + rows.map { "\($0.0),\($0.1)\n" }.joined()
    }
}
