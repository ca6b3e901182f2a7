import Foundation
import PeerlinkClient
import PeerlinkWire

/// Drains the daemon's outbox: each due message is piped, as an RFC 5322 message, to the configured
/// sendmail-compatible command (`/usr/sbin/msmtp -t`), and the outcome is reported back (the daemon retries a
/// failure with backoff). Runs as the web service; the command runs on the daemon-call pool, never inline.
struct OutboxSender: Sendable {
    let app: WebApp
    let command: String

    func run() async {
        while !Task.isCancelled {
            do {
                try await drainOnce()
            } catch {
                app.logger.warning("outbox: \(error)")
            }
            try? await Task.sleep(for: .milliseconds(Int(app.config.outboxInterval * 1000)))
        }
    }

    /// Sends every message due now; returns how many were sent.
    @discardableResult
    func drainOnce() async throws -> Int {
        let batch = try await app.serviceCall { c throws(ClientError) in
            var r = Peerlink_V1_OutboxClaim()
            r.limit = 50
            return try c.outboxClaim(r)
        }
        var sent = 0
        for m in batch.messages {
            let text = message(m)
            let command = self.command
            let outcome: String? = try await app.daemon.pool.runIfActive { Self.pipe(text, to: command) }
            var r = Peerlink_V1_OutboxResult()
            r.id = m.id
            r.sent = outcome == nil
            r.error = outcome ?? ""
            _ = try await app.serviceCall { [r] c throws(ClientError) in try c.outboxResult(r) }
            if outcome == nil { sent += 1 } else { app.logger.warning("outbox: message \(m.id) to \(m.to) failed: \(outcome!)") }
        }
        return sent
    }

    func message(_ m: Peerlink_V1_OutboxMessage) -> String {
        let base = app.linkBase
        let body = m.body.replacingOccurrences(of: "{{web_url}}", with: base)
        let clean = { (s: String) in s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
        return """
            From: \(clean(app.config.mailFrom))\r
            To: \(clean(m.to))\r
            Subject: \(clean(m.subject))\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            X-Peerlink-Kind: \(clean(m.kind))\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r

            """
    }

    /// Runs `/bin/sh -c command` with the message on its standard input; nil when it exited 0, otherwise why not.
    static func pipe(_ text: String, to command: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        do { try p.run() } catch { return "cannot run \(command): \(error)" }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 0 { return nil }
        return "\(command) exited \(p.terminationStatus): \(String(decoding: said.prefix(300), as: UTF8.self))"
    }
}
