/// The scheme's quality report (`peerlink report qa`): counts only.
///
/// It never carries a comment, shared or not. Shared feedback was shared with the supporter, not with
/// whoever reads the report, so the report gives ratings as a distribution and leaves words out entirely.
public struct PeerSupportQAReport: Sendable, Equatable {
    /// Smallest, median (lower middle for an even count), largest and mean of a list of day counts.
    public struct Summary: Sendable, Equatable {
        public var count: Int
        public var min: Int
        public var median: Int
        public var max: Int
        public var mean: Double

        init?(_ values: [Int]) {
            guard !values.isEmpty else { return nil }
            let v = values.sorted()
            count = v.count
            min = v[0]
            median = v[(v.count - 1) / 2]
            max = v[v.count - 1]
            mean = Double(v.reduce(0, +)) / Double(v.count)
        }
    }

    public var day: Day
    public var supporters: Int
    public var activeSupporters: Int
    /// Active and eligible on `day`: the pool a match draws from.
    public var eligibleSupporters: Int
    public var supervisionMeetings: Int
    public var requests: Int
    public var openRequests: Int
    public var withdrawnRequests: Int
    public var declines: Int
    public var activeEngagements: Int
    public var closedEngagements: Int
    public var extendedEngagements: Int
    /// Days from start to close, closed engagements only.
    public var closedDurationDays: Summary?
    public var meetings: Int
    public var meetingMinutes: Int
    /// Meetings per closed engagement.
    public var meetingsPerClosedEngagement: Summary?
    public var meetingsByMode: [Mode: Int]
    public var feedback: Int
    public var sharedFeedback: Int
    /// Index 0 counts ratings of 1, … index 4 ratings of 5.
    public var ratingCounts: [Int]
    public var meanRating: Double?
    public var escalations: Int
}

extension Directory {
    /// Builds the quality report as of `day` (eligibility is judged on that day).
    public func peerSupportQAReport(on day: Day) -> PeerSupportQAReport {
        let book = peerSupport
        var durations: [Int] = [], meetingsPerClosed: [Int] = []
        var meetingsByMode: [Mode: Int] = [:]
        var minutes = 0
        for m in book.meetings.values {
            minutes += m.minutes
            meetingsByMode[m.mode, default: 0] += 1
        }
        for e in book.engagements.values where e.status == .closed {
            if let c = e.closedOn { durations.append(c.ordinal - e.start.ordinal) }
            meetingsPerClosed.append(book.meetingsByEngagement[e.id]?.count ?? 0)
        }
        var ratings = [0, 0, 0, 0, 0]
        for f in book.feedback.values where (1...5).contains(f.rating) { ratings[f.rating - 1] += 1 }
        let rated = ratings.reduce(0, +)
        let ratingSum = ratings.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        let profiles = Array(book.profiles.values)
        return PeerSupportQAReport(
            day: day, supporters: profiles.count,
            activeSupporters: profiles.filter { $0.status == .active }.count,
            eligibleSupporters: profiles.filter { $0.status == .active && supporterEligibility($0, on: day).isEmpty }
                .count,
            supervisionMeetings: book.supervision.count, requests: book.requests.count,
            openRequests: book.requests.values.filter { $0.status == .open }.count,
            withdrawnRequests: book.requests.values.filter { $0.status == .withdrawn }.count,
            declines: book.declines.values.reduce(0) { $0 + $1.count },
            activeEngagements: book.engagements.values.filter { $0.status == .active }.count,
            closedEngagements: book.engagements.values.filter { $0.status == .closed }.count,
            extendedEngagements: book.engagements.values.filter { $0.extensions > 0 }.count,
            closedDurationDays: .init(durations), meetings: book.meetings.count, meetingMinutes: minutes,
            meetingsPerClosedEngagement: .init(meetingsPerClosed), meetingsByMode: meetingsByMode,
            feedback: book.feedback.count, sharedFeedback: book.feedback.values.filter(\.shared).count,
            ratingCounts: ratings, meanRating: rated > 0 ? Double(ratingSum) / Double(rated) : nil,
            escalations: book.escalations.count)
    }
}
