/// Identifies what a change touches. Two changes with a key in common never commit in the same batch, so
/// each is validated against memory that already holds the other (see `WriteBatcher` in the server).
public struct ConflictKey: Hashable, Sendable, CustomStringConvertible {
    public var kind: String
    public var id: String

    public init(_ kind: String, _ id: some CustomStringConvertible) {
        self.kind = kind
        self.id = id.description
    }

    /// Touches everything: an import or a bulk change commits alone.
    public static let everything = ConflictKey("*", "*")

    public var description: String { "\(kind):\(id)" }
}

/// A value the directory keeps and the store persists (a school, a person, a nomination, …).
///
/// A `Change` is a list of records to put; the store writes each one in the group commit, and only after the
/// commit does the loop call `apply(to:)`, so memory stays the image of the database.
public protocol DirectoryRecord: Sendable {
    /// The record's identity for batching; defaults are given per type.
    var conflictKey: ConflictKey { get }
    /// Puts the record into memory, replacing any earlier version and updating every index.
    func apply(to directory: inout Directory)
}

/// A validated, fully resolved mutation: ids assigned, timestamps set, nothing left to decide.
/// Applying it cannot fail in memory; writing it can fail only for I/O reasons.
public struct Change: Sendable {
    public var records: [any DirectoryRecord]
    /// Keys read while validating, in addition to the records' own keys (e.g. the nomination whose capacity
    /// a new link uses).
    public var reads: [ConflictKey]
    /// The versions some of `records` replace, by position in `records`, as memory held them when the change
    /// was validated. The store then writes only what differs (a nomination's capacity without its area rows).
    /// They are what the database holds when the change commits: memory is the database's image, and a batch
    /// never holds two changes to one key.
    public var earlier: [Int: any DirectoryRecord]
    /// What the writer does once this change has committed, outside its transaction (a checkpoint after an
    /// erasure, a backup); each only if this change committed. A change with follow-ups commits even when it
    /// holds no records.
    public var followUps: [any CommitFollowUp] = []

    public init(_ records: [any DirectoryRecord], reads: [ConflictKey] = []) {
        self.records = records
        self.reads = reads
        earlier = [:]
    }

    /// A change that puts `record` in place of `earlier`, the version memory holds now.
    public init(updating record: some DirectoryRecord, from earlier: some DirectoryRecord) {
        records = [record]
        reads = []
        self.earlier = [0: earlier]
    }

    /// True when committing it would write nothing and do nothing after (a dry run, a no-op): it is answered
    /// without a commit and not audited.
    public var writesNothing: Bool { records.isEmpty && followUps.isEmpty }

    public var conflictKeys: Set<ConflictKey> {
        var keys = Set(reads)
        for r in records { keys.insert(r.conflictKey) }
        return keys
    }

    public func apply(to directory: inout Directory) {
        for r in records { r.apply(to: &directory) }
    }
}

/// Work for the writer thread after a change commits. The store runs the ones it knows
/// (`PurgeOverwrittenBytes`, and its own `StoreFollowUp`s).
public protocol CommitFollowUp: Sendable {}

/// After the commit, no byte the change overwrote may remain in the database files: the store (which zeroes
/// deleted content, `secure_delete`) checkpoints the WAL into the database and truncates it (an erasure).
public struct PurgeOverwrittenBytes: CommitFollowUp {
    public init() {}
}

extension School: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("school", urn) }
    public func apply(to directory: inout Directory) { directory.put(self) }
}

extension Person: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("person", id) }
    public func apply(to directory: inout Directory) { directory.put(self) }
}

extension Nomination: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("nomination", id) }
    public func apply(to directory: inout Directory) { directory.put(self) }
}

extension AccessToken: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("token", id) }
    public func apply(to directory: inout Directory) { directory.put(self) }
}

extension Area: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("area", id) }
    public func apply(to directory: inout Directory) { directory.put(self) }
}
