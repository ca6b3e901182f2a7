import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

extension WebBrowserTests {
    /// A supporter's own pages in a real browser (`tools/web-tests/supporter_test.py`): Dan Elm, eligible, with an
    /// engagement with Ava and two supervision meetings, sees his profile, eligibility and supervision and raises a
    /// concern (refused until confirmed; the contact's email carries nothing of the engagement); Cat Cedar,
    /// whose coaching record is removed, is told she is not offered to heads and why. Neither reaches the
    /// other's profile, nor Dan an engagement he is not in; a POST without the CSRF token is refused.
    @Test func aSupportersProfileSupervisionAndConcern() throws {
        guard let python = WebHarness.browserPython() else { return }
        let contact = "sam.patel@council.gov.uk"
        let daemon = try WebDaemonTests.startDaemon(safeguardingEmail: contact)
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)

        func engagement(head: Int64, supporter: Int64) throws -> Int64 {
            var sr = Peerlink_V1_SupportRequestCreate()
            sr.headID = head
            sr.concerns = ["school-improvement"]
            sr.mode = "online"
            let request = try admin.supportRequest(sr)
            var es = Peerlink_V1_EngagementStart()
            es.requestID = request.id
            es.supporterID = supporter
            return try admin.engagementStart(es).engagement.id
        }
        let dans = try engagement(head: f.head, supporter: f.elmSupporter)
        let cats = try engagement(head: f.otherHead, supporter: f.cedarSupporter)

        // Two supervision meetings for Dan, recorded by the authority.
        let dates = [PeerSupportTests.today.adding(days: -10), PeerSupportTests.today.adding(days: -100)]
        for (date, minutes) in zip(dates, [90, 60]) {
            var s = Peerlink_V1_SupervisionAdd()
            s.supporterID = f.elmSupporter
            s.date = date.description
            s.minutes = UInt32(minutes)
            _ = try admin.supervisionAdd(s)
        }
        // Cat's coaching record is withdrawn: she fails one eligibility rule, which her page must name.
        var u = Peerlink_V1_SupporterUpdate()
        u.id = f.cedarSupporter
        u.coachingRecord = ""
        let cat = try admin.supporterUpdate(u)
        #expect(!cat.offerable && cat.notOfferedReasons.count == 1, "\(cat.notOfferedReasons)")
        let dan = try { var g = Peerlink_V1_SupporterGet(); g.id = f.elmSupporter; return try admin.supporterGet(g) }()
        #expect(dan.offerable && dan.notOfferedReasons.isEmpty, "\(dan.notOfferedReasons)")

        let tokenFile = try WebHarness.serviceTokenFile(admin, in: daemon.directory)
        let maildir = daemon.directory.appendingPathComponent("mail").path
        let web = try WebHarness(daemonPort: daemon.tcpPort, tokenFile: tokenFile, maildir: maildir)
        defer { web.stop() }
        try WebHarness.invite(admin, "dan@elm.sch.uk", "supporter")
        try WebHarness.invite(admin, "cat@cedar.sch.uk", "supporter")

        let shot = URL(fileURLWithPath: maildir).deletingLastPathComponent().appendingPathComponent("supporter-profile.png")
        let (status, said) = try WebHarness.runBrowserScript(python, "supporter_test.py", [
            "--base", "http://127.0.0.1:\(web.port)", "--maildir", maildir,
            "--supporter-email", "dan@elm.sch.uk", "--supporter-name", "Dan Elm", "--supporter-id", "\(f.elmSupporter)",
            "--engagement", "\(dans)", "--supervision-dates", dates.map(\.description).joined(separator: ","),
            "--other-email", "cat@cedar.sch.uk", "--other-name", "Cat Cedar", "--other-id", "\(f.cedarSupporter)",
            "--other-reason", "no coaching or mentoring record is recorded", "--other-engagement", "\(cats)",
            "--contact-email", contact, "--contact-name", "Sam Patel, safeguarding lead",
            // The head, both schools and the engagement's concern: none of it may reach the contact's email.
            "--private-words", "Ava Head,ava@ash.sch.uk,Ash Primary,Elm Primary,school-improvement,School improvement",
            "--screenshot", ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"].map { "\($0)/supporter-profile-desktop.png" } ?? shot.path,
        ] + (ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"].map { ["--phone-shots", $0] } ?? []))
        #expect(status == 0, "browser test failed:\n\(said)\npeerlink-web said:\n\(web.log.value)")
        #expect(said.contains("browser steps:"), "\(said)")

        // The daemon holds the one escalation Dan raised, on his engagement, and none on Cat's.
        var g = Peerlink_V1_EngagementGet()
        g.id = dans
        let view = try admin.engagementGet(g)
        #expect(view.escalations.count == 1 && view.escalations.first?.raisedBy == f.elmPerson)
        g.id = cats
        #expect(try admin.engagementGet(g).escalations.isEmpty)
    }
}
