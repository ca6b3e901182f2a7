import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// Issue 18, the trust boundary, against the real daemon: a head's, supporter's or admin's own token, or none,
/// over TCP.
@Suite(.serialized) struct TrustBoundaryIntegrationTests {
    struct Setup {
        let admin: PeerlinkClient
        let headA: Int64, headB: Int64
        let tokenA: String, tokenB: String
    }

    func token(_ admin: PeerlinkClient, role: String, person: Int64? = nil, expiresAt: Int64? = nil) throws
        -> Peerlink_V1_TokenCreated
    {
        var r = Peerlink_V1_TokenCreate()
        r.role = role
        if let person { r.personID = person }
        if let expiresAt { r.expiresAt = expiresAt }
        guard case .tokenCreate(let t) = try admin.call(.tokenCreate(r)) else { throw HarnessError("no token") }
        return t
    }

    func person(_ admin: PeerlinkClient, _ name: String, _ email: String, urn: Int32) throws -> Peerlink_V1_PersonView {
        var p = Peerlink_V1_PersonCreate()
        p.person.name = name
        p.person.email = email
        p.person.urn = urn
        p.person.role = "Headteacher"
        p.person.headshipStart = "2020-09-01"
        guard case .personCreate(let v) = try admin.call(.personCreate(p)) else { throw HarnessError("no person") }
        return v
    }

    func getPerson(_ admin: PeerlinkClient, _ id: Int64) throws -> Peerlink_V1_Person {
        var g = Peerlink_V1_PersonGet()
        g.id = id
        guard case .personGet(let v) = try admin.call(.personGet(g)) else { throw HarnessError("no person") }
        return v.person
    }

    func setUp(_ daemon: DaemonHarness) throws -> Setup {
        let admin = try daemon.admin()
        try admin.upsert(sampleSchool(urn: 400001, name: "Hill School"))
        try admin.upsert(sampleSchool(urn: 400002, name: "Vale School"))
        let a = try person(admin, "Ann Head", "ann@hill.sch.uk", urn: 400001).person.id
        let b = try person(admin, "Bob Head", "bob@vale.sch.uk", urn: 400002).person.id
        return Setup(
            admin: admin, headA: a, headB: b, tokenA: try token(admin, role: "head", person: a).secret,
            tokenB: try token(admin, role: "head", person: b).secret)
    }

    func serverError(_ body: () throws -> Void) -> PeerlinkError? {
        do {
            try body()
            return nil
        } catch {
            guard case .server(let p) = error as? ClientError else { return nil }
            return p
        }
    }

    @Test func aHeadCannotTakeOverAnotherPersonByNominatingTheirEmail() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let s = try setUp(daemon)
        let before = try getPerson(s.admin, s.headA)
        // The tester's command: head B's token, B's school, head A's email.
        let run = try daemon.cli([
            "--server", "127.0.0.1:\(daemon.tcpPort)", "--token", s.tokenB, "staff", "nominate", "--urn", "400002",
            "--email", "ann@hill.sch.uk", "--name", "Renamed", "--role", "Cleaner", "--areas", "maths",
        ])
        #expect(run.status == 5, "refused as not allowed: \(run.out) \(run.err)")
        #expect(run.err.contains("another school"), "\(run.err)")
        #expect(!run.err.contains("Ann Head"))
        #expect(try getPerson(s.admin, s.headA) == before)
        // Head A's token still reaches A's school and not B's.
        let a = try PeerlinkClient(address: daemon.tcpAddress, token: s.tokenA, timeout: 5)
        var list = Peerlink_V1_NominationList()
        list.urn = 400001
        #expect(serverError { try a.call(.nominationList(list)) } == nil)
        list.urn = 400002
        #expect(serverError { try a.call(.nominationList(list)) }?.code == .forbidden)
        // nominated_by names only the calling head.
        let b = try PeerlinkClient(address: daemon.tcpAddress, token: s.tokenB, timeout: 5)
        var n = Peerlink_V1_NominationCreate()
        n.urn = 400002
        n.name = "Val Staff"
        n.email = "val@vale.sch.uk"
        n.role = "Maths lead"
        n.consent = true
        n.nominatedBy = s.headA
        var area = Peerlink_V1_NominatedArea()
        area.area = "maths"
        n.areas = [area]
        #expect(serverError { try b.call(.nominationCreate(n)) }?.field == "nominated_by")
    }

    @Test func revocationAndExpiryEndAnOpenConnectionAtItsNextRequest() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let minted = try token(admin, role: "admin")
        let remote = try PeerlinkClient(address: daemon.tcpAddress, token: minted.secret, timeout: 5)
        #expect(serverError { try remote.call(.tokenList(Peerlink_V1_TokenList())) } == nil)
        var revoke = Peerlink_V1_TokenRevoke()
        revoke.id = minted.token.id
        try admin.call(.tokenRevoke(revoke))  // over the unix socket
        // The same connection: its next request is refused, then it is closed.
        let refused = serverError { try remote.call(.tokenCreate(Peerlink_V1_TokenCreate())) }
        #expect(refused?.code == .unauthenticated && refused?.message.contains("revoked") == true)
        #expect(throws: ClientError.self) { _ = try remote.call(.ping(Peerlink_V1_Ping())) }
        guard case .tokenList(let tokens) = try admin.call(.tokenList(Peerlink_V1_TokenList())) else {
            throw HarnessError("no tokens")
        }
        #expect(tokens.tokens.count == 1, "no token was minted on the revoked connection")

        // Expiry: a token valid for two more seconds.
        let expiring = try token(admin, role: "adviser", expiresAt: Int64(Date().timeIntervalSince1970) + 2)
        let adviser = try PeerlinkClient(address: daemon.tcpAddress, token: expiring.secret, timeout: 5)
        #expect(serverError { try adviser.call(.ping(Peerlink_V1_Ping())) } == nil)
        Thread.sleep(forTimeInterval: 3)
        let expired = serverError { try adviser.call(.ping(Peerlink_V1_Ping())) }
        #expect(expired?.code == .unauthenticated && expired?.message.contains("expired") == true)
        #expect(throws: ClientError.self) { _ = try adviser.call(.ping(Peerlink_V1_Ping())) }
    }

    @Test func aYear9999DateIsRefusedAndTheDaemonGoesOn() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let create = try daemon.cli(["--socket", daemon.socketPath, "cohort", "create", "X", "--start", "9999-06-01"])
        #expect(create.status != 0)
        #expect(create.err.contains("bad_request") && create.err.contains("1900") && create.err.contains("2200"), "\(create.err)")
        let list = try daemon.cli(["--socket", daemon.socketPath, "cohort", "list"])
        #expect(list.status == 0, "\(list.err)")
        #expect(daemon.isRunning)
        #expect(try daemon.admin().call(.ping(Peerlink_V1_Ping())) == .ping(Peerlink_V1_Pong()))
    }

    @Test func aLongSearchStringIsRefusedAtOnce() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let s = try setUp(daemon)
        let supporterPerson = try person(s.admin, "Sue Port", "sue@vale.sch.uk", urn: 400002).person.id
        let supporter = try PeerlinkClient(
            address: daemon.tcpAddress, token: try token(s.admin, role: "supporter", person: supporterPerson).secret,
            timeout: 5)
        var search = Peerlink_V1_SchoolSearch()
        search.text = String(repeating: "hill school ", count: 2500)  // 30 KB
        let started = Date()
        let refused = serverError { try supporter.call(.schoolSearch(search)) }
        let seconds = Date().timeIntervalSince(started)
        #expect(refused?.code == .badRequest && refused?.field == "text")
        #expect(seconds < 2, "refused in \(seconds) s")  // the issue's 5.7 s freeze, with a generous bound
        var area = Peerlink_V1_LinkMatch()
        area.urn = 400001
        area.area = String(repeating: "a", count: 250_000)
        #expect(serverError { try s.admin.call(.linkMatch(area)) }?.code == .badRequest)
        search.text = "hill"
        #expect(serverError { try supporter.call(.schoolSearch(search)) } == nil)
    }

    @Test func aHeadHoldsOneRequestAtATimeAndStartsOnlyFromTheAuthoritysOffer() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let s = try setUp(daemon)
        let head = try PeerlinkClient(address: daemon.tcpAddress, token: s.tokenA, timeout: 5)
        var request = Peerlink_V1_SupportRequestCreate()
        request.headID = s.headA
        request.concerns = ["school-improvement"]
        guard case .supportRequest(let made) = try head.call(.supportRequest(request)) else {
            throw HarnessError("no request")
        }
        let again = serverError { try head.call(.supportRequest(request)) }
        #expect(again?.code == .limitExceeded && again?.message.contains("open support request") == true)
        var start = Peerlink_V1_EngagementStart()
        start.requestID = made.id
        start.supporterID = 1
        let notOffered = serverError { try head.call(.engagementStart(start)) }
        #expect(notOffered?.code == .forbidden && notOffered?.message.contains("not offered") == true)
    }

    @Test func aTokenOverItsRateIsToldWhenToRetry() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        let config = daemon.directory.appendingPathComponent("peerlinkd.json")
        let json: [String: Any] = ["rate_limit": ["per_second": 5, "burst": 10]]
        try JSONSerialization.data(withJSONObject: json).write(to: config)
        try daemon.start(extraArguments: ["--config", config.path])
        defer { daemon.stop() }
        let s = try setUp(daemon)
        let head = try PeerlinkClient(address: daemon.tcpAddress, token: s.tokenA, timeout: 5)
        var ids: [UInt64] = []
        for _ in 0..<30 { ids.append(try head.send(.ping(Peerlink_V1_Ping()))) }
        var limited: [Peerlink_V1_Error] = []
        for _ in ids {
            let r = try head.receive()
            if case .error(let e)? = r.result { limited.append(e) }
        }
        #expect(!limited.isEmpty)
        #expect(limited.allSatisfy { $0.code == "limit_exceeded" })
        let message = try #require(limited.first?.message)
        #expect(message.range(of: #"retry after \d+(\.\d+)? s"#, options: .regularExpression) != nil, "\(message)")
        // The connection stays open, and the admin socket is not limited.
        Thread.sleep(forTimeInterval: 1)
        #expect(serverError { try head.call(.ping(Peerlink_V1_Ping())) } == nil)
        for _ in 0..<50 { try s.admin.call(.ping(Peerlink_V1_Ping())) }
    }
}
