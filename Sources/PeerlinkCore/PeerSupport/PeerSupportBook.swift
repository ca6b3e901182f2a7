/// Supporter profiles, needs assessments, support requests, engagements and feedback (DESIGN §1.2, §1.3, §1.5).
///
/// Part of `Directory`; changes only through the records' `apply(to:)` after a commit. Every per-owner index
/// holds ids in ascending order, so listings are stable.
public struct PeerSupportBook: Sendable {
    public private(set) var profiles: [Int64: SupporterProfile] = [:]
    /// Every profile's id, ascending: a supporter match lists supporters in this order, and sorting the
    /// dictionary's keys per match was about a thirtieth of its cost.
    public private(set) var profileIDs: [Int64] = []
    /// Person id → their supporter profile's id (one profile per person).
    public private(set) var profileByPerson: [Int64: Int64] = [:]
    public private(set) var supervision: [Int64: SupervisionMeeting] = [:]
    public private(set) var supervisionByProfile: [Int64: [Int64]] = [:]

    public private(set) var assessments: [Int64: NeedsAssessment] = [:]
    public private(set) var assessmentsByHead: [Int64: [Int64]] = [:]
    public private(set) var targets: [Int64: NeedsTarget] = [:]
    public private(set) var targetsByHead: [Int64: [Int64]] = [:]
    public private(set) var targetReviews: [Int64: TargetReview] = [:]
    public private(set) var reviewsByTarget: [Int64: [Int64]] = [:]

    public private(set) var requests: [Int64: SupportRequest] = [:]
    public private(set) var requestsByHead: [Int64: [Int64]] = [:]
    /// Request id → profiles the head declined for it.
    public private(set) var declines: [Int64: Set<Int64>] = [:]

    public private(set) var engagements: [Int64: Engagement] = [:]
    public private(set) var engagementByRequest: [Int64: Int64] = [:]
    public private(set) var engagementsByProfile: [Int64: [Int64]] = [:]
    public private(set) var engagementsByHead: [Int64: [Int64]] = [:]
    public private(set) var meetings: [Int64: EngagementMeeting] = [:]
    public private(set) var meetingsByEngagement: [Int64: [Int64]] = [:]
    public private(set) var reviews: [Int64: EngagementReview] = [:]
    public private(set) var reviewsByEngagement: [Int64: [Int64]] = [:]
    /// Engagement id → the head's feedback on it.
    public private(set) var feedback: [Int64: EngagementFeedback] = [:]
    public private(set) var escalations: [Int64: SafeguardingEscalation] = [:]
    public private(set) var escalationsByEngagement: [Int64: [Int64]] = [:]

    public init() {}

    // MARK: Lookups

    public func profile(ofPerson personID: Int64) -> SupporterProfile? {
        profileByPerson[personID].flatMap { profiles[$0] }
    }

    /// Engagements of a supporter that are still active: each uses one unit of capacity.
    public func activeEngagementCount(profileID: Int64) -> Int {
        // A plain loop: a lazy filter's closure captured `self` and so copied the whole book (every table
        // retained) per call, once per supporter in a match.
        var count = 0
        for id in engagementsByProfile[profileID] ?? [] where engagements[id]?.status == .active { count += 1 }
        return count
    }

    /// Meetings of an engagement in the order recorded (which is time order: meetings are recorded in order).
    /// An engagement's meetings (not deleted) in time order: a corrected date can move one before another.
    public func meetings(ofEngagement id: Int64) -> [EngagementMeeting] {
        (meetingsByEngagement[id] ?? []).compactMap { meetings[$0] }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    public func reviews(ofEngagement id: Int64) -> [EngagementReview] {
        (reviewsByEngagement[id] ?? []).compactMap { reviews[$0] }
    }

    public func escalations(ofEngagement id: Int64) -> [SafeguardingEscalation] {
        (escalationsByEngagement[id] ?? []).compactMap { escalations[$0] }
    }

    public func supervision(ofProfile id: Int64) -> [SupervisionMeeting] {
        (supervisionByProfile[id] ?? []).compactMap { supervision[$0] }
    }

    /// A head's assessments, oldest first (by day, then id): the first is the baseline.
    public func assessments(ofHead headID: Int64) -> [NeedsAssessment] {
        (assessmentsByHead[headID] ?? []).compactMap { assessments[$0] }
            .sorted { ($0.assessedOn, $0.id) < ($1.assessedOn, $1.id) }
    }

    public func targets(ofHead headID: Int64) -> [NeedsTarget] {
        (targetsByHead[headID] ?? []).compactMap { targets[$0] }
    }

    public func reviews(ofTarget id: Int64) -> [TargetReview] {
        (reviewsByTarget[id] ?? []).compactMap { targetReviews[$0] }
            .sorted { ($0.reviewedOn, $0.id) < ($1.reviewedOn, $1.id) }
    }

    public func requests(ofHead headID: Int64) -> [SupportRequest] {
        (requestsByHead[headID] ?? []).compactMap { requests[$0] }
    }

    public func engagements(ofHead headID: Int64) -> [Engagement] {
        (engagementsByHead[headID] ?? []).compactMap { engagements[$0] }
    }

    public func engagements(ofProfile profileID: Int64) -> [Engagement] {
        (engagementsByProfile[profileID] ?? []).compactMap { engagements[$0] }
    }

    public func isDeclined(profileID: Int64, forRequest requestID: Int64) -> Bool {
        declines[requestID]?.contains(profileID) ?? false
    }

    /// Counts for `Stats`.
    public var counts: [String: Int] {
        [
            "supporter_profiles": profiles.count,
            "support_requests": requests.count,
            "engagements": engagements.count,
            "active_engagements": activeEngagementCount,
            "needs_assessments": assessments.count,
            "targets": targets.count,
        ]
    }

    /// Active engagements, kept by `put(_: Engagement)` so `counts` walks no table.
    private var activeEngagementCount = 0

    /// The active count worked out by walking the table (tests hold the kept one to it).
    var recountedCounts: [String: Int] {
        ["active_engagements": engagements.values.lazy.filter { $0.status == .active }.count]
    }

    // MARK: Putting records (called only from the records' apply after a commit)

    mutating func put(_ p: SupporterProfile) {
        if let old = profiles[p.id], old.personID != p.personID { profileByPerson[old.personID] = nil }
        if profiles.updateValue(p, forKey: p.id) == nil { profileIDs.insertSortedID(p.id) }
        profileByPerson[p.personID] = p.id
    }

    mutating func put(_ m: SupervisionMeeting) {
        supervision[m.id] = m
        supervisionByProfile[m.profileID, default: []].insertSortedID(m.id)
    }

    mutating func put(_ a: NeedsAssessment) {
        assessments[a.id] = a
        assessmentsByHead[a.headID, default: []].insertSortedID(a.id)
    }

    mutating func put(_ t: NeedsTarget) {
        targets[t.id] = t
        targetsByHead[t.headID, default: []].insertSortedID(t.id)
    }

    mutating func put(_ r: TargetReview) {
        targetReviews[r.id] = r
        reviewsByTarget[r.targetID, default: []].insertSortedID(r.id)
    }

    mutating func put(_ r: SupportRequest) {
        requests[r.id] = r
        requestsByHead[r.headID, default: []].insertSortedID(r.id)
    }

    mutating func put(_ d: SupportDecline) {
        declines[d.requestID, default: []].insert(d.profileID)
    }

    mutating func put(_ e: Engagement) {
        let old = engagements.updateValue(e, forKey: e.id)
        activeEngagementCount += (e.status == .active ? 1 : 0) - (old?.status == .active ? 1 : 0)
        engagementByRequest[e.requestID] = e.id
        engagementsByProfile[e.profileID, default: []].insertSortedID(e.id)
        engagementsByHead[e.headID, default: []].insertSortedID(e.id)
    }

    mutating func put(_ m: EngagementMeeting) {
        if m.deletedAt != nil {
            meetings[m.id] = nil
            meetingsByEngagement[m.engagementID, default: []].removeSortedID(m.id)
            return
        }
        meetings[m.id] = m
        meetingsByEngagement[m.engagementID, default: []].insertSortedID(m.id)
    }

    mutating func put(_ r: EngagementReview) {
        reviews[r.id] = r
        reviewsByEngagement[r.engagementID, default: []].insertSortedID(r.id)
    }

    mutating func put(_ f: EngagementFeedback) {
        feedback[f.engagementID] = f
    }

    mutating func put(_ e: SafeguardingEscalation) {
        escalations[e.id] = e
        escalationsByEngagement[e.engagementID, default: []].insertSortedID(e.id)
    }

}

// MARK: - Records

extension SupporterProfile: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("supporter", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("supporter", id)
        directory.peerSupport.put(self)
        directory.refreshSupporters(CollectionOfOne(id))
    }
}

extension SupervisionMeeting: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("supervision", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("supervision", id)
        directory.peerSupport.put(self)
    }
}

extension NeedsAssessment: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("assessment", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("assessment", id)
        directory.peerSupport.put(self)
    }
}

extension NeedsTarget: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("target", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("target", id)
        directory.peerSupport.put(self)
    }
}

extension TargetReview: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("target_review", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("target_review", id)
        directory.peerSupport.put(self)
    }
}

extension SupportRequest: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("support_request", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("support_request", id)
        directory.peerSupport.put(self)
    }
}

extension SupportDecline: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("support_decline", "\(requestID)/\(profileID)") }
    public func apply(to directory: inout Directory) { directory.peerSupport.put(self) }
}

extension Engagement: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("engagement", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("engagement", id)
        directory.peerSupport.put(self)
        directory.refreshSupporters(CollectionOfOne(profileID))  // its places in use
    }
}

extension EngagementMeeting: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("meeting", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("meeting", id)
        directory.peerSupport.put(self)
    }
}

extension EngagementReview: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("engagement_review", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("engagement_review", id)
        directory.peerSupport.put(self)
    }
}

extension EngagementFeedback: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("feedback", engagementID) }
    public func apply(to directory: inout Directory) { directory.peerSupport.put(self) }
}

extension SafeguardingEscalation: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("escalation", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("escalation", id)
        directory.peerSupport.put(self)
    }
}
