import ArgumentParser
import TownGraphAnalysis
import TownGraphModel
import TownGraphOutput

struct CatchmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catchments",
        abstract:
            "Assign each settlement to its nearest member of a selection by travel time, beside the straight-line (Voronoi) assignment.",
        discussion: """
            Prints each place with its network member, the time to it, its Voronoi member, and whether the two differ. With -o, also writes the network catchment polygons (the reached network of each member, buffered and united, without overlaps) and the Voronoi cells clipped to the city boundary as GeoJSON.

            Examples:
              towngraph catchments --members sub-class=county-seat --members zhuchengqu
              towngraph catchments --members level=county-centre -o catchments.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice

    @Option(
        help: ArgumentHelp("The members (centres): ids, names or a selection; repeat to add.", valueName: "selection"))
    var members: [String]
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around roads in the polygons, metres.")
    var bufferMetres: Double = 500
    @Option(help: "Table format: table, csv or json.")
    var format: OutputFormat = .table
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the catchment polygons and Voronoi cells as GeoJSON here.", valueName: "file"))
    var output: String?

    func validate() throws {
        try require(format, in: [.table, .csv, .json])
        for m in members { _ = try placeSelection([m], option: "--members") }
        guard bufferMetres > 0, bufferMetres.isFinite else { throw ValidationError("--buffer-m must be positive") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        // Each --members value is its own selection; together they are a union.
        let set = try Queries.catchments(
            dataset: d, network: network, scenario: networkChoice.scenario,
            members: members.map { try placeSelection([$0], option: "--members") }, bufferMetres: bufferMetres,
            graphs: engineChoice.graphs(d))
        if let output { try OutputFile.write(GeoJSONWriter().text(set.features()), to: output) }
        print(set.render(format), terminator: "")
    }
}
