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
