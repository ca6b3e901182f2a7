/// A school's request for help, as asked.
public struct LinkRequestDraft: Sendable {
    public var urn: Int
    /// An area id, name or alias.
    public var area: String
    public var notes: String
    public var mode: LinkMode

    public init(urn: Int, area: String, notes: String = "", mode: LinkMode = .any) {
        self.urn = urn
        self.area = area
        self.notes = notes
        self.mode = mode
    }
}

/// Who is making a change (the link rules' name for `Caller`).
public typealias LinkActor = Caller

extension Directory {
    /// The longest notes or outcome text kept.
    public static let maximumLinkNoteLength = 2000

    /// Validates a school's request for help in one area. A head may ask only for their own school; a school
    /// has at most one open request per area. Returns the change and the new request.
    public func prepareLinkRequest(_ draft: LinkRequestDraft, by actor: LinkActor, ids: inout IDAllocator, now: Int64)
        throws(PeerlinkError) -> (change: Change, request: LinkRequest)
    {
        let request = try validatedRequest(draft, by: actor, status: .open, ids: &ids, now: now)
        let key = LinkBook.requestKey(urn: request.urn, areaID: request.areaID)
        if let existing = links.openRequestByKey[key] {
            throw .conflict(
                "URN \(request.urn) already has open request \(existing) for \(request.areaID); link or cancel it "
                    + "first", field: "area")
        }
        return (Change([request], reads: [ConflictKey("link_request_for", key)]), request)
    }

    /// Cancels an open request (a school found help elsewhere).
    public func prepareLinkRequestCancel(id: Int64, by actor: LinkActor, now: Int64) throws(PeerlinkError) -> Change {
        var request = try requireLinkRequest(id)
        try checkActsFor(request.urn, actor)
        guard request.status == .open else {
            throw .conflict("request \(id) is already \(request.status.rawValue)", field: "id")
        }
        request.status = .cancelled
        request.updatedAt = now
        return Change([request], reads: [ConflictKey("link_request_for", LinkBook.requestKey(urn: request.urn, areaID: request.areaID))])
    }

    /// Links an open request to a nomination (DESIGN §4's hard constraints for a link, the match's own:
    /// `LinkRules`): the nomination is active, consented, has spare capacity; its school is open and is not the
    /// requester; its phase is compatible unless `crossPhase`; it offers the request's mode; in person, it is
    /// within `maxKm` when one is given; it covers the requested area, or a related one when `allowRelated`. The
    /// refusal names the rule, as the match counts it. The request
    /// becomes `linked`. The change reads the nomination's key, so two links in one commit batch can never
    /// over-fill it.
    public func prepareLink(
        requestID: Int64, nominationID: Int64, allowRelated: Bool = false, crossPhase: Bool = false,
        maxKm: Double? = nil, by actor: LinkActor, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, link: Link) {
        var request = try requireLinkRequest(requestID, field: "request")
        guard request.status == .open else {
            throw .conflict(
                "request \(requestID) is already \(request.status.rawValue); make a new request", field: "request")
        }
        let link = try validatedLink(
            for: request, nominationID: nominationID, allowRelated: allowRelated, crossPhase: crossPhase,
            maxKm: maxKm, by: actor, ids: &ids, now: now)
        request.status = .linked
        request.updatedAt = now
        return (Change([request, link], reads: [ConflictKey("nomination", nominationID)]), link)
    }

    /// Links a school straight from a match, with no earlier request: records the request (already
    /// `linked`) and the link together. Same checks as `prepareLink`.
    public func prepareDirectLink(
        _ draft: LinkRequestDraft, nominationID: Int64, allowRelated: Bool = false, crossPhase: Bool = false,
        maxKm: Double? = nil, by actor: LinkActor, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, link: Link) {
        let request = try validatedRequest(draft, by: actor, status: .linked, ids: &ids, now: now)
        let link = try validatedLink(
            for: request, nominationID: nominationID, allowRelated: allowRelated, crossPhase: crossPhase,
            maxKm: maxKm, by: actor, ids: &ids, now: now)
        return (Change([request, link], reads: [ConflictKey("nomination", nominationID)]), link)
    }

    /// Closes an open link, freeing a unit of the nominee's capacity. The link stays as history.
    public func prepareLinkClose(id: Int64, outcome: String = "", now: Int64) throws(PeerlinkError) -> Change {
        guard var link = links.link(id) else {
            throw .notFound("no link with id \(id); `peerlink link list` shows them", field: "id")
        }
        guard link.status == .open else { throw .conflict("link \(id) is already closed", field: "id") }
        let text = outcome.trimmingSpaces()
        guard text.count <= Directory.maximumLinkNoteLength else {
            throw .badRequest("the outcome is over \(Directory.maximumLinkNoteLength) characters", field: "outcome")
        }
        link.status = .closed
        link.closedAt = now
        link.outcome = text
        return Change([link], reads: [ConflictKey("nomination", link.nominationID)])
    }

    /// Records a named local network (an authority's support group) or adds schools to the one already
    /// called that (names compare ignoring case and punctuation). Every URN must be a known school.
    public func prepareNetwork(name: String, urns: [Int], ids: inout IDAllocator, now: Int64)
        throws(PeerlinkError) -> (change: Change, network: LocalNetwork)
    {
        let tidy = Text.tidy(name)
        guard !Text.foldKey(tidy).isEmpty else {
            throw .badRequest("give the network a name, e.g. 'North Secondary Heads Group'", field: "name")
        }
        guard tidy.count <= 200 else { throw .badRequest("the network name is over 200 characters", field: "name") }
        guard !urns.isEmpty else {
            throw .badRequest("name at least one member school (--urn N, repeated)", field: "urns")
        }
        for (i, urn) in urns.enumerated() where school(urn) == nil {
            throw .notFound("no school with URN \(urn)\(urnHint(urn))", field: "urns[\(i)]")
        }
        var network: LocalNetwork
        if let existing = links.network(named: tidy) {
            network = LocalNetwork(id: existing.id, name: existing.name, members: existing.members + urns,
                createdAt: existing.createdAt)
        } else {
            network = LocalNetwork(id: ids.next("network", in: self), name: tidy, members: urns, createdAt: now)
        }
        network.members = Array(Set(network.members)).sorted()
        return (Change([network], reads: [ConflictKey("network_name", Text.foldKey(tidy))]), network)
    }

    public func requireLinkRequest(_ id: Int64, field: String = "id") throws(PeerlinkError) -> LinkRequest {
        guard let r = links.request(id) else {
            throw .notFound("no link request with id \(id); `peerlink link list --urn N` shows a school's", field: field)
        }
        return r
    }

    // MARK: Shared checks

    private func validatedRequest(
        _ draft: LinkRequestDraft, by actor: LinkActor, status: LinkRequestStatus, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> LinkRequest {
        let school = try requireRequestingSchool(draft.urn)
        try checkActsFor(school.urn, actor)
        let area = try resolveArea(draft.area, field: "area")
        let notes = draft.notes.trimmingSpaces()
        guard notes.count <= Directory.maximumLinkNoteLength else {
            throw .badRequest("the notes are over \(Directory.maximumLinkNoteLength) characters", field: "notes")
        }
        if let person = actor.personID, people[person] == nil {
            throw .notFound("no person with id \(person) to record as the requester", field: "created_by")
        }
        return LinkRequest(
            id: ids.next("link_request", in: self), urn: school.urn, areaID: area.id, notes: notes, mode: draft.mode,
            status: status, createdBy: actor.personID, createdByRole: actor.role, createdAt: now)
    }

    private func validatedLink(
        for request: LinkRequest, nominationID: Int64, allowRelated: Bool, crossPhase: Bool, maxKm: Double?,
        by actor: LinkActor, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> Link {
        guard actor.role == .admin || actor.role == .adviser else {
            throw .forbidden("only an adviser or an admin can make a link")
        }
        let nomination = try requireNomination(nominationID, field: "nomination")
        // The match's hard constraints, through the same rules (`LinkRules`) and the same index entries.
        if let reason = try linkExclusion(
            nominationID: nominationID, requesterURN: request.urn, mode: request.mode, maxKm: maxKm,
            crossPhase: crossPhase)
        {
            throw linkRefusal(reason, nomination: nomination, request: request, maxKm: maxKm)
        }
        guard let nomineeSchool = school(nomination.urn) else {
            throw .conflict("the nominee's school (URN \(nomination.urn)) is closed", field: "nomination")
        }
        if !nomination.covers(request.areaID) {
            let related = Set(areas[request.areaID].map { relatedAreaIDs(of: $0) } ?? [])
            let coversRelated = nomination.areas.contains { related.contains($0.areaID) }
            guard allowRelated && coversRelated else {
                let covered = nomination.areas.map(\.areaID).joined(separator: ", ")
                throw .conflict(
                    "nomination \(nominationID) does not cover \(request.areaID) (it covers \(covered))"
                        + (coversRelated ? "; allow related areas to link it anyway" : ""), field: "nomination")
            }
        }
        if let person = actor.personID, people[person] == nil {
            throw .notFound("no person with id \(person) to record as the link's maker", field: "made_by")
        }
        return Link(
            id: ids.next("link", in: self), requestID: request.id, nominationID: nominationID,
            requesterURN: request.urn, nomineeURN: nomineeSchool.urn, areaID: request.areaID, mode: request.mode,
            madeBy: actor.personID, madeByRole: actor.role, createdAt: now)
    }

    /// The error `link_create` gives for a candidate the match would remove for `reason`.
    private func linkRefusal(_ reason: LinkExclusion, nomination: Nomination, request: LinkRequest, maxKm: Double?)
        -> PeerlinkError
    {
        let id = nomination.id
        let requester = school(request.urn)
        let nominee = school(nomination.urn)
        switch reason {
        case .notActive:
            return .conflict(
                "nomination \(id) is \(nomination.status.rawValue); choose an active nominee", field: "nomination")
        case .noConsent:
            return .conflict(
                "the nominee of nomination \(id) has not consented to be listed; record consent first",
                field: "nomination")
        case .full:
            let open = links.openLinks(forNomination: id)
            return .conflict(
                "nomination \(id) has no spare capacity (\(open) of \(nomination.capacity) links open); "
                    + "close one or choose another nominee", field: "nomination")
        case .sameSchool:
            return .conflict(
                "the nominee works at the requesting school; choose a nominee at another school", field: "nomination")
        case .schoolClosed:
            return .conflict("the nominee's school (URN \(nomination.urn)) is closed", field: "nomination")
        case .phase:
            return .conflict(
                "nomination \(id) is at a \(nominee?.phase.rawValue ?? "?") school and URN \(request.urn) is "
                    + "\(requester?.phase.rawValue ?? "?"); the match removes phases that are not compatible. Choose "
                    + "a nominee in a compatible phase, or ask for cross-phase (--cross-phase) as the match allows",
                field: "nomination")
        case .mode:
            return .conflict(
                "nomination \(id) does not offer \(request.mode.rawValue) links (it offers "
                    + nomination.modes.map(\.rawValue).joined(separator: ", ") + ")", field: "nomination")
        case .distance:
            let limit = maxKm.map { "\($0)" } ?? "?"
            if let requester, let nominee, let metres = requester.distanceMetres(to: nominee) {
                return .conflict(
                    "the nominee's school is \(Double(Int(metres / 100 + 0.5)) / 10) km from URN \(request.urn), beyond the "
                        + "limit of \(limit) km for an in-person link; choose a nearer nominee, an online link, or a "
                        + "larger max_km", field: "nomination")
            }
            return .conflict(
                "the nominee's school (URN \(nomination.urn)) has no grid reference, so it cannot be shown to be "
                    + "within \(limit) km; link online or drop max_km", field: "nomination")
        }
    }

    /// A head acts only for their own school; other roles for any (`Authority`).
    private func checkActsFor(_ urn: Int, _ actor: LinkActor) throws(PeerlinkError) {
        try authorize(.schoolLinks(urn: urn), by: actor)
    }
}
