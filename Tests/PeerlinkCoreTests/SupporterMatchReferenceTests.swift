import Testing

@testable import PeerlinkCore

/// `matchSupporters` (interned school features, scores without components) against the full evaluation it
/// replaced, kept here as the reference: identical hits, scores, reasons and exclusions on generated counties.
struct SupporterMatchReferenceTests {
    /// The supporter match as it was: every supporter's components built from the records, names folded per
    /// supporter.
    static func referenceMatch(_ d: Directory, _ query: SupporterMatchQuery) throws -> SupporterMatchResult {
        let request = try d.requireSupportRequest(query.requestID, field: "request")
        let head = try d.requirePerson(request.headID, field: "request")
        let headSchool = try d.requireSchool(head.urn, field: "request")
        let headContext = Directory.SchoolContext(headSchool)
        var scored: [(profileID: Int64, score: Double, coverage: Double, distanceKm: Double?)] = []
        var excluded: [SupporterExclusion] = []
        for profileID in d.peerSupport.profiles.keys.sorted() {
            let profile = d.peerSupport.profiles[profileID]!
            let person = d.people[profile.personID]
            let school = person.flatMap { d.schools[$0.urn] }
            if let reason = d.supporterRefusal(
                profile, person: person, school: school, request: request, head: head, headSchool: headSchool,
                strictLA: query.strictLA, day: query.day)
            {
                excluded.append(SupporterExclusion(profileID: profile.id, reason: reason))
                continue
            }
            let supporterSchool = school!
            let distanceKm = headSchool.distanceMetres(to: supporterSchool).map { $0 / 1000 }
            if request.mode == .inPerson {
                guard let dk = distanceKm else {
                    excluded.append(
                        SupporterExclusion(
                            profileID: profile.id,
                            reason: "no grid reference for one of the schools, so the distance for an in-person "
                                + "request is unknown"))
                    continue
                }
                if dk > query.maxDistanceKm {
                    let old = { (x: Double) -> String in
                        x < 10 ? "\(Double(Int(x * 10 + 0.5)) / 10) km" : "\(Int(x + 0.5)) km"
                    }
                    excluded.append(
                        SupporterExclusion(
                            profileID: profile.id,
                            reason: "\(old(dk)) away, beyond the \(old(query.maxDistanceKm)) limit "
                                + "for in-person support"))
                    continue
                }
            }
            let components = d.supporterComponents(
                profile, request: request, head: headContext, school: Directory.SchoolContext(supporterSchool),
                distanceKm: distanceKm, query: query, explaining: nil)
            scored.append((profile.id, Directory.weightedScore(components), components[0].score, distanceKm))
        }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.coverage != b.coverage { return a.coverage > b.coverage }
            return a.profileID < b.profileID
        }
        let hits = scored.prefix(query.limit).map { best in
            let profile = d.peerSupport.profiles[best.profileID]!
            let school = d.schools[d.people[profile.personID]!.urn]!
            return d.explainedHit(
                profile, school: school, request: request, head: headContext, headSchool: headSchool,
                distanceKm: best.distanceKm, query: query)
        }
        return SupporterMatchResult(requestID: request.id, hits: hits, excluded: excluded)
    }

    static let trusts: [String?] = [nil, "Chalk Learning Trust", "CHALK learning-trust", "Oak Trust", "", "---"]
    static let federations: [String?] = [nil, "Downs Federation", "downs federation", "Vale Federation", ""]
    static let typeGroups = ["Local authority maintained schools", "local authority maintained schools!", "Academies",
                             "", "---"]
    static let religions: [String?] = [nil, "Church of England", "church of england", "None", "Does not apply",
                                       "Roman Catholic", ""]
    static let localities = ["(England/Wales) Rural village", "(England/Wales) Urban city and town", "", "RURAL"]

    /// Seeds whose counties each reach every rule (seed 7's does not reach one of them).
    @Test(arguments: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11])
    func fastMatchEqualsTheFullEvaluation(seed: Int) throws {
        var g = SchoolSearchIndexTests.Generator(state: UInt64(seed))
        var f = PeerSupportFixture()
        let skillsPool = PeerSupportFixture.standards + ["wellbeing", "safeguarding", "finance-and-budget"]
        for k in 0..<150 {
            let personID = Int64(10 + k)
            let urn = 200_000 + Int(personID)
            var s = School(
                urn: urn, name: "School \(urn)", phase: [.primary, .secondary, .middle, .nursery].randomElement(using: &g)!,
                type: "Voluntary controlled school", typeGroup: Self.typeGroups.randomElement(using: &g)!,
                status: Int.random(in: 0..<15, using: &g) == 0 ? .closed : .open,
                laCode: [850, 852, 936].randomElement(using: &g)!, laName: "Somewhere", region: "South East",
                urbanRural: Self.localities.randomElement(using: &g)!,
                pupils: [nil, 0, 50, 210, 260, 900, 1600].randomElement(using: &g)!,
                trust: Self.trusts.randomElement(using: &g)!,
                federation: Self.federations.randomElement(using: &g)!,
                religiousCharacter: Self.religions.randomElement(using: &g)!,
                inspection: [.good, .good, .outstanding, .requiresImprovement, nil].randomElement(using: &g)!)
            if Int.random(in: 0..<5, using: &g) > 0 {
                s.easting = 450_000 + Int.random(in: -60_000...60_000, using: &g)
                s.northing = 120_000 + Int.random(in: -60_000...60_000, using: &g)
            }
            let skills = Array(skillsPool.shuffled(using: &g).prefix(Int.random(in: 1...4, using: &g)))
            let capacity = Int.random(in: 1...2, using: &g)
            let years = [2, 5, 10, 10].randomElement(using: &g)!
            let school = s
            f.addSupporter(
                personID: personID, school: { fx, _ in fx.commit(Change([school])) }, skills: skills,
                capacity: capacity, years: years)
        }
        // Some supporters busy, one school changed after its supporter was added (features follow the put).
        var busy = 0
        for k in stride(from: 0, to: 150, by: 5) {
            let requestID = f.request()
            let profileID = f.directory.peerSupport.profileByPerson[Int64(10 + k)]!
            if let (change, _) = try? f.directory.prepareEngagementStart(
                requestID: requestID, profileID: profileID, on: PeerSupportFixture.today, ids: &f.ids,
                now: PeerSupportFixture.now)
            {
                f.commit(change)
                busy += 1
            }
        }
        #expect(busy > 0)
        var moved = f.directory.schools[200_010]!
        moved.trust = "chalk learning trust"
        moved.urbanRural = "Rural hamlet"
        f.commit(Change([moved]))

        var hits = 0
        var reasons = Set<String>()
        let concernSets: [[String]?] = [["school-improvement"], ["wellbeing", "teaching"], ["safeguarding"],
                                        ["finance-and-budget", "governance-and-accountability", "behaviour"]]
        for concerns in concernSets {
            for mode in [Mode.online, .inPerson] {
                let requestID = f.request(concerns: concerns, mode: mode)
                for strictLA in [false, true] {
                    for km in [5.0, 40.0, 90.0] {
                        for limit in [1, 5, 100] {
                            let q = SupporterMatchQuery(
                                requestID: requestID, strictLA: strictLA, maxDistanceKm: km, limit: limit,
                                weights: SupporterMatchWeights(coverage: 0.4, context: km == 5 ? 0 : 0.25),
                                day: PeerSupportFixture.today)
                            let got = try f.directory.matchSupporters(q)
                            let want = try Self.referenceMatch(f.directory, q)
                            hits += got.hits.count
                            for e in got.excluded { reasons.insert(String(e.reason.prefix(24))) }
                            #expect(got == want, "concerns \(concerns ?? []) \(mode) strictLA \(strictLA) \(km) km limit \(limit)")
                        }
                    }
                }
            }
        }
        // The generated county reaches every rule the fast path changed.
        #expect(hits > 50)
        for start in ["not independent: both sc", "not eligible: ", "no spare capacity", "no grid reference"] {
            #expect(reasons.contains { $0.hasPrefix(start) }, "\(start)")
        }
        #expect(reasons.contains { $0.contains(" away, beyond") })
    }

    @Test func kilometresAreWrittenAsBefore() {
        for k in 0...2000 {
            let d = Double(k) / 97.3
            let old = d < 10 ? "\(Double(Int(d * 10 + 0.5)) / 10) km" : "\(Int(d + 0.5)) km"
            #expect(Directory.km(d) == old, "\(d)")
        }
    }
}
