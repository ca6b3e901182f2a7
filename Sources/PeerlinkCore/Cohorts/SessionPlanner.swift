/// One group's need for sessions.
public struct SessionRequest: Sendable, Equatable {
    public var groupNumber: Int
    public var facilitatorID: Int64
    /// The authorities of the members and the facilitator: a session avoids every one's holidays.
    public var laCodes: [Int]

    public init(groupNumber: Int, facilitatorID: Int64, laCodes: [Int]) {
        self.groupNumber = groupNumber
        self.facilitatorID = facilitatorID
        self.laCodes = laCodes
    }
}

/// A session the planner chose.
public struct PlannedSession: Sendable, Equatable {
    public var groupNumber: Int
    /// 1 … `sessionsPerGroup`.
    public var number: Int
    public var facilitatorID: Int64
    public var start: LocalDateTime
    public var minutes: Int

    public init(groupNumber: Int, number: Int, facilitatorID: Int64, start: LocalDateTime, minutes: Int) {
        self.groupNumber = groupNumber
        self.number = number
        self.facilitatorID = facilitatorID
        self.start = start
        self.minutes = minutes
    }

    /// Whether two sessions share any minute.
    public func overlaps(_ other: PlannedSession) -> Bool {
        start.day == other.start.day && start.minute < other.start.minute + other.minutes
            && other.start.minute < start.minute + minutes
    }
}

/// A time a facilitator is already taken (a session kept from an earlier forming).
public struct SessionBooking: Sendable, Equatable {
    public var facilitatorID: Int64
    public var start: LocalDateTime
    public var minutes: Int

    public init(facilitatorID: Int64, start: LocalDateTime, minutes: Int) {
        self.facilitatorID = facilitatorID
        self.start = start
        self.minutes = minutes
    }
}

/// Plans each group's facilitated sessions (DESIGN §1.4): `sessionsPerGroup` sessions of `minutes`, spread
/// evenly by giving session *i* the *i*-th equal slice of the period, each on a weekday inside the working
/// day and outside every member's holidays (`SchoolCalendar`), never overlapping another session of the
/// same facilitator. A group tries the same offset into each slice, so its gaps stay close to the slice
/// length; groups start at different offsets so a facilitator's load spreads over the days. Pure.
public struct SessionPlanner: Sendable {
    public var calendar: SchoolCalendar
    public var sessionsPerGroup: Int
    public var minutes: Int
    /// The time every session starts (minutes from midnight, the cohort's choice); nil: any half hour of the
    /// working day, nearest the middle first.
    public var startMinute: Int?
    /// ISO weekdays sessions may fall on (the cohort's pattern); empty: every weekday.
    public var weekdays: [Int] = []

    public init(calendar: SchoolCalendar, sessionsPerGroup: Int = 6, minutes: Int = CohortSession.standardMinutes) {
        self.calendar = calendar
        self.sessionsPerGroup = sessionsPerGroup
        self.minutes = minutes
    }

    /// Sessions for every request, in request order, between `from` (inclusive) and `until` (exclusive).
    /// `booked` holds facilitators' existing commitments. `unscheduled` names each group that did not get all
    /// its sessions, with the reason.
    public func plan(_ requests: [SessionRequest], from: Day, until: Day, booked: [SessionBooking] = [])
        -> (sessions: [PlannedSession], unscheduled: [(groupNumber: Int, reason: String)])
    {
        var busy: [Int64: [Int: [(start: Int, end: Int)]]] = [:]
        for b in booked {
            busy[b.facilitatorID, default: [:]][b.start.day.ordinal, default: []].append(
                (b.start.minute, b.start.minute + b.minutes))
        }
        let span = until.ordinal - from.ordinal
        guard span >= sessionsPerGroup else {
            return (
                [],
                requests.map {
                    ($0.groupNumber, "the period \(from) to \(until) is too short for \(sessionsPerGroup) sessions")
                }
            )
        }
        // Starts on a half-hour grid that fit the working day, nearest the middle of the day first; or the
        // cohort's own start time, which must fit the working day.
        let latest = calendar.dayEnd - minutes
        let firstStart = (calendar.dayStart + 29) / 30 * 30
        let middle = (calendar.dayStart + calendar.dayEnd - minutes) / 2
        var starts = stride(from: firstStart, through: latest, by: 30).sorted {
            (abs($0 - middle), $0) < (abs($1 - middle), $1)
        }
        if let startMinute {
            guard startMinute >= calendar.dayStart && startMinute <= latest else {
                let why =
                    "sessions start at \(SchoolCalendar.clock(startMinute)), but a \(minutes)-minute session must fit the "
                    + "working day (\(SchoolCalendar.clock(calendar.dayStart))–\(SchoolCalendar.clock(calendar.dayEnd))); "
                    + "choose another session start"
                return ([], requests.map { ($0.groupNumber, why) })
            }
            starts = [startMinute]
        }

        var sessions: [PlannedSession] = []
        var unscheduled: [(groupNumber: Int, reason: String)] = []
        for (index, request) in requests.enumerated() {
            let las = Array(Set(request.laCodes)).sorted()
            var missing = 0
            for s in 0..<sessionsPerGroup {
                let lo = from.ordinal + span * s / sessionsPerGroup
                let hi = from.ordinal + span * (s + 1) / sessionsPerGroup
                let length = hi - lo
                let offset = (index * 11 + length / 4) % length
                var chosen: LocalDateTime?
                search: for step in 0..<length {
                    let day = Day(ordinal: lo + (offset + step) % length)
                    if day.isWeekend { continue }
                    if !weekdays.isEmpty && !weekdays.contains(day.isoWeekday) { continue }
                    if las.contains(where: { calendar.holiday(on: day, laCode: $0) != nil }) { continue }
                    if las.isEmpty, calendar.holiday(on: day, laCode: nil) != nil { continue }
                    let taken = busy[request.facilitatorID]?[day.ordinal] ?? []
                    for minute in starts {
                        let end = minute + minutes
                        if taken.contains(where: { minute < $0.end && $0.start < end }) { continue }
                        chosen = LocalDateTime(day: day, minute: minute)
                        break search
                    }
                }
                guard let start = chosen else {
                    missing += 1
                    continue
                }
                busy[request.facilitatorID, default: [:]][start.day.ordinal, default: []].append(
                    (start.minute, start.minute + minutes))
                sessions.append(
                    PlannedSession(
                        groupNumber: request.groupNumber, number: s + 1, facilitatorID: request.facilitatorID,
                        start: start, minutes: minutes))
            }
            if missing > 0 {
                unscheduled.append(
                    (
                        request.groupNumber,
                        "\(missing) of group \(request.groupNumber)'s \(sessionsPerGroup) sessions found no weekday "
                            + "in term time with its facilitator free; give the facilitator fewer groups"
                    ))
            }
        }
        return (sessions, unscheduled)
    }

    /// Whether a session fits the calendar for every one of `laCodes` (weekday, working day, term time).
    public func fits(start: LocalDateTime, minutes: Int, laCodes: [Int]) -> Bool {
        if laCodes.isEmpty { return calendar.refusal(start: start, minutes: minutes, laCode: nil) == nil }
        return laCodes.allSatisfy { calendar.refusal(start: start, minutes: minutes, laCode: $0) == nil }
    }
}
