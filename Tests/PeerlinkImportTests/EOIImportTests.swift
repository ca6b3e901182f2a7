import Foundation
import PeerlinkCore
import PeerlinkImport
import Testing

struct EOIImportTests {
    @Test func xlsxAndCSVExportsOfTheSameResponsesGiveTheSameDrafts() throws {
        let d = try directory()
        let csv = try FormsExport(csv: try fixture("eoi/eoi-sample.csv"))
        let xlsx = try FormsExport(xlsx: try fixture("eoi/eoi-sample.xlsx"))
        #expect(csv.header == xlsx.header)
        let a = EOIReader.drafts(csv, mapping: .default, directory: d)
        let b = EOIReader.drafts(xlsx, mapping: .default, directory: d)
        #expect(a.faults == [])
        #expect(b.faults == [])
        #expect(a.records.count == 4)
        #expect(a.records.map(summary) == b.records.map(summary))
        #expect(a.rows == b.rows)
        #expect(a.superseded == 1 && b.superseded == 1)
        // The CSV's slash dates prove their order (13/9/2024); the workbook's are date cells.
        #expect(a.notes.contains { $0.contains("D/M/YYYY") })
        #expect(csv.notes.contains("read as CSV, UTF-8 with BOM"))
    }

    @Test func answersMapToNominationFields() throws {
        let d = try directory()
        let file = EOIReader.drafts(
            try FormsExport(csv: try fixture("eoi/eoi-sample.csv")),
            mapping: .default,
            directory: d
        )
        // Row 5 (a resubmission, completed later) replaced row 2 for the same nominee and school.
        #expect(file.rows == [3, 4, 5, 6])
        #expect(file.notes.contains { $0.hasPrefix("row 2 replaced by row 5") })
        let priya = try #require(file.records.first { $0.nomineeEmail == "p.shah@glebelands.surrey.sch.uk" })
        #expect(priya.urn == 125259)
        #expect(priya.areas.map(\.area) == ["computing", "data-and-tracking", "timetabling"])  // "Computer Science" is an alias
        #expect(priya.capacity == 3)
        #expect(priya.modes == [.inPerson, .online])
        #expect(priya.consent)
        #expect(priya.areas[0].strength.hasPrefix("Built a KS3 computing curriculum"))

        let tom = try #require(file.records.first { $0.nomineeName == "Tom O\u{2019}Neill" })
        #expect(tom.urn == 125271)  // answered with the school's name
        #expect(tom.areas.map(\.area) == ["mfl", "timetabling", "restorative-practice"])  // free text split on commas
        #expect(tom.modes == [.online])
        #expect(tom.nominatedBy == nil)
        #expect(file.notes.contains("1 anonymous responses: no nominating head recorded"))
    }

    @Test func importingTheSameExportTwiceChangesNothingTheSecondTime() throws {
        var d = try directory()
        var ids = IDAllocator()
        let file = EOIReader.drafts(
            try FormsExport(xlsx: try fixture("eoi/eoi-sample.xlsx")),
            mapping: .default,
            directory: d
        )
        let first = Importer.planNominations(file, in: d, keepGood: false, ids: &ids, now: 1_726_000_000)
        #expect(first.report.new == 4)
        #expect(first.report.superseded == 1)
        first.change.apply(to: &d)
        #expect(d.nominations.count == 4)
        #expect(d.people.count == 4)

        let csvFile = EOIReader.drafts(
            try FormsExport(csv: try fixture("eoi/eoi-sample.csv")),
            mapping: .default,
            directory: d
        )
        let second = Importer.planNominations(csvFile, in: d, keepGood: false, ids: &ids, now: 1_726_100_000)
        #expect(second.report.unchanged == 4)
        #expect(second.change.records.isEmpty)
    }

    @Test func badRowsGiveOneFaultEachNamingRowAndColumnAndHoldBackTheBatch() throws {
        let d = try directory()
        var ids = IDAllocator()
        let export = try FormsExport(csv: try fixture("eoi/eoi-bad-rows.csv"))
        let file = EOIReader.drafts(export, mapping: .default, directory: d)
        let plan = Importer.planNominations(file, in: d, keepGood: false, ids: &ids, now: 1_726_000_000)
        let r = plan.report
        #expect(
            r.faults.map { "\($0.row)|\($0.column)" } == [
                "4|School URN or name", "5|Nominee's work email address", "6|Subjects the nominee can support",
                "7|I confirm the nominee has agreed to be listed in the directory",
            ]
        )
        #expect(r.faults[0].message.contains("999999"))
        #expect(r.faults[1].message.contains("j.bloggs@oakwood"))
        #expect(r.faults[2].message.contains("did you mean 'Geography'"))
        #expect(r.faults[3].message.contains("consent is missing"))
        #expect(r.rejected == 4)
        #expect(r.new == 2)
        #expect(r.batchRejected)
        #expect(plan.change.records.isEmpty)
        #expect(r.text.contains("row 4, column \"School URN or name\": no school with URN 999999"))
        #expect(r.text.contains("Nothing was written"))
        // No date in the file proves its order: the mapping's is assumed, and the report says so.
        #expect(r.notes.contains { $0.contains("assumed D/M/YYYY") })

        var kept = d
        let good = Importer.planNominations(file, in: d, keepGood: true, ids: &ids, now: 1_726_000_000)
        #expect(!good.report.batchRejected)
        good.change.apply(to: &kept)
        #expect(kept.nominations.count == 2)
        #expect(Set(kept.nominations.values.map(\.urn)) == [125259, 125275])
    }

    @Test func theReportEncodesAsJSON() throws {
        let d = try directory()
        var ids = IDAllocator()
        let file = EOIReader.drafts(
            try FormsExport(csv: try fixture("eoi/eoi-bad-rows.csv")),
            mapping: .default,
            directory: d
        )
        let report = Importer.planNominations(file, in: d, keepGood: false, ids: &ids, now: 0).report
        let json = try JSONEncoder().encode(report)
        let back = try JSONDecoder().decode(ImportReport.self, from: json)
        #expect(back == report)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["rejected"] as? Int == 4)
        #expect((object["faults"] as? [[String: Any]])?.first?["row"] as? Int == 4)
    }

    @Test func theShippedDefaultMappingFileIsTheBuiltInDefault() throws {
        let data = try Data(contentsOf: schemaFolder.appendingPathComponent("eoi-default-mapping.json"))
        #expect(try EOIMapping.decode(data) == EOIMapping.default)
        #expect(throws: EOIMapping.MappingError.self) { try EOIMapping.decode(Data("{\"school\": \"x\"}".utf8)) }
    }

    @Test func monthFirstDatesAreDetectedAndDuplicateTitlesSuffixed() throws {
        let csv =
            "ID,Start time,Completion time,Email,Name,Q,Q\r\n1,9/13/2024 10:00:00 AM,9/13/2024 1:05:00 PM,a@b.org,A,x,y\r\n"
        let export = try FormsExport(csv: Array(csv.utf8))
        #expect(export.header.suffix(2) == ["Q", "Q2"])
        let (order, note) = export.dateOrder(fallback: .dayMonth)
        #expect(order == .monthDay)
        #expect(note?.contains("M/D/YYYY") == true)
        let t = FormsExport.dateTime(export.rows[0].cells[2], order: order)
        #expect(t == FormDateTime(day: Day(year: 2024, month: 9, day: 13)!, second: 13 * 3600 + 5 * 60))
    }

    @Test func aLaterSubmissionReplacesAnEarlierOneEvenWhenItComesFirstInTheFile() throws {
        let d = try directory()
        // An authority's own, shorter form: only the questions it asks are mapped.
        let m = EOIMapping(
            school: "URN",
            nomineeName: "Name of nominee",
            nomineeRole: "Job title",
            nomineeEmail: "Work email",
            areas: ["Expertise"],
            consent: "Agreed?"
        )
        let header = [
            "ID", "Start time", "Completion time", "Email", "Name", "URN", "Name of nominee", "Job title",
            "Work email", "Expertise", "Agreed?",
        ]
        func row(_ n: Int, _ done: String, _ area: String) -> FormsExport.Row {
            FormsExport.Row(
                number: n,
                cells: [
                    "\(n)", done, done, "", "", "125259", "Ann Lee", "Teacher", "a.lee@glebelands.surrey.sch.uk", area,
                    "Yes",
                ]
                .map { .text($0) }
            )
        }
        let export = FormsExport(
            header: header,
            rows: [row(2, "20/9/2024 10:00:00", "History;"), row(3, "2/9/2024 10:00:00", "Music;")]
        )
        let file = EOIReader.drafts(export, mapping: m, directory: d)
        #expect(file.records.map { $0.areas.map(\.area) } == [["history"]])
        #expect(file.superseded == 1)
        #expect(file.faults == [])

        // A mapping naming a question the export lacks is one fault on the header, naming that question.
        var wrong = m
        wrong.capacity = "Capacity"
        let missing = EOIReader.drafts(export, mapping: wrong, directory: d)
        #expect(missing.records.isEmpty)
        #expect(missing.faults.map { "\($0.row)|\($0.column)" } == ["1|Capacity"])
    }
}
