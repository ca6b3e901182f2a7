import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink person`: the people peer support serves (heads, supporters); `person erase` is in Operations.swift.

extension PeerlinkCLI {
    struct PersonCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "person", abstract: "Add people (heads, supporters), change them and show them.",
            subcommands: [Add.self, Update.self, Show.self, Erase.self])
    }
}

extension PeerlinkCLI.PersonCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person (usually a head); prints the new id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Full name.") var name: String
        @Option(help: "Work email (no personal addresses).") var email: String
        @Option(help: "URN of the school the person works at.") var urn: Int
        @Option(help: "Job role, e.g. 'Headteacher'.") var role: String = "Headteacher"
        @Option(help: ArgumentHelp("First day of their first headship.", valueName: "YYYY-MM-DD"))
        var headshipStart: String?
        @Option(help: "NPQH: completed, in-progress or none.") var npqh: String?
        @Flag(help: "They withdrew from the earlier national support offer.") var withdrawnEarlier = false

        func validate() throws { try OptionCheck.urn(urn) }

        func run() throws {
            var p = Peerlink_V1_Person()
            p.name = name
            p.email = email
            p.urn = Int32(urn)
            p.role = role
            p.headshipStart = headshipStart ?? ""
            p.npqh = npqh ?? ""
            p.withdrawnFromEarlierOffer = withdrawnEarlier
            var r = Peerlink_V1_PersonCreate()
            r.person = p
            try Self.reportingFailures {
                let v = try connection.call { try $0.personCreate(r) }
                Output.created(v, id: v.person.id, json: connection.json)
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person (admin); only the options given change. Prints the person.",
            discussion: """
                A supporter's eligibility follows from their person record: record a headship start date here \
                (--headship-start) and `peerlink supporter show` checks it again.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Person id.") var id: Int64
        @Option(help: "Full name.") var name: String?
        @Option(help: "Work email (no personal addresses).") var email: String?
        @Option(help: "URN of the school the person now works at.") var urn: Int?
        @Option(help: "Job role, e.g. 'Headteacher'.") var role: String?
        @Option(help: ArgumentHelp("First day of their first headship.", valueName: "YYYY-MM-DD"))
        var headshipStart: String?
        @Option(help: "NPQH: completed, in-progress or none.") var npqh: String?
        @Flag(inversion: .prefixedNo, help: "Whether they withdrew from the earlier national support offer.")
        var withdrawnEarlier: Bool?

        func validate() throws {
            let texts = [name, email, role, headshipStart, npqh]
            if texts.allSatisfy({ $0 == nil }) && urn == nil && withdrawnEarlier == nil {
                throw ValidationError("nothing to change: give at least one of --name, --email, --urn, --role, "
                    + "--headship-start, --npqh, --[no-]withdrawn-earlier")
            }
            try OptionCheck.urn(urn)
        }

        func run() throws {
            var r = Peerlink_V1_PersonUpdate()
            r.id = id
            if let name { r.name = name }
            if let email { r.email = email }
            if let urn { r.urn = Int32(urn) }
            if let role { r.role = role }
            if let headshipStart { r.headshipStart = headshipStart }
            if let npqh { r.npqh = npqh }
            if let withdrawnEarlier { r.withdrawnFromEarlierOffer = withdrawnEarlier }
            try Self.reportingFailures {
                let v = try connection.call { try $0.personUpdate(r) }
                if connection.json { return Output.printJSON(v) }
                printPerson(v)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Person id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_PersonGet()
            r.id = id
            try Self.reportingFailures {
                let v = try connection.call { try $0.personGet(r) }
                if connection.json { return Output.printJSON(v) }
                printPerson(v)
            }
        }
    }
}

private func printPerson(_ v: Peerlink_V1_PersonView) {
    let p = v.person
    Output.fields([
        ("id", "\(p.id)"), ("name", p.name), ("email", p.email), ("role", p.role),
        ("school", "\(v.schoolName) (URN \(p.urn))"), ("headship start", p.headshipStart),
        ("npqh", p.npqh), ("withdrawn earlier", p.withdrawnFromEarlierOffer ? "yes" : ""),
        ("supporter profile", v.hasSupporterID ? "\(v.supporterID)" : ""),
    ])
}
