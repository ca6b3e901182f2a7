internal import CLibUV
internal import PeerlinkCore
internal import PeerlinkWire
internal import SwiftProtobuf

/// One client connection (TCP or unix socket). Loop thread only.
///
/// Ownership: the handle's `data` holds the one retain libuv keeps; it is released in the close callback,
/// which also frees the handle's memory. Requests are handled strictly in order: a write parks the
/// connection (`waitingForCommit`) until its reply is delivered, so replies stay in order and a client always
/// reads its own writes.
final class Connection: ReplySink {
    let id: Int
    /// Storage big enough for a `uv_tcp_t` or a `uv_pipe_t`; freed in the close callback.
    let handle: UnsafeMutableRawPointer
    private unowned let daemon: Daemon
    /// The daemon's, held here so that a request does not go through the unowned `daemon` (a checked retain and
    /// a release each time) for them.
    private let dispatcher: Dispatcher
    private let maxFrameBytes: Int, maxFrameBeforeHello: Int, maxOutputBufferedBytes: Int, maxInFlight: Int
    private(set) var session: Session
    private var decoder: FrameDecoder
    private var output: [UInt8] = []
    /// Kept replies that go out after `output`'s first `at` bytes, in order: sent from where they lie with the
    /// rest of the output (one `writev`), not copied into it, and referenced until the socket has them.
    private var keptParts: [(at: Int, reply: KeptReply)] = []
    /// The pieces of one flush (`uv_buf_t`s for `uv_try_write`), reused.
    private var pieces: [uv_buf_t] = []
    private var waitingForCommit = false
    private var closeAfterFlush = false
    private(set) var isClosing = false
    private var isReading = false
    var lastActivity: UInt64

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
        maxFrameBytes = config.maxFrameBytes
        maxFrameBeforeHello = config.maxFrameBeforeHello
        maxOutputBufferedBytes = config.maxOutputBufferedBytes
        maxInFlight = config.maxInFlightPerConnection
        self.session = Session(id: id, transport: transport)
        // The unix socket is admin without Hello, so it gets the full frame limit from the start.
        self.decoder = FrameDecoder(
            maxFrameLength: transport == .unixSocket ? config.maxFrameBytes : config.maxFrameBeforeHello)
        self.lastActivity = now
        uvHandle.pointee.data = Unmanaged.passRetained(self).toOpaque()
    }

    var isIdle: Bool { !waitingForCommit && uv_stream_get_write_queue_size(stream) == 0 }

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
        lastActivity = daemon.nowSeconds
        decoder.append(bytes)
        processFrames()
        flush()
    }

    /// Handles complete frames until one must wait for a commit, output backs up, or input runs out.
    private func processFrames() {
        while !waitingForCommit && !closeAfterFlush && !isClosing {
            if uv_stream_get_write_queue_size(stream) > maxOutputBufferedBytes {
                stopReading()  // a slow reader: resume when its replies drain (didWrite)
                return
            }
            let frame: ArraySlice<UInt8>
            do {
                guard let f = try decoder.next() else { break }
                frame = f
            } catch .frameTooLarge(let length, let limit) {
                fail(.limitExceeded, "frame of \(length) bytes is over the limit of \(limit) bytes" + (session.isAuthenticated ? "" : " before Hello"))
                return
            } catch {
                fail(.badRequest, "empty frame: every frame carries a Request")
                return
            }
            switch dispatcher.handle(frame: frame, session: &session, sink: self) {
            case .reply(let response, let close):
                append(response)
                if close { closeAfterFlush = true }
            case .encodedReply(let body):
                FrameEncoder.append(body, to: &output)
            case .keptReply(let id, let reply):
                ReusableReply.appendHead(id: id, restCount: reply.bytes.count, to: &output)
                keptParts.append((output.count, reply))
            case .deferred:
                waitingForCommit = true
            }
            decoder.maxFrameLength = session.isAuthenticated ? maxFrameBytes : maxFrameBeforeHello
        }
        if waitingForCommit
            && (decoder.bufferedBytes > maxFrameBytes
                || decoder.bufferedFrames(upTo: maxInFlight) >= maxInFlight)
        {
            stopReading()  // enough is waiting behind the pending write; read again once it is answered
        }
        if closeAfterFlush { stopReading() }
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

    /// A deferred reply (after a commit): send it, then go on with the requests buffered behind it.
    func deliver(_ response: WireResponse) {
        guard !isClosing else { return }
        append(response)
        resumeAfterDeferredReply()
    }

    /// The same with the reply already encoded.
    func deliverEncoded(_ body: [UInt8]) {
        guard !isClosing else { return }
        FrameEncoder.append(body, to: &output)
        resumeAfterDeferredReply()
    }

    private func resumeAfterDeferredReply() {
        waitingForCommit = false
        processFrames()
        flush()
        if !isReading && !closeAfterFlush && !isClosing && !daemon.isStopping { startReading() }
    }

    /// Sends everything gathered since the last flush in one write.
    ///
    /// With nothing queued ahead, the socket is offered the bytes at once (`uv_try_write`: `output` and the kept
    /// replies between its pieces, one `writev`), which usually takes them all: no copy, no write request, no
    /// callback. Whatever it leaves is copied into a write request.
    func flush() {
        guard !isClosing else { return }
        if output.isEmpty && keptParts.isEmpty {
            if closeAfterFlush && uv_stream_get_write_queue_size(stream) == 0 { close() }
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
            output.removeAll(keepingCapacity: true)
            keptParts.removeAll(keepingCapacity: true)
            if closeAfterFlush { close() }
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
        output.removeAll(keepingCapacity: true)
        keptParts.removeAll(keepingCapacity: true)
        var buf = uv_buf_init(bytes.assumingMemoryBound(to: CChar.self), UInt32(count - sent))
        let status = uv_write(req, stream, &buf, 1, Connection.didWrite)
        if status < 0 {
            block.deallocate()
            close()
        }
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
        let queued = uv_stream_get_write_queue_size(stream)
        if c.closeAfterFlush {
            if queued == 0 { c.close() }
        } else if !c.isReading && !c.waitingForCommit && !c.daemon.isStopping && queued <= c.maxOutputBufferedBytes / 2 {
            c.processFrames()
            c.flush()
            c.startReading()
        }
    }

    // MARK: Closing

    /// Closes the stream; the close callback frees the handle and drops libuv's retain.
    func close() {
        guard !isClosing else { return }
        isClosing = true
        isReading = false
        daemon.connectionClosed(self)
        uv_close(uvHandle) { h in
            let c = Unmanaged<Connection>.fromOpaque(h!.pointee.data).takeRetainedValue()
            c.handle.deallocate()
        }
    }

    /// Answers the first request with `limit_exceeded` without reading it, then closes (too many connections).
    func refuse(_ message: String) {
        var response = WireResponse()
        response.result = .error(PeerlinkError(.limitExceeded, message).wire)
        append(response)
        closeWhenFlushed()
    }

    /// Ends the connection once pending replies are written (graceful stop).
    func closeWhenFlushed() {
        stopReading()
        closeAfterFlush = true
        flush()
    }
}
