import PeerlinkCore
import Testing

/// "Judged good or better at its last inspection" under each framework, through the configurable policy, and
/// what supporter eligibility makes of it.
struct InspectionPolicyTests {
    static let day = Day(iso: "2026-01-15")!

    static func graded(_ overall: FourPointGrade) -> SchoolInspection {
        SchoolInspection(urn: 200010, startDate: Day(iso: "2022-05-04")!, framework: .overallEffectiveness, overall: overall)
    }

    static func keyJudgements(_ grades: [FourPointGrade], safeguarding: Bool?) -> SchoolInspection {
        let names = ["quality of education", "behaviour and attitudes", "personal development", "leadership and management"]
        return SchoolInspection(
            urn: 200010, startDate: Day(iso: "2025-01-20")!, framework: .keyJudgements,
            judgements: Dictionary(uniqueKeysWithValues: zip(names, grades)), safeguardingMet: safeguarding)
    }

    static func reportCard(_ grades: [ReportCardGrade], safeguarding: Bool?) -> SchoolInspection {
        let names = ["inclusion", "curriculum and teaching", "achievement", "leadership and governance"]
        return SchoolInspection(
            urn: 200010, startDate: Day(iso: "2025-12-01")!, framework: .reportCard,
            areas: Dictionary(uniqueKeysWithValues: zip(names, grades)), safeguardingMet: safeguarding)
    }

    @Test func theDefaultPolicyReadsEachFrameworkAsDesignSays() {
        let p = InspectionPolicy.standard
        #expect(p.verdict(on: Self.graded(.good)).goodOrBetter == true)
        #expect(p.verdict(on: Self.graded(.outstanding)).goodOrBetter == true)
        #expect(p.verdict(on: Self.graded(.requiresImprovement)).goodOrBetter == false)
        #expect(p.verdict(on: Self.keyJudgements([.good, .outstanding, .good, .good], safeguarding: true)).goodOrBetter == true)
        #expect(p.verdict(on: Self.keyJudgements([.good, .good, .requiresImprovement, .good], safeguarding: true)).goodOrBetter == false)
        #expect(p.verdict(on: Self.keyJudgements([.good, .good, .good, .good], safeguarding: false)).goodOrBetter == false)
        #expect(p.verdict(on: Self.keyJudgements([.good, .good, .good, .good], safeguarding: nil)).goodOrBetter == nil)
        #expect(p.verdict(on: Self.reportCard([.expectedStandard, .strongStandard, .exceptional, .expectedStandard], safeguarding: true)).goodOrBetter == true)
        #expect(p.verdict(on: Self.reportCard([.expectedStandard, .needsAttention, .exceptional, .strongStandard], safeguarding: true)).goodOrBetter == false)
        #expect(p.verdict(on: Self.reportCard([.strongStandard, .strongStandard, .strongStandard, .strongStandard], safeguarding: false)).goodOrBetter == false)
    }

    @Test func theExplanationNamesTheInspectionAndTheRule() {
        let v = InspectionPolicy.standard.verdict(on: Self.reportCard([.expectedStandard, .needsAttention, .exceptional, .strongStandard], safeguarding: true))
        #expect(v.explanation == "the inspection of 2025-12-01 (report card inspection (from November 2025)) graded curriculum and teaching needs attention; the rule is no area below expected standard and safeguarding met")
        let g = InspectionPolicy.standard.verdict(on: Self.graded(.good))
        #expect(g.explanation.contains("2022-05-04") && g.explanation.contains("overall effectiveness good") && g.explanation.contains("good or better"))
    }

    @Test func aStricterPolicyIsApplied() {
        var strict = InspectionPolicy()
        strict.overallAtLeast = .outstanding
        strict.reportCardAreasAtLeast = .strongStandard
        #expect(strict.verdict(on: Self.graded(.good)).goodOrBetter == false)
        #expect(strict.verdict(on: Self.reportCard([.expectedStandard, .strongStandard, .strongStandard, .strongStandard], safeguarding: true)).goodOrBetter == false)
        var lenient = InspectionPolicy()
        lenient.requireSafeguarding = false
        #expect(lenient.verdict(on: Self.keyJudgements([.good, .good, .good, .good], safeguarding: nil)).goodOrBetter == true)
    }

    /// A supporter whose school has an imported inspection is judged by it, before any outcome recorded by hand.
    @Test func eligibilityReadsTheImportedInspectionBeforeTheOneRecordedByHand() {
        var f = PeerSupportFixture()
        let id = f.addSupporter(
            personID: 10, school: { f, urn in f.addSchool(urn, "Oak Primary", east: 460_000, north: 120_000, inspection: .good) })
        let profile = f.directory.peerSupport.profiles[id]!
        #expect(f.directory.supporterEligibility(profile, on: Self.day).isEmpty)
        f.commit(Change([Self.reportCard([.expectedStandard, .needsAttention, .exceptional, .strongStandard], safeguarding: true)]))
        #expect(f.directory.supporterEligibility(profile, on: Self.day) == [
            "Oak Primary is not judged good or better at its last inspection: the inspection of 2025-12-01 (report card "
                + "inspection (from November 2025)) graded curriculum and teaching needs attention; the rule is no area "
                + "below expected standard and safeguarding met"
        ])
        f.directory.useInspectionPolicy({ var p = InspectionPolicy(); p.reportCardAreasAtLeast = .needsAttention; return p }())
        #expect(f.directory.supporterEligibility(profile, on: Self.day).isEmpty, "the configured policy decides")
    }

    /// An academy not inspected since it converted is judged by its predecessor's inspection, and says so.
    @Test func aConvertedSchoolWithoutItsOwnInspectionUsesItsPredecessors() {
        var f = PeerSupportFixture()
        let id = f.addSupporter(
            personID: 10, school: { f, urn in f.addSchool(urn, "Oak Academy", east: 460_000, north: 120_000, inspection: nil) })
        let profile = f.directory.peerSupport.profiles[id]!
        #expect(f.directory.supporterEligibility(profile, on: Self.day).first?.contains("no inspection outcome is recorded") == true)
        var old = Self.graded(.requiresImprovement)
        old.urn = 100010
        f.commit(Change([Succession(predecessor: 100010, successor: 200010), old]))
        let failures = f.directory.supporterEligibility(profile, on: Self.day)
        #expect(failures.count == 1)
        #expect(failures.first?.hasSuffix("(of its predecessor, URN 100010, as it has not been inspected since)") == true)
        #expect(failures.first?.contains("overall effectiveness requires improvement") == true)
    }
}

/// Imported bank holidays and term dates add to the configured calendar.
struct ImportedCalendarTests {
    func directory(_ entries: [CalendarEntry], configured: SchoolCalendar = SchoolCalendar()) -> Directory {
        var d = Directory()
        d.useConfiguredCalendar(configured)
        Change(entries).apply(to: &d)
        return d
    }

    static let autumn = CalendarEntry(kind: .term, laCode: 936, first: Day(iso: "2026-09-03")!, last: Day(iso: "2026-12-18")!, name: "Autumn term")
    static let spring = CalendarEntry(kind: .term, laCode: 936, first: Day(iso: "2027-01-05")!, last: Day(iso: "2027-03-26")!, name: "Spring term")

    func at(_ day: String) -> LocalDateTime { LocalDateTime(day: Day(iso: day)!, minute: 10 * 60) }

    @Test func aBankHolidayIsRefusedEverywhere() {
        let d = directory([CalendarEntry(kind: .bankHoliday, first: Day(iso: "2027-05-03")!, name: "Early May bank holiday")])
        #expect(d.calendar.refusal(start: at("2027-05-03"), minutes: 60, laCode: 936)
            == "2027-05-03 is a bank holiday (Early May bank holiday); contact stays within term time")
        #expect(d.calendar.refusal(start: at("2027-05-03"), minutes: 60, laCode: nil) != nil)
        #expect(d.calendar.refusal(start: at("2027-05-04"), minutes: 60, laCode: 936) == nil)
    }

    @Test func betweenTermsAndOnInsetDaysIsRefusedForThatAuthorityOnly() {
        let inset = CalendarEntry(kind: .insetDay, laCode: 936, first: Day(iso: "2026-11-20")!, name: "inset day of the Autumn term")
        let d = directory([Self.autumn, Self.spring, inset])
        #expect(d.calendar.refusal(start: at("2026-12-22"), minutes: 60, laCode: 936)
            == "2026-12-22 is in the holiday between the Autumn term and the Spring term (2026-12-19 to 2027-01-04); contact stays within term time")
        #expect(d.calendar.refusal(start: at("2026-11-20"), minutes: 60, laCode: 936)
            == "2026-11-20 is an inset day (inset day of the Autumn term); contact stays within term time")
        #expect(d.calendar.refusal(start: at("2026-12-22"), minutes: 60, laCode: 850) == nil, "another authority's terms do not apply")
        #expect(d.calendar.refusal(start: at("2026-11-19"), minutes: 60, laCode: 936) == nil, "a day in term")
        #expect(d.calendar.refusal(start: at("2027-06-01"), minutes: 60, laCode: 936) == nil, "after the terms known: nothing is known")
    }

    @Test func importingTheSameEntriesAgainChangesNothing() {
        let d = directory([Self.autumn, Self.spring])
        let (change, outcome) = d.prepareCalendarImport([Self.autumn, Self.spring], keepGood: false)
        #expect(change.records.isEmpty && outcome.unchanged == 2)
        var moved = Self.spring
        moved.last = Day(iso: "2027-03-31")!
        let (again, o2) = d.prepareCalendarImport([moved, CalendarEntry(kind: .term, laCode: 0, first: Day(iso: "2027-04-12")!, name: "x")], keepGood: false)
        #expect(o2.updated == 1 && o2.rejected == 1 && again.records.isEmpty, "a fault holds the batch back")
        #expect(o2.faults.first?.error.field == "la_code")
    }
}

extension ImportedCalendarTests {
    /// A meeting is checked against the directory's calendar, so an imported bank holiday refuses it.
    @Test func aMeetingOnAnImportedBankHolidayIsRefused() {
        var f = PeerSupportFixture()
        let p = f.addNearbySupporter(personID: 10)
        let e = f.engagement(profileID: p)
        f.directory.useConfiguredCalendar(PeerSupportFixture.calendar)
        f.commit(Change([CalendarEntry(kind: .bankHoliday, first: Day(iso: "2025-03-12")!, name: "Test bank holiday")]))
        #expect(f.meet(e, "2025-03-12T10:00", calendar: f.directory.calendar)
            == .badRequest("2025-03-12 is a bank holiday (Test bank holiday); contact stays within term time", field: "date"))
        #expect(f.meet(e, "2025-03-11T10:00", calendar: f.directory.calendar) == nil)
    }
}
