import PeerlinkCore
import Testing

/// The indexed strategies (candidate groups, grid cells) must give exactly the full scan's answer: the same
/// hits in the same order with the same totals, the same number considered and the same refusals, for every
/// kind of query, and still after the writes that move candidates between groups and cells.
struct LinkMatchIndexTests {
    /// A varied region: 400 schools over 120 × 120 km (a few without a grid reference, a few closed), in
    /// three trusts and two federations, a network, and 700 nominations with every status, consent, capacity
    /// and mode, including several at the requesting schools.
    static func world(seed: UInt64) -> (world: LinkWorld, urns: [Int], nominations: [Int64]) {
        var w = LinkWorld()
        var rng = SplitMix(seed: seed)
        let phases: [Phase] = [.primary, .primary, .secondary, .allThrough, .middle, .sixteenPlus, .nursery]
        let trusts: [String?] = [nil, nil, "Alpha Trust", "Beta Trust", "Gamma Trust"]
        let federations: [String?] = [nil, nil, nil, "North Federation", "South Federation"]
        let localities = ["(England/Wales) Urban city and town", "(England/Wales) Rural village", ""]
        let religions = ["Does not apply", "Church of England", "Roman Catholic"]
        var urns: [Int] = []
        for i in 0..<400 {
            let urn = 300_000 + i
            let gridded = rng.below(20) != 0
            let school = School(
                urn: urn, name: "School \(urn)", phase: phases[rng.below(phases.count)],
                typeGroup: ["Academies", "Local authority maintained schools"][rng.below(2)],
                status: .open, laCode: 800 + rng.below(4), laName: "LA",
                region: "Region", urbanRural: localities[rng.below(localities.count)],
                pupils: rng.below(8) == 0 ? nil : 50 + rng.below(1600),
                easting: gridded ? 400_000 + rng.below(120_000) : nil,
                northing: gridded ? 100_000 + rng.below(120_000) : nil,
                trust: trusts[rng.below(trusts.count)], federation: federations[rng.below(federations.count)],
                religiousCharacter: religions[rng.below(religions.count)])
            w.apply(try! w.directory.prepareSchoolUpsert(school))
            urns.append(urn)
        }
        let (network, _) = try! w.directory.prepareNetwork(
            name: "Valley Heads", urns: Array(urns[0..<12]), ids: &w.ids, now: LinkWorld.now)
        w.apply(network)

        let areaSets = [["mathematics"], ["mathematics", "physics"], ["physics"], ["science"], ["history"]]
        var nominations: [Int64] = []
        for _ in 0..<700 {
            let urn = rng.below(10) == 0 ? urns[rng.below(12)] : urns[rng.below(urns.count)]
            let modes: [Mode] = [[.inPerson], [.online], Mode.allCases, Mode.allCases][rng.below(4)]
            let id = w.nominate(
                at: urn, areas: areaSets[rng.below(areaSets.count)], capacity: 1 + rng.below(4), modes: modes,
                consent: rng.below(12) != 0)
            nominations.append(id)
            switch rng.below(15) {
            case 0:
                w.apply(try! w.directory.prepareNominationWithdraw(id: id, now: LinkWorld.now))
            case 1:
                w.apply(
                    try! w.directory.prepareNominationUpdate(
                        id: id, NominationPatch(status: .paused), now: LinkWorld.now))
            default:
                break
            }
        }
        // Schools close after their staff were nominated (a closed school takes no new nominations).
        for urn in urns[12...] where rng.below(25) == 0 {
            var school = w.directory.school(urn)!
            school.status = .closed
            w.apply(try! w.directory.prepareSchoolUpsert(school))
        }
        return (w, urns, nominations)
    }

    /// Queries of every shape from several requesters, compared between the two strategies.
    static func compareAll(_ w: LinkWorld, urns: [Int], seed: UInt64, count: Int) throws {
        var rng = SplitMix(seed: seed)
        let openURNs = urns.filter { w.directory.school($0)?.status == .open }
        let weightSets: [[String: Double]] = [[:], ["novelty": 3], ["availability": 0, "context": 2], ["expertise": 0]]
        // Queries the index answers without a scan (the comparison would prove little if there were few).
        var answeredByIndex = 0
        for _ in 0..<count {
            let urn = rng.below(3) == 0 ? openURNs[rng.below(12)] : openURNs[rng.below(openURNs.count)]
            let school = try #require(w.directory.school(urn))
            let mode = [LinkMode.any, .inPerson, .online][rng.below(3)]
            let maxKm: Double? =
                school.easting == nil || rng.below(3) == 0 ? nil : [5.0, 20, 40, 200][rng.below(4)]
            let query = LinkQuery(
                urn: urn, area: ["mathematics", "physics", "science", "history"][rng.below(4)], mode: mode,
                maxKm: maxKm, related: rng.below(6) == 0, crossPhase: rng.below(4) == 0,
                limit: [1, 3, 10, 100][rng.below(4)], weights: weightSets[rng.below(weightSets.count)])
            let indexed = try w.directory.matchLinks(query)
            let scanned = try w.directory.matchLinks(query, strategy: .fullScan)
            #expect(indexed.hits.map(\.nomination.id) == scanned.hits.map(\.nomination.id), "\(query)")
            #expect(indexed.hits.map(\.total) == scanned.hits.map(\.total), "\(query)")
            #expect(indexed.hits.map(\.scores) == scanned.hits.map(\.scores), "\(query)")
            #expect(indexed.considered == scanned.considered, "\(query)")
            #expect(indexed.excluded == scanned.excluded, "\(query)")
            if !query.related && ((query.maxKm == nil && mode != .inPerson) || (query.maxKm != nil && mode == .inPerson)) {
                answeredByIndex += 1
            }
        }
        #expect(answeredByIndex >= count / 3)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func indexedAnswersEqualTheFullScan(seed: UInt64) throws {
        let (w, urns, _) = Self.world(seed: seed)
        try Self.compareAll(w, urns: urns, seed: seed &+ 100, count: 400)
    }

    /// Links fill and free capacity (moving members inside a group and out of the index), nominations change
    /// modes, capacity and status, and schools move, close and change phase: the index must follow each.
    @Test func indexFollowsWrites() throws {
        var (w, urns, nominations) = Self.world(seed: 7)
        var rng = SplitMix(seed: 77)
        var links: [Link] = []
        for round in 0..<6 {
            for _ in 0..<40 {
                let id = nominations[rng.below(nominations.count)]
                switch rng.below(6) {
                case 0, 1:
                    let requester = urns[rng.below(urns.count)]
                    if let link = try? w.link(from: requester, to: id, area: "mathematics") { links.append(link) }
                case 2:
                    if !links.isEmpty {
                        let link = links.remove(at: rng.below(links.count))
                        try? w.close(link)
                    }
                case 3:
                    let patch = NominationPatch(
                        capacity: 1 + rng.below(3), modes: [[.inPerson], [.online], Mode.allCases][rng.below(3)])
                    if let change = try? w.directory.prepareNominationUpdate(id: id, patch, now: LinkWorld.now) {
                        w.apply(change)
                    }
                case 4:
                    let status: NominationStatus = [.active, .paused][rng.below(2)]
                    if let change = try? w.directory.prepareNominationUpdate(
                        id: id, NominationPatch(status: status), now: LinkWorld.now)
                    {
                        w.apply(change)
                    }
                default:
                    var school = try #require(w.directory.school(urns[12 + rng.below(urns.count - 12)]))
                    school.easting = 400_000 + rng.below(120_000)
                    school.northing = 100_000 + rng.below(120_000)
                    school.phase = [Phase.primary, .secondary][rng.below(2)]
                    school.pupils = 50 + rng.below(1600)
                    school.status = rng.below(10) == 0 ? .closed : .open
                    w.apply(try w.directory.prepareSchoolUpsert(school))
                }
            }
            try Self.compareAll(w, urns: urns, seed: UInt64(round), count: 150)
        }
    }
}

extension LinkMatchIndexTests {
    /// A start-up load defers the groups and cells and builds them once at the end: the answers are the same
    /// as those of the directory that was built write by write.
    @Test func bulkLoadBuildsTheSameIndex() throws {
        var (w, urns, nominations) = Self.world(seed: 11)
        for id in nominations.prefix(60) { _ = try? w.link(from: urns[Int(id) % urns.count], to: id) }
        var loaded = Directory()
        loaded.beginBulkLoad()
        for change in w.applied { change.apply(to: &loaded) }
        loaded.finishBulkLoad()
        var rng = SplitMix(seed: 5)
        let openURNs = urns.filter { w.directory.school($0)?.status == .open }
        for _ in 0..<300 {
            let urn = openURNs[rng.below(openURNs.count)]
            let gridded = w.directory.school(urn)?.easting != nil
            let query = LinkQuery(
                urn: urn, area: ["mathematics", "physics", "history"][rng.below(3)],
                mode: [LinkMode.any, .online, .inPerson][rng.below(3)], maxKm: gridded ? 30 : nil)
            let built = try w.directory.matchLinks(query)
            let fromLoad = try loaded.matchLinks(query)
            #expect(built.hits.map(\.nomination.id) == fromLoad.hits.map(\.nomination.id), "\(query)")
            #expect(built.excluded == fromLoad.excluded, "\(query)")
        }
    }
}

/// A small seeded generator, so every run builds the same worlds.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
