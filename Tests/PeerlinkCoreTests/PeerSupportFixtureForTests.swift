import PeerlinkCore

/// A small county for peer-support tests. Every supporter heads a different school near the head's; each
/// school differs from the head's in one way the rules care about.
///
/// Grid: the head's school at (450000, 120000); distances below are from there.
struct PeerSupportFixture {
    static let standards = [
        "school-culture", "teaching", "curriculum-and-assessment", "behaviour", "additional-and-send",
        "professional-development", "organisational-management", "school-improvement", "working-in-partnership",
        "governance-and-accountability",
    ]
    /// A Monday in term time.
    static let today = Day(iso: "2025-03-10")!
    static let now: Int64 = 1_741_600_000
    /// A clock well after every meeting and cycle start the tests record (meetings are recorded once held, and a
    /// cycle never starts after today).
    static let later: Int64 = now + 400 * 86_400

    var directory = Directory()
    var ids = IDAllocator()

    /// Head of Ash Primary, in post since 2023 (a new head asking for support).
    let headID: Int64 = 1
    let headURN = 100_001

    init() {
        for id in Self.standards {
            commit(Change([Area(id: id, name: id.replacingDashes(), kind: .standard)]))
        }
        commit(
            Change([
                Area(id: "wellbeing", name: "Staff and pupil wellbeing", kind: .theme, parent: "school-culture"),
                Area(id: "safeguarding", name: "Safeguarding", kind: .theme, parent: "school-culture"),
                Area(id: "finance-and-budget", name: "Finance", kind: .theme, parent: "organisational-management"),
                Area(id: "computing", name: "Computing", kind: .subject),
            ]))
        // The head's school is in both a trust and a federation so one fixture can test both rules.
        addSchool(
            headURN, "Ash Primary", la: 850, east: 450_000, north: 120_000, trust: "Chalk Learning Trust",
            federation: "Downs Federation", inspection: .requiresImprovement)
        commit(
            Change([
                Person(
                    id: headID, name: "Hana Head", email: "head@ash.sch.uk", urn: headURN, role: "Headteacher",
                    headshipStart: Day(iso: "2023-09-01")!, npqh: .completed)
            ]))
    }

    mutating func commit(_ change: Change) { change.apply(to: &directory) }

    mutating func addSchool(
        _ urn: Int, _ name: String, phase: Phase = .primary, la: Int = 850, pupils: Int = 210, east: Int,
        north: Int, trust: String? = nil, federation: String? = nil, inspection: InspectionOutcome? = .good,
        rural: Bool = true, religion: String? = "Church of England", status: SchoolStatus = .open
    ) {
        commit(
            Change([
                School(
                    urn: urn, name: name, phase: phase, type: "Voluntary controlled school",
                    typeGroup: "Local authority maintained schools", status: status, laCode: la,
                    laName: la == 850 ? "Hampshire" : "Southampton", region: "South East",
                    urbanRural: rural ? "(England/Wales) Rural village" : "(England/Wales) Urban city and town",
                    pupils: pupils, easting: east, northing: north, trust: trust, federation: federation,
                    religiousCharacter: religion, inspection: inspection)
            ]))
    }

    /// Adds a head with `years` of headship at a new school and an eligible profile for them; returns the
    /// profile id. `personID` doubles as the school's URN offset, so each supporter has a school of their own.
    @discardableResult
    mutating func addSupporter(
        personID: Int64, school: (inout PeerSupportFixture, Int) -> Void, skills: [String] = ["school-improvement"],
        capacity: Int = 2, years: Int = 10, edit: (inout SupporterDraft) -> Void = { _ in }
    ) -> Int64 {
        let urn = 200_000 + Int(personID)
        school(&self, urn)
        let start = Day(year: 2025 - years, month: 1, day: 1)!
        commit(
            Change([
                Person(
                    id: personID, name: "Supporter \(personID)", email: "s\(personID)@school.uk", urn: urn,
                    role: "Headteacher", headshipStart: start)
            ]))
        var draft = SupporterDraft(
            personID: personID, summary: "Led two schools out of requires improvement", skills: skills,
            regionsServed: ["South East"], capacity: capacity, trainingCompleted: Day(iso: "2020-06-30")!,
            coachingRecord: "Accredited coach; mentored six new heads", knowsLocalProcesses: true)
        edit(&draft)
        let (change, profile) = try! directory.prepareSupporter(draft, ids: &ids, now: Self.now)
        commit(change)
        return profile.id
    }

    /// A nearby, independent, eligible primary supporter `km` kilometres east of the head's school.
    @discardableResult
    mutating func addNearbySupporter(
        personID: Int64, km: Int = 10, skills: [String] = ["school-improvement"], capacity: Int = 2,
        pupils: Int = 210
    ) -> Int64 {
        addSupporter(
            personID: personID,
            school: { f, urn in
                f.addSchool(urn, "School \(urn)", pupils: pupils, east: 450_000 + km * 1000, north: 120_000)
            },
            skills: skills, capacity: capacity)
    }

    mutating func request(concerns: [String]? = ["school-improvement"], mode: Mode = .online) -> Int64 {
        let (change, r) = try! directory.prepareSupportRequest(
            headID: headID, concerns: concerns, mode: mode, ids: &ids, now: Self.now)
        commit(change)
        return r.id
    }

    /// Starts an engagement for a fresh request with the given supporter, on `start`.
    mutating func engagement(profileID: Int64, start: Day = PeerSupportFixture.today) -> Int64 {
        let requestID = request()
        let (change, e) = try! directory.prepareEngagementStart(
            requestID: requestID, profileID: profileID, on: start, ids: &ids, now: Self.later)
        commit(change)
        return e.id
    }

    /// Records a meeting, returning the error a person would see or nil when it was accepted (and committed).
    mutating func meet(
        _ engagementID: Int64, _ when: String, minutes: Int = 60, calendar: SchoolCalendar = PeerSupportFixture.calendar
    ) -> PeerlinkError? {
        do {
            let (change, _) = try directory.prepareMeeting(
                engagementID: engagementID, start: LocalDateTime(iso: when)!, minutes: minutes, mode: .online,
                calendar: calendar, recordedBy: headID, ids: &ids, now: Self.later)
            commit(change)
            return nil
        } catch {
            return error
        }
    }

    /// Term dates: Hampshire (850) has its own Easter holiday; everyone else uses the default list.
    static let calendar = SchoolCalendar(
        defaultHolidays: [
            .init(name: "Easter holiday", first: Day(iso: "2025-04-07")!, last: Day(iso: "2025-04-21")!)
        ],
        holidaysByLA: [
            850: [.init(name: "Easter holiday", first: Day(iso: "2025-04-03")!, last: Day(iso: "2025-04-17")!)]
        ])
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? " " : $0 })
    }
}

/// Runs `body` and returns the `PeerlinkError` it threw, or nil when it did not throw.
func refusal<T>(_ body: () throws(PeerlinkError) -> T) -> PeerlinkError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
