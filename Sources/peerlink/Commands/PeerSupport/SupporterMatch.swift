import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink match supporter`: the supporter profiles to offer a head for a support request.

extension PeerlinkCLI.MatchCommand {
    struct SupporterMatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supporter",
            abstract: "The supporter profiles to send a head for a request: region, school size and type, phase, summary, skills, reasons.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Flag(help: "Also refuse supporters in the head's own local authority.") var strictLa = false
        @Option(help: "How many profiles (1–\(Self.maximumLimit), default 5).") var limit: Int?
        @Option(help: "In-person requests: furthest a supporter's school may be, in km (at most \(Int(Self.maximumKm)), default 40).")
        var maxDistanceKm: Double?
        @Option(help: ArgumentHelp("Override a weight: coverage, context, proximity, availability; repeat.", valueName: "name=value"))
        var weight: [String] = []
        @Flag(help: "Also list the supporters a hard constraint removed, and why.") var showExcluded = false

        /// The most profiles and the farthest distance the daemon accepts (`SupporterMatch.swift` in PeerlinkCore).
        static let maximumLimit = 100
        static let maximumKm = 2000.0

        func validate() throws {
            try OptionCheck.range("--limit", limit, 1...Self.maximumLimit, "profiles")
            try OptionCheck.positive("--max-distance-km", maxDistanceKm, atMost: Self.maximumKm, "km")
            _ = try weights()
        }

        /// The `--weight NAME=NUMBER` overrides by name (the daemon checks the names); throws for a value that is
        /// not a number of 0 or more.
        func weights() throws -> [String: Double] {
            var weights: [String: Double] = [:]
            for w in weight {
                let parts = w.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let v = Double(parts[1]), v.isFinite, v >= 0 else {
                    throw ValidationError("--weight must be NAME=NUMBER with a number of 0 or more; got '\(w)'.")
                }
                weights[String(parts[0])] = v
            }
            return weights
        }

        func run() throws {
            var r = Peerlink_V1_SupporterMatch()
            r.requestID = request
            r.strictLa = strictLa
            if let limit { r.limit = UInt32(limit) }
            if let maxDistanceKm { r.maxDistanceKm = maxDistanceKm }
            r.weights = try weights()
            r.listExcluded = showExcluded
            try Self.reportingFailures {
                let m = try connection.call { try $0.supporterMatch(r) }
                if connection.json { return Output.printJSON(m) }
                if !m.excludedCounts.isEmpty {
                    let removed = m.excludedCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print("removed by a hard constraint: \(removed.joined(separator: ", "))")
                }
                if m.hits.isEmpty { print("no supporter can be offered for request \(request)") }
                for (i, h) in m.hits.enumerated() {
                    let c = h.profile
                    var type = c.schoolType.isEmpty ? c.typeGroup : c.schoolType
                    if c.federation { type += type.isEmpty ? "federation" : ", federation" }
                    type += (type.isEmpty ? "" : ", ") + (c.rural ? "rural" : "urban")
                    print("\(i + 1). supporter \(c.supporterID)  score \(Output.fixed(h.score))")
                    Output.fields([
                        ("   region", c.region), ("   school", "\(c.phase), \(c.sizeBand), \(type)"),
                        ("   religious character", c.religiousCharacter), ("   summary", c.summary),
                        ("   skills", c.skills.joined(separator: ", ")), ("   reasons", h.reasons.joined(separator: "; ")),
                    ])
                }
                if showExcluded && !m.excluded.isEmpty {
                    print("")
                    Output.table(["excluded", "why"], m.excluded.map { ["\($0.supporterID)", $0.reason] })
                }
            }
        }
    }
}
