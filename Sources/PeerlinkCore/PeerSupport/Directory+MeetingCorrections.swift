/// Correcting a recorded meeting (a wrong date, length or mode) or deleting one recorded by mistake.
///
/// Who may: an admin at any time; the person who recorded it (a supporter or the head) within
/// `meetingCorrectionSeconds` of recording it. A corrected meeting passes every rule a new one does
/// (`prepareMeeting`), checked against the cycle's other meetings; a deleted one is kept in the database with its
/// deletion time (`EngagementMeeting.deletedAt`) and counts nowhere. Both are audited like every write.
extension Directory {
    /// How long after recording a meeting its recorder may still correct or delete it.
    public static let meetingCorrectionSeconds: Int64 = 86_400

    /// Corrects meeting `meetingID`: nil leaves a field as it is. Returns the change and the corrected meeting.
    public func prepareMeetingUpdate(
        meetingID: Int64,
        start: LocalDateTime?,
        minutes: Int?,
        mode: Mode?,
        calendar: SchoolCalendar,
        personID: Int64?,
        role: Role,
        now: Int64
    ) throws(PeerlinkError) -> (change: Change, meeting: EngagementMeeting) {
        var m = try requireMeeting(meetingID)
        try checkMayCorrect(m, personID: personID, role: role, now: now)
        let e = try requireEngagement(m.engagementID, field: "meeting_id")
        if let start { m.start = start }
        if let minutes {
            try Directory.checkMeetingLength(minutes)
            m.minutes = minutes
        }
        if let mode { m.mode = mode }
        try Directory.checkMeetingHeld(m.start, now: now)
        guard m.start.day >= e.start else {
            throw .badRequest(
                "the meeting on \(m.start.day) is before the engagement started (\(e.start))",
                field: "start"
            )
        }
        guard m.start.day <= e.end else {
            throw PeerlinkError(
                .limitExceeded,
                "the meeting on \(m.start.day) is after the cycle ends on \(e.end)",
                field: "start"
            )
        }
        if let closed = e.closedOn, m.start.day > closed {
            throw .conflict(
                "engagement \(e.id) closed on \(closed); a meeting on \(m.start.day) would be after it",
                field: "start"
            )
        }
        let others = peerSupport.meetings(ofEngagement: e.id).filter { $0.id != m.id }
        for o in others where m.start.day == o.start.day && m.start.minute < o.endMinute && o.start.minute < m.endMinute
        {
            throw .badRequest(
                "the meeting at \(m.start) for \(m.minutes) minutes overlaps meeting \(o.id) (\(o.start), \(o.minutes) "
                    + "minutes)",
                field: "start"
            )
        }
        let first = (others + [m]).min { ($0.start, $0.id) < ($1.start, $1.id) }!
        if first.minutes > Engagement.firstMeetingMaxMinutes {
            throw .badRequest(
                "the first meeting lasts at most \(Engagement.firstMeetingMaxMinutes) minutes; meeting \(first.id) "
                    + "would be first with \(first.minutes)",
                field: "minutes"
            )
        }
        let laCode = people[e.headID].flatMap { schools[$0.urn] }?.laCode
        if let refusal = calendar.refusal(start: m.start, minutes: m.minutes, laCode: laCode) {
            throw .badRequest(refusal, field: "start")
        }
        return (Change([m], reads: [ConflictKey("engagement", e.id)]), m)
    }

    /// Deletes meeting `meetingID` (recorded by mistake): it stays in the database, marked deleted at `now`.
    public func prepareMeetingDelete(meetingID: Int64, personID: Int64?, role: Role, now: Int64)
        throws(PeerlinkError) -> Change
    {
        var m = try requireMeeting(meetingID)
        try checkMayCorrect(m, personID: personID, role: role, now: now)
        m.deletedAt = now
        return Change([m], reads: [ConflictKey("engagement", m.engagementID)])
    }

    /// The meeting, not deleted, or `notFound`.
    public func requireMeeting(_ id: Int64, field: String = "meeting_id") throws(PeerlinkError) -> EngagementMeeting {
        guard let m = peerSupport.meetings[id] else {
            throw .notFound("no meeting with id \(id); `peerlink engagement show ID` lists a cycle's", field: field)
        }
        return m
    }

    /// An admin may correct any meeting; its recorder, within a day of recording it.
    private func checkMayCorrect(_ m: EngagementMeeting, personID: Int64?, role: Role, now: Int64)
        throws(PeerlinkError)
    {
        if role == .admin { return }
        guard let personID, m.recordedBy == personID else {
            throw .forbidden("only an admin or the person who recorded meeting \(m.id) can correct it")
        }
        guard now - m.recordedAt <= Directory.meetingCorrectionSeconds else {
            throw .forbidden(
                "meeting \(m.id) was recorded over a day ago; ask an admin to correct it"
            )
        }
    }
}
