public import PeerlinkCore
internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// How hard a commit waits for the disk (DESIGN §6).
public enum Synchronous: String, Sendable, CaseIterable {
    /// Every acknowledged commit survives power loss (the default).
    case full = "FULL"
    /// Faster: a power cut can lose the last commits, never corrupt the file (like Redis `appendfsync everysec`).
    case normal = "NORMAL"
}

/// The SQLite file: the durable truth the directory is loaded from and every change is written to.
///
/// Owned by one thread at a time: the daemon opens and loads it on its writer thread and commits there.
/// Holds an exclusive `flock` on `PATH.lock` so two daemons never serve the same file.
public final class Store {
    public let path: String
    let db: Database
    private var lockFD: Int32 = -1

    /// Opens (creating if needed) and migrates the database.
    /// Throws `StoreError.locked` when another daemon holds the file.
    public init(path: String, synchronous: Synchronous = .full) throws(StoreError) {
        self.path = path
        if path != ":memory:" {
            lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard lockFD >= 0 else { throw .io("cannot create \(path).lock: \(String(cString: strerror(errno)))") }
            fchmod(lockFD, 0o600)  // one made by an earlier version may be 0644
            guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
                Glibc.close(lockFD)
                throw .locked("\(path) is in use by another peerlinkd (lock file \(path).lock); stop it or use --db")
            }
        }
        do {
            db = try Database(path: path)
            try db.execute("PRAGMA journal_mode = WAL")
            try db.execute("PRAGMA synchronous = \(synchronous.rawValue)")
            try db.execute("PRAGMA busy_timeout = 5000")
            // Deleted and overwritten content is zeroed, in the pages and so in the WAL frames that carry them:
            // an erasure, or an update of a person's name, leaves no copy of the old text in free space.
            try db.execute("PRAGMA secure_delete = ON")
            try Store.migrate(db)
            try db.execute("PRAGMA foreign_keys = ON")
        } catch {
            // Every step above throws `SQLiteError` alone (typed throws), so `error` is one.
            if lockFD >= 0 { Glibc.close(lockFD) }
            throw .sqlite(error)
        }
    }

    deinit {
        db.close()
        if lockFD >= 0 { Glibc.close(lockFD) }
    }

    /// True while a purge (`PurgeOverwrittenBytes`) could not complete because a reader held the WAL (Litestream
    /// keeps a read transaction open all the time); later commits try again, and so does `close()`.
    public private(set) var purgePending = false
    /// When a pending purge was last tried: retries come at most every `purgeRetrySeconds`, without waiting
    /// for the reader, so the commits after an erasure are not each held up by the busy timeout.
    private var lastPurgeTry = ContinuousClock.now
    static let purgeRetrySeconds = 10

    /// Checkpoints the whole WAL into the database and truncates the WAL to zero bytes
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`). Returns false when a reader (another connection: a backup tool,
    /// Litestream) kept it from completing within the busy timeout; what was committed is safe either way.
    /// With `waiting` false the checkpoint gives up at once instead of waiting up to the busy timeout (5 s).
    @discardableResult
    public func checkpoint(waiting: Bool = true) -> Bool {
        guard path != ":memory:", db.isOpen else { return true }
        if !waiting { sqlite3_busy_timeout(db.handle, 0) }
        defer { if !waiting { sqlite3_busy_timeout(db.handle, 5000) } }
        var logFrames: Int32 = 0, checkpointed: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(db.handle, nil, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed)
        return rc == SQLITE_OK
    }

    /// The clean end: checkpoints the WAL into the database file (so the `.db` alone holds every record, and a
    /// copy of it is complete), truncates the WAL, then finalizes every statement and closes the connection.
    /// Returns whether the checkpoint completed. Nothing may use the store afterwards.
    @discardableResult
    public func close() -> Bool {
        guard db.isOpen else { return true }
        let done = checkpoint()
        if done { purgePending = false }
        db.close()
        return done
    }

    /// Runs the follow-ups of the changes that committed (`errors[i] == nil`), then retries a pending purge.
    private func runFollowUps(_ changes: [Change], _ errors: [StoreError?]) {
        var purgeNow = false
        for (change, error) in zip(changes, errors) where error == nil {
            for f in change.followUps {
                if f is PurgeOverwrittenBytes { purgeNow = true }
                if let task = f as? any StoreFollowUp { task.run(on: self) }
            }
        }
        if purgeNow {
            // Right after the erasure: worth waiting for a reader to finish.
            purgePending = !checkpoint()
            lastPurgeTry = .now
        } else if purgePending && ContinuousClock.now - lastPurgeTry >= .seconds(Store.purgeRetrySeconds) {
            purgePending = !checkpoint(waiting: false)
            lastPurgeTry = .now
        }
    }

    /// The schema version the file is at (the number of the last migration applied).
    public var schemaVersion: Int { (try? Int(db.scalar("PRAGMA user_version"))) ?? 0 }

    /// Applies each pending migration in its own transaction, recording it in `PRAGMA user_version`.
    static func migrate(_ db: Database) throws(SQLiteError) {
        let current = Int(try db.scalar("PRAGMA user_version"))
        let latest = embeddedMigrations.last?.version ?? 0
        if current > latest {
            throw SQLiteError(
                code: SQLITE_ERROR,
                message: "the database is at schema version \(current) but this peerlinkd knows only \(latest); use a newer peerlinkd",
                sql: nil)
        }
        // SQLite's procedure for rebuilding a table (lang_altertable.html): foreign keys off outside the
        // transaction, and `foreign_key_check` before committing, so a rebuilt table's children stay as they are.
        // The caller turns them back on.
        try db.execute("PRAGMA foreign_keys = OFF")
        for m in embeddedMigrations where m.version > current {
            try db.execute("BEGIN IMMEDIATE")
            do throws(SQLiteError) {
                try db.execute(m.sql)
                var broken = 0
                try db.query("PRAGMA foreign_key_check") { _ in broken += 1 }
                if broken > 0 {
                    throw SQLiteError(
                        code: SQLITE_CONSTRAINT, message: "\(broken) rows would break a foreign key; nothing was changed",
                        sql: nil)
                }
                try db.execute("PRAGMA user_version = \(m.version)")
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw SQLiteError(code: error.code, message: "migration \(m.name) failed: \(error.message)", sql: nil)
            }
        }
    }

    /// Writes a group of changes in one transaction.
    ///
    /// Returns one result per change, in order: `nil` when it was written, or the error that rolled back that
    /// change alone (the others still commit). If the final COMMIT fails, every change fails.
    ///
    /// Changes were validated against memory, so one failing here is rare (a full disk, a bug): the batch is
    /// first written straight through, and only if a change fails is it rolled back and written again with
    /// each change in its own savepoint. A savepoint per change cost about an eighth of a nomination update.
    /// The transaction and savepoint statements are prepared once and reused.
    public func commit(_ changes: [Change]) -> [StoreError?] {
        let results = writeInOneTransaction(changes)
        runFollowUps(changes, results)
        return results
    }

    private func writeInOneTransaction(_ changes: [Change]) -> [StoreError?] {
        do throws(SQLiteError) {
            try db.run("BEGIN IMMEDIATE", [])
        } catch {
            return changes.map { _ in .sqlite(error) }
        }
        do throws(SQLiteError) {
            for change in changes { try write(change) }
        } catch {
            try? db.execute("ROLLBACK")
            return commitEachInItsOwnSavepoint(changes)
        }
        do throws(SQLiteError) {
            try db.run("COMMIT", [])
        } catch {
            try? db.execute("ROLLBACK")
            return changes.map { _ in .sqlite(error) }
        }
        return changes.map { _ in nil }
    }

    private func commitEachInItsOwnSavepoint(_ changes: [Change]) -> [StoreError?] {
        var results = [StoreError?](repeating: nil, count: changes.count)
        do throws(SQLiteError) {
            try db.run("BEGIN IMMEDIATE", [])
        } catch {
            return changes.map { _ in .sqlite(error) }
        }
        for (i, change) in changes.enumerated() {
            do throws(SQLiteError) {
                try db.run("SAVEPOINT change", [])
                try write(change)
                try db.run("RELEASE change", [])
            } catch {
                try? db.execute("ROLLBACK TO change")
                try? db.execute("RELEASE change")
                results[i] = .sqlite(error)
            }
        }
        do throws(SQLiteError) {
            try db.run("COMMIT", [])
        } catch {
            try? db.execute("ROLLBACK")
            return changes.map { _ in .sqlite(error) }
        }
        return results
    }

    /// Writes each of the change's records, only what differs from its earlier version where one is given.
    private func write(_ change: Change) throws(SQLiteError) {
        for (i, record) in change.records.enumerated() {
            guard let stored = record as? any StoredRecord else {
                throw SQLiteError(code: SQLITE_MISUSE, message: "no table for \(type(of: record))", sql: nil)
            }
            if let earlier = change.earlier[i] {
                try stored.write(to: db, replacing: earlier)
            } else {
                try stored.write(to: db)
            }
        }
    }

    /// Bytes the database occupies (pages × page size), WAL not included.
    public var sizeBytes: Int64 {
        ((try? db.scalar("PRAGMA page_count")) ?? 0) * ((try? db.scalar("PRAGMA page_size")) ?? 0)
    }

    /// Copies the whole database to `destination` with SQLite's online backup API, on the calling (writer)
    /// thread, between commits: the copy holds exactly what has committed. The file is created owner-only
    /// (0600) and never over an existing one unless `replacing` (then it and any `-wal`, `-shm` or `-journal` of
    /// it are removed first). The copy is left as a single self-contained file (journal mode DELETE; a daemon
    /// started on it turns WAL on again) and `PRAGMA integrity_check` is run on it. On failure the partial copy
    /// is removed.
    @discardableResult
    public func backup(to destination: String, replacing: Bool = false) throws(StoreError) -> BackupReport {
        // Compared by inode, so another spelling of the live database's path (or a link to it) is refused too.
        func identity(_ file: String) -> [UInt64]? {
            var st = stat()
            return stat(file, &st) == 0 ? [UInt64(st.st_dev), UInt64(st.st_ino)] : nil
        }
        let live = Set(["", "-wal", "-shm", "-journal", ".lock"].compactMap { identity(path + $0) })
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let id = identity(destination + suffix), live.contains(id) {
                throw .io("\(destination) is the live database (or one of its files); back up to another path")
            }
        }
        if replacing {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(destination + suffix) }
        }
        let fd = open(destination, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let why = errno == EEXIST ? "it already exists (use --force to replace it)" : String(cString: strerror(errno))
            throw .io("cannot create the backup \(destination): \(why)")
        }
        Glibc.close(fd)
        do throws(SQLiteError) {
            let target = try Database(path: destination)
            defer { target.close() }
            guard let backup = sqlite3_backup_init(target.handle, "main", db.handle, "main") else {
                throw target.error(sqlite3_errcode(target.handle), sql: nil)
            }
            let rc = sqlite3_backup_step(backup, -1)
            let pages = Int(sqlite3_backup_pagecount(backup))
            sqlite3_backup_finish(backup)
            guard rc == SQLITE_DONE else { throw target.error(rc, sql: nil) }
            try target.execute("PRAGMA journal_mode = DELETE")
            var problems: [String] = []
            try target.query("PRAGMA integrity_check") { s in problems.append(s.text(0)) }
            let pageSize = try target.scalar("PRAGMA page_size")
            let integrity = problems == ["ok"] ? "ok" : problems.prefix(10).joined(separator: "; ")
            return BackupReport(path: destination, pages: pages, bytes: Int64(pages) * pageSize, integrity: integrity)
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(destination + suffix) }
            throw .sqlite(error)
        }
    }
}

/// Work a change asks the store to do on the writer thread once it has committed (a backup). Defined by the
/// server; the store runs it with itself, outside any transaction.
public protocol StoreFollowUp: CommitFollowUp {
    func run(on store: Store)
}

/// What `Store.backup` made: where, how many pages and bytes, and `integrity_check`'s verdict ("ok", or the
/// first problems it found).
public struct BackupReport: Sendable, Equatable {
    public var path: String
    public var pages: Int
    public var bytes: Int64
    public var integrity: String
}

/// Why the store could not open, load or write.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case sqlite(SQLiteError)
    case locked(String)
    case io(String)

    public var description: String {
        switch self {
        case .sqlite(let e): return e.description
        case .locked(let m), .io(let m): return m
        }
    }
}
