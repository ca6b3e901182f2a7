/// A new supporter profile as an admin enters it (`peerlink supporter add`). Area references may be ids,
/// names or aliases.
public struct SupporterDraft: Sendable {
    public var personID: Int64
    public var summary: String
    public var skills: [String]
    public var regionsServed: [String]
    public var capacity: Int?
    public var status: SupporterStatus
    public var trainingCompleted: Day?
    public var coachingRecord: String
    public var knowsLocalProcesses: Bool
    public var recordedInspection: InspectionOutcome?

    public init(
        personID: Int64, summary: String, skills: [String], regionsServed: [String] = [], capacity: Int? = nil,
        status: SupporterStatus = .active, trainingCompleted: Day? = nil, coachingRecord: String = "",
        knowsLocalProcesses: Bool = false, recordedInspection: InspectionOutcome? = nil
    ) {
        self.personID = personID
        self.summary = summary
        self.skills = skills
        self.regionsServed = regionsServed
        self.capacity = capacity
        self.status = status
        self.trainingCompleted = trainingCompleted
        self.coachingRecord = coachingRecord
        self.knowsLocalProcesses = knowsLocalProcesses
        self.recordedInspection = recordedInspection
    }
}

/// Fields to change on a supporter profile (`peerlink supporter update`); nil leaves a field as it is.
public struct SupporterPatch: Sendable {
    public var summary: String?
    public var skills: [String]?
    public var regionsServed: [String]?
    public var capacity: Int?
    public var status: SupporterStatus?
    public var trainingCompleted: Day?
    public var coachingRecord: String?
    public var knowsLocalProcesses: Bool?
    public var recordedInspection: InspectionOutcome?

    public init(
        summary: String? = nil, skills: [String]? = nil, regionsServed: [String]? = nil, capacity: Int? = nil,
        status: SupporterStatus? = nil, trainingCompleted: Day? = nil, coachingRecord: String? = nil,
        knowsLocalProcesses: Bool? = nil, recordedInspection: InspectionOutcome? = nil
    ) {
        self.summary = summary
        self.skills = skills
        self.regionsServed = regionsServed
        self.capacity = capacity
        self.status = status
        self.trainingCompleted = trainingCompleted
        self.coachingRecord = coachingRecord
        self.knowsLocalProcesses = knowsLocalProcesses
        self.recordedInspection = recordedInspection
    }
}

extension Directory {
    /// Validates a new supporter profile. The person must exist and have no profile yet. Eligibility is not
    /// required to store a profile: an ineligible one is kept (and `supporterEligibility` says why) but never
    /// matched.
    public func prepareSupporter(_ draft: SupporterDraft, ids: inout IDAllocator, now: Int64) throws(PeerlinkError)
        -> (change: Change, profile: SupporterProfile)
    {
        let person = try requirePerson(draft.personID, field: "person_id")
        guard !person.erased else { throw .conflict("person \(person.id) was erased", field: "person_id") }
        if let existing = peerSupport.profile(ofPerson: person.id) {
            throw .conflict(
                "\(person.name) already has supporter profile \(existing.id); update it with "
                    + "`peerlink supporter update \(existing.id)`", field: "person_id")
        }
        let profile = SupporterProfile(
            id: ids.next("supporter", in: self), personID: person.id,
            summary: try Directory.validSummary(draft.summary),
            skills: try resolveSupportAreas(draft.skills, field: "skills"),
            regionsServed: Directory.tidyList(draft.regionsServed),
            capacity: try Directory.validSupporterCapacity(draft.capacity ?? SupporterProfile.defaultCapacity),
            status: draft.status, trainingCompleted: draft.trainingCompleted,
            coachingRecord: try Directory.validCoachingRecord(draft.coachingRecord),
            knowsLocalProcesses: draft.knowsLocalProcesses, recordedInspection: draft.recordedInspection,
            createdAt: now, updatedAt: now)
        return (Change([profile], reads: [ConflictKey("person", person.id)]), profile)
    }

    /// Applies a patch to a supporter profile. Lowering capacity below the engagements in progress is allowed
    /// (they continue); the supporter is simply not matched until one closes.
    public func prepareSupporterUpdate(id: Int64, _ patch: SupporterPatch, now: Int64) throws(PeerlinkError) -> Change {
        var p = try requireSupporter(id)
        if people[p.personID]?.erased == true {
            throw .conflict("supporter \(id) is the profile of an erased person and cannot be changed", field: "id")
        }
        if let s = patch.summary { p.summary = try Directory.validSummary(s) }
        if let s = patch.skills { p.skills = try resolveSupportAreas(s, field: "skills") }
        if let r = patch.regionsServed { p.regionsServed = Directory.tidyList(r) }
        if let c = patch.capacity { p.capacity = try Directory.validSupporterCapacity(c) }
        if let s = patch.status {
            if p.status == .retired && s != .retired {
                throw .conflict("supporter \(id) retired; add a new profile if they return", field: "status")
            }
            p.status = s
        }
        if let t = patch.trainingCompleted { p.trainingCompleted = t }
        if let c = patch.coachingRecord { p.coachingRecord = try Directory.validCoachingRecord(c) }
        if let k = patch.knowsLocalProcesses { p.knowsLocalProcesses = k }
        if let i = patch.recordedInspection { p.recordedInspection = i }
        p.updatedAt = now
        return Change([p])
    }

    /// Records a supervision meeting the supporter had (date and length only; no notes are kept), on a day up to
    /// today in England.
    public func prepareSupervision(profileID: Int64, day: Day, minutes: Int, ids: inout IDAllocator, now: Int64)
        throws(PeerlinkError) -> (change: Change, meeting: SupervisionMeeting)
    {
        _ = try requireSupporter(profileID)
        guard (1...480).contains(minutes) else {
            throw .badRequest("a supervision meeting lasts 1 to 480 minutes, got \(minutes)", field: "minutes")
        }
        let today = LondonTime.day(atUnixSeconds: now)
        guard day <= today else {
            throw .badRequest(
                "the supervision meeting on \(day) is after today (\(today)); record a meeting once it has happened",
                field: "date")
        }
        let m = SupervisionMeeting(
            id: ids.next("supervision", in: self), profileID: profileID, day: day, minutes: minutes, recordedAt: now)
        return (Change([m]), m)
    }

    /// Every rule the profile fails on `day` (empty when eligible), using the person and school the directory
    /// holds now.
    public func supporterEligibility(_ profile: SupporterProfile, on day: Day) -> [String] {
        let person = people[profile.personID]
        return profile.eligibility(on: day, person: person, school: person.flatMap { schools[$0.urn] }, register: register)
    }

    public func requireSupporter(_ id: Int64, field: String = "id") throws(PeerlinkError) -> SupporterProfile {
        guard let p = peerSupport.profiles[id] else {
            throw .notFound("no supporter profile with id \(id); `peerlink supporter list` shows them", field: field)
        }
        return p
    }

    /// Supporter profiles in id order, optionally only those with `status`.
    public func supporters(status: SupporterStatus? = nil) -> [SupporterProfile] {
        peerSupport.profiles.values.filter { status == nil || $0.status == status }.sorted { $0.id < $1.id }
    }

    /// Resolves area references for skills, concerns and targets: each must be a standard or a theme.
    func resolveSupportAreas(_ given: [String], field: String) throws(PeerlinkError) -> [String] {
        guard !given.isEmpty else {
            throw .badRequest("name at least one area (a standard or theme id, e.g. school-improvement)", field: field)
        }
        var out: [String] = []
        for (i, ref) in given.enumerated() {
            let area = try resolveSupportArea(ref, field: "\(field)[\(i)]")
            if !out.contains(area.id) { out.append(area.id) }
        }
        return out
    }

    func resolveSupportArea(_ ref: String, field: String) throws(PeerlinkError) -> Area {
        let area = try resolveArea(ref, field: field)
        guard area.kind != .subject else {
            throw .badRequest(
                "'\(area.id)' is a subject; peer support is about leadership, so name a standard or theme "
                    + "(e.g. school-improvement, wellbeing)", field: field)
        }
        return area
    }

    private static func validSummary(_ text: String) throws(PeerlinkError) -> String {
        let s = Text.tidy(text)
        guard !s.isEmpty else {
            throw .badRequest("give a short summary of the supporter's background and skills", field: "summary")
        }
        guard s.count <= 1000 else { throw .badRequest("the summary is over 1000 characters", field: "summary") }
        return s
    }

    private static func validCoachingRecord(_ text: String) throws(PeerlinkError) -> String {
        let s = Text.tidy(text)
        guard s.count <= 1000 else {
            throw .badRequest("the coaching record is over 1000 characters", field: "coaching_record")
        }
        return s
    }

    private static func validSupporterCapacity(_ c: Int) throws(PeerlinkError) -> Int {
        guard (1...SupporterProfile.maximumCapacity).contains(c) else {
            throw .badRequest(
                "capacity must be between 1 and \(SupporterProfile.maximumCapacity) engagements at once, got \(c)",
                field: "capacity")
        }
        return c
    }

    private static func tidyList(_ items: [String]) -> [String] {
        var out: [String] = []
        for item in items {
            let t = Text.tidy(item)
            if !t.isEmpty, !out.contains(where: { Text.foldKey($0) == Text.foldKey(t) }) { out.append(t) }
        }
        return out
    }
}
