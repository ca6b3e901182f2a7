/// The matcher's view of one area: every nomination naming it, and the viable ones arranged for ranking
/// without reading them all.
///
/// A link match used to score every nomination listed under the asked area (about 2,800 at national scale).
/// Most of what ranking compares does not depend on the candidate alone but on a handful of its school's
/// features, so the viable entries (those no query could accept or refuse differently: see
/// `AreaEntry.staticExclusion`) are kept twice more:
/// - in `groups` of entries that share phase, modes, size band, locality, type group and religious character:
///   every member of a group has the same context score for a given requester, and members are kept best
///   availability first, so a query without a distance limit reads a few groups' heads (`LinkRanking`);
/// - in 20 km `cells` of the national grid, so a distance-limited in-person query reads only the cells its
///   circle touches.
/// `LinkBook` keeps this current entry by entry (`put`, `remove`); the derived parts are updated in place, so a
/// write costs a few short array edits, never a rebuild.
struct AreaIndex: Sendable {
    /// Every nomination naming the area, ascending by id (full scans, coverage).
    private(set) var entries: [AreaEntry] = []
    /// `entries`' ids, in step with it: a write finds its entry by binary search here, where a probe reads 8
    /// bytes instead of an entry's 100-odd (probing `entries` itself was a fifth of applying an update).
    private var entryIDs: [Int64] = []
    /// Entries refused whatever the query, by the first such constraint they fail.
    private(set) var notActive = 0, noConsent = 0, full = 0, schoolClosed = 0
    /// Viable entries grouped by the features context scoring compares. Emptied groups stay (there are only
    /// as many as distinct feature combinations) so group numbers never move.
    private(set) var groups: [CandidateGroup] = []
    /// `heads[g]` summarises `groups[g]` in one contiguous array, so a query's first pass over ~200 groups reads
    /// neither the groups nor their member lists (scattered through memory, they cost more in cache misses
    /// than in instructions). Refreshed whenever the group changes.
    private(set) var heads: [GroupHead] = []
    private var groupByKey: [CandidateGroup.Key: Int32] = [:]
    /// Viable entries with a grid reference, by `AreaIndex.cell`.
    private(set) var cells: [Int32: [AreaEntry]] = [:]
    /// Viable entries whose school has no grid reference.
    private(set) var ungridded: [AreaEntry] = []

    /// Viable entries in total.
    var viableCount: Int { entries.count - notActive - noConsent - full - schoolClosed }

    /// Lists `entry`, replacing the entry with its id if there is one. With `deferred` (a start-up load), only
    /// `entries` changes and `rebuildDerived` must run before the next query.
    mutating func put(_ entry: AreaEntry, deferred: Bool = false) {
        let i = AreaIndex.lowerBound(entry.id, in: entryIDs)
        if i < entries.count, entryIDs[i] == entry.id {
            let old = entries[i]
            entries[i] = entry
            if deferred || replaceInPlace(old, with: entry) { return }
            forget(old)
        } else {
            entries.insert(entry, at: i)
            entryIDs.insert(entry.id, at: i)
        }
        if !deferred { remember(entry) }
    }

    /// Builds the derived parts from `entries` at once (after a start-up load): one sort per group instead of
    /// an insertion per entry.
    mutating func rebuildDerived() {
        (notActive, noConsent, full, schoolClosed) = (0, 0, 0, 0)
        groups = []
        heads = []
        groupByKey = [:]
        cells = [:]
        ungridded = []
        for e in entries { remember(e, inOrder: false) }
        for g in groups.indices {
            groups[g].sortMembers()
            heads[g] = GroupHead(groups[g])
        }
    }

    /// Unlists the entry with nomination id `id`, if listed (`deferred` as for `put`).
    mutating func remove(id: Int64, deferred: Bool = false) {
        let i = AreaIndex.lowerBound(id, in: entryIDs)
        guard i < entries.count, entryIDs[i] == id else { return }
        if !deferred { forget(entries[i]) }
        entries.remove(at: i)
        entryIDs.remove(at: i)
    }

    // MARK: Derived parts

    /// Adds `e` to the derived parts; without `inOrder`, group members are appended and `sortMembers` must follow.
    private mutating func remember(_ e: AreaEntry, inOrder: Bool = true) {
        if let reason = e.staticExclusion {
            count(reason, by: 1)
            return
        }
        let key = CandidateGroup.Key(e)
        let g: Int
        if let found = groupByKey[key] {
            g = Int(found)
        } else {
            g = groups.count
            groups.append(CandidateGroup(key: key))
            heads.append(GroupHead(groups[g]))
            groupByKey[key] = Int32(g)
        }
        if inOrder {
            groups[g].insert(CandidateGroup.Member(e))
            heads[g] = GroupHead(groups[g])
        } else {
            groups[g].append(CandidateGroup.Member(e))
        }
        if e.school.hasGrid {
            cells[AreaIndex.cell(e.school.easting, e.school.northing), default: []].append(e)
        } else {
            ungridded.append(e)
        }
    }

    /// Replaces `old` with `new` where both stay viable in the same group and grid cell (an update of capacity
    /// or open links): the member moves within its group and the cell's copy is overwritten, instead of both
    /// being taken out and put back. Returns false, changing nothing, when that does not hold.
    private mutating func replaceInPlace(_ old: AreaEntry, with new: AreaEntry) -> Bool {
        guard old.staticExclusion == nil, new.staticExclusion == nil else { return false }
        let key = CandidateGroup.Key(new)
        guard key == CandidateGroup.Key(old), old.school.hasGrid == new.school.hasGrid,
            let g = groupByKey[key].map(Int.init)
        else { return false }
        if new.school.hasGrid {
            let cell = AreaIndex.cell(new.school.easting, new.school.northing)
            guard cell == AreaIndex.cell(old.school.easting, old.school.northing),
                let at = cells[cell]?.firstIndex(where: { $0.id == new.id })
            else { return false }
            cells[cell]![at] = new
        } else {
            guard let at = ungridded.firstIndex(where: { $0.id == new.id }) else { return false }
            ungridded[at] = new
        }
        groups[g].replace(id: new.id, with: CandidateGroup.Member(new))
        heads[g] = GroupHead(groups[g])
        return true
    }

    private mutating func forget(_ e: AreaEntry) {
        if let reason = e.staticExclusion {
            count(reason, by: -1)
            return
        }
        if let g = groupByKey[CandidateGroup.Key(e)] {
            groups[Int(g)].remove(id: e.id)
            heads[Int(g)] = GroupHead(groups[Int(g)])
        }
        if e.school.hasGrid {
            let key = AreaIndex.cell(e.school.easting, e.school.northing)
            cells[key]?.removeAll { $0.id == e.id }
            if cells[key]?.isEmpty == true { cells[key] = nil }
        } else {
            ungridded.removeAll { $0.id == e.id }
        }
    }

    private mutating func count(_ reason: LinkExclusion, by delta: Int) {
        switch reason {
        case .notActive: notActive += delta
        case .noConsent: noConsent += delta
        case .full: full += delta
        case .schoolClosed: schoolClosed += delta
        default: preconditionFailure("\(reason) depends on the query")
        }
    }

    // MARK: Grid

    /// Side of a grid cell in metres.
    static let cellMetres: Int32 = 20_000
    /// Cells per axis; grid references beyond the last cell share it (England fits well inside).
    static let cellsPerAxis: Int32 = 128

    /// The cell of a grid reference. Monotone in each coordinate, so every point inside a rectangle falls in a
    /// cell between the rectangle corners' cells.
    static func cell(_ easting: Int32, _ northing: Int32) -> Int32 {
        cellIndex(easting) << 8 | cellIndex(northing)
    }

    static func cellIndex(_ metres: Int32) -> Int32 {
        min(max(metres, 0) / cellMetres, cellsPerAxis - 1)
    }

    /// Calls `body` with each cell's entries for every cell that may hold a point within `radius` metres
    /// of (`easting`, `northing`).
    func forEachCell(
        near easting: Int32, _ northing: Int32, radius: Double, _ body: ([AreaEntry]) -> Void
    ) {
        let r = Int32(clamping: Int64(radius.rounded(.up)))
        let (e0, e1) = (AreaIndex.cellIndex(easting &- r), AreaIndex.cellIndex(easting &+ r))
        let (n0, n1) = (AreaIndex.cellIndex(northing &- r), AreaIndex.cellIndex(northing &+ r))
        for x in e0...e1 {
            for y in n0...n1 {
                if let list = cells[x << 8 | y] { body(list) }
            }
        }
    }

    /// The first index whose id is not below `id`.
    static func lowerBound(_ id: Int64, in ids: [Int64]) -> Int {
        var lo = 0, hi = ids.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ids[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// What a query's first pass needs of one group: its features, and its best member with the extent of the run
/// of equal availability that member opens.
struct GroupHead: Sendable {
    let key: CandidateGroup.Key
    let features: SchoolFeatures
    let count: Int32
    /// The best member (meaningless when `count` is 0).
    let first: CandidateGroup.Member
    /// End of the run of members with `first`'s availability.
    let firstRunEnd: Int32
    /// Availability of the member at `firstRunEnd`, or -1 when the run is the whole group.
    let nextAvailability: Double

    init(_ group: CandidateGroup) {
        key = group.key
        features = group.features
        count = Int32(group.members.count)
        if group.members.isEmpty {
            first = CandidateGroup.Member(availability: 0, id: 0, slot: 0, schoolSlot: -1, trust: 0, federation: 0)
            firstRunEnd = 0
            nextAvailability = -1
        } else {
            first = group.members[0]
            let end = CandidateGroup.runEnd(group.members, from: 0)
            firstRunEnd = Int32(end)
            nextAvailability = end < group.members.count ? group.members[end].availability : -1
        }
    }
}

/// Viable entries of one area whose schools agree on every feature context scoring compares, and on the
/// modes offered.
struct CandidateGroup: Sendable {
    struct Key: Hashable, Sendable {
        var phaseBit: UInt8
        /// `CandidateState.inPerson | CandidateState.online` bits.
        var modes: UInt8
        var sizeBand: UInt8
        var locality: UInt8
        var typeGroup: Int32
        var religion: Int32

        init(_ e: AreaEntry) {
            phaseBit = e.school.phaseBit
            modes = e.state.flags & (CandidateState.inPerson | CandidateState.online)
            sizeBand = e.school.sizeBand
            locality = e.school.locality
            typeGroup = e.school.typeGroup
            religion = e.school.religion
        }
    }

    /// What ranking reads about a member beyond the group's features.
    struct Member: Sendable {
        var availability: Double
        var id: Int64
        var slot: Int32
        var schoolSlot: Int32
        var trust: Int32
        var federation: Int32

        init(availability: Double, id: Int64, slot: Int32, schoolSlot: Int32, trust: Int32, federation: Int32) {
            self.availability = availability
            self.id = id
            self.slot = slot
            self.schoolSlot = schoolSlot
            self.trust = trust
            self.federation = federation
        }

        init(_ e: AreaEntry) {
            availability = e.state.availability
            id = e.id
            slot = e.slot
            schoolSlot = e.state.schoolSlot
            trust = e.school.trust
            federation = e.school.federation
        }

        /// Ranking order inside a group: more availability first, then ascending id (the matcher's tie rule).
        func precedes(_ other: Member) -> Bool {
            availability > other.availability || (availability == other.availability && id < other.id)
        }
    }

    let key: Key
    /// The key as school features, for `Directory.contextScore`.
    let features: SchoolFeatures
    /// Best availability first, ties by ascending id.
    private(set) var members: [Member] = []

    init(key: Key) {
        self.key = key
        var f = SchoolFeatures(urn: 0)
        f.phaseBit = key.phaseBit
        f.sizeBand = key.sizeBand
        f.locality = key.locality
        f.typeGroup = key.typeGroup
        f.religion = key.religion
        features = f
    }

    /// The end of the run of members with the same availability as `members[start]` (binary search: members
    /// are sorted by availability, descending).
    static func runEnd(_ members: [Member], from start: Int) -> Int {
        let a = members[start].availability
        var lo = start + 1, hi = members.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if members[mid].availability == a { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insert(_ m: Member) {
        var lo = 0, hi = members.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if members[mid].precedes(m) { lo = mid + 1 } else { hi = mid }
        }
        members.insert(m, at: lo)
    }

    mutating func append(_ m: Member) { members.append(m) }

    mutating func sortMembers() { members.sort { $0.precedes($1) } }

    mutating func remove(id: Int64) {
        if let i = members.firstIndex(where: { $0.id == id }) { members.remove(at: i) }
    }

    /// Replaces the member with `id` by `m` and moves it to its place in the order; inserts `m` if absent.
    mutating func replace(id: Int64, with m: Member) {
        guard var i = members.firstIndex(where: { $0.id == id }) else { return insert(m) }
        members[i] = m
        while i > 0 && m.precedes(members[i - 1]) {
            members.swapAt(i, i - 1)
            i -= 1
        }
        while i + 1 < members.count && members[i + 1].precedes(m) {
            members.swapAt(i, i + 1)
            i += 1
        }
    }
}
