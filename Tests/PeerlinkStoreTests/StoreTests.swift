import Foundation
import PeerlinkCore
import Testing

@testable import PeerlinkStore

struct StoreTests {
    static func school(_ urn: Int) -> School {
        School(
            urn: urn, name: "School \(urn)", phase: .secondary, type: "Academy converter", typeGroup: "Academies",
            laCode: 936, laName: "Surrey", region: "South East", urbanRural: "(England/Wales) Rural village", pupils: 900,
            capacity: 1000, easting: 500_000, northing: 150_000, postcode: "GU1 1AA", town: "Guildford", trust: "Oak Trust",
            federation: nil, religiousCharacter: "Church of England", inspection: .good, inspectionDate: Day(iso: "2023-05-01"))
    }

    @Test func migrationsApplyAndTheTaxonomyLoads() throws {
        let store = try Store(path: ":memory:")
        #expect(store.schemaVersion == embeddedMigrations.last!.version)
        let d = try store.loadDirectory()
        #expect(d.areas.count > 50)
        #expect(d.area(named: "MFL")?.id == "mfl")
        #expect(d.area(named: "D&T")?.id == "design-and-technology")
        #expect(d.areas.values.filter { $0.kind == .standard }.count == 10)
    }

    @Test func recordsRoundTrip() throws {
        let store = try Store(path: ":memory:")
        let person = Person(id: 1, name: "Ann", email: "ann@x.sch.uk", urn: 100001, role: "Head", headshipStart: Day(iso: "2022-09-01"), npqh: .completed)
        let nomination = Nomination(
            id: 7, personID: 1, urn: 100001, areas: [NominatedArea(areaID: "computing", strength: "A level"), NominatedArea(areaID: "mathematics")],
            consent: true, capacity: 3, modes: [.online], createdAt: 5, updatedAt: 6)
        let token = AccessToken(id: 2, role: .head, personID: 1, secretHash: "abc", label: "t", createdAt: 9, expiresAt: 99)
        let results = store.commit([Change([Self.school(100001), person, nomination, token])])
        #expect(results.allSatisfy { $0 == nil })
        let d = try store.loadDirectory()
        #expect(d.schools[100001] == Self.school(100001))
        #expect(d.people[1] == person)
        #expect(d.nominations[7] == nomination)
        #expect(d.tokens[2] == token)
        #expect(d.nominationsByArea["computing"] == [7])
    }

    /// A nomination's areas are written only where they differ: rewriting one with its areas grown, reordered,
    /// restated, shrunk or unchanged always loads back exactly the areas it was last written with.
    @Test func rewrittenNominationAreasLoadBackExactly() throws {
        let store = try Store(path: ":memory:")
        let person = Person(id: 1, name: "Ann", email: "ann@x.sch.uk", urn: 100001, role: "Head")
        let first = Nomination(
            id: 7, personID: 1, urn: 100001, areas: [NominatedArea(areaID: "computing", strength: "A level")],
            capacity: 2, createdAt: 5, updatedAt: 5)
        #expect(store.commit([Change([Self.school(100001), person, first])]).allSatisfy { $0 == nil })
        let versions: [[NominatedArea]] = [
            [NominatedArea(areaID: "computing", strength: "A level"), NominatedArea(areaID: "mathematics")],
            [NominatedArea(areaID: "mathematics"), NominatedArea(areaID: "computing", strength: "A level")],
            [NominatedArea(areaID: "mathematics", strength: "leads the department"), NominatedArea(areaID: "computing")],
            [NominatedArea(areaID: "mathematics", strength: "leads the department"), NominatedArea(areaID: "computing")],
            [NominatedArea(areaID: "science")],
        ]
        for (i, areas) in versions.enumerated() {
            var next = first
            next.areas = areas
            next.capacity = 3 + i
            #expect(store.commit([Change([next])]).allSatisfy { $0 == nil })
            let d = try store.loadDirectory()
            #expect(d.nominations[7] == next, "version \(i)")
            #expect(try store.db.scalar("SELECT count(*) FROM nomination_areas WHERE nomination_id = 7") == Int64(areas.count))
        }
    }

    /// An update given the version it replaces changes the row in place and leaves equal area rows alone; when
    /// the database does not hold what that version says, the whole record is written instead.
    @Test func anUpdateFromItsEarlierVersionWritesOnlyWhatDiffers() throws {
        #expect(
            Set(Nomination.columns) == Set(["id"] + Nomination.mutableColumns + Nomination.fixedColumns),
            "every column is either updated in place or guarded")
        let store = try Store(path: ":memory:")
        let ann = Person(id: 1, name: "Ann", email: "ann@x.sch.uk", urn: 100001, role: "Head")
        let bob = Person(id: 2, name: "Bob", email: "bob@x.sch.uk", urn: 100001, role: "Head")
        let first = Nomination(
            id: 7, personID: 1, urn: 100001,
            areas: [NominatedArea(areaID: "computing", strength: "A level"), NominatedArea(areaID: "mathematics")],
            capacity: 2, createdAt: 5, updatedAt: 5)
        #expect(store.commit([Change([Self.school(100001), ann, bob, first])]).allSatisfy { $0 == nil })
        func areaRowIDs() throws -> [Int64] {
            var ids: [Int64] = []
            try store.db.query("SELECT rowid FROM nomination_areas WHERE nomination_id = 7 ORDER BY position") {
                ids.append($0.int(0))
            }
            return ids
        }
        let rowsBefore = try areaRowIDs()

        var second = first
        second.capacity = 4
        second.status = .paused
        second.consent = false
        second.modes = [.online]
        second.updatedAt = 9
        #expect(store.commit([Change(updating: second, from: first)]).allSatisfy { $0 == nil })
        #expect(try store.loadDirectory().nominations[7] == second)
        #expect(try areaRowIDs() == rowsBefore, "equal areas are not rewritten")
        // In place, the columns left alone are not checked again: with the person's row gone behind the store's
        // back, the update still lands, where writing the whole record would fail on its foreign key.
        try store.db.execute("PRAGMA foreign_keys = OFF; DELETE FROM people WHERE id = 1; PRAGMA foreign_keys = ON")
        var inPlace = second
        inPlace.capacity = 3
        #expect(store.commit([Change(updating: inPlace, from: second)]).allSatisfy { $0 == nil })
        #expect(store.commit([Change([second])])[0] != nil, "the whole record checks its foreign keys")
        #expect(store.commit([Change([ann])]).allSatisfy { $0 == nil })
        #expect(store.commit([Change(updating: second, from: inPlace)]).allSatisfy { $0 == nil })

        var third = second
        third.areas = [NominatedArea(areaID: "science", strength: "leads the department")]
        #expect(store.commit([Change(updating: third, from: second)]).allSatisfy { $0 == nil })
        #expect(try store.loadDirectory().nominations[7] == third)

        // An earlier version that is not what the database holds (another person): the guarded update changes
        // nothing, and the record is written whole.
        var stale = third
        stale.personID = 2
        var fourth = third
        fourth.capacity = 1
        fourth.areas = [NominatedArea(areaID: "history")]
        #expect(store.commit([Change(updating: fourth, from: stale)]).allSatisfy { $0 == nil })
        #expect(try store.loadDirectory().nominations[7] == fourth)

        // Moving a nomination to another person is written whole, so its foreign key is checked.
        var moved = fourth
        moved.personID = 999
        #expect(store.commit([Change(updating: moved, from: fourth)])[0] != nil)
        #expect(try store.loadDirectory().nominations[7] == fourth)
    }

    @Test func aFailedChangeRollsBackAloneAndTheRestCommit() throws {
        let store = try Store(path: ":memory:")
        // The nomination names a person who does not exist: the foreign key refuses it.
        let orphan = Nomination(id: 1, personID: 999, urn: 100001, areas: [NominatedArea(areaID: "computing")])
        let results = store.commit([Change([Self.school(100001)]), Change([orphan]), Change([Self.school(100002)])])
        #expect(results[0] == nil && results[2] == nil)
        #expect(results[1] != nil)
        let d = try store.loadDirectory()
        #expect(d.schools.keys.sorted() == [100001, 100002])
        #expect(d.nominations.isEmpty)
        // The batch went through twice (straight through, then change by change): nothing of the first pass is
        // left, and the store goes on committing.
        #expect(try store.db.scalar("SELECT count(*) FROM schools") == 2)
        #expect(store.commit([Change([Self.school(100003)])]).allSatisfy { $0 == nil })
        #expect(try store.loadDirectory().schools.count == 3)
    }

    @Test func aSecondStoreOnTheSameFileIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let first = try Store(path: path)
        #expect {
            _ = try Store(path: path)
        } throws: { e in
            guard case .locked(let m) = e as? StoreError else { return false }
            return m.contains("in use by another peerlinkd")
        }
        _ = first
    }

    @Test func backupCopiesEverything() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Store(path: ":memory:")
        _ = store.commit([Change([Self.school(100001)])])
        try store.backup(to: path)
        let restored = try Database(path: path)
        #expect(try restored.scalar("SELECT count(*) FROM schools") == 1)
    }

    /// `tools/gen-schema` must have been run after the last edit to `schema/*.sql`.
    /// 0008 rebuilds `nominations` and `audit` (cheaper CHECKs): a database written at version 7 keeps every row,
    /// the rows that refer to nominations keep pointing at them, the constraints still refuse what they refused,
    /// and foreign keys are enforced again afterwards.
    @Test func rebuildingTablesKeepsRowsAndReferences() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peerlink-0008-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let person = Person(id: 1, name: "Ann", email: "ann@x.sch.uk", urn: 100001, role: "Head of Maths")
        let nomination = Nomination(
            id: 7, personID: 1, urn: 100001,
            areas: [NominatedArea(areaID: "computing", strength: "A level"), NominatedArea(areaID: "mathematics")],
            capacity: 3, modes: [.online], status: .paused, createdAt: 5, updatedAt: 6)
        let request = LinkRequest(id: 3, urn: 100002, areaID: "computing", createdByRole: .adviser, createdAt: 8)
        let link = Link(
            id: 4, requestID: 3, nominationID: 7, requesterURN: 100002, nomineeURN: 100001, areaID: "computing",
            madeByRole: .adviser, createdAt: 9)
        let audit = AuditEntry(id: 11, at: 9, role: .adviser, personID: 1, operation: "link_create", target: "link:4")
        do {
            let old = try Database(path: path)
            for m in embeddedMigrations where m.version <= 7 { try old.execute(m.sql) }
            try old.execute("PRAGMA user_version = 7")
            let records: [any StoredRecord] = [Self.school(100001), Self.school(100002), person, nomination, request, link, audit]
            for record in records { try record.write(to: old) }
        }

        let store = try Store(path: path)
        #expect(store.schemaVersion == embeddedMigrations.last!.version)  // migrated through 0008 and every later one
        let d = try store.loadDirectory()
        #expect(d.nominations[7] == nomination)
        #expect(d.links.link(4) == link)
        #expect(d.audit.recent == [audit])
        #expect(try store.db.scalar("PRAGMA foreign_keys") == 1)
        #expect(try store.db.scalar("SELECT count(*) FROM nomination_areas WHERE nomination_id = 7") == 2)
        #expect(throws: SQLiteError.self) {
            try store.db.execute("UPDATE nominations SET status = 'asleep' WHERE id = 7")
        }
        #expect(throws: SQLiteError.self) {
            try store.db.execute("INSERT INTO audit (id, at, role, operation) VALUES (12, 1, 'visitor', 'x')")
        }
        #expect(throws: SQLiteError.self) {
            try store.db.execute("DELETE FROM nominations WHERE id = 7")  // a link still refers to it
        }
    }

    @Test func embeddedSchemaMatchesTheSchemaFolder() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.range(of: #"^\d{4}-.*\.sql$"#, options: .regularExpression) != nil }.sorted()
        #expect(files == embeddedMigrations.map(\.name), "run tools/gen-schema")
        for m in embeddedMigrations {
            let text = try String(contentsOf: folder.appendingPathComponent(m.name), encoding: .utf8)
            #expect(text.trimmingCharacters(in: .newlines) == m.sql.trimmingCharacters(in: .newlines), "\(m.name) changed: run tools/gen-schema")
        }
    }
}
