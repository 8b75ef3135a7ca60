import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct IsochronesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isochrones",
        abstract: "Polygons of the area reached within each time limit, as RFC 7946 GeoJSON.",
        discussion: """
            The polygon for a limit is the band of --buffer-m metres around every road reached within it (roads reached part-way are cut where the limit falls), unioned with GEOS in the dataset's metric CRS and returned to WGS84. Each polygon contains those of smaller limits; parts under --min-part-km2 are dropped unless --keep-slivers. Several origins are computed in parallel, one set of polygons each.

            Examples:
              towngraph isochrones --from 主城区 --minutes 30,45,90 -o iso.geojson
              towngraph isochrones --from sub-class=county-seat --minutes 45 --scenario 2035 -o seats.geojson
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice
    @OptionGroup var engineChoice: EngineChoice
    @OptionGroup var resultDatabase: ResultDatabase

    @Option(help: ArgumentHelp("Origins: ids or names, or a selection (level=…, sub-class=…).", valueName: "selection"))
    var from: [String]
    @Option(help: ArgumentHelp("Time limits in minutes: positive numbers, comma-separated.", valueName: "list"))
    var minutes = MinuteLimits([30, 45, 90])
    @Option(name: .customLong("buffer-m"), help: "Half-width of the band around reached roads, metres.")
    var bufferMetres: Double = 500
    @Option(name: .customLong("min-part-km2"), help: "Drop polygon parts smaller than this, km².")
    var minPartKm2: Double = 0.5
    @Flag(name: .customLong("keep-slivers"), help: "Keep parts smaller than --min-part-km2.")
    var keepSlivers = false
    @Option(help: "Decimal places in the output coordinates.")
    var precision: Int = 6
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (- for standard output).", valueName: "file"))
    var output: String

    func validate() throws {
        _ = try placeSelection(from, option: "--from")
        guard bufferMetres > 0, bufferMetres.isFinite else { throw ValidationError("--buffer-m must be positive") }
        guard minPartKm2 >= 0 else { throw ValidationError("--min-part-km2 must not be negative") }
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
    }

    func run() throws {
        let d = try dataset.load()
        let network = try networkChoice.load(for: d)
        var options = IsochroneOptions()
        options.bufferMetres = bufferMetres
        options.minPartKm2 = minPartKm2
        options.keepSlivers = keepSlivers
        let set = try Queries.isochrones(
            dataset: d, network: network, scenario: networkChoice.scenario,
            from: placeSelection(from, option: "--from"),
            minutes: minutes.values, options: options, graphs: engineChoice.graphs(d))
        try resultDatabase.write { try set.resultTable(decimals: precision) }
        try OutputFile.write(GeoJSONWriter(decimals: precision).text(set.features(decimals: precision)), to: output)
        if output != "-" { note(set.summary(writtenTo: output)) }
    }
}
