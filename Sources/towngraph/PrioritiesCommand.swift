import ArgumentParser
import TownGraphAnalysis
import TownGraphInput
import TownGraphOutput

struct PrioritiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priorities",
        abstract: "What to build first: what each planned project brings to the plan's targets, in a greedy order.",
        discussion: """
            Planned links and interchanges due by --scenario that touch one another form a project (an expressway with its interchanges and connectors). For each project: the pairs that pass with it added alone to today's roads, the minutes it saves alone over all pairs, and the pairs that pass with every project but fail without it. The greedy order builds, at each step, the project that makes the most pairs pass (then saves the most minutes). For pairs still failing with every project: the road class that takes the largest share of the time, and how much faster the route's roads would have to be.

            Examples:
              towngraph priorities --scenario 2035
              towngraph priorities --scenario 2035 --format geojson -o projects.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(help: ArgumentHelp("A network to use instead of the dataset's own.", valueName: "file"))
    var network: String?
    @Option(help: ArgumentHelp("The year the planned links are due by.", valueName: "year"))
    var scenario: Int
    @Option(help: "Output format: text, csv, json or geojson (the projects' links).")
    var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        try require(format, in: [.text, .table, .csv, .json, .geojson])
        guard (1900...2200).contains(scenario) else { throw ValidationError("--scenario must be a year, such as 2035") }
    }

    func run() throws {
        let d = try dataset.load()
        let bar = ProgressBar()
        defer { bar.finish() }
        let roads = try NetworkSource.open(for: d, file: network, progress: bar.update)
        let result = try Queries.priorities(dataset: d, network: roads, scenario: scenario)
        try OutputFile.write(result.render(format, network: roads), to: output)
    }
}
