import PeerlinkCore
import Testing

struct PeerSupportEligibilityTests {
    let day = PeerSupportFixture.today

    /// A fixture with one supporter whose draft and school can be adjusted.
    func supporter(
        years: Int = 10, inspection: InspectionOutcome? = .good, status: SchoolStatus = .open,
        edit: @escaping (inout SupporterDraft) -> Void = { _ in }
    ) -> (PeerSupportFixture, SupporterProfile) {
        var f = PeerSupportFixture()
        let id = f.addSupporter(
            personID: 10,
            school: { f, urn in
                f.addSchool(urn, "Oak Primary", east: 460_000, north: 120_000, inspection: inspection, status: status)
            },
            years: years, edit: edit)
        return (f, f.directory.peerSupport.profiles[id]!)
    }

    @Test func aSupporterMeetingEveryRuleIsEligible() {
        let (f, p) = supporter()
        #expect(f.directory.supporterEligibility(p, on: day).isEmpty)
    }

    @Test func fewerThanFiveYearsAsHeadIsRefusedWithTheYearsCounted() {
        let (f, p) = supporter(years: 4)
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "Supporter 10 has 4 years as a headteacher (since 2021-01-01) on 2025-03-10; supporters need at least 5"
            ])
        // Five whole years exactly is enough.
        let (g, q) = supporter(years: 5)
        #expect(g.directory.supporterEligibility(q, on: day).isEmpty)
    }

    @Test func yearsAsHeadAreCountedOnTheDayAsked() {
        let (f, p) = supporter(years: 5)  // since 2020-01-01
        #expect(f.directory.supporterEligibility(p, on: Day(iso: "2024-12-31")!).count == 1)
        #expect(f.directory.supporterEligibility(p, on: Day(iso: "2025-01-01")!).isEmpty)
    }

    @Test func aMissingHeadshipStartIsNamed() {
        var (f, p) = supporter()
        var person = f.directory.people[p.personID]!
        person.headshipStart = nil
        f.commit(Change([person]))
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "no headship start date is recorded for Supporter 10; supporters need at least 5 years as a "
                    + "headteacher (`peerlink person update 10 --headship-start DATE`)"
            ])
    }

    @Test(arguments: [InspectionOutcome.requiresImprovement, .inadequate, .specialMeasures])
    func aSchoolBelowGoodIsRefused(outcome: InspectionOutcome) {
        let (f, p) = supporter(inspection: outcome)
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "Oak Primary's last inspection outcome is \(outcome.rawValue) (the register's); a supporter's school "
                    + "must be judged good or outstanding"
            ])
    }

    @Test func anUnknownInspectionIsRefusedUntilTheAuthorityRecordsOne() {
        let (f, p) = supporter(inspection: nil)
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "no inspection outcome is recorded for Oak Primary (URN 200010); record it on the profile "
                    + "so eligibility can be checked"
            ])
        let (g, q) = supporter(inspection: nil) { $0.recordedInspection = .outstanding }
        #expect(g.directory.supporterEligibility(q, on: day).isEmpty)
        // The register's outcome wins over the recorded one when it has one.
        let (h, r) = supporter(inspection: .inadequate) { $0.recordedInspection = .outstanding }
        #expect(h.directory.supporterEligibility(r, on: day).count == 1)
    }

    @Test func aClosedSchoolIsRefused() {
        let (f, p) = supporter(status: .closed)
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "Oak Primary (URN 200010) is closed; a supporter must lead an open school"
            ])
    }

    @Test func trainingMustBeCompletedByTheDay() {
        let (f, p) = supporter { $0.trainingCompleted = nil }
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "supporter training is not completed; record the completion date"
            ])
        let (g, q) = supporter { $0.trainingCompleted = Day(iso: "2025-06-01")! }
        #expect(
            g.directory.supporterEligibility(q, on: day) == [
                "supporter training is recorded as completed on 2025-06-01, after 2025-03-10"
            ])
    }

    @Test func aCoachingRecordIsRequired() {
        let (f, p) = supporter { $0.coachingRecord = "  " }
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "no coaching or mentoring record is recorded; describe the supporter's track record"
            ])
    }

    @Test func knowledgeOfLocalProcessesIsRequired() {
        let (f, p) = supporter { $0.knowsLocalProcesses = false }
        #expect(
            f.directory.supporterEligibility(p, on: day) == [
                "knowledge of the authority's local processes is not confirmed"
            ])
    }

    @Test func everyFailingRuleIsListed() {
        let (f, p) = supporter(years: 2, inspection: .requiresImprovement) {
            $0.trainingCompleted = nil
            $0.coachingRecord = ""
            $0.knowsLocalProcesses = false
        }
        #expect(f.directory.supporterEligibility(p, on: day).count == 5)
    }

    @Test func anIneligibleProfileIsStoredButNeverMatched() throws {
        var (f, p) = supporter { $0.trainingCompleted = nil }
        #expect(f.directory.peerSupport.profiles[p.id] != nil)
        let request = f.request()
        let result = try f.directory.matchSupporters(
            SupporterMatchQuery(requestID: request, day: day, listExcluded: true))
        #expect(result.hits.isEmpty && result.excludedCounts == [.notEligible: 1])
        #expect(
            result.excluded == [
                SupporterExclusion(
                    profileID: p.id,
                    reason: "not eligible: supporter training is not completed; record the completion date")
            ])
        // Nor can an engagement be started with them.
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareEngagementStart(requestID: request, profileID: p.id, on: day, ids: &f.ids, now: PeerSupportFixture.now)
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.hasPrefix("supporter \(p.id) cannot take this request: not eligible:") == true)
    }

    @Test func skillsAreStandardsOrThemesNotSubjects() {
        var f = PeerSupportFixture()
        f.addSchool(200_010, "Oak Primary", east: 460_000, north: 120_000)
        f.commit(Change([Person(id: 10, name: "S", email: "s@oak.uk", urn: 200_010, role: "Headteacher")]))
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareSupporter(
                SupporterDraft(personID: 10, summary: "x", skills: ["wellbeing", "computing"]), ids: &f.ids, now: 0)
        }
        #expect(
            error
                == .badRequest(
                    "'computing' is a subject; peer support is about leadership, so name a standard or theme "
                        + "(e.g. school-improvement, wellbeing)", field: "skills[1]"))
    }

    @Test func aPersonHasOneSupporterProfile() {
        var (f, p) = supporter()
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareSupporter(
                SupporterDraft(personID: p.personID, summary: "again", skills: ["teaching"]), ids: &f.ids, now: 0)
        }
        #expect(error?.code == .conflict)
        #expect(error?.field == "person_id")
    }

    @Test func supervisionIsRecordedWithoutNotes() throws {
        var (f, p) = supporter()
        let (change, m) = try f.directory.prepareSupervision(
            profileID: p.id, day: day, minutes: 45, ids: &f.ids, now: PeerSupportFixture.now)
        f.commit(change)
        #expect(f.directory.peerSupport.supervision(ofProfile: p.id) == [m])
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareSupervision(profileID: p.id, day: day, minutes: 0, ids: &f.ids, now: 0)
        }
        #expect(error == .badRequest("a supervision meeting lasts 1 to 480 minutes, got 0", field: "minutes"))
    }
}

struct PeerSupportPeopleTests {
    @Test func addingAHeadNeedsAnExistingSchoolAndAnUnusedEmail() throws {
        var f = PeerSupportFixture()
        let draft = PersonDraft(
            name: " New  Head ", email: "New.Head@Ash.sch.uk", urn: f.headURN, headshipStart: Day(iso: "2024-09-01"),
            npqh: .inProgress)
        let (change, person) = try f.directory.preparePerson(draft, ids: &f.ids)
        f.commit(change)
        #expect(person.name == "New Head")
        #expect(person.email == "new.head@ash.sch.uk")
        #expect(person.id == 2)
        #expect(f.directory.person(email: "new.head@ash.sch.uk")?.npqh == .inProgress)

        var again = draft
        again.email = "new.head@ash.sch.uk"
        #expect(
            refusal { () throws(PeerlinkError) in try f.directory.preparePerson(again, ids: &f.ids) }
                == .conflict("new.head@ash.sch.uk is already the work email of person 2 (New Head)", field: "email"))

        var elsewhere = draft
        elsewhere.email = "x@y.uk"
        elsewhere.urn = 999_999
        #expect(
            refusal { () throws(PeerlinkError) in try f.directory.preparePerson(elsewhere, ids: &f.ids) }
                == .notFound("no school with URN 999999; check the number or import the register first", field: "urn"))
    }

    @Test func updatingAPersonKeepsTheirOwnEmailButRefusesAnother() throws {
        var f = PeerSupportFixture()
        let (c, p) = try f.directory.preparePerson(
            PersonDraft(name: "B", email: "b@ash.sch.uk", urn: f.headURN), ids: &f.ids)
        f.commit(c)
        f.commit(
            try f.directory.preparePersonUpdate(
                id: p.id, PersonPatch(email: "B@ash.sch.uk", headshipStart: Day(iso: "2019-01-01"))))
        #expect(f.directory.people[p.id]?.headshipStart == Day(iso: "2019-01-01"))
        #expect(
            refusal { () throws(PeerlinkError) in
                try f.directory.preparePersonUpdate(id: p.id, PersonPatch(email: "head@ash.sch.uk"))
            }?.code == .conflict)
        #expect(
            refusal { () throws(PeerlinkError) in try f.directory.preparePersonUpdate(id: 77, PersonPatch()) }
                == .notFound(
                    "no person with id 77; `peerlink person add` prints the id, and supporter and staff listings "
                        + "show the people in them", field: "id"))
    }
}
