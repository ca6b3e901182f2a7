import Foundation
import Hummingbird
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension WebApp {
    /// The end of a cycle on the engagement page: the review (continue, extended at the six-month review, or
    /// close), closing, and the head's feedback with the choice of sharing it with the supporter. The daemon
    /// decides who may do each (participants review and close; only the head gives feedback, once, after the
    /// cycle closes) and its refusals are shown beside the fields.
    func addEngagementCycleRoutes(_ router: Router<WebContext>) {
        router.post("/engagements/{id}/review") { request, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                let decision = f["decision"]
                var errors = FormErrors()
                if decision != "continue" && decision != "close" {
                    errors.add("decision", "Choose whether the support continues or the cycle closes")
                }
                if !errors.isEmpty { return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_EngagementReviewAdd()
                r.engagementID = id
                r.decision = decision
                r.until = f["until"]
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.engagementReview(r) }
                    setFlash(
                        context,
                        decision == "close"
                            ? "The review is recorded and engagement \(id) is closed."
                            : "The review is recorded: the support continues until \(v.engagement.end)."
                    )
                    return Pages.redirect("/engagements/\(id)")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add(e.field == "until" ? "until" : "decision", e.message)
                    return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.post("/engagements/{id}/close") { request, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var r = Peerlink_V1_EngagementClose()
                r.engagementID = id
                do {
                    let v = try await call(s) { [r] c throws(ClientError) in try c.engagementClose(r) }
                    setFlash(
                        context,
                        "Engagement \(id) is closed (\(v.engagement.closedOn)). "
                            + (s.role == "head"
                                ? "Please tell us how it went below."
                                : "The head is asked for feedback by email.")
                    )
                    return Pages.redirect("/engagements/\(id)")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add("close", e.message)
                    return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil)
                }
            }
        }

        router.post("/engagements/{id}/feedback") { request, context -> Response in
            await signedIn(context, roles: ["head"]) { s in
                let id = Int64(context.parameters.get("id") ?? "") ?? 0
                let f = try await form(request, s)
                var errors = FormErrors()
                let rating = UInt32(f["rating"]).flatMap { (1...5).contains($0) ? $0 : nil }
                if rating == nil { errors.add("rating", "Choose a rating from 1 (poor) to 5 (excellent)") }
                if f.has("comment"), f["comment"].count > EngagementFeedback.maximumCommentLength {
                    errors.add(
                        "comment",
                        "Shorten your comment to \(EngagementFeedback.maximumCommentLength) characters or fewer"
                    )
                }
                let share = f["share"]
                if share != "yes" && share != "no" {
                    errors.add("share", "Choose whether your supporter may read your feedback")
                }
                if !errors.isEmpty { return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil) }
                var r = Peerlink_V1_FeedbackGive()
                r.engagementID = id
                r.rating = rating ?? 0
                r.comment = f["comment"]
                r.share = share == "yes"
                do {
                    let given = try await call(s) { [r] c throws(ClientError) in try c.engagementFeedback(r) }
                    setFlash(
                        context,
                        "Thank you: your feedback is recorded"
                            + (given.shared ? " and shared with your supporter." : ". Your supporter will not see it.")
                    )
                    return Pages.redirect("/engagements/\(id)/feedback")
                } catch ClientError.server(let e) where e.code == .badRequest || e.code == .conflict {
                    var errors = FormErrors()
                    errors.add(e.field == "rating" || e.field == "comment" ? e.field! : "feedback", e.message)
                    return try await engagementPage(s, id: id, form: f, errors: errors, flash: nil)
                }
            }
        }

        // The feedback given, as `feedback_get` lets the caller see it: the head their own; the supporter only
        // what the head shared; otherwise 403, and 404 when none has been given.
        router.get("/engagements/{id}/feedback") { _, context -> Response in
            await signedIn(context, roles: ["head", "supporter", "admin"]) { s in
                var r = Peerlink_V1_FeedbackGet()
                r.engagementID = Int64(context.parameters.get("id") ?? "") ?? 0
                let fb = try await call(s) { [r] c throws(ClientError) in try c.feedbackGet(r) }
                var values: [String: Any] = [
                    "id": fb.engagementID, "rating": fb.rating,
                    "given": LondonTime.day(atUnixSeconds: fb.givenAt).description,
                    "shared": fb.shared, "isHead": s.role == "head",
                ]
                if !fb.comment.isEmpty { values["comment"] = fb.comment }  // a section: present only when given
                return pages.page(
                    "feedback",
                    title: "Feedback on engagement \(fb.engagementID)",
                    values,
                    session: s,
                    flash: takeFlash(context)
                )
            }
        }
    }

    /// The engagement page's review, closing and feedback parts for `role` (the daemon's reply already holds
    /// feedback only when the caller may see it).
    static func cycleValues(_ v: Peerlink_V1_EngagementView, role: String, form f: Form) -> [String: Any] {
        let active = v.engagement.status == "active"
        let closed = !active
        let rating = f["rating"]
        return [
            "reviews": v.reviews.map { r -> [String: Any] in
                var row: [String: Any] = ["date": r.date, "close": r.decision == "close"]
                // A section in the template: present only when the review extended the cycle.
                if r.decision == "continue" && !r.until.isEmpty { row["extended"] = r.until }
                return row
            },
            "noReviews": v.reviews.isEmpty,
            "decisionContinue": f["decision"] == "continue", "decisionClose": f["decision"] == "close",
            "until": f["until"],
            "feedbackForm": closed && role == "head" && !v.hasFeedback,
            "ratings": (1...5).map { n -> [String: Any] in
                [
                    "n": n, "label": ["poor", "not good", "fair", "good", "excellent"][n - 1],
                    "checked": rating == "\(n)",
                ]
            },
            "comment": f["comment"], "shareYes": f["share"] == "yes", "shareNo": f["share"] == "no",
            "feedbackGiven": v.hasFeedback,
            "feedbackRating": v.feedback.rating,
            "feedbackGivenOn": v.hasFeedback ? LondonTime.day(atUnixSeconds: v.feedback.givenAt).description : "",
            "supporterUnshared": closed && role == "supporter" && !v.hasFeedback,
        ]
    }
}
