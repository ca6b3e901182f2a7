import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink support`: a head's requests for peer support, and the profiles they decline.

extension PeerlinkCLI {
    struct SupportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "support", abstract: "A head's requests for peer support, and profiles they decline.",
            subcommands: [Request.self, Decline.self])
    }
}

extension PeerlinkCLI.SupportCommand {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for a cycle of peer support for a head; prints the request id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The head's person id.") var head: Int64
        @Option(help: "Standards or themes, comma-separated (default: the head's open targets).") var concerns: String?
        @Option(help: "in-person or online (default online).") var mode: String?

        func run() throws {
            var r = Peerlink_V1_SupportRequestCreate()
            r.headID = head
            r.concerns = commaSeparated(concerns)
            r.mode = mode ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.supportRequest(r) }
                Output.created(v, id: v.id, json: connection.json)
            }
        }
    }

    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the head declined a supporter's profile; it is not offered again for that request.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Option(help: "Supporter profile id.") var supporter: Int64

        func run() throws {
            var r = Peerlink_V1_SupportDecline()
            r.requestID = request
            r.supporterID = supporter
            try Self.reportingFailures {
                let v = try connection.call { try $0.supportDecline(r) }
                if connection.json { return Output.printJSON(v) }
                print("declined supporter \(supporter) for request \(request)")
            }
        }
    }
}
