public import Foundation
public import PeerlinkCore

/// A local date and time with whole seconds, as a form export records when a response started and ended.
public struct FormDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var day: Day
    /// Seconds since midnight.
    public var second: Int

    public init(day: Day, second: Int) {
        self.day = day
        self.second = second
    }

    /// Excel's serial date: days since 1899-12-30 in the 1900 system (whose serials above 60 already
    /// skip Lotus's phantom 29 February 1900), or since 1904-01-01 in the 1904 system.
    init?(excelSerial v: Double, date1904: Bool) {
        guard v.isFinite, v >= 0, v < 2_958_466 else { return nil }
        let base = date1904 ? Day(year: 1904, month: 1, day: 1)! : Day(year: 1899, month: 12, day: 30)!
        let whole = v.rounded(.down)
        let seconds = Int(((v - whole) * 86_400).rounded())
        let days = Int(whole) + seconds / 86_400
        self.init(day: base.adding(days: days), second: seconds % 86_400)
    }

    /// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS]`.
    init?(iso text: String) {
        let t = text.trimmingSpaces()
        guard t.count >= 10, let day = Day(iso: t.prefix(10)) else { return nil }
        let rest = t.dropFirst(10).drop { $0 == "T" || $0 == " " }
        if rest.isEmpty {
            self.init(day: day, second: 0)
            return
        }
        guard let s = FormDateTime.seconds(String(rest)) else { return nil }
        self.init(day: day, second: s)
    }

    /// `H:MM[:SS][ AM|PM]` → seconds since midnight.
    static func seconds(_ text: String) -> Int? {
        var t = text.trimmingSpaces().uppercased()
        var pm: Bool? = nil
        if t.hasSuffix("AM") || t.hasSuffix("PM") {
            pm = t.hasSuffix("PM")
            t = String(t.dropLast(2)).trimmingSpaces()
        }
        if let dot = t.firstIndex(of: ".") { t = String(t[..<dot]) }  // fractional seconds
        if t.hasSuffix("Z") { t = String(t.dropLast()) }
        let parts = t.split(separator: ":").map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        var h = parts[0]!
        let m = parts[1]!, s = parts.count == 3 ? parts[2]! : 0
        if let pm {
            guard (1...12).contains(h) else { return nil }
            h = h % 12 + (pm ? 12 : 0)
        }
        guard (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return nil }
        return h * 3600 + m * 60 + s
    }

    public static func < (a: FormDateTime, b: FormDateTime) -> Bool { (a.day, a.second) < (b.day, b.second) }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
    }
}

/// The order of day and month in a date written with slashes, which follows the locale of the machine
/// that saved the export.
public enum DateOrder: String, Sendable, Codable, CaseIterable {
    /// `D/M/YYYY` (United Kingdom).
    case dayMonth = "day-month"
    /// `M/D/YYYY` (United States).
    case monthDay = "month-day"
}

/// A Microsoft Forms response export, from `.csv` or `.xlsx`, as one table of text and date cells.
///
/// Layout: `ID, Start time, Completion time, Email, Name`, sometimes `Last modified time`, then one column
/// per question headed by its text. Forms suffixes repeated question titles with `2`, `3`; a header that
/// is still repeated (an edited file) is suffixed here the same way so every column has its own name.
public struct FormsExport: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case dateTime(FormDateTime)

        /// The cell as text (dates as `YYYY-MM-DD HH:MM:SS`).
        public var text: String {
            switch self {
            case .text(let s): return s
            case .dateTime(let d): return d.description
            }
        }
    }

    public struct Row: Sendable {
        /// As a spreadsheet numbers it: the header is row 1.
        public var number: Int
        public var cells: [Cell]

        public init(number: Int, cells: [Cell]) {
            self.number = number
            self.cells = cells
        }
    }

    public var header: [String]
    public var rows: [Row]
    /// How the file was read ("read as UTF-8 with BOM", "read as .xlsx").
    public var notes: [String]

    /// Reads a `.csv` export (any encoding `TextDecoding` knows; Forms writes UTF-8 with a BOM).
    public init(csv bytes: some Collection<UInt8>) throws(CSVTable.ParseError) {
        let table = try CSVTable(bytes: bytes)
        self.init(
            header: table.header,
            rows: table.rows.map { Row(number: $0.number, cells: $0.fields.map { .text($0) }) },
            notes: ["read as CSV, \(table.encoding.rawValue)"]
        )
    }

    /// Reads the first worksheet of an `.xlsx` export.
    public init(xlsx data: Data) throws(XLSXSheet.ReadError) {
        let sheet = try XLSXSheet(data: data)
        guard let first = sheet.rows.first else {
            throw XLSXSheet.ReadError(message: "the first worksheet is empty; export the responses again")
        }
        let width = max(
            first.cells.keys.max().map { $0 + 1 } ?? 0,
            sheet.rows.map { $0.cells.keys.max().map { $0 + 1 } ?? 0 }.max() ?? 0
        )
        func cells(_ r: [Int: XLSXSheet.Value]) -> [Cell] {
            (0..<width).map { i -> Cell in
                switch r[i] {
                case nil: return .text("")
                case .text(let s)?: return .text(s)
                case .dateTime(let d)?: return .dateTime(d)
                case .number(let v)?:
                    if v == v.rounded(), abs(v) < 1e15 { return .text(String(Int64(v))) }
                    return .text(String(v))
                }
            }
        }
        let header = cells(first.cells).map { $0.text.trimmingSpaces() }
        let rows = sheet.rows.dropFirst().map { Row(number: $0.number, cells: cells($0.cells)) }.filter {
            $0.cells.contains { $0.text.trimmingSpaces() != "" }
        }
        self.init(header: header, rows: rows, notes: ["read as .xlsx"])
    }

    /// Reads `url` as `.xlsx` when its bytes are a zip archive, else as CSV. Throws a message for people.
    public init(contentsOf url: URL) throws(XLSXSheet.ReadError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw XLSXSheet.ReadError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            try self.init(xlsx: data)
        } else {
            do throws(CSVTable.ParseError) { try self.init(csv: data) } catch {
                throw XLSXSheet.ReadError(message: "row \(error.row): \(error.message)")
            }
        }
    }

    public init(header: [String], rows: [Row], notes: [String] = []) {
        var seen: [String: Int] = [:]
        self.header = header.map { h in
            let n = seen[h, default: 0] + 1
            seen[h] = n
            return n == 1 ? h : "\(h)\(n)"
        }
        self.rows = rows
        self.notes = notes
    }

    /// The column headed `title`: exact text first, then ignoring case, spaces and punctuation.
    public func column(_ title: String) -> Int? {
        if let i = header.firstIndex(of: title) { return i }
        let key = Text.foldKey(title)
        return header.firstIndex { Text.foldKey($0) == key }
    }

    /// The date order of the slash-written dates in the time columns: the one the dates prove (a first
    /// number over 12 is a day, a second number over 12 is a day), else `fallback`. The note says which
    /// and why, for the report.
    public func dateOrder(fallback: DateOrder) -> (order: DateOrder, note: String?) {
        let columns = ["Start time", "Completion time", "Last modified time"].compactMap { column($0) }
        var dayFirst = false, monthFirst = false, any = false
        for row in rows {
            for c in columns where c < row.cells.count {
                guard case .text(let s) = row.cells[c] else { continue }
                let parts = s.split(separator: " ").first?.split(separator: "/").compactMap { Int($0) } ?? []
                guard parts.count == 3 else { continue }
                any = true
                if parts[0] > 12 { dayFirst = true }
                if parts[1] > 12 { monthFirst = true }
            }
        }
        if !any { return (fallback, nil) }
        switch (dayFirst, monthFirst) {
        case (true, false): return (.dayMonth, "dates read as D/M/YYYY (a day over 12 comes first)")
        case (false, true): return (.monthDay, "dates read as M/D/YYYY (a day over 12 comes second)")
        case (true, true):
            return (
                fallback,
                "dates mix D/M and M/D orders; assumed \(fallback.rawValue) as the mapping says; check the times"
            )
        case (false, false):
            return (
                fallback,
                "no date proves its order (every day is 12 or less); assumed \(fallback == .dayMonth ? "D/M/YYYY" : "M/D/YYYY") "
                    + "as the mapping's dateOrder says"
            )
        }
    }

    /// Parses a time cell: a date cell as is; text as `D/M/YYYY H:MM[:SS][ AM|PM]` in `order`, or ISO.
    public static func dateTime(_ cell: Cell, order: DateOrder) -> FormDateTime? {
        switch cell {
        case .dateTime(let d): return d
        case .text(let raw):
            let s = raw.trimmingSpaces()
            if let iso = FormDateTime(iso: s) { return iso }
            guard let space = s.firstIndex(of: " ") ?? Optional(s.endIndex) else { return nil }
            let parts = s[..<space].split(separator: "/").map { Int($0) }
            guard parts.count == 3, let a = parts[0], let b = parts[1], var y = parts[2] else { return nil }
            if y < 100 { y += 2000 }
            let (d, m) = order == .dayMonth ? (a, b) : (b, a)
            guard let day = Day(year: y, month: m, day: d) else { return nil }
            let rest = s[space...].trimmingSpaces()
            if rest.isEmpty { return FormDateTime(day: day, second: 0) }
            guard let secs = FormDateTime.seconds(rest) else { return nil }
            return FormDateTime(day: day, second: secs)
        }
    }
}
