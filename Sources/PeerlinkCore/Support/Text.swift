/// Small text rules shared by validation, search and import.
public enum Text {
    /// Lowercases and keeps letters and digits only, so "D&T", "d & t" and "D and T"-style variants compare
    /// by their letters: "Modern Foreign Languages" → "modernforeignlanguages".
    public static func foldKey(_ s: some StringProtocol) -> String {
        // ASCII (nearly every register value): the same answer byte by byte, without Unicode property lookups
        // (these were 7% of loading the national directory, via LinkBook's interning of trust names).
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(b)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b + 32)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.lowercased() where ch.isLetter || ch.isNumber {
            out.append(ch)
        }
        return out
    }

    /// Whether `text` contains `word` (lower-case ASCII), ignoring ASCII case. A byte search: it runs for every
    /// school at start-up, where `lowercased().contains` cost 5% of the load.
    public static func containsIgnoringCase(_ text: String, _ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard !needle.isEmpty else { return true }
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] >= UInt8(ascii: "A") && bytes[i] <= UInt8(ascii: "Z") { bytes[i] |= 0x20 }
        guard bytes.count >= needle.count else { return false }
        outer: for start in 0...(bytes.count - needle.count) {
            for j in 0..<needle.count where bytes[start + j] != needle[j] { continue outer }
            return true
        }
        return false
    }

    /// Trims spaces and collapses inner runs of whitespace to one space.
    public static func tidy(_ s: some StringProtocol) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A plausible work email: one `@`, a non-empty local part, a dotted domain, no spaces.
    public static func isPlausibleEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !s.contains(where: { $0.isWhitespace }) else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// Levenshtein distance, for "did you mean" suggestions on short identifiers.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// Up to `limit` candidates closest to `input`, best first, for "did you mean …?" in error messages.
    public static func suggestions(for input: String, among candidates: some Sequence<String>, limit: Int = 3)
        -> [String]
    {
        let key = foldKey(input)
        let scored = candidates.map { c -> (String, Int) in
            let ck = foldKey(c)
            let d = ck.hasPrefix(key) || key.hasPrefix(ck) || (!key.isEmpty && ck.contains(key))
                ? 0 : editDistance(key, ck)
            return (c, d)
        }
        let threshold = max(2, key.count / 3)
        return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// "did you mean 'a' or 'b'?" or an empty string when there is nothing close.
    public static func didYouMean(_ options: [String]) -> String {
        switch options.count {
        case 0: return ""
        case 1: return "; did you mean '\(options[0])'?"
        default:
            let quoted = options.map { "'\($0)'" }
            return "; did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
        }
    }
}
