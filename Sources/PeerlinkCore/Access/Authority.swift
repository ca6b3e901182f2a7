/// Who is calling: the role the token carries and, for heads and supporters, the person it acts for (nil on
/// the local admin socket).
public struct Caller: Sendable, Equatable {
    public var personID: Int64?
    public var role: Role

    public init(personID: Int64? = nil, role: Role) {
        self.personID = personID
        self.role = role
    }

    /// The daemon's own user on the local socket.
    public static let localAdmin = Caller(role: .admin)
}

/// Something a caller wants to do to records that belong to someone: the cases of "who may act for whom".
/// Handlers and the core's prepare functions name one `Act` per record they touch and ask
/// `Directory.authorize(_:by:)`; nothing else decides it.
public enum Act: Sendable, Equatable {
    /// Nominate staff at a school, or list, change or withdraw its nominations.
    case schoolNominations(urn: Int)
    /// Ask for help for a school (a link request), cancel its requests, list its requests and links.
    case schoolLinks(urn: Int)
    /// Record `personID` as the head who made a nomination.
    case recordNominatingHead(personID: Int64)
    /// Use an existing person (found by their work email) as a nominee at `urn`, recorded with `name` and
    /// `role`: this moves, renames or re-roles them when those differ from their record.
    case reuseNominee(personID: Int64, urn: Int, name: String, role: String)
    /// Change a person's school, role, identity (name, email) or headship facts.
    case changePerson(id: Int64)
    /// Apply for, or withdraw from, an early-headship cohort as this head.
    case cohortPlace(headID: Int64)
    /// A peer-support record or operation (DESIGN §7: confidential).
    case peerSupport(PeerSupportResource, AccessKind)
    /// Daemon-wide figures about peer support (the counts and operation figures in `stats`).
    case peerSupportFigures
    /// Read a person's calendar: their peer-support meetings and cohort sessions (`person_calendar`).
    case personCalendar(personID: Int64)
}

/// How much of a person's record a caller may see (`person_get`, and any reply that shows a person).
public enum PersonVisibility: Sendable, Equatable {
    /// Every field: admins, and the person themselves.
    case full
    /// Name, role and school only: an adviser looking at a nominee (the links work needs no more).
    case nominee
    /// Nothing, not even whether the person exists.
    case none
}

/// How much of an early-headship cohort a caller may see (`cohort_list`, `cohort_get`, `cohort_sessions`).
public enum CohortVisibility: Sendable, Equatable {
    /// Every cohort, applicant, facilitator and group, each person's full record: admins.
    case full
    /// Every cohort, applicant, facilitator and group, people as name, role and school only: advisers.
    case namesOnly
    /// A head (`personID`): the cohorts open to apply to (not yet ended) and those they hold a place in; their
    /// own application; their own active group (members as name and school, its facilitator) and its sessions.
    /// A cohort's own facts (name, dates, group sizes, cap) and its counts are not about anyone, so any cohort
    /// named shows them; no other person ever appears.
    case ownPlace(personID: Int64)
}

/// The rule set: who may act for whom (DESIGN §7). This is the one place that decides it.
///
/// - **admin** (the unix socket, or an admin token) may do everything.
/// - **adviser**: the directory, link matching and links for any school, cohorts to read; people only as
///   nominees (name, role, school); no peer-support record and no peer-support figure.
/// - **head** (bound to a person and so to a school): their own school's nominations, link requests and links;
///   nominees only among their own school's staff, as recorded (a head never moves, renames or re-roles a
///   person: that is `person_update`, for admins); themselves as the nominating head; their own needs, support
///   requests, engagements and feedback; their own cohort place; their own person record. Of early-headship
///   cohorts (`CohortVisibility.ownPlace`): the cohorts open to apply to and those they hold a place in, with
///   anonymous counts; of people only their own application and, once groups are formed, their own group's
///   members (name and school, as the group email names them), its facilitator and its sessions. Never another
///   applicant, the wait-list or another group.
/// - **supporter** (bound to a person): their own engagements and profile (read), feedback only when shared,
///   their own person record.
/// - **anyone bound to a person** (head, supporter, an adviser signed in on the web): their own calendar
///   (`person_calendar`: their meetings and sessions), no one else's.
/// - **web** (the web front end's own token): no one's records; only redeeming invitations, signing people out
///   and the outbox (its rows in the dispatch table). Everything a person sees goes with that person's token.
///
/// A refusal never names or describes a record the caller may not see: it says what the rule is.
extension Directory {
    /// Returns normally when `caller` may do `act`; throws `forbidden` (with the rule in words) or, for admins
    /// naming a record that does not exist, `notFound`.
    public func authorize(_ act: Act, by caller: Caller) throws(PeerlinkError) {
        if caller.role == .admin {
            if case .peerSupport(let resource, _) = act { try requireExists(resource) }
            if case .personCalendar(let id) = act { _ = try requirePerson(id, field: "person_id") }
            return
        }
        switch act {
        case .schoolNominations(let urn):
            guard caller.role == .head else {
                if caller.role == .adviser { return }  // advisers read nominations (the table keeps writes off)
                throw .forbidden("nominations are kept by heads for their own school and by admins")
            }
            guard let me = boundPerson(caller), me.urn == urn else {
                throw .forbidden("a head's token reaches only their own school's nominations (URN \(urn) is not yours)")
            }
        case .schoolLinks(let urn):
            guard caller.role == .head else {
                if caller.role == .adviser { return }
                throw .forbidden("links are for advisers, admins and the heads of the schools concerned")
            }
            guard let me = boundPerson(caller), me.urn == urn else {
                throw .forbidden("a head can ask for and see links only for their own school (URN \(urn) is not yours)")
            }
        case .recordNominatingHead(let personID):
            guard caller.role == .head, caller.personID == personID else {
                throw .forbidden(
                    "a head's nominations record that head as the nominating head; nominated_by may name only you",
                    field: "nominated_by")
            }
        case .reuseNominee(let personID, let urn, let name, let role):
            guard caller.role == .head, let me = boundPerson(caller), me.urn == urn, let p = people[personID],
                !p.erased, p.urn == urn
            else {
                throw .forbidden(
                    "that work email belongs to someone recorded at another school; a head nominates only their own "
                        + "school's staff, and a person's school changes only through an admin (`peerlink person "
                        + "update`)", field: "email")
            }
            guard p.name == name, p.role == role else {
                throw .forbidden(
                    "that work email is recorded at your school under another name or role; nominate them with the "
                        + "name and role on their record (`peerlink staff list`), or ask an admin to change a "
                        + "person's name or role (`peerlink person update`)", field: "email")
            }
        case .changePerson:
            throw .forbidden("a person's school, role, name, email and headship facts are changed by admins")
        case .cohortPlace(let headID):
            guard caller.role == .head, let me = caller.personID else {
                throw .forbidden("cohort places are applied for by heads for themselves, or by admins")
            }
            guard headID == 0 || headID == me else {
                throw .forbidden("a head may apply or withdraw only for themselves (person \(me))", field: "person_id")
            }
        case .peerSupport(let resource, let access):
            try authorizePeerSupport(resource, access, caller)
        case .peerSupportFigures:
            throw .forbidden("figures about peer support are confidential; they are for the authority's admins")
        case .personCalendar(let personID):
            // The same words whether the person exists or not: a refusal describes no one.
            guard caller.role != .web, let me = caller.personID, me == personID else {
                throw .forbidden(
                    "a calendar holds confidential meetings: a token reaches only its own person's calendar (an "
                        + "admin's reaches anyone's)", field: "person_id")
            }
        }
    }

    /// `authorize` as a yes or no.
    public func may(_ act: Act, by caller: Caller) -> Bool {
        (try? authorize(act, by: caller)) != nil
    }

    /// How much of person `id` the caller may see.
    public func visibility(ofPerson id: Int64, to caller: Caller) -> PersonVisibility {
        guard let p = people[id] else { return caller.role == .admin ? .full : .none }
        // Everyone bound to a person sees their own record (an adviser signing in to the web front end too).
        if caller.personID == id && caller.role != .web { return .full }
        switch caller.role {
        case .admin: return .full
        case .head, .supporter: return caller.personID == id ? .full : .none
        case .web: return .none  // the web front end's own token reads no one; people are read with their tokens
        case .adviser:
            // A nominee's name, role and school are what the links work shows; heads' and supporters' own
            // details (headship, NPQH, supporter status) are not.
            return !p.erased && !(nominationsBySchool[p.urn] ?? []).allSatisfy({ nominations[$0]?.personID != id })
                ? .nominee : .none
        }
    }

    // MARK: Early-headship cohorts

    /// How much of cohorts `caller` may see; throws `forbidden` for a caller who may read none (a head's token
    /// bound to no person, a supporter, the web front end's own token).
    public func cohortVisibility(to caller: Caller) throws(PeerlinkError) -> CohortVisibility {
        switch caller.role {
        case .admin: return .full
        case .adviser: return .namesOnly
        case .head:
            guard let me = caller.personID else {
                throw .forbidden("this head token is not bound to a person; ask an admin for a new one")
            }
            return .ownPlace(personID: me)
        case .supporter, .web:
            throw .forbidden("cohorts are read by the heads who apply, advisers and admins")
        }
    }

    /// The cohorts `visibility` lists on `today`, by start then id: every cohort for staff; for a head those
    /// that have not ended (open to apply: an application is taken until the cohort's end) and those where the
    /// head is accepted or wait-listed.
    public func cohortsListed(for visibility: CohortVisibility, today: Day) -> [Cohort] {
        cohorts.cohorts.values.filter { c in
            guard case .ownPlace(let me) = visibility else { return true }
            if today < c.end { return true }
            return cohorts.application(cohortID: c.id, personID: me).map { $0.status != .withdrawn } ?? false
        }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// The active group of `cohortID` that `personID` is a member of, or nil (not placed, or no groups yet).
    public func cohortGroup(of personID: Int64, cohortID: Int64) -> CohortGroup? {
        cohorts.activeGroups(cohortID: cohortID).first { $0.memberIDs.contains(personID) }
    }

    /// The person a head's or supporter's token acts for, when it names one that exists.
    private func boundPerson(_ caller: Caller) -> Person? {
        caller.personID.flatMap { people[$0] }
    }

    // MARK: Peer support

    private func authorizePeerSupport(_ resource: PeerSupportResource, _ access: AccessKind, _ caller: Caller)
        throws(PeerlinkError)
    {
        switch caller.role {
        case .admin:
            try requireExists(resource)
            return
        case .adviser, .web:
            throw .forbidden(
                "peer support is confidential: \(caller.role == .web ? "the web front end's own" : "an adviser's") "
                    + "token cannot reach needs assessments, support requests, engagements, feedback or supporter profiles")
        case .head, .supporter:
            break
        }
        guard let me = caller.personID else {
            throw .forbidden("this \(caller.role.rawValue) token is not bound to a person; ask an admin for a new one")
        }
        // Existence is checked after the rule for records a head or supporter names by id, so a refusal reads
        // the same whether another head's record exists or not.
        if caller.role == .head {
            try authorizeHead(resource, access, me)
        } else {
            try authorizeSupporter(resource, access, me)
        }
    }

    private func authorizeHead(_ resource: PeerSupportResource, _ access: AccessKind, _ me: Int64) throws(PeerlinkError)
    {
        switch resource {
        case .needs(let headID):
            guard headID == me else {
                throw .forbidden("a head's token reaches only their own needs assessment and targets")
            }
        case .newSupportRequest(let headID):
            guard headID == me else { throw .forbidden("a head can ask for support only for themselves") }
        case .supportRequest(let id):
            guard peerSupport.requests[id]?.headID == me else {
                throw .forbidden("support request \(id) is not one of yours; a head's token reaches only their own")
            }
        case .engagement(let id):
            guard peerSupport.engagements[id]?.headID == me else {
                throw .forbidden("engagement \(id) is not one of yours; a head's token reaches only their own")
            }
        case .feedback(let id):
            guard peerSupport.engagements[id]?.headID == me else {
                throw .forbidden("engagement \(id) is not one of yours; a head reaches only their own feedback")
            }
        case .supporterProfile:
            throw .forbidden(
                "supporter profiles reach heads only as the anonymous profiles the authority sends with a match")
        case .supporterAdministration:
            throw .forbidden("managing supporters and running supporter matches is for the authority's admins")
        case .qaReport:
            throw .forbidden("the quality report is for the authority's admins")
        }
    }

    private func authorizeSupporter(_ resource: PeerSupportResource, _ access: AccessKind, _ me: Int64)
        throws(PeerlinkError)
    {
        let mine = peerSupport.profile(ofPerson: me)
        func ownEngagement(_ id: Int64) -> Bool {
            guard let e = peerSupport.engagements[id], let mine else { return false }
            return e.profileID == mine.id
        }
        switch resource {
        case .engagement(let id):
            guard ownEngagement(id) else {
                throw .forbidden("engagement \(id) is not one of yours; a supporter's token reaches only their own")
            }
        case .feedback(let id):
            guard ownEngagement(id) else {
                throw .forbidden("engagement \(id) is not one of yours; a supporter's token reaches only their own")
            }
            guard access == .read else { throw .forbidden("feedback is given by the head who was supported") }
            guard peerSupport.feedback[id]?.shared == true else {
                throw .forbidden(
                    "no feedback on engagement \(id) has been shared with you; the head decides whether to share it")
            }
        case .supporterProfile(let id):
            guard mine?.id == id else {
                throw .forbidden("supporter profile \(id) is not yours; a supporter's token reaches only their own")
            }
            guard access == .read else { throw .forbidden("supporter profiles are kept by the authority's admins") }
        case .needs, .newSupportRequest, .supportRequest:
            throw .forbidden(
                "a head's needs and support requests are confidential to them; a supporter sees only their own "
                    + "engagements")
        case .supporterAdministration:
            throw .forbidden("managing supporters and running supporter matches is for the authority's admins")
        case .qaReport:
            throw .forbidden("the quality report is for the authority's admins")
        }
    }

    /// Throws `notFound` when the resource names a record that does not exist.
    private func requireExists(_ resource: PeerSupportResource) throws(PeerlinkError) {
        switch resource {
        case .needs(let id), .newSupportRequest(let id): _ = try requirePerson(id, field: "head")
        case .supportRequest(let id): _ = try requireSupportRequest(id)
        case .engagement(let id), .feedback(let id): _ = try requireEngagement(id)
        case .supporterProfile(let id): _ = try requireSupporter(id)
        case .supporterAdministration, .qaReport: break
        }
    }
}
