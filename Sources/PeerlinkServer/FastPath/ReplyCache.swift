public import PeerlinkCore
public import PeerlinkWire

/// Says that an operation's replies may be kept and sent again: set in its `OperationSpec` only when the
/// reply depends on nothing but the operation's message and the directory (not on the caller, beyond the
/// roles that may call it, nor on the time), and only for `.readEncoded` operations.
public struct ReplyCaching: Sendable {
    /// The operation, empty: the dispatcher encodes it once to learn its field number in `Request`.
    public let sample: WireRequest.OneOf_Operation
    /// A number that changes whenever anything the reply reads changes (`Directory.linkMatchRevision`).
    public let revision: @Sendable (borrowing Directory) -> UInt64

    public init(sample: WireRequest.OneOf_Operation, revision: @escaping @Sendable (borrowing Directory) -> UInt64) {
        self.sample = sample
        self.revision = revision
    }
}

/// Encoded replies of one cacheable operation, keyed by the bytes of its request message, each kept with the
/// revision of the directory it was computed from, and what the dispatcher needs to send one (who may ask,
/// the operation's stats): one object, so a request that hits costs one array index to find it. Loop thread only.
///
/// A kept reply is sent only while the directory's revision is the one it was computed at, so an answer is
/// never older than the directory: a change to anything the operation reads makes every kept reply stale at
/// once, and stale replies are replaced as their queries come again. Memory is bounded by `budgetBytes`: past
/// it, the replies kept longest ago go first (first in, first out; a query asked again after its reply went is
/// simply kept again). Measured against two generations (drop the older half when the newer fills), which
/// needed twice the working set's memory before it stopped missing.
final class ReplyCache {
    private struct Entry {
        let revision: UInt64
        /// The `Response` body as first sent, without its id field (`ReusableReply`).
        let reply: KeptReply
        /// When it was kept, to tell its place in `order` from an earlier reply to the same query.
        let serial: UInt64
    }

    /// The request's bytes folded to 64 bits (`fingerprint`): the table's key. A hit is confirmed against the
    /// request kept with the reply (`KeptReply.answers`); two requests with one fingerprint keep only the later
    /// reply. Hashing the bytes through `Hasher` and comparing keys kept in an allocation of their own were a
    /// tenth of answering from a kept reply.
    typealias Fingerprint = UInt64

    let budgetBytes: Int
    /// The directory's revision for this operation (`ReplyCaching.revision`).
    let revision: @Sendable (borrowing Directory) -> UInt64
    /// The operation's stats, which kept replies count in too.
    let counter: OperationCounter
    /// The roles the table lets call the operation, one bit per `Role` case.
    private let roleBits: UInt32
    private var entries: [Fingerprint: Entry] = [:]
    /// Keys in the order their replies were kept, oldest from `orderStart`; a place whose serial no longer
    /// matches the entry's is left over from a reply since replaced or dropped.
    private var order: [(key: Fingerprint, serial: UInt64)] = []
    private var orderStart = 0
    private var nextSerial: UInt64 = 0
    private var keptBytes = 0
    private(set) var hits: UInt64 = 0
    private(set) var misses: UInt64 = 0

    /// Bookkeeping per entry besides the request and reply bytes: the object, the dictionary slot, its place in order.
    private static let overheadBytes = 96

    private let fingerprint: (UnsafeRawBufferPointer) -> Fingerprint

    /// `roles`: the spec's, who may be sent a kept reply. The defaults make a cache on its own (tests);
    /// `fingerprint` is for tests of requests that share one.
    init(
        budgetBytes: Int, roles: Set<Role> = [], counter: OperationCounter = OperationCounter(),
        revision: @escaping @Sendable (borrowing Directory) -> UInt64 = { _ in 0 },
        fingerprint: @escaping (UnsafeRawBufferPointer) -> Fingerprint = ReplyCache.fingerprint
    ) {
        self.budgetBytes = budgetBytes
        self.revision = revision
        self.counter = counter
        self.fingerprint = fingerprint
        roleBits = roles.reduce(0) { $0 | Self.bit($1) }
    }

    private static func bit(_ role: Role) -> UInt32 {
        switch role {
        case .admin: 1
        case .adviser: 2
        case .head: 4
        case .supporter: 8
        case .web: 16
        }
    }

    /// Whether the table lets `role` call the operation (as `OperationSpec.roles`, without hashing).
    func allows(_ role: Role) -> Bool { roleBits & Self.bit(role) != 0 }

    var count: Int { entries.count }
    /// Places in the keeping order, passed ones included (tests check it stays bounded).
    var bookkeepingCount: Int { order.count }

    /// The kept reply to `request` computed at `revision`, or nil (counted as a miss).
    func reply(to request: ArraySlice<UInt8>, at revision: UInt64) -> KeptReply? {
        let found = request.withUnsafeBytes { bytes -> KeptReply? in
            guard let e = entries[fingerprint(bytes)], e.revision == revision, e.reply.answers(bytes) else {
                return nil
            }
            return e.reply
        }
        if found != nil { hits += 1 } else { misses += 1 }
        return found
    }

    /// Keeps `body`, a whole `Response` body whose id field takes its first `idLength` bytes
    /// (`ReusableReply.idFieldLength`), as the answer to `request` at `revision`; returns the kept bytes, or nil
    /// when they do not fit the budget.
    @discardableResult
    func keep(_ body: [UInt8], idLength: Int, for request: ArraySlice<UInt8>, at revision: UInt64) -> KeptReply? {
        let size = Self.size(body.count - idLength, request.count)
        guard size <= budgetBytes else { return nil }
        let key = request.withUnsafeBytes { fingerprint($0) }
        nextSerial += 1
        // The request gets its own copy, in front of the reply: a slice would keep the connection's read buffer.
        let reply = KeptReply(copying: body[idLength...], answering: request)
        let entry = Entry(revision: revision, reply: reply, serial: nextSerial)
        if let replaced = entries.updateValue(entry, forKey: key) {
            keptBytes -= Self.size(replaced.reply.bytes.count, replaced.reply.request.count)
        }
        keptBytes += size
        order.append((key, nextSerial))
        while keptBytes > budgetBytes, orderStart < order.count {
            let (oldest, serial) = order[orderStart]
            orderStart += 1
            if let e = entries[oldest], e.serial == serial {
                entries[oldest] = nil
                keptBytes -= Self.size(e.reply.bytes.count, e.reply.request.count)
            }
        }
        // Drop places already passed, and those left over from replaced replies once they outnumber the live
        // ones (a few queries kept again and again as the directory changes would otherwise grow it forever).
        if orderStart > 4096 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        } else if order.count - orderStart > 2 * entries.count + 4096 {
            order = order[orderStart...].filter { entries[$0.key]?.serial == $0.serial }
            orderStart = 0
        }
        return reply
    }

    /// 64 bits from the request's bytes, eight at a time (a multiply and a shift each): quick, and spread
    /// well enough for a table of a few thousand queries. Not secret: a caller who made two requests share a
    /// fingerprint would only make them take turns in the cache.
    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < bytes.count {
            // The last eight bytes, overlapping the words already mixed in: one load instead of a byte loop.
            var tail: UInt64 = 0
            if bytes.count >= 8 {
                tail = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            } else {
                for j in 0..<bytes.count { tail |= UInt64(bytes[j]) << (UInt64(j) * 8) }
            }
            h = mix(h ^ tail)
        }
        return mix(h)
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        let m = x &* 0xBF58_476D_1CE4_E5B9
        return m ^ (m >> 31)
    }

    private static func size(_ replyCount: Int, _ keyCount: Int) -> Int { replyCount + keyCount + overheadBytes }
}
