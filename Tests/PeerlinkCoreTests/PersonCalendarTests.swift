import PeerlinkCore
import Testing

/// A person's calendar (`person_calendar`, `peerlink calendar`): their engagement meetings as head or supporter
/// and their cohort groups' sessions, naming no one, and only for themselves (or an admin).
struct PersonCalendarTests {
    /// People: heads Ada (1) and Bea (2), supporter Cal (3, profile 1) who supports both, facilitator Fay (4),
    /// head Dan (5). Ada's engagement has a winter and a summer meeting and one deleted; Bea's one meeting.
    /// Cohort "Spring 2027": group 1 (Ada, Dan; Fay) with a session and a cancelled one; group 2 (Bea; Fay)
    /// dissolved, its session left behind.
    static func directory() -> Directory {
        var d = Directory()
        func at(_ iso: String) -> LocalDateTime { LocalDateTime(iso: iso)! }
        let records: [any DirectoryRecord] = [
            School(
                urn: 100_001,
                name: "Hill Primary",
                phase: .primary,
                laCode: 936,
                laName: "Surrey",
                region: "South East"
            ),
            Person(id: 1, name: "Ada Alpha", email: "ada@hill.sch.uk", urn: 100_001, role: "Headteacher"),
            Person(id: 2, name: "Bea Beta", email: "bea@hill.sch.uk", urn: 100_001, role: "Headteacher"),
            Person(id: 3, name: "Cal Cedar", email: "cal@hill.sch.uk", urn: 100_001, role: "Headteacher"),
            Person(id: 4, name: "Fay Facilitator", email: "fay@hill.sch.uk", urn: 100_001, role: "Coach"),
            Person(id: 5, name: "Dan Delta", email: "dan@hill.sch.uk", urn: 100_001, role: "Headteacher"),
            SupporterProfile(id: 1, personID: 3, summary: "Coach", skills: ["coaching"]),
            SupportRequest(id: 1, headID: 1, concerns: [], mode: .online, status: .engaged, createdAt: 0, updatedAt: 0),
            SupportRequest(id: 2, headID: 2, concerns: [], mode: .online, status: .engaged, createdAt: 0, updatedAt: 0),
            Engagement(
                id: 1,
                requestID: 1,
                headID: 1,
                profileID: 1,
                start: Day(iso: "2027-01-04")!,
                createdAt: 0,
                updatedAt: 0
            ),
            Engagement(
                id: 2,
                requestID: 2,
                headID: 2,
                profileID: 1,
                start: Day(iso: "2027-01-04")!,
                createdAt: 0,
                updatedAt: 0
            ),
            EngagementMeeting(
                id: 1,
                engagementID: 1,
                start: at("2027-01-14T10:00"),
                minutes: 60,
                mode: .inPerson,
                recordedBy: 3,
                recordedAt: 0
            ),
            EngagementMeeting(
                id: 2,
                engagementID: 1,
                start: at("2027-06-10T14:00"),
                minutes: 45,
                mode: .online,
                recordedBy: 3,
                recordedAt: 0
            ),
            EngagementMeeting(
                id: 3,
                engagementID: 1,
                start: at("2027-02-10T14:00"),
                minutes: 45,
                mode: .online,
                recordedBy: 3,
                recordedAt: 0,
                deletedAt: 5
            ),
            EngagementMeeting(
                id: 4,
                engagementID: 2,
                start: at("2027-02-01T09:00"),
                minutes: 30,
                mode: .online,
                recordedBy: 3,
                recordedAt: 0
            ),
            Cohort(
                id: 1,
                name: "Spring 2027",
                cap: nil,
                minGroupSize: 4,
                maxGroupSize: 6,
                start: Day(iso: "2027-01-04")!
            ),
            CohortGroup(id: 1, cohortID: 1, number: 1, phase: .primary, memberIDs: [1, 5], facilitatorID: 4),
            CohortGroup(
                id: 2,
                cohortID: 1,
                number: 2,
                phase: .primary,
                memberIDs: [2],
                facilitatorID: 4,
                dissolved: true
            ),
            CohortSession(id: 1, cohortID: 1, groupID: 1, number: 1, facilitatorID: 4, start: at("2027-01-20T11:30")),
            CohortSession(
                id: 2,
                cohortID: 1,
                groupID: 1,
                number: 2,
                facilitatorID: 4,
                start: at("2027-03-20T11:30"),
                cancelled: true
            ),
            CohortSession(id: 3, cohortID: 1, groupID: 2, number: 1, facilitatorID: 4, start: at("2027-01-21T11:30")),
        ]
        Change(records).apply(to: &d)
        return d
    }

    static func head(_ id: Int64) -> Caller { Caller(personID: id, role: .head) }

    @Test func aHeadsCalendarHoldsTheirMeetingsAndTheirGroupsSessionsInTimeOrder() throws {
        let events = try Self.directory().personCalendar(personID: 1, by: Self.head(1))
        #expect(events.map(\.event.uid) == ["meeting-1@peerlink", "cohort-session-1@peerlink", "meeting-2@peerlink"])
        #expect(events.map(\.kind) == [.engagementMeeting, .cohortSession, .engagementMeeting])
        #expect(
            events.map(\.event.summary) == [
                "Peer support meeting (in-person)", "Spring 2027: group 1, session 1 of 6",
                "Peer support meeting (online)",
            ]
        )
        #expect(events.map(\.event.minutes) == [60, 90, 45])

        // Read back from the .ics text: each event's start (UTC), duration and summary.
        let text = ICalendar.document(name: "mine", events: events.map(\.event), stamp: 1_790_000_000)
        let read = ICalendarTests.events(text)
        #expect(read.map { $0["DTSTART"] } == ["20270114T100000Z", "20270120T113000Z", "20270610T130000Z"])
        #expect(read.map { $0["DURATION"] } == ["PT60M", "PT90M", "PT45M"])
        #expect(read[1]["SUMMARY"] == "Spring 2027: group 1\\, session 1 of 6")
        for name in ["Ada", "Bea", "Cal", "Fay", "Dan"] { #expect(!text.contains(name), "the calendar names \(name)") }
    }

    @Test func aSupporterGetsEveryEngagementsMeetingsAndAFacilitatorTheirSessions() throws {
        let d = Self.directory()
        let supporter = try d.personCalendar(personID: 3, by: Caller(personID: 3, role: .supporter))
        #expect(supporter.map(\.event.uid) == ["meeting-1@peerlink", "meeting-4@peerlink", "meeting-2@peerlink"])
        // Fay may sign in with an adviser's token bound to her: her own calendar is hers whatever the role.
        let facilitator = try d.personCalendar(personID: 4, by: Caller(personID: 4, role: .adviser))
        #expect(
            facilitator.map(\.event.uid) == ["cohort-session-1@peerlink"],
            "cancelled and dissolved sessions left out"
        )
        #expect(try d.personCalendar(personID: 2, by: .localAdmin).map(\.event.uid) == ["meeting-4@peerlink"])
        #expect(try d.personCalendar(personID: 5, by: Self.head(5)).map(\.event.uid) == ["cohort-session-1@peerlink"])
    }

    @Test func onlyThePersonThemselvesOrAnAdminMayReadIt() throws {
        let d = Self.directory()
        func refusal(_ id: Int64, _ caller: Caller) -> PeerlinkError? {
            do {
                _ = try d.personCalendar(personID: id, by: caller)
                return nil
            } catch { return error }
        }
        let other = try #require(refusal(1, Self.head(2)))
        #expect(other.code == .forbidden && other.field == "person_id")
        #expect(!other.message.contains("Ada"))
        #expect(refusal(99, Self.head(2))?.message == other.message, "the same words whether the person exists")
        #expect(refusal(1, Caller(role: .adviser))?.code == .forbidden)
        #expect(refusal(1, Caller(personID: 1, role: .web))?.code == .forbidden)
        #expect(refusal(3, Caller(personID: 1, role: .supporter))?.code == .forbidden)
        #expect(refusal(99, .localAdmin)?.code == .notFound)
        #expect(refusal(1, .localAdmin) == nil)
    }
}
