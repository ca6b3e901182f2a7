import Testing

@testable import PeerlinkCore

/// A directory with the taxonomy's few areas used here and two schools.
func smallDirectory() -> Directory {
    var d = Directory()
    Change([
        Area(id: "mathematics", name: "Mathematics", kind: .subject, aliases: ["Maths", "Numeracy"]),
        Area(id: "computing", name: "Computing", kind: .subject, aliases: ["Computer Science", "ICT"]),
        Area(id: "design-and-technology", name: "Design and technology", kind: .subject, aliases: ["D&T"]),
        School(urn: 100001, name: "Hill Primary", phase: .primary, laCode: 936, laName: "Surrey"),
        School(urn: 100002, name: "Old Mill School", phase: .secondary, status: .closed, laCode: 936, laName: "Surrey"),
    ]).apply(to: &d)
    return d
}

struct DayTests {
    @Test(arguments: ["2024-02-29", "1970-01-01", "2026-11-24", "1999-12-31"])
    func ordinalRoundTrips(_ text: String) throws {
        let d = try #require(Day(iso: text))
        #expect(Day(ordinal: d.ordinal) == d)
        #expect(d.description == text)
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "24-01-01", "2024-1-1", "", "2024-01-01T10:00", "2024/01/01", "2024-01-0a",
        "+024-01-01", "2024-01-011",
    ])
    func rejectsWhatIsNotADate(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func weekdaysAndArithmetic() throws {
        let tuesday = try #require(Day(iso: "2026-11-24"))
        #expect(tuesday.isoWeekday == 2)
        #expect(tuesday.adding(days: 4).isWeekend)
        #expect(Day(iso: "2024-01-31")!.adding(months: 1) == Day(iso: "2024-02-29"))
        #expect(Day(iso: "2020-09-01")!.wholeYears(until: Day(iso: "2025-08-31")!) == 4)
        #expect(Day(iso: "2020-09-01")!.wholeYears(until: Day(iso: "2025-09-01")!) == 5)
    }
}

struct TextTests {
    @Test func containsIgnoringCaseFindsAWordAnywhere() {
        #expect(Text.containsIgnoringCase("(England/Wales) Rural village", "rural"))
        #expect(Text.containsIgnoringCase("RURAL", "rural"))
        #expect(Text.containsIgnoringCase("Urban major conurbation", "rural") == false)
        #expect(Text.containsIgnoringCase("rura", "rural") == false)
        #expect(Text.containsIgnoringCase("", "rural") == false)
        #expect(Text.containsIgnoringCase("Très rural", "rural"))
    }

    @Test func foldKeyIgnoresCaseAndPunctuation() {
        #expect(Text.foldKey("D & T") == Text.foldKey("d&t"))
        #expect(Text.foldKey("Modern Foreign-Languages") == "modernforeignlanguages")
    }

    @Test(arguments: [("ann@school.sch.uk", true), ("bad", false), ("a@b", false), ("a b@c.uk", false), ("@c.uk", false)])
    func emails(_ email: String, _ ok: Bool) {
        #expect(Text.isPlausibleEmail(email) == ok)
    }
}

struct NominationTests {
    let now: Int64 = 1_790_000_000

    func draft(email: String = "ann@hill.sch.uk", areas: [String] = ["maths"]) -> NominationDraft {
        NominationDraft(
            urn: 100001, nomineeName: " Ann  Hill ", nomineeEmail: email, nomineeRole: "Maths lead",
            areas: areas.map { ($0, "") }, consent: true)
    }

    @Test func aliasesResolveAndNamesAreTidied() throws {
        var d = smallDirectory()
        var ids = IDAllocator()
        let (change, id) = try d.prepareNomination(draft(areas: ["Maths", "computer science", "D&T"]), ids: &ids, now: now)
        change.apply(to: &d)
        let n = try #require(d.nominations[id])
        #expect(n.areas.map(\.areaID) == ["mathematics", "computing", "design-and-technology"])
        #expect(d.people[n.personID]?.name == "Ann Hill")
        #expect(d.nominationsByArea["computing"] == [id])
        #expect(d.nominations(atSchool: 100001).map(\.id) == [id])
    }

    @Test func resubmissionReplacesInsteadOfDuplicating() throws {
        var d = smallDirectory()
        var ids = IDAllocator()
        let (first, id1) = try d.prepareNomination(draft(), ids: &ids, now: now)
        first.apply(to: &d)
        let (second, id2) = try d.prepareNomination(draft(email: "ANN@hill.sch.uk", areas: ["computing"]), ids: &ids, now: now + 5)
        second.apply(to: &d)
        #expect(id1 == id2)
        #expect(d.nominations.count == 1 && d.people.count == 1)
        #expect(d.nominationsByArea["mathematics"] == [] && d.nominationsByArea["computing"] == [id1])
    }

    @Test func refusalsNameTheFieldAndWhatToDo() {
        let d = smallDirectory()
        var ids = IDAllocator()
        #expect(throws: PeerlinkError.badRequest("'bad' is not a work email address (name@school.org.uk)", field: "email")) {
            _ = try d.prepareNomination(draft(email: "bad"), ids: &ids, now: now)
        }
        #expect {
            _ = try d.prepareNomination(draft(areas: ["mathz"]), ids: &ids, now: now)
        } throws: { e in
            let p = e as! PeerlinkError
            return p.code == .notFound && p.field == "areas[0]" && p.message.contains("did you mean 'mathematics'")
        }
        var closed = draft()
        closed.urn = 100002
        #expect(throws: PeerlinkError.self) { _ = try d.prepareNomination(closed, ids: &ids, now: now) }
        var unknown = draft()
        unknown.urn = 999
        #expect {
            _ = try d.prepareNomination(unknown, ids: &ids, now: now)
        } throws: { e in (e as! PeerlinkError).code == .notFound }
    }

    @Test func withdrawTwiceIsAConflict() throws {
        var d = smallDirectory()
        var ids = IDAllocator()
        let (c, id) = try d.prepareNomination(draft(), ids: &ids, now: now)
        c.apply(to: &d)
        try d.prepareNominationWithdraw(id: id, now: now).apply(to: &d)
        #expect(d.nominations[id]?.status == .withdrawn)
        #expect(throws: PeerlinkError.conflict("nomination \(id) is already withdrawn", field: "id")) {
            _ = try d.prepareNominationWithdraw(id: id, now: now)
        }
    }

    @Test func idsAreNeverReusedEvenBeforeCommit() throws {
        let d = smallDirectory()
        var ids = IDAllocator()
        let (_, a) = try d.prepareNomination(draft(email: "a@hill.sch.uk"), ids: &ids, now: now)
        let (_, b) = try d.prepareNomination(draft(email: "b@hill.sch.uk"), ids: &ids, now: now)
        #expect(a != b)
    }
}

struct TokenTests {
    @Test func headTokensNeedAPersonAndRevokeIsFinal() throws {
        var d = smallDirectory()
        var ids = IDAllocator()
        #expect {
            _ = try d.prepareToken(role: .head, personID: nil, label: "", expiresAt: nil, secretHash: "h1", ids: &ids, now: 10)
        } throws: { e in (e as! PeerlinkError).field == "person_id" }
        let (c, t) = try d.prepareToken(role: .adviser, personID: nil, label: "x", expiresAt: 100, secretHash: "h2", ids: &ids, now: 10)
        c.apply(to: &d)
        #expect(d.token(secretHash: "h2")?.refusal(at: 50) == nil)
        #expect(d.token(secretHash: "h2")?.refusal(at: 100) != nil)  // expired
        try d.prepareTokenRevoke(id: t.id, now: 20).apply(to: &d)
        #expect(d.token(secretHash: "h2")?.refusal(at: 30)?.contains("revoked") == true)
        #expect(throws: PeerlinkError.self) { _ = try d.prepareTokenRevoke(id: t.id, now: 40) }
    }
}

struct SchoolSearchTests {
    @Test func searchFindsByWordsOpenFirstAndByURN() {
        let d = smallDirectory()
        #expect(d.searchSchools("hill", limit: 10).map(\.urn) == [100001])
        #expect(d.searchSchools("school", limit: 10).map(\.urn) == [100002])
        #expect(d.searchSchools("100002", limit: 10).map(\.urn) == [100002])
        #expect(d.searchSchools("nothing here", limit: 10).isEmpty)
    }

    @Test func validationNamesTheField() {
        var s = School(urn: 1, name: "X", phase: .primary, laCode: 936, laName: "Surrey")
        s.easting = 400_000
        #expect(throws: PeerlinkError.badRequest("give both easting and northing, or neither", field: "northing")) {
            try School.validate(s)
        }
    }

    /// One rule for "has a religious character", used by link and supporter matching alike.
    @Test func religiousCharacterKeyFoldsAndKnowsTheWordsForNone() {
        func key(_ text: String?) -> String? {
            School(urn: 1, name: "A", phase: .primary, laCode: 1, laName: "X", religiousCharacter: text)
                .religiousCharacterKey
        }
        #expect(key("Church of England") == "churchofengland")
        #expect(key(" church of  England ") == key("Church of England"))
        #expect(key("Church of England/Methodist") == "churchofenglandmethodist")
        for none in [nil, "", "  ", "-", "None", "Does not apply", "Not applicable", "N/A", "Unknown", "None (religious)"] {
            #expect(key(none) == nil, "\(String(describing: none))")
        }
    }
}
