/// A calendar date with no time zone (a headship start, a due date, a term date).
///
/// Stored and sent as ISO `YYYY-MM-DD` text; `ordinal` counts days from 1970-01-01 so date arithmetic
/// and weekdays need no calendar library.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a date from outside may name (a request, an imported file): 1900–2200. Every client date is
    /// parsed by `init(iso:)`, which refuses the rest, so no handler can let a year-9999 date in; arithmetic on
    /// an accepted date (a cycle's end, a cohort's year) then stays far from the limits of the calendar code.
    public static let acceptedYears = 1900...2200

    /// Every year the calendar arithmetic handles (dates stored before the accepted range was enforced).
    public static let calendarYears = 1...9999

    /// Returns nil when the fields do not name a real date (30 February, month 13, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard Day.calendarYears.contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date already known to be real (arithmetic on one); never checked, never fails.
    private init(unchecked year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` with a year in `years` (default `acceptedYears`, 1900–2200); nil for anything else.
    /// Pass `calendarYears` only to read back what was stored before the range was enforced.
    public init?(iso text: some StringProtocol, years: ClosedRange<Int> = Day.acceptedYears) {
        // Read as ten bytes, not split into substrings: every stored date is parsed at start-up.
        var (y, m, d, count) = (0, 0, 0, 0)
        for byte in text.utf8 {
            count += 1
            if count == 5 || count == 8 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), count <= 10 else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch count {
            case ..<5: y = y * 10 + digit
            case ..<8: m = m * 10 + digit
            default: d = d * 10 + digit
            }
        }
        guard count == 10, years.contains(y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `ordinal` days after 1970-01-01 (negative before it).
    public init(ordinal: Int) {
        // Howard Hinnant's civil_from_days: http://howardhinnant.github.io/date_algorithms.html
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        let w = (ordinal + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        // Never fails: the month is real and the day clamped to it (the year may leave `calendarYears`, which
        // only parsing limits).
        return Day(unchecked: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))
    }

    /// Whole years from `self` to `other` (birthday arithmetic), never negative.
    public func wholeYears(until other: Day) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return max(0, years)
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The UTC day a Unix time falls on.
    public init(unixSeconds: Int64) {
        let d = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        self.init(ordinal: Int(d))
    }
}
