import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// The daemon's side of the web front end: invitations, the web role, and the outbox each workflow fills.
@Suite(.serialized) struct WebDaemonTests {
    static func startDaemon(safeguardingEmail: String = "") throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        let config = daemon.directory.appendingPathComponent("peerlinkd.json")
        let json: [String: Any] = [
            "safeguarding_contact": "Sam Patel, safeguarding lead", "safeguarding_email": safeguardingEmail,
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        try daemon.start(extraArguments: ["--config", config.path])
        return daemon
    }

    static func webClient(_ admin: PeerlinkClient, _ daemon: DaemonHarness) throws -> PeerlinkClient {
        try PeerSupportTests.token(admin, daemon, role: "web", person: nil)
    }

    @Test func anInvitationIsSingleUseAndRedeemedOnlyByTheWebService() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)
        var r = Peerlink_V1_InvitationCreate()
        r.email = "AVA@ash.sch.uk"
        r.role = "head"
        let created = try admin.invitationCreate(r)
        #expect(created.invitation.personID == f.head)
        #expect(created.invitation.status == "pending")
        #expect(created.invitation.expiresAt - created.invitation.createdAt == 7 * 86_400)

        // The email is in the outbox with the link; the daemon keeps only the code's hash.
        let web = try Self.webClient(admin, daemon)
        let due = try web.outboxClaim()
        #expect(due.messages.count == 1)
        #expect(due.messages[0].to == "ava@ash.sch.uk")
        #expect(due.messages[0].body.contains("{{web_url}}/invite/\(created.code)"))

        // A person's token cannot spend a code (it would mint tokens); the web service can, once.
        let head = try PeerSupportTests.token(admin, daemon, role: "head", person: f.head)
        var redeem = Peerlink_V1_InvitationRedeem()
        redeem.code = created.code
        #expect(PeerSupportTests.refusal { _ = try head.invitationRedeem(redeem) }?.code == .forbidden)
        let redeemed = try web.invitationRedeem(redeem)
        #expect(redeemed.role == "head")
        #expect(redeemed.personID == f.head)
        #expect(PeerSupportTests.refusal { _ = try web.invitationRedeem(redeem) }?.code == .conflict)
        var wrong = Peerlink_V1_InvitationRedeem()
        wrong.code = "plk_" + String(repeating: "0", count: 64)
        #expect(PeerSupportTests.refusal { _ = try web.invitationRedeem(wrong) }?.code == .notFound)

        // The new token acts as the head, and only as the head.
        let asHead = try PeerlinkClient(address: daemon.tcpAddress, token: redeemed.token, timeout: 10)
        #expect(asHead.role == "head")
        var other = Peerlink_V1_NominationList()
        other.urn = 300005
        #expect(PeerSupportTests.refusal { _ = try asHead.nominationList(other) }?.code == .forbidden)
        // The web service reaches nothing a person's pages show.
        #expect(PeerSupportTests.refusal { _ = try web.nominationList(other) }?.code == .forbidden)
        #expect(PeerSupportTests.refusal { _ = try web.engagementList() }?.code == .forbidden)

        // Revoking the token refuses the next connection's Hello (how the web front end signs the person out).
        var revoke = Peerlink_V1_TokenRevoke()
        revoke.id = redeemed.tokenID
        _ = try admin.tokenRevoke(revoke)
        #expect(PeerSupportTests.refusal { _ = try PeerlinkClient(address: daemon.tcpAddress, token: redeemed.token, timeout: 10) }?.code == .unauthenticated)

        // Signing out revokes the token an invitation made, and no other.
        let olly = try daemon.cli([
            "--socket", daemon.socketPath, "invite", "--person", "\(f.otherHead)", "--role", "head", "--web-url", "https://peerlink.example.org",
        ])
        #expect(olly.status == 0, "\(olly.err)")
        #expect(olly.out.hasPrefix("https://peerlink.example.org/invite/plk_"))
        var ollyRedeem = Peerlink_V1_InvitationRedeem()
        ollyRedeem.code = String(olly.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/").last!)
        let ollySignIn = try web.invitationRedeem(ollyRedeem)
        var out = Peerlink_V1_SignOut()
        out.tokenID = ollySignIn.tokenID
        #expect(try web.signOut(out).hasRevokedAt)
        #expect(PeerSupportTests.refusal { _ = try PeerlinkClient(address: daemon.tcpAddress, token: ollySignIn.token, timeout: 10) }?.code == .unauthenticated)
        var notWeb = Peerlink_V1_TokenCreate()
        notWeb.role = "adviser"
        out.tokenID = try admin.tokenCreate(notWeb).token.id
        #expect(PeerSupportTests.refusal { _ = try web.signOut(out) }?.code == .notFound)

        // A person with no account cannot be invited, nor anyone as the web role.
        var nobody = Peerlink_V1_InvitationCreate()
        nobody.email = "nobody@nowhere.sch.uk"
        nobody.role = "head"
        #expect(PeerSupportTests.refusal { _ = try admin.invitationCreate(nobody) }?.field == "email")
        var asWeb = Peerlink_V1_InvitationCreate()
        asWeb.personID = f.head
        asWeb.role = "web"
        #expect(PeerSupportTests.refusal { _ = try admin.invitationCreate(asWeb) }?.field == "role")

        // Invitations survive a restart (migration 0009's tables load back).
        daemon.stop()
        try daemon.start()
        let again = try daemon.admin()
        let list = try again.invitationList()
        #expect(list.invitations.map(\.status) == ["redeemed", "redeemed"])
    }

    @Test func theOutboxRetriesWithBackoffAndClearsWhatItSent() throws {
        let daemon = try Self.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)
        var r = Peerlink_V1_InvitationCreate()
        r.personID = f.otherHead
        r.role = "head"
        _ = try admin.invitationCreate(r)
        let web = try Self.webClient(admin, daemon)
        let m = try web.outboxClaim().messages[0]
        var failed = Peerlink_V1_OutboxResult()
        failed.id = m.id
        failed.error = "msmtp exited 75: connection refused"
        let after = try web.outboxResult(failed)
        #expect(after.status == "pending")
        #expect(after.attempts == 1)
        #expect(after.nextAttemptAt >= after.createdAt + 60)
        #expect(try web.outboxClaim().messages.isEmpty, "not due again until the backoff passes")
        #expect(OutboxMessage.backoffSeconds(afterAttempts: 1) == 60)
        #expect(OutboxMessage.backoffSeconds(afterAttempts: 3) == 240)
        #expect(OutboxMessage.backoffSeconds(afterAttempts: 30) == 6 * 3600)

        var sent = Peerlink_V1_OutboxResult()
        sent.id = m.id
        sent.sent = true
        let done = try web.outboxResult(sent)
        #expect(done.status == "sent")
        #expect(done.body.isEmpty, "the invitation's code does not outlive its email")
        #expect(PeerSupportTests.refusal { _ = try web.outboxResult(sent) }?.code == .notFound)
    }

    @Test func workflowsWriteTheirEmails() throws {
        let daemon = try Self.startDaemon(safeguardingEmail: "safeguarding@council.gov.uk")
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)
        let web = try Self.webClient(admin, daemon)

        // A link: the nominee and the head who nominated them, and the requesting school's head.
        var n = Peerlink_V1_NominationCreate()
        n.urn = 300002
        n.name = "Mo Maths"
        n.email = "mo@birch.sch.uk"
        n.role = "Maths lead"
        n.consent = true
        var ben = Peerlink_V1_PersonGet()
        ben.id = f.otherHead + 1  // setUp adds Ben Birch right after Olly
        #expect(try admin.personGet(ben).person.name == "Ben Birch")
        n.nominatedBy = ben.id
        var a = Peerlink_V1_NominatedArea()
        a.area = "mathematics"
        n.areas = [a]
        let nomination = try admin.nominationCreate(n)
        var link = Peerlink_V1_LinkCreate()
        link.urn = 300001
        link.area = "mathematics"
        link.nominationID = nomination.nomination.id
        _ = try admin.linkCreate(link)
        let linkMail = try web.outboxClaim().messages.filter { $0.kind == "link-made" }
        #expect(Set(linkMail.map(\.to)) == ["mo@birch.sch.uk", "ben@birch.sch.uk", "ava@ash.sch.uk"])

        // A safeguarding escalation: who, when, which engagement; never the concern.
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.head
        sr.concerns = ["school-improvement"]
        sr.mode = "online"
        let request = try admin.supportRequest(sr)
        var es = Peerlink_V1_EngagementStart()
        es.requestID = request.id
        es.supporterID = f.cedarSupporter
        let engagement = try admin.engagementStart(es).engagement
        let supporter = try PeerSupportTests.token(admin, daemon, role: "supporter", person: f.cedarPerson)
        var x = Peerlink_V1_EngagementEscalate()
        x.engagementID = engagement.id
        _ = try supporter.engagementEscalate(x)
        let notice = try web.outboxClaim().messages.filter { $0.kind == "safeguarding-concern" }
        #expect(notice.count == 1)
        #expect(notice.first?.to == "safeguarding@council.gov.uk")
        #expect(notice.first?.body.contains("Cat Cedar") == true)
        #expect(notice.first?.body.contains("Engagement: \(engagement.id)") == true)

        // Closing the cycle asks the head for feedback.
        var close = Peerlink_V1_EngagementClose()
        close.engagementID = engagement.id
        close.date = engagement.start
        _ = try admin.engagementClose(close)
        let ask = try web.outboxClaim().messages.filter { $0.kind == "feedback-requested" }
        #expect(ask.map(\.to) == ["ava@ash.sch.uk"])
    }
}
