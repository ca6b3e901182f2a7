import PeerlinkCore
import PeerlinkWire

/// Handlers for calendars: one person's peer-support meetings and cohort sessions as events
/// (`person_calendar`). Who may read whose is `Act.personCalendar` in the core's `Authority`: a token bound to a
/// person reaches only that person's; an admin's anyone's. A confidential read: every answer is audited.
enum CalendarHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("person_calendar", roles: .everyone, confidential: true, .read(personCalendar))
    ]

    static func personCalendar(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let asked = ctx.request.personCalendar.personID
        guard asked >= 0 else {
            throw .badRequest("person_id must be a person's id, or 0 for your own", field: "person_id")
        }
        guard let personID = asked == 0 ? ctx.caller.personID : asked else {
            throw .badRequest(
                "you act for no person here (the admin socket or an admin token): name the person whose calendar "
                    + "you want (person_id; `peerlink calendar --person ID`)",
                field: "person_id"
            )
        }
        var reply = Peerlink_V1_PersonCalendarReply()
        reply.personID = personID
        reply.events = try ctx.directory.personCalendar(personID: personID, by: ctx.caller).map(\.wire)
        return .personCalendar(reply)
    }
}
