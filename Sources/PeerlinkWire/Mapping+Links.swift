public import PeerlinkCore

// School-to-school links: match queries and hits, requests, links, local networks, coverage.

/// Parses a link mode ("in-person", "online", "any"; empty is any), or throws naming `field`.
public func parseLinkMode(_ raw: String, field: String = "mode") throws(PeerlinkError) -> LinkMode {
    guard let mode = LinkMode(parsing: raw) else {
        let allowed = LinkMode.allCases.map(\.rawValue).joined(separator: ", ")
        throw .badRequest("'\(raw)' is not a valid \(field); use one of: \(allowed)", field: field)
    }
    return mode
}

extension LinkQuery {
    /// A query from the protocol; a limit of 0 means the default.
    public init(wire w: Peerlink_V1_LinkMatch) throws(PeerlinkError) {
        self.init(
            urn: Int(w.urn), area: w.area, mode: try parseLinkMode(w.mode), maxKm: w.hasMaxKm ? w.maxKm : nil,
            related: w.related, crossPhase: w.crossPhase, limit: w.limit == 0 ? LinkQuery.defaultLimit : Int(w.limit),
            weights: w.weights)
    }
}

// Link match replies are written straight to bytes by `LinkMatchEncoding.swift`.

extension Directory {
    /// A request with its school's and area's names.
    public func linkRequestView(_ r: LinkRequest) -> Peerlink_V1_LinkRequestView {
        var w = Peerlink_V1_LinkRequestView()
        w.id = r.id
        w.urn = Int32(r.urn)
        w.schoolName = schools[r.urn]?.name ?? ""
        w.area = r.areaID
        w.areaName = areas[r.areaID]?.name ?? r.areaID
        w.notes = r.notes
        w.mode = r.mode.rawValue
        w.status = r.status.rawValue
        if let by = r.createdBy { w.createdBy = by }
        w.createdByRole = r.createdByRole.rawValue
        w.createdAt = r.createdAt
        w.updatedAt = r.updatedAt
        return w
    }

    /// A link with both schools' names, the nominee and the nomination's load now.
    public func linkView(_ l: Link) -> Peerlink_V1_LinkView {
        var w = Peerlink_V1_LinkView()
        w.id = l.id
        w.requestID = l.requestID
        w.nominationID = l.nominationID
        w.requesterUrn = Int32(l.requesterURN)
        w.requesterName = schools[l.requesterURN]?.name ?? ""
        w.nomineeUrn = Int32(l.nomineeURN)
        w.nomineeSchoolName = schools[l.nomineeURN]?.name ?? ""
        if let n = nominations[l.nominationID] {
            if let p = people[n.personID] {
                w.nomineeName = p.name
                w.nomineeEmail = p.email
            }
            w.nomineeCapacity = UInt32(n.capacity)
        }
        w.nomineeOpenLinks = UInt32(links.openLinks(forNomination: l.nominationID))
        w.area = l.areaID
        w.areaName = areas[l.areaID]?.name ?? l.areaID
        w.mode = l.mode.rawValue
        if let by = l.madeBy { w.madeBy = by }
        w.madeByRole = l.madeByRole.rawValue
        w.createdAt = l.createdAt
        w.status = l.status.rawValue
        if let closed = l.closedAt { w.closedAt = closed }
        w.outcome = l.outcome
        return w
    }

    /// A network with its members' names.
    public func networkView(_ n: LocalNetwork) -> Peerlink_V1_LocalNetwork {
        var w = Peerlink_V1_LocalNetwork()
        w.id = n.id
        w.name = n.name
        w.createdAt = n.createdAt
        w.members = n.members.map { urn in
            var m = Peerlink_V1_LocalNetworkMember()
            m.urn = Int32(urn)
            m.name = schools[urn]?.name ?? ""
            return m
        }
        return w
    }
}

extension CoverageReport {
    public var wire: Peerlink_V1_LinkCoverageReport {
        var w = Peerlink_V1_LinkCoverageReport()
        w.by = grouping.rawValue
        w.phase = phase?.rawValue ?? ""
        w.allGroups = allGroups
        w.areas = areas.map { a in
            var row = Peerlink_V1_LinkAreaCoverage()
            row.area = a.areaID
            row.areaName = a.areaName
            row.total = UInt32(a.total)
            row.groups = a.groups.map { g in
                var c = Peerlink_V1_LinkCoverageCount()
                c.group = g.group
                c.count = UInt32(g.count)
                c.openRequests = UInt32(g.openRequests)
                return c
            }
            row.openRequests = UInt32(a.openRequests)
            row.groupsWithNone = a.groupsWithNone
            return row
        }
        w.areasWithNone = areasWithNone
        w.askedWithNone = askedWithNone
        return w
    }
}
