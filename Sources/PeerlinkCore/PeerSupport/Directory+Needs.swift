extension Directory {
    /// The ten Headteachers' standards as the taxonomy holds them, in taxonomy order.
    public var standardIDs: [String] {
        areaOrder.filter { areas[$0]?.kind == .standard }
    }

    /// Records a head's needs assessment on `day`: a rating for every standard, no more, no fewer.
    /// `ratings` pairs an area reference (id, name or alias) with its rating.
    public func prepareNeedsAssessment(
        headID: Int64, ratings given: [(area: String, rating: NeedsRating)], on day: Day, ids: inout IDAllocator,
        now: Int64
    ) throws(PeerlinkError) -> (change: Change, assessment: NeedsAssessment) {
        let head = try requirePerson(headID, field: "head")
        guard !head.erased else { throw .conflict("person \(headID) was erased", field: "head") }
        var ratings: [String: NeedsRating] = [:]
        for (i, entry) in given.enumerated() {
            let area = try resolveArea(entry.area, field: "ratings[\(i)]")
            guard area.kind == .standard else {
                throw .badRequest(
                    "'\(area.id)' is a \(area.kind.rawValue); a needs assessment rates the ten Headteachers' standards",
                    field: "ratings[\(i)]")
            }
            guard ratings[area.id] == nil else {
                throw .badRequest("\(area.id) is rated twice; give one rating per standard", field: "ratings[\(i)]")
            }
            ratings[area.id] = entry.rating
        }
        let missing = standardIDs.filter { ratings[$0] == nil }
        guard missing.isEmpty else {
            throw .badRequest(
                "rate every standard; missing: \(missing.joined(separator: ", "))", field: "ratings")
        }
        let a = NeedsAssessment(
            id: ids.next("assessment", in: self), headID: headID, assessedOn: day, ratings: ratings, createdAt: now)
        return (Change([a]), a)
    }

    /// Adds a personal target for a head. Its baseline is the head's latest rating of the target's standard
    /// (the area itself, or a theme's parent standard). The due date must fall after `today`.
    public func prepareTarget(
        headID: Int64, area ref: String, text: String, due: Day, successCriteria: String, today: Day,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, target: NeedsTarget) {
        let head = try requirePerson(headID, field: "head")
        guard !head.erased else { throw .conflict("person \(headID) was erased", field: "head") }
        let area = try resolveSupportArea(ref, field: "area")
        let t = Text.tidy(text)
        guard !t.isEmpty else { throw .badRequest("say what the target is", field: "text") }
        guard t.count <= 1000 else { throw .badRequest("the target text is over 1000 characters", field: "text") }
        let criteria = Text.tidy(successCriteria)
        guard !criteria.isEmpty else {
            throw .badRequest(
                "give success criteria: how the head will know the target is met", field: "success_criteria")
        }
        guard criteria.count <= 1000 else {
            throw .badRequest("the success criteria are over 1000 characters", field: "success_criteria")
        }
        guard due > today else {
            throw .badRequest("the due date \(due) is not after today (\(today)); give a future date", field: "due")
        }
        let standard = area.kind == .standard ? area.id : area.parent
        let latest = peerSupport.assessments(ofHead: headID).last
        let baseline = standard.flatMap { latest?.ratings[$0] }
        let target = NeedsTarget(
            id: ids.next("target", in: self), headID: headID, areaID: area.id, text: t, due: due,
            successCriteria: criteria, baseline: baseline, createdOn: today, updatedAt: now)
        return (Change([target]), target)
    }

    /// Reviews an open target: the head's current rating of it, a note, and the status it is left in
    /// (still open, met, or dropped). A met or dropped target cannot be reviewed again.
    public func prepareTargetReview(
        targetID: Int64, on day: Day, rating: NeedsRating, note: String, status: TargetStatus,
        ids: inout IDAllocator, now: Int64
    ) throws(PeerlinkError) -> (change: Change, review: TargetReview) {
        var target = try requireTarget(targetID)
        guard target.status == .open else {
            throw .conflict(
                "target \(targetID) is already \(target.status.rawValue); add a new target instead", field: "id")
        }
        guard day >= target.createdOn else {
            throw .badRequest(
                "the review date \(day) is before the target was set (\(target.createdOn))", field: "date")
        }
        let n = Text.tidy(note)
        guard n.count <= 1000 else { throw .badRequest("the note is over 1000 characters", field: "note") }
        let review = TargetReview(
            id: ids.next("target_review", in: self), targetID: targetID, reviewedOn: day, rating: rating, note: n,
            statusAfter: status, createdAt: now)
        target.status = status
        target.updatedAt = now
        return (Change([review, target]), review)
    }

    public func requireTarget(_ id: Int64, field: String = "id") throws(PeerlinkError) -> NeedsTarget {
        guard let t = peerSupport.targets[id] else {
            throw .notFound(
                "no target with id \(id); `peerlink needs show --head ID` lists a head's targets", field: field)
        }
        return t
    }

    /// The head's progress against their baseline: first and latest assessment per standard, and every target
    /// with its reviews.
    public func needsProgress(headID: Int64) -> NeedsProgress {
        let all = peerSupport.assessments(ofHead: headID)
        let first = all.first, last = all.last
        var standards: [NeedsProgress.StandardChange] = []
        if let first, let last {
            for id in standardIDs {
                if let b = first.ratings[id], let l = last.ratings[id] {
                    standards.append(.init(areaID: id, baseline: b, latest: l))
                }
            }
        }
        let targets = peerSupport.targets(ofHead: headID).map {
            NeedsProgress.TargetProgress(target: $0, reviews: peerSupport.reviews(ofTarget: $0.id))
        }
        return NeedsProgress(headID: headID, baseline: first, latest: last, standards: standards, targets: targets)
    }
}
