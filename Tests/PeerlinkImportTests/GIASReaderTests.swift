import Foundation
import PeerlinkCore
import PeerlinkImport
import Testing

struct GIASReaderTests {
    @Test func hampshireAndSurreyPrimariesParseWithNoFaultsAndCountsMatchTheFile() throws {
        let file = GIASReader.establishments(try fixture("gias/hampshire_surrey_primary_20220420_gias.csv"))
        #expect(file.faults == [])
        #expect(file.rowCount == 1096)
        #expect(file.records.count == 1096)
        let s = file.records
        // SOURCE.md: Open 726 + "Open, but proposed to close" 2; Closed 368.
        #expect(s.filter { $0.status == .open }.count == 728)
        #expect(s.filter { $0.status == .closed }.count == 368)
        #expect(s.filter { $0.laCode == 850 }.count == 520)
        #expect(s.filter { $0.laCode == 936 }.count == 576)
        #expect(s.filter { $0.phase == .primary }.count == 1061)
        #expect(s.filter { $0.phase == .middle }.count == 31)
        #expect(s.filter { $0.phase == .allThrough }.count == 4)
        let open = s.filter { $0.status == .open }
        #expect(open.filter { $0.trust != nil }.count == 176)
        #expect(open.filter { $0.federation != nil }.count == 68)

        let alton = try #require(s.first { $0.urn == 115850 })
        #expect(alton.name == "Alton Infant School")
        #expect(alton.laName == "Hampshire")
        #expect(alton.type == "Community school")
        #expect(alton.typeGroup == "Local authority maintained schools")
        #expect(alton.region == "South East")
        #expect(alton.pupils == 138)
        #expect(alton.capacity == 180)
        #expect(alton.easting != nil && alton.northing != nil)
        #expect(alton.trust == nil)
        #expect(alton.religiousCharacter == nil)  // "Does not apply"
        #expect(s.contains { $0.inspection == .seriousWeaknesses })
        #expect(s.contains { $0.inspectionDate != nil })
    }

    @Test func surreyAllOpenParsesWithNoFaultsAndCountsMatchTheFile() throws {
        let file = GIASReader.establishments(try fixture("gias/surrey_all_open_2021-05_gias.csv"))
        #expect(file.faults == [])
        #expect(file.records.count == 590)
        let s = file.records
        #expect(s.allSatisfy { $0.status == .open })  // 585 Open + 5 "Open, but proposed to close"
        let phases = Dictionary(grouping: s, by: \.phase).mapValues(\.count)
        #expect(
            phases == [
                .primary: 300, .notApplicable: 222, .secondary: 55, .sixteenPlus: 7, .nursery: 4, .allThrough: 2,
            ]
        )
        #expect(s.filter { $0.trust != nil }.count == 202)
        #expect(s.filter { $0.federation != nil }.count == 10)
    }

    @Test func secondImportOfTheSameSchoolsChangesNothing() throws {
        var d = Directory()
        let file = GIASReader.establishments(try fixture("gias/hampshire_surrey_primary_20220420_gias.csv"))
        let first = Importer.planSchools(file, in: d, keepGood: false)
        #expect(first.report.new == 1096)
        #expect(first.report.rejected == 0)
        first.change.apply(to: &d)
        #expect(d.schools.count == 1096)

        let second = Importer.planSchools(file, in: d, keepGood: false)
        #expect(second.report.unchanged == 1096)
        #expect(second.report.new == 0 && second.report.updated == 0)
        #expect(second.change.records.isEmpty)

        // The Surrey-wide file overlaps: Surrey primaries already held are unchanged or updated, not new.
        let surrey = Importer.planSchools(
            GIASReader.establishments(try fixture("gias/surrey_all_open_2021-05_gias.csv")),
            in: d,
            keepGood: false
        )
        #expect(surrey.report.new + surrey.report.updated + surrey.report.unchanged == 590)
        #expect(surrey.report.new < 590)
    }

    @Test func aWindows1252SmartQuoteInANameDecodesToTheRightCharacter() throws {
        let bytes = try fixture("gias/cp1252_smart_quote_gias.csv")
        #expect(bytes.contains(0x92))
        let file = GIASReader.establishments(bytes)
        #expect(file.faults == [])
        #expect(file.records.first { $0.urn == 115872 }?.name == "Chandler\u{2019}s Ford Infant School")
        #expect(file.records.first { $0.urn == 115856 }?.status == .closed)
        #expect(file.notes.contains("read as Windows-1252"))
    }

    @Test func columnsAreFoundByNameAndOfstedColumnsAreOptional() throws {
        // A later release: columns in another order, an unknown column, no Ofsted columns.
        let csv = """
            "EstablishmentName","NewColumn2030","LA (name)","URN","PhaseOfEducation (name)","EstablishmentStatus (name)","LA (code)","Trusts (name)","OpenDate"\r
            "Oakwood School","x","Surrey",125273,"Secondary","Open, but proposed to close","936","","01-09-2000"\r
            "Old Middle School","","Surrey",100001,"Middle deemed secondary","Closed","936","Some Trust",""\r

            """
        let file = GIASReader.establishments(Array(csv.utf8))
        #expect(file.faults == [])
        #expect(file.records.map(\.urn) == [125273, 100001])
        #expect(file.records[0].status == .open)
        #expect(file.records[0].inspection == nil)
        #expect(file.records[1].phase == .middle)
        #expect(file.records[1].status == .closed)
        #expect(file.records[1].trust == "Some Trust")
        #expect(file.notes.contains { $0.contains("OfstedRating (name)") })
    }

    @Test func badValuesBecomeFaultsNamingRowAndColumn() throws {
        let csv = """
            "URN","EstablishmentName","PhaseOfEducation (name)","EstablishmentStatus (name)","LA (code)","LA (name)","NumberOfPupils","OfstedLastInsp"\r
            125273,"Oakwood School","Secondary","Open","936","Surrey","1200","21-01-2021"\r
            125271,"Ash Manor School","Sekondary","Open","936","Surrey","many","31-02-2021"\r
            ,"No URN","Primary","Open","936","Surrey","",""\r

            """
        let file = GIASReader.establishments(Array(csv.utf8))
        #expect(file.records.map(\.urn) == [125273])
        #expect(
            file.faults.map { "\($0.row):\($0.column)" } == [
                "3:PhaseOfEducation (name)", "3:NumberOfPupils", "3:OfstedLastInsp", "4:URN",
            ]
        )
        let plan = Importer.planSchools(file, in: Directory(), keepGood: false)
        #expect(plan.report.rejected == 2)
        #expect(plan.report.batchRejected)
        #expect(plan.change.records.isEmpty)
        let kept = Importer.planSchools(file, in: Directory(), keepGood: true)
        #expect(kept.change.records.count == 1)
        #expect(kept.report.new == 1)
    }

    @Test func missingRequiredColumnIsOneFaultOnTheHeader() {
        let file = GIASReader.establishments(Array("\"URN\",\"EstablishmentName\"\r\n1,\"A\"\r\n".utf8))
        #expect(file.records.isEmpty)
        #expect(file.faults.allSatisfy { $0.row == 1 })
        #expect(file.faults.map(\.column).contains("PhaseOfEducation (name)"))
    }

    @Test func linksBecomeSuccessionsAndAnOldURNFindsItsSuccessor() throws {
        let links = GIASReader.links(try fixture("gias/links_hampshire_surrey_20250422.csv"))
        #expect(links.faults == [])
        #expect(links.rowCount == 867)
        // Pairs listed from both ends are one succession.
        let pairs = Set(links.records.map { "\($0.predecessor)>\($0.successor)" })
        #expect(pairs.count == links.records.count)
        let awbridge = try #require(links.records.first { $0.predecessor == 115856 && $0.successor == 148213 })
        #expect(awbridge.linkType == "Successor")
        #expect(awbridge.date == Day(year: 2020, month: 10, day: 31))
        #expect(!links.records.contains { $0.linkType.lowercased().hasPrefix("predecessor") })

        var d = try directory(withSchoolsFrom: ["gias/hampshire_surrey_primary_20220420_gias.csv"])
        #expect(d.school(resolvingURN: 115856)?.urn == 115856)  // no successions known yet
        let plan = Importer.planSuccessions(links, in: d, keepGood: false, now: 1_700_000_000)
        #expect(plan.report.rejected == 0)
        #expect(plan.report.new == links.records.count)
        plan.change.apply(to: &d)
        #expect(d.school(resolvingURN: 115856)?.urn == 148213)
        #expect(d.school(resolvingURN: 115856)?.name == "Awbridge Primary School")
        #expect(d.school(resolvingURN: 148213)?.urn == 148213)

        let again = Importer.planSuccessions(links, in: d, keepGood: false, now: 1_700_000_100)
        #expect(again.report.unchanged == links.records.count)
        #expect(again.change.records.isEmpty)
    }
}
