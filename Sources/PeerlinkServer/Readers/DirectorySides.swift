internal import PeerlinkCore

/// Two copies of the directory (left-right), so that reader threads read one while the loop changes the other.
///
/// Readers are only ever given the `current` side. A commit is applied to the other, stale side, which then
/// becomes current; the changes it got are applied to the side it replaced at the next publish, so each change
/// is applied twice and neither side is ever copied whole. The stale side may be changed only while no read
/// holds it: reads are counted per side here, on the loop thread, as jobs are handed out and collected, so the
/// count needs no atomics (the reader pool's queue orders the threads' accesses).
///
/// The sides begin as one value and share every table until a table is first written, so what doubles is only
/// what commits touch. Without reader threads (`twoSided: false`, tests and `reader_threads = 0`) there is one
/// side and publishing applies each change once.
///
/// Loop thread only. Reader threads read `pointer(to:)` of a side they were given and nothing else.
final class DirectorySides {
    private let storage: UnsafeMutablePointer<Directory>
    private let sideCount: Int
    /// The side new reads are given and the loop reads from: memory as committed.
    private(set) var current = 0
    /// Reads running on each side.
    private var readers = [0, 0]
    /// Changes in `current` that the other side does not hold yet.
    private var lag: [Change] = []

    init(_ directory: Directory, twoSided: Bool) {
        sideCount = twoSided ? 2 : 1
        storage = .allocate(capacity: sideCount)
        storage.initialize(repeating: directory, count: sideCount)
    }

    deinit {
        storage.deinitialize(count: sideCount)
        storage.deallocate()
    }

    /// Memory as committed, for the loop (validation, kept-reply revisions, replies to writes).
    var latest: Directory {
        _read { yield storage[current] }
    }

    /// The side `side`, for a reader thread given it by `beginRead`.
    func pointer(to side: Int) -> UnsafePointer<Directory> { UnsafePointer(storage + side) }

    /// Gives a read the current side; the caller ends it with `endRead` on the loop thread.
    func beginRead() -> Int {
        readers[current] += 1
        return current
    }

    func endRead(_ side: Int) {
        readers[side] -= 1
        precondition(readers[side] >= 0, "a read ended twice")
    }

    /// Whether `publish` may run now: no read holds the stale side.
    var canPublish: Bool { sideCount == 1 || readers[1 - current] == 0 }

    /// Reads still running on the side a publish would change.
    var readersOnStaleSide: Int { sideCount == 1 ? 0 : readers[1 - current] }

    /// Applies committed changes to the stale side (after the ones it lags by) and makes it current.
    func publish(_ changes: [Change]) {
        guard sideCount == 2 else {
            for c in changes { c.apply(to: &storage[0]) }
            return
        }
        let (stale, pending) = beginPublish(changes)
        for c in pending { c.apply(to: &stale.pointee) }
        endPublish(changes)
    }

    /// The first half of a publish whose changes are applied elsewhere (on a reader thread, for a large batch):
    /// the stale side and every change it must take, in order. Until `endPublish`, only the caller touches that
    /// side, and nothing else may publish. Two-sided only.
    func beginPublish(_ changes: [Change]) -> (stale: UnsafeMutablePointer<Directory>, changes: [Change]) {
        precondition(sideCount == 2 && canPublish, "the stale side is being read")
        return (storage + (1 - current), lag + changes)
    }

    /// Makes the side `beginPublish` gave out current, once the changes are in it.
    func endPublish(_ changes: [Change]) {
        lag = changes
        current = 1 - current
        shareTables = false
    }

    /// Whether publishing `changes` is worth doing on a reader thread: many records, or the first publish after
    /// `beginSharing`, whose first change to each table copies that table out of what the sides share.
    func isLarge(_ changes: [Change]) -> Bool {
        sideCount == 2
            && (shareTables
                || (lag.reduce(0) { $0 + $1.records.count } + changes.reduce(0) { $0 + $1.records.count }) >= 2_000)
    }

    /// Set from `beginSharing` until the next publish: the stale side is a copy of the current one and shares
    /// every table with it, so the directory is in memory once.
    private(set) var shareTables = false

    /// When the daemon is quiet: the stale side becomes a copy of the current one, so the two share every table
    /// again and the stale side's own tables are freed (two copies of everything commits touched otherwise stay
    /// for good). Returns the stale side and what it becomes, for the caller to assign where freeing the old
    /// tables holds nobody up (a reader thread), then `endSharing`. Only while `canPublish`, between publishes.
    func beginSharing() -> (stale: UnsafeMutablePointer<Directory>, current: UnsafePointer<Directory>)? {
        guard sideCount == 2, !shareTables, canPublish else { return nil }
        return (storage + (1 - current), UnsafePointer(storage + current))
    }

    func endSharing() {
        lag = []
        shareTables = true
    }

    /// A change to configuration every side must hold (at start, before any read).
    func configure(_ body: (inout Directory) -> Void) {
        precondition(readers == [0, 0] && lag.isEmpty, "configure the directory before serving")
        for i in 0..<sideCount { body(&storage[i]) }
    }
}
