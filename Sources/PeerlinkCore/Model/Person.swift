/// Progress on the National Professional Qualification for Headship.
public enum NPQHStatus: String, Sendable, CaseIterable, Codable {
    case completed
    case inProgress = "in-progress"
    case none
}

/// A head, a nominated member of staff, or a supporter. Only a work email is kept: no personal phone numbers.
public struct Person: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// Work email, stored lowercased; unique across people.
    public var email: String
    /// The school the person works at now.
    public var urn: Int
    /// Job role as the school states it ("Head of Computing", "Headteacher").
    public var role: String
    /// Heads only: the first day of their first headship.
    public var headshipStart: Day?
    public var npqh: NPQHStatus?
    /// Heads only: withdrew from the earlier national support offer (bars early-headship groups).
    public var withdrawnFromEarlierOffer: Bool
    /// Set when the person was erased: the record stays only so that anonymous counts still add up.
    public var erased: Bool

    public init(
        id: Int64, name: String, email: String, urn: Int, role: String, headshipStart: Day? = nil,
        npqh: NPQHStatus? = nil, withdrawnFromEarlierOffer: Bool = false, erased: Bool = false
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.urn = urn
        self.role = role
        self.headshipStart = headshipStart
        self.npqh = npqh
        self.withdrawnFromEarlierOffer = withdrawnFromEarlierOffer
        self.erased = erased
    }
}
