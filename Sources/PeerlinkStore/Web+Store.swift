public import PeerlinkCore

extension Invitation: StoredRecord {
    static let columns = [
        "id", "person_id", "role", "code_hash", "created_at", "expires_at", "redeemed_at", "token_id", "revoked_at",
    ]

    static func loadAll(from db: Database, _ body: (Invitation) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM invitations ORDER BY id") { s throws(SQLiteError) in
            body(
                Invitation(
                    id: s.int(0), personID: s.int(1), role: try s.enumValue(2, as: Role.self), codeHash: s.text(3),
                    createdAt: s.int(4), expiresAt: s.int(5), redeemedAt: s.optionalInt(6), tokenID: s.optionalInt(7),
                    revokedAt: s.optionalInt(8)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("invitations", key: "id", columns: Invitation.columns,
            [
                .int(id), .int(personID), .text(role.rawValue), .text(codeHash), .int(createdAt), .int(expiresAt),
                .int(redeemedAt), .int(tokenID), .int(revokedAt),
            ])
    }
}

extension OutboxMessage: StoredRecord {
    static let columns = [
        "id", "kind", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at", "status",
        "last_error", "sent_at",
    ]

    /// Loads only the messages still to send (memory keeps no others); the highest id is noted so that new
    /// messages never reuse a sent one's id.
    static func loadAll(from db: Database, _ body: (OutboxMessage) -> Void) throws(SQLiteError) {
        try db.query(
            "SELECT \(columns.joined(separator: ", ")) FROM outbox WHERE status = 'pending' "
                + "OR id = (SELECT max(id) FROM outbox) ORDER BY id"
        ) { s throws(SQLiteError) in
            body(
                OutboxMessage(
                    id: s.int(0), kind: try s.enumValue(1, as: OutboxKind.self), to: s.text(2), subject: s.text(3),
                    body: s.text(4), createdAt: s.int(5), attempts: Int(s.int(6)), nextAttemptAt: s.int(7),
                    status: try s.enumValue(8, as: OutboxStatus.self), lastError: s.text(9), sentAt: s.optionalInt(10)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("outbox", key: "id", columns: OutboxMessage.columns,
            [
                .int(id), .text(kind.rawValue), .text(to), .text(subject), .text(body), .int(createdAt),
                .int(Int64(attempts)), .int(nextAttemptAt), .text(status.rawValue), .text(lastError), .int(sentAt),
            ])
    }
}
