import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// Long pipelines on one connection that mix good writes, every kind of refused write and reads (issue 19): every
/// request is answered, in order, and every good write is committed and survives `kill -9`.
///
/// The frames are written all at once before any reply is read (raw pipelining), so the daemon sees the whole
/// pipeline queued behind each refused write; a dispatcher that stalled or dropped work after a refusal would
/// leave replies missing (the read times out) or good writes absent after the restart.
@Suite(.serialized) struct PipelineTests {
    /// What a request in the pipeline should get back.
    enum Expected {
        /// A created nomination for this (unique) email.
        case created(email: String)
        /// A refusal with this error code.
        case refused(ErrorCode)
        case pong(payload: String)
        case school(urn: Int32)
    }

    static let openURN: Int32 = 190001
    static let otherURN: Int32 = 190002
    static let closedURN: Int32 = 190003
    static let fullNomineeURN: Int32 = 190004
    static let unknownURN: Int32 = 199999

    /// The schools, a nominee whose one place is taken (so a further link to them is refused), through `admin`.
    /// Returns the full nominee's nomination id.
    static func prepare(_ admin: PeerlinkClient) throws -> Int64 {
        try admin.upsert(sampleSchool(urn: openURN, name: "Pipeline Primary", phase: "primary"))
        try admin.upsert(sampleSchool(urn: otherURN, name: "Other Pipeline School", phase: "primary"))
        var closed = sampleSchool(urn: closedURN, name: "Closed Pipeline School", phase: "primary")
        closed.status = "closed"
        try admin.upsert(closed)
        try admin.upsert(sampleSchool(urn: fullNomineeURN, name: "Full Nominee School", phase: "primary"))
        var r = Peerlink_V1_NominationCreate()
        r.urn = fullNomineeURN
        r.name = "Fay Full"
        r.email = "fay.full@full.sch.uk"
        r.role = "Maths lead"
        r.consent = true
        r.capacity = 1
        var area = Peerlink_V1_NominatedArea()
        area.area = "mathematics"
        r.areas = [area]
        guard case .nominationCreate(let v) = try admin.call(.nominationCreate(r)) else { throw HarnessError("no nomination") }
        try admin.call(.linkCreate(fullLink(v.nomination.id)))
        return v.nomination.id
    }

    static func fullLink(_ nomination: Int64) -> Peerlink_V1_LinkCreate {
        var link = Peerlink_V1_LinkCreate()
        link.urn = otherURN
        link.area = "mathematics"
        link.nominationID = nomination
        return link
    }

    static func create(urn: Int32, email: String, capacity: UInt32 = 2) -> Peerlink_V1_NominationCreate {
        var r = Peerlink_V1_NominationCreate()
        r.urn = urn
        r.name = "Nominee " + email.prefix { $0 != "@" }
        r.email = email
        r.role = "Teacher"
        r.consent = true
        r.capacity = capacity
        var area = Peerlink_V1_NominatedArea()
        area.area = "history"
        r.areas = [area]
        return r
    }

    /// `count` requests cycling through good writes, each kind of refusal and reads; `tag` keeps emails unique
    /// across pipelines.
    static func pipeline(count: Int, tag: String, fullNomination: Int64)
        -> [(WireRequest.OneOf_Operation, Expected)]
    {
        var out: [(WireRequest.OneOf_Operation, Expected)] = []
        for i in 0..<count {
            let email = "p\(tag)-\(i)@pipeline.sch.uk"
            switch i % 10 {
            case 0, 3, 6:
                out.append((.nominationCreate(create(urn: i % 20 == 0 ? otherURN : openURN, email: email)),
                    .created(email: email)))
            case 1:  // a URN no school has
                out.append((.nominationCreate(create(urn: unknownURN, email: email)), .refused(.notFound)))
            case 2:  // not an email address
                out.append((.nominationCreate(create(urn: openURN, email: "not-an-email-\(i)")), .refused(.badRequest)))
            case 4:  // a closed school
                out.append((.nominationCreate(create(urn: closedURN, email: email)), .refused(.conflict)))
            case 5:  // alternately a nominee with no place free, and a capacity out of range
                if i % 20 == 5 {
                    out.append((.linkCreate(fullLink(fullNomination)), .refused(.conflict)))
                } else {
                    out.append((.nominationCreate(create(urn: openURN, email: email, capacity: 1000)),
                        .refused(.badRequest)))
                }
            case 7:  // an operation only heads may use
                out.append((.engagementFeedback(Peerlink_V1_FeedbackGive()), .refused(.forbidden)))
            case 8:  // a malformed request: no URN at all
                var bad = create(urn: 0, email: email)
                bad.urn = 0
                out.append((.nominationCreate(bad), .refused(.badRequest)))
            default:  // reads between the writes
                if i % 20 == 9 {
                    var ping = Peerlink_V1_Ping()
                    ping.payload = Data("ping \(i)".utf8)
                    out.append((.ping(ping), .pong(payload: "ping \(i)")))
                } else {
                    var get = Peerlink_V1_SchoolGet()
                    get.urn = openURN
                    out.append((.schoolGet(get), .school(urn: openURN)))
                }
            }
        }
        return out
    }

    /// Writes every frame of `requests` in one go, then reads every reply; checks each is the answer to its
    /// request, in order. Returns the created nominations' ids by email.
    static func run(_ client: PeerlinkClient, _ requests: [(WireRequest.OneOf_Operation, Expected)],
                    firstID: UInt64) throws -> [String: Int64]
    {
        var bytes: [UInt8] = []
        for (k, (operation, _)) in requests.enumerated() {
            var request = WireRequest()
            request.id = firstID + UInt64(k)
            request.operation = operation
            bytes += try request.framed()
        }
        try client.sendRaw(bytes)
        var created: [String: Int64] = [:]
        for (k, (_, expected)) in requests.enumerated() {
            let reply = try client.receive()
            #expect(reply.id == firstID + UInt64(k), "reply \(k) answers request \(reply.id)")
            switch (expected, reply.result) {
            case (.created(let email), .nominationCreate(let v)?):
                #expect(v.nominee.email == email)
                created[email] = v.nomination.id
            case (.refused(let code), .error(let e)?):
                #expect(e.code == code.rawValue, "request \(k): \(e.message)")
            case (.pong(let payload), .ping(let pong)?):
                #expect(String(decoding: pong.payload, as: UTF8.self) == payload)
            case (.school(let urn), .schoolGet(let s)?):
                #expect(s.urn == urn)
            default:
                Issue.record("request \(k): expected \(expected), got \(String(describing: reply.result))")
            }
        }
        return created
    }

    /// The nominations each school lists (withdrawn ones too), by email.
    static func listed(_ client: PeerlinkClient, urns: [Int32]) throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for urn in urns {
            var r = Peerlink_V1_NominationList()
            r.urn = urn
            r.includeWithdrawn = true
            guard case .nominationList(let list) = try client.call(.nominationList(r)) else {
                throw HarnessError("no list")
            }
            for n in list.nominations { out[n.nominee.email] = n.nomination.id }
        }
        return out
    }

    @Test(arguments: ["unix", "tcp"])
    func everyRequestOfAPipelineWithRefusedWritesIsAnsweredInOrderAndGoodWritesSurviveKill9(transport: String) throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        let admin = try daemon.admin()
        let full = try Self.prepare(admin)
        let client: PeerlinkClient
        if transport == "tcp" {
            var t = Peerlink_V1_TokenCreate()
            t.role = "admin"
            guard case .tokenCreate(let created) = try admin.call(.tokenCreate(t)) else { throw HarnessError("no token") }
            client = try PeerlinkClient(address: daemon.tcpAddress, token: created.secret, timeout: 20)
        } else {
            client = try PeerlinkClient(address: .unixSocket(daemon.socketPath), clientName: "pipeline", timeout: 20)
        }

        // Three pipelines: 200 requests, then the issue's case (40 creates with the 10th refused), then 200 more
        // on the same connection, so a stall left behind by one pipeline would show in the next.
        var created = try Self.run(client, Self.pipeline(count: 200, tag: "a", fullNomination: full), firstID: 1000)
        var issue: [(WireRequest.OneOf_Operation, Expected)] = (0..<40).map { i in
            let email = "issue-\(i)@pipeline.sch.uk"
            return (.nominationCreate(Self.create(urn: Self.openURN, email: email)), .created(email: email))
        }
        issue[9] = (.nominationCreate(Self.create(urn: Self.unknownURN, email: "issue-9@pipeline.sch.uk")),
            .refused(.notFound))
        created.merge(try Self.run(client, issue, firstID: 5000)) { a, _ in a }
        created.merge(try Self.run(client, Self.pipeline(count: 200, tag: "b", fullNomination: full), firstID: 9000)) { a, _ in a }
        #expect(created.count == 60 + 39 + 60)

        // Every acknowledged write is in memory at once, and on disk after kill -9.
        let urns = [Self.openURN, Self.otherURN]
        #expect(try Self.listed(admin, urns: urns).filter { $0.key.hasSuffix("@pipeline.sch.uk") } == created)
        daemon.kill9()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let restarted = try again.admin()
        #expect(try Self.listed(restarted, urns: urns).filter { $0.key.hasSuffix("@pipeline.sch.uk") } == created)
        // No refused write left anything behind: the closed school has no nominations.
        #expect(try Self.listed(restarted, urns: [Self.closedURN]).isEmpty)
    }
}
