import PeerlinkCore
import Testing

/// Engagements start on Monday 2025-03-10, so the cycle ends on 2025-09-10 and its review opens on 2025-08-11.
struct PeerSupportEngagementTests {
    func started(capacity: Int = 2) -> (PeerSupportFixture, engagement: Int64, profile: Int64) {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10, capacity: capacity)
        let e = f.engagement(profileID: p)
        return (f, e, p)
    }

    /// Six one-hour meetings on consecutive weekdays from Tuesday 11 March.
    func sixMeetings(_ f: inout PeerSupportFixture, _ e: Int64) {
        for day in ["11", "12", "13", "14", "17", "18"] {
            #expect(f.meet(e, "2025-03-\(day)T10:00") == nil)
        }
    }

    func review(
        _ f: inout PeerSupportFixture, _ e: Int64, on day: String, _ decision: ReviewDecision, until: String? = nil
    ) -> PeerlinkError? {
        do {
            let (c, _) = try f.directory.prepareEngagementReview(
                engagementID: e, on: Day(iso: day)!, decision: decision, until: until.flatMap { Day(iso: $0) },
                recordedBy: f.headID, ids: &f.ids, now: PeerSupportFixture.now)
            f.commit(c)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Cycle limits

    @Test func theFirstMeetingLastsAtMostAnHour() {
        var (f, e, _) = started()
        #expect(
            f.meet(e, "2025-03-11T10:00", minutes: 90)
                == .badRequest("the first meeting lasts at most 60 minutes; 90 were given", field: "minutes"))
        #expect(f.meet(e, "2025-03-11T10:00", minutes: 60) == nil)
        #expect(f.meet(e, "2025-03-12T10:00", minutes: 90) == nil)
    }

    @Test func aSeventhMeetingIsRefused() {
        var (f, e, _) = started()
        sixMeetings(&f, e)
        #expect(
            f.meet(e, "2025-03-19T10:00")
                == PeerlinkError(
                    .limitExceeded,
                    "engagement \(e) already has 6 meetings, the most a cycle allows (an initial meeting and at most 6 "
                        + "in all); a review at six months can extend it", field: "date"))
    }

    @Test func aMeetingAfterSixMonthsIsRefusedWithoutAnExtension() {
        var (f, e, _) = started()
        #expect(f.directory.peerSupport.engagements[e]?.end == Day(iso: "2025-09-10"))
        #expect(f.meet(e, "2025-09-10T10:00") == nil)
        #expect(
            f.meet(e, "2025-09-11T10:00")
                == PeerlinkError(
                    .limitExceeded,
                    "the meeting on 2025-09-11 is after the cycle ends on 2025-09-10 (six months from its start on "
                        + "2025-03-10); a cycle lasts at most six months unless its review records an extension "
                        + "(`peerlink engagement review \(e) --decision continue --until DATE`)", field: "date"))
        // A review that continues without an extension changes nothing.
        #expect(review(&f, e, on: "2025-09-01", .continue) == nil)
        #expect(f.meet(e, "2025-09-11T10:00")?.code == .limitExceeded)
    }

    @Test func aReviewAtSixMonthsExtendsTheCycleAndItsMeetings() {
        var (f, e, _) = started()
        sixMeetings(&f, e)
        #expect(review(&f, e, on: "2025-08-20", .continue, until: "2026-01-30") == nil)
        let extended = f.directory.peerSupport.engagements[e]!
        #expect(extended.end == Day(iso: "2026-01-30"))
        #expect(extended.meetingLimit == 12)
        #expect(f.meet(e, "2025-09-11T10:00") == nil)  // seventh meeting, after six months: both allowed now
        #expect(f.meet(e, "2026-02-02T10:00")?.code == .limitExceeded)
    }

    @Test func anExtensionIsDecidedOnlyAtTheSixMonthReviewAndForAtMostSixMoreMonths() {
        var (f, e, _) = started()
        #expect(
            review(&f, e, on: "2025-06-02", .continue, until: "2025-12-01")
                == .badRequest(
                    "an extension is decided at the six-month review, which opens on 2025-08-11 (a month before the "
                        + "cycle ends on 2025-09-10); 2025-06-02 is too early", field: "until"))
        #expect(
            review(&f, e, on: "2025-08-20", .continue, until: "2026-04-01")
                == .badRequest(
                    "an extension reaches at most six months past the current end, so 2026-03-10 at the latest; "
                        + "review again then", field: "until"))
        #expect(
            review(&f, e, on: "2025-08-20", .continue, until: "2025-09-01")
                == .badRequest(
                    "the extension must end after the current end (2025-09-10); 2025-09-01 does not", field: "until"))
        #expect(
            review(&f, e, on: "2025-08-20", .close, until: "2025-12-01")
                == .badRequest("--until goes with --decision continue; a closing review ends the cycle", field: "until")
        )
    }

    @Test func aClosingReviewClosesTheEngagement() {
        var (f, e, _) = started()
        #expect(review(&f, e, on: "2025-08-20", .close) == nil)
        let closed = f.directory.peerSupport.engagements[e]!
        #expect(closed.status == .closed && closed.closedOn == Day(iso: "2025-08-20"))
        #expect(
            f.meet(e, "2025-08-21T10:00")
                == .conflict("engagement \(e) is closed; meetings cannot be added to a closed cycle", field: "id"))
    }

    // MARK: Working week, working day, term time

    @Test(arguments: [("2025-03-15T10:00", "Saturday"), ("2025-03-16T10:00", "Sunday")])
    func weekendMeetingsAreRefused(when: String, name: String) {
        var (f, e, _) = started()
        let day = String(when.prefix(10))
        #expect(
            f.meet(e, when)
                == .badRequest(
                    "\(day) is a \(name); contact stays within the working week (Monday to Friday)", field: "date"))
    }

    @Test func meetingsStayWithinTheWorkingDay() {
        var (f, e, _) = started()
        #expect(
            f.meet(e, "2025-03-11T16:30")
                == .badRequest(
                    "contact stays within the working day (08:00–17:00); 16:30 for 60 minutes falls outside it",
                    field: "date"))
        #expect(
            f.meet(e, "2025-03-11T07:30", minutes: 30)?.message.hasPrefix("contact stays within the working day")
                == true)
        #expect(f.meet(e, "2025-03-11T16:00") == nil)  // ends at 17:00 exactly
    }

    @Test func meetingsStayOutsideTheHeadsAuthoritysHolidays() {
        var (f, e, _) = started()
        #expect(
            f.meet(e, "2025-04-03T10:00")
                == .badRequest(
                    "2025-04-03 is in the Easter holiday (2025-04-03 to 2025-04-17); contact stays within term time",
                    field: "date"))
        // Hampshire's own term dates add to the default list, whose Easter runs to 21 April: both apply.
        #expect(
            f.meet(e, "2025-04-18T10:00")
                == .badRequest(
                    "2025-04-18 is in the Easter holiday (2025-04-07 to 2025-04-21); contact stays within term time",
                    field: "date"))
    }

    @Test func meetingsAreRecordedInOrder() {
        var (f, e, _) = started()
        #expect(f.meet(e, "2025-03-12T10:00") == nil)
        #expect(
            f.meet(e, "2025-03-12T10:30")
                == .badRequest(
                    "meetings are recorded in order: this one starts at 2025-03-12T10:30, before the previous meeting "
                        + "(2025-03-12T10:00, 60 minutes) ends", field: "date"))
    }

    // MARK: Capacity and reminders

    @Test func anEngagementUsesOneUnitOfCapacityUntilClosed() throws {
        var (f, e, p) = started(capacity: 1)
        #expect(f.directory.peerSupport.activeEngagementCount(profileID: p) == 1)
        let second = f.request()
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareEngagementStart(
                requestID: second, profileID: p, on: PeerSupportFixture.today, ids: &f.ids, now: PeerSupportFixture.now)
        }
        #expect(
            error
                == .conflict(
                    "supporter \(p) cannot take this request: no spare capacity: 1 of 1 engagements in progress",
                    field: "supporter"))
        f.commit(try f.directory.prepareEngagementClose(engagementID: e, on: PeerSupportFixture.today, now: 0))
        #expect(f.directory.peerSupport.activeEngagementCount(profileID: p) == 0)
        let (c, _) = try f.directory.prepareEngagementStart(
            requestID: second, profileID: p, on: PeerSupportFixture.today, ids: &f.ids, now: PeerSupportFixture.now)
        f.commit(c)
        #expect(f.directory.peerSupport.requests[second]?.status == .engaged)
    }

    @Test func aDeclinedSupporterCannotBeEngagedForThatRequest() throws {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        let r = f.request()
        f.commit(try f.directory.prepareDecline(requestID: r, profileID: p, now: 0))
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareEngagementStart(
                requestID: r, profileID: p, on: PeerSupportFixture.today, ids: &f.ids, now: PeerSupportFixture.now)
        }
        #expect(
            error
                == .conflict(
                    "supporter \(p) cannot take this request: the head declined this supporter for request \(r)",
                    field: "supporter"))
    }

    @Test func theDueListNamesReviewsDueAndCyclesPastTheirEnd() {
        var (f, e, p) = started()
        let other = f.engagement(profileID: p, start: Day(iso: "2025-03-20")!)
        #expect(f.directory.engagementsDue(on: Day(iso: "2025-08-10")!).isEmpty)
        let due = f.directory.engagementsDue(on: Day(iso: "2025-08-11")!)
        #expect(due.map(\.engagementID) == [e])
        #expect(
            due.first?.message
                == "engagement \(e) reaches its end on 2025-09-10 without a review; review it (continue, with --until "
                + "to extend, or close)")
        #expect(review(&f, e, on: "2025-08-15", .continue) == nil)
        #expect(f.directory.engagementsDue(on: Day(iso: "2025-08-25")!).map(\.engagementID) == [other])
        let later = f.directory.engagementsDue(on: Day(iso: "2025-09-11")!)
        #expect(later.map(\.kind) == [.pastEnd, .reviewDue])
        #expect(
            later.first?.message
                == "engagement \(e) passed its end on 2025-09-10; record a review to extend it or close it")
    }

    // MARK: Feedback and escalation

    @Test func feedbackIsGivenAfterCloseAndOnlyByTheHead() throws {
        var (f, e, p) = started()
        let supporterPerson = f.directory.peerSupport.profiles[p]!.personID
        func give(_ by: Int64?, rating: Int = 4) -> PeerlinkError? {
            refusal { () throws(PeerlinkError) in
                try f.directory.prepareFeedback(
                    engagementID: e, rating: rating, comment: "helpful", share: false, by: by, now: 0)
            }
        }
        #expect(
            give(f.headID)
                == .conflict(
                    "feedback is asked for after the cycle closes; engagement \(e) is still active", field: "id"))
        f.commit(try f.directory.prepareEngagementClose(engagementID: e, on: Day(iso: "2025-06-02")!, now: 0))
        #expect(
            give(supporterPerson) == .forbidden("only the head who was supported gives feedback on engagement \(e)"))
        #expect(give(nil)?.code == .forbidden)
        #expect(
            give(f.headID, rating: 6) == .badRequest("rating must be 1 (poor) to 5 (excellent), got 6", field: "rating")
        )
        let (c, fb) = try f.directory.prepareFeedback(
            engagementID: e, rating: 5, comment: "  very  helpful ", share: false, by: f.headID, now: 9)
        f.commit(c)
        #expect(fb.comment == "very helpful" && !fb.shared)
        #expect(give(f.headID) == .conflict("feedback on engagement \(e) was already given", field: "id"))
    }

    @Test func anEscalationRecordsWhoAndWhenButNeverTheContent() throws {
        var (f, e, _) = started()
        let (c, x) = try f.directory.prepareEscalation(
            engagementID: e, contactName: "Sam Lead (LADO)", by: f.headID, role: .head, ids: &f.ids, now: 1234)
        f.commit(c)
        #expect(f.directory.peerSupport.escalations(ofEngagement: e) == [x])
        #expect(x.contactName == "Sam Lead (LADO)" && x.raisedBy == f.headID && x.raisedAt == 1234)
        #expect(
            refusal { () throws(PeerlinkError) in
                try f.directory.prepareEscalation(
                    engagementID: e, contactName: " ", by: nil, role: .admin, ids: &f.ids, now: 0)
            }?.code == .unavailable)
    }
}
