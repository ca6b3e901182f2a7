/// The sizes of text the directory accepts from a client, checked where each value is validated. The server
/// also bounds every string and repeated field of a request in bytes before any handler runs
/// (`RequestBounds`); these are the finer limits, in characters, that a person can act on.
extension Directory {
    /// A person's, school's, network's or cohort's name, a job role.
    public static let maximumNameLength = 200
    /// Free text: notes, summaries, comments, targets.
    public static let maximumFreeTextLength = 4000
    /// What `school_search` looks for.
    public static let maximumSearchLength = 200
    /// An area reference (an id, a name or an alias).
    public static let maximumAreaReferenceLength = 100
}
