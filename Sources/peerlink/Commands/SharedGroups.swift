import ArgumentParser

// The `match` and `report` command groups are shared with link matching (branch `links`), which defines
// them too. When both branches are merged, keep one definition of each and list every programme's
// subcommands in it: `match` gets `SupporterMatch.self`, `report` gets `QA.self`; then delete this file.
extension PeerlinkCLI {
    struct MatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match", abstract: "Rank candidates for a need, with scores and reasons.",
            subcommands: [SupporterMatch.self])
    }

    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Reports over the directory.", subcommands: [QA.self])
    }
}
