import PeerlinkServer
import PeerlinkWire
import Testing

/// The envelope read without decoding, and kept replies framed again for another request id.
struct RequestEnvelopeTests {
    func bytes(_ request: WireRequest) throws -> [UInt8] { try request.serializedBytes() }

    @Test func readsTheIdTheOperationAndItsBytesAsTheGeneratedEncoderWritesThem() throws {
        var match = Peerlink_V1_LinkMatch()
        match.urn = 100001
        match.area = "computing"
        match.mode = "in-person"
        match.maxKm = 40
        for id: UInt64 in [0, 1, 300, UInt64.max] {
            var r = WireRequest()
            r.id = id
            r.operation = .linkMatch(match)
            let frame = try bytes(r)
            let envelope = try #require(RequestEnvelope(frame: frame[...]))
            #expect(envelope.id == id)
            #expect(envelope.operation == 50)  // link_match = 50 in schema/peerlink.proto
            #expect(try Peerlink_V1_LinkMatch(serializedBytes: Array(frame[envelope.operationBytes])) == match)
            #expect(Array(frame[envelope.operationBytes]) == (try match.serializedBytes() as [UInt8]))
        }
        #expect(RequestEnvelope.fieldNumber(of: .linkMatch(Peerlink_V1_LinkMatch())) == 50)
        #expect(RequestEnvelope.fieldNumber(of: .ping(Peerlink_V1_Ping())) == 11)
    }

    /// Anything but one id and one operation goes to the full decoder, which says what is wrong.
    @Test func leavesEveryOtherLayoutToTheFullDecoder() {
        let op: [UInt8] = [0x92, 0x03, 0x02, 0x08, 0x01]  // field 50, 2 bytes: urn = 1
        #expect(RequestEnvelope(frame: ([0x08, 0x07] + op)[...]) != nil)
        #expect(RequestEnvelope(frame: (op + [0x08, 0x07])[...])?.id == 7)  // fields in any order
        #expect(RequestEnvelope(frame: [0x08, 0x07][...]) == nil)  // no operation
        #expect(RequestEnvelope(frame: (op + op)[...]) == nil)  // two operations
        #expect(RequestEnvelope(frame: ([0x08, 0x07, 0x08, 0x07] + op)[...]) == nil)  // two ids
        #expect(RequestEnvelope(frame: ([0x10, 0x01] + op)[...]) == nil)  // an unknown varint field
        #expect(RequestEnvelope(frame: [0x92, 0x03, 0x05, 0x08, 0x01][...]) == nil)  // length past the end
        #expect(RequestEnvelope(frame: [0x08, 0xff, 0xff][...]) == nil)  // truncated varint
        #expect(RequestEnvelope(frame: [0x0a, 0x00][...]) == nil)  // the id field with the wrong wire type
    }

    @Test func aKeptReplyFramedForAnotherIdIsTheSameResponseWithThatId() throws {
        var response = WireResponse()
        var stats = Peerlink_V1_Stats()
        stats.version = "1.2.3"
        stats.counts = ["schools": 25_000]
        response.result = .stats(stats)
        for originalID: UInt64 in [0, 5, 1 << 40] {
            response.id = originalID
            let body: [UInt8] = try response.serializedBytes()
            let rest = body[(try #require(ReusableReply.idFieldLength(of: body)))...]
            for newID: UInt64 in [0, 1, 127, 128, UInt64.max] {
                var out: [UInt8] = [9, 9]  // appended after what is already there
                ReusableReply.appendHead(id: newID, restCount: rest.count, to: &out)
                out += rest
                #expect(out.prefix(2) == [9, 9])
                var decoder = FrameDecoder(maxFrameLength: 1 << 20)
                decoder.append(Array(out.dropFirst(2)))
                let frame = try #require(try decoder.next())
                var expected = response
                expected.id = newID
                #expect(try WireResponse(frame: frame) == expected)
            }
        }
        #expect(ReusableReply.idFieldLength(of: []) == nil)
        #expect(ReusableReply.idFieldLength(of: [0x08]) == nil)  // an id cut short
    }
}
