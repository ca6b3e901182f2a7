/// School names prepared once for `Directory.searchSchools`: lowercased, split into tokens, and kept in the
/// order the search lists them (name, then URN), updated as each school is put.
///
/// A search used to lowercase all 25,000 names per call and again inside the sort's comparator (87–505 ms at
/// national scale). Here a word (the query's words never hold a space) is found in the vocabulary of distinct
/// name tokens, since a word without a space occurs in a name exactly when it occurs inside one of the name's
/// space-separated tokens; the tokens' postings give the schools, and walking `order` gives them already sorted.
///
/// Answers are the same as the plain scan's (`lowercased().contains` on every name, sorted by open first, then
/// names starting with the first word, then name, then URN), which `SchoolSearchIndexTests` holds it to. The
/// byte-level work is used only where it is the same as `String`'s character-level comparison: for lowercased
/// names that are ASCII (without a NUL) and query words that are ASCII. Other names are kept aside and checked
/// with `String.contains`, and a query with a non-ASCII word checks every name that way (an ASCII name can
/// contain a non-ASCII word: U+037E GREEK QUESTION MARK is canonically ";").
struct SchoolSearchIndex: Sendable {
    private struct Entry: Sendable {
        var urn: Int
        /// The name as stored: what the order compares.
        var name: String
        var lower: String
        /// `lower`'s UTF-8 when it is plain ASCII (no NUL), else empty.
        var lowerBytes: [UInt8]
        var ascii: Bool
        var open: Bool
        /// Vocabulary ids of the distinct tokens of `lowerBytes` (ASCII entries only).
        var tokens: [Int32]
    }

    private var entries: [Entry] = []
    private var slotByURN: [Int: Int32] = [:]
    /// Every slot, ordered by (name, URN) as `String` compares names.
    private var order: [Int32] = []
    /// Slots whose lowercased name is not plain ASCII, ascending.
    private var unicodeSlots: [Int32] = []
    /// Distinct tokens of the ASCII names: each followed by a NUL in `tokenBytes`, starting at `tokenStart[id]`.
    private var tokenIDs: [String: Int32] = [:]
    private var tokenBytes: [UInt8] = []
    private var tokenStart: [Int32] = []
    /// Token id → slots whose name has that token (each once, in no order).
    private var postings: [[Int32]] = []
    /// While bulk loading, `order` is rebuilt once at the end instead of kept sorted insert by insert.
    private var bulkLoading = false

    init() {}

    var count: Int { entries.count }

    // MARK: Keeping it current

    mutating func beginBulkLoad() { bulkLoading = true }

    mutating func finishBulkLoad() {
        bulkLoading = false
        let entries = self.entries
        order = Array(0..<Int32(entries.count))
        order.sort { Self.precedes(entries[Int($0)], entries[Int($1)]) }
    }

    /// Adds or updates a school's entry. A school keeping its name changes its open flag in place.
    mutating func put(_ school: School) {
        let open = school.status == .open
        if let slot = slotByURN[school.urn] {
            let i = Int(slot)
            entries[i].open = open
            // Compared as bytes: two names `String` calls equal may still lowercase or sort apart.
            guard !entries[i].name.utf8.elementsEqual(school.name.utf8) else { return }
            unlist(slot)
            entries[i] = makeEntry(school)
            list(slot)
        } else {
            let slot = Int32(entries.count)
            slotByURN[school.urn] = slot
            entries.append(makeEntry(school))
            list(slot)
        }
    }

    private mutating func makeEntry(_ school: School) -> Entry {
        let lower = school.name.lowercased()
        let ascii = lower.utf8.allSatisfy { $0 != 0 && $0 < 0x80 }
        var entry = Entry(
            urn: school.urn, name: school.name, lower: lower, lowerBytes: ascii ? Array(lower.utf8) : [],
            ascii: ascii, open: school.status == .open, tokens: [])
        if ascii {
            for token in entry.lowerBytes.split(separator: 0x20) {
                let id = tokenID(token)
                if !entry.tokens.contains(id) { entry.tokens.append(id) }
            }
        }
        return entry
    }

    private mutating func tokenID(_ token: ArraySlice<UInt8>) -> Int32 {
        let key = String(decoding: token, as: UTF8.self)
        if let id = tokenIDs[key] { return id }
        let id = Int32(tokenStart.count)
        tokenIDs[key] = id
        tokenStart.append(Int32(tokenBytes.count))
        tokenBytes.append(contentsOf: token)
        tokenBytes.append(0)
        postings.append([])
        return id
    }

    /// Puts `slot` (whose entry is current) into the postings, the unicode list and the order.
    private mutating func list(_ slot: Int32) {
        let entry = entries[Int(slot)]
        for t in entry.tokens { postings[Int(t)].append(slot) }
        if !entry.ascii { unicodeSlots.insertSortedSlot(slot) }
        guard !bulkLoading else { return }
        let entries = self.entries
        var low = 0, high = order.count
        while low < high {
            let mid = (low + high) / 2
            if Self.precedes(entries[Int(order[mid])], entry) { low = mid + 1 } else { high = mid }
        }
        order.insert(slot, at: low)
    }

    /// Takes `slot` (whose entry is still the old one) out of the postings, the unicode list and the order.
    private mutating func unlist(_ slot: Int32) {
        let entry = entries[Int(slot)]
        for t in entry.tokens { postings[Int(t)].removeAll { $0 == slot } }
        if !entry.ascii, let k = unicodeSlots.firstIndex(of: slot) { unicodeSlots.remove(at: k) }
        if !bulkLoading, let k = order.firstIndex(of: slot) { order.remove(at: k) }
    }

    /// The search's order among schools that sort alike: name as `String` compares it (ASCII names by their
    /// bytes, through `String`'s own fast path), then URN.
    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        (a.name, a.urn) < (b.name, b.urn)
    }

    // MARK: Searching

    /// URNs of the schools whose lowercased name contains every one of `words` (lowercased, non-empty, no
    /// spaces), open schools first, then names starting with the first word, then by name and URN; at most `limit`.
    func search(words: [String], limit: Int) -> [Int] {
        guard limit > 0, !words.isEmpty, !entries.isEmpty else { return [] }
        let matched = words.allSatisfy(Self.isPlainWord) ? matchByTokens(words) : matchByScan(words)
        guard let matched else { return [] }
        let first = words[0]
        let firstBytes = Array(first.utf8)
        let firstPlain = Self.isPlainWord(first)
        var buckets: [[Int]] = [[], [], [], []]
        for slot in order where matched[Int(slot)] {
            let e = entries[Int(slot)]
            let prefix: Bool
            if e.ascii && firstPlain {
                prefix = e.lowerBytes.count >= firstBytes.count && e.lowerBytes.starts(with: firstBytes)
            } else {
                prefix = e.lower.hasPrefix(first)
            }
            let b = (e.open ? 0 : 2) + (prefix ? 0 : 1)
            if buckets[b].count < limit { buckets[b].append(e.urn) }
            if b == 0 && buckets[0].count >= limit { break }  // nothing later can come before these
        }
        var out: [Int] = []
        out.reserveCapacity(limit)
        for b in buckets {
            out.append(contentsOf: b.prefix(limit - out.count))
            if out.count == limit { break }
        }
        return out
    }

    /// A word the byte-level path may look for: ASCII without NUL (so never across a token's end).
    private static func isPlainWord(_ w: String) -> Bool {
        !w.isEmpty && w.utf8.allSatisfy { $0 != 0 && $0 < 0x80 && $0 != 0x20 }
    }

    /// Whether each slot's name holds every word, found through the vocabulary; nil when none does.
    private func matchByTokens(_ words: [String]) -> [Bool]? {
        // How many of the words, taken in turn, each slot has matched so far.
        var seen = [UInt32](repeating: 0, count: entries.count)
        for (j, word) in words.enumerated() {
            let need = UInt32(j), next = UInt32(j + 1)
            var any = false
            for t in tokens(containing: Array(word.utf8)) {
                for slot in postings[t] where seen[Int(slot)] == need {
                    seen[Int(slot)] = next
                    any = true
                }
            }
            for slot in unicodeSlots where seen[Int(slot)] == need && entries[Int(slot)].lower.contains(word) {
                seen[Int(slot)] = next
                any = true
            }
            if !any { return nil }
        }
        let all = UInt32(words.count)
        return seen.map { $0 == all }
    }

    /// The same by checking every name with `String.contains`, for queries with a word outside plain ASCII.
    private func matchByScan(_ words: [String]) -> [Bool]? {
        var any = false
        let matched = entries.map { e in
            let hit = words.allSatisfy { e.lower.contains($0) }
            any = any || hit
            return hit
        }
        return any ? matched : nil
    }

    /// Ids of the vocabulary's tokens that contain `word` (non-empty, plain ASCII).
    private func tokens(containing word: [UInt8]) -> [Int] {
        var out: [Int] = []
        tokenBytes.withUnsafeBufferPointer { text in
            word.withUnsafeBufferPointer { w in
                let n = text.count, m = w.count
                guard m > 0, n >= m else { return }
                let head = w[0]
                var i = 0
                while i + m <= n {
                    if text[i] == head {
                        var k = 1
                        while k < m && text[i + k] == w[k] { k += 1 }
                        if k == m {
                            // Found inside some token (a word never holds the NUL between tokens): name it, then
                            // go on after that token's end.
                            let id = tokenID(atOffset: i)
                            out.append(id)
                            i = id + 1 < tokenStart.count ? Int(tokenStart[id + 1]) : n
                            continue
                        }
                    }
                    i += 1
                }
            }
        }
        return out
    }

    /// The token whose bytes hold offset `i` of `tokenBytes`.
    private func tokenID(atOffset i: Int) -> Int {
        var low = 0, high = tokenStart.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if Int(tokenStart[mid]) <= i { low = mid } else { high = mid }
        }
        return low
    }
}

extension Array where Element == Int32 {
    fileprivate mutating func insertSortedSlot(_ slot: Int32) {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < slot { low = mid + 1 } else { high = mid }
        }
        if low < count && self[low] == slot { return }
        insert(slot, at: low)
    }
}
