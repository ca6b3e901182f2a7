import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink engagement meeting`: recording a cycle's meetings, and correcting or deleting one.

extension PeerlinkCLI.EngagementCommand {
    struct Meeting: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a meeting (`meeting ID --date …`), or correct or delete one (`meeting edit|delete MEETING`).",
            subcommands: [MeetingAdd.self, MeetingEdit.self, MeetingDelete.self], defaultSubcommand: MeetingAdd.self)
    }

    struct MeetingAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a meeting held (weekdays, working hours, term time, up to now; first at most 60 minutes; at most 6 per cycle).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: ArgumentHelp("When it starts, local time.", valueName: "YYYY-MM-DDTHH:MM")) var date: String
        @Option(help: "How long, in minutes (1–480).") var minutes: Int
        @Option(help: "in-person or online (default online).") var mode: String?

        func validate() throws { try OptionCheck.range("--minutes", minutes, OptionCheck.meetingMinutes, "minutes") }

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingAdd()
            r.engagementID = id
            r.start = date
            r.minutes = UInt32(minutes)
            r.mode = mode ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementMeeting(r) }
                if connection.json { return Output.printJSON(v) }
                print("recorded meeting \(v.meetings.count) of \(v.engagement.meetingLimit) for engagement \(id)")
            }
        }
    }

    struct MeetingEdit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct a recorded meeting's date, length or mode (admins; its recorder within a day).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Meeting id (`peerlink engagement show ID` lists them).") var meeting: Int64
        @Option(help: ArgumentHelp("When it started, local time.", valueName: "YYYY-MM-DDTHH:MM")) var date: String?
        @Option(help: "How long, in minutes (1–480).") var minutes: Int?
        @Option(help: "in-person or online.") var mode: String?

        func validate() throws {
            guard date != nil || minutes != nil || mode != nil else {
                throw ValidationError("give what to correct: --date, --minutes or --mode.")
            }
            try OptionCheck.range("--minutes", minutes, OptionCheck.meetingMinutes, "minutes")
        }

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingUpdate()
            r.meetingID = meeting
            r.start = date ?? ""
            if let minutes { r.minutes = UInt32(minutes) }
            r.mode = mode ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementMeetingUpdate(r) }
                if connection.json { return Output.printJSON(v) }
                print("corrected meeting \(meeting) of engagement \(v.engagement.id)")
            }
        }
    }

    struct MeetingDelete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a meeting recorded by mistake (admins; its recorder within a day).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Meeting id.") var meeting: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingDelete()
            r.meetingID = meeting
            try Self.reportingFailures {
                let v = try connection.call { try $0.engagementMeetingDelete(r) }
                if connection.json { return Output.printJSON(v) }
                print("deleted meeting \(meeting); engagement \(v.engagement.id) has \(v.meetings.count) meetings")
            }
        }
    }
}
