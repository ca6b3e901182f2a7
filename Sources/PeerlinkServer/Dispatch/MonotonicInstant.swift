import Glibc

/// A moment on the monotonic clock, in nanoseconds: when a request started, for its operation's latency figures.
///
/// `ContinuousClock.now` and turning a `Duration` into microseconds cost about 1,000 instructions per request
/// (128-bit arithmetic), more than answering a repeated link match from its kept reply. This reads the same
/// clock with `clock_gettime(CLOCK_MONOTONIC)` (no system call: the vDSO) and subtracts integers.
struct MonotonicInstant {
    let nanoseconds: UInt64

    static var now: MonotonicInstant {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return MonotonicInstant(nanoseconds: UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec))
    }

    /// Microseconds from this instant until now.
    var microsecondsUntilNow: Double { Double(Self.now.nanoseconds &- nanoseconds) / 1_000 }
}
