/// A head's rating against one of the Headteachers' standards. Four steps, lowest first.
///
/// The scale is the project's choice (the standards themselves carry none): it keeps self-assessment quick
/// and makes "moved up a step since the baseline" easy to report.
public enum NeedsRating: Int, Sendable, CaseIterable, Codable, Comparable {
    case priorityNeed = 1
    case developing = 2
    case secure = 3
    case strength = 4

    public static func < (a: NeedsRating, b: NeedsRating) -> Bool { a.rawValue < b.rawValue }

    public var label: String {
        switch self {
        case .priorityNeed: return "priority need"
        case .developing: return "developing"
        case .secure: return "secure"
        case .strength: return "strength"
        }
    }

    /// Accepts 1–4 or the label ("priority need", "developing", "secure", "strength").
    public init?(parsing text: String) {
        if let n = Int(text.trimmingSpaces()), let r = NeedsRating(rawValue: n) {
            self = r
            return
        }
        let key = Text.foldKey(text)
        guard let r = NeedsRating.allCases.first(where: { Text.foldKey($0.label) == key }) else { return nil }
        self = r
    }
}

/// A head's self-assessment against all ten Headteachers' standards on one day. The head's first assessment
/// is the baseline; later ones show movement.
public struct NeedsAssessment: Sendable, Equatable, Codable {
    public var id: Int64
    public var headID: Int64
    public var assessedOn: Day
    /// Standard area id → rating; every standard in the taxonomy is rated.
    public var ratings: [String: NeedsRating]
    public var createdAt: Int64

    public init(id: Int64, headID: Int64, assessedOn: Day, ratings: [String: NeedsRating], createdAt: Int64) {
        self.id = id
        self.headID = headID
        self.assessedOn = assessedOn
        self.ratings = ratings
        self.createdAt = createdAt
    }
}

public enum TargetStatus: String, Sendable, CaseIterable, Codable {
    case open
    case met
    case dropped
}

/// A personal target drawn from a needs assessment: what, by when, and how the head will know.
public struct NeedsTarget: Sendable, Equatable, Codable {
    public var id: Int64
    public var headID: Int64
    /// A standard or theme area id; open targets' areas are a support request's default concerns.
    public var areaID: String
    public var text: String
    public var due: Day
    public var successCriteria: String
    public var status: TargetStatus
    /// The head's rating of the target's standard in their latest assessment when the target was set: the
    /// baseline reviews are measured against. Nil when no assessment existed yet.
    public var baseline: NeedsRating?
    public var createdOn: Day
    public var updatedAt: Int64

    public init(
        id: Int64, headID: Int64, areaID: String, text: String, due: Day, successCriteria: String,
        status: TargetStatus = .open, baseline: NeedsRating?, createdOn: Day, updatedAt: Int64
    ) {
        self.id = id
        self.headID = headID
        self.areaID = areaID
        self.text = text
        self.due = due
        self.successCriteria = successCriteria
        self.status = status
        self.baseline = baseline
        self.createdOn = createdOn
        self.updatedAt = updatedAt
    }
}

/// A review of one target: where the head now rates themselves, a short note of evidence, and the status the
/// target was left in.
public struct TargetReview: Sendable, Equatable, Codable {
    public var id: Int64
    public var targetID: Int64
    public var reviewedOn: Day
    public var rating: NeedsRating
    public var note: String
    public var statusAfter: TargetStatus
    public var createdAt: Int64

    public init(
        id: Int64, targetID: Int64, reviewedOn: Day, rating: NeedsRating, note: String, statusAfter: TargetStatus,
        createdAt: Int64
    ) {
        self.id = id
        self.targetID = targetID
        self.reviewedOn = reviewedOn
        self.rating = rating
        self.note = note
        self.statusAfter = statusAfter
        self.createdAt = createdAt
    }
}

/// A head's progress against the baseline, for `needs show`: the first and latest assessments, and each
/// target with its baseline and latest review.
public struct NeedsProgress: Sendable, Equatable {
    public struct StandardChange: Sendable, Equatable {
        public var areaID: String
        public var baseline: NeedsRating
        public var latest: NeedsRating
        /// Steps moved since the baseline (positive is better).
        public var change: Int { latest.rawValue - baseline.rawValue }
    }

    public struct TargetProgress: Sendable, Equatable {
        public var target: NeedsTarget
        public var reviews: [TargetReview]
        /// Steps moved from the target's baseline to its latest review, when both exist.
        public var change: Int? {
            guard let b = target.baseline, let last = reviews.last else { return nil }
            return last.rating.rawValue - b.rawValue
        }
    }

    public var headID: Int64
    public var baseline: NeedsAssessment?
    public var latest: NeedsAssessment?
    /// One entry per standard rated in both the baseline and the latest assessment, in taxonomy order.
    public var standards: [StandardChange]
    public var targets: [TargetProgress]
}
