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
}
