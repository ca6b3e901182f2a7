/// One entry of a person's calendar (`person_calendar`, `peerlink calendar`): a peer-support meeting or a cohort
/// session, as an iCalendar event that names no one.
public struct PersonCalendarEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A meeting of an engagement the person is the head or the supporter of.
        case engagementMeeting = "engagement-meeting"
        /// A session of a cohort group the person is in or facilitates.
        case cohortSession = "cohort-session"
    }

    public var kind: Kind
    public var event: ICalendar.Event

    public init(kind: Kind, event: ICalendar.Event) {
        self.kind = kind
        self.event = event
    }
}

extension Directory {
    /// Every meeting (not deleted) of an engagement where `personID` is the head or the supporter, and every
    /// session (not cancelled) of an active cohort group they are a member of or facilitate (or a session they
    /// run), in time order.
    ///
    /// Confidential like the engagements it reads: the caller must pass `authorize(.personCalendar(personID:))`
    /// (their own person, or an admin), which this checks first. The events carry the same uids, summaries and
    /// descriptions as `peerlink engagement show --ics` and `peerlink cohort sessions --ics`, so importing both
    /// updates one event, except that a session names no facilitator: a person's calendar names no one.
    public func personCalendar(personID: Int64, by caller: Caller) throws(PeerlinkError) -> [PersonCalendarEvent] {
        try authorize(.personCalendar(personID: personID), by: caller)
        var out: [PersonCalendarEvent] = []
        var engagementIDs = Set(peerSupport.engagements(ofHead: personID).map(\.id))
        if let profile = peerSupport.profile(ofPerson: personID) {
            engagementIDs.formUnion(peerSupport.engagements(ofProfile: profile.id).map(\.id))
        }
        for id in engagementIDs {
            for m in peerSupport.meetings(ofEngagement: id) {
                out.append(PersonCalendarEvent(kind: .engagementMeeting, event: Self.calendarEvent(m)))
            }
        }
        for cohort in cohorts.cohorts.values {
            for group in cohorts.activeGroups(cohortID: cohort.id) {
                let whole = group.facilitatorID == personID || group.memberIDs.contains(personID)
                for s in cohorts.sessions(groupID: group.id) where whole || s.facilitatorID == personID {
                    out.append(
                        PersonCalendarEvent(
                            kind: .cohortSession,
                            event: Self.calendarEvent(s, cohort: cohort, group: group)
                        )
                    )
                }
            }
        }
        return out.sorted { ($0.event.start, $0.event.uid) < ($1.event.start, $1.event.uid) }
    }

    /// A peer-support meeting as an event: it says that a meeting happens, never with whom (DESIGN §7).
    public static func calendarEvent(_ m: EngagementMeeting) -> ICalendar.Event {
        ICalendar.Event(
            uid: "meeting-\(m.id)@peerlink",
            start: m.start,
            minutes: m.minutes,
            summary: "Peer support meeting (\(m.mode.rawValue))",
            description: "Engagement \(m.engagementID), meeting \(m.id)"
        )
    }

    /// A cohort session as an event, naming the cohort, group and session number only.
    public static func calendarEvent(_ s: CohortSession, cohort: Cohort, group: CohortGroup) -> ICalendar.Event {
        ICalendar.Event(
            uid: "cohort-session-\(s.id)@peerlink",
            start: s.start,
            minutes: s.minutes,
            summary: "\(cohort.name): group \(group.number), session \(s.number) of 6"
        )
    }
}
