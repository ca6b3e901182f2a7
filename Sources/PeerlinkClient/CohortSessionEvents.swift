public import PeerlinkCore
public import PeerlinkWire

extension Peerlink_V1_CohortSessionsReply {
    /// The sessions as calendar events (`ICalendar.document`), one per session with a readable start: what
    /// `peerlink cohort sessions --ics FILE` writes and peerlink-web's calendar download serves.
    public var calendarEvents: [ICalendar.Event] {
        sessions.compactMap { s in
            LocalDateTime(iso: s.start).map {
                ICalendar.Event(
                    uid: "cohort-session-\(s.id)@peerlink",
                    start: $0,
                    minutes: Int(s.minutes),
                    summary: "\(cohort.name): group \(s.groupNumber), session \(s.number) of 6",
                    description: "Facilitated by \(s.facilitatorName)"
                )
            }
        }
    }
}
