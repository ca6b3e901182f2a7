public import PeerlinkCore

// Imports: successions, and an import's outcome (counts and faults by record index) both ways.

extension Succession {
    public var wire: Peerlink_V1_Succession {
        var w = Peerlink_V1_Succession()
        w.predecessorUrn = Int32(predecessor)
        w.successorUrn = Int32(successor)
        w.linkType = linkType
        w.date = date?.description ?? ""
        return w
    }

    /// A succession from the protocol; the URNs are checked by `Directory.prepareSuccessionImport`.
    public init(wire w: Peerlink_V1_Succession) throws(PeerlinkError) {
        var date: Day?
        if !w.date.isEmpty {
            guard let d = Day(iso: w.date) else {
                throw .badRequest("date must be YYYY-MM-DD, got '\(w.date)'", field: "date")
            }
            date = d
        }
        self.init(
            predecessor: Int(w.predecessorUrn), successor: Int(w.successorUrn),
            linkType: w.linkType.isEmpty ? "Successor" : w.linkType, date: date)
    }
}

extension ImportOutcome {
    /// The outcome as the protocol carries it: counts, and each fault with its record's index and field.
    /// `rows[i]`, when given, is the file row of record `i`.
    public func wire(kind: String, records: Int, rows: [Int32] = []) -> Peerlink_V1_ImportResult {
        var w = Peerlink_V1_ImportResult()
        w.kind = kind
        w.rows = UInt32(records)
        w.new = UInt32(new)
        w.updated = UInt32(updated)
        w.unchanged = UInt32(unchanged)
        w.rejected = UInt32(rejected)
        w.faults = faults.map { f in
            var wf = Peerlink_V1_ImportFault()
            wf.index = Int32(f.index)
            if f.index < rows.count { wf.row = rows[f.index] }
            wf.code = f.error.code.rawValue
            wf.message = f.error.message
            wf.field = f.error.field ?? ""
            return wf
        }
        w.notes = notes
        w.batchRejected = batchRejected
        return w
    }

    /// The outcome a records import (`ImportSchools`, `ImportSuccessions`) reported, for the client to map
    /// back to its file. Dispositions come back as counts (their order is not kept).
    public init(wire w: Peerlink_V1_ImportResult) {
        self.init()
        dispositions =
            Array(repeating: .new, count: Int(w.new)) + Array(repeating: .updated, count: Int(w.updated))
            + Array(repeating: .unchanged, count: Int(w.unchanged))
            + Array(repeating: .rejected, count: Int(w.rejected))
        faults = w.faults.filter(\.hasIndex).map { f in
            RecordFault(
                index: Int(f.index),
                error: PeerlinkError(
                    ErrorCode(rawValue: f.code) ?? .badRequest, f.message, field: f.field.isEmpty ? nil : f.field))
        }
        notes = w.notes
        batchRejected = w.batchRejected
    }
}

extension SchoolInspection {
    public var wire: Peerlink_V1_Inspection {
        var w = Peerlink_V1_Inspection()
        w.urn = Int32(urn)
        w.inspectionNumber = inspectionNumber
        w.startDate = startDate.description
        w.publicationDate = publicationDate?.description ?? ""
        w.framework = framework.rawValue
        w.overall = UInt32(overall?.rawValue ?? 0)
        w.judgements = judgements.mapValues { UInt32($0.rawValue) }
        w.areas = areas.mapValues { UInt32($0.rawValue) }
        if let safeguardingMet { w.safeguardingMet = safeguardingMet }
        w.previousDate = previousDate?.description ?? ""
        w.previousOverall = UInt32(previousOverall?.rawValue ?? 0)
        w.previousWasPredecessor = previousWasPredecessor
        return w
    }

    /// An inspection from the protocol, every value range-checked; the URN and date against today by
    /// `Directory.prepareInspectionImport`.
    public init(wire w: Peerlink_V1_Inspection) throws(PeerlinkError) {
        guard let start = Day(iso: w.startDate) else {
            throw .badRequest("start_date must be YYYY-MM-DD, got '\(w.startDate.prefix(40))'", field: "start_date")
        }
        func day(_ text: String, _ field: String) throws(PeerlinkError) -> Day? {
            if text.isEmpty { return nil }
            guard let d = Day(iso: text) else { throw .badRequest("\(field) must be YYYY-MM-DD or empty", field: field) }
            return d
        }
        func four(_ n: UInt32, _ field: String) throws(PeerlinkError) -> FourPointGrade? {
            if n == 0 { return nil }
            guard let g = FourPointGrade(rawValue: Int(n)) else {
                throw .badRequest("\(field) is 1 (outstanding) to 4 (inadequate), or 0 for none; got \(n)", field: field)
            }
            return g
        }
        guard let framework = InspectionFramework(rawValue: w.framework) else {
            throw .badRequest(
                "framework must be one of \(InspectionFramework.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "framework")
        }
        guard w.judgements.count <= 16, w.areas.count <= 16,
            (Array(w.judgements.keys) + Array(w.areas.keys)).allSatisfy({
                (1...60).contains($0.utf8.count) && !$0.contains("=") && !$0.contains(";")
            })
        else {
            throw .badRequest(
                "at most 16 judgements and 16 areas, each named in 1 to 60 characters without '=' or ';'", field: "judgements")
        }
        var judgements: [String: FourPointGrade] = [:]
        for (name, n) in w.judgements {
            guard let g = try four(n, "judgements") else { continue }
            judgements[name] = g
        }
        var areas: [String: ReportCardGrade] = [:]
        for (name, n) in w.areas {
            guard let g = ReportCardGrade(rawValue: Int(n)) else {
                throw .badRequest("report card grades are 1 (exceptional) to 5 (urgent improvement); got \(n)", field: "areas")
            }
            areas[name] = g
        }
        guard w.inspectionNumber.utf8.count <= 40 else {
            throw .badRequest("inspection_number is at most 40 characters", field: "inspection_number")
        }
        self.init(
            urn: Int(w.urn), inspectionNumber: w.inspectionNumber, startDate: start,
            publicationDate: try day(w.publicationDate, "publication_date"), framework: framework,
            overall: try four(w.overall, "overall"), judgements: judgements, areas: areas,
            safeguardingMet: w.hasSafeguardingMet ? w.safeguardingMet : nil,
            previousDate: try day(w.previousDate, "previous_date"), previousOverall: try four(w.previousOverall, "previous_overall"),
            previousWasPredecessor: w.previousWasPredecessor)
    }
}

extension CalendarEntry {
    public var wire: Peerlink_V1_CalendarEntry {
        var w = Peerlink_V1_CalendarEntry()
        w.kind = kind.rawValue
        w.laCode = Int32(laCode)
        w.first = first.description
        w.last = last == first ? "" : last.description
        w.name = name
        return w
    }

    /// An entry from the protocol; its dates, length and authority are checked by `CalendarEntry.problem`.
    public init(wire w: Peerlink_V1_CalendarEntry) throws(PeerlinkError) {
        guard let kind = Kind(rawValue: w.kind) else {
            throw .badRequest("kind must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
        }
        guard let first = Day(iso: w.first) else { throw .badRequest("first must be YYYY-MM-DD", field: "first") }
        var last = first
        if !w.last.isEmpty {
            guard let d = Day(iso: w.last) else { throw .badRequest("last must be YYYY-MM-DD or empty", field: "last") }
            last = d
        }
        guard w.name.utf8.count <= 400 else { throw .badRequest("name is at most 100 characters", field: "name") }
        self.init(kind: kind, laCode: Int(w.laCode), first: first, last: last, name: w.name)
    }
}
