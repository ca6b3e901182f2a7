/// Why a message was written.
public enum OutboxKind: String, Sendable, CaseIterable, Codable {
    case invitation
    case linkMade = "link-made"
    /// A head's supporter profiles are ready to choose from (`profilesReadyMessage`).
    case profilesReady = "profiles-ready"
    /// A cycle's review is due (`prepareReviewDueNotices`).
    case reviewDue = "review-due"
    case feedbackRequested = "feedback-requested"
    /// A cohort member's or facilitator's group and session dates (`cohortGroupMessages`).
    case cohortGroup = "cohort-group"
    case safeguardingConcern = "safeguarding-concern"
}

/// pending (to send, maybe after a failed attempt) | sent | failed (given up after `maxAttempts`).
public enum OutboxStatus: String, Sendable, CaseIterable, Codable {
    case pending
    case sent
    case failed
}

/// One email the daemon keeps until the web front end's sender has passed it to the mail command.
///
/// A message joins the outbox in the same change as the write it reports, so it is durable exactly when that
/// write is. The body of a sent message is cleared: an invitation's code must not outlive its email.
public struct OutboxMessage: Sendable, Equatable {
    /// Attempts before a message is given up (status `failed`, left for an admin to see).
    public static let maxAttempts = 10
    /// Replaced by the sender with its public address (`--public-url`): the daemon does not know where the
    /// web front end is reached.
    public static let webURLPlaceholder = "{{web_url}}"

    public var id: Int64
    public var kind: OutboxKind
    public var to: String
    public var subject: String
    public var body: String
    public var createdAt: Int64
    public var attempts: Int
    /// Unix seconds before which the sender leaves it alone (backoff after a failure).
    public var nextAttemptAt: Int64
    public var status: OutboxStatus
    public var lastError: String
    public var sentAt: Int64?

    public init(
        id: Int64, kind: OutboxKind, to: String, subject: String, body: String, createdAt: Int64, attempts: Int = 0,
        nextAttemptAt: Int64? = nil, status: OutboxStatus = .pending, lastError: String = "", sentAt: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.to = to
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.status = status
        self.lastError = lastError
        self.sentAt = sentAt
    }

    /// Seconds to wait after the `attempts`-th failure: 1 minute, doubling, at most 6 hours.
    public static func backoffSeconds(afterAttempts attempts: Int) -> Int64 {
        let exponent = min(max(attempts - 1, 0), 20)
        return min(60 << Int64(exponent), 6 * 3600)
    }
}

extension OutboxMessage: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("outbox", id) }
    public func apply(to directory: inout Directory) {
        directory.web.put(self)
        directory.noteID("outbox", id)
    }
}

extension Directory {
    /// HH:MM (UTC) of a Unix time.
    static func clock(_ t: Int64) -> String {
        let s = ((t % 86_400) + 86_400) % 86_400
        let h = s / 3600, m = (s % 3600) / 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// Records what the sender did with a message: sent (the body is cleared), or failed with `error` (tried
    /// again after a backoff; given up after `OutboxMessage.maxAttempts`).
    public func prepareOutboxResult(id: Int64, sent: Bool, error: String, now: Int64) throws(PeerlinkError) -> Change {
        guard var m = web.outbox[id] else {
            throw .notFound("no pending outbox message \(id) (it was sent or given up already)", field: "id")
        }
        m.attempts += 1
        if sent {
            m.status = .sent
            m.sentAt = now
            m.body = ""
            m.lastError = ""
        } else {
            m.lastError = String(Text.tidy(error).prefix(500))
            if m.attempts >= OutboxMessage.maxAttempts {
                m.status = .failed
            } else {
                m.nextAttemptAt = now + OutboxMessage.backoffSeconds(afterAttempts: m.attempts)
            }
        }
        return Change([m])
    }

    /// The "a nominee has been linked" emails for a new link: to the nominee, the head who nominated them, and
    /// whoever asked for the link (or, when an adviser linked directly, the requesting school's heads).
    /// People without an email are skipped; nobody gets two copies.
    public func linkMadeMessages(_ link: Link, ids: inout IDAllocator, now: Int64) -> [OutboxMessage] {
        let nomination = nominations[link.nominationID]
        let nominee = nomination.flatMap { people[$0.personID] }
        let requesterSchool = schools[link.requesterURN]?.name ?? "URN \(link.requesterURN)"
        let nomineeSchool = schools[link.nomineeURN]?.name ?? "URN \(link.nomineeURN)"
        let area = areas[link.areaID]?.name ?? link.areaID
        var recipients: [Person] = []
        if let nominee { recipients.append(nominee) }
        if let by = nomination?.nominatedBy, let p = people[by] { recipients.append(p) }
        if let request = links.request(link.requestID), let by = request.createdBy, let p = people[by] {
            recipients.append(p)
        } else {
            recipients += people.values.filter { $0.urn == link.requesterURN && $0.role.lowercased().contains("head") }
                .sorted { $0.id < $1.id }
        }
        var seen = Set<String>()
        var out: [OutboxMessage] = []
        for p in recipients where !p.erased && !p.email.isEmpty && seen.insert(p.email).inserted {
            out.append(
                OutboxMessage(
                    id: ids.next("outbox", in: self), kind: .linkMade, to: p.email,
                    subject: "peerlink: \(nomineeSchool) and \(requesterSchool) are linked for \(area)",
                    body: """
                        Hello \(p.name),

                        \(nominee?.name ?? "A nominee") (\(nomineeSchool)) has been linked with \(requesterSchool) for \(area).
                        The link's number is \(link.id). Please get in touch with each other to arrange the first contact.

                        Sign in to peerlink to see the link: \(OutboxMessage.webURLPlaceholder)/
                        """,
                    createdAt: now))
        }
        return out
    }

    /// The "feedback requested" email to the head once an engagement's cycle has closed.
    public func feedbackRequestedMessage(engagementID: Int64, ids: inout IDAllocator, now: Int64) -> OutboxMessage? {
        guard let e = peerSupport.engagements[engagementID], let head = people[e.headID], !head.erased,
            !head.email.isEmpty
        else { return nil }
        return OutboxMessage(
            id: ids.next("outbox", in: self), kind: .feedbackRequested, to: head.email,
            subject: "peerlink: how did your peer support go?",
            body: """
                Hello \(head.name),

                Your peer support engagement (number \(e.id)) has closed. Please tell us how it went: it takes two
                minutes, and you choose whether your supporter sees it.

                \(Self.signInLine("give feedback", path: "/engagements/\(e.id)"))
                """,
            createdAt: now)
    }

    /// The "a safeguarding concern was raised" notice to the configured contact: who passed it on, when, and
    /// which engagement. Never the concern itself (it is not stored anywhere).
    public func safeguardingMessage(
        _ x: SafeguardingEscalation, contactEmail: String, ids: inout IDAllocator, now: Int64
    ) -> OutboxMessage? {
        let to = Text.tidy(contactEmail)
        guard !to.isEmpty else { return nil }
        let who = x.raisedBy.flatMap { people[$0] }.map { "\($0.name) (\($0.email))" } ?? "an administrator"
        return OutboxMessage(
            id: ids.next("outbox", in: self), kind: .safeguardingConcern, to: to,
            subject: "peerlink: a safeguarding concern was raised (engagement \(x.engagementID))",
            body: """
                A safeguarding or whistleblowing concern was raised in peerlink.

                Raised by: \(who), as \(x.raisedByRole.rawValue)
                When: \(Day(unixSeconds: x.raisedAt)) at \(Self.clock(x.raisedAt)) UTC
                Engagement: \(x.engagementID)

                peerlink does not record what the concern is. Please contact the person who raised it directly.
                """,
            createdAt: now)
    }
}
