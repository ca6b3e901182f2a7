public import PeerlinkCore
public import PeerlinkWire

/// What a handler sees: the request, who sent it, the directory as committed, and the time.
public struct RequestContext {
    public let request: WireRequest
    public let session: Session
    public let directory: Directory
    /// Unix seconds, read once per request.
    public let now: Int64
    public let server: ServerStatus
    /// The daemon's configuration (weights, calendar, contacts).
    public let config: ServerConfig
}

/// Daemon-wide facts a handler may report (Stats).
public struct ServerStatus {
    public var version: String
    public var uptimeSeconds: UInt64
    public var connections: Int
    public var storeBytes: Int64
    public var commits: UInt64
    public var committedChanges: UInt64
    public var operations: [String: OperationStats]
    public var totalRequests: UInt64
}

/// A validated write, ready for the group commit: the change, and how to answer once it is in memory.
public struct PreparedWrite {
    public var change: Change
    /// Builds the reply from the directory after the change was applied.
    public var reply: (Directory) -> WireResponse.OneOf_Result

    public init(_ change: Change, reply: @escaping (Directory) -> WireResponse.OneOf_Result) {
        self.change = change
        self.reply = reply
    }
}

/// How an operation runs.
public enum Perform: Sendable {
    /// Changes who the connection is (Hello); answered at once.
    case session(@Sendable (inout Session, RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result)
    /// Answered at once from memory.
    case read(@Sendable (RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result)
    /// Validated when its commit batch forms (so it sees every earlier write), committed, then answered.
    case write(@Sendable (RequestContext, inout IDAllocator) throws(PeerlinkError) -> PreparedWrite)
}

/// One row of the dispatch table.
public struct OperationSpec: Sendable {
    /// The request's `oneof` case name, as in `schema/peerlink.proto` (`school_get`).
    public let name: String
    /// Roles that may call it; the dispatcher refuses everyone else before the handler runs.
    public let roles: Set<Role>
    public let perform: Perform

    public init(_ name: String, roles: Set<Role>, _ perform: Perform) {
        self.name = name
        self.roles = roles
        self.perform = perform
    }
}

extension Set where Element == Role {
    public static let everyone: Set<Role> = Set(Role.allCases)
    public static let adminOnly: Set<Role> = [.admin]
    public static let staff: Set<Role> = [.admin, .adviser]
}

/// The dispatch table: every operation the daemon answers, in one place.
///
/// To add an operation: add it to `schema/peerlink.proto` (run `tools/gen-proto`), name its case in
/// `operationName(_:)`, and add its row here with the roles that may call it and its handler.
enum OperationTable {
    static let specs: [String: OperationSpec] = {
        var table: [String: OperationSpec] = [:]
        let domains: [[OperationSpec]] = [
            DirectoryHandlers.specs,
            ImportHandlers.specs,  // imports
            // links: LinkHandlers.specs,
            // peer support: PeerSupportHandlers.specs,
            // cohorts: CohortHandlers.specs,
        ]
        for spec in domains.joined() {
            precondition(table[spec.name] == nil, "operation \(spec.name) is in the table twice")
            table[spec.name] = spec
        }
        return table
    }()

    /// The table key for a request's operation (its proto field name).
    static func operationName(_ op: WireRequest.OneOf_Operation) -> String {
        switch op {
        case .hello: "hello"
        case .ping: "ping"
        case .stats: "stats"
        case .schoolUpsert: "school_upsert"
        case .schoolGet: "school_get"
        case .schoolSearch: "school_search"
        case .areaList: "area_list"
        case .nominationCreate: "nomination_create"
        case .nominationUpdate: "nomination_update"
        case .nominationWithdraw: "nomination_withdraw"
        case .nominationList: "nomination_list"
        case .tokenCreate: "token_create"
        case .tokenList: "token_list"
        case .tokenRevoke: "token_revoke"
        // imports (30–49)
        case .importSchools: "import_schools"
        case .importSuccessions: "import_successions"
        case .importNominations: "import_nominations"
        // links (50–79)
        // peer support (80–129)
        // cohorts (130–159)
        }
    }
}

/// Request counts and latency per operation, for Stats.
public struct OperationStats: Sendable {
    public var count: UInt64 = 0
    public var errors: UInt64 = 0
    public var totalMicros: Double = 0
    public var maxMicros: Double = 0

    mutating func record(micros: Double, failed: Bool) {
        count += 1
        if failed { errors += 1 }
        totalMicros += micros
        if micros > maxMicros { maxMicros = micros }
    }
}
