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
/// once, and stale replies are replaced as their queries come again. Memory is bounded by `budgetBytes` with
/// two generations: new replies go into the young one; when it holds half the budget the old one is dropped
/// and the young one becomes old. A reply found in the old generation moves to the young one, so the queries
/// asked again stay and the one-offs go (roughly least recently used, at one dictionary move per hit).
final class ReplyCache {
    private struct Entry {
        let revision: UInt64
        /// The `Response` body as first sent, and where it goes on after its id field (`ReusableReply`).
        let body: [UInt8]
        let restStart: Int
        var reply: ArraySlice<UInt8> { body[restStart...] }
    }

    /// The operation message's bytes; hashed as one block (hashing byte by byte cost more than the lookup).
    private struct Key: Hashable {
        let bytes: ArraySlice<UInt8>

        static func == (a: Key, b: Key) -> Bool {
            a.bytes.count == b.bytes.count
                && a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in x.elementsEqual(y) } }
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
    private var young: [Key: Entry] = [:]
    private var old: [Key: Entry] = [:]
    private var youngBytes = 0
    private(set) var hits: UInt64 = 0
    private(set) var misses: UInt64 = 0

    /// Bookkeeping per entry besides the bytes: the key's copy, the dictionary slot, the array headers.
    private static let overheadBytes = 96

    init(
        _ spec: OperationSpec, revision: @escaping @Sendable (borrowing Directory) -> UInt64, counter: OperationCounter,
        budgetBytes: Int
    ) {
        self.budgetBytes = budgetBytes
        self.revision = revision
        self.counter = counter
        roleBits = spec.roles.reduce(0) { $0 | Self.bit($1) }
    }

    /// A cache on its own (tests).
    convenience init(budgetBytes: Int) {
        self.init(
            OperationSpec("test", roles: [], caching: nil, .readEncoded({ _, _ in [] })), revision: { _ in 0 },
            counter: OperationCounter(), budgetBytes: budgetBytes)
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

    var isEnabled: Bool { budgetBytes > 0 }
    var count: Int { young.count + old.count }

    /// The kept reply to `request` computed at `revision`, or nil (counted as a miss).
    func reply(to request: ArraySlice<UInt8>, at revision: UInt64) -> ArraySlice<UInt8>? {
        let key = Key(bytes: request)
        if let e = young[key], e.revision == revision {
            hits += 1
            return e.reply
        }
        if let i = old.index(forKey: key) {
            let (ownKey, e) = old.remove(at: i)
            if e.revision == revision {
                hits += 1
                insert(e, for: ownKey)
                return e.reply
            }
        }
        misses += 1
        return nil
    }

    /// Keeps `body`, a whole `Response` body whose id field takes its first `idLength` bytes
    /// (`ReusableReply.idFieldLength`), as the answer to `request` at `revision`.
    func keep(_ body: [UInt8], idLength: Int, for request: ArraySlice<UInt8>, at revision: UInt64) {
        guard isEnabled, body.count + request.count + Self.overheadBytes <= budgetBytes / 2 else { return }
        // The key gets its own storage: a slice would keep the connection's whole read buffer alive.
        insert(Entry(revision: revision, body: body, restStart: idLength), for: Key(bytes: ArraySlice(Array(request))))
    }

    private func insert(_ entry: Entry, for key: Key) {
        let size = entry.body.count + key.bytes.count + Self.overheadBytes
        if youngBytes + size > budgetBytes / 2 {
            old = young
            young = [:]
            youngBytes = 0
        }
        if let replaced = young.updateValue(entry, forKey: key) {
            youngBytes -= replaced.body.count + key.bytes.count + Self.overheadBytes
        }
        youngBytes += size
    }
}
