import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import Testing

@testable import PeerlinkServer

/// The trust boundary (issue 18) at the dispatcher: tokens checked on every request, rate limits, bounds on
/// every request value, dates, fair use, and refusals that name no one.
struct TrustBoundaryTests {
    func error(_ r: (WireResponse, closed: Bool)) -> Peerlink_V1_Error? {
        if case .error(let e)? = r.0.result { return e }
        return nil
    }

    func revoke(_ f: AccessFixture, tokenOf name: String) throws {
        var admin = try #require(f.sessions["admin"])
        let id = try #require(f.sessions[name]?.tokenID)
        var r = Peerlink_V1_TokenRevoke()
        r.id = id
        try f.ok(.tokenRevoke(r), &admin)
    }

    @Test func aRevokedTokenIsRefusedOnTheNextRequestOfAnOpenConnection() throws {
        let f = try AccessFixture()
        var head = try #require(f.sessions["headA"])
        #expect(error(f.call(.ping(Peerlink_V1_Ping()), &head)) == nil)
        try revoke(f, tokenOf: "headA")
        let refused = f.call(.ping(Peerlink_V1_Ping()), &head)
        #expect(error(refused)?.code == "unauthenticated")
        #expect(error(refused)?.message.contains("revoked") == true)
        #expect(refused.closed)
        #expect(!head.isAuthenticated)
    }

    /// The kept-reply path answers a repeated link match without decoding it; it checks the token first too.
    @Test func aKeptLinkMatchReplyIsNotSentOnARevokedToken() throws {
        let f = try AccessFixture()
        var adviser = try #require(f.sessions["adviser"])
        var m = Peerlink_V1_LinkMatch()
        m.urn = Int32(AccessFixture.school.c)
        m.area = "maths"
        #expect(error(f.call(.linkMatch(m), &adviser)) == nil)
        #expect(error(f.call(.linkMatch(m), &adviser)) == nil)
        #expect(f.dispatcher.replyCacheFigures.hits == 1, "the second match came from the kept reply")
        try revoke(f, tokenOf: "adviser")
        let refused = f.call(.linkMatch(m), &adviser)
        #expect(error(refused)?.code == "unauthenticated" && refused.closed)
        #expect(f.dispatcher.replyCacheFigures.hits == 1)
    }

    @Test func anExpiredTokenIsRefusedOnTheNextRequest() throws {
        let f = try AccessFixture()
        var admin = try #require(f.sessions["admin"])
        var t = Peerlink_V1_TokenCreate()
        t.role = "adviser"
        t.expiresAt = AccessFixture.now + 1000
        let secret = try f.ok(.tokenCreate(t), &admin).tokenCreate.secret
        var s = Session(id: 500, transport: .tcp)
        var hello = Peerlink_V1_Hello()
        hello.token = secret
        try f.ok(.hello(hello), &s)
        #expect(error(f.call(.ping(Peerlink_V1_Ping()), &s)) == nil)
        f.dispatcher.clock = { AccessFixture.now + 1000 }
        let refused = f.call(.ping(Peerlink_V1_Ping()), &s)
        #expect(error(refused)?.code == "unauthenticated" && error(refused)?.message.contains("expired") == true)
        #expect(refused.closed)
    }

    @Test func aTokenOverItsRateGetsLimitExceededWithWhenToRetry() throws {
        var config = ServerConfig()
        config.rateLimit = RateLimit(perSecond: 2, burst: 10)
        let f = try AccessFixture(config: config)
        var head = try #require(f.sessions["headB"])
        // Hello and the fixture's requests used some of the burst; drain the rest.
        var refused: Peerlink_V1_Error?
        for _ in 0..<20 {
            refused = error(f.call(.ping(Peerlink_V1_Ping()), &head))
            if refused != nil { break }
        }
        let e = try #require(refused)
        #expect(e.code == "limit_exceeded")
        #expect(e.message.contains("retry after") && e.message.hasSuffix(" s"), "\(e.message)")
        // The admin socket is never limited.
        var admin = try #require(f.sessions["admin"])
        for _ in 0..<20 { #expect(error(f.call(.ping(Peerlink_V1_Ping()), &admin)) == nil) }
    }

    @Test func longStringsAndListsAreRefusedBeforeAnyHandler() throws {
        let f = try AccessFixture()
        var supporter = try #require(f.sessions["supporterA"])
        var search = Peerlink_V1_SchoolSearch()
        search.text = String(repeating: "a", count: 30_000)
        let e = try #require(error(f.call(.schoolSearch(search), &supporter)))
        #expect(e.code == "bad_request" && e.field == "text")
        search.text = String(repeating: "b", count: 201)
        #expect(error(f.call(.schoolSearch(search), &supporter))?.field == "text")

        var admin = try #require(f.sessions["admin"])
        var n = Peerlink_V1_NominationCreate()
        n.urn = Int32(AccessFixture.school.a)
        n.name = "Long Area"
        n.email = "long@hill.sch.uk"
        n.role = "Teacher"
        n.consent = true
        var a = Peerlink_V1_NominatedArea()
        a.area = String(repeating: "x", count: 250_000)
        n.areas = [a]
        let area = try #require(error(f.call(.nominationCreate(n), &admin)))
        #expect(area.code == "bad_request" && area.field == "area")
        a.area = String(repeating: "x", count: 101)
        n.areas = [a]
        #expect(error(f.call(.nominationCreate(n), &admin))?.code == "bad_request")

        var network = Peerlink_V1_LocalNetworkAdd()
        network.name = "Big"
        network.urns = Array(repeating: Int32(AccessFixture.school.a), count: 1001)
        #expect(error(f.call(.networkAdd(network), &admin))?.code == "bad_request")

        var match = Peerlink_V1_LinkMatch()
        match.urn = Int32(AccessFixture.school.c)
        match.area = "maths"
        match.maxKm = .nan
        #expect(error(f.call(.linkMatch(match), &admin))?.code == "bad_request")
        #expect(f.dispatcher.directory.people.values.allSatisfy { $0.email != "long@hill.sch.uk" })
    }

    @Test func datesOutside1900To2200AreRefusedEverywhereAndArithmeticNeverCrashes() throws {
        let f = try AccessFixture()
        var admin = try #require(f.sessions["admin"])
        var c = Peerlink_V1_CohortCreate()
        c.name = "Far future"
        c.start = "9999-06-01"
        let e = try #require(error(f.call(.cohortCreate(c), &admin)))
        #expect(e.code == "bad_request" && e.field == "start")
        #expect(f.dispatcher.directory.cohorts.cohorts.count == 1)
        #expect(Day(iso: "9999-06-01") == nil && Day(iso: "1899-12-31") == nil && Day(iso: "2200-12-31") != nil)
        // A date stored before the range was enforced still loads, and a year after it is no crash.
        let stored = try #require(Day(iso: "9999-06-01", years: Day.calendarYears))
        #expect(stored.adding(months: 12).year == 10000)
        #expect(Day(year: 2026, month: 1, day: 31)?.adding(months: -13).description == "2024-12-31")
        var meeting = Peerlink_V1_EngagementMeetingAdd()
        meeting.engagementID = f.engagementA
        meeting.start = "9999-06-01T10:00"
        meeting.minutes = 30
        #expect(error(f.call(.engagementMeeting(meeting), &admin))?.code == "bad_request")
        var token = Peerlink_V1_TokenCreate()
        token.role = "adviser"
        token.expiresAt = Int64.max
        #expect(error(f.call(.tokenCreate(token), &admin))?.field == "expires_at")
    }

    @Test func aHeadHoldsOneOpenRequestAndOneActiveEngagementAndStartsOnlyFromAnOffer() throws {
        let f = try AccessFixture()
        var head = try #require(f.sessions["headA"])
        var admin = try #require(f.sessions["admin"])
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.headA
        let request = try f.ok(.supportRequest(sr), &head).supportRequest.id
        let second = try #require(error(f.call(.supportRequest(sr), &head)))
        #expect(second.code == "limit_exceeded")
        // Not offered yet: the authority's match has not run for this request.
        var start = Peerlink_V1_EngagementStart()
        start.requestID = request
        start.supporterID = f.profileB
        let notOffered = try #require(error(f.call(.engagementStart(start), &head)))
        #expect(notOffered.code == "forbidden" && notOffered.message.contains("was not offered"))
        var match = Peerlink_V1_SupporterMatch()
        match.requestID = request
        let offered = try f.ok(.supporterMatch(match), &admin).supporterMatch.hits.map(\.profile.supporterID)
        #expect(offered.contains(f.profileB))
        try f.ok(.engagementStart(start), &head)
        // One active engagement: a new request may be made, but not started.
        let next = try f.ok(.supportRequest(sr), &head).supportRequest.id
        match.requestID = next
        try f.ok(.supporterMatch(match), &admin)
        start.requestID = next
        start.supporterID = f.profileA
        #expect(error(f.call(.engagementStart(start), &head))?.code == "limit_exceeded")
        // An admin is not held to it.
        #expect(error(f.call(.engagementStart(start), &admin)) == nil)
    }

    @Test func aHeadsRefusedStartStatesTheRuleAndNamesNoOne() throws {
        let f = try AccessFixture()
        var head = try #require(f.sessions["headA"])
        var admin = try #require(f.sessions["admin"])
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.headA
        let request = try f.ok(.supportRequest(sr), &head).supportRequest.id
        var match = Peerlink_V1_SupporterMatch()
        match.requestID = request
        try f.ok(.supporterMatch(match), &admin)
        var pause = Peerlink_V1_SupporterUpdate()
        pause.id = f.profileA
        pause.status = "paused"
        pause.trainingCompleted = ""
        try f.ok(.supporterUpdate(pause), &admin)
        var start = Peerlink_V1_EngagementStart()
        start.requestID = request
        start.supporterID = f.profileA
        let e = try #require(error(f.call(.engagementStart(start), &head)))
        #expect(e.code == "conflict")
        #expect(e.message.contains("not taking engagements"))
        for text in ["Cal Cedar", "Cedar Primary", "Beech Trust", "paused"] { #expect(!e.message.contains(text)) }
    }

    @Test func aHeadRecordsOnlyThemselvesAsTheNominatingHead() throws {
        let f = try AccessFixture()
        var head = try #require(f.sessions["headA"])
        var n = Peerlink_V1_NominationCreate()
        n.urn = Int32(AccessFixture.school.a)
        n.name = "Oli Own"
        n.email = "oli@hill.sch.uk"
        n.role = "English lead"
        n.consent = true
        n.nominatedBy = f.headB
        var a = Peerlink_V1_NominatedArea()
        a.area = "english"
        n.areas = [a]
        let e = try #require(error(f.call(.nominationCreate(n), &head)))
        #expect(e.code == "forbidden" && e.field == "nominated_by")
        n.clearNominatedBy()
        let made = try f.ok(.nominationCreate(n), &head).nominationCreate.nomination
        #expect(made.nominatedBy == f.headA)
        // Their own colleague, as recorded, may be nominated again; renamed, not.
        n.areas[0].area = "maths"
        #expect(error(f.call(.nominationCreate(n), &head)) == nil)
        n.name = "Oliver Own"
        #expect(error(f.call(.nominationCreate(n), &head))?.code == "forbidden")
    }

    @Test func anAdviserSeesANomineesNameRoleAndSchoolOnly() throws {
        let f = try AccessFixture()
        var adviser = try #require(f.sessions["adviser"])
        var get = Peerlink_V1_PersonGet()
        get.id = f.nomineeA
        let v = try f.ok(.personGet(get), &adviser).personGet
        #expect(v.person.name == "Nia Nominee" && v.person.role == "Maths lead" && v.schoolName == "Hill Primary")
        #expect(v.person.email.isEmpty && !v.hasSupporterID)
        get.id = f.headA
        let refused = try #require(error(f.call(.personGet(get), &adviser)))
        get.id = 9999
        #expect(error(f.call(.personGet(get), &adviser))?.message == refused.message.replacingOccurrences(of: "person \(f.headA)", with: "person 9999"))
    }
}
