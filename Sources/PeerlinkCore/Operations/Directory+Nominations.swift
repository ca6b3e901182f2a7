/// A nomination as submitted: who, where, for what. Area references may be ids, names or aliases.
public struct NominationDraft: Sendable {
    public var urn: Int
    public var nomineeName: String
    public var nomineeEmail: String
    public var nomineeRole: String
    /// (area reference, strength statement) pairs.
    public var areas: [(area: String, strength: String)]
    public var capacity: Int?
    public var modes: [Mode]
    public var consent: Bool
    public var nominatedBy: Int64?
    /// (area reference, strength statement) given apart from `areas` (the CLI's `--strength AREA=TEXT`): each must
    /// name one of `areas`, or the nomination is refused naming it.
    public var strengths: [(area: String, strength: String)]

    public init(
        urn: Int, nomineeName: String, nomineeEmail: String, nomineeRole: String,
        areas: [(area: String, strength: String)], capacity: Int? = nil, modes: [Mode] = [], consent: Bool,
        nominatedBy: Int64? = nil, strengths: [(area: String, strength: String)] = []
    ) {
        self.strengths = strengths
        self.urn = urn
        self.nomineeName = nomineeName
        self.nomineeEmail = nomineeEmail
        self.nomineeRole = nomineeRole
        self.areas = areas
        self.capacity = capacity
        self.modes = modes
        self.consent = consent
        self.nominatedBy = nominatedBy
    }
}

/// Fields to change on an existing nomination; nil (or empty `strengths`) leaves a field as it is.
public struct NominationPatch: Sendable {
    public var areas: [(area: String, strength: String)]?
    public var capacity: Int?
    public var modes: [Mode]?
    public var consent: Bool?
    public var status: NominationStatus?
    /// The nominee's name, role and work email (on their person record, shared by their nominations).
    public var nomineeName: String?
    public var nomineeRole: String?
    public var nomineeEmail: String?
    /// New strength statements for areas the nomination names (after `areas`, when given).
    public var strengths: [(area: String, strength: String)]

    public init(
        areas: [(area: String, strength: String)]? = nil, capacity: Int? = nil, modes: [Mode]? = nil,
        consent: Bool? = nil, status: NominationStatus? = nil, nomineeName: String? = nil, nomineeRole: String? = nil,
        nomineeEmail: String? = nil, strengths: [(area: String, strength: String)] = []
    ) {
        self.nomineeName = nomineeName
        self.nomineeRole = nomineeRole
        self.nomineeEmail = nomineeEmail
        self.strengths = strengths
        self.areas = areas
        self.capacity = capacity
        self.modes = modes
        self.consent = consent
        self.status = status
    }
}

extension Directory {
    /// Validates a new nomination against the directory. The nominee is found by work email or created;
    /// a nominee who already has a live nomination at the same school gets that one replaced instead, so a
    /// resubmitted form never makes a duplicate. Returns the change and the nomination's id.
    ///
    /// `caller` must be allowed every record the nomination touches (`Authority`): the school, the nominating
    /// head, and a nominee found by email. For an admin (the socket, an import) a nominee found by email takes
    /// the school, name and role given; a head's token may only nominate its own school's staff as recorded,
    /// and records that head as the nominating head. The nominee's email must be a work address (`emailPolicy`).
    public func prepareNomination(
        _ draft: NominationDraft, by caller: Caller = .localAdmin, emailPolicy: EmailPolicy = .standard,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, nominationID: Int64) {
        try authorize(.schoolNominations(urn: draft.urn), by: caller)
        var draft = draft
        if caller.role != .admin {
            if let by = draft.nominatedBy { try authorize(.recordNominatingHead(personID: by), by: caller) }
            draft.nominatedBy = caller.personID
        }
        let school = try requireSchool(draft.urn)
        guard school.status == .open else {
            throw .conflict("\(school.name) (URN \(school.urn)) is closed; nominate staff at an open school", field: "urn")
        }
        let name = Text.tidy(draft.nomineeName)
        guard !name.isEmpty else { throw .badRequest("the nominee needs a name", field: "name") }
        guard name.count <= Directory.maximumNameLength else {
            throw .badRequest("the nominee's name is over \(Directory.maximumNameLength) characters", field: "name")
        }
        let email = draft.nomineeEmail.trimmingSpaces().lowercased()
        guard Text.isPlausibleEmail(email) else {
            throw .badRequest("'\(draft.nomineeEmail)' is not a work email address (name@school.org.uk)", field: "email")
        }
        try emailPolicy.check(email, field: "email")
        let role = Text.tidy(draft.nomineeRole)
        guard !role.isEmpty else {
            throw .badRequest("give the nominee's role, e.g. 'Head of Computing'", field: "role")
        }
        guard role.count <= Directory.maximumNameLength else {
            throw .badRequest("the nominee's role is over \(Directory.maximumNameLength) characters", field: "role")
        }
        var areas = try resolveNominatedAreas(draft.areas)
        try applyStrengths(draft.strengths, to: &areas)
        let capacity = try Directory.validCapacity(draft.capacity ?? Nomination.defaultCapacity)
        let modes = draft.modes.isEmpty ? Mode.allCases : Directory.uniqueModes(draft.modes)
        if let by = draft.nominatedBy, people[by] == nil {
            throw .notFound("no person with id \(by) to record as the nominating head", field: "nominated_by")
        }

        var nominee: Person
        if let existing = self.person(email: email) {
            try authorize(.reuseNominee(personID: existing.id, urn: school.urn, name: name, role: role), by: caller)
            nominee = existing
            nominee.name = name
            nominee.role = role
            nominee.urn = school.urn
        } else {
            nominee = Person(id: ids.next("person", in: self), name: name, email: email, urn: school.urn, role: role)
        }
        let previous = nominations(atSchool: school.urn).first { $0.personID == nominee.id && $0.status != .withdrawn }
        let nomination = Nomination(
            id: previous?.id ?? ids.next("nomination", in: self), personID: nominee.id, urn: school.urn,
            areas: areas, nominatedBy: draft.nominatedBy ?? previous?.nominatedBy, consent: draft.consent,
            capacity: capacity, modes: modes, status: previous?.status ?? .active,
            createdAt: previous?.createdAt ?? now, updatedAt: now)
        return (Change([nominee, nomination], reads: [ConflictKey("email", email)]), nomination.id)
    }

    /// Applies a patch to an existing nomination, validating each given field: the nominee's name, role and email
    /// (a work address, `emailPolicy`, no one else's) change on their person record; a strength must name one of
    /// the nomination's areas.
    public func prepareNominationUpdate(
        id: Int64, _ patch: NominationPatch, emailPolicy: EmailPolicy = .standard, now: Int64
    ) throws(PeerlinkError) -> Change {
        let earlier = try requireNomination(id)
        var n = earlier
        // An erased person's nomination stays withdrawn and without statements (looked up only then: hot path).
        if patch.areas != nil || (patch.status != nil && patch.status != .withdrawn), people[n.personID]?.erased == true {
            throw .conflict("nomination \(id) is of an erased person and cannot be changed", field: "id")
        }
        if let areas = patch.areas { n.areas = try resolveNominatedAreas(areas) }
        try applyStrengths(patch.strengths, to: &n.areas)
        var nominee: Person? = nil
        if patch.nomineeName != nil || patch.nomineeRole != nil || patch.nomineeEmail != nil {
            var p = try requirePerson(n.personID, field: "id")
            if let name = patch.nomineeName {
                p.name = Text.tidy(name)
                guard !p.name.isEmpty else { throw .badRequest("the nominee needs a name", field: "name") }
            }
            if let role = patch.nomineeRole {
                p.role = Text.tidy(role)
                guard !p.role.isEmpty else {
                    throw .badRequest("give the nominee's role, e.g. 'Head of Computing'", field: "role")
                }
            }
            if let given = patch.nomineeEmail {
                let email = given.trimmingSpaces().lowercased()
                guard Text.isPlausibleEmail(email) else {
                    throw .badRequest("'\(given)' is not a work email address (name@school.org.uk)", field: "email")
                }
                try emailPolicy.check(email, field: "email")
                if let other = person(email: email), other.id != p.id {
                    throw .conflict(
                        "\(email) is already the work email of person \(other.id) (\(other.name))", field: "email")
                }
                p.email = email
            }
            nominee = p
        }
        if let c = patch.capacity { n.capacity = try Directory.validCapacity(c) }
        if let m = patch.modes {
            guard !m.isEmpty else { throw .badRequest("give at least one mode: in-person or online", field: "modes") }
            n.modes = Directory.uniqueModes(m)
        }
        if let c = patch.consent { n.consent = c }
        if let s = patch.status {
            if n.status == .withdrawn && s != .withdrawn {
                throw .conflict("nomination \(id) was withdrawn; nominate the person again instead", field: "status")
            }
            n.status = s
        }
        n.updatedAt = now
        if let nominee {
            return Change([nominee, n], reads: [ConflictKey("email", nominee.email)])
        }
        return Change(updating: n, from: earlier)
    }

    /// Withdraws a nomination; withdrawing twice is a conflict so scripts notice a stale id.
    public func prepareNominationWithdraw(id: Int64, now: Int64) throws(PeerlinkError) -> Change {
        let earlier = try requireNomination(id)
        guard earlier.status != .withdrawn else {
            throw .conflict("nomination \(id) is already withdrawn", field: "id")
        }
        var n = earlier
        n.status = .withdrawn
        n.updatedAt = now
        return Change(updating: n, from: earlier)
    }

    public func requireNomination(_ id: Int64, field: String = "id") throws(PeerlinkError) -> Nomination {
        guard let n = nominations[id] else {
            throw .notFound("no nomination with id \(id); `peerlink staff list --urn N` shows a school's", field: field)
        }
        return n
    }

    private func resolveNominatedAreas(_ given: [(area: String, strength: String)]) throws(PeerlinkError)
        -> [NominatedArea]
    {
        guard !given.isEmpty else {
            throw .badRequest("name at least one area (a subject, theme or standard id)", field: "areas")
        }
        var out: [NominatedArea] = []
        for (i, entry) in given.enumerated() {
            let area = try resolveArea(entry.area, field: "areas[\(i)]")
            let strength = Text.tidy(entry.strength)
            guard strength.count <= 1000 else {
                throw .badRequest("the strength statement for \(area.id) is over 1000 characters", field: "areas[\(i)]")
            }
            if let j = out.firstIndex(where: { $0.areaID == area.id }) {
                if out[j].strength.isEmpty { out[j].strength = strength }
            } else {
                out.append(NominatedArea(areaID: area.id, strength: strength))
            }
        }
        return out
    }

    /// Sets the strength statements given apart from the areas; each must name one of `areas` (after aliases),
    /// or the whole nomination is refused naming it, so a statement is never dropped without a word.
    private func applyStrengths(_ given: [(area: String, strength: String)], to areas: inout [NominatedArea])
        throws(PeerlinkError)
    {
        for (i, entry) in given.enumerated() {
            let area = try resolveArea(entry.area, field: "strengths[\(i)]")
            guard let j = areas.firstIndex(where: { $0.areaID == area.id }) else {
                throw .badRequest(
                    "a strength is given for '\(entry.area)' (\(area.name)), which is not among the nominated areas ("
                        + areas.map(\.areaID).joined(separator: ", ") + "); add \(area.id) to the areas or correct "
                        + "the strength's area", field: "strengths[\(i)]")
            }
            let strength = Text.tidy(entry.strength)
            guard strength.count <= 1000 else {
                throw .badRequest("the strength statement for \(area.id) is over 1000 characters", field: "strengths[\(i)]")
            }
            areas[j].strength = strength
        }
    }

    private static func validCapacity(_ c: Int) throws(PeerlinkError) -> Int {
        guard (1...Nomination.maximumCapacity).contains(c) else {
            throw .badRequest("capacity must be between 1 and \(Nomination.maximumCapacity) concurrent links, got \(c)", field: "capacity")
        }
        return c
    }

    private static func uniqueModes(_ modes: [Mode]) -> [Mode] {
        Mode.allCases.filter { modes.contains($0) }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
