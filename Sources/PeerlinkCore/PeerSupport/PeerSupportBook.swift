/// Supporter profiles, needs assessments, support requests, engagements and feedback (DESIGN §1.2, §1.3, §1.5).
public struct PeerSupportBook: Sendable {
    public init() {}
}
