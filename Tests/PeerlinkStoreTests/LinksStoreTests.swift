import PeerlinkCore
@testable import PeerlinkStore
import Testing

/// Link requests, links and local networks survive a commit and a reload exactly.
struct LinksStoreTests {
    @Test func linkRecordsRoundTrip() throws {
        let store = try Store(path: ":memory:")
        var d = try store.loadDirectory()
        var ids = IDAllocator()
        let now: Int64 = 1_700_000_000
        func commit(_ change: Change) throws {
            let results = store.commit([change])
            if let e = results[0] { throw e }
            change.apply(to: &d)
        }
        for urn in [100_001, 100_002, 100_003] {
            try commit(
                try d.prepareSchoolUpsert(
                    School(
                        urn: urn, name: "School \(urn)", phase: .secondary, status: .open, laCode: 886,
                        laName: "Kent", region: "South East", easting: 500_000 + urn % 10 * 1000, northing: 200_000)))
        }
        let (nominationChange, nominationID) = try d.prepareNomination(
            NominationDraft(
                urn: 100_002, nomineeName: "Ada Brook", nomineeEmail: "ada@school.org.uk", nomineeRole: "Head of Maths",
                areas: [(area: "mathematics", strength: "KS3 scheme")], capacity: 2, modes: Mode.allCases,
                consent: true), ids: &ids, now: now)
        try commit(nominationChange)

        let (requestChange, request) = try d.prepareLinkRequest(
            LinkRequestDraft(urn: 100_001, area: "maths", notes: "KS3 help", mode: .online), by: .localAdmin,
            ids: &ids, now: now)
        try commit(requestChange)
        let (linkChange, link) = try d.prepareLink(
            requestID: request.id, nominationID: nominationID, by: .localAdmin, ids: &ids, now: now + 10)
        try commit(linkChange)
        try commit(try d.prepareLinkClose(id: link.id, outcome: "Two visits", now: now + 100))
        let (direct, second) = try d.prepareDirectLink(
            LinkRequestDraft(urn: 100_003, area: "mathematics"), nominationID: nominationID, by: .localAdmin,
            ids: &ids, now: now + 200)
        try commit(direct)
        let (networkChange, network) = try d.prepareNetwork(
            name: "North Heads Group", urns: [100_003, 100_001], ids: &ids, now: now)
        try commit(networkChange)
        try commit(try d.prepareNetwork(name: "north heads group", urns: [100_002], ids: &ids, now: now).change)

        let loaded = try store.loadDirectory()
        #expect(loaded.links.request(request.id) == d.links.request(request.id))
        #expect(loaded.links.request(request.id)?.status == .linked)
        #expect(loaded.links.link(link.id) == d.links.link(link.id))
        #expect(loaded.links.link(link.id)?.status == .closed)
        #expect(loaded.links.link(link.id)?.outcome == "Two visits")
        #expect(loaded.links.link(second.id) == d.links.link(second.id))
        #expect(loaded.links.openLinks(forNomination: nominationID) == 1)
        #expect(loaded.links.network(network.id)?.members == [100_001, 100_002, 100_003])
        #expect(loaded.links.network(network.id) == d.links.network(network.id))
    }
}
