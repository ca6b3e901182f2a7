import PeerlinkCore
import Glibc

/// Writes protobuf binary fields into one growing buffer, for replies encoded by hand (`LinkMatchEncoding`).
///
/// The buffer is raw memory rather than a `[UInt8]` because an array append checks uniqueness and capacity
/// each time, and that was a quarter of a link match reply's cost. Not copyable: one owner, freed on `deinit`.
///
/// Nested messages: `let m = beginMessage(field)`, write the body, `endMessage(m)`. One byte is kept for the
/// length and widened when the body turns out to be 128 bytes or more, so lengths are minimal varints, as
/// the generated encoder writes them.
struct ProtoWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    private static let varintType: UInt64 = 0, fixed64Type: UInt64 = 1, lengthType: UInt64 = 2, fixed32Type: UInt64 = 5

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, copied into an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written so far (valid only inside `body`).
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    // MARK: Raw bytes

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    @inline(__always)
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(raw)) }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    // MARK: Fields

    @inline(__always)
    mutating func varint(_ v: UInt64) {
        reserve(10)
        var v = v
        while v >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: v) | 0x80
            count += 1
            v >>= 7
        }
        base[count] = UInt8(v)
        count += 1
    }

    @inline(__always)
    mutating func tag(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    mutating func uint64(_ field: Int, _ v: UInt64) {
        guard v != 0 else { return }
        tag(field, Self.varintType)
        varint(v)
    }

    mutating func uint32(_ field: Int, _ v: UInt32) { uint64(field, UInt64(v)) }

    /// Negative values are sign-extended to ten bytes, as protobuf's int32 and int64 require.
    mutating func int64(_ field: Int, _ v: Int64) { uint64(field, UInt64(bitPattern: v)) }

    mutating func int32(_ field: Int, _ v: Int32) { int64(field, Int64(v)) }

    /// An `optional int64`: written whenever present, zero included.
    mutating func presentInt64(_ field: Int, _ v: Int64) {
        tag(field, Self.varintType)
        varint(UInt64(bitPattern: v))
    }

    mutating func bool(_ field: Int, _ v: Bool) { uint64(field, v ? 1 : 0) }

    mutating func float(_ field: Int, _ v: Float) {
        guard v != 0 else { return }
        presentFloat(field, v)
    }

    /// An `optional float`: written whenever present, zero included.
    mutating func presentFloat(_ field: Int, _ v: Float) {
        tag(field, Self.fixed32Type)
        reserve(4)
        // One unaligned store (SE-0349); through `withUnsafeBytes` and `append` it was a `memcpy` call per float.
        UnsafeMutableRawPointer(base + count).storeBytes(of: v.bitPattern.littleEndian, as: UInt32.self)
        count += 4
    }

    /// A proto3 string: left out when empty.
    mutating func string(_ field: Int, _ s: String) {
        guard !s.isEmpty else { return }
        presentString(field, s)
    }

    mutating func string(_ field: Int, _ s: String?) {
        if let s { string(field, s) }
    }

    /// A string written even when empty (an element of a repeated field, a map key).
    mutating func presentString(_ field: Int, _ s: String) {
        tag(field, Self.lengthType)
        varint(UInt64(s.utf8.count))
        write(text: s)
    }

    /// A string field from a literal (always written, even if empty).
    mutating func presentLiteral(_ field: Int, _ s: StaticString) {
        tag(field, Self.lengthType)
        varint(UInt64(s.utf8CodeUnitCount))
        write(s)
    }

    /// A length-delimited field whose body is already encoded (a nested message kept from before).
    mutating func lengthDelimited(_ field: Int, _ body: UnsafeBufferPointer<UInt8>) {
        tag(field, Self.lengthType)
        varint(UInt64(body.count))
        append(body)
    }

    mutating func strings(_ field: Int, _ list: [String]) {
        for s in list { presentString(field, s) }
    }

    /// Starts a length-delimited field (a message, or a string written in pieces); returns where its length
    /// goes, for `endMessage`.
    @inline(__always)
    mutating func beginMessage(_ field: Int) -> Int {
        tag(field, Self.lengthType)
        byte(0)
        return count - 1
    }

    /// Puts the length of everything written since `beginMessage` in front of it.
    mutating func endMessage(_ lengthAt: Int) {
        var length = count - lengthAt - 1
        if length < 0x80 {
            base[lengthAt] = UInt8(length)
            return
        }
        var width = 1
        while length >> (7 * width) != 0 { width += 1 }
        reserve(width - 1)
        UnsafeMutableRawPointer(base + lengthAt + width).copyMemory(from: base + lengthAt + 1, byteCount: length)  // a memmove
        for i in 0..<width {
            base[lengthAt + i] = UInt8(truncatingIfNeeded: length) | (i < width - 1 ? 0x80 : 0)
            length >>= 7
        }
        count += width - 1
    }
}

/// Reason text goes straight into the reply as UTF-8.
extension ProtoWriter: TextSink {
    mutating func write(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    mutating func write(text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        var copy = text
        copy.withUTF8 { append($0) }
    }

    mutating func write(_ number: Int) {
        if number < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = number.magnitude
        if magnitude >= 10 { write(Int(magnitude / 10)) }
        byte(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }
}
