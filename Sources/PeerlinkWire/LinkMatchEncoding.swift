/// A hand-written protobuf encoder for the link match reply, the one large reply on the hot path.
///
/// SwiftProtobuf sizes every nested message once per level above it before writing it (Response →
/// LinkMatchReply → LinkHit → LinkSchool: a hit's school is visited four times); under callgrind that was
/// about 40% of a link match's instructions. This writes each nested message in place and puts its length in
/// front afterwards, so every field is visited once. It follows proto3's binary rules as the generated code
/// applies them: fields in number order, scalars equal to their default left out, optional fields written
/// when present, singular messages when set, repeated strings one field each, map entries as key 1 and
/// value 2. `LinkMatchEncodingTests` decodes its output with the generated code and compares it with the
/// message it came from, and with the generated encoder's bytes.
///
/// When the proto's link match messages change, this file must change with them (the tests fail until it does).
enum LinkMatchEncoding {
    /// The body of a `Response` with `id` and `result = .linkMatch(reply)`.
    static func responseBody(id: UInt64, reply: Peerlink_V1_LinkMatchReply) -> [UInt8] {
        var w = ProtoWriter()
        w.bytes.reserveCapacity(256 + reply.hits.count * 320)
        w.uint64(1, id)
        w.message(50) { $0.linkMatchReply(reply) }
        return w.bytes
    }
}

/// Appends protobuf binary fields to a byte array.
struct ProtoWriter {
    var bytes: [UInt8] = []

    private static let varintType: UInt64 = 0, fixed64Type: UInt64 = 1, lengthType: UInt64 = 2

    @inline(__always)
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always)
    mutating func tag(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    mutating func uint64(_ field: Int, _ v: UInt64) {
        guard v != 0 else { return }
        tag(field, Self.varintType)
        varint(v)
    }

    mutating func uint32(_ field: Int, _ v: UInt32) { uint64(field, UInt64(v)) }

    /// Negative values are sign-extended to ten bytes, as protobuf's int32 requires.
    mutating func int64(_ field: Int, _ v: Int64) { uint64(field, UInt64(bitPattern: v)) }

    mutating func int32(_ field: Int, _ v: Int32) { int64(field, Int64(v)) }

    mutating func bool(_ field: Int, _ v: Bool) { uint64(field, v ? 1 : 0) }

    mutating func double(_ field: Int, _ v: Double) {
        guard v != 0 else { return }
        presentDouble(field, v)
    }

    /// An `optional double`: written whenever present, zero included.
    mutating func presentDouble(_ field: Int, _ v: Double) {
        tag(field, Self.fixed64Type)
        let bits = v.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    mutating func string(_ field: Int, _ s: String) {
        guard !s.isEmpty else { return }
        presentString(field, s)
    }

    mutating func presentString(_ field: Int, _ s: String) {
        tag(field, Self.lengthType)
        var s = s
        s.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ field: Int, _ list: [String]) {
        for s in list { presentString(field, s) }
    }

    /// A length-delimited field whose body `write` appends; the length goes in front afterwards.
    mutating func message(_ field: Int, _ write: (inout ProtoWriter) -> Void) {
        tag(field, Self.lengthType)
        let start = bytes.count
        write(&self)
        let length = bytes.count - start
        if length < 0x80 {
            bytes.insert(UInt8(length), at: start)
        } else {
            var prefix = ProtoWriter()
            prefix.varint(UInt64(length))
            bytes.insert(contentsOf: prefix.bytes, at: start)
        }
    }

    // MARK: The link match messages (field numbers as in schema/peerlink.proto)

    mutating func linkMatchReply(_ m: Peerlink_V1_LinkMatchReply) {
        if m.hasRequester { message(1) { $0.linkSchool(m.requester) } }
        if m.hasArea { message(2) { $0.area(m.area) } }
        strings(3, m.relatedAreas)
        if m.hasWeights { message(4) { $0.linkScores(m.weights) } }
        for hit in m.hits { message(5) { $0.linkHit(hit) } }
        uint32(6, m.considered)
        for key in m.excluded.keys.sorted() {
            let value = m.excluded[key]!
            message(7) {
                $0.presentString(1, key)
                $0.tag(2, Self.varintType)
                $0.varint(UInt64(value))
            }
        }
    }

    mutating func linkHit(_ h: Peerlink_V1_LinkHit) {
        int64(1, h.nominationID)
        string(2, h.nomineeName)
        string(3, h.nomineeRole)
        string(4, h.nomineeEmail)
        if h.hasSchool { message(5) { $0.linkSchool(h.school) } }
        string(6, h.area)
        bool(7, h.related)
        string(8, h.strength)
        if h.hasDistanceKm { presentDouble(9, h.distanceKm) }
        uint32(10, h.openLinks)
        uint32(11, h.capacity)
        strings(12, h.modes)
        double(13, h.total)
        if h.hasScores { message(14) { $0.linkScores(h.scores) } }
        strings(15, h.reasons)
    }

    mutating func linkSchool(_ s: Peerlink_V1_LinkSchool) {
        int32(1, s.urn)
        string(2, s.name)
        string(3, s.phase)
        int32(4, s.laCode)
        string(5, s.laName)
        string(6, s.region)
        string(7, s.trust)
        string(8, s.federation)
        string(9, s.town)
    }

    mutating func linkScores(_ s: Peerlink_V1_LinkScores) {
        double(1, s.expertise)
        double(2, s.context)
        double(3, s.proximity)
        double(4, s.novelty)
        double(5, s.availability)
    }

    mutating func area(_ a: Peerlink_V1_Area) {
        string(1, a.id)
        string(2, a.name)
        string(3, a.kind)
        string(4, a.parent)
        strings(5, a.phases)
        strings(6, a.aliases)
    }
}
