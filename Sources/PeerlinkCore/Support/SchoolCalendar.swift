/// A wall-clock time in England on a given day (meetings, sessions). Minutes from midnight, local time.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var day: Day
    /// 0 ..< 1440.
    public var minute: Int

    public init(day: Day, minute: Int) {
        self.day = day
        self.minute = minute
    }

    /// Parses `YYYY-MM-DDTHH:MM` (a space instead of `T` is accepted); nil otherwise.
    public init?(iso text: String) {
        let sep = text.firstIndex(where: { $0 == "T" || $0 == " " })
        guard let sep, let day = Day(iso: text[..<sep]) else { return nil }
        let clock = text[text.index(after: sep)...].split(separator: ":")
        guard clock.count == 2, clock[0].count == 2, clock[1].count == 2, let h = Int(clock[0]), let m = Int(clock[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        self.init(day: day, minute: h * 60 + m)
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { (a.day, a.minute) < (b.day, b.minute) }

    public var description: String {
        let h = minute / 60, m = minute % 60
        return "\(day)T\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}

/// When school-to-school contact may happen: weekdays, within the working day, outside the school holidays.
///
/// Holidays come from configuration (a default list for every authority, and lists per local authority code
/// where an authority's term dates differ) and from imports (bank holidays, each authority's terms and inset
/// days: `CalendarBook`). Pure data.
public struct SchoolCalendar: Sendable, Equatable {
    /// An inclusive range of days with a name for messages ("Christmas holiday").
    public struct Holiday: Sendable, Equatable {
        public var name: String
        public var first: Day
        public var last: Day

        public init(name: String, first: Day, last: Day) {
            self.name = name
            self.first = first
            self.last = last
        }
    }

    /// Start of the working day, minutes from midnight (default 08:00).
    public var dayStart: Int
    /// End of the working day, minutes from midnight (default 17:00); a meeting must end by then.
    public var dayEnd: Int
    public var defaultHolidays: [Holiday]
    /// LA code → that authority's own holidays (an INSET day, a different half term), added to the default list:
    /// the national holidays (bank holidays, Christmas) apply everywhere.
    public var holidaysByLA: [Int: [Holiday]]
    /// Bank holidays in England and Wales (imported from GOV.UK's `bank-holidays.json`): no contact, anywhere.
    public var bankHolidays: [Holiday] = []
    /// LA code → its terms (imported term dates), in order: within the span they cover, a weekday in no term is
    /// a holiday of that authority.
    public var termsByLA: [Int: [Holiday]] = [:]
    /// LA code → its inset days (imported with the term dates).
    public var insetDaysByLA: [Int: [Holiday]] = [:]

    public init(dayStart: Int = 8 * 60, dayEnd: Int = 17 * 60, defaultHolidays: [Holiday] = [], holidaysByLA: [Int: [Holiday]] = [:]) {
        self.dayStart = dayStart
        self.dayEnd = dayEnd
        self.defaultHolidays = defaultHolidays
        self.holidaysByLA = holidaysByLA
    }

    /// The default holidays and, for an authority with its own list, that list too, ordered by first day.
    public func holidays(forLA laCode: Int?) -> [Holiday] {
        guard let own = laCode.flatMap({ holidaysByLA[$0] }), !own.isEmpty else { return defaultHolidays }
        return (defaultHolidays + own).sorted { ($0.first, $0.last) < ($1.first, $1.last) }
    }

    /// The holiday `day` falls in for that authority, or nil in term time: a bank holiday, an inset day, a day
    /// between two of its imported terms, or a configured holiday.
    public func holiday(on day: Day, laCode: Int?) -> Holiday? {
        if let h = bankHolidays.first(where: { $0.first <= day && day <= $0.last }) {
            return Holiday(name: "bank holiday (\(h.name))", first: h.first, last: h.last)
        }
        if let la = laCode {
            if let h = insetDaysByLA[la]?.first(where: { $0.first <= day && day <= $0.last }) {
                return Holiday(name: "inset day (\(h.name))", first: h.first, last: h.last)
            }
            if let terms = termsByLA[la], let gap = SchoolCalendar.gap(in: terms, containing: day) {
                return gap
            }
        }
        return holidays(forLA: laCode).first { $0.first <= day && day <= $0.last }
    }

    /// The days between two consecutive terms that hold `day`, named after them; nil when `day` is in a term or
    /// outside the span the terms cover (nothing is known there).
    static func gap(in terms: [Holiday], containing day: Day) -> Holiday? {
        let sorted = terms.sorted { $0.first < $1.first }
        guard let first = sorted.first, let last = sorted.last, first.first <= day, day <= last.last else { return nil }
        if sorted.contains(where: { $0.first <= day && day <= $0.last }) { return nil }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.last < day && day < b.first {
            return Holiday(name: "holiday between the \(a.name) and the \(b.name)", first: a.last.adding(days: 1), last: b.first.adding(days: -1))
        }
        return nil
    }

    /// Why a contact from `start` lasting `minutes` is not allowed, as a sentence a person can act on, or nil
    /// when it is: it must be on a weekday, inside the working day, and outside the authority's holidays.
    public func refusal(start: LocalDateTime, minutes: Int, laCode: Int?) -> String? {
        if start.day.isWeekend {
            let name = start.day.isoWeekday == 6 ? "Saturday" : "Sunday"
            return "\(start.day) is a \(name); contact stays within the working week (Monday to Friday)"
        }
        if start.minute < dayStart || start.minute + minutes > dayEnd {
            return "contact stays within the working day (\(SchoolCalendar.clock(dayStart))–\(SchoolCalendar.clock(dayEnd))); "
                + "\(SchoolCalendar.clock(start.minute)) for \(minutes) minutes falls outside it"
        }
        if let h = holiday(on: start.day, laCode: laCode) {
            if h.first == h.last {
                let article = h.name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                return "\(start.day) is \(article) \(h.name); contact stays within term time"
            }
            return "\(start.day) is in the \(h.name) (\(h.first) to \(h.last)); contact stays within term time"
        }
        return nil
    }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}
