import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkWire

// MARK: - person erase

extension PeerlinkCLI.PersonCommand {
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person's personal data for good (admin).",
            discussion: """
                Removes the person's name, email, role and every free text they wrote or that describes them \
                (nomination strength statements, supporter profile summary and coaching record, needs targets and \
                review notes, feedback comments, link request notes and link outcomes) from the daemon's memory \
                and the database, including its -wal. Ids, counts and history stay; the person shows as \
                "(erased)". Their nominations are withdrawn, their supporter profile retired, their tokens \
                revoked. Backups taken before still hold the person. Cannot be undone.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The person's id.") var id: Int64
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() throws {
            try Self.reportingFailures {
                if !yes {
                    guard isatty(0) != 0 else {
                        throw CLIFailure("erasing person \(id) cannot be undone; run again with --yes to confirm")
                    }
                    FileHandle.standardError.write(Data("erase person \(id) for good? type the id to confirm: ".utf8))
                    guard readLine()?.trimmingCharacters(in: .whitespaces) == "\(id)" else {
                        throw CLIFailure("not confirmed; nothing was erased")
                    }
                }
                var r = Peerlink_V1_PersonErase()
                r.id = id
                let reply = try connection.call { try $0.personErase(r) }
                if connection.json {
                    Output.printJSON(reply)
                    return
                }
                print("erased person \(reply.id): name, email and role removed; shown as \"(erased)\"")
                Output.fields([
                    ("nominations", "\(reply.nominations) (strength statements cleared, withdrawn)"),
                    ("supporter profile", reply.supporterProfile ? "summary and coaching record cleared, retired" : "none"),
                    ("targets", "\(reply.targets) (text, success criteria and review notes cleared)"),
                    ("feedback comments", "\(reply.feedback) cleared"),
                    ("link texts", "\(reply.linkTexts) cleared"),
                    ("tokens revoked", "\(reply.tokensRevoked)"),
                ])
            }
        }
    }
}

// MARK: - backup

extension PeerlinkCLI {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the running daemon's database to FILE (admin), with SQLite's online backup API.",
            discussion: """
                The daemon writes the copy itself, between commits, so FILE is a path on the daemon's machine; a \
                relative FILE is resolved against this command's working directory before it is sent. The copy \
                is created mode 0600, is a single file (no -wal), and is checked with PRAGMA integrity_check. \
                Writes wait while it is copied. An existing FILE is refused unless --force. \
                `peerlinkd --db FILE` starts on the copy.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Where the daemon writes the copy.") var file: String
        @Flag(help: "Replace FILE if it exists.") var force = false

        func run() throws {
            try Self.reportingFailures {
                var r = Peerlink_V1_Backup()
                r.path = Self.absolute(file)
                r.force = force
                let reply = try connection.call { try $0.backup(r) }
                if connection.json {
                    Output.printJSON(reply)
                } else {
                    print("backed up to \(reply.path): \(reply.pages) pages, \(reply.bytes) bytes; integrity check: \(reply.integrity)")
                }
                if reply.integrity != "ok" {
                    throw CLIFailure("the copy at \(reply.path) failed its integrity check; do not rely on it")
                }
            }
        }

        /// `path` made absolute against the working directory, with `.` and `..` resolved.
        static func absolute(_ path: String) -> String {
            let url = path.hasPrefix("/")
                ? URL(fileURLWithPath: path)
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
            return url.standardizedFileURL.path
        }
    }
}
