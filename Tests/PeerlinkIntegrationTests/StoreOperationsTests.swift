import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Synchronization
import Testing

/// The trust boundary around the files (issue 18), against the real daemon: erasure leaves no byte of a person
/// in the database or its `-wal`, a clean stop leaves every record in the `.db` alone, files are owner-only,
/// online backups while writers run, and a Litestream replica restored and served.
@Suite(.serialized) struct StoreOperationsTests {
    /// `peerlink status --json`'s entity counts.
    static func counts(_ daemon: DaemonHarness) throws -> [String: Int] {
        let s = try daemon.cli(["--socket", daemon.socketPath, "status", "--json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(s.out.utf8)) as? [String: Any], "\(s.err)")
        return try #require(obj["counts"] as? [String: Int])
    }

    /// How often `needle` occurs in the file's bytes (0 for a missing file).
    static func hits(_ needle: String, in path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return 0 }
        let n = Array(needle.utf8)
        var count = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= n.count else { return }
            var i = 0
            while i <= bytes.count - n.count {
                if bytes[i] == n[0] && memcmp(bytes.baseAddress! + i, n, n.count) == 0 { count += 1 }
                i += 1
            }
        }
        return count
    }

    static func mode(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.posixPermissions] as? NSNumber)?.intValue
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Schools and people with nominations, so counts have something to count.
    static func seed(_ admin: PeerlinkClient, nominations: Int) throws {
        try admin.upsert(sampleSchool(urn: 400001, name: "North School"))
        try admin.upsert(sampleSchool(urn: 400002, name: "South School"))
        for i in 0..<nominations {
            _ = try admin.nominate(urn: 400001, name: "Seed \(i)", email: "seed\(i)@north.sch.uk", areas: ["maths"])
        }
    }

    // MARK: Erasure

    @Test func erasureLeavesNoByteOfThePersonAndKeepsTheCounts() throws {
        let daemon = try PeerSupportTests.startDaemon()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let admin = try daemon.admin()
        let f = try PeerSupportTests.setUp(admin)
        let sock = ["--socket", daemon.socketPath]

        // The person to erase: a supporter at Cedar who is also nominated, renamed once (the old name was in the
        // -wal after an update before this change).
        let zed = try admin.psPerson("Zebedee Quuxley", "zebedee.quuxley@cedar.sch.uk", 300003, headshipStart: "2011-09-01")
        var rename = Peerlink_V1_PersonUpdate()
        rename.id = zed
        rename.name = "Zebedee Quuxley-Smythe"
        try admin.call(.personUpdate(rename))
        var profile = Peerlink_V1_SupporterProfile()
        profile.personID = zed
        profile.summary = "Quasarine federation turnaround"
        profile.skills = ["school-improvement"]
        profile.trainingCompleted = "2025-06-30"
        profile.coachingRecord = "Vorpalish coaching since 2015"
        profile.knowsLocalProcesses = true
        var createProfile = Peerlink_V1_SupporterCreate()
        createProfile.profile = profile
        guard case .supporterCreate(let zedProfile) = try admin.call(.supporterCreate(createProfile)) else {
            throw HarnessError("no profile")
        }
        var nominate = Peerlink_V1_NominationCreate()
        nominate.urn = 300003
        nominate.name = "Zebedee Quuxley-Smythe"
        nominate.email = "zebedee.quuxley@cedar.sch.uk"
        nominate.role = "Headteacher"
        nominate.consent = true
        var area = Peerlink_V1_NominatedArea()
        area.area = "maths"
        area.strength = "Xyloquent mastery of fractions"
        nominate.areas = [area]
        guard case .nominationCreate(let nomination) = try admin.call(.nominationCreate(nominate)) else {
            throw HarnessError("no nomination")
        }
        #expect(nomination.nomination.personID == zed)

        // A link to the nomination, closed with an outcome about them.
        var linkCreate = Peerlink_V1_LinkCreate()
        linkCreate.urn = 300001
        linkCreate.area = "maths"
        linkCreate.notes = "Fractions help"
        linkCreate.nominationID = nomination.nomination.id
        linkCreate.mode = "online"
        guard case .linkCreate(let made) = try admin.call(.linkCreate(linkCreate)) else { throw HarnessError("no link") }
        let linkID = made.id
        let closeLink = try daemon.cli(sock + ["link", "close", "\(linkID)", "--outcome", "Brilligant visits by Zebedee"])
        #expect(closeLink.status == 0, "\(closeLink.err)")

        // An engagement of head Ava with Zebedee as supporter; Ava's feedback about them.
        var request = Peerlink_V1_SupportRequestCreate()
        request.headID = f.head
        request.concerns = ["school-improvement"]
        request.mode = "online"
        guard case .supportRequest(let req) = try admin.call(.supportRequest(request)) else { throw HarnessError("no request") }
        var start = Peerlink_V1_EngagementStart()
        start.requestID = req.id
        start.supporterID = zedProfile.profile.id
        guard case .engagementStart(let engagement) = try admin.call(.engagementStart(start)) else {
            throw HarnessError("no engagement")
        }
        let close = try daemon.cli(sock + ["engagement", "close", "\(engagement.engagement.id)"])
        #expect(close.status == 0, "\(close.err)")
        let ava = try PeerSupportTests.token(admin, daemon, role: "head", person: f.head)
        var feedback = Peerlink_V1_FeedbackGive()
        feedback.engagementID = engagement.engagement.id
        feedback.rating = 5
        feedback.comment = "Zorblatting help from Zebedee"
        try ava.call(.engagementFeedback(feedback))

        // Zebedee's own token works before.
        var tokenRequest = Peerlink_V1_TokenCreate()
        tokenRequest.role = "supporter"
        tokenRequest.personID = zed
        tokenRequest.label = "Zebedee laptop"
        guard case .tokenCreate(let zedToken) = try admin.call(.tokenCreate(tokenRequest)) else { throw HarnessError("token") }
        let zedClient = try PeerlinkClient(address: daemon.tcpAddress, token: zedToken.secret, timeout: 10)
        try zedClient.call(.ping(Peerlink_V1_Ping()))

        let before = try Self.counts(daemon)
        let erase = try daemon.cli(sock + ["person", "erase", "\(zed)", "--yes", "--json"])
        #expect(erase.status == 0, "\(erase.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(erase.out.utf8)) as? [String: Any])
        #expect(summary["nominations"] as? Int == 1 && summary["feedback"] as? Int == 1, "\(erase.out)")
        #expect(summary["tokens_revoked"] as? Int == 1, "\(erase.out)")
        // Already out of the files while the daemon runs: the erasure's commit was followed by a checkpoint.
        #expect(Self.fileSize(daemon.databasePath + "-wal") == 0)
        for needle in ["Quuxley", "Xyloquent", "Quasarine", "Zorblatt"] {
            #expect(Self.hits(needle, in: daemon.databasePath) == 0, "\(needle) in the database after the erasure")
        }
        let again = try daemon.cli(sock + ["person", "erase", "\(zed)", "--yes"])
        #expect(again.status != 0 && again.err.contains("already erased"), "\(again.err)")
        let refusedWithoutYes = try daemon.cli(sock + ["person", "erase", "\(f.otherHead)"])
        #expect(refusedWithoutYes.status != 0 && refusedWithoutYes.err.contains("--yes"))

        // Counts and history stay; the person shows as erased everywhere.
        let after = try Self.counts(daemon)
        for key in ["people", "nominations", "links", "engagements", "supporter_profiles", "schools", "tokens"] {
            #expect(after[key] == before[key], "\(key): \(String(describing: before[key])) → \(String(describing: after[key]))")
        }
        let show = try daemon.cli(sock + ["person", "show", "\(zed)", "--json"])
        #expect(show.status == 0 && show.out.contains("(erased)") && !show.out.contains("Quuxley"), "\(show.out)")
        for listing in [["staff", "list", "--urn", "300003", "--all"], ["supporter", "list"], ["link", "list"],
            ["engagement", "show", "\(engagement.engagement.id)"], ["report", "qa"], ["audit", "--limit", "2000"]]
        {
            let out = try daemon.cli(sock + listing)
            #expect(out.status == 0, "\(listing): \(out.err)")
            for needle in ["Quuxley", "Xyloquent", "Quasarine", "Vorpalish", "Zorblatt", "Brilligant"] {
                #expect(!out.out.contains(needle), "\(listing) still shows \(needle)")
            }
        }
        let audit = try daemon.cli(sock + ["audit", "--operation", "person_erase", "--json"])
        #expect(audit.out.contains("person:\(zed)"), "\(audit.out)")
        // Their token is refused on a new connection, and no new token can act for them. (A connection that
        // said Hello before the erasure is not re-checked per request in this daemon yet; see the report.)
        _ = zedClient
        #expect(throws: (any Error).self) { _ = try PeerlinkClient(address: daemon.tcpAddress, token: zedToken.secret, timeout: 10) }
        var newToken = tokenRequest
        newToken.label = ""
        #expect(PeerSupportTests.refusal { try admin.call(.tokenCreate(newToken)) }?.code == .conflict)

        // After a clean stop, no byte of them is in any of the database's files.
        daemon.stop()
        let files = ["", "-wal", "-shm"].map { daemon.databasePath + $0 }
        #expect(Self.fileSize(daemon.databasePath) > 0)
        for needle in ["Quuxley", "zebedee.quuxley", "Xyloquent", "Quasarine", "Vorpalish", "Zorblatt", "Brilligant",
            "Zebedee laptop"]
        {
            for file in files { #expect(Self.hits(needle, in: file) == 0, "\(needle) found in \(file)") }
        }
        // The other people are still there (the scan would find them).
        #expect(Self.hits("Ava Head", in: daemon.databasePath) > 0)

        // And the erased directory loads again with the same counts.
        let restarted = try DaemonHarness(reuse: daemon)
        try restarted.start()
        defer { restarted.stop() }
        #expect(try Self.counts(restarted)["engagements"] == before["engagements"])
    }

    // MARK: Clean stop, file modes

    @Test func aCleanStopLeavesEveryRecordInTheDatabaseFileAlone() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        let admin = try daemon.admin()
        try Self.seed(admin, nominations: 30)
        let live = try Self.counts(daemon)
        // Owner-only while it runs: the database, its -wal and -shm, the lock.
        for suffix in ["", "-wal", "-shm", ".lock"] {
            #expect(Self.mode(daemon.databasePath + suffix) == 0o600, "\(suffix): \(String(describing: Self.mode(daemon.databasePath + suffix)))")
        }
        daemon.stop()
        #expect(Self.fileSize(daemon.databasePath + "-wal") == 0, "the -wal still holds frames after a clean stop")

        // Only the .db, copied elsewhere: every record.
        let copy = try DaemonHarness()
        defer { copy.removeFiles() }
        try FileManager.default.copyItem(atPath: daemon.databasePath, toPath: copy.databasePath)
        try copy.start()
        defer { copy.stop() }
        let copied = try Self.counts(copy)
        #expect(copied == live, "\(copied) vs \(live)")
        #expect(copied["nominations"] == 30)
    }

    @Test func filesMadeByAnEarlierVersionBecomeOwnerOnly() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        try Self.seed(try daemon.admin(), nominations: 1)
        daemon.stop()
        for suffix in ["", ".lock"] { chmod(daemon.databasePath + suffix, 0o644) }
        try daemon.start()
        defer { daemon.stop() }
        try Self.seed(try daemon.admin(), nominations: 0)
        for suffix in ["", "-wal", "-shm", ".lock"] {
            #expect(Self.mode(daemon.databasePath + suffix) == 0o600, "\(suffix)")
        }
    }

    // MARK: Backup

    @Test func aBackupWhileTwentyWritersRunHoldsACommittedMoment() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        try Self.seed(admin, nominations: 5)

        let stop = Atomic<Bool>(false)
        let written = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        let finished = DispatchSemaphore(value: 0)
        let socket = daemon.socketPath
        for w in 0..<20 {
            let t = Thread {
                defer { finished.signal() }
                do {
                    let c = try PeerlinkClient(address: .unixSocket(socket), clientName: "writer-\(w)")
                    var i = 0
                    while !stop.load(ordering: .relaxed) || i < 3 {
                        _ = try c.nominate(urn: 400002, name: "W\(w) \(i)", email: "w\(w).\(i)@south.sch.uk", areas: ["maths"])
                        written.add(1, ordering: .relaxed)
                        i += 1
                    }
                } catch {
                    failures.withLock { $0.append("writer \(w): \(error)") }
                }
            }
            t.start()
        }
        while written.load(ordering: .relaxed) < 40 { usleep(5_000) }
        let before = try Self.counts(daemon)["nominations"] ?? 0

        let copy = try DaemonHarness()
        defer { copy.removeFiles() }
        var backup = Peerlink_V1_Backup()
        backup.path = copy.databasePath
        guard case .backup(let reply) = try admin.call(.backup(backup)) else { throw HarnessError("no backup reply") }
        let during = written.load(ordering: .relaxed)
        stop.store(true, ordering: .relaxed)
        for _ in 0..<20 { finished.wait() }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let after = try Self.counts(daemon)["nominations"] ?? 0
        #expect(written.load(ordering: .relaxed) > during, "the writers stopped before the backup")

        #expect(reply.integrity == "ok")
        #expect(reply.pages > 0 && reply.bytes == UInt64(Self.fileSize(copy.databasePath)), "\(reply)")
        #expect(Self.mode(copy.databasePath) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: copy.databasePath + "-wal"))

        // An existing file is refused without --force, and replaced with it (through the CLI, relative path).
        let refused = try daemon.cli(["--socket", daemon.socketPath, "backup", copy.databasePath])
        #expect(refused.status != 0 && refused.err.contains("already exists"), "\(refused.err)")
        let relative = try daemon.cli(["--socket", daemon.socketPath, "backup", "second.db"])
        #expect(relative.status == 0 && relative.out.contains("integrity check: ok"), "\(relative.err)")
        #expect(Self.mode(daemon.directory.appendingPathComponent("second.db").path) == 0o600)
        let forced = try daemon.cli(["--socket", daemon.socketPath, "backup", "second.db", "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        var live = Peerlink_V1_Backup()
        live.path = daemon.databasePath
        live.force = true
        #expect(PeerSupportTests.refusal { try admin.call(.backup(live)) } != nil)
        live.path = daemon.directory.appendingPathComponent("./sub/../test.db").path  // another spelling
        try FileManager.default.createDirectory(at: daemon.directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(PeerSupportTests.refusal { try admin.call(.backup(live)) } != nil)
        #expect(Self.fileSize(daemon.databasePath) > 0)

        // The copy serves: its count lies between the counts before and after the backup.
        try copy.start()
        defer { copy.stop() }
        let copied = try Self.counts(copy)["nominations"] ?? 0
        #expect(before <= copied && copied <= after, "before \(before), copy \(copied), after \(after)")
    }

    // MARK: Litestream

    /// The Litestream binary: `$LITESTREAM`, the venv `tools/litestream/install` makes, or one on the PATH.
    static func litestream() -> String? {
        if let env = ProcessInfo.processInfo.environment["LITESTREAM"], FileManager.default.isExecutableFile(atPath: env) {
            return env
        }
        var dir = DaemonHarness.binDirectory
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        let venv = dir.appendingPathComponent(".venv-litestream/bin/litestream").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        for p in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(p)/litestream"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static var packageRoot: URL {
        var dir = DaemonHarness.binDirectory
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    @Test func aLitestreamReplicaRestoresToTheSameCounts() throws {
        guard Self.litestream() != nil else {
            print("skipped: no litestream binary (run tools/litestream/install, or set LITESTREAM=/path/to/litestream)")
            return
        }
        let script = Self.packageRoot.appendingPathComponent("tools/litestream/replicate-test").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script]
        var env = ProcessInfo.processInfo.environment
        env["LITESTREAM"] = Self.litestream()
        env["PEERLINKD"] = DaemonHarness.peerlinkd
        env["PEERLINK"] = DaemonHarness.peerlink
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("restored counts match"), "\(text)")
    }
}
