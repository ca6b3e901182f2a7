import PeerlinkWire
import Testing

@testable import PeerlinkServer

/// The dispatch table against the protocol: the operation names are generated from `schema/peerlink.proto`, and
/// every one of them must have exactly one row.
struct OperationTableTests {
    @Test func everyOperationOfTheProtocolHasARowAndEveryRowAnOperation() {
        let protocolNames = Set(allOperations.map(\.name))
        let tableNames = Set(OperationTable.specs.keys)
        #expect(protocolNames.subtracting(tableNames).sorted() == [], "operations with no handler")
        #expect(tableNames.subtracting(protocolNames).sorted() == [], "rows for no operation of the protocol")
        #expect(allOperations.count == protocolNames.count, "an operation name appears twice in the protocol")
    }

    @Test func generatedFieldNumbersAgreeWithTheEncoding() {
        #expect(WireRequest.OneOf_Operation.linkMatch(.init()).fieldNumber == RequestEnvelope.fieldNumber(of: .linkMatch(.init())))
        #expect(WireRequest.OneOf_Operation.ping(.init()).fieldNumber == 11)
        #expect(WireRequest.OneOf_Operation.auditList(.init()).name == "audit_list")
        #expect(Set(allOperations.map(\.fieldNumber)).count == allOperations.count, "two operations share a field number")
    }
}
