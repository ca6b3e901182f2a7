/// Index lists of record ids kept in ascending order, so listings come out in id (creation) order and
/// lookups can binary-search. Every book's "X by Y" index uses these.
extension Array where Element == Int64 {
    /// Inserts `id` in order; does nothing if it is already there. Appending a new highest id is O(1).
    public mutating func insertSortedID(_ id: Int64) {
        if let last, last < id {
            append(id)
            return
        }
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        if lo < count, self[lo] == id { return }
        insert(id, at: lo)
    }

    /// Removes `id` if present.
    public mutating func removeSortedID(_ id: Int64) {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        if lo < count, self[lo] == id { remove(at: lo) }
    }
}
