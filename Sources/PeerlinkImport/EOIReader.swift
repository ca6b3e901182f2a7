public import PeerlinkCore

/// Turns an expression-of-interest export into nomination drafts, checking every answer against the
/// directory so each fault names its row and the question's column.
public enum EOIReader {
    /// Reads every response of `export` with `mapping`.
    ///
    /// The school answer is a URN (an old URN finds its successor) or a school name (case and punctuation
    /// ignored; it must name one open school). Areas resolve through the taxonomy's names and aliases. The
    /// responder (`Email`) becomes the nominating head when the directory knows them; anonymous responses
    /// (Email or Name "anonymous" or empty) have no nominating head. Of several responses for the same
    /// nominee email and school, the latest by completion time (then by row) replaces the others, whose
    /// faults no longer count.
    public static func drafts(
        _ export: FormsExport, mapping: EOIMapping, directory: Directory, emailPolicy: EmailPolicy = .standard
    ) -> ParsedFile<NominationDraft> {
        var out = ParsedFile<NominationDraft>(rowCount: export.rows.count)
        out.notes += export.notes

        // Columns.
        var missing: [(String, String)] = []
        func col(_ title: String?, _ key: String) -> Int? {
            guard let title else { return nil }
            guard let c = export.column(title) else {
                missing.append((title, key))
                return nil
            }
            return c
        }
        let schoolCol = col(mapping.school, "school"), nameCol = col(mapping.nomineeName, "nomineeName")
        let roleCol = col(mapping.nomineeRole, "nomineeRole"), emailCol = col(mapping.nomineeEmail, "nomineeEmail")
        let consentCol = col(mapping.consent, "consent")
        let areaCols = mapping.areas.enumerated().compactMap { i, t in col(t, "areas[\(i)]") }
        let strengthCol = col(mapping.strength, "strength"), modesCol = col(mapping.modes, "modes")
        let capacityCol = col(mapping.capacity, "capacity")
        guard missing.isEmpty else {
            out.faults = missing.map { title, key in
                ImportFault(
                    row: 1,
                    column: title,
                    message: "the export has no column headed '\(title)' (mapping \"\(key)\"); fix the mapping file "
                        + "to use the question's title as the export shows it"
                )
            }
            return out
        }
        let title = { (c: Int) in export.header[c] }
        out.columnForField = [
            "urn": title(schoolCol!), "name": title(nameCol!), "role": title(roleCol!), "email": title(emailCol!),
            "areas": title(areaCols[0]),
        ]
        if let c = capacityCol { out.columnForField["capacity"] = title(c) }
        if let c = modesCol { out.columnForField["modes"] = title(c) }
        let completionCol = export.column("Completion time")
        let responderCol = export.column("Email"), responderNameCol = export.column("Name")
        let (order, orderNote) = export.dateOrder(fallback: mapping.dateOrder)
        if let orderNote { out.notes.append(orderNote) }
        if completionCol == nil {
            out.notes.append("no 'Completion time' column: a later row counts as the later submission")
        }

        let schoolsByName = Dictionary(grouping: directory.schools.values.filter { $0.status == .open }) {
            Text.foldKey($0.name)
        }
        let areaNames = directory.areaOrder.compactMap { directory.areas[$0]?.name }
        let yes = Set(mapping.consentYes.map { Text.foldKey($0) })
        let no = Set(mapping.consentNo.map { Text.foldKey($0) })
        var modeWords: [String: [Mode]] = [
            "inperson": [.inPerson], "facetoface": [.inPerson], "visit": [.inPerson], "visits": [.inPerson],
            "online": [.online], "virtual": [.online], "remote": [.online], "remotely": [.online],
            "both": Mode.allCases, "either": Mode.allCases,
        ]
        for (word, mode) in mapping.modeWords {
            modeWords[Text.foldKey(word)] = mode == "both" ? Mode.allCases : Mode(rawValue: mode).map { [$0] } ?? []
        }

        struct Response {
            var draft: NominationDraft
            var row: Int
            var key: String?
            var completed: FormDateTime?
            var faults: [ImportFault]
        }
        var responses: [Response] = []
        var anonymous = 0
        for row in export.rows {
            func cell(_ c: Int?) -> String {
                guard let c, c < row.cells.count else { return "" }
                return row.cells[c].text.trimmingSpaces()
            }
            var faults: [ImportFault] = []
            func fault(_ c: Int, _ code: ErrorCode, _ message: String) {
                faults.append(ImportFault(row: row.number, column: export.header[c], code: code, message: message))
            }
            func fault(_ c: Int, _ message: String) { fault(c, .badRequest, message) }

            // Completion time.
            var completed: FormDateTime? = nil
            if let c = completionCol, c < row.cells.count {
                completed = FormsExport.dateTime(row.cells[c], order: order)
                if completed == nil {
                    fault(c, "'\(cell(c))' is not a date and time (D/M/YYYY H:MM:SS); export the responses again")
                }
            }

            // School.
            var urn = 0
            let schoolAnswer = cell(schoolCol)
            if schoolAnswer.isEmpty {
                fault(schoolCol!, "no school given; answer with the school's URN or its name as the register has it")
            } else if let n = Int(schoolAnswer.filter { !$0.isWhitespace }) {
                if let s = directory.school(resolvingURN: n) {
                    urn = s.urn
                    if s.urn != n { out.notes.append("row \(row.number): URN \(n) is now \(s.name) (URN \(s.urn))") }
                } else {
                    fault(
                        schoolCol!,
                        .notFound,
                        "no school with URN \(n) in the directory; check the number or import the register first"
                    )
                }
            } else {
                let hits = schoolsByName[Text.foldKey(schoolAnswer)] ?? []
                if hits.count == 1 {
                    urn = hits[0].urn
                } else if hits.count > 1 {
                    let urns = hits.map(\.urn).sorted().map(String.init).joined(separator: ", ")
                    fault(
                        schoolCol!,
                        .conflict,
                        "several open schools are named '\(schoolAnswer)' (URNs \(urns)); answer with the URN instead"
                    )
                } else {
                    let first = Text.foldKey(schoolAnswer.split(separator: " ").first ?? "")
                    let near = directory.schools.values.lazy.filter { $0.status == .open }
                        .map(\.name).filter { Text.foldKey($0).hasPrefix(first) }
                    fault(
                        schoolCol!,
                        .notFound,
                        "no open school named '\(schoolAnswer)'\(Text.didYouMean(Text.suggestions(for: schoolAnswer, among: near)))"
                            + "; answer with the URN or the name as the register has it"
                    )
                }
            }

            // Nominee.
            let name = cell(nameCol), role = cell(roleCol), email = cell(emailCol)
            if name.isEmpty { fault(nameCol!, "no nominee name; give the nominee's full name") }
            if role.isEmpty { fault(roleCol!, "no role; give the nominee's job title, e.g. 'Head of Computing'") }
            if !Text.isPlausibleEmail(email.lowercased()) {
                fault(
                    emailCol!,
                    email.isEmpty
                        ? "no work email; give the nominee's school email address"
                        : "'\(email)' is not a work email address (name@school.org.uk); correct it"
                )
            } else if let why = emailPolicy.refusal(email.lowercased()) {
                fault(emailCol!, "'\(email)' is not a work email address: \(why)")
            }

            // Areas.
            var areas: [(area: String, strength: String)] = []
            let strength = cell(strengthCol)
            for c in areaCols {
                // Split on the mapping's separators, but never inside a known area name or alias: the longest run
                // of pieces that names an area is taken whole ("Careers and work experience" stays one area).
                let parts = EOIReader.areaParts(cell(c), separators: mapping.areaSeparators) {
                    directory.area(named: $0) != nil
                }
                for part in parts {
                    if let a = directory.area(named: part) {
                        if !areas.contains(where: { $0.area == a.id }) { areas.append((a.id, strength)) }
                        continue
                    }
                    fault(
                        c,
                        .notFound,
                        "'\(part)' is not an area in the taxonomy"
                            + Text.didYouMean(Text.suggestions(for: part, among: areaNames))
                            + " (`peerlink areas` lists them); correct the answer or add an alias "
                            + "(`peerlink areas alias AREA \"\(part)\"`)"
                    )
                }
            }
            if areas.isEmpty && !faults.contains(where: { f in areaCols.contains { export.header[$0] == f.column } }) {
                fault(areaCols[0], "no area given; choose at least one subject or theme")
            }

            // Modes and capacity.
            var modes: [Mode] = []
            for word in cell(modesCol).split(whereSeparator: { $0 == ";" || $0 == "," }).map({ Text.foldKey($0) })
            where !word.isEmpty {
                if let m = modeWords[word] {
                    modes += m
                } else {
                    fault(
                        modesCol!,
                        "'\(word)' is not a way of working; answer In person, Online or both (or add it to the mapping's modeWords)"
                    )
                }
            }
            var capacity: Int? = nil
            let capacityText = cell(capacityCol)
            if !capacityText.isEmpty {
                let digits = capacityText.drop { !$0.isNumber }.prefix { $0.isNumber }
                if let n = Int(digits) {
                    capacity = n
                } else {
                    fault(capacityCol!, "'\(capacityText)' is not a number of schools; answer with a number such as 2")
                }
            }

            // Consent.
            let consentAnswer = cell(consentCol)
            let folded = Text.foldKey(consentAnswer)
            let firstWord = Text.foldKey(consentAnswer.split(whereSeparator: { !$0.isLetter }).first ?? "")
            var consent = false
            if consentAnswer.isEmpty {
                fault(
                    consentCol!,
                    "the head's consent is missing; the nominee must agree to be listed: get their agreement and resubmit"
                )
            } else if yes.contains(folded)
                || (!no.contains(folded) && yes.contains(firstWord) && !no.contains(firstWord))
            {
                consent = true
            } else if no.contains(folded) || no.contains(firstWord) {
                fault(
                    consentCol!,
                    "the head answered '\(consentAnswer)': the nominee has not agreed to be listed; resubmit once they have"
                )
            } else {
                fault(
                    consentCol!,
                    "'\(consentAnswer)' is not a yes or no answer; answer Yes once the nominee has agreed"
                )
            }

            // The responder: the nominating head, when known.
            let responder = cell(responderCol)
            var nominatedBy: Int64? = nil
            if responder.isEmpty || responder.lowercased() == "anonymous"
                || cell(responderNameCol).lowercased() == "anonymous"
            {
                anonymous += 1
            } else {
                nominatedBy = directory.person(email: responder)?.id
            }

            let draft = NominationDraft(
                urn: urn,
                nomineeName: name,
                nomineeEmail: email,
                nomineeRole: role,
                areas: areas,
                capacity: capacity,
                modes: modes,
                consent: consent,
                nominatedBy: nominatedBy
            )
            let key = urn > 0 && !email.isEmpty ? "\(email.lowercased())|\(urn)" : nil
            responses.append(Response(draft: draft, row: row.number, key: key, completed: completed, faults: faults))
        }

        // The latest response per nominee and school wins.
        var latest: [String: Int] = [:]
        for (i, r) in responses.enumerated() {
            guard let key = r.key else { continue }
            if let j = latest[key] {
                let other = responses[j]
                let later =
                    (r.completed ?? other.completed ?? FormDateTime(day: Day(ordinal: 0), second: 0))
                    >= (other.completed ?? r.completed ?? FormDateTime(day: Day(ordinal: 0), second: 0))
                latest[key] = later ? i : j
            } else {
                latest[key] = i
            }
        }
        for (i, r) in responses.enumerated() {
            if let key = r.key, let winner = latest[key], winner != i {
                out.superseded += 1
                out.notes.append(
                    "row \(r.row) replaced by row \(responses[winner].row), a later submission for the same nominee and school"
                )
                continue
            }
            if !r.faults.isEmpty {
                out.faults += r.faults
                continue
            }
            out.records.append(r.draft)
            out.rows.append(r.row)
        }
        if anonymous > 0 { out.notes.append("\(anonymous) anonymous responses: no nominating head recorded") }
        return out
    }

    /// The areas a free-text or multi-select answer names: "Computing, History and MFL" → ["Computing", "History",
    /// "MFL"]. The text is cut at every separator (`;` always, Forms's multi-select join, and the mapping's
    /// `areaSeparators`: a word such as "and" only as a whole word, ignoring case; a symbol anywhere), then read
    /// left to right taking the longest run of pieces, with the separators between them, that `isArea` accepts;
    /// a piece that starts no known run is returned alone (the caller reports it). So a separator inside a known
    /// name or alias ("Careers and work experience", "D&T") never splits it.
    static func areaParts(_ text: String, separators: [String], isArea: (String) -> Bool) -> [String] {
        let chars = Array(text)
        var cuts: [(start: Int, end: Int)] = []  // separator occurrences, in order, not overlapping
        let seps = ([";"] + separators).map { Array($0.trimmingSpaces().lowercased()) }.filter { !$0.isEmpty }
        var i = 0
        scan: while i < chars.count {
            for sep in seps where i + sep.count <= chars.count {
                let isWord = sep.allSatisfy(\.isLetter)
                guard zip(chars[i..<i + sep.count], sep).allSatisfy({ $0.lowercased() == String($1) }) else { continue }
                if isWord {
                    let before = i == 0 || !chars[i - 1].isLetter
                    let after = i + sep.count == chars.count || !chars[i + sep.count].isLetter
                    guard before && after else { continue }
                }
                cuts.append((i, i + sep.count))
                i += sep.count
                continue scan
            }
            i += 1
        }
        // Piece k runs from the end of cut k-1 to the start of cut k.
        var bounds: [(start: Int, end: Int)] = []
        var from = 0
        for cut in cuts {
            bounds.append((from, cut.start))
            from = cut.end
        }
        bounds.append((from, chars.count))
        func span(_ a: Int, _ b: Int) -> String { String(chars[bounds[a].start..<bounds[b].end]).trimmingSpaces() }

        var out: [String] = []
        var k = 0
        while k < bounds.count {
            var taken = k
            var best = span(k, k)
            for j in stride(from: bounds.count - 1, to: k, by: -1) {
                let candidate = span(k, j)
                if isArea(candidate) {
                    taken = j
                    best = candidate
                    break
                }
            }
            if !best.isEmpty { out.append(best) }
            k = taken + 1
        }
        return out
    }
}
