import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// Early-headship cohorts for a head: the cohorts open to apply to, applying and withdrawing, the
    /// application's status and, once groups are formed, their own group and its session dates. The daemon
    /// scopes every reply to the head's own place (`CohortVisibility.ownPlace`): no other applicant appears.
    func addCohortApplicationRoutes(_ router: Router<WebContext>) {
        router.get("/cohorts") { _, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                try await cohortApplicationsPage(s, errors: FormErrors(), flash: takeFlash(context))
            }
        }

        router.post("/cohorts/{id}/apply") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                _ = try await form(request, s)
                var r = Peerlink_V1_CohortApply()
                r.cohort = context.parameters.get("id") ?? ""
                r.personID = s.personID
                do {
                    let p = try await call(s) { [r] c throws(ClientError) in try c.cohortApply(r) }
                    setFlash(
                        context,
                        p.status == "wait-listed"
                            ? "You have applied. The cohort is full, so you are number \(p.waitListPlace) on the wait-list."
                            : "You have applied and are accepted into the cohort."
                    )
                    return Pages.redirect("/cohorts")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add("cohort-\(r.cohort)", e.message)
                    return try await cohortApplicationsPage(s, errors: errors, flash: nil)
                }
            }
        }

        router.post("/cohorts/{id}/withdraw") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                _ = try await form(request, s)
                var r = Peerlink_V1_CohortWithdraw()
                r.cohort = context.parameters.get("id") ?? ""
                r.personID = s.personID
                do {
                    _ = try await call(s) { [r] c throws(ClientError) in try c.cohortWithdraw(r) }
                    setFlash(
                        context,
                        "You have withdrawn your application. You can apply again while the cohort is open."
                    )
                    return Pages.redirect("/cohorts")
                } catch ClientError.server(let e)
                    where e.code == .badRequest || e.code == .conflict || e.code == .notFound
                {
                    var errors = FormErrors()
                    errors.add("cohort-\(r.cohort)", e.message)
                    return try await cohortApplicationsPage(s, errors: errors, flash: nil)
                }
            }
        }
    }

    /// The head's cohorts page: each listed cohort with the head's own place in it, and the head's own record
    /// as the eligibility rules read it. `errors` are keyed `cohort-ID` (an apply or withdraw refused).
    func cohortApplicationsPage(_ s: WebSession, errors: FormErrors, flash: String?) async throws -> Response {
        let me = s.personID
        let (person, cohorts) = try await call(s) { c throws(ClientError) in
            var g = Peerlink_V1_PersonGet()
            g.id = me
            let person = try c.personGet(g)
            var out: [(Peerlink_V1_CohortSummary, Peerlink_V1_CohortView, [Peerlink_V1_CohortSession])] = []
            for summary in try c.cohortList().cohorts {
                var get = Peerlink_V1_CohortGet()
                get.cohort = "\(summary.cohort.id)"
                let view = try c.cohortGet(get)
                var sessions: [Peerlink_V1_CohortSession] = []
                if !view.groups.isEmpty {
                    var r = Peerlink_V1_CohortSessions()
                    r.cohort = get.cohort
                    sessions = try c.cohortSessions(r).sessions
                }
                out.append((summary, view, sessions))
            }
            return (person, out)
        }
        let messages = Dictionary(errors.list.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        let cards: [[String: Any]] = cohorts.map { summary, view, sessions in
            Self.cohortCard(summary, view, sessions, me: me, error: messages["cohort-\(summary.cohort.id)"])
        }
        let p = person.person
        var values: [String: Any] = [
            "cohorts": cards, "none": cards.isEmpty,
            "headshipStart": p.headshipStart.isEmpty ? "not recorded" : p.headshipStart,
            "npqh": ["completed": "completed", "in-progress": "in progress", "none": "not taken"][p.npqh]
                ?? "not recorded",
            "school": person.schoolName,
        ]
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "head-cohorts",
            title: (errors.isEmpty ? "" : "Error: ") + "Early-headship peer groups",
            values,
            session: s,
            flash: flash,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// One cohort for the head's page: its facts, the head's application and, when placed, their group.
    static func cohortCard(
        _ summary: Peerlink_V1_CohortSummary,
        _ view: Peerlink_V1_CohortView,
        _ sessions: [Peerlink_V1_CohortSession],
        me: Int64,
        error: String?
    ) -> [String: Any] {
        let c = summary.cohort
        let mine = (view.participants + view.waitList).first { $0.person.id == me }
        var card: [String: Any] = [
            // The reply's end is the day after the last; people read the last day.
            "id": c.id, "name": c.name, "start": c.start,
            "last": Day(iso: c.end).map { $0.adding(days: -1).description } ?? c.end,
            "sizes": c.minGroupSize == c.maxGroupSize
                ? "\(c.minGroupSize) heads" : "\(c.minGroupSize) to \(c.maxGroupSize) heads",
            "places": c.hasCap
                ? "\(summary.participants) of \(c.cap) places taken"
                    + (summary.participants >= c.cap ? ": new applications join the wait-list" : "")
                : "no limit on places",
            "applied": mine != nil, "notApplied": mine == nil,
        ]
        if let mine {
            card["status"] =
                mine.status == "wait-listed" ? "on the wait-list, number \(mine.waitListPlace)" : "accepted"
        }
        if let error { card["error"] = error }
        if let g = view.groups.first {
            card["group"] =
                [
                    "number": g.number, "phase": g.phase,
                    "facilitator": g.facilitatorName.isEmpty ? "to be confirmed" : g.facilitatorName,
                    "members": g.members.map { m in
                        ["name": m.person.id == me ? "\(m.person.name) (you)" : m.person.name, "school": m.schoolName]
                    },
                    "sessions": sessions.map { x in
                        [
                            "number": x.number, "weekday": x.weekday,
                            "start": x.start.replacingOccurrences(of: "T", with: " at "), "minutes": x.minutes,
                        ]
                    },
                    "noSessions": sessions.isEmpty,
                ] as [String: Any]
        }
        return card
    }
}
