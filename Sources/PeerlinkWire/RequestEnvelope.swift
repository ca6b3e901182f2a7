/// The outside of one `Request` frame, read without decoding the operation: the request id, which operation it
/// carries (its field number in `Request.operation`) and that operation's message as bytes.
///
/// The daemon's reply cache keys on those bytes, so a repeated query is answered without decoding it. Only the
/// layout the generated encoders write is recognised: at most one `id`, exactly one operation, nothing else.
/// Anything else gives nil and goes through the full decoder, which reports what is wrong with it.
public struct RequestEnvelope {
    public var id: UInt64
    /// The operation's field number in `Request` (`link_match = 50` in `schema/peerlink.proto`).
    public var operation: Int
    /// The operation message's bytes, a slice of the frame.
    public var operationBytes: ArraySlice<UInt8>

    private static let idField = 1

    public init?(frame: ArraySlice<UInt8>) {
        var i = frame.startIndex
        var id: UInt64 = 0, sawID = false
        var operation: (field: Int, bytes: ArraySlice<UInt8>)? = nil
        while i < frame.endIndex {
            guard let key = Self.varint(frame, &i) else { return nil }
            let field = Int(truncatingIfNeeded: key >> 3), wireType = key & 7
            if field == Self.idField && wireType == 0 && !sawID {
                guard let v = Self.varint(frame, &i) else { return nil }
                id = v
                sawID = true
            } else if field > Self.idField && wireType == 2 && operation == nil {
                guard let n = Self.varint(frame, &i), n <= UInt64(frame.endIndex - i) else { return nil }
                let end = i + Int(n)
                operation = (field, frame[i..<end])
                i = end
            } else {
                return nil
            }
        }
        guard let operation else { return nil }
        self.id = id
        self.operation = operation.field
        self.operationBytes = operation.bytes
    }

    /// The field number the generated code gives an operation (encodes a request holding it and reads it back).
    public static func fieldNumber(of operation: WireRequest.OneOf_Operation) -> Int {
        var request = WireRequest()
        request.operation = operation
        guard let bytes: [UInt8] = try? request.serializedBytes(), let envelope = RequestEnvelope(frame: bytes[...])
        else { preconditionFailure("a request holding only \(operation) does not encode as one field") }
        return envelope.operation
    }

    /// A base-128 varint at `i`, advancing past it; nil when it runs off the end or past ten bytes.
    @inline(__always)
    private static func varint(_ bytes: ArraySlice<UInt8>, _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0, shift: UInt64 = 0
        while i < bytes.endIndex && shift < 64 {
            let b = bytes[i]
            i += 1
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

/// Replies kept as bytes without their request id, and framed again for the next request that asks.
public enum ReusableReply {
    /// The `Response` body `body` without its leading `id` field (field 1, as hand and generated encoders put it
    /// first; absent when the id was 0). Nil when the body does not start that way.
    public static func dropID(from body: [UInt8]) -> [UInt8]? {
        guard let first = body.first else { return nil }
        guard first == 0x08 else { return first & 7 == 2 ? body : nil }  // no id: the body is already the rest
        var i = 1
        while i < body.count && body[i] >= 0x80 { i += 1 }
        guard i < body.count, i <= 10 else { return nil }
        return Array(body[(i + 1)...])
    }

    /// Appends one frame: the `id` field (left out when 0, as proto3 does), then `rest` (a body from `dropID`).
    public static func appendFrame(id: UInt64, rest: [UInt8], to out: inout [UInt8]) {
        var idBytes: (UInt64, UInt64) = (0, 0)  // tag and up to ten varint bytes, on the stack
        let idCount = withUnsafeMutableBytes(of: &idBytes) { raw -> Int in
            guard id != 0 else { return 0 }
            raw[0] = 0x08
            var v = id, n = 1
            while v >= 0x80 {
                raw[n] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                n += 1
            }
            raw[n] = UInt8(v)
            return n + 1
        }
        let length = UInt32(idCount + rest.count)
        out.append(UInt8(truncatingIfNeeded: length >> 24))
        out.append(UInt8(truncatingIfNeeded: length >> 16))
        out.append(UInt8(truncatingIfNeeded: length >> 8))
        out.append(UInt8(truncatingIfNeeded: length))
        withUnsafeBytes(of: &idBytes) { out.append(contentsOf: $0.prefix(idCount)) }
        out.append(contentsOf: rest)
    }
}
