import Foundation
import Hummingbird
import HummingbirdAuth
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// Asking for help in an area (a school-to-school link request): the form, the school's open requests
    /// (each can be cancelled) and the links made for it. A head reaches only their own school: the daemon
    /// refuses another URN and another school's request (`Authority`'s `schoolLinks`).
    func addHelpRequestRoutes(_ router: Router<WebContext>) {
        router.get("/help") { _, context -> Response in
            await signedIn(context, roles: ["head"]) { s in Pages.redirect("/schools/\(s.urn)/help") }
        }

        router.get("/schools/{urn}/help") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let urn = Int32(context.parameters.get("urn") ?? "") ?? 0
                return try await helpPage(
                    s,
                    urn: urn,
                    form: Form(values: [:]),
                    errors: FormErrors(),
                    flash: takeFlash(context)
                )
            }
        }

        router.post("/schools/{urn}/help") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let urn = Int32(context.parameters.get("urn") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["area"].isEmpty { errors.add("area", "Choose the area your school needs help in") }
                if !Self.linkModes.contains(f["mode"]) { errors.add("mode", "Choose in person, online or either") }
                if !errors.isEmpty { return try await helpPage(s, urn: urn, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_LinkRequestCreate()
                r.urn = urn
                r.area = f["area"]
                r.mode = f["mode"]
                r.notes = f["notes"]
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.linkRequest(r) }
                    setFlash(
                        context,
                        "You asked for help in \(v.areaName.isEmpty ? v.area : v.areaName). An adviser will look for a school that can help (request \(v.id))."
                    )
                    return Pages.redirect("/schools/\(urn)/help")
                } catch ClientError.server(let e)
                    where e.code == .badRequest || e.code == .conflict || (e.code == .notFound && e.field == "area")
                {
                    var errors = FormErrors()
                    errors.add(Self.helpField(e.field ?? ""), e.message)
                    return try await helpPage(s, urn: urn, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.post("/link-requests/{id}/cancel") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                _ = try await form(request, s)
                var r = Peerlink_V1_LinkRequestCancel()
                r.id = Int64(context.parameters.get("id") ?? "") ?? 0
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.linkRequestCancel(r) }
                    setFlash(
                        context,
                        "Your request for help in \(v.areaName.isEmpty ? v.area : v.areaName) is cancelled."
                    )
                    return Pages.redirect("/schools/\(v.urn)/help")
                } catch ClientError.server(let e) where e.code == .conflict {
                    // Already linked or cancelled (two tabs, or an adviser linked it meanwhile): say so on the list.
                    setFlash(context, "Request \(r.id) was not cancelled: \(e.message).")
                    return Pages.redirect(s.role == "head" ? "/help" : "/links")
                }
            }
        }
    }

    /// The modes a link request takes, as the form's radios send them.
    static let linkModes: Set<String> = ["in-person", "online", "any"]

    /// The form field a daemon refusal of `link_request` belongs beside.
    static func helpField(_ daemonField: String) -> String {
        switch daemonField {
        case "notes", "mode": daemonField
        default: "area"
        }
    }

    /// The help page: the school's open requests and links (read first, so the daemon's scoping decides
    /// before anything else is read), then the form with `form`'s values and `errors` beside the fields.
    func helpPage(_ s: WebSession, urn: Int32, form f: Form, errors: FormErrors, flash: String?) async throws
        -> Response
    {
        let (list, school, areas) = try await call(s) { c throws(ClientError) in
            var l = Peerlink_V1_LinkList()
            l.urn = urn
            let list = try c.linkList(l)
            var g = Peerlink_V1_SchoolGet()
            g.urn = urn
            return (list, try c.schoolGet(g), try c.areaList())
        }
        let requests: [[String: Any]] = list.requests.filter { $0.status == "open" }.map {
            [
                "id": $0.id, "area": $0.areaName.isEmpty ? $0.area : $0.areaName, "mode": Self.modeLabel($0.mode),
                "notes": $0.notes, "asked": Self.dayText($0.createdAt),
            ]
        }
        func linkRow(_ l: Peerlink_V1_LinkView) -> [String: Any] {
            var row: [String: Any] = [
                "id": l.id, "area": l.areaName.isEmpty ? l.area : l.areaName, "mode": Self.modeLabel(l.mode),
                "nominee": l.nomineeName, "nomineeSchool": l.nomineeSchoolName, "requester": l.requesterName,
                "status": l.status == "open" ? "Open" : "Closed", "made": Self.dayText(l.createdAt),
            ]
            if !l.outcome.isEmpty { row["outcome"] = l.outcome }
            return row
        }
        let received = list.links.filter { $0.requesterUrn == urn }.map(linkRow)
        let given = list.links.filter { $0.nomineeUrn == urn }.map(linkRow)
        let chosen = f["area"]
        let kinds: [(String, String)] = [
            ("subject", "Subjects"), ("standard", "Leadership standards"), ("theme", "Leadership themes"),
        ]
        let groups: [[String: Any]] = kinds.map { kind, label in
            [
                "label": label,
                "options": areas.areas.filter { $0.kind == kind }.map {
                    ["id": $0.id, "name": $0.name, "selected": $0.id == chosen]
                },
            ]
        }
        let mode = f.has("mode") ? f["mode"] : "any"
        var v: [String: Any] = [
            "urn": urn, "school": school.name, "groups": groups, "notes": f["notes"],
            "inPerson": mode == "in-person", "online": mode == "online", "either": mode == "any",
            "requests": requests, "hasRequests": !requests.isEmpty,
            "received": received, "hasReceived": !received.isEmpty, "given": given, "hasGiven": !given.isEmpty,
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "help",
            title: (errors.isEmpty ? "" : "Error: ") + "Ask for help in an area",
            v,
            session: s,
            flash: flash,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// "in-person" → "In person", as the form's labels say it.
    static func modeLabel(_ mode: String) -> String {
        switch mode {
        case "in-person": "In person"
        case "online": "Online"
        default: "Either"
        }
    }

    /// A unix time as the day it fell on in London, like "3 March 2026".
    static func dayText(_ seconds: Int64) -> String { dayText(LondonTime.day(atUnixSeconds: seconds)) }

    /// A day as people write it, like "3 March 2026".
    static func dayText(_ d: Day) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(d.day) \(months[d.month - 1]) \(d.year)"
    }
}
