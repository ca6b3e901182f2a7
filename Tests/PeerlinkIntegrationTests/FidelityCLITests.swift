import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire
import Testing

/// Issue 21 through the real daemon and CLI: `link create` refuses what the match removes, and a staff member's
/// record is corrected with `staff update`.
@Suite(.serialized) struct FidelityCLITests {
    @Test func linkCreateRefusesAPhaseMismatchUnlessCrossPhaseAndStaffUpdateCorrectsTheNominee() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let admin = try daemon.admin()
        try admin.upsert(sampleSchool(urn: 340001, name: "Hill Secondary"))
        try admin.upsert(sampleSchool(urn: 340002, name: "Vale Primary", phase: "primary"))
        let s = ["--socket", daemon.socketPath]

        let nominate = try daemon.cli(
            s + [
                "staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo@vale.sch.uk", "--role",
                "Maths lead", "--areas", "mathematics", "--strength", "timetabling=Builds the timetable",
            ]
        )
        #expect(nominate.status == 1 && nominate.err.contains("not among the nominated areas"), "\(nominate.err)")
        let personal = try daemon.cli(
            s + [
                "staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo.lee@gmail.com", "--role",
                "Maths lead", "--areas", "mathematics",
            ]
        )
        #expect(personal.status == 1 && personal.err.contains("personal mail domain"), "\(personal.err)")
        let made = try daemon.cli(
            s + [
                "staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo@vale.sch.uk", "--role",
                "Maths lead", "--areas", "mathematics", "--strength", "Maths=Mastery in KS2",
            ]
        )
        #expect(made.status == 0, "\(made.err)")
        let id = made.out.trimmingCharacters(in: .whitespacesAndNewlines)

        let refused = try daemon.cli(
            s + ["link", "create", "--urn", "340001", "--area", "mathematics", "--nomination", id]
        )
        #expect(refused.status == 1 && refused.err.contains("cross-phase"), "\(refused.err)")
        let linked = try daemon.cli(
            s + ["link", "create", "--urn", "340001", "--area", "mathematics", "--nomination", id, "--cross-phase"]
        )
        #expect(linked.status == 0 && linked.out.contains("Bo Lee at Vale Primary"), "\(linked.out)\(linked.err)")

        let update = try daemon.cli(
            s + [
                "staff", "update", id, "--name", "Bo Lee-Ray", "--email", "b.leeray@vale.sch.uk", "--role",
                "Deputy head", "--strength", "mathematics=Mastery, KS1 and KS2",
            ]
        )
        #expect(update.status == 0, "\(update.err)")
        let list = try daemon.cli(s + ["staff", "list", "--urn", "340002"])
        #expect(
            list.out.contains("Bo Lee-Ray") && list.out.contains("Deputy head")
                && list.out.contains("b.leeray@vale.sch.uk"),
            "\(list.out)"
        )
        let audit = try daemon.cli(s + ["audit"])
        #expect(audit.out.contains("nomination_update") && audit.out.contains("link_create"), "\(audit.out)")
    }
}

extension FidelityCLITests {
    /// An admin adds an alias at run time; the next import resolves a form answer with it, and the area list shows it.
    @Test func anAliasAddedAtRunTimeResolvesInTheNextImport() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let s = ["--socket", daemon.socketPath]
        let gias = try daemon.cli(s + ["import", "gias", ImportCLITests.surreyOpen])
        #expect(gias.status == 0, "\(gias.err)")

        // Tom O'Neill's free-text answer in the sample, reworded as a county's form words it.
        let sample = try String(contentsOfFile: ImportCLITests.fixture("eoi/eoi-sample.csv"), encoding: .utf8)
        let reworded = sample.replacingOccurrences(
            of: "\"Timetabling, restorative practice\"",
            with: "\"Timetabling, relational behaviour work\""
        )
        #expect(reworded != sample)
        let file = daemon.directory.appendingPathComponent("eoi-reworded.csv")
        try reworded.write(to: file, atomically: true, encoding: .utf8)

        let before = try daemon.cli(s + ["import", "eoi", file.path])
        #expect(
            before.status == 2 && before.out.contains("'relational behaviour work' is not an area"),
            "\(before.out)"
        )
        #expect(before.out.contains("peerlink areas alias"), "\(before.out)")

        let alias = try daemon.cli(s + ["areas", "alias", "restorative-practice", "Relational behaviour work"])
        #expect(alias.status == 0 && alias.out.contains("now names restorative-practice"), "\(alias.out)\(alias.err)")
        let taken = try daemon.cli(s + ["areas", "alias", "timetabling", "relational behaviour work"])
        #expect(taken.status == 1 && taken.err.contains("already names area restorative-practice"), "\(taken.err)")

        let after = try daemon.cli(s + ["import", "eoi", file.path])
        #expect(after.status == 0 && after.out.contains("0 rejected"), "\(after.out)\(after.err)")

        let added = try daemon.cli(
            s + [
                "areas", "add", "work-related-learning", "--name", "Work-related learning", "--parent", "careers",
                "--alias",
                "Work placements",
            ]
        )
        #expect(added.status == 0, "\(added.err)")
        let clash = try daemon.cli(s + ["areas", "add", "work-experience", "--name", "Work experience"])
        #expect(clash.status == 1 && clash.err.contains("already names area careers"), "\(clash.err)")
        let related = try daemon.cli(s + ["areas", "relate", "work-related-learning", "transition"])
        #expect(related.status == 0 && related.out.contains("related to transition"), "\(related.out)\(related.err)")
        let list = try daemon.cli(s + ["areas", "--kind", "theme"])
        #expect(
            list.out.contains("Work-related learning") && list.out.contains("Relational behaviour work"),
            "\(list.out)"
        )
        let audit = try daemon.cli(s + ["audit"])
        #expect(audit.out.contains("area_alias") && audit.out.contains("area_add") && audit.out.contains("area_relate"))
    }
}
