import Glibc

/// A kept reply's bytes after its id field (`ReusableReply`), in memory of their own: a connection hands them to
/// the socket where they lie (one `writev` with its other output) instead of copying them into its output
/// buffer, and holds a reference until the socket has taken them. Never changed once made.
///
/// The request it answers is kept just in front of the reply, in the same block: the cache confirms a hit by
/// comparing the request's bytes there, so the memory it reads is the memory the socket reads next.
public final class KeptReply {
    /// Valid while this object lives.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The operation message this answers (`ReplyCache`'s key), just before `bytes`.
    let request: UnsafeBufferPointer<UInt8>
    private let block: UnsafeMutableBufferPointer<UInt8>

    init(copying rest: ArraySlice<UInt8>, answering request: ArraySlice<UInt8>) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(request.count + rest.count, 1))
        let keyCount = request.withUnsafeBufferPointer { storage.initialize(fromContentsOf: $0) }
        let replyCount = rest.withUnsafeBufferPointer {
            UnsafeMutableBufferPointer(rebasing: storage[keyCount...]).initialize(fromContentsOf: $0)
        }
        block = storage
        self.request = UnsafeBufferPointer(rebasing: storage[..<keyCount])
        bytes = UnsafeBufferPointer(rebasing: storage[keyCount..<(keyCount + replyCount)])
    }

    /// Whether `other` holds the same bytes as the request this answers.
    func answers(_ other: UnsafeRawBufferPointer) -> Bool {
        guard other.count == request.count else { return false }
        guard let a = other.baseAddress, let b = request.baseAddress, other.count > 0 else { return true }
        return memcmp(a, b, other.count) == 0
    }

    deinit { block.deallocate() }
}
