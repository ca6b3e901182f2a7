import ArgumentParser
import Foundation
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

// `peerlink needs`: a head's needs against the Headteachers' standards, targets and their reviews.

extension PeerlinkCLI {
    struct NeedsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "needs",
            abstract: "A head's needs against the Headteachers' standards: assessments, targets, reviews, progress.",
            subcommands: [Assess.self, Target.self, Show.self])
    }
}

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
            for pair in rating.flatMap({ commaSeparated($0) }) {
                guard let eq = pair.firstIndex(of: "=") else {
                    throw ValidationError("--rating must be STANDARD=RATING, got '\(pair)'.")
                }
                var n = Peerlink_V1_NeedsRating()
                n.area = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
                n.rating = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                r.ratings.append(n)
            }
            try Self.reportingFailures {
                let a = try connection.call { try $0.needsAssess(r) }
                Output.created(a, id: a.id, json: connection.json)
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
                    let t = try connection.call { try $0.targetAdd(r) }
                    Output.created(t, id: t.id, json: connection.json)
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
                    let p = try connection.call { try $0.targetReview(r) }
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
                let p = try connection.call { try $0.needsShow(r) }
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
