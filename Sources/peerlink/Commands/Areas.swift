import ArgumentParser
import PeerlinkWire

extension PeerlinkCLI {
    struct Areas: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the area taxonomy: subjects, themes and the Headteachers' standards.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this kind: subject, theme or standard.") var kind: String?

        func run() throws {
            var r = Peerlink_V1_AreaList()
            r.kind = kind ?? ""
            try Self.reportingFailures {
                guard case .areaList(let list) = try connection.call(.areaList(r)) else { throw CLIFailure("unexpected reply") }
                if connection.json {
                    Output.printJSON(list.areas.map { Output.jsonObject($0) })
                    return
                }
                Output.table(
                    ["id", "name", "kind", "related to", "aliases"],
                    list.areas.map { [$0.id, $0.name, $0.kind, $0.parent, $0.aliases.joined(separator: "; ")] })
            }
        }
    }
}
