import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink supporter supervision`: the supervision meetings supporters have.

extension PeerlinkCLI.SupporterCommand {
    struct Supervision: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Supervision meetings supporters have (date and length only).", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a supervision meeting.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "Supporter profile id.") var id: Int64
            @Option(help: ArgumentHelp("The day it happened.", valueName: "YYYY-MM-DD")) var date: String
            @Option(help: "How long it lasted, in minutes (1–480).") var minutes: Int = 60

            func validate() throws { try OptionCheck.range("--minutes", minutes, OptionCheck.meetingMinutes, "minutes") }

            func run() throws {
                var r = Peerlink_V1_SupervisionAdd()
                r.supporterID = id
                r.date = date
                r.minutes = UInt32(minutes)
                try Self.reportingFailures {
                    let v = try connection.call { try $0.supervisionAdd(r) }
                    if connection.json {
                        Output.printJSON(v)
                    } else {
                        print("recorded supervision for supporter \(id) on \(date) (\(v.supervision.count) in all)")
                    }
                }
            }
        }
    }
}
