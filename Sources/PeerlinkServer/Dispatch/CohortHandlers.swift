import PeerlinkCore
import PeerlinkWire

/// Handlers for early-headship cohorts (DESIGN §1.4): cohorts, applications and the wait-list, facilitators,
/// group formation and sessions. Admins make every change; advisers read; a head may apply and withdraw only
/// for themselves, and reads cohorts scoped to their own place (`CohortVisibility` in the core's `Authority`):
/// the cohorts open to apply to, their own application, their own group and its sessions, no other applicant.
enum CohortHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("cohort_create", roles: .adminOnly, .write(cohortCreate)),
        OperationSpec("cohort_apply", roles: [.admin, .head], .write(cohortApply)),
        OperationSpec("cohort_withdraw", roles: [.admin, .head], .write(cohortWithdraw)),
        OperationSpec("cohort_facilitator_add", roles: .adminOnly, .write(facilitatorAdd)),
        // Heads read cohorts to apply to and their own place (the web's /cohorts page), scoped in the handler.
        OperationSpec("cohort_get", roles: readers, .read(cohortGet)),
        OperationSpec("cohort_list", roles: readers, .read(cohortList)),
        OperationSpec("cohort_form", roles: .adminOnly, .write(cohortForm)),
        OperationSpec("cohort_plan", roles: .staff, cost: .slow, .read(cohortPlan)),
        OperationSpec("cohort_sessions", roles: readers, .read(cohortSessions)),
    ]

    /// Who may read cohorts; what each sees is `Directory.cohortVisibility(to:)`.
    static let readers: Set<Role> = [.admin, .adviser, .head]

    static func cohortCreate(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let draft = try CohortDraft(wire: ctx.request.cohortCreate)
        let (change, cohort) = try ctx.directory.prepareCohort(draft, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in .cohortCreate(d.cohorts.cohorts[cohort.id]?.wire ?? cohort.wire) }
    }

    /// The head an apply or withdraw is for: a head's token acts only for its own person (and may leave the
    /// id out); an admin must name the head.
    static func headFor(_ personID: Int64, _ ctx: RequestContext) throws(PeerlinkError) -> Int64 {
        try ctx.directory.authorize(.cohortPlace(headID: personID), by: ctx.caller)
        guard ctx.session.role == .head, let me = ctx.session.personID else {
            guard personID > 0 else { throw .badRequest("give the head's person id", field: "person_id") }
            return personID
        }
        return me
    }

    static func cohortApply(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.cohortApply
        let head = try headFor(r.personID, ctx)
        let (change, application) = try ctx.directory.prepareCohortApplication(
            cohort: r.cohort, personID: head, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in
            .cohortApply(d.cohortParticipantView(d.cohorts.applications[application.id] ?? application))
        }
    }

    static func cohortWithdraw(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.cohortWithdraw
        let head = try headFor(r.personID, ctx)
        let cohort = try ctx.directory.requireCohort(r.cohort)
        let (change, promoted) = try ctx.directory.prepareCohortWithdrawal(
            cohort: r.cohort, personID: head, now: ctx.now)
        return PreparedWrite(change) { d in
            var reply = Peerlink_V1_CohortWithdrawReply()
            if let a = d.cohorts.application(cohortID: cohort.id, personID: head) {
                reply.withdrawn = d.cohortParticipantView(a)
            }
            if let p = promoted, let a = d.cohorts.applications[p.id] { reply.promoted = d.cohortParticipantView(a) }
            return .cohortWithdraw(reply)
        }
    }

    static func facilitatorAdd(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.cohortFacilitatorAdd
        guard r.personID > 0 else { throw .badRequest("give the facilitator's person id", field: "person_id") }
        let (change, facilitator) = try ctx.directory.prepareFacilitator(
            cohort: r.cohort, personID: r.personID, maxGroups: Int(r.maxGroups), ids: &ids)
        return PreparedWrite(change) { d in
            .cohortFacilitatorAdd(d.cohortFacilitatorView(d.cohorts.facilitators[facilitator.id] ?? facilitator))
        }
    }

    static func cohortGet(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let visibility = try ctx.directory.cohortVisibility(to: ctx.caller)
        let cohort = try ctx.directory.requireCohort(ctx.request.cohortGet.cohort)
        var view = ctx.directory.cohortView(cohort)
        switch visibility {
        case .full: break
        case .namesOnly:
            view.participants = view.participants.map { scoped($0) }
            view.waitList = view.waitList.map { scoped($0) }
            view.facilitators = view.facilitators.map { f in
                var f = f
                f.person = scoped(f.person)
                return f
            }
            view.groups = view.groups.map { scoped($0) }
        case .ownPlace(let me):
            // Their own application in full; nobody else's, no facilitator list, no withdrawn count.
            view.participants = view.participants.filter { $0.person.id == me }
            view.waitList = view.waitList.filter { $0.person.id == me }
            view.facilitators = []
            view.withdrawn = 0
            let own = ctx.directory.cohortGroup(of: me, cohortID: cohort.id)?.id
            view.groups = view.groups.filter { $0.id == own }.map { groupAsMemberSeesIt($0, me: me) }
        }
        return .cohortGet(view)
    }

    /// A head's own group: their own entry as it is, each other member as the group email names them (name
    /// and school, with the school's phase); no application details, email or headship facts of anyone else.
    static func groupAsMemberSeesIt(_ g: Peerlink_V1_CohortGroup, me: Int64) -> Peerlink_V1_CohortGroup {
        var g = g
        g.members = g.members.map { m in
            guard m.person.id != me else { return m }
            var w = Peerlink_V1_CohortParticipant()
            w.person.name = m.person.name
            w.person.urn = m.person.urn
            w.schoolName = m.schoolName
            w.phase = m.phase
            return w
        }
        return g
    }

    // MARK: What advisers see of people

    /// A person in a cohort reply as an adviser sees them: name, role and school, never their email,
    /// headship start or NPQH status (`Authority`: advisers see people only as far as their work needs).
    static func scoped(_ p: Peerlink_V1_Person) -> Peerlink_V1_Person {
        var w = Peerlink_V1_Person()
        w.id = p.id
        w.name = p.name
        w.urn = p.urn
        w.role = p.role
        return w
    }

    static func scoped(_ c: Peerlink_V1_CohortParticipant) -> Peerlink_V1_CohortParticipant {
        var c = c
        c.person = scoped(c.person)
        return c
    }

    static func scoped(_ g: Peerlink_V1_CohortGroup) -> Peerlink_V1_CohortGroup {
        var g = g
        g.members = g.members.map { scoped($0) }
        return g
    }

    static func cohortList(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let visibility = try ctx.directory.cohortVisibility(to: ctx.caller)
        var reply = Peerlink_V1_CohortListReply()
        reply.cohorts = ctx.directory.cohortsListed(for: visibility, today: LondonTime.day(atUnixSeconds: ctx.now))
            .map { ctx.directory.cohortSummary($0) }
        return .cohortList(reply)
    }

    /// Forms the groups and plans sessions against the daemon's calendar, then stores them with their emails.
    static func cohortForm(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.cohortForm
        var (change, plan) = try ctx.directory.prepareCohortFormation(
            cohort: r.cohort, seed: r.seed, keep: r.keep, calendar: ctx.directory.calendar, ids: &ids, now: ctx.now)
        // Each member and facilitator of a new or changed group: their group and its session dates.
        change.records += ctx.directory.cohortGroupMessages(plan, ids: &ids, now: ctx.now)
        return PreparedWrite(change) { d in .cohortForm(d.cohortFormReply(plan, stored: true)) }
    }

    /// `cohort form --dry-run`: the same forming, answered without storing anything.
    static func cohortPlan(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let r = ctx.request.cohortPlan
        let plan = try ctx.directory.planCohortFormation(
            cohort: r.cohort, seed: r.seed, keep: r.keep, calendar: ctx.directory.calendar, now: ctx.now)
        var reply = ctx.directory.cohortFormReply(plan, stored: false)
        if ctx.session.role != .admin { reply.groups = reply.groups.map { scoped($0) } }
        return .cohortPlan(reply)
    }

    /// Every group's sessions for staff; a head's own group's only (none before they are placed).
    static func cohortSessions(_ ctx: RequestContext) throws(PeerlinkError) -> WireResponse.OneOf_Result {
        let visibility = try ctx.directory.cohortVisibility(to: ctx.caller)
        let cohort = try ctx.directory.requireCohort(ctx.request.cohortSessions.cohort)
        var reply = ctx.directory.cohortSessionsReply(cohort)
        if case .ownPlace(let me) = visibility {
            let own = ctx.directory.cohortGroup(of: me, cohortID: cohort.id).map { UInt32($0.number) }
            reply.sessions = reply.sessions.filter { $0.groupNumber == own }
        }
        return .cohortSessions(reply)
    }
}
