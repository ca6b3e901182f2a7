import PeerlinkCore
import PeerlinkServer
import PeerlinkWire
import Testing

/// The hand-written link match encoder (`LinkMatchEncoder`) must give what the generated
/// code reads back as the same match mapped through the generated types (`LinkMatchReference.swift`), and byte
/// for byte what the generated encoder writes for it (its map order aside).
struct LinkMatchEncodingTests {
    /// Deterministic pseudo-random matches covering defaults, empty and non-ASCII strings, negative numbers,
    /// a distance absent, zero and set, a missing nominee, a school the directory lacks, every kind of reason,
    /// long strings (two-byte lengths) and many hits (a reply over 16 KB); with the directory holding the hits'
    /// schools.
    static func match(_ seed: UInt64) -> (LinkMatch, Directory) {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }
        func text() -> String {
            switch next() % 6 {
            case 0: return ""
            case 1: return "Chandler’s Ford Primary — Kingsclere"
            case 2: return String(repeating: "x", count: 150 + Int(next() % 200))
            default: return "word\(next())"
            }
        }
        func optionalText() -> String? { next() % 3 == 0 ? nil : text() }
        func school() -> School {
            School(
                urn: Int(next() % 1_000_000) - (next() % 5 == 0 ? 1 << 30 : 0), name: text(), phase: pick(Phase.allCases),
                typeGroup: text(), laCode: next() % 4 == 0 ? -1 : Int(next() % 1000), laName: text(), region: text(),
                town: text(), trust: optionalText(), federation: optionalText(), religiousCharacter: optionalText())
        }
        func scores() -> LinkScores {
            LinkScores(
                expertise: next() % 3 == 0 ? 0 : 1, context: Double(next() % 11) / 10,
                proximity: next() % 2 == 0 ? 0 : 20_000 / (20_000 + Double(next() % 90_000)),
                novelty: pick([0, 0.25, 0.5, 1]), availability: Double(next() % 4) / 3)
        }
        func reason() -> LinkReason {
            switch next() % 18 {
            case 0: .covers(areaName: text())
            case 1: .relatedArea(name: text())
            case 2: .samePhase
            case 3: .compatiblePhase(pick(Phase.allCases))
            case 4: .differentPhase(pick(Phase.allCases))
            case 5: .similarSize
            case 6: .bothRural
            case 7: .bothUrban
            case 8: .sameType(text())
            case 9: .sameReligiousCharacter(text())
            case 10: .distance(metres: pick([0, 999, 1_000, 9_949, 9_950, 12_345, 654_321]))
            case 11: .distanceUnknown
            case 12: .sameTrust(text())
            case 13: .differentTrust
            case 14: .sameFederation(text())
            case 15: .sameNetwork(text())
            case 16: .earlierLinks(pick([0, 1, 2, 17, 1_234_567]))
            default: .placesFree(spare: pick([0, 1, 12]), capacity: pick([0, 1, 2, 20]))
            }
        }
        let area = Area(
            id: "mathematics", name: text(), kind: pick(AreaKind.allCases), parent: next() % 2 == 0 ? nil : "stem",
            phases: next() % 2 == 0 ? [] : [.primary, .secondary], aliases: next() % 2 == 0 ? [] : ["maths", "", "numeracy"])
        let hitCount = seed == 0 ? 0 : Int(next() % 12) + (seed % 5 == 0 ? 50 : 0)
        var hits: [LinkHit] = []
        var directory = Directory()
        for _ in 0..<hitCount {
            let school = school()
            if next() % 7 != 0 { school.apply(to: &directory) }
            let personID = Int64(hits.count + 1)
            if next() % 5 != 0 {  // else the nominee is missing from the directory
                Person(id: personID, name: text(), email: text(), urn: 1, role: text()).apply(to: &directory)
            }
            let nomination = Nomination(
                id: next() % 7 == 0 ? -5 : Int64(next()), personID: personID, urn: 1, areas: [],
                capacity: Int(next() % 5), modes: pick([[], [.inPerson], [.inPerson, .online], [.online]]))
            let distance: Double? =
                switch next() % 3 {
                case 0: nil
                case 1: 0
                default: Double(next() % 700_000)
                }
            hits.append(
                LinkHit(
                    nomination: nomination, schoolURN: school.urn, areaID: text(),
                    isRelated: next() % 2 == 0,
                    strength: text(), distanceMetres: distance, openLinks: Int(next() % 4),
                    total: next() % 9 == 0 ? 0 : Double(next()) / 1e9, scores: scores(),
                    explanation: (0..<Int(next() % 12)).map { _ in reason() }))
        }
        var excluded: [LinkExclusion: Int] = [:]
        for exclusion in LinkExclusion.allCases where next() % 3 == 0 { excluded[exclusion] = Int(next() % 300) + 1 }
        let match = LinkMatch(
            requester: school(), area: area, relatedAreas: (0..<Int(next() % 3)).map { _ in text() },
            weights: LinkWeights(
                expertise: Double(next() % 4), context: 1, proximity: next() % 2 == 0 ? 0 : 0.5, novelty: 1,
                availability: 0.25),
            hits: hits, considered: Int(next() % 3000), excluded: excluded)
        return (match, directory)
    }

    @Test(arguments: 0..<80)
    func readsBackAsTheReferenceMapping(seed: Int) throws {
        let (match, directory) = Self.match(UInt64(seed))
        let id: UInt64 = seed % 4 == 0 ? 0 : UInt64(seed) << 40
        var reference = Peerlink_V1_Response()
        reference.id = id
        reference.result = .linkMatch(match.wire(in: directory))

        let body = LinkMatchEncoder().responseBody(match, id: id, in: directory)
        let decoded = try Peerlink_V1_Response(frame: body[...])
        #expect(decoded == reference)

        let generated: [UInt8] = try reference.serializedBytes()
        #expect(generated.count == body.count)
        if match.excluded.count <= 1 {
            #expect(body == generated)
        }
    }

    /// The reasons are written into the bytes piece by piece; they must read back as the same phrases people see.
    @Test func reasonsReadBackAsTheirText() throws {
        let reasons: [LinkReason] = [
            .distance(metres: 999), .distance(metres: 1_000), .distance(metres: 9_949), .distance(metres: 9_951),
            .distance(metres: 12_345), .earlierLinks(0), .earlierLinks(1), .earlierLinks(3),
            .placesFree(spare: 1, capacity: 1), .placesFree(spare: 0, capacity: 2), .compatiblePhase(.allThrough),
            .sameTrust("Oak – Trust"),
        ]
        #expect(reasons.map(\.text) == [
            "under 1 km", "1.0 km", "9.9 km", "10 km", "12 km", "no earlier link", "linked once before",
            "linked 3 times before", "1 of 1 place free", "0 of 2 places free", "compatible phase (all-through)",
            "same trust (Oak – Trust)",
        ])
        var (match, directory) = Self.match(3)
        let h = match.hits.first!
        match.hits = [
            LinkHit(
                nomination: h.nomination, schoolURN: h.schoolURN, areaID: h.areaID,
                isRelated: h.isRelated, strength: h.strength, distanceMetres: h.distanceMetres, openLinks: h.openLinks,
                total: h.total, scores: h.scores, explanation: reasons)
        ]
        let decoded = try Peerlink_V1_Response(
            frame: LinkMatchEncoder().responseBody(match, id: 9, in: directory)[...])
        #expect(decoded.linkMatch.reasons(of: decoded.linkMatch.hits[0]) == reasons.map(\.text))
    }

    /// Phrases found by their facts (distance shown, phase, names, numbers) and not by their text still give one
    /// entry per different text and read back as each hit's own phrases: generated reasons, many repeating.
    @Test func phrasesFoundByTheirFactsMatchTheirText() throws {
        var (match, directory) = Self.match(3)
        let h = match.hits.first!
        var rng = SystemRandomNumberGenerator()
        let pool: [() -> LinkReason] = [
            { .distance(metres: Double(Int.random(in: 0...30_000, using: &rng))) },
            { .compatiblePhase(Phase.allCases.randomElement(using: &rng)!) },
            { .differentPhase(Phase.allCases.randomElement(using: &rng)!) },
            { .sameReligiousCharacter(["Roman Catholic", "Church of England"].randomElement(using: &rng)!) },
            { .relatedArea(name: ["Statistics", "Reading"].randomElement(using: &rng)!) },
            { .earlierLinks(Int.random(in: 0...3, using: &rng)) }, { .samePhase }, { .distanceUnknown },
        ]
        for round in 0..<21 {
            var lists = (0..<12).map { _ in (0..<Int.random(in: 0...9, using: &rng)).map { _ in pool.randomElement(using: &rng)!() } }
            if round == 20 {  // more than 255 phrases: the bare ones written late still appear once
                lists[0] = (0..<300).map { LinkReason.sameTrust("Trust \($0)") }
                lists[1] = [.samePhase, .bothRural, .samePhase, .sameTrust("Trust 7")]
                lists[2] = [.bothRural, .differentTrust, .samePhase, .differentTrust]
            }
            match.hits = lists.map {
                LinkHit(
                    nomination: h.nomination, schoolURN: h.schoolURN, areaID: h.areaID, isRelated: h.isRelated,
                    strength: h.strength, distanceMetres: h.distanceMetres, openLinks: h.openLinks, total: h.total,
                    scores: h.scores, explanation: $0)
            }
            let reply = try Peerlink_V1_Response(
                frame: LinkMatchEncoder().responseBody(match, id: 1, in: directory)[...]
            ).linkMatch
            #expect(Set(reply.reasonPhrases).count == reply.reasonPhrases.count, "a phrase written twice: \(reply.reasonPhrases)")
            for (hit, list) in zip(reply.hits, lists) {
                #expect(reply.reasons(of: hit) == list.map(\.text))
            }
        }
    }

    /// Each phrase is written once per reply, in order of first use, however many hits give it; every hit
    /// still reads back its own reasons in its own order.
    @Test func eachPhraseIsWrittenOncePerReply() throws {
        var (match, directory) = Self.match(3)
        let h = match.hits.first!
        let lists: [[LinkReason]] = [
            [.samePhase, .distance(metres: 12_345), .earlierLinks(0)],
            [.earlierLinks(0), .samePhase, .distance(metres: 12_400)],  // also "12 km"
            [.differentTrust, .samePhase, .sameTrust(String(repeating: "Long Trust ", count: 20))],
            [],
            [.sameTrust(String(repeating: "Long Trust ", count: 20)), .samePhase],
        ]
        match.hits = lists.map {
            LinkHit(
                nomination: h.nomination, schoolURN: h.schoolURN, areaID: h.areaID, isRelated: h.isRelated,
                strength: h.strength, distanceMetres: h.distanceMetres, openLinks: h.openLinks, total: h.total,
                scores: h.scores, explanation: $0)
        }
        let reply = try Peerlink_V1_Response(
            frame: LinkMatchEncoder().responseBody(match, id: 1, in: directory)[...]
        ).linkMatch
        #expect(reply.reasonPhrases == [
            "same phase", "12 km", "no earlier link", "different trust",
            "same trust (\(String(repeating: "Long Trust ", count: 20)))",
        ])
        #expect(reply.hits.map(\.reasonIndexes) == [[0, 1, 2], [2, 0, 1], [3, 0, 4], [], [4, 0]])
        #expect(reply.hits.map { reply.reasons(of: $0) } == lists.map { $0.map(\.text) })
    }

    /// Hits from a real match carry their nomination's and school's slots, and the encoder keeps each nominee
    /// and school encoded across replies. What it keeps must be what the directory holds now: after a school or
    /// a person changes, the next reply through the same `LinkMatchEncoder` shows the change.
    @Test func keptNomineesAndSchoolsFollowTheDirectory() throws {
        var d = Directory()
        Area(id: "mathematics", name: "Mathematics", kind: .subject).apply(to: &d)
        for i in 0..<40 {
            let urn = 200_000 + i
            School(
                urn: urn, name: "School \(i)", phase: i % 2 == 0 ? .primary : .secondary, typeGroup: "Academies",
                laCode: 900 + i % 3, laName: "Shire \(i % 3)", region: "Somewhere", urbanRural: "Urban city and town",
                pupils: 200 + i * 20, easting: 400_000 + i * 1_000, northing: 300_000, town: "Town \(i)",
                trust: i % 4 == 0 ? "Oak Trust" : nil
            ).apply(to: &d)
            Person(id: Int64(i + 1), name: "Teacher \(i)", email: "t\(i)@x.sch.uk", urn: urn, role: "Maths lead")
                .apply(to: &d)
            Nomination(
                id: Int64(i + 1), personID: Int64(i + 1), urn: urn,
                areas: [NominatedArea(areaID: "mathematics", strength: "KS\(i % 5)")], capacity: 2
            ).apply(to: &d)
        }
        let encoder = LinkMatchEncoder()
        func check(_ urn: Int) throws -> Peerlink_V1_LinkMatchReply {
            let match = try d.matchLinks(LinkQuery(urn: urn, area: "Mathematics", limit: 15))
            #expect(match.hits.count == 15 && match.hits.allSatisfy { $0.schoolSlot >= 0 && $0.nominationSlot >= 0 })
            var reference = Peerlink_V1_Response()
            reference.id = 1
            reference.result = .linkMatch(match.wire(in: d))
            let decoded = try Peerlink_V1_Response(frame: encoder.responseBody(match, id: 1, in: d)[...])
            #expect(decoded == reference)
            return decoded.linkMatch
        }
        _ = try check(200_001)
        let second = try check(200_003)  // mostly what the first reply encoded
        let kept = try #require(second.hits.first)
        var school = try #require(d.schools[Int(kept.school.urn)])
        school.name = "Renamed Academy"
        school.apply(to: &d)
        let nomination = try #require(d.nominations[kept.nominationID])
        var person = try #require(d.people[nomination.personID])
        person.role = "Head of Mathematics"
        person.apply(to: &d)
        let third = try check(200_003)
        let after = try #require(third.hits.first { $0.nominationID == kept.nominationID })
        #expect(after.school.name == "Renamed Academy")
        #expect(after.nomineeRole == "Head of Mathematics")
    }
}
