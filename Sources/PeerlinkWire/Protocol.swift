public import SwiftProtobuf

/// The protocol version this build speaks; Hello carries the client's.
public let protocolVersion: UInt32 = 1

public typealias WireRequest = Peerlink_V1_Request
public typealias WireResponse = Peerlink_V1_Response

extension Peerlink_V1_Request {
    /// Decodes one frame body; throws when the bytes are not a Request.
    public init(frame: ArraySlice<UInt8>) throws {
        try self.init(serializedBytes: Array(frame))
    }

    /// One frame holding this request.
    public func framed() throws -> [UInt8] {
        var out: [UInt8] = []
        let body: [UInt8] = try serializedBytes()
        FrameEncoder.append(body, to: &out)
        return out
    }
}

extension Peerlink_V1_Response {
    public init(frame: ArraySlice<UInt8>) throws {
        try self.init(serializedBytes: Array(frame))
    }

    /// Appends one frame holding this response to `out`. A link match reply goes through `LinkMatchEncoding`
    /// (the same bytes, written in one pass).
    public func appendFramed(to out: inout [UInt8]) throws {
        if case .linkMatch(let reply)? = result, unknownFields.data.isEmpty, reply.unknownFields.data.isEmpty {
            FrameEncoder.append(LinkMatchEncoding.responseBody(id: id, reply: reply), to: &out)
            return
        }
        let body: [UInt8] = try serializedBytes()
        FrameEncoder.append(body, to: &out)
    }
}
