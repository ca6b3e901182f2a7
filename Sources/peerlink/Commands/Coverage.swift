import ArgumentParser
import PeerlinkClient
import PeerlinkCore
import PeerlinkWire

extension PeerlinkCLI.ReportCommand {
    /// `peerlink report coverage`: where the school-to-school programme can offer a link today and where it
    /// cannot. Five tables (each its own worksheet with `--xlsx FILE`, one after another with `--csv`): supply
    /// per area, open requests against nominees in the same LA, the LAs with no nominee per area, the areas asked
    /// for that nobody offers, and the areas with no nominee anywhere.
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per area and LA (or region): nominees who could take a link today against open requests, "
                + "the LAs with none, and the areas asked for that nobody offers.",
            discussion: """
                The LAs (or regions) are those of the register's open schools (of a phase compatible with \
                --phase, when given). A nominee counts when active, consenting, with spare capacity and at an open \
                school; a request counts when open, in the area it names, from an open school (of that phase, \
                with --phase). --csv prints the tables one after another; --xlsx FILE writes one worksheet each.
                """
        )
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only nominees a school of this phase could be offered, and requests from such schools.")
        var phase: String?
        @Option(help: "Group by la or region.") var by: String = "la"

        func validate() throws {
            guard CoverageGrouping(rawValue: by.lowercased()) != nil else {
                throw ValidationError("--by must be la or region; got '\(by)'.")
            }
        }

        func run() throws {
            var r = Peerlink_V1_LinkCoverageRequest()
            r.phase = phase ?? ""
            r.by = by.lowercased()
            try Self.reportingFailures {
                let report = try connection.call { try $0.coverageReport(r) }
                if connection.json { return Output.printJSON(report) }
                Self.show(report)
            }
        }

        /// Prints the report's tables for people (and `--csv` / `--xlsx`).
        static func show(_ c: Peerlink_V1_LinkCoverageReport) {
            let unit = c.by == "region" ? "region" : "LA"
            let units = unit == "LA" ? "LAs" : "regions"
            let scope = c.phase.isEmpty ? "" : " for \(c.phase) schools"
            let names = Dictionary(c.areas.map { ($0.area, $0.areaName) }, uniquingKeysWith: { a, _ in a })
            func name(_ id: String) -> String { names[id] ?? id }
            func listed(_ groups: [Peerlink_V1_LinkCoverageCount], _ n: (Peerlink_V1_LinkCoverageCount) -> UInt32)
                -> String
            {
                groups.filter { n($0) > 0 }.map { "\($0.group) \(n($0))" }.joined(separator: ", ")
            }

            /// One table under its heading, or `empty` in its place when it has no rows (the table still goes to
            /// `--csv` and `--xlsx`, with its header only, so a spreadsheet always has every sheet).
            func section(_ heading: String, _ header: [String], _ rows: [[String]], sheet: String, empty: String) {
                Output.say(heading)
                if rows.isEmpty { Output.say(empty) }
                Output.table(header, rows, sheet: sheet, printed: !rows.isEmpty)
                Output.say("")
            }

            section(
                "nominations that could take a link today\(scope), and open requests, by \(unit)",
                ["area", "nominees", "open requests", "where"],
                c.areas.filter { $0.total > 0 || $0.openRequests > 0 }.map { a in
                    [a.areaName, "\(a.total)", "\(a.openRequests)", listed(a.groups, \.count)]
                },
                sheet: "coverage",
                empty: "(no nominee and no open request in any area)"
            )
            section(
                "open requests against nominees in the same \(unit)",
                ["area", unit, "open requests", "nominees", "short"],
                c.areas.flatMap { a in
                    a.groups.filter { $0.openRequests > 0 }.map { g in
                        let short = g.openRequests > g.count ? g.openRequests - g.count : 0
                        return [a.areaName, g.group, "\(g.openRequests)", "\(g.count)", "\(short)"]
                    }
                },
                sheet: "requests",
                empty: "(no open requests)"
            )
            // An area with no nominee anywhere is a gap in every LA: it is listed once, last, not here.
            section(
                "\(units) with no nominee, per area (of \(c.allGroups.count) \(units) with open schools)",
                ["area", "\(units) with none", "which"],
                c.areas.filter { $0.total > 0 && !$0.groupsWithNone.isEmpty }.map { a in
                    [a.areaName, "\(a.groupsWithNone.count)", a.groupsWithNone.joined(separator: ", ")]
                },
                sheet: "gaps",
                empty: "(none: every area with a nominee has one in every \(unit))"
            )
            section(
                "areas asked for that nobody offers (\(c.askedWithNone.count))",
                ["area", "open requests", "asked from"],
                c.askedWithNone.compactMap { id in c.areas.first { $0.area == id } }.map { a in
                    [a.areaName, "\(a.openRequests)", listed(a.groups, \.openRequests)]
                },
                sheet: "asked, none offered",
                empty: "(none)"
            )
            Output.say(
                "areas with none, in any \(unit) (\(c.areasWithNone.count)): "
                    + c.areasWithNone.map(name).joined(separator: ", ")
            )
            Output.table(
                ["area with none"],
                c.areasWithNone.map { [name($0)] },
                sheet: "areas with none",
                printed: false
            )
        }
    }
}
