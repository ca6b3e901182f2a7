import ArgumentParser
import PeerlinkWire

extension PeerlinkCLI {
    struct Staff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nominate staff for the school-to-school directory, and list, update or withdraw them.",
            subcommands: [Nominate.self, List.self, Update.self, Withdraw.self])
    }
}

extension PeerlinkCLI.Staff {
    struct Nominate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Nominate a member of staff (a resubmission for the same person and school replaces the earlier one).")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The nominee's school URN.") var urn: Int
        @Option(help: "The nominee's name.") var name: String
        @Option(help: "The nominee's work email.") var email: String
        @Option(help: "The nominee's role, e.g. 'Head of Computing'.") var role: String
        @Option(help: "Area ids, names or aliases, comma-separated (see `peerlink areas`).") var areas: String
        @Option(help: ArgumentHelp("A strength statement for one area, as AREA=TEXT; repeat per area.", valueName: "area=text"))
        var strength: [String] = []
        @Option(help: "Concurrent links the nominee can take (1–20).") var capacity: Int?
        @Option(help: "Comma-separated: in-person, online.") var modes: String?
        @Flag(help: "Record that the member of staff has NOT (yet) agreed to be listed; they are not matched until they do.")
        var noConsent = false
        @Option(help: "Person id of the nominating head.") var nominatedBy: Int64?

        func run() throws {
            var r = Peerlink_V1_NominationCreate()
            r.urn = Int32(urn)
            r.name = name
            r.email = email
            r.role = role
            r.areas = areas.split(separator: ",").map { a in
                var n = Peerlink_V1_NominatedArea()
                n.area = a.trimmingCharacters(in: .whitespaces)
                return n
            }
            // Sent apart from the areas: the daemon resolves both and refuses a strength for an area not nominated.
            r.strengths = try parseStrengths(strength)
            if let capacity { r.capacity = UInt32(max(0, capacity)) }
            r.modes = modes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            r.consent = !noConsent
            if let nominatedBy { r.nominatedBy = nominatedBy }
            try Self.reportingFailures {
                guard case .nominationCreate(let v) = try connection.call(.nominationCreate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(v) as? [String: Any] ?? [:]
                    obj["id"] = v.nomination.id
                    Output.printJSON(obj)
                } else {
                    print(v.nomination.id)
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a school's nominated staff.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The school's URN.") var urn: Int
        @Flag(help: "Include withdrawn nominations.") var all = false

        func run() throws {
            var r = Peerlink_V1_NominationList()
            r.urn = Int32(urn)
            r.includeWithdrawn = all
            try Self.reportingFailures {
                guard case .nominationList(let list) = try connection.call(.nominationList(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    Output.printJSON(list.nominations.map { Output.jsonObject($0) })
                    return
                }
                if list.nominations.isEmpty {
                    print("no nominations at URN \(urn)")
                    return
                }
                Output.table(
                    ["id", "name", "role", "email", "areas", "links", "modes", "consent", "status"],
                    list.nominations.map { v in
                        let n = v.nomination
                        return [
                            "\(n.id)", v.nominee.name, v.nominee.role, v.nominee.email,
                            n.areas.map(\.area).joined(separator: ","), "\(n.openLinks) of \(n.capacity)", n.modes.joined(separator: ","),
                            n.consent ? "yes" : "no", n.status,
                        ]
                    })
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a nomination's nominee (name, role, email), areas, strengths, capacity, modes, consent or status.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Nomination id.") var id: Int64
        @Option(help: "The nominee's name.") var name: String?
        @Option(help: "The nominee's role.") var role: String?
        @Option(help: "The nominee's work email.") var email: String?
        @Option(help: "Replace the areas (comma-separated).") var areas: String?
        @Option(help: ArgumentHelp("A new strength statement for one of the nomination's areas, as AREA=TEXT; repeat per area.", valueName: "area=text"))
        var strength: [String] = []
        @Option(help: "Concurrent links (1–20).") var capacity: Int?
        @Option(help: "Comma-separated: in-person, online.") var modes: String?
        @Option(help: "yes or no: the member of staff agreed to be listed.") var consent: String?
        @Option(help: "active or paused.") var status: String?

        func run() throws {
            var r = Peerlink_V1_NominationUpdate()
            r.id = id
            if let areas {
                var set = Peerlink_V1_NominatedAreas()
                set.areas = areas.split(separator: ",").map { a in
                    var n = Peerlink_V1_NominatedArea()
                    n.area = a.trimmingCharacters(in: .whitespaces)
                    return n
                }
                r.areas = set
            }
            if let capacity { r.capacity = UInt32(max(0, capacity)) }
            if let modes {
                var m = Peerlink_V1_Modes()
                m.modes = modes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                r.modes = m
            }
            if let consent {
                switch consent.lowercased() {
                case "yes", "true", "y": r.consent = true
                case "no", "false", "n": r.consent = false
                default: throw ValidationError("--consent must be yes or no.")
                }
            }
            r.status = status ?? ""
            if let name { r.name = name }
            if let role { r.role = role }
            if let email { r.email = email }
            r.strengths = try parseStrengths(strength)
            try Self.reportingFailures {
                guard case .nominationUpdate(let v) = try connection.call(.nominationUpdate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { Output.printJSON(v) } else { print("updated nomination \(v.nomination.id)") }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a nomination (kept as history, never matched again).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Nomination id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_NominationWithdraw()
            r.id = id
            try Self.reportingFailures {
                guard case .nominationWithdraw(let v) = try connection.call(.nominationWithdraw(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { Output.printJSON(v) } else { print("withdrew nomination \(v.nomination.id) (\(v.nominee.name))") }
            }
        }
    }
}

/// `--strength AREA=TEXT` options as (area, statement) pairs for the daemon, which checks each area.
private func parseStrengths(_ options: [String]) throws -> [Peerlink_V1_NominatedArea] {
    try options.map { s in
        guard let eq = s.firstIndex(of: "=") else { throw ValidationError("--strength must be AREA=TEXT, got '\(s)'.") }
        var n = Peerlink_V1_NominatedArea()
        n.area = s[..<eq].trimmingCharacters(in: .whitespaces)
        n.strength = String(s[s.index(after: eq)...])
        return n
    }
}
