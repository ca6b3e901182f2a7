import PeerlinkCore
import PeerlinkWire

/// Handlers for school-to-school links: matching, requests, links, local networks and the coverage report.
///
/// Heads may ask for help (a link request) for their own school and see their own school's requests and
/// links; matching and making links is the advisers' job (DESIGN §1.1: the adviser looks up linkable schools
/// and links the two), so `link_match` and `link_create` are for advisers and admins only.
enum LinkHandlers {
    static let specs: [OperationSpec] = [
        // A match depends only on the query and the directory (not on which adviser asks, nor the time).
        OperationSpec(
            "link_match", roles: .staff,
            caching: ReplyCaching(sample: .linkMatch(Peerlink_V1_LinkMatch()), revision: { $0.linkMatchRevision }),
            cost: .cheap, .readEncoded(linkMatch)),
        OperationSpec("link_request", roles: [.admin, .adviser, .head], .write(linkRequest)),
        OperationSpec("link_request_cancel", roles: [.admin, .adviser, .head], .write(linkRequestCancel)),
        OperationSpec("link_create", roles: .staff, .write(linkCreate)),
        OperationSpec("link_list", roles: [.admin, .adviser, .head], .read(linkList)),
        OperationSpec("link_close", roles: .staff, .write(linkClose)),
        OperationSpec("network_add", roles: .adminOnly, .write(networkAdd)),
        OperationSpec("network_list", roles: .staff, .read(networkList)),
        OperationSpec("coverage_report", roles: .staff, cost: .slow, .read(coverageReport)),
    ]

    /// The caller as the core's link rules see them.
    static func actor(_ ctx: RequestContext) -> LinkActor { ctx.caller }

    // MARK: Matching

    /// The hot path: the core ranks from its index, then the hits go straight into the reply's bytes.
    static func linkMatch(_ ctx: RequestContext, _ directory: borrowing Directory) throws(PeerlinkError) -> [UInt8] {
        let r = ctx.request.linkMatch
        guard r.urn > 0 else { throw .badRequest("give the URN of the school that needs help", field: "urn") }
        guard !r.area.isEmpty else {
            throw .badRequest("give the area it needs help in (`peerlink areas` lists them)", field: "area")
        }
        let query = try LinkQuery(wire: r)
        let match = try directory.matchLinks(query, defaults: ctx.config.linkWeights)
        return ctx.linkMatchEncoder.responseBody(match, id: ctx.request.id, in: directory)
    }

    // MARK: Requests and links

    static func linkRequest(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.linkRequest
        guard r.urn > 0 else { throw .badRequest("give the URN of the school asking for help", field: "urn") }
        let draft = LinkRequestDraft(urn: Int(r.urn), area: r.area, notes: r.notes, mode: try parseLinkMode(r.mode))
        let (change, request) = try ctx.directory.prepareLinkRequest(draft, by: actor(ctx), ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            d.links.request(request.id).map { .linkRequest(d.linkRequestView($0)) }
                ?? missingAfterCommit("link request \(request.id)")
        }
    }

    static func linkRequestCancel(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.linkRequestCancel.id
        let change = try ctx.directory.prepareLinkRequestCancel(id: id, by: actor(ctx), now: ctx.now)
        return PreparedWrite(change) { d in
            d.links.request(id).map { .linkRequestCancel(d.linkRequestView($0)) } ?? missingAfterCommit("link request \(id)")
        }
    }

    static func linkCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.linkCreate
        guard r.nominationID > 0 else { throw .badRequest("give the nomination to link", field: "nomination_id") }
        let result: (change: Change, link: Link)
        if r.hasRequestID {
            guard r.urn == 0 && r.area.isEmpty else {
                throw .badRequest("give a request id, or a URN and area, not both", field: "request_id")
            }
            result = try ctx.directory.prepareLink(
                requestID: r.requestID, nominationID: r.nominationID, allowRelated: r.related,
                crossPhase: r.crossPhase, maxKm: r.hasMaxKm ? r.maxKm : nil, by: actor(ctx), ids: &ids, now: ctx.now)
        } else {
            guard r.urn > 0, !r.area.isEmpty else {
                throw .badRequest("give a request id, or the requesting school's URN and the area", field: "request_id")
            }
            let draft = LinkRequestDraft(urn: Int(r.urn), area: r.area, notes: r.notes, mode: try parseLinkMode(r.mode))
            result = try ctx.directory.prepareDirectLink(
                draft, nominationID: r.nominationID, allowRelated: r.related, crossPhase: r.crossPhase,
                maxKm: r.hasMaxKm ? r.maxKm : nil, by: actor(ctx), ids: &ids, now: ctx.now)
        }
        let id = result.link.id
        var change = result.change
        change.records += ctx.directory.linkMadeMessages(result.link, ids: &ids, now: ctx.now)  // both schools' email
        return PreparedWrite(change) { d in
            d.links.link(id).map { .linkCreate(d.linkView($0)) } ?? missingAfterCommit("link \(id)")
        }
    }

    static func linkList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.linkList
        var urn: Int? = r.hasUrn ? Int(r.urn) : nil
        if ctx.session.role == .head {
            // A head lists their own school's; asking for another is refused by the rules (`Authority`).
            let own = ctx.session.personID.flatMap { ctx.directory.people[$0] }?.urn ?? 0
            try ctx.directory.authorize(.schoolLinks(urn: urn ?? own), by: ctx.caller)
            urn = urn ?? own
        }
        if let asked = urn {
            guard let school = ctx.directory.school(resolvingURN: asked) else {
                throw .notFound("no school with URN \(asked); `peerlink school search NAME` finds a URN", field: "urn")
            }
            urn = school.urn
        }
        let d = ctx.directory
        var reply = Peerlink_V1_LinkListReply()
        reply.requests = d.links.requests(forSchool: urn, openOnly: r.openOnly).map { d.linkRequestView($0) }
        reply.links = d.links.links(involving: urn, openOnly: r.openOnly).map { d.linkView($0) }
        return .linkList(reply)
    }

    static func linkClose(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.linkClose
        let change = try ctx.directory.prepareLinkClose(id: r.id, outcome: r.outcome, now: ctx.now)
        return PreparedWrite(change) { d in
            d.links.link(r.id).map { .linkClose(d.linkView($0)) } ?? missingAfterCommit("link \(r.id)")
        }
    }

    // MARK: Networks and coverage

    static func networkAdd(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.networkAdd
        let (change, network) = try ctx.directory.prepareNetwork(
            name: r.name, urns: r.urns.map { Int($0) }, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            d.links.network(network.id).map { .networkAdd(d.networkView($0)) } ?? missingAfterCommit("network \(network.id)")
        }
    }

    static func networkList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var reply = Peerlink_V1_LocalNetworkListReply()
        reply.networks = ctx.directory.links.allNetworks.map { ctx.directory.networkView($0) }
        return .networkList(reply)
    }

    static func coverageReport(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.coverageReport
        var phase: Phase?
        if !r.phase.isEmpty {
            guard let p = Phase(parsing: r.phase) else {
                let allowed = Phase.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badRequest("'\(r.phase)' is not a phase; use one of: \(allowed)", field: "phase")
            }
            phase = p
        }
        let by = r.by.isEmpty ? CoverageGrouping.la : try parseEnum(r.by, CoverageGrouping.self, field: "by")
        return .coverageReport(ctx.directory.coverageReport(by: by, phase: phase).wire)
    }
}
