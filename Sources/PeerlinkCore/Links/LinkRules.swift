/// The hard constraints of a school-to-school link (DESIGN §4 "Link match"), written once.
///
/// The indexed match (`AreaIndex`'s tallies, `LinkRanking.rankGroups` / `rankCells`), the full scan
/// (`LinkRanking.visit`) and `link_create` (`Directory.linkExclusion`, called by `prepareLink` and
/// `prepareDirectLink`) all decide through these predicates, on the same plain values the link index keeps
/// (`CandidateState`, `SchoolFeatures`), so a link the match would refuse cannot be made and the reason given is
/// the one the match counts. The predicates are `@inline(__always)`: the match's hot path calls them per
/// candidate or per group, and they compile to the same comparisons it made before they were shared.
///
/// Order (the order the match reports removals in, and the first failing one is the reason): not active, no
/// consent, full, same school, school closed, phase, mode, distance. The area itself (exact, or related when
/// asked) is not a predicate here: the match reads only the lists of the searched areas, and `link_create`
/// checks the nomination's areas the same way (`Directory.relatedAreaIDs`).
public enum LinkRules {
    /// The refusal that holds whatever the query (not active, no consent, full, school closed or unknown), or
    /// nil when some query could accept the candidate. `sameSchool` comes between `full` and `schoolClosed` in
    /// the reported order; a requesting school is always open, so checking it later never changes the reason.
    @inline(__always)
    static func staticExclusion(_ c: CandidateState, _ school: SchoolFeatures) -> LinkExclusion? {
        if c.flags & CandidateState.active == 0 { return .notActive }
        if c.flags & CandidateState.consented == 0 { return .noConsent }
        if c.capacity - c.openLinks <= 0 { return .full }
        if !school.known || !school.open { return .schoolClosed }
        return nil
    }

    /// The nominee's phase may be linked: compatible with the requester's (`compatibleMask`), or any phase when
    /// the adviser asks for cross-phase.
    @inline(__always)
    static func phaseAllowed(_ phaseBit: UInt8, compatibleMask: UInt8, crossPhase: Bool) -> Bool {
        crossPhase || phaseBit & compatibleMask != 0
    }

    /// The nominee offers the asked mode (`any`: at least one mode).
    @inline(__always)
    static func modeAllowed(_ flags: UInt8, _ mode: LinkMode) -> Bool {
        switch mode {
        case .inPerson: return flags & CandidateState.inPerson != 0
        case .online: return flags & CandidateState.online != 0
        case .any: return flags & (CandidateState.inPerson | CandidateState.online) != 0
        }
    }

    /// Within the distance limit (`maxSquared`, squared metres; nil: no limit). A nominee without a grid
    /// reference is never within one. With `any`, a far nominee who also works online can still link online.
    @inline(__always)
    static func distanceAllowed(hasDistance: Bool, squared: Double, maxSquared: Double?, mode: LinkMode, flags: UInt8)
        -> Bool
    {
        guard let maxSquared else { return true }
        return (hasDistance && squared <= maxSquared) || (mode == .any && flags & CandidateState.online != 0)
    }

    /// Every hard constraint on one candidate for one query, in the reported order: the first that refuses it,
    /// or nil when it may be linked.
    @inline(__always)
    static func exclusion(
        _ c: CandidateState,
        _ n: SchoolFeatures,
        requester s: SchoolFeatures,
        requesterSlot: Int32,
        compatibleMask: UInt8,
        crossPhase: Bool,
        mode: LinkMode,
        maxSquared: Double?
    ) -> LinkExclusion? {
        if let reason = staticExclusion(c, n) { return reason }
        return queryExclusion(
            c,
            n,
            requester: s,
            requesterSlot: requesterSlot,
            compatibleMask: compatibleMask,
            crossPhase: crossPhase,
            mode: mode,
            maxSquared: maxSquared
        )
    }

    /// The query's own constraints (same school, phase, mode, distance) on a candidate that passes the static
    /// ones.
    @inline(__always)
    static func queryExclusion(
        _ c: CandidateState,
        _ n: SchoolFeatures,
        requester s: SchoolFeatures,
        requesterSlot: Int32,
        compatibleMask: UInt8,
        crossPhase: Bool,
        mode: LinkMode,
        maxSquared: Double?
    ) -> LinkExclusion? {
        if c.schoolSlot == requesterSlot { return .sameSchool }
        if !phaseAllowed(n.phaseBit, compatibleMask: compatibleMask, crossPhase: crossPhase) { return .phase }
        if !modeAllowed(c.flags, mode) { return .mode }
        let hasDistance = s.hasGrid && n.hasGrid
        let squared = hasDistance ? s.squaredDistance(to: n) : 0
        if !distanceAllowed(
            hasDistance: hasDistance,
            squared: squared,
            maxSquared: maxSquared,
            mode: mode,
            flags: c.flags
        ) {
            return .distance
        }
        return nil
    }

    /// The distance limit in squared metres for a query or link from `requester`: nil without a limit or for
    /// online links (distance does not apply). Throws `badRequest` for a limit out of range, or when the requester
    /// has no grid reference so a limit cannot apply.
    static func maxSquared(km: Double?, mode: LinkMode, requester: School) throws(PeerlinkError) -> Double? {
        guard let km else { return nil }
        guard km.isFinite, km > 0, km <= LinkQuery.maximumKm else {
            throw .badRequest(
                "max_km must be more than 0 and at most \(Int(LinkQuery.maximumKm)), got \(km)",
                field: "max_km"
            )
        }
        guard mode != .online else { return nil }
        guard requester.easting != nil, requester.northing != nil else {
            throw .badRequest(
                "\(requester.name) (URN \(requester.urn)) has no grid reference, so a distance limit cannot "
                    + "apply; drop max_km or re-import the register",
                field: "max_km"
            )
        }
        return km * 1000 * km * 1000
    }
}

extension Directory {
    /// Why `link_create` (and the match) would refuse linking nomination `nominationID` to school `urn` with these
    /// query settings, or nil when it may be linked; the area is not checked here. Reads the same index entries the
    /// match reads. Throws `notFound` for an unknown school or nomination, `badRequest` for a bad distance limit.
    public func linkExclusion(
        nominationID: Int64,
        requesterURN urn: Int,
        mode: LinkMode,
        maxKm: Double? = nil,
        crossPhase: Bool = false
    ) throws(PeerlinkError) -> LinkExclusion? {
        guard let requester = school(urn) else {
            throw .notFound("no school with URN \(urn)\(urnHint(urn))", field: "urn")
        }
        let maxSquared = try LinkRules.maxSquared(km: maxKm, mode: mode, requester: requester)
        let book = links
        guard let requesterSlot = book.schoolSlotByURN[urn], let slot = book.nominationSlotByID[nominationID] else {
            throw .notFound("no nomination with id \(nominationID)", field: "nomination")
        }
        let c = book.candidates[Int(slot)]
        let s = book.schoolFeatures[Int(requesterSlot)]
        return LinkRules.exclusion(
            c,
            book.schoolFeatures[Int(c.schoolSlot)],
            requester: s,
            requesterSlot: requesterSlot,
            compatibleMask: SchoolFeatures.compatibleMask(s.phase),
            crossPhase: crossPhase,
            mode: mode,
            maxSquared: maxSquared
        )
    }
}
