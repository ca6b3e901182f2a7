import ArgumentParser
import PeerlinkClient
import PeerlinkCore
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
        @Option(help: "Concurrent links the nominee can take (1–\(Nomination.maximumCapacity)).") var capacity: Int?
        @Option(help: "Comma-separated: in-person, online.") var modes: String?
        @Flag(help: "Record that the member of staff has NOT (yet) agreed to be listed; they are not matched until they do.")
        var noConsent = false
        @Option(help: "Person id of the nominating head.") var nominatedBy: Int64?

        func validate() throws {
            try OptionCheck.urn(urn)
            try checkCapacity(capacity)
        }

        func run() throws {
            var r = Peerlink_V1_NominationCreate()
            r.urn = Int32(urn)
            r.name = name
            r.email = email
            r.role = role
            r.areas = nominatedAreas(areas)
            // Sent apart from the areas: the daemon resolves both and refuses a strength for an area not nominated.
            r.strengths = try parseStrengths(strength)
            if let capacity { r.capacity = UInt32(capacity) }
            r.modes = commaSeparated(modes)
            r.consent = !noConsent
            if let nominatedBy { r.nominatedBy = nominatedBy }
            try Self.reportingFailures {
                let v = try connection.call { try $0.nominationCreate(r) }
                Output.created(v, id: v.nomination.id, json: connection.json)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a school's nominated staff.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The school's URN.") var urn: Int
        @Flag(help: "Include withdrawn nominations.") var all = false

        func validate() throws { try OptionCheck.urn(urn) }

        func run() throws {
            var r = Peerlink_V1_NominationList()
            r.urn = Int32(urn)
            r.includeWithdrawn = all
            try Self.reportingFailures {
                let list = try connection.call { try $0.nominationList(r) }
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
        @Option(help: "Concurrent links (1–\(Nomination.maximumCapacity)).") var capacity: Int?
        @Option(help: "Comma-separated: in-person, online.") var modes: String?
        @Option(help: "yes or no: the member of staff agreed to be listed.") var consent: String?
        @Option(help: "active or paused.") var status: String?

        func validate() throws { try checkCapacity(capacity) }

        func run() throws {
            var r = Peerlink_V1_NominationUpdate()
            r.id = id
            if let areas {
                var set = Peerlink_V1_NominatedAreas()
                set.areas = nominatedAreas(areas)
                r.areas = set
            }
            if let capacity { r.capacity = UInt32(capacity) }
            if let modes {
                var m = Peerlink_V1_Modes()
                m.modes = commaSeparated(modes)
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
                let v = try connection.call { try $0.nominationUpdate(r) }
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
                let v = try connection.call { try $0.nominationWithdraw(r) }
                if connection.json { Output.printJSON(v) } else { print("withdrew nomination \(v.nomination.id) (\(v.nominee.name))") }
            }
        }
    }
}

/// `--capacity`, when given: the concurrent links a nomination may carry, as the daemon allows.
private func checkCapacity(_ capacity: Int?) throws {
    try OptionCheck.range("--capacity", capacity, 1...Nomination.maximumCapacity, "concurrent links")
}

/// `--areas a, b` as the nominated areas to send (the daemon resolves each id, name or alias).
private func nominatedAreas(_ areas: String) -> [Peerlink_V1_NominatedArea] {
    commaSeparated(areas).map { a in
        var n = Peerlink_V1_NominatedArea()
        n.area = a
        return n
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
