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
        if let listen { try ConfigFile.applyListen(listen, to: &settings) }
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

/// The `--config` file: every field optional; absent fields keep the defaults.
struct ConfigFile: Decodable {
    var database: String?
    var socket: String?
    var listen: String?
    var synchronous: String?
    var maxFrameBytes: Int?
    var maxConnections: Int?
    var maxInFlight: Int?
    var idleTimeoutSeconds: Int?
    var maxOutputBufferedBytes: Int?
    var replyCacheBytes: Int?
    var linkWeights: [String: Double]?
    var supporterWeights: [String: Double]?
    var workingDay: WorkingDay?
    var holidays: [HolidayEntry]?
    var holidaysByLA: [String: [HolidayEntry]]?
    var safeguardingContact: String?
    var safeguardingEmail: String?

    struct WorkingDay: Decodable {
        var start: String
        var end: String
    }

    struct HolidayEntry: Decodable {
        var name: String
        var first: String
        var last: String

        func holiday(_ where_: String) throws -> SchoolCalendar.Holiday {
            guard let f = Day(iso: first), let l = Day(iso: last), f <= l else {
                throw ValidationError("\(where_): holiday '\(name)' needs first and last dates as YYYY-MM-DD, first ≤ last")
            }
            return SchoolCalendar.Holiday(name: name, first: f, last: l)
        }
    }

    enum CodingKeys: String, CodingKey {
        case database, socket, listen, synchronous, holidays
        case linkWeights = "link_weights"
        case supporterWeights = "supporter_weights"
        case workingDay = "working_day"
        case holidaysByLA = "holidays_by_la"
        case safeguardingContact = "safeguarding_contact"
        case safeguardingEmail = "safeguarding_email"
        case maxFrameBytes = "max_frame_bytes"
        case maxConnections = "max_connections"
        case maxInFlight = "max_in_flight"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case maxOutputBufferedBytes = "max_output_buffered_bytes"
        case replyCacheBytes = "reply_cache_bytes"
    }

    static func load(path: String) throws -> ConfigFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(ConfigFile.self, from: data)
    }

    func apply(to s: inout ServerConfig) throws {
        if let database { s.databasePath = database }
        if let socket { s.socketPath = socket }
        if let listen { try ConfigFile.applyListen(listen, to: &s) }
        if let synchronous {
            guard let v = Synchronous(rawValue: synchronous.uppercased()) else {
                throw ValidationError("synchronous must be full or normal")
            }
            s.synchronous = v
        }
        if let maxFrameBytes { s.maxFrameBytes = maxFrameBytes }
        if let maxConnections { s.maxConnections = maxConnections }
        if let maxInFlight {
            guard maxInFlight > 0 else { throw ValidationError("max_in_flight must be at least 1") }
            s.maxInFlightPerConnection = maxInFlight
        }
        if let idleTimeoutSeconds { s.idleTimeoutSeconds = idleTimeoutSeconds }
        if let maxOutputBufferedBytes { s.maxOutputBufferedBytes = maxOutputBufferedBytes }
        if let replyCacheBytes {
            guard replyCacheBytes >= 0 else { throw ValidationError("reply_cache_bytes must be 0 (off) or more, got \(replyCacheBytes)") }
            s.replyCacheBytes = replyCacheBytes
        }
        if let linkWeights { s.linkWeights = try s.linkWeights.overriding(linkWeights, field: "link_weights") }
        if let supporterWeights { s.supporterWeights = try s.supporterWeights.overriding(supporterWeights) }
        if let workingDay {
            func minutes(_ t: String) throws -> Int {
                let parts = t.split(separator: ":")
                guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
                else { throw ValidationError("working_day times must be HH:MM, got '\(t)'") }
                return h * 60 + m
            }
            s.calendar.dayStart = try minutes(workingDay.start)
            s.calendar.dayEnd = try minutes(workingDay.end)
            guard s.calendar.dayStart < s.calendar.dayEnd else { throw ValidationError("working_day start must be before end") }
        }
        if let holidays { s.calendar.defaultHolidays = try holidays.map { try $0.holiday("holidays") } }
        if let holidaysByLA {
            for (code, list) in holidaysByLA {
                guard let la = Int(code) else { throw ValidationError("holidays_by_la keys are LA codes like \"936\", got '\(code)'") }
                s.calendar.holidaysByLA[la] = try list.map { try $0.holiday("holidays_by_la.\(code)") }
            }
        }
        if let safeguardingContact { s.safeguardingContact = safeguardingContact }
        if let safeguardingEmail { s.safeguardingEmail = safeguardingEmail }
    }

    static func applyListen(_ text: String, to s: inout ServerConfig) throws {
        if text == "off" {
            s.tcpHost = nil
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError("listen address must be HOST:PORT (e.g. 127.0.0.1:7411) or 'off', got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        s.tcpHost = host.isEmpty ? "127.0.0.1" : host
        s.tcpPort = port
    }
}
