import PeerlinkCore
import Testing

@testable import PeerlinkWire

struct FrameDecoderTests {
    static func frames(_ bodies: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for b in bodies { FrameEncoder.append(b, to: &out) }
        return out
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func sameFramesWhateverTheChunking(chunk: Int) throws {
        let bodies: [[UInt8]] = [[1], [2, 3], Array(repeating: 9, count: 300), [4, 5, 6]]
        let bytes = Self.frames(bodies)
        var decoder = FrameDecoder(maxFrameLength: 1024)
        var got: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            decoder.append(bytes[i..<min(i + chunk, bytes.count)])
            i += chunk
            while let f = try decoder.next() { got.append(Array(f)) }
        }
        #expect(got == bodies)
        #expect(decoder.bufferedBytes == 0)
    }

    @Test func partialFrameConsumesNothing() throws {
        var decoder = FrameDecoder(maxFrameLength: 1024)
        decoder.append([0, 0, 0, 5, 1, 2])
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedBytes == 6)
        decoder.append([3, 4, 5])
        #expect(try decoder.next().map(Array.init) == [1, 2, 3, 4, 5])
    }

    @Test func countsOnlyWholeBufferedFrames() throws {
        var decoder = FrameDecoder(maxFrameLength: 1024)
        decoder.append(Self.frames([[1], [2, 2], [3, 3, 3]]) + [0, 0, 0, 9, 1])  // three whole, one partial
        #expect(decoder.bufferedFrames(upTo: 10) == 3)
        #expect(decoder.bufferedFrames(upTo: 2) == 2)
        _ = try decoder.next()
        #expect(decoder.bufferedFrames(upTo: 10) == 2)
    }

    @Test func overLongLengthThrowsBeforeTheBodyArrives() {
        var decoder = FrameDecoder(maxFrameLength: 16)
        decoder.append([0, 0, 0, 17])
        #expect(throws: FrameError.frameTooLarge(length: 17, limit: 16)) { _ = try decoder.next() }
        var empty = FrameDecoder(maxFrameLength: 16)
        empty.append([0, 0, 0, 0])
        #expect(throws: FrameError.emptyFrame) { _ = try empty.next() }
    }

    @Test func requestsRoundTripThroughFrames() throws {
        var r = Peerlink_V1_Request()
        r.id = 42
        var get = Peerlink_V1_SchoolGet()
        get.urn = 125000
        r.operation = .schoolGet(get)
        var decoder = FrameDecoder(maxFrameLength: 1024)
        decoder.append(try r.framed())
        let back = try Peerlink_V1_Request(frame: try #require(try decoder.next()))
        #expect(back == r)
    }
}

struct MappingTests {
    @Test func schoolRoundTripsAndAcceptsRegisterWords() throws {
        var w = Peerlink_V1_School()
        w.urn = 100001
        w.name = "  Hill   Primary "
        w.phase = "Middle deemed primary"
        w.laCode = 936
        w.laName = "Surrey"
        w.inspection = "Requires improvement"
        w.inspectionDate = "2023-05-01"
        w.easting = 500_000
        w.northing = 150_000
        let s = try School(wire: w)
        #expect(s.name == "Hill Primary" && s.phase == .middle && s.inspection == .requiresImprovement)
        #expect(try School(wire: s.wire) == s)
    }

    @Test func badEnumNamesTheFieldAndTheChoices() {
        var w = Peerlink_V1_School()
        w.phase = "college"
        #expect {
            _ = try School(wire: w)
        } throws: { e in
            let p = e as! PeerlinkError
            return p.field == "phase" && p.message.contains("nursery, primary")
        }
        #expect(throws: PeerlinkError.self) { _ = try parseModes(["by pigeon"]) }
    }
}
