/// The whole directory in memory: every record the store holds, plus the indexes queries need.
///
/// A value type owned by the server's loop thread. It changes only through `Change.apply(to:)` after the
/// change has committed, so it is always the exact image of the database. Reads never wait for a commit.
public struct Directory: Sendable {
    /// Every table and counter, kept in one box that copies share (`Storage`).
    private struct Tables: Sendable {
        /// Everything a link match reads, changed only through `matchTables` (which moves `linkMatchRevision`).
        var match = MatchTables()
        var areaOrder: [String] = []
        var personByEmail: [String: Int64] = [:]
        var nominationsBySchool: [Int: [Int64]] = [:]
        var tokens: [Int64: AccessToken] = [:]
        var tokenByHash: [String: Int64] = [:]
        var calendarBook: CalendarBook = CalendarBook()
        var peerSupport: PeerSupportBook = PeerSupportBook()
        var supporterScan = SupporterScan()
        var cohorts: CohortBook = CohortBook()
        var audit: AuditLog = AuditLog()
        var web: WebBook = WebBook()
        var highestID: [String: Int64] = [:]
        var schoolsRevision: UInt64 = UInt64.random(in: 0...(UInt64.max >> 1))
        var peopleRevision: UInt64 = UInt64.random(in: 0...(UInt64.max >> 1))
        var linkMatchRevision: UInt64 = UInt64.random(in: 0...(UInt64.max >> 1))
        var schoolSearch = SchoolSearchIndex()
        var tallies = Tallies()
    }

    /// The tables a link match reads. A kept link match reply is good while none of them changes, so they sit
    /// together behind one accessor that moves the revision (`matchTables`): a table added here cannot be
    /// forgotten by the reply cache.
    private struct MatchTables: Sendable {
        var areas: [String: Area] = [:]
        var areaByKey: [String: String] = [:]
        var schools: [Int: School] = [:]
        var people: [Int64: Person] = [:]
        var nominations: [Int64: Nomination] = [:]
        var nominationsByArea: [String: [Int64]] = [:]
        var register: RegisterBook = RegisterBook()
        var links: LinkBook = LinkBook()
    }

    /// Counts `counts` reports that would otherwise filter whole tables, kept as records are put.
    struct Tallies: Sendable, Equatable {
        var openSchools = 0
        var activeNominations = 0
    }

    /// Copies share one box of tables and a change to a shared box copies it first, so copying a `Directory`
    /// is one retain instead of one per table. Swift copies a struct lent out of a class's stored property (the
    /// server's dispatcher lends its directory to every request): with thirty-odd tables retained and released,
    /// that was about 2,000 instructions, four times per write. `@unchecked Sendable` as for any copy-on-write
    /// storage (the standard library's arrays, the generated messages): a box is changed only while this value
    /// holds the one reference to it.
    private final class Storage: @unchecked Sendable {
        var tables: Tables
        init(_ tables: Tables) { self.tables = tables }
    }

    private var storage = Storage(Tables())

    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.tables) }
    }

    /// True when no other `Directory` value shares this one's tables, so a change copies none of them. The
    /// server's directory must be the only one: a forgotten copy doubles the memory of every table written.
    package mutating func ownsItsTablesAlone() -> Bool { isKnownUniquelyReferenced(&storage) }

    public private(set) var areas: [String: Area] {
        _read { yield storage.tables.match.areas }
        _modify { yield &matchTables.areas }
    }

    /// Area ids in taxonomy order (kind, then name), for listings.
    public private(set) var areaOrder: [String] {
        _read { yield storage.tables.areaOrder }
        _modify {
            makeUnique()
            yield &storage.tables.areaOrder
        }
    }

    /// `Text.foldKey` of every area id, name and alias → area id.
    public private(set) var areaByKey: [String: String] {
        _read { yield storage.tables.match.areaByKey }
        _modify { yield &matchTables.areaByKey }
    }

    public private(set) var schools: [Int: School] {
        _read { yield storage.tables.match.schools }
        _modify { yield &matchTables.schools }
    }

    public private(set) var people: [Int64: Person] {
        _read { yield storage.tables.match.people }
        _modify { yield &matchTables.people }
    }

    /// Lowercased work email → person id.
    public private(set) var personByEmail: [String: Int64] {
        _read { yield storage.tables.personByEmail }
        _modify {
            makeUnique()
            yield &storage.tables.personByEmail
        }
    }

    public private(set) var nominations: [Int64: Nomination] {
        _read { yield storage.tables.match.nominations }
        _modify { yield &matchTables.nominations }
    }

    /// School URN → its nominations' ids, ascending.
    public private(set) var nominationsBySchool: [Int: [Int64]] {
        _read { yield storage.tables.nominationsBySchool }
        _modify {
            makeUnique()
            yield &storage.tables.nominationsBySchool
        }
    }

    /// Area id → nominations naming it, ascending; the candidate list for link matching.
    public private(set) var nominationsByArea: [String: [Int64]] {
        _read { yield storage.tables.match.nominationsByArea }
        _modify { yield &matchTables.nominationsByArea }
    }

    public private(set) var tokens: [Int64: AccessToken] {
        _read { yield storage.tables.tokens }
        _modify {
            makeUnique()
            yield &storage.tables.tokens
        }
    }

    public private(set) var tokenByHash: [String: Int64] {
        _read { yield storage.tables.tokenByHash }
        _modify {
            makeUnique()
            yield &storage.tables.tokenByHash
        }
    }

    /// Each programme's records and indexes live in a book of their own, defined beside that programme's rules.
    public internal(set) var register: RegisterBook {
        _read { yield storage.tables.match.register }
        _modify { yield &matchTables.register }
    }

    /// Imported bank holidays and term dates, and the calendar built from them and the configuration.
    public internal(set) var calendarBook: CalendarBook {
        _read { yield storage.tables.calendarBook }
        _modify {
            makeUnique()
            yield &storage.tables.calendarBook
        }
    }

    public internal(set) var links: LinkBook {
        _read { yield storage.tables.match.links }
        _modify { yield &matchTables.links }
    }

    public internal(set) var peerSupport: PeerSupportBook {
        _read { yield storage.tables.peerSupport }
        _modify {
            makeUnique()
            yield &storage.tables.peerSupport
        }
    }

    /// What a supporter match reads, one row per profile, kept current by the puts that change it
    /// (`SupporterScan`).
    var supporterScan: SupporterScan {
        _read { yield storage.tables.supporterScan }
        _modify {
            makeUnique()
            yield &storage.tables.supporterScan
        }
    }

    public internal(set) var cohorts: CohortBook {
        _read { yield storage.tables.cohorts }
        _modify {
            makeUnique()
            yield &storage.tables.cohorts
        }
    }

    public internal(set) var audit: AuditLog {
        _read { yield storage.tables.audit }
        _modify {
            makeUnique()
            yield &storage.tables.audit
        }
    }

    /// Invitations and the outbox (the web front end).
    public internal(set) var web: WebBook {
        _read { yield storage.tables.web }
        _modify {
            makeUnique()
            yield &storage.tables.web
        }
    }

    /// Highest id seen per record kind ("person", "nomination", …), so new ids never reuse old ones.
    public private(set) var highestID: [String: Int64] {
        _read { yield storage.tables.highestID }
        _modify {
            makeUnique()
            yield &storage.tables.highestID
        }
    }

    /// Changes whenever any school is put, so caches of what schools look like (the link match encoder's) know
    /// to start again. It starts at a random value, so a cache never takes one directory for another.
    public private(set) var schoolsRevision: UInt64 {
        _read { yield storage.tables.schoolsRevision }
        _modify {
            makeUnique()
            yield &storage.tables.schoolsRevision
        }
    }

    /// Changes whenever a table a link match reads may change (`MatchTables`: areas, schools, the register's
    /// successions, people, nominations and the link book). Moved by `matchTables`, the one accessor that
    /// changes them, so no way of changing them can forget it. A kept link match reply is good while it is unchanged
    /// (`ReplyCache`); random at first, like `schoolsRevision`.
    public var linkMatchRevision: UInt64 { storage.tables.linkMatchRevision }

    /// As `schoolsRevision`, for people.
    public private(set) var peopleRevision: UInt64 {
        _read { yield storage.tables.peopleRevision }
        _modify {
            makeUnique()
            yield &storage.tables.peopleRevision
        }
    }

    /// The one way to change what a link match reads: moves `linkMatchRevision` first.
    private var matchTables: MatchTables {
        _read { yield storage.tables.match }
        _modify {
            makeUnique()
            storage.tables.linkMatchRevision &+= 1
            yield &storage.tables.match
        }
    }

    /// School names prepared for `searchSchools`, kept current by `put(_: School)`.
    var schoolSearch: SchoolSearchIndex {
        _read { yield storage.tables.schoolSearch }
        _modify {
            makeUnique()
            yield &storage.tables.schoolSearch
        }
    }

    private var tallies: Tallies {
        _read { yield storage.tables.tallies }
        _modify {
            makeUnique()
            yield &storage.tables.tallies
        }
    }

    public init() {}

    /// Puts from here to `finishBulkLoad` may defer index work that is cheaper done once at the end (a
    /// start-up load). The directory must not be queried in between.
    public mutating func beginBulkLoad() {
        links.beginBulkLoad()
        schoolSearch.beginBulkLoad()
        supporterScan.deferred = true
    }

    /// Completes the indexes deferred since `beginBulkLoad`.
    public mutating func finishBulkLoad() {
        links.finishBulkLoad()
        schoolSearch.finishBulkLoad()
        supporterScan.deferred = false
        refreshAllSupporters()
    }

    /// Makes room for this many records of each kind before a bulk load (growing the tables as rows arrive
    /// rehashed every record several times).
    public mutating func reserveCapacity(schools: Int, people: Int, nominations: Int) {
        self.schools.reserveCapacity(schools)
        self.people.reserveCapacity(people)
        personByEmail.reserveCapacity(people)
        self.nominations.reserveCapacity(nominations)
        links.reserveCapacity(schools: schools, nominations: nominations)
    }

    /// Records that `id` of `kind` exists; every `put` of an id-keyed record calls it.
    public mutating func noteID(_ kind: String, _ id: Int64) {
        Self.raise(&highestID[kind, default: 0], to: id)  // one lookup of `kind`, in place
    }

    private static func raise(_ value: inout Int64, to id: Int64) {
        if id > value { value = id }
    }

    // MARK: Putting records (called only from DirectoryRecord.apply after a commit)

    mutating func put(_ area: Area) {
        if areas.updateValue(area, forKey: area.id) == nil {
            areaOrder.append(area.id)
        }
        let order: [AreaKind: Int] = [.subject: 0, .theme: 1, .standard: 2]
        let areas = self.areas
        areaOrder.sort { a, b in
            let x = areas[a]!, y = areas[b]!
            return (order[x.kind]!, x.name.lowercased(), x.id) < (order[y.kind]!, y.name.lowercased(), y.id)
        }
        for key in [area.id, area.name] + area.aliases {
            areaByKey[Text.foldKey(key)] = area.id
        }
    }

    mutating func put(_ school: School) {
        let old = schools.updateValue(school, forKey: school.urn)
        tallies.openSchools += (school.status == .open ? 1 : 0) - (old?.status == .open ? 1 : 0)
        schoolsRevision &+= 1
        links.noteSchool(school)
        schoolSearch.put(school)
        refreshSupporters(atSchool: school.urn)
    }

    mutating func put(_ person: Person) {
        peopleRevision &+= 1
        if let old = people.updateValue(person, forKey: person.id), old.email != person.email {
            personByEmail[old.email] = nil
        }
        noteID("person", person.id)
        if !person.email.isEmpty { personByEmail[person.email] = person.id }
        if let profileID = peerSupport.profileByPerson[person.id] { refreshSupporters(CollectionOfOne(profileID)) }
    }

    mutating func put(_ nomination: Nomination) {
        let old = nominations.updateValue(nomination, forKey: nomination.id)
        tallies.activeNominations += (nomination.status == .active ? 1 : 0) - (old?.status == .active ? 1 : 0)
        if let old {
            // Most updates (capacity, status, consent, modes) keep the school and areas, so the id lists stay
            // as they are: finding the id again in each (thousands long) was about a seventh of applying one (perf).
            if old.urn == nomination.urn
                && old.areas.elementsEqual(nomination.areas, by: { $0.areaID == $1.areaID })
            {
                links.noteNomination(nomination)
                return
            }
            // Only the lists the nomination leaves change: re-inserting into an unchanged per-area list (tens of
            // thousands of ids at national scale) moved the whole list on every update.
            if old.urn != nomination.urn {
                nominationsBySchool[old.urn, default: []].removeSortedID(old.id)
            }
            for a in old.areas where !nomination.areas.contains(where: { $0.areaID == a.areaID }) {
                nominationsByArea[a.areaID, default: []].removeSortedID(old.id)
            }
        }
        noteID("nomination", nomination.id)
        nominationsBySchool[nomination.urn, default: []].insertSortedID(nomination.id)
        for a in nomination.areas { nominationsByArea[a.areaID, default: []].insertSortedID(nomination.id) }
        links.noteNomination(nomination)
    }

    mutating func put(_ token: AccessToken) {
        tokens[token.id] = token
        noteID("token", token.id)
        tokenByHash[token.secretHash] = token.id
    }



    // MARK: Lookups

    /// The area an id, name or alias names (case and punctuation ignored), or nil.
    public func area(named text: String) -> Area? {
        // An exact id (what clients send) needs no folding.
        if let exact = areas[text] { return exact }
        return areaByKey[Text.foldKey(text)].flatMap { areas[$0] }
    }

    /// Resolves an area reference or throws a `notFound` naming `field` with the nearest valid ids.
    public func resolveArea(_ text: String, field: String) throws(PeerlinkError) -> Area {
        // Before any lookup: suggesting close names costs the product of the lengths.
        guard text.utf8.count <= Directory.maximumAreaReferenceLength * 4,
            text.count <= Directory.maximumAreaReferenceLength
        else {
            throw .badRequest(
                "an area is named by an id, name or alias of at most \(Directory.maximumAreaReferenceLength) "
                    + "characters (`peerlink areas` lists them)", field: field)
        }
        if let a = area(named: text) { return a }
        // Compare against every id, name and alias, but suggest ids.
        let close = Text.suggestions(for: text, among: areaByKey.keys).compactMap { areaByKey[$0] }
            .reduce(into: [String]()) { out, id in if !out.contains(id) { out.append(id) } }
        throw .notFound(
            "no area '\(text)'\(Text.didYouMean(close)) (`peerlink areas` lists them all)", field: field)
    }

    /// The school with this URN, or nil.
    public func school(_ urn: Int) -> School? { schools[urn] }

    /// The school or a `notFound` error naming `field`.
    public func requireSchool(_ urn: Int, field: String = "urn") throws(PeerlinkError) -> School {
        guard let s = school(urn) else {
            throw .notFound("no school with URN \(urn); check the number or import the register first", field: field)
        }
        return s
    }

    public func person(email: String) -> Person? {
        personByEmail[email.lowercased()].flatMap { people[$0] }
    }

    /// Nominations of a school, ascending by id.
    public func nominations(atSchool urn: Int) -> [Nomination] {
        (nominationsBySchool[urn] ?? []).compactMap { nominations[$0] }
    }

    public func token(secretHash: String) -> AccessToken? {
        tokenByHash[secretHash].flatMap { tokens[$0] }
    }

    /// Counts for `Stats`: entity name → number held, the directory's own and each programme book's.
    public var counts: [String: Int] {
        var all = ownCounts
        all["successions"] = register.count
        all.merge(links.counts) { a, _ in a }
        all.merge(peerSupport.counts) { a, _ in a }
        all.merge(cohorts.counts) { a, _ in a }
        all.merge(web.counts) { a, _ in a }
        return all
    }

    /// The table counts and the kept tallies: no table is walked (filtering every school and nomination per
    /// `status` was about 14 ms at national scale).
    private var ownCounts: [String: Int] {
        [
            "schools": schools.count,
            "open_schools": tallies.openSchools,
            "areas": areas.count,
            "people": people.count,
            "nominations": nominations.count,
            "active_nominations": tallies.activeNominations,
            "tokens": tokens.count,
        ]
    }

    /// `counts` worked out by walking every table, as it was before the tallies: tests hold the tallies to it.
    package var recountedCounts: [String: Int] {
        var all = counts
        all["open_schools"] = schools.values.lazy.filter { $0.status == .open }.count
        all["active_nominations"] = nominations.values.lazy.filter { $0.status == .active }.count
        all["successions"] = register.successionsFrom.values.reduce(0) { $0 + $1.count }
        all.merge(links.recountedCounts) { _, b in b }
        all.merge(peerSupport.recountedCounts) { _, b in b }
        return all
    }
}
