public import PeerlinkCore

extension SchoolInspection: StoredRecord {
    static let columns = [
        "urn", "inspection_number", "start_date", "publication_date", "framework", "overall", "judgements", "areas",
        "safeguarding_met", "previous_date", "previous_overall", "previous_was_predecessor",
    ]

    static func loadAll(from db: Database, _ body: (SchoolInspection) -> Void) throws(SQLiteError) {
        try db.query("SELECT \(columns.joined(separator: ", ")) FROM inspections ORDER BY urn") { s throws(SQLiteError) in
            guard let start = s.day(2) else {
                throw SQLiteError(code: 11, message: "inspection of URN \(s.int(0)) has no start date", sql: s.sql)
            }
            body(
                SchoolInspection(
                    urn: Int(s.int(0)), inspectionNumber: s.text(1), startDate: start, publicationDate: s.day(3),
                    framework: try s.enumValue(4, as: InspectionFramework.self),
                    overall: s.optionalInt(5).flatMap { FourPointGrade(rawValue: Int($0)) },
                    judgements: pairs(s.text(6)).compactMapValues { FourPointGrade(rawValue: $0) },
                    areas: pairs(s.text(7)).compactMapValues { ReportCardGrade(rawValue: $0) },
                    safeguardingMet: s.optionalInt(8).map { $0 != 0 }, previousDate: s.day(9),
                    previousOverall: s.optionalInt(10).flatMap { FourPointGrade(rawValue: Int($0)) },
                    previousWasPredecessor: s.int(11) != 0))
        }
    }

    func write(to db: Database) throws(SQLiteError) {
        func joined(_ grades: [String: Int]) -> String {
            grades.keys.sorted().map { "\($0)=\(grades[$0]!)" }.joined(separator: ";")
        }
        try db.run(
            upsertSQL("inspections", key: "urn", columns: Self.columns),
            [
                .int(urn), .text(inspectionNumber), .text(startDate.description), .text(publicationDate?.description),
                .text(framework.rawValue), .int(overall?.rawValue), .text(joined(judgements.mapValues(\.rawValue))),
                .text(joined(areas.mapValues(\.rawValue))), .int(safeguardingMet.map { $0 ? 1 : 0 }),
                .text(previousDate?.description), .int(previousOverall?.rawValue), .int(previousWasPredecessor ? 1 : 0),
            ])
    }

    /// `name=grade;name=grade` → the grades by name (names never hold `=` or `;`: they are Ofsted's titles).
    private static func pairs(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for pair in text.split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let n = Int(kv[1]) { out[String(kv[0])] = n }
        }
        return out
    }
}
