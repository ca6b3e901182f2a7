import PeerlinkCore
import Testing

/// Invitations' rules in the core: who can be invited, single use, expiry, and the email beside them.
struct InvitationTests {
    static func directory() -> Directory {
        var d = Directory()
        Change([Person(id: 1, name: "Ava Head", email: "ava@ash.sch.uk", urn: 300001, role: "Headteacher")]).apply(to: &d)
        return d
    }

    @Test func anInvitationExpiresAndIsSpentOnce() throws {
        var d = Self.directory()
        var ids = IDAllocator()
        let (change, invitation) = try d.prepareInvitation(
            personID: nil, email: " Ava@Ash.sch.uk ", role: .head, validDays: 2, code: "c0de", codeHash: "hash-1",
            ids: &ids, now: 1000)
        #expect(invitation.expiresAt == 1000 + 2 * 86_400)
        let mail = change.records.compactMap { $0 as? OutboxMessage }
        #expect(mail.count == 1)
        #expect(mail.first?.body.contains("{{web_url}}/invite/c0de") == true)
        #expect(mail.first?.to == "ava@ash.sch.uk")
        change.apply(to: &d)
        #expect(d.web.outboxDue(at: 1000, limit: 10).count == 1)

        // After the expiry the code is refused, before it, it works once.
        #expect(throws: PeerlinkError.self) {
            _ = try d.prepareRedeem(codeHash: "hash-1", tokenSecretHash: "t1", ids: &ids, now: invitation.expiresAt)
        }
        let redeemed = try d.prepareRedeem(codeHash: "hash-1", tokenSecretHash: "t1", ids: &ids, now: 2000)
        #expect(redeemed.token.role == .head)
        #expect(redeemed.token.personID == 1)
        redeemed.change.apply(to: &d)
        #expect(d.web.invitations[invitation.id]?.status(at: 2001) == "redeemed")
        do {
            _ = try d.prepareRedeem(codeHash: "hash-1", tokenSecretHash: "t2", ids: &ids, now: 2001)
            Issue.record("a spent code was accepted")
        } catch {
            #expect(error.code == .conflict)
        }
        // Signing out revokes that token; a token no invitation made is not the web service's to revoke.
        try d.prepareSignOut(tokenID: redeemed.token.id, now: 3000).apply(to: &d)
        #expect(d.tokens[redeemed.token.id]?.revokedAt == 3000)
        #expect(throws: PeerlinkError.self) { _ = try d.prepareSignOut(tokenID: 999, now: 3000) }
    }

    @Test func onlyKnownPeopleInPersonRolesForAtMostThirtyDays() {
        let d = Self.directory()
        var ids = IDAllocator()
        func refusal(_ id: Int64?, _ email: String, _ role: Role, _ days: Int?) -> String? {
            do {
                _ = try d.prepareInvitation(
                    personID: id, email: email, role: role, validDays: days, code: "c", codeHash: "h", ids: &ids, now: 0)
                return nil
            } catch { return error.field }
        }
        #expect(refusal(1, "", .head, nil) == nil)
        #expect(refusal(2, "", .head, nil) == "person_id")
        #expect(refusal(nil, "someone@else.sch.uk", .head, nil) == "email")
        #expect(refusal(nil, "", .head, nil) == "person_id")
        #expect(refusal(1, "ava@ash.sch.uk", .head, nil) == "email")
        #expect(refusal(1, "", .web, nil) == "role")
        #expect(refusal(1, "", .admin, 31) == "valid_days")
    }

    @Test func aFailedMessageBacksOffThenGivesUp() throws {
        var d = Self.directory()
        var ids = IDAllocator()
        try d.prepareInvitation(
            personID: 1, email: "", role: .head, validDays: nil, code: "c", codeHash: "h", ids: &ids, now: 0
        ).change.apply(to: &d)
        let id = d.web.outboxDue(at: 0, limit: 1)[0].id
        var now: Int64 = 0
        for attempt in 1..<OutboxMessage.maxAttempts {
            try d.prepareOutboxResult(id: id, sent: false, error: "exit 75", now: now).apply(to: &d)
            let m = try #require(d.web.outbox[id])
            #expect(m.attempts == attempt)
            #expect(m.nextAttemptAt == now + OutboxMessage.backoffSeconds(afterAttempts: attempt))
            #expect(d.web.outboxDue(at: m.nextAttemptAt - 1, limit: 5).isEmpty)
            now = m.nextAttemptAt
        }
        try d.prepareOutboxResult(id: id, sent: false, error: "exit 75", now: now).apply(to: &d)
        #expect(d.web.outbox[id] == nil, "given up after \(OutboxMessage.maxAttempts) attempts")
    }
}
