import PeerlinkCore
import PeerlinkWire

/// Handlers for the web front end: invitations (admins make them, the web service redeems them) and the
/// outbox the web service drains.
enum WebHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("invitation_create", roles: .adminOnly, .write(invitationCreate)),
        OperationSpec("invitation_list", roles: .adminOnly, .read(invitationList)),
        OperationSpec("invitation_revoke", roles: .adminOnly, .write(invitationRevoke)),
        // Only the web service spends codes: a person's own token must not mint further tokens.
        OperationSpec("invitation_redeem", roles: [.web], .write(invitationRedeem)),
        OperationSpec("outbox_claim", roles: [.admin, .web], .read(outboxClaim)),
        OperationSpec("outbox_result", roles: [.admin, .web], .write(outboxResult)),
        OperationSpec("sign_out", roles: [.web], .write(signOut)),
    ]

    static func signOut(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.signOut.tokenID
        let change = try ctx.directory.prepareSignOut(tokenID: id, now: ctx.now)
        return PreparedWrite(change) { d in .signOut(d.tokens[id]!.wire) }
    }

    static func invitationCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.invitationCreate
        guard !r.role.isEmpty else {
            throw .badRequest("give the role the person signs in as: admin, adviser, head or supporter", field: "role")
        }
        let role = try parseEnum(r.role, Role.self, field: "role")
        let code = TokenSecret.generate()
        let (change, invitation) = try ctx.directory.prepareInvitation(
            personID: r.hasPersonID ? r.personID : nil, email: r.email, role: role,
            validDays: r.hasValidDays ? Int(r.validDays) : nil, code: code, codeHash: TokenSecret.hash(code),
            ids: &ids, now: ctx.now)
        let now = ctx.now
        return PreparedWrite(change) { d in
            var created = Peerlink_V1_InvitationCreated()
            created.invitation = view(d.web.invitations[invitation.id]!, d, now: now)
            created.code = code
            return .invitationCreate(created)
        }
    }

    static func invitationList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var reply = Peerlink_V1_InvitationListReply()
        reply.invitations = ctx.directory.web.invitations.values.sorted { $0.id < $1.id }
            .map { view($0, ctx.directory, now: ctx.now) }
        return .invitationList(reply)
    }

    static func invitationRevoke(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let id = ctx.request.invitationRevoke.id
        let change = try ctx.directory.prepareInvitationRevoke(id: id, now: ctx.now)
        let now = ctx.now
        return PreparedWrite(change) { d in .invitationRevoke(view(d.web.invitations[id]!, d, now: now)) }
    }

    static func invitationRedeem(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let code = ctx.request.invitationRedeem.code
        guard !code.isEmpty, code.utf8.count <= 200 else {
            throw .badRequest("give the invitation code from the link", field: "code")
        }
        let secret = TokenSecret.generate()
        let (change, token, invitation) = try ctx.directory.prepareRedeem(
            codeHash: TokenSecret.hash(code), tokenSecretHash: TokenSecret.hash(secret), ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            var r = Peerlink_V1_InvitationRedeemed()
            r.token = secret
            r.role = token.role.rawValue
            r.personID = invitation.personID
            r.personName = d.people[invitation.personID]?.name ?? ""
            r.tokenID = token.id
            r.expiresAt = token.expiresAt ?? 0
            return .invitationRedeem(r)
        }
    }

    static func outboxClaim(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let limit = ctx.request.outboxClaim.limit == 0 ? 20 : Int(ctx.request.outboxClaim.limit)
        guard limit <= 200 else { throw .badRequest("limit is at most 200", field: "limit") }
        var batch = Peerlink_V1_OutboxBatch()
        batch.messages = ctx.directory.web.outboxDue(at: ctx.now, limit: limit).map(view)
        return .outboxClaim(batch)
    }

    static func outboxResult(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.outboxResult
        let change = try ctx.directory.prepareOutboxResult(id: r.id, sent: r.sent, error: r.error, now: ctx.now)
        let message = change.records.first as! OutboxMessage
        return PreparedWrite(change) { _ in .outboxResult(view(message)) }
    }

    static func view(_ i: Invitation, _ d: Directory, now: Int64) -> Peerlink_V1_Invitation {
        var w = Peerlink_V1_Invitation()
        w.id = i.id
        w.personID = i.personID
        if let p = d.people[i.personID] {
            w.personName = p.name
            w.email = p.email
        }
        w.role = i.role.rawValue
        w.createdAt = i.createdAt
        w.expiresAt = i.expiresAt
        if let t = i.redeemedAt { w.redeemedAt = t }
        if let t = i.tokenID { w.tokenID = t }
        if let t = i.revokedAt { w.revokedAt = t }
        w.status = i.status(at: now)
        return w
    }

    static func view(_ m: OutboxMessage) -> Peerlink_V1_OutboxMessage {
        var w = Peerlink_V1_OutboxMessage()
        w.id = m.id
        w.kind = m.kind.rawValue
        w.to = m.to
        w.subject = m.subject
        w.body = m.body
        w.attempts = UInt32(m.attempts)
        w.status = m.status.rawValue
        w.lastError = m.lastError
        w.createdAt = m.createdAt
        w.nextAttemptAt = m.nextAttemptAt
        return w
    }
}
