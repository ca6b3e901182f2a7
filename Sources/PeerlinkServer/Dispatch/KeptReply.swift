/// A kept reply's bytes after its id field (`ReusableReply`), in memory of their own: a connection hands them to
/// the socket where they lie (one `writev` with its other output) instead of copying them into its output
/// buffer, and holds a reference until the socket has taken them. Never changed once made.
public final class KeptReply {
    /// Valid while this object lives.
    public let bytes: UnsafeBufferPointer<UInt8>

    init(copying rest: ArraySlice<UInt8>) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(rest.count, 1))
        let written = rest.withUnsafeBufferPointer { storage.initialize(fromContentsOf: $0) }
        bytes = UnsafeBufferPointer(rebasing: storage[..<written])
    }

    deinit { UnsafeMutableRawPointer(mutating: bytes.baseAddress!).deallocate() }
}
