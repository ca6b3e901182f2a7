import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink report qa`: the peer-support quality report.

extension PeerlinkCLI.ReportCommand {
    struct QA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Peer-support quality report: counts, durations, meetings and ratings; never a comment.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let q = try connection.call { try $0.reportQa() }
                if connection.json { return Output.printJSON(q) }
                Output.fields(q.fields, sheet: "qa")
            }
        }
    }
}
