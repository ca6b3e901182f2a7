/// The peer-support emails beyond link-made, feedback and safeguarding (`OutboxMessage.swift`): a head's
/// profiles are ready, and a cycle's review is due. Each text is written here and nowhere else. None carries
/// what is confidential (DESIGN §7): no concerns, no meeting notes, no supporter's identity before the head
/// chooses; only numbers, dates and where to sign in.
extension Directory {
    /// The person an email may go to: recorded, not erased, with an email address; nil otherwise.
    func mailable(_ personID: Int64?) -> Person? {
        guard let personID, let p = people[personID], !p.erased, !p.email.isEmpty else { return nil }
        return p
    }

    /// The line every email ends with: where, in the web front end, to act on it.
    static func signInLine(_ what: String, path: String) -> String {
        "Sign in to peerlink to \(what): \(OutboxMessage.webURLPlaceholder)\(path)"
    }

    /// The "your supporter profiles are ready" email to the head of `request`, a request about to be recorded
    /// (the change that records it carries the email, so both land in one commit). Sent only when the match a
    /// head's profiles page runs (the default query, `weights` as configured) offers at least one profile now;
    /// nil when none is offered yet or the head has no email. It says how many profiles and where they are.
    public func profilesReadyMessage(
        for request: SupportRequest, weights: SupporterMatchWeights, ids: inout IDAllocator, now: Int64
    ) -> OutboxMessage? {
        guard let head = mailable(request.headID) else { return nil }
        var after = self
        request.apply(to: &after)
        let query = SupporterMatchQuery(
            requestID: request.id, weights: weights, day: LondonTime.day(atUnixSeconds: now))
        guard let count = try? after.matchSupporters(query).hits.count, count > 0 else { return nil }
        let profiles = count == 1 ? "1 peer supporter profile matches" : "\(count) peer supporter profiles match"
        return OutboxMessage(
            id: ids.next("outbox", in: self), kind: .profilesReady, to: head.email,
            subject: "peerlink: your peer supporter profiles are ready",
            body: """
                Hello \(head.name),

                \(profiles) your request for peer support (number \(request.id)). Each profile shows the
                supporter's region, school and skills; their name is shown once you have chosen. You can decline a
                profile that does not suit you, or choose one, and the supporter you choose will get in touch.

                \(Self.signInLine("see the profiles", path: "/support/\(request.id)/profiles"))
                """,
            createdAt: now)
    }

    /// The "review due" emails for engagement `e`, one to its head and one to its supporter (each skipped
    /// without an email): the cycle's end and what the review decides. `pastEnd` when the end has already passed.
    func reviewDueMessages(_ e: Engagement, pastEnd: Bool, ids: inout IDAllocator, now: Int64) -> [OutboxMessage] {
        let supporter = peerSupport.profiles[e.profileID]?.personID
        var seen = Set<String>()
        return [e.headID, supporter].compactMap { mailable($0) }.filter { seen.insert($0.email).inserted }.map { p in
            let when =
                pastEnd
                ? "passed the end of its cycle on \(e.end) and is still open"
                : "reaches the end of its cycle on \(e.end)"
            return OutboxMessage(
                id: ids.next("outbox", in: self), kind: .reviewDue, to: p.email,
                subject: "peerlink: the review of peer support engagement \(e.id) is due",
                body: """
                    Hello \(p.name),

                    Peer support engagement \(e.id) \(when). Its review is due: together, decide whether it continues
                    (and until when: a cycle is at most six meetings over six months before a review) or closes, and
                    record the decision.

                    \(Self.signInLine("record the review", path: "/engagements/\(e.id)"))
                    """,
                createdAt: now)
        }
    }
}
