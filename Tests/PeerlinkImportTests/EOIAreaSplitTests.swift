import Foundation
import PeerlinkCore
import Testing

@testable import PeerlinkImport

/// Free-text area answers split on the mapping's separators, never inside a known area name or alias.
struct EOIAreaSplitTests {
    static let known: Set<String> = [
        "careers and work experience", "timetabling", "computing", "history", "mfl", "ect support/development",
        "maths", "physics", "d&t",
    ]
    static func parts(_ text: String, _ separators: [String] = EOIMapping.defaultAreaSeparators) -> [String] {
        EOIReader.areaParts(text, separators: separators) { known.contains($0.lowercased()) }
    }

    @Test func aSeparatorInsideAKnownNameNeverSplitsIt() {
        #expect(Self.parts("Careers and work experience") == ["Careers and work experience"])
        #expect(
            Self.parts("Careers and work experience and Timetabling") == ["Careers and work experience", "Timetabling"]
        )
        #expect(Self.parts("Computing, History and MFL") == ["Computing", "History", "MFL"])
        #expect(Self.parts("Computing;History;") == ["Computing", "History"])
        #expect(Self.parts("Band and orchestra") == ["Band", "orchestra"])  // unknown pieces come back for the fault
        #expect(Self.parts("Handball") == ["Handball"])  // "and" only as a whole word
        // Separators the mapping names: '/' and '&' split, but not "ECT support/development" or "D&T".
        #expect(Self.parts("Maths/Physics", [",", "/"]) == ["Maths", "Physics"])
        #expect(Self.parts("ECT support/development / Maths", [",", "/"]) == ["ECT support/development", "Maths"])
        #expect(Self.parts("D&T & Computing", ["&"]) == ["D&T", "Computing"])
    }

    /// Through the reader: a county's wording resolves to one area each, and a personal address is a row fault.
    @Test func aLancashireWordedAnswerImportsWhole() throws {
        var d = try directory()
        Change([
            Area(id: "careers", name: "Careers guidance", kind: .theme, aliases: ["Careers and work experience"]),
            Area(
                id: "external-ap",
                name: "Use of external alternative provision",
                kind: .theme,
                aliases: ["Alternative provision (external)", "Use of external AP"]
            ),
        ]).apply(to: &d)
        var export = try FormsExport(csv: try fixture("eoi/eoi-sample.csv"))
        let areasColumn = try #require(export.header.firstIndex(of: "Other areas of expertise"))
        let emailColumn = try #require(export.header.firstIndex(of: "Nominee's work email address"))
        // Rows 3 and 4 (row 2 is replaced by a later submission).
        export.rows[1].cells[areasColumn] = .text("Careers and work experience, Alternative provision (external)")
        export.rows[2].cells[emailColumn] = .text("someone@gmail.com")
        let file = EOIReader.drafts(export, mapping: .default, directory: d)
        #expect(!file.faults.contains { $0.row == export.rows[1].number })
        #expect(file.records.contains { Set($0.areas.map(\.area)).isSuperset(of: ["careers", "external-ap"]) })
        #expect(file.faults.contains { $0.row == export.rows[2].number && $0.message.contains("personal mail domain") })
        let allowed = EOIReader.drafts(
            export,
            mapping: .default,
            directory: d,
            emailPolicy: EmailPolicy(allowedDomains: ["gmail.com"])
        )
        #expect(!allowed.faults.contains { $0.row == export.rows[2].number })
    }
}
