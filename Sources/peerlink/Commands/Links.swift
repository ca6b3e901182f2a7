import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI {
    struct LinkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link", abstract: "Record schools' requests for help and the links advisers make.",
            subcommands: [Request.self, Create.self, List.self, Close.self, Cancel.self])
    }

    struct NetworkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "network",
            abstract: "Record local networks (support groups) whose schools usually link with each other.",
            subcommands: [Add.self, List.self])
    }

}

/// Parses `--mode` words (in-person, online, any) for validation before anything is sent.
private func checkMode(_ mode: String?) throws {
    if let mode, LinkMode(parsing: mode) == nil {
        throw ValidationError("--mode must be in-person, online or any; got '\(mode)'.")
    }
}

/// `--max-km`, when given: more than 0 and at most the daemon's `LinkQuery.maximumKm`.
private func checkMaxKm(_ maxKm: Double?) throws {
    try OptionCheck.positive("--max-km", maxKm, atMost: LinkQuery.maximumKm, "km")
}

private func score(_ x: Float) -> String { String(format: "%.2f", Double(x)) }

extension PeerlinkCLI.MatchCommand {
    struct LinkMatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link",
            abstract: "Rank nominees at other schools who could help school URN in AREA, with reasons.",
            discussion: """
                Hard constraints remove a candidate (inactive, no consent, no spare capacity, same or closed \
                school, incompatible phase, mode, distance); the rest are scored on expertise, context, \
                proximity (in person only), novelty and availability, weighted by the daemon's configured \
                weights unless --weight overrides one.
                """)

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "URN of the school that needs help.") var urn: Int
        @Option(help: "Area id, name or alias (see `peerlink areas`).") var area: String
        @Option(help: "in-person, online or any.") var mode: String?
        @Option(help: "For in-person links: the farthest a nominee's school may be, in km (at most \(Int(LinkQuery.maximumKm))).")
        var maxKm: Double?
        @Flag(help: "Also consider nominations for related areas.") var related = false
        @Flag(help: "Allow schools of incompatible phases.") var crossPhase = false
        @Option(help: "How many hits to show (1–\(LinkQuery.maximumLimit)).") var limit: Int = 10
        @Option(
            help: ArgumentHelp(
                "Override one weight (expertise, context, proximity, novelty, availability); repeatable.",
                valueName: "name=value"))
        var weight: [String] = []

        func validate() throws {
            try checkMode(mode)
            try OptionCheck.urn(urn)
            try checkMaxKm(maxKm)
            try OptionCheck.range("--limit", limit, 1...LinkQuery.maximumLimit)
            for w in weight {
                do {
                    _ = try LinkWeights.parseAssignment(w)
                } catch {
                    throw ValidationError("--weight: \(error.message)")
                }
            }
        }

        func run() throws {
            var r = Peerlink_V1_LinkMatch()
            r.urn = Int32(urn)
            r.area = area
            r.mode = mode ?? ""
            if let maxKm { r.maxKm = maxKm }
            r.related = related
            r.crossPhase = crossPhase
            r.limit = UInt32(limit)
            for w in weight {
                let (name, value) = try LinkWeights.parseAssignment(w)
                r.weights[name] = value
            }
            try Self.reportingFailures {
                let m = try connection.call { try $0.linkMatch(r) }
                if connection.json {
                    Output.printJSON(Self.jsonWithReasonsInHits(m))
                    return
                }
                let s = m.requester
                print("\(m.area.name) for \(s.name) (URN \(s.urn), \(s.phase), \(s.laName))")
                var removed = m.excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                if removed.isEmpty { removed = "none" }
                print("\(m.hits.count) shown of \(m.considered) considered; removed: \(removed)")
                let w = m.weights
                let shown = [w.expertise, w.context, w.proximity, w.novelty, w.availability].map { String(format: "%g", $0) }
                print(
                    "weights: expertise \(shown[0]), context \(shown[1]), proximity \(shown[2]), novelty \(shown[3]), "
                        + "availability \(shown[4])")
                if m.hits.isEmpty {
                    print("no nominee can take this link; try --related, --cross-phase, --mode online or a wider --max-km")
                    return
                }
                print("")
                Output.table(
                    [
                        "#", "nomination", "nominee", "role", "school", "urn", "phase", "la", "trust", "km", "total",
                        "exp", "ctx", "prox", "nov", "avail", "reasons",
                    ],
                    m.hits.enumerated().map { i, h in
                        [
                            "\(i + 1)", "\(h.nominationID)", h.nomineeName, h.nomineeRole, h.school.name,
                            "\(h.school.urn)", h.school.phase, h.school.laName,
                            h.school.trust.isEmpty ? "-" : h.school.trust,
                            h.hasDistanceKm ? String(format: "%.1f", h.distanceKm) : "-", score(h.total),
                            score(h.scores.expertise), score(h.scores.context), score(h.scores.proximity),
                            score(h.scores.novelty), score(h.scores.availability),
                            m.reasons(of: h).joined(separator: "; "),
                        ]
                    })
            }
        }
    }
}

extension PeerlinkCLI.MatchCommand.LinkMatch {
    /// The reply as JSON with each hit's reasons as text (`"reasons": ["covers Mathematics", …]`), as a script
    /// wants them, instead of the wire's positions in a shared phrase list.
    static func jsonWithReasonsInHits(_ m: Peerlink_V1_LinkMatchReply) -> Any {
        guard var reply = Output.jsonObject(m) as? [String: Any] else { return Output.jsonObject(m) }
        reply["reason_phrases"] = nil
        if let hits = reply["hits"] as? [[String: Any]], hits.count == m.hits.count {
            reply["hits"] = zip(hits, m.hits).map { json, hit in
                var json = json
                json["reason_indexes"] = nil
                json["reasons"] = m.reasons(of: hit)
                return json
            }
        }
        return reply
    }
}

extension PeerlinkCLI.LinkCommand {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a school's request for help in one area; prints the request id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "URN of the school asking.") var urn: Int
        @Option(help: "Area id, name or alias.") var area: String
        @Option(help: "What the school needs, in its words.") var notes: String?
        @Option(help: "in-person, online or any.") var mode: String?

        func validate() throws {
            try checkMode(mode)
            try OptionCheck.urn(urn)
        }

        func run() throws {
            var r = Peerlink_V1_LinkRequestCreate()
            r.urn = Int32(urn)
            r.area = area
            r.notes = notes ?? ""
            r.mode = mode ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.linkRequest(r) }
                if connection.json {
                    Output.printJSON(v)
                } else {
                    print("request \(v.id): \(v.schoolName) (URN \(v.urn)) asks for help in \(v.areaName) (\(v.mode))")
                }
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a request (or, with --urn and --area, a school straight from a match) to a nominee.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The request to answer.") var request: Int64?
        @Option(help: "Without --request: URN of the school asking.") var urn: Int?
        @Option(help: "Without --request: the area, id, name or alias.") var area: String?
        @Option(help: "Without --request: notes for the request recorded with the link.") var notes: String?
        @Option(help: "Without --request: in-person, online or any.") var mode: String?
        @Option(help: "The nomination chosen (from `peerlink match link`).") var nomination: Int64
        @Flag(help: "Allow a nomination that covers only a related area.") var related = false
        @Flag(help: "Allow a nominee in a phase that is not compatible (as `match link --cross-phase`).")
        var crossPhase = false
        @Option(help: "In person: refuse a nominee farther than this many km, at most \(Int(LinkQuery.maximumKm)) (as `match link --max-km`).")
        var maxKm: Double?

        func validate() throws {
            try checkMode(mode)
            try OptionCheck.urn(urn)
            try checkMaxKm(maxKm)
            if request != nil {
                guard urn == nil, area == nil, notes == nil, mode == nil else {
                    throw ValidationError("give --request, or --urn and --area, not both.")
                }
            } else if urn == nil || area == nil {
                throw ValidationError("give --request ID, or --urn N and --area AREA to link straight from a match.")
            }
        }

        func run() throws {
            var r = Peerlink_V1_LinkCreate()
            if let request { r.requestID = request }
            r.urn = Int32(urn ?? 0)
            r.area = area ?? ""
            r.notes = notes ?? ""
            r.mode = mode ?? ""
            r.nominationID = nomination
            r.related = related
            r.crossPhase = crossPhase
            if let maxKm { r.maxKm = maxKm }
            try Self.reportingFailures {
                let v = try connection.call { try $0.linkCreate(r) }
                if connection.json {
                    Output.printJSON(v)
                } else {
                    print(
                        "link \(v.id): \(v.requesterName) (URN \(v.requesterUrn)) ↔ \(v.nomineeName) at "
                            + "\(v.nomineeSchoolName) (URN \(v.nomineeUrn)) for \(v.areaName); nominee now has "
                            + "\(v.nomineeOpenLinks) of \(v.nomineeCapacity) links open")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List link requests and links.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this school's (either side of a link).") var urn: Int?
        @Flag(help: "Only open requests and open links.") var open = false

        func validate() throws { try OptionCheck.urn(urn) }

        func run() throws {
            var r = Peerlink_V1_LinkList()
            if let urn { r.urn = Int32(urn) }
            r.openOnly = open
            try Self.reportingFailures {
                let list = try connection.call { try $0.linkList(r) }
                if connection.json {
                    Output.printJSON(list)
                    return
                }
                if list.requests.isEmpty && list.links.isEmpty {
                    print(open ? "no open requests or links" : "no requests or links")
                    return
                }
                if !list.requests.isEmpty {
                    Output.say("requests")
                    Output.table(
                        ["id", "school", "urn", "area", "mode", "status", "created", "notes"],
                        list.requests.map { q in
                            [
                                "\(q.id)", q.schoolName, "\(q.urn)", q.areaName, q.mode, q.status,
                                Output.time(q.createdAt), q.notes,
                            ]
                        }, sheet: "requests")
                }
                if !list.links.isEmpty {
                    if !list.requests.isEmpty { Output.say("") }
                    Output.say("links")
                    Output.table(
                        [
                            "id", "request", "requester", "nominee", "nominee school", "area", "status", "created",
                            "outcome",
                        ],
                        list.links.map { l in
                            [
                                "\(l.id)", "\(l.requestID)", "\(l.requesterName) (\(l.requesterUrn))",
                                "\(l.nomineeName) (#\(l.nominationID))", "\(l.nomineeSchoolName) (\(l.nomineeUrn))",
                                l.areaName, l.status, Output.time(l.createdAt), l.outcome,
                            ]
                        }, sheet: "links")
                }
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an open link, freeing a place of the nominee's capacity (the link stays as history).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Link id.") var id: Int64
        @Option(help: "What came of it.") var outcome: String?

        func run() throws {
            var r = Peerlink_V1_LinkClose()
            r.id = id
            r.outcome = outcome ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.linkClose(r) }
                if connection.json {
                    Output.printJSON(v)
                } else {
                    print(
                        "link \(v.id) closed: \(v.requesterName) ↔ \(v.nomineeName) at \(v.nomineeSchoolName) "
                            + "(\(v.areaName)); nominee now has \(v.nomineeOpenLinks) of \(v.nomineeCapacity) links open")
                }
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel an open link request.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Request id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_LinkRequestCancel()
            r.id = id
            try Self.reportingFailures {
                let v = try connection.call { try $0.linkRequestCancel(r) }
                if connection.json {
                    Output.printJSON(v)
                } else {
                    print("request \(v.id) cancelled: \(v.schoolName) (URN \(v.urn)), \(v.areaName)")
                }
            }
        }
    }
}

extension PeerlinkCLI.NetworkCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a named local network, or add schools to the one already called NAME.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The network's name, e.g. 'North Secondary Heads Group'.") var name: String
        @Option(help: "A member school's URN; repeat for each.") var urn: [Int] = []

        func validate() throws {
            guard !urn.isEmpty else { throw ValidationError("name at least one member with --urn N.") }
            try OptionCheck.range("--urn", urn, OptionCheck.urns)
        }

        func run() throws {
            var r = Peerlink_V1_LocalNetworkAdd()
            r.name = name
            r.urns = urn.map { Int32($0) }
            try Self.reportingFailures {
                let n = try connection.call { try $0.networkAdd(r) }
                if connection.json {
                    Output.printJSON(n)
                } else {
                    print("network \(n.id) '\(n.name)': " + n.members.map { "\($0.name) (\($0.urn))" }.joined(separator: ", "))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the recorded local networks and members.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let list = try connection.call { try $0.networkList() }
                if connection.json {
                    Output.printJSON(list)
                    return
                }
                if list.networks.isEmpty {
                    print("no networks recorded")
                    return
                }
                Output.table(
                    ["id", "name", "members"],
                    list.networks.map { n in
                        ["\(n.id)", n.name, n.members.map { "\($0.name) (\($0.urn))" }.joined(separator: ", ")]
                    })
            }
        }
    }
}
