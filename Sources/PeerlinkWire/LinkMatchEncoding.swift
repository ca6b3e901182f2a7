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
    /// The body of a `Response` with `id` and `result = .linkMatch(…)`. Each hit's school is written as
    /// `directory` has it (the directory that made the match), through `schools`, which keeps them encoded.
    public func responseBody(id: UInt64, schools: LinkSchoolEncodings, in directory: borrowing Directory) -> [UInt8] {
        var w = ProtoWriter(capacity: 512 + hits.count * 512)
        w.uint64(1, id)
        let reply = w.beginMessage(50)
        w.linkMatchReply(self, schools: schools, in: directory)
        w.endMessage(reply)
        return w.bytes
    }
}

/// Each school's `LinkSchool` message, encoded the first time a link match reply carries it and reused until
/// any school changes (`Directory.schoolsRevision`: imports and register edits, not daily traffic).
///
/// A reply carries about ten schools picked from 25,000; reading each one's record and its separately
/// allocated strings was the largest share of a match's cache misses at national scale. Encoded, a school is
/// one small array, found by the hit's `schoolSlot`. About 200 bytes a school once all have been asked for.
/// Not thread-safe: one per dispatcher, used on the loop thread.
public final class LinkSchoolEncodings {
    private var revision: UInt64?
    /// By school slot; empty until first needed.
    private var encoded: [[UInt8]] = []

    public init() {}

    /// Writes the hit's school as field `field`.
    fileprivate func write(
        schoolOf hit: LinkHit, field: Int, to w: inout ProtoWriter, in directory: borrowing Directory
    ) {
        let slot = Int(hit.schoolSlot)
        guard slot >= 0 else {  // a hit built by hand: no slot to keep it under
            let at = w.beginMessage(field)
            w.linkSchool(urn: hit.schoolURN, in: directory)
            w.endMessage(at)
            return
        }
        if revision != directory.schoolsRevision {
            encoded.removeAll(keepingCapacity: true)
            revision = directory.schoolsRevision
        }
        if slot >= encoded.count { encoded.append(contentsOf: repeatElement([], count: slot + 1 - encoded.count)) }
        if encoded[slot].isEmpty {
            var one = ProtoWriter(capacity: 256)
            one.linkSchool(urn: hit.schoolURN, in: directory)
            encoded[slot] = one.bytes
        }
        encoded[slot].withUnsafeBufferPointer { w.lengthDelimited(field, $0) }
    }
}

extension ProtoWriter {
    // MARK: The link match messages (field numbers as in schema/peerlink.proto)

    mutating func linkMatchReply(
        _ m: borrowing LinkMatch, schools: LinkSchoolEncodings, in directory: borrowing Directory
    ) {
        var at = beginMessage(1)
        linkSchool(m.requester)
        endMessage(at)
        at = beginMessage(2)
        area(m.area)
        endMessage(at)
        strings(3, m.relatedAreas)
        at = beginMessage(4)
        let w = m.weights
        linkScores(w.expertise, w.context, w.proximity, w.novelty, w.availability)
        endMessage(at)
        for hit in m.hits {
            let at = beginMessage(5)
            linkHit(hit, schools: schools, in: directory)
            endMessage(at)
        }
        uint32(6, UInt32(truncatingIfNeeded: m.considered))
        for exclusion in LinkExclusion.inKeyOrder {
            let count = m.exclusions[exclusion]
            guard count > 0 else { continue }
            at = beginMessage(7)
            presentString(1, exclusion.rawValue)
            uint32(2, UInt32(truncatingIfNeeded: count))
            endMessage(at)
        }
    }

    mutating func linkHit(_ hit: LinkHit, schools: LinkSchoolEncodings, in directory: borrowing Directory) {
        int64(1, hit.nomination.id)
        if let nominee = hit.nominee {
            string(2, nominee.name)
            string(3, nominee.role)
            string(4, nominee.email)
        }
        schools.write(schoolOf: hit, field: 5, to: &self, in: directory)
        string(6, hit.areaID)
        bool(7, hit.isRelated)
        string(8, hit.strength)
        if let metres = hit.distanceMetres { presentDouble(9, metres / 1000) }
        uint32(10, UInt32(truncatingIfNeeded: hit.openLinks))
        uint32(11, UInt32(truncatingIfNeeded: hit.nomination.capacity))
        for mode in hit.nomination.modes { presentString(12, mode.rawValue) }
        double(13, hit.total)
        var at = beginMessage(14)
        let s = hit.scores
        linkScores(s.expertise, s.context, s.proximity, s.novelty, s.availability)
        endMessage(at)
        for i in hit.explanation.indices {
            at = beginMessage(15)
            hit.explanation[i].write(to: &self)
            endMessage(at)
        }
    }

    /// The school as `directory` has it; only its URN when the directory has no such school.
    mutating func linkSchool(urn: Int, in directory: borrowing Directory) {
        if let school = directory.schools[urn] {
            linkSchool(school)
        } else {
            int32(1, Int32(truncatingIfNeeded: urn))
        }
    }

    /// Borrowed: a `School` copy would retain each of its strings.
    mutating func linkSchool(_ s: borrowing School) {
        int32(1, Int32(truncatingIfNeeded: s.urn))
        string(2, s.name)
        string(3, s.phase.rawValue)
        int32(4, Int32(truncatingIfNeeded: s.laCode))
        string(5, s.laName)
        string(6, s.region)
        string(7, s.trust)
        string(8, s.federation)
        string(9, s.town)
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
