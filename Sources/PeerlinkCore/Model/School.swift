/// A phase of education as the DfE register names it, reduced to the phases matching compares.
public enum Phase: String, Sendable, CaseIterable, Codable {
    case nursery
    case primary
    case middle
    case secondary
    case allThrough = "all-through"
    case sixteenPlus = "16-plus"
    case notApplicable = "not-applicable"

    /// The phase's position in `allCases`, without building that array.
    @inlinable
    public var ordinal: Int {
        switch self {
        case .nursery: 0
        case .primary: 1
        case .middle: 2
        case .secondary: 3
        case .allThrough: 4
        case .sixteenPlus: 5
        case .notApplicable: 6
        }
    }

    /// Phases a nominee from this phase can usefully support without a cross-phase request.
    /// All-through and middle schools overlap both primary and secondary.
    public func isCompatible(with other: Phase) -> Bool {
        if self == other { return true }
        switch (self, other) {
        case (.allThrough, .primary), (.allThrough, .secondary), (.primary, .allThrough), (.secondary, .allThrough):
            return true
        case (.middle, .primary), (.middle, .secondary), (.primary, .middle), (.secondary, .middle):
            return true
        case (.sixteenPlus, .secondary), (.secondary, .sixteenPlus), (.allThrough, .sixteenPlus),
            (.sixteenPlus, .allThrough):
            return true
        default:
            return false
        }
    }

    /// Accepts the protocol names and the register's words ("Middle deemed primary", "16 plus", "All-through").
    public init?(parsing text: String) {
        let key = Text.foldKey(text)
        switch key {
        case "nursery": self = .nursery
        case "primary": self = .primary
        case "middle", "middledeemedprimary", "middledeemedsecondary": self = .middle
        case "secondary": self = .secondary
        case "allthrough": self = .allThrough
        case "16plus", "sixteenplus", "1619", "post16": self = .sixteenPlus
        case "notapplicable", "na", "none": self = .notApplicable
        default: return nil
        }
    }
}

/// Whether a school is running. "Open, but proposed to close" counts as open until it closes.
public enum SchoolStatus: String, Sendable, CaseIterable, Codable {
    case open
    case closed
}

/// The last inspection judgement, where the register or the authority records one.
public enum InspectionOutcome: String, Sendable, CaseIterable, Codable {
    case outstanding
    case good
    case requiresImprovement = "requires-improvement"
    case inadequate
    case seriousWeaknesses = "serious-weaknesses"
    case specialMeasures = "special-measures"

    /// Good or better: what peer supporters' schools must be (DESIGN §1.2).
    public var isGoodOrBetter: Bool { self == .outstanding || self == .good }

    public init?(parsing text: String) {
        switch Text.foldKey(text) {
        case "outstanding": self = .outstanding
        case "good": self = .good
        case "requiresimprovement", "satisfactory": self = .requiresImprovement
        case "inadequate": self = .inadequate
        case "seriousweaknesses": self = .seriousWeaknesses
        case "specialmeasures": self = .specialMeasures
        default: return nil
        }
    }
}

/// A school or other establishment from the DfE register (GIAS), keyed by URN.
public struct School: Sendable, Equatable, Codable {
    /// Unique Reference Number: the register's key, six digits for schools.
    public var urn: Int
    public var name: String
    public var phase: Phase
    /// `TypeOfEstablishment (name)`, e.g. "Academy converter", "Community school".
    public var type: String
    /// `EstablishmentTypeGroup (name)`, e.g. "Academies", "Local authority maintained schools".
    public var typeGroup: String
    public var status: SchoolStatus
    public var laCode: Int
    public var laName: String
    /// Government office region, e.g. "South East".
    public var region: String
    /// `UrbanRural (name)`, e.g. "(England/Wales) Rural village".
    public var urbanRural: String
    public var pupils: Int?
    public var capacity: Int?
    /// British National Grid metres; distance between schools is plain Euclidean.
    public var easting: Int?
    public var northing: Int?
    public var postcode: String
    public var town: String
    public var trust: String?
    public var federation: String?
    public var religiousCharacter: String?
    public var inspection: InspectionOutcome?
    public var inspectionDate: Day?

    public init(
        urn: Int, name: String, phase: Phase, type: String = "", typeGroup: String = "",
        status: SchoolStatus = .open, laCode: Int, laName: String, region: String = "",
        urbanRural: String = "", pupils: Int? = nil, capacity: Int? = nil, easting: Int? = nil,
        northing: Int? = nil, postcode: String = "", town: String = "", trust: String? = nil,
        federation: String? = nil, religiousCharacter: String? = nil, inspection: InspectionOutcome? = nil,
        inspectionDate: Day? = nil
    ) {
        self.urn = urn
        self.name = name
        self.phase = phase
        self.type = type
        self.typeGroup = typeGroup
        self.status = status
        self.laCode = laCode
        self.laName = laName
        self.region = region
        self.urbanRural = urbanRural
        self.pupils = pupils
        self.capacity = capacity
        self.easting = easting
        self.northing = northing
        self.postcode = postcode
        self.town = town
        self.trust = trust
        self.federation = federation
        self.religiousCharacter = religiousCharacter
        self.inspection = inspection
        self.inspectionDate = inspectionDate
    }

    /// Metres between two schools, or nil when either has no grid reference.
    public func distanceMetres(to other: School) -> Double? {
        guard let e1 = easting, let n1 = northing, let e2 = other.easting, let n2 = other.northing else { return nil }
        let de = Double(e1 - e2), dn = Double(n1 - n2)
        return (de * de + dn * dn).squareRoot()
    }

    /// Whether the register's words say the school is rural ("Rural town and fringe", "Rural village", …).
    public var isRural: Bool { Text.containsIgnoringCase(urbanRural, "rural") }

    /// The religious character folded for comparing (case, spaces and punctuation ignored), or nil when the
    /// school has none: the register writes "None" or "Does not apply", other sources "N/A", "Unknown" or nothing.
    /// Link matching and supporter matching both compare schools by this.
    public var religiousCharacterKey: String? {
        guard let text = religiousCharacter else { return nil }
        let key = Text.foldKey(text)
        return School.withoutReligiousCharacter.contains(key) ? nil : key
    }

    private static let withoutReligiousCharacter: Set<String> = [
        "", "none", "doesnotapply", "notapplicable", "na", "nonereligious", "unknown",
    ]
}
