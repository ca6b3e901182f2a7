public import PeerlinkCore

// Core values ↔ protocol messages. Enumerations travel as their Core raw values ("in-person").
// Parsing a message into Core throws a PeerlinkError naming the protocol field at fault.

extension PeerlinkError {
    public var wire: Peerlink_V1_Error {
        var e = Peerlink_V1_Error()
        e.code = code.rawValue
        e.message = message
        e.field = field ?? ""
        return e
    }

    public init(wire e: Peerlink_V1_Error) {
        self.init(ErrorCode(rawValue: e.code) ?? .internal, e.message, field: e.field.isEmpty ? nil : e.field)
    }
}

/// Parses an enumerated string field, or throws naming the field and the allowed values.
public func parseEnum<E: RawRepresentable & CaseIterable>(_ raw: String, _ type: E.Type, field: String)
    throws(PeerlinkError) -> E where E.RawValue == String
{
    if let v = E(rawValue: raw.lowercased()) { return v }
    let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
    throw .badRequest("'\(raw)' is not a valid \(field); use one of: \(allowed)", field: field)
}

extension School {
    public var wire: Peerlink_V1_School {
        var w = Peerlink_V1_School()
        w.urn = Int32(urn)
        w.name = name
        w.phase = phase.rawValue
        w.type = type
        w.typeGroup = typeGroup
        w.status = status.rawValue
        w.laCode = Int32(laCode)
        w.laName = laName
        w.region = region
        w.urbanRural = urbanRural
        if let pupils { w.pupils = Int32(pupils) }
        if let capacity { w.capacity = Int32(capacity) }
        if let easting { w.easting = Int32(easting) }
        if let northing { w.northing = Int32(northing) }
        w.postcode = postcode
        w.town = town
        w.trust = trust ?? ""
        w.federation = federation ?? ""
        w.religiousCharacter = religiousCharacter ?? ""
        w.inspection = inspection?.rawValue ?? ""
        w.inspectionDate = inspectionDate?.description ?? ""
        return w
    }

    /// A school from the protocol; phase and status accept the register's words too.
    public init(wire w: Peerlink_V1_School) throws(PeerlinkError) {
        guard let phase = Phase(parsing: w.phase) else {
            let allowed = Phase.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badRequest("'\(w.phase)' is not a phase; use one of: \(allowed)", field: "phase")
        }
        let status = w.status.isEmpty ? SchoolStatus.open : try parseEnum(w.status, SchoolStatus.self, field: "status")
        var inspection: InspectionOutcome?
        if !w.inspection.isEmpty {
            guard let i = InspectionOutcome(parsing: w.inspection) else {
                throw .badRequest(
                    "'\(w.inspection)' is not an inspection outcome; use outstanding, good, requires-improvement or inadequate",
                    field: "inspection")
            }
            inspection = i
        }
        var inspectionDate: Day?
        if !w.inspectionDate.isEmpty {
            guard let d = Day(iso: w.inspectionDate) else {
                throw .badRequest("inspection_date must be YYYY-MM-DD, got '\(w.inspectionDate)'", field: "inspection_date")
            }
            inspectionDate = d
        }
        func nonEmpty(_ s: String) -> String? {
            let t = Text.tidy(s)
            return t.isEmpty ? nil : t
        }
        self.init(
            urn: Int(w.urn), name: Text.tidy(w.name), phase: phase, type: w.type, typeGroup: w.typeGroup,
            status: status, laCode: Int(w.laCode), laName: Text.tidy(w.laName), region: w.region,
            urbanRural: w.urbanRural, pupils: w.hasPupils ? Int(w.pupils) : nil,
            capacity: w.hasCapacity ? Int(w.capacity) : nil, easting: w.hasEasting ? Int(w.easting) : nil,
            northing: w.hasNorthing ? Int(w.northing) : nil, postcode: w.postcode, town: w.town,
            trust: nonEmpty(w.trust), federation: nonEmpty(w.federation),
            religiousCharacter: nonEmpty(w.religiousCharacter), inspection: inspection, inspectionDate: inspectionDate)
    }
}

extension Area {
    public var wire: Peerlink_V1_Area {
        var w = Peerlink_V1_Area()
        w.id = id
        w.name = name
        w.kind = kind.rawValue
        w.parent = parent ?? ""
        w.phases = phases.map(\.rawValue)
        w.aliases = aliases
        return w
    }
}

extension Person {
    public var wire: Peerlink_V1_Person {
        var w = Peerlink_V1_Person()
        w.id = id
        w.name = name
        w.email = email
        w.urn = Int32(urn)
        w.role = role
        w.headshipStart = headshipStart?.description ?? ""
        w.npqh = npqh?.rawValue ?? ""
        w.withdrawnFromEarlierOffer = withdrawnFromEarlierOffer
        return w
    }
}

extension Nomination {
    public var wire: Peerlink_V1_Nomination {
        var w = Peerlink_V1_Nomination()
        w.id = id
        w.personID = personID
        w.urn = Int32(urn)
        w.areas = areas.map { a in
            var n = Peerlink_V1_NominatedArea()
            n.area = a.areaID
            n.strength = a.strength
            return n
        }
        if let nominatedBy { w.nominatedBy = nominatedBy }
        w.consent = consent
        w.capacity = UInt32(capacity)
        w.modes = modes.map(\.rawValue)
        w.status = status.rawValue
        w.createdAt = createdAt
        w.updatedAt = updatedAt
        return w
    }
}

extension Directory {
    /// A nomination with its nominee and school name, as listings show it.
    public func nominationView(_ n: Nomination) -> Peerlink_V1_NominationView {
        var v = Peerlink_V1_NominationView()
        v.nomination = n.wire
        v.nomination.openLinks = UInt32(links.openLinks(forNomination: n.id))
        if let p = people[n.personID] { v.nominee = p.wire }
        v.schoolName = schools[n.urn]?.name ?? ""
        return v
    }
}

extension AccessToken {
    public var wire: Peerlink_V1_Token {
        var w = Peerlink_V1_Token()
        w.id = id
        w.role = role.rawValue
        if let personID { w.personID = personID }
        w.label = label
        w.createdAt = createdAt
        if let expiresAt { w.expiresAt = expiresAt }
        if let revokedAt { w.revokedAt = revokedAt }
        return w
    }
}

/// Parses `in-person` / `online` strings; throws naming `field`.
public func parseModes(_ raw: [String], field: String = "modes") throws(PeerlinkError) -> [Mode] {
    var out: [Mode] = []
    for (i, m) in raw.enumerated() {
        out.append(try parseEnum(m, Mode.self, field: "\(field)[\(i)]"))
    }
    return out
}

extension Array where Element == Peerlink_V1_NominatedArea {
    /// (area reference, strength) pairs for Core.
    public var core: [(area: String, strength: String)] { map { ($0.area, $0.strength) } }
}
