public import PeerlinkCore

/// A directory record with a table: how to load every row and how to write one record.
///
/// Each record type conforms in its own `Type+Store.swift` file and is listed once in `Store.recordTypes`.
protocol StoredRecord: DirectoryRecord {
    /// Calls `body` with every stored record, in an order that respects references.
    static func loadAll(from db: Database, _ body: (Self) -> Void) throws(SQLiteError)
    /// Inserts or updates this record (and its child rows) inside the current transaction.
    func write(to db: Database) throws(SQLiteError)
    /// As `write(to:)`, given the version the database holds (`Change.earlier`), so only what differs need be
    /// written. By default the whole record is written.
    func write(to db: Database, replacing earlier: any DirectoryRecord) throws(SQLiteError)
}

extension StoredRecord {
    func write(to db: Database, replacing earlier: any DirectoryRecord) throws(SQLiteError) {
        try write(to: db)
    }
}

extension Store {
    /// Every stored record type in load order: a type is loaded after the types it refers to.
    static let recordTypes: [any StoredRecord.Type] = [
        Area.self, School.self, Person.self, Nomination.self, AccessToken.self,
        AuditEntry.self,
        Succession.self, SchoolInspection.self, CalendarEntry.self,  // register and calendar
        // links:
        LinkRequest.self, Link.self, LocalNetwork.self,
        // peer support:
        SupporterProfile.self, SupervisionMeeting.self, NeedsAssessment.self, NeedsTarget.self, TargetReview.self,
        SupportRequest.self, SupportDecline.self, Engagement.self, EngagementMeeting.self, EngagementReview.self,
        EngagementFeedback.self, SafeguardingEscalation.self,
        // cohorts:
        Cohort.self, CohortApplication.self, Facilitator.self, CohortGroup.self, CohortSession.self,
        // web front end:
        Invitation.self, OutboxMessage.self,
    ]
}

/// `UPDATE table SET each of set = ? WHERE key = ? AND each of guards IS ?` (placeholders numbered so the
/// values are the key, then `set`'s, then `guards`').
func updateSQL(_ table: String, key: String, set: [String], guards: [String]) -> String {
    let sets = set.enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
    let checks = guards.enumerated().map { " AND \($1) IS ?\($0 + 2 + set.count)" }.joined()
    return "UPDATE \(table) SET \(sets) WHERE \(key) = ?1\(checks)"
}

/// `INSERT … ON CONFLICT(key) DO UPDATE SET every other column = excluded.column`: an upsert that keeps the
/// row (and so its children) instead of deleting and re-inserting it as `INSERT OR REPLACE` would.
func upsertSQL(_ table: String, key: String, columns: [String]) -> String {
    let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
    let updates = columns.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders)) "
        + "ON CONFLICT(\(key)) DO UPDATE SET \(updates)"
}

extension Statement {
    /// Reads a column holding an enum's raw value; an unknown value is a corrupt row.
    func enumValue<E: RawRepresentable>(_ i: Int32, as: E.Type) throws(SQLiteError) -> E where E.RawValue == String {
        let raw = text(i)
        guard let v = E(rawValue: raw) else {
            throw SQLiteError(code: 11, message: "unexpected value '\(raw)' for \(E.self) in column \(i)", sql: sql)
        }
        return v
    }

    /// Stored dates are read with the calendar's whole range: a row written before client dates were held to
    /// 1900–2200 still loads (and is then refused only when a client sends such a date again).
    func day(_ i: Int32) -> Day? { optionalText(i).flatMap { Day(iso: $0, years: Day.calendarYears) } }
}

extension Area: StoredRecord {
    static let columns = ["id", "name", "kind", "parent", "phases", "aliases"]

    static func loadAll(from db: Database, _ body: (Area) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM areas ORDER BY rowid") { s throws(SQLiteError) in
            body(
                Area(
                    id: s.text(0), name: s.text(1), kind: try s.enumValue(2, as: AreaKind.self),
                    parent: s.optionalText(3),
                    phases: s.text(4).split(separator: ",").compactMap { Phase(rawValue: String($0)) },
                    aliases: s.text(5).split(separator: "|").map(String.init)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("areas", key: "id", columns: Area.columns,
            [
                .text(id), .text(name), .text(kind.rawValue), .text(parent),
                .text(phases.map(\.rawValue).joined(separator: ",")), .text(aliases.joined(separator: "|")),
            ])
    }
}

extension School: StoredRecord {
    static let columns = [
        "urn", "name", "phase", "type", "type_group", "status", "la_code", "la_name", "region", "urban_rural",
        "pupils", "capacity", "easting", "northing", "postcode", "town", "trust", "federation",
        "religious_character", "inspection", "inspection_date",
    ]

    static func loadAll(from db: Database, _ body: (School) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM schools") { s throws(SQLiteError) in
            body(
                School(
                    urn: Int(s.int(0)), name: s.text(1), phase: try s.enumValue(2, as: Phase.self), type: s.text(3),
                    typeGroup: s.text(4), status: try s.enumValue(5, as: SchoolStatus.self), laCode: Int(s.int(6)),
                    laName: s.text(7), region: s.text(8), urbanRural: s.text(9),
                    pupils: s.optionalInt(10).map { Int($0) }, capacity: s.optionalInt(11).map { Int($0) },
                    easting: s.optionalInt(12).map { Int($0) }, northing: s.optionalInt(13).map { Int($0) },
                    postcode: s.text(14), town: s.text(15), trust: s.optionalText(16), federation: s.optionalText(17),
                    religiousCharacter: s.optionalText(18),
                    inspection: s.optionalText(19).flatMap { InspectionOutcome(rawValue: $0) },
                    inspectionDate: s.day(20)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("schools", key: "urn", columns: School.columns,
            [
                .int(urn), .text(name), .text(phase.rawValue), .text(type), .text(typeGroup), .text(status.rawValue),
                .int(laCode), .text(laName), .text(region), .text(urbanRural), .int(pupils), .int(capacity),
                .int(easting), .int(northing), .text(postcode), .text(town), .text(trust), .text(federation),
                .text(religiousCharacter), .text(inspection?.rawValue), .text(inspectionDate?.description),
            ])
    }
}

extension Person: StoredRecord {
    static let columns = [
        "id", "name", "email", "urn", "role", "headship_start", "npqh", "withdrawn_earlier", "erased",
    ]

    static func loadAll(from db: Database, _ body: (Person) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM people") { s in
            body(
                Person(
                    id: s.int(0), name: s.text(1), email: s.text(2), urn: Int(s.int(3)), role: s.text(4),
                    headshipStart: s.day(5), npqh: s.optionalText(6).flatMap { NPQHStatus(rawValue: $0) },
                    withdrawnFromEarlierOffer: s.int(7) != 0, erased: s.int(8) != 0))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("people", key: "id", columns: Person.columns,
            [
                .int(id), .text(name), .text(email), .int(urn), .text(role), .text(headshipStart?.description),
                .text(npqh?.rawValue), .bool(withdrawnFromEarlierOffer), .bool(erased),
            ])
    }
}

extension Nomination: StoredRecord {
    static let columns = [
        "id", "person_id", "urn", "nominated_by", "consent", "capacity", "modes", "status", "created_at", "updated_at",
    ]

    static func loadAll(from db: Database, _ body: (Nomination) -> Void) throws(SQLiteError) {
        var areas: [Int64: [NominatedArea]] = [:]
        try db.query("SELECT nomination_id, area_id, strength FROM nomination_areas ORDER BY nomination_id, position") {
            s in
            areas[s.int(0), default: []].append(NominatedArea(areaID: s.text(1), strength: s.text(2)))
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM nominations ORDER BY id") { s throws(SQLiteError) in
            let id = s.int(0)
            body(
                Nomination(
                    id: id, personID: s.int(1), urn: Int(s.int(2)), areas: areas[id] ?? [],
                    nominatedBy: s.optionalInt(3), consent: s.int(4) != 0, capacity: Int(s.int(5)),
                    modes: s.text(6).split(separator: ",").compactMap { Mode(rawValue: String($0)) },
                    status: try s.enumValue(7, as: NominationStatus.self), createdAt: s.int(8), updatedAt: s.int(9)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("nominations", key: "id", columns: Nomination.columns,
            [
                .int(id), .int(personID), .int(urn), .int(nominatedBy), .bool(consent), .int(capacity),
                .text(modes.map(\.rawValue).joined(separator: ",")), .text(status.rawValue), .int(createdAt),
                .int(updatedAt),
            ])
        try writeAreas(to: db)
    }

    /// Columns a nomination update may change; the others (the people and school it names, when it was made)
    /// stay as they were written, so updating in place leaves their foreign keys unchecked.
    static let mutableColumns = ["consent", "capacity", "modes", "status", "updated_at"]
    static let fixedColumns = ["person_id", "urn", "nominated_by", "created_at"]

    /// An update (capacity, status, consent, modes) changes the row in place and leaves the area rows alone
    /// when they are as they were: with the upsert and area rows rewritten a nomination update cost the writer
    /// thread about three times as much. The in-place update checks the fixed columns hold what `earlier`
    /// says; if not, the whole record is written.
    func write(to db: Database, replacing earlier: any DirectoryRecord) throws(SQLiteError) {
        guard let earlier = earlier as? Nomination, earlier.id == id, earlier.personID == personID,
            earlier.urn == urn, earlier.nominatedBy == nominatedBy, earlier.createdAt == createdAt
        else { return try write(to: db) }
        let updated = try db.update(
            "nominations", key: "id", set: Nomination.mutableColumns, guards: Nomination.fixedColumns,
            [
                .int(id), .bool(consent), .int(capacity), .text(modes.map(\.rawValue).joined(separator: ",")),
                .text(status.rawValue), .int(updatedAt), .int(personID), .int(urn), .int(nominatedBy), .int(createdAt),
            ])
        guard updated else { return try write(to: db) }
        if earlier.areas != areas { try writeAreas(to: db) }
    }

    /// Writes the area rows, only those that differ: most updates leave the areas as they were, and deleting
    /// and re-inserting them dirtied three more pages per change for the WAL and checkpoint.
    private func writeAreas(to db: Database) throws(SQLiteError) {
        try db.run(
            "DELETE FROM nomination_areas WHERE nomination_id = ? AND position >= ?", [.int(id), .int(areas.count)])
        for (i, a) in areas.enumerated() {
            try db.run(
                "INSERT INTO nomination_areas (nomination_id, position, area_id, strength) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (nomination_id, position) DO UPDATE SET area_id = excluded.area_id, "
                    + "strength = excluded.strength WHERE area_id <> excluded.area_id OR strength <> excluded.strength",
                [.int(id), .int(i), .text(a.areaID), .text(a.strength)])
        }
    }
}

extension AccessToken: StoredRecord {
    static let columns = ["id", "role", "person_id", "secret_hash", "label", "created_at", "expires_at", "revoked_at"]

    static func loadAll(from db: Database, _ body: (AccessToken) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM tokens") { s throws(SQLiteError) in
            body(
                AccessToken(
                    id: s.int(0), role: try s.enumValue(1, as: Role.self), personID: s.optionalInt(2),
                    secretHash: s.text(3), label: s.text(4), createdAt: s.int(5), expiresAt: s.optionalInt(6),
                    revokedAt: s.optionalInt(7)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("tokens", key: "id", columns: AccessToken.columns,
            [
                .int(id), .text(role.rawValue), .int(personID), .text(secretHash), .text(label), .int(createdAt),
                .int(expiresAt), .int(revokedAt),
            ])
    }
}
