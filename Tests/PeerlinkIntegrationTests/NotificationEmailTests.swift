import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// The emails a workflow or the daemon's review-due sweep writes, claimed through the protocol as peerlink-web's
/// sender claims them, each marked sent: every one lands once, across sweeps and a restart.
@Suite(.serialized) struct NotificationEmailTests {
    /// The pending messages of `kind` (claimed as the sender does, all at once).
    static func pending(_ client: PeerlinkClient, _ kind: String) throws -> [Peerlink_V1_OutboxMessage] {
        var r = Peerlink_V1_OutboxClaim()
        r.limit = 200
        return try client.outboxClaim(r).messages.filter { $0.kind == kind }
    }

    /// Marks messages sent, as the sender does after the mail command took them.
    static func send(_ client: PeerlinkClient, _ messages: [Peerlink_V1_OutboxMessage]) throws {
        for m in messages {
            var r = Peerlink_V1_OutboxResult()
            r.id = m.id
            r.sent = true
            _ = try client.outboxResult(r)
        }
    }

    /// Waits until `body` returns a non-empty list (the sweep runs on a timer), or `seconds` pass.
    static func eventually<T>(seconds: Double = 10, _ body: () throws -> [T]) throws -> [T] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let found = try body()
            if !found.isEmpty || Date() > deadline { return found }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    @Test func profilesReadyReviewDueAndFeedbackEachLandOnce() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        let config = daemon.directory.appendingPathComponent("peerlinkd.json")
        try JSONSerialization.data(withJSONObject: ["review_due_sweep_seconds": 1]).write(to: config)
        try daemon.start(extraArguments: ["--config", config.path])
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)
        let web = try WebDaemonTests.webClient(admin, daemon)

        // Asking (here an admin for the head) finds two independent profiles: the head is told, once.
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.head
        sr.concerns = ["school-improvement"]
        sr.mode = "online"
        let request = try admin.supportRequest(sr)
        let ready = try Self.pending(web, "profiles-ready")
        #expect(ready.map(\.to) == ["ava@ash.sch.uk"])
        #expect(ready.first?.body.contains("2 peer supporter profiles match your request") == true)
        #expect(ready.first?.body.contains("{{web_url}}/support/\(request.id)/profiles") == true)
        #expect(ready.first.map { !$0.body.contains("Cat Cedar") && !$0.body.contains("Dan Elm") } == true)
        try Self.send(web, ready)

        // A cycle that began almost six months ago: its review window is open. The sweep (every second here)
        // emails the head and the supporter, once.
        var es = Peerlink_V1_EngagementStart()
        es.requestID = request.id
        es.supporterID = f.cedarSupporter
        es.date = PeerSupportTests.today.adding(months: -6).adding(days: 10).description
        let engagement = try admin.engagementStart(es).engagement
        let due = try Self.eventually { try Self.pending(web, "review-due") }
        #expect(Set(due.map(\.to)) == ["ava@ash.sch.uk", "cat@cedar.sch.uk"])
        #expect(due.count == 2)
        #expect(due.allSatisfy { $0.subject == "peerlink: the review of peer support engagement \(engagement.id) is due" })
        try Self.send(web, due)
        Thread.sleep(forTimeInterval: 2.5)  // two more sweeps
        #expect(try Self.pending(web, "review-due").isEmpty, "a later sweep sends nothing again")
        // The sweep's write is audited like any other; a sweep with nothing due writes nothing.
        var audit = Peerlink_V1_AuditList()
        audit.limit = 1000
        let sweeps = try admin.auditList(audit).entries.filter { $0.operation == "review_due_sweep" }
        #expect(sweeps.count == 1)
        #expect(sweeps.first?.target.contains("engagement:\(engagement.id)") == true, "\(sweeps)")

        // Nor does a restart (the sweep runs at start, and the mark was committed with the emails).
        daemon.stop()
        try daemon.start(extraArguments: ["--config", config.path])
        let again = try daemon.admin()
        let web2 = try WebDaemonTests.webClient(again, daemon)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try Self.pending(web2, "review-due").isEmpty, "a restart sends nothing again")

        // A review deciding to close the cycle asks the head for feedback, as closing does.
        var review = Peerlink_V1_EngagementReviewAdd()
        review.engagementID = engagement.id
        review.decision = "close"
        _ = try again.engagementReview(review)
        let feedback = try Self.pending(web2, "feedback-requested")
        #expect(feedback.map(\.to) == ["ava@ash.sch.uk"])
    }

    @Test func aCohortsGroupsAndSessionsAreEmailedOnceToEachMemberAndFacilitator() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try CohortTests.seed(daemon.databasePath)
        try daemon.start()
        defer { daemon.stop() }
        let name = "Spring 2027"
        func run(_ args: [String]) throws {
            let r = try CohortTests.run(daemon, args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        try run(["cohort", "create", name, "--cap", "15", "--group-size", "4-6", "--start", "2027-01-04"])
        for id in 3...12 { try run(["cohort", "apply", name, "--head", "\(id)"]) }
        for id in [21, 22] { try run(["cohort", "facilitator", "add", name, "--person", "\(id)", "--max-groups", "1"]) }
        try run(["cohort", "form", name, "--seed", "7"])

        let admin = try daemon.admin()
        let mail = try Self.pending(admin, "cohort-group")
        let heads = (3...12).map { "head\($0)@example.sch.uk" }
        #expect(mail.map(\.to).sorted() == (heads + ["f21@example.org", "f22@example.org"]).sorted())
        var get = Peerlink_V1_CohortGet()
        get.cohort = name
        let groups = try admin.cohortGet(get).groups
        #expect(groups.count == 2)
        for g in groups {
            for member in g.members {
                let m = try #require(mail.first { $0.to == member.person.email })
                #expect(m.body.contains("Group \(g.number) (primary):"))
                let others = groups.filter { $0.number != g.number }.flatMap(\.members)
                #expect(others.allSatisfy { !m.body.contains("\($0.person.name),") }, "another group's member is named")
                #expect(m.body.components(separatedBy: "\nSession ").count - 1 == 6)
            }
        }
        try Self.send(admin, mail)

        // Forming again the same way changes no one's group or dates: no email.
        try run(["cohort", "form", name, "--seed", "7"])
        #expect(try Self.pending(admin, "cohort-group").isEmpty)
    }
}
