import SwiftProtobuf

/// The protocol version this build speaks; Hello carries the client's.
public let protocolVersion: UInt32 = 2

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

    /// Appends one frame holding this response to `out`.
    public func appendFramed(to out: inout [UInt8]) throws {
        let body: [UInt8] = try serializedBytes()
        FrameEncoder.append(body, to: &out)
    }
}
