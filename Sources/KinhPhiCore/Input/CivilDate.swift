// Calendar dates without time zones: documents carry dd/mm/yyyy; machine files may carry yyyy-mm-dd.

public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Validating initialiser (rejects 31/02/2025, 2025-13-01, years outside 1900…9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `dd/mm/yyyy` (also `d/m/yyyy`) or ISO `yyyy-mm-dd`. Whole string or nil.
    public static func parse(_ raw: String) -> CivilDate? {
        let text = NumberParser.trimSpaces(raw)
        let isoParts = text.split(separator: "-", omittingEmptySubsequences: false)
        if isoParts.count == 3 {
            guard isoParts[0].count == 4, isoParts[1].count == 2, isoParts[2].count == 2,
                  let y = digits(isoParts[0]), let m = digits(isoParts[1]), let d = digits(isoParts[2]) else { return nil }
            return CivilDate(year: y, month: m, day: d)
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let d = digits(parts[0]), let m = digits(parts[1]), let y = digits(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    private static func digits(_ s: Substring) -> Int? {
        var v = 0
        for u in s.utf8 {
            guard u >= 48 && u <= 57 else { return nil }
            v = v * 10 + Int(u - 48)
        }
        return s.isEmpty ? nil : v
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `dd/mm/yyyy`.
    public var description: String { pad(day) + "/" + pad(month) + "/" + String(year) }
    /// `yyyy-mm-dd`.
    public var iso: String { String(year) + "-" + pad(month) + "-" + pad(day) }

    private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The last day of the month after this date's month (advance clearing deadline). From December 9999
    /// on, the last representable date (31/12/9999) instead of a year 10000 that a CivilDate cannot hold.
    public var endOfFollowingMonth: CivilDate {
        let m = month == 12 ? 1 : month + 1
        let y = month == 12 ? year + 1 : year
        return CivilDate(year: y, month: m, day: CivilDate.daysIn(month: m, year: y)) ?? CivilDate(year: 9999, month: 12, day: 31)! // fuzz: trapped for 12/9999
    }

    /// Days since 01/03/0000 of the proleptic Gregorian calendar (H. Hinnant's days_from_civil shifted): the
    /// difference of two dates' day numbers is the number of days between them.
    public var dayNumber: Int { CivilDate.dayNumber(year: year, month: month, day: day) }

    /// The day number of a year, month and day (not validated).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400                                  // y ≥ 0 for every CivilDate
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = CivilDate.parse(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "bad date \(s)")
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
