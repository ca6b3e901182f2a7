import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkWire

extension WebApp {
    /// Engagements: a supporter's and a head's own (the daemon scopes both), meetings recorded in a form that
    /// shows the boundary rules' refusals beside the fields.
    func addEngagementRoutes(_ router: Router<WebContext>) {
        router.get("/engagements") { _, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let list = try await call(s) { c throws(ClientError) in try c.engagementList() }
                let rows: [[String: Any]] = list.engagements.map { v in
                    let e = v.engagement
                    return [
                        "id": e.id, "start": e.start, "end": e.end, "status": e.status, "meetings": v.meetings.count,
                        "limit": e.meetingLimit,
                    ]
                }
                return pages.page(
                    "engagements", title: "Engagements", ["rows": rows, "none": rows.isEmpty], session: s,
                    flash: takeFlash(context))
            }
        }

        router.get("/engagements/{id}") { _, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                return try await engagementPage(s, id: id, form: Form(values: [:]), errors: FormErrors(), flash: takeFlash(context))
            }
        }

        router.post("/engagements/{id}/meetings") { request, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["date"].isEmpty { errors.add("date", "Enter the date of the meeting, like 2027-03-04") }
                if f["time"].isEmpty { errors.add("time", "Enter the time it starts, like 15:30") }
                let minutes = UInt32(f["minutes"])
                if minutes == nil || minutes == 0 { errors.add("minutes", "Enter how long it lasts in minutes, like 45") }
                let mode = f["mode"]
                if mode != "online" && mode != "in-person" { errors.add("mode", "Choose online or in person") }
                if !errors.isEmpty { return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_EngagementMeetingAdd()
                r.engagementID = id
                r.start = "\(f["date"])T\(f["time"])"
                r.minutes = minutes ?? 0
                r.mode = mode
                do {
                    _ = try await call(s) { [r] c throws(ClientError) in try c.engagementMeeting(r) }
                    setFlash(context, "The meeting on \(f["date"]) at \(f["time"]) is recorded.")
                    return Pages.redirect("/engagements/\(id)")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add(e.field == "minutes" ? "minutes" : e.field == "mode" ? "mode" : "date", e.message)
                    return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil)
                }
            }
        }
    }

    func engagementPage(_ s: WebSession, id: Int64, form f: Form, errors: FormErrors, flash: String?) async throws -> Response {
        var g = Peerlink_V1_EngagementGet()
        g.id = id
        let v = try await call(s) { [g] c throws(ClientError) in try c.engagementGet(g) }
        let e = v.engagement
        var values: [String: Any] = [
            "id": e.id, "start": e.start, "end": e.end, "status": e.status, "limit": e.meetingLimit,
            "active": e.status == "active",
            "meetings": v.meetings.map { ["start": $0.start.replacingOccurrences(of: "T", with: " at "), "minutes": $0.minutes, "mode": $0.mode] },
            "noMeetings": v.meetings.isEmpty,
            "date": f["date"], "time": f["time"], "minutes": f.has("minutes") ? f["minutes"] : "60",
            "online": f["mode"] != "in-person", "inPerson": f["mode"] == "in-person",
        ]
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "engagement", title: (errors.isEmpty ? "" : "Error: ") + "Engagement \(e.id)", values, session: s, flash: flash,
            status: errors.isEmpty ? .ok : .badRequest)
    }
}
