import ArgumentParser
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI {
    struct SchoolCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "school", abstract: "Add, show and search schools.",
            subcommands: [Add.self, Show.self, Search.self])
    }
}

extension PeerlinkCLI.SchoolCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update one school (the register import loads them in bulk).")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Unique Reference Number.") var urn: Int
        @Option(help: "School name.") var name: String
        @Option(help: "nursery, primary, middle, secondary, all-through, 16-plus or not-applicable.") var phase: String
        @Option(help: "Local authority code (3 digits).") var laCode: Int
        @Option(help: "Local authority name.") var laName: String
        @Option(help: "Region, e.g. 'South East'.") var region: String?
        @Option(help: "Trust name.") var trust: String?
        @Option(help: "Federation name.") var federation: String?
        @Option(help: "Number of pupils.") var pupils: Int?
        @Option(help: "Pupil capacity.") var capacity: Int?
        @Option(help: "British National Grid easting (metres).") var easting: Int?
        @Option(help: "British National Grid northing (metres).") var northing: Int?
        @Option(help: "Urban/rural class, e.g. 'Rural village'.") var urbanRural: String?
        @Option(help: "Religious character, e.g. 'Church of England'.") var religiousCharacter: String?
        @Option(help: "Type of establishment, e.g. 'Academy converter'.") var type: String?
        @Option(help: "Establishment type group, e.g. 'Academies'.") var typeGroup: String?
        @Option(help: "open or closed.") var status: String = "open"
        @Option(help: "Last inspection: outstanding, good, requires-improvement, inadequate.") var inspection: String?
        @Option(help: "Postcode.") var postcode: String?
        @Option(help: "Town.") var town: String?

        func validate() throws {
            try OptionCheck.urn(urn)
            try OptionCheck.range("--la-code", laCode, 0...999)
            try OptionCheck.range("--pupils", pupils, 0...Int(Int32.max))
            try OptionCheck.range("--capacity", capacity, 0...Int(Int32.max))
            if (easting == nil) != (northing == nil) {
                throw ValidationError("give both --easting and --northing, or neither.")
            }
            // Great Britain's National Grid, as the daemon checks it.
            try OptionCheck.range("--easting", easting, 0...700_000, "metres")
            try OptionCheck.range("--northing", northing, 0...1_300_000, "metres")
        }

        func run() throws {
            var s = Peerlink_V1_School()
            s.urn = Int32(urn)
            s.name = name
            s.phase = phase
            s.laCode = Int32(laCode)
            s.laName = laName
            s.region = region ?? ""
            s.trust = trust ?? ""
            s.federation = federation ?? ""
            if let pupils { s.pupils = Int32(pupils) }
            if let capacity { s.capacity = Int32(capacity) }
            if let easting { s.easting = Int32(easting) }
            if let northing { s.northing = Int32(northing) }
            s.urbanRural = urbanRural ?? ""
            s.religiousCharacter = religiousCharacter ?? ""
            s.type = type ?? ""
            s.typeGroup = typeGroup ?? ""
            s.status = status
            s.inspection = inspection ?? ""
            s.postcode = postcode ?? ""
            s.town = town ?? ""
            var r = Peerlink_V1_SchoolUpsert()
            r.school = s
            try Self.reportingFailures {
                let stored = try connection.call { try $0.schoolUpsert(r) }
                if connection.json { Output.printJSON(stored) } else { print("stored \(stored.name) (URN \(stored.urn))") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one school by URN (an old URN finds its successor).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The school's URN.") var urn: Int

        func validate() throws { try OptionCheck.urn(urn, option: "URN") }

        func run() throws {
            var r = Peerlink_V1_SchoolGet()
            r.urn = Int32(urn)
            try Self.reportingFailures {
                let s = try connection.call { try $0.schoolGet(r) }
                if connection.json {
                    Output.printJSON(s)
                    return
                }
                Output.fields(SchoolCommandFormat.fields(s))
            }
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find schools by words of their name, or by URN.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words of the name, or a URN.") var text: [String]
        @Option(help: "At most this many results (1–500).") var limit: Int = 20

        func validate() throws {
            try OptionCheck.range("--limit", limit, 1...500)
        }

        func run() throws {
            var r = Peerlink_V1_SchoolSearch()
            r.text = text.joined(separator: " ")
            r.limit = UInt32(limit)
            try Self.reportingFailures {
                let list = try connection.call { try $0.schoolSearch(r) }
                if connection.json {
                    Output.printJSON(list.schools.map { Output.jsonObject($0) })
                    return
                }
                if list.schools.isEmpty {
                    print("no school matches '\(r.text)'")
                    return
                }
                Output.table(
                    ["URN", "name", "phase", "LA", "status", "trust"],
                    list.schools.map { ["\($0.urn)", $0.name, $0.phase, $0.laName, $0.status, $0.trust] })
            }
        }
    }
}

enum SchoolCommandFormat {
    static func fields(_ s: Peerlink_V1_School) -> [(String, String)] {
        [
            ("URN", "\(s.urn)"), ("name", s.name), ("phase", s.phase), ("type", s.type), ("type group", s.typeGroup),
            ("status", s.status), ("local authority", "\(s.laName) (\(s.laCode))"), ("region", s.region),
            ("urban/rural", s.urbanRural), ("pupils", s.hasPupils ? "\(s.pupils)" : ""),
            ("capacity", s.hasCapacity ? "\(s.capacity)" : ""),
            ("grid", s.hasEasting ? "\(s.easting) E, \(s.northing) N" : ""), ("postcode", s.postcode), ("town", s.town),
            ("trust", s.trust), ("federation", s.federation), ("religious character", s.religiousCharacter),
            ("inspection", s.inspection.isEmpty ? "" : "\(s.inspection) \(s.inspectionDate)"),
            ("predecessors", s.predecessorUrns.map(String.init).joined(separator: ", ")),
            ("successor", s.hasSuccessorUrn ? "\(s.successorUrn)" : ""),
        ]
    }
}
