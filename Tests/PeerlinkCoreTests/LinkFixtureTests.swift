import PeerlinkCore
import Testing

/// A small directory for the link and coverage tests, built only by applying `Change`s as the server does.
///
/// The requesting school is `LinkWorld.requester` (URN 100001): a secondary academy of 900 pupils in Alpha
/// Trust, urban, at grid (500 km, 200 km). Other schools are placed by kilometres east of it.
struct LinkWorld {
    static let requester = 100_001
    static let now: Int64 = 1_700_000_000

    var directory = Directory()
    var ids = IDAllocator()
    private var nextEmail = 0
    private var nextURN = 200_000

    init() {
        apply(
            Change([
                Area(id: "mathematics", name: "Mathematics", kind: .subject),
                Area(id: "science", name: "Science", kind: .subject),
                Area(id: "physics", name: "Physics", kind: .subject, parent: "science"),
                Area(id: "biology", name: "Biology", kind: .subject, parent: "science"),
                Area(id: "history", name: "History", kind: .subject),
                Area(id: "timetabling", name: "Timetabling", kind: .theme),
            ]))
        addSchool(urn: LinkWorld.requester, name: "Requesting Academy", eastKm: 0, trust: "Alpha Trust")
    }

    /// Every change applied, in order (to replay into another directory).
    var applied: [Change] = []

    mutating func apply(_ change: Change) {
        change.apply(to: &directory)
        applied.append(change)
    }

    /// Adds (or replaces) an open school and returns its URN; a fresh URN when `urn` is nil.
    @discardableResult
    mutating func addSchool(
        urn: Int? = nil, name: String? = nil, phase: Phase = .secondary, eastKm: Double? = 10,
        pupils: Int? = 900, urbanRural: String = "(England/Wales) Urban city and town",
        typeGroup: String = "Academies", trust: String? = nil, federation: String? = nil,
        religiousCharacter: String? = "Does not apply", status: SchoolStatus = .open, laCode: Int = 886,
        laName: String = "Kent", region: String = "South East"
    ) -> Int {
        let u: Int
        if let urn {
            u = urn
        } else {
            nextURN += 1
            u = nextURN
        }
        let school = School(
            urn: u, name: name ?? "School \(u)", phase: phase, typeGroup: typeGroup, status: status, laCode: laCode,
            laName: laName, region: region, urbanRural: urbanRural, pupils: pupils,
            easting: eastKm.map { 500_000 + Int($0 * 1000) }, northing: eastKm == nil ? nil : 200_000,
            trust: trust, federation: federation, religiousCharacter: religiousCharacter)
        apply(try! directory.prepareSchoolUpsert(school))
        return u
    }

    /// Nominates a new member of staff at `urn` through `prepareNomination`; returns the nomination id.
    @discardableResult
    mutating func nominate(
        at urn: Int, areas: [String] = ["mathematics"], capacity: Int = 2, modes: [Mode] = Mode.allCases,
        consent: Bool = true
    ) -> Int64 {
        nextEmail += 1
        let draft = NominationDraft(
            urn: urn, nomineeName: "Nominee \(nextEmail)", nomineeEmail: "nominee\(nextEmail)@school.org.uk",
            nomineeRole: "Head of Department", areas: areas.map { (area: $0, strength: "Strong in \($0)") },
            capacity: capacity, modes: modes, consent: consent)
        let (change, id) = try! directory.prepareNomination(draft, ids: &ids, now: LinkWorld.now)
        apply(change)
        return id
    }

    /// A school with one nomination; returns (URN, nomination id).
    mutating func nominee(
        eastKm: Double? = 10, phase: Phase = .secondary, trust: String? = nil, areas: [String] = ["mathematics"],
        capacity: Int = 2, modes: [Mode] = Mode.allCases
    ) -> (urn: Int, nomination: Int64) {
        let urn = addSchool(phase: phase, eastKm: eastKm, trust: trust)
        return (urn, nominate(at: urn, areas: areas, capacity: capacity, modes: modes))
    }

    /// Makes (and applies) a link from `requester` to a nomination straight from a match.
    @discardableResult
    mutating func link(
        from requester: Int = LinkWorld.requester, to nomination: Int64, area: String = "mathematics"
    ) throws(PeerlinkError) -> Link {
        let (change, link) = try directory.prepareDirectLink(
            LinkRequestDraft(urn: requester, area: area), nominationID: nomination, by: .localAdmin, ids: &ids,
            now: LinkWorld.now)
        apply(change)
        return link
    }

    mutating func close(_ link: Link, outcome: String = "done") throws(PeerlinkError) {
        apply(try directory.prepareLinkClose(id: link.id, outcome: outcome, now: LinkWorld.now + 86_400))
    }

    func match(
        area: String = "mathematics", mode: LinkMode = .any, maxKm: Double? = nil, related: Bool = false,
        crossPhase: Bool = false, limit: Int = 10, weights: [String: Double] = [:], urn: Int = LinkWorld.requester
    ) throws(PeerlinkError) -> LinkMatch {
        try directory.matchLinks(
            LinkQuery(
                urn: urn, area: area, mode: mode, maxKm: maxKm, related: related, crossPhase: crossPhase,
                limit: limit, weights: weights))
    }

    /// Nomination ids of a match's hits, best first.
    func ranked(
        area: String = "mathematics", mode: LinkMode = .any, maxKm: Double? = nil, related: Bool = false,
        crossPhase: Bool = false, weights: [String: Double] = [:], urn: Int = LinkWorld.requester
    ) throws(PeerlinkError) -> [Int64] {
        try match(
            area: area, mode: mode, maxKm: maxKm, related: related, crossPhase: crossPhase, weights: weights, urn: urn
        ).hits.map(\.nomination.id)
    }
}

extension LinkWorld {
    /// Runs `body` and returns the `PeerlinkError` it throws, or nil when it does not throw.
    static func thrown<T>(_ body: () throws(PeerlinkError) -> T) -> PeerlinkError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}

struct LinkFixtureTests {
    @Test func worldPlacesSchoolsByKilometresEast() throws {
        var world = LinkWorld()
        let urn = world.addSchool(eastKm: 12)
        let a = try #require(world.directory.school(LinkWorld.requester))
        let b = try #require(world.directory.school(urn))
        #expect(a.distanceMetres(to: b) == 12_000)
    }
}
