import ArgumentParser
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
            """)

    @OptionGroup var dataset: DatasetOptions

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

    func validate() throws {
        try require(format, in: [.geojson, .gpkg, .shp, .csv])
        if !(0...15).contains(precision) { throw ValidationError("--precision must lie between 0 and 15") }
        if format == .geojson, let crs, !["OGC:CRS84", "EPSG:4326"].contains(crs) {
            throw ValidationError(
                "GeoJSON is WGS84 longitude/latitude (RFC 7946), so --crs \(crs) cannot apply; write --format gpkg, shp or csv in that CRS"
            )
        }
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
            if gis.writesFolder { try OutputFile.makeFolder(output) }
            let files = try GISExport(format: gis, crs: crs, decimals: precision).files(
                chosen.map { ($0.rawValue, export.features($0, of: d)) }, path: output)
            try OutputFile.write(files)
            note(
                "wrote \(files.count) file\(files.count == 1 ? "" : "s") (\(chosen.map(\.rawValue).joined(separator: ", "))) to \(output)"
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
