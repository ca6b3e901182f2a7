/// Wall-clock time in England (Europe/London): GMT in winter, BST (UTC+1) from 01:00 UTC on the last Sunday of
/// March to 01:00 UTC on the last Sunday of October (the EU/UK rule since 1996).
///
/// Every "today" and every wall-clock rule (a meeting dated up to today, a session's time of day) is England's:
/// between midnight and 1 am BST the UTC date is still yesterday. Computed in pure Swift so the core needs no time
/// zone database; `LondonTimeTests` checks the boundaries against the published changes.
public enum LondonTime {
    /// Seconds east of UTC at that instant: 3600 in BST, 0 in GMT.
    public static func offsetSeconds(atUnixSeconds t: Int64) -> Int64 {
        let year = Day(unixSeconds: t).year
        let start = changeInstant(lastSundayOf: 3, year: year)
        let end = changeInstant(lastSundayOf: 10, year: year)
        return t >= start && t < end ? 3600 : 0
    }

    /// The day in England at that instant.
    public static func day(atUnixSeconds t: Int64) -> Day {
        Day(unixSeconds: t + offsetSeconds(atUnixSeconds: t))
    }

    /// The wall-clock day and minute in England at that instant.
    public static func localDateTime(atUnixSeconds t: Int64) -> LocalDateTime {
        let local = t + offsetSeconds(atUnixSeconds: t)
        let day = Day(unixSeconds: local)
        let seconds = local - Int64(day.ordinal) * 86_400
        return LocalDateTime(day: day, minute: Int(seconds / 60))
    }

    /// 01:00 UTC on the last Sunday of `month` in `year`, in Unix seconds.
    static func changeInstant(lastSundayOf month: Int, year: Int) -> Int64 {
        let last = Day(year: year, month: month, day: Day.daysIn(month: month, year: year))!
        let sunday = last.adding(days: -(last.isoWeekday % 7))  // isoWeekday: 7 = Sunday
        return Int64(sunday.ordinal) * 86_400 + 3600
    }
}
