public import PeerlinkWire
/// The outside of one `Request` frame, read without decoding the operation: the request id, which operation it
/// carries (its field number in `Request.operation`) and where that operation's message lies in the frame.
///
/// The daemon's reply cache keys on those bytes, so a repeated query is answered without decoding it. Only the
/// layout the generated encoders write is recognised: at most one `id`, exactly one operation, nothing else.
/// Anything else gives nil and goes through the full decoder, which reports what is wrong with it.
public struct RequestEnvelope {
    public var id: UInt64
    /// The operation's field number in `Request` (`link_match = 50` in `schema/peerlink.proto`).
    public var operation: Int
    /// The operation message's bytes: indices into the frame the envelope was read from.
    public var operationBytes: Range<Int>

    private static let idField: UInt64 = 1

    public init?(frame: ArraySlice<UInt8>) {
        let base = frame.startIndex
        guard
            let (id, operation, start, end) = frame.withUnsafeBufferPointer({ Self.parse(UnsafeRawBufferPointer($0)) })
        else { return nil }
        self.id = id
        self.operation = operation
        self.operationBytes = (base + start)..<(base + end)
    }

    /// Reads the fields over raw bytes (an array slice's subscript checks bounds and ownership at every byte).
    private static func parse(_ p: UnsafeRawBufferPointer) -> (UInt64, Int, Int, Int)? {
        var i = 0
        var id: UInt64 = 0, sawID = false
        var operation: (field: Int, start: Int, end: Int)? = nil
        while i < p.count {
            guard let key = varint(p, &i) else { return nil }
            let field = key >> 3, wireType = key & 7
            if field == idField && wireType == 0 && !sawID {
                guard let v = varint(p, &i) else { return nil }
                id = v
                sawID = true
            } else if field > idField && field <= UInt64(Int32.max) && wireType == 2 && operation == nil {
                guard let n = varint(p, &i), n <= UInt64(p.count - i) else { return nil }
                operation = (Int(field), i, i + Int(n))
                i += Int(n)
            } else {
                return nil
            }
        }
        guard let operation else { return nil }
        return (id, operation.field, operation.start, operation.end)
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
    private static func varint(_ p: UnsafeRawBufferPointer, _ i: inout Int) -> UInt64? {
        if i < p.count, p[i] < 0x80 {  // one byte: most keys and lengths
            i += 1
            return UInt64(p[i - 1])
        }
        var value: UInt64 = 0, shift: UInt64 = 0
        while i < p.count && shift < 64 {
            let b = p[i]
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
    /// How many bytes the leading `id` field of the `Response` body `body` takes (field 1, as hand and generated
    /// encoders put it first; 0 when the id was 0 and left out): the rest is what a later request can be sent.
    /// Nil when the body does not start that way.
    public static func idFieldLength(of body: [UInt8]) -> Int? {
        guard let first = body.first else { return nil }
        guard first == 0x08 else { return first & 7 == 2 ? 0 : nil }  // no id: the body is already the rest
        var i = 1
        while i < body.count && body[i] >= 0x80 { i += 1 }
        guard i < body.count, i <= 10 else { return nil }
        return i + 1
    }

    /// Appends what comes before `rest` (a body after its id field) in its frame: the length prefix, then the `id`
    /// field (left out when 0, as proto3 does). The caller sends the `restCount` bytes of `rest` right after them.
    public static func appendHead(id: UInt64, restCount: Int, to out: inout [UInt8]) {
        // Up to fourteen bytes, written on the stack and appended at once through a typed buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { head in
            var n = 4
            if id != 0 {
                head[n] = 0x08
                n += 1
                var v = id
                while v >= 0x80 {
                    head[n] = UInt8(truncatingIfNeeded: v) | 0x80
                    v >>= 7
                    n += 1
                }
                head[n] = UInt8(v)
                n += 1
            }
            let length = UInt32(n - 4 + restCount)
            head[0] = UInt8(truncatingIfNeeded: length >> 24)
            head[1] = UInt8(truncatingIfNeeded: length >> 16)
            head[2] = UInt8(truncatingIfNeeded: length >> 8)
            head[3] = UInt8(truncatingIfNeeded: length)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: head[..<n]))
        }
    }
}
