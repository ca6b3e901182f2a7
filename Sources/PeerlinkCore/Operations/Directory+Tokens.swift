extension Directory {
    /// Validates a new token. The caller generates the secret and passes only its hash.
    public func prepareToken(
        role: Role, personID: Int64?, label: String, expiresAt: Int64?, secretHash: String,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, token: AccessToken) {
        if let personID {
            guard let person = people[personID] else {
                throw .notFound("no person with id \(personID) to bind the token to", field: "person_id")
            }
            guard !person.erased else {
                throw .conflict("person \(personID) was erased; no token can act for them", field: "person_id")
            }
        } else if role == .head || role == .supporter {
            throw .badRequest("a \(role.rawValue) token must name the person it acts for (--person ID)", field: "person_id")
        }
        if let expiresAt, expiresAt <= now {
            throw .badRequest("the expiry is in the past; give a future date", field: "expires_at")
        }
        guard token(secretHash: secretHash) == nil else {
            throw .conflict("token secret collision; try again", field: "secret")
        }
        let token = AccessToken(
            id: ids.next("token", in: self), role: role, personID: personID, secretHash: secretHash,
            label: Text.tidy(label), createdAt: now, expiresAt: expiresAt)
        return (Change([token]), token)
    }

    public func prepareTokenRevoke(id: Int64, now: Int64) throws(PeerlinkError) -> Change {
        guard var t = tokens[id] else {
            throw .notFound("no token with id \(id); `peerlink token list` shows them", field: "id")
        }
        guard t.revokedAt == nil else { throw .conflict("token \(id) is already revoked", field: "id") }
        t.revokedAt = now
        return Change([t])
    }
}
