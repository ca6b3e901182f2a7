public import PeerlinkCore

/// One thing wrong with one row of an imported file.
public struct ImportFault: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Row in the file as a spreadsheet numbers it: the header is row 1.
    public var row: Int
    /// The column's header text (the question, for a form), or "" when the fault is the whole row's.
    public var column: String
    /// Stable error code (`bad_request`, `not_found`, `conflict`).
    public var code: String
    /// What is wrong and what to do about it.
    public var message: String

    public init(row: Int, column: String, code: ErrorCode = .badRequest, message: String) {
        self.row = row
        self.column = column
        self.code = code.rawValue
        self.message = message
    }

    public var description: String {
        column.isEmpty ? "row \(row): \(message)" : "row \(row), column \"\(column)\": \(message)"
    }
}

/// Records read from a file, before the directory has looked at them: each with its row, plus the rows
/// that could not even be read.
public struct ParsedFile<Record: Sendable>: Sendable {
    public var records: [Record]
    /// `rows[i]` is the file row `records[i]` came from.
    public var rows: [Int]
    /// Rows rejected while reading (bad dates, unknown phase, …).
    public var faults: [ImportFault]
    /// What a person should know: the encoding, columns absent from this release, the date order assumed.
    public var notes: [String]
    /// Data rows in the file (not counting the header or blank lines).
    public var rowCount: Int
    /// Rows that a later row replaced (a form resubmitted by the same nominee for the same school).
    public var superseded: Int
    /// Core error field (`urn`, `email`, `areas[1]`) → the column it came from, for faults found later.
    public var columnForField: [String: String]

    public init(
        records: [Record] = [],
        rows: [Int] = [],
        faults: [ImportFault] = [],
        notes: [String] = [],
        rowCount: Int = 0,
        superseded: Int = 0,
        columnForField: [String: String] = [:]
    ) {
        self.records = records
        self.rows = rows
        self.faults = faults
        self.notes = notes
        self.rowCount = rowCount
        self.superseded = superseded
        self.columnForField = columnForField
    }

    /// The column a Core error's field names, falling back to its base name (`areas[2]` → `areas`).
    func column(forField field: String?) -> String {
        guard let field else { return "" }
        if let c = columnForField[field] { return c }
        if let bracket = field.firstIndex(of: "["), let c = columnForField[String(field[..<bracket])] { return c }
        return field
    }
}

/// What an import did or would do, for people (`text`) and scripts (JSON via `Codable`).
public struct ImportReport: Sendable, Codable, Equatable, CustomStringConvertible {
    /// "gias", "gias-links" or "eoi".
    public var kind: String
    /// Data rows read.
    public var rows: Int
    public var new: Int
    public var updated: Int
    public var unchanged: Int
    /// Rows with at least one fault.
    public var rejected: Int
    /// Rows replaced by a later submission in the same file.
    public var superseded: Int
    /// Sorted by row, then column.
    public var faults: [ImportFault]
    public var notes: [String]
    /// True when the faults held back the whole batch: nothing is written (run with keep-good to write the
    /// good rows).
    public var batchRejected: Bool

    public init(
        kind: String,
        rows: Int,
        new: Int = 0,
        updated: Int = 0,
        unchanged: Int = 0,
        rejected: Int = 0,
        superseded: Int = 0,
        faults: [ImportFault] = [],
        notes: [String] = [],
        batchRejected: Bool = false
    ) {
        self.kind = kind
        self.rows = rows
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.superseded = superseded
        self.faults = faults
        self.notes = notes
        self.batchRejected = batchRejected
    }

    /// Combines what reading the file found with what the directory found (`Directory.prepare…Import`),
    /// mapping each record's fault back to its row and column. `keepGood` as given to the prepare call.
    public init<R>(kind: String, file: ParsedFile<R>, outcome: ImportOutcome, keepGood: Bool) {
        var faults = file.faults
        for f in outcome.faults {
            let row = f.index < file.rows.count ? file.rows[f.index] : 0
            faults.append(
                ImportFault(
                    row: row,
                    column: file.column(forField: f.error.field),
                    code: f.error.code,
                    message: f.error.message
                )
            )
        }
        faults.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        let rejectedRows = Set(faults.map(\.row)).count
        self.init(
            kind: kind,
            rows: file.rowCount,
            new: outcome.new,
            updated: outcome.updated,
            unchanged: outcome.unchanged,
            rejected: rejectedRows,
            superseded: file.superseded,
            faults: faults,
            notes: file.notes + outcome.notes,
            batchRejected: !faults.isEmpty && !keepGood
        )
    }

    /// The report as lines for a terminal: counts, notes, one line per fault, and what happens next.
    public var text: String {
        var lines = [
            "\(kind) import: \(rows) rows: \(new) new, \(updated) updated, \(unchanged) unchanged, \(rejected) rejected"
                + (superseded > 0 ? ", \(superseded) replaced by a later submission" : "")
        ]
        lines += notes.map { "note: \($0)" }
        lines += faults.map { "  \($0)" }
        if batchRejected {
            lines.append(
                "Nothing was written: \(rejected) row\(rejected == 1 ? " was" : "s were") rejected. Fix "
                    + "\(rejected == 1 ? "it" : "them") and import again, or use --keep-good to write the other rows."
            )
        }
        return lines.joined(separator: "\n")
    }

    public var description: String { text }
}
