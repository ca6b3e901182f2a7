import Foundation
import PeerlinkClient
import PeerlinkWire
import Testing

/// Issue 20: the CLI refuses a numeric option outside what the daemon accepts in `validate()`, naming the
/// option, the allowed range and the value given, and exits non-zero before connecting; it never clamps.
@Suite(.serialized) struct OptionBoundsCLITests {
    static let refusals: [(arguments: [String], message: String)] = [
        (
            ["engagement", "meeting", "7", "--date", "2026-03-02T10:00", "--minutes", "0"],
            "--minutes must be from 1 to 480 minutes; got 0."
        ),
        (
            ["engagement", "meeting", "edit", "7", "--minutes", "481"],
            "--minutes must be from 1 to 480 minutes; got 481."
        ),
        (["supporter", "supervision", "add", "3", "--date", "2026-03-02", "--minutes=-5"],
         "--minutes must be from 1 to 480 minutes; got -5."),
        (["engagement", "feedback", "7", "--rating", "6"], "--rating must be from 1 to 5; got 6."),
        (
            [
                "staff", "nominate", "--urn", "100001", "--name", "A Lee", "--email", "a@x.sch.uk", "--role", "Lead",
                "--areas", "mathematics", "--capacity", "21",
            ],
            "--capacity must be from 1 to 20 concurrent links; got 21."
        ),
        (
            ["supporter", "add", "--person", "1", "--summary", "s", "--skills", "x", "--capacity", "0"],
            "--capacity must be from 1 to 10 engagements at once; got 0."
        ),
        (["match", "supporter", "--request", "1", "--limit", "0"], "--limit must be from 1 to 100 profiles; got 0."),
        (
            ["match", "supporter", "--request", "1", "--max-distance-km", "2500"],
            "--max-distance-km must be more than 0 and at most 2000 km; got 2500."
        ),
        (
            ["match", "supporter", "--request", "1", "--weight", "coverage=-1"],
            "--weight must be NAME=NUMBER with a number of 0 or more; got 'coverage=-1'."
        ),
        (
            ["match", "link", "--urn", "100001", "--area", "mathematics", "--max-km", "0"],
            "--max-km must be more than 0 and at most 1000 km; got 0."
        ),
        (["match", "link", "--urn", "100001", "--area", "mathematics", "--limit", "101"], "--limit must be from 1 to 100; got 101."),
        // Before, a URN past Int32 was clamped to 2147483647 and sent.
        (["person", "update", "3", "--urn", "99999999999"], "--urn must be from 1 to 9999999; got 99999999999."),
        (["school", "show", "0"], "URN must be from 1 to 9999999; got 0."),
        (
            ["cohort", "facilitator", "add", "Spring", "--person", "1", "--max-groups", "0"],
            "--max-groups must be from 1 to 50 groups; got 0."
        ),
        (
            ["cohort", "create", "Spring", "--start", "2027-01-11", "--group-size", "1-6"],
            "--group-size must be MIN-MAX with 2 ≤ MIN ≤ MAX ≤ 12, e.g. 4-6; got '1-6'."
        ),
        (["invite", "create", "--person", "1", "--role", "head", "--days", "31"], "--days must be from 1 to 30 days; got 31."),
        (["audit", "--limit", "2001"], "--limit must be from 1 to 2000; got 2001."),
        (["status", "--timeout", "0"], "--timeout must be more than 0 and at most 86400 seconds; got 0."),
    ]

    /// No daemon runs: a check that let the value through would fail to connect (exit 3) instead.
    @Test(arguments: refusals)
    func anOutOfRangeValueIsRefusedBeforeConnecting(arguments: [String], message: String) throws {
        let harness = try DaemonHarness()
        defer { harness.removeFiles() }
        let run = try harness.cli(["--socket", harness.socketPath] + arguments)
        #expect(run.status == 64, "exit \(run.status): \(run.err)")
        #expect(run.err.contains("Error: \(message)"), "\(run.err)")
        #expect(!run.err.contains("cannot reach peerlinkd"), "\(run.err)")
        #expect(run.out.isEmpty, "\(run.out)")
    }

    /// The bounds are the daemon's: the edge values go through to it, one past them sends nothing.
    @Test func theEdgeValuesReachTheDaemonAndOnePastThemStoresNothing() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        try daemon.admin().upsert(sampleSchool(urn: 350001, name: "Edge Academy"))
        let s = ["--socket", daemon.socketPath]
        let nominate = [
            "staff", "nominate", "--urn", "350001", "--name", "Ria Shah", "--email", "ria@edge.sch.uk", "--role",
            "Maths lead", "--areas", "mathematics", "--capacity",
        ]

        let tooMany = try daemon.cli(s + nominate + ["21"])
        #expect(tooMany.status == 64 && tooMany.err.contains("--capacity must be from 1 to 20"), "\(tooMany.err)")
        let none = try daemon.cli(s + ["staff", "list", "--urn", "350001"])
        #expect(none.status == 0 && none.out.contains("no nominations at URN 350001"), "\(none.out)\(none.err)")

        let most = try daemon.cli(s + nominate + ["20"])
        #expect(most.status == 0, "\(most.err)")
        let listed = try daemon.cli(s + ["staff", "list", "--urn", "350001"])
        #expect(listed.out.contains("0 of 20"), "\(listed.out)")

        // In range for the CLI, so the daemon answers (here: no such engagement), with its code.
        let supervision = try daemon.cli(
            s + ["supporter", "supervision", "add", "999", "--date", "2026-01-05", "--minutes", "480"])
        #expect(
            supervision.status == 4 && supervision.err.hasPrefix("error: not_found"),
            "\(supervision.status) \(supervision.err)")
        let facilitator = try daemon.cli(s + ["cohort", "facilitator", "add", "Nowhere", "--person", "1", "--max-groups", "50"])
        #expect(facilitator.status == 4, "\(facilitator.status) \(facilitator.err)")
    }
}
