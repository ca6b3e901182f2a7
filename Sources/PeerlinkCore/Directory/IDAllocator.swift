/// Hands out ids for new records before they commit.
///
/// Owned by whoever prepares changes (the server's loop). Ids of changes that fail to commit are simply
/// skipped, so an id is never given out twice even while earlier changes are still in flight.
public struct IDAllocator: Sendable {
    private var issued: [String: Int64] = [:]

    public init() {}

    /// The next unused id of `kind`, above every id the directory holds and every id issued before.
    public mutating func next(_ kind: String, in directory: Directory) -> Int64 {
        let n = max(issued[kind, default: 0], directory.highestID[kind, default: 0]) + 1
        issued[kind] = n
        return n
    }
}
