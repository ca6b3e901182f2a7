/// How `Directory.matchLinks` reaches its candidates. Both give the same answer, hits, totals and counts;
/// `fullScan` reads every nomination listed under the searched areas and is the reference the index is
/// tested against.
public enum LinkMatchStrategy: Sendable {
    /// Reads the area's groups, or the grid cells within the distance limit, when the query allows
    /// (one area, and no distance limit unless in person); otherwise scans.
    case indexed
    case fullScan
}

/// One link query's fixed inputs and running results: applies the query's hard constraints to candidates in
/// the order they are reported, scores the ones that pass, and keeps the best `limit`.
struct LinkRanking {
    let s: SchoolFeatures
    let requesterSlot: Int32
    let compatibleMask: UInt8
    let crossPhase: Bool
    let mode: LinkMode
    /// Squared metres, for in-person (and `any`) queries with a distance limit.
    let maxSquared: Double?
    let weights: LinkWeights
    /// School slots sharing a recorded local network with the requester, ascending.
    let usual: [Int32]
    /// (partner school slot, links ever made with it), ascending by slot.
    let earlier: [(slot: Int32, count: Int)]
    var top: TopK
    var excluded = ExclusionCounts()
    /// Nominations looked at, each once.
    var considered = 0

    @inline(__always)
    func phaseAllowed(_ phaseBit: UInt8) -> Bool {
        LinkRules.phaseAllowed(phaseBit, compatibleMask: compatibleMask, crossPhase: crossPhase)
    }

    @inline(__always)
    func modeAllowed(_ flags: UInt8) -> Bool { LinkRules.modeAllowed(flags, mode) }

    /// ½ unless the two schools usually work together (same trust, federation or local network), plus ½
    /// shared among the links they have ever made (½ with none, ¼ after one, …).
    @inline(__always)
    func novelty(schoolSlot: Int32, trust: Int32, federation: Int32) -> Double {
        let isUsual = (s.trust != 0 && trust == s.trust) || (s.federation != 0 && federation == s.federation)
            || LinkRanking.contains(schoolSlot, in: usual)
        return (isUsual ? 0 : 0.5) + 0.5 / Double(1 + LinkRanking.count(of: schoolSlot, in: earlier))
    }

    // MARK: Scanning

    /// Checks every hard constraint on `entry` and offers it when it passes.
    @inline(__always)
    mutating func visit(_ entry: AreaEntry, list: Int32, expertise: Double) {
        if let reason = entry.staticExclusion {
            excluded.add(reason)
            return
        }
        visitViable(entry, list: list, expertise: expertise)
    }

    /// Checks the query's own hard constraints (same school, phase, mode, distance: `LinkRules`, in its order) on
    /// an entry that passes the static ones, scores it, and offers it. The checks are spelled out rather than one
    /// `LinkRules.queryExclusion` call because each refusal bumps its own counter and the distance is reused
    /// for the proximity score.
    @inline(__always)
    mutating func visitViable(_ entry: AreaEntry, list: Int32, expertise: Double) {
        let c = entry.state
        guard c.schoolSlot != requesterSlot else {
            excluded.sameSchool += 1
            return
        }
        let n = entry.school
        let compatible = n.phaseBit & compatibleMask != 0
        guard phaseAllowed(n.phaseBit) else {
            excluded.phase += 1
            return
        }
        guard modeAllowed(c.flags) else {
            excluded.mode += 1
            return
        }
        let hasDistance = s.hasGrid && n.hasGrid
        let squared = hasDistance ? s.squaredDistance(to: n) : 0
        guard
            LinkRules.distanceAllowed(
                hasDistance: hasDistance, squared: squared, maxSquared: maxSquared, mode: mode, flags: c.flags)
        else {
            excluded.distance += 1
            return
        }
        var scores = LinkScores()
        scores.expertise = expertise
        scores.context = Directory.contextScore(s, n, compatible: compatible)
        if mode == .inPerson && hasDistance {
            scores.proximity = Directory.proximityScore(metres: squared.squareRoot())
        }
        scores.novelty = novelty(schoolSlot: c.schoolSlot, trust: n.trust, federation: n.federation)
        scores.availability = c.availability
        top.offer(Ranked(total: scores.total(weights), id: entry.id, slot: entry.slot, list: list, scores: scores))
    }

    // MARK: Indexed strategies (one area)

    /// Counts what the area's index already knows: every entry is considered once; static refusals are counted.
    private mutating func countStatic(_ index: AreaIndex) {
        considered += index.entries.count
        excluded.notActive += index.notActive
        excluded.noConsent += index.noConsent
        excluded.full += index.full
        excluded.schoolClosed += index.schoolClosed
    }

    /// Ranks one area through its groups; only for queries without proximity or a distance limit (online, or
    /// `any` without `max_km`), where a group's members differ only in availability and novelty.
    ///
    /// Each group offers its best remaining member at an upper bound (novelty taken as 1); the best bound
    /// overall is taken from a heap. A member whose novelty is 1 is exact and final when it reaches the top;
    /// one whose novelty is lower goes back at its exact total. Members of a group are in bound order, so a
    /// group's next members only need a place once the previous one's bound has left the heap (`enter`,
    /// `advance`). The answer equals the full scan's, ties included, because every comparison uses the same
    /// totals and the same tie rule.
    ///
    /// `own` are the requester's own nominations listed under the area (refused as `sameSchool`).
    mutating func rankGroups(_ index: AreaIndex, own: [AreaEntry]) {
        precondition(maxSquared == nil && mode != .inPerson, "groups carry no distances")
        countStatic(index)
        for e in own where e.staticExclusion == nil {
            excluded.sameSchool += 1
            // Own nominations sit in the groups too; take them back out of the group count they fall in below.
            if !phaseAllowed(e.school.phaseBit) {
                excluded.phase -= 1
            } else if !modeAllowed(e.state.flags) {
                excluded.mode -= 1
            }
        }

        // Groups are read in place through pointers (copying a group retains its member list), and the closure
        // reads this query's fixed inputs through a constant (methods called on a captured inout self copy it).
        var top = TopK(limit: self.top.limit)
        swap(&top, &self.top)
        var excluded = self.excluded
        let ranking = self
        index.groups.withUnsafeBufferPointer { groups in
            guard let first = groups.baseAddress else { return }
            var contexts = [Double](repeating: 0, count: groups.count)
            var heap = RankingHeap()
            heap.reserveCapacity(groups.count)
            // The first pass reads only the heads; a group goes to its member list only when its first run opens
            // with the requester's own nomination or is followed by a run of equal bound.
            for (g, head) in index.heads.enumerated() where head.count > 0 {
                let key = head.key
                guard ranking.phaseAllowed(key.phaseBit) else {
                    excluded.phase += Int(head.count)
                    continue
                }
                guard ranking.modeAllowed(key.modes) else {
                    excluded.mode += Int(head.count)
                    continue
                }
                let context = Directory.contextScore(
                    ranking.s, head.features, compatible: key.phaseBit & ranking.compatibleMask != 0)
                contexts[g] = context
                let bound = ranking.bound(head.first, context: context)
                let isLast =
                    head.nextAvailability < 0
                    || ranking.bound(availability: head.nextAvailability, context: context) != bound
                if isLast && head.first.schoolSlot != ranking.requesterSlot {
                    let end = Int(head.firstRunEnd)
                    heap.add(
                        ranking.pending(head.first, group: g, position: 0, runEnd: end, continuesAt: end, context: context),
                        ordered: false)
                } else {
                    ranking.enter(first + g, g, from: 0, context: context, into: &heap, ordered: false)
                }
            }
            heap.heapify()

            while top.items.count < top.limit, var p = heap.popBest() {
                let group = first + Int(p.group)
                let context = contexts[Int(p.group)]
                if p.holdsTurn {
                    ranking.advance(after: p, group, context: context, into: &heap)
                    p.holdsTurn = false
                }
                // Novelty is worked out only for members that reach the top: at 1 the bound was exact, so the
                // member is final; below 1 it goes back once at its exact total.
                let m = group.pointee.members[Int(p.position)]
                var scores = ranking.boundScores(m, context: context)
                scores.novelty = ranking.novelty(schoolSlot: m.schoolSlot, trust: m.trust, federation: m.federation)
                if p.isExact || scores.novelty == 1 {
                    top.append(Ranked(total: p.total, id: p.id, slot: p.slot, list: 0, scores: scores))
                    continue
                }
                p.isExact = true
                p.total = scores.total(ranking.weights)
                heap.push(p)
            }
        }
        self.top = top
        self.excluded = excluded
    }

    // Inside a group, members are in bound order (availability descending) and, among equal availability, in
    // id order, which is the tie rule: so a run of equal availability needs only its first member in the heap,
    // the next one entering when that one leaves. Runs of different availability whose bounds are still equal
    // (availability weighted 0, or lost in rounding) are ordered by id only across runs, so each such run
    // gets its own place at once. The last run of equal bounds, when it ends, enters the group's next bound.

    /// Enters group `g` from `position`: the first member of each run of equal availability whose bound equals
    /// the first one's.
    private func enter(
        _ group: UnsafePointer<CandidateGroup>, _ g: Int, from position: Int, context: Double,
        into heap: inout RankingHeap, ordered: Bool
    ) {
        let members = group.pointee.members
        var start = position
        var rangeBound: Double? = nil
        while start < members.count {
            let runEnd = CandidateGroup.runEnd(members, from: start)
            let bound = self.bound(members[start], context: context)
            if let rangeBound, bound != rangeBound { return }
            rangeBound = bound
            let isLast = runEnd == members.count || self.bound(members[runEnd], context: context) != bound
            if let first = firstOther(members, from: start, before: runEnd) {
                heap.add(
                    pending(members[first], group: g, position: first, runEnd: runEnd, continuesAt: isLast ? runEnd : -1,
                        context: context), ordered: ordered)
                if isLast { return }
            } else if isLast {
                // A run of the requester's own nominations only: the group goes on from the next bound.
                rangeBound = nil
            }
            start = runEnd
        }
    }

    /// Gives the turn of a member leaving the heap to the next member of its run, or, when its run is done and
    /// it was the last of equal bounds, to the group's next bound.
    private func advance(
        after p: Pending, _ group: UnsafePointer<CandidateGroup>, context: Double, into heap: inout RankingHeap
    ) {
        let members = group.pointee.members
        if let next = firstOther(members, from: Int(p.position) + 1, before: Int(p.runEnd)) {
            heap.push(
                pending(members[next], group: Int(p.group), position: next, runEnd: Int(p.runEnd),
                    continuesAt: Int(p.continuesAt), context: context))
        } else if p.continuesAt >= 0 {
            enter(group, Int(p.group), from: Int(p.continuesAt), context: context, into: &heap, ordered: true)
        }
    }

    /// The first member in `start..<end` not at the requester's school.
    private func firstOther(_ members: [CandidateGroup.Member], from start: Int, before end: Int) -> Int? {
        var i = start
        while i < end {
            if members[i].schoolSlot != requesterSlot { return i }
            i += 1
        }
        return nil
    }

    /// A member's scores with novelty taken as 1 (no proximity in a grouped query): their total is never below
    /// the member's true total.
    @inline(__always)
    private func boundScores(_ m: CandidateGroup.Member, context: Double) -> LinkScores {
        LinkScores(expertise: 1, context: context, proximity: 0, novelty: 1, availability: m.availability)
    }

    @inline(__always)
    private func bound(_ m: CandidateGroup.Member, context: Double) -> Double {
        bound(availability: m.availability, context: context)
    }

    @inline(__always)
    private func bound(availability: Double, context: Double) -> Double {
        LinkScores(expertise: 1, context: context, proximity: 0, novelty: 1, availability: availability).total(weights)
    }

    @inline(__always)
    private func pending(
        _ m: CandidateGroup.Member, group g: Int, position: Int, runEnd: Int, continuesAt: Int, context: Double
    ) -> Pending {
        Pending(
            total: bound(m, context: context), id: m.id, slot: m.slot, group: Int32(g), position: Int32(position),
            runEnd: Int32(runEnd), continuesAt: Int32(continuesAt), isExact: false, holdsTurn: true)
    }

    /// Ranks one area for an in-person query with a distance limit: scans only the grid cells the limit's
    /// circle touches, then counts the unread viable entries as the scan would have refused them (phase, else
    /// mode, else distance).
    mutating func rankCells(_ index: AreaIndex) {
        guard let maxSquared else { preconditionFailure("cells need a distance limit") }
        precondition(mode == .inPerson && s.hasGrid, "cells rank in-person queries from a grid reference")
        countStatic(index)
        var read = PhaseModeCounts()
        index.forEachCell(near: s.easting, s.northing, radius: maxSquared.squareRoot()) { list in
            for e in list {
                read.add(e)
                visitViable(e, list: 0, expertise: 1)
            }
        }
        for e in index.ungridded {
            read.add(e)
            visitViable(e, list: 0, expertise: 1)
        }
        var all = PhaseModeCounts()
        for g in index.groups { all.add(g.key.phaseBit, g.key.modes, g.members.count) }
        for phase in 0..<8 {
            let phaseBit = UInt8(1) << UInt8(phase)
            for modes in 0..<4 {
                let unread = all.count(phase, modes) - read.count(phase, modes)
                guard unread > 0 else { continue }
                if !phaseAllowed(phaseBit) {
                    excluded.phase += unread
                } else if !modeAllowed(UInt8(modes) << 3) {
                    excluded.mode += unread
                } else {
                    excluded.distance += unread
                }
            }
        }
    }

    // MARK: Sorted lookups

    private static func contains(_ slot: Int32, in sorted: [Int32]) -> Bool {
        guard !sorted.isEmpty else { return false }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < slot { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == slot
    }

    private static func count(of slot: Int32, in sorted: [(slot: Int32, count: Int)]) -> Int {
        guard !sorted.isEmpty else { return 0 }
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].slot < slot { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo].slot == slot ? sorted[lo].count : 0
    }
}

/// Viable entries counted by phase (bit index) and modes (`flags >> 3`, two bits).
private struct PhaseModeCounts {
    private var counts = [Int](repeating: 0, count: 32)

    @inline(__always)
    mutating func add(_ e: AreaEntry) {
        add(e.school.phaseBit, e.state.flags & (CandidateState.inPerson | CandidateState.online), 1)
    }

    @inline(__always)
    mutating func add(_ phaseBit: UInt8, _ modeFlags: UInt8, _ n: Int) {
        counts[phaseBit.trailingZeroBitCount * 4 + Int(modeFlags >> 3)] += n
    }

    func count(_ phase: Int, _ modes: Int) -> Int { counts[phase * 4 + modes] }
}

/// A candidate that passed every hard constraint, with its scores.
struct Ranked {
    var total: Double
    var id: Int64
    var slot: Int32
    /// Index of the searched area list it came from (0 = the asked area).
    var list: Int32
    var scores: LinkScores

    /// Higher total first; equal totals by ascending nomination id, so the order is the same every time.
    @inline(__always)
    func ranksAbove(_ other: Ranked) -> Bool {
        total > other.total || (total == other.total && id < other.id)
    }
}

/// The best `limit` candidates seen so far, best first: an insertion into a short sorted array, which beats
/// a heap for the small limits queries use.
struct TopK {
    let limit: Int
    private(set) var items: [Ranked] = []

    init(limit: Int) {
        self.limit = limit
        items.reserveCapacity(limit + 1)
    }

    mutating func offer(_ r: Ranked) {
        if items.count == limit {
            guard r.ranksAbove(items[limit - 1]) else { return }
            items.removeLast()
        }
        var i = items.count
        items.append(r)
        while i > 0 && r.ranksAbove(items[i - 1]) {
            items[i] = items[i - 1]
            i -= 1
        }
        items[i] = r
    }

    /// Adds a candidate known to rank below every one held (the grouped strategy finds them in order).
    mutating func append(_ r: Ranked) {
        precondition(items.count < limit && (items.last.map { $0.ranksAbove(r) } ?? true), "appended out of order")
        items.append(r)
    }
}

/// A group member waiting in `RankingHeap`: at its upper bound (novelty taken as 1) or at its exact total.
/// Kept small (no scores: they are worked out for the members that become hits) because the heap moves it.
private struct Pending {
    var total: Double
    var id: Int64
    var slot: Int32
    var group: Int32
    var position: Int32
    /// End of the member's run of equal availability in its group.
    var runEnd: Int32
    /// Where the group goes on when this run is done, or -1 when another run of equal bound will.
    var continuesAt: Int32
    /// `total` is the member's true total.
    var isExact: Bool
    /// This is its run's foremost member still waiting: when it leaves the heap, the next one enters.
    var holdsTurn: Bool

    /// Higher total first; equal totals by ascending nomination id (`Ranked.ranksAbove`).
    @inline(__always)
    func ranksAbove(_ other: Pending) -> Bool {
        total > other.total || (total == other.total && id < other.id)
    }
}

/// A binary heap of pending members, best (`Ranked.ranksAbove`) on top.
private struct RankingHeap {
    private var items: [Pending] = []

    mutating func reserveCapacity(_ n: Int) { items.reserveCapacity(n) }

    /// Adds `p`; without `ordered`, heap order is not kept until `heapify`, which must come before `popBest`.
    mutating func add(_ p: Pending, ordered: Bool) {
        if ordered { push(p) } else { items.append(p) }
    }

    mutating func heapify() {
        var i = items.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    mutating func push(_ p: Pending) {
        items.append(p)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].ranksAbove(items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popBest() -> Pending? {
        guard !items.isEmpty else { return nil }
        let best = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            siftDown(0)
        }
        return best
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count && items[l].ranksAbove(items[best]) { best = l }
            if r < items.count && items[r].ranksAbove(items[best]) { best = r }
            if best == i { return }
            items.swapAt(i, best)
            i = best
        }
    }
}
