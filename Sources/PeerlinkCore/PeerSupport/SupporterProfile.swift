/// Whether a supporter is taking new heads.
public enum SupporterStatus: String, Sendable, CaseIterable, Codable {
    /// Matched when eligible and with spare capacity.
    case active
    /// Kept, not matched (a busy term, leave); existing engagements continue.
    case paused
    /// Left the scheme; never matched again.
    case retired
}

/// A headteacher who supports other heads (DESIGN §1.2), with the evidence the scheme asks for.
///
/// A profile may be stored while the evidence is incomplete; `eligibility(on:person:school:)` says what is
/// missing, and matching never offers a profile that has any failing rule.
public struct SupporterProfile: Sendable, Equatable, Codable {
    public static let minimumYearsAsHead = 5
    public static let defaultCapacity = 2
    public static let maximumCapacity = 10

    public var id: Int64
    /// The supporter; their school, headship start and name come from the person record.
    public var personID: Int64
    /// A short account of background and skills, sent to heads with the profile.
    public var summary: String
    /// Area ids (standards and themes) the supporter can help with, in the order given.
    public var skills: [String]
    /// Government office regions the supporter will travel to or serve ("South East").
    public var regionsServed: [String]
    /// How many engagements the supporter can carry at once.
    public var capacity: Int
    public var status: SupporterStatus
    /// The day the supporter completed the authority's supporter training; nil until they have.
    public var trainingCompleted: Day?
    /// The coaching or mentoring track record, in words; empty when none is recorded.
    public var coachingRecord: String
    /// The supporter knows the authority's local processes (admissions, HR, finance, SEND routes).
    public var knowsLocalProcesses: Bool
    /// An inspection outcome the authority recorded for the supporter's school, used only when the register
    /// holds none (the national download dropped the Ofsted columns in 2025).
    public var recordedInspection: InspectionOutcome?
    /// Unix seconds.
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(
        id: Int64, personID: Int64, summary: String, skills: [String], regionsServed: [String] = [],
        capacity: Int = SupporterProfile.defaultCapacity, status: SupporterStatus = .active,
        trainingCompleted: Day? = nil, coachingRecord: String = "", knowsLocalProcesses: Bool = false,
        recordedInspection: InspectionOutcome? = nil, createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
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
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The inspection outcome eligibility uses: the register's, else the one the authority recorded.
    public func inspection(at school: School?) -> InspectionOutcome? {
        school?.inspection ?? recordedInspection
    }

    /// Every eligibility rule (DESIGN §1.2) the profile fails on `day`, each as a sentence a person can act
    /// on; empty when the supporter is eligible. `person` and `school` are the supporter and their current
    /// school as the directory holds them (nil when missing, which is itself a failure).
    /// `register` holds the schools' inspections (Ofsted's management information) and the policy that reads
    /// them; without one for the school, the register's outcome or the one recorded by hand decides.
    public func eligibility(on day: Day, person: Person?, school: School?, register: RegisterBook = RegisterBook())
        -> [String]
    {
        var failures: [String] = []
        checkEligibility(on: day, person: person, school: school, register: register) { failures.append($0()) }
        return failures
    }

    /// The first of `eligibility`'s failures and how many there are, or nil when the supporter is eligible:
    /// only the first sentence is written (a supporter match lists one reason per supporter it removes).
    public func firstEligibilityFailure(on day: Day, person: Person?, school: School?, register: RegisterBook)
        -> (first: String, count: Int)?
    {
        var first: String? = nil
        var count = 0
        checkEligibility(on: day, person: person, school: school, register: register) { failure in
            if first == nil { first = failure() }
            count += 1
        }
        return first.map { ($0, count) }
    }

    /// Whether every rule holds but the two that depend on the day (five years as a head by then, training
    /// completed by then): a supporter match keeps this per supporter and checks the two dates itself.
    func eligibilityApartFromTheDay(person: Person?, school: School?, register: RegisterBook) -> Bool {
        var failed = false
        checkEligibility(on: nil, person: person, school: school, register: register) { _ in failed = true }
        return !failed
    }

    /// Checks every rule in `eligibility`'s order and calls `fail` with each failure's sentence, unwritten.
    /// Without a day, the rules that depend on it are taken to hold when their date is recorded.
    private func checkEligibility(
        on day: Day?, person: Person?, school: School?, register: RegisterBook, _ fail: (() -> String) -> Void
    ) {
        guard let person, !person.erased else {
            return fail { "the supporter's person record (id \(personID)) is missing or erased" }
        }
        if let start = person.headshipStart {
            if let day, start > day || start.wholeYears(until: day) < SupporterProfile.minimumYearsAsHead {
                let years = start.wholeYears(until: day)
                fail {
                    "\(person.name) has \(years) year\(years == 1 ? "" : "s") as a headteacher (since \(start)) on "
                        + "\(day); supporters need at least \(SupporterProfile.minimumYearsAsHead)"
                }
            }
        } else {
            fail {
                "no headship start date is recorded for \(person.name); supporters need at least "
                    + "\(SupporterProfile.minimumYearsAsHead) years as a headteacher (`peerlink person update "
                    + "\(person.id) --headship-start DATE`)"
            }
        }
        if let school {
            if school.status == .closed {
                fail { "\(school.name) (URN \(school.urn)) is closed; a supporter must lead an open school" }
            } else if let basis = register.inspectionBasis(of: school), let ok = basis.verdict.goodOrBetter {
                if !ok {
                    fail { "\(school.name) is not judged good or better at its last inspection: \(basis.sentence)" }
                }
            } else if let outcome = inspection(at: school) {
                if !outcome.isGoodOrBetter {
                    fail {
                        let source = school.inspection != nil ? "the register's" : "the outcome recorded by hand"
                        return "\(school.name)'s last inspection outcome is \(outcome.rawValue) (\(source)); a "
                            + "supporter's school must be judged good or outstanding"
                    }
                }
            } else {
                fail {
                    "no inspection outcome is recorded for \(school.name) (URN \(school.urn)); record it on the "
                        + "profile so eligibility can be checked"
                }
            }
        } else {
            fail { "the supporter's school (URN \(person.urn)) is not in the directory; import the register" }
        }
        if let trained = trainingCompleted {
            if let day, trained > day {
                fail { "supporter training is recorded as completed on \(trained), after \(day)" }
            }
        } else {
            fail { "supporter training is not completed; record the completion date" }
        }
        if coachingRecord.isEmpty {
            fail {
                "no coaching or mentoring record is recorded; describe the supporter's track record"
            }
        }
        if !knowsLocalProcesses {
            fail { "knowledge of the authority's local processes is not confirmed" }
        }
    }
}

/// A supervision meeting a supporter had. Notes-free by design: only that it happened, when and how long.
public struct SupervisionMeeting: Sendable, Equatable, Codable {
    public var id: Int64
    public var profileID: Int64
    public var day: Day
    public var minutes: Int
    /// Unix seconds when it was recorded.
    public var recordedAt: Int64

    public init(id: Int64, profileID: Int64, day: Day, minutes: Int, recordedAt: Int64) {
        self.id = id
        self.profileID = profileID
        self.day = day
        self.minutes = minutes
        self.recordedAt = recordedAt
    }
}
