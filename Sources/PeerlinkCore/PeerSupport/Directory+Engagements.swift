/// An engagement that needs attention on a given day (`peerlink engagement due`).
public struct EngagementDue: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The cycle is within a month of its end and has no review in that window.
        case reviewDue = "review-due"
        /// The cycle's last day has passed and it is still open.
        case pastEnd = "past-end"
    }

    public var engagementID: Int64
    public var kind: Kind
    public var end: Day
    /// What to do, in a sentence.
    public var message: String
}

/// How much of the supporters' time one head may hold at once (configurable: `ServerConfig.fairUse`), so one
/// head's own calls cannot take every supporter past the authority's matching. Applies to heads' own tokens;
/// an admin acting for a head is not held to it.
public struct FairUse: Sendable, Equatable {
    /// Open support requests a head may have at a time.
    public var openRequestsPerHead = 1
    /// Active engagements a head may have at a time.
    public var activeEngagementsPerHead = 1

    public init(openRequestsPerHead: Int = 1, activeEngagementsPerHead: Int = 1) {
        self.openRequestsPerHead = openRequestsPerHead
        self.activeEngagementsPerHead = activeEngagementsPerHead
    }
}

extension Directory {
    // MARK: Support requests

    /// Records a head's request for peer support. Concerns default to the areas of the head's open targets
    /// (in target order); with neither, the request is refused with what to do.
    /// For a head's own token (`caller`), `fairUse` bounds the head's open requests.
    public func prepareSupportRequest(
        headID: Int64, concerns: [String]?, mode: Mode, by caller: Caller = .localAdmin, fairUse: FairUse = FairUse(),
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, request: SupportRequest) {
        try authorize(.peerSupport(.newSupportRequest(headID: headID), .write), by: caller)
        let head = try requirePerson(headID, field: "head")
        if caller.role != .admin {
            let open = peerSupport.requests.values.lazy.filter { $0.headID == headID && $0.status == .open }.count
            guard open < fairUse.openRequestsPerHead else {
                throw PeerlinkError(
                    .limitExceeded,
                    "you already have \(open) open support request\(open == 1 ? "" : "s"), the most a head may have "
                        + "at a time (\(fairUse.openRequestsPerHead)); wait for the authority's match, or withdraw one",
                    field: "head")
            }
        }
        guard !head.erased else { throw .conflict("person \(headID) was erased", field: "head") }
        _ = try requireSchool(head.urn, field: "head")
        var areas: [String]
        if let concerns, !concerns.isEmpty {
            areas = try resolveSupportAreas(concerns, field: "concerns")
        } else {
            areas = []
            for t in peerSupport.targets(ofHead: headID) where t.status == .open && !areas.contains(t.areaID) {
                areas.append(t.areaID)
            }
            guard !areas.isEmpty else {
                throw .badRequest(
                    "\(head.name) has no open targets to take concerns from; give --concerns (standards or themes) "
                        + "or add targets with `peerlink needs target add`", field: "concerns")
            }
        }
        let request = SupportRequest(
            id: ids.next("support_request", in: self), headID: headID, concerns: areas, mode: mode, createdAt: now,
            updatedAt: now)
        // Reads the head's key, so two requests of one head in one commit batch cannot both pass the limit.
        return (Change([request], reads: [ConflictKey("head_support", headID)]), request)
    }

    /// Withdraws an open request.
    public func prepareSupportRequestWithdraw(id: Int64, now: Int64) throws(PeerlinkError) -> Change {
        var r = try requireSupportRequest(id)
        guard r.status == .open else {
            throw .conflict(
                "support request \(id) is \(r.status.rawValue); only an open request can be withdrawn", field: "id")
        }
        r.status = .withdrawn
        r.updatedAt = now
        return Change([r])
    }

    /// Records that the head declined a supporter's profile for a request: matching never offers it again for
    /// that request.
    public func prepareDecline(requestID: Int64, profileID: Int64, now: Int64) throws(PeerlinkError) -> Change {
        let r = try requireSupportRequest(requestID, field: "request")
        _ = try requireSupporter(profileID, field: "supporter")
        guard r.status == .open else {
            throw .conflict(
                "support request \(requestID) is \(r.status.rawValue); nothing is being offered", field: "request")
        }
        guard !peerSupport.isDeclined(profileID: profileID, forRequest: requestID) else {
            throw .conflict("supporter \(profileID) is already declined for request \(requestID)", field: "supporter")
        }
        return Change(
            [SupportDecline(requestID: requestID, profileID: profileID, declinedAt: now)],
            reads: [ConflictKey("support_request", requestID)])
    }

    public func requireSupportRequest(_ id: Int64, field: String = "id") throws(PeerlinkError) -> SupportRequest {
        guard let r = peerSupport.requests[id] else {
            throw .notFound("no support request with id \(id)", field: field)
        }
        return r
    }

    // MARK: Engagements

    /// Starts a cycle between the request's head and the supporter on `day`. The supporter must pass every
    /// hard constraint a match applies (except distance, which is a query setting): eligible, active, with
    /// spare capacity, independent, not declined. The engagement uses one unit of capacity until it closes.
    ///
    /// For a head's own token (`caller`): the request must be theirs, the supporter one the authority's match
    /// offered for this request (`offered`: the profiles a `supporter_match` for it returned), and `fairUse`
    /// bounds the head's active engagements. A refusal then states the rule without describing the supporter.
    /// `day` may be earlier than today (a cycle recorded late), never later.
    public func prepareEngagementStart(
        requestID: Int64, profileID: Int64, on day: Day, strictLA: Bool = false, by caller: Caller = .localAdmin,
        offered: Set<Int64> = [], fairUse: FairUse = FairUse(), ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, engagement: Engagement) {
        try authorize(.peerSupport(.supportRequest(id: requestID), .write), by: caller)
        let byHead = caller.role != .admin
        var request = try requireSupportRequest(requestID, field: "request")
        if byHead {
            guard offered.contains(profileID) else {
                throw .forbidden(
                    "supporter \(profileID) was not offered for support request \(requestID); a head chooses among the "
                        + "profiles the authority's match sent for the request", field: "supporter")
            }
            let active = peerSupport.engagements(ofHead: request.headID).lazy.filter { $0.status == .active }.count
            guard active < fairUse.activeEngagementsPerHead else {
                throw PeerlinkError(
                    .limitExceeded,
                    "you already have \(active) active engagement\(active == 1 ? "" : "s"), the most a head may have at "
                        + "a time (\(fairUse.activeEngagementsPerHead)); close it before starting another",
                    field: "request")
            }
        }
        let profile = try requireSupporter(profileID, field: "supporter")
        let today = LondonTime.day(atUnixSeconds: now)
        guard day <= today else {
            throw .badRequest(
                "the cycle's start \(day) is after today (\(today)); start it on the day of the first contact",
                field: "date")
        }
        if let e = peerSupport.engagementByRequest[requestID] {
            throw .conflict("support request \(requestID) already has engagement \(e)", field: "request")
        }
        guard request.status == .open else {
            throw .conflict("support request \(requestID) is \(request.status.rawValue)", field: "request")
        }
        let head = try requirePerson(request.headID, field: "request")
        let headSchool = try requireSchool(head.urn, field: "request")
        let person = people[profile.personID]
        if let reason = supporterRefusal(
            profile, person: person, school: person.flatMap { schools[$0.urn] }, request: request, head: head,
            headSchool: headSchool, strictLA: strictLA, day: day, anonymous: byHead)
        {
            throw .conflict("supporter \(profileID) cannot take this request: \(reason)", field: "supporter")
        }
        let engagement = Engagement(
            id: ids.next("engagement", in: self), requestID: requestID, headID: request.headID, profileID: profileID,
            start: day, createdAt: now, updatedAt: now)
        request.status = .engaged
        request.updatedAt = now
        return (
            Change([engagement, request], reads: [ConflictKey("supporter", profileID), ConflictKey("head_support", request.headID)]),
            engagement
        )
    }

    /// How long a meeting may last, recorded or corrected: 1 to 480 minutes (a working day).
    static func checkMeetingLength(_ minutes: Int) throws(PeerlinkError) {
        guard (1...480).contains(minutes) else {
            throw .badRequest("a meeting lasts 1 to 480 minutes (a working day), got \(minutes)", field: "minutes")
        }
    }

    /// Records a meeting. Refused, with the rule in a sentence, when: the engagement is closed; the meeting is
    /// before the start or after the cycle's end; the cycle already has its meetings; the first meeting is over
    /// an hour; it starts after now in England (meetings are recorded once held); it overlaps or precedes the last
    /// meeting recorded; or `calendar` refuses it (weekend, outside the working day, the head's authority's holidays).
    public func prepareMeeting(
        engagementID: Int64, start: LocalDateTime, minutes: Int, mode: Mode, calendar: SchoolCalendar,
        recordedBy: Int64?, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, meeting: EngagementMeeting) {
        let e = try requireEngagement(engagementID)
        guard e.status == .active else {
            throw .conflict(
                "engagement \(engagementID) is closed; meetings cannot be added to a closed cycle", field: "id")
        }
        try Directory.checkMeetingLength(minutes)
        // The date's own rules first (working week, working day, term time), so the reason given is the one
        // that holds whatever the cycle's dates.
        let laCode = people[e.headID].flatMap { schools[$0.urn] }?.laCode
        if let refusal = calendar.refusal(start: start, minutes: minutes, laCode: laCode) {
            throw .badRequest(refusal, field: "date")
        }
        try Directory.checkMeetingHeld(start, now: now)
        guard start.day >= e.start else {
            throw .badRequest(
                "the meeting on \(start.day) is before the engagement started (\(e.start))", field: "date")
        }
        guard start.day <= e.end else {
            let why =
                e.extensions == 0
                ? "six months from its start on \(e.start)" : "as extended by its last review"
            throw PeerlinkError(
                .limitExceeded,
                "the meeting on \(start.day) is after the cycle ends on \(e.end) (\(why)); a cycle lasts at most six "
                    + "months unless its review records an extension (`peerlink engagement review \(e.id) "
                    + "--decision continue --until DATE`)", field: "date")
        }
        let previous = peerSupport.meetings(ofEngagement: engagementID)
        guard previous.count < e.meetingLimit else {
            throw PeerlinkError(
                .limitExceeded,
                "engagement \(e.id) already has \(previous.count) meetings, the most "
                    + (e.extensions == 0
                        ? "a cycle allows (an initial meeting and at most \(Engagement.meetingsPerCycle) in all); a "
                            + "review at six months can extend it"
                        : "its extensions allow; record another review to extend it"),
                field: "date")
        }
        if previous.isEmpty && minutes > Engagement.firstMeetingMaxMinutes {
            throw .badRequest(
                "the first meeting lasts at most \(Engagement.firstMeetingMaxMinutes) minutes; \(minutes) were given",
                field: "minutes")
        }
        if let last = previous.last, start < LocalDateTime(day: last.start.day, minute: last.endMinute) {
            throw .badRequest(
                "meetings are recorded in order: this one starts at \(start), before the previous meeting "
                    + "(\(last.start), \(last.minutes) minutes) ends", field: "date")
        }
        let m = EngagementMeeting(
            id: ids.next("meeting", in: self), engagementID: engagementID, start: start, minutes: minutes, mode: mode,
            recordedBy: recordedBy, recordedAt: now)
        return (Change([m], reads: [ConflictKey("engagement", engagementID)]), m)
    }

    /// Records the review of a cycle. `close` closes the engagement on `day`; `continue` with `until` extends
    /// the cycle to that day and allows another six meetings. An extension can be recorded only from the
    /// review window (a month before the cycle's end) and reaches at most six months past the current end.
    public func prepareEngagementReview(
        engagementID: Int64, on day: Day, decision: ReviewDecision, until: Day?, recordedBy: Int64?,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, review: EngagementReview) {
        var e = try requireEngagement(engagementID)
        guard e.status == .active else { throw .conflict("engagement \(engagementID) is already closed", field: "id") }
        guard day >= e.start else {
            throw .badRequest("the review date \(day) is before the engagement started (\(e.start))", field: "date")
        }
        switch decision {
        case .close:
            guard until == nil else {
                throw .badRequest(
                    "--until goes with --decision continue; a closing review ends the cycle", field: "until")
            }
            try checkClosing(e, on: day, now: now)
            e.status = .closed
            e.closedOn = day
        case .continue:
            if let until {
                guard day >= e.reviewOpens else {
                    throw .badRequest(
                        "an extension is decided at the six-month review, which opens on \(e.reviewOpens) (a month "
                            + "before the cycle ends on \(e.end)); \(day) is too early", field: "until")
                }
                guard until > e.end else {
                    throw .badRequest(
                        "the extension must end after the current end (\(e.end)); \(until) does not", field: "until")
                }
                let furthest = e.end.adding(months: Engagement.monthsPerCycle)
                guard until <= furthest else {
                    throw .badRequest(
                        "an extension reaches at most six months past the current end, so \(furthest) at the latest; "
                            + "review again then", field: "until")
                }
                e.end = until
                e.extensions += 1
            }
        }
        e.updatedAt = now
        let review = EngagementReview(
            id: ids.next("engagement_review", in: self), engagementID: engagementID, reviewedOn: day,
            decision: decision, until: until, recordedBy: recordedBy, recordedAt: now)
        return (Change([review, e]), review)
    }

    /// Closes an active engagement on `day`, freeing the supporter's capacity unit. Refused when `day` is before a
    /// meeting the cycle has recorded (`checkClosing`).
    public func prepareEngagementClose(engagementID: Int64, on day: Day, now: Int64) throws(PeerlinkError) -> Change {
        var e = try requireEngagement(engagementID)
        guard e.status == .active else { throw .conflict("engagement \(engagementID) is already closed", field: "id") }
        guard day >= e.start else {
            throw .badRequest("the closing date \(day) is before the engagement started (\(e.start))", field: "date")
        }
        try checkClosing(e, on: day, now: now)
        e.status = .closed
        e.closedOn = day
        e.updatedAt = now
        return Change([e])
    }

    /// Records the head's feedback on a closed engagement. Only the head who was supported may give it, once.
    public func prepareFeedback(
        engagementID: Int64, rating: Int, comment: String?, share: Bool, by personID: Int64?, now: Int64
    ) throws(PeerlinkError) -> (change: Change, feedback: EngagementFeedback) {
        let e = try requireEngagement(engagementID)
        guard personID == e.headID else {
            throw .forbidden("only the head who was supported gives feedback on engagement \(engagementID)")
        }
        guard e.status == .closed else {
            throw .conflict(
                "feedback is asked for after the cycle closes; engagement \(engagementID) is still active", field: "id")
        }
        guard peerSupport.feedback[engagementID] == nil else {
            throw .conflict("feedback on engagement \(engagementID) was already given", field: "id")
        }
        guard (1...5).contains(rating) else {
            throw .badRequest("rating must be 1 (poor) to 5 (excellent), got \(rating)", field: "rating")
        }
        let text = comment.map { Text.tidy($0) }.flatMap { $0.isEmpty ? nil : $0 }
        if let text, text.count > EngagementFeedback.maximumCommentLength {
            throw .badRequest(
                "the comment is over \(EngagementFeedback.maximumCommentLength) characters", field: "comment")
        }
        let f = EngagementFeedback(
            engagementID: engagementID, rating: rating, comment: text, shared: share, givenBy: e.headID, givenAt: now)
        return (Change([f]), f)
    }

    /// Records that a safeguarding or whistleblowing concern from the engagement went to the authority's named
    /// contact (`contactName`, from configuration), at `now`, passed on by `personID` acting as `role`.
    /// There is no field for the concern itself: its content never enters peerlink.
    public func prepareEscalation(
        engagementID: Int64, contactName: String, by personID: Int64?, role: Role, ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, escalation: SafeguardingEscalation) {
        _ = try requireEngagement(engagementID)
        let contact = Text.tidy(contactName)
        guard !contact.isEmpty else {
            throw PeerlinkError(
                .unavailable,
                "no safeguarding contact is configured; an admin must set the authority's single point of contact in "
                    + "the daemon's configuration")
        }
        let x = SafeguardingEscalation(
            id: ids.next("escalation", in: self), engagementID: engagementID, contactName: contact, raisedBy: personID,
            raisedByRole: role, raisedAt: now)
        return (Change([x]), x)
    }

    /// Refuses a meeting that starts after now in England: meetings are recorded once they have happened.
    static func checkMeetingHeld(_ start: LocalDateTime, now: Int64) throws(PeerlinkError) {
        let local = LondonTime.localDateTime(atUnixSeconds: now)
        guard start.day <= local.day else {
            throw .badRequest(
                "the meeting on \(start.day) is after today (\(local.day)); record a meeting once it has happened",
                field: "date")
        }
        guard start <= local else {
            throw .badRequest(
                "the meeting at \(start) has not started yet (it is \(local) in England); record it once it has "
                    + "happened", field: "date")
        }
    }

    /// Refuses closing `e` on `day` when that is before a meeting it has recorded (a cycle closed with its meetings
    /// still ahead would report a closed duration of nothing).
    func checkClosing(_ e: Engagement, on day: Day, now: Int64) throws(PeerlinkError) {
        if let last = peerSupport.meetings(ofEngagement: e.id).last(where: { $0.start.day > day }) {
            throw .conflict(
                "engagement \(e.id) has a meeting on \(last.start.day), after the closing date \(day); correct or "
                    + "delete that meeting (`peerlink engagement meeting edit|delete \(last.id)`) or close on a later "
                    + "day", field: "date")
        }
    }

    public func requireEngagement(_ id: Int64, field: String = "id") throws(PeerlinkError) -> Engagement {
        guard let e = peerSupport.engagements[id] else {
            throw .notFound("no engagement with id \(id)", field: field)
        }
        return e
    }

    /// Active engagements needing attention on `day`, in engagement id order: reviews due (within a month of
    /// the end, no review in that window) and cycles past their end.
    public func engagementsDue(on day: Day) -> [EngagementDue] {
        var out: [EngagementDue] = []
        for e in peerSupport.engagements.values.sorted(by: { $0.id < $1.id }) where e.status == .active {
            if day > e.end {
                out.append(
                    EngagementDue(
                        engagementID: e.id, kind: .pastEnd, end: e.end,
                        message:
                            "engagement \(e.id) passed its end on \(e.end); record a review to extend it or close it"))
            } else if day >= e.reviewOpens,
                !peerSupport.reviews(ofEngagement: e.id).contains(where: { $0.reviewedOn >= e.reviewOpens })
            {
                out.append(
                    EngagementDue(
                        engagementID: e.id, kind: .reviewDue, end: e.end,
                        message: "engagement \(e.id) reaches its end on \(e.end) without a review; review it "
                            + "(continue, with --until to extend, or close)"))
            }
        }
        return out
    }
}
