internal import Dispatch
internal import Foundation
public import PeerlinkCore
public import PeerlinkStore
internal import Synchronization

/// The writer thread: owns the SQLite connection, loads the directory at start, and commits batches.
///
/// The loop hands it one batch at a time (`submit`); when the batch has committed the thread stores the
/// results and calls `wake` (which signals the loop through `uv_async_send`, the one thread-safe libuv
/// call); the loop then collects them with `takeResults`. So `fsync` never blocks the loop, and the
/// `Store` never leaves this thread.
public final class CommitThread: Sendable {
    private struct Mailbox {
        var batch: [Change]?
        var results: (errors: [StoreError?], storeBytes: Int64)?
        var stopping = false
        /// Set as the thread exits: whether its closing checkpoint completed.
        var checkpointed: Bool?
    }

    private let mailbox = Mutex(Mailbox())
    private let work = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let wake: @Sendable () -> Void

    private init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    /// Starts the writer thread and waits until it has loaded the directory.
    public static func start(path: String, synchronous: Synchronous, wake: @escaping @Sendable () -> Void)
        throws(StoreError) -> (thread: CommitThread, directory: Directory, storeBytes: Int64)
    {
        let committer = CommitThread(wake: wake)
        let loaded = Mutex<Result<(Directory, Int64), StoreError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread {
            let store: Store
            do throws(StoreError) {
                store = try Store(path: path, synchronous: synchronous)
                let directory = try store.loadDirectory()
                loaded.withLock { $0 = .success((directory, store.sizeBytes)) }
            } catch {
                loaded.withLock { $0 = .failure(error) }
                ready.signal()
                committer.exited.signal()
                return
            }
            ready.signal()
            committer.run(store)
        }
        thread.name = "peerlink-writer"
        thread.start()
        ready.wait()
        // Taken out, not copied: the thread's closure keeps `loaded` for the thread's life, and a directory left
        // in it would share every table with the dispatcher's, so the first write to each table would copy it
        // and both copies would stay (55 MB more resident memory at national scale after the first writes).
        switch loaded.withLock({ value in defer { value = nil }; return value })! {
        case .success(let (directory, bytes)): return (committer, directory, bytes)
        case .failure(let e): throw e
        }
    }

    private func run(_ store: Store) {
        // The file's size (for Stats) is read at most once a second: the two PRAGMAs it takes are prepared
        // afresh each time, about a fifth of a one-change commit's cost.
        var bytes = store.sizeBytes
        var measuredAt = ContinuousClock.now
        while true {
            work.wait()
            let (batch, stopping) = mailbox.withLock { m in
                let b = m.batch
                m.batch = nil
                return (b, m.stopping)
            }
            if let batch {
                let errors = store.commit(batch)
                if ContinuousClock.now - measuredAt >= .seconds(1) {
                    bytes = store.sizeBytes
                    measuredAt = .now
                }
                mailbox.withLock { $0.results = (errors, bytes) }
                wake()
            }
            if stopping && batch == nil { break }
        }
        // After the last commit: the WAL goes into the database file (a copy of the `.db` alone is complete) and
        // every statement and the connection close.
        let checkpointed = store.close()
        mailbox.withLock { $0.checkpointed = checkpointed }
        exited.signal()
    }

    /// Hands a batch to the thread. The caller submits the next only after taking this one's results.
    public func submit(_ batch: [Change]) {
        mailbox.withLock { m in
            precondition(m.batch == nil && m.results == nil, "a batch is already committing")
            m.batch = batch
        }
        work.signal()
    }

    /// The finished batch's per-change errors (nil = committed) and the file size, or nil if still running.
    public func takeResults() -> (errors: [StoreError?], storeBytes: Int64)? {
        mailbox.withLock { m in
            let r = m.results
            m.results = nil
            return r
        }
    }

    /// Asks the thread to finish any batch it holds, checkpoint the WAL into the database, close the store and
    /// exit, and waits for it. Returns whether the checkpoint completed (false: a reader such as a backup tool
    /// held the WAL; the data is safe in the `-wal`, and the next start reads it).
    @discardableResult
    public func stopAndWait() -> Bool {
        mailbox.withLock { $0.stopping = true }
        work.signal()
        exited.wait()
        return mailbox.withLock { $0.checkpointed } ?? false
    }
}
