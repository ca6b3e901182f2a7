import PeerlinkCore
import Testing

/// Deterministic generated cohorts shaped like the national picture: nine regions of unequal size, about
/// 150 authorities, mostly primary heads, a third of schools in regional trusts.
enum CohortFixtures {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let regions: [(name: String, authorities: Int, weight: Int)] = [
        ("South East", 19, 16), ("London", 33, 14), ("North West", 23, 13), ("East of England", 11, 11),
        ("West Midlands", 14, 10), ("South West", 15, 10), ("Yorkshire and the Humber", 15, 10),
        ("East Midlands", 9, 9), ("North East", 12, 7),
    ]

    /// `count` heads; every head has a school of their own unless `sharedSchools`.
    static func participants(_ count: Int, seed: UInt64 = 1) -> [FormationParticipant] {
        var rng = Generator(state: seed)
        let totalWeight = regions.reduce(0) { $0 + $1.weight }
        var out: [FormationParticipant] = []
        for i in 0..<count {
            var pick = rng.below(totalWeight), r = 0
            while pick >= regions[r].weight {
                pick -= regions[r].weight
                r += 1
            }
            let la = 100 + r * 40 + rng.below(regions[r].authorities)
            let roll = rng.below(100)
            let phase: CohortPhase =
                roll < 68 ? .primary : roll < 86 ? .secondary : roll < 93 ? .special : roll < 96 ? .allThrough
                : roll < 98 ? .alternativeProvision : .sixteenPlus
            // A third in trusts; trusts are regional and 2–40 schools big.
            let trust: String? = rng.below(3) == 0 ? "Trust \(r)-\(rng.below(25))" : nil
            out.append(
                FormationParticipant(
                    personID: Int64(i + 1), urn: 100_000 + i, phase: phase, laCode: la, region: regions[r].name,
                    trust: trust, federation: rng.below(20) == 0 ? "Federation \(la)" : nil, position: i + 1))
        }
        return out
    }

    /// One facilitator per five groups' worth of heads, each taking up to 4 groups.
    static func facilitators(for count: Int, seed: UInt64 = 7) -> [FormationFacilitator] {
        var rng = Generator(state: seed)
        return (0..<max(2, count / 20)).map { i in
            FormationFacilitator(
                personID: Int64(1_000_000 + i), urn: 900_000 + i,
                trust: rng.below(4) == 0 ? "Trust \(rng.below(9))-\(rng.below(25))" : nil, maxGroups: 4)
        }
    }

    /// Pairs an even spread of `c` heads over `k` groups cannot avoid.
    static func evenPairs(_ c: Int, _ k: Int) -> Int {
        let q = c / k, r = c % k
        return r * (q + 1) * q / 2 + (k - r) * q * (q - 1) / 2
    }

    /// Checks every rule formation promises; returns nothing, records failures with `#expect`.
    static func expectValid(
        _ result: FormationResult, participants: [FormationParticipant], facilitators: [FormationFacilitator],
        minSize: Int, maxSize: Int
    ) {
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.personID, $0) })
        var seen: [Int64: Int] = [:]
        for g in result.groups {
            #expect((minSize...maxSize).contains(g.memberIDs.count), "group \(g.number) has \(g.memberIDs.count)")
            let members = g.memberIDs.map { byID[$0]! }
            #expect(members.allSatisfy { $0.phase == g.phase }, "group \(g.number) mixes phases")
            let trusts = members.compactMap(\.trust)
            #expect(Set(trusts).count == trusts.count, "group \(g.number) has two heads from one trust")
            #expect(Set(members.map(\.urn)).count == members.count, "group \(g.number) has two heads from one school")
            for m in g.memberIDs { seen[m, default: 0] += 1 }
            if let f = g.facilitatorID.flatMap({ id in facilitators.first { $0.personID == id } }) {
                #expect(!members.contains { $0.urn == f.urn }, "facilitator shares a school with group \(g.number)")
                if let t = f.trust { #expect(!trusts.contains(t), "facilitator shares a trust with group \(g.number)") }
                if let fed = f.federation {
                    #expect(!members.contains { $0.federation == fed }, "facilitator shares a federation")
                }
            }
        }
        for f in facilitators {
            #expect(result.groups.filter { $0.facilitatorID == f.personID }.count <= f.maxGroups)
        }
        for u in result.unplaced {
            seen[u.personID, default: 0] += 1
            #expect(!u.reason.isEmpty)
        }
        #expect(participants.allSatisfy { seen[$0.personID] == 1 }, "everyone is placed once or listed unplaced")
        #expect(result.quality.placed + result.quality.unplaced == participants.count)
        #expect(result.quality.groupsFormed == result.groups.count)
    }

    /// The fewest same-LA pairs any grouping of the placed heads can have.
    static func minimumSameLAPairs(_ result: FormationResult, participants: [FormationParticipant]) -> Int {
        let byID = Dictionary(uniqueKeysWithValues: participants.map { ($0.personID, $0) })
        var total = 0
        for phase in CohortPhase.allCases {
            let groups = result.groups.filter { $0.phase == phase }
            guard !groups.isEmpty else { continue }
            var perLA: [Int: Int] = [:]
            for g in groups { for m in g.memberIDs { perLA[byID[m]!.laCode, default: 0] += 1 } }
            total += perLA.values.reduce(0) { $0 + evenPairs($1, groups.count) }
        }
        return total
    }
}

struct CohortFormationTests {
    @Test(arguments: [60, 600, 5000])
    func everyConstraintHoldsOnGeneratedCohorts(size: Int) {
        let people = CohortFixtures.participants(size, seed: UInt64(size))
        let facilitators = CohortFixtures.facilitators(for: size)
        let result = GroupFormation(minSize: 4, maxSize: 6, seed: 3).form(people, facilitators: facilitators)
        CohortFixtures.expectValid(result, participants: people, facilitators: facilitators, minSize: 4, maxSize: 6)
        // Authorities are spread as evenly as they can be: no avoidable same-LA pair.
        #expect(result.quality.sameLAPairs == CohortFixtures.minimumSameLAPairs(result, participants: people))
        #expect(result.quality.placed >= size - 6 * CohortPhase.allCases.count)
        #expect(result.quality.groupsWithoutFacilitator == 0)
        #expect(result.quality.worstGroupScore == result.groups.map(\.score).min())
    }

    @Test func findsThePerfectAnswerForTwentyFourHeadsFromTwentyFourAuthorities() {
        // 24 primary heads from 24 authorities in 4 regions of 6: the best grouping has no shared authority,
        // and (6 heads of a region over 4 groups) 2 same-region pairs in every group.
        let regions = ["North East", "London", "South West", "East Midlands"]
        let people = (0..<24).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 200_000 + i, phase: .primary, laCode: 300 + i,
                region: regions[i % 4], position: i + 1)
        }
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: [])
        CohortFixtures.expectValid(result, participants: people, facilitators: [], minSize: 4, maxSize: 6)
        #expect(result.quality.placed == 24)
        #expect(result.quality.sameLAPairs == 0)
        #expect(result.groups.allSatisfy { $0.sameRegionPairs == 2 })
        #expect(result.quality.worstGroupScore == GroupFormation(minSize: 4, maxSize: 6).score(sameLAPairs: 0, sameRegionPairs: 2))
    }

    @Test func findsAPerfectAnswerThatTheTrustRuleHidesFromTheFirstDeal() {
        // Six authorities with four heads each, four groups of six: the perfect answer has one head of each
        // authority per group. Trusts cut across authorities so the first deal breaks the trust rule and swaps
        // must find a grouping that keeps both.
        var people: [FormationParticipant] = []
        for la in 0..<6 {
            for j in 0..<4 {
                let id = la * 4 + j
                people.append(
                    FormationParticipant(
                        personID: Int64(id + 1), urn: 300_000 + id, phase: .secondary, laCode: 500 + la,
                        region: "R\(la)", trust: "T\((la + j) % 4)", position: id + 1))
            }
        }
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: [])
        CohortFixtures.expectValid(result, participants: people, facilitators: [], minSize: 4, maxSize: 6)
        #expect(result.quality.placed == 24)
        #expect(result.quality.sameLAPairs == 0)
        #expect(result.quality.sameRegionPairs == 0)
        #expect(result.quality.worstGroupScore == 100)
    }

    @Test func theWorstGroupIsMadeAsGoodAsTheAverageAllows() {
        // 30 heads, 5 groups of 6; region A holds 10 heads, so 5 same-region pairs at least, one per group.
        // A sum objective could leave one group with 3; max-min gives every group exactly 1.
        let people = (0..<30).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 400_000 + i, phase: .primary, laCode: 600 + i,
                region: i < 10 ? "A" : "R\(i)", position: i + 1)
        }
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: [])
        #expect(result.groups.count == 5)
        #expect(result.groups.map(\.sameRegionPairs) == [1, 1, 1, 1, 1])
    }

    @Test func unplacedHeadsAreListedWithTheReason() {
        var people = (0..<3).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 500_000 + i, phase: .special, laCode: 700 + i, region: "R", position: i + 1)
        }
        // Two heads of one trust among five secondary heads: one group only, so the later one waits.
        people += (0..<5).map { i in
            FormationParticipant(
                personID: Int64(10 + i), urn: 510_000 + i, phase: .secondary, laCode: 800 + i, region: "S\(i)",
                trust: i < 2 ? "Oak Trust" : nil, position: 10 + i)
        }
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: [])
        let reasons = Dictionary(uniqueKeysWithValues: result.unplaced.map { ($0.personID, $0.reason) })
        #expect(reasons[1] == "only 3 special-school heads: below the minimum group size of 4")
        #expect(reasons[11]?.contains("the trust 'Oak Trust'") == true)
        #expect(reasons[10] == nil)
        #expect(result.quality.unplaced == 4)
        // 4 secondary heads left: no group is possible... but 4 is the minimum, so exactly one group.
        #expect(result.groups.count == 1)
        #expect(result.groups[0].memberIDs == [10, 12, 13, 14])
    }

    @Test func headsBeyondWhatTheSizesAllowWaitInApplicationOrder() {
        // 7 primary heads and groups of 4–6: one group of 6, the latest applicant waits.
        let people = (0..<7).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 600_000 + i, phase: .primary, laCode: 900 + i, region: "R\(i)",
                position: 7 - i)
        }
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: [])
        #expect(result.groups.count == 1)
        #expect(result.unplaced.map(\.personID) == [1])  // position 7: the latest applicant
        #expect(result.unplaced[0].reason.contains("cannot all be split into groups of 4–6"))
    }

    @Test func sameInputAndSeedGiveTheSameGroups() {
        let people = CohortFixtures.participants(600, seed: 11)
        let facilitators = CohortFixtures.facilitators(for: 600)
        let a = GroupFormation(minSize: 4, maxSize: 6, seed: 42).form(people, facilitators: facilitators)
        let b = GroupFormation(minSize: 4, maxSize: 6, seed: 42).form(people.reversed(), facilitators: facilitators.reversed())
        #expect(a == b)
        let c = GroupFormation(minSize: 4, maxSize: 6, seed: 43).form(people, facilitators: facilitators)
        #expect(c.groups.map(\.memberIDs) != a.groups.map(\.memberIDs))
        #expect(c.quality.sameLAPairs == a.quality.sameLAPairs)
    }

    @Test func facilitatorsAreIndependentAndWithinTheirLimit() {
        let people = (0..<12).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 700_000 + i, phase: .primary, laCode: 1000 + i, region: "R\(i % 3)",
                trust: i == 0 ? "Elm Trust" : nil, federation: i == 1 ? "Ash Federation" : nil, position: i + 1)
        }
        // Whatever the groups, one facilitator fits every group; the others are ruled out by a member's
        // school, trust or federation, so the matching must route around them.
        let facilitators = [
            FormationFacilitator(personID: 9001, urn: 700_005, maxGroups: 2),
            FormationFacilitator(personID: 9002, urn: 790_000, trust: "Elm Trust", maxGroups: 2),
            FormationFacilitator(personID: 9003, urn: 790_001, federation: "Ash Federation", maxGroups: 2),
            FormationFacilitator(personID: 9004, urn: 790_002, maxGroups: 1),
        ]
        let result = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: facilitators)
        CohortFixtures.expectValid(result, participants: people, facilitators: facilitators, minSize: 4, maxSize: 6)
        // Three groups of 4 hold fewer same-region pairs than two of 6, and the facilitators can take three.
        #expect(result.groups.count == 3)
        #expect(result.quality.groupsWithoutFacilitator == 0)

        let only = [FormationFacilitator(personID: 9004, urn: 790_002, maxGroups: 1)]
        let short = GroupFormation(minSize: 4, maxSize: 6).form(people, facilitators: only)
        #expect(short.quality.groupsWithoutFacilitator == 1)
        #expect(short.notes.count == 1)
        #expect(short.notes[0].contains("has no facilitator"))
    }

    @Test func keepFormingFillsTheGapAndMovesNobody() {
        let people = (0..<10).map { i in
            FormationParticipant(
                personID: Int64(i + 1), urn: 800_000 + i, phase: .primary, laCode: 1100 + i, region: "R\(i % 4)",
                position: i + 1)
        }
        let formation = GroupFormation(minSize: 4, maxSize: 6, seed: 9)
        let first = formation.form(people, facilitators: [])
        #expect(first.groups.map(\.memberIDs.count) == [5, 5])
        let leaving = first.groups[1].memberIDs[2]
        let newcomer = FormationParticipant(
            personID: 99, urn: 899_999, phase: .primary, laCode: 1199, region: "R9", position: 11)
        let again = formation.form(
            people.filter { $0.personID != leaving } + [newcomer], facilitators: [], previous: first.groups,
            firstNumber: 3)
        #expect(again.groups.map(\.number) == [1, 2])
        #expect(again.groups[0].memberIDs == first.groups[0].memberIDs)
        #expect(Set(again.groups[1].memberIDs) == Set(first.groups[1].memberIDs).subtracting([leaving]).union([99]))
        #expect(again.quality.keptMembers == 9)
    }

    @Test func keepFormingKeepsGeneratedGroupsStable() {
        let people = CohortFixtures.participants(120, seed: 5)
        let facilitators = CohortFixtures.facilitators(for: 120)
        let formation = GroupFormation(minSize: 4, maxSize: 6, seed: 1)
        let first = formation.form(people, facilitators: facilitators)
        // One placed head leaves and three new ones arrive.
        let leaving = first.groups[0].memberIDs[0]
        var changed = people.filter { $0.personID != leaving }
        changed += (0..<3).map { i in
            FormationParticipant(
                personID: Int64(5000 + i), urn: 990_000 + i, phase: .primary, laCode: 111, region: "South East",
                position: 1000 + i)
        }
        let again = formation.form(changed, facilitators: facilitators, previous: first.groups, firstNumber: 100)
        CohortFixtures.expectValid(again, participants: changed, facilitators: facilitators, minSize: 4, maxSize: 6)
        // At most a few heads move to make room for a new group (which needs the minimum size).
        #expect(again.quality.keptMembers >= first.quality.placed - 1 - 3)
        let newNumbers = again.groups.map(\.number).filter { $0 >= 100 }
        #expect(newNumbers == Array(100..<(100 + newNumbers.count)))
        // Facilitators stay with kept groups.
        for g in again.groups {
            if let old = first.groups.first(where: { $0.number == g.number }) {
                #expect(g.facilitatorID == old.facilitatorID)
            }
        }
    }
}
