import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkImport
import PeerlinkStore
import PeerlinkWire
import Testing

/// `peerlink report coverage` finding the gaps, and `peerlink calendar` writing one person's `.ics`, against the
/// real daemon with the real CLI.
@Suite(.serialized) struct CoverageGapsTests {
    /// Surrey and Hampshire have maths nominees, Hampshire a history one; Kent has a school and no nominee.
    /// Open requests: Kent for maths and computing (which nobody offers), Surrey for history.
    static func started() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        try daemon.start()
        let admin = try daemon.admin()
        try admin.upsert(sampleSchool(urn: 410001, name: "Surrey Secondary"))
        var hants = sampleSchool(urn: 410002, name: "Hampshire Secondary", la: 850)
        hants.laName = "Hampshire"
        try admin.upsert(hants)
        var kent = sampleSchool(urn: 410003, name: "Kent Secondary", la: 886)
        kent.laName = "Kent"
        try admin.upsert(kent)
        _ = try LinksTests.nominate(admin, urn: 410001, name: "Sam Maths")
        _ = try LinksTests.nominate(admin, urn: 410002, name: "Hal Maths")
        _ = try LinksTests.nominate(admin, urn: 410002, name: "Hal History", areas: ["history"])
        for (urn, area) in [(410003, "mathematics"), (410003, "computing"), (410001, "history")] {
            var r = Peerlink_V1_LinkRequestCreate()
            r.urn = Int32(urn)
            r.area = area
            _ = try admin.linkRequest(r)
        }
        return daemon
    }

    @Test func coverageNamesTheLocalAuthorityWithNoneAndSetsDemandAgainstSupply() throws {
        let daemon = try Self.started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let s = ["--socket", daemon.socketPath]

        let table = try daemon.cli(s + ["report", "coverage"])
        #expect(table.status == 0, "\(table.err)")
        // The tables for people: sections apart by an empty line, columns apart by two or more spaces.
        let sections = table.out.components(separatedBy: "\n\n")
        func rows(_ heading: String) throws -> [[String]] {
            let section = try #require(sections.first { $0.hasPrefix(heading) }, "no '\(heading)' in\n\(table.out)")
            return section.split(separator: "\n").dropFirst().map { line in
                line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
        }
        let gapRows = try rows("LAs with no nominee, per area (of 3 LAs with open schools)")
        #expect(gapRows.contains(["Mathematics", "1", "Kent"]), "maths: one LA with none, Kent: \(gapRows)")
        #expect(gapRows.contains(["History", "2", "Kent, Surrey"]), "\(gapRows)")
        #expect(
            try rows("open requests against nominees in the same LA").contains(["Mathematics", "Kent", "1", "0", "1"])
        )
        #expect(try rows("areas asked for that nobody offers (1)").contains(["Computing", "1", "Kent 1"]))
        #expect(table.out.contains("areas with none, in any LA") && table.out.contains("Computing"))

        // --csv: the tables one after another, each read back with the project's CSV reader.
        let csv = try daemon.cli(s + ["--csv", "report", "coverage"])
        #expect(csv.status == 0, "\(csv.err)")
        let tables = try csv.out.components(separatedBy: "\r\n\r\n").map { try CSVTable(bytes: Array($0.utf8)) }
        #expect(tables.first?.encoding == .utf8BOM, "Excel needs the byte-order mark")
        func csvRows(_ header: [String]) throws -> [[String]] {
            try #require(tables.first { $0.header == header }, "no table \(header) in \(csv.out)").rows.map(\.fields)
        }
        let gaps = try csvRows(["area", "LAs with none", "which"])
        #expect(
            gaps.contains(["Mathematics", "1", "Kent"]) && gaps.contains(["History", "2", "Kent, Surrey"]),
            "\(gaps)"
        )
        let requests = try csvRows(["area", "LA", "open requests", "nominees", "short"])
        #expect(requests.contains(["Mathematics", "Kent", "1", "0", "1"]), "\(requests)")
        #expect(requests.contains(["History", "Surrey", "1", "0", "1"]), "\(requests)")
        #expect(try csvRows(["area", "open requests", "asked from"]) == [["Computing", "1", "Kent 1"]])

        // --xlsx FILE: one worksheet per table, read back with the project's own reader.
        let book = daemon.directory.appendingPathComponent("coverage.xlsx")
        let xlsx = try daemon.cli(s + ["--xlsx", book.path, "report", "coverage"])
        #expect(xlsx.status == 0, "\(xlsx.err)")
        let data = try Data(contentsOf: book)
        func sheetRows(_ name: String) throws -> [[String]] {
            try XLSXSheet(data: data, sheet: name).rows.map { row in
                (0..<(row.cells.keys.max() ?? -1) + 1).map { i -> String in
                    switch row.cells[i] {
                    case .text(let t)?: return t
                    case .number(let n)?: return n == n.rounded() ? "\(Int(n))" : "\(n)"
                    default: return ""
                    }
                }
            }
        }
        #expect(try sheetRows("gaps").contains(["Mathematics", "1", "Kent"]))
        #expect(try sheetRows("requests").contains(["Mathematics", "Kent", "1", "0", "1"]))
        #expect(
            try sheetRows("asked, none offered") == [
                ["area", "open requests", "asked from"], ["Computing", "1", "Kent 1"],
            ]
        )
        #expect(try sheetRows("coverage").first == ["area", "nominees", "open requests", "where"])
        #expect(throws: XLSXSheet.ReadError.self) { try XLSXSheet(data: data, sheet: "no such sheet") }

        // The typed reply for scripts and other clients.
        let report = try daemon.admin().coverageReport()
        let maths = try #require(report.areas.first { $0.area == "mathematics" })
        #expect(maths.groupsWithNone == ["Kent"] && maths.openRequests == 1)
        let kent = try #require(
            maths.groups.first { $0.group == "Kent" },
            "a group with demand and no supply is listed"
        )
        #expect(kent.count == 0 && kent.openRequests == 1)
        #expect(report.askedWithNone == ["computing"])
        let regional = try daemon.cli(s + ["report", "coverage", "--by", "region"])
        #expect(regional.out.contains("regions with no nominee, per area (of 1 regions"), "\(regional.out)")
    }

    // MARK: A person's calendar

    /// Head 1 at Hill Primary (and in cohort group 1), head 2 at Vale Primary, supporter 3 with two
    /// engagements (one per head), facilitator 4 of group 1.
    static func seedCalendar(_ path: String) throws {
        func at(_ iso: String) -> LocalDateTime { LocalDateTime(iso: iso)! }
        let start = Day(iso: "2027-01-04")!
        let records: [any DirectoryRecord] = [
            School(
                urn: 420001,
                name: "Hill Primary",
                phase: .primary,
                laCode: 936,
                laName: "Surrey",
                region: "South East"
            ),
            School(
                urn: 420002,
                name: "Vale Primary",
                phase: .primary,
                laCode: 936,
                laName: "Surrey",
                region: "South East"
            ),
            Person(id: 1, name: "Ada Alpha", email: "ada@hill.sch.uk", urn: 420001, role: "Headteacher"),
            Person(id: 2, name: "Bea Beta", email: "bea@vale.sch.uk", urn: 420002, role: "Headteacher"),
            Person(id: 3, name: "Cal Cedar", email: "cal@hill.sch.uk", urn: 420001, role: "Executive head"),
            Person(id: 4, name: "Fay Facilitator", email: "fay@vale.sch.uk", urn: 420002, role: "Coach"),
            SupporterProfile(id: 1, personID: 3, summary: "Coach", skills: []),
            SupportRequest(id: 1, headID: 1, concerns: [], mode: .online, status: .engaged, createdAt: 0, updatedAt: 0),
            SupportRequest(id: 2, headID: 2, concerns: [], mode: .online, status: .engaged, createdAt: 0, updatedAt: 0),
            Engagement(id: 1, requestID: 1, headID: 1, profileID: 1, start: start, createdAt: 0, updatedAt: 0),
            Engagement(id: 2, requestID: 2, headID: 2, profileID: 1, start: start, createdAt: 0, updatedAt: 0),
            EngagementMeeting(
                id: 1,
                engagementID: 1,
                start: at("2027-01-14T10:00"),
                minutes: 60,
                mode: .inPerson,
                recordedBy: 3,
                recordedAt: 0
            ),
            EngagementMeeting(
                id: 2,
                engagementID: 1,
                start: at("2027-06-10T14:00"),
                minutes: 45,
                mode: .online,
                recordedBy: 3,
                recordedAt: 0
            ),
            EngagementMeeting(
                id: 3,
                engagementID: 2,
                start: at("2027-02-01T09:00"),
                minutes: 30,
                mode: .online,
                recordedBy: 3,
                recordedAt: 0
            ),
            Cohort(id: 1, name: "Spring 2027", cap: nil, minGroupSize: 4, maxGroupSize: 6, start: start),
            CohortGroup(id: 1, cohortID: 1, number: 1, phase: .primary, memberIDs: [1], facilitatorID: 4),
            CohortSession(id: 1, cohortID: 1, groupID: 1, number: 1, facilitatorID: 4, start: at("2027-01-20T11:30")),
        ]
        let results = try Store(path: path).commit([Change(records)])
        if let e = results.first ?? nil { throw HarnessError("seeding failed: \(e)") }
    }

    @Test func calendarWritesAPersonsMeetingsAndSessionsAndRefusesAnotherHeads() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try Self.seedCalendar(daemon.databasePath)
        try daemon.start()
        defer { daemon.stop() }
        let s = ["--socket", daemon.socketPath]

        let ics = daemon.directory.appendingPathComponent("ada.ics")
        let admin = try daemon.cli(s + ["calendar", "--person", "1", "--ics", ics.path])
        #expect(admin.status == 0 && admin.err.contains("wrote \(ics.path): 3 events"), "\(admin.err)")
        #expect(admin.out.contains("Spring 2027: group 1, session 1 of 6"), "\(admin.out)")
        let text = try String(contentsOf: ics, encoding: .utf8)
        let events = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "BEGIN:VEVENT")
            .dropFirst()
        func field(_ event: String, _ name: String) -> String? {
            event.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ":") }.map {
                String($0.dropFirst(name.count + 1))
            }
        }
        #expect(events.map { field($0, "DTSTART") } == ["20270114T100000Z", "20270120T113000Z", "20270610T130000Z"])
        #expect(events.map { field($0, "DURATION") } == ["PT60M", "PT90M", "PT45M"])
        #expect(
            events.map { field($0, "SUMMARY") } == [
                "Peer support meeting (in-person)", "Spring 2027: group 1\\, session 1 of 6",
                "Peer support meeting (online)",
            ]
        )
        for name in ["Ada", "Bea", "Cal", "Fay"] { #expect(!text.contains(name), "the calendar names \(name)") }

        // A head's own token: their own calendar, and never another head's.
        let token = try daemon.cli(s + ["token", "create", "--role", "head", "--person", "2"])
        #expect(token.status == 0, "\(token.err)")
        let bea = [
            "PEERLINK_SERVER": "127.0.0.1:\(daemon.tcpPort)",
            "PEERLINK_TOKEN": token.out.trimmingCharacters(in: .whitespacesAndNewlines),
        ]
        let own = try daemon.cli(["--json", "calendar"], environment: bea)
        #expect(own.status == 0, "\(own.err)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(own.out.utf8)) as? [String: Any])
        let uids = (reply["events"] as? [[String: Any]] ?? []).compactMap { $0["uid"] as? String }
        #expect(uids == ["meeting-3@peerlink"], "\(own.out)")
        let other = daemon.directory.appendingPathComponent("other.ics")
        let refused = try daemon.cli(["calendar", "--person", "1", "--ics", other.path], environment: bea)
        #expect(refused.status == 5, "\(refused.out)\(refused.err)")
        #expect(refused.err.contains("forbidden (person_id)") && !refused.err.contains("Ada"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: other.path))

        // The supporter's and the facilitator's, by an admin.
        let supporter = try daemon.cli(s + ["--json", "calendar", "--person", "3"])
        #expect(supporter.out.components(separatedBy: "\"engagement-meeting\"").count == 4, "\(supporter.out)")
        let facilitator = try daemon.cli(s + ["calendar", "--person", "4"])
        #expect(facilitator.out.contains("cohort-session") && !facilitator.out.contains("engagement-meeting"))
        let missing = try daemon.cli(s + ["calendar", "--person", "99"])
        #expect(missing.status == 4 && missing.err.contains("no person with id 99"), "\(missing.err)")
    }
}
