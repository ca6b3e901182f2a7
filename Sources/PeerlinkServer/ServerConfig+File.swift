internal import Foundation
internal import PeerlinkCore
internal import PeerlinkStore

/// The `--config` file (JSON): every key optional; absent keys keep the defaults.
///
/// An unknown key, at any level, is an error naming it and the nearest known key, so that a typo
/// (`holidays_by_LA`) cannot silently leave a setting at its default.
public struct ConfigFile: Decodable, Sendable {
    var database: String?
    var socket: String?
    var listen: String?
    var synchronous: String?
    var maxFrameBytes: Int?
    var maxFrameBytesBeforeHello: Int?
    var maxFrameBytesNonAdmin: Int?
    var maxConnections: Int?
    var maxAdminConnections: Int?
    var maxInFlight: Int?
    var idleTimeoutSeconds: Int?
    var helloTimeoutSeconds: Int?
    var partialFrameTimeoutSeconds: Int?
    var maxPartialFrameBytesTotal: Int?
    var maxOutputBufferedBytes: Int?
    var maxOutputBufferedBytesTotal: Int?
    var replyCacheBytes: Int?
    var readerThreads: Int?
    var linkWeights: [String: Double]?
    var supporterWeights: [String: Double]?
    var workingDay: WorkingDay?
    var holidays: [HolidayEntry]?
    var holidaysByLA: [String: [HolidayEntry]]?
    var safeguardingContact: String?
    var safeguardingEmail: String?
    var reviewDueSweepSeconds: Int?
    var rateLimit: RateLimitEntry?
    var adminRateLimit: RateLimitEntry?
    var fairUse: FairUseEntry?
    var inspectionPolicy: InspectionPolicyEntry?
    var personalMailDomains: [String]?
    var allowedMailDomains: [String]?

    /// `{"per_second": 200, "burst": 1000}`; `per_second` 0 means unlimited.
    struct RateLimitEntry: Decodable, Sendable {
        var perSecond: Double
        var burst: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case perSecond = "per_second"
            case burst
        }

        func limit(_ key: String) throws(ConfigFileError) -> RateLimit? {
            guard perSecond.isFinite, burst.isFinite, perSecond >= 0, burst >= 1 || perSecond == 0 else {
                throw ConfigFileError("\(key) needs per_second ≥ 0 and burst ≥ 1 (per_second 0: unlimited)")
            }
            return perSecond == 0 ? nil : RateLimit(perSecond: perSecond, burst: burst)
        }
    }

    struct FairUseEntry: Decodable, Sendable {
        var openRequestsPerHead: Int?
        var activeEngagementsPerHead: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case openRequestsPerHead = "open_requests_per_head"
            case activeEngagementsPerHead = "active_engagements_per_head"
        }
    }

    /// How imported inspections count as "good or better": the lowest grade each framework accepts, and
    /// whether safeguarding must be effective / met.
    struct InspectionPolicyEntry: Decodable, Sendable {
        var overallAtLeast: String?
        var keyJudgementsAtLeast: String?
        var reportCardAreasAtLeast: String?
        var requireSafeguarding: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case overallAtLeast = "overall_at_least"
            case keyJudgementsAtLeast = "key_judgements_at_least"
            case reportCardAreasAtLeast = "report_card_areas_at_least"
            case requireSafeguarding = "require_safeguarding"
        }

        func apply(to p: inout InspectionPolicy) throws(ConfigFileError) {
            func four(_ text: String?, _ key: CodingKeys) throws(ConfigFileError) -> FourPointGrade? {
                guard let text else { return nil }
                guard let g = FourPointGrade(parsing: text) else {
                    throw ConfigFileError("inspection_policy.\(key.rawValue) is outstanding, good, requires improvement or inadequate; got '\(text)'")
                }
                return g
            }
            if let g = try four(overallAtLeast, .overallAtLeast) { p.overallAtLeast = g }
            if let g = try four(keyJudgementsAtLeast, .keyJudgementsAtLeast) { p.keyJudgementsAtLeast = g }
            if let text = reportCardAreasAtLeast {
                guard let g = ReportCardGrade(parsing: text) else {
                    throw ConfigFileError("inspection_policy.report_card_areas_at_least is exceptional, strong standard, expected standard, needs attention or urgent improvement; got '\(text)'")
                }
                p.reportCardAreasAtLeast = g
            }
            if let requireSafeguarding { p.requireSafeguarding = requireSafeguarding }
        }
    }

    struct WorkingDay: Decodable, Sendable {
        var start: String
        var end: String

        enum CodingKeys: String, CodingKey, CaseIterable { case start, end }
    }

    struct HolidayEntry: Decodable, Sendable {
        var name: String
        var first: String
        var last: String

        enum CodingKeys: String, CodingKey, CaseIterable { case name, first, last }

        func holiday(_ where_: String) throws(ConfigFileError) -> SchoolCalendar.Holiday {
            guard let f = Day(iso: first), let l = Day(iso: last), f <= l else {
                throw ConfigFileError("\(where_): holiday '\(name)' needs first and last dates as YYYY-MM-DD, first ≤ last")
            }
            return SchoolCalendar.Holiday(name: name, first: f, last: l)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case database, socket, listen, synchronous, holidays
        case linkWeights = "link_weights"
        case supporterWeights = "supporter_weights"
        case workingDay = "working_day"
        case holidaysByLA = "holidays_by_la"
        case safeguardingContact = "safeguarding_contact"
        case safeguardingEmail = "safeguarding_email"
        case reviewDueSweepSeconds = "review_due_sweep_seconds"
        case rateLimit = "rate_limit"
        case adminRateLimit = "admin_rate_limit"
        case fairUse = "fair_use"
        case inspectionPolicy = "inspection_policy"
        case personalMailDomains = "personal_mail_domains"
        case allowedMailDomains = "allowed_mail_domains"
        case maxFrameBytes = "max_frame_bytes"
        case maxFrameBytesBeforeHello = "max_frame_bytes_before_hello"
        case maxFrameBytesNonAdmin = "max_frame_bytes_non_admin"
        case maxConnections = "max_connections"
        case maxAdminConnections = "max_admin_connections"
        case maxInFlight = "max_in_flight"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case helloTimeoutSeconds = "hello_timeout_seconds"
        case partialFrameTimeoutSeconds = "partial_frame_timeout_seconds"
        case maxPartialFrameBytesTotal = "max_partial_frame_bytes_total"
        case maxOutputBufferedBytes = "max_output_buffered_bytes"
        case maxOutputBufferedBytesTotal = "max_output_buffered_bytes_total"
        case replyCacheBytes = "reply_cache_bytes"
        case readerThreads = "reader_threads"
    }

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws -> ConfigFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigFileError("cannot read the file: \(error.localizedDescription)")
        }
        return try parse([UInt8](data))
    }

    /// Parses JSON text: its keys are checked first (unknown ones refused), then its values decoded.
    public static func parse(_ bytes: [UInt8]) throws(ConfigFileError) -> ConfigFile {
        let data = Data(bytes)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw ConfigFileError("not valid JSON: \(error.localizedDescription)")
        }
        try checkKeys(json)
        do {
            return try JSONDecoder().decode(ConfigFile.self, from: data)
        } catch let e as DecodingError {
            throw ConfigFileError(describe(e))
        } catch {
            throw ConfigFileError("\(error)")
        }
    }

    // MARK: Keys

    private static func names<K: CodingKey & CaseIterable>(_: K.Type) -> [String] { K.allCases.map(\.stringValue) }

    /// Refuses any key the file format does not have, at every level. Maps keyed by data (weights by name, holidays
    /// by LA code) are checked where they are applied.
    static func checkKeys(_ json: Any) throws(ConfigFileError) {
        guard let top = json as? [String: Any] else {
            throw ConfigFileError("the file must hold one JSON object, { \"key\": value, … }")
        }
        try checkObject(top, known: names(CodingKeys.self), at: "")
        if let day = top[CodingKeys.workingDay.rawValue] as? [String: Any] {
            try checkObject(day, known: names(WorkingDay.CodingKeys.self), at: CodingKeys.workingDay.rawValue)
        }
        for key in [CodingKeys.rateLimit, .adminRateLimit] {
            if let o = top[key.rawValue] as? [String: Any] {
                try checkObject(o, known: names(RateLimitEntry.CodingKeys.self), at: key.rawValue)
            }
        }
        if let o = top[CodingKeys.fairUse.rawValue] as? [String: Any] {
            try checkObject(o, known: names(FairUseEntry.CodingKeys.self), at: CodingKeys.fairUse.rawValue)
        }
        if let o = top[CodingKeys.inspectionPolicy.rawValue] as? [String: Any] {
            try checkObject(o, known: names(InspectionPolicyEntry.CodingKeys.self), at: CodingKeys.inspectionPolicy.rawValue)
        }
        func checkHolidays(_ list: Any?, at path: String) throws(ConfigFileError) {
            guard let list = list as? [Any] else { return }
            for (i, entry) in list.enumerated() {
                if let entry = entry as? [String: Any] {
                    try checkObject(entry, known: names(HolidayEntry.CodingKeys.self), at: "\(path)[\(i)]")
                }
            }
        }
        try checkHolidays(top[CodingKeys.holidays.rawValue], at: CodingKeys.holidays.rawValue)
        if let byLA = top[CodingKeys.holidaysByLA.rawValue] as? [String: Any] {
            for code in byLA.keys.sorted() {
                try checkHolidays(byLA[code], at: "\(CodingKeys.holidaysByLA.rawValue).\(code)")
            }
        }
    }

    private static func checkObject(_ object: [String: Any], known: [String], at path: String) throws(ConfigFileError) {
        for key in object.keys.sorted() where !known.contains(key) {
            // The same key in other case first, then a key that holds the one typed (`idle_timeout` →
            // `idle_timeout_seconds`, nearer than any edit distance says), then the fewest edits.
            let lower = key.lowercased()
            let nearest = known.first { $0 == lower }
                ?? known.filter { $0.contains(lower) }.min { $0.count < $1.count }
                ?? known.min { editDistance(lower, $0) < editDistance(lower, $1) }!
            throw ConfigFileError(
                "unknown key '\(key)'\(path.isEmpty ? "" : " in \(path)") (did you mean '\(nearest)'?)")
        }
    }

    /// Levenshtein distance, letters compared without case (so `holidays_by_LA` is nearest `holidays_by_la`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        var previous = Array(0...y.count)
        for i in x.indices {
            var current = [i + 1] + Array(repeating: 0, count: y.count)
            for j in y.indices {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x[i] == y[j] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let i = key.intValue { return text + "[\(i)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch e {
        case .typeMismatch(let type, let c):
            return "\(path(c.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let c):
            return "\(path(c.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let c):
            let at = path(c.codingPath)
            return "\(at.isEmpty ? "" : at + ": ")missing key '\(key.stringValue)'"
        case .dataCorrupted(let c):
            return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default:
            return "\(e)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        default: return String(describing: type).contains("Array") ? "a list" : "an object"
        }
    }

    // MARK: Applying

    /// Sets every key the file has on `s`, range-checking each.
    public func apply(to s: inout ServerConfig) throws(ConfigFileError) {
        if let database { s.databasePath = database }
        if let socket { s.socketPath = socket }
        if let listen { try ConfigFile.applyListen(listen, to: &s) }
        if let synchronous {
            guard let v = Synchronous(rawValue: synchronous.uppercased()) else {
                throw ConfigFileError("synchronous must be full or normal, got '\(synchronous)'")
            }
            s.synchronous = v
        }
        func limit(_ value: Int?, _ key: CodingKeys, atLeast least: Int, _ set: (Int) -> Void) throws(ConfigFileError) {
            guard let value else { return }
            guard value >= least else { throw ConfigFileError("\(key.rawValue) must be at least \(least), got \(value)") }
            set(value)
        }
        // A frame's length prefix is 32 bits; below 1 KiB a Hello with its token would not fit.
        func frame(_ value: Int?, _ key: CodingKeys, _ set: (Int) -> Void) throws(ConfigFileError) {
            guard let value else { return }
            guard (1024...Int(UInt32.max)).contains(value) else {
                throw ConfigFileError("\(key.rawValue) must be from 1024 to \(UInt32.max) bytes, got \(value)")
            }
            set(value)
        }
        try frame(maxFrameBytes, .maxFrameBytes) { s.maxFrameBytes = $0 }
        try frame(maxFrameBytesBeforeHello, .maxFrameBytesBeforeHello) { s.maxFrameBeforeHello = $0 }
        try frame(maxFrameBytesNonAdmin, .maxFrameBytesNonAdmin) { s.maxFrameBytesNonAdmin = $0 }
        try limit(maxConnections, .maxConnections, atLeast: 1) { s.maxConnections = $0 }
        try limit(maxAdminConnections, .maxAdminConnections, atLeast: 1) { s.maxAdminConnections = $0 }
        try limit(maxInFlight, .maxInFlight, atLeast: 1) { s.maxInFlightPerConnection = $0 }
        try limit(idleTimeoutSeconds, .idleTimeoutSeconds, atLeast: 1) { s.idleTimeoutSeconds = $0 }
        try limit(helloTimeoutSeconds, .helloTimeoutSeconds, atLeast: 1) { s.helloTimeoutSeconds = $0 }
        try limit(partialFrameTimeoutSeconds, .partialFrameTimeoutSeconds, atLeast: 1) { s.partialFrameTimeoutSeconds = $0 }
        try limit(maxPartialFrameBytesTotal, .maxPartialFrameBytesTotal, atLeast: 1024) { s.maxPartialFrameBytesTotal = $0 }
        try limit(maxOutputBufferedBytes, .maxOutputBufferedBytes, atLeast: 1024) { s.maxOutputBufferedBytes = $0 }
        try limit(maxOutputBufferedBytesTotal, .maxOutputBufferedBytesTotal, atLeast: 1024) { s.maxOutputBufferedBytesTotal = $0 }
        try limit(replyCacheBytes, .replyCacheBytes, atLeast: 0) { s.replyCacheBytes = $0 }
        if let readerThreads {
            guard (0...64).contains(readerThreads) else {
                throw ConfigFileError("reader_threads must be from 0 to 64 (0: every read on the loop thread), got \(readerThreads)")
            }
            s.readerThreads = readerThreads
        }
        try limit(reviewDueSweepSeconds, .reviewDueSweepSeconds, atLeast: 1) { s.reviewDueSweepSeconds = $0 }
        do {
            if let linkWeights { s.linkWeights = try s.linkWeights.overriding(linkWeights, field: "link_weights") }
            if let supporterWeights { s.supporterWeights = try s.supporterWeights.overriding(supporterWeights) }
        } catch {
            throw ConfigFileError(error.description)
        }
        if let workingDay {
            func minutes(_ t: String) throws(ConfigFileError) -> Int {
                let parts = t.split(separator: ":")
                guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
                else { throw ConfigFileError("working_day times must be HH:MM, got '\(t)'") }
                return h * 60 + m
            }
            s.calendar.dayStart = try minutes(workingDay.start)
            s.calendar.dayEnd = try minutes(workingDay.end)
            guard s.calendar.dayStart < s.calendar.dayEnd else { throw ConfigFileError("working_day start must be before end") }
        }
        if let holidays {
            var list: [SchoolCalendar.Holiday] = []
            for h in holidays { list.append(try h.holiday("holidays")) }
            s.calendar.defaultHolidays = list
        }
        if let holidaysByLA {
            for code in holidaysByLA.keys.sorted() {
                guard let la = Int(code) else {
                    throw ConfigFileError("holidays_by_la keys are LA codes like \"936\", got '\(code)'")
                }
                var list: [SchoolCalendar.Holiday] = []
                for h in holidaysByLA[code]! { list.append(try h.holiday("holidays_by_la.\(code)")) }
                s.calendar.holidaysByLA[la] = list
            }
        }
        if let safeguardingContact { s.safeguardingContact = safeguardingContact }
        if let safeguardingEmail {
            guard safeguardingEmail.isEmpty || (safeguardingEmail.contains("@") && !safeguardingEmail.contains(" ")) else {
                throw ConfigFileError("safeguarding_email is one email address (or empty for none), got '\(safeguardingEmail)'")
            }
            s.safeguardingEmail = safeguardingEmail
        }
        if let rateLimit { s.rateLimit = try rateLimit.limit("rate_limit") }
        if let adminRateLimit { s.adminRateLimit = try adminRateLimit.limit("admin_rate_limit") }
        if let fairUse {
            for (key, v) in [("open_requests_per_head", fairUse.openRequestsPerHead), ("active_engagements_per_head", fairUse.activeEngagementsPerHead)] {
                if let v, v < 1 { throw ConfigFileError("fair_use.\(key) must be at least 1, got \(v)") }
            }
            if let v = fairUse.openRequestsPerHead { s.fairUse.openRequestsPerHead = v }
            if let v = fairUse.activeEngagementsPerHead { s.fairUse.activeEngagementsPerHead = v }
        }
        if let inspectionPolicy { try inspectionPolicy.apply(to: &s.inspectionPolicy) }
        for (key, list) in [("personal_mail_domains", personalMailDomains), ("allowed_mail_domains", allowedMailDomains)] {
            guard let list else { continue }
            if let bad = list.first(where: { !$0.contains(".") || $0.contains("@") || $0.contains(" ") }) {
                throw ConfigFileError("\(key) lists mail domains such as \"gmail.com\", got '\(bad)'")
            }
        }
        if personalMailDomains != nil || allowedMailDomains != nil {
            s.emailPolicy = EmailPolicy(
                personalDomains: (personalMailDomains ?? s.emailPolicy.personalDomains).map { $0.lowercased() },
                allowedDomains: (allowedMailDomains ?? s.emailPolicy.allowedDomains).map { $0.lowercased() })
        }
    }

    /// Applies a `listen` value (`HOST:PORT`, `[::1]:PORT`, or `off`), from the file or the `--listen` flag.
    public static func applyListen(_ text: String, to s: inout ServerConfig) throws(ConfigFileError) {
        if text == "off" {
            s.tcpHost = nil
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ConfigFileError("listen address must be HOST:PORT (e.g. 127.0.0.1:7411) or 'off', got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        s.tcpHost = host.isEmpty ? "127.0.0.1" : host
        s.tcpPort = port
    }
}

/// What is wrong in the config file, said so a person can fix it.
public struct ConfigFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
