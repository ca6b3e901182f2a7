import Testing

@testable import PeerlinkCore

/// The counts `status` reports come from tallies kept as records are put; they must equal a recount of the
/// tables after any sequence of changes.
struct CountsTests {
    static func expectTalliesMatchRecount(_ d: Directory, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(d.counts == d.recountedCounts, "\(context)", sourceLocation: sourceLocation)
    }

    @Test func talliesEqualARecountThroughCreatesUpdatesWithdrawalsAndImports() throws {
        var d = smallDirectory()
        var ids = IDAllocator()
        Self.expectTalliesMatchRecount(d, "start")
        #expect(d.counts["open_schools"] == 1)

        // A register import: new schools, one closing, one reopening.
        var imported = (0..<40).map { k in
            School(urn: 110_000 + k, name: "Imported \(k)", phase: .primary, status: k % 5 == 0 ? .closed : .open,
                laCode: 850, laName: "Hampshire")
        }
        imported.append(School(urn: 100001, name: "Hill Primary", phase: .primary, status: .closed, laCode: 936, laName: "Surrey"))
        imported.append(School(urn: 100002, name: "Old Mill School", phase: .secondary, laCode: 936, laName: "Surrey"))
        let (schoolImport, _) = d.prepareSchoolImport(imported, keepGood: true)
        schoolImport.apply(to: &d)
        Self.expectTalliesMatchRecount(d, "after the school import")
        #expect(d.counts["open_schools"] == 33)

        // Nominations created, resubmitted (replacing), updated to paused and back, withdrawn.
        var nominationIDs: [Int64] = []
        for k in 0..<30 {
            let draft = NominationDraft(
                urn: 110_001 + (k % 4), nomineeName: "Nominee \(k % 25)", nomineeEmail: "n\(k % 25)@school.uk",
                nomineeRole: "Teacher", areas: [(area: "mathematics", strength: "")], consent: true)
            let (change, id) = try d.prepareNomination(draft, ids: &ids, now: 1_000 + Int64(k))
            change.apply(to: &d)
            nominationIDs.append(id)
            Self.expectTalliesMatchRecount(d, "after nomination \(k)")
        }
        let distinct = Array(Set(nominationIDs)).sorted()
        for (k, id) in distinct.enumerated() {
            let change: Change
            switch k % 4 {
            case 0: change = try d.prepareNominationWithdraw(id: id, now: 2_000)
            case 1: change = try d.prepareNominationUpdate(id: id, NominationPatch(status: .paused), now: 2_000)
            case 2: change = try d.prepareNominationUpdate(id: id, NominationPatch(capacity: 3), now: 2_000)
            default: change = try d.prepareNominationUpdate(id: id, NominationPatch(status: .active), now: 2_000)
            }
            change.apply(to: &d)
            Self.expectTalliesMatchRecount(d, "after changing nomination \(id)")
        }
        #expect((d.counts["active_nominations"] ?? 0) < distinct.count)
        #expect(d.counts["active_nominations"] == d.nominations.values.filter { $0.status == .active }.count)

        // Link requests and links opened and closed.
        let actor = LinkActor.localAdmin
        let active = d.nominations.values.filter { $0.status == .active }.map(\.id).sorted()
        var linkIDs: [Int64] = []
        for (k, nomination) in active.prefix(4).enumerated() {
            let requester = 110_021 + k
            let (open, _) = try d.prepareLinkRequest(
                LinkRequestDraft(urn: requester, area: "mathematics"), by: actor, ids: &ids, now: 3_000)
            open.apply(to: &d)
            let (linked, link) = try d.prepareDirectLink(
                LinkRequestDraft(urn: requester + 10, area: "mathematics"), nominationID: nomination, by: actor,
                ids: &ids, now: 3_001)
            linked.apply(to: &d)
            linkIDs.append(link.id)
            Self.expectTalliesMatchRecount(d, "after link \(k)")
        }
        try d.prepareLinkClose(id: linkIDs[0], now: 4_000).apply(to: &d)
        let requestID = try #require(d.links.requestsByID.values.first { $0.status == .open }?.id)
        try d.prepareLinkRequestCancel(id: requestID, by: actor, now: 4_001).apply(to: &d)
        Self.expectTalliesMatchRecount(d, "after closing and cancelling")
        #expect(d.counts["open_links"] == 3)
        #expect(d.counts["open_link_requests"] == 3)

        // A succession import.
        let (successions, _) = d.prepareSuccessionImport(
            [Succession(predecessor: 110_000, successor: 110_001), Succession(predecessor: 110_005, successor: 110_006)],
            keepGood: true, now: 5_000)
        successions.apply(to: &d)
        Self.expectTalliesMatchRecount(d, "after the succession import")
    }

    @Test func activeEngagementTallyFollowsStartsAndCloses() throws {
        var f = PeerSupportFixture()
        let a = f.addNearbySupporter(personID: 10, capacity: 3)
        let b = f.addNearbySupporter(personID: 11, km: 12)
        let first = f.engagement(profileID: a)
        _ = f.engagement(profileID: a)
        _ = f.engagement(profileID: b)
        Self.expectTalliesMatchRecount(f.directory, "after three starts")
        #expect(f.directory.counts["active_engagements"] == 3)
        let close = try f.directory.prepareEngagementClose(engagementID: first, on: PeerSupportFixture.today, now: PeerSupportFixture.now)
        f.commit(close)
        Self.expectTalliesMatchRecount(f.directory, "after a close")
        #expect(f.directory.counts["active_engagements"] == 2)
    }
}
