import Testing

@testable import PeerlinkCore

/// `searchSchools` through `SchoolSearchIndex` against the plain scan it replaced (kept here as the reference):
/// the same schools in the same order, on generated directories, after renames and status changes, and after a
/// bulk load.
struct SchoolSearchIndexTests {
    /// The search as it was before the index: lowercase every name, keep those containing every word, sort.
    static func referenceSearch(_ d: Directory, _ text: String, limit: Int) -> [Int] {
        let trimmed = Text.tidy(text)
        if let urn = Int(trimmed) {
            return [d.school(resolvingURN: urn)].compactMap { $0 }.map(\.urn)
        }
        let words = trimmed.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        var hits: [School] = []
        for s in d.schools.values {
            let name = s.name.lowercased()
            if words.allSatisfy({ name.contains($0) }) { hits.append(s) }
        }
        let first = words[0]
        hits.sort { a, b in
            let ka = (a.status == .open ? 0 : 1, a.name.lowercased().hasPrefix(first) ? 0 : 1, a.name, a.urn)
            let kb = (b.status == .open ? 0 : 1, b.name.lowercased().hasPrefix(first) ? 0 : 1, b.name, b.urn)
            return ka < kb
        }
        return Array(hits.prefix(max(0, limit)).map(\.urn))
    }

    /// Words names are made of: common ones (many hits), rare ones, mixed case, punctuation, and a few outside
    /// ASCII (accents precomposed and decomposed, a curly apostrophe).
    ///
    /// No character with a singleton canonical decomposition (the Kelvin sign U+212A, which `String` calls equal
    /// to "K"): with those, `String`'s `<` is not an ordering (in Swift 6.3, "\u{212A}ent" and "Kent b" are neither
    /// equal nor either below the other), so the plain scan's sort gives a different order from run to run and no
    /// index can match it. `kelvinSignNamesAreFound` checks those schools are found.
    static let vocabulary = [
        "St", "Mary's", "St.", "Saint", "Primary", "primary", "School", "SCHOOL", "Academy", "Infant", "Junior",
        "Church", "of", "England", "CofE", "C", "E", "Ash", "Ashford", "Cashmore", "Hill", "Hillside", "Mill",
        "Green", "Greenfield", "Oak", "Oakwood", "Brook", "Brookside", "Road", "-", "&", "(VA)", "The", "Our",
        "Lady", "Catholic", "RC", "Free", "Trust", "Mary’s", "Église", "E\u{301}glise", "Zoë", "Ångström",
        "Kent", "Ysgol", "Gymraeg", "Bryn", "Nant", "Coed", "Llan", "Tŷ", "Ffynnon", "a", "b",
    ]

    /// Query texts: single words, fragments, several words, case, spacing, accents and the Greek question mark.
    static let queries = [
        "st", "primary", "school", "ash", "as", "hill", "mill", "st mary", "mary", "mary’s", "mary's", "primary st",
        "infant junior", "  Oak   wood ", "OAK", "e", "c", "of england", "eglise", "église", "e\u{301}glise", "zoë",
        "kent", "\u{212A}ent", "ångström", "tŷ", "y", "(va)", "&", "-", "the the", "a b", "brook side", "nothing",
        "zzz", "s", "ol", "l", "ff", "ysgol gymraeg", "\u{037E}", ";", "mary;", "100005", "100000", "0",
    ]

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomName(_ g: inout Generator) -> String {
        let count = Int.random(in: 1...5, using: &g)
        var words = (0..<count).map { _ in vocabulary.randomElement(using: &g)! }
        if Int.random(in: 0..<10, using: &g) == 0 { words.append(";") }
        let separator = Int.random(in: 0..<20, using: &g) == 0 ? "  " : " "
        return words.joined(separator: separator)
    }

    static func randomSchool(_ g: inout Generator, urn: Int) -> School {
        School(
            urn: urn, name: randomName(&g), phase: .primary,
            status: Int.random(in: 0..<4, using: &g) == 0 ? .closed : .open, laCode: 936, laName: "Surrey")
    }

    static func expectSameAnswers(_ d: Directory, _ context: String) {
        for q in queries {
            for limit in [1, 3, 20, 500] {
                let got = d.searchSchools(q, limit: limit).map(\.urn)
                let want = referenceSearch(d, q, limit: limit)
                if got != want {
                    let names = zip(got, want).filter { $0 != $1 }.prefix(3)
                        .map { "\(d.schools[$0]!.name.debugDescription) / \(d.schools[$1]!.name.debugDescription)" }
                    Issue.record("\(context): '\(q)' limit \(limit): got \(got.prefix(10)), want \(want.prefix(10)); \(names)")
                }
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func indexAnswersAsThePlainScanDoes(seed: UInt64) {
        var g = Generator(state: seed)
        var d = Directory()
        var schools = (0..<1_500).map { Self.randomSchool(&g, urn: 100_000 + $0) }
        // Some names repeated exactly, so the URN decides their order.
        for k in stride(from: 0, to: 300, by: 7) { schools[k + 1].name = schools[k].name }
        Change(schools).apply(to: &d)
        Self.expectSameAnswers(d, "after puts")

        // Renames, closures and reopenings, one change at a time as the commit path applies them.
        for _ in 0..<300 {
            var s = schools[Int.random(in: 0..<schools.count, using: &g)]
            switch Int.random(in: 0..<3, using: &g) {
            case 0: s.name = Self.randomName(&g)
            case 1: s.status = s.status == .open ? .closed : .open
            default: s.name = s.name.uppercased()
            }
            schools[s.urn - 100_000] = s
            Change([s]).apply(to: &d)
        }
        Self.expectSameAnswers(d, "after changes")

        // A start-up load puts everything with the order built once at the end.
        var loaded = Directory()
        loaded.beginBulkLoad()
        for s in schools.shuffled(using: &g) { Change([s]).apply(to: &loaded) }
        loaded.finishBulkLoad()
        Self.expectSameAnswers(loaded, "after a bulk load")
        for q in Self.queries {
            #expect(loaded.searchSchools(q, limit: 50).map(\.urn) == d.searchSchools(q, limit: 50).map(\.urn))
        }
    }

    /// Names with a Kelvin sign: found by the same words as the plain scan finds them (the order among such names
    /// is not defined: see `vocabulary`).
    @Test func kelvinSignNamesAreFound() {
        var g = Generator(state: 9)
        var d = Directory()
        var schools = (0..<300).map { Self.randomSchool(&g, urn: 100_000 + $0) }
        for k in stride(from: 0, to: 300, by: 5) { schools[k].name = "\u{212A}ent " + schools[k].name }
        Change(schools).apply(to: &d)
        for q in Self.queries {
            let got = d.searchSchools(q, limit: 500).map(\.urn)
            #expect(Set(got) == Set(Self.referenceSearch(d, q, limit: 500)), "'\(q)'")
            #expect(got.count == Set(got).count)
        }
        #expect(d.searchSchools("kent", limit: 500).count >= 60)
    }

    @Test func emptyTextAndNoSchools() {
        let d = Directory()
        #expect(d.searchSchools("hill", limit: 10).isEmpty)
        #expect(d.searchSchools("   ", limit: 10).isEmpty)
        var one = Directory()
        Change([School(urn: 100001, name: "Hill Primary", phase: .primary, laCode: 936, laName: "Surrey")])
            .apply(to: &one)
        #expect(one.searchSchools("", limit: 10).isEmpty)
        #expect(one.searchSchools("hill", limit: 0).isEmpty)
        #expect(one.searchSchools("HILL prim", limit: 10).map(\.urn) == [100001])
        #expect(one.searchSchools("hill primary school", limit: 10).isEmpty)
    }
}
