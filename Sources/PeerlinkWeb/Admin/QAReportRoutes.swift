import Foundation
import Hummingbird
import NIOCore
import PeerlinkClient
import PeerlinkImport
import PeerlinkWire

extension WebApp {
    /// The peer-support quality report (`peerlink report qa`): counts, durations, meetings and ratings, never a
    /// comment; as of today or a given day. `format=csv` downloads the rows `peerlink report qa --csv` prints.
    func addQAReportRoutes(_ router: Router<WebContext>) {
        router.get("/admin/reports/qa") { request, context -> Response in
            await signedIn(context, roles: ["admin"]) { s in
                let p = request.uri.queryParameters
                var r = Peerlink_V1_QAReportRequest()
                r.date = (p.get("date") ?? "").trimmingCharacters(in: .whitespaces)
                var errors = FormErrors()
                var report: Peerlink_V1_PeerSupportQAReport?
                do {
                    report = try await call(s) { [r] c throws(ClientError) in try c.reportQa(r) }
                } catch ClientError.server(let e) where e.code == .badRequest {
                    errors.add("date", e.message)
                }
                if let report, p.get("format") == "csv" {
                    let rows = report.fields.filter { !$0.1.isEmpty }.map { [$0.0, $0.1] }
                    var headers = HTTPFields()
                    headers[.contentType] = "text/csv; charset=utf-8"
                    headers[.contentDisposition] = "attachment; filename=\"peerlink-qa-\(report.date).csv\""
                    let csv = SpreadsheetWriter.csv(header: ["field", "value"], rows: rows)
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: csv)))
                }
                var v: [String: Any] = ["date": r.date]
                if let report { v.merge(Self.qaValues(report)) { _, b in b } }
                v.merge(errors.values) { a, _ in a }
                return pages.page(
                    "qa-report",
                    title: (errors.isEmpty ? "" : "Error: ") + "Quality report",
                    v,
                    session: s,
                    flash: takeFlash(context),
                    status: errors.isEmpty ? .ok : .badRequest
                )
            }
        }
    }

    /// The report's figures for its page, table by table.
    static func qaValues(_ q: Peerlink_V1_PeerSupportQAReport) -> [String: Any] {
        func row(_ label: String, _ value: Any) -> [String: Any] { ["label": label, "value": value] }
        func days(_ label: String, _ s: Peerlink_V1_DaySummary) -> [String: Any] {
            [
                "label": label, "count": s.count, "min": s.min, "median": s.median, "max": s.max,
                "mean": String(format: "%.1f", s.mean),
            ]
        }
        var spreads: [[String: Any]] = []
        if q.hasClosedDurationDays {
            spreads.append(days("Length of a closed engagement, in days", q.closedDurationDays))
        }
        if q.hasMeetingsPerClosedEngagement {
            spreads.append(days("Meetings in a closed engagement", q.meetingsPerClosedEngagement))
        }
        return [
            "report": true, "asOf": q.date,
            "supporters": [
                row("Supporter profiles", q.supporters), row("Active", q.activeSupporters),
                row("Eligible today", q.eligibleSupporters),
                row("Supervision meetings recorded", q.supervisionMeetings),
            ],
            "requests": [
                row("Requests for support", q.requests), row("Still open", q.openRequests),
                row("Withdrawn", q.withdrawnRequests), row("Profiles declined by heads", q.declines),
            ],
            "engagements": [
                row("In progress", q.activeEngagements), row("Closed", q.closedEngagements),
                row("Extended beyond the first cycle", q.extendedEngagements),
            ],
            "spreads": spreads, "hasSpreads": !spreads.isEmpty,
            "meetings": [row("Meetings", q.meetings), row("Minutes in all", q.meetingMinutes)],
            "modes": q.meetingsByMode.sorted { $0.key < $1.key }.map { row($0.key, $0.value) },
            "hasModes": !q.meetingsByMode.isEmpty,
            "feedback": [
                row("Feedback given", q.feedback), row("Shared with the supporter", q.sharedFeedback),
                row("Mean rating", q.hasMeanRating ? String(format: "%.1f out of 5", q.meanRating) : "no ratings yet"),
            ],
            "ratings": q.ratingCounts.enumerated().map { row("\($0.offset + 1)", $0.element) },
            "escalations": q.escalations,
            "csvHref": "/admin/reports/qa?format=csv" + (q.date.isEmpty ? "" : "&date=\(q.date)"),
        ]
    }
}
