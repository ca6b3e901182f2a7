public import PeerlinkCore

// Calendars: Core ↔ protocol (schema/peerlink.proto, fields 180–184).

extension PersonCalendarEvent {
    public var wire: Peerlink_V1_CalendarEvent {
        var w = Peerlink_V1_CalendarEvent()
        w.uid = event.uid
        w.start = event.start.description
        w.minutes = UInt32(max(event.minutes, 0))
        w.summary = event.summary
        w.description_p = event.description
        w.kind = kind.rawValue
        return w
    }
}
