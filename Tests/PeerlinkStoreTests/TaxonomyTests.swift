import PeerlinkCore
import Testing

@testable import PeerlinkStore

/// The shipped taxonomy holds the whole Linkage theme list (DESIGN §1.1) and the wordings forms use.
struct TaxonomyTests {
    /// The secondary programme's own list of cross-curricular themes, in its words, and the area each must be.
    static let linkageThemes: [(wording: String, id: String)] = [
        ("site management", "site-management"), ("student voice", "student-voice"), ("IT services", "it-services"),
        ("appraisal", "appraisal"), ("personal development", "personal-development"),
        ("timetabling", "timetabling"), ("EAL", "eal"), ("data and tracking", "data-and-tracking"),
        ("curricular adjustments and personalised curricula for SEND students", "send-curricular-adjustments"),
        ("use of external AP", "external-ap"), ("development of internal AP", "internal-ap"),
        ("restorative practice", "restorative-practice"), ("recruitment", "recruitment"),
        ("professional development", "professional-development"),
        ("ECT support/development", "ect-support"),
    ]

    @Test func everyLinkageThemeIsInTheShippedTaxonomy() throws {
        let d = try Store(path: ":memory:").loadDirectory()
        for (wording, id) in Self.linkageThemes {
            #expect(d.area(named: wording)?.id == id, "\(wording)")
        }
        for (alias, id) in [
            ("Alternative provision (external)", "external-ap"), ("Alternative provision (internal)", "internal-ap"),
            ("ECT", "ect-support"), ("Careers and work experience", "careers"),
            ("Recruitment and retention", "recruitment"),
        ] {
            #expect(d.area(named: alias)?.id == id, "\(alias)")
        }
        // The new themes relate to a standard, so related-area matching reaches them.
        #expect(d.areas["external-ap"]?.parent == "behaviour")
        #expect(d.areas["it-services"]?.kind == .theme)
    }
}
