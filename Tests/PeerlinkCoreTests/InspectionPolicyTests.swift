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
