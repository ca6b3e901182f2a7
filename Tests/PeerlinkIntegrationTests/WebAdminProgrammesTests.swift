import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

extension WebBrowserTests {
    /// The admin's programme pages in a real browser (`tools/web-tests/admin_programmes_test.py`): supporter
    /// profiles, cohorts and the quality report, against the real peerlinkd and peerlink-web; and a head's and
    /// an adviser's sessions refused on every route those pages register.
    @Test func adminProgrammesInABrowser() throws {
        guard let python = WebHarness.browserPython() else { return }
        let daemon = try PeerSupportTests.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)  // three supporter profiles

        // The supporter whose profile the admin adds in the browser: a head of 14 years at Elm (judged good).
        let sue = try admin.psPerson("Sue Summers", "sue@elm.sch.uk", 300004, headshipStart: "2012-09-01")

        // One support request, answered with an engagement: figures the quality report must show.
        var sr = Peerlink_V1_SupportRequestCreate()
        sr.headID = f.otherHead
        sr.concerns = ["school-improvement"]
        sr.mode = "online"
        let request = try admin.supportRequest(sr)
        var es = Peerlink_V1_EngagementStart()
        es.requestID = request.id
        es.supporterID = f.elmSupporter
        _ = try admin.engagementStart(es)

        // Early heads for the cohort: four primary heads in four authorities, one special-school head (no group
        // of one phase can take a lone head), and a facilitator from a school none of them shares.
        var heads: [(id: Int64, name: String, email: String)] = []
        let places = [(801, "North West"), (802, "London"), (803, "South East"), (804, "London"), (805, "North West")]
        for (i, (la, region)) in places.enumerated() {
            var school = sampleSchool(
                urn: Int32(310_001 + i),
                name: "Cohort School \(i + 1)",
                phase: i < 4 ? "primary" : "not-applicable",
                la: Int32(la)
            )
            school.laName = "Authority \(la)"
            school.region = region
            school.status = "open"
            school.typeGroup = i < 4 ? "Local authority maintained schools" : "Special schools"
            school.type = i < 4 ? "Community school" : "Community special school"
            try admin.upsert(school)
            let name = i < 4 ? "Early Head \(i + 1)" : "Special Head"
            let email = "early\(i + 1)@cohort.sch.uk"
            heads.append((try admin.earlyHead(name, email, school.urn), name, email))
        }
        var fs = sampleSchool(urn: 310_010, name: "Facilitator Academy", phase: "secondary", la: 810)
        fs.status = "open"
        fs.typeGroup = "Academies"
        fs.type = "Academy converter"
        try admin.upsert(fs)
        let facilitator = try admin.psPerson(
            "Fran Facilitator",
            "fran@facilitator.org",
            310_010,
            headshipStart: "2005-09-01"
        )

        _ = try admin.psPerson("Ada Adviser", "ada@council.gov.uk", 300004, headshipStart: "2001-09-01")
        _ = try admin.psPerson("Abe Admin", "abe@council.gov.uk", 300004, headshipStart: "2001-09-01")

        let tokenFile = try WebHarness.serviceTokenFile(admin, in: daemon.directory)
        let maildir = daemon.directory.appendingPathComponent("mail").path
        let web = try WebHarness(daemonPort: daemon.tcpPort, tokenFile: tokenFile, maildir: maildir)
        defer { web.stop() }
        try WebHarness.invite(admin, "abe@council.gov.uk", "admin")
        try WebHarness.invite(admin, "ava@ash.sch.uk", "head")
        try WebHarness.invite(admin, "ada@council.gov.uk", "adviser")

        let cohortStart = PeerSupportTests.today.adding(days: 14)
        let routes = try Self.programmeRoutes()
        let qaCSV = daemon.directory.appendingPathComponent("qa-web.csv")
        let (status, said) = try Self.runConversing(
            python,
            "admin_programmes_test.py",
            [
                "--base", "http://127.0.0.1:\(web.port)", "--maildir", maildir,
                "--admin-email", "abe@council.gov.uk", "--head-email", "ava@ash.sch.uk", "--adviser-email",
                "ada@council.gov.uk",
                "--supporter-person", "\(sue)", "--supporter-name", "Sue Summers", "--training-day", "2025-06-30",
                "--cohort-start", cohortStart.description, "--facilitator", "\(facilitator)", "--applicant",
                "\(heads[0].id)",
                "--applicant-names", heads.map(\.name).joined(separator: ","), "--unplaced-name", "Special Head",
                "--member-email", heads[1].email, "--qa-supporters", "4", "--qa-requests", "1",
                "--routes", routes.joined(separator: ","), "--qa-csv-out", qaCSV.path,
                // The preview page at desktop width, kept with the phone shots when PEERLINK_WEB_SHOTS names a folder.
                "--screenshot",
                URL(fileURLWithPath: ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"] ?? daemon.directory.path)
                    .appendingPathComponent("cohort-plan-desktop.png").path,
            ] + (ProcessInfo.processInfo.environment["PEERLINK_WEB_SHOTS"].map { ["--phone-shots", $0] } ?? [])
        ) { line in
            // `WAIT cohort ID`: the cohort the admin just created gets its applications, made by the admin client.
            let id = String(line.split(separator: " ").last ?? "")
            for h in heads {
                var a = Peerlink_V1_CohortApply()
                a.cohort = id
                a.personID = h.id
                _ = try admin.cohortApply(a)
            }
            return "seeded"
        }
        #expect(status == 0, "browser test failed:\n\(said)\npeerlink-web said:\n\(web.log.value)")
        #expect(said.contains("admin programme steps:"), "\(said)")

        // What the browser did is what the daemon holds.
        let supporters = try admin.supporterList()
        let added = try #require(supporters.supporters.first { $0.profile.personID == sue })
        #expect(added.eligible, "\(added.ineligibleReasons)")
        #expect(added.supervision.map(\.minutes) == [75])
        #expect(added.profile.skills.sorted() == ["curriculum-and-assessment", "school-improvement"])
        let cohorts = try admin.cohortList()
        #expect(cohorts.cohorts.map(\.cohort.name) == ["Spring Heads"])
        #expect(cohorts.cohorts.first?.groups == 1)

        // The web's CSV download is what `peerlink report qa --csv` prints, and both calendars hold the six sessions.
        let cli = try daemon.cli(["--socket", daemon.socketPath, "--csv", "report", "qa"])
        #expect(cli.status == 0, "\(cli.err)")
        let webCSV = try Data(contentsOf: qaCSV)
        #expect(webCSV == Data(cli.out.utf8), "web:\n\(String(decoding: webCSV, as: UTF8.self))\ncli:\n\(cli.out)")
        let ics = daemon.directory.appendingPathComponent("sessions.ics")
        let sessions = try daemon.cli([
            "--socket", daemon.socketPath, "cohort", "sessions", "Spring Heads", "--ics", ics.path,
        ])
        #expect(sessions.status == 0, "\(sessions.err)")
        #expect(try String(contentsOf: ics, encoding: .utf8).components(separatedBy: "BEGIN:VEVENT").count == 7)
    }

    /// Every route the supporter, cohort and quality report pages register, read from their sources as
    /// `METHOD /path/{id}`, so the access check covers a route added later without anyone listing it.
    static func programmeRoutes() throws -> [String] {
        var routes: [String] = []
        for file in ["SupporterProfileRoutes", "CohortRoutes", "QAReportRoutes"] {
            let url = WebHarness.root.appendingPathComponent("Sources/PeerlinkWeb/Admin/\(file).swift")
            let text = try String(contentsOf: url, encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"router\.(get|post)\("([^"]+)"\)"#)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let method = String(text[Range(m.range(at: 1), in: text)!]).uppercased()
                routes.append("\(method) \(text[Range(m.range(at: 2), in: text)!])")
            }
        }
        return routes
    }

    /// Runs a browser script that stops to ask: each line it prints starting `WAIT ` is handed to `answer`, whose
    /// reply is written to the script's standard input. Returns the exit status and everything it printed.
    static func runConversing(
        _ python: String,
        _ script: String,
        _ arguments: [String],
        answer: (String) throws -> String
    ) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [WebHarness.root.appendingPathComponent("tools/web-tests/\(script)").path] + arguments
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = input
        try p.run()
        var said = ""
        var answered = 0
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the script closed its output: it has ended
            said += String(decoding: chunk, as: UTF8.self)
            let asks = said.split(separator: "\n", omittingEmptySubsequences: false).dropLast().filter {
                $0.hasPrefix("WAIT ")
            }
            while answered < asks.count {
                let reply: String
                do { reply = try answer(String(asks[answered])) } catch {
                    p.terminate()
                    p.waitUntilExit()
                    throw error
                }
                input.fileHandleForWriting.write(Data((reply + "\n").utf8))
                answered += 1
            }
        }
        p.waitUntilExit()
        return (p.terminationStatus, said)
    }
}

extension PeerlinkClient {
    /// A head in their first years of headship with the NPQH completed: eligible for an early-headship cohort
    /// when their school is state-funded.
    func earlyHead(_ name: String, _ email: String, _ urn: Int32) throws -> Int64 {
        var p = Peerlink_V1_Person()
        p.name = name
        p.email = email
        p.urn = urn
        p.role = "Headteacher"
        p.headshipStart = "2024-09-01"
        p.npqh = "completed"
        var r = Peerlink_V1_PersonCreate()
        r.person = p
        return try personCreate(r).person.id
    }
}
