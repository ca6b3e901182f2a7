internal import Foundation
import PeerlinkCore
internal import PeerlinkImport
import PeerlinkWire

/// Handlers for the imports: the register's schools and links, Ofsted's inspections, and expression-of-interest
/// forms.
///
/// The client reads the file; the daemon checks every record against memory with the Core prepare
/// function and writes the good ones as one change, committed alone (`ConflictKey.everything`). A dry
/// run, a batch held back by faults, or an import that finds nothing to change writes nothing: its
/// change is empty, so the dispatcher answers it without a commit.
enum ImportHandlers {
    static let specs: [OperationSpec] = [
        OperationSpec("import_schools", roles: .adminOnly, validatedOffLoop: true, .write(importSchools)),
        OperationSpec("import_successions", roles: .adminOnly, validatedOffLoop: true, .write(importSuccessions)),
        OperationSpec("import_nominations", roles: .adminOnly, validatedOffLoop: true, .write(importNominations)),
        OperationSpec("import_inspections", roles: .adminOnly, validatedOffLoop: true, .write(importInspections)),
        OperationSpec("import_calendar", roles: .adminOnly, validatedOffLoop: true, .write(importCalendar)),
    ]

    static func importSchools(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.importSchools
        try checkRows(r.sourceRows, records: r.schools.count)
        let decoded = r.schools.map { w in Result { () throws(PeerlinkError) in try School(wire: w) } }
        let (change, outcome) = prepare(decoded, keepGood: r.keepGood) { schools, keepGood in
            ctx.directory.prepareSchoolImport(schools, keepGood: keepGood)
        }
        return finish(
            outcome.wire(kind: "gias", records: r.schools.count, rows: r.sourceRows), change, dryRun: r.dryRun,
            answer: { .importSchools($0) })
    }

    static func importSuccessions(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.importSuccessions
        try checkRows(r.sourceRows, records: r.successions.count)
        let decoded = r.successions.map { w in Result { () throws(PeerlinkError) in try Succession(wire: w) } }
        let (change, outcome) = prepare(decoded, keepGood: r.keepGood) { successions, keepGood in
            ctx.directory.prepareSuccessionImport(successions, keepGood: keepGood, now: ctx.now)
        }
        return finish(
            outcome.wire(kind: "gias-links", records: r.successions.count, rows: r.sourceRows), change,
            dryRun: r.dryRun, answer: { .importSuccessions($0) })
    }

    /// Each school's latest graded inspection from Ofsted's management information (`peerlink import ofsted`).
    static func importInspections(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.importInspections
        try checkRows(r.sourceRows, records: r.inspections.count)
        let decoded = r.inspections.map { w in Result { () throws(PeerlinkError) in try SchoolInspection(wire: w) } }
        let today = Day(unixSeconds: ctx.now)
        let (change, outcome) = prepare(decoded, keepGood: r.keepGood) { inspections, keepGood in
            ctx.directory.prepareInspectionImport(inspections, keepGood: keepGood, today: today)
        }
        return finish(
            outcome.wire(kind: "ofsted", records: r.inspections.count, rows: r.sourceRows), change,
            dryRun: r.dryRun, answer: { .importInspections($0) })
    }

    /// Bank holidays or an authority's term dates (`peerlink import bank-holidays|term-dates`).
    static func importCalendar(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError) -> PreparedWrite {
        let r = ctx.request.importCalendar
        try checkRows(r.sourceRows, records: r.entries.count)
        let decoded = r.entries.map { w in Result { () throws(PeerlinkError) in try CalendarEntry(wire: w) } }
        let (change, outcome) = prepare(decoded, keepGood: r.keepGood) { entries, keepGood in
            ctx.directory.prepareCalendarImport(entries, keepGood: keepGood)
        }
        return finish(
            outcome.wire(kind: "calendar", records: r.entries.count, rows: r.sourceRows), change,
            dryRun: r.dryRun, answer: { .importCalendar($0) })
    }

    /// An expression-of-interest export: read with the mapping against the directory (school names,
    /// areas, heads), then `prepareNominationImport`. The reply's faults carry file rows and question
    /// columns, since only the daemon can tell an unknown URN or area.
    static func importNominations(_ ctx: RequestContext, _ ids: inout IDAllocator) throws(PeerlinkError)
        -> PreparedWrite
    {
        let r = ctx.request.importNominations
        let mapping: EOIMapping
        if r.mappingJson.isEmpty {
            mapping = .default
        } else {
            do throws(EOIMapping.MappingError) {
                mapping = try EOIMapping.decode(Data(r.mappingJson.utf8))
            } catch {
                throw .badRequest(error.message, field: "mapping_json")
            }
        }
        guard !r.header.isEmpty else {
            throw .badRequest("the export has no header row; export the responses again", field: "header")
        }
        let export = FormsExport(
            header: r.header,
            rows: r.rows.map { FormsExport.Row(number: Int($0.number), cells: $0.cells.map { .text($0) }) },
            notes: r.notes)
        let file = EOIReader.drafts(
            export, mapping: mapping, directory: ctx.directory, emailPolicy: ctx.config.emailPolicy)
        // A dry run must not use up ids.
        var scratch = ids
        let plan = Importer.planNominations(
            file, in: ctx.directory, keepGood: r.keepGood, emailPolicy: ctx.config.emailPolicy, ids: &scratch,
            now: ctx.now)
        if !r.dryRun { ids = scratch }
        let report = plan.report
        var w = Peerlink_V1_ImportResult()
        w.kind = report.kind
        w.rows = UInt32(report.rows)
        w.new = UInt32(report.new)
        w.updated = UInt32(report.updated)
        w.unchanged = UInt32(report.unchanged)
        w.rejected = UInt32(report.rejected)
        w.superseded = UInt32(report.superseded)
        w.faults = report.faults.map { f in
            var wf = Peerlink_V1_ImportFault()
            wf.row = Int32(f.row)
            wf.column = f.column
            wf.code = f.code
            wf.message = f.message
            return wf
        }
        w.notes = report.notes
        w.batchRejected = report.batchRejected
        return finish(w, plan.change, dryRun: r.dryRun, answer: { .importNominations($0) })
    }

    // MARK: Shared

    static func checkRows(_ rows: [Int32], records: Int) throws(PeerlinkError) {
        guard rows.isEmpty || rows.count == records else {
            throw .badRequest(
                "source_rows has \(rows.count) entries for \(records) records; give one per record or none",
                field: "source_rows")
        }
    }

    /// Runs `body` on the records that decoded, then reports the ones that did not under their own index.
    /// A record that did not decode holds back the batch like any other fault, unless `keepGood`.
    static func prepare<R>(
        _ decoded: [Result<R, PeerlinkError>], keepGood: Bool,
        _ body: ([R], Bool) -> (change: Change, outcome: ImportOutcome)
    ) -> (change: Change, outcome: ImportOutcome) {
        var good: [R] = []
        var original: [Int] = []
        var bad: [RecordFault] = []
        for (i, d) in decoded.enumerated() {
            switch d {
            case .success(let record):
                good.append(record)
                original.append(i)
            case .failure(let e):
                bad.append(RecordFault(index: i, error: e))
            }
        }
        var (change, outcome) = body(good, keepGood)
        outcome.faults = (outcome.faults.map { RecordFault(index: original[$0.index], error: $0.error) } + bad)
            .sorted { $0.index < $1.index }
        outcome.dispositions += bad.map { _ in .rejected }
        if !bad.isEmpty && !keepGood {
            outcome.batchRejected = true
            change = Change([], reads: [.everything])
        }
        return (change, outcome)
    }

    /// The write: the change unless this is a dry run or the batch was held back, and the reply.
    static func finish(
        _ result: Peerlink_V1_ImportResult, _ change: Change, dryRun: Bool,
        answer: @escaping @Sendable (Peerlink_V1_ImportResult) -> WireResponse.OneOf_Result
    ) -> PreparedWrite {
        var result = result
        let write = !dryRun && !result.batchRejected && !change.records.isEmpty
        result.dryRun = dryRun
        result.written = write
        result.recordsWritten = write ? UInt32(change.records.count) : 0
        let reply = result
        return PreparedWrite(write ? change : Change([], reads: [.everything])) { _ in answer(reply) }
    }
}
