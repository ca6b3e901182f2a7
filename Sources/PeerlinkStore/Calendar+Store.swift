public import PeerlinkCore

extension CalendarEntry: StoredRecord {
    static func loadAll(from db: Database, _ body: (CalendarEntry) -> Void) throws(SQLiteError) {
        try db.query("SELECT kind, la_code, first, last, name FROM calendar_entries ORDER BY first, la_code, kind") {
            s throws(SQLiteError) in
            guard let first = s.day(2), let last = s.day(3) else {
                throw SQLiteError(code: 11, message: "a calendar entry has no readable dates", sql: s.sql)
            }
            body(CalendarEntry(kind: try s.enumValue(0, as: Kind.self), laCode: Int(s.int(1)), first: first, last: last, name: s.text(4)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.run(
            "INSERT INTO calendar_entries (kind, la_code, first, last, name) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT(kind, la_code, first) DO UPDATE SET last = excluded.last, name = excluded.name",
            [.text(kind.rawValue), .int(laCode), .text(first.description), .text(last.description), .text(name)])
    }
}
