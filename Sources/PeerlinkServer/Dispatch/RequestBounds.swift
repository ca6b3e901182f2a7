internal import Foundation
import PeerlinkCore
internal import SwiftProtobuf
import PeerlinkWire

/// Bounds every value of a decoded request before its handler runs: each string and bytes field at most so
/// many bytes, each repeated field (and map) at most so many elements, every float and double finite. The
/// dispatcher checks every request once, so no handler can forget; handlers and the core then apply the finer
/// limits a person can act on (names ≤ 200 characters, search text ≤ 200, …: `Directory.maximum*`).
///
/// A field may have a tighter (or, for imports, looser) bound of its own, keyed by its message's proto name
/// and field number (SwiftProtobuf keeps field names internal), with the name to report.
struct RequestBounds {
    struct Field: Hashable {
        var message: String
        var number: Int
    }

    /// Bytes in any one string or bytes field.
    var stringBytes = 16 * 1024
    /// Elements in any one repeated or map field.
    var repeatedCount = 1000
    /// Per-field string bounds in bytes, with the field's name.
    var stringOverrides: [Field: (name: String, limit: Int)] = RequestBounds.defaultStringOverrides

    /// Four bytes a character (UTF-8's longest), so a bound here is never tighter than the core's in characters.
    static let defaultStringOverrides: [Field: (name: String, limit: Int)] = {
        var o: [Field: (name: String, limit: Int)] = [:]
        let name = Directory.maximumNameLength * 4
        let area = Directory.maximumAreaReferenceLength * 4
        // (message, field number, field name, limit): numbers as in schema/peerlink.proto.
        let fields: [(String, Int, String, Int)] = [
            ("Hello", 2, "client_name", name), ("Hello", 3, "token", 256),
            ("Person", 2, "name", name), ("Person", 3, "email", name), ("Person", 5, "role", name),
            ("NominationCreate", 2, "name", name), ("NominationCreate", 3, "email", name),
            ("NominationCreate", 4, "role", name),
            ("PersonUpdate", 2, "name", name), ("PersonUpdate", 3, "email", name), ("PersonUpdate", 5, "role", name),
            ("LocalNetworkAdd", 1, "name", name), ("CohortCreate", 1, "name", name), ("TokenCreate", 4, "label", name),
            ("SchoolSearch", 1, "text", Directory.maximumSearchLength * 4),
            ("NominatedArea", 1, "area", area), ("LinkMatch", 2, "area", area), ("LinkRequestCreate", 2, "area", area),
            ("LinkCreate", 3, "area", area), ("TargetAdd", 2, "area", area),
        ]
        for (m, n, f, l) in fields { o[Field(message: m, number: n)] = (f, l) }
        return o
    }()

    /// Every operation but the imports.
    static let standard = RequestBounds()

    /// The bounds for an operation: imports may send many records, everything else the standard ones.
    static func `for`(_ operation: String) -> RequestBounds { operation.hasPrefix("import_") ? imports : standard }

    /// Imports (admins only) carry whole files, so their lists may be long.
    static let imports: RequestBounds = {
        var b = RequestBounds()
        b.repeatedCount = 5_000_000
        b.stringOverrides[Field(message: "ImportNominations", number: 3)] = ("mapping_json", 1024 * 1024)
        return b
    }()

    /// Throws `bad_request` naming the first field out of bounds.
    func check(_ request: WireRequest) throws(PeerlinkError) {
        var visitor = BoundsVisitor(bounds: self)
        do {
            try request.traverse(visitor: &visitor)
        } catch let e as PeerlinkError {
            throw e
        } catch {
            throw .badRequest("the request could not be checked (\(error))")
        }
    }
}

/// Walks a message and its sub-messages, throwing at the first value out of bounds.
private struct BoundsVisitor: SwiftProtobuf.Visitor {
    let bounds: RequestBounds
    /// The full proto name of the message being walked (`peerlink.v1.LinkMatch`), innermost last. Shortened only
    /// when a field is looked up or named: splitting it for every message walked was a tenth of a link match.
    var path: [String] = ["peerlink.v1.Request"]

    init(bounds: RequestBounds) { self.bounds = bounds }

    /// The field's key in `stringOverrides`: the innermost message's short name and the number.
    private func field(_ number: Int) -> RequestBounds.Field {
        let full = path[path.count - 1]
        let short = full.lastIndex(of: ".").map { String(full[full.index(after: $0)...]) } ?? full
        return RequestBounds.Field(message: short, number: number)
    }

    /// How an error names a field: its proto name when known, else its number and message.
    private func fieldName(_ number: Int) -> String {
        let field = field(number)
        return bounds.stringOverrides[field]?.name ?? "field \(number) of \(field.message)"
    }

    private func checkString(byteCount: Int, _ number: Int) throws {
        guard byteCount > 256 else { return }  // below every bound: no lookup
        let override = bounds.stringOverrides[field(number)]
        let limit = override?.limit ?? bounds.stringBytes
        guard byteCount <= limit else {
            let short = fieldName(number)
            throw PeerlinkError.badRequest(
                "\(short) is \(byteCount) bytes, over the \(limit) bytes this field may hold; shorten it", field: short)
        }
    }

    private func checkCount(_ count: Int, _ number: Int) throws {
        let limit = bounds.repeatedCount
        guard count <= limit else {
            let short = fieldName(number)
            throw PeerlinkError.badRequest(
                "\(short) has \(count) entries, over the \(limit) one request may give; send fewer", field: short)
        }
    }

    private func checkFinite(_ value: Double, _ number: Int) throws {
        guard value.isFinite else {
            let short = fieldName(number)
            throw PeerlinkError.badRequest("\(short) must be a finite number", field: short)
        }
    }

    private mutating func descend<M: Message>(_ m: M) throws {
        path.append(M.protoMessageName)
        try m.traverse(visitor: &self)
        path.removeLast()
    }

    mutating func visitSingularFloatField(value: Float, fieldNumber: Int) throws {
        try checkFinite(Double(value), fieldNumber)
    }
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws { try checkFinite(value, fieldNumber) }
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {
        try checkString(byteCount: value.utf8.count, fieldNumber)
    }
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {
        try checkString(byteCount: value.count, fieldNumber)
    }
    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {}
    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws { try descend(value) }
    mutating func visitSingularGroupField<G: Message>(value: G, fieldNumber: Int) throws { try descend(value) }

    mutating func visitRepeatedFloatField(value: [Float], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try checkFinite(Double(v), fieldNumber) }
    }
    mutating func visitRepeatedDoubleField(value: [Double], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try checkFinite(v, fieldNumber) }
    }
    mutating func visitRepeatedInt32Field(value: [Int32], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitRepeatedInt64Field(value: [Int64], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitRepeatedUInt32Field(value: [UInt32], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitRepeatedUInt64Field(value: [UInt64], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitRepeatedBoolField(value: [Bool], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitRepeatedStringField(value: [String], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try checkString(byteCount: v.utf8.count, fieldNumber) }
    }
    mutating func visitRepeatedBytesField(value: [Data], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try checkString(byteCount: v.count, fieldNumber) }
    }
    mutating func visitRepeatedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
    }
    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try descend(v) }
    }
    mutating func visitRepeatedGroupField<G: Message>(value: [G], fieldNumber: Int) throws {
        try checkCount(value.count, fieldNumber)
        for v in value { try descend(v) }
    }
    mutating func visitPackedInt32Field(value: [Int32], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitPackedInt64Field(value: [Int64], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitPackedUInt32Field(value: [UInt32], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitPackedUInt64Field(value: [UInt64], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }
    mutating func visitPackedFloatField(value: [Float], fieldNumber: Int) throws {
        try visitRepeatedFloatField(value: value, fieldNumber: fieldNumber)
    }
    mutating func visitPackedDoubleField(value: [Double], fieldNumber: Int) throws {
        try visitRepeatedDoubleField(value: value, fieldNumber: fieldNumber)
    }
    mutating func visitPackedBoolField(value: [Bool], fieldNumber: Int) throws { try checkCount(value.count, fieldNumber) }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type, value: _ProtobufMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws {
        try checkCount(value.count, fieldNumber)
        for (k, v) in value {
            if let k = k as? String { try checkString(byteCount: k.utf8.count, fieldNumber) }
            if let v = v as? String { try checkString(byteCount: v.utf8.count, fieldNumber) }
            if let v = v as? Double { try checkFinite(v, fieldNumber) }
            if let v = v as? Float { try checkFinite(Double(v), fieldNumber) }
        }
    }
    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type, value: _ProtobufEnumMap<KeyType, ValueType>.BaseType,
        fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        try checkCount(value.count, fieldNumber)
    }
    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {
        try checkCount(value.count, fieldNumber)
        for (_, v) in value { try descend(v) }
    }
    mutating func visitExtensionFields(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}
    mutating func visitExtensionFieldsAsMessageSet(fields: ExtensionFieldValueSet, start: Int, end: Int) throws {}
    mutating func visitUnknown(bytes: Data) throws {}
}
