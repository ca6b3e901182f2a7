/// What an area of expertise is: a curriculum subject, a cross-curricular theme, or one of the ten
/// Headteachers' standards (2020).
public enum AreaKind: String, Sendable, CaseIterable, Codable {
    case subject
    case theme
    case standard
}

/// One entry of the area taxonomy (shipped as data in `schema/`). Ids are short lowercase slugs.
public struct Area: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var kind: AreaKind
    /// A broader area; siblings and parent count as "related" for matching.
    public var parent: String?
    /// Phases the area applies to; empty means every phase.
    public var phases: [Phase]
    /// Other names an import or a person may use ("MFL", "D&T", "Computer Science").
    public var aliases: [String]

    public init(
        id: String, name: String, kind: AreaKind, parent: String? = nil, phases: [Phase] = [],
        aliases: [String] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.parent = parent
        self.phases = phases
        self.aliases = aliases
    }
}
