import PeerlinkCore
import Testing

/// Issue 21's corrections: England's clock, the per-LA holiday union, future meetings and closings refused,
/// meetings corrected and deleted, work emails only, and strengths that must name a nominated area.
struct FidelityTests {
    static func unix(_ iso: String, hour: Int, minute: Int = 0) -> Int64 {
        Int64(Day(iso: iso)!.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    // MARK: Europe/London

    /// 2025: BST from 01:00 UTC on Sunday 30 March to 01:00 UTC on Sunday 26 October.
    @Test func todayIsEnglandsDayAcrossTheBSTBoundaries() {
        // 23:30 UTC on 29 March is still GMT: the same day.
        #expect(LondonTime.day(atUnixSeconds: Self.unix("2025-03-29", hour: 23, minute: 30)) == Day(iso: "2025-03-29"))
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2025-03-30", hour: 0, minute: 59)) == 0)
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2025-03-30", hour: 1)) == 3600)
        // 23:30 UTC on 1 June is 00:30 BST on 2 June: "today" is the 2nd, though UTC says the 1st.
        let lateJune = Self.unix("2025-06-01", hour: 23, minute: 30)
        #expect(Day(unixSeconds: lateJune) == Day(iso: "2025-06-01"))
        #expect(LondonTime.day(atUnixSeconds: lateJune) == Day(iso: "2025-06-02"))
        #expect(LondonTime.localDateTime(atUnixSeconds: lateJune) == LocalDateTime(iso: "2025-06-02T00:30"))
        // Back to GMT at 01:00 UTC on 26 October.
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2025-10-26", hour: 0, minute: 59)) == 3600)
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2025-10-26", hour: 1)) == 0)
        #expect(LondonTime.day(atUnixSeconds: Self.unix("2025-12-01", hour: 23, minute: 30)) == Day(iso: "2025-12-01"))
        // Other years' last Sundays: 2024 (31 March, 27 October), 2026 (29 March, 25 October).
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2024-03-31", hour: 1)) == 3600)
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2024-10-27", hour: 1)) == 0)
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2026-03-29", hour: 0, minute: 30)) == 0)
        #expect(LondonTime.offsetSeconds(atUnixSeconds: Self.unix("2026-10-25", hour: 0, minute: 30)) == 3600)
    }

    // MARK: Holidays

    @Test func anAuthoritysHolidaysAddToTheNationalList() {
        let christmas = SchoolCalendar.Holiday(
            name: "Christmas holiday",
            first: Day(iso: "2025-12-22")!,
            last: Day(iso: "2026-01-02")!
        )
        let inset = SchoolCalendar.Holiday(
            name: "INSET day",
            first: Day(iso: "2025-11-14")!,
            last: Day(iso: "2025-11-14")!
        )
        let calendar = SchoolCalendar(defaultHolidays: [christmas], holidaysByLA: [936: [inset]])
        #expect(calendar.holidays(forLA: 936) == [inset, christmas])
        #expect(calendar.holiday(on: Day(iso: "2025-12-23")!, laCode: 936) == christmas)
        #expect(calendar.holiday(on: Day(iso: "2025-11-14")!, laCode: 936) == inset)
        #expect(calendar.holiday(on: Day(iso: "2025-11-14")!, laCode: 850) == nil)
        #expect(calendar.holidays(forLA: 850) == [christmas])
    }

    // MARK: Meetings and closing

    func started() -> (PeerSupportFixture, Int64) {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        let e = f.engagement(profileID: p)
        return (f, e)
    }

    @Test func aMeetingAfterNowIsRefused() {
        var (f, e) = started()
        let now = Self.unix("2025-03-12", hour: 9)  // Wednesday 09:00 GMT
        func meet(_ when: String) -> PeerlinkError? {
            do {
                _ = try f.directory.prepareMeeting(
                    engagementID: e,
                    start: LocalDateTime(iso: when)!,
                    minutes: 60,
                    mode: .online,
                    calendar: PeerSupportFixture.calendar,
                    recordedBy: f.headID,
                    ids: &f.ids,
                    now: now
                )
                return nil
            } catch { return error }
        }
        #expect(
            meet("2025-03-13T10:00")
                == .badRequest(
                    "the meeting on 2025-03-13 is after today (2025-03-12); record a meeting once it has happened",
                    field: "date"
                )
        )
        #expect(meet("2025-03-12T10:00")?.message.contains("has not started yet") == true)
        #expect(meet("2025-03-11T10:00") == nil)
    }

    @Test func closingBeforeARecordedMeetingIsRefused() throws {
        var (f, e) = started()
        #expect(f.meet(e, "2025-03-11T10:00") == nil)
        #expect(f.meet(e, "2025-03-20T10:00") == nil)
        let error = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareEngagementClose(
                engagementID: e,
                on: Day(iso: "2025-03-14")!,
                now: PeerSupportFixture.later
            )
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("meeting on 2025-03-20, after the closing date 2025-03-14") == true)
        let review = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareEngagementReview(
                engagementID: e,
                on: Day(iso: "2025-03-14")!,
                decision: .close,
                until: nil,
                recordedBy: nil,
                ids: &f.ids,
                now: PeerSupportFixture.later
            )
        }
        #expect(review?.code == .conflict)
        f.commit(
            try f.directory.prepareEngagementClose(
                engagementID: e,
                on: Day(iso: "2025-03-20")!,
                now: PeerSupportFixture.later
            )
        )
        #expect(f.directory.peerSupport.engagements[e]?.status == .closed)
    }

    @Test func supervisionIsRecordedUpToToday() {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        let error = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareSupervision(
                profileID: p,
                day: PeerSupportFixture.today.adding(days: 1),
                minutes: 45,
                ids: &f.ids,
                now: PeerSupportFixture.now
            )
        }
        #expect(error?.field == "date" && error?.message.contains("after today") == true)
    }

    @Test func aMeetingIsCorrectedAndDeletedByItsRecorderWithinADayOrByAnAdmin() throws {
        var (f, e) = started()
        #expect(f.meet(e, "2025-03-20T10:00") == nil)  // meant 2025-03-13: it blocked recording earlier ones
        #expect(f.meet(e, "2025-03-14T10:00")?.message.contains("recorded in order") == true)
        let wrong = f.directory.peerSupport.meetings(ofEngagement: e)[0]
        let later = PeerSupportFixture.later
        // The head who recorded it corrects it within a day.
        let (c, fixed) = try f.directory.prepareMeetingUpdate(
            meetingID: wrong.id,
            start: LocalDateTime(iso: "2025-03-13T10:00"),
            minutes: nil,
            mode: nil,
            calendar: PeerSupportFixture.calendar,
            personID: f.headID,
            role: .head,
            now: later
        )
        f.commit(c)
        #expect(fixed.start == LocalDateTime(iso: "2025-03-13T10:00"))
        #expect(f.meet(e, "2025-03-14T10:00") == nil)
        // Someone else, or the recorder a day later, may not; an admin may.
        let other = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareMeetingDelete(meetingID: wrong.id, personID: 10, role: .supporter, now: later)
        }
        #expect(other?.code == .forbidden)
        let stale = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareMeetingDelete(
                meetingID: wrong.id,
                personID: f.headID,
                role: .head,
                now: later + 86_401
            )
        }
        #expect(stale?.code == .forbidden)
        // A correction that overlaps another meeting is refused.
        let overlap = #expect(throws: PeerlinkError.self) {
            try f.directory.prepareMeetingUpdate(
                meetingID: wrong.id,
                start: LocalDateTime(iso: "2025-03-14T10:30"),
                minutes: nil,
                mode: nil,
                calendar: PeerSupportFixture.calendar,
                personID: nil,
                role: .admin,
                now: later
            )
        }
        #expect(overlap?.message.contains("overlaps") == true)
        // A correction holds a meeting to the length a recorded one may have.
        for minutes in [0, 481] {
            let length = #expect(throws: PeerlinkError.self) {
                try f.directory.prepareMeetingUpdate(
                    meetingID: wrong.id, start: nil, minutes: minutes, mode: nil, calendar: PeerSupportFixture.calendar,
                    personID: nil, role: .admin, now: later)
            }
            #expect(length?.field == "minutes" && length?.message.contains("1 to 480 minutes") == true)
        }
        f.commit(
            try f.directory.prepareMeetingDelete(meetingID: wrong.id, personID: nil, role: .admin, now: later + 86_401)
        )
        #expect(
            f.directory.peerSupport.meetings(ofEngagement: e).map(\.start) == [LocalDateTime(iso: "2025-03-14T10:00")!]
        )
        #expect(throws: PeerlinkError.self) {
            try f.directory.prepareMeetingDelete(meetingID: wrong.id, personID: nil, role: .admin, now: later)
        }
    }

    // MARK: Work emails and strengths

    @Test func aPersonalAddressIsRefusedUnlessItsDomainIsAllowed() throws {
        var w = LinkWorld()
        let urn = w.addSchool()
        let draft = NominationDraft(
            urn: urn,
            nomineeName: "Bo Lee",
            nomineeEmail: "bo.lee@GMAIL.com",
            nomineeRole: "Head of Maths",
            areas: [("mathematics", "")],
            consent: true
        )
        let error = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareNomination(draft, ids: &w.ids, now: LinkWorld.now)
        }
        #expect(error?.field == "email" && error?.message.contains("gmail.com is a personal mail domain") == true)
        #expect(EmailPolicy.standard.refusal("a@mail.yahoo.co.uk") != nil)  // subdomains too
        #expect(EmailPolicy.standard.refusal("a@hill.sch.uk") == nil)
        let allowing = EmailPolicy(allowedDomains: ["gmail.com"])
        let (change, _) = try w.directory.prepareNomination(
            draft,
            emailPolicy: allowing,
            ids: &w.ids,
            now: LinkWorld.now
        )
        w.apply(change)
        let custom = EmailPolicy(personalDomains: ["example.net"])
        #expect(custom.refusal("x@gmail.com") == nil && custom.refusal("x@example.net") != nil)
    }

    @Test func aStrengthForAnAreaNotNominatedIsRefusedNamingIt() throws {
        var w = LinkWorld()
        let urn = w.addSchool()
        var draft = NominationDraft(
            urn: urn,
            nomineeName: "Bo Lee",
            nomineeEmail: "bo@hill.sch.uk",
            nomineeRole: "Head of Maths",
            areas: [("Mathematics", "")],
            consent: true,
            strengths: [("Timetabling", "Built the timetable")]
        )
        let error = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareNomination(draft, ids: &w.ids, now: LinkWorld.now)
        }
        #expect(error?.field == "strengths[0]")
        #expect(
            error?.message.contains("'Timetabling' (Timetabling), which is not among the nominated areas (mathematics)")
                == true
        )
        // Named by the id of a nominated area (given by its name), it is kept.
        draft.strengths = [("mathematics", "KS3 mastery")]
        let (change, id) = try w.directory.prepareNomination(draft, ids: &w.ids, now: LinkWorld.now)
        w.apply(change)
        #expect(w.directory.nominations[id]?.areas.first?.strength == "KS3 mastery")

        // staff update changes the nominee's name, role, email and a strength.
        let update = try w.directory.prepareNominationUpdate(
            id: id,
            NominationPatch(
                nomineeName: "Bo Lee-Ray",
                nomineeRole: "Maths lead",
                nomineeEmail: "bo.lr@hill.sch.uk",
                strengths: [("mathematics", "Mastery, county-wide")]
            ),
            now: LinkWorld.now
        )
        w.apply(update)
        let n = try #require(w.directory.nominations[id])
        #expect(n.areas.first?.strength == "Mastery, county-wide")
        let p = try #require(w.directory.people[n.personID])
        #expect(p.name == "Bo Lee-Ray" && p.role == "Maths lead" && p.email == "bo.lr@hill.sch.uk")
        #expect(w.directory.person(email: "bo.lr@hill.sch.uk")?.id == p.id)
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareNominationUpdate(id: id, NominationPatch(nomineeEmail: "bo@hotmail.co.uk"), now: 0)
        }
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareNominationUpdate(id: id, NominationPatch(strengths: [("history", "x")]), now: 0)
        }
    }

    // MARK: The taxonomy at run time

    @Test func areasAreAddedAliasedAndRelatedWithoutLoopsOrClashes() throws {
        var w = LinkWorld()
        let (c1, it) = try w.directory.prepareAreaAdd(
            id: "it-services",
            name: "IT services",
            kind: .theme,
            aliases: ["School IT"]
        )
        w.apply(c1)
        #expect(w.directory.area(named: "school it")?.id == it.id)
        #expect(throws: PeerlinkError.self) {
            try w.directory.prepareAreaAdd(id: "It Services!", name: "X", kind: .theme)
        }
        let clash = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareAreaAdd(id: "maths-2", name: "Mathematics", kind: .subject)
        }
        #expect(clash?.code == .conflict && clash?.message.contains("already names area mathematics") == true)
        w.apply(try w.directory.prepareAreaAlias(area: "IT services", alias: "IT support").change)
        #expect(w.directory.area(named: "IT Support")?.id == "it-services")
        #expect(throws: PeerlinkError.self) { try w.directory.prepareAreaAlias(area: "history", alias: "it support") }
        // Physics is below science; science cannot go below physics.
        let loop = #expect(throws: PeerlinkError.self) {
            try w.directory.prepareAreaRelate(area: "science", to: "physics")
        }
        #expect(loop?.message.contains("loop") == true)
        w.apply(try w.directory.prepareAreaRelate(area: "it-services", to: "timetabling").change)
        #expect(w.directory.areas["it-services"]?.parent == "timetabling")
    }
}
