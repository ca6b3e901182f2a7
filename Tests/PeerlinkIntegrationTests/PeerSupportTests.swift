import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// Peer support against the real daemon: a whole cycle, and who can reach what.
@Suite(.serialized) struct PeerSupportTests {
    /// People and profiles every test here starts from (ids as the daemon allocates them on an empty file).
    struct Fixture {
        var head: Int64 = 0  // Ava, Ash Primary (Oak Trust, LA 936)
        var otherHead: Int64 = 0  // Olly, Oak Primary (LA 850)
        var sameTrustSupporter: Int64 = 0  // profile at Birch Primary (Oak Trust): never independent of Ava
        var cedarSupporter: Int64 = 0  // profile at Cedar Primary (LA 850)
        var elmSupporter: Int64 = 0  // profile at Elm Primary (LA 850)
        var elmPerson: Int64 = 0
        var cedarPerson: Int64 = 0
    }

    static let today = LondonTime.day(atUnixSeconds: Int64(Date().timeIntervalSince1970))

    /// The first day after `from` with the ISO weekday `weekday` (1 Monday … 7 Sunday).
    static func next(_ weekday: Int, after from: Day) -> Day {
        var d = from.adding(days: 1)
        while d.isoWeekday != weekday { d = d.adding(days: 1) }
        return d
    }

    /// Five weeks back, so the meetings recorded after it have happened (a meeting is recorded once held).
    static let saturday = next(6, after: today.adding(days: -35))
    /// The Wednesday after that weekend: a school holiday in this test's configuration.
    static let holiday = saturday.adding(days: 4)

    static func startDaemon() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        let config = daemon.directory.appendingPathComponent("peerlinkd.json")
        let json: [String: Any] = [
            "safeguarding_contact": "Sam Patel, safeguarding lead",
            "holidays_by_la": [
                "936": [["name": "Test holiday", "first": holiday.description, "last": holiday.description]]
            ],
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        try daemon.start(extraArguments: ["--config", config.path])
        return daemon
    }

    static func setUp(_ admin: PeerlinkClient) throws -> Fixture {
        var ash = sampleSchool(urn: 300001, name: "Ash Primary", phase: "primary")
        ash.trust = "Oak Trust"
        ash.pupils = 210
        var birch = sampleSchool(urn: 300002, name: "Birch Primary", phase: "primary")
        birch.trust = "Oak Trust"
        birch.inspection = "good"
        var cedar = sampleSchool(urn: 300003, name: "Cedar Primary", phase: "primary", la: 850)
        cedar.inspection = "outstanding"
        cedar.pupils = 190
        var elm = sampleSchool(urn: 300004, name: "Elm Primary", phase: "primary", la: 850)
        elm.inspection = "good"
        var oak = sampleSchool(urn: 300005, name: "Oak Primary", phase: "primary", la: 850)
        oak.inspection = "good"
        for s in [ash, birch, cedar, elm, oak] { try admin.upsert(s) }

        var f = Fixture()
        f.head = try admin.psPerson("Ava Head", "ava@ash.sch.uk", 300001, headshipStart: "2024-09-01")
        f.otherHead = try admin.psPerson("Olly Oak", "olly@oak.sch.uk", 300005, headshipStart: "2023-09-01")
        let ben = try admin.psPerson("Ben Birch", "ben@birch.sch.uk", 300002, headshipStart: "2010-09-01")
        f.cedarPerson = try admin.psPerson("Cat Cedar", "cat@cedar.sch.uk", 300003, headshipStart: "2012-09-01")
        f.elmPerson = try admin.psPerson("Dan Elm", "dan@elm.sch.uk", 300004, headshipStart: "2014-09-01")
        f.sameTrustSupporter = try admin.psSupporter(ben, skills: ["school-improvement"])
        f.cedarSupporter = try admin.psSupporter(f.cedarPerson, skills: ["school-improvement", "curriculum"])
        f.elmSupporter = try admin.psSupporter(f.elmPerson, skills: ["school-improvement"])
        return f
    }

    static func token(_ admin: PeerlinkClient, _ daemon: DaemonHarness, role: String, person: Int64?) throws
        -> PeerlinkClient
    {
        var r = Peerlink_V1_TokenCreate()
        r.role = role
        if let person { r.personID = person }
        guard case .tokenCreate(let t) = try admin.call(.tokenCreate(r)) else { throw HarnessError("no token") }
        return try PeerlinkClient(address: daemon.tcpAddress, token: t.secret, timeout: 10)
    }

    /// The refusal a call gets, or nil when it succeeds.
    static func refusal(_ body: () throws -> Void) -> PeerlinkError? {
        do {
            try body()
            return nil
        } catch let ClientError.server(e) {
            return e
        } catch {
            return PeerlinkError(.internal, "\(error)")
        }
    }

    static let allStandards = [
        "school-culture", "teaching", "curriculum-and-assessment", "behaviour", "additional-and-send",
        "professional-development", "organisational-management", "school-improvement", "working-in-partnership",
        "governance-and-accountability",
    ]

    @Test func wholeCycleFromNeedsToQualityReport() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try Self.setUp(admin)
        let sock = ["--socket", daemon.socketPath]
        let headClient = try Self.token(admin, daemon, role: "head", person: f.head)

        // Assess needs (the head, with their own token), then a target that gives the request its concerns.
        var assess = Peerlink_V1_NeedsAssess()
        assess.headID = f.head
        assess.ratings = Self.allStandards.map { a in
            var r = Peerlink_V1_NeedsRating()
            r.area = a
            r.rating = a == "school-improvement" ? "priority-need" : "3"
            return r
        }
        try headClient.call(.needsAssess(assess))
        let target = try daemon.cli(
            sock + [
                "needs", "target", "add", "--head", "\(f.head)", "--area", "school-improvement", "--text",
                "Write a three-year plan", "--due", Self.today.adding(days: 200).description, "--success-criteria",
                "Adopted by governors",
            ])
        #expect(target.status == 0, "\(target.err)")
        let needs = try daemon.cli(sock + ["needs", "show", "--head", "\(f.head)"])
        #expect(needs.out.contains("school-improvement") && needs.out.contains("priority-need"), "\(needs.out)")

        // Request: concerns default to the open target.
        let request = try daemon.cli(sock + ["support", "request", "--head", "\(f.head)", "--json"])
        #expect(request.status == 0, "\(request.err)")
        let requestObject = try #require(try JSONSerialization.jsonObject(with: Data(request.out.utf8)) as? [String: Any])
        let requestID = try #require(requestObject["id"] as? Int)
        #expect(requestObject["concerns"] as? [String] == ["school-improvement"])

        // Match: the same-trust supporter is never offered; the others are, with their school's context.
        var match = Peerlink_V1_SupporterMatch()
        match.requestID = Int64(requestID)
        guard case .supporterMatch(let first) = try admin.call(.supporterMatch(match)) else {
            throw HarnessError("no match")
        }
        #expect(Set(first.hits.map(\.profile.supporterID)) == [f.cedarSupporter, f.elmSupporter])
        // The removed are counted by rule; listed with their reasons only when the admin asks.
        #expect(first.excluded.isEmpty && first.excludedCounts["same-trust"] == 1, "\(first.excludedCounts)")
        var listing = match
        listing.listExcluded = true
        guard case .supporterMatch(let listed) = try admin.call(.supporterMatch(listing)) else {
            throw HarnessError("no match")
        }
        #expect(listed.excluded.contains { $0.supporterID == f.sameTrustSupporter && $0.reason.contains("same trust") })
        #expect(listed.excluded.count == listed.excludedCounts.values.reduce(0, +) && listed.hits == first.hits)
        // A head sees neither the list nor the counts.
        guard case .supporterMatch(let headView) = try headClient.call(.supporterMatch(match)) else {
            throw HarnessError("no match")
        }
        #expect(headView.hits == first.hits && headView.excluded.isEmpty && headView.excludedCounts.isEmpty)
        let refused = Self.refusal { _ = try headClient.call(.supporterMatch(listing)) }
        #expect(refused?.code == .forbidden && refused?.field == "list_excluded", "\(String(describing: refused))")
        let cliListed = try daemon.cli(sock + ["match", "supporter", "--request", "\(requestID)", "--show-excluded"])
        #expect(cliListed.status == 0 && cliListed.out.contains("same-trust 1") && cliListed.out.contains("same trust"),
                "\(cliListed.out)")
        let cedarCard = try #require(first.hits.first { $0.profile.supporterID == f.cedarSupporter })
        #expect(cedarCard.profile.phase == "primary" && cedarCard.profile.sizeBand == "100–249 pupils")
        #expect(cedarCard.reasons.contains("1 of 1 concern covered"))
        let cliMatch = try daemon.cli(sock + ["match", "supporter", "--request", "\(requestID)"])
        #expect(cliMatch.status == 0 && cliMatch.out.contains("reasons") && !cliMatch.out.contains("Cat Cedar"))

        // Decline Cedar (the head, own request): it is not offered again, and cannot be engaged.
        var decline = Peerlink_V1_SupportDecline()
        decline.requestID = Int64(requestID)
        decline.supporterID = f.cedarSupporter
        try headClient.call(.supportDecline(decline))
        guard case .supporterMatch(let second) = try admin.call(.supporterMatch(match)) else {
            throw HarnessError("no match")
        }
        #expect(second.hits.map(\.profile.supporterID) == [f.elmSupporter])
        let refusedStart = try daemon.cli(
            sock + ["engagement", "start", "--request", "\(requestID)", "--supporter", "\(f.cedarSupporter)"])
        #expect(refusedStart.status != 0 && refusedStart.err.contains("declined"), "\(refusedStart.err)")

        // Start with Elm.
        let start = try daemon.cli(
            sock + ["engagement", "start", "--request", "\(requestID)", "--supporter", "\(f.elmSupporter)", "--date",
                "\(Self.saturday.adding(days: -1))"])
        #expect(start.status == 0, "\(start.err)")
        let engagement = try #require(Int64(start.out.trimmingCharacters(in: .whitespacesAndNewlines)))

        // Meetings: a weekend, a holiday and a long first meeting are refused, each saying why.
        func meeting(_ day: Day, _ minutes: Int = 60) throws -> (status: Int32, out: String, err: String) {
            try daemon.cli(
                sock + ["engagement", "meeting", "\(engagement)", "--date", "\(day)T10:00", "--minutes", "\(minutes)",
                    "--mode", "online"])
        }
        let weekend = try meeting(Self.saturday)
        #expect(weekend.status == 1)
        #expect(weekend.err.contains("bad_request (date)") && weekend.err.contains("is a Saturday"), "\(weekend.err)")
        let holiday = try meeting(Self.holiday)
        #expect(holiday.err.contains("Test holiday") && holiday.err.contains("term time"), "\(holiday.err)")
        let monday = Self.saturday.adding(days: 2)
        let long = try meeting(monday, 90)
        #expect(long.err.contains("first meeting lasts at most 60 minutes"), "\(long.err)")
        let days = (0..<10).map { monday.adding(days: $0) }.filter { !$0.isWeekend && $0 != Self.holiday }
        for day in days.prefix(6) {
            let ok = try meeting(day)
            #expect(ok.status == 0, "\(day): \(ok.err)")
        }
        let seventh = try meeting(days[6])
        #expect(seventh.status == 1)
        #expect(seventh.err.contains("limit_exceeded") && seventh.err.contains("already has 6 meetings"), "\(seventh.err)")

        // A meeting recorded by mistake is deleted, and another corrected (admins; audited).
        let shown = try daemon.cli(sock + ["--json", "engagement", "show", "\(engagement)"])
        let view = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        let meetingIDs = try #require(view["meetings"] as? [[String: Any]]).compactMap { ($0["id"] as? String).flatMap(Int64.init) ?? ($0["id"] as? Int).map(Int64.init) }
        #expect(meetingIDs.count == 6, "\(shown.out)")
        let deleted = try daemon.cli(sock + ["engagement", "meeting", "delete", "\(meetingIDs[5])"])
        #expect(deleted.status == 0 && deleted.out.contains("has 5 meetings"), "\(deleted.out)\(deleted.err)")
        let replaced = try meeting(days[6])
        #expect(replaced.status == 0, "\(replaced.err)")
        let edited = try daemon.cli(sock + ["engagement", "meeting", "edit", "\(meetingIDs[4])", "--minutes", "45"])
        #expect(edited.status == 0, "\(edited.err)")
        let future = try daemon.cli(
            sock + ["engagement", "meeting", "edit", "\(meetingIDs[4])", "--date", "\(Self.today.adding(days: 3))T10:00"])
        #expect(future.status == 1 && future.err.contains("after today"), "\(future.err)")
        let audit = try daemon.cli(sock + ["audit"])
        #expect(audit.out.contains("engagement_meeting_delete") && audit.out.contains("engagement_meeting_update"))

        // Review, then close.
        let review = try daemon.cli(sock + ["engagement", "review", "\(engagement)", "--decision", "continue"])
        #expect(review.status == 0, "\(review.err)")
        let close = try daemon.cli(sock + ["engagement", "close", "\(engagement)"])
        #expect(close.status == 0 && close.out.contains("after 6 meetings"), "\(close.out)\(close.err)")

        // Feedback, not shared, by the head's token through the CLI.
        let address = "127.0.0.1:\(daemon.tcpPort)"
        var headToken = Peerlink_V1_TokenCreate()
        headToken.role = "head"
        headToken.personID = f.head
        guard case .tokenCreate(let ht) = try admin.call(.tokenCreate(headToken)) else { throw HarnessError("token") }
        let feedback = try daemon.cli(
            ["--server", address, "--token", ht.secret, "engagement", "feedback", "\(engagement)", "--rating", "4",
                "--comment", "Helped me plan"])
        #expect(feedback.status == 0 && feedback.out.contains("will not see it"), "\(feedback.err)")

        // The supporter's token cannot read it: the same refusal as if none had been given.
        let supporter = try Self.token(admin, daemon, role: "supporter", person: f.elmPerson)
        var get = Peerlink_V1_FeedbackGet()
        get.engagementID = engagement
        let hidden = Self.refusal { try supporter.call(.feedbackGet(get)) }
        #expect(hidden?.code == .forbidden)
        #expect(hidden?.message.contains("has been shared with you") == true)
        var show = Peerlink_V1_EngagementGet()
        show.id = engagement
        guard case .engagementGet(let seen) = try supporter.call(.engagementGet(show)) else {
            throw HarnessError("no engagement")
        }
        #expect(seen.meetings.count == 6 && !seen.hasFeedback)
        guard case .feedbackGet(let own) = try headClient.call(.feedbackGet(get)) else { throw HarnessError("none") }
        #expect(own.rating == 4 && !own.shared)

        // Escalation names the configured contact and nothing else.
        let escalate = try daemon.cli(sock + ["engagement", "escalate", "\(engagement)"])
        #expect(escalate.out.contains("Sam Patel, safeguarding lead"), "\(escalate.err)")

        // The QA report counts it, and never carries the comment.
        guard case .reportQa(let qa) = try admin.call(.reportQa(Peerlink_V1_QAReportRequest())) else {
            throw HarnessError("no report")
        }
        #expect(qa.closedEngagements == 1 && qa.meetings == 6 && qa.declines == 1)
        #expect(qa.feedback == 1 && qa.sharedFeedback == 0 && qa.ratingCounts == [0, 0, 0, 1, 0])
        #expect(qa.escalations == 1)
        let report = try daemon.cli(sock + ["report", "qa", "--json"])
        #expect(report.status == 0 && !report.out.contains("Helped me plan"))

        // Everything survives a restart.
        daemon.stop()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let after = try again.cli(["--socket", again.socketPath, "engagement", "show", "\(engagement)"])
        #expect(after.out.contains("closed") && after.out.contains("6 of 6") && after.out.contains("4/5 (not shared)"))
        let reportAfter = try again.cli(["--socket", again.socketPath, "report", "qa", "--json"])
        let qaAfter = try #require(try JSONSerialization.jsonObject(with: Data(reportAfter.out.utf8)) as? [String: Any])
        #expect(qaAfter["meetings"] as? Int == 6 && qaAfter["feedback"] as? Int == 1)
    }

    @Test func headAndSupporterTokensReachOnlyTheirOwn() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try Self.setUp(admin)
        let ava = try Self.token(admin, daemon, role: "head", person: f.head)
        let olly = try Self.token(admin, daemon, role: "head", person: f.otherHead)

        // Each head asks for support for themselves; Olly cannot ask for Ava.
        func request(_ c: PeerlinkClient, head: Int64) throws -> Int64 {
            var r = Peerlink_V1_SupportRequestCreate()
            r.headID = head
            r.concerns = ["school-improvement"]
            guard case .supportRequest(let v) = try c.call(.supportRequest(r)) else { throw HarnessError("none") }
            return v.id
        }
        let avaRequest = try request(ava, head: f.head)
        let ollyRequest = try request(olly, head: f.otherHead)
        #expect(Self.refusal { _ = try request(olly, head: f.head) }?.code == .forbidden)

        // Olly cannot decline or start on Ava's request, nor read Ava's needs.
        var decline = Peerlink_V1_SupportDecline()
        decline.requestID = avaRequest
        decline.supporterID = f.cedarSupporter
        let declined = Self.refusal { try olly.call(.supportDecline(decline)) }
        #expect(declined?.code == .forbidden && declined?.message.contains("is not one of yours") == true)
        var needs = Peerlink_V1_NeedsShow()
        needs.headID = f.head
        #expect(Self.refusal { try olly.call(.needsShow(needs)) }?.code == .forbidden)
        #expect(Self.refusal { try ava.call(.needsShow(needs)) } == nil)

        // Ava with Elm, Olly with Cedar (Elm is in Olly's trust-free LA 850 but different school; fine either way).
        func start(_ c: PeerlinkClient, _ request: Int64, _ supporter: Int64) throws -> Int64 {
            var r = Peerlink_V1_EngagementStart()
            r.requestID = request
            r.supporterID = supporter
            guard case .engagementStart(let v) = try c.call(.engagementStart(r)) else { throw HarnessError("none") }
            return v.engagement.id
        }
        // A head starts only with a supporter the authority's match offered for the request.
        #expect(Self.refusal { _ = try start(ava, avaRequest, f.elmSupporter) }?.code == .forbidden)
        var match = Peerlink_V1_SupporterMatch()
        match.requestID = avaRequest
        try admin.call(.supporterMatch(match))
        let avaEngagement = try start(ava, avaRequest, f.elmSupporter)
        let ollyEngagement = try start(admin, ollyRequest, f.cedarSupporter)

        func list(_ c: PeerlinkClient) throws -> [Int64] {
            guard case .engagementList(let l) = try c.call(.engagementList(Peerlink_V1_EngagementList())) else {
                throw HarnessError("none")
            }
            return l.engagements.map(\.engagement.id)
        }
        func get(_ c: PeerlinkClient, _ id: Int64) -> PeerlinkError? {
            var r = Peerlink_V1_EngagementGet()
            r.id = id
            return Self.refusal { try c.call(.engagementGet(r)) }
        }
        #expect(try list(ava) == [avaEngagement])
        #expect(try list(olly) == [ollyEngagement])
        #expect(get(ava, avaEngagement) == nil)
        #expect(get(ava, ollyEngagement)?.code == .forbidden)

        // A supporter's token reaches only their own engagements, and no head's needs or requests.
        let elm = try Self.token(admin, daemon, role: "supporter", person: f.elmPerson)
        #expect(try list(elm) == [avaEngagement])
        #expect(get(elm, avaEngagement) == nil)
        #expect(get(elm, ollyEngagement)?.code == .forbidden)
        #expect(Self.refusal { try elm.call(.needsShow(needs)) }?.code == .forbidden)
        var meeting = Peerlink_V1_EngagementMeetingAdd()
        meeting.engagementID = ollyEngagement
        meeting.start = "\(Self.saturday.adding(days: 2))T10:00"
        meeting.minutes = 60
        #expect(Self.refusal { try elm.call(.engagementMeeting(meeting)) }?.code == .forbidden)
        var supporterGet = Peerlink_V1_SupporterGet()
        supporterGet.id = f.cedarSupporter
        #expect(Self.refusal { try elm.call(.supporterGet(supporterGet)) }?.code == .forbidden)
        supporterGet.id = f.elmSupporter
        #expect(Self.refusal { try elm.call(.supporterGet(supporterGet)) } == nil)
    }

    @Test func adviserIsForbiddenEveryPeerSupportRead() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try Self.setUp(admin)
        var r = Peerlink_V1_SupportRequestCreate()
        r.headID = f.head
        r.concerns = ["school-improvement"]
        guard case .supportRequest(let request) = try admin.call(.supportRequest(r)) else { throw HarnessError("") }
        var s = Peerlink_V1_EngagementStart()
        s.requestID = request.id
        s.supporterID = f.elmSupporter
        guard case .engagementStart(let e) = try admin.call(.engagementStart(s)) else { throw HarnessError("") }
        let engagement = e.engagement.id

        let adviser = try Self.token(admin, daemon, role: "adviser", person: nil)
        var needs = Peerlink_V1_NeedsShow()
        needs.headID = f.head
        var match = Peerlink_V1_SupporterMatch()
        match.requestID = request.id
        var get = Peerlink_V1_EngagementGet()
        get.id = engagement
        var feedback = Peerlink_V1_FeedbackGet()
        feedback.engagementID = engagement
        var supporter = Peerlink_V1_SupporterGet()
        supporter.id = f.elmSupporter
        let reads: [(String, WireRequest.OneOf_Operation)] = [
            ("needs_show", .needsShow(needs)),
            ("supporter_match", .supporterMatch(match)),
            ("supporter_list", .supporterList(Peerlink_V1_SupporterList())),
            ("supporter_get", .supporterGet(supporter)),
            ("engagement_get", .engagementGet(get)),
            ("engagement_list", .engagementList(Peerlink_V1_EngagementList())),
            ("engagement_due", .engagementDue(Peerlink_V1_EngagementDueRequest())),
            ("feedback_get", .feedbackGet(feedback)),
            ("report_qa", .reportQa(Peerlink_V1_QAReportRequest())),
        ]
        for (name, op) in reads {
            let refusal = Self.refusal { try adviser.call(op) }
            #expect(refusal?.code == .forbidden, "\(name): \(String(describing: refusal))")
        }
        // And through the CLI: exit status 5 with the reason.
        let cli = try daemon.cli(
            ["--server", "127.0.0.1:\(daemon.tcpPort)", "--token", try Self.secret(admin, role: "adviser"), "needs",
                "show", "--head", "\(f.head)"])
        #expect(cli.status == 5 && cli.err.contains("forbidden"), "\(cli.err)")
    }

    @Test func supporterShowSaysWhyIneligible() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        _ = try Self.setUp(admin)
        let sock = ["--socket", daemon.socketPath]
        let person = try daemon.cli(
            sock + [
                "person", "add", "--name", "Nia New", "--email", "nia@elm.sch.uk", "--urn", "300004", "--role",
                "Headteacher", "--headship-start", Self.today.adding(days: -400).description, "--npqh", "in-progress",
            ])
        #expect(person.status == 0, "\(person.err)")
        let pid = person.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try daemon.cli(sock + ["person", "show", pid])
        #expect(shown.out.contains("in-progress") && shown.out.contains("Elm Primary"), "\(shown.out)")
        let add = try daemon.cli(sock + ["supporter", "add", "--person", pid, "--summary", "New", "--skills", "teaching"])
        #expect(add.status == 0, "\(add.err)")
        let id = add.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let show = try daemon.cli(sock + ["supporter", "show", id])
        #expect(show.out.contains("eligible               no") || show.out.contains("not eligible because"))
        #expect(show.out.contains("1 year as a headteacher") && show.out.contains("supporters need at least 5"))
        #expect(show.out.contains("supporter training is not completed"))
        #expect(show.out.contains("`peerlink supporter update \(id)`"), "\(show.out)")
        #expect(show.out.contains("offered to heads now: no, because:"), "\(show.out)")
        let supervision = try daemon.cli(sock + ["supporter", "supervision", "add", id, "--date", "2026-01-15"])
        #expect(supervision.status == 0, "\(supervision.err)")
        let update = try daemon.cli(sock + ["supporter", "update", id, "--capacity", "3", "--status", "paused"])
        #expect(update.status == 0 && update.out.contains("paused"), "\(update.err)")
        let list = try daemon.cli(sock + ["supporter", "list"])
        #expect(list.out.contains("Nia New") && list.out.contains("no (4 rules)"), "\(list.out)")
    }

    /// `person update` changes only what it is given, checked as `person add` checks it; a supporter's
    /// eligibility, which reads the person record, follows (the ineligibility message names this command).
    @Test func personUpdateChangesWhatEligibilityReads() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        _ = try Self.setUp(admin)
        let sock = ["--socket", daemon.socketPath]
        let person = try daemon.cli(
            sock + ["person", "add", "--name", "Ola Oak", "--email", "ola@elm.sch.uk", "--urn", "300004"])
        #expect(person.status == 0, "\(person.err)")
        let pid = person.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let add = try daemon.cli(sock + ["supporter", "add", "--person", pid, "--summary", "Oak", "--skills", "teaching"])
        let id = add.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let before = try daemon.cli(sock + ["supporter", "show", id])
        #expect(before.out.contains("peerlink person update \(pid) --headship-start DATE"), "\(before.out)")

        let start = Self.today.adding(days: -365 * 8).description
        let update = try daemon.cli(sock + ["person", "update", pid, "--headship-start", start, "--role", "Executive head"])
        #expect(update.status == 0, "\(update.err)")
        #expect(update.out.contains(start) && update.out.contains("Executive head") && update.out.contains("ola@elm.sch.uk"))
        let after = try daemon.cli(sock + ["supporter", "show", id])
        #expect(!after.out.contains("headship start date"), "\(after.out)")
        #expect(!after.out.contains("as a headteacher"), "\(after.out)")

        let badDate = try daemon.cli(sock + ["person", "update", pid, "--headship-start", "2019-13-01"])
        #expect(badDate.status != 0 && badDate.err.contains("YYYY-MM-DD"), "\(badDate.err)")
        let nothing = try daemon.cli(sock + ["person", "update", pid])
        #expect(nothing.status != 0 && nothing.err.contains("nothing to change"), "\(nothing.err)")
        let other = try daemon.cli(
            sock + ["person", "add", "--name", "Pat Pine", "--email", "pat@elm.sch.uk", "--urn", "300004"])
        let clash = try daemon.cli(sock + ["person", "update", pid, "--email", "PAT@elm.sch.uk"])
        #expect(clash.status != 0 && clash.err.contains("already the work email of person"), "\(clash.err)")
        #expect(other.status == 0)
        let unknown = try daemon.cli(sock + ["person", "update", "999999", "--role", "Head"])
        #expect(unknown.status != 0 && unknown.err.contains("no person with id 999999"), "\(unknown.err)")
        let withdrawn = try daemon.cli(sock + ["person", "update", pid, "--withdrawn-earlier"])
        #expect(withdrawn.status == 0 && withdrawn.out.contains("withdrawn earlier"), "\(withdrawn.out)")
        let back = try daemon.cli(sock + ["person", "update", pid, "--no-withdrawn-earlier"])
        #expect(back.status == 0 && !back.out.contains("withdrawn earlier"), "\(back.out)")
        let shown = try daemon.cli(sock + ["person", "show", pid])
        #expect(shown.out.contains("ola@elm.sch.uk") && shown.out.contains("Executive head"), "\(shown.out)")
    }

    static func secret(_ admin: PeerlinkClient, role: String) throws -> String {
        var r = Peerlink_V1_TokenCreate()
        r.role = role
        guard case .tokenCreate(let t) = try admin.call(.tokenCreate(r)) else { throw HarnessError("no token") }
        return t.secret
    }
}

extension PeerlinkClient {
    func psPerson(_ name: String, _ email: String, _ urn: Int32, headshipStart: String) throws -> Int64 {
        var p = Peerlink_V1_Person()
        p.name = name
        p.email = email
        p.urn = urn
        p.role = "Headteacher"
        p.headshipStart = headshipStart
        var r = Peerlink_V1_PersonCreate()
        r.person = p
        guard case .personCreate(let v) = try call(.personCreate(r)) else { throw HarnessError("no person") }
        return v.person.id
    }

    /// An eligible supporter profile (training done, coaching record, local knowledge; the school's
    /// inspection decides the rest).
    func psSupporter(_ person: Int64, skills: [String]) throws -> Int64 {
        var p = Peerlink_V1_SupporterProfile()
        p.personID = person
        p.summary = "Experienced head"
        p.skills = skills
        p.trainingCompleted = "2025-06-30"
        p.coachingRecord = "Coach since 2019"
        p.knowsLocalProcesses = true
        var r = Peerlink_V1_SupporterCreate()
        r.profile = p
        guard case .supporterCreate(let v) = try call(.supporterCreate(r)) else { throw HarnessError("no profile") }
        return v.profile.id
    }
}
