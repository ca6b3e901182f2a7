/// A link match: school `urn` needs help in `area` (DESIGN §4 "Link match").
public struct LinkQuery: Sendable, Equatable {
    public static let defaultLimit = 10
    public static let maximumLimit = 100
    /// The farthest `maxKm` accepted: England is under 700 km end to end.
    public static let maximumKm = 1000.0

    public var urn: Int
    /// An area id, name or alias.
    public var area: String
    public var mode: LinkMode
    /// For in-person links: candidates farther than this are removed (with `any`, unless they also work
    /// online). Ignored for online links.
    public var maxKm: Double?
    /// Also consider nominations for related areas (same parent, or parent/child in the taxonomy).
    public var related: Bool
    /// Allow phases that are not compatible (`Phase.isCompatible`), e.g. a primary asking a secondary.
    public var crossPhase: Bool
    public var limit: Int
    /// Component name → weight, over the configured defaults.
    public var weights: [String: Double]

    public init(
        urn: Int, area: String, mode: LinkMode = .any, maxKm: Double? = nil, related: Bool = false,
        crossPhase: Bool = false, limit: Int = LinkQuery.defaultLimit, weights: [String: Double] = [:]
    ) {
        self.urn = urn
        self.area = area
        self.mode = mode
        self.maxKm = maxKm
        self.related = related
        self.crossPhase = crossPhase
        self.limit = limit
        self.weights = weights
    }
}

/// Each component's score, 0…1, before weighting.
public struct LinkScores: Sendable, Equatable {
    public var expertise: Double = 0
    public var context: Double = 0
    public var proximity: Double = 0
    public var novelty: Double = 0
    public var availability: Double = 0

    public init(
        expertise: Double = 0, context: Double = 0, proximity: Double = 0, novelty: Double = 0,
        availability: Double = 0
    ) {
        self.expertise = expertise
        self.context = context
        self.proximity = proximity
        self.novelty = novelty
        self.availability = availability
    }

    /// Σ weight × score.
    public func total(_ w: LinkWeights) -> Double {
        w.expertise * expertise + w.context * context + w.proximity * proximity + w.novelty * novelty
            + w.availability * availability
    }

    /// (name, score) in `LinkWeights.names` order, for printing.
    public var named: [(name: String, score: Double)] {
        [
            ("expertise", expertise), ("context", context), ("proximity", proximity), ("novelty", novelty),
            ("availability", availability),
        ]
    }
}

/// One ranked candidate: who, where, how well they fit, and why.
///
/// A class, not a struct: copying a struct holding a record (into the hits array, out of it) retained and
/// released every one of its strings. Immutable, so sharing it is safe.
///
/// The nominee and their school are named, not copied: a hit is read once, straight into a reply, and copying
/// their records touched a dozen or more scattered cache lines per hit (each string is its own allocation).
/// Look them up with `directory.people[hit.nomination.personID]` and `directory.schools[hit.schoolURN]`; the
/// reply encoder (`LinkMatchEncoder`) keeps both already encoded, by the slots below.
public final class LinkHit: Sendable {
    public let nomination: Nomination
    /// The nomination's small dense number in the link index (fixed for the life of the directory); -1 for a
    /// hit built by hand.
    public let nominationSlot: Int32
    /// The nominee's school (the nomination's).
    public let schoolURN: Int
    /// The school's small dense number in the link index, as for `nominationSlot`.
    public let schoolSlot: Int32
    /// The area the nomination covers that matched: the asked area, or a related one.
    public let areaID: String
    public let isRelated: Bool
    /// The head's statement of the nominee's strength in `areaID`.
    public let strength: String
    /// Metres between the two schools, when both have grid references.
    public let distanceMetres: Double?
    public let openLinks: Int
    public let total: Double
    public let scores: LinkScores
    /// Why it ranks where it does, in component order: covers the area, phase, size, …, distance, trust,
    /// earlier links, places free.
    public let explanation: [LinkReason]

    /// The explanation as short phrases: "covers Mathematics", "same phase", "12 km", "different trust",
    /// "no earlier link", "1 of 2 places free".
    public var reasons: [String] { explanation.map(\.text) }

    public init(
        nomination: Nomination, nominationSlot: Int32 = -1, schoolURN: Int, schoolSlot: Int32 = -1, areaID: String,
        isRelated: Bool, strength: String, distanceMetres: Double?, openLinks: Int, total: Double, scores: LinkScores,
        explanation: [LinkReason]
    ) {
        self.nomination = nomination
        self.nominationSlot = nominationSlot
        self.schoolURN = schoolURN
        self.schoolSlot = schoolSlot
        self.areaID = areaID
        self.isRelated = isRelated
        self.strength = strength
        self.distanceMetres = distanceMetres
        self.openLinks = openLinks
        self.total = total
        self.scores = scores
        self.explanation = explanation
    }
}

/// Why a candidate was removed by a hard constraint.
public enum LinkExclusion: String, Sendable, CaseIterable, Codable {
    case notActive = "not-active"
    case noConsent = "no-consent"
    case full
    case sameSchool = "same-school"
    case schoolClosed = "school-closed"
    case phase
    case mode
    case distance
}

/// How many candidates each hard constraint removed: plain counters, so a match builds no dictionary.
public struct ExclusionCounts: Sendable, Equatable {
    var notActive = 0, noConsent = 0, full = 0, sameSchool = 0, schoolClosed = 0, phase = 0, mode = 0, distance = 0

    public init() {}

    public init(_ counts: [LinkExclusion: Int]) {
        for (reason, n) in counts { self[reason] = n }
    }

    public subscript(_ reason: LinkExclusion) -> Int {
        get {
            switch reason {
            case .notActive: return notActive
            case .noConsent: return noConsent
            case .full: return full
            case .sameSchool: return sameSchool
            case .schoolClosed: return schoolClosed
            case .phase: return phase
            case .mode: return mode
            case .distance: return distance
            }
        }
        set {
            switch reason {
            case .notActive: notActive = newValue
            case .noConsent: noConsent = newValue
            case .full: full = newValue
            case .sameSchool: sameSchool = newValue
            case .schoolClosed: schoolClosed = newValue
            case .phase: phase = newValue
            case .mode: mode = newValue
            case .distance: distance = newValue
            }
        }
    }

    @inline(__always)
    mutating func add(_ reason: LinkExclusion) { self[reason] += 1 }

    /// The counts above zero.
    public var nonZero: [LinkExclusion: Int] {
        var out: [LinkExclusion: Int] = [:]
        for reason in LinkExclusion.allCases where self[reason] > 0 { out[reason] = self[reason] }
        return out
    }
}

/// The answer to a `LinkQuery`.
public struct LinkMatch: Sendable {
    public var requester: School
    public var area: Area
    /// Related area ids searched too (empty unless `related`).
    public var relatedAreas: [String]
    /// The weights used: the defaults with the query's overrides.
    public var weights: LinkWeights
    /// Best first; ties broken by nomination id.
    public var hits: [LinkHit]
    /// Nominations looked at (each once, however many of the searched areas it names).
    public var considered: Int
    /// How many candidates each hard constraint removed.
    public var exclusions: ExclusionCounts
    /// The same, only non-zero counts.
    public var excluded: [LinkExclusion: Int] {
        get { exclusions.nonZero }
        set { exclusions = ExclusionCounts(newValue) }
    }

    public init(
        requester: School, area: Area, relatedAreas: [String], weights: LinkWeights, hits: [LinkHit], considered: Int,
        excluded: [LinkExclusion: Int]
    ) {
        self.init(
            requester: requester, area: area, relatedAreas: relatedAreas, weights: weights, hits: hits,
            considered: considered, exclusions: ExclusionCounts(excluded))
    }

    public init(
        requester: School, area: Area, relatedAreas: [String], weights: LinkWeights, hits: [LinkHit], considered: Int,
        exclusions: ExclusionCounts
    ) {
        self.requester = requester
        self.area = area
        self.relatedAreas = relatedAreas
        self.weights = weights
        self.hits = hits
        self.considered = considered
        self.exclusions = exclusions
    }
}

extension Directory {
    /// Ranks nominees for a school's need (DESIGN §4 "Link match").
    ///
    /// Reads only the candidates listed under the asked area (and its related areas when asked), from the
    /// plain-value index in `links`: for one area without a distance limit, only the heads of its candidate
    /// groups; for one area in person within a distance, only the grid cells in reach; otherwise every
    /// candidate listed (`LinkRanking`, `AreaIndex`). Reasons are built only for the hits returned.
    ///
    /// Throws `notFound` for an unknown URN or area (with the nearest valid ones), `conflict` when the
    /// requesting school is closed, `badRequest` for a bad limit, distance or weight.
    public func matchLinks(
        _ query: LinkQuery, defaults: LinkWeights = .defaults, strategy: LinkMatchStrategy = .indexed
    ) throws(PeerlinkError) -> LinkMatch {
        let requester = try requireRequestingSchool(query.urn)
        let area = try resolveArea(query.area, field: "area")
        let weights = try defaults.overriding(query.weights)
        guard (1...LinkQuery.maximumLimit).contains(query.limit) else {
            throw .badRequest("limit must be between 1 and \(LinkQuery.maximumLimit), got \(query.limit)", field: "limit")
        }
        let maxSquared = try LinkRules.maxSquared(km: query.maxKm, mode: query.mode, requester: requester)

        let book = links
        guard let requesterSlot = book.schoolSlotByURN[requester.urn] else {
            // Every school put is noted in the book, so this cannot happen for a school the directory holds.
            throw PeerlinkError(.internal, "school \(requester.urn) is missing from the link index")
        }
        let s = book.schoolFeatures[Int(requesterSlot)]

        var searched: [(areaID: String, related: Bool)] = [(area.id, false)]
        let relatedIDs = query.related ? relatedAreaIDs(of: area) : []
        for id in relatedIDs { searched.append((id, true)) }

        var ranking = LinkRanking(
            s: s, requesterSlot: requesterSlot, compatibleMask: SchoolFeatures.compatibleMask(s.phase),
            crossPhase: query.crossPhase, mode: query.mode, maxSquared: maxSquared, weights: weights,
            usual: usuallyLinkedSlots(of: requester.urn, in: book), earlier: earlierLinkSlots(of: requester.urn, in: book),
            top: TopK(limit: query.limit))
        let mode = query.mode
        let indexes = searched.map { book.areaIndexes[$0.areaID] ?? AreaIndex() }
        if strategy == .indexed, indexes.count == 1, maxSquared == nil, mode != .inPerson {
            ranking.rankGroups(indexes[0], own: book.entries(atSchool: requesterSlot, in: area.id))
        } else if strategy == .indexed, indexes.count == 1, maxSquared != nil, mode == .inPerson {
            ranking.rankCells(indexes[0])
        } else {
            // With several lists, a nomination naming more than one searched area counts once, under the first
            // (best) list: one bit per nomination slot marks those seen.
            var seen: [UInt64] = indexes.count > 1 ? Array(repeating: 0, count: book.candidates.count / 64 + 1) : []
            for (listIndex, index) in indexes.enumerated() {
                let expertise = searched[listIndex].related ? 0.5 : 1.0
                for entry in index.entries {
                    if !seen.isEmpty {
                        let word = Int(entry.slot) >> 6, bit = UInt64(1) << UInt64(entry.slot & 63)
                        if seen[word] & bit != 0 { continue }
                        seen[word] |= bit
                    }
                    ranking.considered += 1
                    ranking.visit(entry, list: Int32(listIndex), expertise: expertise)
                }
            }
        }
        let top = ranking.top
        let considered = ranking.considered
        let excluded = ranking.excluded

        var hits: [LinkHit] = []
        hits.reserveCapacity(top.items.count)
        for r in top.items {
            guard let nomination = nominations[r.id] else { continue }
            let c = book.candidates[Int(r.slot)]
            let n = book.schoolFeatures[Int(c.schoolSlot)]
            let areaID = searched[Int(r.list)].areaID
            let distance = s.distanceMetres(to: n)
            let explanation = explain(
                requester: requester, s, n, nomination: nomination, asked: area, matchedAreaID: areaID,
                distance: distance, mode: mode, openLinks: Int(c.openLinks))
            hits.append(
                LinkHit(
                    nomination: nomination, nominationSlot: r.slot, schoolURN: nomination.urn, schoolSlot: c.schoolSlot,
                    areaID: areaID, isRelated: searched[Int(r.list)].related,
                    strength: nomination.areas.first { $0.areaID == areaID }?.strength ?? "",
                    distanceMetres: distance, openLinks: Int(c.openLinks), total: r.total, scores: r.scores,
                    explanation: explanation))
        }
        return LinkMatch(
            requester: requester, area: area, relatedAreas: relatedIDs, weights: weights, hits: hits,
            considered: considered, exclusions: excluded)
    }

    /// Areas related to `area`: its parent, its siblings (same parent) and its children, ascending by id.
    public func relatedAreaIDs(of area: Area) -> [String] {
        var out: Set<String> = []
        if let p = area.parent {
            if areas[p] != nil { out.insert(p) }
            for a in areas.values where a.parent == p && a.id != area.id { out.insert(a.id) }
        }
        for a in areas.values where a.parent == area.id { out.insert(a.id) }
        return out.sorted()
    }

    /// The school a request or query names, following a converted school to its successor. Throws
    /// `notFound` with the nearest URNs, or `conflict` when the school is closed.
    public func requireRequestingSchool(_ urn: Int, field: String = "urn") throws(PeerlinkError) -> School {
        guard let school = school(resolvingURN: urn) else {
            throw .notFound(
                "no school with URN \(urn)\(urnHint(urn)) (`peerlink school search NAME` finds a URN)", field: field)
        }
        guard school.status == .open else {
            throw .conflict("\(school.name) (URN \(school.urn)) is closed; use the URN of the school that replaced it",
                field: field)
        }
        return school
    }

    /// "; did you mean 123456 (Hill School) or 123465 (Vale School)?" or an empty string.
    func urnHint(_ urn: Int) -> String {
        let named = nearestURNs(to: urn).map { "\($0.urn) (\($0.name))" }
        switch named.count {
        case 0: return ""
        case 1: return "; did you mean \(named[0])?"
        default: return "; did you mean " + named.dropLast().joined(separator: ", ") + " or " + named.last! + "?"
        }
    }

    /// Up to three schools whose URN is one keystroke from `urn` (a digit changed, added, dropped or two
    /// neighbours swapped), open schools first. Scans every school: for error messages only.
    func nearestURNs(to urn: Int, limit: Int = 3) -> [School] {
        let target = Array(String(urn).utf8)
        var found: [School] = []
        for s in schools.values where Directory.oneKeystroke(target, Array(String(s.urn).utf8)) {
            found.append(s)
        }
        found.sort { ($0.status == .open ? 0 : 1, $0.urn) < ($1.status == .open ? 0 : 1, $1.urn) }
        return Array(found.prefix(limit))
    }

    static func oneKeystroke(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return false }
        if a.count == b.count {
            let diffs = a.indices.filter { a[$0] != b[$0] }
            if diffs.count == 1 { return true }
            return diffs.count == 2 && diffs[1] == diffs[0] + 1 && a[diffs[0]] == b[diffs[1]]
                && a[diffs[1]] == b[diffs[0]]
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        for i in long.indices {
            var shorter = long
            shorter.remove(at: i)
            if shorter == short { return true }
        }
        return false
    }

    // MARK: Scoring

    /// Phase (same 1, compatible ½), size band (same 1, next ½), urban/rural, type group and religious
    /// character (same 1), averaged. Unknowns score 0.
    @inline(__always)
    static func contextScore(_ s: SchoolFeatures, _ n: SchoolFeatures, compatible: Bool) -> Double {
        var sum = 0.0
        if s.phaseBit == n.phaseBit { sum += 1 } else if compatible { sum += 0.5 }
        if s.sizeBand != 0 && n.sizeBand != 0 {
            let gap = s.sizeBand > n.sizeBand ? s.sizeBand - n.sizeBand : n.sizeBand - s.sizeBand
            if gap == 0 { sum += 1 } else if gap == 1 { sum += 0.5 }
        }
        if s.locality != 0 && s.locality == n.locality { sum += 1 }
        if s.typeGroup != 0 && s.typeGroup == n.typeGroup { sum += 1 }
        if s.religion == n.religion { sum += 1 }
        return sum * 0.2  // the mean of five parts
    }

    /// Nearness: 1 at the door, ½ at `proximityHalfMetres`, falling smoothly with distance.
    @inline(__always)
    static func proximityScore(metres: Double) -> Double {
        proximityHalfMetres / (proximityHalfMetres + metres)
    }

    /// The distance at which proximity scores ½.
    static let proximityHalfMetres = 20_000.0

    /// School slots sharing a recorded local network with `urn`, ascending.
    private func usuallyLinkedSlots(of urn: Int, in book: LinkBook) -> [Int32] {
        guard let ids = book.networksBySchool[urn], !ids.isEmpty else { return [] }
        var slots: [Int32] = []
        for id in ids {
            for member in book.networksByID[id]?.members ?? [] where member != urn {
                if let slot = book.schoolSlotByURN[member] { slots.append(slot) }
            }
        }
        return Array(Set(slots)).sorted()
    }

    /// (partner school slot, number of links ever made), ascending by slot.
    private func earlierLinkSlots(of urn: Int, in book: LinkBook) -> [(slot: Int32, count: Int)] {
        guard let ids = book.linksBySchool[urn], !ids.isEmpty else { return [] }
        var counts: [Int32: Int] = [:]
        for id in ids {
            guard let link = book.linksByID[id] else { continue }
            let partner = link.requesterURN == urn ? link.nomineeURN : link.requesterURN
            if let slot = book.schoolSlotByURN[partner] { counts[slot, default: 0] += 1 }
        }
        return counts.map { (slot: $0.key, count: $0.value) }.sorted { $0.slot < $1.slot }
    }

    // MARK: Reasons (built for returned hits only)

    /// Comparisons use the interned features ranking used; names come from the asked area and the requester.
    /// `s` is the requester's features and `n` the nominee school's. Where the two share a trust, type,
    /// federation or religious character (equal ignoring case and punctuation), the name shown is the
    /// requester's spelling, so the nominee's school record is never read.
    private func explain(
        requester: School, _ s: SchoolFeatures, _ n: SchoolFeatures, nomination: Nomination,
        asked: Area, matchedAreaID: String, distance: Double?, mode: LinkMode, openLinks: Int
    ) -> [LinkReason] {
        var out: [LinkReason] = []
        out.reserveCapacity(12)
        if matchedAreaID == asked.id {
            out.append(.covers(areaName: asked.name))
        } else {
            out.append(.relatedArea(name: areas[matchedAreaID]?.name ?? matchedAreaID))
        }

        if s.phase == n.phase {
            out.append(.samePhase)
        } else if s.phase.isCompatible(with: n.phase) {
            out.append(.compatiblePhase(n.phase))
        } else {
            out.append(.differentPhase(n.phase))
        }
        if s.sizeBand != 0 && s.sizeBand == n.sizeBand { out.append(.similarSize) }
        if s.locality != 0 && s.locality == n.locality { out.append(s.locality == 2 ? .bothRural : .bothUrban) }
        if s.typeGroup != 0 && s.typeGroup == n.typeGroup { out.append(.sameType(requester.typeGroup)) }
        if s.religion != 0 && s.religion == n.religion {
            out.append(.sameReligiousCharacter(requester.religiousCharacter ?? ""))
        }

        if let distance, mode != .online {
            out.append(.distance(metres: distance))
        } else if distance == nil, mode == .inPerson {
            out.append(.distanceUnknown)
        }

        if s.trust != 0 && s.trust == n.trust {
            out.append(.sameTrust(requester.trust ?? ""))
        } else if s.trust != 0 || n.trust != 0 {
            out.append(.differentTrust)
        }
        if s.federation != 0 && s.federation == n.federation {
            out.append(.sameFederation(requester.federation ?? ""))
        }
        if links.networksBySchool[requester.urn] != nil {
            for network in links.networks(ofSchool: requester.urn) where network.members.contains(n.urn) {
                out.append(.sameNetwork(network.name))
            }
        }
        out.append(.earlierLinks(links.linksByPair[SchoolPair(requester.urn, n.urn)]?.count ?? 0))
        out.append(.placesFree(spare: max(0, nomination.capacity - openLinks), capacity: nomination.capacity))
        return out
    }
}
