import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeerlinkClient
import PeerlinkWire
import Testing

/// peerlink-web started beside a daemon, and stopped.
final class WebHarness {
    /// The checkout: tools/web-tests, the venv, sample data.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let process = Process()
    var port = 0
    /// What peerlink-web logged, shown when the browser test fails.
    let log = LogBuffer()

    final class LogBuffer: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ s: String) { lock.lock(); text += s; lock.unlock() }
        var value: String { lock.lock(); defer { lock.unlock() }; return text }
    }

    init(daemonPort: Int, tokenFile: String, maildir: String) throws {
        process.executableURL = DaemonHarness.binDirectory.appendingPathComponent("peerlink-web")
        let sendmail = WebHarness.root.appendingPathComponent("tools/web-tests/sendmail-to-folder").path
        process.arguments = [
            "--listen", "127.0.0.1:0", "--daemon", "127.0.0.1:\(daemonPort)", "--token-file", tokenFile,
            "--sendmail", "\(sendmail) \(maildir)", "--outbox-interval", "0.2", "--log-level", "info",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let r = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(text[r].split(separator: ":").last!)!
                let log = self.log
                log.append(text)
                err.fileHandleForReading.readabilityHandler = { h in log.append(String(decoding: h.availableData, as: UTF8.self)) }
                return
            }
        }
        process.terminate()
        throw HarnessError("peerlink-web did not start: \(text)")
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

extension WebHarness {
    /// Invites `email` with `role`; the invitation arrives in the mail folder through peerlink-web's sender.
    static func invite(_ admin: PeerlinkClient, _ email: String, _ role: String) throws {
        var r = Peerlink_V1_InvitationCreate()
        r.email = email
        r.role = role
        _ = try admin.invitationCreate(r)
    }

    /// A plain GET (no cookie): the status and the body.
    static func get(_ url: String) throws -> (Int, String) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var out: (Int, String) = (0, "")
        URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
            out = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }.resume()
        done.wait()
        return out
    }

    /// The venv's python when the browser tests can run (chromium, chromedriver, selenium); nil after recording
    /// an issue that says to run tools/setup.
    static func browserPython() -> String? {
        let python = root.appendingPathComponent(".venv-web/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        else {
            Issue.record("the browser tests need chromium, chromedriver and the selenium venv: run tools/setup")
            return nil
        }
        return python
    }

    /// A `web` token for peerlink-web, written to a file in `directory`; returns the file's path.
    static func serviceTokenFile(_ admin: PeerlinkClient, in directory: URL) throws -> String {
        var t = Peerlink_V1_TokenCreate()
        t.role = "web"
        t.label = "peerlink-web (test)"
        let webToken = try admin.tokenCreate(t)
        let tokenFile = directory.appendingPathComponent("web.token")
        try webToken.secret.write(to: tokenFile, atomically: true, encoding: .utf8)
        return tokenFile.path
    }

    /// Runs `tools/web-tests/SCRIPT` with the venv's python and `arguments`; returns its exit status and
    /// everything it printed (stdout and stderr together).
    static func runBrowserScript(_ python: String, _ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [root.appendingPathComponent("tools/web-tests/\(script)").path] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, said)
    }
}
