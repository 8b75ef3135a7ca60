import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Travel-time matrix (minutes) between two selections of places.",
        discussion: """
            A selection is ids or names (zhuchengqu,大王镇), `all`, `interchanges`, or filters key=value (level, type, sub-class, county, kind, id), repeated to combine. Unreachable pairs are written as empty cells (CSV) or null (JSON), never as zero.

            Examples:
              towngraph matrix --from level=county-centre --to level=county-centre
              towngraph matrix --from 主城区 --to kind=town --format json
              towngraph matrix --from level=county-centre --long -o pairs.csv   # one row per pair, for Excel
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice
    @OptionGroup var resultDatabase: ResultDatabase

    @Option(help: ArgumentHelp("Origins.", valueName: "selection"))
    var from: [String]
    @Option(help: ArgumentHelp("Destinations (default: the origins).", valueName: "selection"))
    var to: [String] = []
    @Option(help: "Output format: csv or json.")
    var format: OutputFormat = .csv
    @Flag(
        help:
            "One row per pair (ids, names, minutes, route km, straight-line km, detour), UTF-8 with a byte-order mark for Excel."
    )
    var long = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        try require(format, in: [.csv, .json])
        if long && format != .csv { throw ValidationError("--long writes csv") }
        _ = try placeSelection(from, option: "--from")
        if !to.isEmpty { _ = try placeSelection(to, option: "--to") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let matrix = try Queries.matrix(
            dataset: d, network: network, scenario: networkChoice.scenario,
            from: placeSelection(from, option: "--from"),
            to: to.isEmpty ? nil : placeSelection(to, option: "--to"), lengths: long || resultDatabase.table != nil,
            graphs: engineChoice.graphs(d))
        try resultDatabase.write { matrix.resultTable() }
        try OutputFile.write(long ? matrix.renderLong() : matrix.render(format), to: output)
        if let line = matrix.notAttachedNote { note(line) }
    }
}
