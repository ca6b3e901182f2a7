// peerlink-load: drives peerlinkd (its real protocol) or redis-server (RESP GET) through the same connection and
// pipelining machinery, and reports throughput and p50/p90/p99/p99.9 latency per operation (HdrHistogram).
//
// Each worker thread runs a poll(2) loop over its share of the connections. Requests are encoded once, up front,
// into a pool of frames per operation; in the loop a connection keeps `--pipeline` requests in flight, stamping
// each with the monotonic clock as it is queued and recording the latency when its reply arrives (replies come in
// request order). Replies are not decoded beyond telling a result from an error, so the generator's own work per
// request is a few memcpys and a histogram increment.
//
//   peerlink-load --server 127.0.0.1:7411 --token SECRET --targets national.db.targets \
//       --connections 50 --pipeline 16 --duration 10 --mix link_match=70,school_get=20,write=10 \
//       [--write-connections 50 --write-pipeline 1 [--write-rate 6000]] [--threads 1] [--warmup 2] [--json out.json]
//   peerlink-load --redis 127.0.0.1:6379 --connections 50 --pipeline 16 --duration 10
import Foundation
import Glibc
import Histogram
import PeerlinkWire

// MARK: Options

struct Options {
    var server = "127.0.0.1:7411"
    var redis: String?
    var token = ""
    var targets: String?
    var connections = 50
    var pipeline = 16
    var threads = 1
    var duration = 10.0
    var warmup = 1.0
    var requests = 0
    var mix = "school_get=100"
    var writeConnections = 0
    var writePipeline = 1
    /// Writes a second across the writing connections, each sending on its own even schedule; 0: as fast as
    /// replies come back (closed loop).
    var writeRate = 0.0
    var json: String?
    var seed: UInt64 = 1
    var label: String?
    /// Different requests built per operation (redis: keys).
    var queries = 4096
    /// Send each built request once, in order, before any is sent again (else pick at random).
    var eachOnce = false
}

func usage() -> Never {
    print(
        """
        usage: peerlink-load [--server HOST:PORT --token SECRET --targets FILE | --redis HOST:PORT]
                             [--connections N] [--pipeline N] [--threads N] [--duration S] [--warmup S]
                             [--requests N] [--mix op=w,op=w] [--write-connections N] [--write-pipeline N]
                             [--write-rate N] [--json FILE] [--label TEXT] [--seed N] [--queries N] [--each-once]
        --queries N: different requests built per operation (default 4096; redis: keys)
        --each-once: send the built requests in order, so none repeats until all N were sent
        --write-rate N: pace the writing connections at N writes a second in all (each on an even schedule; a
                        late write goes at once, and a connection is never more than one write behind), instead
                        of a closed loop
        ops (peerlink): link_match, supporter_match, school_get, write (nomination_update), ping
        """)
    exit(2)
}

func number<T: LosslessStringConvertible>(_ text: String) -> T {
    guard let v = T(text) else { usage() }
    return v
}

func parseOptions() -> Options {
    var o = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    func value() -> String {
        guard args.count >= 2 else { usage() }
        let v = args[1]
        args.removeFirst(2)
        return v
    }
    while let a = args.first {
        switch a {
        case "--server": o.server = value()
        case "--redis": o.redis = value()
        case "--token": o.token = value()
        case "--targets": o.targets = value()
        case "--connections": o.connections = number(value())
        case "--pipeline": o.pipeline = number(value())
        case "--threads": o.threads = number(value())
        case "--duration": o.duration = number(value())
        case "--warmup": o.warmup = number(value())
        case "--requests": o.requests = number(value())
        case "--mix": o.mix = value()
        case "--write-connections": o.writeConnections = number(value())
        case "--write-pipeline": o.writePipeline = number(value())
        case "--write-rate": o.writeRate = number(value())
        case "--json": o.json = value()
        case "--label": o.label = value()
        case "--seed": o.seed = number(value())
        case "--queries": o.queries = number(value())
        case "--each-once":
            o.eachOnce = true
            args.removeFirst()
        default: usage()
        }
    }
    return o
}

@inline(__always) func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

struct Rng {
    var s: UInt64
    mutating func next() -> UInt64 {
        s ^= s << 13
        s ^= s >> 7
        s ^= s << 17
        return s
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("peerlink-load: \(message)\n".utf8))
    exit(1)
}

// MARK: Targets (ids that exist, from datagen.py's sidecar)

struct Targets {
    var urns: [Int32] = []
    var nominations: [Int64] = []
    var areas: [String] = []
    var heads: [(Int64, Int32)] = []
    var supportRequests: [Int64] = []
    /// School search texts (`search_texts a|b c|...`: texts hold spaces).
    var searchTexts: [String] = []

    init(path: String?) {
        guard let path else { return }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard let kind = parts.first else { continue }
            let values = parts.dropFirst()
            switch kind {
            case "urns": urns = values.compactMap { Int32($0) }
            case "nominations": nominations = values.compactMap { Int64($0) }
            case "areas": areas = values.map(String.init)
            case "support_requests": supportRequests = values.compactMap { Int64($0) }
            case "search_texts":
                searchTexts = line.dropFirst("search_texts ".count).split(separator: "|").map(String.init)
            case "heads":
                heads = values.compactMap {
                    let p = $0.split(separator: ":")
                    guard p.count == 2, let id = Int64(p[0]), let urn = Int32(p[1]) else { return nil }
                    return (id, urn)
                }
            default: break
            }
        }
    }
}

// MARK: Request pools

/// One operation the generator can send: a pool of ready-encoded frames.
struct OpPool {
    let name: String
    let frames: [[UInt8]]
}

func peerlinkFrame(_ op: WireRequest.OneOf_Operation) -> [UInt8] {
    var r = WireRequest()
    r.id = 1  // replies come back in order; the id is not needed to pair them
    r.operation = op
    return try! r.framed()
}

func buildPeerlinkPool(_ name: String, targets: Targets, rng: inout Rng, count n: Int) -> OpPool {
    var frames: [[UInt8]] = []
    func need(_ ok: Bool, _ what: String) {
        if !ok { fail("op \(name) needs \(what) in --targets (tools/bench/datagen.py writes DB.targets)") }
    }
    switch name {
    case "ping":
        frames = [peerlinkFrame(.ping(Peerlink_V1_Ping()))]
    case "school_get":
        need(!targets.urns.isEmpty, "urns")
        for _ in 0..<n {
            var g = Peerlink_V1_SchoolGet()
            g.urn = targets.urns[rng.below(targets.urns.count)]
            frames.append(peerlinkFrame(.schoolGet(g)))
        }
    case "supporter_match":
        need(!targets.supportRequests.isEmpty, "support_requests")
        for _ in 0..<n {
            var m = Peerlink_V1_SupporterMatch()
            m.requestID = targets.supportRequests[rng.below(targets.supportRequests.count)]
            frames.append(peerlinkFrame(.supporterMatch(m)))
        }
    case "school_search":
        need(!targets.searchTexts.isEmpty, "search_texts")
        for _ in 0..<n {
            var q = Peerlink_V1_SchoolSearch()
            q.text = targets.searchTexts[rng.below(targets.searchTexts.count)]
            frames.append(peerlinkFrame(.schoolSearch(q)))
        }
    case "status":
        frames = [peerlinkFrame(.stats(Peerlink_V1_StatsRequest()))]
    case "write":
        need(!targets.nominations.isEmpty, "nominations")
        for _ in 0..<n {
            var u = Peerlink_V1_NominationUpdate()
            u.id = targets.nominations[rng.below(targets.nominations.count)]
            u.capacity = UInt32(1 + rng.below(4))
            frames.append(peerlinkFrame(.nominationUpdate(u)))
        }
    default:
        if let extra = extraPeerlinkPool(name, targets: targets, rng: &rng, count: n) {
            frames = extra
        } else {
            fail("unknown or unavailable op '\(name)' (known: ping, school_get, school_search, status, supporter_match, write\(extraOpNames))")
        }
    }
    return OpPool(name: name, frames: frames)
}

func buildRedisPool(keys: Int) -> OpPool {
    let frames = (0..<keys).map { i -> [UInt8] in
        let key = "key:\(i)"
        return Array("*2\r\n$3\r\nGET\r\n$\(key.utf8.count)\r\n\(key)\r\n".utf8)
    }
    return OpPool(name: "get", frames: frames)
}

// MARK: Connections

func connectTCP(_ address: String) -> Int32 {
    guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
        fail("bad address '\(address)' (HOST:PORT)")
    }
    var host = String(address[..<colon])
    if host.isEmpty || host == "localhost" { host = "127.0.0.1" }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { fail("'\(host)' is not an IPv4 address") }
    let rc = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else { fail("cannot connect to \(address): \(String(cString: strerror(errno)))") }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    return fd
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { fail("send: \(String(cString: strerror(errno)))") }
        off += n
    }
}

func recvSome(_ fd: Int32, into buf: inout [UInt8]) {
    var tmp = [UInt8](repeating: 0, count: 65536)
    let n = tmp.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 65536, 0) }
    if n <= 0 { fail("connection closed during setup") }
    buf += tmp[0..<n]
}

/// Blocking Hello on a fresh peerlink connection.
func peerlinkHello(_ fd: Int32, token: String) {
    var h = Peerlink_V1_Hello()
    h.protocolVersion = protocolVersion
    h.clientName = "peerlink-load"
    h.token = token
    sendAll(fd, peerlinkFrame(.hello(h)))
    var buf: [UInt8] = []
    while true {
        if buf.count >= 4 {
            let len = Int(buf[0]) << 24 | Int(buf[1]) << 16 | Int(buf[2]) << 8 | Int(buf[3])
            if buf.count >= 4 + len {
                guard let r = try? WireResponse(frame: buf[4..<(4 + len)]) else { fail("bad Hello reply") }
                if case .error(let e)? = r.result { fail("Hello refused: \(e.code): \(e.message)") }
                return
            }
        }
        recvSome(fd, into: &buf)
    }
}

/// Pre-sets the keys the GET run reads (small values, like a directory lookup's key).
func redisPreset(_ address: String, keys: Int) {
    let fd = connectTCP(address)
    var batch: [UInt8] = []
    for i in 0..<keys {
        let key = "key:\(i)"
        let value = "school-\(100000 + i)-value-of-32-bytes!"
        batch += Array("*3\r\n$3\r\nSET\r\n$\(key.utf8.count)\r\n\(key)\r\n$\(value.utf8.count)\r\n\(value)\r\n".utf8)
    }
    sendAll(fd, batch)
    var buf: [UInt8] = []
    var oks = 0
    while oks < keys {
        recvSome(fd, into: &buf)
        oks = buf.count / 5  // "+OK\r\n"
    }
    close(fd)
}

final class Conn {
    let fd: Int32
    let pipeline: Int
    /// 100 slots, each an index into the worker's op pools, in proportion to the mix.
    let table: [UInt8]
    var out: [UInt8] = []
    var outPos = 0
    var inBuf = [UInt8](repeating: 0, count: 1 << 18)
    var inStart = 0
    var inEnd = 0
    var fifoOp: [UInt8]
    var fifoT: [UInt64]
    var head = 0
    var count = 0
    /// Nanoseconds between this connection's requests when paced (`--write-rate`), else 0; and when the next
    /// one is due.
    let interval: UInt64
    var nextSend: UInt64 = 0

    init(fd: Int32, pipeline: Int, table: [UInt8], interval: UInt64 = 0) {
        self.fd = fd
        self.pipeline = pipeline
        self.table = table
        self.interval = interval
        fifoOp = [UInt8](repeating: 0, count: pipeline)
        fifoT = [UInt64](repeating: 0, count: pipeline)
        out.reserveCapacity(64 * 1024)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
}

struct OpStats {
    var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    var errors = 0
}

final class Worker: @unchecked Sendable {
    let conns: [Conn]
    let pools: [OpPool]
    let redis: Bool
    var stats: [OpStats]
    var rng: Rng
    var sentTotal = 0
    let start: UInt64
    let end: UInt64
    let maxRequests: Int
    var thread: Thread?
    let done = DispatchSemaphore(value: 0)
    /// With `--each-once`, the next request to send from each pool (nil: pick at random).
    var cursors: [Int]?

    init(
        conns: [Conn], pools: [OpPool], redis: Bool, seed: UInt64, start: UInt64, end: UInt64, maxRequests: Int,
        cursors: [Int]? = nil
    ) {
        self.cursors = cursors
        self.conns = conns
        self.pools = pools
        self.redis = redis
        self.stats = pools.map { _ in OpStats() }
        self.rng = Rng(s: seed | 1)
        self.start = start
        self.end = end
        self.maxRequests = maxRequests
    }

    func fill(_ c: Conn, now: UInt64) {
        while c.count < c.pipeline {
            if maxRequests > 0 && sentTotal >= maxRequests { return }
            if c.interval > 0 {
                if now < c.nextSend { return }
                c.nextSend = max(c.nextSend + c.interval, now)
            }
            let op = c.table[rng.below(c.table.count)]
            let frames = pools[Int(op)].frames
            let pick: Int
            if cursors != nil {
                pick = cursors![Int(op)] % frames.count
                cursors![Int(op)] += 1
            } else {
                pick = rng.below(frames.count)
            }
            c.out.append(contentsOf: frames[pick])
            let slot = (c.head + c.count) % c.pipeline
            c.fifoOp[slot] = op
            c.fifoT[slot] = now
            c.count += 1
            sentTotal += 1
        }
    }

    func flush(_ c: Conn) {
        while c.outPos < c.out.count {
            let n = c.out.withUnsafeBytes { send(c.fd, $0.baseAddress! + c.outPos, c.out.count - c.outPos, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { return }
                fail("send: \(String(cString: strerror(errno)))")
            }
            c.outPos += n
        }
        c.out.removeAll(keepingCapacity: true)
        c.outPos = 0
    }

    /// Length of the next complete reply at `c.inStart` and whether it is an error; nil if incomplete.
    @inline(__always) func nextReply(_ c: Conn) -> (Int, Bool)? {
        let avail = c.inEnd - c.inStart
        return c.inBuf.withUnsafeBufferPointer { b -> (Int, Bool)? in
            let p = b.baseAddress! + c.inStart
            if !redis {
                guard avail >= 4 else { return nil }
                let len = Int(p[0]) << 24 | Int(p[1]) << 16 | Int(p[2]) << 8 | Int(p[3])
                guard avail >= 4 + len else { return nil }
                // Response: optional `id` (field 1, varint), then the result; field 2 is Error.
                var i = 4
                if len > 0 && p[i] == 0x08 {
                    i += 1
                    while i < 4 + len && p[i] & 0x80 != 0 { i += 1 }
                    i += 1
                }
                return (4 + len, i < 4 + len && p[i] == 0x12)
            }
            // RESP: find the first line.
            var i = 0
            while i + 1 < avail && !(p[i] == 13 && p[i + 1] == 10) { i += 1 }
            guard i + 1 < avail else { return nil }
            let lineEnd = i + 2
            switch p[0] {
            case UInt8(ascii: "$"):
                var n = 0
                var neg = false
                for j in 1..<i {
                    if p[j] == UInt8(ascii: "-") { neg = true } else { n = n * 10 + Int(p[j] - 48) }
                }
                if neg { return (lineEnd, true) }  // nil reply: a missing key counts as an error
                guard avail >= lineEnd + n + 2 else { return nil }
                return (lineEnd + n + 2, false)
            case UInt8(ascii: "-"): return (lineEnd, true)
            default: return (lineEnd, false)
            }
        }
    }

    func readReplies(_ c: Conn) -> Bool {
        if c.inEnd == c.inBuf.count {
            if c.inStart > 0 {
                let live = c.inEnd - c.inStart
                c.inBuf.withUnsafeMutableBytes { b in
                    _ = memmove(b.baseAddress!, b.baseAddress! + c.inStart, live)
                }
                c.inStart = 0
                c.inEnd = live
            } else {
                c.inBuf += [UInt8](repeating: 0, count: c.inBuf.count)
            }
        }
        let n = c.inBuf.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress! + c.inEnd, $0.count - c.inEnd, 0) }
        if n == 0 { fail("the server closed a connection") }
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return false }
            fail("recv: \(String(cString: strerror(errno)))")
        }
        c.inEnd += n
        let t = nowNanos()
        while let (len, isError) = nextReply(c) {
            c.inStart += len
            guard c.count > 0 else { fail("a reply nobody asked for") }
            let op = Int(c.fifoOp[c.head])
            let sent = c.fifoT[c.head]
            c.head = (c.head + 1) % c.pipeline
            c.count -= 1
            if sent >= start && t <= end {
                _ = stats[op].histogram.record(t - sent)
                if isError { stats[op].errors += 1 }
            }
        }
        if c.inStart == c.inEnd {
            c.inStart = 0
            c.inEnd = 0
        }
        return true
    }

    func run() {
        var fds = conns.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        let t0 = nowNanos()
        let paced = conns.filter { $0.interval > 0 }
        // Paced connections start spread over one interval, so they do not send together.
        for (i, c) in paced.enumerated() { c.nextSend = t0 + c.interval * UInt64(i) / UInt64(paced.count) }
        for c in conns {
            fill(c, now: t0)
            flush(c)
        }
        var stopping = false
        var drainDeadline: UInt64 = 0
        while true {
            for (i, c) in conns.enumerated() {
                fds[i].events = Int16(POLLIN) | (c.outPos < c.out.count ? Int16(POLLOUT) : 0)
            }
            // Wake for the next paced request that is due, else within 100 ms.
            var wait: UInt64 = 100_000_000
            if !stopping {
                let t = nowNanos()
                for c in paced where c.count < c.pipeline { wait = min(wait, c.nextSend > t ? c.nextSend - t : 0) }
            }
            let rc = poll(&fds, nfds_t(fds.count), Int32((wait + 999_999) / 1_000_000))  // milliseconds, rounded up
            if rc < 0 && errno != EINTR { fail("poll: \(String(cString: strerror(errno)))") }
            let now = nowNanos()
            if !stopping && (now >= end || (maxRequests > 0 && sentTotal >= maxRequests)) {
                stopping = true
                drainDeadline = now + 5_000_000_000
            }
            if rc > 0 {
                for (i, c) in conns.enumerated() where fds[i].revents != 0 {
                    if fds[i].revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 { _ = readReplies(c) }
                    if !stopping { fill(c, now: nowNanos()) }
                    flush(c)
                }
            }
            if !stopping {
                for c in paced where c.count < c.pipeline && c.nextSend <= now {
                    fill(c, now: now)
                    flush(c)
                }
            }
            if stopping && (conns.allSatisfy { $0.count == 0 } || now > drainDeadline) { break }
        }
        done.signal()
    }
}

// MARK: Main

let o = parseOptions()
var setupRng = Rng(s: o.seed &* 0x9E37_79B9_7F4A_7C15 | 1)
var pools: [OpPool] = []
var readTable: [UInt8] = []
var writeTable: [UInt8] = []
let isRedis = o.redis != nil
let address = o.redis ?? o.server

if isRedis {
    redisPreset(address, keys: o.queries)
    pools = [buildRedisPool(keys: o.queries)]
    readTable = [0]
    writeTable = [0]
} else {
    let targets = Targets(path: o.targets)
    for part in o.mix.split(separator: ",") {
        let kv = part.split(separator: "=")
        guard kv.count == 2, let w = Int(kv[1]), w >= 0 else { fail("--mix wants op=weight,op=weight") }
        if w == 0 { continue }
        let name = String(kv[0])
        pools.append(buildPeerlinkPool(name, targets: targets, rng: &setupRng, count: o.queries))
        readTable += [UInt8](repeating: UInt8(pools.count - 1), count: w)
    }
    if o.writeConnections > 0 {
        if let i = pools.firstIndex(where: { $0.name == "write" }) {
            writeTable = [UInt8(i)]
        } else {
            pools.append(buildPeerlinkPool("write", targets: targets, rng: &setupRng, count: 4096))
            writeTable = [UInt8(pools.count - 1)]
        }
    }
    if readTable.isEmpty && o.connections > 0 { fail("--mix selects no operation") }
}

var conns: [Conn] = []
for _ in 0..<o.connections {
    let fd = connectTCP(address)
    if !isRedis { peerlinkHello(fd, token: o.token) }
    conns.append(Conn(fd: fd, pipeline: o.pipeline, table: readTable))
}
if o.writeRate < 0 || (o.writeRate > 0 && o.writeConnections == 0) { fail("--write-rate wants a positive rate and --write-connections") }
let writeInterval = o.writeRate > 0 ? UInt64(Double(o.writeConnections) / o.writeRate * 1e9) : 0
for _ in 0..<o.writeConnections {
    let fd = connectTCP(address)
    if !isRedis { peerlinkHello(fd, token: o.token) }
    conns.append(Conn(fd: fd, pipeline: o.writePipeline, table: writeTable, interval: writeInterval))
}

let begin = nowNanos()
let measureStart = begin + UInt64(o.warmup * 1e9)
let measureEnd = o.requests > 0 ? UInt64.max : measureStart + UInt64(o.duration * 1e9)
let threads = max(1, min(o.threads, conns.count))
var workers: [Worker] = []
for t in 0..<threads {
    let mine = conns.enumerated().filter { $0.offset % threads == t }.map(\.element)
    let w = Worker(
        conns: mine, pools: pools, redis: isRedis, seed: o.seed &+ UInt64(t) &* 7919, start: o.requests > 0 ? 0 : measureStart,
        end: measureEnd, maxRequests: o.requests > 0 ? (o.requests + threads - 1) / threads : 0,
        // Each thread starts at its own share of every pool, so threads do not send the same requests.
        cursors: o.eachOnce ? pools.map { t * $0.frames.count / threads } : nil)
    workers.append(w)
}
for w in workers {
    let th = Thread { w.run() }
    th.stackSize = 8 << 20
    w.thread = th
    th.start()
}
for w in workers { w.done.wait() }
let finished = nowNanos()
let window = Double((o.requests > 0 ? finished - begin : measureEnd - measureStart)) / 1e9

var merged = pools.map { _ in OpStats() }
for w in workers {
    for i in 0..<pools.count {
        merged[i].histogram.add(w.stats[i].histogram)
        merged[i].errors += w.stats[i].errors
    }
}

let label = o.label ?? (isRedis ? "redis" : "peerlink")
print(
    "\(label) \(address): \(o.connections) connections × pipeline \(o.pipeline)"
        + (o.writeConnections > 0 ? " + \(o.writeConnections) writing × \(o.writePipeline)" : "")
        + (o.writeRate > 0 ? " paced at \(Int(o.writeRate)) writes/s" : "")
        + ", \(threads) thread(s), \(String(format: "%.1f", window)) s measured")
print(
    "  " + "op".padding(toLength: 16, withPad: " ", startingAt: 0)
        + ["count", "req/s", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "errors"].map {
            $0.leftPad(10)
        }.joined())
var jsonOps: [String] = []
var total = 0.0
for (i, p) in pools.enumerated() {
    let h = merged[i].histogram
    guard h.totalCount > 0 else { continue }
    let rps = Double(h.totalCount) / window
    total += rps
    let q = [50.0, 90.0, 99.0, 99.9].map { Double(h.valueAtPercentile($0)) / 1000 }
    let mx = Double(h.max) / 1000
    print(
        "  " + p.name.padding(toLength: 16, withPad: " ", startingAt: 0) + "\(h.totalCount)".leftPad(10)
            + String(format: "%.0f", rps).leftPad(10) + q.map { String(format: "%.1f", $0).leftPad(10) }.joined()
            + String(format: "%.1f", mx).leftPad(10) + "\(merged[i].errors)".leftPad(10))
    jsonOps.append(
        "\"\(p.name)\": {\"count\": \(h.totalCount), \"rps\": \(rps), \"p50_us\": \(q[0]), \"p90_us\": \(q[1]), "
            + "\"p99_us\": \(q[2]), \"p999_us\": \(q[3]), \"max_us\": \(mx), \"errors\": \(merged[i].errors)}")
}
print("  total \(String(format: "%.0f", total)) req/s")
if let path = o.json {
    let text =
        "{\"label\": \"\(label)\", \"connections\": \(o.connections), \"pipeline\": \(o.pipeline), "
        + "\"seconds\": \(window), \"total_rps\": \(total), \"ops\": {\(jsonOps.joined(separator: ", "))}}\n"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
