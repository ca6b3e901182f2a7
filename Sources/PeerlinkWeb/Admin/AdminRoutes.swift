import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkImport
import PeerlinkWire

extension WebApp {
    /// People and invitations, token revocation, the Forms import (dry run, report, commit), daemon status;
    /// supporter profiles, cohorts and the quality report (in their own files).
    func addAdminRoutes(_ router: Router<WebContext>) {
        addSupporterProfileRoutes(router)
        addCohortRoutes(router)
        addQAReportRoutes(router)
        router.get("/admin/people") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let prefill = request.uri.queryParameters.get("person").map { ["person": [$0]] } ?? [:]
                return try await peoplePage(s, form: Form(values: prefill), errors: FormErrors(), flash: takeFlash(context))
            }
        }

        router.post("/admin/invitations") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let f = try await form(request, s)
                var errors = FormErrors()
                let who = f["person"]
                if who.isEmpty { errors.add("person", "Enter the person's id or work email address") }
                let role = f["role"]
                if !["admin", "adviser", "head", "supporter"].contains(role) { errors.add("role", "Choose the role they sign in as") }
                if !errors.isEmpty { return try await peoplePage(s, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_InvitationCreate()
                if let id = Int64(who) { r.personID = id } else { r.email = who }
                r.role = role
                do {
                    let c = try await call(s) { [r] c throws(ClientError) in try c.invitationCreate(r) }
                    setFlash(context, "Invitation sent to \(c.invitation.personName) <\(c.invitation.email)> as \(c.invitation.role).")
                    return Pages.redirect("/admin/people")
                } catch ClientError.server(let e) where e.code != .unauthenticated && e.code != .forbidden {
                    var errors = FormErrors()
                    errors.add(e.field == "role" ? "role" : "person", e.message)
                    return try await peoplePage(s, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.post("/admin/people") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let f = try await form(request, s)
                var errors = FormErrors()
                if f["new_name"].isEmpty { errors.add("new_name", "Enter the person's full name") }
                if !f["new_email"].contains("@") { errors.add("new_email", "Enter their work email address, like name@council.gov.uk") }
                let urn = Int32(f["new_urn"])
                if urn == nil { errors.add("new_urn", "Enter the URN of the school they work at, a number like 125259") }
                if f["new_role"].isEmpty { errors.add("new_role", "Enter their job role, like Headteacher or Adviser") }
                if !errors.isEmpty { return try await peoplePage(s, form: f, errors: errors, flash: nil) }
                var p = Peerlink_V1_Person()
                p.name = f["new_name"]
                p.email = f["new_email"]
                p.urn = urn ?? 0
                p.role = f["new_role"]
                var r = Peerlink_V1_PersonCreate()
                r.person = p
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.personCreate(r) }
                    setFlash(context, "\(v.person.name) is added as person \(v.person.id). Invite them below.")
                    return Pages.redirect("/admin/people?person=\(v.person.id)")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict || e.code == .notFound {
                    var errors = FormErrors()
                    let field = (e.field ?? "").replacingOccurrences(of: "person.", with: "")
                    errors.add(["name", "email", "urn", "role"].contains(field) ? "new_\(field)" : "new_name", e.message)
                    return try await peoplePage(s, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.post("/admin/tokens/{id}/revoke") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                _ = try await form(request, s)
                var r = Peerlink_V1_TokenRevoke()
                r.id = Int64(context.parameters.get("id") ?? "") ?? 0
                let t = try await call(s) { [r] c throws(ClientError) in try c.tokenRevoke(r) }
                setFlash(context, "Token \(t.id) is revoked: its holder is signed out on their next request.")
                return Pages.redirect("/admin/people")
            }
        }

        router.get("/admin/import") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                pages.page("import", title: "Import a Forms export", [:], session: s, flash: takeFlash(context))
            }
        }

        router.post("/admin/import") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let body = try await request.body.collect(upTo: 32 << 20)
                let contentType = request.headers[.contentType] ?? ""
                guard let m = MultipartForm(contentType: contentType, body: Array(buffer: body)) else {
                    throw CSRFRefusal()
                }
                guard Secrets.constantTimeEqual(m["csrf"], s.csrf) else { throw CSRFRefusal() }
                guard let file = m.files["file"], !file.data.isEmpty else {
                    var errors = FormErrors()
                    errors.add("file", "Choose the export file (.csv or .xlsx) to upload")
                    return pages.page("import", title: "Error: Import a Forms export", errors.values, session: s, status: .badRequest)
                }
                let result: Peerlink_V1_ImportResult
                do {
                    result = try await runImport(s, file.data, name: file.filename, dryRun: true, keepGood: false)
                } catch let e as ImportFileError {
                    var errors = FormErrors()
                    errors.add("file", e.message)
                    return pages.page("import", title: "Error: Import a Forms export", errors.values, session: s, status: .badRequest)
                }
                var kept = s
                kept.pendingImport = file.data
                kept.pendingImportName = file.filename
                context.sessions.setSession(kept)
                return pages.page("import-report", title: "Import report", Self.reportValues(result, file.filename, dryRun: true), session: s)
            }
        }

        router.post("/admin/import/commit") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let f = try await form(request, s)
                guard let data = s.pendingImport else {
                    setFlash(context, "There is no uploaded file waiting: upload it again.")
                    return Pages.redirect("/admin/import")
                }
                let name = s.pendingImportName ?? "export"
                let result = try await runImport(s, data, name: name, dryRun: false, keepGood: f["keep_good"] == "yes")
                var kept = s
                kept.pendingImport = nil
                kept.pendingImportName = nil
                context.sessions.setSession(kept)
                return pages.page("import-report", title: "Import committed", Self.reportValues(result, name, dryRun: false), session: s)
            }
        }

        // The audit log, newest first: who (role and person), when, which operation, the keys it touched; filtered by
        // operation or person. Never the content of a confidential record (the log holds none).
        router.get("/admin/audit") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let p = request.uri.queryParameters
                var r = Peerlink_V1_AuditList()
                r.limit = 200
                let operation = (p.get("operation") ?? "").trimmingCharacters(in: .whitespaces)
                r.operation = operation
                let personText = (p.get("person") ?? "").trimmingCharacters(in: .whitespaces)
                var errors = FormErrors()
                if !personText.isEmpty {
                    if let id = Int64(personText), id > 0 { r.personID = id } else { errors.add("person", "Enter a person's id, a number like 12") }
                }
                var rows: [[String: Any]] = []
                if errors.isEmpty {
                    do {
                        let list = try await call(s) { [r] c throws(ClientError) in try c.auditList(r) }
                        let time = ISO8601DateFormatter()
                        rows = list.entries.map { e in
                            [
                                "id": e.id, "at": time.string(from: Date(timeIntervalSince1970: TimeInterval(e.at))),
                                "role": e.role, "person": e.hasPersonID ? "\(e.personID)" : "", "operation": e.operation,
                                "target": e.target,
                            ]
                        }
                    } catch ClientError.server(let e) where e.code == .badRequest {
                        errors.add(e.field == "person_id" ? "person" : "operation", e.message)
                    }
                }
                var v: [String: Any] = [
                    "operation": operation, "person": personText, "rows": rows, "hasRows": !rows.isEmpty,
                ]
                v.merge(errors.values) { a, _ in a }
                return pages.page(
                    "audit", title: (errors.isEmpty ? "" : "Error: ") + "Audit log", v, session: s,
                    status: errors.isEmpty ? .ok : .badRequest)
            }
        }

        router.get("/admin/status") { _, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let stats = try await call(s) { c throws(ClientError) in try c.stats() }
                return pages.page(
                    "status", title: "Status",
                    [
                        "version": stats.version, "uptime": stats.uptimeSeconds, "connections": stats.connections,
                        "requests": stats.totalRequests, "commits": stats.commits, "storeBytes": stats.storeBytes,
                        "counts": stats.counts.sorted { $0.key < $1.key }.map { ["name": $0.key, "count": $0.value] },
                    ], session: s)
            }
        }
    }

    struct ImportFileError: Error { let message: String }

    func runImport(_ s: WebSession, _ data: [UInt8], name: String, dryRun: Bool, keepGood: Bool) async throws
        -> Peerlink_V1_ImportResult
    {
        let export: FormsExport
        if name.lowercased().hasSuffix(".xlsx") {
            do throws(XLSXSheet.ReadError) { export = try FormsExport(xlsx: Data(data)) } catch {
                throw ImportFileError(message: "\(name) could not be read as .xlsx: \(error.message)")
            }
        } else {
            do throws(CSVTable.ParseError) { export = try FormsExport(csv: data) } catch {
                throw ImportFileError(message: "\(name) could not be read as .csv: \(error)")
            }
        }
        var r = Peerlink_V1_ImportNominations()
        r.header = export.header
        r.rows = export.rows.map { row in
            var w = Peerlink_V1_FormRow()
            w.number = Int32(row.number)
            w.cells = row.cells.map(\.text)
            return w
        }
        r.notes = export.notes
        r.dryRun = dryRun
        r.keepGood = keepGood
        return try await call(s) { [r] c throws(ClientError) in try c.importNominations(r) }
    }

    static func reportValues(_ r: Peerlink_V1_ImportResult, _ name: String, dryRun: Bool) -> [String: Any] {
        [
            "file": name, "dryRun": dryRun, "rows": r.rows, "new": r.new, "updated": r.updated, "unchanged": r.unchanged,
            "rejected": r.rejected, "superseded": r.superseded, "hasFaults": !r.faults.isEmpty,
            "faults": r.faults.map { ["row": $0.row, "column": $0.column, "message": $0.message] },
            "notes": r.notes, "written": r.written, "recordsWritten": r.recordsWritten, "batchRejected": r.batchRejected,
            "canCommit": dryRun && (r.new + r.updated) > 0,
            "someRejected": r.rejected > 0,
        ]
    }

    func peoplePage(_ s: WebSession, form f: Form, errors: FormErrors, flash: String?) async throws -> Response {
        let (invitations, tokens) = try await call(s) { c throws(ClientError) in (try c.invitationList(), try c.tokenList()) }
        let fmt = DateFormatter()
        fmt.dateFormat = "yyyy-MM-dd HH:mm"
        fmt.timeZone = TimeZone(identifier: "UTC")
        func time(_ t: Int64) -> String { fmt.string(from: Date(timeIntervalSince1970: TimeInterval(t))) }
        var v: [String: Any] = [
            "person": f["person"], "new_name": f["new_name"], "new_email": f["new_email"], "new_urn": f["new_urn"],
            "new_role": f["new_role"],
            "roles": ["head", "supporter", "adviser", "admin"].map { ["value": $0, "selected": $0 == f["role"]] },
            "invitations": invitations.invitations.reversed().map {
                ["id": $0.id, "name": $0.personName, "email": $0.email, "role": $0.role, "status": $0.status, "expires": time($0.expiresAt)]
            },
            "tokens": tokens.tokens.filter { $0.role != "web" }.reversed().map {
                [
                    "id": $0.id, "role": $0.role, "person": $0.hasPersonID ? "\($0.personID)" : "", "label": $0.label,
                    "created": time($0.createdAt), "revoked": $0.hasRevokedAt, "expires": $0.hasExpiresAt ? time($0.expiresAt) : "never",
                ]
            },
        ]
        v.merge(errors.values) { a, _ in a }
        return pages.page(
            "people", title: (errors.isEmpty ? "" : "Error: ") + "People and invitations", v, session: s, flash: flash,
            status: errors.isEmpty ? .ok : .badRequest)
    }
}

extension Navigation {
    /// The admin's links at the top of every page.
    static let admin: [[String: String]] = [
        ["href": "/admin/people", "label": "People and invitations"], ["href": "/admin/import", "label": "Import"],
        ["href": "/schools", "label": "Find a school"], ["href": "/match", "label": "Link match"],
        ["href": "/links", "label": "Requests and links"], ["href": "/coverage", "label": "Coverage"],
        ["href": "/admin/supporters", "label": "Supporters"], ["href": "/admin/cohorts", "label": "Cohorts"],
        ["href": "/admin/reports/qa", "label": "Quality report"],
        ["href": "/admin/audit", "label": "Audit log"],
        ["href": "/admin/status", "label": "Status"],
    ]
}
