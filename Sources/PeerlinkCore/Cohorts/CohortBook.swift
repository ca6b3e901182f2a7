/// Early-headship cohorts, applications, facilitators, formed groups and sessions (DESIGN §1.4).
public struct CohortBook: Sendable {
    public init() {}
}
