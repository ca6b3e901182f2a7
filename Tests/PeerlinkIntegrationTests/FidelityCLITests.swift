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
            s + ["staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo@vale.sch.uk", "--role",
                "Maths lead", "--areas", "mathematics", "--strength", "timetabling=Builds the timetable"])
        #expect(nominate.status == 1 && nominate.err.contains("not among the nominated areas"), "\(nominate.err)")
        let personal = try daemon.cli(
            s + ["staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo.lee@gmail.com", "--role",
                "Maths lead", "--areas", "mathematics"])
        #expect(personal.status == 1 && personal.err.contains("personal mail domain"), "\(personal.err)")
        let made = try daemon.cli(
            s + ["staff", "nominate", "--urn", "340002", "--name", "Bo Lee", "--email", "bo@vale.sch.uk", "--role",
                "Maths lead", "--areas", "mathematics", "--strength", "Maths=Mastery in KS2"])
        #expect(made.status == 0, "\(made.err)")
        let id = made.out.trimmingCharacters(in: .whitespacesAndNewlines)

        let refused = try daemon.cli(s + ["link", "create", "--urn", "340001", "--area", "mathematics", "--nomination", id])
        #expect(refused.status == 1 && refused.err.contains("cross-phase"), "\(refused.err)")
        let linked = try daemon.cli(
            s + ["link", "create", "--urn", "340001", "--area", "mathematics", "--nomination", id, "--cross-phase"])
        #expect(linked.status == 0 && linked.out.contains("Bo Lee at Vale Primary"), "\(linked.out)\(linked.err)")

        let update = try daemon.cli(
            s + ["staff", "update", id, "--name", "Bo Lee-Ray", "--email", "b.leeray@vale.sch.uk", "--role",
                "Deputy head", "--strength", "mathematics=Mastery, KS1 and KS2"])
        #expect(update.status == 0, "\(update.err)")
        let list = try daemon.cli(s + ["staff", "list", "--urn", "340002"])
        #expect(list.out.contains("Bo Lee-Ray") && list.out.contains("Deputy head") && list.out.contains("b.leeray@vale.sch.uk"),
            "\(list.out)")
        let audit = try daemon.cli(s + ["audit"])
        #expect(audit.out.contains("nomination_update") && audit.out.contains("link_create"), "\(audit.out)")
    }
}
