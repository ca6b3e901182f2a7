extension Directory {
    /// Validates a school for upsert and returns the change, or throws naming the first bad field.
    public func prepareSchoolUpsert(_ school: School) throws(PeerlinkError) -> Change {
        try School.validate(school)
        return Change([school])
    }

    /// Schools whose name contains every word of `text` (or whose URN is `text`), open ones first, then by
    /// name; at most `limit`.
    public func searchSchools(_ text: String, limit: Int) -> [School] {
        // Callers check `maximumSearchLength` to say so; this keeps a long text from costing a scan per word.
        let trimmed = Text.tidy(String(text.prefix(Directory.maximumSearchLength)))
        if let urn = Int(trimmed) {
            return [school(resolvingURN: urn)].compactMap { $0 }
        }
        let words = trimmed.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        // Through the names prepared once (`SchoolSearchIndex`): the same hits in the same order as checking
        // `name.lowercased().contains` on every school and sorting.
        return schoolSearch.search(words: words, limit: limit).compactMap { schools[$0] }
    }

    /// The school with `urn`, or the school that succeeded it when it converted or merged (followed to the
    /// end of the chain). An open school is its own answer; a closed or unknown URN follows single
    /// successors (never a split, never round a cycle) and answers the last school on the chain the
    /// directory holds. Nil when no school on the chain is known.
    public func school(resolvingURN urn: Int) -> School? {
        // Nearly every URN asked for is an open school: answered without building the chain (a path array
        // and a set, about 3,000 instructions of a link match).
        if let open = school(urn), open.status == .open { return open }
        return currentURN(for: urn).flatMap { school($0) }
    }

    /// The URN `school(resolvingURN:)` answers with, or nil when no school on the chain is known.
    public func currentURN(for urn: Int) -> Int? {
        let path = register.chain(from: urn, stoppingAt: { schools[$0]?.status == .open })
        return path.last { schools[$0] != nil }
    }
}

extension School {
    /// Throws a `badRequest` naming the first field a school record cannot have.
    public static func validate(_ s: School) throws(PeerlinkError) {
        guard s.urn > 0, s.urn < 10_000_000 else {
            throw .badRequest("URN must be a positive number of up to 7 digits, got \(s.urn)", field: "urn")
        }
        guard !Text.tidy(s.name).isEmpty else { throw .badRequest("a school needs a name", field: "name") }
        guard s.name.count <= 200 else { throw .badRequest("name is over 200 characters", field: "name") }
        guard s.laCode >= 0, s.laCode < 1000 else {
            throw .badRequest("la_code must be a 3-digit local authority code, got \(s.laCode)", field: "la_code")
        }
        if let p = s.pupils, p < 0 { throw .badRequest("pupils cannot be negative", field: "pupils") }
        if let c = s.capacity, c < 0 { throw .badRequest("capacity cannot be negative", field: "capacity") }
        if (s.easting == nil) != (s.northing == nil) {
            throw .badRequest("give both easting and northing, or neither", field: s.easting == nil ? "easting" : "northing")
        }
        if let e = s.easting, !(0...700_000).contains(e) {
            throw .badRequest("easting \(e) is outside Great Britain's grid (0–700000 m)", field: "easting")
        }
        if let n = s.northing, !(0...1_300_000).contains(n) {
            throw .badRequest("northing \(n) is outside Great Britain's grid (0–1300000 m)", field: "northing")
        }
    }
}
