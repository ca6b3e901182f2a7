internal import CLibUV
internal import Foundation
public import Logging
import PeerlinkCore
internal import PeerlinkStore

/// The daemon: one libuv loop thread that accepts, reads, dispatches and writes, and a writer thread that
/// group-commits changes to SQLite.
///
/// `init` opens and loads the database and binds the listeners; `run()` serves until SIGINT/SIGTERM (or
/// `requestStop()` from the loop), then stops gracefully: no new connections, queued writes commit and are
/// answered, replies are flushed, every handle is closed, and the loop is closed.
public final class Daemon {
    let config: ServerConfig
    let logger: Logger
    let dispatcher: Dispatcher
    private let committer: CommitThread
    private let loop: UnsafeMutablePointer<uv_loop_t>
    private var tcpListener: UnsafeMutablePointer<uv_tcp_t>?
    private var pipeListener: UnsafeMutablePointer<uv_pipe_t>?
    private let async: UnsafeMutablePointer<uv_async_t>
    private let check: UnsafeMutablePointer<uv_check_t>
    private let timer: UnsafeMutablePointer<uv_timer_t>
    private let signals: [UnsafeMutablePointer<uv_signal_t>]
    private var connections: [Int: Connection] = [:]
    private var nextConnectionID = 1
    private(set) var isStopping = false
    /// Shared by every connection's reads: each read is handled completely before the next one.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    /// The TCP port actually bound (useful with port 0), or nil without TCP.
    public private(set) var tcpPort: Int?
    public var socketPath: String { config.resolvedSocketPath }

    public init(config: ServerConfig, logger: Logger, version: String) throws {
        self.config = config
        self.logger = logger
        CLibUV_ignore_sigpipe()
        CLibUV_unblock_stop_signals()
        loop = .allocate(capacity: 1)
        try uvCheck(uv_loop_init(loop), "uv_loop_init")
        async = .allocate(capacity: 1)
        check = .allocate(capacity: 1)
        timer = .allocate(capacity: 1)
        signals = [.allocate(capacity: 1), .allocate(capacity: 1)]
        let wakeup = LoopWakeup(handle: async)
        let started = ContinuousClock.now
        let (committer, directory, storeBytes) = try CommitThread.start(
            path: config.databasePath, synchronous: config.synchronous, wake: { wakeup.wake() })
        self.committer = committer
        dispatcher = Dispatcher(directory: directory, version: version, config: config, clock: { Int64(Date().timeIntervalSince1970) })
        dispatcher.storeBytes = storeBytes
        let loadTime = ContinuousClock.now - started
        logger.info(
            "directory loaded",
            metadata: [
                "db.path": "\(config.databasePath)", "load.ms": "\(loadTime.components.attoseconds / 1_000_000_000_000_000 + loadTime.components.seconds * 1000)",
                "schools": "\(directory.schools.count)", "nominations": "\(directory.nominations.count)",
            ])

        let me = Unmanaged.passUnretained(self).toOpaque()
        uv_async_init(loop, async) { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().commitFinished()
        }
        async.pointee.data = me
        // Only a committing batch needs the wakeup, and a batch keeps the check handle busy anyway; unref'd,
        // the async handle does not keep a stopping loop alive.
        uv_unref(CLibUV_async_handle(async))
        uv_check_init(loop, check)
        check.pointee.data = me
        uv_check_start(check) { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().endOfTurn()
        }
        uv_timer_init(loop, timer)
        timer.pointee.data = me
        uv_timer_start(timer, { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().closeIdleConnections()
        }, 1000, 1000)
        for (handle, signum) in zip(signals, [SIGINT, SIGTERM]) {
            uv_signal_init(loop, handle)
            handle.pointee.data = me
            uv_signal_start(handle, { h, signum in
                let d = Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue()
                d.logger.info("stopping", metadata: ["signal": "\(signum)"])
                d.requestStop()
            }, signum)
        }
        do {
            try listen()
        } catch {
            requestStop()
            uv_run(loop, UV_RUN_DEFAULT)
            finishStop()
            throw error
        }
    }

    deinit {
        readBuffer.deallocate()
    }

    private func listen() throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        if let host = config.tcpHost {
            let tcp = UnsafeMutablePointer<uv_tcp_t>.allocate(capacity: 1)
            uv_tcp_init(loop, tcp)
            tcp.pointee.data = me
            tcpListener = tcp
            var address = try socketAddress(host: host, port: config.tcpPort)
            _ = try withUnsafePointer(to: &address) { p throws(UVError) in
                try uvCheck(uv_tcp_bind(tcp, UnsafeRawPointer(p).assumingMemoryBound(to: sockaddr.self), 0), "bind \(host):\(config.tcpPort)")
            }
            try uvCheck(uv_listen(CLibUV_tcp_stream(tcp), 511) { s, status in
                Unmanaged<Daemon>.fromOpaque(s!.pointee.data).takeUnretainedValue().accept(from: s!, status: status, transport: .tcp)
            }, "listen on \(host):\(config.tcpPort)")
            var bound = sockaddr_storage()
            var len = Int32(MemoryLayout<sockaddr_storage>.size)
            withUnsafeMutablePointer(to: &bound) { p in
                _ = uv_tcp_getsockname(tcp, UnsafeMutableRawPointer(p).assumingMemoryBound(to: sockaddr.self), &len)
            }
            tcpPort = withUnsafePointer(to: &bound) { p in
                Int(UInt16(bigEndian: UnsafeRawPointer(p).assumingMemoryBound(to: sockaddr_in.self).pointee.sin_port))
            }
        }
        let path = config.resolvedSocketPath
        let pipe = UnsafeMutablePointer<uv_pipe_t>.allocate(capacity: 1)
        uv_pipe_init(loop, pipe, 0)
        pipe.pointee.data = me
        pipeListener = pipe
        try removeStaleSocket(path)
        // The socket is born owner-only: whoever can open it is admin.
        let oldMask = umask(0o077)
        let bindStatus = uv_pipe_bind(pipe, path)
        umask(oldMask)
        try uvCheck(bindStatus, "bind unix socket \(path)")
        chmod(path, 0o600)
        try uvCheck(uv_listen(CLibUV_pipe_stream(pipe), 128) { s, status in
            Unmanaged<Daemon>.fromOpaque(s!.pointee.data).takeUnretainedValue().accept(from: s!, status: status, transport: .unixSocket)
        }, "listen on \(path)")
        logger.info(
            "listening",
            metadata: [
                "tcp.address": "\(config.tcpHost.map { "\($0):\(tcpPort ?? 0)" } ?? "off")", "socket.path": "\(path)",
            ])
    }

    /// Removes a socket file left by a daemon that died; refuses if something still answers on it.
    private func removeStaleSocket(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let ok = withUnsafeMutableBytes(of: &addr.sun_path) { raw -> Bool in
            let bytes = Array(path.utf8)
            guard bytes.count < raw.count else { return false }
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
            return true
        }
        if ok {
            let connected = withUnsafePointer(to: &addr) { p in
                connect(fd, UnsafeRawPointer(p).assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
            if connected {
                throw UVError(code: UV_EADDRINUSE.rawValue, call: "another peerlinkd is serving \(path)")
            }
        }
        unlink(path)
    }

    /// Serves until stopped, then closes everything. Call once, on the thread that created the daemon.
    public func run() {
        uv_run(loop, UV_RUN_DEFAULT)
        finishStop()
    }

    var nowSeconds: UInt64 { uv_now(loop) / 1000 }

    // MARK: Connections

    private func accept(from server: UnsafeMutablePointer<uv_stream_t>, status: Int32, transport: Session.Transport) {
        guard status >= 0, !isStopping else { return }
        let handle = UnsafeMutableRawPointer.allocate(byteCount: Connection.handleSize, alignment: 16)
        switch transport {
        case .tcp: uv_tcp_init(loop, handle.assumingMemoryBound(to: uv_tcp_t.self))
        case .unixSocket: uv_pipe_init(loop, handle.assumingMemoryBound(to: uv_pipe_t.self), 0)
        }
        let id = nextConnectionID
        nextConnectionID += 1
        let c = Connection(id: id, handle: handle, transport: transport, daemon: self, now: nowSeconds)
        guard uv_accept(server, c.stream) == 0 else {
            c.close()
            return
        }
        if transport == .tcp { uv_tcp_nodelay(handle.assumingMemoryBound(to: uv_tcp_t.self), 1) }
        connections[id] = c
        dispatcher.connectionCount = connections.count
        if connections.count > config.maxConnections {
            logger.warning("connection refused: limit reached", metadata: ["limit": "\(config.maxConnections)"])
            c.refuse("the daemon is at its limit of \(config.maxConnections) connections; try again later")
            return
        }
        c.startReading()
    }

    func connectionClosed(_ c: Connection) {
        connections[c.id] = nil
        dispatcher.connectionCount = connections.count
    }

    private func closeIdleConnections() {
        let now = nowSeconds
        for c in connections.values where c.isIdle && now - c.lastActivity > UInt64(config.idleTimeoutSeconds) {
            logger.debug("closing idle connection", metadata: ["connection.id": "\(c.id)"])
            c.close()
        }
    }

    // MARK: Group commit

    /// End of every loop turn: hand whatever writes queued up to the writer thread as one batch.
    private func endOfTurn() {
        if !dispatcher.isCommitting, let batch = dispatcher.nextBatch() {
            committer.submit(batch)
        }
        if isStopping && dispatcher.pendingWrites == 0 {
            closeEverything()
        }
    }

    private func commitFinished() {
        guard let results = committer.takeResults() else { return }
        for case let e? in results.errors {
            logger.error("commit failed", metadata: ["error": "\(e)"])
        }
        dispatcher.batchCommitted(results.errors, storeBytes: results.storeBytes)
    }

    // MARK: Stopping

    /// Stops accepting and reading; queued writes still commit and are answered. Loop thread only.
    public func requestStop() {
        guard !isStopping else { return }
        isStopping = true
        if let tcp = tcpListener { uv_close(CLibUV_tcp_handle(tcp)) { h in UnsafeMutableRawPointer(h!).deallocate() } }
        if let pipe = pipeListener {
            uv_close(CLibUV_pipe_handle(pipe)) { h in UnsafeMutableRawPointer(h!).deallocate() }
            unlink(config.resolvedSocketPath)
        }
        tcpListener = nil
        pipeListener = nil
        for c in connections.values { c.stopReading() }
    }

    private var closed = false

    private func closeEverything() {
        guard !closed else { return }
        closed = true
        for c in connections.values { c.closeWhenFlushed() }
        uv_close(CLibUV_check_handle(check), nil)
        uv_close(CLibUV_timer_handle(timer), nil)
        for s in signals { uv_close(CLibUV_signal_handle(s), nil) }
    }

    private func finishStop() {
        // Run until every connection has flushed and every handle has closed.
        if !isStopping { requestStop() }
        while uv_run(loop, UV_RUN_DEFAULT) != 0 {}
        if committer.stopAndWait() {
            logger.info("database checkpointed and closed", metadata: ["db.path": "\(config.databasePath)"])
        } else {
            logger.warning(
                "database closed, but a reader kept the WAL from being checkpointed; it is read back at the next start",
                metadata: ["db.path": "\(config.databasePath)"])
        }
        uv_close(CLibUV_async_handle(async), nil)
        uv_run(loop, UV_RUN_DEFAULT)
        let status = uv_loop_close(loop)
        precondition(status == 0, "handles left open at shutdown")
        loop.deallocate()
        async.deallocate()
        check.deallocate()
        timer.deallocate()
        for s in signals { s.deallocate() }
        logger.info("stopped")
    }
}
