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
    /// Whether the socket file at the path is ours (bound by this daemon), so stopping may remove it.
    private var socketBound = false
    private let async: UnsafeMutablePointer<uv_async_t>
    /// Woken by the reader threads when reads finish.
    private let readsAsync: UnsafeMutablePointer<uv_async_t>
    /// Connections with reads delivered this turn, pumped once each after all are delivered.
    private var toPump: [Connection] = []
    private let check: UnsafeMutablePointer<uv_check_t>
    private let timer: UnsafeMutablePointer<uv_timer_t>
    /// Fires the review-due sweep at start and every `config.reviewDueSweepSeconds` (`ReviewDueSweep.swift`).
    private let sweepTimer: UnsafeMutablePointer<uv_timer_t>
    private let signals: [UnsafeMutablePointer<uv_signal_t>]
    private var connections: [Int: Connection] = [:]
    /// Open connections by transport: TCP and the admin socket have separate limits.
    private var tcpConnections = 0, adminConnections = 0
    private var nextConnectionID = 1
    /// Bytes of `config.maxPartialFrameBytesTotal` held by TCP connections for frames still arriving.
    var partialFrameBytesTotal = 0
    /// Reply bytes not yet taken by clients, over all connections (gathered, kept, queued in libuv).
    var outputBytesTotal = 0
    /// Refused connections still open (see `accept`), and how many may be.
    private var lingeringRefusals = 0
    private static let maxLingeringRefusals = 64
    /// Loop time (ms) of the last warning that accept failed, so that a flood logs once in a while, not per try.
    private var lastAcceptWarning: UInt64 = 0
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
        // Before the database is opened (which may take a while): a start that will be refused fails at once.
        try Daemon.checkSocketDirectory(config.resolvedSocketPath, logger: logger)
        Daemon.raiseDescriptorLimit(config: config, logger: logger)
        if geteuid() == 0 {
            logger.warning(
                """
                running as root: every client of the admin socket is admin, and a bug would be root's; run peerlinkd \
                as its own unprivileged user
                """)
        }
        loop = .allocate(capacity: 1)
        try uvCheck(uv_loop_init(loop), "uv_loop_init")
        async = .allocate(capacity: 1)
        readsAsync = .allocate(capacity: 1)
        check = .allocate(capacity: 1)
        timer = .allocate(capacity: 1)
        sweepTimer = .allocate(capacity: 1)
        signals = [.allocate(capacity: 1), .allocate(capacity: 1)]
        let wakeup = LoopWakeup(handle: async)
        let readsWakeup = LoopWakeup(handle: readsAsync)
        let started = ContinuousClock.now
        let (committer, directory, storeBytes) = try CommitThread.start(
            path: config.databasePath, synchronous: config.synchronous, wake: { wakeup.wake() })
        self.committer = committer
        // The async handle is initialised below, before the loop runs; readers only wake it for reads handed out
        // by the loop, which starts after.
        dispatcher = Dispatcher(
            directory: directory, version: version, config: config, readerThreads: config.readerThreads,
            wakeForReads: { readsWakeup.wake() }, clock: { Int64(Date().timeIntervalSince1970) })
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
        uv_async_init(loop, readsAsync) { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().readsFinished()
        }
        readsAsync.pointee.data = me
        // Reads in flight belong to open connections, which keep the loop alive.
        uv_unref(CLibUV_async_handle(readsAsync))
        uv_check_init(loop, check)
        check.pointee.data = me
        uv_check_start(check) { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().endOfTurn()
        }
        uv_timer_init(loop, timer)
        timer.pointee.data = me
        // Deadlines are checked four times a second at most, once a second when they are all long.
        let shortest = [config.helloTimeoutSeconds, config.partialFrameTimeoutSeconds, config.idleTimeoutSeconds].min()!
        let tick: UInt64 = shortest < 5 ? 250 : 1000
        uv_timer_start(timer, { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().checkDeadlines()
        }, tick, tick)
        uv_timer_init(loop, sweepTimer)
        sweepTimer.pointee.data = me
        let sweepEvery = UInt64(config.reviewDueSweepSeconds) * 1000
        uv_timer_start(sweepTimer, { h in
            Unmanaged<Daemon>.fromOpaque(h!.pointee.data).takeUnretainedValue().sweepReviewsDue()
        }, 0, sweepEvery)
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
        socketBound = true
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

    /// Refuses a socket directory in which another user could put their own socket in place of ours (whoever
    /// then talks to the admin socket would talk to them): one writable by others without the sticky bit, or
    /// owned by someone other than us or root. Warns when others may create files in it (sticky, like /tmp).
    private static func checkSocketDirectory(_ path: String, logger: Logger) throws {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var st = stat()
        guard stat(dir, &st) == 0 else {
            throw StartupError("cannot use the socket directory \(dir): \(String(cString: strerror(errno))); create it or choose another --socket")
        }
        let me = geteuid()
        let mode = String(st.st_mode & 0o7777, radix: 8)
        if st.st_uid != me && st.st_uid != 0 {
            throw StartupError(
                "the socket directory \(dir) belongs to another user (uid \(st.st_uid); this daemon runs as uid \(me)): "
                    + "that user could replace the admin socket with their own; put the socket in a directory you or root own "
                    + "(--socket or \"socket\" in the config)")
        }
        let othersMayWrite = st.st_mode & (S_IWGRP | S_IWOTH) != 0
        if othersMayWrite && st.st_mode & S_ISVTX == 0 {
            throw StartupError(
                "the socket directory \(dir) (mode \(mode)) can be written by other users and has no sticky bit: any of them "
                    + "could replace the admin socket with their own and receive what the CLI sends as admin; use a directory "
                    + "only you can write (e.g. chmod go-w \(dir), or --socket in a directory of your own)")
        }
        if othersMayWrite {
            logger.warning(
                """
                the socket directory can be written by other users (sticky): while this daemon is stopped, another \
                user can take the socket's name; prefer a directory only you can write
                """,
                metadata: ["socket.directory": "\(dir)", "mode": "\(mode)"])
        }
    }

    /// Removes a socket file left by a daemon that died; refuses if something still answers on it, and never
    /// removes what is not a socket or belongs to another user.
    private func removeStaleSocket(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFSOCK else {
            throw StartupError("\(path) exists and is not a socket; move it away or choose another --socket")
        }
        guard st.st_uid == geteuid() else {
            throw StartupError(
                "\(path) is a socket of another user (uid \(st.st_uid)), not left by this daemon: refusing to remove or use it "
                    + "(it may be impersonating peerlinkd); have its owner remove it, or choose another --socket")
        }
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

    /// Loop time in milliseconds (cached by libuv for the turn).
    var nowMilliseconds: UInt64 { uv_now(loop) }

    // MARK: Connections

    private func accept(from server: UnsafeMutablePointer<uv_stream_t>, status: Int32, transport: Session.Transport) {
        guard status >= 0, !isStopping else {
            if status < 0 && uv_now(loop) - lastAcceptWarning > 10_000 {
                lastAcceptWarning = uv_now(loop)
                logger.warning(
                    "cannot accept a connection", metadata: ["error": "\(UVError(code: status, call: "accept"))"])
            }
            return
        }
        let handle = UnsafeMutableRawPointer.allocate(byteCount: Connection.handleSize, alignment: 16)
        switch transport {
        case .tcp: uv_tcp_init(loop, handle.assumingMemoryBound(to: uv_tcp_t.self))
        case .unixSocket: uv_pipe_init(loop, handle.assumingMemoryBound(to: uv_pipe_t.self), 0)
        }
        let id = nextConnectionID
        nextConnectionID += 1
        let c = Connection(id: id, handle: handle, transport: transport, daemon: self, now: nowMilliseconds)
        guard uv_accept(server, c.stream) == 0 else {
            c.close()
            return
        }
        if transport == .tcp { uv_tcp_nodelay(handle.assumingMemoryBound(to: uv_tcp_t.self), 1) }
        connections[id] = c
        dispatcher.connectionCount = connections.count
        let (open, limit, key) =
            transport == .tcp
            ? (tcpConnections + 1, config.maxConnections, "max_connections")
            : (adminConnections + 1, config.maxAdminConnections, "max_admin_connections")
        if open > limit {
            let kind = transport == .tcp ? "TCP" : "admin socket"
            if uv_now(loop) - lastAcceptWarning > 10_000 {
                lastAcceptWarning = uv_now(loop)
                logger.warning("connection refused: limit reached", metadata: ["transport": "\(kind)", "limit": "\(limit)"])
            }
            // A refused connection is not counted against the limit. A few linger (reading and dropping what the
            // client sends) so that its first request is not met by a reset and it reads why; in a flood the
            // rest are closed at once.
            let linger = lingeringRefusals < Daemon.maxLingeringRefusals
            if linger { lingeringRefusals += 1 }
            c.refuse("the daemon is at its limit of \(limit) \(kind) connections (\(key)); try again later", linger: linger)
            return
        }
        if transport == .tcp { tcpConnections = open } else { adminConnections = open }
        c.startReading()
    }

    func connectionClosed(_ c: Connection) {
        connections[c.id] = nil
        switch c.refusal {
        case nil: if c.transport == .tcp { tcpConnections -= 1 } else { adminConnections -= 1 }
        case .lingering?: lingeringRefusals -= 1
        case .closing?: break
        }
        dispatcher.connectionCount = connections.count
    }

    /// Closes connections past a deadline (Hello, a frame's arrival, idleness).
    private func checkDeadlines() {
        let now = nowMilliseconds
        for c in Array(connections.values) { c.checkDeadlines(now: now, config: config) }
        dispatcher.shareSidesIfQuiet()
    }

    /// Raises the soft limit on open files to what the connection limits need, or says why it cannot.
    private static func raiseDescriptorLimit(config: ServerConfig, logger: Logger) {
        let needed = config.descriptorsNeeded
        var hard: Int = 0
        let effective = CLibUV_raise_nofile(needed, &hard)
        if effective < 0 {
            logger.warning("cannot read the open-file limit (RLIMIT_NOFILE)", metadata: ["needed": "\(needed)"])
        } else if effective < needed {
            logger.warning(
                """
                the open-file limit is below what the connection limits need: connections beyond it fail to be \
                accepted; raise the hard limit (ulimit -Hn, systemd LimitNOFILE=) or lower max_connections / \
                max_admin_connections
                """,
                metadata: ["limit.effective": "\(effective)", "limit.hard": "\(hard)", "needed": "\(needed)"])
        } else {
            logger.debug("open-file limit", metadata: ["limit.effective": "\(effective)", "needed": "\(needed)"])
        }
    }

    // MARK: Group commit

    /// End of every loop turn: hand whatever writes queued up to the writer thread as one batch.
    private func endOfTurn() {
        dispatcher.turnEnded()
        if !dispatcher.isCommitting, let batch = dispatcher.nextBatch() {
            committer.submit(batch)
        }
        if isStopping && dispatcher.pendingWrites == 0 && dispatcher.readsInFlight == 0 {
            closeEverything()
        }
    }

    /// Answers the reads the reader threads finished, then sends each connection's replies in one write.
    private func readsFinished() {
        dispatcher.readsFinished()
        let connections = toPump
        toPump.removeAll(keepingCapacity: true)
        for c in connections { c.pumpAfterReads() }
    }

    /// Called by a connection that was delivered a read's reply (`Connection.deliverRead`).
    func schedulePump(_ c: Connection) {
        guard !c.pumpScheduled else { return }
        c.pumpScheduled = true
        toPump.append(c)
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
            // Only a socket this daemon bound: a refused start leaves whatever was at the path alone.
            if socketBound { unlink(config.resolvedSocketPath) }
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
        uv_close(CLibUV_timer_handle(sweepTimer), nil)
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
        dispatcher.stopReaders()
        uv_close(CLibUV_async_handle(async), nil)
        uv_close(CLibUV_async_handle(readsAsync), nil)
        uv_run(loop, UV_RUN_DEFAULT)
        let status = uv_loop_close(loop)
        precondition(status == 0, "handles left open at shutdown")
        loop.deallocate()
        async.deallocate()
        readsAsync.deallocate()
        check.deallocate()
        timer.deallocate()
        sweepTimer.deallocate()
        for s in signals { s.deallocate() }
        logger.info("stopped")
    }
}

/// Why the daemon will not start, said so a person can fix it.
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
