public import PeerlinkCore

// Peer-support records (schema/0005-peer-support.sql). Lists with an order (skills, concerns, ratings) are
// child rows rewritten on every write; dates are ISO text, a meeting's start its local ISO text.

extension Statement {
    fileprivate func requiredDay(_ i: Int32) throws(SQLiteError) -> Day {
        guard let d = day(i) else {
            throw SQLiteError(code: 11, message: "unexpected date '\(text(i))' in column \(i)", sql: sql)
        }
        return d
    }

    fileprivate func rating(_ i: Int32) throws(SQLiteError) -> NeedsRating {
        guard let r = NeedsRating(rawValue: Int(int(i))) else {
            throw SQLiteError(code: 11, message: "unexpected rating \(int(i)) in column \(i)", sql: sql)
        }
        return r
    }
}

extension SupporterProfile: StoredRecord {
    static let columns = [
        "id", "person_id", "summary", "regions_served", "capacity", "status", "training_completed", "coaching_record",
        "knows_local_processes", "recorded_inspection", "created_at", "updated_at",
    ]

    static func loadAll(from db: Database, _ body: (SupporterProfile) -> Void) throws(SQLiteError) {
        var skills: [Int64: [String]] = [:]
        try db.query("SELECT profile_id, area_id FROM supporter_skills ORDER BY profile_id, position") { s in
            skills[s.int(0), default: []].append(s.text(1))
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM supporter_profiles ORDER BY id") {
            s throws(SQLiteError) in
            let id = s.int(0)
            body(
                SupporterProfile(
                    id: id, personID: s.int(1), summary: s.text(2), skills: skills[id] ?? [],
                    regionsServed: s.text(3).split(separator: "|").map(String.init), capacity: Int(s.int(4)),
                    status: try s.enumValue(5, as: SupporterStatus.self), trainingCompleted: s.day(6),
                    coachingRecord: s.text(7), knowsLocalProcesses: s.int(8) != 0,
                    recordedInspection: s.optionalText(9).flatMap { InspectionOutcome(rawValue: $0) },
                    createdAt: s.int(10), updatedAt: s.int(11)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("supporter_profiles", key: "id", columns: SupporterProfile.columns,
            [
                .int(id), .int(personID), .text(summary), .text(regionsServed.joined(separator: "|")), .int(capacity),
                .text(status.rawValue), .text(trainingCompleted?.description), .text(coachingRecord),
                .bool(knowsLocalProcesses), .text(recordedInspection?.rawValue), .int(createdAt), .int(updatedAt),
            ])
        try db.run("DELETE FROM supporter_skills WHERE profile_id = ?", [.int(id)])
        for (i, area) in skills.enumerated() {
            try db.run(
                "INSERT INTO supporter_skills (profile_id, position, area_id) VALUES (?, ?, ?)",
                [.int(id), .int(i), .text(area)])
        }
    }
}

extension SupervisionMeeting: StoredRecord {
    static let columns = ["id", "profile_id", "day", "minutes", "recorded_at"]

    static func loadAll(from db: Database, _ body: (SupervisionMeeting) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM supervision_meetings ORDER BY id") {
            s throws(SQLiteError) in
            body(
                SupervisionMeeting(
                    id: s.int(0), profileID: s.int(1), day: try s.requiredDay(2), minutes: Int(s.int(3)),
                    recordedAt: s.int(4)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("supervision_meetings", key: "id", columns: SupervisionMeeting.columns,
            [.int(id), .int(profileID), .text(day.description), .int(minutes), .int(recordedAt)])
    }
}

extension NeedsAssessment: StoredRecord {
    static let columns = ["id", "head_id", "assessed_on", "created_at"]

    static func loadAll(from db: Database, _ body: (NeedsAssessment) -> Void) throws(SQLiteError) {
        var ratings: [Int64: [String: NeedsRating]] = [:]
        try db.query("SELECT assessment_id, area_id, rating FROM needs_ratings") { s throws(SQLiteError) in
            ratings[s.int(0), default: [:]][s.text(1)] = try s.rating(2)
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM needs_assessments ORDER BY id") {
            s throws(SQLiteError) in
            let id = s.int(0)
            body(
                NeedsAssessment(
                    id: id, headID: s.int(1), assessedOn: try s.requiredDay(2), ratings: ratings[id] ?? [:],
                    createdAt: s.int(3)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("needs_assessments", key: "id", columns: NeedsAssessment.columns,
            [.int(id), .int(headID), .text(assessedOn.description), .int(createdAt)])
        try db.run("DELETE FROM needs_ratings WHERE assessment_id = ?", [.int(id)])
        for (area, rating) in ratings.sorted(by: { $0.key < $1.key }) {
            try db.run(
                "INSERT INTO needs_ratings (assessment_id, area_id, rating) VALUES (?, ?, ?)",
                [.int(id), .text(area), .int(rating.rawValue)])
        }
    }
}

extension NeedsTarget: StoredRecord {
    static let columns = [
        "id", "head_id", "area_id", "text", "due", "success_criteria", "status", "baseline", "created_on",
        "updated_at",
    ]

    static func loadAll(from db: Database, _ body: (NeedsTarget) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM needs_targets ORDER BY id") {
            s throws(SQLiteError) in
            body(
                NeedsTarget(
                    id: s.int(0), headID: s.int(1), areaID: s.text(2), text: s.text(3), due: try s.requiredDay(4),
                    successCriteria: s.text(5), status: try s.enumValue(6, as: TargetStatus.self),
                    baseline: s.optionalInt(7).flatMap { NeedsRating(rawValue: Int($0)) },
                    createdOn: try s.requiredDay(8), updatedAt: s.int(9)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("needs_targets", key: "id", columns: NeedsTarget.columns,
            [
                .int(id), .int(headID), .text(areaID), .text(text), .text(due.description), .text(successCriteria),
                .text(status.rawValue), .int(baseline?.rawValue), .text(createdOn.description), .int(updatedAt),
            ])
    }
}

extension TargetReview: StoredRecord {
    static let columns = ["id", "target_id", "reviewed_on", "rating", "note", "status_after", "created_at"]

    static func loadAll(from db: Database, _ body: (TargetReview) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM target_reviews ORDER BY id") {
            s throws(SQLiteError) in
            body(
                TargetReview(
                    id: s.int(0), targetID: s.int(1), reviewedOn: try s.requiredDay(2), rating: try s.rating(3),
                    note: s.text(4), statusAfter: try s.enumValue(5, as: TargetStatus.self), createdAt: s.int(6)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("target_reviews", key: "id", columns: TargetReview.columns,
            [
                .int(id), .int(targetID), .text(reviewedOn.description), .int(rating.rawValue), .text(note),
                .text(statusAfter.rawValue), .int(createdAt),
            ])
    }
}

extension SupportRequest: StoredRecord {
    static let columns = ["id", "head_id", "mode", "status", "created_at", "updated_at"]

    static func loadAll(from db: Database, _ body: (SupportRequest) -> Void) throws(SQLiteError) {
        var concerns: [Int64: [String]] = [:]
        try db.query("SELECT request_id, area_id FROM support_request_concerns ORDER BY request_id, position") { s in
            concerns[s.int(0), default: []].append(s.text(1))
        }
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM support_requests ORDER BY id") {
            s throws(SQLiteError) in
            let id = s.int(0)
            body(
                SupportRequest(
                    id: id, headID: s.int(1), concerns: concerns[id] ?? [], mode: try s.enumValue(2, as: Mode.self),
                    status: try s.enumValue(3, as: SupportRequestStatus.self), createdAt: s.int(4),
                    updatedAt: s.int(5)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("support_requests", key: "id", columns: SupportRequest.columns,
            [.int(id), .int(headID), .text(mode.rawValue), .text(status.rawValue), .int(createdAt), .int(updatedAt)])
        try db.run("DELETE FROM support_request_concerns WHERE request_id = ?", [.int(id)])
        for (i, area) in concerns.enumerated() {
            try db.run(
                "INSERT INTO support_request_concerns (request_id, position, area_id) VALUES (?, ?, ?)",
                [.int(id), .int(i), .text(area)])
        }
    }
}

extension SupportDecline: StoredRecord {
    static func loadAll(from db: Database, _ body: (SupportDecline) -> Void) throws(SQLiteError) {
        try db.query("SELECT request_id, profile_id, declined_at FROM support_declines ORDER BY request_id, profile_id")
        { s in
            body(SupportDecline(requestID: s.int(0), profileID: s.int(1), declinedAt: s.int(2)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.run(
            "INSERT INTO support_declines (request_id, profile_id, declined_at) VALUES (?, ?, ?) "
                + "ON CONFLICT(request_id, profile_id) DO UPDATE SET declined_at = excluded.declined_at",
            [.int(requestID), .int(profileID), .int(declinedAt)])
    }
}

extension Engagement: StoredRecord {
    static let columns = [
        "id", "request_id", "head_id", "profile_id", "start_day", "end_day", "extensions", "status", "closed_on",
        "created_at", "updated_at", "review_due_notified_for",
    ]

    static func loadAll(from db: Database, _ body: (Engagement) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM engagements ORDER BY id") {
            s throws(SQLiteError) in
            body(
                Engagement(
                    id: s.int(0), requestID: s.int(1), headID: s.int(2), profileID: s.int(3),
                    start: try s.requiredDay(4), end: try s.requiredDay(5), extensions: Int(s.int(6)),
                    status: try s.enumValue(7, as: EngagementStatus.self), closedOn: s.day(8), createdAt: s.int(9),
                    updatedAt: s.int(10), reviewNoticeFor: s.day(11)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("engagements", key: "id", columns: Engagement.columns,
            [
                .int(id), .int(requestID), .int(headID), .int(profileID), .text(start.description),
                .text(end.description), .int(extensions), .text(status.rawValue), .text(closedOn?.description),
                .int(createdAt), .int(updatedAt), .text(reviewNoticeFor?.description),
            ])
    }
}

extension EngagementMeeting: StoredRecord {
    static let columns = [
        "id", "engagement_id", "starts_at", "minutes", "mode", "recorded_by", "recorded_at", "deleted_at",
    ]

    static func loadAll(from db: Database, _ body: (EngagementMeeting) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM engagement_meetings ORDER BY id") {
            s throws(SQLiteError) in
            guard let start = LocalDateTime(iso: s.text(2)) else {
                throw SQLiteError(code: 11, message: "unexpected meeting start '\(s.text(2))'", sql: s.sql)
            }
            body(
                EngagementMeeting(
                    id: s.int(0), engagementID: s.int(1), start: start, minutes: Int(s.int(3)),
                    mode: try s.enumValue(4, as: Mode.self), recordedBy: s.optionalInt(5), recordedAt: s.int(6),
                    deletedAt: s.optionalInt(7)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("engagement_meetings", key: "id", columns: EngagementMeeting.columns,
            [
                .int(id), .int(engagementID), .text(start.description), .int(minutes), .text(mode.rawValue),
                .int(recordedBy), .int(recordedAt), .int(deletedAt),
            ])
    }
}

extension EngagementReview: StoredRecord {
    static let columns = ["id", "engagement_id", "reviewed_on", "decision", "until", "recorded_by", "recorded_at"]

    static func loadAll(from db: Database, _ body: (EngagementReview) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM engagement_reviews ORDER BY id") {
            s throws(SQLiteError) in
            body(
                EngagementReview(
                    id: s.int(0), engagementID: s.int(1), reviewedOn: try s.requiredDay(2),
                    decision: try s.enumValue(3, as: ReviewDecision.self), until: s.day(4),
                    recordedBy: s.optionalInt(5), recordedAt: s.int(6)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("engagement_reviews", key: "id", columns: EngagementReview.columns,
            [
                .int(id), .int(engagementID), .text(reviewedOn.description), .text(decision.rawValue),
                .text(until?.description), .int(recordedBy), .int(recordedAt),
            ])
    }
}

extension EngagementFeedback: StoredRecord {
    static let columns = ["engagement_id", "rating", "comment", "shared", "given_by", "given_at"]

    static func loadAll(from db: Database, _ body: (EngagementFeedback) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM engagement_feedback ORDER BY engagement_id") { s in
            body(
                EngagementFeedback(
                    engagementID: s.int(0), rating: Int(s.int(1)), comment: s.optionalText(2), shared: s.int(3) != 0,
                    givenBy: s.int(4), givenAt: s.int(5)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("engagement_feedback", key: "engagement_id", columns: EngagementFeedback.columns,
            [.int(engagementID), .int(rating), .text(comment), .bool(shared), .int(givenBy), .int(givenAt)])
    }
}

extension SafeguardingEscalation: StoredRecord {
    static let columns = ["id", "engagement_id", "contact_name", "raised_by", "raised_by_role", "raised_at"]

    static func loadAll(from db: Database, _ body: (SafeguardingEscalation) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM safeguarding_escalations ORDER BY id") {
            s throws(SQLiteError) in
            body(
                SafeguardingEscalation(
                    id: s.int(0), engagementID: s.int(1), contactName: s.text(2), raisedBy: s.optionalInt(3),
                    raisedByRole: try s.enumValue(4, as: Role.self), raisedAt: s.int(5)))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        try db.upsert("safeguarding_escalations", key: "id", columns: SafeguardingEscalation.columns,
            [
                .int(id), .int(engagementID), .text(contactName), .int(raisedBy), .text(raisedByRole.rawValue),
                .int(raisedAt),
            ])
    }
}
