public import Foundation

/// Which question of an expression-of-interest form holds which nomination field, so an authority's own
/// form imports without code changes. Read from JSON; `schema/eoi-default-mapping.json` is the default,
/// for the form described in `tools/eoi-form-template.md`, and equals `EOIMapping.default`.
///
/// The file format (keys in this order by convention; question titles are the export's column headers,
/// matched exactly, then ignoring case, spaces and punctuation; a repeated title is `Title2`, `Title3`):
///
/// ```json
/// {
///   "dateOrder": "day-month",             // or "month-day": slash dates when the file does not prove it
///   "school": "Question with the URN or name of the nominee's school",
///   "nomineeName": "Question with the nominee's full name",
///   "nomineeRole": "Question with the nominee's job title",
///   "nomineeEmail": "Question with the nominee's work email",
///   "areas": ["Question(s) naming areas: multi-select choices joined by ';', or free text"],
///   "strength": "Question with the summary of strengths (optional)",
///   "modes": "Question with in person / online (optional; blank answer = both)",
///   "capacity": "Question with how many schools at once (optional; blank = 2)",
///   "consent": "Question with the head's confirmation that the nominee agreed",
///   "consentYes": ["Yes", "I confirm"],   // answers meaning consent (optional; these are the defaults
///   "consentNo": ["No"],                  //  plus "agreed", "true", "y"; compared ignoring case/punctuation,
///                                         //  or by the answer's first word)
///   "modeWords": {"Face to face": "in-person", "Either": "both"},  // extra mode answers (optional)
///   "areaSeparators": [",", "and"]        // between areas in one answer, besides ';' (optional)
/// }
/// ```
/// Areas are resolved through the taxonomy's names and aliases (`Directory.area(named:)`); an answer may
/// name several, separated by `;` and the mapping's `areaSeparators` (default `,` and "and"; e.g.
/// `"areaSeparators": [",", "and", "&", "/"]`), never inside a known area name or alias.
public struct EOIMapping: Sendable, Codable, Equatable {
    public var dateOrder: DateOrder
    public var school: String
    public var nomineeName: String
    public var nomineeRole: String
    public var nomineeEmail: String
    public var areas: [String]
    public var strength: String?
    public var modes: String?
    public var capacity: String?
    public var consent: String
    public var consentYes: [String]
    public var consentNo: [String]
    /// Answer → `in-person`, `online` or `both`, on top of the built-in words.
    public var modeWords: [String: String]
    /// What separates several areas in one answer, besides `;` (Forms's multi-select join): words ("and") match
    /// as whole words ignoring case, symbols anywhere. Never applied inside a known area name or alias.
    public var areaSeparators: [String]

    public init(
        dateOrder: DateOrder = .dayMonth,
        school: String,
        nomineeName: String,
        nomineeRole: String,
        nomineeEmail: String,
        areas: [String],
        strength: String? = nil,
        modes: String? = nil,
        capacity: String? = nil,
        consent: String,
        consentYes: [String] = EOIMapping.defaultYes,
        consentNo: [String] = EOIMapping.defaultNo,
        modeWords: [String: String] = [:],
        areaSeparators: [String] = EOIMapping.defaultAreaSeparators
    ) {
        self.dateOrder = dateOrder
        self.school = school
        self.nomineeName = nomineeName
        self.nomineeRole = nomineeRole
        self.nomineeEmail = nomineeEmail
        self.areas = areas
        self.strength = strength
        self.modes = modes
        self.capacity = capacity
        self.consent = consent
        self.consentYes = consentYes
        self.consentNo = consentNo
        self.modeWords = modeWords
        self.areaSeparators = areaSeparators
    }

    public static let defaultAreaSeparators = [",", "and"]

    public static let defaultYes = ["Yes", "Y", "True", "Agreed", "I agree", "I confirm", "Confirmed", "Consent given"]
    public static let defaultNo = ["No", "N", "False", "Not yet", "Not agreed"]

    /// The mapping for the form in `tools/eoi-form-template.md` (the same as `schema/eoi-default-mapping.json`).
    public static let `default` = EOIMapping(
        dateOrder: .dayMonth,
        school: "School URN or name",
        nomineeName: "Nominee's full name",
        nomineeRole: "Nominee's role",
        nomineeEmail: "Nominee's work email address",
        areas: ["Subjects the nominee can support", "Themes the nominee can support", "Other areas of expertise"],
        strength: "Summary of the nominee's strengths",
        modes: "How can the nominee work with other schools?",
        capacity: "How many schools could the nominee support at once?",
        consent: "I confirm the nominee has agreed to be listed in the directory",
        modeWords: ["Face to face": "in-person", "Visits": "in-person", "Either": "both"]
    )

    enum CodingKeys: String, CodingKey {
        case dateOrder, school, nomineeName, nomineeRole, nomineeEmail, areas, strength, modes, capacity, consent,
            consentYes, consentNo, modeWords, areaSeparators
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            dateOrder: try c.decodeIfPresent(DateOrder.self, forKey: .dateOrder) ?? .dayMonth,
            school: try c.decode(String.self, forKey: .school),
            nomineeName: try c.decode(String.self, forKey: .nomineeName),
            nomineeRole: try c.decode(String.self, forKey: .nomineeRole),
            nomineeEmail: try c.decode(String.self, forKey: .nomineeEmail),
            areas: try c.decode([String].self, forKey: .areas),
            strength: try c.decodeIfPresent(String.self, forKey: .strength),
            modes: try c.decodeIfPresent(String.self, forKey: .modes),
            capacity: try c.decodeIfPresent(String.self, forKey: .capacity),
            consent: try c.decode(String.self, forKey: .consent),
            consentYes: try c.decodeIfPresent([String].self, forKey: .consentYes) ?? EOIMapping.defaultYes,
            consentNo: try c.decodeIfPresent([String].self, forKey: .consentNo) ?? EOIMapping.defaultNo,
            modeWords: try c.decodeIfPresent([String: String].self, forKey: .modeWords) ?? [:],
            areaSeparators: try c.decodeIfPresent([String].self, forKey: .areaSeparators)
                ?? EOIMapping.defaultAreaSeparators
        )
    }

    /// Decodes a mapping file, explaining a bad one in words a person can act on.
    public static func decode(_ data: Data) throws(MappingError) -> EOIMapping {
        let m: EOIMapping
        do {
            m = try JSONDecoder().decode(EOIMapping.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw MappingError(
                message: "the mapping file has no \"\(key.stringValue)\"; see schema/eoi-default-mapping.json"
            )
        } catch DecodingError.dataCorrupted(let context) {
            throw MappingError(
                message: "the mapping file is not valid JSON or has a bad value: \(context.debugDescription)"
            )
        } catch {
            throw MappingError(
                message: "the mapping file does not match the format in schema/eoi-default-mapping.json: \(error)"
            )
        }
        guard !m.areas.isEmpty else {
            throw MappingError(message: "the mapping's \"areas\" lists no question; name at least one")
        }
        for separator in m.areaSeparators where separator.trimmingCharacters(in: .whitespaces).isEmpty {
            throw MappingError(
                message: "areaSeparators holds an empty separator ('\(separator)'); list words or symbols, e.g. [\",\", \"and\"]")
        }
        for (answer, mode) in m.modeWords where !["in-person", "online", "both"].contains(mode) {
            throw MappingError(message: "modeWords[\"\(answer)\"] is '\(mode)'; use in-person, online or both")
        }
        return m
    }

    public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
