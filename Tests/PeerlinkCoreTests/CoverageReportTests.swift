import PeerlinkCore
import Testing

/// `peerlink report coverage`: where a link can be offered today, per LA or region, and where it cannot.
struct CoverageReportTests {
    /// Kent (South East): two maths nominees (one full), a withdrawn history nominee, one without consent.
    /// Medway (South East): one maths nominee. Essex (East of England): a primary maths nominee and a
    /// closed school's maths nominee.
    static func world() throws -> LinkWorld {
        var world = LinkWorld()
        let kent1 = world.addSchool()
        let kent2 = world.addSchool()
        world.nominate(at: kent1)
        let full = world.nominate(at: kent2, capacity: 1)
        try world.link(to: full)
        let withdrawn = world.nominate(at: kent1, areas: ["history"])
        world.apply(try world.directory.prepareNominationWithdraw(id: withdrawn, now: LinkWorld.now))
        world.nominate(at: kent2, areas: ["timetabling"], consent: false)

        let medway = world.addSchool(laCode: 887, laName: "Medway")
        world.nominate(at: medway, areas: ["mathematics", "physics"])

        let essexPrimary = world.addSchool(phase: .primary, laCode: 881, laName: "Essex", region: "East of England")
        world.nominate(at: essexPrimary)
        let essexClosed = world.addSchool(laCode: 881, laName: "Essex", region: "East of England")
        world.nominate(at: essexClosed)
        world.addSchool(urn: essexClosed, status: .closed, laCode: 881, laName: "Essex", region: "East of England")
        return world
    }

    @Test func countsAvailableNominationsPerLocalAuthority() throws {
        let report = try Self.world().directory.coverageReport(by: .la)
        #expect(report.allGroups == ["Essex", "Kent", "Medway"])
        let maths = try #require(report.areas.first { $0.areaID == "mathematics" })
        #expect(maths.total == 3)
        #expect(maths.groups == [
            CoverageCount(group: "Essex", count: 1), CoverageCount(group: "Kent", count: 1),
            CoverageCount(group: "Medway", count: 1),
        ])
        let physics = try #require(report.areas.first { $0.areaID == "physics" })
        #expect(physics.groups == [CoverageCount(group: "Medway", count: 1)])
        #expect(report.areasWithNone == ["biology", "history", "science", "timetabling"])
        #expect(report.areas.map(\.areaID) == ["biology", "history", "mathematics", "physics", "science", "timetabling"])
    }

    @Test func countsPerRegion() throws {
        let report = try Self.world().directory.coverageReport(by: .region)
        #expect(report.allGroups == ["East of England", "South East"])
        let maths = try #require(report.areas.first { $0.areaID == "mathematics" })
        #expect(maths.groups == [
            CoverageCount(group: "East of England", count: 1), CoverageCount(group: "South East", count: 2),
        ])
    }

    @Test func phaseFilterKeepsCompatibleNomineesOnly() throws {
        let primary = try Self.world().directory.coverageReport(by: .la, phase: .primary)
        let maths = try #require(primary.areas.first { $0.areaID == "mathematics" })
        #expect(maths.groups == [CoverageCount(group: "Essex", count: 1)])
        #expect(primary.allGroups == ["Essex"])
        #expect(primary.areasWithNone.contains("physics"))
    }

    @Test func closingALinkRestoresCoverage() throws {
        var world = try Self.world()
        let link = try #require(world.directory.links.links(openOnly: true).first)
        try world.close(link)
        let maths = try #require(world.directory.coverageReport().areas.first { $0.areaID == "mathematics" })
        #expect(maths.total == 4)
        #expect(maths.groups.first { $0.group == "Kent" }?.count == 2)
    }

    /// The world above, plus Surrey (South East) with one school and no nominee; open requests: the Kent
    /// requester for maths and history, the Surrey school for maths and timetabling, a Medway school's
    /// cancelled request for physics.
    static func worldWithDemand() throws -> (world: LinkWorld, surrey: Int) {
        var world = try world()
        let surrey = world.addSchool(laCode: 936, laName: "Surrey")
        func ask(_ urn: Int, _ area: String) throws -> LinkRequest {
            let (change, request) = try world.directory.prepareLinkRequest(
                LinkRequestDraft(urn: urn, area: area), by: .localAdmin, ids: &world.ids, now: LinkWorld.now)
            world.apply(change)
            return request
        }
        _ = try ask(LinkWorld.requester, "mathematics")
        _ = try ask(LinkWorld.requester, "history")
        _ = try ask(surrey, "mathematics")
        _ = try ask(surrey, "timetabling")
        let medway = world.addSchool(laCode: 887, laName: "Medway")
        let cancelled = try ask(medway, "physics")
        world.apply(try world.directory.prepareLinkRequestCancel(id: cancelled.id, by: .localAdmin, now: LinkWorld.now))
        return (world, surrey)
    }

    @Test func namesTheLocalAuthoritiesWithNoNomineeForEachArea() throws {
        let report = try Self.worldWithDemand().world.directory.coverageReport(by: .la)
        #expect(report.allGroups == ["Essex", "Kent", "Medway", "Surrey"])
        func gaps(_ area: String) -> [String]? { report.areas.first { $0.areaID == area }?.groupsWithNone }
        #expect(gaps("mathematics") == ["Surrey"])
        #expect(gaps("physics") == ["Essex", "Kent", "Surrey"])
        #expect(gaps("history") == report.allGroups, "an area with none anywhere is a gap everywhere")
        let byRegion = try Self.worldWithDemand().world.directory.coverageReport(by: .region)
        #expect(byRegion.areas.first { $0.areaID == "physics" }?.groupsWithNone == ["East of England"])
    }

    @Test func setsOpenRequestsAgainstAvailableNominees() throws {
        let report = try Self.worldWithDemand().world.directory.coverageReport(by: .la)
        let maths = try #require(report.areas.first { $0.areaID == "mathematics" })
        #expect(maths.openRequests == 2 && maths.total == 3)
        #expect(maths.groups == [
            CoverageCount(group: "Essex", count: 1), CoverageCount(group: "Kent", count: 1, openRequests: 1),
            CoverageCount(group: "Medway", count: 1), CoverageCount(group: "Surrey", count: 0, openRequests: 1),
        ])
        let physics = try #require(report.areas.first { $0.areaID == "physics" })
        #expect(physics.openRequests == 0, "a cancelled request is no demand")
        let history = try #require(report.areas.first { $0.areaID == "history" })
        #expect(history.groups == [CoverageCount(group: "Kent", count: 0, openRequests: 1)])

        let byRegion = try Self.worldWithDemand().world.directory.coverageReport(by: .region)
        let regional = try #require(byRegion.areas.first { $0.areaID == "mathematics" })
        #expect(regional.groups == [
            CoverageCount(group: "East of England", count: 1),
            CoverageCount(group: "South East", count: 2, openRequests: 2),
        ])
    }

    @Test func listsTheAreasAskedForThatNobodyOffers() throws {
        var (world, _) = try Self.worldWithDemand()
        #expect(world.directory.coverageReport().askedWithNone == ["history", "timetabling"])
        // A consenting timetabling nominee anywhere meets the Surrey request's area.
        world.nominate(at: world.addSchool(laCode: 881, laName: "Essex", region: "East of England"), areas: ["timetabling"])
        let report = world.directory.coverageReport()
        #expect(report.askedWithNone == ["history"])
        #expect(report.areas.first { $0.areaID == "timetabling" }?.groupsWithNone == ["Kent", "Medway", "Surrey"])
    }

    @Test func phaseFilterCountsRequestsFromSchoolsOfThatPhaseOnly() throws {
        let (world, _) = try Self.worldWithDemand()
        let primary = world.directory.coverageReport(by: .la, phase: .primary)
        #expect(primary.areas.allSatisfy { $0.openRequests == 0 }, "every request comes from a secondary school")
        #expect(primary.askedWithNone.isEmpty)
        let secondary = world.directory.coverageReport(by: .la, phase: .secondary)
        let maths = try #require(secondary.areas.first { $0.areaID == "mathematics" })
        #expect(maths.openRequests == 2)
        #expect(maths.groupsWithNone == ["Surrey"], "the primary Essex nominee is not offered to secondaries: \(maths)")
    }
}
