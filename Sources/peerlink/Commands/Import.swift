import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkImport
import PeerlinkWire

#if canImport(Glibc)
import Glibc
#endif

extension PeerlinkCLI {
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Load the register of schools (GIAS), Ofsted's inspections, the school calendar and expression-of-interest forms.",
            discussion: """
                Every row is checked before anything is written; the import is written as one transaction, \
                or not at all when any row is rejected (unless --keep-good). Running the same import again \
                changes nothing. The exit status is 2 when rows were rejected.
                """,
            subcommands: [Gias.self, GiasLinks.self, Ofsted.self, BankHolidays.self, TermDates.self, Eoi.self])
    }
}

/// Flags every import shares.
struct ImportOptions: ParsableArguments {
    @Flag(help: "Check every row and print the report; write nothing.")
    var dryRun = false

    @Flag(help: "Write the good rows even when some are rejected (without it, nothing is written then).")
    var keepGood = false

    @Flag(help: "Never show the progress bar (it shows only on a terminal, for large files).")
    var noProgress = false
}

extension PeerlinkCLI.ImportCommand {
    struct Gias: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a GIAS establishments download (CSV, as GIAS gives it): upsert schools by URN.")

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Argument(help: "The establishments CSV (e.g. edubasealldata20250422.csv or a GIAS search download).")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                let bytes = try ImportRun.read(file)
                let progress = ProgressBar(file: file, bytes: bytes.count, options: options, json: connection.json)
                let parsed = GIASReader.establishments(bytes, progress: progress.stage)
                try ImportRun.send(kind: "gias", parsed, options, connection, progress: progress) { rows, dry, keep in
                    var r = Peerlink_V1_ImportSchools()
                    r.schools = parsed.records.map(\.wire)
                    (r.sourceRows, r.dryRun, r.keepGood) = (rows, dry, keep)
                    return { try $0.importSchools(r) }
                }
            }
        }
    }

    struct GiasLinks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gias-links",
            abstract: "Import the GIAS links file: predecessor and successor URNs.",
            discussion: """
                People and nominations at a school that closed with a single successor move to the \
                successor, and a lookup by the old URN finds the new school.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Argument(help: "The links CSV (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate).")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                let bytes = try ImportRun.read(file)
                let progress = ProgressBar(file: file, bytes: bytes.count, options: options, json: connection.json)
                let parsed = GIASReader.links(bytes, progress: progress.stage)
                try ImportRun.send(kind: "gias-links", parsed, options, connection, progress: progress) { rows, dry, keep in
                    var r = Peerlink_V1_ImportSuccessions()
                    r.successions = parsed.records.map(\.wire)
                    (r.sourceRows, r.dryRun, r.keepGood) = (rows, dry, keep)
                    return { try $0.importSuccessions(r) }
                }
            }
        }
    }

    struct Ofsted: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Ofsted's management information file of school inspections (CSV): each school's latest graded inspection.",
            discussion: """
                The monthly "School inspections and outcomes: management information" file (state-funded \
                schools, CSV). Columns are found by name and every group is optional (overall effectiveness to \
                August 2024, key judgements to November 2025, report card areas since 10 November 2025, \
                safeguarding, the previous inspection); the report says which the file had. Supporter \
                eligibility reads these through the inspection policy (inspection_policy in the config) \
                before any outcome recorded by hand.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Argument(help: "The management information CSV, as downloaded from GOV.UK.")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                let bytes = try ImportRun.read(file)
                let progress = ProgressBar(file: file, bytes: bytes.count, options: options, json: connection.json)
                let parsed = OfstedReader.inspections(bytes)
                try ImportRun.send(kind: "ofsted", parsed, options, connection, progress: progress) { rows, dry, keep in
                    var r = Peerlink_V1_ImportInspections()
                    r.inspections = parsed.records.map(\.wire)
                    (r.sourceRows, r.dryRun, r.keepGood) = (rows, dry, keep)
                    return { try $0.importInspections(r) }
                }
            }
        }
    }

    struct BankHolidays: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bank-holidays",
            abstract: "Import GOV.UK's bank holidays (bank-holidays.json): no meetings or sessions on them.",
            discussion: """
                The file is https://www.gov.uk/bank-holidays.json as downloaded; England and Wales is read unless \
                --division says otherwise. Bank holidays add to the holidays in the configuration and to any \
                imported term dates. Importing a newer file adds the years it brings.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Option(help: "The division of the file to read: england-and-wales, scotland or northern-ireland.")
        var division = "england-and-wales"
        @Argument(help: "bank-holidays.json")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                let parsed = CalendarReader.bankHolidays(try ImportRun.read(file), division: division)
                try ImportRun.send(kind: "bank-holidays", parsed, options, connection) { rows, dry, keep in
                    var r = Peerlink_V1_ImportCalendar()
                    r.entries = parsed.records.map(\.wire)
                    (r.sourceRows, r.dryRun, r.keepGood) = (rows, dry, keep)
                    return { try $0.importCalendar(r) }
                }
            }
        }
    }

    struct TermDates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "term-dates",
            abstract: "Import a local authority's term dates (CSV): between its terms, and on its inset days, no meetings.",
            discussion: """
                Columns by name: LA code, Term start, Term end, and optionally Term (its name) and Inset days \
                (dates separated by ';'). Dates are YYYY-MM-DD or DD/MM/YYYY. Within the span the terms cover, a \
                weekday in no term is a holiday of that authority; before and after it, the configured holidays \
                still apply. One file may hold several authorities.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Argument(help: "The term dates CSV.")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                let parsed = CalendarReader.termDates(try ImportRun.read(file))
                try ImportRun.send(kind: "term-dates", parsed, options, connection) { rows, dry, keep in
                    var r = Peerlink_V1_ImportCalendar()
                    r.entries = parsed.records.map(\.wire)
                    (r.sourceRows, r.dryRun, r.keepGood) = (rows, dry, keep)
                    return { try $0.importCalendar(r) }
                }
            }
        }
    }

    struct Eoi: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an expression-of-interest export from Microsoft Forms (.xlsx or .csv) as nominations.",
            discussion: """
                The mapping file says which question holds which field; without --mapping the default \
                (schema/eoi-default-mapping.json, for the form in tools/eoi-form-template.md) is used. A \
                later submission for the same nominee and school replaces the earlier one.
                """)

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var options: ImportOptions
        @Option(help: ArgumentHelp("The mapping file (JSON; see schema/eoi-default-mapping.json).", valueName: "file"))
        var mapping: String?
        @Argument(help: "The export: .xlsx as Forms downloads it, or .csv (any encoding Excel writes).")
        var file: String

        func run() throws {
            try Self.reportingFailures {
                var mappingText = ""
                if let mapping {
                    let data = try ImportRun.read(mapping)
                    do throws(EOIMapping.MappingError) {
                        _ = try EOIMapping.decode(data)
                    } catch {
                        throw CLIFailure("\(mapping): \(error.message)")
                    }
                    mappingText = String(decoding: data, as: UTF8.self)
                }
                let export: FormsExport
                do throws(XLSXSheet.ReadError) {
                    export = try FormsExport(contentsOf: URL(fileURLWithPath: file))
                } catch {
                    throw CLIFailure("\(file): \(error.message)")
                }
                var r = Peerlink_V1_ImportNominations()
                r.header = export.header
                r.rows = export.rows.map { row in
                    var w = Peerlink_V1_FormRow()
                    w.number = Int32(row.number)
                    w.cells = row.cells.map(\.text)
                    return w
                }
                r.mappingJson = mappingText
                r.notes = export.notes
                r.dryRun = options.dryRun
                r.keepGood = options.keepGood
                let result = try connection.call { try $0.importNominations(r) }
                try ImportRun.finish(report: ImportRun.report(result), result, connection)
            }
        }
    }
}

/// What the import commands share: reading the file, merging the daemon's outcome into the report,
/// printing it, and the exit status.
enum ImportRun {
    /// The exit status when rows were rejected (whether or not the good ones were written).
    static let rejectedExitCode: Int32 = 2

    static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file"
            throw CLIFailure("\(path): \(reason); check the path")
        }
    }

    /// Sends the records read from a file as one import request and prints the report. `request` builds the
    /// request from the file rows of the records and the dry-run and keep-good flags to send, and returns its
    /// typed call (`{ try $0.importSchools(r) }`), made once connected.
    /// Faults found while reading hold back the batch just as the daemon's do, so the daemon is then only
    /// asked what it would do (for the counts and its own faults).
    static func send<R>(
        kind: String, _ parsed: ParsedFile<R>, _ options: ImportOptions, _ connection: ConnectionOptions,
        progress: ProgressBar? = nil,
        _ request: (_ rows: [Int32], _ dryRun: Bool, _ keepGood: Bool)
            -> (PeerlinkClient) throws -> Peerlink_V1_ImportResult
    ) throws {
        let call = request(parsed.rows.map { Int32($0) }, sendDry(parsed, options), options.keepGood)
        progress?.waiting()
        let result = try connection.call(call)
        progress?.done()
        try finish(kind: kind, parsed, result, options, connection)
    }

    static func sendDry<R>(_ parsed: ParsedFile<R>, _ options: ImportOptions) -> Bool {
        options.dryRun || (!parsed.faults.isEmpty && !options.keepGood)
    }

    /// A records import: the daemon's outcome mapped back to file rows and merged with the reader's faults.
    static func finish<R>(
        kind: String, _ parsed: ParsedFile<R>, _ result: Peerlink_V1_ImportResult, _ options: ImportOptions,
        _ connection: ConnectionOptions
    ) throws {
        let report = ImportReport(
            kind: kind, file: parsed, outcome: ImportOutcome(wire: result), keepGood: options.keepGood)
        try finish(report: report, result, connection)
    }

    /// An EOI import's report, which the daemon built with rows and columns.
    static func report(_ r: Peerlink_V1_ImportResult) -> ImportReport {
        ImportReport(
            kind: r.kind, rows: Int(r.rows), new: Int(r.new), updated: Int(r.updated), unchanged: Int(r.unchanged),
            rejected: Int(r.rejected), superseded: Int(r.superseded),
            faults: r.faults.map { f in
                ImportFault(
                    row: Int(f.row), column: f.column, code: ErrorCode(rawValue: f.code) ?? .badRequest,
                    message: f.message)
            },
            notes: r.notes, batchRejected: r.batchRejected)
    }

    /// Prints the report (text or JSON) and exits 2 when any row was rejected.
    static func finish(report: ImportReport, _ result: Peerlink_V1_ImportResult, _ connection: ConnectionOptions)
        throws
    {
        if connection.json {
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            var object = (try? JSONSerialization.jsonObject(with: encoder.encode(report))) as? [String: Any] ?? [:]
            object["dry_run"] = result.dryRun
            object["written"] = result.written
            object["records_written"] = Int(result.recordsWritten)
            Output.printJSON(object)
        } else {
            print(report.text)
            if result.dryRun && !report.batchRejected {
                print("Dry run: nothing was written.")
            } else if result.written {
                let n = result.recordsWritten
                print("Wrote \(n) record\(n == 1 ? "" : "s") in one transaction.")
            } else if !report.batchRejected {
                print("Nothing to write: the directory already holds every row as given.")
            }
        }
        if report.rejected > 0 { throw ExitCode(rejectedExitCode) }
    }
}

/// A one-line progress bar on stderr while a large file is read and imported. Shown only when both
/// stdout and stderr are terminals (never when output is piped or redirected), not with --json, and only
/// for files of at least `threshold` bytes.
final class ProgressBar {
    static let threshold = 256 * 1024

    let enabled: Bool
    let name: String
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false

    init(file: String, bytes: Int, options: ImportOptions, json: Bool) {
        name = URL(fileURLWithPath: file).lastPathComponent
        enabled = !options.noProgress && !json && bytes >= ProgressBar.threshold && isatty(STDERR_FILENO) == 1
            && isatty(STDOUT_FILENO) == 1
    }

    /// A reader's progress callback (nil when the bar is off, so the reader skips the calls).
    var stage: GIASReader.Progress? {
        guard enabled else { return nil }
        return { [self] stage, done, total in
            // Splitting rows is the first half of the work; reading the records the second.
            let part = total == 0 ? 1 : Double(done) / Double(total)
            let fraction = stage == "splitting rows" ? part * 0.5 : 0.5 + part * 0.4
            draw(fraction, stage)
        }
    }

    func waiting() { draw(0.9, "checking and writing in the daemon", force: true) }

    func done() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    private func draw(_ fraction: Double, _ stage: String, force: Bool = false) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard force || now - lastDraw >= .milliseconds(50) else { return }
        lastDraw = now
        drawn = true
        let width = 30
        let filled = min(width, max(0, Int(fraction * Double(width))))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = Int(fraction * 100)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(name) [\(bar)] \(percent)% \(stage)".utf8))
    }
}
