import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What strangers and token holders can make the real daemon hold (issue 18): connections, time, partial
/// frames, unsent replies; and start-up refusals of an unsafe socket directory or config file.
@Suite(.serialized) struct ConnectionLimitsTests {
    // MARK: Connections

    @Test func twoThousandIdleConnectionsDoNotStarveTheAdminOrATokenHolder() throws {
        // Started with the common default soft limit of 1,024 open files, the daemon raises its own to fit
        // its connection limits (2,100 TCP + 64 admin + room).
        let ownLimit = softFileLimit()
        setSoftFileLimit(1024)
        let daemon = try startDaemon(["max_connections": 2100, "hello_timeout_seconds": 300])
        setSoftFileLimit(max(ownLimit, 4096))
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let limits = try String(contentsOfFile: "/proc/\(try #require(daemon.pid))/limits", encoding: .utf8)
        let openFiles = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let soft = Int(openFiles.split(separator: " ", omittingEmptySubsequences: true)[3]) ?? 0
        #expect(soft >= 2100 + 64 + 64, "\(openFiles)")
        let admin = try daemon.admin()
        let adviser = try PeerlinkClient(address: daemon.tcpAddress, token: try token(admin, role: "adviser"), timeout: 10)

        var idle: [RawSocket] = []
        for _ in 0..<2000 { idle.append(try RawSocket(port: daemon.tcpPort)) }
        // The daemon holds them all (2,000 idle, the adviser, the admin).
        #expect(try waitForConnections(admin, atLeast: 2002) == 2002)

        #expect(try medianPing(admin) < 0.010)
        #expect(try medianPing(adviser) < 0.010)
        let freshAdmin = try daemon.admin()
        #expect(try medianPing(freshAdmin) < 0.010)
        // The idle ones are still open: nothing was closed to make room.
        #expect(idle.allSatisfy { $0.isOpen })
    }

    @Test func aHardOpenFileLimitTooLowForTheConnectionLimitsIsWarnedAbout() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-nofile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let command = "ulimit -n 512 && exec '\(DaemonHarness.peerlinkd)' --db '\(base.path)/t.db' --listen off"
        let r = try runDaemon(["-c", command], executable: "/bin/sh", stopWhenListening: true)
        #expect(r.listening)
        #expect(r.stderr.contains("the open-file limit is below what the connection limits need"))
        #expect(r.stderr.contains("limit.effective=512"))
    }

    @Test func overTheTCPLimitNewConnectionsAreRefusedWhileTheAdminSocketAnswers() throws {
        let daemon = try startDaemon(["max_connections": 20, "max_admin_connections": 4, "hello_timeout_seconds": 300])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let adviser = try PeerlinkClient(address: daemon.tcpAddress, token: try token(admin, role: "adviser"), timeout: 10)
        var idle: [RawSocket] = []
        for _ in 0..<19 { idle.append(try RawSocket(port: daemon.tcpPort)) }
        #expect(try waitForConnections(admin, atLeast: 21) == 21)

        let extras = try (0..<5).map { _ in try RawSocket(port: daemon.tcpPort) }
        for extra in extras {
            guard case .response(let r) = extra.receive(timeout: 10) else {
                Issue.record("an extra TCP connection was not answered")
                continue
            }
            #expect(r.error.code == "limit_exceeded")
            #expect(r.error.message.contains("limit of 20 TCP connections (max_connections)"))
        }
        for extra in extras { #expect(extra.receive(timeout: 10) == .closed) }
        // The real client, whose Hello goes out before it reads, is told the same.
        #expect {
            _ = try PeerlinkClient(address: daemon.tcpAddress, token: "whatever", timeout: 10)
        } throws: { e in
            guard case .server(let p) = e as? ClientError else { return false }
            return p.code == .limitExceeded && p.message.contains("max_connections")
        }
        // The admin socket has its own room, and the held connections are served.
        let more = try (0..<3).map { _ in try daemon.admin() }
        for c in [admin, adviser] + more { #expect(try medianPing(c) < 0.010) }
        // Its own limit refuses a fifth admin connection the same way.
        #expect {
            _ = try daemon.admin()
        } throws: { e in
            guard case .server(let p) = e as? ClientError else { return false }
            return p.code == .limitExceeded && p.message.contains("max_admin_connections")
        }
        #expect(idle.allSatisfy { $0.isOpen })
    }

    // MARK: Deadlines

    @Test func silentAndDripClientsAreClosedAtTheirDeadlines() throws {
        let daemon = try startDaemon(["hello_timeout_seconds": 1, "partial_frame_timeout_seconds": 1, "idle_timeout_seconds": 3])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "adviser")

        // Silent, no Hello: told why, then closed.
        let silent = try RawSocket(port: daemon.tcpPort)
        guard case .response(let r) = silent.receive(timeout: 15) else { throw HarnessError("silent connection not closed") }
        #expect(r.error.code == "unauthenticated" && r.error.message.contains("Hello did not arrive within 1 s"))
        #expect(silent.receive(timeout: 10) == .closed)

        // A drip before Hello (one byte every 200 ms of a 1,000-byte frame): its bytes do not buy time.
        let drip = try RawSocket(port: daemon.tcpPort)
        let before = drip.drip(header: 1000, every: 0.2, for: 15)
        #expect(before.closed)
        #expect(before.message?.contains("Hello did not arrive") == true)

        // A drip after Hello: closed at the partial-frame deadline.
        let holder = try RawSocket(port: daemon.tcpPort)
        try holder.hello(token: secret)
        let after = holder.drip(header: 1000, every: 0.2, for: 15)
        #expect(after.closed)
        #expect(after.message?.contains("a frame did not complete within 1 s") == true)

        // Authenticated and silent: closed at the idle timeout. One that asks something every 0.5 s stays.
        let quiet = try RawSocket(port: daemon.tcpPort)
        try quiet.hello(token: secret)
        let busy = try PeerlinkClient(address: daemon.tcpAddress, token: secret, timeout: 10)
        let started = Date()
        while Date().timeIntervalSince(started) < 5 {
            try busy.call(.ping(Peerlink_V1_Ping()))
            usleep(500_000)
        }
        #expect(quiet.receive(timeout: 10) == .closed)
        try busy.call(.ping(Peerlink_V1_Ping()))
        // The admin connection was silent too, and is gone; a new one is served.
        #expect(throws: ClientError.self) { try admin.call(.ping(Peerlink_V1_Ping())) }
        try daemon.admin().call(.ping(Peerlink_V1_Ping()))
    }

    // MARK: Partial frames

    @Test func aSixtyMiBFrameFromTokenHoldersIsRefusedBeforeItsBodyIsBuffered() throws {
        let daemon = try startDaemon([:])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "adviser")
        let pid = try #require(daemon.pid)
        let baseline = try residentBytes(pid)

        // Eight adviser tokens each announce 60 MiB and send 6 MiB of it.
        let senders = try (0..<8).map { _ in
            let s = try RawSocket(port: daemon.tcpPort)
            try s.hello(token: secret)
            return s
        }
        let chunk = [UInt8](repeating: 0x41, count: 64 * 1024)
        for s in senders {
            _ = s.sendAll(lengthPrefix(60 << 20))
            for _ in 0..<96 where s.sendAll(chunk) {}
        }
        for s in senders {
            guard case .response(let r) = s.receive(timeout: 10) else { throw HarnessError("a 60 MiB frame was not refused") }
            #expect(r.error.code == "limit_exceeded")
            #expect(r.error.message.contains("over the limit of 1048576 bytes for adviser tokens"))
            #expect(s.receive(timeout: 10) == .closed)
        }
        let grown = try residentBytes(pid) - baseline
        #expect(grown < 16 << 20, "the daemon grew by \(grown >> 20) MiB")
        try admin.call(.ping(Peerlink_V1_Ping()))
    }

    @Test func theTotalPartialFrameBudgetRefusesAFrameThatDoesNotFit() throws {
        let daemon = try startDaemon(["max_partial_frame_bytes_total": 16 << 20])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "admin")

        // An admin token may send large frames, but not more than the daemon-wide budget holds.
        let big = try RawSocket(port: daemon.tcpPort)
        try big.hello(token: secret)
        _ = big.sendAll(lengthPrefix(60 << 20))
        _ = big.sendAll([UInt8](repeating: 0, count: 1024))
        guard case .response(let r) = big.receive(timeout: 10) else { throw HarnessError("not refused") }
        #expect(r.error.code == "limit_exceeded")
        #expect(r.error.message.contains("max_partial_frame_bytes_total"))
        #expect(big.receive(timeout: 10) == .closed)

        // One that fits is read whole and answered, twice (the budget is given back when a frame completes). The
        // answer is the request bounds' refusal of a 12 MiB ping payload: the frame got past the budget to them.
        for round in 0..<2 {
            let c = try PeerlinkClient(address: daemon.tcpAddress, token: secret, timeout: 30)
            var ping = Peerlink_V1_Ping()
            ping.payload = Data(repeating: UInt8(round), count: 12 << 20)
            try c.send(.ping(ping))
            let reply = try c.receive()
            guard case .error(let e)? = reply.result else { throw HarnessError("a 12 MiB ping was answered: \(reply)") }
            #expect(e.code == "bad_request" && e.message.contains("16384 bytes"), "\(e)")
            try c.call(.ping(Peerlink_V1_Ping()))
        }
    }

    // MARK: Output

    @Test func aPipeliningClientThatNeverReadsIsNoLongerReadAndGetsEveryReplyInOrderOnceItReads() throws {
        let daemon = try startDaemon([:])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "adviser")
        let pid = try #require(daemon.pid)

        let client = try RawSocket(port: daemon.tcpPort, receiveBuffer: 64 * 1024)
        try client.hello(token: secret)
        // 200,000 pings carrying 500 bytes each: 100 MB, far more than the kernel's buffers and the output limit.
        let count = 200_000
        let payload = [UInt8](repeating: 0x5A, count: 500)
        var stream: [UInt8] = []
        stream.reserveCapacity(count * 512)
        for i in 0..<count {
            var req = WireRequest()
            req.id = UInt64(i + 2)
            var ping = Peerlink_V1_Ping()
            ping.payload = Data(payload)
            req.operation = .ping(ping)
            stream += try req.framed()
        }
        let baseline = try residentBytes(pid)

        let progress = Progress()
        let fd = client.fd
        let all = stream
        let sender = Thread {
            var sent = 0
            while sent < all.count {
                let n = all[sent..<min(sent + 65536, all.count)].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                sent += n
                progress.set(sent)
            }
            progress.finish()
        }
        sender.start()

        // Wait until the sender is blocked: the daemon has stopped reading this connection.
        var last = -1
        var stillFor = 0.0
        let deadline = Date().addingTimeInterval(120)
        while stillFor < 2, !progress.finished, Date() < deadline {
            usleep(250_000)
            let now = progress.sent
            stillFor = now == last ? stillFor + 0.25 : 0
            last = now
        }
        #expect(!progress.finished, "the daemon read all \(stream.count) bytes from a client that reads nothing")
        #expect(progress.sent < stream.count)
        let grown = try residentBytes(pid) - baseline
        #expect(grown < 30 << 20, "the daemon grew by \(grown >> 20) MiB for one slow reader")
        // Others are served meanwhile.
        try admin.call(.ping(Peerlink_V1_Ping()))

        // Once the client reads, every reply arrives, in order.
        var expected: UInt64 = 2
        while expected < UInt64(count + 2) {
            guard case .response(let r) = client.receive(timeout: 30) else {
                Issue.record("reply \(expected) did not arrive; \(progress.sent) of \(stream.count) bytes sent")
                break
            }
            guard r.id == expected, case .ping(let pong)? = r.result, pong.payload.count == payload.count else {
                Issue.record("reply \(r.id) came where \(expected) was expected: \(r)")
                break
            }
            expected += 1
        }
        #expect(expected == UInt64(count + 2))
        let end = Date().addingTimeInterval(30)
        while !progress.finished && Date() < end { usleep(10_000) }
        #expect(progress.sent == stream.count)
        if !progress.finished { shutdown(client.fd, Int32(SHUT_RDWR)) }  // let the sender end
        while !progress.finished { usleep(10_000) }
    }

    @Test func smallRequestsWithLargeRepliesStopBeingHandledOnceTheOutputLimitIsReached() throws {
        let daemon = try startDaemon(["max_output_buffered_bytes": 65536])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "adviser")
        let pid = try #require(daemon.pid)
        guard case .areaList(let areas) = try admin.call(.areaList(Peerlink_V1_AreaList())) else { throw HarnessError("no areas") }

        // 4,000 area lists (32 KB of requests, one read) ask for about 22 MB of replies: the daemon must stop
        // handling them within the read once the output limit is reached, not gather them all first.
        let client = try RawSocket(port: daemon.tcpPort, receiveBuffer: 16 * 1024)
        try client.hello(token: secret)
        let count = 4000
        var stream: [UInt8] = []
        for i in 0..<count {
            var req = WireRequest()
            req.id = UInt64(i + 2)
            req.operation = .areaList(Peerlink_V1_AreaList())
            stream += try req.framed()
        }
        let baseline = try residentBytes(pid)
        #expect(client.sendAll(stream))
        usleep(1_500_000)
        let grown = try residentBytes(pid) - baseline
        #expect(grown < 6 << 20, "the daemon grew by \(grown >> 10) KiB for one slow reader")

        var expected: UInt64 = 2
        while expected < UInt64(count + 2) {
            guard case .response(let r) = client.receive(timeout: 60), r.id == expected,
                case .areaList(let list)? = r.result, list.areas.count == areas.areas.count
            else {
                Issue.record("reply \(expected) did not arrive in order")
                break
            }
            expected += 1
        }
        #expect(expected == UInt64(count + 2))
    }

    @Test func theTotalOutputBudgetStopsSlowReadersBeforeEachReachesItsOwnLimit() throws {
        let daemon = try startDaemon(["max_output_buffered_bytes": 16 << 20, "max_output_buffered_bytes_total": 1 << 20])
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let secret = try token(admin, role: "adviser")
        let pid = try #require(daemon.pid)

        // Three clients pipeline 40,000 pings of 500 bytes (20 MB) each and read nothing.
        let count = 40_000
        var stream: [UInt8] = []
        for i in 0..<count {
            var req = WireRequest()
            req.id = UInt64(i + 2)
            var ping = Peerlink_V1_Ping()
            ping.payload = Data(repeating: 0x33, count: 500)
            req.operation = .ping(ping)
            stream += try req.framed()
        }
        let baseline = try residentBytes(pid)
        let clients = try (0..<3).map { _ in
            let c = try RawSocket(port: daemon.tcpPort, receiveBuffer: 64 * 1024)
            try c.hello(token: secret)
            return c
        }
        let senders = clients.map { startSender(fd: $0.fd, bytes: stream) }
        for p in senders { waitUntilStalled(p) }
        #expect(senders.allSatisfy { !$0.finished })
        // Each alone could hold 16 MiB; together they are held to about the 1 MiB total.
        let grown = try residentBytes(pid) - baseline
        #expect(grown < 12 << 20, "the daemon grew by \(grown >> 20) MiB for three slow readers")
        // A client that reads its replies is served meanwhile.
        for _ in 0..<3 { try admin.call(.ping(Peerlink_V1_Ping())) }

        for c in clients {
            var expected: UInt64 = 2
            while expected < UInt64(count + 2) {
                guard case .response(let r) = c.receive(timeout: 30), r.id == expected, case .ping? = r.result else {
                    Issue.record("reply \(expected) did not arrive in order")
                    break
                }
                expected += 1
            }
            #expect(expected == UInt64(count + 2))
        }
        for p in senders { waitUntilStalled(p) }
        #expect(senders.allSatisfy { $0.finished && $0.sent == stream.count })
    }

    private func startSender(fd: Int32, bytes: [UInt8]) -> Progress {
        let progress = Progress()
        Thread {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent..<min(sent + 65536, bytes.count)].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                sent += n
                progress.set(sent)
            }
            progress.finish()
        }.start()
        return progress
    }

    /// Waits until the sender has finished or made no progress for 2 s (at most 120 s).
    private func waitUntilStalled(_ progress: Progress) {
        var last = -1
        var stillFor = 0.0
        let deadline = Date().addingTimeInterval(120)
        while stillFor < 2, !progress.finished, Date() < deadline {
            usleep(250_000)
            let now = progress.sent
            stillFor = now == last ? stillFor + 0.25 : 0
            last = now
        }
    }

    // MARK: Start-up refusals

    @Test func aSocketDirectoryOthersCanWriteWithoutTheStickyBitIsRefused() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-sockdir-\(UUID().uuidString.prefix(8))")
        let open = base.appendingPathComponent("open")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        chmod(open.path, 0o777)
        let refused = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--socket", open.appendingPathComponent("t.sock").path, "--listen", "off"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("can be written by other users and has no sticky bit"))
        #expect(refused.stderr.contains("chmod go-w"))
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("t.db").path), "refused before the database is opened")

        // With the sticky bit (like /tmp) it starts, with a warning.
        chmod(open.path, 0o1777)
        let sticky = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--socket", open.appendingPathComponent("t.sock").path, "--listen", "off"], stopWhenListening: true)
        #expect(sticky.listening)
        #expect(sticky.stderr.contains("the socket directory can be written by other users (sticky)"))
    }

    @Test func aFileAtTheSocketPathThatIsNotOursIsNeverRemoved() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-sockfile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let path = base.appendingPathComponent("t.sock").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let notSocket = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--socket", path, "--listen", "off"])
        #expect(notSocket.status != 0)
        #expect(notSocket.stderr.contains("exists and is not a socket"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")

        // Another user's socket (only testable where we may chown, i.e. as root).
        try FileManager.default.removeItem(atPath: path)
        let fd = bindUnixSocket(path)
        defer { close(fd) }
        guard chown(path, 54321, 54321) == 0 else { return }
        let foreign = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--socket", path, "--listen", "off"])
        #expect(foreign.status != 0)
        #expect(foreign.stderr.contains("is a socket of another user (uid 54321)"))
        #expect(FileManager.default.fileExists(atPath: path))

        // A directory owned by another user.
        let theirs = base.appendingPathComponent("theirs")
        try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
        guard chown(theirs.path, 54321, 54321) == 0 else { return }
        let other = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--socket", theirs.appendingPathComponent("t.sock").path, "--listen", "off"])
        #expect(other.status != 0)
        #expect(other.stderr.contains("belongs to another user (uid 54321"))
    }

    @Test func aConfigFileWithAnUnknownKeyIsRefusedNamingTheNearestKey() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-conf-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let config = base.appendingPathComponent("bad.json")
        try Data(#"{ "holidays_by_LA": { "936": [] } }"#.utf8).write(to: config)
        let r = try runDaemon(["--db", base.appendingPathComponent("t.db").path, "--config", config.path, "--listen", "off"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown key 'holidays_by_LA' (did you mean 'holidays_by_la'?)"))
    }

    // MARK: Helpers

    /// A daemon on `config`; per-token rate limits are off unless `config` sets them, since these tests send far
    /// more requests than a person would (the rate limit has tests of its own).
    private func startDaemon(_ config: [String: Any]) throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        let path = daemon.directory.appendingPathComponent("config.json")
        var config = config
        if config["rate_limit"] == nil { config["rate_limit"] = ["per_second": 0, "burst": 1] }
        try JSONSerialization.data(withJSONObject: config).write(to: path)
        try daemon.start(extraArguments: ["--config", path.path])
        return daemon
    }

    private func token(_ admin: PeerlinkClient, role: String) throws -> String {
        var create = Peerlink_V1_TokenCreate()
        create.role = role
        guard case .tokenCreate(let created) = try admin.call(.tokenCreate(create)) else { throw HarnessError("no token") }
        return created.secret
    }

    /// Polls `stats` until the daemon counts `atLeast` connections (or 30 s pass); returns its last count.
    private func waitForConnections(_ admin: PeerlinkClient, atLeast n: Int) throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        var seen = 0
        while Date() < deadline {
            guard case .stats(let s) = try admin.call(.stats(Peerlink_V1_StatsRequest())) else { throw HarnessError("no stats") }
            seen = Int(s.connections)
            if seen >= n { break }
            usleep(50_000)
        }
        return seen
    }

    /// The median of 21 ping round trips, in seconds.
    private func medianPing(_ c: PeerlinkClient) throws -> Double {
        var times: [Double] = []
        for _ in 0..<21 {
            let t = Date()
            try c.call(.ping(Peerlink_V1_Ping()))
            times.append(Date().timeIntervalSince(t))
        }
        return times.sorted()[times.count / 2]
    }

    private func lengthPrefix(_ n: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
    }

    /// Runs `peerlinkd` with `arguments` until it exits (or, with `stopWhenListening`, until it reports its
    /// listeners, then stops it).
    private func runDaemon(_ arguments: [String], executable: String = DaemonHarness.peerlinkd, stopWhenListening: Bool = false) throws -> (status: Int32, stderr: String, listening: Bool) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var text = ""
        var listening = false
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if stopWhenListening && text.contains("listening") {
                listening = true
                p.terminate()
            }
        }
        p.waitUntilExit()
        return (p.terminationStatus, text, listening)
    }
}

/// Bytes a sender thread has written, read by the test's thread.
private final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var _sent = 0, _finished = false
    var sent: Int { lock.withLock { _sent } }
    var finished: Bool { lock.withLock { _finished } }
    func set(_ n: Int) { lock.withLock { _sent = n } }
    func finish() { lock.withLock { _finished = true } }
}

/// A plain TCP socket to the daemon, for what the real client never does (stay silent, drip bytes, never read).
final class RawSocket {
    let fd: Int32
    private var decoder = FrameDecoder(maxFrameLength: 1 << 30)
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)

    enum Received: Equatable {
        case response(WireResponse)
        case closed
        case timedOut
    }

    /// Connects to 127.0.0.1:`port`; `receiveBuffer` fixes SO_RCVBUF (set before connecting, so that the kernel
    /// does not buffer megabytes of replies for a test that means not to read them).
    init(port: Int, receiveBuffer: Int? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            connect(fd, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_in>.size))
        }
        guard rc == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw HarnessError("connect: \(why)")
        }
    }

    deinit { close(fd) }

    /// Whether the daemon has not closed it (nothing to read and no EOF).
    var isOpen: Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 0
    }

    /// Writes everything; false once the daemon has closed the connection.
    func sendAll(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }

    /// Says Hello with `token` and checks it is accepted.
    func hello(token: String) throws {
        var h = Peerlink_V1_Hello()
        h.protocolVersion = protocolVersion
        h.clientName = "raw"
        h.token = token
        var r = WireRequest()
        r.id = 1
        r.operation = .hello(h)
        guard sendAll(try r.framed()) else { throw HarnessError("cannot send Hello") }
        guard case .response(let reply) = receive(timeout: 10), case .hello? = reply.result else {
            throw HarnessError("Hello refused")
        }
    }

    /// The next reply, or `.closed` at EOF (or a reset), or `.timedOut`.
    func receive(timeout: Double) -> Received {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let frame = try? decoder.next() {
                guard let r = try? WireResponse(frame: frame) else { return .closed }
                return .response(r)
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .timedOut }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(left * 1000) + 1) == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .closed }
            buffer.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    /// Sends a length prefix announcing `header` bytes, then one byte of body every `every` seconds, until the
    /// daemon answers or closes or `limit` seconds pass. Returns whether it closed and the error it gave.
    func drip(header: Int, every: Double, for limit: Double) -> (closed: Bool, message: String?) {
        let prefix: [UInt8] = [UInt8(header >> 24 & 0xFF), UInt8(header >> 16 & 0xFF), UInt8(header >> 8 & 0xFF), UInt8(header & 0xFF)]
        var message: String?
        let deadline = Date().addingTimeInterval(limit)
        var i = 0
        while Date() < deadline {
            let byte = i < 4 ? prefix[i] : 0x00
            i += 1
            if !sendAll([byte]) { return (true, message) }
            switch receive(timeout: every) {
            case .response(let r):
                message = r.error.message
                return (receive(timeout: 10) == .closed, message)
            case .closed: return (true, message)
            case .timedOut: continue
            }
        }
        return (false, message)
    }
}

/// Resident memory of a process (VmRSS in /proc/PID/status), in bytes.
func residentBytes(_ pid: Int32) throws -> Int {
    let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { throw HarnessError("no VmRSS for \(pid)") }
    return kb * 1024
}

/// This process's soft open-file limit.
func softFileLimit() -> Int {
    var rl = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl) == 0 else { return 0 }
    return rl.rlim_cur == rlim_t.max ? Int.max : Int(rl.rlim_cur)
}

/// Sets this process's soft open-file limit (children inherit it), within the hard limit.
func setSoftFileLimit(_ n: Int) {
    var rl = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl) == 0 else { return }
    rl.rlim_cur = rl.rlim_max == rlim_t.max ? rlim_t(n) : min(rlim_t(n), rl.rlim_max)
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &rl)
}

/// A listening unix socket at `path` (a stand-in for another process's).
func bindUnixSocket(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { raw in
        let bytes = Array(path.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    _ = withUnsafePointer(to: &addr) { bind(fd, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_un>.size)) }
    listen(fd, 1)
    return fd
}
