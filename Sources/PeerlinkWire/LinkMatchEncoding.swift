public import PeerlinkCore

/// The link match reply written straight from the core's `LinkMatch` to protobuf bytes: the one large reply
/// on the hot path.
///
/// Going through the generated `Peerlink_V1_LinkMatchReply` cost more than the match itself: building the
/// messages (a storage object per hit, an array per string list), sizing each nested message once per level
/// above it, then freeing it all. This writes each field once, each nested message in place with its length
/// put in front afterwards (`ProtoWriter`), and the reasons' text straight into the bytes
/// (`LinkReason.write(to:)`).
///
/// It follows proto3's binary rules as the generated code applies them: fields in number order, scalars equal
/// to their default left out, optional fields written when present, singular messages always (the mapping sets
/// them all), repeated strings one field each, map entries as key 1 and value 2 (keys in order).
/// `LinkMatchEncodingTests` decodes the bytes with the generated code and compares them with the same match
/// mapped through the generated types, and with the generated encoder's bytes.
///
/// When the proto's link match messages change, this file must change with them (the tests fail until it does).
extension LinkMatch {
    /// The body of a `Response` with `id` and `result = .linkMatch(…)`.
    public func responseBody(id: UInt64) -> [UInt8] {
        var w = ProtoWriter(capacity: 512 + hits.count * 512)
        w.uint64(1, id)
        let reply = w.beginMessage(50)
        w.linkMatchReply(self)
        w.endMessage(reply)
        return w.bytes
    }
}

extension ProtoWriter {
    // MARK: The link match messages (field numbers as in schema/peerlink.proto)

    mutating func linkMatchReply(_ m: borrowing LinkMatch) {
        var at = beginMessage(1)
        withUnsafePointer(to: m.requester) { linkSchool($0) }
        endMessage(at)
        at = beginMessage(2)
        area(m.area)
        endMessage(at)
        strings(3, m.relatedAreas)
        at = beginMessage(4)
        let w = m.weights
        linkScores(w.expertise, w.context, w.proximity, w.novelty, w.availability)
        endMessage(at)
        // Each hit is read in place through a pointer: a copy would retain every string of its three records.
        m.hits.withUnsafeBufferPointer { hits in
            guard let first = hits.baseAddress else { return }
            for i in hits.indices {
                let hit = beginMessage(5)
                linkHit(first + i)
                endMessage(hit)
            }
        }
        uint32(6, UInt32(truncatingIfNeeded: m.considered))
        for exclusion in LinkExclusion.inKeyOrder {
            guard let count = m.excluded[exclusion] else { continue }
            at = beginMessage(7)
            presentString(1, exclusion.rawValue)
            uint32(2, UInt32(truncatingIfNeeded: count))
            endMessage(at)
        }
    }

    mutating func linkHit(_ hit: UnsafePointer<LinkHit>) {
        int64(1, hit.pointee.nomination.id)
        if let nominee = hit.pointee.nominee {
            string(2, nominee.name)
            string(3, nominee.role)
            string(4, nominee.email)
        }
        var at = beginMessage(5)
        linkSchool(hit.pointer(to: \.school)!)
        endMessage(at)
        string(6, hit.pointee.areaID)
        bool(7, hit.pointee.isRelated)
        string(8, hit.pointee.strength)
        if let metres = hit.pointee.distanceMetres { presentDouble(9, metres / 1000) }
        uint32(10, UInt32(truncatingIfNeeded: hit.pointee.openLinks))
        uint32(11, UInt32(truncatingIfNeeded: hit.pointee.nomination.capacity))
        for mode in hit.pointee.nomination.modes { presentString(12, mode.rawValue) }
        double(13, hit.pointee.total)
        at = beginMessage(14)
        let s = hit.pointee.scores
        linkScores(s.expertise, s.context, s.proximity, s.novelty, s.availability)
        endMessage(at)
        for i in hit.pointee.explanation.indices {
            at = beginMessage(15)
            hit.pointee.explanation[i].write(to: &self)
            endMessage(at)
        }
    }

    /// Read in place: a `School` copy would retain each of its strings.
    mutating func linkSchool(_ s: UnsafePointer<School>) {
        int32(1, Int32(truncatingIfNeeded: s.pointee.urn))
        string(2, s.pointee.name)
        string(3, s.pointee.phase.rawValue)
        int32(4, Int32(truncatingIfNeeded: s.pointee.laCode))
        string(5, s.pointee.laName)
        string(6, s.pointee.region)
        string(7, s.pointee.trust)
        string(8, s.pointee.federation)
        string(9, s.pointee.town)
    }

    mutating func linkScores(
        _ expertise: Double, _ context: Double, _ proximity: Double, _ novelty: Double, _ availability: Double
    ) {
        double(1, expertise)
        double(2, context)
        double(3, proximity)
        double(4, novelty)
        double(5, availability)
    }

    mutating func area(_ a: borrowing Area) {
        string(1, a.id)
        string(2, a.name)
        string(3, a.kind.rawValue)
        string(4, a.parent)
        for phase in a.phases { presentString(5, phase.rawValue) }
        strings(6, a.aliases)
    }
}

extension LinkExclusion {
    /// Map keys in the order the reply lists them.
    static let inKeyOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}
