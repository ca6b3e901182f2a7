internal import Dispatch
internal import Foundation
public import PeerlinkCore
internal import Synchronization

extension Store {
    /// Reads every record into a fresh directory (start-up).
    ///
    /// Reading rows and putting records cost about the same, so a file database is loaded by two threads: a
    /// helper opens its own read-only connection and reads every table in load order inside one read
    /// transaction (one snapshot), handing the records over in batches; the calling thread puts each batch into
    /// the directory as it arrives. The helper has closed its connection by the time this returns or throws.
    /// An in-memory database has no second connection and is read on the calling thread.
    public func loadDirectory() throws(StoreError) -> Directory {
        var directory = Directory()
        directory.beginBulkLoad()
        if path == ":memory:" {
            do {
                for type in Store.recordTypes {
                    try type.loadAll(from: db) { record in record.apply(to: &directory) }
                }
            } catch {
                throw .sqlite(error)
            }
        } else {
            let pipe = LoadPipe(capacity: 8)
            let reader = Thread { [path] in Store.readAll(path: path, into: pipe) }
            reader.name = "peerlink-load"
            reader.start()
            defer { pipe.waitUntilReaderExits() }
            receiving: while true {
                switch pipe.receive() {
                case .records(let put): put(&directory)
                case .finished: break receiving
                case .failed(let error): throw .sqlite(error)
                }
            }
        }
        directory.finishBulkLoad()
        return directory
    }

    /// The helper thread's side of `loadDirectory`: every table, in batches, then `.finished` (or `.failed`).
    private static func readAll(path: String, into pipe: LoadPipe) {
        defer { pipe.readerExited() }
        do throws(SQLiteError) {
            let db = try Database(path: path, readOnly: true)
            defer { db.close() }  // runs after the COMMIT below
            try db.execute("BEGIN")
            defer { try? db.execute("COMMIT") }
            let sizes = (
                schools: try db.scalar("SELECT count(*) FROM schools"),
                people: try db.scalar("SELECT count(*) FROM people"),
                nominations: try db.scalar("SELECT count(*) FROM nominations"))
            pipe.send(
                .records {
                    $0.reserveCapacity(
                        schools: Int(sizes.schools), people: Int(sizes.people), nominations: Int(sizes.nominations))
                })
            for type in recordTypes {
                try type.loadBatches(from: db, size: 1024) { pipe.send(.records($0)) }
            }
            pipe.send(.finished)
        } catch {
            pipe.send(.failed(error))
        }
    }
}

extension StoredRecord {
    /// Reads every row, handing them to `send` in batches of up to `size` as one call that puts them.
    static func loadBatches(
        from db: Database, size: Int, _ send: (@escaping @Sendable (inout Directory) -> Void) -> Void
    ) throws(SQLiteError) {
        var batch: [Self] = []
        batch.reserveCapacity(size)
        func flush() {
            guard !batch.isEmpty else { return }
            let full = batch
            send { directory in for record in full { record.apply(to: &directory) } }
            batch = []
            batch.reserveCapacity(size)
        }
        try loadAll(from: db) { record in
            batch.append(record)
            if batch.count == size { flush() }
        }
        flush()
    }
}

/// What the loading helper hands the applying thread, in order.
enum LoadMessage: Sendable {
    case records(@Sendable (inout Directory) -> Void)
    case finished
    case failed(SQLiteError)
}

/// A bounded first-in first-out queue from the loading helper to the thread that applies: `send` waits while
/// `capacity` messages are unread, so the decoded records in memory stay a few batches ahead.
final class LoadPipe: Sendable {
    private let queue = Mutex<[LoadMessage]>([])
    private let unread = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let exited = DispatchSemaphore(value: 0)

    init(capacity: Int) { room = DispatchSemaphore(value: capacity) }

    func send(_ message: LoadMessage) {
        room.wait()
        queue.withLock { $0.append(message) }
        unread.signal()
    }

    func receive() -> LoadMessage {
        unread.wait()
        let message = queue.withLock { $0.removeFirst() }
        room.signal()
        return message
    }

    func readerExited() { exited.signal() }
    func waitUntilReaderExits() { exited.wait() }
}
