import ArgumentParser
import Foundation
import Logging
import PeerlinkCore
import PeerlinkServer
import PeerlinkStore

/// `peerlinkd`: flags and config file in, a running daemon out. All behaviour lives in PeerlinkServer.
@main
struct PeerlinkDaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerlinkd",
        abstract: "Serve the peerlink school-to-school support directory.",
        discussion: """
            With no arguments, serves ./peerlink.db on 127.0.0.1:7411 and on the admin unix socket \
            ./peerlink.sock (mode 0600: whoever can open it is admin). Settings come from the embedded \
            defaults, then --config FILE (JSON, see README), then flags. SIGINT/SIGTERM stop gracefully.
            """,
        version: peerlinkVersion)

    @Option(help: "SQLite database file (created if missing).")
    var db: String?

    @Option(help: "Admin unix socket path (default: beside the database, NAME.sock).")
    var socket: String?

    @Option(help: "TCP address as HOST:PORT (port 0 picks a free one), or 'off'.")
    var listen: String?

    @Option(help: "JSON configuration file; flags override it.")
    var config: String?

    @Option(help: "Commit durability: full (every acknowledged write survives power loss) or normal (faster).")
    var synchronous: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws {
        var settings = ServerConfig()
        if let config {
            do {
                try ConfigFile.load(path: config).apply(to: &settings)
            } catch {
                throw ValidationError("\(config): \(error)")
            }
        }
        if let db { settings.databasePath = db }
        if let socket { settings.socketPath = socket }
        if let listen {
            do { try ConfigFile.applyListen(listen, to: &settings) } catch { throw ValidationError("\(error)") }
        }
        if let synchronous {
            guard let s = Synchronous(rawValue: synchronous.uppercased()) else {
                throw ValidationError("--synchronous must be full or normal, got '\(synchronous)'")
            }
            settings.synchronous = s
        }
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "peerlinkd")
        let daemon: Daemon
        do {
            daemon = try Daemon(config: settings, logger: logger, version: peerlinkVersion)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        daemon.run()
    }
}
