import ArgumentParser
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the most recent audit entries: every write, and every read of a confidential record.",
            discussion: "The daemon keeps the last 2000 in memory; the whole log is the `audit` table in the database.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "At most this many entries (1–\(AuditLog.retained)).") var limit: Int = 50
        @Option(help: "Only entries by this person id.") var person: Int64?
        @Option(help: "Only this operation, e.g. engagement_get.") var operation: String?

        func validate() throws {
            try OptionCheck.range("--limit", limit, 1...AuditLog.retained)
        }

        func run() throws {
            var r = Peerlink_V1_AuditList()
            r.limit = UInt32(limit)
            if let person { r.personID = person }
            r.operation = operation ?? ""
            try Self.reportingFailures {
                let list = try connection.call { try $0.auditList(r) }
                if connection.json {
                    Output.printJSON(list.entries.map { Output.jsonObject($0) })
                    return
                }
                Output.table(
                    ["id", "time", "role", "person", "operation", "target"],
                    list.entries.map { e in
                        ["\(e.id)", Output.time(e.at), e.role, e.hasPersonID ? "\(e.personID)" : "", e.operation, e.target]
                    })
            }
        }
    }
}
