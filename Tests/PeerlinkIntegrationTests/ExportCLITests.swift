import Foundation
import PeerlinkImport
import Testing

/// `--csv` and `--xlsx FILE` on the CLI's lists and reports, read back with the project's own readers.
struct ExportCLITests {
    @Test func listsPrintAsCSVAndReportsWriteWorkbooks() throws {
        let daemon = try DaemonHarness()
        defer { daemon.removeFiles() }
        try daemon.start()
        defer { daemon.stop() }
        let sock = ["--socket", daemon.socketPath]
        #expect(try daemon.cli(sock + ["import", "gias", ImportCLITests.surreyOpen]).status == 0)
        let nominate = try daemon.cli(sock + [
            "staff", "nominate", "--urn", "124937", "--name", "Bo Lee", "--email", "bo@kingswood.surrey.sch.uk",
            "--role", "Head of maths", "--areas", "maths", "--strength", "maths=Mastery, with \"depth\"",
        ])
        #expect(nominate.status == 0, "\(nominate.err)")

        let search = try daemon.cli(sock + ["--csv", "school", "search", "kingswood"])
        #expect(search.status == 0, "\(search.err)")
        let table = try CSVTable(bytes: Array(search.out.utf8))
        #expect(table.encoding == .utf8BOM, "Excel needs the byte-order mark")
        #expect(table.header == ["URN", "name", "phase", "LA", "status", "trust"], "\(table.header)")
        #expect(table.rows.contains { $0.fields.contains("124937") }, "\(search.out)")

        let book = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        let coverage = try daemon.cli(sock + ["--xlsx", book.path, "report", "coverage"])
        #expect(coverage.status == 0, "\(coverage.err)")
        #expect(coverage.err.contains("wrote \(book.path)"), "\(coverage.err)")
        let sheet = try XLSXSheet(data: Data(contentsOf: book))
        guard case .text(let first)? = sheet.rows.first?.cells[0] else { throw HarnessError("no header in the workbook") }
        #expect(first == "area")
        #expect(sheet.rows.contains { row in row.cells[0] == .text("Mathematics") }, "\(sheet.rows)")

        let both = try daemon.cli(sock + ["--csv", "--json", "school", "search", "x"])
        #expect(both.status != 0 && both.err.contains("--json or --csv"), "\(both.err)")
    }
}
