import Foundation
import Testing

/// `peerlink import ofsted` against the real daemon: dry run, commit, second run unchanged, stored across a
/// restart, and supporter eligibility reading the imported inspection.
@Suite(.serialized) struct OfstedImportTests {
    static let threeFrameworks = ImportCLITests.fixture("ofsted/inspections-three-frameworks.csv")
    static let badRows = ImportCLITests.fixture("ofsted/inspections-old-release-bad-rows.csv")

    func run(_ daemon: DaemonHarness, _ args: [String]) throws -> (status: Int32, out: String, err: String, json: [String: Any]) {
        let r = try daemon.cli(["--socket", daemon.socketPath] + args)
        let json = (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any] ?? [:]
        return (r.status, r.out, r.err, json)
    }

    @Test func importsDryRunFirstThenCommitsThenChangesNothingAndEligibilityReadsIt() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        #expect(try run(daemon, ["import", "gias", ImportCLITests.surreyOpen]).status == 0)

        let dry = try run(daemon, ["import", "ofsted", Self.threeFrameworks, "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.json["new"] as? Int == 7 && dry.json["written"] as? Bool == false, "\(dry.out)")
        let notes = (dry.json["notes"] as? [String] ?? []).joined(separator: " | ")
        #expect(notes.contains("report card areas (8 of 8)"), "\(notes)")

        let first = try run(daemon, ["import", "ofsted", Self.threeFrameworks, "--json"])
        #expect(first.json["new"] as? Int == 7 && first.json["written"] as? Bool == true, "\(first.out) \(first.err)")
        let again = try run(daemon, ["import", "ofsted", Self.threeFrameworks, "--json"])
        #expect(again.json["unchanged"] as? Int == 7 && again.json["records_written"] as? Int == 0, "\(again.out)")

        let bad = try run(daemon, ["import", "ofsted", Self.badRows])
        #expect(bad.status == 2, "rows rejected: exit 2")
        #expect(bad.out.contains("row 3, column \"Inspection start date\""), "\(bad.out)")
        #expect(bad.out.contains("Nothing was written"), "\(bad.out)")

        // A supporter leading Manorcroft (report card: achievement needs attention) is not eligible, and the
        // reason names the inspection and the rule; at Trumps Green (all expected or better) the inspection used
        // is shown and the rule holds.
        func supporter(_ urn: Int, _ email: String) throws -> String {
            let person = try run(daemon, [
                "person", "add", "--name", "Sam Senior", "--email", email, "--urn", "\(urn)", "--role", "Headteacher",
                "--headship-start", "2010-09-01",
            ])
            #expect(person.status == 0, "\(person.err)")
            let add = try run(daemon, [
                "supporter", "add", "--person", person.out.trimmingCharacters(in: .whitespacesAndNewlines),
                "--summary", "Experienced", "--skills", "teaching", "--training-completed", "2024-06-30",
                "--coaching-record", "Coach since 2018", "--knows-local-processes",
            ])
            #expect(add.status == 0, "\(add.err)")
            return try run(daemon, ["supporter", "show", add.out.trimmingCharacters(in: .whitespacesAndNewlines)]).out
        }
        let manorcroft = try supporter(124953, "sam@manorcroft.surrey.sch.uk")
        #expect(manorcroft.contains("Manorcroft Primary School is not judged good or better at its last inspection"), "\(manorcroft)")
        #expect(manorcroft.contains("achievement needs attention; the rule is no area below expected standard and safeguarding met"), "\(manorcroft)")
        let trumps = try supporter(124952, "sam@trumpsgreen.surrey.sch.uk")
        #expect(trumps.contains("eligible               yes") || !trumps.contains("not eligible because"), "\(trumps)")
        #expect(trumps.contains("the inspection of 2025-11-24 (report card inspection"), "\(trumps)")

        // Stored: after a restart the same import changes nothing.
        daemon.stop()
        let restarted = try DaemonHarness(reuse: daemon)
        try restarted.start()
        defer { restarted.stop() }
        let after = try run(restarted, ["import", "ofsted", Self.threeFrameworks, "--json"])
        #expect(after.json["unchanged"] as? Int == 7, "\(after.out)")
    }
}

/// `peerlink import bank-holidays` and `peerlink import term-dates` against the real daemon: dry run, commit,
/// second run unchanged, kept across a restart.
@Suite(.serialized) struct CalendarImportTests {
    static let sampleData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/sample-data")

    @Test func bankHolidaysAndTermDatesImportOnceAndAreKept() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        let bank = Self.sampleData.appendingPathComponent("bank-holidays.json").path
        let terms = Self.sampleData.appendingPathComponent("term-dates-example.csv").path
        func run(_ d: DaemonHarness, _ args: [String]) throws -> [String: Any] {
            let r = try d.cli(["--socket", d.socketPath, "import"] + args + ["--json"])
            #expect(r.status == 0, "\(args): \(r.err)")
            return (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any] ?? [:]
        }
        let dry = try run(daemon, ["bank-holidays", bank, "--dry-run"])
        #expect(dry["new"] as? Int == 24 && dry["written"] as? Bool == false, "\(dry)")
        #expect(try run(daemon, ["bank-holidays", bank])["records_written"] as? Int == 24)
        #expect(try run(daemon, ["term-dates", terms])["new"] as? Int == 9, "5 terms and 4 inset days")
        #expect(try run(daemon, ["bank-holidays", bank])["unchanged"] as? Int == 24)

        let bad = try daemon.cli(["--socket", daemon.socketPath, "import", "bank-holidays", bank, "--division", "wales"])
        #expect(bad.status == 2 && bad.out.contains("no 'wales' division"), "\(bad.out) \(bad.err)")

        daemon.stop()
        let restarted = try DaemonHarness(reuse: daemon)
        try restarted.start()
        defer { restarted.stop() }
        #expect(try run(restarted, ["term-dates", terms])["unchanged"] as? Int == 9)
    }
}
