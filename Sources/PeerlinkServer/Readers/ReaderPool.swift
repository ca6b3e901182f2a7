internal import Dispatch
internal import Foundation

/// Work for a reader thread: run there, then taken back by the loop.
protocol ReaderJob: AnyObject, Sendable {
    func run(on reader: ReaderState)
    /// Slow jobs wait in a queue of their own and never take every reader (`ReadCost.slow`).
    var isSlow: Bool { get }
}

/// The reader threads: run reads (`ReadJob`) and import validations (`ValidationJob`) off the loop, one at a
/// time each, and hand them back.
///
/// The loop submits jobs; a reader takes the oldest, runs it against the directory side the job names, puts it
/// on the finished list and, when that list was empty, calls `wake` (the loop's `uv_async_send`, the one
/// thread-safe libuv call). The loop then collects every finished job with `takeFinished` and answers them.
/// Slow jobs (`ReadCost.slow`, import validation, applying a large batch) have a queue of their own and at most
/// all readers but one run them at once, so a slow request delays no ordinary one. Both lists sit behind one lock, which also orders each job's accesses: a job is touched by the loop until
/// submitted, by one reader until finished, then by the loop again.
final class ReaderPool: @unchecked Sendable {
    private let lock = NSCondition()
    private var waiting: [any ReaderJob] = []
    private var waitingHead = 0
    private var slowWaiting: [any ReaderJob] = []
    private var slowRunning = 0
    private let maxSlowRunning: Int
    private var finished: [any ReaderJob] = []
    private var stopping = false
    private let exited: DispatchSemaphore
    private let threadCount: Int
    private let wake: @Sendable () -> Void

    /// Starts `threads` reader threads.
    init(threads: Int, wake: @escaping @Sendable () -> Void) {
        precondition(threads > 0, "a reader pool needs a thread")
        threadCount = threads
        maxSlowRunning = max(1, threads - 1)
        exited = DispatchSemaphore(value: 0)
        self.wake = wake
        for n in 0..<threads {
            let thread = Thread { [self] in run() }
            thread.name = "peerlink-reader-\(n)"
            thread.start()
        }
    }

    /// Hands a job to the next free reader; `first` puts a slow job ahead of the other slow ones.
    func submit(_ job: any ReaderJob, first: Bool = false) {
        lock.lock()
        if !job.isSlow {
            waiting.append(job)
        } else if first {
            slowWaiting.insert(job, at: 0)
        } else {
            slowWaiting.append(job)
        }
        lock.broadcast()  // a reader waiting may not be one allowed to take a slow job
        lock.unlock()
    }

    /// Every job finished since the last call, in the order they finished.
    func takeFinished() -> [any ReaderJob] {
        lock.lock()
        defer { lock.unlock() }
        guard !finished.isEmpty else { return [] }
        let jobs = finished
        finished.removeAll(keepingCapacity: true)
        return jobs
    }

    /// Lets the readers finish the jobs they hold and the ones waiting, then waits for them to exit.
    func stopAndWait() {
        lock.lock()
        stopping = true
        lock.broadcast()
        lock.unlock()
        for _ in 0..<threadCount { exited.wait() }
    }

    private func run() {
        let reader = ReaderState()
        while true {
            lock.lock()
            var slowAllowed: Bool { !slowWaiting.isEmpty && slowRunning < maxSlowRunning }
            while waitingHead == waiting.count && !slowAllowed && !stopping { lock.wait() }
            let job: any ReaderJob
            if waitingHead < waiting.count {
                job = waiting[waitingHead]
                waitingHead += 1
                if waitingHead == waiting.count {
                    waiting.removeAll(keepingCapacity: true)
                    waitingHead = 0
                } else if waitingHead >= 4096 {
                    waiting.removeFirst(waitingHead)  // a queue that never empties is compacted now and then
                    waitingHead = 0
                }
            } else if !slowWaiting.isEmpty {
                // Stopping with slow jobs left: they run too, whatever the limit.
                job = slowWaiting.removeFirst()
                slowRunning += 1
            } else {
                lock.unlock()
                break
            }
            lock.unlock()

            job.run(on: reader)

            lock.lock()
            finished.append(job)
            let first = finished.count == 1
            if job.isSlow {
                slowRunning -= 1
                lock.broadcast()  // another slow job may go now
            }
            lock.unlock()
            if first { wake() }
        }
        exited.signal()
    }
}
