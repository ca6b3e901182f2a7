internal import Glibc
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

    // MARK: Limits (DESIGN §5, §7): what one client, or many, can make the daemon hold.

    /// Largest frame accepted before Hello (a stranger gets little room).
    public var maxFrameBeforeHello = 64 * 1024
    /// Largest frame accepted from an admin (the unix socket, or an admin token): imports send many records at once.
    public var maxFrameBytes = 64 * 1024 * 1024
    /// Largest frame accepted after Hello from an adviser, head or supporter token (their requests are small).
    public var maxFrameBytesNonAdmin = 1024 * 1024
    /// Complete requests a connection may have waiting unanswered before it stops being read.
    public var maxInFlightPerConnection = 1024
    /// TCP connections held at once; one more is answered `limit_exceeded` and closed.
    public var maxConnections = 1024
    /// Admin unix socket connections held at once, counted apart from TCP so that strangers filling the TCP
    /// limit never lock the admin out.
    public var maxAdminConnections = 64
    /// Seconds without activity (a request answered, or reply bytes taken by the client) after which a
    /// connection is closed. Bytes arriving are not activity: a drip of bytes does not keep a connection.
    public var idleTimeoutSeconds = 300
    /// Seconds a TCP connection has to complete Hello before it is closed.
    public var helloTimeoutSeconds = 10
    /// Seconds a frame may take from its first byte to its last before the connection is closed.
    public var partialFrameTimeoutSeconds = 30
    /// Bytes all TCP connections together may hold for frames still arriving. A frame whose length prefix
    /// does not fit in what is left is refused (`limit_exceeded`, then close) before its body is read. The admin
    /// socket is not counted (its connections are bounded by `maxAdminConnections` × `maxFrameBytes`).
    public var maxPartialFrameBytesTotal = 256 * 1024 * 1024
    /// Reply bytes held for one slow reader before the daemon stops reading from it until they drain.
    public var maxOutputBufferedBytes = 8 * 1024 * 1024
    /// Reply bytes held for all connections together; over it, a connection with replies still unsent is not
    /// read until they drain.
    public var maxOutputBufferedBytesTotal = 256 * 1024 * 1024
    /// Memory for kept link match replies, answered again while nothing they read has changed (`ReplyCache`);
    /// 0 turns keeping them off.
    public var replyCacheBytes = 24 * 1024 * 1024
    /// Threads that answer reads off the loop, each against a snapshot side of the directory (`ReaderPool`):
    /// one per core by default; 0 answers every read on the loop thread (one copy of the directory in memory,
    /// but a slow read then delays everyone).
    public var readerThreads = ServerConfig.coreCount
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Default weights of link matching; a query may override them by name.
    public var linkWeights = LinkWeights.defaults
    /// Default weights of supporter matching; a query may override them by name.
    public var supporterWeights = SupporterMatchWeights()
    /// Working day and school holidays (default and per local authority) for meetings and sessions.
    public var calendar = SchoolCalendar()
    /// How imported inspections are read as "good or better" for supporter eligibility, per framework.
    public var inspectionPolicy = InspectionPolicy.standard
    /// The authority's named single point of contact for safeguarding and whistleblowing disclosures.
    public var safeguardingContact = "the authority's safeguarding single point of contact (set safeguarding_contact in the config)"
    /// Personal mail domains refused as nominee and person emails, and domains allowed over them (config keys
    /// `personal_mail_domains`, `allowed_mail_domains`; wired by the daemon's config reader).
    public var emailPolicy = EmailPolicy.standard

    /// Per-token request rate for head, supporter and adviser tokens over TCP; nil: unlimited.
    public var rateLimit: RateLimit? = RateLimit(perSecond: 200, burst: 1000)
    /// The same for admin tokens over TCP; nil (the default): unlimited. The admin socket is never limited.
    public var adminRateLimit: RateLimit? = nil
    /// How many open support requests and active engagements one head may hold at a time.
    public var fairUse = FairUse()

    /// Where the "a safeguarding concern was raised" notice is emailed (through the web front end's outbox);
    /// empty sends none.
    public var safeguardingEmail = ""

    /// Seconds between the daemon's review-due sweeps (it also sweeps at start): each queues the "review due"
    /// emails of engagements whose review has come due, once per cycle end.
    public var reviewDueSweepSeconds = 3600

    public init() {}

    /// The unix socket path actually used.
    public var resolvedSocketPath: String {
        if let socketPath { return socketPath }
        let base = databasePath.hasSuffix(".db") ? String(databasePath.dropLast(3)) : databasePath
        return base + ".sock"
    }

    /// The largest frame a connection in `role` may send (nil: before Hello).
    public func maxFrame(for role: Role?) -> Int {
        switch role {
        case nil: return maxFrameBeforeHello
        case .admin?: return maxFrameBytes
        case .adviser?, .head?, .supporter?, .web?: return maxFrameBytesNonAdmin
        }
    }

    /// File descriptors the configured connection limits need: every connection, plus the listeners, the
    /// database, its WAL and journal, libuv's own, and some room.
    public var descriptorsNeeded: Int { maxConnections + maxAdminConnections + 64 }
}

/// A token bucket: `burst` requests at once, refilled at `perSecond`.
public struct RateLimit: Sendable, Equatable {
    public var perSecond: Double
    public var burst: Double

    public init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }
}
