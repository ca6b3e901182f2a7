/// One line of the audit log: who did or read what, when. Never the content of what was read or written.
///
/// Every committed write carries one, and so does every read of a confidential record (peer support).
/// The whole log lives in SQLite (`audit` table); memory keeps only the most recent entries for `audit list`.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    /// Unix seconds.
    public var at: Int64
    public var role: Role
    public var personID: Int64?
    /// The operation's name in the dispatch table (`engagement_get`).
    public var operation: String
    /// What it touched, as `kind:id` keys (`engagement:3 person:7`), or the read's subject.
    public var target: String

    public init(id: Int64, at: Int64, role: Role, personID: Int64?, operation: String, target: String) {
        self.id = id
        self.at = at
        self.role = role
        self.personID = personID
        self.operation = operation
        self.target = target
    }
}

extension AuditEntry: DirectoryRecord {
    /// Entries are appended, never edited: their own id is their only key, so they never delay a batch.
    public var conflictKey: ConflictKey { ConflictKey("audit", id) }
    public func apply(to directory: inout Directory) {
        directory.audit.append(self)
        directory.noteID("audit", id)
    }
}

/// The most recent audit entries (the full log stays in SQLite).
public struct AuditLog: Sendable {
    /// How many entries memory keeps.
    public static let retained = 2000
    public private(set) var recent: [AuditEntry] = []

    public init() {}

    mutating func append(_ e: AuditEntry) {
        recent.append(e)
        if recent.count > AuditLog.retained + AuditLog.retained / 4 {
            recent.removeFirst(recent.count - AuditLog.retained)
        }
    }
}

extension Directory {
    /// An audit entry for `operation` by this actor, touching `target`.
    public func auditEntry(
        operation: String, role: Role, personID: Int64?, target: String, ids: inout IDAllocator, now: Int64
    ) -> AuditEntry {
        AuditEntry(
            id: ids.next("audit", in: self), at: now, role: role, personID: personID, operation: operation,
            target: target)
    }
}
