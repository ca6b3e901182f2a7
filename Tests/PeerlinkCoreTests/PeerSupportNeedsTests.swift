import PeerlinkCore
import Testing

struct PeerSupportNeedsTests {
    let today = PeerSupportFixture.today

    func ratings(_ overrides: [String: NeedsRating] = [:], skip: String? = nil) -> [(area: String, rating: NeedsRating)]
    {
        PeerSupportFixture.standards.filter { $0 != skip }.map { ($0, overrides[$0] ?? .secure) }
    }

    func assess(_ f: inout PeerSupportFixture, _ r: [(area: String, rating: NeedsRating)], on day: String) throws {
        let (c, _) = try f.directory.prepareNeedsAssessment(
            headID: f.headID, ratings: r, on: Day(iso: day)!, ids: &f.ids, now: 0)
        f.commit(c)
    }

    func addTarget(_ f: inout PeerSupportFixture, _ area: String) throws -> NeedsTarget {
        let (c, t) = try f.directory.prepareTarget(
            headID: f.headID, area: area, text: "Lead a budget recovery plan", due: Day(iso: "2025-12-19")!,
            successCriteria: "Governors approve a balanced three-year budget", today: today, ids: &f.ids, now: 0)
        f.commit(c)
        return t
    }

    @Test func anAssessmentRatesEveryStandard() {
        var f = PeerSupportFixture()
        let missing = refusal { () throws(PeerlinkError) in
            try f.directory.prepareNeedsAssessment(
                headID: f.headID, ratings: ratings(skip: "governance-and-accountability"), on: today, ids: &f.ids,
                now: 0)
        }
        #expect(missing == .badRequest("rate every standard; missing: governance-and-accountability", field: "ratings"))
        let theme = refusal { () throws(PeerlinkError) in
            try f.directory.prepareNeedsAssessment(
                headID: f.headID, ratings: ratings() + [("wellbeing", .developing)], on: today, ids: &f.ids, now: 0)
        }
        #expect(
            theme
                == .badRequest(
                    "'wellbeing' is a theme; a needs assessment rates the ten Headteachers' standards",
                    field: "ratings[10]"))
    }

    @Test func ratingsParseFromNumbersOrWords() {
        #expect(NeedsRating(parsing: "1") == .priorityNeed)
        #expect(NeedsRating(parsing: "Priority need") == .priorityNeed)
        #expect(NeedsRating(parsing: "strength") == .strength)
        #expect(NeedsRating(parsing: "7") == nil)
    }

    @Test func targetsTakeTheirBaselineFromTheLatestAssessmentOfTheirStandard() throws {
        var f = PeerSupportFixture()
        try assess(&f, ratings(["organisational-management": .priorityNeed]), on: "2025-01-10")
        let theme = try addTarget(&f, "Finance")  // a theme: its standard is organisational-management
        #expect(theme.areaID == "finance-and-budget")
        #expect(theme.baseline == .priorityNeed)
        let noDate = refusal { () throws(PeerlinkError) in
            try f.directory.prepareTarget(
                headID: f.headID, area: "teaching", text: "x", due: today, successCriteria: "y", today: today,
                ids: &f.ids, now: 0)
        }
        #expect(
            noDate
                == .badRequest(
                    "the due date 2025-03-10 is not after today (2025-03-10); give a future date", field: "due"))
        let noCriteria = refusal { () throws(PeerlinkError) in
            try f.directory.prepareTarget(
                headID: f.headID, area: "teaching", text: "x", due: Day(iso: "2025-07-01")!, successCriteria: " ",
                today: today, ids: &f.ids, now: 0)
        }
        #expect(noCriteria?.field == "success_criteria")
    }

    @Test func reviewsRecordProgressAgainstTheBaseline() throws {
        var f = PeerSupportFixture()
        try assess(&f, ratings(["organisational-management": .priorityNeed]), on: "2025-01-10")
        let t = try addTarget(&f, "finance-and-budget")
        let (c1, _) = try f.directory.prepareTargetReview(
            targetID: t.id, on: Day(iso: "2025-05-01")!, rating: .developing, note: "plan drafted", status: .open,
            ids: &f.ids, now: 0)
        f.commit(c1)
        let (c2, _) = try f.directory.prepareTargetReview(
            targetID: t.id, on: Day(iso: "2025-07-01")!, rating: .secure, note: "budget approved", status: .met,
            ids: &f.ids, now: 0)
        f.commit(c2)
        try assess(&f, ratings(["organisational-management": .secure]), on: "2025-07-02")

        let progress = f.directory.needsProgress(headID: f.headID)
        #expect(progress.targets.count == 1)
        #expect(progress.targets[0].target.status == .met)
        #expect(progress.targets[0].reviews.map(\.rating) == [.developing, .secure])
        #expect(progress.targets[0].change == 2)
        let om = progress.standards.first { $0.areaID == "organisational-management" }
        #expect(om?.baseline == .priorityNeed && om?.latest == .secure && om?.change == 2)
        #expect(progress.standards.count == 10)

        let again = refusal { () throws(PeerlinkError) in
            try f.directory.prepareTargetReview(
                targetID: t.id, on: Day(iso: "2025-08-01")!, rating: .secure, note: "", status: .open, ids: &f.ids,
                now: 0)
        }
        #expect(again == .conflict("target \(t.id) is already met; add a new target instead", field: "id"))
    }

    @Test func aRequestsConcernsDefaultToTheHeadsOpenTargets() throws {
        var f = PeerSupportFixture()
        let error = refusal { () throws(PeerlinkError) in
            try f.directory.prepareSupportRequest(headID: f.headID, concerns: nil, mode: .online, ids: &f.ids, now: 0)
        }
        #expect(
            error
                == .badRequest(
                    "Hana Head has no open targets to take concerns from; give --concerns (standards or themes) or add "
                        + "targets with `peerlink needs target add`", field: "concerns"))
        let met = try addTarget(&f, "teaching")
        _ = try addTarget(&f, "finance-and-budget")
        _ = try addTarget(&f, "wellbeing")
        _ = try addTarget(&f, "finance-and-budget")
        let (rc, _) = try f.directory.prepareTargetReview(
            targetID: met.id, on: today, rating: .strength, note: "", status: .met, ids: &f.ids, now: 0)
        f.commit(rc)
        let (c, r) = try f.directory.prepareSupportRequest(
            headID: f.headID, concerns: [], mode: .inPerson, ids: &f.ids, now: 0)
        f.commit(c)
        #expect(r.concerns == ["finance-and-budget", "wellbeing"])
        #expect(f.directory.peerSupport.requests(ofHead: f.headID) == [r])
        // Given concerns win, resolved by name or alias.
        let (_, given) = try f.directory.prepareSupportRequest(
            headID: f.headID, concerns: ["Staff and pupil wellbeing", "school-improvement"], mode: .online,
            ids: &f.ids, now: 0)
        #expect(given.concerns == ["wellbeing", "school-improvement"])
    }
}
