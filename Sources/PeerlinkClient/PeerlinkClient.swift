#if canImport(Glibc)
import Glibc
#endif
public import PeerlinkCore
public import PeerlinkWire

/// Where the daemon listens.
public enum ServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// The admin unix socket (no token needed: the file mode restricts it to the daemon's user).
    case unixSocket(String)
    case tcp(host: String, port: Int)

    /// Parses `HOST:PORT` (`[::1]:7411` for IPv6).
    public static func tcp(_ text: String) -> ServerAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return .tcp(host: host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    public var description: String {
        switch self {
        case .unixSocket(let p): return p
        case .tcp(let h, let p): return h.contains(":") ? "[\(h)]:\(p)" : "\(h):\(p)"
        }
    }
}

/// Why a call did not succeed.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    /// The daemon could not be reached.
    case cannotConnect(ServerAddress, String)
    /// The connection broke or timed out.
    case io(String)
    /// The daemon answered with a refusal.
    case server(PeerlinkError)
    /// The daemon's bytes were not a valid reply.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .cannotConnect(let a, let why):
            return "cannot reach peerlinkd at \(a): \(why). Is it running? (start it with `peerlinkd`, or pass --socket/--server)"
        case .io(let m): return "connection to peerlinkd failed: \(m)"
        case .server(let e): return e.description
        case .protocolViolation(let m): return "unexpected reply from peerlinkd: \(m)"
        }
    }
}

/// A blocking client for one connection: connect, Hello, then calls in order. Not thread-safe.
///
/// `call` sends one request and waits for its reply. `send` and `receive` let a caller pipeline many
/// requests before reading replies (they come back in request order).
public final class PeerlinkClient {
    private let fd: Int32
    private var decoder = FrameDecoder(maxFrameLength: 1 << 30)
    private var nextID: UInt64 = 1
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// The role the daemon granted in its Hello reply.
    public private(set) var role = ""
    public private(set) var serverVersion = ""

    /// Connects and says Hello. `token` is required over TCP, ignored on the unix socket.
    /// `timeout` bounds every wait for a reply (seconds).
    public init(address: ServerAddress, token: String? = nil, clientName: String = "peerlink-swift", timeout: Double = 30)
        throws(ClientError)
    {
        fd = try PeerlinkClient.connect(address)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var hello = Peerlink_V1_Hello()
        hello.protocolVersion = protocolVersion
        hello.clientName = clientName
        hello.token = token ?? ""
        guard case .hello(let reply) = try call(.hello(hello)) else {
            throw .protocolViolation("Hello was not answered with HelloReply")
        }
        role = reply.role
        serverVersion = reply.serverVersion
    }

    /// Connects without saying Hello (tests of what the daemon does before Hello).
    public init(unauthenticated address: ServerAddress, timeout: Double = 30) throws(ClientError) {
        fd = try PeerlinkClient.connect(address)
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends one operation and returns its result; a refusal throws `.server`.
    @discardableResult
    public func call(_ operation: WireRequest.OneOf_Operation) throws(ClientError) -> WireResponse.OneOf_Result {
        let id = try send(operation)
        let response = try receive()
        guard response.id == id || response.id == 0 else {
            throw .protocolViolation("reply id \(response.id) does not match request id \(id)")
        }
        switch response.result {
        case .error(let e)?: throw .server(PeerlinkError(wire: e))
        case let r?: return r
        case nil: throw .protocolViolation("empty reply")
        }
    }

    /// Sends one request without waiting; returns its id.
    @discardableResult
    public func send(_ operation: WireRequest.OneOf_Operation) throws(ClientError) -> UInt64 {
        var request = WireRequest()
        request.id = nextID
        nextID += 1
        request.operation = operation
        let bytes: [UInt8]
        do { bytes = try request.framed() } catch { throw .protocolViolation("cannot encode request: \(error)") }
        try sendRaw(bytes)
        return request.id
    }

    /// Writes bytes as they are (tests use it to send malformed frames).
    public func sendRaw(_ bytes: [UInt8]) throws(ClientError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            sent += n
        }
    }

    /// Reads the next reply (pipelined replies come back in request order).
    public func receive() throws(ClientError) -> WireResponse {
        while true {
            do {
                if let frame = try decoder.next() {
                    do { return try WireResponse(frame: frame) } catch {
                        throw ClientError.protocolViolation("undecodable reply: \(error)")
                    }
                }
            } catch let e as FrameError {
                throw .protocolViolation("bad frame: \(e)")
            } catch let e as ClientError {
                throw e
            } catch {
                throw .protocolViolation("\(error)")
            }
            let n = readBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { throw .io("the daemon closed the connection") }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .io("timed out waiting for a reply") }
                throw .io(String(cString: strerror(errno)))
            }
            readBuffer.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    private static func connect(_ address: ServerAddress) throws(ClientError) -> Int32 {
        switch address {
        case .unixSocket(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw .cannotConnect(address, String(cString: strerror(errno))) }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                close(fd)
                throw .cannotConnect(address, "socket path is too long")
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let rc = withUnsafePointer(to: &addr) {
                Glibc.connect(fd, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), socklen_t(MemoryLayout<sockaddr_un>.size))
            }
            guard rc == 0 else {
                let why = String(cString: strerror(errno))
                close(fd)
                throw .cannotConnect(address, why)
            }
            return fd
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let rc = getaddrinfo(host, String(port), &hints, &result)
            guard rc == 0, let first = result else {
                throw .cannotConnect(address, String(cString: gai_strerror(rc)))
            }
            defer { freeaddrinfo(result) }
            var lastError = "no address"
            var ai: UnsafeMutablePointer<addrinfo>? = first
            while let a = ai {
                let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
                if fd >= 0 {
                    if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 {
                        var one: Int32 = 1
                        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                        return fd
                    }
                    lastError = String(cString: strerror(errno))
                    close(fd)
                }
                ai = a.pointee.ai_next
            }
            throw .cannotConnect(address, lastError)
        }
    }
}
