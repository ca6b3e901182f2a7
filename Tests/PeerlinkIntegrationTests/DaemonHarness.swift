import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

/// Starts the real `peerlinkd` binary on a free port with a temporary database, and stops it.
final class DaemonHarness {
    let directory: URL
    let databasePath: String
    let socketPath: String
    private(set) var tcpPort = 0
    private var process: Process?
    private var stderrLines: [String] = []

    /// The folder holding the built executables (beside the test bundle).
    static let binDirectory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The test runner may live inside a `.xctest` bundle folder.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("peerlinkd").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static var peerlinkd: String { binDirectory.appendingPathComponent("peerlinkd").path }
    static var peerlink: String { binDirectory.appendingPathComponent("peerlink").path }

    init(reuse other: DaemonHarness? = nil) throws {
        if let other {
            directory = other.directory
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-test-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        databasePath = directory.appendingPathComponent("test.db").path
        socketPath = directory.appendingPathComponent("test.sock").path
    }

    /// Starts the daemon and waits until it reports its listeners.
    func start(extraArguments: [String] = []) throws {
        guard FileManager.default.fileExists(atPath: DaemonHarness.peerlinkd) else {
            throw HarnessError("peerlinkd is not built at \(DaemonHarness.peerlinkd); run `swift build` first")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DaemonHarness.peerlinkd)
        p.arguments = ["--db", databasePath, "--socket", socketPath, "--listen", "127.0.0.1:0"] + extraArguments
        p.currentDirectoryURL = directory
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        process = p
        let reader = err.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: #"tcp.address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                tcpPort = Int(text[range].split(separator: ":").last!)!
                stderrLines = text.split(separator: "\n").map(String.init)
                // Keep draining stderr so the daemon never blocks on a full pipe.
                reader.readabilityHandler = { h in _ = h.availableData }
                return
            }
        }
        p.terminate()
        throw HarnessError("peerlinkd did not start: \(String(decoding: buffer, as: UTF8.self))")
    }

    /// SIGTERM and wait: the graceful stop. A daemon that has not exited after 20 s is killed so the suite
    /// cannot hang; the exit status then shows it (tests that care check `waitForExit()`).
    func stop() {
        guard let p = process, p.isRunning else { return }
        p.terminate()
        let deadline = Date().addingTimeInterval(20)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
    }

    /// Sends SIGTERM and returns at once.
    func terminate() { process?.terminate() }

    /// Waits for the process to end and returns its exit status.
    func waitForExit() -> Int32 {
        guard let p = process else { return -1 }
        let deadline = Date().addingTimeInterval(20)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
        return p.terminationStatus
    }

    /// SIGKILL: no chance to flush anything.
    func kill9() {
        guard let p = process else { return }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        process = nil
    }

    var isRunning: Bool { process?.isRunning ?? false }
    /// The daemon's process id while it runs (tests read its memory from /proc).
    var pid: Int32? { process?.processIdentifier }
    var exitStatus: Int32? { process == nil ? nil : (process!.isRunning ? nil : process!.terminationStatus) }

    func admin() throws -> PeerlinkClient {
        try PeerlinkClient(address: .unixSocket(socketPath), clientName: "test")
    }

    var tcpAddress: ServerAddress { .tcp(host: "127.0.0.1", port: tcpPort) }

    /// Runs the `peerlink` CLI against this daemon's socket; returns (exit status, stdout, stderr).
    func cli(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DaemonHarness.peerlink)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["PEERLINK_SOCKET"] = nil
        env["PEERLINK_SERVER"] = nil
        env["PEERLINK_TOKEN"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    deinit {
        stop()
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: directory)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A school every integration test can use.
func sampleSchool(urn: Int32, name: String, phase: String = "secondary", la: Int32 = 936) -> Peerlink_V1_School {
    var s = Peerlink_V1_School()
    s.urn = urn
    s.name = name
    s.phase = phase
    s.laCode = la
    s.laName = "Surrey"
    s.region = "South East"
    return s
}

extension PeerlinkClient {
    func upsert(_ school: Peerlink_V1_School) throws {
        var r = Peerlink_V1_SchoolUpsert()
        r.school = school
        try call(.schoolUpsert(r))
    }

    func nominate(urn: Int32, name: String, email: String, areas: [String]) throws -> Int64 {
        var r = Peerlink_V1_NominationCreate()
        r.urn = urn
        r.name = name
        r.email = email
        r.role = "Teacher"
        r.consent = true
        r.areas = areas.map { a in
            var n = Peerlink_V1_NominatedArea()
            n.area = a
            return n
        }
        guard case .nominationCreate(let v) = try call(.nominationCreate(r)) else { throw HarnessError("no nomination") }
        return v.nomination.id
    }
}
