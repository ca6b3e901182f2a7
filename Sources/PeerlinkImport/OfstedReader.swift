public import PeerlinkCore

/// Reads Ofsted's monthly management information file of state-funded school inspections ("School inspections
/// and outcomes: management information", CSV, one row per school, by URN).
///
/// Columns are found by header name, compared ignoring case, spaces and punctuation, never by position: the
/// column set changed with each framework (overall effectiveness to August 2024; key judgements without an
/// overall grade to November 2025; report cards since 10 November 2025), so every group of columns is
/// optional and the report says which groups the file had. Only URN and the inspection's start date are
/// required. Grades may be numbers (`1`–`4`) or words; "Not judged", "NULL", "N/A", "9" and empty cells mean no
/// grade. Dates are `DD/MM/YYYY` (Ofsted's) or `YYYY-MM-DD`.
public enum OfstedReader {
    /// One judgement or area: its name as stored (`SchoolInspection`), and the header titles it has had.
    struct Column: Sendable {
        let name: String
        let titles: [String]
    }

    static let urnTitles = ["URN"]
    static let startTitles = ["Inspection start date", "Inspection date", "Inspection start date of latest graded inspection", "Latest graded inspection start date"]
    static let publicationTitles = ["Publication date", "Publication date of latest graded inspection"]
    static let numberTitles = ["Inspection number", "Inspection number of latest graded inspection"]
    static let overallTitles = ["Overall effectiveness"]
    static let safeguardingTitles = ["Safeguarding is effective?", "Safeguarding is effective", "Safeguarding", "Safeguarding standards", "Safeguarding met"]
    static let previousDateTitles = ["Previous inspection start date", "Previous graded inspection start date"]
    static let previousOverallTitles = ["Previous graded inspection overall effectiveness", "Previous overall effectiveness", "Previous full inspection overall effectiveness"]
    static let previousCurrentFormTitles = ["Does the previous inspection relate to the school in its current form?"]

    /// The key judgements (2019–2025), on the four-point scale.
    static let judgements: [Column] = [
        Column(name: "quality of education", titles: ["Quality of education"]),
        Column(name: "behaviour and attitudes", titles: ["Behaviour and attitudes"]),
        Column(name: "personal development", titles: ["Personal development"]),
        Column(name: "leadership and management", titles: ["Effectiveness of leadership and management", "Leadership and management"]),
        Column(name: "early years provision", titles: ["Early years provision (where applicable)", "Early years provision"]),
        Column(name: "sixth form provision", titles: ["Sixth form provision (where applicable)", "Sixth form provision"]),
    ]

    /// The report card evaluation areas (from 10 November 2025), on the five-point scale.
    static let areas: [Column] = [
        Column(name: "inclusion", titles: ["Inclusion"]),
        Column(name: "curriculum and teaching", titles: ["Curriculum and teaching"]),
        Column(name: "achievement", titles: ["Achievement"]),
        Column(name: "attendance and behaviour", titles: ["Attendance and behaviour"]),
        Column(name: "personal development and well-being", titles: ["Personal development and well-being", "Personal development and wellbeing"]),
        Column(name: "early years", titles: ["Early years"]),
        Column(name: "sixth form", titles: ["Sixth form", "Post-16", "Sixth form in schools"]),
        Column(name: "leadership and governance", titles: ["Leadership and governance"]),
    ]

    /// Reads the file. Each bad value is a fault naming its row and column; a row without a URN or start date
    /// is rejected. A school named twice keeps its latest inspection (a note counts the rows replaced).
    public static func inspections(_ bytes: some Collection<UInt8>) -> ParsedFile<SchoolInspection> {
        let table: CSVTable
        do throws(CSVTable.ParseError) {
            table = try CSVTable(bytes: bytes)
        } catch {
            return ParsedFile(faults: [ImportFault(row: error.row, column: "", message: error.message)])
        }
        return inspections(table)
    }

    public static func inspections(_ table: CSVTable) -> ParsedFile<SchoolInspection> {
        var out = ParsedFile<SchoolInspection>(rowCount: table.rows.count, columnForField: ["urn": "URN"])
        out.notes.append("read as \(table.encoding.rawValue)")
        var folded: [String: Int] = [:]
        for (i, title) in table.header.enumerated() where folded[Text.foldKey(title)] == nil {
            folded[Text.foldKey(title)] = i
        }
        /// The header's title and position for the first of `titles` the file has.
        func find(_ titles: [String]) -> (title: String, index: Int)? {
            for t in titles { if let i = folded[Text.foldKey(t)] { return (table.header[i], i) } }
            return nil
        }
        guard let urn = find(urnTitles), let start = find(startTitles) else {
            out.faults = [(urnTitles, "URN"), (startTitles, "Inspection start date")].compactMap { titles, name in
                find(titles) == nil
                    ? ImportFault(row: 1, column: name, message: "the header has no '\(name)' column; give Ofsted's "
                        + "management information file of school inspections (CSV), as downloaded")
                    : nil
            }
            return out
        }
        let publication = find(publicationTitles), number = find(numberTitles), overall = find(overallTitles)
        let safeguarding = find(safeguardingTitles), previousDate = find(previousDateTitles)
        let previousOverall = find(previousOverallTitles), previousCurrentForm = find(previousCurrentFormTitles)
        let judgementColumns = judgements.compactMap { c in find(c.titles).map { (c.name, $0) } }
        let areaColumns = areas.compactMap { c in find(c.titles).map { (c.name, $0) } }
        out.notes.append("found: " + [
            overall.map { _ in "overall effectiveness" },
            judgementColumns.isEmpty ? nil : "key judgements (\(judgementColumns.count) of \(judgements.count))",
            areaColumns.isEmpty ? nil : "report card areas (\(areaColumns.count) of \(areas.count))",
            safeguarding.map { _ in "safeguarding" },
            previousDate.map { _ in "the previous inspection" },
        ].compactMap { $0 }.joined(separator: ", "))
        var missing: [String] = []
        if overall == nil { missing.append("overall effectiveness (graded inspections to August 2024)") }
        if judgementColumns.isEmpty { missing.append("key judgements (September 2019 to November 2025)") }
        if areaColumns.isEmpty { missing.append("report card areas (from 10 November 2025)") }
        if safeguarding == nil { missing.append("safeguarding") }
        if !missing.isEmpty { out.notes.append("not in this file: " + missing.joined(separator: "; ")) }

        var positionOf: [Int: Int] = [:]  // URN → index in out.records
        var replaced = 0
        for row in table.rows {
            var r = Row(row: row)
            guard let u = r.urn(urn), let day = r.date(start, required: true) else {
                out.faults += r.faults
                continue
            }
            var grades: [String: FourPointGrade] = [:]
            for (name, column) in judgementColumns {
                if let g = r.fourPoint(column) { grades[name] = g }
            }
            var cards: [String: ReportCardGrade] = [:]
            for (name, column) in areaColumns {
                if let g = r.reportCard(column) { cards[name] = g }
            }
            let overallGrade = overall.flatMap { r.fourPoint($0) }
            let inspection = SchoolInspection(
                urn: u, inspectionNumber: number.map { r.text($0) } ?? "", startDate: day,
                publicationDate: publication.flatMap { r.date($0, required: false) },
                framework: SchoolInspection.framework(overall: overallGrade, judgements: grades, areas: cards, startDate: day),
                overall: overallGrade, judgements: grades, areas: cards,
                safeguardingMet: safeguarding.flatMap { r.yesNo($0) },
                previousDate: previousDate.flatMap { r.date($0, required: false) },
                previousOverall: previousOverall.flatMap { r.fourPoint($0) },
                previousWasPredecessor: previousCurrentForm.flatMap { r.yesNo($0) }.map { !$0 } ?? false)
            guard r.faults.isEmpty else {
                out.faults += r.faults
                continue
            }
            if let at = positionOf[u] {
                replaced += 1
                if out.records[at].startDate <= day {
                    out.records[at] = inspection
                    out.rows[at] = row.number
                }
                continue
            }
            positionOf[u] = out.records.count
            out.records.append(inspection)
            out.rows.append(row.number)
        }
        if replaced > 0 {
            out.notes.append("\(replaced) rows named a school already read; each school keeps its latest inspection")
            out.superseded = replaced
        }
        return out
    }

    /// One row's cells, with the faults found reading them.
    struct Row {
        let row: CSVTable.Row
        var faults: [ImportFault] = []

        init(row: CSVTable.Row) { self.row = row }

        func raw(_ c: (title: String, index: Int)) -> String {
            c.index < row.fields.count ? row.fields[c.index].trimmingSpaces() : ""
        }

        /// Empty, or one of the words the file uses for "no value".
        static func isBlank(_ s: String) -> Bool {
            switch Text.foldKey(s) {
            case "", "null", "na", "notjudged", "notapplicable", "9", "notrecorded", "notavailable": true
            default: false
            }
        }

        func text(_ c: (title: String, index: Int)) -> String {
            let s = raw(c)
            return Row.isBlank(s) ? "" : Text.tidy(s)
        }

        mutating func fault(_ c: (title: String, index: Int), _ message: String) {
            faults.append(ImportFault(row: row.number, column: c.title, message: message))
        }

        mutating func urn(_ c: (title: String, index: Int)) -> Int? {
            let s = raw(c)
            guard let n = Int(s), (1..<10_000_000).contains(n) else {
                fault(c, s.isEmpty ? "no URN; every row needs the school's URN" : "'\(s)' is not a URN (a number of up to 7 digits)")
                return nil
            }
            return n
        }

        /// `DD/MM/YYYY` or `YYYY-MM-DD`; nil (with a fault) when unreadable, nil (with a fault only when
        /// `required`) when empty.
        mutating func date(_ c: (title: String, index: Int), required: Bool) -> Day? {
            let s = raw(c)
            if Row.isBlank(s) {
                if required { fault(c, "no date; every row needs the inspection's start date") }
                return nil
            }
            if let d = Day(iso: s.prefix(10)) { return d }
            let p = s.prefix(10).split(separator: "/")
            if p.count == 3, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]),
                let day = Day(year: y, month: m, day: d)
            {
                return day
            }
            fault(c, "'\(s)' is not a date as DD/MM/YYYY; correct it or leave it empty")
            return nil
        }

        mutating func fourPoint(_ c: (title: String, index: Int)) -> FourPointGrade? {
            let s = raw(c)
            if Row.isBlank(s) { return nil }
            guard let g = FourPointGrade(parsing: s) else {
                fault(c, "'\(s)' is not a grade: 1 outstanding, 2 good, 3 requires improvement, 4 inadequate (or the words)")
                return nil
            }
            return g
        }

        mutating func reportCard(_ c: (title: String, index: Int)) -> ReportCardGrade? {
            let s = raw(c)
            if Row.isBlank(s) { return nil }
            guard let g = ReportCardGrade(parsing: s) else {
                fault(c, "'\(s)' is not a report card grade: exceptional, strong standard, expected standard, "
                    + "needs attention or urgent improvement")
                return nil
            }
            return g
        }

        mutating func yesNo(_ c: (title: String, index: Int)) -> Bool? {
            let s = raw(c)
            if Row.isBlank(s) { return nil }
            switch Text.foldKey(s) {
            case "yes", "y", "met", "effective", "true": return true
            case "no", "n", "notmet", "noteffective", "false": return false
            default:
                fault(c, "'\(s)' is not yes/no (or met / not met)")
                return nil
            }
        }
    }
}
