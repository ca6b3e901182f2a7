import PeerlinkCore
import Testing

@testable import PeerlinkStore

/// Every peer-support record written to SQLite comes back equal, child rows (skills, ratings, concerns) included.
@Suite struct PeerSupportStoreTests {
    @Test func everyRecordRoundTrips() throws {
        let store = try Store(path: ":memory:")
        let day = Day(year: 2026, month: 11, day: 24)!
        let school = School(
            urn: 400001, name: "Ash Primary", phase: .primary, type: "Community school", typeGroup: "Local authority maintained schools",
            status: .open, laCode: 936, laName: "Surrey", region: "South East", urbanRural: "", pupils: nil,
            capacity: nil, easting: nil, northing: nil, postcode: "", town: "", trust: nil, federation: nil,
            religiousCharacter: nil, inspection: .good, inspectionDate: nil)
        let head = Person(id: 1, name: "Ava", email: "ava@ash.sch.uk", urn: 400001, role: "Headteacher")
        let sup = Person(id: 2, name: "Ben", email: "ben@ash.sch.uk", urn: 400001, role: "Headteacher")
        let profile = SupporterProfile(
            id: 1, personID: 2, summary: "Summary", skills: ["school-improvement", "wellbeing"],
            regionsServed: ["South East", "London"], capacity: 3, status: .paused, trainingCompleted: day,
            coachingRecord: "Coach", knowsLocalProcesses: true, recordedInspection: .outstanding, createdAt: 5,
            updatedAt: 6)
        let supervision = SupervisionMeeting(id: 1, profileID: 1, day: day, minutes: 90, recordedAt: 7)
        let assessment = NeedsAssessment(
            id: 1, headID: 1, assessedOn: day, ratings: ["teaching": .secure, "school-improvement": .priorityNeed],
            createdAt: 8)
        let target = NeedsTarget(
            id: 1, headID: 1, areaID: "school-improvement", text: "Plan", due: day.adding(days: 100),
            successCriteria: "Adopted", baseline: .priorityNeed, createdOn: day, updatedAt: 9)
        let review = TargetReview(
            id: 1, targetID: 1, reviewedOn: day, rating: .developing, note: "Better", statusAfter: .met, createdAt: 10)
        let request = SupportRequest(
            id: 1, headID: 1, concerns: ["school-improvement", "teaching"], mode: .inPerson, status: .engaged,
            createdAt: 11, updatedAt: 12)
        let decline = SupportDecline(requestID: 1, profileID: 1, declinedAt: 13)
        let engagement = Engagement(
            id: 1, requestID: 1, headID: 1, profileID: 1, start: day, extensions: 1, status: .closed,
            closedOn: day.adding(days: 30), createdAt: 14, updatedAt: 15, reviewNoticeFor: day.adding(months: 6))
        let meeting = EngagementMeeting(
            id: 1, engagementID: 1, start: LocalDateTime(day: day, minute: 600), minutes: 45, mode: .online,
            recordedBy: 2, recordedAt: 16)
        let engagementReview = EngagementReview(
            id: 1, engagementID: 1, reviewedOn: day, decision: .continue, until: day.adding(days: 200),
            recordedBy: nil, recordedAt: 17)
        let feedback = EngagementFeedback(
            engagementID: 1, rating: 4, comment: "Good", shared: false, givenBy: 1, givenAt: 18)
        let escalation = SafeguardingEscalation(
            id: 1, engagementID: 1, contactName: "Sam", raisedBy: 2, raisedByRole: .supporter, raisedAt: 19)

        let results = store.commit([
            Change([school, head, sup]),
            Change([
                profile, supervision, assessment, target, review, request, decline, engagement, meeting,
                engagementReview, feedback, escalation,
            ]),
        ])
        #expect(results.allSatisfy { $0 == nil }, "\(results)")

        let d = try store.loadDirectory()
        #expect(d.supporterScanIsCurrent)  // made once at the end of the load
        let book = d.peerSupport
        #expect(book.profiles[1] == profile)
        #expect(book.supervision[1] == supervision)
        #expect(book.assessments[1] == assessment)
        #expect(book.targets[1] == target)
        #expect(book.targetReviews[1] == review)
        #expect(book.requests[1] == request)
        #expect(book.isDeclined(profileID: 1, forRequest: 1))
        #expect(book.engagements[1] == engagement)
        #expect(book.meetings[1] == meeting)
        #expect(book.reviews[1] == engagementReview)
        #expect(book.feedback[1] == feedback)
        #expect(book.escalations[1] == escalation)

        // Rewriting a record replaces its child rows.
        var changed = profile
        changed.skills = ["behaviour"]
        #expect(store.commit([Change([changed])]).allSatisfy { $0 == nil })
        let reloaded = try store.loadDirectory()
        #expect(reloaded.peerSupport.profiles[1]?.skills == ["behaviour"] && reloaded.supporterScanIsCurrent)

        // A deleted meeting stays in the table, with its deletion time, and is not loaded.
        var deleted = meeting
        deleted.deletedAt = 40
        #expect(store.commit([Change([deleted])]).allSatisfy { $0 == nil })
        let after = try store.loadDirectory()
        #expect(after.peerSupport.meetings[1] == nil && after.peerSupport.meetings(ofEngagement: 1).isEmpty)
        #expect(try store.db.scalar("SELECT deleted_at FROM engagement_meetings WHERE id = 1") == 40)
        #expect(after.highestID["meeting"] == 1)  // its id is never reused
    }
}
