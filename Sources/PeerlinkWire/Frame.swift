/// Errors in the byte stream itself; the connection cannot continue after one.
public enum FrameError: Error, Equatable, Sendable {
    /// The length prefix announced more than the limit; the body is never read.
    case frameTooLarge(length: Int, limit: Int)
    /// A zero-length frame carries no message.
    case emptyFrame
}

/// Splits a byte stream into frames.
///
/// ```
///  0        4                      4+length
///  +--------+----------------------+--------+---------
///  | length | protobuf message     | length | …
///  | u32 BE | (length bytes)       | u32 BE |
///  +--------+----------------------+--------+---------
/// ```
///
/// Append bytes as they arrive, then call `next()` until it returns nil ("need more bytes", consuming
/// nothing). A length over `maxFrameLength` throws before any of the body is buffered.
public struct FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The largest body accepted; may change between frames (e.g. raised after Hello).
    public var maxFrameLength: Int

    public init(maxFrameLength: Int) {
        self.maxFrameLength = maxFrameLength
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedBytes: Int { buffer.count - readIndex }

    /// Adds received bytes. Consumed bytes are dropped first when they are half the buffer: a connection that
    /// leaves frames buffered while its earlier requests are answered (reads on reader threads) never reaches
    /// `next`'s own compaction, which runs only when the buffer holds no whole frame.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame's body, or nil when more bytes are needed.
    public mutating func next() throws(FrameError) -> ArraySlice<UInt8>? {
        guard buffer.count - readIndex >= 4 else {
            compact()
            return nil
        }
        let length =
            Int(buffer[readIndex]) << 24 | Int(buffer[readIndex + 1]) << 16 | Int(buffer[readIndex + 2]) << 8
            | Int(buffer[readIndex + 3])
        guard length > 0 else { throw .emptyFrame }
        guard length <= maxFrameLength else { throw .frameTooLarge(length: length, limit: maxFrameLength) }
        let start = readIndex + 4
        guard buffer.count - start >= length else {
            compact()
            return nil  // partial frame: consume nothing
        }
        readIndex = start + length
        return buffer[start..<readIndex]
    }

    /// Puts back the frame `next` just returned, so the next call returns it again. Only right after that call
    /// (nothing appended in between).
    public mutating func unread(_ frame: ArraySlice<UInt8>) {
        precondition(frame.endIndex == readIndex && frame.startIndex >= 4, "only the frame just returned can be put back")
        readIndex = frame.startIndex - 4
    }

    /// How many whole frames are buffered and not yet returned, counting at most `limit`.
    /// Walks the length prefixes only (cheap); the daemon uses it to stop reading from a pipelining client.
    public func bufferedFrames(upTo limit: Int) -> Int {
        var i = readIndex, n = 0
        while n < limit, buffer.count - i >= 4 {
            let length = Int(buffer[i]) << 24 | Int(buffer[i + 1]) << 16 | Int(buffer[i + 2]) << 8 | Int(buffer[i + 3])
            guard length > 0, buffer.count - (i + 4) >= length else { break }
            i += 4 + length
            n += 1
        }
        return n
    }

    /// The frame still arriving behind the whole frames buffered: nil when the buffer ends on a frame boundary
    /// (or at a framing error `next()` will report), else its announced body length, 0 while its own 4-byte
    /// length prefix is incomplete. Walks the length prefixes only; the daemon uses it to budget partial frames
    /// before their bodies arrive.
    public var incompleteFrameLength: Int? {
        var i = readIndex
        while buffer.count - i >= 4 {
            let length = Int(buffer[i]) << 24 | Int(buffer[i + 1]) << 16 | Int(buffer[i + 2]) << 8 | Int(buffer[i + 3])
            guard length > 0 else { return nil }
            if buffer.count - (i + 4) < length { return length }
            i += 4 + length
        }
        return i == buffer.count ? nil : 0
    }

    /// Frees the buffer when nothing is buffered and it holds more than `bytes` of capacity (after a large
    /// frame, so that an idle connection does not keep its memory).
    public mutating func releaseMemory(keepingUpTo bytes: Int) {
        guard readIndex == buffer.count, buffer.capacity > bytes else { return }
        buffer = []
        readIndex = 0
    }

    /// Drops consumed bytes once they are at least half the buffer, keeping appends amortised O(1).
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}

/// Frame encoding: the 4-byte big-endian length, then the body.
public enum FrameEncoder {
    /// Appends one frame holding `body` to `out`.
    public static func append(_ body: some Collection<UInt8>, to out: inout [UInt8]) {
        let n = UInt32(body.count)
        out.append(UInt8(truncatingIfNeeded: n >> 24))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n))
        out.append(contentsOf: body)
    }
}
