public import PeerlinkCore

// Peer support: Core ↔ protocol. Needs ratings travel as words ("priority-need", "developing", "secure",
// "strength"); requests also accept 1–4.

/// Parses a `YYYY-MM-DD` field; empty gives `default` (nil when none), anything else throws naming `field`.
public func parseDay(_ text: String, field: String, default fallback: Day? = nil) throws(PeerlinkError) -> Day? {
    if text.isEmpty { return fallback }
    guard let d = Day(iso: text) else {
        throw .badRequest(
            "\(field) must be a real date as YYYY-MM-DD between \(Day.acceptedYears.lowerBound) and "
                + "\(Day.acceptedYears.upperBound), got '\(text.prefix(40))'", field: field)
    }
    return d
}

/// Parses a needs rating (1–4 or its word), throwing naming `field`.
public func parseNeedsRating(_ text: String, field: String) throws(PeerlinkError) -> NeedsRating {
    guard let r = NeedsRating(parsing: text) else {
        throw .badRequest(
            "'\(text)' is not a rating; use 1–4 or priority-need, developing, secure, strength", field: field)
    }
    return r
}

extension NeedsRating {
    /// The word on the wire: "priority-need", "developing", "secure", "strength".
    public var wireName: String { String(label.map { $0 == " " ? "-" : $0 }) }
}

extension Person {
    /// A new person from the protocol (the id is ignored).
    public static func draft(wire w: Peerlink_V1_Person) throws(PeerlinkError) -> PersonDraft {
        let npqh: NPQHStatus? = w.npqh.isEmpty ? nil : try parseEnum(w.npqh, NPQHStatus.self, field: "npqh")
        return PersonDraft(
            name: w.name, email: w.email, urn: Int(w.urn), role: w.role.isEmpty ? "Headteacher" : w.role,
            headshipStart: try parseDay(w.headshipStart, field: "headship_start"), npqh: npqh,
            withdrawnFromEarlierOffer: w.withdrawnFromEarlierOffer)
    }
}

extension SupporterProfile {
    public var wire: Peerlink_V1_SupporterProfile {
        var w = Peerlink_V1_SupporterProfile()
        w.id = id
        w.personID = personID
        w.summary = summary
        w.skills = skills
        w.regionsServed = regionsServed
        w.capacity = UInt32(capacity)
        w.status = status.rawValue
        w.trainingCompleted = trainingCompleted?.description ?? ""
        w.coachingRecord = coachingRecord
        w.knowsLocalProcesses = knowsLocalProcesses
        w.recordedInspection = recordedInspection?.rawValue ?? ""
        w.createdAt = createdAt
        w.updatedAt = updatedAt
        return w
    }

    public static func draft(wire w: Peerlink_V1_SupporterProfile) throws(PeerlinkError) -> SupporterDraft {
        SupporterDraft(
            personID: w.personID, summary: w.summary, skills: w.skills, regionsServed: w.regionsServed,
            capacity: w.capacity == 0 ? nil : Int(w.capacity),
            status: w.status.isEmpty ? .active : try parseEnum(w.status, SupporterStatus.self, field: "status"),
            trainingCompleted: try parseDay(w.trainingCompleted, field: "training_completed"),
            coachingRecord: w.coachingRecord, knowsLocalProcesses: w.knowsLocalProcesses,
            recordedInspection: try parseInspection(w.recordedInspection))
    }
}

/// An inspection outcome field; empty gives nil.
func parseInspection(_ text: String, field: String = "recorded_inspection") throws(PeerlinkError)
    -> InspectionOutcome?
{
    if text.isEmpty { return nil }
    guard let i = InspectionOutcome(parsing: text) else {
        throw .badRequest(
            "'\(text)' is not an inspection outcome; use outstanding, good, requires-improvement or inadequate",
            field: field)
    }
    return i
}

extension Peerlink_V1_SupporterUpdate {
    public func patch() throws(PeerlinkError) -> SupporterPatch {
        SupporterPatch(
            summary: hasSummary ? summary : nil, skills: hasSkills ? skills.items : nil,
            regionsServed: hasRegionsServed ? regionsServed.items : nil, capacity: hasCapacity ? Int(capacity) : nil,
            status: status.isEmpty ? nil : try parseEnum(status, SupporterStatus.self, field: "status"),
            trainingCompleted: try parseDay(trainingCompleted, field: "training_completed"),
            coachingRecord: hasCoachingRecord ? coachingRecord : nil,
            knowsLocalProcesses: hasKnowsLocalProcesses ? knowsLocalProcesses : nil,
            recordedInspection: try parseInspection(recordedInspection))
    }
}

extension SupervisionMeeting {
    public var wire: Peerlink_V1_SupervisionMeeting {
        var w = Peerlink_V1_SupervisionMeeting()
        w.id = id
        w.supporterID = profileID
        w.date = day.description
        w.minutes = UInt32(minutes)
        w.recordedAt = recordedAt
        return w
    }
}

extension Directory {
    /// A profile with its person, school, eligibility on `day`, whether a match may offer it today (and why not),
    /// load and supervision (for the authority, and the supporter themselves).
    public func supporterView(_ id: Int64, on day: Day) -> Peerlink_V1_SupporterView {
        var v = Peerlink_V1_SupporterView()
        guard let p = peerSupport.profiles[id] else { return v }
        v.profile = p.wire
        if let person = people[p.personID] {
            v.person = person.wire
            v.schoolName = schools[person.urn]?.name ?? ""
            if let school = schools[person.urn] {
                if let basis = register.inspectionBasis(of: school), basis.verdict.goodOrBetter != nil {
                    v.inspectionBasis = basis.sentence
                } else if let outcome = school.inspection {
                    v.inspectionBasis = "the register's last inspection outcome is \(outcome.rawValue)"
                } else if let recorded = p.recordedInspection {
                    v.inspectionBasis = "no imported inspection; the outcome recorded by hand is \(recorded.rawValue)"
                }
            }
        }
        let failures = supporterEligibility(p, on: day)
        v.eligible = failures.isEmpty
        v.ineligibleReasons = failures
        let refusals = supporterOfferRefusals(p, on: day)
        v.offerable = refusals.isEmpty
        v.notOfferedReasons = refusals
        v.activeEngagements = UInt32(peerSupport.activeEngagementCount(profileID: id))
        v.supervision = peerSupport.supervision(ofProfile: id).map(\.wire)
        return v
    }

    public func personView(_ id: Int64) -> Peerlink_V1_PersonView {
        var v = Peerlink_V1_PersonView()
        guard let p = people[id] else { return v }
        v.person = p.wire
        v.schoolName = schools[p.urn]?.name ?? ""
        if let s = peerSupport.profile(ofPerson: id) { v.supporterID = s.id }
        return v
    }

    /// Ratings in taxonomy order.
    public func wire(_ a: NeedsAssessment) -> Peerlink_V1_NeedsAssessment {
        var w = Peerlink_V1_NeedsAssessment()
        w.id = a.id
        w.headID = a.headID
        w.date = a.assessedOn.description
        let order = standardIDs + a.ratings.keys.filter { !standardIDs.contains($0) }.sorted()
        w.ratings = order.compactMap { id in
            a.ratings[id].map { r in
                var n = Peerlink_V1_NeedsRating()
                n.area = id
                n.rating = r.wireName
                return n
            }
        }
        w.createdAt = a.createdAt
        return w
    }

    public func wire(_ p: NeedsProgress) -> Peerlink_V1_NeedsProgress {
        var w = Peerlink_V1_NeedsProgress()
        w.headID = p.headID
        if let b = p.baseline { w.baseline = wire(b) }
        if let l = p.latest { w.latest = wire(l) }
        w.standards = p.standards.map { s in
            var x = Peerlink_V1_StandardProgress()
            x.area = s.areaID
            x.baseline = s.baseline.wireName
            x.latest = s.latest.wireName
            x.change = Int32(s.change)
            return x
        }
        w.targets = p.targets.map(\.wire)
        return w
    }

    public func supportRequestView(_ id: Int64) -> Peerlink_V1_SupportRequest {
        var w = Peerlink_V1_SupportRequest()
        guard let r = peerSupport.requests[id] else { return w }
        w.id = r.id
        w.headID = r.headID
        w.concerns = r.concerns
        w.mode = r.mode.rawValue
        w.status = r.status.rawValue
        w.createdAt = r.createdAt
        w.updatedAt = r.updatedAt
        w.declinedSupporters = (peerSupport.declines[id] ?? []).sorted()
        if let e = peerSupport.engagementByRequest[id] { w.engagementID = e }
        return w
    }

    /// An engagement with its meetings, reviews and escalations; its feedback only when `showFeedback`.
    public func engagementView(_ id: Int64, showFeedback: Bool) -> Peerlink_V1_EngagementView {
        var v = Peerlink_V1_EngagementView()
        guard let e = peerSupport.engagements[id] else { return v }
        v.engagement = e.wire
        v.meetings = peerSupport.meetings(ofEngagement: id).map(\.wire)
        v.reviews = peerSupport.reviews(ofEngagement: id).map(\.wire)
        v.escalations = peerSupport.escalations(ofEngagement: id).map(\.wire)
        if showFeedback, let f = peerSupport.feedback[id] { v.feedback = f.wire }
        return v
    }
}

extension NeedsTarget {
    public var wire: Peerlink_V1_NeedsTarget {
        var w = Peerlink_V1_NeedsTarget()
        w.id = id
        w.headID = headID
        w.area = areaID
        w.text = text
        w.due = due.description
        w.successCriteria = successCriteria
        w.status = status.rawValue
        w.baseline = baseline?.wireName ?? ""
        w.createdOn = createdOn.description
        return w
    }
}

extension TargetReview {
    public var wire: Peerlink_V1_TargetReview {
        var w = Peerlink_V1_TargetReview()
        w.id = id
        w.targetID = targetID
        w.date = reviewedOn.description
        w.rating = rating.wireName
        w.note = note
        w.statusAfter = statusAfter.rawValue
        return w
    }
}

extension NeedsProgress.TargetProgress {
    public var wire: Peerlink_V1_TargetProgress {
        var w = Peerlink_V1_TargetProgress()
        w.target = target.wire
        w.reviews = reviews.map(\.wire)
        if let c = change { w.change = Int32(c) }
        return w
    }
}

extension SupporterMatchResult {
    public var wire: Peerlink_V1_SupporterMatchReply {
        var w = Peerlink_V1_SupporterMatchReply()
        w.requestID = requestID
        w.hits = hits.map { h in
            var x = Peerlink_V1_SupporterMatchHit()
            x.profile = h.card.wire
            x.score = h.score
            x.components = h.components.map { c in
                var s = Peerlink_V1_SupporterScore()
                s.name = c.name
                s.score = c.score
                s.weight = c.weight
                s.reasons = c.reasons
                return s
            }
            x.reasons = h.reasons
            if let d = h.distanceKm { x.distanceKm = d }
            return x
        }
        w.excluded = excluded.map { e in
            var x = Peerlink_V1_SupporterExclusion()
            x.supporterID = e.profileID
            x.reason = e.reason
            return x
        }
        for (rule, n) in excludedCounts { w.excludedCounts[rule.rawValue] = UInt32(clamping: n) }
        return w
    }
}

extension SupporterProfileCard {
    public var wire: Peerlink_V1_SupporterProfileCard {
        var w = Peerlink_V1_SupporterProfileCard()
        w.supporterID = profileID
        w.region = region
        if let pupils { w.pupils = Int32(pupils) }
        w.sizeBand = sizeBand
        w.schoolType = schoolType
        w.typeGroup = typeGroup
        w.federation = isFederation
        w.rural = isRural
        w.phase = phase.rawValue
        w.religiousCharacter = religiousCharacter ?? ""
        w.summary = summary
        w.skills = skills
        w.regionsServed = regionsServed
        return w
    }
}

extension Engagement {
    public var wire: Peerlink_V1_Engagement {
        var w = Peerlink_V1_Engagement()
        w.id = id
        w.requestID = requestID
        w.headID = headID
        w.supporterID = profileID
        w.start = start.description
        w.end = end.description
        w.extensions = UInt32(extensions)
        w.status = status.rawValue
        w.closedOn = closedOn?.description ?? ""
        w.createdAt = createdAt
        w.updatedAt = updatedAt
        w.meetingLimit = UInt32(meetingLimit)
        w.reviewOpens = reviewOpens.description
        return w
    }
}

extension EngagementMeeting {
    public var wire: Peerlink_V1_EngagementMeeting {
        var w = Peerlink_V1_EngagementMeeting()
        w.id = id
        w.engagementID = engagementID
        w.start = start.description
        w.minutes = UInt32(minutes)
        w.mode = mode.rawValue
        if let recordedBy { w.recordedBy = recordedBy }
        w.recordedAt = recordedAt
        return w
    }
}

extension EngagementReview {
    public var wire: Peerlink_V1_EngagementReview {
        var w = Peerlink_V1_EngagementReview()
        w.id = id
        w.engagementID = engagementID
        w.date = reviewedOn.description
        w.decision = decision.rawValue
        w.until = until?.description ?? ""
        if let recordedBy { w.recordedBy = recordedBy }
        w.recordedAt = recordedAt
        return w
    }
}

extension EngagementFeedback {
    public var wire: Peerlink_V1_EngagementFeedback {
        var w = Peerlink_V1_EngagementFeedback()
        w.engagementID = engagementID
        w.rating = UInt32(rating)
        w.comment = comment ?? ""
        w.shared = shared
        w.givenBy = givenBy
        w.givenAt = givenAt
        return w
    }
}

extension SafeguardingEscalation {
    public var wire: Peerlink_V1_SafeguardingEscalation {
        var w = Peerlink_V1_SafeguardingEscalation()
        w.id = id
        w.engagementID = engagementID
        w.contact = contactName
        if let raisedBy { w.raisedBy = raisedBy }
        w.raisedByRole = raisedByRole.rawValue
        w.raisedAt = raisedAt
        return w
    }
}

extension EngagementDue {
    public var wire: Peerlink_V1_EngagementDue {
        var w = Peerlink_V1_EngagementDue()
        w.engagementID = engagementID
        w.kind = kind.rawValue
        w.end = end.description
        w.message = message
        return w
    }
}

extension PeerSupportQAReport {
    public var wire: Peerlink_V1_PeerSupportQAReport {
        func summary(_ s: Summary?) -> Peerlink_V1_DaySummary? {
            guard let s else { return nil }
            var w = Peerlink_V1_DaySummary()
            w.count = UInt32(s.count)
            w.min = Int32(s.min)
            w.median = Int32(s.median)
            w.max = Int32(s.max)
            w.mean = s.mean
            return w
        }
        var w = Peerlink_V1_PeerSupportQAReport()
        w.date = day.description
        w.supporters = UInt32(supporters)
        w.activeSupporters = UInt32(activeSupporters)
        w.eligibleSupporters = UInt32(eligibleSupporters)
        w.supervisionMeetings = UInt32(supervisionMeetings)
        w.requests = UInt32(requests)
        w.openRequests = UInt32(openRequests)
        w.withdrawnRequests = UInt32(withdrawnRequests)
        w.declines = UInt32(declines)
        w.activeEngagements = UInt32(activeEngagements)
        w.closedEngagements = UInt32(closedEngagements)
        w.extendedEngagements = UInt32(extendedEngagements)
        if let s = summary(closedDurationDays) { w.closedDurationDays = s }
        w.meetings = UInt32(meetings)
        w.meetingMinutes = UInt32(meetingMinutes)
        if let s = summary(meetingsPerClosedEngagement) { w.meetingsPerClosedEngagement = s }
        for (mode, n) in meetingsByMode { w.meetingsByMode[mode.rawValue] = UInt32(n) }
        w.feedback = UInt32(feedback)
        w.sharedFeedback = UInt32(sharedFeedback)
        w.ratingCounts = ratingCounts.map { UInt32($0) }
        if let meanRating { w.meanRating = meanRating }
        w.escalations = UInt32(escalations)
        return w
    }
}
