import Foundation
import PeerlinkCore
import Testing

@testable import PeerlinkStore

/// A file database is loaded by two threads (`Store.loadDirectory`): a reader on its own connection hands
/// batches of 1,024 records to the thread that puts them. These check it gives the same directory as reading on
/// one thread, in order, across batch boundaries, and that a bad row stops it cleanly.
struct LoadTests {
    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).db").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// 1,500 schools, 3,000 people and 3,000 nominations (several batches each), ids in mixed order.
    static func changes() -> [Change] {
        let areas = ["mathematics", "computing", "science", "english", "mfl"]
        var changes: [Change] = []
        for i in 0..<1_500 {
            var school = StoreTests.school(100_000 + i)
            school.easting = 400_000 + (i * 7_919) % 200_000
            school.phase = i % 3 == 0 ? .primary : .secondary
            changes.append(Change([school]))
        }
        for i in 0..<3_000 {
            let id = Int64((i * 1_777) % 3_000 + 1)  // every id once, not in order
            let urn = 100_000 + (i * 31) % 1_500
            let person = Person(id: id, name: "Person \(id)", email: "p\(id)@x.sch.uk", urn: urn, role: "Teacher")
            let nomination = Nomination(
                id: id, personID: id, urn: urn,
                areas: [
                    NominatedArea(areaID: areas[i % 5], strength: "note \(i)"),
                    NominatedArea(areaID: areas[(i + 2) % 5]),
                ],
                consent: i % 7 != 0, capacity: 1 + i % 3, modes: i % 2 == 0 ? [.online, .inPerson] : [.inPerson],
                createdAt: Int64(i), updatedAt: Int64(i))
            changes.append(Change([person, nomination]))
        }
        return changes
    }

    @Test func aFileLoadsTheSameDirectoryAsOneThreadReadingInOrder() throws {
        let path = Self.tempPath("load")
        defer { Self.remove(path) }
        let file = try Store(path: path)
        let memory = try Store(path: ":memory:")
        let changes = Self.changes()
        #expect(file.commit(changes).allSatisfy { $0 == nil })
        #expect(memory.commit(changes).allSatisfy { $0 == nil })

        let loaded = try file.loadDirectory()
        let expected = try memory.loadDirectory()
        #expect(loaded.schools.count == 1_500 && loaded.people.count == 3_000 && loaded.nominations.count == 3_000)
        #expect(loaded.schools == expected.schools)
        #expect(loaded.people == expected.people)
        #expect(loaded.personByEmail == expected.personByEmail)
        #expect(loaded.nominations == expected.nominations)
        #expect(loaded.nominationsByArea == expected.nominationsByArea)
        #expect(loaded.nominationsBySchool == expected.nominationsBySchool)
        #expect(loaded.highestID == expected.highestID)
        #expect(loaded.areaOrder == expected.areaOrder)
        for urn in [100_000, 100_001, 100_777, 101_499] {
            for area in ["mathematics", "mfl"] {
                let query = LinkQuery(urn: urn, area: area, limit: 25)
                let a = try loaded.matchLinks(query), b = try expected.matchLinks(query)
                #expect(a.hits.map(\.nomination.id) == b.hits.map(\.nomination.id))
                #expect(a.considered == b.considered && a.excluded == b.excluded)
            }
        }

        // Loading again sees what was committed since.
        let later = Person(id: 5_000, name: "Later", email: "later@x.sch.uk", urn: 100_000, role: "Head")
        #expect(file.commit([Change([later])]).allSatisfy { $0 == nil })
        #expect(try file.loadDirectory().people[5_000] == later)
    }

    /// A row the reader cannot decode (here a school phase no migration allows, written past the CHECK) fails
    /// the whole load with that row's error; once it is fixed, the same store loads.
    @Test func aBadRowFailsTheLoadAndNamesTheValue() throws {
        let path = Self.tempPath("load-bad")
        defer { Self.remove(path) }
        let store = try Store(path: path)
        #expect(store.commit(Array(Self.changes().prefix(1_200))).allSatisfy { $0 == nil })
        try store.db.execute("PRAGMA ignore_check_constraints = ON")
        try store.db.execute("UPDATE schools SET phase = 'kindergarten' WHERE urn = 101100")
        #expect {
            _ = try store.loadDirectory()
        } throws: { e in
            guard case .sqlite(let error) = e as? StoreError else { return false }
            return error.message.contains("unexpected value 'kindergarten'")
        }
        try store.db.execute("UPDATE schools SET phase = 'primary' WHERE urn = 101100")
        #expect(try store.loadDirectory().schools.count == 1_200)
    }
}
