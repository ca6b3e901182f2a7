import PeerlinkCore
import PeerlinkServer
import PeerlinkWire
import Testing

/// The hand-written nomination write reply (`Directory.nominationViewResponseBody`) must be byte for byte what
/// the generated encoder writes for the same view built by the mapping (`Directory.nominationView(_:)`).
struct NominationViewEncodingTests {
    /// A directory of pseudo-random nominations covering defaults, empty and non-ASCII strings, long strings
    /// (two-byte lengths), negative and zero numbers, `nominated_by` absent, zero and set, a missing nominee or
    /// school, every status and mode set, and open links.
    static func directory(_ seed: UInt64) -> (Directory, [Int64]) {
        var state = seed &+ 1
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }
        func text() -> String {
            switch next() % 5 {
            case 0: return ""
            case 1: return "Chandler’s Ford Primary — Kingsclere"
            case 2: return String(repeating: "y", count: 120 + Int(next() % 200))
            default: return "word\(next())"
            }
        }
        var d = Directory()
        var ids: [Int64] = []
        for i in 0..<40 {
            let id = Int64(i + 1) * (next() % 9 == 0 ? 1_000_000_007 : 1)
            let urn = next() % 11 == 0 ? -5 : 100_000 + Int(next() % 50)
            if next() % 6 != 0 {
                School(urn: urn, name: text(), phase: pick(Phase.allCases), laCode: 1, laName: text()).apply(to: &d)
            }
            let personID = Int64(5_000 + i)
            if next() % 5 != 0 {
                Person(
                    id: personID, name: text(), email: text(), urn: urn, role: text(),
                    headshipStart: next() % 2 == 0 ? nil : Day(iso: "2019-09-01"), npqh: pick([nil, .completed]),
                    withdrawnFromEarlierOffer: next() % 4 == 0
                ).apply(to: &d)
            }
            let areas = (0..<Int(next() % 4)).map { _ in NominatedArea(areaID: text(), strength: text()) }
            Nomination(
                id: id, personID: personID, urn: urn, areas: areas,
                nominatedBy: pick([nil, 0, -3, Int64(next())]), consent: next() % 2 == 0,
                capacity: Int(next() % 4), modes: pick([[], [.inPerson], [.online, .inPerson]]),
                status: pick(NominationStatus.allCases), createdAt: Int64(next() % 3) - 1, updatedAt: Int64(next())
            ).apply(to: &d)
            for l in 0..<Int(next() % 3) {
                Link(
                    id: id * 10 + Int64(l), requestID: 1, nominationID: id, requesterURN: 1, nomineeURN: urn,
                    areaID: "mathematics", madeByRole: .adviser, createdAt: 1
                ).apply(to: &d)
            }
            ids.append(id)
        }
        return (d, ids)
    }

    @Test(arguments: 0..<20)
    func bytesEqualTheGeneratedEncoding(seed: Int) throws {
        let (d, ids) = Self.directory(UInt64(seed))
        for (i, id) in ids.enumerated() {
            let result = NominationViewResult.allCases[i % 3]
            let requestID: UInt64 = i % 4 == 0 ? 0 : UInt64(i) << 33
            var reference = Peerlink_V1_Response()
            reference.id = requestID
            let view = d.nominationView(d.nominations[id]!)
            switch result {
            case .nominationCreate: reference.result = .nominationCreate(view)
            case .nominationUpdate: reference.result = .nominationUpdate(view)
            case .nominationWithdraw: reference.result = .nominationWithdraw(view)
            }
            let generated: [UInt8] = try reference.serializedBytes()
            let body = d.nominationViewResponseBody(nominationID: id, requestID: requestID, as: result)
            #expect(body == generated, "nomination \(id)")
        }
    }
}
