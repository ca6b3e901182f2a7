public import PeerlinkCore

// Early-headship cohorts (schema/0006-cohorts.sql). Load order: cohorts, applications, facilitators, groups
// (with their members), sessions.

extension Cohort: StoredRecord {
    static let columns = [
        "id", "name", "name_key", "cap", "min_group_size", "max_group_size", "start_day", "created_at", "session_start",
        "session_weekdays",
    ]

    static func loadAll(from db: Database, _ body: (Cohort) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM cohorts ORDER BY id") { s throws(SQLiteError) in
            guard let start = s.day(6) else {
                throw SQLiteError(code: 11, message: "cohort \(s.int(0)) has start_day '\(s.text(6))'", sql: s.sql)
            }
            body(
                Cohort(
                    id: s.int(0), name: s.text(1), cap: s.optionalInt(3).map { Int($0) }, minGroupSize: Int(s.int(4)),
                    maxGroupSize: Int(s.int(5)), start: start, createdAt: s.int(7),
                    sessionStart: s.optionalInt(8).map { Int($0) },
                    sessionWeekdays: s.text(9).split(separator: ",").compactMap { Int($0) }))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("cohorts", key: "id", columns: Cohort.columns,
            [
                .int(id), .text(name), .text(Text.foldKey(name)), .int(cap), .int(minGroupSize), .int(maxGroupSize),
                .text(start.description), .int(createdAt), .int(sessionStart),
                .text(sessionWeekdays.map(String.init).joined(separator: ",")),
            ])
    }
}

extension CohortApplication: StoredRecord {
    static let columns = ["id", "cohort_id", "person_id", "applied_at", "status", "position", "updated_at"]

    static func loadAll(from db: Database, _ body: (CohortApplication) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM cohort_applications ORDER BY id") {
            s throws(SQLiteError) in
            body(
                CohortApplication(
                    id: s.int(0), cohortID: s.int(1), personID: s.int(2), appliedAt: s.int(3),
                    status: try s.enumValue(4, as: CohortApplicationStatus.self), position: Int(s.int(5)),
                    updatedAt: s.int(6)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("cohort_applications", key: "id", columns: CohortApplication.columns,
            [
                .int(id), .int(cohortID), .int(personID), .int(appliedAt), .text(status.rawValue), .int(position),
                .int(updatedAt),
            ])
    }
}

extension Facilitator: StoredRecord {
    static let columns = ["id", "cohort_id", "person_id", "max_groups"]

    static func loadAll(from db: Database, _ body: (Facilitator) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM cohort_facilitators ORDER BY id") { s in
            body(Facilitator(id: s.int(0), cohortID: s.int(1), personID: s.int(2), maxGroups: Int(s.int(3))))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("cohort_facilitators", key: "id", columns: Facilitator.columns,
            [.int(id), .int(cohortID), .int(personID), .int(maxGroups)])
    }
}

extension CohortGroup: StoredRecord {
    static let columns = ["id", "cohort_id", "number", "phase", "facilitator_id", "dissolved", "formed_at"]

    static func loadAll(from db: Database, _ body: (CohortGroup) -> Void) throws(SQLiteError) {
        var members: [Int64: [Int64]] = [:]
        try db.query("SELECT group_id, person_id FROM cohort_group_members ORDER BY group_id, person_id") { s in
            members[s.int(0), default: []].append(s.int(1))
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM cohort_groups ORDER BY id") {
            s throws(SQLiteError) in
            let id = s.int(0)
            body(
                CohortGroup(
                    id: id, cohortID: s.int(1), number: Int(s.int(2)), phase: try s.enumValue(3, as: CohortPhase.self),
                    memberIDs: members[id] ?? [], facilitatorID: s.optionalInt(4), dissolved: s.int(5) != 0,
                    formedAt: s.int(6)))
        }
    }

    /// Writes the group and rewrites its member rows.
    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("cohort_groups", key: "id", columns: CohortGroup.columns,
            [
                .int(id), .int(cohortID), .int(number), .text(phase.rawValue), .int(facilitatorID), .bool(dissolved),
                .int(formedAt),
            ])
        try db.run("DELETE FROM cohort_group_members WHERE group_id = ?", [.int(id)])
        for person in memberIDs {
            try db.run("INSERT INTO cohort_group_members (group_id, person_id) VALUES (?, ?)", [.int(id), .int(person)])
        }
    }
}

extension CohortSession: StoredRecord {
    static let columns = ["id", "cohort_id", "group_id", "number", "facilitator_id", "start", "minutes", "cancelled"]

    static func loadAll(from db: Database, _ body: (CohortSession) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM cohort_sessions ORDER BY id") {
            s throws(SQLiteError) in
            guard let start = LocalDateTime(iso: s.text(5)) else {
                throw SQLiteError(code: 11, message: "cohort session \(s.int(0)) has start '\(s.text(5))'", sql: s.sql)
            }
            body(
                CohortSession(
                    id: s.int(0), cohortID: s.int(1), groupID: s.int(2), number: Int(s.int(3)),
                    facilitatorID: s.int(4), start: start, minutes: Int(s.int(6)), cancelled: s.int(7) != 0))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("cohort_sessions", key: "id", columns: CohortSession.columns,
            [
                .int(id), .int(cohortID), .int(groupID), .int(number), .int(facilitatorID), .text(start.description),
                .int(minutes), .bool(cancelled),
            ])
    }
}
