public import PeerlinkCore
public import PeerlinkWire

/// What a handler sees: the request, who sent it, the directory as committed, and the time.
public struct RequestContext {
    public let request: WireRequest
    public let session: Session
    /// Unix seconds, read once per request.
    public let now: Int64
    /// Handlers run inside the dispatcher's own call, so it outlives every context; the directory and
    /// configuration are lent from it, not copied (a `Directory` copy retains each of its tables).
    private unowned(unsafe) let dispatcher: Dispatcher

    init(request: WireRequest, session: Session, now: Int64, dispatcher: Dispatcher) {
        self.request = request
        self.session = session
        self.now = now
        self.dispatcher = dispatcher
    }

    public var directory: Directory {
        _read { yield dispatcher.directory }
    }

    /// The daemon's configuration (weights, calendar, contacts).
    public var config: ServerConfig {
        _read { yield dispatcher.config }
    }

    /// Encodes link match replies, keeping the nominees and schools it has encoded across requests.
    public var linkMatchEncoder: LinkMatchEncoder { dispatcher.linkMatchEncoder }

    /// Built only when a handler asks (Stats, Hello), so ordinary requests do not pay for it.
    public var server: ServerStatus { dispatcher.serverStatus }
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
    /// Link matches answered from kept replies and computed, replies kept now, the memory they may use.
    public var replyCache: (hits: UInt64, misses: UInt64, entries: Int, budgetBytes: Int)
}

/// A validated write, ready for the group commit: the change, and how to answer once it is in memory.
public struct PreparedWrite {
    public var change: Change
    /// Builds the reply from the directory after the change was applied.
    public var reply: WriteReply

    public init(_ change: Change, reply: @escaping (Directory) -> WireResponse.OneOf_Result) {
        self.change = change
        self.reply = .result(reply)
    }

    /// For a hot write whose reply is written straight to bytes: `encoded` gives the whole `Response` body for
    /// the request id it is passed.
    public init(_ change: Change, encoded: @escaping (Directory, _ requestID: UInt64) -> [UInt8]) {
        self.change = change
        self.reply = .encoded(encoded)
    }
}

/// A write's reply, built once its change is in memory.
public enum WriteReply {
    case result((Directory) -> WireResponse.OneOf_Result)
    case encoded((Directory, _ requestID: UInt64) -> [UInt8])
}

/// How an operation runs.
public enum Perform: Sendable {
    /// Changes who the connection is (Hello); answered at once.
    case session(@Sendable (inout Session, RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result)
    /// Answered at once from memory.
    case read(@Sendable (RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result)
    /// Answered at once from memory, written straight to bytes: the whole `Response` body for
    /// `ctx.request.id`. For a hot path whose reply costs more to build as generated messages than to compute
    /// (link match). The directory is lent as a parameter, not read through `ctx.directory`: Swift copied the
    /// value of that accessor for each call made on it, and the hot path should not pay even the copy's retain.
    case readEncoded(@Sendable (RequestContext, borrowing Directory) throws(PeerlinkError) -> [UInt8])
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
    /// A read of confidential records (peer support): each successful call is written to the audit log.
    /// (Every write is audited anyway.)
    public let confidential: Bool
    /// Set when replies may be kept and sent again while the directory is unchanged (`ReplyCache`).
    public let caching: ReplyCaching?

    public init(
        _ name: String, roles: Set<Role>, confidential: Bool = false, caching: ReplyCaching? = nil, _ perform: Perform
    ) {
        if caching != nil {
            guard case .readEncoded = perform, !confidential else {
                preconditionFailure("only a readEncoded, non-confidential operation can keep its replies (\(name))")
            }
        }
        self.name = name
        self.roles = roles
        self.perform = perform
        self.confidential = confidential
        self.caching = caching
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
            ImportHandlers.specs,
            LinkHandlers.specs,
            PeerSupportHandlers.specs,
            CohortHandlers.specs,
            OperationsHandlers.specs,
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
        case .areaAdd: "area_add"
        case .areaAlias: "area_alias"
        case .areaRelate: "area_relate"
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
        case .linkMatch: "link_match"
        case .linkRequest: "link_request"
        case .linkRequestCancel: "link_request_cancel"
        case .linkCreate: "link_create"
        case .linkList: "link_list"
        case .linkClose: "link_close"
        case .networkAdd: "network_add"
        case .networkList: "network_list"
        case .coverageReport: "coverage_report"
        // peer support (80–129)
        case .personCreate: "person_create"
        case .personGet: "person_get"
        case .personUpdate: "person_update"
        case .supporterCreate: "supporter_create"
        case .supporterUpdate: "supporter_update"
        case .supporterList: "supporter_list"
        case .supporterGet: "supporter_get"
        case .supervisionAdd: "supervision_add"
        case .needsAssess: "needs_assess"
        case .targetAdd: "target_add"
        case .targetReview: "target_review"
        case .needsShow: "needs_show"
        case .supportRequest: "support_request"
        case .supporterMatch: "supporter_match"
        case .supportDecline: "support_decline"
        case .engagementStart: "engagement_start"
        case .engagementMeeting: "engagement_meeting"
        case .engagementMeetingUpdate: "engagement_meeting_update"
        case .engagementMeetingDelete: "engagement_meeting_delete"
        case .engagementReview: "engagement_review"
        case .engagementClose: "engagement_close"
        case .engagementDue: "engagement_due"
        case .engagementFeedback: "engagement_feedback"
        case .feedbackGet: "feedback_get"
        case .engagementEscalate: "engagement_escalate"
        case .engagementGet: "engagement_get"
        case .engagementList: "engagement_list"
        case .reportQa: "report_qa"
        // cohorts (130–159)
        case .cohortCreate: "cohort_create"
        case .cohortApply: "cohort_apply"
        case .cohortWithdraw: "cohort_withdraw"
        case .cohortFacilitatorAdd: "cohort_facilitator_add"
        case .cohortGet: "cohort_get"
        case .cohortList: "cohort_list"
        case .cohortForm: "cohort_form"
        case .cohortPlan: "cohort_plan"
        case .cohortSessions: "cohort_sessions"
        // reports and operations (160–179)
        case .auditList: "audit_list"
        }
    }
}

/// One operation's `OperationStats`, shared by reference so a hot path can keep it instead of looking it up
/// by name for every request.
final class OperationCounter {
    var stats = OperationStats()

    func record(since started: MonotonicInstant, failed: Bool) {
        stats.record(micros: started.microsecondsUntilNow, failed: failed)
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
