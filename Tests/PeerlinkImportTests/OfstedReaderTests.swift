import Foundation
import PeerlinkCore
import PeerlinkImport
import Testing

/// Ofsted's management information file: columns by name, each framework's group optional.
struct OfstedReaderTests {
    @Test func readsEachFrameworksGradesFromOneFile() throws {
        let file = OfstedReader.inspections(try fixture("ofsted/inspections-three-frameworks.csv"))
        #expect(file.faults == [])
        #expect(file.records.count == 7)
        #expect(file.notes.contains { $0.contains("overall effectiveness") && $0.contains("key judgements (6 of 6)") && $0.contains("report card areas (8 of 8)") && $0.contains("safeguarding") })
        let byURN = Dictionary(uniqueKeysWithValues: file.records.map { ($0.urn, $0) })

        let kingswood = try #require(byURN[124937])
        #expect(kingswood.framework == .overallEffectiveness)
        #expect(kingswood.overall == .good)
        #expect(kingswood.startDate == Day(year: 2019, month: 3, day: 14))
        #expect(kingswood.judgements["quality of education"] == .good)
        #expect(kingswood.judgements["early years provision"] == nil, "9 means not applicable")
        #expect(kingswood.previousOverall == .good && kingswood.previousDate == Day(year: 2015, month: 2, day: 1))

        let charlwood = try #require(byURN[124946])
        #expect(charlwood.framework == .keyJudgements, "\"Not judged\" overall: the 2024-25 framework")
        #expect(charlwood.overall == nil)
        #expect(charlwood.judgements["behaviour and attitudes"] == .outstanding)
        #expect(charlwood.safeguardingMet == true)

        let trumps = try #require(byURN[124952])
        #expect(trumps.framework == .reportCard)
        #expect(trumps.areas["personal development and well-being"] == .exceptional)
        #expect(trumps.areas["achievement"] == .expectedStandard)
        #expect(trumps.areas["sixth form"] == nil)
        #expect(trumps.safeguardingMet == true)
        #expect(trumps.previousWasPredecessor, "the previous inspection did not relate to the school in its current form")
        #expect(byURN[124955]?.safeguardingMet == false)
    }

    @Test func anOlderNarrowerReleaseIsReadAndItsBadRowsNamed() throws {
        let file = OfstedReader.inspections(try fixture("ofsted/inspections-old-release-bad-rows.csv"))
        #expect(file.records.map(\.urn) == [124956])
        #expect(file.records.first?.overall == .outstanding)
        #expect(file.notes.contains { $0.contains("not in this file") && $0.contains("report card areas") && $0.contains("safeguarding") })
        #expect(file.faults.map(\.row) == [3, 4, 5])
        #expect(file.faults.map(\.column) == ["Inspection start date", "URN", "Overall effectiveness"])
        #expect(file.faults[0].message.contains("'31/02/2018' is not a date"))
        #expect(file.faults[2].message.contains("'Excellent' is not a grade"))
    }

    @Test func aFileWithoutURNOrStartDateSaysWhichColumnIsMissing() {
        let file = OfstedReader.inspections(Array("School name,Overall effectiveness\r\nA,2\r\n".utf8))
        #expect(file.records.isEmpty)
        #expect(file.faults.map(\.column) == ["URN", "Inspection start date"])
        #expect(file.faults.allSatisfy { $0.row == 1 && $0.message.contains("management information") })
    }
}
