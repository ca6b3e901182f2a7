public import PeerlinkCore

extension Succession: StoredRecord {
    static let columns = ["predecessor", "successor", "link_type", "link_date"]

    static func loadAll(from db: Database, _ body: (Succession) -> Void) throws(SQLiteError) {
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM successions ORDER BY predecessor, successor"
        try db.query(sql) { s in
            body(Succession(predecessor: Int(s.int(0)), successor: Int(s.int(1)), linkType: s.text(2), date: s.day(3)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.run(
            "INSERT INTO successions (predecessor, successor, link_type, link_date) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT(predecessor, successor) DO UPDATE SET link_type = excluded.link_type, "
                + "link_date = excluded.link_date",
            [.int(predecessor), .int(successor), .text(linkType), .text(date?.description)])
    }
}
