public import PeerlinkCore
public import PeerlinkWire
import Glibc

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

    /// The operation message's bytes; hashed as one block (hashing byte by byte cost more than the lookup).
    private struct Key: Hashable {
        let bytes: ArraySlice<UInt8>

        /// `memcmp`: comparing through `elementsEqual` went byte by byte, most of a hit's look-up.
        static func == (a: Key, b: Key) -> Bool {
            guard a.bytes.count == b.bytes.count else { return false }
            return a.bytes.withUnsafeBytes { x in
                b.bytes.withUnsafeBytes { y in
                    guard let x = x.baseAddress, let y = y.baseAddress else { return true }  // both empty
                    return memcmp(x, y, a.bytes.count) == 0
                }
            }
        }

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    let budgetBytes: Int
    /// The directory's revision for this operation (`ReplyCaching.revision`).
    let revision: @Sendable (borrowing Directory) -> UInt64
    /// The operation's stats, which kept replies count in too.
    let counter: OperationCounter
    /// The roles the table lets call the operation, one bit per `Role` case.
    private let roleBits: UInt32
    private var entries: [Key: Entry] = [:]
    /// Keys in the order their replies were kept, oldest from `orderStart`; a place whose serial no longer
    /// matches the entry's is left over from a reply since replaced or dropped.
    private var order: [(key: Key, serial: UInt64)] = []
    private var orderStart = 0
    private var nextSerial: UInt64 = 0
    private var keptBytes = 0
    private(set) var hits: UInt64 = 0
    private(set) var misses: UInt64 = 0

    /// Bookkeeping per entry besides the bytes: the key's copy, the dictionary slot, the array headers.
    private static let overheadBytes = 96

    /// `roles`: the spec's, who may be sent a kept reply. The defaults make a cache on its own (tests).
    init(
        budgetBytes: Int, roles: Set<Role> = [], counter: OperationCounter = OperationCounter(),
        revision: @escaping @Sendable (borrowing Directory) -> UInt64 = { _ in 0 }
    ) {
        self.budgetBytes = budgetBytes
        self.revision = revision
        self.counter = counter
        roleBits = roles.reduce(0) { $0 | Self.bit($1) }
    }

    private static func bit(_ role: Role) -> UInt32 {
        switch role {
        case .admin: 1
        case .adviser: 2
        case .head: 4
        case .supporter: 8
        }
    }

    /// Whether the table lets `role` call the operation (as `OperationSpec.roles`, without hashing).
    func allows(_ role: Role) -> Bool { roleBits & Self.bit(role) != 0 }

    var count: Int { entries.count }
    /// Places in the keeping order, passed ones included (tests check it stays bounded).
    var bookkeepingCount: Int { order.count }

    /// The kept reply to `request` computed at `revision`, or nil (counted as a miss).
    func reply(to request: ArraySlice<UInt8>, at revision: UInt64) -> KeptReply? {
        if let e = entries[Key(bytes: request)], e.revision == revision {
            hits += 1
            return e.reply
        }
        misses += 1
        return nil
    }

    /// Keeps `body`, a whole `Response` body whose id field takes its first `idLength` bytes
    /// (`ReusableReply.idFieldLength`), as the answer to `request` at `revision`; returns the kept bytes, or nil
    /// when they do not fit the budget.
    @discardableResult
    func keep(_ body: [UInt8], idLength: Int, for request: ArraySlice<UInt8>, at revision: UInt64) -> KeptReply? {
        let size = Self.size(body.count - idLength, request.count)
        guard size <= budgetBytes else { return nil }
        // The key gets its own storage: a slice would keep the connection's whole read buffer alive.
        let key = Key(bytes: ArraySlice(Array(request)))
        nextSerial += 1
        let reply = KeptReply(copying: body[idLength...])
        let entry = Entry(revision: revision, reply: reply, serial: nextSerial)
        if let replaced = entries.updateValue(entry, forKey: key) {
            keptBytes -= Self.size(replaced.reply.bytes.count, key.bytes.count)
        }
        keptBytes += size
        order.append((key, nextSerial))
        while keptBytes > budgetBytes, orderStart < order.count {
            let (oldest, serial) = order[orderStart]
            orderStart += 1
            if let e = entries[oldest], e.serial == serial {
                entries[oldest] = nil
                keptBytes -= Self.size(e.reply.bytes.count, oldest.bytes.count)
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

    private static func size(_ replyCount: Int, _ keyCount: Int) -> Int { replyCount + keyCount + overheadBytes }
}
