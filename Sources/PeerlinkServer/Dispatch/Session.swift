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

    public init(id: Int, transport: Transport) {
        self.id = id
        self.transport = transport
        if transport == .unixSocket { role = .admin }
    }

    public var isAuthenticated: Bool { role != nil }
}
