/// A head to be placed in a group, with what formation compares. Built from the directory by
/// `Directory.planCohortFormation`; tests and the benchmark build them directly.
public struct FormationParticipant: Sendable, Equatable {
    public var personID: Int64
    public var urn: Int
    public var phase: CohortPhase
    public var laCode: Int
    /// Government office region; pairs from one region cost less than pairs from one authority.
    public var region: String
    public var trust: String?
    public var federation: String?
    /// Application order (lower applied earlier): when not everyone fits, the latest applicants wait.
    public var position: Int

    public init(
        personID: Int64, urn: Int, phase: CohortPhase, laCode: Int, region: String, trust: String? = nil,
        federation: String? = nil, position: Int
    ) {
        self.personID = personID
        self.urn = urn
        self.phase = phase
        self.laCode = laCode
        self.region = region
        self.trust = trust
        self.federation = federation
        self.position = position
    }
}

/// A facilitator as formation sees them: where they work (for independence) and how many groups they take.
public struct FormationFacilitator: Sendable, Equatable {
    public var personID: Int64
    public var urn: Int
    public var trust: String?
    public var federation: String?
    public var maxGroups: Int

    public init(personID: Int64, urn: Int, trust: String? = nil, federation: String? = nil, maxGroups: Int) {
        self.personID = personID
        self.urn = urn
        self.trust = trust
        self.federation = federation
        self.maxGroups = maxGroups
    }
}

/// A group formation produced, or (as input to `keep` forming) a group formed earlier.
public struct FormedGroup: Sendable, Equatable {
    public var number: Int
    public var phase: CohortPhase
    /// Person ids, ascending.
    public var memberIDs: [Int64]
    public var facilitatorID: Int64?
    /// Pairs of members from one local authority.
    public var sameLAPairs: Int
    /// Pairs of members from one region but different authorities.
    public var sameRegionPairs: Int
    /// `GroupFormation.score`: 100 for a group with no shared authority or region.
    public var score: Int

    public init(
        number: Int, phase: CohortPhase, memberIDs: [Int64], facilitatorID: Int64? = nil, sameLAPairs: Int = 0,
        sameRegionPairs: Int = 0, score: Int = 100
    ) {
        self.number = number
        self.phase = phase
        self.memberIDs = memberIDs
        self.facilitatorID = facilitatorID
        self.sameLAPairs = sameLAPairs
        self.sameRegionPairs = sameRegionPairs
        self.score = score
    }
}

/// A participant formation could not place, and why, as a sentence for the admin.
public struct UnplacedParticipant: Sendable, Equatable {
    public var personID: Int64
    public var reason: String

    public init(personID: Int64, reason: String) {
        self.personID = personID
        self.reason = reason
    }
}

/// The figures an admin compares between runs.
public struct FormationQuality: Sendable, Equatable, CustomStringConvertible {
    public var groupsFormed: Int
    public var placed: Int
    public var unplaced: Int
    public var sameLAPairs: Int
    public var sameRegionPairs: Int
    /// The lowest group score (the max-min objective); nil when no group was formed.
    public var worstGroupScore: Int?
    public var groupsWithoutFacilitator: Int
    /// Members who stayed in the group they were in before (`keep` forming only).
    public var keptMembers: Int

    public var description: String {
        "groups \(groupsFormed), placed \(placed), unplaced \(unplaced), same-LA pairs \(sameLAPairs), "
            + "same-region pairs \(sameRegionPairs), worst group score \(worstGroupScore.map(String.init) ?? "-"), "
            + "groups without facilitator \(groupsWithoutFacilitator), kept members \(keptMembers)"
    }
}

public struct FormationResult: Sendable, Equatable {
    /// By number.
    public var groups: [FormedGroup]
    public var unplaced: [UnplacedParticipant]
    public var quality: FormationQuality
    /// Sentences about what needs the admin's attention (groups without a facilitator).
    public var notes: [String]
}

/// Forms a cohort's groups (DESIGN §4 "Group formation").
///
/// Hard rules: sizes within `minSize ... maxSize` (sizes differ by at most one where no earlier group is
/// kept), one phase per group, never two heads from one trust (or one school). Objective, max-min: make the
/// worst group as good as possible, over the number of groups too (from the fewest the sizes allow up to the most
/// the sizes and the facilitators' limits allow; the fewest on a tie), where a group loses `laPairWeight` points per pair of members from one
/// local authority and 1 point per pair from one region, so one same-LA pair outweighs any number of
/// same-region pairs. Facilitators are matched afterwards, independent of every member (not the same school,
/// trust or federation) and within their limit.
///
/// How: per phase, heads sorted by region then authority are dealt round-robin into the groups, which spreads
/// every authority and region as evenly as it can be spread; then swaps that improve the worse of the two
/// groups they touch are made, worst group first, until the worst group reaches a lower bound (so a perfect
/// answer is always recognised), no swap helps, or a fixed budget of pair evaluations runs out. Pure and
/// deterministic: the same input and seed give the same groups; nothing depends on time.
public struct GroupFormation: Sendable {
    public var minSize: Int
    public var maxSize: Int
    /// Breaks ties between otherwise equal heads; another seed gives another, equally good, answer.
    public var seed: UInt64
    /// Pair evaluations the improving swaps may spend per phase; bounds the run time.
    public var searchBudget: Int

    public init(minSize: Int, maxSize: Int, seed: UInt64 = 0, searchBudget: Int = 30_000_000) {
        precondition(minSize >= 2 && maxSize >= minSize, "group size range checked by prepareCohort")
        self.minSize = minSize
        self.maxSize = maxSize
        self.seed = seed
        self.searchBudget = searchBudget
    }

    /// Points a same-LA pair costs: one more than the pairs a group can hold, so it outweighs every
    /// same-region pair.
    public var laPairWeight: Int { maxSize * (maxSize - 1) / 2 + 1 }

    /// A group's score: 100 less `laPairWeight` per same-LA pair and 1 per same-region pair.
    public func score(sameLAPairs: Int, sameRegionPairs: Int) -> Int {
        100 - laPairWeight * sameLAPairs - sameRegionPairs
    }

    /// Forms the groups.
    ///
    /// - Parameters:
    ///   - participants: accepted heads; a person listed twice counts once (the earlier position).
    ///   - facilitators: the cohort's facilitators.
    ///   - previous: for `keep` forming, the groups formed before: their members who are still participants
    ///     of the same phase stay together under the same number where sizes and the trust rule allow.
    ///     Empty for a fresh forming.
    ///   - firstNumber: the number the first new group gets (keep forming numbers new groups after every
    ///     kept one).
    public func form(
        _ participants: [FormationParticipant], facilitators: [FormationFacilitator],
        previous: [FormedGroup] = [], firstNumber: Int = 1
    ) -> FormationResult {
        var seen = Set<Int64>()
        let people = participants.sorted { ($0.position, $0.personID) < ($1.position, $1.personID) }.filter {
            seen.insert($0.personID).inserted
        }
        var byPhase: [CohortPhase: [FormationParticipant]] = [:]
        for p in people { byPhase[p.phase, default: []].append(p) }

        var placedGroups: [(number: Int?, phase: CohortPhase, members: [FormationParticipant])] = []
        var unplaced: [UnplacedParticipant] = []
        // What the facilitators can still take, phase by phase: a phase forms more than its fewest groups only when
        // every group can have an independent facilitator from what is left.
        var free = facilitators
        for phase in CohortPhase.allCases {
            guard let members = byPhase[phase] else { continue }
            let kept = previous.filter { $0.phase == phase }.sorted { $0.number < $1.number }
            // Places kept for the later phases' fewest groups, so this phase's extra groups never take them.
            let later = CohortPhase.allCases.filter { $0 > phase }
            let reserve = later.reduce(0) { $0 + ((byPhase[$1]?.count ?? 0) + maxSize - 1) / maxSize }
            var bucket = PhaseBucket(
                formation: self, phase: phase, members: members, facilitators: free, reservedSlots: reserve)
            defer {
                let formed = placedGroups.filter { $0.phase == phase }.map(\.members)
                let taken = FacilitatorMatcher(groups: formed, facilitators: free)
                    .assign(preferred: Array(repeating: nil, count: formed.count))
                for f in taken.compactMap({ $0 }) {
                    if let i = free.firstIndex(where: { $0.personID == f }) { free[i].maxGroups -= 1 }
                }
            }
            let outcome = bucket.solve(previous: kept)
            unplaced += outcome.unplaced
            for g in outcome.groups {
                placedGroups.append((g.number, phase, g.members.sorted { $0.personID < $1.personID }))
            }
        }

        // Numbers: kept groups keep theirs; new ones follow in phase order.
        var next = max(firstNumber, (previous.map(\.number).max() ?? 0) + 1)
        var groups: [FormedGroup] = []
        var members: [[FormationParticipant]] = []
        for g in placedGroups {
            let number: Int
            if let n = g.number {
                number = n
            } else {
                number = next
                next += 1
            }
            let (la, region) = GroupFormation.pairCounts(g.members)
            groups.append(
                FormedGroup(
                    number: number, phase: g.phase, memberIDs: g.members.map(\.personID), facilitatorID: nil,
                    sameLAPairs: la, sameRegionPairs: region, score: score(sameLAPairs: la, sameRegionPairs: region)))
            members.append(g.members)
        }

        let previousFacilitator = Dictionary(
            previous.compactMap { g in g.facilitatorID.map { (g.number, $0) } }, uniquingKeysWith: { a, _ in a })
        let assignment = FacilitatorMatcher(groups: members, facilitators: facilitators).assign(
            preferred: groups.map { previousFacilitator[$0.number] })
        for i in groups.indices { groups[i].facilitatorID = assignment[i] }
        groups.sort { $0.number < $1.number }
        let notes = groups.filter { $0.facilitatorID == nil }.map { g in
            "group \(g.number) (\(g.phase.rawValue)) has no facilitator: none independent of every member has room; "
                + "add a facilitator or raise a facilitator's group limit"
        }

        var previousNumber: [Int64: Int] = [:]
        for g in previous { for m in g.memberIDs { previousNumber[m] = g.number } }
        let kept = groups.reduce(0) { sum, g in sum + g.memberIDs.filter { previousNumber[$0] == g.number }.count }

        let quality = FormationQuality(
            groupsFormed: groups.count, placed: groups.reduce(0) { $0 + $1.memberIDs.count },
            unplaced: unplaced.count, sameLAPairs: groups.reduce(0) { $0 + $1.sameLAPairs },
            sameRegionPairs: groups.reduce(0) { $0 + $1.sameRegionPairs }, worstGroupScore: groups.map(\.score).min(),
            groupsWithoutFacilitator: groups.filter { $0.facilitatorID == nil }.count, keptMembers: kept)
        return FormationResult(
            groups: groups, unplaced: unplaced.sorted { $0.personID < $1.personID }, quality: quality, notes: notes)
    }

    /// Group counts tried per phase at most: every count when the range is this short, else this many spread
    /// evenly over it (both ends included), so a national cohort's run time stays bounded.
    static let maxCountsTried = 6

    /// The group counts `from...to` to try, ascending (`maxCountsTried`).
    static func countsToTry(from low: Int, to high: Int) -> [Int] {
        guard high > low else { return [low] }
        let span = high - low
        if span < maxCountsTried { return Array(low...high) }
        var out: [Int] = []
        for i in 0..<maxCountsTried {
            let c = low + (span * i + (maxCountsTried - 1) / 2) / (maxCountsTried - 1)
            if out.last != c { out.append(c) }
        }
        return out
    }

    /// Same-LA pairs and same-region (other-LA) pairs among `members`.
    static func pairCounts(_ members: [FormationParticipant]) -> (la: Int, region: Int) {
        var la = 0, region = 0
        for i in members.indices {
            for j in members.indices where j > i {
                if members[i].laCode == members[j].laCode {
                    la += 1
                } else if members[i].region == members[j].region {
                    region += 1
                }
            }
        }
        return (la, region)
    }
}

/// SplitMix64's finaliser: a well-mixed 64-bit hash, used for seeded tie-breaks.
@inline(__always)
func splitMix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The groups of one phase: selection of who can be placed, seeding, and the improving swaps.
private struct PhaseBucket {
    struct Outcome {
        var groups: [(number: Int?, members: [FormationParticipant])]
        var unplaced: [UnplacedParticipant]
    }

    /// A pair that breaks a hard rule costs more than any soft penalty a whole phase can add up.
    static let hardCost = 1 << 40

    let formation: GroupFormation
    let phase: CohortPhase
    /// Everyone of the phase, in application order.
    let members: [FormationParticipant]
    /// The facilitators with the groups they can still take: more than the fewest groups are formed only when each
    /// can have one of them, independent of its members.
    let facilitators: [FormationFacilitator]
    /// Of the facilitators' places, those kept for later phases.
    let reservedSlots: Int

    init(
        formation: GroupFormation, phase: CohortPhase, members: [FormationParticipant],
        facilitators: [FormationFacilitator], reservedSlots: Int
    ) {
        self.formation = formation
        self.phase = phase
        self.members = members
        self.facilitators = facilitators
        self.reservedSlots = reservedSlots
    }

    /// A participant's accountability key: their trust, or their school when it is in no trust.
    static func hardKey(_ p: FormationParticipant) -> String {
        if let t = p.trust, !t.isEmpty { return "trust:" + t }
        return "urn:\(p.urn)"
    }

    static func describe(hardKey: String) -> String {
        hardKey.hasPrefix("trust:") ? "the trust '\(hardKey.dropFirst(6))'" : "school URN \(hardKey.dropFirst(4))"
    }

    private func noun(_ n: Int) -> String {
        n == 1 ? String(phase.headsNoun.dropLast()) : phase.headsNoun
    }

    mutating func solve(previous: [FormedGroup]) -> Outcome {
        let minSize = formation.minSize, maxSize = formation.maxSize
        var pool = members
        var unplaced: [UnplacedParticipant] = []
        let present = Set(members.map(\.personID))
        let previousCores = previous.filter { $0.memberIDs.contains(where: present.contains) }.count

        // Who can be placed: enough heads for a group, sizes that fit, no trust with more heads than groups.
        var k = 0
        while true {
            let n = pool.count
            if n < minSize {
                for p in pool {
                    unplaced.append(
                        UnplacedParticipant(
                            personID: p.personID,
                            reason: "only \(n) \(noun(n)): below the minimum group size of \(minSize)"))
                }
                return Outcome(groups: [], unplaced: unplaced)
            }
            let kmin = (n + maxSize - 1) / maxSize, kmax = n / minSize
            if kmin > kmax {
                k = kmax
                let fits = k * maxSize
                for p in pool[fits...] {
                    unplaced.append(
                        UnplacedParticipant(
                            personID: p.personID,
                            reason: "\(n) \(noun(n)) cannot all be split into groups of \(minSize)–\(maxSize): "
                                + "\(k) group\(k == 1 ? "" : "s") of \(maxSize) hold the \(fits) who applied first; "
                                + "this head waits for more \(phase.headsNoun) to join"))
                }
                pool.removeSubrange(fits...)
                continue
            }
            var counts: [String: Int] = [:]
            for p in pool { counts[PhaseBucket.hardKey(p), default: 0] += 1 }
            let largest = counts.values.max() ?? 0
            k = min(kmax, max(kmin, largest, previousCores))
            if largest <= k { break }
            var seenOfKey: [String: Int] = [:]
            var keep: [FormationParticipant] = []
            for p in pool {
                let key = PhaseBucket.hardKey(p)
                seenOfKey[key, default: 0] += 1
                if seenOfKey[key]! > k {
                    unplaced.append(
                        UnplacedParticipant(
                            personID: p.personID,
                            reason: "\(counts[key]!) \(phase.headsNoun) come from \(PhaseBucket.describe(hardKey: key)) "
                                + "but they fill only \(k) group\(k == 1 ? "" : "s") and no group may have two heads "
                                + "from one trust or school; the earliest \(k) applicants were placed"))
                } else {
                    keep.append(p)
                }
            }
            pool = keep
        }

        // How many groups: with no earlier groups to keep, every count from the fewest up to what the sizes and the
        // facilitators free allow is tried (at most `maxCountsTried`, spread over the range), and the one whose worst
        // group is best wins, the fewest groups on a tie. More, smaller groups have fewer pairs to share an
        // authority, so the fewest groups is not always the max-min answer (12 heads, 6 from one LA, sizes 4–6:
        // two groups of 6 hold 3 same-LA pairs each; three of 4 hold 1).
        var counts = [k]
        if previous.isEmpty {
            let kmax = pool.count / minSize
            let slots = facilitators.reduce(0) { $0 + max(0, $1.maxGroups) }
            let high = min(kmax, max(k, slots - reservedSlots))
            counts = GroupFormation.countsToTry(from: k, to: high)
        }
        var best: (search: Search, k: Int, worst: Int)? = nil
        for count in counts {
            var search = Search(formation: formation, people: pool, groupCount: count)
            var keptNumbers: [Int?] = Array(repeating: nil, count: count)
            let keeping = !previous.isEmpty && search.seedKeeping(previous: previous, numbers: &keptNumbers)
            Self.run(&search, keeping: keeping)
            if count > counts[0] {
                let groups = (0..<count).map { g in search.groups[g].map { pool[$0] } }
                let assigned = FacilitatorMatcher(groups: groups, facilitators: facilitators)
                    .assign(preferred: Array(repeating: nil, count: count))
                if assigned.contains(where: { $0 == nil }) { continue }  // some group would have no facilitator
            }
            let worst = search.penalty.max() ?? 0
            if best == nil || worst < best!.worst { best = (search, count, worst) }
            if keeping { return Outcome(groups: Self.groups(search, pool, keptNumbers), unplaced: unplaced) }
            if worst == 0 { break }
        }
        let chosen = best!
        return Outcome(
            groups: Self.groups(chosen.search, pool, Array(repeating: nil, count: chosen.k)), unplaced: unplaced)
    }

    /// Improves a seeded search (or seeds it fresh), repairing a trust conflict swaps could not by dealing each
    /// trust's heads side by side.
    private static func run(_ search: inout Search, keeping: Bool) {
        if !keeping { search.seedFresh(trustFirst: false) }
        search.improve()
        if search.hasHardConflict {
            // The trust rule could not be repaired by swaps: deal with each trust's heads side by side, which
            // puts them in different groups (every trust has at most `k` heads here), then improve again.
            search.unlockAll()
            search.reseeded = true
            search.seedFresh(trustFirst: true)
            search.improve()
        }
        precondition(!search.hasHardConflict, "trust-first dealing cannot put one trust twice in a group")
    }

    private static func groups(_ search: Search, _ pool: [FormationParticipant], _ numbers: [Int?])
        -> [(number: Int?, members: [FormationParticipant])]
    {
        // A kept search whose trust conflict forced a fresh dealing keeps no numbers.
        let keptNumbers = search.reseeded ? Array(repeating: nil, count: search.k) : numbers
        return (0..<search.k).map { g in (keptNumbers[g], search.groups[g].map { pool[$0] }) }
    }
}
/// The state of one phase's assignment and the improving swaps. Participants are indices into `people`.
private struct Search {
    let formation: GroupFormation
    let people: [FormationParticipant]
    let k: Int
    let la: [Int]
    let region: [Int]
    let hard: [Int]
    let laWeight: Int
    var groups: [[Int]]
    var groupOf: [Int]
    var locked: [Bool]
    var penalty: [Int]
    /// Dealt afresh after a kept seeding left a trust conflict: the kept numbers no longer apply.
    var reseeded = false

    init(formation: GroupFormation, people: [FormationParticipant], groupCount: Int) {
        self.formation = formation
        self.people = people
        self.k = groupCount
        var regionIDs: [String: Int] = [:], hardIDs: [String: Int] = [:]
        la = people.map(\.laCode)
        region = people.map { p in
            if let r = regionIDs[p.region] { return r }
            regionIDs[p.region] = regionIDs.count
            return regionIDs.count - 1
        }
        hard = people.map { p in
            let key = PhaseBucket.hardKey(p)
            if let h = hardIDs[key] { return h }
            hardIDs[key] = hardIDs.count
            return hardIDs.count - 1
        }
        laWeight = formation.laPairWeight
        groups = Array(repeating: [], count: groupCount)
        groupOf = Array(repeating: -1, count: people.count)
        locked = Array(repeating: false, count: people.count)
        penalty = Array(repeating: 0, count: groupCount)
    }

    @inline(__always)
    func pairCost(_ i: Int, _ j: Int) -> Int {
        if hard[i] == hard[j] { return PhaseBucket.hardCost }
        if la[i] == la[j] { return laWeight }
        if region[i] == region[j] { return 1 }
        return 0
    }

    /// What `z` adds to group `g`'s penalty, leaving out member `except` (and `z` itself).
    @inline(__always)
    func contribution(_ z: Int, to g: Int, except: Int) -> Int {
        var c = 0
        for m in groups[g] where m != except && m != z { c += pairCost(z, m) }
        return c
    }

    func groupPenalty(_ g: Int) -> Int {
        let ms = groups[g]
        var p = 0
        for a in ms.indices { for b in ms.indices where b > a { p += pairCost(ms[a], ms[b]) } }
        return p
    }

    var hasHardConflict: Bool { penalty.contains { $0 >= PhaseBucket.hardCost } }

    mutating func unlockAll() {
        for i in locked.indices { locked[i] = false }
    }

    /// Tie-break rank for a person: seeded, so another seed gives another equally valid order.
    func jitter(_ i: Int) -> UInt64 { splitMix64(formation.seed ^ UInt64(bitPattern: people[i].personID)) }
    func hardJitter(_ h: Int) -> UInt64 { splitMix64(splitMix64(formation.seed) ^ UInt64(h)) }

    /// Deals everyone round-robin into `k` groups from an order that keeps each region together, biggest
    /// region first, and each authority together inside it: a region or authority of `c` heads then lands
    /// in `c` different groups, or evenly across all of them when `c > k`. With `trustFirst`, the order keeps
    /// each trust together instead, which guarantees no trust appears twice in a group.
    mutating func seedFresh(trustFirst: Bool) {
        var regionCount: [Int: Int] = [:], laCount: [Int: Int] = [:], hardCount: [Int: Int] = [:]
        for i in people.indices {
            regionCount[region[i], default: 0] += 1
            laCount[la[i], default: 0] += 1
            hardCount[hard[i], default: 0] += 1
        }
        let order = people.indices.sorted { a, b in
            if trustFirst, hard[a] != hard[b] {
                if hardCount[hard[a]]! != hardCount[hard[b]]! { return hardCount[hard[a]]! > hardCount[hard[b]]! }
                return hard[a] < hard[b]
            }
            if region[a] != region[b] {
                if regionCount[region[a]]! != regionCount[region[b]]! {
                    return regionCount[region[a]]! > regionCount[region[b]]!
                }
                return people[a].region < people[b].region
            }
            if la[a] != la[b] {
                if laCount[la[a]]! != laCount[la[b]]! { return laCount[la[a]]! > laCount[la[b]]! }
                return la[a] < la[b]
            }
            // Inside an authority: each trust's heads side by side (so they land in different groups), trusts
            // and heads in a seeded order.
            if hard[a] != hard[b] {
                let (ha, hb) = (hardJitter(hard[a]), hardJitter(hard[b]))
                return ha != hb ? ha < hb : hard[a] < hard[b]
            }
            let (ja, jb) = (jitter(a), jitter(b))
            return ja != jb ? ja < jb : people[a].personID < people[b].personID
        }
        groups = Array(repeating: [], count: k)
        for (n, i) in order.enumerated() {
            groups[n % k].append(i)
            groupOf[i] = n % k
        }
        for g in 0..<k { penalty[g] = groupPenalty(g) }
    }

    /// Keeps what it can of the earlier groups: each earlier group's members who are still here stay together
    /// (locked), the trust rule permitting; then targets sizes evenly, giving up kept members only where a
    /// group would otherwise fall below the minimum; then places newcomers where they add least penalty.
    /// Returns false when nothing was kept (the caller seeds afresh). `numbers[g]` gets kept groups' numbers.
    mutating func seedKeeping(previous: [FormedGroup], numbers: inout [Int?]) -> Bool {
        var index: [Int64: Int] = [:]
        for i in people.indices { index[people[i].personID] = i }
        var cores: [(number: Int, members: [Int])] = []
        for g in previous {
            var core: [Int] = []
            for id in g.memberIDs.sorted() {
                guard let i = index[id] else { continue }
                if core.contains(where: { hard[$0] == hard[i] }) { continue }
                core.append(i)
            }
            if !core.isEmpty { cores.append((g.number, core.sorted { people[$0].position < people[$1].position })) }
        }
        if cores.isEmpty { return false }
        // More cores than groups: dissolve the smallest (latest-numbered first).
        if cores.count > k {
            let keepers = cores.indices.sorted { (cores[$0].members.count, -cores[$0].number) > (cores[$1].members.count, -cores[$1].number) }
                .prefix(k)
            cores = keepers.sorted().map { cores[$0] }
        }
        // Target sizes: water-fill from the smallest; if some group would stay below the minimum, release the
        // latest applicant of the largest core and try again.
        var targets: [Int] = []
        while true {
            targets = (0..<k).map { $0 < cores.count ? cores[$0].members.count : 0 }
            var remaining = people.count - targets.reduce(0, +)
            while remaining > 0 {
                var best = 0
                for g in 1..<k where targets[g] < targets[best] { best = g }
                targets[best] += 1
                remaining -= 1
            }
            if targets.allSatisfy({ $0 >= formation.minSize && $0 <= formation.maxSize }) { break }
            guard let largest = cores.indices.max(by: { cores[$0].members.count < cores[$1].members.count })
            else { return false }
            cores[largest].members.removeLast()
            if cores[largest].members.isEmpty { cores.remove(at: largest) }
        }

        groups = Array(repeating: [], count: k)
        for i in groupOf.indices { groupOf[i] = -1 }
        for (g, core) in cores.enumerated() {
            numbers[g] = core.number
            for i in core.members {
                groups[g].append(i)
                groupOf[i] = g
                locked[i] = true
            }
        }
        // Newcomers, spread in the fresh order's spirit: each goes where it adds least, then to the emptiest.
        let newcomers = people.indices.filter { groupOf[$0] < 0 }
        for i in newcomers {
            var best = -1, bestCost = Int.max, bestRoom = 0
            for g in 0..<k where groups[g].count < targets[g] {
                let cost = contribution(i, to: g, except: -1)
                let room = targets[g] - groups[g].count
                if cost < bestCost || (cost == bestCost && room > bestRoom) {
                    best = g
                    bestCost = cost
                    bestRoom = room
                }
            }
            groups[best].append(i)
            groupOf[i] = best
        }
        for g in 0..<k { penalty[g] = groupPenalty(g) }
        return true
    }

    /// Pairs per group that no assignment can avoid, on average: a lower bound on the worst group's penalty.
    func lowerBound() -> Int {
        func evenPairs(_ c: Int) -> Int {
            let q = c / k, r = c % k
            return r * (q + 1) * q / 2 + (k - r) * q * (q - 1) / 2
        }
        var laCount: [Int: Int] = [:], regionCount: [Int: Int] = [:]
        for i in people.indices {
            laCount[la[i], default: 0] += 1
            regionCount[region[i], default: 0] += 1
        }
        // A group's penalty is (w - 1) × its same-LA pairs + all its same-region pairs (same-LA ones included).
        let total = (laWeight - 1) * laCount.values.reduce(0) { $0 + evenPairs($1) }
            + regionCount.values.reduce(0) { $0 + evenPairs($1) }
        return (total + k - 1) / k
    }

    /// Improving swaps. First the worst groups, until the worst reaches the lower bound or cannot improve;
    /// then, with what budget is left, every other group with a penalty, worst first. A swap is taken only when
    /// it lowers the worse of the two groups it touches, or keeps that and lowers their sum, so the sorted
    /// list of group penalties only ever improves and the search ends.
    mutating func improve() {
        var budget = formation.searchBudget
        let bound = lowerBound()
        while budget > 0 {
            let worst = penalty.max() ?? 0
            if worst <= bound { return }
            var improved = false
            for g in 0..<k where penalty[g] == worst && budget > 0 {
                if improveGroup(g, budget: &budget) { improved = true }
            }
            if !improved { break }
        }
        let order = (0..<k).sorted { (penalty[$0], -$0) > (penalty[$1], -$1) }
        for g in order where penalty[g] > 0 && budget > 0 {
            while budget > 0, penalty[g] > 0, improveGroup(g, budget: &budget) {}
        }
    }

    /// Makes the best swap between a member of `g` and a member of another group, if one improves; returns
    /// whether it did.
    mutating func improveGroup(_ g: Int, budget: inout Int) -> Bool {
        var best: (x: Int, y: Int, h: Int, newMax: Int, delta: Int)?
        for x in groups[g] where !locked[x] {
            let cx = contribution(x, to: g, except: x)
            if cx == 0 { continue }
            for h in 0..<k where h != g {
                let oldMax = max(penalty[g], penalty[h])
                for y in groups[h] where !locked[y] {
                    let cyg = contribution(y, to: g, except: x)
                    budget -= groups[g].count
                    if cyg >= cx { continue }
                    let newG = penalty[g] - cx + cyg
                    let newH = penalty[h] - contribution(y, to: h, except: y) + contribution(x, to: h, except: y)
                    budget -= 2 * groups[h].count
                    let newMax = max(newG, newH)
                    let delta = newG + newH - penalty[g] - penalty[h]
                    guard newMax < oldMax || (newMax == oldMax && delta < 0) else { continue }
                    if let b = best, (b.newMax, b.delta) <= (newMax, delta) { continue }
                    best = (x, y, h, newMax, delta)
                }
            }
            if budget <= 0 { break }
        }
        guard let b = best else { return false }
        let xi = groups[g].firstIndex(of: b.x)!, yi = groups[b.h].firstIndex(of: b.y)!
        groups[g][xi] = b.y
        groups[b.h][yi] = b.x
        groupOf[b.x] = b.h
        groupOf[b.y] = g
        penalty[g] = groupPenalty(g)
        penalty[b.h] = groupPenalty(b.h)
        return true
    }
}

/// Matches groups to facilitators: each group to one facilitator independent of every member, each
/// facilitator within their limit. Greedy (least-loaded first), then augmenting paths (Kuhn's algorithm) for
/// groups the greedy pass could not serve, so as many groups as possible get one.
private struct FacilitatorMatcher {
    let facilitators: [FormationFacilitator]
    let urns: [Set<Int>]
    let trusts: [Set<String>]
    let federations: [Set<String>]
    let memberIDs: [Set<Int64>]

    init(groups: [[FormationParticipant]], facilitators: [FormationFacilitator]) {
        var seen = Set<Int64>()
        self.facilitators = facilitators.filter { $0.maxGroups > 0 && seen.insert($0.personID).inserted }
            .sorted { $0.personID < $1.personID }
        urns = groups.map { Set($0.map(\.urn)) }
        trusts = groups.map { Set($0.compactMap(\.trust).filter { !$0.isEmpty }) }
        federations = groups.map { Set($0.compactMap(\.federation).filter { !$0.isEmpty }) }
        memberIDs = groups.map { Set($0.map(\.personID)) }
    }

    func independent(_ f: Int, _ g: Int) -> Bool {
        let x = facilitators[f]
        if urns[g].contains(x.urn) || memberIDs[g].contains(x.personID) { return false }
        if let t = x.trust, !t.isEmpty, trusts[g].contains(t) { return false }
        if let fed = x.federation, !fed.isEmpty, federations[g].contains(fed) { return false }
        return true
    }

    /// Facilitator person id per group (nil where none could be found). `preferred` holds each group's earlier
    /// facilitator, kept when still independent and within their limit.
    func assign(preferred: [Int64?]) -> [Int64?] {
        let n = urns.count
        var owner = [Int](repeating: -1, count: n)
        var load = [Int](repeating: 0, count: facilitators.count)
        var held = [[Int]](repeating: [], count: facilitators.count)
        var pinned = [Bool](repeating: false, count: n)
        let position = Dictionary(uniqueKeysWithValues: facilitators.enumerated().map { ($1.personID, $0) })

        for g in 0..<n {
            guard let p = preferred[g], let f = position[p], independent(f, g), load[f] < facilitators[f].maxGroups
            else { continue }
            owner[g] = f
            load[f] += 1
            held[f].append(g)
            pinned[g] = true
        }
        func give(_ g: Int, to f: Int) {
            if owner[g] >= 0 {
                load[owner[g]] -= 1
                held[owner[g]].removeAll { $0 == g }
            }
            owner[g] = f
            load[f] += 1
            held[f].append(g)
        }
        for g in 0..<n where owner[g] < 0 {
            var best = -1
            for f in facilitators.indices where load[f] < facilitators[f].maxGroups && independent(f, g) {
                if best < 0 || load[f] * facilitators[best].maxGroups < load[best] * facilitators[f].maxGroups {
                    best = f
                }
            }
            if best >= 0 { give(g, to: best) }
        }
        for g in 0..<n where owner[g] < 0 {
            var visited = [Bool](repeating: false, count: facilitators.count)
            func augment(_ g: Int) -> Bool {
                for f in facilitators.indices where !visited[f] && independent(f, g) {
                    visited[f] = true
                    if load[f] < facilitators[f].maxGroups {
                        give(g, to: f)
                        return true
                    }
                    for other in held[f] where !pinned[other] {
                        if augment(other) {
                            give(g, to: f)
                            return true
                        }
                    }
                }
                return false
            }
            _ = augment(g)
        }
        return owner.map { $0 >= 0 ? facilitators[$0].personID : nil }
    }
}
