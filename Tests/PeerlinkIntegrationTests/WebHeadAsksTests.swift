import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

extension WebBrowserTests {
    /// A head in a browser asks for help in an area (a link request), cancels one, sees the link made for the
    /// school; records a needs assessment, adds a target and reviews it. Another school's request and another
    /// head's needs stay out of reach, and the adviser sees the head's request on their requests page
    /// (`tools/web-tests/head_asks_test.py`).
    @Test func headAsksForHelpAndRecordsNeeds() throws {
        guard let python = WebHarness.browserPython() else { return }
        let daemon = try PeerSupportTests.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)

        // A link already made for Ash (mathematics, a nominee at Cedar), which the head's page shows.
        var n = Peerlink_V1_NominationCreate()
        n.urn = 300003
        n.name = "Cara Count"
        n.email = "cara.count@cedar.sch.uk"
        n.role = "Maths lead"
        n.consent = true
        var area = Peerlink_V1_NominatedArea()
        area.area = "mathematics"
        n.areas = [area]
        let cara = try admin.nominationCreate(n)
        var lr = Peerlink_V1_LinkRequestCreate()
        lr.urn = 300001
        lr.area = "mathematics"
        let ashMaths = try admin.linkRequest(lr)
        var lc = Peerlink_V1_LinkCreate()
        lc.requestID = ashMaths.id
        lc.nominationID = cara.nomination.id
        _ = try admin.linkCreate(lc)

        // Oak's open request, which Ava must not cancel.
        lr.urn = 300005
        lr.area = "english"
        lr.notes = "Oak's reading plan"
        let oakRequest = try admin.linkRequest(lr)

        // Olly's needs and a target, which Ava must not see or review.
        var kind = Peerlink_V1_AreaList()
        kind.kind = "standard"
        let standards = try admin.areaList(kind).areas.map(\.id)
        var na = Peerlink_V1_NeedsAssess()
        na.headID = f.otherHead
        na.ratings = standards.map { id in
            var r = Peerlink_V1_NeedsRating()
            r.area = id
            r.rating = "developing"
            return r
        }
        _ = try admin.needsAssess(na)
        var ta = Peerlink_V1_TargetAdd()
        ta.headID = f.otherHead
        ta.area = "behaviour"
        ta.text = "Halve exclusions at Oak"
        ta.due = PeerSupportTests.today.adding(days: 120).description
        ta.successCriteria = "Exclusion log"
        let ollyTarget = try admin.targetAdd(ta)

        _ = try admin.psPerson("Ada Adviser", "ada@council.gov.uk", 300004, headshipStart: "2001-09-01")
        let tokenFile = try WebHarness.serviceTokenFile(admin, in: daemon.directory)
        let maildir = daemon.directory.appendingPathComponent("mail").path
        let web = try WebHarness(daemonPort: daemon.tcpPort, tokenFile: tokenFile, maildir: maildir)
        defer { web.stop() }
        try WebHarness.invite(admin, "ava@ash.sch.uk", "head")
        try WebHarness.invite(admin, "ada@council.gov.uk", "adviser")

        let shots =
            ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"]
            ?? daemon.directory.appendingPathComponent("shots").path
        let (status, said) = try WebHarness.runBrowserScript(
            python,
            "head_asks_test.py",
            [
                "--base", "http://127.0.0.1:\(web.port)", "--maildir", maildir,
                "--head-email", "ava@ash.sch.uk", "--head-urn", "300001", "--linked-nominee", "Cara Count",
                "--other-urn", "300005", "--other-request", "\(oakRequest.id)",
                "--other-head", "\(f.otherHead)", "--other-target", "\(ollyTarget.id)", "--other-secret", ta.text,
                "--adviser-email", "ada@council.gov.uk", "--shots", shots,
            ] + (ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"].map { ["--phone-shots", $0] } ?? [])
        )
        #expect(status == 0, "browser test failed:\n\(said)\npeerlink-web said:\n\(web.log.value)")
        #expect(said.contains("browser steps:"), "\(said)")

        // What the daemon holds afterwards: Ash's one open request (phonics), the science one cancelled, Oak's
        // untouched; Ava's target met after one review, Olly's unreviewed.
        var list = Peerlink_V1_LinkList()
        list.urn = 300001
        let ash = try admin.linkList(list).requests
        #expect(ash.filter { $0.status == "open" }.map(\.area) == ["phonics-and-early-reading"])
        #expect(ash.first { $0.area == "phonics-and-early-reading" }?.mode == "online")
        #expect(ash.filter { $0.status == "cancelled" }.map(\.area) == ["science"])
        list.urn = 300005
        #expect(try admin.linkList(list).requests.map(\.status) == ["open"])
        var show = Peerlink_V1_NeedsShow()
        show.headID = f.head
        let ava = try admin.needsShow(show)
        #expect(ava.latest.ratings.first { $0.area == "teaching" }?.rating == "developing")
        #expect(ava.targets.map(\.target.status) == ["met"])
        #expect(ava.targets.first?.reviews.map(\.rating) == ["secure"])
        show.headID = f.otherHead
        let olly = try admin.needsShow(show)
        #expect(olly.targets.map(\.target.status) == ["open"] && olly.targets.allSatisfy { $0.reviews.isEmpty })
    }
}
