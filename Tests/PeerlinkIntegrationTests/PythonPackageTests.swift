import Foundation
import Testing

/// The Python client as a user gets it: `pip install tools/python` into a fresh venv (protobuf from PyPI), then
/// its programme helpers against the real daemon, imported from the venv rather than the source tree.
struct PythonPackageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `executable arguments`, returning its exit status and what it wrote to stdout and stderr.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test func pipInstallsThePackageInAFreshVenvAndItsHelpersWork() throws {
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-venv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: venv) }
        let made = try Self.run("/usr/bin/python3", ["-m", "venv", venv.path])
        try #require(made.0 == 0, "python3 -m venv failed (Debian: apt-get install python3-venv): \(made.1)")
        let pip = venv.appendingPathComponent("bin/pip").path
        let installed = try Self.run(pip, ["install", "--quiet", Self.repository.appendingPathComponent("tools/python").path])
        try #require(installed.0 == 0, "pip install tools/python failed: \(installed.1)")
        let shown = try Self.run(pip, ["show", "peerlink", "protobuf"])
        #expect(shown.1.contains("Name: peerlink") && shown.1.contains("Name: protobuf"), "\(shown.1)")

        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        // Run from the venv's folder, away from the source tree, so only the installed package can be imported.
        let script = Self.repository.appendingPathComponent("tools/python/test_programmes.py").path
        let result = try Self.run(
            venv.appendingPathComponent("bin/python").path,
            [script, "--socket", daemon.socketPath, "--tcp", "127.0.0.1:\(daemon.tcpPort)"], in: venv)
        #expect(result.0 == 0, "\(result.1)")
        #expect(result.1.contains("programme helpers ok"), "\(result.1)")
    }
}
