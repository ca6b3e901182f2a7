public import PeerlinkCore
public import PeerlinkStore
public import PeerlinkWire

/// Where a deferred reply goes: the connection that asked. Implemented by the loop's connections; tests can
/// implement it to drive the dispatcher with no sockets.
public protocol ReplySink: AnyObject {
    /// Called on the loop thread with the reply to the request this sink was waiting on.
    func deliver(_ response: WireResponse)
    /// The same, already encoded (the body of one frame).
    func deliverEncoded(_ body: [UInt8])
    /// The reply to a read answered on a reader thread (`Outcome.offloaded`): `.reply`, `.encodedReply` or
    /// `.keptReply`, for the request the sink took as `sequence`. Reads finish in any order; the sink sends
    /// replies in request order.
    func deliverRead(_ reply: Outcome, sequence: UInt64)
}

extension ReplySink {
    /// Decodes and delivers: for sinks that only read replies (tests). The connection sends the bytes as they are.
    public func deliverEncoded(_ body: [UInt8]) {
        do {
            deliver(try WireResponse(frame: body[...]))
        } catch {
            preconditionFailure("an encoded reply does not decode: \(error)")
        }
    }

    /// Delivers as `deliver` does, in the order reads finish: for sinks that send one request at a time (tests).
    public func deliverRead(_ reply: Outcome, sequence: UInt64) {
        switch reply {
        case .reply(let response, _): deliver(response)
        case .encodedReply(let body): deliverEncoded(body)
        case .keptReply(let id, let kept):
            var body: [UInt8] = []
            ReusableReply.appendHead(id: id, restCount: kept.bytes.count, to: &body)
            body.removeFirst(4)  // the frame's length prefix
            body.append(contentsOf: kept.bytes)
            deliverEncoded(body)
        case .deferred, .offloaded, .waitForReads: preconditionFailure("not a reply")
        }
    }
}

/// What `Dispatcher.handle` decided for one request.
public enum Outcome {
    /// Answer now. `close` is set when the connection must end after this reply (failed Hello on TCP).
    case reply(WireResponse, close: Bool)
    /// Answer now with a `Response` already encoded (the body of one frame).
    case encodedReply([UInt8])
    /// Answer now with a kept reply: the frame is the `id` field, then the kept bytes (`ReusableReply.appendHead`).
    case keptReply(id: UInt64, reply: KeptReply)
    /// A write was queued for the next commit batch; the sink gets the reply later. The connection must not
    /// process its next request until then (replies stay in order and a client reads its own writes).
    case deferred
    /// A read went to a reader thread; the sink gets the reply later (`deliverRead`) with the sequence it gave.
    /// The connection may go on with the requests behind it, keeping replies in order.
    case offloaded
    /// Nothing was done: this request is not a read and the connection's earlier reads are not all answered.
    /// The connection puts the frame back and hands it again once they are, so a write (or Hello) sees
    /// everything its connection asked before it.
    case waitForReads
}

/// Runs requests against the directory: the one place that authenticates, authorises and dispatches. Reads go
/// to the reader threads when the daemon has them (`ReaderPool`, against `DirectorySides`), writes to the
/// `WriteBatcher`. Loop thread only; imports no C, so tests drive it directly.
public final class Dispatcher {
    /// Memory as committed (the current side).
    public var directory: Directory {
        _read { yield sides.latest }
    }
    private let sides: DirectorySides
    /// The reader threads, nil when every read runs on the loop (tests, `reader_threads = 0`).
    private let readers: ReaderPool?
    /// Link match replies, with their nominees and schools encoded once each (see `LinkMatchEncoder`), for
    /// matches run on the loop; each reader thread has its own.
    let linkMatchEncoder = LinkMatchEncoder()
    private let batcher = WriteBatcher()
    private let table = OperationTable.specs
    /// By field number in `Request`: whether the operation may run on a reader thread.
    private var runsOnReader: [Bool] = []
    /// By field number: the name of each write validated off the loop, which is queued undecoded.
    private var undecodedWrites: [String?] = []
    private var counters: [String: OperationCounter] = [:]
    /// Requests, errors and latency by operation name.
    var operationStats: [String: OperationStats] { counters.mapValues(\.stats) }
    private var totalRequests: UInt64 = 0
    private var commits: UInt64 = 0
    private var committedChanges: UInt64 = 0
    /// Set once a cheap read has run on the loop this turn: the rest of the turn's go to the readers (`ReadCost`).
    private var ranCheapReadThisTurn = false

    /// The loop's turn is over (Daemon's check handle): the next cheap read may run on the loop again.
    public func turnEnded() { ranCheapReadThisTurn = false }

    /// Reads handed to reader threads and not yet answered.
    public private(set) var readsInFlight = 0
    public var storeBytes: Int64 = 0
    public var connectionCount = 0
    public let version: String
    private let startedAt: ContinuousClock.Instant = .now
    /// The wall clock, injectable for tests (unix seconds).
    public var clock: () -> Int64

    /// The reply cache of each operation whose spec allows one, indexed by its field number in `Request`.
    private var replyCaches: [ReplyCache?] = []

    /// True while a batch is with the writer thread or waiting to go into memory.
    public var isCommitting: Bool { batcher.isCommitting }

    public let config: ServerConfig

    /// Request allowances per token id, for tokens the config limits (`RateLimit`).
    private var buckets: [Int64: TokenBucket] = [:]

    /// Support request id → the supporter profiles a `supporter_match` for it offered. A head may start an
    /// engagement only with one of these. Kept in memory: after a restart the authority runs the match again.
    private(set) var offers: [Int64: Set<Int64>] = [:]

    /// Records the profiles a supporter match offered for a request (they add to earlier offers).
    func recordOffers(_ profiles: [Int64], forRequest id: Int64) {
        offers[id, default: []].formUnion(profiles)
    }

    /// `readerThreads` > 0 runs reads on that many threads, which call `wakeForReads` (from their own thread)
    /// when reads finish; the loop then calls `readsFinished`. With 0 every read runs inside `handle`.
    public init(
        directory: Directory, version: String, config: ServerConfig = ServerConfig(), readerThreads: Int = 0,
        wakeForReads: @escaping @Sendable () -> Void = {}, clock: @escaping () -> Int64
    ) {
        sides = DirectorySides(directory, twoSided: readerThreads > 0)
        readers = readerThreads > 0 ? ReaderPool(threads: readerThreads, wake: wakeForReads) : nil
        // Configured rules that read the directory's own data: the policy for imported inspections, and the
        // calendar that imported bank holidays and term dates add to.
        sides.configure { d in
            d.useInspectionPolicy(config.inspectionPolicy)
            d.useConfiguredCalendar(config.calendar)
        }
        self.config = config
        self.version = version
        self.clock = clock
        runsOnReader = Array(repeating: false, count: (allOperations.map(\.fieldNumber).max() ?? 0) + 1)
        undecodedWrites = Array(repeating: nil, count: runsOnReader.count)
        for (name, field) in allOperations {
            runsOnReader[field] = readerThreads > 0 && (OperationTable.specs[name]?.runsOnReader ?? false)
            if OperationTable.specs[name]?.validatedOffLoop == true { undecodedWrites[field] = name }
        }
        if config.replyCacheBytes > 0 {
            for spec in OperationTable.specs.values {
                guard let caching = spec.caching else { continue }
                precondition(OperationTable.operationName(caching.sample) == spec.name, "\(spec.name)'s caching sample is another operation")
                let field = RequestEnvelope.fieldNumber(of: caching.sample)
                if replyCaches.count <= field { replyCaches += Array(repeating: nil, count: field + 1 - replyCaches.count) }
                replyCaches[field] = ReplyCache(
                    budgetBytes: config.replyCacheBytes, roles: spec.roles, counter: counter(spec.name),
                    revision: caching.revision)
            }
        }
    }

    /// Stops the reader threads once they have finished what they hold (at shutdown, after the last reply).
    public func stopReaders() { readers?.stopAndWait() }

    /// Writes waiting for a batch, plus the batch being committed.
    public var pendingWrites: Int { batcher.pendingWrites }

    // MARK: Requests

    /// Handles one frame from a connection: from a kept reply when the request asks again what an earlier one
    /// asked and nothing the answer reads has changed since (`ReplyCache`), else decoded and handled (`handle`).
    /// `sequence` is the sink's number for this request, given back with a reply from a reader thread;
    /// `readsPending` says whether the sink still waits for such replies (see `Outcome.waitForReads`).
    public func handle(
        frame: ArraySlice<UInt8>, session: inout Session, sink: any ReplySink, sequence: UInt64 = 0,
        readsPending: Bool = false
    ) -> Outcome {
        let envelope = RequestEnvelope(frame: frame)
        if readsPending {
            guard let envelope, envelope.operation < runsOnReader.count, runsOnReader[envelope.operation] else {
                return .waitForReads
            }
        }
        // Before any answer, kept or computed: the token still stands, and the caller is within its rate.
        if session.tokenID != nil, let refusal = admit(&session) {
            return refuse(envelope?.id ?? 0, refusal)
        }
        if readers != nil, let envelope, envelope.operation < undecodedWrites.count, let name = undecodedWrites[envelope.operation] {
            return queueUndecoded(frame, envelope, name, session, sink: sink)
        }
        var missed: CacheMiss? = nil
        // Kept replies are only for callers the table lets in; everyone else goes the long way and is refused.
        if let envelope, envelope.operation < replyCaches.count, let cache = replyCaches[envelope.operation],
            let role = session.role, cache.allows(role)
        {
            let started = MonotonicInstant.now
            let revision = cache.revision(directory)
            if let reply = cache.reply(to: frame[envelope.operationBytes], at: revision) {
                totalRequests += 1
                cache.counter.record(since: started, failed: false)
                return .keptReply(id: envelope.id, reply: reply)
            }
            missed = CacheMiss(cache: cache, revision: revision, key: Array(frame[envelope.operationBytes]), id: envelope.id)
        }
        let request: WireRequest
        do {
            request = try WireRequest(frame: frame)
        } catch {
            // The framing is intact, so the connection can go on after saying what was wrong.
            return .reply(undecodable("\(error)"), close: false)
        }
        let outcome = dispatch(request, session: &session, sink: sink, sequence: sequence, missed: missed)
        if let missed, case .encodedReply(let body) = outcome { return keep(body, missed) }
        return outcome
    }

    /// A request whose operation keeps its replies, computed because none was kept: where to keep the reply.
    struct CacheMiss {
        let cache: ReplyCache
        /// The directory's revision when the request arrived: the side the reply is computed from.
        let revision: UInt64
        /// The operation message's bytes (the cache's key).
        let key: [UInt8]
        let id: UInt64
    }

    /// Keeps a computed reply for the next request that asks the same, and sends it from the kept copy (the
    /// same bytes: copied once, into the cache, not also into the output).
    private func keep(_ body: [UInt8], _ missed: CacheMiss) -> Outcome {
        guard let idLength = ReusableReply.idFieldLength(of: body),
            let kept = missed.cache.keep(body, idLength: idLength, for: missed.key[...], at: missed.revision)
        else { return .encodedReply(body) }
        return .keptReply(id: missed.id, reply: kept)
    }

    /// Kept-reply counts for Stats: hits, misses, replies kept now, and the memory they may use.
    var replyCacheFigures: (hits: UInt64, misses: UInt64, entries: Int, budgetBytes: Int) {
        replyCaches.reduce(into: (0, 0, 0, 0)) { sum, c in
            guard let c else { return }
            sum.hits += c.hits
            sum.misses += c.misses
            sum.entries += c.count
            sum.budgetBytes += c.budgetBytes
        }
    }

    /// Handles one decoded request from a connection whose identity is `session`.
    public func handle(_ request: WireRequest, session: inout Session, sink: any ReplySink) -> Outcome {
        if session.tokenID != nil, let refusal = admit(&session) { return refuse(request.id, refusal) }
        return dispatch(request, session: &session, sink: sink, sequence: 0, missed: nil)
    }

    /// Whether the session's token may send this request: it is neither revoked nor expired (looked up by id:
    /// a dictionary lookup, no hashing), and the caller is within the token's rate limit. A revoked or expired
    /// token makes the session unauthenticated; the caller closes the connection after the reply.
    private func admit(_ session: inout Session) -> PeerlinkError? {
        guard let id = session.tokenID else { return nil }
        guard let token = directory.tokens[id], token.revokedAt == nil else {
            session.role = nil
            session.tokenID = nil
            return PeerlinkError(.unauthenticated, "this token was revoked; ask an admin for a new one", field: "token")
        }
        if let expires = session.tokenExpiresAt, expires <= clock() {
            session.role = nil
            session.tokenID = nil
            return PeerlinkError(.unauthenticated, "this token has expired; ask an admin for a new one", field: "token")
        }
        guard let limit = token.role == .admin ? config.adminRateLimit : config.rateLimit else { return nil }
        let now = MonotonicInstant.now.nanoseconds
        var bucket = buckets[id] ?? TokenBucket(available: limit.burst, at: now)
        let wait = bucket.take(limit, at: now)
        buckets[id] = bucket
        guard let wait else { return nil }
        let seconds = (wait * 10).rounded(.up) / 10
        return PeerlinkError(
            .limitExceeded,
            "too many requests for this token: at most \(Int(limit.perSecond)) a second, in bursts of up to "
                + "\(Int(limit.burst)); retry after \(seconds) s")
    }

    /// The reply to a request `admit` refused; an unauthenticated one ends the connection.
    private func refuse(_ id: UInt64, _ error: PeerlinkError) -> Outcome {
        totalRequests += 1
        let close = error.code == .unauthenticated
        return .reply(record(id, close ? "refused_token" : "rate_limited", .now, .failure(error)), close: close)
    }

    /// The operation's row when the session may call it, else the reply that refuses it: nothing but Hello is
    /// answered before Hello on TCP (a failed Hello ends the connection), and only the row's roles get in.
    private func permitted(_ name: String, _ session: Session, id: UInt64, started: MonotonicInstant)
        -> Result<OperationSpec, Refusal>
    {
        guard let spec = table[name] else {
            return .failure(Refusal(finish(id, name, started, .failure(PeerlinkError(.internal, "operation \(name) has no handler")))))
        }
        if !session.isAuthenticated && name != "hello" {
            let e = PeerlinkError(.unauthenticated, "send Hello with a token first (peerlink --token, or PEERLINK_TOKEN)")
            return .failure(Refusal(finish(id, name, started, .failure(e), close: true)))
        }
        if let role = session.role, !spec.roles.contains(role) {
            let allowed = spec.roles.sorted().map(\.rawValue).joined(separator: ", ")
            return .failure(Refusal(finish(id, name, started, .failure(.forbidden(
                "\(name) is for \(allowed) tokens; this connection is \(role.rawValue)")))))
        }
        return .success(spec)
    }

    /// The reply to a request `permitted` refused.
    struct Refusal: Error {
        let outcome: Outcome
        init(_ outcome: Outcome) { self.outcome = outcome }
    }

    /// A write validated off the loop, queued as its frame's bytes: decoding a national import's frame (25,000
    /// records) and checking its bounds are left to the reader that validates it, so the loop only copies it.
    private func queueUndecoded(
        _ frame: ArraySlice<UInt8>, _ envelope: RequestEnvelope, _ name: String, _ session: Session, sink: any ReplySink
    ) -> Outcome {
        let started = MonotonicInstant.now
        totalRequests += 1
        let spec: OperationSpec
        switch permitted(name, session, id: envelope.id, started: started) {
        case .success(let s): spec = s
        case .failure(let refusal): return refusal.outcome
        }
        guard case .write(let body) = spec.perform else { preconditionFailure("\(name) is validated off the loop but is not a write") }
        batcher.enqueue(
            WriteBatcher.Queued(
                requestID: envelope.id, name: name, spec: body, request: WireRequest(), session: session, sink: sink,
                started: started, offLoop: true, frame: Array(frame)))
        return .deferred
    }

    /// `handle` once the request is admitted.
    private func dispatch(
        _ request: WireRequest, session: inout Session, sink: any ReplySink, sequence: UInt64, missed: CacheMiss?
    ) -> Outcome {
        let started = MonotonicInstant.now
        totalRequests += 1
        guard let op = request.operation else {
            return finish(request.id, "unknown", started, .failure(.badRequest(
                "the request names no operation this daemon knows; check the client's protocol version", field: "operation")))
        }
        let name = OperationTable.operationName(op)
        let spec: OperationSpec
        switch permitted(name, session, id: request.id, started: started) {
        case .success(let s): spec = s
        case .failure(let refusal): return refusal.outcome
        }
        // Every string, list and number of the request within bounds, before any handler reads it.
        do {
            try RequestBounds.for(name).check(request)
        } catch {
            return finish(request.id, name, started, .failure(error))
        }
        if let readers, spec.runsOnReader, spec.cost != .cheap || ranCheapReadThisTurn {
            let side = sides.beginRead()
            readsInFlight += 1
            readers.submit(
                ReadJob(
                    request: request, session: session, now: clock(), spec: spec, side: side,
                    directory: sides.pointer(to: side), dispatcher: self, started: started, sink: sink,
                    sequence: sequence, missed: missed))
            return .offloaded
        }
        if spec.cost == .cheap { ranCheapReadThisTurn = true }
        let ctx = context(request, session)
        switch spec.perform {
        case .session(let body):
            do {
                let result = try body(&session, ctx)
                return finish(request.id, name, started, .success(result))
            } catch {
                return finish(request.id, name, started, .failure(error), close: error.code == .unauthenticated)
            }
        case .read(let body):
            do {
                let result = try body(ctx)
                if spec.confidential { auditRead(name, request, session) }
                return finish(request.id, name, started, .success(result))
            } catch {
                return finish(request.id, name, started, .failure(error))
            }
        case .readEncoded(let body):
            do {
                let encoded = try body(ctx, directory)
                if spec.confidential { auditRead(name, request, session) }
                recordStats(name, started, failed: false)
                return .encodedReply(encoded)
            } catch {
                return finish(request.id, name, started, .failure(error))
            }
        case .write(let body):
            batcher.enqueue(
                WriteBatcher.Queued(
                    requestID: request.id, name: name, spec: body, request: request, session: session, sink: sink,
                    started: started, offLoop: spec.validatedOffLoop))
            return .deferred
        }
    }

    /// Answers the reads the reader threads have finished: applies what each left for the dispatcher, keeps
    /// replies that may be kept, and hands each to its sink. Then a committed batch waiting for the stale side's
    /// readers to leave goes into memory if they have. Called on the loop when the readers wake it.
    public func readsFinished() {
        guard let readers else { return }
        for finished in readers.takeFinished() {
            if finished is ShareJob {
                sides.endSharing()
                publishing = false
                continue
            }
            if finished is PublishJob, let changes = batcher.changesToPublish {
                sides.endPublish(changes)
                publishing = false
                published(changes)
                continue
            }
            if let v = finished as? ValidationJob {
                sides.endRead(v.side)
                batcher.validatedOffLoop(v.result!, ids: v.ids, stamped: v.stamped)
                continue
            }
            let job = finished as! ReadJob
            sides.endRead(job.side)
            readsInFlight -= 1
            for (request, profiles) in job.effects.offers { recordOffers(profiles, forRequest: request) }
            let name = job.spec.name
            let reply: Outcome
            switch job.result {
            case .success(.message(let result)):
                if job.spec.confidential { auditRead(name, job.request, job.session, subject: job.auditSubject) }
                reply = finish(job.request.id, name, job.started, .success(result))
            case .success(.encoded(let body)):
                if job.spec.confidential { auditRead(name, job.request, job.session, subject: job.auditSubject) }
                recordStats(name, job.started, failed: false)
                reply = job.missed.map { keep(body, $0) } ?? .encodedReply(body)
            case .failure(let error):
                reply = finish(job.request.id, name, job.started, .failure(error))
            case nil:
                preconditionFailure("a read came back unanswered")
            }
            job.sink.deliverRead(reply, sequence: job.sequence)
        }
        publishIfReady()
    }

    /// Queues a write that nobody waits for (the daemon's own sweeps, `queueReviewDueSweep`), made as the local
    /// admin: it is prepared against memory as it stands when the next batch forms, and commits with it, audited
    /// under `name`. A change with no records commits nothing (and audits nothing); a failed commit is logged and
    /// changes nothing, so the next sweep retries.
    func queueBackgroundWrite(
        _ name: String, _ spec: @escaping (RequestContext, inout IDAllocator) throws(PeerlinkError) -> PreparedWrite
    ) {
        batcher.enqueue(
            WriteBatcher.Queued(
                requestID: 0, name: name, spec: spec, request: WireRequest(),
                session: Session(id: 0, transport: .unixSocket), sink: nil, started: .now))
    }

    /// Queues an audit entry for a successful confidential read; it commits with the next batch. `subject` when a
    /// reader thread worked it out already.
    private func auditRead(_ name: String, _ request: WireRequest, _ session: Session, subject: String? = nil) {
        let subject = subject ?? Dispatcher.subject(of: request)
        batcher.enqueue(
            WriteBatcher.Queued(
                requestID: request.id, name: name,
                spec: { ctx, ids in
                    let entry = ctx.directory.auditEntry(
                        operation: name, role: ctx.session.role ?? .admin, personID: ctx.session.personID,
                        target: subject, ids: &ids, now: ctx.now)
                    return PreparedWrite(Change([entry])) { _ in .ping(Peerlink_V1_Pong()) }
                }, request: request, session: session, sink: nil, started: .now, audited: false))
    }

    /// The selectors of a read (the ids and numbers it asked for), never text, for the audit log.
    static func subject(of request: WireRequest) -> String {
        guard let op = request.operation else { return "" }
        // Protobuf text format: `name: value` lines. Quoted values are skipped whole (they may be free text).
        var unquoted = ""
        var inString = false, escaped = false
        for ch in String(describing: op) {
            if inString {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
                unquoted.append(" ")
            } else {
                unquoted.append(ch)
            }
        }
        var parts: [String] = []
        for line in unquoted.split(whereSeparator: \.isNewline) {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, pair[0].allSatisfy({ $0.isLetter || $0 == "_" }),
                !pair[1].isEmpty, pair[1].allSatisfy({ $0.isNumber || $0 == "-" })
            else { continue }
            parts.append("\(pair[0])=\(pair[1])")
        }
        return parts.prefix(8).joined(separator: " ")
    }

    private func context(_ request: WireRequest, _ session: Session) -> RequestContext {
        RequestContext(request: request, session: session, now: clock(), side: sides.pointer(to: sides.current), dispatcher: self)
    }

    var serverStatus: ServerStatus {
        ServerStatus(
            version: version, uptimeSeconds: UInt64((ContinuousClock.now - startedAt).components.seconds),
            connections: connectionCount, storeBytes: storeBytes, commits: commits,
            committedChanges: committedChanges, operations: operationStats, totalRequests: totalRequests,
            replyCache: replyCacheFigures)
    }

    private func finish(
        _ id: UInt64, _ name: String, _ started: MonotonicInstant, _ result: Result<WireResponse.OneOf_Result, PeerlinkError>,
        close: Bool = false
    ) -> Outcome {
        .reply(record(id, name, started, result), close: close)
    }

    private func record(
        _ id: UInt64, _ name: String, _ started: MonotonicInstant, _ result: Result<WireResponse.OneOf_Result, PeerlinkError>
    ) -> WireResponse {
        var response = WireResponse()
        response.id = id
        switch result {
        case .success(let r): response.result = r
        case .failure(let e): response.result = .error(e.wire)
        }
        var failed = false
        if case .failure = result { failed = true }
        recordStats(name, started, failed: failed)
        return response
    }

    private func recordStats(_ name: String, _ started: MonotonicInstant, failed: Bool) {
        counter(name).record(since: started, failed: failed)
    }

    private func counter(_ name: String) -> OperationCounter {
        if let c = counters[name] { return c }
        let c = OperationCounter()
        counters[name] = c
        return c
    }

    /// A reply to a request that was never decoded (undecodable bytes): bad_request, id 0.
    public func undecodable(_ detail: String) -> WireResponse {
        totalRequests += 1
        return record(0, "undecodable", .now, .failure(.badRequest(
            "the frame is not a peerlink Request (\(detail)); check the client speaks schema/peerlink.proto", field: "frame")))
    }

    // MARK: Group commit

    /// Forms the next commit batch from queued writes (`WriteBatcher.nextBatch`), answering at once those
    /// refused or with nothing to commit. Called by the loop at the end of each turn while no batch is
    /// committing. Returns the changes to commit, or nil when there is nothing to do.
    public func nextBatch() -> [Change]? {
        while true {
            if let (write, ids) = batcher.takeWriteToValidateOffLoop() {
                if let readers {
                    let side = sides.beginRead()
                    readers.submit(
                        ValidationJob(
                            write: write, ids: ids, now: clock(), side: side, directory: sides.pointer(to: side),
                            dispatcher: self))
                    return nil
                }
                // No reader threads: validated here, as any write.
                var ids = ids
                let result = Result { () throws(PeerlinkError) in try write.spec(context(write.request, write.session), &ids) }
                batcher.validatedOffLoop(result, ids: ids, stamped: false)
            }
            let batch = batcher.nextBatch(
                in: directory, now: clock(), context: { q in self.context(q.request, q.session) },
                answer: { q, a in self.answer(q, a) })
            if batch != nil || !batcher.offLoopWriteIsNext { return batch }
        }
    }

    /// Takes the writer's results for the batch `nextBatch` returned: the committed changes go into memory
    /// (`DirectorySides.publish`), then every waiting connection is answered. When reads still hold the side the
    /// changes go into, that waits until they are answered (`readsFinished`); the next batch waits with it.
    public func batchCommitted(_ results: [StoreError?], storeBytes: Int64) {
        self.storeBytes = storeBytes
        commits += 1
        batcher.batchCommitted(results)
        publishIfReady()
    }

    /// Whether a committed batch waits for reads to leave the stale side (tests, Stats).
    public var isWaitingToPublish: Bool { batcher.changesToPublish != nil }

    /// Set while a large batch goes into the stale side on a reader thread (`PublishJob`).
    private var publishing = false

    private func publishIfReady() {
        guard !publishing, let changes = batcher.changesToPublish, sides.canPublish else { return }
        if let readers, sides.isLarge(changes) {
            publishing = true
            let (stale, pending) = sides.beginPublish(changes)
            readers.submit(PublishJob(stale: stale, changes: pending), first: true)
            return
        }
        sides.publish(changes)
        published(changes)
    }

    /// When nothing has committed for `quietSeconds`: the two sides share their tables again (`ShareJob`), so a
    /// quiet daemon holds its directory once. Called from the daemon's timer.
    public func shareSidesIfQuiet(quietSeconds: Int64 = 2) {
        guard let readers, !publishing, !batcher.isCommitting, batcher.pendingWrites == 0,
            clock() - lastPublishAt >= quietSeconds, let (stale, current) = sides.beginSharing()
        else { return }
        publishing = true
        readers.submit(ShareJob(stale: stale, current: current), first: true)
    }

    /// Whether the sides share their tables now (tests, and the README's memory figures).
    var sidesShareTables: Bool { sides.shareTables && !publishing }

    /// Unix seconds of the last publish (`shareSidesIfQuiet`).
    private var lastPublishAt: Int64 = 0

    private func published(_ changes: [Change]) {
        lastPublishAt = clock()
        committedChanges += UInt64(changes.count)
        batcher.published(answer: { q, a in self.answer(q, a) })
    }

    /// Sends a write's reply, built from memory as it now stands.
    private func answer(_ q: WriteBatcher.Queued, _ answer: WriteBatcher.Answer) {
        guard let sink = q.sink else { return }
        switch answer {
        case .refused(let error):
            sink.deliver(record(q.requestID, q.name, q.started, .failure(error)))
        case .notSaved(let error):
            let failure = PeerlinkError(
                .unavailable, "the change could not be saved, so nothing was changed (\(error)); try again")
            sink.deliver(record(q.requestID, q.name, q.started, .failure(failure)))
        case .done(.result(let build)):
            sink.deliver(record(q.requestID, q.name, q.started, .success(build(directory))))
        case .done(.encoded(let encode)):
            let body = encode(directory, q.requestID)
            recordStats(q.name, q.started, failed: false)
            sink.deliverEncoded(body)
        }
    }
}

/// A token's request allowance: up to `burst` at once, refilled continuously at `perSecond`.
struct TokenBucket {
    var available: Double
    var at: UInt64

    init(available: Double, at: UInt64) {
        self.available = available
        self.at = at
    }

    /// Takes one request's allowance at `now` (monotonic nanoseconds). Returns nil when allowed, else the
    /// seconds until one is available.
    mutating func take(_ limit: RateLimit, at now: UInt64) -> Double? {
        let elapsed = Double(now &- at) / 1e9
        at = now
        available = min(limit.burst, available + elapsed * limit.perSecond)
        if available >= 1 {
            available -= 1
            return nil
        }
        return (1 - available) / limit.perSecond
    }
}
