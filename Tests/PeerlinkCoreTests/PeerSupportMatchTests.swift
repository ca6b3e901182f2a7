import PeerlinkCore
import Testing

struct PeerSupportMatchTests {
    let day = PeerSupportFixture.today

    /// Takes the request first so that `match(f.request(), f)` sees the fixture after the request is added.
    func match(
        _ request: Int64, _ f: PeerSupportFixture, strictLA: Bool = false, weights: SupporterMatchWeights = .init()
    )
        throws -> SupporterMatchResult
    {
        try f.directory.matchSupporters(
            SupporterMatchQuery(requestID: request, strictLA: strictLA, weights: weights, day: day, listExcluded: true))
    }

    func reason(_ r: SupporterMatchResult, _ profileID: Int64) -> String? {
        r.excluded.first { $0.profileID == profileID }?.reason
    }

    // MARK: Independence

    @Test func aSupporterAtTheHeadsOwnSchoolIsNeverOffered() throws {
        var f = PeerSupportFixture()
        let id = f.addSupporter(personID: 10, school: { _, _ in })
        var person = f.directory.people[10]!
        person.urn = f.headURN
        var school = f.directory.schools[f.headURN]!
        school.inspection = .good  // so that only independence is at stake
        f.commit(Change([person, school]))
        let r = try match(f.request(), f)
        #expect(r.hits.isEmpty)
        #expect(reason(r, id) == "not independent: the supporter works at the head's own school (Ash Primary)")
        #expect(r.excludedCounts == [.sameSchool: 1])
        // Unlisted (the default), the supporter is only counted.
        let again = f.request()
        let counted = try f.directory.matchSupporters(SupporterMatchQuery(requestID: again, day: day))
        #expect(counted.excluded.isEmpty && counted.excludedCounts == [.sameSchool: 1])
    }

    @Test func aSupporterInTheSameTrustIsNeverOffered() throws {
        var f = PeerSupportFixture()
        let id = f.addSupporter(
            personID: 10,
            school: { f, urn in f.addSchool(urn, "Birch", east: 455_000, north: 120_000, trust: "CHALK learning trust")
            })
        let r = try match(f.request(), f)
        #expect(r.hits.isEmpty)
        #expect(reason(r, id) == "not independent: both schools are in the same trust (Chalk Learning Trust)")
    }

    @Test func aSupporterInTheSameFederationIsNeverOffered() throws {
        var f = PeerSupportFixture()
        let id = f.addSupporter(
            personID: 10,
            school: { f, urn in f.addSchool(urn, "Beech", east: 455_000, north: 120_000, federation: "Downs Federation")
            })
        let r = try match(f.request(), f)
        #expect(r.hits.isEmpty)
        #expect(reason(r, id) == "not independent: both schools are in the same federation (Downs Federation)")
    }

    @Test func strictLARefusesTheSameAuthorityOnlyWhenAsked() throws {
        var f = PeerSupportFixture()
        let sameLA = f.addNearbySupporter(personID: 10)
        let otherLA = f.addSupporter(
            personID: 11, school: { f, urn in f.addSchool(urn, "Fir", la: 851, east: 460_000, north: 120_000) })
        let request = f.request()
        #expect(try match(request, f).hits.map(\.card.profileID).sorted() == [sameLA, otherLA])
        let strict = try match(request, f, strictLA: true)
        #expect(strict.hits.map(\.card.profileID) == [otherLA])
        #expect(
            reason(strict, sameLA)
                == "not independent: both schools are in the same local authority (Hampshire), which a strict-LA "
                + "match refuses")
        #expect(strict.hits[0].reasons.contains("different local authority"))
    }

    @Test func theHeadsOwnProfileIsNeverOffered() throws {
        var f = PeerSupportFixture()
        var head = f.directory.people[f.headID]!
        head.headshipStart = Day(iso: "2010-01-01")
        var school = f.directory.schools[f.headURN]!
        school.inspection = .good
        f.commit(Change([head, school]))
        let (c, p) = try f.directory.prepareSupporter(
            SupporterDraft(
                personID: f.headID, summary: "x", skills: ["teaching"], trainingCompleted: day,
                coachingRecord: "yes", knowsLocalProcesses: true, recordedInspection: .good),
            ids: &f.ids, now: 0)
        f.commit(c)
        let r = try match(f.request(), f)
        #expect(r.hits.isEmpty)
        #expect(reason(r, p.id) == "the supporter is the head themself")
    }

    // MARK: Other hard constraints

    @Test func aDeclinedProfileIsNotOfferedAgainForThatRequest() throws {
        var f = PeerSupportFixture()
        let a = f.addNearbySupporter(personID: 10)
        let b = f.addNearbySupporter(personID: 11)
        let request = f.request()
        f.commit(try f.directory.prepareDecline(requestID: request, profileID: a, now: PeerSupportFixture.now))
        let r = try match(request, f)
        #expect(r.hits.map(\.card.profileID) == [b])
        #expect(reason(r, a) == "the head declined this supporter for request \(request)")
        // Declining twice is a conflict; another request still sees the profile.
        #expect(
            refusal { () throws(PeerlinkError) in
                try f.directory.prepareDecline(requestID: request, profileID: a, now: 0)
            }
                == .conflict("supporter \(a) is already declined for request \(request)", field: "supporter"))
        #expect(try match(f.request(), f).hits.map(\.card.profileID).contains(a))
    }

    @Test func inPersonRequestsRespectTheDistanceLimitAndOnlineOnesDoNot() throws {
        var f = PeerSupportFixture()
        let near = f.addNearbySupporter(personID: 10, km: 12)
        let far = f.addNearbySupporter(personID: 11, km: 60)
        let inPerson = try match(f.request(mode: .inPerson), f)
        #expect(inPerson.hits.map(\.card.profileID) == [near])
        #expect(inPerson.hits[0].reasons.contains("12 km"))
        #expect(reason(inPerson, far) == "60 km away, beyond the 40 km limit for in-person support")
        let online = try match(f.request(mode: .online), f)
        #expect(online.hits.count == 2)
        #expect(online.hits.allSatisfy { hit in !hit.components.contains { $0.name == "proximity" } })
    }

    @Test func aSupporterWithoutSpareCapacityIsNotOfferedUntilAnEngagementCloses() throws {
        var f = PeerSupportFixture()
        let s = f.addNearbySupporter(personID: 10, capacity: 1)
        let e = f.engagement(profileID: s)
        let request = f.request()
        #expect(reason(try match(request, f), s) == "no spare capacity: 1 of 1 engagements in progress")
        f.commit(try f.directory.prepareEngagementClose(engagementID: e, on: day, now: 0))
        #expect(try match(request, f).hits.map(\.card.profileID) == [s])
    }

    @Test func pausedAndRetiredSupportersAreNotOffered() throws {
        var f = PeerSupportFixture()
        let s = f.addNearbySupporter(personID: 10)
        f.commit(try f.directory.prepareSupporterUpdate(id: s, SupporterPatch(status: .paused), now: 0))
        #expect(reason(try match(f.request(), f), s) == "supporter \(s) is paused")
    }

    /// The profile's own page says whether a match may offer it today, with every reason it may not, in the
    /// words the match uses: status, each failed eligibility rule (not only the first), capacity.
    @Test func offerRefusalsListEveryHeadIndependentRuleInTheMatchsWords() throws {
        var f = PeerSupportFixture()
        let s = f.addNearbySupporter(personID: 10, capacity: 1)
        let profile = { f.directory.peerSupport.profiles[s]! }
        #expect(f.directory.supporterOfferRefusals(profile(), on: day).isEmpty)
        #expect(try match(f.request(), f).hits.map(\.card.profileID) == [s])

        _ = f.engagement(profileID: s)
        f.commit(
            try f.directory.prepareSupporterUpdate(
                id: s, SupporterPatch(status: .paused, coachingRecord: "", knowsLocalProcesses: false), now: 0))
        let reasons = f.directory.supporterOfferRefusals(profile(), on: day)
        #expect(
            reasons == [
                "supporter \(s) is paused",
                "not eligible: no coaching or mentoring record is recorded; describe the supporter's track record",
                "not eligible: knowledge of the authority's local processes is not confirmed",
                "no spare capacity: 1 of 1 engagements in progress",
            ])
        // The match removes the profile with the first of them.
        #expect(reason(try match(f.request(), f), s) == reasons[0])
        f.commit(try f.directory.prepareSupporterUpdate(id: s, SupporterPatch(status: .active), now: 0))
        #expect(reason(try match(f.request(), f), s) == "not eligible: no coaching or mentoring record is recorded; "
            + "describe the supporter's track record (and 1 more rule)")
    }

    // MARK: Scoring and order

    @Test func hitsAreRankedWithComponentScoresAndReasons() throws {
        var f = PeerSupportFixture()
        let best = f.addNearbySupporter(personID: 10, km: 10, skills: ["school-improvement", "wellbeing"])
        let second = f.addNearbySupporter(personID: 11, km: 30, skills: ["school-improvement"])
        let third = f.addNearbySupporter(personID: 12, km: 10, skills: ["teaching"], pupils: 1200)
        let request = f.request(concerns: ["school-improvement", "wellbeing", "finance-and-budget"], mode: .inPerson)
        let r = try match(request, f)
        #expect(r.hits.map(\.card.profileID) == [best, second, third])
        let top = r.hits[0]
        #expect(
            top.reasons == [
                "2 of 3 concerns covered", "same phase", "similar size (100–249 pupils)", "also rural",
                "same type (Local authority maintained schools)", "same religious character (Church of England)",
                "10 km", "2 of 2 places free", "different trust", "different federation",
            ])
        #expect(top.components.map(\.name) == ["coverage", "context", "proximity", "availability"])
        #expect(abs(top.components[0].score - 2.0 / 3.0) < 1e-9)
        #expect(abs(top.components[2].score - 0.75) < 1e-9)
        #expect(top.score > r.hits[1].score && r.hits[1].score > r.hits[2].score)
        #expect(r.hits[2].reasons.first == "0 of 3 concerns covered")
        // What the authority sends: context and offer, never the supporter's name or school.
        #expect(top.card.region == "South East")
        #expect(top.card.sizeBand == "100–249 pupils")
        #expect(top.card.isRural && !top.card.isFederation)
        #expect(top.card.phase == .primary)
        #expect(top.card.summary == "Led two schools out of requires improvement")
        #expect(top.card.skills == ["school-improvement", "wellbeing"])
    }

    @Test func aRelatedSkillCountsHalfAConcern() throws {
        var f = PeerSupportFixture()
        f.addNearbySupporter(personID: 10, skills: ["wellbeing"])
        let r = try match(f.request(concerns: ["safeguarding"]), f)
        #expect(r.hits[0].reasons.prefix(2) == ["0 of 1 concern covered", "1 more by a related skill"])
        #expect(r.hits[0].components[0].score == 0.5)
    }

    @Test func tiesBreakByProfileIDTheSameWayEveryTime() throws {
        var f = PeerSupportFixture()
        let ids = (10...14).map { f.addNearbySupporter(personID: Int64($0)) }
        let request = f.request()
        let first = try match(request, f)
        #expect(first.hits.map(\.card.profileID) == ids)
        #expect(try match(request, f) == first)
    }

    @Test func weightsCanBeOverriddenByName() throws {
        var f = PeerSupportFixture()
        // Covers the concern but lives 35 km away; the other is 2 km away with no matching skill.
        let covers = f.addNearbySupporter(personID: 10, km: 35, skills: ["school-improvement"])
        let close = f.addNearbySupporter(personID: 11, km: 2, skills: ["teaching"])
        let request = f.request(mode: .inPerson)
        #expect(try match(request, f).hits.map(\.card.profileID) == [covers, close])
        let proximityFirst = try SupporterMatchWeights().overriding(["proximity": 5, "coverage": 0.1])
        #expect(try match(request, f, weights: proximityFirst).hits.map(\.card.profileID) == [close, covers])
    }

    @Test func unknownOrNegativeWeightsAreRefused() {
        #expect(
            refusal { () throws(PeerlinkError) in try SupporterMatchWeights().overriding(["proximty": 1]) }
                == .badRequest(
                    "no weight named 'proximty' (weights are coverage, context, proximity, availability); did you mean "
                        + "'proximity'?", field: "weights"))
        #expect(
            refusal { () throws(PeerlinkError) in try SupporterMatchWeights().overriding(["context": -1]) }
                == .badRequest("weight context must be zero or more, got -1.0", field: "weights.context"))
        #expect(
            refusal { () throws(PeerlinkError) in
                try SupporterMatchWeights().overriding(["coverage": 0, "context": 0, "proximity": 0, "availability": 0])
            } == .badRequest("at least one weight must be above zero", field: "weights"))
    }

    @Test func onlyOpenRequestsAreMatched() throws {
        var f = PeerSupportFixture()
        let s = f.addNearbySupporter(personID: 10)
        let e = f.engagement(profileID: s)
        let request = f.directory.peerSupport.engagements[e]!.requestID
        #expect(
            refusal { () throws(PeerlinkError) in
                try f.directory.matchSupporters(SupporterMatchQuery(requestID: request, day: day))
            }
                == .conflict("support request \(request) is engaged; matching is for open requests", field: "request"))
    }

    /// Only the hits returned are explained (the rest are scored without reasons): asking for fewer gives exactly
    /// the first hits of asking for all, reasons and cards included, whatever the limit.
    @Test func theHitsReturnedDoNotDependOnTheLimit() throws {
        var f = PeerSupportFixture()
        for (i, km) in [12, 30, 5, 22, 12, 38, 17].enumerated() {
            let skills = i % 2 == 0 ? ["school-improvement", "wellbeing"] : ["teaching"]
            f.addNearbySupporter(personID: 20 + Int64(i), km: km, skills: skills, pupils: 150 + 60 * i)
        }
        let request = f.request(concerns: ["school-improvement", "wellbeing"], mode: .inPerson)
        func match(limit: Int) throws -> SupporterMatchResult {
            try f.directory.matchSupporters(
                SupporterMatchQuery(requestID: request, limit: limit, day: day, listExcluded: true))
        }
        let all = try match(limit: 20)
        #expect(all.hits.count == 7)
        for limit in 1...7 {
            let some = try match(limit: limit)
            #expect(some.hits == Array(all.hits.prefix(limit)))
            #expect(some.excluded == all.excluded && some.excludedCounts == all.excludedCounts)
        }
    }

    /// Religious character is compared ignoring case, spacing and punctuation, and "None" or "Does not apply"
    /// mean none (two schools with none count as alike); the reason shows the supporter's school's wording.
    @Test func religiousCharacterComparesFoldedAndNoneMeansNone() throws {
        func contextReasons(head: String?, supporter: String?) throws -> (reasons: [String], score: Double) {
            var f = PeerSupportFixture()
            var headSchool = try #require(f.directory.schools[f.headURN])
            headSchool.religiousCharacter = head
            f.commit(Change([headSchool]))
            let id = f.addSupporter(
                personID: 30,
                school: { f, urn in f.addSchool(urn, "Other", east: 460_000, north: 120_000, religion: supporter) })
            let request = f.request()
            let r = try f.directory.matchSupporters(SupporterMatchQuery(requestID: request, day: day))
            let hit = try #require(r.hits.first { $0.card.profileID == id })
            let context = try #require(hit.components.first { $0.name == "context" })
            return (context.reasons, context.score)
        }
        let same = try contextReasons(head: "Church of England", supporter: "church of  England")
        #expect(same.reasons.contains("same religious character (church of England)"))
        let none = try contextReasons(head: "Does not apply", supporter: nil)
        #expect(!none.reasons.contains { $0.hasPrefix("same religious character") })
        #expect(abs(none.score - same.score) < 1e-12)  // both count as alike
        let differ = try contextReasons(head: "None", supporter: "Roman Catholic")
        #expect(differ.score < same.score)
    }
}
