/// A new cohort as the admin gives it.
public struct CohortDraft: Sendable, Equatable {
    public var name: String
    /// Nil for an open cohort (no cap, no wait-list).
    public var cap: Int?
    public var minGroupSize: Int
    public var maxGroupSize: Int
    public var start: Day
    /// Minutes from midnight every session starts at; nil: the planner picks.
    public var sessionStart: Int?
    /// ISO weekdays (1–5) sessions may fall on; empty: any weekday.
    public var sessionWeekdays: [Int]

    public init(
        name: String, cap: Int?, minGroupSize: Int = 4, maxGroupSize: Int = 6, start: Day, sessionStart: Int? = nil,
        sessionWeekdays: [Int] = []
    ) {
        self.sessionStart = sessionStart
        self.sessionWeekdays = sessionWeekdays
        self.name = name
        self.cap = cap
        self.minGroupSize = minGroupSize
        self.maxGroupSize = maxGroupSize
        self.start = start
    }
}

/// What `cohort form` computed, before it is stored: the groups, their sessions and the quality figure.
public struct CohortPlan: Sendable {
    public var cohortID: Int64
    public var seed: UInt64
    public var keep: Bool
    /// Groups by number; `formation.unplaced` also lists participants with no usable school record.
    public var formation: FormationResult
    /// New sessions to store, by group number then session number.
    public var sessions: [PlannedSession]
    /// Numbers of kept groups whose stored sessions still stand (same facilitator, still in term time).
    public var keptSessionGroups: Set<Int>
    /// Groups that did not get all their sessions, with the reason.
    public var unscheduled: [(groupNumber: Int, reason: String)]
}

extension Directory {
    /// Group sizes a cohort may ask for.
    public static let cohortGroupSizes = 2...12

    /// The cohort a reference names: its numeric id or its name (case and punctuation ignored).
    public func requireCohort(_ reference: String, field: String = "cohort") throws(PeerlinkError) -> Cohort {
        if let c = cohorts.cohort(named: reference) { return c }
        if let id = Int64(reference), let c = cohorts.cohorts[id] { return c }
        let close = Text.suggestions(for: reference, among: cohorts.cohorts.values.map(\.name).sorted())
        throw .notFound(
            "no cohort '\(reference)'\(Text.didYouMean(close)) (`peerlink cohort list` shows them)", field: field)
    }

    /// The head, who must exist and not be erased.
    private func requireHead(_ personID: Int64, field: String = "head") throws(PeerlinkError) -> Person {
        guard let p = people[personID], !p.erased else {
            throw .notFound("no person with id \(personID); add the head first", field: field)
        }
        return p
    }

    /// Validates a new cohort: a unique name, a cap of at least one group, a size range within 2–12.
    public func prepareCohort(_ draft: CohortDraft, ids: inout IDAllocator, now: Int64) throws(PeerlinkError)
        -> (change: Change, cohort: Cohort)
    {
        let name = Text.tidy(draft.name)
        guard !name.isEmpty, !Text.foldKey(name).isEmpty else {
            throw .badRequest("the cohort needs a name with letters or digits, e.g. 'Spring 2026'", field: "name")
        }
        guard name.count <= Directory.maximumNameLength else {
            throw .badRequest("the cohort name is over \(Directory.maximumNameLength) characters", field: "name")
        }
        if let cap = draft.cap, cap > 100_000 {
            throw .badRequest("cap is at most 100000 participants, got \(cap)", field: "cap")
        }
        if let existing = cohorts.cohort(named: name) {
            throw .conflict("a cohort named '\(existing.name)' already exists; choose another name", field: "name")
        }
        guard Directory.cohortGroupSizes.contains(draft.minGroupSize),
            Directory.cohortGroupSizes.contains(draft.maxGroupSize), draft.minGroupSize <= draft.maxGroupSize
        else {
            throw .badRequest(
                "group size must be MIN-MAX with \(Directory.cohortGroupSizes.lowerBound) ≤ MIN ≤ MAX ≤ "
                    + "\(Directory.cohortGroupSizes.upperBound), got \(draft.minGroupSize)-\(draft.maxGroupSize)",
                field: "group_size")
        }
        if let cap = draft.cap, cap < draft.minGroupSize {
            throw .badRequest(
                "a cap of \(cap) cannot fill one group of \(draft.minGroupSize); give at least \(draft.minGroupSize) "
                    + "or no cap for an open cohort", field: "cap")
        }
        if let start = draft.sessionStart {
            guard (0..<(24 * 60 - CohortSession.standardMinutes)).contains(start) else {
                throw .badRequest(
                    "the session start must be a time of day (HH:MM) leaving room for a \(CohortSession.standardMinutes)-"
                        + "minute session", field: "session_start")
            }
        }
        for day in draft.sessionWeekdays where !(1...5).contains(day) {
            throw .badRequest(
                "session days are weekdays (mon to fri); \(day) is not one", field: "session_days")
        }
        let cohort = Cohort(
            id: ids.next("cohort", in: self), name: name, cap: draft.cap, minGroupSize: draft.minGroupSize,
            maxGroupSize: draft.maxGroupSize, start: draft.start, createdAt: now, sessionStart: draft.sessionStart,
            sessionWeekdays: Array(Set(draft.sessionWeekdays)).sorted())
        return (Change([cohort], reads: [ConflictKey("cohort_name", Text.foldKey(name))]), cohort)
    }

    /// Every eligibility rule the person fails for the cohort (empty when eligible).
    public func cohortRefusals(cohort: Cohort, head: Person) -> [CohortRefusal] {
        CohortEligibility.refusals(head: head, school: school(head.urn), start: cohort.start)
    }

    /// Validates an application: the head must meet every rule (the error names each one failed). Accepted
    /// while the cohort is under its cap, wait-listed after it, in application order. Re-applying after a
    /// withdrawal joins the end of the line; applying twice otherwise is a conflict.
    public func prepareCohortApplication(
        cohort reference: String, personID: Int64, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, application: CohortApplication) {
        let cohort = try requireCohort(reference)
        let head = try requireHead(personID)
        let previous = cohorts.application(cohortID: cohort.id, personID: personID)
        if let previous, previous.status != .withdrawn {
            let state = previous.status == .accepted ? "accepted" : "wait-listed (\(waitListPlace(previous)))"
            throw .conflict("\(head.name) has already applied to '\(cohort.name)' and is \(state)", field: "head")
        }
        let refusals = cohortRefusals(cohort: cohort, head: head)
        if !refusals.isEmpty {
            throw .conflict(
                "\(head.name) is not eligible for '\(cohort.name)': "
                    + refusals.map { "\($0.message) [\($0.rule.rawValue)]" }.joined(separator: "; "), field: "head")
        }
        let all = cohorts.applications(cohortID: cohort.id)
        let accepted = all.filter { $0.status == .accepted }.count
        let status: CohortApplicationStatus = cohort.cap.map { accepted >= $0 } == true ? .waitListed : .accepted
        let application = CohortApplication(
            id: previous?.id ?? ids.next("cohort_application", in: self), cohortID: cohort.id, personID: personID,
            appliedAt: now, status: status, position: (all.map(\.position).max() ?? 0) + 1, updatedAt: now)
        return (Change([application], reads: [ConflictKey("cohort", cohort.id), ConflictKey("person", personID)]), application)
    }

    /// "3rd on the wait-list" style place of a wait-listed application.
    public func waitListPlace(_ application: CohortApplication) -> String {
        let line = cohorts.waitList(cohortID: application.cohortID)
        let n = (line.firstIndex { $0.id == application.id } ?? line.count) + 1
        return "number \(n) on the wait-list"
    }

    /// Withdraws a head's application. When an accepted head leaves a capped cohort, the earliest wait-listed
    /// application is accepted in the same change (returned as `promoted`). Formed groups are left as they
    /// are until the admin re-forms (`keep` re-forming keeps the other members together).
    public func prepareCohortWithdrawal(cohort reference: String, personID: Int64, now: Int64) throws(PeerlinkError)
        -> (change: Change, promoted: CohortApplication?)
    {
        let cohort = try requireCohort(reference)
        guard var application = cohorts.application(cohortID: cohort.id, personID: personID) else {
            throw .notFound("person \(personID) has not applied to '\(cohort.name)'", field: "head")
        }
        guard application.status != .withdrawn else {
            throw .conflict("person \(personID) has already withdrawn from '\(cohort.name)'", field: "head")
        }
        let wasAccepted = application.status == .accepted
        application.status = .withdrawn
        application.updatedAt = now
        var records: [any DirectoryRecord] = [application]
        var promoted: CohortApplication?
        if wasAccepted, let cap = cohort.cap {
            let accepted = cohorts.participants(cohortID: cohort.id).count - 1
            if accepted < cap, var next = cohorts.waitList(cohortID: cohort.id).first {
                next.status = .accepted
                next.updatedAt = now
                records.append(next)
                promoted = next
            }
        }
        return (Change(records, reads: [ConflictKey("cohort", cohort.id)]), promoted)
    }

    /// Adds a facilitator to a cohort, or changes the group limit of one already there. A facilitator may
    /// not be a participant of the same cohort.
    public func prepareFacilitator(
        cohort reference: String, personID: Int64, maxGroups: Int, ids: inout IDAllocator
    ) throws(PeerlinkError) -> (change: Change, facilitator: Facilitator) {
        let cohort = try requireCohort(reference)
        let person = try requireHead(personID, field: "person")
        guard (1...Facilitator.maximumGroups).contains(maxGroups) else {
            throw .badRequest(
                "max groups must be between 1 and \(Facilitator.maximumGroups), got \(maxGroups)", field: "max_groups")
        }
        if let a = cohorts.application(cohortID: cohort.id, personID: personID), a.status != .withdrawn {
            throw .conflict(
                "\(person.name) is a participant of '\(cohort.name)'; a facilitator must be independent of the "
                    + "groups, so withdraw the application first", field: "person")
        }
        let existing = cohorts.facilitators(cohortID: cohort.id).first { $0.personID == personID }
        let facilitator = Facilitator(
            id: existing?.id ?? ids.next("cohort_facilitator", in: self), cohortID: cohort.id, personID: personID,
            maxGroups: maxGroups)
        return (Change([facilitator], reads: [ConflictKey("cohort", cohort.id)]), facilitator)
    }

    /// Forms a cohort's groups and plans their sessions, without changing anything: pass the plan to
    /// `prepareCohortFormation(_:ids:now:)` to store it. `keep` keeps earlier groups together where it can
    /// and keeps their sessions when the facilitator stays. Sessions are planned from the later of the cohort's
    /// start and the day of `now` to the cohort's end.
    public func planCohortFormation(
        cohort reference: String, seed: UInt64 = 0, keep: Bool = false, calendar: SchoolCalendar, now: Int64
    ) throws(PeerlinkError) -> CohortPlan {
        let cohort = try requireCohort(reference)
        var participants: [FormationParticipant] = []
        var unusable: [UnplacedParticipant] = []
        for a in cohorts.participants(cohortID: cohort.id) {
            guard let person = people[a.personID], !person.erased else {
                unusable.append(UnplacedParticipant(personID: a.personID, reason: "the person record was erased"))
                continue
            }
            guard let s = school(person.urn) else {
                unusable.append(
                    UnplacedParticipant(
                        personID: a.personID,
                        reason: "\(person.name)'s school (URN \(person.urn)) is not in the register; import it"))
                continue
            }
            guard let phase = CohortPhase(school: s) else {
                unusable.append(
                    UnplacedParticipant(
                        personID: a.personID,
                        reason: "\(s.name) has no phase in the register ('not applicable'), so no group phase fits; "
                            + "correct the school's phase"))
                continue
            }
            participants.append(
                FormationParticipant(
                    personID: person.id, urn: s.urn, phase: phase, laCode: s.laCode, region: s.region, trust: s.trust,
                    federation: s.federation, position: a.position))
        }
        let facilitators = cohorts.facilitators(cohortID: cohort.id).compactMap { f -> FormationFacilitator? in
            guard let p = people[f.personID], !p.erased else { return nil }
            let s = school(p.urn)
            return FormationFacilitator(
                personID: p.id, urn: p.urn, trust: s?.trust, federation: s?.federation, maxGroups: f.maxGroups)
        }
        let existing = cohorts.activeGroups(cohortID: cohort.id)
        let previous = keep
            ? existing.map { FormedGroup(number: $0.number, phase: $0.phase, memberIDs: $0.memberIDs, facilitatorID: $0.facilitatorID) }
            : []
        let firstNumber = keep ? (cohorts.allGroups(cohortID: cohort.id).map(\.number).max() ?? 0) + 1 : 1
        var formation = GroupFormation(minSize: cohort.minGroupSize, maxSize: cohort.maxGroupSize, seed: seed).form(
            participants, facilitators: facilitators, previous: previous, firstNumber: firstNumber)
        formation.unplaced = (formation.unplaced + unusable).sorted { $0.personID < $1.personID }
        formation.quality.unplaced = formation.unplaced.count

        // Sessions: kept groups with the same facilitator keep theirs if they still fit everyone's calendar.
        var planner = SessionPlanner(calendar: calendar)
        planner.startMinute = cohort.sessionStart
        planner.weekdays = cohort.sessionWeekdays
        func laCodes(_ ids: [Int64], facilitator: Int64?) -> [Int] {
            Array(Set((ids + (facilitator.map { [$0] } ?? [])).compactMap { people[$0].flatMap { school($0.urn)?.laCode } }))
                .sorted()
        }
        let oldByNumber = Dictionary(existing.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        var kept = Set<Int>()
        var booked: [SessionBooking] = []
        var requests: [SessionRequest] = []
        for g in formation.groups {
            guard let f = g.facilitatorID else { continue }
            let las = laCodes(g.memberIDs, facilitator: f)
            if keep, let old = oldByNumber[g.number], old.facilitatorID == f {
                let stored = cohorts.sessions(groupID: old.id)
                if stored.count == planner.sessionsPerGroup,
                    stored.allSatisfy({ planner.fits(start: $0.start, minutes: $0.minutes, laCodes: las) })
                {
                    kept.insert(g.number)
                    booked += stored.map { SessionBooking(facilitatorID: f, start: $0.start, minutes: $0.minutes) }
                    continue
                }
            }
            requests.append(SessionRequest(groupNumber: g.number, facilitatorID: f, laCodes: las))
        }
        let today = LondonTime.day(atUnixSeconds: now)
        let (sessions, unscheduled) = planner.plan(
            requests, from: max(cohort.start, today), until: cohort.end, booked: booked)
        return CohortPlan(
            cohortID: cohort.id, seed: seed, keep: keep, formation: formation, sessions: sessions,
            keptSessionGroups: kept, unscheduled: unscheduled)
    }

    /// Turns a plan into records: each formed group (reusing the record of the group with its number),
    /// earlier groups the plan drops marked dissolved, the sessions of re-planned or dissolved groups
    /// cancelled, and the new sessions.
    public func prepareCohortFormation(_ plan: CohortPlan, ids: inout IDAllocator, now: Int64) throws(PeerlinkError)
        -> Change
    {
        guard let cohort = cohorts.cohorts[plan.cohortID] else {
            throw .notFound("no cohort with id \(plan.cohortID); it was not found when storing the groups", field: "cohort")
        }
        var byNumber: [Int: CohortGroup] = [:]
        for g in cohorts.allGroups(cohortID: cohort.id) {
            if let other = byNumber[g.number], !other.dissolved, g.dissolved { continue }
            byNumber[g.number] = g
        }
        var records: [any DirectoryRecord] = []
        var groupIDs: [Int: Int64] = [:]
        let formedNumbers = Set(plan.formation.groups.map(\.number))
        for g in plan.formation.groups {
            let id = byNumber[g.number]?.id ?? ids.next("cohort_group", in: self)
            groupIDs[g.number] = id
            records.append(
                CohortGroup(
                    id: id, cohortID: cohort.id, number: g.number, phase: g.phase, memberIDs: g.memberIDs,
                    facilitatorID: g.facilitatorID, dissolved: false, formedAt: now))
            if !plan.keptSessionGroups.contains(g.number), let old = byNumber[g.number] {
                for var s in cohorts.sessions(groupID: old.id) {
                    s.cancelled = true
                    records.append(s)
                }
            }
        }
        for old in cohorts.activeGroups(cohortID: cohort.id) where !formedNumbers.contains(old.number) {
            var dissolved = old
            dissolved.dissolved = true
            dissolved.formedAt = now
            records.append(dissolved)
            for var s in cohorts.sessions(groupID: old.id) {
                s.cancelled = true
                records.append(s)
            }
        }
        for s in plan.sessions {
            guard let groupID = groupIDs[s.groupNumber] else { continue }
            records.append(
                CohortSession(
                    id: ids.next("cohort_session", in: self), cohortID: cohort.id, groupID: groupID, number: s.number,
                    facilitatorID: s.facilitatorID, start: s.start, minutes: s.minutes))
        }
        return Change(records, reads: [ConflictKey("cohort", cohort.id)])
    }

    /// Plans and prepares in one step, as `cohort form` does; returns the change and the plan for the reply.
    public func prepareCohortFormation(
        cohort reference: String, seed: UInt64 = 0, keep: Bool = false, calendar: SchoolCalendar,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, plan: CohortPlan) {
        let plan = try planCohortFormation(cohort: reference, seed: seed, keep: keep, calendar: calendar, now: now)
        return (try prepareCohortFormation(plan, ids: &ids, now: now), plan)
    }
}

extension Directory {
    /// Same-LA pairs, same-region pairs and score of a stored group, counted as forming counts them, from the
    /// members' schools as the register holds them now (members without a school record are left out).
    public func cohortGroupFigures(_ group: CohortGroup, cohort: Cohort) -> (
        sameLAPairs: Int, sameRegionPairs: Int, score: Int
    ) {
        let members = group.memberIDs.compactMap { id -> FormationParticipant? in
            guard let p = people[id], let s = school(p.urn) else { return nil }
            return FormationParticipant(
                personID: id, urn: s.urn, phase: group.phase, laCode: s.laCode, region: s.region, position: 0)
        }
        let formation = GroupFormation(minSize: cohort.minGroupSize, maxSize: cohort.maxGroupSize)
        let (la, region) = GroupFormation.pairCounts(members)
        return (la, region, formation.score(sameLAPairs: la, sameRegionPairs: region))
    }
}
