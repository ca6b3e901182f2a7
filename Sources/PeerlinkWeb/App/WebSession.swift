import Crypto
public import Hummingbird
public import HummingbirdAuth
import Foundation

/// What the web front end keeps for a signed-in person, on the server only (the cookie holds a random id).
public struct WebSession: Codable, Sendable {
    /// The person's own daemon token: every page is a protocol call made with it.
    var token: String
    /// Its id, so that signing out revokes it.
    var tokenID: Int64
    var role: String
    var personID: Int64
    var name: String
    /// The person's school (heads: the school whose nominations they manage).
    var urn: Int32
    /// Compared in constant time with the `csrf` field of every form this session posts.
    var csrf: String
    /// A one-time message for the next page (post/redirect/get).
    var flash: String?
    /// An uploaded Forms export waiting for the admin to commit it after the dry run.
    var pendingImport: [UInt8]?
    var pendingImportName: String?
}

/// The one request context: Hummingbird's core storage and the session.
public struct WebContext: SessionRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
    }
}

enum Secrets {
    /// 32 random bytes as URL-safe text.
    static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Equal-length comparison whose time does not depend on where the strings differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
