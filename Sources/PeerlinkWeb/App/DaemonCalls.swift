public import NIOPosix
public import PeerlinkClient
import PeerlinkCore

/// Makes blocking protocol calls to peerlinkd off Swift concurrency's shared pool.
///
/// Hummingbird handlers run on the shared cooperative pool (one thread per core); a blocking socket call made
/// there starves every other request (STYLE §9). Each call runs on this pool's own threads, opens a TCP
/// connection, says Hello with the token it is given (so the daemon checks that token, revoked or not, on
/// every request), makes its calls and closes. Only Sendable values cross: the token in, the reply out.
public struct DaemonCalls: Sendable {
    public let address: ServerAddress
    let pool: NIOThreadPool
    /// Seconds a call may wait for the daemon.
    let timeout: Double

    public init(address: ServerAddress, threads: Int, timeout: Double = 15) {
        self.address = address
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        self.timeout = timeout
    }

    /// Connects as `token` and runs `body` with the client. Throws `ClientError`.
    public func run<T: Sendable>(
        token: String, _ body: @escaping @Sendable (PeerlinkClient) throws(ClientError) -> T
    ) async throws -> T {
        let address = self.address
        let timeout = self.timeout
        return try await pool.runIfActive {
            let client = try PeerlinkClient(address: address, token: token, clientName: "peerlink-web", timeout: timeout)
            return try body(client)
        }
    }

    public func shutdown() async throws { try await pool.shutdownGracefully() }
}
