import Foundation
import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import SwiftProtobuf
import Testing

@testable import PeerlinkServer

/// A directory holding every kind of confidential record, built through the dispatcher as clients would, with
/// a session for each kind of caller.
///
/// Two heads (A at Hill Primary, B at Vale Primary), each with a nominee at their school, a needs assessment and
/// a target, a support request, an engagement (with a meeting, closed, with feedback) with one of two
/// supporters; a cohort A applied to; a link request of A's. Every name, email and text is distinctive, so a
/// reply's text format shows at once whose data it carries.
final class AccessFixture {
    let store: Store
    let dispatcher: Dispatcher
    static let now: Int64 = 1_790_000_000  // Monday 2026-09-21

    // People (ids in creation order).
    let headA: Int64 = 1, headB: Int64 = 2, supporterPersonA: Int64 = 3, supporterPersonB: Int64 = 4
    var nomineeA: Int64 = 0, nomineeB: Int64 = 0
    var profileA: Int64 = 0, profileB: Int64 = 0
    var requestA: Int64 = 0, requestB: Int64 = 0
    var engagementA: Int64 = 0, engagementB: Int64 = 0
    /// The meeting recorded on engagement B.
    var meetingB: Int64 = 0
    var targetA: Int64 = 0, targetB: Int64 = 0
    var nominationA: Int64 = 0, nominationB: Int64 = 0
    var linkRequestA: Int64 = 0
    var spareToken: Int64 = 0

    /// The callers of the matrix, by name.
    var sessions: [String: Session] = [:]
    private var nextSession = 10

    static let school = (a: 100001, b: 100002, c: 100003, d: 100004)

    /// Distinctive text of each record, and who it belongs to.
    static let secrets: [(owner: String, text: String)] = [
        ("headA", "ada@hill.sch.uk"), ("headA", "Ada Alpha"), ("headA", "2024-09-01"),
        ("headB", "bea@vale.sch.uk"), ("headB", "Bea Beta"), ("headB", "2023-09-01"),
        ("supporterA", "cal@cedar.sch.uk"), ("supporterA", "Cal Cedar"), ("supporterA", "COACHING-RECORD-P1"),
        ("supporterB", "dot@elm.sch.uk"), ("supporterB", "Dot Elm"), ("supporterB", "COACHING-RECORD-P2"),
        ("nomineeA", "nia@hill.sch.uk"), ("nomineeA", "Nia Nominee"),
        ("nomineeB", "ned@vale.sch.uk"), ("nomineeB", "Ned Nominee"),
        ("feedbackA", "FEEDBACK-COMMENT-A"), ("feedbackB", "FEEDBACK-COMMENT-B"),
        ("needsA", "TARGET-TEXT-A"), ("needsA", "CRITERIA-A"), ("needsB", "TARGET-TEXT-B"), ("needsB", "CRITERIA-B"),
        ("needsA", "REVIEW-NOTE-A"),
    ]

    init(config: ServerConfig = ServerConfig()) throws {
        store = try Store(path: ":memory:")
        let d = try store.loadDirectory()
        dispatcher = Dispatcher(directory: d, version: "test", config: config, clock: { AccessFixture.now })
        var admin = Session(id: 1, transport: .unixSocket)
        sessions["admin"] = admin

        func school(_ urn: Int, _ name: String, la: Int, trust: String) -> WireRequest.OneOf_Operation {
            var s = Peerlink_V1_SchoolUpsert()
            s.school.urn = Int32(urn)
            s.school.name = name
            s.school.phase = "primary"
            s.school.laCode = Int32(la)
            s.school.laName = la == 936 ? "Surrey" : "Hampshire"
            s.school.region = "South East"
            s.school.trust = trust
            s.school.inspection = "good"
            s.school.pupils = 210
            s.school.type = "Community school"
            s.school.typeGroup = "Local authority maintained schools"
            return .schoolUpsert(s)
        }
        try ok(school(Self.school.a, "Hill Primary", la: 936, trust: "Oak Trust"), &admin)
        try ok(school(Self.school.b, "Vale Primary", la: 936, trust: "Ash Trust"), &admin)
        try ok(school(Self.school.c, "Cedar Primary", la: 850, trust: "Beech Trust"), &admin)
        try ok(school(Self.school.d, "Elm Primary", la: 850, trust: "Elm Trust"), &admin)

        func person(_ name: String, _ email: String, _ urn: Int, _ start: String, npqh: String) -> WireRequest.OneOf_Operation {
            var p = Peerlink_V1_PersonCreate()
            p.person.name = name
            p.person.email = email
            p.person.urn = Int32(urn)
            p.person.role = "Headteacher"
            p.person.headshipStart = start
            p.person.npqh = npqh
            return .personCreate(p)
        }
        try ok(person("Ada Alpha", "ada@hill.sch.uk", Self.school.a, "2024-09-01", npqh: "completed"), &admin)
        try ok(person("Bea Beta", "bea@vale.sch.uk", Self.school.b, "2023-09-01", npqh: "in-progress"), &admin)
        try ok(person("Cal Cedar", "cal@cedar.sch.uk", Self.school.c, "2012-09-01", npqh: "completed"), &admin)
        try ok(person("Dot Elm", "dot@elm.sch.uk", Self.school.d, "2013-09-01", npqh: "completed"), &admin)

        func profile(_ person: Int64, _ coaching: String) -> WireRequest.OneOf_Operation {
            var s = Peerlink_V1_SupporterCreate()
            s.profile.personID = person
            s.profile.summary = "Led a primary through change"
            s.profile.skills = ["school-improvement", "curriculum-and-assessment"]
            s.profile.trainingCompleted = "2025-06-30"
            s.profile.coachingRecord = coaching
            s.profile.knowsLocalProcesses = true
            s.profile.capacity = 2
            return .supporterCreate(s)
        }
        profileA = try ok(profile(supporterPersonA, "COACHING-RECORD-P1"), &admin).supporterCreate.profile.id
        profileB = try ok(profile(supporterPersonB, "COACHING-RECORD-P2"), &admin).supporterCreate.profile.id

        // Tokens, and a session that said Hello with each.
        var tokens: [String: String] = [:]
        func token(_ name: String, _ role: String, _ person: Int64?, expires: Int64? = nil) throws -> Int64 {
            var t = Peerlink_V1_TokenCreate()
            t.role = role
            if let person { t.personID = person }
            if let expires { t.expiresAt = expires }
            let created = try ok(.tokenCreate(t), &admin).tokenCreate
            tokens[name] = created.secret
            return created.token.id
        }
        _ = try token("adviser", "adviser", nil)
        _ = try token("headA", "head", headA)
        _ = try token("headB", "head", headB)
        _ = try token("supporterA", "supporter", supporterPersonA)
        _ = try token("supporterB", "supporter", supporterPersonB)
        let revoked = try token("revoked", "head", headA)
        _ = try token("expired", "admin", nil, expires: Self.now + 60)
        spareToken = try token("spare", "adviser", nil)
        for (name, secret) in tokens where name != "spare" {
            var s = Session(id: nextSession, transport: .tcp)
            nextSession += 1
            var hello = Peerlink_V1_Hello()
            hello.token = secret
            _ = try ok(.hello(hello), &s)
            sessions[name] = s
        }
        sessions["none"] = Session(id: 99, transport: .tcp)
        var revoke = Peerlink_V1_TokenRevoke()
        revoke.id = revoked
        try ok(.tokenRevoke(revoke), &admin)

        // Nominations.
        func nominate(_ urn: Int, _ name: String, _ email: String) -> WireRequest.OneOf_Operation {
            var n = Peerlink_V1_NominationCreate()
            n.urn = Int32(urn)
            n.name = name
            n.email = email
            n.role = "Maths lead"
            n.consent = true
            var a = Peerlink_V1_NominatedArea()
            a.area = "maths"
            a.strength = "KS2 reasoning"
            n.areas = [a]
            return .nominationCreate(n)
        }
        let na = try ok(nominate(Self.school.a, "Nia Nominee", "nia@hill.sch.uk"), &admin).nominationCreate.nomination
        nominationA = na.id
        nomineeA = na.personID
        let nb = try ok(nominate(Self.school.b, "Ned Nominee", "ned@vale.sch.uk"), &admin).nominationCreate.nomination
        nominationB = nb.id
        nomineeB = nb.personID

        var lr = Peerlink_V1_LinkRequestCreate()
        lr.urn = Int32(Self.school.a)
        lr.area = "maths"
        linkRequestA = try ok(.linkRequest(lr), &admin).linkRequest.id

        // Needs, targets, requests, engagements with a meeting, closed, with feedback (B's shared).
        var headSessionA = sessions["headA"]!
        var headSessionB = sessions["headB"]!
        for (head, tag) in [(headA, "A"), (headB, "B")] {
            var assess = Peerlink_V1_NeedsAssess()
            assess.headID = head
            assess.ratings = ["school-culture", "teaching", "curriculum-and-assessment", "behaviour", "additional-and-send",
                "professional-development", "organisational-management", "school-improvement", "working-in-partnership",
                "governance-and-accountability"].map { area in
                var r = Peerlink_V1_NeedsRating()
                r.area = area
                r.rating = area == "school-improvement" ? "priority-need" : "secure"
                return r
            }
            try ok(.needsAssess(assess), &admin)
            var target = Peerlink_V1_TargetAdd()
            target.headID = head
            target.area = "school-improvement"
            target.text = "TARGET-TEXT-\(tag)"
            target.successCriteria = "CRITERIA-\(tag)"
            target.due = "2027-07-20"
            let t = try ok(.targetAdd(target), &admin).targetAdd.id
            if tag == "A" { targetA = t } else { targetB = t }
        }
        var review = Peerlink_V1_TargetReviewAdd()
        review.targetID = targetA
        review.rating = "developing"
        review.note = "REVIEW-NOTE-A"
        try ok(.targetReview(review), &admin)

        for (head, profile, tag) in [(headA, profileA, "A"), (headB, profileB, "B")] {
            var sr = Peerlink_V1_SupportRequestCreate()
            sr.headID = head
            var headSession = tag == "A" ? headSessionA : headSessionB
            let request = try ok(.supportRequest(sr), &headSession).supportRequest.id
            var match = Peerlink_V1_SupporterMatch()
            match.requestID = request
            let offered = try ok(.supporterMatch(match), &admin).supporterMatch
            #expect(offered.hits.contains { $0.profile.supporterID == profile }, "the match offers supporter \(profile)")
            var start = Peerlink_V1_EngagementStart()
            start.requestID = request
            start.supporterID = profile
            start.date = "2026-09-14"  // a week before the fixture's today, so its meeting has already happened
            let e = try ok(.engagementStart(start), &headSession).engagementStart.engagement.id
            var meeting = Peerlink_V1_EngagementMeetingAdd()
            meeting.engagementID = e
            meeting.start = "2026-09-15T10:00"
            meeting.minutes = 60
            let recorded = try ok(.engagementMeeting(meeting), &admin).engagementMeeting.meetings.last?.id ?? 0
            var close = Peerlink_V1_EngagementClose()
            close.engagementID = e
            try ok(.engagementClose(close), &admin)
            var feedback = Peerlink_V1_FeedbackGive()
            feedback.engagementID = e
            feedback.rating = 4
            feedback.comment = "FEEDBACK-COMMENT-\(tag)"
            feedback.share = tag == "B"
            try ok(.engagementFeedback(feedback), &headSession)
            if tag == "A" {
                requestA = request
                engagementA = e
                headSessionA = headSession
            } else {
                requestB = request
                engagementB = e
                meetingB = recorded
                headSessionB = headSession
            }
        }
        // A second, open request of A's (so a start, decline or match has something to act on).
        var cohort = Peerlink_V1_CohortCreate()
        cohort.name = "Spring 2027"
        cohort.start = "2027-01-04"
        try ok(.cohortCreate(cohort), &admin)
        var apply = Peerlink_V1_CohortApply()
        apply.cohort = "Spring 2027"
        try ok(.cohortApply(apply), &headSessionA)
        sessions["headA"] = headSessionA
        sessions["headB"] = headSessionB
        // From here on the expired token is past its time.
        dispatcher.clock = { AccessFixture.now + 120 }
    }

    /// Sends one request as `session` and returns its reply, committing a write first.
    @discardableResult
    func call(_ op: WireRequest.OneOf_Operation, _ session: inout Session, id: UInt64 = 7) -> (WireResponse, closed: Bool) {
        var r = WireRequest()
        r.id = id
        r.operation = op
        let inbox = Inbox()
        // As a connection sends it: the frame path, where kept link-match replies are answered.
        let frame: [UInt8] = (try? r.serializedBytes()) ?? []
        switch dispatcher.handle(frame: frame[...], session: &session, sink: inbox) {
        case .reply(let response, let close): return (response, close)
        case .encodedReply(let body): return ((try? WireResponse(frame: body[...])) ?? WireResponse(), false)
        case .keptReply(let id, let kept):
            var bytes: [UInt8] = []
            ReusableReply.appendHead(id: id, restCount: kept.bytes.count, to: &bytes)
            bytes.removeFirst(4)
            bytes += kept.bytes
            return ((try? WireResponse(frame: bytes[...])) ?? WireResponse(), false)
        case .deferred:
            while let batch = dispatcher.nextBatch() {
                dispatcher.batchCommitted(store.commit(batch), storeBytes: 0)
            }
            return (inbox.replies.last ?? WireResponse(), false)
        case .offloaded, .waitForReads:
            Issue.record("this dispatcher has no reader threads")
            return (WireResponse(), false)
        }
    }

    /// `call`, failing the fixture when the request is refused.
    @discardableResult
    func ok(_ op: WireRequest.OneOf_Operation, _ session: inout Session) throws -> WireResponse {
        let (reply, _) = call(op, &session)
        if case .error(let e)? = reply.result {
            throw FixtureError(message: "\(OperationTable.operationName(op)) refused: \(e.code) \(e.message)")
        }
        return reply
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Every operation in the dispatch table × every kind of caller: a refusal, or a reply holding only what that
/// caller may see.
struct AccessMatrixTests {
    /// The callers, in the order they are tried on each operation's fresh fixture (admin last: its writes may
    /// change what the others would see).
    static let roles = ["none", "revoked", "expired", "adviser", "headA", "headB", "supporterA", "supporterB", "admin"]

    /// What each caller may see of the fixture's distinctive text (by owner, as in `AccessFixture.secrets`).
    static let maySee: [String: Set<String>] = [
        "admin": ["headA", "headB", "supporterA", "supporterB", "nomineeA", "nomineeB", "feedbackA", "feedbackB",
                  "needsA", "needsB"],
        // Advisers: nominees (the links work), and heads' names in cohort groups, but never heads' contact or
        // headship details, supporters, feedback or needs.
        "adviser": ["nomineeA", "nomineeB", "headNames"],
        "headA": ["headA", "nomineeA", "feedbackA", "needsA"],
        "headB": ["headB", "nomineeB", "feedbackB", "needsB"],
        "supporterA": ["supporterA"],
        // Head B shared their feedback with supporter B.
        "supporterB": ["supporterB", "feedbackB"],
    ]

    /// A sample request for every operation, aimed where a leak would show: at head A's or B's records.
    static func sample(_ name: String, _ f: AccessFixture) -> WireRequest.OneOf_Operation? {
        switch name {
        case "hello":
            var h = Peerlink_V1_Hello()
            h.token = "plk_not_a_token"
            return .hello(h)
        case "ping": return .ping(Peerlink_V1_Ping())
        case "stats": return .stats(Peerlink_V1_StatsRequest())
        case "school_upsert":
            var s = Peerlink_V1_SchoolUpsert()
            s.school.urn = Int32(AccessFixture.school.a)
            s.school.name = "Hill Primary"
            s.school.phase = "primary"
            s.school.laCode = 936
            s.school.laName = "Surrey"
            return .schoolUpsert(s)
        case "school_get":
            var s = Peerlink_V1_SchoolGet()
            s.urn = Int32(AccessFixture.school.b)
            return .schoolGet(s)
        case "school_search":
            var s = Peerlink_V1_SchoolSearch()
            s.text = "primary"
            return .schoolSearch(s)
        case "area_list": return .areaList(Peerlink_V1_AreaList())
        case "nomination_create":
            // The takeover: head B's email nominated at A's school under another name and role.
            var n = Peerlink_V1_NominationCreate()
            n.urn = Int32(AccessFixture.school.a)
            n.name = "Renamed"
            n.email = "bea@vale.sch.uk"
            n.role = "Cleaner"
            n.consent = true
            var a = Peerlink_V1_NominatedArea()
            a.area = "maths"
            n.areas = [a]
            return .nominationCreate(n)
        case "nomination_update":
            var n = Peerlink_V1_NominationUpdate()
            n.id = f.nominationB
            n.capacity = 3
            return .nominationUpdate(n)
        case "nomination_withdraw":
            var n = Peerlink_V1_NominationWithdraw()
            n.id = f.nominationB
            return .nominationWithdraw(n)
        case "nomination_list":
            var n = Peerlink_V1_NominationList()
            n.urn = Int32(AccessFixture.school.b)
            return .nominationList(n)
        case "token_create":
            var t = Peerlink_V1_TokenCreate()
            t.role = "admin"
            return .tokenCreate(t)
        case "token_list": return .tokenList(Peerlink_V1_TokenList())
        case "token_revoke":
            var t = Peerlink_V1_TokenRevoke()
            t.id = f.spareToken
            return .tokenRevoke(t)
        case "import_schools":
            var i = Peerlink_V1_ImportSchools()
            i.dryRun = true
            return .importSchools(i)
        case "import_successions":
            var i = Peerlink_V1_ImportSuccessions()
            i.dryRun = true
            return .importSuccessions(i)
        case "import_inspections":
            var w = Peerlink_V1_Inspection()
            w.urn = 100001
            w.startDate = "2024-05-01"
            w.framework = "overall-effectiveness"
            w.overall = 2
            var i = Peerlink_V1_ImportInspections()
            i.inspections = [w]
            return .importInspections(i)
        case "import_calendar":
            var e = Peerlink_V1_CalendarEntry()
            e.kind = "bank-holiday"
            e.first = "2026-12-25"
            e.name = "Christmas Day"
            var i = Peerlink_V1_ImportCalendar()
            i.entries = [e]
            return .importCalendar(i)
        case "import_nominations":
            var i = Peerlink_V1_ImportNominations()
            i.header = ["School URN or name"]
            i.dryRun = true
            return .importNominations(i)
        case "link_match":
            var m = Peerlink_V1_LinkMatch()
            m.urn = Int32(AccessFixture.school.c)
            m.area = "maths"
            return .linkMatch(m)
        case "link_request":
            var l = Peerlink_V1_LinkRequestCreate()
            l.urn = Int32(AccessFixture.school.b)
            l.area = "english"
            return .linkRequest(l)
        case "link_request_cancel":
            var l = Peerlink_V1_LinkRequestCancel()
            l.id = f.linkRequestA
            return .linkRequestCancel(l)
        case "link_create":
            var l = Peerlink_V1_LinkCreate()
            l.requestID = f.linkRequestA
            l.nominationID = f.nominationB
            return .linkCreate(l)
        case "link_list": return .linkList(Peerlink_V1_LinkList())
        case "link_close":
            var l = Peerlink_V1_LinkClose()
            l.id = 1
            return .linkClose(l)
        case "network_add":
            var n = Peerlink_V1_LocalNetworkAdd()
            n.name = "Heads group"
            n.urns = [Int32(AccessFixture.school.a), Int32(AccessFixture.school.b)]
            return .networkAdd(n)
        case "network_list": return .networkList(Peerlink_V1_LocalNetworkList())
        case "coverage_report": return .coverageReport(Peerlink_V1_LinkCoverageRequest())
        case "person_create":
            var p = Peerlink_V1_PersonCreate()
            p.person.name = "New Person"
            p.person.email = "new@hill.sch.uk"
            p.person.urn = Int32(AccessFixture.school.a)
            return .personCreate(p)
        case "person_get":
            var p = Peerlink_V1_PersonGet()
            p.id = f.headB
            return .personGet(p)
        case "person_erase":
            var p = Peerlink_V1_PersonErase()
            p.id = f.headB
            return .personErase(p)
        case "backup":
            var b = Peerlink_V1_Backup()
            b.path = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-backup-\(UUID().uuidString).db").path
            return .backup(b)
        case "person_update":
            var p = Peerlink_V1_PersonUpdate()
            p.id = f.headB
            p.urn = Int32(AccessFixture.school.a)
            return .personUpdate(p)
        case "supporter_create":
            var s = Peerlink_V1_SupporterCreate()
            s.profile.personID = f.headB
            s.profile.summary = "x"
            s.profile.skills = ["teaching"]
            return .supporterCreate(s)
        case "supporter_update":
            var s = Peerlink_V1_SupporterUpdate()
            s.id = f.profileB
            s.capacity = 3
            return .supporterUpdate(s)
        case "supporter_list": return .supporterList(Peerlink_V1_SupporterList())
        case "supporter_get":
            var s = Peerlink_V1_SupporterGet()
            s.id = f.profileB
            return .supporterGet(s)
        case "supervision_add":
            var s = Peerlink_V1_SupervisionAdd()
            s.supporterID = f.profileB
            return .supervisionAdd(s)
        case "needs_assess":
            var n = Peerlink_V1_NeedsAssess()
            n.headID = f.headB
            return .needsAssess(n)
        case "target_add":
            var t = Peerlink_V1_TargetAdd()
            t.headID = f.headB
            t.area = "teaching"
            t.text = "x"
            t.due = "2027-01-01"
            return .targetAdd(t)
        case "target_review":
            var t = Peerlink_V1_TargetReviewAdd()
            t.targetID = f.targetB
            t.rating = "secure"
            return .targetReview(t)
        case "needs_show":
            var n = Peerlink_V1_NeedsShow()
            n.headID = f.headB
            return .needsShow(n)
        case "support_request":
            var s = Peerlink_V1_SupportRequestCreate()
            s.headID = f.headB
            return .supportRequest(s)
        case "supporter_match":
            var s = Peerlink_V1_SupporterMatch()
            s.requestID = f.requestB
            return .supporterMatch(s)
        case "support_decline":
            var s = Peerlink_V1_SupportDecline()
            s.requestID = f.requestB
            s.supporterID = f.profileA
            return .supportDecline(s)
        case "engagement_start":
            var s = Peerlink_V1_EngagementStart()
            s.requestID = f.requestB
            s.supporterID = f.profileA
            return .engagementStart(s)
        case "invitation_create":
            var i = Peerlink_V1_InvitationCreate()
            i.personID = f.headB
            i.role = "head"
            return .invitationCreate(i)
        case "invitation_list": return .invitationList(Peerlink_V1_InvitationList())
        case "invitation_revoke":
            var i = Peerlink_V1_InvitationRevoke()
            i.id = 1
            return .invitationRevoke(i)
        case "invitation_redeem":
            var i = Peerlink_V1_InvitationRedeem()
            i.code = "not-a-code"
            return .invitationRedeem(i)
        case "outbox_claim": return .outboxClaim(Peerlink_V1_OutboxClaim())
        case "outbox_result":
            var o = Peerlink_V1_OutboxResult()
            o.id = 1
            o.sent = true
            return .outboxResult(o)
        case "sign_out":
            var o = Peerlink_V1_SignOut()
            o.tokenID = f.spareToken
            return .signOut(o)
        case "engagement_meeting_update":
            var m = Peerlink_V1_EngagementMeetingUpdate()
            m.meetingID = f.meetingB
            m.minutes = 45
            return .engagementMeetingUpdate(m)
        case "engagement_meeting_delete":
            var m = Peerlink_V1_EngagementMeetingDelete()
            m.meetingID = f.meetingB
            return .engagementMeetingDelete(m)
        case "area_add":
            var a = Peerlink_V1_AreaAdd()
            a.id = "matrix-theme"
            a.name = "Matrix theme"
            a.kind = "theme"
            return .areaAdd(a)
        case "area_alias":
            var a = Peerlink_V1_AreaAlias()
            a.area = "mathematics"
            a.alias = "Matrix maths"
            return .areaAlias(a)
        case "area_relate":
            var a = Peerlink_V1_AreaRelate()
            a.area = "statistics"
            a.related = "mathematics"
            return .areaRelate(a)
        case "engagement_meeting":
            var m = Peerlink_V1_EngagementMeetingAdd()
            m.engagementID = f.engagementB
            m.start = "2026-09-16T10:00"
            m.minutes = 30
            return .engagementMeeting(m)
        case "engagement_review":
            var r = Peerlink_V1_EngagementReviewAdd()
            r.engagementID = f.engagementB
            r.decision = "close"
            return .engagementReview(r)
        case "engagement_close":
            var c = Peerlink_V1_EngagementClose()
            c.engagementID = f.engagementB
            return .engagementClose(c)
        case "engagement_due": return .engagementDue(Peerlink_V1_EngagementDueRequest())
        case "engagement_feedback":
            var g = Peerlink_V1_FeedbackGive()
            g.engagementID = f.engagementB
            g.rating = 1
            return .engagementFeedback(g)
        case "feedback_get":
            var g = Peerlink_V1_FeedbackGet()
            g.engagementID = f.engagementA
            return .feedbackGet(g)
        case "engagement_escalate":
            var e = Peerlink_V1_EngagementEscalate()
            e.engagementID = f.engagementB
            return .engagementEscalate(e)
        case "engagement_get":
            var e = Peerlink_V1_EngagementGet()
            e.id = f.engagementB
            return .engagementGet(e)
        case "engagement_list": return .engagementList(Peerlink_V1_EngagementList())
        case "report_qa": return .reportQa(Peerlink_V1_QAReportRequest())
        case "cohort_create":
            var c = Peerlink_V1_CohortCreate()
            c.name = "Autumn 2027"
            c.start = "2027-09-01"
            return .cohortCreate(c)
        case "cohort_apply":
            var c = Peerlink_V1_CohortApply()
            c.cohort = "Spring 2027"
            c.personID = f.headB
            return .cohortApply(c)
        case "cohort_withdraw":
            var c = Peerlink_V1_CohortWithdraw()
            c.cohort = "Spring 2027"
            c.personID = f.headA
            return .cohortWithdraw(c)
        case "cohort_facilitator_add":
            var c = Peerlink_V1_CohortFacilitatorAdd()
            c.cohort = "Spring 2027"
            c.personID = f.supporterPersonA
            c.maxGroups = 1
            return .cohortFacilitatorAdd(c)
        case "cohort_get":
            var c = Peerlink_V1_CohortGet()
            c.cohort = "Spring 2027"
            return .cohortGet(c)
        case "cohort_list": return .cohortList(Peerlink_V1_CohortList())
        case "cohort_form":
            var c = Peerlink_V1_CohortForm()
            c.cohort = "Spring 2027"
            return .cohortForm(c)
        case "cohort_plan":
            var c = Peerlink_V1_CohortForm()
            c.cohort = "Spring 2027"
            return .cohortPlan(c)
        case "cohort_sessions":
            var c = Peerlink_V1_CohortSessions()
            c.cohort = "Spring 2027"
            return .cohortSessions(c)
        case "audit_list": return .auditList(Peerlink_V1_AuditList())
        case "person_calendar":
            // Head B's calendar: the meeting of engagement B; only head B and admins may read it.
            var c = Peerlink_V1_PersonCalendar()
            c.personID = f.headB
            return .personCalendar(c)
        default: return nil
        }
    }

    /// Text that must not appear in `role`'s reply.
    static func forbidden(for role: String, _ f: AccessFixture) -> [String] {
        let allowed = maySee[role] ?? []
        var out = AccessFixture.secrets.filter { s in
            if allowed.contains(s.owner) { return false }
            // Advisers see heads' names in cohort groups (not their emails or headship dates).
            if allowed.contains("headNames"), s.text == "Ada Alpha" || s.text == "Bea Beta" { return false }
            return true
        }.map(\.text)
        // Peer-support records of another head or supporter, by their ids as the text format writes them.
        switch role {
        case "headA": out += ["head_id: \(f.headB)", "profile_id: \(f.profileA)", "profile_id: \(f.profileB)"]
        case "headB": out += ["head_id: \(f.headA)", "profile_id: \(f.profileA)", "profile_id: \(f.profileB)"]
        case "supporterA": out += ["head_id: \(f.headB)", "profile_id: \(f.profileB)"]
        case "supporterB": out += ["head_id: \(f.headA)", "profile_id: \(f.profileA)"]
        case "adviser": out += ["head_id:", "profile_id:", "supporter_id:", "headship_start:", "npqh:"]
        default: break
        }
        if role != "admin" {
            // Peer-support figures in stats.
            out += ["key: \"engagements\"", "key: \"support_requests\"", "key: \"engagement_start\"", "key: \"feedback\""]
        }
        return out
    }

    @Test func everyOperationHasASampleRequest() throws {
        let f = try AccessFixture()
        let missing = OperationTable.specs.keys.sorted().filter { Self.sample($0, f) == nil }
        #expect(missing.isEmpty, "add a sample request to AccessMatrixTests.sample for: \(missing)")
        for name in OperationTable.specs.keys {
            if let op = Self.sample(name, f) { #expect(OperationTable.operationName(op) == name) }
        }
    }

    @Test(arguments: OperationTable.specs.keys.sorted())
    func everyCallerGetsARefusalOrOnlyWhatItMaySee(operation: String) throws {
        let f = try AccessFixture()
        guard let op = Self.sample(operation, f) else {
            Issue.record("no sample request for \(operation)")
            return
        }
        let people = f.dispatcher.directory.people
        for role in Self.roles {
            var session = try #require(f.sessions[role])
            let (reply, closed) = f.call(op, &session)
            if role != "admin" {
                // A person's school, role and identity change only through admins.
                for (id, before) in people {
                    #expect(f.dispatcher.directory.people[id] == before, "\(operation) as \(role) changed person \(id)")
                }
            }
            let refused: Bool
            if case .error(let e)? = reply.result {
                refused = true
                // A refusal is scoped like the data too.
                for text in Self.forbidden(for: role, f) where role != "admin" {
                    #expect(!e.message.contains(text), "\(operation) as \(role): the refusal mentions '\(text)': \(e.message)")
                }
                if ["none", "revoked", "expired"].contains(role) {
                    #expect(e.code == "unauthenticated", "\(operation) as \(role): \(e.code) \(e.message)")
                    #expect(closed, "\(operation) as \(role): the connection must close")
                }
            } else {
                refused = false
            }
            if ["none", "revoked", "expired"].contains(role) {
                #expect(refused, "\(operation) as \(role) must be refused")
                continue
            }
            if refused { continue }
            let text = reply.textFormatString()
            for secret in Self.forbidden(for: role, f) {
                #expect(!text.contains(secret), "\(operation) as \(role) shows '\(secret)'")
            }
        }
    }

    /// Heads read cohorts (the web's /cohorts page) scoped to their own place: A, who applied, sees their own
    /// application; B, who did not, sees the cohort and its counts but no one; a supporter reads no cohort.
    @Test func headsReadCohortsScopedToTheirOwnPlace() throws {
        let f = try AccessFixture()
        var get = Peerlink_V1_CohortGet()
        get.cohort = "Spring 2027"
        var a = try #require(f.sessions["headA"])
        var b = try #require(f.sessions["headB"])
        var supporter = try #require(f.sessions["supporterA"])
        guard case .cohortGet(let mine)? = f.call(.cohortGet(get), &a).0.result,
            case .cohortGet(let theirs)? = f.call(.cohortGet(get), &b).0.result,
            case .cohortList(let listed)? = f.call(.cohortList(Peerlink_V1_CohortList()), &b).0.result
        else {
            Issue.record("a head's cohort_get or cohort_list was refused")
            return
        }
        #expect(mine.participants.map(\.person.id) == [f.headA])
        #expect(mine.participants.first?.person.email == "ada@hill.sch.uk")
        #expect(theirs.cohort.name == "Spring 2027" && theirs.participants.isEmpty && theirs.waitList.isEmpty)
        #expect(listed.cohorts.map(\.cohort.name) == ["Spring 2027"] && listed.cohorts.first?.participants == 1)
        guard case .error(let e)? = f.call(.cohortList(Peerlink_V1_CohortList()), &supporter).0.result else {
            Issue.record("a supporter read the cohort list")
            return
        }
        #expect(e.code == "forbidden")
    }

    /// The fixture's own sanity: the matrix would prove nothing if the records were not there.
    @Test func theFixtureHoldsEveryKindOfRecord() throws {
        let f = try AccessFixture()
        let ps = f.dispatcher.directory.peerSupport
        #expect(ps.engagements.count == 2 && ps.feedback.count == 2 && ps.targets.count == 2)
        #expect(ps.meetings(ofEngagement: f.engagementA).count == 1)
        #expect(f.dispatcher.directory.cohorts.cohorts.count == 1)
        #expect(f.dispatcher.directory.nominations.count == 2)
        // The admin sees it all, so the checks above do find the text when it is there.
        var admin = try #require(f.sessions["admin"])
        var get = Peerlink_V1_FeedbackGet()
        get.engagementID = f.engagementA
        #expect(f.call(.feedbackGet(get), &admin).0.textFormatString().contains("FEEDBACK-COMMENT-A"))
    }
}
