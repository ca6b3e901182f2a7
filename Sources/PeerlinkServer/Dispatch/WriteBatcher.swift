internal import PeerlinkCore
internal import PeerlinkStore
internal import PeerlinkWire

/// Groups queued writes into commit batches: validates each against memory as it stands when its batch forms,
/// keeps apart writes that touch a common key, stamps every write's audit entry, and takes the writer's
/// results. It answers nobody itself: what it decides comes back to the dispatcher (`Answer`), which replies.
/// Loop thread only. A class, because answering a write lets its connection go on and queue the next one
/// (`enqueue`) while a batch is still being formed.
final class WriteBatcher {
    /// A write waiting for its batch.
    struct Queued {
        let requestID: UInt64
        let name: String
        let spec: (RequestContext, inout IDAllocator) throws(PeerlinkError) -> PreparedWrite
        let request: WireRequest
        let session: Session
        /// Nil for writes nobody waits for: an audit entry of a confidential read, a sweep.
        let sink: (any ReplySink)?
        let started: MonotonicInstant
        /// Validated on a reader thread (`OperationSpec.validatedOffLoop`).
        var offLoop = false
        /// Whether the write gets its own audit entry (every mutation but an audit entry itself).
        var audited = true
        /// The request's frame when it was queued undecoded (`offLoop`): decoded by the reader that validates it.
        var frame: [UInt8]? = nil
    }

    /// What became of a write: refused, answered without a commit, or committed (or not) with its batch.
    enum Answer {
        case refused(PeerlinkError)
        /// Its change committed (or held nothing to commit): reply from memory as it now stands.
        case done(WriteReply)
        case notSaved(StoreError)
    }

    private struct InFlight {
        let queued: Queued
        let prepared: PreparedWrite
    }

    private var queue: [Queued] = []
    private var inFlight: [InFlight] = []
    /// The committed batch's changes and results, waiting for readers to leave the side they go into.
    private var committed: (changes: [Change], results: [StoreError?])?
    private var ids = IDAllocator()
    /// The write being validated on a reader thread, and then its validation's outcome.
    private var validating: Queued?
    private var validated: (write: Queued, result: Result<PreparedWrite, PeerlinkError>)?
    private var stampedOffLoop = false

    /// True from the moment a batch goes to the writer until its changes are in memory (`published`), and while
    /// a write is validated off the loop: no batch forms meanwhile.
    private(set) var isCommitting = false

    /// Writes waiting for a batch, being validated, or in the batch being committed.
    var pendingWrites: Int {
        queue.count + inFlight.count + (validating == nil ? 0 : 1) + (validated == nil ? 0 : 1)
    }

    func enqueue(_ write: Queued) { queue.append(write) }

    /// When the next write to take is one validated off the loop: takes it, with the id allocator it is to use,
    /// and holds every batch back until `validatedOffLoop` brings its outcome.
    func takeWriteToValidateOffLoop() -> (write: Queued, ids: IDAllocator)? {
        guard !isCommitting, validated == nil, let first = queue.first, first.offLoop else { return nil }
        queue.removeFirst()
        validating = first
        isCommitting = true
        return (first, ids)
    }

    /// The outcome of the write `takeWriteToValidateOffLoop` gave out, and the allocator as it left it.
    func validatedOffLoop(_ result: Result<PreparedWrite, PeerlinkError>, ids: IDAllocator, stamped: Bool) {
        guard let write = validating else { preconditionFailure("no write is being validated") }
        validating = nil
        validated = (write, result)
        stampedOffLoop = stamped
        self.ids = ids
        isCommitting = false
    }

    /// Forms the next commit batch from queued writes, validating each against `directory` (memory as it now
    /// stands). Writes that fail validation, and writes with nothing to commit, go to `answer` at once. A write
    /// touching a key an earlier write in this batch touched waits for the next batch, so it is validated against
    /// memory that already holds the earlier one. Returns the changes to commit, or nil when there is nothing to
    /// do (or a batch is already committing).
    func nextBatch(
        in directory: borrowing Directory, now: Int64, context: (Queued) -> RequestContext,
        answer: (Queued, Answer) -> Void
    ) -> [Change]? {
        guard !isCommitting else { return nil }
        if let (q, result) = validated {
            // A write validated off the loop goes alone (imports touch everything).
            validated = nil
            switch result {
            case .failure(let error):
                answer(q, .refused(error))
            case .success(var prepared):
                if prepared.change.writesNothing {
                    answer(q, .done(prepared.reply))
                } else {
                    // Stamped by the reader, which has the records at hand; inline (no readers) here.
                    if q.audited && !stampedOffLoop { stampAudit(&prepared, q, in: directory, now: now) }
                    inFlight = [InFlight(queued: q, prepared: prepared)]
                    isCommitting = true
                    return [prepared.change]
                }
            }
        }
        var batch: [InFlight] = []
        // Answering a write here (refused, or nothing to commit) lets its connection go on with the requests
        // behind it, which may queue more writes into `queue` while a pass runs on what was taken out of it.
        // Those wait behind the writes this pass deferred; if this pass found nothing to commit they are taken
        // at once, since no commit (and so no later turn) may be coming to pick them up.
        while batch.isEmpty && !queue.isEmpty && queue.first?.offLoop != true {
            let pending = queue
            queue = []
            var keys = Set<ConflictKey>()
            var deferred: [Queued] = []
            for (i, q) in pending.enumerated() {
                if q.offLoop {
                    // Validated alone, off the loop, once what is before it has committed.
                    deferred += pending[i...]
                    break
                }
                do {
                    var prepared = try q.spec(context(q), &ids)
                    if prepared.change.writesNothing {
                        // Nothing to write (a dry run, an import held back by faults, a no-op): answer from memory
                        // as it stands, with no commit and nothing to audit.
                        answer(q, .done(prepared.reply))
                        continue
                    }
                    let k = prepared.change.conflictKeys
                    if !batch.isEmpty && (k.contains(.everything) || keys.contains(.everything) || !keys.isDisjoint(with: k)) {
                        deferred.append(q)
                        continue
                    }
                    if q.audited { stampAudit(&prepared, q, in: directory, now: now) }
                    keys.formUnion(k)
                    batch.append(InFlight(queued: q, prepared: prepared))
                } catch {
                    answer(q, .refused(error))
                }
            }
            queue = deferred + queue
        }
        guard !batch.isEmpty else { return nil }
        inFlight = batch
        isCommitting = true
        return batch.map(\.prepared.change)
    }

    /// Takes the writer's results for the batch `nextBatch` returned. The committed changes are then
    /// `changesToPublish` until `published` is called.
    func batchCommitted(_ results: [StoreError?]) {
        precondition(isCommitting && committed == nil && results.count == inFlight.count, "commit results do not match the batch")
        let changes = zip(inFlight, results).compactMap { w, error in error == nil ? w.prepared.change : nil }
        committed = (changes, results)
    }

    /// Whether the next write to take is one validated off the loop (`takeWriteToValidateOffLoop`).
    var offLoopWriteIsNext: Bool { !isCommitting && validated == nil && queue.first?.offLoop == true }

    /// The committed changes waiting to go into memory, nil when none are.
    var changesToPublish: [Change]? { committed?.changes }

    /// Call once `changesToPublish` are in memory: each write of the batch goes to `answer`, and the next batch
    /// may form.
    func published(answer: (Queued, Answer) -> Void) {
        guard let (_, results) = committed else { preconditionFailure("nothing was committed") }
        let batch = inFlight
        inFlight = []
        committed = nil
        isCommitting = false
        for (w, error) in zip(batch, results) {
            if let error { answer(w.queued, .notSaved(error)) } else { answer(w.queued, .done(w.prepared.reply)) }
        }
    }

    /// Adds the audit entry every write carries: who, which operation, and the keys of what it touched.
    private func stampAudit(_ prepared: inout PreparedWrite, _ q: Queued, in directory: borrowing Directory, now: Int64) {
        Self.stampAudit(&prepared, q, in: directory, ids: &ids, now: now)
    }

    /// The same with the allocator given: a reader validating a write off the loop stamps it there.
    static func stampAudit(
        _ prepared: inout PreparedWrite, _ q: Queued, in directory: borrowing Directory, ids: inout IDAllocator, now: Int64
    ) {
        let touched = prepared.change.records.map(\.conflictKey.description).sorted()
        var target = touched.prefix(8).joined(separator: " ")
        if touched.count > 8 { target += " and \(touched.count - 8) more" }
        let entry = directory.auditEntry(
            operation: q.name, role: q.session.role ?? .admin, personID: q.session.personID, target: target,
            ids: &ids, now: now)
        prepared.change.records.append(entry)
    }
}
