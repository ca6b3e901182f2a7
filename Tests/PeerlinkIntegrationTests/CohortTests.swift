import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
import Testing

/// Early-headship cohorts end to end: heads written into the database before the daemon starts (so loading at
/// start is exercised too), then the real CLI and client against the real daemon.
@Suite(.serialized) struct CohortTests {
    /// Primary schools in 13 authorities across 3 regions; the first two share a trust.
    static let regions = ["North West", "London", "South East"]

    static func primarySchool(_ i: Int) -> School {
        School(
            urn: 300_000 + i, name: "Primary \(i)", phase: .primary, type: i <= 2 ? "Academy converter" : "Community school",
            typeGroup: i <= 2 ? "Academies" : "Local authority maintained schools", laCode: 800 + i,
            laName: "Authority \(i)", region: regions[i % 3], trust: i <= 2 ? "Oak Trust" : nil)
    }

    /// Writes schools and people (ids given here) into a fresh database at `path`.
    static func seed(_ path: String) throws {
        var records: [any DirectoryRecord] = []
        let early = Day(iso: "2024-09-01")!
        func head(_ id: Int64, urn: Int, start: Day? = early, npqh: NPQHStatus = .completed) -> Person {
            Person(
                id: id, name: "Head \(id)", email: "head\(id)@example.sch.uk", urn: urn, role: "Headteacher",
                headshipStart: start, npqh: npqh)
        }
        for i in 1...13 {
            records.append(primarySchool(i))
            records.append(head(Int64(i), urn: 300_000 + i))
        }
        for i in 14...16 {
            records.append(
                School(
                    urn: 300_000 + i, name: "Special \(i)", phase: .notApplicable, type: "Community special school",
                    typeGroup: "Special schools", laCode: 800 + i, laName: "Authority \(i)", region: regions[i % 3]))
            records.append(head(Int64(i), urn: 300_000 + i))
        }
        records.append(
            School(
                urn: 300_017, name: "Independent 17", phase: .primary, type: "Other independent school",
                typeGroup: "Independent schools", laCode: 817, laName: "Authority 17", region: "London"))
        records.append(head(17, urn: 300_017))
        records.append(head(18, urn: 300_003, npqh: NPQHStatus.none))  // a second head at school 3, no NPQH
        records.append(head(19, urn: 300_004, start: Day(iso: "2015-09-01")!))
        // Facilitators: 20 works in the Oak Trust, so may not facilitate heads 1 or 2.
        for (id, i) in [(Int64(20), 20), (21, 21), (22, 22)] {
            records.append(
                School(
                    urn: 300_000 + i, name: "Facilitator School \(i)", phase: .secondary, type: "Academy converter",
                    typeGroup: "Academies", laCode: 800 + i, laName: "Authority \(i)", region: "London",
                    trust: i == 20 ? "Oak Trust" : "Elm Trust \(i)"))
            records.append(
                Person(id: id, name: "Facilitator \(id)", email: "f\(id)@example.org", urn: 300_000 + i, role: "Coach"))
        }
        records.append(primarySchool(23))
        records.append(head(23, urn: 300_023))
        let store = try Store(path: path)
        let results = store.commit([Change(records)])
        if let e = results.first ?? nil { throw HarnessError("seeding failed: \(e)") }
    }

    static func run(_ daemon: DaemonHarness, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try daemon.cli(["--socket", daemon.socketPath] + args)
    }

    @Test func cohortWorkflowEndToEnd() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try CohortTests.seed(daemon.databasePath)
        try daemon.start()
        defer { daemon.stop() }
        let name = "Spring 2027"

        let created = try Self.run(
            daemon, ["cohort", "create", name, "--cap", "15", "--group-size", "4-6", "--start", "2027-01-04"])
        #expect(created.status == 0, "\(created.err)")
        #expect(created.out.contains("cap 15, groups of 4-6, from 2027-01-04 to 2028-01-04"))

        // Eligible heads fill the cap in application order: 12 primary, 3 special.
        for id in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16] {
            let r = try Self.run(daemon, ["cohort", "apply", name, "--head", "\(id)"])
            #expect(r.status == 0, "\(r.err)")
            #expect(r.out.contains("Head \(id) (\(id)) is accepted"))
        }
        // Refusals name the failing rule.
        let independent = try Self.run(daemon, ["cohort", "apply", name, "--head", "17"])
        #expect(independent.status != 0)
        #expect(independent.err.contains("error: conflict (head): Head 17 is not eligible"))
        #expect(independent.err.contains("[state-funded]"))
        let noNPQH = try Self.run(daemon, ["cohort", "apply", name, "--head", "18"])
        #expect(noNPQH.err.contains("[npqh]"))
        #expect(!noNPQH.err.contains("[state-funded]"))
        let veteran = try Self.run(daemon, ["cohort", "apply", name, "--head", "19"])
        #expect(veteran.err.contains("[early-headship]"))

        // Beyond the cap: wait-listed in application order.
        let w1 = try Self.run(daemon, ["cohort", "apply", name, "--head", "13"])
        #expect(w1.out.contains("wait-listed for '\(name)', number 1 on the wait-list"), "\(w1.out)\(w1.err)")
        let w2 = try Self.run(daemon, ["cohort", "apply", name, "--head", "23"])
        #expect(w2.out.contains("number 2 on the wait-list"))

        // Withdrawing an accepted head promotes the first on the wait-list.
        let withdrawn = try Self.run(daemon, ["cohort", "withdraw", name, "--head", "5"])
        #expect(withdrawn.status == 0, "\(withdrawn.err)")
        #expect(withdrawn.out.contains("Head 5 (5) withdrew"))
        #expect(withdrawn.out.contains("Head 13 (13) is promoted from the wait-list"))

        for id in [20, 21, 22] {
            let f = try Self.run(daemon, ["cohort", "facilitator", "add", name, "--person", "\(id)", "--max-groups", "2"])
            #expect(f.status == 0, "\(f.err)")
        }
        let refusedFacilitator = try Self.run(
            daemon, ["cohort", "facilitator", "add", name, "--person", "1", "--max-groups", "1"])
        #expect(refusedFacilitator.err.contains("participant"))

        let show = try Self.run(daemon, ["cohort", "show", name])
        #expect(show.status == 0)
        #expect(show.out.contains("participants (15):"))
        #expect(show.out.contains("wait-list (1):"))
        #expect(show.out.contains("facilitators (3):"))
        let waitRow = try #require(show.out.split(separator: "\n").first { $0.contains("Head 23") })
        #expect(waitRow.hasPrefix("1 "))

        // A dry run stores nothing.
        let dry = try Self.run(daemon, ["cohort", "form", name, "--dry-run"])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.contains("dry run"))
        #expect(try Self.run(daemon, ["cohort", "show", name]).out.contains("groups (0):"))

        // Form: the quality figure and the unplaced special-school heads with the reason.
        let form = try Self.run(daemon, ["cohort", "form", name, "--seed", "7"])
        #expect(form.status == 0, "\(form.err)")
        #expect(form.out.contains("quality: groups formed"))
        #expect(form.out.contains("placed 12, unplaced 3, same-LA pairs 0"))
        #expect(form.out.contains("worst group score"))
        #expect(form.out.contains("only 3 special-school heads: below the minimum group size of 4"))

        let admin = try daemon.admin()
        var get = Peerlink_V1_CohortGet()
        get.cohort = name
        guard case .cohortGet(let view) = try admin.call(.cohortGet(get)) else { throw HarnessError("no cohort") }
        let groups = view.groups
        #expect(!groups.isEmpty)
        let facilitatorTrust: [Int64: String] = [20: "Oak Trust", 21: "Elm Trust 21", 22: "Elm Trust 22"]
        var facilitatorLoad: [Int64: Int] = [:]
        for g in groups {
            #expect((4...6).contains(g.members.count))
            #expect(Set(g.members.map(\.phase)) == ["primary"])
            let trusts = g.members.map(\.trust).filter { !$0.isEmpty }
            #expect(Set(trusts).count == trusts.count, "two heads of one trust in group \(g.number)")
            let f = try #require(g.hasFacilitatorID ? g.facilitatorID : nil)
            #expect(!trusts.contains(facilitatorTrust[f]!), "facilitator \(f) shares a trust with group \(g.number)")
            facilitatorLoad[f, default: 0] += 1
        }
        #expect(facilitatorLoad.values.allSatisfy { $0 <= 2 })
        #expect(groups.flatMap { $0.members.map(\.person.id) }.sorted() == [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13])

        // Sessions: six 90-minute sessions per group, on weekdays, no facilitator double-booked.
        let listed = try Self.run(daemon, ["cohort", "sessions", name])
        #expect(listed.status == 0, "\(listed.err)")
        var sr = Peerlink_V1_CohortSessions()
        sr.cohort = name
        guard case .cohortSessions(let sessions) = try admin.call(.cohortSessions(sr)) else {
            throw HarnessError("no sessions")
        }
        #expect(sessions.sessions.count == 6 * groups.count)
        // The same sessions as a calendar file: one group's six, each starting at its session's time in England.
        let ics = daemon.directory.appendingPathComponent("group1.ics")
        let exported = try Self.run(daemon, ["cohort", "sessions", name, "--group", "1", "--ics", ics.path])
        #expect(exported.status == 0 && exported.err.contains("6 events"), "\(exported.err)")
        let calendar = try String(contentsOf: ics, encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
        let starts = calendar.components(separatedBy: "\r\n").filter { $0.hasPrefix("DTSTART:") }
        let group1 = sessions.sessions.filter { $0.groupNumber == 1 }
        #expect(starts.count == 6 && calendar.components(separatedBy: "DURATION:PT90M").count == 7, "\(calendar)")
        for (line, s) in zip(starts, group1) {
            let t = ICalendar.unixSeconds(of: LocalDateTime(iso: s.start)!)
            #expect(line == "DTSTART:" + Self.utcStamp(t), "\(line) for \(s.start)")
        }
        #expect(calendar.contains("SUMMARY:\(name.replacingOccurrences(of: ",", with: "\\,")): group 1\\, session 1 of 6"), "\(calendar)")
        for g in groups {
            #expect(sessions.sessions.filter { $0.groupNumber == g.number }.map(\.number).sorted() == [1, 2, 3, 4, 5, 6])
        }
        var byFacilitator: [Int64: [(Int, Int)]] = [:]
        for s in sessions.sessions {
            #expect(s.minutes == 90)
            let start = try #require(LocalDateTime(iso: s.start))
            #expect(!start.day.isWeekend)
            #expect(start.day >= Day(iso: "2027-01-04")! && start.day < Day(iso: "2028-01-04")!)
            #expect(listed.out.contains(s.start.replacingOccurrences(of: "T", with: " ")))
            let begin = start.day.ordinal * 1440 + start.minute
            byFacilitator[s.facilitatorID, default: []].append((begin, begin + Int(s.minutes)))
        }
        for (f, spans) in byFacilitator {
            let sorted = spans.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0, "facilitator \(f) double-booked") }
        }

        // Re-forming with --keep keeps the groups (and their sessions).
        let before = Dictionary(uniqueKeysWithValues: groups.map { ($0.number, $0.members.map(\.person.id)) })
        let kept = try Self.run(daemon, ["cohort", "form", name, "--keep"])
        #expect(kept.status == 0, "\(kept.err)")
        #expect(kept.out.contains("kept members 12"))
        guard case .cohortGet(let after) = try admin.call(.cohortGet(get)) else { throw HarnessError("no cohort") }
        #expect(Dictionary(uniqueKeysWithValues: after.groups.map { ($0.number, $0.members.map(\.person.id)) }) == before)
        guard case .cohortSessions(let keptSessions) = try admin.call(.cohortSessions(sr)) else {
            throw HarnessError("no sessions")
        }
        #expect(keptSessions.sessions.map(\.id) == sessions.sessions.map(\.id))

        // Everything survives a restart (loaded from the store).
        daemon.stop()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let reloaded = try Self.run(again, ["cohort", "show", name, "--json"])
        #expect(reloaded.status == 0, "\(reloaded.err)")
        guard case .cohortGet(let reloadedView) = try again.admin().call(.cohortGet(get)) else {
            throw HarnessError("no cohort")
        }
        #expect(reloadedView == after)
    }

    @Test func rolesAreEnforced() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try CohortTests.seed(daemon.databasePath)
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        #expect(try Self.run(daemon, ["cohort", "create", "Autumn", "--start", "2027-09-01"]).status == 0)

        func token(_ role: String, person: Int64? = nil) throws -> PeerlinkClient {
            var create = Peerlink_V1_TokenCreate()
            create.role = role
            if let person { create.personID = person }
            guard case .tokenCreate(let t) = try admin.call(.tokenCreate(create)) else { throw HarnessError("no token") }
            return try PeerlinkClient(address: daemon.tcpAddress, token: t.secret, timeout: 5)
        }
        func code(_ body: () throws -> Void) -> ErrorCode? {
            do {
                try body()
                return nil
            } catch {
                guard case .server(let p) = error as? ClientError else { return nil }
                return p.code
            }
        }

        let head = try token("head", person: 3)
        var apply = Peerlink_V1_CohortApply()
        apply.cohort = "autumn"
        apply.personID = 4
        #expect(code { try head.call(.cohortApply(apply)) } == .forbidden)
        apply.personID = 0
        guard case .cohortApply(let mine) = try head.call(.cohortApply(apply)) else { throw HarnessError("no reply") }
        #expect(mine.person.id == 3 && mine.status == "accepted")
        var withdraw = Peerlink_V1_CohortWithdraw()
        withdraw.cohort = "Autumn"
        withdraw.personID = 3
        #expect(code { try head.call(.cohortWithdraw(withdraw)) } == nil)
        var get = Peerlink_V1_CohortGet()
        get.cohort = "Autumn"
        // A head reads a cohort scoped to their own place (CohortHeadViewTests): here, withdrawn, no one at all.
        guard case .cohortGet(let seen) = try head.call(.cohortGet(get)) else { throw HarnessError("no reply") }
        #expect(seen.participants.isEmpty && seen.waitList.isEmpty && seen.facilitators.isEmpty && seen.groups.isEmpty)
        var plan = Peerlink_V1_CohortForm()
        plan.cohort = "Autumn"
        #expect(code { try head.call(.cohortPlan(plan)) } == .forbidden)

        let adviser = try token("adviser")
        #expect(code { try adviser.call(.cohortGet(get)) } == nil)
        var create = Peerlink_V1_CohortCreate()
        create.name = "Adviser's"
        create.start = "2027-09-01"
        #expect(code { try adviser.call(.cohortCreate(create)) } == .forbidden)
        var form = Peerlink_V1_CohortForm()
        form.cohort = "Autumn"
        #expect(code { try adviser.call(.cohortForm(form)) } == .forbidden)

        let missing = try Self.run(daemon, ["cohort", "show", "Autum"])
        #expect(missing.status == 4)
        #expect(missing.err.contains("error: not_found (cohort): no cohort 'Autum'"))
    }

    /// `YYYYMMDDTHHMMSSZ` of Unix seconds, written independently of the exporter (Foundation's formatter).
    static func utcStamp(_ t: Int64) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_GB_POSIX")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}
