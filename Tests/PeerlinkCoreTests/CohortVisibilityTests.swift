import PeerlinkCore
import Testing

/// What a caller may see of cohorts (`Directory.cohortVisibility(to:)`) and which cohorts a head's list holds.
struct CohortVisibilityTests {
    @Test func eachRoleSeesCohortsAsTheRuleSays() throws {
        let d = Directory()
        #expect(try d.cohortVisibility(to: .localAdmin) == .full)
        #expect(try d.cohortVisibility(to: Caller(role: .adviser)) == .namesOnly)
        #expect(try d.cohortVisibility(to: Caller(personID: 7, role: .head)) == .ownPlace(personID: 7))
        for caller in [Caller(role: .head), Caller(personID: 3, role: .supporter), Caller(role: .web)] {
            #expect(throws: PeerlinkError.self) { try d.cohortVisibility(to: caller) }
        }
    }

    @Test func aHeadsListHoldsOpenCohortsAndTheirOwnPlacesOnly() throws {
        var w = CohortWorld()
        let autumn = try w.createCohort("Autumn 2026")  // 2026-09-01 to 2027-09-01
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001)
        w.addHead(2, urn: 100_001)
        try w.apply("Autumn 2026", 1)
        let during = Day(year: 2027, month: 3, day: 1)!
        let after = Day(year: 2027, month: 9, day: 1)!  // the cohort's end: no longer open
        #expect(w.directory.cohortsListed(for: .ownPlace(personID: 2), today: during).map(\.id) == [autumn.id])
        #expect(w.directory.cohortsListed(for: .ownPlace(personID: 2), today: after).isEmpty)
        // Head 1 holds a place, so still sees it after it ended; staff see every cohort.
        #expect(w.directory.cohortsListed(for: .ownPlace(personID: 1), today: after).map(\.id) == [autumn.id])
        #expect(w.directory.cohortsListed(for: .namesOnly, today: after).map(\.id) == [autumn.id])
        // Withdrawn, the place is gone.
        let (change, _) = try w.directory.prepareCohortWithdrawal(cohort: "Autumn 2026", personID: 1, now: w.now + 10)
        change.apply(to: &w.directory)
        #expect(w.directory.cohortsListed(for: .ownPlace(personID: 1), today: after).isEmpty)
        #expect(w.directory.cohortGroup(of: 1, cohortID: autumn.id) == nil)
    }
}
