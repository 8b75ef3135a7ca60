import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Which settlements are reached from one place within each time limit.",
        discussion: """
            Examples:
              towngraph reach --from 主城区 --minutes 30,45,90
              towngraph reach --from guangrao-xiancheng --minutes 30 --scenario 2035 --format csv
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice

    @Option(help: ArgumentHelp("The place to start from (id or name).", valueName: "place"))
    var from: String
    @Option(help: ArgumentHelp("Time limits in minutes: positive numbers, comma-separated.", valueName: "list"))
    var minutes = MinuteLimits([30, 45, 90])
    @Flag(help: "List every place, also those beyond the largest limit.")
    var all = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws { try require(format, in: [.table, .csv, .json]) }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let result = try Queries.reach(
            dataset: d, network: network, scenario: networkChoice.scenario, from: from, minutes: minutes.values,
            graphs: engineChoice.graphs(d))
        try OutputFile.write(result.render(format, all: all), to: output)
    }
}
