import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// A supporter's own pages: their profile and whether a match may offer them to heads now (and why not),
    /// their supervision meetings, and raising a safeguarding concern from an engagement (heads too).
    ///
    /// Every record is read with the signed-in person's token: `supporter_get` gives a supporter only their own
    /// profile (`Authority.swift`), `engagement_get`/`engagement_escalate` only their own engagements. Eligibility
    /// and the other reasons a profile is not offered come from the daemon's reply, written by the rules that
    /// the match itself uses; the web decides none of them. Supervision meetings are recorded by the authority
    /// (`supervision_add` is admin-only): a supporter cannot certify their own supervision.
    func addSupporterRoutes(_ router: Router<WebContext>) {
        router.get("/profile") { _, context -> Response in
            await signedIn(context, roles: ["supporter"]) { s in
                guard let id = try await ownProfileID(s) else { return noProfile(s) }
                return try await supporterPage(s, id: id, flash: takeFlash(context))
            }
        }

        router.get("/supporters/{id}") { _, context -> Response in
            await signedIn(context, roles: ["supporter", "admin"]) { s in
                try await supporterPage(s, id: Int64(context.parameters.get("id") ?? "") ?? 0, flash: takeFlash(context))
            }
        }

        router.get("/supervision") { _, context -> Response in
            await signedIn(context, roles: ["supporter"]) { s in
                guard let id = try await ownProfileID(s) else { return noProfile(s) }
                return try await supervisionPage(s, id: id)
            }
        }

        router.get("/supporters/{id}/supervision") { _, context -> Response in
            await signedIn(context, roles: ["supporter", "admin"]) { s in
                try await supervisionPage(s, id: Int64(context.parameters.get("id") ?? "") ?? 0)
            }
        }

        router.get("/engagements/{id}/concern") { _, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                return try await concernPage(s, id: id, errors: FormErrors(), flash: takeFlash(context))
            }
        }

        router.post("/engagements/{id}/concern") { request, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["confirm"] != "yes" {
                    errors.add("confirm", "Confirm that you want the safeguarding contact to get in touch with you")
                }
                if !errors.isEmpty { return try await concernPage(s, id: id, errors: errors, flash: nil) }
                var r = Peerlink_V1_EngagementEscalate()
                r.engagementID = id
                do {
                    let x = try await call(s) { [r] c throws(ClientError) in try c.engagementEscalate(r) }
                    setFlash(
                        context,
                        "Your concern was raised on \(Self.londonTime(x.raisedAt)). \(x.contact) has been told and will "
                            + "contact you.")
                    return Pages.redirect("/engagements/\(id)/concern")
                } catch ClientError.server(let e) where e.code == .unavailable && e.message.contains("safeguarding") {
                    // No contact is configured: say so by the form instead of "peerlink is not available".
                    var errors = FormErrors()
                    errors.add("confirm", "The concern could not be raised: \(e.message). Contact your authority's safeguarding lead directly.")
                    return try await concernPage(s, id: id, errors: errors, flash: nil)
                }
            }
        }
    }

    /// The signed-in person's supporter profile id (`person_get` names it), nil when they have none.
    func ownProfileID(_ s: WebSession) async throws -> Int64? {
        var g = Peerlink_V1_PersonGet()
        g.id = s.personID
        let person = try await call(s) { [g] c throws(ClientError) in try c.personGet(g) }
        return person.supporterID > 0 ? person.supporterID : nil
    }

    func noProfile(_ s: WebSession) -> Response {
        pages.page(
            "problem", title: "You have no supporter profile yet",
            [
                "heading": "You have no supporter profile yet",
                "text": "The authority has not added your supporter profile. Ask your administrator to add it.",
            ], session: s, status: .notFound)
    }

    /// The profile, its area names, and whether it may be offered to heads now, as the daemon's rules say.
    func supporterPage(_ s: WebSession, id: Int64, flash: String?) async throws -> Response {
        var g = Peerlink_V1_SupporterGet()
        g.id = id
        let (v, areas) = try await call(s) { [g] c throws(ClientError) in
            let v = try c.supporterGet(g)  // first: the daemon's scoping decides before anything else is read
            return (v, try c.areaList())
        }
        let names = Dictionary(areas.areas.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let p = v.profile
        let last = v.supervision.map(\.date).max()
        let values: [String: Any] = [
            "id": p.id, "name": v.person.name, "school": v.schoolName, "urn": v.person.urn,
            "own": s.role == "supporter", "summary": p.summary,
            "skills": p.skills.map { names[$0] ?? $0 },
            "regions": p.regionsServed.isEmpty ? "None recorded" : p.regionsServed.joined(separator: ", "),
            "capacity": p.capacity, "active": v.activeEngagements, "status": Self.statusWords(p.status),
            "headshipStart": v.person.headshipStart.isEmpty ? "Not recorded" : v.person.headshipStart,
            "training": p.trainingCompleted.isEmpty ? "Not completed" : "Completed on \(p.trainingCompleted)",
            "coaching": p.coachingRecord.isEmpty ? "None recorded" : p.coachingRecord,
            "localProcesses": p.knowsLocalProcesses ? "Confirmed" : "Not confirmed",
            "inspection": v.inspectionBasis.isEmpty ? "None recorded" : v.inspectionBasis,
            "offerable": v.offerable, "reasons": v.notOfferedReasons,
            "supervisionCount": v.supervision.count == 1 ? "1 supervision meeting" : "\(v.supervision.count) supervision meetings", "lastSupervision": last ?? "",
            "hasSupervision": last != nil,
        ]
        return pages.page(
            "supporter-profile", title: s.role == "supporter" ? "My supporter profile" : "Supporter profile \(p.id)",
            values, session: s, flash: flash)
    }

    func supervisionPage(_ s: WebSession, id: Int64) async throws -> Response {
        var g = Peerlink_V1_SupporterGet()
        g.id = id
        let v = try await call(s) { [g] c throws(ClientError) in try c.supporterGet(g) }
        let rows: [[String: Any]] = v.supervision.sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map {
            ["date": $0.date, "minutes": $0.minutes, "recorded": LondonTime.day(atUnixSeconds: $0.recordedAt).description]
        }
        return pages.page(
            "supervision", title: "Supervision meetings",
            [
                "id": id, "name": v.person.name, "own": s.role == "supporter", "rows": rows, "none": rows.isEmpty,
                "last": rows.first?["date"] ?? "",
            ], session: s)
    }

    func concernPage(_ s: WebSession, id: Int64, errors: FormErrors, flash: String?) async throws -> Response {
        var g = Peerlink_V1_EngagementGet()
        g.id = id
        let v = try await call(s) { [g] c throws(ClientError) in try c.engagementGet(g) }
        let raised: [[String: Any]] = v.escalations.map { x in
            let by =
                x.hasRaisedBy && x.raisedBy == s.personID
                ? "you" : x.raisedByRole == "admin" ? "an administrator" : "the \(x.raisedByRole)"
            return ["when": Self.londonTime(x.raisedAt), "contact": x.contact, "by": by]
        }
        var values: [String: Any] = [
            "id": v.engagement.id, "raised": raised, "hasRaised": !raised.isEmpty,
        ]
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "concern", title: (errors.isEmpty ? "" : "Error: ") + "Raise a concern: engagement \(v.engagement.id)", values,
            session: s, flash: flash, status: errors.isEmpty ? .ok : .badRequest)
    }

    /// Unix seconds as the day and time in England, like "2027-03-04 at 15:30".
    static func londonTime(_ t: Int64) -> String {
        LondonTime.localDateTime(atUnixSeconds: t).description.replacingOccurrences(of: "T", with: " at ")
    }

    static func statusWords(_ status: String) -> String {
        switch status {
        case "active": "Active: taking new heads"
        case "paused": "Paused: not taking new heads for now"
        case "retired": "Retired from the scheme"
        default: status
        }
    }
}

extension Navigation {
    /// The supporter's links at the top of every page.
    static let supporter: [[String: String]] = [
        ["href": "/engagements", "label": "My engagements"], ["href": "/profile", "label": "My profile"],
        ["href": "/supervision", "label": "Supervision"],
    ]
}
