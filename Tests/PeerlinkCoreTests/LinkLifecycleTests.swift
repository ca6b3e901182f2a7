import PeerlinkCore
import Testing

/// Link requests, links and networks: validation, capacity, history and the indexes they keep.
struct LinkLifecycleTests {
    @Test func fillingCapacityRemovesTheNomineeAndClosingBringsThemBack() throws {
        var world = LinkWorld()
        let n = world.nominee().nomination
        let a = world.addSchool(eastKm: 20)
        let b = world.addSchool(eastKm: 30)

        let first = try world.link(from: a, to: n)
        #expect(try world.ranked() == [n])
        #expect(world.directory.links.openLinks(forNomination: n) == 1)
        try world.link(from: b, to: n)
        #expect(world.directory.links.openLinks(forNomination: n) == 2)

        let full = try world.match()
        #expect(full.hits.isEmpty)
        #expect(full.excluded == [.full: 1])
        let refused = LinkWorld.thrown { () throws(PeerlinkError) in try world.link(to: n) }
        #expect(refused?.code == .conflict)
        #expect(refused?.message.contains("no spare capacity (2 of 2 links open)") == true)

        try world.close(first, outcome: "Two visits; new scheme of work")
        #expect(world.directory.links.openLinks(forNomination: n) == 1)
        let back = try world.match()
        #expect(back.hits.map(\.nomination.id) == [n])
        #expect(back.hits[0].reasons.contains("1 of 2 places free"))
        let closed = try #require(world.directory.links.link(first.id))
        #expect(closed.status == .closed)
        #expect(closed.closedAt == LinkWorld.now + 86_400)
        #expect(closed.outcome == "Two visits; new scheme of work")
        #expect(LinkWorld.thrown { () throws(PeerlinkError) in try world.close(first) }?.code == .conflict)
    }

    @Test func aRequestIsLinkedOnceAndRecordsWhoAndWhen() throws {
        var world = LinkWorld()
        let n = world.nominee().nomination
        world.apply(
            Change([
                Person(id: 900, name: "Head Teacher", email: "head@requesting.org.uk", urn: LinkWorld.requester,
                    role: "Headteacher"),
                Person(id: 901, name: "Adviser", email: "adviser@county.gov.uk", urn: LinkWorld.requester,
                    role: "School improvement adviser"),
            ]))
        let (change, request) = try world.directory.prepareLinkRequest(
            LinkRequestDraft(urn: LinkWorld.requester, area: "MATHEMATICS", notes: "  KS3 algebra  ", mode: .online),
            by: LinkActor(personID: 900, role: .head), ids: &world.ids, now: LinkWorld.now)
        world.apply(change)
        #expect(request.areaID == "mathematics")
        #expect(request.notes == "KS3 algebra")
        #expect(request.createdBy == 900)
        #expect(world.directory.links.requests(forSchool: LinkWorld.requester, openOnly: true).map(\.id) == [request.id])

        let byHead = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareLink(
                requestID: request.id, nominationID: n, by: LinkActor(personID: 900, role: .head), ids: &world.ids,
                now: LinkWorld.now)
        }
        #expect(byHead?.code == .forbidden)

        let adviser = LinkActor(personID: 901, role: .adviser)
        let (linkChange, link) = try world.directory.prepareLink(
            requestID: request.id, nominationID: n, by: adviser, ids: &world.ids, now: LinkWorld.now + 60)
        world.apply(linkChange)
        #expect(link.requesterURN == LinkWorld.requester)
        #expect(link.madeBy == 901)
        #expect(link.madeByRole == .adviser)
        #expect(link.createdAt == LinkWorld.now + 60)
        #expect(link.mode == .online)
        #expect(world.directory.links.request(request.id)?.status == .linked)
        #expect(world.directory.links.links(involving: LinkWorld.requester, openOnly: true).map(\.id) == [link.id])

        let again = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareLink(
                requestID: request.id, nominationID: n, by: adviser, ids: &world.ids, now: LinkWorld.now)
        }
        #expect(again?.code == .conflict)
    }

    @Test func requestsAreCheckedForSchoolHeadAndDuplicates() throws {
        var world = LinkWorld()
        let elsewhere = world.addSchool()
        world.apply(Change([Person(id: 900, name: "Head", email: "h@elsewhere.org.uk", urn: elsewhere, role: "Head")]))
        let draft = LinkRequestDraft(urn: LinkWorld.requester, area: "history")

        let notTheirs = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareLinkRequest(
                draft, by: LinkActor(personID: 900, role: .head), ids: &world.ids, now: LinkWorld.now)
        }
        #expect(notTheirs?.code == .forbidden)

        let (change, first) = try world.directory.prepareLinkRequest(
            draft, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        world.apply(change)
        let duplicate = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareLinkRequest(draft, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        }
        #expect(duplicate?.code == .conflict)
        #expect(duplicate?.message.contains("open request \(first.id)") == true)

        world.apply(try world.directory.prepareLinkRequestCancel(id: first.id, by: .localAdmin, now: LinkWorld.now))
        #expect(world.directory.links.request(first.id)?.status == .cancelled)
        let (_, second) = try world.directory.prepareLinkRequest(
            draft, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        #expect(second.id > first.id)

        let badArea = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareLinkRequest(
                LinkRequestDraft(urn: LinkWorld.requester, area: "histroy"), by: .localAdmin, ids: &world.ids,
                now: LinkWorld.now)
        }
        #expect(badArea?.message.contains("did you mean 'history'?") == true)
        #expect(badArea?.field == "area")
    }

    @Test(arguments: LinkViolation.allCases.filter { $0 != .overDistance && $0 != .phaseMismatch })
    func linkCreationRefusesWhatMatchingRemoves(_ violation: LinkViolation) throws {
        var world = LinkWorld()
        let nomination = try violation.add(to: &world)
        let error = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareDirectLink(
                LinkRequestDraft(urn: LinkWorld.requester, area: "mathematics",
                    mode: violation == .modeMismatch ? .inPerson : .any),
                nominationID: nomination, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        }
        #expect(error?.code == .conflict)
        #expect(error?.field == "nomination")
    }

    @Test func aLinkMustCoverTheAreaOrARelatedOneWhenAllowed() throws {
        var world = LinkWorld()
        let science = world.nominee(areas: ["science"]).nomination
        let history = world.nominee(areas: ["history"]).nomination
        let draft = LinkRequestDraft(urn: LinkWorld.requester, area: "physics")

        let strict = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareDirectLink(
                draft, nominationID: science, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        }
        #expect(strict?.message.contains("does not cover physics (it covers science); allow related areas") == true)
        let (_, link) = try world.directory.prepareDirectLink(
            draft, nominationID: science, allowRelated: true, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        #expect(link.areaID == "physics")

        let unrelated = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareDirectLink(
                draft, nominationID: history, allowRelated: true, by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
        }
        #expect(unrelated?.code == .conflict)
    }

    @Test func twoLinksOnOneNominationNeverShareACommitBatch() throws {
        var world = LinkWorld()
        let n = world.nominee(capacity: 1).nomination
        let a = world.addSchool(), b = world.addSchool()
        let (first, _) = try world.directory.prepareDirectLink(
            LinkRequestDraft(urn: a, area: "mathematics"), nominationID: n, by: .localAdmin, ids: &world.ids,
            now: LinkWorld.now)
        let (second, _) = try world.directory.prepareDirectLink(
            LinkRequestDraft(urn: b, area: "mathematics"), nominationID: n, by: .localAdmin, ids: &world.ids,
            now: LinkWorld.now)
        #expect(first.conflictKeys.contains(ConflictKey("nomination", n)))
        #expect(!first.conflictKeys.isDisjoint(with: second.conflictKeys))
    }

    @Test func historyIsKeptPerUnorderedPair() throws {
        var world = LinkWorld()
        let v = world.nominee()
        let back = world.nominate(at: LinkWorld.requester)
        try world.close(try world.link(to: v.nomination))
        try world.link(from: v.urn, to: back)
        #expect(world.directory.links.history(between: v.urn, and: LinkWorld.requester).count == 2)
        #expect(world.directory.links.history(between: LinkWorld.requester, and: v.urn).count == 2)
        let hit = try #require(try world.match().hits.first)
        #expect(hit.reasons.contains("linked 2 times before"))
    }

    @Test func matchingFollowsNominationAndSchoolChanges() throws {
        var world = LinkWorld()
        let v = world.nominee()
        try world.link(from: world.addSchool(), to: v.nomination)
        world.apply(
            try world.directory.prepareNominationUpdate(
                id: v.nomination, NominationPatch(areas: [(area: "history", strength: "")], capacity: 3),
                now: LinkWorld.now))

        #expect(try world.ranked().isEmpty)
        let history = try world.match(area: "history")
        #expect(history.hits.map(\.nomination.id) == [v.nomination])
        #expect(history.hits[0].reasons.contains("2 of 3 places free"))  // the open link survived the update

        world.addSchool(urn: v.urn, phase: .primary)
        #expect(try world.ranked(area: "history").isEmpty)
    }

    @Test func networksNeedKnownSchoolsAndMergeByName() throws {
        var world = LinkWorld()
        let a = world.addSchool(), b = world.addSchool()
        let unknown = LinkWorld.thrown { () throws(PeerlinkError) in
            try world.directory.prepareNetwork(name: "North", urns: [a, 100_002], ids: &world.ids, now: LinkWorld.now)
        }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.field == "urns[1]")
        #expect(unknown?.message.contains("did you mean 100001 (Requesting Academy)") == true)
        #expect(
            LinkWorld.thrown { () throws(PeerlinkError) in
                try world.directory.prepareNetwork(name: "  ", urns: [a], ids: &world.ids, now: LinkWorld.now)
            }?.field == "name")

        let (c1, first) = try world.directory.prepareNetwork(
            name: "North  Group", urns: [a, a], ids: &world.ids, now: LinkWorld.now)
        world.apply(c1)
        #expect(first.members == [a])
        let (c2, merged) = try world.directory.prepareNetwork(
            name: "north group", urns: [b], ids: &world.ids, now: LinkWorld.now)
        world.apply(c2)
        #expect(merged.id == first.id)
        #expect(merged.name == "North Group")
        #expect(merged.members == [a, b].sorted())
        #expect(world.directory.links.networks(ofSchool: b).map(\.id) == [first.id])
        #expect(world.directory.links.allNetworks.count == 1)
    }

    @Test func openLinksSurviveALinkLoadedBeforeItsNomination() throws {
        var world = LinkWorld()
        let other = world.addSchool(eastKm: 30)
        let link = Link(
            id: 7, requestID: 1, nominationID: 500, requesterURN: other, nomineeURN: 300_000,
            areaID: "mathematics", madeByRole: .admin, createdAt: LinkWorld.now)
        world.apply(Change([link]))  // before its school and nomination, as a careless load order might
        world.addSchool(urn: 300_000)
        world.apply(
            Change([
                Person(id: 50, name: "N", email: "n@x.org.uk", urn: 300_000, role: "Teacher"),
                Nomination(id: 500, personID: 50, urn: 300_000, areas: [NominatedArea(areaID: "mathematics")], capacity: 1),
            ]))
        #expect(world.directory.links.openLinks(forNomination: 500) == 1)
        #expect(try world.match().excluded == [.full: 1])
    }

    @Test func recordsNoteTheirIDsForTheAllocator() throws {
        var world = LinkWorld()
        let n = world.nominee().nomination
        let link = try world.link(to: n)
        #expect(world.directory.highestID["link"] == link.id)
        #expect(world.directory.highestID["link_request"] == link.requestID)
        var fresh = IDAllocator()
        #expect(fresh.next("link", in: world.directory) == link.id + 1)
    }
}
