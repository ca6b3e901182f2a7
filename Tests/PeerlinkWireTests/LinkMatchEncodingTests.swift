import PeerlinkWire
import Testing

/// The hand-written link match encoder must give what the generated code reads back as the same message, and
/// byte for byte what the generated encoder writes (its map order aside).
struct LinkMatchEncodingTests {
    /// Deterministic pseudo-random replies covering defaults, empty and non-ASCII strings, negative numbers,
    /// an optional distance absent, zero and set, unset nested messages, long strings (two-byte lengths) and
    /// many hits (a reply over 16 KB).
    static func reply(_ seed: UInt64) -> Peerlink_V1_LinkMatchReply {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func text() -> String {
            switch next() % 6 {
            case 0: return ""
            case 1: return "Chandler’s Ford Primary — Kingsclere"
            case 2: return String(repeating: "x", count: 150 + Int(next() % 200))
            default: return "word\(next())"
            }
        }
        func school() -> Peerlink_V1_LinkSchool {
            var s = Peerlink_V1_LinkSchool()
            s.urn = Int32(truncatingIfNeeded: next()) - (next() % 5 == 0 ? 1 << 30 : 0)
            s.name = text()
            s.phase = ["primary", "secondary", ""][Int(next() % 3)]
            s.laCode = next() % 4 == 0 ? -1 : Int32(next() % 1000)
            s.laName = text()
            s.region = text()
            s.trust = text()
            s.federation = text()
            s.town = text()
            return s
        }
        func scores() -> Peerlink_V1_LinkScores {
            var s = Peerlink_V1_LinkScores()
            s.expertise = next() % 3 == 0 ? 0 : 1
            s.context = Double(next() % 11) / 10
            s.proximity = next() % 2 == 0 ? 0 : 20_000 / (20_000 + Double(next() % 90_000))
            s.novelty = [0, 0.25, 0.5, 1][Int(next() % 4)]
            s.availability = Double(next() % 4) / 3
            return s
        }
        var r = Peerlink_V1_LinkMatchReply()
        if next() % 8 != 0 { r.requester = school() }
        if next() % 8 != 0 {
            var a = Peerlink_V1_Area()
            a.id = "mathematics"
            a.name = text()
            a.kind = "subject"
            a.parent = next() % 2 == 0 ? "" : "stem"
            a.phases = next() % 2 == 0 ? [] : ["primary", "secondary"]
            a.aliases = next() % 2 == 0 ? [] : ["maths", "", "numeracy"]
            r.area = a
        }
        r.relatedAreas = (0..<Int(next() % 3)).map { _ in text() }
        if next() % 8 != 0 { r.weights = scores() }
        let hitCount = seed == 0 ? 0 : Int(next() % 12) + (seed % 5 == 0 ? 50 : 0)
        for _ in 0..<hitCount {
            var h = Peerlink_V1_LinkHit()
            h.nominationID = next() % 7 == 0 ? -5 : Int64(next())
            h.nomineeName = text()
            h.nomineeRole = text()
            h.nomineeEmail = text()
            if next() % 6 != 0 { h.school = school() }
            h.area = text()
            h.related = next() % 2 == 0
            h.strength = text()
            switch next() % 3 {
            case 0: break
            case 1: h.distanceKm = 0
            default: h.distanceKm = Double(next() % 700_000) / 1000
            }
            h.openLinks = UInt32(next() % 4)
            h.capacity = UInt32(next() % 5)
            h.modes = [[], ["in-person"], ["in-person", "online"]][Int(next() % 3)]
            h.total = next() % 9 == 0 ? 0 : Double(next()) / 1e9
            if next() % 6 != 0 { h.scores = scores() }
            h.reasons = (0..<Int(next() % 9)).map { _ in text() }
            r.hits.append(h)
        }
        r.considered = UInt32(next() % 3000)
        let exclusions = ["full", "phase", "distance", "same-school"]
        for key in exclusions.prefix(Int(next() % 5)) { r.excluded[key] = UInt32(next() % 4 == 0 ? 0 : next() % 300) }
        return r
    }

    @Test(arguments: 0..<60)
    func readsBackAsTheSameResponse(seed: Int) throws {
        var response = Peerlink_V1_Response()
        response.id = seed % 4 == 0 ? 0 : UInt64(seed) << 40
        response.result = .linkMatch(Self.reply(UInt64(seed)))

        var framed: [UInt8] = []
        try response.appendFramed(to: &framed)
        let length = Int(framed[0]) << 24 | Int(framed[1]) << 16 | Int(framed[2]) << 8 | Int(framed[3])
        #expect(length == framed.count - 4)
        let decoded = try Peerlink_V1_Response(frame: framed[4...])
        #expect(decoded == response)

        let generated: [UInt8] = try response.serializedBytes()
        #expect(generated.count == length)
        if case .linkMatch(let reply)? = response.result, reply.excluded.count <= 1 {
            #expect(Array(framed[4...]) == generated)
        }
    }
}
