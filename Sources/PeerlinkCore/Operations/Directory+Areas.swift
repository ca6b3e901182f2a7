/// Adding to the area taxonomy at run time (`peerlink areas add|alias|relate`): an area the shipped list lacks,
/// another name forms use for an area, or a broader area that makes two related. Each is an ordinary `Area`
/// record (the `areas` table), so it is audited like every write and imports resolve it at once.
extension Directory {
    /// Adds an area. The id is a short lowercase slug (`it-services`); the name and every alias must not already
    /// name another area (ignoring case and punctuation); the parent, when given, must exist.
    public func prepareAreaAdd(
        id: String,
        name: String,
        kind: AreaKind,
        parent: String? = nil,
        phases: [Phase] = [],
        aliases: [String] = []
    ) throws(PeerlinkError) -> (change: Change, area: Area) {
        let slug = id.trimmingSpaces().lowercased()
        guard !slug.isEmpty, slug.count <= 60,
            slug.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }),
            slug.first != "-", slug.last != "-"
        else {
            throw .badRequest(
                "an area id is lowercase letters, digits and dashes, e.g. 'it-services'; got '\(id)'",
                field: "id"
            )
        }
        if areas[slug] != nil {
            throw .conflict(
                "area \(slug) already exists; add an alias to it instead (`peerlink areas alias`)",
                field: "id"
            )
        }
        let tidy = Text.tidy(name)
        guard !Text.foldKey(tidy).isEmpty, tidy.count <= 200 else {
            throw .badRequest("give the area a name of up to 200 characters, e.g. 'IT services'", field: "name")
        }
        var area = Area(id: slug, name: tidy, kind: kind, phases: phases)
        try checkUnused(tidy, by: slug, field: "name")
        if let parent, !parent.isEmpty { area.parent = try resolveArea(parent, field: "parent").id }
        for (i, alias) in aliases.enumerated() {
            area.aliases.append(try validAlias(alias, for: area, field: "aliases[\(i)]"))
        }
        return (Change([area], reads: [ConflictKey("area_key", Text.foldKey(tidy))]), area)
    }

    /// Adds another name for an area (what a form calls it), so imports and queries resolve it.
    public func prepareAreaAlias(area reference: String, alias: String) throws(PeerlinkError) -> (
        change: Change, area: Area
    ) {
        var area = try resolveArea(reference, field: "area")
        let tidy = try validAlias(alias, for: area, field: "alias")
        area.aliases.append(tidy)
        return (Change([area], reads: [ConflictKey("area_key", Text.foldKey(tidy))]), area)
    }

    /// Makes `related` the broader area of `area` (its parent), so each counts as related to the other and to
    /// the parent's other children in related-area matching. Refused when it would make a loop.
    public func prepareAreaRelate(area reference: String, to relatedReference: String) throws(PeerlinkError)
        -> (change: Change, area: Area)
    {
        var area = try resolveArea(reference, field: "area")
        let parent = try resolveArea(relatedReference, field: "related")
        guard parent.id != area.id else { throw .badRequest("an area cannot be related to itself", field: "related") }
        var step: Area? = parent
        while let s = step {
            if s.id == area.id {
                throw .conflict(
                    "\(parent.id) is already below \(area.id) in the taxonomy; relating them this way would make a loop",
                    field: "related"
                )
            }
            step = s.parent.flatMap { areas[$0] }
        }
        area.parent = parent.id
        return (Change([area]), area)
    }

    private func validAlias(_ alias: String, for area: Area, field: String) throws(PeerlinkError) -> String {
        let tidy = Text.tidy(alias)
        guard !Text.foldKey(tidy).isEmpty, tidy.count <= 200 else {
            throw .badRequest("give the alias as the words forms use, up to 200 characters", field: field)
        }
        if areaByKey[Text.foldKey(tidy)] == area.id
            || area.aliases.contains(where: { Text.foldKey($0) == Text.foldKey(tidy) })
        {
            throw .conflict("'\(tidy)' already names \(area.id)", field: field)
        }
        try checkUnused(tidy, by: area.id, field: field)
        return tidy
    }

    private func checkUnused(_ text: String, by id: String, field: String) throws(PeerlinkError) {
        if let other = areaByKey[Text.foldKey(text)], other != id {
            throw .conflict("'\(text)' already names area \(other); choose other words", field: field)
        }
    }
}
