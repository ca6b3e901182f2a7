public import PeerlinkCore

// Early-headship cohorts: Core ↔ protocol (schema/peerlink.proto, fields 130–159).

extension Cohort {
    public var wire: Peerlink_V1_Cohort {
        var w = Peerlink_V1_Cohort()
        w.id = id
        w.name = name
        if let cap { w.cap = UInt32(cap) }
        w.minGroupSize = UInt32(minGroupSize)
        w.maxGroupSize = UInt32(maxGroupSize)
        w.start = start.description
        w.end = end.description
        w.createdAt = createdAt
        if let sessionStart {
            // "HH:MM", as LocalDateTime writes the time of day.
            w.sessionStart = String(LocalDateTime(day: start, minute: sessionStart).description.suffix(5))
        }
        let names = CohortDraft.weekdayNames
        w.sessionDays = sessionWeekdays.compactMap { names.indices.contains($0 - 1) ? names[$0 - 1] : nil }
        return w
    }
}

extension CohortDraft {
    /// A new cohort from the protocol; sizes of 0 take the defaults (4–6).
    public init(wire w: Peerlink_V1_CohortCreate) throws(PeerlinkError) {
        guard let start = try parseDay(w.start, field: "start") else {
            throw .badRequest("give the cohort's start as YYYY-MM-DD", field: "start")
        }
        var sessionStart: Int? = nil
        if !w.sessionStart.isEmpty {
            guard let t = LocalDateTime(iso: "\(start)T\(w.sessionStart)") else {
                throw .badRequest("session_start must be a time as HH:MM, got '\(w.sessionStart)'", field: "session_start")
            }
            sessionStart = t.minute
        }
        var days: [Int] = []
        for (i, name) in w.sessionDays.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased().prefix(3)
            guard let d = CohortDraft.weekdayNames.firstIndex(of: String(key)) else {
                throw .badRequest(
                    "session day '\(name)' is not a weekday; use mon, tue, wed, thu or fri", field: "session_days[\(i)]")
            }
            days.append(d + 1)
        }
        self.init(
            name: w.name, cap: w.hasCap ? Int(w.cap) : nil,
            minGroupSize: w.minGroupSize == 0 ? 4 : Int(w.minGroupSize),
            maxGroupSize: w.maxGroupSize == 0 ? 6 : Int(w.maxGroupSize), start: start, sessionStart: sessionStart,
            sessionWeekdays: days)
    }

    /// ISO weekdays 1–5 by their short names.
    public static let weekdayNames = ["mon", "tue", "wed", "thu", "fri"]
}

extension FormationQuality {
    public var wire: Peerlink_V1_CohortQuality {
        var w = Peerlink_V1_CohortQuality()
        w.groupsFormed = UInt32(groupsFormed)
        w.placed = UInt32(placed)
        w.unplaced = UInt32(unplaced)
        w.sameLaPairs = UInt32(sameLAPairs)
        w.sameRegionPairs = UInt32(sameRegionPairs)
        if let worstGroupScore { w.worstGroupScore = Int32(worstGroupScore) }
        w.groupsWithoutFacilitator = UInt32(groupsWithoutFacilitator)
        w.keptMembers = UInt32(keptMembers)
        return w
    }
}

extension Day {
    /// "Monday" … "Sunday".
    public var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][isoWeekday - 1]
    }
}

extension Directory {
    /// A person's application (or, with `application` nil, a group member) with their school's facts.
    public func cohortParticipantView(personID: Int64, application: CohortApplication?) -> Peerlink_V1_CohortParticipant {
        var v = Peerlink_V1_CohortParticipant()
        if let p = people[personID] {
            v.person = p.wire
            if let s = school(p.urn) {
                v.schoolName = s.name
                v.laName = s.laName
                v.region = s.region
                v.trust = s.trust ?? ""
                v.phase = CohortPhase(school: s)?.rawValue ?? ""
            }
        } else {
            v.person.id = personID
        }
        if let a = application {
            v.applicationID = a.id
            v.status = a.status.rawValue
            v.position = UInt32(a.position)
            v.appliedAt = a.appliedAt
            if a.status == .waitListed {
                let line = cohorts.waitList(cohortID: a.cohortID)
                v.waitListPlace = UInt32((line.firstIndex { $0.id == a.id } ?? line.count) + 1)
            }
        }
        return v
    }

    public func cohortParticipantView(_ a: CohortApplication) -> Peerlink_V1_CohortParticipant {
        cohortParticipantView(personID: a.personID, application: a)
    }

    public func cohortFacilitatorView(_ f: Facilitator) -> Peerlink_V1_CohortFacilitator {
        var v = Peerlink_V1_CohortFacilitator()
        v.id = f.id
        if let p = people[f.personID] {
            v.person = p.wire
            v.schoolName = school(p.urn)?.name ?? ""
        } else {
            v.person.id = f.personID
        }
        v.maxGroups = UInt32(f.maxGroups)
        v.groups = UInt32(cohorts.activeGroups(cohortID: f.cohortID).filter { $0.facilitatorID == f.personID }.count)
        return v
    }

    private func cohortGroupView(
        id: Int64, number: Int, phase: CohortPhase, memberIDs: [Int64], facilitatorID: Int64?, cohortID: Int64,
        figures: (sameLAPairs: Int, sameRegionPairs: Int, score: Int)
    ) -> Peerlink_V1_CohortGroup {
        var v = Peerlink_V1_CohortGroup()
        v.id = id
        v.number = UInt32(number)
        v.phase = phase.rawValue
        v.members = memberIDs.map {
            cohortParticipantView(personID: $0, application: cohorts.application(cohortID: cohortID, personID: $0))
        }
        if let f = facilitatorID {
            v.facilitatorID = f
            v.facilitatorName = people[f]?.name ?? ""
        }
        v.sameLaPairs = UInt32(figures.sameLAPairs)
        v.sameRegionPairs = UInt32(figures.sameRegionPairs)
        v.score = Int32(figures.score)
        return v
    }

    /// A stored group, with its figures counted from the register as it is now.
    public func cohortGroupView(_ g: CohortGroup, cohort: Cohort) -> Peerlink_V1_CohortGroup {
        cohortGroupView(
            id: g.id, number: g.number, phase: g.phase, memberIDs: g.memberIDs, facilitatorID: g.facilitatorID,
            cohortID: cohort.id, figures: cohortGroupFigures(g, cohort: cohort))
    }

    /// Everything `cohort show` prints.
    public func cohortView(_ cohort: Cohort) -> Peerlink_V1_CohortView {
        var v = Peerlink_V1_CohortView()
        v.cohort = cohort.wire
        v.participants = cohorts.participants(cohortID: cohort.id).map { cohortParticipantView($0) }
        v.waitList = cohorts.waitList(cohortID: cohort.id).map { cohortParticipantView($0) }
        v.facilitators = cohorts.facilitators(cohortID: cohort.id).map { cohortFacilitatorView($0) }
        v.groups = cohorts.activeGroups(cohortID: cohort.id).map { cohortGroupView($0, cohort: cohort) }
        v.withdrawn = UInt32(cohorts.applications(cohortID: cohort.id).filter { $0.status == .withdrawn }.count)
        return v
    }

    public func cohortSummary(_ cohort: Cohort) -> Peerlink_V1_CohortSummary {
        var v = Peerlink_V1_CohortSummary()
        v.cohort = cohort.wire
        v.participants = UInt32(cohorts.participants(cohortID: cohort.id).count)
        v.waitListed = UInt32(cohorts.waitList(cohortID: cohort.id).count)
        v.groups = UInt32(cohorts.activeGroups(cohortID: cohort.id).count)
        return v
    }

    /// The reply to `cohort_form` / `cohort_plan`. After a stored forming, `self` is the directory with the
    /// groups applied, so their ids are filled in; in a dry run ids are 0.
    public func cohortFormReply(_ plan: CohortPlan, stored: Bool) -> Peerlink_V1_CohortFormReply {
        var r = Peerlink_V1_CohortFormReply()
        guard let cohort = cohorts.cohorts[plan.cohortID] else { return r }
        r.cohort = cohort.wire
        r.stored = stored
        r.seed = plan.seed
        r.keep = plan.keep
        r.quality = plan.formation.quality.wire
        let storedByNumber = Dictionary(
            cohorts.activeGroups(cohortID: cohort.id).map { ($0.number, $0.id) }, uniquingKeysWith: { a, _ in a })
        r.groups = plan.formation.groups.map { g in
            cohortGroupView(
                id: stored ? storedByNumber[g.number] ?? 0 : 0, number: g.number, phase: g.phase,
                memberIDs: g.memberIDs, facilitatorID: g.facilitatorID, cohortID: cohort.id,
                figures: (g.sameLAPairs, g.sameRegionPairs, g.score))
        }
        r.unplaced = plan.formation.unplaced.map { u in
            var w = Peerlink_V1_CohortUnplaced()
            w.personID = u.personID
            w.name = people[u.personID]?.name ?? ""
            w.reason = u.reason
            return w
        }
        r.notes = plan.formation.notes
        r.sessionsPlanned = UInt32(plan.sessions.count)
        r.sessionsKept = UInt32(
            plan.keptSessionGroups.compactMap { storedByNumber[$0] }.reduce(0) { $0 + cohorts.sessions(groupID: $1).count })
        r.unscheduled = plan.unscheduled.map { u in
            var w = Peerlink_V1_CohortUnscheduled()
            w.groupNumber = UInt32(u.groupNumber)
            w.reason = u.reason
            return w
        }
        return r
    }

    /// The live sessions of a cohort's active groups, in time order then group number.
    public func cohortSessionsReply(_ cohort: Cohort) -> Peerlink_V1_CohortSessionsReply {
        var r = Peerlink_V1_CohortSessionsReply()
        r.cohort = cohort.wire
        r.sessions = cohorts.sessions(cohortID: cohort.id).map { s in
            var w = Peerlink_V1_CohortSession()
            w.id = s.id
            w.groupNumber = UInt32(cohorts.groups[s.groupID]?.number ?? 0)
            w.number = UInt32(s.number)
            w.facilitatorID = s.facilitatorID
            w.facilitatorName = people[s.facilitatorID]?.name ?? ""
            w.start = s.start.description
            w.minutes = UInt32(s.minutes)
            w.weekday = s.start.day.weekdayName
            return w
        }
        return r
    }
}
