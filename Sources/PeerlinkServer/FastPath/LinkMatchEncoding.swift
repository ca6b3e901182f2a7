public import PeerlinkCore

/// The link match reply written straight from the core's `LinkMatch` to protobuf bytes: the one large reply
/// on the hot path.
///
/// Going through the generated `Peerlink_V1_LinkMatchReply` cost more than the match itself: building the
/// messages (a storage object per hit, an array per string list), sizing each nested message once per level
/// above it, then freeing it all. This writes each field once, each nested message in place with its length
/// put in front afterwards (`ProtoWriter`), and the reasons' text straight into the bytes
/// (`LinkReason.write(to:)`). Each phrase is written once per reply (`reason_phrases`, in order of first use);
/// hits list positions in it (`ReasonPhrases`).
///
/// It follows proto3's binary rules as the generated code applies them: fields in number order, scalars equal
/// to their default left out, optional fields written when present, singular messages always (the mapping sets
/// them all), repeated strings one field each, map entries as key 1 and value 2 (keys in order).
/// `LinkMatchEncodingTests` decodes the bytes with the generated code and compares them with the same match
/// mapped through the generated types, and with the generated encoder's bytes.
///
/// When the proto's link match messages change, this file must change with them (the tests fail until it does).
///
/// The encoder keeps what repeats across replies: each hit's school (`LinkSchool`) and nominee (name, role,
/// email), encoded the first time a reply carries them and reused until any school or person changes
/// (`Directory.schoolsRevision`, `peopleRevision`: imports and edits, not daily traffic). A reply carries about
/// ten nominees picked from 100,000; reading each one's person and school records and their separately
/// allocated strings was the largest share of a match's cache misses at national scale. Kept, each is one
/// small array found by the hit's slot. About 300 bytes per nomination once all have been asked for.
/// Not thread-safe: one per dispatcher, used on the loop thread.
public final class LinkMatchEncoder {
    private var schools = KeptEncodings()
    private var nominees = KeptEncodings()

    public init() {}

    /// The body of a `Response` with `id` and `result = .linkMatch(match)`, each hit's nominee and school as
    /// `directory` (the directory that made the match) has them now.
    public func responseBody(_ match: borrowing LinkMatch, id: UInt64, in directory: borrowing Directory) -> [UInt8] {
        var w = ProtoWriter(capacity: 512 + match.hits.count * 384)
        w.uint64(1, id)
        let reply = w.beginMessage(50)
        linkMatchReply(match, to: &w, in: directory)
        w.endMessage(reply)
        return w.bytes
    }

    private func linkMatchReply(_ m: borrowing LinkMatch, to w: inout ProtoWriter, in directory: borrowing Directory) {
        var phrases = ReasonPhrases()
        var at = w.beginMessage(1)
        w.linkSchool(m.requester)
        w.endMessage(at)
        at = w.beginMessage(2)
        w.area(m.area)
        w.endMessage(at)
        w.strings(3, m.relatedAreas)
        at = w.beginMessage(4)
        let weights = m.weights
        w.linkScores(weights.expertise, weights.context, weights.proximity, weights.novelty, weights.availability)
        w.endMessage(at)
        for hit in m.hits {
            let at = w.beginMessage(5)
            linkHit(hit, to: &w, phrases: &phrases, in: directory)
            w.endMessage(at)
        }
        w.uint32(6, UInt32(truncatingIfNeeded: m.considered))
        for exclusion in LinkExclusion.inKeyOrder {
            let count = m.exclusions[exclusion]
            guard count > 0 else { continue }
            at = w.beginMessage(7)
            w.presentString(1, exclusion.rawValue)
            w.uint32(2, UInt32(truncatingIfNeeded: count))
            w.endMessage(at)
        }
        phrases.table.withBytes { w.append($0) }
    }

    private func linkHit(
        _ hit: LinkHit, to w: inout ProtoWriter, phrases: inout ReasonPhrases, in directory: borrowing Directory
    ) {
        w.int64(1, hit.nomination.id)
        // The records are reached only through the borrowed `directory`: a closure capturing it copied the whole
        // directory (every table retained) per hit.
        let personID = hit.nomination.personID
        let nominee = Int(hit.nominationSlot)
        if nominee < 0 {
            w.nominee(personID, in: directory)
        } else {
            if nominees.lacks(slot: nominee, key: personID, revision: directory.peopleRevision) {
                var one = ProtoWriter(capacity: 128)
                one.nominee(personID, in: directory)
                nominees.keep(one.bytes, slot: nominee, key: personID)
            }
            nominees.withBytes(slot: nominee) { w.append($0) }
        }
        let school = Int(hit.schoolSlot)
        if school < 0 {
            let at = w.beginMessage(5)
            w.linkSchool(urn: hit.schoolURN, in: directory)
            w.endMessage(at)
        } else {
            if schools.lacks(slot: school, key: Int64(hit.schoolURN), revision: directory.schoolsRevision) {
                var one = ProtoWriter(capacity: 256)
                one.linkSchool(urn: hit.schoolURN, in: directory)
                schools.keep(one.bytes, slot: school, key: Int64(hit.schoolURN))
            }
            schools.withBytes(slot: school) { w.lengthDelimited(5, $0) }
        }
        w.string(8, hit.strength)
        if let metres = hit.distanceMetres { w.presentFloat(9, Float(metres / 1000)) }
        w.uint32(10, UInt32(truncatingIfNeeded: hit.openLinks))
        w.uint32(11, UInt32(truncatingIfNeeded: hit.nomination.capacity))
        for mode in hit.nomination.modes { w.presentLiteral(12, mode.literal) }
        w.float(13, Float(hit.total))
        var at = w.beginMessage(14)
        let s = hit.scores
        w.linkScores(s.expertise, s.context, s.proximity, s.novelty, s.availability)
        w.endMessage(at)
        if !hit.explanation.isEmpty {
            at = w.beginMessage(16)
            for i in hit.explanation.indices {
                w.varint(UInt64(phrases.index(of: hit.explanation[i])))
            }
            w.endMessage(at)
        }
        if hit.isRelated { w.string(17, hit.areaID) }
    }
}

/// The reply's `reason_phrases` (field 8) as they are written, each phrase once: a reply of ten hits gives
/// about ninety reasons but only about twenty different phrases ("same phase" in every hit, a distance each).
private struct ReasonPhrases: ~Copyable {
    /// The field-8 entries, ready to append to the reply.
    var table = ProtoWriter(capacity: 512)
    /// The positions of the phrases that carry no value ("same phase", "both urban", …; `bareSlot`), one byte
    /// each, 0 for not yet written: found without rendering and comparing them, half of a hit's reasons.
    private var bareIndexes: UInt64 = 0
    /// The positions of the valued phrases, found by their facts instead of by writing the phrase out and
    /// comparing its text: the asked area ("covers Mathematics", in every hit), the shared type and the like by
    /// name (the very string each hit carries, so comparing it is a pointer check), the places free ("2 of 2
    /// places free"), earlier links, the distance shown and the phase by their numbers. Each kind of fact reads
    /// differently from every other, and within a kind equal keys read the same and different keys differently
    /// (`LinkReason.write`), so a key not found yet is a phrase not written yet: no text is ever compared.
    private var named: [(kind: UInt8, name: String, index: Int)] = []
    private var numbered: [(kind: UInt8, a: Int, b: Int, index: Int)] = []
    /// Phrases written so far.
    private var count = 0

    init() {
        named.reserveCapacity(4)
        numbered.reserveCapacity(8)
    }

    /// The phrase's position in the table, writing it there first if no earlier reason read the same.
    mutating func index(of reason: LinkReason) -> Int {
        guard let slot = Self.bareSlot(reason) else { return indexOfValued(reason) }
        let shift = UInt64(slot * 8)
        let kept = Int((bareIndexes >> shift) & 0xFF)
        if kept > 0 { return kept - 1 }
        // Past 254 phrases a bare one's position no longer fits its byte: kept with the numbered ones instead.
        if count >= 0xFF, let earlier = numbered.first(where: { $0.kind == Self.bareKind && $0.a == slot }) {
            return earlier.index
        }
        let i = append(reason)
        if i < 0xFF {
            bareIndexes |= UInt64(i + 1) << shift
        } else {
            numbered.append((Self.bareKind, slot, 0, i))
        }
        return i
    }

    /// The `numbered` kind of a bare phrase written after the 254th.
    private static let bareKind: UInt8 = 0xFF

    /// Which of eight bytes of `bareIndexes` keeps the reason's position, for the reasons that carry no value.
    private static func bareSlot(_ reason: LinkReason) -> Int? {
        switch reason {
        case .samePhase: 0
        case .similarSize: 1
        case .bothRural: 2
        case .bothUrban: 3
        case .distanceUnknown: 4
        case .differentTrust: 5
        case .earlierLinks(0): 6
        default: nil
        }
    }

    private mutating func indexOfValued(_ reason: LinkReason) -> Int {
        switch reason {
        case .covers(let name): indexByName(0, name, reason)
        case .sameType(let name): indexByName(1, name, reason)
        case .sameReligiousCharacter(let name): indexByName(2, name, reason)
        case .relatedArea(let name): indexByName(3, name, reason)
        case .placesFree(let spare, let capacity): indexByNumbers(0, spare, capacity, reason)
        case .earlierLinks(let count): indexByNumbers(1, count, 0, reason)
        // Each in-person hit has its own distance; found by the number shown rather than by rendering and
        // comparing the text against every phrase so far (most of the phrases' cost before).
        case .distance(let metres): indexByNumbers(2, LinkReason.shownDistance(metres: metres), 0, reason)
        case .compatiblePhase(let phase): indexByNumbers(3, phase.ordinal, 0, reason)
        case .differentPhase(let phase): indexByNumbers(4, phase.ordinal, 0, reason)
        case .sameTrust(let name): indexByName(4, name, reason)
        case .sameFederation(let name): indexByName(5, name, reason)
        case .sameNetwork(let name): indexByName(6, name, reason)
        case .samePhase, .similarSize, .bothRural, .bothUrban, .distanceUnknown, .differentTrust:
            preconditionFailure("a bare reason has its slot")  // `bareSlot`
        }
    }

    private mutating func indexByName(_ kind: UInt8, _ name: String, _ reason: LinkReason) -> Int {
        for earlier in named where earlier.kind == kind && earlier.name == name { return earlier.index }
        let i = append(reason)
        named.append((kind, name, i))
        return i
    }

    private mutating func indexByNumbers(_ kind: UInt8, _ a: Int, _ b: Int, _ reason: LinkReason) -> Int {
        for earlier in numbered where earlier.kind == kind && earlier.a == a && earlier.b == b { return earlier.index }
        let i = append(reason)
        numbered.append((kind, a, b, i))
        return i
    }

    /// Writes the phrase as the table's next entry.
    private mutating func append(_ reason: LinkReason) -> Int {
        let at = table.beginMessage(8)
        reason.write(to: &table)
        table.endMessage(at)
        count += 1
        return count - 1
    }
}

/// Encoded bytes kept by slot, each with the key (URN, person id) it was made for; all dropped when the
/// revision they were made at moves on. Key and bytes sit side by side: one cache line per look-up.
private struct KeptEncodings {
    private var revision: UInt64?
    private var kept: [(key: Int64, bytes: [UInt8])] = []
    private static let none = Int64.min

    /// True when `slot` holds no bytes made for `key` at `revision`; everything kept is dropped first if the
    /// revision has moved on.
    mutating func lacks(slot: Int, key: Int64, revision: UInt64) -> Bool {
        if self.revision != revision {
            kept.removeAll(keepingCapacity: true)
            self.revision = revision
        }
        return slot >= kept.count || kept[slot].key != key
    }

    mutating func keep(_ bytes: [UInt8], slot: Int, key: Int64) {
        if slot >= kept.count {
            kept.append(contentsOf: repeatElement((key: Self.none, bytes: [UInt8]()), count: slot + 1 - kept.count))
        }
        kept[slot] = (key, bytes)
    }

    /// The bytes kept in `slot` (after `lacks` said false, or `keep`).
    func withBytes(slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        kept[slot].bytes.withUnsafeBufferPointer(body)
    }
}

extension ProtoWriter {
    // MARK: The link match messages (field numbers as in schema/peerlink.proto)

    /// A hit's nominee fields (name, role, email), or none when the directory has no such person.
    mutating func nominee(_ personID: Int64, in directory: borrowing Directory) {
        guard let person = directory.people[personID] else { return }
        string(2, person.name)
        string(3, person.role)
        string(4, person.email)
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

    /// Each score as the wire's single-precision float.
    mutating func linkScores(
        _ expertise: Double, _ context: Double, _ proximity: Double, _ novelty: Double, _ availability: Double
    ) {
        float(1, Float(expertise))
        float(2, Float(context))
        float(3, Float(proximity))
        float(4, Float(novelty))
        float(5, Float(availability))
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

extension Mode {
    /// `rawValue` as a literal: a short `String` has no contiguous UTF-8 to copy from, so writing `rawValue`
    /// went through a copy per mode per hit.
    var literal: StaticString {
        switch self {
        case .inPerson: "in-person"
        case .online: "online"
        }
    }
}

extension LinkExclusion {
    /// Map keys in the order the reply lists them.
    static let inKeyOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}
