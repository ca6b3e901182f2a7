public import PeerlinkCore

extension AuditEntry: StoredRecord {
    static let columns = ["id", "at", "role", "person_id", "operation", "target"]

    /// Loads only the most recent entries memory keeps; the rest stay in the file.
    static func loadAll(from db: Database, _ body: (AuditEntry) -> Void) throws(SQLiteError) {
        var newestFirst: [AuditEntry] = []
        try db.query(
            "SELECT \(columns.joined(separator: ", ")) FROM audit ORDER BY id DESC LIMIT \(AuditLog.retained)"
        ) { s throws(SQLiteError) in
            newestFirst.append(
                AuditEntry(
                    id: s.int(0), at: s.int(1), role: try s.enumValue(2, as: Role.self), personID: s.optionalInt(3),
                    operation: s.text(4), target: s.text(5)))
        }
        for e in newestFirst.reversed() { body(e) }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.run(
            "INSERT INTO audit (\(AuditEntry.columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?)",
            [.int(id), .int(at), .text(role.rawValue), .int(personID), .text(operation), .text(target)])
    }
}
