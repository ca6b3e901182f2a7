extension Peerlink_V1_LinkMatchReply {
    /// The hit's reasons as people read them ("covers Mathematics", "same phase", "12 km", …): the reply writes
    /// each phrase once, in `reasonPhrases`, and a hit lists positions in it. A position the reply lacks (a
    /// faulty server) reads as "reason N missing from the reply" rather than being dropped silently.
    public func reasons(of hit: Peerlink_V1_LinkHit) -> [String] {
        hit.reasonIndexes.map { i in
            Int(i) < reasonPhrases.count ? reasonPhrases[Int(i)] : "reason \(i) missing from the reply"
        }
    }
}
