import Foundation
import Hummingbird
import HummingbirdAuth
import PeerlinkClient
import PeerlinkWire

extension WebApp {
    /// A school's nominations (heads: their own school; the daemon refuses any other), peer support.
    func addHeadRoutes(_ router: Router<WebContext>) {
        addHelpRequestRoutes(router)
        addNeedsRoutes(router)
        router.get("/school") { _, context -> Response in
            await signedIn(context) { s in Pages.redirect("/schools/\(s.urn)/nominations") }
        }

        router.get("/schools/{urn}/nominations") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin", "adviser"]) { s in
                let urn = Int32(context.parameters.get("urn") ?? "") ?? 0
                let (school, list) = try await call(s) { c throws(ClientError) in
                    var l = Peerlink_V1_NominationList()
                    l.urn = urn
                    let list = try c.nominationList(l)  // first: the daemon's scoping decides before we read more
                    var g = Peerlink_V1_SchoolGet()
                    g.urn = urn
                    return (try c.schoolGet(g), list)
                }
                let rows: [[String: Any]] = list.nominations.map { v in
                    let n = v.nomination
                    return [
                        "id": n.id, "name": v.nominee.name, "role": v.nominee.role, "email": v.nominee.email,
                        "areas": n.areas.map { a -> [String: String] in a.strength.isEmpty ? ["area": a.area] : ["area": a.area, "strength": a.strength] },
                        "capacity": n.capacity, "open": n.openLinks, "modes": n.modes.joined(separator: ", "),
                        "status": n.status, "consent": n.consent ? "Yes" : "No",
                        "canWithdraw": n.status != "withdrawn" && s.role != "adviser",
                    ]
                }
                return pages.page(
                    "nominations", title: "Nominations: \(school.name)",
                    [
                        "school": school.name, "urn": urn, "rows": rows, "none": rows.isEmpty,
                        "canNominate": s.role != "adviser",
                    ], session: s, flash: takeFlash(context))
            }
        }

        router.get("/schools/{urn}/nominations/new") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let urn = Int32(context.parameters.get("urn") ?? "") ?? 0
                return try await nominationForm(s, urn: urn, form: Form(values: [:]), errors: FormErrors())
            }
        }

        router.post("/schools/{urn}/nominations") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let urn = Int32(context.parameters.get("urn") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["name"].isEmpty { errors.add("name", "Enter the full name of the member of staff") }
                if f["role"].isEmpty { errors.add("role", "Enter their job role, like Head of Computing") }
                if f["email"].isEmpty || !f["email"].contains("@") {
                    errors.add("email", "Enter their work email address, like name@school.sch.uk")
                }
                var areas: [Peerlink_V1_NominatedArea] = []
                for i in 1...3 where !f["area\(i)"].isEmpty {
                    var a = Peerlink_V1_NominatedArea()
                    a.area = f["area\(i)"]
                    a.strength = f["strength\(i)"]
                    areas.append(a)
                }
                if areas.isEmpty { errors.add("area1", "Choose at least one area they can support") }
                let capacity = UInt32(f["capacity"])
                if capacity == nil || capacity == 0 { errors.add("capacity", "Enter how many schools they can support at once, as a number like 2") }
                let modes = f.all("modes")
                if modes.isEmpty { errors.add("modes", "Choose how they can work: in person, online or both") }
                if f["consent"] != "yes" { errors.add("consent", "Confirm the member of staff agreed to be listed") }
                if !errors.isEmpty { return try await nominationForm(s, urn: urn, form: f, errors: errors) }
                var r = Peerlink_V1_NominationCreate()
                r.urn = urn
                r.name = f["name"]
                r.email = f["email"]
                r.role = f["role"]
                r.areas = areas
                r.capacity = capacity ?? 2
                r.modes = modes
                r.consent = true
                if s.role == "head" { r.nominatedBy = s.personID }
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.nominationCreate(r) }
                    setFlash(context, "\(v.nominee.name) is nominated (nomination \(v.nomination.id)).")
                    return Pages.redirect("/schools/\(urn)/nominations")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict || (e.code == .notFound && e.field != "urn") {
                    var errors = FormErrors()
                    errors.add(Self.nominationField(e.field ?? ""), e.message)
                    return try await nominationForm(s, urn: urn, form: f, errors: errors)
                }
            }
        }

        router.post("/nominations/{id}/withdraw") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                _ = try await form(request, s)
                var r = Peerlink_V1_NominationWithdraw()
                r.id = Int64(context.parameters.get("id") ?? "") ?? 0
                let v = try await call(s) { [r] c throws(ClientError) in try c.nominationWithdraw(r) }
                setFlash(context, "\(v.nominee.name)'s nomination is withdrawn.")
                return Pages.redirect("/schools/\(v.nomination.urn)/nominations")
            }
        }

        // Peer support: ask, see profiles without names, decline or choose.
        router.get("/support") { _, context -> Response in
            await signedIn(context, roles: ["head"]) { s in try await supportForm(s, form: Form(values: [:]), errors: FormErrors(), flash: takeFlash(context)) }
        }

        router.post("/support") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                let f = try await form(request, s)
                var errors = FormErrors()
                let concerns = f.all("concerns")
                if concerns.isEmpty { errors.add("concerns", "Choose at least one area you would like support with") }
                let mode = f["mode"]
                if mode != "online" && mode != "in-person" { errors.add("mode", "Choose online or in person") }
                if !errors.isEmpty { return try await supportForm(s, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_SupportRequestCreate()
                r.headID = s.personID
                r.concerns = concerns
                r.mode = mode
                do {
                    let req = try await call(s) { [r] c throws(ClientError) in try c.supportRequest(r) }
                    return Pages.redirect("/support/\(req.id)/profiles")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add((e.field ?? "").hasPrefix("concerns") ? "concerns" : "mode", e.message)
                    return try await supportForm(s, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.get("/support/{id}/profiles") { _, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                var r = Peerlink_V1_SupporterMatch()
                r.requestID = Int64(context.parameters.get("id") ?? "") ?? 0
                let reply = try await call(s) { [r] c throws(ClientError) in try c.supporterMatch(r) }
                let cards: [[String: Any]] = reply.hits.enumerated().map { i, h in
                    let p = h.profile
                    var card: [String: Any] = [
                        "number": i + 1, "supporterID": p.supporterID, "region": p.region,
                        "school": [p.phase, p.sizeBand, p.schoolType, p.rural ? "rural" : "urban"].filter { !$0.isEmpty }
                            .joined(separator: ", "),
                        "score": String(format: "%.2f", h.score), "reasons": h.reasons,
                    ]
                    if !p.summary.isEmpty { card["summary"] = p.summary }
                    if !p.skills.isEmpty { card["skills"] = p.skills.joined(separator: ", ") }
                    if h.hasDistanceKm { card["distance"] = String(format: "%.0f km", h.distanceKm) }
                    return card
                }
                return pages.page(
                    "profiles", title: "Choose a peer supporter",
                    ["requestID": r.requestID, "cards": cards, "none": cards.isEmpty], session: s,
                    flash: takeFlash(context))
            }
        }

        router.post("/support/{id}/decline") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                let f = try await form(request, s)
                var r = Peerlink_V1_SupportDecline()
                r.requestID = Int64(context.parameters.get("id") ?? "") ?? 0
                r.supporterID = Int64(f["supporter_id"]) ?? 0
                _ = try await call(s) { [r] c throws(ClientError) in try c.supportDecline(r) }
                setFlash(context, "You declined that supporter's profile. It will not be offered to you again for this request.")
                return Pages.redirect("/support/\(r.requestID)/profiles")
            }
        }

        router.post("/support/{id}/choose") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                let f = try await form(request, s)
                var r = Peerlink_V1_EngagementStart()
                r.requestID = Int64(context.parameters.get("id") ?? "") ?? 0
                r.supporterID = Int64(f["supporter_id"]) ?? 0
                let v = try await call(s) { [r] c throws(ClientError) in try c.engagementStart(r) }
                setFlash(context, "You have chosen your peer supporter. Engagement \(v.engagement.id) has started.")
                return Pages.redirect("/engagements/\(v.engagement.id)")
            }
        }
    }

    static func nominationField(_ daemonField: String) -> String {
        switch daemonField {
        case "name", "email", "role", "capacity", "modes", "consent": daemonField
        case let f where f.hasPrefix("areas"): "area1"
        case let f where f.hasPrefix("modes"): "modes"
        default: "name"
        }
    }

    func nominationForm(_ s: WebSession, urn: Int32, form f: Form, errors: FormErrors) async throws -> Response {
        let (areas, school) = try await call(s) { c throws(ClientError) in
            var g = Peerlink_V1_SchoolGet()
            g.urn = urn
            let school = try c.schoolGet(g)
            return (try c.areaList(), school)
        }
        var v: [String: Any] = [
            "urn": urn, "school": school.name, "name": f["name"], "email": f["email"], "role": f["role"],
            "capacity": f.has("capacity") ? f["capacity"] : "2",
            "inPerson": f.has("csrf") ? f.all("modes").contains("in-person") : true,
            "online": f.has("csrf") ? f.all("modes").contains("online") : true,
            "consent": f["consent"] == "yes",
        ]
        v["rows"] = (1...3).map { i -> [String: Any] in
            let chosen = f["area\(i)"]
            return [
                "i": i, "strength": f["strength\(i)"],
                "options": areas.areas.map { ["id": $0.id, "name": "\($0.name) (\($0.kind))", "selected": $0.id == chosen] },
            ]
        }
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "nomination-new", title: (errors.isEmpty ? "" : "Error: ") + "Nominate a member of staff", v, session: s,
            status: errors.isEmpty ? .ok : .badRequest)
    }

    func supportForm(_ s: WebSession, form f: Form, errors: FormErrors, flash: String?) async throws -> Response {
        let areas = try await call(s) { c throws(ClientError) in try c.areaList() }
        let chosen = Set(f.all("concerns"))
        var v: [String: Any] = [
            "areas": areas.areas.filter { $0.kind != "subject" }.map {
                ["id": $0.id, "name": $0.name, "kind": $0.kind, "checked": chosen.contains($0.id)]
            },
            "online": f["mode"] != "in-person", "inPerson": f["mode"] == "in-person",
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "support", title: (errors.isEmpty ? "" : "Error: ") + "Ask for peer support", v, session: s, flash: flash,
            status: errors.isEmpty ? .ok : .badRequest)
    }
}

extension Navigation {
    /// The head's links at the top of every page.
    static let head: [[String: String]] = [
        ["href": "/school", "label": "My school's nominations"], ["href": "/support", "label": "Peer support"],
        ["href": "/engagements", "label": "Engagements"], ["href": "/help", "label": "Ask for help in an area"],
        ["href": "/needs", "label": "My needs and targets"],
    ]
}
