/// What an import did with one input record.
public enum ImportDisposition: String, Sendable, Codable, CaseIterable {
    /// Not in the directory before: written.
    case new
    /// In the directory with different values: written.
    case updated
    /// Already in the directory exactly as given: nothing written, so a second run changes nothing.
    case unchanged
    /// Faulty: never written.
    case rejected
}

/// One record an import could not take: its index in the input list and why.
public struct RecordFault: Sendable, Equatable {
    /// Position in the list given to `prepare…Import`; the file reader maps it back to a row.
    public var index: Int
    public var error: PeerlinkError

    public init(index: Int, error: PeerlinkError) {
        self.index = index
        self.error = error
    }
}

/// How a batch of imported records compares with the directory. Returned with the `Change`; the report
/// a person reads is built from it (see `ImportReport` in PeerlinkImport).
public struct ImportOutcome: Sendable, Equatable {
    /// One entry per input record, in input order.
    public var dispositions: [ImportDisposition] = []
    public var faults: [RecordFault] = []
    /// True when faults held the whole batch back (no `keepGood`): the change writes nothing.
    public var batchRejected = false
    /// Facts a person should know that are not faults (records moved to a successor, …).
    public var notes: [String] = []

    public init() {}

    public func count(_ d: ImportDisposition) -> Int { dispositions.lazy.filter { $0 == d }.count }
    public var new: Int { count(.new) }
    public var updated: Int { count(.updated) }
    public var unchanged: Int { count(.unchanged) }
    public var rejected: Int { count(.rejected) }

    mutating func reject(_ index: Int, _ error: PeerlinkError) {
        dispositions.append(.rejected)
        faults.append(RecordFault(index: index, error: error))
    }
}

extension Directory {
    /// Upserts schools from the register by URN. Each school is classified against memory: new, updated,
    /// or unchanged (no record, so running the same import twice writes nothing the second time).
    /// A school that fails `School.validate`, or repeats a URN given earlier in the batch, is rejected; any
    /// fault holds back the whole batch unless `keepGood`. Commits alone (`ConflictKey.everything`).
    public func prepareSchoolImport(_ given: [School], keepGood: Bool) -> (change: Change, outcome: ImportOutcome) {
        var outcome = ImportOutcome()
        var records: [any DirectoryRecord] = []
        var seen: [Int: Int] = [:]
        for (i, raw) in given.enumerated() {
            var s = raw
            s.name = Text.tidy(s.name)
            do throws(PeerlinkError) {
                try School.validate(s)
            } catch {
                outcome.reject(i, error)
                continue
            }
            if let first = seen[s.urn] {
                outcome.reject(
                    i,
                    .conflict(
                        "URN \(s.urn) is given twice in this batch (also record \(first + 1)); keep one row per school",
                        field: "urn"
                    )
                )
                continue
            }
            seen[s.urn] = i
            switch schools[s.urn] {
            case nil:
                outcome.dispositions.append(.new)
                records.append(s)
            case let old? where old == s:
                outcome.dispositions.append(.unchanged)
            default:
                outcome.dispositions.append(.updated)
                records.append(s)
            }
        }
        return Directory.finish(records, &outcome, keepGood: keepGood)
    }

    /// Records successions from the register's links file and moves what belongs to a replaced school.
    ///
    /// Each succession is new, updated (type or date changed) or unchanged. Then, with the new successions
    /// in place, every person and every non-withdrawn nomination at a school that `school(resolvingURN:)`
    /// now answers with another school (closed, with a single known successor) moves to that school;
    /// withdrawn nominations stay as history. Running it again finds nothing left to move. A succession with
    /// a URN out of range or naming itself is rejected; faults hold back the batch unless `keepGood`. Give
    /// each pair once (the links file lists most pairs from both ends: `GIASLinksReader` merges them).
    public func prepareSuccessionImport(_ given: [Succession], keepGood: Bool, now: Int64)
        -> (change: Change, outcome: ImportOutcome)
    {
        var outcome = ImportOutcome()
        var records: [any DirectoryRecord] = []
        var after = self
        for (i, s) in given.enumerated() {
            if let bad = [(s.predecessor, "predecessor"), (s.successor, "successor")].first(where: {
                !(1..<10_000_000).contains($0.0)
            }) {
                outcome.reject(
                    i,
                    .badRequest(
                        "the \(bad.1) URN must be a positive number of up to 7 digits, got \(bad.0)",
                        field: bad.1
                    )
                )
                continue
            }
            guard s.predecessor != s.successor else {
                outcome.reject(
                    i,
                    .badRequest("URN \(s.predecessor) cannot succeed itself; drop the row", field: "successor")
                )
                continue
            }
            // Compared with the register as the batch leaves it, so a pair given twice ends as the last.
            switch after.register.succession(from: s.predecessor, to: s.successor) {
            case nil: outcome.dispositions.append(.new)
            case let old? where old == s:
                outcome.dispositions.append(.unchanged)
                continue
            case _?: outcome.dispositions.append(.updated)
            }
            records.append(s)
            s.apply(to: &after)
        }
        if outcome.faults.isEmpty || keepGood {
            records += after.movesToSuccessors(now: now, notes: &outcome.notes)
        }
        return Directory.finish(records, &outcome, keepGood: keepGood)
    }

    /// People and nominations at schools that resolve to a successor, moved there.
    private func movesToSuccessors(now: Int64, notes: inout [String]) -> [any DirectoryRecord] {
        var moved: [any DirectoryRecord] = []
        var target: [Int: Int?] = [:]
        func successor(of urn: Int) -> Int? {
            if let t = target[urn] { return t }
            let t = currentURN(for: urn).flatMap { $0 == urn ? nil : $0 }
            target[urn] = t
            return t
        }
        var people = 0, noms = 0
        for id in self.people.keys.sorted() {
            var p = self.people[id]!
            guard let to = successor(of: p.urn) else { continue }
            p.urn = to
            moved.append(p)
            people += 1
        }
        for urn in nominationsBySchool.keys.sorted() {
            guard let to = successor(of: urn) else { continue }
            for var n in nominations(atSchool: urn) where n.status != .withdrawn {
                notes.append("nomination \(n.id) moved from URN \(urn) to its successor \(to)")
                n.urn = to
                n.updatedAt = now
                moved.append(n)
                noms += 1
            }
        }
        if people + noms > 0 {
            notes.append("moved \(people) people and \(noms) nominations from replaced schools to their successors")
        }
        return moved
    }

    /// Imports nominations from an expression-of-interest form, one draft per response.
    ///
    /// Each draft is validated by `prepareNomination` against the directory as it will be after the
    /// drafts before it, so one batch may name a new nominee twice. The same nominee email at the same
    /// school is the same nomination: it is new, updated (any field differs), or unchanged (no record).
    /// Faults hold back the batch unless `keepGood`. Ids for new records come from `ids`.
    public func prepareNominationImport(
        _ drafts: [NominationDraft],
        keepGood: Bool,
        emailPolicy: EmailPolicy = .standard,
        ids: inout IDAllocator,
        now: Int64
    ) -> (change: Change, outcome: ImportOutcome) {
        var outcome = ImportOutcome()
        var records: [any DirectoryRecord] = []
        var after = self
        for (i, draft) in drafts.enumerated() {
            let email = draft.nomineeEmail.trimmingSpaces().lowercased()
            let oldPerson = after.person(email: email)
            let oldNomination = oldPerson.flatMap { p in
                after.nominations(atSchool: draft.urn).first { $0.personID == p.id && $0.status != .withdrawn }
            }
            let change: Change
            do throws(PeerlinkError) {
                change = try after.prepareNomination(draft, emailPolicy: emailPolicy, ids: &ids, now: now).change
            } catch {
                outcome.reject(i, error)
                continue
            }
            var changed: [any DirectoryRecord] = []
            for r in change.records {
                if let p = r as? Person, p == oldPerson { continue }
                if var n = r as? Nomination, let old = oldNomination {
                    n.updatedAt = old.updatedAt
                    if n == old { continue }
                }
                changed.append(r)
            }
            if changed.isEmpty {
                outcome.dispositions.append(.unchanged)
                continue
            }
            outcome.dispositions.append(oldNomination == nil ? .new : .updated)
            for r in changed { r.apply(to: &after) }
            records += changed
        }
        return Directory.finish(records, &outcome, keepGood: keepGood)
    }

    /// The batch's change: everything good, or nothing when there are faults and not `keepGood`.
    /// Each school's latest graded inspection from Ofsted's management information, by URN: new, updated
    /// (another inspection, or the same one regraded), or unchanged. Kept whether or not the school is in the
    /// directory, like successions. An inspection older than the one held is kept back (unchanged): a stale
    /// file never replaces a newer inspection. Commits alone (`ConflictKey.everything`).
    public func prepareInspectionImport(_ given: [SchoolInspection], keepGood: Bool, today: Day)
        -> (change: Change, outcome: ImportOutcome)
    {
        var outcome = ImportOutcome()
        var records: [any DirectoryRecord] = []
        var seen = Set<Int>()
        var olderKept = 0
        for (i, inspection) in given.enumerated() {
            guard (1..<10_000_000).contains(inspection.urn) else {
                outcome.reject(i, .badRequest("the URN must be a positive number of up to 7 digits, got \(inspection.urn)", field: "urn"))
                continue
            }
            guard seen.insert(inspection.urn).inserted else {
                outcome.reject(i, .badRequest("URN \(inspection.urn) is given twice; keep one row per school", field: "urn"))
                continue
            }
            guard inspection.startDate <= today, inspection.startDate.year >= 2000 else {
                outcome.reject(i, .badRequest(
                    "the inspection start date \(inspection.startDate) is not between 2000 and today; correct it", field: "start_date"))
                continue
            }
            switch register.inspections[inspection.urn] {
            case nil:
                outcome.dispositions.append(.new)
            case let held? where held == inspection:
                outcome.dispositions.append(.unchanged)
                continue
            case let held? where held.startDate > inspection.startDate:
                outcome.dispositions.append(.unchanged)
                olderKept += 1
                continue
            case _?:
                outcome.dispositions.append(.updated)
            }
            records.append(inspection)
        }
        if olderKept > 0 {
            outcome.notes.append("\(olderKept) inspections are older than the one already held and were left as they were")
        }
        return Directory.finish(records, &outcome, keepGood: keepGood)
    }

    private static func finish(_ records: [any DirectoryRecord], _ outcome: inout ImportOutcome, keepGood: Bool)
        -> (change: Change, outcome: ImportOutcome)
    {
        if !outcome.faults.isEmpty && !keepGood {
            outcome.batchRejected = true
            return (Change([], reads: [.everything]), outcome)
        }
        return (Change(records, reads: [.everything]), outcome)
    }
}
