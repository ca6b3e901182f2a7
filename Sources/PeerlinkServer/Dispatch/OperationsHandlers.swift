internal import Foundation
import PeerlinkCore
import PeerlinkStore
import PeerlinkWire
internal import Synchronization

/// Handlers for running the service: the audit log, erasure, online backup.
enum OperationsHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("audit_list", roles: .adminOnly, cost: .slow, .read(auditList)),
        OperationSpec("person_erase", roles: .adminOnly, .write(personErase)),
        OperationSpec("backup", roles: .adminOnly, .write(backup)),
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

    /// Erases a person (`Directory.prepareErasure`). The change commits in the ordinary group commit, with
    /// its audit entry (ids only); once it has, the writer checkpoints and truncates the WAL.
    static func personErase(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.personErase.id
        guard id > 0 else { throw .badRequest("give the id of the person to erase", field: "id") }
        let (change, summary) = try ctx.directory.prepareErasure(personID: id, now: ctx.now)
        return PreparedWrite(change) { _ in
            var reply = Peerlink_V1_PersonEraseReply()
            reply.id = summary.personID
            reply.nominations = UInt32(summary.nominations)
            reply.supporterProfile = summary.supporterProfile
            reply.targets = UInt32(summary.targets)
            reply.feedback = UInt32(summary.feedback)
            reply.linkTexts = UInt32(summary.linkTexts)
            reply.tokensRevoked = UInt32(summary.tokensRevoked)
            return .personErase(reply)
        }
    }

    /// An online backup: queued like a write, so it runs on the writer thread right after the batch it joins
    /// commits (`BackupTask`), and the copy holds exactly what had committed; writes wait while it copies.
    static func backup(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.backup
        guard !r.path.isEmpty else { throw .badRequest("give the file to write the backup to", field: "path") }
        guard r.path.hasPrefix("/") else {
            throw .badRequest(
                "the backup path '\(r.path)' is relative; the daemon needs an absolute path on its own machine "
                    + "(the CLI resolves a relative one against its working directory)", field: "path")
        }
        guard r.path.utf8.count <= 4096 else { throw .badRequest("the backup path is over 4096 bytes", field: "path") }
        if !r.force && FileManager.default.fileExists(atPath: r.path) {
            throw .conflict("\(r.path) already exists; choose another file or use --force to replace it", field: "path")
        }
        let task = BackupTask(path: r.path, replacing: r.force)
        var change = Change([])
        change.followUps = [task]
        return PreparedWrite(change) { _ in
            switch task.result {
            case .success(let report)?:
                var reply = Peerlink_V1_BackupReply()
                reply.path = report.path
                reply.pages = UInt64(report.pages)
                reply.bytes = UInt64(max(0, report.bytes))
                reply.integrity = report.integrity
                return .backup(reply)
            case .failure(let e)?:
                return .error(PeerlinkError(.unavailable, "the backup failed: \(e); nothing was kept at \(r.path)", field: "path").wire)
            case nil:
                return .error(PeerlinkError(.internal, "the backup did not run", field: "path").wire)
            }
        }
    }
}

/// A backup for the writer thread to take after its batch commits; the reply reads its result on the loop
/// thread once the batch's results arrive (the writer sets it before posting them).
final class BackupTask: StoreFollowUp {
    let path: String
    let replacing: Bool
    private let outcome = Mutex<Result<BackupReport, StoreError>?>(nil)

    init(path: String, replacing: Bool) {
        self.path = path
        self.replacing = replacing
    }

    var result: Result<BackupReport, StoreError>? { outcome.withLock { $0 } }

    func run(on store: Store) {
        let r: Result<BackupReport, StoreError>
        do throws(StoreError) {
            r = .success(try store.backup(to: path, replacing: replacing))
        } catch {
            r = .failure(error)
        }
        outcome.withLock { $0 = r }
    }
}
