import ArgumentParser
import TownGraphAnalysis
import TownGraphOutput

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export settlements, constituent units and counties as RFC 7946 GeoJSON, a GeoPackage, Shapefiles or CSV.",
        discussion: """
            GeoJSON is WGS84 longitude/latitude with exterior rings counter-clockwise and holes clockwise, no crs member, features in dataset order with their stable ids, and a "layer" property on each feature.

            --format gpkg writes one GeoPackage with a layer per kind; shp writes a Shapefile per layer (UTF-8 .cpg, a .prj; column names cut to 10 characters by the format) into the folder given with -o; csv writes a CSV per layer into that folder, UTF-8 with a byte-order mark so that Excel shows Chinese text, points as X and Y columns and polygons as WKT. These three take --crs to write in a projected CRS such as EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E); GeoJSON stays WGS84, as RFC 7946 requires.

            Files are written atomically: on any error no output file is left behind.

            Examples:
              towngraph export -o dongying.geojson
              towngraph export --layers settlements -o - | head
              towngraph export --split out/     # one GeoJSON file per layer in out/
              towngraph export --format gpkg --crs EPSG:4549 -o dongying.gpkg
              towngraph export --format shp --crs EPSG:4549 -o shapefiles/
              towngraph export --format csv -o tables/
              towngraph export --format gpkg -o plan.gpkg --isochrones-from level=county-centre --check-routes
            """)

    @OptionGroup var dataset: DatasetOptions
    @OptionGroup var networkChoice: NetworkChoice

    @Option(
        help: ArgumentHelp(
            "Layers to export, comma-separated: settlements, constituents, external, counties.", valueName: "layers"))
    var layers: [String] = []
    @Option(help: "Decimal places kept in coordinates (6 ≈ 0.1 m).")
    var precision: Int = 6
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output file for one FeatureCollection (- for standard output).", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Write one file per layer into this folder instead.", valueName: "dir"))
    var split: String?
    @Option(help: "Output format: geojson (default), gpkg, shp or csv.")
    var format: OutputFormat = .geojson
    @Option(
        help: ArgumentHelp(
            "Write gpkg, shp or csv in this CRS (EPSG:4549, EPSG:4490…); default WGS84.", valueName: "crs"))
    var crs: String?
    @Option(
        help: ArgumentHelp(
            "With gpkg, shp or csv: add an isochrones layer from these places (a selection, as in `isochrones`).",
            valueName: "selection"))
    var isochronesFrom: [String] = []
    @Option(help: ArgumentHelp("The isochrones' limits in minutes.", valueName: "list"))
    var minutes: MinuteLimits = MinuteLimits([30, 45, 90])
    @Flag(help: "With gpkg, shp or csv: add a layer of the routes of the pairs that fail the plan's targets.")
    var checkRoutes = false

    func validate() throws {
        try require(format, in: [.geojson, .gpkg, .shp, .csv])
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
        if format == .geojson, let crs, !["OGC:CRS84", "EPSG:4326"].contains(crs) {
            throw ValidationError(
                "GeoJSON is WGS84 longitude/latitude (RFC 7946), so --crs \(crs) cannot apply; write --format gpkg, shp or csv in that CRS"
            )
        }
        if format == .geojson && (!isochronesFrom.isEmpty || checkRoutes) {
            throw ValidationError(
                "--isochrones-from and --check-routes add layers to gpkg, shp or csv; for GeoJSON use `towngraph isochrones` and `towngraph check --format geojson`"
            )
        }
        if !isochronesFrom.isEmpty { _ = try placeSelection(isochronesFrom, option: "--isochrones-from") }
        if format != .geojson {
            if split != nil { throw ValidationError("--split is for GeoJSON; --format \(format.rawValue) takes -o") }
            if output == nil || output == "-" {
                throw ValidationError(
                    format == .gpkg
                        ? "say where to write the GeoPackage: -o FILE.gpkg"
                        : "say which folder to write the \(format.rawValue) files into: -o DIR")
            }
            _ = try chosenLayers()
            return
        }
        if output != nil && split != nil { throw ValidationError("use either --output or --split, not both") }
        if output == nil && split == nil {
            throw ValidationError("say where to write: --output FILE (- for standard output) or --split DIR")
        }
        _ = try chosenLayers()
    }

    func chosenLayers() throws -> [GeoJSONExport.Layer] {
        let names = layers.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter {
            !$0.isEmpty
        }
        if names.isEmpty { return GeoJSONExport.Layer.allCases }
        return try names.map { name in
            guard let layer = GeoJSONExport.Layer(rawValue: name) else {
                throw ValidationError(
                    "unknown layer \"\(Printable.text(name))\"; layers: \(GeoJSONExport.Layer.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return layer
        }
    }

    func run() throws {
        let d = try dataset.load()
        noteWarnings(d)
        let export = GeoJSONExport(decimals: precision)
        if format != .geojson, let output, let gis = GISFormat(rawValue: format.rawValue) {
            let chosen = try chosenLayers().filter { !layers.isEmpty || !export.features($0, of: d).isEmpty }
            var written = chosen.map { ($0.rawValue, export.features($0, of: d)) }
            if !isochronesFrom.isEmpty || checkRoutes {
                let network = try networkChoice.load(for: d)
                if !isochronesFrom.isEmpty {
                    let set = try Queries.isochrones(
                        dataset: d, network: network, scenario: networkChoice.scenario,
                        from: placeSelection(isochronesFrom, option: "--isochrones-from"), minutes: minutes.values)
                    written.append(("isochrones", try set.features(decimals: precision)))
                }
                if checkRoutes {
                    let report = try AccessibilityCheck.run(
                        dataset: d, network: network, scenario: networkChoice.scenario, withRoutes: true
                    ).report
                    written.append(("failing_routes", report.failingRouteFeatures()))
                }
            }
            if gis.writesFolder { try OutputFile.makeFolder(output) }
            let files = try GISExport(format: gis, crs: crs, decimals: precision).files(written, path: output)
            try OutputFile.write(files)
            note(
                "wrote \(files.count) file\(files.count == 1 ? "" : "s") (\(written.map(\.0).joined(separator: ", "))) to \(output)"
            )
            return
        }
        if let split { try OutputFile.makeFolder(split) }
        let (files, summary) = export.files(
            d, layers: try chosenLayers(), explicit: !layers.isEmpty, output: output, split: split)
        try OutputFile.write(files)
        if output != "-" { note(summary) }
    }
}
