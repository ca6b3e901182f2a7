import PeerlinkWire

/// Operations that arrive with other programmes (link matching, peer support): their request pools.
let extraOpNames = ", link_match"

/// `link_match`: a random school needing help in a random nominated area; modes as advisers use them
/// (60% any, 25% in-person within 40 km, 15% online), the default limit of 10.
func extraPeerlinkPool(_ name: String, targets: Targets, rng: inout Rng, count: Int) -> [[UInt8]]? {
    switch name {
    case "link_match":
        guard !targets.urns.isEmpty, !targets.areas.isEmpty else { return nil }
        return (0..<count).map { _ in
            var m = Peerlink_V1_LinkMatch()
            m.urn = targets.urns[rng.below(targets.urns.count)]
            m.area = targets.areas[rng.below(targets.areas.count)]
            let r = rng.below(100)
            if r < 60 {
                m.mode = "any"
            } else if r < 85 {
                m.mode = "in-person"
                m.maxKm = 40
            } else {
                m.mode = "online"
            }
            m.limit = 10
            return peerlinkFrame(.linkMatch(m))
        }
    default:
        return nil
    }
}
