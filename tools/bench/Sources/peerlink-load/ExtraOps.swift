import PeerlinkWire

/// Operations that arrive with other programmes (link matching, peer support): their request pools.
let extraOpNames = ""

func extraPeerlinkPool(_ name: String, targets: Targets, rng: inout Rng, count: Int) -> [[UInt8]]? {
    nil
}
