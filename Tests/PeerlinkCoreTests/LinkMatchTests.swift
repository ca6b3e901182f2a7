import PeerlinkCore
import Testing

/// A candidate that breaks exactly one hard constraint of DESIGN §4's link match.
enum LinkViolation: String, CaseIterable, Sendable {
    case fullCapacity, withdrawn, paused, noConsent, sameSchool, closedSchool, phaseMismatch, overDistance
    case modeMismatch

    var exclusion: LinkExclusion {
        switch self {
        case .fullCapacity: return .full
        case .withdrawn, .paused: return .notActive
        case .noConsent: return .noConsent
        case .sameSchool: return .sameSchool
        case .closedSchool: return .schoolClosed
        case .phaseMismatch: return .phase
        case .overDistance: return .distance
        case .modeMismatch: return .mode
        }
    }

    /// Adds the violating candidate to `world` and returns its nomination id.
    func add(to world: inout LinkWorld) throws -> Int64 {
        switch self {
        case .fullCapacity:
            let v = world.nominee(capacity: 1)
            let other = world.addSchool(eastKm: 3)
            try world.link(from: other, to: v.nomination)
            return v.nomination
        case .withdrawn:
            let v = world.nominee()
            world.apply(try world.directory.prepareNominationWithdraw(id: v.nomination, now: LinkWorld.now))
            return v.nomination
        case .paused:
            let v = world.nominee()
            world.apply(
                try world.directory.prepareNominationUpdate(
                    id: v.nomination, NominationPatch(status: .paused), now: LinkWorld.now))
            return v.nomination
        case .noConsent:
            let urn = world.addSchool()
            return world.nominate(at: urn, consent: false)
        case .sameSchool:
            return world.nominate(at: LinkWorld.requester)
        case .closedSchool:
            let v = world.nominee()
            world.addSchool(urn: v.urn, status: .closed)
            return v.nomination
        case .phaseMismatch:
            return world.nominee(phase: .primary).nomination
        case .overDistance:
            return world.nominee(eastKm: 60).nomination
        case .modeMismatch:
            return world.nominee(modes: [.online]).nomination
        }
    }
}

struct LinkMatchTests {
    // MARK: Hard constraints

    @Test(arguments: LinkViolation.allCases)
    func hardConstraintRemovesCandidate(_ violation: LinkViolation) throws {
        var world = LinkWorld()
        let control = world.nominee(eastKm: 10).nomination
        let violating = try violation.add(to: &world)

        let match = try world.match(mode: .inPerson, maxKm: 50)
        #expect(match.hits.map(\.nomination.id) == [control])
        #expect(!match.hits.contains { $0.nomination.id == violating })
        #expect(match.excluded == [violation.exclusion: 1])
        #expect(match.considered == 2)
    }

    @Test func crossPhaseKeepsAnIncompatiblePhase() throws {
        var world = LinkWorld()
        let primary = world.nominee(phase: .primary).nomination
        #expect(try world.ranked().isEmpty)

        let match = try world.match(crossPhase: true)
        #expect(match.hits.map(\.nomination.id) == [primary])
        #expect(match.hits[0].reasons.contains("different phase (primary)"))
    }

    @Test func distanceLimitWithAnyModeKeepsFarNomineesWhoWorkOnline() throws {
        var world = LinkWorld()
        let near = world.nominee(eastKm: 5, modes: [.inPerson]).nomination
        let farOnline = world.nominee(eastKm: 80).nomination
        let farInPersonOnly = world.nominee(eastKm: 80, modes: [.inPerson]).nomination

        let any = try world.match(mode: .any, maxKm: 20)
        #expect(Set(any.hits.map(\.nomination.id)) == [near, farOnline])
        #expect(any.excluded == [.distance: 1])
        #expect(!any.hits.contains { $0.nomination.id == farInPersonOnly })
        #expect(try world.ranked(mode: .inPerson, maxKm: 20) == [near])
        #expect(try world.ranked(mode: .online, maxKm: 20) == [farOnline])
    }

    @Test func distanceLimitNeedsTheRequestersGridReference() throws {
        var world = LinkWorld()
        world.addSchool(urn: LinkWorld.requester, eastKm: nil)
        _ = world.nominee()
        let error = LinkWorld.thrown { () throws(PeerlinkError) in try world.match(mode: .inPerson, maxKm: 10) }
        #expect(error?.code == .badRequest)
        #expect(error?.field == "max_km")
    }

    // MARK: Scored components

    @Test func exactAreaBeatsRelatedArea() throws {
        var world = LinkWorld()
        let related = world.nominee(areas: ["science"]).nomination
        let exact = world.nominee(areas: ["physics"]).nomination
        let both = world.nominee(areas: ["biology", "physics"]).nomination

        #expect(try world.ranked(area: "physics") == [exact, both])
        let match = try world.match(area: "physics", related: true)
        #expect(match.hits.map(\.nomination.id) == [exact, both, related])
        #expect(match.considered == 3)  // `both` names two searched areas but counts once, as exact
        #expect(match.relatedAreas == ["biology", "science"])
        #expect(match.hits[0].scores.expertise == 1)
        #expect(match.hits[0].reasons.first == "covers Physics")
        #expect(match.hits[2].isRelated)
        #expect(match.hits[2].areaID == "science")
        #expect(match.hits[2].scores.expertise == 0.5)
        #expect(match.hits[2].reasons.first == "related area: Science")
        #expect(match.hits[2].strength == "Strong in science")
    }

    @Test func relatedIncludesParentSiblingsAndChildren() throws {
        let world = LinkWorld()
        let physics = try #require(world.directory.areas["physics"])
        let science = try #require(world.directory.areas["science"])
        #expect(world.directory.relatedAreaIDs(of: physics) == ["biology", "science"])
        #expect(world.directory.relatedAreaIDs(of: science) == ["biology", "physics"])
    }

    @Test func differentTrustBeatsSameTrust() throws {
        var world = LinkWorld()
        let same = world.nominee(trust: "Alpha Trust").nomination
        let different = world.nominee(trust: "Beta Trust").nomination

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [different, same])
        #expect(match.hits[0].reasons.contains("different trust"))
        #expect(match.hits[1].reasons.contains("same trust (Alpha Trust)"))
        #expect(match.hits[0].scores.novelty > match.hits[1].scores.novelty)
    }

    @Test func closerBeatsFartherOnlyWhenInPerson() throws {
        var world = LinkWorld()
        let far = world.nominee(eastKm: 30).nomination
        let near = world.nominee(eastKm: 5).nomination

        let inPerson = try world.match(mode: .inPerson)
        #expect(inPerson.hits.map(\.nomination.id) == [near, far])
        #expect(inPerson.hits[0].reasons.contains("5.0 km"))
        #expect(inPerson.hits[1].reasons.contains("30 km"))
        #expect(inPerson.hits[0].distanceMetres == 5_000)

        let online = try world.match(mode: .online)
        #expect(online.hits.map(\.nomination.id) == [far, near])  // equal scores: by nomination id
        #expect(online.hits.allSatisfy { $0.scores.proximity == 0 })
        #expect(!online.hits[0].reasons.contains("30 km"))
    }

    @Test func spareCapacityBeatsLessWhenAllElseIsEqual() throws {
        var world = LinkWorld()
        let busy = world.nominee().nomination
        let free = world.nominee().nomination
        let other = world.addSchool(eastKm: 10, trust: "Gamma Trust")
        try world.link(from: other, to: busy)

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [free, busy])
        #expect(match.hits[0].reasons.contains("2 of 2 places free"))
        #expect(match.hits[1].reasons.contains("1 of 2 places free"))
        #expect(match.hits[1].scores.availability == 0.5)
        #expect(match.hits[1].openLinks == 1)
    }

    @Test func anEarlierLinkLowersNovelty() throws {
        var world = LinkWorld()
        let linkedBefore = world.nominee().nomination
        let fresh = world.nominee().nomination
        try world.close(try world.link(to: linkedBefore))

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [fresh, linkedBefore])
        #expect(match.hits[0].reasons.contains("no earlier link"))
        #expect(match.hits[1].reasons.contains("linked once before"))
        #expect(match.hits[1].reasons.contains("2 of 2 places free"))  // closed: capacity is back
    }

    @Test func aSharedNetworkCountsAsUsuallyLinked() throws {
        var world = LinkWorld()
        let inNetwork = world.nominee()
        let outside = world.nominee().nomination
        let (change, _) = try world.directory.prepareNetwork(
            name: "North Group", urns: [LinkWorld.requester, inNetwork.urn], ids: &world.ids, now: LinkWorld.now)
        world.apply(change)

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [outside, inNetwork.nomination])
        #expect(match.hits[1].reasons.contains("same network (North Group)"))
        #expect(match.hits[1].scores.novelty == 0.5)
        #expect(match.hits[0].scores.novelty == 1)
    }

    @Test func aSharedFederationCountsAsUsuallyLinked() throws {
        var world = LinkWorld()
        world.addSchool(urn: LinkWorld.requester, eastKm: 0, federation: "Downs Federation")
        let federated = world.addSchool(federation: "Downs Federation")
        let inFederation = world.nominate(at: federated)
        let outside = world.nominee().nomination

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [outside, inFederation])
        #expect(match.hits[1].reasons.contains("same federation (Downs Federation)"))
    }

    @Test func samePhaseAndSizeBeatCompatibleOnes() throws {
        var world = LinkWorld()
        let allThrough = world.nominee(phase: .allThrough).nomination
        let smaller = world.nominate(at: world.addSchool(pupils: 120))
        let alike = world.nominee().nomination

        let match = try world.match()
        #expect(match.hits.map(\.nomination.id) == [alike, allThrough, smaller])
        #expect(match.hits[0].reasons.contains("same phase"))
        #expect(match.hits[0].reasons.contains("similar size"))
        #expect(match.hits[0].reasons.contains("both urban"))
        #expect(match.hits[0].reasons.contains("same type (Academies)"))
        #expect(match.hits[1].reasons.contains("compatible phase (all-through)"))
        #expect(!match.hits[2].reasons.contains("similar size"))
    }

    @Test func reasonsSayWhyInShortPhrases() throws {
        var world = LinkWorld()
        let n = world.nominee(eastKm: 12, trust: "Beta Trust").nomination
        try world.link(from: world.addSchool(eastKm: 40), to: n)

        let hit = try #require(try world.match(mode: .inPerson).hits.first)
        for phrase in ["covers Mathematics", "same phase", "12 km", "different trust", "no earlier link",
            "1 of 2 places free"]
        {
            #expect(hit.reasons.contains(phrase), "missing '\(phrase)' in \(hit.reasons)")
        }
        #expect(world.directory.people[hit.nomination.personID]?.role == "Head of Department")
        #expect(world.directory.schools[hit.schoolURN]?.trust == "Beta Trust")
        #expect(abs(hit.total - hit.scores.total(LinkWeights.defaults)) < 1e-12)
    }

    @Test func weightOverrideChangesTheOrder() throws {
        var world = LinkWorld()
        let nearSameTrust = world.nominee(eastKm: 2, trust: "Alpha Trust").nomination
        let farDifferentTrust = world.nominee(eastKm: 40, trust: "Beta Trust").nomination

        #expect(try world.ranked(mode: .inPerson) == [farDifferentTrust, nearSameTrust])
        let heavy = try world.match(mode: .inPerson, weights: ["proximity": 10])
        #expect(heavy.hits.map(\.nomination.id) == [nearSameTrust, farDifferentTrust])
        #expect(heavy.weights.proximity == 10)
        #expect(heavy.weights.novelty == LinkWeights.defaults.novelty)

        let configured = LinkWeights(expertise: 3, context: 1, proximity: 10, novelty: 1.5, availability: 1)
        let fromConfig = try world.directory.matchLinks(
            LinkQuery(urn: LinkWorld.requester, area: "mathematics", mode: .inPerson), defaults: configured)
        #expect(fromConfig.hits.map(\.nomination.id) == [nearSameTrust, farDifferentTrust])
    }

    @Test func tiesBreakByNominationIDAndLimitKeepsTheBest() throws {
        var world = LinkWorld()
        let twins = (0..<5).map { _ in world.nominee().nomination }
        #expect(try world.ranked() == twins)  // identical scores: ascending nomination id, every time
        #expect(try world.ranked() == twins)

        let closer = world.nominee(eastKm: 1).nomination  // newest id, but nearest
        let top = try world.match(mode: .inPerson, limit: 3)
        #expect(top.hits.map(\.nomination.id) == [closer] + twins.prefix(2))
    }

    // MARK: Errors

    @Test func unknownAreaSuggestsTheNearest() throws {
        let world = LinkWorld()
        let error = try #require(LinkWorld.thrown { () throws(PeerlinkError) in try world.match(area: "mathematic") })
        #expect(error.code == .notFound)
        #expect(error.field == "area")
        #expect(error.message.contains("no area 'mathematic'; did you mean 'mathematics'?"))
    }

    @Test func unknownURNSuggestsTheNearest() throws {
        let world = LinkWorld()
        let error = try #require(LinkWorld.thrown { () throws(PeerlinkError) in try world.match(urn: 100_010) })
        #expect(error.code == .notFound)
        #expect(error.field == "urn")
        #expect(error.message.contains("no school with URN 100010; did you mean 100001 (Requesting Academy)?"))
    }

    @Test func closedRequesterIsRefused() throws {
        var world = LinkWorld()
        world.addSchool(urn: LinkWorld.requester, eastKm: 0, status: .closed)
        let error = LinkWorld.thrown { () throws(PeerlinkError) in try world.match() }
        #expect(error?.code == .conflict)
    }

    @Test func badLimitsAndWeightsAreRefused() throws {
        let world = LinkWorld()
        #expect(LinkWorld.thrown { () throws(PeerlinkError) in try world.match(limit: 0) }?.field == "limit")
        #expect(LinkWorld.thrown { () throws(PeerlinkError) in try world.match(maxKm: -1) }?.field == "max_km")
        let unknown = try #require(
            LinkWorld.thrown { () throws(PeerlinkError) in try world.match(weights: ["novelity": 2]) })
        #expect(unknown.code == .badRequest)
        #expect(unknown.message.contains("no weight named 'novelity'; did you mean 'novelty'?"))
        let negative = LinkWorld.thrown { () throws(PeerlinkError) in try world.match(weights: ["context": -1]) }
        #expect(negative?.code == .badRequest)
    }
}

struct LinkWeightsTests {
    @Test func namesMapToComponents() throws {
        var w = LinkWeights.defaults
        for (i, name) in LinkWeights.names.enumerated() {
            try w.set(name, to: Double(10 + i))
            #expect(w[name] == Double(10 + i))
        }
        #expect(w == LinkWeights(expertise: 10, context: 11, proximity: 12, novelty: 13, availability: 14))
        #expect(w["speed"] == nil)
    }

    @Test func parsesCommandLineAssignments() throws {
        let parsed = try LinkWeights.parseAssignment("Novelty = 2.5")
        #expect(parsed.name == "novelty")
        #expect(parsed.value == 2.5)
        #expect(LinkWorld.thrown { () throws(PeerlinkError) in try LinkWeights.parseAssignment("novelty") } != nil)
        #expect(LinkWorld.thrown { () throws(PeerlinkError) in try LinkWeights.parseAssignment("novelty=lots") } != nil)
        let unknown = LinkWorld.thrown { () throws(PeerlinkError) in try LinkWeights.parseAssignment("proximty=1") }
        #expect(unknown?.message.contains("did you mean 'proximity'?") == true)
    }
}
