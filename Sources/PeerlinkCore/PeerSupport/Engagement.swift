public enum SupportRequestStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the head to choose a supporter.
    case open
    /// An engagement was started from it.
    case engaged
    /// The head or the authority withdrew it.
    case withdrawn
}

/// A head asking for a cycle of peer support: what about (concerns) and how (mode).
public struct SupportRequest: Sendable, Equatable, Codable {
    public var id: Int64
    public var headID: Int64
    /// Area ids (standards and themes); given, or the head's open targets' areas at the time of asking.
    public var concerns: [String]
    public var mode: Mode
    public var status: SupportRequestStatus
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: Int64, headID: Int64, concerns: [String], mode: Mode, status: SupportRequestStatus = .open,
        createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.headID = headID
        self.concerns = concerns
        self.mode = mode
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The head turned down a supporter's profile for a request; that profile is never offered again for it.
public struct SupportDecline: Sendable, Equatable, Codable, Hashable {
    public var requestID: Int64
    public var profileID: Int64
    public var declinedAt: Int64

    public init(requestID: Int64, profileID: Int64, declinedAt: Int64) {
        self.requestID = requestID
        self.profileID = profileID
        self.declinedAt = declinedAt
    }
}

public enum EngagementStatus: String, Sendable, CaseIterable, Codable {
    case active
    case closed
}

/// A cycle of peer support between a head and a supporter (DESIGN §1.2): an initial meeting of up to an hour,
/// then at most six meetings in all over at most six months, unless a review extends it.
public struct Engagement: Sendable, Equatable, Codable {
    /// Meetings a cycle allows before a review must extend it.
    public static let meetingsPerCycle = 6
    /// Months a cycle lasts before a review must extend it.
    public static let monthsPerCycle = 6
    /// Longest first meeting, in minutes.
    public static let firstMeetingMaxMinutes = 60
    /// Days before the cycle's end at which its review falls due (and an extension may be recorded).
    public static let reviewWindowDays = 30

    public var id: Int64
    public var requestID: Int64
    /// The head supported (copied from the request, for scoping).
    public var headID: Int64
    public var profileID: Int64
    public var start: Day
    /// The last day of the cycle: six months from start, or a review's extension date.
    public var end: Day
    /// Extensions recorded by reviews so far; each allows another `meetingsPerCycle` meetings.
    public var extensions: Int
    public var status: EngagementStatus
    public var closedOn: Day?
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The cycle end (`end`) whose "review due" email was queued; nil before the first. A review that extends
    /// the cycle moves `end`, so the next review's email is due again (`prepareReviewDueNotices`).
    public var reviewNoticeFor: Day?

    public init(
        id: Int64, requestID: Int64, headID: Int64, profileID: Int64, start: Day, end: Day? = nil,
        extensions: Int = 0, status: EngagementStatus = .active, closedOn: Day? = nil, createdAt: Int64,
        updatedAt: Int64, reviewNoticeFor: Day? = nil
    ) {
        self.reviewNoticeFor = reviewNoticeFor
        self.id = id
        self.requestID = requestID
        self.headID = headID
        self.profileID = profileID
        self.start = start
        self.end = end ?? start.adding(months: Engagement.monthsPerCycle)
        self.extensions = extensions
        self.status = status
        self.closedOn = closedOn
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// How many meetings the engagement may have in all, given its extensions.
    public var meetingLimit: Int { Engagement.meetingsPerCycle * (1 + extensions) }

    /// The first day the review is due (and an extension may be recorded).
    public var reviewOpens: Day { end.adding(days: -Engagement.reviewWindowDays) }
}

/// One meeting of an engagement.
/// Not `Codable`: `LocalDateTime` is not (the store writes `start` as its ISO text).
public struct EngagementMeeting: Sendable, Equatable {
    public var id: Int64
    public var engagementID: Int64
    public var start: LocalDateTime
    public var minutes: Int
    public var mode: Mode
    /// The person who recorded it (nil for an admin acting as no person).
    public var recordedBy: Int64?
    public var recordedAt: Int64
    /// When it was deleted as recorded by mistake (`prepareMeetingDelete`); a deleted meeting is kept in the
    /// database only, and counts nowhere.
    public var deletedAt: Int64?

    public init(
        id: Int64, engagementID: Int64, start: LocalDateTime, minutes: Int, mode: Mode, recordedBy: Int64?,
        recordedAt: Int64, deletedAt: Int64? = nil
    ) {
        self.deletedAt = deletedAt
        self.id = id
        self.engagementID = engagementID
        self.start = start
        self.minutes = minutes
        self.mode = mode
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// The local time the meeting ends (same day: meetings stay within the working day).
    public var endMinute: Int { start.minute + minutes }
}

public enum ReviewDecision: String, Sendable, CaseIterable, Codable {
    case `continue`
    case close
}

/// The review of an engagement at six months: continue (optionally extending to `until`) or close.
public struct EngagementReview: Sendable, Equatable, Codable {
    public var id: Int64
    public var engagementID: Int64
    public var reviewedOn: Day
    public var decision: ReviewDecision
    /// The new last day when the review extended the cycle.
    public var until: Day?
    public var recordedBy: Int64?
    public var recordedAt: Int64

    public init(
        id: Int64, engagementID: Int64, reviewedOn: Day, decision: ReviewDecision, until: Day?, recordedBy: Int64?,
        recordedAt: Int64
    ) {
        self.id = id
        self.engagementID = engagementID
        self.reviewedOn = reviewedOn
        self.decision = decision
        self.until = until
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// The head's feedback on a closed engagement. One per engagement. The supporter sees it only when `shared`.
public struct EngagementFeedback: Sendable, Equatable, Codable {
    public static let maximumCommentLength = 2000

    public var engagementID: Int64
    /// 1 (poor) to 5 (excellent).
    public var rating: Int
    public var comment: String?
    /// The head allowed the supporter to see this feedback.
    public var shared: Bool
    public var givenBy: Int64
    public var givenAt: Int64

    public init(engagementID: Int64, rating: Int, comment: String?, shared: Bool, givenBy: Int64, givenAt: Int64) {
        self.engagementID = engagementID
        self.rating = rating
        self.comment = comment
        self.shared = shared
        self.givenBy = givenBy
        self.givenAt = givenAt
    }
}

/// That a safeguarding or whistleblowing concern from an engagement went to the authority's single point of
/// contact: when, to whom, and who passed it on. Deliberately no field for what the concern was.
public struct SafeguardingEscalation: Sendable, Equatable, Codable {
    public var id: Int64
    public var engagementID: Int64
    /// The named contact at the authority, from the daemon's configuration at the time.
    public var contactName: String
    /// The person who passed the concern on (nil for an admin acting as no person).
    public var raisedBy: Int64?
    public var raisedByRole: Role
    public var raisedAt: Int64

    public init(
        id: Int64, engagementID: Int64, contactName: String, raisedBy: Int64?, raisedByRole: Role, raisedAt: Int64
    ) {
        self.id = id
        self.engagementID = engagementID
        self.contactName = contactName
        self.raisedBy = raisedBy
        self.raisedByRole = raisedByRole
        self.raisedAt = raisedAt
    }
}
