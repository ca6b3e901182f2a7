import ArgumentParser
import Foundation
import PeerlinkCore
import PeerlinkWire

// Headteacher peer support from the command line: people, supporter profiles, needs, requests, supporter
// matching, engagements, feedback, escalation and the quality report.

extension PeerlinkCLI {
    struct PersonCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "person", abstract: "Add people (heads, supporters), change them and show them.",
            subcommands: [Add.self, Update.self, Show.self, Erase.self])
    }

    struct SupporterCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supporter",
            abstract: "Keep peer supporters' profiles, eligibility evidence and supervision (admin).",
            subcommands: [Add.self, Update.self, List.self, Show.self, Supervision.self])
    }

    struct NeedsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "needs",
            abstract: "A head's needs against the Headteachers' standards: assessments, targets, reviews, progress.",
            subcommands: [Assess.self, Target.self, Show.self])
    }

    struct SupportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "support", abstract: "A head's requests for peer support, and profiles they decline.",
            subcommands: [Request.self, Decline.self])
    }

    struct EngagementCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engagement",
            abstract: "Cycles of peer support: start, meetings, review, close, feedback, escalation, reminders.",
            subcommands: [
                Start.self, Meeting.self, Review.self, Close.self, Due.self, Feedback.self, Escalate.self, Show.self,
                List.self,
            ])
    }
}

private func list(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

private func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }

private func fixed(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

// MARK: - person

extension PeerlinkCLI.PersonCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a person (usually a head); prints the new id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Full name.") var name: String
        @Option(help: "Work email (no personal addresses).") var email: String
        @Option(help: "URN of the school the person works at.") var urn: Int
        @Option(help: "Job role, e.g. 'Headteacher'.") var role: String = "Headteacher"
        @Option(help: ArgumentHelp("First day of their first headship.", valueName: "YYYY-MM-DD"))
        var headshipStart: String?
        @Option(help: "NPQH: completed, in-progress or none.") var npqh: String?
        @Flag(help: "They withdrew from the earlier national support offer.") var withdrawnEarlier = false

        func run() throws {
            var p = Peerlink_V1_Person()
            p.name = name
            p.email = email
            p.urn = Int32(urn)
            p.role = role
            p.headshipStart = headshipStart ?? ""
            p.npqh = npqh ?? ""
            p.withdrawnFromEarlierOffer = withdrawnEarlier
            var r = Peerlink_V1_PersonCreate()
            r.person = p
            try Self.reportingFailures {
                guard case .personCreate(let v) = try connection.call(.personCreate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(v) as? [String: Any] ?? [:]
                    obj["id"] = v.person.id
                    Output.printJSON(obj)
                } else {
                    print(v.person.id)
                }
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person (admin); only the options given change. Prints the person.",
            discussion: """
                A supporter's eligibility follows from their person record: record a headship start date here \
                (--headship-start) and `peerlink supporter show` checks it again.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Person id.") var id: Int64
        @Option(help: "Full name.") var name: String?
        @Option(help: "Work email (no personal addresses).") var email: String?
        @Option(help: "URN of the school the person now works at.") var urn: Int?
        @Option(help: "Job role, e.g. 'Headteacher'.") var role: String?
        @Option(help: ArgumentHelp("First day of their first headship.", valueName: "YYYY-MM-DD"))
        var headshipStart: String?
        @Option(help: "NPQH: completed, in-progress or none.") var npqh: String?
        @Flag(inversion: .prefixedNo, help: "Whether they withdrew from the earlier national support offer.")
        var withdrawnEarlier: Bool?

        func validate() throws {
            let texts = [name, email, role, headshipStart, npqh]
            if texts.allSatisfy({ $0 == nil }) && urn == nil && withdrawnEarlier == nil {
                throw ValidationError("nothing to change: give at least one of --name, --email, --urn, --role, "
                    + "--headship-start, --npqh, --[no-]withdrawn-earlier")
            }
        }

        func run() throws {
            var r = Peerlink_V1_PersonUpdate()
            r.id = id
            if let name { r.name = name }
            if let email { r.email = email }
            if let urn { r.urn = Int32(clamping: urn) }
            if let role { r.role = role }
            if let headshipStart { r.headshipStart = headshipStart }
            if let npqh { r.npqh = npqh }
            if let withdrawnEarlier { r.withdrawnFromEarlierOffer = withdrawnEarlier }
            try Self.reportingFailures {
                guard case .personUpdate(let v) = try connection.call(.personUpdate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                printPerson(v)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one person.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Person id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_PersonGet()
            r.id = id
            try Self.reportingFailures {
                guard case .personGet(let v) = try connection.call(.personGet(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                printPerson(v)
            }
        }
    }
}

private func printPerson(_ v: Peerlink_V1_PersonView) {
    let p = v.person
    Output.fields([
        ("id", "\(p.id)"), ("name", p.name), ("email", p.email), ("role", p.role),
        ("school", "\(v.schoolName) (URN \(p.urn))"), ("headship start", p.headshipStart),
        ("npqh", p.npqh), ("withdrawn earlier", p.withdrawnFromEarlierOffer ? "yes" : ""),
        ("supporter profile", v.hasSupporterID ? "\(v.supporterID)" : ""),
    ])
}

// MARK: - supporter

private func printSupporter(_ v: Peerlink_V1_SupporterView) {
    let p = v.profile
    Output.fields([
        ("id", "\(p.id)"), ("person", "\(v.person.name) (id \(p.personID))"),
        ("school", "\(v.schoolName) (URN \(v.person.urn))"), ("headship start", v.person.headshipStart),
        ("summary", p.summary), ("skills", p.skills.joined(separator: ", ")),
        ("regions served", p.regionsServed.joined(separator: ", ")),
        ("capacity", "\(p.capacity) (\(v.activeEngagements) in progress)"), ("status", p.status),
        ("training completed", p.trainingCompleted.isEmpty ? "no" : p.trainingCompleted),
        ("coaching record", p.coachingRecord), ("knows local processes", yesNo(p.knowsLocalProcesses)),
        ("recorded inspection", p.recordedInspection),
        ("inspection used", v.inspectionBasis),
        ("supervision", v.supervision.map { "\($0.date) (\($0.minutes) min)" }.joined(separator: ", ")),
        ("eligible", v.eligible ? "yes" : "no"),
    ])
    if !v.eligible {
        print("not eligible because:")
        for reason in v.ineligibleReasons { print("  - \(reason)") }
    }
}

extension PeerlinkCLI.SupporterCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a supporter profile for a person; prints the new id (an ineligible profile is kept but never matched).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Person id of the supporter (add them with `peerlink person add`).") var person: Int64
        @Option(help: "Short account of background and skills, sent to heads with the profile.") var summary: String
        @Option(help: "Standards and themes they can help with, comma-separated.") var skills: String
        @Option(help: "Regions served, comma-separated (e.g. 'South East').") var regions: String?
        @Option(help: "Engagements they can carry at once (default 2).") var capacity: Int?
        @Option(help: "active, paused or retired.") var status: String?
        @Option(help: ArgumentHelp("Day they completed supporter training.", valueName: "YYYY-MM-DD"))
        var trainingCompleted: String?
        @Option(help: "Their coaching or mentoring track record.") var coachingRecord: String?
        @Flag(help: "They know the authority's local processes.") var knowsLocalProcesses = false
        @Option(help: "Their school's inspection outcome, when the register holds none.") var inspection: String?

        func run() throws {
            var p = Peerlink_V1_SupporterProfile()
            p.personID = person
            p.summary = summary
            p.skills = list(skills)
            p.regionsServed = list(regions)
            if let capacity { p.capacity = UInt32(max(0, capacity)) }
            p.status = status ?? ""
            p.trainingCompleted = trainingCompleted ?? ""
            p.coachingRecord = coachingRecord ?? ""
            p.knowsLocalProcesses = knowsLocalProcesses
            p.recordedInspection = inspection ?? ""
            var r = Peerlink_V1_SupporterCreate()
            r.profile = p
            try Self.reportingFailures {
                guard case .supporterCreate(let v) = try connection.call(.supporterCreate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(v) as? [String: Any] ?? [:]
                    obj["id"] = v.profile.id
                    Output.printJSON(obj)
                } else {
                    print(v.profile.id)
                    if !v.eligible {
                        FileHandle.standardError.write(
                            Data("note: not eligible yet (`peerlink supporter show \(v.profile.id)` says why)\n".utf8))
                    }
                }
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a supporter profile; prints it.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Supporter profile id.") var id: Int64
        @Option(help: "New summary.") var summary: String?
        @Option(help: "Replace the skills (comma-separated).") var skills: String?
        @Option(help: "Replace the regions served (comma-separated).") var regions: String?
        @Option(help: "Engagements at once (1–10).") var capacity: Int?
        @Option(help: "active, paused or retired.") var status: String?
        @Option(help: ArgumentHelp("Day they completed supporter training.", valueName: "YYYY-MM-DD"))
        var trainingCompleted: String?
        @Option(help: "Their coaching or mentoring track record.") var coachingRecord: String?
        @Flag(inversion: .prefixedNo, help: "Whether they know the authority's local processes.")
        var knowsLocalProcesses: Bool?
        @Option(help: "Their school's inspection outcome, when the register holds none.") var inspection: String?

        func run() throws {
            var r = Peerlink_V1_SupporterUpdate()
            r.id = id
            if let summary { r.summary = summary }
            if let skills {
                var s = Peerlink_V1_SupportStrings()
                s.items = list(skills)
                r.skills = s
            }
            if let regions {
                var s = Peerlink_V1_SupportStrings()
                s.items = list(regions)
                r.regionsServed = s
            }
            if let capacity { r.capacity = UInt32(max(0, capacity)) }
            r.status = status ?? ""
            r.trainingCompleted = trainingCompleted ?? ""
            if let coachingRecord { r.coachingRecord = coachingRecord }
            if let knowsLocalProcesses { r.knowsLocalProcesses = knowsLocalProcesses }
            r.recordedInspection = inspection ?? ""
            try Self.reportingFailures {
                guard case .supporterUpdate(let v) = try connection.call(.supporterUpdate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { Output.printJSON(v) } else { printSupporter(v) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List supporter profiles with their eligibility.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only active, paused or retired profiles.") var status: String?

        func run() throws {
            var r = Peerlink_V1_SupporterList()
            r.status = status ?? ""
            try Self.reportingFailures {
                guard case .supporterList(let l) = try connection.call(.supporterList(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(l.supporters.map { Output.jsonObject($0) }) }
                if l.supporters.isEmpty { return print("no supporter profiles") }
                Output.table(
                    ["id", "name", "school", "skills", "capacity", "status", "eligible"],
                    l.supporters.map { v in
                        [
                            "\(v.profile.id)", v.person.name, v.schoolName, v.profile.skills.joined(separator: ","),
                            "\(v.activeEngagements)/\(v.profile.capacity)", v.profile.status,
                            v.eligible ? "yes" : "no (\(v.ineligibleReasons.count) rule\(v.ineligibleReasons.count == 1 ? "" : "s"))",
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a supporter profile, and every rule it fails when it is not eligible.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Supporter profile id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_SupporterGet()
            r.id = id
            try Self.reportingFailures {
                guard case .supporterGet(let v) = try connection.call(.supporterGet(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { Output.printJSON(v) } else { printSupporter(v) }
            }
        }
    }

    struct Supervision: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Supervision meetings supporters have (date and length only).", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a supervision meeting.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "Supporter profile id.") var id: Int64
            @Option(help: ArgumentHelp("The day it happened.", valueName: "YYYY-MM-DD")) var date: String
            @Option(help: "How long it lasted, in minutes.") var minutes: Int = 60

            func run() throws {
                var r = Peerlink_V1_SupervisionAdd()
                r.supporterID = id
                r.date = date
                r.minutes = UInt32(max(0, minutes))
                try Self.reportingFailures {
                    guard case .supervisionAdd(let v) = try connection.call(.supervisionAdd(r)) else {
                        throw CLIFailure("unexpected reply")
                    }
                    if connection.json {
                        Output.printJSON(v)
                    } else {
                        print("recorded supervision for supporter \(id) on \(date) (\(v.supervision.count) in all)")
                    }
                }
            }
        }
    }
}

// MARK: - needs

extension PeerlinkCLI.NeedsCommand {
    struct Assess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a head's self-assessment against every Headteachers' standard; prints its id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The head's person id.") var head: Int64
        @Option(
            help: ArgumentHelp(
                "A rating as STANDARD=RATING (1–4 or priority-need, developing, secure, strength); repeat, or comma-separate. Every standard must be rated (`peerlink areas --kind standard`).",
                valueName: "standard=rating"))
        var rating: [String] = []
        @Option(help: ArgumentHelp("Day of the assessment (default today).", valueName: "YYYY-MM-DD")) var date: String?

        func run() throws {
            var r = Peerlink_V1_NeedsAssess()
            r.headID = head
            r.date = date ?? ""
            for pair in rating.flatMap({ list($0) }) {
                guard let eq = pair.firstIndex(of: "=") else {
                    throw ValidationError("--rating must be STANDARD=RATING, got '\(pair)'.")
                }
                var n = Peerlink_V1_NeedsRating()
                n.area = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
                n.rating = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                r.ratings.append(n)
            }
            try Self.reportingFailures {
                guard case .needsAssess(let a) = try connection.call(.needsAssess(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(a) as? [String: Any] ?? [:]
                    obj["id"] = a.id
                    Output.printJSON(obj)
                } else {
                    print(a.id)
                }
            }
        }
    }

    struct Target: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A head's personal targets: add them, review progress against the baseline.",
            subcommands: [Add.self, Review.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a personal target; prints its id.")
            @OptionGroup var connection: ConnectionOptions
            @Option(help: "The head's person id.") var head: Int64
            @Option(help: "The standard or theme it is about.") var area: String
            @Option(help: "What the target is.") var text: String
            @Option(help: ArgumentHelp("When it is due.", valueName: "YYYY-MM-DD")) var due: String
            @Option(help: "How the head will know it is met.") var successCriteria: String

            func run() throws {
                var r = Peerlink_V1_TargetAdd()
                r.headID = head
                r.area = area
                r.text = text
                r.due = due
                r.successCriteria = successCriteria
                try Self.reportingFailures {
                    guard case .targetAdd(let t) = try connection.call(.targetAdd(r)) else {
                        throw CLIFailure("unexpected reply")
                    }
                    if connection.json {
                        var obj = Output.jsonObject(t) as? [String: Any] ?? [:]
                        obj["id"] = t.id
                        Output.printJSON(obj)
                    } else {
                        print(t.id)
                    }
                }
            }
        }

        struct Review: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Review a target: the head's rating now, a note, and whether it stays open, is met or dropped.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "Target id.") var id: Int64
            @Option(help: "Rating now: 1–4 or priority-need, developing, secure, strength.") var rating: String
            @Option(help: "A short note of the evidence.") var note: String = ""
            @Option(help: "open, met or dropped (default open).") var status: String?
            @Option(help: ArgumentHelp("Day of the review (default today).", valueName: "YYYY-MM-DD")) var date: String?

            func run() throws {
                var r = Peerlink_V1_TargetReviewAdd()
                r.targetID = id
                r.rating = rating
                r.note = note
                r.status = status ?? ""
                r.date = date ?? ""
                try Self.reportingFailures {
                    guard case .targetReview(let p) = try connection.call(.targetReview(r)) else {
                        throw CLIFailure("unexpected reply")
                    }
                    if connection.json { return Output.printJSON(p) }
                    let change = p.hasChange ? " (\(p.change >= 0 ? "+" : "")\(p.change) since baseline)" : ""
                    print("target \(id) is \(p.target.status); rating \(p.reviews.last?.rating ?? rating)\(change)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A head's progress: baseline and latest rating per standard, and targets with their reviews.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The head's person id.") var head: Int64

        func run() throws {
            var r = Peerlink_V1_NeedsShow()
            r.headID = head
            try Self.reportingFailures {
                guard case .needsShow(let p) = try connection.call(.needsShow(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(p) }
                guard p.hasBaseline else {
                    print("no needs assessment for person \(head) yet (`peerlink needs assess --head \(head) ...`)")
                    return
                }
                print("baseline \(p.baseline.date), latest \(p.latest.date)")
                Output.table(
                    ["standard", "baseline", "latest", "change"],
                    p.standards.map { [$0.area, $0.baseline, $0.latest, $0.change == 0 ? "" : "\($0.change > 0 ? "+" : "")\($0.change)"] })
                if p.targets.isEmpty { return }
                print("")
                Output.table(
                    ["target", "area", "due", "status", "baseline", "latest", "text"],
                    p.targets.map { t in
                        [
                            "\(t.target.id)", t.target.area, t.target.due, t.target.status, t.target.baseline,
                            t.reviews.last?.rating ?? "", t.target.text,
                        ]
                    })
            }
        }
    }
}

// MARK: - support

extension PeerlinkCLI.SupportCommand {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for a cycle of peer support for a head; prints the request id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The head's person id.") var head: Int64
        @Option(help: "Standards or themes, comma-separated (default: the head's open targets).") var concerns: String?
        @Option(help: "in-person or online (default online).") var mode: String?

        func run() throws {
            var r = Peerlink_V1_SupportRequestCreate()
            r.headID = head
            r.concerns = list(concerns)
            r.mode = mode ?? ""
            try Self.reportingFailures {
                guard case .supportRequest(let v) = try connection.call(.supportRequest(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(v) as? [String: Any] ?? [:]
                    obj["id"] = v.id
                    Output.printJSON(obj)
                } else {
                    print(v.id)
                }
            }
        }
    }

    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the head declined a supporter's profile; it is not offered again for that request.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Option(help: "Supporter profile id.") var supporter: Int64

        func run() throws {
            var r = Peerlink_V1_SupportDecline()
            r.requestID = request
            r.supporterID = supporter
            try Self.reportingFailures {
                guard case .supportDecline(let v) = try connection.call(.supportDecline(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("declined supporter \(supporter) for request \(request)")
            }
        }
    }
}

// MARK: - match supporter

extension PeerlinkCLI.MatchCommand {
    struct SupporterMatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supporter",
            abstract: "The supporter profiles to send a head for a request: region, school size and type, phase, summary, skills, reasons.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Flag(help: "Also refuse supporters in the head's own local authority.") var strictLa = false
        @Option(help: "How many profiles (default 5).") var limit: Int?
        @Option(help: "In-person requests: furthest a supporter's school may be, in km (default 40).")
        var maxDistanceKm: Double?
        @Option(help: ArgumentHelp("Override a weight: coverage, context, proximity, availability; repeat.", valueName: "name=value"))
        var weight: [String] = []
        @Flag(help: "Also list the supporters a hard constraint removed, and why.") var showExcluded = false

        func run() throws {
            var r = Peerlink_V1_SupporterMatch()
            r.requestID = request
            r.strictLa = strictLa
            if let limit { r.limit = UInt32(max(0, limit)) }
            if let maxDistanceKm { r.maxDistanceKm = maxDistanceKm }
            for w in weight {
                let parts = w.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let v = Double(parts[1]) else {
                    throw ValidationError("--weight must be NAME=NUMBER, got '\(w)'.")
                }
                r.weights[String(parts[0])] = v
            }
            try Self.reportingFailures {
                guard case .supporterMatch(let m) = try connection.call(.supporterMatch(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(m) }
                if m.hits.isEmpty { print("no supporter can be offered for request \(request)") }
                for (i, h) in m.hits.enumerated() {
                    let c = h.profile
                    var type = c.schoolType.isEmpty ? c.typeGroup : c.schoolType
                    if c.federation { type += type.isEmpty ? "federation" : ", federation" }
                    type += (type.isEmpty ? "" : ", ") + (c.rural ? "rural" : "urban")
                    print("\(i + 1). supporter \(c.supporterID)  score \(fixed(h.score))")
                    Output.fields([
                        ("   region", c.region), ("   school", "\(c.phase), \(c.sizeBand), \(type)"),
                        ("   religious character", c.religiousCharacter), ("   summary", c.summary),
                        ("   skills", c.skills.joined(separator: ", ")), ("   reasons", h.reasons.joined(separator: "; ")),
                    ])
                }
                if showExcluded && !m.excluded.isEmpty {
                    print("")
                    Output.table(["excluded", "why"], m.excluded.map { ["\($0.supporterID)", $0.reason] })
                }
            }
        }
    }
}

// MARK: - engagement

private func printEngagement(_ v: Peerlink_V1_EngagementView) {
    let e = v.engagement
    Output.fields([
        ("engagement", "\(e.id) (request \(e.requestID), head \(e.headID), supporter \(e.supporterID))"),
        ("status", e.status + (e.closedOn.isEmpty ? "" : " on \(e.closedOn)")),
        ("cycle", "\(e.start) to \(e.end)\(e.extensions > 0 ? " (extended \(e.extensions)×)" : "")"),
        ("meetings", "\(v.meetings.count) of \(e.meetingLimit)"),
        ("review opens", e.status == "active" ? e.reviewOpens : ""),
    ])
    if !v.meetings.isEmpty {
        Output.table(["meeting", "start", "minutes", "mode"], v.meetings.map { ["\($0.id)", $0.start, "\($0.minutes)", $0.mode] })
    }
    for r in v.reviews {
        print("review \(r.date): \(r.decision)\(r.until.isEmpty ? "" : " until \(r.until)")")
    }
    for x in v.escalations {
        print("escalated to \(x.contact) at \(Output.time(x.raisedAt)) by \(x.raisedByRole)")
    }
    if v.hasFeedback {
        let f = v.feedback
        print("feedback: \(f.rating)/5\(f.shared ? " (shared with the supporter)" : " (not shared)")\(f.comment.isEmpty ? "" : ": \(f.comment)")")
    }
}

extension PeerlinkCLI.EngagementCommand {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a cycle between the request's head and the supporter they chose; prints its id.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Support request id.") var request: Int64
        @Option(help: "Supporter profile id.") var supporter: Int64
        @Flag(help: "Also refuse a supporter in the head's own local authority.") var strictLa = false
        @Option(help: ArgumentHelp("Day the cycle began, when recorded late (default today).", valueName: "YYYY-MM-DD"))
        var date: String?

        func run() throws {
            var r = Peerlink_V1_EngagementStart()
            r.requestID = request
            r.supporterID = supporter
            r.strictLa = strictLa
            r.date = date ?? ""
            try Self.reportingFailures {
                guard case .engagementStart(let v) = try connection.call(.engagementStart(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json {
                    var obj = Output.jsonObject(v) as? [String: Any] ?? [:]
                    obj["id"] = v.engagement.id
                    Output.printJSON(obj)
                } else {
                    print(v.engagement.id)
                }
            }
        }
    }

    struct Meeting: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a meeting (`meeting ID --date …`), or correct or delete one (`meeting edit|delete MEETING`).",
            subcommands: [MeetingAdd.self, MeetingEdit.self, MeetingDelete.self], defaultSubcommand: MeetingAdd.self)
    }

    struct MeetingAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a meeting held (weekdays, working hours, term time, up to now; first at most 60 minutes; at most 6 per cycle).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: ArgumentHelp("When it starts, local time.", valueName: "YYYY-MM-DDTHH:MM")) var date: String
        @Option(help: "How long, in minutes.") var minutes: Int
        @Option(help: "in-person or online (default online).") var mode: String?

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingAdd()
            r.engagementID = id
            r.start = date
            r.minutes = UInt32(max(0, minutes))
            r.mode = mode ?? ""
            try Self.reportingFailures {
                guard case .engagementMeeting(let v) = try connection.call(.engagementMeeting(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("recorded meeting \(v.meetings.count) of \(v.engagement.meetingLimit) for engagement \(id)")
            }
        }
    }

    struct MeetingEdit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct a recorded meeting's date, length or mode (admins; its recorder within a day).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Meeting id (`peerlink engagement show ID` lists them).") var meeting: Int64
        @Option(help: ArgumentHelp("When it started, local time.", valueName: "YYYY-MM-DDTHH:MM")) var date: String?
        @Option(help: "How long, in minutes.") var minutes: Int?
        @Option(help: "in-person or online.") var mode: String?

        func validate() throws {
            guard date != nil || minutes != nil || mode != nil else {
                throw ValidationError("give what to correct: --date, --minutes or --mode.")
            }
        }

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingUpdate()
            r.meetingID = meeting
            r.start = date ?? ""
            if let minutes { r.minutes = UInt32(max(0, minutes)) }
            r.mode = mode ?? ""
            try Self.reportingFailures {
                guard case .engagementMeetingUpdate(let v) = try connection.call(.engagementMeetingUpdate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("corrected meeting \(meeting) of engagement \(v.engagement.id)")
            }
        }
    }

    struct MeetingDelete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete a meeting recorded by mistake (admins; its recorder within a day).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Meeting id.") var meeting: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementMeetingDelete()
            r.meetingID = meeting
            try Self.reportingFailures {
                guard case .engagementMeetingDelete(let v) = try connection.call(.engagementMeetingDelete(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("deleted meeting \(meeting); engagement \(v.engagement.id) has \(v.meetings.count) meetings")
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the cycle's review: continue (with --until to extend at six months) or close.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: "continue or close.") var decision: String
        @Option(help: ArgumentHelp("With continue: extend the cycle to this day.", valueName: "YYYY-MM-DD"))
        var until: String?

        func run() throws {
            var r = Peerlink_V1_EngagementReviewAdd()
            r.engagementID = id
            r.decision = decision
            r.until = until ?? ""
            try Self.reportingFailures {
                guard case .engagementReview(let v) = try connection.call(.engagementReview(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("reviewed engagement \(id): \(v.engagement.status), cycle ends \(v.engagement.end)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close an engagement today, freeing the supporter's place; the head is then asked for feedback.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementClose()
            r.engagementID = id
            try Self.reportingFailures {
                guard case .engagementClose(let v) = try connection.call(.engagementClose(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(v) }
                print("closed engagement \(id) on \(v.engagement.closedOn) after \(v.meetings.count) meetings")
            }
        }
    }

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reminders: engagements whose review is due and engagements past their end.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                guard case .engagementDue(let d) = try connection.call(.engagementDue(Peerlink_V1_EngagementDueRequest()))
                else { throw CLIFailure("unexpected reply") }
                if connection.json { return Output.printJSON(d.due.map { Output.jsonObject($0) }) }
                if d.due.isEmpty { return print("nothing due") }
                Output.table(["engagement", "due", "ends", "what to do"], d.due.map { ["\($0.engagementID)", $0.kind, $0.end, $0.message] })
            }
        }
    }

    struct Feedback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The head's feedback on a closed engagement; the supporter sees it only with --share.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: "1 (poor) to 5 (excellent).") var rating: Int
        @Option(help: "A comment.") var comment: String?
        @Flag(help: "Let the supporter see this feedback.") var share = false

        func run() throws {
            var r = Peerlink_V1_FeedbackGive()
            r.engagementID = id
            r.rating = UInt32(max(0, rating))
            r.comment = comment ?? ""
            r.share = share
            try Self.reportingFailures {
                guard case .engagementFeedback(let f) = try connection.call(.engagementFeedback(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(f) }
                print("thank you: feedback on engagement \(id) recorded\(f.shared ? " and shared with the supporter" : "; the supporter will not see it")")
            }
        }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a safeguarding or whistleblowing concern went to the authority's named contact (never its content).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64

        func run() throws {
            var r = Peerlink_V1_EngagementEscalate()
            r.engagementID = id
            try Self.reportingFailures {
                guard case .engagementEscalate(let x) = try connection.call(.engagementEscalate(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(x) }
                print("recorded: concern from engagement \(id) passed to \(x.contact) at \(Output.time(x.raisedAt))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an engagement: cycle, meetings, reviews, escalations, and feedback when you may see it.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Engagement id.") var id: Int64
        @Option(help: ArgumentHelp("Also write its meetings as an iCalendar file (.ics) for a calendar.", valueName: "file"))
        var ics: String?

        func run() throws {
            var r = Peerlink_V1_EngagementGet()
            r.id = id
            try Self.reportingFailures {
                guard case .engagementGet(let v) = try connection.call(.engagementGet(r)) else {
                    throw CLIFailure("unexpected reply")
                }
                if let ics {
                    // Confidential: the events say only that a peer-support meeting happens, never with whom.
                    let events = v.meetings.compactMap { m in
                        LocalDateTime(iso: m.start).map {
                            ICalendar.Event(
                                uid: "meeting-\(m.id)@peerlink", start: $0, minutes: Int(m.minutes),
                                summary: "Peer support meeting (\(m.mode))",
                                description: "Engagement \(v.engagement.id), meeting \(m.id)")
                        }
                    }
                    try ICalendarFile.write(
                        ICalendar.document(name: "Peer support engagement \(v.engagement.id)", events: events,
                            stamp: Int64(Date().timeIntervalSince1970)), to: ics, events: events.count)
                }
                if connection.json { Output.printJSON(v) } else { printEngagement(v) }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The engagements your token reaches.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                guard case .engagementList(let l) = try connection.call(.engagementList(Peerlink_V1_EngagementList()))
                else { throw CLIFailure("unexpected reply") }
                if connection.json { return Output.printJSON(l.engagements.map { Output.jsonObject($0) }) }
                if l.engagements.isEmpty { return print("no engagements") }
                Output.table(
                    ["id", "head", "supporter", "start", "end", "meetings", "status"],
                    l.engagements.map { v in
                        let e = v.engagement
                        return ["\(e.id)", "\(e.headID)", "\(e.supporterID)", e.start, e.end, "\(v.meetings.count)", e.status]
                    })
            }
        }
    }
}

// MARK: - report qa

extension PeerlinkCLI.ReportCommand {
    struct QA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Peer-support quality report: counts, durations, meetings and ratings; never a comment.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                guard case .reportQa(let q) = try connection.call(.reportQa(Peerlink_V1_QAReportRequest())) else {
                    throw CLIFailure("unexpected reply")
                }
                if connection.json { return Output.printJSON(q) }
                func summary(_ s: Peerlink_V1_DaySummary) -> String {
                    "min \(s.min), median \(s.median), max \(s.max), mean \(fixed(s.mean, 1)) (\(s.count))"
                }
                Output.fields([
                    ("as of", q.date),
                    ("supporters", "\(q.supporters) (\(q.activeSupporters) active, \(q.eligibleSupporters) eligible)"),
                    ("supervision meetings", "\(q.supervisionMeetings)"),
                    ("requests", "\(q.requests) (\(q.openRequests) open, \(q.withdrawnRequests) withdrawn)"),
                    ("profiles declined", "\(q.declines)"),
                    ("engagements", "\(q.activeEngagements) active, \(q.closedEngagements) closed, \(q.extendedEngagements) extended"),
                    ("closed duration (days)", q.hasClosedDurationDays ? summary(q.closedDurationDays) : ""),
                    ("meetings", "\(q.meetings) (\(q.meetingMinutes) minutes; " + q.meetingsByMode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
                    ("meetings per closed", q.hasMeetingsPerClosedEngagement ? summary(q.meetingsPerClosedEngagement) : ""),
                    ("feedback", "\(q.feedback) (\(q.sharedFeedback) shared)"),
                    ("ratings 1–5", q.ratingCounts.map { "\($0)" }.joined(separator: " / ") + (q.hasMeanRating ? " (mean \(fixed(q.meanRating, 1)))" : "")),
                    ("safeguarding escalations", "\(q.escalations)"),
                ], sheet: "qa")
            }
        }
    }
}
