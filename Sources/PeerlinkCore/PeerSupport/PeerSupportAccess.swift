/// Reading or changing a record.
public enum AccessKind: String, Sendable {
    case read
    case write
}

/// A peer-support record or operation a caller wants to reach; the server's dispatch names one per request.
public enum PeerSupportResource: Sendable, Equatable {
    /// A head's needs assessments, targets and reviews.
    case needs(headID: Int64)
    /// Asking for support for this head.
    case newSupportRequest(headID: Int64)
    /// A support request, and what hangs off it (declines, starting its engagement).
    case supportRequest(id: Int64)
    /// An engagement and its meetings, reviews, closing and escalations.
    case engagement(id: Int64)
    /// The head's feedback on an engagement.
    case feedback(engagementID: Int64)
    /// One supporter profile and its supervision meetings.
    case supporterProfile(id: Int64)
    /// The authority's work: listing and adding profiles, running a supporter match, the due list.
    case supporterAdministration
    /// The anonymous quality report.
    case qaReport
}

extension Directory {
    /// Decides whether a caller acting as `role` (bound to `personID` for heads and supporters) may `access`
    /// `resource` (DESIGN §7). Returns normally when allowed; throws `forbidden` with a sentence saying why,
    /// or `notFound` when the record does not exist. Peer support is confidential: admins reach everything;
    /// a head only their own needs, requests, engagements and feedback; a supporter only their own
    /// engagements, their own profile, and feedback the head shared; an adviser nothing.
    public func authorizePeerSupport(
        _ resource: PeerSupportResource, _ access: AccessKind, role: Role, personID: Int64?
    ) throws(PeerlinkError) {
        switch role {
        case .admin:
            try requireExists(resource)
            return
        case .adviser, .web:
            throw .forbidden(
                "peer support is confidential: an adviser's token cannot reach needs assessments, support requests, "
                    + "engagements, feedback or supporter profiles")
        case .head, .supporter:
            break
        }
        guard let me = personID else {
            throw .forbidden("this \(role.rawValue) token is not bound to a person; ask an admin for a new one")
        }
        try requireExists(resource)
        if role == .head {
            try authorizeHead(resource, access, me)
        } else {
            try authorizeSupporter(resource, access, me)
        }
    }

    /// The feedback on an engagement as the caller may see it: the head and admins always; the supporter only
    /// when the head shared it. A supporter gets the same refusal whether the head gave unshared feedback or
    /// none, so an unshared rating leaks nothing.
    public func feedback(engagementID: Int64, role: Role, personID: Int64?) throws(PeerlinkError) -> EngagementFeedback
    {
        try authorizePeerSupport(.feedback(engagementID: engagementID), .read, role: role, personID: personID)
        guard let f = peerSupport.feedback[engagementID] else {
            throw .notFound("no feedback has been given on engagement \(engagementID)", field: "id")
        }
        return f
    }

    /// The engagements the caller may list: all for admins, their own for heads and supporters, none for
    /// advisers. Ascending by id.
    public func visibleEngagements(role: Role, personID: Int64?) -> [Engagement] {
        switch role {
        case .admin:
            return peerSupport.engagements.values.sorted { $0.id < $1.id }
        case .adviser, .web:
            return []
        case .head:
            return personID.map { peerSupport.engagements(ofHead: $0) } ?? []
        case .supporter:
            guard let p = personID.flatMap({ peerSupport.profile(ofPerson: $0) }) else { return [] }
            return peerSupport.engagements(ofProfile: p.id)
        }
    }

    private func authorizeHead(_ resource: PeerSupportResource, _ access: AccessKind, _ me: Int64) throws(PeerlinkError)
    {
        switch resource {
        case .needs(let headID):
            guard headID == me else {
                throw .forbidden("a head's token reaches only their own needs assessment, not person \(headID)'s")
            }
        case .newSupportRequest(let headID):
            guard headID == me else { throw .forbidden("a head can ask for support only for themselves") }
        case .supportRequest(let id):
            guard peerSupport.requests[id]?.headID == me else {
                throw .forbidden("support request \(id) belongs to another head; a head's token reaches only their own")
            }
        case .engagement(let id):
            guard peerSupport.engagements[id]?.headID == me else {
                throw .forbidden("engagement \(id) belongs to another head; a head's token reaches only their own")
            }
        case .feedback(let id):
            guard peerSupport.engagements[id]?.headID == me else {
                throw .forbidden("the feedback on engagement \(id) is another head's; a head reaches only their own")
            }
        case .supporterProfile:
            throw .forbidden(
                "supporter profiles reach heads only as the anonymous profiles the authority sends with a match")
        case .supporterAdministration:
            throw .forbidden("managing supporters and running supporter matches is for the authority's admins")
        case .qaReport:
            throw .forbidden("the quality report is for the authority's admins")
        }
    }

    private func authorizeSupporter(_ resource: PeerSupportResource, _ access: AccessKind, _ me: Int64)
        throws(PeerlinkError)
    {
        let mine = peerSupport.profile(ofPerson: me)
        func ownEngagement(_ id: Int64) -> Bool {
            guard let e = peerSupport.engagements[id], let mine else { return false }
            return e.profileID == mine.id
        }
        switch resource {
        case .engagement(let id):
            guard ownEngagement(id) else {
                throw .forbidden("engagement \(id) is not one of yours; a supporter's token reaches only their own")
            }
        case .feedback(let id):
            guard ownEngagement(id) else {
                throw .forbidden("engagement \(id) is not one of yours; a supporter's token reaches only their own")
            }
            guard access == .read else { throw .forbidden("feedback is given by the head who was supported") }
            guard peerSupport.feedback[id]?.shared == true else {
                throw .forbidden(
                    "no feedback on engagement \(id) has been shared with you; the head decides whether to share it")
            }
        case .supporterProfile(let id):
            guard mine?.id == id else {
                throw .forbidden("supporter profile \(id) is not yours; a supporter's token reaches only their own")
            }
            guard access == .read else { throw .forbidden("supporter profiles are kept by the authority's admins") }
        case .needs, .newSupportRequest, .supportRequest:
            throw .forbidden(
                "a head's needs and support requests are confidential to them; a supporter sees only their own "
                    + "engagements")
        case .supporterAdministration:
            throw .forbidden("managing supporters and running supporter matches is for the authority's admins")
        case .qaReport:
            throw .forbidden("the quality report is for the authority's admins")
        }
    }

    /// Throws `notFound` when the resource names a record that does not exist.
    private func requireExists(_ resource: PeerSupportResource) throws(PeerlinkError) {
        switch resource {
        case .needs(let id), .newSupportRequest(let id): _ = try requirePerson(id, field: "head")
        case .supportRequest(let id): _ = try requireSupportRequest(id)
        case .engagement(let id), .feedback(let id): _ = try requireEngagement(id)
        case .supporterProfile(let id): _ = try requireSupporter(id)
        case .supporterAdministration, .qaReport: break
        }
    }
}
