import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink supporter`: peer supporters' profiles and their eligibility (supervision is in Supervision.swift).

extension PeerlinkCLI {
    struct SupporterCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "supporter",
            abstract: "Keep peer supporters' profiles, eligibility evidence and supervision (admin).",
            subcommands: [Add.self, Update.self, List.self, Show.self, Supervision.self])
    }
}

private func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }

/// `--capacity`, when given: the engagements a supporter may carry at once, as the daemon allows.
private func checkCapacity(_ capacity: Int?) throws {
    try OptionCheck.range("--capacity", capacity, 1...SupporterProfile.maximumCapacity, "engagements at once")
}

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
        print("  (record the evidence with `peerlink supporter update \(p.id)`: see its --help)")
    }
    if v.offerable {
        print("offered to heads now: yes (independence from each head is checked per match)")
    } else {
        print("offered to heads now: no, because:")
        for reason in v.notOfferedReasons { print("  - \(reason)") }
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
        @Option(help: "Engagements they can carry at once (1–\(SupporterProfile.maximumCapacity), default 2).")
        var capacity: Int?
        @Option(help: "active, paused or retired.") var status: String?
        @Option(help: ArgumentHelp("Day they completed supporter training.", valueName: "YYYY-MM-DD"))
        var trainingCompleted: String?
        @Option(help: "Their coaching or mentoring track record.") var coachingRecord: String?
        @Flag(help: "They know the authority's local processes.") var knowsLocalProcesses = false
        @Option(help: "Their school's inspection outcome, when the register holds none.") var inspection: String?

        func validate() throws { try checkCapacity(capacity) }

        func run() throws {
            var p = Peerlink_V1_SupporterProfile()
            p.personID = person
            p.summary = summary
            p.skills = commaSeparated(skills)
            p.regionsServed = commaSeparated(regions)
            if let capacity { p.capacity = UInt32(capacity) }
            p.status = status ?? ""
            p.trainingCompleted = trainingCompleted ?? ""
            p.coachingRecord = coachingRecord ?? ""
            p.knowsLocalProcesses = knowsLocalProcesses
            p.recordedInspection = inspection ?? ""
            var r = Peerlink_V1_SupporterCreate()
            r.profile = p
            try Self.reportingFailures {
                let v = try connection.call { try $0.supporterCreate(r) }
                Output.created(v, id: v.profile.id, json: connection.json)
                if !connection.json && !v.eligible {
                    FileHandle.standardError.write(
                        Data("note: not eligible yet (`peerlink supporter show \(v.profile.id)` says why)\n".utf8))
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
        @Option(help: "Engagements at once (1–\(SupporterProfile.maximumCapacity)).") var capacity: Int?
        @Option(help: "active, paused or retired.") var status: String?
        @Option(help: ArgumentHelp("Day they completed supporter training.", valueName: "YYYY-MM-DD"))
        var trainingCompleted: String?
        @Option(help: "Their coaching or mentoring track record.") var coachingRecord: String?
        @Flag(inversion: .prefixedNo, help: "Whether they know the authority's local processes.")
        var knowsLocalProcesses: Bool?
        @Option(help: "Their school's inspection outcome, when the register holds none.") var inspection: String?

        func validate() throws { try checkCapacity(capacity) }

        func run() throws {
            var r = Peerlink_V1_SupporterUpdate()
            r.id = id
            if let summary { r.summary = summary }
            if let skills {
                var s = Peerlink_V1_SupportStrings()
                s.items = commaSeparated(skills)
                r.skills = s
            }
            if let regions {
                var s = Peerlink_V1_SupportStrings()
                s.items = commaSeparated(regions)
                r.regionsServed = s
            }
            if let capacity { r.capacity = UInt32(capacity) }
            r.status = status ?? ""
            r.trainingCompleted = trainingCompleted ?? ""
            if let coachingRecord { r.coachingRecord = coachingRecord }
            if let knowsLocalProcesses { r.knowsLocalProcesses = knowsLocalProcesses }
            r.recordedInspection = inspection ?? ""
            try Self.reportingFailures {
                let v = try connection.call { try $0.supporterUpdate(r) }
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
                let l = try connection.call { try $0.supporterList(r) }
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
                let v = try connection.call { try $0.supporterGet(r) }
                if connection.json { Output.printJSON(v) } else { printSupporter(v) }
            }
        }
    }
}
