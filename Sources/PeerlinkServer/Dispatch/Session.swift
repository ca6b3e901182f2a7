public import PeerlinkCore

/// Who is on the other end of one connection. Loop thread only.
public struct Session: Sendable {
    public enum Transport: Sendable { case tcp, unixSocket }

    public let id: Int
    public let transport: Transport
    /// Nil until Hello succeeds on TCP; admin from the start on the unix socket.
    public var role: Role?
    public var personID: Int64?
    public var clientName = ""
    /// The token Hello accepted (TCP only). Every later request looks it up by id in the directory, so a
    /// revocation or expiry ends the connection at its next request (`Dispatcher.admit`), without hashing.
    public var tokenID: Int64?
    /// The token's expiry, kept so an unexpiring token costs no clock read per request.
    public var tokenExpiresAt: Int64?

    public init(id: Int, transport: Transport) {
        self.id = id
        self.transport = transport
        if transport == .unixSocket { role = .admin }
    }

    public var isAuthenticated: Bool { role != nil }

    /// The caller as the core's access rules see it (`Authority`).
    public var caller: Caller { Caller(personID: personID, role: role ?? .adviser) }
}
