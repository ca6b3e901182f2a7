import PeerlinkCore
import PeerlinkWire

/// Handlers for headteacher peer support (DESIGN §1.2, §1.3, §1.5): people, supporter profiles and
/// supervision, needs, support requests and matching, engagements, feedback, escalation and the QA report.
///
/// The table names the roles that may call each operation; inside, every handler that touches a head's or
/// supporter's records asks the core's rule set (`Directory.authorize`, `Authority.swift`; DESIGN §7), so a
/// head reaches only their own needs, requests, engagements and feedback, a supporter only their own
/// engagements (feedback only when shared), and an adviser none of it.
///
/// Matching stays with the authority: `supporter_match` is for admins, and a head may start an engagement
/// only with a supporter a match offered for that request (`Dispatcher.offers`), within `ServerConfig.fairUse`.
enum PeerSupportHandlers {
    static let participants: Set<Role> = [.admin, .head, .supporter]

    static let specs: [OperationSpec] = [
        OperationSpec("person_create", roles: .adminOnly, .write(personCreate)),
        OperationSpec("person_get", roles: .everyone, .read(personGet)),
        OperationSpec("person_update", roles: .adminOnly, .write(personUpdate)),
        OperationSpec("supporter_create", roles: .adminOnly, .write(supporterCreate)),
        OperationSpec("supporter_update", roles: .adminOnly, .write(supporterUpdate)),
        OperationSpec("supporter_list", roles: .adminOnly, .read(supporterList)),
        OperationSpec("supporter_get", roles: [.admin, .supporter], .read(supporterGet)),
        OperationSpec("supervision_add", roles: .adminOnly, .write(supervisionAdd)),
        OperationSpec("needs_assess", roles: [.admin, .head], .write(needsAssess)),
        OperationSpec("target_add", roles: [.admin, .head], .write(targetAdd)),
        OperationSpec("target_review", roles: [.admin, .head], .write(targetReview)),
        OperationSpec("needs_show", roles: [.admin, .head], confidential: true, .read(needsShow)),
        // Validated off the loop: it runs a supporter match to tell the head whether profiles are ready.
        OperationSpec("support_request", roles: [.admin, .head], validatedOffLoop: true, .write(supportRequest)),
        // A head sees the profiles (never names) for their own request, to choose one (the web front end).
        OperationSpec("supporter_match", roles: [.admin, .head], confidential: true, cost: .slow, .read(supporterMatch)),
        OperationSpec("support_decline", roles: [.admin, .head], .write(supportDecline)),
        OperationSpec("engagement_start", roles: [.admin, .head], .write(engagementStart)),
        OperationSpec("engagement_meeting", roles: participants, .write(engagementMeeting)),
        OperationSpec("engagement_meeting_update", roles: participants, .write(engagementMeetingUpdate)),
        OperationSpec("engagement_meeting_delete", roles: participants, .write(engagementMeetingDelete)),
        OperationSpec("engagement_review", roles: participants, .write(engagementReview)),
        OperationSpec("engagement_close", roles: participants, .write(engagementClose)),
        OperationSpec("engagement_due", roles: .adminOnly, confidential: true, .read(engagementDue)),
        OperationSpec("engagement_feedback", roles: [.head], .write(engagementFeedback)),
        OperationSpec("feedback_get", roles: participants, confidential: true, .read(feedbackGet)),
        OperationSpec("engagement_escalate", roles: participants, .write(engagementEscalate)),
        OperationSpec("engagement_get", roles: participants, confidential: true, .read(engagementGet)),
        OperationSpec("engagement_list", roles: participants, confidential: true, .read(engagementList)),
        OperationSpec("report_qa", roles: .adminOnly, cost: .slow, .read(reportQA)),
    ]

    // MARK: Helpers

    static func role(_ ctx: RequestContext) -> Role { ctx.session.role ?? .adviser }

    /// `authorizePeerSupport` for the caller.
    static func authorize(_ resource: PeerSupportResource, _ access: AccessKind, _ ctx: RequestContext)
        throws(PeerlinkError)
    {
        try ctx.directory.authorizePeerSupport(
            resource, access, role: role(ctx), personID: ctx.session.personID)
    }

    static func today(_ ctx: RequestContext) -> Day { LondonTime.day(atUnixSeconds: ctx.now) }

    /// A request's date field, today when empty.
    static func day(_ text: String, field: String, _ ctx: RequestContext) throws(PeerlinkError) -> Day {
        try parseDay(text, field: field) ?? today(ctx)
    }

    /// Whether the caller may see the engagement's feedback (without revealing whether an unshared one exists).
    static func mayReadFeedback(_ engagementID: Int64, _ ctx: RequestContext) -> Bool {
        (try? authorize(.feedback(engagementID: engagementID), .read, ctx)) != nil
    }

    static func engagementReply(_ id: Int64, _ ctx: RequestContext, _ d: Directory) -> Peerlink_V1_EngagementView {
        let show: Bool
        switch role(ctx) {
        case .admin, .head: show = true
        default: show = d.peerSupport.feedback[id]?.shared == true
        }
        return d.engagementView(id, showFeedback: show)
    }

    // MARK: People

    static func personCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.personCreate
        guard r.hasPerson else { throw .badRequest("give the person to add", field: "person") }
        let (change, person) = try ctx.directory.preparePerson(
            try Person.draft(wire: r.person), emailPolicy: ctx.config.emailPolicy, ids: &ids)
        return PreparedWrite(change) { d in .personCreate(d.personView(person.id)) }
    }

    /// Changes only the fields the request sets; each is checked as `person_create` checks it.
    static func personUpdate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.personUpdate
        guard r.id > 0 else { throw .badRequest("give the id of the person to change", field: "id") }
        var patch = PersonPatch()
        if r.hasName { patch.name = r.name }
        if r.hasEmail { patch.email = r.email }
        if r.hasUrn { patch.urn = Int(r.urn) }
        if r.hasRole { patch.role = r.role }
        if r.hasHeadshipStart {
            guard let day = try parseDay(r.headshipStart, field: "headship_start") else {
                throw .badRequest("headship_start must be a date as YYYY-MM-DD, got nothing", field: "headship_start")
            }
            patch.headshipStart = day
        }
        if r.hasNpqh { patch.npqh = try parseEnum(r.npqh, NPQHStatus.self, field: "npqh") }
        if r.hasWithdrawnFromEarlierOffer { patch.withdrawnFromEarlierOffer = r.withdrawnFromEarlierOffer }
        let change = try ctx.directory.preparePersonUpdate(id: r.id, patch, emailPolicy: ctx.config.emailPolicy)
        return PreparedWrite(change) { d in .personUpdate(d.personView(r.id)) }
    }

    /// As much of the person as the caller may see (`Directory.visibility(ofPerson:to:)`): everything for
    /// admins and the person themselves, a nominee's name, role and school for advisers, else a refusal that
    /// reads the same whether the person exists or not.
    static func personGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let id = ctx.request.personGet.id
        switch ctx.directory.visibility(ofPerson: id, to: ctx.caller) {
        case .full:
            _ = try ctx.directory.requirePerson(id)
            return .personGet(ctx.directory.personView(id))
        case .nominee:
            guard let p = ctx.directory.people[id] else { throw .notFound("no person with id \(id)", field: "id") }
            var v = Peerlink_V1_PersonView()
            v.person.id = p.id
            v.person.name = p.name
            v.person.role = p.role
            v.person.urn = Int32(p.urn)
            v.schoolName = ctx.directory.schools[p.urn]?.name ?? ""
            return .personGet(v)
        case .none:
            throw .forbidden(
                ctx.session.role == .adviser
                    ? "an adviser's token shows people only as nominees (name, role and school); person \(id) is not "
                        + "one you can see"
                    : "a \(role(ctx).rawValue)'s token reaches only their own person record")
        }
    }

    // MARK: Supporters

    static func supporterCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.supporterCreate
        guard r.hasProfile else { throw .badRequest("give the supporter profile", field: "profile") }
        let (change, profile) = try ctx.directory.prepareSupporter(
            try SupporterProfile.draft(wire: r.profile), ids: &ids, now: ctx.now)
        let day = today(ctx)
        return PreparedWrite(change) { d in .supporterCreate(d.supporterView(profile.id, on: day)) }
    }

    static func supporterUpdate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.supporterUpdate
        let change = try ctx.directory.prepareSupporterUpdate(id: r.id, try r.patch(), now: ctx.now)
        let day = today(ctx)
        return PreparedWrite(change) { d in .supporterUpdate(d.supporterView(r.id, on: day)) }
    }

    static func supporterList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        try authorize(.supporterAdministration, .read, ctx)
        let s = ctx.request.supporterList.status
        let status = s.isEmpty ? nil : try parseEnum(s, SupporterStatus.self, field: "status")
        var reply = Peerlink_V1_SupporterListReply()
        let day = today(ctx)
        reply.supporters = ctx.directory.supporters(status: status).map { ctx.directory.supporterView($0.id, on: day) }
        return .supporterList(reply)
    }

    static func supporterGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let id = ctx.request.supporterGet.id
        try authorize(.supporterProfile(id: id), .read, ctx)
        return .supporterGet(ctx.directory.supporterView(id, on: today(ctx)))
    }

    static func supervisionAdd(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite
    {
        let r = ctx.request.supervisionAdd
        try authorize(.supporterProfile(id: r.supporterID), .write, ctx)
        let (change, _) = try ctx.directory.prepareSupervision(
            profileID: r.supporterID, day: try day(r.date, field: "date", ctx),
            minutes: r.minutes == 0 ? 60 : Int(r.minutes), ids: &ids, now: ctx.now)
        let day = today(ctx)
        return PreparedWrite(change) { d in .supervisionAdd(d.supporterView(r.supporterID, on: day)) }
    }

    // MARK: Needs

    static func needsAssess(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.needsAssess
        try authorize(.needs(headID: r.headID), .write, ctx)
        var ratings: [(area: String, rating: NeedsRating)] = []
        for (i, entry) in r.ratings.enumerated() {
            ratings.append((entry.area, try parseNeedsRating(entry.rating, field: "ratings[\(i)].rating")))
        }
        let (change, a) = try ctx.directory.prepareNeedsAssessment(
            headID: r.headID, ratings: ratings, on: try day(r.date, field: "date", ctx), ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            d.peerSupport.assessments[a.id].map { .needsAssess(d.wire($0)) } ?? missingAfterCommit("assessment \(a.id)")
        }
    }

    static func targetAdd(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.targetAdd
        try authorize(.needs(headID: r.headID), .write, ctx)
        guard let due = try parseDay(r.due, field: "due") else {
            throw .badRequest("give the target's due date (YYYY-MM-DD)", field: "due")
        }
        let (change, t) = try ctx.directory.prepareTarget(
            headID: r.headID, area: r.area, text: r.text, due: due, successCriteria: r.successCriteria,
            today: today(ctx), ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            d.peerSupport.targets[t.id].map { .targetAdd($0.wire) } ?? missingAfterCommit("target \(t.id)")
        }
    }

    static func targetReview(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.targetReview
        let target = try ctx.directory.requireTarget(r.targetID, field: "target_id")
        try authorize(.needs(headID: target.headID), .write, ctx)
        let status = r.status.isEmpty ? TargetStatus.open : try parseEnum(r.status, TargetStatus.self, field: "status")
        let (change, _) = try ctx.directory.prepareTargetReview(
            targetID: r.targetID, on: try day(r.date, field: "date", ctx),
            rating: try parseNeedsRating(r.rating, field: "rating"), note: r.note, status: status, ids: &ids,
            now: ctx.now)
        return PreparedWrite(change) { d in
            let progress = d.needsProgress(headID: target.headID).targets.first { $0.target.id == r.targetID }
            return .targetReview(progress?.wire ?? Peerlink_V1_TargetProgress())
        }
    }

    static func needsShow(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let head = ctx.request.needsShow.headID
        try authorize(.needs(headID: head), .read, ctx)
        return .needsShow(ctx.directory.wire(ctx.directory.needsProgress(headID: head)))
    }

    // MARK: Requests and matching

    static func supportRequest(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite
    {
        let r = ctx.request.supportRequest
        try authorize(.newSupportRequest(headID: r.headID), .write, ctx)
        let mode = r.mode.isEmpty ? Mode.online : try parseEnum(r.mode, Mode.self, field: "mode")
        var (change, request) = try ctx.directory.prepareSupportRequest(
            headID: r.headID, concerns: r.concerns.isEmpty ? nil : r.concerns, mode: mode, by: ctx.caller,
            fairUse: ctx.config.fairUse, ids: &ids, now: ctx.now)
        if let mail = ctx.directory.profilesReadyMessage(
            for: request, weights: ctx.config.supporterWeights, ids: &ids, now: ctx.now)
        {
            change.records.append(mail)  // the head's profiles are ready to choose from
        }
        return PreparedWrite(change) { d in .supportRequest(d.supportRequestView(request.id)) }
    }

    static func supporterMatch(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.supporterMatch
        let isHead = role(ctx) == .head
        if isHead {
            try authorize(.supportRequest(id: r.requestID), .read, ctx)
            if r.listExcluded {
                throw .forbidden(
                    "the list of supporters a match removed, and why, is for the admin who runs matching; ask "
                        + "without list_excluded", field: "list_excluded")
            }
        } else {
            try authorize(.supporterAdministration, .read, ctx)
        }
        let weights = try ctx.config.supporterWeights.overriding(r.weights)
        let query = SupporterMatchQuery(
            requestID: r.requestID, strictLA: r.strictLa,
            maxDistanceKm: r.hasMaxDistanceKm ? r.maxDistanceKm : SupporterMatchQuery.defaultMaxDistanceKm,
            limit: r.limit == 0 ? SupporterMatchQuery.defaultLimit : Int(r.limit), weights: weights,
            day: today(ctx), listExcluded: r.listExcluded)
        let result = try ctx.directory.matchSupporters(query)
        // What the head is sent: the profiles the head may then choose to start an engagement with.
        ctx.recordOffers(result.hits.map(\.card.profileID), forRequest: r.requestID)
        var reply = result.wire
        if isHead { reply.excludedCounts = [:] }  // who was left out, and why, is for the admin who runs matching
        return .supporterMatch(reply)
    }

    static func supportDecline(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite
    {
        let r = ctx.request.supportDecline
        try authorize(.supportRequest(id: r.requestID), .write, ctx)
        let change = try ctx.directory.prepareDecline(requestID: r.requestID, profileID: r.supporterID, now: ctx.now)
        return PreparedWrite(change) { d in .supportDecline(d.supportRequestView(r.requestID)) }
    }

    // MARK: Engagements

    static func engagementStart(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementStart
        try authorize(.supportRequest(id: r.requestID), .write, ctx)
        let (change, e) = try ctx.directory.prepareEngagementStart(
            requestID: r.requestID, profileID: r.supporterID, on: try day(r.date, field: "date", ctx),
            strictLA: r.strictLa, by: ctx.caller, offered: ctx.offers(forRequest: r.requestID),
            fairUse: ctx.config.fairUse, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in .engagementStart(engagementReply(e.id, ctx, d)) }
    }

    static func engagementMeeting(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementMeeting
        try authorize(.engagement(id: r.engagementID), .write, ctx)
        guard let start = LocalDateTime(iso: r.start) else {
            throw .badRequest("the meeting's start must be YYYY-MM-DDTHH:MM, got '\(r.start)'", field: "date")
        }
        let mode = r.mode.isEmpty ? Mode.online : try parseEnum(r.mode, Mode.self, field: "mode")
        let (change, _) = try ctx.directory.prepareMeeting(
            engagementID: r.engagementID, start: start, minutes: Int(r.minutes), mode: mode,
            calendar: ctx.directory.calendar, recordedBy: ctx.session.personID, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in .engagementMeeting(engagementReply(r.engagementID, ctx, d)) }
    }

    /// Corrects a meeting: the caller must reach its engagement, and be an admin or its recorder within a day.
    static func engagementMeetingUpdate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementMeetingUpdate
        let meeting = try ctx.directory.requireMeeting(r.meetingID)
        try authorize(.engagement(id: meeting.engagementID), .write, ctx)
        var start: LocalDateTime? = nil
        if !r.start.isEmpty {
            guard let s = LocalDateTime(iso: r.start) else {
                throw .badRequest("the meeting's start must be YYYY-MM-DDTHH:MM, got '\(r.start)'", field: "start")
            }
            start = s
        }
        let (change, _) = try ctx.directory.prepareMeetingUpdate(
            meetingID: r.meetingID, start: start, minutes: r.hasMinutes ? Int(r.minutes) : nil,
            mode: r.mode.isEmpty ? nil : try parseEnum(r.mode, Mode.self, field: "mode"), calendar: ctx.config.calendar,
            personID: ctx.session.personID, role: role(ctx), now: ctx.now)
        return PreparedWrite(change) { d in .engagementMeetingUpdate(engagementReply(meeting.engagementID, ctx, d)) }
    }

    /// Deletes a meeting recorded by mistake (the same people as `engagementMeetingUpdate`).
    static func engagementMeetingDelete(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementMeetingDelete
        let meeting = try ctx.directory.requireMeeting(r.meetingID)
        try authorize(.engagement(id: meeting.engagementID), .write, ctx)
        let change = try ctx.directory.prepareMeetingDelete(
            meetingID: r.meetingID, personID: ctx.session.personID, role: role(ctx), now: ctx.now)
        return PreparedWrite(change) { d in .engagementMeetingDelete(engagementReply(meeting.engagementID, ctx, d)) }
    }

    static func engagementReview(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementReview
        try authorize(.engagement(id: r.engagementID), .write, ctx)
        let decision = try parseEnum(r.decision, ReviewDecision.self, field: "decision")
        var (change, _) = try ctx.directory.prepareEngagementReview(
            engagementID: r.engagementID, on: try day(r.date, field: "date", ctx), decision: decision,
            until: try parseDay(r.until, field: "until"), recordedBy: ctx.session.personID, ids: &ids, now: ctx.now)
        if decision == .close { askForFeedback(&change, r.engagementID, ctx, &ids) }
        return PreparedWrite(change) { d in .engagementReview(engagementReply(r.engagementID, ctx, d)) }
    }

    static func engagementClose(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementClose
        try authorize(.engagement(id: r.engagementID), .write, ctx)
        var change = try ctx.directory.prepareEngagementClose(
            engagementID: r.engagementID, on: try day(r.date, field: "date", ctx), now: ctx.now)
        askForFeedback(&change, r.engagementID, ctx, &ids)
        return PreparedWrite(change) { d in .engagementClose(engagementReply(r.engagementID, ctx, d)) }
    }

    /// Adds to a change that closes the engagement (`engagement_close`, or a review deciding to close) the
    /// head's "feedback requested" email, so every way a cycle closes asks once.
    static func askForFeedback(_ change: inout Change, _ engagementID: Int64, _ ctx: RequestContext, _ ids: inout IDAllocator) {
        if let mail = ctx.directory.feedbackRequestedMessage(engagementID: engagementID, ids: &ids, now: ctx.now) {
            change.records.append(mail)
        }
    }

    static func engagementDue(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        try authorize(.supporterAdministration, .read, ctx)
        var reply = Peerlink_V1_EngagementDueReply()
        let day = try day(ctx.request.engagementDue.date, field: "date", ctx)
        reply.due = ctx.directory.engagementsDue(on: day).map(\.wire)
        return .engagementDue(reply)
    }

    static func engagementGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let id = ctx.request.engagementGet.id
        try authorize(.engagement(id: id), .read, ctx)
        return .engagementGet(engagementReply(id, ctx, ctx.directory))
    }

    static func engagementList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        var reply = Peerlink_V1_EngagementListReply()
        reply.engagements = ctx.directory.visibleEngagements(role: role(ctx), personID: ctx.session.personID)
            .map { engagementReply($0.id, ctx, ctx.directory) }
        return .engagementList(reply)
    }

    // MARK: Feedback, escalation, report

    static func engagementFeedback(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementFeedback
        try authorize(.feedback(engagementID: r.engagementID), .write, ctx)
        let (change, _) = try ctx.directory.prepareFeedback(
            engagementID: r.engagementID, rating: Int(r.rating), comment: r.comment.isEmpty ? nil : r.comment,
            share: r.share, by: ctx.session.personID, now: ctx.now)
        return PreparedWrite(change) { d in
            d.peerSupport.feedback[r.engagementID].map { .engagementFeedback($0.wire) }
                ?? missingAfterCommit("the feedback on engagement \(r.engagementID)")
        }
    }

    static func feedbackGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let f = try ctx.directory.feedback(
            engagementID: ctx.request.feedbackGet.engagementID, role: role(ctx), personID: ctx.session.personID)
        return .feedbackGet(f.wire)
    }

    static func engagementEscalate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.engagementEscalate
        try authorize(.engagement(id: r.engagementID), .write, ctx)
        var (change, x) = try ctx.directory.prepareEscalation(
            engagementID: r.engagementID, contactName: ctx.config.safeguardingContact, by: ctx.session.personID,
            role: role(ctx), ids: &ids, now: ctx.now)
        if let mail = ctx.directory.safeguardingMessage(
            x, contactEmail: ctx.config.safeguardingEmail, ids: &ids, now: ctx.now)
        {
            change.records.append(mail)  // who, when, which engagement; never the concern
        }
        return PreparedWrite(change) { d in
            d.peerSupport.escalations[x.id].map { .engagementEscalate($0.wire) } ?? missingAfterCommit("escalation \(x.id)")
        }
    }

    static func reportQA(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        try authorize(.qaReport, .read, ctx)
        let day = try day(ctx.request.reportQa.date, field: "date", ctx)
        return .reportQa(ctx.directory.peerSupportQAReport(on: day).wire)
    }
}
