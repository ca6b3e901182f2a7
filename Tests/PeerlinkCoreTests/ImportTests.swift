import PeerlinkCore
import Testing

/// Imports against an in-memory directory: classification, idempotence, batches held back by faults,
/// and successions moving people and nominations.
struct ImportTests {
    static func school(_ urn: Int, _ name: String, status: SchoolStatus = .open) -> School {
        School(urn: urn, name: name, phase: .secondary, status: status, laCode: 936, laName: "Surrey")
    }

    static func base() -> Directory {
        var d = Directory()
        Change([
            Area(id: "computing", name: "Computing", kind: .subject, aliases: ["Computer Science"]),
            Area(id: "history", name: "History", kind: .subject),
        ]).apply(to: &d)
        return d
    }

    @Test func schoolsAreNewThenUnchangedThenUpdated() {
        var d = ImportTests.base()
        let schools = [ImportTests.school(1001, "Alpha"), ImportTests.school(1002, "Beta")]
        let (c1, o1) = d.prepareSchoolImport(schools, keepGood: false)
        #expect(o1.dispositions == [.new, .new])
        c1.apply(to: &d)
        let (c2, o2) = d.prepareSchoolImport(schools, keepGood: false)
        #expect(o2.dispositions == [.unchanged, .unchanged])
        #expect(c2.records.isEmpty)
        var changed = schools
        changed[1].status = .closed
        let (c3, o3) = d.prepareSchoolImport(changed, keepGood: false)
        #expect(o3.dispositions == [.unchanged, .updated])
        c3.apply(to: &d)
        #expect(d.school(1002)?.status == .closed)  // closed schools are kept, as closed
        #expect(c3.conflictKeys.contains(.everything))
    }

    @Test func aFaultHoldsBackTheBatchUnlessKeepGood() {
        let d = ImportTests.base()
        var bad = ImportTests.school(1003, "Gamma")
        bad.easting = 100
        let batch = [ImportTests.school(1001, "Alpha"), bad, ImportTests.school(1001, "Alpha again")]
        let (held, o) = d.prepareSchoolImport(batch, keepGood: false)
        #expect(o.dispositions == [.new, .rejected, .rejected])
        #expect(o.faults.map(\.index) == [1, 2])
        #expect(o.faults.map(\.error.field) == ["northing", "urn"])
        #expect(o.batchRejected)
        #expect(held.records.isEmpty)
        let (kept, k) = d.prepareSchoolImport(batch, keepGood: true)
        #expect(!k.batchRejected)
        #expect(kept.records.count == 1)
    }

    @Test func successionsMovePeopleAndLiveNominationsAndOldURNsFindTheSuccessor() throws {
        var d = ImportTests.base()
        var ids = IDAllocator()
        Change([ImportTests.school(2001, "Old Community School")]).apply(to: &d)
        let draft = { (email: String) in
            NominationDraft(
                urn: 2001,
                nomineeName: "Ann Lee",
                nomineeEmail: email,
                nomineeRole: "Head of History",
                areas: [("History", "")],
                consent: true
            )
        }
        try d.prepareNomination(draft("ann@old.sch.uk"), ids: &ids, now: 10).change.apply(to: &d)
        let (withdrawn, wid) = try d.prepareNomination(draft("bob@old.sch.uk"), ids: &ids, now: 10)
        withdrawn.apply(to: &d)
        try d.prepareNominationWithdraw(id: wid, now: 11).apply(to: &d)

        // The school converts: the old URN closes, the academy opens with a new URN.
        Change([
            ImportTests.school(2001, "Old Community School", status: .closed), ImportTests.school(3001, "New Academy"),
        ])
        .apply(to: &d)
        let links = [
            Succession(
                predecessor: 2001,
                successor: 3001,
                linkType: "Successor",
                date: Day(year: 2023, month: 9, day: 1)
            )
        ]
        let (change, outcome) = d.prepareSuccessionImport(links, keepGood: false, now: 20)
        #expect(outcome.dispositions == [.new])
        change.apply(to: &d)

        #expect(d.school(resolvingURN: 2001)?.urn == 3001)
        #expect(d.register.successors(of: 2001) == [3001])
        #expect(d.register.predecessors(of: 3001) == [2001])
        #expect(d.nominations(atSchool: 3001).map(\.personID) == [d.person(email: "ann@old.sch.uk")!.id])
        #expect(d.nominations(atSchool: 3001).first?.updatedAt == 20)
        #expect(d.nominations(atSchool: 2001).map(\.status) == [.withdrawn])  // history stays
        #expect(d.person(email: "ann@old.sch.uk")?.urn == 3001)
        #expect(d.person(email: "bob@old.sch.uk")?.urn == 3001)

        // Idempotent: nothing new, nothing left to move.
        let (again, o2) = d.prepareSuccessionImport(links, keepGood: false, now: 30)
        #expect(o2.dispositions == [.unchanged])
        #expect(again.records.isEmpty)
    }

    @Test func chainsAreFollowedButNotRoundCyclesOrIntoSplits() {
        var d = ImportTests.base()
        Change([
            ImportTests.school(1, "A", status: .closed), ImportTests.school(2, "B", status: .closed),
            ImportTests.school(3, "C"), ImportTests.school(7, "Split", status: .closed), ImportTests.school(8, "P"),
            ImportTests.school(9, "Q"), ImportTests.school(5, "Loop X", status: .closed),
            ImportTests.school(6, "Loop Y", status: .closed),
        ]).apply(to: &d)
        let (c, o) = d.prepareSuccessionImport(
            [
                Succession(predecessor: 1, successor: 2), Succession(predecessor: 2, successor: 3),
                Succession(predecessor: 7, successor: 8, linkType: "Successor - Split School"),
                Succession(predecessor: 7, successor: 9, linkType: "Successor - Split School"),
                Succession(predecessor: 5, successor: 6), Succession(predecessor: 6, successor: 5),
                Succession(predecessor: 4, successor: 4),
            ],
            keepGood: true,
            now: 0
        )
        #expect(o.dispositions.last == .rejected)
        c.apply(to: &d)
        #expect(d.school(resolvingURN: 1)?.urn == 3)
        #expect(d.school(resolvingURN: 7)?.urn == 7)  // split: no single successor
        #expect(d.school(resolvingURN: 5) != nil)  // terminates
        #expect(d.school(resolvingURN: 424242) == nil)
        #expect(d.school(resolvingURN: 3)?.urn == 3)
    }

    @Test func nominationsAreNewThenUnchangedThenUpdated() {
        var d = ImportTests.base()
        var ids = IDAllocator()
        Change([ImportTests.school(1001, "Alpha")]).apply(to: &d)
        var drafts = [
            NominationDraft(
                urn: 1001,
                nomineeName: "Ann Lee",
                nomineeEmail: "Ann@Alpha.sch.uk",
                nomineeRole: "Teacher",
                areas: [("Computer Science", "KS3")],
                consent: true
            ),
            NominationDraft(
                urn: 1001,
                nomineeName: "Bo Ray",
                nomineeEmail: "bo@alpha.sch.uk",
                nomineeRole: "Teacher",
                areas: [("History", "")],
                capacity: 3,
                consent: true
            ),
        ]
        let (c1, o1) = d.prepareNominationImport(drafts, keepGood: false, ids: &ids, now: 100)
        #expect(o1.dispositions == [.new, .new])
        c1.apply(to: &d)
        #expect(d.nominations.count == 2)

        let (c2, o2) = d.prepareNominationImport(drafts, keepGood: false, ids: &ids, now: 200)
        #expect(o2.dispositions == [.unchanged, .unchanged])
        #expect(c2.records.isEmpty)

        drafts[1].capacity = 4
        drafts.append(
            NominationDraft(
                urn: 1001,
                nomineeName: "Cy",
                nomineeEmail: "not-an-email",
                nomineeRole: "Teacher",
                areas: [("History", "")],
                consent: true
            )
        )
        let (held, o3) = d.prepareNominationImport(drafts, keepGood: false, ids: &ids, now: 300)
        #expect(o3.dispositions == [.unchanged, .updated, .rejected])
        #expect(o3.faults.first?.error.field == "email")
        #expect(held.records.isEmpty)
        let (kept, _) = d.prepareNominationImport(drafts, keepGood: true, ids: &ids, now: 300)
        kept.apply(to: &d)
        #expect(d.nominations.values.first { $0.capacity == 4 } != nil)
        #expect(d.nominations.count == 2)
    }
}
