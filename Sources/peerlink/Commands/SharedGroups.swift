import ArgumentParser

/// Command groups that gather subcommands from several programmes.
extension PeerlinkCLI {
    struct MatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match", abstract: "Rank candidates for a need, with scores and reasons.",
            subcommands: [LinkMatch.self, SupporterMatch.self])
    }

    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Reports over the directory.", subcommands: [Coverage.self, QA.self])
    }
}
