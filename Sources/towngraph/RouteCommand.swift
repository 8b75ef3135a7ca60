import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "The fastest route between two places: time, distance, road classes, GeoJSON.",
        discussion: """
            Examples:
              towngraph route 主城区 利津县城
              towngraph route dawang ic-dawang --scenario 2035 --format geojson -o r.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice

    @Argument(help: "Origin (id or name; interchange ids work too).")
    var origin: String
    @Argument(help: "Destination.")
    var destination: String
    @Option(help: "Output format: text or geojson.")
    var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws { try require(format, in: [.text, .table, .geojson]) }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let result = try Queries.route(
            dataset: d, network: network, scenario: networkChoice.scenario, from: origin, to: destination,
            graphs: engineChoice.graphs(d))
        try OutputFile.write(result.render(format), to: output)
    }
}
