import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// Peer supporters' profiles (every field `peerlink supporter add` and `update` take), their eligibility as the
    /// daemon reports it today, and their supervision meetings. Admin only, as in the daemon's dispatch table.
    func addSupporterProfileRoutes(_ router: Router<WebContext>) {
        router.get("/admin/supporters") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let status = (request.uri.queryParameters.get("status") ?? "").trimmingCharacters(in: .whitespaces)
                var r = Peerlink_V1_SupporterList()
                r.status = status
                var errors = FormErrors()
                var rows: [[String: Any]] = []
                do {
                    let (list, names) = try await call(s) { [r] c throws(ClientError) in
                        (try c.supporterList(r), Self.areaNames(try c.areaList()))
                    }
                    rows = list.supporters.map { v in
                        [
                            "id": v.profile.id, "name": v.person.name, "school": v.schoolName,
                            "skills": v.profile.skills.map { names[$0] ?? $0 }.joined(separator: ", "),
                            "load": "\(v.activeEngagements) of \(v.profile.capacity)", "status": v.profile.status,
                            "eligible": v.eligible, "reasons": v.ineligibleReasons,
                        ]
                    }
                } catch ClientError.server(let e) where e.code == .badRequest {
                    errors.add("status", e.message)
                }
                var v: [String: Any] = [
                    "rows": rows, "none": rows.isEmpty,
                    "statuses": ([("", "Any status")] + SupporterStatus.allCases.map { ($0.rawValue, $0.rawValue) }).map
                    {
                        ["value": $0.0, "label": $0.1, "selected": $0.0 == status]
                    },
                ]
                v.merge(errors.values) { a, _ in a }
                return pages.page(
                    "admin-supporters",
                    title: (errors.isEmpty ? "" : "Error: ") + "Supporter profiles",
                    v,
                    session: s,
                    flash: takeFlash(context),
                    status: errors.isEmpty ? .ok : .badRequest
                )
            }
        }

        router.get("/admin/supporters/new") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                try await adminSupporterForm(s, id: nil, form: Form(values: [:]), errors: FormErrors())
            }
        }

        router.post("/admin/supporters") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let f = try await form(request, s)
                var errors = Self.supporterFormErrors(f)
                let person = Int64(f["person_id"])
                if person == nil || person! <= 0 {
                    errors.list.insert(("person_id", "Enter the supporter's person id, a number like 12"), at: 0)
                }
                if !errors.isEmpty { return try await adminSupporterForm(s, id: nil, form: f, errors: errors) }
                var p = Peerlink_V1_SupporterProfile()
                p.personID = person ?? 0
                p.summary = f["summary"]
                p.skills = f.all("skills")
                p.regionsServed = commaList(f["regions_served"])
                p.capacity = UInt32(f["capacity"]) ?? 0
                p.status = f["status"]
                p.trainingCompleted = f["training_completed"]
                p.coachingRecord = f["coaching_record"]
                p.knowsLocalProcesses = f["knows_local_processes"] == "yes"
                p.recordedInspection = f["recorded_inspection"]
                var r = Peerlink_V1_SupporterCreate()
                r.profile = p
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.supporterCreate(r) }
                    setFlash(
                        context,
                        "\(v.person.name)'s supporter profile is added (supporter \(v.profile.id))"
                            + (v.eligible
                                ? " and is eligible to be matched." : "; it is not eligible yet: see why below.")
                    )
                    return Pages.redirect("/admin/supporters/\(v.profile.id)")
                } catch ClientError.server(let e) where Self.isFormRefusal(e) {
                    guard let field = Self.formField(e, Self.supporterFields, fallback: "summary") else {
                        throw ClientError.server(e)
                    }
                    var errors = FormErrors()
                    errors.add(field, e.message)
                    return try await adminSupporterForm(s, id: nil, form: f, errors: errors)
                }
            }
        }

        router.get("/admin/supporters/{id}") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                return try await adminSupporterPage(
                    s,
                    id: id,
                    form: Form(values: [:]),
                    errors: FormErrors(),
                    flash: takeFlash(context)
                )
            }
        }

        router.get("/admin/supporters/{id}/edit") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                var g = Peerlink_V1_SupporterGet()
                g.id = id
                let v = try await call(s) { [g] c throws(ClientError) in try c.supporterGet(g) }
                let p = v.profile
                let current = Form(values: [
                    "summary": [p.summary], "skills": p.skills,
                    "regions_served": [p.regionsServed.joined(separator: ", ")],
                    "capacity": ["\(p.capacity)"], "status": [p.status], "training_completed": [p.trainingCompleted],
                    "coaching_record": [p.coachingRecord], "recorded_inspection": [p.recordedInspection],
                    "knows_local_processes": p.knowsLocalProcesses ? ["yes"] : [],
                ])
                return try await adminSupporterForm(s, id: id, form: current, errors: FormErrors(), view: v)
            }
        }

        router.post("/admin/supporters/{id}") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                let errors = Self.supporterFormErrors(f)
                if !errors.isEmpty { return try await adminSupporterForm(s, id: id, form: f, errors: errors) }
                var r = Peerlink_V1_SupporterUpdate()
                r.id = id
                r.summary = f["summary"]
                var skills = Peerlink_V1_SupportStrings()
                skills.items = f.all("skills")
                r.skills = skills
                var regions = Peerlink_V1_SupportStrings()
                regions.items = commaList(f["regions_served"])
                r.regionsServed = regions
                if let c = UInt32(f["capacity"]) { r.capacity = c }
                r.status = f["status"]
                r.trainingCompleted = f["training_completed"]
                r.coachingRecord = f["coaching_record"]
                r.knowsLocalProcesses = f["knows_local_processes"] == "yes"
                r.recordedInspection = f["recorded_inspection"]
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.supporterUpdate(r) }
                    setFlash(context, "\(v.person.name)'s supporter profile is saved.")
                    return Pages.redirect("/admin/supporters/\(id)")
                } catch ClientError.server(let e) where Self.isFormRefusal(e) {
                    guard let field = Self.formField(e, Self.supporterFields, fallback: "summary") else {
                        throw ClientError.server(e)
                    }
                    var errors = FormErrors()
                    errors.add(field, e.message)
                    return try await adminSupporterForm(s, id: id, form: f, errors: errors)
                }
            }
        }

        router.post("/admin/supporters/{id}/supervision") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["date"].isEmpty {
                    errors.add("date", "Enter the day the supervision meeting happened, like 2027-03-04")
                }
                let minutes = UInt32(f["minutes"])
                if minutes == nil { errors.add("minutes", "Enter how long it lasted in minutes, a number like 60") }
                if !errors.isEmpty {
                    return try await adminSupporterPage(s, id: id, form: f, errors: errors, flash: nil)
                }
                var r = Peerlink_V1_SupervisionAdd()
                r.supporterID = id
                r.date = f["date"]
                r.minutes = minutes ?? 0
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.supervisionAdd(r) }
                    setFlash(
                        context,
                        "Supervision on \(r.date) (\(r.minutes == 0 ? 60 : r.minutes) minutes) is recorded for \(v.person.name)."
                    )
                    return Pages.redirect("/admin/supporters/\(id)")
                } catch ClientError.server(let e) where Self.isFormRefusal(e) {
                    guard let field = Self.formField(e, ["date", "minutes"], fallback: "date") else {
                        throw ClientError.server(e)
                    }
                    var errors = FormErrors()
                    errors.add(field, e.message)
                    return try await adminSupporterPage(s, id: id, form: f, errors: errors, flash: nil)
                }
            }
        }
    }

    /// The supporter form's fields, named as the daemon names them in its refusals.
    static let supporterFields: Set<String> = [
        "person_id", "summary", "skills", "regions_served", "capacity", "status", "training_completed",
        "coaching_record", "knows_local_processes", "recorded_inspection",
    ]

    /// What the web can tell before asking the daemon: values the protocol cannot carry (a capacity that is not a
    /// number). The daemon checks everything else and its refusal is shown by the field it names.
    static func supporterFormErrors(_ f: Form) -> FormErrors {
        var errors = FormErrors()
        if !f["capacity"].isEmpty, UInt32(f["capacity"]) == nil {
            errors.add("capacity", "Enter how many engagements they can carry at once, a whole number like 2")
        }
        return errors
    }

    /// A daemon refusal a person can fix in the form they sent: a bad value, a conflict, or a reference to
    /// something that does not exist (a person id). Others (forbidden, unauthenticated) go to `failure`.
    static func isFormRefusal(_ e: PeerlinkError) -> Bool {
        e.code == .badRequest || e.code == .conflict || e.code == .notFound
    }

    /// The form field a refusal concerns: the daemon's field name without a message prefix (`profile.`) or an
    /// index (`skills[1]`), through `aliases` where the form names it otherwise. A refusal naming none of
    /// `fields` goes to `fallback`, except "not found" for the page's own record (nil: the 404 page).
    static func formField(
        _ e: PeerlinkError,
        _ fields: Set<String>,
        aliases: [String: String] = [:],
        fallback: String
    ) -> String? {
        var name = e.field ?? ""
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
        name = aliases[name] ?? name
        if fields.contains(name) { return name }
        return e.code == .notFound ? nil : fallback
    }

    /// Area ids to their names, for showing skills.
    static func areaNames(_ list: Peerlink_V1_AreaListReply) -> [String: String] {
        Dictionary(list.areas.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// One profile with its eligibility today, its supervision meetings and the form to record one.
    func adminSupporterPage(_ s: WebSession, id: Int64, form f: Form, errors: FormErrors, flash: String?) async throws
        -> Response
    {
        var g = Peerlink_V1_SupporterGet()
        g.id = id
        let (v, names) = try await call(s) { [g] c throws(ClientError) in
            (try c.supporterGet(g), Self.areaNames(try c.areaList()))
        }
        let p = v.profile
        let today = LondonTime.day(atUnixSeconds: Int64(Date().timeIntervalSince1970)).description
        var values: [String: Any] = [
            "id": p.id, "name": v.person.name, "personID": p.personID, "school": v.schoolName, "urn": v.person.urn,
            "headshipStart": v.person.headshipStart.isEmpty ? "not recorded" : v.person.headshipStart,
            "summary": p.summary, "skills": p.skills.map { names[$0] ?? $0 }.joined(separator: ", "),
            "regions": p.regionsServed.isEmpty ? "none given" : p.regionsServed.joined(separator: ", "),
            "capacity": p.capacity, "active": v.activeEngagements, "status": p.status,
            "training": p.trainingCompleted.isEmpty ? "not completed" : p.trainingCompleted,
            "coaching": p.coachingRecord.isEmpty ? "none recorded" : p.coachingRecord,
            "knowsLocal": p.knowsLocalProcesses ? "Yes" : "No",
            "inspection": p.recordedInspection.isEmpty ? "none recorded" : p.recordedInspection,
            "inspectionBasis": v.inspectionBasis.isEmpty ? "no inspection on record for the school" : v.inspectionBasis,
            "eligible": v.eligible, "reasons": v.ineligibleReasons,
            "supervision": v.supervision.reversed().map { ["date": $0.date, "minutes": $0.minutes] },
            "noSupervision": v.supervision.isEmpty,
            "date": f.has("date") ? f["date"] : today, "minutes": f.has("minutes") ? f["minutes"] : "60",
        ]
        values.merge(errors.values) { a, _ in a }
        return pages.page(
            "admin-supporter",
            title: (errors.isEmpty ? "" : "Error: ") + "Supporter: \(v.person.name)",
            values,
            session: s,
            flash: flash,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }

    /// The add (id nil) or change form, with what was typed and the areas a supporter may offer (standards and
    /// themes: peer support is about leadership, never a subject).
    func adminSupporterForm(
        _ s: WebSession,
        id: Int64?,
        form f: Form,
        errors: FormErrors,
        view: Peerlink_V1_SupporterView? = nil
    ) async throws -> Response {
        var g = Peerlink_V1_SupporterGet()
        g.id = id ?? 0
        let fetch = id != nil && view == nil  // the profile, for its person's name, unless the caller has it
        let (fetched, areas) = try await call(s) { [g] c throws(ClientError) in
            (try fetch ? c.supporterGet(g) : nil, try c.areaList())
        }
        let existing = view ?? fetched
        let chosen = Set(f.all("skills"))
        let status = f["status"].isEmpty ? "active" : f["status"]
        let inspection = f["recorded_inspection"]
        var values: [String: Any] = [
            "editing": id != nil, "id": id ?? 0, "name": existing?.person.name ?? "",
            "person_id": f["person_id"], "summary": f["summary"], "regions_served": f["regions_served"],
            "capacity": f.has("capacity") ? f["capacity"] : "\(SupporterProfile.defaultCapacity)",
            "maxCapacity": SupporterProfile.maximumCapacity,
            "training_completed": f["training_completed"], "coaching_record": f["coaching_record"],
            "knowsLocal": f["knows_local_processes"] == "yes",
            "areas": areas.areas.filter { $0.kind != "subject" }.map {
                ["id": $0.id, "name": $0.name, "kind": $0.kind, "checked": chosen.contains($0.id)]
            },
            "statuses": SupporterStatus.allCases.map { ["value": $0.rawValue, "checked": $0.rawValue == status] },
            "inspections": ([("", "Not recorded")] + InspectionOutcome.allCases.map { ($0.rawValue, $0.rawValue) }).map
            {
                ["value": $0.0, "label": $0.1, "selected": $0.0 == inspection]
            },
        ]
        values.merge(errors.values) { a, _ in a }
        let title =
            id == nil ? "Add a supporter profile" : "Change \(existing?.person.name ?? "the")'s supporter profile"
        return pages.page(
            "admin-supporter-form",
            title: (errors.isEmpty ? "" : "Error: ") + title,
            values,
            session: s,
            status: errors.isEmpty ? .ok : .badRequest
        )
    }
}

/// Comma-separated text as its trimmed, non-empty items (regions served), as the CLI reads `--regions`.
func commaList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
