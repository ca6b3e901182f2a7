/// An early-headship cohort (DESIGN §1.4): heads apply, the admin forms groups of 4–6 with a facilitator each,
/// and every group meets six times across the twelve months from `start`.
public struct Cohort: Sendable, Equatable, Codable {
    public var id: Int64
    /// Unique, compared with case and punctuation ignored (`Text.foldKey`).
    public var name: String
    /// Most accepted participants at once; later applicants are wait-listed. Nil for an open cohort.
    public var cap: Int?
    public var minGroupSize: Int
    public var maxGroupSize: Int
    /// The first day of the cohort: eligibility (first 5 years of headship) is judged on it, and sessions
    /// run for 12 months from it.
    public var start: Day
    /// Unix seconds.
    public var createdAt: Int64
    /// When every session starts, minutes from midnight in England; nil: the planner picks, nearest midday.
    public var sessionStart: Int?
    /// ISO weekdays (1 Monday … 5 Friday) sessions may fall on, ascending; empty: any weekday.
    public var sessionWeekdays: [Int]

    public init(
        id: Int64, name: String, cap: Int?, minGroupSize: Int, maxGroupSize: Int, start: Day, createdAt: Int64 = 0,
        sessionStart: Int? = nil, sessionWeekdays: [Int] = []
    ) {
        self.sessionStart = sessionStart
        self.sessionWeekdays = sessionWeekdays
        self.id = id
        self.name = name
        self.cap = cap
        self.minGroupSize = minGroupSize
        self.maxGroupSize = maxGroupSize
        self.start = start
        self.createdAt = createdAt
    }

    /// The day after the cohort's last: sessions fall in `start ..< end`.
    public var end: Day { start.adding(months: 12) }
}

public enum CohortApplicationStatus: String, Sendable, CaseIterable, Codable {
    case accepted
    case waitListed = "wait-listed"
    case withdrawn
}

/// A head's application to a cohort. One per head and cohort; re-applying after withdrawing reuses it.
public struct CohortApplication: Sendable, Equatable, Codable {
    public var id: Int64
    public var cohortID: Int64
    /// The head (a `Person`).
    public var personID: Int64
    /// Unix seconds of the (latest) application.
    public var appliedAt: Int64
    public var status: CohortApplicationStatus
    /// Application order within the cohort, from 1; never reused. The wait-list is promoted in this order.
    public var position: Int
    /// Unix seconds of the last status change.
    public var updatedAt: Int64

    public init(
        id: Int64, cohortID: Int64, personID: Int64, appliedAt: Int64, status: CohortApplicationStatus,
        position: Int, updatedAt: Int64? = nil
    ) {
        self.id = id
        self.cohortID = cohortID
        self.personID = personID
        self.appliedAt = appliedAt
        self.status = status
        self.position = position
        self.updatedAt = updatedAt ?? appliedAt
    }
}

/// A person who facilitates groups of one cohort, up to `maxGroups` of them.
public struct Facilitator: Sendable, Equatable, Codable {
    public static let maximumGroups = 50

    public var id: Int64
    public var cohortID: Int64
    public var personID: Int64
    public var maxGroups: Int

    public init(id: Int64, cohortID: Int64, personID: Int64, maxGroups: Int) {
        self.id = id
        self.cohortID = cohortID
        self.personID = personID
        self.maxGroups = maxGroups
    }
}

/// A formed group. Groups are never deleted: a group that a later forming does not keep is marked
/// `dissolved`, so "group 3" always names the same people in history.
public struct CohortGroup: Sendable, Equatable, Codable {
    public var id: Int64
    public var cohortID: Int64
    /// Unique within the cohort; shown to people ("group 3").
    public var number: Int
    public var phase: CohortPhase
    /// Person ids of the heads, ascending.
    public var memberIDs: [Int64]
    /// Person id of the facilitator; nil until one independent of every member has room.
    public var facilitatorID: Int64?
    public var dissolved: Bool
    /// Unix seconds of the forming that last wrote this group.
    public var formedAt: Int64

    public init(
        id: Int64, cohortID: Int64, number: Int, phase: CohortPhase, memberIDs: [Int64], facilitatorID: Int64?,
        dissolved: Bool = false, formedAt: Int64 = 0
    ) {
        self.id = id
        self.cohortID = cohortID
        self.number = number
        self.phase = phase
        self.memberIDs = memberIDs
        self.facilitatorID = facilitatorID
        self.dissolved = dissolved
        self.formedAt = formedAt
    }
}

/// One facilitated session of a group: 90 minutes, on a weekday in school hours, in term time.
public struct CohortSession: Sendable, Equatable {
    public static let standardMinutes = 90

    public var id: Int64
    public var cohortID: Int64
    public var groupID: Int64
    /// 1 … 6 within the group.
    public var number: Int
    /// Person id of the facilitator running it.
    public var facilitatorID: Int64
    /// Wall-clock start in England.
    public var start: LocalDateTime
    public var minutes: Int
    /// Set when the group was dissolved or re-planned; cancelled sessions stay as history.
    public var cancelled: Bool

    public init(
        id: Int64, cohortID: Int64, groupID: Int64, number: Int, facilitatorID: Int64, start: LocalDateTime,
        minutes: Int = CohortSession.standardMinutes, cancelled: Bool = false
    ) {
        self.id = id
        self.cohortID = cohortID
        self.groupID = groupID
        self.number = number
        self.facilitatorID = facilitatorID
        self.start = start
        self.minutes = minutes
        self.cancelled = cancelled
    }
}

/// Every change to a cohort's applications, facilitators, groups or sessions reads the cohort, so two such
/// changes never commit in one batch: the cap and the wait-list are always judged against the other.
extension Cohort: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("cohort", id) }
    public func apply(to directory: inout Directory) {
        directory.cohorts.put(self)
        directory.noteID("cohort", id)
    }
}

extension CohortApplication: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("cohort_application", id) }
    public func apply(to directory: inout Directory) {
        directory.cohorts.put(self)
        directory.noteID("cohort_application", id)
    }
}

extension Facilitator: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("cohort_facilitator", id) }
    public func apply(to directory: inout Directory) {
        directory.cohorts.put(self)
        directory.noteID("cohort_facilitator", id)
    }
}

extension CohortGroup: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("cohort_group", id) }
    public func apply(to directory: inout Directory) {
        directory.cohorts.put(self)
        directory.noteID("cohort_group", id)
    }
}

extension CohortSession: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("cohort_session", id) }
    public func apply(to directory: inout Directory) {
        directory.cohorts.put(self)
        directory.noteID("cohort_session", id)
    }
}
