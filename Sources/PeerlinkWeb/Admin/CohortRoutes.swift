import Foundation
import Hummingbird
import NIOCore
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// Early-headship cohorts: list and create, a cohort's applicants and facilitators, the grouping previewed
    /// (`cohort_plan`) and then formed (`cohort_form`, which emails every member and facilitator), and the sessions.
    /// A cohort is named in these addresses by its id.
    func addCohortRoutes(_ router: Router<WebContext>) {
        router.get("/admin/cohorts") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                try await cohortsPage(s, form: Form(values: [:]), errors: FormErrors(), flash: takeFlash(context))
            }
        }

        router.post("/admin/cohorts") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["name"].isEmpty { errors.add("name", "Enter the cohort's name, like Spring 2027") }
                let cap = UInt32(f["cap"])
                if !f["cap"].isEmpty, cap == nil {
                    errors.add(
                        "cap",
                        "Enter the most participants as a whole number like 30, or leave it empty for an open cohort"
                    )
                }
                let low = UInt32(f["min_group_size"]), high = UInt32(f["max_group_size"])
                if low == nil || high == nil {
                    errors.add(
                        "group_size",
                        "Enter the smallest and largest group sizes as whole numbers, like 4 and 6"
                    )
                }
                if f["start"].isEmpty { errors.add("start", "Enter the cohort's first day, like 2027-01-04") }
                if !errors.isEmpty { return try await cohortsPage(s, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_CohortCreate()
                r.name = f["name"]
                if let cap { r.cap = cap }
                r.minGroupSize = low ?? 0
                r.maxGroupSize = high ?? 0
                r.start = f["start"]
                r.sessionStart = f["session_start"]
                r.sessionDays = f.all("session_days")
                do {
                    let c = try await call(s) { [r] c throws(ClientError) in try c.cohortCreate(r) }
                    setFlash(context, "Cohort \(c.name) is created, from \(c.start) to \(c.end). Heads can now apply.")
                    return Pages.redirect("/admin/cohorts/\(c.id)")
                } catch ClientError.server(let e) where Self.isFormRefusal(e) {
                    guard let field = Self.formField(e, Self.cohortFields, fallback: "name") else {
                        throw ClientError.server(e)
                    }
                    var errors = FormErrors()
                    errors.add(field, e.message)
                    return try await cohortsPage(s, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.get("/admin/cohorts/{id}") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                try await cohortPage(
                    s,
                    cohort: context.parameters.get("id") ?? "",
                    form: Form(values: [:]),
                    errors: FormErrors(),
                    flash: takeFlash(context)
                )
            }
        }

        router.post("/admin/cohorts/{id}/facilitators") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let cohort = context.parameters.get("id") ?? ""
                let f = try await form(request, s)
                var errors = FormErrors()
                let person = Int64(f["person_id"])
                if person == nil || person! <= 0 {
                    errors.add("person_id", "Enter the facilitator's person id, a number like 12")
                }
                let most = UInt32(f["max_groups"])
                if most == nil { errors.add("max_groups", "Enter the most groups they take, a whole number like 2") }
                if !errors.isEmpty {
                    return try await cohortPage(s, cohort: cohort, form: f, errors: errors, flash: nil)
                }
                var r = Peerlink_V1_CohortFacilitatorAdd()
                r.cohort = cohort
                r.personID = person ?? 0
                r.maxGroups = most ?? 0
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.cohortFacilitatorAdd(r) }
                    setFlash(context, "\(v.person.name) facilitates up to \(v.maxGroups) groups in this cohort.")
                    return Pages.redirect("/admin/cohorts/\(cohort)")
                } catch ClientError.server(let e) where Self.isFormRefusal(e) {
                    guard
                        let field = Self.formField(
                            e,
                            ["person_id", "max_groups"],
                            aliases: ["person": "person_id"],
                            fallback: "person_id"
                        )
                    else { throw ClientError.server(e) }
                    var errors = FormErrors()
                    errors.add(field, e.message)
                    return try await cohortPage(s, cohort: cohort, form: f, errors: errors, flash: nil)
                }
            }
        }

        // The preview: the same forming as `cohort form --dry-run`, nothing stored, with a button that forms
        // exactly these groups (same seed and choice to keep).
        router.get("/admin/cohorts/{id}/plan") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let p = request.uri.queryParameters
                return try await planPage(
                    s,
                    cohort: context.parameters.get("id") ?? "",
                    seedText: (p.get("seed") ?? "0").trimmingCharacters(in: .whitespaces),
                    keep: p.get("keep") == "yes",
                    errors: FormErrors()
                )
            }
        }

        router.post("/admin/cohorts/{id}/form") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let cohort = context.parameters.get("id") ?? ""
                let f = try await form(request, s)
                guard let seed = UInt64(f["seed"].isEmpty ? "0" : f["seed"]) else {
                    var errors = FormErrors()
                    errors.add("seed", "Enter the seed as a whole number like 0")
                    return try await planPage(
                        s,
                        cohort: cohort,
                        seedText: f["seed"],
                        keep: f["keep"] == "yes",
                        errors: errors
                    )
                }
                var r = Peerlink_V1_CohortForm()
                r.cohort = cohort
                r.seed = seed
                r.keep = f["keep"] == "yes"
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.cohortForm(r) }
                    let q = v.quality
                    setFlash(
                        context,
                        "The groups of \(v.cohort.name) are formed: \(Self.count(Int(q.groupsFormed), "group")), "
                            + "\(q.placed) placed, \(q.unplaced) not placed, \(Self.count(Int(v.sessionsPlanned), "session")) planned. "
                            + "Each member and facilitator whose group or dates changed has been emailed."
                    )
                    return Pages.redirect("/admin/cohorts/\(v.cohort.id)")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add("form-groups", e.message)
                    return try await planPage(s, cohort: cohort, seedText: "\(seed)", keep: r.keep, errors: errors)
                }
            }
        }

        // The planned sessions in time order; `format=ics` downloads them for a calendar (`cohort sessions --ics`).
        router.get("/admin/cohorts/{id}/sessions") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                var r = Peerlink_V1_CohortSessions()
                r.cohort = context.parameters.get("id") ?? ""
                let v = try await call(s) { [r] c throws(ClientError) in try c.cohortSessions(r) }
                if request.uri.queryParameters.get("format") == "ics" {
                    let text = ICalendar.document(
                        name: v.cohort.name,
                        events: v.calendarEvents,
                        stamp: Int64(Date().timeIntervalSince1970)
                    )
                    var headers = HTTPFields()
                    headers[.contentType] = "text/calendar; charset=utf-8"
                    headers[.contentDisposition] =
                        "attachment; filename=\"peerlink-cohort-\(v.cohort.id)-sessions.ics\""
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
                }
                let rows: [[String: Any]] = v.sessions.map {
                    [
                        "group": $0.groupNumber, "number": $0.number, "weekday": $0.weekday,
                        "start": $0.start.replacingOccurrences(of: "T", with: " "), "minutes": $0.minutes,
                        "facilitator": $0.facilitatorName.isEmpty ? "to be confirmed" : $0.facilitatorName,
                    ]
                }
                return pages.page(
                    "cohort-sessions",
                    title: "Sessions: \(v.cohort.name)",
                    ["id": v.cohort.id, "name": v.cohort.name, "rows": rows, "none": rows.isEmpty],
                    session: s,
                    flash: takeFlash(context)
                )
            }
        }
    }

    /// The create form's fields, named as the daemon names them in its refusals.
    static let cohortFields: Set<String> = ["name", "cap", "group_size", "start", "session_start", "session_days"]

    /// `1 group`, `3 groups`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The list of cohorts and the form to create one.
    func cohortsPage(_ s: WebSession, form f: Form, errors: FormErrors, flash: String?) async throws -> Response {
        let list = try await call(s) { c throws(ClientError) in try c.cohortList() }
        let rows: [[String: Any]] = list.cohorts.map { x in
            let c = x.cohort
            return [
                "id": c.id, "name": c.name, "start": c.start, "end": c.end, "cap": c.hasCap ? "\(c.cap)" : "no cap",
                "sizes": "\(c.minGroupSize) to \(c.maxGroupSize)", "participants": x.participants,
                "waitListed": x.waitListed, "groups": x.groups,
            ]
        }
        let days = Set(f.all("session_days"))
        var v: [String: Any] = [
            "rows": rows, "none": rows.isEmpty, "name": f["name"], "cap": f["cap"],
            "min_group_size": f.has("min_group_size") ? f["min_group_size"] : "4",
            "max_group_size": f.has("max_group_size") ? f["max_group_size"] : "6",
            "lowest": Directory.cohortGroupSizes.lowerBound, "highest": Directory.cohortGroupSizes.upperBound,
            "start": f["start"], "session_start": f["session_start"],
            "days": [
                ("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
            ].map {
                ["value": $0.0, "label": $0.1, "checked": days.contains($0.0)]
            },
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "cohorts",
            title: (errors.isEmpty ? "" : "Error: ") + "Cohorts",
            v,
            session: s,
            flash: flash,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// A cohort: its applicants (accepted, then the wait-list), facilitators with the form to add one, and groups.
    func cohortPage(_ s: WebSession, cohort: String, form f: Form, errors: FormErrors, flash: String?) async throws
        -> Response
    {
        var r = Peerlink_V1_CohortGet()
        r.cohort = cohort
        let v = try await call(s) { [r] c throws(ClientError) in try c.cohortGet(r) }
        let c = v.cohort
        func applicant(_ p: Peerlink_V1_CohortParticipant) -> [String: Any] {
            [
                "position": p.position, "place": p.waitListPlace, "personID": p.person.id, "name": p.person.name,
                "school": p.schoolName, "la": p.laName, "region": p.region,
                "phase": p.phase.isEmpty ? "none given" : p.phase,
            ]
        }
        var values: [String: Any] = [
            "id": c.id, "name": c.name, "start": c.start, "end": c.end,
            "cap": c.hasCap ? "\(c.cap) participants; later applicants are wait-listed" : "none (an open cohort)",
            "sizes": "\(c.minGroupSize) to \(c.maxGroupSize) heads",
            "sessionStart": c.sessionStart.isEmpty ? "chosen by the planner, nearest midday" : c.sessionStart,
            "sessionDays": c.sessionDays.isEmpty ? "any weekday" : c.sessionDays.joined(separator: ", "),
            "participants": v.participants.map(applicant), "participantCount": v.participants.count,
            "noParticipants": v.participants.isEmpty,
            "waitList": v.waitList.map(applicant), "hasWaitList": !v.waitList.isEmpty, "withdrawn": v.withdrawn,
            "hasWithdrawn": v.withdrawn > 0,
            "facilitators": v.facilitators.map {
                [
                    "personID": $0.person.id, "name": $0.person.name, "school": $0.schoolName, "groups": $0.groups,
                    "maxGroups": $0.maxGroups,
                ]
            },
            "noFacilitators": v.facilitators.isEmpty,
            "groups": v.groups.map(Self.groupValues), "hasGroups": !v.groups.isEmpty,
            "person_id": f["person_id"], "max_groups": f.has("max_groups") ? f["max_groups"] : "2",
            "maxGroupsAllowed": Facilitator.maximumGroups,
        ]
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "cohort",
            title: (errors.isEmpty ? "" : "Error: ") + "Cohort: \(c.name)",
            values,
            session: s,
            flash: flash,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// A group as the cohort, plan and form pages show it: members with their school and authority.
    static func groupValues(_ g: Peerlink_V1_CohortGroup) -> [String: Any] {
        [
            "number": g.number, "phase": g.phase, "size": g.members.count,
            "members": g.members.map { ["name": $0.person.name, "school": $0.schoolName, "la": $0.laName] },
            "facilitator": g.hasFacilitatorID ? g.facilitatorName : "none found",
            "sameLA": g.sameLaPairs, "sameRegion": g.sameRegionPairs, "score": g.score,
        ]
    }

    /// The preview of forming the groups with `seedText` (a number) and `keep`, and the button to form them.
    func planPage(_ s: WebSession, cohort: String, seedText: String, keep: Bool, errors given: FormErrors) async throws
        -> Response
    {
        var errors = given
        var values: [String: Any] = ["id": cohort, "seed": seedText, "keep": keep]
        if let seed = UInt64(seedText.isEmpty ? "0" : seedText) {
            var r = Peerlink_V1_CohortForm()
            r.cohort = cohort
            r.seed = seed
            r.keep = keep
            let v = try await call(s) { [r] c throws(ClientError) in try c.cohortPlan(r) }
            let q = v.quality
            values.merge([
                "id": v.cohort.id, "name": v.cohort.name, "seed": "\(seed)", "planned": true,
                "groupsFormed": q.groupsFormed, "placed": q.placed, "unplaced": q.unplaced,
                "sameLA": q.sameLaPairs, "sameRegion": q.sameRegionPairs,
                "worst": q.hasWorstGroupScore ? "\(q.worstGroupScore) out of 100" : "no group formed",
                "withoutFacilitator": q.groupsWithoutFacilitator, "keptMembers": q.keptMembers,
                "groups": v.groups.map(Self.groupValues), "hasGroups": !v.groups.isEmpty,
                "unplacedList": v.unplaced.map {
                    [
                        "name": $0.name.isEmpty ? "Person \($0.personID)" : $0.name, "personID": $0.personID,
                        "reason": $0.reason,
                    ]
                },
                "hasUnplaced": !v.unplaced.isEmpty, "notes": v.notes,
                "sessionsPlanned": v.sessionsPlanned, "sessionsKept": v.sessionsKept, "hasKept": v.sessionsKept > 0,
                "unscheduled": v.unscheduled.map { ["group": $0.groupNumber, "reason": $0.reason] },
                "hasUnscheduled": !v.unscheduled.isEmpty, "canForm": q.groupsFormed > 0,
            ]) { _, b in b }
        } else {
            errors.add("seed", "Enter the seed as a whole number like 0")
        }
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "cohort-plan",
            title: (errors.isEmpty ? "" : "Error: ") + "Preview the groups",
            values,
            session: s,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }
}
