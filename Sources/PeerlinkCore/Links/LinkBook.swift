/// Link requests, links, local networks and their indexes (the school-to-school programme, DESIGN §1.1).
///
/// Besides the records, the book keeps the matcher's index: a plain-value copy of what ranking reads about
/// each nomination and each school (`CandidateState`, `SchoolFeatures`), in dense arrays, and a per-area
/// list of candidates that mirrors `Directory.nominationsByArea`. Each per-area entry carries a copy of its
/// nomination's state and its school's features, so a match reads one contiguous array, front to back, with
/// no hashing, pointer chasing, reference counting or string work per candidate. `Directory.put` keeps it
/// current for schools and nominations (`noteSchool`, `noteNomination`); link puts keep open-link counts
/// current. Writes pay instead (a school change rewrites its nominations' entries): they are rare.
public struct LinkBook: Sendable {
    public private(set) var requestsByID: [Int64: LinkRequest] = [:]
    public private(set) var linksByID: [Int64: Link] = [:]
    public private(set) var networksByID: [Int64: LocalNetwork] = [:]
    /// School URN → its link requests' ids, ascending.
    public private(set) var requestsBySchool: [Int: [Int64]] = [:]
    /// School URN → ids of links it is on either side of, ascending.
    public private(set) var linksBySchool: [Int: [Int64]] = [:]
    /// Unordered school pair → ids of every link ever made between them, ascending.
    public private(set) var linksByPair: [SchoolPair: [Int64]] = [:]
    /// School URN → ids of the local networks it belongs to, ascending.
    public private(set) var networksBySchool: [Int: [Int64]] = [:]
    /// `Text.foldKey` of a network's name → its id.
    public private(set) var networkByName: [String: Int64] = [:]
    /// "urn/area" → the school's open request for that area, so a second one is refused.
    private(set) var openRequestByKey: [String: Int64] = [:]

    // MARK: Matching index (plain values, dense)

    private(set) var nominationSlotByID: [Int64: Int32] = [:]
    private(set) var candidates: [CandidateState] = []
    /// The area ids each nomination slot is listed under (to unlist them when the nomination changes).
    private var candidateAreas: [[String]] = []
    private(set) var schoolSlotByURN: [Int: Int32] = [:]
    private(set) var schoolFeatures: [SchoolFeatures] = []
    /// School slot → slots of the nominations at that school, so a school change reaches their entries.
    private var nominationSlotsBySchool: [Int32: [Int32]] = [:]
    /// Area id → the nominations naming it, with the viable ones arranged for ranking (`AreaIndex`).
    private(set) var areaIndexes: [String: AreaIndex] = [:]
    /// True during a start-up load: per-area derived parts wait for `finishBulkLoad`.
    private var bulkLoading = false
    /// Folded trust, federation, type-group and religious-character names → small ids (0 = none).
    private var internIDs: [String: Int32] = [:]

    public init() {}

    // MARK: Lookups

    public func request(_ id: Int64) -> LinkRequest? { requestsByID[id] }
    public func link(_ id: Int64) -> Link? { linksByID[id] }
    public func network(_ id: Int64) -> LocalNetwork? { networksByID[id] }

    /// The network whose name folds to the same letters and digits as `name`, or nil.
    public func network(named name: String) -> LocalNetwork? {
        networkByName[Text.foldKey(name)].flatMap { networksByID[$0] }
    }

    /// Open links using this nomination's capacity: O(1).
    public func openLinks(forNomination id: Int64) -> Int {
        guard let slot = nominationSlotByID[id] else { return 0 }
        return Int(candidates[Int(slot)].openLinks)
    }

    /// Capacity left on a nomination (never negative).
    public func spareCapacity(of nomination: Nomination) -> Int {
        max(0, nomination.capacity - openLinks(forNomination: nomination.id))
    }

    /// Links a school is on either side of (or every link when `urn` is nil), ascending by id.
    public func links(involving urn: Int? = nil, openOnly: Bool = false) -> [Link] {
        let found: [Link]
        if let urn {
            found = (linksBySchool[urn] ?? []).compactMap { linksByID[$0] }
        } else {
            found = linksByID.values.sorted { $0.id < $1.id }
        }
        return openOnly ? found.filter { $0.status == .open } : found
    }

    /// Every link ever made between two schools, ascending by id.
    public func history(between a: Int, and b: Int) -> [Link] {
        (linksByPair[SchoolPair(a, b)] ?? []).compactMap { linksByID[$0] }
    }

    /// A school's link requests (or every request when `urn` is nil), ascending by id.
    public func requests(forSchool urn: Int? = nil, openOnly: Bool = false) -> [LinkRequest] {
        let found: [LinkRequest]
        if let urn {
            found = (requestsBySchool[urn] ?? []).compactMap { requestsByID[$0] }
        } else {
            found = requestsByID.values.sorted { $0.id < $1.id }
        }
        return openOnly ? found.filter { $0.status == .open } : found
    }

    /// The local networks a school belongs to, ascending by id.
    public func networks(ofSchool urn: Int) -> [LocalNetwork] {
        (networksBySchool[urn] ?? []).compactMap { networksByID[$0] }
    }

    /// Every network, ascending by name.
    public var allNetworks: [LocalNetwork] {
        networksByID.values.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    /// The compact features of a school that has been put, or nil.
    func knownFeatures(of urn: Int) -> SchoolFeatures? {
        guard let slot = schoolSlotByURN[urn] else { return nil }
        let f = schoolFeatures[Int(slot)]
        return f.known ? f : nil
    }

    /// Counts for `Stats`.
    public var counts: [String: Int] {
        [
            "link_requests": requestsByID.count,
            "open_link_requests": openRequestCount,
            "links": linksByID.count,
            "open_links": openLinkCount,
            "networks": networksByID.count,
        ]
    }

    /// Open requests and open links, kept by the puts so `counts` walks no table.
    private var openRequestCount = 0
    private var openLinkCount = 0

    /// The open counts worked out by walking the tables (tests hold the kept ones to these).
    var recountedCounts: [String: Int] {
        [
            "open_link_requests": requestsByID.values.lazy.filter { $0.status == .open }.count,
            "open_links": linksByID.values.lazy.filter { $0.status == .open }.count,
        ]
    }

    /// The open request key of a school and area.
    static func requestKey(urn: Int, areaID: String) -> String { "\(urn)/\(areaID)" }

    // MARK: Putting records (called only from DirectoryRecord.apply after a commit)

    mutating func put(_ request: LinkRequest) {
        let old = requestsByID.updateValue(request, forKey: request.id)
        openRequestCount += (request.status == .open ? 1 : 0) - (old?.status == .open ? 1 : 0)
        if let old {
            let key = LinkBook.requestKey(urn: old.urn, areaID: old.areaID)
            if openRequestByKey[key] == old.id { openRequestByKey[key] = nil }
            if old.urn != request.urn { requestsBySchool[old.urn, default: []].removeSortedID(old.id) }
        }
        requestsBySchool[request.urn, default: []].insertSortedID(request.id)
        if request.status == .open {
            openRequestByKey[LinkBook.requestKey(urn: request.urn, areaID: request.areaID)] = request.id
        }
    }

    mutating func put(_ link: Link) {
        let earlier = linksByID.updateValue(link, forKey: link.id)
        openLinkCount += (link.status == .open ? 1 : 0) - (earlier?.status == .open ? 1 : 0)
        if let old = earlier {
            if old.status == .open { adjustOpenLinks(old.nominationID, by: -1) }
            if old.pair != link.pair {
                linksBySchool[old.requesterURN, default: []].removeSortedID(old.id)
                linksBySchool[old.nomineeURN, default: []].removeSortedID(old.id)
                linksByPair[old.pair, default: []].removeSortedID(old.id)
            }
        }
        if link.status == .open { adjustOpenLinks(link.nominationID, by: 1) }
        linksBySchool[link.requesterURN, default: []].insertSortedID(link.id)
        linksBySchool[link.nomineeURN, default: []].insertSortedID(link.id)
        linksByPair[link.pair, default: []].insertSortedID(link.id)
    }

    mutating func put(_ network: LocalNetwork) {
        if let old = networksByID.updateValue(network, forKey: network.id) {
            for urn in old.members where !network.members.contains(urn) {
                networksBySchool[urn, default: []].removeSortedID(old.id)
            }
            let oldKey = Text.foldKey(old.name)
            if networkByName[oldKey] == old.id { networkByName[oldKey] = nil }
        }
        for urn in network.members { networksBySchool[urn, default: []].insertSortedID(network.id) }
        networkByName[Text.foldKey(network.name)] = network.id
    }

    private mutating func adjustOpenLinks(_ nominationID: Int64, by delta: Int32) {
        let slot = nominationSlot(nominationID)
        candidates[Int(slot)].openLinks = max(0, candidates[Int(slot)].openLinks + delta)
        refreshEntries(of: slot)
    }

    /// Rewrites the per-area entries of a nomination from its current state and its school's features.
    private mutating func refreshEntries(of slot: Int32) {
        guard !candidateAreas[Int(slot)].isEmpty else { return }  // not listed (yet): nothing to copy into
        let state = candidates[Int(slot)]
        let entry = AreaEntry(state: state, school: schoolFeatures[Int(state.schoolSlot)], slot: slot)
        for areaID in candidateAreas[Int(slot)] {
            areaIndexes[areaID, default: AreaIndex()].put(entry, deferred: bulkLoading)
        }
    }

    // MARK: Keeping the matching index current (called from Directory.put)

    /// Makes room before a bulk load of this many schools and nominations.
    mutating func reserveCapacity(schools: Int, nominations: Int) {
        nominationSlotByID.reserveCapacity(nominations)
        candidates.reserveCapacity(nominations)
        candidateAreas.reserveCapacity(nominations)
        schoolSlotByURN.reserveCapacity(schools)
        schoolFeatures.reserveCapacity(schools)
        nominationSlotsBySchool.reserveCapacity(schools)
    }

    /// Until `finishBulkLoad`, puts keep only the per-area entry lists; queries must wait for it.
    mutating func beginBulkLoad() { bulkLoading = true }

    /// Builds every area's groups and cells from its entries.
    mutating func finishBulkLoad() {
        bulkLoading = false
        for areaID in areaIndexes.keys { areaIndexes[areaID]?.rebuildDerived() }
    }

    /// Records what matching needs about a school; called for every school put.
    mutating func noteSchool(_ school: School) {
        let slot = Int(schoolSlot(school.urn))
        var f = SchoolFeatures(urn: school.urn)
        f.known = true
        f.open = school.status == .open
        f.phase = school.phase
        f.phaseBit = SchoolFeatures.phaseBit(school.phase)
        f.sizeBand = SchoolFeatures.sizeBand(pupils: school.pupils)
        let locality = Text.foldKey(school.urbanRural)
        f.locality = locality.isEmpty ? 0 : (school.isRural ? 2 : 1)
        if let e = school.easting, let n = school.northing {
            f.hasGrid = true
            f.easting = Int32(clamping: e)
            f.northing = Int32(clamping: n)
        }
        f.trust = intern(school.trust)
        f.federation = intern(school.federation)
        f.typeGroup = intern(school.typeGroup)
        f.religion = school.religiousCharacterKey == nil ? 0 : intern(school.religiousCharacter)
        schoolFeatures[slot] = f
        for n in nominationSlotsBySchool[Int32(slot)] ?? [] { refreshEntries(of: n) }
    }

    /// Records what matching needs about a nomination and lists it under its areas; called for every
    /// nomination put. Open-link counts are kept.
    mutating func noteNomination(_ nomination: Nomination) {
        let slot = nominationSlot(nomination.id)
        let i = Int(slot)
        var areaIDs: [String] = []
        for a in nomination.areas where !areaIDs.contains(a.areaID) { areaIDs.append(a.areaID) }
        // Unlist only from areas the nomination no longer names; `refreshEntries` overwrites the others in
        // place (removing and re-inserting moved whole per-area lists: a capacity change copied megabytes).
        for areaID in candidateAreas[i] where !areaIDs.contains(areaID) {
            areaIndexes[areaID]?.remove(id: nomination.id, deferred: bulkLoading)
        }
        var state = candidates[i]
        let school = schoolSlot(nomination.urn)
        if state.flags & CandidateState.known != 0, state.schoolSlot != school {
            nominationSlotsBySchool[state.schoolSlot]?.removeAll { $0 == slot }
        }
        if !(nominationSlotsBySchool[school] ?? []).contains(slot) {
            nominationSlotsBySchool[school, default: []].append(slot)
        }
        state.schoolSlot = school
        state.capacity = Int32(clamping: nomination.capacity)
        var flags = CandidateState.known
        if nomination.status == .active { flags |= CandidateState.active }
        if nomination.consent { flags |= CandidateState.consented }
        if nomination.modes.contains(.inPerson) { flags |= CandidateState.inPerson }
        if nomination.modes.contains(.online) { flags |= CandidateState.online }
        state.flags = flags
        candidates[i] = state
        candidateAreas[i] = areaIDs
        refreshEntries(of: slot)
    }

    private mutating func nominationSlot(_ id: Int64) -> Int32 {
        if let s = nominationSlotByID[id] { return s }
        let s = Int32(candidates.count)
        candidates.append(CandidateState(id: id))
        candidateAreas.append([])
        nominationSlotByID[id] = s
        return s
    }

    private mutating func schoolSlot(_ urn: Int) -> Int32 {
        if let s = schoolSlotByURN[urn] { return s }
        let s = Int32(schoolFeatures.count)
        schoolFeatures.append(SchoolFeatures(urn: urn))
        schoolSlotByURN[urn] = s
        return s
    }

    /// The entries a school's own nominations have under `areaID` (the ones a query from that school refuses as
    /// `sameSchool` when they are viable).
    func entries(atSchool schoolSlot: Int32, in areaID: String) -> [AreaEntry] {
        guard let slots = nominationSlotsBySchool[schoolSlot] else { return [] }
        var out: [AreaEntry] = []
        for slot in slots where candidateAreas[Int(slot)].contains(areaID) {
            let state = candidates[Int(slot)]
            out.append(AreaEntry(state: state, school: schoolFeatures[Int(state.schoolSlot)], slot: slot))
        }
        return out
    }

    private mutating func intern(_ name: String?) -> Int32 {
        guard let name else { return 0 }
        let key = Text.foldKey(name)
        guard !key.isEmpty else { return 0 }
        if let id = internIDs[key] { return id }
        let id = Int32(internIDs.count + 1)
        internIDs[key] = id
        return id
    }
}

/// What matching reads about one nomination: plain values only.
struct CandidateState: Sendable {
    // Computed, not stored: a stored static is a lazily initialised global, checked on every read.
    static var known: UInt8 { 1 }
    static var active: UInt8 { 2 }
    static var consented: UInt8 { 4 }
    static var inPerson: UInt8 { 8 }
    static var online: UInt8 { 16 }

    var id: Int64
    var schoolSlot: Int32 = 0
    var capacity: Int32 = 0
    var openLinks: Int32 = 0
    var flags: UInt8 = 0

    init(id: Int64) { self.id = id }

    /// Share of capacity still free, 0…1: the availability score.
    @inline(__always)
    var availability: Double { Double(capacity - openLinks) / Double(capacity) }
}

/// What matching reads about one school: plain values only; names are compared by interned ids.
struct SchoolFeatures: Sendable {
    var urn: Int
    /// False for a slot made before its school was put (a nomination loaded ahead of its school).
    var known = false
    var open = false
    var phase = Phase.notApplicable
    /// `phaseBit(phase)`, so a query tests compatibility with one AND against `compatibleMask`.
    var phaseBit: UInt8 = 0
    /// `sizeBand(pupils:)`; 0 when the register gives no pupil count.
    var sizeBand: UInt8 = 0
    /// 0 unknown, 1 urban, 2 rural.
    var locality: UInt8 = 0
    var hasGrid = false
    var easting: Int32 = 0
    var northing: Int32 = 0
    var trust: Int32 = 0
    var federation: Int32 = 0
    var typeGroup: Int32 = 0
    var religion: Int32 = 0

    init(urn: Int) { self.urn = urn }

    /// As `School.distanceMetres(to:)` gives it for the two schools (32-bit grid differences are exact in a
    /// `Double`, so the same value).
    func distanceMetres(to other: SchoolFeatures) -> Double? {
        guard hasGrid && other.hasGrid else { return nil }
        return squaredDistance(to: other).squareRoot()
    }

    /// One bit per phase, in `Phase.allCases` order.
    static func phaseBit(_ phase: Phase) -> UInt8 {
        UInt8(1) << UInt8(phase.ordinal)
    }

    /// The bits of every phase compatible with `phase` (`Phase.isCompatible`).
    static func compatibleMask(_ phase: Phase) -> UInt8 {
        var mask: UInt8 = 0
        for other in Phase.allCases where phase.isCompatible(with: other) { mask |= phaseBit(other) }
        return mask
    }

    /// Pupil-count bands: under 100, 100–249, 250–499, 500–999, 1000–1499, 1500 and over.
    static func sizeBand(pupils: Int?) -> UInt8 {
        guard let p = pupils, p > 0 else { return 0 }
        switch p {
        case ..<100: return 1
        case ..<250: return 2
        case ..<500: return 3
        case ..<1000: return 4
        case ..<1500: return 5
        default: return 6
        }
    }

    /// Squared metres between two schools with grid references.
    @inline(__always)
    func squaredDistance(to other: SchoolFeatures) -> Double {
        let de = Double(easting) - Double(other.easting)
        let dn = Double(northing) - Double(other.northing)
        return de * de + dn * dn
    }
}

/// One nomination listed under an area, with copies of everything ranking reads about it.
struct AreaEntry: Sendable {
    var state: CandidateState
    var school: SchoolFeatures
    /// The nomination's slot in `LinkBook.candidates`.
    var slot: Int32

    var id: Int64 { state.id }

    /// The hard constraint that refuses this candidate whatever the query, or nil when some query could accept it
    /// (`LinkRules.staticExclusion`).
    @inline(__always)
    var staticExclusion: LinkExclusion? { LinkRules.staticExclusion(state, school) }
}
