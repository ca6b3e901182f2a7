/// How a coverage report groups schools.
public enum CoverageGrouping: String, Sendable, CaseIterable, Codable {
    /// By local authority (name).
    case la
    /// By government office region.
    case region
}

/// Supply and demand for one area in one group (an LA or a region): the nominations that could take a link
/// today, and the open link requests from the group's schools.
public struct CoverageCount: Sendable, Equatable {
    public var group: String
    /// Available nominations (supply).
    public var count: Int
    /// Open link requests for the area from schools in the group (demand).
    public var openRequests: Int

    public init(group: String, count: Int, openRequests: Int = 0) {
        self.group = group
        self.count = count
        self.openRequests = openRequests
    }
}

/// One area's coverage: supply (nominations that could take a link today) and demand (open requests), in total
/// and per group, and the groups with no supply.
public struct AreaCoverage: Sendable, Equatable {
    public var areaID: String
    public var areaName: String
    /// Available nominations everywhere.
    public var total: Int
    /// Open requests for the area everywhere.
    public var openRequests: Int
    /// Groups with at least one available nomination or open request, ascending by group name.
    public var groups: [CoverageCount]
    /// The report's groups (`CoverageReport.allGroups`) with no available nomination for the area, ascending:
    /// the gaps. Every group when the area has none anywhere.
    public var groupsWithNone: [String]
}

/// Where a link can be offered today, and where it cannot (`peerlink report coverage`).
public struct CoverageReport: Sendable, Equatable {
    public var grouping: CoverageGrouping
    public var phase: Phase?
    /// Every group holding an open school (of a compatible phase, when filtered), ascending: the LAs (or
    /// regions) the register knows, against which each area's gaps are found.
    public var allGroups: [String]
    /// Every area, in taxonomy order.
    public var areas: [AreaCoverage]
    /// Area ids with no available nomination anywhere.
    public var areasWithNone: [String]
    /// Area ids some school has an open request for that no available nomination anywhere offers, in taxonomy
    /// order: demand nobody can meet today.
    public var askedWithNone: [String]
}

extension Directory {
    /// Sets, for each area, supply against demand per LA or region: the nominations that could take a link today
    /// (active, consented, with spare capacity, at an open school: `LinkRules.staticExclusion`) and the open link
    /// requests from open schools. Lists the groups with no supply for each area, and the areas asked for that no
    /// one offers.
    ///
    /// With `phase`, only nominees at schools whose phase is compatible with it count (as link matching would
    /// offer them to a school of that phase), and only requests from schools of that phase. A request counts for
    /// its own area only (a related area's nominee, which a match may offer when asked, is not counted).
    public func coverageReport(by grouping: CoverageGrouping = .la, phase: Phase? = nil) -> CoverageReport {
        let book = links
        var allGroups: Set<String> = []
        for s in schools.values where s.status == .open && (phase.map { s.phase.isCompatible(with: $0) } ?? true) {
            allGroups.insert(Directory.coverageGroup(of: s, grouping))
        }
        let groupList = allGroups.sorted()
        var demand: [String: [String: Int]] = [:]
        for r in book.requestsByID.values where r.status == .open {
            guard let school = schools[r.urn], school.status == .open, phase.map({ school.phase == $0 }) ?? true
            else { continue }
            demand[r.areaID, default: [:]][Directory.coverageGroup(of: school, grouping), default: 0] += 1
        }
        var rows: [AreaCoverage] = []
        var none: [String] = []
        var askedWithNone: [String] = []
        for areaID in areaOrder {
            guard let area = areas[areaID] else { continue }
            var supply: [String: Int] = [:]
            var total = 0
            for entry in book.areaIndexes[areaID]?.entries ?? [] {
                let f = entry.school
                guard LinkRules.staticExclusion(entry.state, f) == nil,
                    phase.map({ f.phase.isCompatible(with: $0) }) ?? true, let school = schools[f.urn]
                else { continue }
                supply[Directory.coverageGroup(of: school, grouping), default: 0] += 1
                total += 1
            }
            let asked = demand[areaID] ?? [:]
            let groups = Set(supply.keys).union(asked.keys).sorted().map {
                CoverageCount(group: $0, count: supply[$0] ?? 0, openRequests: asked[$0] ?? 0)
            }
            let requests = asked.values.reduce(0, +)
            rows.append(
                AreaCoverage(
                    areaID: area.id, areaName: area.name, total: total, openRequests: requests, groups: groups,
                    groupsWithNone: groupList.filter { supply[$0] == nil }))
            if total == 0 {
                none.append(area.id)
                if requests > 0 { askedWithNone.append(area.id) }
            }
        }
        return CoverageReport(
            grouping: grouping, phase: phase, allGroups: groupList, areas: rows, areasWithNone: none,
            askedWithNone: askedWithNone)
    }

    /// The group a school falls in; schools the register leaves blank share "(unknown)".
    static func coverageGroup(of school: School, _ grouping: CoverageGrouping) -> String {
        let name: String
        switch grouping {
        case .la: name = school.laName
        case .region: name = school.region
        }
        let tidy = Text.tidy(name)
        return tidy.isEmpty ? "(unknown)" : tidy
    }
}
