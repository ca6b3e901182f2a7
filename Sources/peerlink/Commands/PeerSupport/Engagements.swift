import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink engagement`: cycles of peer support, their reviews, feedback and safeguarding escalation
// (meetings are in Meetings.swift).

extension PeerlinkCLI {
    struct EngagementCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engagement",
            abstract: "Cycles of peer support: start, meetings, review, close, feedback, escalation, reminders.",
            subcommands: [
                Start.self, Meeting.self, Review.self, Close.self, Due.self, Feedback.self, Escalate.self, Show.self,
                List.self,
            ])
    }
}

private func printEngagement(_ v: Peerlink_V1_EngagementView) {
    let e = v.engagement
    Output.fields([
        ("engagement", "\(e.id) (request \(e.requestID), head \(e.headID), supporter \(e.supporterID))"),
        ("status", e.status + (e.closedOn.isEmpty ? "" : " on \(e.closedOn)")),
        ("cycle", "\(e.start) to \(e.end)\(e.extensions > 0 ? " (extended \(e.extensions)×)" : "")"),
        ("meetings", "\(v.meetings.count) of \(e.meetingLimit)"),
        ("review opens", e.status == "active" ? e.reviewOpens : ""),
    ])
    if !v.meetings.isEmpty {
        Output.table(["meeting", "start", "minutes", "mode"], v.meetings.map { ["\($0.id)", $0.start, "\($0.minutes)", $0.mode] })
    }
    for r in v.reviews {
        print("review \(r.date): \(r.decision)\(r.until.isEmpty ? "" : " until \(r.until)")")
    }
    for x in v.escalations {
        print("escalated to \(x.contact) at \(Output.time(x.raisedAt)) by \(x.raisedByRole)")
    }
    if v.hasFeedback {
        let f = v.feedback
        print("feedback: \(f.rating)/5\(f.shared ? " (shared with the supporter)" : " (not shared)")\(f.comment.isEmpty ? "" : ": \(f.comment)")")
    }
}

extension PeerlinkCLI.EngagementCommand {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a cycle between the request's head and the supporter they chose; prints its id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Option(help: "Supporter profile id.") var supporter: Int64
        @Flag(help: "Also refuse a supporter in the head's own local authority.") var strictLa = false
        @Option(help: ArgumentHelp("Day the cycle began, when recorded late (default today).", valueName: "YYYY-MM-DD"))
        var date: String?

        func run() throws {
            var r = Peerlink_V1_EngagementStart()
            r.requestID = request
            r.supporterID = supporter
            r.strictLa = strictLa
            r.date = date ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementStart(r) }
                Output.created(v, id: v.engagement.id, json: connection.json)
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the cycle's review: continue (with --until to extend at six months) or close.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: "continue or close.") var decision: String
        @Option(help: ArgumentHelp("With continue: extend the cycle to this day.", valueName: "YYYY-MM-DD"))
        var until: String?

        func run() throws {
            var r = Peerlink_V1_EngagementReviewAdd()
            r.engagementID = id
            r.decision = decision
            r.until = until ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementReview(r) }
                if connection.json { return Output.printJSON(v) }
                print("reviewed engagement \(id): \(v.engagement.status), cycle ends \(v.engagement.end)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an engagement today, freeing the supporter's place; the head is then asked for feedback.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementClose()
            r.engagementID = id
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementClose(r) }
                if connection.json { return Output.printJSON(v) }
                print("closed engagement \(id) on \(v.engagement.closedOn) after \(v.meetings.count) meetings")
            }
        }
    }

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reminders: engagements whose review is due and engagements past their end.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let d = try connection.call { try $0.engagementDue() }
                if connection.json { return Output.printJSON(d.due.map { Output.jsonObject($0) }) }
                if d.due.isEmpty { return print("nothing due") }
                Output.table(["engagement", "due", "ends", "what to do"], d.due.map { ["\($0.engagementID)", $0.kind, $0.end, $0.message] })
            }
        }
    }

    struct Feedback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The head's feedback on a closed engagement; the supporter sees it only with --share.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: "1 (poor) to 5 (excellent).") var rating: Int
        @Option(help: "A comment.") var comment: String?
        @Flag(help: "Let the supporter see this feedback.") var share = false

        func validate() throws { try OptionCheck.range("--rating", rating, 1...5) }

        func run() throws {
            var r = Peerlink_V1_FeedbackGive()
            r.engagementID = id
            r.rating = UInt32(rating)
            r.comment = comment ?? ""
            r.share = share
            try Self.reportingFailures {
                let f = try connection.call { try $0.engagementFeedback(r) }
                if connection.json { return Output.printJSON(f) }
                print("thank you: feedback on engagement \(id) recorded\(f.shared ? " and shared with the supporter" : "; the supporter will not see it")")
            }
        }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a safeguarding or whistleblowing concern went to the authority's named contact (never its content).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementEscalate()
            r.engagementID = id
            try Self.reportingFailures {
                let x = try connection.call { try $0.engagementEscalate(r) }
                if connection.json { return Output.printJSON(x) }
                print("recorded: concern from engagement \(id) passed to \(x.contact) at \(Output.time(x.raisedAt))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an engagement: cycle, meetings, reviews, escalations, and feedback when you may see it.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: ArgumentHelp("Also write its meetings as an iCalendar file (.ics) for a calendar.", valueName: "file"))
        var ics: String?

        func run() throws {
            var r = Peerlink_V1_EngagementGet()
            r.id = id
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementGet(r) }
                if let ics {
                    // Confidential: the events say only that a peer-support meeting happens, never with whom.
                    let events = v.meetings.compactMap { m in
                        LocalDateTime(iso: m.start).map {
                            ICalendar.Event(
                                uid: "meeting-\(m.id)@peerlink", start: $0, minutes: Int(m.minutes),
                                summary: "Peer support meeting (\(m.mode))",
                                description: "Engagement \(v.engagement.id), meeting \(m.id)")
                        }
                    }
                    try ICalendarFile.write(
                        ICalendar.document(name: "Peer support engagement \(v.engagement.id)", events: events,
                            stamp: Int64(Date().timeIntervalSince1970)), to: ics, events: events.count)
                }
                if connection.json { Output.printJSON(v) } else { printEngagement(v) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The engagements your token reaches.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let l = try connection.call { try $0.engagementList() }
                if connection.json { return Output.printJSON(l.engagements.map { Output.jsonObject($0) }) }
                if l.engagements.isEmpty { return print("no engagements") }
                Output.table(
                    ["id", "head", "supporter", "start", "end", "meetings", "status"],
                    l.engagements.map { v in
                        let e = v.engagement
                        return ["\(e.id)", "\(e.headID)", "\(e.supporterID)", e.start, e.end, "\(v.meetings.count)", e.status]
                    })
            }
        }
    }
}
