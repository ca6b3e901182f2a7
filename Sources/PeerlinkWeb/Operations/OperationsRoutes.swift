import Foundation
import Hummingbird
import NIOCore
import PeerlinkClient
import PeerlinkWire
import Synchronization

/// Request counts and latency per route, for /metrics.
final class Metrics: Sendable {
    struct Route { var count: [Int: UInt64] = [:]; var seconds: Double = 0; var total: UInt64 = 0 }
    private let routes = Mutex<[String: Route]>([:])

    func record(route: String, method: String, status: Int, seconds: Double) {
        routes.withLock { r in
            let key = "\(method) \(route)"
            r[key, default: Route()].count[status, default: 0] += 1
            r[key, default: Route()].seconds += seconds
            r[key, default: Route()].total += 1
        }
    }

    var snapshot: [String: Route] { routes.withLock { $0 } }
}

struct MetricsRecorder: RouterMiddleware {
    typealias Context = WebContext
    let metrics: Metrics

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.record(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code,
                seconds: Self.seconds(since: start))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status,
                seconds: Self.seconds(since: start))
            throw error
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension WebApp {
    func addOperationsRoutes(_ router: Router<WebContext>) {
        router.get("/health") { _, _ -> Response in
            do {
                _ = try await serviceCall { c throws(ClientError) in try c.ping() }
                return Self.text("ok\n", status: .ok)
            } catch {
                return Self.text("peerlinkd is not answering: \(error)\n", status: .serviceUnavailable)
            }
        }

        router.get("/metrics") { _, _ -> Response in
            var out = ""
            out += "# HELP peerlink_web_requests_total HTTP requests answered, by route, method and status.\n"
            out += "# TYPE peerlink_web_requests_total counter\n"
            let snap = metrics.snapshot.sorted { $0.key < $1.key }
            for (key, r) in snap {
                let (method, route) = Self.split(key)
                for (status, n) in r.count.sorted(by: { $0.key < $1.key }) {
                    out += "peerlink_web_requests_total{method=\"\(method)\",route=\"\(Self.escape(route))\",status=\"\(status)\"} \(n)\n"
                }
            }
            out += "# HELP peerlink_web_request_duration_seconds Time to answer, by route (sum and count).\n"
            out += "# TYPE peerlink_web_request_duration_seconds summary\n"
            for (key, r) in snap {
                let (method, route) = Self.split(key)
                let labels = "method=\"\(method)\",route=\"\(Self.escape(route))\""
                out += "peerlink_web_request_duration_seconds_sum{\(labels)} \(r.seconds)\n"
                out += "peerlink_web_request_duration_seconds_count{\(labels)} \(r.total)\n"
            }
            do {
                let stats = try await serviceCall { c throws(ClientError) in try c.stats() }
                out += "# HELP peerlink_daemon_up Whether peerlinkd answered Stats.\n# TYPE peerlink_daemon_up gauge\npeerlink_daemon_up 1\n"
                out += "# HELP peerlink_entities Records the daemon holds, by kind.\n# TYPE peerlink_entities gauge\n"
                for (name, n) in stats.counts.sorted(by: { $0.key < $1.key }) {
                    out += "peerlink_entities{kind=\"\(Self.escape(name))\"} \(n)\n"
                }
                out += "# HELP peerlink_daemon_uptime_seconds Seconds since peerlinkd started.\n# TYPE peerlink_daemon_uptime_seconds gauge\n"
                out += "peerlink_daemon_uptime_seconds \(stats.uptimeSeconds)\n"
                out += "# HELP peerlink_daemon_requests_total Requests peerlinkd answered.\n# TYPE peerlink_daemon_requests_total counter\n"
                out += "peerlink_daemon_requests_total \(stats.totalRequests)\n"
            } catch {
                out += "# HELP peerlink_daemon_up Whether peerlinkd answered Stats.\n# TYPE peerlink_daemon_up gauge\npeerlink_daemon_up 0\n"
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: out)))
        }

        router.get("/static/site.css") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Templates.stylesheet)))
        }
    }

    static func text(_ s: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    static func split(_ key: String) -> (String, String) {
        let p = key.split(separator: " ", maxSplits: 1)
        return (String(p[0]), p.count > 1 ? String(p[1]) : "")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
