/// A single-use, expiring invitation to sign in to the web front end as one person in one role.
///
/// Only the SHA-256 of the code is kept (as for tokens). Redeeming it creates an access token for the
/// person and role, bound to the invitation, and the invitation can never be used again.
public struct Invitation: Sendable, Equatable {
    /// Days an invitation stays valid unless the admin says otherwise.
    public static let defaultValidDays = 7
    /// Longest an admin may make an invitation last.
    public static let maxValidDays = 30
    /// Seconds a web sign-in token lasts once the invitation is redeemed.
    public static let sessionTokenSeconds: Int64 = 30 * 86_400

    public var id: Int64
    public var personID: Int64
    public var role: Role
    /// Lowercase hex SHA-256 of the code.
    public var codeHash: String
    public var createdAt: Int64
    public var expiresAt: Int64
    /// Set once the code has been used; the token it created is `tokenID`.
    public var redeemedAt: Int64?
    public var tokenID: Int64?
    public var revokedAt: Int64?

    public init(
        id: Int64, personID: Int64, role: Role, codeHash: String, createdAt: Int64, expiresAt: Int64,
        redeemedAt: Int64? = nil, tokenID: Int64? = nil, revokedAt: Int64? = nil
    ) {
        self.id = id
        self.personID = personID
        self.role = role
        self.codeHash = codeHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.redeemedAt = redeemedAt
        self.tokenID = tokenID
        self.revokedAt = revokedAt
    }

    /// pending | redeemed | expired | revoked, as lists show it.
    public func status(at now: Int64) -> String {
        if redeemedAt != nil { return "redeemed" }
        if revokedAt != nil { return "revoked" }
        if expiresAt <= now { return "expired" }
        return "pending"
    }
}

extension Invitation: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("invitation", id) }
    public func apply(to directory: inout Directory) {
        directory.web.put(self)
        directory.noteID("invitation", id)
    }
}

/// The web front end's records: invitations, and the outbox messages not yet sent.
public struct WebBook: Sendable {
    public private(set) var invitations: [Int64: Invitation] = [:]
    public private(set) var invitationByHash: [String: Int64] = [:]
    /// Messages still to send (pending); sent and abandoned ones stay only in the database.
    public private(set) var outbox: [Int64: OutboxMessage] = [:]

    public init() {}

    mutating func put(_ i: Invitation) {
        invitations[i.id] = i
        invitationByHash[i.codeHash] = i.id
    }

    mutating func put(_ m: OutboxMessage) {
        if m.status == .pending { outbox[m.id] = m } else { outbox[m.id] = nil }
    }

    public func invitation(codeHash: String) -> Invitation? { invitationByHash[codeHash].flatMap { invitations[$0] } }

    /// Pending messages whose next attempt is due at `now`, oldest first.
    public func outboxDue(at now: Int64, limit: Int) -> [OutboxMessage] {
        Array(outbox.values.filter { $0.nextAttemptAt <= now }.sorted { $0.id < $1.id }.prefix(limit))
    }

    var counts: [String: Int] {
        ["invitations": invitations.count, "outbox_pending": outbox.count]
    }
}

extension Directory {
    /// Validates a new invitation for `personID` (or the person with `email`) to sign in as `role`.
    /// The caller generates the code and passes it and its hash; the invitation email (with the code in its
    /// link) joins the outbox in the same change, so an invitation is never recorded without its email.
    public func prepareInvitation(
        personID: Int64?, email: String, role: Role, validDays: Int?, code: String, codeHash: String,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, invitation: Invitation) {
        let person: Person
        if let personID {
            guard email.isEmpty else { throw .badRequest("give a person id or an email, not both", field: "email") }
            guard let p = people[personID], !p.erased else {
                throw .notFound("no person with id \(personID) to invite", field: "person_id")
            }
            person = p
        } else {
            let e = Text.tidy(email).lowercased()
            guard !e.isEmpty else { throw .badRequest("give the person to invite: a person id or an email", field: "person_id") }
            guard let p = self.person(email: e), !p.erased else {
                throw .notFound(
                    "no person has the email \(e); add them first (a nomination or `peerlink person add`)", field: "email")
            }
            person = p
        }
        guard !person.email.isEmpty else {
            throw .badRequest("person \(person.id) has no email to send the invitation to; set one first", field: "person_id")
        }
        guard role != .web else {
            throw .badRequest("the web role is for the peerlink-web service (`peerlink token create --role web`), not a person", field: "role")
        }
        let days = validDays ?? Invitation.defaultValidDays
        guard (1...Invitation.maxValidDays).contains(days) else {
            throw .badRequest("an invitation lasts 1 to \(Invitation.maxValidDays) days, not \(days)", field: "valid_days")
        }
        guard web.invitation(codeHash: codeHash) == nil else {
            throw .conflict("invitation code collision; try again", field: "code")
        }
        let invitation = Invitation(
            id: ids.next("invitation", in: self), personID: person.id, role: role, codeHash: codeHash, createdAt: now,
            expiresAt: now + Int64(days) * 86_400)
        let mail = OutboxMessage(
            id: ids.next("outbox", in: self), kind: .invitation, to: person.email,
            subject: "Your invitation to sign in to peerlink",
            body: """
                Hello \(person.name),

                You have been invited to sign in to peerlink as \(Self.roleDescription(role)).

                Open this link and press the "Sign in" button on the page:

                \(OutboxMessage.webURLPlaceholder)/invite/\(code)

                The link works once and expires in \(days) day\(days == 1 ? "" : "s"). If you did not expect it, you can ignore this email.
                """,
            createdAt: now)
        return (Change([invitation, mail]), invitation)
    }

    /// Redeems an invitation code: marks the invitation used and creates the person's token (whose secret's
    /// hash the caller passes). Every refusal is worded for the person holding the link.
    public func prepareRedeem(
        codeHash: String, tokenSecretHash: String, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, token: AccessToken, invitation: Invitation) {
        guard var inv = web.invitation(codeHash: codeHash) else {
            throw .notFound("this sign-in link is not valid: check you copied all of it, or ask for a new invitation", field: "code")
        }
        if inv.redeemedAt != nil {
            throw .conflict("this sign-in link has already been used; ask for a new invitation", field: "code")
        }
        if inv.revokedAt != nil {
            throw .conflict("this invitation was withdrawn; ask for a new one", field: "code")
        }
        if inv.expiresAt <= now {
            throw .conflict("this sign-in link has expired; ask for a new invitation", field: "code")
        }
        guard let person = people[inv.personID], !person.erased else {
            throw .notFound("this sign-in link is not valid any more; ask for a new invitation", field: "code")
        }
        guard token(secretHash: tokenSecretHash) == nil else {
            throw .conflict("token secret collision; try again", field: "code")
        }
        let token = AccessToken(
            id: ids.next("token", in: self), role: inv.role, personID: person.id, secretHash: tokenSecretHash,
            label: "web sign-in (invitation \(inv.id))", createdAt: now,
            expiresAt: min(now + Invitation.sessionTokenSeconds, Int64.max))
        inv.redeemedAt = now
        inv.tokenID = token.id
        return (Change([token, inv]), token, inv)  // the token first: the invitation refers to it
    }

    /// Revokes the token an invitation's redemption created (signing out of the web front end). Any other
    /// token is refused, so the web service can end only the sessions it started.
    public func prepareSignOut(tokenID: Int64, now: Int64) throws(PeerlinkError) -> Change {
        guard web.invitations.values.contains(where: { $0.tokenID == tokenID }), var t = tokens[tokenID] else {
            throw .notFound("token \(tokenID) is not a web sign-in", field: "token_id")
        }
        guard t.revokedAt == nil else { throw .conflict("token \(tokenID) is already revoked", field: "token_id") }
        t.revokedAt = now
        return Change([t])
    }

    /// Withdraws an invitation that has not been used.
    public func prepareInvitationRevoke(id: Int64, now: Int64) throws(PeerlinkError) -> Change {
        guard var inv = web.invitations[id] else {
            throw .notFound("no invitation with id \(id); `peerlink invite list` shows them", field: "id")
        }
        guard inv.redeemedAt == nil, inv.revokedAt == nil else {
            throw .conflict("invitation \(id) is already \(inv.status(at: now)); revoke the person's token instead", field: "id")
        }
        inv.revokedAt = now
        return Change([inv])
    }

    static func roleDescription(_ role: Role) -> String {
        switch role {
        case .admin: "an administrator"
        case .adviser: "an adviser"
        case .head: "a head"
        case .supporter: "a peer supporter"
        case .web: "the web service"
        }
    }
}
