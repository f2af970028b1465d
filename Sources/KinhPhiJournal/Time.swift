import KinhPhiCore
import KinhPhiSystem

/// A moment in UTC, to the second: when a record was written. Shown as ISO 8601 `2025-11-20T08:15:30Z`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// `2025-11-20T08:15:30Z`.
    public var iso: String { String(decoding: isoBytes, as: UTF8.self) }
    public var description: String { iso }

    var isoBytes: [UInt8] {
        let (y, m, d, hh, mm, ss) = components(offsetSeconds: 0)
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func put(_ v: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var x = v
            for i in stride(from: width - 1, through: 0, by: -1) { digits[i] = UInt8(48 + x % 10); x /= 10 }
            out += digits
        }
        put(y, 4); out.append(45); put(m, 2); out.append(45); put(d, 2); out.append(84)
        put(hh, 2); out.append(58); put(mm, 2); out.append(58); put(ss, 2); out.append(90)
        return out
    }

    /// The calendar date at a fixed offset from UTC (Hà Nội: +7 h, no daylight saving).
    public func civilDate(offsetSeconds: Int64 = Timestamp.hanoiOffset) -> CivilDate {
        let (y, m, d, _, _, _) = components(offsetSeconds: offsetSeconds)
        return CivilDate(year: y, month: m, day: d) ?? CivilDate(year: 1970, month: 1, day: 1)!
    }

    /// Indochina Time, UTC+7.
    public static let hanoiOffset: Int64 = 7 * 3600

    /// `yyyymmddThhmmssZ`, for backup file names.
    public var compact: String {
        let (y, m, d, hh, mm, ss) = components(offsetSeconds: 0)
        func p(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return p(y, 4) + p(m, 2) + p(d, 2) + "T" + p(hh, 2) + p(mm, 2) + p(ss, 2) + "Z"
    }

    func components(offsetSeconds: Int64) -> (Int, Int, Int, Int, Int, Int) {
        let t = secondsSinceEpoch + offsetSeconds
        var days = t / 86400
        var secs = t % 86400
        if secs < 0 { secs += 86400; days -= 1 }
        let (y, m, d) = Timestamp.civil(fromDays: days)
        return (y, m, d, Int(secs / 3600), Int(secs % 3600 / 60), Int(secs % 60))
    }

    /// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm, proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// (year, month, day) → days since 1970-01-01.
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(m > 2 ? m - 3 : m + 9)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Parses `2025-11-20T08:15:30Z`, `2025-11-20T15:15:30+07:00` (converted to UTC) or a bare date
    /// `2025-11-20` (midnight UTC). Whole string or nil.
    public static func parse(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, b[4] == 45, b[7] == 45, let y = num(0, 4), let m = num(5, 2), let d = num(8, 2),
              CivilDate(year: y, month: m, day: d) != nil else { return nil }
        var seconds = days(fromCivil: y, m, d) * 86400
        if b.count == 10 { return Timestamp(secondsSinceEpoch: seconds) }
        guard b.count >= 20, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let hh = num(11, 2), let mi = num(14, 2), let ss = num(17, 2), hh < 24, mi < 60, ss < 60 else { return nil }
        seconds += Int64(hh * 3600 + mi * 60 + ss)
        if b.count == 20 && (b[19] == 90 || b[19] == 122) { return Timestamp(secondsSinceEpoch: seconds) }
        guard b.count == 25, b[19] == 43 || b[19] == 45, b[22] == 58, let oh = num(20, 2), let om = num(23, 2),
              oh < 24, om < 60 else { return nil }
        let offset = Int64(oh * 3600 + om * 60)
        return Timestamp(secondsSinceEpoch: b[19] == 43 ? seconds - offset : seconds + offset)
    }
}

/// Where "now" comes from. `KINHPHI_CLOCK` (ISO 8601, e.g. `2025-11-20T08:00:00Z`) overrides the system
/// clock so that tests and golden files are reproducible.
public enum Clock {
    public static let environmentVariable = "KINHPHI_CLOCK"

    /// The clocks accepted: from 01/01/2000 00:00:00 UTC to 31/12/2099 23:59:59 UTC. Records hold a
    /// four-digit year and the date in Hà Nội (UTC+7) must be one too; a clock outside these years is a
    /// machine whose clock is wrong (a flat battery gives 1970) or a mistyped KINHPHI_CLOCK, and what it
    /// stamped on a record could not be read back as meant (docs/decisions.md, Clock bounds).
    public static let earliest = Timestamp(secondsSinceEpoch: 946_684_800)
    public static let latest = Timestamp(secondsSinceEpoch: 4_102_444_799)

    /// Now, from the environment override or the system clock; refused outside `earliest…latest`.
    public static func now(environment: [String: String]) throws(JournalError) -> Timestamp {
        if let text = environment[environmentVariable], !text.isEmpty {
            guard let t = Timestamp.parse(text) else { throw .badClock(text) }
            guard t >= earliest && t <= latest else { throw .clockOutOfRange(given: text, at: t.secondsSinceEpoch) }
            return t
        }
        let t = Timestamp(secondsSinceEpoch: SystemClock.secondsSinceEpoch())
        guard t >= earliest && t <= latest else { throw .clockOutOfRange(given: nil, at: t.secondsSinceEpoch) }
        return t
    }
}
