/// How much each scored component of a link match counts (DESIGN §4). Every component scores 0…1; a hit's
/// total is the weighted sum. The daemon's configuration replaces `defaults`; a query may override any
/// component by name (`--weight novelty=3`).
public struct LinkWeights: Sendable, Equatable, Codable {
    /// The cover of the asked area: 1 for an exact match, ½ for a related area.
    public var expertise: Double
    /// How alike the two schools are: phase, size band, urban/rural, type group, religious character.
    public var context: Double
    /// Nearness, for in-person links only.
    public var proximity: Double
    /// Schools that would not usually link: different trust, federation and network, no earlier link.
    public var novelty: Double
    /// The share of the nominee's capacity still free, so the same few are not swamped.
    public var availability: Double

    /// The component names, in the order reports list them.
    public static let names = ["expertise", "context", "proximity", "novelty", "availability"]

    /// Heaviest on expertise: a link is for an area. Novelty next, as the programme asks for links between
    /// schools that would not usually link.
    public static let defaults = LinkWeights(expertise: 3, context: 1, proximity: 1, novelty: 1.5, availability: 1)

    /// The largest weight accepted, so no one component can drown the rest by a typing slip.
    public static let maximum = 100.0

    public init(expertise: Double, context: Double, proximity: Double, novelty: Double, availability: Double) {
        self.expertise = expertise
        self.context = context
        self.proximity = proximity
        self.novelty = novelty
        self.availability = availability
    }

    /// The weight of a component by name, or nil for an unknown name.
    public subscript(name: String) -> Double? {
        switch name {
        case "expertise": return expertise
        case "context": return context
        case "proximity": return proximity
        case "novelty": return novelty
        case "availability": return availability
        default: return nil
        }
    }

    /// Sets one component by name (case ignored). Throws `badRequest` naming `field` for an unknown name
    /// (with the nearest names) or a value that is negative, not finite or above `maximum`.
    public mutating func set(_ name: String, to value: Double, field: String = "weights") throws(PeerlinkError) {
        let key = Text.foldKey(name)
        guard value.isFinite, value >= 0, value <= LinkWeights.maximum else {
            throw .badRequest(
                "weight \(name)=\(value) is out of range; give a number from 0 to \(Int(LinkWeights.maximum))",
                field: field)
        }
        switch key {
        case "expertise": expertise = value
        case "context": context = value
        case "proximity": proximity = value
        case "novelty": novelty = value
        case "availability": availability = value
        default:
            let close = Text.suggestions(for: name, among: LinkWeights.names)
            throw .badRequest(
                "no weight named '\(name)'\(Text.didYouMean(close)) (the weights are "
                    + LinkWeights.names.joined(separator: ", ") + ")", field: field)
        }
    }

    /// These weights with `overrides` applied, in name order so the first bad name reported is stable.
    public func overriding(_ overrides: [String: Double], field: String = "weights") throws(PeerlinkError)
        -> LinkWeights
    {
        var w = self
        for name in overrides.keys.sorted() {
            try w.set(name, to: overrides[name]!, field: field)
        }
        return w
    }

    /// Parses one `NAME=VALUE` assignment as the CLI's `--weight` gives it.
    public static func parseAssignment(_ text: String, field: String = "weight") throws(PeerlinkError)
        -> (name: String, value: Double)
    {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].trimmingSpaces().isEmpty else {
            throw .badRequest("'\(text)' is not NAME=VALUE, e.g. novelty=2", field: field)
        }
        let name = parts[0].trimmingSpaces().lowercased()
        guard let value = Double(parts[1].trimmingSpaces()) else {
            throw .badRequest("'\(parts[1])' in '\(text)' is not a number", field: field)
        }
        var check = LinkWeights.defaults
        try check.set(name, to: value, field: field)
        return (name, value)
    }
}
