import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

extension WebBrowserTests {
    /// The end of a head's peer-support cycle and an early-headship application, in a real browser
    /// (`tools/web-tests/head_cycle_test.py`): a review (with the daemon's "not yet" refusal beside the field),
    /// closing (the feedback email arrives), feedback with the share choice, what the supporter and another
    /// head see of it, a cohort application made, refused for another head, and withdrawn, and the head's own
    /// group and session dates in a cohort whose groups are formed.
    @Test func headReviewsClosesGivesFeedbackAndAppliesToACohort() throws {
        guard let python = WebHarness.browserPython() else { return }
        let daemon = try PeerSupportTests.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)

        // Ava's engagement with Dan Elm's profile, started today.
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.head
        sr.concerns = ["school-improvement"]
        sr.mode = "online"
        let request = try admin.supportRequest(sr)
        var es = Peerlink_V1_EngagementStart()
        es.requestID = request.id
        es.supporterID = f.elmSupporter
        let engagement = try admin.engagementStart(es).engagement
        // An extension asked for before the six-month review opens: the daemon refuses it.
        let tooEarly = try #require(Day(iso: engagement.end)).adding(days: 30)

        // Ava is eligible for the cohort (NPQH done, a maintained school); Olly has no NPQH recorded.
        var ash = sampleSchool(urn: 300001, name: "Ash Primary", phase: "primary")
        ash.trust = "Oak Trust"
        ash.pupils = 210
        ash.type = "Community school"
        ash.typeGroup = "Local authority maintained schools"
        try admin.upsert(ash)
        var npqh = Peerlink_V1_PersonUpdate()
        npqh.id = f.head
        npqh.npqh = "completed"
        _ = try admin.personUpdate(npqh)
        var cohort = Peerlink_V1_CohortCreate()
        cohort.name = "Spring 2027"
        cohort.cap = 12
        cohort.start = PeerSupportTests.today.adding(days: 60).description
        let created = try admin.cohortCreate(cohort)
        // A cohort with groups formed: Ava and Hana (another early head, at Hazel), facilitated by Cat Cedar.
        var hazel = sampleSchool(urn: 300006, name: "Hazel Primary", phase: "primary", la: 850)
        hazel.type = "Community school"
        hazel.typeGroup = "Local authority maintained schools"
        try admin.upsert(hazel)
        let hana = try admin.psPerson("Hana Hazel", "hana@hazel.sch.uk", 300006, headshipStart: "2023-09-01")
        npqh.id = hana
        _ = try admin.personUpdate(npqh)
        var grouped = Peerlink_V1_CohortCreate()
        grouped.name = "Autumn 2027"
        grouped.minGroupSize = 2
        grouped.maxGroupSize = 2
        grouped.start = PeerSupportTests.today.adding(days: 30).description
        let groupCohort = try admin.cohortCreate(grouped)
        for person in [f.head, hana] {
            var a = Peerlink_V1_CohortApply()
            a.cohort = groupCohort.name
            a.personID = person
            _ = try admin.cohortApply(a)
        }
        var facilitator = Peerlink_V1_CohortFacilitatorAdd()
        facilitator.cohort = groupCohort.name
        facilitator.personID = f.cedarPerson
        facilitator.maxGroups = 1
        _ = try admin.cohortFacilitatorAdd(facilitator)
        var form = Peerlink_V1_CohortForm()
        form.cohort = groupCohort.name
        let formed = try admin.cohortForm(form)
        #expect(formed.groups.count == 1 && formed.sessionsPlanned == 6, "\(formed.notes) \(formed.unscheduled)")

        let tokenFile = try WebHarness.serviceTokenFile(admin, in: daemon.directory)
        let maildir = daemon.directory.appendingPathComponent("mail").path
        let web = try WebHarness(daemonPort: daemon.tcpPort, tokenFile: tokenFile, maildir: maildir)
        defer { web.stop() }
        try WebHarness.invite(admin, "ava@ash.sch.uk", "head")
        try WebHarness.invite(admin, "olly@oak.sch.uk", "head")
        try WebHarness.invite(admin, "dan@elm.sch.uk", "supporter")

        let shots =
            ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"]
            ?? URL(fileURLWithPath: maildir).deletingLastPathComponent().appendingPathComponent("shots").path
        let (status, said) = try WebHarness.runBrowserScript(
            python,
            "head_cycle_test.py",
            [
                "--base", "http://127.0.0.1:\(web.port)", "--maildir", maildir, "--shots", shots,
                "--head-email", "ava@ash.sch.uk", "--other-head-email", "olly@oak.sch.uk",
                "--supporter-email", "dan@elm.sch.uk", "--engagement", "\(engagement.id)",
                "--cycle-end", engagement.end, "--too-early", tooEarly.description,
                "--cohort-id", "\(created.id)", "--cohort-name", created.name, "--group-cohort-id", "\(groupCohort.id)",
            ]
        )
        #expect(status == 0, "browser test failed:\n\(said)\npeerlink-web said:\n\(web.log.value)")
        #expect(said.contains("browser steps:"), "\(said)")

        // What the pages did, as the daemon holds it: one review, closed, Ava's shared feedback, her
        // application withdrawn (so the cohort has no participant).
        var get = Peerlink_V1_EngagementGet()
        get.id = engagement.id
        let after = try admin.engagementGet(get)
        #expect(after.engagement.status == "closed" && after.reviews.map(\.decision) == ["continue"])
        #expect(after.feedback.rating == 4 && after.feedback.shared)
        var cg = Peerlink_V1_CohortGet()
        cg.cohort = created.name
        let view = try admin.cohortGet(cg)
        #expect(view.participants.isEmpty && view.withdrawn == 1)
    }
}
