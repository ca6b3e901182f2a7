public import Foundation
public import PeerlinkCore

/// Reads the school calendar's sources: GOV.UK's bank holidays (`https://www.gov.uk/bank-holidays.json`) and a
/// local authority's term dates as CSV.
public enum CalendarReader {
    /// GOV.UK's bank holidays file: `{"england-and-wales": {"division": …, "events": [{"title", "date", …}]}, …}`.
    /// Reads `division`'s events (England and Wales by default: the schools peerlink serves) as bank holidays;
    /// each event is one "row", numbered from 2 in file order, so faults can name it.
    public static func bankHolidays(_ bytes: some Collection<UInt8>, division: String = "england-and-wales")
        -> ParsedFile<CalendarEntry>
    {
        var out = ParsedFile<CalendarEntry>(columnForField: ["first": "date", "name": "title"])
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            out.faults = [ImportFault(row: 1, column: "", message: "the file is not JSON (\(error.localizedDescription)); give GOV.UK's bank-holidays.json as downloaded")]
            return out
        }
        guard let top = json as? [String: Any], let part = top[division] as? [String: Any],
            let events = part["events"] as? [[String: Any]]
        else {
            let known = (json as? [String: Any]).map { $0.keys.sorted().joined(separator: ", ") } ?? "none"
            out.faults = [ImportFault(row: 1, column: division, message: "no '\(division)' division with events in the file (it has: \(known)); give GOV.UK's bank-holidays.json")]
            return out
        }
        out.rowCount = events.count
        for (i, event) in events.enumerated() {
            let row = i + 2
            let title = (event["title"] as? String).map { Text.tidy($0) } ?? ""
            guard let date = (event["date"] as? String).flatMap({ Day(iso: $0) }) else {
                out.faults.append(ImportFault(row: row, column: "date", message: "event \(i + 1) ('\(title)') has no YYYY-MM-DD date"))
                continue
            }
            guard !title.isEmpty else {
                out.faults.append(ImportFault(row: row, column: "title", message: "the event on \(date) has no title"))
                continue
            }
            out.records.append(CalendarEntry(kind: .bankHoliday, first: date, name: title))
            out.rows.append(row)
        }
        if let first = out.records.map(\.first).min(), let last = out.records.map(\.first).max() {
            out.notes.append("\(division): \(out.records.count) bank holidays from \(first) to \(last)")
        }
        return out
    }

    /// Column titles of a term dates file, compared ignoring case, spaces and punctuation.
    static let laTitles = ["LA code", "LA", "Local authority code"]
    static let startTitles = ["Term start", "Start", "First day"]
    static let endTitles = ["Term end", "End", "Last day"]
    static let nameTitles = ["Term", "Term name", "Name"]
    static let insetTitles = ["Inset days", "Inset day", "INSET days", "Training days"]

    /// A local authority's term dates: one row per term with the LA code, the term's first and last days
    /// (`YYYY-MM-DD` or `DD/MM/YYYY`), optionally its name and its inset days (dates separated by `;` or `,`).
    /// Between two terms of an authority are its holidays; inset days are days without contact.
    public static func termDates(_ bytes: some Collection<UInt8>) -> ParsedFile<CalendarEntry> {
        let table: CSVTable
        do throws(CSVTable.ParseError) {
            table = try CSVTable(bytes: bytes)
        } catch {
            return ParsedFile(faults: [ImportFault(row: error.row, column: "", message: error.message)])
        }
        var out = ParsedFile<CalendarEntry>(rowCount: table.rows.count, columnForField: ["la_code": "LA code", "first": "Term start", "last": "Term end"])
        var folded: [String: Int] = [:]
        for (i, t) in table.header.enumerated() where folded[Text.foldKey(t)] == nil { folded[Text.foldKey(t)] = i }
        func find(_ titles: [String]) -> Int? { titles.lazy.compactMap { folded[Text.foldKey($0)] }.first }
        guard let la = find(laTitles), let start = find(startTitles), let end = find(endTitles) else {
            out.faults = [(laTitles, "LA code"), (startTitles, "Term start"), (endTitles, "Term end")].compactMap { titles, name in
                find(titles) == nil
                    ? ImportFault(row: 1, column: name, message: "the header has no '\(name)' column; a term dates file has LA code, Term start, Term end (and optionally Term, Inset days)")
                    : nil
            }
            return out
        }
        let name = find(nameTitles), inset = find(insetTitles)
        func cell(_ row: CSVTable.Row, _ i: Int?) -> String {
            guard let i, i < row.fields.count else { return "" }
            return row.fields[i].trimmingSpaces()
        }
        func day(_ s: some StringProtocol) -> Day? {
            if let d = Day(iso: s) { return d }
            let p = s.split(separator: "/")
            guard p.count == 3, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]) else { return nil }
            return Day(year: y, month: m, day: d)
        }
        var insetCount = 0
        for row in table.rows {
            var faults: [ImportFault] = []
            let laText = cell(row, la)
            let code = Int(laText)
            if code == nil { faults.append(ImportFault(row: row.number, column: table.header[la], message: "'\(laText)' is not an LA code (a number such as 936)")) }
            let first = day(cell(row, start)), last = day(cell(row, end))
            if first == nil { faults.append(ImportFault(row: row.number, column: table.header[start], message: "'\(cell(row, start))' is not a date (YYYY-MM-DD or DD/MM/YYYY)")) }
            if last == nil { faults.append(ImportFault(row: row.number, column: table.header[end], message: "'\(cell(row, end))' is not a date (YYYY-MM-DD or DD/MM/YYYY)")) }
            var insets: [Day] = []
            for part in cell(row, inset).split(whereSeparator: { $0 == ";" || $0 == "," }) {
                let text = part.trimmingSpaces()
                guard !text.isEmpty else { continue }
                guard let d = day(text) else {
                    faults.append(ImportFault(row: row.number, column: inset.map { table.header[$0] } ?? "Inset days", message: "inset day '\(text)' is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
                    continue
                }
                insets.append(d)
            }
            guard faults.isEmpty, let code, let first, let last else {
                out.faults += faults
                continue
            }
            let termName = Text.tidy(cell(row, name)).isEmpty ? "term from \(first)" : Text.tidy(cell(row, name))
            out.records.append(CalendarEntry(kind: .term, laCode: code, first: first, last: last, name: termName))
            out.rows.append(row.number)
            for d in insets {
                guard first <= d && d <= last else {
                    out.faults.append(ImportFault(row: row.number, column: inset.map { table.header[$0] } ?? "Inset days", message: "inset day \(d) is not within the term \(first) to \(last)"))
                    continue
                }
                out.records.append(CalendarEntry(kind: .insetDay, laCode: code, first: d, name: "inset day of the \(termName)"))
                out.rows.append(row.number)
                insetCount += 1
            }
        }
        let authorities = Set(out.records.map(\.laCode)).sorted()
        out.notes.append("\(out.records.count - insetCount) terms and \(insetCount) inset days for LA \(authorities.map(String.init).joined(separator: ", "))")
        return out
    }
}
