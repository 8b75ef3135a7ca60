import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Share of each county's area and settlements within N minutes of a selection.",
        discussion: """
            The area within reach is the band of --buffer-m metres around the roads reached within the limit from the nearest member of the selection.

            Examples:
              towngraph coverage --from interchanges --minutes 30
              towngraph coverage --from sub-class=county-seat --minutes 45 --scenario 2035
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice

    @Option(help: ArgumentHelp("Sources: ids, names, `interchanges` or a selection.", valueName: "selection"))
    var from: [String]
    @Option(help: "Time limit in minutes.")
    var minutes: Double = 30
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around reached roads, metres.")
    var bufferMetres: Double = 500
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        try require(format, in: [.table, .text, .json])
        _ = try placeSelection(from, option: "--from")
        guard minutes > 0, minutes.isFinite else { throw ValidationError("--minutes must be positive") }
        guard bufferMetres > 0, bufferMetres.isFinite else { throw ValidationError("--buffer-m must be positive") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let (result, sources, graph) = try Queries.coverage(
            dataset: d, network: network, scenario: networkChoice.scenario,
            from: placeSelection(from, option: "--from"),
            minutes: minutes, bufferMetres: bufferMetres, graphs: engineChoice.graphs(d))
        print(result.render(format, sources: sources.count, network: graph), terminator: "")
    }
}
