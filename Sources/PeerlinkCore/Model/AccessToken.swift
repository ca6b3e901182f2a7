/// What a connection may do. `admin` may do everything; the others are scoped (DESIGN §7).
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case admin
    case adviser
    case head
    case supporter
    /// The peerlink-web service itself: Hello, Ping, Stats, redeeming invitations and draining the outbox;
    /// nothing else (it acts for people only with their own tokens).
    case web

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A bearer token for TCP clients. Only the SHA-256 of the secret is kept; the secret is shown once.
public struct AccessToken: Sendable, Equatable, Codable {
    public var id: Int64
    public var role: Role
    /// The person a `head` or `supporter` token acts as.
    public var personID: Int64?
    /// Lowercase hex SHA-256 of the secret.
    public var secretHash: String
    public var label: String
    public var createdAt: Int64
    /// Unix seconds after which the token no longer authenticates.
    public var expiresAt: Int64?
    public var revokedAt: Int64?

    public init(
        id: Int64, role: Role, personID: Int64? = nil, secretHash: String, label: String = "", createdAt: Int64,
        expiresAt: Int64? = nil, revokedAt: Int64? = nil
    ) {
        self.id = id
        self.role = role
        self.personID = personID
        self.secretHash = secretHash
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Why the token cannot be used at `now`, or nil when it can.
    public func refusal(at now: Int64) -> String? {
        if revokedAt != nil { return "this token was revoked; ask an admin for a new one" }
        if let expiresAt, expiresAt <= now { return "this token has expired; ask an admin for a new one" }
        return nil
    }
}
