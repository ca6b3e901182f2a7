import PeerlinkCore
import PeerlinkWire

/// The review-due sweep (DESIGN §1.2: more than a cycle needs a recorded review at six months). The daemon runs it
/// at start and every `ServerConfig.reviewDueSweepSeconds` on a libuv timer; each run queues one background write
/// whose change the core decides (`Directory.prepareReviewDueNotices`): the "review due" emails of engagements
/// whose review has come due today in England, and the mark on each engagement that its email was queued, in one
/// commit. A restart, or a sweep soon after another, finds them marked and sends nothing again.
extension Daemon {
    /// The sweep timer's callback (loop thread): nothing is queued once the daemon is stopping.
    func sweepReviewsDue() {
        guard !isStopping else { return }
        dispatcher.queueReviewDueSweep()
    }
}

extension Dispatcher {
    /// Queues one run of the sweep; it commits with the next batch.
    func queueReviewDueSweep() {
        queueBackgroundWrite("review_due_sweep") { ctx, ids in
            let change = ctx.directory.prepareReviewDueNotices(
                on: LondonTime.day(atUnixSeconds: ctx.now), ids: &ids, now: ctx.now)
            return PreparedWrite(change) { _ in .ping(Peerlink_V1_Pong()) }
        }
    }
}
