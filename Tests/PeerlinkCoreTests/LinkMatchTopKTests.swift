import PeerlinkCore
import Testing

/// The matcher keeps a bounded top-K while it scans; the answer for a small limit must be exactly the top of
/// the full ranking, ties included.
struct LinkMatchTopKTests {
    /// 300 varied nominees (distances, trusts, capacities, phases, sizes), so that many totals tie.
    static func world() -> LinkWorld {
        var w = LinkWorld()
        let trusts: [String?] = [nil, "Alpha Trust", "Beta Trust", nil]
        for i in 0..<300 {
            let urn = w.addSchool(
                phase: i % 7 == 0 ? .allThrough : .secondary, eastKm: Double(i % 37) * 3,
                pupils: [300, 900, 1500][i % 3], trust: trusts[i % 4])
            w.nominate(at: urn, areas: i % 5 == 0 ? ["physics"] : ["mathematics"], capacity: 1 + i % 3)
        }
        return w
    }

    @Test(arguments: [LinkMode.any, .inPerson, .online])
    func topTenIsThePrefixOfTheFullRanking(mode: LinkMode) throws {
        let w = Self.world()
        for related in [false, true] {
            let full = try w.match(mode: mode, related: related, limit: 100)
            let top = try w.match(mode: mode, related: related, limit: 10)
            #expect(top.hits.map(\.nomination.id) == Array(full.hits.prefix(10)).map(\.nomination.id))
            #expect(top.hits.map(\.total) == Array(full.hits.prefix(10)).map(\.total))
            #expect(top.considered == full.considered)
        }
    }

    @Test func weightOverridesKeepTheSameGuarantee() throws {
        let w = Self.world()
        for weights in [["context": 0.0], ["availability": 10], ["novelty": 0, "expertise": 0]] {
            let full = try w.match(mode: .inPerson, limit: 100, weights: weights)
            let top = try w.match(mode: .inPerson, limit: 5, weights: weights)
            #expect(top.hits.map(\.nomination.id) == Array(full.hits.prefix(5)).map(\.nomination.id))
        }
    }
}
