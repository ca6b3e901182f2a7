/// How a link or a meeting can happen.
public enum Mode: String, Sendable, CaseIterable, Codable {
    case inPerson = "in-person"
    case online
}

public enum NominationStatus: String, Sendable, CaseIterable, Codable {
    case active
    case paused
    case withdrawn
}

/// One area a nominee is put forward for, with the head's short statement of the strength.
public struct NominatedArea: Sendable, Equatable, Codable {
    public var areaID: String
    public var strength: String

    public init(areaID: String, strength: String = "") {
        self.areaID = areaID
        self.strength = strength
    }
}

/// A member of staff put forward by their head for the school-to-school directory.
public struct Nomination: Sendable, Equatable, Codable {
    public static let defaultCapacity = 2
    public static let maximumCapacity = 20

    public var id: Int64
    public var personID: Int64
    /// The nominee's school at nomination; follows the school to its successor URN.
    public var urn: Int
    public var areas: [NominatedArea]
    /// The head who nominated, when known.
    public var nominatedBy: Int64?
    /// The member of staff agreed to be listed. Nominations without consent are stored but never matched.
    public var consent: Bool
    /// How many open links the nominee can take at once.
    public var capacity: Int
    public var modes: [Mode]
    public var status: NominationStatus
    /// Unix seconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: Int64, personID: Int64, urn: Int, areas: [NominatedArea], nominatedBy: Int64? = nil,
        consent: Bool = true, capacity: Int = Nomination.defaultCapacity, modes: [Mode] = Mode.allCases,
        status: NominationStatus = .active, createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.personID = personID
        self.urn = urn
        self.areas = areas
        self.nominatedBy = nominatedBy
        self.consent = consent
        self.capacity = capacity
        self.modes = modes
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public func covers(_ areaID: String) -> Bool { areas.contains { $0.areaID == areaID } }
}
