public import PeerlinkCore

/// Reads the DfE register's downloads (Get Information about Schools): the establishments CSV and the
/// links CSV.
///
/// Columns are found by header name, never by position: releases add and drop columns, and the Ofsted
/// columns left the national download in April 2025, so they are optional. Dates are `DD-MM-YYYY`.
/// `""`, `Not applicable` and `Does not apply` mean "no value" (except where "Not applicable" is itself
/// the value, as for the phase).
public enum GIASReader {
    /// Called now and then while a large file is read: what is being done ("splitting rows", "reading
    /// schools"), how much of it is done, and the total (bytes or rows).
    public typealias Progress = (_ stage: String, _ done: Int, _ total: Int) -> Void

    /// Columns a school cannot be built without.
    static let required = [
        "URN", "EstablishmentName", "PhaseOfEducation (name)", "EstablishmentStatus (name)", "LA (code)", "LA (name)",
    ]
    /// Columns read when present; an absent one leaves its field empty and adds a note.
    static let optional = [
        "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)", "GOR (name)", "UrbanRural (name)",
        "NumberOfPupils", "SchoolCapacity", "Easting", "Northing", "Postcode", "Town", "Trusts (name)",
        "Federations (name)", "ReligiousCharacter (name)", "OfstedRating (name)", "OfstedLastInsp",
    ]

    /// School fields (as `School.validate` names them) → GIAS column, so Core faults name the column.
    static let columnForField = [
        "urn": "URN", "name": "EstablishmentName", "la_code": "LA (code)", "pupils": "NumberOfPupils",
        "capacity": "SchoolCapacity", "easting": "Easting", "northing": "Northing",
    ]

    /// Reads an establishments download (any encoding `TextDecoding` knows; GIAS's is Windows-1252).
    /// Returns one `School` per good row; each bad value becomes a fault naming its row and column.
    /// A file missing a required column gives one fault per missing column and no schools.
    public static func establishments(_ bytes: some Collection<UInt8>, progress: Progress? = nil)
        -> ParsedFile<School>
    {
        let table: CSVTable
        do throws(CSVTable.ParseError) {
            table = try CSVTable(bytes: bytes, progress: progress.map { p in { p("splitting rows", $0, $1) } })
        } catch {
            return ParsedFile(faults: [ImportFault(row: error.row, column: "", message: error.message)])
        }
        return establishments(table, progress: progress)
    }

    public static func establishments(_ table: CSVTable, progress: Progress? = nil) -> ParsedFile<School> {
        var out = ParsedFile<School>(rowCount: table.rows.count, columnForField: columnForField)
        out.notes.append("read as \(table.encoding.rawValue)")
        let index = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            out.faults = missing.map {
                ImportFault(
                    row: 1,
                    column: $0,
                    message:
                        "the header has no '\($0)' column; download the establishment file from GIAS with all fields"
                )
            }
            return out
        }
        let absent = optional.filter { index[$0] == nil }
        if !absent.isEmpty {
            out.notes.append("columns not in this release, left empty: " + absent.joined(separator: ", "))
        }
        var proposedToOpen = 0
        for (n, row) in table.rows.enumerated() {
            if let progress, n % 512 == 0 { progress("reading schools", n, table.rows.count) }
            var r = RowReader(row: row, index: index)
            guard let school = r.school(proposedToOpen: &proposedToOpen) else {
                out.faults += r.faults
                continue
            }
            out.records.append(school)
            out.rows.append(row.number)
        }
        progress?("reading schools", table.rows.count, table.rows.count)
        if proposedToOpen > 0 {
            out.notes.append("\(proposedToOpen) establishments 'Proposed to open' are kept as closed until they open")
        }
        return out
    }

    /// Reads the GIAS links file (`URN, LinkURN, LinkName, LinkType, LinkEstablishedDate`).
    ///
    /// A row's LinkType says what LinkURN is to URN: "Successor…" rows mean LinkURN succeeded URN;
    /// "Predecessor…" rows mean URN succeeded LinkURN. The register lists most pairs from both ends, so
    /// the two rows of a pair become one `Succession` (typed from the predecessor's side, dated by
    /// whichever row has a date). Other link types ("Sixth Form Centre Link", "Result of Amalgamation",
    /// "Merged - …", "Expansion", "Closure", "Other") say no direction; they are counted in a note, not
    /// recorded. Each succession's row is the first row that names its pair.
    public static func links(_ bytes: some Collection<UInt8>, progress: Progress? = nil) -> ParsedFile<Succession> {
        let table: CSVTable
        do throws(CSVTable.ParseError) {
            table = try CSVTable(bytes: bytes, progress: progress.map { p in { p("splitting rows", $0, $1) } })
        } catch {
            return ParsedFile(faults: [ImportFault(row: error.row, column: "", message: error.message)])
        }
        var out = ParsedFile<Succession>(
            rowCount: table.rows.count,
            columnForField: ["predecessor": "URN", "successor": "LinkURN"]
        )
        out.notes.append("read as \(table.encoding.rawValue)")
        let index = Dictionary(table.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = ["URN", "LinkURN", "LinkType"].filter { index[$0] == nil }
        guard missing.isEmpty else {
            out.faults = missing.map {
                ImportFault(row: 1, column: $0, message: "the header has no '\($0)' column; give the GIAS links file")
            }
            return out
        }
        var position: [Int: [Int: Int]] = [:]  // predecessor → successor → index in records
        var undirected: [String: Int] = [:]
        for (n, row) in table.rows.enumerated() {
            if let progress, n % 2048 == 0 { progress("reading links", n, table.rows.count) }
            var r = RowReader(row: row, index: index)
            let urn = r.int("URN", required: true)
            let link = r.int("LinkURN", required: true)
            let type = r.text("LinkType")
            let date = r.date("LinkEstablishedDate")
            guard r.faults.isEmpty, let urn, let link else {
                out.faults += r.faults
                continue
            }
            let lower = type.lowercased()
            let s: Succession
            if lower.hasPrefix("successor") {
                s = Succession(predecessor: urn, successor: link, linkType: type, date: date)
            } else if lower.hasPrefix("predecessor") {
                s = Succession(
                    predecessor: link,
                    successor: urn,
                    linkType: "Successor" + type.dropFirst("predecessor".count),
                    date: date
                )
            } else {
                undirected[type.isEmpty ? "(blank)" : type, default: 0] += 1
                continue
            }
            if let i = position[s.predecessor]?[s.successor] {
                if out.records[i].date == nil { out.records[i].date = s.date }
                continue
            }
            position[s.predecessor, default: [:]][s.successor] = out.records.count
            out.records.append(s)
            out.rows.append(row.number)
        }
        out.notes.append(
            "\(out.records.count) successions from \(table.rows.count) rows (most pairs are listed from both ends)"
        )
        if !undirected.isEmpty {
            let list = undirected.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            out.notes.append("links with no predecessor/successor direction were not recorded: \(list)")
        }
        return out
    }
}

/// Reads the values of one CSV row by column name, collecting a fault for each bad value.
struct RowReader {
    let row: CSVTable.Row
    let index: [String: Int]
    var faults: [ImportFault] = []

    init(row: CSVTable.Row, index: [String: Int]) {
        self.row = row
        self.index = index
    }

    /// The raw text of `column`, trimmed; "" when the column is absent or the row is short.
    func raw(_ column: String) -> String {
        guard let i = index[column], i < row.fields.count else { return "" }
        return row.fields[i].trimmingSpaces()
    }

    static func isMissing(_ s: String) -> Bool {
        s.isEmpty || s.caseInsensitiveEquals("Not applicable") || s.caseInsensitiveEquals("Does not apply")
    }

    /// Tidied text, or "" for the register's "no value" words.
    func text(_ column: String) -> String {
        let s = raw(column)
        return RowReader.isMissing(s) ? "" : Text.tidy(s)
    }

    func optionalText(_ column: String) -> String? {
        let s = text(column)
        return s.isEmpty ? nil : s
    }

    mutating func fault(_ column: String, _ message: String) {
        faults.append(ImportFault(row: row.number, column: column, message: message))
    }

    mutating func int(_ column: String, required: Bool = false) -> Int? {
        let s = raw(column)
        if RowReader.isMissing(s) {
            if required { fault(column, "no value; every row needs a \(column)") }
            return nil
        }
        guard let n = Int(s) else {
            fault(column, "'\(s)' is not a whole number; correct it or leave it empty")
            return nil
        }
        return n
    }

    /// A `DD-MM-YYYY` date (GIAS's form), or nil when empty.
    mutating func date(_ column: String) -> Day? {
        let s = raw(column)
        if RowReader.isMissing(s) { return nil }
        let p = s.split(separator: "-")
        if p.count == 3, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]),
            let day = Day(year: y, month: m, day: d)
        {
            return day
        }
        fault(column, "'\(s)' is not a DD-MM-YYYY date; correct it or leave it empty")
        return nil
    }

    /// Builds the school, or returns nil with `faults` saying why.
    mutating func school(proposedToOpen: inout Int) -> School? {
        let urn = int("URN", required: true)
        let name = text("EstablishmentName")
        if name.isEmpty { fault("EstablishmentName", "no name; every establishment needs one") }
        let phaseText = raw("PhaseOfEducation (name)")
        let phase = Phase(parsing: phaseText)
        if phase == nil {
            fault(
                "PhaseOfEducation (name)",
                "'\(phaseText)' is not a GIAS phase (Nursery, Primary, Middle deemed primary/secondary, Secondary, "
                    + "All-through, 16 plus, Not applicable); correct the row"
            )
        }
        let statusText = raw("EstablishmentStatus (name)")
        var status: SchoolStatus? = nil
        switch Text.foldKey(statusText) {
        case "open", "openbutproposedtoclose": status = .open
        case "closed": status = .closed
        case "proposedtoopen":
            status = .closed
            proposedToOpen += 1
        default:
            fault(
                "EstablishmentStatus (name)",
                "'\(statusText)' is not a GIAS status (Open, Open but proposed to close, Closed, Proposed to open); "
                    + "correct the row"
            )
        }
        let laCode = int("LA (code)", required: true)
        let laName = text("LA (name)")
        let pupils = int("NumberOfPupils")
        let capacity = int("SchoolCapacity")
        let easting = int("Easting")
        let northing = int("Northing")
        var inspection: InspectionOutcome? = nil
        let rating = text("OfstedRating (name)")
        if !rating.isEmpty {
            inspection = InspectionOutcome(parsing: rating)
            if inspection == nil {
                fault(
                    "OfstedRating (name)",
                    "'\(rating)' is not an inspection outcome (Outstanding, Good, Requires improvement, Inadequate, "
                        + "Serious Weaknesses, Special Measures); correct it or leave it empty"
                )
            }
        }
        let inspectionDate = date("OfstedLastInsp")
        var religion = optionalText("ReligiousCharacter (name)")
        if religion?.caseInsensitiveEquals("None") == true { religion = nil }
        guard faults.isEmpty, let urn, let phase, let status, let laCode else { return nil }
        return School(
            urn: urn,
            name: name,
            phase: phase,
            type: text("TypeOfEstablishment (name)"),
            typeGroup: text("EstablishmentTypeGroup (name)"),
            status: status,
            laCode: laCode,
            laName: laName,
            region: text("GOR (name)"),
            urbanRural: text("UrbanRural (name)"),
            pupils: pupils,
            capacity: capacity,
            easting: easting,
            northing: northing,
            postcode: text("Postcode"),
            town: text("Town"),
            trust: optionalText("Trusts (name)"),
            federation: optionalText("Federations (name)"),
            religiousCharacter: religion,
            inspection: inspection,
            inspectionDate: inspectionDate
        )
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
