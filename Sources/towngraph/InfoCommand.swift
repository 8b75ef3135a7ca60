import ArgumentParser
import TownGraphOutput

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract:
            "Show the hierarchy at a glance: counts by level and type against the plan, the level × type matrix, population bands and warnings.",
        discussion: """
            Loading validates the whole dataset first; any error stops the command with a non-zero exit and a list of every problem, each naming its file and feature.
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws { try require(format, in: [.text, .table, .json]) }

    func run() throws {
        let summary = HierarchySummary(try dataset.load())
        print(format == .json ? summary.renderJSON() : summary.renderText(), terminator: "")
    }
}
