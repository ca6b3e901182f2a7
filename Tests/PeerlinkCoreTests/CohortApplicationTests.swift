import PeerlinkCore
import Testing

/// A directory with schools and heads, built by applying changes directly.
struct CohortWorld {
    var directory = Directory()
    var ids = IDAllocator()
    let now: Int64 = 1_767_225_600  // 2026-01-01

    static let start = Day(year: 2026, month: 9, day: 1)!

    mutating func addSchool(
        _ urn: Int, typeGroup: String = "Local authority maintained schools", type: String = "Community school",
        phase: Phase = .primary, la: Int = 800, region: String = "South West", trust: String? = nil,
        federation: String? = nil, status: SchoolStatus = .open
    ) {
        let s = School(
            urn: urn, name: "School \(urn)", phase: phase, type: type, typeGroup: typeGroup, status: status,
            laCode: la, laName: "LA \(la)", region: region, trust: trust, federation: federation)
        Change([s]).apply(to: &directory)
    }

    /// A head who meets every rule unless told otherwise.
    @discardableResult
    mutating func addHead(
        _ id: Int64, urn: Int, since: Day? = Day(year: 2024, month: 9, day: 1), npqh: NPQHStatus? = .completed,
        withdrawn: Bool = false
    ) -> Person {
        let p = Person(
            id: id, name: "Head \(id)", email: "head\(id)@school.org.uk", urn: urn, role: "Headteacher",
            headshipStart: since, npqh: npqh, withdrawnFromEarlierOffer: withdrawn)
        Change([p]).apply(to: &directory)
        return p
    }

    mutating func createCohort(_ name: String = "Autumn 2026", cap: Int? = 60, min: Int = 4, max: Int = 6) throws
        -> Cohort
    {
        let (change, cohort) = try directory.prepareCohort(
            CohortDraft(name: name, cap: cap, minGroupSize: min, maxGroupSize: max, start: CohortWorld.start),
            ids: &ids, now: now)
        change.apply(to: &directory)
        return cohort
    }

    @discardableResult
    mutating func apply(_ cohort: String, _ head: Int64, at offset: Int64 = 0) throws -> CohortApplication {
        let (change, application) = try directory.prepareCohortApplication(
            cohort: cohort, personID: head, ids: &ids, now: now + offset)
        change.apply(to: &directory)
        return application
    }

    func refusal(_ cohort: String, _ head: Int64) -> PeerlinkError? {
        var ids = self.ids
        do {
            _ = try directory.prepareCohortApplication(cohort: cohort, personID: head, ids: &ids, now: now)
            return nil
        } catch {
            return error
        }
    }
}

struct CohortApplicationTests {
    @Test func anEligibleHeadIsAccepted() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001)
        let a = try w.apply("autumn 2026", 1)
        #expect(a.status == .accepted)
        #expect(a.position == 1)
        #expect(w.directory.cohorts.participants(cohortID: a.cohortID).map(\.personID) == [1])
    }

    @Test func aHeadPastTheirFirstFiveYearsIsRefused() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001, since: Day(year: 2021, month: 4, day: 1))
        let e = try #require(w.refusal("Autumn 2026", 1))
        #expect(e.code == .conflict)
        #expect(e.field == "head")
        #expect(
            e.message
                == "Head 1 is not eligible for 'Autumn 2026': Head 1 has been a head since 2021-04-01, 5 years by the "
                + "cohort's start on 2026-09-01; the groups are for heads in their first 5 years of headship "
                + "[early-headship]")
        // Four years and eleven months is still within the first five.
        w.addHead(2, urn: 100_001, since: Day(year: 2021, month: 10, day: 1))
        #expect(w.refusal("Autumn 2026", 2) == nil)
    }

    @Test func aHeadWithNoHeadshipDateOrOneStartingLaterIsRefused() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001, since: nil)
        w.addHead(2, urn: 100_001, since: Day(year: 2027, month: 1, day: 1))
        #expect(w.refusal("Autumn 2026", 1)?.message.contains("no headship start date is recorded for Head 1") == true)
        #expect(
            w.refusal("Autumn 2026", 2)?.message.contains(
                "Head 2's headship starts on 2027-01-01, after the cohort starts on 2026-09-01") == true)
    }

    @Test(arguments: [
        ("Independent schools", "Other independent school", false),
        ("Universities", "Higher education institutions", false),
        ("Other types", "Secure units", false),
        ("Welsh schools", "Welsh establishment", false),
        ("Online provider", "Online provider", false),
        ("Special schools", "Other independent special school", false),
        ("Special schools", "Non-maintained special school", false),
        ("Local authority maintained schools", "Community school", true),
        ("Local authority maintained schools", "Pupil referral unit", true),
        ("Academies", "Academy converter", true),
        ("Free Schools", "Free schools 16 to 19", true),
        ("Special schools", "Community special school", true),
        ("Colleges", "Sixth form centres", true),
        ("Independent schools", "City technology college", true),
    ])
    func onlyStateFundedSchoolsInEnglandQualify(typeGroup: String, type: String, eligible: Bool) throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001, typeGroup: typeGroup, type: type)
        w.addHead(1, urn: 100_001)
        let e = w.refusal("Autumn 2026", 1)
        #expect((e == nil) == eligible)
        if let e {
            #expect(
                e.message.contains(
                    "School 100001 (URN 100001) is '\(type)' (\(typeGroup)) in the register; the groups are for heads "
                        + "of state-funded schools and 16–19 organisations in England [state-funded]"))
        }
    }

    @Test func aHeadWithoutTheNPQHIsRefused() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001, npqh: NPQHStatus.none)
        w.addHead(2, urn: 100_001, npqh: nil)
        w.addHead(3, urn: 100_001, npqh: .inProgress)
        let msg = "Head 1 has neither completed nor started the NPQH; the groups are for heads who hold it or are taking it [npqh]"
        #expect(w.refusal("Autumn 2026", 1)?.message.hasSuffix(msg) == true)
        #expect(w.refusal("Autumn 2026", 2)?.message.contains("[npqh]") == true)
        #expect(w.refusal("Autumn 2026", 3) == nil)
    }

    @Test func aHeadWhoWithdrewFromTheEarlierOfferIsRefused() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001, withdrawn: true)
        #expect(
            w.refusal("Autumn 2026", 1)?.message.hasSuffix(
                "Head 1 withdrew from the earlier national support offer, which rules out the early-headship groups "
                    + "[not-withdrawn]") == true)
    }

    @Test func everyFailingRuleIsNamed() throws {
        var w = CohortWorld()
        let cohort = try w.createCohort()
        w.addSchool(100_001, typeGroup: "Independent schools", type: "Other independent school")
        let head = w.addHead(1, urn: 100_001, since: Day(year: 2010, month: 9, day: 1), npqh: nil, withdrawn: true)
        let rules = w.directory.cohortRefusals(cohort: cohort, head: head).map(\.rule)
        #expect(rules == [.earlyHeadship, .stateFunded, .npqh, .notWithdrawn])
    }

    @Test func applicationsBeyondTheCapAreWaitListedAndPromotedInOrder() throws {
        var w = CohortWorld()
        let cohort = try w.createCohort(cap: 4)
        for i in 1...7 {
            w.addSchool(100_000 + i)
            w.addHead(Int64(i), urn: 100_000 + i)
            try w.apply("Autumn 2026", Int64(i), at: Int64(i))
        }
        let book = w.directory.cohorts
        #expect(book.participants(cohortID: cohort.id).map(\.personID) == [1, 2, 3, 4])
        #expect(book.waitList(cohortID: cohort.id).map(\.personID) == [5, 6, 7])
        #expect(w.refusal("Autumn 2026", 6)?.message == "Head 6 has already applied to 'Autumn 2026' and is wait-listed (number 2 on the wait-list)")

        // An accepted head withdraws: the first on the wait-list is accepted in the same change.
        let (change, promoted) = try w.directory.prepareCohortWithdrawal(cohort: "Autumn 2026", personID: 2, now: w.now + 100)
        #expect(promoted?.personID == 5)
        change.apply(to: &w.directory)
        #expect(w.directory.cohorts.participants(cohortID: cohort.id).map(\.personID) == [1, 3, 4, 5])
        #expect(w.directory.cohorts.waitList(cohortID: cohort.id).map(\.personID) == [6, 7])

        // A wait-listed head withdrawing promotes nobody.
        let (c2, p2) = try w.directory.prepareCohortWithdrawal(cohort: "Autumn 2026", personID: 7, now: w.now + 200)
        #expect(p2 == nil)
        c2.apply(to: &w.directory)
        #expect(w.directory.cohorts.waitList(cohortID: cohort.id).map(\.personID) == [6])

        // Re-applying after withdrawing joins the end of the line.
        let again = try w.apply("Autumn 2026", 2, at: 300)
        #expect(again.status == .waitListed)
        #expect(w.directory.cohorts.waitList(cohortID: cohort.id).map(\.personID) == [6, 2])
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareCohortWithdrawal(cohort: "Autumn 2026", personID: 7, now: w.now)
        }
    }

    @Test func anOpenCohortHasNoWaitList() throws {
        var w = CohortWorld()
        let cohort = try w.createCohort(cap: nil)
        for i in 1...10 {
            w.addSchool(100_000 + i)
            w.addHead(Int64(i), urn: 100_000 + i)
            try w.apply("Autumn 2026", Int64(i))
        }
        #expect(w.directory.cohorts.participants(cohortID: cohort.id).count == 10)
    }

    @Test func cohortsAreValidated() throws {
        var w = CohortWorld()
        _ = try w.createCohort()
        func error(_ draft: CohortDraft) -> PeerlinkError? {
            var ids = w.ids
            do {
                _ = try w.directory.prepareCohort(draft, ids: &ids, now: w.now)
                return nil
            } catch { return error }
        }
        #expect(error(CohortDraft(name: "AUTUMN  2026", cap: 60, start: CohortWorld.start))?.field == "name")
        #expect(error(CohortDraft(name: " ", cap: 60, start: CohortWorld.start))?.field == "name")
        #expect(error(CohortDraft(name: "B", cap: 60, minGroupSize: 6, maxGroupSize: 4, start: CohortWorld.start))?.field == "group_size")
        #expect(error(CohortDraft(name: "B", cap: 3, start: CohortWorld.start))?.field == "cap")
        #expect(error(CohortDraft(name: "B", cap: 60, start: CohortWorld.start)) == nil)
        #expect(throws: PeerlinkError.notFound("no cohort 'Autumn 2062'; did you mean 'Autumn 2026'? (`peerlink cohort list` shows them)", field: "cohort")) {
            try w.directory.requireCohort("Autumn 2062")
        }
    }

    @Test func facilitatorsAreAddedOnceAndMayNotBeParticipants() throws {
        var w = CohortWorld()
        let cohort = try w.createCohort()
        w.addSchool(100_001)
        w.addHead(1, urn: 100_001)
        w.addHead(2, urn: 100_001)
        try w.apply("Autumn 2026", 1)
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareFacilitator(cohort: "Autumn 2026", personID: 1, maxGroups: 2, ids: &w.ids)
        }
        let (c1, f1) = try w.directory.prepareFacilitator(cohort: "Autumn 2026", personID: 2, maxGroups: 2, ids: &w.ids)
        c1.apply(to: &w.directory)
        let (c2, f2) = try w.directory.prepareFacilitator(cohort: "Autumn 2026", personID: 2, maxGroups: 3, ids: &w.ids)
        c2.apply(to: &w.directory)
        #expect(f1.id == f2.id)
        #expect(w.directory.cohorts.facilitators(cohortID: cohort.id).map(\.maxGroups) == [3])
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareFacilitator(cohort: "Autumn 2026", personID: 2, maxGroups: 0, ids: &w.ids)
        }
    }
}
