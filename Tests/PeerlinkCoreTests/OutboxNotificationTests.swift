import PeerlinkCore
import Testing

/// Who gets which email, and only once: profiles ready, review due, a cohort's groups and session dates.
struct OutboxNotificationTests {
    // MARK: Profiles ready

    /// A request the fixture's head is about to make (not yet stored), and the email it would carry.
    func profilesReady(_ f: inout PeerSupportFixture) throws -> (SupportRequest, OutboxMessage?) {
        let (_, request) = try f.directory.prepareSupportRequest(
            headID: f.headID, concerns: ["school-improvement"], mode: .online, ids: &f.ids, now: PeerSupportFixture.now)
        let mail = f.directory.profilesReadyMessage(
            for: request, weights: SupporterMatchWeights(), ids: &f.ids, now: PeerSupportFixture.now)
        return (request, mail)
    }

    @Test func theHeadIsToldTheirProfilesAreReadyWithoutNamingAnySupporter() throws {
        var f = PeerSupportFixture()
        f.addNearbySupporter(personID: 10)
        f.addNearbySupporter(personID: 11, km: 20)
        let (request, mail) = try profilesReady(&f)
        let m = try #require(mail)
        #expect(m.kind == .profilesReady)
        #expect(m.to == "head@ash.sch.uk")
        #expect(m.body.contains("2 peer supporter profiles match your request for peer support (number \(request.id))"))
        #expect(m.body.contains("{{web_url}}/support/\(request.id)/profiles"))
        for secret in ["Supporter 10", "Supporter 11", "s10@school.uk", "school-improvement", "School 2000"] {
            #expect(!m.body.contains(secret) && !m.subject.contains(secret), "the email says \(secret)")
        }
    }

    @Test func noProfilesMeansNoEmail() throws {
        var f = PeerSupportFixture()
        // A supporter in the head's own trust is never offered (not independent).
        f.addSupporter(
            personID: 12,
            school: { f, urn in f.addSchool(urn, "Same Trust", east: 451_000, north: 120_000, trust: "Chalk Learning Trust") })
        #expect(try profilesReady(&f).1 == nil)
    }

    // MARK: Review due

    /// The fixture's engagements start on 2025-03-10: the cycle ends 2025-09-10; its review opens 2025-08-11.
    func sweep(_ f: inout PeerSupportFixture, on day: String) -> [OutboxMessage] {
        let change = f.directory.prepareReviewDueNotices(on: Day(iso: day)!, ids: &f.ids, now: PeerSupportFixture.later)
        f.commit(change)
        return change.records.compactMap { $0 as? OutboxMessage }
    }

    @Test func aReviewDueEmailGoesToTheHeadAndSupporterOncePerCycleEnd() throws {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        let e = f.engagement(profileID: p)
        #expect(sweep(&f, on: "2025-08-10").isEmpty, "not before the review window opens")
        let due = sweep(&f, on: "2025-08-11")
        #expect(due.map(\.to).sorted() == ["head@ash.sch.uk", "s10@school.uk"])
        #expect(due.allSatisfy { $0.kind == .reviewDue && $0.body.contains("reaches the end of its cycle on 2025-09-10") })
        #expect(due.allSatisfy { $0.body.contains("{{web_url}}/engagements/\(e)") })
        #expect(f.directory.peerSupport.engagements[e]?.reviewNoticeFor == Day(iso: "2025-09-10"))
        #expect(sweep(&f, on: "2025-08-11").isEmpty, "the same day again sends nothing")
        #expect(sweep(&f, on: "2025-09-20").isEmpty, "nor does passing the end, for the same cycle end")

        // A review that extends the cycle moves its end: the next review's email comes when that is due.
        let (c, _) = try f.directory.prepareEngagementReview(
            engagementID: e, on: Day(iso: "2025-08-15")!, decision: .continue, until: Day(iso: "2026-03-10"),
            recordedBy: f.headID, ids: &f.ids, now: PeerSupportFixture.now)
        f.commit(c)
        #expect(sweep(&f, on: "2026-02-07").isEmpty)
        #expect(sweep(&f, on: "2026-02-08").count == 2)
        #expect(sweep(&f, on: "2026-02-09").isEmpty)
    }

    @Test func aCyclePastItsEndIsToldSoAndAClosedOneNothing() throws {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10, capacity: 3)
        let late = f.engagement(profileID: p)
        let closed = f.engagement(profileID: p)
        f.commit(try f.directory.prepareEngagementClose(engagementID: closed, on: PeerSupportFixture.today, now: PeerSupportFixture.later))
        let due = sweep(&f, on: "2025-09-11")
        #expect(due.count == 2)
        #expect(due.allSatisfy { $0.body.contains("Peer support engagement \(late) passed the end of its cycle on 2025-09-10") })
        #expect(f.directory.peerSupport.engagements[closed]?.reviewNoticeFor == nil)
    }

    @Test func anErasedHeadGetsNoReviewEmail() throws {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        _ = f.engagement(profileID: p)
        let (erase, _) = try f.directory.prepareErasure(personID: f.headID, now: PeerSupportFixture.later)
        f.commit(erase)
        #expect(sweep(&f, on: "2025-08-11").map(\.to) == ["s10@school.uk"])
    }

    // MARK: Cohort groups and sessions

    @Test func eachMemberAndFacilitatorGetsOneEmailWithTheirOwnGroupOnly() throws {
        var w = try CohortSessionTests.world(heads: 10, facilitators: 2, maxGroups: 1)
        let cal = CohortSessionTests.calendar
        let (change, plan) = try w.directory.prepareCohortFormation(
            cohort: "Autumn 2026", calendar: cal, ids: &w.ids, now: w.now)
        let mail = w.directory.cohortGroupMessages(plan, ids: &w.ids, now: w.now)
        change.apply(to: &w.directory)
        let groups = plan.formation.groups
        #expect(groups.count == 2)
        let members = groups.flatMap(\.memberIDs)
        let facilitators = groups.compactMap(\.facilitatorID)
        #expect(mail.count == members.count + facilitators.count)
        #expect(Set(mail.map(\.to)).count == mail.count, "nobody gets two")
        #expect(mail.allSatisfy { $0.kind == .cohortGroup })
        for g in groups {
            let others = groups.filter { $0.number != g.number }.flatMap(\.memberIDs)
            for id in g.memberIDs {
                let m = try #require(mail.first { $0.to == "head\(id)@school.org.uk" })
                #expect(m.body.contains("Group \(g.number) (primary):"))
                for mate in g.memberIDs { #expect(m.body.contains("- Head \(mate), School ")) }
                for other in others { #expect(!m.body.contains("Head \(other),"), "names a member of another group") }
                #expect(!m.body.contains("@"), "no one's email address")
                #expect(m.body.components(separatedBy: "\nSession ").count - 1 == 6)
            }
            let f = try #require(mail.first { $0.to == "head\(g.facilitatorID!)@school.org.uk" })
            #expect(f.subject.contains("the groups you facilitate"))
            #expect(f.body.contains("Group \(g.number) (primary):"))
        }
        let first = w.directory.cohorts.sessions(cohortID: w.directory.cohorts.cohort(named: "Autumn 2026")!.id)[0]
        let line = "Session \(first.number): "
        #expect(mail.contains { $0.body.contains(line) && $0.body.contains("\(first.start.day), ") })

        // Forming again with the same seed changes nothing, so it emails no one.
        let (_, again) = try w.directory.prepareCohortFormation(
            cohort: "Autumn 2026", calendar: cal, ids: &w.ids, now: w.now + 10)
        #expect(w.directory.cohortGroupMessages(again, ids: &w.ids, now: w.now + 10).isEmpty)
    }
}
