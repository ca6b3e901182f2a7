/// A person as entered by an admin (`peerlink person add`): usually a head, with headship details.
public struct PersonDraft: Sendable {
    public var name: String
    public var email: String
    public var urn: Int
    public var role: String
    public var headshipStart: Day?
    public var npqh: NPQHStatus?
    public var withdrawnFromEarlierOffer: Bool

    public init(
        name: String, email: String, urn: Int, role: String = "Headteacher", headshipStart: Day? = nil,
        npqh: NPQHStatus? = nil, withdrawnFromEarlierOffer: Bool = false
    ) {
        self.name = name
        self.email = email
        self.urn = urn
        self.role = role
        self.headshipStart = headshipStart
        self.npqh = npqh
        self.withdrawnFromEarlierOffer = withdrawnFromEarlierOffer
    }
}

/// Fields to change on a person; nil leaves a field as it is.
public struct PersonPatch: Sendable {
    public var name: String?
    public var email: String?
    public var urn: Int?
    public var role: String?
    public var headshipStart: Day?
    public var npqh: NPQHStatus?
    public var withdrawnFromEarlierOffer: Bool?

    public init(
        name: String? = nil, email: String? = nil, urn: Int? = nil, role: String? = nil, headshipStart: Day? = nil,
        npqh: NPQHStatus? = nil, withdrawnFromEarlierOffer: Bool? = nil
    ) {
        self.name = name
        self.email = email
        self.urn = urn
        self.role = role
        self.headshipStart = headshipStart
        self.npqh = npqh
        self.withdrawnFromEarlierOffer = withdrawnFromEarlierOffer
    }
}

extension Directory {
    /// Validates a new person: a name, a work email no one else uses, an existing school, a plausible
    /// headship start. The email must be a work address (`emailPolicy`). Returns the change and the new person.
    public func preparePerson(_ draft: PersonDraft, emailPolicy: EmailPolicy = .standard, ids: inout IDAllocator)
        throws(PeerlinkError) -> (change: Change, person: Person)
    {
        let email = try validPersonEmail(draft.email, exceptPerson: nil, policy: emailPolicy)
        var person = Person(
            id: 0, name: "", email: email, urn: draft.urn, role: "", headshipStart: draft.headshipStart,
            npqh: draft.npqh, withdrawnFromEarlierOffer: draft.withdrawnFromEarlierOffer)
        person.name = try Directory.validPersonName(draft.name)
        person.role = try Directory.validPersonRole(draft.role)
        _ = try requireSchool(draft.urn)
        if let start = draft.headshipStart { try Directory.validHeadshipStart(start) }
        person.id = ids.next("person", in: self)
        return (Change([person], reads: [ConflictKey("email", email)]), person)
    }

    /// Applies a patch to a person, validating each given field the way `preparePerson` does.
    public func preparePersonUpdate(id: Int64, _ patch: PersonPatch, emailPolicy: EmailPolicy = .standard)
        throws(PeerlinkError) -> Change
    {
        var p = try requirePerson(id)
        guard !p.erased else { throw .conflict("person \(id) was erased and cannot be changed", field: "id") }
        var reads: [ConflictKey] = []
        if let name = patch.name { p.name = try Directory.validPersonName(name) }
        if let email = patch.email {
            p.email = try validPersonEmail(email, exceptPerson: id, policy: emailPolicy)
            reads.append(ConflictKey("email", p.email))
        }
        if let urn = patch.urn {
            _ = try requireSchool(urn)
            p.urn = urn
        }
        if let role = patch.role { p.role = try Directory.validPersonRole(role) }
        if let start = patch.headshipStart {
            try Directory.validHeadshipStart(start)
            p.headshipStart = start
        }
        if let npqh = patch.npqh { p.npqh = npqh }
        if let w = patch.withdrawnFromEarlierOffer { p.withdrawnFromEarlierOffer = w }
        return Change([p], reads: reads)
    }

    /// The person with `id` or a `notFound` naming `field`.
    public func requirePerson(_ id: Int64, field: String = "id") throws(PeerlinkError) -> Person {
        guard let p = people[id] else {
            throw .notFound(
                "no person with id \(id); `peerlink person add` prints the id, and supporter and staff listings show "
                    + "the people in them", field: field)
        }
        return p
    }

    private func validPersonEmail(_ text: String, exceptPerson id: Int64?, policy: EmailPolicy) throws(PeerlinkError)
        -> String
    {
        let email = text.trimmingSpaces().lowercased()
        guard Text.isPlausibleEmail(email) else {
            throw .badRequest("'\(text)' is not a work email address (name@school.org.uk)", field: "email")
        }
        try policy.check(email, field: "email")
        if let other = person(email: email), other.id != id {
            throw .conflict("\(email) is already the work email of person \(other.id) (\(other.name))", field: "email")
        }
        return email
    }

    private static func validPersonName(_ text: String) throws(PeerlinkError) -> String {
        let name = Text.tidy(text)
        guard !name.isEmpty else { throw .badRequest("a person needs a name", field: "name") }
        guard name.count <= 200 else { throw .badRequest("name is over 200 characters", field: "name") }
        return name
    }

    private static func validPersonRole(_ text: String) throws(PeerlinkError) -> String {
        let role = Text.tidy(text)
        guard !role.isEmpty else { throw .badRequest("give the person's role, e.g. 'Headteacher'", field: "role") }
        guard role.count <= 200 else { throw .badRequest("role is over 200 characters", field: "role") }
        return role
    }

    private static func validHeadshipStart(_ day: Day) throws(PeerlinkError) {
        guard day.year >= 1950 else {
            throw .badRequest("headship start \(day) is before 1950; check the date", field: "headship_start")
        }
    }
}
