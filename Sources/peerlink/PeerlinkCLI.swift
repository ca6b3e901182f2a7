import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

/// `peerlink`: the command line for admins, advisers and heads. Each subcommand turns flags into one
/// protocol request, sends it, and prints the reply as a table (people) or JSON (`--json`, scripts).
@main
struct PeerlinkCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerlink",
        abstract: "Drive the peerlink school-to-school support directory.",
        discussion: """
            Talks to a running peerlinkd: over its admin unix socket (default ./peerlink.sock, or \
            --socket / PEERLINK_SOCKET), or over TCP with --server HOST:PORT and --token (or \
            PEERLINK_SERVER, PEERLINK_TOKEN). Options go before or after the subcommand.
            """,
        version: "0.1.0",
        subcommands: [
            Status.self, SchoolCommand.self, Areas.self, Staff.self, TokenCommand.self, InviteCommand.self,
            MatchCommand.self, ReportCommand.self, Audit.self, Backup.self,
            ImportCommand.self,  // imports
            // links
            LinkCommand.self, NetworkCommand.self,
            // peer support
            PersonCommand.self, SupporterCommand.self, NeedsCommand.self, SupportCommand.self, EngagementCommand.self,
            // cohorts
            CohortCommand.self,
            // calendars: a person's meetings and sessions
            CalendarCommand.self,
        ])

    @OptionGroup var connection: ConnectionOptions
}

/// Flags every subcommand shares.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's admin unix socket (env PEERLINK_SOCKET).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("The daemon's TCP address, e.g. 127.0.0.1:7411 (env PEERLINK_SERVER).", valueName: "host:port"))
    var server: String?

    @Option(help: ArgumentHelp("Access token for TCP (env PEERLINK_TOKEN).", valueName: "token"))
    var token: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    @Flag(help: "Print tables as CSV (UTF-8 with a byte-order mark, for Excel) instead of aligned text.")
    var csv = false

    @Option(help: ArgumentHelp("Also write the tables to an Excel workbook (.xlsx), one worksheet each.", valueName: "file"))
    var xlsx: String?

    @Option(help: "Seconds to wait for each reply.")
    var timeout: Double = 60

    func validate() throws {
        try OptionCheck.positive("--timeout", timeout, atMost: ConnectionOptions.maximumTimeout, "seconds")
        if socket != nil && server != nil {
            throw ValidationError("give --socket or --server, not both.")
        }
        if json && csv { throw ValidationError("give --json or --csv, not both.") }
        if let xlsx, !xlsx.lowercased().hasSuffix(".xlsx") {
            throw ValidationError("--xlsx names the workbook to write, ending in .xlsx; got '\(xlsx)'.")
        }
        Output.csv = csv
        Output.xlsxPath = xlsx
        if let server, ServerAddress.tcp(server) == nil {
            throw ValidationError("--server must be HOST:PORT, e.g. 127.0.0.1:7411; got '\(server)'.")
        }
    }

    /// Flags first, then the environment, then the default socket in the working directory.
    var address: ServerAddress {
        let env = ProcessInfo.processInfo.environment
        if let socket { return .unixSocket(socket) }
        if let server, let a = ServerAddress.tcp(server) { return a }
        if let s = env["PEERLINK_SOCKET"], !s.isEmpty { return .unixSocket(s) }
        if let s = env["PEERLINK_SERVER"], !s.isEmpty, let a = ServerAddress.tcp(s) { return a }
        return .unixSocket("peerlink.sock")
    }

    var resolvedToken: String? {
        token ?? ProcessInfo.processInfo.environment["PEERLINK_TOKEN"]
    }

    /// Connects and says Hello, or exits with a message saying how to reach the daemon.
    func connect() throws -> PeerlinkClient {
        do {
            return try PeerlinkClient(address: address, token: resolvedToken, clientName: "peerlink-cli", timeout: timeout)
        } catch {
            throw CLIFailure(error)
        }
    }

    /// Connects and makes `body`'s typed calls on the client (`connection.call { try $0.linkMatch(r) }`,
    /// `PeerlinkClient+Operations.swift`), returning what `body` returns. A refusal becomes a `CLIFailure` with
    /// the daemon's code, field and explanation; a broken connection or a reply of another kind one that says so.
    /// Any other error `body` throws passes through as it is.
    func call<Reply>(_ body: (PeerlinkClient) throws -> Reply) throws -> Reply {
        let client = try connect()
        do {
            return try body(client)
        } catch let error as ClientError {
            throw CLIFailure(error)
        }
    }

    /// The longest `--timeout` accepted (a day), so it always fits a socket timeout.
    static let maximumTimeout = 86_400.0
}

/// A failure printed as `error: …` with the daemon's code and field, exiting non-zero.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    init(_ error: ClientError) {
        switch error {
        case .server(let e):
            let field = e.field.map { " (\($0))" } ?? ""
            message = "\(e.code.rawValue)\(field): \(e.message)"
            exitCode = e.code == .notFound ? 4 : (e.code == .unauthenticated || e.code == .forbidden ? 5 : 1)
        case .cannotConnect:
            message = error.description
            exitCode = 3
        default:
            message = error.description
            exitCode = 3
        }
    }

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, printing a CLIFailure as `error: …` on stderr and exiting with its code.
    static func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let f as CLIFailure {
            FileHandle.standardError.write(Data("error: \(f.message)\n".utf8))
            throw ExitCode(f.exitCode)
        }
    }
}
