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
    /// `resource`: `authorize(.peerSupport(resource, access), by:)`, where the rules are (`Authority.swift`).
    public func authorizePeerSupport(
        _ resource: PeerSupportResource, _ access: AccessKind, role: Role, personID: Int64?
    ) throws(PeerlinkError) {
        try authorize(.peerSupport(resource, access), by: Caller(personID: personID, role: role))
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
}
