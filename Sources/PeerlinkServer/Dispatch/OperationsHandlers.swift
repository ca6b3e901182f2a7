import PeerlinkCore
import PeerlinkWire

/// Handlers for running the service: the audit log.
enum OperationsHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("audit_list", roles: .adminOnly, .read(auditList))
    ]

    static func auditList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.auditList
        let limit = r.limit == 0 ? 50 : Int(r.limit)
        guard limit <= AuditLog.retained else {
            throw .badRequest("limit is at most \(AuditLog.retained) (older entries are in the audit table)", field: "limit")
        }
        var reply = Peerlink_V1_AuditListReply()
        var picked: [AuditEntry] = []
        for e in ctx.directory.audit.recent.reversed() {
            if r.hasPersonID && e.personID != r.personID { continue }
            if !r.operation.isEmpty && e.operation != r.operation { continue }
            picked.append(e)
            if picked.count == limit { break }
        }
        reply.entries = picked.reversed().map { e in
            var w = Peerlink_V1_AuditEntry()
            w.id = e.id
            w.at = e.at
            w.role = e.role.rawValue
            if let p = e.personID { w.personID = p }
            w.operation = e.operation
            w.target = e.target
            return w
        }
        return .auditList(reply)
    }
}
