/// How a link may happen, as a request or a match query asks for it: in person, online, or either.
public enum LinkMode: String, Sendable, CaseIterable, Codable {
    case inPerson = "in-person"
    case online
    case any

    /// Accepts the protocol names and loose spellings ("in person", "In-Person", "either").
    public init?(parsing text: String) {
        // The protocol's own names (nearly every query) need no folding.
        if let exact = LinkMode(rawValue: text) {
            self = exact
            return
        }
        switch Text.foldKey(text) {
        case "inperson", "facetoface": self = .inPerson
        case "online", "remote", "virtual": self = .online
        case "any", "either", "both", "": self = .any
        default: return nil
        }
    }

    /// Whether a nomination offering `modes` can take a link asked for in this mode.
    public func isOffered(by modes: [Mode]) -> Bool {
        switch self {
        case .inPerson: return modes.contains(.inPerson)
        case .online: return modes.contains(.online)
        case .any: return !modes.isEmpty
        }
    }
}

public enum LinkRequestStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for an adviser to choose a nominee.
    case open
    /// A link was made for it.
    case linked
    case cancelled
}

/// A school's request for help in one area (DESIGN §1.1): the adviser answers it with a link.
public struct LinkRequest: Sendable, Equatable, Codable {
    public var id: Int64
    /// The school asking for help.
    public var urn: Int
    public var areaID: String
    public var notes: String
    public var mode: LinkMode
    public var status: LinkRequestStatus
    /// The person who asked, when the request came from a person's token (a head, an adviser).
    public var createdBy: Int64?
    /// The role the request was made with (`admin` for the local socket).
    public var createdByRole: Role
    /// Unix seconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: Int64, urn: Int, areaID: String, notes: String = "", mode: LinkMode = .any,
        status: LinkRequestStatus = .open, createdBy: Int64? = nil, createdByRole: Role, createdAt: Int64,
        updatedAt: Int64? = nil
    ) {
        self.id = id
        self.urn = urn
        self.areaID = areaID
        self.notes = notes
        self.mode = mode
        self.status = status
        self.createdBy = createdBy
        self.createdByRole = createdByRole
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

public enum LinkStatus: String, Sendable, CaseIterable, Codable {
    /// Running: uses one unit of the nomination's capacity.
    case open
    /// Finished: history only (it still lowers novelty between the two schools).
    case closed
}

/// A link an adviser made between a requesting school and a nominee. Links are history: a closed link stays.
public struct Link: Sendable, Equatable, Codable {
    public var id: Int64
    public var requestID: Int64
    public var nominationID: Int64
    /// The school that asked.
    public var requesterURN: Int
    /// The nominee's school when the link was made.
    public var nomineeURN: Int
    /// The area the request asked for (the nomination covers it, or a related area).
    public var areaID: String
    public var mode: LinkMode
    /// The person who made the link, when known (nil from the local admin socket).
    public var madeBy: Int64?
    public var madeByRole: Role
    /// Unix seconds.
    public var createdAt: Int64
    public var status: LinkStatus
    public var closedAt: Int64?
    /// What came of it, in the closer's words ("Two visits; new KS3 scheme adopted").
    public var outcome: String

    public init(
        id: Int64, requestID: Int64, nominationID: Int64, requesterURN: Int, nomineeURN: Int, areaID: String,
        mode: LinkMode = .any, madeBy: Int64? = nil, madeByRole: Role, createdAt: Int64,
        status: LinkStatus = .open, closedAt: Int64? = nil, outcome: String = ""
    ) {
        self.id = id
        self.requestID = requestID
        self.nominationID = nominationID
        self.requesterURN = requesterURN
        self.nomineeURN = nomineeURN
        self.areaID = areaID
        self.mode = mode
        self.madeBy = madeBy
        self.madeByRole = madeByRole
        self.createdAt = createdAt
        self.status = status
        self.closedAt = closedAt
        self.outcome = outcome
    }

    /// The two schools, whichever way round the link was made.
    public var pair: SchoolPair { SchoolPair(requesterURN, nomineeURN) }
}

/// A named group of schools the authority records (a local support group, a cluster, a partnership): its
/// members "usually link" with each other, so matching prefers schools outside it.
public struct LocalNetwork: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// Member URNs, ascending, without repeats.
    public var members: [Int]
    public var createdAt: Int64

    public init(id: Int64, name: String, members: [Int], createdAt: Int64 = 0) {
        self.id = id
        self.name = name
        self.members = Array(Set(members)).sorted()
        self.createdAt = createdAt
    }
}

/// Two schools, unordered: the key of link history.
public struct SchoolPair: Hashable, Sendable {
    public let low: Int
    public let high: Int

    public init(_ a: Int, _ b: Int) {
        low = min(a, b)
        high = max(a, b)
    }
}

extension LinkRequest: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("link_request", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("link_request", id)
        directory.links.put(self)
    }
}

extension Link: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("link", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("link", id)
        directory.links.put(self)
    }
}

extension LocalNetwork: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("network", id) }
    public func apply(to directory: inout Directory) {
        directory.noteID("network", id)
        directory.links.put(self)
    }
}
