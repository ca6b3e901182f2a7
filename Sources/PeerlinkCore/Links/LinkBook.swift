/// Link requests, links, local networks and their indexes (the school-to-school programme, DESIGN §1.1).
public struct LinkBook: Sendable {
    public init() {}
}
