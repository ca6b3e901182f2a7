import PeerlinkCore
import Testing

struct CohortSessionTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    /// England-style term dates for 2026–27, and one authority (LA 805) with a different October half-term.
    static let calendar = SchoolCalendar(
        defaultHolidays: [
            .init(name: "October half-term", first: day("2026-10-26"), last: day("2026-10-30")),
            .init(name: "Christmas holiday", first: day("2026-12-21"), last: day("2027-01-01")),
            .init(name: "February half-term", first: day("2027-02-15"), last: day("2027-02-19")),
            .init(name: "Easter holiday", first: day("2027-03-29"), last: day("2027-04-09")),
            .init(name: "May half-term", first: day("2027-05-31"), last: day("2027-06-04")),
            .init(name: "Summer holiday", first: day("2027-07-22"), last: day("2027-08-31")),
        ],
        holidaysByLA: [
            805: [
                .init(name: "October half-term", first: day("2026-10-19"), last: day("2026-10-30")),
                .init(name: "Christmas holiday", first: day("2026-12-18"), last: day("2027-01-04")),
            ]
        ])

    /// A cohort of `heads` eligible primary heads over 10 authorities in 5 regions, and `facilitators`
    /// facilitators with `maxGroups` each, applied and stored.
    static func world(heads: Int, facilitators: Int, maxGroups: Int) throws -> CohortWorld {
        var w = CohortWorld()
        _ = try w.createCohort(cap: heads)
        for i in 1...heads {
            w.addSchool(100_000 + i, la: 800 + i % 10, region: "Region \(i % 5)")
            w.addHead(Int64(i), urn: 100_000 + i)
            try w.apply("Autumn 2026", Int64(i), at: Int64(i))
        }
        for f in 1...facilitators {
            w.addSchool(200_000 + f, la: 900 + f, region: "Region F")
            w.addHead(Int64(10_000 + f), urn: 200_000 + f, since: Day(year: 2005, month: 9, day: 1))
            let (c, _) = try w.directory.prepareFacilitator(
                cohort: "Autumn 2026", personID: Int64(10_000 + f), maxGroups: maxGroups, ids: &w.ids)
            c.apply(to: &w.directory)
        }
        return w
    }

    @Test func sixSessionsPerGroupInSchoolHoursInTermTimeSpreadAcrossTheYear() throws {
        var w = try CohortSessionTests.world(heads: 60, facilitators: 3, maxGroups: 4)
        let (change, plan) = try w.directory.prepareCohortFormation(
            cohort: "Autumn 2026", calendar: CohortSessionTests.calendar, ids: &w.ids, now: w.now)
        change.apply(to: &w.directory)
        // 12 groups of 5 (as many as the three facilitators take) have a better worst group than 10 of 6.
        #expect(plan.formation.quality.groupsFormed == 12)
        #expect(plan.formation.quality.groupsWithoutFacilitator == 0)
        #expect(plan.unscheduled.isEmpty)

        let cohort = w.directory.cohorts.cohort(named: "Autumn 2026")!
        let groups = w.directory.cohorts.activeGroups(cohortID: cohort.id)
        #expect(groups.count == 12)
        let planner = SessionPlanner(calendar: CohortSessionTests.calendar)
        let span = cohort.end.ordinal - cohort.start.ordinal
        for g in groups {
            let sessions = w.directory.cohorts.sessions(groupID: g.id)
            #expect(sessions.count == 6)
            let las = (g.memberIDs + [g.facilitatorID!]).map { w.directory.school(w.directory.people[$0]!.urn)!.laCode }
            for (i, s) in sessions.enumerated() {
                #expect(s.minutes == 90)
                #expect(s.facilitatorID == g.facilitatorID)
                #expect(!s.start.day.isWeekend)
                #expect(s.start.minute >= 8 * 60 && s.start.minute + 90 <= 17 * 60)
                for la in las {
                    #expect(CohortSessionTests.calendar.refusal(start: s.start, minutes: 90, laCode: la) == nil)
                }
                #expect(planner.fits(start: s.start, minutes: 90, laCodes: las))
                // Session i falls in the i-th sixth of the year: spread evenly, never bunched.
                let lo = cohort.start.ordinal + span * i / 6, hi = cohort.start.ordinal + span * (i + 1) / 6
                #expect((lo..<hi).contains(s.start.day.ordinal), "session \(i + 1) of group \(g.number) at \(s.start)")
            }
        }
        // No facilitator is ever in two places at once.
        let all = w.directory.cohorts.sessions(cohortID: cohort.id)
        #expect(all.count == 72)
        for a in all.indices {
            for b in all.indices where b > a && all[a].facilitatorID == all[b].facilitatorID {
                let x = all[a], y = all[b]
                let overlap = x.start.day == y.start.day && x.start.minute < y.start.minute + y.minutes
                    && y.start.minute < x.start.minute + x.minutes
                #expect(!overlap, "facilitator \(x.facilitatorID) double-booked at \(x.start)")
            }
        }
    }

    @Test func aBusyFacilitatorIsNeverDoubleBooked() {
        // One facilitator, 20 groups, one crowded month: the planner must stack sessions without overlap.
        let planner = SessionPlanner(calendar: SchoolCalendar())
        let requests = (1...20).map { SessionRequest(groupNumber: $0, facilitatorID: 7, laCodes: [800]) }
        let (sessions, unscheduled) = planner.plan(
            requests, from: CohortSessionTests.day("2026-09-01"), until: CohortSessionTests.day("2026-10-13"))
        #expect(unscheduled.isEmpty)
        #expect(sessions.count == 120)
        for a in sessions.indices {
            for b in sessions.indices where b > a {
                #expect(!sessions[a].overlaps(sessions[b]))
            }
        }
    }

    @Test func keepReformingKeepsGroupsAndTheirSessions() throws {
        var w = try CohortSessionTests.world(heads: 30, facilitators: 2, maxGroups: 3)
        let cal = CohortSessionTests.calendar
        let (c1, p1) = try w.directory.prepareCohortFormation(cohort: "Autumn 2026", calendar: cal, ids: &w.ids, now: w.now)
        c1.apply(to: &w.directory)
        let cohort = w.directory.cohorts.cohort(named: "Autumn 2026")!
        let before = w.directory.cohorts.activeGroups(cohortID: cohort.id)
        #expect(before.count == 6)  // six groups of 5 (the two facilitators' limit) beat five of 6
        let sessionsBefore = Dictionary(uniqueKeysWithValues: before.map { ($0.number, w.directory.cohorts.sessions(groupID: $0.id)) })

        // A member of group 1 withdraws; another head applies and is accepted in their place.
        let leaving = before[0].memberIDs[0]
        let (c2, _) = try w.directory.prepareCohortWithdrawal(cohort: "Autumn 2026", personID: leaving, now: w.now + 10)
        c2.apply(to: &w.directory)
        w.addSchool(100_999, la: 809, region: "Region 4")
        w.addHead(999, urn: 100_999)
        try w.apply("Autumn 2026", 999, at: 20)

        let (c3, p3) = try w.directory.prepareCohortFormation(
            cohort: "Autumn 2026", seed: 5, keep: true, calendar: cal, ids: &w.ids, now: w.now + 30)
        c3.apply(to: &w.directory)
        let after = w.directory.cohorts.activeGroups(cohortID: cohort.id)
        #expect(after.map(\.number) == before.map(\.number))
        #expect(after.map(\.id) == before.map(\.id))
        #expect(p3.formation.quality.keptMembers == p1.formation.quality.placed - 1)
        #expect(Set(after[0].memberIDs) == Set(before[0].memberIDs).subtracting([leaving]).union([999]))
        for (b, a) in zip(before.dropFirst(), after.dropFirst()) {
            #expect(a.memberIDs == b.memberIDs)
            #expect(a.facilitatorID == b.facilitatorID)
        }
        // Sessions stand where they still fit everyone's term dates; others were re-planned, the old ones
        // cancelled rather than deleted.
        for g in after {
            let now = w.directory.cohorts.sessions(groupID: g.id)
            #expect(now.count == 6)
            if p3.keptSessionGroups.contains(g.number) { #expect(now == sessionsBefore[g.number]) }
        }
        #expect(p3.keptSessionGroups.count >= 4)

        // A fresh forming renumbers from 1 and reuses the records rather than piling up groups.
        let (c4, _) = try w.directory.prepareCohortFormation(cohort: "Autumn 2026", seed: 77, calendar: cal, ids: &w.ids, now: w.now + 40)
        c4.apply(to: &w.directory)
        let fresh = w.directory.cohorts.activeGroups(cohortID: cohort.id)
        #expect(fresh.map(\.number) == Array(1...fresh.count))
        #expect(w.directory.cohorts.allGroups(cohortID: cohort.id).count == max(before.count, fresh.count))
        #expect(w.directory.cohorts.sessions(cohortID: cohort.id).count == 6 * fresh.count)
    }
}
