/// How a coverage report groups schools.
public enum CoverageGrouping: String, Sendable, CaseIterable, Codable {
    /// By local authority (name).
    case la
    /// By government office region.
    case region
}

/// Nominations that could take a link today, in one group (an LA or a region).
public struct CoverageCount: Sendable, Equatable {
    public var group: String
    public var count: Int

    public init(group: String, count: Int) {
        self.group = group
        self.count = count
    }
}

/// One area's coverage: how many nominations could take a link today, in total and per group.
public struct AreaCoverage: Sendable, Equatable {
    public var areaID: String
    public var areaName: String
    public var total: Int
    /// Groups with at least one, ascending by group name.
    public var groups: [CoverageCount]
}

/// Where a link can be offered today, and where it cannot (`peerlink report coverage`).
public struct CoverageReport: Sendable, Equatable {
    public var grouping: CoverageGrouping
    public var phase: Phase?
    /// Every group holding an open school (of a compatible phase, when filtered), ascending: a group missing
    /// from an area's `groups` has none for that area.
    public var allGroups: [String]
    /// Every area, in taxonomy order.
    public var areas: [AreaCoverage]
    /// Area ids with no available nomination anywhere.
    public var areasWithNone: [String]
}

extension Directory {
    /// Counts, for each area, the nominations that could take a link today (active, consented, with spare
    /// capacity, at an open school) per LA or region. With `phase`, only nominees at schools whose phase is
    /// compatible with it count (as link matching would offer them to a school of that phase).
    public func coverageReport(by grouping: CoverageGrouping = .la, phase: Phase? = nil) -> CoverageReport {
        let book = links
        var allGroups: Set<String> = []
        for s in schools.values where s.status == .open && (phase.map { s.phase.isCompatible(with: $0) } ?? true) {
            allGroups.insert(Directory.coverageGroup(of: s, grouping))
        }
        var rows: [AreaCoverage] = []
        var none: [String] = []
        for areaID in areaOrder {
            guard let area = areas[areaID] else { continue }
            var counts: [String: Int] = [:]
            var total = 0
            for entry in book.areaIndexes[areaID]?.entries ?? [] {
                let c = entry.state
                let usable = CandidateState.active | CandidateState.consented
                guard c.flags & usable == usable, c.openLinks < c.capacity else { continue }
                let f = entry.school
                guard f.known, f.open, phase.map({ f.phase.isCompatible(with: $0) }) ?? true,
                    let school = schools[f.urn]
                else { continue }
                counts[Directory.coverageGroup(of: school, grouping), default: 0] += 1
                total += 1
            }
            let groups = counts.map { CoverageCount(group: $0.key, count: $0.value) }.sorted { $0.group < $1.group }
            rows.append(AreaCoverage(areaID: area.id, areaName: area.name, total: total, groups: groups))
            if total == 0 { none.append(area.id) }
        }
        return CoverageReport(
            grouping: grouping, phase: phase, allGroups: allGroups.sorted(), areas: rows, areasWithNone: none)
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
