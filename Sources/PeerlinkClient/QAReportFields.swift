import Foundation
public import PeerlinkWire

extension Peerlink_V1_PeerSupportQAReport {
    /// The report as (field, value) lines, in the order `peerlink report qa` prints them and as its `--csv`
    /// writes them; peerlink-web's CSV download gives the same rows. A value is empty where the report has no
    /// figure (no closed engagement yet): callers printing lines leave those out.
    public var fields: [(String, String)] {
        func summary(_ s: Peerlink_V1_DaySummary) -> String {
            "min \(s.min), median \(s.median), max \(s.max), mean \(String(format: "%.1f", s.mean)) (\(s.count))"
        }
        let modes = meetingsByMode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return [
            ("as of", date),
            ("supporters", "\(supporters) (\(activeSupporters) active, \(eligibleSupporters) eligible)"),
            ("supervision meetings", "\(supervisionMeetings)"),
            ("requests", "\(requests) (\(openRequests) open, \(withdrawnRequests) withdrawn)"),
            ("profiles declined", "\(declines)"),
            (
                "engagements",
                "\(activeEngagements) active, \(closedEngagements) closed, \(extendedEngagements) extended"
            ),
            ("closed duration (days)", hasClosedDurationDays ? summary(closedDurationDays) : ""),
            ("meetings", "\(meetings) (\(meetingMinutes) minutes; " + modes + ")"),
            ("meetings per closed", hasMeetingsPerClosedEngagement ? summary(meetingsPerClosedEngagement) : ""),
            ("feedback", "\(feedback) (\(sharedFeedback) shared)"),
            (
                "ratings 1–5",
                ratingCounts.map { "\($0)" }.joined(separator: " / ")
                    + (hasMeanRating ? " (mean \(String(format: "%.1f", meanRating)))" : "")
            ),
            ("safeguarding escalations", "\(escalations)"),
        ]
    }
}
