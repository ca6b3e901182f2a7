import Testing

@testable import PeerlinkCore

/// `prepareErasure`: what leaves memory, what stays, and what an erased person can no longer be given.
struct ErasureTests {
    static let day = Day(iso: "2026-01-05")!

    /// Zed (1) is nominated, a supporter, and a head with a target; Ava (2) is a head who gave Zed feedback.
    static func directory() -> Directory {
        var d = smallDirectory()
        Change([
            Person(id: 1, name: "Zed Quux", email: "zed@hill.sch.uk", urn: 100001, role: "Head of Maths"),
            Person(id: 2, name: "Ava Head", email: "ava@hill.sch.uk", urn: 100001, role: "Headteacher"),
            Nomination(id: 10, personID: 1, urn: 100001, areas: [NominatedArea(areaID: "mathematics", strength: "Fractions")]),
            Nomination(id: 11, personID: 2, urn: 100001, areas: [NominatedArea(areaID: "computing", strength: "Python")]),
            SupporterProfile(id: 20, personID: 1, summary: "Turnaround", skills: ["mathematics"], coachingRecord: "Coach"),
            NeedsTarget(id: 30, headID: 1, areaID: "mathematics", text: "Plan", due: day, successCriteria: "Adopted",
                baseline: nil, createdOn: day, updatedAt: 0),
            TargetReview(id: 31, targetID: 30, reviewedOn: day, rating: .secure, note: "Going well", statusAfter: .open,
                createdAt: 0),
            SupportRequest(id: 40, headID: 2, concerns: ["mathematics"], mode: .online, status: .engaged, createdAt: 0, updatedAt: 0),
            Engagement(id: 50, requestID: 40, headID: 2, profileID: 20, start: day, status: .closed, closedOn: day,
                createdAt: 0, updatedAt: 0),
            EngagementFeedback(engagementID: 50, rating: 5, comment: "Zed was great", shared: false, givenBy: 2, givenAt: 0),
            AccessToken(id: 60, role: .supporter, personID: 1, secretHash: "h1", label: "Zed's laptop", createdAt: 0),
            AccessToken(id: 61, role: .head, personID: 2, secretHash: "h2", createdAt: 0),
        ]).apply(to: &d)
        return d
    }

    @Test func clearsEveryTextOfThePersonAndKeepsTheRecords() throws {
        var d = Self.directory()
        let (change, summary) = try d.prepareErasure(personID: 1, now: 99)
        #expect(change.followUps.contains { $0 is PurgeOverwrittenBytes })
        change.apply(to: &d)

        let zed = try #require(d.people[1])
        #expect(zed.erased && zed.name == Person.erasedName && zed.email.isEmpty && zed.role.isEmpty)
        #expect(d.person(email: "zed@hill.sch.uk") == nil)
        #expect(d.nominations[10]?.areas == [NominatedArea(areaID: "mathematics", strength: "")])
        #expect(d.nominations[10]?.status == .withdrawn)
        #expect(d.peerSupport.profiles[20]?.summary == "" && d.peerSupport.profiles[20]?.coachingRecord == "")
        #expect(d.peerSupport.profiles[20]?.status == .retired)
        #expect(d.peerSupport.targets[30]?.text == "" && d.peerSupport.targets[30]?.successCriteria == "")
        #expect(d.peerSupport.targetReviews[31]?.note == "")
        // Feedback about them keeps its rating, loses its words.
        #expect(d.peerSupport.feedback[50]?.comment == nil && d.peerSupport.feedback[50]?.rating == 5)
        #expect(d.tokens[60]?.revokedAt == 99 && d.tokens[60]?.label == "")
        #expect(summary.nominations == 1 && summary.supporterProfile && summary.targets == 1 && summary.feedback == 1)
        #expect(summary.tokensRevoked == 1)

        // The other head is untouched; counts stay.
        #expect(d.people[2]?.name == "Ava Head" && d.nominations[11]?.areas.first?.strength == "Python")
        #expect(d.tokens[61]?.revokedAt == nil)
        #expect(d.people.count == 2 && d.nominations.count == 2 && d.peerSupport.engagements.count == 1)
    }

    @Test func anErasedPersonIsErasedOnceAndGetsNoTokenOrUpdate() throws {
        var d = Self.directory()
        try d.prepareErasure(personID: 1, now: 99).change.apply(to: &d)
        #expect(throws: PeerlinkError.self) { try d.prepareErasure(personID: 1, now: 100) }
        #expect(throws: PeerlinkError.self) { try d.prepareErasure(personID: 404, now: 100) }
        var ids = IDAllocator()
        #expect(throws: PeerlinkError.self) {
            try d.prepareToken(role: .supporter, personID: 1, label: "", expiresAt: nil, secretHash: "h3", ids: &ids, now: 100)
        }
        #expect(throws: PeerlinkError.self) { try d.preparePersonUpdate(id: 1, PersonPatch(name: "Zed Again")) }
        // Their records cannot take text or activity back.
        #expect(throws: PeerlinkError.self) {
            try d.prepareNominationUpdate(id: 10, NominationPatch(areas: [("mathematics", "Fractions")]), now: 100)
        }
        #expect(throws: PeerlinkError.self) { try d.prepareNominationUpdate(id: 10, NominationPatch(status: .active), now: 100) }
        #expect(throws: PeerlinkError.self) { try d.prepareSupporterUpdate(id: 20, SupporterPatch(summary: "Back"), now: 100) }
        _ = try d.prepareNominationUpdate(id: 11, NominationPatch(capacity: 3), now: 100)  // others' still change
    }
}
