import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

/// `peerlink calendar`: one person's calendar (the `person_calendar` operation): the meetings of every
/// engagement they are the head or supporter of, and the sessions of every cohort group they are in or
/// facilitate, as a table or an iCalendar file. The events name no one.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "A person's peer-support meetings and cohort sessions, as a table or an iCalendar file (.ics).",
        discussion: """
            Every meeting of an engagement where the person is the head or the supporter, and every session of a \
            cohort group they are in or facilitate, in time order. The events say what happens (a peer support \
            meeting, a group's session), never with whom. A head's or supporter's token reaches only their own \
            calendar (leave out --person); an admin names anyone with --person.
            """
    )
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "The person's id (default: the person your token acts for).") var person: Int64?
    @Option(help: ArgumentHelp("Write the events as an iCalendar file (.ics) for a calendar.", valueName: "file"))
    var ics: String?

    func validate() throws {
        if let person, person <= 0 { throw ValidationError("--person is a person's id, 1 or more; got \(person).") }
    }

    func run() throws {
        var r = Peerlink_V1_PersonCalendar()
        r.personID = person ?? 0
        try Self.reportingFailures {
            let reply = try connection.call { try $0.personCalendar(r) }
            if let ics {
                let events = reply.events.compactMap { e in
                    LocalDateTime(iso: e.start).map {
                        ICalendar.Event(
                            uid: e.uid,
                            start: $0,
                            minutes: Int(e.minutes),
                            summary: e.summary,
                            description: e.description_p
                        )
                    }
                }
                try ICalendarFile.write(
                    ICalendar.document(
                        name: "peerlink meetings and sessions",
                        events: events,
                        stamp: Int64(Date().timeIntervalSince1970)
                    ),
                    to: ics,
                    events: events.count
                )
            }
            if connection.json { return Output.printJSON(reply) }
            if reply.events.isEmpty {
                return Output.say("no meetings or sessions for person \(reply.personID)")
            }
            Output.table(
                ["start", "minutes", "what", "kind"],
                reply.events.map { e in
                    [e.start.replacingOccurrences(of: "T", with: " "), "\(e.minutes)", e.summary, e.kind]
                },
                sheet: "calendar"
            )
        }
    }
}
