import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink report qa`: the peer-support quality report.

extension PeerlinkCLI.ReportCommand {
    struct QA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Peer-support quality report: counts, durations, meetings and ratings; never a comment.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let q = try connection.call { try $0.reportQa() }
                if connection.json { return Output.printJSON(q) }
                func summary(_ s: Peerlink_V1_DaySummary) -> String {
                    "min \(s.min), median \(s.median), max \(s.max), mean \(Output.fixed(s.mean, 1)) (\(s.count))"
                }
                Output.fields([
                    ("as of", q.date),
                    ("supporters", "\(q.supporters) (\(q.activeSupporters) active, \(q.eligibleSupporters) eligible)"),
                    ("supervision meetings", "\(q.supervisionMeetings)"),
                    ("requests", "\(q.requests) (\(q.openRequests) open, \(q.withdrawnRequests) withdrawn)"),
                    ("profiles declined", "\(q.declines)"),
                    ("engagements", "\(q.activeEngagements) active, \(q.closedEngagements) closed, \(q.extendedEngagements) extended"),
                    ("closed duration (days)", q.hasClosedDurationDays ? summary(q.closedDurationDays) : ""),
                    ("meetings", "\(q.meetings) (\(q.meetingMinutes) minutes; " + q.meetingsByMode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
                    ("meetings per closed", q.hasMeetingsPerClosedEngagement ? summary(q.meetingsPerClosedEngagement) : ""),
                    ("feedback", "\(q.feedback) (\(q.sharedFeedback) shared)"),
                    ("ratings 1–5", q.ratingCounts.map { "\($0)" }.joined(separator: " / ") + (q.hasMeanRating ? " (mean \(Output.fixed(q.meanRating, 1)))" : "")),
                    ("safeguarding escalations", "\(q.escalations)"),
                ], sheet: "qa")
            }
        }
    }
}
