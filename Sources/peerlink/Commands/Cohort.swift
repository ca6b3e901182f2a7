import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI {
    struct CohortCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cohort",
            abstract: "Early-headship cohorts: applications and the wait-list, facilitators, groups and sessions.",
            subcommands: [
                Create.self, List.self, Apply.self, Withdraw.self, FacilitatorCommand.self, Show.self, Form.self,
                Sessions.self,
            ])
    }
}

/// `A. Head (42)`.
private func personLabel(_ p: Peerlink_V1_Person) -> String {
    p.name.isEmpty ? "person \(p.id)" : "\(p.name) (\(p.id))"
}

/// A cohort name as a shell argument in hints: quoted when it holds anything but letters, digits and dashes.
private func shellWord(_ name: String) -> String {
    name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? name : "'\(name.replacingOccurrences(of: "'", with: "'\\''"))'"
}

private func cohortLine(_ c: Peerlink_V1_Cohort) -> String {
    let cap = c.hasCap ? "cap \(c.cap)" : "no cap"
    return "\(c.name) (id \(c.id)): \(cap), groups of \(c.minGroupSize)-\(c.maxGroupSize), "
        + "from \(c.start) to \(c.end)"
}

private func printGroups(_ groups: [Peerlink_V1_CohortGroup]) {
    Output.table(
        ["group", "phase", "size", "facilitator", "same-LA", "same-region", "score", "members"],
        groups.map { g in
            [
                "\(g.number)", g.phase, "\(g.members.count)",
                g.hasFacilitatorID ? "\(g.facilitatorName) (\(g.facilitatorID))" : "none",
                "\(g.sameLaPairs)", "\(g.sameRegionPairs)", "\(g.score)",
                g.members.map { "\($0.person.name) (\($0.person.id), \($0.laName))" }.joined(separator: "; "),
            ]
        })
}

extension PeerlinkCLI.CohortCommand {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a cohort.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name, e.g. 'Spring 2027'.") var name: String
        @Option(
            help: """
                Most accepted participants (up to \(Self.maximumCap)); later applicants are wait-listed. Leave out \
                for an open cohort.
                """)
        var cap: Int?
        @Option(
            help: ArgumentHelp(
                "Group size range, as MIN-MAX, within \(Directory.cohortGroupSizes.lowerBound)-\(Directory.cohortGroupSizes.upperBound).",
                valueName: "min-max"))
        var groupSize = "4-6"
        @Option(help: ArgumentHelp("The cohort's first day, YYYY-MM-DD.", valueName: "date")) var start: String
        @Option(help: ArgumentHelp("When every session starts, England's time (default: the planner picks, nearest midday).", valueName: "HH:MM"))
        var sessionStart: String?
        @Option(help: ArgumentHelp("Weekdays sessions may fall on, comma-separated (default: any weekday).", valueName: "mon,wed"))
        var sessionDays: String?

        /// The most participants a cohort may accept, as the daemon allows.
        static let maximumCap = 100_000

        func validate() throws {
            let allowed = Directory.cohortGroupSizes
            guard case let (lo, hi)? = sizes, allowed.contains(lo), allowed.contains(hi), lo <= hi else {
                throw ValidationError(
                    "--group-size must be MIN-MAX with \(allowed.lowerBound) ≤ MIN ≤ MAX ≤ \(allowed.upperBound), "
                        + "e.g. 4-6; got '\(groupSize)'.")
            }
            try OptionCheck.range("--cap", cap, lo...Self.maximumCap, "participants (at least the smallest group)")
        }

        var sizes: (Int, Int)? {
            let parts = groupSize.split(separator: "-")
            guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]) else { return nil }
            return (lo, hi)
        }

        func run() throws {
            var r = Peerlink_V1_CohortCreate()
            r.name = name
            if let cap { r.cap = UInt32(cap) }
            let (lo, hi) = sizes!
            r.minGroupSize = UInt32(lo)
            r.maxGroupSize = UInt32(hi)
            r.start = start
            r.sessionStart = sessionStart ?? ""
            r.sessionDays = commaSeparated(sessionDays)
            try Self.reportingFailures {
                let c = try connection.call { try $0.cohortCreate(r) }
                if connection.json { Output.printJSON(c) } else { print("created cohort \(cohortLine(c))") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cohorts.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try Self.reportingFailures {
                let list = try connection.call { try $0.cohortList() }
                if connection.json {
                    Output.printJSON(list.cohorts.map { Output.jsonObject($0) })
                    return
                }
                if list.cohorts.isEmpty {
                    print("no cohorts; `peerlink cohort create NAME --start DATE` makes one")
                    return
                }
                Output.table(
                    ["id", "name", "start", "cap", "sizes", "participants", "wait-listed", "groups"],
                    list.cohorts.map { s in
                        let c = s.cohort
                        return [
                            "\(c.id)", c.name, c.start, c.hasCap ? "\(c.cap)" : "-", "\(c.minGroupSize)-\(c.maxGroupSize)",
                            "\(s.participants)", "\(s.waitListed)", "\(s.groups)",
                        ]
                    })
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply for a head: eligibility is checked (the failing rule is named); beyond the cap the head is wait-listed.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name or id.") var name: String
        @Option(help: "The head's person id (a head's own token may leave it out).") var head: Int64?

        func run() throws {
            var r = Peerlink_V1_CohortApply()
            r.cohort = name
            r.personID = head ?? 0
            try Self.reportingFailures {
                let v = try connection.call { try $0.cohortApply(r) }
                if connection.json {
                    Output.printJSON(v)
                } else if v.status == "wait-listed" {
                    print("\(personLabel(v.person)) is wait-listed for '\(name)', number \(v.waitListPlace) on the wait-list")
                } else {
                    print("\(personLabel(v.person)) is accepted into '\(name)'")
                }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a head's application; the first wait-listed head takes a freed place.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name or id.") var name: String
        @Option(help: "The head's person id (a head's own token may leave it out).") var head: Int64?

        func run() throws {
            var r = Peerlink_V1_CohortWithdraw()
            r.cohort = name
            r.personID = head ?? 0
            try Self.reportingFailures {
                let v = try connection.call { try $0.cohortWithdraw(r) }
                if connection.json {
                    Output.printJSON(v)
                    return
                }
                print("\(personLabel(v.withdrawn.person)) withdrew from '\(name)'")
                if v.hasPromoted {
                    print("\(personLabel(v.promoted.person)) is promoted from the wait-list and accepted")
                }
            }
        }
    }

    struct FacilitatorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "facilitator", abstract: "Manage a cohort's facilitators.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a facilitator to a cohort, or change the number of groups they take.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "The cohort's name or id.") var name: String
            @Option(help: "The facilitator's person id.") var person: Int64
            @Option(help: "Most groups they facilitate in this cohort (1–\(Facilitator.maximumGroups)).") var maxGroups: Int

            func validate() throws {
                try OptionCheck.range("--max-groups", maxGroups, 1...Facilitator.maximumGroups, "groups")
            }

            func run() throws {
                var r = Peerlink_V1_CohortFacilitatorAdd()
                r.cohort = name
                r.personID = person
                r.maxGroups = UInt32(maxGroups)
                try Self.reportingFailures {
                    let f = try connection.call { try $0.cohortFacilitatorAdd(r) }
                    if connection.json {
                        Output.printJSON(f)
                    } else {
                        print("\(personLabel(f.person)) facilitates up to \(f.maxGroups) groups of '\(name)'")
                    }
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a cohort: participants, the wait-list with positions, facilitators and groups.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name or id.") var name: String

        func run() throws {
            var r = Peerlink_V1_CohortGet()
            r.cohort = name
            try Self.reportingFailures {
                let v = try connection.call { try $0.cohortGet(r) }
                if connection.json {
                    Output.printJSON(v)
                    return
                }
                print(cohortLine(v.cohort))
                print("\nparticipants (\(v.participants.count)):")
                if !v.participants.isEmpty {
                    Output.table(
                        ["#", "id", "name", "school", "LA", "region", "phase"],
                        v.participants.map { p in
                            ["\(p.position)", "\(p.person.id)", p.person.name, p.schoolName, p.laName, p.region, p.phase]
                        })
                }
                print("\nwait-list (\(v.waitList.count)):")
                if !v.waitList.isEmpty {
                    Output.table(
                        ["place", "id", "name", "school", "LA"],
                        v.waitList.map { p in
                            ["\(p.waitListPlace)", "\(p.person.id)", p.person.name, p.schoolName, p.laName]
                        })
                }
                print("\nfacilitators (\(v.facilitators.count)):")
                if !v.facilitators.isEmpty {
                    Output.table(
                        ["id", "name", "school", "groups", "max groups"],
                        v.facilitators.map { f in
                            ["\(f.person.id)", f.person.name, f.schoolName, "\(f.groups)", "\(f.maxGroups)"]
                        })
                }
                print("\ngroups (\(v.groups.count)):")
                if !v.groups.isEmpty { printGroups(v.groups) }
                if v.withdrawn > 0 { print("\n\(v.withdrawn) withdrawn") }
            }
        }
    }

    struct Form: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Form the cohort's groups and plan their sessions, then print the quality figure.",
            discussion: """
                Groups stay within the size range, one phase each, never two heads from one trust, as regionally \
                diverse as possible (the worst group's score is maximised), each with an independent facilitator. \
                The same input and seed give the same groups.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name or id.") var name: String
        @Option(help: "Seed for tie-breaks; another seed may give other groups of the same quality.") var seed: UInt64 = 0
        @Flag(help: "Keep earlier groups together where possible (people will already have met).") var keep = false
        @Flag(help: "Show what forming would do without storing anything.") var dryRun = false

        func run() throws {
            var r = Peerlink_V1_CohortForm()
            r.cohort = name
            r.seed = seed
            r.keep = keep
            try Self.reportingFailures {
                let reply = try connection.call { try dryRun ? $0.cohortPlan(r) : $0.cohortForm(r) }
                if connection.json {
                    Output.printJSON(reply)
                    return
                }
                let q = reply.quality
                print(reply.stored ? "formed '\(reply.cohort.name)':" : "dry run for '\(reply.cohort.name)' (nothing stored):")
                print(
                    "quality: groups formed \(q.groupsFormed), placed \(q.placed), unplaced \(q.unplaced), "
                        + "same-LA pairs \(q.sameLaPairs), same-region pairs \(q.sameRegionPairs), "
                        + "worst group score \(q.hasWorstGroupScore ? "\(q.worstGroupScore)" : "-")"
                        + (q.groupsWithoutFacilitator > 0 ? ", groups without facilitator \(q.groupsWithoutFacilitator)" : "")
                        + (reply.keep ? ", kept members \(q.keptMembers)" : ""))
                if !reply.groups.isEmpty {
                    print("")
                    printGroups(reply.groups)
                }
                if !reply.unplaced.isEmpty {
                    print("\nunplaced (\(reply.unplaced.count)):")
                    for u in reply.unplaced { print("  \(u.name.isEmpty ? "person" : u.name) (\(u.personID)): \(u.reason)") }
                }
                for n in reply.notes { print("note: \(n)") }
                print(
                    "\nsessions: \(reply.sessionsPlanned) planned"
                        + (reply.sessionsKept > 0 ? ", \(reply.sessionsKept) kept" : "")
                        + (reply.stored ? " (`peerlink cohort sessions \(shellWord(reply.cohort.name))` lists them)" : ""))
                for u in reply.unscheduled { print("  group \(u.groupNumber): \(u.reason)") }
            }
        }
    }

    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cohort's planned sessions: six of 90 minutes per group, in time order.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The cohort's name or id.") var name: String
        @Option(help: ArgumentHelp("Also write the sessions as an iCalendar file (.ics) for a calendar.", valueName: "file"))
        var ics: String?
        @Option(help: "Only this group's sessions (with --ics, or in the table).") var group: UInt32?
        @Option(help: "Only the sessions this facilitator (id) leads.") var facilitator: Int64?

        func validate() throws {
            if let group, group == 0 { throw ValidationError("--group is a group number, 1 or more; got 0.") }
        }

        func run() throws {
            var r = Peerlink_V1_CohortSessions()
            r.cohort = name
            try Self.reportingFailures {
                var v = try connection.call { try $0.cohortSessions(r) }
                v.sessions = v.sessions.filter { s in
                    (group.map { s.groupNumber == $0 } ?? true) && (facilitator.map { s.facilitatorID == $0 } ?? true)
                }
                if let ics {
                    let events = v.calendarEvents
                    try ICalendarFile.write(
                        ICalendar.document(name: v.cohort.name, events: events, stamp: Int64(Date().timeIntervalSince1970)),
                        to: ics, events: events.count)
                }
                if connection.json {
                    Output.printJSON(v)
                    return
                }
                if v.sessions.isEmpty {
                    print("no sessions for '\(v.cohort.name)'; `peerlink cohort form \(shellWord(v.cohort.name))` plans them")
                    return
                }
                Output.table(
                    ["group", "session", "day", "start", "minutes", "facilitator"],
                    v.sessions.map { s in
                        [
                            "\(s.groupNumber)", "\(s.number)", s.weekday, s.start.replacingOccurrences(of: "T", with: " "),
                            "\(s.minutes)", "\(s.facilitatorName) (\(s.facilitatorID))",
                        ]
                    })
            }
        }
    }
}
