import ArgumentParser
import PeerlinkClient
import PeerlinkWire

extension PeerlinkCLI {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the daemon's version, uptime, connections, counts and per-operation latency.")

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let s = try connection.call { try $0.stats() }
                if connection.json {
                    Output.printJSON([
                        "version": s.version, "uptime_seconds": s.uptimeSeconds, "connections": s.connections,
                        "counts": s.counts, "store_bytes": s.storeBytes, "commits": s.commits,
                        "committed_changes": s.committedChanges, "total_requests": s.totalRequests,
                        "reply_cache": [
                            "hits": s.replyCacheHits, "misses": s.replyCacheMisses, "entries": s.replyCacheEntries,
                            "budget_bytes": s.replyCacheBytes,
                        ],
                        "operations": s.operations.mapValues { o in
                            ["count": o.count, "errors": o.errors, "mean_micros": o.meanMicros, "max_micros": o.maxMicros]
                        },
                    ] as [String: Any])
                    return
                }
                Output.fields([
                    ("version", s.version), ("uptime", "\(s.uptimeSeconds) s"), ("connections", "\(s.connections)"),
                    ("store", "\(s.storeBytes / 1024) KiB"), ("commits", "\(s.commits) (\(s.committedChanges) changes)"),
                    ("requests", "\(s.totalRequests)"),
                    ("kept replies",
                     s.replyCacheBytes == 0
                        ? "off (reply_cache_bytes is 0)"
                        : "\(s.replyCacheEntries) kept, \(s.replyCacheHits) answered from them, \(s.replyCacheMisses) computed "
                            + "(up to \(s.replyCacheBytes / 1024 / 1024) MiB)"),
                ])
                print()
                Output.table(["entity", "count"], s.counts.sorted { $0.key < $1.key }.map { [$0.key, "\($0.value)"] })
                if !s.operations.isEmpty {
                    print()
                    Output.table(
                        ["operation", "count", "errors", "mean µs", "max µs"],
                        s.operations.sorted { $0.key < $1.key }.map { name, o in
                            [name, "\(o.count)", "\(o.errors)", String(format: "%.1f", o.meanMicros), String(format: "%.1f", o.maxMicros)]
                        })
                }
            }
        }
    }
}
