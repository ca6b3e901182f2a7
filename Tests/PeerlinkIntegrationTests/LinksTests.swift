import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkImport
import PeerlinkWire
import Testing

/// Link matching, links, networks and coverage against the real daemon, loaded from a real GIAS extract.
@Suite(.serialized) struct LinksTests {
    /// The Hampshire and Surrey primary extract the import tests use.
    static let giasPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PeerlinkImportTests/Fixtures/gias/hampshire_surrey_primary_20220420_gias.csv").path

    /// Every school in the extract, as GIASReader parses it.
    static func giasSchools() throws -> [School] {
        let bytes = try #require(FileManager.default.contents(atPath: giasPath))
        let parsed = GIASReader.establishments(Array(bytes))
        #expect(parsed.records.count > 1000)
        return parsed.records
    }

    /// Sends `school_upsert` for each school, pipelined so the daemon's group commit batches them.
    static func load(_ schools: [School], into client: PeerlinkClient) throws {
        var start = 0
        while start < schools.count {
            let chunk = schools[start..<min(start + 200, schools.count)]
            for s in chunk {
                var r = Peerlink_V1_SchoolUpsert()
                r.school = s.wire
                _ = try client.send(.schoolUpsert(r))
            }
            for s in chunk {
                let reply = try client.receive()
                if case .error(let e) = reply.result { Issue.record("school \(s.urn) refused: \(e.message)") }
            }
            start += chunk.count
        }
    }

    static func nominate(
        _ client: PeerlinkClient, urn: Int, name: String, areas: [String] = ["mathematics"], capacity: UInt32 = 2,
        role: String = "Maths lead"
    ) throws -> Int64 {
        var r = Peerlink_V1_NominationCreate()
        r.urn = Int32(urn)
        r.name = name
        r.email = name.lowercased().replacingOccurrences(of: " ", with: ".") + "@school.sch.uk"
        r.role = role
        r.consent = true
        r.capacity = capacity
        r.areas = areas.map { a in
            var n = Peerlink_V1_NominatedArea()
            n.area = a
            n.strength = "Leads \(a) across the school"
            return n
        }
        guard case .nominationCreate(let v) = try client.call(.nominationCreate(r)) else {
            throw HarnessError("no nomination")
        }
        return v.nomination.id
    }

    static func match(
        _ client: PeerlinkClient, urn: Int, area: String = "mathematics", mode: String = "", maxKm: Double? = nil,
        limit: UInt32 = 10, weights: [String: Double] = [:], related: Bool = false
    ) throws -> Peerlink_V1_LinkMatchReply {
        var q = Peerlink_V1_LinkMatch()
        q.urn = Int32(urn)
        q.area = area
        q.mode = mode
        q.related = related
        if let maxKm { q.maxKm = maxKm }
        q.limit = limit
        q.weights = weights
        guard case .linkMatch(let m) = try client.call(.linkMatch(q)) else { throw HarnessError("no match reply") }
        return m
    }

    static func link(_ client: PeerlinkClient, urn: Int, nomination: Int64, area: String = "mathematics") throws
        -> Peerlink_V1_LinkView
    {
        var r = Peerlink_V1_LinkCreate()
        r.urn = Int32(urn)
        r.area = area
        r.nominationID = nomination
        guard case .linkCreate(let v) = try client.call(.linkCreate(r)) else { throw HarnessError("no link") }
        return v
    }

    /// A daemon loaded with the whole extract, 40 generated maths nominations at schools spread through it,
    /// and one at the requesting school itself. Returns the requester and the nominated schools.
    static func loadedDaemon() throws -> (DaemonHarness, requester: School, nominated: [Int64: School]) {
        let schools = try giasSchools()
        let daemon = try DaemonHarness()
        try daemon.start(extraArguments: ["--synchronous", "normal"])
        let admin = try daemon.admin()
        try load(schools, into: admin)
        let usable = schools.filter { $0.status == .open && $0.easting != nil && $0.northing != nil }
        let requester = usable[usable.count / 2]
        var nominated: [Int64: School] = [:]
        for (i, s) in usable.enumerated() where i % 25 == 0 && s.urn != requester.urn {
            nominated[try nominate(admin, urn: s.urn, name: "Nominee \(s.urn)")] = s
        }
        _ = try nominate(admin, urn: requester.urn, name: "Own Staff")
        return (daemon, requester, nominated)
    }

    @Test func matchOnRealRegisterRanksByScoreAndExplainsEachHit() throws {
        let (daemon, requester, nominated) = try Self.loadedDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()

        let m = try Self.match(admin, urn: requester.urn, area: "Maths", mode: "in-person", limit: 15)
        #expect(m.requester.name == requester.name)
        #expect(m.area.id == "mathematics")
        #expect(m.considered == UInt32(nominated.count + 1))
        #expect(m.excluded["same-school"] == 1)
        #expect(m.hits.count == 15)
        let w = m.weights
        #expect(w.expertise == 3 && w.novelty == 1.5)  // the configured defaults
        for (i, h) in m.hits.enumerated() {
            let school = try #require(nominated[h.nominationID], "hit \(h.nominationID) is not a generated nominee")
            // The hit names the nominee and the school as the register has it.
            #expect(h.nomineeName == "Nominee \(school.urn)")
            #expect(h.nomineeRole == "Maths lead")
            #expect(h.school.urn == Int32(school.urn) && h.school.name == school.name)
            #expect(h.school.laName == school.laName && h.school.phase == school.phase.rawValue)
            #expect(h.school.trust == (school.trust ?? ""))
            // The total is the weighted sum of the components shown (single precision on the wire).
            let s = h.scores
            let weighted: [Float] = [
                w.expertise * s.expertise, w.context * s.context, w.proximity * s.proximity, w.novelty * s.novelty,
                w.availability * s.availability,
            ]
            #expect(abs(weighted.reduce(0, +) - h.total) < 1e-5)
            #expect(s.expertise == 1 && s.availability == 1)
            // Reasons: the area first, the phase, the distance, novelty and the places free.
            let reasons = m.reasons(of: h)
            #expect(reasons.first == "covers Mathematics")
            #expect(reasons.contains("same phase"))
            #expect(reasons.contains { $0.hasSuffix(" km") })
            #expect(reasons.contains("no earlier link"))
            #expect(reasons.last == "2 of 2 places free")
            let dx = Double(school.easting! - requester.easting!), dy = Double(school.northing! - requester.northing!)
            let km = (dx * dx + dy * dy).squareRoot() / 1000
            #expect(abs(Double(h.distanceKm) - km) < 1e-5)
            // Best first; equal totals by nomination id.
            if i > 0 {
                let prev = m.hits[i - 1]
                #expect(prev.total > h.total || (prev.total == h.total && prev.nominationID < h.nominationID))
            }
        }

        // With only proximity weighted, the order is nearest first, checked against the register's grid.
        let near = try Self.match(
            admin, urn: requester.urn, mode: "in-person", limit: 100,
            weights: ["expertise": 0, "context": 0, "novelty": 0, "availability": 0])
        let byDistance = nominated.map { id, s -> (Int64, Double) in
            let dx = Double(s.easting! - requester.easting!), dy = Double(s.northing! - requester.northing!)
            return (id, dx * dx + dy * dy)
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        #expect(near.hits.map(\.nominationID) == byDistance)

        // A distance limit removes the far ones and says how many.
        let within = try Self.match(admin, urn: requester.urn, mode: "in-person", maxKm: 15, limit: 100)
        #expect(!within.hits.isEmpty && within.hits.allSatisfy { $0.distanceKm <= 15 })
        #expect(Int(within.excluded["distance"] ?? 0) == nominated.count - within.hits.count)

        // Unknown URN and area: clear errors that suggest the nearest valid ones.
        do {
            _ = try Self.match(admin, urn: requester.urn, area: "mathz")
            Issue.record("unknown area accepted")
        } catch ClientError.server(let e) {
            #expect(e.code == .notFound && e.field == "area")
            #expect(e.message.contains("did you mean 'mathematics'"))
        }
        do {
            _ = try Self.match(admin, urn: requester.urn * 10)
            Issue.record("unknown URN accepted")
        } catch ClientError.server(let e) {
            #expect(e.code == .notFound && e.field == "urn")
            // One keystroke from the typed URN: the register has several such neighbours, named with their URNs.
            #expect(e.message.contains("no school with URN \(requester.urn * 10); did you mean "))
        }
    }

    @Test func aHitNamesTheRelatedAreaItCoversAndNoAreaWhenItCoversTheOneAsked() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        for (urn, name) in [(300001, "Asker"), (300003, "Science School"), (300004, "Physics School")] {
            try admin.upsert(sampleSchool(urn: Int32(urn), name: name))
        }
        let science = try Self.nominate(admin, urn: 300003, name: "Sam Science", areas: ["science"])
        let physics = try Self.nominate(admin, urn: 300004, name: "Phil Physics", areas: ["physics"])

        #expect(try Self.match(admin, urn: 300001, area: "science").hits.map(\.nominationID) == [science])
        let m = try Self.match(admin, urn: 300001, area: "science", related: true)
        #expect(m.area.id == "science" && m.relatedAreas.contains("physics"))
        let exact = try #require(m.hits.first { $0.nominationID == science })
        let near = try #require(m.hits.first { $0.nominationID == physics })
        #expect(exact.relatedArea == "" && m.reasons(of: exact).first == "covers Science")
        #expect(near.relatedArea == "physics" && m.reasons(of: near).first == "related area: Physics")
        #expect(near.scores.expertise == 0.5 && exact.scores.expertise == 1)
    }

    @Test func linksUseCapacityAndClosingFreesIt() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        for (urn, name, east) in [(300001, "Asker One", 500), (300002, "Asker Two", 502), (300003, "Helper School", 510),
            (300004, "Other Helper", 530)]
        {
            var s = sampleSchool(urn: Int32(urn), name: name)
            s.easting = Int32(east * 1000)
            s.northing = 150_000
            try admin.upsert(s)
        }
        let helper = try Self.nominate(admin, urn: 300003, name: "Hana Help", capacity: 2)
        let other = try Self.nominate(admin, urn: 300004, name: "Otto Other", capacity: 2)
        #expect(try Self.match(admin, urn: 300001).hits.map(\.nominationID) == [helper, other])

        // A request, then a link answering it.
        var request = Peerlink_V1_LinkRequestCreate()
        request.urn = 300001
        request.area = "maths"
        request.notes = "Year 5 fractions"
        guard case .linkRequest(let asked) = try admin.call(.linkRequest(request)) else { throw HarnessError("no request") }
        #expect(asked.schoolName == "Asker One" && asked.areaName == "Mathematics" && asked.status == "open")
        var create = Peerlink_V1_LinkCreate()
        create.requestID = asked.id
        create.nominationID = helper
        guard case .linkCreate(let first) = try admin.call(.linkCreate(create)) else { throw HarnessError("no link") }
        #expect(first.requesterName == "Asker One" && first.nomineeName == "Hana Help")
        #expect(first.nomineeSchoolName == "Helper School" && first.nomineeOpenLinks == 1 && first.nomineeCapacity == 2)

        // One place left: still matched, now with fewer places free and the earlier link counted.
        let half = try Self.match(admin, urn: 300001)
        let h = try #require(half.hits.first { $0.nominationID == helper })
        #expect(half.reasons(of: h).contains("1 of 2 places free") && half.reasons(of: h).contains("linked once before"))
        #expect(h.scores.availability == 0.5)

        // Straight from a match, for a second school: now full, so gone from later matches.
        let second = try Self.link(admin, urn: 300002, nomination: helper)
        #expect(second.nomineeOpenLinks == 2)
        let full = try Self.match(admin, urn: 300001)
        #expect(full.hits.map(\.nominationID) == [other])
        #expect(full.excluded["full"] == 1)
        do {
            _ = try Self.link(admin, urn: 300001, nomination: helper)
            Issue.record("a full nomination took a link")
        } catch ClientError.server(let e) {
            #expect(e.code == .conflict && e.message.contains("no spare capacity"))
        }

        // Closing a link brings the nominee back.
        var close = Peerlink_V1_LinkClose()
        close.id = first.id
        close.outcome = "Two visits; new fractions scheme"
        guard case .linkClose(let closed) = try admin.call(.linkClose(close)) else { throw HarnessError("no close") }
        #expect(closed.status == "closed" && closed.outcome == "Two visits; new fractions scheme")
        #expect(closed.nomineeOpenLinks == 1)
        #expect(try Self.match(admin, urn: 300001).hits.map(\.nominationID).contains(helper))

        // Listing: names, and --open leaves the closed link out.
        var list = Peerlink_V1_LinkList()
        list.urn = 300001
        guard case .linkList(let all) = try admin.call(.linkList(list)) else { throw HarnessError("no list") }
        #expect(all.links.map(\.id) == [first.id] && all.requests.map(\.status) == ["linked"])
        list.openOnly = true
        guard case .linkList(let open) = try admin.call(.linkList(list)) else { throw HarnessError("no list") }
        #expect(open.links.isEmpty)

        // A recorded local network makes the two schools "usually linked": lower novelty, and said so.
        let before = try Self.match(admin, urn: 300001).hits.first { $0.nominationID == other }!
        var network = Peerlink_V1_LocalNetworkAdd()
        network.name = "West Heads Group"
        network.urns = [300001, 300004]
        guard case .networkAdd(let n) = try admin.call(.networkAdd(network)) else { throw HarnessError("no network") }
        #expect(n.members.map(\.name) == ["Asker One", "Other Helper"])
        let afterMatch = try Self.match(admin, urn: 300001)
        let after = try #require(afterMatch.hits.first { $0.nominationID == other })
        #expect(after.scores.novelty < before.scores.novelty)
        #expect(afterMatch.reasons(of: after).contains("same network (West Heads Group)"))

        // An adviser over TCP may match and link; the daemon survives a restart with the links in place.
        guard case .tokenCreate(let t) = try admin.call(.tokenCreate({
            var r = Peerlink_V1_TokenCreate()
            r.role = "adviser"
            return r
        }())) else { throw HarnessError("no token") }
        let adviser = try PeerlinkClient(address: daemon.tcpAddress, token: t.secret)
        #expect(try Self.match(adviser, urn: 300002).hits.count == 2)
        daemon.stop()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let reloaded = try Self.match(try again.admin(), urn: 300001)
        #expect(reloaded.hits.first { $0.nominationID == helper }.map(reloaded.reasons(of:))?.contains("linked once before") == true)
        #expect(reloaded.excluded["full"] == nil)
    }

    /// Kept replies are handed to the socket from where they lie, between the other bytes of a connection's
    /// output. Hundreds of large ones asked at once, not read until all are sent, fill the socket: what it
    /// does not take is copied into a write request, from the middle of a reply. Every reply must arrive
    /// whole, in order, each with its own id.
    @Test func manyKeptRepliesPipelinedArriveWholeAndInOrder() throws {
        let (daemon, requester, _) = try Self.loadedDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let first = try Self.match(admin, urn: requester.urn, limit: 100)
        #expect(first.hits.count > 20)
        var q = Peerlink_V1_LinkMatch()
        q.urn = Int32(requester.urn)
        q.area = "mathematics"
        q.limit = 100
        var bytes: [UInt8] = []
        let count = 800
        for i in 0..<count {
            var req = WireRequest()
            req.id = UInt64(1_000 + i * 977)  // ids of one to three varint bytes
            req.operation = .linkMatch(q)
            bytes += try req.framed()
        }
        try admin.sendRaw(bytes)
        Thread.sleep(forTimeInterval: 0.5)  // let the daemon answer them all before anything is read
        for i in 0..<count {
            let reply = try admin.receive()
            #expect(reply.id == UInt64(1_000 + i * 977))
            guard case .linkMatch(let m) = reply.result, m == first else {
                Issue.record("reply \(i) differs: \(reply)")
                return
            }
        }
        // All 800 were sent from the reply kept for the first match (the same query bytes), not computed.
        let json = try daemon.cli(["--socket", daemon.socketPath, "--json", "status"])
        let figures = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["reply_cache"] as? [String: Any])
        #expect(figures["hits"] as? Int == count && figures["misses"] as? Int == 1)
    }

    /// The real daemon keeps a match's reply and sends it again, over TCP as over the socket, until a write
    /// changes what matches read; `peerlink status` counts both.
    @Test func repeatedMatchesAreAnsweredFromKeptRepliesUntilAWriteAndStatusSaysSo() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        try admin.upsert(sampleSchool(urn: 330001, name: "Asker School"))
        try admin.upsert(sampleSchool(urn: 330002, name: "Helper School"))
        let helper = try Self.nominate(admin, urn: 330002, name: "Hana Help", capacity: 1)
        let first = try Self.match(admin, urn: 330001)
        #expect(first.hits.map(\.nominationID) == [helper])
        for _ in 0..<3 { #expect(try Self.match(admin, urn: 330001) == first) }

        let s = ["--socket", daemon.socketPath]
        let status = try daemon.cli(s + ["status"])
        #expect(status.status == 0, "\(status.err)")
        #expect(status.out.contains("1 kept, 3 answered from them, 1 computed (up to 24 MiB)"), "\(status.out)")

        // The only place is taken: the kept reply is not sent again.
        _ = try Self.link(admin, urn: 330001, nomination: helper)
        let full = try Self.match(admin, urn: 330001)
        #expect(full.hits.isEmpty && full.excluded["full"] == 1)
        let json = try daemon.cli(s + ["--json", "status"])
        let figures = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["reply_cache"] as? [String: Any])
        #expect(figures["hits"] as? Int == 3 && figures["misses"] as? Int == 2)
    }

    @Test func coverageReportShowsAreasWithNone() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        try admin.upsert(sampleSchool(urn: 310001, name: "Surrey Secondary"))
        var hants = sampleSchool(urn: 310002, name: "Hampshire Secondary", la: 850)
        hants.laName = "Hampshire"
        try admin.upsert(hants)
        _ = try Self.nominate(admin, urn: 310001, name: "Sam Maths")
        _ = try Self.nominate(admin, urn: 310002, name: "Hal Maths")
        let history = try Self.nominate(admin, urn: 310002, name: "Hal History", areas: ["history"], capacity: 1)
        _ = try Self.link(admin, urn: 310001, nomination: history, area: "history")  // now full

        let s = ["--socket", daemon.socketPath]
        let json = try daemon.cli(s + ["report", "coverage", "--json"])
        #expect(json.status == 0, "\(json.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let none = try #require(obj["areas_with_none"] as? [String])
        #expect(none.contains("history") && none.contains("computing") && !none.contains("mathematics"))
        let areas = try #require(obj["areas"] as? [[String: Any]])
        let maths = try #require(areas.first { $0["area"] as? String == "mathematics" })
        #expect(maths["total"] as? Int == 2)
        let groups = (maths["groups"] as? [[String: Any]] ?? []).compactMap { $0["group"] as? String }
        #expect(groups == ["Hampshire", "Surrey"])

        let table = try daemon.cli(s + ["report", "coverage", "--by", "region"])
        #expect(table.status == 0)
        let cells = table.out.split(separator: "\n").map {
            $0.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(cells.contains(["Mathematics", "2", "0", "South East 2"]), "\(table.out)")
        #expect(table.out.contains("areas with none") && table.out.contains("History"))
        let bad = try daemon.cli(s + ["report", "coverage", "--phase", "secundary"])
        #expect(bad.status != 0 && bad.err.contains("not a phase"))
    }

    @Test func cliMatchTableNamesTheReasonsAndLinkCommandsWork() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        var asker = sampleSchool(urn: 320001, name: "Brook Academy")
        asker.trust = "River Trust"
        try admin.upsert(asker)
        var helper = sampleSchool(urn: 320002, name: "Vale School")
        helper.trust = "River Trust"
        try admin.upsert(helper)
        try admin.upsert(sampleSchool(urn: 320003, name: "Hill School"))
        let vale = try Self.nominate(admin, urn: 320002, name: "Val Jones", role: "Head of Maths")
        let hill = try Self.nominate(admin, urn: 320003, name: "Hil Patel", role: "Maths lead")

        let s = ["--socket", daemon.socketPath]
        let out = try daemon.cli(s + ["match", "link", "--urn", "320001", "--area", "maths"])
        #expect(out.status == 0, "\(out.err)")
        #expect(out.out.contains("Mathematics for Brook Academy (URN 320001"))
        #expect(out.out.contains("reasons"))
        let lines = out.out.split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.hasPrefix("1  ") })
        let second = try #require(lines.first { $0.hasPrefix("2  ") })
        // Different trust beats same trust, and the table says why.
        #expect(first.contains("Hil Patel") && first.contains("Hill School") && first.contains("different trust"))
        #expect(second.contains("Val Jones") && second.contains("same trust (River Trust)"))
        #expect(first.contains("covers Mathematics; same phase"))
        // JSON for scripts: each hit carries its reasons as text, not the wire's positions in a shared list.
        let json = try daemon.cli(s + ["--json", "match", "link", "--urn", "320001", "--area", "maths"])
        #expect(json.status == 0, "\(json.err)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let hits = try #require(reply["hits"] as? [[String: Any]])
        #expect(hits.map { $0["nominee_name"] as? String } == ["Hil Patel", "Val Jones"])
        let reasons = hits.map { $0["reasons"] as? [String] ?? [] }
        #expect(reasons[0].starts(with: ["covers Mathematics", "same phase"]) && reasons[0].contains("different trust"))
        #expect(reasons[1].contains("same trust (River Trust)"))
        #expect(reply["reason_phrases"] == nil && hits.allSatisfy { $0["reason_indexes"] == nil })

        let weighted = try daemon.cli(s + ["match", "link", "--urn", "320001", "--area", "maths", "--weight", "novelty=0"])
        #expect(weighted.out.contains("novelty 0, availability 1"))
        let typo = try daemon.cli(s + ["match", "link", "--urn", "320001", "--area", "maths", "--weight", "novely=2"])
        #expect(typo.status != 0 && typo.err.contains("did you mean 'novelty'"))
        let unknown = try daemon.cli(s + ["match", "link", "--urn", "320001", "--area", "mathz"])
        #expect(unknown.status == 4 && unknown.err.contains("error: not_found (area): no area 'mathz'; did you mean 'mathematics'"))

        let req = try daemon.cli(s + ["link", "request", "--urn", "320001", "--area", "maths", "--notes", "KS2 reasoning"])
        #expect(req.status == 0 && req.out.contains("Brook Academy (URN 320001) asks for help in Mathematics"))
        let reqID = req.out.split(separator: ":")[0].split(separator: " ")[1]
        let made = try daemon.cli(s + ["link", "create", "--request", String(reqID), "--nomination", "\(hill)"])
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.contains("Brook Academy (URN 320001) ↔ Hil Patel at Hill School (URN 320003) for Mathematics"))
        let direct = try daemon.cli(s + ["link", "create", "--urn", "320001", "--area", "maths", "--nomination", "\(vale)"])
        #expect(direct.status == 0, "\(direct.err)")
        let listed = try daemon.cli(s + ["link", "list", "--urn", "320001", "--open"])
        #expect(listed.out.contains("Hil Patel") && listed.out.contains("Val Jones"))
        let closed = try daemon.cli(s + ["link", "close", "1", "--outcome", "Good"])
        #expect(closed.status == 0 && closed.out.contains("link 1 closed"))
        let net = try daemon.cli(s + ["network", "add", "Brook Cluster", "--urn", "320001", "--urn", "320003"])
        #expect(net.status == 0 && net.out.contains("Brook Academy (320001), Hill School (320003)"))
        let nets = try daemon.cli(s + ["network", "list"])
        #expect(nets.out.contains("Brook Cluster"))
    }

    @Test func pythonClientMatchesAndLinks() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/python/test_links.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [script, "--socket", daemon.socketPath]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(message)")
    }
}
