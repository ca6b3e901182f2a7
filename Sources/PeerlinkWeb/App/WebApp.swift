import Foundation
public import Hummingbird
import HummingbirdAuth
public import Logging
import NIOCore
public import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Synchronization

/// Everything `peerlink-web` is told on its command line.
public struct WebConfig: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the chosen one is logged as `listening on http://HOST:PORT`.
    public var port = 8080
    /// The daemon's TCP address. Never its unix socket: that is admin for every caller.
    public var daemon = ServerAddress.tcp(host: "127.0.0.1", port: 7411)
    /// The web service's own token (role `web`): redeeming invitations, the outbox, Stats for /metrics.
    public var serviceToken = ""
    /// The address people reach this server at, for the links in emails; nil: the address it listens on.
    public var publicURL: String?
    /// Mark the session cookie Secure (behind TLS).
    public var secureCookies = false
    /// The sendmail-compatible command each message is piped to (`/usr/sbin/msmtp -t`); nil leaves the outbox
    /// for another sender.
    public var sendmail: String?
    public var mailFrom = "peerlink <peerlink@localhost>"
    /// Seconds between outbox polls.
    public var outboxInterval = 5.0
    /// Threads for blocking daemon calls (calls in flight at once).
    public var threads = 16
    /// Hours a browser session lasts without use.
    public var sessionHours = 12

    public init() {}
}

/// The web front end: one value holding what every route needs.
public struct WebApp: Sendable {
    public let config: WebConfig
    let daemon: DaemonCalls
    let pages: Pages
    let metrics = Metrics()
    let logger: Logger
    /// The address it listens on, once it does (port 0 picks one).
    let listening = Box()

    final class Box: Sendable {
        private let value = Mutex<String?>(nil)
        func withLock<T>(_ body: (inout String?) -> T) -> T { value.withLock { body(&$0) } }
    }

    /// The base of links in emails.
    var linkBase: String {
        let base = config.publicURL ?? listening.withLock { $0 } ?? "http://\(config.host):\(config.port)"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    public init(config: WebConfig, logger: Logger) throws {
        if case .unixSocket = config.daemon {
            throw WebStartupError("--daemon must be the daemon's TCP address (HOST:PORT): its unix socket is admin for every caller")
        }
        guard !config.serviceToken.isEmpty else {
            throw WebStartupError(
                "peerlink-web needs its own token: `peerlink token create --role web --label peerlink-web > web.token`, then --token-file web.token")
        }
        self.config = config
        self.logger = logger
        daemon = DaemonCalls(address: config.daemon, threads: config.threads)
        pages = try Pages()
    }

    /// Builds the router and runs the server (and the outbox sender) until SIGINT/SIGTERM.
    public func run() async throws {
        let persist = MemoryPersistDriver()
        let router = Router(context: WebContext.self)
        router.add(middleware: MetricsRecorder(metrics: metrics))
        router.add(
            middleware: SessionMiddleware(
                storage: persist,
                configuration: .init(
                    sessionCookieParameters: .init(
                        name: "peerlink_session", secure: config.secureCookies, sameSite: .lax),
                    defaultSessionExpiration: .seconds(config.sessionHours * 3600))))
        addPublicRoutes(router)
        addOperationsRoutes(router)
        addHeadRoutes(router)
        addAdviserRoutes(router)
        addEngagementRoutes(router)
        addAdminRoutes(router)
        addSupporterRoutes(router)

        let logger = self.logger
        let host = config.host
        let listening = self.listening
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "peerlink-web"),
            services: [persist],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                listening.withLock { $0 = "http://\(host):\(port)" }
                logger.notice("listening on http://\(host):\(port)")
            },
            logger: logger)
        let sender: Task<Void, Never>? = config.sendmail.map { command in
            let s = OutboxSender(app: self, command: command)
            return Task { await s.run() }
        }
        try await app.runService()
        sender?.cancel()
    }

    // MARK: Helpers shared by the routes

    /// Runs a signed-in page: no session → the sign-in page; the daemon refusing the token (revoked,
    /// expired) → signed out; forbidden / not found → 403 / 404 pages that say nothing of the record;
    /// the daemon unreachable → 503.
    func signedIn(
        _ context: WebContext, roles: Set<String>? = nil, _ body: (WebSession) async throws -> Response
    ) async -> Response {
        guard let session = context.sessions.session else { return Pages.redirect("/signin") }
        if let roles, !roles.contains(session.role) {
            return problem(403, session: session)
        }
        do {
            return try await body(session)
        } catch let e as ClientError {
            return failure(e, context, session)
        } catch is CSRFRefusal {
            return pages.page(
                "problem", title: "This form has expired",
                [
                    "heading": "This form has expired",
                    "text": "The page you sent the form from was too old or not from this site. Go back, reload the page and try again.",
                ], session: session, status: .forbidden)
        } catch {
            logger.error("page failed: \(error)")
            return problem(500, session: session)
        }
    }

    func failure(_ e: ClientError, _ context: WebContext, _ session: WebSession?) -> Response {
        switch e {
        case .server(let err):
            if err.code != .unauthenticated { logger.info("daemon refused: \(err.code.rawValue): \(err.message)") }
            switch err.code {
            case .unauthenticated:
                context.sessions.clearSession()
                return Pages.redirect("/signin?ended=1")
            case .forbidden: return problem(403, session: session)
            case .notFound: return problem(404, session: session)
            case .unavailable, .limitExceeded: return problem(503, session: session)
            case .badRequest, .conflict:
                return pages.page(
                    "problem", title: "There is a problem",
                    ["heading": "There is a problem", "text": err.message], session: session, status: .badRequest)
            default: return problem(500, session: session)
            }
        case .cannotConnect, .io, .protocolViolation:
            logger.warning("daemon call failed: \(e)")
            return problem(503, session: session)
        }
    }

    func problem(_ status: Int, session: WebSession?) -> Response {
        let (heading, text): (String, String) =
            switch status {
            case 403: ("You cannot open this page", "Your account does not give access to this page. If you think it should, ask your administrator.")
            case 404: ("Page not found", "There is nothing at this address that you can see. Check the address, or go back to your home page.")
            case 503: ("Sorry, peerlink is not available", "The service is not answering just now. Try again in a few minutes.")
            default: ("Sorry, something went wrong", "Try again; if it keeps happening, tell your administrator.")
            }
        return pages.page(
            "problem", title: heading, ["heading": heading, "text": text], session: session,
            status: HTTPResponse.Status(code: status))
    }

    /// Reads a posted urlencoded form and checks its CSRF field against the session's, in constant time.
    func form(_ request: Request, _ session: WebSession) async throws -> Form {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let form = Form(urlEncoded: String(buffer: buffer))
        guard Secrets.constantTimeEqual(form["csrf"], session.csrf) else { throw CSRFRefusal() }
        return form
    }

    /// Takes the flash message off the session (it shows once).
    func takeFlash(_ context: WebContext) -> String? {
        guard var s = context.sessions.session, let f = s.flash else { return nil }
        s.flash = nil
        context.sessions.setSession(s)
        return f
    }

    func setFlash(_ context: WebContext, _ text: String) {
        guard var s = context.sessions.session else { return }
        s.flash = text
        context.sessions.setSession(s)
    }

    /// A protocol call as the signed-in person.
    func call<T: Sendable>(
        _ session: WebSession, _ body: @escaping @Sendable (PeerlinkClient) throws(ClientError) -> T
    ) async throws -> T {
        try await daemon.run(token: session.token, body)
    }

    /// A protocol call as the web service itself.
    func serviceCall<T: Sendable>(_ body: @escaping @Sendable (PeerlinkClient) throws(ClientError) -> T) async throws -> T {
        try await daemon.run(token: config.serviceToken, body)
    }
}

struct CSRFRefusal: Error {}

/// A form's errors in the GOV.UK pattern: a summary at the top linking to each field, and the message by the field.
struct FormErrors {
    var list: [(field: String, message: String)] = []

    mutating func add(_ field: String, _ message: String) { list.append((field, message)) }
    var isEmpty: Bool { list.isEmpty }

    /// Values for the template: `errors` (the summary) and `error_FIELD` for each field.
    var values: [String: Any] {
        guard !list.isEmpty else { return [:] }
        var v: [String: Any] = ["hasErrors": true, "errors": list.map { ["field": $0.field, "message": $0.message] }]
        for e in list where v["error_\(e.field)"] == nil { v["error_\(e.field)"] = e.message }
        return v
    }
}
