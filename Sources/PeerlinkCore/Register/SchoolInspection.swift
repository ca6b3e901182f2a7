/// Which inspection framework a judgement was made under: each grades differently, so "good or better" is
/// decided per framework (`InspectionPolicy`).
public enum InspectionFramework: String, Sendable, CaseIterable, Codable {
    /// Graded inspections with an overall effectiveness grade on the four-point scale (to August 2024).
    case overallEffectiveness = "overall-effectiveness"
    /// September 2024 to 9 November 2025: the four key judgements on the four-point scale and safeguarding
    /// effective or not, with no overall effectiveness grade.
    case keyJudgements = "key-judgements"
    /// Report cards (from 10 November 2025): each evaluation area on a five-point scale and safeguarding met or
    /// not met, with no overall grade.
    case reportCard = "report-card"

    /// The first day of each framework, for rows whose grades do not say which one they were made under.
    public static let keyJudgementsFrom = Day(year: 2024, month: 9, day: 1)!
    public static let reportCardsFrom = Day(year: 2025, month: 11, day: 10)!

    public var title: String {
        switch self {
        case .overallEffectiveness: "graded inspection (overall effectiveness)"
        case .keyJudgements: "graded inspection without an overall grade (September 2024 to November 2025)"
        case .reportCard: "report card inspection (from November 2025)"
        }
    }
}

/// A grade on the four-point scale: overall effectiveness and the key judgements (1 outstanding … 4 inadequate).
public enum FourPointGrade: Int, Sendable, CaseIterable, Codable, Comparable {
    case outstanding = 1
    case good = 2
    case requiresImprovement = 3
    case inadequate = 4

    /// `1`–`4` as Ofsted's files give them, or the words ("Good", "Requires improvement", "Satisfactory" for 3).
    public init?(parsing text: some StringProtocol) {
        switch Text.foldKey(text) {
        case "1", "outstanding": self = .outstanding
        case "2", "good": self = .good
        case "3", "requiresimprovement", "satisfactory": self = .requiresImprovement
        case "4", "inadequate", "seriousweaknesses", "specialmeasures": self = .inadequate
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .outstanding: "outstanding"
        case .good: "good"
        case .requiresImprovement: "requires improvement"
        case .inadequate: "inadequate"
        }
    }

    /// Better grades are smaller numbers: `a < b` when `a` is the better grade.
    public static func < (a: FourPointGrade, b: FourPointGrade) -> Bool { a.rawValue < b.rawValue }
}

/// A report card grade (from 10 November 2025), best first.
public enum ReportCardGrade: Int, Sendable, CaseIterable, Codable, Comparable {
    case exceptional = 1
    case strongStandard = 2
    case expectedStandard = 3
    case needsAttention = 4
    case urgentImprovement = 5

    public init?(parsing text: some StringProtocol) {
        switch Text.foldKey(text) {
        case "exceptional": self = .exceptional
        case "strongstandard", "strong": self = .strongStandard
        case "expectedstandard", "expected": self = .expectedStandard
        case "needsattention": self = .needsAttention
        case "urgentimprovement": self = .urgentImprovement
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .exceptional: "exceptional"
        case .strongStandard: "strong standard"
        case .expectedStandard: "expected standard"
        case .needsAttention: "needs attention"
        case .urgentImprovement: "urgent improvement"
        }
    }

    /// Better grades are smaller numbers: `a < b` when `a` is the better grade.
    public static func < (a: ReportCardGrade, b: ReportCardGrade) -> Bool { a.rawValue < b.rawValue }
}

/// A school's latest graded inspection as Ofsted's management information file gives it, by URN.
///
/// Kept whether or not the school is in the directory (a national file names every school), replaced by the
/// next import that carries the school. Judgements and areas are keyed by their plain names in lower case
/// ("quality of education", "curriculum and teaching"), whatever the release's column titles were.
public struct SchoolInspection: Sendable, Equatable, Codable {
    public var urn: Int
    public var inspectionNumber: String
    public var startDate: Day
    public var publicationDate: Day?
    public var framework: InspectionFramework
    /// Overall effectiveness, under the framework that gave one.
    public var overall: FourPointGrade?
    /// The key judgements (quality of education, behaviour and attitudes, personal development, leadership and
    /// management, early years provision, sixth form provision) on the four-point scale, by name.
    public var judgements: [String: FourPointGrade]
    /// Report card evaluation areas (inclusion, curriculum and teaching, achievement, …), by name.
    public var areas: [String: ReportCardGrade]
    /// Safeguarding effective (2019–2025) or met (report cards); nil when the file does not say.
    public var safeguardingMet: Bool?
    /// The inspection before this one, where the file gives it: its date and overall effectiveness, and whether
    /// it was of a predecessor school (before an academy conversion).
    public var previousDate: Day?
    public var previousOverall: FourPointGrade?
    public var previousWasPredecessor: Bool

    public init(
        urn: Int, inspectionNumber: String = "", startDate: Day, publicationDate: Day? = nil,
        framework: InspectionFramework, overall: FourPointGrade? = nil, judgements: [String: FourPointGrade] = [:],
        areas: [String: ReportCardGrade] = [:], safeguardingMet: Bool? = nil, previousDate: Day? = nil,
        previousOverall: FourPointGrade? = nil, previousWasPredecessor: Bool = false
    ) {
        self.urn = urn
        self.inspectionNumber = inspectionNumber
        self.startDate = startDate
        self.publicationDate = publicationDate
        self.framework = framework
        self.overall = overall
        self.judgements = judgements
        self.areas = areas
        self.safeguardingMet = safeguardingMet
        self.previousDate = previousDate
        self.previousOverall = previousOverall
        self.previousWasPredecessor = previousWasPredecessor
    }

    /// The framework a row's grades belong to: report card grades say so themselves; otherwise an overall grade
    /// means the graded framework; key judgements alone mean the 2024–25 one. With no grades at all the
    /// inspection date decides.
    public static func framework(
        overall: FourPointGrade?, judgements: [String: FourPointGrade], areas: [String: ReportCardGrade], startDate: Day
    ) -> InspectionFramework {
        if !areas.isEmpty { return .reportCard }
        if overall != nil { return .overallEffectiveness }
        if !judgements.isEmpty { return startDate >= InspectionFramework.reportCardsFrom ? .reportCard : .keyJudgements }
        if startDate >= InspectionFramework.reportCardsFrom { return .reportCard }
        return startDate >= InspectionFramework.keyJudgementsFrom ? .keyJudgements : .overallEffectiveness
    }
}

extension SchoolInspection: DirectoryRecord {
    public var conflictKey: ConflictKey { ConflictKey("inspection", urn) }
    public func apply(to directory: inout Directory) {
        directory.register.put(self)
        // Supporter eligibility reads the inspection of the school, or of its predecessor when it has none.
        directory.refreshSupporters(atSchool: urn)
        if let next = directory.register.successionsFrom[urn] {
            for successor in next.keys { directory.refreshSupporters(atSchool: successor) }
        }
    }
}

/// What one inspection says about "judged good or better at its last inspection" (DESIGN §1.2), and why.
public struct InspectionVerdict: Sendable, Equatable {
    /// Nil when the inspection does not carry what the policy needs (e.g. no grades were given).
    public var goodOrBetter: Bool?
    /// A sentence naming the inspection (date, framework) and the rule the policy applied.
    public var explanation: String
}

/// How "good or better" is read under each framework: configurable, because the inspectorate's scales changed
/// twice and an authority may read them more or less strictly. The defaults are DESIGN §8's.
public struct InspectionPolicy: Sendable, Equatable, Codable {
    /// Overall effectiveness grades that count as good or better (default: outstanding, good).
    public var overallAtLeast: FourPointGrade = .good
    /// 2024–25: every key judgement at least this (default good), and safeguarding effective when required.
    public var keyJudgementsAtLeast: FourPointGrade = .good
    /// Report cards: no area below this (default expected standard), and safeguarding met when required.
    public var reportCardAreasAtLeast: ReportCardGrade = .expectedStandard
    public var requireSafeguarding = true

    public init() {}

    public static let standard = InspectionPolicy()

    /// Decides for one inspection, naming it and the rule in the explanation.
    public func verdict(on i: SchoolInspection) -> InspectionVerdict {
        let which = "the inspection of \(i.startDate) (\(i.framework.title))"
        func safeguardingFails() -> String? {
            guard requireSafeguarding else { return nil }
            switch i.safeguardingMet {
            case false?: return "safeguarding was not \(i.framework == .reportCard ? "met" : "effective")"
            case nil: return "the file does not say whether safeguarding was \(i.framework == .reportCard ? "met" : "effective")"
            case true?: return nil
            }
        }
        switch i.framework {
        case .overallEffectiveness:
            guard let overall = i.overall else {
                return InspectionVerdict(goodOrBetter: nil, explanation: "\(which) gave no overall effectiveness grade")
            }
            let ok = overall <= overallAtLeast
            return InspectionVerdict(
                goodOrBetter: ok,
                explanation: "\(which) judged overall effectiveness \(overall.name); the rule is \(overallAtLeast.name) or better")
        case .keyJudgements:
            guard !i.judgements.isEmpty else {
                return InspectionVerdict(goodOrBetter: nil, explanation: "\(which) gave no key judgements")
            }
            let below = i.judgements.filter { $0.value > keyJudgementsAtLeast }.map { "\($0.key) \($0.value.name)" }.sorted()
            let rule = "the rule is every key judgement \(keyJudgementsAtLeast.name) or better"
                + (requireSafeguarding ? " and safeguarding effective" : "")
            if let s = safeguardingFails() {
                return InspectionVerdict(goodOrBetter: i.safeguardingMet == nil ? nil : false, explanation: "\(which): \(s); \(rule)")
            }
            if !below.isEmpty {
                return InspectionVerdict(goodOrBetter: false, explanation: "\(which) judged \(below.joined(separator: ", ")); \(rule)")
            }
            return InspectionVerdict(goodOrBetter: true, explanation: "\(which): every key judgement \(keyJudgementsAtLeast.name) or better; \(rule)")
        case .reportCard:
            guard !i.areas.isEmpty else {
                return InspectionVerdict(goodOrBetter: nil, explanation: "\(which) gave no report card grades")
            }
            let below = i.areas.filter { $0.value > reportCardAreasAtLeast }.map { "\($0.key) \($0.value.name)" }.sorted()
            let rule = "the rule is no area below \(reportCardAreasAtLeast.name)" + (requireSafeguarding ? " and safeguarding met" : "")
            if let s = safeguardingFails() {
                return InspectionVerdict(goodOrBetter: i.safeguardingMet == nil ? nil : false, explanation: "\(which): \(s); \(rule)")
            }
            if !below.isEmpty {
                return InspectionVerdict(goodOrBetter: false, explanation: "\(which) graded \(below.joined(separator: ", ")); \(rule)")
            }
            return InspectionVerdict(goodOrBetter: true, explanation: "\(which): no area below \(reportCardAreasAtLeast.name); \(rule)")
        }
    }
}

/// What eligibility reads for one school: the inspection, the policy's verdict on it, and one sentence for a
/// person saying which inspection was used, whose it was, and the rule.
public struct InspectionBasis: Sendable, Equatable {
    public var inspection: SchoolInspection
    /// The predecessor whose inspection stands in (the school has none of its own since it converted).
    public var fromPredecessor: Int?
    public var verdict: InspectionVerdict

    public var sentence: String {
        guard let fromPredecessor else { return verdict.explanation }
        return verdict.explanation + " (of its predecessor, URN \(fromPredecessor), as it has not been inspected since)"
    }
}

extension RegisterBook {
    /// The inspection basis for `school`'s eligibility, or nil when no inspection of it (or its predecessors) was
    /// imported.
    public func inspectionBasis(of school: School) -> InspectionBasis? {
        guard let (inspection, predecessor) = currentInspection(of: school.urn) else { return nil }
        return InspectionBasis(
            inspection: inspection, fromPredecessor: predecessor, verdict: inspectionPolicy.verdict(on: inspection))
    }
}

extension Directory {
    /// Sets the policy that reads inspections for eligibility (from the daemon's configuration, at start).
    public mutating func useInspectionPolicy(_ policy: InspectionPolicy) {
        register.inspectionPolicy = policy
        refreshAllSupporters()
    }
}
