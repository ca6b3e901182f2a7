/// One step in the DfE register's history: the establishment `successor` took over from `predecessor`
/// (academy conversion, merger, amalgamation, split). Built from the GIAS links file.
public struct Succession: Sendable, Hashable, Codable {
    public var predecessor: Int
    public var successor: Int
    /// The register's words, read from the predecessor's side: "Successor", "Successor - merged",
    /// "Successor - amalgamated", "Successor - Split School".
    public var linkType: String
    /// `LinkEstablishedDate`, when the register gives one.
    public var date: Day?

    public init(predecessor: Int, successor: Int, linkType: String = "Successor", date: Day? = nil) {
        self.predecessor = predecessor
        self.successor = successor
        self.linkType = linkType
        self.date = date
    }
}

extension Succession: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("succession", "\(predecessor)>\(successor)") }
    public func apply(to directory: inout Directory) {
        directory.register.put(self)
        directory.refreshSupporters(atSchool: successor)  // it may now speak for the successor's inspection
    }
}

/// What the national registers say beyond single schools: predecessor → successor URNs (academy conversions,
/// mergers) from GIAS, and each school's latest graded inspection from Ofsted's management information.
///
/// Both are kept whether or not the school is in the directory: a national file names schools of every
/// authority, and a school imported later picks its history up at once.
public struct RegisterBook: Sendable {
    /// Predecessor URN → its successions, keyed by successor URN.
    public private(set) var successionsFrom: [Int: [Int: Succession]] = [:]
    /// Successor URN → predecessor URNs, ascending.
    public private(set) var predecessorsOf: [Int: [Int]] = [:]
    public private(set) var count = 0
    /// URN → its latest graded inspection (Ofsted management information).
    public private(set) var inspections: [Int: SchoolInspection] = [:]
    /// How inspections are read as "good or better" (the daemon's `inspection_policy`; set at start).
    public internal(set) var inspectionPolicy = InspectionPolicy.standard

    public init() {}

    /// Puts an inspection, replacing the school's earlier one. Called only from `SchoolInspection.apply`.
    mutating func put(_ i: SchoolInspection) { inspections[i.urn] = i }

    /// The inspection that speaks for school `urn` now: its own, else (a school not yet inspected since an
    /// academy conversion) the latest of its predecessors', as Ofsted's own statistics do. `fromPredecessor`
    /// is the predecessor's URN when that is where it came from.
    public func currentInspection(of urn: Int) -> (inspection: SchoolInspection, fromPredecessor: Int?)? {
        if let own = inspections[urn] { return (own, nil) }
        let earlier = predecessors(of: urn).compactMap { inspections[$0] }
        guard let latest = earlier.max(by: { ($0.startDate, $0.urn) < ($1.startDate, $1.urn) }) else { return nil }
        return (latest, latest.urn)
    }

    /// Puts a succession, replacing an earlier record of the same pair. Called only from `Succession.apply`.
    mutating func put(_ s: Succession) {
        if successionsFrom[s.predecessor, default: [:]].updateValue(s, forKey: s.successor) == nil {
            count += 1
            var preds = predecessorsOf[s.successor, default: []]
            preds.append(s.predecessor)
            preds.sort()
            predecessorsOf[s.successor] = preds
        }
    }

    /// The recorded succession from `predecessor` to `successor`, or nil.
    public func succession(from predecessor: Int, to successor: Int) -> Succession? {
        successionsFrom[predecessor]?[successor]
    }

    /// URNs that succeeded `urn`, ascending; more than one when the school split.
    public func successors(of urn: Int) -> [Int] {
        (successionsFrom[urn].map { Array($0.keys) } ?? []).sorted()
    }

    /// URNs that `urn` succeeded, ascending.
    public func predecessors(of urn: Int) -> [Int] { predecessorsOf[urn] ?? [] }

    /// Every succession, ordered by predecessor then successor (for listings and tests).
    public var all: [Succession] {
        successionsFrom.keys.sorted().flatMap { p in
            successionsFrom[p]!.keys.sorted().map { successionsFrom[p]![$0]! }
        }
    }

    /// The URNs from `urn` forward while each has exactly one successor, `urn` first. Stops where the
    /// chain splits (several successors: no single current school), ends, or would revisit a URN (the
    /// register has a few two-way "successor" pairs; a cycle must not loop forever). `stop` ends the walk
    /// early at a URN, e.g. an open school.
    public func chain(from urn: Int, stoppingAt stop: (Int) -> Bool = { _ in false }) -> [Int] {
        var path = [urn]
        var seen: Set<Int> = [urn]
        var current = urn
        while !stop(current), let next = successionsFrom[current], next.count == 1, let s = next.keys.first,
            seen.insert(s).inserted
        {
            path.append(s)
            current = s
        }
        return path
    }
}
