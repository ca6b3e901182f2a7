/// The phase a head's group is formed in. Special schools and alternative provision are phases of their own
/// here, whatever the register's phase says, because their heads' work differs from mainstream heads'.
public enum CohortPhase: String, Sendable, CaseIterable, Codable, Comparable {
    case nursery
    case primary
    case middle
    case secondary
    case allThrough = "all-through"
    case sixteenPlus = "16-plus"
    case special
    case alternativeProvision = "alternative-provision"

    /// The group phase for a school: special and alternative provision first, then the register's phase.
    /// Colleges and 16–19 academies are `sixteenPlus`; "not applicable" without a special or AP type is nil.
    public init?(school: School) {
        let type = school.type.lowercased()
        let group = school.typeGroup.lowercased()
        if group == "special schools" || type.contains("special") {
            self = .special
        } else if type.contains("alternative provision") || type.contains("pupil referral") {
            self = .alternativeProvision
        } else if group == "colleges" || type.contains("16-19") || type.contains("16 to 19") {
            self = .sixteenPlus
        } else {
            switch school.phase {
            case .nursery: self = .nursery
            case .primary: self = .primary
            case .middle: self = .middle
            case .secondary: self = .secondary
            case .allThrough: self = .allThrough
            case .sixteenPlus: self = .sixteenPlus
            case .notApplicable: return nil
            }
        }
    }

    /// How people of this phase are named in messages: "only 3 special-school heads".
    public var headsNoun: String {
        switch self {
        case .nursery: return "nursery heads"
        case .primary: return "primary heads"
        case .middle: return "middle-school heads"
        case .secondary: return "secondary heads"
        case .allThrough: return "all-through heads"
        case .sixteenPlus: return "16–19 heads"
        case .special: return "special-school heads"
        case .alternativeProvision: return "alternative-provision heads"
        }
    }

    public static func < (a: CohortPhase, b: CohortPhase) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The rules a head must meet to join an early-headship cohort (DESIGN §1.4).
public enum CohortRule: String, Sendable, CaseIterable, Codable {
    /// In the first 5 years of headship on the cohort's start day.
    case earlyHeadship = "early-headship"
    /// Heads a state-funded school or 16–19 organisation in England.
    case stateFunded = "state-funded"
    /// Completed the NPQH or is taking it.
    case npqh
    /// Has not withdrawn from the earlier national support offer.
    case notWithdrawn = "not-withdrawn"
}

/// One rule a head fails, with a sentence saying which and why.
public struct CohortRefusal: Sendable, Equatable {
    public var rule: CohortRule
    public var message: String

    public init(rule: CohortRule, message: String) {
        self.rule = rule
        self.message = message
    }
}

public enum CohortEligibility {
    /// Years of headship, counted to the cohort's start, within which a head may join.
    public static let earlyHeadshipYears = 5

    /// Register type groups (`EstablishmentTypeGroup (name)`) whose establishments are state-funded in England.
    /// From the register's own list (establishment-types, 2025-04): colleges are the 16–19 organisations;
    /// universities, independent schools, Welsh establishments, online providers, children's centres and
    /// "Other types" (secure units, offshore and service schools, special post-16 institutions) are not.
    public static let stateFundedTypeGroups: Set<String> = [
        "local authority maintained schools", "academies", "free schools", "special schools", "colleges",
    ]

    /// Types inside a state-funded group that are not state-funded: independent and non-maintained special
    /// schools sit in the "Special schools" group but are run independently.
    public static let excludedTypes: Set<String> = ["other independent special school", "non-maintained special school"]

    /// Types outside those groups that are state-funded all the same: city technology colleges are
    /// independent schools in law but funded by the state.
    public static let includedTypes: Set<String> = ["city technology college"]

    /// Whether the register says the school is a state-funded school or 16–19 organisation in England.
    public static func isStateFundedInEngland(_ school: School) -> Bool {
        let group = school.typeGroup.lowercased(), type = school.type.lowercased()
        if school.region.lowercased().contains("wales") { return false }
        if includedTypes.contains(type) { return true }
        return stateFundedTypeGroups.contains(group) && !excludedTypes.contains(type)
    }

    /// Every rule `head` fails for a cohort starting on `start`, in `CohortRule` order; empty when eligible.
    /// `school` is the head's school as the register holds it (nil when it is not in the register).
    public static func refusals(head: Person, school: School?, start: Day) -> [CohortRefusal] {
        var out: [CohortRefusal] = []
        if let began = head.headshipStart {
            if began > start {
                out.append(
                    CohortRefusal(
                        rule: .earlyHeadship,
                        message: "\(head.name)'s headship starts on \(began), after the cohort starts on \(start); "
                            + "apply to a cohort that starts once the headship has begun"))
            } else {
                let years = began.wholeYears(until: start)
                if years >= earlyHeadshipYears {
                    out.append(
                        CohortRefusal(
                            rule: .earlyHeadship,
                            message: "\(head.name) has been a head since \(began), \(years) years by the cohort's "
                                + "start on \(start); the groups are for heads in their first "
                                + "\(earlyHeadshipYears) years of headship"))
                }
            }
        } else {
            out.append(
                CohortRefusal(
                    rule: .earlyHeadship,
                    message: "no headship start date is recorded for \(head.name); record it so the first "
                        + "\(earlyHeadshipYears) years of headship can be checked"))
        }

        if let school {
            if school.status != .open {
                out.append(
                    CohortRefusal(
                        rule: .stateFunded,
                        message: "\(school.name) (URN \(school.urn)) is closed; update \(head.name)'s school first"))
            } else if !isStateFundedInEngland(school) {
                let what = school.typeGroup.isEmpty ? "has no type in the register" : "is '\(school.type)' "
                    + "(\(school.typeGroup)) in the register"
                out.append(
                    CohortRefusal(
                        rule: .stateFunded,
                        message: "\(school.name) (URN \(school.urn)) \(what); the groups are for heads of "
                            + "state-funded schools and 16–19 organisations in England"))
            }
        } else {
            out.append(
                CohortRefusal(
                    rule: .stateFunded,
                    message: "\(head.name)'s school (URN \(head.urn)) is not in the register; import the register "
                        + "so the school's type can be checked"))
        }

        switch head.npqh {
        case .some(.completed), .some(.inProgress): break
        default:
            out.append(
                CohortRefusal(
                    rule: .npqh,
                    message: "\(head.name) has neither completed nor started the NPQH; the groups are for heads "
                        + "who hold it or are taking it"))
        }

        if head.withdrawnFromEarlierOffer {
            out.append(
                CohortRefusal(
                    rule: .notWithdrawn,
                    message: "\(head.name) withdrew from the earlier national support offer, which rules out "
                        + "the early-headship groups"))
        }
        return out
    }
}
