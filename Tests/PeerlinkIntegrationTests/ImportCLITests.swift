import Foundation
import Testing

/// `peerlink import …` against the real daemon: the register's extracts, its links, and the forms.
@Suite(.serialized) struct ImportCLITests {
    /// `Tests/PeerlinkImportTests/Fixtures`: real GIAS extracts (OGL v3) and the Forms exports.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PeerlinkImportTests/Fixtures")
    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

    static let hampshireSurrey = fixture("gias/hampshire_surrey_primary_20220420_gias.csv")
    static let surreyOpen = fixture("gias/surrey_all_open_2021-05_gias.csv")

    /// Runs the CLI on the daemon's socket; with `--json`, the parsed object too.
    func run(_ daemon: DaemonHarness, _ args: [String]) throws
        -> (status: Int32, out: String, err: String, json: [String: Any])
    {
        let r = try daemon.cli(["--socket", daemon.socketPath] + args)
        let json = (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any] ?? [:]
        return (r.status, r.out, r.err, json)
    }

    func counts(_ daemon: DaemonHarness) throws -> (counts: [String: Int], commits: Int) {
        let s = try run(daemon, ["status", "--json"]).json
        return (s["counts"] as? [String: Int] ?? [:], s["committed_changes"] as? Int ?? -1)
    }

    func started() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        try daemon.start()
        return daemon
    }

    // MARK: GIAS establishments

    @Test(arguments: [
        // file, rows, open (incl. "open but proposed to close"), closed — as the extracts' SOURCE.md counts them
        (hampshireSurrey, 1096, 728, 368),
        (surreyOpen, 590, 590, 0),
    ])
    func realGIASExtractImportsWholeAndTheSecondRunChangesNothing(file: String, rows: Int, open: Int, closed: Int)
        throws
    {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }

        let first = try run(daemon, ["import", "gias", file, "--json"])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.json["rows"] as? Int == rows)
        #expect(first.json["new"] as? Int == rows)
        #expect(first.json["rejected"] as? Int == 0)
        #expect((first.json["faults"] as? [Any])?.isEmpty == true)
        #expect(first.json["written"] as? Bool == true)
        #expect(first.json["records_written"] as? Int == rows)
        let (c, commits) = try counts(daemon)
        #expect(c["schools"] == rows)
        #expect(c["open_schools"] == open)
        #expect(c["schools"]! - c["open_schools"]! == closed)
        #expect(commits == 1, "the import is one change")

        let second = try run(daemon, ["import", "gias", file])
        #expect(second.status == 0)
        #expect(second.out.contains("gias import: \(rows) rows: 0 new, 0 updated, \(rows) unchanged, 0 rejected"))
        #expect(second.out.contains("Nothing to write"))
        #expect(try counts(daemon).commits == 1, "the second run writes nothing")
    }

    @Test func windows1252ByteImportsAsTheRightCharacter() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let r = try run(daemon, ["import", "gias", Self.fixture("gias/cp1252_smart_quote_gias.csv")])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("3 new"))
        #expect(r.out.contains("read as Windows-1252"))
        let show = try run(daemon, ["school", "show", "115872", "--json"])
        #expect(show.json["name"] as? String == "Chandler\u{2019}s Ford Infant School")
        let search = try run(daemon, ["school", "search", "Chandler"])
        #expect(search.out.contains("Chandler’s Ford Infant School"))
    }

    @Test func dryRunWritesNothing() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let dry = try run(daemon, ["import", "gias", Self.surreyOpen, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.out.contains("590 new"))
        #expect(dry.out.contains("Dry run: nothing was written."))
        let (c, commits) = try counts(daemon)
        #expect(c["schools"] == 0)
        #expect(commits == 0)

        _ = try run(daemon, ["import", "gias", Self.surreyOpen])
        let eoi = try run(daemon, ["import", "eoi", Self.fixture("eoi/eoi-sample.xlsx"), "--dry-run", "--json"])
        #expect(eoi.json["new"] as? Int == 4)
        #expect(eoi.json["dry_run"] as? Bool == true)
        #expect(eoi.json["written"] as? Bool == false)
        #expect(try counts(daemon).counts["nominations"] == 0)
    }

    @Test func aFileWithABadRowIsRejectedWholeUnlessKeepGood() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        // The Surrey extract with one row made bad: row 4's URN (20166) is not a number.
        var text = try String(contentsOfFile: Self.surreyOpen, encoding: .windowsCP1252)
        var lines = text.components(separatedBy: "\r\n")
        #expect(lines[3].hasPrefix("20166,"))
        lines[3] = "20166A" + lines[3].dropFirst(5)
        text = lines.joined(separator: "\r\n")
        let bad = daemon.directory.appendingPathComponent("bad.csv")
        try text.write(to: bad, atomically: true, encoding: .windowsCP1252)

        let whole = try run(daemon, ["import", "gias", bad.path])
        #expect(whole.status == 2)
        #expect(whole.out.contains("589 new, 0 updated, 0 unchanged, 1 rejected"))
        #expect(whole.out.contains("  row 4, column \"URN\": '20166A' is not a whole number"))
        #expect(whole.out.contains("Nothing was written"))
        #expect(try counts(daemon).counts["schools"] == 0)

        let kept = try run(daemon, ["import", "gias", bad.path, "--keep-good"])
        #expect(kept.status == 2, "rows were still rejected")
        #expect(kept.out.contains("Wrote 589 records"))
        #expect(try counts(daemon).counts["schools"] == 589)
    }

    // MARK: Links

    @Test func linksMoveNominationsAndAnOldURNFindsTheSuccessor() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        // Barncroft Junior (115905) was open when a member of staff was nominated; it closed and Barncroft
        // Primary (136078) succeeded it.
        let add = try run(daemon, [
            "school", "add", "--urn", "115905", "--name", "Barncroft Junior School", "--phase", "primary",
            "--la-code", "850", "--la-name", "Hampshire",
        ])
        #expect(add.status == 0, "\(add.err)")
        let nominate = try run(daemon, [
            "staff", "nominate", "--urn", "115905", "--name", "Ada Byron", "--email", "a.byron@barncroft.hants.sch.uk",
            "--role", "Maths lead", "--areas", "maths", "--json",
        ])
        #expect(nominate.status == 0, "\(nominate.err)")
        #expect(try run(daemon, ["import", "gias", Self.hampshireSurrey]).status == 0)

        let linksFile = Self.fixture("gias/links_hampshire_surrey_20250422.csv")
        let links = try run(daemon, ["import", "gias-links", linksFile, "--json"])
        #expect(links.status == 0, "\(links.err)")
        #expect(links.json["rows"] as? Int == 867)
        #expect(links.json["new"] as? Int == 433)
        #expect(links.json["rejected"] as? Int == 0)
        let notes = links.json["notes"] as? [String] ?? []
        #expect(notes.contains("moved 1 people and 1 nominations from replaced schools to their successors"))

        let old = try run(daemon, ["school", "show", "115905", "--json"])
        #expect(old.status == 0)
        #expect(old.json["urn"] as? Int == 136078)
        #expect(old.json["predecessor_urns"] as? [Int] == [115905, 115906])
        let text = try run(daemon, ["school", "show", "115905"])
        #expect(text.out.contains("Barncroft Primary School"))
        #expect(text.out.contains("predecessors         115905, 115906"))

        let staff = try run(daemon, ["staff", "list", "--urn", "136078"])
        #expect(staff.out.contains("Ada Byron"))
        let again = try run(daemon, ["import", "gias-links", linksFile])
        #expect(again.out.contains("0 new, 0 updated, 433 unchanged, 0 rejected"))

        // The predecessor's own record names its successor.
        let search = try daemon.cli(["--socket", daemon.socketPath, "school", "search", "Barncroft", "--json"])
        let found = (try? JSONSerialization.jsonObject(with: Data(search.out.utf8))) as? [[String: Any]] ?? []
        let junior = try #require(found.first { $0["urn"] as? Int == 115905 })
        #expect(junior["successor_urn"] as? Int == 136078)
        #expect(junior["status"] as? String == "closed")

        // The successions are stored: after a restart the old URN still finds the new school.
        daemon.stop()
        let restarted = try DaemonHarness(reuse: daemon)
        try restarted.start()
        defer { restarted.stop() }
        let after = try run(restarted, ["school", "show", "115905", "--json"])
        #expect(after.json["urn"] as? Int == 136078)
        #expect(try counts(restarted).counts["successions"] == 433)
    }

    @Test func importsAreForAdminsOnly() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let token = try run(daemon, ["token", "create", "--role", "adviser", "--label", "imports"])
        let secret = token.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try daemon.cli(
            ["import", "gias", Self.surreyOpen],
            environment: ["PEERLINK_SERVER": "127.0.0.1:\(daemon.tcpPort)", "PEERLINK_TOKEN": secret])
        #expect(refused.status == 5)
        #expect(refused.err.contains("import_schools is for admin tokens"))
        #expect(try counts(daemon).counts["schools"] == 0)
    }

    // MARK: Expression-of-interest forms

    /// A school's nominations as comparable text (ids and times left out).
    func nominations(_ daemon: DaemonHarness, _ urns: [Int]) throws -> [String] {
        try urns.flatMap { urn -> [String] in
            let r = try daemon.cli(["--socket", daemon.socketPath, "staff", "list", "--urn", "\(urn)", "--json"])
            let rows = (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [[String: Any]] ?? []
            return rows.map { v in
                let n = v["nomination"] as? [String: Any] ?? [:]
                let p = v["nominee"] as? [String: Any] ?? [:]
                let areas = (n["areas"] as? [[String: Any]] ?? []).map { "\($0["area"] ?? "")=\($0["strength"] ?? "")" }
                return "\(urn)|\(p["name"] ?? "")|\(p["email"] ?? "")|\(p["role"] ?? "")|\(areas)|"
                    + "\(n["capacity"] ?? "")|\(n["modes"] ?? "")|\(n["consent"] ?? "")|\(n["status"] ?? "")"
            }
        }
    }

    @Test func formsExportAsXLSXAndAsCSVImportToTheSameNominations() throws {
        let schools = [125259, 125271, 125273, 125275]
        var listed: [[String]] = []
        for file in ["eoi/eoi-sample.xlsx", "eoi/eoi-sample.csv"] {
            let daemon = try started()
            defer { daemon.removeFiles() }
            defer { daemon.stop() }
            #expect(try run(daemon, ["import", "gias", Self.surreyOpen]).status == 0)
            let r = try run(daemon, ["import", "eoi", Self.fixture(file), "--json"])
            #expect(r.status == 0, "\(file): \(r.out) \(r.err)")
            #expect(r.json["new"] as? Int == 4)
            #expect(r.json["superseded"] as? Int == 1)
            #expect(r.json["written"] as? Bool == true)
            listed.append(try nominations(daemon, schools))
            // The other format of the same export changes nothing.
            let other = file.hasSuffix(".xlsx") ? "eoi/eoi-sample.csv" : "eoi/eoi-sample.xlsx"
            let again = try run(daemon, ["import", "eoi", Self.fixture(other)])
            #expect(again.out.contains("0 new, 0 updated, 4 unchanged, 0 rejected"), "\(again.out)")
        }
        #expect(listed[0].count == 4)
        #expect(listed[0] == listed[1])
        #expect(listed[0].contains { $0.contains("Tom O’Neill") })
    }

    @Test func formsExportWithBadRowsIsRejectedWholeWithOneLinePerFaultThenKeepGoodLandsTheGoodRows() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        #expect(try run(daemon, ["import", "gias", Self.surreyOpen]).status == 0)
        let bad = Self.fixture("eoi/eoi-bad-rows.csv")

        let whole = try run(daemon, ["import", "eoi", bad])
        #expect(whole.status == 2)
        let faultLines = whole.out.split(separator: "\n").filter { $0.hasPrefix("  row ") }
        #expect(faultLines.count == 4)
        #expect(faultLines[0].hasPrefix("  row 4, column \"School URN or name\": no school with URN 999999"))
        #expect(faultLines[1].hasPrefix("  row 5, column \"Nominee's work email address\": 'j.bloggs@oakwood'"))
        #expect(faultLines[2].hasPrefix("  row 6, column \"Subjects the nominee can support\": 'Geograpy'"))
        #expect(faultLines[2].contains("did you mean 'Geography'"))
        let consent = "I confirm the nominee has agreed to be listed in the directory"
        #expect(faultLines[3].hasPrefix("  row 7, column \"\(consent)\": "))
        #expect(faultLines[3].contains("consent is missing"))
        #expect(whole.out.contains("2 new, 0 updated, 0 unchanged, 4 rejected"))
        #expect(whole.out.contains("note: no date proves its order (every day is 12 or less); assumed D/M/YYYY"))
        #expect(whole.out.contains("Nothing was written"))
        #expect(try counts(daemon).counts["nominations"] == 0)

        let kept = try run(daemon, ["import", "eoi", bad, "--keep-good", "--json"])
        #expect(kept.status == 2)
        #expect(kept.json["written"] as? Bool == true)
        #expect((kept.json["faults"] as? [[String: Any]])?.map { $0["row"] as? Int } == [4, 5, 6, 7])
        let landed = try nominations(daemon, [125259, 125275])
        #expect(landed.count == 2)
        #expect(landed[0].contains("Priya Shah"))
        #expect(landed[1].contains("Ruth Ellis"))
        #expect(try counts(daemon).counts["nominations"] == 2)
    }

    @Test func aMappingFileRenamesTheQuestions() throws {
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        #expect(try run(daemon, ["import", "gias", Self.surreyOpen]).status == 0)
        // The same export with the school question reworded, and a mapping that says so.
        var csv = try String(contentsOfFile: Self.fixture("eoi/eoi-sample.csv"), encoding: .utf8)
        csv = csv.replacingOccurrences(of: "School URN or name", with: "Your school")
        let export = daemon.directory.appendingPathComponent("reworded.csv")
        try csv.write(to: export, atomically: true, encoding: .utf8)
        let defaults = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/eoi-default-mapping.json")
        let mapping = try String(contentsOf: defaults, encoding: .utf8)
            .replacingOccurrences(of: "\"school\": \"School URN or name\"", with: "\"school\": \"Your school\"")
        let mappingFile = daemon.directory.appendingPathComponent("mapping.json")
        try mapping.write(to: mappingFile, atomically: true, encoding: .utf8)

        let without = try run(daemon, ["import", "eoi", export.path])
        #expect(without.status == 2)
        #expect(without.out.contains("the export has no column headed 'School URN or name'"))
        let with = try run(daemon, ["import", "eoi", export.path, "--mapping", mappingFile.path])
        #expect(with.status == 0, "\(with.out)")
        #expect(with.out.contains("4 new"))

        let broken = daemon.directory.appendingPathComponent("broken.json")
        try "{\"school\": \"x\"}".write(to: broken, atomically: true, encoding: .utf8)
        let refused = try run(daemon, ["import", "eoi", export.path, "--mapping", broken.path])
        #expect(refused.status == 1)
        #expect(refused.err.contains("the mapping file has no"))
    }

    // MARK: Terminal

    @Test func progressBarOnlyOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let daemon = try started()
        defer { daemon.removeFiles() }
        defer { daemon.stop() }
        let piped = try run(daemon, ["import", "gias", Self.hampshireSurrey, "--dry-run"])
        #expect(!piped.err.contains("%"))
        #expect(!piped.out.contains("%"))

        // Under a pseudo-terminal (util-linux `script`), the bar is drawn on stderr and cleared.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = [DaemonHarness.peerlink, "--socket", daemon.socketPath, "import", "gias", Self.hampshireSurrey,
                       "--dry-run"].map { "'\($0)'" }.joined(separator: " ")
        p.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let screen = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "\(screen)")
        #expect(screen.contains("hampshire_surrey_primary_20220420_gias.csv ["))
        #expect(screen.contains("% checking and writing in the daemon"))
        #expect(screen.contains("1096 new"))
    }
}
