import Foundation
import PeerlinkCore
import PeerlinkImport
import Testing

/// GOV.UK's bank holidays and an authority's term dates, as files.
struct CalendarReaderTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/sample-data")

    @Test func theShippedBankHolidaysFileReadsAsEnglandAndWales() throws {
        let bytes = try Data(contentsOf: Self.sampleData.appendingPathComponent("bank-holidays.json"))
        let file = CalendarReader.bankHolidays(bytes)
        #expect(file.faults == [])
        #expect(file.records.count == 24)
        #expect(file.records.allSatisfy { $0.kind == .bankHoliday && $0.laCode == 0 && $0.first == $0.last })
        #expect(file.records.contains(CalendarEntry(kind: .bankHoliday, first: Day(iso: "2026-12-28")!, name: "Boxing Day")))
        #expect(file.notes == ["england-and-wales: 24 bank holidays from 2025-01-01 to 2027-12-28"])
        let scotland = CalendarReader.bankHolidays(bytes, division: "scotland")
        #expect(scotland.records.isEmpty && scotland.faults.first?.message.contains("no 'scotland' division") == true)
    }

    @Test func aBankHolidayWithoutADateIsNamed() {
        let json = #"{"england-and-wales": {"events": [{"title": "Good Friday", "date": "2026-04-03"}, {"title": "Mystery day", "date": "soon"}]}}"#
        let file = CalendarReader.bankHolidays(Array(json.utf8))
        #expect(file.records.count == 1)
        #expect(file.faults.map(\.row) == [3])
        #expect(file.faults.first?.message.contains("'Mystery day'") == true)
    }

    @Test func termDatesGiveTermsAndInsetDaysInEitherDateForm() throws {
        let bytes = try Data(contentsOf: Self.sampleData.appendingPathComponent("term-dates-example.csv"))
        let file = CalendarReader.termDates(bytes)
        #expect(file.faults == [])
        #expect(file.records.filter { $0.kind == .term }.count == 5)
        #expect(file.records.filter { $0.kind == .insetDay }.map(\.first) == [Day(iso: "2026-09-03")!, Day(iso: "2026-11-20")!, Day(iso: "2027-01-05")!, Day(iso: "2026-09-02")!])
        let hampshire = try #require(file.records.first { $0.laCode == 850 && $0.kind == .term })
        #expect(hampshire.first == Day(iso: "2026-09-02") && hampshire.last == Day(iso: "2026-12-18"))
    }

    @Test func badTermDatesAreNamedByRowAndColumn() {
        let csv = "LA code,Term start,Term end,Inset days\r\nSurrey,2026-09-03,2026-12-18,\r\n936,2026-09-03,18.12.2026,\r\n936,2027-01-05,2027-03-26,2027-05-01\r\n"
        let file = CalendarReader.termDates(Array(csv.utf8))
        #expect(file.faults.map { "\($0.row) \($0.column)" } == ["2 LA code", "3 Term end", "4 Inset days"])
        #expect(file.faults.last?.message.contains("not within the term") == true)
    }
}
