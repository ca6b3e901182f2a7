public import PeerlinkCore

// Link requests, links and local networks (schema/0004-links.sql). Loaded after nominations: a link names
// a request and a nomination, a network names schools.

extension LinkRequest: StoredRecord {
    static let columns = [
        "id", "urn", "area_id", "notes", "mode", "status", "created_by", "created_by_role", "created_at",
        "updated_at",
    ]

    static func loadAll(from db: Database, _ body: (LinkRequest) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM link_requests ORDER BY id") {
            s throws(SQLiteError) in
            body(
                LinkRequest(
                    id: s.int(0), urn: Int(s.int(1)), areaID: s.text(2), notes: s.text(3),
                    mode: try s.enumValue(4, as: LinkMode.self), status: try s.enumValue(5, as: LinkRequestStatus.self),
                    createdBy: s.optionalInt(6), createdByRole: try s.enumValue(7, as: Role.self),
                    createdAt: s.int(8), updatedAt: s.int(9)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("link_requests", key: "id", columns: LinkRequest.columns,
            [
                .int(id), .int(urn), .text(areaID), .text(notes), .text(mode.rawValue), .text(status.rawValue),
                .int(createdBy), .text(createdByRole.rawValue), .int(createdAt), .int(updatedAt),
            ])
    }
}

extension Link: StoredRecord {
    static let columns = [
        "id", "request_id", "nomination_id", "requester_urn", "nominee_urn", "area_id", "mode", "made_by",
        "made_by_role", "created_at", "status", "closed_at", "outcome",
    ]

    static func loadAll(from db: Database, _ body: (Link) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM links ORDER BY id") { s throws(SQLiteError) in
            body(
                Link(
                    id: s.int(0), requestID: s.int(1), nominationID: s.int(2), requesterURN: Int(s.int(3)),
                    nomineeURN: Int(s.int(4)), areaID: s.text(5), mode: try s.enumValue(6, as: LinkMode.self),
                    madeBy: s.optionalInt(7), madeByRole: try s.enumValue(8, as: Role.self), createdAt: s.int(9),
                    status: try s.enumValue(10, as: LinkStatus.self), closedAt: s.optionalInt(11),
                    outcome: s.text(12)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("links", key: "id", columns: Link.columns,
            [
                .int(id), .int(requestID), .int(nominationID), .int(requesterURN), .int(nomineeURN), .text(areaID),
                .text(mode.rawValue), .int(madeBy), .text(madeByRole.rawValue), .int(createdAt),
                .text(status.rawValue), .int(closedAt), .text(outcome),
            ])
    }
}

extension LocalNetwork: StoredRecord {
    static let columns = ["id", "name", "created_at"]

    static func loadAll(from db: Database, _ body: (LocalNetwork) -> Void) throws(SQLiteError) {
        var members: [Int64: [Int]] = [:]
        try db.query("SELECT network_id, urn FROM network_members ORDER BY network_id, urn") { s in
            members[s.int(0), default: []].append(Int(s.int(1)))
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM networks ORDER BY id") { s in
            let id = s.int(0)
            body(LocalNetwork(id: id, name: s.text(1), members: members[id] ?? [], createdAt: s.int(2)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("networks", key: "id", columns: LocalNetwork.columns, [.int(id), .text(name), .int(createdAt)])
        try db.run("DELETE FROM network_members WHERE network_id = ?", [.int(id)])
        for urn in members {
            try db.run("INSERT INTO network_members (network_id, urn) VALUES (?, ?)", [.int(id), .int(urn)])
        }
    }
}
