import Testing

@testable import PeerlinkCore

/// The Linkage rules are written once (`LinkRules`): the indexed match, the full scan and `link_create` must
/// agree on every candidate — the match's hits are exactly the nominations `link_create` accepts, and each
/// removal the match counts is the reason `link_create` gives.
struct LinkRulesTests {
    /// Generated queries over the index tests' varied region: for every nomination listed under the asked area,
    /// `linkExclusion` (what `link_create` checks) and a real `prepareDirectLink` are compared with both match
    /// strategies: the same removals, counted by reason, and hits drawn only from the accepted.
    @Test(arguments: [11, 12] as [UInt64])
    func matchFullScanAndLinkCreateAgree(seed: UInt64) throws {
        let (w, urns, nominations) = LinkMatchIndexTests.world(seed: seed)
        var rng = SplitMix(seed: seed &+ 1)
        let openURNs = urns.filter { w.directory.school($0)?.status == .open }
        var refusedByPhase = 0, refusedByDistance = 0, accepted = 0
        for _ in 0..<60 {
            let urn = rng.below(3) == 0 ? openURNs[rng.below(12)] : openURNs[rng.below(openURNs.count)]
            let school = try #require(w.directory.school(urn))
            let mode = [LinkMode.any, .inPerson, .online][rng.below(3)]
            let maxKm: Double? = school.easting == nil || rng.below(3) == 0 ? nil : [5.0, 20, 40][rng.below(3)]
            let area = ["mathematics", "physics", "history"][rng.below(3)]
            let crossPhase = rng.below(4) == 0
            let query = LinkQuery(urn: urn, area: area, mode: mode, maxKm: maxKm, crossPhase: crossPhase, limit: 100)
            let indexed = try w.directory.matchLinks(query)
            let scanned = try w.directory.matchLinks(query, strategy: .fullScan)
            let listed = nominations.filter { w.directory.nominations[$0]!.covers(area) }
            #expect(indexed.considered == listed.count)

            var tally: [LinkExclusion: Int] = [:]
            var linkable: Set<Int64> = []
            for id in listed {
                let reason = try w.directory.linkExclusion(
                    nominationID: id,
                    requesterURN: urn,
                    mode: mode,
                    maxKm: maxKm,
                    crossPhase: crossPhase
                )
                if let reason { tally[reason, default: 0] += 1 } else { linkable.insert(id) }
                var ids = w.ids
                let made: Result<Link, PeerlinkError>
                do {
                    made = .success(
                        try w.directory.prepareDirectLink(
                            LinkRequestDraft(urn: urn, area: area, mode: mode),
                            nominationID: id,
                            crossPhase: crossPhase,
                            maxKm: maxKm,
                            by: .localAdmin,
                            ids: &ids,
                            now: LinkWorld.now
                        ).link
                    )
                } catch {
                    made = .failure(error)
                }
                switch (reason, made) {
                case (nil, .success): accepted += 1
                case (nil, .failure(let e)): Issue.record("link_create refused \(id) for \(query): \(e.message)")
                case (.some(let r), .success): Issue.record("link_create made \(id) that the match removes (\(r))")
                case (.some(let r), .failure(let e)):
                    #expect(e.code == .conflict)
                    if r == .phase {
                        refusedByPhase += 1
                        #expect(e.message.contains("cross-phase"), "\(e.message)")
                    }
                    if r == .distance { refusedByDistance += 1 }
                }
            }
            // The hits (the best 100) are all linkable, and there are as many as the linkable allow.
            #expect(Set(indexed.hits.map(\.nomination.id)).isSubset(of: linkable), "\(query)")
            #expect(Set(scanned.hits.map(\.nomination.id)).isSubset(of: linkable), "\(query)")
            #expect(indexed.hits.count == min(100, linkable.count), "\(query)")
            #expect(scanned.hits.count == min(100, linkable.count), "\(query)")
            #expect(indexed.excluded == tally, "\(query)")
            #expect(scanned.excluded == tally, "\(query)")
        }
        // The cases the issue names must actually occur in the generated queries.
        #expect(refusedByPhase > 0 && refusedByDistance > 0 && accepted > 0)
    }

    /// A secondary asking for a primary nominee: the match removes it, `link_create` refuses it and says how
    /// to ask for cross-phase; with cross-phase both accept it.
    @Test func linkCreateRefusesAPhaseMismatchUnlessCrossPhase() throws {
        var w = LinkWorld()
        let primary = w.addSchool(phase: .primary, eastKm: 3)
        let id = w.nominate(at: primary)
        let query = LinkQuery(urn: LinkWorld.requester, area: "mathematics")
        #expect(try w.directory.matchLinks(query).excluded == [.phase: 1])
        let draft = LinkRequestDraft(urn: LinkWorld.requester, area: "mathematics")
        var ids = w.ids
        let error = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareDirectLink(draft, nominationID: id, by: .localAdmin, ids: &ids, now: LinkWorld.now)
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("primary") == true && error?.message.contains("cross-phase") == true)

        var cross = query
        cross.crossPhase = true
        #expect(try w.directory.matchLinks(cross).hits.map(\.nomination.id) == [id])
        let made = try w.directory.prepareDirectLink(
            draft,
            nominationID: id,
            crossPhase: true,
            by: .localAdmin,
            ids: &w.ids,
            now: LinkWorld.now
        )
        #expect(made.link.nominationID == id)
    }

    /// In person beyond the limit: refused with the distance and the limit named.
    @Test func linkCreateRefusesInPersonBeyondTheDistanceLimit() throws {
        var w = LinkWorld()
        let far = w.addSchool(eastKm: 30)
        let id = w.nominate(at: far)
        let draft = LinkRequestDraft(urn: LinkWorld.requester, area: "mathematics", mode: .inPerson)
        var ids = w.ids
        let error = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareDirectLink(
                draft,
                nominationID: id,
                maxKm: 20,
                by: .localAdmin,
                ids: &ids,
                now: LinkWorld.now
            )
        }
        #expect(error?.message.contains("30.0 km") == true && error?.message.contains("20.0 km") == true)
        _ = try w.directory.prepareDirectLink(
            draft,
            nominationID: id,
            maxKm: 40,
            by: .localAdmin,
            ids: &ids,
            now: LinkWorld.now
        )
    }
}
