import ArgumentParser
import PeerlinkClient
import PeerlinkWire

extension PeerlinkCLI {
    struct Areas: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the area taxonomy (subjects, themes, the Headteachers' standards), or add to it (admins).",
            subcommands: [List.self, Add.self, Alias.self, Relate.self], defaultSubcommand: List.self)
    }
}

extension PeerlinkCLI.Areas {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the area taxonomy: subjects, themes and the Headteachers' standards.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this kind: subject, theme or standard.") var kind: String?

        func run() throws {
            var r = Peerlink_V1_AreaList()
            r.kind = kind ?? ""
            try Self.reportingFailures {
                let list = try connection.call { try $0.areaList(r) }
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

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an area (admins); imports resolve it at once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Its id: lowercase letters, digits and dashes, e.g. it-services.") var id: String
        @Option(help: "Its name, e.g. 'IT services'.") var name: String
        @Option(help: "subject, theme or standard (default theme).") var kind: String?
        @Option(help: "A broader area (id, name or alias): the two count as related.") var parent: String?
        @Option(help: "Phases it applies to, comma-separated (default every phase).") var phases: String?
        @Option(help: "Another name forms use; repeat for more.") var alias: [String] = []

        func run() throws {
            var r = Peerlink_V1_AreaAdd()
            r.id = id
            r.name = name
            r.kind = kind ?? ""
            r.parent = parent ?? ""
            r.phases = phases.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            r.aliases = alias
            try Self.reportingFailures {
                let a = try connection.call { try $0.areaAdd(r) }
                if connection.json { return Output.printJSON(a) }
                print("added area \(a.id) (\(a.name))")
            }
        }
    }

    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add another name for an area (admins), e.g. the words a county's form uses.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The area: id, name or alias.") var area: String
        @Argument(help: "The other name.") var alias: String

        func run() throws {
            var r = Peerlink_V1_AreaAlias()
            r.area = area
            r.alias = alias
            try Self.reportingFailures {
                let a = try connection.call { try $0.areaAlias(r) }
                if connection.json { return Output.printJSON(a) }
                print("'\(alias)' now names \(a.id) (\(a.name))")
            }
        }
    }

    struct Relate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make one area the broader area of another (admins), so related-area matching links them.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The area: id, name or alias.") var area: String
        @Argument(help: "The broader area it relates to.") var related: String

        func run() throws {
            var r = Peerlink_V1_AreaRelate()
            r.area = area
            r.related = related
            try Self.reportingFailures {
                let a = try connection.call { try $0.areaRelate(r) }
                if connection.json { return Output.printJSON(a) }
                print("\(a.id) is now related to \(a.parent)")
            }
        }
    }
}
