internal import Glibc
internal import PeerlinkCore
internal import PeerlinkWire

/// One read handed to a reader thread: everything it needs, and its result.
///
/// `@unchecked Sendable` because it crosses threads but is never shared: the loop fills it and submits it, one
/// reader runs it, and the loop takes it back, each hand-over through `ReaderPool`'s lock. The side it reads is
/// held for it (`DirectorySides.beginRead`) until the loop has taken it back, so no thread changes that side
/// meanwhile.
final class ReadJob: ReaderJob, @unchecked Sendable {
    enum Reply {
        case message(WireResponse.OneOf_Result)
        case encoded([UInt8])
    }

    let request: WireRequest
    let session: Session
    let now: Int64
    let spec: OperationSpec
    let side: Int
    let directory: UnsafePointer<Directory>
    unowned(unsafe) let dispatcher: Dispatcher
    let started: MonotonicInstant
    let sink: any ReplySink
    let sequence: UInt64
    let missed: Dispatcher.CacheMiss?
    let effects = ReadEffects()
    /// Set by the reader.
    private(set) var result: Result<Reply, PeerlinkError>?
    /// A confidential read's audit subject (`Dispatcher.subject(of:)`), worked out here by the reader: it writes
    /// the whole request out as text, which cost the loop about 150,000 instructions a read.
    private(set) var auditSubject: String?

    init(
        request: WireRequest, session: Session, now: Int64, spec: OperationSpec, side: Int,
        directory: UnsafePointer<Directory>, dispatcher: Dispatcher, started: MonotonicInstant, sink: any ReplySink,
        sequence: UInt64, missed: Dispatcher.CacheMiss?
    ) {
        self.request = request
        self.session = session
        self.now = now
        self.spec = spec
        self.side = side
        self.directory = directory
        self.dispatcher = dispatcher
        self.started = started
        self.sink = sink
        self.sequence = sequence
        self.missed = missed
    }

    var isSlow: Bool { spec.cost == .slow }

    /// Runs the handler on the calling reader thread.
    func run(on reader: ReaderState) {
        let ctx = RequestContext(
            request: request, session: session, now: now, side: directory, dispatcher: dispatcher,
            reader: (reader.linkMatchEncoder, effects))
        do {
            switch spec.perform {
            case .read(let body): result = .success(.message(try body(ctx)))
            case .readEncoded(let body): result = .success(.encoded(try body(ctx, directory.pointee)))
            case .session, .write: preconditionFailure("\(spec.name) does not run on a reader thread")
            }
        } catch {
            result = .failure(error)
        }
        if spec.confidential, case .success = result { auditSubject = Dispatcher.subject(of: request) }
    }
}

/// A write validated on a reader thread (`OperationSpec.validatedOffLoop`: imports), against the side it was
/// given, which holds memory as it stands: no batch forms until the loop takes this back. Sendable as `ReadJob` is.
final class ValidationJob: ReaderJob, @unchecked Sendable {
    let write: WriteBatcher.Queued
    let now: Int64
    let side: Int
    let directory: UnsafePointer<Directory>
    unowned(unsafe) let dispatcher: Dispatcher
    /// The allocator the write takes ids from, handed back with the outcome.
    var ids: IDAllocator
    private(set) var result: Result<PreparedWrite, PeerlinkError>?

    init(write: WriteBatcher.Queued, ids: IDAllocator, now: Int64, side: Int, directory: UnsafePointer<Directory>, dispatcher: Dispatcher) {
        self.write = write
        self.ids = ids
        self.now = now
        self.side = side
        self.directory = directory
        self.dispatcher = dispatcher
    }

    var isSlow: Bool { true }

    /// Whether the write's audit entry was added here.
    private(set) var stamped = false

    func run(on reader: ReaderState) {
        var request = write.request
        if let frame = write.frame {
            do {
                request = try WireRequest(frame: frame[...])
            } catch {
                result = .failure(.badRequest(
                    "the frame is not a peerlink Request (\(error)); check the client speaks schema/peerlink.proto", field: "frame"))
                return
            }
            do {
                try RequestBounds.for(write.name).check(request)
            } catch {
                result = .failure(error)
                return
            }
        }
        let ctx = RequestContext(
            request: request, session: write.session, now: now, side: directory, dispatcher: dispatcher,
            reader: (reader.linkMatchEncoder, ReadEffects()))
        do {
            var prepared = try write.spec(ctx, &ids)
            if write.audited && !prepared.change.writesNothing {
                WriteBatcher.stampAudit(&prepared, write, in: directory.pointee, ids: &ids, now: now)
                stamped = true
            }
            result = .success(prepared)
        } catch {
            result = .failure(error)
        }
    }
}

/// A large committed batch applied to the stale side on a reader thread (`DirectorySides.beginPublish`), so
/// that a national import's thousands of records do not hold the loop. Sendable as `ReadJob` is: the side is
/// touched by this job alone until the loop takes it back.
final class PublishJob: ReaderJob, @unchecked Sendable {
    let stale: UnsafeMutablePointer<Directory>
    let changes: [Change]

    init(stale: UnsafeMutablePointer<Directory>, changes: [Change]) {
        self.stale = stale
        self.changes = changes
    }

    /// Slow, but queued ahead of the other slow jobs (the next commit waits for it).
    var isSlow: Bool { true }

    func run(on reader: ReaderState) {
        for c in changes { c.apply(to: &stale.pointee) }
    }
}

/// Makes the stale side a copy of the current one (`DirectorySides.beginSharing`) on a reader thread: freeing the
/// stale side's own tables releases every record in them, which would hold the loop for milliseconds.
final class ShareJob: ReaderJob, @unchecked Sendable {
    let stale: UnsafeMutablePointer<Directory>
    let current: UnsafePointer<Directory>

    init(stale: UnsafeMutablePointer<Directory>, current: UnsafePointer<Directory>) {
        self.stale = stale
        self.current = current
    }

    var isSlow: Bool { true }

    /// Nothing changes the current side while a job holds the stale one, so copying it here is safe. Then the
    /// allocator is asked to give back what is free (glibc keeps freed pages of every thread's arena otherwise).
    func run(on reader: ReaderState) {
        stale.pointee = current.pointee
        ShareJob.trimMalloc?(0)
    }

    /// glibc's `malloc_trim`, looked up at run time (the Glibc module does not import `malloc.h`).
    private static let trimMalloc: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
}

/// What one reader thread keeps across the reads it runs.
final class ReaderState {
    let linkMatchEncoder = LinkMatchEncoder()
}
