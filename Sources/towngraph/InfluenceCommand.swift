import ArgumentParser
import TownGraphAnalysis
import TownGraphModel
import TownGraphOutput

struct InfluenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "influence",
        abstract: "Spheres of influence of central towns and the breaking points between them, on network times.",
        discussion: """
            A town belongs to the centre with the highest P / t^b, P the midpoint of the centre's population band and t the minutes from it, shown beside the nearest centre. Between neighbouring centres (their Voronoi cells share an edge) the breaking point lies d_A = D_AB / (1 + √(P_B / P_A)) minutes from A along the fastest route (Reilly 1931, Converse 1949). GeoJSON gives each centre's influence area (its share of the road network, buffered) and the breaking points; see docs/analyses.md.

            Examples:
              towngraph influence --centres level=county-centre
              towngraph influence --centres level=county-centre --format geojson -o influence.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(help: ArgumentHelp("The central towns (each value its own selection).", valueName: "selection"))
    var centres: [String]
    @Option(
        help: ArgumentHelp("The towns to assign (a selection; default: every located town).", valueName: "selection"))
    var towns: [String] = ["all"]
    @Option(help: "The time exponent b.")
    var exponent: Double = 2
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around roads in the areas, metres.")
    var bufferMetres: Double = 500
    @Option(help: "Output format: table, csv, json or geojson (areas and breaking points).")
    var format: OutputFormat = .table
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to a file (- for standard output).", valueName: "file"))
    var output: String = "-"

    func validate() throws {
        try require(format, in: [.table, .csv, .json, .geojson])
        for c in centres { _ = try placeSelection([c], option: "--centres") }
        _ = try placeSelection(towns, option: "--towns")
        guard exponent.isFinite, exponent > 0 else { throw ValidationError("--exponent must be positive") }
        guard bufferMetres.isFinite, bufferMetres > 0 else { throw ValidationError("--buffer-m must be positive") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        let result = try Queries.influence(
            dataset: d, network: network, scenario: networkChoice.scenario,
            centres: PlaceSelection(try centres.flatMap { try placeSelection([$0], option: "--centres").parts }),
            towns: placeSelection(towns, option: "--towns"), exponent: exponent,
            sizes: TownSizes(dataset: d, economicAttribute: nil), bufferMetres: bufferMetres)
        try OutputFile.write(result.render(format), to: output)
    }
}
