import PeerlinkCore
import Testing

/// Two heads, each with an engagement with a different supporter; the first head's cycle is closed with
/// feedback.
struct PeerSupportAccessTests {
    var f = PeerSupportFixture()
    let otherHead: Int64 = 2
    let supporterA: Int64 = 10  // person ids
    let supporterB: Int64 = 11
    var engagementA: Int64 = 0
    var engagementB: Int64 = 0
    var requestA: Int64 = 0

    init() throws {
        let a = f.addNearbySupporter(personID: supporterA)
        let b = f.addNearbySupporter(personID: supporterB)
        engagementA = f.engagement(profileID: a)
        requestA = f.directory.peerSupport.engagements[engagementA]!.requestID
        f.addSchool(100_002, "Other Primary", east: 470_000, north: 120_000)
        f.commit(
            Change([
                Person(
                    id: otherHead, name: "Olu Other", email: "head@other.sch.uk", urn: 100_002, role: "Headteacher",
                    headshipStart: Day(iso: "2024-01-01"))
            ]))
        let (rc, r) = try f.directory.prepareSupportRequest(
            headID: otherHead, concerns: ["teaching"], mode: .online, ids: &f.ids, now: 0)
        f.commit(rc)
        let (ec, e) = try f.directory.prepareEngagementStart(
            requestID: r.id, profileID: b, on: PeerSupportFixture.today, ids: &f.ids, now: PeerSupportFixture.now)
        f.commit(ec)
        engagementB = e.id
        f.commit(try f.directory.prepareEngagementClose(engagementID: engagementA, on: Day(iso: "2025-07-01")!, now: 0))
    }

    mutating func giveFeedback(share: Bool) throws {
        let (c, _) = try f.directory.prepareFeedback(
            engagementID: engagementA, rating: 2, comment: "private words", share: share, by: f.headID, now: 0)
        f.commit(c)
    }

    func check(_ r: PeerSupportResource, _ a: AccessKind = .read, _ role: Role, _ person: Int64?) -> PeerlinkError? {
        refusal { () throws(PeerlinkError) in try f.directory.authorizePeerSupport(r, a, role: role, personID: person) }
    }

    @Test func aHeadReachesOnlyTheirOwnNeedsRequestsAndEngagements() {
        let head = f.headID
        #expect(check(.needs(headID: head), .write, .head, head) == nil)
        #expect(check(.supportRequest(id: requestA), .write, .head, head) == nil)
        #expect(check(.engagement(id: engagementA), .write, .head, head) == nil)
        #expect(check(.feedback(engagementID: engagementA), .write, .head, head) == nil)
        #expect(
            check(.needs(headID: otherHead), .read, .head, head)
                == .forbidden("a head's token reaches only their own needs assessment and targets"))
        #expect(
            check(.engagement(id: engagementB), .read, .head, head)
                == .forbidden(
                    "engagement \(engagementB) is not one of yours; a head's token reaches only their own"))
        // The same words whether the record exists or not: a refusal says nothing of other heads' records.
        #expect(
            check(.engagement(id: 9999), .read, .head, head)
                == .forbidden("engagement 9999 is not one of yours; a head's token reaches only their own"))
        #expect(check(.newSupportRequest(headID: otherHead), .write, .head, head)?.code == .forbidden)
        #expect(check(.feedback(engagementID: engagementB), .read, .head, head)?.code == .forbidden)
        #expect(check(.supporterAdministration, .read, .head, head)?.code == .forbidden)
        #expect(check(.qaReport, .read, .head, head)?.code == .forbidden)
    }

    @Test func aSupporterReachesOnlyTheirOwnEngagementsAndProfile() {
        let profileA = f.directory.peerSupport.profile(ofPerson: supporterA)!.id
        let profileB = f.directory.peerSupport.profile(ofPerson: supporterB)!.id
        #expect(check(.engagement(id: engagementA), .write, .supporter, supporterA) == nil)
        #expect(
            check(.engagement(id: engagementB), .read, .supporter, supporterA)
                == .forbidden(
                    "engagement \(engagementB) is not one of yours; a supporter's token reaches only their own"))
        #expect(check(.supporterProfile(id: profileA), .read, .supporter, supporterA) == nil)
        #expect(check(.supporterProfile(id: profileA), .write, .supporter, supporterA)?.code == .forbidden)
        #expect(check(.supporterProfile(id: profileB), .read, .supporter, supporterA)?.code == .forbidden)
        #expect(
            check(.needs(headID: f.headID), .read, .supporter, supporterA)
                == .forbidden(
                    "a head's needs and support requests are confidential to them; a supporter sees only their own "
                        + "engagements"))
        #expect(check(.supportRequest(id: requestA), .read, .supporter, supporterA)?.code == .forbidden)
    }

    @Test func anAdviserReachesNoneOfPeerSupport() {
        let resources: [PeerSupportResource] = [
            .needs(headID: f.headID), .newSupportRequest(headID: f.headID), .supportRequest(id: requestA),
            .engagement(id: engagementA), .feedback(engagementID: engagementA), .supporterProfile(id: 1),
            .supporterAdministration, .qaReport,
        ]
        for r in resources {
            #expect(
                check(r, .read, .adviser, nil)
                    == .forbidden(
                        "peer support is confidential: an adviser's token cannot reach needs assessments, support "
                            + "requests, engagements, feedback or supporter profiles"))
        }
        #expect(f.directory.visibleEngagements(role: .adviser, personID: nil).isEmpty)
    }

    @Test func anAdminReachesEverythingThatExists() {
        #expect(check(.engagement(id: engagementB), .write, .admin, nil) == nil)
        #expect(check(.qaReport, .read, .admin, nil) == nil)
        #expect(check(.engagement(id: 99), .read, .admin, nil) == .notFound("no engagement with id 99", field: "id"))
        #expect(f.directory.visibleEngagements(role: .admin, personID: nil).map(\.id) == [engagementA, engagementB])
    }

    @Test func aScopedTokenWithoutAPersonReachesNothing() {
        #expect(
            check(.needs(headID: f.headID), .read, .head, nil)
                == .forbidden("this head token is not bound to a person; ask an admin for a new one"))
    }

    @Test func listingsAreScopedToo() {
        #expect(f.directory.visibleEngagements(role: .head, personID: f.headID).map(\.id) == [engagementA])
        #expect(f.directory.visibleEngagements(role: .supporter, personID: supporterB).map(\.id) == [engagementB])
    }

    @Test mutating func unsharedFeedbackIsUnreadableByTheSupporter() throws {
        try giveFeedback(share: false)
        let unshared = PeerlinkError.forbidden(
            "no feedback on engagement \(engagementA) has been shared with you; the head decides whether to share it")
        #expect(
            refusal { () throws(PeerlinkError) in
                try f.directory.feedback(engagementID: engagementA, role: .supporter, personID: supporterA)
            } == unshared)
        #expect(try f.directory.feedback(engagementID: engagementA, role: .head, personID: f.headID).rating == 2)
        #expect(
            try f.directory.feedback(engagementID: engagementA, role: .admin, personID: nil).comment == "private words")
        #expect(check(.feedback(engagementID: engagementA), .write, .supporter, supporterA)?.code == .forbidden)
    }

    @Test mutating func aSupporterCannotTellUnsharedFeedbackFromNone() {
        #expect(
            check(.feedback(engagementID: engagementA), .read, .supporter, supporterA)
                == .forbidden(
                    "no feedback on engagement \(engagementA) has been shared with you; the head decides whether to "
                        + "share it"))
    }

    @Test mutating func sharedFeedbackIsReadableByThatSupporterOnly() throws {
        try giveFeedback(share: true)
        #expect(
            try f.directory.feedback(engagementID: engagementA, role: .supporter, personID: supporterA).comment
                == "private words")
        #expect(check(.feedback(engagementID: engagementA), .read, .supporter, supporterB)?.code == .forbidden)
    }

    @Test mutating func theQAReportCountsButNeverQuotes() throws {
        try giveFeedback(share: false)
        #expect(f.meet(engagementB, "2025-03-11T10:00", minutes: 45) == nil)
        let report = f.directory.peerSupportQAReport(on: PeerSupportFixture.today)
        #expect(report.requests == 2 && report.activeEngagements == 1 && report.closedEngagements == 1)
        #expect(report.closedDurationDays?.max == 113)  // 2025-03-10 to 2025-07-01
        #expect(report.meetings == 1 && report.meetingMinutes == 45 && report.meetingsByMode == [.online: 1])
        #expect(report.meetingsPerClosedEngagement?.max == 0)
        #expect(report.feedback == 1 && report.sharedFeedback == 0)
        #expect(report.ratingCounts == [0, 1, 0, 0, 0])
        #expect(report.meanRating == 2)
        #expect(report.supporters == 2 && report.eligibleSupporters == 2)
        #expect(!String(describing: report).contains("private words"))
    }
}
