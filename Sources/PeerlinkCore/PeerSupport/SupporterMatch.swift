/// How much each scored component counts in a supporter match (DESIGN §4). Defaults come from configuration;
/// a query may override any of them by name.
public struct SupporterMatchWeights: Sendable, Equatable {
    public static let names = ["coverage", "context", "proximity", "availability"]

    public var coverage: Double
    public var context: Double
    /// Used for in-person requests only.
    public var proximity: Double
    public var availability: Double

    public init(coverage: Double = 0.4, context: Double = 0.25, proximity: Double = 0.15, availability: Double = 0.2) {
        self.coverage = coverage
        self.context = context
        self.proximity = proximity
        self.availability = availability
    }

    /// These weights with `overrides` (name → weight) applied. Throws naming an unknown or negative weight,
    /// or when every weight would be zero.
    public func overriding(_ overrides: [String: Double]) throws(PeerlinkError) -> SupporterMatchWeights {
        var w = self
        for name in overrides.keys.sorted() {
            let value = overrides[name]!
            guard value >= 0, value.isFinite else {
                throw .badRequest("weight \(name) must be zero or more, got \(value)", field: "weights.\(name)")
            }
            switch name {
            case "coverage": w.coverage = value
            case "context": w.context = value
            case "proximity": w.proximity = value
            case "availability": w.availability = value
            default:
                throw .badRequest(
                    "no weight named '\(name)' (weights are \(Self.names.joined(separator: ", ")))"
                        + Text.didYouMean(Text.suggestions(for: name, among: Self.names)), field: "weights")
            }
        }
        guard w.coverage + w.context + w.proximity + w.availability > 0 else {
            throw .badRequest("at least one weight must be above zero", field: "weights")
        }
        return w
    }

    func weight(_ name: String) -> Double {
        switch name {
        case "coverage": return coverage
        case "context": return context
        case "proximity": return proximity
        default: return availability
        }
    }
}

/// What a supporter match is asked.
public struct SupporterMatchQuery: Sendable {
    public static let defaultMaxDistanceKm = 40.0
    public static let defaultLimit = 5

    public var requestID: Int64
    /// Also refuse supporters in the head's own local authority.
    public var strictLA: Bool
    /// In-person requests only: the furthest a supporter's school may be from the head's.
    public var maxDistanceKm: Double
    public var limit: Int
    public var weights: SupporterMatchWeights
    /// The day eligibility is judged on (today, from the caller's clock).
    public var day: Day

    public init(
        requestID: Int64, strictLA: Bool = false, maxDistanceKm: Double = SupporterMatchQuery.defaultMaxDistanceKm,
        limit: Int = SupporterMatchQuery.defaultLimit, weights: SupporterMatchWeights = SupporterMatchWeights(),
        day: Day
    ) {
        self.requestID = requestID
        self.strictLA = strictLA
        self.maxDistanceKm = maxDistanceKm
        self.limit = limit
        self.weights = weights
        self.day = day
    }
}

/// One scored part of a hit: the raw score (0…1), the weight it carried, and why.
public struct ScoreComponent: Sendable, Equatable {
    public var name: String
    public var score: Double
    public var weight: Double
    public var reasons: [String]
}

/// The profile the authority sends to a head (DESIGN §1.2): the context of the supporter's school and what
/// they offer, without their name or school, so the head chooses on substance; the chosen supporter makes
/// contact.
public struct SupporterProfileCard: Sendable, Equatable {
    public var profileID: Int64
    public var region: String
    public var pupils: Int?
    /// "250–499 pupils", or "size not recorded".
    public var sizeBand: String
    /// The register's establishment type ("Community school", "Academy converter").
    public var schoolType: String
    public var typeGroup: String
    public var isFederation: Bool
    public var isRural: Bool
    public var phase: Phase
    public var religiousCharacter: String?
    public var summary: String
    /// Area ids, as on the profile.
    public var skills: [String]
    public var regionsServed: [String]
}

public struct SupporterMatchHit: Sendable, Equatable {
    public var card: SupporterProfileCard
    /// Weighted mean of the applicable components, 0…1.
    public var score: Double
    public var components: [ScoreComponent]
    /// Every component's reasons, then independence, in that order ("2 of 3 concerns covered", "same phase",
    /// "12 km", "1 of 2 places free", "different trust").
    public var reasons: [String]
    /// Kilometres between the schools, when both have grid references.
    public var distanceKm: Double?
}

/// A supporter a hard constraint removed, and which (for the admin who runs the match; never sent to a head).
public struct SupporterExclusion: Sendable, Equatable {
    public var profileID: Int64
    public var reason: String

    public init(profileID: Int64, reason: String) {
        self.profileID = profileID
        self.reason = reason
    }
}

public struct SupporterMatchResult: Sendable, Equatable {
    public var requestID: Int64
    /// Best first; ties broken by coverage, then profile id.
    public var hits: [SupporterMatchHit]
    /// In profile id order.
    public var excluded: [SupporterExclusion]
}

extension Directory {
    /// Ranks supporters for a support request (DESIGN §4). Hard constraints remove a supporter (eligible on
    /// `query.day`, active, spare capacity, independent of the head, not declined for this request, within the
    /// distance limit when in person); the rest are scored on concern coverage, context similarity, proximity
    /// (in person only) and availability.
    public func matchSupporters(_ query: SupporterMatchQuery) throws(PeerlinkError) -> SupporterMatchResult {
        let request = try requireSupportRequest(query.requestID, field: "request")
        guard request.status == .open else {
            throw .conflict(
                "support request \(request.id) is \(request.status.rawValue); matching is for open requests",
                field: "request")
        }
        guard (1...100).contains(query.limit) else {
            throw .badRequest("limit must be between 1 and 100, got \(query.limit)", field: "limit")
        }
        guard query.maxDistanceKm > 0, query.maxDistanceKm <= 2000 else {
            throw .badRequest(
                "the distance limit must be above zero and at most 2000 kilometres", field: "max_distance_km")
        }
        let head = try requirePerson(request.headID, field: "request")
        let headSchool = try requireSchool(head.urn, field: "request")

        // Every supporter is checked against the hard rules (the reply lists each one a rule removes, with its
        // reason) and scored, but only the hits returned are explained. The per-supporter work reads the link
        // index's compact school features (trust, federation, type group and religious character as interned ids,
        // rural or not) instead of folding those names for every supporter, and scores without building the
        // components; `SupporterMatchReferenceTests` holds the result to the full evaluation it replaced.
        //
        // The tables are read through local copies taken once (one retain each): reaching them through the
        // directory's accessors inside the loop copied the whole peer support book, every table retained and
        // released, for each supporter.
        let book = peerSupport, people = self.people, schools = self.schools, links = self.links
        let headContext = SchoolContext(headSchool)
        let headFeatures = links.knownFeatures(of: headSchool.urn)
        let fastHead = headFeatures.map { SchoolContext(headSchool, $0) }
        let coverage = CoverageRule(request: request, in: self)
        let limitText = Directory.km(query.maxDistanceKm)
        let rules = SupporterRules(book: book, register: register, declined: book.declines[request.id])
        var scored: [(profileID: Int64, score: Double, coverage: Double, distanceKm: Double?)] = []
        var excluded: [SupporterExclusion] = []
        excluded.reserveCapacity(book.profileIDs.count)
        for profileID in book.profileIDs {
            let profile = book.profiles[profileID]!
            let person = people[profile.personID]
            let school = person.flatMap { schools[$0.urn] }
            let features = school.flatMap { links.knownFeatures(of: $0.urn) }
            if let reason = rules.refusal(
                profile, person: person, school: school, request: request, head: head, headSchool: headSchool,
                strictLA: query.strictLA, day: query.day, features: (headFeatures, features))
            {
                excluded.append(SupporterExclusion(profileID: profile.id, reason: reason))
                continue
            }
            // The rules return a reason whenever person or school is missing.
            let supporterSchool = school!
            let distanceKm = headSchool.distanceMetres(to: supporterSchool).map { $0 / 1000 }
            if request.mode == .inPerson {
                guard let d = distanceKm else {
                    excluded.append(
                        SupporterExclusion(
                            profileID: profile.id,
                            reason: "no grid reference for one of the schools, so the distance for an in-person "
                                + "request is unknown"))
                    continue
                }
                if d > query.maxDistanceKm {
                    excluded.append(
                        SupporterExclusion(
                            profileID: profile.id,
                            reason: "\(Directory.km(d)) away, beyond the \(limitText) limit for in-person support"))
                    continue
                }
            }
            // Both contexts from the features, or both from the records (a school not yet put has no features).
            let pair: (SchoolContext, SchoolContext)
            if let fastHead, let features {
                pair = (fastHead, SchoolContext(supporterSchool, features))
            } else {
                pair = (headContext, SchoolContext(supporterSchool))
            }
            let c = coverage.score(profile.skills)
            let score = Directory.supporterScore(
                profile, inUse: book.activeEngagementCount(profileID: profile.id), request: request, coverage: c,
                head: pair.0, school: pair.1, distanceKm: distanceKm, query: query)
            scored.append((profile.id, score, c, distanceKm))
        }
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.coverage != b.coverage { return a.coverage > b.coverage }
            return a.profileID < b.profileID
        }
        let hits = scored.prefix(query.limit).map { best in
            let profile = peerSupport.profiles[best.profileID]!
            let school = schools[people[profile.personID]!.urn]!
            return explainedHit(
                profile, school: school, request: request, head: headContext, headSchool: headSchool,
                distanceKm: best.distanceKm, query: query)
        }
        return SupporterMatchResult(requestID: request.id, hits: hits, excluded: excluded)
    }

    /// Every rule that keeps `profile` from being offered to any head on `day`, in the order a match checks them:
    /// its status, each eligibility rule it fails (all of them, not only the first), and its capacity. Empty when
    /// a match may offer the supporter; it still checks, per head, independence (never the head's own school,
    /// trust or federation; optionally not their local authority), the head's declines and the distance limit.
    public func supporterOfferRefusals(_ profile: SupporterProfile, on day: Day) -> [String] {
        var reasons: [String] = []
        if let r = SupporterRules.statusRefusal(profile, anonymous: false) { reasons.append(r) }
        reasons += supporterEligibility(profile, on: day).map { "not eligible: \($0)" }
        if let r = SupporterRules.capacityRefusal(
            profile, inUse: peerSupport.activeEngagementCount(profileID: profile.id), anonymous: false)
        {
            reasons.append(r)
        }
        return reasons
    }

    /// Why `profile` cannot be offered for `request`, or nil when every hard constraint but distance holds.
    /// Engagement start uses the same rules, so a supporter the match would refuse cannot be engaged either.
    /// `anonymous` words the rule without naming or describing the supporter (their name, years of headship,
    /// school, trust, engagements), for a head: errors are scoped like the data (DESIGN §7).
    func supporterRefusal(
        _ profile: SupporterProfile, person: Person?, school: School?, request: SupportRequest, head: Person,
        headSchool: School, strictLA: Bool, day: Day, anonymous: Bool = false,
        features: (SchoolFeatures?, SchoolFeatures?) = (nil, nil)
    ) -> String? {
        let book = peerSupport
        return SupporterRules(book: book, register: register, declined: book.declines[request.id]).refusal(
            profile, person: person, school: school, request: request, head: head, headSchool: headSchool,
            strictLA: strictLA, day: day, anonymous: anonymous, features: features)
    }

    /// The hard constraints on a supporter, over the tables they read, taken once per match.
    struct SupporterRules {
        let book: PeerSupportBook
        let register: RegisterBook
        /// The profiles the head declined for the request.
        let declined: Set<Int64>?

        /// As `Directory.supporterRefusal`.
        func refusal(
            _ profile: SupporterProfile, person: Person?, school: School?, request: SupportRequest, head: Person,
            headSchool: School, strictLA: Bool, day: Day, anonymous: Bool = false,
            features: (SchoolFeatures?, SchoolFeatures?) = (nil, nil)
        ) -> String? {
            if let reason = Self.statusRefusal(profile, anonymous: anonymous) { return reason }
            // Only the first failure is written: the reply shows it and how many more there are.
            if let (first, count) = profile.firstEligibilityFailure(
                on: day, person: person, school: school, register: register)
            {
                if anonymous { return "the supporter does not meet the eligibility rules for peer supporters" }
                let more = count > 1 ? " (and \(count - 1) more rule\(count > 2 ? "s" : ""))" : ""
                return "not eligible: \(first)\(more)"
            }
            if let reason = Self.capacityRefusal(
                profile, inUse: book.activeEngagementCount(profileID: profile.id), anonymous: anonymous)
            {
                return reason
            }
            if let person, let school {
                let reason: String?
                if let h = features.0, let f = features.1 {
                    reason = Directory.independenceRefusal(
                        head: head, headSchool: headSchool, headFeatures: h, supporter: person,
                        supporterSchool: school, supporterFeatures: f, strictLA: strictLA)
                } else {
                    reason = Directory.independenceRefusal(
                        head: head, headSchool: headSchool, supporter: person, supporterSchool: school,
                        strictLA: strictLA)
                }
                if let reason {
                    return anonymous
                        ? "the supporter is not independent of your school (the same school, trust or federation"
                            + (strictLA ? ", or the same local authority)" : ")")
                        : reason
                }
            }
            if declined?.contains(profile.id) == true {
                return "the head declined this supporter for request \(request.id)"
            }
            return nil
        }

        /// A supporter who is paused or retired is offered to no head.
        static func statusRefusal(_ profile: SupporterProfile, anonymous: Bool) -> String? {
            guard profile.status != .active else { return nil }
            return anonymous
                ? "the supporter is not taking engagements now" : "supporter \(profile.id) is \(profile.status.rawValue)"
        }

        /// A supporter with `inUse` engagements in progress and no place left is offered to no head.
        static func capacityRefusal(_ profile: SupporterProfile, inUse: Int, anonymous: Bool) -> String? {
            guard inUse >= profile.capacity else { return nil }
            return anonymous
                ? "the supporter has no free place now"
                : "no spare capacity: \(inUse) of \(profile.capacity) engagements in progress"
        }
    }

    /// `independenceRefusal` with the trusts and federations compared by the link index's interned ids: an id is
    /// 0 exactly when `Text.foldKey` of the name is empty (or there is none) and equal exactly when the folded
    /// names are, which is what `same` compares.
    static func independenceRefusal(
        head: Person, headSchool: School, headFeatures h: SchoolFeatures, supporter: Person, supporterSchool: School,
        supporterFeatures f: SchoolFeatures, strictLA: Bool
    ) -> String? {
        if supporter.id == head.id { return "the supporter is the head themself" }
        if supporterSchool.urn == headSchool.urn {
            return "not independent: the supporter works at the head's own school (\(headSchool.name))"
        }
        if h.trust != 0, h.trust == f.trust, let t = headSchool.trust {
            return "not independent: both schools are in the same trust (\(t))"
        }
        if h.federation != 0, h.federation == f.federation, let fed = headSchool.federation {
            return "not independent: both schools are in the same federation (\(fed))"
        }
        if strictLA && headSchool.laCode == supporterSchool.laCode {
            return "not independent: both schools are in the same local authority (\(headSchool.laName)), "
                + "which a strict-LA match refuses"
        }
        return nil
    }

    /// Why the supporter is not independent of the head (DESIGN §1.3), or nil when they are: never the same
    /// person or school, never the same trust or federation, and with `strictLA` never the same authority.
    public static func independenceRefusal(
        head: Person, headSchool: School, supporter: Person, supporterSchool: School, strictLA: Bool
    ) -> String? {
        if supporter.id == head.id { return "the supporter is the head themself" }
        if supporterSchool.urn == headSchool.urn {
            return "not independent: the supporter works at the head's own school (\(headSchool.name))"
        }
        if let t = Directory.same(headSchool.trust, supporterSchool.trust) {
            return "not independent: both schools are in the same trust (\(t))"
        }
        if let f = Directory.same(headSchool.federation, supporterSchool.federation) {
            return "not independent: both schools are in the same federation (\(f))"
        }
        if strictLA && headSchool.laCode == supporterSchool.laCode {
            return "not independent: both schools are in the same local authority (\(headSchool.laName)), "
                + "which a strict-LA match refuses"
        }
        return nil
    }

    /// `weightedScore(supporterComponents(…))` without building the components: the same sums in the same order,
    /// so the same `Double`.
    /// `inUse` is the supporter's active engagement count.
    private static func supporterScore(
        _ profile: SupporterProfile, inUse: Int, request: SupportRequest, coverage: Double, head: SchoolContext,
        school: SchoolContext, distanceKm: Double?, query: SupporterMatchQuery
    ) -> Double {
        let w = query.weights
        let context = Directory.contextPoints(head, school) / 7
        let availability = Double(profile.capacity - inUse) / Double(profile.capacity)
        var total = 0.0, sum = 0.0
        total += w.coverage
        sum += w.coverage * coverage
        total += w.context
        sum += w.context * context
        if request.mode == .inPerson, let d = distanceKm {
            total += w.proximity
            sum += w.proximity * max(0, 1 - d / query.maxDistanceKm)
        }
        total += w.availability
        sum += w.availability * availability
        // `weightedScore` adds from zero: (0 + a) + b … is the same as a + b … in floating point.
        return total > 0 ? sum / total : 0
    }

    /// Concern coverage worked out once per match: for each area a skill may name, which concerns it covers
    /// exactly and which it is related to, as bits (concern k is bit k), so a supporter's coverage is one lookup
    /// per skill instead of a set lookup per skill per concern.
    struct CoverageRule {
        var concerns: [String]
        /// Area id → (concerns equal to it, concerns it is related to).
        var masks: [String: (exact: UInt64, related: UInt64)] = [:]
        /// For requests with more than 64 concerns (none are made, but nothing forbids one): the related areas of
        /// each concern, as `supporterComponents` checks them.
        var related: [Set<String>] = []
        var usesMasks: Bool

        init(request: SupportRequest, in d: Directory) {
            concerns = request.concerns
            let relatedSets = request.concerns.map { c in Set(d.areas.keys.filter { d.areasRelated($0, c) }) }
            usesMasks = concerns.count <= 64
            guard usesMasks else {
                related = relatedSets
                return
            }
            for (k, concern) in concerns.enumerated() {
                let bit = UInt64(1) << UInt64(k)
                masks[concern, default: (0, 0)].exact |= bit
                for area in relatedSets[k] { masks[area, default: (0, 0)].related |= bit }
            }
        }

        /// As `supporterComponents` scores coverage: an exact skill counts 1, a related one ½ (only for a
        /// concern no skill covers exactly).
        func score(_ skills: [String]) -> Double {
            var exact = 0, relatedCount = 0
            if usesMasks {
                var exactBits: UInt64 = 0, relatedBits: UInt64 = 0
                for skill in skills {
                    guard let m = masks[skill] else { continue }
                    exactBits |= m.exact
                    relatedBits |= m.related
                }
                exact = exactBits.nonzeroBitCount
                relatedCount = (relatedBits & ~exactBits).nonzeroBitCount
            } else {
                for (k, concern) in concerns.enumerated() {
                    if skills.contains(concern) {
                        exact += 1
                    } else if skills.contains(where: { related[k].contains($0) }) {
                        relatedCount += 1
                    }
                }
            }
            let n = max(1, concerns.count)
            return (Double(exact) + 0.5 * Double(relatedCount)) / Double(n)
        }
    }

    /// The scored components of a supporter for a request, in order: coverage (always first), context,
    /// proximity (in person only), availability. Reasons are written only when `explaining` gives the
    /// supporter's school; the scores are the same either way.
    func supporterComponents(
        _ profile: SupporterProfile, request: SupportRequest, head: SchoolContext, school: SchoolContext,
        distanceKm: Double?, query: SupporterMatchQuery, explaining supporterSchool: School?
    ) -> [ScoreComponent] {
        let explain = supporterSchool != nil
        var components: [ScoreComponent] = []
        components.reserveCapacity(4)

        // Concern coverage: an exact skill counts 1, a related one (theme ↔ its standard, sibling themes) ½.
        var exact = 0, related = 0
        for concern in request.concerns {
            if profile.skills.contains(concern) {
                exact += 1
            } else if profile.skills.contains(where: { areasRelated($0, concern) }) {
                related += 1
            }
        }
        let n = max(1, request.concerns.count)
        var coverageReasons: [String] = []
        if explain {
            coverageReasons.append(
                "\(exact) of \(request.concerns.count) concern\(request.concerns.count == 1 ? "" : "s") covered")
            if related > 0 { coverageReasons.append("\(related) more by a related skill") }
        }
        components.append(
            ScoreComponent(
                name: "coverage", score: (Double(exact) + 0.5 * Double(related)) / Double(n),
                weight: query.weights.coverage, reasons: coverageReasons))

        components.append(
            Directory.contextSimilarity(head, school, weight: query.weights.context, explaining: supporterSchool))

        if request.mode == .inPerson, let d = distanceKm {
            components.append(
                ScoreComponent(
                    name: "proximity", score: max(0, 1 - d / query.maxDistanceKm), weight: query.weights.proximity,
                    reasons: explain ? [Directory.km(d)] : []))
        }

        let inUse = peerSupport.activeEngagementCount(profileID: profile.id)
        let free = profile.capacity - inUse
        components.append(
            ScoreComponent(
                name: "availability", score: Double(free) / Double(profile.capacity),
                weight: query.weights.availability,
                reasons: explain ? ["\(free) of \(profile.capacity) places free"] : []))
        return components
    }

    /// The weighted mean of the components, 0…1 (0 when every weight is 0).
    static func weightedScore(_ components: [ScoreComponent]) -> Double {
        let totalWeight = components.reduce(0) { $0 + $1.weight }
        return totalWeight > 0 ? components.reduce(0) { $0 + $1.weight * $1.score } / totalWeight : 0
    }

    /// A hit as the reply shows it: the scores with their reasons, the independence notes, and the card.
    func explainedHit(
        _ profile: SupporterProfile, school: School, request: SupportRequest, head: SchoolContext, headSchool: School,
        distanceKm: Double?, query: SupporterMatchQuery
    ) -> SupporterMatchHit {
        let components = supporterComponents(
            profile, request: request, head: head, school: SchoolContext(school), distanceKm: distanceKm,
            query: query, explaining: school)
        var reasons = components.flatMap(\.reasons)
        if headSchool.trust != nil { reasons.append("different trust") }
        if headSchool.federation != nil { reasons.append("different federation") }
        if query.strictLA { reasons.append("different local authority") }

        let card = SupporterProfileCard(
            profileID: profile.id, region: school.region, pupils: school.pupils,
            sizeBand: Directory.sizeBand(school.pupils).map { Directory.sizeBandLabels[$0] } ?? "size not recorded",
            schoolType: school.type, typeGroup: school.typeGroup, isFederation: school.federation != nil,
            isRural: school.isRural, phase: school.phase, religiousCharacter: Directory.religion(school),
            summary: profile.summary, skills: profile.skills, regionsServed: profile.regionsServed)
        return SupporterMatchHit(
            card: card, score: Self.weightedScore(components), components: components, reasons: reasons,
            distanceKm: distanceKm)
    }

    /// Whether two areas are related for coverage: one is the other's parent, or they share a parent.
    func areasRelated(_ a: String, _ b: String) -> Bool {
        guard a != b, let x = areas[a], let y = areas[b] else { return false }
        if x.parent == b || y.parent == a { return true }
        if let p = x.parent, p == y.parent { return true }
        return false
    }

    /// What context similarity compares about a school, worked out once per school per match (folding the
    /// type group and religious character per comparison was most of a supporter's score).
    struct SchoolContext {
        var phase: Phase
        var sizeBand: Int?
        var isFederation: Bool
        var isRural: Bool
        var hasTypeGroup: Bool
        var typeGroupKey: String
        /// `School.religiousCharacterKey`.
        var religionKey: String?
        /// The link index's ids for the type group and religion when made from its features (then the keys
        /// above are not set), else nil.
        var typeGroupID: Int32? = nil
        var religionID: Int32? = nil

        func sameTypeGroup(_ other: SchoolContext) -> Bool {
            guard hasTypeGroup else { return false }
            if let a = typeGroupID, let b = other.typeGroupID { return a == b }
            return typeGroupKey == other.typeGroupKey
        }

        func sameReligion(_ other: SchoolContext) -> Bool {
            if let a = religionID, let b = other.religionID { return a == b }
            return religionKey == other.religionKey
        }

        /// From the link index's features: the interned type group and religion ids are equal exactly when the
        /// folded keys are (0 when the key is empty, or the school has no religious character).
        init(_ s: School, _ f: SchoolFeatures) {
            phase = s.phase
            sizeBand = Directory.sizeBand(s.pupils)
            isFederation = s.federation != nil
            isRural = f.locality == 2
            hasTypeGroup = !s.typeGroup.isEmpty
            typeGroupID = f.typeGroup
            religionID = f.religion
            typeGroupKey = ""
            religionKey = nil
        }

        init(_ s: School) {
            phase = s.phase
            sizeBand = Directory.sizeBand(s.pupils)
            isFederation = s.federation != nil
            isRural = s.isRural
            hasTypeGroup = !s.typeGroup.isEmpty
            typeGroupKey = Text.foldKey(s.typeGroup)
            religionKey = s.religiousCharacterKey
        }
    }

    /// Context similarity (phase counts double; size band, federation, rural, type group and religious
    /// character once each), with a reason for each shared feature when `explaining` gives `other`'s school.
    /// The points `contextSimilarity` scores, without its reasons.
    static func contextPoints(_ head: SchoolContext, _ other: SchoolContext) -> Double {
        var points = 0.0
        if head.phase == other.phase {
            points += 2
        } else if head.phase.isCompatible(with: other.phase) {
            points += 1
        }
        if let a = head.sizeBand, let b = other.sizeBand {
            if a == b {
                points += 1
            } else if abs(a - b) == 1 {
                points += 0.5
            }
        }
        if head.isFederation == other.isFederation { points += 1 }
        if head.isRural == other.isRural { points += 1 }
        if head.sameTypeGroup(other) { points += 1 }
        if head.sameReligion(other) { points += 1 }
        return points
    }

    static func contextSimilarity(
        _ head: SchoolContext, _ other: SchoolContext, weight: Double, explaining otherSchool: School?
    ) -> ScoreComponent {
        let explain = otherSchool != nil
        var points = 0.0
        var reasons: [String] = []
        if head.phase == other.phase {
            points += 2
            if explain { reasons.append("same phase") }
        } else if head.phase.isCompatible(with: other.phase) {
            points += 1
            if explain { reasons.append("related phase (\(other.phase.rawValue))") }
        }
        if let a = head.sizeBand, let b = other.sizeBand {
            if a == b {
                points += 1
                if explain { reasons.append("similar size (\(sizeBandLabels[a]))") }
            } else if abs(a - b) == 1 {
                points += 0.5
            }
        }
        if head.isFederation == other.isFederation {
            points += 1
            if explain && head.isFederation { reasons.append("also a federation") }
        }
        if head.isRural == other.isRural {
            points += 1
            if explain { reasons.append(head.isRural ? "also rural" : "also urban") }
        }
        if head.sameTypeGroup(other) {
            points += 1
            if let otherSchool { reasons.append("same type (\(otherSchool.typeGroup))") }
        }
        if head.sameReligion(other) {
            points += 1
            if let otherSchool, let r2 = religion(otherSchool) { reasons.append("same religious character (\(r2))") }
        }
        return ScoreComponent(name: "context", score: points / 7, weight: weight, reasons: reasons)
    }

    static let sizeBandLabels = [
        "under 100 pupils", "100–249 pupils", "250–499 pupils", "500–999 pupils", "1000–1499 pupils",
        "1500 or more pupils",
    ]

    /// Index into `sizeBandLabels`, or nil when the pupil count is unknown.
    static func sizeBand(_ pupils: Int?) -> Int? {
        guard let p = pupils else { return nil }
        switch p {
        case ..<100: return 0
        case ..<250: return 1
        case ..<500: return 2
        case ..<1000: return 3
        case ..<1500: return 4
        default: return 5
        }
    }

    /// The school's religious character as shown, nil when it has none (`School.religiousCharacterKey`).
    static func religion(_ s: School) -> String? {
        guard s.religiousCharacterKey != nil else { return nil }
        return s.religiousCharacter.map { Text.tidy($0) }
    }

    /// The shared name when both are set and equal ignoring case and punctuation.
    private static func same(_ a: String?, _ b: String?) -> String? {
        guard let a, let b, !Text.foldKey(a).isEmpty, Text.foldKey(a) == Text.foldKey(b) else { return nil }
        return a
    }

    static func km(_ d: Double) -> String {
        // Tenths written from the integer: the same text as `Double(k) / 10`'s description ("3.5", "10.0"), which
        // was most of an exclusion's cost when thousands of supporters are out of reach.
        if d < 10, d >= 0 {
            let k = Int(d * 10 + 0.5)
            return "\(k / 10).\(k % 10) km"
        }
        if d < 10 { return "\(Double(Int(d * 10 + 0.5)) / 10) km" }
        return "\(Int(d + 0.5)) km"
    }
}
