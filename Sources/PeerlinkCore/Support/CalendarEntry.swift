/// A dated entry of the school calendar, imported rather than configured: a bank holiday (GOV.UK's
/// `bank-holidays.json`), or one term or inset day of a local authority's term dates.
///
/// Keyed by kind, authority and first day, so importing the same file again changes nothing and a later file
/// with the next year adds to what is held.
public struct CalendarEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// A bank holiday in England and Wales: no contact that day, in every authority.
        case bankHoliday = "bank-holiday"
        /// A term of one authority, first to last day inclusive: between its terms are its holidays.
        case term
        /// An inset (training) day of one authority: no contact that day.
        case insetDay = "inset-day"
    }

    public var kind: Kind
    /// The authority's LA code for terms and inset days; 0 for bank holidays (national).
    public var laCode: Int
    public var first: Day
    public var last: Day
    /// "Christmas Day", "Autumn term", "Inset day".
    public var name: String

    public init(kind: Kind, laCode: Int = 0, first: Day, last: Day? = nil, name: String) {
        self.kind = kind
        self.laCode = laCode
        self.first = first
        self.last = last ?? first
        self.name = name
    }

    /// Why this entry cannot be kept, or nil: dates in order, within 2000–2100, a term at most a year long, a
    /// name of at most 100 characters, an authority code for terms and inset days.
    public func problem() -> (message: String, field: String)? {
        guard first <= last else { return ("the first day \(first) is after the last \(last)", "last") }
        guard first.year >= 2000, last.year <= 2100 else { return ("dates must be between 2000 and 2100", "first") }
        guard last.ordinal - first.ordinal <= 366 else { return ("an entry spans at most a year", "last") }
        guard !name.isEmpty, name.count <= 100 else { return ("a name of 1 to 100 characters is needed", "name") }
        switch kind {
        case .bankHoliday:
            guard laCode == 0 else { return ("bank holidays are national: give no LA code", "la_code") }
        case .term, .insetDay:
            guard (1...999).contains(laCode) else { return ("terms and inset days need the authority's LA code (1–999)", "la_code") }
        }
        return nil
    }
}

extension CalendarEntry: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("calendar", "\(kind.rawValue):\(laCode):\(first)") }
    public func apply(to directory: inout Directory) { directory.putCalendarEntry(self) }
}

/// The imported calendar entries, and the calendar every wall-clock rule uses: the configured one (working
/// day, holiday lists) with the imported bank holidays, terms and inset days added.
public struct CalendarBook: Sendable {
    /// Entries by their key (`CalendarEntry.conflictKey`'s id).
    public private(set) var entries: [String: CalendarEntry] = [:]
    /// What the daemon's configuration gives (set at start).
    public private(set) var configured = SchoolCalendar()
    /// `configured` with the entries added, in no particular order.
    public private(set) var calendar = SchoolCalendar()

    public init() {}

    /// A new entry is added to the calendar as it stands (loading thousands of term dates stays linear); one
    /// replacing another rebuilds it.
    mutating func put(_ e: CalendarEntry) {
        if entries.updateValue(e, forKey: "\(e.kind.rawValue):\(e.laCode):\(e.first)") == nil {
            CalendarBook.add(e, to: &calendar)
        } else {
            rebuild()
        }
    }

    mutating func configure(_ base: SchoolCalendar) {
        configured = base
        rebuild()
    }

    public func entry(_ e: CalendarEntry) -> CalendarEntry? { entries["\(e.kind.rawValue):\(e.laCode):\(e.first)"] }

    private mutating func rebuild() {
        var c = configured
        for e in entries.values { CalendarBook.add(e, to: &c) }
        calendar = c
    }

    private static func add(_ e: CalendarEntry, to c: inout SchoolCalendar) {
        let h = SchoolCalendar.Holiday(name: e.name, first: e.first, last: e.last)
        switch e.kind {
        case .bankHoliday: c.bankHolidays.append(h)
        case .term: c.termsByLA[e.laCode, default: []].append(h)
        case .insetDay: c.insetDaysByLA[e.laCode, default: []].append(h)
        }
    }
}

extension Directory {
    /// The calendar for meetings and sessions: the configured one with the imported bank holidays and term dates.
    public var calendar: SchoolCalendar { calendarBook.calendar }

    /// Sets the configured part of the calendar (from the daemon's configuration, at start).
    public mutating func useConfiguredCalendar(_ base: SchoolCalendar) { calendarBook.configure(base) }

    mutating func putCalendarEntry(_ e: CalendarEntry) { calendarBook.put(e) }

    /// Bank holidays or term dates from a file: new, updated (same key, other dates or name) or unchanged, each
    /// checked (`CalendarEntry.problem`). Commits alone (`ConflictKey.everything`).
    public func prepareCalendarImport(_ given: [CalendarEntry], keepGood: Bool) -> (change: Change, outcome: ImportOutcome) {
        var outcome = ImportOutcome()
        var records: [any DirectoryRecord] = []
        var seen = Set<String>()
        for (i, e) in given.enumerated() {
            if let p = e.problem() {
                outcome.reject(i, .badRequest(p.message, field: p.field))
                continue
            }
            guard seen.insert(e.conflictKey.id).inserted else {
                outcome.reject(i, .badRequest("\(e.kind.rawValue) from \(e.first) is given twice; keep one", field: "first"))
                continue
            }
            switch calendarBook.entry(e) {
            case nil: outcome.dispositions.append(.new)
            case let held? where held == e:
                outcome.dispositions.append(.unchanged)
                continue
            case _?: outcome.dispositions.append(.updated)
            }
            records.append(e)
        }
        if !outcome.faults.isEmpty && !keepGood {
            outcome.batchRejected = true
            return (Change([], reads: [.everything]), outcome)
        }
        return (Change(records, reads: [.everything]), outcome)
    }
}
