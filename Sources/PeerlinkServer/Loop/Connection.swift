internal import CLibUV
internal import PeerlinkCore
internal import PeerlinkWire
internal import SwiftProtobuf

/// One client connection (TCP or unix socket). Loop thread only.
///
/// Ownership: the handle's `data` holds the one retain libuv keeps; it is released in the close callback,
/// which also frees the handle's memory. Requests are taken in order and replies leave in that order: reads
/// may be answered by reader threads out of turn (`Outcome.offloaded`), so each request gets a sequence number
/// and replies that come early wait in `heldReplies`. A write parks the connection (`waitingForCommit`) until
/// its reply is delivered, and is not taken while the connection's earlier reads are unanswered
/// (`waitingForReads`), so a write sees what came before it and a client always reads its own writes.
///
/// What one client can make the daemon hold is bounded (`ServerConfig`'s limits): input by the frame limit of
/// its role (refused from the length prefix) and, on TCP, by the daemon-wide budget for frames still arriving;
/// output by `maxOutputBufferedBytes` (and the daemon-wide total), after which the connection is not read until
/// its replies drain. Time is bounded too: Hello, a frame's arrival, and idleness each have a deadline
/// (`checkDeadlines`), and bytes arriving are not activity, so a drip of bytes keeps nothing open.
final class Connection: ReplySink {
    let id: Int
    /// Storage big enough for a `uv_tcp_t` or a `uv_pipe_t`; freed in the close callback.
    let handle: UnsafeMutableRawPointer
    private unowned let daemon: Daemon
    /// The daemon's, held here so that a request does not go through the unowned `daemon` (a checked retain and
    /// a release each time) for them.
    private let dispatcher: Dispatcher
    private let maxFrameBeforeHello: Int, maxFrameAdmin: Int, maxFrameNonAdmin: Int
    private let maxOutputBufferedBytes: Int, maxInFlight: Int
    private(set) var session: Session
    let transport: Session.Transport
    private var decoder: FrameDecoder
    private var output: [UInt8] = []
    /// Kept replies that go out after `output`'s first `at` bytes, in order: sent from where they lie with the
    /// rest of the output (one `writev`), not copied into it, and referenced until the socket has them.
    private var keptParts: [(at: Int, reply: KeptReply)] = []
    /// The bytes of `keptParts`' replies, so that output waiting to go is known without a walk.
    private var keptBytes = 0
    /// The pieces of one flush (`uv_buf_t`s for `uv_try_write`), reused.
    private var pieces: [uv_buf_t] = []
    private var waitingForCommit = false
    /// A request that is not a read was put back until the reads before it are answered.
    private var waitingForReads = false
    /// Reads of this connection on reader threads.
    private var readsInFlight = 0
    /// The sequence number of the next request taken, and of the next reply to go out.
    private var nextSequence: UInt64 = 0
    private var sentSequence: UInt64 = 0
    /// The write waiting for its commit.
    private var deferredSequence: UInt64 = 0
    /// Replies ready before an earlier request's, by sequence number.
    private var heldReplies: [UInt64: Outcome] = [:]
    /// Set while the daemon has this connection on its list to pump after reads were delivered.
    var pumpScheduled = false
    private var closeAfterFlush = false
    private(set) var isClosing = false
    private var isReading = false
    /// Milliseconds (loop time) of the connection's start, and of the last request answered or reply bytes
    /// taken by the client: the idle timeout counts from it. Bytes arriving do not move it.
    private let connectedAt: UInt64
    private var lastActivity: UInt64
    /// When the frame now arriving began (ms), nil on a frame boundary: the partial-frame deadline counts from it.
    private var partialSince: UInt64?
    /// Bytes of the daemon's partial-frame budget held for the frame now arriving (TCP only).
    private var reservedPartialBytes = 0
    /// Output bytes (gathered, kept, queued in libuv) last added to the daemon's total.
    private var accountedOutput = 0

    static let handleSize = max(MemoryLayout<uv_tcp_t>.size, MemoryLayout<uv_pipe_t>.size)

    var stream: UnsafeMutablePointer<uv_stream_t> { handle.assumingMemoryBound(to: uv_stream_t.self) }
    var uvHandle: UnsafeMutablePointer<uv_handle_t> { handle.assumingMemoryBound(to: uv_handle_t.self) }

    /// Takes over an initialised, accepted stream handle.
    init(id: Int, handle: UnsafeMutableRawPointer, transport: Session.Transport, daemon: Daemon, now: UInt64) {
        self.id = id
        self.handle = handle
        self.daemon = daemon
        dispatcher = daemon.dispatcher
        let config = daemon.config
        maxFrameBeforeHello = config.maxFrameBeforeHello
        maxFrameAdmin = config.maxFrameBytes
        maxFrameNonAdmin = config.maxFrameBytesNonAdmin
        maxOutputBufferedBytes = config.maxOutputBufferedBytes
        maxInFlight = config.maxInFlightPerConnection
        self.transport = transport
        self.session = Session(id: id, transport: transport)
        // The unix socket is admin without Hello, so it gets the admin's frame limit from the start.
        self.decoder = FrameDecoder(maxFrameLength: config.maxFrame(for: session.role))
        self.connectedAt = now
        self.lastActivity = now
        uvHandle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    /// The frame limit for the session's role now (it changes at Hello).
    private var frameLimit: Int {
        switch session.role {
        case nil: return maxFrameBeforeHello
        case .admin?: return maxFrameAdmin
        case .adviser?, .head?, .supporter?, .web?: return maxFrameNonAdmin
        }
    }

    /// Reply bytes held for this connection: gathered, kept, and queued in libuv.
    private var pendingOutput: Int { output.count + keptBytes + uv_stream_get_write_queue_size(stream) }

    func startReading() {
        guard !isReading, !isClosing else { return }
        isReading = true
        uv_read_start(stream, Connection.allocate, Connection.didRead)
    }

    func stopReading() {
        guard isReading else { return }
        isReading = false
        uv_read_stop(stream)
    }

    // MARK: Input

    private static let allocate: uv_alloc_cb = { handle, suggested, buf in
        let daemon = Unmanaged<Connection>.fromOpaque(handle!.pointee.data).takeUnretainedValue().daemon
        buf!.pointee = uv_buf_init(daemon.readBuffer.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(daemon.readBuffer.count))
    }

    private static let didRead: uv_read_cb = { stream, nread, buf in
        let c = Unmanaged<Connection>.fromOpaque(stream!.pointee.data).takeUnretainedValue()
        if nread > 0 {
            c.received(UnsafeRawBufferPointer(start: buf!.pointee.base, count: nread))
        } else if nread < 0 {
            // EOF or a reset: nothing more will arrive. 0 means EAGAIN and needs nothing.
            c.close()
        }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        guard refusal == nil else { return }  // a refused connection's input is dropped unread
        decoder.append(bytes)
        pump()
    }

    /// Handles what is buffered, sends the replies, budgets the frame still arriving, and reads on only while
    /// nothing is over a limit. Every path that can unblock the connection (bytes in, a deferred reply, replies
    /// drained) comes here, so the decision to read is taken in one place.
    private func pump() {
        let (answered, mayRead) = processFrames()
        if answered || partialSince != nil || reservedPartialBytes != 0 || decoder.bufferedBytes != 0 {
            trackIncompleteFrame(now: daemon.nowMilliseconds, answered: answered)
        }
        flush()
        guard !isClosing else { return }
        accountOutput()
        if mayRead && !closeAfterFlush && !daemon.isStopping
            && (accountedOutput == 0 || daemon.outputBytesTotal <= daemon.config.maxOutputBufferedBytesTotal)
        {
            startReading()
        } else {
            stopReading()
        }
    }

    /// Handles complete frames until one must wait for a commit, output backs up, or input runs out.
    /// Returns whether any request was answered, and whether reading may go on (false: output is over its
    /// limit, or enough input waits behind a pending write, or the connection is ending).
    private func processFrames() -> (answered: Bool, mayRead: Bool) {
        var answered = false
        while !waitingForCommit && !waitingForReads && !tooManyUnanswered && !closeAfterFlush && !isClosing {
            let gathered = output.count + keptBytes
            if gathered > maxOutputBufferedBytes / 4 || gathered + uv_stream_get_write_queue_size(stream) > maxOutputBufferedBytes {
                // Replies pile up (a client pipelining more than it reads): hand them to the socket, and stop
                // here while the client is not taking them (didWrite resumes). So `output` itself is bounded,
                // not only libuv's queue: at most the limit, a quarter of it gathered, and one reply.
                flush()
                if isClosing { return (answered, false) }
                if pendingOutput > maxOutputBufferedBytes { return (answered, false) }
            }
            let frame: ArraySlice<UInt8>
            do {
                guard let f = try decoder.next() else { break }
                frame = f
            } catch .frameTooLarge(let length, let limit) {
                fail(.limitExceeded, "frame of \(length) bytes is over the limit of \(limit) bytes " + frameLimitReason())
                return (answered, false)
            } catch {
                fail(.badRequest, "empty frame: every frame carries a Request")
                return (answered, false)
            }
            let sequence = nextSequence
            let outcome = dispatcher.handle(
                frame: frame, session: &session, sink: self, sequence: sequence, readsPending: readsInFlight > 0)
            switch outcome {
            case .waitForReads:
                decoder.unread(frame)
                waitingForReads = true
                continue
            case .offloaded:
                readsInFlight += 1
            case .deferred:
                deferredSequence = sequence
                waitingForCommit = true
            case .reply(_, let close):
                if close { closeAfterFlush = true }
                send(outcome, sequence: sequence)
            case .encodedReply, .keptReply:
                send(outcome, sequence: sequence)
            }
            nextSequence += 1
            answered = true
            decoder.maxFrameLength = frameLimit
        }
        if closeAfterFlush || isClosing { return (answered, false) }
        if (waitingForCommit || waitingForReads || tooManyUnanswered)
            && (decoder.bufferedBytes > frameLimit || decoder.bufferedFrames(upTo: maxInFlight) >= maxInFlight)
        {
            return (answered, false)  // enough is waiting behind pending replies; read again once they are sent
        }
        return (answered, true)
    }

    /// Requests taken whose replies have not gone out (being computed, or held behind one that is) are at the
    /// limit: take no more until some go.
    private var tooManyUnanswered: Bool {
        readsInFlight >= Connection.maxReadsInFlight || nextSequence - sentSequence >= UInt64(maxInFlight)
    }

    /// Reads one connection may have on reader threads at once: enough to keep every reader busy for a
    /// pipelining client, few enough that the replies they bring back together stay small beside the output
    /// limit (which is checked before each request is taken, not when a reader finishes).
    static let maxReadsInFlight = 16

    /// Which limit a refused frame met, and what the client can do.
    private func frameLimitReason() -> String {
        switch session.role {
        case nil: return "before Hello (send Hello first; max_frame_bytes_before_hello)"
        case .admin?: return "(max_frame_bytes)"
        case let role?:
            return "for \(role.rawValue) tokens (max_frame_bytes_non_admin; larger requests such as imports are for admin)"
        }
    }

    /// Keeps the partial-frame deadline and, on TCP, the daemon-wide partial-frame budget for the frame now
    /// arriving: a frame whose announced length does not fit in what is left is refused before its body is read.
    private func trackIncompleteFrame(now: UInt64, answered: Bool) {
        if answered { lastActivity = now }
        guard !closeAfterFlush, !isClosing, let length = decoder.incompleteFrameLength else {
            partialSince = nil
            releasePartialBudget()
            decoder.releaseMemory(keepingUpTo: 1 << 20)
            return
        }
        // A frame was completed since it was last seen: the one arriving now is a new one.
        if partialSince == nil || answered { partialSince = now }
        guard transport == .tcp, length != reservedPartialBytes, length <= decoder.maxFrameLength else { return }
        releasePartialBudget()
        let budget = daemon.config.maxPartialFrameBytesTotal
        guard daemon.partialFrameBytesTotal + length <= budget else {
            daemon.logger.warning(
                "frame refused: partial-frame budget full",
                metadata: ["connection.id": "\(id)", "frame.bytes": "\(length)", "budget": "\(budget)"])
            fail(
                .limitExceeded,
                "frame of \(length) bytes does not fit in what is left of the daemon's budget of \(budget) bytes for "
                    + "frames still arriving on all connections (max_partial_frame_bytes_total); try again later")
            return
        }
        daemon.partialFrameBytesTotal += length
        reservedPartialBytes = length
    }

    private func releasePartialBudget() {
        guard reservedPartialBytes != 0 else { return }
        daemon.partialFrameBytesTotal -= reservedPartialBytes
        reservedPartialBytes = 0
    }

    /// Adds the change in this connection's unsent output to the daemon's total.
    private func accountOutput() {
        let now = isClosing ? 0 : pendingOutput
        guard now != accountedOutput else { return }
        daemon.outputBytesTotal += now - accountedOutput
        accountedOutput = now
    }

    /// Closes the connection when a deadline has passed (called about once a second): Hello not done in time,
    /// a frame not completed in time while the daemon was reading it, or no activity for the idle timeout.
    func checkDeadlines(now: UInt64, config: ServerConfig) {
        guard !isClosing else { return }
        if refusal != nil {
            if now - connectedAt > Connection.lingerMilliseconds { close() }
        } else if !session.isAuthenticated && now - connectedAt > UInt64(config.helloTimeoutSeconds) * 1000 {
            expire(
                .unauthenticated,
                "Hello did not arrive within \(config.helloTimeoutSeconds) s of connecting (hello_timeout_seconds)")
        } else if let since = partialSince, isReading, now - since > UInt64(config.partialFrameTimeoutSeconds) * 1000 {
            expire(
                .limitExceeded,
                "a frame did not complete within \(config.partialFrameTimeoutSeconds) s (partial_frame_timeout_seconds)")
        } else if !waitingForCommit && readsInFlight == 0 && now - lastActivity > UInt64(config.idleTimeoutSeconds) * 1000 {
            daemon.logger.debug("closing idle connection", metadata: ["connection.id": "\(id)"])
            close()
        }
    }

    /// Offers a last error to the client, then closes at once whether or not it was taken.
    private func expire(_ code: ErrorCode, _ message: String) {
        daemon.logger.info("closing connection", metadata: ["connection.id": "\(id)", "reason": "\(message)"])
        if uv_stream_get_write_queue_size(stream) == 0 {
            var response = WireResponse()
            var e = Peerlink_V1_Error()
            e.code = code.rawValue
            e.message = message + "; closing the connection"
            response.result = .error(e)
            append(response)
            closeAfterFlush = true
            flush()
        }
        close()
    }

    /// Replies with an error that ends the connection (the stream cannot be trusted after it).
    private func fail(_ code: ErrorCode, _ message: String) {
        var response = WireResponse()
        var e = Peerlink_V1_Error()
        e.code = code.rawValue
        e.message = message + "; closing the connection"
        e.field = "frame"
        response.result = .error(e)
        append(response)
        closeAfterFlush = true
        stopReading()
    }

    // MARK: Output

    private func append(_ response: WireResponse) {
        do {
            try response.appendFramed(to: &output)
        } catch {
            daemon.logger.error("cannot encode a response", metadata: ["error": "\(error)"])
        }
    }

    /// Puts a reply in the output if every earlier request's has gone, else holds it until they have; then
    /// sends any held replies that are next.
    private func send(_ reply: Outcome, sequence: UInt64) {
        guard sequence == sentSequence else {
            heldReplies[sequence] = reply
            return
        }
        write(reply)
        sentSequence += 1
        while !heldReplies.isEmpty, let next = heldReplies.removeValue(forKey: sentSequence) {
            write(next)
            sentSequence += 1
        }
    }

    private func write(_ reply: Outcome) {
        switch reply {
        case .reply(let response, _):
            append(response)
        case .encodedReply(let body):
            FrameEncoder.append(body, to: &output)
        case .keptReply(let id, let kept):
            ReusableReply.appendHead(id: id, restCount: kept.bytes.count, to: &output)
            keptParts.append((output.count, kept))
            keptBytes += kept.bytes.count
        case .deferred, .offloaded, .waitForReads:
            preconditionFailure("not a reply")
        }
    }

    /// A deferred reply (after a commit): send it, then go on with the requests buffered behind it.
    func deliver(_ response: WireResponse) {
        guard !isClosing else { return }
        send(.reply(response, close: false), sequence: deferredSequence)
        resumeAfterDeferredReply()
    }

    /// The same with the reply already encoded.
    func deliverEncoded(_ body: [UInt8]) {
        guard !isClosing else { return }
        send(.encodedReply(body), sequence: deferredSequence)
        resumeAfterDeferredReply()
    }

    private func resumeAfterDeferredReply() {
        waitingForCommit = false
        lastActivity = daemon.nowMilliseconds
        pump()
    }

    /// A read answered on a reader thread. The daemon pumps the connection once after delivering every read
    /// that finished together, so their replies leave in one write.
    func deliverRead(_ reply: Outcome, sequence: UInt64) {
        readsInFlight -= 1
        if readsInFlight == 0 { waitingForReads = false }
        guard !isClosing else { return }
        send(reply, sequence: sequence)
        lastActivity = daemon.nowMilliseconds
        daemon.schedulePump(self)
    }

    /// Called by the daemon for a connection `deliverRead` put on its list.
    func pumpAfterReads() {
        pumpScheduled = false
        guard !isClosing else { return }
        pump()
    }

    /// Whether replies are still to come from a commit or a reader thread (a closing connection waits for them).
    private var repliesPending: Bool { readsInFlight > 0 || waitingForCommit }

    /// Sends everything gathered since the last flush in one write.
    ///
    /// With nothing queued ahead, the socket is offered the bytes at once (`uv_try_write`: `output` and the kept
    /// replies between its pieces, one `writev`), which usually takes them all: no copy, no write request, no
    /// callback. Whatever it leaves is copied into a write request.
    func flush() {
        guard !isClosing else { return }
        if output.isEmpty && keptParts.isEmpty {
            if closeAfterFlush && !repliesPending && uv_stream_get_write_queue_size(stream) == 0 { close() }
            return
        }
        let count = keptParts.reduce(output.count) { $0 + $1.reply.bytes.count }
        var sent = 0
        if uv_stream_get_write_queue_size(stream) == 0 {
            let n = output.withUnsafeBytes { raw -> Int32 in
                pieces.removeAll(keepingCapacity: true)
                forEachPiece(of: raw) { piece in
                    pieces.append(uv_buf_init(
                        UnsafeMutableRawPointer(mutating: piece.baseAddress!).assumingMemoryBound(to: CChar.self),
                        UInt32(piece.count)))
                }
                return pieces.withUnsafeBufferPointer { uv_try_write(stream, $0.baseAddress, UInt32($0.count)) }
            }
            if n > 0 {
                sent = Int(n)
            } else if n != UV_EAGAIN.rawValue {
                close()  // the peer is gone (EPIPE, ECONNRESET)
                return
            }
        }
        if sent == count {
            clearOutput()
            if closeAfterFlush && !repliesPending { close() }
            return
        }
        // One block: the write request, then the bytes the socket did not take; freed in didWrite.
        let reqSize = (MemoryLayout<uv_write_t>.size + 15) & ~15
        let block = UnsafeMutableRawPointer.allocate(byteCount: reqSize + count - sent, alignment: 16)
        let req = block.bindMemory(to: uv_write_t.self, capacity: 1)
        let bytes = block + reqSize
        output.withUnsafeBytes { raw in
            var skip = sent
            var to = bytes
            forEachPiece(of: raw) { piece in
                guard skip < piece.count else {
                    skip -= piece.count
                    return
                }
                to.copyMemory(from: piece.baseAddress! + skip, byteCount: piece.count - skip)
                to += piece.count - skip
                skip = 0
            }
        }
        clearOutput()
        var buf = uv_buf_init(bytes.assumingMemoryBound(to: CChar.self), UInt32(count - sent))
        let status = uv_write(req, stream, &buf, 1, Connection.didWrite)
        if status < 0 {
            block.deallocate()
            close()
        }
    }

    /// Empties the output, freeing its buffer after a burst so that an idle connection does not keep it.
    private func clearOutput() {
        if output.capacity > 1 << 20 { output = [] } else { output.removeAll(keepingCapacity: true) }
        keptParts.removeAll(keepingCapacity: true)
        keptBytes = 0
    }

    /// The output in sending order, as non-empty pieces: `raw` (the output buffer's bytes) cut where kept replies go.
    private func forEachPiece(of raw: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var from = 0
        for part in keptParts {
            if part.at > from { body(UnsafeRawBufferPointer(rebasing: raw[from..<part.at])) }
            if !part.reply.bytes.isEmpty { body(UnsafeRawBufferPointer(part.reply.bytes)) }
            from = part.at
        }
        if raw.count > from { body(UnsafeRawBufferPointer(rebasing: raw[from...])) }
    }

    private static let didWrite: uv_write_cb = { req, status in
        let stream = req!.pointee.handle!
        UnsafeMutableRawPointer(req!).deallocate()
        let c = Unmanaged<Connection>.fromOpaque(stream.pointee.data).takeUnretainedValue()
        guard !c.isClosing else { return }
        if status < 0 {
            c.close()
            return
        }
        guard c.refusal == nil else { return }
        let queued = uv_stream_get_write_queue_size(stream)
        if c.closeAfterFlush {
            if queued == 0 && !c.repliesPending { c.close() }
            return
        }
        // The client is taking its replies: that is activity, and may let it be read again.
        let daemon = c.daemon
        c.lastActivity = daemon.nowMilliseconds
        c.accountOutput()
        if !c.isReading && !c.waitingForCommit && !c.waitingForReads && !daemon.isStopping && queued <= c.maxOutputBufferedBytes / 2
            && (queued == 0 || daemon.outputBytesTotal <= daemon.config.maxOutputBufferedBytesTotal)
        {
            c.pump()
        }
    }

    // MARK: Closing

    /// Closes the stream; the close callback frees the handle and drops libuv's retain.
    func close() {
        guard !isClosing else { return }
        isClosing = true
        isReading = false
        releasePartialBudget()
        accountOutput()
        daemon.connectionClosed(self)
        uv_close(uvHandle) { h in
            let c = Unmanaged<Connection>.fromOpaque(h!.pointee.data).takeRetainedValue()
            c.handle.deallocate()
        }
    }

    /// How a connection over its transport's limit is being refused, nil for one being served.
    enum Refusal { case lingering, closing }
    private(set) var refusal: Refusal?
    /// How long a refused connection lingers (ms), reading and dropping input, before it is closed.
    private static let lingerMilliseconds: UInt64 = 2000

    /// Answers `limit_exceeded` before any request is read (too many connections). With `linger`, the
    /// connection then reads and drops what the client sends until it hangs up or `lingerMilliseconds` pass,
    /// so that the client's first request is not answered by a reset (which could discard the error unread);
    /// without, it closes once the error is written.
    func refuse(_ message: String, linger: Bool) {
        refusal = linger ? .lingering : .closing
        var response = WireResponse()
        response.result = .error(PeerlinkError(.limitExceeded, message).wire)
        append(response)
        if linger {
            flush()
            if !isClosing {
                isReading = true
                uv_read_start(stream, Connection.allocate, Connection.didRead)
            }
        } else {
            closeWhenFlushed()
        }
    }

    /// Ends the connection once pending replies are written (graceful stop).
    func closeWhenFlushed() {
        stopReading()
        closeAfterFlush = true
        flush()
    }
}
