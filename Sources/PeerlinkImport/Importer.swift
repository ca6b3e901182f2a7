public import PeerlinkCore

/// A validated import, ready to commit: the change (empty when the batch was rejected) and the report.
public struct ImportPlan: Sendable {
    public var change: Change
    public var report: ImportReport
}

/// Checks parsed files against a directory: the reader's faults plus the directory's, one report.
///
/// Called where the directory is at hand (the daemon, or a dry run over a loaded copy). Faults found while
/// reading hold back the batch exactly as the directory's do: nothing is written unless `keepGood`.
public enum Importer {
    /// Schools from a GIAS establishments file: upsert by URN (see `Directory.prepareSchoolImport`).
    public static func planSchools(_ file: ParsedFile<School>, in directory: Directory, keepGood: Bool) -> ImportPlan {
        let (change, outcome) = directory.prepareSchoolImport(file.records, keepGood: keepGood)
        return plan("gias", file, change, outcome, keepGood)
    }

    /// Successions from a GIAS links file (see `Directory.prepareSuccessionImport`).
    public static func planSuccessions(
        _ file: ParsedFile<Succession>,
        in directory: Directory,
        keepGood: Bool,
        now: Int64
    )
        -> ImportPlan
    {
        let (change, outcome) = directory.prepareSuccessionImport(file.records, keepGood: keepGood, now: now)
        return plan("gias-links", file, change, outcome, keepGood)
    }

    /// Inspections from Ofsted's management information file (see `Directory.prepareInspectionImport`).
    public static func planInspections(
        _ file: ParsedFile<SchoolInspection>, in directory: Directory, keepGood: Bool, today: Day
    ) -> ImportPlan {
        let (change, outcome) = directory.prepareInspectionImport(file.records, keepGood: keepGood, today: today)
        return plan("ofsted", file, change, outcome, keepGood)
    }

    /// Nominations from an expression-of-interest export (see `Directory.prepareNominationImport`).
    public static func planNominations(
        _ file: ParsedFile<NominationDraft>,
        in directory: Directory,
        keepGood: Bool,
        emailPolicy: EmailPolicy = .standard,
        ids: inout IDAllocator,
        now: Int64
    ) -> ImportPlan {
        let (change, outcome) = directory.prepareNominationImport(
            file.records, keepGood: keepGood, emailPolicy: emailPolicy, ids: &ids, now: now)
        return plan("eoi", file, change, outcome, keepGood)
    }

    private static func plan<R>(
        _ kind: String,
        _ file: ParsedFile<R>,
        _ change: Change,
        _ outcome: ImportOutcome,
        _ keepGood: Bool
    )
        -> ImportPlan
    {
        let report = ImportReport(kind: kind, file: file, outcome: outcome, keepGood: keepGood)
        return ImportPlan(change: report.batchRejected ? Change([], reads: change.reads) : change, report: report)
    }
}
