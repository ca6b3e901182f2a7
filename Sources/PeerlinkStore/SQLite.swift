internal import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// `SQLITE_TRANSIENT` is a macro Swift cannot import: it tells SQLite to copy bound text at once.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A failed SQLite call: the result code, SQLite's message and the SQL, never the bound values.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var description: String {
        if let sql { return "SQLite error \(code): \(message) (in: \(sql.prefix(200)))" }
        return "SQLite error \(code): \(message)"
    }
}

/// A value bound to or read from a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    static func int(_ v: Int?) -> SQLValue { v.map { .int(Int64($0)) } ?? .null }
    static func int(_ v: Int64?) -> SQLValue { v.map { .int($0) } ?? .null }
    static func text(_ v: String?) -> SQLValue { v.map { .text($0) } ?? .null }
    static func bool(_ v: Bool) -> SQLValue { .int(v ? 1 : 0) }
}

/// One SQLite connection. Used by one thread only: the store's owner.
final class Database {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// Table name → its upsert statement (also in `cache`).
    private var upsertStatements: [String: Statement] = [:]
    /// Table name → its in-place update statement (also in `cache`).
    private var updateStatements: [String: Statement] = [:]

    /// Opens `path`, creating it unless `readOnly`.
    ///
    /// A file the daemon creates is owner-only (0600), and an existing one, with its `-wal` and `-shm`, is made
    /// so: they hold people's names and what they wrote. SQLite creates the `-wal` and `-shm` later, with the
    /// main file's permissions, so making the main file 0600 before SQLite sees it covers them too; the umask
    /// around the open covers anything SQLite creates meanwhile.
    init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        if !readOnly && !path.isEmpty && path != ":memory:" {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 { Glibc.close(fd) }
            Database.makeOwnerOnly(path)
        }
        var db: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let oldMask = umask(0o077)
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        umask(oldMask)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(message): \(path)", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    /// Makes the database file and its `-wal`, `-shm` and `-journal`, where they exist, readable by the owner
    /// only (files made by an earlier version were 0644).
    static func makeOwnerOnly(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            var st = stat()
            if stat(path + suffix, &st) == 0 && st.st_mode & 0o077 != 0 { chmod(path + suffix, 0o600) }
        }
    }

    /// True until `close()`.
    private(set) var isOpen = true

    /// Finalizes every statement this connection prepared and closes it. Statements belong to their connection
    /// (they hold it `unowned`): a statement that kept its connection alive while the connection's cache kept
    /// the statement made a cycle, and no connection ever closed. Safe to call twice; `deinit` calls it.
    /// Returns SQLite's result (`SQLITE_BUSY` if something still uses the connection, e.g. an unfinished backup).
    @discardableResult
    func close() -> Int32 {
        guard isOpen else { return SQLITE_OK }
        isOpen = false
        for s in cache.values { s.finalize() }
        cache.removeAll()
        upsertStatements.removeAll()
        updateStatements.removeAll()
        let rc = sqlite3_close(handle)
        if rc != SQLITE_OK { sqlite3_close_v2(handle) }  // closes when the last user lets go
        return rc
    }

    deinit { close() }

    /// Runs one or more statements with no bindings and no results (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, prepared once per connection and reused (reset after each use).
    func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let s = cache[sql] { return s }
        let s = try Statement(database: self, sql: sql)
        cache[sql] = s
        return s
    }

    /// Inserts a row, or updates the row with the same `key`. The statement is built and prepared once per table
    /// and found by the table's name (building the text per write was 15% of a write's cost).
    func upsert(_ table: String, key: String, columns: [String], _ values: [SQLValue]) throws(SQLiteError) {
        let s = try statement(for: table, in: &upsertStatements) { upsertSQL(table, key: key, columns: columns) }
        try run(s, values)
    }

    /// The statement `statements` holds for `table`, prepared from `sql()` the first time.
    private func statement(
        for table: String, in statements: inout [String: Statement], _ sql: () -> String
    ) throws(SQLiteError) -> Statement {
        if let known = statements[table] { return known }
        let s = try statement(sql())
        statements[table] = s
        return s
    }

    /// Updates the row whose `key` is `values[0]` in place, only while its `guards` columns hold what the caller
    /// believes; returns whether a row was updated. `values` are the key, then `set`'s, then `guards`' (`IS`, so
    /// a null matches a null). Setting fewer columns than an upsert lets SQLite skip the foreign key checks of
    /// the columns left alone: at national scale an upsert of a nomination cost three times as much.
    func update(
        _ table: String, key: String, set: [String], guards: [String], _ values: [SQLValue]
    ) throws(SQLiteError) -> Bool {
        let s = try statement(for: table, in: &updateStatements) { updateSQL(table, key: key, set: set, guards: guards) }
        try run(s, values)
        return sqlite3_changes(handle) > 0
    }

    /// Runs `sql` once with `values`.
    func run(_ sql: String, _ values: [SQLValue]) throws(SQLiteError) {
        try run(try statement(sql), values)
    }

    private func run(_ s: Statement, _ values: [SQLValue]) throws(SQLiteError) {
        defer { s.reset() }
        try s.bind(values)
        while try s.step() {}
    }

    /// Calls `body` for every row `sql` returns.
    func query(_ sql: String, _ values: [SQLValue] = [], _ body: (Statement) throws(SQLiteError) -> Void)
        throws(SQLiteError)
    {
        let s = try statement(sql)
        defer { s.reset() }
        try s.bind(values)
        while try s.step() { try body(s) }
    }

    /// The first column of the first row, as an integer (pragmas, counts).
    func scalar(_ sql: String) throws(SQLiteError) -> Int64 {
        var out: Int64 = 0
        try query(sql) { s in out = s.int(0) }
        return out
    }

    func error(_ code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// A prepared statement, owned by its connection's cache and finalized when the connection closes.
final class Statement {
    /// Unowned: the connection owns its statements, not the other way round (see `Database.close`).
    private unowned let database: Database
    private var handle: OpaquePointer!
    let sql: String

    init(database: Database, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, sql: sql) }
        self.database = database
        self.handle = stmt
        self.sql = sql
    }

    /// Frees SQLite's statement; the connection calls it as it closes. Once finalized the statement is never used.
    func finalize() {
        if let h = handle { sqlite3_finalize(h) }
        handle = nil
    }

    deinit { finalize() }

    func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(handle, idx)
            case .int(let n): rc = sqlite3_bind_int64(handle, idx, n)
            case .real(let d): rc = sqlite3_bind_double(handle, idx, d)
            case .text(let t): rc = sqlite3_bind_text(handle, idx, t, -1, sqliteTransient)
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
    }

    /// Advances; true while a row is available.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw database.error(code, sql: sql)
        }
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
    func text(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        return String(cString: p)
    }
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
}
