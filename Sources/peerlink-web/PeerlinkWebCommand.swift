import ArgumentParser
import Foundation
import Logging
import PeerlinkClient
import PeerlinkWeb

/// `peerlink-web`: flags in, a running web front end out. Everything else lives in PeerlinkWeb.
@main
struct PeerlinkWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerlink-web",
        abstract: "The web front end of peerlink: server-rendered pages that talk to peerlinkd over its protocol.",
        discussion: """
            Every page is a protocol call made with the signed-in person's own token; this process keeps no data. \
            It needs its own token with the role web: `peerlink token create --role web --label peerlink-web > web.token`.
            """)

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen = "127.0.0.1:8080"
    @Option(help: "peerlinkd's TCP address, HOST:PORT.") var daemon = "127.0.0.1:7411"
    @Option(help: "File holding the web service's token (role web); or set PEERLINK_WEB_TOKEN.") var tokenFile: String?
    @Option(help: "The address people open, for links in emails (default: the address it listens on).") var publicURL: String?
    @Flag(help: "Mark the session cookie Secure (set this behind TLS).") var secureCookies = false
    @Option(help: "Sendmail-compatible command each email is piped to, e.g. \"/usr/sbin/msmtp -t\"; without it no email is sent.")
    var sendmail: String?
    @Option(help: "The From header of emails.") var mailFrom = "peerlink <peerlink@localhost>"
    @Option(help: "Seconds between outbox polls.") var outboxInterval = 5.0
    @Option(help: "Threads for blocking daemon calls (requests in flight at once).") var threads = 16
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "notice"

    func run() async throws {
        var config = WebConfig()
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
        config.host = String(listen[..<colon])
        config.port = port
        guard let address = ServerAddress.tcp(daemon) else { throw ValidationError("--daemon must be HOST:PORT, got '\(daemon)'") }
        config.daemon = address
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read --token-file \(tokenFile)")
            }
            config.serviceToken = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            config.serviceToken = ProcessInfo.processInfo.environment["PEERLINK_WEB_TOKEN"] ?? ""
        }
        config.publicURL = publicURL
        config.secureCookies = secureCookies
        config.sendmail = sendmail
        config.mailFrom = mailFrom
        config.outboxInterval = outboxInterval
        config.threads = threads
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "peerlink-web")
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        logger.logLevel = level
        let app: WebApp
        do {
            app = try WebApp(config: config, logger: logger)
        } catch let e as WebStartupError {
            throw ValidationError(e.description)
        }
        try await app.run()
    }
}
