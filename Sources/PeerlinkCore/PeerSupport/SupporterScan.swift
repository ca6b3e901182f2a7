/// What a supporter match reads about each supporter, one flat row per profile in profile id order, kept current
/// as records are put (issue 19): a match checks every supporter's hard rules and scores the rest with bound
/// checks and bit tests on these rows instead of looking the profile, person, school, inspection, school features
/// and engagements up in their tables for each of thousands of supporters.
///
/// Each row is worked out from the records alone (`Directory.supporterScanRow`), so it is current exactly when it
/// was worked out again after every put that could change it. Those puts call `Directory.refreshSupporters`:
/// a profile, its person, their school (`put(_: School)`), an inspection of that school or of its predecessor, a
/// succession to it, one of the profile's engagements, and the inspection policy. A start-up load works every row
/// out once at the end. `Directory.supporterScanIsCurrent` (tests) compares the rows with freshly made ones.
struct SupporterScan: Sendable {
    /// A supporter's facts, all plain values (no reference counting while scanning).
    struct Row: Sendable, Equatable {
        var profileID: Int64
        var personID: Int64 = 0
        /// The school their person record names; 0 without a person record.
        var urn: Int = 0
        var laCode: Int = 0
        var easting: Int = 0
        var northing: Int = 0
        var capacity: Int = 0
        /// Active engagements (each uses a place).
        var inUse: Int = 0
        /// `SupporterScan.dayKey` of the first day the rules that depend on the day hold (five years as a head,
        /// training completed by then); read only with `eligibleApartFromDay`.
        var eligibleFrom: Int32 = 0
        /// The link index's interned ids (`SchoolFeatures`): 0 for none.
        var trust: Int32 = 0
        var federation: Int32 = 0
        var context = ScanContext()
        /// Bit k is skill code k (`SupporterScan.skillNames`).
        var skills: (UInt64, UInt64) = (0, 0)
        var flags: UInt8 = 0

        static let active: UInt8 = 1
        /// Every eligibility rule that does not depend on the day holds.
        static let eligibleApartFromDay: UInt8 = 2
        static let hasGrid: UInt8 = 4
        /// The row could not be laid out (school features missing, a skill beyond the 128 codes, a date the day
        /// key cannot hold): a match with such a row takes the full evaluation.
        static let byFullEvaluation: UInt8 = 8

        static func == (a: Row, b: Row) -> Bool {
            a.profileID == b.profileID && a.personID == b.personID && a.urn == b.urn && a.laCode == b.laCode
                && a.easting == b.easting && a.northing == b.northing && a.capacity == b.capacity
                && a.inUse == b.inUse && a.eligibleFrom == b.eligibleFrom && a.trust == b.trust
                && a.federation == b.federation && a.context == b.context && a.skills.0 == b.skills.0
                && a.skills.1 == b.skills.1 && a.flags == b.flags
        }
    }

    /// Ascending profile id.
    private(set) var rows: [Row] = []
    private(set) var rowByProfile: [Int64: Int] = [:]
    /// School URN → profiles whose person names it.
    private(set) var profilesBySchool: [Int: [Int64]] = [:]
    /// Skill area id → its code (a bit in `Row.skills`), given as skills are first seen; never reused.
    private(set) var skillCodes: [String: Int] = [:]
    private(set) var skillNames: [String] = []
    /// Rows with `Row.byFullEvaluation`.
    private(set) var rowsByFullEvaluation = 0
    /// Set between `Directory.beginBulkLoad` and `finishBulkLoad`: rows are made once at the end.
    var deferred = false

    /// Codes a row can hold.
    static let maximumSkillCodes = 128

    /// The code of a skill, given now if it has none; nil once every code is taken.
    mutating func skillCode(_ area: String) -> Int? {
        if let c = skillCodes[area] { return c }
        guard skillNames.count < Self.maximumSkillCodes else { return nil }
        skillCodes[area] = skillNames.count
        skillNames.append(area)
        return skillNames.count - 1
    }

    /// Puts the row in place of the profile's earlier one (or in id order for a new profile).
    mutating func put(_ row: Row) {
        if let i = rowByProfile[row.profileID] {
            let old = rows[i]
            if old.urn != row.urn {
                profilesBySchool[old.urn]?.removeAll { $0 == row.profileID }
                profilesBySchool[row.urn, default: []].append(row.profileID)
            }
            rowsByFullEvaluation += Self.byFull(row) - Self.byFull(old)
            rows[i] = row
            return
        }
        profilesBySchool[row.urn, default: []].append(row.profileID)
        rowsByFullEvaluation += Self.byFull(row)
        // Profiles are made with ascending ids, so a new one is almost always last.
        var i = rows.count
        while i > 0 && rows[i - 1].profileID > row.profileID { i -= 1 }
        rows.insert(row, at: i)
        for k in i..<rows.count { rowByProfile[rows[k].profileID] = k }
    }

    /// Removes every row (a start-up load makes them all again).
    mutating func removeAll() {
        rows = []
        rowByProfile = [:]
        profilesBySchool = [:]
        rowsByFullEvaluation = 0
    }

    private static func byFull(_ row: Row) -> Int { row.flags & Row.byFullEvaluation != 0 ? 1 : 0 }

    /// yyyymmdd: ordered as days are, and five years later is 50,000 more. nil for a day outside the calendar's
    /// years or with a month or day out of range.
    static func dayKey(_ d: Day) -> Int32? {
        guard (1...9999).contains(d.year), (1...12).contains(d.month), (1...31).contains(d.day) else { return nil }
        return Int32(d.year * 10_000 + d.month * 100 + d.day)
    }
}

/// What context similarity compares, as plain values (`Directory.SchoolContext` without the folded names): the
/// link index's interned ids stand for the type group and religious character.
struct ScanContext: Sendable, Equatable, ContextFeatures {
    var phase = Phase.notApplicable
    var sizeBand: Int? = nil
    var isFederation = false
    var isRural = false
    var hasTypeGroup = false
    var typeGroup: Int32 = 0
    var religion: Int32 = 0

    func sameTypeGroup(_ other: ScanContext) -> Bool { hasTypeGroup && typeGroup == other.typeGroup }
    func sameReligion(_ other: ScanContext) -> Bool { religion == other.religion }

    /// As `Directory.SchoolContext(school, features)` compares.
    init(_ s: School, _ f: SchoolFeatures) {
        phase = s.phase
        sizeBand = Directory.sizeBand(s.pupils)
        isFederation = s.federation != nil
        isRural = f.locality == 2
        hasTypeGroup = !s.typeGroup.isEmpty
        typeGroup = f.typeGroup
        religion = f.religion
    }

    init() {}
}

extension Directory {
    /// The row a supporter match reads for `profile`, from the records as they are now.
    func supporterScanRow(_ profile: SupporterProfile, codes: inout SupporterScan) -> SupporterScan.Row {
        var row = SupporterScan.Row(profileID: profile.id)
        row.capacity = profile.capacity
        row.inUse = peerSupport.activeEngagementCount(profileID: profile.id)
        if profile.status == .active { row.flags |= SupporterScan.Row.active }
        for skill in profile.skills {
            guard let code = codes.skillCode(skill) else {
                row.flags |= SupporterScan.Row.byFullEvaluation
                continue
            }
            if code < 64 { row.skills.0 |= 1 << UInt64(code) } else { row.skills.1 |= 1 << UInt64(code - 64) }
        }
        guard let person = people[profile.personID] else { return row }
        row.personID = person.id
        row.urn = person.urn
        let school = schools[person.urn]
        if profile.eligibilityApartFromTheDay(person: person, school: school, register: register) {
            row.flags |= SupporterScan.Row.eligibleApartFromDay
            // Both dates are there, or a rule apart from the day would have failed.
            if let start = person.headshipStart, let trained = profile.trainingCompleted,
                let s = SupporterScan.dayKey(start), let t = SupporterScan.dayKey(trained)
            {
                row.eligibleFrom = max(s + Int32(SupporterProfile.minimumYearsAsHead) * 10_000, t)
            } else {
                row.flags |= SupporterScan.Row.byFullEvaluation
            }
        }
        guard let school else { return row }
        row.laCode = school.laCode
        if let e = school.easting, let n = school.northing {
            row.flags |= SupporterScan.Row.hasGrid
            row.easting = e
            row.northing = n
        }
        guard let f = links.knownFeatures(of: school.urn) else {
            row.flags |= SupporterScan.Row.byFullEvaluation
            return row
        }
        row.trust = f.trust
        row.federation = f.federation
        row.context = ScanContext(school, f)
        return row
    }

    /// Works the rows of these profiles out again (after a put that may change what a match reads about them).
    mutating func refreshSupporters(_ profileIDs: some Sequence<Int64>) {
        guard !supporterScan.deferred else { return }
        var scan = supporterScan
        supporterScan = SupporterScan()  // `scan` then holds the only reference: its puts copy nothing
        for id in profileIDs {
            guard let profile = peerSupport.profiles[id] else { continue }
            let row = supporterScanRow(profile, codes: &scan)
            scan.put(row)
        }
        supporterScan = scan
    }

    /// As `refreshSupporters`, for every supporter whose person names the school.
    mutating func refreshSupporters(atSchool urn: Int) {
        guard !supporterScan.deferred, let ids = supporterScan.profilesBySchool[urn], !ids.isEmpty else { return }
        refreshSupporters(ids)
    }

    /// Makes every row again (the end of a start-up load, a new inspection policy).
    mutating func refreshAllSupporters() {
        supporterScan.removeAll()
        refreshSupporters(peerSupport.profileIDs)
    }

    /// Whether every row is what `supporterScanRow` makes from the records now (tests).
    package var supporterScanIsCurrent: Bool {
        var fresh = supporterScan
        fresh.removeAll()
        for id in peerSupport.profileIDs {
            let row = supporterScanRow(peerSupport.profiles[id]!, codes: &fresh)
            fresh.put(row)
        }
        return fresh.rows == supporterScan.rows && fresh.rowByProfile == supporterScan.rowByProfile
            && fresh.profilesBySchool.mapValues { $0.sorted() }.filter { !$0.value.isEmpty }
                == supporterScan.profilesBySchool.mapValues { $0.sorted() }.filter { !$0.value.isEmpty }
            && fresh.rowsByFullEvaluation == supporterScan.rowsByFullEvaluation
    }
}

extension Directory {
    /// `fullyEvaluatedMatch` over the laid-out rows: each supporter's hard rules in the same order, as integer and
    /// bit tests on its row, and the score from the same sums; only the hits are looked up in the tables and
    /// explained, and the removed are written out only when listed. `day` is `SupporterScan.dayKey(query.day)`.
    func scanSupporters(
        _ scan: SupporterScan,
        _ query: SupporterMatchQuery,
        request: SupportRequest,
        head: Person,
        headSchool: School,
        headFeatures h: SchoolFeatures,
        day: Int32
    ) -> SupporterMatchResult {
        let concerns = ConcernMasks(request.concerns, scan: scan, in: self)
        let headContext = ScanContext(headSchool, h)
        let headTrust = headSchool.trust == nil ? 0 : h.trust
        let headFederation = headSchool.federation == nil ? 0 : h.federation
        let headGrid = headSchool.easting.flatMap { e in headSchool.northing.map { (e, $0) } }
        let inPerson = request.mode == .inPerson
        let declined = peerSupport.declines[request.id]
        var tally = ExclusionTally(listing: query.listExcluded)
        /// The rows removed, with the distance for the distance rule's reason, when listing.
        var removed: [(row: Int, rule: SupporterExclusionRule, distanceKm: Double?)] = []
        var best: [RankedSupporter] = []
        best.reserveCapacity(query.limit + 1)

        scan.rows.withUnsafeBufferPointer { rows in
            for i in rows.indices {
                let row = rows[i]
                let rule: SupporterExclusionRule
                var distanceKm: Double? = nil
                if row.flags & SupporterScan.Row.active == 0 {
                    rule = .notActive
                } else if row.flags & SupporterScan.Row.eligibleApartFromDay == 0 || row.eligibleFrom > day {
                    rule = .notEligible
                } else if row.inUse >= row.capacity {
                    rule = .noCapacity
                } else if row.personID == head.id {
                    rule = .samePerson
                } else if row.urn == headSchool.urn {
                    rule = .sameSchool
                } else if headTrust != 0 && row.trust == headTrust {
                    rule = .sameTrust
                } else if headFederation != 0 && row.federation == headFederation {
                    rule = .sameFederation
                } else if query.strictLA && row.laCode == headSchool.laCode {
                    rule = .sameLA
                } else if let declined, declined.contains(row.profileID) {
                    rule = .declined
                } else {
                    if let (e, n) = headGrid, row.flags & SupporterScan.Row.hasGrid != 0 {
                        let de = Double(e - row.easting), dn = Double(n - row.northing)
                        distanceKm = (de * de + dn * dn).squareRoot() / 1000
                    }
                    if let r = Self.distanceRule(distanceKm, request: request, query: query) {
                        rule = r
                    } else {
                        let (exact, related) = concerns.covered(row.skills)
                        let coverage = Self.coverageScore(exact: exact, related: related, concerns: concerns.count)
                        let candidate = RankedSupporter(
                            score: Self.supporterScore(
                                coverage: coverage,
                                contextPoints: Self.contextPoints(headContext, row.context),
                                distanceKm: distanceKm,
                                capacity: row.capacity,
                                inUse: row.inUse,
                                inPerson: inPerson,
                                query: query
                            ),
                            coverage: coverage,
                            profileID: row.profileID,
                            distanceKm: distanceKm
                        )
                        Self.keep(candidate, among: &best, limit: query.limit)
                        continue
                    }
                }
                tally.perRule[rule.index] += 1
                if tally.listing { removed.append((i, rule, distanceKm)) }
            }
        }

        if tally.listing {
            let rules = SupporterRules(book: peerSupport, register: register, declined: declined)
            tally.list = removed.map { r in
                let profile = peerSupport.profiles[scan.rows[r.row].profileID]!
                if r.rule == .distance || r.rule == .noGridReference {
                    return SupporterExclusion(
                        profileID: profile.id,
                        reason: Self.distanceReason(r.rule, distanceKm: r.distanceKm, query: query)
                    )
                }
                let person = people[profile.personID]
                let reason = rules.refusal(
                    profile,
                    person: person,
                    school: person.flatMap { schools[$0.urn] },
                    request: request,
                    head: head,
                    headSchool: headSchool,
                    strictLA: query.strictLA,
                    day: query.day
                )?.reason
                return SupporterExclusion(profileID: profile.id, reason: reason ?? r.rule.rawValue)
            }
        }
        return SupporterMatchResult(
            requestID: request.id,
            hits: explainedHits(best, request: request, headSchool: headSchool, query: query),
            excluded: tally.list,
            excludedCounts: tally.counts
        )
    }

    /// Puts `candidate` among the best `limit` so far (best first), if it ranks there.
    @inline(__always)
    static func keep(_ candidate: RankedSupporter, among best: inout [RankedSupporter], limit: Int) {
        if best.count == limit {
            guard RankedSupporter.ranksAbove(candidate, best[limit - 1]) else { return }
            best.removeLast()
        }
        var i = best.count
        while i > 0 && RankedSupporter.ranksAbove(candidate, best[i - 1]) { i -= 1 }
        best.insert(candidate, at: i)
    }

    /// A request's concerns as bit masks over the skill codes: for each concern, the code of the skill equal to
    /// it and the codes of skills related to it (`areasRelated`), so a row's coverage is two ANDs per concern.
    struct ConcernMasks {
        struct Masks {
            var exact: (UInt64, UInt64) = (0, 0)
            var related: (UInt64, UInt64) = (0, 0)
        }
        var masks: [Masks] = []
        var count: Int { masks.count }

        init(_ concerns: [String], scan: SupporterScan, in d: Directory) {
            let skillAreas = scan.skillNames.map { d.areas[$0] }
            for concern in concerns {
                var m = Masks()
                if let code = scan.skillCodes[concern] { Self.set(code, in: &m.exact) }
                if let c = d.areas[concern] {
                    for (code, area) in skillAreas.enumerated() {
                        if let area, Directory.areasRelated(area, c) { Self.set(code, in: &m.related) }
                    }
                }
                masks.append(m)
            }
        }

        private static func set(_ code: Int, in bits: inout (UInt64, UInt64)) {
            if code < 64 { bits.0 |= 1 << UInt64(code) } else { bits.1 |= 1 << UInt64(code - 64) }
        }

        /// How many concerns the skills cover exactly, and how many more only by a related skill.
        @inline(__always)
        func covered(_ skills: (UInt64, UInt64)) -> (exact: Int, related: Int) {
            var exact = 0, related = 0
            for m in masks {
                if m.exact.0 & skills.0 != 0 || m.exact.1 & skills.1 != 0 {
                    exact += 1
                } else if m.related.0 & skills.0 != 0 || m.related.1 & skills.1 != 0 {
                    related += 1
                }
            }
            return (exact, related)
        }
    }
}
