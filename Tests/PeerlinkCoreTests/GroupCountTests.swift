import PeerlinkCore
import Testing

/// Formation chooses how many groups to form (and so their sizes) to maximise the worst group, not only the
/// fewest groups the size range allows.
struct GroupCountTests {
    static func facilitators(_ n: Int, groupsEach: Int = 1) -> [FormationFacilitator] {
        (0..<n).map { FormationFacilitator(personID: Int64(9_000 + $0), urn: 990_000 + $0, maxGroups: groupsEach) }
    }

    /// The tester's case: 12 secondary heads, 6 of them in one authority, sizes 4–6, 3 facilitators free. Two
    /// groups of 6 hold 3 same-LA pairs each (score 52); three groups of 4 hold one each.
    @Test func twelveHeadsSixFromOneAuthorityFormThreeGroups() {
        var heads: [FormationParticipant] = []
        for i in 0..<12 {
            let local = i < 6
            heads.append(
                FormationParticipant(
                    personID: Int64(i + 1),
                    urn: 100_000 + i,
                    phase: .secondary,
                    laCode: local ? 888 : 800 + i,
                    region: local ? "North West" : "Region \(i)",
                    position: i + 1
                )
            )
        }
        let formation = GroupFormation(minSize: 4, maxSize: 6)
        let result = formation.form(heads, facilitators: Self.facilitators(3))
        #expect(result.groups.count == 3)
        #expect(result.groups.allSatisfy { $0.memberIDs.count == 4 && $0.sameLAPairs == 1 })
        #expect(result.quality.worstGroupScore == formation.score(sameLAPairs: 1, sameRegionPairs: 0))
        #expect(result.groups.allSatisfy { $0.facilitatorID != nil })

        // With only 2 facilitators free, 2 groups (each with a facilitator) are formed instead.
        let two = formation.form(heads, facilitators: Self.facilitators(2))
        #expect(two.groups.count == 2 && two.quality.groupsWithoutFacilitator == 0)
    }

    /// On generated cohorts, the worst group is never below what any fixed choice of sizes within the range gives
    /// (scored the same way), when both place everyone.
    @Test(arguments: Array(UInt64(1)...UInt64(24)))
    func worstGroupIsNeverBelowAnyFixedSizeChoice(seed: UInt64) {
        var rng = CohortFixtures.Generator(state: seed)
        let n = 8 + rng.below(22)
        let authorities = 2 + rng.below(5)
        let heads = (0..<n).map { i in
            let la = rng.below(authorities)
            return FormationParticipant(
                personID: Int64(i + 1),
                urn: 100_000 + i,
                phase: .primary,
                laCode: 800 + la,
                region: "Region \(la % 3)",
                trust: rng.below(6) == 0 ? "Trust \(rng.below(3))" : nil,
                position: i + 1
            )
        }
        let minSize = 3 + rng.below(2), maxSize = minSize + 1 + rng.below(3)
        let wide = GroupFormation(minSize: minSize, maxSize: maxSize)
        let facilitators = Self.facilitators(4, groupsEach: 10)
        let result = wide.form(heads, facilitators: facilitators)
        func worst(_ r: FormationResult) -> Int {
            r.groups.map { wide.score(sameLAPairs: $0.sameLAPairs, sameRegionPairs: $0.sameRegionPairs) }.min() ?? 100
        }
        for low in minSize...maxSize {
            for high in low...maxSize where (low, high) != (minSize, maxSize) {
                let fixed = GroupFormation(minSize: max(2, low), maxSize: high).form(heads, facilitators: facilitators)
                guard fixed.unplaced.isEmpty, result.unplaced.isEmpty else { continue }
                #expect(worst(result) >= worst(fixed), "n \(n), sizes \(low)–\(high) within \(minSize)–\(maxSize)")
            }
        }
        #expect(result.groups.allSatisfy { (minSize...maxSize).contains($0.memberIDs.count) })
    }
}

/// A cohort's own session time and days.
struct SessionTimeTests {
    @Test func sessionsStartAtTheCohortsTimeOnItsDays() throws {
        var planner = SessionPlanner(calendar: CohortSessionTests.calendar)
        planner.startMinute = 14 * 60
        planner.weekdays = [2, 4]
        let requests = (1...3).map { SessionRequest(groupNumber: $0, facilitatorID: 7, laCodes: [936]) }
        let from = Day(iso: "2026-09-01")!
        let (sessions, unscheduled) = planner.plan(requests, from: from, until: from.adding(months: 12))
        #expect(unscheduled.isEmpty)
        #expect(sessions.count == 18)
        #expect(sessions.allSatisfy { $0.start.minute == 14 * 60 && [2, 4].contains($0.start.day.isoWeekday) })

        planner.startMinute = 16 * 60 + 30  // a 90-minute session would end after 17:00
        let late = planner.plan(requests, from: from, until: from.adding(months: 12))
        #expect(late.sessions.isEmpty && late.unscheduled.count == 3)
        #expect(late.unscheduled[0].reason.contains("must fit the working day"))
    }

    @Test func aCohortKeepsItsSessionTimeAndRefusesWeekends() throws {
        var d = Directory()
        var ids = IDAllocator()
        let draft = CohortDraft(
            name: "Spring 2027",
            cap: nil,
            start: Day(iso: "2027-01-04")!,
            sessionStart: 9 * 60 + 30,
            sessionWeekdays: [3, 1]
        )
        let (change, cohort) = try d.prepareCohort(draft, ids: &ids, now: 0)
        change.apply(to: &d)
        #expect(cohort.sessionStart == 570 && cohort.sessionWeekdays == [1, 3])
        var weekend = draft
        weekend.name = "Summer 2027"
        weekend.sessionWeekdays = [6]
        #expect(throws: PeerlinkError.self) { try d.prepareCohort(weekend, ids: &ids, now: 0) }
    }
}
