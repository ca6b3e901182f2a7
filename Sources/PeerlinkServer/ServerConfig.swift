public import PeerlinkCore
public import PeerlinkStore

/// Everything the daemon can be told, with the embedded defaults `peerlinkd` runs on with no arguments.
public struct ServerConfig: Sendable {
    /// The SQLite file (default `./peerlink.db`).
    public var databasePath = "peerlink.db"
    /// Loopback TCP by default; nil disables TCP.
    public var tcpHost: String? = "127.0.0.1"
    public var tcpPort = 7411
    /// The admin unix socket; nil means `<database path without .db>.sock` beside the file.
    public var socketPath: String?
    public var synchronous = Synchronous.full

    /// Largest frame accepted before Hello (a stranger gets little room).
    public var maxFrameBeforeHello = 64 * 1024
    /// Largest frame accepted after Hello (imports send many records at once).
    public var maxFrameBytes = 64 * 1024 * 1024
    /// Complete requests a connection may have waiting unanswered before it stops being read.
    public var maxInFlightPerConnection = 1024
    public var maxConnections = 1024
    /// Seconds without a request after which a connection is closed.
    public var idleTimeoutSeconds = 300
    /// Reply bytes queued for a slow reader before the daemon stops reading from it until they drain.
    public var maxOutputBufferedBytes = 8 * 1024 * 1024
    /// Memory for kept link match replies, answered again while nothing they read has changed (`ReplyCache`);
    /// 0 turns keeping them off.
    public var replyCacheBytes = 24 * 1024 * 1024

    /// Default weights of link matching; a query may override them by name.
    public var linkWeights = LinkWeights.defaults
    /// Default weights of supporter matching; a query may override them by name.
    public var supporterWeights = SupporterMatchWeights()
    /// Working day and school holidays (default and per local authority) for meetings and sessions.
    public var calendar = SchoolCalendar()
    /// The authority's named single point of contact for safeguarding and whistleblowing disclosures.
    public var safeguardingContact = "the authority's safeguarding single point of contact (set safeguarding_contact in the config)"
    /// Where the "a safeguarding concern was raised" notice is emailed (through the web front end's outbox);
    /// empty sends none.
    public var safeguardingEmail = ""

    public init() {}

    /// The unix socket path actually used.
    public var resolvedSocketPath: String {
        if let socketPath { return socketPath }
        let base = databasePath.hasSuffix(".db") ? String(databasePath.dropLast(3)) : databasePath
        return base + ".sock"
    }
}
