import PeerlinkCore
import Testing

@testable import PeerlinkStore

/// Every cohort record is written and loaded back unchanged, group members included.
struct CohortsStoreTests {
    @Test func cohortRecordsRoundTrip() throws {
        let store = try Store(path: ":memory:")
        let start = Day(iso: "2027-01-04")!
        let school = School(urn: 100, name: "A School", phase: .primary, laCode: 801, laName: "A")
        let people = (1...6).map { Person(id: Int64($0), name: "P\($0)", email: "p\($0)@x", urn: 100, role: "Head") }
        let cohort = Cohort(id: 1, name: "Spring 2027", cap: 12, minGroupSize: 4, maxGroupSize: 6, start: start, createdAt: 5)
        let open = Cohort(
            id: 2, name: "Open", cap: nil, minGroupSize: 2, maxGroupSize: 3, start: start, sessionStart: 14 * 60,
            sessionWeekdays: [2, 4])
        let apps = [
            CohortApplication(id: 1, cohortID: 1, personID: 1, appliedAt: 10, status: .accepted, position: 1),
            CohortApplication(id: 2, cohortID: 1, personID: 2, appliedAt: 11, status: .waitListed, position: 2),
            CohortApplication(id: 3, cohortID: 1, personID: 3, appliedAt: 12, status: .withdrawn, position: 3, updatedAt: 20),
        ]
        let facilitator = Facilitator(id: 1, cohortID: 1, personID: 6, maxGroups: 3)
        var group = CohortGroup(
            id: 1, cohortID: 1, number: 1, phase: .special, memberIDs: [1, 4, 5], facilitatorID: 6, formedAt: 30)
        let session = CohortSession(
            id: 1, cohortID: 1, groupID: 1, number: 1, facilitatorID: 6,
            start: LocalDateTime(day: Day(iso: "2027-01-12")!, minute: 13 * 60 + 30))
        var records: [any DirectoryRecord] = [school] + people
        records += [cohort, open] as [any DirectoryRecord]
        records += apps as [any DirectoryRecord]
        records += [facilitator, group, session] as [any DirectoryRecord]
        #expect(store.commit([Change(records)]).allSatisfy { $0 == nil })

        // Rewriting a group replaces its members; a cancelled session stays as history.
        group.memberIDs = [1, 4]
        group.dissolved = true
        var cancelled = session
        cancelled.cancelled = true
        #expect(store.commit([Change([group, cancelled])]).allSatisfy { $0 == nil })

        let d = try store.loadDirectory()
        #expect(d.cohorts.cohorts[1] == cohort)
        #expect(d.cohorts.cohorts[2] == open)
        #expect(d.cohorts.cohort(named: "spring-2027")?.id == 1)
        #expect(apps.allSatisfy { d.cohorts.applications[$0.id] == $0 })
        #expect(d.cohorts.facilitators[1] == facilitator)
        #expect(d.cohorts.groups[1] == group)
        #expect(d.cohorts.sessions[1] == cancelled)
    }

    @Test func cohortNamesAreUniqueIgnoringCaseAndPunctuation() throws {
        let store = try Store(path: ":memory:")
        let start = Day(iso: "2027-01-04")!
        let a = Cohort(id: 1, name: "Spring 2027", cap: nil, minGroupSize: 4, maxGroupSize: 6, start: start)
        let b = Cohort(id: 2, name: "spring-2027", cap: nil, minGroupSize: 4, maxGroupSize: 6, start: start)
        #expect(store.commit([Change([a])]).allSatisfy { $0 == nil })
        #expect(store.commit([Change([b])]).first! != nil)
    }
}
