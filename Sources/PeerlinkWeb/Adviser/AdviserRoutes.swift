import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkCore
import PeerlinkImport
import PeerlinkWire

extension WebApp {
    /// School search, link match with every score and reason, and making a link from a hit.
    func addAdviserRoutes(_ router: Router<WebContext>) {
        router.get("/schools") { request, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                let q = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
                var rows: [[String: Any]] = []
                if !q.isEmpty {
                    var r = Peerlink_V1_SchoolSearch()
                    r.text = q
                    r.limit = 50
                    let list = try await call(s) { [r] c throws(ClientError) in try c.schoolSearch(r) }
                    rows = list.schools.map {
                        ["urn": $0.urn, "name": $0.name, "phase": $0.phase, "town": $0.town, "la": $0.laName, "status": $0.status]
                    }
                }
                return pages.page(
                    "schools", title: "Find a school", ["q": q, "searched": !q.isEmpty, "rows": rows, "hasRows": !rows.isEmpty, "none": !q.isEmpty && rows.isEmpty],
                    session: s, flash: takeFlash(context))
            }
        }

        // Coverage by area × LA or region: supply (available nominees) against demand (open requests), the
        // places with none, and the areas asked for that nobody offers; `format=csv` downloads it for a spreadsheet.
        router.get("/coverage") { request, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                let p = request.uri.queryParameters
                let by = p.get("by") == "region" ? "region" : "la"
                let phase = Phase(rawValue: p.get("phase") ?? "")?.rawValue ?? ""
                var r = Peerlink_V1_LinkCoverageRequest()
                r.by = by
                r.phase = phase
                let report = try await call(s) { [r] c throws(ClientError) in try c.coverageReport(r) }
                if p.get("format") == "csv" {
                    var headers = HTTPFields()
                    headers[.contentType] = "text/csv; charset=utf-8"
                    headers[.contentDisposition] = "attachment; filename=\"peerlink-coverage-\(by)\(phase.isEmpty ? "" : "-" + phase).csv\""
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Self.coverageCSV(report))))
                }
                return pages.page(
                    "coverage", title: "Coverage", Self.coverageValues(report, by: by, phase: phase), session: s,
                    flash: takeFlash(context))
            }
        }

        router.get("/match") { request, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                let p = request.uri.queryParameters
                let urnText = (p.get("urn") ?? "").trimmingCharacters(in: .whitespaces)
                let area = p.get("area") ?? ""
                let mode = p.get("mode") ?? "any"
                let requestID = Int64(p.get("request") ?? "").flatMap { $0 > 0 ? $0 : nil }
                let areas = try await call(s) { c throws(ClientError) in try c.areaList() }
                var v: [String: Any] = [
                    "requestID": requestID.map { "\($0)" } ?? false,
                    "urn": urnText,
                    "areas": areas.areas.map { ["id": $0.id, "name": "\($0.name) (\($0.kind))", "selected": $0.id == area] },
                    "modes": [("any", "In person or online"), ("in-person", "In person"), ("online", "Online")].map {
                        ["value": $0.0, "label": $0.1, "selected": $0.0 == mode]
                    },
                ]
                var errors = FormErrors()
                if p.get("urn") != nil {
                    if Int32(urnText) == nil { errors.add("urn", "Enter the requesting school's URN, a number like 125259") }
                    if area.isEmpty { errors.add("area", "Choose the area the school needs help with") }
                }
                if errors.isEmpty, let urn = Int32(urnText), !area.isEmpty {
                    var q = Peerlink_V1_LinkMatch()
                    q.urn = urn
                    q.area = area
                    q.mode = mode
                    q.limit = 10
                    do {
                        let reply = try await call(s) { [q] c throws(ClientError) in try c.linkMatch(q) }
                        v["result"] = Self.matchValues(reply, urn: urn, area: area, mode: mode)
                    } catch ClientError.server(let e) where e.code == .badRequest || e.code == .notFound {
                        errors.add(e.field == "area" ? "area" : "urn", e.message)
                    }
                }
                v.merge(errors.values) { a, _ in a }
                return pages.page(
                    "match", title: (errors.isEmpty ? "" : "Error: ") + "Link match", v, session: s, flash: takeFlash(context),
                    status: errors.isEmpty ? .ok : .badRequest)
            }
        }

        // Open requests (each with a link to the match for it) and open links, each with a form to close it.
        router.get("/links") { _, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                var r = Peerlink_V1_LinkList()
                r.openOnly = true
                let list = try await call(s) { [r] c throws(ClientError) in try c.linkList(r) }
                let requests: [[String: Any]] = list.requests.map {
                    [
                        "id": $0.id, "urn": $0.urn, "school": $0.schoolName, "area": $0.area,
                        "areaName": $0.areaName.isEmpty ? $0.area : $0.areaName, "notes": $0.notes,
                        "mode": $0.mode.isEmpty ? "any" : $0.mode,
                    ]
                }
                let links: [[String: Any]] = list.links.map {
                    [
                        "id": $0.id, "requester": $0.requesterName, "nominee": $0.nomineeName,
                        "nomineeSchool": $0.nomineeSchoolName, "areaName": $0.areaName.isEmpty ? $0.area : $0.areaName,
                    ]
                }
                return pages.page(
                    "links", title: "Requests and links",
                    ["requests": requests, "hasRequests": !requests.isEmpty, "links": links, "hasLinks": !links.isEmpty],
                    session: s, flash: takeFlash(context))
            }
        }

        router.post("/links/{id}/close") { request, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                let f = try await form(request, s)
                var r = Peerlink_V1_LinkClose()
                r.id = Int64(context.parameters.get("id") ?? "") ?? 0
                r.outcome = f["outcome"].trimmingCharacters(in: .whitespacesAndNewlines)
                guard !r.outcome.isEmpty else {
                    // The form marks it required; a browser that ignores that gets the same answer here.
                    setFlash(context, "Link \(r.id) was not closed: say what came of it in Outcome.")
                    return Pages.redirect("/links")
                }
                do {
                    _ = try await call(s) { [r] c throws(ClientError) in try c.linkClose(r) }
                    setFlash(context, "Link \(r.id) is closed.")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict || e.code == .notFound {
                    setFlash(context, "Link \(r.id) was not closed: \(e.message)")
                }
                return Pages.redirect("/links")
            }
        }

        router.post("/links") { request, context -> Response in
            await signedIn(context, roles: ["adviser", "admin"]) { s in
                let f = try await form(request, s)
                var r = Peerlink_V1_LinkCreate()
                if let request = Int64(f["request_id"]), request > 0 {
                    r.requestID = request  // the request's school, area and mode
                } else {
                    r.urn = Int32(f["urn"]) ?? 0
                    r.area = f["area"]
                    r.mode = f["mode"] == "any" ? "" : f["mode"]
                }
                r.nominationID = Int64(f["nomination_id"]) ?? 0
                r.related = f["related"] == "yes"
                let back = "/match?urn=\(f["urn"])&area=\(f["area"])&mode=\(f["mode"])"
                do {
                    let link = try await call(s) { [r] c throws(ClientError) in try c.linkCreate(r) }
                    setFlash(context, "Link \(link.id) is made. Both schools have been emailed.")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    setFlash(context, "The link was not made: \(e.message)")
                }
                return Pages.redirect(back)
            }
        }
    }

    static func matchValues(_ reply: Peerlink_V1_LinkMatchReply, urn: Int32, area: String, mode: String) -> [String: Any] {
        func pct(_ x: Float) -> String { String(format: "%.2f", x) }
        let hits: [[String: Any]] = reply.hits.enumerated().map { i, h in
            var hit: [String: Any] = [
                "rank": i + 1, "nominationID": h.nominationID, "name": h.nomineeName, "role": h.nomineeRole,
                "school": h.school.name, "schoolURN": h.school.urn, "phase": h.school.phase, "la": h.school.laName,
                "total": pct(h.total), "expertise": pct(h.scores.expertise), "context": pct(h.scores.context),
                "proximity": pct(h.scores.proximity), "novelty": pct(h.scores.novelty),
                "availability": pct(h.scores.availability),
                "distance": h.hasDistanceKm ? String(format: "%.1f km", h.distanceKm) : "—",
                "load": "\(h.openLinks) of \(h.capacity)", "strength": h.strength,
                "reasons": h.reasonIndexes.compactMap { Int($0) < reply.reasonPhrases.count ? reply.reasonPhrases[Int($0)] : nil },
                "related": h.relatedArea, "isRelated": !h.relatedArea.isEmpty,
                "urn": urn, "area": area, "mode": mode,
            ]
            if h.strength.isEmpty { hit["strength"] = nil }
            return hit
        }
        // "same-school" → "Same school": the constraint's name as a person reads it.
        let removed = reply.excluded.sorted { $0.key < $1.key }.map { e -> [String: Any] in
            let words = e.key.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
            return ["why": words.prefix(1).uppercased() + words.dropFirst(), "count": e.value]
        }
        return [
            "requester": reply.requester.name, "requesterURN": reply.requester.urn, "area": reply.area.name,
            "considered": reply.considered, "consideredNoun": reply.considered == 1 ? "nomination" : "nominations", "removed": removed, "noneRemoved": removed.isEmpty, "hits": hits,
            "noHits": hits.isEmpty,
            "weights": "expertise \(pct(reply.weights.expertise)), context \(pct(reply.weights.context)), proximity \(pct(reply.weights.proximity)), novelty \(pct(reply.weights.novelty)), availability \(pct(reply.weights.availability))",
        ]
    }
}

extension WebApp {
    /// One row per area and LA (or region), every LA with an open school included, so a spreadsheet shows the
    /// gaps as zeros: UTF-8 with a byte-order mark, as Excel expects.
    static func coverageCSV(_ report: Peerlink_V1_LinkCoverageReport) -> [UInt8] {
        let unit = report.by == "region" ? "region" : "local authority"
        var rows: [[String]] = []
        for a in report.areas {
            let counts = Dictionary(a.groups.map { ($0.group, $0) }, uniquingKeysWith: { x, _ in x })
            for g in report.allGroups {
                let c = counts[g]
                rows.append([a.area, a.areaName, g, "\(c?.count ?? 0)", "\(c?.openRequests ?? 0)"])
            }
        }
        return SpreadsheetWriter.csv(header: ["area", "area name", unit, "available nominees", "open requests"], rows: rows)
    }

    /// The page's values: each area's supply and demand, where it has none, and what is asked for that nobody offers.
    static func coverageValues(_ report: Peerlink_V1_LinkCoverageReport, by: String, phase: String) -> [String: Any] {
        let names = Dictionary(report.areas.map { ($0.area, $0.areaName) }, uniquingKeysWith: { a, _ in a })
        let areas: [[String: Any]] = report.areas.map { a in
            let none = a.groupsWithNone
            return [
                "area": a.areaName.isEmpty ? a.area : a.areaName, "total": a.total, "requests": a.openRequests,
                "where": a.groups.filter { $0.count > 0 }.map { "\($0.group) \($0.count)" }.joined(separator: ", "),
                "short": a.groups.filter { $0.openRequests > $0.count }.map {
                    "\($0.group): \($0.openRequests) asked, \($0.count) available"
                }.joined(separator: "; "),
                "none": none.count == report.allGroups.count ? "all of them" : none.joined(separator: ", "),
                "noneCount": none.count,
            ]
        }
        let unit = by == "region" ? "region" : "LA"
        return [
            "areas": areas, "hasAreas": !areas.isEmpty, "unit": unit, "units": by == "region" ? "regions" : "LAs",
            "groupCount": report.allGroups.count,
            "asked": report.askedWithNone.map { names[$0] ?? $0 }, "hasAsked": !report.askedWithNone.isEmpty,
            "byLA": by == "la", "byRegion": by == "region",
            "phases": ([("", "All phases")] + Phase.allCases.map { ($0.rawValue, $0.rawValue) }).map {
                ["value": $0.0, "label": $0.1, "selected": $0.0 == phase]
            },
            "csvHref": "/coverage?by=\(by)&phase=\(phase)&format=csv",
        ]
    }
}

extension Navigation {
    /// The adviser's links at the top of every page.
    static let adviser: [[String: String]] = [
        ["href": "/schools", "label": "Find a school"], ["href": "/match", "label": "Link match"],
        ["href": "/links", "label": "Requests and links"], ["href": "/coverage", "label": "Coverage"],
    ]
}
