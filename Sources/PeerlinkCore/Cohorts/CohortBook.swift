/// Early-headship cohorts, applications, facilitators, formed groups and sessions (DESIGN §1.4).
///
/// Changed only by the records' `apply(to:)` after a commit; every list index is kept ascending by id.
public struct CohortBook: Sendable {
    public private(set) var cohorts: [Int64: Cohort] = [:]
    /// `Text.foldKey` of each cohort's name → cohort id.
    public private(set) var cohortByName: [String: Int64] = [:]
    public private(set) var applications: [Int64: CohortApplication] = [:]
    /// Cohort id → its applications' ids, ascending.
    public private(set) var applicationsByCohort: [Int64: [Int64]] = [:]
    /// (cohort id, person id) → application id.
    public private(set) var applicationByHead: [CohortMember: Int64] = [:]
    public private(set) var facilitators: [Int64: Facilitator] = [:]
    public private(set) var facilitatorsByCohort: [Int64: [Int64]] = [:]
    public private(set) var groups: [Int64: CohortGroup] = [:]
    public private(set) var groupsByCohort: [Int64: [Int64]] = [:]
    public private(set) var sessions: [Int64: CohortSession] = [:]
    /// Group id → its sessions' ids, ascending (cancelled ones included).
    public private(set) var sessionsByGroup: [Int64: [Int64]] = [:]

    public init() {}

    /// A person's place in a cohort, as an index key.
    public struct CohortMember: Hashable, Sendable {
        public var cohortID: Int64
        public var personID: Int64

        public init(cohortID: Int64, personID: Int64) {
            self.cohortID = cohortID
            self.personID = personID
        }
    }

    mutating func put(_ cohort: Cohort) {
        if let old = cohorts[cohort.id] { cohortByName[Text.foldKey(old.name)] = nil }
        cohorts[cohort.id] = cohort
        cohortByName[Text.foldKey(cohort.name)] = cohort.id
    }

    mutating func put(_ application: CohortApplication) {
        applications[application.id] = application
        applicationsByCohort[application.cohortID, default: []].insertSortedID(application.id)
        applicationByHead[CohortMember(cohortID: application.cohortID, personID: application.personID)] =
            application.id
    }

    mutating func put(_ facilitator: Facilitator) {
        facilitators[facilitator.id] = facilitator
        facilitatorsByCohort[facilitator.cohortID, default: []].insertSortedID(facilitator.id)
    }

    mutating func put(_ group: CohortGroup) {
        groups[group.id] = group
        groupsByCohort[group.cohortID, default: []].insertSortedID(group.id)
    }

    mutating func put(_ session: CohortSession) {
        sessions[session.id] = session
        sessionsByGroup[session.groupID, default: []].insertSortedID(session.id)
    }


    // MARK: Lookups

    /// The cohort with this name (case and punctuation ignored), or nil.
    public func cohort(named name: String) -> Cohort? {
        cohortByName[Text.foldKey(name)].flatMap { cohorts[$0] }
    }

    /// Every application to a cohort, in application order (`position`).
    public func applications(cohortID: Int64) -> [CohortApplication] {
        (applicationsByCohort[cohortID] ?? []).compactMap { applications[$0] }.sorted { $0.position < $1.position }
    }

    public func application(cohortID: Int64, personID: Int64) -> CohortApplication? {
        applicationByHead[CohortMember(cohortID: cohortID, personID: personID)].flatMap { applications[$0] }
    }

    /// Accepted applications, in application order.
    public func participants(cohortID: Int64) -> [CohortApplication] {
        applications(cohortID: cohortID).filter { $0.status == .accepted }
    }

    /// Wait-listed applications in the order they will be promoted.
    public func waitList(cohortID: Int64) -> [CohortApplication] {
        applications(cohortID: cohortID).filter { $0.status == .waitListed }
    }

    public func facilitators(cohortID: Int64) -> [Facilitator] {
        (facilitatorsByCohort[cohortID] ?? []).compactMap { facilitators[$0] }
    }

    /// The cohort's groups that are not dissolved, by number.
    public func activeGroups(cohortID: Int64) -> [CohortGroup] {
        (groupsByCohort[cohortID] ?? []).compactMap { groups[$0] }.filter { !$0.dissolved }.sorted {
            $0.number < $1.number
        }
    }

    /// Every group the cohort ever had, dissolved ones included.
    public func allGroups(cohortID: Int64) -> [CohortGroup] {
        (groupsByCohort[cohortID] ?? []).compactMap { groups[$0] }
    }

    /// A group's sessions that are not cancelled, in time order.
    public func sessions(groupID: Int64) -> [CohortSession] {
        (sessionsByGroup[groupID] ?? []).compactMap { sessions[$0] }.filter { !$0.cancelled }.sorted {
            ($0.start, $0.number) < ($1.start, $1.number)
        }
    }

    /// Every live session of the cohort's active groups, in time order then group number.
    public func sessions(cohortID: Int64) -> [CohortSession] {
        activeGroups(cohortID: cohortID).flatMap { sessions(groupID: $0.id) }.sorted {
            ($0.start, $0.groupID) < ($1.start, $1.groupID)
        }
    }
}

extension CohortBook {
    /// Counts for `Stats`.
    public var counts: [String: Int] {
        ["cohorts": cohorts.count, "cohort_applications": applications.count, "cohort_groups": groups.count,
         "cohort_sessions": sessions.count]
    }
}
