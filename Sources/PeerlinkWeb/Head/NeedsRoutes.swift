import Foundation
import Hummingbird
import HummingbirdAuth
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// A head's needs assessment against the Headteachers' standards and their personal targets (peer support):
    /// the overview, recording an assessment, adding a target, reviewing one. Confidential: a head reaches only
    /// their own (the daemon refuses another head's id), admins any head's.
    func addNeedsRoutes(_ router: Router<WebContext>) {
        router.get("/needs") { _, context -> Response in
            await signedIn(context, roles: ["head"]) { s in Pages.redirect("/heads/\(s.personID)/needs") }
        }

        router.get("/heads/{head}/needs") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                let (progress, areas) = try await call(s) { c throws(ClientError) in
                    var r = Peerlink_V1_NeedsShow()
                    r.headID = head
                    let p = try c.needsShow(r)  // first: the daemon's scoping decides before we read more
                    return (p, try c.areaList())
                }
                let name = Dictionary(areas.areas.map { ($0.id, $0.name) }) { a, _ in a }
                let standards: [[String: Any]] = progress.standards.map {
                    [
                        "area": name[$0.area] ?? $0.area, "baseline": Self.ratingLabel($0.baseline),
                        "latest": Self.ratingLabel($0.latest), "change": Self.stepsText($0.change),
                    ]
                }
                let targets: [[String: Any]] = progress.targets.map { p in
                    let t = p.target
                    var row: [String: Any] = [
                        "id": t.id, "area": name[t.area] ?? t.area, "text": t.text, "due": Self.isoDayText(t.due),
                        "criteria": t.successCriteria, "status": Self.statusLabel(t.status), "open": t.status == "open",
                        "baseline": t.baseline.isEmpty ? "Not assessed" : Self.ratingLabel(t.baseline),
                        "reviews": p.reviews.map { r -> [String: Any] in
                            [
                                "date": Self.isoDayText(r.date), "rating": Self.ratingLabel(r.rating), "note": r.note,
                                "status": Self.statusLabel(r.statusAfter),
                            ]
                        },
                        "hasReviews": !p.reviews.isEmpty,
                    ]
                    if p.hasChange { row["change"] = Self.stepsText(p.change) }
                    return row
                }
                let v: [String: Any] = [
                    "head": head, "own": s.role == "head",
                    "assessed": progress.hasLatest, "baselineDate": Self.isoDayText(progress.baseline.date),
                    "latestDate": Self.isoDayText(progress.latest.date),
                    "reassessed": progress.baseline.id != progress.latest.id,
                    "standards": standards, "targets": targets, "hasTargets": !targets.isEmpty,
                ]
                return pages.page(
                    "needs",
                    title: s.role == "head" ? "My needs assessment and targets" : "Needs assessment and targets",
                    v,
                    session: s,
                    flash: takeFlash(context)
                )
            }
        }

        router.get("/heads/{head}/needs/assess") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                return try await assessForm(s, head: head, form: nil, errors: FormErrors())
            }
        }

        router.post("/heads/{head}/needs/assess") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                let f = try await form(request, s)
                let standards = try await call(s) { c throws(ClientError) in try c.areaList(Self.standardsOnly).areas }
                var errors = FormErrors()
                for a in standards where f["rating-\(a.id)"].isEmpty {
                    errors.add("rating-\(a.id)", "Choose a rating for \(a.name)")
                }
                let date = Self.isoDay(f["date"])
                if date == nil {
                    errors.add("date", "Enter the date as day/month/year, like 14/3/2026, or leave it blank for today")
                }
                if !errors.isEmpty { return try await assessForm(s, head: head, form: f, errors: errors) }
                var r = Peerlink_V1_NeedsAssess()
                r.headID = head
                r.date = date ?? ""
                r.ratings = standards.map { a in
                    var n = Peerlink_V1_NeedsRating()
                    n.area = a.id
                    n.rating = f["rating-\(a.id)"]
                    return n
                }
                do {
                    let a = try await call(s) { [r] c throws(ClientError) in try c.needsAssess(r) }
                    setFlash(context, "Your needs assessment of \(Self.isoDayText(a.date)) is recorded.")
                    return Pages.redirect("/heads/\(head)/needs")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add(Self.assessField(e.field ?? "", standards.map(\.id)), e.message)
                    return try await assessForm(s, head: head, form: f, errors: errors)
                }
            }
        }

        router.get("/heads/{head}/targets/new") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                return try await targetForm(s, head: head, form: Form(values: [:]), errors: FormErrors())
            }
        }

        router.post("/heads/{head}/targets") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["area"].isEmpty { errors.add("area", "Choose the standard or theme the target is about") }
                if f["text"].isEmpty { errors.add("text", "Say what the target is") }
                let due = f["due"].isEmpty ? nil : Self.isoDay(f["due"])
                if due == nil { errors.add("due", "Enter the due date as day/month/year, like 31/7/2026") }
                if f["success_criteria"].isEmpty {
                    errors.add("success_criteria", "Say how you will know the target is met")
                }
                if !errors.isEmpty { return try await targetForm(s, head: head, form: f, errors: errors) }
                var r = Peerlink_V1_TargetAdd()
                r.headID = head
                r.area = f["area"]
                r.text = f["text"]
                r.due = due ?? ""
                r.successCriteria = f["success_criteria"]
                do {
                    let t = try await call(s) { [r] c throws(ClientError) in try c.targetAdd(r) }
                    setFlash(context, "Your target is added (due \(Self.isoDayText(t.due))).")
                    return Pages.redirect("/heads/\(head)/needs")
                } catch ClientError.server(let e)
                    where e.code == .badRequest || e.code == .conflict || (e.code == .notFound && e.field == "area")
                {
                    var errors = FormErrors()
                    errors.add(Self.targetField(e.field ?? ""), e.message)
                    return try await targetForm(s, head: head, form: f, errors: errors)
                }
            }
        }

        router.get("/heads/{head}/targets/{id}/review") { _, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                return try await reviewForm(s, head: head, target: id, form: Form(values: [:]), errors: FormErrors())
            }
        }

        router.post("/heads/{head}/targets/{id}/review") { request, context -> Response in
            await signedIn(context, roles: ["head", "admin"]) { s in
                let head = Int64(context.parameters.get("head") ?? "") ?? 0
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["rating"].isEmpty { errors.add("rating", "Choose where you rate yourself now") }
                if !Self.targetStatuses.contains(f["status"]) {
                    errors.add("status", "Choose whether the target is still open, met or dropped")
                }
                let date = Self.isoDay(f["date"])
                if date == nil {
                    errors.add("date", "Enter the date as day/month/year, like 14/3/2026, or leave it blank for today")
                }
                if !errors.isEmpty { return try await reviewForm(s, head: head, target: id, form: f, errors: errors) }
                var r = Peerlink_V1_TargetReviewAdd()
                r.targetID = id
                r.rating = f["rating"]
                r.note = f["note"]
                r.status = f["status"]
                r.date = date ?? ""
                do {
                    let p = try await call(s) { [r] c throws(ClientError) in try c.targetReview(r) }
                    setFlash(
                        context,
                        "Your review is recorded; the target is \(Self.statusLabel(p.target.status).lowercased())."
                    )
                    return Pages.redirect("/heads/\(head)/needs")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add(["rating", "note", "date"].contains(e.field ?? "") ? e.field! : "status", e.message)
                    return try await reviewForm(s, head: head, target: id, form: f, errors: errors)
                }
            }
        }
    }

    static let standardsOnly: Peerlink_V1_AreaList = {
        var r = Peerlink_V1_AreaList()
        r.kind = "standard"
        return r
    }()

    /// The ratings, lowest first, as the daemon names them, with the words the forms show.
    static let ratings: [(value: String, label: String)] = [
        ("priority-need", "Priority need"), ("developing", "Developing"), ("secure", "Secure"),
        ("strength", "Strength"),
    ]
    static let targetStatuses: [String] = ["open", "met", "dropped"]

    static func ratingLabel(_ wire: String) -> String { ratings.first { $0.value == wire }?.label ?? wire }

    static func statusLabel(_ status: String) -> String {
        switch status {
        case "met": "Met"
        case "dropped": "Dropped"
        default: "Open"
        }
    }

    /// "+1 step", "−2 steps", "No change".
    static func stepsText(_ change: Int32) -> String {
        if change == 0 { return "No change" }
        return "\(change > 0 ? "+" : "−")\(abs(change)) step\(abs(change) == 1 ? "" : "s")"
    }

    /// "2026-03-14" as "14 March 2026"; anything else as it is.
    static func isoDayText(_ iso: String) -> String { Day(iso: iso).map { dayText($0) } ?? iso }

    /// A date typed in a form as YYYY-MM-DD, or D/M/YYYY as people in England write it: the ISO text; "" for
    /// blank; nil when it is neither. The daemon checks the day is real and in range.
    static func isoDay(_ typed: String) -> String? {
        let t = typed.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return "" }
        if Day(iso: t) != nil { return t }
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" || $0 == " " }).compactMap { Int($0) }
        guard parts.count == 3, parts[2] >= 1000, let d = Day(year: parts[2], month: parts[1], day: parts[0]) else {
            return nil
        }
        return d.description
    }

    /// The field a refusal of `needs_assess` belongs beside: `ratings[i]` is the i-th standard sent.
    static func assessField(_ daemonField: String, _ standards: [String]) -> String {
        if daemonField == "date" { return "date" }
        if daemonField.hasPrefix("ratings["), let i = Int(daemonField.dropFirst(8).prefix { $0.isNumber }),
            i < standards.count
        {
            return "rating-\(standards[i])"
        }
        return standards.first.map { "rating-\($0)" } ?? "date"
    }

    static func targetField(_ daemonField: String) -> String {
        switch daemonField {
        case "area", "text", "due", "success_criteria": daemonField
        default: "text"
        }
    }

    /// The assessment form: one set of radios per standard, filled from `form` when re-shown, else from the
    /// head's latest assessment.
    func assessForm(_ s: WebSession, head: Int64, form f: Form?, errors: FormErrors) async throws -> Response {
        let (progress, standards) = try await call(s) { c throws(ClientError) in
            var r = Peerlink_V1_NeedsShow()
            r.headID = head
            let p = try c.needsShow(r)
            return (p, try c.areaList(Self.standardsOnly).areas)
        }
        let latest = Dictionary(progress.latest.ratings.map { ($0.area, $0.rating) }) { a, _ in a }
        let messages = Dictionary(errors.list.map { ($0.field, $0.message) }) { a, _ in a }
        var v: [String: Any] = [
            "head": head, "date": f?["date"] ?? "", "reassess": progress.hasLatest,
            "standards": standards.map { a -> [String: Any] in
                let chosen = f.map { $0["rating-\(a.id)"] } ?? latest[a.id] ?? ""
                var row: [String: Any] = [
                    "id": a.id, "name": a.name,
                    "options": Self.ratings.map {
                        ["value": $0.value, "label": $0.label, "checked": $0.value == chosen]
                    },
                ]
                if let m = messages["rating-\(a.id)"] { row["error"] = m }
                return row
            },
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "needs-assess",
            title: (errors.isEmpty ? "" : "Error: ") + "Record a needs assessment",
            v,
            session: s,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// The new target form: the area chosen from the standards, each followed by its themes.
    func targetForm(_ s: WebSession, head: Int64, form f: Form, errors: FormErrors) async throws -> Response {
        let areas = try await call(s) { c throws(ClientError) in
            var r = Peerlink_V1_NeedsShow()
            r.headID = head
            _ = try c.needsShow(r)  // the daemon's scoping: another head's form is refused, as their page is
            return try c.areaList()
        }
        let chosen = f["area"]
        let groups: [[String: Any]] = areas.areas.filter { $0.kind == "standard" }.map { std in
            let themes = areas.areas.filter { $0.kind == "theme" && $0.parent == std.id }
            return [
                "label": std.name,
                "options": ([std] + themes).map { ["id": $0.id, "name": $0.name, "selected": $0.id == chosen] },
            ]
        }
        var v: [String: Any] = [
            "head": head, "groups": groups, "text": f["text"], "due": f["due"],
            "success_criteria": f["success_criteria"],
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "target-new",
            title: (errors.isEmpty ? "" : "Error: ") + "Add a target",
            v,
            session: s,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// The review form for one of the head's targets; 404 when the head has no such target.
    func reviewForm(_ s: WebSession, head: Int64, target id: Int64, form f: Form, errors: FormErrors) async throws
        -> Response
    {
        let (progress, areas) = try await call(s) { c throws(ClientError) in
            var r = Peerlink_V1_NeedsShow()
            r.headID = head
            let p = try c.needsShow(r)
            return (p, try c.areaList())
        }
        guard let p = progress.targets.first(where: { $0.target.id == id }) else { return problem(404, session: s) }
        let t = p.target
        let area = areas.areas.first { $0.id == t.area }?.name ?? t.area
        let rating = f["rating"], status = f.has("status") ? f["status"] : "open"
        var v: [String: Any] = [
            "head": head, "id": id, "area": area, "text": t.text, "due": Self.isoDayText(t.due),
            "criteria": t.successCriteria,
            "baseline": t.baseline.isEmpty ? "Not assessed" : Self.ratingLabel(t.baseline),
            "open": t.status == "open", "status": Self.statusLabel(t.status),
            "ratings": Self.ratings.map { ["value": $0.value, "label": $0.label, "checked": $0.value == rating] },
            "statuses": [("open", "Still open"), ("met", "Met"), ("dropped", "Dropped")].map {
                ["value": $0.0, "label": $0.1, "checked": $0.0 == status]
            },
            "note": f["note"], "date": f["date"],
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "target-review",
            title: (errors.isEmpty ? "" : "Error: ") + "Review a target",
            v,
            session: s,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }
}
