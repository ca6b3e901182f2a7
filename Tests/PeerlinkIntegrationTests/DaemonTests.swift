import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// The real daemon, started as a process, driven by the real client and CLI.
@Suite(.serialized) struct DaemonTests {
    @Test func acknowledgedNominationSurvivesKill9AndRestart() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        try daemon.admin().upsert(sampleSchool(urn: 125001, name: "Durable Academy"))
        let nominate = try daemon.cli([
            "--socket", daemon.socketPath, "staff", "nominate", "--urn", "125001", "--name", "Dee Rable",
            "--email", "dee@durable.sch.uk", "--role", "Head of History", "--areas", "history", "--json",
        ])
        #expect(nominate.status == 0, "\(nominate.err)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(nominate.out.utf8)) as? [String: Any])?["id"] as? Int)

        daemon.kill9()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let list = try again.cli(["--socket", again.socketPath, "staff", "list", "--urn", "125001", "--json"])
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        let ids = rows.compactMap { ($0["nomination"] as? [String: Any])?["id"] as? Int }
        #expect(ids == [id])
        #expect(list.out.contains("Dee Rable"))
    }

    @Test func malformedInputGetsStructuredErrorsWhileAnotherClientIsServed() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let bystander = try daemon.admin()
        try bystander.upsert(sampleSchool(urn: 125002, name: "Bystander School"))

        // An over-long length prefix: an error reply, then the connection closes before any body is read.
        let big = try PeerlinkClient(unauthenticated: .unixSocket(daemon.socketPath), timeout: 5)
        try big.sendRaw([0x7F, 0xFF, 0xFF, 0xFF])
        let bigReply = try big.receive()
        #expect(bigReply.error.code == "limit_exceeded")
        #expect(bigReply.error.message.contains("over the limit"))
        #expect(throws: ClientError.self) { _ = try big.receive() }  // closed
        try expectServed(bystander)

        // Random bytes inside a well-formed frame: bad_request, and the connection carries on.
        let noisy = try PeerlinkClient(unauthenticated: .unixSocket(daemon.socketPath), timeout: 5)
        var frame: [UInt8] = []
        FrameEncoder.append([0xFF, 0xFF, 0xFF, 0x07, 0x01, 0x99], to: &frame)
        try noisy.sendRaw(frame)
        let noiseReply = try noisy.receive()
        #expect(noiseReply.error.code == "bad_request")
        #expect(noiseReply.error.field == "frame")
        guard case .ping = try noisy.call(.ping(Peerlink_V1_Ping())) else { Issue.record("no pong after noise"); return }
        try expectServed(bystander)

        // A valid frame naming an operation this daemon does not know (field 999): bad_request naming it.
        var unknown: [UInt8] = []
        FrameEncoder.append([0x08, 0x05, 0xBA, 0x3E, 0x00], to: &unknown)  // id=5, field 999 (length-delimited, empty)
        try noisy.sendRaw(unknown)
        let unknownReply = try noisy.receive()
        #expect(unknownReply.id == 5)
        #expect(unknownReply.error.code == "bad_request")
        #expect(unknownReply.error.field == "operation")
        try expectServed(bystander)

        // A truncated frame then hang-up: nothing is stored, the daemon keeps serving.
        let truncated = try PeerlinkClient(unauthenticated: .unixSocket(daemon.socketPath), timeout: 5)
        var r = Peerlink_V1_SchoolUpsert()
        r.school = sampleSchool(urn: 125003, name: "Half Written")
        var req = WireRequest()
        req.id = 1
        req.operation = .schoolUpsert(r)
        let whole = try req.framed()
        try truncated.sendRaw(Array(whole.prefix(whole.count - 3)))
        _ = consume truncated
        try expectServed(bystander)
        var get = Peerlink_V1_SchoolGet()
        get.urn = 125003
        #expect(throws: ClientError.self) { try bystander.call(.schoolGet(get)) }

        // An empty frame (length 0) is a framing error: reply, then close.
        let empty = try PeerlinkClient(unauthenticated: .unixSocket(daemon.socketPath), timeout: 5)
        try empty.sendRaw([0, 0, 0, 0])
        #expect(try empty.receive().error.code == "bad_request")
        try expectServed(bystander)
        #expect(daemon.isRunning)
    }

    private func expectServed(_ client: PeerlinkClient) throws {
        var get = Peerlink_V1_SchoolGet()
        get.urn = 125002
        guard case .schoolGet(let s) = try client.call(.schoolGet(get)) else {
            Issue.record("bystander not served")
            return
        }
        #expect(s.name == "Bystander School")
    }

    @Test func tcpWithoutOrWithRevokedTokenGetsOnlyUnauthenticated() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()

        // No Hello at all: the first request gets unauthenticated and the connection closes.
        let stranger = try PeerlinkClient(unauthenticated: daemon.tcpAddress, timeout: 5)
        try stranger.send(.ping(Peerlink_V1_Ping()))
        let first = try stranger.receive()
        #expect(first.error.code == "unauthenticated")
        #expect(throws: ClientError.self) { _ = try stranger.receive() }

        // Hello with no token.
        #expect {
            _ = try PeerlinkClient(address: daemon.tcpAddress, token: nil, timeout: 5)
        } throws: { e in
            guard case .server(let p) = e as? ClientError else { return false }
            return p.code == .unauthenticated && p.field == "token"
        }

        // A client speaking another protocol version is told which one the daemon speaks, before any token check.
        let older = try PeerlinkClient(unauthenticated: daemon.tcpAddress, timeout: 5)
        var oldHello = Peerlink_V1_Hello()
        oldHello.protocolVersion = protocolVersion - 1
        try older.send(.hello(oldHello))
        let refused = try older.receive()
        #expect(refused.error.code == "bad_request" && refused.error.field == "protocol_version")
        #expect(refused.error.message.contains("speaks version \(protocolVersion)"))

        // A valid token works; once revoked, it gets only unauthenticated.
        var create = Peerlink_V1_TokenCreate()
        create.role = "adviser"
        guard case .tokenCreate(let created) = try admin.call(.tokenCreate(create)) else { throw HarnessError("no token") }
        let adviser = try PeerlinkClient(address: daemon.tcpAddress, token: created.secret, timeout: 5)
        #expect(adviser.role == "adviser")
        guard case .areaList(let areas) = try adviser.call(.areaList(Peerlink_V1_AreaList())) else { throw HarnessError("no areas") }
        #expect(areas.areas.contains { $0.id == "computing" })

        var revoke = Peerlink_V1_TokenRevoke()
        revoke.id = created.token.id
        try admin.call(.tokenRevoke(revoke))
        #expect {
            _ = try PeerlinkClient(address: daemon.tcpAddress, token: created.secret, timeout: 5)
        } throws: { e in
            guard case .server(let p) = e as? ClientError else { return false }
            return p.code == .unauthenticated && p.message.contains("revoked")
        }
    }

    @Test func cliContract() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let s = ["--socket", daemon.socketPath]
        let add = try daemon.cli(s + [
            "school", "add", "--urn", "125010", "--name", "Contract High", "--phase", "secondary", "--la-code", "936",
            "--la-name", "Surrey", "--region", "South East", "--trust", "Lake Trust", "--pupils", "900", "--easting",
            "500000", "--northing", "150000",
        ])
        #expect(add.status == 0, "\(add.err)")
        let show = try daemon.cli(s + ["school", "show", "125010"])
        #expect(show.out.contains("Contract High") && show.out.contains("Lake Trust"))
        let search = try daemon.cli(s + ["school", "search", "contract"])
        #expect(search.out.contains("125010"))
        let areas = try daemon.cli(s + ["areas"])
        #expect(areas.out.contains("design-and-technology"))
        let nominate = try daemon.cli(s + [
            "staff", "nominate", "--urn", "125010", "--name", "Cy Phers", "--email", "cy@contract.sch.uk", "--role",
            "Computing lead", "--areas", "computing,D&T", "--capacity", "3", "--modes", "online",
        ])
        #expect(nominate.status == 0)
        let id = nominate.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(id) != nil)
        let list = try daemon.cli(s + ["staff", "list", "--urn", "125010"])
        #expect(list.out.contains("computing,design-and-technology") && list.out.contains("online"))
        let withdraw = try daemon.cli(s + ["staff", "withdraw", id])
        #expect(withdraw.status == 0)
        let again = try daemon.cli(s + ["staff", "withdraw", id])
        #expect(again.status != 0 && again.err.contains("already withdrawn"))

        let status = try daemon.cli(s + ["status", "--json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
        #expect(obj["version"] is String)
        #expect(obj["uptime_seconds"] is Int)
        #expect(obj["connections"] is Int)
        let counts = try #require(obj["counts"] as? [String: Int])
        #expect(counts["schools"] == 1 && counts["nominations"] == 1)

        // Bad input: a clear message and a non-zero exit.
        let badArea = try daemon.cli(s + [
            "staff", "nominate", "--urn", "125010", "--name", "X", "--email", "x@c.sch.uk", "--role", "T", "--areas", "mathz",
        ])
        #expect(badArea.status != 0)
        #expect(badArea.err.contains("no area 'mathz'") && badArea.err.contains("did you mean"))
        let unreachable = try daemon.cli(["--socket", daemon.directory.appendingPathComponent("nope.sock").path, "status"])
        #expect(unreachable.status != 0 && unreachable.err.contains("Is it running?"))

        // Tokens through the CLI, then used over TCP via the environment.
        let token = try daemon.cli(s + ["token", "create", "--role", "adviser", "--label", "ci"])
        let secret = token.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("plk_"))
        let overTCP = try daemon.cli(
            ["school", "show", "125010"],
            environment: ["PEERLINK_SERVER": "127.0.0.1:\(daemon.tcpPort)", "PEERLINK_TOKEN": secret])
        #expect(overTCP.status == 0 && overTCP.out.contains("Contract High"))
        let tokens = try daemon.cli(s + ["token", "list"])
        #expect(tokens.out.contains("adviser") && !tokens.out.contains(secret))
    }

    @Test func writesAreAuditedAndTheLogSurvivesRestart() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        try daemon.admin().upsert(sampleSchool(urn: 125030, name: "Audited School"))
        let s = ["--socket", daemon.socketPath]
        _ = try daemon.cli(s + ["token", "create", "--role", "adviser"])
        daemon.stop()
        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        let audit = try again.cli(["--socket", again.socketPath, "audit", "--json"])
        #expect(audit.status == 0, "\(audit.err)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(audit.out.utf8)) as? [[String: Any]])
        #expect(entries.compactMap { $0["operation"] as? String } == ["school_upsert", "token_create"])
        #expect(entries.first?["target"] as? String == "school:125030")
        #expect(entries.allSatisfy { $0["role"] as? String == "admin" })
        let table = try again.cli(["--socket", again.socketPath, "audit", "--operation", "token_create"])
        #expect(table.out.contains("token:1") && !table.out.contains("school_upsert"))
    }

    @Test func pythonClientAgainstRealDaemon() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/python/test_client.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [script, "--socket", daemon.socketPath, "--tcp", "127.0.0.1:\(daemon.tcpPort)"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(message)")
    }

    @Test func gracefulStopAnswersRequestsAlreadyReadThenExitsCleanly() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        let client = try daemon.admin()
        // 50 pipelined writes in one send: the daemon reads them together, and each waits for a commit.
        var bytes: [UInt8] = []
        for i in 0..<50 {
            var r = Peerlink_V1_SchoolUpsert()
            r.school = sampleSchool(urn: 125100 + Int32(i), name: "Pipelined \(i)")
            var req = WireRequest()
            req.id = UInt64(i + 1)
            req.operation = .schoolUpsert(r)
            bytes += try req.framed()
        }
        try client.sendRaw(bytes)
        _ = try client.receive()  // the first is answered, so the rest are buffered in the daemon
        daemon.terminate()
        var answered = 1
        while let reply = try? client.receive() {
            if case .schoolUpsert = reply.result { answered += 1 }
        }
        #expect(answered == 50)
        #expect(daemon.waitForExit() == 0)

        let again = try DaemonHarness(reuse: daemon)
        try again.start()
        defer { again.stop() }
        var search = Peerlink_V1_SchoolSearch()
        search.text = "pipelined"
        search.limit = 100
        guard case .schoolSearch(let found) = try again.admin().call(.schoolSearch(search)) else { throw HarnessError("search") }
        #expect(found.schools.count == 50)
    }
}
