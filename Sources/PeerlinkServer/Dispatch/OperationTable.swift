public import PeerlinkCore
public import PeerlinkWire

/// What a handler sees: the request, who sent it, the directory as committed, and the time.
///
/// A read may run on a reader thread (`ReaderPool`): there it sees one side of the directory (`DirectorySides`)
/// for its whole run, its thread's own encoder, and leaves what it must change in the dispatcher to `effects`,
/// which the loop applies when it answers. Everything else reads the dispatcher on the loop thread.
public struct RequestContext {
    public let request: WireRequest
    public let session: Session
    /// Unix seconds, read once per request.
    public let now: Int64
    /// The side of the directory this request reads, lent (a `Directory` copy retains its tables' box).
    private let side: UnsafePointer<Directory>
    /// Handlers run while the dispatcher lives (it outlives every reader), so it is not retained per request.
    private unowned(unsafe) let dispatcher: Dispatcher
    /// Set on a reader thread.
    private let reader: (encoder: LinkMatchEncoder, effects: ReadEffects)?

    init(
        request: WireRequest, session: Session, now: Int64, side: UnsafePointer<Directory>, dispatcher: Dispatcher,
        reader: (encoder: LinkMatchEncoder, effects: ReadEffects)? = nil
    ) {
        self.request = request
        self.session = session
        self.now = now
        self.side = side
        self.dispatcher = dispatcher
        self.reader = reader
    }

    public var directory: Directory {
        _read { yield side.pointee }
    }

    /// The daemon's configuration (weights, calendar, contacts): set at start and never changed, so readers
    /// may read it too.
    public var config: ServerConfig {
        _read { yield dispatcher.config }
    }

    /// Encodes link match replies, keeping the nominees and schools it has encoded across requests: one per
    /// reader thread, and the dispatcher's on the loop.
    public var linkMatchEncoder: LinkMatchEncoder { reader?.encoder ?? dispatcher.linkMatchEncoder }

    /// Built only when a handler asks (Stats, Hello), so ordinary requests do not pay for it. Loop only: an
    /// operation that reads it is marked `onLoop` in the table.
    public var server: ServerStatus {
        precondition(reader == nil, "the daemon's own state is read on the loop thread only (mark the operation onLoop)")
        return dispatcher.serverStatus
    }

    /// The caller as the core's access rules see it (`Authority`).
    public var caller: Caller { session.caller }

    /// The supporter profiles matches offered for a support request (see `Dispatcher.offers`). Loop only (writes).
    func offers(forRequest id: Int64) -> Set<Int64> {
        precondition(reader == nil, "offers are read on the loop thread only")
        return dispatcher.offers[id] ?? []
    }

    /// Records what a supporter match offered for a request: at once on the loop, when answered from a reader.
    func recordOffers(_ profiles: [Int64], forRequest id: Int64) {
        if let reader {
            reader.effects.offers.append((id, profiles))
        } else {
            dispatcher.recordOffers(profiles, forRequest: id)
        }
    }
}

/// What a read run on a reader thread leaves for the loop to do in the dispatcher when it is answered.
final class ReadEffects {
    var offers: [(request: Int64, profiles: [Int64])] = []
}

/// The reply for a write whose record is not in memory after its commit (never expected): an `internal` error
/// for that request instead of a crash.
func missingAfterCommit(_ what: String) -> WireResponse.OneOf_Result {
    .error(PeerlinkError(.internal, "\(what) was saved but cannot be shown; read it again").wire)
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

/// How long a read may take, which decides where it runs when the daemon has reader threads.
public enum ReadCost: Sendable {
    /// Bounded well under 100 µs whatever the data (a link match through its index, a school by URN): the first
    /// of a loop turn runs on the loop itself, which saves the two thread hand-overs that would cost more than it
    /// (a reader's wake-up on this kind of machine is tens of µs); the rest go to the readers.
    case cheap
    /// Usually short: reader threads, first come first served.
    case ordinary
    /// Milliseconds or more (a supporter match visits every supporter): reader threads, in a queue of their own
    /// that leaves one reader free for everything else, so no other read waits behind one.
    case slow
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
    /// A read that must run on the loop thread because it reads the daemon's own state (Stats); every other
    /// read runs on a reader thread when the daemon has them.
    public let onLoop: Bool
    /// How long the read may take, which decides where it runs (`ReadCost`).
    public let cost: ReadCost
    /// A write validated on a reader thread, alone, against memory as it stands (no batch forms meanwhile):
    /// for imports, whose thousands of records would otherwise hold the loop for their whole check.
    public let validatedOffLoop: Bool

    public init(
        _ name: String, roles: Set<Role>, confidential: Bool = false, caching: ReplyCaching? = nil, onLoop: Bool = false,
        cost: ReadCost = .ordinary, validatedOffLoop: Bool = false, _ perform: Perform
    ) {
        if validatedOffLoop, case .write = perform {} else if validatedOffLoop {
            preconditionFailure("only a write is validated off the loop (\(name))")
        }
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
        self.onLoop = onLoop
        self.validatedOffLoop = validatedOffLoop
        self.cost = cost
    }

    /// Whether the request may run on a reader thread, answered out of turn with other reads.
    var runsOnReader: Bool {
        switch perform {
        case .read, .readEncoded: return !onLoop
        case .session, .write: return false
        }
    }
}

extension Set where Element == Role {
    /// Every role a person holds; the web service's own role is not one (it is named where it is allowed).
    public static let everyone: Set<Role> = [.admin, .adviser, .head, .supporter]
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
            CalendarHandlers.specs,
            OperationsHandlers.specs,
            WebHandlers.specs,
        ]
        for spec in domains.joined() {
            precondition(table[spec.name] == nil, "operation \(spec.name) is in the table twice")
            table[spec.name] = spec
        }
        return table
    }()

    /// The table key for a request's operation: its proto field name, generated from `schema/peerlink.proto`
    /// (`Operations+Generated.swift`).
    @inline(__always)
    static func operationName(_ op: WireRequest.OneOf_Operation) -> String { op.name }
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
